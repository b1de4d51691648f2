//! The command line, defined once: `main` parses it, and the manual page and the shell
//! completions are generated from the same definition.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, ValueParser};
use clap::{Parser, Subcommand, ValueEnum, ValueHint};

use crate::app::DEFAULT_PROFILE;
use crate::catalog::{Region, SHIPPED_IDS};
use crate::language::Language;
use crate::standing::DEFAULT_RECHECK_DAYS;

/// Exit codes, as `--help` and the manual page document them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done (for check: every opt-out confirmed, marked not shown, or not in your region, and
     current)
  1  something needs you (for check: an opt-out is not done or should be checked again;
     for open: no browser could be opened, the address is printed instead)
  2  an error: a bad argument, an unknown id, a file that cannot be read or saved

With no command, opens the checklist.";

/// A keyboard-driven checklist for LinkedIn's AI-training and ad-sharing opt-outs
///
/// Opens each setting in your browser and remembers, on this machine only, what you confirmed and
/// when.
#[derive(Debug, Parser)]
#[command(name = "linkedin-optout", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Where to keep the default profile's progress
    /// [default: $XDG_STATE_HOME/linkedin-optout/state.json]
    #[arg(long, value_name = "PATH", global = true, value_hint = ValueHint::FilePath)]
    pub state_file: Option<PathBuf>,

    /// Which LinkedIn account's record to use (a-z, 0-9, - and _)
    // The names are files on disk, which only a dynamic completer could list; `Other` at least
    // keeps shells from offering file names here.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PROFILE, global = true,
          value_hint = ValueHint::Other)]
    pub profile: String,

    /// Days after which a confirmation should be checked again
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RECHECK_DAYS, global = true,
          value_hint = ValueHint::Other)]
    pub recheck_days: u32,

    /// Leave the mouse to the terminal (to select text with it) this session
    #[arg(long, global = true)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The command line this process was started with. Errors are clap's, for `refused`.
    pub fn from_env() -> Result<Self, clap::Error> {
        if std::env::args_os().len() <= 1 {
            return Ok(Self::without_arguments());
        }
        Self::try_parse()
    }

    /// `linkedin-optout` alone, the usual way to open the checklist: what clap makes of it,
    /// without building the parser for every command, which is a tenth of the checklist's
    /// start-up. A test keeps it equal to clap's own.
    pub fn without_arguments() -> Self {
        Self {
            state_file: None,
            profile: DEFAULT_PROFILE.to_owned(),
            recheck_days: DEFAULT_RECHECK_DAYS,
            no_mouse: false,
            command: None,
        }
    }
}

/// What to do instead of opening the checklist.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show each opt-out's state and confirmation date
    Status {
        /// One JSON object, for scripts
        #[arg(long)]
        json: bool,
    },
    /// For shell rc files and cron: exit 0 when both opt-outs are done, 1 (saying what) when not, 2 on error
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Cover the more privacy switches too, not only the two opt-outs
        #[arg(long)]
        all: bool,
    },
    /// Open an opt-out's settings page in the browser and mark it opened
    Open {
        /// The opt-out's id
        #[arg(value_parser = opt_out_id())]
        id: String,
    },
    /// Record that you switched an opt-out off
    Confirm {
        /// The opt-out's id
        #[arg(value_parser = opt_out_id())]
        id: String,
    },
    /// Take back a confirmation, or a "not shown to me" mark
    Unconfirm {
        /// The opt-out's id
        #[arg(value_parser = opt_out_id())]
        id: String,
    },
    /// Record that LinkedIn does not show you this setting at all
    NotOffered {
        /// The opt-out's id
        #[arg(value_parser = opt_out_id())]
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
        /// Where your LinkedIn account is
        #[arg(value_enum, ignore_case = true)]
        region: Option<Region>,
    },
    /// Show the language LinkedIn shows you, or set it (auto: from your system)
    Language {
        /// The language LinkedIn shows you (pt-BR may be written pt-br)
        #[arg(value_enum, ignore_case = true)]
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
        shell: clap_complete::aot::Shell,
    },
    /// Print the manual page (roff); read it with: man -l -
    Man,
}

/// Receipt formats for `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// To read, print or keep with your papers
    Markdown,
    /// For scripts
    Json,
}

/// The member's answer to `language`: a language, or "work it out from the system".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageChoice {
    Auto,
    Set(Language),
}

/// Every choice `language` takes, in the order offered: each language, then `auto`.
const LANGUAGE_CHOICES: [LanguageChoice; Language::ALL.len() + 1] = {
    let mut choices = [LanguageChoice::Auto; Language::ALL.len() + 1];
    let mut i = 0;
    while i < Language::ALL.len() {
        choices[i] = LanguageChoice::Set(Language::ALL[i]);
        i += 1;
    }
    choices
};

// Through `ValueEnum`, clap validates, lists the choices in `--help` and in its error, and hands
// them to the shell completions and the manual page.
impl ValueEnum for LanguageChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &LANGUAGE_CHOICES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Auto => PossibleValue::new("auto").help("From your system's language settings"),
            Self::Set(language) => PossibleValue::new(language.code()).help(language.name()),
        })
    }
}

// Here rather than in `catalog`: the command line is what needs regions as clap values.
impl ValueEnum for Region {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.id()).help(self.name());
        // The short names members type.
        Some(match self {
            Self::UnitedStates => value.aliases(["us", "usa"]),
            Self::EuEea => value.aliases(["eu", "eea"]),
            Self::HongKong => value.alias("hk"),
            Self::Switzerland => value.alias("ch"),
            Self::Uk => value.alias("gb"),
            Self::Canada => value.alias("ca"),
            Self::Other => value,
        })
    }
}

/// The ids `open`, `confirm`, `unconfirm` and `not-offered` take, as clap values: an unknown id is
/// refused (exit 2) with the list, and completions offer them.
fn opt_out_id() -> ValueParser {
    PossibleValuesParser::new(
        SHIPPED_IDS
            .iter()
            .map(|(id, title)| PossibleValue::new(*id).help(*title)),
    )
    .into()
}
