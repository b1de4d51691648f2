//! The title bar with progress, and the banner about the saved file.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::app::App;

/// "LinkedIn opt-outs · 1 of 2 done", or that all are done.
pub fn title(app: &App, theme: Theme) -> Paragraph<'static> {
    let total = app.catalog.items.len();
    let done = app.confirmed_count();
    let progress = if app.all_confirmed() {
        format!("{done} of {total} done: all opt-outs confirmed")
    } else {
        format!("{done} of {total} done")
    };
    Paragraph::new(Line::from(vec![
        Span::raw(" LinkedIn opt-outs · "),
        Span::raw(progress),
    ]))
    .style(theme.header())
}

/// The lasting notice about the saved file, wrapped.
pub fn banner(text: &str, theme: Theme) -> Paragraph<'static> {
    Paragraph::new(Line::from(vec![
        Span::styled("! ", theme.problem()),
        Span::styled(text.to_owned(), theme.problem()),
    ]))
    .wrap(Wrap { trim: true })
}
