//! The detail pane: everything the member needs to switch the selected setting off.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::{Theme, View};
use crate::app::App;
use crate::catalog::{Applicability, OptOut};
use crate::standing::Standing;

/// What the member should do next with `item`.
fn next_step(app: &App, item: &OptOut) -> &'static str {
    if app.launching.contains(&item.id) {
        return "Opening the page in your browser…";
    }
    match app.standing(item) {
        Standing::Pending => {
            "Press Enter to open the page, switch the toggle off, then press Space here. \
             If LinkedIn does not show you this setting, press n."
        }
        Standing::Opened => {
            "Switch the toggle off in your browser, then come back and press Space."
        }
        Standing::Confirmed if app.record(item).reopened_since_confirmed() => {
            "You opened it again: press Space to confirm it is still off."
        }
        Standing::Confirmed => {
            "Done. To re-check later, press Enter, then Space. Space now asks to undo."
        }
        Standing::NotOffered => {
            "Done: LinkedIn does not show you this setting. Press n to undo, Space to confirm."
        }
        Standing::NotApplicable => {
            "Nothing to do: this setting does not exist in your region. You can still open it."
        }
        Standing::Stale { .. } => {
            "Press Enter, check the toggle is still off, then press Space to confirm again."
        }
    }
}

/// Draws the pane for the selected item, scrolled as far as the member asked and no further,
/// and notes in `view` how far it can scroll.
pub fn render(app: &App, theme: Theme, frame: &mut Frame, area: Rect, view: &mut View) {
    let item = app.selected_item();
    let lines = lines(app, item, theme);
    let inner = frame_block(theme).inner(area);
    view.details = Some(area);
    view.limits.detail_page = inner.height.saturating_sub(2).max(1);
    // At the top, a cheap lower bound usually settles "is there more?"; the exact count wraps
    // every line, which costs as much as drawing them. Until the member scrolls, the limit is
    // left open; the first render after a scroll reports the exact one.
    let (scroll, max) = if app.detail_scroll == 0 && surely_overflows(&lines, inner) {
        (0, u16::MAX)
    } else {
        let max = super::overflow(&wrapped(lines.clone()), inner);
        (app.detail_scroll.min(max), max)
    };
    view.limits.detail_max = max;
    let more = match max {
        0 => None,
        max if scroll >= max => Some(" PgUp: back to top "),
        _ => Some(" PgDn: more "),
    };
    let width = usize::from(area.width.saturating_sub(4));
    let title = super::shorten(&theme.text(&item.title), width, theme);
    let mut block = frame_block(theme).title(format!(" {title} "));
    if let Some(more) = more {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(wrapped(lines).block(block).scroll((scroll, 0)), area);
}

/// Whether `lines` cannot fit `inner` even if every line wrapped as tightly as possible.
fn surely_overflows(lines: &[Line], inner: Rect) -> bool {
    let width = usize::from(inner.width.max(1));
    let at_least: usize = lines
        .iter()
        .map(|line| line.width().div_ceil(width).max(1))
        .sum();
    at_least > usize::from(inner.height)
}

fn wrapped(lines: Vec<Line<'static>>) -> Paragraph<'static> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// The pane's border and padding.
fn frame_block(theme: Theme) -> Block<'static> {
    super::bordered(theme).padding(Padding::horizontal(1))
}

fn lines(app: &App, item: &OptOut, theme: Theme) -> Vec<Line<'static>> {
    let record = app.record(item);
    let standing = app.standing(item);
    let confirmed = |at| {
        format!(
            "Confirmed {} (against catalog revision {})",
            app.date(at),
            record.confirmed_revision.unwrap_or(item.revision)
        )
    };
    let state = match (&standing, record.confirmed_at, record.opened_at) {
        (Standing::Confirmed, Some(at), _) => format!("[x] {}", confirmed(at)),
        (Standing::Stale { .. }, Some(at), _) => format!("[!] Check again. {}", confirmed(at)),
        (Standing::Confirmed | Standing::Stale { .. }, None, _) => "[x] Confirmed".to_owned(),
        (Standing::NotOffered, _, _) => "[-] Not shown to you".to_owned(),
        (Standing::NotApplicable, _, _) => "[-] Not in your region".to_owned(),
        (Standing::Opened, _, Some(at)) => format!("[~] Opened {}", app.date(at)),
        (Standing::Opened, _, None) => "[~] Opened".to_owned(),
        (Standing::Pending, _, _) => "[ ] Not done yet".to_owned(),
    };
    let heading = |text: &str| Line::from(Span::styled(text.to_owned(), theme.heading()));
    let url = |text: &str| Line::from(Span::styled(text.to_owned(), theme.url()));
    // Most actionable first: what to switch off and where, then why, then the background.
    let mut lines = vec![Line::from(Span::styled(state, theme.heading()))];
    if let Standing::Stale { reason, .. } = &standing {
        lines.push(Line::from(Span::styled(
            format!("Why: {reason}"),
            theme.problem(),
        )));
    }
    match app.applicability(item) {
        Applicability::Uncertain { note } => {
            lines.push(Line::from(Span::styled(note, theme.problem())));
        }
        Applicability::NotInRegion { .. } => lines.push(Line::from(Span::styled(
            "This setting does not exist in your region (r changes it).",
            theme.quiet(),
        ))),
        Applicability::Applies | Applicability::RegionUnknown => {}
    }
    lines.extend([
        Line::from(next_step(app, item)),
        Line::default(),
        heading("Switch off"),
        Line::from(format!("\"{}\"", item.toggle_label)),
        Line::default(),
        heading("Settings page (Enter opens it, c copies it, p for your phone)"),
        url(&item.url),
    ]);
    if let Some(caution) = &item.caution {
        lines.push(Line::from(Span::styled(caution.clone(), theme.quiet())));
    }
    lines.extend([
        Line::default(),
        heading("On a computer"),
        Line::from(item.desktop_path.join(" > ")),
        Line::default(),
        heading("In the LinkedIn app"),
        Line::from(item.mobile_path.join(" > ")),
        Line::default(),
        heading("What it stops"),
        Line::from(item.stops.clone()),
        Line::default(),
        heading("Where it applies"),
        Line::from(item.regions.clone()),
        Line::from(Span::styled(item.regions_note.clone(), theme.quiet())),
        Line::default(),
        heading("If that page lacks the setting (f opens this)"),
        Line::from(item.fallback_name.clone()),
        url(&item.fallback_url),
        Line::default(),
    ]);
    if !item.related.is_empty() {
        lines.push(heading("Related controls"));
        for related in &item.related {
            lines.push(Line::from(Span::styled(related.title.clone(), theme.key())));
            lines.push(Line::from(related.note.clone()));
            if let Some(address) = &related.url {
                lines.push(url(address));
            }
        }
        lines.push(Line::default());
    }
    lines.push(heading("LinkedIn Help"));
    for link in &item.help {
        lines.push(Line::from(link.title.clone()));
        lines.push(url(&link.url));
    }
    lines.extend([
        Line::default(),
        Line::from(Span::styled(
            format!(
                "Facts checked {} · catalog revision {}",
                item.verified, item.revision
            ),
            theme.quiet(),
        )),
    ]);
    lines
}
