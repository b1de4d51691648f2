//! The outside world, behind small traits: the real ones are wired in `main.rs`, fakes in tests.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::clipboard::CopyToClipboard;
use jiff::Timestamp;

use crate::app::{Launch, LaunchError};
use crate::catalog::is_linkedin_url;

/// Opens an address in the member's browser.
pub trait Browser: Send + Sync {
    /// Hands `url` to the browser. May take a moment, so the shell calls it off the UI thread.
    fn open(&self, url: &str) -> Result<Launch, LaunchError>;
}

/// Puts text on the member's clipboard.
pub trait Clipboard {
    /// Copies `text`, returning what was actually done, in words for the status line.
    fn copy(&self, text: &str) -> Result<String, String>;
}

/// Tells the time.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// The desktop's own launcher (`xdg-open` and its fallbacks on Linux, `open` on macOS).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemBrowser;

/// How long a launcher may run before it counts as having handed the page to a browser. Some
/// launchers stay until the browser exits, so waiting for them to finish is not an option.
const LAUNCH_HANDOFF: Duration = Duration::from_secs(2);

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> Result<Launch, LaunchError> {
        // Checked at catalog load and again here, the last step before the OS.
        if !is_linkedin_url(url) {
            return Err(LaunchError {
                reason: format!("refused to open {url:?}: not a LinkedIn address"),
                no_browser_here: false,
            });
        }
        // Detached with null stdio: the launcher's output never reaches the screen, and it may
        // outlive the app.
        open::that_detached_with_timeout(url, LAUNCH_HANDOFF)
            .map(|()| Launch::Opened)
            .map_err(|e| {
                if e.kind() == io::ErrorKind::NotFound {
                    LaunchError {
                        reason: "no program that opens a browser (xdg-open, gio, kde-open) was \
                                 found. That is normal over SSH or on a server."
                            .to_owned(),
                        no_browser_here: true,
                    }
                } else {
                    // open's message repeats the whole address, which the popup already shows.
                    let detail = e.to_string().replace(url, "<address>");
                    LaunchError {
                        reason: format!(
                            "the system's launcher could not start a browser: {detail}"
                        ),
                        no_browser_here: false,
                    }
                }
            })
    }
}

/// The terminal's clipboard, via the OSC 52 escape sequence; works over SSH where the terminal
/// supports it.
#[derive(Debug, Default, Clone, Copy)]
pub struct TerminalClipboard;

impl Clipboard for TerminalClipboard {
    fn copy(&self, text: &str) -> Result<String, String> {
        let mut out = io::stdout();
        crossterm::execute!(out, CopyToClipboard::to_clipboard_from(text))
            .and_then(|()| out.flush())
            .map(|()| {
                "Sent to your terminal via OSC 52. If paste is empty, your terminal does not \
                 allow it."
                    .to_owned()
            })
            .map_err(|e| e.to_string())
    }
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        // Whole seconds: the record reads better and nothing needs more.
        let now = Timestamp::now();
        Timestamp::from_second(now.as_second()).unwrap_or(now)
    }
}
