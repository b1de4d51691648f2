//! The key contract: what each key does, where, and that the footer and help come from the table.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use linkedin_optout::app::Action;
use linkedin_optout::keys::{KEYS, Scope, action_for, hints};

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn on_checklist(code: KeyCode) -> Option<Action> {
    action_for(press(code), Scope::Checklist)
}

#[test]
fn the_checklist_keys_follow_the_contract() {
    use KeyCode::*;
    let contract = [
        (Up, Action::SelectPrevious),
        (Char('k'), Action::SelectPrevious),
        (Down, Action::SelectNext),
        (Char('j'), Action::SelectNext),
        (Home, Action::SelectFirst),
        (Char('g'), Action::SelectFirst),
        (End, Action::SelectLast),
        (Char('G'), Action::SelectLast),
        (Enter, Action::OpenPage),
        (Char('o'), Action::OpenPage),
        (Char('f'), Action::OpenFallback),
        (Char(' '), Action::ToggleConfirmed),
        (Char('x'), Action::ToggleConfirmed),
        (Char('c'), Action::CopyUrl),
        (Char('?'), Action::ToggleHelp),
        (Esc, Action::Back),
        (Char('q'), Action::Quit),
        (PageDown, Action::ScrollDown),
        (PageUp, Action::ScrollUp),
    ];
    for (code, action) in contract {
        assert_eq!(on_checklist(code), Some(action), "{code:?}");
    }
    assert_eq!(on_checklist(Char('z')), None);
}

#[test]
fn shift_g_arrives_with_shift_and_still_jumps_to_the_end() {
    let key = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action_for(key, Scope::Checklist), Some(Action::SelectLast));
}

#[test]
fn ctrl_c_quits_from_anywhere_and_is_not_copy() {
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for scope in [
        Scope::Checklist,
        Scope::Question,
        Scope::LaunchFailed,
        Scope::Help,
    ] {
        assert_eq!(action_for(ctrl_c, scope), Some(Action::Quit), "{scope:?}");
    }
}

#[test]
fn only_presses_count() {
    for kind in [KeyEventKind::Release, KeyEventKind::Repeat] {
        let mut event = press(KeyCode::Char('q'));
        event.kind = kind;
        assert_eq!(action_for(event, Scope::Checklist), None, "{kind:?}");
    }
}

#[test]
fn the_undo_question_takes_y_or_n_and_nothing_from_the_checklist() {
    let ask = |code| action_for(press(code), Scope::Question);
    assert_eq!(ask(KeyCode::Char('y')), Some(Action::Answer(true)));
    assert_eq!(ask(KeyCode::Char('n')), Some(Action::Answer(false)));
    assert_eq!(ask(KeyCode::Esc), Some(Action::Answer(false)));
    assert_eq!(ask(KeyCode::Char(' ')), None);
    assert_eq!(ask(KeyCode::Enter), None);
    assert_eq!(ask(KeyCode::Char('?')), None);
    assert_eq!(ask(KeyCode::Char('q')), Some(Action::Quit));
}

#[test]
fn help_closes_with_esc_or_question_mark() {
    let help = |code| action_for(press(code), Scope::Help);
    assert_eq!(help(KeyCode::Esc), Some(Action::Back));
    assert_eq!(help(KeyCode::Char('?')), Some(Action::Back));
    assert_eq!(help(KeyCode::Char('j')), Some(Action::ScrollDown));
    assert_eq!(
        help(KeyCode::Enter),
        None,
        "nothing opens from behind the help"
    );
}

#[test]
fn the_browser_failure_popup_copies_and_closes() {
    let popup = |code| action_for(press(code), Scope::LaunchFailed);
    assert_eq!(popup(KeyCode::Char('c')), Some(Action::CopyUrl));
    assert_eq!(popup(KeyCode::Esc), Some(Action::Back));
    assert_eq!(popup(KeyCode::Char(' ')), None);
}

#[test]
fn footer_hints_come_from_the_table_and_match_their_keys() {
    let checklist: Vec<String> = hints(Scope::Checklist)
        .map(|h| format!("{} {}", h.keys, h.does))
        .collect();
    assert_eq!(
        checklist,
        [
            "↑↓ move",
            "Enter open",
            "f fallback",
            "Space confirm",
            "c copy",
            "p phone",
            "? help",
            "q quit"
        ]
    );
    let question: Vec<&str> = hints(Scope::Question).map(|h| h.keys).collect();
    assert_eq!(question, ["y", "n", "q"]);
    let help: Vec<&str> = hints(Scope::Help).map(|h| h.keys).collect();
    assert_eq!(help, ["↑↓", "Esc", "q"], "no '? help' hint inside the help");
}

#[test]
fn no_two_bindings_in_one_scope_share_a_key() {
    for (i, a) in KEYS.iter().enumerate() {
        for b in &KEYS[i + 1..] {
            if a.scope == b.scope {
                for key in a.keys {
                    assert!(
                        !b.keys.contains(key),
                        "{key:?} is bound twice in {:?}",
                        a.scope
                    );
                }
            }
        }
    }
}

#[test]
fn the_help_lists_every_binding_in_the_table() {
    let mut app = linkedin_optout::app::App::new(
        linkedin_optout::catalog::Catalog::shipped().expect("valid"),
        linkedin_optout::progress::Progress::default(),
        String::new(),
    );
    let noon: jiff::Timestamp = "2026-11-29T12:00:00Z".parse().expect("time");
    app.update(
        Action::Resize {
            width: 120,
            height: 200,
        },
        noon,
    );
    app.update(Action::ToggleHelp, noon);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 200)).expect("terminal");
    terminal
        .draw(|frame| linkedin_optout::ui::render(&app, frame))
        .expect("drawn");
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect();
    for binding in KEYS {
        assert!(
            screen.contains(binding.help),
            "{:?} is not in the help",
            binding.help
        );
        assert!(
            screen.contains(binding.scope.heading()),
            "{:?}",
            binding.scope
        );
    }
}
