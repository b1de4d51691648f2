//! Shell completions: each shell's script carries the ids, regions, languages, formats and shells;
//! bash's completion function, run in a real bash, completes every case a member would try; fish
//! and zsh are smoke-tested where installed. Printing them, or the manual page, never panics.

mod common;

use std::process::{Command, Output, Stdio};

use clap::{CommandFactory, ValueEnum};
use clap_complete::aot::Shell;
use linkedin_optout::args::Cli;
use linkedin_optout::catalog::{Catalog, Region};
use linkedin_optout::completions::{
    self, PositionalValues, fix_bash_states, with_elvish_values, with_fish_values,
    with_powershell_values,
};
use linkedin_optout::language::Language;

fn script(shell: Shell) -> String {
    String::from_utf8(completions::script(shell).expect("generated")).expect("UTF-8")
}

fn ids() -> Vec<String> {
    let catalog = Catalog::shipped().expect("the shipped catalog loads");
    catalog.items.into_iter().map(|item| item.id).collect()
}

fn regions() -> Vec<&'static str> {
    Region::ALL.iter().map(|region| region.id()).collect()
}

fn languages() -> Vec<&'static str> {
    let mut codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
    codes.push("auto");
    codes
}

fn shells() -> Vec<String> {
    Shell::value_variants()
        .iter()
        .filter_map(|shell| shell.to_possible_value())
        .map(|value| value.get_name().to_owned())
        .collect()
}

fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect()
}

#[test]
fn every_shell_offers_the_ids_regions_languages_formats_and_shells() {
    for shell in Shell::value_variants() {
        let script = script(*shell);
        let expected = ids()
            .into_iter()
            .chain(regions().into_iter().map(str::to_owned))
            .chain(languages().into_iter().map(str::to_owned))
            .chain(shells())
            .chain(subcommands())
            .chain(["recheck-days", "state-file"].map(str::to_owned));
        for word in expected {
            assert!(script.contains(&word), "{shell}: {word} is not offered");
        }
        if *shell != Shell::PowerShell && *shell != Shell::Elvish {
            // Their generators complete no option values (see the README).
            assert!(script.contains("markdown"), "{shell}: no export formats");
        }
    }
}

/// Every state bash's word loop records (`cmd="…"`) has an arm that completes it.
#[test]
fn each_bash_state_has_its_arm() {
    let script = script(Shell::Bash);
    let states: Vec<&str> = script
        .lines()
        .filter_map(|line| line.trim().strip_prefix("cmd=\""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .filter(|state| !state.is_empty())
        .collect();
    assert!(states.len() > subcommands().len(), "{states:?}");
    for state in states {
        assert!(
            script
                .lines()
                .any(|line| line.trim() == format!("{state})")),
            "no arm completes {state}"
        );
    }
}

#[test]
fn the_bash_fix_respells_only_the_arms() {
    let upstream = "\
            my__app,run)
                cmd=\"my__app__subcmd__run\"
                ;;
        my__subcmd__app__subcmd__run)
            opts=\"-h --fast\"
        my__subcmd__app__subcmd__help__subcmd__run)
";
    let fixed = fix_bash_states(upstream, "my-app");
    assert_eq!(
        fixed,
        upstream
            .replace(
                "        my__subcmd__app__subcmd__run)",
                "        my__app__subcmd__run)"
            )
            .replace("my__subcmd__app__subcmd__help", "my__app__subcmd__help")
    );
    // A script that agrees with itself, or a name without a hyphen, passes through.
    assert_eq!(fix_bash_states(&fixed, "my-app"), fixed);
    assert_eq!(fix_bash_states(upstream, "myapp"), upstream);
}

fn sample() -> Vec<PositionalValues> {
    vec![PositionalValues {
        subcommand: "open".into(),
        values: vec![
            ("ai-training".into(), "Member's data".into()),
            ("bare".into(), String::new()),
        ],
    }]
}

#[test]
fn values_go_into_the_right_powershell_and_elvish_blocks() {
    let powershell = "\
        'linkedin-optout;open' {
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Help')
            break
        }
        'linkedin-optout;paths' {
            break
        }
";
    let with = with_powershell_values(powershell, &sample());
    let lines: Vec<&str> = with.lines().collect();
    assert_eq!(
        lines[2],
        "            [CompletionResult]::new('ai-training', 'ai-training', \
         [CompletionResultType]::ParameterValue, 'Member''s data')"
    );
    assert_eq!(
        lines[3],
        "            [CompletionResult]::new('bare', 'bare', \
         [CompletionResultType]::ParameterValue, 'bare')",
        "PowerShell refuses an empty tooltip"
    );
    assert_eq!(lines[4].trim(), "break");
    assert_eq!(lines.len(), powershell.lines().count() + 2, "{with}");

    let elvish = "\
        &'linkedin-optout;open'= {
            cand --help 'Help'
        }
        &'linkedin-optout;paths'= {
        }
";
    let with = with_elvish_values(elvish, &sample());
    let lines: Vec<&str> = with.lines().collect();
    assert_eq!(lines[2], "            cand 'ai-training' 'Member''s data'");
    assert_eq!(lines[3], "            cand 'bare' ''");
    assert_eq!(lines[4].trim(), "}");
    assert_eq!(lines.len(), elvish.lines().count() + 2, "{with}");
}

#[test]
fn fish_gets_a_rule_per_value() {
    let with = with_fish_values("", &sample());
    assert!(
        with.contains(
            "complete -c linkedin-optout -n '__fish_seen_subcommand_from open; and not \
             __fish_seen_subcommand_from ai-training bare' -f -a 'ai-training' -d 'Member\\'s data'\n"
        ),
        "{with}"
    );
    assert!(with.contains("-f -a 'bare'\n"), "{with}");
}

/// Runs `args` as the real binary, its stdout going to `stdout`.
fn run(args: &[&str], stdout: Stdio) -> Output {
    let home = tempfile::tempdir().expect("temp dir");
    Command::new(env!("CARGO_BIN_EXE_linkedin-optout"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("ran")
}

#[test]
fn a_reader_that_went_away_ends_printing_quietly() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "fish"],
        &["man"],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = run(args, writer.into());
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
}

#[cfg(target_os = "linux")] // /dev/full is Linux's.
#[test]
fn a_full_disk_is_reported_with_exit_2() {
    for args in [
        &["completions", "bash"][..],
        &["completions", "fish"],
        &["man"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let output = run(args, full.into());
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("linkedin-optout: cannot write the "),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

// bash, zsh and fish are Unix shells; the script checks above run everywhere.
#[cfg(unix)]
mod in_shells {
    use super::*;

    use std::fs;
    use std::path::{Path, PathBuf};

    use crate::common::tool;
    use linkedin_optout::completions::BIN_NAME;

    /// The generated script for `shell`, saved in a temp dir (kept alive by the returned guard).
    fn saved(shell: Shell) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("{BIN_NAME}.{shell}"));
        fs::write(&path, script(shell)).expect("saved");
        (dir, path)
    }

    /// What bash's completion function for the binary offers for `line`, the cursor at its end.
    /// The function is the one `complete -p linkedin-optout` names.
    fn bash_completes(bash: &Path, script: &Path, line: &str) -> Vec<String> {
        let mut words: Vec<&str> = line.split_whitespace().collect();
        if line.ends_with(' ') {
            words.push("");
        }
        let quoted: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
        let program = format!(
            r#"source '{script}' || exit 3
spec=$(complete -p {BIN_NAME}) || exit 4
function=${{spec##*-F }}
function=${{function%% *}}
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE='{line}'
COMP_POINT=${{#COMP_LINE}}
# compopt complains outside a real completion; what matters is COMPREPLY.
"$function" {BIN_NAME} "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}" 2>/dev/null
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
            script = script.display(),
            words = quoted.join(" "),
            cword = words.len() - 1,
        );
        // A folder with a file in it, to see that file names are not offered where they do
        // not belong.
        let cwd = tempfile::tempdir().expect("temp dir");
        fs::write(cwd.path().join("some-file"), "").expect("file");
        let output = Command::new(bash)
            .args(["--norc", "--noprofile", "-c", &program])
            .current_dir(cwd.path())
            .output()
            .expect("bash ran");
        assert!(
            output.status.success(),
            "bash failed for {line:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn includes_all(offered: &[String], expected: &[String], line: &str) {
        for word in expected {
            assert!(
                offered.contains(word),
                "{line:?} does not offer {word}: {offered:?}"
            );
        }
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn bash_completes_every_case() {
        let Some(bash) = tool("bash", true) else {
            return;
        };
        let (_dir, script) = saved(Shell::Bash);
        let completes = |line: &str| bash_completes(&bash, &script, line);

        includes_all(
            &completes("linkedin-optout "),
            &subcommands(),
            "subcommands",
        );
        includes_all(
            &completes("linkedin-optout status --"),
            &strings(&["--json", "--profile", "--state-file"]),
            "status --",
        );
        includes_all(
            &completes("linkedin-optout --profile work status --"),
            &strings(&["--json"]),
            "after a global option",
        );
        for command in ["open", "confirm", "unconfirm", "not-offered"] {
            let line = format!("linkedin-optout {command} ");
            includes_all(&completes(&line), &ids(), &line);
            let line = format!("linkedin-optout {command} a");
            let starting_with_a: Vec<String> =
                ids().into_iter().filter(|id| id.starts_with('a')).collect();
            assert_eq!(completes(&line), starting_with_a, "{line}");
        }
        let line = "linkedin-optout region ";
        includes_all(&completes(line), &strings(&regions()), line);
        assert_eq!(completes("linkedin-optout region hong"), ["hong-kong"]);
        let line = "linkedin-optout language ";
        includes_all(&completes(line), &strings(&languages()), line);
        assert_eq!(completes("linkedin-optout language pt"), ["pt-BR"]);
        assert_eq!(
            completes("linkedin-optout export --format "),
            ["markdown", "json"]
        );
        let line = "linkedin-optout completions ";
        includes_all(&completes(line), &shells(), line);
        assert_eq!(completes("linkedin-optout completions z"), ["zsh"]);
        // Profile names are files only the program could list (only dynamic completion could
        // offer them); at least no file names are offered in their place.
        for line in [
            "linkedin-optout --profile ",
            "linkedin-optout status --profile ",
        ] {
            let offered = completes(line);
            assert!(
                !offered.contains(&"some-file".to_owned()),
                "{line:?}: {offered:?}"
            );
        }
    }

    #[test]
    fn fish_completes_ids_flags_and_formats() {
        let Some(fish) = tool("fish", false) else {
            return;
        };
        let (_dir, script) = saved(Shell::Fish);
        let completes = |line: &str| -> Vec<String> {
            let output = Command::new(&fish)
                .args(["--no-config", "-c"])
                .arg(format!(
                    "source '{}'; complete -C '{line}'",
                    script.display()
                ))
                .output()
                .expect("fish ran");
            assert!(output.status.success(), "{line}");
            // Each line is the word, then a tab and its description.
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(|line| line.split('\t').next().unwrap_or_default().to_owned())
                .collect()
        };
        includes_all(
            &completes("linkedin-optout status --"),
            &strings(&["--json"]),
            "fish: status --",
        );
        let mut offered = completes("linkedin-optout open ");
        offered.sort();
        let mut expected = ids();
        expected.sort();
        assert_eq!(offered, expected, "fish: open");
        assert_eq!(completes("linkedin-optout region hong"), ["hong-kong"]);
        includes_all(
            &completes("linkedin-optout language "),
            &strings(&languages()),
            "fish: language",
        );
        let mut formats = completes("linkedin-optout export --format ");
        formats.sort();
        assert_eq!(formats, ["json", "markdown"]);
    }

    #[test]
    fn zsh_loads_the_script_and_registers_it() {
        let Some(zsh) = tool("zsh", false) else {
            return;
        };
        let (_dir, script) = saved(Shell::Zsh);
        let output = Command::new(zsh)
            .args(["-f", "-c"])
            .arg(format!(
                "autoload -U compinit && compinit -u -D && source '{}' && \
                 print -r -- $_comps[{BIN_NAME}]",
                script.display()
            ))
            .output()
            .expect("zsh ran");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            "_linkedin-optout"
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    }
}

/// `linkedin-optout` alone skips building the parser: what it gives must be what clap gives.
#[test]
fn no_arguments_mean_what_clap_makes_of_none() {
    use clap::Parser;
    assert_eq!(
        format!("{:?}", Cli::without_arguments()),
        format!("{:?}", Cli::parse_from(["linkedin-optout"]))
    );
}
