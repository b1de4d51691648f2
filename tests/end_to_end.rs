//! The real binary in a pseudo-terminal, as a member uses it: XDG folders in a temp dir and a fake
//! `xdg-open` first on PATH that records the address it is given.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{fs, thread};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const AD_SHARING_URL: &str =
    "https://www.linkedin.com/mypreferences/s/settings/share-data-with-trusted-partners";
const ROWS: NonZeroU16 = NonZeroU16::new(24).expect("not zero");
const COLUMNS: NonZeroU16 = NonZeroU16::new(80).expect("not zero");
/// Generous: a cold debug binary on a busy 2-core machine can be slow to draw.
const PATIENCE: Duration = Duration::from_secs(20);

/// A temp home with a state folder and a folder of fake programs.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "state", "bin", "nobin"] {
            fs::create_dir(dir.path().join(sub)).expect("mkdir");
        }
        Self { dir }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// A fake `xdg-open` that records its argument and is noisy, as real launchers can be.
    fn install_fake_browser(&self) {
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\necho LAUNCHER-NOISE\necho LAUNCHER-NOISE >&2\n",
            self.opened_log().display()
        );
        let path = self.path("bin").join("xdg-open");
        fs::write(&path, script).expect("write fake xdg-open");
        let mut mode = fs::metadata(&path).expect("meta").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut mode, 0o755);
        fs::set_permissions(&path, mode).expect("chmod");
    }

    fn opened_log(&self) -> PathBuf {
        self.path("opened.log")
    }

    fn state_file(&self) -> PathBuf {
        self.path("state")
            .join("linkedin-optout")
            .join("state.json")
    }
}

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
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS.get(),
                cols: COLUMNS.get(),
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_linkedin-optout"));
        command.env_clear();
        command.env("PATH", path);
        command.env("HOME", home.path("home"));
        command.env("XDG_STATE_HOME", home.path("state"));
        command.env("TERM", "xterm-256color");
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
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the app did not exit; the screen shows:\n{}",
            self.contents()
        );
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
