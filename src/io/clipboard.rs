//! The member's clipboard.

use std::io::{self, Write};

use crossterm::clipboard::CopyToClipboard;

use super::{Clipboard, Copied};

/// The terminal's clipboard, via the OSC 52 escape sequence; works over SSH where the terminal
/// supports it.
#[derive(Debug, Default, Clone, Copy)]
pub struct TerminalClipboard;

impl Clipboard for TerminalClipboard {
    fn copy(&self, text: &str) -> Result<Copied, String> {
        let mut out = io::stdout();
        crossterm::execute!(out, CopyToClipboard::to_clipboard_from(text))
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())?;
        // OSC 52 has no reply, so say how to tell whether the terminal allowed it.
        Ok(Copied {
            message: "Copied via OSC 52. If paste is empty, your terminal does not allow it."
                .into(),
        })
    }
}
