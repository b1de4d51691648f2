//! The outside world, behind small traits: the real ones are wired in `main.rs`, fakes in tests.

use std::fmt;
use std::io;
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

use jiff::Timestamp;

mod browser;
mod clipboard;

pub use browser::{HANDOFF_TIMEOUT, SystemBrowser};
pub use clipboard::{ClipboardEnv, Platform, Strategy, SystemClipboard, screen_passthrough};

/// Opens an address in the member's browser.
pub trait Browser: Send + Sync {
    /// Hands a catalog `url` to the member's browser. May block up to the handoff timeout
    /// ([`HANDOFF_TIMEOUT`] for the system browser), so the shell calls it off the UI thread.
    fn open(&self, url: &str) -> Result<Launch, LaunchError>;
}

/// How far a launch got, as far as can be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Launch {
    /// The launcher finished and reported success.
    Opened,
    /// The launcher was still running after the handoff timeout: it may be waiting for the
    /// browser, or stuck. Whether a page opened cannot be known.
    HandedOff,
}

/// Why no browser could be asked to open the page, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchError {
    /// What went wrong, for the member; never contains the address (the popup shows it).
    pub reason: String,
    /// Nothing here can show a web page (no launcher at all, or xdg-open said so): normal over
    /// SSH or on a server, where the member opens the address on another device.
    pub no_browser_here: bool,
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Puts text on the member's clipboard.
pub trait Clipboard {
    /// Copies `text`; the error says, in plain words, why nothing could be copied.
    fn copy(&self, text: &str) -> Result<Copied, String>;
}

/// What was actually done, in words for the member's status line (never claims what cannot be
/// known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub message: String,
}

/// Tells the time.
pub trait Clock {
    fn now(&self) -> Timestamp;
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

/// Waits up to `timeout` for `child` to finish: `None` if it is still running.
fn wait_at_most(child: &mut Child, timeout: Duration) -> io::Result<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() >= timeout {
            return Ok(None);
        }
        thread::sleep(Duration::from_millis(5));
    }
}
