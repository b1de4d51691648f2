//! The shipped catalog says exactly what shared/LINKEDIN.md says, and bad catalogs are refused.

use linkedin_optout::catalog::{Catalog, CatalogError, SHIPPED, is_linkedin_url};

#[test]
fn the_shipped_catalog_is_valid_and_lists_both_opt_outs_in_order() {
    let catalog = Catalog::shipped().expect("the shipped catalog is valid");
    let ids: Vec<&str> = catalog.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["ai-training", "ad-sharing"]);
}

#[test]
fn the_ai_training_item_matches_the_facts() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ai-training").expect("listed");
    assert_eq!(item.title, "Data for Generative AI Improvement");
    assert_eq!(
        item.url,
        "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"
    );
    assert_eq!(
        item.fallback_url,
        "https://www.linkedin.com/mypreferences/d/categories/privacy"
    );
    assert_eq!(
        item.toggle_label,
        "Use my data for training content creation AI models"
    );
    assert_eq!(
        item.desktop_path.join(" > "),
        "Me (your photo) > Settings & Privacy > Data privacy > How LinkedIn uses your data > \
         Data for Generative AI Improvement > switch the toggle off"
    );
    assert_eq!(
        item.mobile_path.join(" > "),
        "your profile photo > Settings > Data privacy > Data for Generative AI Improvement > \
         switch the toggle off"
    );
    assert_eq!(item.regions, "EU, EEA, UK, Switzerland, Canada, Hong Kong");
    let help: Vec<&str> = item.help.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(
        help,
        [
            "https://www.linkedin.com/help/linkedin/answer/a6278444",
            "https://www.linkedin.com/help/linkedin/answer/a5538339",
            "https://www.linkedin.com/help/linkedin/answer/a8059228",
        ]
    );
}

#[test]
fn the_ad_sharing_item_matches_the_facts() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ad-sharing").expect("listed");
    assert_eq!(item.title, "Share data with affiliates and partners");
    assert_eq!(
        item.url,
        "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners"
    );
    assert_eq!(
        item.fallback_url,
        "https://www.linkedin.com/mypreferences/d/categories/ads"
    );
    assert_eq!(
        item.desktop_path.join(" > "),
        "Me > Settings & Privacy > Advertising data > Off LinkedIn data > \
         Share data with affiliates and partners > switch the toggle off"
    );
    assert_eq!(
        item.mobile_path.join(" > "),
        "your profile photo > Settings > Advertising data > \
         scroll to \"Share data with affiliates and partners\" > switch the toggle off"
    );
    // No public source quotes this page's address, so the member is always told so.
    assert!(item.caution.is_some());
    let help: Vec<&str> = item.help.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(
        help,
        [
            "https://www.linkedin.com/help/linkedin/answer/a1397243",
            "https://www.linkedin.com/help/linkedin/answer/a8059228",
        ]
    );
}

#[test]
fn every_shipped_url_is_backed_by_the_facts_file() {
    // The URLs shared/LINKEDIN.md backs, for the checklist items and the related controls.
    let backed = [
        "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement",
        "https://www.linkedin.com/mypreferences/d/categories/privacy",
        "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners",
        "https://www.linkedin.com/mypreferences/d/categories/ads",
        "https://www.linkedin.com/help/linkedin/answer/a8059228",
        "https://www.linkedin.com/help/linkedin/answer/a6278444",
        "https://www.linkedin.com/help/linkedin/answer/a5538339",
        "https://www.linkedin.com/help/linkedin/answer/a1397243",
        "https://www.linkedin.com/mypreferences/d/settings/ads-beyond-linkedin",
        "https://www.linkedin.com/mypreferences/d/settings/ads-interactions-with-business",
    ];
    let catalog = Catalog::shipped().expect("valid");
    for item in &catalog.items {
        for url in item.urls() {
            assert!(backed.contains(&url), "{url} is not in shared/LINKEDIN.md");
        }
    }
    assert!(!SHIPPED.contains("data-for-generative-ai-improvement"));
}

/// The shipped catalog with one line replaced, to make a bad one.
fn shipped_with(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from), "the shipped catalog has {from:?}");
    SHIPPED.replacen(from, to, 1)
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
        "toggle_label = \"Use my data for training content creation AI models\"",
        "toggle_label = \"  \"",
    );
    let error = Catalog::parse(&bad).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "opt-out \"ai-training\" in the catalog has an empty toggle_label"
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
fn ad_sharing_may_not_appear_in_europe_and_ai_training_appears_everywhere() {
    use linkedin_optout::catalog::Region;
    let catalog = Catalog::shipped().expect("valid");
    let ads = catalog.get("ad-sharing").expect("listed");
    for region in [Region::EuEea, Region::Uk, Region::Switzerland] {
        assert!(!ads.appears_in.contains(&region), "{region:?}");
    }
    assert!(ads.appears_in.contains(&Region::UnitedStates));
    let ai = catalog.get("ai-training").expect("listed");
    assert_eq!(ai.appears_in, Region::ALL);
    let related: Vec<&str> = ads.related.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        related,
        [
            "Ads off LinkedIn",
            "Global Privacy Control",
            "Data from others for ads"
        ]
    );
}
