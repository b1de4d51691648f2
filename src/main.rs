//! Wires the real world to the app: arguments, the catalog, saved progress, the terminal.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, Parser};
use jiff::tz::TimeZone;

use linkedin_optout::app::App;
use linkedin_optout::args::{Cli, Command};
use linkedin_optout::catalog::Catalog;
use linkedin_optout::cli::{self, Context, Output, exit};
use linkedin_optout::io::{Clock, SystemBrowser, SystemClipboard, SystemClock};
use linkedin_optout::shell::{self, World};
use linkedin_optout::store::{self, FileStore, ProfileFiles};

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
        Command::Open { id } => cli::open(&ctx, output, &SystemBrowser::from_env(), &id),
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
        Command::NotOffered { .. }
        | Command::Language { .. }
        | Command::Forget { .. }
        | Command::Man => {
            eprintln!("linkedin-optout: not available yet");
            exit::ERROR
        }
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

    // Both only read environment variables here; the clipboard does its work on the first copy.
    let clipboard = SystemClipboard::from_env();
    let mut world = World {
        browser: Arc::new(SystemBrowser::from_env()),
        clipboard: &clipboard,
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
