//! Drawing: a function of `&App` that also reports what only a render can know (how far each
//! pane scrolls, where each row is for the mouse). One file per part of the screen.

mod checklist;
mod details;
mod footer;
mod header;
mod popup;
pub mod qr;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::symbols::border;
use ratatui::text::Text;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{App, Limits, Pane, Popup};
use checklist::Density;

pub use theme::Theme;

/// From this width on, the list and the details sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// The list's width when side by side.
const LIST_WIDTH: u16 = 48;
/// Stacked, the details keep at least this many rows (borders included) before the list gives
/// up its second line an item.
const DETAILS_MIN_HEIGHT: u16 = 6;
/// Stacked, the list takes at most this share of the height below the title (percent), unless
/// it needs more to show both opt-outs and the next group's heading.
const LIST_SHARE_PERCENT: u16 = 33;
/// The banner never takes more lines than this.
const MAX_BANNER_LINES: u16 = 5;

/// What a render found out: the limits the core scrolls within, and where things are for the
/// mouse. Kept by the shell until the next render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub limits: Limits,
    /// Each item's rows on screen, with its index.
    pub rows: Vec<(Rect, usize)>,
    /// The more privacy switches' heading, when on screen: a click folds them.
    pub fold: Option<Rect>,
    /// The whole list, borders included: the wheel over it moves the selection.
    pub list: Option<Rect>,
    /// The details pane, when visible.
    pub details: Option<Rect>,
    /// The popup on top, when one is shown.
    pub popup: Option<Rect>,
    /// Where the help is drawn, when it is.
    pub help: Option<Rect>,
    /// The selected row's start, for the terminal cursor (screen readers follow it).
    pub cursor: Option<Position>,
}

/// Where a click or the wheel landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Row(usize),
    /// The heading that folds the more privacy switches.
    Fold,
    Pane(Pane),
    /// Outside the popup on top.
    OutsidePopup,
    /// Inside the popup on top, or nowhere in particular.
    Nothing,
}

impl View {
    /// What is at column `x`, row `y`.
    pub fn hit(&self, x: u16, y: u16) -> Hit {
        let at = Position::new(x, y);
        if let Some(popup) = self.popup {
            if self.help.is_some_and(|help| help.contains(at)) {
                return Hit::Pane(Pane::Help);
            }
            return if popup.contains(at) {
                Hit::Nothing
            } else {
                Hit::OutsidePopup
            };
        }
        if let Some((_, index)) = self.rows.iter().find(|(rect, _)| rect.contains(at)) {
            return Hit::Row(*index);
        }
        if self.fold.is_some_and(|fold| fold.contains(at)) {
            return Hit::Fold;
        }
        if self.list.is_some_and(|list| list.contains(at)) {
            return Hit::Pane(Pane::List);
        }
        if self.details.is_some_and(|d| d.contains(at)) {
            return Hit::Pane(Pane::Details);
        }
        Hit::Nothing
    }
}

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Areas {
    header: Rect,
    banner: Rect,
    list: Rect,
    /// How many lines each row of the list takes.
    density: Density,
    details: Rect,
    status: Rect,
    footer: Rect,
}

impl Areas {
    /// `None` when the screen is too small to be useful.
    fn of(app: &App, theme: Theme, screen: Rect) -> Option<Self> {
        if app.too_small() || screen.width < crate::app::MIN_WIDTH {
            return None;
        }
        let banner_lines = app.banner.as_deref().map_or(0, |text| {
            let lines = header::banner(text, theme).line_count(screen.width);
            u16::try_from(lines)
                .unwrap_or(u16::MAX)
                .min(MAX_BANNER_LINES)
        });
        let status_lines = footer::status_lines(app, theme, screen.width, screen.height);
        // Fixed rows and columns: plain arithmetic, as the layout solver would cost a good part
        // of the first frame for the same answer.
        let mut main = screen;
        let header = take_top(&mut main, 1);
        let banner = take_top(&mut main, banner_lines);
        let footer = take_bottom(&mut main, 1);
        let status = take_bottom(&mut main, status_lines);
        let mut details = main;
        let (list, density) = if screen.width >= SIDE_BY_SIDE_WIDTH {
            (take_left(&mut details, LIST_WIDTH), Density::Full)
        } else {
            // Stacked, the list shows at least both opt-outs and the next group's heading, and
            // scrolls within at most a share of the height, so the details keep room for the
            // address; in a short window it keeps one line an item.
            let density = if details.height
                < checklist::least_height(app, Density::Stacked) + DETAILS_MIN_HEIGHT
            {
                Density::Compact
            } else {
                Density::Stacked
            };
            let share = details.height.saturating_mul(LIST_SHARE_PERCENT) / 100;
            let rows = checklist::height(app, density)
                .min(share.max(checklist::least_height(app, density)));
            (take_top(&mut details, rows), density)
        };
        Some(Self {
            header,
            banner,
            list,
            density,
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

/// Draws the whole screen and reports what the render found.
pub fn render(app: &App, frame: &mut Frame) -> View {
    let screen = frame.area();
    let theme = Theme::of(app);
    let mut view = View::default();
    let Some(areas) = Areas::of(app, theme, screen) else {
        frame.render_widget(too_small(screen), screen);
        if app.popup() == Some(&Popup::Help) {
            popup::help(app, theme, frame, screen, &mut view);
        }
        return view;
    };
    frame.render_widget(header::title(app, theme, areas.header.width), areas.header);
    if let Some(text) = &app.banner {
        frame.render_widget(header::banner(text, theme), areas.banner);
    }
    checklist::render(app, theme, frame, areas.list, areas.density, &mut view);
    details::render(app, theme, frame, areas.details, &mut view);
    frame.render_widget(footer::status(app, theme), areas.status);
    frame.render_widget(footer::hints(app, theme, areas.footer.width), areas.footer);
    // Popups keep the footer's hints visible, and a message (what `c` did, a save that failed)
    // stays in view under them.
    let above_footer = if app.status.is_some() || app.save_slow {
        Rect {
            height: areas.status.y.saturating_sub(screen.y),
            ..screen
        }
    } else {
        Rect {
            height: screen.height.saturating_sub(1),
            ..screen
        }
    };
    let mut popup_area = None;
    for (depth, popup) in app.popups.iter().enumerate() {
        let on_top = depth + 1 == app.popups.len();
        popup_area = Some(match popup {
            Popup::Help => popup::help(app, theme, frame, above_footer, &mut view),
            Popup::ConfirmUndo { id } => {
                popup::confirm_undo(app, id, false, theme, frame, above_footer)
            }
            Popup::NotOfferedUndo { id } => {
                popup::confirm_undo(app, id, true, theme, frame, above_footer)
            }
            Popup::LaunchFailed { id, url, reason } => {
                popup::launch_failed(app, id, url, reason, theme, frame, above_footer)
            }
            Popup::ChooseRegion { highlighted } => {
                popup::choose_region(app, *highlighted, theme, frame, above_footer)
            }
            Popup::ChooseLanguage { highlighted } => {
                popup::choose_language(app, *highlighted, theme, frame, above_footer)
            }
            Popup::Addresses { id, highlighted } => {
                popup::addresses(app, id, *highlighted, theme, frame, above_footer)
            }
            Popup::Qr {
                id,
                url,
                address_only,
            } => qr::render(app, id, url, *address_only, theme, frame, above_footer),
        });
        if !on_top && *popup == Popup::Help {
            // Only the top popup's help area takes the wheel.
            view.help = None;
        }
    }
    view.popup = popup_area;
    if app.popup() != Some(&Popup::Help) {
        view.help = None;
    }
    view
}

/// The border set: box drawing, or ASCII where the terminal cannot show it.
pub fn border_set(theme: Theme) -> border::Set<'static> {
    if theme.unicode {
        border::PLAIN
    } else {
        border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        }
    }
}

/// A bordered block in the theme's border set.
pub fn bordered(theme: Theme) -> Block<'static> {
    Block::bordered().border_set(border_set(theme))
}

fn too_small(screen: Rect) -> Paragraph<'static> {
    let text = format!(
        "Terminal too small ({}x{}). linkedin-optout needs at least {}x{}: enlarge the window, \
         or press q to quit.",
        screen.width,
        screen.height,
        crate::app::MIN_WIDTH,
        crate::app::MIN_HEIGHT
    );
    Paragraph::new(Text::from(text)).wrap(Wrap { trim: true })
}

/// Lines `paragraph` overflows `area` by: how far it can scroll.
fn overflow(paragraph: &Paragraph, area: Rect) -> u16 {
    let lines = u16::try_from(paragraph.line_count(area.width)).unwrap_or(u16::MAX);
    lines.saturating_sub(area.height)
}

/// How many columns `text` takes.
pub fn width_of(text: &str) -> usize {
    ratatui::text::Span::raw(text).width()
}

/// `text` cut to at most `width` columns at a word boundary, with an ellipsis, when too long.
pub fn shorten(text: &str, width: usize, theme: Theme) -> String {
    if width_of(text) <= width {
        return text.to_owned();
    }
    let ellipsis = theme.ellipsis();
    let room = width.saturating_sub(width_of(ellipsis));
    let mut cut = String::new();
    for word in text.split_inclusive(' ') {
        if width_of(format!("{cut}{word}").trim_end()) > room {
            break;
        }
        cut.push_str(word);
    }
    if cut.trim().is_empty() {
        // One long word: cut it anywhere.
        let mut used = 0;
        cut = text
            .chars()
            .take_while(|c| {
                used += width_of(c.encode_utf8(&mut [0; 4]));
                used <= room
            })
            .collect();
    }
    format!("{}{ellipsis}", cut.trim_end())
}
