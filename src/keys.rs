//! The one key table: it maps key presses to actions and writes the footer hints and the help,
//! so the three never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, App, Popup};
use crate::catalog::Region;

/// Which screen a binding works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The checklist with nothing over it.
    Checklist,
    /// The "Undo confirmation? (y/n)" question.
    Question,
    /// The popup shown when the browser could not be opened.
    LaunchFailed,
    /// The help overlay.
    Help,
    /// The region list.
    Region,
    /// The QR code.
    Qr,
    /// Everywhere, unless a binding above claimed the key first.
    Anywhere,
}

impl Scope {
    /// The scope the app is in now.
    pub fn of(app: &App) -> Self {
        match app.popup {
            None => Self::Checklist,
            Some(Popup::ConfirmUndo { .. }) => Self::Question,
            Some(Popup::LaunchFailed { .. }) => Self::LaunchFailed,
            Some(Popup::Help) => Self::Help,
            Some(Popup::ChooseRegion) => Self::Region,
            Some(Popup::Qr) => Self::Qr,
        }
    }

    /// A heading for the help overlay.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Checklist => "Checklist",
            Self::Question => "When asked (y/n)",
            Self::LaunchFailed => "When the browser cannot open",
            Self::Help => "In this help",
            Self::Region => "When choosing a region",
            Self::Qr => "With the QR code on screen",
            Self::Anywhere => "Anywhere",
        }
    }
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

/// A footer hint: the keys as written there, and one word for what they do.
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    pub keys: &'static str,
    pub does: &'static str,
}

/// One row of the key table.
#[derive(Debug)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the key does, for the help overlay.
    pub help: &'static str,
    /// Shown in the footer when set.
    pub hint: Option<Hint>,
}

const fn hint(keys: &'static str, does: &'static str) -> Option<Hint> {
    Some(Hint { keys, does })
}

/// Every key the app knows. Earlier rows win.
pub static KEYS: &[Binding] = &[
    Binding {
        scope: Scope::Anywhere,
        keys: &[ctrl('c')],
        action: Action::Quit,
        help: "Quit",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::SelectPrevious,
        help: "Move up",
        hint: hint("↑↓", "move"),
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::SelectNext,
        help: "Move down",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::Home), ch('g')],
        action: Action::SelectFirst,
        help: "First item",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::End), ch('G')],
        action: Action::SelectLast,
        help: "Last item",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::Enter), ch('o')],
        action: Action::OpenPage,
        help: "Open the setting's page in your browser",
        hint: hint("Enter", "open"),
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[ch('f')],
        action: Action::OpenFallback,
        help: "Open the broader settings page instead",
        hint: hint("f", "fallback"),
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[ch(' '), ch('x')],
        action: Action::ToggleConfirmed,
        help: "Confirm you switched it off (again: undo)",
        hint: hint("Space", "confirm"),
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[ch('c')],
        action: Action::CopyUrl,
        help: "Copy the page's address",
        hint: hint("c", "copy"),
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[ch('p')],
        action: Action::ShowQr,
        help: "Show the page as a QR code for your phone",
        hint: hint("p", "phone"),
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[ch('r')],
        action: Action::ChooseRegion,
        help: "Set your region",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[ch('a')],
        action: Action::NextProfile,
        help: "Switch to the next profile (account)",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        action: Action::ScrollDown,
        help: "Scroll the details down",
        // The pane's border says "PgDn: more" when there is more.
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        action: Action::ScrollUp,
        help: "Scroll the details up",
        hint: None,
    },
    Binding {
        scope: Scope::Checklist,
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "Quit",
        hint: None,
    },
    Binding {
        scope: Scope::Question,
        keys: &[ch('y'), ch('Y')],
        action: Action::Answer(true),
        help: "Yes, undo the confirmation",
        hint: hint("y", "yes"),
    },
    Binding {
        scope: Scope::Question,
        keys: &[ch('n'), ch('N'), key(KeyCode::Esc)],
        action: Action::Answer(false),
        help: "No, keep it confirmed",
        hint: hint("n", "no"),
    },
    Binding {
        scope: Scope::LaunchFailed,
        keys: &[ch('c')],
        action: Action::CopyUrl,
        help: "Copy the address to open it elsewhere",
        hint: hint("c", "copy"),
    },
    Binding {
        scope: Scope::LaunchFailed,
        keys: &[key(KeyCode::Esc), key(KeyCode::Enter)],
        action: Action::Back,
        help: "Close",
        hint: hint("Esc", "close"),
    },
    Binding {
        scope: Scope::Help,
        keys: &[key(KeyCode::Down), ch('j'), key(KeyCode::PageDown)],
        action: Action::ScrollDown,
        help: "Scroll down",
        hint: hint("↑↓", "scroll"),
    },
    Binding {
        scope: Scope::Help,
        keys: &[key(KeyCode::Up), ch('k'), key(KeyCode::PageUp)],
        action: Action::ScrollUp,
        help: "Scroll up",
        hint: None,
    },
    Binding {
        scope: Scope::Help,
        keys: &[key(KeyCode::Esc), ch('?')],
        action: Action::Back,
        help: "Close the help",
        hint: hint("Esc", "close"),
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('1')],
        action: Action::SetRegion(Region::EuEea),
        help: Region::EuEea.name(),
        hint: hint("1-7", "choose"),
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('2')],
        action: Action::SetRegion(Region::Uk),
        help: Region::Uk.name(),
        hint: None,
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('3')],
        action: Action::SetRegion(Region::Switzerland),
        help: Region::Switzerland.name(),
        hint: None,
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('4')],
        action: Action::SetRegion(Region::Canada),
        help: Region::Canada.name(),
        hint: None,
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('5')],
        action: Action::SetRegion(Region::HongKong),
        help: Region::HongKong.name(),
        hint: None,
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('6')],
        action: Action::SetRegion(Region::UnitedStates),
        help: Region::UnitedStates.name(),
        hint: None,
    },
    Binding {
        scope: Scope::Region,
        keys: &[ch('7')],
        action: Action::SetRegion(Region::Other),
        help: Region::Other.name(),
        hint: None,
    },
    Binding {
        scope: Scope::Region,
        keys: &[key(KeyCode::Esc)],
        action: Action::Back,
        help: "Leave it as it is",
        hint: hint("Esc", "cancel"),
    },
    Binding {
        scope: Scope::Qr,
        keys: &[ch('c')],
        action: Action::CopyUrl,
        help: "Copy the address",
        hint: hint("c", "copy"),
    },
    Binding {
        scope: Scope::Qr,
        keys: &[key(KeyCode::Esc), ch('p'), key(KeyCode::Enter)],
        action: Action::Back,
        help: "Close the QR code",
        hint: hint("Esc", "close"),
    },
    Binding {
        scope: Scope::Anywhere,
        keys: &[ch('?')],
        action: Action::ToggleHelp,
        help: "Show or hide this help",
        hint: hint("?", "help"),
    },
    Binding {
        scope: Scope::Anywhere,
        keys: &[ch('q')],
        action: Action::Quit,
        help: "Quit (progress is already saved)",
        hint: hint("q", "quit"),
    },
];

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
/// already uses is left out, and the question takes only its own keys and the ways to quit.
pub fn bindings_for(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    let own = move || KEYS.iter().filter(move |binding| binding.scope == scope);
    KEYS.iter().filter(move |binding| {
        if binding.scope == scope {
            return true;
        }
        binding.scope == Scope::Anywhere
            && !(scope == Scope::Question && binding.action == Action::ToggleHelp)
            && !binding
                .keys
                .iter()
                .all(|key| own().any(|mine| mine.keys.contains(key)))
    })
}

/// The footer hints for `scope`.
pub fn hints(scope: Scope) -> impl Iterator<Item = Hint> {
    bindings_for(scope).filter_map(|binding| binding.hint)
}
