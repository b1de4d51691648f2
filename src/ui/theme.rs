//! Styles and symbols. Colour only ever repeats what text already says; NO_COLOR and monochrome
//! terminals get none, and terminals without UTF-8 get ASCII.

use ratatui::style::{Color, Modifier, Style};

use crate::app::App;

/// The styles and symbols the screen uses.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub unicode: bool,
}

impl Theme {
    pub fn of(app: &App) -> Self {
        Self {
            color: app.caps.color,
            unicode: app.caps.unicode,
        }
    }

    fn tint(self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    /// "…", or "..." in ASCII.
    pub fn ellipsis(self) -> &'static str {
        if self.unicode { "…" } else { "..." }
    }

    /// The separator between parts of a line: " · ", or " - " in ASCII.
    pub fn dot(self) -> &'static str {
        if self.unicode { " · " } else { " - " }
    }

    /// `text` as this terminal can show it: unchanged in UTF-8, transliterated to ASCII
    /// otherwise ("Données" becomes "Donnees"; arrows become words, "↑↓" "Up/Down").
    pub fn text(self, text: &str) -> String {
        if self.unicode {
            return text.to_owned();
        }
        let mut replaced = String::with_capacity(text.len());
        // The pair reads as one key name in hints ("↑↓ move").
        for c in text.replace("↑↓", "Up/Down").chars() {
            match c {
                '↑' => replaced.push_str("Up"),
                '↓' => replaced.push_str("Down"),
                '…' => replaced.push_str("..."),
                '·' | '—' | '–' => replaced.push('-'),
                c => replaced.push(c),
            }
        }
        deunicode::deunicode(&replaced)
    }

    /// The title bar.
    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Section headings in the details and the help.
    pub fn heading(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    /// The row under the cursor.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A settled item's marker and date.
    pub fn done(self) -> Style {
        self.tint(Style::new(), Color::Green)
    }

    /// An item opened but not confirmed.
    pub fn in_progress(self) -> Style {
        self.tint(Style::new(), Color::Yellow)
    }

    /// Secondary text: dates, notes, sources.
    pub fn quiet(self) -> Style {
        if self.color {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }

    /// Something the member must act on or know: a failure, a read-only file.
    pub fn problem(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    /// Keys in hints and help.
    pub fn key(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    /// Addresses, shown in full.
    pub fn url(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::UNDERLINED), Color::Blue)
    }

    /// Popup borders.
    pub fn popup_border(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Yellow)
    }
}
