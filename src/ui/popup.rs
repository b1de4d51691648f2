//! What covers the checklist: the help, the undo question, and the browser failure.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use super::Theme;
use crate::app::App;
use crate::catalog::Region;
use crate::keys::{self, Scope};

/// The order sections appear in the help.
const HELP_SECTIONS: [Scope; 7] = [
    Scope::Checklist,
    Scope::Anywhere,
    Scope::Question,
    Scope::LaunchFailed,
    Scope::Qr,
    Scope::Region,
    Scope::Help,
];

/// Width of the keys column in the help.
const KEYS_COLUMN: usize = 16;

/// The help: every key from the key table, where progress is saved, and the privacy promise.
pub fn help(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let max = max_help_scroll(app, theme, area);
    let mut block = help_frame(theme).title(" Help ");
    if max > 0 {
        block = block.title_bottom(Line::from(" ↑↓ scroll ").right_aligned());
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        help_text(app, theme)
            .block(block)
            .scroll((app.help_scroll.min(max), 0)),
        area,
    );
}

/// How far the help can scroll within `area`.
pub fn max_help_scroll(app: &App, theme: Theme, area: Rect) -> u16 {
    super::overflow(&help_text(app, theme), help_frame(theme).inner(area))
}

fn help_frame(theme: Theme) -> Block<'static> {
    Block::bordered()
        .border_style(theme.popup_border())
        .padding(Padding::horizontal(1))
}

fn help_text(app: &App, theme: Theme) -> Paragraph<'static> {
    let mut lines = Vec::new();
    for scope in HELP_SECTIONS {
        lines.push(Line::from(Span::styled(scope.heading(), theme.heading())));
        for binding in keys::KEYS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = binding.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<width$}", keys.join(" "), width = KEYS_COLUMN),
                    theme.key(),
                ),
                Span::raw(binding.help),
            ]));
        }
        lines.push(Line::default());
    }
    lines.extend([
        Line::from(Span::styled("Your progress", theme.heading())),
        Line::from(format!(
            "  Saved after every change, only on this machine: {}",
            app.state_path
        )),
        Line::default(),
        Line::from(Span::styled("Privacy", theme.heading())),
        Line::from(
            "  linkedin-optout makes no network connections and sends nothing anywhere. \
             It only asks your browser to open LinkedIn's own settings pages.",
        ),
    ]);
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// "Undo confirmation? (y/n)".
pub fn confirm_undo(app: &App, id: &str, theme: Theme, frame: &mut Frame, screen: Rect) {
    let title = app
        .catalog
        .get(id)
        .map_or(id, |item| item.title.as_str())
        .to_owned();
    let lines = vec![
        Line::from(title),
        Line::default(),
        Line::from(vec![
            Span::raw("Undo confirmation? ("),
            Span::styled("y", theme.key()),
            Span::raw("/"),
            Span::styled("n", theme.key()),
            Span::raw(")"),
        ]),
    ];
    show(lines, " Undo? ", theme, frame, screen);
}

/// "Where are you?": the regions, numbered like their keys, the current one marked.
pub fn choose_region(app: &App, theme: Theme, frame: &mut Frame, screen: Rect) {
    let mut lines = vec![
        Line::from("LinkedIn's settings differ by region. Where is your account?"),
        Line::default(),
    ];
    for (number, region) in (1..).zip(Region::ALL) {
        let current = if app.progress.region == Some(region) {
            "  (current)"
        } else {
            ""
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{number}"), theme.key()),
            Span::raw(format!("  {}{current}", region.name())),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(
        "Nothing is hidden: settings that may not exist for you are only marked.",
    ));
    show(lines, " Your region ", theme, frame, screen);
}

/// The browser could not be opened: why, the full address, and how to use it anyway.
pub fn launch_failed(
    title: &str,
    url: &str,
    reason: &str,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) {
    let lines = vec![
        Line::from(format!("Could not open {title} in a browser:")),
        Line::from(Span::styled(reason.to_owned(), theme.problem())),
        Line::default(),
        Line::from("Open this address yourself, on this or another device:"),
        Line::from(Span::styled(url.to_owned(), theme.url())),
        Line::default(),
        Line::from(vec![
            Span::styled("c", theme.key()),
            Span::raw(" copies it · "),
            Span::styled("Esc", theme.key()),
            Span::raw(" closes · then press Space once the toggle is off"),
        ]),
    ];
    show(lines, " No browser ", theme, frame, screen);
}

/// A bordered box in the middle of the screen, as wide as its longest line allows and as tall as
/// its wrapped text.
fn show(lines: Vec<Line<'static>>, title: &str, theme: Theme, frame: &mut Frame, screen: Rect) {
    let block = Block::bordered()
        .title(title.to_owned())
        .border_style(theme.popup_border())
        .padding(Padding::horizontal(1));
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let widest = u16::try_from(text.line_width()).unwrap_or(u16::MAX);
    let width = widest
        .saturating_add(4)
        .min(screen.width.saturating_sub(4))
        .min(POPUP_MAX_WIDTH);
    let inner = block.inner(Rect::new(0, 0, width, u16::MAX));
    let height = u16::try_from(text.line_count(inner.width))
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(screen.height);
    let text = text.block(block);
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, area);
    frame.render_widget(text, area);
}

/// Popups wider than this are hard to read; wide enough for the longest address on one line.
const POPUP_MAX_WIDTH: u16 = 90;
