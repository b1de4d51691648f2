//! Fault injection, as SQLite's test VFS does it: every file operation a save takes fails in turn,
//! with each kind of error, and after every failure the file is the old record or the new one, no
//! event is lost or doubled once the save is retried, and the member is told.

mod common;

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::at;
use linkedin_optout::progress::{self, Change, EventKind, Progress};
use linkedin_optout::store::files::{FileOps, Locked, RealFiles, Step, TempFile};
use linkedin_optout::store::{Access, FileStore, Store};

/// The real file system, except that `step` fails once it is armed, `after` calls into it.
struct Failing {
    step: Step,
    error: fn() -> io::Error,
    after: usize,
    armed: AtomicBool,
    calls: AtomicUsize,
}

impl Failing {
    fn new(step: Step, error: fn() -> io::Error, after: usize) -> Self {
        Self {
            step,
            error,
            after,
            armed: AtomicBool::new(false),
            calls: AtomicUsize::new(0),
        }
    }

    /// Fails if this is the armed step's call to fail.
    fn check(&self, step: Step) -> io::Result<()> {
        if step != self.step || !self.armed.load(Ordering::SeqCst) {
            return Ok(());
        }
        if self.calls.fetch_add(1, Ordering::SeqCst) == self.after {
            return Err((self.error)());
        }
        Ok(())
    }
}

impl FileOps for Failing {
    fn open(&self, path: &Path) -> io::Result<File> {
        self.check(Step::Open)?;
        RealFiles.open(path)
    }
    fn read(&self, file: &mut File, limit: u64) -> io::Result<Vec<u8>> {
        self.check(Step::Read)?;
        RealFiles.read(file, limit)
    }
    fn try_lock(&self, path: &Path, create: bool) -> io::Result<Locked> {
        self.check(Step::Lock)?;
        RealFiles.try_lock(path, create)
    }
    fn create_temp(&self, folder: &Path, prefix: &str) -> io::Result<TempFile> {
        self.check(Step::Write)?;
        RealFiles.create_temp(folder, prefix)
    }
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        self.check(Step::Write)?;
        RealFiles.write(file, bytes)
    }
    fn sync_file(&self, file: &File) -> io::Result<()> {
        self.check(Step::SyncFile)?;
        RealFiles.sync_file(file)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(Step::Rename)?;
        RealFiles.rename(from, to)
    }
    fn sync_folder(&self, folder: &Path) -> io::Result<()> {
        self.check(Step::SyncFolder)?;
        RealFiles.sync_folder(folder)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        RealFiles.remove(path)
    }
}

/// The errors a disk gives: full, read-only, no permission, an I/O error, a file system that
/// does not support the call (CIFS and some FUSE mounts answer a folder sync with EINVAL).
/// A named way for a file operation to fail.
type Fault = (&'static str, fn() -> io::Error);

fn errors() -> [Fault; 5] {
    [
        ("disk full", || io::Error::from(io::ErrorKind::StorageFull)),
        ("read-only", || {
            io::Error::from(io::ErrorKind::ReadOnlyFilesystem)
        }),
        ("denied", || {
            io::Error::from(io::ErrorKind::PermissionDenied)
        }),
        ("I/O", || io::Error::other("input/output error")),
        ("unsupported", || {
            io::Error::from(io::ErrorKind::InvalidInput)
        }),
    ]
}

fn confirm(id: &str, time: &str) -> Change {
    Change::item(id, EventKind::Confirmed, at(time), 1)
}

fn on_disk(path: &Path) -> Progress {
    progress::parse(&std::fs::read(path).expect("the record is there")).expect("a whole record")
}

#[test]
fn every_step_failing_with_every_error_leaves_the_old_or_the_new_record() {
    for step in Step::ALL {
        for (name, error) in errors() {
            // Some steps run more than once a save (open and read: the re-read; write: create,
            // then write): fail each call in turn.
            for after in 0..2 {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("state.json");
                let first = confirm("ai-training", "2026-11-29T10:00:00Z");
                let (store, _) = FileStore::open(path.clone(), Access::ReadWrite);
                store
                    .save(std::slice::from_ref(&first))
                    .expect("the first save works");
                let old = on_disk(&path);

                let failing = Arc::new(Failing::new(step, error, after));
                let (store, loaded) = FileStore::open_with(
                    path.clone(),
                    Access::ReadWrite,
                    failing.clone(),
                    Duration::from_millis(200),
                );
                assert_eq!(loaded.notice, None);
                failing.armed.store(true, Ordering::SeqCst);
                let second = confirm("ad-sharing", "2026-11-29T11:00:00Z");
                let result = store.save(std::slice::from_ref(&second));
                let case = format!("{step:?} failing ({name}, call {after})");

                // The file is whole: the old record, or the old one with the change.
                let now = on_disk(&path);
                let mut new = old.clone();
                new.apply(&second);
                assert!(now == old || now == new, "{case}: a third state on disk");

                // The member is told: the step and the path, or a warning for a sync that
                // could not confirm a rename that happened.
                match &result {
                    Err(e) => {
                        assert_eq!(now, old, "{case}: reported failed but written");
                        let said = e.to_string();
                        assert!(said.contains("state.json"), "{case}: {said}");
                        if e.step.is_some() {
                            assert_eq!(e.step, Some(step), "{case}: {said}");
                        }
                    }
                    Ok(saved) if step == Step::SyncFolder && after == 0 => {
                        assert_eq!(now, new, "{case}");
                        let warning = saved.warning.as_deref().unwrap_or_default();
                        assert!(warning.contains("could not confirm"), "{case}: {warning}");
                    }
                    Ok(saved) => {
                        assert_eq!(now, new, "{case}");
                        assert_eq!(saved.warning, None, "{case}");
                    }
                }

                // Retried (as the checklist does with the next change): each event once.
                let (store, _) = FileStore::open(path.clone(), Access::ReadWrite);
                store
                    .save(std::slice::from_ref(&second))
                    .unwrap_or_else(|e| panic!("{case}: the retry failed: {e}"));
                let finally = on_disk(&path);
                assert_eq!(finally.record("ai-training").history.len(), 1, "{case}");
                assert_eq!(finally.record("ad-sharing").history.len(), 1, "{case}");
                // No temporary file is left by a failed save.
                let leftovers: Vec<_> = std::fs::read_dir(dir.path())
                    .expect("readable")
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.contains(".tmp-"))
                    .collect();
                assert!(leftovers.is_empty(), "{case}: {leftovers:?}");
            }
        }
    }
}

#[test]
fn a_failing_read_at_load_makes_the_session_read_only_and_never_writes() {
    for step in [Step::Open, Step::Read] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("state.json");
        let (store, _) = FileStore::open(path.clone(), Access::ReadWrite);
        store
            .save(&[confirm("ai-training", "2026-11-29T10:00:00Z")])
            .expect("saved");
        let before = std::fs::read(&path).expect("read");
        let failing = Arc::new(Failing::new(step, || io::Error::other("EIO"), 0));
        failing.armed.store(true, Ordering::SeqCst);
        let (store, loaded) = FileStore::open_with(
            path.clone(),
            Access::ReadWrite,
            failing,
            Duration::from_millis(200),
        );
        assert!(
            loaded.notice.as_ref().is_some_and(|n| n.blocks_saving()),
            "{step:?}: {:?}",
            loaded.notice
        );
        assert!(
            store
                .save(&[confirm("ad-sharing", "2026-11-29T11:00:00Z")])
                .is_err()
        );
        assert_eq!(std::fs::read(&path).expect("read"), before, "{step:?}");
    }
}
