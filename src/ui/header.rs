//! The title bar with progress, and the banner about the saved file.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, shorten, width_of};
use crate::app::App;
use crate::catalog::Group;

/// "LinkedIn opt-outs · 1 of 2 done · 1 not in your region · more: 3 of 8"; the profile and
/// region on the right. The count is the two opt-outs'; the more privacy switches have their own
/// beside it. With no region set, it says how to set one. In a narrow window the left side gets
/// shorter first ("1 not in region", then without the app's name, then the count alone), so the
/// region stays in view.
pub fn title(app: &App, theme: Theme, width: u16) -> Paragraph<'static> {
    let dot = theme.dot();
    let total = app.catalog.group_len(Group::OptOuts);
    let done = app.done_count(Group::OptOuts);
    let not_here = app.not_in_region_count(Group::OptOuts);
    let more_total = app.catalog.group_len(Group::More);
    let more = if more_total > 0 {
        format!("{dot}more: {} of {more_total}", app.done_count(Group::More))
    } else {
        String::new()
    };
    let settled = if app.all_done() { ": all settled" } else { "" };
    let (long, short) = if not_here > 0 {
        (
            format!("{done} of {total} done{settled}{dot}{not_here} not in your region"),
            format!("{done} of {total} done{dot}{not_here} not in region"),
        )
    } else {
        (
            format!("{done} of {total} done{settled}"),
            format!("{done} of {total} done"),
        )
    };
    let full = format!(" LinkedIn opt-outs{dot}{long}");
    let region = app.progress.region.map_or_else(
        || "region not set (r)".to_owned(),
        |r| format!("region {}", r.name()),
    );
    // The profile is named once there is more than the default one; in a narrow window it
    // gives way to the region, then takes the place of the app's name.
    let named = app.profiles.len() > 1 || app.profile != crate::app::DEFAULT_PROFILE;
    let profile = format!("profile {}", app.profile);
    let width = usize::from(width);
    let lefts = [
        format!("{full}{more}"),
        format!(" {long}{more}"),
        format!(" LinkedIn opt-outs{dot}{short}{more}"),
        format!(" {short}{more}"),
        full.clone(),
        format!(" LinkedIn opt-outs{dot}{short}"),
        format!(" {short}"),
        format!(" {done} of {total} done"),
    ];
    let mut rights = Vec::new();
    if named {
        rights.push(format!("{profile}{dot}{region} "));
    }
    rights.push(format!("{region} "));
    let fits = rights.iter().find_map(|right| {
        lefts.iter().find_map(|left| {
            let gap = width.checked_sub(width_of(left) + width_of(right))?;
            (gap >= 2).then(|| (left.clone(), gap, right.clone()))
        })
    });
    let line = match fits {
        Some((left, gap, right)) => Line::from(vec![
            Span::raw(left),
            Span::raw(" ".repeat(gap)),
            Span::raw(right),
        ]),
        None if named => Line::from(shorten(&format!(" {profile}{dot}{short}"), width, theme)),
        None => Line::from(shorten(&format!(" {short}"), width, theme)),
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
