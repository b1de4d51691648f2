//! The title bar with progress, and the banner about the saved file.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, shorten, width_of};
use crate::app::App;

/// "LinkedIn opt-outs · 1 of 2 done · 1 not in your region"; the profile and region on the
/// right when there is room. With no region set, it says how to set one.
pub fn title(app: &App, theme: Theme, width: u16) -> Paragraph<'static> {
    let dot = theme.dot();
    let total = app.catalog.items.len();
    let done = app.done_count();
    let mut progress = format!("{done} of {total} done");
    if app.all_done() {
        progress.push_str(": all settled");
    }
    let not_here = app.not_in_region_count();
    if not_here > 0 {
        progress.push_str(&format!("{dot}{not_here} not in your region"));
    }
    let left = format!(" LinkedIn opt-outs{dot}{progress}");
    let region = app.progress.region.map_or_else(
        || "region not set (r)".to_owned(),
        |r| format!("region {}", r.name()),
    );
    // The profile is named once there is more than the default one.
    let right = if app.profiles.len() > 1 || app.profile != crate::app::DEFAULT_PROFILE {
        format!("profile {}{dot}{region} ", app.profile)
    } else {
        format!("{region} ")
    };
    let width = usize::from(width);
    let line = match width.checked_sub(width_of(&left) + width_of(&right)) {
        Some(gap) if gap >= 2 => Line::from(vec![
            Span::raw(left),
            Span::raw(" ".repeat(gap)),
            Span::raw(right),
        ]),
        _ => Line::from(shorten(&left, width, theme)),
    };
    Paragraph::new(line).style(theme.header())
}

/// The lasting notice about the saved file, wrapped.
pub fn banner(text: &str, theme: Theme) -> Paragraph<'static> {
    Paragraph::new(Line::from(vec![
        Span::styled("! ", theme.problem()),
        Span::styled(theme.text(text), theme.problem()),
    ]))
    .wrap(Wrap { trim: true })
}
