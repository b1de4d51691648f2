//! The status line and the key hints, both one line.

use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{App, Status};
use crate::keys::{self, Scope};

/// The latest message, or what to do next.
pub fn status(app: &App, theme: Theme) -> Paragraph<'static> {
    let line = match &app.status {
        Some(Status::Info(text)) => Line::from(format!(" {text}")),
        Some(Status::Problem(text)) => Line::from(vec![
            Span::styled(" ! ", theme.problem()),
            Span::styled(text.clone(), theme.problem()),
        ]),
        None => Line::default(),
    };
    Paragraph::new(line)
}

/// "↑↓ move  Enter open  …" for what is on screen now, straight from the key table.
pub fn hints(app: &App, theme: Theme) -> Paragraph<'static> {
    let mut spans = vec![Span::raw(" ")];
    for hint in keys::hints(Scope::of(app)) {
        spans.push(Span::styled(hint.keys, theme.key()));
        spans.push(Span::raw(format!(" {}  ", hint.does)));
    }
    Paragraph::new(Line::from(spans))
}
