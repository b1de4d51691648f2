//! Where an opt-out stands for the member today: its saved state, and whether a confirmation has
//! gone stale because it is old or because the catalog's facts changed since.

use std::fmt;

use jiff::Timestamp;

use crate::catalog::OptOut;
use crate::progress::{ItemRecord, ItemState};

/// How long a confirmation holds before a re-check is suggested, unless told otherwise.
pub const DEFAULT_RECHECK_DAYS: u32 = 180;

/// An item's standing, as `status` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Pending,
    Opened,
    Confirmed,
    /// Confirmed, but worth checking again.
    Stale(StaleReason),
}

/// Why a confirmation should be checked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaleReason {
    /// The catalog's facts changed after the confirmation; the notes say how.
    FactsChanged(Vec<String>),
    /// The confirmation is older than the re-check period.
    Old { days: i64 },
}

impl fmt::Display for StaleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FactsChanged(notes) => write!(f, "LinkedIn changed: {}", notes.join(" ")),
            Self::Old { days } => write!(
                f,
                "confirmed {days} days ago; LinkedIn can reset settings, check again"
            ),
        }
    }
}

impl Standing {
    /// Works out where `item` stands at `now`, given its saved `record`.
    pub fn of(item: &OptOut, record: &ItemRecord, now: Timestamp, recheck_days: u32) -> Self {
        match record.state {
            ItemState::Pending => Self::Pending,
            ItemState::Opened => Self::Opened,
            ItemState::Confirmed => {
                let confirmed_against = record.confirmed_revision.unwrap_or(0);
                let notes: Vec<String> = item
                    .changes
                    .iter()
                    .filter(|change| change.revision > confirmed_against)
                    .map(|change| change.note.clone())
                    .collect();
                if confirmed_against < item.revision && !notes.is_empty() {
                    return Self::Stale(StaleReason::FactsChanged(notes));
                }
                let days = record.confirmed_at.map_or(0, |at| days_between(at, now));
                if days > i64::from(recheck_days) {
                    Self::Stale(StaleReason::Old { days })
                } else {
                    Self::Confirmed
                }
            }
        }
    }

    /// The word `status --json` uses.
    pub fn id(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Opened => "opened",
            Self::Confirmed => "confirmed",
            Self::Stale(_) => "stale",
        }
    }

    /// The text marker, so nothing depends on colour.
    pub fn marker(&self) -> &'static str {
        match self {
            Self::Pending => "[ ]",
            Self::Opened => "[~]",
            Self::Confirmed => "[x]",
            Self::Stale(_) => "[!]",
        }
    }

    /// Why it should be checked again, in words, if it should.
    pub fn stale_reason(&self) -> Option<String> {
        match self {
            Self::Stale(reason) => Some(reason.to_string()),
            _ => None,
        }
    }

    /// Whether the member has nothing to do for this item.
    pub fn is_done(&self) -> bool {
        *self == Self::Confirmed
    }
}

/// Whole days from `from` to `to` (0 if `to` is earlier).
fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    ((to.as_second() - from.as_second()) / 86_400).max(0)
}
