//! What covers the checklist: the help, the questions, the lists and the browser failure. Each
//! fits inside the window it is given and returns where it was drawn.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use super::{Theme, View, bordered};
use crate::app::App;
use crate::catalog::{AddressRole, Region};
use crate::keys::{self, Scope};
use crate::language::Language;

/// Width of the keys column in the help.
const KEYS_COLUMN: usize = 16;

/// The help: why the checklist exists, every key from the key table, where progress is saved,
/// and the privacy promise. Scrolls; notes its limits in `view`.
pub fn help(app: &App, theme: Theme, frame: &mut Frame, area: Rect, view: &mut View) -> Rect {
    let block = help_frame(theme).title(" Help ");
    let inner = block.inner(area);
    let text = help_text(app, theme, usize::from(inner.width));
    let max = super::overflow(&text, inner);
    view.limits.help_max = max;
    view.limits.help_page = inner.height.saturating_sub(2).max(1);
    view.help = Some(area);
    let scroll = app.help_scroll.min(max);
    let block = if max == 0 {
        block
    } else if scroll >= max {
        block.title_bottom(Line::from(" Home: back to top ").right_aligned())
    } else {
        block.title_bottom(Line::from(theme.text(" ↑↓ PgDn: more ")).right_aligned())
    };
    frame.render_widget(Clear, area);
    frame.render_widget(text.block(block).scroll((scroll, 0)), area);
    area
}

fn help_frame(theme: Theme) -> Block<'static> {
    bordered(theme)
        .border_style(theme.popup_border())
        .padding(Padding::horizontal(1))
}

/// The help's text for a `width`-column box. Key descriptions and notes wrap under themselves,
/// so the keys stay a column of their own.
fn help_text(app: &App, theme: Theme, width: usize) -> Paragraph<'static> {
    let heading = |text: &str| Line::from(Span::styled(text.to_owned(), theme.heading()));
    let note = |text: &str| hanging(Vec::new(), &theme.text(text), NOTE_INDENT, width);
    let mut lines = vec![
        heading("Why"),
        Line::from(theme.text(&app.catalog.intro)),
        Line::default(),
    ];
    for scope in Scope::ALL {
        lines.push(heading(scope.heading()));
        for binding in keys::KEYS.iter().filter(|b| b.in_scope(scope)) {
            if binding.help.is_empty() {
                continue;
            }
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|k| theme.text(&k.label()))
                .collect();
            let lead = Span::styled(
                format!("  {:<width$}", keys.join(" "), width = KEYS_COLUMN),
                theme.key(),
            );
            lines.extend(hanging(vec![lead], binding.help, 2 + KEYS_COLUMN, width));
        }
        if let Some(text) = scope.note() {
            lines.extend(note(text));
        }
        lines.push(Line::default());
    }
    lines.push(heading("Mouse"));
    lines.extend(note(
        "Click a row to select it, or the more privacy switches' heading to fold them; the \
         wheel scrolls the details and this help, and over the list moves the selection; a \
         click outside a popup closes it. To select text while the mouse is taken, hold Shift \
         (Option on macOS Terminal), or press m to leave the mouse to the terminal.",
    ));
    lines.push(Line::default());
    lines.push(heading("Your progress"));
    lines.extend(note(&format!(
        "Saved after every change, only on this machine: {}",
        app.state_path
    )));
    lines.push(Line::default());
    lines.push(heading("Privacy"));
    lines.extend(note(
        "linkedin-optout makes no network connections and sends nothing anywhere. \
         It only asks your browser to open LinkedIn's own settings pages.",
    ));
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How far the help's notes are indented.
const NOTE_INDENT: usize = 2;

/// `text` after `lead`, wrapped at `width` columns, its later lines indented `indent` columns
/// (where the text starts after a lead of that width). A word longer than a line (a path) is
/// cut where the line ends.
fn hanging(
    lead: Vec<Span<'static>>,
    text: &str,
    indent: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let lead_width: usize = lead.iter().map(Span::width).sum::<usize>().max(indent);
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let mut word = word.to_owned();
        while !word.is_empty() {
            let room = if rows.len() == 1 {
                width.saturating_sub(lead_width)
            } else {
                width.saturating_sub(indent)
            }
            .max(1);
            let Some(row) = rows.last_mut() else { break };
            let used = super::width_of(row);
            let needed = super::width_of(&word) + usize::from(used > 0);
            if used + needed <= room {
                if used > 0 {
                    row.push(' ');
                }
                row.push_str(&word);
                break;
            }
            if used == 0 {
                // Alone on its line and still too long: what fits, then the rest below.
                let mut taken = 0;
                let head: String = word
                    .chars()
                    .take_while(|c| {
                        taken += super::width_of(c.encode_utf8(&mut [0; 4]));
                        taken <= room
                    })
                    .collect();
                let head = if head.is_empty() {
                    word.chars().take(1).collect()
                } else {
                    head
                };
                word = word[head.len()..].to_owned();
                row.push_str(&head);
            }
            rows.push(String::new());
        }
    }
    rows.retain(|row| !row.is_empty());
    if rows.is_empty() {
        rows.push(String::new());
    }
    let mut first = lead;
    if first.is_empty() {
        first.push(Span::raw(" ".repeat(indent)));
    }
    rows.into_iter()
        .enumerate()
        .map(|(index, row)| {
            if index == 0 {
                let mut spans = first.clone();
                spans.push(Span::raw(row));
                Line::from(spans)
            } else {
                Line::from(format!("{}{row}", " ".repeat(indent)))
            }
        })
        .collect()
}

/// "Undo confirmation? (y/n)", or "Undo 'not shown to me'? (y/n)".
pub fn confirm_undo(
    app: &App,
    id: &str,
    not_offered: bool,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) -> Rect {
    let title = app
        .catalog
        .get(id)
        .map_or(id, |item| item.title.as_str())
        .to_owned();
    let question = if not_offered {
        "Undo 'not shown to me'? ("
    } else {
        "Undo confirmation? ("
    };
    let lines = vec![
        Line::from(theme.text(&title)),
        Line::default(),
        Line::from(vec![
            Span::raw(question),
            Span::styled("y", theme.key()),
            Span::raw("/"),
            Span::styled("n", theme.key()),
            Span::raw(")"),
        ]),
    ];
    show(lines, None, " Undo? ", theme, frame, screen)
}

/// A numbered list with the highlighted entry marked, for the region and language popups.
fn numbered<'a>(
    entries: impl Iterator<Item = (String, bool)>,
    highlighted: usize,
    theme: Theme,
) -> Vec<Line<'a>> {
    entries
        .enumerate()
        .map(|(index, (name, current))| {
            let mark = if index == highlighted { "> " } else { "  " };
            let current = if current { "  (current)" } else { "" };
            let style = if index == highlighted {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            Line::from(vec![
                Span::raw(mark),
                Span::styled(format!("{}", index + 1), theme.key()),
                Span::styled(format!("  {name}{current}"), style),
            ])
        })
        .collect()
}

/// "Where is your account?": the regions, numbered like their keys, the current one marked.
pub fn choose_region(
    app: &App,
    highlighted: usize,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) -> Rect {
    let mut lines = vec![
        Line::from("LinkedIn's settings differ by region. Where is your account?"),
        Line::default(),
    ];
    let focus = lines.len() + highlighted;
    let entries = Region::ALL.iter().map(|region| {
        (
            region.name().to_owned(),
            app.progress.region == Some(*region),
        )
    });
    lines.extend(numbered(entries, highlighted, theme));
    lines.push(Line::default());
    lines.push(Line::from(
        "Nothing is hidden: a setting that does not exist for you is marked, and settled.",
    ));
    show(lines, Some(focus), " Your region ", theme, frame, screen)
}

/// "Which language does LinkedIn show you?": the languages with LinkedIn labels, then "from the
/// system".
pub fn choose_language(
    app: &App,
    highlighted: usize,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) -> Rect {
    let mut lines = vec![
        Line::from("Which language does LinkedIn show you? Its labels are shown in it."),
        Line::default(),
    ];
    let focus = lines.len() + highlighted;
    let entries = Language::ALL
        .iter()
        .map(|language| {
            (
                format!("{} ({})", language.name(), language.code()),
                app.progress.language == Some(*language),
            )
        })
        .chain(std::iter::once((
            format!("From your system (now {})", app.system_language.name()),
            app.progress.language.is_none(),
        )));
    lines.extend(numbered(entries, highlighted, theme));
    lines.push(Line::default());
    lines.push(Line::from("This app's own words stay English."));
    show(
        lines,
        Some(focus),
        " LinkedIn's language ",
        theme,
        frame,
        screen,
    )
}

/// Every address of item `id`, with its source, the highlighted one marked.
pub fn addresses(
    app: &App,
    id: &str,
    highlighted: usize,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) -> Rect {
    let Some(item) = app.catalog.get(id) else {
        return Rect::default();
    };
    let heading = theme.text(&format!("Addresses for {}:", item.title));
    const HINT: &str = "Enter opens the highlighted one; c copies it; p shows it for your phone.";
    // Addresses are cut to the popup's width by hand, so every piece keeps the indent. The
    // popup is as wide as the window when its other lines fit, else it leaves a column each
    // side (see `show`); its border, padding and the indent take two columns each.
    let others = super::width_of(&heading).max(super::width_of(HINT)) + 4;
    let popup_width = if others <= usize::from(screen.width) {
        screen.width
    } else {
        screen.width.saturating_sub(2)
    }
    .min(POPUP_MAX_WIDTH);
    let room = usize::from(popup_width.saturating_sub(6)).max(10);
    let mut lines = vec![Line::from(heading), Line::default()];
    // The highlighted entry's last line (its source), kept in view when the popup must scroll,
    // so the address that Enter and c act on is on screen whole; after the last entry, the
    // line saying what the keys do.
    let mut focus = lines.len();
    let addresses = item.addresses();
    let count = addresses.len();
    for (index, address) in addresses.into_iter().enumerate() {
        let mark = if index == highlighted { "> " } else { "  " };
        let name = address.name.unwrap_or("settings");
        let role = match address.role {
            AddressRole::Direct => "The setting's page".to_owned(),
            AddressRole::SecondDirect => "Its second address".to_owned(),
            AddressRole::Fallback => format!("The broader page: {name}"),
            AddressRole::Related => format!("Related: {name}"),
            AddressRole::Help => format!("LinkedIn Help: {name}"),
        };
        let style = if index == highlighted {
            theme.selected()
        } else {
            theme.url()
        };
        lines.push(Line::from(vec![
            Span::raw(mark),
            // Cut to the width the addresses take, so a long title does not widen the popup.
            Span::styled(
                super::shorten(&theme.text(&format!("{}. {role}", index + 1)), room, theme),
                theme.heading(),
            ),
        ]));
        for piece in address.url.as_bytes().chunks(room) {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(String::from_utf8_lossy(piece).into_owned(), style),
            ]));
        }
        if let Some(source) = address.sources.strongest() {
            lines.push(Line::from(Span::styled(
                format!("  source: {source}"),
                theme.quiet(),
            )));
        }
        if index == highlighted {
            focus = lines.len() - 1;
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(HINT));
    if highlighted + 1 >= count {
        focus = lines.len() - 1;
    }
    show(lines, Some(focus), " Addresses ", theme, frame, screen)
}

/// The browser could not be opened: why, the full address, and how to go on.
pub fn launch_failed(
    app: &App,
    id: &str,
    url: &str,
    reason: &str,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) -> Rect {
    let title = app.catalog.get(id).map_or(id, |item| item.title.as_str());
    let mut lines = vec![
        Line::from(theme.text(&format!("Could not open {title} in a browser:"))),
        Line::from(Span::styled(theme.text(reason), theme.problem())),
        Line::default(),
        Line::from("Open this address yourself, on this or another device:"),
    ];
    let focus = lines.len();
    lines.push(Line::from(Span::styled(url.to_owned(), theme.url())));
    // An address only a third-party tool backs may not show the setting: say where else to go.
    let item = app.catalog.get(id);
    if let Some(item) = item.filter(|item| item.third_party_only() && item.url() == url) {
        lines.push(Line::from(Span::styled(
            theme.text(crate::catalog::THIRD_PARTY_CAUTION),
            theme.problem(),
        )));
        if let Some(fallback) = item.fallback() {
            lines.push(Line::from(theme.text(&format!(
                "If it does not show the setting, f lists the broader page: {}.",
                fallback.name.as_deref().unwrap_or("a broader page")
            ))));
        }
    }
    lines.extend([
        Line::default(),
        Line::from(vec![
            Span::styled("c", theme.key()),
            Span::raw(" copies it · "),
            Span::styled("p", theme.key()),
            Span::raw(" shows it for your phone · "),
            Span::styled("Space", theme.key()),
            Span::raw(" confirms once the toggle is off · "),
            Span::styled("Esc", theme.key()),
            Span::raw(" closes"),
        ]),
    ]);
    show(lines, Some(focus), " No browser ", theme, frame, screen)
}

/// A bordered box in the middle of `screen`, as wide as its longest line allows (within the
/// window) and as tall as its wrapped text. When the window is too short for the text, it
/// scrolls just far enough to show line `focus` whole (the highlighted entry, the address) and
/// its border says which way more is.
fn show(
    lines: Vec<Line<'static>>,
    focus: Option<usize>,
    title: &str,
    theme: Theme,
    frame: &mut Frame,
    screen: Rect,
) -> Rect {
    let lines: Vec<Line<'static>> = if theme.unicode {
        lines
    } else {
        lines
            .into_iter()
            .map(|line| {
                Line::from(
                    line.spans
                        .into_iter()
                        .map(|span| Span::styled(theme.text(&span.content), span.style))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    };
    let block = bordered(theme)
        .title(title.to_owned())
        .border_style(theme.popup_border())
        .padding(Padding::horizontal(1));
    let wrapped = |lines: &[Line<'static>], width: u16| {
        let count = Paragraph::new(lines.to_vec())
            .wrap(Wrap { trim: false })
            .line_count(width);
        u16::try_from(count).unwrap_or(u16::MAX)
    };
    let text = Paragraph::new(lines.clone()).wrap(Wrap { trim: false });
    let widest = u16::try_from(text.line_width()).unwrap_or(u16::MAX);
    let needed = widest.saturating_add(4);
    // A column of the checklist shows either side, unless giving it up keeps the longest line
    // (an address, which cannot wrap at a space) whole.
    let width = if needed <= screen.width {
        needed
    } else {
        screen.width.saturating_sub(2).max(screen.width.min(20))
    }
    .min(POPUP_MAX_WIDTH)
    .min(screen.width);
    let inner = block.inner(Rect::new(0, 0, width, u16::MAX));
    let total = wrapped(&lines, inner.width);
    let height = total.saturating_add(2).min(screen.height);
    let shown = height.saturating_sub(2);
    let scroll = focus.map_or(0, |focus| {
        let end = wrapped(&lines[..(focus + 1).min(lines.len())], inner.width);
        end.saturating_sub(shown)
    });
    let block = match (scroll > 0, scroll.saturating_add(shown) < total) {
        (_, true) => block.title_bottom(Line::from(theme.text(" ↓ more ")).right_aligned()),
        (true, false) => block.title_bottom(Line::from(theme.text(" ↑ more ")).right_aligned()),
        (false, false) => block,
    };
    let text = text.block(block).scroll((scroll, 0));
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, area);
    frame.render_widget(text, area);
    area
}

/// Popups wider than this are hard to read; wide enough for the longest address on one line.
const POPUP_MAX_WIDTH: u16 = 90;
