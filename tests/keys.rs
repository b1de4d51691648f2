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
        (Char('f'), Action::ChooseAddress),
        (Char(' '), Action::ToggleConfirmed),
        (Char('x'), Action::ToggleConfirmed),
        (Char('n'), Action::ToggleNotOffered),
        (Char('c'), Action::CopyUrl),
        (Char('p'), Action::ShowQr),
        (Char('r'), Action::ChooseRegion),
        (Char('l'), Action::ChooseLanguage),
        (Char('a'), Action::NextProfile),
        (Char('m'), Action::ToggleMouse),
        (Char('z'), Action::FoldMore),
        (Char('?'), Action::ToggleHelp),
        (Char('q'), Action::Quit),
        (PageDown, Action::PageDown),
        (PageUp, Action::PageUp),
    ];
    for (code, action) in contract {
        assert_eq!(on_checklist(code), Some(action), "{code:?}");
    }
    assert_eq!(on_checklist(Char('Z')), None);
    // Esc never quits: with nothing open it does nothing.
    assert_eq!(on_checklist(Esc), None);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(
        action_for(ctrl('d'), Scope::Checklist),
        Some(Action::PageDown)
    );
    assert_eq!(
        action_for(ctrl('u'), Scope::Checklist),
        Some(Action::PageUp)
    );
    assert_eq!(
        action_for(ctrl('z'), Scope::Checklist),
        Some(Action::Suspend)
    );
}

#[test]
fn the_tail_of_a_split_escape_sequence_does_nothing() {
    // An arrow key whose bytes arrive in two reads: Esc, then "[B" as two characters.
    for scope in [Scope::Checklist, Scope::Help, Scope::Qr, Scope::Addresses] {
        for code in [
            KeyCode::Esc,
            KeyCode::Char('['),
            KeyCode::Char('B'),
            KeyCode::Char('A'),
        ] {
            let action = action_for(press(code), scope);
            assert!(
                !matches!(action, Some(Action::Quit | Action::Stop)),
                "{code:?} in {scope:?} gave {action:?}"
            );
        }
    }
    assert_eq!(
        action_for(press(KeyCode::Char('[')), Scope::Checklist),
        None
    );
    assert_eq!(
        action_for(press(KeyCode::Char('B')), Scope::Checklist),
        None
    );
}

#[test]
fn a_too_small_window_takes_only_quit_and_help() {
    let small = |code| action_for(press(code), Scope::TooSmall);
    assert_eq!(small(KeyCode::Char('q')), Some(Action::Quit));
    assert_eq!(small(KeyCode::Char('?')), Some(Action::ToggleHelp));
    for code in [
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Char('x'),
        KeyCode::Char('n'),
    ] {
        assert_eq!(small(code), None, "{code:?}");
    }
}

#[test]
fn the_lists_take_arrows_enter_and_numbers() {
    for scope in [Scope::Region, Scope::Language] {
        let list = |code| action_for(press(code), scope);
        assert_eq!(list(KeyCode::Down), Some(Action::ChooserDown));
        assert_eq!(list(KeyCode::Char('k')), Some(Action::ChooserUp));
        assert_eq!(list(KeyCode::Enter), Some(Action::ChooserPick(None)));
        assert_eq!(list(KeyCode::Char('3')), Some(Action::ChooserPick(Some(2))));
        assert_eq!(list(KeyCode::Esc), Some(Action::Back));
    }
    let addresses = |code| action_for(press(code), Scope::Addresses);
    assert_eq!(addresses(KeyCode::Enter), Some(Action::ChooserPick(None)));
    assert_eq!(addresses(KeyCode::Char('c')), Some(Action::CopyUrl));
    assert_eq!(addresses(KeyCode::Char('p')), Some(Action::ShowQr));
}

#[test]
fn shift_g_arrives_with_shift_and_still_jumps_to_the_end() {
    let key = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action_for(key, Scope::Checklist), Some(Action::SelectLast));
}

#[test]
fn ctrl_c_quits_from_anywhere_and_is_not_copy() {
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for scope in Scope::ALL {
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
    assert_eq!(help(KeyCode::PageDown), Some(Action::PageDown));
    assert_eq!(help(KeyCode::Home), Some(Action::ScrollTop));
    assert_eq!(help(KeyCode::Char('G')), Some(Action::ScrollBottom));
    assert_eq!(
        help(KeyCode::Enter),
        None,
        "nothing opens from behind the help"
    );
}

#[test]
fn the_browser_failure_popup_copies_confirms_shows_and_closes() {
    let popup = |code| action_for(press(code), Scope::LaunchFailed);
    assert_eq!(popup(KeyCode::Char('c')), Some(Action::CopyUrl));
    assert_eq!(popup(KeyCode::Esc), Some(Action::Back));
    assert_eq!(popup(KeyCode::Char(' ')), Some(Action::ToggleConfirmed));
    assert_eq!(popup(KeyCode::Char('p')), Some(Action::ShowQr));
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
            "f addresses",
            "Space confirm",
            "n not shown",
            "c copy",
            "p phone",
            "r region",
            "l language",
            "z fold",
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
    for scope in Scope::ALL {
        let own: Vec<_> = KEYS.iter().filter(|b| b.in_scope(scope)).collect();
        for (i, a) in own.iter().enumerate() {
            for b in &own[i + 1..] {
                for key in a.keys {
                    assert!(!b.keys.contains(key), "{key:?} is bound twice in {scope:?}");
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
            width: 160,
            height: 300,
        },
        noon,
    );
    app.update(Action::ToggleHelp, noon);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 300)).expect("terminal");
    terminal
        .draw(|frame| {
            linkedin_optout::ui::render(&app, frame);
        })
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
        for scope in binding.scopes {
            assert!(screen.contains(scope.heading()), "{scope:?}");
        }
    }
}
