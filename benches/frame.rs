//! Frame, key, store and catalog costs, each read against the floor: a bare ratatui `List` of the
//! two titles rendered at the same size in the same group. Ends by checking the frame budget.
//!
//! Run with `cargo bench --bench frame`; figures land in `target/criterion/`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use jiff::Timestamp;
use linkedin_optout::app::{Action, App};
use linkedin_optout::catalog::{Catalog, SHIPPED};
use linkedin_optout::progress::{Change, EventKind, Progress};
use linkedin_optout::store::{Access, FileStore, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::List;

const SIZES: [(u16, u16); 2] = [(120, 40), (300, 100)];
/// A full frame at 120x40 may cost at most this many bare-list frames.
const FRAME_BUDGET: f64 = 10.0;

fn now() -> Timestamp {
    Timestamp::from_second(1_796_000_000).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The app with one item confirmed and one opened, at `width`x`height`.
fn app(width: u16, height: u16) -> App {
    let catalog = Catalog::shipped().unwrap_or_else(|e| panic!("{e}"));
    let mut progress = Progress::default();
    for (id, event) in [
        ("ai-training", EventKind::Opened),
        ("ai-training", EventKind::Confirmed),
        ("ad-sharing", EventKind::Opened),
    ] {
        progress.apply(&Change::item(id, event, now(), 1));
    }
    let mut app = App::new(catalog, progress, "/home/member/state.json".into());
    app.update(Action::Resize { width, height }, now());
    app
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (width, height) in SIZES {
        let size = format!("{width}x{height}");
        group.bench_function(BenchmarkId::new("bare-list", &size), |b| {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            let titles = [
                "Data for Generative AI Improvement",
                "Share data with affiliates and partners",
            ];
            b.iter(|| {
                terminal
                    .draw(|frame| frame.render_widget(List::new(titles), frame.area()))
                    .map(|_| ())
                    .expect("drawn");
            });
        });
        group.bench_function(BenchmarkId::new("app", &size), |b| {
            let mut app = app(width, height);
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            // Each frame follows a key, as in use: move between the two items.
            let mut down = true;
            b.iter(|| {
                let key = if down {
                    Action::SelectNext
                } else {
                    Action::SelectPrevious
                };
                down = !down;
                black_box(app.update(key, now()));
                terminal
                    .draw(|frame| {
                        linkedin_optout::ui::render(&app, frame);
                    })
                    .map(|_| ())
                    .expect("drawn");
            });
        });
    }
    group.finish();
}

fn core(c: &mut Criterion) {
    let mut group = c.benchmark_group("core");
    group.bench_function("update/one-key", |b| {
        let mut app = app(120, 40);
        // Alternate, so every press really moves the cursor.
        let keys = [Action::SelectNext, Action::SelectPrevious];
        let mut press = 0;
        b.iter(|| {
            press ^= 1;
            black_box(app.update(black_box(keys[press].clone()), now()))
        });
    });
    // The TOML, as tests and the catalog's author read it.
    group.bench_function("catalog/parse-and-validate", |b| {
        b.iter(|| Catalog::parse(black_box(SHIPPED)).expect("valid"));
    });
    // The JSON build.rs makes of it, as the app reads it at every start.
    group.bench_function("catalog/shipped", |b| {
        b.iter(|| Catalog::shipped().expect("valid"));
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.json");
    let (store, _) = FileStore::open(path.clone(), Access::ReadWrite);
    let change = |event| Change::item("ai-training", event, now(), 1);
    store
        .save(&[change(EventKind::Opened), change(EventKind::Confirmed)])
        .expect("saved");
    group.bench_function("store/load", |b| {
        b.iter(|| FileStore::open(black_box(path.clone()), Access::ReadOnly));
    });
    // Every save fsyncs the file and the folder, so this measures the disk as much as the code.
    group.bench_function("store/save", |b| {
        let mut confirmed = true;
        b.iter(|| {
            confirmed = !confirmed;
            let event = if confirmed {
                EventKind::Confirmed
            } else {
                EventKind::Unconfirmed
            };
            store.save(&[change(event)]).expect("saved")
        });
    });
    group.finish();
}

/// criterion's mean estimate for one benchmark, in nanoseconds, if it was measured.
fn mean_ns(output: &Path, group: &str, function: &str, size: &str) -> Option<f64> {
    let path = output
        .join(group)
        .join(function)
        .join(size)
        .join("new")
        .join("estimates.json");
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    estimates["mean"]["point_estimate"].as_f64()
}

fn output_directory() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        )
        .join("criterion")
}

fn main() {
    let output = output_directory();
    let mut criterion = Criterion::default()
        .output_directory(&output)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    frames(&mut criterion);
    core(&mut criterion);
    criterion.final_summary();

    println!("\nframe cost as a multiple of the bare list (the floor):");
    let mut over_budget = false;
    for (width, height) in SIZES {
        let size = format!("{width}x{height}");
        let (Some(bare), Some(app)) = (
            mean_ns(&output, "frame", "bare-list", &size),
            mean_ns(&output, "frame", "app", &size),
        ) else {
            println!("  {size}: not measured in this run");
            continue;
        };
        let ratio = app / bare;
        println!(
            "  {size}: app {:.1} µs, bare list {:.1} µs, ratio {ratio:.1}x",
            app / 1000.0,
            bare / 1000.0
        );
        if (width, height) == (120, 40) && ratio > FRAME_BUDGET {
            over_budget = true;
            println!("  over budget: a 120x40 frame may cost at most {FRAME_BUDGET}x the floor");
        }
    }
    assert!(!over_budget, "a benchmark budget was exceeded");
}
