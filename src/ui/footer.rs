//! The status line (one line, more when a message needs them) and the key hints.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::{Theme, width_of};
use crate::app::{Action, App, Status};
use crate::keys::{self, Scope};

/// The latest message, or what is happening (a slow save). Indented a column, wrapped lines too.
pub fn status(app: &App, theme: Theme) -> Paragraph<'static> {
    let line = match (&app.status, app.save_slow) {
        (_, true) => Line::from(format!("Saving{}", theme.ellipsis())),
        (Some(Status::Info(text)), _) => Line::from(theme.text(text)),
        (Some(Status::Problem(text)), _) => Line::from(vec![
            Span::styled("! ", theme.problem()),
            Span::styled(theme.text(text), theme.problem()),
        ]),
        (None, _) => Line::default(),
    };
    Paragraph::new(line)
        .wrap(Wrap { trim: false })
        .block(Block::new().padding(Padding::left(STATUS_INDENT)))
}

/// The status line's left margin, in columns.
const STATUS_INDENT: u16 = 1;

/// How many lines the status needs in a `width` x `height` window: as many as the message takes,
/// so a warning is never cut, up to a third of the window (two at the least).
pub fn status_lines(app: &App, theme: Theme, width: u16, height: u16) -> u16 {
    let lines = status(app, theme).line_count(width.saturating_sub(STATUS_INDENT));
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .clamp(1, (height / 3).max(2))
}

/// "↑↓ move  Enter open  …" for what is on screen now, straight from the key table. When the
/// line is narrow the least important hints drop first; `? help` and `q quit` always stay.
pub fn hints(app: &App, theme: Theme, width: u16) -> Paragraph<'static> {
    let scope = Scope::of(app);
    let all: Vec<(String, String, u8)> = keys::bindings_for(scope)
        .filter_map(|binding| {
            let hint = binding.hint?;
            let does = match binding.action {
                Action::ToggleConfirmed if scope == Scope::Checklist => app.space_does(),
                Action::ToggleNotOffered if scope == Scope::Checklist => app.not_offered_does(),
                Action::FoldMore if app.more_folded() => "show more",
                _ => hint.does,
            };
            Some((theme.text(hint.keys), does.to_owned(), hint.priority))
        })
        .collect();
    let cost = |(keys, does, _): &(String, String, u8)| width_of(keys) + 1 + width_of(does) + 2;
    // Drop the least important until the rest fits.
    let mut kept: Vec<bool> = vec![true; all.len()];
    let mut used: usize = 1 + all.iter().map(cost).sum::<usize>();
    let mut by_priority: Vec<usize> = (0..all.len()).collect();
    by_priority.sort_by_key(|&i| std::cmp::Reverse(all[i].2));
    for i in by_priority {
        if used <= usize::from(width) || all[i].2 == 0 {
            continue;
        }
        kept[i] = false;
        used -= cost(&all[i]);
    }
    let mut spans = vec![Span::raw(" ")];
    for ((keys, does, _), keep) in all.into_iter().zip(kept) {
        if keep {
            spans.push(Span::styled(keys, theme.key()));
            spans.push(Span::raw(format!(" {does}  ")));
        }
    }
    Paragraph::new(Line::from(spans))
}
