//! The phone handoff: the selected page as a QR code drawn with half blocks, so a phone's camera
//! can open it, with the address below as an OSC 8 hyperlink where the terminal allows.

use qrcode::{Color as Module, QrCode};
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::Theme;
use crate::app::App;

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

/// Draws the QR popup over the whole of `area`.
pub fn render(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let item = app.selected_item();
    frame.render_widget(Clear, area);
    let title = Line::from(format!("Scan with your phone: {}", item.title))
        .style(theme.heading())
        .alignment(Alignment::Center);
    let fitting = QUIET_ZONES.iter().find_map(|&zone| {
        let rows = modules(item.url(), zone)?;
        let width = u16::try_from(rows.len()).ok()?;
        let height = width.div_ceil(2);
        (width <= area.width && height < area.height).then_some((rows, width, height))
    });
    let Some((rows, width, height)) = fitting else {
        let message = Paragraph::new(vec![
            title,
            Line::default(),
            Line::from(
                "The terminal is too small for the QR code. Enlarge it, or press c to copy the \
                 address.",
            ),
        ])
        .wrap(Wrap { trim: true });
        frame.render_widget(message, area);
        return;
    };
    let show_url = height + 2 < area.height;
    let [title_area, code_area, url_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(height),
        Constraint::Length(u16::from(show_url)),
    ])
    .flex(ratatui::layout::Flex::Center)
    .areas(area);
    frame.render_widget(title, title_area);
    let code_area = code_area.centered_horizontally(Constraint::Length(width));
    draw_modules(&rows, code_area, frame.buffer_mut(), app.color);
    if show_url {
        // Placed exactly, so the hyperlink covers the text and nothing else.
        let text_width = u16::try_from(item.url().len()).unwrap_or(u16::MAX);
        let line = url_area.centered_horizontally(Constraint::Length(text_width));
        frame.render_widget(Line::from(item.url()).style(theme.url()), line);
        if app.hyperlinks {
            hyperlink(frame.buffer_mut(), line, item.url());
        }
    }
}

/// Two module rows per terminal row: `▀` light above, `▄` light below, `█` both, space neither.
fn draw_modules(rows: &[Vec<bool>], area: Rect, buffer: &mut Buffer, color: bool) {
    // Light modules are drawn in the foreground colour. With colour, pin black on white so the
    // code scans on any theme; without, dark themes come out right and scanners read light
    // themes' inverted code too.
    let style = if color {
        Style::new().fg(Color::White).bg(Color::Black)
    } else {
        Style::new()
    };
    for (pair, y) in rows.chunks(2).zip(area.top()..area.bottom()) {
        for (x_index, x) in (area.left()..area.right()).enumerate() {
            let top = pair[0].get(x_index).copied().unwrap_or(false);
            let bottom = pair
                .get(1)
                .and_then(|r| r.get(x_index))
                .copied()
                .unwrap_or(false);
            let symbol = match (top, bottom) {
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

/// Wraps already drawn text in OSC 8 so terminals that support it make it clickable. Two cells
/// per sequence, the second skipped, as ratatui would otherwise split the escape.
fn hyperlink(buffer: &mut Buffer, line: Rect, url: &str) {
    let mut x = line.left();
    while x < line.right() {
        let first = buffer.cell((x, line.y)).map(|c| c.symbol().to_owned());
        let second = buffer.cell((x + 1, line.y)).map(|c| c.symbol().to_owned());
        let text = format!(
            "{}{}",
            first.unwrap_or_default(),
            second.unwrap_or_default()
        );
        if let Some(cell) = buffer.cell_mut((x, line.y)) {
            cell.set_symbol(&format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"));
        }
        if let Some(cell) = buffer.cell_mut((x + 1, line.y)) {
            cell.set_diff_option(CellDiffOption::Skip);
        }
        x = x.saturating_add(2);
    }
}
