//! Random key presses, resizes and another instance folding the group, through the key table,
//! `update` and the renderer: nothing panics, a key acts only on the item on screen, and what
//! the screen claims stays true.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

use linkedin_optout::app::{Action, App, Effect, Launch, LaunchError, Popup};
use linkedin_optout::catalog::{Applicability, Group};
use linkedin_optout::keys::{self, Scope};
use linkedin_optout::progress::{Change, ItemState, Progress};
use linkedin_optout::store::Saved;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Something that can happen to a running app.
#[derive(Debug, Clone)]
enum Event {
    Key(KeyCode, KeyModifiers),
    Resize(u16, u16),
    /// The browser launcher reports back for whatever is being opened.
    LaunchResult(bool),
    /// The next save fails.
    DiskFull,
    /// Another instance folds the more privacy switches away, or shows them again, and the next
    /// key takes the record first (as the shell does).
    FoldedElsewhere,
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            KeyCode::Up, KeyCode::Down, KeyCode::Home, KeyCode::End, KeyCode::Enter,
            KeyCode::Esc, KeyCode::PageUp, KeyCode::PageDown, KeyCode::Tab, KeyCode::Backspace,
        ]),
        4 => prop::sample::select(vec![
            'j', 'k', 'g', 'G', 'o', 'f', ' ', 'x', 'c', '?', 'y', 'n', 'd', 'u', 'p', 'r', 'a',
            '1', '2', '6', '7', 'l', 'm', 'i', 'z',
        ])
            .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
    ]);
    prop_oneof![
        10 => (key_code(), modifiers).prop_map(|(code, m)| Event::Key(code, m)),
        2 => (0u16..=300, 0u16..=100).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => prop::sample::select(vec![(1, 1), (300, 100), (40, 12), (39, 11)])
            .prop_map(|(w, h)| Event::Resize(w, h)),
        2 => any::<bool>().prop_map(Event::LaunchResult),
        1 => Just(Event::DiskFull),
        1 => Just(Event::FoldedElsewhere),
    ]
}

/// The shell's part, in memory: saves go to the current profile's disk unless the disk is full.
struct World {
    disks: BTreeMap<String, Progress>,
    current: String,
    disk_full: bool,
    /// Another instance changed the record; the next key takes it first.
    changed_elsewhere: bool,
    /// The items the last action saved an event for or opened.
    touched: Vec<String>,
    /// The changes still unsaved before the last action.
    owed: Vec<Change>,
}

impl World {
    fn perform(&mut self, app: &mut App, action: Action) {
        let mut pending = vec![action];
        while let Some(action) = pending.pop() {
            for effect in app.update(action, common::noon()) {
                match effect {
                    Effect::Save(changes) => {
                        // A change owed from before (a failed save, retried) is not this key's.
                        let owed = &self.owed;
                        self.touched
                            .extend(changes.iter().filter_map(|change| match change {
                                Change::Item { id, .. } if !owed.contains(change) => {
                                    Some(id.clone())
                                }
                                _ => None,
                            }));
                        let result = if self.disk_full {
                            self.disk_full = false;
                            Err("No space left on device".to_owned())
                        } else {
                            let disk = self.disks.entry(self.current.clone()).or_default();
                            for change in &changes {
                                disk.apply(change);
                            }
                            Ok(Saved {
                                progress: disk.clone(),
                                warning: None,
                                set_aside: None,
                            })
                        };
                        pending.push(Action::Saved(result));
                    }
                    Effect::Copy(_) => pending.push(Action::Copied(Ok("Copied.".into()))),
                    Effect::OpenInBrowser { id, .. } => self.touched.push(id),
                    Effect::Mouse(_) | Effect::Suspend => {}
                    Effect::SwitchProfile(name) => {
                        self.current.clone_from(&name);
                        let progress = self.disks.entry(name.clone()).or_default().clone();
                        pending.push(Action::ProfileOpened {
                            name,
                            progress,
                            notice: None,
                            read_only: false,
                            state_path: String::new(),
                        });
                    }
                }
            }
        }
    }
}

/// The item the popup on top is about, if it is about one.
fn popup_item(app: &App) -> Option<String> {
    match app.popup()? {
        Popup::ConfirmUndo { id }
        | Popup::NotOfferedUndo { id }
        | Popup::LaunchFailed { id, .. }
        | Popup::Addresses { id, .. }
        | Popup::Qr { id, .. } => Some(id.clone()),
        _ => None,
    }
}

fn check_invariants(app: &App) {
    assert!(
        app.selected < app.shown_len(),
        "selection on a row the list shows"
    );
    let mut terminal =
        Terminal::new(TestBackend::new(app.width, app.height)).expect("a test terminal");
    let mut view = linkedin_optout::ui::View::default();
    terminal
        .draw(|frame| view = linkedin_optout::ui::render(app, frame))
        .expect("drawn");
    if !app.too_small() {
        assert!(
            view.rows.iter().any(|(_, index)| *index == app.selected),
            "the selected row is on screen"
        );
    }
    // Done means confirmed, marked not shown, or not in the chosen region (nothing goes stale
    // within one test's fixed moment).
    let settled = app
        .catalog
        .group(Group::OptOuts)
        .filter(|item| {
            let not_here = matches!(
                item.applicability(app.progress.region),
                Applicability::NotInRegion { .. }
            );
            not_here
                || matches!(
                    app.progress.state(&item.id),
                    ItemState::Confirmed | ItemState::NotOffered
                )
        })
        .count();
    assert_eq!(app.done_count(Group::OptOuts), settled);
    let text = common::screen_text(&terminal);
    // The title is in view unless a popup covers it or the screen is too small for it.
    if app.popups.is_empty()
        && app.width >= linkedin_optout::app::MIN_WIDTH + 20
        && app.height >= linkedin_optout::app::MIN_HEIGHT
    {
        let claim = format!(
            "{settled} of {} done",
            app.catalog.group_len(Group::OptOuts)
        );
        assert!(text.contains(&claim), "the title claims {claim:?}?\n{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_keys_and_resizes_never_panic_and_keep_the_invariants(
        events in prop::collection::vec(event(), 1..40)
    ) {
        let mut app = common::app();
        app.profiles = vec!["default".into(), "work".into()];
        let mut world = World {
            disks: BTreeMap::new(),
            current: "default".into(),
            disk_full: false,
            changed_elsewhere: false,
            touched: Vec::new(),
            owed: Vec::new(),
        };
        for event in events {
            let action = match event {
                Event::Key(code, modifiers) => {
                    keys::action_for(KeyEvent::new(code, modifiers), Scope::of(&app))
                }
                Event::Resize(width, height) => Some(Action::Resize { width, height }),
                Event::LaunchResult(ok) => app.launching.first().cloned().map(|id| {
                    let url = app.catalog.get(&id).map(|i| i.url().to_owned()).unwrap_or_default();
                    Action::LaunchFinished {
                        id,
                        url,
                        result: if ok {
                            Ok(Launch::Opened)
                        } else {
                            Err(LaunchError {
                                reason: "no browser".into(),
                                no_browser_here: true,
                            })
                        },
                    }
                }),
                Event::DiskFull => {
                    world.disk_full = true;
                    None
                }
                Event::FoldedElsewhere => {
                    let disk = world.disks.entry(world.current.clone()).or_default();
                    let folded = disk.more_folded.unwrap_or(false);
                    disk.apply(&Change::FoldMore(!folded));
                    world.changed_elsewhere = true;
                    None
                }
            };
            if let Some(action) = action {
                // What the member saw: the selected item, or the one the popup is about.
                let seen = [Some(app.selected_item().id.clone()), popup_item(&app)];
                // As the shell does before a key: the record as another instance left it.
                if matches!(event, Event::Key(..)) && std::mem::take(&mut world.changed_elsewhere) {
                    let on_disk = world.disks.get(&world.current).cloned().unwrap_or_default();
                    world.perform(&mut app, Action::Reloaded(on_disk));
                }
                world.touched.clear();
                world.owed.clone_from(&app.unsaved);
                world.perform(&mut app, action);
                if matches!(event, Event::Key(..)) {
                    for id in &world.touched {
                        prop_assert!(
                            seen.contains(&Some(id.clone())),
                            "a key acted on {id}, not on what was on screen: {seen:?}"
                        );
                    }
                }
            }
            if app.should_quit {
                break;
            }
            check_invariants(&app);
        }
        // What is on disk is what is on screen, unless a save is still owed or another
        // instance's change is not taken yet.
        if app.unsaved.is_empty() && !world.changed_elsewhere {
            prop_assert_eq!(&app.profile, &world.current);
            let disk = world.disks.get(&world.current).cloned().unwrap_or_default();
            prop_assert_eq!(&disk, &app.progress);
        }
    }
}
