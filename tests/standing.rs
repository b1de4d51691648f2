//! Re-check reminders: when a confirmation goes stale, with a fixed clock.

mod common;

use common::at;
use linkedin_optout::catalog::{Catalog, FactChange};
use linkedin_optout::progress::Progress;
use linkedin_optout::standing::{DEFAULT_RECHECK_DAYS, StaleReason, Standing};

fn confirmed_on(when: &str, revision: u32) -> Progress {
    let mut progress = Progress::default();
    progress.confirm("ai-training", at(when), revision);
    progress
}

#[test]
fn a_recent_confirmation_holds() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ai-training").expect("listed");
    let record = confirmed_on("2026-06-01T00:00:00Z", 1)
        .record("ai-training")
        .clone();
    let standing = Standing::of(
        item,
        &record,
        at("2026-11-28T00:00:00Z"),
        DEFAULT_RECHECK_DAYS,
    );
    assert_eq!(
        standing,
        Standing::Confirmed,
        "180 days exactly is not past the period"
    );
    assert!(standing.is_done());
}

#[test]
fn an_old_confirmation_goes_stale_and_says_why() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ai-training").expect("listed");
    let record = confirmed_on("2026-06-01T00:00:00Z", 1)
        .record("ai-training")
        .clone();
    let standing = Standing::of(
        item,
        &record,
        at("2026-11-29T00:00:00Z"),
        DEFAULT_RECHECK_DAYS,
    );
    assert_eq!(standing, Standing::Stale(StaleReason::Old { days: 181 }));
    assert_eq!(standing.id(), "stale");
    assert_eq!(standing.marker(), "[!]");
    assert!(!standing.is_done());
    assert_eq!(
        StaleReason::Old { days: 181 }.to_string(),
        "confirmed 181 days ago; LinkedIn can reset settings, check again"
    );
}

#[test]
fn the_recheck_period_can_be_shortened() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ai-training").expect("listed");
    let record = confirmed_on("2026-11-01T00:00:00Z", 1)
        .record("ai-training")
        .clone();
    let now = at("2026-11-29T00:00:00Z");
    assert_eq!(Standing::of(item, &record, now, 180), Standing::Confirmed);
    assert_eq!(
        Standing::of(item, &record, now, 7),
        Standing::Stale(StaleReason::Old { days: 28 })
    );
}

#[test]
fn a_newer_catalog_revision_makes_it_stale_with_the_change_note() {
    let mut catalog = Catalog::shipped().expect("valid");
    let item = catalog
        .items
        .iter_mut()
        .find(|i| i.id == "ai-training")
        .expect("listed");
    item.revision = 2;
    item.changes.push(FactChange {
        revision: 2,
        date: "2026-11-20".parse().expect("date"),
        note: "LinkedIn renamed the toggle.".into(),
    });
    let record = confirmed_on("2026-11-25T00:00:00Z", 1)
        .record("ai-training")
        .clone();
    let standing = Standing::of(item, &record, at("2026-11-29T00:00:00Z"), 180);
    assert_eq!(
        standing,
        Standing::Stale(StaleReason::FactsChanged(vec![
            "LinkedIn renamed the toggle.".into()
        ]))
    );
    assert_eq!(
        StaleReason::FactsChanged(vec!["LinkedIn renamed the toggle.".into()]).to_string(),
        "LinkedIn changed: LinkedIn renamed the toggle."
    );
    // Confirming against the new revision clears it.
    let record = confirmed_on("2026-11-28T00:00:00Z", 2)
        .record("ai-training")
        .clone();
    assert_eq!(
        Standing::of(item, &record, at("2026-11-29T00:00:00Z"), 180),
        Standing::Confirmed
    );
}

#[test]
fn pending_and_opened_items_are_never_stale() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ai-training").expect("listed");
    let mut progress = Progress::default();
    assert_eq!(
        Standing::of(
            item,
            progress.record("ai-training"),
            at("2030-01-01T00:00:00Z"),
            1
        ),
        Standing::Pending
    );
    progress.mark_opened("ai-training", at("2026-01-01T00:00:00Z"), 1);
    assert_eq!(
        Standing::of(
            item,
            progress.record("ai-training"),
            at("2030-01-01T00:00:00Z"),
            1
        ),
        Standing::Opened
    );
}
