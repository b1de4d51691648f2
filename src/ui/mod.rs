//! Drawing: a pure function of `&App`. One file per part of the screen.

mod checklist;
mod details;
mod footer;
mod header;
mod popup;
pub mod qr;
mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Text;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Popup};

pub use theme::Theme;

/// Below this the screen shows only a "too small" message.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, the list and the details sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// The list's width when side by side.
const LIST_WIDTH: u16 = 48;
/// The banner never takes more lines than this.
const MAX_BANNER_LINES: u16 = 5;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Areas {
    header: Rect,
    banner: Rect,
    list: Rect,
    details: Rect,
    status: Rect,
    footer: Rect,
}

impl Areas {
    /// `None` when the screen is too small to be useful.
    fn of(app: &App, screen: Rect) -> Option<Self> {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
            return None;
        }
        let banner_lines = app.banner.as_deref().map_or(0, |text| {
            let lines = header::banner(text, Theme::of(app)).line_count(screen.width);
            u16::try_from(lines)
                .unwrap_or(u16::MAX)
                .min(MAX_BANNER_LINES)
        });
        // Fixed rows and columns: plain arithmetic, as the layout solver would cost a good part
        // of the first frame for the same answer.
        let mut main = screen;
        let header = take_top(&mut main, 1);
        let banner = take_top(&mut main, banner_lines);
        let footer = take_bottom(&mut main, 1);
        let status = take_bottom(&mut main, 1);
        let mut details = main;
        let list = if screen.width >= SIDE_BY_SIDE_WIDTH {
            take_left(&mut details, LIST_WIDTH)
        } else {
            take_top(&mut details, checklist::height(app))
        };
        Some(Self {
            header,
            banner,
            list,
            details,
            status,
            footer,
        })
    }
}

/// Cuts `rows` rows off the top of `area` and returns them.
fn take_top(area: &mut Rect, rows: u16) -> Rect {
    let rows = rows.min(area.height);
    let top = Rect {
        height: rows,
        ..*area
    };
    area.y += rows;
    area.height -= rows;
    top
}

/// Cuts `rows` rows off the bottom of `area` and returns them.
fn take_bottom(area: &mut Rect, rows: u16) -> Rect {
    let rows = rows.min(area.height);
    area.height -= rows;
    Rect {
        y: area.y + area.height,
        height: rows,
        ..*area
    }
}

/// Cuts `columns` columns off the left of `area` and returns them.
fn take_left(area: &mut Rect, columns: u16) -> Rect {
    let columns = columns.min(area.width);
    let left = Rect {
        width: columns,
        ..*area
    };
    area.x += columns;
    area.width -= columns;
    left
}

/// The screen as the app believes it is (the shell reports every resize).
fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.width, app.height)
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let screen = frame.area();
    let Some(areas) = Areas::of(app, screen) else {
        frame.render_widget(too_small(screen), screen);
        return;
    };
    let theme = Theme::of(app);
    frame.render_widget(header::title(app, theme, areas.header.width), areas.header);
    if let Some(text) = &app.banner {
        frame.render_widget(header::banner(text, theme), areas.banner);
    }
    checklist::render(app, theme, frame, areas.list);
    frame.render_widget(details::pane(app, theme, areas.details), areas.details);
    frame.render_widget(footer::status(app, theme), areas.status);
    frame.render_widget(footer::hints(app, theme), areas.footer);
    match &app.popup {
        None => {}
        Some(Popup::Help) => popup::help(app, theme, frame, help_area(screen)),
        Some(Popup::ConfirmUndo { id }) => popup::confirm_undo(app, id, theme, frame, screen),
        Some(Popup::LaunchFailed { title, url, reason }) => {
            popup::launch_failed(title, url, reason, theme, frame, screen);
        }
        Some(Popup::ChooseRegion) => popup::choose_region(app, theme, frame, screen),
        Some(Popup::Qr) => qr::render(app, theme, frame, help_area(screen)),
    }
}

/// How far the detail pane can scroll at the current size.
pub fn max_detail_scroll(app: &App) -> u16 {
    Areas::of(app, screen(app)).map_or(0, |areas| {
        details::max_scroll(app, Theme::of(app), areas.details)
    })
}

/// How far the help can scroll at the current size.
pub fn max_help_scroll(app: &App) -> u16 {
    popup::max_help_scroll(app, Theme::of(app), help_area(screen(app)))
}

/// The help and the QR code cover everything but the footer line, which keeps its hints.
fn help_area(screen: Rect) -> Rect {
    Rect {
        height: screen.height.saturating_sub(1),
        ..screen
    }
}

fn too_small(screen: Rect) -> Paragraph<'static> {
    let text = format!(
        "Terminal too small ({}x{}). linkedin-optout needs at least {MIN_WIDTH}x{MIN_HEIGHT}: \
         enlarge the window, or press q to quit.",
        screen.width, screen.height
    );
    Paragraph::new(Text::from(text)).wrap(Wrap { trim: true })
}

/// Lines `paragraph` overflows `area` by: how far it can scroll.
fn overflow(paragraph: &Paragraph, area: Rect) -> u16 {
    let lines = u16::try_from(paragraph.line_count(area.width)).unwrap_or(u16::MAX);
    lines.saturating_sub(area.height)
}
