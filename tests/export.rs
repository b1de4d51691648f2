//! Receipts, with a fixed clock so they can be compared whole.

mod common;

use common::at;
use insta::assert_snapshot;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use linkedin_optout::args::ExportFormat;
use linkedin_optout::catalog::{Catalog, Region};
use linkedin_optout::cli::{self, Context, Output};
use linkedin_optout::io::Clock;
use linkedin_optout::language::Language;
use linkedin_optout::progress::{Change, EventKind};
use linkedin_optout::store::{Access, FileStore, ProfileFiles, Store};

struct FixedClock(Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

fn item(id: &str, event: EventKind, time: &str) -> Change {
    Change::item(id, event, at(time), 1)
}

/// Runs `command` on a record made of `changes`, at the fixed moment `now`: its exit code,
/// stdout and stderr.
fn run_on(
    changes: &[Change],
    now: &str,
    command: impl FnOnce(&Context, &mut Output) -> u8,
) -> (u8, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), Access::ReadWrite);
    store.save(changes).expect("saved");
    let (store, loaded) = FileStore::open(path.clone(), Access::ReadOnly);
    let catalog = Catalog::shipped().expect("valid");
    let profiles = ProfileFiles::new(path);
    let clock = FixedClock(at(now));
    let ctx = Context {
        catalog: &catalog,
        profile: "default",
        profiles: &profiles,
        store: &store,
        loaded,
        clock: &clock,
        recheck_days: 180,
        time_zone: TimeZone::UTC,
        system_language: Language::English,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = command(
        &ctx,
        &mut Output {
            out: &mut out,
            err: &mut err,
        },
    );
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8");
    (code, text(out), text(err))
}

/// Runs `export` on a record with some history, at a fixed moment.
fn receipt(format: ExportFormat, now: &str) -> String {
    let changes = [
        Change::Region(Region::Canada),
        item("ai-training", EventKind::Opened, "2026-05-01T08:00:00Z"),
        item("ai-training", EventKind::Confirmed, "2026-05-01T08:02:00Z"),
        item("ad-sharing", EventKind::Opened, "2026-11-20T18:30:00Z"),
        item("ad-sharing", EventKind::Confirmed, "2026-11-20T18:31:00Z"),
        item("ad-sharing", EventKind::Unconfirmed, "2026-11-21T07:00:00Z"),
    ];
    let (code, out, err) = run_on(&changes, now, |ctx, output| {
        cli::export(ctx, output, format)
    });
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn markdown_receipt() {
    // Late enough that the May confirmation is past the 180-day re-check period.
    assert_snapshot!(receipt(ExportFormat::Markdown, "2026-11-29T12:00:00Z"));
}

#[test]
fn json_receipt() {
    assert_snapshot!(receipt(ExportFormat::Json, "2026-06-01T12:00:00Z"));
}

/// `check` with a fixed clock two years on: silent once all is done, old facts or not (it runs
/// from shell start-up files); the note about old facts comes with work to do.
#[test]
fn check_is_silent_when_all_is_done_even_with_old_facts() {
    let catalog = Catalog::shipped().expect("valid");
    // Confirmed the day before, against the facts as they are.
    let confirmed = |id: &str| {
        let revision = catalog.get(id).expect("listed").revision;
        Change::item(
            id,
            EventKind::Confirmed,
            at("2028-11-28T08:00:00Z"),
            revision,
        )
    };
    for done in [true, false] {
        let mut changes = vec![
            Change::Region(Region::UnitedStates),
            confirmed("ai-training"),
        ];
        if done {
            changes.push(confirmed("ad-sharing"));
        }
        let (code, _, err) = run_on(&changes, "2028-11-29T12:00:00Z", |ctx, output| {
            cli::check(ctx, output, false)
        });
        if done {
            assert_eq!((code, err.as_str()), (0, ""));
        } else {
            assert_eq!(code, 1);
            assert!(err.contains("over a year ago"), "{err}");
        }
    }
}
