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

use crate::progress::{FORMAT_VERSION, Progress};

/// Somewhere progress can be saved. The app only ever asks to save; loading happens once at start.
pub trait Store {
    /// Saves `progress` completely or not at all.
    fn save(&self, progress: &Progress) -> Result<(), SaveError>;
}

/// Why progress was not saved, in words for the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError(pub String);

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The platform's place for this app's state: `$XDG_STATE_HOME/linkedin-optout/state.json` on
/// Linux, the local data folder where a platform has no state folder.
pub fn default_state_path() -> Option<PathBuf> {
    let dirs = ProjectDirs::from("", "", "linkedin-optout")?;
    let folder = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(folder.join("state.json"))
}

/// Progress saved as JSON in one file.
#[derive(Debug)]
pub struct FileStore {
    /// The path the member named or the default.
    path: PathBuf,
    /// Set when the file must not be written this session, with the reason.
    read_only: Option<String>,
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
        let mut store = Self {
            path,
            read_only: None,
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
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return fresh(None),
            Err(e) => return read_only(format!("cannot be read ({})", describe(&e))),
        };
        if let Ok(FormatOnly { version }) = serde_json::from_slice(&bytes)
            && version > FORMAT_VERSION
        {
            return read_only(format!(
                "was written by a newer linkedin-optout (format {version}; this one knows \
                 {FORMAT_VERSION}); update linkedin-optout to change it"
            ));
        }
        match serde_json::from_slice::<Progress>(&bytes) {
            Ok(progress) => Loaded {
                progress,
                notice: None,
            },
            Err(e) => {
                let reason = format!("not valid saved progress: {e}");
                match self.set_aside(now) {
                    Ok(moved_to) => fresh(Some(LoadNotice::SetAside {
                        path: self.path.clone(),
                        moved_to,
                        reason,
                    })),
                    Err(move_error) => read_only(format!(
                        "is {reason}, and could not be renamed aside ({})",
                        describe(&move_error)
                    )),
                }
            }
        }
    }

    /// Renames the file to `<name>.corrupt-<time>` beside it, never replacing another file.
    fn set_aside(&self, now: Timestamp) -> io::Result<PathBuf> {
        let stamp = now.strftime("%Y%m%dT%H%M%SZ");
        let base = format!("{}.corrupt-{stamp}", self.path.display());
        let mut candidate = PathBuf::from(&base);
        let mut n = 1;
        while fs::symlink_metadata(&candidate).is_ok() {
            n += 1;
            candidate = PathBuf::from(format!("{base}-{n}"));
        }
        fs::rename(&self.path, &candidate)?;
        Ok(candidate)
    }

    fn write(&self, progress: &Progress) -> io::Result<()> {
        // Write through a symlink to its target so the link itself is kept.
        let target = match fs::canonicalize(&self.path) {
            Ok(resolved) => resolved,
            Err(_) => self.path.clone(),
        };
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            // Only folders created here get 0700; an existing folder is the member's business.
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)?;
        }
        let mut json = serde_json::to_vec_pretty(progress).map_err(io::Error::other)?;
        json.push(b'\n');
        let mut file = AtomicWriteFile::options()
            .mode(0o600)
            .preserve_mode(false)
            .open(&target)?;
        file.write_all(&json)?;
        // Syncs the file, renames it into place, then syncs the folder.
        file.commit()
    }
}

impl Store for FileStore {
    fn save(&self, progress: &Progress) -> Result<(), SaveError> {
        if let Some(reason) = &self.read_only {
            return Err(SaveError(format!("the saved file {reason}")));
        }
        self.write(progress)
            .map_err(|e| SaveError(format!("{}: {}", self.path.display(), describe(&e))))
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
