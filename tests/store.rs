//! Saved progress on disk, in temp folders: round trip, atomic save, modes, names, and every
//! kind of file that might sit at the record's path.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::{at, names_in};
use linkedin_optout::catalog::Region;
use linkedin_optout::progress::{
    self, Change, ChangeId, EventKind, FORMAT_VERSION, ItemState, Progress, Unusable,
};
use linkedin_optout::store::files::{RealFiles, Step};
use linkedin_optout::store::{Access, FileStore, LoadNotice, ProfileFiles, Store, names};

fn change(id: &str, event: EventKind, time: &str) -> Change {
    Change::item(id, event, at(time), 1)
}

/// The same three changes (with the same ids) every time they are asked for.
static SAMPLE: std::sync::LazyLock<Vec<Change>> = std::sync::LazyLock::new(|| {
    vec![
        change("ai-training", EventKind::Opened, "2026-11-29T10:00:00Z"),
        change("ai-training", EventKind::Confirmed, "2026-11-29T10:05:00Z"),
        change("ad-sharing", EventKind::Opened, "2026-11-29T10:06:00Z"),
    ]
});

fn sample_changes() -> Vec<Change> {
    SAMPLE.clone()
}

fn sample() -> Progress {
    let mut progress = Progress::default();
    for change in sample_changes() {
        progress.apply(&change);
    }
    progress
}

fn writer(path: &Path) -> (FileStore, linkedin_optout::store::Loaded) {
    FileStore::open(path.to_path_buf(), Access::ReadWrite)
}

fn reader(path: &Path) -> (FileStore, linkedin_optout::store::Loaded) {
    FileStore::open(path.to_path_buf(), Access::ReadOnly)
}

#[cfg(unix)] // File modes are Unix's.
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

#[test]
fn a_missing_file_is_a_fresh_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, loaded) = writer(&dir.path().join("state.json"));
    assert_eq!(loaded.progress, Progress::default());
    assert_eq!(loaded.notice, None);
}

#[test]
fn saved_progress_loads_back_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.progress, sample());
}

#[test]
fn the_file_holds_what_the_readme_promises_compactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = writer(&path);
    let mut changes = sample_changes();
    changes.push(Change::Region(Region::Uk));
    changes.push(change(
        "ad-sharing",
        EventKind::NotOffered,
        "2026-11-29T10:07:00Z",
    ));
    store.save(&changes).expect("saved");
    let bytes = fs::read(&path).expect("written");
    assert!(
        bytes.starts_with(b"{\"version\":2,"),
        "compact, version first"
    );
    assert_eq!(bytes.iter().filter(|b| **b == b'\n').count(), 1, "one line");
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(json["version"], FORMAT_VERSION);
    assert_eq!(json["region"], "uk");
    let ai = &json["items"]["ai-training"];
    assert_eq!(ai["state"], "confirmed");
    assert_eq!(ai["opened_at"], "2026-11-29T10:00:00Z");
    assert_eq!(ai["confirmed_at"], "2026-11-29T10:05:00Z");
    assert_eq!(ai["confirmed_revision"], 1);
    assert_eq!(ai["history"][0]["event"], "opened");
    assert_eq!(ai["history"][1]["event"], "confirmed");
    assert_eq!(ai["history"][1]["at"], "2026-11-29T10:05:00Z");
    assert_eq!(ai["history"][1]["change"].as_str().map(str::len), Some(16));
    let ads = &json["items"]["ad-sharing"];
    assert_eq!(ads["state"], "not_offered");
    assert_eq!(ads["not_offered_at"], "2026-11-29T10:07:00Z");
}

#[test]
fn a_version_1_record_is_read_and_upgraded_on_its_first_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let v1 = br#"{
  "version": 1,
  "items": {
    "ai-training": {
      "state": "confirmed",
      "opened_at": "2026-11-28T09:00:00Z",
      "confirmed_at": "2026-11-28T09:03:00Z",
      "confirmed_revision": 1,
      "history": [
        { "at": "2026-11-28T09:00:00Z", "event": "opened", "revision": 1 },
        { "at": "2026-11-28T09:03:00Z", "event": "confirmed", "revision": 1 }
      ]
    },
    "ad-sharing": { "state": "pending", "opened_at": null, "confirmed_at": null,
                    "confirmed_revision": null, "history": [] }
  },
  "region": "canada"
}
"#;
    fs::write(&path, v1).expect("write");
    let (store, loaded) = writer(&path);
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.progress.state("ai-training"), ItemState::Confirmed);
    assert_eq!(loaded.progress.region, Some(Region::Canada));
    assert_eq!(loaded.progress.record("ai-training").history.len(), 2);
    store
        .save(&[change(
            "ad-sharing",
            EventKind::Opened,
            "2026-11-29T10:00:00Z",
        )])
        .expect("saved");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("read")).expect("JSON");
    assert_eq!(json["version"], 2);
    assert_eq!(
        json["items"]["ai-training"]["history"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[cfg(unix)] // File modes are Unix's; on Windows the AppData folder's ACL protects the record.
#[test]
fn the_file_is_0600_and_a_created_folder_0700() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("state").join("linkedin-optout");
    let path = folder.join("state.json");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&dir.path().join("state")), 0o700);
    assert_eq!(mode(&names::lock_path(&path)), 0o600);
}

#[cfg(unix)] // File modes are Unix's.
#[test]
fn an_existing_wider_mode_is_tightened_and_an_existing_folder_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = dir.path().join("state.json");
    fs::write(&path, progress::to_json(&Progress::default())).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(
        mode(dir.path()),
        0o755,
        "the member's own folder is not changed"
    );
}

#[test]
fn saving_replaces_the_file_whole_and_leaves_only_the_record_and_its_lock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    let more = store
        .save(&[change(
            "ad-sharing",
            EventKind::Confirmed,
            "2026-11-29T11:00:00Z",
        )])
        .expect("saved again")
        .progress;
    assert_eq!(more.state("ad-sharing"), ItemState::Confirmed);
    assert_eq!(names_in(dir.path()), [".state.json.lock", "state.json"]);
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.progress, more);
}

#[test]
fn read_only_opens_create_lock_rename_and_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    // A damaged record, which a writer would set aside.
    fs::write(&path, b"{\"version\":2,\"items\":{\"ai-train").expect("write");
    let (store, loaded) = reader(&path);
    assert!(matches!(
        loaded.notice,
        Some(LoadNotice::Damaged {
            will_set_aside: false,
            ..
        })
    ));
    assert!(store.save(&sample_changes()).is_err());
    assert_eq!(names_in(dir.path()), ["state.json"]);
    // A missing folder is not created either.
    let (store, _) = reader(&dir.path().join("nowhere").join("state.json"));
    assert!(store.save(&sample_changes()).is_err());
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_damaged_record_is_set_aside_only_at_the_first_save_of_a_writer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let damaged = b"{\"version\": 2, \"items\": {\"ai-training\": {\"state\": \"confirm";
    fs::write(&path, damaged).expect("write");
    let (store, loaded) = writer(&path);
    let Some(
        notice @ LoadNotice::Damaged {
            will_set_aside: true,
            ..
        },
    ) = &loaded.notice
    else {
        panic!("expected a damaged notice, got {:?}", loaded.notice);
    };
    let banner = notice.to_string();
    assert!(banner.contains("first change"), "{banner}");
    assert!(banner.contains(&path.display().to_string()), "{banner}");
    // Loading alone moved nothing.
    assert_eq!(fs::read(&path).expect("still there"), damaged);
    let saved = store.save(&sample_changes()).expect("saved");
    let moved_to = saved.set_aside.expect("set aside before the save");
    assert_eq!(fs::read(&moved_to).expect("kept"), damaged);
    assert!(names::is_set_aside_of(
        &moved_to.file_name().expect("name").to_string_lossy(),
        &path
    ));
    assert_eq!(saved.progress, sample());
    // The next save does not set anything aside again.
    let again = store
        .save(&[change(
            "ad-sharing",
            EventKind::Confirmed,
            "2026-11-29T11:00:00Z",
        )])
        .expect("saved");
    assert_eq!(again.set_aside, None);
}

fn assert_damaged(bytes: &[u8], reason_mentions: &str) {
    match progress::parse(bytes) {
        Err(Unusable::Damaged(reason)) => {
            assert!(reason.contains(reason_mentions), "{reason:?} for {bytes:?}");
        }
        other => panic!("expected damage for {bytes:?}, got {other:?}"),
    }
}

#[test]
fn what_counts_as_a_damaged_record_of_ours() {
    let whole = progress::to_json(&sample());
    assert_damaged(&whole[..whole.len() / 2], "EOF");
    assert_damaged(b"{\"vers", "EOF");
    assert_damaged(
        br#"{"version": 1, "items": {"ai-training": {"state": 5}}}"#,
        "invalid type",
    );
    assert_damaged(
        br#"{"version": 1, "items": {"ai-training": {"state": "confirmed", "history": [{"at": "yesterday", "event": "opened", "revision": 1}]}}}"#,
        "",
    );
    assert_damaged(
        b"{\"version\": 1, \"items\": {\"ai-training\": {\"state\": \"\xff\xfe\"}}}",
        "",
    );
    // A mark without its date, edited by hand: it could be neither shown nor undone.
    assert_damaged(
        br#"{"version": 1, "items": {"ai-training": {"state": "confirmed"}}}"#,
        "confirmed_at",
    );
    assert_damaged(
        br#"{"version": 2, "items": {"ad-sharing": {"state": "not_offered", "history": []}}}"#,
        "not_offered_at",
    );
    // Cut off anywhere in its beginning, a record is still ours.
    let beginning = b"{\n  \"version\": 12,\n  \"items\": {";
    for end in 1..=beginning.len() {
        assert!(
            progress::begins_like_record(&beginning[..end]),
            "{:?}",
            String::from_utf8_lossy(&beginning[..end])
        );
    }
}

#[test]
fn a_key_named_twice_is_damage_never_merged() {
    assert_damaged(
        br#"{"version":2,"items":{"ai-training":{"state":"confirmed","confirmed_at":"2026-11-28T09:03:00Z","history":[]},"ai-training":{"state":"pending","history":[]}}}"#,
        "appears twice",
    );
    assert_damaged(
        br#"{"version":2,"items":{"ai-training":{"state":"pending","state":"opened","history":[]}}}"#,
        "appears twice",
    );
    assert_damaged(br#"{"version":2,"items":{},"items":{}}"#, "appears twice");
    assert_damaged(
        br#"{"version":2,"items":{},"later":1,"later":2}"#,
        "appears twice",
    );
    assert_damaged(
        br#"{"version":2,"items":{"ad-sharing":{"state":"opened","history":[{"at":"2026-01-01T00:00:00Z","event":"opened","revision":1,"revision":2}]}}}"#,
        "appears twice",
    );
}

#[test]
fn another_programs_file_is_not_ours_and_never_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in [
        (".bashrc", b"export PATH=$HOME/bin:$PATH\n".as_slice()),
        (
            "package.json",
            br#"{"version": "1.0.0", "name": "x"}"#.as_slice(),
        ),
        ("list.json", b"[1, 2, 3]".as_slice()),
        ("binary", [0xff_u8, 0x00, 0x9f, 0x92, 0x96].as_slice()),
        ("object.json", br#"{"items": {}}"#.as_slice()),
        // JSON with comments and trailing commas, as VS Code writes it: not strict JSON, and
        // once taken for a damaged record of ours (it begins with "version").
        (
            "launch.json",
            b"{\n  \"version\": \"0.2.0\",\n  // mine\n  \"configurations\": [{},]\n}\n".as_slice(),
        ),
        // Our shape exactly, but items of its own: valid, damaged for us, or keys reversed.
        (
            "todo.json",
            br#"{"version": 1, "items": {"buy-milk": {"title": "Buy milk", "done": false}}}"#
                .as_slice(),
        ),
        (
            "tasks.json",
            br#"{"version": 1, "items": {"buy-milk": {"state": "pending", "note": "2 litres"}}}"#
                .as_slice(),
        ),
        (
            "reversed.json",
            br#"{"items": {"x": {"y": 1}}, "version": 2}"#.as_slice(),
        ),
        // Our shape, items of its own, and not strict JSON: a comment, a trailing comma.
        (
            "commented.json",
            b"{\"version\": 1, \"items\": {\"buy-milk\": {\"done\": true}}, // x\n}\n".as_slice(),
        ),
        (
            "comma.json",
            br#"{"version": 1, "items": {"buy-milk": {"done": true},}}"#.as_slice(),
        ),
        // JSON lines, each an object with a version.
        (
            "log.jsonl",
            b"{\"version\": 1, \"event\": \"start\"}\n{\"version\": 1, \"event\": \"stop\"}\n"
                .as_slice(),
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, bytes).expect("write");
        let (store, loaded) = writer(&path);
        assert!(
            matches!(loaded.notice, Some(LoadNotice::NotOurs { .. })),
            "{name}: {:?}",
            loaded.notice
        );
        let error = store.save(&sample_changes()).expect_err("refused");
        assert!(
            error.to_string().contains("not a linkedin-optout record"),
            "{error}"
        );
        assert!(store.set_aside_for_reset(&mut |_| {}).is_err());
        assert!(store.forget(&mut |_| {}).is_err());
        assert_eq!(fs::read(&path).expect("untouched"), bytes, "{name}");
    }
    assert_eq!(
        names_in(dir.path()),
        [
            ".bashrc",
            "binary",
            "comma.json",
            "commented.json",
            "launch.json",
            "list.json",
            "log.jsonl",
            "object.json",
            "package.json",
            "reversed.json",
            "tasks.json",
            "todo.json"
        ],
        "no lock, no copy, nothing renamed"
    );
}

#[test]
fn an_empty_file_holds_no_record_and_is_replaced_by_the_first_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mine.json");
    fs::write(&path, b"  \n").expect("touch");
    let (store, loaded) = writer(&path);
    assert_eq!(loaded.notice, None);
    store.save(&sample_changes()).expect("saved");
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.progress, sample());
}

#[test]
fn a_later_format_or_value_opens_read_only_and_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    for bytes in [
        br#"{"version": 3, "items": {}}"#.as_slice(),
        br#"{"version": 18446744073709551616, "items": {}}"#.as_slice(),
        br#"{"version": 99999999999999999999999999, "items": {}}"#.as_slice(),
        br#"{"version": "2", "items": {}}"#.as_slice(),
        br#"{"version": 2.0, "items": {}}"#.as_slice(),
        br#"{"version": 0, "items": {}}"#.as_slice(),
        br#"{"version": 2, "items": {}, "region": "mars"}"#.as_slice(),
        br#"{"version": 2, "items": {"ai-training": {"state": "frozen", "history": []}}}"#.as_slice(),
        br#"{"version": 2, "items": {"ai-training": {"state": "opened", "history": [{"at": "2026-01-01T00:00:00Z", "event": "teleported", "revision": 1}]}}}"#.as_slice(),
        br#"{"version": 2, "items": {}, "language": "tlh"}"#.as_slice(),
    ] {
        fs::write(&path, bytes).expect("write");
        let (store, loaded) = writer(&path);
        let Some(LoadNotice::ReadOnly { reason, .. }) = &loaded.notice else {
            panic!("{}: {:?}", String::from_utf8_lossy(bytes), loaded.notice);
        };
        assert!(reason.contains("newer"), "{reason}");
        assert!(store.save(&sample_changes()).is_err());
        assert_eq!(fs::read(&path).expect("untouched"), bytes);
    }
    assert_eq!(names_in(dir.path()), ["state.json"]);
}

#[test]
fn fields_a_later_build_added_are_kept_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    fs::write(
        &path,
        br#"{"version":2,"items":{"ai-training":{"state":"opened","opened_at":"2026-11-28T09:00:00Z","history":[{"at":"2026-11-28T09:00:00Z","event":"opened","revision":1,"device":"phone"}],"pinned":true},"future-item":{"state":"pending","history":[],"x":[1,2]}},"big":12345678901234567890123,"exact":1.2345678901234567890e22,"nested":{"a":[true,null]}}"#,
    )
    .expect("write");
    let (store, loaded) = writer(&path);
    assert_eq!(loaded.notice, None);
    store
        .save(&[change(
            "ai-training",
            EventKind::Confirmed,
            "2026-11-29T10:00:00Z",
        )])
        .expect("saved");
    let text = fs::read_to_string(&path).expect("read");
    for kept in [
        r#""big":12345678901234567890123"#,
        r#""exact":1.2345678901234567890e22"#,
        r#""nested":{"a":[true,null]}"#,
        r#""pinned":true"#,
        r#""device":"phone""#,
        r#""future-item":{"state":"pending","history":[],"x":[1,2]}"#,
    ] {
        assert!(text.contains(kept), "{kept} is not kept in {text}");
    }
}

#[test]
fn a_change_applies_once_however_often_it_is_retried() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = writer(&path);
    let confirm = change("ai-training", EventKind::Confirmed, "2026-11-29T10:00:00Z");
    for _ in 0..3 {
        store.save(std::slice::from_ref(&confirm)).expect("saved");
    }
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.progress.record("ai-training").history.len(), 1);
    // The same event with another id is another event.
    store
        .save(&[Change::Item {
            change: ChangeId::new(),
            id: "ai-training".into(),
            event: EventKind::Confirmed,
            at: at("2026-11-29T10:00:00Z"),
            revision: 1,
            takes_back: None,
        }])
        .expect("saved");
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.progress.record("ai-training").history.len(), 2);
}

#[test]
fn each_save_applies_on_top_of_what_another_instance_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (first, _) = writer(&path);
    let (second, _) = writer(&path);
    first
        .save(&[change(
            "ai-training",
            EventKind::Confirmed,
            "2026-11-29T10:00:00Z",
        )])
        .expect("saved");
    let merged = second
        .save(&[change(
            "ad-sharing",
            EventKind::Confirmed,
            "2026-11-29T10:01:00Z",
        )])
        .expect("saved")
        .progress;
    assert_eq!(merged.state("ai-training"), ItemState::Confirmed);
    assert_eq!(merged.state("ad-sharing"), ItemState::Confirmed);
}

#[test]
fn a_change_on_disk_is_noticed_cheaply_and_only_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (mine, _) = writer(&path);
    let (other, _) = writer(&path);
    assert_eq!(mine.reload_if_changed(), None, "nothing changed");
    mine.save(&sample_changes()).expect("saved");
    assert_eq!(mine.reload_if_changed(), None, "its own save is not news");
    other
        .save(&[change(
            "ai-training",
            EventKind::Unconfirmed,
            "2026-11-29T11:00:00Z",
        )])
        .expect("saved");
    let fresh = mine.reload_if_changed().expect("seen");
    assert_eq!(fresh.state("ai-training"), ItemState::Opened);
    assert_eq!(mine.reload_if_changed(), None, "once");
}

#[test]
fn a_file_that_went_bad_during_the_session_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    fs::write(&path, b"{ broken by hand").expect("write");
    let error = store
        .save(&[change(
            "ad-sharing",
            EventKind::Confirmed,
            "2026-11-29T11:00:00Z",
        )])
        .expect_err("refused");
    assert!(error.to_string().contains("left as it is"), "{error}");
    assert_eq!(fs::read(&path).expect("read"), b"{ broken by hand");
}

#[test]
fn a_folder_where_the_file_should_be_is_read_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    fs::create_dir(&path).expect("mkdir");
    let (store, loaded) = writer(&path);
    let Some(LoadNotice::ReadOnly { reason, .. }) = &loaded.notice else {
        panic!("{:?}", loaded.notice);
    };
    assert!(reason.contains("a folder"), "{reason}");
    assert!(store.save(&sample_changes()).is_err());
    assert!(path.is_dir());
    assert_eq!(names_in(dir.path()), ["state.json"]);
}

#[test]
fn the_lock_never_collides_with_any_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A record named like a lock still has a lock of its own.
    let lock_named = dir.path().join("my.lock");
    assert_ne!(names::lock_path(&lock_named), lock_named);
    let (store, _) = writer(&lock_named);
    store
        .save(&sample_changes())
        .expect("a record called my.lock saves");
    // With an extension-less base, profile "lock" is state.lock: not the default's lock.
    let base = dir.path().join("state");
    let profiles = ProfileFiles::new(base.clone());
    let lock_profile = profiles.path("lock");
    assert_eq!(lock_profile, dir.path().join("state.lock"));
    assert_ne!(names::lock_path(&base), lock_profile);
    for profile in ["default", "lock", "work", "a-b_c"] {
        let record = profiles.path(profile);
        for other in ["default", "lock", "work", "a-b_c"] {
            assert_ne!(names::lock_path(&record), profiles.path(other));
        }
    }
}

#[test]
fn only_real_profile_records_are_listed_as_profiles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("state.json");
    let profiles = ProfileFiles::new(base.clone());
    for profile in ["default", "work"] {
        let (store, _) = writer(&profiles.path(profile));
        store.save(&sample_changes()).expect("saved");
    }
    for stray in [
        "state.json.corrupt-20261130T104000Z",
        ".state.json.tmp-AbC123",
        "state.UPPER.json",
        "state.a.b.json",
        "state..json",
        "other.work.json",
    ] {
        fs::write(dir.path().join(stray), b"x").expect("write");
    }
    fs::create_dir(dir.path().join("state.folder.json")).expect("mkdir");
    assert_eq!(profiles.existing("default"), ["default", "work"]);
    // Extension-less: no lock, copy or temporary file is taken for a profile.
    let bare = dir.path().join("bare");
    let bare_profiles = ProfileFiles::new(bare.clone());
    let (store, _) = writer(&bare);
    store.save(&sample_changes()).expect("saved");
    let (store, _) = FileStore::open(bare.clone(), Access::ReadWrite);
    store.set_aside_for_reset(&mut |_| {}).expect("reset");
    assert_eq!(bare_profiles.existing("default"), ["default"]);
}

#[test]
fn the_lock_of_earlier_versions_is_taken_while_it_exists_and_removed_when_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let old = dir.path().join("state.lock");
    fs::write(&old, b"").expect("the old lock");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    assert!(
        !old.exists(),
        "the empty old lock is gone after the first save"
    );
    // Held by an old build mid-save: the new one waits, then gives up naming it.
    fs::write(&old, b"").expect("the old lock again");
    let held = fs::File::open(&old).expect("open");
    held.lock().expect("held");
    let (store, _) = FileStore::open_with(
        path.clone(),
        Access::ReadWrite,
        Arc::new(RealFiles),
        Duration::from_millis(300),
    );
    let error = store
        .save(&sample_changes())
        .expect_err("waits, then gives up");
    assert_eq!(error.step, Some(Step::Lock));
    assert!(error.to_string().contains("state.lock"), "{error}");
}

/// Beside a record of another name (`--state-file ~/x.json`), an empty `x.lock` may be another
/// program's: a save and `forget` leave it as it is.
#[test]
fn another_name_s_empty_lock_is_never_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.json");
    let theirs = dir.path().join("x.lock");
    fs::write(&theirs, b"").expect("another program's lock");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    assert!(theirs.exists(), "a save removed {}", theirs.display());
    assert!(!store.own_files().contains(&theirs));
    store.forget(&mut |_| {}).expect("forgotten");
    assert!(theirs.exists(), "forget removed {}", theirs.display());
}

#[test]
fn a_held_lock_is_waited_for_a_bounded_time_and_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let lock_path = names::lock_path(&path);
    let lock = fs::File::create(&lock_path).expect("create");
    lock.lock().expect("held by 'another instance'");
    let (store, _) = FileStore::open_with(
        path.clone(),
        Access::ReadWrite,
        Arc::new(RealFiles),
        Duration::from_millis(400),
    );
    let mut told = Vec::new();
    let error = store
        .save_with(&sample_changes(), &mut |p| told.push(p.to_path_buf()))
        .expect_err("gives up");
    assert_eq!(error.step, Some(Step::Lock));
    assert!(error.to_string().contains(".state.json.lock"), "{error}");
    assert_eq!(told, [lock_path], "told once that it waits");
    // Readers never wait: they take no lock.
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.notice, None);
    drop(lock);
    store.save(&sample_changes()).expect("saved once free");
}

#[test]
fn a_very_long_file_name_still_saves_with_short_companions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = format!("{}.json", "x".repeat(245));
    let path = dir.path().join(name);
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    let (_, loaded) = reader(&path);
    assert_eq!(loaded.progress, sample());
    assert!(names::lock_path(&path).file_name().expect("name").len() <= 255);
}

#[test]
fn temporary_files_of_a_killed_save_are_removed_once_a_minute_old() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let stale = dir.path().join(".state.json.tmp-Ab12Cd");
    let fresh = dir.path().join(".state.json.tmp-Zz99Yy");
    let foreign = dir.path().join(".state.json.tmp-notours");
    for file in [&stale, &fresh, &foreign] {
        fs::write(file, b"half").expect("write");
    }
    let old = std::time::SystemTime::now() - Duration::from_secs(120);
    fs::File::options()
        .write(true)
        .open(&stale)
        .expect("open")
        .set_modified(old)
        .expect("age it");
    fs::File::options()
        .write(true)
        .open(&foreign)
        .expect("open")
        .set_modified(old)
        .expect("age it");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    assert!(!stale.exists(), "ours and old: removed");
    assert!(fresh.exists(), "ours but young: maybe another save's, kept");
    assert!(foreign.exists(), "not our exact name pattern: kept");
}

#[test]
fn reset_and_forget_touch_only_this_records_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let other = dir.path().join("state.work.json");
    let (store, _) = writer(&path);
    store.save(&sample_changes()).expect("saved");
    let (work, _) = writer(&other);
    work.save(&sample_changes()).expect("saved");
    fs::write(dir.path().join("notes.txt"), b"mine").expect("write");
    let kept = store
        .set_aside_for_reset(&mut |_| {})
        .expect("reset")
        .expect("there was a record");
    assert!(kept.to_string_lossy().contains("state.json.reset-"));
    store.save(&sample_changes()).expect("a fresh record");
    let own = store.own_files();
    assert!(own.contains(&path) && own.contains(&kept), "{own:?}");
    let deleted = store.forget(&mut |_| {}).expect("forgotten");
    assert_eq!(deleted.len(), 3, "record, reset copy, lock: {deleted:?}");
    assert_eq!(
        names_in(dir.path()),
        [".state.work.json.lock", "notes.txt", "state.work.json"]
    );
}

#[cfg(unix)] // Windows lets only administrators and developer mode make symlinks.
#[test]
fn symlinks_are_followed_once_and_kept() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real");
    fs::create_dir(&real).expect("mkdir");
    let target = real.join("record.json");
    let link = dir.path().join("state.json");

    // A dangling link creates its target, and stays a link.
    symlink(&target, &link).expect("link");
    let (store, _) = writer(&link);
    store
        .save(&sample_changes())
        .expect("saved through the link");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(reader(&target).1.progress, sample());
    assert_eq!(
        store.lock_path(),
        names::lock_path(&target),
        "locked beside the target"
    );

    // A chain of links resolves to the same target.
    let chain = dir.path().join("chain.json");
    symlink(&link, &chain).expect("link to link");
    assert_eq!(reader(&chain).1.progress, sample());

    // A damaged target is set aside; the link is kept and points at the fresh record.
    fs::write(&target, b"{\"version\":2,\"items\":{").expect("damage");
    let (store, _) = writer(&link);
    let saved = store.save(&sample_changes()).expect("saved");
    let moved_to = saved.set_aside.expect("set aside");
    assert_eq!(moved_to.parent(), Some(real.as_path()), "beside the target");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );

    // Reset sets the target's contents aside and keeps the link.
    let kept = store
        .set_aside_for_reset(&mut |_| {})
        .expect("reset")
        .expect("kept");
    assert_eq!(kept.parent(), Some(real.as_path()));
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );

    // A loop of links is refused, not followed forever.
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    symlink(&b, &a).expect("link");
    symlink(&a, &b).expect("link");
    let (store, loaded) = writer(&a);
    assert!(matches!(loaded.notice, Some(LoadNotice::ReadOnly { .. })));
    assert!(store.save(&sample_changes()).is_err());
}

#[cfg(unix)] // FIFOs are Unix's; Windows' pipes are refused by name (tests/windows.rs).
#[test]
fn a_fifo_at_the_path_never_hangs_and_is_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("state.json");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: mkfifo(3) with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let (store, loaded) = writer(&fifo);
    let Some(LoadNotice::ReadOnly { reason, .. }) = &loaded.notice else {
        panic!("{:?}", loaded.notice);
    };
    assert!(reason.contains("FIFO"), "{reason}");
    assert!(store.save(&sample_changes()).is_err());
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(
            &fs::symlink_metadata(&fifo)
                .expect("still there")
                .file_type()
        ),
        "still a FIFO"
    );
    assert_eq!(names_in(dir.path()), ["state.json"]);
}

#[cfg(unix)] // File modes are Unix's; tests/windows.rs holds a record open instead.
#[test]
fn an_unreadable_file_is_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    if common::is_root() {
        // Root reads anything: the mode below would not stop it.
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    fs::write(&path, progress::to_json(&sample())).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    let (store, loaded) = writer(&path);
    assert!(matches!(loaded.notice, Some(LoadNotice::ReadOnly { .. })));
    assert!(store.save(&sample_changes()).is_err());
}

proptest::proptest! {
    #[test]
    fn the_parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        let _ = progress::parse(&bytes);
    }

    #[test]
    fn the_parser_never_panics_on_near_json(text in r#"\{"version": ?[0-9]{0,12}, "items": \{("[a-z-]{0,12}": \{"state": "(pending|opened|confirmed|x)"[^}]{0,40}\})?\}[^}]{0,8}\}?"#) {
        let _ = progress::parse(text.as_bytes());
    }

    #[test]
    fn whatever_is_saved_reads_back_the_same(events in proptest::collection::vec((0usize..2, 0usize..5, 0i64..2_000_000_000), 0..40)) {
        let mut progress = Progress::default();
        let ids = ["ai-training", "ad-sharing"];
        for (id, kind, second) in events {
            let at = jiff::Timestamp::from_second(second).expect("in range");
            progress.apply(&Change::item(ids[id], EventKind::ALL[kind], at, 1));
        }
        let back = progress::parse(&progress::to_json(&progress)).expect("reads back");
        proptest::prop_assert_eq!(back, progress);
    }
}
