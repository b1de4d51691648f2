//! How the record's cost grows with its history (issue 8, "Scale"): loading, saving one change,
//! `status` and `export --format json` at 10, 10^3, 10^5 and 10^6 history events, in process
//! (criterion) and as whole commands of the release binary (plain timing loops, every size and
//! command run in turn each round, medians reported); the export's peak memory; and the
//! checklist answering a key while a save runs, driven in a pseudo-terminal. Ends by printing
//! the figures and checking the budgets.
//!
//! Run with `cargo bench --bench scale` (about five minutes). Records are made with the library
//! (`Progress::apply`, `progress::to_json`) in a temp dir on the same disk as the member's home.

mod common;

// They run programs in pseudo-terminals and read their peak memory through wait4, which only Unix
// has; elsewhere `main` says so.
#[cfg(unix)]
mod unix {

    use std::ffi::OsString;
    use std::fs;
    use std::io::{self, Read, Write};
    use std::num::NonZeroU16;
    use std::os::unix::fs::MetadataExt;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::{Duration, Instant};

    use super::common::{self, Run, median};
    use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode};
    use jiff::tz::TimeZone;
    use jiff::{SignedDuration, Timestamp};
    use linkedin_optout::args::ExportFormat;
    use linkedin_optout::catalog::Catalog;
    use linkedin_optout::cli::{self, Context, Output};
    use linkedin_optout::io::SystemClock;
    use linkedin_optout::language::Language;
    use linkedin_optout::progress::{self, Change, EventKind, Progress};
    use linkedin_optout::store::{Access, FileStore, ProfileFiles, Store};
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};

    /// History sizes measured, in events.
    const SIZES: [usize; 4] = [10, 1_000, 100_000, 1_000_000];
    /// The size the absolute budgets are set at.
    const BUDGET_SIZE: usize = 100_000;
    /// Rounds of whole commands; each round runs every command at every size once.
    const ROUNDS: usize = 11;
    /// Cost per event at 10^6 may be at most this many times the cost per event at 10^5.
    const GROWTH_BUDGET: f64 = 2.0;
    /// A whole `status` at 10^5 events, median.
    const STATUS_BUDGET: Duration = Duration::from_millis(100);
    /// A whole `confirm` at 10^5 events, median.
    const CONFIRM_BUDGET: Duration = Duration::from_millis(300);
    /// `export --format json`'s peak memory above a tiny command's, as a multiple of the file size.
    const EXPORT_MEMORY_BUDGET: f64 = 3.0;
    /// How soon a key pressed while a save runs must be on screen.
    const KEY_BUDGET: Duration = Duration::from_millis(50);
    /// Key presses measured while a save runs, per size.
    const KEY_TRIES: usize = 5;

    /// The first of the record's moments; each event is a minute after the one before, so a
    /// history of 10^6 events ends about two years later, long before now.
    fn start() -> Timestamp {
        Timestamp::from_second(1_577_836_800).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// Events are built in chunks of this many per item: `Progress::apply` looks for the change in
    /// the item's whole history (so a retry never doubles it), so one long run would be quadratic.
    const CHUNK: usize = 1_000;

    /// A record with `events` history events, split between the two opt-outs, each a member who
    /// opened, confirmed, opened again and took the confirmation back, over and over: both end
    /// "opened", so Space confirms at once.
    fn record(events: usize) -> Progress {
        const CYCLE: [EventKind; 4] = [
            EventKind::Opened,
            EventKind::Confirmed,
            EventKind::Opened,
            EventKind::Unconfirmed,
        ];
        let ids = ["ai-training", "ad-sharing"];
        let mut progress = Progress::default();
        for (which, id) in ids.into_iter().enumerate() {
            let count = events / 2 + if which == 0 { events % 2 } else { 0 };
            let mut history = Vec::with_capacity(count);
            let mut done = 0;
            while done < count {
                let mut chunk = Progress::default();
                for n in done..(done + CHUNK).min(count) {
                    let minutes = i64::try_from(n * 2 + which).unwrap_or(i64::MAX);
                    let at = start()
                        .checked_add(SignedDuration::from_mins(minutes))
                        .unwrap_or_else(|_| start());
                    chunk.apply(&Change::item(id, CYCLE[n % CYCLE.len()], at, 1));
                }
                let mut last = chunk.items.remove(id).unwrap_or_default();
                done += last.history.len();
                history.append(&mut last.history);
                // The newest chunk's summary is the record's summary.
                progress.items.insert(id.to_owned(), last);
            }
            if let Some(item) = progress.items.get_mut(id) {
                item.history = history;
            }
        }
        progress
    }

    /// One record on disk, in a folder of its own.
    struct Sized {
        events: usize,
        path: PathBuf,
        /// The record as written, to put back after a save.
        bytes: Vec<u8>,
    }

    fn write_records(dir: &Path, sizes: &[usize]) -> Vec<Sized> {
        sizes
            .iter()
            .map(|&events| {
                let folder = dir.join(format!("events-{events}"));
                fs::create_dir_all(&folder).expect("mkdir");
                let path = folder.join("state.json");
                let bytes = progress::to_json(&record(events));
                fs::write(&path, &bytes).expect("record written");
                Sized {
                    events,
                    path,
                    bytes,
                }
            })
            .collect()
    }

    /// Puts the record back as generated, synced, so the next save's fsync flushes only its own
    /// writes.
    fn restore(sized: &Sized) {
        let mut file = fs::File::create(&sized.path).expect("record opened");
        file.write_all(&sized.bytes).expect("record restored");
        file.sync_all().expect("record synced");
    }

    /// Runs a read-only command in process, as `main` would, writing into nothing.
    fn command_in_process(catalog: &Catalog, path: &Path, run: fn(&Context, &mut Output) -> u8) {
        let (store, loaded) = FileStore::open(path.to_path_buf(), Access::ReadOnly);
        assert!(loaded.notice.is_none(), "the record loads cleanly");
        let profiles = ProfileFiles::new(path.to_path_buf());
        let ctx = Context {
            catalog,
            profile: "default",
            profiles: &profiles,
            store: &store,
            loaded,
            clock: &SystemClock,
            recheck_days: 365,
            time_zone: TimeZone::UTC,
            system_language: Language::English,
        };
        let (mut out, mut err) = (io::sink(), io::sink());
        let code = run(
            &ctx,
            &mut Output {
                out: &mut out,
                err: &mut err,
            },
        );
        assert_eq!(code, cli::exit::OK, "the command succeeds");
    }

    fn in_process(c: &mut Criterion, records: &[Sized]) {
        let catalog = Catalog::shipped().expect("the shipped catalog is valid");
        let mut group = c.benchmark_group("scale");
        group.sampling_mode(SamplingMode::Flat);
        for sized in records {
            let events = sized.events;
            // Big records take about a second an iteration: criterion's fewest samples will do.
            if events >= 100_000 {
                group.sample_size(10);
                group.measurement_time(Duration::from_secs(if events >= 1_000_000 {
                    12
                } else {
                    4
                }));
            } else {
                group.sample_size(30);
                group.measurement_time(Duration::from_secs(3));
            }
            group.bench_function(BenchmarkId::new("load", events), |b| {
                b.iter(|| FileStore::open(sized.path.clone(), Access::ReadOnly));
            });
            // One change on top of the record, with every fsync, as the checklist's worker and
            // `confirm` save; the record is put back before each, untimed.
            let (store, _) = FileStore::open(sized.path.clone(), Access::ReadWrite);
            group.bench_function(BenchmarkId::new("save", events), |b| {
                b.iter_batched(
                    || restore(sized),
                    |()| {
                        let change =
                            Change::item("ai-training", EventKind::Confirmed, Timestamp::now(), 1);
                        store.save(&[change]).expect("saved")
                    },
                    BatchSize::PerIteration,
                );
            });
            restore(sized);
            group.bench_function(BenchmarkId::new("status", events), |b| {
                b.iter(|| {
                    command_in_process(&catalog, &sized.path, |ctx, out| {
                        cli::status(ctx, out, false)
                    })
                });
            });
            group.bench_function(BenchmarkId::new("export-json", events), |b| {
                b.iter(|| {
                    command_in_process(&catalog, &sized.path, |ctx, out| {
                        cli::export(ctx, out, ExportFormat::Json)
                    });
                });
            });
        }
        group.finish();
    }

    /// Runs the release app with `args` through `peak`, in a clean environment, output thrown
    /// away.
    fn run_command(peak: &Path, home: &Path, args: &[OsString]) -> Run {
        let report = home.join("report");
        let output = Command::new(peak)
            .arg(&report)
            .arg(env!("CARGO_BIN_EXE_linkedin-optout"))
            .args(args)
            .env_clear()
            .env("PATH", home.join("nobin"))
            .env("HOME", home)
            .env("XDG_STATE_HOME", home.join("state"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("the app starts");
        let run = common::read_report(&report);
        assert!(
            output.status.success() && run.status == 0,
            "{args:?} failed ({}): {}",
            run.status,
            String::from_utf8_lossy(&output.stderr)
        );
        run
    }

    /// The whole commands measured at each size.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Whole {
        Status,
        ExportJson,
        Confirm,
        /// Run after each confirm so the record stays the size it was; not reported.
        Unconfirm,
    }

    impl Whole {
        const ALL: [Self; 4] = [
            Self::Status,
            Self::ExportJson,
            Self::Confirm,
            Self::Unconfirm,
        ];

        fn args(self, path: &Path) -> Vec<OsString> {
            let mut args: Vec<OsString> = vec!["--state-file".into(), path.into()];
            args.extend(
                match self {
                    Self::Status => &["status"][..],
                    Self::ExportJson => &["export", "--format", "json"],
                    Self::Confirm => &["confirm", "ai-training"],
                    Self::Unconfirm => &["unconfirm", "ai-training"],
                }
                .iter()
                .map(OsString::from),
            );
            args
        }

        fn name(self) -> &'static str {
            match self {
                Self::Status => "status",
                Self::ExportJson => "export --format json",
                Self::Confirm => "confirm",
                Self::Unconfirm => "unconfirm",
            }
        }
    }

    /// Whole commands: each round runs a tiny command (an export of no record, the floor) and then
    /// every command at every size, so a busy moment on the shared machine hits all of them alike.
    /// Returns, per size and command, the runs; and the floor's runs.
    fn whole_commands(
        peak: &Path,
        home: &Path,
        records: &[Sized],
        rounds: usize,
    ) -> (Vec<Vec<Vec<Run>>>, Vec<Run>) {
        let nothing = home.join("nothing").join("state.json");
        let mut runs = vec![vec![Vec::new(); Whole::ALL.len()]; records.len()];
        let mut floor = Vec::new();
        for _ in 0..rounds {
            floor.push(run_command(peak, home, &Whole::ExportJson.args(&nothing)));
            for (at, sized) in records.iter().enumerate() {
                for (which, whole) in Whole::ALL.into_iter().enumerate() {
                    runs[at][which].push(run_command(peak, home, &whole.args(&sized.path)));
                }
            }
        }
        (runs, floor)
    }

    /// A key pressed while a save runs: how soon it was on screen, and how long the save took.
    struct KeyWhileSaving {
        /// From pressing `j` to the selection drawn on the next row.
        key: Duration,
        /// From pressing Space to the record replaced on disk, if it was.
        save: Option<Duration>,
        /// Whether `j` was on screen before the record was replaced.
        key_first: bool,
    }

    /// Starts the checklist on `sized`'s record in a pseudo-terminal, presses Space (confirm: a save
    /// starts on the worker) and at once `j`, and times the selection moving on screen and the
    /// record being replaced on disk.
    fn key_while_saving(home: &Path, sized: &Sized) -> KeyWhileSaving {
        const ROWS: NonZeroU16 = NonZeroU16::new(24).expect("not zero");
        const COLUMNS: NonZeroU16 = NonZeroU16::new(80).expect("not zero");
        restore(sized);
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS.get(),
                cols: COLUMNS.get(),
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_linkedin-optout"));
        command.arg("--state-file");
        command.arg(&sized.path);
        command.env_clear();
        command.env("PATH", home.join("nobin"));
        command.env("HOME", home);
        command.env("XDG_STATE_HOME", home.join("state"));
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        let mut child = pty.slave.spawn_command(command).expect("the app starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let mut writer = pty.master.take_writer().expect("writer");

        // The screen, and when the selection was first seen on each row.
        let screen = Arc::new(Mutex::new((
            vt100::Parser::new(ROWS, COLUMNS, 0),
            Vec::<(u16, Instant)>::new(),
        )));
        let feed = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let now = Instant::now();
                let mut guard = feed
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let (parser, seen) = &mut *guard;
                parser.process(&buffer[..n]);
                if let Some(row) = selected_row(parser.screen())
                    && seen.last().is_none_or(|(last, _)| *last != row)
                {
                    seen.push((row, now));
                }
            }
        });
        let first_row = wait_for(Duration::from_secs(30), || {
            let guard = screen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            guard.1.first().map(|(row, _)| *row)
        })
        .unwrap_or_else(|| {
            let guard = screen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            panic!("no checklist on screen:\n{}", guard.0.screen().contents())
        });
        // Let the first frame settle.
        thread::sleep(Duration::from_millis(300));

        // Watch the record: a save renames a new file into place, so its inode changes.
        let inode = fs::metadata(&sized.path).expect("record").ino();
        let watching = Arc::new(AtomicBool::new(true));
        let saved_at = Arc::new(Mutex::new(None));
        let watcher = {
            let (path, watching, saved_at) = (
                sized.path.clone(),
                Arc::clone(&watching),
                Arc::clone(&saved_at),
            );
            thread::spawn(move || {
                while watching.load(Ordering::Relaxed) {
                    if fs::metadata(&path).is_ok_and(|m| m.ino() != inode) {
                        *saved_at
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) =
                            Some(Instant::now());
                        return;
                    }
                    thread::sleep(Duration::from_micros(200));
                }
            })
        };
        let space = Instant::now();
        writer
            .write_all(b" ")
            .and_then(|()| writer.flush())
            .expect("Space");
        let j = Instant::now();
        writer
            .write_all(b"j")
            .and_then(|()| writer.flush())
            .expect("j");
        let moved = wait_for(Duration::from_secs(30), || {
            let guard = screen
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            guard
                .1
                .iter()
                .find(|(row, at)| *row > first_row && *at >= j)
                .map(|(_, at)| *at)
        })
        .expect("j moved the selection");
        // The save finishes (or fails) within the lock wait.
        let _ = wait_for(Duration::from_secs(30), || {
            *saved_at
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        watching.store(false, Ordering::Relaxed);
        let _ = watcher.join();
        let saved = *saved_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);

        let _ = writer.write_all(b"q").and_then(|()| writer.flush());
        if wait_for(Duration::from_secs(30), || child.try_wait().ok().flatten()).is_none() {
            let _ = child.kill();
        }
        KeyWhileSaving {
            key: moved.saturating_duration_since(j),
            save: saved.map(|at| at.saturating_duration_since(space)),
            key_first: saved.is_none_or(|at| moved < at),
        }
    }

    /// The screen row the checklist's selection marker `> ` is on, if drawn.
    fn selected_row(screen: &vt100::Screen) -> Option<u16> {
        let (_, columns) = screen.size();
        screen
            .rows(0, columns.get())
            .position(|line| line.chars().skip(1).take(2).eq("> ".chars()))
            .and_then(|row| u16::try_from(row).ok())
    }

    /// Polls `found` every half millisecond until it gives a value or `patience` runs out.
    fn wait_for<T>(patience: Duration, mut found: impl FnMut() -> Option<T>) -> Option<T> {
        let until = Instant::now() + patience;
        while Instant::now() < until {
            if let Some(value) = found() {
                return Some(value);
            }
            thread::sleep(Duration::from_micros(500));
        }
        None
    }

    /// criterion's median estimate for one benchmark, in nanoseconds, if it was measured.
    fn criterion_median(output: &Path, function: &str, events: usize) -> Option<f64> {
        let path = output
            .join("scale")
            .join(function)
            .join(events.to_string())
            .join("new")
            .join("estimates.json");
        let estimates: serde_json::Value = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
        estimates["median"]["point_estimate"].as_f64()
    }

    fn ms(time: Duration) -> f64 {
        time.as_secs_f64() * 1000.0
    }

    /// A time in the unit that reads best.
    fn show(ns: f64) -> String {
        if ns >= 1e9 {
            format!("{:.2} s", ns / 1e9)
        } else if ns >= 1e6 {
            format!("{:.1} ms", ns / 1e6)
        } else {
            format!("{:.1} µs", ns / 1e3)
        }
    }

    /// Cost per event beyond the smallest record's (which is start-up and fixed costs), at `at`
    /// against `before`: how much faster than linear the cost grew.
    fn growth(smallest: f64, before: (usize, f64), at: (usize, f64)) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let per_event = |(events, ns): (usize, f64)| (ns - smallest).max(0.0) / events as f64;
        per_event(at) / per_event(before)
    }

    /// Collects budget failures to report them all before failing.
    #[derive(Default)]
    struct Budgets(Vec<String>);

    impl Budgets {
        fn check(&mut self, holds: bool, what: String) {
            println!("  {} {what}", if holds { "ok  " } else { "OVER" });
            if !holds {
                self.0.push(what);
            }
        }
    }

    #[allow(clippy::too_many_lines, clippy::cast_precision_loss)]
    pub fn main() {
        // `cargo test --benches` passes no --bench: then only check that everything runs, small.
        let measuring = std::env::args().any(|arg| arg == "--bench");
        let sizes: &[usize] = if measuring { &SIZES } else { &SIZES[..2] };
        let rounds = if measuring { ROUNDS } else { 1 };
        // On the disk, like the member's home: not in a tmpfs, where fsync costs nothing.
        let home = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
        fs::create_dir(home.path().join("nobin")).expect("mkdir");
        let made = Instant::now();
        let records = write_records(home.path(), sizes);
        println!(
            "made records of {sizes:?} events in {:.1} s",
            made.elapsed().as_secs_f64()
        );

        let output = common::target_dir().join("criterion");
        let mut criterion = Criterion::default()
            .output_directory(&output)
            .warm_up_time(Duration::from_secs(1))
            .configure_from_args();
        in_process(&mut criterion, &records);
        criterion.final_summary();

        let peak = common::example("peak");
        let (runs, floor) = whole_commands(&peak, home.path(), &records, rounds);
        let keys: Vec<(usize, Vec<KeyWhileSaving>)> = records
            .iter()
            .filter(|sized| sized.events >= BUDGET_SIZE || !measuring)
            .map(|sized| {
                let tries = if measuring { KEY_TRIES } else { 1 };
                let measured = (0..tries)
                    .map(|_| key_while_saving(home.path(), sized))
                    .collect();
                (sized.events, measured)
            })
            .collect();

        // The table.
        println!(
            "\nscale: in process (criterion medians) and whole commands (medians of {rounds} rounds)"
        );
        println!(
            "{:>9} {:>10} | {:>9} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} {:>10}",
            "events",
            "file",
            "load",
            "save",
            "status",
            "export",
            "status",
            "export",
            "confirm",
            "export RSS"
        );
        let floor_time = median(&floor.iter().map(|r| r.time).collect::<Vec<_>>());
        let floor_kib = median(&floor.iter().map(|r| r.peak_kib).collect::<Vec<_>>());
        let in_process_names = ["load", "save", "status", "export-json"];
        let mut inside = vec![vec![None; in_process_names.len()]; records.len()];
        let mut whole = vec![vec![Duration::ZERO; Whole::ALL.len()]; records.len()];
        let mut export_kib = vec![0; records.len()];
        for (at, sized) in records.iter().enumerate() {
            for (which, name) in in_process_names.iter().enumerate() {
                inside[at][which] = criterion_median(&output, name, sized.events);
            }
            for which in 0..Whole::ALL.len() {
                whole[at][which] =
                    median(&runs[at][which].iter().map(|r| r.time).collect::<Vec<_>>());
            }
            let export = Whole::ALL
                .iter()
                .position(|w| *w == Whole::ExportJson)
                .unwrap_or(0);
            export_kib[at] = median(
                &runs[at][export]
                    .iter()
                    .map(|r| r.peak_kib)
                    .collect::<Vec<_>>(),
            );
            let cell = |ns: Option<f64>| ns.map_or_else(|| "-".to_owned(), show);
            println!(
                "{:>9} {:>7.1} MB | {:>9} {:>9} {:>9} {:>9} | {:>6.1} ms {:>6.1} ms {:>6.1} ms {:>6.1} MiB",
                sized.events,
                sized.bytes.len() as f64 / 1e6,
                cell(inside[at][0]),
                cell(inside[at][1]),
                cell(inside[at][2]),
                cell(inside[at][3]),
                ms(whole[at][0]),
                ms(whole[at][1]),
                ms(whole[at][2]),
                export_kib[at] as f64 / 1024.0,
            );
        }
        println!(
            "  floor (export of no record): {:.1} ms, {:.1} MiB",
            ms(floor_time),
            floor_kib as f64 / 1024.0
        );
        for (events, measured) in &keys {
            let key: Vec<Duration> = measured.iter().map(|m| m.key).collect();
            let during = measured.iter().filter(|m| m.key_first).count();
            let saves: Vec<f64> = measured.iter().filter_map(|m| m.save.map(ms)).collect();
            println!(
                "  keys while saving at {events} events: j drawn after {:.1} ms (median of {}), \
                 {during} of {} drawn before the save ended; saves took {:.0} ms (median)",
                ms(median(&key)),
                key.len(),
                measured.len(),
                if saves.is_empty() {
                    f64::NAN
                } else {
                    median(&saves)
                },
            );
        }

        if !measuring {
            return;
        }
        println!("\nbudgets:");
        let mut budgets = Budgets::default();
        let index = |events: usize| records.iter().position(|s| s.events == events);
        let (Some(small), Some(before), Some(at)) = (index(10), index(100_000), index(1_000_000))
        else {
            panic!("every size was measured");
        };
        for (which, name) in in_process_names.iter().enumerate() {
            if let (Some(small_ns), Some(before_ns), Some(at_ns)) = (
                inside[small][which],
                inside[before][which],
                inside[at][which],
            ) {
                let ratio = growth(small_ns, (100_000, before_ns), (1_000_000, at_ns));
                budgets.check(
                    ratio <= GROWTH_BUDGET,
                    format!(
                        "in-process {name}: cost per event at 10^6 is {ratio:.2}x that at 10^5 \
                         (budget {GROWTH_BUDGET}x)"
                    ),
                );
            }
        }
        for (which, whole_command) in Whole::ALL.into_iter().enumerate() {
            if whole_command == Whole::Unconfirm {
                continue;
            }
            let ns = |at: usize| whole[at][which].as_secs_f64() * 1e9;
            let ratio = growth(ns(small), (100_000, ns(before)), (1_000_000, ns(at)));
            budgets.check(
                ratio <= GROWTH_BUDGET,
                format!(
                    "whole {}: cost per event at 10^6 is {ratio:.2}x that at 10^5 (budget \
                     {GROWTH_BUDGET}x)",
                    whole_command.name()
                ),
            );
        }
        let status = whole[before][0];
        budgets.check(
            status <= STATUS_BUDGET,
            format!(
                "whole status at 10^5 events: {:.1} ms (budget {:.0} ms)",
                ms(status),
                ms(STATUS_BUDGET)
            ),
        );
        let confirm = whole[before][2];
        budgets.check(
            confirm <= CONFIRM_BUDGET,
            format!(
                "whole confirm at 10^5 events: {:.1} ms (budget {:.0} ms)",
                ms(confirm),
                ms(CONFIRM_BUDGET)
            ),
        );
        for &at in &[before, at] {
            let sized = &records[at];
            let above = (export_kib[at] - floor_kib) as f64 * 1024.0;
            let ratio = above / sized.bytes.len() as f64;
            budgets.check(
                ratio <= EXPORT_MEMORY_BUDGET,
                format!(
                    "export memory at {} events: {:.1} MiB above the floor for a {:.1} MiB file, \
                     {ratio:.2}x (budget {EXPORT_MEMORY_BUDGET}x)",
                    sized.events,
                    above / 1024.0 / 1024.0,
                    sized.bytes.len() as f64 / 1024.0 / 1024.0
                ),
            );
        }
        for (events, measured) in keys.iter().filter(|(events, _)| *events == BUDGET_SIZE) {
            let key = median(&measured.iter().map(|m| m.key).collect::<Vec<_>>());
            let during = measured.iter().all(|m| m.key_first && m.save.is_some());
            budgets.check(
                key <= KEY_BUDGET && during,
                format!(
                    "a key while a save runs at {events} events: drawn in {:.1} ms (budget {:.0} \
                     ms), before every save ended: {during}",
                    ms(key),
                    ms(KEY_BUDGET)
                ),
            );
        }
        if !budgets.0.is_empty() {
            eprintln!("\nover budget:\n  {}", budgets.0.join("\n  "));
            std::process::exit(1);
        }
    }
}

#[cfg(unix)]
fn main() {
    unix::main();
}

#[cfg(not(unix))]
fn main() {
    println!("The scale benchmarks run on Unix only: skipped.");
}
