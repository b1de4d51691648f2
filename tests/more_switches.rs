//! The more privacy switches: an optional group below the two opt-outs that works like them,
//! counts apart from them, folds away, scrolls into view, and says which addresses only a
//! third-party tool backs.

mod common;

use common::{app, at, noon, press, press_saving, render, screen_text, select, status_text};
use insta::assert_snapshot;
use linkedin_optout::app::{Action, Effect};
use linkedin_optout::catalog::{Catalog, Group, Region};
use linkedin_optout::progress::{Change, EventKind, Progress};
use linkedin_optout::standing::{DEFAULT_RECHECK_DAYS, Mark, StaleReason, Standing};
use linkedin_optout::ui::{self, Hit, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Renders like `common::render`, and returns what the render found (rows, the heading).
fn view(app: &mut linkedin_optout::app::App, width: u16, height: u16) -> (String, View) {
    app.update(Action::Resize { width, height }, noon());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let mut view = View::default();
    terminal
        .draw(|frame| view = ui::render(app, frame))
        .expect("drawn");
    app.update(Action::Rendered(view.limits), noon());
    (screen_text(&terminal), view)
}

#[test]
fn at_80x24_both_opt_outs_and_the_heading_show_at_start() {
    let mut app = app();
    let (text, view) = view(&mut app, 80, 24);
    assert!(
        text.contains("[ ] Data for Generative AI Improvement"),
        "{text}"
    );
    assert!(
        text.contains("[ ] Share data with affiliates and partners"),
        "{text}"
    );
    assert!(
        text.contains("More privacy switches · 0 of 8 done · z folds"),
        "{text}"
    );
    assert!(text.contains("0 of 2 done · more: 0 of 8"), "{text}");
    // The details keep the address on the first screen.
    assert!(
        text.contains("https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"),
        "{text}"
    );
    let heading = view.fold.expect("the heading is on screen");
    assert_eq!(view.hit(heading.x + 4, heading.y), Hit::Fold);
}

#[test]
fn the_list_scrolls_to_keep_the_selected_switch_in_view_at_every_size() {
    for (width, height) in [
        (40, 12),
        (60, 15),
        (80, 24),
        (100, 30),
        (120, 40),
        (300, 100),
    ] {
        let mut app = app();
        for index in 0..10 {
            app.selected = index;
            let (text, view) = view(&mut app, width, height);
            let title = &app.catalog.items[index].title;
            let row = view
                .rows
                .iter()
                .find(|(_, row)| *row == index)
                .unwrap_or_else(|| panic!("{width}x{height}: row {index} on screen:\n{text}"));
            assert_eq!(view.hit(row.0.x, row.0.y), Hit::Row(index));
            let line = text
                .lines()
                .nth(usize::from(row.0.y))
                .expect("the row's line");
            let shown = title.split(' ').next().expect("a word");
            assert!(
                line.contains(&format!("> [ ] {shown}")),
                "{width}x{height}: {title:?} selected on its row: {line:?}"
            );
            assert_eq!(
                view.cursor.map(|c| c.y),
                Some(row.0.y),
                "the cursor is on it"
            );
        }
    }
}

#[test]
fn z_folds_the_group_away_moves_the_selection_out_of_it_and_is_saved() {
    let (mut app, mut disk) = (app(), Progress::default());
    press(&mut app, &[Action::SelectLast], noon());
    assert_eq!(app.selected_item().id, "inferred-location");
    let effects = press_saving(&mut app, &mut disk, &[Action::FoldMore], noon());
    assert!(
        effects.contains(&Effect::Save(vec![Change::FoldMore(true)])),
        "{effects:?}"
    );
    assert_eq!(disk.more_folded, Some(true), "kept in the record");
    assert!(app.more_folded());
    assert_eq!(app.shown_len(), 2);
    assert_eq!(
        app.selected_item().id,
        "ad-sharing",
        "the last row still shown"
    );
    assert!(status_text(&app).contains("z shows them again"));
    press(&mut app, &[Action::SelectLast, Action::SelectNext], noon());
    assert_eq!(
        app.selected_item().id,
        "ad-sharing",
        "nothing folded is reachable"
    );
    press(&mut app, &[Action::SelectRow(5)], noon());
    assert_eq!(app.selected_item().id, "ad-sharing", "nor by a stale click");
    let (text, view) = view(&mut app, 80, 24);
    assert!(
        text.contains("▸ More privacy switches · 0 of 8 done · z shows"),
        "{text}"
    );
    assert!(!text.contains("Ads off LinkedIn"), "{text}");
    assert!(view.rows.iter().all(|(_, index)| *index < 2));
    // Folded, the title still counts the group.
    assert!(text.contains("more: 0 of 8"), "{text}");

    press_saving(&mut app, &mut disk, &[Action::FoldMore], noon());
    assert_eq!(disk.more_folded, Some(false));
    press(&mut app, &[Action::SelectLast], noon());
    assert_eq!(app.selected_item().id, "inferred-location");
}

#[test]
fn folding_in_another_shell_keeps_the_selection_on_a_row_the_list_shows() {
    let mut app = app();
    press(&mut app, &[Action::SelectRow(6)], noon());
    assert_eq!(app.selected_item().id, "age-range");
    let mut disk = Progress::default();
    disk.apply(&Change::FoldMore(true));
    app.update(Action::Reloaded(disk), noon());
    assert!(app.selected < app.shown_len());
    assert_eq!(app.selected_item().id, "ad-sharing");
    let (text, _) = view(&mut app, 80, 24);
    assert!(
        text.contains("> [ ] Share data with affiliates and partners"),
        "{text}"
    );
}

#[test]
fn the_group_counts_apart_from_the_two_opt_outs() {
    let (mut app, mut disk) = (app(), Progress::default());
    // The first switch of the group, confirmed: the opt-outs' count does not move.
    press_saving(
        &mut app,
        &mut disk,
        &[Action::SelectRow(2), Action::ToggleConfirmed],
        noon(),
    );
    assert_eq!(app.done_count(Group::OptOuts), 0);
    assert_eq!(app.done_count(Group::More), 1);
    assert!(status_text(&app).starts_with("Confirmed Ads off LinkedIn on "));
    let (text, _) = view(&mut app, 120, 40);
    assert!(
        text.contains("LinkedIn opt-outs · 0 of 2 done · more: 1 of 8"),
        "{text}"
    );
    // The rest of the group: the last mark says the group is done.
    for index in 3..10 {
        press_saving(
            &mut app,
            &mut disk,
            &[Action::SelectRow(index), Action::ToggleConfirmed],
            noon(),
        );
    }
    assert_eq!(
        status_text(&app),
        "The more privacy switches are all done and saved; the two opt-outs above still need you."
    );
    assert!(!app.all_done(), "the opt-outs are what all done is about");
    // Taken back in another shell: the message comes down.
    let mut undone = disk.clone();
    undone.apply(&Change::take_back("gender", undone.record("gender"), noon(), 1).expect("a mark"));
    app.update(Action::Reloaded(undone), noon());
    assert_eq!(status_text(&app), "");
}

#[test]
fn every_switch_opens_its_own_catalog_address_and_records_it() {
    let catalog = Catalog::shipped().expect("valid");
    let mut app = app();
    for (offset, item) in catalog.group(Group::More).enumerate() {
        let id = &item.id;
        press(&mut app, &[Action::SelectRow(offset + 2)], noon());
        let url = item.url().to_owned();
        let effects = app.update(Action::OpenPage, noon());
        assert_eq!(
            effects,
            vec![Effect::OpenInBrowser {
                id: id.clone(),
                url: url.clone()
            }],
            "{id}"
        );
        assert!(catalog.contains_url(&url));
    }
}

#[test]
fn in_the_eu_the_consent_switches_are_checked_once_elsewhere_they_are_re_checked() {
    let catalog = Catalog::shipped().expect("valid");
    let item = catalog.get("age-range").expect("shipped");
    let mut progress = Progress::default();
    progress.apply(&Change::item(
        "age-range",
        EventKind::Confirmed,
        at("2025-01-01T00:00:00Z"),
        1,
    ));
    let record = progress.record("age-range");
    let later = at("2026-11-30T00:00:00Z");
    let standing = |region| Standing::of(item, record, region, later, DEFAULT_RECHECK_DAYS);
    assert_eq!(standing(Some(Region::EuEea)), Standing::Confirmed);
    assert_eq!(standing(Some(Region::Switzerland)), Standing::Confirmed);
    for region in [None, Some(Region::UnitedStates), Some(Region::Uk)] {
        assert_eq!(
            standing(region),
            Standing::Stale {
                mark: Mark::Confirmed,
                reason: StaleReason::Old {
                    days: 698,
                    mark: Mark::Confirmed
                }
            },
            "{region:?}"
        );
    }
    // A switch without the consent rule goes stale in the EU as anywhere.
    let research = catalog.get("research").expect("shipped");
    let mut progress = Progress::default();
    progress.apply(&Change::item(
        "research",
        EventKind::Confirmed,
        at("2025-01-01T00:00:00Z"),
        1,
    ));
    let standing = Standing::of(
        research,
        progress.record("research"),
        Some(Region::EuEea),
        later,
        DEFAULT_RECHECK_DAYS,
    );
    assert!(matches!(standing, Standing::Stale { .. }), "{standing:?}");
}

/// The whole details pane of `id` for a member in `region`, unwrapped.
fn details(id: &str, region: Option<Region>) -> String {
    let mut app = app();
    app.progress.region = region;
    select(&mut app, id);
    screen_text(&render(&mut app, 300, 100))
}

#[test]
fn the_details_name_the_source_kind_and_caution_where_only_a_third_party_tool_backs_an_address() {
    let caution = "Caution: only a third-party tool backs this address, not LinkedIn.";
    let ads_off = details("ads-off-linkedin", Some(Region::UnitedStates));
    assert!(ads_off.contains(caution), "{ads_off}");
    assert!(
        ads_off.contains("source: third-party tool: Brave PSST, 2026-07-29"),
        "{ads_off}"
    );
    assert!(
        ads_off.contains("LinkedIn's own words (LinkedIn Help a7157083, read 2026-11-30)"),
        "the title is LinkedIn's own: {ads_off}"
    );
    assert!(
        ads_off.contains("LinkedIn Help article a7157083"),
        "{ads_off}"
    );
    assert!(ads_off.contains(
        "If that page does not show the setting (f lists this one too): Advertising data settings"
    ));

    let others = details("data-from-others", Some(Region::UnitedStates));
    assert!(!others.contains(caution), "{others}");
    assert!(
        others.contains("source: LinkedIn legal page: US State notice, 2026-08-22"),
        "{others}"
    );
    assert!(
        others.contains("\"Use data you've given to businesses\""),
        "{others}"
    );
    assert!(
        others.contains(
            "as shown in a public guide (2024) (third-party tool: StellarSand guide, 2024-09-19)"
        ),
        "{others}"
    );
    assert!(
        others
            .contains("No source gives the way there; start from Advertising data settings below."),
        "{others}"
    );
    assert!(others.contains("Global Privacy Control"), "{others}");
    assert!(
        !others.contains("In the LinkedIn app"),
        "no taps are sourced: {others}"
    );

    let location = details("inferred-location", Some(Region::EuEea));
    assert!(
        location.contains("No source quotes the toggle's own label."),
        "{location}"
    );
    assert!(
        location.contains("Off in your region unless you agreed to it: check it once"),
        "{location}"
    );
    assert!(
        location.contains("Me (your photo) > Settings & Privacy > Advertising data > Activity and inferred data > Inferred city location > switch the toggle off"),
        "{location}"
    );
    // With no region set, nothing asks where the member is: the switch exists everywhere.
    let unknown = details("inferred-location", None);
    assert!(!unknown.contains("Press r to set your region"), "{unknown}");
}

#[test]
fn folded_at_80x24() {
    let mut app = app();
    press(&mut app, &[Action::FoldMore], noon());
    app.status = None;
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn the_last_switch_selected_at_80x24() {
    let mut app = app();
    app.progress.region = Some(Region::EuEea);
    press(&mut app, &[Action::SelectLast], noon());
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn the_group_at_120x40() {
    let mut app = app();
    app.progress.region = Some(Region::UnitedStates);
    press(&mut app, &[Action::SelectRow(2)], noon());
    assert_snapshot!(render(&mut app, 120, 40).backend());
}

/// Found in a member's trial: the list was laid out afresh every frame, so moving up from the
/// last row scrolled every time, a row fitting below the selection was left blank, and a
/// second click at the same place landed on another row.
#[test]
fn the_list_keeps_its_scroll_between_frames() {
    let mut app = app();
    press(&mut app, &[Action::SelectLast], noon());
    let (_, last) = view(&mut app, 80, 24);
    let top_row = last.rows.first().copied().expect("rows");
    // Up within the rows in view: nothing scrolls.
    press(
        &mut app,
        &[Action::SelectPrevious, Action::SelectPrevious],
        noon(),
    );
    let (_, moved) = view(&mut app, 80, 24);
    assert_eq!(moved.rows, last.rows, "the rows stay where they were");
    // A click on the top row selects it where it is; a second click there selects it again.
    press(&mut app, &[Action::SelectRow(top_row.1)], noon());
    let (_, clicked) = view(&mut app, 80, 24);
    assert_eq!(clicked.rows.first(), Some(&top_row));
    assert_eq!(
        clicked.hit(top_row.0.x, top_row.0.y),
        Hit::Row(top_row.1),
        "the same place is the same row"
    );
    // Down from the opt-outs into the group: the list fills its height, no row left out.
    let mut app = common::app();
    for _ in 0..3 {
        press(&mut app, &[Action::SelectNext], noon());
        let (text, view) = view(&mut app, 80, 24);
        let used: u16 = view.rows.iter().map(|(rect, _)| rect.height).sum::<u16>()
            + view.fold.map_or(0, |rect| rect.height);
        assert_eq!(used, 5, "every line of the list's 5 holds a row:\n{text}");
    }
}

/// Side by side in a short window a two-line row may have one line left at the list's bottom:
/// ratatui's list draws no row it cannot fit whole, so that line was blank, yet a click on it
/// selected the row hidden there. Every line that takes a click shows its row.
#[test]
fn a_row_cut_by_the_lists_border_still_shows_its_title_where_it_takes_clicks() {
    for (width, height) in [(103, 13), (120, 14), (100, 17), (300, 19)] {
        let mut app = app();
        for _ in 0..app.catalog.items.len() {
            let (text, view) = view(&mut app, width, height);
            let lines: Vec<&str> = text.lines().collect();
            for (rect, index) in &view.rows {
                let line: String = lines[usize::from(rect.y)]
                    .chars()
                    .skip(usize::from(rect.x))
                    .take(usize::from(rect.width))
                    .collect();
                let title = &app.catalog.items[*index].title;
                let word = title.split(' ').next().expect("a word");
                assert!(
                    line.contains(word),
                    "{width}x{height}: row {index} ({title:?}) takes clicks at line {} but shows \
                     {line:?}:\n{text}",
                    rect.y
                );
            }
            press(&mut app, &[Action::SelectNext], noon());
        }
    }
}

#[test]
fn the_border_says_when_the_list_goes_on_and_the_wheel_moves_through_it() {
    let mut app = app();
    let (text, view) = view(&mut app, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[7].contains("↓ more"), "{text}");
    assert!(!lines[1].contains("↑ more"), "{text}");
    // The wheel over the list moves the selection, as over the details it scrolls them.
    let list = view.list.expect("the list is on screen");
    assert_eq!(
        view.hit(list.x + 1, list.y),
        Hit::Pane(linkedin_optout::app::Pane::List)
    );
    for _ in 0..9 {
        press(
            &mut app,
            &[Action::Wheel {
                pane: linkedin_optout::app::Pane::List,
                down: true,
            }],
            noon(),
        );
    }
    assert_eq!(app.selected_item().id, "inferred-location");
    let (text, _) = self::view(&mut app, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].contains("↑ more"), "{text}");
    assert!(!lines[7].contains("↓ more"), "{text}");
}

#[test]
fn folded_the_heading_still_says_how_many_switches_need_a_check() {
    let mut app = app();
    app.progress.region = Some(Region::UnitedStates);
    for id in ["research", "gender"] {
        app.progress.apply(&Change::item(
            id,
            EventKind::Confirmed,
            at("2025-01-01T00:00:00Z"),
            1,
        ));
    }
    app.progress.apply(&Change::FoldMore(true));
    let (text, _) = view(&mut app, 80, 24);
    assert!(
        text.contains("▸ More privacy switches · 0 of 8 done · 2 to check again · z shows"),
        "{text}"
    );
}

#[test]
fn without_words_in_the_members_language_the_note_comes_once() {
    let mut app = app();
    app.system_language = linkedin_optout::language::Language::German;
    press(&mut app, &[Action::SelectRow(4)], noon());
    assert_eq!(app.selected_item().id, "measure-ad-success");
    let text = screen_text(&render(&mut app, 200, 60));
    assert_eq!(
        text.matches("No source gives the German words").count(),
        1,
        "{text}"
    );
}

#[test]
fn with_no_browser_a_third_party_address_points_to_the_broader_page() {
    let mut app = app();
    press(&mut app, &[Action::SelectLast], noon());
    let url = app.selected_item().url().to_owned();
    press(
        &mut app,
        &[
            Action::OpenPage,
            Action::LaunchFinished {
                id: "inferred-location".into(),
                url,
                result: Err(linkedin_optout::app::LaunchError {
                    reason: "no program that opens a browser was found.".into(),
                    no_browser_here: true,
                }),
            },
        ],
        noon(),
    );
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(
        text.contains("Caution: only a third-party tool backs this address, not LinkedIn."),
        "{text}"
    );
    assert!(
        text.contains(
            "If it does not show the setting, f lists the broader page: Advertising data settings."
        ),
        "{text}"
    );
}

/// Found in a member's trial: in the EU the consent note was only in the details, never on the
/// list, where the member decides what to open.
#[test]
fn in_the_eu_the_list_says_the_consent_switches_are_off_unless_agreed() {
    let mut app = app();
    app.progress.region = Some(Region::EuEea);
    let (text, _) = view(&mut app, 120, 40);
    assert_eq!(
        text.matches("off here unless you agreed: check once")
            .count(),
        4,
        "{text}"
    );
}

/// Found in a member's trial: renewing a "not shown to me" that completed the opt-outs said only
/// "Both opt-outs done", not that it was noted again.
#[test]
fn a_renewed_not_shown_says_it_was_noted_again() {
    let (mut app, mut disk) = (app(), Progress::default());
    app.progress.region = Some(Region::UnitedStates);
    press_saving(
        &mut app,
        &mut disk,
        &[
            Action::ToggleConfirmed,
            Action::SelectNext,
            Action::ToggleNotOffered,
        ],
        noon(),
    );
    assert!(status_text(&app).starts_with("Both opt-outs done"));
    let url = app.selected_item().url().to_owned();
    press_saving(
        &mut app,
        &mut disk,
        &[
            Action::OpenPage,
            Action::LaunchFinished {
                id: "ad-sharing".into(),
                url,
                result: Ok(linkedin_optout::app::Launch::Opened),
            },
            Action::ToggleNotOffered,
        ],
        noon(),
    );
    assert!(
        status_text(&app).starts_with("Noted again on "),
        "{}",
        status_text(&app)
    );
}
