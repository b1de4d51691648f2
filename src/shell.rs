//! The thin shell: takes the terminal, reads it, runs `App::update`, performs the effects it asks
//! for and feeds their results back. Blocks while nothing happens, so an idle app costs nothing.
//! Saves and browser launches run on threads of their own and report back as messages, so the
//! screen keeps answering keys and signals while they run.

use std::collections::VecDeque;
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEventKind,
};
use crossterm::terminal::{Clear, ClearType};
use ratatui::Terminal;
use ratatui::layout::Size;

use crate::app::{Action, App, Effect, Launch, LaunchError, Pane};
use crate::io::{Browser, Clipboard, Clock};
use crate::keys::{self, Scope};
use crate::platform::{self, Signal};
use crate::progress::Change;
use crate::store::{LOCK_WAIT, Profiles, Store};
use crate::ui::{self, Hit, View};

pub use crate::backend::{Capped, MAX_SCREEN, capped};

/// The real or fake outside world the shell works with.
pub struct World<'a> {
    pub browser: Arc<dyn Browser>,
    pub clipboard: &'a dyn Clipboard,
    pub clock: &'a dyn Clock,
    /// The current profile's record.
    pub store: Arc<dyn Store>,
    /// Where the other profiles' records are.
    pub profiles: &'a dyn Profiles,
}

/// A save waits this long before the screen says "Saving…".
const SLOW_SAVE: Duration = Duration::from_millis(300);

/// Everything the loop waits for: the terminal, saves, browser launches, and signals.
enum Message {
    Input(Event),
    InputFailed(io::Error),
    Signal(Signal),
    Saved(Result<crate::store::Saved, String>),
    Launched {
        id: String,
        url: String,
        result: Result<Launch, LaunchError>,
    },
}

/// Takes over the terminal, runs the app, and gives the terminal back: on return, on error, and
/// on panic (the hook restores it before the panic message prints). Returns the signal that
/// stopped the app, if one did.
pub fn session(app: &mut App, world: &mut World) -> io::Result<Option<i32>> {
    install_panic_hook();
    let result = terminal_modes(app.mouse)
        .and_then(|()| screen())
        .and_then(|mut terminal| run(&mut terminal, app, world));
    give_terminal_back();
    result
}

/// The terminal as ratatui draws on it. Buffered: a frame goes out in one write when ratatui
/// flushes it, not one locked write per cell.
pub type Screen = Terminal<Capped<BufWriter<TerminalOut>>>;

/// A fresh screen: its first draw writes every cell.
fn screen() -> io::Result<Screen> {
    Terminal::new(Capped::new(BufWriter::new(TerminalOut(io::stdout()))))
}

/// Standard output as the screen writes to it. A terminal that hung up (an SSH connection
/// dropped, a window closed) takes whatever is still written: the app is ending anyway, and an
/// error would only reach ratatui's drop, which reports it with `eprintln!` to the same dead
/// terminal, and that panics.
pub struct TerminalOut(Stdout);

impl Write for TerminalOut {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self.0.write(bytes) {
            Err(e) if platform::terminal_gone(&e) => Ok(bytes.len()),
            written => written,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.0.flush() {
            Err(e) if platform::terminal_gone(&e) => Ok(()),
            flushed => flushed,
        }
    }
}

/// On a panic the terminal is given back whole before the message prints, so the member reads
/// it on the main screen.
fn install_panic_hook() {
    let earlier = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        give_terminal_back();
        earlier(info);
    }));
}

/// Raw mode and the alternate screen (ratatui's init), plus bracketed paste, the mouse when
/// wanted, and a cleared screen: terminals without an alternate screen (GNU screen by default)
/// would otherwise show earlier output through blank cells.
fn terminal_modes(mouse: bool) -> io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    crossterm::execute!(
        out,
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    if mouse {
        crossterm::execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// After the terminal was given back (a suspend): its modes again, and a fresh terminal object,
/// so the next draw writes every cell of the cleared screen. (`Terminal::clear` would ask the
/// terminal where its cursor is, which not all answer.)
fn take_terminal(terminal: &mut Screen, mouse: bool) -> io::Result<()> {
    terminal_modes(mouse)?;
    *terminal = screen()?;
    Ok(())
}

/// Everything `terminal_modes` and drawing changed, undone; the screen cleared first so nothing
/// of the checklist stays on terminals without an alternate screen. Cleared from the second row
/// down, then the first row: GNU screen copies the screen into its scrollback when it is cleared
/// as a whole or from the top left. The cursor is shown here, not left to the terminal object's
/// drop: on Ctrl-Z that object lives on while the shell has the terminal. What ratatui's
/// `restore` does, without its `eprintln!` on failure, which panics when the terminal is gone.
fn give_terminal_back() {
    use crossterm::cursor::{MoveTo, Show};
    let mut out = io::stdout();
    let _ = crossterm::execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        MoveTo(0, 1),
        Clear(ClearType::FromCursorDown),
        MoveTo(0, 0),
        Clear(ClearType::CurrentLine),
        Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(out, crossterm::terminal::LeaveAlternateScreen);
    let _ = out.flush();
}

/// Runs the app until the member quits or a signal asks it to stop. Returns that signal, if any.
pub fn run(terminal: &mut Screen, app: &mut App, world: &mut World) -> io::Result<Option<i32>> {
    let (messages, inbox) = mpsc::channel();
    read_terminal_events(messages.clone());
    let signal_messages = messages.clone();
    let watch = platform::watch_signals(move |signal| {
        signal_messages.send(Message::Signal(signal)).is_ok()
    })?;
    let mut shell = Shell {
        messages,
        saver: None,
        view: View::default(),
        save_started: None,
    };
    let stopped_by = shell.run_until_quit(terminal, app, world, &inbox);
    watch.close();
    stopped_by
}

/// A save for the saving thread: these changes, into this store.
type SaveJob = (Arc<dyn Store>, Vec<Change>);

/// The loop's own state.
struct Shell {
    messages: Sender<Message>,
    /// The saving thread, started at the first save (most sessions that only look never save).
    saver: Option<Sender<SaveJob>>,
    /// What the last render found: limits and where things are for the mouse.
    view: View,
    /// When the save now running started, until it is reported slow.
    save_started: Option<Instant>,
}

impl Shell {
    /// Runs the loop; however it ends, even when the terminal fails (hangs up), the last save is
    /// finished and unsaved changes get one last try.
    fn run_until_quit(
        &mut self,
        terminal: &mut Screen,
        app: &mut App,
        world: &mut World,
        inbox: &Receiver<Message>,
    ) -> io::Result<Option<i32>> {
        let result = self.act_until_quit(terminal, app, world, inbox);
        if result.is_err() {
            self.perform(app, Action::Stop, world);
        }
        self.finish_last_save(app, world, inbox);
        result
    }

    fn act_until_quit(
        &mut self,
        terminal: &mut Screen,
        app: &mut App,
        world: &mut World,
        inbox: &Receiver<Message>,
    ) -> io::Result<Option<i32>> {
        let mut stopped_by = None;
        let size = terminal.size()?;
        let start = [
            Action::Resize {
                width: size.width,
                height: size.height,
            },
            Action::Start,
        ];
        for action in start {
            self.perform(app, action, world);
        }
        self.draw(terminal, app)?;
        while !app.should_quit {
            let message = match self.save_started {
                Some(started) => {
                    match inbox.recv_timeout(SLOW_SAVE.saturating_sub(started.elapsed())) {
                        Ok(message) => message,
                        Err(RecvTimeoutError::Timeout) => {
                            self.save_started = None;
                            self.perform(app, Action::SaveSlow, world);
                            self.draw(terminal, app)?;
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
                None => match inbox.recv() {
                    Ok(message) => message,
                    Err(_) => break,
                },
            };
            let (action, by_member) = match message {
                Message::Input(Event::Key(key)) => (keys::action_for(key, Scope::of(app)), true),
                Message::Input(Event::Mouse(mouse)) => (self.mouse_action(app, mouse), true),
                Message::Input(Event::Paste(_)) => (Some(Action::Pasted), false),
                Message::Input(Event::Resize(width, height)) => {
                    let Size { width, height } = capped(Size { width, height });
                    (Some(Action::Resize { width, height }), false)
                }
                Message::Input(_) => (None, false),
                Message::InputFailed(e) => return Err(e),
                Message::Signal(Signal::Stop(number)) => {
                    stopped_by = Some(number);
                    (Some(Action::Stop), false)
                }
                Message::Signal(Signal::Suspend) => (Some(Action::Suspend), false),
                Message::Signal(Signal::Resume) => {
                    take_terminal(terminal, app.mouse)?;
                    self.draw(terminal, app)?;
                    continue;
                }
                Message::Saved(result) => {
                    self.save_started = None;
                    (Some(Action::Saved(result)), false)
                }
                Message::Launched { id, url, result } => {
                    (Some(Action::LaunchFinished { id, url, result }), false)
                }
            };
            // Draw only when something may have changed: pointer motion and unbound keys
            // cost nothing.
            let Some(action) = action else { continue };
            if by_member && app.saving.is_none() {
                // Act on the record as it is now: another shell may have changed it.
                if let Some(on_disk) = world.store.reload_if_changed() {
                    self.perform(app, Action::Reloaded(on_disk), world);
                }
                // And on the profiles there are now: another shell may have made one. Read
                // only for `a`, the one key that needs them.
                if action == Action::NextProfile {
                    app.profiles = world.profiles.existing(&app.profile);
                }
            }
            let suspend = self.perform(app, action, world);
            if suspend {
                give_terminal_back();
                match platform::stop_self() {
                    // Taken back on SIGCONT.
                    Ok(()) if platform::CAN_SUSPEND => continue,
                    Ok(()) => {}
                    Err(reason) => {
                        take_terminal(terminal, app.mouse)?;
                        app.status = Some(crate::app::Status::Problem(reason));
                    }
                }
            }
            // Nothing to draw for a terminal that is going away, or when quitting: the screen
            // is cleared next.
            if stopped_by.is_none() && !app.should_quit {
                self.draw(terminal, app)?;
            }
        }
        Ok(stopped_by)
    }

    /// Draws, keeps what the render found, puts the (hidden) cursor on the selected row for
    /// screen readers, and tells the app its new scroll limits.
    fn draw(&mut self, terminal: &mut Screen, app: &mut App) -> io::Result<()> {
        let mut view = View::default();
        terminal.draw(|frame| view = ui::render(app, frame))?;
        if let Some(cursor) = view.cursor {
            terminal.set_cursor_position(cursor)?;
        }
        if view.limits != app.limits {
            app.update(Action::Rendered(view.limits), app.now);
        }
        self.view = view;
        Ok(())
    }

    /// A click or the wheel, as an action; motion, drags and releases are nothing.
    fn mouse_action(&self, app: &App, mouse: event::MouseEvent) -> Option<Action> {
        if !app.mouse {
            return None;
        }
        let hit = self.view.hit(mouse.column, mouse.row);
        match (mouse.kind, hit) {
            (MouseEventKind::Down(MouseButton::Left), Hit::Row(row)) => {
                Some(Action::SelectRow(row))
            }
            (MouseEventKind::Down(_), Hit::OutsidePopup) => Some(Action::ClickOutside),
            (MouseEventKind::Down(MouseButton::Left), Hit::Fold) => Some(Action::FoldMore),
            // Over a row or the heading, the wheel moves within the list.
            (MouseEventKind::ScrollDown | MouseEventKind::ScrollUp, Hit::Row(_) | Hit::Fold) => {
                Some(Action::Wheel {
                    pane: Pane::List,
                    down: mouse.kind == MouseEventKind::ScrollDown,
                })
            }
            (MouseEventKind::ScrollDown, Hit::Pane(pane)) => {
                Some(Action::Wheel { pane, down: true })
            }
            (MouseEventKind::ScrollUp, Hit::Pane(pane)) => {
                Some(Action::Wheel { pane, down: false })
            }
            _ => None,
        }
    }

    /// Applies `action`, performs the effects it returns and applies their results in turn.
    /// Returns whether the app asked to be suspended.
    fn perform(&mut self, app: &mut App, action: Action, world: &mut World) -> bool {
        let mut suspend = false;
        let mut pending = VecDeque::from([action]);
        while let Some(action) = pending.pop_front() {
            for effect in app.update(action, world.clock.now()) {
                match effect {
                    Effect::OpenInBrowser { id, url } => {
                        let browser = Arc::clone(&world.browser);
                        let messages = self.messages.clone();
                        thread::spawn(move || {
                            let result = browser.open(&url);
                            // The app may have quit meanwhile; nobody is left to tell.
                            let _ = messages.send(Message::Launched { id, url, result });
                        });
                    }
                    Effect::Save(changes) => {
                        self.save_started = Some(Instant::now());
                        let messages = &self.messages;
                        let saver = self
                            .saver
                            .get_or_insert_with(|| start_saver(messages.clone()));
                        if saver.send((Arc::clone(&world.store), changes)).is_err() {
                            self.save_started = None;
                            pending.push_back(Action::Saved(Err("the saver stopped".into())));
                        }
                    }
                    Effect::SwitchProfile(name) => {
                        let (store, loaded, path) = world.profiles.open(&name, world.clock.now());
                        world.store = store;
                        let read_only = loaded.notice.as_ref().is_some_and(|n| n.blocks_saving());
                        pending.push_back(Action::ProfileOpened {
                            name,
                            progress: loaded.progress,
                            notice: loaded.notice.map(|notice| notice.to_string()),
                            read_only,
                            state_path: crate::text::path(&path),
                        });
                    }
                    Effect::Copy(text) => {
                        let copied = world.clipboard.copy(&text).map(|copied| copied.message);
                        pending.push_back(Action::Copied(copied));
                    }
                    Effect::Mouse(on) => {
                        let _ = if on {
                            crossterm::execute!(io::stdout(), EnableMouseCapture)
                        } else {
                            crossterm::execute!(io::stdout(), DisableMouseCapture)
                        };
                    }
                    Effect::Suspend => suspend = true,
                }
            }
        }
        suspend
    }

    /// After the loop: a save still running (or the last one a signal asked for) is waited for,
    /// as long as a lock wait at most, so quitting never cuts a save short.
    /// Changes made while that save ran go out in one more save, waited for the same way.
    fn finish_last_save(&mut self, app: &mut App, world: &mut World, inbox: &Receiver<Message>) {
        let deadline = Instant::now() + 2 * LOCK_WAIT + Duration::from_secs(1);
        while app.saving.is_some() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return;
            };
            match inbox.recv_timeout(left) {
                Ok(Message::Saved(result)) => {
                    self.perform(app, Action::Saved(result), world);
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }
}

/// Saves on a thread of its own, one at a time, reporting each result back.
fn start_saver(messages: Sender<Message>) -> Sender<SaveJob> {
    let (jobs, queue) = mpsc::channel::<SaveJob>();
    thread::spawn(move || {
        for (store, changes) in queue {
            let result = store.save(&changes).map_err(|e| e.to_string());
            if messages.send(Message::Saved(result)).is_err() {
                return;
            }
        }
    });
    jobs
}

/// Reads terminal events on a thread of their own, so the loop can also hear from the rest.
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
