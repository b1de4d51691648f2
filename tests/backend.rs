//! The checklist's backend writes each cell's text directly instead of through crossterm's
//! `Print`: whatever it draws must leave the terminal showing exactly what ratatui's own
//! crossterm backend leaves, character for character, colour for colour.

mod common;

use common::{all_done, app, midway, noon, press};
use linkedin_optout::app::{Action, App};
use linkedin_optout::backend::Capped;
use proptest::prelude::*;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Cell;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// What a terminal of `width` x `height` shows after `bytes`: each cell's text, colours and
/// attributes.
fn shown(bytes: &[u8], width: u16, height: u16) -> Vec<String> {
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("a screen has rows and columns");
    let mut parser = vt100::Parser::new(size(height), size(width), 0);
    parser.process(bytes);
    let screen = parser.screen();
    let mut cells = Vec::new();
    for row in 0..height {
        for col in 0..width {
            if let Some(cell) = screen.cell(row, col) {
                cells.push(format!(
                    "{row},{col} {:?} {:?} {:?} b{} i{} u{} r{}",
                    cell.contents(),
                    cell.fgcolor(),
                    cell.bgcolor(),
                    cell.bold(),
                    cell.italic(),
                    cell.underline(),
                    cell.inverse()
                ));
            }
        }
    }
    cells
}

/// The bytes each backend writes for the same frames of `app`, one after another (the later
/// frames drawn as ratatui draws them: only what changed).
fn both(app: &mut App, width: u16, height: u16, steps: &[&[Action]]) -> (Vec<u8>, Vec<u8>) {
    app.update(Action::Resize { width, height }, noon());
    // A Vec has no size to ask: both draw into the same fixed area.
    let fixed = || TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let mut ours = Terminal::with_options(Capped::new(Vec::new()), fixed()).expect("a terminal");
    let mut theirs =
        Terminal::with_options(CrosstermBackend::new(Vec::new()), fixed()).expect("a terminal");
    for actions in std::iter::once(&[][..]).chain(steps.iter().copied()) {
        press(app, actions, noon());
        ours.draw(|frame| {
            linkedin_optout::ui::render(app, frame);
        })
        .expect("drawn");
        theirs
            .draw(|frame| {
                linkedin_optout::ui::render(app, frame);
            })
            .expect("drawn");
    }
    (
        ours.backend().writer().clone(),
        theirs.backend().writer().clone(),
    )
}

#[test]
fn the_checklist_looks_the_same_as_through_ratatuis_own_backend() {
    let moves: &[&[Action]] = &[
        &[Action::SelectNext],
        &[Action::SelectLast],
        &[Action::FoldMore],
        &[Action::ToggleHelp],
        &[Action::Back, Action::ChooseRegion],
        &[Action::Back, Action::ShowQr],
    ];
    for (width, height) in [(80, 24), (120, 40), (40, 12), (200, 60)] {
        for mut app in [app(), midway(), all_done()] {
            let (ours, theirs) = both(&mut app, width, height, moves);
            assert_eq!(
                shown(&ours, width, height),
                shown(&theirs, width, height),
                "{width}x{height}"
            );
            assert!(
                ours.len() <= theirs.len() + theirs.len() / 10,
                "{width}x{height}: {} bytes against {}",
                ours.len(),
                theirs.len()
            );
        }
    }
}

fn color() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Reset),
        Just(Color::Red),
        Just(Color::LightCyan),
        Just(Color::DarkGray),
        (0u8..=255).prop_map(Color::Indexed),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
    ]
}

/// Attributes, with at most one of bold and dim: terminals disagree on what both at once look
/// like (vt100 keeps one intensity), and the app's theme never sets both.
fn modifier() -> impl Strategy<Value = Modifier> {
    let intensity = prop::sample::select(vec![Modifier::empty(), Modifier::BOLD, Modifier::DIM]);
    let others = prop::sample::subsequence(
        vec![Modifier::ITALIC, Modifier::UNDERLINED, Modifier::REVERSED],
        0..=3,
    );
    (intensity, others)
        .prop_map(|(intensity, others)| others.into_iter().fold(intensity, |all, m| all | m))
}

proptest! {
    /// Any cells at any places, with any colours and attributes, in any order ratatui could
    /// hand over: the same screen.
    #[test]
    fn any_cells_look_the_same(
        cells in prop::collection::vec(
            (0u16..30, 0u16..8, prop::sample::select(vec!["a", "é", "│", "界", " ", "?"]), color(), color(), modifier()),
            1..120,
        )
    ) {
        let cells: Vec<(u16, u16, Cell)> = cells
            .into_iter()
            .map(|(x, y, symbol, fg, bg, modifier)| {
                let mut cell = Cell::new(symbol);
                cell.fg = fg;
                cell.bg = bg;
                cell.modifier = modifier;
                (x, y, cell)
            })
            .collect();
        let mut ours = Capped::new(Vec::new());
        let mut theirs = CrosstermBackend::new(Vec::new());
        ours.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell))).expect("drawn");
        theirs.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell))).expect("drawn");
        prop_assert_eq!(shown(ours.writer(), 32, 8), shown(theirs.writer(), 32, 8));
    }
}
