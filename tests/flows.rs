//! The app's behaviour, driven through `update` alone: no terminal, no browser, no disk.

mod common;

use common::{app, at, noon, press};
use linkedin_optout::app::{Action, App, Effect, Popup, Status};
use linkedin_optout::io::{Copied, Launch, LaunchError};
use linkedin_optout::progress::{Change, EventKind, ItemState, Progress};

const AI: &str = "ai-training";
const ADS: &str = "ad-sharing";
const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";
const ADS_FALLBACK: &str = "https://www.linkedin.com/mypreferences/d/categories/ads";

fn change(id: &str, event: EventKind, at_time: &str) -> Change {
    Change::Item {
        id: id.into(),
        event,
        at: at(at_time),
        revision: 1,
    }
}

/// What the shell does with a save that works: the app gets back what is on disk.
fn saved(app: &App) -> Action {
    Action::Saved(Ok(app.progress.clone()))
}

fn launched(id: &str, url: &str) -> Action {
    Action::LaunchFinished {
        id: id.into(),
        url: url.into(),
        result: Ok(Launch::Opened),
    }
}

#[test]
fn moving_stays_within_the_list() {
    let mut app = app();
    press(&mut app, &[Action::SelectPrevious], noon());
    assert_eq!(app.selected, 0);
    press(&mut app, &[Action::SelectNext, Action::SelectNext], noon());
    assert_eq!(app.selected, 1);
    press(&mut app, &[Action::SelectFirst], noon());
    assert_eq!(app.selected, 0);
    press(&mut app, &[Action::SelectLast], noon());
    assert_eq!(app.selected, 1);
}

#[test]
fn open_asks_for_exactly_the_catalog_url_and_marks_opened_once_launched() {
    let mut app = app();
    let effects = app.update(Action::OpenPage, noon());
    assert_eq!(
        effects,
        vec![Effect::OpenInBrowser {
            id: AI.into(),
            url: AI_URL.into()
        }]
    );
    // Until the launcher reports, the row says it is opening, and nothing is recorded yet.
    assert_eq!(app.launching, vec![AI.to_owned()]);
    assert_eq!(app.progress.state(AI), ItemState::Pending);

    let effects = app.update(launched(AI, AI_URL), at("2026-11-29T12:00:05Z"));
    assert!(app.launching.is_empty());
    let record = app.progress.record(AI);
    assert_eq!(record.state, ItemState::Opened);
    assert_eq!(record.opened_at, Some(at("2026-11-29T12:00:05Z")));
    assert_eq!(record.history.len(), 1);
    assert_eq!(record.history[0].event, EventKind::Opened);
    assert_eq!(
        effects,
        vec![Effect::Save(vec![change(
            AI,
            EventKind::Opened,
            "2026-11-29T12:00:05Z"
        )])]
    );
    let Some(Status::Info(message)) = &app.status else {
        panic!("expected a status message, got {:?}", app.status);
    };
    assert!(message.contains("press Space"), "{message}");
}

#[test]
fn a_launcher_still_running_is_handed_off_not_opened_and_still_recorded() {
    let mut app = app();
    app.update(Action::OpenPage, noon());
    let effects = app.update(
        Action::LaunchFinished {
            id: AI.into(),
            url: AI_URL.into(),
            result: Ok(Launch::HandedOff),
        },
        noon(),
    );
    assert_eq!(
        app.status,
        Some(Status::Info(
            "Handed to your system's launcher — if nothing opened, press c or p.".into()
        ))
    );
    assert_eq!(app.progress.state(AI), ItemState::Opened);
    assert_eq!(
        effects,
        vec![Effect::Save(vec![change(
            AI,
            EventKind::Opened,
            "2026-11-29T12:00:00Z"
        )])]
    );
}

#[test]
fn f_opens_the_fallback_page() {
    let mut app = app();
    let effects = press(
        &mut app,
        &[Action::SelectNext, Action::OpenFallback],
        noon(),
    );
    assert_eq!(
        effects,
        vec![Effect::OpenInBrowser {
            id: ADS.into(),
            url: ADS_FALLBACK.into()
        }]
    );
}

#[test]
fn a_failed_launch_shows_the_reason_and_the_url_and_records_nothing() {
    let mut app = app();
    app.update(Action::OpenPage, noon());
    let effects = app.update(
        Action::LaunchFinished {
            id: AI.into(),
            url: AI_URL.into(),
            result: Err(LaunchError {
                reason: "no browser here".into(),
                no_browser_here: true,
            }),
        },
        noon(),
    );
    assert!(effects.is_empty());
    assert_eq!(
        app.popup,
        Some(Popup::LaunchFailed {
            title: "Data for Generative AI Improvement".into(),
            url: AI_URL.into(),
            reason: "no browser here".into(),
        })
    );
    assert_eq!(app.progress.state(AI), ItemState::Pending);
    assert!(app.launching.is_empty());
    // c copies the address in the popup; Esc closes it without quitting.
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(AI_URL.into())]
    );
    app.update(Action::Back, noon());
    assert_eq!(app.popup, None);
    assert!(!app.should_quit);
}

#[test]
fn confirm_records_the_time_and_revision_and_saves() {
    let mut app = app();
    let effects = app.update(Action::ToggleConfirmed, noon());
    let record = app.progress.record(AI);
    assert_eq!(record.state, ItemState::Confirmed);
    assert_eq!(record.confirmed_at, Some(noon()));
    assert_eq!(record.confirmed_revision, Some(1));
    assert_eq!(
        effects,
        vec![Effect::Save(vec![change(
            AI,
            EventKind::Confirmed,
            "2026-11-29T12:00:00Z"
        )])]
    );
    assert_eq!(app.done_count(), 1);
    assert!(!app.all_done());
}

#[test]
fn confirming_everything_says_so() {
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
    assert!(app.all_done());
    assert_eq!(
        app.status,
        Some(Status::Info(
            "All opt-outs confirmed. Your record is saved; q quits.".into()
        ))
    );
}

#[test]
fn undo_asks_first_and_y_undoes() {
    let mut app = app();
    press(&mut app, &[Action::OpenPage, launched(AI, AI_URL)], noon());
    app.update(saved(&app), noon());
    app.update(Action::ToggleConfirmed, noon());
    app.update(saved(&app), noon());
    let effects = app.update(Action::ToggleConfirmed, noon());
    assert!(effects.is_empty(), "asking must not save anything");
    assert_eq!(app.popup, Some(Popup::ConfirmUndo { id: AI.into() }));
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);

    let later = at("2026-11-30T08:00:00Z");
    let effects = app.update(Action::Answer(true), later);
    assert_eq!(app.popup, None);
    let record = app.progress.record(AI);
    // It was opened before, so it goes back to opened, not to pending.
    assert_eq!(record.state, ItemState::Opened);
    assert_eq!(record.confirmed_at, None);
    let events: Vec<EventKind> = record.history.iter().map(|e| e.event).collect();
    assert_eq!(
        events,
        [
            EventKind::Opened,
            EventKind::Confirmed,
            EventKind::Unconfirmed
        ]
    );
    assert_eq!(record.history[2].at, later);
    // Everything before was saved (the fake saves below stand for the shell), so only the undo.
    assert_eq!(
        effects,
        vec![Effect::Save(vec![change(
            AI,
            EventKind::Unconfirmed,
            "2026-11-30T08:00:00Z"
        )])]
    );
}

#[test]
fn undo_answered_n_keeps_the_confirmation() {
    let mut app = app();
    press(
        &mut app,
        &[Action::ToggleConfirmed, Action::ToggleConfirmed],
        noon(),
    );
    let effects = app.update(Action::Answer(false), noon());
    assert!(effects.is_empty());
    assert_eq!(app.popup, None);
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);
    assert_eq!(app.progress.record(AI).history.len(), 1);
}

#[test]
fn undoing_an_item_never_opened_returns_it_to_pending() {
    let mut app = app();
    press(
        &mut app,
        &[
            Action::ToggleConfirmed,
            Action::ToggleConfirmed,
            Action::Answer(true),
        ],
        noon(),
    );
    assert_eq!(app.progress.state(AI), ItemState::Pending);
}

#[test]
fn opening_a_confirmed_item_keeps_it_confirmed() {
    let mut app = app();
    press(
        &mut app,
        &[
            Action::ToggleConfirmed,
            Action::OpenPage,
            launched(AI, AI_URL),
        ],
        noon(),
    );
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);
    assert_eq!(app.progress.record(AI).opened_at, Some(noon()));
}

#[test]
fn help_toggles_and_esc_closes_it_before_quitting() {
    let mut app = app();
    app.update(Action::ToggleHelp, noon());
    assert_eq!(app.popup, Some(Popup::Help));
    app.update(Action::ToggleHelp, noon());
    assert_eq!(app.popup, None);

    app.update(Action::ToggleHelp, noon());
    app.update(Action::Back, noon());
    assert_eq!(app.popup, None);
    assert!(!app.should_quit, "Esc closes the popup first");
    app.update(Action::Back, noon());
    assert!(app.should_quit, "Esc with nothing open quits");
}

#[test]
fn quit_quits_even_from_a_popup() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(saved(&app), noon());
    press(&mut app, &[Action::ToggleConfirmed, Action::Quit], noon());
    assert_eq!(app.popup, Some(Popup::ConfirmUndo { id: AI.into() }));
    assert!(app.should_quit);
}

#[test]
fn copy_asks_for_the_selected_url_and_reports_the_outcome() {
    let mut app = app();
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(AI_URL.into())]
    );
    let said = "Copied to tmux's buffer and sent to your terminal's clipboard (if your terminal \
                allows OSC 52).";
    app.update(
        Action::Copied(Ok(Copied {
            message: said.into(),
        })),
        noon(),
    );
    assert_eq!(app.status, Some(Status::Info(said.into())));
    app.update(Action::Copied(Err("no terminal".into())), noon());
    assert!(matches!(&app.status, Some(Status::Problem(m)) if m.contains("no terminal")));
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried_with_the_next_change() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(Action::Saved(Err("No space left on device".into())), noon());
    assert_eq!(
        app.status,
        Some(Status::Problem("Not saved: No space left on device".into()))
    );
    assert_eq!(app.progress.state(AI), ItemState::Confirmed, "still shown");
    let effects = press(
        &mut app,
        &[Action::SelectNext, Action::ToggleConfirmed],
        noon(),
    );
    assert_eq!(
        effects,
        vec![Effect::Save(vec![
            change(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z"),
            change(ADS, EventKind::Confirmed, "2026-11-29T12:00:00Z"),
        ])]
    );
    app.update(saved(&app), noon());
    assert!(app.unsaved.is_empty());
    assert!(!matches!(app.status, Some(Status::Problem(_))));
}

#[test]
fn a_save_brings_in_what_another_instance_saved() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    let mut on_disk = app.progress.clone();
    on_disk.confirm(ADS, at("2026-11-29T11:00:00Z"), 1);
    app.update(Action::Saved(Ok(on_disk)), noon());
    assert!(app.all_done());
}

#[test]
fn quitting_with_unsaved_changes_retries_then_warns_once() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(Action::Saved(Err("read-only".into())), noon());

    let effects = app.update(Action::Quit, noon());
    assert_eq!(
        effects,
        vec![Effect::Save(vec![change(
            AI,
            EventKind::Confirmed,
            "2026-11-29T12:00:00Z"
        )])],
        "quitting retries the save"
    );
    app.update(Action::Saved(Err("read-only".into())), noon());
    assert!(!app.should_quit, "the first failed quit only warns");
    assert!(matches!(&app.status, Some(Status::Problem(m)) if m.contains("Press q again")));

    app.update(Action::Quit, noon());
    app.update(Action::Saved(Err("read-only".into())), noon());
    assert!(app.should_quit, "the second quits anyway");
}

#[test]
fn quitting_saves_what_was_unsaved_and_then_quits() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(Action::Saved(Err("busy".into())), noon());
    app.update(Action::Back, noon());
    assert!(!app.should_quit, "waits for the save");
    app.update(saved(&app), noon());
    assert!(app.should_quit);
}

#[test]
fn a_signal_tries_one_save_and_quits_regardless() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(Action::Saved(Err("busy".into())), noon());
    let effects = app.update(Action::Stop, noon());
    assert!(app.should_quit);
    assert_eq!(effects.len(), 1);
    let mut clean = common::app();
    assert!(clean.update(Action::Stop, noon()).is_empty());
    assert!(clean.should_quit);
    assert_eq!(clean.progress, Progress::default());
}

#[test]
fn a_launch_report_for_an_unknown_id_changes_nothing() {
    let mut app = app();
    let effects = app.update(launched("no-such-item", AI_URL), noon());
    assert!(effects.is_empty());
    assert!(app.progress.items.is_empty());
}

#[test]
fn details_scroll_within_bounds_and_reset_on_move() {
    let mut app = app();
    for _ in 0..100 {
        app.update(Action::ScrollDown, noon());
    }
    let bottom = app.detail_scroll;
    assert!(bottom > 0, "at 80x24 the details overflow");
    assert_eq!(bottom, linkedin_optout::ui::max_detail_scroll(&app));
    app.update(Action::ScrollUp, noon());
    assert!(app.detail_scroll < bottom);
    app.update(Action::SelectNext, noon());
    assert_eq!(app.detail_scroll, 0);
    // A bigger screen needs less scrolling: the offset follows.
    for _ in 0..100 {
        app.update(Action::ScrollDown, noon());
    }
    app.update(
        Action::Resize {
            width: 200,
            height: 60,
        },
        noon(),
    );
    assert_eq!(app.detail_scroll, 0);
}

#[test]
fn space_on_a_stale_item_confirms_again_instead_of_asking_to_undo() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, at("2026-01-01T09:00:00Z"));
    app.update(saved(&app), at("2026-01-01T09:00:00Z"));
    let later = at("2026-11-29T12:00:00Z");
    let effects = app.update(Action::ToggleConfirmed, later);
    assert_eq!(app.popup, None);
    assert_eq!(
        effects,
        vec![Effect::Save(vec![change(
            AI,
            EventKind::Confirmed,
            "2026-11-29T12:00:00Z"
        )])]
    );
    assert_eq!(app.progress.record(AI).confirmed_at, Some(later));
}

#[test]
fn the_region_is_chosen_with_a_number_and_saved() {
    use linkedin_optout::catalog::Region;
    let mut app = app();
    app.update(Action::ChooseRegion, noon());
    assert_eq!(app.popup, Some(Popup::ChooseRegion));
    let effects = app.update(Action::SetRegion(Region::Uk), noon());
    assert_eq!(app.popup, None);
    assert_eq!(
        effects,
        vec![Effect::Save(vec![Change::Region(Region::Uk)])]
    );
    assert_eq!(app.progress.region, Some(Region::Uk));
    let ads = app.catalog.get(ADS).expect("listed").clone();
    assert!(app.may_not_appear(&ads));
    let ai = app.catalog.get(AI).expect("listed").clone();
    assert!(!app.may_not_appear(&ai));
}

#[test]
fn profiles_switch_in_turn_and_never_with_unsaved_changes() {
    let mut app = app();
    assert!(
        app.update(Action::NextProfile, noon()).is_empty(),
        "only one"
    );
    app.profiles = vec!["default".into(), "recruiter".into(), "work".into()];
    assert_eq!(
        app.update(Action::NextProfile, noon()),
        vec![Effect::SwitchProfile("recruiter".into())]
    );
    let mut theirs = Progress::default();
    theirs.confirm(AI, noon(), 1);
    app.update(
        Action::ProfileOpened {
            name: "work".into(),
            progress: theirs.clone(),
            notice: None,
            state_path: "/tmp/state.work.json".into(),
        },
        noon(),
    );
    assert_eq!(app.profile, "work");
    assert_eq!(app.progress, theirs);
    assert_eq!(
        app.update(Action::NextProfile, noon()),
        vec![Effect::SwitchProfile("default".into())],
        "wraps around"
    );
    press(
        &mut app,
        &[Action::SelectNext, Action::ToggleConfirmed],
        noon(),
    );
    app.update(Action::Saved(Err("disk full".into())), noon());
    assert!(app.update(Action::NextProfile, noon()).is_empty());
    assert!(matches!(&app.status, Some(Status::Problem(m)) if m.contains("unsaved")));
}

#[test]
fn p_shows_the_qr_code_and_esc_closes_it() {
    let mut app = app();
    app.update(Action::ShowQr, noon());
    assert_eq!(app.popup, Some(Popup::Qr));
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(AI_URL.into())]
    );
    app.update(Action::Back, noon());
    assert_eq!(app.popup, None);
    assert!(!app.should_quit);
}

#[test]
fn moving_clears_a_message_about_the_last_item_but_not_a_problem() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    assert!(matches!(app.status, Some(Status::Info(_))));
    app.update(Action::SelectNext, noon());
    assert_eq!(app.status, None);
    app.update(Action::Saved(Err("disk full".into())), noon());
    app.update(Action::SelectPrevious, noon());
    assert!(matches!(app.status, Some(Status::Problem(_))));
}
