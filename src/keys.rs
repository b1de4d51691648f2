//! The one key table: it maps key presses to actions and writes the footer hints, the help and
//! the manual page's key list, so they never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, App, Popup};

/// Which screen a binding works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The checklist with nothing over it.
    Checklist,
    /// A yes/no question ("Undo confirmation? (y/n)").
    Question,
    /// The popup shown when the browser could not be opened.
    LaunchFailed,
    /// The help overlay.
    Help,
    /// The region list.
    Region,
    /// The language list.
    Language,
    /// The list of an item's addresses.
    Addresses,
    /// The QR code.
    Qr,
    /// A window too small to show the checklist.
    TooSmall,
    /// Everywhere, unless a binding above claimed the key first.
    Anywhere,
}

impl Scope {
    /// The scope the app is in now.
    pub fn of(app: &App) -> Self {
        if app.too_small() {
            return Self::TooSmall;
        }
        match app.popup() {
            None => Self::Checklist,
            Some(Popup::ConfirmUndo { .. } | Popup::NotOfferedUndo { .. }) => Self::Question,
            Some(Popup::LaunchFailed { .. }) => Self::LaunchFailed,
            Some(Popup::Help) => Self::Help,
            Some(Popup::ChooseRegion { .. }) => Self::Region,
            Some(Popup::ChooseLanguage { .. }) => Self::Language,
            Some(Popup::Addresses { .. }) => Self::Addresses,
            Some(Popup::Qr { .. }) => Self::Qr,
        }
    }

    /// A heading for the help overlay and the manual page.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Checklist => "Checklist",
            Self::Question => "When asked (y/n)",
            Self::LaunchFailed => "When the browser cannot open",
            Self::Help => "In this help",
            Self::Region => "When choosing a region",
            Self::Language => "When choosing a language",
            Self::Addresses => "In the list of addresses (f)",
            Self::Qr => "With the QR code on screen",
            Self::TooSmall => "In a window too small for the checklist",
            Self::Anywhere => "Anywhere",
        }
    }

    /// What the help and the manual page say under the heading, besides the scope's own keys.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Self::TooSmall => {
                Some("Only the keys under Anywhere work here, until the window is large enough.")
            }
            _ => None,
        }
    }

    /// Every scope, in the order the help lists them.
    pub const ALL: [Self; 10] = [
        Self::Checklist,
        Self::Anywhere,
        Self::Question,
        Self::LaunchFailed,
        Self::Addresses,
        Self::Qr,
        Self::Region,
        Self::Language,
        Self::Help,
        Self::TooSmall,
    ];
}

/// A key, with Ctrl or without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    /// How the key is written in hints and help.
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", name.to_uppercase())
        } else {
            name
        }
    }
}

/// A footer hint: the keys as written there, one word for what they do, and how much it
/// matters (0 first; the footer drops the highest numbers first when narrow).
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    pub keys: &'static str,
    pub does: &'static str,
    pub priority: u8,
}

/// One row of the key table.
#[derive(Debug)]
pub struct Binding {
    pub scopes: &'static [Scope],
    pub keys: &'static [Key],
    pub action: Action,
    /// What the key does, for the help overlay and the manual page.
    pub help: &'static str,
    /// Shown in the footer when set.
    pub hint: Option<Hint>,
}

const fn hint(keys: &'static str, does: &'static str, priority: u8) -> Option<Hint> {
    Some(Hint {
        keys,
        does,
        priority,
    })
}

use Scope::{Addresses, Anywhere, Checklist, Help, Language, LaunchFailed, Qr, Question, Region};

/// The list popups share their moves.
const LISTS: &[Scope] = &[Region, Language, Addresses];

/// Every key the app knows. Earlier rows win.
pub static KEYS: &[Binding] = &[
    Binding {
        scopes: &[Anywhere],
        keys: &[ctrl('c')],
        action: Action::Quit,
        help: "Quit",
        hint: None,
    },
    Binding {
        scopes: &[Anywhere],
        keys: &[ctrl('z')],
        action: Action::Suspend,
        help: "Suspend to the shell (fg brings it back)",
        hint: None,
    },
    Binding {
        scopes: &[Checklist],
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::SelectPrevious,
        help: "Move up",
        // Arrows need no reminder: the first hint to go when the footer is narrow.
        hint: hint("↑↓", "move", 6),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::SelectNext,
        help: "Move down",
        hint: None,
    },
    Binding {
        scopes: &[Checklist],
        keys: &[key(KeyCode::Home), ch('g')],
        action: Action::SelectFirst,
        help: "First item",
        hint: None,
    },
    Binding {
        scopes: &[Checklist],
        keys: &[key(KeyCode::End), ch('G')],
        action: Action::SelectLast,
        help: "Last item",
        hint: None,
    },
    Binding {
        scopes: &[Checklist],
        keys: &[key(KeyCode::Enter), ch('o')],
        action: Action::OpenPage,
        help: "Open the setting's page in your browser",
        hint: hint("Enter", "open", 1),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('f')],
        action: Action::ChooseAddress,
        help: "List every address for this setting (second address, broader page): open, copy or show one",
        hint: hint("f", "addresses", 3),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch(' '), ch('x')],
        action: Action::ToggleConfirmed,
        help: "Confirm you switched it off; confirm again after reopening it; else ask to undo",
        // The footer says which of confirm, confirm again or undo it will do. Second to Enter:
        // opening comes first.
        hint: hint("Space", "confirm", 2),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('n')],
        action: Action::ToggleNotOffered,
        help: "Mark that LinkedIn does not show you this setting; again after reopening it; \
               otherwise ask to undo",
        // The footer says which of not shown, still not shown or undo not shown it will do.
        hint: hint("n", "not shown", 4),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('c')],
        action: Action::CopyUrl,
        help: "Copy the page's address",
        hint: hint("c", "copy", 4),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('p')],
        action: Action::ShowQr,
        help: "Show the page as a QR code for your phone",
        hint: hint("p", "phone", 4),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('r')],
        action: Action::ChooseRegion,
        help: "Set your region",
        hint: hint("r", "region", 5),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('l')],
        action: Action::ChooseLanguage,
        help: "Set the language LinkedIn shows you, for its labels",
        hint: hint("l", "language", 7),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('z')],
        action: Action::FoldMore,
        help: "Fold the more privacy switches away, or show them again (saved)",
        hint: hint("z", "fold", 8),
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('a')],
        action: Action::NextProfile,
        help: "Switch to the next profile (account)",
        hint: None,
    },
    Binding {
        scopes: &[Checklist],
        keys: &[ch('m')],
        action: Action::ToggleMouse,
        help: "Take the mouse, or leave it to the terminal for selecting text (saved)",
        hint: None,
    },
    Binding {
        scopes: &[Checklist, Help],
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        action: Action::PageDown,
        help: "Scroll down a page",
        // The details' border says "PgDn: more" when there is more.
        hint: None,
    },
    Binding {
        scopes: &[Checklist, Help],
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        action: Action::PageUp,
        help: "Scroll up a page",
        hint: None,
    },
    Binding {
        scopes: &[Question],
        keys: &[ch('y'), ch('Y')],
        action: Action::Answer(true),
        help: "Yes, undo it",
        hint: hint("y", "yes", 1),
    },
    Binding {
        scopes: &[Question],
        keys: &[ch('n'), ch('N'), key(KeyCode::Esc)],
        action: Action::Answer(false),
        help: "No, keep it",
        hint: hint("n", "no", 1),
    },
    Binding {
        scopes: &[LaunchFailed],
        keys: &[ch(' '), ch('x')],
        action: Action::ToggleConfirmed,
        help: "Confirm, once you switched it off on another device",
        hint: hint("Space", "confirm", 1),
    },
    Binding {
        scopes: &[LaunchFailed, Addresses, Qr],
        keys: &[ch('c')],
        action: Action::CopyUrl,
        help: "Copy the address",
        hint: hint("c", "copy", 2),
    },
    Binding {
        scopes: &[LaunchFailed, Addresses],
        keys: &[ch('p')],
        action: Action::ShowQr,
        help: "Show the address as a QR code for your phone",
        hint: hint("p", "phone", 2),
    },
    Binding {
        scopes: &[LaunchFailed],
        keys: &[key(KeyCode::Esc), key(KeyCode::Enter)],
        action: Action::Back,
        help: "Close",
        hint: hint("Esc", "close", 1),
    },
    Binding {
        scopes: &[Help],
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::ScrollDown,
        help: "Scroll down a line",
        hint: hint("↑↓", "scroll", 2),
    },
    Binding {
        scopes: &[Help],
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::ScrollUp,
        help: "Scroll up a line",
        hint: None,
    },
    Binding {
        scopes: &[Help],
        keys: &[key(KeyCode::Home), ch('g')],
        action: Action::ScrollTop,
        help: "Go to the top",
        hint: None,
    },
    Binding {
        scopes: &[Help],
        keys: &[key(KeyCode::End), ch('G')],
        action: Action::ScrollBottom,
        help: "Go to the end",
        hint: None,
    },
    Binding {
        scopes: &[Help],
        keys: &[key(KeyCode::Esc), ch('?')],
        action: Action::Back,
        help: "Close the help",
        hint: hint("Esc", "close", 1),
    },
    Binding {
        scopes: LISTS,
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::ChooserUp,
        help: "Move up",
        hint: hint("↑↓", "move", 3),
    },
    Binding {
        scopes: LISTS,
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::ChooserDown,
        help: "Move down",
        hint: None,
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[key(KeyCode::Enter)],
        action: Action::ChooserPick(None),
        help: "Choose the highlighted one",
        hint: hint("Enter", "choose", 1),
    },
    Binding {
        scopes: &[Addresses],
        keys: &[key(KeyCode::Enter)],
        action: Action::ChooserPick(None),
        help: "Open the highlighted address in your browser",
        hint: hint("Enter", "open", 1),
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('1')],
        action: Action::ChooserPick(Some(0)),
        help: "Choose by number (1 to 7)",
        hint: hint("1-7", "choose", 4),
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('2')],
        action: Action::ChooserPick(Some(1)),
        help: "",
        hint: None,
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('3')],
        action: Action::ChooserPick(Some(2)),
        help: "",
        hint: None,
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('4')],
        action: Action::ChooserPick(Some(3)),
        help: "",
        hint: None,
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('5')],
        action: Action::ChooserPick(Some(4)),
        help: "",
        hint: None,
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('6')],
        action: Action::ChooserPick(Some(5)),
        help: "",
        hint: None,
    },
    Binding {
        scopes: &[Region, Language],
        keys: &[ch('7')],
        action: Action::ChooserPick(Some(6)),
        help: "",
        hint: None,
    },
    Binding {
        scopes: LISTS,
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "Close without choosing",
        hint: hint("Esc", "cancel", 1),
    },
    Binding {
        scopes: &[Qr],
        keys: &[ch('i')],
        action: Action::InvertQr,
        help: "Swap the code's light and dark (if it does not scan on a light background)",
        hint: hint("i", "invert", 3),
    },
    Binding {
        scopes: &[Qr],
        keys: &[ch('u')],
        action: Action::ToggleQrAddress,
        help: "Show the address alone (or the code again)",
        hint: hint("u", "address", 2),
    },
    Binding {
        scopes: &[Qr],
        keys: &[key(KeyCode::Esc), ch('p'), key(KeyCode::Enter)],
        action: Action::Back,
        help: "Close the QR code",
        hint: hint("Esc", "close", 1),
    },
    Binding {
        scopes: &[Anywhere],
        keys: &[ch('?')],
        action: Action::ToggleHelp,
        help: "Show or hide this help",
        hint: hint("?", "help", 0),
    },
    Binding {
        scopes: &[Anywhere],
        keys: &[ch('q')],
        action: Action::Quit,
        help: "Quit (progress is already saved)",
        hint: hint("q", "quit", 0),
    },
];

impl Binding {
    /// Whether the binding belongs to `scope` itself (not only through `Anywhere`).
    pub fn in_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// The action for a key event in `scope`, if any. Only presses count, not repeats or releases.
pub fn action_for(event: KeyEvent, scope: Scope) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let pressed = Key {
        code: event.code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
    };
    // Alt combinations are left to the terminal.
    if event.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    bindings_for(scope)
        .find(|binding| binding.keys.contains(&pressed))
        .map(|binding| binding.action.clone())
}

/// The bindings that work in `scope`, in table order. An `Anywhere` binding whose keys the scope
/// already uses is left out, and a question takes only its own keys and the ways to quit.
pub fn bindings_for(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    let own = move || KEYS.iter().filter(move |binding| binding.in_scope(scope));
    KEYS.iter().filter(move |binding| {
        if binding.in_scope(scope) {
            return true;
        }
        binding.in_scope(Anywhere)
            && !(scope == Question && binding.action == Action::ToggleHelp)
            && !binding
                .keys
                .iter()
                .all(|key| own().any(|mine| mine.keys.contains(key)))
    })
}

/// The footer hints for `scope`, in table order.
pub fn hints(scope: Scope) -> impl Iterator<Item = Hint> {
    bindings_for(scope).filter_map(|binding| binding.hint)
}
