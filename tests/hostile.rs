//! The real binary against everything a careless or hostile `--state-file` can name: devices,
//! FIFOs, another program's file, a file with escape sequences in it, a held lock, a machine
//! without /proc. Nothing but the app's own files may ever change.

#![cfg(unix)] // Device nodes, FIFOs, flock and /proc are Unix's.

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Home, names_in};

/// The binary with a clean environment in `home`, and a deadline: nothing here may hang.
fn run(home: &Home, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linkedin-optout"))
        .args(args)
        .env_clear()
        .env("PATH", home.path("nobin"))
        .env("HOME", home.path("home"))
        .env("XDG_STATE_HOME", home.path("state"))
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waitable").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("{args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const READERS: [&[&str]; 5] = [
    &["status"],
    &["status", "--json"],
    &["check"],
    &["export"],
    &["paths"],
];
const WRITERS: [&[&str]; 4] = [
    &["confirm", "ai-training"],
    &["not-offered", "ad-sharing"],
    &["region", "uk"],
    &["reset", "--yes"],
];

/// Runs every reader and writer against `path` and returns their outputs.
fn every_command(home: &Home, path: &Path) -> Vec<(String, Output)> {
    let path = path.to_str().expect("UTF-8 temp path");
    READERS
        .iter()
        .chain(WRITERS.iter())
        .map(|args| {
            let mut all = vec!["--state-file", path];
            all.extend_from_slice(args);
            (args.join(" "), run(home, &all))
        })
        .collect()
}

#[test]
fn a_fifo_never_hangs_a_command_and_is_never_replaced() {
    let home = Home::new();
    let fifo = home.path("home").join("state.json");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: mkfifo(3) with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    for (command, output) in every_command(&home, &fifo) {
        let err = text(&output.stderr);
        assert!(err.contains("FIFO"), "{command}: {err}");
        if WRITERS.iter().any(|w| w.join(" ") == command) {
            assert_eq!(output.status.code(), Some(2), "{command}: {err}");
        }
    }
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("there")
            .file_type()
            .is_fifo()
    );
    assert_eq!(names_in(&home.path("home")), ["state.json"]);
}

#[test]
fn device_nodes_are_never_read_renamed_or_replaced() {
    if !common::is_root() {
        common::skip("making device nodes needs root (CI runs as root)");
        return;
    }
    let home = Home::new();
    // /dev/null and /dev/zero, made afresh in a temp dir so no real device is at stake.
    for (name, major, minor) in [("null", 1, 3), ("zero", 1, 5)] {
        let device = home.path("home").join(name);
        let path = std::ffi::CString::new(device.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: mknod(2) with a valid path, a character-device mode and its number.
        let made = unsafe {
            libc::mknod(
                path.as_ptr(),
                libc::S_IFCHR | 0o666,
                libc::makedev(major, minor),
            )
        };
        assert_eq!(made, 0, "mknod {name}");
        let before = fs::symlink_metadata(&device).expect("made");
        for (command, output) in every_command(&home, &device) {
            let err = text(&output.stderr);
            assert!(err.contains("character device"), "{name} {command}: {err}");
            if WRITERS.iter().any(|w| w.join(" ") == command) {
                assert_eq!(output.status.code(), Some(2), "{name} {command}: {err}");
            }
        }
        let after = fs::symlink_metadata(&device).expect("still there");
        assert!(
            after.file_type().is_char_device(),
            "{name} is still a device"
        );
        assert_eq!(after.rdev(), before.rdev(), "{name} is the same device");
        assert_eq!(after.ino(), before.ino(), "{name} was not replaced");
    }
    assert_eq!(
        names_in(&home.path("home")),
        ["null", "zero"],
        "nothing else made"
    );
}

#[test]
fn another_programs_file_is_refused_by_writers_and_left_alone_by_everyone() {
    let home = Home::new();
    let bashrc = home.path("home").join(".bashrc");
    let contents = b"export PATH=$HOME/bin:$PATH\nalias ll='ls -l'\n";
    fs::write(&bashrc, contents).expect("write");
    for (command, output) in every_command(&home, &bashrc) {
        let err = text(&output.stderr);
        assert!(
            err.contains("not a linkedin-optout record"),
            "{command}: {err}"
        );
        if WRITERS.iter().any(|w| w.join(" ") == command) {
            assert_eq!(output.status.code(), Some(2), "{command}");
            assert!(err.contains("choose another path"), "{command}: {err}");
        }
    }
    assert_eq!(fs::read(&bashrc).expect("there"), contents);
    assert_eq!(
        names_in(&home.path("home")),
        [".bashrc"],
        "no lock, no copy"
    );
}

#[test]
fn read_only_commands_create_nothing_even_next_to_a_folder() {
    let home = Home::new();
    let folder = home.path("home").join("somewhere");
    fs::create_dir(&folder).expect("mkdir");
    for args in READERS {
        let mut all = vec!["--state-file", folder.to_str().expect("UTF-8")];
        all.extend_from_slice(args);
        run(&home, &all);
        // The default place, too.
        run(&home, args);
    }
    assert_eq!(names_in(&home.path("home")), ["somewhere"]);
    assert!(names_in(&folder).is_empty());
    assert!(!home.state_folder().exists(), "no default folder made");
}

#[test]
fn escape_sequences_in_the_file_never_reach_the_terminal() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    // A region no build knows, and a damaged record, each carrying OSC and CSI sequences.
    for bytes in [
        b"{\"version\":2,\"items\":{},\"region\":\"\\u001b]0;X\\u0007\\u001b[2J\"}".as_slice(),
        b"{\"version\":2,\"items\":{\"ai-training\":{\"state\":\"\\u001b]52;c;cHduZWQ=\\u0007\"}}}"
            .as_slice(),
        b"{\"version\":2,\"items\":{\"\x1b[31mred\":{\"state\":5}}}".as_slice(),
    ] {
        fs::write(&record, bytes).expect("write");
        for (command, output) in every_command(&home, &record) {
            for stream in [&output.stdout, &output.stderr] {
                assert!(
                    !stream.iter().any(|b| *b == 0x1b || *b == 0x07),
                    "{command} printed a raw control byte: {:?}",
                    text(stream)
                );
            }
        }
    }
}

#[test]
fn a_held_lock_makes_writers_wait_a_while_and_say_so_and_readers_not_at_all() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    let lock = home.path("home").join(".state.json.lock");
    let held = fs::File::create(&lock).expect("create");
    held.lock().expect("another instance holds it");
    let path = record.to_str().expect("UTF-8");

    let started = Instant::now();
    let output = run(&home, &["--state-file", path, "status"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(started.elapsed() < Duration::from_secs(3), "status waited");

    let started = Instant::now();
    let output = run(&home, &["--state-file", path, "confirm", "ai-training"]);
    let waited = started.elapsed();
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("waiting for another linkedin-optout"), "{err}");
    assert!(err.contains(".state.json.lock"), "names the lock: {err}");
    assert!(waited < Duration::from_secs(15), "bounded: {waited:?}");
    assert!(!record.exists(), "nothing written");
}

#[test]
fn a_record_with_a_key_twice_is_set_aside_whole_by_the_next_writer() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    let bytes = br#"{"version":2,"items":{"ai-training":{"state":"confirmed","confirmed_at":"2026-11-01T00:00:00Z","history":[]},"ai-training":{"state":"pending","history":[]}}}"#;
    fs::write(&record, bytes).expect("write");
    let path = record.to_str().expect("UTF-8");
    let output = run(&home, &["--state-file", path, "status"]);
    assert!(text(&output.stderr).contains("appears twice"));
    assert_eq!(fs::read(&record).expect("untouched by status"), bytes);
    let output = run(&home, &["--state-file", path, "confirm", "ad-sharing"]);
    let err = text(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("kept the damaged record as"), "{err}");
    let copy: Vec<PathBuf> = fs::read_dir(home.path("home"))
        .expect("readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(copy.len(), 1);
    assert_eq!(
        fs::read(&copy[0]).expect("kept"),
        bytes,
        "kept byte for byte"
    );
}

#[test]
fn a_version_from_the_future_is_read_only_and_untouched() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    let bytes = br#"{"version":18446744073709551616,"items":{}}"#;
    fs::write(&record, bytes).expect("write");
    let path = record.to_str().expect("UTF-8");
    let output = run(&home, &["--state-file", path, "confirm", "ai-training"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("newer"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(fs::read(&record).expect("there"), bytes);
}

#[test]
fn a_confirmation_dated_in_the_future_is_flagged() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    fs::write(
        &record,
        br#"{"version":2,"items":{"ai-training":{"state":"confirmed","confirmed_at":"2099-01-01T00:00:00Z","confirmed_revision":1,"history":[{"at":"2099-01-01T00:00:00Z","event":"confirmed","revision":1}]}}}"#,
    )
    .expect("write");
    let path = record.to_str().expect("UTF-8");
    let status = text(&run(&home, &["--state-file", path, "status"]).stdout);
    assert!(
        status.contains("in the future: was the clock wrong?"),
        "{status}"
    );
    let receipt = text(&run(&home, &["--state-file", path, "export"]).stdout);
    assert!(receipt.contains("dated in the future"), "{receipt}");
    let json = text(&run(&home, &["--state-file", path, "status", "--json"]).stdout);
    assert!(json.contains("\"dated_in_future\": true"), "{json}");
}

#[test]
fn saving_works_without_proc() {
    if !common::is_root() {
        common::skip("hiding /proc needs root and unshare (CI runs as root)");
        return;
    }
    let Some(unshare) = common::tool("unshare", true) else {
        return;
    };
    let home = Home::new();
    let record = home.path("home").join("state.json");
    // A private mount namespace with an empty /proc: what a chroot or a minimal container has.
    let script = format!(
        "mount -t tmpfs none /proc && exec {} --state-file {} confirm ai-training",
        env!("CARGO_BIN_EXE_linkedin-optout"),
        record.display()
    );
    let output = Command::new(unshare)
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .output()
        .expect("unshare runs");
    assert!(
        output.status.success(),
        "{}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(record.exists());
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    let home = Home::new();
    for args in [&["status", "--json"][..], &["export"][..], &["paths"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_linkedin-optout"))
            .args(args)
            .env_clear()
            .env("HOME", home.path("home"))
            .env("XDG_STATE_HOME", home.path("state"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // Close the reading end at once, as `| true` does.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("output");
        let err = text(&output.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}
