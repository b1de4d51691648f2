//! linkedin-optout: a keyboard-driven checklist for LinkedIn's AI-training and ad-sharing
//! opt-outs. The core (`app`, `keys`, `ui`) does no I/O; `shell` and `io` connect it to the world.

pub mod app;
pub mod args;
pub mod backend;
pub mod catalog;
pub mod cli;
pub mod completions;
pub mod io;
pub mod keys;
pub mod language;
pub mod manual;
pub mod platform;
pub mod progress;
pub mod shell;
pub mod standing;
pub mod store;
pub mod terminal;
pub mod text;
pub mod ui;
