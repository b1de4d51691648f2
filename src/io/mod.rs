//! The outside world, behind small traits: the real ones are wired in `main.rs`, fakes in tests.

use std::io;
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;

// The core owns these so `update` can match on them; the backends here produce them.
pub use crate::app::{Launch, LaunchError};

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
        let now = system_now();
        Timestamp::from_second(now.as_second()).unwrap_or(now)
    }
}

/// The system clock's time, held within what a timestamp can be (years -9999 to 9999): jiff's
/// own `Timestamp::now` panics on a clock set past them, and a wrong clock must not crash the app.
pub fn system_now() -> Timestamp {
    let now = std::time::SystemTime::now();
    Timestamp::try_from(now).unwrap_or(if now > std::time::UNIX_EPOCH {
        Timestamp::MAX
    } else {
        Timestamp::MIN
    })
}

/// The largest time-zone file read, in bytes. Real ones (TZif) are a few kilobytes.
const MAX_ZONE_FILE_BYTES: u64 = 1 << 20;

/// The member's time zone, as jiff finds it, except that a `TZ` naming something there that is
/// not a small regular file (`TZ=/dev/zero`, a FIFO, a folder) is never read: jiff reads a file
/// `TZ` names whole, which for those never ends. UTC then, as the C library does for a `TZ` it
/// cannot load.
pub fn system_time_zone() -> TimeZone {
    let unreadable = std::env::var_os("TZ").is_some_and(|tz| {
        let tz = tz.to_string_lossy();
        let path = tz.strip_prefix(':').unwrap_or(&tz);
        !path.is_empty()
            && std::fs::metadata(path)
                .is_ok_and(|found| !found.is_file() || found.len() > MAX_ZONE_FILE_BYTES)
    });
    if unreadable {
        TimeZone::UTC
    } else {
        TimeZone::system()
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
