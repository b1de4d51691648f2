//! The floor the benchmarks compare against: a bare ratatui program that draws the two titles
//! as a list and waits for `q`. Not part of the app.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::widgets::List;

fn main() -> std::io::Result<()> {
    ratatui::run(|terminal| {
        loop {
            terminal.draw(|frame| {
                let titles = [
                    "Data for Generative AI Improvement",
                    "Share data with affiliates and partners",
                ];
                frame.render_widget(List::new(titles), frame.area());
            })?;
            if let Event::Key(key) = event::read()?
                && key.kind == KeyEventKind::Press
                && key.code == KeyCode::Char('q')
            {
                return Ok(());
            }
        }
    })
}
