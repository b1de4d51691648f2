//! The README's picture of the screen is a real render, kept current by this test.
//! After a deliberate change to the screen, refresh it with `UPDATE_README=1 cargo test --test readme`.

mod common;

use std::fs;

use common::{midway, render, screen_text};

const START: &str = "<!-- screen:start (written by tests/readme.rs) -->\n```text\n";
const END: &str = "```\n<!-- screen:end -->";

#[test]
fn the_readme_shows_the_current_screen() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = fs::read_to_string(path).expect("README.md is readable");
    let screen: String = screen_text(&render(&mut midway(), 80, 24))
        .lines()
        .map(|line| format!("{}\n", line.trim_end()))
        .collect();
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the screen markers {START:?} … {END:?}");
    };
    let shown = &readme[start + START.len()..end];
    if shown == screen {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!(
            "{}{screen}{}",
            &readme[..start + START.len()],
            &readme[end..]
        );
        fs::write(path, updated).expect("README.md is writable");
        return;
    }
    panic!(
        "README.md shows an outdated screen. If the change is deliberate, run \
         UPDATE_README=1 cargo test --test readme\n\nThe screen now:\n{screen}"
    );
}
