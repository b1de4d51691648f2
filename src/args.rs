//! The command line, defined once: `main` parses it, and the manual page and the shell
//! completions are generated from the same definition.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::app::DEFAULT_PROFILE;
use crate::catalog::Region;
use crate::language::Language;
use crate::standing::DEFAULT_RECHECK_DAYS;

/// Exit codes, as `--help` and the manual page document them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done (for check: every opt-out confirmed, current, or not in your region)
  1  something needs you (for check: an opt-out is not done or should be checked again;
     for open: no browser could be opened, the address is printed instead)
  2  an error: a bad argument, an unknown id, a file that cannot be read or saved

With no command, opens the checklist.";

/// A keyboard-driven checklist for LinkedIn's AI-training and ad-sharing opt-outs. Opens each
/// setting in your browser and remembers, on this machine only, what you confirmed and when.
#[derive(Debug, Parser)]
#[command(name = "linkedin-optout", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Where to keep the default profile's progress
    /// [default: $XDG_STATE_HOME/linkedin-optout/state.json]
    #[arg(long, value_name = "PATH", global = true, value_hint = clap::ValueHint::FilePath)]
    pub state_file: Option<PathBuf>,

    /// Which LinkedIn account's record to use (a-z, 0-9, - and _)
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PROFILE, global = true)]
    pub profile: String,

    /// Days after which a confirmation should be checked again
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RECHECK_DAYS, global = true)]
    pub recheck_days: u32,

    /// Leave the mouse to the terminal (to select text with it) this session
    #[arg(long, global = true)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of opening the checklist.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show each opt-out's state and confirmation date
    Status {
        /// One JSON object with `items`, for scripts
        #[arg(long)]
        json: bool,
    },
    /// For shell rc files and cron: exit 0 when all is done, 1 (saying what) when not, 2 on error
    #[command(after_help = EXIT_CODES)]
    Check,
    /// Open an opt-out's settings page in the browser and mark it opened
    Open {
        /// The opt-out's id (ai-training or ad-sharing)
        id: String,
    },
    /// Record that you switched an opt-out off
    Confirm {
        /// The opt-out's id (ai-training or ad-sharing)
        id: String,
    },
    /// Take back a confirmation, or a "not shown to me" mark
    Unconfirm {
        /// The opt-out's id (ai-training or ad-sharing)
        id: String,
    },
    /// Record that LinkedIn does not show you this setting at all
    NotOffered {
        /// The opt-out's id (ai-training or ad-sharing)
        id: String,
    },
    /// Print a dated receipt: each opt-out, when it was confirmed, against which facts, its history
    Export {
        /// The receipt's format
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
    },
    /// Show your region, or set it
    Region {
        /// eu-eea, uk, switzerland, canada, hong-kong, united-states or other
        #[arg(value_parser = parse_region)]
        region: Option<Region>,
    },
    /// Show the language LinkedIn shows you, or set it (auto: from your system)
    Language {
        /// en, de, fr, nl, it, pt-BR, or auto
        #[arg(value_parser = parse_language)]
        language: Option<LanguageChoice>,
    },
    /// Start this profile's record over (the old one is kept beside it)
    Reset {
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Delete this profile's record, its lock and every copy kept beside it
    Forget {
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Show where progress is saved
    Paths,
    /// Print shell completions
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff); view it with `man -l -`
    Man,
}

/// Receipt formats for `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
}

/// The member's answer to `language`: a language, or "work it out from the system".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageChoice {
    Auto,
    Set(Language),
}

fn parse_region(text: &str) -> Result<Region, String> {
    Region::from_id(text).ok_or_else(|| {
        let ids: Vec<&str> = Region::ALL.iter().map(|r| r.id()).collect();
        format!("unknown region; use one of: {}", ids.join(", "))
    })
}

fn parse_language(text: &str) -> Result<LanguageChoice, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(LanguageChoice::Auto);
    }
    Language::from_code(text)
        .map(LanguageChoice::Set)
        .ok_or_else(|| {
            let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            format!("unknown language; use one of: {}, auto", codes.join(", "))
        })
}
