//! Wires the real world to the app: arguments, the catalog, saved progress, the terminal.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, Parser, Subcommand};
use jiff::tz::TimeZone;

use linkedin_optout::app::{App, DEFAULT_PROFILE};
use linkedin_optout::catalog::{Catalog, Region};
use linkedin_optout::cli::{self, Context, ExportFormat, Output, exit};
use linkedin_optout::io::{Clock, SystemBrowser, SystemClock, TerminalClipboard};
use linkedin_optout::shell::{self, World};
use linkedin_optout::standing::DEFAULT_RECHECK_DAYS;
use linkedin_optout::store::{self, FileStore, ProfileFiles};

const EXIT_CODES: &str = "\
Exit codes:
  0  done (for check: every opt-out confirmed and current)
  1  something needs you (for check: an opt-out is not done or should be checked again;
     for open: no browser could be opened, the address is printed instead)
  2  an error: a bad argument, an unknown id, a file that cannot be read or saved

With no command, opens the checklist.";

/// A keyboard-driven checklist for LinkedIn's AI-training and ad-sharing opt-outs. Opens each
/// setting in your browser and remembers, on this machine only, what you confirmed and when.
#[derive(Debug, Parser)]
#[command(version, after_help = EXIT_CODES)]
struct Cli {
    /// Where to keep the default profile's progress
    /// [default: $XDG_STATE_HOME/linkedin-optout/state.json]
    #[arg(long, value_name = "PATH", global = true)]
    state_file: Option<PathBuf>,

    /// Which LinkedIn account's record to use (a-z, 0-9, - and _)
    #[arg(long, value_name = "NAME", default_value = DEFAULT_PROFILE, global = true)]
    profile: String,

    /// Days after which a confirmation should be checked again
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RECHECK_DAYS, global = true)]
    recheck_days: u32,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
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
        /// ai-training or ad-sharing
        id: String,
    },
    /// Record that you switched an opt-out off
    Confirm {
        /// ai-training or ad-sharing
        id: String,
    },
    /// Take a confirmation back
    Unconfirm {
        /// ai-training or ad-sharing
        id: String,
    },
    /// Print a dated receipt: each opt-out, when it was confirmed, against which facts, its history
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
    },
    /// Show your region, or set it
    Region {
        /// eu-eea, uk, switzerland, canada, hong-kong, united-states or other
        #[arg(value_parser = parse_region)]
        region: Option<Region>,
    },
    /// Start this profile's record over (the old one is kept beside it)
    Reset {
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Show where progress is saved
    Paths,
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

fn parse_region(text: &str) -> Result<Region, String> {
    Region::from_id(text).ok_or_else(|| {
        let ids: Vec<&str> = Region::ALL.iter().map(|r| r.id()).collect();
        format!("unknown region; use one of: {}", ids.join(", "))
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Completions { shell }) = cli.command {
        clap_complete::generate(
            shell,
            &mut Cli::command(),
            "linkedin-optout",
            &mut io::stdout(),
        );
        return ExitCode::SUCCESS;
    }
    if !store::is_valid_profile_name(&cli.profile) {
        eprintln!(
            "linkedin-optout: {:?} is not a profile name: use 1 to 32 of a-z, 0-9, - and _",
            cli.profile
        );
        return ExitCode::from(exit::ERROR);
    }
    let catalog = match Catalog::shipped() {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("linkedin-optout: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let Some(base) = cli.state_file.or_else(store::default_state_path) else {
        eprintln!(
            "linkedin-optout: cannot find a home folder to save progress in; \
             name a file with --state-file PATH"
        );
        return ExitCode::from(exit::ERROR);
    };
    let profiles = ProfileFiles::new(base);
    let clock = SystemClock;
    let (store, loaded) = FileStore::open(profiles.path(&cli.profile), clock.now());

    let Some(command) = cli.command else {
        return checklist(
            catalog,
            cli.profile,
            cli.recheck_days,
            profiles,
            store,
            loaded,
        );
    };
    let ctx = Context {
        catalog: &catalog,
        profile: &cli.profile,
        profiles: &profiles,
        store: &store,
        loaded,
        clock: &clock,
        recheck_days: cli.recheck_days,
        time_zone: TimeZone::system(),
    };
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    let output = &mut Output {
        out: &mut out,
        err: &mut err,
    };
    let code = match command {
        Command::Status { json } => cli::status(&ctx, output, json),
        Command::Check => cli::check(&ctx, output),
        Command::Open { id } => cli::open(&ctx, output, &SystemBrowser, &id),
        Command::Confirm { id } => cli::set_confirmed(&ctx, output, &id, true),
        Command::Unconfirm { id } => cli::set_confirmed(&ctx, output, &id, false),
        Command::Export { format } => cli::export(&ctx, output, format),
        Command::Region { region } => cli::region(&ctx, output, region),
        Command::Reset { yes } => {
            if !yes && !io::stdin().is_terminal() {
                eprintln!("linkedin-optout: reset asks first; without a terminal, pass --yes");
                return ExitCode::from(exit::ERROR);
            }
            cli::reset(&ctx, output, &mut io::stdin().lock(), yes)
        }
        Command::Paths => cli::paths(&ctx, output),
        Command::Completions { .. } => exit::OK,
    };
    ExitCode::from(code)
}

/// The checklist in the terminal.
fn checklist(
    catalog: Catalog,
    profile: String,
    recheck_days: u32,
    profiles: ProfileFiles,
    store: FileStore,
    loaded: store::Loaded,
) -> ExitCode {
    let clock = SystemClock;
    let state_path = store.path().display().to_string();
    let mut app = App::new(catalog, loaded.progress, state_path);
    app.banner = loaded.notice.map(|notice| notice.to_string());
    app.color = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    app.hyperlinks = std::env::var_os("TERM").is_none_or(|term| term != "dumb");
    app.time_zone = TimeZone::system();
    app.now = clock.now();
    app.recheck_days = recheck_days;
    app.profiles = profiles.existing(&profile);
    app.profile = profile;

    let mut world = World {
        browser: Arc::new(SystemBrowser),
        clipboard: &TerminalClipboard,
        clock: &clock,
        store: Box::new(store),
        profiles: &profiles,
    };
    let stopped_by = match shell::session(&mut app, &mut world) {
        Ok(stopped_by) => stopped_by,
        Err(e) => {
            eprintln!("linkedin-optout: the terminal failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !app.unsaved.is_empty() {
        eprintln!(
            "linkedin-optout: {} change(s) could not be saved to {}",
            app.unsaved.len(),
            app.state_path
        );
    }
    println!(
        "{} of {} LinkedIn opt-outs done for profile {}. Progress is kept in {}",
        app.done_count(),
        app.catalog.items.len(),
        app.profile,
        app.state_path
    );
    match stopped_by {
        // The shell convention for "ended by signal N".
        Some(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        None if app.unsaved.is_empty() => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
    }
}
