//! What the benchmarks share: building the examples they need, and running a program through
//! `examples/peak.rs` to read its wall time and peak memory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Where cargo builds: `CARGO_TARGET_DIR` or `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    )
}

/// Builds example `name` with the release profile, as the app is built for the benchmarks.
pub fn example(name: &str) -> PathBuf {
    let built = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--example", name])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(built.success(), "the example {name} builds");
    target_dir().join("release").join("examples").join(name)
}

/// One run of a program, as `examples/peak.rs` saw it.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// From spawn to exit.
    pub time: Duration,
    /// Peak resident memory, KiB.
    pub peak_kib: i64,
    /// User plus system CPU time.
    pub cpu: Duration,
    /// The raw wait status; 0 is a clean exit.
    pub status: i32,
}

/// Reads the line `peak` wrote to `report`.
pub fn read_report(report: &Path) -> Run {
    let line = std::fs::read_to_string(report).expect("peak wrote its report");
    let fields: Vec<i64> = line
        .split_whitespace()
        .map(|field| field.parse().expect("a number"))
        .collect();
    let [wall_ns, peak_kib, cpu_us, status] = fields[..] else {
        panic!("peak's report has four fields: {line:?}");
    };
    Run {
        time: Duration::from_nanos(u64::try_from(wall_ns).unwrap_or(0)),
        peak_kib,
        cpu: Duration::from_micros(u64::try_from(cpu_us).unwrap_or(0)),
        status: i32::try_from(status).unwrap_or(-1),
    }
}

pub fn median<T: Copy + PartialOrd>(values: &[T]) -> T {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted[sorted.len() / 2]
}
