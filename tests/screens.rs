//! What the member sees, as snapshots at fixed sizes, plus direct checks where style matters.

mod common;

use common::{all_done, app, midway, noon, press, render, screen_text};
use insta::assert_snapshot;
use linkedin_optout::app::Action;
use ratatui::style::{Color, Modifier};

const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";

#[test]
fn fresh_checklist_side_by_side_at_120x32() {
    assert_snapshot!(render(&mut app(), 120, 32).backend());
}

#[test]
fn fresh_checklist_stacked_at_80x24() {
    assert_snapshot!(render(&mut app(), 80, 24).backend());
}

#[test]
fn midway_at_120x32() {
    assert_snapshot!(render(&mut midway(), 120, 32).backend());
}

#[test]
fn midway_at_80x24() {
    assert_snapshot!(render(&mut midway(), 80, 24).backend());
}

#[test]
fn all_done_at_80x24() {
    let mut app = all_done();
    let terminal = render(&mut app, 80, 24);
    assert!(text_has(&terminal, "2 of 2 done: all settled"));
    assert_snapshot!(terminal.backend());
}

#[test]
fn too_small() {
    assert_snapshot!(render(&mut app(), 39, 11).backend());
}

#[test]
fn help_at_80x24() {
    let mut app = app();
    app.update(Action::ToggleHelp, noon());
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn help_scrolled_to_the_end_at_80x24() {
    let mut app = app();
    app.update(Action::ToggleHelp, noon());
    // The first render finds how far the help scrolls, as in the shell.
    render(&mut app, 80, 24);
    app.update(Action::ScrollBottom, noon());
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(text.contains("makes no network connections"), "{text}");
}

#[test]
fn undo_question_at_80x24() {
    let mut app = all_done();
    app.update(Action::ToggleConfirmed, noon());
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn no_browser_at_80x24() {
    let mut app = app();
    press(
        &mut app,
        &[
            Action::OpenPage,
            Action::LaunchFinished {
                id: "ai-training".into(),
                url: AI_URL.into(),
                result: Err(linkedin_optout::app::LaunchError {
                    reason: "no program that opens a browser was found.".into(),
                    no_browser_here: true,
                }),
            },
        ],
        noon(),
    );
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    // The full address is on screen, possibly wrapped at the popup's edge.
    let unwrapped: String = text
        .lines()
        .map(|line| line.trim_matches(|c: char| c == '│' || c == ' '))
        .collect();
    assert!(unwrapped.contains(AI_URL), "{text}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn a_banner_about_the_saved_file_at_80x24() {
    let mut app = app();
    app.banner = Some(
        "Could not read /home/member/.local/state/linkedin-optout/state.json (not valid saved \
         progress: EOF while parsing a value at line 1 column 0). Kept it as \
         /home/member/.local/state/linkedin-optout/state.json.corrupt-20261129T120000Z and \
         started a fresh record."
            .into(),
    );
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn the_selected_row_is_shown_without_colour() {
    let mut app = app();
    app.caps.color = false;
    let terminal = render(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    // Row 2 is the first item; the cursor marker and reverse video both mark it.
    assert_eq!(buffer[(1, 2)].symbol(), ">");
    assert!(buffer[(3, 2)].modifier.contains(Modifier::REVERSED));
    assert!(!buffer[(3, 4)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn no_color_means_no_colour_anywhere() {
    for mut app in [app(), midway(), all_done()] {
        app.caps.color = false;
        app.update(Action::Saved(Err("disk full".into())), noon());
        for (width, height) in [(120, 32), (80, 24)] {
            let terminal = render(&mut app, width, height);
            for cell in terminal.backend().buffer().content() {
                assert_eq!(cell.fg, Color::Reset, "{cell:?}");
                assert_eq!(cell.bg, Color::Reset, "{cell:?}");
            }
        }
    }
}

#[test]
fn with_colour_a_confirmed_marker_is_green_and_still_says_x() {
    let mut app = all_done();
    let terminal = render(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(3, 2)].symbol(), "[");
    assert_eq!(buffer[(4, 2)].symbol(), "x");
    assert_eq!(buffer[(4, 2)].fg, Color::Green);
}

#[test]
fn no_size_panics() {
    for mut app in [app(), midway()] {
        app.update(Action::ToggleHelp, noon());
        for width in (0..=130).step_by(7).chain([1, 39, 40, 99, 100]) {
            for height in (0..=45).step_by(4).chain([1, 11, 12]) {
                render(&mut app, width, height);
            }
        }
    }
}

#[test]
fn region_chooser_at_80x24() {
    let mut app = app();
    app.update(Action::ChooseRegion, noon());
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn a_setting_that_may_not_appear_for_the_region_is_marked_not_hidden() {
    let mut app = app();
    press(
        &mut app,
        &[Action::ChooseRegion, Action::ChooserPick(Some(1))],
        noon(),
    );
    let terminal = render(&mut app, 120, 32);
    let text = screen_text(&terminal);
    assert!(text.contains("region UK"), "{text}");
    assert!(text.contains("[ ] Share data with affiliates and partners"));
    assert!(text.contains("may not exist in your region"), "{text}");
    assert_snapshot!(terminal.backend());
}

#[test]
fn a_stale_confirmation_shows_why_at_120x32() {
    let mut app = app();
    app.update(Action::ToggleConfirmed, common::at("2026-01-01T09:00:00Z"));
    // Rendering happens at noon on 2026-11-29: 332 days later, past the 180-day period.
    let terminal = render(&mut app, 120, 32);
    let text = screen_text(&terminal);
    assert!(
        text.contains("[!] Data for Generative AI Improvement"),
        "{text}"
    );
    assert!(
        text.contains("confirmed 332 days ago, and LinkedIn can reset settings"),
        "{text}"
    );
    assert!(
        text.contains("0 of 2 done"),
        "a stale item is not done: {text}"
    );
    assert_snapshot!(terminal.backend());
}

#[test]
fn qr_code_at_80x24() {
    let mut app = app();
    app.update(Action::ShowQr, noon());
    assert_snapshot!(render(&mut app, 80, 24).backend());
}

#[test]
fn qr_code_too_small_says_so() {
    let mut app = app();
    app.update(Action::ShowQr, noon());
    let text = screen_text(&render(&mut app, 60, 16));
    assert!(text.contains("too small for the QR code"), "{text}");
    assert!(
        text.contains("press u"),
        "the address is one key away: {text}"
    );
}

fn text_has(terminal: &ratatui::Terminal<ratatui::backend::TestBackend>, needle: &str) -> bool {
    screen_text(terminal).contains(needle)
}

#[test]
fn the_address_list_names_each_address_with_its_source_at_80x24() {
    let mut app = app();
    press(
        &mut app,
        &[Action::SelectNext, Action::ChooseAddress],
        noon(),
    );
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    for expected in [
        "1. The setting's page",
        "2. Its second address",
        "3. The broader page: Advertising data settings",
        "source: LinkedIn legal page: California notice, 2026-02-23",
        "source: third-party tool: Brave PSST, 2026-07-29",
    ] {
        assert!(text.contains(expected), "{expected} is missing:\n{text}");
    }
    assert_snapshot!(terminal.backend());
}
