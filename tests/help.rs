//! The help read whole, page by page, at the sizes members use: every line of it is where a
//! reader expects it, and no heading stands alone.

mod common;

use common::{app, noon, render, screen_text};
use linkedin_optout::app::Action;
use linkedin_optout::keys::Scope;

/// Every row inside the help's box, from the top to the end, at `width`x`height`.
fn help_rows(width: u16, height: u16) -> Vec<String> {
    let mut app = app();
    app.update(Action::ToggleHelp, noon());
    render(&mut app, width, height);
    let mut rows = Vec::new();
    loop {
        let text = screen_text(&render(&mut app, width, height));
        // Inside the border and the one-column padding; the footer's line is not the help's.
        let inner: Vec<String> = text
            .lines()
            .skip(1)
            .take(usize::from(height) - 3)
            .map(|row| {
                row.chars()
                    .skip(2)
                    .take(usize::from(width) - 4)
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect();
        let before = app.help_scroll;
        // Page by page: keep the rows a page scrolled past, and the whole last page.
        app.update(Action::PageDown, noon());
        let moved = usize::from(app.help_scroll - before);
        if moved == 0 {
            rows.extend(inner);
            return rows;
        }
        rows.extend(inner.into_iter().take(moved));
    }
}

/// The lines that may start at the help's left edge: headings and the opening paragraph.
fn may_start_at_the_edge(row: &str, intro: &str) -> bool {
    // A heading may wrap in a narrow window.
    let headings = ["Why", "Mouse", "Your progress", "Privacy"];
    headings.iter().any(|heading| heading.contains(row))
        || Scope::ALL.iter().any(|scope| scope.heading().contains(row))
        || intro.contains(row)
}

#[test]
fn wrapped_key_descriptions_and_notes_stay_indented_at_every_size() {
    let intro = app().catalog.intro.clone();
    for (width, height) in [(80, 24), (60, 20), (40, 12)] {
        let rows = help_rows(width, height);
        assert!(
            rows.iter().any(|row| row.contains("settings pages.")),
            "the help was read to its end at {width}x{height}: {rows:#?}"
        );
        for row in rows.iter().filter(|row| !row.is_empty()) {
            assert!(
                row.starts_with("  ") || may_start_at_the_edge(row, &intro),
                "at {width}x{height} a wrapped line lost its indent: {row:?}\n{rows:#?}"
            );
        }
        // A key description's second line starts where its first line's text does.
        let at = rows
            .iter()
            .position(|row| row.contains("List every address"))
            .expect("the f key is listed");
        let text_column = rows[at].find("List every").expect("found");
        let next = &rows[at + 1];
        assert!(
            next.len() > text_column
                && next[..text_column].trim().is_empty()
                && !next[text_column..].starts_with(' '),
            "at {width}x{height} the description continues under itself: {:?} / {next:?}",
            rows[at]
        );
    }
}

#[test]
fn every_heading_in_the_help_has_something_under_it() {
    let rows = help_rows(80, 24);
    for scope in Scope::ALL {
        let at = rows
            .iter()
            .position(|row| row == scope.heading())
            .unwrap_or_else(|| panic!("{:?} is in the help: {rows:#?}", scope.heading()));
        assert!(
            rows.get(at + 1).is_some_and(|row| !row.trim().is_empty()),
            "nothing under {:?}: {rows:#?}",
            scope.heading()
        );
    }
}

#[test]
fn the_manual_page_says_what_works_in_a_window_too_small() {
    let page = linkedin_optout::manual::page().expect("the manual page");
    let heading = format!(".SS \"{}\"", Scope::TooSmall.heading());
    let at = page.find(&heading).expect("the heading is in the page");
    let note = Scope::TooSmall.note().expect("a note");
    assert!(
        page[at..].starts_with(&format!("{heading}\n.PP\n{note}")),
        "{}",
        &page[at..]
    );
}
