//! The member's clipboard, reached the way that works where the app runs: tmux's buffer inside
//! tmux, screen's paste buffer and a passthrough to the outer terminal inside GNU screen, the
//! desktop's clipboard on a local display, and OSC 52 to the terminal over SSH or when nothing
//! else works. Which way is decided once, from environment variables alone; nothing is started
//! until the first copy.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use crossterm::Command as _;
use crossterm::clipboard::CopyToClipboard;

use super::{Clipboard, Copied, wait_at_most};

/// How long a helper program (tmux, screen) or the desktop clipboard may take: a hung tmux
/// server or an unreachable `DISPLAY` must not freeze the checklist.
const PATIENCE: Duration = Duration::from_secs(2);

/// How long quitting waits for the desktop clipboard to hand the text to a clipboard manager.
const HANDOVER_PATIENCE: Duration = Duration::from_millis(500);

/// Bytes of the OSC 52 sequence per screen passthrough string: screen drops a longer one whole
/// (3000 bytes were lost in a test with screen 4.09); 76 is what vim-oscyank uses.
const SCREEN_CHUNK: usize = 76;

/// The longest text put in screen's paste buffer: `screen -X` silently drops a command longer
/// than about 750 bytes (4.09), still exiting 0.
const SCREEN_COMMAND_TEXT_MAX: usize = 700;

/// The kind of system, which decides whether a desktop clipboard needs a display server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux and the BSDs: a desktop clipboard only with X11 or Wayland.
    Unix,
    MacOs,
    Windows,
}

impl Platform {
    /// The system this program was built for.
    pub const CURRENT: Self = if cfg!(windows) {
        Self::Windows
    } else if cfg!(target_os = "macos") {
        Self::MacOs
    } else {
        Self::Unix
    };
}

/// What the environment says about where copied text can go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClipboardEnv {
    pub platform: Platform,
    /// Inside tmux (`TMUX`).
    pub tmux: bool,
    /// Inside GNU screen (`STY`).
    pub screen: bool,
    /// Logged in over SSH (`SSH_TTY`, `SSH_CONNECTION` or `SSH_CLIENT`): any display is not
    /// the member's.
    pub ssh: bool,
    /// A Wayland display (`WAYLAND_DISPLAY`).
    pub wayland: bool,
    /// An X11 display (`DISPLAY`), XWayland included.
    pub x11: bool,
}

impl ClipboardEnv {
    /// Reads this process's environment.
    pub fn from_env() -> Self {
        Self::read(Platform::CURRENT, |name| std::env::var_os(name))
    }

    /// Reads the environment through `var`, as on `platform`. An empty variable counts as unset.
    pub fn read(platform: Platform, var: impl Fn(&str) -> Option<OsString>) -> Self {
        let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
        Self {
            platform,
            tmux: set("TMUX"),
            screen: set("STY"),
            ssh: set("SSH_TTY") || set("SSH_CONNECTION") || set("SSH_CLIENT"),
            wayland: set("WAYLAND_DISPLAY"),
            x11: set("DISPLAY"),
        }
    }

    /// Whether the desktop's own clipboard is the member's: on their machine, not over SSH.
    fn has_desktop_clipboard(self) -> bool {
        !self.ssh
            && match self.platform {
                Platform::Unix => self.wayland || self.x11,
                Platform::MacOs | Platform::Windows => true,
            }
    }
}

/// Where copied text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// tmux's buffer, which tmux also passes to the outer terminal's clipboard (`load-buffer
    /// -w`); with `desktop`, the desktop clipboard as well.
    Tmux { desktop: bool },
    /// screen's paste buffer, and OSC 52 passed through screen to the outer terminal; with
    /// `desktop`, the desktop clipboard as well.
    Screen { desktop: bool },
    /// The desktop clipboard; OSC 52 if it fails.
    Desktop,
    /// OSC 52 to the terminal, which may or may not allow it: there is no reply.
    Osc52,
}

impl Strategy {
    /// The way that works in `env`. A multiplexer comes first: OSC 52 from inside it does not
    /// reach the terminal with its default settings.
    pub fn for_env(env: ClipboardEnv) -> Self {
        let desktop = env.has_desktop_clipboard();
        if env.tmux {
            Self::Tmux { desktop }
        } else if env.screen {
            Self::Screen { desktop }
        } else if desktop {
            Self::Desktop
        } else {
            Self::Osc52
        }
    }
}

/// The clipboard as reached from where the app runs.
pub struct SystemClipboard {
    strategy: Strategy,
    env: ClipboardEnv,
    /// The desktop clipboard's thread, started by the first copy that needs it.
    desktop: Mutex<DesktopState>,
}

enum DesktopState {
    NotStarted,
    Running(DesktopClipboard),
    /// It did not answer once; the app no longer waits for it.
    GaveUp(String),
}

impl SystemClipboard {
    /// Decides from this process's environment; does nothing else.
    pub fn from_env() -> Self {
        Self::new(ClipboardEnv::from_env())
    }

    /// Decides from `env`; does nothing else.
    pub fn new(env: ClipboardEnv) -> Self {
        Self {
            strategy: Strategy::for_env(env),
            env,
            desktop: Mutex::new(DesktopState::NotStarted),
        }
    }

    /// Where copied text goes.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// Puts `text` on the desktop clipboard: through `wl-copy` on Wayland, else (or when it is
    /// missing) through arboard, waiting at most [`PATIENCE`] for either.
    fn copy_to_desktop(&self, text: &str) -> Result<Kept, String> {
        let mut why_not = Vec::new();
        if self.env.wayland {
            // wl-copy (wl-clipboard) serves the text from a process of its own, so it outlives
            // the app. arboard's own Wayland support would add 356 KiB to the binary.
            match run_with_input(&mut Command::new("wl-copy"), text) {
                Ok(Some(status)) if status.success() => return Ok(Kept::AfterQuitting),
                Ok(Some(status)) => {
                    why_not.push(format!("wl-copy failed ({})", exit_words(status)))
                }
                Ok(None) => why_not.push("wl-copy is not installed".to_owned()),
                Err(why) => why_not.push(why),
            }
        }
        if self.env.platform != Platform::Unix || self.env.x11 {
            match self.copy_with_arboard(text) {
                // X11 keeps the text in the program that copied it.
                Ok(()) if self.env.platform == Platform::Unix => return Ok(Kept::WhileRunning),
                Ok(()) => return Ok(Kept::AfterQuitting),
                Err(why) => why_not.push(why),
            }
        }
        Err(why_not.join("; "))
    }

    fn copy_with_arboard(&self, text: &str) -> Result<(), String> {
        let mut state = self
            .desktop
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if matches!(*state, DesktopState::NotStarted) {
            *state = match DesktopClipboard::start() {
                Ok(desktop) => DesktopState::Running(desktop),
                Err(e) => DesktopState::GaveUp(format!("it could not start: {}", e.kind())),
            };
        }
        let DesktopState::Running(desktop) = &*state else {
            return Err(match &*state {
                DesktopState::GaveUp(why) => why.clone(),
                _ => "it could not start".into(),
            });
        };
        match desktop.copy(text) {
            Ok(()) => Ok(()),
            Err(Wait::Failed(why)) => Err(why),
            Err(Wait::TimedOut) => {
                let why = "it did not answer".to_owned();
                *state = DesktopState::GaveUp(why.clone());
                Err(why)
            }
        }
    }
}

/// How long text on the desktop clipboard stays there.
enum Kept {
    AfterQuitting,
    /// Until the app quits, unless a clipboard manager takes it over.
    WhileRunning,
}

impl Clipboard for SystemClipboard {
    fn copy(&self, text: &str) -> Result<Copied, String> {
        let (multiplexer, desktop) = match self.strategy {
            Strategy::Tmux { desktop } => (Some(Multiplexer::Tmux), desktop),
            Strategy::Screen { desktop } => (Some(Multiplexer::Screen), desktop),
            Strategy::Desktop => (None, true),
            Strategy::Osc52 => (None, false),
        };
        let mut report = Report::default();
        if desktop {
            match self.copy_to_desktop(text) {
                Ok(kept) => {
                    report.places.push("the clipboard");
                    report.only_while_running = matches!(kept, Kept::WhileRunning);
                }
                Err(why) => report.desktop_failed = Some(why),
            }
        }
        match multiplexer {
            Some(Multiplexer::Tmux) => match tmux_load_buffer(text) {
                Ok(sent_on) => {
                    report.places.push("tmux's buffer");
                    if sent_on {
                        report.terminal = Some(Terminal::ViaTmux);
                    }
                }
                Err(why) => report
                    .failures
                    .push(format!("tmux did not take it ({why})")),
            },
            Some(Multiplexer::Screen) => {
                match screen_register(text) {
                    Ok(()) => report.places.push("screen's paste buffer"),
                    Err(why) => report
                        .failures
                        .push(format!("screen did not take it ({why})")),
                }
                match write_to_terminal(screen_passthrough(text).as_bytes()) {
                    Ok(()) => report.terminal = Some(Terminal::Osc52),
                    Err(e) => report
                        .failures
                        .push(format!("the terminal could not be reached ({e})")),
                }
            }
            // OSC 52 when it is the plan, or when the desktop clipboard failed.
            None if report.places.is_empty() => match osc52(text) {
                Ok(()) => report.terminal = Some(Terminal::Osc52),
                Err(e) => report
                    .failures
                    .push(format!("the terminal could not be reached ({e})")),
            },
            None => {}
        }
        report.words()
    }
}

impl Drop for SystemClipboard {
    fn drop(&mut self) {
        let state = self
            .desktop
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let DesktopState::Running(desktop) = std::mem::replace(state, DesktopState::NotStarted) {
            desktop.stop();
        }
    }
}

enum Multiplexer {
    Tmux,
    Screen,
}

/// How the text reached the terminal's clipboard, if it was sent there.
enum Terminal {
    /// tmux passed it on as OSC 52.
    ViaTmux,
    /// This app wrote OSC 52 (through screen, or directly).
    Osc52,
}

/// What one copy achieved, to be put in words.
#[derive(Default)]
struct Report {
    /// Where the text certainly is.
    places: Vec<&'static str>,
    /// Sent to the terminal, which may have refused it.
    terminal: Option<Terminal>,
    /// The desktop clipboard holds it only while the app runs.
    only_while_running: bool,
    desktop_failed: Option<String>,
    failures: Vec<String>,
}

impl Report {
    fn words(self) -> Result<Copied, String> {
        let on_desktop = self.places.contains(&"the clipboard");
        let message = if !self.places.is_empty() {
            let mut message = format!("Copied to {}", self.places.join(" and to "));
            // With the desktop clipboard done, the terminal's copy is a detail.
            if !on_desktop {
                match self.terminal {
                    Some(Terminal::ViaTmux) => message.push_str(
                        " and sent to your terminal's clipboard (if your terminal allows OSC 52)",
                    ),
                    Some(Terminal::Osc52) => message.push_str(
                        " and sent to your terminal via OSC 52 — if paste is empty, your \
                         terminal does not allow it",
                    ),
                    None => {}
                }
            }
            message.push('.');
            if self.only_while_running {
                message.push_str(
                    " It may be gone when you quit, unless a clipboard manager keeps it.",
                );
            }
            message
        } else if self.terminal.is_some() {
            let hint = "if paste is empty, your terminal does not allow it.";
            match self.desktop_failed {
                Some(why) => format!(
                    "The desktop clipboard failed ({why}); sent to your terminal via OSC 52 \
                     instead — {hint}"
                ),
                None => format!("Sent to your terminal via OSC 52 — {hint}"),
            }
        } else {
            let mut failures = self.failures;
            if let Some(why) = self.desktop_failed {
                failures.insert(0, format!("the desktop clipboard failed ({why})"));
            }
            return Err(failures.join("; "));
        };
        Ok(Copied { message })
    }
}

/// Puts `text` in tmux's buffer and, where tmux can (3.2 and later), on the outer terminal's
/// clipboard. Returns whether it went to the terminal too.
fn tmux_load_buffer(text: &str) -> Result<bool, String> {
    let mut to_terminal = Command::new("tmux");
    to_terminal.args(["load-buffer", "-w", "-"]);
    match run_with_input(&mut to_terminal, text) {
        Ok(Some(status)) if status.success() => return Ok(true),
        Ok(None) => return Err("tmux is not installed".into()),
        _ => {}
    }
    // Older tmux does not know -w.
    let mut plain = Command::new("tmux");
    plain.args(["load-buffer", "-"]);
    match run_with_input(&mut plain, text)? {
        Some(status) if status.success() => Ok(false),
        Some(status) => Err(exit_words(status)),
        None => Err("tmux is not installed".into()),
    }
}

/// Puts `text` in screen's paste buffer (the register `.`), without a temp file.
fn screen_register(text: &str) -> Result<(), String> {
    // screen reads `$VAR`, `^X` (a control character) and backslash escapes in a command's
    // arguments; a backslash makes each literal.
    let escaped = text
        .replace('\\', "\\\\")
        .replace('$', "\\$")
        .replace('^', "\\^");
    if escaped.len() > SCREEN_COMMAND_TEXT_MAX {
        return Err("too long for screen's paste buffer".into());
    }
    let mut register = Command::new("screen");
    register.args(["-X", "register", "."]).arg(escaped);
    match run_with_input(&mut register, "")? {
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(exit_words(status)),
        None => Err("screen is not installed".into()),
    }
}

/// The OSC 52 sequence that copies `text`, wrapped for GNU screen: split into DCS passthrough
/// strings (`ESC P` … `ESC \`) short enough for screen, each passed verbatim to the outer
/// terminal, where they join into one OSC 52 sequence.
pub fn screen_passthrough(text: &str) -> String {
    let mut osc = String::new();
    // Writing to a String cannot fail.
    let _ = CopyToClipboard::to_clipboard_from(text).write_ansi(&mut osc);
    // crossterm ends the sequence with ST (`ESC \`), which would end screen's string early;
    // BEL ends an OSC as well.
    let osc = match osc.strip_suffix("\x1b\\") {
        Some(body) => format!("{body}\x07"),
        None => osc,
    };
    let mut wrapped = String::with_capacity(osc.len() * 2);
    // All ASCII (base64), so chunks of bytes are chunks of characters.
    for chunk in osc.as_bytes().chunks(SCREEN_CHUNK) {
        wrapped.push_str("\x1bP");
        wrapped.push_str(&String::from_utf8_lossy(chunk));
        wrapped.push_str("\x1b\\");
    }
    wrapped
}

/// Sends `text` to the terminal's clipboard via OSC 52. No reply comes back.
fn osc52(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    crossterm::execute!(out, CopyToClipboard::to_clipboard_from(text))?;
    out.flush()
}

fn write_to_terminal(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Runs `command` with `input` on its standard input and nothing on screen, for at most
/// [`PATIENCE`]; one still running then is killed. `None`: the program is not installed.
fn run_with_input(command: &mut Command, input: &str) -> Result<Option<ExitStatus>, String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{program} could not be started: {}", e.kind())),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_owned();
        // On its own thread: a program that does not read must not block the app.
        let _ = thread::Builder::new()
            .name("clipboard-input".into())
            .spawn(move || stdin.write_all(input.as_bytes()));
    }
    match wait_at_most(&mut child, PATIENCE) {
        Ok(Some(status)) => Ok(Some(status)),
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("{program} did not answer"))
        }
    }
}

fn exit_words(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => "stopped before it finished".into(),
    }
}

/// The desktop clipboard on a thread of its own: it can block (an unreachable X server), and on
/// X11 and Wayland the text lives in this app, so the clipboard is kept until the app quits.
struct DesktopClipboard {
    requests: Sender<(String, Sender<Result<(), String>>)>,
    stopped: Receiver<()>,
}

enum Wait {
    Failed(String),
    TimedOut,
}

impl DesktopClipboard {
    fn start() -> io::Result<Self> {
        let (requests, inbox) = mpsc::channel::<(String, Sender<Result<(), String>>)>();
        let (stopping, stopped) = mpsc::channel();
        thread::Builder::new()
            .name("clipboard".into())
            .spawn(move || {
                let mut clipboard = None;
                for (text, reply) in inbox {
                    let _ = reply.send(set_text(&mut clipboard, text));
                }
                // Dropping the clipboard offers the text to a clipboard manager, if one runs.
                drop(clipboard);
                let _ = stopping.send(());
            })?;
        Ok(Self { requests, stopped })
    }

    fn copy(&self, text: &str) -> Result<(), Wait> {
        let (reply, answer) = mpsc::channel();
        self.requests
            .send((text.to_owned(), reply))
            .map_err(|_| Wait::Failed("its thread stopped".into()))?;
        match answer.recv_timeout(PATIENCE) {
            Ok(result) => result.map_err(Wait::Failed),
            Err(RecvTimeoutError::Timeout) => Err(Wait::TimedOut),
            Err(RecvTimeoutError::Disconnected) => Err(Wait::Failed("its thread stopped".into())),
        }
    }

    /// Lets the clipboard go, giving it a moment to hand the text to a clipboard manager.
    fn stop(self) {
        drop(self.requests);
        let _ = self.stopped.recv_timeout(HANDOVER_PATIENCE);
    }
}

fn set_text(clipboard: &mut Option<arboard::Clipboard>, text: String) -> Result<(), String> {
    let clipboard = match clipboard {
        Some(clipboard) => clipboard,
        None => clipboard.insert(arboard::Clipboard::new().map_err(in_words)?),
    };
    clipboard.set_text(text).map_err(in_words)
}

fn in_words(error: arboard::Error) -> String {
    match error {
        // The rest of its text ("Unknown error while interacting with the clipboard") adds
        // nothing for the member.
        arboard::Error::Unknown { description } => description,
        other => other.to_string(),
    }
}
