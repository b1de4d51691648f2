//! The app's state and everything that changes it. No I/O here: `update` returns the effects it
//! wants and the shell performs them, feeding results back as actions.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::catalog::{Catalog, OptOut, Region};
use crate::io::{Copied, Launch, LaunchError};
use crate::progress::{Change, EventKind, ItemRecord, Progress};
use crate::standing::{DEFAULT_RECHECK_DAYS, Standing};
use crate::ui;

/// The profile used unless `--profile` names another.
pub const DEFAULT_PROFILE: &str = "default";

/// Everything a key press or an outside event can ask of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SelectPrevious,
    SelectNext,
    SelectFirst,
    SelectLast,
    /// Scroll what is on top (the help, else the details) down.
    ScrollDown,
    ScrollUp,
    /// Open the selected item's settings page.
    OpenPage,
    /// Open the selected item's broader fallback page.
    OpenFallback,
    /// Confirm the selected item, or ask before undoing a confirmation.
    ToggleConfirmed,
    /// Copy the address on show (a popup's, else the selected item's).
    CopyUrl,
    ToggleHelp,
    /// Answer to the question on screen.
    Answer(bool),
    /// Close the popup, or quit when there is none.
    Back,
    Quit,
    /// The terminal's size, at start and after every resize.
    Resize {
        width: u16,
        height: u16,
    },
    /// The browser launcher finished with the address it was given.
    LaunchFinished {
        id: String,
        url: String,
        result: Result<Launch, LaunchError>,
    },
    /// A save finished: the progress as now on disk (with other instances' changes), or why not.
    Saved(Result<Progress, String>),
    /// The process was asked to stop (SIGTERM, SIGHUP, SIGINT): save what can be saved, then quit.
    Stop,
    /// Ask where the member is.
    ChooseRegion,
    /// The member says where they are.
    SetRegion(Region),
    /// Show the selected page as a QR code.
    ShowQr,
    /// Switch to the next existing profile.
    NextProfile,
    /// The shell loaded a profile's record.
    ProfileOpened {
        name: String,
        progress: Progress,
        notice: Option<String>,
        state_path: String,
    },
    /// Copying to the clipboard finished.
    Copied(Result<Copied, String>),
}

/// A side effect the shell performs for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Ask the browser to open `url` (always a catalog address) for item `id`.
    OpenInBrowser { id: String, url: String },
    /// Save these changes, in order, on top of what the file holds now.
    Save(Vec<Change>),
    /// Load this profile's record instead of the current one.
    SwitchProfile(String),
    /// Put this text on the clipboard.
    Copy(String),
}

/// What covers the checklist, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help,
    /// "Undo confirmation? (y/n)" for item `id`.
    ConfirmUndo {
        id: String,
    },
    /// The browser could not be opened; the address is shown so the member can use it elsewhere.
    LaunchFailed {
        title: String,
        url: String,
        reason: String,
    },
    /// "Where are you?" with a numbered list of regions.
    ChooseRegion,
    /// A QR code of the selected item's page, for the phone.
    Qr,
}

/// The one-line message under the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Info(String),
    Problem(String),
}

/// Everything on screen.
#[derive(Debug, Clone)]
pub struct App {
    pub catalog: Catalog,
    pub progress: Progress,
    /// Index into `catalog.items`.
    pub selected: usize,
    /// Lines the detail pane is scrolled down.
    pub detail_scroll: u16,
    /// Lines the help is scrolled down.
    pub help_scroll: u16,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    /// A lasting notice about the saved file (set aside, read-only).
    pub banner: Option<String>,
    /// Ids whose page is being handed to the browser right now.
    pub launching: Vec<String>,
    /// Where progress is saved, shown in the help.
    pub state_path: String,
    /// The zone dates are shown in.
    pub time_zone: TimeZone,
    /// Whether colour may be used (off under NO_COLOR).
    pub color: bool,
    pub width: u16,
    pub height: u16,
    /// The time of the latest update, for staleness.
    pub now: Timestamp,
    /// Days a confirmation holds before a re-check is suggested.
    pub recheck_days: u32,
    /// The LinkedIn account this record is for.
    pub profile: String,
    /// Every profile with a record, `profile` among them.
    pub profiles: Vec<String>,
    /// Whether addresses may carry OSC 8 hyperlinks.
    pub hyperlinks: bool,
    /// Changes shown on screen but not yet on disk, retried with every save.
    pub unsaved: Vec<Change>,
    /// A quit is waiting for the last save.
    quitting: bool,
    /// The member was told once that quitting now loses changes.
    warned_unsaved: bool,
    pub should_quit: bool,
}

impl App {
    pub fn new(catalog: Catalog, progress: Progress, state_path: String) -> Self {
        Self {
            catalog,
            progress,
            selected: 0,
            detail_scroll: 0,
            help_scroll: 0,
            popup: None,
            status: None,
            banner: None,
            launching: Vec::new(),
            state_path,
            time_zone: TimeZone::UTC,
            color: true,
            width: 80,
            height: 24,
            now: Timestamp::UNIX_EPOCH,
            recheck_days: DEFAULT_RECHECK_DAYS,
            profile: DEFAULT_PROFILE.to_owned(),
            profiles: vec![DEFAULT_PROFILE.to_owned()],
            hyperlinks: false,
            unsaved: Vec::new(),
            quitting: false,
            warned_unsaved: false,
            should_quit: false,
        }
    }

    /// The item under the cursor.
    pub fn selected_item(&self) -> &OptOut {
        &self.catalog.items[self.selected]
    }

    /// The saved record of `item`.
    pub fn record(&self, item: &OptOut) -> &ItemRecord {
        self.progress.record(&item.id)
    }

    /// Where `item` stands now, staleness included.
    pub fn standing(&self, item: &OptOut) -> Standing {
        Standing::of(item, self.record(item), self.now, self.recheck_days)
    }

    /// How many catalog items are done: confirmed and not stale.
    pub fn done_count(&self) -> usize {
        self.catalog
            .items
            .iter()
            .filter(|item| self.standing(item).is_done())
            .count()
    }

    pub fn all_done(&self) -> bool {
        self.done_count() == self.catalog.items.len()
    }

    /// Whether `item` may be missing from LinkedIn for the member's region.
    pub fn may_not_appear(&self, item: &OptOut) -> bool {
        self.progress
            .region
            .is_some_and(|region| !item.appears_in.contains(&region))
    }

    /// A saved time as a calendar date in the member's zone.
    pub fn date(&self, at: Timestamp) -> String {
        self.time_zone.to_datetime(at).date().to_string()
    }

    /// Applies one action at time `now` and returns the effects it needs.
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        match action {
            Action::SelectPrevious => self.select(self.selected.saturating_sub(1)),
            Action::SelectNext => self.select(self.selected + 1),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::ScrollDown => self.scroll(Scroll::Down),
            Action::ScrollUp => self.scroll(Scroll::Up),
            Action::OpenPage => {
                let item = self.selected_item();
                return self.launch(item.id.clone(), item.url.clone());
            }
            Action::OpenFallback => {
                let item = self.selected_item();
                return self.launch(item.id.clone(), item.fallback_url.clone());
            }
            Action::LaunchFinished { id, url, result } => {
                return self.launch_finished(&id, url, result, now);
            }
            Action::ToggleConfirmed => {
                let item = self.selected_item();
                // A stale confirmation is confirmed again, not undone.
                if self.standing(item) == Standing::Confirmed {
                    self.popup = Some(Popup::ConfirmUndo {
                        id: item.id.clone(),
                    });
                } else {
                    return self.confirm(now);
                }
            }
            Action::Answer(yes) => return self.answer(yes, now),
            Action::CopyUrl => {
                let url = match &self.popup {
                    Some(Popup::LaunchFailed { url, .. }) => url.clone(),
                    _ => self.selected_item().url.clone(),
                };
                return vec![Effect::Copy(url)];
            }
            // The clipboard says what it did, and no more than it knows.
            Action::Copied(Ok(copied)) => self.status = Some(Status::Info(copied.message)),
            Action::Copied(Err(reason)) => {
                self.status = Some(Status::Problem(format!("Could not copy: {reason}")));
            }
            Action::Saved(Ok(on_disk)) => {
                self.progress = on_disk;
                self.unsaved.clear();
                if matches!(self.status, Some(Status::Problem(_))) {
                    self.status = Some(Status::Info("Saved.".into()));
                }
                if self.quitting {
                    self.should_quit = true;
                }
            }
            Action::Saved(Err(reason)) => self.save_failed(reason),
            Action::ToggleHelp => {
                self.popup = match self.popup {
                    Some(Popup::Help) => None,
                    _ => Some(Popup::Help),
                };
                self.help_scroll = 0;
            }
            Action::Back => {
                if self.popup.take().is_none() {
                    return self.quit();
                }
            }
            Action::Quit => return self.quit(),
            Action::Stop => {
                // No one is there to answer a warning: one last try, then go.
                self.should_quit = true;
                if !self.unsaved.is_empty() {
                    return vec![Effect::Save(self.unsaved.clone())];
                }
            }
            Action::ChooseRegion => self.popup = Some(Popup::ChooseRegion),
            Action::SetRegion(region) => {
                self.popup = None;
                self.status = Some(Status::Info(format!("Region set: {}.", region.name())));
                return self.remember(Change::Region(region));
            }
            Action::ShowQr => self.popup = Some(Popup::Qr),
            Action::NextProfile => return self.next_profile(),
            Action::ProfileOpened {
                name,
                progress,
                notice,
                state_path,
            } => {
                self.status = Some(Status::Info(format!("Switched to profile {name}.")));
                self.profile = name;
                self.progress = progress;
                self.banner = notice;
                self.state_path = state_path;
                self.selected = 0;
                self.detail_scroll = 0;
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
                // Wrapping text to find the limit costs; an offset of 0 needs no limit.
                if self.detail_scroll > 0 {
                    self.detail_scroll = self.detail_scroll.min(ui::max_detail_scroll(self));
                }
                if self.help_scroll > 0 {
                    self.help_scroll = self.help_scroll.min(ui::max_help_scroll(self));
                }
            }
        }
        Vec::new()
    }

    fn scroll(&mut self, direction: Scroll) {
        let on_help = self.popup == Some(Popup::Help);
        let max = if on_help {
            ui::max_help_scroll(self)
        } else {
            ui::max_detail_scroll(self)
        };
        let offset = if on_help {
            &mut self.help_scroll
        } else {
            &mut self.detail_scroll
        };
        *offset = match direction {
            Scroll::Down => offset.saturating_add(SCROLL_STEP).min(max),
            Scroll::Up => offset.saturating_sub(SCROLL_STEP),
        };
    }

    /// Quits, unless changes are unsaved: then saves first, and if that fails, warns once.
    fn quit(&mut self) -> Vec<Effect> {
        if self.unsaved.is_empty() {
            self.should_quit = true;
            return Vec::new();
        }
        self.quitting = true;
        vec![Effect::Save(self.unsaved.clone())]
    }

    fn save_failed(&mut self, reason: String) {
        if self.quitting && self.warned_unsaved {
            self.should_quit = true;
            return;
        }
        let message = if self.quitting {
            self.warned_unsaved = true;
            let count = self.unsaved.len();
            let changes = if count == 1 { "change" } else { "changes" };
            format!("Not saved: {reason}. Press q again to quit and lose {count} {changes}.")
        } else {
            format!("Not saved: {reason}")
        };
        self.quitting = false;
        self.status = Some(Status::Problem(message));
    }

    /// Records an event for item `id` (see `remember`).
    fn remember_event(&mut self, id: &str, event: EventKind, at: Timestamp) -> Vec<Effect> {
        let Some(item) = self.catalog.get(id) else {
            return Vec::new();
        };
        self.remember(Change::Item {
            id: id.to_owned(),
            event,
            at,
            revision: item.revision,
        })
    }

    /// Shows a change at once and asks for it, and any earlier unsaved ones, to be saved.
    fn remember(&mut self, change: Change) -> Vec<Effect> {
        self.progress.apply(&change);
        self.unsaved.push(change);
        vec![Effect::Save(self.unsaved.clone())]
    }

    /// Asks for the next profile's record; refused while changes are unsaved, so none are lost.
    fn next_profile(&mut self) -> Vec<Effect> {
        if self.profiles.len() < 2 {
            self.status = Some(Status::Info(
                "Only one profile. Start with --profile NAME to keep another account's record."
                    .into(),
            ));
            return Vec::new();
        }
        if !self.unsaved.is_empty() {
            self.status = Some(Status::Problem(
                "Not switching: this profile has unsaved changes.".into(),
            ));
            return Vec::new();
        }
        let here = self.profiles.iter().position(|p| *p == self.profile);
        let next = here.map_or(0, |i| (i + 1) % self.profiles.len());
        vec![Effect::SwitchProfile(self.profiles[next].clone())]
    }

    fn select(&mut self, index: usize) {
        let last = self.catalog.items.len().saturating_sub(1);
        let index = index.min(last);
        if index != self.selected {
            self.selected = index;
            self.detail_scroll = 0;
            // A message about the item just left would read as about this one; problems stay.
            if matches!(self.status, Some(Status::Info(_))) {
                self.status = None;
            }
        }
    }

    fn launch(&mut self, id: String, url: String) -> Vec<Effect> {
        // The catalog was validated at load; checking again here keeps any future path honest.
        if !self.catalog.contains_url(&url) {
            self.status = Some(Status::Problem(
                "Refused to open an unknown address.".into(),
            ));
            return Vec::new();
        }
        let title = self.selected_item().title.clone();
        self.status = Some(Status::Info(format!("Opening {title} in your browser…")));
        if !self.launching.contains(&id) {
            self.launching.push(id.clone());
        }
        vec![Effect::OpenInBrowser { id, url }]
    }

    fn launch_finished(
        &mut self,
        id: &str,
        url: String,
        result: Result<Launch, LaunchError>,
        now: Timestamp,
    ) -> Vec<Effect> {
        self.launching.retain(|launching| launching != id);
        let Some(item) = self.catalog.get(id) else {
            return Vec::new();
        };
        match result {
            Ok(Launch::Opened) => {
                self.status = Some(Status::Info(
                    "Opened in your browser. Switch it off there, then press Space here.".into(),
                ));
                self.remember_event(id, EventKind::Opened, now)
            }
            // Whether a page opened is not known; the member can still copy or scan the address.
            Ok(Launch::HandedOff) => {
                self.status = Some(Status::Info(
                    "Handed to your system's launcher — if nothing opened, press c or p.".into(),
                ));
                self.remember_event(id, EventKind::Opened, now)
            }
            Err(LaunchError { reason, .. }) => {
                self.popup = Some(Popup::LaunchFailed {
                    title: item.title.clone(),
                    url,
                    reason,
                });
                self.status = None;
                Vec::new()
            }
        }
    }

    fn confirm(&mut self, now: Timestamp) -> Vec<Effect> {
        let item = self.selected_item();
        let (id, title) = (item.id.clone(), item.title.clone());
        let effects = self.remember_event(&id, EventKind::Confirmed, now);
        let message = if self.all_done() {
            "All opt-outs confirmed. Your record is saved; q quits.".to_owned()
        } else {
            format!("Confirmed {title} on {}.", self.date(now))
        };
        self.status = Some(Status::Info(message));
        effects
    }

    fn answer(&mut self, yes: bool, now: Timestamp) -> Vec<Effect> {
        let Some(Popup::ConfirmUndo { id }) = self.popup.take() else {
            return Vec::new();
        };
        let Some(item) = self.catalog.get(&id) else {
            return Vec::new();
        };
        if !yes {
            self.status = Some(Status::Info(format!("{} stays confirmed.", item.title)));
            return Vec::new();
        }
        self.status = Some(Status::Info(format!(
            "{} is no longer confirmed.",
            item.title
        )));
        self.remember_event(&id, EventKind::Unconfirmed, now)
    }
}

/// Lines one scroll key moves.
const SCROLL_STEP: u16 = 3;

enum Scroll {
    Down,
    Up,
}
