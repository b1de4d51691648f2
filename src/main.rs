//! Wires the real world to the app: arguments, the catalog, saved progress, the terminal.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use linkedin_optout::app::App;
use linkedin_optout::args::{Cli, Command};
use linkedin_optout::catalog::{Catalog, Group};
use linkedin_optout::cli::{self, Context, Output, exit};
use linkedin_optout::io::{Clock, SystemBrowser, SystemClipboard, SystemClock, system_time_zone};
use linkedin_optout::language::{self, Language};
use linkedin_optout::shell::{self, World};
use linkedin_optout::store::{self, Access, FileStore, ProfileFiles};
use linkedin_optout::terminal::{Facts, Mode};
use linkedin_optout::text;
use linkedin_optout::{completions, manual};

/// Exits with clap's message for arguments it refused, its arguments made safe to print: clap
/// quotes a refused value as given, and a script may pass one read from a file or a variable,
/// whose control characters would otherwise reach the terminal. The arguments are parsed again
/// with every control character escaped (as `text::safe` does; bytes that are not UTF-8 around
/// them shown as U+FFFD), which fails the same way.
fn refuse_arguments(error: clap::Error) -> ! {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let safe: Vec<std::ffi::OsString> = args
        .iter()
        .map(|arg| match text::safe(&arg.to_string_lossy()) {
            std::borrow::Cow::Owned(escaped) => escaped.into(),
            std::borrow::Cow::Borrowed(_) => arg.clone(),
        })
        .collect();
    if safe == args {
        error.exit();
    }
    match Cli::try_parse_from(safe) {
        Err(safe_error) => safe_error.exit(),
        // What was refused was only bytes that are not UTF-8, which clap does not quote.
        Ok(_) => error.exit(),
    }
}

/// `println!` and `eprintln!` panic when their output is gone (a terminal that hung up, stderr on
/// a full disk): these say it if they can and carry on, since the work is done by then.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stdout(), $($arg)*);
    }};
}

macro_rules! complain {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let cli = Cli::from_env().unwrap_or_else(|e| refuse_arguments(e));
    match cli.command {
        Some(Command::Completions { shell }) => {
            return print_generated(completions::script(shell), "completions");
        }
        Some(Command::Man) => {
            return print_generated(manual::page().map(String::into_bytes), "manual page");
        }
        _ => {}
    }
    if !store::is_valid_profile_name(&cli.profile) {
        complain!(
            "linkedin-optout: {:?} is not a profile name: use 1 to 32 of a-z, 0-9, - and _",
            text::safe(&cli.profile)
        );
        return ExitCode::from(exit::ERROR);
    }
    let catalog = match Catalog::shipped() {
        Ok(catalog) => catalog,
        Err(e) => {
            complain!("linkedin-optout: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let Some(base) = cli.state_file.clone().or_else(store::default_state_path) else {
        complain!(
            "linkedin-optout: cannot find a home folder to save progress in (HOME unset, or \
             not an absolute path); name a file with --state-file PATH"
        );
        return ExitCode::from(exit::ERROR);
    };
    let profiles = ProfileFiles::new(base);
    let system_language = language::detect();

    let Some(command) = cli.command else {
        return match Facts::gather().decide() {
            Mode::NoTerminal => {
                complain!(
                    "linkedin-optout: the checklist needs a terminal; without one, try \
                     `linkedin-optout status` or `linkedin-optout check`"
                );
                ExitCode::from(exit::ERROR)
            }
            Mode::Plain { unicode } => {
                let (store, loaded) =
                    FileStore::open(profiles.path(&cli.profile), Access::ReadOnly);
                let checklist = if unicode {
                    cli::plain_checklist
                } else {
                    cli::plain_checklist_in_ascii
                };
                let code = with_context(
                    &catalog,
                    &cli.profile,
                    &profiles,
                    &store,
                    loaded,
                    cli.recheck_days,
                    system_language,
                    checklist,
                );
                ExitCode::from(code)
            }
            Mode::Full(caps) => {
                let mut app = App::new(catalog, Default::default(), String::new());
                app.caps = caps;
                app.recheck_days = cli.recheck_days;
                app.system_language = system_language;
                app.mouse = !cli.no_mouse;
                checklist(app, cli.profile, profiles)
            }
        };
    };
    let access = match &command {
        Command::Status { .. }
        | Command::Check { .. }
        | Command::Export { .. }
        | Command::Paths => Access::ReadOnly,
        Command::Region { region: None } | Command::Language { language: None } => Access::ReadOnly,
        _ => Access::ReadWrite,
    };
    let (store, loaded) = FileStore::open(profiles.path(&cli.profile), access);
    let clock = SystemClock;
    let ctx = Context {
        catalog: &catalog,
        profile: &cli.profile,
        profiles: &profiles,
        store: &store,
        loaded,
        clock: &clock,
        recheck_days: cli.recheck_days,
        time_zone: system_time_zone(),
        system_language,
    };
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    let output = &mut Output {
        out: &mut out,
        err: &mut err,
    };
    let asks = matches!(
        command,
        Command::Reset { yes: false } | Command::Forget { yes: false }
    );
    if asks && !io::stdin().is_terminal() {
        let _ = writeln(
            output,
            "this command asks first; without a terminal, pass --yes",
        );
        return ExitCode::from(exit::ERROR);
    }
    let code = match command {
        Command::Status { json } => cli::status(&ctx, output, json),
        Command::Check { all } => cli::check(&ctx, output, all),
        Command::Open { id } => cli::open(&ctx, output, &SystemBrowser::from_env(), &id),
        Command::Confirm { id } => cli::confirm(&ctx, output, &id),
        Command::Unconfirm { id } => cli::unconfirm(&ctx, output, &id),
        Command::NotOffered { id } => cli::not_offered(&ctx, output, &id),
        Command::Export { format } => cli::export(&ctx, output, format),
        Command::Region { region } => cli::region(&ctx, output, region),
        Command::Language { language } => cli::language(&ctx, output, language),
        Command::Reset { yes } => cli::reset(&ctx, output, &mut io::stdin().lock(), yes),
        Command::Forget { yes } => cli::forget(&ctx, output, &mut io::stdin().lock(), yes),
        Command::Paths => cli::paths(&ctx, output),
        Command::Completions { .. } | Command::Man => exit::OK,
    };
    ExitCode::from(code)
}

/// Prints generated text (completions, the manual page). A reader that went away (`| head`) ends
/// it quietly; any other failure (`> /dev/full`) is said, with exit 2.
fn print_generated(text: io::Result<Vec<u8>>, what: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    let written = text.and_then(|text| out.write_all(&text).and_then(|()| out.flush()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                io::stderr(),
                "linkedin-optout: cannot write the {what}: {e}"
            );
            ExitCode::from(exit::ERROR)
        }
    }
}

fn writeln(output: &mut Output, message: &str) -> io::Result<()> {
    writeln!(output.err, "linkedin-optout: {message}")
}

/// Runs `command` with a context over `store`.
#[allow(clippy::too_many_arguments)]
fn with_context(
    catalog: &Catalog,
    profile: &str,
    profiles: &ProfileFiles,
    store: &FileStore,
    loaded: store::Loaded,
    recheck_days: u32,
    system_language: Language,
    command: fn(&Context, &mut Output) -> u8,
) -> u8 {
    let clock = SystemClock;
    let ctx = Context {
        catalog,
        profile,
        profiles,
        store,
        loaded,
        clock: &clock,
        recheck_days,
        time_zone: system_time_zone(),
        system_language,
    };
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    command(
        &ctx,
        &mut Output {
            out: &mut out,
            err: &mut err,
        },
    )
}

/// The checklist in the terminal, then a summary of what is on disk.
fn checklist(mut app: App, profile: String, profiles: ProfileFiles) -> ExitCode {
    let clock = SystemClock;
    let path = profiles.path(&profile);
    let (store, loaded) = FileStore::open(path.clone(), Access::ReadWrite);
    app.state_path = text::path(store.path());
    app.read_only = loaded.notice.as_ref().is_some_and(|n| n.blocks_saving());
    app.banner = loaded.notice.map(|notice| notice.to_string());
    app.progress = loaded.progress;
    app.mouse = app.mouse && app.progress.mouse.unwrap_or(true);
    app.time_zone = system_time_zone();
    app.now = clock.now();
    app.profiles = profiles.existing(&profile);
    app.profile = profile;

    // Both only read environment variables here; the clipboard does its work on the first copy.
    let clipboard = SystemClipboard::from_env();
    let mut world = World {
        browser: Arc::new(SystemBrowser::from_env()),
        clipboard: &clipboard,
        clock: &clock,
        store: Arc::new(store),
        profiles: &profiles,
    };
    let stopped_by = match shell::session(&mut app, &mut world) {
        Ok(stopped_by) => stopped_by,
        Err(e) => {
            complain!("linkedin-optout: the terminal failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let record = profiles.path(&app.profile);
    if app.read_only {
        say!(
            "Nothing was saved for profile {}: {}",
            app.profile,
            app.banner
                .as_deref()
                .unwrap_or("the record could not be used")
        );
    } else if !app.unsaved.is_empty() {
        complain!(
            "linkedin-optout: {} change(s) could not be saved to {}; they are lost.",
            app.unsaved.len(),
            app.state_path
        );
    } else if exists(&record) {
        say!(
            "{} of {} LinkedIn opt-outs done for profile {} (more privacy switches: {} of {}). \
             Your record is in {}",
            app.done_count(Group::OptOuts),
            app.catalog.group_len(Group::OptOuts),
            app.profile,
            app.done_count(Group::More),
            app.catalog.group_len(Group::More),
            app.state_path
        );
    } else {
        say!("Nothing recorded yet for profile {}.", app.profile);
    }
    let code = match stopped_by {
        // The shell convention for "ended by signal N".
        Some(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        None if app.unsaved.is_empty() => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
    };
    // The process ends here and the system takes its memory back at once: freeing the catalog
    // and the record piece by piece first would only add to every quit (a tenth of the
    // instructions a start and quit take). Nothing in it needs dropping: the saver has finished.
    std::mem::forget(app);
    code
}

fn exists(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}
