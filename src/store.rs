//! Saved progress on disk: where it lives, loading it safely, and saving it atomically.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;
use atomic_write_file::unix::OpenOptionsExt as _;
use directories::ProjectDirs;
use jiff::Timestamp;
use serde::Deserialize;

use crate::app::DEFAULT_PROFILE;
use crate::progress::{Change, FORMAT_VERSION, Progress};

/// Somewhere progress can be saved. The app only ever asks to save; loading happens once at start.
pub trait Store {
    /// Applies `changes` on top of what is saved now and saves the result completely or not at
    /// all. Returns the progress as saved, which includes changes made meanwhile by other instances.
    fn save(&self, changes: &[Change]) -> Result<Progress, SaveError>;
}

/// Replaces a file's contents all at once. The real one is atomic; tests inject failing ones.
pub trait Disk: Send + Sync {
    fn replace(&self, path: &Path, contents: &[u8]) -> io::Result<()>;
}

/// The real disk: a temp file beside the target, synced, renamed into place, folder synced.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealDisk;

impl Disk for RealDisk {
    fn replace(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        let mut file = AtomicWriteFile::options()
            .mode(0o600)
            .preserve_mode(false)
            .open(path)?;
        file.write_all(contents)?;
        // Syncs the file, renames it into place, then syncs the folder.
        file.commit()
    }
}

/// Why progress was not saved, in words for the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError(pub String);

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why saved bytes are not usable progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Written by a newer version, in a format this build does not know.
    Newer(u32),
    /// Not progress at all: empty, truncated, not JSON, wrong types.
    Invalid(String),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Newer(version) => write!(
                f,
                "was written by a newer linkedin-optout (format {version}; this one knows \
                 {FORMAT_VERSION}); update linkedin-optout to change it"
            ),
            Self::Invalid(reason) => write!(f, "not valid saved progress: {reason}"),
        }
    }
}

/// Reads saved bytes. Never panics, whatever the bytes.
pub fn parse(bytes: &[u8]) -> Result<Progress, Unusable> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Unusable::Invalid("the file is empty".into()));
    }
    if let Ok(FormatOnly { version }) = serde_json::from_slice(bytes)
        && version > FORMAT_VERSION
    {
        return Err(Unusable::Newer(version));
    }
    serde_json::from_slice(bytes).map_err(|e| Unusable::Invalid(e.to_string()))
}

/// The platform's place for this app's state: `$XDG_STATE_HOME/linkedin-optout/state.json` on
/// Linux, the local data folder where a platform has no state folder.
pub fn default_state_path() -> Option<PathBuf> {
    let dirs = ProjectDirs::from("", "", "linkedin-optout")?;
    let folder = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(folder.join("state.json"))
}

/// Progress saved as JSON in one file, beside a `.lock` file that serialises saves.
pub struct FileStore {
    /// The path the member named or the default.
    path: PathBuf,
    /// Set when the file must not be written this session, with the reason.
    read_only: Option<String>,
    disk: Box<dyn Disk>,
}

/// What loading found.
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    /// Something the member must be told about the saved file.
    pub notice: Option<LoadNotice>,
}

/// Something unusual about the saved file, shown as a banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadNotice {
    /// The file could not be understood; it was renamed aside and a fresh record started.
    SetAside {
        path: PathBuf,
        moved_to: PathBuf,
        reason: String,
    },
    /// The file could not be read, or is from a newer version; it will not be written.
    ReadOnly { path: PathBuf, reason: String },
}

impl fmt::Display for LoadNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SetAside {
                path,
                moved_to,
                reason,
            } => write!(
                f,
                "Could not read {} ({reason}). Kept it as {} and started a fresh record.",
                path.display(),
                moved_to.display()
            ),
            Self::ReadOnly { path, reason } => write!(
                f,
                "Read-only: {} {reason}. Nothing will be saved this session.",
                path.display()
            ),
        }
    }
}

/// Only the format version, to recognise a file written by a newer build.
#[derive(Deserialize)]
struct FormatOnly {
    version: u32,
}

impl FileStore {
    /// Loads progress from `path`. A missing file is a fresh start. A file that cannot be parsed is
    /// renamed aside, never overwritten. A file that cannot be read, or was written by a newer
    /// version, makes this session read-only. `now` names a set-aside copy.
    pub fn open(path: PathBuf, now: Timestamp) -> (Self, Loaded) {
        Self::open_on(path, now, Box::new(RealDisk))
    }

    /// As `open`, writing through `disk`.
    pub fn open_on(path: PathBuf, now: Timestamp, disk: Box<dyn Disk>) -> (Self, Loaded) {
        let mut store = Self {
            path,
            read_only: None,
            disk,
        };
        let loaded = store.load(now);
        if let Some(LoadNotice::ReadOnly { reason, .. }) = &loaded.notice {
            store.read_only = Some(reason.clone());
        }
        (store, loaded)
    }

    /// Where progress is saved.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn load(&self, now: Timestamp) -> Loaded {
        let fresh = |notice| Loaded {
            progress: Progress::default(),
            notice,
        };
        let read_only = |reason: String| {
            fresh(Some(LoadNotice::ReadOnly {
                path: self.path.clone(),
                reason,
            }))
        };
        // Hold the lock while reading and perhaps setting aside, so a concurrent save cannot
        // interleave. Without a folder there is no file either, and no lock is needed.
        let _lock = self.lock().ok();
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return fresh(None),
            Err(e) => return read_only(format!("cannot be read ({})", describe(&e))),
        };
        match parse(&bytes) {
            Ok(progress) => Loaded {
                progress,
                notice: None,
            },
            Err(newer @ Unusable::Newer(_)) => read_only(newer.to_string()),
            Err(invalid) => match self.rename_aside("corrupt", now) {
                Ok(moved_to) => fresh(Some(LoadNotice::SetAside {
                    path: self.path.clone(),
                    moved_to,
                    reason: invalid.to_string(),
                })),
                Err(move_error) => read_only(format!(
                    "is {invalid}, and could not be renamed aside ({})",
                    describe(&move_error)
                )),
            },
        }
    }

    /// Under the lock, renames the file to `<name>.<label>-<time>` beside it and returns that
    /// path: the record is kept, and the next save starts a fresh one.
    pub fn set_aside_as(&self, label: &str, now: Timestamp) -> io::Result<PathBuf> {
        let _lock = self.lock()?;
        self.rename_aside(label, now)
    }

    /// Where the lock beside the file is.
    pub fn lock_path(&self) -> PathBuf {
        let target = self.target();
        let stem = target.file_stem().unwrap_or(target.as_os_str());
        let mut name = stem.to_os_string();
        name.push(".lock");
        target.with_file_name(name)
    }

    /// Renames the file to `<name>.<label>-<time>` beside it, never replacing another file.
    /// The caller holds the lock.
    fn rename_aside(&self, label: &str, now: Timestamp) -> io::Result<PathBuf> {
        let stamp = now.strftime("%Y%m%dT%H%M%SZ");
        let base = format!("{}.{label}-{stamp}", self.path.display());
        let mut candidate = PathBuf::from(&base);
        let mut n = 1;
        while fs::symlink_metadata(&candidate).is_ok() {
            n += 1;
            candidate = PathBuf::from(format!("{base}-{n}"));
        }
        fs::rename(&self.path, &candidate)?;
        Ok(candidate)
    }

    /// The file saves go to: a symlink's target, so the link itself is kept.
    fn target(&self) -> PathBuf {
        fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone())
    }

    /// Takes the advisory lock on the sidecar `<name>.lock` beside the target, waiting for it.
    fn lock(&self) -> io::Result<fs::File> {
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(self.lock_path())?;
        lock.lock()?;
        Ok(lock)
    }

    fn apply_and_write(&self, changes: &[Change]) -> Result<Progress, String> {
        let target = self.target();
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            // Only folders created here get 0700; an existing folder is the member's business.
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)
                .map_err(|e| describe(&e))?;
        }
        let _lock = self.lock().map_err(|e| describe(&e))?;
        // Re-read under the lock: another instance may have saved since this one last did.
        let mut progress = match fs::read(&target) {
            Ok(bytes) => parse(&bytes).map_err(|unusable| {
                format!("the saved file changed and cannot be used now ({unusable}); left as it is")
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Progress::default(),
            Err(e) => return Err(describe(&e)),
        };
        for change in changes {
            progress.apply(change);
        }
        let mut json = serde_json::to_vec_pretty(&progress).map_err(|e| e.to_string())?;
        json.push(b'\n');
        self.disk
            .replace(&target, &json)
            .map_err(|e| describe(&e))?;
        Ok(progress)
    }
}

impl Store for FileStore {
    fn save(&self, changes: &[Change]) -> Result<Progress, SaveError> {
        if let Some(reason) = &self.read_only {
            return Err(SaveError(format!("the saved file {reason}")));
        }
        self.apply_and_write(changes).map_err(SaveError)
    }
}

/// An I/O error in plain words, without Rust's "(os error 13)" suffix.
fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}

/// Opens a profile's record by name.
pub trait Profiles {
    /// The store for `profile`, what loading it found, and where it lives.
    fn open(&self, profile: &str, now: Timestamp) -> (Box<dyn Store>, Loaded, PathBuf);
}

/// Every profile's record as a file: the default profile's at the base path (`state.json`), each
/// other one beside it (`state.work.json`), each with its own lock.
#[derive(Debug, Clone)]
pub struct ProfileFiles {
    base: PathBuf,
}

/// A profile name that is safe as part of a file name: 1 to 32 of `a-z`, `0-9`, `-`, `_`.
pub fn is_valid_profile_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl ProfileFiles {
    /// Profiles around `base`, the default profile's file.
    pub fn new(base: PathBuf) -> Self {
        Self { base }
    }

    /// Where `profile`'s record lives.
    pub fn path(&self, profile: &str) -> PathBuf {
        if profile == DEFAULT_PROFILE {
            return self.base.clone();
        }
        let (stem, extension) = self.stem_and_extension();
        self.base
            .with_file_name(format!("{stem}.{profile}{extension}"))
    }

    /// Profiles with a record on disk, plus `current`; the default first, then by name.
    pub fn existing(&self, current: &str) -> Vec<String> {
        let (stem, extension) = self.stem_and_extension();
        let prefix = format!("{stem}.");
        let folder = self
            .base
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut names: Vec<String> = fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let file = entry.file_name().into_string().ok()?;
                let name = file.strip_prefix(&prefix)?.strip_suffix(&extension)?;
                is_valid_profile_name(name).then(|| name.to_owned())
            })
            .filter(|name| name != DEFAULT_PROFILE)
            .collect();
        if current != DEFAULT_PROFILE && !names.iter().any(|n| n == current) {
            names.push(current.to_owned());
        }
        names.sort();
        names.insert(0, DEFAULT_PROFILE.to_owned());
        names
    }

    /// `("state", ".json")` for `…/state.json`.
    fn stem_and_extension(&self) -> (String, String) {
        let stem = self
            .base
            .file_stem()
            .map_or_else(|| "state".into(), |s| s.to_string_lossy().into_owned());
        let extension = self
            .base
            .extension()
            .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
        (stem, extension)
    }
}

impl Profiles for ProfileFiles {
    fn open(&self, profile: &str, now: Timestamp) -> (Box<dyn Store>, Loaded, PathBuf) {
        let path = self.path(profile);
        let (store, loaded) = FileStore::open(path.clone(), now);
        (Box::new(store), loaded, path)
    }
}
