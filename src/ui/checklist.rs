//! The list of opt-outs: a text marker per row, so nothing depends on colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Padding, Paragraph, Wrap};

use super::Theme;
use crate::app::App;
use crate::catalog::OptOut;
use crate::standing::Standing;

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
    let block = Block::bordered().title(" Opt-outs ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let list = List::new(items)
        .highlight_symbol("> ")
        .highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(list, inner, &mut state);

    // Side by side there is room under the rows for why the list exists.
    let rows = height(app).saturating_sub(2);
    if inner.height > rows.saturating_add(INTRO_MIN_LINES) {
        let [_, intro] =
            Layout::vertical([Constraint::Length(rows + 1), Constraint::Fill(1)]).areas(inner);
        let text = Paragraph::new(app.catalog.intro.as_str())
            .style(theme.quiet())
            .wrap(Wrap { trim: true })
            .block(Block::new().padding(Padding::horizontal(2)));
        frame.render_widget(text, intro);
    }
}

/// The intro is shown only with room for a few lines of it.
const INTRO_MIN_LINES: u16 = 4;

/// `[ ]` pending, `[~]` opened, `[x]` confirmed, `[!]` check again, and a second line saying so
/// in words.
fn row<'a>(app: &App, item: &'a OptOut, theme: Theme) -> ListItem<'a> {
    let record = app.record(item);
    let standing = app.standing(item);
    let style = match standing {
        Standing::Pending => theme.quiet(),
        Standing::Opened => theme.in_progress(),
        Standing::Confirmed => theme.done(),
        Standing::Stale(_) => theme.problem(),
    };
    let mut note = if app.launching.contains(&item.id) {
        "opening in your browser…".to_owned()
    } else {
        match (&standing, record.confirmed_at, record.opened_at) {
            (Standing::Confirmed, Some(at), _) => format!("confirmed {}", app.date(at)),
            (Standing::Stale(_), Some(at), _) => {
                format!("confirmed {}: check again", app.date(at))
            }
            (Standing::Opened, _, Some(at)) => {
                format!("opened {}, not confirmed yet", app.date(at))
            }
            (Standing::Opened, _, None) => "opened, not confirmed yet".to_owned(),
            _ => "not done yet".to_owned(),
        }
    };
    // Said where nothing more urgent is; the details always say it.
    if app.may_not_appear(item) && standing == Standing::Pending {
        note = "may not appear for your region".to_owned();
    }
    ListItem::new(vec![
        Line::from(vec![
            Span::styled(standing.marker(), style),
            Span::raw(" "),
            Span::raw(item.title.as_str()),
        ]),
        Line::from(vec![Span::raw("    "), Span::styled(note, style)]),
    ])
}
