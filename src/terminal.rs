//! What the terminal can do, decided once at start and read by the view: whether to draw at all,
//! in UTF-8 or ASCII, with colour or without, with hyperlinks or without.

/// What the view may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Box drawing, arrows, ellipses and half blocks; otherwise ASCII only.
    pub unicode: bool,
    /// Colour; off under NO_COLOR and on monochrome terminals.
    pub color: bool,
    /// OSC 8 hyperlinks around addresses.
    pub hyperlinks: bool,
}

impl Default for Capabilities {
    /// A modern UTF-8 colour terminal, as the tests draw on.
    fn default() -> Self {
        Self {
            unicode: true,
            color: true,
            hyperlinks: false,
        }
    }
}

/// How the checklist can be shown, decided once at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No terminal on stdin or stdout (cron, `ssh host linkedin-optout` without -t, a pipe):
    /// one line to stderr, exit 2.
    NoTerminal,
    /// A terminal that cannot be drawn on (TERM=dumb or unset, as Emacs' shell): the checklist
    /// as plain lines, in ASCII unless the locale is UTF-8.
    Plain { unicode: bool },
    /// The full-screen checklist with these capabilities.
    Full(Capabilities),
}

/// What decides the mode, gathered from the process and its environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    /// `TERM`, where it means anything (Unix).
    pub term: Option<String>,
    /// The first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG` (Unix).
    pub locale: Option<String>,
    /// `NO_COLOR` set to anything but the empty string.
    pub no_color: bool,
    /// Inside tmux (`TMUX` set), which passes hyperlinks on.
    pub tmux: bool,
    /// On Windows, what the console itself says: UTF-8 output code page, colour (VT) support.
    pub windows_console: Option<(bool, bool)>,
}

impl Facts {
    /// Reads the facts from this process.
    pub fn gather() -> Self {
        use std::io::IsTerminal;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Self {
            stdin_tty: std::io::stdin().is_terminal(),
            stdout_tty: std::io::stdout().is_terminal(),
            term: var("TERM"),
            locale: var("LC_ALL")
                .or_else(|| var("LC_CTYPE"))
                .or_else(|| var("LANG")),
            no_color: var("NO_COLOR").is_some(),
            tmux: var("TMUX").is_some(),
            windows_console: crate::platform::console_support(),
        }
    }

    /// The mode these facts allow.
    pub fn decide(&self) -> Mode {
        if !self.stdin_tty || !self.stdout_tty {
            return Mode::NoTerminal;
        }
        if let Some((utf8, ansi)) = self.windows_console {
            // On Windows TERM and LANG mean nothing: the console decides.
            return Mode::Full(Capabilities {
                unicode: utf8,
                color: ansi && !self.no_color,
                hyperlinks: ansi,
            });
        }
        let term = self.term.as_deref().unwrap_or("dumb");
        let unicode = self.locale.as_deref().is_some_and(|locale| {
            let locale = locale.to_ascii_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        });
        if term == "dumb" {
            return Mode::Plain { unicode };
        }
        let monochrome = term.ends_with("-mono") || term.ends_with("-m") || term == "vt100";
        Mode::Full(Capabilities {
            unicode,
            color: !self.no_color && !monochrome,
            // GNU screen shows the escape text of hyperlinks; tmux passes them on.
            hyperlinks: !term.starts_with("screen") || self.tmux,
        })
    }
}
