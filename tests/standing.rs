//! Re-check reminders: when a confirmation goes stale, with a fixed clock.

mod common;

use common::at;
use linkedin_optout::catalog::{Catalog, FactChange};
use linkedin_optout::progress::{Change, EventKind, Progress};
use linkedin_optout::standing::{DEFAULT_RECHECK_DAYS, Mark, StaleReason, Standing};

fn confirmed_on(when: &str, revision: u32) -> Progress {
    let mut progress = Progress::default();
    progress.apply(&Change::item(
        "ai-training",
        EventKind::Confirmed,
        at(when),
        revision,
    ));
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
        None,
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
        None,
        at("2026-11-29T00:00:00Z"),
        DEFAULT_RECHECK_DAYS,
    );
    assert_eq!(
        standing,
        stale(StaleReason::Old {
            days: 181,
            mark: Mark::Confirmed
        })
    );
    assert_eq!(standing.id(), "stale");
    assert_eq!(standing.marker(), "[!]");
    assert!(!standing.is_done());
    assert_eq!(
        StaleReason::Old {
            days: 181,
            mark: Mark::Confirmed
        }
        .to_string(),
        "confirmed 181 days ago, and LinkedIn can reset settings."
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
    assert_eq!(
        Standing::of(item, &record, None, now, 180),
        Standing::Confirmed
    );
    assert_eq!(
        Standing::of(item, &record, None, now, 7),
        stale(StaleReason::Old {
            days: 28,
            mark: Mark::Confirmed
        })
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
    let standing = Standing::of(item, &record, None, at("2026-11-29T00:00:00Z"), 180);
    assert_eq!(
        standing,
        stale(StaleReason::FactsChanged(vec![
            "LinkedIn renamed the toggle.".into()
        ]))
    );
    assert_eq!(
        StaleReason::FactsChanged(vec!["LinkedIn renamed the toggle.".into()]).to_string(),
        "LinkedIn renamed the toggle."
    );
    // Confirming against the new revision clears it.
    let record = confirmed_on("2026-11-28T00:00:00Z", 2)
        .record("ai-training")
        .clone();
    assert_eq!(
        Standing::of(item, &record, None, at("2026-11-29T00:00:00Z"), 180),
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
            None,
            at("2030-01-01T00:00:00Z"),
            1
        ),
        Standing::Pending
    );
    progress.apply(&Change::item(
        "ai-training",
        EventKind::Opened,
        at("2026-01-01T00:00:00Z"),
        1,
    ));
    assert_eq!(
        Standing::of(
            item,
            progress.record("ai-training"),
            None,
            at("2030-01-01T00:00:00Z"),
            1
        ),
        Standing::Opened
    );
}

fn stale(reason: StaleReason) -> Standing {
    Standing::Stale {
        mark: Mark::Confirmed,
        reason,
    }
}

#[test]
fn a_not_offered_mark_goes_stale_like_a_confirmation() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("ai-training").expect("listed");
    let mut progress = Progress::default();
    progress.apply(&Change::item(
        "ai-training",
        EventKind::NotOffered,
        at("2026-01-01T00:00:00Z"),
        1,
    ));
    let record = progress.record("ai-training");
    assert_eq!(
        Standing::of(item, record, None, at("2026-02-01T00:00:00Z"), 180),
        Standing::NotOffered
    );
    assert_eq!(
        Standing::of(item, record, None, at("2026-11-29T00:00:00Z"), 180),
        Standing::Stale {
            mark: Mark::NotOffered,
            reason: StaleReason::Old {
                days: 332,
                mark: Mark::NotOffered
            }
        }
    );
}

#[test]
fn every_state_word_is_listed_for_scripts() {
    for word in [
        "pending",
        "opened",
        "confirmed",
        "stale",
        "not_applicable",
        "not_offered",
    ] {
        assert!(Standing::IDS.contains(&word), "{word}");
    }
}
