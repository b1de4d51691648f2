//! Start-to-quit time, peak memory and binary size of the release app, each against the floor:
//! `examples/bare.rs`, a bare ratatui program that draws the two titles and waits for `q`. Both
//! run the same way, alternately, in a pseudo-terminal. Ends by checking the budgets.
//!
//! Run with `cargo bench --bench startup`.
// It measures in a pseudo-terminal with wait4's rusage, which only Unix has: elsewhere `main`
// says so, and the rest goes unused.
#![cfg_attr(not(unix), allow(dead_code, unused_imports))]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 41;
/// Start-to-quit may take at most this many times the bare program's.
const TIME_BUDGET: f64 = 1.5;
/// Peak memory may be at most this many times the bare program's.
const MEMORY_BUDGET: f64 = 2.0;
/// The release binary may be at most this big.
const SIZE_BUDGET: u64 = 3 * 1024 * 1024;

/// One run: how long from spawn to exit, and the peak resident memory in KiB.
struct Run {
    time: Duration,
    peak_kib: i64,
    cpu: Duration,
}

#[cfg(unix)]
fn run_once(program: &Path, home: &Path) -> Run {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(program);
    command.env_clear();
    command.env("PATH", home.join("nobin"));
    command.env("HOME", home);
    command.env("XDG_STATE_HOME", home.join("state"));
    command.env("TERM", "xterm-256color");
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let start = Instant::now();
    let child = pty.slave.spawn_command(command).expect("spawned");
    drop(pty.slave);
    let pid = libc::pid_t::try_from(child.process_id().expect("pid")).expect("pid fits");
    // Drain the screen so the program never blocks on a full pty.
    thread::spawn(move || {
        let mut sink = [0u8; 8192];
        while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
    });
    // Press q at once; again every 50 ms in case it arrived before the program listened.
    let done = Arc::new(AtomicBool::new(false));
    let pressing = Arc::clone(&done);
    thread::spawn(move || {
        while !pressing.load(Ordering::Relaxed) {
            let _ = writer.write_all(b"q").and_then(|()| writer.flush());
            thread::sleep(Duration::from_millis(50));
        }
    });
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child this function spawned; both pointers are valid for the call.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let time = start.elapsed();
    done.store(true, Ordering::Relaxed);
    assert_eq!(waited, pid, "waited for the program");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} did not exit cleanly: {status}",
        program.display()
    );
    let seconds = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Run {
        time,
        peak_kib: usage.ru_maxrss,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    }
}

fn median<T: Copy + Ord>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    values[values.len() / 2]
}

/// Builds the bare program with the same profile as this benchmark.
fn bare_program() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--example", "bare"])
        .current_dir(manifest)
        .status()
        .expect("cargo runs");
    assert!(built.success(), "the bare example builds");
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("target"), PathBuf::from)
        .join("release")
        .join("examples")
        .join("bare")
}

#[cfg(not(unix))]
fn main() {
    eprintln!("skipped: the startup benchmark measures in a pseudo-terminal, which is Unix's");
}

#[cfg(unix)]
fn main() {
    // `cargo test --benches` passes no --bench: then only check that both programs run.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let runs = if measuring { RUNS } else { 1 };
    let app = PathBuf::from(env!("CARGO_BIN_EXE_linkedin-optout"));
    let bare = bare_program();
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(home.path().join("nobin")).expect("mkdir");

    let (mut app_runs, mut bare_runs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        bare_runs.push(run_once(&bare, home.path()));
        app_runs.push(run_once(&app, home.path()));
    }
    let time = |runs: &[Run]| median(runs.iter().map(|r| r.time).collect());
    let peak = |runs: &[Run]| median(runs.iter().map(|r| r.peak_kib).collect());
    let size = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);

    let cpu = |runs: &[Run]| median(runs.iter().map(|r| r.cpu).collect());
    let (app_time, bare_time) = (time(&app_runs), time(&bare_runs));
    let (app_peak, bare_peak) = (peak(&app_runs), peak(&bare_runs));
    let time_ratio = app_time.as_secs_f64() / bare_time.as_secs_f64();
    #[allow(clippy::cast_precision_loss)]
    let memory_ratio = app_peak as f64 / bare_peak as f64;
    let app_size = size(&app);
    println!("startup, median of {runs} runs each, app against a bare ratatui program:");
    println!(
        "  start to quit: app {:.1} ms, bare {:.1} ms, ratio {time_ratio:.2}x (budget {TIME_BUDGET}x)",
        app_time.as_secs_f64() * 1000.0,
        bare_time.as_secs_f64() * 1000.0
    );
    println!(
        "  CPU time:      app {:.1} ms, bare {:.1} ms (for reading the above)",
        cpu(&app_runs).as_secs_f64() * 1000.0,
        cpu(&bare_runs).as_secs_f64() * 1000.0
    );
    println!(
        "  peak memory:   app {app_peak} KiB, bare {bare_peak} KiB, ratio {memory_ratio:.2}x \
         (budget {MEMORY_BUDGET}x)"
    );
    println!(
        "  binary:        app {app_size} bytes, bare {} bytes (budget {SIZE_BUDGET})",
        size(&bare)
    );
    if measuring {
        assert!(time_ratio <= TIME_BUDGET, "start-to-quit is over budget");
        assert!(memory_ratio <= MEMORY_BUDGET, "peak memory is over budget");
        assert!(app_size <= SIZE_BUDGET, "the binary is over budget");
    }
}
