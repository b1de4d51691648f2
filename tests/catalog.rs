//! The shipped catalog says exactly what LinkedIn's sources say (the facts sheet the project keeps
//! outside this repository, asserted here literally), and bad catalogs are refused.

use jiff::civil::date;
use linkedin_optout::catalog::{
    Applicability, Catalog, CatalogError, ClickPath, Group, OptOut, PageRole, Region, RuleKind,
    SHIPPED, Source, SourceKind, Sources, is_linkedin_url,
};
use linkedin_optout::language::Language;

const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";
const PRIVACY_URL: &str = "https://www.linkedin.com/mypreferences/d/categories/privacy";
const ADS_URL: &str =
    "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners";
const ADS_SECOND_URL: &str =
    "https://www.linkedin.com/mypreferences/d/settings/share-data-with-select-partners";
const ADS_FALLBACK_URL: &str = "https://www.linkedin.com/mypreferences/d/categories/ads";
const HELP: &str = "https://www.linkedin.com/help/linkedin/answer/";

const READ: &str = "read 2026-11-30";
const PSST: &str = "third-party tool: Brave PSST, 2026-07-29";
const EUROPEAN: &str = "LinkedIn legal page: European notice, 2026-08-22";
const CALIFORNIA: &str = "LinkedIn legal page: California notice, 2026-02-23";

fn catalog() -> Catalog {
    Catalog::shipped().expect("the shipped catalog is valid")
}

fn item<'a>(catalog: &'a Catalog, id: &str) -> &'a OptOut {
    catalog.get(id).expect("listed")
}

/// Each source as its one-line display, which shows kind, document, date, "read" and "until".
fn desktop(item: &OptOut) -> &ClickPath {
    item.desktop_path
        .as_ref()
        .expect("an opt-out has a desktop path")
}

fn mobile(item: &OptOut) -> &ClickPath {
    item.mobile_path
        .as_ref()
        .expect("an opt-out has a mobile path")
}

fn regions_note(item: &OptOut) -> &str {
    item.regions_note
        .as_deref()
        .expect("an opt-out has a regions note")
}

fn shown(sources: &Sources) -> Vec<String> {
    sources.iter().map(ToString::to_string).collect()
}

fn help(id: &str) -> String {
    format!("LinkedIn Help {id}, {READ}")
}

#[test]
fn the_shipped_catalog_is_valid_and_lists_both_opt_outs_then_the_more_switches() {
    let catalog = catalog();
    let ids = |group| -> Vec<&str> { catalog.group(group).map(|i| i.id.as_str()).collect() };
    assert_eq!(ids(Group::OptOuts), ["ai-training", "ad-sharing"]);
    assert_eq!(
        ids(Group::More),
        [
            "ads-off-linkedin",
            "data-from-others",
            "measure-ad-success",
            "research",
            "age-range",
            "gender",
            "interests-and-traits",
            "inferred-location",
        ]
    );
    assert_eq!(catalog.items.len(), 10, "nothing outside the two groups");
}

#[test]
fn the_ai_training_item_matches_the_facts() {
    let catalog = catalog();
    let item = item(&catalog, "ai-training");
    assert_eq!(item.title, "Data for Generative AI Improvement");
    assert_eq!(shown(&item.title_sources), [help("a6278444"), PSST.into()]);
    assert_eq!(item.title_note, None);

    let toggle = item.toggle.as_ref().expect("a sourced toggle label");
    assert_eq!(
        toggle.label,
        "Use my data for training content creation AI models"
    );
    assert_eq!(
        toggle.presentation.as_deref(),
        Some("as shown in public guides")
    );
    assert_eq!(
        shown(&toggle.sources),
        [
            "third-party tool: StellarSand guide, 2024-09-19".to_owned(),
            format!("press: tech press (2024-10), {READ}"),
        ]
    );

    let pages: Vec<_> = item
        .pages
        .iter()
        .map(|p| (p.role, p.url.as_str(), p.name.as_deref(), shown(&p.sources)))
        .collect();
    assert_eq!(
        pages,
        [
            (
                PageRole::Direct,
                AI_URL,
                None,
                vec![EUROPEAN.to_owned(), PSST.to_owned()]
            ),
            (
                PageRole::Fallback,
                PRIVACY_URL,
                Some("Data privacy settings"),
                vec![EUROPEAN.to_owned()]
            ),
        ]
    );
    assert_eq!(item.url(), AI_URL);
    assert_eq!(item.fallback().map(|p| p.url.as_str()), Some(PRIVACY_URL));

    assert_eq!(
        desktop(item).steps.join(" > "),
        "Me (your photo) > Settings & Privacy > Data privacy > How LinkedIn uses your data > \
         Data for Generative AI Improvement > switch the toggle off"
    );
    assert_eq!(
        shown(&desktop(item).sources),
        [
            format!("press: Fast Company (2024-09), {READ}"),
            format!("press: Gulf News (2025), {READ}"),
        ]
    );
    assert_eq!(
        mobile(item).steps.join(" > "),
        "your profile photo > Settings > Data privacy > Data for Generative AI Improvement > \
         switch the toggle off"
    );
    assert_eq!(
        shown(&mobile(item).sources),
        [
            "press: iphoned.nl, Dutch interface, 2025-10-02".to_owned(),
            format!("press: rubensaystech, {READ}"),
        ]
    );

    assert_eq!(
        item.regions.as_deref(),
        Some("EU, EEA, UK, Switzerland, Canada, Hong Kong")
    );
    assert!(regions_note(item).contains("September 2024"));
    assert!(regions_note(item).contains("Mainland China"));
    assert!(item.region_rules.is_empty(), "it applies everywhere");

    let help_links: Vec<_> = item
        .help
        .iter()
        .map(|h| (h.title.as_deref(), h.url.clone(), shown(&h.sources)))
        .collect();
    assert_eq!(
        help_links,
        [
            (
                Some(
                    "Control whether LinkedIn uses your data to improve generative AI (GAI) models \
                 that are used for content creation on LinkedIn"
                ),
                format!("{HELP}a6278444"),
                vec![help("a6278444")]
            ),
            (
                Some("LinkedIn and generative AI (GAI) FAQs"),
                format!("{HELP}a5538339"),
                vec![help("a5538339")]
            ),
            (
                Some("Update to our Terms and data use"),
                format!("{HELP}a8059228"),
                vec![help("a8059228")]
            ),
        ]
    );

    let related: Vec<_> = item
        .related
        .iter()
        .map(|r| (r.title.as_str(), r.url.as_deref(), shown(&r.url_sources)))
        .collect();
    assert_eq!(
        related,
        [(
            "Data Processing Objection form (EU)",
            Some("https://www.linkedin.com/help/linkedin/ask/TS-DPRO"),
            vec![EUROPEAN.to_owned()]
        )]
    );
    // Nothing the member sees or does changed since the first check, so no re-check is asked.
    assert_eq!(item.revision, 1);
    assert_eq!(item.verified, date(2026, 8, 22));
}

#[test]
fn the_ad_sharing_item_matches_the_facts() {
    let catalog = catalog();
    let item = item(&catalog, "ad-sharing");
    assert_eq!(item.title, "Share data with affiliates and partners");
    assert_eq!(
        shown(&item.title_sources),
        [
            PSST.to_owned(),
            format!("press: thenewsfacts, {READ}"),
            format!("press: allyoucantech, {READ}"),
        ]
    );
    let note = item.title_note.as_deref().expect("other names");
    assert!(note.contains("\"Data sharing\""), "{note}");
    assert!(
        note.contains("\"Data sharing with our affiliates and select partners\""),
        "{note}"
    );
    assert_eq!(item.toggle, None, "no source names the toggle's own label");
    assert_eq!(item.toggle_label(), None);

    let pages: Vec<_> = item
        .pages
        .iter()
        .map(|p| (p.role, p.url.as_str(), p.name.as_deref(), shown(&p.sources)))
        .collect();
    assert_eq!(
        pages,
        [
            (PageRole::Direct, ADS_URL, None, vec![CALIFORNIA.to_owned()]),
            (
                PageRole::SecondDirect,
                ADS_SECOND_URL,
                None,
                vec![
                    "LinkedIn legal page: California notice, 2025-10-01 until 2026-02-20"
                        .to_owned(),
                    PSST.to_owned()
                ]
            ),
            (
                PageRole::Fallback,
                ADS_FALLBACK_URL,
                Some("Advertising data settings"),
                vec![
                    "LinkedIn legal page: Privacy Policy (US), 2026-08-22".to_owned(),
                    EUROPEAN.to_owned()
                ]
            ),
        ]
    );
    assert_eq!(item.url(), ADS_URL, "the /s/ address is offered first");
    let direct: Vec<&str> = item.direct_pages().map(|p| p.url.as_str()).collect();
    assert_eq!(direct, [ADS_URL, ADS_SECOND_URL]);
    // The caution explains the two addresses instead of contradicting itself.
    let caution = item.pages[0].note.as_deref().expect("a caution");
    assert!(caution.contains("links this address"), "{caution}");
    assert!(caution.contains("try the second"), "{caution}");
    assert!(!caution.contains("no public source shows the address"));

    assert_eq!(
        desktop(item).steps.join(" > "),
        "Me (your photo) > Settings & Privacy > Advertising data > Off LinkedIn data (near the \
         bottom of the page) > Share data with affiliates and partners > switch the toggle off"
    );
    assert_eq!(
        shown(&desktop(item).sources),
        [format!(
            "press: coverage of the update (Sept–Oct 2025), {READ}"
        )]
    );
    assert!(
        desktop(item)
            .note
            .as_deref()
            .is_some_and(|n| n.contains("\"Off platform data\""))
    );
    assert_eq!(
        mobile(item).steps.join(" > "),
        "your profile photo > Settings > Advertising data > \
         scroll to \"Share data with affiliates and partners\" > switch the toggle off"
    );
    assert_eq!(
        shown(&mobile(item).sources),
        [format!("press: thenewsfacts (autumn 2025), {READ}")]
    );

    assert_eq!(
        item.regions.as_deref(),
        Some("The US and most other regions; not the EU, EEA or Switzerland")
    );
    assert!(regions_note(item).starts_with("UK: sources disagree."));

    let help_links: Vec<_> = item
        .help
        .iter()
        .map(|h| (h.title.as_deref(), h.url.clone(), shown(&h.sources)))
        .collect();
    assert_eq!(
        help_links,
        [(
            Some("Data sharing"),
            format!("{HELP}a1397243"),
            vec![help("a1397243")]
        )]
    );

    let related: Vec<_> = item
        .related
        .iter()
        .map(|r| {
            (
                r.title.as_str(),
                r.url.as_deref(),
                shown(&r.sources),
                shown(&r.url_sources),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            // Ads off LinkedIn and Data from others for ads are switches of their own now, in
            // the more privacy switches; only the note that is not a switch stays.
            (
                "Global Privacy Control",
                None,
                vec![help("a1397243"), CALIFORNIA.to_owned()],
                vec![]
            ),
        ]
    );
    assert_eq!(item.group, Group::OptOuts);

    assert_eq!(item.revision, 2);
    assert_eq!(item.verified, date(2026, 8, 22));
    let change = item.changes.last().expect("a note for revision 2");
    assert_eq!((change.revision, change.date), (2, date(2026, 11, 30)));
    for words in ["second address", "No source names", "In the UK"] {
        assert!(change.note.contains(words), "{words}: {}", change.note);
    }
}

#[test]
fn the_california_notice_switched_its_link_on_2026_02_23() {
    assert!(!SHIPPED.contains("2025-12"), "the old, wrong date is gone");
    let catalog = catalog();
    let first_note = &item(&catalog, "ad-sharing").changes[0].note;
    assert!(first_note.contains("since 2026-02-23"), "{first_note}");
}

#[test]
fn every_click_path_uses_the_same_words() {
    let catalog = catalog();
    for item in catalog.group(Group::OptOuts) {
        assert_eq!(desktop(item).steps[0], "Me (your photo)", "{}", item.id);
        assert_eq!(mobile(item).steps[0], "your profile photo", "{}", item.id);
    }
    for item in catalog.group(Group::More) {
        if let Some(path) = &item.desktop_path {
            assert_eq!(path.steps[..2], ["Me (your photo)", "Settings & Privacy"]);
            assert_eq!(
                path.steps.last().map(String::as_str),
                Some("switch the toggle off")
            );
        }
        assert_eq!(
            item.mobile_path, None,
            "{}: no source gives the taps",
            item.id
        );
    }
}

/// (item, language, title, toggle label, weak, sources).
type Words = (
    &'static str,
    Language,
    &'static str,
    Option<&'static str>,
    bool,
    &'static [&'static str],
);

#[test]
fn localized_labels_match_the_facts_with_their_sources() {
    let expected: [Words; 6] = [
        (
            "ai-training",
            Language::German,
            "Daten zur Verbesserung generativer KI",
            Some("Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen"),
            false,
            &[
                "press: netzpolitik.org, 2025-09-22",
                "press: sonntagsblatt, 2025-10-24",
                "press: meinrecht.de, read 2026-11-30",
            ],
        ),
        (
            "ai-training",
            Language::French,
            "Données pour l'amélioration de l'IA générative",
            Some("Utiliser mes données pour entraîner des modèles d'IA de création de contenu"),
            false,
            &[
                "press: clubic, read 2026-11-30",
                "press: vert.eco, read 2026-11-30",
                "press: cookie-com.com, read 2026-11-30",
            ],
        ),
        (
            "ai-training",
            Language::Dutch,
            "Gegevens voor verbetering van generatieve AI",
            Some(
                "Mijn gegevens gebruiken voor training van AI-modellen waarmee content wordt \
                 gemaakt",
            ),
            false,
            &["press: iphoned.nl, 2025-10-02"],
        ),
        (
            "ai-training",
            Language::Italian,
            "Dati per migliorare l'IA generativa",
            Some("Usa i miei dati per addestrare i modelli di IA per la creazione di contenuti"),
            false,
            &[
                "press: RSI, citing SRF (2025-10-29), read 2026-11-30",
                "press: Sky TG24, 2025-10-30",
            ],
        ),
        (
            "ai-training",
            Language::BrazilianPortuguese,
            "Dados para aprimoramento da IA generativa",
            Some("Usar meus dados para treinar modelos de IA para criar conteúdos"),
            true,
            &["press: bukib.com (undated), read 2026-11-30"],
        ),
        (
            "ad-sharing",
            Language::German,
            "Daten mit verbundenen Unternehmen und Partnern teilen",
            None,
            true,
            &["press: mein-deal.com, citing heise, read 2026-11-30"],
        ),
    ];
    let catalog = catalog();
    for (id, language, title, toggle, weak, sources) in expected {
        let words = item(&catalog, id)
            .localized(language)
            .unwrap_or_else(|| panic!("{id} has {language:?} words"));
        assert_eq!(words.title, title, "{id} {language:?}");
        assert_eq!(words.toggle_label.as_deref(), toggle, "{id} {language:?}");
        assert_eq!(words.weak, weak, "{id} {language:?}");
        assert_eq!(shown(&words.sources), sources, "{id} {language:?}");
    }
    let count: usize = catalog.items.iter().map(|i| i.localized.len()).sum();
    assert_eq!(count, expected.len(), "no words beyond the sourced ones");
    // Sources disagree on Spanish, and nothing was found for other languages: none shipped.
    for id in ["ai-training", "ad-sharing"] {
        assert!(item(&catalog, id).localized(Language::English).is_none());
    }
    for language in [Language::French, Language::Dutch, Language::Italian] {
        assert!(item(&catalog, "ad-sharing").localized(language).is_none());
    }
}

#[test]
fn german_section_names_on_the_way_are_sourced() {
    let catalog = catalog();
    let ai = item(&catalog, "ai-training")
        .localized(Language::German)
        .and_then(|w| w.path.as_ref())
        .expect("German section names");
    assert_eq!(
        ai.steps,
        ["Datenschutz", "So verwendet LinkedIn Ihre Daten"]
    );
    assert_eq!(
        shown(&ai.sources),
        [
            "press: netzpolitik.org, 2025-09-22",
            "press: sonntagsblatt, 2025-10-24"
        ]
    );
    let ads = item(&catalog, "ad-sharing")
        .localized(Language::German)
        .and_then(|w| w.path.as_ref())
        .expect("the German section");
    assert_eq!(ads.steps, ["Anzeigendaten"]);
}

#[test]
fn every_shipped_url_is_one_the_facts_back_and_each_is_shipped() {
    let backed = [
        AI_URL,
        PRIVACY_URL,
        ADS_URL,
        ADS_SECOND_URL,
        ADS_FALLBACK_URL,
        "https://www.linkedin.com/help/linkedin/answer/a6278444",
        "https://www.linkedin.com/help/linkedin/answer/a5538339",
        "https://www.linkedin.com/help/linkedin/answer/a8059228",
        "https://www.linkedin.com/help/linkedin/answer/a1397243",
        "https://www.linkedin.com/help/linkedin/ask/TS-DPRO",
        "https://www.linkedin.com/help/linkedin/answer/a7157083",
        "https://www.linkedin.com/help/linkedin/answer/a7152512",
        "https://www.linkedin.com/mypreferences/d/settings/ads-beyond-linkedin",
        "https://www.linkedin.com/mypreferences/d/settings/ads-interactions-with-business",
        "https://www.linkedin.com/mypreferences/d/settings/ads-related-actions",
        "https://www.linkedin.com/mypreferences/d/settings/policy-and-academic-research",
        "https://www.linkedin.com/mypreferences/d/settings/ads-by-age",
        "https://www.linkedin.com/mypreferences/d/settings/ads-by-gender",
        "https://www.linkedin.com/mypreferences/d/interest-categories",
        "https://www.linkedin.com/mypreferences/d/settings/ads-inferred-location",
    ];
    let catalog = catalog();
    let mut shipped: Vec<&str> = catalog.items.iter().flat_map(OptOut::urls).collect();
    shipped.sort_unstable();
    // The fallback pages and some Help articles serve several items.
    shipped.dedup();
    let mut expected = backed.to_vec();
    expected.sort_unstable();
    assert_eq!(shipped, expected);
    for url in backed {
        assert!(catalog.contains_url(url), "{url}");
    }
    assert!(!catalog.contains_url("https://www.linkedin.com/mypreferences/d/categories/"));
    assert!(!SHIPPED.contains("data-for-generative-ai-improvement"));
}

#[test]
fn the_catalog_comment_names_the_sources_not_a_file_outside_the_repository() {
    let comment: String = SHIPPED
        .lines()
        .take_while(|line| line.starts_with('#') || line.is_empty())
        .collect();
    for source in [
        "Open Terms Archive",
        "LinkedIn Help",
        "PSST",
        "StellarSand",
        "press",
    ] {
        assert!(comment.contains(source), "{source}");
    }
    assert!(!SHIPPED.contains("LINKEDIN.md"));
    assert!(!SHIPPED.contains("shared/"));
}

#[test]
fn sources_display_in_one_line_and_the_strongest_current_one_leads() {
    let catalog = catalog();
    let ads = item(&catalog, "ad-sharing");
    let strongest = |role| {
        ads.pages
            .iter()
            .find(|p| p.role == role)
            .and_then(|p| p.sources.strongest_current())
            .map(ToString::to_string)
    };
    assert_eq!(strongest(PageRole::Direct).as_deref(), Some(CALIFORNIA));
    // The California notice stopped linking the second address: a weaker current source leads.
    assert_eq!(strongest(PageRole::SecondDirect).as_deref(), Some(PSST));
    let help_source = &ads.help[0].sources[0];
    assert_eq!(
        help_source.to_string(),
        "LinkedIn Help a1397243, read 2026-11-30"
    );
    assert!(SourceKind::LinkedinLegalPage < SourceKind::LinkedinHelp);
    assert!(SourceKind::LinkedinHelp < SourceKind::ThirdPartyTool);
    assert!(SourceKind::ThirdPartyTool < SourceKind::Press);
    assert!(SourceKind::LinkedinHelp.is_linkedin());
    assert!(!SourceKind::Press.is_linkedin());
}

fn source(kind: SourceKind, document: &str, day: i8, read: bool) -> Source {
    Source {
        kind,
        document: document.into(),
        date: date(2025, 10, day),
        read,
        until: None,
    }
}

#[test]
fn among_equals_a_dated_source_beats_a_reading_date_and_the_newest_wins() {
    let sources = Sources(vec![
        source(SourceKind::Press, "older", 1, false),
        source(SourceKind::Press, "undated, read later", 30, true),
        source(SourceKind::Press, "newer", 20, false),
    ]);
    assert_eq!(
        sources.strongest_current().map(|s| s.document.as_str()),
        Some("newer")
    );
    let mut with_help = sources.clone();
    with_help
        .0
        .push(source(SourceKind::LinkedinHelp, "a1", 1, true));
    assert_eq!(
        with_help.strongest_current().map(|s| s.document.as_str()),
        Some("a1")
    );
    let mut past = Sources(vec![source(
        SourceKind::LinkedinLegalPage,
        "notice",
        1,
        false,
    )]);
    past.0[0].until = Some(date(2025, 12, 1));
    assert_eq!(past.strongest_current(), None);
    assert_eq!(
        past.strongest().map(ToString::to_string).as_deref(),
        Some("LinkedIn legal page: notice, 2025-10-01 until 2025-12-01")
    );
}

#[test]
fn applicability_for_every_region_and_item() {
    let catalog = catalog();
    let ai = item(&catalog, "ai-training");
    assert_eq!(ai.applicability(None), Applicability::Applies);
    for region in Region::ALL {
        assert_eq!(
            ai.applicability(Some(region)),
            Applicability::Applies,
            "{region:?}"
        );
    }
    let ads = item(&catalog, "ad-sharing");
    assert_eq!(ads.applicability(None), Applicability::RegionUnknown);
    for region in Region::ALL {
        let applicability = ads.applicability(Some(region));
        match region {
            Region::EuEea | Region::Switzerland => {
                let Applicability::NotInRegion { sources, note } = applicability else {
                    panic!("{region:?}: {applicability:?}");
                };
                assert_eq!(shown(sources), [help("a1397243")]);
                assert!(note.contains("Outside EU/EEA/Switzerland"), "{note}");
            }
            Region::Uk => {
                let Applicability::Uncertain { note, .. } = applicability else {
                    panic!("{region:?}: {applicability:?}");
                };
                assert!(note.contains("Sources disagree"), "{note}");
            }
            Region::Canada | Region::HongKong | Region::UnitedStates | Region::Other => {
                assert_eq!(applicability, Applicability::Applies, "{region:?}");
            }
        }
    }
}

#[test]
fn the_facts_date_is_the_newest_check_and_ages_after_a_year() {
    let catalog = catalog();
    assert_eq!(catalog.facts_date(), date(2026, 8, 22));
    assert!(!catalog.facts_outdated(date(2026, 11, 30)));
    assert!(!catalog.facts_outdated(date(2027, 8, 22)));
    assert!(catalog.facts_outdated(date(2027, 8, 23)));
}

/// The shipped catalog with one piece replaced, to make a bad one.
fn shipped_with(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "the shipped catalog has {from:?}");
    SHIPPED.replacen(from, to, 1)
}

#[test]
fn a_url_without_a_source_is_refused() {
    let bad = shipped_with(
        "url = \"https://www.linkedin.com/mypreferences/d/categories/privacy\"\nsources = [\n    \
         { kind = \"linkedin-legal-page\", document = \"European notice\", date = \"2026-08-22\" \
         },\n]",
        "url = \"https://www.linkedin.com/mypreferences/d/categories/privacy\"\nsources = []",
    );
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::UnsourcedUrl {
            item: "ai-training".into(),
            url: PRIVACY_URL.into()
        })
    );
    let bad = shipped_with(
        "url = \"https://www.linkedin.com/help/linkedin/answer/a1397243\"\nsources = [\n    \
         { kind = \"linkedin-help\", document = \"a1397243\", date = \"2026-11-30\", read = true \
         },\n]",
        "url = \"https://www.linkedin.com/help/linkedin/answer/a1397243\"\nsources = []",
    );
    let error = Catalog::parse(&bad).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "opt-out \"ad-sharing\" in the catalog has the URL \
         \"https://www.linkedin.com/help/linkedin/answer/a1397243\" without a source"
    );
    let bad = shipped_with(
        "url_sources = [\n    { kind = \"linkedin-legal-page\", document = \"European notice\", \
         date = \"2026-08-22\" },\n]",
        "",
    );
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::UnsourcedUrl { url, .. }) if url.ends_with("TS-DPRO")
    ));
}

#[test]
fn localized_words_without_a_source_are_refused() {
    let bad = shipped_with(
        "sources = [\n    { kind = \"press\", document = \"iphoned.nl\", date = \"2025-10-02\" \
         },\n]",
        "sources = []",
    );
    let error = Catalog::parse(&bad).expect_err("refused");
    assert_eq!(
        error,
        CatalogError::UnsourcedLabel {
            item: "ai-training".into(),
            language: "nl".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "opt-out \"ai-training\" in the catalog has \"nl\" words without a source"
    );
    let bad = shipped_with(
        "path.steps = [\"Anzeigendaten\"]\npath.sources = [\n    { kind = \"press\", document = \
         \"mein-deal.com, citing heise\", date = \"2026-11-30\", read = true },\n]",
        "path.steps = [\"Anzeigendaten\"]\npath.sources = []",
    );
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::UnsourcedLabel { item, language }) if item == "ad-sharing" && language == "de"
    ));
}

#[test]
fn an_unknown_language_code_is_refused_and_english_is_not_localized() {
    let bad = shipped_with("language = \"fr\"", "language = \"es\"");
    let error = Catalog::parse(&bad).expect_err("refused");
    assert_eq!(
        error,
        CatalogError::UnknownLanguage {
            item: "ai-training".into(),
            code: "es".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "opt-out \"ai-training\" in the catalog has words in the language \"es\"; known: de, \
         fr, nl, it, pt-BR"
    );
    let bad = shipped_with("language = \"fr\"", "language = \"en\"");
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::UnknownLanguage { code, .. }) if code == "en"
    ));
    // Codes match as `Language::from_code` does, without regard to case.
    let fine = shipped_with("language = \"pt-BR\"", "language = \"pt-br\"");
    assert!(Catalog::parse(&fine).is_ok());
}

#[test]
fn other_facts_without_a_source_are_refused() {
    let bad = shipped_with(
        "sources = [\n    { kind = \"third-party-tool\", document = \"StellarSand guide\", date \
         = \"2024-09-19\" },\n    { kind = \"press\", document = \"tech press (2024-10)\", date \
         = \"2026-11-30\", read = true },\n]",
        "sources = []",
    );
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::Unsourced {
            item: "ai-training".into(),
            fact: "toggle label"
        })
    );
    let bad = shipped_with(
        "mobile_path.sources = [\n    { kind = \"press\", document = \"thenewsfacts (autumn \
         2025)\", date = \"2026-11-30\", read = true },\n]",
        "mobile_path.sources = []",
    );
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::Unsourced {
            item: "ad-sharing".into(),
            fact: "mobile_path"
        })
    );
}

#[test]
fn addresses_out_of_order_or_an_unnamed_fallback_are_refused() {
    let bad = shipped_with("role = \"second-direct\"", "role = \"direct\"");
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::Pages { item, .. }) if item == "ad-sharing"
    ));
    let bad = shipped_with("name = \"Data privacy settings\"\n", "");
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::Pages {
            item: "ai-training".into(),
            reason: "the fallback page needs the name LinkedIn gives it"
        })
    );
}

#[test]
fn a_region_in_two_rules_or_a_source_ending_before_it_starts_is_refused() {
    let bad = shipped_with("regions = [\"uk\"]", "regions = [\"switzerland\"]");
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::RegionTwice {
            item: "ad-sharing".into(),
            region: Region::Switzerland
        })
    );
    let bad = shipped_with("until = \"2026-02-20\"", "until = \"2025-02-20\"");
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::SourceDates { document, .. }) if document == "California notice"
    ));
    let bad = shipped_with("kind = \"press\"", "kind = \"blog\"");
    assert!(matches!(Catalog::parse(&bad), Err(CatalogError::Syntax(_))));
}

#[test]
fn a_url_on_another_host_is_refused_with_a_clear_message() {
    let bad = shipped_with(
        "https://www.linkedin.com/mypreferences/d/categories/privacy",
        "https://www.linkedin.com.evil.example/mypreferences",
    );
    let error = Catalog::parse(&bad).expect_err("refused");
    assert_eq!(
        error,
        CatalogError::ForeignUrl {
            item: "ai-training".into(),
            url: "https://www.linkedin.com.evil.example/mypreferences".into()
        }
    );
    assert_eq!(
        error.to_string(),
        "opt-out \"ai-training\" in the catalog has the URL \
         \"https://www.linkedin.com.evil.example/mypreferences\", \
         but only https://www.linkedin.com/ addresses are allowed"
    );
}

#[test]
fn plain_http_is_refused() {
    let bad = shipped_with(
        "url = \"https://www.linkedin.com/mypreferences/s/",
        "url = \"http://www.linkedin.com/mypreferences/s/",
    );
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::ForeignUrl { item, .. }) if item == "ad-sharing"
    ));
}

#[test]
fn a_duplicate_id_is_refused() {
    let bad = shipped_with("id = \"ad-sharing\"", "id = \"ai-training\"");
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::DuplicateId("ai-training".into()))
    );
}

#[test]
fn an_empty_field_is_refused() {
    let bad = shipped_with(
        "label = \"Use my data for training content creation AI models\"",
        "label = \"  \"",
    );
    let error = Catalog::parse(&bad).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "opt-out \"ai-training\" in the catalog has an empty toggle label"
    );
    let bad = shipped_with("document = \"Gulf News (2025)\"", "document = \"\"");
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::EmptyField {
            item: "ai-training".into(),
            field: "source document"
        })
    );
}

#[test]
fn an_empty_click_path_step_is_refused() {
    let bad = shipped_with("    \"Advertising data\",\n", "    \"\",\n");
    assert!(matches!(
        Catalog::parse(&bad),
        Err(CatalogError::EmptyField {
            field: "desktop_path",
            ..
        })
    ));
}

#[test]
fn a_missing_field_or_broken_toml_is_refused_with_the_reason() {
    let bad = shipped_with("revision = 1\n", "");
    let error = Catalog::parse(&bad).expect_err("refused");
    assert!(
        error.to_string().contains("revision"),
        "names the missing field: {error}"
    );
    assert!(matches!(
        Catalog::parse("[[optout]\n"),
        Err(CatalogError::Syntax(_))
    ));
    assert_eq!(
        Catalog::parse("intro = \"Why\"\noptout = []"),
        Err(CatalogError::Empty)
    );
}

#[test]
fn only_plain_linkedin_addresses_pass() {
    for good in [
        "https://www.linkedin.com/",
        "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
        "https://www.linkedin.com/help/linkedin/answer/a1397243?lang=en",
    ] {
        assert!(is_linkedin_url(good), "{good}");
    }
    for bad in [
        "http://www.linkedin.com/",
        "https://linkedin.com/",
        "https://www.linkedin.com",
        "https://www.linkedin.com@evil.example/",
        "https://www.linkedin.com:8443/",
        "https://www.linkedin.com.evil.example/",
        "https://www.linkedin.com/ spaced",
        "https://www.linkedin.com/\"quoted\"",
        "https://www.linkedin.com/$(id)",
        "https://www.linkedin.com/\nfile:///etc/passwd",
        "javascript:alert(1)",
        "",
    ] {
        assert!(!is_linkedin_url(bad), "{bad:?}");
    }
}

#[test]
fn a_revision_without_a_change_note_is_refused() {
    let bad = shipped_with("revision = 1\nverified", "revision = 2\nverified");
    assert_eq!(
        Catalog::parse(&bad),
        Err(CatalogError::Revision {
            item: "ai-training".into(),
            revision: 2
        })
    );
}

#[test]
fn the_catalog_the_app_starts_with_is_the_toml_one() {
    // build.rs turns assets/optouts.toml into JSON for a faster start; nothing may change on the way.
    assert_eq!(
        Catalog::shipped().expect("valid"),
        Catalog::parse(linkedin_optout::catalog::SHIPPED).expect("valid")
    );
}

#[test]
fn the_command_lines_ids_are_the_catalogs() {
    let catalog = Catalog::shipped().expect("valid");
    let listed: Vec<(&str, &str)> = catalog
        .items
        .iter()
        .map(|item| (item.id.as_str(), item.title.as_str()))
        .collect();
    assert_eq!(linkedin_optout::catalog::SHIPPED_IDS, listed.as_slice());
}

/// One of the more privacy switches, as the facts give it: (id, title, address, who backs the
/// address, fallback, toggle label from the 2024 guide, off unless agreed in the EU, EEA and
/// Switzerland, Help articles).
type Switch = (
    &'static str,
    &'static str,
    &'static str,
    SourceKind,
    &'static str,
    Option<&'static str>,
    bool,
    &'static [&'static str],
);

const SETTINGS: &str = "https://www.linkedin.com/mypreferences/d/";

#[test]
fn the_more_privacy_switches_match_the_facts() {
    use SourceKind::{LinkedinLegalPage as Legal, ThirdPartyTool as Tool};
    let expected: [Switch; 8] = [
        (
            "ads-off-linkedin",
            "Ads off LinkedIn",
            "settings/ads-beyond-linkedin",
            Tool,
            ADS_FALLBACK_URL,
            None,
            false,
            &["a7157083", "a1397243"],
        ),
        (
            "data-from-others",
            "Data from others for ads",
            "settings/ads-interactions-with-business",
            Legal,
            ADS_FALLBACK_URL,
            Some("Use data you've given to businesses"),
            false,
            &[],
        ),
        (
            "measure-ad-success",
            "Measure ad success",
            "settings/ads-related-actions",
            Legal,
            ADS_FALLBACK_URL,
            Some("Use your data for ad insights"),
            false,
            &["a7157083"],
        ),
        (
            "research",
            "Social, economic, and workplace research",
            "settings/policy-and-academic-research",
            Tool,
            PRIVACY_URL,
            Some("Use data for research"),
            false,
            &[],
        ),
        (
            "age-range",
            "Age range",
            "settings/ads-by-age",
            Tool,
            ADS_FALLBACK_URL,
            Some("Use your age range for ads"),
            true,
            &["a7152512"],
        ),
        (
            "gender",
            "Gender",
            "settings/ads-by-gender",
            Tool,
            ADS_FALLBACK_URL,
            Some("Use your gender for ads"),
            true,
            &["a7152512"],
        ),
        (
            "interests-and-traits",
            "Interests and traits",
            "interest-categories",
            Tool,
            ADS_FALLBACK_URL,
            Some("Interests and traits"),
            true,
            &["a7152512"],
        ),
        (
            "inferred-location",
            "Inferred city location",
            "settings/ads-inferred-location",
            Tool,
            ADS_FALLBACK_URL,
            None,
            true,
            &["a7152512"],
        ),
    ];
    let catalog = catalog();
    for (id, title, path, backing, fallback, toggle, consent, help_ids) in expected {
        let item = item(&catalog, id);
        assert_eq!(item.group, Group::More, "{id}");
        assert_eq!(item.title, title, "{id}");
        assert_eq!(item.url(), format!("{SETTINGS}{path}"), "{id}");
        assert_eq!(item.address_backing(), Some(backing), "{id}");
        assert_eq!(item.third_party_only(), backing == Tool, "{id}");
        assert_eq!(item.direct_pages().count(), 1, "{id}");
        assert_eq!(
            item.fallback().map(|p| p.url.as_str()),
            Some(fallback),
            "{id}"
        );
        assert_eq!(item.toggle_label(), toggle, "{id}");
        if let Some(toggle) = &item.toggle {
            assert_eq!(
                shown(&toggle.sources),
                ["third-party tool: StellarSand guide, 2024-09-19"],
                "{id}"
            );
            assert_eq!(
                toggle.presentation.as_deref(),
                Some("as shown in a public guide (2024)")
            );
        }
        let help_urls: Vec<String> = item.help.iter().map(|h| h.url.clone()).collect();
        let expected_help: Vec<String> = help_ids.iter().map(|h| format!("{HELP}{h}")).collect();
        assert_eq!(help_urls, expected_help, "{id}");
        let rules: Vec<_> = item
            .region_rules
            .iter()
            .map(|r| (r.rule, r.regions.clone()))
            .collect();
        if consent {
            assert_eq!(
                rules,
                [(
                    RuleKind::OffUnlessAgreed,
                    vec![Region::EuEea, Region::Switzerland]
                )],
                "{id}"
            );
            let rule = &item.region_rules[0];
            assert_eq!(
                shown(&rule.sources),
                [help("a7152512"), EUROPEAN.to_owned()],
                "{id}"
            );
            // The setting exists everywhere: an unknown region asks nothing.
            assert_eq!(item.applicability(None), Applicability::Applies, "{id}");
            assert!(matches!(
                item.applicability(Some(Region::EuEea)),
                Applicability::OffUnlessAgreed { .. }
            ));
            assert_eq!(item.applicability(Some(Region::Uk)), Applicability::Applies);
        } else {
            assert!(rules.is_empty(), "{id}");
        }
        assert_eq!(item.revision, 1, "{id}");
        assert!(item.related.is_empty(), "{id}");
    }
    // What each source kind backs, as the facts say.
    let ads_off = item(&catalog, "ads-off-linkedin");
    assert_eq!(shown(&ads_off.title_sources), [help("a7157083")]);
    assert!(
        ads_off
            .stops
            .contains("also switches off \"Share data with affiliates and partners\"")
    );
    assert!(
        ads_off
            .title_note
            .as_deref()
            .is_some_and(|n| n.contains("Ads outside of LinkedIn"))
    );
    assert_eq!(shown(&ads_off.pages[0].sources), [PSST]);
    let others = item(&catalog, "data-from-others");
    assert_eq!(
        shown(&others.pages[0].sources),
        ["LinkedIn legal page: US State notice, 2026-08-22"]
    );
    assert!(
        others
            .regions_note
            .as_deref()
            .is_some_and(|n| n.contains("Global Privacy Control"))
    );
    assert_eq!(
        others.title_note.as_deref(),
        Some("Formerly \"Interactions with businesses\".")
    );
    let measure = item(&catalog, "measure-ad-success");
    assert_eq!(
        shown(&measure.pages[0].sources),
        ["LinkedIn legal page: Privacy Policy, 2026-08-22"]
    );
    assert!(
        measure
            .title_note
            .as_deref()
            .is_some_and(|n| n.contains("Ad-related actions"))
    );
    let research = item(&catalog, "research");
    assert_eq!(
        desktop(research).steps[2..4],
        ["Data privacy", "How LinkedIn uses your data"]
    );
    for id in [
        "age-range",
        "gender",
        "interests-and-traits",
        "inferred-location",
    ] {
        assert_eq!(
            desktop(item(&catalog, id)).steps[2..4],
            ["Advertising data", "Activity and inferred data"],
            "{id}"
        );
    }
    let location = item(&catalog, "inferred-location");
    assert_eq!(
        shown(&location.title_sources),
        [
            format!("third-party tool: Brave PSST (2025), {READ}"),
            format!("third-party tool: look-alike apps, {READ}")
        ]
    );
    // The Ads off LinkedIn and Data from others entries left ad-sharing's related list.
    let ads = item(&catalog, "ad-sharing");
    assert!(
        ads.related.iter().all(|r| r.url.is_none()),
        "only Global Privacy Control stays"
    );
}

#[test]
fn an_opt_out_must_carry_every_fact_and_the_groups_keep_their_order() {
    let first_as_more = shipped_with(
        "id = \"ai-training\"\ngroup = \"opt-outs\"",
        "id = \"ai-training\"\ngroup = \"more\"",
    );
    assert_eq!(Catalog::parse(&first_as_more), Err(CatalogError::Groups));
    // An opt-out carries the ways on a computer and in the app, which no source gives for this
    // switch.
    let bare_opt_out = shipped_with(
        "id = \"ads-off-linkedin\"\ngroup = \"more\"",
        "id = \"ads-off-linkedin\"\ngroup = \"opt-outs\"",
    );
    assert_eq!(
        Catalog::parse(&bare_opt_out),
        Err(CatalogError::EmptyField {
            item: "ads-off-linkedin".into(),
            field: "desktop_path"
        })
    );
    // ad-sharing moved after the more switches splits the opt-outs.
    let mut blocks: Vec<&str> = SHIPPED.split("\n[[optout]]\n").collect();
    let ad_sharing = blocks.remove(2);
    assert!(ad_sharing.starts_with("id = \"ad-sharing\""));
    blocks.push(ad_sharing);
    assert_eq!(
        Catalog::parse(&blocks.join("\n[[optout]]\n")),
        Err(CatalogError::Groups)
    );
    let no_group = shipped_with(
        "id = \"ad-sharing\"\ngroup = \"opt-outs\"\n",
        "id = \"ad-sharing\"\n",
    );
    assert!(
        matches!(Catalog::parse(&no_group), Err(CatalogError::Syntax(reason)) if reason.contains("group")),
        "every item names its group"
    );
}
