//! The terminal matrix: the real binary in the terminals members use — tmux and GNU screen with
//! their default options, TERM=dumb or unset, a C locale, no terminal at all, a bare
//! pseudo-terminal with pastes, job control, split escape sequences, the mouse, small windows and
//! launchers that fail or hang. Each test reads the screen back and asserts what a member would
//! see. Every run has its own temp HOME and XDG_STATE_HOME and a PATH the test controls; a test
//! whose tool is missing skips with a reason here and fails under CI=true.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use std::{fs, thread};

use common::{Home, tool};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_linkedin-optout");
/// Generous: a cold debug binary on a busy 2-core machine can be slow to draw.
const PATIENCE: Duration = Duration::from_secs(20);
/// How long a negative check ("nothing was opened") gives the app to do the wrong thing.
const GRACE: Duration = Duration::from_millis(500);

const AI_TITLE: &str = "Data for Generative AI Improvement";
const ADS_TITLE: &str = "Share data with affiliates and partners";
const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";

/// Text only the full-screen interface draws: finding any of it after quitting means the
/// interface was left behind.
const INTERFACE_MARKS: [&str; 4] = ["Checklist", "PgDn", "q quit", "not done yet"];

/// Polls `done` until it holds or patience runs out.
fn eventually(what: &str, mut done: impl FnMut() -> bool, show: impl Fn() -> String) {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if done() {
            return;
        }
        thread::sleep(Duration::from_millis(25));
    }
    panic!("never {what}; the screen shows:\n{}", show());
}

/// Something showing a screen the tests can read: a pseudo-terminal, a tmux pane, a GNU screen
/// window.
trait Shows {
    /// What is on screen now, rows separated by newlines.
    fn text(&self) -> String;

    fn wait_for(&self, text: &str) {
        eventually(
            &format!("showed {text:?}"),
            || self.text().contains(text),
            || self.text(),
        );
    }

    fn wait_until_gone(&self, text: &str) {
        eventually(
            &format!("stopped showing {text:?}"),
            || !self.text().contains(text),
            || self.text(),
        );
    }

    /// Waits until the last row with anything on it is the shell's prompt.
    fn wait_for_prompt(&self) {
        eventually(
            "showed the shell prompt",
            || {
                self.text()
                    .lines()
                    .rev()
                    .find(|line| !line.trim().is_empty())
                    .is_some_and(|line| line.trim_end() == PROMPT.trim_end())
            },
            || self.text(),
        );
    }
}

/// The environment a run starts with: nothing of the test's own but what is set here.
fn base_env(home: &Home) -> BTreeMap<String, OsString> {
    let mut env = BTreeMap::new();
    env.insert("PATH".into(), home.path("nobin").into());
    env.insert("HOME".into(), home.path("home").into());
    env.insert("XDG_STATE_HOME".into(), home.path("state").into());
    env.insert("TERM".into(), "xterm-256color".into());
    env.insert("LANG".into(), "C.UTF-8".into());
    env
}

// ---------------------------------------------------------------------------------------------
// A bare pseudo-terminal, read through a terminal emulator (vt100) and as raw bytes.

/// How to start a run in a pseudo-terminal.
struct Start<'a> {
    home: &'a Home,
    size: (u16, u16),
    env: BTreeMap<String, OsString>,
    program: OsString,
    args: Vec<OsString>,
}

impl<'a> Start<'a> {
    fn new(home: &'a Home) -> Self {
        Self {
            home,
            size: (80, 24),
            env: base_env(home),
            program: BIN.into(),
            args: Vec::new(),
        }
    }

    fn size(mut self, width: u16, height: u16) -> Self {
        self.size = (width, height);
        self
    }

    fn env(mut self, key: &str, value: impl Into<OsString>) -> Self {
        self.env.insert(key.into(), value.into());
        self
    }

    fn unset(mut self, key: &str) -> Self {
        self.env.remove(key);
        self
    }

    fn args(mut self, args: &[&str]) -> Self {
        self.args = args.iter().map(OsString::from).collect();
        self
    }

    /// Runs `program` with `args` instead of the app.
    fn program(mut self, program: impl Into<OsString>, args: &[&OsString]) -> Self {
        self.program = program.into();
        self.args = args.iter().map(|a| (*a).clone()).collect();
        self
    }

    fn run(self) -> Pty {
        let (width, height) = self.size;
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: height,
                cols: width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(&self.program);
        command.args(&self.args);
        command.env_clear();
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command.cwd(self.home.path("home"));
        let child = pty.slave.spawn_command(command).expect("the app starts");
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            height.try_into().expect("rows"),
            width.try_into().expect("columns"),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let (feed, bytes, eof) = (Arc::clone(&screen), Arc::clone(&raw), Arc::clone(&closed));
        thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = feed.lock() {
                    parser.process(&buffer[..n]);
                }
                if let Ok(mut raw) = bytes.lock() {
                    raw.extend_from_slice(&buffer[..n]);
                }
            }
            eof.store(true, Ordering::SeqCst);
        });
        let writer = pty.master.take_writer().expect("a writer");
        Pty {
            screen,
            raw,
            closed,
            writer,
            child,
            master: pty.master,
        }
    }
}

/// A run in a pseudo-terminal.
struct Pty {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// The other side closed: every byte the run wrote is in `raw`.
    closed: Arc<AtomicBool>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// The screen as text, rows joined with newlines.
    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|parser| parser.screen().contents())
            .unwrap_or_default()
    }

    /// The screen's rows, each trimmed at the end.
    fn rows(&self) -> Vec<String> {
        let parser = self.screen.lock().expect("the screen");
        let (_, width) = parser.screen().size();
        parser
            .screen()
            .rows(0, width.get())
            .map(|row| row.trim_end().to_owned())
            .collect()
    }

    /// Whatever the emulator says about the terminal's modes.
    fn screen_state<T>(&self, read: impl Fn(&vt100::Screen) -> T) -> T {
        read(self.screen.lock().expect("the screen").screen())
    }

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("the bytes").clone()
    }

    /// Waits for the fresh checklist's whole first frame: the footer is drawn last.
    fn wait_for_checklist(&self) {
        eventually(
            "drew the checklist",
            || {
                let rows = self.rows();
                rows.first().is_some_and(|row| row.contains("0 of 2 done"))
                    && rows.last().is_some_and(|row| row.contains("q quit"))
            },
            || self.contents(),
        );
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("typed");
        self.writer.flush().expect("flushed");
    }

    fn keys(&mut self, keys: &str) {
        self.send(keys.as_bytes());
    }

    /// Opens the help and closes it again, then waits for the screen to be drawn back as it was
    /// when called: every key sent before has been read and acted on, and changed nothing on
    /// screen, when this returns.
    fn sync(&mut self) {
        let before = self.rows();
        self.keys("?");
        eventually("opened the help", || self.help_open(), || self.contents());
        self.keys("?");
        eventually(
            "closed the help and redrew the screen as it was",
            || !self.help_open() && self.rows() == before,
            || format!("{}\n--- before ---\n{}", self.contents(), before.join("\n")),
        );
    }

    /// Whether the help's frame is on screen (box drawing or ASCII).
    fn help_open(&self) -> bool {
        let contents = self.contents();
        contents.contains("┌ Help ") || contents.contains("+ Help -")
    }

    fn pid(&self) -> libc::pid_t {
        libc::pid_t::try_from(self.child.process_id().expect("running")).expect("a pid")
    }

    fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill(2) with a pid this test started and a valid signal number.
        assert_eq!(unsafe { libc::kill(self.pid(), signal) }, 0, "signal sent");
    }

    /// Sends `signal` to the terminal's foreground process group: the job a shell is running.
    fn signal_foreground(&self, signal: libc::c_int) {
        let group = self
            .master
            .process_group_leader()
            .expect("a foreground job");
        // SAFETY: kill(2) with a process group this test's terminal runs, and a valid signal.
        assert_eq!(unsafe { libc::kill(-group, signal) }, 0, "signal sent");
    }

    fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the run to exit and for its last bytes; returns its exit code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Ok(Some(status)) = self.child.try_wait() {
                eventually(
                    "closed the terminal",
                    || self.closed.load(Ordering::SeqCst),
                    || self.contents(),
                );
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the app did not exit; the screen shows:\n{}",
            self.contents()
        );
    }

    /// The pseudo-terminal's line settings, as `stty -a` prints them.
    fn tty_settings(&self) -> String {
        let tty = self.master.tty_name().expect("the pty's name");
        let stty = tool("stty", true).expect("stty is part of every Unix");
        let flag = if cfg!(target_os = "linux") {
            "-F"
        } else {
            "-f"
        };
        let out = Command::new(stty)
            .arg("-a")
            .arg(flag)
            .arg(&tty)
            .output()
            .expect("stty runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Fails unless the terminal is as the shell wants it: main screen, cursor shown, no mouse
    /// reporting, no bracketed paste, line mode and echo on.
    fn assert_terminal_given_back(&self, when: &str) {
        eventually(
            &format!("gave the terminal back ({when})"),
            || {
                let settings = self.tty_settings();
                let cooked = ["icanon", "echo"]
                    .iter()
                    .all(|flag| settings.split_whitespace().any(|word| word == *flag));
                cooked
                    && self.screen_state(|s| {
                        !s.alternate_screen()
                            && !s.hide_cursor()
                            && !s.bracketed_paste()
                            && s.mouse_protocol_mode() == vt100::MouseProtocolMode::None
                    })
            },
            || {
                let modes = self.screen_state(|s| {
                    format!(
                        "alternate screen {}, cursor hidden {}, bracketed paste {}, mouse {:?}",
                        s.alternate_screen(),
                        s.hide_cursor(),
                        s.bracketed_paste(),
                        s.mouse_protocol_mode()
                    )
                });
                format!("{modes}\n{}\n{}", self.tty_settings(), self.contents())
            },
        );
    }

    /// Fails unless the app has the terminal: alternate screen and raw mode.
    fn assert_terminal_taken(&self, when: &str) {
        eventually(
            &format!("took the terminal ({when})"),
            || {
                let settings = self.tty_settings();
                settings.split_whitespace().any(|word| word == "-icanon")
                    && self.screen_state(vt100::Screen::alternate_screen)
            },
            || self.tty_settings(),
        );
    }
}

impl Shows for Pty {
    fn text(&self) -> String {
        self.contents()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // Never leave a stray app behind a failed test (a stopped one too).
        if self.running() {
            self.signal(libc::SIGCONT);
        }
        let _ = self.child.kill();
    }
}

/// `dirs` as a PATH.
fn path_of(dirs: &[PathBuf]) -> OsString {
    std::env::join_paths(dirs).expect("a PATH")
}

/// Writes an executable shell script.
fn script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    fs::write(path, format!("#!/bin/sh\n{body}\n")).expect("write a script");
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// The events recorded in the default profile's record, as (item, event) pairs; none when there
/// is no record.
fn recorded_events(home: &Home) -> Vec<(String, String)> {
    let Ok(text) = fs::read_to_string(home.state_file()) else {
        return Vec::new();
    };
    let json: serde_json::Value = serde_json::from_str(&text).expect("a valid record");
    let mut events = Vec::new();
    if let Some(items) = json["items"].as_object() {
        for (id, item) in items {
            for event in item["history"].as_array().into_iter().flatten() {
                let kind = event["event"].as_str().or_else(|| event["kind"].as_str());
                events.push((id.clone(), kind.unwrap_or("?").to_owned()));
            }
            if let Some(state) = item["state"].as_str()
                && state != "pending"
            {
                events.push((id.clone(), format!("state {state}")));
            }
        }
    }
    events
}

// ---------------------------------------------------------------------------------------------
// tmux with default options.

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// A tmux server of its own (its socket in the temp home) running a plain `sh` at a prompt.
struct Tmux {
    tmux: PathBuf,
    socket: String,
    tmpdir: PathBuf,
}

/// The shell prompt inside tmux and screen.
const PROMPT: &str = "member$ ";

impl Tmux {
    fn start(home: &Home, width: u16, height: u16) -> Option<Self> {
        let tmux = tool("tmux", true)?;
        let sh = tool("sh", true)?;
        let tmpdir = home.path("tmux");
        fs::create_dir_all(&tmpdir).expect("tmux folder");
        let socket = session_name();
        let env = shell_env(home, &sh);
        // The shell gets exactly this environment, plus what tmux itself sets (TERM, TMUX).
        let mut line = String::from("exec env -i TERM=\"$TERM\" TMUX=\"$TMUX\"");
        for (key, value) in env.iter().filter(|(key, _)| *key != "TERM") {
            line.push_str(&format!(" {key}='{}'", value.to_string_lossy()));
        }
        line.push_str(&format!(" {}", sh.display()));
        let me = Self {
            tmux,
            socket,
            tmpdir,
        };
        let out = me.command(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &line,
        ]);
        assert!(out.status.success(), "tmux started: {out:?}");
        me.wait_for_prompt();
        Some(me)
    }

    fn command(&self, args: &[&str]) -> std::process::Output {
        Command::new(&self.tmux)
            .env_clear()
            .env("TMUX_TMPDIR", &self.tmpdir)
            .env("PATH", "/usr/bin:/bin")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// Presses keys by tmux's names (`Enter`, `Escape`, `C-z`, or plain characters).
    fn press(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.command(&args).status.success());
    }

    /// Types `text` literally.
    fn type_text(&self, text: &str) {
        assert!(
            self.command(&["send-keys", "-t", "0", "-l", text])
                .status
                .success()
        );
    }

    /// Runs a shell command line at the prompt.
    fn run(&self, line: &str) {
        self.type_text(line);
        self.press(&["Enter"]);
    }

    fn pane(&self) -> String {
        String::from_utf8_lossy(&self.command(&["capture-pane", "-p", "-t", "0"]).stdout)
            .into_owned()
    }

    /// The pane and everything scrolled off it.
    fn history(&self) -> String {
        String::from_utf8_lossy(
            &self
                .command(&["capture-pane", "-p", "-t", "0", "-S", "-"])
                .stdout,
        )
        .into_owned()
    }

    fn format(&self, format: &str) -> String {
        String::from_utf8_lossy(
            &self
                .command(&["display-message", "-p", "-t", "0", format])
                .stdout,
        )
        .trim()
        .to_owned()
    }

    /// Fails unless the pane is the shell's: nothing of the interface on it, the main screen,
    /// line mode.
    fn assert_shell_has_the_terminal(&self, when: &str) {
        let pane = self.pane();
        for mark in INTERFACE_MARKS {
            assert!(
                !pane.contains(mark),
                "{when}: {mark:?} on the pane:\n{pane}"
            );
        }
        assert_eq!(
            self.format("#{alternate_on}"),
            "0",
            "{when}: on the main screen"
        );
        let settings = self.tty_settings();
        assert!(
            settings.split_whitespace().any(|w| w == "icanon"),
            "{when}: line mode: {settings}"
        );
    }

    /// The pane's terminal device settings.
    fn tty_settings(&self) -> String {
        let tty = self.format("#{pane_tty}");
        let flag = if cfg!(target_os = "linux") {
            "-F"
        } else {
            "-f"
        };
        let out = Command::new("stty")
            .args(["-a", flag, &tty])
            .output()
            .expect("stty runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Shows for Tmux {
    fn text(&self) -> String {
        self.pane()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command(&["kill-server"]);
    }
}

/// A name for a tmux socket or screen session no other test (or test run) uses.
fn session_name() -> String {
    format!(
        "lo-{}-{}",
        std::process::id(),
        SESSIONS.fetch_add(1, Ordering::SeqCst)
    )
}

/// The environment of a shell the tests start in tmux or screen: the app's, a known prompt, and
/// a PATH with the system's tools after the empty folder.
fn shell_env(home: &Home, sh: &Path) -> BTreeMap<String, OsString> {
    let mut env = base_env(home);
    env.insert("PS1".into(), PROMPT.into());
    let system = sh.parent().map_or_else(|| "/bin".into(), Path::to_path_buf);
    env.insert(
        "PATH".into(),
        path_of(&[home.path("nobin"), system, "/usr/bin".into(), "/bin".into()]),
    );
    env
}

#[test]
fn in_tmux_the_checklist_draws_keys_work_and_quitting_leaves_a_clean_prompt() {
    let home = Home::new();
    let Some(tmux) = Tmux::start(&home, 80, 24) else {
        return;
    };
    tmux.run("echo EARLIER-OUTPUT");
    tmux.wait_for("EARLIER-OUTPUT\n");
    tmux.run(BIN);
    tmux.wait_for("0 of 2 done");
    tmux.wait_for(&format!("> [ ] {AI_TITLE}"));
    tmux.wait_for(&format!("  [ ] {ADS_TITLE}"));
    tmux.wait_for("? help  q quit");
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "1",
        "on the alternate screen"
    );
    assert!(!tmux.pane().contains("EARLIER-OUTPUT"));

    tmux.press(&["j"]);
    tmux.wait_for(&format!("> [ ] {ADS_TITLE}"));
    tmux.press(&["Space"]);
    tmux.wait_for("1 of 2 done");
    tmux.wait_for(&format!("> [x] {ADS_TITLE}"));
    // Esc with nothing open does nothing: still here. (A key sent right after Esc would
    // arrive with it and read as Alt+key, as no member types.)
    tmux.press(&["Escape"]);
    thread::sleep(Duration::from_millis(300));
    tmux.press(&["?"]);
    tmux.wait_for("┌ Help ");
    tmux.press(&["Escape"]);
    tmux.wait_until_gone("┌ Help ");
    tmux.wait_for("1 of 2 done");

    tmux.press(&["q"]);
    tmux.wait_for_prompt();
    let pane = tmux.pane();
    assert!(
        pane.contains("EARLIER-OUTPUT"),
        "the shell's screen is back:\n{pane}"
    );
    assert!(
        pane.contains("1 of 2 LinkedIn opt-outs done for profile default"),
        "the summary is printed:\n{pane}"
    );
    tmux.assert_shell_has_the_terminal("after quitting");
}

#[test]
fn in_tmux_resizing_then_quitting_leaves_nothing_in_the_scrollback() {
    let home = Home::new();
    let Some(tmux) = Tmux::start(&home, 80, 24) else {
        return;
    };
    tmux.run(BIN);
    tmux.wait_for("0 of 2 done");
    for (width, height) in [(120u16, 40u16), (60, 15), (100, 30), (80, 24)] {
        let out = tmux.command(&[
            "resize-window",
            "-t",
            "0",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
        assert!(out.status.success(), "{out:?}");
        // Side by side from 100 columns on, stacked below: the layout follows each size.
        tmux.wait_for("q quit");
        eventually(
            &format!("redrew at {width}x{height}"),
            || {
                let pane = tmux.pane();
                pane.lines().count() == usize::from(height)
                    && pane
                        .lines()
                        .next()
                        .is_some_and(|l| l.contains("0 of 2 done"))
            },
            || tmux.pane(),
        );
    }
    tmux.press(&["q"]);
    tmux.wait_for_prompt();
    let history = tmux.history();
    for mark in INTERFACE_MARKS {
        assert!(
            !history.contains(mark),
            "{mark:?} left in the scrollback:\n{history}"
        );
    }
}

#[test]
fn in_tmux_ctrl_z_gives_the_shell_back_and_fg_redraws_the_whole_checklist() {
    let home = Home::new();
    let Some(tmux) = Tmux::start(&home, 80, 24) else {
        return;
    };
    tmux.run(BIN);
    tmux.wait_for("0 of 2 done");
    tmux.wait_for("q quit");
    let before = tmux.pane();
    tmux.press(&["C-z"]);
    tmux.wait_for_prompt();
    tmux.assert_shell_has_the_terminal("while stopped");

    tmux.run("fg");
    eventually(
        "redrew the whole checklist",
        || tmux.pane() == before,
        || format!("{}\n--- before ---\n{before}", tmux.pane()),
    );
    // Keys arrive one by one again (raw mode), not line by line.
    tmux.press(&["j"]);
    tmux.wait_for(&format!("> [ ] {ADS_TITLE}"));
    tmux.press(&["q"]);
    tmux.wait_for_prompt();
}

// ---------------------------------------------------------------------------------------------
// GNU screen with an empty screenrc: no alternate screen.

/// A GNU screen session of its own running a plain `sh`.
struct Screen {
    screen: PathBuf,
    name: String,
    dir: PathBuf,
    session: std::process::Child,
    copies: AtomicUsize,
}

impl Screen {
    fn start(home: &Home) -> Option<Self> {
        let screen = tool("screen", true)?;
        let sh = tool("sh", true)?;
        let dir = home.path("screen");
        fs::create_dir_all(&dir).expect("screen folder");
        // screen insists on a private socket folder.
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        let name = session_name();
        let mut shell_env = shell_env(home, &sh);
        // Inside, TERM is screen's own; the rest is ours.
        shell_env.insert("TERM".into(), "screen".into());
        let mut command = Command::new(&screen);
        command
            .env_clear()
            .env("SCREENDIR", &dir)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("PATH", "/usr/bin:/bin")
            .args(["-c", "/dev/null", "-D", "-m", "-S", &name, "env", "-i"]);
        for (key, value) in &shell_env {
            let mut pair = OsString::from(key);
            pair.push("=");
            pair.push(value);
            command.arg(pair);
        }
        command.arg(&sh);
        let session = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("screen starts");
        let me = Self {
            screen,
            name,
            dir,
            session,
            copies: AtomicUsize::new(0),
        };
        me.wait_for_prompt();
        Some(me)
    }

    fn command(&self, args: &[&str]) -> std::process::Output {
        Command::new(&self.screen)
            .env_clear()
            .env("SCREENDIR", &self.dir)
            .env("PATH", "/usr/bin:/bin")
            .args(["-S", &self.name, "-X"])
            .args(args)
            .output()
            .expect("screen runs")
    }

    /// Types `text` into the window.
    fn stuff(&self, text: &str) {
        assert!(self.command(&["stuff", text]).status.success());
    }

    /// A hardcopy of the window (`history`: with its scrollback). screen writes only the low
    /// byte of characters outside Latin-1, so tests look for ASCII text.
    fn copy(&self, history: bool) -> String {
        let file = self.dir.join(format!(
            "hardcopy-{}",
            self.copies.fetch_add(1, Ordering::SeqCst)
        ));
        let path = file.to_str().expect("UTF-8 temp path");
        let args: Vec<&str> = if history {
            vec!["hardcopy", "-h", path]
        } else {
            vec!["hardcopy", path]
        };
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            let _ = self.command(&args);
            if let Ok(bytes) = fs::read(&file)
                && !bytes.is_empty()
            {
                return String::from_utf8_lossy(&bytes).into_owned();
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!("screen wrote no hardcopy");
    }

    fn visible(&self) -> String {
        self.copy(false)
    }
}

impl Shows for Screen {
    fn text(&self) -> String {
        self.visible()
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.command(&["quit"]);
        let _ = self.session.kill();
        let _ = self.session.wait();
    }
}

#[test]
fn in_gnu_screen_earlier_output_never_shows_through_and_nothing_is_left_after_quitting() {
    let home = Home::new();
    let Some(screen) = Screen::start(&home) else {
        return;
    };
    // Full-width lines of earlier output on every row, where the checklist has blank cells.
    // (screen's `stuff` expands $NAME and \n itself, so the line has neither.)
    screen.stuff(&format!(
        "seq 30 | sed 's/.*/EARLIER-OUTPUT-&-{}/'\n",
        "x".repeat(60)
    ));
    screen.wait_for("EARLIER-OUTPUT-30");
    screen.stuff(&format!("{BIN}\n"));
    screen.wait_for("0 of 2 done");
    screen.wait_for("q quit");
    let running = screen.visible();
    assert!(
        !running.contains("EARLIER") && !running.contains("xxxxxxxx"),
        "earlier output shows through the checklist:\n{running}"
    );
    for text in [AI_TITLE, ADS_TITLE, "Checklist", "? help"] {
        assert!(running.contains(text), "{text:?} is drawn:\n{running}");
    }

    screen.stuff(" ");
    screen.wait_for("1 of 2 done");
    screen.stuff("q");
    screen.wait_for("1 of 2 LinkedIn opt-outs done");
    screen.wait_for_prompt();
    let after = screen.visible();
    for mark in INTERFACE_MARKS {
        assert!(!after.contains(mark), "{mark:?} left on screen:\n{after}");
    }
    let history = screen.copy(true);
    for mark in INTERFACE_MARKS {
        assert!(
            !history.contains(mark),
            "{mark:?} left in screen's scrollback:\n{history}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Terminals that cannot be drawn on, and no terminal at all.

/// Fails if `bytes` hold any escape or control sequence start.
fn assert_no_escapes(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !bytes.iter().any(|b| *b == 0x1b || *b == 0x9b),
        "{what}: escape bytes written: {text:?}"
    );
}

#[test]
fn term_dumb_or_unset_prints_the_plain_checklist_without_escape_bytes() {
    for term in [Some("dumb"), None] {
        let home = Home::new();
        let start = Start::new(&home);
        let start = match term {
            Some(term) => start.env("TERM", term),
            None => start.unset("TERM"),
        };
        let mut run = start.run();
        let what = format!("TERM={term:?}");
        assert_eq!(run.exit_code(), 0, "{what}");
        let bytes = run.raw();
        assert_no_escapes(&bytes, &what);
        let text = String::from_utf8_lossy(&bytes);
        for expected in [
            "0 of 2 opt-outs done",
            &format!("[ ] {AI_TITLE}"),
            &format!("[ ] {ADS_TITLE}"),
            "Next: open",
            AI_URL,
            "linkedin-optout confirm ai-training",
            "More privacy switches, if you want them too:",
            // A label LinkedIn does not quote is never shown as its words.
            "Switch off: the toggle \"Use my data for training content creation AI models\" (as \
             shown in public guides) in the setting",
            "[ ] Ads off LinkedIn (ads-off-linkedin): pending",
            "Caution: only a third-party tool backs this address, not LinkedIn. If it does not \
             show the setting, start from https://www.linkedin.com/mypreferences/d/categories/ads",
        ] {
            assert!(text.contains(expected), "{what}: {expected:?} in:\n{text}");
        }
        assert!(!home.state_file().exists(), "{what}: nothing was saved");
    }
}

/// TERM=dumb in a C locale, LinkedIn shown in French (LANG): the plain lines are ASCII too,
/// the French labels transliterated, as on the full screen.
#[test]
fn term_dumb_in_a_c_locale_prints_ascii_only() {
    let home = Home::new();
    let mut run = Start::new(&home)
        .env("TERM", "dumb")
        .env("LC_ALL", "C")
        .env("LANG", "fr_FR.UTF-8")
        .run();
    assert_eq!(run.exit_code(), 0);
    let bytes = run.raw();
    let text = String::from_utf8_lossy(&bytes);
    assert!(bytes.is_ascii(), "not ASCII:\n{text}");
    assert!(text.contains("Donnees pour l'amelioration"), "{text}");
}

#[test]
fn in_a_c_locale_every_byte_is_ascii_and_the_screen_is_whole() {
    let home = Home::new();
    let mut run = Start::new(&home).unset("LANG").env("LC_ALL", "C").run();
    run.wait_for_checklist();
    run.wait_for("q quit");
    // Every screen: the checklist, the help, a popup, the QR's ASCII note.
    run.sync();
    run.keys("r");
    run.wait_for("Your region");
    // Arrows in words where the footer names them.
    run.wait_for("Up/Down move");
    run.keys("\x1b");
    run.wait_until_gone("Your region");
    run.keys("p");
    run.wait_for("needs a UTF-8 terminal");
    run.keys("u");
    run.wait_for(AI_URL);
    run.keys("\x1b");
    eventually(
        "drew the checklist again",
        || {
            run.rows()
                .last()
                .is_some_and(|row| row.contains("f addresses"))
        },
        || run.contents(),
    );
    let rows = run.rows();
    assert!(
        rows[0].contains("LinkedIn opt-outs - 0 of 2 done"),
        "{rows:#?}"
    );
    assert!(
        rows[1].starts_with("+ Checklist ---"),
        "ASCII borders: {rows:#?}"
    );
    assert!(rows[2].starts_with("|> [ ] "), "{rows:#?}");
    let footer = rows.last().expect("rows");
    assert!(footer.contains("? help  q quit"), "{rows:#?}");
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
    let bytes = run.raw();
    let wide: Vec<String> = String::from_utf8_lossy(&bytes)
        .chars()
        .filter(|c| !c.is_ascii())
        .map(|c| format!("{c} U+{:04X}", u32::from(c)))
        .collect();
    assert!(wide.is_empty(), "non-ASCII written: {wide:?}");
}

/// The one line a member sees without a terminal.
fn assert_the_one_line(stderr: &str, what: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: one line on stderr: {stderr:?}");
    assert!(
        lines[0].contains("needs a terminal") && lines[0].contains("linkedin-optout status"),
        "{what}: says what to do instead: {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr:?}");
}

#[test]
fn with_no_terminal_at_all_one_line_on_stderr_exit_2_and_nothing_on_stdout() {
    let home = Home::new();
    let out_file = home.path("stdout.txt");
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .envs(base_env(&home))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_file).expect("a file"))
        .stderr(Stdio::piped());
    // SAFETY: setsid(2) is async-signal-safe; it detaches the child from any controlling
    // terminal, as cron and `ssh host cmd` without -t do.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = command.output().expect("the app runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        fs::read(&out_file).expect("stdout file").len(),
        0,
        "nothing on stdout"
    );
    assert_the_one_line(&String::from_utf8_lossy(&out.stderr), "setsid </dev/null");
    assert!(!home.state_file().exists());
}

#[test]
fn with_stdout_to_a_file_or_stdin_from_elsewhere_no_screen_is_drawn() {
    let Some(sh) = tool("sh", true) else {
        return;
    };
    for (what, redirect) in [
        ("stdout to a file", r#"exec "$0" > "$1""#),
        ("stdin from /dev/null", r#"exec "$0" < /dev/null; : "$1""#),
    ] {
        let home = Home::new();
        let file = home.path("stdout.txt");
        fs::write(&file, "").expect("a file");
        let mut run = Start::new(&home)
            .program(
                &sh,
                &[
                    &OsString::from("-c"),
                    &OsString::from(redirect),
                    &OsString::from(BIN),
                    &file.clone().into_os_string(),
                ],
            )
            .run();
        assert_eq!(run.exit_code(), 2, "{what}");
        assert_eq!(
            fs::read(&file).expect("the file").len(),
            0,
            "{what}: nothing drawn into the file"
        );
        let bytes = run.raw();
        assert_no_escapes(&bytes, what);
        assert_the_one_line(&String::from_utf8_lossy(&bytes), what);
    }
}

// ---------------------------------------------------------------------------------------------
// Input: pastes and escape sequences split across reads.

#[test]
fn a_bracketed_paste_is_never_taken_as_keys_and_a_short_note_says_so() {
    let home = Home::new();
    home.install_fake_browser();
    let mut run = Start::new(&home)
        .env("PATH", path_of(&[home.path("bin")]))
        .run();
    run.wait_for_checklist();
    assert!(
        run.screen_state(vt100::Screen::bracketed_paste),
        "bracketed paste is on"
    );
    // `x` confirms, Space confirms, `o` opens, `q` quits: none of it may act.
    run.send(b"\x1b[200~x x hello, open the page and quit q\x1b[201~");
    eventually(
        "noted the paste",
        || run.contents().to_lowercase().contains("paste"),
        || run.contents(),
    );
    assert!(run.running(), "the paste did not quit");
    run.sync();
    assert!(run.contents().contains("0 of 2 done"));
    assert!(run.contents().contains(&format!("> [ ] {AI_TITLE}")));
    thread::sleep(GRACE);
    assert!(!home.opened_log().exists(), "the paste opened a page");
    assert_eq!(recorded_events(&home), Vec::<(String, String)>::new());
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
    assert!(!home.state_file().exists(), "nothing recorded");
}

#[test]
fn an_escape_sequence_split_across_two_writes_never_quits_or_acts() {
    let home = Home::new();
    home.install_fake_browser();
    let mut run = Start::new(&home)
        .env("PATH", path_of(&[home.path("bin")]))
        .run();
    run.wait_for_checklist();
    // The footer is drawn last: the whole first frame is on screen.
    run.wait_for("q quit");
    let before = run.rows();
    for tail in ["[B", "[A", "OB", "[6~", "[13;2u"] {
        run.send(b"\x1b");
        thread::sleep(Duration::from_millis(50));
        run.send(tail.as_bytes());
        run.sync();
        assert!(run.running(), "\\e then {tail:?} quit the app");
        assert_eq!(run.rows(), before, "\\e then {tail:?} changed the screen");
    }
    thread::sleep(GRACE);
    assert!(
        !home.opened_log().exists(),
        "a split sequence opened a page"
    );
    assert_eq!(recorded_events(&home), Vec::<(String, String)>::new());
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
}

// ---------------------------------------------------------------------------------------------
// Job control and signals.

/// Run from an interactive shell, as a member does: job control is the shell's, and `fg` is what
/// brings a stopped program back (run directly by a terminal, Ctrl-Z is refused:
/// `tests/attacks.rs`). Stopped by `stop`, the terminal is given back whole; `fg` takes it again,
/// redraws everything, and keys work at once.
fn stopped_then_continued(how: &str, stop: impl Fn(&mut Pty)) {
    let home = Home::new();
    let Some(sh) = tool("sh", true) else {
        return;
    };
    let mut run = Start::new(&home)
        .env("PS1", PROMPT)
        .program(&sh, &[&OsString::from("-i")])
        .run();
    run.wait_for_prompt();
    run.keys(&format!("{BIN}\r"));
    run.wait_for_checklist();
    run.assert_terminal_taken("at start");
    run.keys(" ");
    run.wait_for("1 of 2 done");
    // The footer is drawn last, and now offers to undo: the whole frame is on screen.
    run.wait_for("Space undo");
    let before = run.rows();
    stop(&mut run);
    // The shell has the terminal again.
    run.wait_for_prompt();
    run.assert_terminal_given_back(&format!("stopped by {how}"));
    let stopped = run.contents();
    for mark in INTERFACE_MARKS {
        assert!(
            !stopped.contains(mark),
            "{how}: {mark:?} left while stopped:\n{stopped}"
        );
    }

    run.keys("fg\r");
    run.assert_terminal_taken(&format!("after {how} and fg"));
    eventually(
        &format!("redrew the whole checklist after {how}"),
        || run.rows() == before,
        || format!("{}\n--- before ---\n{}", run.contents(), before.join("\n")),
    );
    // One key, no Enter: raw mode is back.
    run.keys("j");
    run.wait_for(&format!("> [ ] {ADS_TITLE}"));
    run.keys("q");
    run.wait_for_prompt();
    // The shell ends with the app's exit code.
    run.keys("exit $?\r");
    assert_eq!(run.exit_code(), 0, "{how}");
    let text = fs::read_to_string(home.state_file()).expect("saved");
    assert!(text.contains("\"confirmed\""), "{how}: {text}");
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_sigcont_redraws_whole_with_keys_working() {
    stopped_then_continued("Ctrl-Z", |run| run.keys("\x1a"));
}

#[test]
fn sigtstp_from_outside_stops_cleanly_and_sigcont_takes_the_terminal_again() {
    stopped_then_continued("SIGTSTP", |run| run.signal_foreground(libc::SIGTSTP));
}

#[test]
fn sigquit_gives_the_terminal_back_and_keeps_the_record() {
    let home = Home::new();
    let mut run = Start::new(&home).run();
    run.wait_for_checklist();
    run.keys(" ");
    run.wait_for("1 of 2 done");
    run.signal(libc::SIGQUIT);
    assert_eq!(run.exit_code(), 128 + 3, "ended by SIGQUIT");
    run.assert_terminal_given_back("after SIGQUIT");
    let text = fs::read_to_string(home.state_file()).expect("saved");
    assert!(text.contains("\"confirmed\""), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Browsers and launchers. The browser backend is being rewritten for issue 10 (BROWSER,
// xdg-open's exit codes in words, a hung launcher said honestly); these tests state what the
// issue requires and pass once that lands.

#[test]
fn browser_is_honoured_when_no_system_launcher_exists() {
    let home = Home::new();
    let log = home.opened_log();
    script(
        &home.path("bin").join("my-browser"),
        &format!("printf '%s\\n' \"$1\" >> '{}'", log.display()),
    );
    // A colon-separated list; the first does not exist; %s stands for the address.
    let browser = format!(
        "no-such-browser:{} %s",
        home.path("bin").join("my-browser").display()
    );
    let mut run = Start::new(&home)
        .env("PATH", path_of(&[home.path("nobin")]))
        .env("BROWSER", browser)
        .run();
    run.wait_for_checklist();
    run.keys("\r");
    eventually(
        "recorded the page as opened",
        || run.contents().contains(&format!("[~] {AI_TITLE}")),
        || run.contents(),
    );
    assert!(!run.contents().contains("No browser"), "{}", run.contents());
    assert_eq!(
        fs::read_to_string(&log).expect("$BROWSER ran"),
        format!("{AI_URL}\n")
    );
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
}

#[test]
fn each_xdg_open_failure_is_said_in_plain_words_and_nothing_is_recorded() {
    let mut screens = Vec::new();
    for code in 1..=4 {
        let home = Home::new();
        script(&home.path("bin").join("xdg-open"), &format!("exit {code}"));
        let mut run = Start::new(&home)
            .env("PATH", path_of(&[home.path("bin")]))
            .run();
        run.wait_for_checklist();
        run.keys("\r");
        run.wait_for("Open this address yourself");
        let screen = run.contents();
        for raw in [
            "ExitStatus",
            "unix_wait_status",
            "exit status",
            "Launcher \"",
        ] {
            assert!(
                !screen.contains(raw),
                "exit {code} is said as {raw:?}, not in words:\n{screen}"
            );
        }
        if code == 3 {
            assert!(
                screen.contains("SSH"),
                "exit 3 (no browser here) is the SSH case:\n{screen}"
            );
        }
        assert!(!screen.contains(&format!("[~] {AI_TITLE}")), "{screen}");
        run.keys("\x1b");
        run.wait_until_gone("Open this address yourself");
        run.keys("q");
        assert_eq!(run.exit_code(), 0);
        assert_eq!(recorded_events(&home), Vec::<(String, String)>::new());
        screens.push((code, screen));
    }
    for (i, (a, first)) in screens.iter().enumerate() {
        for (b, second) in &screens[i + 1..] {
            assert_ne!(first, second, "exit {a} and exit {b} read the same");
        }
    }
}

#[test]
fn a_hung_launcher_is_never_reported_as_opened_and_a_second_enter_opens_nothing_more() {
    let home = Home::new();
    let log = home.opened_log();
    let pid_file = home.path("launcher.pid");
    script(
        &home.path("bin").join("xdg-open"),
        &format!(
            "printf '%s\\n' \"$1\" >> '{}'\necho $$ > '{}'\nexec /bin/sleep 60",
            log.display(),
            pid_file.display()
        ),
    );
    let _launcher = KillOnDrop(pid_file.clone());
    let mut run = Start::new(&home)
        .env("PATH", path_of(&[home.path("bin")]))
        .run();
    run.wait_for_checklist();
    run.keys("\r");
    run.keys("\r");
    // Until the launcher has been given its time, and after: never "Opened".
    let mut seen = String::new();
    eventually(
        "said the page was handed over, not opened",
        || {
            seen = run.contents();
            assert!(
                !seen.contains("Opened in your browser"),
                "a hung launcher is reported as opened:\n{seen}"
            );
            seen.contains("If nothing opened") || seen.contains("if nothing opened")
        },
        || run.contents(),
    );
    assert_eq!(
        fs::read_to_string(&log).expect("the launcher ran"),
        format!("{AI_URL}\n"),
        "one launch for two Enters"
    );
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
}

/// Kills the process whose pid is in the file, when the test ends however it ends.
struct KillOnDrop(PathBuf);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(pid) = fs::read_to_string(&self.0)
            && let Ok(pid) = pid.trim().parse::<libc::pid_t>()
        {
            // SAFETY: kill(2) on the fake launcher this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small and narrow windows.

#[test]
fn at_39x11_the_too_small_screen_ignores_every_action_but_help_and_quit() {
    let home = Home::new();
    home.install_fake_browser();
    let mut run = Start::new(&home)
        .size(39, 11)
        .env("PATH", path_of(&[home.path("bin")]))
        .run();
    run.wait_for("too small");
    let screen = run.contents();
    assert!(screen.contains("39x11"), "{screen}");
    assert!(screen.contains("q to quit"), "{screen}");
    run.keys("\r o x nfcpram");
    run.sync();
    assert!(run.running());
    assert!(run.contents().contains("too small"), "{}", run.contents());
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
    thread::sleep(GRACE);
    assert!(!home.opened_log().exists(), "a page was opened");
    assert!(!home.state_file().exists(), "the record was written");
}

/// The screen's rows trimmed and joined with spaces: a message wrapped over rows reads whole.
fn joined(rows: &[String]) -> String {
    rows.iter()
        .map(|row| row.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn at_60x20_and_40x12_the_footer_keeps_help_and_quit_and_warnings_wrap_whole() {
    if !Path::new("/proc/self").exists() {
        common::skip("no /proc here: an unwritable record for root cannot be made");
        return;
    }
    for (width, height) in [(60, 20), (40, 12)] {
        let at = format!("at {width}x{height}");
        let home = Home::new();
        // A record that cannot be written, even by root: no folder can be made in /proc.
        let state = format!(
            "/proc/linkedin-optout-test-{}/state.json",
            std::process::id()
        );
        let mut run = Start::new(&home)
            .size(width, height)
            .args(&["--state-file", &state])
            .run();
        run.wait_for_checklist();
        let rows = run.rows();
        let footer = rows.last().expect("rows");
        assert!(
            footer.contains("? help") && footer.contains("q quit"),
            "{at}: the footer keeps ? help and q quit: {footer:?}"
        );
        let start = "Press r to set your region: some settings exist only in some regions.";
        assert!(joined(&rows).contains(start), "{at}: {rows:#?}");

        run.keys(" ");
        run.wait_for("Not saved");
        run.keys("q");
        eventually(
            &format!("warned whole {at}, the footer kept"),
            || {
                let rows = run.rows();
                joined(&rows).contains("Press q again to quit and lose 1 change.")
                    && rows.last().is_some_and(|footer| {
                        footer.contains("? help") && footer.contains("q quit")
                    })
            },
            || run.contents(),
        );
        run.keys("q");
        assert_eq!(run.exit_code(), 1, "{at}: unsaved changes fail the exit");
    }
}

/// Where the box titled `title` is: (top row, bottom row, left column, right column).
fn find_box(rows: &[String], title: &str) -> Option<(usize, usize, usize, usize)> {
    let top = rows
        .iter()
        .position(|row| row.contains(&format!("┌ {title} ")))?;
    let chars: Vec<char> = rows[top].chars().collect();
    let title_at = rows[top].find(&format!("┌ {title} "))?;
    let left = rows[top][..title_at].chars().count();
    let right = (left + 1..chars.len()).find(|&x| chars[x] == '┐')?;
    let bottom = (top + 1..rows.len()).find(|&y| {
        let chars: Vec<char> = rows[y].chars().collect();
        chars.get(left) == Some(&'└') && chars.get(right) == Some(&'┘')
    })?;
    Some((top, bottom, left, right))
}

#[test]
fn at_40x12_popups_fit_the_window_and_titles_shorten_at_a_word() {
    let home = Home::new();
    let mut run = Start::new(&home).size(40, 12).run();
    run.wait_for_checklist();
    let rows = run.rows();
    for title in [AI_TITLE, ADS_TITLE] {
        let row = rows
            .iter()
            .find(|row| row.contains(&title[..10]))
            .unwrap_or_else(|| panic!("{title} listed: {rows:#?}"));
        let shown = row
            .split("] ")
            .nth(1)
            .expect("a title after the marker")
            .trim_end_matches(['│', ' ']);
        if shown != title {
            let cut = shown
                .strip_suffix('…')
                .unwrap_or_else(|| panic!("{shown:?} is cut without an ellipsis"));
            assert!(
                title.starts_with(cut) && title[cut.len()..].starts_with(' '),
                "{shown:?} is not cut at a word of {title:?}"
            );
        }
    }

    let popups: [(&str, &str, &str); 5] = [
        ("?", "Help", "Why"),
        ("r", "Your region", "> 1"),
        ("l", "LinkedIn's language", "> 7"),
        ("f", "Addresses", "https://www.linkedin.com"),
        ("\r", "No browser", "https://www.linkedin.com"),
    ];
    for (key, title, inside) in popups {
        run.keys(key);
        eventually(
            &format!("drew the whole {title} box"),
            || find_box(&run.rows(), title).is_some(),
            || run.contents(),
        );
        let rows = run.rows();
        let (top, bottom, left, right) = find_box(&rows, title).expect("found just now");
        assert!(
            bottom < rows.len() - 1 && right < 40 && left < right && top < bottom,
            "{title} fits above the footer: {rows:#?}"
        );
        let footer = rows.last().expect("rows");
        assert!(
            footer.contains("q quit"),
            "{title}: the footer stays: {rows:#?}"
        );
        let inner = joined(
            &rows[top + 1..bottom]
                .iter()
                .map(|row| row.chars().skip(left + 1).take(right - left - 1).collect())
                .collect::<Vec<String>>(),
        );
        assert!(
            inner.contains(inside),
            "the {title} popup shows {inside:?}: {rows:#?}"
        );
        run.keys("\x1b");
        run.wait_until_gone(&format!("┌ {title} "));
    }
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
}

#[test]
fn at_40x12_the_highlighted_entry_of_a_list_stays_in_view() {
    let home = Home::new();
    let mut run = Start::new(&home).size(40, 12).run();
    run.wait_for_checklist();
    run.keys("r");
    run.wait_for("Your region");
    for index in 2..=7 {
        run.keys("j");
        eventually(
            &format!("showed region {index} highlighted"),
            || run.contents().contains(&format!("> {index}")),
            || run.contents(),
        );
    }
    run.keys("\r");
    run.wait_for("Region set: Other");
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
}

// ---------------------------------------------------------------------------------------------
// The mouse.

/// An SGR mouse report for button `code` at 1-based column `x`, row `y`, pressed or released.
fn mouse(code: u8, x: u16, y: u16, press: bool) -> Vec<u8> {
    format!("\x1b[<{code};{x};{y}{}", if press { 'M' } else { 'm' }).into_bytes()
}

fn click(run: &mut Pty, x: u16, y: u16) {
    run.send(&mouse(0, x, y, true));
    run.send(&mouse(0, x, y, false));
}

/// The 0-based row on which `text` first appears.
fn row_of(run: &Pty, text: &str) -> usize {
    run.rows()
        .iter()
        .position(|row| row.contains(text))
        .unwrap_or_else(|| panic!("{text:?} is not on screen:\n{}", run.contents()))
}

#[test]
fn the_mouse_selects_rows_scrolls_details_closes_popups_and_m_gives_it_back() {
    let home = Home::new();
    let mut run = Start::new(&home).run();
    run.wait_for_checklist();
    assert_ne!(
        run.screen_state(vt100::Screen::mouse_protocol_mode),
        vt100::MouseProtocolMode::None,
        "the mouse is taken"
    );

    // A click on the second item's row selects it.
    let second = row_of(&run, ADS_TITLE);
    click(&mut run, 10, u16::try_from(second + 1).expect("small"));
    run.wait_for(&format!("> [ ] {ADS_TITLE}"));

    // Pointer motion draws nothing.
    thread::sleep(Duration::from_millis(200));
    let written = run.raw().len();
    for x in 1..30 {
        run.send(&mouse(35, x, 10, true));
    }
    thread::sleep(GRACE);
    assert_eq!(run.raw().len(), written, "pointer motion redrew the screen");

    // The wheel over the details scrolls them, and back.
    let details_top = row_of(&run, &format!("┌ {ADS_TITLE}")) + 1;
    let first_line = run.rows()[details_top].clone();
    let (x, y) = (20, u16::try_from(details_top + 3).expect("small"));
    run.send(&mouse(65, x, y, true));
    eventually(
        "scrolled the details down",
        || run.rows()[details_top] != first_line,
        || run.contents(),
    );
    run.send(&mouse(64, x, y, true));
    eventually(
        "scrolled the details back up",
        || run.rows()[details_top] == first_line,
        || run.contents(),
    );

    // A click outside a popup closes it.
    run.keys("r");
    run.wait_for("Your region");
    click(&mut run, 1, 1);
    run.wait_until_gone("Your region");
    assert!(run.running());

    // m leaves the mouse to the terminal, and says so.
    run.keys("m");
    eventually(
        "gave the mouse back",
        || run.screen_state(vt100::Screen::mouse_protocol_mode) == vt100::MouseProtocolMode::None,
        || run.contents(),
    );
    run.wait_for("Mouse off");
    // Reports that still arrive (a terminal that ignores the request) do nothing.
    let first = row_of(&run, AI_TITLE);
    click(&mut run, 10, u16::try_from(first + 1).expect("small"));
    run.sync();
    assert!(run.contents().contains(&format!("> [ ] {ADS_TITLE}")));
    run.keys("q");
    assert_eq!(run.exit_code(), 0);

    // The choice is saved: the next run leaves the mouse alone from the start.
    let mut again = Start::new(&home).run();
    again.wait_for_checklist();
    assert_eq!(
        again.screen_state(vt100::Screen::mouse_protocol_mode),
        vt100::MouseProtocolMode::None,
        "the saved choice holds"
    );
    again.keys("q");
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn the_terminal_cursor_follows_the_selected_row_for_screen_readers() {
    let home = Home::new();
    let mut run = Start::new(&home).run();
    run.wait_for_checklist();
    for (key, title) in [("", AI_TITLE), ("j", ADS_TITLE), ("k", AI_TITLE)] {
        run.keys(key);
        run.wait_for(&format!("> [ ] {title}"));
        let row = u16::try_from(row_of(&run, &format!("> [ ] {title}"))).expect("small");
        eventually(
            &format!("put the cursor on {title:?}'s row"),
            || run.screen_state(|s| s.cursor_position().0) == row,
            || {
                format!(
                    "{:?}\n{}",
                    run.screen_state(vt100::Screen::cursor_position),
                    run.contents()
                )
            },
        );
    }
    run.keys("q");
    assert_eq!(run.exit_code(), 0);
}

/// The colour-setting SGR parameters in `bytes` (foreground or background, any palette); the
/// resets to the terminal's own colours (39, 49) are not colours.
fn colours_set(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    for sequence in text.split("\x1b[").skip(1) {
        let Some(end) = sequence.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !sequence[end..].starts_with('m') {
            continue;
        }
        let params: Vec<&str> = sequence[..end].split(';').collect();
        for param in &params {
            let colour = match param.parse::<u16>() {
                Ok(n) => matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107),
                Err(_) => false,
            };
            if colour {
                found.push(sequence[..end].to_owned());
                break;
            }
        }
    }
    found
}

#[test]
fn monochrome_and_no_color_terminals_get_no_colour_at_all() {
    for (what, term, no_color) in [
        ("TERM=xterm-mono", "xterm-mono", None),
        ("TERM=vt100", "vt100", None),
        ("NO_COLOR=1", "xterm-256color", Some("1")),
    ] {
        let home = Home::new();
        let mut start = Start::new(&home).env("TERM", term);
        if let Some(value) = no_color {
            start = start.env("NO_COLOR", value);
        }
        let mut run = start.run();
        run.wait_for_checklist();
        // A popup and the QR code too: their styles are set apart from the checklist's.
        run.keys("r");
        run.wait_for("Your region");
        run.keys("\x1b");
        run.wait_until_gone("Your region");
        run.keys("p");
        run.wait_for("u address");
        run.keys("q");
        assert_eq!(run.exit_code(), 0, "{what}");
        let colours = colours_set(&run.raw());
        assert!(colours.is_empty(), "{what}: colours set: {colours:?}");
    }
}
