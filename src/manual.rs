//! The manual page: clap_mangen renders the name, synopsis, description and options from the
//! command line's one definition (`args::Cli`); the commands, the keys (from the key table), the
//! files, the exit status (`args::EXIT_CODES`), the environment and privacy are added here.

use std::io;

use clap::{Arg, ArgAction, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Inline, Roff, bold, italic, roman};

use crate::args::{Cli, EXIT_CODES};
use crate::completions::BIN_NAME;
use crate::keys::{KEYS, Scope};

/// The whole page as roff, starting with `.TH`. Every character outside ASCII is written as a
/// roff escape, so any roff reads it whatever its input encoding.
///
/// # Errors
/// Only if clap_mangen fails to write into memory, which it does not do today; the error is
/// passed on rather than assumed away.
pub fn page() -> io::Result<String> {
    let mut command = Cli::command().disable_help_subcommand(true);
    let man = Man::new(command.clone())
        .title(BIN_NAME.to_uppercase())
        // An empty date would leave the field out and shift the fields after it; `""` keeps it
        // empty. A date here would only go stale.
        .date("\"\"")
        .source(format!("{BIN_NAME} {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands");

    command.build();
    let mut synopsis_section = Roff::new();
    synopsis(&mut synopsis_section, &command);
    let mut added = Roff::new();
    commands(&mut added, &command);
    keys(&mut added);
    files(&mut added);
    exit_status(&mut added);
    environment(&mut added);
    privacy(&mut added);

    // Each piece starts with the same preamble (it defines the apostrophe); keep one, after `.TH`.
    let preamble = Roff::new().render();
    let mut page = without(&preamble, rendered(|out| man.render_title(out))?);
    page.push_str(&preamble);
    // Paths and option names read better unhyphenated and not stretched to the right margin.
    page.push_str(".nh\n.ad l\n");
    for piece in [
        rendered(|out| man.render_name_section(out))?,
        rendered(|out| synopsis_section.to_writer(out))?,
        rendered(|out| man.render_description_section(out))?,
        rendered(|out| man.render_options_section(out))?,
        rendered(|out| added.to_writer(out))?,
    ] {
        page.push_str(&without(&preamble, piece));
    }
    Ok(ascii_only(&page))
}

fn rendered(render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<String> {
    let mut out = Vec::new();
    render(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn without(preamble: &str, piece: String) -> String {
    match piece.strip_prefix(preamble) {
        Some(rest) => rest.to_owned(),
        None => piece,
    }
}

/// `↑` becomes `\[u2191]`: roff's own way to name a character, which needs no input encoding.
fn ascii_only(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// SYNOPSIS: the options with their values (clap_mangen's leaves the values out).
fn synopsis(roff: &mut Roff, command: &clap::Command) {
    roff.control("SH", ["SYNOPSIS"]);
    let mut usage = vec![bold(BIN_NAME)];
    for arg in command.get_arguments().filter(|arg| is_shown(arg)) {
        usage.push(roman(" "));
        usage.extend(arg_in_usage(arg));
    }
    usage.extend([roman(" ["), italic("COMMAND"), roman("]")]);
    roff.text(usage);
}

/// COMMANDS: each subcommand with its own arguments and the values they take.
fn commands(roff: &mut Roff, command: &clap::Command) {
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "With no command, the checklist opens in the terminal. The commands below share its \
         record, lock and saving, so they are safe to run beside it.",
    )]);
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let own: Vec<&Arg> = sub.get_arguments().filter(|arg| is_own(arg)).collect();
        let mut usage = vec![bold(format!("{BIN_NAME} {}", sub.get_name()))];
        for arg in &own {
            usage.push(roman(" "));
            usage.extend(arg_in_usage(arg));
        }
        roff.control("TP", []);
        roff.text(usage);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            roff.text([roman(about.to_string())]);
        }
        if own.is_empty() {
            continue;
        }
        roff.control("RS", []);
        for arg in own {
            roff.control("TP", []);
            roff.text(arg_name(arg));
            if let Some(help) = arg.get_help() {
                roff.text([roman(help.to_string())]);
            }
            let values = arg.get_possible_values();
            if !values.is_empty() {
                roff.control("br", []);
                let mut line = vec![roman("One of: ")];
                for (i, value) in values.iter().filter(|v| !v.is_hide_set()).enumerate() {
                    if i > 0 {
                        line.push(roman(", "));
                    }
                    line.push(bold(value.get_name()));
                    if let Some(help) = value.get_help() {
                        line.push(roman(format!(" ({help})")));
                    }
                }
                line.push(roman("."));
                roff.text(line);
            }
            if let Some(default) = arg
                .get_default_values()
                .first()
                .filter(|_| arg.get_action().takes_values())
            {
                roff.control("br", []);
                roff.text([
                    roman("Default: "),
                    bold(default.to_string_lossy().into_owned()),
                    roman("."),
                ]);
            }
        }
        roff.control("RE", []);
    }
}

/// An argument a subcommand defines itself, not a global option it inherits.
fn is_own(arg: &Arg) -> bool {
    !arg.is_global_set() && is_shown(arg)
}

/// An argument worth a place in the synopsis: not hidden, not `--help` or `--version`.
fn is_shown(arg: &Arg) -> bool {
    !arg.is_hide_set()
        && !matches!(
            arg.get_action(),
            ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
        )
}

fn value_name(arg: &Arg) -> String {
    arg.get_value_names()
        .and_then(|names| names.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), ToString::to_string)
}

/// `--json`, `--format <FORMAT>`, `<ID>`.
fn arg_name(arg: &Arg) -> Vec<Inline> {
    match arg.get_long() {
        Some(long) if arg.get_action().takes_values() => vec![
            bold(format!("--{long}")),
            roman(" "),
            italic(format!("<{}>", value_name(arg))),
        ],
        Some(long) => vec![bold(format!("--{long}"))],
        None => vec![italic(format!("<{}>", value_name(arg)))],
    }
}

/// The argument as the synopsis shows it: in brackets unless it is required.
fn arg_in_usage(arg: &Arg) -> Vec<Inline> {
    if arg.is_required_set() {
        return arg_name(arg);
    }
    if arg.is_positional() {
        return vec![roman("["), italic(value_name(arg)), roman("]")];
    }
    let mut inlines = vec![roman("[")];
    inlines.extend(arg_name(arg));
    inlines.push(roman("]"));
    inlines
}

/// KEYS: the key table, as the help overlay shows it.
fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "The checklist's keys, grouped as its help (the ? key) shows them. One table drives the \
         keys, the hints at the bottom of the screen and that help.",
    )]);
    for scope in Scope::ALL {
        roff.control("SS", [scope.heading()]);
        for binding in KEYS
            .iter()
            .filter(|binding| binding.in_scope(scope) && !binding.help.is_empty())
        {
            let labels: Vec<String> = binding.keys.iter().map(|key| key.label()).collect();
            roff.control("TP", []);
            roff.text([bold(labels.join(", "))]);
            roff.text([roman(binding.help)]);
        }
        if let Some(note) = scope.note() {
            roff.control("PP", []);
            roff.text([roman(note)]);
        }
    }
}

/// A `.TP` entry: a tag line, then its paragraph.
fn entry(roff: &mut Roff, tag: impl Into<Vec<Inline>>, text: &str) {
    roff.control("TP", []);
    roff.text(tag);
    roff.text([roman(text)]);
}

/// FILES: where the record lives on each platform, and what lies beside it.
fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    roff.text([
        roman("The default profile's record, "),
        italic("state.json"),
        roman(", is kept in a folder of its own; "),
        bold(format!("{BIN_NAME} paths")),
        roman(" prints the exact locations on this machine."),
    ]);
    entry(
        roff,
        [bold("Linux"), roman(" and other Unix systems")],
        "$XDG_STATE_HOME/linkedin-optout/state.json, or \
         ~/.local/state/linkedin-optout/state.json when XDG_STATE_HOME is not set.",
    );
    entry(
        roff,
        [bold("macOS")],
        "~/Library/Application Support/linkedin-optout/state.json.",
    );
    entry(
        roff,
        [bold("Windows")],
        "A linkedin-optout folder under the local AppData folder (%LOCALAPPDATA%).",
    );
    roff.control("PP", []);
    roff.text([roman("Beside the record, in the same folder:")]);
    entry(
        roff,
        [italic("state.<profile>.json")],
        "The record of each other profile (--profile).",
    );
    entry(
        roff,
        [
            italic(".state.json.lock"),
            roman(", "),
            italic(".state.<profile>.json.lock"),
        ],
        "Each record's lock, which makes saves from several copies of the program at once apply \
         one after the other. A name no record can have. An earlier version's state.lock is \
         waited for while it exists, and removed once empty beside a record named state.json or \
         state.NAME.json.",
    );
    entry(
        roff,
        [
            italic("state.json.corrupt-<time>"),
            roman(", "),
            italic("state.json.reset-<time>"),
        ],
        "Records set aside: a damaged record of ours (set aside whole, never overwritten, by the \
         checklist or a writing command before its first save), or the old record after reset. forget deletes a profile's record, its lock and these \
         copies.",
    );
    roff.control("PP", []);
    roff.text([
        bold("--state-file"),
        roman(" names the default profile's record instead; everything above then lies beside it."),
    ]);
}

/// EXIT STATUS: the codes `--help` lists, read from `args::EXIT_CODES`.
fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in exit_codes(EXIT_CODES) {
        entry(roff, [bold(code)], &meaning);
    }
}

/// The `(code, meaning)` pairs of a text laid out as `args::EXIT_CODES` is: a heading line, then
/// each code indented with its meaning after it, continuation lines indented further, up to the
/// first blank line.
pub fn exit_codes(text: &str) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = Vec::new();
    for line in text
        .lines()
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
    {
        let words = line.trim_start();
        match words.split_once(char::is_whitespace) {
            Some((code, meaning)) if code.bytes().all(|b| b.is_ascii_digit()) => {
                codes.push((code.to_owned(), meaning.trim().to_owned()));
            }
            _ => {
                if let Some((_, meaning)) = codes.last_mut() {
                    meaning.push(' ');
                    meaning.push_str(words.trim());
                }
            }
        }
    }
    codes
}

/// ENVIRONMENT: the variables the program reads.
fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    entry(
        roff,
        [bold("NO_COLOR")],
        "When set to anything but the empty string, no colour is used.",
    );
    entry(
        roff,
        [bold("BROWSER")],
        "Browser commands to try, separated by colons, before the system's own launcher; %s in \
         a command stands for the address. Only the built-in LinkedIn addresses are ever handed \
         to them.",
    );
    entry(
        roff,
        [bold("XDG_STATE_HOME")],
        "On Linux and other Unix systems except macOS, the folder the record's folder is made in \
         (see FILES).",
    );
    roff.control("TP", []);
    roff.text([
        bold("LANGUAGE"),
        roman(", "),
        bold("LC_ALL"),
        roman(", "),
        bold("LC_MESSAGES"),
        roman(", "),
        bold("LANG"),
    ]);
    roff.text([roman(
        "On Unix, when the language is auto (see language), the first of these that names a \
         language (de_DE.UTF-8 is German; C and POSIX name none) picks the language LinkedIn's \
         labels are shown in, English where the program has no words for it; the program's own \
         text stays English. A locale that is not UTF-8 \
         gets plain ASCII on screen.",
    )]);
    entry(
        roff,
        [bold("TERM")],
        "On Unix, when TERM is dumb or unset, the checklist is printed as plain lines instead of \
         drawn full screen.",
    );
}

/// PRIVACY: what the program does and does not do with the network and the record.
fn privacy(roff: &mut Roff) {
    roff.control("SH", ["PRIVACY"]);
    roff.text([roman(
        "linkedin-optout makes no network connections and sends nothing anywhere. It does not \
         log in to LinkedIn, read the account or change any setting. The only thing it does \
         outside the terminal is ask the browser to open LinkedIn's own settings pages, at the \
         https://www.linkedin.com/ addresses built into it. The record stays in the files above, \
         on this machine.",
    )]);
}
