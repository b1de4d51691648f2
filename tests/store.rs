//! Saved progress on disk, in temp folders: round trip, atomic save, modes, and bad files.

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use common::{at, noon};
use linkedin_optout::progress::{Change, EventKind, ItemState, Progress};
use linkedin_optout::store::{Disk, FileStore, LoadNotice, Store};

fn change(id: &str, event: EventKind, time: &str) -> Change {
    Change::Item {
        id: id.into(),
        event,
        at: at(time),
        revision: 1,
    }
}

fn sample_changes() -> Vec<Change> {
    vec![
        change("ai-training", EventKind::Opened, "2026-11-29T10:00:00Z"),
        change("ai-training", EventKind::Confirmed, "2026-11-29T10:05:00Z"),
        change("ad-sharing", EventKind::Opened, "2026-11-29T10:06:00Z"),
    ]
}

fn sample() -> Progress {
    let mut progress = Progress::default();
    for change in sample_changes() {
        progress.apply(&change);
    }
    progress
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("exists").permissions().mode() & 0o777
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_missing_file_is_a_fresh_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, loaded) = FileStore::open(dir.path().join("state.json"), noon());
    assert_eq!(loaded.progress, Progress::default());
    assert_eq!(loaded.notice, None);
}

#[test]
fn saved_progress_loads_back_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    let (_, loaded) = FileStore::open(path, noon());
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.progress, sample());
}

#[test]
fn the_file_holds_what_the_readme_promises() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("written")).expect("JSON");
    assert_eq!(json["version"], 1);
    let ai = &json["items"]["ai-training"];
    assert_eq!(ai["state"], "confirmed");
    assert_eq!(ai["opened_at"], "2026-11-29T10:00:00Z");
    assert_eq!(ai["confirmed_at"], "2026-11-29T10:05:00Z");
    assert_eq!(ai["confirmed_revision"], 1);
    assert_eq!(ai["history"][0]["event"], "opened");
    assert_eq!(ai["history"][1]["event"], "confirmed");
    assert_eq!(ai["history"][1]["at"], "2026-11-29T10:05:00Z");
    assert_eq!(json["items"]["ad-sharing"]["state"], "opened");
    assert_eq!(
        json["items"]["ad-sharing"]["confirmed_at"],
        serde_json::Value::Null
    );
}

#[test]
fn the_file_is_0600_and_a_created_folder_0700() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("state").join("linkedin-optout");
    let path = folder.join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&dir.path().join("state")), 0o700);
}

#[test]
fn an_existing_wider_mode_is_tightened_and_an_existing_folder_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = dir.path().join("state.json");
    fs::write(
        &path,
        serde_json::to_vec(&Progress::default()).expect("json"),
    )
    .expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(
        mode(dir.path()),
        0o755,
        "the member's own folder is not changed"
    );
}

#[test]
fn saving_replaces_the_file_whole_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    let inode_before = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).expect("meta"));
    let more = store
        .save(&[change(
            "ad-sharing",
            EventKind::Confirmed,
            "2026-11-29T11:00:00Z",
        )])
        .expect("saved again");
    assert_eq!(more.state("ad-sharing"), ItemState::Confirmed);
    let inode_after = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).expect("meta"));
    // A new inode means the file was renamed into place, not rewritten where it stood.
    assert_ne!(inode_before, inode_after);
    assert_eq!(names_in(dir.path()), ["state.json", "state.lock"]);
    let (_, loaded) = FileStore::open(path, noon());
    assert_eq!(loaded.progress, more);
}

#[test]
fn a_corrupt_file_is_set_aside_never_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let garbage = b"{\"version\": 1, \"items\": {\"ai-training\": [oops";
    fs::write(&path, garbage).expect("write");
    let (store, loaded) = FileStore::open(path.clone(), at("2026-11-29T12:34:56Z"));
    let moved_to = dir.path().join("state.json.corrupt-20261129T123456Z");
    let Some(LoadNotice::SetAside {
        path: named,
        moved_to: named_aside,
        ..
    }) = &loaded.notice
    else {
        panic!("expected a set-aside notice, got {:?}", loaded.notice);
    };
    assert_eq!(named, &path);
    assert_eq!(named_aside, &moved_to);
    assert_eq!(fs::read(&moved_to).expect("kept"), garbage);
    assert_eq!(loaded.progress, Progress::default());
    // The banner names both paths.
    let banner = loaded
        .notice
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(banner.contains(&path.display().to_string()), "{banner}");
    assert!(banner.contains(&moved_to.display().to_string()), "{banner}");
    // A fresh record can be saved, and the set-aside copy stays.
    store.save(&sample_changes()).expect("saved");
    assert_eq!(fs::read(&moved_to).expect("still kept"), garbage);
}

#[test]
fn setting_aside_twice_in_one_second_keeps_both_copies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    for content in ["first", "second"] {
        fs::write(&path, content).expect("write");
        FileStore::open(path.clone(), noon());
    }
    assert_eq!(
        names_in(dir.path()),
        [
            "state.json.corrupt-20261129T120000Z",
            "state.json.corrupt-20261129T120000Z-2",
            "state.lock"
        ]
    );
}

#[test]
fn a_file_from_a_newer_version_is_opened_read_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let newer = br#"{"version": 99, "items": {}, "profiles": ["work"]}"#;
    fs::write(&path, newer).expect("write");
    let (store, loaded) = FileStore::open(path.clone(), noon());
    assert!(matches!(loaded.notice, Some(LoadNotice::ReadOnly { .. })));
    let error = store.save(&sample_changes()).expect_err("read-only");
    assert!(error.to_string().contains("newer"), "{error}");
    assert_eq!(fs::read(&path).expect("untouched"), newer);
}

#[test]
fn an_unreadable_file_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A folder where the file should be cannot be read as a file, even by root.
    let path = dir.path().join("state.json");
    fs::create_dir(&path).expect("mkdir");
    let (store, loaded) = FileStore::open(path.clone(), noon());
    let Some(LoadNotice::ReadOnly { reason, .. }) = &loaded.notice else {
        panic!("expected read-only, got {:?}", loaded.notice);
    };
    assert!(reason.contains("cannot be read"), "{reason}");
    assert!(store.save(&sample_changes()).is_err());
    assert!(path.is_dir(), "left as it was");
}

#[test]
fn ids_this_build_does_not_know_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let mut changes = sample_changes();
    changes.push(change(
        "a-future-opt-out",
        EventKind::Confirmed,
        "2026-11-29T12:00:00Z",
    ));
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&changes).expect("saved");
    let (_, loaded) = FileStore::open(path, noon());
    assert_eq!(
        loaded.progress.state("a-future-opt-out"),
        ItemState::Confirmed
    );
}

#[test]
fn a_symlinked_state_file_is_written_through_and_the_link_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("synced").join("real.json");
    fs::create_dir(dir.path().join("synced")).expect("mkdir");
    fs::write(
        &target,
        serde_json::to_vec(&Progress::default()).expect("json"),
    )
    .expect("write");
    let link: PathBuf = dir.path().join("state.json");
    symlink(&target, &link).expect("symlink");
    let (store, _) = FileStore::open(link.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    assert!(
        fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    let (_, loaded) = FileStore::open(target, noon());
    assert_eq!(loaded.progress, sample());
}

#[test]
fn history_is_append_only() {
    let mut progress = sample();
    let before = progress.record("ai-training").history.clone();
    progress.unconfirm("ai-training", at("2026-11-30T00:00:00Z"), 1);
    progress.confirm("ai-training", at("2026-11-30T00:01:00Z"), 1);
    let after = progress.record("ai-training").history.clone();
    assert_eq!(after[..before.len()], before[..]);
    let added: Vec<EventKind> = after[before.len()..].iter().map(|e| e.event).collect();
    assert_eq!(added, [EventKind::Unconfirmed, EventKind::Confirmed]);
}

/// Writes `bytes` as the state file, loads it, and checks it was set aside intact.
fn assert_set_aside(bytes: &[u8], reason_mentions: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    fs::write(&path, bytes).expect("write");
    let (store, loaded) = FileStore::open(path.clone(), noon());
    let Some(LoadNotice::SetAside {
        moved_to, reason, ..
    }) = &loaded.notice
    else {
        panic!("{bytes:?} was not set aside: {:?}", loaded.notice);
    };
    assert!(
        reason.contains(reason_mentions),
        "{reason:?} lacks {reason_mentions:?}"
    );
    assert_eq!(
        fs::read(moved_to).expect("kept"),
        bytes,
        "original bytes kept"
    );
    assert_eq!(loaded.progress, Progress::default());
    store.save(&sample_changes()).expect("a fresh record saves");
    assert_eq!(fs::read(moved_to).expect("still kept"), bytes);
}

#[test]
fn a_truncated_file_is_set_aside() {
    let mut whole = serde_json::to_vec_pretty(&sample()).expect("json");
    whole.truncate(whole.len() / 2);
    assert_set_aside(&whole, "EOF");
}

#[test]
fn an_empty_file_is_set_aside() {
    assert_set_aside(b"", "empty");
    assert_set_aside(b"  \n", "empty");
}

#[test]
fn wrong_field_types_are_set_aside() {
    assert_set_aside(br#"{"version": "one", "items": {}}"#, "invalid type");
    assert_set_aside(
        br#"{"version": 1, "items": {"ai-training": {"state": 5}}}"#,
        "valid",
    );
    assert_set_aside(
        br#"{"version": 1, "items": {"ai-training": {"state": "confirmed", "confirmed_at": "yesterday"}}}"#,
        "valid",
    );
}

#[test]
fn non_utf8_bytes_are_set_aside() {
    assert_set_aside(b"{\"version\": 1, \"items\": {\"\xff\xfe\": {}}}", "valid");
    assert_set_aside(&[0xff, 0x00, 0x9f, 0x92, 0x96], "valid");
}

#[test]
fn fields_from_a_later_build_of_the_same_format_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let with_extras = br#"{"version": 1, "note": "kept", "items": {"ai-training": {"state": "pending", "opened_at": null, "confirmed_at": null, "confirmed_revision": null, "history": [], "tag": [1, 2]}}}"#;
    fs::write(&path, with_extras).expect("write");
    let (store, loaded) = FileStore::open(path.clone(), noon());
    assert_eq!(loaded.notice, None);
    store.save(&sample_changes()).expect("saved");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("read")).expect("json");
    assert_eq!(json["note"], "kept");
    assert_eq!(
        json["items"]["ai-training"]["tag"],
        serde_json::json!([1, 2])
    );
}

/// A disk that is always full.
struct FullDisk;

impl Disk for FullDisk {
    fn replace(&self, _: &Path, _: &[u8]) -> std::io::Result<()> {
        Err(std::io::Error::from_raw_os_error(28))
    }
}

#[test]
fn a_full_disk_is_reported_and_the_old_file_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample_changes()).expect("saved");
    let before = fs::read(&path).expect("read");
    let (full, _) = FileStore::open_on(path.clone(), noon(), Box::new(FullDisk));
    let error = full
        .save(&[change(
            "ad-sharing",
            EventKind::Confirmed,
            "2026-11-29T11:00:00Z",
        )])
        .expect_err("the disk is full");
    assert_eq!(error.to_string(), "No space left on device");
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[test]
fn a_folder_that_cannot_be_created_is_reported() {
    // Nothing, not even root, can create a folder in /proc.
    let path = PathBuf::from("/proc/linkedin-optout-test/state.json");
    let (store, loaded) = FileStore::open(path, noon());
    assert_eq!(loaded.notice, None, "missing is a fresh start");
    let error = store.save(&sample_changes()).expect_err("cannot save");
    assert!(!error.to_string().is_empty());
}

#[test]
fn a_file_that_went_bad_during_the_session_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
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
fn each_save_applies_on_top_of_what_another_instance_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (first, _) = FileStore::open(path.clone(), noon());
    let (second, _) = FileStore::open(path.clone(), noon());
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
        .expect("saved");
    assert_eq!(merged.state("ai-training"), ItemState::Confirmed);
    assert_eq!(merged.state("ad-sharing"), ItemState::Confirmed);
    let (_, loaded) = FileStore::open(path, noon());
    assert_eq!(loaded.progress, merged);
}

#[test]
fn the_lock_file_is_private_and_sits_beside_the_target() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path, noon());
    store.save(&sample_changes()).expect("saved");
    assert_eq!(mode(&dir.path().join("state.lock")), 0o600);
}

proptest::proptest! {
    #[test]
    fn the_parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        let _ = linkedin_optout::store::parse(&bytes);
    }

    #[test]
    fn the_parser_never_panics_on_near_json(text in r#"\{"version": ?[0-9]{0,12}, "items": \{("[a-z-]{0,12}": \{"state": "(pending|opened|confirmed|x)"[^}]{0,40}\})?\}[^}]{0,8}\}?"#) {
        let _ = linkedin_optout::store::parse(text.as_bytes());
    }
}
