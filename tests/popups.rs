//! Popups at the sizes members use: what must be read whole is.

mod common;

use common::{app, noon, render, screen_text};
use linkedin_optout::app::Action;

#[test]
fn at_80_columns_the_highlighted_address_is_marked_and_whole() {
    let mut app = app();
    let url = app.selected_item().url().to_owned();
    app.update(Action::ChooseAddress, noon());
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(
        text.lines()
            .any(|row| row.contains("> 1. The setting's page")),
        "the highlighted entry is marked:\n{text}"
    );
    assert!(
        text.lines().any(|row| row.contains(&format!("  {url}"))),
        "{url} is cut:\n{text}"
    );
}
