//! Saved progress on disk, in temp folders: round trip, atomic save, modes, and bad files.

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use common::{at, noon};
use linkedin_optout::progress::{EventKind, ItemState, Progress};
use linkedin_optout::store::{FileStore, LoadNotice, Store};

fn sample() -> Progress {
    let mut progress = Progress::default();
    progress.mark_opened("ai-training", at("2026-11-29T10:00:00Z"), 1);
    progress.confirm("ai-training", at("2026-11-29T10:05:00Z"), 1);
    progress.mark_opened("ad-sharing", at("2026-11-29T10:06:00Z"), 1);
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
    store.save(&sample()).expect("saved");
    let (_, loaded) = FileStore::open(path, noon());
    assert_eq!(loaded.notice, None);
    assert_eq!(loaded.progress, sample());
}

#[test]
fn the_file_holds_what_the_readme_promises() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&sample()).expect("saved");
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
    store.save(&sample()).expect("saved");
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
    store.save(&sample()).expect("saved");
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
    store.save(&sample()).expect("saved");
    let inode_before = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).expect("meta"));
    let mut more = sample();
    more.confirm("ad-sharing", at("2026-11-29T11:00:00Z"), 1);
    store.save(&more).expect("saved again");
    let inode_after = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path).expect("meta"));
    // A new inode means the file was renamed into place, not rewritten where it stood.
    assert_ne!(inode_before, inode_after);
    assert_eq!(names_in(dir.path()), ["state.json"]);
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
    store.save(&sample()).expect("saved");
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
            "state.json.corrupt-20261129T120000Z-2"
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
    let error = store.save(&sample()).expect_err("read-only");
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
    assert!(store.save(&sample()).is_err());
    assert!(path.is_dir(), "left as it was");
}

#[test]
fn ids_this_build_does_not_know_are_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let mut progress = sample();
    progress.confirm("a-future-opt-out", noon(), 3);
    let (store, _) = FileStore::open(path.clone(), noon());
    store.save(&progress).expect("saved");
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
    store.save(&sample()).expect("saved");
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
    let before = progress.record("ai-training").history;
    progress.unconfirm("ai-training", at("2026-11-30T00:00:00Z"), 1);
    progress.confirm("ai-training", at("2026-11-30T00:01:00Z"), 1);
    let after = progress.record("ai-training").history;
    assert_eq!(after[..before.len()], before[..]);
    let added: Vec<EventKind> = after[before.len()..].iter().map(|e| e.event).collect();
    assert_eq!(added, [EventKind::Unconfirmed, EventKind::Confirmed]);
}
