//! The record survives other processes: two instances saving at once, and a saver killed at
//! random moments. The children are this test binary run again, in the ignored `child_*` tests.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use std::{env, fs, thread};

use jiff::Timestamp;
use linkedin_optout::progress::{self, Change, EventKind, ItemState};
use linkedin_optout::store::{Access, FileStore, Store, names};

const STATE: &str = "LINKEDIN_OPTOUT_TEST_STATE";
const ITEM: &str = "LINKEDIN_OPTOUT_TEST_ITEM";
const ROUNDS: &str = "LINKEDIN_OPTOUT_TEST_ROUNDS";
/// Confirm + unconfirm pairs each of the two instances saves.
const CONCURRENT_ROUNDS: usize = 60;
const KILLS: u64 = 25;

/// Runs this test binary again as one named child test, with the given environment.
fn child(test: &str, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env::current_exe().expect("the test binary"));
    command
        .args(["--ignored", "--exact", test, "--test-threads=1", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// Starts a child. Wine now and then fails to create a process under load (Windows error 1359,
/// "Internal error") where Windows and Linux do not; starting one is not what these tests test,
/// so a failed start is tried again, a few times.
fn start(command: &mut Command) -> std::process::Child {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Ok(child) => return child,
            Err(e) if tries < 5 => {
                eprintln!("starting a child failed ({e}); trying again");
                tries += 1;
                thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("a child starts: {e}"),
        }
    }
}

fn change(id: &str, event: EventKind) -> Change {
    Change::item(id, event, Timestamp::now(), 1)
}

/// Confirms and unconfirms one item, saving after each, `ROUNDS` times (or until killed).
#[test]
#[ignore = "a child process of the tests below"]
fn child_saver() {
    let (Some(path), Some(id)) = (env::var_os(STATE), env::var(ITEM).ok()) else {
        return;
    };
    let rounds: usize = env::var(ROUNDS)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let (store, loaded) = FileStore::open(path.into(), Access::ReadWrite);
    assert_eq!(loaded.notice, None, "the child found a bad file");
    for _ in 0..rounds {
        for event in [EventKind::Confirmed, EventKind::Unconfirmed] {
            store.save(&[change(&id, event)]).expect("saved");
        }
    }
}

#[test]
fn two_instances_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let state = path.to_str().expect("a UTF-8 temp path");
    let rounds = CONCURRENT_ROUNDS.to_string();
    let mut children: Vec<_> = ["ai-training", "ad-sharing"]
        .into_iter()
        .map(|id| {
            start(&mut child(
                "child_saver",
                &[(STATE, state), (ITEM, id), (ROUNDS, &rounds)],
            ))
        })
        .collect();
    for child in &mut children {
        assert!(child.wait().expect("waited").success(), "a child failed");
    }
    let progress = progress::parse(&fs::read(&path).expect("saved")).expect("valid");
    for id in ["ai-training", "ad-sharing"] {
        let record = progress.record(id);
        let events: Vec<EventKind> = record.history.iter().map(|e| e.event).collect();
        let expected: Vec<EventKind> =
            [EventKind::Confirmed, EventKind::Unconfirmed].repeat(CONCURRENT_ROUNDS);
        assert_eq!(events, expected, "{id}: every event is there, in order");
        assert_eq!(record.state, ItemState::Pending);
    }
}

/// A small deterministic generator, so a failing run can be repeated.
fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

fn assert_parses_if_present(path: &Path, kill: u64) {
    match fs::read(path) {
        Ok(bytes) => {
            if let Err(e) = progress::parse(&bytes) {
                panic!("after kill {kill} the file does not parse ({e}): {bytes:?}");
            }
        }
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "kill {kill}"),
    }
}

/// What identifies a version of the record: its size and modification time.
fn version(path: &Path) -> Option<(u64, Option<std::time::SystemTime>)> {
    fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// Waits until the record differs from `before`: a child has saved.
fn wait_for_a_save(path: &Path, before: Option<(u64, Option<std::time::SystemTime>)>, kill: u64) {
    let started = std::time::Instant::now();
    while version(path) == before {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "before kill {kill} the saver never saved"
        );
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_saver_killed_at_any_moment_leaves_a_whole_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let state = path.to_str().expect("a UTF-8 temp path");
    let mut seed = 0x5eed;
    for kill in 0..KILLS {
        let before = version(&path);
        let mut saver = start(&mut child(
            "child_saver",
            &[(STATE, state), (ITEM, "ai-training")],
        ));
        // Starting a process takes a millisecond on Linux and a good part of a second under
        // Wine: every other kill waits for the saver's first save, so that it lands in the
        // middle of one; the others may land before it.
        if kill % 2 == 1 {
            wait_for_a_save(&path, before, kill);
        }
        thread::sleep(Duration::from_millis(5 + next(&mut seed) % 60));
        saver.kill().expect("SIGKILL");
        saver.wait().expect("reaped");
        assert_parses_if_present(&path, kill);
    }
    let progress = progress::parse(&fs::read(&path).expect("saved at least once")).expect("valid");
    assert!(!progress.record("ai-training").history.is_empty());
    // A kill between creating the temporary file and renaming it can leave one behind: only ever
    // by our exact name, and the next save removes it once it is a minute old.
    let leftovers = || -> Vec<std::path::PathBuf> {
        fs::read_dir(dir.path())
            .expect("readable")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".tmp-"))
            .collect()
    };
    for leftover in leftovers() {
        let name = leftover.file_name().expect("a name").to_string_lossy();
        assert!(names::is_temp_of(&name, &path), "not ours: {name}");
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&leftover)
            .and_then(|f| f.set_modified(an_hour_ago))
            .expect("aged");
    }
    let (store, _) = FileStore::open(path.clone(), Access::ReadWrite);
    store
        .save(&[change("ad-sharing", EventKind::Opened)])
        .expect("saved");
    assert!(leftovers().is_empty(), "{:?}", leftovers());
}
