//! The app's behaviour, driven through `update` alone: no terminal, no browser, no disk.

mod common;

use common::{app, at, event, noon, press, press_saving, saved_events, status_text};
use linkedin_optout::app::{Action, Effect, Launch, LaunchError, Limits, Pane, Popup, Status};
use linkedin_optout::catalog::{Group, Region};
use linkedin_optout::language::Language;
use linkedin_optout::progress::{Change, EventKind, ItemState, Progress};
use linkedin_optout::standing::Standing;
use linkedin_optout::store::Saved;

const AI: &str = "ai-training";
const ADS: &str = "ad-sharing";
const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";

fn launched(id: &str, url: &str) -> Action {
    Action::LaunchFinished {
        id: id.into(),
        url: url.into(),
        result: Ok(Launch::Opened),
    }
}

fn saved_ok(progress: Progress) -> Action {
    Action::Saved(Ok(Saved {
        progress,
        warning: None,
        set_aside: None,
    }))
}

#[test]
fn moving_stays_within_the_list() {
    let mut app = app();
    press(&mut app, &[Action::SelectPrevious], noon());
    assert_eq!(app.selected, 0);
    press(&mut app, &[Action::SelectNext, Action::SelectNext], noon());
    assert_eq!(
        app.selected, 2,
        "past the opt-outs, into the more privacy switches"
    );
    press(&mut app, &[Action::SelectFirst], noon());
    assert_eq!(app.selected, 0);
    press(&mut app, &[Action::SelectLast], noon());
    assert_eq!(app.selected, 9, "the last of the more privacy switches");
    press(&mut app, &[Action::SelectNext], noon());
    assert_eq!(app.selected, 9);
    press(&mut app, &[Action::SelectRow(0)], noon());
    assert_eq!(app.selected, 0);
    press(&mut app, &[Action::SelectRow(10)], noon());
    assert_eq!(app.selected, 0, "a click below the rows selects nothing");
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
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::Opened, "2026-11-29T12:00:05Z")]
    );
    assert!(
        status_text(&app).contains("press Space"),
        "{:?}",
        app.status
    );
}

#[test]
fn a_second_enter_while_the_browser_opens_launches_nothing_more() {
    let mut app = app();
    assert_eq!(app.update(Action::OpenPage, noon()).len(), 1);
    assert!(app.update(Action::OpenPage, noon()).is_empty());
    assert!(
        status_text(&app).contains("Already opening"),
        "{:?}",
        app.status
    );
}

#[test]
fn a_launcher_still_running_is_handed_off_not_claimed_opened() {
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
    let text = status_text(&app);
    assert!(!text.contains("Opened"), "{text}");
    assert!(
        text.contains("Handed to the launcher, still running"),
        "{text}"
    );
    assert!(text.contains("press c"), "{text}");
    assert_eq!(saved_events(&effects).len(), 1, "opened is still recorded");
}

#[test]
fn f_lists_every_address_and_enter_opens_the_highlighted_one() {
    let mut app = app();
    press(
        &mut app,
        &[Action::SelectNext, Action::ChooseAddress],
        noon(),
    );
    let urls: Vec<String> = app
        .selected_item()
        .pages
        .iter()
        .map(|page| page.url.clone())
        .collect();
    assert!(urls.len() >= 2, "{urls:?}");
    assert!(matches!(
        app.popup(),
        Some(Popup::Addresses { highlighted: 0, .. })
    ));
    // c copies the highlighted address; down moves; Enter opens that one.
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(urls[0].clone())]
    );
    app.update(Action::ChooserDown, noon());
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(urls[1].clone())]
    );
    let effects = app.update(Action::ChooserPick(None), noon());
    assert_eq!(
        effects,
        vec![Effect::OpenInBrowser {
            id: ADS.into(),
            url: urls[1].clone()
        }]
    );
    assert_eq!(app.popup(), None);
}

#[test]
fn p_in_the_address_list_shows_the_highlighted_address_as_a_qr_code() {
    let mut app = app();
    press(
        &mut app,
        &[
            Action::SelectNext,
            Action::ChooseAddress,
            Action::ChooserDown,
            Action::ShowQr,
        ],
        noon(),
    );
    let second = app.selected_item().pages[1].url.clone();
    assert!(matches!(app.popup(), Some(Popup::Qr { url, .. }) if *url == second));
    // Esc returns to the list below, then to the checklist.
    app.update(Action::Back, noon());
    assert!(matches!(app.popup(), Some(Popup::Addresses { .. })));
    app.update(Action::Back, noon());
    assert_eq!(app.popup(), None);
    assert!(!app.should_quit);
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
        app.popup(),
        Some(&Popup::LaunchFailed {
            id: AI.into(),
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
    assert_eq!(app.popup(), None);
    assert!(!app.should_quit);
}

#[test]
fn in_the_no_browser_popup_space_confirms_and_p_shows_the_code() {
    let mut app = app();
    app.update(Action::OpenPage, noon());
    let failed = Action::LaunchFinished {
        id: AI.into(),
        url: AI_URL.into(),
        result: Err(LaunchError {
            reason: "no browser".into(),
            no_browser_here: true,
        }),
    };
    app.update(failed, noon());
    app.update(Action::ShowQr, noon());
    assert!(matches!(app.popup(), Some(Popup::Qr { url, .. }) if url == AI_URL));
    app.update(Action::Back, noon());
    let effects = app.update(Action::ToggleConfirmed, noon());
    assert_eq!(app.popup(), None, "confirming answers the popup");
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);
    assert_eq!(saved_events(&effects).len(), 1);
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
        saved_events(&effects),
        [event(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z")]
    );
    assert_eq!(app.done_count(Group::OptOuts), 1);
    assert!(!app.all_done());
}

#[test]
fn confirming_everything_says_so() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
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
            "Both opt-outs done and saved; q quits. The switches below are optional.".into()
        ))
    );
}

#[test]
fn undo_asks_first_and_y_undoes() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::OpenPage, launched(AI, AI_URL)],
        at("2026-11-29T11:00:00Z"),
    );
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    let effects = app.update(Action::ToggleConfirmed, noon());
    assert!(effects.is_empty(), "asking must not save anything");
    assert_eq!(app.popup(), Some(&Popup::ConfirmUndo { id: AI.into() }));
    assert_eq!(app.space_does(), "undo");
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);

    let later = at("2026-11-30T08:00:00Z");
    let effects = app.update(Action::Answer(true), later);
    assert_eq!(app.popup(), None);
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
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::Unconfirmed, "2026-11-30T08:00:00Z")]
    );
}

#[test]
fn space_after_reopening_a_confirmed_item_confirms_again_without_asking() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ToggleConfirmed],
        at("2026-11-01T09:00:00Z"),
    );
    assert_eq!(app.space_does(), "undo");
    press_saving(
        &mut app,
        &mut disk,
        &[Action::OpenPage, launched(AI, AI_URL)],
        at("2026-11-29T11:00:00Z"),
    );
    assert_eq!(app.space_does(), "confirm again", "the footer says so");
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    assert_eq!(app.popup(), None, "no question");
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z")]
    );
    assert_eq!(app.progress.record(AI).confirmed_at, Some(noon()));
    assert_eq!(
        app.space_does(),
        "undo",
        "not reopened since this confirmation"
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
    assert_eq!(app.popup(), None);
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
fn n_marks_not_shown_and_counts_as_done_and_n_again_asks_to_undo() {
    let (mut app, mut disk) = (app(), Progress::default());
    press(&mut app, &[Action::SelectNext], noon());
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert_eq!(
        saved_events(&effects),
        [event(ADS, EventKind::NotOffered, "2026-11-29T12:00:00Z")]
    );
    let item = app.selected_item().clone();
    assert_eq!(app.standing(&item), Standing::NotOffered);
    assert_eq!(app.done_count(Group::OptOuts), 1);
    // n again asks first.
    assert!(app.update(Action::ToggleNotOffered, noon()).is_empty());
    assert_eq!(app.popup(), Some(&Popup::NotOfferedUndo { id: ADS.into() }));
    let effects = press_saving(&mut app, &mut disk, &[Action::Answer(true)], noon());
    assert_eq!(
        saved_events(&effects),
        [event(
            ADS,
            EventKind::NotOfferedUndone,
            "2026-11-29T12:00:00Z"
        )]
    );
    assert_eq!(app.progress.state(ADS), ItemState::Pending);
}

#[test]
fn space_on_an_item_marked_not_shown_confirms_it() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert_eq!(app.space_does(), "confirm");
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    assert_eq!(app.popup(), None);
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);
    assert_eq!(app.progress.record(AI).not_offered_at, None);
}

#[test]
fn a_mark_not_shown_goes_stale_like_a_confirmation() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ToggleNotOffered],
        at("2026-01-01T00:00:00Z"),
    );
    app.update(Action::SelectFirst, noon());
    let item = app.selected_item().clone();
    assert!(matches!(app.standing(&item), Standing::Stale { .. }));
    assert_eq!(app.done_count(Group::OptOuts), 0);
}

#[test]
fn in_a_region_where_a_setting_does_not_exist_it_is_settled_and_counted() {
    for region in Region::ALL {
        let mut app = app();
        app.progress.region = Some(region);
        let ads = app.catalog.get(ADS).expect("listed").clone();
        let ai = app.catalog.get(AI).expect("listed").clone();
        let expected = matches!(region, Region::EuEea | Region::Switzerland);
        assert_eq!(
            app.standing(&ads) == Standing::NotApplicable,
            expected,
            "ad-sharing in {region:?}"
        );
        assert_ne!(app.standing(&ai), Standing::NotApplicable, "{region:?}");
        // The member can finish from the checklist alone: confirm what exists.
        press(
            &mut app,
            &[Action::SelectFirst, Action::ToggleConfirmed],
            noon(),
        );
        if !expected {
            press(
                &mut app,
                &[Action::SelectNext, Action::ToggleConfirmed],
                noon(),
            );
        }
        assert!(app.all_done(), "{region:?}");
        assert_eq!(
            app.not_in_region_count(Group::OptOuts),
            usize::from(expected),
            "{region:?}"
        );
    }
}

#[test]
fn help_toggles_and_esc_closes_popups_but_never_quits() {
    let mut app = app();
    app.update(Action::ToggleHelp, noon());
    assert_eq!(app.popup(), Some(&Popup::Help));
    app.update(Action::ToggleHelp, noon());
    assert_eq!(app.popup(), None);

    app.update(Action::ToggleHelp, noon());
    app.update(Action::Back, noon());
    assert_eq!(app.popup(), None);
    app.update(Action::Back, noon());
    assert!(!app.should_quit, "Esc with nothing open does nothing");
}

#[test]
fn quit_quits_even_from_a_popup() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    press(&mut app, &[Action::ToggleConfirmed, Action::Quit], noon());
    assert_eq!(app.popup(), Some(&Popup::ConfirmUndo { id: AI.into() }));
    assert!(app.should_quit);
}

#[test]
fn copy_asks_for_the_selected_url_and_shows_what_was_done() {
    let mut app = app();
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(AI_URL.into())]
    );
    app.update(
        Action::Copied(Ok("Copied to tmux's buffer.".into())),
        noon(),
    );
    assert_eq!(status_text(&app), "Copied to tmux's buffer.");
    app.update(Action::Copied(Err("no terminal".into())), noon());
    assert!(matches!(&app.status, Some(Status::Problem(m)) if m.contains("no terminal")));
}

#[test]
fn pasted_text_is_never_taken_as_keys() {
    let mut app = app();
    let before = app.progress.clone();
    assert!(app.update(Action::Pasted, noon()).is_empty());
    assert_eq!(app.progress, before);
    assert!(status_text(&app).contains("ignored"));
}

#[test]
fn one_save_runs_at_a_time_and_later_changes_follow_it() {
    let mut app = app();
    let first = app.update(Action::ToggleConfirmed, noon());
    assert_eq!(saved_events(&first).len(), 1);
    // While it runs, a second change waits.
    let second = press(
        &mut app,
        &[Action::SelectNext, Action::ToggleConfirmed],
        noon(),
    );
    assert!(second.is_empty(), "{second:?}");
    assert_eq!(app.unsaved.len(), 2);
    // The first reports back: the second goes out alone.
    let mut disk = Progress::default();
    if let [Effect::Save(changes)] = first.as_slice() {
        for change in changes {
            disk.apply(change);
        }
    }
    let next = app.update(saved_ok(disk), noon());
    assert_eq!(
        saved_events(&next),
        [event(ADS, EventKind::Confirmed, "2026-11-29T12:00:00Z")]
    );
    assert!(app.all_done(), "both still shown");
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried_with_the_next_change() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(Action::Saved(Err("No space left on device".into())), noon());
    let text = status_text(&app);
    assert!(
        text.starts_with("Not saved: No space left on device"),
        "{text}"
    );
    assert_eq!(app.progress.state(AI), ItemState::Confirmed, "still shown");
    let effects = press(
        &mut app,
        &[Action::SelectNext, Action::ToggleConfirmed],
        noon(),
    );
    assert_eq!(
        saved_events(&effects),
        [
            event(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z"),
            event(ADS, EventKind::Confirmed, "2026-11-29T12:00:00Z"),
        ]
    );
    let mut disk = Progress::default();
    common::settle(&mut app, &mut disk, effects, noon());
    assert!(app.unsaved.is_empty());
    assert!(!matches!(app.status, Some(Status::Problem(_))));
}

#[test]
fn a_retried_change_already_on_disk_is_recorded_once() {
    // The folder sync failed after the rename: the change reached the file, the save said no.
    let mut app = app();
    let effects = app.update(Action::ToggleConfirmed, noon());
    let mut disk = Progress::default();
    if let [Effect::Save(changes)] = effects.as_slice() {
        for change in changes {
            disk.apply(change);
        }
    }
    app.update(Action::Saved(Err("sync failed".into())), noon());
    let retry = press(
        &mut app,
        &[Action::SelectNext, Action::ToggleConfirmed],
        noon(),
    );
    common::settle(&mut app, &mut disk, retry, noon());
    let confirmed = disk.record(AI).history.len();
    assert_eq!(confirmed, 1, "one confirmation, not two");
    assert_eq!(disk.record(ADS).history.len(), 1);
}

#[test]
fn a_save_brings_in_what_another_instance_saved() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    let mut on_disk = app.progress.clone();
    let revision = app.catalog.get(ADS).expect("listed").revision;
    on_disk.apply(&Change::item(
        ADS,
        EventKind::Confirmed,
        at("2026-11-29T11:00:00Z"),
        revision,
    ));
    app.update(saved_ok(on_disk), noon());
    assert!(app.all_done());
}

#[test]
fn a_change_made_elsewhere_is_seen_before_the_next_key_acts() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    // Another shell ran `unconfirm ai-training`.
    let mut elsewhere = disk.clone();
    elsewhere.apply(&Change::item(AI, EventKind::Unconfirmed, noon(), 1));
    app.update(Action::Reloaded(elsewhere), noon());
    assert_eq!(app.progress.state(AI), ItemState::Pending);
    // Space now confirms, instead of asking to undo what is already undone.
    let effects = app.update(Action::ToggleConfirmed, noon());
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z")]
    );
}

#[test]
fn quitting_with_unsaved_changes_retries_then_warns_once() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    app.update(Action::Saved(Err("read-only".into())), noon());

    let effects = app.update(Action::Quit, noon());
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z")],
        "quitting retries the save"
    );
    app.update(Action::Saved(Err("read-only".into())), noon());
    assert!(!app.should_quit, "the first failed quit only warns");
    assert!(status_text(&app).contains("Press q again"));

    app.update(Action::Quit, noon());
    app.update(Action::Saved(Err("read-only".into())), noon());
    assert!(app.should_quit, "the second quits anyway");
}

#[test]
fn quitting_while_a_save_runs_waits_for_it() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, noon());
    assert!(app.update(Action::Quit, noon()).is_empty());
    assert!(!app.should_quit, "waits for the save");
    let disk = app.progress.clone();
    app.update(saved_ok(disk), noon());
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
fn scrolling_stays_within_what_the_last_render_found_and_resets_on_move() {
    let mut app = app();
    let limits = Limits {
        list_offset: 0,
        detail_max: 30,
        detail_page: 10,
        help_max: 50,
        help_page: 20,
    };
    app.update(Action::Rendered(limits), noon());
    app.update(Action::PageDown, noon());
    assert_eq!(
        app.detail_scroll, 10,
        "a page is the pane's height less two lines"
    );
    for _ in 0..10 {
        app.update(Action::PageDown, noon());
    }
    assert_eq!(app.detail_scroll, 30);
    app.update(Action::ScrollUp, noon());
    assert_eq!(app.detail_scroll, 29);
    app.update(
        Action::Wheel {
            pane: Pane::Details,
            down: false,
        },
        noon(),
    );
    assert_eq!(app.detail_scroll, 26);
    app.update(Action::SelectNext, noon());
    assert_eq!(app.detail_scroll, 0);
    // A bigger screen needs less scrolling: the next render's limit clamps the offset.
    app.update(Action::PageDown, noon());
    app.update(
        Action::Rendered(Limits {
            detail_max: 4,
            ..limits
        }),
        noon(),
    );
    assert_eq!(app.detail_scroll, 4);
    // The help scrolls by its own page, and Home/End go to its ends.
    press(&mut app, &[Action::ToggleHelp, Action::PageDown], noon());
    assert_eq!(app.help_scroll, 20);
    press(&mut app, &[Action::ScrollBottom], noon());
    assert_eq!(app.help_scroll, 50);
    press(&mut app, &[Action::ScrollTop], noon());
    assert_eq!(app.help_scroll, 0);
}

#[test]
fn space_on_a_stale_item_confirms_again_instead_of_asking_to_undo() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ToggleConfirmed],
        at("2026-01-01T09:00:00Z"),
    );
    let later = at("2026-11-29T12:00:00Z");
    let effects = app.update(Action::ToggleConfirmed, later);
    assert_eq!(app.popup(), None);
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::Confirmed, "2026-11-29T12:00:00Z")]
    );
    assert_eq!(app.progress.record(AI).confirmed_at, Some(later));
}

#[test]
fn the_region_is_chosen_with_arrows_and_enter_or_a_number_and_saved() {
    let mut app = app();
    app.update(Action::ChooseRegion, noon());
    assert_eq!(app.popup(), Some(&Popup::ChooseRegion { highlighted: 0 }));
    press(
        &mut app,
        &[Action::ChooserDown, Action::ChooserDown, Action::ChooserUp],
        noon(),
    );
    let effects = app.update(Action::ChooserPick(None), noon());
    assert_eq!(app.popup(), None);
    assert_eq!(
        effects,
        vec![Effect::Save(vec![Change::Region(Region::Uk)])]
    );
    assert_eq!(app.progress.region, Some(Region::Uk));
    // By number, and the list opens on the current one.
    let mut app = common::app();
    app.progress.region = Some(Region::Canada);
    app.update(Action::ChooseRegion, noon());
    assert_eq!(app.popup(), Some(&Popup::ChooseRegion { highlighted: 3 }));
    app.update(Action::ChooserPick(Some(0)), noon());
    assert_eq!(app.progress.region, Some(Region::EuEea));
}

#[test]
fn the_language_is_chosen_or_left_to_the_system() {
    let mut app = app();
    app.system_language = Language::French;
    assert_eq!(app.language(), Language::French);
    app.update(Action::ChooseLanguage, noon());
    // Nothing chosen yet: "from your system" is highlighted, after the languages.
    assert_eq!(
        app.popup(),
        Some(&Popup::ChooseLanguage {
            highlighted: Language::ALL.len()
        })
    );
    app.update(Action::ChooserPick(Some(1)), noon());
    assert_eq!(app.language(), Language::German);
    app.update(Action::ChooseLanguage, noon());
    app.update(Action::ChooserPick(Some(Language::ALL.len())), noon());
    assert_eq!(app.progress.language, None);
    assert_eq!(app.language(), Language::French);
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
    theirs.apply(&Change::item(AI, EventKind::Confirmed, noon(), 1));
    app.update(
        Action::ProfileOpened {
            name: "work".into(),
            progress: theirs.clone(),
            notice: None,
            read_only: false,
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
    assert!(status_text(&app).contains("unsaved"));
}

#[test]
fn p_shows_the_qr_code_and_esc_closes_it() {
    let mut app = app();
    app.update(Action::ShowQr, noon());
    assert!(
        matches!(app.popup(), Some(Popup::Qr { url, address_only: false, .. }) if url == AI_URL)
    );
    assert_eq!(
        app.update(Action::CopyUrl, noon()),
        vec![Effect::Copy(AI_URL.into())]
    );
    app.update(Action::ToggleQrAddress, noon());
    assert!(matches!(
        app.popup(),
        Some(Popup::Qr {
            address_only: true,
            ..
        })
    ));
    app.update(Action::InvertQr, noon());
    assert!(app.qr_inverted);
    app.update(Action::Back, noon());
    assert_eq!(app.popup(), None);
    assert!(!app.should_quit);
}

#[test]
fn help_over_the_qr_code_returns_to_it() {
    let mut app = app();
    press(&mut app, &[Action::ShowQr, Action::ToggleHelp], noon());
    assert_eq!(app.popup(), Some(&Popup::Help));
    app.update(Action::Back, noon());
    assert!(matches!(app.popup(), Some(Popup::Qr { .. })));
}

#[test]
fn a_too_small_window_takes_only_quit_and_help() {
    let mut app = app();
    app.update(
        Action::Resize {
            width: 39,
            height: 11,
        },
        noon(),
    );
    for action in [
        Action::OpenPage,
        Action::ToggleConfirmed,
        Action::ToggleNotOffered,
        Action::ChooseAddress,
        Action::CopyUrl,
        Action::SelectNext,
    ] {
        assert!(app.update(action.clone(), noon()).is_empty(), "{action:?}");
    }
    assert_eq!(app.progress, Progress::default());
    assert_eq!(app.selected, 0);
    app.update(Action::ToggleHelp, noon());
    assert_eq!(app.popup(), Some(&Popup::Help));
    app.update(Action::Quit, noon());
    assert!(app.should_quit);
}

#[test]
fn the_mouse_is_taken_or_left_and_the_choice_saved() {
    let mut app = app();
    assert!(app.mouse);
    let effects = app.update(Action::ToggleMouse, noon());
    assert!(!app.mouse);
    assert!(effects.contains(&Effect::Mouse(false)));
    assert!(effects.contains(&Effect::Save(vec![Change::Mouse(false)])));
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

#[test]
fn at_start_an_unset_region_is_invited_and_old_facts_are_named() {
    let mut app = app();
    app.update(Action::Start, noon());
    assert!(status_text(&app).contains("Press r"), "{:?}", app.status);
    let mut app = common::app();
    app.update(Action::Start, at("2028-01-01T00:00:00Z"));
    let text = status_text(&app);
    assert!(text.contains("over a year"), "{text}");
    assert!(text.contains("Update linkedin-optout"), "{text}");
}

#[test]
fn closing_a_popup_clears_a_message_about_it_but_not_a_problem() {
    let mut app = app();
    press(&mut app, &[Action::ShowQr, Action::InvertQr], noon());
    assert!(status_text(&app).contains("inverted"));
    app.update(Action::Back, noon());
    assert_eq!(app.status, None);
    app.update(Action::Saved(Err("disk full".into())), noon());
    press(&mut app, &[Action::ToggleHelp, Action::Back], noon());
    assert!(matches!(app.status, Some(Status::Problem(_))));
}

#[test]
fn reopening_within_the_second_of_confirming_is_still_reopening() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::OpenPage, launched(AI, AI_URL)],
        noon(),
    );
    assert_eq!(app.space_does(), "confirm again");
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    assert_eq!(
        app.popup(),
        None,
        "never asks to undo a confirmation just checked again"
    );
    assert_eq!(saved_events(&effects).len(), 1);
}

#[test]
fn confirming_a_setting_not_in_the_region_shows_the_confirmation_and_space_then_asks_to_undo() {
    let (mut app, mut disk) = (app(), Progress::default());
    app.progress.region = Some(Region::EuEea);
    disk.region = Some(Region::EuEea);
    press(&mut app, &[Action::SelectNext], noon());
    let ads = app.selected_item().clone();
    assert_eq!(app.standing(&ads), Standing::NotApplicable);
    assert_eq!(app.space_does(), "confirm");
    // The member found the toggle all the same and switched it off.
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    assert_eq!(app.standing(&ads), Standing::Confirmed);
    assert_eq!(app.not_in_region_count(Group::OptOuts), 0);
    assert_eq!(app.space_does(), "undo");
    assert!(app.update(Action::ToggleConfirmed, noon()).is_empty());
    assert_eq!(app.popup(), Some(&Popup::ConfirmUndo { id: ADS.into() }));
    press_saving(&mut app, &mut disk, &[Action::Answer(true)], noon());
    assert_eq!(app.standing(&ads), Standing::NotApplicable);
    // Gone stale, the confirmation is not asked about again where the setting does not exist.
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ToggleConfirmed],
        at("2026-01-01T00:00:00Z"),
    );
    app.update(Action::SelectNext, noon());
    assert_eq!(app.standing(&ads), Standing::NotApplicable);
}

#[test]
fn n_on_a_stale_or_reopened_mark_not_shown_marks_it_again_without_asking() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ToggleNotOffered],
        at("2026-01-01T00:00:00Z"),
    );
    app.update(Action::SelectFirst, noon());
    assert_eq!(app.not_offered_does(), "still not shown");
    assert_eq!(app.space_does(), "confirm");
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert_eq!(app.popup(), None, "no question for a re-check");
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::NotOffered, "2026-11-29T12:00:00Z")]
    );
    let item = app.selected_item().clone();
    assert_eq!(app.standing(&item), Standing::NotOffered);
    assert_eq!(app.not_offered_does(), "undo not shown");
    // Opened again to look: n says it is still not shown, again without a question.
    press_saving(&mut app, &mut disk, &[launched(AI, AI_URL)], noon());
    assert_eq!(app.standing(&item), Standing::NotOffered);
    assert_eq!(app.not_offered_does(), "still not shown");
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert_eq!(app.popup(), None);
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::NotOffered, "2026-11-29T12:00:00Z")]
    );
    // Not reopened since: n asks to undo, as before.
    assert!(app.update(Action::ToggleNotOffered, noon()).is_empty());
    assert_eq!(app.popup(), Some(&Popup::NotOfferedUndo { id: AI.into() }));
}

#[test]
fn opening_a_related_page_or_a_help_article_is_no_reopening_of_the_setting() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    let item = app.selected_item().clone();
    let others: Vec<String> = item
        .addresses()
        .iter()
        .map(|address| address.url.to_owned())
        .filter(|url| !item.pages.iter().any(|page| page.url == *url))
        .collect();
    assert!(!others.is_empty(), "ai-training has related or Help pages");
    for url in others {
        let effects = press_saving(&mut app, &mut disk, &[launched(AI, &url)], noon());
        assert!(saved_events(&effects).is_empty(), "{url} recorded");
        assert_eq!(app.space_does(), "undo", "{url}");
        assert!(
            status_text(&app).contains("not this setting's own"),
            "{url}"
        );
    }
    // Its own page is.
    press_saving(&mut app, &mut disk, &[launched(AI, AI_URL)], noon());
    assert_eq!(app.space_does(), "confirm again");
}

#[test]
fn a_change_of_language_or_a_mark_brings_the_top_of_the_details_into_view() {
    let (mut app, mut disk) = (app(), Progress::default());
    app.update(
        Action::Rendered(Limits {
            detail_page: 5,
            detail_max: 40,
            ..Limits::default()
        }),
        noon(),
    );
    app.update(Action::PageDown, noon());
    assert!(app.detail_scroll > 0);
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ChooseLanguage, Action::ChooserPick(Some(1))],
        noon(),
    );
    assert_eq!(app.detail_scroll, 0, "the labels at the top are in view");
    app.update(Action::PageDown, noon());
    assert!(app.detail_scroll > 0);
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    assert_eq!(
        app.detail_scroll, 0,
        "the confirmation at the top is in view"
    );
}

/// An undo question about a mark another linkedin-optout took back or renewed meanwhile is
/// closed when the record is read again: answering it would undo a mark the member never saw,
/// or record a second undo.
#[test]
fn an_undo_question_outdated_by_another_shell_is_closed_and_undoes_nothing() {
    for renewed in [false, true] {
        let (mut app, mut disk) = (app(), Progress::default());
        press_saving(
            &mut app,
            &mut disk,
            &[Action::ToggleConfirmed],
            at("2026-11-29T10:00:00Z"),
        );
        assert!(app.update(Action::ToggleConfirmed, noon()).is_empty());
        assert_eq!(app.popup(), Some(&Popup::ConfirmUndo { id: AI.into() }));
        // Another shell: `unconfirm`, then (renewed) `confirm` again.
        disk.apply(&Change::take_back(AI, disk.record(AI), noon(), 1).expect("a mark"));
        if renewed {
            disk.apply(&Change::item(AI, EventKind::Confirmed, noon(), 1));
        }
        let events = disk.record(AI).history.len();
        app.update(Action::Reloaded(disk.clone()), noon());
        assert_eq!(app.popup(), None, "renewed: {renewed}");
        assert!(
            status_text(&app).contains("nothing was undone"),
            "{}",
            status_text(&app)
        );
        let effects = press_saving(&mut app, &mut disk, &[Action::Answer(true)], noon());
        assert!(saved_events(&effects).is_empty());
        assert_eq!(disk.record(AI).history.len(), events);
    }
}

/// A take-back decided on an older view of the record applies only while the mark it takes back
/// is the current one: never twice, never to a newer mark.
#[test]
fn a_take_back_applies_only_to_the_mark_it_was_meant_for() {
    let mut disk = Progress::default();
    disk.apply(&Change::item(
        AI,
        EventKind::Confirmed,
        at("2026-11-29T10:00:00Z"),
        1,
    ));
    let seen = disk.clone();
    let first = Change::take_back(AI, seen.record(AI), noon(), 1).expect("a mark");
    let second = Change::take_back(AI, seen.record(AI), noon(), 1).expect("a mark");
    disk.apply(&first);
    disk.apply(&second);
    let events: Vec<EventKind> = disk.record(AI).history.iter().map(|e| e.event).collect();
    assert_eq!(events, [EventKind::Confirmed, EventKind::Unconfirmed]);
    // Confirmed again meanwhile: an undo of the earlier confirmation leaves the new one.
    disk.apply(&Change::item(
        AI,
        EventKind::Confirmed,
        at("2026-11-29T12:30:00Z"),
        1,
    ));
    let late = Change::take_back(AI, seen.record(AI), noon(), 1).expect("a mark");
    disk.apply(&late);
    assert_eq!(disk.state(AI), ItemState::Confirmed);
    assert_eq!(disk.record(AI).history.len(), 3);
    assert!(!disk.has_change(late.id().expect("an item change")));
}

/// One stray `n` never replaces a current confirmation; after looking again (Enter) it does.
#[test]
fn n_on_a_current_confirmation_explains_instead_of_replacing_it() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(&mut app, &mut disk, &[Action::ToggleConfirmed], noon());
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert!(saved_events(&effects).is_empty());
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);
    assert!(
        status_text(&app).contains("press Enter to look again"),
        "{}",
        status_text(&app)
    );
    press_saving(&mut app, &mut disk, &[launched(AI, AI_URL)], noon());
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert_eq!(
        saved_events(&effects),
        [event(AI, EventKind::NotOffered, "2026-11-29T12:00:00Z")]
    );
}

/// "Both opt-outs done" comes down when the record read again says otherwise (undone in another shell).
#[test]
fn all_done_is_taken_down_when_another_shell_undoes_something() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[
            Action::ToggleConfirmed,
            Action::SelectNext,
            Action::ToggleConfirmed,
        ],
        noon(),
    );
    assert!(status_text(&app).starts_with("Both opt-outs done"));
    disk.apply(&Change::take_back(AI, disk.record(AI), noon(), 1).expect("a mark"));
    app.update(Action::Reloaded(disk.clone()), noon());
    assert!(!app.all_done());
    assert_eq!(status_text(&app), "");
}

/// `n` never replaces a confirmation due for a re-check unseen, and marks nothing where the
/// setting does not exist.
#[test]
fn n_leaves_a_stale_confirmation_and_a_setting_not_in_the_region_alone() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::ToggleConfirmed],
        at("2025-11-20T10:00:00Z"),
    );
    let effects = press_saving(&mut app, &mut disk, &[Action::ToggleNotOffered], noon());
    assert!(saved_events(&effects).is_empty());
    assert_eq!(app.progress.state(AI), ItemState::Confirmed);
    assert!(status_text(&app).contains("press Enter to look again"));
    app.progress.region = Some(Region::EuEea);
    let effects = press_saving(
        &mut app,
        &mut disk,
        &[Action::SelectNext, Action::ToggleNotOffered],
        noon(),
    );
    assert!(saved_events(&effects).is_empty());
    assert!(status_text(&app).contains("does not exist in your region"));
}

/// Where the setting does not exist, a "not shown to me" made before (another region, a shell)
/// can still be undone with `n`.
#[test]
fn n_undoes_a_mark_made_before_where_the_setting_does_not_exist() {
    let (mut app, mut disk) = (app(), Progress::default());
    press_saving(
        &mut app,
        &mut disk,
        &[Action::SelectNext, Action::ToggleNotOffered],
        noon(),
    );
    app.progress.region = Some(Region::EuEea);
    assert!(app.update(Action::ToggleNotOffered, noon()).is_empty());
    assert_eq!(app.popup(), Some(&Popup::NotOfferedUndo { id: ADS.into() }));
    press_saving(&mut app, &mut disk, &[Action::Answer(true)], noon());
    assert_eq!(app.progress.state(ADS), ItemState::Pending);
}

/// Another linkedin-optout folds the more privacy switches away while one of them is selected
/// here: the shell takes the record before the next key acts, and the selection moves to the
/// last opt-out. That key (Space, n, Enter, c, p, f) was meant for the switch on screen, never
/// for the opt-out it did not see: it does nothing but say so.
#[test]
fn a_key_meant_for_a_switch_folded_elsewhere_never_acts_on_the_opt_out_it_lands_on() {
    let keys = [
        Action::ToggleConfirmed,
        Action::ToggleNotOffered,
        Action::OpenPage,
        Action::CopyUrl,
        Action::ShowQr,
        Action::ChooseAddress,
    ];
    for key in keys {
        let (mut app, mut disk) = (app(), Progress::default());
        press_saving(&mut app, &mut disk, &[Action::SelectLast], noon());
        assert_eq!(app.selected_item().group, Group::More);
        let mut elsewhere = disk.clone();
        elsewhere.apply(&Change::FoldMore(true));
        // As the shell does for a key: the record as it is now, then the key.
        app.update(Action::Reloaded(elsewhere), noon());
        let effects = press_saving(&mut app, &mut disk, std::slice::from_ref(&key), noon());
        assert_eq!(app.selected_item().id, ADS, "{key:?}");
        assert!(effects.is_empty(), "{key:?} acted: {effects:?}");
        assert_eq!(app.popup(), None, "{key:?}");
        assert_eq!(disk.state(ADS), ItemState::Pending, "{key:?}");
        assert!(
            status_text(&app).contains("folded in another linkedin-optout"),
            "{key:?}: {}",
            status_text(&app)
        );
        // Pressed again, with the selection in view, it acts as ever.
        let effects = press_saving(&mut app, &mut disk, std::slice::from_ref(&key), noon());
        assert!(
            !effects.is_empty() || app.popup().is_some(),
            "{key:?} did nothing the second time"
        );
    }
}

/// `z` (or a click on the heading) folds or unfolds what the member sees: when another
/// linkedin-optout already did the same, the key just taken with the record does not undo it.
#[test]
fn z_pressed_as_another_instance_folds_keeps_them_folded() {
    for folded_here in [false, true] {
        let (mut app, mut disk) = (app(), Progress::default());
        if folded_here {
            press_saving(&mut app, &mut disk, &[Action::FoldMore], noon());
        }
        assert_eq!(app.more_folded(), folded_here);
        let mut elsewhere = disk.clone();
        elsewhere.apply(&Change::FoldMore(!folded_here));
        // As the shell does for a key: the record as it is now, then the key.
        app.update(Action::Reloaded(elsewhere.clone()), noon());
        let effects = press_saving(&mut app, &mut disk, &[Action::FoldMore], noon());
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(app.more_folded(), !folded_here, "wanted {}", !folded_here);
        assert!(
            status_text(&app).contains("in another linkedin-optout"),
            "{}",
            status_text(&app)
        );
        // Pressed again, it folds or unfolds as ever.
        press_saving(&mut app, &mut disk, &[Action::FoldMore], noon());
        assert_eq!(app.more_folded(), folded_here);
    }
}
