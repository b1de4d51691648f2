//! The detail pane: LinkedIn's words in the member's language with who reports them, and a
//! source under every address.

mod common;

use common::{app, noon, press, render, screen_text, select};
use insta::assert_snapshot;
use linkedin_optout::app::{Action, App};
use linkedin_optout::catalog::{Catalog, Region};
use linkedin_optout::language::Language;

/// A fresh app for a member reading LinkedIn in `language`, in `region`, with `id` selected.
fn member(language: Language, region: Option<Region>, id: &str) -> App {
    let mut app = app();
    app.system_language = language;
    if let Some(region) = region {
        let index = Region::ALL
            .iter()
            .position(|r| *r == region)
            .expect("a region");
        press(
            &mut app,
            &[Action::ChooseRegion, Action::ChooserPick(Some(index))],
            noon(),
        );
        app.status = None;
    }
    select(&mut app, id);
    app
}

/// The whole pane, unwrapped: rendered tall and wide enough that nothing scrolls or wraps, one
/// trimmed line per line of text.
fn pane(app: &mut App) -> Vec<String> {
    let text = screen_text(&render(app, 240, 200));
    text.lines()
        .map(|line| {
            // The details sit right of the list when side by side.
            let details: String = line.chars().skip(48).collect();
            details
                .trim_matches(|c: char| c == '│' || c.is_whitespace())
                .to_owned()
        })
        .collect()
}

/// The line after the first one equal to `line`.
fn after<'a>(lines: &'a [String], line: &str) -> &'a str {
    let at = lines
        .iter()
        .position(|l| l == line)
        .unwrap_or_else(|| panic!("{line:?} is on screen:\n{}", lines.join("\n")));
    lines.get(at + 1).map_or("", String::as_str)
}

#[test]
fn every_address_on_screen_names_its_strongest_current_source() {
    let catalog = Catalog::shipped().expect("valid");
    for item in &catalog.items {
        for language in Language::ALL {
            let mut app = member(language, Some(Region::Uk), &item.id);
            let lines = pane(&mut app);
            for url in item.urls() {
                let source = after(&lines, url);
                assert!(
                    source.starts_with("source: "),
                    "{} {language:?}: {url} is followed by {source:?}",
                    item.id
                );
            }
        }
    }
    let mut app = member(Language::English, None, "ad-sharing");
    let lines = pane(&mut app);
    // The California notice stopped linking the second address; the tool that still uses it is
    // named instead.
    assert_eq!(
        after(
            &lines,
            "https://www.linkedin.com/mypreferences/d/settings/share-data-with-select-partners"
        ),
        "source: third-party tool: Brave PSST, 2026-07-29"
    );
    assert_eq!(
        after(
            &lines,
            "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners"
        ),
        "source: LinkedIn legal page: California notice, 2026-02-23"
    );
}

#[test]
fn a_german_member_sees_the_german_words_first_as_reported_by_the_press() {
    let mut app = member(Language::German, None, "ai-training");
    let lines = pane(&mut app);
    assert_eq!(
        after(&lines, "Switch off"),
        "\"Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen\" \
         (English: \"Use my data for training content creation AI models\")"
    );
    let label = lines
        .iter()
        .position(|l| l.starts_with("\"Ihre Daten"))
        .expect("shown");
    assert_eq!(
        lines[label + 1],
        "German: as reported (press: sonntagsblatt, 2025-10-24)"
    );
    assert_eq!(
        lines[label + 2],
        "English: as shown in public guides (third-party tool: StellarSand guide, 2024-09-19)"
    );
    assert_eq!(
        lines[label + 3],
        "in the setting \"Daten zur Verbesserung generativer KI\" (English: \"Data for \
         Generative AI Improvement\")"
    );
    // Only the English title is LinkedIn's own words; the German is never presented as such.
    assert_eq!(
        lines[label + 5],
        "English: LinkedIn's own words (LinkedIn Help a6278444, read 2026-11-30)"
    );
    assert!(lines.contains(
        &"German section names: Datenschutz > So verwendet LinkedIn Ihre Daten".to_owned()
    ));
}

#[test]
fn ad_sharing_presents_no_toggle_label_and_marks_a_weak_source() {
    let mut app = member(Language::German, None, "ad-sharing");
    let lines = pane(&mut app);
    assert_eq!(
        after(&lines, "Switch off"),
        "the toggle of the setting \"Daten mit verbundenen Unternehmen und Partnern teilen\" \
         (English: \"Share data with affiliates and partners\")"
    );
    assert!(
        lines.contains(
            &"German: as reported (press: mein-deal.com, citing heise, read 2026-11-30) (weak \
              source)"
                .to_owned()
        ),
        "{}",
        lines.join("\n")
    );
    assert!(lines.contains(&"No source quotes the toggle's own label.".to_owned()));
    let mut app = member(Language::BrazilianPortuguese, None, "ai-training");
    let lines = pane(&mut app);
    assert!(
        lines.iter().any(|l| l.ends_with("(weak source)")),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn without_sourced_words_in_the_language_the_english_is_shown_with_a_note() {
    let mut app = member(Language::Dutch, None, "ad-sharing");
    let lines = pane(&mut app);
    assert_eq!(
        after(&lines, "Switch off"),
        "the toggle of the setting \"Share data with affiliates and partners\""
    );
    assert!(
        lines.contains(
            &"No source gives the Dutch words, so these are the English ones.".to_owned()
        )
    );
    // An English reader gets no such note.
    let mut app = member(Language::English, None, "ad-sharing");
    assert!(!pane(&mut app).iter().any(|l| l.contains("No source gives")));
}

#[test]
fn the_region_rule_and_its_source_are_shown() {
    let mut app = member(Language::English, Some(Region::EuEea), "ad-sharing");
    let lines = pane(&mut app);
    assert_eq!(
        after(&lines, "[-] Not in your region"),
        "This setting does not exist in your region (r changes the region)."
    );
    let mut app = member(Language::English, Some(Region::Uk), "ad-sharing");
    let lines = pane(&mut app);
    assert_eq!(
        after(&lines, "[ ] Not done yet"),
        "This setting may or may not exist in your region (r changes the region)."
    );
    let mut app = member(Language::English, Some(Region::Canada), "ad-sharing");
    let lines = pane(&mut app);
    assert!(!lines.iter().any(|l| l.contains("in your region")));
    assert!(lines.contains(&"Facts as of 2026-08-22".to_owned()));
    assert!(!lines.iter().any(|l| l.contains("revision")));
}

#[test]
fn a_german_member_at_80x24() {
    let mut app = member(Language::German, None, "ai-training");
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn a_german_member_at_120x32() {
    let mut app = member(Language::German, Some(Region::EuEea), "ai-training");
    assert_snapshot!(render(&mut app, 120, 32).backend());
}

#[test]
fn a_uk_member_on_ad_sharing_at_80x24() {
    let mut app = member(Language::English, Some(Region::Uk), "ad-sharing");
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn a_uk_member_on_ad_sharing_at_120x32() {
    let mut app = member(Language::English, Some(Region::Uk), "ad-sharing");
    assert_snapshot!(render(&mut app, 120, 32).backend());
}

#[test]
fn an_eu_member_on_ad_sharing_at_80x24() {
    let mut app = member(Language::German, Some(Region::EuEea), "ad-sharing");
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn an_eu_member_on_ad_sharing_at_120x32() {
    let mut app = member(Language::French, Some(Region::EuEea), "ad-sharing");
    assert_snapshot!(render(&mut app, 120, 32).backend());
}
