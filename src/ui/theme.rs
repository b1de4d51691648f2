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

    /// `text` as this terminal can show it: unchanged in UTF-8, folded to ASCII otherwise
    /// ("Données" becomes "Donnees"; arrows become words, "↑↓" "Up/Down"; a character with no
    /// ASCII spelling becomes "?").
    pub fn text(self, text: &str) -> String {
        if self.unicode {
            return text.to_owned();
        }
        let mut folded = String::with_capacity(text.len());
        // The pair reads as one key name in hints ("↑↓ move").
        for c in text.replace("↑↓", "Up/Down").chars() {
            match c {
                c if c.is_ascii() => folded.push(c),
                '↑' => folded.push_str("Up"),
                '↓' => folded.push_str("Down"),
                c => folded.push_str(ascii(c)),
            }
        }
        folded
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

/// Latin-1 Supplement and Latin Extended-A letters (U+00C0 to U+017F) without their accents,
/// one each; `#` marks the few spelled with two letters, which `ascii` lists.
const LATIN_LETTERS: &str = "AAAAAA#CEEEEIIIIDNOOOOOxOUUUUY##aaaaaa#ceeeeiiiidnooooo/ouuuuy#y\
AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi##JjKkqLlLlLlLlLlNnNnNn#NnOoOoOo##RrRrRrSsSsSs\
SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/// A non-ASCII character in ASCII: the letters of the languages the catalog is written in (and
/// the rest of Latin-1 and Latin Extended-A) without accents, typographic punctuation made plain,
/// and "?" for anything else. A table of our own rather than a transliteration crate: those
/// carry every script's tables (half a megabyte), and the catalog needs these.
fn ascii(c: char) -> &'static str {
    match c {
        'Æ' => "AE",
        'æ' => "ae",
        'Þ' => "Th",
        'þ' => "th",
        'ß' => "ss",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "'n",
        'Œ' => "OE",
        'œ' => "oe",
        // Accents written apart from their letter, and characters that take no room.
        '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => "",
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' => " ",
        '‘' | '’' | '‚' | '‛' | '‹' | '›' | '′' => "'",
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '·' => "-",
        '•' => "*",
        '…' => "...",
        '←' => "<-",
        '→' => "->",
        '©' => "(c)",
        '®' => "(R)",
        '™' => "(TM)",
        '€' => "EUR",
        _ => u32::from(c)
            .checked_sub(0xC0)
            .and_then(|at| usize::try_from(at).ok())
            .and_then(|at| LATIN_LETTERS.get(at..=at))
            .filter(|letter| *letter != "#")
            .unwrap_or("?"),
    }
}
