//! What an attacker or a careless member found after issues 8 to 11: each test names the promise
//! it holds the app to (README "What is never touched", "Guarantees", issue 8) and drives the
//! real binary, or the store, the way the attack did.

#![cfg(unix)] // Symlinks, FIFOs, device nodes, file owners, pseudo-terminals and hang-ups.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt, symlink};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{Home, names_in};

/// Generous: a cold debug binary on a busy 2-core machine can be slow.
const PATIENCE: Duration = Duration::from_secs(20);

/// The binary with a clean environment in `home`, `args` after it; waits at most `PATIENCE`.
fn run(home: &Home, args: &[&OsStr]) -> Output {
    let child = command(home, env!("CARGO_BIN_EXE_linkedin-optout"), args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    finish(child, args)
}

fn command(home: &Home, program: impl AsRef<OsStr>, args: &[&OsStr]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .env_clear()
        .env("PATH", home.path("nobin"))
        .env("HOME", home.path("home"))
        .env("XDG_STATE_HOME", home.path("state"))
        .env("TZ", "UTC");
    command
}

fn finish(mut child: Child, args: &[&OsStr]) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waitable").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("{args:?} hung");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// `--state-file PATH` then `rest`.
fn on<'a>(path: &'a Path, rest: &'a [&'a str]) -> Vec<&'a OsStr> {
    let mut args = vec![OsStr::new("--state-file"), path.as_os_str()];
    args.extend(rest.iter().map(OsStr::new));
    args
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The end of a long terminal transcript, for failure messages.
fn tail(text: &str) -> &str {
    let mut start = text.len().saturating_sub(600);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// A record with one confirmation, as this build writes it.
const RECORD: &str = r#"{"version":2,"items":{"ai-training":{"state":"confirmed","confirmed_at":"2026-11-28T09:03:00Z","confirmed_revision":1,"history":[{"at":"2026-11-28T09:03:00Z","event":"confirmed","revision":1,"change":"1d2e3f405a6b7c8d"}]}}}"#;

/// The lock is the app's own file: whatever else sits at its name (a link, a FIFO, a device) is
/// never followed, opened or created through. Before, `.state.json.lock -> ../victim/created`
/// created `victim/created`, and a device or FIFO at the lock's name was opened for writing.
#[test]
fn whatever_sits_at_the_locks_name_is_never_followed_or_opened() {
    let home = Home::new();
    let folder = home.path("home");
    let record = folder.join("state.json");
    let lock = folder.join(".state.json.lock");
    let elsewhere = home.path("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");

    // A link at the lock's name, pointing at a file that does not exist yet.
    let victim = elsewhere.join("created-through-the-lock");
    symlink(&victim, &lock).expect("link");
    let output = run(&home, &on(&record, &["confirm", "ai-training"]));
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains(".state.json.lock"), "names the lock: {err}");
    assert!(
        !victim.exists(),
        "a file was created through the lock's link"
    );
    assert!(!record.exists(), "nothing is saved without the lock");
    fs::remove_file(&lock).expect("unlink");

    // A FIFO someone is reading from: opening it for writing would succeed.
    let name = std::ffi::CString::new(lock.as_os_str().as_bytes()).expect("path");
    // SAFETY: mkfifo(3) with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&lock)
        .expect("a reader holds the FIFO open");
    let output = run(&home, &on(&record, &["confirm", "ai-training"]));
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("FIFO"), "says what is there: {err}");
    assert!(!record.exists(), "nothing is saved without the lock");
    drop(reader);
    fs::remove_file(&lock).expect("unlink");

    if !common::is_root() {
        common::skip("making a device node needs root (CI runs as root)");
        return;
    }
    // A character device (a fresh /dev/null) at the lock's name.
    let name = std::ffi::CString::new(lock.as_os_str().as_bytes()).expect("path");
    // SAFETY: mknod(2) with a valid path, a character-device mode and /dev/null's number.
    let made = unsafe { libc::mknod(name.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    assert_eq!(made, 0, "mknod");
    let output = run(&home, &on(&record, &["confirm", "ai-training"]));
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("character device"),
        "says what is there: {err}"
    );
    assert!(!record.exists(), "nothing is saved without the lock");
}

/// "Another program's file is refused … and never renamed": many JSON files carry a `version`
/// and a list of `items`. Ours keeps its items in an object keyed by id, so only that is one of
/// ours, damaged or not. Before, `{"version": 1, "items": [...]}` was called a damaged record of
/// ours and moved aside by the first `confirm`, with a record put in its place.
#[test]
fn another_programs_json_with_a_version_and_items_is_never_moved() {
    let home = Home::new();
    for (name, bytes) in [
        (
            "list.json",
            r#"{"version": 1, "items": [{"id": 1, "name": "milk"}]}"#,
        ),
        ("nothing.json", r#"{"version": 2, "items": null}"#),
        ("words.json", r#"{"version": 2, "items": "all"}"#),
    ] {
        let path = home.path("home").join(name);
        fs::write(&path, bytes).expect("written");
        let output = run(&home, &on(&path, &["confirm", "ai-training"]));
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("not a linkedin-optout record"),
            "{name}: {err}"
        );
        assert_eq!(
            fs::read_to_string(&path).ok().as_deref(),
            Some(bytes),
            "{name}"
        );
    }
    assert_eq!(
        names_in(&home.path("home")),
        ["list.json", "nothing.json", "words.json"],
        "nothing moved aside, nothing created"
    );
}

/// "The lock, temporary files and copies never collide with a record": a `--state-file` named
/// like one of them is never written. Before, `--state-file .state.json.lock` replaced the
/// other record's lock with a record, which `forget` of `state.json` then deleted, and a record
/// named `.state.json.tmp-abcdef` was removed by `state.json`'s next save a minute later.
#[test]
fn a_state_file_named_like_one_of_our_own_files_is_never_written() {
    let home = Home::new();
    let folder = home.path("home");
    let record = folder.join("state.json");
    fs::write(&record, RECORD).expect("written");
    let own = [
        ".state.json.lock",
        ".state.json.tmp-abc123",
        "state.json.corrupt-20261130T104000Z",
        "state.json.reset-20261130T104000Z-2",
    ];
    for name in own {
        let path = folder.join(name);
        fs::write(&path, RECORD).expect("written");
        let before = fs::read(&path).expect("readable");
        for writer in [
            &["confirm", "ad-sharing"][..],
            &["reset", "--yes"],
            &["forget", "--yes"],
        ] {
            let output = run(&home, &on(&path, writer));
            let err = text(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{name} {writer:?}: {err}");
            assert!(
                err.contains("linkedin-optout's own"),
                "{name} {writer:?} says why: {err}"
            );
            assert_eq!(
                fs::read(&path).ok(),
                Some(before.clone()),
                "{name} {writer:?}"
            );
        }
        // Reading a kept copy is how a member looks into it: still allowed.
        let output = run(&home, &on(&path, &["status"]));
        assert_eq!(output.status.code(), Some(0), "{name} status");
        assert!(
            text(&output.stdout).contains("1 of 2 opt-outs done"),
            "{name} status"
        );
        fs::remove_file(&path).expect("cleaned");
    }
    let output = run(&home, &on(&record, &["confirm", "ad-sharing"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// Issue 8: "a dangling link creates its target (the target's folder must exist)". Before, a
/// link into a folder that does not exist made that folder (and every missing one above it).
#[test]
fn a_dangling_link_into_a_missing_folder_makes_no_folder() {
    let home = Home::new();
    let link = home.path("home").join("state.json");
    let nowhere = home.path("nowhere");
    symlink(nowhere.join("deeper").join("record.json"), &link).expect("link");
    let output = run(&home, &on(&link, &["confirm", "ai-training"]));
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("does not exist"), "says why: {err}");
    assert!(!nowhere.exists(), "a folder was made where a link pointed");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

/// A `--state-file` written as a folder (`dir/`, `dir/..`, `dir/.`) names no file: it is
/// refused before anything is made. Before, `sub/..` made the folder `sub`, and `foo/` left a
/// lock `.foo.lock` in the current folder, each before the save failed.
#[test]
fn a_state_file_written_as_a_folder_makes_nothing() {
    let home = Home::new();
    let base = home.path("home");
    let before = names_in(&base);
    for written in ["sub/..", "sub/.", "foo/", "sub/deeper/"] {
        let path = base.join(written);
        let output = run(&home, &on(&path, &["confirm", "ai-training"]));
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{written}: {err}");
        assert!(err.contains("names a folder"), "{written}: says why: {err}");
        assert_eq!(names_in(&base), before, "{written} made something");
        let output = run(&home, &on(&path, &["check"]));
        assert_eq!(output.status.code(), Some(2), "{written}");
    }
}

/// As the kernel's protected_symlinks does, a link another user left in a shared sticky folder
/// (such as /tmp) is not followed: the app reads links itself, so the kernel's own protection
/// does not apply to it. Before, root with `--state-file /tmp/x/state.json` created whatever
/// file the link named (`/etc/nologin` would lock everyone else out).
#[test]
fn a_link_another_user_left_in_a_shared_folder_is_not_followed() {
    if !common::is_root() {
        common::skip("a link owned by another user needs root (CI runs as root)");
        return;
    }
    let home = Home::new();
    let shared = home.path("shared");
    fs::create_dir(&shared).expect("mkdir");
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).expect("chmod");
    let protected = home.path("protected");
    fs::create_dir(&protected).expect("mkdir");
    let target = protected.join("nologin");
    let link = shared.join("state.json");
    symlink(&target, &link).expect("link");
    std::os::unix::fs::lchown(&link, Some(4242), Some(4242)).expect("lchown");

    let output = run(&home, &on(&link, &["confirm", "ai-training"]));
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("another user"), "says why: {err}");
    assert!(
        !target.exists(),
        "a file was created where the planted link pointed"
    );
    assert!(
        names_in(&protected).is_empty(),
        "{:?}",
        names_in(&protected)
    );

    // Root's own link there is followed, as the kernel would.
    std::os::unix::fs::lchown(&link, Some(0), Some(0)).expect("lchown");
    let output = run(&home, &on(&link, &["confirm", "ai-training"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(target.exists());
}

/// "Readable only by you": a member who ran it once with sudo (HOME kept, as `sudo -E` and older
/// sudo do) must still be able to read and save their record. Before, root's save made the
/// record root's own, 0600: the member's `status` said "0 of 2 done" and every save failed; a
/// first run under sudo made the whole folder root's.
#[test]
fn a_save_as_root_in_a_members_folder_leaves_everything_the_members() {
    if !common::is_root() {
        common::skip("saving as root for another user needs root (CI runs as root)");
        return;
    }
    const MEMBER: u32 = 4242;
    let home = Home::new();
    // The member must be able to reach the temp dir and run a copy of the binary.
    fs::set_permissions(home.dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let binary = home.path("bin").join("linkedin-optout");
    fs::copy(env!("CARGO_BIN_EXE_linkedin-optout"), &binary).expect("copied");
    fs::set_permissions(home.path("bin"), fs::Permissions::from_mode(0o755)).expect("chmod");
    let state = home.path("state");
    std::os::unix::fs::chown(&state, Some(MEMBER), Some(MEMBER)).expect("chown");
    let as_member = |args: &[&OsStr]| {
        let mut member = command(&home, &binary, args);
        // As root, std drops the supplementary groups when it sets the user.
        member.uid(MEMBER).gid(MEMBER);
        let child = member
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts as the member");
        finish(child, args)
    };

    // The first run ever is root's: the folder, the record and the lock it makes are the member's.
    let output = run(&home, &[OsStr::new("confirm"), OsStr::new("ai-training")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let folder = home.state_folder();
    for path in [
        folder.clone(),
        home.state_file(),
        folder.join(".state.json.lock"),
    ] {
        let metadata = fs::metadata(&path).expect("made");
        assert_eq!(
            (metadata.uid(), metadata.gid()),
            (MEMBER, MEMBER),
            "{} is root's",
            path.display()
        );
    }
    // The member reads and saves it.
    let output = as_member(&[OsStr::new("confirm"), OsStr::new("ad-sharing")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // Root saves again: the record stays the member's.
    let output = run(&home, &[OsStr::new("unconfirm"), OsStr::new("ad-sharing")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        fs::metadata(home.state_file()).expect("saved").uid(),
        MEMBER
    );
    let output = as_member(&[OsStr::new("status"), OsStr::new("--json")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let status: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(common::state_of(&status, "ai-training"), "confirmed");
    assert_eq!(common::state_of(&status, "ad-sharing"), "pending");
}

/// A record written by Windows Notepad (before 2019) starts with a byte-order mark. It is our
/// record, whole: before, it was called damaged and set aside, and the member's progress
/// vanished from the checklist.
#[test]
fn a_record_saved_with_a_byte_order_mark_is_read_as_the_record_it_is() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(RECORD.as_bytes());
    let progress = linkedin_optout::progress::parse(&bytes).expect("read");
    assert_eq!(
        progress.state("ai-training"),
        linkedin_optout::progress::ItemState::Confirmed
    );

    let home = Home::new();
    let path = home.path("home").join("state.json");
    fs::write(&path, &bytes).expect("written");
    let output = run(&home, &on(&path, &["confirm", "ad-sharing"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        names_in(&home.path("home")),
        [".state.json.lock", "state.json"]
    );
    let output = run(&home, &on(&path, &["status", "--json"]));
    let status: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(common::state_of(&status, "ai-training"), "confirmed");
    assert_eq!(common::state_of(&status, "ad-sharing"), "confirmed");
}

/// `forget` deletes "the profile's record, its lock and every copy kept beside it" — only its
/// own. Before, names that are not UTF-8 were compared after a lossy conversion, and names too
/// long to carry whole were cut short, so two records in one folder shared the names of their
/// kept copies, and `forget` of one deleted the other's.
#[test]
fn forget_deletes_only_its_own_records_copies_whatever_the_names() {
    let long = |end: &str| format!("{}{end}.json", "a".repeat(230));
    let pairs: [(Vec<u8>, Vec<u8>); 2] = [
        (b"rec\xff.json".to_vec(), b"rec\xfe.json".to_vec()),
        (long("1").into_bytes(), long("2").into_bytes()),
    ];
    for (mine, theirs) in pairs {
        let home = Home::new();
        let folder = home.path("home");
        let mine = folder.join(OsStr::from_bytes(&mine));
        let theirs = folder.join(OsStr::from_bytes(&theirs));
        // Both damaged, so a save keeps each aside as a copy.
        for path in [&mine, &theirs] {
            fs::write(path, br#"{"version":2,"items":{"#).expect("written");
            let output = run(&home, &on(path, &["confirm", "ai-training"]));
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        }
        let before = names_in(&folder);
        assert_eq!(
            before.len(),
            6,
            "two records, two locks, two copies: {before:?}"
        );
        let output = run(&home, &on(&mine, &["forget", "--yes"]));
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let left = names_in(&folder);
        assert_eq!(
            left.len(),
            3,
            "the other record, its lock and its copy stay: {left:?}"
        );
        assert!(theirs.exists());
    }
}

/// A terminal that goes away (an SSH connection dropped, a terminal window closed) is the most
/// ordinary way for the checklist to end over SSH: the change is saved and the app exits without
/// a crash. Before, writing to the dead terminal panicked (the summary, ratatui's own messages),
/// and the app died of SIGABRT: a crash report, or a core file where they are kept.
#[test]
fn a_terminal_that_hangs_up_ends_the_checklist_cleanly() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    let mut app = Checklist::start(&home, &record);
    app.keys(b" ");
    app.wait(|| fs::read_to_string(&record).is_ok_and(|r| r.contains("\"confirmed\"")));
    let status = app.hang_up();
    assert_eq!(
        status.signal(),
        None,
        "died of a signal: {}",
        tail(&app.shown())
    );
    assert!(
        [Some(1), Some(128 + libc::SIGHUP)].contains(&status.code()),
        "{status:?}: {}",
        tail(&app.shown())
    );
    let shown = app.shown();
    assert!(!shown.contains("panicked"), "{}", tail(&shown));
}

/// "Quitting or a crash never loses a confirmation": a change whose save is still running when
/// the terminal hangs up (here it waits for another instance's lock) is saved before the app
/// ends. Before, when the app noticed the hang-up as a failed read rather than as SIGHUP, it
/// returned at once and the save died with it.
#[test]
fn a_save_running_when_the_terminal_hangs_up_is_finished() {
    for _ in 0..3 {
        let home = Home::new();
        let record = home.path("home").join("state.json");
        let lock = home.path("home").join(".state.json.lock");
        let mut app = Checklist::start(&home, &record);
        let held = fs::File::create(&lock).expect("lock");
        held.lock().expect("held");
        app.keys(b" ");
        app.wait(|| app.shown().contains("Saving"));
        let releaser = thread::spawn(move || {
            thread::sleep(Duration::from_millis(700));
            drop(held);
        });
        let status = app.hang_up();
        releaser.join().expect("released");
        assert_eq!(
            status.signal(),
            None,
            "died of a signal: {}",
            tail(&app.shown())
        );
        let saved = fs::read_to_string(&record).unwrap_or_default();
        assert!(saved.contains("\"confirmed\""), "lost: {saved:?}");
    }
}

/// Ctrl-Z suspends "to the shell; fg brings it back". Run where no job-control shell is there to
/// bring it back (a command tmux or `ssh -t host linkedin-optout` runs directly, a shell script),
/// a stop could never be undone from the terminal, which is why the kernel ignores Ctrl-Z there.
/// Before, the app stopped itself anyway: a blank, frozen terminal that only a kill from
/// elsewhere could end.
#[test]
fn ctrl_z_without_a_shell_to_come_back_to_keeps_the_checklist_running() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    // The app leads its own session, as under `ssh -t host linkedin-optout`.
    let mut app = Checklist::start(&home, &record);
    app.keys(b"\x1a");
    app.wait(|| app.screen().contains("press q to quit"));
    let stat = fs::read_to_string(format!("/proc/{}/stat", app.child.id())).unwrap_or_default();
    let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
    assert_ne!(state, Some(Some('T')), "stopped: {stat}");
    app.keys(b"q");
    let status = app.exit();
    assert_eq!(status.code(), Some(0), "{}", app.screen());
}

/// `check` runs from shell start-up files and cron: it must end. `TZ` may name a file, which the
/// time-zone library reads whole; before, `TZ` naming a FIFO hung every command (and `TZ=/dev/zero`
/// ate memory until the system killed it). A time zone that cannot be read is UTC, as the C
/// library does.
#[test]
fn a_tz_that_names_something_other_than_a_file_never_hangs_a_command() {
    let home = Home::new();
    let fifo = home.path("home").join("zone");
    let name = std::ffi::CString::new(fifo.as_os_str().as_bytes()).expect("path");
    // SAFETY: mkfifo(3) with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let folder = home.path("home");
    for tz in [fifo.clone(), folder] {
        let mut with_colon = std::ffi::OsString::from(":");
        with_colon.push(&tz);
        for value in [tz.into_os_string(), with_colon] {
            let args = [OsStr::new("check")];
            let child = command(&home, env!("CARGO_BIN_EXE_linkedin-optout"), &args)
                .env("TZ", &value)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("starts");
            let output = finish(child, &args);
            assert_eq!(
                output.status.code(),
                Some(1),
                "TZ={value:?}: {}",
                text(&output.stderr)
            );
        }
    }
}

/// "No bytes from files or the environment reach the terminal as escape sequences." A value the
/// command line refuses is quoted back in the error, and a script may pass one it read from a
/// file or a variable (`linkedin-optout confirm "$id"`). Before, clap quoted it as typed, in a
/// terminal with its control characters: this one set the window's title and turned what
/// followed red. A pipe was safe only because clap strips escapes where it writes no colour.
#[test]
fn a_refused_argument_never_writes_escape_sequences_to_the_terminal() {
    let home = Home::new();
    let hostile = "\u{1b}]0;PWNED\u{7}\u{1b}[31mred";
    // Also beside bytes that are not UTF-8, which clap quotes lossily.
    let not_utf8 = OsStr::from_bytes(b"\xff\x1b]0;PWNED\x07\x1b[31mred");
    for args in [
        vec![OsStr::new("confirm"), OsStr::new(hostile)],
        vec![OsStr::new(hostile)],
        vec![not_utf8],
        vec![
            OsStr::new("--recheck-days"),
            OsStr::new(hostile),
            OsStr::new("status"),
        ],
        vec![
            OsStr::new("export"),
            OsStr::new("--format"),
            OsStr::new(hostile),
        ],
        vec![OsStr::new("status"), OsStr::new(hostile)],
    ] {
        let (master, slave) = open_pty(24, 80);
        let mut child = command(&home, env!("CARGO_BIN_EXE_linkedin-optout"), &args);
        child
            .env("TERM", "xterm-256color")
            .stdin(Stdio::null())
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        let child = child.spawn().expect("starts");
        // Only the child holds the slave side now: its exit ends what the master reads.
        let output = finish(child, &args);
        let mut master = fs::File::from(master);
        let mut shown = Vec::new();
        let mut buffer = [0u8; 4096];
        while let Ok(n) = master.read(&mut buffer) {
            if n == 0 {
                break;
            }
            shown.extend_from_slice(&buffer[..n]);
        }
        let shown = text(&shown);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {shown}");
        // Quoted, escaped as every message quotes outside text.
        assert!(
            shown.contains("\\u{1b}]0;PWNED\\u{7}\\u{1b}[31mred"),
            "{args:?}: {shown:?}"
        );
        assert!(
            !shown.contains("\u{1b}]") && !shown.contains('\u{7}'),
            "{args:?}: {shown:?}"
        );
    }
}

/// "No input, file, size, signal or environment makes it panic or hang; the terminal is always
/// restored." A terminal may say it is as large as 65535x65535 (a misbehaving emulator, `stty
/// rows 65535 cols 65535`), at start or on a resize. Before, the app asked for a screen buffer
/// of that many cells (206 GB): the allocation failed, the process aborted without its panic
/// hook, and the terminal was left in the alternate screen, in raw mode, with the mouse taken.
#[test]
fn a_terminal_that_says_it_is_huge_is_drawn_in_and_given_back() {
    let home = Home::new();
    let record = home.path("home").join("state.json");
    let mut app = Checklist::start_sized(&home, &record, u16::MAX, u16::MAX);
    app.keys(b" ");
    // Read what it draws meanwhile: a large frame does not fit in the terminal's buffer.
    app.wait(|| {
        app.drain();
        fs::read_to_string(&record).is_ok_and(|r| r.contains("\"confirmed\""))
    });
    app.keys(b"q");
    let status = app.exit();
    assert_eq!(status.code(), Some(0), "{status:?}: {}", tail(&app.shown()));
    assert!(app.shown().ends_with_restore(), "{}", tail(&app.shown()));

    // The same on a resize while it runs.
    let home = Home::new();
    let record = home.path("home").join("state.json");
    let mut app = Checklist::start(&home, &record);
    app.resize(u16::MAX, u16::MAX);
    app.keys(b"j");
    app.keys(b" ");
    // Read what it draws meanwhile: a large frame does not fit in the terminal's buffer.
    app.wait(|| {
        app.drain();
        fs::read_to_string(&record).is_ok_and(|r| r.contains("\"confirmed\""))
    });
    app.keys(b"q");
    let status = app.exit();
    assert_eq!(status.code(), Some(0), "{status:?}: {}", tail(&app.shown()));
    assert!(app.shown().ends_with_restore(), "{}", tail(&app.shown()));
}

/// Whether a transcript gives the terminal back: the alternate screen left and the mouse
/// released, after the last thing drawn.
trait EndsWithRestore {
    fn ends_with_restore(&self) -> bool;
}

impl EndsWithRestore for String {
    fn ends_with_restore(&self) -> bool {
        let left = self.rfind("\x1b[?1049l");
        let mouse_off = self.rfind("\x1b[?1000l");
        let last_entered = self.rfind("\x1b[?1049h");
        left.is_some() && mouse_off.is_some() && left > last_entered
    }
}

/// A clock set past the year 9999 (a broken RTC, a test rig) never crashes a command: jiff's
/// own `Timestamp::now` panics there. Before, every command aborted with exit 134.
#[test]
fn a_clock_past_the_year_9999_never_crashes_a_command() {
    let Some(faketime) = common::tool("faketime", true) else {
        return;
    };
    let home = Home::new();
    let record = home.path("home").join("state.json");
    for args in [&["confirm", "ai-training"][..], &["status"], &["check"]] {
        let mut all = vec![
            OsStr::new("9999-12-31 12:00:00"),
            OsStr::new(env!("CARGO_BIN_EXE_linkedin-optout")),
        ];
        all.extend(on(&record, args));
        let child = command(&home, &faketime, &all)
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        let output = finish(child, &all);
        let err = text(&output.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            matches!(output.status.code(), Some(0..=2)),
            "{args:?}: {:?} {err}",
            output.status
        );
    }
}

/// A relative `HOME` (`HOME=.`) is no home folder: a record there would land in whatever folder
/// the command runs in, a different one each time. Before, `.local/state/…` was made there.
#[test]
fn a_relative_home_is_no_home_folder() {
    let home = Home::new();
    let cwd = home.path("home");
    let output = command(
        &home,
        env!("CARGO_BIN_EXE_linkedin-optout"),
        &[OsStr::new("confirm"), OsStr::new("ai-training")],
    )
    .env("HOME", ".")
    .env_remove("XDG_STATE_HOME")
    .current_dir(&cwd)
    .stdin(Stdio::null())
    .output()
    .expect("ran");
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("not an absolute path"), "{err}");
    assert_eq!(
        names_in(&cwd),
        Vec::<String>::new(),
        "made something in the current folder"
    );
}

/// The checklist in a pseudo-terminal of its own, stderr included, read without a thread so
/// that dropping the master side is a real hang-up.
struct Checklist {
    child: Child,
    master: Option<fs::File>,
    shown: std::cell::RefCell<Vec<u8>>,
}

impl Checklist {
    fn start(home: &Home, record: &Path) -> Self {
        Self::start_sized(home, record, 24, 80)
    }

    fn start_sized(home: &Home, record: &Path, rows: u16, columns: u16) -> Self {
        let (master, slave) = open_pty(rows, columns);
        let mut app = command(
            home,
            env!("CARGO_BIN_EXE_linkedin-optout"),
            &on(record, &[]),
        );
        app.env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        // SAFETY: setsid and ioctl are async-signal-safe; the closure touches no memory.
        unsafe {
            app.pre_exec(|| {
                if libc::setsid() == -1 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = app.spawn().expect("starts");
        // The command holds the terminal's slave side; only the app may.
        drop(app);
        let checklist = Self {
            child,
            master: Some(fs::File::from(master)),
            shown: std::cell::RefCell::default(),
        };
        checklist.wait(|| checklist.shown().contains("of 2 done"));
        checklist
    }

    /// Everything the app wrote so far, read now.
    fn shown(&self) -> String {
        self.drain();
        text(&self.shown.borrow())
    }

    /// Reads what the app wrote so far, so it never blocks on a full terminal, without making
    /// text of it: a transcript of huge frames is megabytes.
    fn drain(&self) {
        let mut buffer = [0u8; 65536];
        if let Some(mut master) = self.master.as_ref() {
            // Non-blocking: WouldBlock ends it.
            while let Ok(n) = master.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                self.shown.borrow_mut().extend_from_slice(&buffer[..n]);
            }
        }
    }

    /// The screen as a terminal would show it now.
    fn screen(&self) -> String {
        let size = |n| std::num::NonZeroU16::new(n).expect("not zero");
        let mut parser = vt100::Parser::new(size(24), size(80), 0);
        parser.process(self.shown().as_bytes());
        parser.screen().contents()
    }

    /// Resizes the terminal as a window would: the kernel tells the app with SIGWINCH.
    fn resize(&mut self, rows: u16, columns: u16) {
        let master = self.master.as_ref().expect("not hung up");
        let size = libc::winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ on our own open master side, with a valid winsize.
        let set = unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(set, 0, "resized");
    }

    fn keys(&mut self, keys: &[u8]) {
        let master = self.master.as_mut().expect("not hung up");
        std::io::Write::write_all(master, keys).expect("typed");
    }

    fn wait(&self, done: impl Fn() -> bool) {
        let started = Instant::now();
        while !done() {
            assert!(
                started.elapsed() < PATIENCE,
                "timed out: {}",
                tail(&self.shown())
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the app to end by itself, reading what it writes meanwhile. The terminal stays
    /// open: closing it could discard keys the app has not read yet.
    fn exit(&mut self) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            self.drain();
            if let Some(status) = self.child.try_wait().expect("waitable") {
                return status;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "the app did not exit: {}",
                tail(&self.shown())
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the master side, the terminal's last descriptor, and waits for the app to end.
    fn hang_up(&mut self) -> std::process::ExitStatus {
        let _ = self.shown();
        self.master = None;
        self.exit()
    }
}

impl Drop for Checklist {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A pseudo-terminal of `rows` x `columns`: its master side (non-blocking) and its slave side.
fn open_pty(rows: u16, columns: u16) -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty(3) with valid out-pointers, no name buffer and no termios.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty");
    // SAFETY: openpty returned two open descriptors that nothing else owns.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // SAFETY: fcntl(2) on descriptors we own. Close-on-exec, so no program started meanwhile
    // (the app itself, or another test's) keeps the master open and the hang-up from happening.
    unsafe {
        let flags = libc::fcntl(master.as_raw_fd(), libc::F_GETFL);
        libc::fcntl(master.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK);
        for fd in [master.as_raw_fd(), slave.as_raw_fd()] {
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
    }
    (master, slave)
}
