//! Several LinkedIn accounts: one record per profile, beside the default one.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use super::{Access, FileStore, Loaded, Store};
use crate::app::DEFAULT_PROFILE;

/// Opens a profile's record by name.
pub trait Profiles {
    /// The store for `profile`, what loading it found, and where it lives.
    fn open(&self, profile: &str, now: Timestamp) -> (Arc<dyn Store>, Loaded, PathBuf);

    /// The profiles that have a record now, `current` among them, sorted, the default first.
    fn existing(&self, current: &str) -> Vec<String>;
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

    /// Profiles with a record on disk, plus `current`; the default first, then by name. A file
    /// counts only if its whole name is `<stem>.<valid profile name><extension>` and it is a
    /// file: locks, temporary files and set-aside copies never match (they start with a dot or
    /// carry characters a profile name cannot have).
    pub fn existing(&self, current: &str) -> Vec<String> {
        let (stem, extension) = self.stem_and_extension();
        let prefix = format!("{stem}.");
        let folder = self.folder();
        let mut names: Vec<String> = fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let file = entry.file_name().into_string().ok()?;
                let name = file.strip_prefix(&prefix)?.strip_suffix(&extension)?;
                let is_file = fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
                (is_valid_profile_name(name) && is_file).then(|| name.to_owned())
            })
            .filter(|name| name != DEFAULT_PROFILE)
            .collect();
        if current != DEFAULT_PROFILE && !names.iter().any(|n| n == current) {
            names.push(current.to_owned());
        }
        names.sort();
        names.dedup();
        names.insert(0, DEFAULT_PROFILE.to_owned());
        names
    }

    /// The folder the records sit in.
    fn folder(&self) -> &Path {
        self.base
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
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
    fn open(&self, profile: &str, _now: Timestamp) -> (Arc<dyn Store>, Loaded, PathBuf) {
        let path = self.path(profile);
        let (store, loaded) = FileStore::open(path.clone(), Access::ReadWrite);
        (Arc::new(store), loaded, path)
    }

    fn existing(&self, current: &str) -> Vec<String> {
        ProfileFiles::existing(self, current)
    }
}
