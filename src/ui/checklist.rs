//! The list: the two opt-outs, then the more privacy switches under their own heading (folded
//! away if the member chose). A text marker per row, so nothing depends on colour. The list
//! scrolls to keep the selected row in view.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Padding, Paragraph, Wrap};

use super::{Theme, View, bordered, shorten};
use crate::app::App;
use crate::catalog::{Applicability, Group, OptOut};
use crate::standing::{Mark, Standing};

/// How many lines a row takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Density {
    /// Every item: its title, then where the member is with it in words (side by side, where
    /// the list has the window's height).
    Full,
    /// The opt-outs in two lines, the more privacy switches in one (their marker still says
    /// where the member is): stacked above the details.
    Stacked,
    /// One line an item: a short window.
    Compact,
}

impl Density {
    fn lines(self, item: &OptOut) -> u16 {
        match (self, item.group) {
            (Self::Full, _) | (Self::Stacked, Group::OptOuts) => 2,
            _ => 1,
        }
    }
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// The item at this index of `catalog.items`.
    Item(usize),
    /// The more privacy switches' heading, which folds them.
    MoreHeading,
}

/// The rows shown, in order: every opt-out, the heading, then the more privacy switches unless
/// folded.
fn rows(app: &App) -> impl Iterator<Item = Row> + '_ {
    let opt_outs = app.catalog.group_len(Group::OptOuts);
    let heading = (app.catalog.group_len(Group::More) > 0).then_some(Row::MoreHeading);
    (0..opt_outs)
        .map(Row::Item)
        .chain(heading)
        .chain((opt_outs..app.shown_len()).map(Row::Item))
}

fn row_height(app: &App, row: Row, density: Density) -> u16 {
    match row {
        Row::Item(index) => density.lines(&app.catalog.items[index]),
        Row::MoreHeading => 1,
    }
}

/// The height the whole list wants, borders included.
pub fn height(app: &App, density: Density) -> u16 {
    rows(app)
        .map(|row| row_height(app, row, density))
        .fold(2, u16::saturating_add)
}

/// The least height that still shows both opt-outs and the heading of the more privacy
/// switches, borders included: stacked, the list gets at least this.
pub fn least_height(app: &App, density: Density) -> u16 {
    rows(app)
        .take_while(|row| *row != Row::MoreHeading)
        .map(|row| row_height(app, row, density))
        .fold(2, u16::saturating_add)
        .saturating_add(u16::from(app.catalog.group_len(Group::More) > 0))
}

/// Draws the list into `area` and notes where each row is, the cursor and the first row shown,
/// in `view`.
pub fn render(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    density: Density,
    view: &mut View,
) {
    let mut block = bordered(theme).title(" Checklist ");
    let inner = block.inner(area);
    let shown: Vec<Row> = rows(app).collect();
    let heights: Vec<u16> = shown
        .iter()
        .map(|row| row_height(app, *row, density))
        .collect();
    let selected_row = shown.iter().position(|row| *row == Row::Item(app.selected));
    let offset = first_shown(
        &shown,
        &heights,
        selected_row,
        app.limits.list_offset,
        inner.height,
    );
    view.limits.list_offset = offset;
    // Marks on the border say the list goes on, as the details' "PgDn: more" does.
    let below: u16 = heights[offset..]
        .iter()
        .fold(0, |sum, h| sum.saturating_add(*h));
    let (up, down) = if theme.unicode {
        (" \u{2191} more ", " \u{2193} more ")
    } else {
        (" ^ more ", " v more ")
    };
    if offset > 0 {
        block = block.title(Line::from(up).right_aligned());
    }
    if below > inner.height {
        block = block.title_bottom(Line::from(down).right_aligned());
    }
    frame.render_widget(block, area);
    // Two columns for "> " and the marker's own width are taken before the title.
    let title_width = usize::from(inner.width).saturating_sub(6);
    // Only the rows in view are made: each works out where its item stands.
    let mut room = inner.height;
    let in_view = heights[offset..]
        .iter()
        .take_while(|lines| {
            let fits = room > 0;
            room = room.saturating_sub(**lines);
            fits
        })
        .count();
    // The last row may be cut by the border: it shows its title alone, as ratatui's list draws
    // no row it cannot fit whole, and a blank line there would still take a click.
    let mut room = inner.height;
    let items: Vec<ListItem> = shown[offset..offset + in_view]
        .iter()
        .map(|row| match *row {
            Row::Item(index) => {
                let item = &app.catalog.items[index];
                let lines = density.lines(item);
                let compact = lines == 1 || lines > room;
                room = room.saturating_sub(lines);
                self::row(app, item, theme, title_width, compact)
            }
            Row::MoreHeading => {
                room = room.saturating_sub(1);
                heading(app, theme, usize::from(inner.width).saturating_sub(2))
            }
        })
        .collect();
    let list = List::new(items)
        .highlight_symbol("> ")
        .highlight_style(theme.selected());
    let selected_in_view = selected_row
        .and_then(|row| row.checked_sub(offset))
        .filter(|row| *row < in_view);
    let mut state = ListState::default().with_selected(selected_in_view);
    frame.render_stateful_widget(list, inner, &mut state);

    let mut top = inner.y;
    for (row, lines) in shown.iter().zip(&heights).skip(offset) {
        if top >= inner.bottom() {
            break;
        }
        let rect = Rect {
            y: top,
            height: (*lines).min(inner.bottom() - top),
            ..inner
        };
        match *row {
            Row::Item(index) => {
                view.rows.push((rect, index));
                if index == app.selected {
                    view.cursor = Some(Position::new(inner.x, top));
                }
            }
            Row::MoreHeading => view.fold = Some(rect),
        }
        top = top.saturating_add(*lines);
    }
    view.list = Some(area);

    // Side by side there is room under the rows for why the list exists.
    let rows = height(app, density).saturating_sub(2);
    if inner.height > rows.saturating_add(INTRO_MIN_LINES) {
        let intro = Rect {
            y: inner.y + rows + 1,
            height: inner.height - rows - 1,
            ..inner
        };
        let text = Paragraph::new(theme.text(&app.catalog.intro))
            .style(theme.quiet())
            .wrap(Wrap { trim: true })
            .block(ratatui::widgets::Block::new().padding(Padding::horizontal(2)));
        frame.render_widget(text, intro);
    }
}

/// The first row to show: where the last frame started, moved only as far as needed to show the
/// selected row whole (with the heading above the group's first switch), and no further down
/// than leaves the list's end in view. Kept between frames, so moving within the rows in view
/// scrolls nothing, and a click lands where the row was.
fn first_shown(
    shown: &[Row],
    heights: &[u16],
    selected: Option<usize>,
    last: usize,
    room: u16,
) -> usize {
    let lines = |rows: &[u16]| rows.iter().fold(0u16, |sum, h| sum.saturating_add(*h));
    let mut offset = last.min(shown.len().saturating_sub(1));
    if let Some(selected) = selected {
        let top = match selected.checked_sub(1) {
            Some(above) if shown[above] == Row::MoreHeading => above,
            _ => selected,
        };
        offset = offset.min(top);
        while offset < selected && lines(&heights[offset..=selected]) > room {
            offset += 1;
        }
    }
    // A taller window (or a fold) may leave room above: fill it.
    while offset > 0 && lines(&heights[offset - 1..]) <= room {
        offset -= 1;
    }
    offset
}

/// "More privacy switches · 3 of 8 done · z folds", with a fold mark before it.
fn heading(app: &App, theme: Theme, width: usize) -> ListItem<'static> {
    let folded = app.more_folded();
    let mark = match (folded, theme.unicode) {
        (true, true) => "\u{25b8}",
        (false, true) => "\u{25be}",
        (true, false) => "+",
        (false, false) => "-",
    };
    let dot = theme.dot();
    let done = app.done_count(Group::More);
    let total = app.catalog.group_len(Group::More);
    let fold = if folded { "z shows" } else { "z folds" };
    // Folded, a switch due for a re-check still shows here: its `[!]` row does not.
    let stale = app
        .catalog
        .group(Group::More)
        .filter(|item| matches!(app.standing(item), Standing::Stale { .. }))
        .count();
    let again = if stale > 0 {
        format!("{dot}{stale} to check again")
    } else {
        String::new()
    };
    let name = Group::More.heading();
    // The key is named where it fits ("done" gives way first); the footer and the help name it
    // too.
    let text = [
        format!("{mark} {name}{dot}{done} of {total} done{again}{dot}{fold}"),
        format!("{mark} {name}{dot}{done} of {total}{again}{dot}{fold}"),
        format!("{mark} {name}{dot}{done} of {total}{again}"),
    ]
    .into_iter()
    .find(|text| super::width_of(text) <= width)
    .unwrap_or_else(|| {
        shorten(
            &format!("{mark} {name}{dot}{done} of {total}{again}"),
            width,
            theme,
        )
    });
    ListItem::new(Line::from(Span::styled(text, theme.heading())))
}

/// The intro is shown only with room for a few lines of it.
const INTRO_MIN_LINES: u16 = 4;

/// `[ ]` pending, `[~]` opened, `[x]` confirmed, `[-]` not shown or not in the region, `[!]`
/// check again, and a second line saying so in words.
fn row<'a>(
    app: &App,
    item: &'a OptOut,
    theme: Theme,
    title_width: usize,
    compact: bool,
) -> ListItem<'a> {
    let record = app.record(item);
    let standing = app.standing(item);
    let style = match standing {
        Standing::Pending => theme.quiet(),
        Standing::Opened => theme.in_progress(),
        Standing::Confirmed | Standing::NotOffered | Standing::NotApplicable => theme.done(),
        Standing::Stale { .. } => theme.problem(),
    };
    let note = if app.launching.contains(&item.id) {
        format!("opening in your browser{}", theme.ellipsis())
    } else if app.dated_in_future(item).is_some() {
        "dated in the future: was the clock wrong?".to_owned()
    } else {
        let settled = record.settled().map(|(at, _)| app.date(at));
        match (&standing, settled, record.opened_at) {
            (Standing::NotApplicable, _, _) => "not in your region".to_owned(),
            (Standing::Confirmed, Some(at), _) => format!("confirmed {at}"),
            (Standing::NotOffered, Some(at), _) => format!("not shown to you (noted {at})"),
            (
                Standing::Stale {
                    mark: Mark::Confirmed,
                    ..
                },
                Some(at),
                _,
            ) => {
                format!("confirmed {at}: check again")
            }
            (Standing::Stale { .. }, Some(at), _) => format!("not shown {at}: check again"),
            (Standing::Opened, _, Some(at)) => {
                format!("opened {}, not confirmed yet", app.date(at))
            }
            (Standing::Opened, _, None) => "opened, not confirmed yet".to_owned(),
            _ if matches!(app.applicability(item), Applicability::Uncertain { .. }) => {
                "may not exist in your region".to_owned()
            }
            _ if matches!(
                app.applicability(item),
                Applicability::OffUnlessAgreed { .. }
            ) =>
            {
                "off here unless you agreed: check once".to_owned()
            }
            _ => "not done yet".to_owned(),
        }
    };
    let title = Line::from(vec![
        Span::styled(standing.marker(), style),
        Span::raw(" "),
        Span::raw(shorten(&theme.text(&item.title), title_width, theme)),
    ]);
    if compact {
        return ListItem::new(title);
    }
    ListItem::new(vec![
        title,
        Line::from(vec![Span::raw("    "), Span::styled(note, style)]),
    ])
}
