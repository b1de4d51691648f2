//! Every command, run as the real binary with its folders in a temp dir.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod common;

use common::{Home, state_of};

/// Running the binary from a temp home.
trait Commands {
    fn command(&self) -> Command;
    fn command_with_path(&self, path: &Path) -> Command;
    fn run(&self, args: &[&str]) -> (i32, String, String);
    fn status_json(&self, extra: &[&str]) -> Value;
}

impl Commands for Home {
    /// The app with a clean environment and no browser launcher anywhere on PATH.
    fn command(&self) -> Command {
        self.command_with_path(&self.path("nobin"))
    }

    fn command_with_path(&self, path: &Path) -> Command {
        // The binary itself: `cargo_bin` would wrap it in CARGO_TARGET_<triple>_RUNNER, which
        // under Wine is a Linux script the Windows test cannot start.
        let mut command = Command::new(env!("CARGO_BIN_EXE_linkedin-optout"));
        command
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.path("home"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("TZ", "UTC");
        command
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut command = self.command();
        // Windows asks the system for the AppData folder, which no environment variable moves:
        // each test names its own record as a member can (tests/windows.rs covers the default).
        if cfg!(windows) && !args.contains(&"--state-file") {
            command.arg("--state-file").arg(self.state_file());
        }
        let output = command.args(args).output().expect("ran");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn status_json(&self, extra: &[&str]) -> Value {
        let mut args = vec!["status", "--json"];
        args.extend_from_slice(extra);
        let (code, out, err) = self.run(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).expect("status --json is JSON")
    }
}

#[test]
fn status_on_a_fresh_start_lists_both_opt_outs() {
    let home = Home::new();
    let (code, out, err) = home.run(&["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "Profile default, region not set, LinkedIn in English (from your system): 0 of 2 \
             opt-outs done; more privacy switches: 0 of 8 done\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "ai-training          pending         -          Data for Generative AI Improvement"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "ad-sharing           pending         -          Share data with affiliates and partners"
        ),
        "{out}"
    );
    assert!(out.contains("Facts as of 2026-08-22."), "{out}");
    assert!(
        out.contains("not_applicable (the setting does not exist in your region)"),
        "{out}"
    );
    assert!(
        !home.state_folder().exists(),
        "status writes and creates nothing"
    );
}

#[test]
fn status_json_has_the_documented_fields() {
    let home = Home::new();
    let status = home.status_json(&[]);
    let first = &status["items"][0];
    assert_eq!(first["id"], "ai-training");
    assert_eq!(first["title"], "Data for Generative AI Improvement");
    assert_eq!(
        first["url"],
        "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"
    );
    assert_eq!(first["state"], "pending");
    for field in [
        "confirmed_at",
        "opened_at",
        "not_offered_at",
        "stale_reason",
    ] {
        assert_eq!(first[field], Value::Null, "{field}");
    }
    assert_eq!(status["format_version"], 1);
    assert_eq!(status["facts_as_of"], "2026-08-22");
    assert_eq!(
        status["states"],
        serde_json::json!([
            "pending",
            "opened",
            "confirmed",
            "stale",
            "not_applicable",
            "not_offered"
        ])
    );
}

#[test]
fn confirm_and_unconfirm_are_saved_and_shared_with_the_app() {
    let home = Home::new();
    let (code, out, err) = home.run(&["confirm", "ai-training"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Confirmed Data for Generative AI Improvement on 20"),
        "{out}"
    );
    let status = home.status_json(&[]);
    assert_eq!(state_of(&status, "ai-training"), "confirmed");
    assert!(status["items"][0]["confirmed_at"].is_string());
    let saved = home.state_folder().join("state.json");
    assert!(saved.exists(), "the app's own file");
    assert!(
        home.state_folder().join(".state.json.lock").exists(),
        "saved under the app's lock"
    );

    let (code, out, _) = home.run(&["unconfirm", "ai-training"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Data for Generative AI Improvement is no longer confirmed.\n"
    );
    assert_eq!(state_of(&home.status_json(&[]), "ai-training"), "pending");
    let (code, out, _) = home.run(&["unconfirm", "ai-training"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("was neither confirmed nor marked; nothing changed"),
        "{out}"
    );
}

#[test]
fn an_unknown_id_is_an_error_that_lists_the_valid_ones() {
    let home = Home::new();
    for command in ["open", "confirm", "unconfirm", "not-offered"] {
        let (code, _, err) = home.run(&[command, "ai"]);
        assert_eq!(code, 2, "{command}");
        // clap's own words, from the ids it was given as possible values.
        assert!(
            err.starts_with("error: invalid value 'ai' for '<ID>'\n")
                && err.contains(
                    "[possible values: ai-training, ad-sharing, ads-off-linkedin, \
                     data-from-others, measure-ad-success, research, age-range, gender, \
                     interests-and-traits, inferred-location]"
                )
                && err.contains("a similar value exists: 'ai-training'"),
            "{command}: {err}"
        );
        assert!(!home.state_folder().exists(), "{command} wrote nothing");
    }
}

#[test]
fn check_exits_1_saying_what_needs_you_and_0_when_all_is_done() {
    let home = Home::new();
    let (code, out, err) = home.run(&["check"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.contains("Data for Generative AI Improvement (ai-training): not done yet"));
    assert!(err.contains("(ad-sharing): not done yet. Open it: linkedin-optout open ad-sharing"));
    assert!(!err.contains(".."), "{err}");
    // Opened: the next step is to confirm, not to open again.
    let opened = home.path("home").join("opened.json");
    let opened_arg = opened.to_str().expect("UTF-8");
    home.run(&["--state-file", opened_arg, "region", "canada"]);
    fs::write(
        &opened,
        r#"{"version":2,"items":{"ai-training":{"state":"opened","opened_at":"2026-11-01T00:00:00Z","history":[]}}}"#,
    )
    .expect("write");
    let (_, _, err) = home.run(&["--state-file", opened_arg, "check"]);
    assert!(
        err.contains(
            "opened but not confirmed. Once its toggle is off: linkedin-optout confirm ai-training"
        ),
        "{err}"
    );

    home.run(&["confirm", "ai-training"]);
    let (code, _, err) = home.run(&["check"]);
    assert_eq!(code, 1);
    assert!(!err.contains("ai-training"), "{err}");

    home.run(&["confirm", "ad-sharing"]);
    let (code, out, err) = home.run(&["check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", ""),
        "silent when done"
    );
}

#[test]
fn check_exits_2_when_the_record_cannot_be_used() {
    let home = Home::new();
    fs::create_dir_all(home.state_folder().join("state.json")).expect("a folder in the way");
    let (code, _, err) = home.run(&["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a folder, not a file"), "{err}");
}

#[test]
fn help_documents_the_exit_codes() {
    let home = Home::new();
    for args in [&["--help"][..], &["check", "--help"][..]] {
        let (code, out, _) = home.run(args);
        assert_eq!(code, 0);
        assert!(out.contains("Exit codes:"), "{out}");
        assert!(out.contains("1  something needs you"), "{out}");
    }
}

#[cfg(unix)] // A fake xdg-open on PATH; Windows opens pages through ShellExecute instead.
#[test]
fn open_hands_the_exact_url_to_the_browser_and_marks_it_opened() {
    let home = Home::new();
    home.install_fake_browser();
    let path =
        std::env::join_paths([home.path("bin"), "/usr/bin".into(), "/bin".into()]).expect("PATH");
    let output = home
        .command_with_path(Path::new(&path))
        .args(["open", "ad-sharing"])
        .output()
        .expect("ran");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        fs::read_to_string(home.opened_log()).expect("the browser ran"),
        "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners\n"
    );
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("then run: linkedin-optout confirm ad-sharing"),
        "{out}"
    );
    assert_eq!(state_of(&home.status_json(&[]), "ad-sharing"), "opened");
}

#[cfg(unix)] // An empty PATH has no launcher; on Windows ShellExecute would open a real browser.
#[test]
fn open_without_a_browser_prints_the_address_and_exits_1() {
    let home = Home::new();
    let (code, _, err) = home.run(&["open", "ai-training"]);
    assert_eq!(code, 1);
    assert!(err.contains("could not open a browser"), "{err}");
    assert!(
        err.contains("https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement")
    );
    assert_eq!(state_of(&home.status_json(&[]), "ai-training"), "pending");
}

#[test]
fn export_writes_a_receipt_in_markdown_and_json() {
    let home = Home::new();
    home.run(&["confirm", "ai-training"]);
    let (code, markdown, _) = home.run(&["export"]);
    assert_eq!(code, 0);
    assert!(
        markdown.starts_with("# LinkedIn opt-out receipt\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("against the facts of revision 1"),
        "{markdown}"
    );
    assert!(!markdown.contains("catalog revision"), "{markdown}");
    let (code, json, _) = home.run(&["export", "--format", "json"]);
    assert_eq!(code, 0);
    let receipt: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(receipt["items"][0]["history"][0]["event"], "confirmed");
    assert_eq!(receipt["items"][0]["settled_against_revision"], 1);
    let (code, _, _) = home.run(&["export", "--format", "pdf"]);
    assert_eq!(code, 2, "clap refuses an unknown format");
}

#[test]
fn region_is_set_shown_and_marks_settings_that_may_not_appear() {
    let home = Home::new();
    let (code, out, _) = home.run(&["region"]);
    assert_eq!((code, out.as_str()), (0, "not set\n"));
    let (code, out, _) = home.run(&["region", "eu-eea"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Region set to EU/EEA.\nShare data with affiliates and partners does not exist in your region: \
         nothing to do.\nOff in your region unless you agreed to them; check each once: Age range, \
         Gender, Interests and traits, Inferred city location.\n"
    );
    assert_eq!(home.run(&["region"]).1, "eu-eea\n");
    let (_, status, _) = home.run(&["status"]);
    assert!(status.contains("region EU/EEA"), "{status}");
    assert!(
        status.contains("ad-sharing           not applicable  -"),
        "{status}"
    );
    assert_eq!(home.status_json(&[])["region"], "eu-eea");
    // An EU member finishes with the one opt-out that exists for them.
    home.run(&["confirm", "ai-training"]);
    let (code, _, err) = home.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = home.run(&["region", "mars"]);
    assert_eq!(code, 2);
    assert!(err.contains("eu-eea, uk, switzerland"), "{err}");
}

#[test]
fn reset_keeps_the_old_record_and_asks_unless_told_not_to() {
    let home = Home::new();
    home.run(&["confirm", "ai-training"]);
    let (code, _, err) = home.run(&["reset"]);
    assert_eq!(code, 2, "no terminal to ask on");
    assert!(err.contains("pass --yes"), "{err}");
    assert_eq!(state_of(&home.status_json(&[]), "ai-training"), "confirmed");

    let (code, out, _) = home.run(&["reset", "--yes"]);
    assert_eq!(code, 0);
    assert!(out.contains("The old record is kept as"), "{out}");
    assert_eq!(state_of(&home.status_json(&[]), "ai-training"), "pending");
    let kept: Vec<String> = fs::read_dir(home.state_folder())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("state.json.reset-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let (code, out, _) = home.run(&["reset", "--yes"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Nothing to reset"), "{out}");
}

#[test]
fn profiles_keep_separate_records() {
    let home = Home::new();
    home.run(&["--profile", "recruiter", "confirm", "ad-sharing"]);
    assert_eq!(state_of(&home.status_json(&[]), "ad-sharing"), "pending");
    let recruiter = home.status_json(&["--profile", "recruiter"]);
    assert_eq!(state_of(&recruiter, "ad-sharing"), "confirmed");
    assert_eq!(recruiter["profile"], "recruiter");
    assert!(home.state_folder().join("state.recruiter.json").exists());
    let (_, paths, _) = home.run(&["paths"]);
    assert!(paths.contains("default"), "{paths}");
    assert!(paths.contains("recruiter"), "{paths}");
    let (code, _, err) = home.run(&["--profile", "Work Account", "status"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a profile name"), "{err}");
}

#[test]
fn paths_names_the_state_file_and_its_lock() {
    let home = Home::new();
    let (code, out, _) = home.run(&["paths"]);
    assert_eq!(code, 0);
    let folder = home.state_folder();
    assert!(
        out.contains(&format!(
            "state file:  {}",
            folder.join("state.json").display()
        )),
        "{out}"
    );
    assert!(out.contains(&format!(
        "lock file:   {}",
        folder.join(".state.json.lock").display()
    )));
    assert!(!folder.exists(), "paths creates nothing");
}

#[test]
fn state_file_moves_everything() {
    let home = Home::new();
    let custom = home.path("home").join("optouts.json");
    let custom_arg = custom.to_str().expect("UTF-8");
    home.run(&["--state-file", custom_arg, "confirm", "ai-training"]);
    assert!(custom.exists());
    assert!(!home.state_folder().exists());
}

#[test]
fn completions_are_printed_for_each_shell() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, _) = home.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("linkedin-optout"), "{shell}");
        assert!(out.contains("recheck-days"), "{shell}");
    }
}

#[test]
fn not_offered_settles_an_item_and_unconfirm_takes_it_back() {
    let home = Home::new();
    home.run(&["confirm", "ai-training"]);
    let (code, out, err) = home.run(&["not-offered", "ad-sharing"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("LinkedIn does not show you Share data with affiliates and partners"),
        "{out}"
    );
    assert_eq!(
        state_of(&home.status_json(&[]), "ad-sharing"),
        "not_offered"
    );
    assert_eq!(home.run(&["check"]).0, 0, "settled counts as done");
    let (code, out, _) = home.run(&["unconfirm", "ad-sharing"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("no longer marked \"not shown to me\""),
        "{out}"
    );
    assert_eq!(state_of(&home.status_json(&[]), "ad-sharing"), "pending");
    assert_eq!(home.run(&["check"]).0, 1);
}

#[test]
fn the_language_comes_from_the_environment_until_chosen() {
    let home = Home::new();
    let run_with = |lang: &str, args: &[&str]| {
        let output = home
            .command()
            .env("LANG", lang)
            .args(args)
            .output()
            .expect("ran");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    assert_eq!(
        run_with("de_DE.UTF-8", &["language"]),
        (0, "de (from your system)\n".into())
    );
    assert_eq!(
        run_with("pt_BR.UTF-8", &["language"]),
        (0, "pt-BR (from your system)\n".into())
    );
    assert_eq!(
        run_with("C", &["language"]),
        (0, "en (from your system)\n".into())
    );
    assert_eq!(run_with("de_DE.UTF-8", &["language", "fr"]).0, 0);
    assert_eq!(
        run_with("de_DE.UTF-8", &["language"]),
        (0, "fr (chosen)\n".into())
    );
    assert_eq!(run_with("de_DE.UTF-8", &["language", "auto"]).0, 0);
    assert_eq!(
        run_with("it_IT.UTF-8", &["language"]),
        (0, "it (from your system)\n".into())
    );
    let (code, _, err) = home.run(&["language", "klingon"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("de") && err.contains("pt-BR") && err.contains("auto"),
        "{err}"
    );
}

#[test]
fn forget_lists_then_deletes_only_this_profiles_files() {
    let home = Home::new();
    home.run(&["confirm", "ai-training"]);
    home.run(&["reset", "--yes"]);
    home.run(&["confirm", "ai-training"]);
    home.run(&["--profile", "work", "confirm", "ad-sharing"]);
    let (code, _, err) = home.run(&["forget"]);
    assert_eq!(code, 2, "asks first; no terminal here");
    assert!(err.contains("pass --yes"), "{err}");
    let (_, paths, _) = home.run(&["paths"]);
    assert!(paths.contains("kept copies"), "{paths}");
    let (code, out, err) = home.run(&["forget", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("These files of profile default will be deleted"),
        "{out}"
    );
    assert!(out.contains("Deleted 3 files"), "{out}");
    let left: Vec<String> = fs::read_dir(home.state_folder())
        .expect("the work profile keeps the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut left = left;
    left.sort();
    assert_eq!(left, [".state.work.json.lock", "state.work.json"]);
    let (code, out, _) = home.run(&["forget", "--yes"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Nothing to forget"), "{out}");
}

/// Many `unconfirm`s at once (a script run twice, two shells) record the one undo there was to
/// make: each decides on the record it read, and the save applies it only if that still holds.
#[test]
fn unconfirm_run_many_times_at_once_records_one_undo() {
    let home = Home::new();
    let (code, _, err) = home.run(&["confirm", "ai-training"]);
    assert_eq!(code, 0, "{err}");
    let state = home.state_file();
    let state = state.to_str().expect("a UTF-8 temp path");
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_linkedin-optout"));
            command
                .env_clear()
                .env("PATH", home.path("nobin"))
                .env("HOME", home.path("home"))
                .env("XDG_STATE_HOME", home.path("state"))
                .env("TZ", "UTC")
                .args(["--state-file", state, "unconfirm", "ai-training"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("started")
        })
        .collect();
    let mut said = Vec::new();
    for child in children {
        let output = child.wait_with_output().expect("waited");
        assert!(output.status.success(), "{output:?}");
        said.push(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let receipt = home.status_json(&[]);
    assert_eq!(state_of(&receipt, "ai-training"), "pending");
    let (_, markdown, _) = home.run(&["export", "--format", "markdown"]);
    assert_eq!(
        markdown.matches("unconfirmed").count(),
        1,
        "one undo in the history:\n{markdown}\nsaid: {said:#?}"
    );
    assert!(
        said.iter().all(|text| text.contains("no longer confirmed")
            || text.contains("Nothing changed")
            || text.contains("neither confirmed")),
        "{said:#?}"
    );
}

/// A record that could not be read gives no receipt and no status: what they would say is of an
/// empty record ("pending", "not yet"), which is false. `check` already refused.
#[test]
fn a_record_that_cannot_be_read_gives_no_receipt_and_no_status() {
    let home = Home::new();
    fs::create_dir_all(home.state_folder()).expect("folder");
    // Edited by hand, a date without its time.
    fs::write(
        home.state_file(),
        r#"{"version":2,"items":{"ai-training":{"state":"confirmed","confirmed_at":"2025-11-30","history":[]}}}"#,
    )
    .expect("written");
    for args in [
        &["export"][..],
        &["export", "--format", "json"],
        &["status"],
        &["status", "--json"],
        &["check"],
        &["region"],
        &["language"],
    ] {
        let (code, out, err) = home.run(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains("could not be used"), "{args:?}: {err}");
    }
}

/// `not-offered` marks nothing where the setting does not exist, as `n` in the checklist.
#[test]
fn not_offered_marks_nothing_where_the_setting_does_not_exist() {
    let home = Home::new();
    assert_eq!(home.run(&["region", "eu-eea"]).0, 0);
    let (code, out, err) = home.run(&["not-offered", "ad-sharing"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Nothing to mark"), "{out}");
    let status = home.status_json(&[]);
    assert_eq!(state_of(&status, "ad-sharing"), "not_applicable");
    let (_, receipt, _) = home.run(&["export", "--format", "markdown"]);
    assert_eq!(
        receipt.matches("History: nothing yet").count(),
        10,
        "{receipt}"
    );
}

/// The more privacy switches' ids, from the shipped catalog (tests/catalog.rs asserts them).
fn more_ids() -> Vec<String> {
    let catalog = linkedin_optout::catalog::Catalog::shipped().expect("valid");
    catalog
        .group(linkedin_optout::catalog::Group::More)
        .map(|item| item.id.clone())
        .collect()
}

/// `check` stays about the two opt-outs; `check --all` covers the more privacy switches too.
#[test]
fn check_is_about_the_two_opt_outs_and_check_all_about_all_ten() {
    let home = Home::new();
    assert_eq!(home.run(&["region", "united-states"]).0, 0);
    let (code, _, err) = home.run(&["check"]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 2, "{err}");
    for id in ["ai-training", "ad-sharing"] {
        assert_eq!(home.run(&["confirm", id]).0, 0);
    }
    let (code, out, err) = home.run(&["check"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let (code, _, err) = home.run(&["check", "--all"]);
    assert_eq!(code, 1);
    for id in more_ids() {
        let id = id.as_str();
        assert!(
            err.contains(&format!(
                "({id}): not done yet. Open it: linkedin-optout open {id}"
            )),
            "{id}: {err}"
        );
    }
    assert!(!err.contains("(ai-training)"), "{err}");
    for id in more_ids() {
        let id = id.as_str();
        let (code, out, err) = home.run(&["confirm", id]);
        assert_eq!(code, 0, "{id}: {err}");
        assert!(out.contains("Confirmed"), "{id}: {out}");
    }
    let (code, out, err) = home.run(&["check", "--all"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let (_, status, _) = home.run(&["status"]);
    assert!(
        status.contains("2 of 2 opt-outs done; more privacy switches: 8 of 8 done"),
        "{status}"
    );
}

/// `status --json` names each item's group and who backs its address; the receipts carry the
/// caution where only a third-party tool does.
#[test]
fn status_json_and_the_receipts_name_the_group_and_a_third_party_only_address() {
    let home = Home::new();
    let status = home.status_json(&[]);
    let items = status["items"].as_array().expect("items");
    assert_eq!(items.len(), 10);
    let field = |id: &str, name: &str| -> Value {
        items
            .iter()
            .find(|item| item["id"] == id)
            .map(|item| item[name].clone())
            .unwrap_or_default()
    };
    for id in ["ai-training", "ad-sharing"] {
        assert_eq!(field(id, "group"), "opt-outs", "{id}");
        assert_eq!(field(id, "url_backed_by"), "linkedin-legal-page", "{id}");
    }
    for id in more_ids() {
        let id = id.as_str();
        assert_eq!(field(id, "group"), "more", "{id}");
        let backed = if matches!(id, "data-from-others" | "measure-ad-success") {
            "linkedin-legal-page"
        } else {
            "third-party-tool"
        };
        assert_eq!(field(id, "url_backed_by"), backed, "{id}");
        assert_eq!(field(id, "state"), "pending", "{id}");
    }
    home.run(&["region", "eu-eea"]);
    let status = home.status_json(&[]);
    let applicability = |id: &str| {
        status["items"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["id"] == id))
            .map(|item| item["applicability"].clone())
            .unwrap_or_default()
    };
    assert_eq!(applicability("age-range"), "off_unless_agreed");
    assert_eq!(applicability("research"), "applies");

    let (code, receipt, _) = home.run(&["export", "--format", "markdown"]);
    assert_eq!(code, 0);
    let section = |id: &str| -> String {
        let start = receipt
            .find(&format!("(`{id}`)"))
            .unwrap_or_else(|| panic!("{id} in {receipt}"));
        let rest = &receipt[start..];
        rest[..rest[1..].find("\n## ").map_or(rest.len(), |end| end + 1)].to_owned()
    };
    let caution = "- Caution: only a third-party tool backs this address, not LinkedIn.";
    assert!(section("ads-off-linkedin").contains(caution));
    assert!(section("ads-off-linkedin").contains("- Group: More privacy switches"));
    assert!(!section("data-from-others").contains(caution));
    assert!(section("ai-training").contains("- Group: Opt-outs"));
    assert!(
        section("age-range").contains("- Off unless you agreed"),
        "the consent note: {}",
        section("age-range")
    );
}

/// Found in a member's trial: the consent note was only on screen; and a confirmation found
/// where the setting does not exist was followed by "Not in your region: nothing to do."
#[test]
fn the_consent_note_reaches_check_and_status_and_a_found_setting_is_not_called_absent() {
    let home = Home::new();
    assert_eq!(home.run(&["region", "eu-eea"]).0, 0);
    let (code, _, err) = home.run(&["check", "--all"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Age range (age-range): not done yet.")
            && err.contains("  Off unless you agreed: in the EU, EEA and Switzerland"),
        "{err}"
    );
    let (_, status, _) = home.run(&["status"]);
    assert!(status.contains("  Off unless you agreed"), "{status}");
    assert_eq!(home.run(&["confirm", "ad-sharing"]).0, 0);
    let (_, status, _) = home.run(&["status"]);
    assert!(
        status.contains("ad-sharing           confirmed"),
        "{status}"
    );
    assert!(!status.contains("Not in your region"), "{status}");
}

/// `open` with no browser names the broader page for an address only a third-party tool backs.
#[cfg(unix)] // An empty PATH has no launcher; on Windows ShellExecute would open a real browser.
#[test]
fn open_without_a_browser_names_the_broader_page_for_a_third_party_address() {
    let home = Home::new();
    let (code, _, err) = home.run(&["open", "ads-off-linkedin"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "Caution: only a third-party tool backs this address, not LinkedIn. If it does not \
             show the setting, start from:\nhttps://www.linkedin.com/mypreferences/d/categories/ads"
        ),
        "{err}"
    );
    let (_, _, err) = home.run(&["open", "data-from-others"]);
    assert!(!err.contains("Caution"), "{err}");
}
