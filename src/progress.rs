//! What the member has done, as saved: per opt-out, its state, when, and an append-only history.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::catalog::Region;

/// The newest saved-progress format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Everything saved about one member's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// Keyed by catalog id. Ids this build does not know are kept and written back untouched.
    #[serde(default)]
    pub items: BTreeMap<String, ItemRecord>,
    /// Where the member said they are, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// Fields a later version of the same format added; kept and written back untouched.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// One thing the member did, saved by applying it on top of whatever the file holds by then, so
/// two instances never undo each other's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Something happened to one opt-out.
    Item {
        id: String,
        event: EventKind,
        at: Timestamp,
        /// The catalog revision of the item at the time.
        revision: u32,
    },
    /// The member said where they are.
    Region(Region),
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            version: FORMAT_VERSION,
            items: BTreeMap::new(),
            region: None,
            unknown: BTreeMap::new(),
        }
    }
}

/// Where the member is with one opt-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemState {
    /// Not started.
    #[default]
    Pending,
    /// Its page was opened in the browser; not confirmed yet.
    Opened,
    /// The member confirmed the toggle is off.
    Confirmed,
}

/// The record of an opt-out nothing has happened to.
static NOTHING_YET: ItemRecord = ItemRecord {
    state: ItemState::Pending,
    opened_at: None,
    confirmed_at: None,
    confirmed_revision: None,
    history: Vec::new(),
    unknown: BTreeMap::new(),
};

/// The saved record of one opt-out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemRecord {
    pub state: ItemState,
    /// When its page was last opened in the browser.
    pub opened_at: Option<Timestamp>,
    /// When the member confirmed it; `None` unless confirmed.
    pub confirmed_at: Option<Timestamp>,
    /// The catalog revision the confirmation was made against.
    pub confirmed_revision: Option<u32>,
    /// Every event, oldest first; never rewritten.
    #[serde(default)]
    pub history: Vec<HistoryEvent>,
    /// Fields a later version of the same format added; kept and written back untouched.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

/// One thing that happened to an opt-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub at: Timestamp,
    pub event: EventKind,
    /// The catalog revision at the time.
    pub revision: u32,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Opened,
    Confirmed,
    Unconfirmed,
}

impl Progress {
    /// Applies one change, as `mark_opened`, `confirm` or `unconfirm`.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Item {
                id,
                event,
                at,
                revision,
            } => match event {
                EventKind::Opened => self.mark_opened(id, *at, *revision),
                EventKind::Confirmed => self.confirm(id, *at, *revision),
                EventKind::Unconfirmed => self.unconfirm(id, *at, *revision),
            },
            Change::Region(region) => self.region = Some(*region),
        }
    }

    /// The record for `id`; a fresh one if nothing is saved yet.
    pub fn record(&self, id: &str) -> &ItemRecord {
        self.items.get(id).unwrap_or(&NOTHING_YET)
    }

    /// The state of `id`.
    pub fn state(&self, id: &str) -> ItemState {
        self.items.get(id).map(|r| r.state).unwrap_or_default()
    }

    /// Its page was opened in the browser. A confirmed item stays confirmed.
    pub fn mark_opened(&mut self, id: &str, at: Timestamp, revision: u32) {
        let record = self.items.entry(id.to_owned()).or_default();
        if record.state == ItemState::Pending {
            record.state = ItemState::Opened;
        }
        record.opened_at = Some(at);
        record.push(at, EventKind::Opened, revision);
    }

    /// The member says the toggle is off.
    pub fn confirm(&mut self, id: &str, at: Timestamp, revision: u32) {
        let record = self.items.entry(id.to_owned()).or_default();
        record.state = ItemState::Confirmed;
        record.confirmed_at = Some(at);
        record.confirmed_revision = Some(revision);
        record.push(at, EventKind::Confirmed, revision);
    }

    /// The member takes a confirmation back.
    pub fn unconfirm(&mut self, id: &str, at: Timestamp, revision: u32) {
        let record = self.items.entry(id.to_owned()).or_default();
        record.state = if record.opened_at.is_some() {
            ItemState::Opened
        } else {
            ItemState::Pending
        };
        record.confirmed_at = None;
        record.confirmed_revision = None;
        record.push(at, EventKind::Unconfirmed, revision);
    }
}

impl ItemRecord {
    fn push(&mut self, at: Timestamp, event: EventKind, revision: u32) {
        self.history.push(HistoryEvent {
            at,
            event,
            revision,
        });
    }
}
