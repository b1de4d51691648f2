//! The backend the checklist draws through: ratatui's crossterm backend, with the screen's size
//! capped and each cell's text written straight into the buffered writer.

use std::io::{self, Write};

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CrosstermColor, Colors, SetAttribute, SetAttributes, SetBackgroundColor,
    SetColors, SetForegroundColor,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier, Style};

/// The largest screen the checklist is drawn on; a larger terminal shows it in its top-left
/// corner. ratatui keeps every cell of the screen twice, about 90 bytes each: a terminal that
/// says it is 65535x65535 (a misbehaving emulator, `stty rows 65535 cols 65535`) would need
/// 200 GB, and a failed allocation aborts the app without giving the terminal back.
pub const MAX_SCREEN: Size = Size {
    width: 500,
    height: 200,
};

/// `size`, no larger than `MAX_SCREEN`.
pub fn capped(size: Size) -> Size {
    Size {
        width: size.width.min(MAX_SCREEN.width),
        height: size.height.min(MAX_SCREEN.height),
    }
}

/// ratatui's crossterm backend writing to `W`, whose screen is never larger than `MAX_SCREEN`,
/// and whose `draw` writes a cell's text as bytes: crossterm's `Print`, which ratatui's own
/// `draw` issues for every cell, takes a formatting pass each time, two thirds of the work of
/// writing a full frame. Moves, colours and attributes still go through crossterm's commands.
pub struct Capped<W: Write>(CrosstermBackend<W>);

impl<W: Write> Capped<W> {
    pub fn new(writer: W) -> Self {
        Self(CrosstermBackend::new(writer))
    }

    /// What has been written so far (for tests that compare screens).
    pub fn writer(&self) -> &W {
        self.0.writer()
    }
}

/// The crossterm attributes of `modifier`, as ratatui's own conversion makes them.
fn attributes(modifier: Modifier) -> crossterm::style::Attributes {
    let style: crossterm::style::ContentStyle =
        Style::default().add_modifier(modifier).into_crossterm();
    style.attributes
}

impl<W: Write> Backend for Capped<W> {
    type Error = io::Error;

    /// As ratatui's crossterm backend draws: a move only where the next cell is not the one
    /// after the last; the style only where it changes (attributes reset and set whole, rather
    /// than ratatui's attribute-by-attribute difference: the same screen, in a few more bytes
    /// where attributes change, which in this app is at a row's edges); then the colours and
    /// attributes reset at the end.
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let out = self.0.writer_mut();
        let mut last: Option<(u16, u16)> = None;
        let mut modifier = Modifier::empty();
        // `None`: not known, so set whatever the next cell wants. The legacy Windows console
        // ignores the attribute reset below, so colours are never assumed reset by it.
        let mut colors = Some((Color::Reset, Color::Reset));
        for (x, y, cell) in content {
            if !matches!(last, Some((lx, ly)) if y == ly && lx.checked_add(1) == Some(x)) {
                queue!(out, MoveTo(x, y))?;
            }
            last = Some((x, y));
            if cell.modifier != modifier {
                // A reset takes the colours too (where the terminal reads it): set them again.
                queue!(out, SetAttribute(Attribute::Reset))?;
                if !cell.modifier.is_empty() {
                    queue!(out, SetAttributes(attributes(cell.modifier)))?;
                }
                modifier = cell.modifier;
                colors = None;
            }
            if colors != Some((cell.fg, cell.bg)) {
                queue!(
                    out,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?;
                colors = Some((cell.fg, cell.bg));
            }
            out.write_all(cell.symbol().as_bytes())?;
        }
        queue!(
            out,
            SetForegroundColor(CrosstermColor::Reset),
            SetBackgroundColor(CrosstermColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.0.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.0.size().map(capped)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let mut size = self.0.window_size()?;
        size.columns_rows = capped(size.columns_rows);
        Ok(size)
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.0)
    }
}
