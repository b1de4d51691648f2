//! The list of opt-outs: a text marker per row, so nothing depends on colour.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Padding, Paragraph, Wrap};

use super::{Theme, View, bordered, shorten};
use crate::app::App;
use crate::catalog::{Applicability, OptOut};
use crate::standing::{Mark, Standing};

/// Lines each row takes: the title, then where the member is with it; in a short window only
/// the title (its marker still says where the member is).
fn row_lines(compact: bool) -> u16 {
    if compact { 1 } else { 2 }
}

/// The height the list wants when stacked above the details.
pub fn height(app: &App, compact: bool) -> u16 {
    let rows = u16::try_from(app.catalog.items.len()).unwrap_or(u16::MAX);
    rows.saturating_mul(row_lines(compact)).saturating_add(2)
}

/// Draws the list into `area` and notes where each row is, and the cursor, in `view`.
pub fn render(
    app: &App,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    compact: bool,
    view: &mut View,
) {
    let block = bordered(theme).title(" Opt-outs ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Two columns for "> " and the marker's own width are taken before the title.
    let title_width = usize::from(inner.width).saturating_sub(6);
    let items: Vec<ListItem> = app
        .catalog
        .items
        .iter()
        .map(|item| row(app, item, theme, title_width, compact))
        .collect();
    let list = List::new(items)
        .highlight_symbol("> ")
        .highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(list, inner, &mut state);

    let offset = state.offset();
    for index in offset..app.catalog.items.len() {
        let top = inner.y.saturating_add(
            u16::try_from(index - offset)
                .unwrap_or(u16::MAX)
                .saturating_mul(row_lines(compact)),
        );
        if top >= inner.bottom() {
            break;
        }
        let rect = Rect {
            y: top,
            height: row_lines(compact).min(inner.bottom() - top),
            ..inner
        };
        view.rows.push((rect, index));
        if index == app.selected {
            view.cursor = Some(Position::new(inner.x, top));
        }
    }

    // Side by side there is room under the rows for why the list exists.
    let rows = height(app, compact).saturating_sub(2);
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
