//! `peak REPORT PROGRAM [ARGS...]`: runs PROGRAM with this process's input and output, then
//! writes to the file REPORT one line, "<wall ns> <peak RSS KiB> <CPU µs> <wait status>", and
//! exits as PROGRAM did. Not part of the app: the benchmarks' stopwatch.
//!
//! Why a program of its own: on Linux a child's peak memory as `wait4` reports it starts from
//! its parent's peak at the spawn (exec records the memory it replaces), so a benchmark that
//! holds a large record would report its own size for every program it runs. Spawned from this
//! small process instead, a program's figure is its own (or this process's, about 1 MiB, if
//! that is larger).

#[cfg(unix)]
// Reaped by wait4, which std's `Child::wait` cannot replace: it does not give the rusage.
#[allow(clippy::zombie_processes)]
fn main() -> std::process::ExitCode {
    use std::process::{Command, ExitCode};
    use std::time::{Duration, Instant};

    let mut args = std::env::args_os().skip(1);
    let (Some(report), Some(program)) = (args.next(), args.next()) else {
        eprintln!("usage: peak REPORT PROGRAM [ARGS...]");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let child = match Command::new(&program).args(args).spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("peak: cannot run {}: {e}", program.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return ExitCode::from(2);
    };
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child spawned above; both pointers are valid for the call.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let wall = start.elapsed();
    if waited != pid {
        eprintln!("peak: wait4 failed: {}", std::io::Error::last_os_error());
        return ExitCode::from(2);
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    let line = format!(
        "{} {} {} {status}\n",
        wall.as_nanos(),
        usage.ru_maxrss,
        cpu.as_micros()
    );
    if let Err(e) = std::fs::write(&report, line) {
        eprintln!("peak: cannot write {}: {e}", report.to_string_lossy());
        return ExitCode::from(2);
    }
    if libc::WIFEXITED(status) {
        ExitCode::from(u8::try_from(libc::WEXITSTATUS(status)).unwrap_or(2))
    } else {
        ExitCode::from(2)
    }
}

#[cfg(not(unix))]
fn main() {
    eprintln!("peak runs on Unix only, as the benchmarks do");
}
