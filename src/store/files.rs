//! The store's file operations, one method per step, behind a trait: the real one here, and a
//! failing one in the tests that fails each step in turn, as SQLite's test VFS does.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use crate::platform;

/// A step of loading or saving, named in error messages so the member knows what failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Open,
    Read,
    Lock,
    Write,
    SyncFile,
    Rename,
    SyncFolder,
    /// Deleting a file (`forget`); not a step of a save.
    Delete,
}

impl Step {
    /// Every step, in the order a save takes them.
    pub const ALL: [Self; 7] = [
        Self::Open,
        Self::Read,
        Self::Lock,
        Self::Write,
        Self::SyncFile,
        Self::Rename,
        Self::SyncFolder,
    ];
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Open => "open",
            Self::Read => "read",
            Self::Lock => "lock",
            Self::Write => "write",
            Self::SyncFile => "sync",
            Self::Rename => "rename",
            Self::SyncFolder => "sync the folder of",
            Self::Delete => "delete",
        })
    }
}

/// A temporary file beside the record, written and synced before it is renamed into place. Its
/// path removes the file when dropped, unless kept.
pub struct TempFile {
    pub file: File,
    pub path: tempfile::TempPath,
}

/// Whether a lock could be taken.
pub enum Locked {
    Taken(File),
    /// Another process holds it.
    Held,
    /// The file is not there (only for locks that are never created).
    Absent,
}

/// The file operations loading and saving use. Each is one `Step`.
pub trait FileOps: Send + Sync {
    /// `Step::Open`: opens an existing file to read, without blocking (a FIFO cannot hang it).
    fn open(&self, path: &Path) -> io::Result<File>;
    /// `Step::Read`: reads at most `limit` bytes.
    fn read(&self, file: &mut File, limit: u64) -> io::Result<Vec<u8>>;
    /// `Step::Lock`: takes the advisory lock in `path` if it is free, creating the file if
    /// `create`; otherwise an absent file is `Locked::Absent`.
    fn try_lock(&self, path: &Path, create: bool) -> io::Result<Locked>;
    /// `Step::Write`: creates a new private temporary file in `folder`, named `prefix` and six
    /// random letters or digits.
    fn create_temp(&self, folder: &Path, prefix: &str) -> io::Result<TempFile>;
    /// `Step::Write`: writes all of `bytes`.
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()>;
    /// `Step::SyncFile`: makes the file's contents durable.
    fn sync_file(&self, file: &File) -> io::Result<()>;
    /// `Step::Rename`: renames `from` to `to`, replacing `to` atomically.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// `Step::SyncFolder`: makes a rename in `folder` durable.
    fn sync_folder(&self, folder: &Path) -> io::Result<()>;
    /// Removes a file of ours (a temporary file, a lock, a copy `forget` deletes).
    fn remove(&self, path: &Path) -> io::Result<()>;
}

/// How many random letters and digits end a temporary file's name.
pub const TEMP_RANDOM_CHARS: usize = 6;

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealFiles;

impl FileOps for RealFiles {
    fn open(&self, path: &Path) -> io::Result<File> {
        platform::open_to_read(path)
    }

    fn read(&self, file: &mut File, limit: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        file.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn try_lock(&self, path: &Path, create: bool) -> io::Result<Locked> {
        // A lock is ours only as a regular file: a link, a FIFO or a device at its name is never
        // followed or opened (opening a device can act on it).
        match fs::symlink_metadata(path) {
            Ok(metadata) if !metadata.is_file() => return Err(not_a_lock(&metadata)),
            Err(e) if e.kind() == io::ErrorKind::NotFound && !create => return Ok(Locked::Absent),
            _ => {}
        }
        let file = if create {
            platform::open_lock_file(path)?
        } else {
            match platform::open_to_read(path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Locked::Absent),
                Err(e) => return Err(e),
            }
        };
        // Again on the open handle: the name may have changed hands in between.
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Err(not_a_lock(&metadata));
        }
        if create {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            platform::give_to_folder_owner(&file, folder.unwrap_or(Path::new(".")));
        }
        match file.try_lock() {
            Ok(()) => Ok(Locked::Taken(file)),
            Err(fs::TryLockError::WouldBlock) => Ok(Locked::Held),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }

    fn create_temp(&self, folder: &Path, prefix: &str) -> io::Result<TempFile> {
        // tempfile creates with O_EXCL (never reusing or following anything there) and, on
        // Unix, mode 0600.
        let (file, path) = tempfile::Builder::new()
            .prefix(prefix)
            .rand_bytes(TEMP_RANDOM_CHARS)
            .tempfile_in(folder)?
            .into_parts();
        platform::give_to_folder_owner(&file, folder);
        Ok(TempFile { file, path })
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn sync_file(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        platform::replace_file(from, to)
    }

    fn sync_folder(&self, folder: &Path) -> io::Result<()> {
        platform::sync_folder(folder)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
}

/// Why what sits at a lock's name is not a lock: what it is instead.
fn not_a_lock(metadata: &fs::Metadata) -> io::Error {
    let kind = platform::special_kind(metadata).unwrap_or("not a regular file");
    io::Error::other(format!("is {kind}, not a lock file linkedin-optout made"))
}
