//! The phone handoff: an address as a QR code drawn with half blocks, so a phone's camera can
//! open it, with the address below as an OSC 8 hyperlink where the terminal allows.

use std::num::NonZeroU16;

use qrcode::{Color as Module, QrCode};
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::Theme;
use crate::app::App;
use crate::catalog::AddressRole;

/// Quiet zones to try, widest first: the standard asks for 4 modules, scanners manage with 2.
const QUIET_ZONES: [usize; 3] = [4, 3, 2];

/// The QR code as rows of light (`true`) and dark modules, quiet zone included.
pub fn modules(url: &str, quiet_zone: usize) -> Option<Vec<Vec<bool>>> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let side = width + 2 * quiet_zone;
    let mut rows = vec![vec![true; side]; side];
    for (i, module) in colors.iter().enumerate() {
        rows[quiet_zone + i / width][quiet_zone + i % width] = *module == Module::Light;
    }
    Some(rows)
}

/// Draws the QR popup for `url` over the whole of `area` and returns `area`.
pub fn render(
    app: &App,
    id: &str,
    url: &str,
    address_only: bool,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) -> Rect {
    frame.render_widget(Clear, area);
    // The page's own name where it is not the setting's page ("Data privacy settings").
    let title_text = app.catalog.get(id).map_or(id, |item| {
        item.addresses()
            .into_iter()
            .find(|address| address.url == url)
            .filter(|address| !matches!(address.role, AddressRole::Direct))
            .and_then(|address| address.name)
            .unwrap_or(&item.title)
    });
    let title = Line::from(theme.text(&format!("Scan with your phone: {title_text}")))
        .style(theme.heading())
        .alignment(Alignment::Center);
    let url_lines = wrapped_lines(url, area.width);
    let say = |lines: Vec<Line<'static>>, frame: &mut Frame| {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    };
    if address_only {
        let mut lines = vec![
            Line::from(theme.text(&format!("The address of {title_text}:"))),
            Line::default(),
        ];
        let top = area.y + 2;
        let count = u16::try_from(url_lines.len()).unwrap_or(u16::MAX);
        lines.extend(
            url_lines
                .iter()
                .map(|l| Line::from(l.clone()).style(theme.url())),
        );
        lines.push(Line::default());
        lines.push(Line::from(
            "Press u for the code again, c to copy, Esc to close.",
        ));
        say(lines, frame);
        if app.caps.hyperlinks {
            link_lines(frame.buffer_mut(), area.x, top, &url_lines, url, count);
        }
        return area;
    }
    if !theme.unicode {
        say(
            vec![
                title,
                Line::default(),
                Line::from(
                    "The QR code needs a UTF-8 terminal: a UTF-8 locale (en_US.UTF-8, say) in \
                     LC_ALL, or in LANG when LC_ALL and LC_CTYPE are unset. Press u to show the \
                     address, or c to copy it.",
                ),
            ],
            frame,
        );
        return area;
    }
    // The widest quiet zone that leaves room for the title and the address; else for the
    // address alone (a narrower quiet zone scans, a missing address cannot be read); else the
    // widest that fits at all, with the address one key away.
    let url_height = u16::try_from(url_lines.len()).unwrap_or(u16::MAX);
    let codes: Vec<(Vec<Vec<bool>>, u16, u16)> = QUIET_ZONES
        .iter()
        .filter_map(|&zone| {
            let rows = modules(url, zone)?;
            let width = u16::try_from(rows.len()).ok()?;
            let height = width.div_ceil(2);
            (width <= area.width && height <= area.height).then_some((rows, width, height))
        })
        .collect();
    let room_for = |title: u16| {
        codes
            .iter()
            .position(|(_, _, height)| height + title + url_height <= area.height)
    };
    let roomy = room_for(1).or_else(|| room_for(0));
    let fitting = match roomy {
        Some(index) => codes.into_iter().nth(index),
        None => codes.into_iter().next(),
    };
    let Some((rows, width, height)) = fitting else {
        say(
            vec![
                title,
                Line::default(),
                Line::from(
                    "The window is too small for the QR code. Enlarge it, press u to show the \
                     address, or c to copy it.",
                ),
            ],
            frame,
        );
        return area;
    };
    // Title, code and address when all fit; else the code with a pointer to the address.
    let room = area.height - height;
    let (show_title, show_url) = match room {
        r if r > url_height => (true, true),
        r if r >= url_height => (false, true),
        r if r >= 1 => (true, false),
        _ => (false, false),
    };
    let used = height + u16::from(show_title) + if show_url { url_height } else { 1 };
    let mut y = area.y + (area.height.saturating_sub(used)) / 2;
    if show_title {
        frame.render_widget(
            title,
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        y += 1;
    }
    let code_area = Rect {
        x: area.x + (area.width - width) / 2,
        y,
        width,
        height,
    };
    draw_modules(
        &rows,
        code_area,
        frame.buffer_mut(),
        theme.color,
        app.qr_inverted,
    );
    y += height;
    if show_url {
        for (index, text) in url_lines.iter().enumerate() {
            let line_width = u16::try_from(text.len()).unwrap_or(u16::MAX);
            let row = Rect {
                x: area.x + (area.width.saturating_sub(line_width)) / 2,
                y: y + u16::try_from(index).unwrap_or(0),
                width: line_width.min(area.width),
                height: 1,
            };
            frame.render_widget(Line::from(text.clone()).style(theme.url()), row);
            if app.caps.hyperlinks {
                hyperlink(frame.buffer_mut(), row, url);
            }
        }
    } else if y < area.bottom() {
        let hint = Line::from("u shows the address · c copies it")
            .alignment(Alignment::Center)
            .style(theme.quiet());
        frame.render_widget(
            hint,
            Rect {
                y,
                height: 1,
                ..area
            },
        );
    }
    area
}

/// `url` cut into lines of at most `width` characters (addresses are ASCII).
fn wrapped_lines(url: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    url.as_bytes()
        .chunks(width)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect()
}

/// Links each line of an address drawn from (`x`, `top`) down.
fn link_lines(buffer: &mut Buffer, x: u16, top: u16, lines: &[String], url: &str, count: u16) {
    for (index, text) in lines.iter().enumerate().take(usize::from(count)) {
        let width = u16::try_from(text.len()).unwrap_or(u16::MAX);
        let row = Rect {
            x,
            y: top + u16::try_from(index).unwrap_or(0),
            width,
            height: 1,
        };
        hyperlink(buffer, row, url);
    }
}

/// Two module rows per terminal row: `▀` light above, `▄` light below, `█` both, space neither.
/// Light modules are drawn in the foreground colour.
fn draw_modules(rows: &[Vec<bool>], area: Rect, buffer: &mut Buffer, color: bool, inverted: bool) {
    // With colour, explicit white on black whatever the theme, so the code scans on dark and
    // light backgrounds alike. Without colour only the terminal's own colours exist: right on
    // dark themes, and the member inverts it (i) on light ones.
    let style = if color {
        Style::new().fg(Color::White).bg(Color::Black)
    } else {
        Style::new()
    };
    for (pair, y) in rows.chunks(2).zip(area.top()..area.bottom()) {
        for (x_index, x) in (area.left()..area.right()).enumerate() {
            let light = |row: Option<&Vec<bool>>| {
                row.and_then(|r| r.get(x_index)).copied().unwrap_or(false) != inverted
            };
            let symbol = match (light(pair.first()), light(pair.get(1))) {
                (true, true) => "█",
                (true, false) => "▀",
                (false, true) => "▄",
                (false, false) => " ",
            };
            if let Some(cell) = buffer.cell_mut((x, y)) {
                cell.set_symbol(symbol).set_style(style);
            }
        }
    }
}

/// Wraps the text already drawn in `line` in one OSC 8 hyperlink. The whole sequence goes in
/// the first cell with its true width forced (ratatui's supported way for escape sequences), so
/// the diff neither counts the escape text as width nor redraws the covered cells.
fn hyperlink(buffer: &mut Buffer, line: Rect, url: &str) {
    let Some(width) = NonZeroU16::new(line.width) else {
        return;
    };
    let text: String = (line.left()..line.right())
        .filter_map(|x| buffer.cell((x, line.y)).map(|c| c.symbol().to_owned()))
        .collect();
    if let Some(cell) = buffer.cell_mut((line.x, line.y)) {
        cell.set_symbol(&format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"))
            .set_diff_option(CellDiffOption::ForcedWidth(width));
    }
}
