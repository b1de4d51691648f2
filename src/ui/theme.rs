//! Styles. Colour only ever repeats what text already says, and NO_COLOR turns it off entirely.

use ratatui::style::{Color, Modifier, Style};

use crate::app::App;

/// The styles the screen uses.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn of(app: &App) -> Self {
        Self { color: app.color }
    }

    fn tint(self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
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

    /// A confirmed item's marker and date.
    pub fn done(self) -> Style {
        self.tint(Style::new(), Color::Green)
    }

    /// An item opened but not confirmed.
    pub fn in_progress(self) -> Style {
        self.tint(Style::new(), Color::Yellow)
    }

    /// Secondary text: dates, notes, key names' descriptions.
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
