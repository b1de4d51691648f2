//! Start-to-quit time, peak memory and binary size of the release app, each against the floor:
//! `examples/bare.rs`, a bare ratatui program that draws the two titles and waits for `q`. Both
//! run the same way, alternately, in a pseudo-terminal: timed as started from here, and again
//! through `examples/peak.rs` to read their peak memory. Then the idle app's system calls are
//! counted with strace. Ends by checking the budgets.
//!
//! Run with `cargo bench --bench startup`; `BENCH_APP=path/to/linkedin-optout cargo bench --bench
//! startup` measures another build (an older commit's, say) against the same floor.

mod common;

// They run programs in pseudo-terminals and read their peak memory through wait4, which only Unix
// has; elsewhere `main` says so.
#[cfg(unix)]
mod unix {

    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::thread;
    use std::time::{Duration, Instant};

    use super::common::{self, Run, median};
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};

    const RUNS: usize = 41;
    /// Start-to-quit may take at most this many times the bare program's.
    const TIME_BUDGET: f64 = 1.5;
    /// Peak memory may be at most this many times the bare program's.
    const MEMORY_BUDGET: f64 = 2.0;
    /// The release binary may be at most this big.
    const SIZE_BUDGET: u64 = 3 * 1024 * 1024;

    /// What one run found.
    struct Started {
        /// From spawning it in the pseudo-terminal to reaping it, as a shell that starts a program
        /// sees it (the clock the time budget was set with).
        time: Duration,
        /// What `peak` saw, when the run went through it.
        peak: Option<Run>,
    }

    /// Runs `program` in a fresh pseudo-terminal, pressing q until it quits; through `peak` when
    /// given, to read its peak memory (which, spawned from this large process, would include ours).
    fn run_once(peak: Option<&Path>, program: &Path, home: &Path) -> Started {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let report = home.join("report");
        let mut command = match peak {
            Some(peak) => {
                let mut command = CommandBuilder::new(peak);
                command.arg(&report);
                command.arg(program);
                command
            }
            None => CommandBuilder::new(program),
        };
        command.env_clear();
        command.env("PATH", home.join("nobin"));
        command.env("HOME", home);
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("TERM", "xterm-256color");
        // A member's usual terminal: UTF-8 (without it the app folds every text to ASCII).
        command.env("LANG", "C.UTF-8");
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let mut writer = pty.master.take_writer().expect("writer");
        let start = Instant::now();
        let mut child = pty.slave.spawn_command(command).expect("spawned");
        drop(pty.slave);
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
        let exited = child.wait().expect("waited for the program");
        let time = start.elapsed();
        done.store(true, Ordering::Relaxed);
        let peak = peak.map(|_| common::read_report(&report));
        assert!(
            exited.success() && peak.is_none_or(|run| run.status == 0),
            "{} did not exit cleanly: {exited:?}",
            program.display()
        );
        Started { time, peak }
    }

    pub fn main() {
        // `cargo test --benches` passes no --bench: then only check that both programs run.
        let measuring = std::env::args().any(|arg| arg == "--bench");
        let runs = if measuring { RUNS } else { 1 };
        // BENCH_APP=path measures another build of the app (an older commit's) the same way.
        let app = std::env::var_os("BENCH_APP")
            .filter(|path| !path.is_empty())
            .map_or_else(
                || PathBuf::from(env!("CARGO_BIN_EXE_linkedin-optout")),
                PathBuf::from,
            );
        let bare = common::example("bare");
        let peak = common::example("peak");
        let home = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(home.path().join("nobin")).expect("mkdir");

        let true_program = Path::new("/bin/true");
        // The least any program can show: `true` through peak, in the same pseudo-terminal set-up.
        let floor_kib = run_once(Some(&peak), true_program, home.path())
            .peak
            .map_or(0, |run| run.peak_kib);
        // Alternately, each program timed as a shell starts it, then measured through peak.
        let (mut app_runs, mut bare_runs) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            for (program, measured) in [(&bare, &mut bare_runs), (&app, &mut app_runs)] {
                let timed = run_once(None, program, home.path());
                let through_peak = run_once(Some(&peak), program, home.path());
                measured.push((timed.time, through_peak.peak.expect("peak's report")));
            }
        }
        let time = |runs: &[(Duration, Run)]| median(&runs.iter().map(|r| r.0).collect::<Vec<_>>());
        let alone =
            |runs: &[(Duration, Run)]| median(&runs.iter().map(|r| r.1.time).collect::<Vec<_>>());
        let peak_kib = |runs: &[(Duration, Run)]| {
            median(&runs.iter().map(|r| r.1.peak_kib).collect::<Vec<_>>())
        };
        let size = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);

        let (app_time, bare_time) = (time(&app_runs), time(&bare_runs));
        let (app_peak, bare_peak) = (peak_kib(&app_runs), peak_kib(&bare_runs));
        let time_ratio = app_time.as_secs_f64() / bare_time.as_secs_f64();
        let (app_alone, bare_alone) = (alone(&app_runs), alone(&bare_runs));
        #[allow(clippy::cast_precision_loss)]
        let memory_ratio = app_peak as f64 / bare_peak as f64;
        let app_size = size(&app);
        println!("startup, median of {runs} runs each, app against a bare ratatui program:");
        println!(
            "  start to quit: app {:.1} ms, bare {:.1} ms, ratio {time_ratio:.2}x (budget {TIME_BUDGET}x)",
            ms(app_time),
            ms(bare_time)
        );
        println!(
            "  the program alone (peak's clock, from its exec to its exit): app {:.1} ms, bare {:.1} \
             ms, ratio {:.2}x",
            ms(app_alone),
            ms(bare_alone),
            app_alone.as_secs_f64() / bare_alone.as_secs_f64()
        );
        println!(
            "  peak memory:   app {app_peak} KiB, bare {bare_peak} KiB, ratio {memory_ratio:.2}x \
             (budget {MEMORY_BUDGET}x; no program reads below {floor_kib} KiB here)"
        );
        println!(
            "  binary:        app {app_size} bytes, bare {} bytes (budget {SIZE_BUDGET})",
            size(&bare)
        );
        if !measuring {
            return;
        }
        let idle = idle_system_calls(&app, home.path());
        match idle {
            Some((idle, control)) => println!(
                "  idle:          {idle} system calls in {} s waiting for a key (a key press, as a \
                 control: {control})",
                IDLE_WATCH.as_secs()
            ),
            None => println!("  idle:          not measured (strace is missing or may not attach)"),
        }
        let mut over = Vec::new();
        let mut check = |holds: bool, what: &str| {
            println!("  {} {what}", if holds { "ok  " } else { "OVER" });
            if !holds {
                over.push(what.to_owned());
            }
        };
        println!("budgets:");
        check(time_ratio <= TIME_BUDGET, "start to quit");
        check(memory_ratio <= MEMORY_BUDGET, "peak memory");
        check(app_size <= SIZE_BUDGET, "binary size");
        if let Some((idle, control)) = idle {
            check(idle == 0 && control > 0, "no system calls while idle");
        }
        if !over.is_empty() {
            eprintln!("over budget: {}", over.join(", "));
            std::process::exit(1);
        }
    }

    fn ms(time: Duration) -> f64 {
        time.as_secs_f64() * 1000.0
    }

    /// How long strace watches the idle app.
    const IDLE_WATCH: Duration = Duration::from_secs(5);

    /// Starts the app, lets it draw, and counts its system calls (every thread) with `strace -f -c`
    /// over `IDLE_WATCH` while it waits for a key; then, as a control that the count can fail, over
    /// one second in which `j` is pressed. `None` when strace is missing or may not attach.
    fn idle_system_calls(app: &Path, home: &Path) -> Option<(u64, u64)> {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(app);
        command.env_clear();
        command.env("PATH", home.join("nobin"));
        command.env("HOME", home);
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let mut writer = pty.master.take_writer().expect("writer");
        let mut child = pty.slave.spawn_command(command).expect("spawned");
        drop(pty.slave);
        thread::spawn(move || {
            let mut sink = [0u8; 8192];
            while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
        });
        let pid = child.process_id().expect("pid");
        thread::sleep(Duration::from_millis(500));
        let idle = count_system_calls(pid, home, IDLE_WATCH, || {});
        let control = count_system_calls(pid, home, Duration::from_secs(1), || {
            thread::sleep(Duration::from_millis(300));
            let _ = writer.write_all(b"j").and_then(|()| writer.flush());
        });
        let _ = writer.write_all(b"q").and_then(|()| writer.flush());
        let _ = child.wait();
        Some((idle?, control?))
    }

    /// Attaches `strace -f -c` to `pid` for `watch`, doing `meanwhile`, and returns how many system
    /// calls it counted; `None` if strace could not run or attach.
    fn count_system_calls(
        pid: u32,
        home: &Path,
        watch: Duration,
        meanwhile: impl FnOnce(),
    ) -> Option<u64> {
        let summary = home.join("strace-summary");
        let _ = std::fs::remove_file(&summary);
        let strace = std::process::Command::new("strace")
            .args(["-f", "-c", "-o"])
            .arg(&summary)
            .args(["-p", &pid.to_string()])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .ok()?;
        let started = std::time::Instant::now();
        meanwhile();
        thread::sleep(watch.saturating_sub(started.elapsed()));
        let strace_pid = libc::pid_t::try_from(strace.id()).ok()?;
        // SAFETY: sends SIGINT to the strace this function spawned, which then detaches and writes
        // its summary.
        unsafe { libc::kill(strace_pid, libc::SIGINT) };
        let output = strace.wait_with_output().ok()?;
        if !String::from_utf8_lossy(&output.stderr).contains("attached") {
            return None;
        }
        // No summary at all when nothing was called; otherwise its last line is the total.
        let text = std::fs::read_to_string(&summary).unwrap_or_default();
        let total = text.lines().find(|line| line.trim_end().ends_with("total"));
        Some(total.map_or(0, |line| {
            // "100.00 0.000000 0 10 1 total": the fourth column is the number of calls.
            line.split_whitespace()
                .nth(3)
                .and_then(|calls| calls.parse().ok())
                .unwrap_or(0)
        }))
    }
}

#[cfg(unix)]
fn main() {
    unix::main();
}

#[cfg(not(unix))]
fn main() {
    println!("The start-to-quit, memory and idle checks run on Unix only: skipped.");
}
