//! Windows: no file modes (the AppData folder's ACL protects the record), no folder sync, device
//! names (NUL, CON, pipes) refused by name, a replace that waits out brief holds, console events
//! instead of signals, and the system's UI language.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::os::windows::fs::MetadataExt;
use std::path::{Component, Path, Prefix};
use std::time::{Duration, Instant};

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

/// Files belong to whoever creates them; an administrator's are readable through the folder's
/// inherited access list, so nothing is changed.
pub fn give_to_folder_owner(_file: &File, _folder: &Path) {}

/// Windows cannot sync a folder; the rename itself is journaled by NTFS.
pub fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

/// How long `replace_file` keeps trying while something else holds the record open.
const REPLACE_PATIENCE: Duration = Duration::from_secs(1);

/// Renames `from` to `to`, replacing `to` atomically: readers see the old file or the new one.
///
/// std renames with POSIX semantics where NTFS has them (Windows 10 and later), so a reader that
/// shares delete access, as all of ours do, never blocks it. A process holding `to` open without
/// `FILE_SHARE_DELETE` does (an antivirus scan, a backup tool, an editor; on older Windows and
/// under Wine, any open handle): Windows says "access denied". Such holds are usually brief, so
/// the rename is retried for up to `REPLACE_PATIENCE`; after that the error is the caller's,
/// which reports the save as failed at its rename step.
pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    use windows_sys::Win32::Foundation::{ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION};
    let gave_up_at = Instant::now() + REPLACE_PATIENCE;
    let mut pause = Duration::from_millis(2);
    loop {
        match fs::rename(from, to) {
            Err(e)
                if matches!(
                    e.raw_os_error().and_then(|code| u32::try_from(code).ok()),
                    Some(ERROR_ACCESS_DENIED | ERROR_SHARING_VIOLATION)
                ) && Instant::now() < gave_up_at =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            result => return result,
        }
    }
}

/// What a path that is not a regular file is, in words, or `None` for a regular file.
pub fn special_kind(metadata: &Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_symlink() {
        Some("a symbolic link")
    } else {
        Some("not a regular file")
    }
}

/// Whether a symbolic link may be followed. Creating one takes a privilege or developer mode on
/// Windows, and there is no shared sticky folder like /tmp: always.
pub fn may_follow_link(_link: &Metadata, _folder: &Path) -> bool {
    true
}

/// Names Windows maps to devices in any folder (`NUL`, `CON`, `COM1.txt`, `nul:`, `LPT¹`), and
/// paths in the device namespace (`\\.\pipe\x`, `\\.\COM1`, `\\?\pipe\x`): never read, renamed
/// or replaced.
pub fn is_reserved_name(path: &Path) -> bool {
    if let Some(Component::Prefix(prefix)) = path.components().next() {
        match prefix.kind() {
            Prefix::DeviceNS(_) => return true,
            Prefix::Verbatim(name) if name.eq_ignore_ascii_case("pipe") => return true,
            _ => {}
        }
    }
    let Some(name) = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_uppercase())
    else {
        return false;
    };
    // The device name is what comes before the first dot or colon, trailing spaces ignored.
    let stem = name.split(['.', ':']).next().unwrap_or_default().trim_end();
    if matches!(stem, "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$") {
        return true;
    }
    let mut chars = stem.chars();
    let port: String = chars.by_ref().take(3).collect();
    let number = chars.next();
    (port == "COM" || port == "LPT")
        && matches!(number, Some('0'..='9' | '¹' | '²' | '³'))
        && chars.next().is_none()
}

/// Identifies a file's version cheaply: its size and last write time.
pub fn fingerprint(metadata: &Metadata) -> (u64, u64, i64, i64) {
    let written = i64::try_from(metadata.last_write_time()).unwrap_or(i64::MAX);
    (0, metadata.len(), written, 0)
}

/// Whether a failed write to the terminal means it is gone. A closed console window sends its
/// close event first, which ends the app cleanly; no write error is taken for that.
pub fn terminal_gone(_error: &io::Error) -> bool {
    false
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use windows_sys::Win32::Foundation::{ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION};

    #[test]
    fn device_names_are_reserved_in_any_folder_and_case() {
        for name in [
            "NUL",
            "nul",
            "CON",
            "con.txt",
            "COM1.txt",
            "com9",
            "LPT1.json",
            "LPT\u{b9}",
            "COM\u{b3}.log",
            "PRN",
            "aux.json",
            "NUL:",
            "NUL .json",
            "CONIN$",
            "conout$",
            r"C:\Users\member\AppData\Local\linkedin-optout\data\NUL",
            r"C:\Users\member\con.json",
            "sub/COM1.txt",
        ] {
            assert!(is_reserved_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn the_device_namespace_is_reserved() {
        for path in [
            r"\\.\pipe\x",
            r"\\.\COM1",
            r"\\.\C:\state.json",
            "//./pipe/x",
            r"\\?\pipe\x",
        ] {
            assert!(is_reserved_name(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn ordinary_names_are_not_reserved() {
        for name in [
            "state.json",
            "state.work.json",
            ".state.json.lock",
            "CONSOLE.json",
            "nullable",
            "COM10",
            "COMX",
            "LPT",
            "AUXILIARY.txt",
            r"C:\con-files\state.json",
            r"C:\NUL-like\state.json",
            r"\\?\C:\Users\member\state.json",
            r"\\server\share\state.json",
        ] {
            assert!(!is_reserved_name(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn folders_and_files_are_told_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("state.json");
        fs::write(&file, "{}").expect("written");
        let kind = |path: &Path| special_kind(&fs::metadata(path).expect("exists"));
        assert_eq!(kind(&file), None);
        assert_eq!(kind(dir.path()), Some("a folder"));
    }

    /// Opens `path` the way a tool that shares nothing does (some backup tools, editors).
    fn hold_exclusively(path: &Path) -> File {
        use std::os::windows::fs::OpenOptionsExt;
        OpenOptions::new()
            .read(true)
            .share_mode(0)
            .open(path)
            .expect("opened")
    }

    /// A temp dir with a record saying "old" and a file "new" to replace it with.
    fn new_and_old() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (new, record) = (dir.path().join("new"), dir.path().join("state.json"));
        fs::write(&new, "new").expect("written");
        fs::write(&record, "old").expect("written");
        (dir, new, record)
    }

    #[test]
    fn a_replace_waits_out_a_brief_hold() {
        let (_dir, new, record) = new_and_old();
        let held = hold_exclusively(&record);
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(held);
        });
        replace_file(&new, &record).expect("replaced once the hold ended");
        releaser.join().expect("released");
        assert_eq!(fs::read_to_string(&record).expect("read"), "new");
    }

    #[test]
    fn a_replace_under_a_lasting_hold_fails_and_leaves_both_files() {
        let (_dir, new, record) = new_and_old();
        let held = hold_exclusively(&record);
        let error = replace_file(&new, &record).expect_err("refused while held");
        let code = error
            .raw_os_error()
            .and_then(|code| u32::try_from(code).ok());
        assert!(
            matches!(code, Some(ERROR_ACCESS_DENIED | ERROR_SHARING_VIOLATION)),
            "{error}"
        );
        drop(held);
        assert_eq!(fs::read_to_string(&record).expect("read"), "old");
        assert_eq!(fs::read_to_string(&new).expect("read"), "new");
    }

    #[test]
    fn a_replaced_file_has_a_new_fingerprint() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (new, record) = (dir.path().join("new"), dir.path().join("state.json"));
        fs::write(&record, "one").expect("written");
        let before = fingerprint(&fs::metadata(&record).expect("exists"));
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&new, "two").expect("written");
        replace_file(&new, &record).expect("replaced");
        assert_ne!(before, fingerprint(&fs::metadata(&record).expect("exists")));
    }
}
