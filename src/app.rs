//! The app's state and everything that changes it. No I/O here: `update` returns the effects it
//! wants and the shell performs them, feeding results back as actions. Nothing here knows the
//! layout: limits that depend on it come from the last render (`Action::Rendered`).

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::catalog::{Applicability, Catalog, Group, OptOut, Region};
use crate::language::Language;
use crate::progress::{Change, EventKind, ItemRecord, ItemState, Progress};
use crate::standing::{DEFAULT_RECHECK_DAYS, FUTURE_SLACK, Mark, Standing};
use crate::store::Saved;
use crate::terminal::Capabilities;

/// The profile used unless `--profile` names another.
pub const DEFAULT_PROFILE: &str = "default";

/// Below this size the screen shows only a "too small" message and takes only q and ?.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// The shipped facts are worth updating once they are older than this many days.
pub const FACTS_STALE_DAYS: i64 = 365;

/// Everything a key press, a click or an outside event can ask of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SelectPrevious,
    SelectNext,
    SelectFirst,
    SelectLast,
    /// Select the item in this row of the list (a click).
    SelectRow(usize),
    /// Scroll what is on top (the help, else the details) by a line.
    ScrollDown,
    ScrollUp,
    /// Scroll what is on top by a page (its height less two lines).
    PageDown,
    PageUp,
    /// Scroll what is on top to its start or end.
    ScrollTop,
    ScrollBottom,
    /// The wheel over the details or the help.
    Wheel {
        pane: Pane,
        down: bool,
    },
    /// Open the selected item's settings page.
    OpenPage,
    /// List every address of the selected item, to open, copy or show one.
    ChooseAddress,
    /// Confirm the selected item, confirm it again, or ask before undoing a confirmation.
    ToggleConfirmed,
    /// Record that LinkedIn does not show the member this setting, or ask before undoing that.
    ToggleNotOffered,
    /// Copy the address on show (a popup's, else the selected item's).
    CopyUrl,
    ToggleHelp,
    /// Answer to the question on screen.
    Answer(bool),
    /// Move the highlight in a list popup (regions, languages, addresses).
    ChooserUp,
    ChooserDown,
    /// Take the highlighted entry of a list popup, or the numbered one.
    ChooserPick(Option<usize>),
    /// Close the popup on top. Never quits.
    Back,
    /// A click outside the popup on top.
    ClickOutside,
    Quit,
    /// Give the terminal back and stop (Ctrl-Z).
    Suspend,
    /// The terminal's size, at start and after every resize.
    Resize {
        width: u16,
        height: u16,
    },
    /// Limits the last render found (how far each pane can scroll).
    Rendered(Limits),
    /// The checklist has just started at this moment.
    Start,
    /// The browser launcher finished with the address it was given.
    LaunchFinished {
        id: String,
        url: String,
        result: Result<Launch, LaunchError>,
    },
    /// A save finished: the record as now on disk, or why not.
    Saved(Result<Saved, String>),
    /// A save has been running long enough to say so.
    SaveSlow,
    /// The record changed on disk (another instance, a command in another shell).
    Reloaded(Progress),
    /// The process was asked to stop (SIGTERM, SIGHUP, SIGINT): save what can be saved, then quit.
    Stop,
    /// Ask where the member is.
    ChooseRegion,
    /// Ask which language LinkedIn shows the member.
    ChooseLanguage,
    /// Show the selected page as a QR code.
    ShowQr,
    /// Swap the QR code's light and dark (for light terminals under NO_COLOR).
    InvertQr,
    /// Show the QR popup's address alone, large enough to read.
    ToggleQrAddress,
    /// Take the mouse, or leave it to the terminal.
    ToggleMouse,
    /// Fold the more privacy switches away, or unfold them.
    FoldMore,
    /// Switch to the next existing profile.
    NextProfile,
    /// The shell loaded a profile's record.
    ProfileOpened {
        name: String,
        progress: Progress,
        notice: Option<String>,
        read_only: bool,
        state_path: String,
    },
    /// Copying to the clipboard finished, saying what was done.
    Copied(Result<String, String>),
    /// Text was pasted: never taken as keys.
    Pasted,
}

/// A scrollable part of the screen, for the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The checklist: the wheel moves the selection.
    List,
    Details,
    Help,
}

/// How far the panes can scroll and how tall a page is, as the last render found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// The first row the list showed, kept so the list scrolls only as far as it must.
    pub list_offset: usize,
    pub detail_max: u16,
    pub detail_page: u16,
    pub help_max: u16,
    pub help_page: u16,
}

/// How a launch went, as the browser reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Launch {
    /// The launcher finished and said it opened the page.
    Opened,
    /// The launcher was still running after the handoff timeout: it may be waiting for the
    /// browser, or stuck. Whether a page opened cannot be known.
    HandedOff,
}

/// Why a launch failed, in words for the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchError {
    /// What went wrong, for the member; never contains the address (the popup shows it).
    pub reason: String,
    /// Nothing here can show a web page (no launcher at all, or xdg-open said so): normal over
    /// SSH or on a server, where the member opens the address on another device.
    pub no_browser_here: bool,
}

impl std::fmt::Display for LaunchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
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
    /// Give the terminal back and stop until resumed.
    Suspend,
    /// Take the mouse (true) or leave it to the terminal.
    Mouse(bool),
}

/// What covers the checklist. Popups stack: Esc closes the top one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help,
    /// "Undo confirmation? (y/n)" for item `id`.
    ConfirmUndo {
        id: String,
    },
    /// "Undo 'not shown to me'? (y/n)" for item `id`.
    NotOfferedUndo {
        id: String,
    },
    /// The browser could not be opened; the address is shown so the member can use it elsewhere.
    LaunchFailed {
        id: String,
        url: String,
        reason: String,
    },
    /// "Where is your account?", the highlighted region.
    ChooseRegion {
        highlighted: usize,
    },
    /// "Which language does LinkedIn show you?", the highlighted entry (last: from the system).
    ChooseLanguage {
        highlighted: usize,
    },
    /// Every address of item `id`, the highlighted one.
    Addresses {
        id: String,
        highlighted: usize,
    },
    /// A QR code of `url` (an address of item `id`), or that address alone, large.
    Qr {
        id: String,
        url: String,
        address_only: bool,
    },
}

/// The message under the checklist.
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
    /// What the last render found about scrolling.
    pub limits: Limits,
    /// Popups, the top one last.
    pub popups: Vec<Popup>,
    pub status: Option<Status>,
    /// A lasting notice about the saved file (damaged, read-only, set aside).
    pub banner: Option<String>,
    /// Nothing can be saved this session (the banner says why).
    pub read_only: bool,
    /// Ids whose page is being handed to the browser right now.
    pub launching: Vec<String>,
    /// Where progress is saved, shown in the help.
    pub state_path: String,
    /// The zone dates are shown in.
    pub time_zone: TimeZone,
    /// What the terminal can show.
    pub caps: Capabilities,
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
    /// The language the system is set to, used when the member has not chosen one.
    pub system_language: Language,
    /// Whether the mouse is taken (clicks and the wheel work) or left to the terminal.
    pub mouse: bool,
    /// The QR code's light and dark swapped.
    pub qr_inverted: bool,
    /// Changes shown on screen but not yet on disk, oldest first.
    pub unsaved: Vec<Change>,
    /// How many of `unsaved` the save now running carries, if one is running.
    pub saving: Option<usize>,
    /// The running save has taken long enough to say so.
    pub save_slow: bool,
    /// A quit is waiting for the last save.
    quitting: bool,
    /// The member was told once that quitting now loses changes.
    warned_unsaved: bool,
    /// The record just taken from disk moved the selection (another instance folded the group
    /// it was in); no frame has shown that yet.
    selection_moved: bool,
    /// Whether the group was folded on the last frame, when the record just taken from disk
    /// folded or unfolded it (another instance did); no frame has shown that yet.
    fold_seen: Option<bool>,
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
            limits: Limits::default(),
            popups: Vec::new(),
            status: None,
            banner: None,
            read_only: false,
            launching: Vec::new(),
            state_path,
            time_zone: TimeZone::UTC,
            caps: Capabilities::default(),
            width: 80,
            height: 24,
            now: Timestamp::UNIX_EPOCH,
            recheck_days: DEFAULT_RECHECK_DAYS,
            profile: DEFAULT_PROFILE.to_owned(),
            profiles: vec![DEFAULT_PROFILE.to_owned()],
            system_language: Language::English,
            mouse: true,
            qr_inverted: false,
            unsaved: Vec::new(),
            saving: None,
            save_slow: false,
            quitting: false,
            warned_unsaved: false,
            selection_moved: false,
            fold_seen: None,
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

    /// Where `item` stands now, region and staleness included.
    pub fn standing(&self, item: &OptOut) -> Standing {
        Standing::of(
            item,
            self.record(item),
            self.progress.region,
            self.now,
            self.recheck_days,
        )
    }

    /// How many of `group`'s items are done: confirmed, not shown, or not in the region, and
    /// current.
    pub fn done_count(&self, group: Group) -> usize {
        self.catalog
            .group(group)
            .filter(|item| self.standing(item).is_done())
            .count()
    }

    /// How many of `group`'s items are settled only because they do not exist in the member's
    /// region.
    pub fn not_in_region_count(&self, group: Group) -> usize {
        self.catalog
            .group(group)
            .filter(|item| self.standing(item) == Standing::NotApplicable)
            .count()
    }

    /// Whether both opt-outs are done: what the checklist is for.
    pub fn all_done(&self) -> bool {
        self.group_done(Group::OptOuts)
    }

    /// Whether every item of `group` is done.
    pub fn group_done(&self, group: Group) -> bool {
        self.done_count(group) == self.catalog.group_len(group)
    }

    /// Whether the member folded the more privacy switches away.
    pub fn more_folded(&self) -> bool {
        self.progress.more_folded.unwrap_or(false)
    }

    /// How many items the list shows: the opt-outs, then the more privacy switches unless
    /// folded. The catalog keeps the opt-outs first, so these are `catalog.items[..n]`.
    pub fn shown_len(&self) -> usize {
        if self.more_folded() {
            self.catalog.group_len(Group::OptOuts)
        } else {
            self.catalog.items.len()
        }
    }

    /// Whether `item`'s setting exists for the member's region, as far as the sources say.
    pub fn applicability<'a>(&self, item: &'a OptOut) -> Applicability<'a> {
        item.applicability(self.progress.region)
    }

    /// The language LinkedIn's labels are shown in: the member's choice, else the system's.
    pub fn language(&self) -> Language {
        self.progress.language.unwrap_or(self.system_language)
    }

    /// A saved time as a calendar date in the member's zone.
    pub fn date(&self, at: Timestamp) -> String {
        self.time_zone.to_datetime(at).date().to_string()
    }

    /// A time recorded for `item` that lies in the future: the clock was wrong then, or is now.
    pub fn dated_in_future(&self, item: &OptOut) -> Option<Timestamp> {
        self.record(item).dated_after(self.now, FUTURE_SLACK)
    }

    /// The popup on top, if any.
    pub fn popup(&self) -> Option<&Popup> {
        self.popups.last()
    }

    /// Whether the window is too small to show the checklist.
    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// What Space does to the selected item, for the footer: "confirm", "confirm again" or "undo".
    pub fn space_does(&self) -> &'static str {
        match self.space_intent(self.selected_item()) {
            Intent::Mark => "confirm",
            Intent::MarkAgain => "confirm again",
            Intent::AskUndo => "undo",
            // Space always acts: `space_intent` never explains instead.
            Intent::Explain => "confirm",
        }
    }

    /// What `n` does to the selected item, for the footer: "not shown", "still not shown" or
    /// "undo not shown".
    pub fn not_offered_does(&self) -> &'static str {
        match self.not_offered_intent(self.selected_item()) {
            Intent::Mark => "not shown",
            Intent::MarkAgain => "still not shown",
            Intent::AskUndo => "undo not shown",
            // Pressed, it says why nothing is marked.
            Intent::Explain => "not shown",
        }
    }

    fn space_intent(&self, item: &OptOut) -> Intent {
        match self.standing(item) {
            // Opened again after the confirmation: the member is re-checking.
            Standing::Confirmed if self.record(item).reopened_since_marked() => Intent::MarkAgain,
            Standing::Confirmed => Intent::AskUndo,
            Standing::Stale {
                mark: Mark::Confirmed,
                ..
            } => Intent::MarkAgain,
            Standing::Pending
            | Standing::Opened
            | Standing::NotOffered
            | Standing::NotApplicable
            | Standing::Stale {
                mark: Mark::NotOffered,
                ..
            } => Intent::Mark,
        }
    }

    /// As `space_intent`, for "not shown to me": a mark gone stale, or one whose page the member
    /// opened again, is re-checked by marking it again. Nothing is marked where the setting does
    /// not exist, nor over a confirmation until the member looks again (Enter): one stray `n`
    /// must not replace what they saw.
    fn not_offered_intent(&self, item: &OptOut) -> Intent {
        let record = self.record(item);
        match (self.standing(item), record.state) {
            // A mark made before (from a shell, in another region) can still be undone.
            (Standing::NotApplicable, ItemState::NotOffered) => Intent::AskUndo,
            (Standing::NotApplicable, _) => Intent::Explain,
            (_, ItemState::Confirmed) if !record.reopened_since_marked() => Intent::Explain,
            (Standing::NotOffered, _) if record.reopened_since_marked() => Intent::MarkAgain,
            (Standing::NotOffered, _) => Intent::AskUndo,
            (
                Standing::Stale {
                    mark: Mark::NotOffered,
                    ..
                },
                _,
            ) => Intent::MarkAgain,
            _ => Intent::Mark,
        }
    }

    /// Applies one action at time `now` and returns the effects it needs.
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        self.now = now;
        self.retire_all_done();
        // The shell takes the record from disk just before a member's key: a key meant for the
        // item that was selected never acts on the one the selection moved to unseen, and `z`
        // never undoes the fold it asked for when another instance already made it.
        if let Some(seen) = self.fold_seen.take()
            && action == Action::FoldMore
        {
            self.selection_moved = false;
            self.status = Some(Status::Info(format!(
                "The more privacy switches were already {} in another linkedin-optout.",
                if seen { "shown" } else { "folded" }
            )));
            return Vec::new();
        }
        if std::mem::take(&mut self.selection_moved)
            && self.popups.is_empty()
            && matches!(
                action,
                Action::OpenPage
                    | Action::ChooseAddress
                    | Action::ToggleConfirmed
                    | Action::ToggleNotOffered
                    | Action::CopyUrl
                    | Action::ShowQr
            )
        {
            self.status = Some(Status::Info(format!(
                "The more privacy switches were folded in another linkedin-optout; the selection \
                 moved to {}. Nothing was done: press the key again for it.",
                self.selected_item().title
            )));
            return Vec::new();
        }
        // Too small to show anything: only quitting and the help work.
        if self.too_small()
            && !matches!(
                action,
                Action::Quit
                    | Action::Stop
                    | Action::ToggleHelp
                    | Action::Back
                    | Action::Resize { .. }
                    | Action::Rendered(_)
                    | Action::Start
                    | Action::LaunchFinished { .. }
                    | Action::Saved(_)
                    | Action::SaveSlow
                    | Action::Reloaded(_)
                    | Action::ProfileOpened { .. }
                    | Action::Copied(_)
                    | Action::Suspend
            )
        {
            return Vec::new();
        }
        match action {
            Action::SelectPrevious => self.select(self.selected.saturating_sub(1)),
            Action::SelectNext => self.select(self.selected.saturating_add(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::SelectRow(row) => {
                if row < self.shown_len() {
                    self.select(row);
                }
            }
            Action::ScrollDown => self.scroll_top_pane(|offset, _| offset.saturating_add(1)),
            Action::ScrollUp => self.scroll_top_pane(|offset, _| offset.saturating_sub(1)),
            Action::PageDown => {
                self.scroll_top_pane(|offset, page| offset.saturating_add(page.max(1)));
            }
            Action::PageUp => {
                self.scroll_top_pane(|offset, page| offset.saturating_sub(page.max(1)));
            }
            Action::ScrollTop => self.scroll_top_pane(|_, _| 0),
            Action::ScrollBottom => self.scroll_top_pane(|_, _| u16::MAX),
            Action::Wheel { pane, down } => self.wheel(pane, down),
            Action::OpenPage => {
                let item = self.selected_item();
                let (id, url) = (item.id.clone(), item.url().to_owned());
                return self.launch(id, url);
            }
            Action::ChooseAddress => {
                let id = self.selected_item().id.clone();
                // As for the QR code: the popup's own messages (what `c` copied) show under it.
                self.clear_info();
                self.popups.push(Popup::Addresses { id, highlighted: 0 });
            }
            Action::LaunchFinished { id, url, result } => {
                return self.launch_finished(&id, url, result, now);
            }
            Action::ToggleConfirmed => return self.toggle_confirmed(now),
            Action::ToggleNotOffered => return self.toggle_not_offered(now),
            Action::Answer(yes) => return self.answer(yes, now),
            Action::ChooserUp => self.move_highlight(-1),
            Action::ChooserDown => self.move_highlight(1),
            Action::ChooserPick(index) => return self.pick(index),
            Action::CopyUrl => return vec![Effect::Copy(self.address_on_show())],
            Action::Copied(Ok(message)) => self.status = Some(Status::Info(message)),
            Action::Copied(Err(reason)) => {
                self.status = Some(Status::Problem(format!("Could not copy: {reason}")));
            }
            Action::Pasted => {
                self.status = Some(Status::Info(
                    "Pasted text is ignored here: linkedin-optout takes keys only.".into(),
                ));
            }
            Action::Saved(result) => return self.saved(result),
            Action::SaveSlow => self.save_slow = self.saving.is_some(),
            Action::Reloaded(on_disk) => self.reloaded(on_disk),
            Action::ToggleHelp => {
                if self.popup() == Some(&Popup::Help) {
                    self.popups.pop();
                } else {
                    self.popups.push(Popup::Help);
                    self.help_scroll = 0;
                }
            }
            Action::Back | Action::ClickOutside => {
                // A message about the QR code ("inverted", "copied") would outlive it; problems
                // stay.
                let closed = self.popups.pop();
                if matches!(closed, Some(Popup::Qr { .. }))
                    && matches!(self.status, Some(Status::Info(_)))
                {
                    self.status = None;
                }
            }
            Action::Quit => return self.quit(),
            Action::Suspend => return vec![Effect::Suspend],
            Action::Stop => {
                // No one is there to answer a warning: one last try, then go.
                self.should_quit = true;
                if !self.unsaved.is_empty() && self.saving.is_none() {
                    return self.request_save();
                }
            }
            Action::Start => self.start(),
            Action::ChooseRegion => {
                let highlighted = self
                    .progress
                    .region
                    .and_then(|r| Region::ALL.iter().position(|x| *x == r))
                    .unwrap_or(0);
                self.popups.push(Popup::ChooseRegion { highlighted });
            }
            Action::ChooseLanguage => {
                let highlighted = self
                    .progress
                    .language
                    .and_then(|l| Language::ALL.iter().position(|x| *x == l))
                    .unwrap_or(Language::ALL.len());
                self.popups.push(Popup::ChooseLanguage { highlighted });
            }
            Action::ShowQr => {
                // The popup shows the status under the code (a copy's result); one from before
                // would only take the code's room.
                self.status = None;
                let popup = Popup::Qr {
                    id: self.item_in_view().id.clone(),
                    url: self.address_on_show(),
                    address_only: false,
                };
                self.popups.push(popup);
            }
            Action::InvertQr => {
                self.qr_inverted = !self.qr_inverted;
                self.status = Some(Status::Info(if self.qr_inverted {
                    "QR code inverted: dark modules now drawn in your text colour.".into()
                } else {
                    "QR code back to normal.".into()
                }));
            }
            Action::ToggleQrAddress => {
                if let Some(Popup::Qr { address_only, .. }) = self.popups.last_mut() {
                    *address_only = !*address_only;
                }
            }
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.status = Some(Status::Info(if self.mouse {
                    "Mouse on: click a row, scroll with the wheel.".into()
                } else {
                    "Mouse off: your terminal selects text with it again.".into()
                }));
                let mut effects = vec![Effect::Mouse(self.mouse)];
                effects.extend(self.remember(Change::Mouse(self.mouse)));
                return effects;
            }
            Action::FoldMore => return self.fold_more(),
            Action::NextProfile => return self.next_profile(),
            Action::ProfileOpened {
                name,
                progress,
                notice,
                read_only,
                state_path,
            } => {
                self.status = Some(Status::Info(format!("Switched to profile {name}.")));
                self.profile = name;
                self.progress = progress;
                self.banner = notice;
                self.read_only = read_only;
                self.state_path = state_path;
                self.selected = 0;
                self.detail_scroll = 0;
                let mouse = self.progress.mouse.unwrap_or(true) && self.mouse;
                if mouse != self.mouse {
                    self.mouse = mouse;
                    return vec![Effect::Mouse(mouse)];
                }
            }
            Action::Resize { width, height } => {
                self.width = width;
                self.height = height;
            }
            Action::Rendered(limits) => {
                self.limits = limits;
                self.detail_scroll = self.detail_scroll.min(limits.detail_max);
                self.help_scroll = self.help_scroll.min(limits.help_max);
            }
        }
        Vec::new()
    }

    /// Once, at start: say when the shipped facts are old, and invite setting the region.
    fn start(&mut self) {
        let facts = self.catalog.facts_date();
        let age = self
            .time_zone
            .to_datetime(self.now)
            .date()
            .since(facts)
            .map_or(0, |span| i64::from(span.get_days()));
        if age > FACTS_STALE_DAYS {
            self.status = Some(Status::Problem(format!(
                "These facts are as of {facts}, over a year ago: LinkedIn may have moved things. \
                 Update linkedin-optout."
            )));
        } else if self.progress.region.is_none() {
            self.status = Some(Status::Info(
                "Press r to set your region: some settings exist only in some regions.".into(),
            ));
        }
    }

    /// The address the member is looking at: a popup's, else the selected item's page.
    fn address_on_show(&self) -> String {
        match self.popup() {
            Some(Popup::LaunchFailed { url, .. } | Popup::Qr { url, .. }) => url.clone(),
            Some(Popup::Addresses { id, highlighted }) => self
                .catalog
                .get(id)
                .and_then(|item| item.addresses().get(*highlighted).map(|a| a.url.to_owned()))
                .unwrap_or_else(|| self.selected_item().url().to_owned()),
            _ => self.selected_item().url().to_owned(),
        }
    }

    /// Scrolls the help when it is on top, else the details, to `to(offset, page)` within the
    /// limits of the last render.
    fn scroll_top_pane(&mut self, to: impl Fn(u16, u16) -> u16) {
        if self.popup() == Some(&Popup::Help) {
            self.help_scroll =
                to(self.help_scroll, self.limits.help_page).min(self.limits.help_max);
        } else if self.popups.is_empty() {
            self.detail_scroll =
                to(self.detail_scroll, self.limits.detail_page).min(self.limits.detail_max);
        }
    }

    /// Three lines a notch, as most terminals scroll.
    fn wheel(&mut self, pane: Pane, down: bool) {
        let step = |offset: u16, max: u16| {
            if down {
                offset.saturating_add(3).min(max)
            } else {
                offset.saturating_sub(3)
            }
        };
        match pane {
            Pane::List if down => self.select(self.selected.saturating_add(1)),
            Pane::List => self.select(self.selected.saturating_sub(1)),
            Pane::Help => self.help_scroll = step(self.help_scroll, self.limits.help_max),
            Pane::Details => {
                self.detail_scroll = step(self.detail_scroll, self.limits.detail_max);
            }
        }
    }

    /// Quits, unless changes are unsaved: then saves first, and if that fails, warns once.
    fn quit(&mut self) -> Vec<Effect> {
        if self.unsaved.is_empty() || (self.quitting && self.warned_unsaved) {
            self.should_quit = true;
            return Vec::new();
        }
        self.quitting = true;
        if self.saving.is_some() {
            // The running save reports back; `saved` finishes the quit.
            return Vec::new();
        }
        self.request_save()
    }

    /// Asks for every unsaved change to be saved, unless a save is already running (then the
    /// changes go with the next one, when it reports back).
    fn request_save(&mut self) -> Vec<Effect> {
        if self.saving.is_some() || self.unsaved.is_empty() {
            return Vec::new();
        }
        self.saving = Some(self.unsaved.len());
        self.save_slow = false;
        vec![Effect::Save(self.unsaved.clone())]
    }

    fn saved(&mut self, result: Result<Saved, String>) -> Vec<Effect> {
        let carried = self.saving.take().unwrap_or(0);
        self.save_slow = false;
        match result {
            Ok(saved) => {
                // Changes made while this save ran are still unsaved; show them on top.
                self.unsaved.drain(..carried.min(self.unsaved.len()));
                self.take_newer(saved.progress);
                if let Some(moved_to) = saved.set_aside {
                    self.banner = Some(format!(
                        "The damaged record was kept as {} and a fresh one started.",
                        crate::text::path(&moved_to)
                    ));
                }
                if let Some(warning) = saved.warning {
                    self.status = Some(Status::Problem(warning));
                } else if matches!(self.status, Some(Status::Problem(_))) {
                    self.status = Some(Status::Info("Saved.".into()));
                }
                if !self.unsaved.is_empty() {
                    return self.request_save();
                }
                if self.quitting {
                    self.should_quit = true;
                }
                Vec::new()
            }
            Err(reason) => {
                if self.should_quit {
                    return Vec::new();
                }
                if self.quitting && self.warned_unsaved {
                    self.should_quit = true;
                    return Vec::new();
                }
                let message = if self.quitting {
                    self.warned_unsaved = true;
                    let count = self.unsaved.len();
                    let changes = if count == 1 { "change" } else { "changes" };
                    format!(
                        "Not saved: {reason}. Press q again to quit and lose {count} {changes}."
                    )
                } else {
                    format!("Not saved: {reason}. It will be tried again with your next change.")
                };
                self.quitting = false;
                self.status = Some(Status::Problem(message));
                Vec::new()
            }
        }
    }

    /// The record changed elsewhere: take it, with this session's unsaved changes on top.
    fn reloaded(&mut self, on_disk: Progress) {
        if self.saving.is_some() {
            // The running save brings the merged record back.
            return;
        }
        let (selected, folded) = (self.selected, self.more_folded());
        self.take_newer(on_disk);
        self.selection_moved = self.selected != selected;
        self.fold_seen = (self.more_folded() != folded).then_some(folded);
    }

    /// Shows `newer`, the record another instance or a save left, with the changes not saved
    /// yet on top.
    fn take_newer(&mut self, mut newer: Progress) {
        for change in &self.unsaved {
            newer.apply(change);
        }
        self.close_outdated_question(&newer);
        self.progress = newer;
        self.retire_all_done();
        self.keep_selection_shown();
    }

    /// The message for a mark on item `id` that finished its group, if it did.
    fn finished(&self, id: &str) -> Option<String> {
        let group = self.catalog.get(id)?.group;
        if !self.group_done(group) {
            return None;
        }
        Some(
            match group {
                Group::OptOuts => ALL_DONE,
                Group::More if self.all_done() => MORE_DONE,
                // Not "q quits" while what the checklist is for still needs the member.
                Group::More => MORE_DONE_OPT_OUTS_LEFT,
            }
            .to_owned(),
        )
    }

    /// Takes "All done" (or the more switches' "done") down once it no longer holds: undone
    /// elsewhere, or gone stale with time.
    fn retire_all_done(&mut self) {
        // The message first: it is rarely up, and the count costs more.
        let group = match &self.status {
            Some(Status::Info(text)) if text == ALL_DONE => Group::OptOuts,
            Some(Status::Info(text)) if text == MORE_DONE || text == MORE_DONE_OPT_OUTS_LEFT => {
                Group::More
            }
            _ => return,
        };
        if !self.group_done(group) {
            self.status = None;
        }
    }

    /// Keeps the selection on a row the list shows (another shell may have folded the group).
    fn keep_selection_shown(&mut self) {
        let last = self.shown_len().saturating_sub(1);
        if self.selected > last {
            self.selected = last;
            self.detail_scroll = 0;
        }
    }

    /// Closes an undo question whose mark `newer` (the record as another instance left it)
    /// took back or renewed: answering it would answer for a mark the member did not see.
    fn close_outdated_question(&mut self, newer: &Progress) {
        if let Some(Popup::ConfirmUndo { id } | Popup::NotOfferedUndo { id }) = self.popup()
            && newer.record(id).settled() != self.progress.record(id).settled()
        {
            let title = self
                .catalog
                .get(id)
                .map_or_else(|| id.clone(), |item| item.title.clone());
            self.popups.pop();
            self.status = Some(Status::Info(format!(
                "{title} was changed in another linkedin-optout meanwhile; nothing was undone."
            )));
        }
    }

    /// Records an event for item `id` (see `remember`).
    fn remember_event(&mut self, id: &str, event: EventKind, at: Timestamp) -> Vec<Effect> {
        let Some(item) = self.catalog.get(id) else {
            return Vec::new();
        };
        let change = Change::item(id, event, at, item.revision);
        self.remember(change)
    }

    /// Clears an informational message; a problem (a save that failed) stays until resolved.
    fn clear_info(&mut self) {
        if matches!(self.status, Some(Status::Info(_))) {
            self.status = None;
        }
    }

    /// Shows a change at once and asks for it, and any earlier unsaved ones, to be saved.
    fn remember(&mut self, change: Change) -> Vec<Effect> {
        // What an item's event, the region or the language changes (its standing, the labels)
        // shows at the top of the details: bring it into view.
        if !matches!(change, Change::Mouse(_) | Change::FoldMore(_)) {
            self.detail_scroll = 0;
        }
        self.progress.apply(&change);
        if self.read_only {
            // Shown for this session only; the banner says why nothing is saved.
            return Vec::new();
        }
        self.unsaved.push(change);
        self.request_save()
    }

    /// Folds the more privacy switches away or back; the choice is kept in the record. A
    /// selection inside the folded group moves to the last opt-out.
    fn fold_more(&mut self) -> Vec<Effect> {
        let folded = !self.more_folded();
        let more = self.catalog.group_len(Group::More);
        let done = self.done_count(Group::More);
        let effects = self.remember(Change::FoldMore(folded));
        self.keep_selection_shown();
        self.status = Some(Status::Info(if folded {
            format!("More privacy switches folded ({done} of {more} done); z shows them again.")
        } else {
            format!("More privacy switches shown: {done} of {more} done.")
        }));
        effects
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
        if !self.unsaved.is_empty() || self.saving.is_some() {
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
        let last = self.shown_len().saturating_sub(1);
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
        let title = self
            .catalog
            .get(&id)
            .map_or_else(String::new, |item| item.title.clone());
        if self.launching.contains(&id) {
            self.status = Some(Status::Info(format!(
                "Already opening {title}; give your browser a moment."
            )));
            return Vec::new();
        }
        self.status = Some(Status::Info(format!("Opening {title} in your browser…")));
        self.launching.push(id.clone());
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
        // Only the setting's own pages have its toggle: a related control or a Help article
        // opened from the address list (`f`) is no re-check of it.
        let own_page = item.pages.iter().any(|page| page.url == url);
        match result {
            Ok(launch) if !own_page => {
                self.status = Some(Status::Info(match launch {
                    Launch::Opened => {
                        "Opened in your browser: a related page, not this setting's own.".into()
                    }
                    Launch::HandedOff => "Handed to the launcher, still running: a related \
                                          page, not this setting's own."
                        .into(),
                }));
                Vec::new()
            }
            Ok(launch) => {
                self.status = Some(Status::Info(match launch {
                    Launch::Opened => {
                        "Opened in your browser. Switch it off there, then press Space here.".into()
                    }
                    Launch::HandedOff => {
                        "Handed to the launcher, still running. If nothing opened, \
                                          press c to copy the address or p for your phone."
                            .into()
                    }
                }));
                self.remember_event(id, EventKind::Opened, now)
            }
            Err(error) => {
                self.popups.push(Popup::LaunchFailed {
                    id: id.to_owned(),
                    url,
                    reason: error.reason,
                });
                self.status = None;
                Vec::new()
            }
        }
    }

    /// The item a popup is about (the failed launch, the addresses, the QR), else the selection.
    fn item_in_view(&self) -> &OptOut {
        let id = match self.popup() {
            Some(
                Popup::LaunchFailed { id, .. } | Popup::Addresses { id, .. } | Popup::Qr { id, .. },
            ) => Some(id),
            _ => None,
        };
        id.and_then(|id| self.catalog.get(id))
            .unwrap_or_else(|| self.selected_item())
    }

    fn toggle_confirmed(&mut self, now: Timestamp) -> Vec<Effect> {
        let item = self.item_in_view();
        let id = item.id.clone();
        match self.space_intent(item) {
            Intent::AskUndo => {
                // The question is what is on screen now; an earlier message would answer nothing.
                self.clear_info();
                self.popups.push(Popup::ConfirmUndo { id });
                Vec::new()
            }
            Intent::Mark | Intent::MarkAgain => {
                // Confirming from the no-browser popup answers it.
                if matches!(self.popup(), Some(Popup::LaunchFailed { .. })) {
                    self.popups.pop();
                }
                self.confirm(&id, now)
            }
            // Space always acts: `space_intent` never explains instead.
            Intent::Explain => Vec::new(),
        }
    }

    fn confirm(&mut self, id: &str, now: Timestamp) -> Vec<Effect> {
        let title = self
            .catalog
            .get(id)
            .map_or_else(String::new, |item| item.title.clone());
        let effects = self.remember_event(id, EventKind::Confirmed, now);
        let message = self
            .finished(id)
            .unwrap_or_else(|| format!("Confirmed {title} on {}.", self.date(now)));
        self.status = Some(Status::Info(message));
        effects
    }

    fn toggle_not_offered(&mut self, now: Timestamp) -> Vec<Effect> {
        let item = self.selected_item();
        let (id, title) = (item.id.clone(), item.title.clone());
        let intent = self.not_offered_intent(item);
        match intent {
            Intent::AskUndo => {
                self.clear_info();
                self.popups.push(Popup::NotOfferedUndo { id });
                return Vec::new();
            }
            Intent::Explain => {
                let explained = if self.standing(item) == Standing::NotApplicable {
                    format!("Nothing to mark: {title} does not exist in your region.")
                } else {
                    let confirmed = self.record(item).confirmed_at;
                    format!(
                        "{title} is confirmed{}. If LinkedIn no longer shows it to you, press \
                         Enter to look again, then n.",
                        confirmed
                            .map(|at| format!(" ({})", self.date(at)))
                            .unwrap_or_default()
                    )
                };
                self.status = Some(Status::Info(explained));
                return Vec::new();
            }
            Intent::Mark | Intent::MarkAgain => {}
        }
        let effects = self.remember_event(&id, EventKind::NotOffered, now);
        // Marked again, the new date is the news; the first time, a finished group is.
        self.status = Some(Status::Info(if intent == Intent::MarkAgain {
            format!(
                "Noted again on {}: LinkedIn does not show you {title}.",
                self.date(now)
            )
        } else if let Some(finished) = self.finished(&id) {
            finished
        } else {
            format!("Noted: LinkedIn does not show you {title}.")
        }));
        effects
    }

    fn answer(&mut self, yes: bool, now: Timestamp) -> Vec<Effect> {
        let id = match self.popup() {
            Some(Popup::ConfirmUndo { id } | Popup::NotOfferedUndo { id }) => id.clone(),
            _ => return Vec::new(),
        };
        self.popups.pop();
        let Some(item) = self.catalog.get(&id) else {
            return Vec::new();
        };
        let title = item.title.clone();
        if !yes {
            self.status = Some(Status::Info(format!("{title} stays as it was.")));
            return Vec::new();
        }
        // The question is closed when the mark changes elsewhere (see `reloaded`), so the mark
        // now is the one asked about; the save applies it only if that still holds on disk.
        let record = self.record(item);
        let said = match record.state {
            ItemState::NotOffered => format!("{title} is no longer marked \"not shown to me\"."),
            _ => format!("{title} is no longer confirmed."),
        };
        let Some(change) = Change::take_back(&id, record, now, item.revision) else {
            return Vec::new();
        };
        self.status = Some(Status::Info(said));
        self.remember(change)
    }

    /// How many entries the list popup on top has.
    fn chooser_len(&self) -> usize {
        match self.popup() {
            Some(Popup::ChooseRegion { .. }) => Region::ALL.len(),
            // The languages, then "from the system".
            Some(Popup::ChooseLanguage { .. }) => Language::ALL.len() + 1,
            Some(Popup::Addresses { id, .. }) => self
                .catalog
                .get(id)
                .map_or(0, |item| item.addresses().len()),
            _ => 0,
        }
    }

    fn move_highlight(&mut self, by: isize) {
        let len = self.chooser_len();
        if let Some(
            Popup::ChooseRegion { highlighted }
            | Popup::ChooseLanguage { highlighted }
            | Popup::Addresses { highlighted, .. },
        ) = self.popups.last_mut()
        {
            *highlighted = highlighted
                .saturating_add_signed(by)
                .min(len.saturating_sub(1));
        }
    }

    /// Takes entry `index` (a digit, counted from 0), or the highlighted one.
    fn pick(&mut self, index: Option<usize>) -> Vec<Effect> {
        let len = self.chooser_len();
        let chosen = match (index, self.popup()) {
            (Some(index), _) if index < len => index,
            (Some(_), _) => return Vec::new(),
            (
                None,
                Some(
                    Popup::ChooseRegion { highlighted }
                    | Popup::ChooseLanguage { highlighted }
                    | Popup::Addresses { highlighted, .. },
                ),
            ) => *highlighted,
            (None, _) => return Vec::new(),
        };
        match self.popup().cloned() {
            Some(Popup::ChooseRegion { .. }) => {
                let Some(region) = Region::ALL.get(chosen).copied() else {
                    return Vec::new();
                };
                self.popups.pop();
                self.status = Some(Status::Info(format!("Region set: {}.", region.name())));
                self.remember(Change::Region(region))
            }
            Some(Popup::ChooseLanguage { .. }) => {
                let language = Language::ALL.get(chosen).copied();
                self.popups.pop();
                self.status = Some(Status::Info(match language {
                    Some(language) => {
                        format!("LinkedIn's labels now shown in {}.", language.name())
                    }
                    None => format!(
                        "Language from your system: {}.",
                        self.system_language.name()
                    ),
                }));
                self.remember(Change::Language(language))
            }
            Some(Popup::Addresses { id, .. }) => {
                let url = self
                    .catalog
                    .get(&id)
                    .and_then(|item| item.addresses().get(chosen).map(|a| a.url.to_owned()));
                let Some(url) = url else {
                    return Vec::new();
                };
                self.popups.pop();
                self.launch(id, url)
            }
            _ => Vec::new(),
        }
    }
}

/// The message when the last item is settled; taken down once that no longer holds.
const ALL_DONE: &str = "Both opt-outs done and saved; q quits. The switches below are optional.";

/// Said when the last of the more privacy switches is marked.
const MORE_DONE: &str = "The more privacy switches are all done and saved; q quits.";

/// The same, while the two opt-outs still need the member.
const MORE_DONE_OPT_OUTS_LEFT: &str =
    "The more privacy switches are all done and saved; the two opt-outs above still need you.";

/// What Space (confirm) or `n` (not shown to me) will do to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    /// Record the mark.
    Mark,
    /// Record it again, dated now: the member is re-checking.
    MarkAgain,
    /// Ask whether to take the mark back.
    AskUndo,
    /// Mark nothing, and say why.
    Explain,
}
