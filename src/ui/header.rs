//! The title bar with progress, and the banner about the saved file.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::app::App;

/// "LinkedIn opt-outs · 1 of 2 done", or that all are done; the profile and region on the right.
pub fn title(app: &App, theme: Theme, width: u16) -> Paragraph<'static> {
    let total = app.catalog.items.len();
    let done = app.done_count();
    let progress = if app.all_done() {
        format!("{done} of {total} done: all opt-outs confirmed")
    } else {
        format!("{done} of {total} done")
    };
    let left = format!(" LinkedIn opt-outs · {progress}");
    let region = app.progress.region.map_or("not set", |r| r.name());
    let right = format!("profile {} · region {region} ", app.profile);
    // The profile and region go on the right when there is room for both sides.
    let gap = usize::from(width)
        .checked_sub(left.chars().count() + right.chars().count())
        .filter(|gap| *gap >= 2);
    let line = match gap {
        Some(gap) => Line::from(vec![
            Span::raw(left),
            Span::raw(" ".repeat(gap)),
            Span::raw(right),
        ]),
        None => Line::from(left),
    };
    Paragraph::new(line).style(theme.header())
}

/// The lasting notice about the saved file, wrapped.
pub fn banner(text: &str, theme: Theme) -> Paragraph<'static> {
    Paragraph::new(Line::from(vec![
        Span::styled("! ", theme.problem()),
        Span::styled(text.to_owned(), theme.problem()),
    ]))
    .wrap(Wrap { trim: true })
}
