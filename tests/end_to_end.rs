//! The real binary in a pseudo-terminal, as a member uses it: XDG folders in a temp dir and a fake
//! `xdg-open` first on PATH that records the address it is given.
// Pseudo-terminals, signals and a fake xdg-open script are Unix things.
#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{fs, thread};

use linkedin_optout::app::App;
use linkedin_optout::app::{Launch, LaunchError};
use linkedin_optout::catalog::Catalog;
use linkedin_optout::io::{Browser, Clipboard, Clock};
use linkedin_optout::shell::{self, World};
use linkedin_optout::store::{Access, FileStore, ProfileFiles};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

mod common;

use common::Home;

const AD_SHARING_URL: &str =
    "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners";
const ROWS: NonZeroU16 = NonZeroU16::new(24).expect("not zero");
const COLUMNS: NonZeroU16 = NonZeroU16::new(80).expect("not zero");
/// Tells a child test process where its temp home is.
const CHILD_HOME: &str = "LINKEDIN_OPTOUT_TEST_HOME";
/// Generous: a cold debug binary on a busy 2-core machine can be slow to draw.
const PATIENCE: Duration = Duration::from_secs(20);

/// The app running in a pseudo-terminal, its screen read through a terminal emulator.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// Starts the binary with a clean environment; `path` is its whole PATH.
    fn start(home: &Home, path: &Path) -> Self {
        Self::start_with(home, path, env!("CARGO_BIN_EXE_linkedin-optout"), &[])
    }

    /// Starts `program` with `args` in a clean environment.
    fn start_with(
        home: &Home,
        path: &Path,
        program: impl AsRef<std::ffi::OsStr>,
        args: &[&str],
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS.get(),
                cols: COLUMNS.get(),
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env_clear();
        command.env("PATH", path);
        command.env("HOME", home.path("home"));
        command.env("XDG_STATE_HOME", home.path("state"));
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        command.env(CHILD_HOME, home.dir.path());
        command.cwd(home.path("home"));
        let child = pty.slave.spawn_command(command).expect("the app starts");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLUMNS, 0)));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let feed = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = feed.lock() {
                    parser.process(&buffer[..n]);
                }
            }
        });
        let writer = pty.master.take_writer().expect("a writer");
        Self {
            screen,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|parser| parser.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `text`, or fails showing what it does show.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.contents().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.contents()
        );
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_until_gone(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if !self.contents().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen still shows {text:?}:\n{}", self.contents());
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("typed");
        self.writer.flush().expect("flushed");
    }

    /// Waits for the app to exit and returns whether it exited cleanly.
    fn wait_for_exit(&mut self) -> bool {
        self.wait_for_exit_code() == 0
    }

    /// Waits for the app to exit and returns its exit code.
    fn wait_for_exit_code(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the app did not exit; the screen shows:\n{}",
            self.contents()
        );
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = self.child.process_id().expect("a running child");
        let pid = libc::pid_t::try_from(pid).expect("a pid");
        // SAFETY: kill(2) with a pid this test started and a valid signal number.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "signal sent");
    }

    /// Fails unless the terminal is back as it was: main screen, cursor shown, line mode and echo
    /// on (raw mode off).
    fn assert_terminal_given_back(&self) {
        // Let the last bytes reach the emulator.
        thread::sleep(Duration::from_millis(200));
        {
            let parser = self.screen.lock().expect("the screen");
            let screen = parser.screen();
            assert!(!screen.alternate_screen(), "still on the alternate screen");
            assert!(!screen.hide_cursor(), "the cursor is still hidden");
        }
        let tty = self._master.tty_name().expect("the pty's name");
        let settings = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(&tty)
            .output()
            .expect("stty runs");
        let settings = String::from_utf8_lossy(&settings.stdout);
        for flag in ["icanon", "echo"] {
            assert!(
                settings.split_whitespace().any(|word| word == flag),
                "{flag} is still off (raw mode): {settings}"
            );
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Never leave a stray app behind a failed test.
        let _ = self.child.kill();
    }
}

fn path_with(dirs: &[PathBuf]) -> PathBuf {
    std::env::join_paths(dirs).expect("a PATH").into()
}

#[test]
fn open_confirm_quit_and_the_record_is_still_there_after_a_relaunch() {
    let home = Home::new();
    home.install_fake_browser();
    let path = path_with(&[home.path("bin"), "/usr/bin".into(), "/bin".into()]);

    let mut app = Session::start(&home, &path);
    app.wait_for("0 of 2 done");
    app.wait_for("[ ] Share data with affiliates and partners");

    app.keys("j");
    app.wait_for("> [ ] Share data with affiliates and partners");
    app.keys("\r");
    app.wait_for("[~] Share data with affiliates and partners");
    app.wait_for("Switch the toggle off in your browser, then come back and press Space");
    let opened = fs::read_to_string(home.opened_log()).expect("the fake browser ran");
    assert_eq!(opened, format!("{AD_SHARING_URL}\n"));
    assert!(
        !app.contents().contains("LAUNCHER-NOISE"),
        "the launcher's output reached the screen:\n{}",
        app.contents()
    );

    app.keys(" ");
    app.wait_for("1 of 2 done");
    app.wait_for("[x] Share data with affiliates and partners");
    app.keys("q");
    assert!(app.wait_for_exit(), "a clean exit");
    drop(app);

    let saved = fs::read_to_string(home.state_file()).expect("progress was saved");
    let json: serde_json::Value = serde_json::from_str(&saved).expect("valid JSON");
    assert_eq!(json["items"]["ad-sharing"]["state"], "confirmed");

    let mut again = Session::start(&home, &path);
    again.wait_for("1 of 2 done");
    again.wait_for("[x] Share data with affiliates and partners");
    again.wait_for("confirmed 20");
    again.wait_for("[ ] Data for Generative AI Improvement");
    again.keys("\x03");
    assert!(again.wait_for_exit(), "Ctrl-C exits cleanly");
}

#[test]
fn without_a_browser_the_address_is_shown_and_nothing_is_recorded() {
    let home = Home::new();
    // Only an empty folder on PATH: no xdg-open, gio or kde-open anywhere.
    let path = path_with(&[home.path("nobin")]);

    let mut app = Session::start(&home, &path);
    app.wait_for("0 of 2 done");
    app.keys("o");
    app.wait_for("No browser");
    app.wait_for("Open this address yourself");
    app.wait_for("https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvemen");
    app.keys("\x1b");
    // Esc then another key at once reads as Alt+key; a member's fingers are never that fast.
    app.wait_until_gone("No browser");
    // The member switched it off on their phone and confirms here.
    app.keys(" ");
    app.wait_for("1 of 2 done");
    app.keys("q");
    assert!(app.wait_for_exit());
    let saved = fs::read_to_string(home.state_file()).expect("saved");
    assert!(!saved.contains("\"opened\""), "no page was opened: {saved}");
}

#[test]
fn sigterm_sighup_and_sigint_give_the_terminal_back_and_keep_the_record() {
    for (signal, name) in [
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
    ] {
        let home = Home::new();
        let mut app = Session::start(&home, &path_with(&[home.path("nobin")]));
        app.wait_for("0 of 2 done");
        app.keys(" ");
        app.wait_for("1 of 2 done");
        app.signal(signal);
        let code = app.wait_for_exit_code();
        assert_eq!(code, 128 + u32::try_from(signal).expect("small"), "{name}");
        app.assert_terminal_given_back();
        let saved = fs::read_to_string(home.state_file()).expect("saved");
        assert!(saved.contains("\"confirmed\""), "{name}: {saved}");
    }
}

#[test]
fn quitting_gives_the_terminal_back() {
    let home = Home::new();
    let mut app = Session::start(&home, &path_with(&[home.path("nobin")]));
    app.wait_for("0 of 2 done");
    app.keys("q");
    assert!(app.wait_for_exit());
    app.assert_terminal_given_back();
    // Nothing was done, so nothing claims a record that does not exist.
    app.wait_for("Nothing recorded yet for profile default.");
}

/// A clock that works once, for the first frame, then panics: a stand-in for any bug.
struct ClockThatBreaks(AtomicUsize);

impl Clock for ClockThatBreaks {
    fn now(&self) -> jiff::Timestamp {
        // Two readings before the first frame (the size, the start); the third is a key press.
        let calls = self.0.fetch_add(1, Ordering::SeqCst);
        assert!(calls < 2, "a bug in the middle of the session");
        jiff::Timestamp::UNIX_EPOCH
    }
}

struct NoBrowser;

impl Browser for NoBrowser {
    fn open(&self, _: &str) -> Result<Launch, LaunchError> {
        Err(LaunchError {
            reason: "no browser in this test".into(),
            no_browser_here: true,
        })
    }
}

struct NoClipboard;

impl Clipboard for NoClipboard {
    fn copy(&self, _: &str) -> Result<linkedin_optout::io::Copied, String> {
        Err("no clipboard in this test".into())
    }
}

/// The real session with a clock that panics on the first key press.
#[test]
#[ignore = "a child process of the panic test"]
fn child_panics_inside_the_session() {
    let Some(home) = std::env::var_os(CHILD_HOME) else {
        return;
    };
    let catalog = Catalog::shipped().expect("valid");
    let state = PathBuf::from(home).join("state.json");
    let profiles = ProfileFiles::new(state.clone());
    let (store, loaded) = FileStore::open(state, Access::ReadWrite);
    let mut app = App::new(catalog, loaded.progress, String::new());
    let clock = ClockThatBreaks(AtomicUsize::new(0));
    let mut world = World {
        browser: Arc::new(NoBrowser),
        clipboard: &NoClipboard,
        clock: &clock,
        store: Arc::new(store),
        profiles: &profiles,
    };
    let _ = shell::session(&mut app, &mut world);
}

#[test]
fn a_panic_gives_the_terminal_back_then_prints_its_message() {
    let home = Home::new();
    let test_binary = std::env::current_exe().expect("this test binary");
    let mut child = Session::start_with(
        &home,
        &path_with(&[home.path("nobin")]),
        &test_binary,
        &[
            "--ignored",
            "--exact",
            "child_panics_inside_the_session",
            "--nocapture",
            "--test-threads=1",
        ],
    );
    child.wait_for("0 of 2 done");
    child.keys("j");
    assert_ne!(child.wait_for_exit_code(), 0, "the panic fails the process");
    child.assert_terminal_given_back();
    // Printed after the restore, so it is on the main screen where the member can read it.
    child.wait_for("a bug in the middle of the session");
}

#[test]
fn an_unwritable_state_file_is_reported_and_quitting_warns_once() {
    let home = Home::new();
    let mut app = Session::start_with(
        &home,
        &path_with(&[home.path("nobin")]),
        env!("CARGO_BIN_EXE_linkedin-optout"),
        &["--state-file", "/proc/linkedin-optout-test/state.json"],
    );
    app.wait_for("0 of 2 done");
    app.keys(" ");
    app.wait_for("Not saved:");
    app.wait_for("1 of 2 done");
    app.keys("q");
    app.wait_for("Press q again to quit and lose 1 change");
    app.keys("q");
    assert_eq!(app.wait_for_exit_code(), 1, "unsaved changes fail the exit");
    app.assert_terminal_given_back();
    app.wait_for("1 change(s) could not be saved");
}

#[test]
fn no_network_connection_is_ever_made() {
    let Some(strace) = which("strace") else {
        common::skip("strace is not installed here: the network check did not run");
        return;
    };
    let home = Home::new();
    home.install_fake_browser();
    let trace = home.path("network.trace");
    let path = path_with(&[home.path("bin"), "/usr/bin".into(), "/bin".into()]);
    let trace_arg = trace.to_str().expect("UTF-8 temp path");
    let mut app = Session::start_with(
        &home,
        &path,
        &strace,
        &[
            "-f",
            "-e",
            "trace=network",
            "-o",
            trace_arg,
            env!("CARGO_BIN_EXE_linkedin-optout"),
        ],
    );
    app.wait_for("0 of 2 done");
    app.keys("\r");
    app.wait_for("[~] Data for Generative AI Improvement");
    app.keys(" ");
    app.wait_for("1 of 2 done");
    app.keys("c");
    app.wait_for("OSC 52");
    app.keys("q");
    assert!(app.wait_for_exit());
    let calls = fs::read_to_string(&trace).expect("strace wrote its log");
    assert!(
        calls.contains("exited with 0"),
        "strace traced the app: {calls}"
    );
    for family in ["AF_INET", "AF_INET6", "AF_PACKET", "AF_NETLINK"] {
        assert!(
            !calls.contains(family),
            "a {family} socket was opened:\n{calls}"
        );
    }
}

/// The full path of `program` on this test's own PATH.
fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Runs a command of the real binary in `home`'s folders and returns its exit code.
fn command(home: &Home, args: &[&str]) -> i32 {
    std::process::Command::new(env!("CARGO_BIN_EXE_linkedin-optout"))
        .args(args)
        .env_clear()
        .env("PATH", home.path("nobin"))
        .env("HOME", home.path("home"))
        .env("XDG_STATE_HOME", home.path("state"))
        .output()
        .expect("runs")
        .status
        .code()
        .unwrap_or(-1)
}

#[test]
fn a_member_in_every_region_finishes_from_the_checklist_alone() {
    // The region list's order; ad-sharing does not exist in the EU/EEA or Switzerland, and for the
    // UK sources disagree (the member marks it "not shown" there).
    let regions = [
        ("1", "EU/EEA", false),
        ("2", "UK", true),
        ("3", "Switzerland", false),
        ("4", "Canada", true),
        ("5", "Hong Kong", true),
        ("6", "United States", true),
        ("7", "Other", true),
    ];
    for (key, name, has_ads) in regions {
        let home = Home::new();
        let mut app = Session::start(&home, &path_with(&[home.path("nobin")]));
        app.wait_for("0 of 2 done");
        app.keys("r");
        app.wait_for("Where is your account?");
        app.keys(key);
        app.wait_for(&format!("region {name}"));
        app.keys(" ");
        if has_ads {
            app.wait_for("1 of 2 done");
            app.keys("j");
            // In the UK the member may not see it: "not shown to me" settles it too.
            app.keys(if name == "UK" { "n" } else { " " });
        } else {
            app.wait_for("1 not in your region");
        }
        app.wait_for("2 of 2 done");
        app.keys("q");
        assert!(app.wait_for_exit(), "{name}");
        assert_eq!(command(&home, &["check"]), 0, "check is quiet in {name}");
    }
}

#[test]
fn a_change_made_in_another_shell_is_seen_before_the_next_key_acts() {
    let home = Home::new();
    let mut app = Session::start(&home, &path_with(&[home.path("nobin")]));
    app.wait_for("0 of 2 done");
    app.keys(" ");
    app.wait_for("1 of 2 done");
    // Wait for the save, then undo it from another shell.
    let start = Instant::now();
    while !home.state_file().exists() && start.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(command(&home, &["unconfirm", "ai-training"]), 0);
    // Space now confirms again instead of asking to undo what is already undone.
    app.keys(" ");
    app.wait_for("Confirmed Data for Generative AI Improvement");
    assert!(!app.contents().contains("Undo confirmation?"));
    app.keys("q");
    assert!(app.wait_for_exit());
    let saved = fs::read_to_string(home.state_file()).expect("saved");
    let json: serde_json::Value = serde_json::from_str(&saved).expect("JSON");
    let events: Vec<&str> = json["items"]["ai-training"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert_eq!(events, ["confirmed", "unconfirmed", "confirmed"]);
}

/// A profile made in another shell while the checklist runs is one `a` can switch to.
#[test]
fn a_profile_made_in_another_shell_is_one_a_switches_to() {
    let home = Home::new();
    let mut app = Session::start(&home, &path_with(&[home.path("nobin")]));
    app.wait_for("0 of 2 done");
    assert_eq!(
        command(&home, &["--profile", "recruiter", "region", "uk"]),
        0
    );
    app.keys("a");
    app.wait_for("profile recruiter");
    app.keys("q");
    assert!(app.wait_for_exit());
}
