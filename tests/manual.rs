//! The manual page: roff generated from the command line's definition, naming every command and
//! every key in the key table, and rendered by `man` without a warning.

mod common;

use clap::CommandFactory;
use linkedin_optout::args::{Cli, EXIT_CODES};
use linkedin_optout::cli::exit;
use linkedin_optout::keys::KEYS;
use linkedin_optout::manual::{exit_codes, page};

/// The text a reader sees, from roff as the `roff` crate writes it: fonts and the escapes it
/// uses undone, one source line per line.
fn plain(roff: &str) -> String {
    let mut text = roff
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\-", "-")
        .replace("\\*(Aq", "'")
        .replace("\\&", "")
        .replace("\\\\", "\\");
    // `\[u2191]` back to `↑`.
    while let Some(start) = text.find("\\[u") {
        let end = start + text[start..].find(']').expect("a closed escape");
        let code = u32::from_str_radix(&text[start + 3..end], 16).expect("hex");
        let c = char::from_u32(code).expect("a character");
        text.replace_range(start..=end, &c.to_string());
    }
    text
}

#[test]
fn the_page_is_roff_and_names_every_command_and_key() {
    let roff = page().expect("rendered");
    assert!(roff.starts_with(".TH LINKEDIN-OPTOUT 1 "), "{roff}");
    assert!(roff.is_ascii(), "every other character is a roff escape");
    let text = plain(&roff);
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "KEYS",
        "FILES",
        "EXIT STATUS",
        "ENVIRONMENT",
        "PRIVACY",
    ] {
        assert!(
            text.lines().any(
                |line| line == format!(".SH {section}") || line == format!(".SH \"{section}\"")
            ),
            "no {section} section"
        );
    }
    for sub in Cli::command().get_subcommands() {
        let usage = format!("linkedin-optout {}", sub.get_name());
        assert!(text.contains(&usage), "{usage} is missing");
    }
    // The digit rows 2 to 7 share "1"'s line ("Choose by number (1 to 7)").
    for binding in KEYS.iter().filter(|binding| !binding.help.is_empty()) {
        let keys: Vec<String> = binding.keys.iter().map(|key| key.label()).collect();
        let entry = format!(".TP\n{}\n{}\n", keys.join(", "), binding.help);
        assert!(
            text.contains(&entry),
            "the key table's {entry:?} is missing"
        );
    }
    for variable in [
        "NO_COLOR",
        "BROWSER",
        "XDG_STATE_HOME",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "TERM",
    ] {
        assert!(text.contains(&format!("{variable}\n")) || text.contains(&format!("{variable}, ")));
    }
    assert!(text.contains("state.<profile>.json"));
    assert!(text.contains("no network connections"));
}

#[test]
fn the_exit_status_is_the_one_help_gives() {
    let codes = exit_codes(EXIT_CODES);
    let numbers: Vec<&str> = codes.iter().map(|(code, _)| code.as_str()).collect();
    let expected = [exit::OK, exit::NEEDS_YOU, exit::ERROR].map(|code| code.to_string());
    assert_eq!(numbers, expected);
    // Continuation lines join their code's meaning.
    assert!(
        codes[1].1.ends_with("the address is printed instead)"),
        "{codes:?}"
    );
    let text = plain(&page().expect("rendered"));
    for (code, meaning) in &codes {
        assert!(
            text.contains(&format!(".TP\n{code}\n{meaning}\n")),
            "{code}"
        );
    }
}

#[cfg(unix)] // man-db is Unix's; Windows has no `man` to render roff with.
#[test]
fn man_renders_the_page_without_a_warning() {
    let Some(man) = common::tool("man", true) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("linkedin-optout.1");
    std::fs::write(&file, page().expect("rendered")).expect("saved");
    let output = std::process::Command::new(man)
        .args(["--warnings", "-l"])
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man ran");
    let (out, err) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(output.status.success(), "{err}");
    assert_eq!(err, "", "man warned");
    assert!(out.contains("EXIT STATUS"), "{out}");
    assert!(out.contains("linkedin-optout status [--json]"), "{out}");
    let widest = out.lines().map(|line| line.chars().count()).max();
    assert!(
        widest <= Some(80),
        "a line is wider than MANWIDTH: {widest:?}"
    );
}
