//! Windows: no file modes (the AppData folder's ACL protects the record), no folder sync, device
//! names (NUL, CON, pipes) refused by name, console events instead of signals, and the system's UI
//! language.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::os::windows::fs::MetadataExt;
use std::path::Path;

/// Opens an existing file to read it. Device names never get here (`is_reserved_name`).
pub fn open_to_read(path: &Path) -> io::Result<File> {
    // std opens with FILE_SHARE_READ | WRITE | DELETE, so a reader never blocks a save's rename.
    OpenOptions::new().read(true).open(path)
}

/// Opens (creating it if needed) a lock file.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Creates `folder` and its parents. The per-user AppData folder's ACL keeps other users out.
pub fn create_private_folder(folder: &Path) -> io::Result<()> {
    fs::create_dir_all(folder)
}

/// Windows cannot sync a folder; the rename itself is journaled by NTFS.
pub fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

/// What a path that is not a regular file is, in words, or `None` for a regular file.
pub fn special_kind(metadata: &Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else {
        Some("not a regular file")
    }
}

/// Names Windows maps to devices in any folder (`NUL`, `CON`, `COM1.txt`…), and `\\.\` paths
/// such as pipes: never read, renamed or replaced.
pub fn is_reserved_name(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    if text.starts_with(r"\\.\") || text.starts_with(r"\\?\pipe\") || text.starts_with("//./") {
        return true;
    }
    let Some(name) = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_uppercase())
    else {
        return false;
    };
    // The device name is what comes before the first dot, with trailing spaces ignored.
    let stem = name.split('.').next().unwrap_or("").trim_end();
    matches!(stem, "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Identifies a file's version cheaply: its size and last write time.
pub fn fingerprint(metadata: &Metadata) -> (u64, u64, i64, i64) {
    let written = i64::try_from(metadata.last_write_time()).unwrap_or(i64::MAX);
    (0, metadata.len(), written, 0)
}

/// What the system asked of the running checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Quit cleanly (Ctrl-Break, console closed, log-off, shut-down); the number sets the exit
    /// code 128+N.
    Stop(i32),
    /// Never sent on Windows.
    Suspend,
    /// Never sent on Windows.
    Resume,
}

/// What `watch_signals` was given: called with each signal, false to stop listening.
type Deliver = Box<dyn FnMut(Signal) -> bool + Send>;

/// Where the console's control handler sends what it hears.
static DELIVER: std::sync::Mutex<Option<Deliver>> = std::sync::Mutex::new(None);

/// Stops delivering signals when closed.
pub struct SignalWatch;

impl SignalWatch {
    pub fn close(&self) {
        if let Ok(mut deliver) = DELIVER.lock() {
            *deliver = None;
        }
    }
}

unsafe extern "system" fn on_console_event(event: u32) -> windows_sys::core::BOOL {
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
    };
    let signal = match event {
        // Ctrl-C normally arrives as a key in raw mode; this is Ctrl-C sent from elsewhere.
        CTRL_C_EVENT => Signal::Stop(2),
        CTRL_BREAK_EVENT => Signal::Stop(3),
        CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => Signal::Stop(1),
        _ => return 0,
    };
    let delivered = DELIVER
        .lock()
        .ok()
        .and_then(|mut deliver| deliver.as_mut().map(|deliver| deliver(signal)))
        .is_some();
    if delivered && event >= CTRL_CLOSE_EVENT {
        // Windows ends the process when this returns: give the checklist time to save.
        std::thread::sleep(std::time::Duration::from_secs(3));
    }
    i32::from(delivered)
}

/// Delivers console events (Ctrl-Break, the window closing) to `deliver`.
pub fn watch_signals(
    deliver: impl FnMut(Signal) -> bool + Send + 'static,
) -> io::Result<SignalWatch> {
    if let Ok(mut slot) = DELIVER.lock() {
        *slot = Some(Box::new(deliver));
    }
    // SAFETY: registers a handler with the signature the console expects; it stays valid for
    // the life of the process.
    if unsafe {
        windows_sys::Win32::System::Console::SetConsoleCtrlHandler(Some(on_console_event), 1)
    } == 0
    {
        return Err(io::Error::last_os_error());
    }
    Ok(SignalWatch)
}

/// Whether this platform can suspend a program to the shell (job control).
pub const CAN_SUSPEND: bool = false;

/// Windows consoles have no job control.
pub fn stop_self() -> Result<(), String> {
    Err("Windows consoles cannot suspend a program; press q to quit instead.".into())
}

/// What the console says it can do: a UTF-8 output code page, and colour through virtual
/// terminal sequences.
pub fn console_support() -> Option<(bool, bool)> {
    // SAFETY: GetConsoleOutputCP takes no arguments and only reads the console's state.
    let utf8 = unsafe { windows_sys::Win32::System::Console::GetConsoleOutputCP() } == 65001;
    let ansi = crossterm::ansi_support::supports_ansi();
    Some((utf8, ansi))
}

/// The member's preferred UI languages as BCP 47 tags (`pt-BR`), most preferred first: Windows
/// keeps them in the user's settings, not in `LANG`.
pub fn ui_languages() -> Vec<String> {
    sys_locale::get_locales().collect()
}
