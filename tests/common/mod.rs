//! Helpers shared by the test files.
#![allow(dead_code)]

use jiff::Timestamp;
use linkedin_optout::app::{Action, App, Effect, Launch, Status};
use linkedin_optout::catalog::Catalog;
use linkedin_optout::progress::{Change, EventKind, Progress};
use linkedin_optout::store::Saved;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A fixed moment, so dates in assertions and snapshots never drift.
pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid RFC 3339 time in a test")
}

pub fn noon() -> Timestamp {
    at("2026-11-29T12:00:00Z")
}

/// A fresh app with the shipped catalog, nothing done yet, at 80x24.
pub fn app() -> App {
    let catalog = Catalog::shipped().expect("the shipped catalog is valid");
    let mut app = App::new(
        catalog,
        Progress::default(),
        "/home/member/.local/state/linkedin-optout/state.json".into(),
    );
    app.update(
        Action::Resize {
            width: 80,
            height: 24,
        },
        noon(),
    );
    app
}

/// Applies actions one after another at `now`, returning the effects of the last one.
pub fn press(app: &mut App, actions: &[Action], now: Timestamp) -> Vec<Effect> {
    let mut effects = Vec::new();
    for action in actions {
        effects = app.update(action.clone(), now);
    }
    effects
}

/// Renders `app` at `width`x`height` into a test terminal.
pub fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize { width, height }, noon());
    let mut terminal =
        Terminal::new(TestBackend::new(width, height)).expect("a test terminal never fails");
    let mut view = linkedin_optout::ui::View::default();
    terminal
        .draw(|frame| view = linkedin_optout::ui::render(app, frame))
        .expect("drawing to a test terminal never fails");
    // As the shell does: the app learns the scroll limits the render found.
    app.update(Action::Rendered(view.limits), noon());
    terminal
}

/// The screen as plain text lines.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// Both items confirmed at noon.
pub fn all_done() -> App {
    let mut app = app();
    press(
        &mut app,
        &[
            Action::ToggleConfirmed,
            Action::SelectNext,
            Action::ToggleConfirmed,
        ],
        noon(),
    );
    app
}

/// The first item opened and confirmed the day before, the second opened just now.
pub fn midway() -> App {
    let catalog = Catalog::shipped().expect("valid");
    let url = |id: &str| catalog.get(id).expect("listed").url().to_owned();
    let (ai, ads) = (url("ai-training"), url("ad-sharing"));
    let mut app = app();
    press(
        &mut app,
        &[
            Action::OpenPage,
            Action::LaunchFinished {
                id: "ai-training".into(),
                url: ai,
                result: Ok(Launch::Opened),
            },
        ],
        at("2026-11-28T09:00:00Z"),
    );
    app.update(Action::ToggleConfirmed, at("2026-11-28T09:03:00Z"));
    press(
        &mut app,
        &[
            Action::SelectNext,
            Action::OpenPage,
            Action::LaunchFinished {
                id: "ad-sharing".into(),
                url: ads,
                result: Ok(Launch::Opened),
            },
        ],
        noon(),
    );
    app
}

/// A temp home for running the real binary: `home`, `state` (as `XDG_STATE_HOME`), `bin` for fake
/// programs and an empty `nobin`.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "state", "bin", "nobin"] {
            std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
        }
        Self { dir }
    }

    pub fn path(&self, sub: &str) -> std::path::PathBuf {
        self.dir.path().join(sub)
    }

    /// The app's folder under `XDG_STATE_HOME`.
    pub fn state_folder(&self) -> std::path::PathBuf {
        self.path("state").join("linkedin-optout")
    }

    /// The default profile's record.
    pub fn state_file(&self) -> std::path::PathBuf {
        self.state_folder().join("state.json")
    }

    /// Where the fake browser writes each address it is given, one a line.
    pub fn opened_log(&self) -> std::path::PathBuf {
        self.path("opened.log")
    }

    /// A fake `xdg-open` in `bin` that records its argument and is noisy, as real launchers can be.
    #[cfg(unix)] // A shell script with an execute bit; Windows opens pages through ShellExecute.
    pub fn install_fake_browser(&self) {
        use std::os::unix::fs::PermissionsExt;
        let script = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\necho LAUNCHER-NOISE\necho LAUNCHER-NOISE >&2\n",
            self.opened_log().display()
        );
        let path = self.path("bin").join("xdg-open");
        std::fs::write(&path, script).expect("write fake xdg-open");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

/// The `state` of opt-out `id` in a `status --json` object.
pub fn state_of(status: &serde_json::Value, id: &str) -> String {
    status["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["id"] == id)
        .map(|item| item["state"].as_str().unwrap_or_default().to_owned())
        .expect("listed")
}

/// What a save request carried, without the random change ids: (item, event, time).
pub fn saved_events(effects: &[Effect]) -> Vec<(String, EventKind, Timestamp)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Save(changes) => Some(changes),
            _ => None,
        })
        .flatten()
        .filter_map(|change| match change {
            Change::Item { id, event, at, .. } => Some((id.clone(), *event, *at)),
            _ => None,
        })
        .collect()
}

/// An item change as `saved_events` shows it.
pub fn event(id: &str, event: EventKind, time: &str) -> (String, EventKind, Timestamp) {
    (id.to_owned(), event, at(time))
}

/// Does what the shell does with the effects of one action when the disk works: applies each
/// save to `disk` and reports it back, repeating until nothing more is asked. Returns every
/// effect seen.
pub fn settle(
    app: &mut App,
    disk: &mut Progress,
    effects: Vec<Effect>,
    now: Timestamp,
) -> Vec<Effect> {
    let mut seen = Vec::new();
    let mut pending = effects;
    while !pending.is_empty() {
        let mut next = Vec::new();
        for effect in pending {
            if let Effect::Save(changes) = &effect {
                for change in changes {
                    disk.apply(change);
                }
                next.extend(app.update(
                    Action::Saved(Ok(Saved {
                        progress: disk.clone(),
                        warning: None,
                        set_aside: None,
                    })),
                    now,
                ));
            }
            seen.push(effect);
        }
        pending = next;
    }
    seen
}

/// Applies `actions` at `now`, saving every change to `disk` as it goes (see `settle`), and
/// returns every effect.
pub fn press_saving(
    app: &mut App,
    disk: &mut Progress,
    actions: &[Action],
    now: Timestamp,
) -> Vec<Effect> {
    let mut all = Vec::new();
    for action in actions {
        let effects = app.update(action.clone(), now);
        all.extend(settle(app, disk, effects, now));
    }
    all
}

/// Skips a test that needs a tool or root this machine lacks: says why on a member's machine,
/// and fails in CI (`CI=true`), which installs every tool and runs as root, so nothing there
/// silently stops testing.
pub fn skip(reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI must run this test, but {reason}");
    }
    eprintln!("skipped: {reason}");
}

/// Whether this test runs as root (CI does): some tests need it, some mean nothing under it.
#[cfg(unix)] // geteuid is Unix's; only Unix tests ask.
pub fn is_root() -> bool {
    // SAFETY: geteuid(2) cannot fail and has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `program` from PATH. When it is missing the calling test should skip: this says why on
/// stderr, and under `CI=true` fails instead when `required_in_ci`, so CI never passes by skipping.
pub fn tool(program: &str, required_in_ci: bool) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|folder| folder.join(program))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        let in_ci = std::env::var("CI").is_ok_and(|value| value == "true");
        assert!(
            !(in_ci && required_in_ci),
            "{program} is not installed, and CI must run this test"
        );
        eprintln!("{program} is not installed here; skipping");
    }
    found
}

/// Every name in `folder`, sorted, lossy where not UTF-8.
pub fn names_in(folder: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The message on the status line, or nothing.
pub fn status_text(app: &App) -> String {
    match &app.status {
        Some(Status::Info(text) | Status::Problem(text)) => text.clone(),
        None => String::new(),
    }
}

/// Moves the selection down to the item `id`, as the member would with `j`.
pub fn select(app: &mut App, id: &str) {
    let index = app
        .catalog
        .items
        .iter()
        .position(|item| item.id == id)
        .expect("a shipped id");
    for _ in 0..index {
        app.update(Action::SelectNext, noon());
    }
    assert_eq!(app.selected_item().id, id);
}
