//! The QR popup as a phone's camera and a real terminal see it: every address of every item
//! decodes back exactly (rqrr) at 80x24, 120x32 and 200x50, in colour on dark and light themes,
//! and without colour once inverted where needed; the address under the code is readable (or one
//! key away) and is one clean OSC 8 hyperlink, in the buffer and in the bytes sent to the terminal.

mod common;

use common::{app, noon, render, screen_text};
use linkedin_optout::app::{Action, App, Popup};
use std::io::Write;
use std::sync::{Arc, Mutex};

use ratatui::backend::CrosstermBackend;
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The sizes the issue names.
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 32), (200, 50)];

/// Pixels per module edge when turning the screen into an image for the decoder.
const SCALE: usize = 3;

/// A terminal theme: the grey levels of its default foreground and background, the only colours
/// a cell drawn without colour (`Color::Reset`) can have.
#[derive(Debug, Clone, Copy)]
struct Theme {
    name: &'static str,
    foreground: u8,
    background: u8,
}

const DARK: Theme = Theme {
    name: "dark",
    foreground: 220,
    background: 30,
};

const LIGHT: Theme = Theme {
    name: "light",
    foreground: 30,
    background: 235,
};

/// The grey level `color` shows as on `theme`; `default` is what `Color::Reset` means there.
fn grey(color: Color, default: u8) -> u8 {
    match color {
        Color::Reset => default,
        Color::Black => 0,
        Color::White => 255,
        Color::Gray => 190,
        Color::DarkGray => 100,
        Color::Rgb(r, g, b) => {
            let y = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
            u8::try_from(y).unwrap_or(u8::MAX)
        }
        // Text colours (headings, addresses): mid grey, never mistaken for a module.
        _ => 128,
    }
}

/// The grey level of the upper (`lower == false`) or lower half of `cell` as a terminal with
/// `theme` shows it: half blocks cover their half in the foreground colour, anything else shows
/// the background (text glyphs are thin strokes a camera does not read as modules).
fn half(cell: &Cell, lower: bool, theme: Theme) -> u8 {
    let (mut fg, mut bg) = (
        grey(cell.fg, theme.foreground),
        grey(cell.bg, theme.background),
    );
    if cell.modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    let covered = match cell.symbol() {
        "█" => true,
        "▀" => !lower,
        "▄" => lower,
        _ => false,
    };
    if covered { fg } else { bg }
}

/// Decodes every QR code on the screen as a terminal with `theme` shows it, photographed with
/// the terminal's own background around the window. `negative` inverts the photograph first, to
/// tell a code that is there but inverted from no code at all.
fn decode_as(buffer: &Buffer, theme: Theme, negative: bool) -> Vec<String> {
    let (width, height) = (
        usize::from(buffer.area.width),
        usize::from(buffer.area.height) * 2,
    );
    let margin = 8;
    let (image_width, image_height) = ((width + 2 * margin) * SCALE, (height + 2 * margin) * SCALE);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(image_width, image_height, |x, y| {
            let (mx, my) = (x / SCALE, y / SCALE);
            let inside =
                (margin..margin + width).contains(&mx) && (margin..margin + height).contains(&my);
            let level = if inside {
                let (cx, cy) = (mx - margin, my - margin);
                let cell = &buffer[(cx as u16, (cy / 2) as u16)];
                half(cell, cy % 2 == 1, theme)
            } else {
                theme.background
            };
            if negative { 255 - level } else { level }
        });
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

fn decode(buffer: &Buffer, theme: Theme) -> Vec<String> {
    decode_as(buffer, theme, false)
}

/// Every (item index, address index, address) in the catalog, in the `f` list's order.
fn every_address() -> Vec<(usize, usize, String)> {
    let app = app();
    app.catalog
        .items
        .iter()
        .enumerate()
        .flat_map(|(item, optout)| {
            optout
                .pages
                .iter()
                .enumerate()
                .map(move |(page, p)| (item, page, p.url.clone()))
        })
        .collect()
}

/// A fresh app showing the QR code of item `item`'s address `page`, chosen as a member does:
/// select the item, `f` for its addresses, move down to the address, `p`.
fn showing_qr(item: usize, page: usize, color: bool) -> App {
    let mut app = app();
    app.caps.color = color;
    highlight_address(&mut app, item, page);
    app.update(Action::ShowQr, noon());
    app
}

/// Selects item `item` and opens its list of addresses with address `page` highlighted.
fn highlight_address(app: &mut App, item: usize, page: usize) {
    for _ in 0..item {
        app.update(Action::SelectNext, noon());
    }
    app.update(Action::ChooseAddress, noon());
    for _ in 0..page {
        app.update(Action::ChooserDown, noon());
    }
}

/// The address the QR popup on top shows.
fn qr_url(app: &App) -> String {
    match app.popup() {
        Some(Popup::Qr { url, .. }) => url.clone(),
        other => panic!("no QR popup on top: {other:?}"),
    }
}

#[test]
fn every_address_is_reachable_as_a_qr_code_from_the_f_list() {
    let addresses = every_address();
    assert!(
        addresses.len() >= 4,
        "the catalog lists several addresses: {addresses:?}"
    );
    for (item, page, url) in addresses {
        assert_eq!(qr_url(&showing_qr(item, page, true)), url);
    }
}

#[test]
fn in_colour_every_address_decodes_on_dark_and_light_themes_at_every_size() {
    for (item, page, url) in every_address() {
        for (width, height) in SIZES {
            let mut app = showing_qr(item, page, true);
            let terminal = render(&mut app, width, height);
            for theme in [DARK, LIGHT] {
                assert_eq!(
                    decode(terminal.backend().buffer(), theme),
                    vec![url.clone()],
                    "{url} at {width}x{height} on a {} theme",
                    theme.name
                );
            }
        }
    }
}

#[test]
fn in_colour_the_modules_have_explicit_colours_quiet_zone_included() {
    let mut app = showing_qr(0, 0, true);
    let terminal = render(&mut app, 120, 32);
    let blocks: Vec<&Cell> = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .filter(|cell| matches!(cell.symbol(), "█" | "▀" | "▄"))
        .collect();
    assert!(blocks.len() > 100, "a code is drawn");
    for cell in blocks {
        assert!(
            cell.fg != Color::Reset && cell.bg != Color::Reset,
            "a module in the terminal's own colours: {cell:?}"
        );
    }
}

#[test]
fn without_colour_the_code_decodes_on_a_dark_theme_and_after_i_on_a_light_one() {
    for (item, page, url) in every_address() {
        for (width, height) in SIZES {
            let at = format!("{url} at {width}x{height}");
            let mut app = showing_qr(item, page, false);
            let terminal = render(&mut app, width, height);
            let buffer = terminal.backend().buffer();
            assert_eq!(decode(buffer, DARK), vec![url.clone()], "{at}, dark");
            // On a light theme the foreground is dark, so the code comes out inverted: no
            // camera reads it as it is, though its negative is the very address.
            assert_eq!(decode(buffer, LIGHT), Vec::<String>::new(), "{at}, light");
            assert_eq!(
                decode_as(buffer, LIGHT, true),
                vec![url.clone()],
                "{at}: the light theme's code is the address, inverted"
            );

            app.update(Action::InvertQr, noon());
            let terminal = render(&mut app, width, height);
            let buffer = terminal.backend().buffer();
            assert_eq!(
                decode(buffer, LIGHT),
                vec![url.clone()],
                "{at}, light, after i"
            );
            assert_eq!(
                decode(buffer, DARK),
                Vec::<String>::new(),
                "{at}: inverted, it no longer reads on a dark theme"
            );
        }
    }
}

#[test]
fn without_colour_the_qr_popup_says_how_to_invert_the_code() {
    let mut app = showing_qr(0, 0, false);
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(
        text.contains("i invert"),
        "the popup names the key that inverts the code:\n{text}"
    );
}

/// The screen's rows, trimmed, joined with nothing between them: an address cut over two rows
/// reads whole.
fn joined_rows(text: &str) -> String {
    text.lines().map(str::trim).collect()
}

#[test]
fn at_80x24_every_address_is_under_the_code_or_one_key_away() {
    for (item, page, url) in every_address() {
        let mut app = showing_qr(item, page, true);
        let text = screen_text(&render(&mut app, 80, 24));
        if joined_rows(&text).contains(&url) {
            continue;
        }
        assert!(
            text.contains("u shows the address"),
            "{url} is neither shown nor pointed to:\n{text}"
        );
        app.update(Action::ToggleQrAddress, noon());
        let text = screen_text(&render(&mut app, 80, 24));
        assert!(
            joined_rows(&text).contains(&url),
            "u shows {url} whole:\n{text}"
        );
    }
}

#[test]
fn the_address_alone_is_shown_whole_and_u_brings_the_code_back() {
    let (item, page, url) = every_address()
        .into_iter()
        .max_by_key(|(_, _, url)| url.len())
        .expect("addresses");
    let mut app = showing_qr(item, page, true);
    app.update(Action::ToggleQrAddress, noon());
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(joined_rows(&text).contains(&url), "{text}");
    assert!(
        !text.contains('▀'),
        "no code while the address is shown alone"
    );
    app.update(Action::ToggleQrAddress, noon());
    let terminal = render(&mut app, 80, 24);
    assert_eq!(decode(terminal.backend().buffer(), DARK), vec![url]);
}

/// The OSC 8 hyperlink around `text`, as the terminal receives it.
fn link(url: &str, text: &str) -> String {
    format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// The cells that start an OSC 8 hyperlink, with their position.
fn link_cells(buffer: &Buffer) -> Vec<(u16, u16, Cell)> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .filter_map(|(x, y)| {
            let cell = &buffer[(x, y)];
            cell.symbol()
                .starts_with("\x1b]8;;")
                .then(|| (x, y, cell.clone()))
        })
        .collect()
}

#[test]
fn the_address_under_the_code_is_one_osc8_link_in_a_forced_width_cell() {
    for (item, page, url) in every_address() {
        for (width, height) in [(120, 32), (200, 50)] {
            let mut app = showing_qr(item, page, true);
            app.caps.hyperlinks = false;
            let terminal = render(&mut app, width, height);
            assert!(link_cells(terminal.backend().buffer()).is_empty());

            app.caps.hyperlinks = true;
            let terminal = render(&mut app, width, height);
            let buffer = terminal.backend().buffer();
            let links = link_cells(buffer);
            assert_eq!(links.len(), 1, "one link for {url} at {width}x{height}");
            let (x, y, cell) = &links[0];
            assert_eq!(cell.symbol(), link(&url, &url));
            let width_of_url = u16::try_from(url.len()).expect("short");
            assert_eq!(
                cell.diff_option,
                CellDiffOption::ForcedWidth(width_of_url.try_into().expect("not zero")),
                "the cell claims the address's own width"
            );
            // The diff wrote nothing over the cells the link covers: the terminal is left to
            // show the link's own text there.
            let covered: String = (*x..x + width_of_url)
                .skip(1)
                .map(|x| buffer[(x, *y)].symbol())
                .collect();
            assert_eq!(covered.trim(), "", "nothing drawn over the link");
        }
    }
}

/// Bytes written through a backend, kept where the test can read them.
#[derive(Clone, Default)]
struct Sent(Arc<Mutex<Vec<u8>>>);

impl Write for Sent {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws `app` through a real crossterm backend into bytes, as the member's terminal receives
/// them: first the checklist (so there is text beneath to go stale), then the QR popup.
fn bytes_sent(app: &mut App, width: u16, height: u16) -> (Vec<u8>, Buffer) {
    app.update(Action::Resize { width, height }, noon());
    let area = Rect::new(0, 0, width, height);
    let sent = Sent::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(sent.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .expect("a terminal over bytes");
    let qr = app.popups.pop().expect("the QR popup");
    let addresses = app.popups.pop();
    terminal
        .draw(|frame| {
            linkedin_optout::ui::render(app, frame);
        })
        .expect("drawn");
    app.popups.extend(addresses);
    app.popups.push(qr);
    let frame = terminal
        .draw(|frame| {
            linkedin_optout::ui::render(app, frame);
        })
        .expect("drawn");
    let buffer = frame.buffer.clone();
    let bytes = sent.0.lock().expect("not poisoned").clone();
    (bytes, buffer)
}

/// The rows a terminal should show for `buffer`: a forced-width cell shows its text without the
/// escape sequences and covers the cells after it.
fn expected_rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut x = area.left();
            while x < area.right() {
                let cell = &buffer[(x, y)];
                match cell.diff_option {
                    CellDiffOption::ForcedWidth(width) => {
                        row.push_str(&strip_osc(cell.symbol()));
                        x += width.get();
                    }
                    _ => {
                        row.push_str(cell.symbol());
                        x += 1;
                    }
                }
            }
            row.trim_end().to_owned()
        })
        .collect()
}

/// `text` without OSC sequences (`ESC ] … ESC \`).
fn strip_osc(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("\x1b]") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("\x1b\\")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn the_bytes_sent_hold_one_complete_link_and_the_screen_shows_the_whole_address() {
    for (item, page, url) in every_address() {
        for (width, height) in [(120, 32), (200, 50)] {
            let at = format!("{url} at {width}x{height}");
            let mut app = showing_qr(item, page, true);
            app.caps.hyperlinks = true;
            let (bytes, buffer) = bytes_sent(&mut app, width, height);
            let sent = String::from_utf8(bytes.clone()).expect("UTF-8");
            assert_eq!(
                sent.matches(&link(&url, &url)).count(),
                1,
                "{at}: one complete link in {:?}",
                sent.find("\x1b]8")
                    .map(|i| &sent[i..(i + 240).min(sent.len())])
            );
            assert_eq!(
                sent.matches("\x1b]8;;").count(),
                2,
                "{at}: one link opened, one closed, nothing else"
            );

            let mut parser = vt100::Parser::new(
                height.try_into().expect("rows"),
                width.try_into().expect("columns"),
                0,
            );
            parser.process(&bytes);
            let shown: Vec<String> = parser
                .screen()
                .rows(0, width)
                .map(|row| row.trim_end().to_owned())
                .collect();
            let expected = expected_rows(&buffer);
            let row = shown
                .iter()
                .position(|row| row.contains(&url))
                .unwrap_or_else(|| panic!("{at}: the address is not on screen:\n{shown:#?}"));
            assert!(
                shown[row].trim_start() == url,
                "{at}: nothing stale beside the address: {:?}",
                shown[row]
            );
            assert_eq!(shown, expected, "{at}: the screen is what was drawn");
        }
    }
}

#[test]
fn what_c_did_shows_under_the_code_and_the_code_still_decodes() {
    for (item, page, url) in every_address() {
        for (width, height) in SIZES {
            let mut app = showing_qr(item, page, true);
            app.update(Action::CopyUrl, noon());
            app.update(
                Action::Copied(Ok(
                    "Copied to tmux's buffer and your terminal's clipboard.".into()
                )),
                noon(),
            );
            let terminal = render(&mut app, width, height);
            let text = screen_text(&terminal);
            assert!(
                text.contains("Copied to tmux's buffer and your terminal's clipboard."),
                "{url} at {width}x{height}: the copy's result is in view:\n{text}"
            );
            assert_eq!(
                decode(terminal.backend().buffer(), DARK),
                vec![url.clone()],
                "{url} at {width}x{height} with a message under it"
            );
        }
    }
}

#[test]
fn a_message_from_before_the_qr_takes_none_of_its_room() {
    for (item, page, url) in every_address() {
        let mut app = app();
        highlight_address(&mut app, item, page);
        app.update(Action::Start, noon());
        assert!(app.status.is_some(), "the start message is shown");
        app.update(Action::ShowQr, noon());
        let text = screen_text(&render(&mut app, 80, 24));
        assert!(joined_rows(&text).contains(&url), "{url}:\n{text}");
    }
}
