//! Shell completions, generated from the command line's one definition (`args::Cli`) by
//! clap_complete's stable static generators. Ids, regions, languages, formats and shells complete
//! because `args` gives them to clap as possible values. Two gaps upstream are filled here, each
//! by a small step over the generated text: bash's states for a hyphenated name, and the values
//! of positional arguments (ids, regions, languages, shells), which the fish, PowerShell and
//! elvish generators leave out.

use clap::{Command, CommandFactory};
use clap_complete::aot::{Generator, Shell};

use crate::args::Cli;

/// The name the scripts complete for.
pub const BIN_NAME: &str = "linkedin-optout";

/// The completion script for `shell`, ready to print or save.
///
/// # Errors
/// Only if clap_complete fails to write into memory, which it does not do today; the error is
/// passed on rather than assumed away.
pub fn script(shell: Shell) -> Result<Vec<u8>, std::io::Error> {
    let mut command = Cli::command();
    command.set_bin_name(BIN_NAME);
    command.build();
    let mut generated = Vec::new();
    shell.try_generate(&command, &mut generated)?;
    let generated = String::from_utf8_lossy(&generated);
    let values = positional_values(&command);
    let script = match shell {
        Shell::Bash => fix_bash_states(&generated, BIN_NAME),
        Shell::Fish => with_fish_values(&generated, &values),
        Shell::PowerShell => with_powershell_values(&generated, &values),
        Shell::Elvish => with_elvish_values(&generated, &values),
        // zsh's generator completes positional values itself.
        _ => generated.into_owned(),
    };
    Ok(script.into_bytes())
}

/// The values a subcommand's positional argument takes (`open` takes the ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionalValues {
    pub subcommand: String,
    /// Each value with its help.
    pub values: Vec<(String, String)>,
}

/// Every top-level subcommand's positional values, from their clap possible values.
pub fn positional_values(command: &Command) -> Vec<PositionalValues> {
    command
        .get_subcommands()
        .filter_map(|sub| {
            let values: Vec<(String, String)> = sub
                .get_positionals()
                .flat_map(|arg| arg.get_possible_values())
                .filter(|value| !value.is_hide_set())
                .map(|value| {
                    let help = value.get_help().map(ToString::to_string);
                    (value.get_name().to_owned(), help.unwrap_or_default())
                })
                .collect();
            (!values.is_empty()).then(|| PositionalValues {
                subcommand: sub.get_name().to_owned(),
                values,
            })
        })
        .collect()
}

/// Fish's generator completes only options. Its own `__fish_seen_subcommand_from` tells which
/// subcommand was typed, and that no value was given yet.
pub fn with_fish_values(script: &str, all: &[PositionalValues]) -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"));
    let mut script = script.to_owned();
    script.push_str("\n# The values of positional arguments (added by linkedin-optout).\n");
    for PositionalValues { subcommand, values } in all {
        let names: Vec<&str> = values.iter().map(|(name, _)| name.as_str()).collect();
        let condition = format!(
            "__fish_seen_subcommand_from {subcommand}; and not __fish_seen_subcommand_from {}",
            names.join(" ")
        );
        for (name, help) in values {
            let description = if help.is_empty() {
                String::new()
            } else {
                format!(" -d {}", quote(help))
            };
            script.push_str(&format!(
                "complete -c {BIN_NAME} -n {} -f -a {}{description}\n",
                quote(&condition),
                quote(name),
            ));
        }
    }
    script
}

/// PowerShell's generator lists only options and subcommands in each subcommand's block
/// (`'linkedin-optout;open' { … break }`); the values go in before its `break`.
pub fn with_powershell_values(script: &str, all: &[PositionalValues]) -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\'', "''"));
    insert_in_blocks(
        script,
        all,
        |sub| format!("'{BIN_NAME};{sub}' {{"),
        "break",
        // PowerShell refuses an empty tooltip.
        |name, help| {
            format!(
                "[CompletionResult]::new({0}, {0}, [CompletionResultType]::ParameterValue, {1})",
                quote(name),
                quote(if help.is_empty() { name } else { help })
            )
        },
    )
}

/// Elvish's generator lists only options and subcommands in each subcommand's map entry
/// (`&'linkedin-optout;open'= { … }`); the values go in before its closing brace.
pub fn with_elvish_values(script: &str, all: &[PositionalValues]) -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\'', "''"));
    insert_in_blocks(
        script,
        all,
        |sub| format!("&'{BIN_NAME};{sub}'= {{"),
        "}",
        |name, help| format!("cand {} {}", quote(name), quote(help)),
    )
}

/// Inserts a line per value before the first line reading `end` after each subcommand's
/// `opening` line, indented like the line before it.
fn insert_in_blocks(
    script: &str,
    all: &[PositionalValues],
    opening: impl Fn(&str) -> String,
    end: &str,
    line_for: impl Fn(&str, &str) -> String,
) -> String {
    let mut out = String::with_capacity(script.len());
    let mut pending: Option<&PositionalValues> = None;
    let mut indent = String::new();
    for line in script.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(values) = pending.filter(|_| trimmed == end) {
            for (name, help) in &values.values {
                out.push_str(&format!("{indent}{}\n", line_for(name, help)));
            }
            pending = None;
        }
        if let Some(values) = all.iter().find(|v| trimmed == opening(&v.subcommand)) {
            pending = Some(values);
        }
        if pending.is_some() && trimmed != end {
            indent = line[..line.len() - line.trim_start().len()].to_owned();
        }
        out.push_str(line);
    }
    out
}

/// The separator clap_complete's bash script puts between command names in its states.
const STATE_SEPARATOR: &str = "__subcmd__";

/// Makes a bash script's completing arms match the states its word loop records.
///
/// For a binary name with a hyphen, clap_complete's bash generator spells a subcommand's state two
/// ways (clap-rs/clap#6421, still open; the fix in #6428 was not merged): the loop that follows the
/// typed words records `linkedin__optout__subcmd__status`, while the arm meant to complete it reads
/// `linkedin__subcmd__optout__subcmd__status)`. No arm ever matches, so nothing after a subcommand
/// completes. This respells each arm the way the loop does; a script that already agrees with
/// itself passes through unchanged.
pub fn fix_bash_states(script: &str, bin_name: &str) -> String {
    let loop_spelling = format!("{}{STATE_SEPARATOR}", bin_name.replace('-', "__"));
    let arm_spelling = format!(
        "{}{STATE_SEPARATOR}",
        bin_name.replace('-', STATE_SEPARATOR)
    );
    script
        .split_inclusive('\n')
        .map(|line| {
            let arm = line.trim_start();
            let indent = &line[..line.len() - arm.len()];
            match arm.strip_prefix(&arm_spelling) {
                Some(rest) if rest.trim_end().ends_with(')') => {
                    format!("{indent}{loop_spelling}{rest}")
                }
                _ => line.to_owned(),
            }
        })
        .collect()
}
