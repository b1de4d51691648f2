//! What the member has done, as saved: per opt-out, its state, when, and an append-only history.
//! `json` reads and writes it; this file is the model and the rules for changing it.

mod json;

use std::collections::BTreeMap;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;

use crate::catalog::Region;
use crate::language::Language;

pub use json::{RawJson, Unusable, begins_like_record, parse, to_json};

/// The newest saved-progress format this build reads and writes. Version 1 records are read and
/// upgraded on their first save; a newer one is opened read-only.
pub const FORMAT_VERSION: u32 = 2;

/// Everything saved about one member's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Keyed by catalog id. Ids this build does not know are kept and written back untouched.
    pub items: BTreeMap<String, ItemRecord>,
    /// Where the member said they are, if they did.
    pub region: Option<Region>,
    /// The language LinkedIn shows the member, if they said; `None` means "from the system".
    pub language: Option<Language>,
    /// Whether the checklist may take the mouse; `None` means the default (yes).
    pub mouse: Option<bool>,
    /// Whether the member folded the more privacy switches away; `None` means the default (no).
    pub more_folded: Option<bool>,
    /// Fields a later build added, kept exactly and written back.
    pub unknown: Vec<(String, RawJson)>,
}

/// Where the member is with one opt-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ItemState {
    /// Not started.
    #[default]
    Pending,
    /// Its page was opened in the browser; not confirmed yet.
    Opened,
    /// The member confirmed the toggle is off.
    Confirmed,
    /// The member said LinkedIn does not show them this setting at all.
    NotOffered,
}

impl ItemState {
    /// The word in the saved file.
    pub const fn id(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Opened => "opened",
            Self::Confirmed => "confirmed",
            Self::NotOffered => "not_offered",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Opened,
            Self::Confirmed,
            Self::NotOffered,
        ]
        .into_iter()
        .find(|state| state.id() == id)
    }
}

/// The saved record of one opt-out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemRecord {
    pub state: ItemState,
    /// When its page was last opened in the browser.
    pub opened_at: Option<Timestamp>,
    /// When the member confirmed it; `None` unless confirmed.
    pub confirmed_at: Option<Timestamp>,
    /// The item's facts revision the confirmation was made against.
    pub confirmed_revision: Option<u32>,
    /// When the member said LinkedIn does not show them the setting; `None` unless they did.
    pub not_offered_at: Option<Timestamp>,
    /// The item's facts revision at that time.
    pub not_offered_revision: Option<u32>,
    /// Every event, in the order recorded; never rewritten.
    pub history: Vec<HistoryEvent>,
    /// Fields a later build added, kept exactly and written back.
    pub unknown: Vec<(String, RawJson)>,
}

/// One thing that happened to an opt-out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEvent {
    pub at: Timestamp,
    pub event: EventKind,
    /// The item's facts revision at the time.
    pub revision: u32,
    /// The change that recorded it, so a retried save never records it twice. Version-1 events
    /// have none.
    pub change: Option<ChangeId>,
    /// Fields a later build added, kept exactly and written back.
    pub unknown: Vec<(String, RawJson)>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Opened,
    Confirmed,
    Unconfirmed,
    NotOffered,
    /// The member took back "not shown to me".
    NotOfferedUndone,
}

impl EventKind {
    /// Every kind, as written in the saved file and in receipts.
    pub const ALL: [Self; 5] = [
        Self::Opened,
        Self::Confirmed,
        Self::Unconfirmed,
        Self::NotOffered,
        Self::NotOfferedUndone,
    ];

    /// The word in the saved file and in receipts.
    pub const fn id(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Confirmed => "confirmed",
            Self::Unconfirmed => "unconfirmed",
            Self::NotOffered => "not_offered",
            Self::NotOfferedUndone => "not_offered_undone",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.id() == id)
    }
}

/// Names one change for good, so applying it twice is the same as once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChangeId(pub u64);

impl ChangeId {
    /// A new id, unique in practice: the std hasher's per-process random keys over a counter.
    pub fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = crate::io::system_now().as_nanosecond();
        Self(RandomState::new().hash_one((count, nanos, std::process::id())))
    }
}

impl Default for ChangeId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ChangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// One thing the member did, saved by applying it on top of whatever the file holds by then, so
/// two instances never undo each other's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Something happened to one opt-out. Applied once: a retry of a change already in the
    /// item's history does nothing.
    Item {
        change: ChangeId,
        id: String,
        event: EventKind,
        at: Timestamp,
        /// The item's facts revision at the time.
        revision: u32,
        /// For a take-back (`unconfirmed`, `not_offered_undone`): when the mark it takes back
        /// was made. Applied only while that mark is still the current one, so a take-back
        /// decided on an older view of the record (another shell undid or renewed the mark
        /// meanwhile) does nothing, rather than doubling an undo or undoing a newer mark.
        takes_back: Option<Timestamp>,
    },
    /// The member said where they are. Setting a value twice is the same as once.
    Region(Region),
    /// The member said which language LinkedIn shows them (`None`: from the system).
    Language(Option<Language>),
    /// The member chose whether the checklist takes the mouse.
    Mouse(bool),
    /// The member folded the more privacy switches away (true) or unfolded them.
    FoldMore(bool),
}

impl Change {
    /// An event for item `id`, with a fresh change id.
    pub fn item(id: &str, event: EventKind, at: Timestamp, revision: u32) -> Self {
        Self::Item {
            change: ChangeId::new(),
            id: id.to_owned(),
            event,
            at,
            revision,
            takes_back: None,
        }
    }

    /// Takes back the current mark of `record` (item `id`): `unconfirmed` for a confirmation,
    /// `not_offered_undone` for "not shown to me"; `None` when it has no mark to take back.
    pub fn take_back(id: &str, record: &ItemRecord, at: Timestamp, revision: u32) -> Option<Self> {
        let event = match record.state {
            ItemState::Confirmed => EventKind::Unconfirmed,
            ItemState::NotOffered => EventKind::NotOfferedUndone,
            ItemState::Pending | ItemState::Opened => return None,
        };
        let (marked, _) = record.settled()?;
        Some(Self::Item {
            change: ChangeId::new(),
            id: id.to_owned(),
            event,
            at,
            revision,
            takes_back: Some(marked),
        })
    }

    /// The id of an item change; `None` for the others.
    pub fn id(&self) -> Option<ChangeId> {
        match self {
            Self::Item { change, .. } => Some(*change),
            Self::Region(_) | Self::Language(_) | Self::Mouse(_) | Self::FoldMore(_) => None,
        }
    }
}

/// The record of an opt-out nothing has happened to.
static NOTHING_YET: ItemRecord = ItemRecord {
    state: ItemState::Pending,
    opened_at: None,
    confirmed_at: None,
    confirmed_revision: None,
    not_offered_at: None,
    not_offered_revision: None,
    history: Vec::new(),
    unknown: Vec::new(),
};

impl Progress {
    /// Applies one change. An item change already in the history is skipped, and so is a
    /// take-back whose mark is no longer the current one.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Item {
                change,
                id,
                event,
                at,
                revision,
                takes_back,
            } => {
                let record = self.items.entry(id.clone()).or_default();
                if record.history.iter().any(|e| e.change == Some(*change)) {
                    return;
                }
                if let Some(marked) = takes_back {
                    let current = match event {
                        EventKind::Unconfirmed => ItemState::Confirmed,
                        EventKind::NotOfferedUndone => ItemState::NotOffered,
                        _ => record.state,
                    };
                    if record.state != current
                        || record.settled().map(|(at, _)| at) != Some(*marked)
                    {
                        return;
                    }
                }
                record.record(*event, *at, *revision, *change);
            }
            Change::Region(region) => self.region = Some(*region),
            Change::Language(language) => self.language = *language,
            Change::Mouse(on) => self.mouse = Some(*on),
            Change::FoldMore(folded) => self.more_folded = Some(*folded),
        }
    }

    /// Whether the item change with id `change` is in the history: applied, now or before.
    pub fn has_change(&self, change: ChangeId) -> bool {
        self.items
            .values()
            .any(|record| record.history.iter().any(|e| e.change == Some(change)))
    }

    /// The record for `id`; an empty one if nothing is saved yet.
    pub fn record(&self, id: &str) -> &ItemRecord {
        self.items.get(id).unwrap_or(&NOTHING_YET)
    }

    /// The state of `id`.
    pub fn state(&self, id: &str) -> ItemState {
        self.record(id).state
    }

    /// How many history events there are in all.
    pub fn event_count(&self) -> usize {
        self.items.values().map(|record| record.history.len()).sum()
    }
}

impl ItemRecord {
    /// Changes the state as `event` says and appends it to the history.
    fn record(&mut self, event: EventKind, at: Timestamp, revision: u32, change: ChangeId) {
        match event {
            EventKind::Opened => {
                if self.state == ItemState::Pending {
                    self.state = ItemState::Opened;
                }
                self.opened_at = Some(at);
            }
            EventKind::Confirmed => {
                self.state = ItemState::Confirmed;
                self.confirmed_at = Some(at);
                self.confirmed_revision = Some(revision);
                self.clear_not_offered();
            }
            EventKind::NotOffered => {
                self.state = ItemState::NotOffered;
                self.not_offered_at = Some(at);
                self.not_offered_revision = Some(revision);
                self.clear_confirmed();
            }
            EventKind::Unconfirmed => {
                if self.state == ItemState::Confirmed {
                    self.state = self.unsettled_state();
                }
                self.clear_confirmed();
            }
            EventKind::NotOfferedUndone => {
                if self.state == ItemState::NotOffered {
                    self.state = self.unsettled_state();
                }
                self.clear_not_offered();
            }
        }
        self.history.push(HistoryEvent {
            at,
            event,
            revision,
            change: Some(change),
            unknown: Vec::new(),
        });
    }

    /// Where an item stands once a mark is taken back: opened if it ever was.
    fn unsettled_state(&self) -> ItemState {
        if self.opened_at.is_some() {
            ItemState::Opened
        } else {
            ItemState::Pending
        }
    }

    fn clear_confirmed(&mut self) {
        self.confirmed_at = None;
        self.confirmed_revision = None;
    }

    fn clear_not_offered(&mut self) {
        self.not_offered_at = None;
        self.not_offered_revision = None;
    }

    /// When the member settled it (confirmed, or "not shown to me") and against which revision.
    pub fn settled(&self) -> Option<(Timestamp, Option<u32>)> {
        match self.state {
            ItemState::Confirmed => self.confirmed_at.map(|at| (at, self.confirmed_revision)),
            ItemState::NotOffered => self
                .not_offered_at
                .map(|at| (at, self.not_offered_revision)),
            ItemState::Pending | ItemState::Opened => None,
        }
    }

    /// Whether its page was opened again after it was confirmed or marked "not shown to me":
    /// the member is re-checking. Read from the order of the history, as times have whole
    /// seconds and a page can be opened again within the second of confirming it.
    pub fn reopened_since_marked(&self) -> bool {
        let mark = match self.state {
            ItemState::Confirmed => EventKind::Confirmed,
            ItemState::NotOffered => EventKind::NotOffered,
            ItemState::Pending | ItemState::Opened => return false,
        };
        let last = self
            .history
            .iter()
            .rev()
            .find(|e| e.event == EventKind::Opened || e.event == mark);
        match last {
            Some(event) => event.event == EventKind::Opened,
            // No history (written by hand): the times are all there is.
            None => matches!(
                (self.opened_at, self.settled()),
                (Some(opened), Some((marked, _))) if opened > marked
            ),
        }
    }

    /// The latest of its summary times and its newest event when that lies more than `slack`
    /// after `now`: a sign the clock was wrong when it was recorded. (Receipts check every event.)
    pub fn dated_after(&self, now: Timestamp, slack: jiff::SignedDuration) -> Option<Timestamp> {
        let limit = now.checked_add(slack).unwrap_or(now);
        [self.opened_at, self.confirmed_at, self.not_offered_at]
            .into_iter()
            .flatten()
            .chain(self.history.last().map(|e| e.at))
            .filter(|at| *at > limit)
            .max()
    }
}
