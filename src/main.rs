//! Wires the real world to the app: arguments, the catalog, saved progress, the terminal.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use jiff::tz::TimeZone;

use linkedin_optout::app::App;
use linkedin_optout::catalog::Catalog;
use linkedin_optout::io::{Clock, SystemBrowser, SystemClock, TerminalClipboard};
use linkedin_optout::shell::{self, World};
use linkedin_optout::store::{self, FileStore};

/// A keyboard-driven checklist for LinkedIn's AI-training and ad-sharing opt-outs. Opens each
/// setting in your browser and remembers, on this machine only, what you confirmed and when.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// Where to keep your progress [default: $XDG_STATE_HOME/linkedin-optout/state.json]
    #[arg(long, value_name = "PATH")]
    state_file: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalog = match Catalog::shipped() {
        Ok(catalog) => catalog,
        Err(e) => {
            eprintln!("linkedin-optout: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(path) = cli.state_file.or_else(store::default_state_path) else {
        eprintln!(
            "linkedin-optout: cannot find a home folder to save progress in; \
             name a file with --state-file PATH"
        );
        return ExitCode::from(2);
    };
    let clock = SystemClock;
    let (store, loaded) = FileStore::open(path, clock.now());
    let mut app = App::new(catalog, loaded.progress, store.path().display().to_string());
    app.banner = loaded.notice.map(|notice| notice.to_string());
    app.color = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    app.time_zone = TimeZone::system();

    let world = World {
        browser: Arc::new(SystemBrowser),
        clipboard: &TerminalClipboard,
        clock: &clock,
        store: &store,
    };
    let stopped_by = match shell::session(&mut app, &world) {
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
            store.path().display()
        );
    }
    println!(
        "{} of {} LinkedIn opt-outs confirmed. Progress is kept in {}",
        app.confirmed_count(),
        app.catalog.items.len(),
        store.path().display()
    );
    match stopped_by {
        // The shell convention for "ended by signal N".
        Some(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        None if app.unsaved.is_empty() => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
    }
}
