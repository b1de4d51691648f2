//! Popups at the sizes members use: what must be read whole is.

mod common;

use common::{app, noon, render, screen_text};
use linkedin_optout::app::Action;

#[test]
fn at_80_columns_the_highlighted_address_is_marked_and_whole() {
    let mut app = app();
    let url = app.selected_item().url().to_owned();
    app.update(Action::ChooseAddress, noon());
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(
        text.lines()
            .any(|row| row.contains("> 1. The setting's page")),
        "the highlighted entry is marked:\n{text}"
    );
    assert!(
        text.lines().any(|row| row.contains(&format!("  {url}"))),
        "{url} is cut:\n{text}"
    );
}

/// What `c` did is said under every popup, at every size: before, the address list covered the
/// status line at 80x24, and a copy there looked like nothing happened.
#[test]
fn what_a_copy_did_shows_under_the_popup() {
    for (width, height) in [(40, 12), (80, 24), (120, 40)] {
        for popup in [Action::ChooseAddress, Action::ShowQr, Action::ToggleHelp] {
            let mut app = app();
            app.update(popup.clone(), noon());
            app.update(
                Action::Copied(Ok("Copied to the clipboard.".into())),
                noon(),
            );
            let text = screen_text(&render(&mut app, width, height));
            assert!(
                text.contains("Copied to the clipboard."),
                "{popup:?} at {width}x{height}:\n{text}"
            );
        }
    }
}

/// The region stays in the title bar in narrow windows: the progress gets shorter first.
#[test]
fn the_region_stays_in_the_title_at_every_width() {
    use linkedin_optout::catalog::Region;
    for region in Region::ALL {
        for width in [40, 60, 80, 120] {
            let mut app = app();
            app.progress.region = Some(region);
            let text = screen_text(&render(&mut app, width, 24));
            let title = text.lines().next().unwrap_or_default();
            assert!(
                title.contains(&format!("region {}", region.name())),
                "{region:?} at {width}: {title:?}"
            );
            assert!(
                title.contains("of 2 done"),
                "{region:?} at {width}: {title:?}"
            );
        }
    }
}

/// Every address in the list (`f`) reads whole at 40 columns: its pieces, each on a line of its
/// own, join back into the address. Before, a piece was too long by two and wrapped again.
#[test]
fn at_40_columns_the_address_list_cuts_addresses_into_whole_pieces() {
    let mut app = app();
    app.update(Action::SelectLast, noon());
    let url = app.selected_item().url().to_owned();
    app.update(Action::ChooseAddress, noon());
    let text = screen_text(&render(&mut app, 40, 24));
    let pieces: Vec<&str> = text
        .lines()
        .map(|row| row.trim_matches(|c: char| "│┌┐└┘ ".contains(c)))
        .skip_while(|row| !url.starts_with(row) || row.is_empty())
        .take_while(|row| !row.is_empty() && url.contains(*row))
        .collect();
    assert_eq!(pieces.concat(), url, "{text}");
    // Cut once, at the popup's width: every piece but the last as long as the first.
    let (last, whole) = pieces.split_last().expect("pieces");
    assert!(
        whole.iter().all(|piece| piece.len() == pieces[0].len()) && last.len() <= pieces[0].len(),
        "{pieces:?}\n{text}"
    );
}

/// Moving down the address list keeps the highlighted entry whole on screen, its address and
/// its marker, at every size: Enter and c act on what is seen. Before, the list scrolled only to
/// the entry's first line, and below it the previous entry's address was what showed.
#[test]
fn the_highlighted_address_is_always_in_view() {
    for (width, height) in [(40, 12), (80, 24), (120, 40)] {
        for item in 0..2 {
            let mut app = app();
            app.update(Action::SelectRow(item), noon());
            let addresses: Vec<String> = app
                .selected_item()
                .addresses()
                .iter()
                .map(|address| address.url.to_owned())
                .collect();
            app.update(Action::ChooseAddress, noon());
            for (index, url) in addresses.iter().enumerate() {
                let text = screen_text(&render(&mut app, width, height));
                let flat: String = text
                    .lines()
                    .map(|row| row.trim_matches(|c: char| "│┌┐└┘ ".contains(c)))
                    .collect();
                assert!(
                    text.contains(&format!("> {}.", index + 1)) && flat.contains(url.as_str()),
                    "entry {} ({url}) at {width}x{height}:\n{text}",
                    index + 1
                );
                app.update(Action::ChooserDown, noon());
            }
        }
    }
}

/// With several profiles the title names the profile where it fits, the region everywhere.
#[test]
fn the_profile_is_named_in_the_title_where_it_fits() {
    use linkedin_optout::catalog::Region;
    for width in [40, 60, 80, 120] {
        let mut app = app();
        app.progress.region = Some(Region::Switzerland);
        app.profile = "recruiter".into();
        app.profiles = vec!["default".into(), "recruiter".into()];
        let text = screen_text(&render(&mut app, width, 24));
        let title = text.lines().next().unwrap_or_default();
        assert!(title.contains("region Switzerland"), "{width}: {title:?}");
        if width >= 60 {
            assert!(title.contains("profile recruiter"), "{width}: {title:?}");
        }
    }
}
