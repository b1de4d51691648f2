//! The member's browser: the commands in `$BROWSER` first, as xdg-open itself honours them, then
//! the system's launchers (xdg-open and its fallbacks on Linux, `open` on macOS, PowerShell and
//! Explorer on Windows, as the `open` crate lists them).
//!
//! The launchers are run here rather than through `open::that_detached_with_timeout`, which
//! returns the same `Ok(())` whether a launcher finished or was still running at the timeout, and
//! reports failures only as Debug text (`ExitStatus(unix_wait_status(768))`).

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::Duration;

use super::{Browser, Launch, LaunchError, wait_at_most};
use crate::catalog::is_linkedin_url;

/// How long a launcher may run before the page counts as handed off. Some launchers stay until
/// the browser exits, so waiting for them to finish is not an option.
pub const HANDOFF_TIMEOUT: Duration = Duration::from_secs(2);

/// Separates the commands in `$BROWSER`: `:` as xdg-open reads it; `;` on Windows, where `:`
/// is in every path (Python's `webbrowser` module does the same).
const BROWSER_LIST_SEPARATOR: char = if cfg!(windows) { ';' } else { ':' };

/// Whether a failing system launcher lets the next one be tried. The `open` crate stops at the
/// first failure on Windows and macOS, where Explorer's exit code is not a dependable failure and
/// there is nothing to fall back to; the Linux launchers are alternatives to each other.
const SYSTEM_FALLTHROUGH: bool = !cfg!(any(windows, target_os = "macos"));

/// The member's browser, found through `$BROWSER` and the system's launchers. The environment
/// is read once, when it is made.
#[derive(Debug, Clone, Default)]
pub struct SystemBrowser {
    /// `$BROWSER`, one command per entry, each split into words.
    browser_var: Vec<Vec<String>>,
    /// The PATH programs are looked up in; `None` for the app's own.
    search_path: Option<OsString>,
}

impl SystemBrowser {
    /// Reads `$BROWSER` now (a value that is not UTF-8 is ignored); programs are found through
    /// the app's own PATH.
    pub fn from_env() -> Self {
        Self::new(std::env::var("BROWSER").ok().as_deref(), None)
    }

    /// `browser` in `$BROWSER`'s form: commands separated by `:` (`;` on Windows), `%s` in a
    /// command standing for the address, else the address goes last. Commands are split into
    /// words at whitespace, with no shell and no quoting. `search_path` is the PATH to find
    /// programs in (`None`: the app's own), and is also given to them.
    pub fn new(browser: Option<&str>, search_path: Option<&OsStr>) -> Self {
        let browser_var = browser
            .unwrap_or_default()
            .split(BROWSER_LIST_SEPARATOR)
            .map(|entry| entry.split_whitespace().map(str::to_owned).collect())
            .filter(|words: &Vec<String>| !words.is_empty())
            .collect();
        Self {
            browser_var,
            search_path: search_path.map(OsStr::to_os_string),
        }
    }

    /// Every command that may open `url`, in the order they are tried.
    fn candidates(&self, url: &str) -> Vec<Candidate> {
        let from_var = self.browser_var.iter().map(|words| {
            let substituted = words.iter().any(|word| word.contains("%s"));
            let mut args: Vec<String> = words[1..]
                .iter()
                .map(|word| word.replace("%s", url))
                .collect();
            if !substituted {
                args.push(url.to_owned());
            }
            let mut command = Command::new(&words[0]);
            command.args(args);
            Candidate {
                label: format!("{} (from $BROWSER)", words[0]),
                command,
                fall_through: true,
            }
        });
        let system = open::commands(url).into_iter().map(|command| Candidate {
            label: command.get_program().to_string_lossy().into_owned(),
            command,
            fall_through: SYSTEM_FALLTHROUGH,
        });
        let mut candidates: Vec<Candidate> = from_var.chain(system).collect();
        if let Some(path) = &self.search_path {
            for candidate in &mut candidates {
                candidate.command.env("PATH", path);
            }
        }
        candidates
    }
}

/// One command that may open the page.
struct Candidate {
    command: Command,
    /// How the member knows it: the program, and where it came from.
    label: String,
    /// Whether the next candidate is tried after this one fails.
    fall_through: bool,
}

/// What trying one candidate came to.
enum Attempt {
    /// No such program: try the next.
    Missing,
    Finished(ExitStatus),
    StillRunning,
    CouldNotStart(io::Error),
}

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> Result<Launch, LaunchError> {
        // Checked at catalog load and again here, the last step before the OS. Nothing from the
        // environment changes the address: `$BROWSER` only picks the program.
        if !is_linkedin_url(url) {
            return Err(LaunchError {
                reason: format!("refused to open {url:?}: not a LinkedIn address"),
                no_browser_here: false,
            });
        }
        let mut tried = Vec::new();
        let mut failures = Vec::new();
        let mut no_browser_here = false;
        for mut candidate in self.candidates(url) {
            let program = candidate.command.get_program().to_os_string();
            tried.push(candidate.label.clone());
            match attempt(&mut candidate.command, HANDOFF_TIMEOUT) {
                Attempt::Missing => continue,
                Attempt::Finished(status) if status.success() => return Ok(Launch::Opened),
                Attempt::StillRunning => return Ok(Launch::HandedOff),
                Attempt::Finished(status) => {
                    let (words, nothing_to_open_with) =
                        exit_in_words(&program, &candidate.label, status);
                    failures.push(words);
                    no_browser_here |= nothing_to_open_with;
                }
                Attempt::CouldNotStart(e) => {
                    failures.push(format!(
                        "{} could not be started ({})",
                        candidate.label,
                        e.kind()
                    ));
                }
            }
            if !candidate.fall_through {
                break;
            }
        }
        if failures.is_empty() {
            return Err(LaunchError {
                reason: format!(
                    "no program that opens a browser was found (tried {}). \
                     That is normal over SSH or on a server.",
                    tried.join(", ")
                ),
                no_browser_here: true,
            });
        }
        let mut reason = failures.join("; ");
        if no_browser_here {
            reason.push_str(". That is normal over SSH or on a server.");
        }
        Err(LaunchError {
            reason,
            no_browser_here,
        })
    }
}

/// Starts `command` detached with null stdio, so its output never reaches the screen and it may
/// outlive the app, then waits up to `timeout` for it to finish.
fn attempt(command: &mut Command, timeout: Duration) -> Attempt {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    detach(command);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Attempt::Missing,
        Err(e) => return Attempt::CouldNotStart(e),
    };
    match wait_at_most(&mut child, timeout) {
        Ok(Some(status)) => Attempt::Finished(status),
        // Still running, or started but its end cannot be seen: either way nothing is known.
        Ok(None) | Err(_) => {
            reap_later(child);
            Attempt::StillRunning
        }
    }
}

/// Waits for `child` on a thread of its own, so a launcher that ends after the app stopped
/// watching leaves no zombie behind.
fn reap_later(mut child: Child) {
    // Without a thread the child stays unreaped until the app exits: harmless.
    let _ = thread::Builder::new()
        .name("launcher-wait".into())
        .stack_size(64 * 1024)
        .spawn(move || child.wait());
}

/// A launcher's failure in plain words, and whether it means there is no browser here.
/// xdg-open's exit codes are documented in xdg-open(1); gio's in glib's gio-tool-open.c.
fn exit_in_words(program: &OsStr, label: &str, status: ExitStatus) -> (String, bool) {
    let name = Path::new(program).file_name();
    let is_xdg_open = name == Some(OsStr::new("xdg-open"));
    let is_gio = name == Some(OsStr::new("gio"));
    match status.code() {
        Some(1) if is_xdg_open => (
            format!("{label} did not understand the request (exit code 1: a bad command line)"),
            false,
        ),
        Some(2) if is_xdg_open => (
            format!("{label} could not find the address (exit code 2: file or URL not found)"),
            false,
        ),
        Some(3) if is_xdg_open => (
            format!(
                "no browser here — {label} could not find a tool it needs, such as a browser \
                 (exit code 3)"
            ),
            true,
        ),
        // "Operation not supported" on a machine with glib but no desktop: the usual server case.
        Some(2) if is_gio => (
            format!(
                "{label} could not open it, usually because there is no browser here (exit code 2)"
            ),
            true,
        ),
        Some(4) if is_xdg_open => (
            format!("{label} tried, but opening the page failed (exit code 4)"),
            false,
        ),
        Some(code) => (format!("{label} failed with exit code {code}"), false),
        None => (format!("{label} was stopped before it finished"), false),
    }
}

/// Its own session, so a launcher cannot reach the terminal (opening /dev/tty fails) and is not
/// hung up with it.
#[cfg(unix)]
fn detach(command: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    // SAFETY: the closure runs between fork and exec and only calls setsid, which is
    // async-signal-safe and touches no memory.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Its own process group, so Ctrl-C in the console does not reach it, and no console window.
#[cfg(windows)]
fn detach(command: &mut Command) {
    use std::os::windows::process::CommandExt as _;
    const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    command.creation_flags(CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW);
}

#[cfg(not(any(unix, windows)))]
fn detach(_: &mut Command) {}
