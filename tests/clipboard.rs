//! The clipboard: which way is chosen in which environment, the bytes GNU screen needs, and real
//! copies inside tmux and screen, over "SSH" and with a display that never answers. The real
//! copies run in child processes (this test binary again, in the ignored `child_copies`), each
//! with an environment of its own, so nothing here touches the member's own clipboard.

use std::ffi::OsString;
#[cfg(unix)]
use std::path::Path;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use std::{env, fs, thread};

use linkedin_optout::io::{
    Clipboard, ClipboardEnv, Platform, Strategy, SystemClipboard, screen_passthrough,
};

const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";
/// `AI_URL` in base64, as OSC 52 carries it (from coreutils' `base64`).
const AI_URL_BASE64: &str = "aHR0cHM6Ly93d3cubGlua2VkaW4uY29tL215cHJlZmVyZW5jZXMvZC9zZXR0aW5ncy9kYXRhLWZvci1haS1pbXByb3ZlbWVudA==";

/// Tells a child what to copy and where to write what the clipboard said.
const CHILD_TEXT: &str = "LINKEDIN_OPTOUT_TEST_COPY_TEXT";
const CHILD_REPORT: &str = "LINKEDIN_OPTOUT_TEST_COPY_REPORT";
/// Where a child inside screen dumps screen's paste buffer.
const CHILD_SCREEN_DUMP: &str = "LINKEDIN_OPTOUT_TEST_SCREEN_DUMP";
/// Generous: a cold debug binary on a busy machine can be slow to start.
#[cfg(unix)] // Only the Unix tests run a child that could hang.
const PATIENCE: Duration = Duration::from_secs(30);

/// Environment variables by name.
type Vars<'a> = &'a [(&'a str, &'a str)];

fn env_of(platform: Platform, vars: Vars) -> ClipboardEnv {
    ClipboardEnv::read(platform, |name| {
        vars.iter()
            .find(|(set, _)| *set == name)
            .map(|(_, value)| OsString::from(value))
    })
}

#[test]
fn the_way_to_copy_is_chosen_from_the_environment() {
    use Platform::{MacOs, Unix, Windows};
    use Strategy::{Desktop, Osc52, Screen, Tmux};
    let tmux = ("TMUX", "/tmp/tmux-1000/default,1234,0");
    let sty = ("STY", "1234.pts-0.host");
    let display = ("DISPLAY", ":0");
    let wayland = ("WAYLAND_DISPLAY", "wayland-0");
    let ssh_tty = ("SSH_TTY", "/dev/pts/3");
    let ssh_connection = ("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22");
    let ssh_client = ("SSH_CLIENT", "10.0.0.2 50000 22");
    let table: &[(Platform, Vars, Strategy)] = &[
        // A Linux console, or a server: only the terminal is there.
        (Unix, &[], Osc52),
        (Unix, &[display], Desktop),
        (Unix, &[wayland], Desktop),
        (Unix, &[("DISPLAY", "")], Osc52),
        (Unix, &[ssh_tty], Osc52),
        // A forwarded display is not the member's own clipboard.
        (Unix, &[display, ssh_connection], Osc52),
        (Unix, &[wayland, ssh_client], Osc52),
        (Unix, &[tmux], Tmux { desktop: false }),
        (Unix, &[tmux, display], Tmux { desktop: true }),
        (Unix, &[tmux, display, ssh_tty], Tmux { desktop: false }),
        (Unix, &[tmux, ("TMUX", "")], Tmux { desktop: false }),
        (Unix, &[sty], Screen { desktop: false }),
        (Unix, &[sty, wayland], Screen { desktop: true }),
        (Unix, &[sty, ssh_connection], Screen { desktop: false }),
        // tmux started inside screen: tmux is the nearer one.
        (Unix, &[sty, tmux], Tmux { desktop: false }),
        (MacOs, &[], Desktop),
        (MacOs, &[ssh_tty], Osc52),
        (MacOs, &[tmux], Tmux { desktop: true }),
        (MacOs, &[tmux, ssh_connection], Tmux { desktop: false }),
        (Windows, &[], Desktop),
        (Windows, &[ssh_client], Osc52),
    ];
    for (platform, vars, expected) in table {
        let env = env_of(*platform, vars);
        assert_eq!(
            Strategy::for_env(env),
            *expected,
            "{platform:?} with {vars:?}"
        );
        assert_eq!(SystemClipboard::new(env).strategy(), *expected);
    }
}

#[test]
fn screen_gets_osc52_in_short_passthrough_strings() {
    assert_eq!(
        screen_passthrough("hello"),
        "\x1bP\x1b]52;c;aGVsbG8=\x07\x1b\\"
    );
    let wrapped = screen_passthrough(AI_URL);
    let mut joined = String::new();
    let mut pieces = 0;
    for piece in wrapped.split_inclusive("\x1b\\") {
        let body = piece
            .strip_prefix("\x1bP")
            .and_then(|piece| piece.strip_suffix("\x1b\\"))
            .unwrap_or_else(|| panic!("not a DCS string: {piece:?}"));
        assert!(body.len() <= 76, "{} bytes: {body:?}", body.len());
        // ESC \ inside would end screen's string early.
        assert!(!body.contains("\x1b\\"), "{body:?}");
        joined.push_str(body);
        pieces += 1;
    }
    assert!(pieces > 1, "long text is split");
    assert_eq!(joined, format!("\x1b]52;c;{AI_URL_BASE64}\x07"));
}

/// Copies `CHILD_TEXT` with the clipboard its environment calls for, then writes what happened
/// to `CHILD_REPORT`: `ok:` and the message, or `err:` and the reason.
#[test]
#[ignore = "a child process of the tests below"]
fn child_copies() {
    let (Ok(text), Some(report)) = (env::var(CHILD_TEXT), env::var_os(CHILD_REPORT)) else {
        return;
    };
    let clipboard = SystemClipboard::from_env();
    let said = match clipboard.copy(&text) {
        Ok(copied) => format!("ok:{}", copied.message),
        Err(reason) => format!("err:{reason}"),
    };
    if let Some(dump) = env::var_os(CHILD_SCREEN_DUMP) {
        let dump = PathBuf::from(dump);
        let asked = Command::new("screen")
            .args(["-X", "writebuf"])
            .arg(&dump)
            .status();
        assert!(asked.is_ok_and(|status| status.success()));
        // screen writes it a moment later, and not at all when the buffer is empty.
        let start = Instant::now();
        while !dump.exists() && start.elapsed() < Duration::from_secs(3) {
            thread::sleep(Duration::from_millis(50));
        }
    }
    // Whole or not at all: the test may be reading it already.
    let partial = PathBuf::from(&report).with_extension("partial");
    fs::write(&partial, said).expect("report written");
    fs::rename(partial, report).expect("report in place");
}

#[cfg(unix)] // Its callers test terminals and display servers, which are Unix here.
/// Runs `child_copies` with only `vars` in its environment (and PATH). Returns what it wrote to
/// its standard output; fails if it does not finish in [`PATIENCE`] (a hung copy).
fn copy_in_child(text: &str, report: &Path, vars: Vars) -> String {
    let stdout = report.with_extension("stdout");
    let mut command = Command::new(env::current_exe().expect("the test binary"));
    command
        .args([
            "--ignored",
            "--exact",
            "child_copies",
            "--test-threads=1",
            "--nocapture",
        ])
        .env_clear()
        .env("PATH", env::var_os("PATH").unwrap_or_default())
        .env(CHILD_TEXT, text)
        .env(CHILD_REPORT, report)
        .stdout(fs::File::create(&stdout).expect("a file for its output"));
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the child started");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("the copy hung");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "the child failed: {status}");
    String::from_utf8_lossy(&fs::read(&stdout).expect("its output")).into_owned()
}

#[cfg(unix)] // Used by the tmux and screen tests, which are Unix-only.
fn wait_for_file(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = fs::read_to_string(path) {
            return text;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{} never appeared",
            path.display()
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)] // Used by the tmux and screen tests, which are Unix-only.
/// Whether `tool` is on PATH. Missing, the test is skipped with a reason on a member's machine,
/// and fails in CI.
fn have(tool: &str) -> bool {
    let found = env::var_os("PATH")
        .is_some_and(|path| env::split_paths(&path).any(|dir| dir.join(tool).is_file()));
    if !found {
        assert!(
            env::var("CI").as_deref() != Ok("true"),
            "{tool} is needed for this test in CI"
        );
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

// On Windows crossterm sends OSC 52 only to a console with virtual-terminal support; this test's
// output is a file there.
#[cfg(unix)]
#[test]
fn over_ssh_the_text_goes_to_the_terminal_via_osc52_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report");
    let written = copy_in_child(AI_URL, &report, &[("SSH_TTY", "/dev/pts/9")]);
    assert_eq!(
        fs::read_to_string(&report).expect("reported"),
        "ok:Sent to your terminal via OSC 52 — if paste is empty, your terminal does not allow it."
    );
    assert!(
        written.contains(&format!("\x1b]52;c;{AI_URL_BASE64}\x1b\\")),
        "{written:?}"
    );
}

/// An X server that accepts connections and never answers, as a dead forwarded display does.
#[cfg(unix)]
#[test]
fn a_display_that_never_answers_does_not_hang_the_copy() {
    use std::net::TcpListener;
    // X display N listens on TCP port 6000 + N.
    let Some((display, listener)) = (100..400).find_map(|n| {
        TcpListener::bind(("127.0.0.1", 6000 + n))
            .ok()
            .map(|listener| (n, listener))
    }) else {
        panic!("no free port for a fake display");
    };
    let held = thread::spawn(move || {
        // Hold each connection open, silent, until the test ends.
        let mut connections = Vec::new();
        for connection in listener.incoming() {
            connections.push(connection);
        }
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report");
    let written = copy_in_child(
        AI_URL,
        &report,
        &[("DISPLAY", &format!("127.0.0.1:{display}"))],
    );
    assert_eq!(
        fs::read_to_string(&report).expect("reported"),
        "ok:The desktop clipboard failed (it did not answer); sent to your terminal via OSC 52 \
         instead — if paste is empty, your terminal does not allow it."
    );
    assert!(
        written.contains(&format!("\x1b]52;c;{AI_URL_BASE64}\x1b\\")),
        "{written:?}"
    );
    drop(held);
}

// As above: OSC 52 needs a virtual-terminal console on Windows, and this output is a file.
#[cfg(unix)]
#[test]
fn with_no_display_server_there_the_copy_falls_back_to_osc52() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report");
    // No X server has this number, and Wayland's socket is not there either.
    copy_in_child(
        AI_URL,
        &report,
        &[
            ("DISPLAY", ":4321"),
            ("WAYLAND_DISPLAY", "no-such-wayland"),
            ("XDG_RUNTIME_DIR", &dir.path().display().to_string()),
        ],
    );
    let said = fs::read_to_string(&report).expect("reported");
    assert!(
        said.starts_with("ok:The desktop clipboard failed (")
            && said.ends_with(
                "); sent to your terminal via OSC 52 instead — if paste is empty, your \
                 terminal does not allow it."
            ),
        "{said}"
    );
}

/// Writes an executable shell script from another process: a file this multi-threaded process
/// had open for writing could be inherited by a fork in another test and fail with ETXTBSY.
#[cfg(unix)]
fn install_script(path: &Path, script: &str) {
    use std::io::Write;
    let mut writer = Command::new("/bin/sh")
        .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
        .arg(path)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("sh");
    writer
        .stdin
        .take()
        .expect("piped")
        .write_all(script.as_bytes())
        .expect("script written");
    assert!(writer.wait().expect("sh ran").success());
}

#[cfg(unix)]
#[test]
fn on_wayland_the_text_goes_to_wl_copy_and_outlives_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).expect("mkdir");
    let copied = dir.path().join("copied");
    install_script(
        &bin.join("wl-copy"),
        &format!("#!/bin/sh\ncat > '{}'\n", copied.display()),
    );
    let path = env::join_paths(
        std::iter::once(bin).chain(env::split_paths(&env::var_os("PATH").unwrap_or_default())),
    )
    .expect("a PATH");
    let report = dir.path().join("report");
    copy_in_child(
        AI_URL,
        &report,
        &[
            ("PATH", &path.to_string_lossy()),
            ("WAYLAND_DISPLAY", "wayland-test"),
        ],
    );
    assert_eq!(
        fs::read_to_string(&report).expect("reported"),
        "ok:Copied to the clipboard."
    );
    assert_eq!(fs::read_to_string(&copied).expect("wl-copy ran"), AI_URL);
}

#[cfg(unix)] // Used by the tmux and screen tests, which are Unix-only.
/// A tmux server of its own (socket, temp folder, no config, clean environment), killed on drop.
struct Tmux {
    dir: tempfile::TempDir,
    socket: String,
}

#[cfg(unix)] // Used by the tmux and screen tests, which are Unix-only.
impl Tmux {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = format!("linkedin-optout-test-{}", std::process::id());
        let tmux = Self { dir, socket };
        let started = tmux
            .command()
            .args([
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "24",
                "/bin/sleep",
                "600",
            ])
            .status()
            .expect("tmux ran");
        assert!(started.success());
        tmux
    }

    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command
            .env_clear()
            .env("PATH", env::var_os("PATH").unwrap_or_default())
            .env("TMUX_TMPDIR", self.dir.path())
            .args(["-L", &self.socket, "-f", "/dev/null"]);
        command
    }
}

#[cfg(unix)] // Used by the tmux and screen tests, which are Unix-only.
impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").status();
    }
}

/// A program in a pseudo-terminal, its raw output collected as the outer terminal sees it.
#[cfg(unix)]
struct Outer {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    reader: thread::JoinHandle<()>,
}

#[cfg(unix)]
impl Outer {
    fn start(command: portable_pty::CommandBuilder) -> Self {
        use std::io::Read;
        let pty = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pty.slave.spawn_command(command).expect("started");
        drop(pty.slave);
        let mut input = pty.master.try_clone_reader().expect("a reader");
        let seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>> = std::sync::Arc::default();
        let collected = std::sync::Arc::clone(&seen);
        let reader = thread::spawn(move || {
            let mut chunk = [0; 4096];
            // Ends when the program is gone and the terminal closes.
            while let Ok(read @ 1..) = input.read(&mut chunk) {
                collected
                    .lock()
                    .expect("not poisoned")
                    .extend_from_slice(&chunk[..read]);
            }
        });
        Self {
            child,
            master: pty.master,
            seen,
            reader,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().expect("not poisoned")).into_owned()
    }

    /// Waits until `wanted` has been written (it may come a moment after the copy).
    fn wait_for(&self, wanted: &str) {
        let start = Instant::now();
        while !self.text().contains(wanted) {
            assert!(
                start.elapsed() < PATIENCE,
                "{wanted:?} never reached the outer terminal, which saw: {:?}",
                self.text()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the program to end; returns everything it wrote.
    fn finish(self) -> String {
        let start = Instant::now();
        let Self {
            mut child,
            master,
            seen,
            reader,
        } = self;
        while child.try_wait().expect("its status").is_none() {
            assert!(start.elapsed() < PATIENCE, "it did not end");
            thread::sleep(Duration::from_millis(50));
        }
        drop(master);
        reader.join().expect("the reader");
        let seen = seen.lock().expect("not poisoned");
        String::from_utf8_lossy(&seen).into_owned()
    }
}

/// With a client attached in a pseudo-terminal, so tmux has a terminal to pass the text on to.
#[cfg(unix)]
#[test]
fn inside_tmux_the_text_reaches_tmux_buffer_and_the_outer_terminal_with_default_settings() {
    if !have("tmux") {
        return;
    }
    let tmux = Tmux::start();
    let mut attach = portable_pty::CommandBuilder::new("tmux");
    attach.env_clear();
    attach.env("PATH", env::var_os("PATH").unwrap_or_default());
    attach.env("TMUX_TMPDIR", tmux.dir.path());
    attach.env("TERM", "xterm-256color");
    attach.args(["-L", &tmux.socket, "-f", "/dev/null", "attach"]);
    let outer = Outer::start(attach);
    let start = Instant::now();
    while tmux
        .command()
        .arg("list-clients")
        .output()
        .expect("tmux ran")
        .stdout
        .is_empty()
    {
        assert!(start.elapsed() < PATIENCE, "the client never attached");
        thread::sleep(Duration::from_millis(50));
    }

    let report = tmux.dir.path().join("report");
    let opened = tmux
        .command()
        .args(["new-window", "-d", "-e"])
        .arg(format!("{CHILD_TEXT}={AI_URL}"))
        .arg("-e")
        .arg(format!("{CHILD_REPORT}={}", report.display()))
        .arg("--")
        .arg(env::current_exe().expect("the test binary"))
        .args(["--ignored", "--exact", "child_copies", "--test-threads=1"])
        .status()
        .expect("tmux ran");
    assert!(opened.success());
    assert_eq!(
        wait_for_file(&report),
        "ok:Copied to tmux's buffer and sent to your terminal's clipboard (if your terminal \
         allows OSC 52)."
    );
    let buffer = tmux
        .command()
        .arg("show-buffer")
        .output()
        .expect("tmux ran");
    assert_eq!(String::from_utf8_lossy(&buffer.stdout), AI_URL);
    outer.wait_for(&format!("\x1b]52;;{AI_URL_BASE64}"));
}

/// Copies `text` inside GNU screen (empty screenrc, in a pseudo-terminal). Returns what the
/// clipboard said, screen's paste buffer, and what reached the outer terminal.
#[cfg(unix)]
fn copy_inside_screen(text: &str) -> (String, String, String) {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().expect("temp dir");
    let sockets = dir.path().join("screens");
    fs::create_dir(&sockets).expect("mkdir");
    fs::set_permissions(&sockets, fs::Permissions::from_mode(0o700)).expect("chmod");
    let (report, dump) = (dir.path().join("report"), dir.path().join("paste-buffer"));

    let mut screen = portable_pty::CommandBuilder::new("screen");
    screen.env_clear();
    screen.env("PATH", env::var_os("PATH").unwrap_or_default());
    screen.env("TERM", "xterm-256color");
    screen.env("HOME", dir.path());
    screen.env("SCREENDIR", &sockets);
    screen.env(CHILD_TEXT, text);
    screen.env(CHILD_REPORT, &report);
    screen.env(CHILD_SCREEN_DUMP, &dump);
    screen.args(["-c", "/dev/null", "-S", "linkedin-optout-test"]);
    screen.arg(env::current_exe().expect("the test binary"));
    screen.args(["--ignored", "--exact", "child_copies", "--test-threads=1"]);
    let outer = Outer::start(screen);
    let said = wait_for_file(&report);
    let outer = outer.finish();
    let pasted = fs::read_to_string(&dump).unwrap_or_default();
    (said, pasted, outer)
}

#[cfg(unix)]
#[test]
fn inside_screen_the_text_reaches_screens_buffer_and_the_outer_terminal() {
    if !have("screen") {
        return;
    }
    let both = "ok:Copied to screen's paste buffer and sent to your terminal via OSC 52 — if \
                paste is empty, your terminal does not allow it.";
    // Longer than screen takes in one string (3000 bytes unsplit were dropped whole), and than
    // it takes in one command.
    let (long, long_base64) = ("abc".repeat(600), "YWJj".repeat(600));
    let terminal_only =
        "ok:Sent to your terminal via OSC 52 — if paste is empty, your terminal does not allow it.";
    for (text, base64, message, pasted_back) in [
        (AI_URL, AI_URL_BASE64, both, AI_URL),
        // screen reads $VAR, ^X and backslash escapes in commands; the copy must not.
        (
            r#"cost: $HOME \n "quoted" ^A %s"#,
            "Y29zdDogJEhPTUUgXG4gInF1b3RlZCIgXkEgJXM=",
            both,
            r#"cost: $HOME \n "quoted" ^A %s"#,
        ),
        (&long, &long_base64, terminal_only, ""),
    ] {
        let (said, pasted, outer) = copy_inside_screen(text);
        assert_eq!(said, message);
        assert_eq!(pasted, pasted_back);
        assert!(
            outer.contains(&format!("\x1b]52;c;{base64}\x07")),
            "the outer terminal saw: {outer:?}"
        );
    }
}
