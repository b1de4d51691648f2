//! The list of opt-outs: a text marker per row, so nothing depends on colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState};

use super::Theme;
use crate::app::App;
use crate::catalog::OptOut;
use crate::progress::ItemState;

/// Lines each row takes: the title, then where the member is with it.
const ROW_LINES: u16 = 2;

/// The height the list wants when stacked above the details.
pub fn height(app: &App) -> u16 {
    let rows = u16::try_from(app.catalog.items.len()).unwrap_or(u16::MAX);
    rows.saturating_mul(ROW_LINES).saturating_add(2)
}

pub fn render(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let items: Vec<ListItem> = app
        .catalog
        .items
        .iter()
        .map(|item| row(app, item, theme))
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(" Opt-outs "))
        .highlight_symbol("> ")
        .highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(list, area, &mut state);
}

/// `[ ]` pending, `[~]` opened, `[x]` confirmed, and a second line saying so in words.
fn row<'a>(app: &App, item: &'a OptOut, theme: Theme) -> ListItem<'a> {
    let record = app.record(item);
    let (marker, style) = match record.state {
        ItemState::Pending => ("[ ]", theme.quiet()),
        ItemState::Opened => ("[~]", theme.in_progress()),
        ItemState::Confirmed => ("[x]", theme.done()),
    };
    let note = if app.launching.contains(&item.id) {
        "opening in your browser…".to_owned()
    } else {
        match (record.state, record.confirmed_at, record.opened_at) {
            (ItemState::Confirmed, Some(at), _) => format!("confirmed {}", app.date(at)),
            (ItemState::Opened, _, Some(at)) => {
                format!("opened {}, not confirmed yet", app.date(at))
            }
            (ItemState::Opened, _, None) => "opened, not confirmed yet".to_owned(),
            _ => "not done yet".to_owned(),
        }
    };
    ListItem::new(vec![
        Line::from(vec![
            Span::styled(marker, style),
            Span::raw(" "),
            Span::raw(item.title.as_str()),
        ]),
        Line::from(vec![Span::raw("    "), Span::styled(note, style)]),
    ])
}
