//! The Windows binary's commands, as a member runs them in PowerShell: progress under the user's
//! AppData, receipts, a record another program holds open, and device names refused. CI runs these
//! under Wine (`cargo test --target x86_64-pc-windows-gnu`), where every test shares one Wine
//! prefix and so one AppData: a test that writes the default folder uses a profile of its own and
//! deletes it, the others name their record with `--state-file`.
// Windows' own behaviour; the same commands on Unix are covered by tests/commands.rs.
#![cfg(windows)]

use std::fs::{File, OpenOptions};
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;

use common::state_of;

/// Runs the binary with `args`; returns its exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_linkedin-optout"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary ran");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `status --json` with `extra` arguments, parsed.
fn status_json(extra: &[&str]) -> Value {
    let mut args = vec!["status", "--json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("status --json is JSON")
}

/// Where Windows keeps this user's local application data, as every process is told.
fn local_app_data() -> PathBuf {
    std::env::var_os("LOCALAPPDATA")
        .map(PathBuf::from)
        .expect("Windows sets LOCALAPPDATA")
}

/// The app's folder in AppData, as the README names it.
fn app_folder() -> PathBuf {
    local_app_data().join("linkedin-optout").join("data")
}

/// A profile of this test run's own in the shared AppData folder; deleted (with `forget`) when
/// dropped, so runs sharing a Wine prefix never see each other's records.
struct OwnProfile(String);

impl OwnProfile {
    fn new(test: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.subsec_nanos());
        Self(format!("{test}-{}-{nanos}", std::process::id()))
    }

    /// `args` for this profile.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["--profile", self.0.as_str()];
        all.extend_from_slice(args);
        run(&all)
    }
}

impl Drop for OwnProfile {
    fn drop(&mut self) {
        let _ = self.run(&["forget", "--yes"]);
    }
}

/// Holds `path` open as a program that shares reading and writing but not deleting does (many
/// editors and backup tools).
fn hold_without_delete_sharing(path: &Path) -> File {
    use windows_sys::Win32::Storage::FileSystem::{FILE_SHARE_READ, FILE_SHARE_WRITE};
    OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE)
        .open(path)
        .expect("held open")
}

#[test]
fn paths_shows_the_record_under_local_app_data() {
    let (code, out, err) = run(&["paths"]);
    assert_eq!(code, 0, "{err}");
    let record = app_folder().join("state.json");
    assert!(
        out.starts_with(&format!("state file:  {}\n", record.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "lock file:   {}\n",
            app_folder().join(".state.json.lock").display()
        )),
        "{out}"
    );
}

#[test]
fn status_json_reads_the_default_record() {
    // Other runs in this prefix may have left the default record in any state: only its shape
    // is this test's business.
    let status = status_json(&[]);
    assert_eq!(status["format_version"], 1);
    assert_eq!(status["profile"], "default");
    let ids: Vec<&str> = status["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["id"].as_str())
        .collect();
    let shipped: Vec<&str> = linkedin_optout::catalog::SHIPPED_IDS
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        ids, shipped,
        "the two opt-outs, then the more privacy switches"
    );
    assert_eq!(ids[..2], ["ai-training", "ad-sharing"]);
}

#[test]
fn confirm_check_and_export_keep_the_record_in_app_data() {
    let profile = OwnProfile::new("windows");
    let record = app_folder().join(format!("state.{}.json", profile.0));

    let (code, _, err) = profile.run(&["check"]);
    assert_eq!(code, 1, "nothing done yet: {err}");
    assert!(err.contains("(ai-training): not done yet"), "{err}");
    assert!(!record.exists(), "check writes nothing");

    let (code, out, err) = profile.run(&["confirm", "ai-training"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Confirmed Data for Generative AI Improvement on 20"),
        "{out}"
    );
    assert!(record.is_file(), "saved in AppData: {}", record.display());
    let (code, out, _) = profile.run(&["paths"]);
    assert_eq!(code, 0);
    assert!(out.contains(&record.display().to_string()), "{out}");

    let status = status_json(&["--profile", &profile.0]);
    assert_eq!(state_of(&status, "ai-training"), "confirmed");
    assert_eq!(state_of(&status, "ad-sharing"), "pending");
    let (code, _, err) = profile.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("ai-training"), "{err}");

    let (code, _, err) = profile.run(&["confirm", "ad-sharing"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = profile.run(&["check"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));

    let (code, markdown, err) = profile.run(&["export"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        markdown.starts_with("# LinkedIn opt-out receipt\n"),
        "{markdown}"
    );
    let (code, json, err) = profile.run(&["export", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let receipt: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(receipt["items"][0]["history"][0]["event"], "confirmed");
    assert_eq!(receipt["items"][1]["history"][0]["event"], "confirmed");

    let (code, out, err) = profile.run(&["forget", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Deleted"), "{out}");
    assert!(!record.exists(), "forget deleted it");
}

#[test]
fn a_record_held_open_without_delete_sharing_is_reported_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = dir.path().join("state.json");
    let state_file = record.to_str().expect("a UTF-8 temp path");
    let (code, _, err) = run(&["--state-file", state_file, "confirm", "ai-training"]);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(&record).expect("saved");

    let held = hold_without_delete_sharing(&record);
    let (code, _, err) = run(&["--state-file", state_file, "confirm", "ad-sharing"]);
    assert_eq!(code, 2, "the save cannot have worked: {err}");
    assert!(err.contains("could not rename"), "{err}");
    drop(held);
    assert_eq!(std::fs::read(&record).expect("still there"), before);
    let status = status_json(&["--state-file", state_file]);
    assert_eq!(state_of(&status, "ai-training"), "confirmed");
    assert_eq!(state_of(&status, "ad-sharing"), "pending");

    // Once the other program lets go, the same command works.
    let (code, _, err) = run(&["--state-file", state_file, "confirm", "ad-sharing"]);
    assert_eq!(code, 0, "{err}");
    let status = status_json(&["--state-file", state_file]);
    assert_eq!(state_of(&status, "ad-sharing"), "confirmed");
}

#[test]
fn device_names_are_refused_as_records() {
    for device in ["NUL", "con", "COM1.json", r"\\.\pipe\linkedin-optout-test"] {
        let (code, _, err) = run(&["--state-file", device, "confirm", "ai-training"]);
        assert_eq!(code, 2, "{device}: {err}");
        assert!(
            err.contains("is a device name, not a file"),
            "{device}: {err}"
        );
    }
}
