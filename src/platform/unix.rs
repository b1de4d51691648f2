//! Unix: file modes, non-blocking opens, folder syncs, file kinds, signals and job control, and
//! on macOS the system's UI language.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Opens an existing file to read it without ever blocking: `O_NONBLOCK` keeps a FIFO from hanging
/// the open, and `O_NOCTTY` keeps a terminal device from becoming the controlling terminal.
pub fn open_to_read(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

/// Opens (creating it if needed) a lock file, readable and writable only by the member. A
/// symbolic link at its name is never followed (`O_NOFOLLOW`): nothing is created through it.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW)
        .open(path)
}

/// Creates `folder` and its parents; only folders created here get 0700, an existing folder is
/// the member's business. Run as root in someone else's folder, what it creates is theirs (see
/// `give_to_folder_owner`).
pub fn create_private_folder(folder: &Path) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut existing = folder.to_path_buf();
    while matches!(fs::metadata(&existing), Err(e) if e.kind() == io::ErrorKind::NotFound) {
        let parent = existing
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
        missing.push(std::mem::replace(&mut existing, parent));
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)?;
    if let Some((user, group)) = foreign_owner(&existing) {
        for created in missing {
            let _ = std::os::unix::fs::chown(created, Some(user), Some(group));
        }
    }
    Ok(())
}

/// Run as root in a folder that belongs to someone else (`sudo` keeping the member's HOME, as
/// `sudo -E` and older sudo do), a file the app creates there (the lock, the next record) is
/// given to that someone, so the member can still read and save their own record. Otherwise,
/// and if that fails, nothing changes.
pub fn give_to_folder_owner(file: &File, folder: &Path) {
    if let Some((user, group)) = foreign_owner(folder) {
        let _ = std::os::unix::fs::fchown(file, Some(user), Some(group));
    }
}

/// The owner of `folder` when this process is root and the folder is not root's.
fn foreign_owner(folder: &Path) -> Option<(u32, u32)> {
    // SAFETY: geteuid(2) cannot fail and has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let metadata = fs::metadata(folder).ok()?;
    (metadata.uid() != 0).then(|| (metadata.uid(), metadata.gid()))
}

/// Makes a rename inside `folder` durable.
pub fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Renames `from` to `to`, replacing `to` atomically: readers see the old file or the new one.
pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

/// What a path that is not a regular file is, in words ("a FIFO"), or `None` for a regular file.
/// A symbolic link shows only in metadata read without following it.
pub fn special_kind(metadata: &Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_symlink() {
        Some("a symbolic link")
    } else {
        Some("not a regular file")
    }
}

/// Whether a symbolic link may be followed, by the rule of Linux's `protected_symlinks`: in a
/// sticky folder anyone may write to (such as /tmp), only a link of the follower's own or of the
/// folder's owner. The store reads links itself, so the kernel's own check never sees them, and
/// root following a link another user planted could create any file it names.
pub fn may_follow_link(link: &Metadata, folder: &Path) -> bool {
    let Ok(folder) = fs::metadata(folder) else {
        // Unreadable: reading the link fails too, and says so.
        return true;
    };
    let shared = folder.mode() & 0o1002 == 0o1002;
    // SAFETY: geteuid(2) cannot fail and has no preconditions.
    let me = unsafe { libc::geteuid() };
    !shared || link.uid() == me || link.uid() == folder.uid()
}

/// A name the system treats as a device whatever the folder. Unix has none.
pub fn is_reserved_name(_path: &Path) -> bool {
    false
}

/// Identifies a file's version cheaply: its inode, size and modification time. A rename into
/// place changes the inode even when size and time happen to match.
pub fn fingerprint(metadata: &Metadata) -> (u64, u64, i64, i64) {
    (
        metadata.ino(),
        metadata.len(),
        metadata.mtime(),
        metadata.mtime_nsec(),
    )
}

/// What the system asked of the running checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Quit cleanly (SIGTERM, SIGHUP, SIGINT, SIGQUIT); the number sets the exit code 128+N.
    Stop(i32),
    /// Give the terminal back and stop (SIGTSTP from outside).
    Suspend,
    /// Continued after a stop (SIGCONT): take the terminal again and redraw.
    Resume,
}

/// Stops delivering signals when closed.
pub struct SignalWatch(signal_hook::iterator::Handle);

impl SignalWatch {
    pub fn close(&self) {
        self.0.close();
    }
}

/// Delivers signals to `deliver` on a thread of their own until it returns false or the watch
/// is closed.
pub fn watch_signals(
    mut deliver: impl FnMut(Signal) -> bool + Send + 'static,
) -> io::Result<SignalWatch> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        for number in signals.forever() {
            let signal = match number {
                SIGTSTP => Signal::Suspend,
                SIGCONT => Signal::Resume,
                other => Signal::Stop(other),
            };
            if !deliver(signal) {
                return;
            }
        }
    });
    Ok(SignalWatch(handle))
}

/// Whether this platform can suspend a program to the shell (job control).
pub const CAN_SUSPEND: bool = true;

/// Stops this process until the shell continues it (`fg`). SIGSTOP, as SIGTSTP would only come
/// back to our own handler. Refused where no job-control shell could continue it: when the app's
/// process group is its session leader's (tmux or `ssh -t` running it directly, a shell script),
/// the group is orphaned, and the kernel itself ignores Ctrl-Z there for that reason.
pub fn stop_self() -> Result<(), String> {
    // SAFETY: getpgrp(2) and getsid(2) for the calling process cannot fail.
    if unsafe { libc::getpgrp() == libc::getsid(0) } {
        return Err(
            "Not suspended: no shell here could bring the checklist back (run it from an \
             interactive shell to use Ctrl-Z); press q to quit."
                .into(),
        );
    }
    // SAFETY: raise(3) with a valid signal number has no memory-safety preconditions.
    if unsafe { libc::raise(libc::SIGSTOP) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error().to_string())
    }
}

/// Whether a failed write to the terminal means it is gone: a pseudo-terminal whose other side
/// closed (an SSH connection dropped, a window closed) answers EIO, or ENXIO once hung up.
pub fn terminal_gone(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(libc::EIO | libc::ENXIO))
}

/// On Unix the terminal's abilities come from TERM and the locale, not from the console.
pub fn console_support() -> Option<(bool, bool)> {
    None
}

/// The member's preferred UI languages as BCP 47 tags (`pt-BR`), most preferred first, where the
/// system keeps them apart from the environment: macOS's language list.
#[cfg(target_os = "macos")]
pub fn ui_languages() -> Vec<String> {
    sys_locale::get_locales().collect()
}

/// Elsewhere on Unix the environment (`LANG` and friends) is all there is.
#[cfg(not(target_os = "macos"))]
pub fn ui_languages() -> Vec<String> {
    Vec::new()
}
