//! The QR code on screen decodes back to exactly the selected page's address.

mod common;

use common::{app, noon, render};
use linkedin_optout::app::Action;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Pixels per module edge when turning the screen into an image for the decoder.
const SCALE: usize = 4;

/// Reads the screen back as an image: half blocks are light modules, everything else dark.
fn decode(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let (width, height) = (
        usize::from(buffer.area.width),
        usize::from(buffer.area.height) * 2,
    );
    let light = |x: usize, y: usize| {
        let cell = &buffer[(x as u16, (y / 2) as u16)];
        matches!((cell.symbol(), y % 2), ("█", _) | ("▀", 0) | ("▄", 1))
    };
    // A white margin, as paper would give, so the code's own quiet zone is not the only one.
    let margin = 8;
    let (image_width, image_height) = ((width + 2 * margin) * SCALE, (height + 2 * margin) * SCALE);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(image_width, image_height, |x, y| {
            let (mx, my) = (x / SCALE, y / SCALE);
            let inside =
                (margin..margin + width).contains(&mx) && (margin..margin + height).contains(&my);
            if !inside || light(mx - margin, my - margin) {
                255
            } else {
                0
            }
        });
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

#[test]
fn the_qr_code_decodes_to_the_selected_url() {
    for (index, size) in [(0, (80, 24)), (1, (120, 40)), (1, (80, 24))] {
        let mut app = app();
        if index == 1 {
            app.update(Action::SelectNext, noon());
        }
        let url = app.selected_item().url().to_owned();
        app.update(Action::ShowQr, noon());
        let terminal = render(&mut app, size.0, size.1);
        assert_eq!(decode(&terminal), vec![url], "at {size:?}");
    }
}

#[test]
fn without_colour_the_code_still_decodes() {
    let mut app = app();
    app.caps.color = false;
    app.update(Action::ShowQr, noon());
    let url = app.selected_item().url().to_owned();
    assert_eq!(decode(&render(&mut app, 100, 30)), vec![url]);
}

#[test]
fn the_address_under_the_code_is_an_osc8_hyperlink_when_allowed() {
    let mut app = app();
    app.update(Action::ShowQr, noon());
    let url = app.selected_item().url().to_owned();
    let symbols = |app: &mut linkedin_optout::app::App| -> String {
        let terminal = render(app, 120, 40);
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|cell| cell.symbol().to_owned())
            .collect()
    };
    app.caps.hyperlinks = false;
    assert!(!symbols(&mut app).contains("\x1b]8;;"));
    app.caps.hyperlinks = true;
    let with_links = symbols(&mut app);
    assert!(
        with_links.contains(&format!("\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\")),
        "starts a link: {:?}",
        with_links.find("\x1b]8").map(|i| &with_links[i..i + 120])
    );
}
