//! Saved progress on disk: where it lives, reading it safely, and saving changes atomically.
//!
//! Only the app's own regular files are ever written, renamed or created: the record, its lock,
//! its temporary files and copies of a damaged record set aside. Anything else at the record's
//! path (a device, a FIFO, a file of another program) is read at most, never changed.

pub mod files;
pub mod names;
mod profiles;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use directories::ProjectDirs;

use crate::platform;
use crate::progress::{self, Change, Progress, Unusable};
use crate::text;
use files::{FileOps, RealFiles, Step};

pub use profiles::{ProfileFiles, Profiles, is_valid_profile_name};

/// The largest record read, in bytes (about 1.5 million history events). Anything larger is
/// not read, so a device that never ends cannot exhaust memory.
pub const MAX_RECORD_BYTES: u64 = 128 * 1024 * 1024;

/// How long a writer waits for another instance's lock before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// How long a temporary file must be left before a save removes it as left by a killed save.
const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// How long a lock must be waited for before the member is told.
const WAIT_NOTICE_AFTER: Duration = Duration::from_millis(150);

/// Somewhere progress can be saved. Saves run on a worker thread, so a store is `Send + Sync`.
pub trait Store: Send + Sync {
    /// Applies `changes` on top of what is saved now and saves the result completely or not at
    /// all. Returns the progress as saved, which includes changes made meanwhile elsewhere.
    fn save(&self, changes: &[Change]) -> Result<Saved, SaveError>;

    /// The record as it is on disk now, if it changed since this store last read or wrote it
    /// (a cheap metadata check first). `None` when unchanged or unusable.
    fn reload_if_changed(&self) -> Option<Progress>;
}

/// A save that reached the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The record as now on disk.
    pub progress: Progress,
    /// Saved, but something the member should know (the folder sync failed).
    pub warning: Option<String>,
    /// A damaged record set aside before this save: where it went.
    pub set_aside: Option<PathBuf>,
}

/// Why a save did not happen, naming the step and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError {
    /// The file operation that failed; `None` when the save was refused before any.
    pub step: Option<Step>,
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = text::path(&self.path);
        let reason = text::safe(&self.reason);
        match self.step {
            Some(step) => write!(f, "could not {step} {path}: {reason}"),
            None => write!(f, "{path} {reason}"),
        }
    }
}

impl SaveError {
    fn at(step: Step, path: &Path, error: &io::Error) -> Self {
        Self {
            step: Some(step),
            path: path.to_owned(),
            reason: describe(error),
        }
    }

    fn refused(path: &Path, reason: impl Into<String>) -> Self {
        Self {
            step: None,
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Whether a store may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `status`, `check`, `export`, `paths`: never renames, creates, locks or writes anything.
    ReadOnly,
    /// The checklist and the commands that record something.
    ReadWrite,
}

/// What loading found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub progress: Progress,
    /// Something the member must be told about the saved file.
    pub notice: Option<LoadNotice>,
}

/// Something unusual about the saved file, shown as a banner or on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadNotice {
    /// Not a file this app may change (a device, a FIFO, unreadable, too large, from a newer
    /// version): read-only this session.
    ReadOnly { path: PathBuf, reason: String },
    /// A file that is not a linkedin-optout record: never renamed or replaced.
    NotOurs { path: PathBuf, reason: String },
    /// A damaged record of ours. A writer sets it aside just before its first save.
    Damaged {
        path: PathBuf,
        reason: String,
        /// Whether this session will set it aside (a writer) or only reads.
        will_set_aside: bool,
    },
}

impl LoadNotice {
    /// Whether the record cannot be used at all this session (nothing will be saved).
    pub fn blocks_saving(&self) -> bool {
        !matches!(self, Self::Damaged { .. })
    }
}

impl fmt::Display for LoadNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReadOnly { path, reason } => write!(
                f,
                "Read-only: {} {}. Nothing will be saved there.",
                text::path(path),
                text::safe(reason)
            ),
            Self::NotOurs { path, reason } => write!(
                f,
                "{} {}. It is left as it is; choose another path with --state-file.",
                text::path(path),
                text::safe(reason)
            ),
            Self::Damaged {
                path,
                reason,
                will_set_aside,
            } => {
                let path = text::path(path);
                let reason = text::safe(reason);
                if *will_set_aside {
                    write!(
                        f,
                        "{path} is a damaged record ({reason}). At your first change it will be \
                         kept beside it as {path}.corrupt-<time> and a fresh record started."
                    )
                } else {
                    write!(
                        f,
                        "{path} is a damaged record ({reason}). The checklist or the next \
                         confirm will keep it aside and start a fresh record."
                    )
                }
            }
        }
    }
}

/// What is at the record's path, read without taking the lock (saves are atomic renames, so a
/// reader always sees a whole file).
enum Found {
    Nothing,
    Record(Progress),
    Damaged(String),
    NotOurs(String),
    Untouchable(String),
}

/// Reads and classifies the file at `target`, never blocking and never reading more than
/// `MAX_RECORD_BYTES`. Also returns the file's fingerprint, to notice later changes.
fn read_record(files: &dyn FileOps, target: &Path) -> (Found, Option<Fingerprint>) {
    let (bytes, fingerprint) = match read_regular_file(files, target) {
        Ok(Some(read)) => read,
        Ok(None) => return (Found::Nothing, None),
        Err(found) => return (found, None),
    };
    // An empty file holds no record: nothing is lost by starting one there.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return (Found::Nothing, Some(fingerprint));
    }
    let found = match progress::parse(&bytes) {
        Ok(progress) => Found::Record(progress),
        Err(Unusable::Damaged(reason)) => Found::Damaged(reason),
        Err(Unusable::Foreign(reason)) => Found::NotOurs(reason),
        Err(newer @ Unusable::Newer(_)) => Found::Untouchable(newer.to_string()),
    };
    (found, Some(fingerprint))
}

/// The bytes and fingerprint of the regular file at `target`, `None` when there is none, or why
/// it must not be touched: a device name, not a regular file (looked at before opening, and again
/// on the open handle, as the path may change between), too large, or unreadable.
fn read_regular_file(
    files: &dyn FileOps,
    target: &Path,
) -> Result<Option<(Vec<u8>, Fingerprint)>, Found> {
    let untouchable =
        |what: &str, e: &io::Error| Found::Untouchable(format!("{what} ({})", describe(e)));
    let regular = |metadata: &fs::Metadata| match platform::special_kind(metadata) {
        Some(kind) => Err(Found::Untouchable(format!("is {kind}, not a file"))),
        None if metadata.len() > MAX_RECORD_BYTES => Err(too_large()),
        None => Ok(()),
    };
    if platform::is_reserved_name(target) {
        return Err(Found::Untouchable("is a device name, not a file".into()));
    }
    match fs::metadata(target) {
        Ok(metadata) => regular(&metadata)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(untouchable("cannot be read", &e)),
    }
    let mut file = match files.open(target) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(untouchable("cannot be opened", &e)),
    };
    let metadata = file
        .metadata()
        .map_err(|e| untouchable("cannot be read", &e))?;
    regular(&metadata)?;
    let bytes = files
        .read(&mut file, MAX_RECORD_BYTES + 1)
        .map_err(|e| untouchable("cannot be read", &e))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(too_large());
    }
    Ok(Some((bytes, platform::fingerprint(&metadata))))
}

fn too_large() -> Found {
    Found::Untouchable(format!("is larger than {} MiB", MAX_RECORD_BYTES >> 20))
}

/// A file's identity and version, as `platform::fingerprint` gives it.
type Fingerprint = (u64, u64, i64, i64);

/// Progress saved as JSON in one file, with a lock file beside it that serialises saves.
pub struct FileStore {
    /// The path the member named or the default.
    path: PathBuf,
    /// The file saves go to: the end of the symlink chain at `path`, resolved once.
    target: PathBuf,
    access: Access,
    files: Arc<dyn FileOps>,
    lock_wait: Duration,
    session: Mutex<Session>,
}

/// What a store learned while open.
#[derive(Debug, Default)]
struct Session {
    /// Why nothing may be written this session, if so.
    refused: Option<String>,
    /// The record was damaged when loaded and the member was told it will be set aside.
    damaged: bool,
    /// The file's fingerprint when last read or written.
    seen: Option<Fingerprint>,
}

impl FileStore {
    /// Opens the record at `path` (following symlinks once) and loads it.
    pub fn open(path: PathBuf, access: Access) -> (Self, Loaded) {
        Self::open_with(path, access, Arc::new(RealFiles), LOCK_WAIT)
    }

    /// As `open`, with the file operations and the lock wait given (tests inject failures).
    pub fn open_with(
        path: PathBuf,
        access: Access,
        files: Arc<dyn FileOps>,
        lock_wait: Duration,
    ) -> (Self, Loaded) {
        let (target, link_problem) = match resolve_links(&path) {
            Ok(target) => (target, None),
            Err(reason) => (path.clone(), Some(reason)),
        };

        let store = Self {
            path,
            target,
            access,
            files,
            lock_wait,
            session: Mutex::default(),
        };
        let mut loaded = match link_problem {
            Some(reason) => {
                store.session().refused = Some(reason.clone());
                Loaded {
                    progress: Progress::default(),
                    notice: Some(LoadNotice::ReadOnly {
                        path: store.path.clone(),
                        reason,
                    }),
                }
            }
            None => store.load(),
        };
        // Reading such a file is harmless (a member looking into a kept copy); writing it would
        // give another record's saves and `forget` a record to remove.
        let own_name = store
            .target
            .file_name()
            .is_some_and(names::looks_like_own_file);
        let refusal = if names_a_folder(&store.target) {
            // `dir/`, `dir/..`: whatever is there or not, a file is never made at such a name,
            // nor folders on the way to it.
            Some("names a folder (it ends with a separator, `.` or `..`), not a file")
        } else if own_name && access == Access::ReadWrite {
            Some(
                "is named like one of linkedin-optout's own files (a lock, a temporary file or a \
                 kept copy), which another record's saves or `forget` would remove; rename it to \
                 keep a record there",
            )
        } else {
            None
        };
        if let Some(reason) = refusal
            && store.session().refused.is_none()
        {
            store.session().refused = Some(reason.into());
            loaded.notice = Some(LoadNotice::ReadOnly {
                path: store.target.clone(),
                reason: reason.into(),
            });
        }
        (store, loaded)
    }

    /// Where progress is saved, as named.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file saves go to (the end of a symlink chain).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The lock file beside the target.
    pub fn lock_path(&self) -> PathBuf {
        names::lock_path(&self.target)
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        // A panic elsewhere cannot leave the session half-changed: every update is one store.
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn load(&self) -> Loaded {
        let (found, fingerprint) = read_record(self.files.as_ref(), &self.target);
        let mut session = self.session();
        session.seen = fingerprint;
        let (progress, notice) = match found {
            Found::Nothing => (Progress::default(), None),
            Found::Record(progress) => (progress, None),
            Found::Damaged(reason) => {
                session.damaged = self.access == Access::ReadWrite;
                let notice = LoadNotice::Damaged {
                    path: self.target.clone(),
                    reason,
                    will_set_aside: session.damaged,
                };
                (Progress::default(), Some(notice))
            }
            Found::NotOurs(reason) => {
                session.refused = Some("is not a linkedin-optout record".into());
                let notice = LoadNotice::NotOurs {
                    path: self.target.clone(),
                    reason: format!("is not a linkedin-optout record ({reason})"),
                };
                (Progress::default(), Some(notice))
            }
            Found::Untouchable(reason) => {
                session.refused = Some(reason.clone());
                let notice = LoadNotice::ReadOnly {
                    path: self.target.clone(),
                    reason,
                };
                (Progress::default(), Some(notice))
            }
        };
        Loaded { progress, notice }
    }

    /// As `Store::save`, calling `on_wait` once if another instance's lock makes it wait.
    pub fn save_with(
        &self,
        changes: &[Change],
        on_wait: &mut dyn FnMut(&Path),
    ) -> Result<Saved, SaveError> {
        if self.access == Access::ReadOnly {
            return Err(SaveError::refused(
                &self.path,
                "is open read-only by this command",
            ));
        }
        if let Some(reason) = self.session().refused.clone() {
            return Err(SaveError::refused(
                &self.target,
                format!("{reason}; nothing was saved"),
            ));
        }
        let folder = self.folder();
        if self.target != self.path && !folder.is_dir() {
            // A link names its target's file, not folders to make on the way to it.
            return Err(SaveError::refused(
                &self.target,
                "is where a symbolic link points, in a folder that does not exist; nothing was \
                 saved",
            ));
        }
        platform::create_private_folder(&folder)
            .map_err(|e| SaveError::at(Step::Write, &folder, &e))?;
        let _locks = self.lock(on_wait)?;
        self.remove_stale_temp_files(&folder);

        let (found, _) = read_record(self.files.as_ref(), &self.target);
        let damaged_ok = self.session().damaged;
        let left_alone = |reason: String| {
            SaveError::refused(
                &self.target,
                format!("{reason}, so it was left as it is and nothing was saved"),
            )
        };
        let (mut progress, set_aside) = match found {
            Found::Nothing => (Progress::default(), None),
            Found::Record(progress) => (progress, None),
            Found::Damaged(_) if damaged_ok => {
                let moved_to = self.rename_aside("corrupt")?;
                (Progress::default(), Some(moved_to))
            }
            Found::Damaged(reason) => {
                return Err(left_alone(format!("became a damaged record ({reason})")));
            }
            Found::NotOurs(reason) => {
                return Err(left_alone(format!(
                    "is now not a linkedin-optout record ({reason})"
                )));
            }
            Found::Untouchable(reason) => return Err(left_alone(reason)),
        };
        for change in changes {
            progress.apply(change);
        }
        let warning = self.write_atomically(&folder, &progress::to_json(&progress))?;
        let mut session = self.session();
        session.damaged = false;
        session.seen = fs::metadata(&self.target)
            .ok()
            .map(|m| platform::fingerprint(&m));
        drop(session);
        self.remove_empty_old_lock();
        Ok(Saved {
            progress,
            warning,
            set_aside,
        })
    }

    /// The folder the record is in.
    fn folder(&self) -> PathBuf {
        self.target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Takes the lock, and the lock of earlier versions while it exists, waiting at most
    /// `lock_wait` for another instance.
    fn lock(&self, on_wait: &mut dyn FnMut(&Path)) -> Result<Vec<fs::File>, SaveError> {
        let started = Instant::now();
        let mut told = false;
        let mut wait = |path: &Path| -> Result<(), SaveError> {
            if started.elapsed() >= self.lock_wait {
                return Err(SaveError {
                    step: Some(Step::Lock),
                    path: path.to_owned(),
                    reason: format!(
                        "another linkedin-optout held it for {} seconds; try again when it is done",
                        self.lock_wait.as_secs()
                    ),
                });
            }
            if !told && started.elapsed() >= WAIT_NOTICE_AFTER {
                told = true;
                on_wait(path);
            }
            thread::sleep(Duration::from_millis(25));
            Ok(())
        };
        let lock_path = self.lock_path();
        let lock = loop {
            match self.files.try_lock(&lock_path, true) {
                Ok(files::Locked::Taken(lock)) => break lock,
                Ok(files::Locked::Held | files::Locked::Absent) => wait(&lock_path)?,
                Err(e) => return Err(SaveError::at(Step::Lock, &lock_path, &e)),
            }
        };
        let mut locks = vec![lock];
        let old = names::old_lock_path(&self.target);
        if old != self.target && fs::symlink_metadata(&old).is_ok_and(|m| m.is_file()) {
            loop {
                match self.files.try_lock(&old, false) {
                    Ok(files::Locked::Taken(lock)) => {
                        locks.push(lock);
                        break;
                    }
                    Ok(files::Locked::Held) => wait(&old)?,
                    // Gone meanwhile, or not ours to lock: nothing to wait for.
                    Ok(files::Locked::Absent) | Err(_) => break,
                }
            }
        }
        Ok(locks)
    }

    /// Writes `bytes` to a temporary file beside the record, syncs it, renames it into place and
    /// syncs the folder. A failed folder sync comes back as a warning: the rename happened.
    fn write_atomically(&self, folder: &Path, bytes: &[u8]) -> Result<Option<String>, SaveError> {
        let prefix = names::temp_prefix(&self.target);
        let mut temp = self
            .files
            .create_temp(folder, &prefix)
            .map_err(|e| SaveError::at(Step::Write, &folder.join(&prefix), &e))?;
        self.files
            .write(&mut temp.file, bytes)
            .map_err(|e| SaveError::at(Step::Write, &temp.path, &e))?;
        self.files
            .sync_file(&temp.file)
            .map_err(|e| SaveError::at(Step::SyncFile, &temp.path, &e))?;
        let files::TempFile { file, path } = temp;
        // Closed before the rename, which Windows requires.
        drop(file);
        self.files
            .rename(&path, &self.target)
            .map_err(|e| SaveError::at(Step::Rename, &self.target, &e))?;
        // The temporary name is gone; nothing is left to remove.
        let _ = path.keep();
        Ok(self.files.sync_folder(folder).err().map(|e| {
            format!(
                "Saved; this file system could not confirm it reached the disk ({}).",
                describe(&e)
            )
        }))
    }

    /// Renames the record to `<name>.<label>-<time>` beside it, never replacing another file.
    /// The caller holds the lock.
    fn rename_aside(&self, label: &str) -> Result<PathBuf, SaveError> {
        let moved_to = names::set_aside_path(&self.target, label, crate::io::system_now(), |p| {
            fs::symlink_metadata(p).is_ok()
        });
        self.files
            .rename(&self.target, &moved_to)
            .map_err(|e| SaveError::at(Step::Rename, &self.target, &e))?;
        let _ = self.files.sync_folder(&self.folder());
        self.session().seen = None;
        Ok(moved_to)
    }

    /// `reset`: under the lock, sets the record's contents aside as a `reset` copy (a symlink
    /// stays, pointing at where the next save writes). Refuses what is not a record of ours.
    pub fn set_aside_for_reset(
        &self,
        on_wait: &mut dyn FnMut(&Path),
    ) -> Result<Option<PathBuf>, SaveError> {
        if let Some(reason) = self.session().refused.clone() {
            return Err(SaveError::refused(
                &self.target,
                format!("{reason}; nothing was changed"),
            ));
        }
        let _locks = self.lock(on_wait)?;
        match read_record(self.files.as_ref(), &self.target).0 {
            Found::Nothing if !self.target.exists() => Ok(None),
            Found::Nothing | Found::Record(_) | Found::Damaged(_) => {
                self.rename_aside("reset").map(Some)
            }
            Found::NotOurs(reason) | Found::Untouchable(reason) => Err(SaveError::refused(
                &self.target,
                format!("{reason}; nothing was changed"),
            )),
        }
    }

    /// Every file of this record's that `forget` deletes: the record (if it is ours), its lock,
    /// the earlier versions' lock when empty, set-aside copies and leftover temporary files.
    pub fn own_files(&self) -> Vec<PathBuf> {
        let mut own = Vec::new();
        if matches!(
            read_record(self.files.as_ref(), &self.target).0,
            Found::Record(_) | Found::Damaged(_)
        ) || fs::metadata(&self.target).is_ok_and(|m| m.is_file() && m.len() == 0)
        {
            own.push(self.target.clone());
        }
        own.extend(self.copies());
        let lock = self.lock_path();
        if fs::symlink_metadata(&lock).is_ok_and(|m| m.is_file()) {
            own.push(lock);
        }
        if self.old_lock_is_empty() {
            own.push(names::old_lock_path(&self.target));
        }
        own
    }

    /// Set-aside copies and temporary files of this record, by their exact name patterns.
    pub fn copies(&self) -> Vec<PathBuf> {
        let mut copies: Vec<PathBuf> = fs::read_dir(self.folder())
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter(|entry| {
                entry.file_name().to_str().is_some_and(|name| {
                    names::is_set_aside_of(name, &self.target)
                        || names::is_temp_of(name, &self.target)
                })
            })
            .map(|entry| entry.path())
            .collect();
        copies.sort();
        copies
    }

    /// `forget`: deletes `own_files` under the lock, then the lock, then the app's own folder if
    /// that leaves it empty. Returns what was deleted.
    pub fn forget(&self, on_wait: &mut dyn FnMut(&Path)) -> Result<Vec<PathBuf>, SaveError> {
        if let Some(reason) = self.session().refused.clone() {
            return Err(SaveError::refused(
                &self.target,
                format!("{reason}; nothing was deleted"),
            ));
        }
        let lock_path = self.lock_path();
        // Taking the lock makes it when there was none: that one is no file of the member's
        // to report deleted.
        let lock_was_there = fs::symlink_metadata(&lock_path).is_ok();
        let locks = self.lock(on_wait)?;
        let mut deleted = Vec::new();
        for path in self.own_files() {
            if path == lock_path {
                continue;
            }
            self.files
                .remove(&path)
                .map_err(|e| SaveError::at(Step::Delete, &path, &e))?;
            deleted.push(path);
        }
        drop(locks);
        if self.files.remove(&lock_path).is_ok() && lock_was_there {
            deleted.push(lock_path);
        }
        let folder = self.folder();
        if folder.file_name().is_some_and(|n| n == "linkedin-optout") {
            // Fails, harmlessly, unless the folder is empty.
            let _ = fs::remove_dir(&folder);
        }
        self.session().seen = None;
        Ok(deleted)
    }

    /// Whether an earlier version's lock beside the record is there, empty, and surely theirs:
    /// only beside a record named as the app names them (`state.json`, `state.work.json`). Beside
    /// a `--state-file` of another name (`x.json`), `x.lock` may well be another program's, and is
    /// never removed.
    fn old_lock_is_empty(&self) -> bool {
        let named_by_us = self
            .target
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_prefix("state")?.strip_suffix(".json"))
            .is_some_and(|middle| {
                middle.is_empty()
                    || middle
                        .strip_prefix('.')
                        .is_some_and(profiles::is_valid_profile_name)
            });
        let old = names::old_lock_path(&self.target);
        named_by_us
            && old != self.target
            && fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == 0)
    }

    /// After a save in this version's format (which earlier versions only read), their lock is
    /// no longer needed.
    fn remove_empty_old_lock(&self) {
        if self.old_lock_is_empty() {
            let _ = self.files.remove(&names::old_lock_path(&self.target));
        }
    }

    /// Removes temporary files a killed save left behind: only ours by their exact name, and
    /// only when older than a minute (a save takes milliseconds). The caller holds the lock.
    fn remove_stale_temp_files(&self, folder: &Path) {
        let now = SystemTime::now();
        for entry in fs::read_dir(folder).into_iter().flatten().flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            if !names::is_temp_of(&name, &self.target) {
                continue;
            }
            let old = entry
                .metadata()
                .ok()
                .filter(fs::Metadata::is_file)
                .and_then(|m| m.modified().ok())
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age >= STALE_TEMP_AGE);
            if old {
                let _ = self.files.remove(&entry.path());
            }
        }
    }
}

impl Store for FileStore {
    fn save(&self, changes: &[Change]) -> Result<Saved, SaveError> {
        self.save_with(changes, &mut |_| {})
    }

    fn reload_if_changed(&self) -> Option<Progress> {
        let now = fs::metadata(&self.target)
            .ok()
            .map(|m| platform::fingerprint(&m));
        if now == self.session().seen {
            return None;
        }
        let (found, fingerprint) = read_record(self.files.as_ref(), &self.target);
        let progress = match found {
            Found::Record(progress) => progress,
            Found::Nothing => Progress::default(),
            // Left for the next save to report; what is on screen stays.
            Found::Damaged(_) | Found::NotOurs(_) | Found::Untouchable(_) => return None,
        };
        self.session().seen = fingerprint;
        Some(progress)
    }
}

/// Whether `path` can only name a folder, by how it is written: it ends with a separator, or
/// its last part is `.` or `..` (which `Path::file_name` does not see past).
fn names_a_folder(path: &Path) -> bool {
    let text = path.as_os_str().as_encoded_bytes();
    text.last()
        .is_some_and(|&last| std::path::is_separator(char::from(last)))
        || matches!(
            path.components().next_back(),
            None | Some(
                std::path::Component::CurDir
                    | std::path::Component::ParentDir
                    | std::path::Component::RootDir
                    | std::path::Component::Prefix(_)
            )
        )
        || text.ends_with(b"/.")
        || text == b"."
}

/// Follows the symlink chain at `path` to the file it ends at, which may not exist yet (a
/// dangling link's target is where the record will be created). At most 40 links, as Linux, and
/// none another user planted in a shared folder (see `platform::may_follow_link`).
fn resolve_links(path: &Path) -> Result<PathBuf, String> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let folder = current
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                if !platform::may_follow_link(&metadata, folder) {
                    return Err("is a link another user made in a shared folder; it is not \
                                followed, as the system itself does not in /tmp"
                        .into());
                }
                let link = fs::read_link(&current)
                    .map_err(|e| format!("is a link that cannot be read ({})", describe(&e)))?;
                current = match current.parent() {
                    Some(folder) => folder.join(link),
                    None => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err("is a chain of more than 40 symbolic links".into())
}

/// The platform's place for this app's state: `$XDG_STATE_HOME/linkedin-optout/state.json` on
/// Linux, `~/Library/Application Support/linkedin-optout/state.json` on macOS,
/// `%LOCALAPPDATA%\linkedin-optout\data\state.json` on Windows. `None` without a home folder, or
/// with one that is not an absolute path.
pub fn default_state_path() -> Option<PathBuf> {
    let dirs = ProjectDirs::from("", "", "linkedin-optout")?;
    let folder = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    // A relative HOME (`HOME=.`) would put a record in whatever folder the command runs in,
    // a different one each time: no home folder, then.
    folder.is_absolute().then(|| folder.join("state.json"))
}

/// An I/O error in plain words, without Rust's "(os error 13)" suffix.
pub fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}
