//! The thin shell: reads the terminal, runs `App::update`, performs the effects it asks for and
//! feeds their results back. Blocks while nothing happens, so an idle app costs nothing.

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::{Action, App, Effect};
use crate::io::{Browser, Clipboard, Clock, Launch, LaunchError};
use crate::keys::{self, Scope};
use crate::store::{Profiles, Store};
use crate::ui;

/// The real or fake outside world the shell works with.
pub struct World<'a> {
    pub browser: Arc<dyn Browser>,
    pub clipboard: &'a dyn Clipboard,
    pub clock: &'a dyn Clock,
    /// The current profile's record.
    pub store: Box<dyn Store>,
    /// Where the other profiles' records are.
    pub profiles: &'a dyn Profiles,
}

/// Everything the loop waits for: the terminal, browser launches, and signals.
enum Message {
    Input(Event),
    InputFailed(io::Error),
    Signal(i32),
    Launched {
        id: String,
        url: String,
        result: Result<Launch, LaunchError>,
    },
}

/// Takes over the terminal, runs the app, and gives the terminal back: on return, on error, and
/// on panic (ratatui's hook restores it before the panic message prints). Returns the signal that
/// stopped the app, if one did.
pub fn session(app: &mut App, world: &mut World) -> io::Result<Option<i32>> {
    ratatui::run(|terminal| run(terminal, app, world))
}

/// Runs the app until the member quits or a signal asks it to stop. Returns that signal, if any.
pub fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    world: &mut World,
) -> io::Result<Option<i32>> {
    let (messages, inbox) = mpsc::channel();
    read_terminal_events(messages.clone());
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let signal_handle = signals.handle();
    let signal_messages = messages.clone();
    thread::spawn(move || {
        for signal in signals.forever() {
            if signal_messages.send(Message::Signal(signal)).is_err() {
                return;
            }
        }
    });
    let stopped_by = run_until_quit(terminal, app, world, &messages, &inbox);
    signal_handle.close();
    stopped_by
}

fn run_until_quit(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    world: &mut World,
    messages: &Sender<Message>,
    inbox: &Receiver<Message>,
) -> io::Result<Option<i32>> {
    let mut stopped_by = None;
    let size = terminal.size()?;
    perform(
        app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        world,
        messages,
    );
    terminal.draw(|frame| ui::render(app, frame))?;
    while !app.should_quit {
        let Ok(message) = inbox.recv() else { break };
        let action = match message {
            Message::Input(Event::Key(key)) => keys::action_for(key, Scope::of(app)),
            Message::Input(Event::Resize(width, height)) => Some(Action::Resize { width, height }),
            Message::Input(_) => None,
            Message::InputFailed(e) => return Err(e),
            Message::Signal(signal) => {
                stopped_by = Some(signal);
                Some(Action::Stop)
            }
            Message::Launched { id, url, result } => {
                Some(Action::LaunchFinished { id, url, result })
            }
        };
        // Draw only when something may have changed.
        if let Some(action) = action {
            perform(app, action, world, messages);
            // Nothing to draw for a terminal that is going away.
            if stopped_by.is_none() {
                terminal.draw(|frame| ui::render(app, frame))?;
            }
        }
    }
    Ok(stopped_by)
}

/// Applies `action`, performs the effects it returns and applies their results in turn.
/// Browser launches run on their own thread and report back through `messages`.
fn perform(app: &mut App, action: Action, world: &mut World, messages: &Sender<Message>) {
    let mut pending = VecDeque::from([action]);
    while let Some(action) = pending.pop_front() {
        for effect in app.update(action, world.clock.now()) {
            match effect {
                Effect::OpenInBrowser { id, url } => {
                    let browser = Arc::clone(&world.browser);
                    let messages = messages.clone();
                    thread::spawn(move || {
                        let result = browser.open(&url);
                        // The app may have quit meanwhile; nobody is left to tell.
                        let _ = messages.send(Message::Launched { id, url, result });
                    });
                }
                Effect::Save(changes) => {
                    let saved = world.store.save(&changes).map_err(|e| e.to_string());
                    pending.push_back(Action::Saved(saved));
                }
                Effect::SwitchProfile(name) => {
                    let (store, loaded, path) = world.profiles.open(&name, world.clock.now());
                    world.store = store;
                    pending.push_back(Action::ProfileOpened {
                        name,
                        progress: loaded.progress,
                        notice: loaded.notice.map(|notice| notice.to_string()),
                        state_path: path.display().to_string(),
                    });
                }
                Effect::Copy(text) => {
                    pending.push_back(Action::Copied(world.clipboard.copy(&text)));
                }
            }
        }
    }
}

/// Reads terminal events on a thread of their own, so the loop can also hear from launches.
fn read_terminal_events(messages: Sender<Message>) {
    thread::spawn(move || {
        loop {
            let message = match event::read() {
                Ok(event) => Message::Input(event),
                Err(e) => Message::InputFailed(e),
            };
            let failed = matches!(message, Message::InputFailed(_));
            if messages.send(message).is_err() || failed {
                return;
            }
        }
    });
}
