//! Where an opt-out stands for the member today: its saved state, whether it applies in their
//! region at all, and whether a confirmation has gone stale because it is old or because the
//! catalog's facts changed since.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::catalog::{Applicability, OptOut, Region};
use crate::progress::{ItemRecord, ItemState};

/// How long a confirmation holds before a re-check is suggested, unless told otherwise.
pub const DEFAULT_RECHECK_DAYS: u32 = 180;

/// How far after now a recorded time may lie before it is flagged: clocks drift a little.
pub const FUTURE_SLACK: SignedDuration = SignedDuration::from_mins(5);

/// An item's standing, as `status` reports it. Scripts: the set of `id`s may grow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Not started.
    Pending,
    /// Its page was opened; not confirmed yet.
    Opened,
    /// The member confirmed the toggle is off, and that is current.
    Confirmed,
    /// The member said LinkedIn does not show them the setting, and that is current.
    NotOffered,
    /// LinkedIn's sources say the setting does not exist in the member's region.
    NotApplicable,
    /// Confirmed or marked "not shown to me", but worth checking again.
    Stale { mark: Mark, reason: StaleReason },
}

/// What the member said about an item that has gone stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Confirmed,
    NotOffered,
}

/// Why a mark should be checked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaleReason {
    /// The catalog's facts changed after the mark; the notes say how, for the member.
    FactsChanged(Vec<String>),
    /// The mark is older than the re-check period.
    Old { days: i64, mark: Mark },
}

impl fmt::Display for StaleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FactsChanged(notes) => f.write_str(&notes.join(" ")),
            Self::Old {
                days,
                mark: Mark::Confirmed,
            } => write!(
                f,
                "confirmed {days} days ago, and LinkedIn can reset settings."
            ),
            Self::Old {
                days,
                mark: Mark::NotOffered,
            } => write!(
                f,
                "marked \"not shown to me\" {days} days ago, and LinkedIn changes what it shows."
            ),
        }
    }
}

impl Standing {
    /// Works out where `item` stands at `now` for a member in `region`, given its saved
    /// `record`. A region where the setting does not exist settles it, unless the member found
    /// the toggle all the same and confirmed it: their current confirmation is what they see
    /// (and may undo). One gone stale is not asked about again there. Where the setting is off
    /// unless the member agreed, one look is enough: a mark does not age there (changed facts
    /// still reopen it).
    pub fn of(
        item: &OptOut,
        record: &ItemRecord,
        region: Option<Region>,
        now: Timestamp,
        recheck_days: u32,
    ) -> Self {
        let standing = Self::from_record(item, record, now, recheck_days);
        match item.applicability(region) {
            Applicability::NotInRegion { .. } => match standing {
                Self::Confirmed => Self::Confirmed,
                _ => Self::NotApplicable,
            },
            Applicability::OffUnlessAgreed { .. } => match standing {
                Self::Stale {
                    mark,
                    reason: StaleReason::Old { .. },
                } => match mark {
                    Mark::Confirmed => Self::Confirmed,
                    Mark::NotOffered => Self::NotOffered,
                },
                standing => standing,
            },
            _ => standing,
        }
    }

    /// Where the record alone puts `item` at `now`, whatever the region.
    fn from_record(item: &OptOut, record: &ItemRecord, now: Timestamp, recheck_days: u32) -> Self {
        let (mark, current) = match record.state {
            ItemState::Pending => return Self::Pending,
            ItemState::Opened => return Self::Opened,
            ItemState::Confirmed => (Mark::Confirmed, Self::Confirmed),
            ItemState::NotOffered => (Mark::NotOffered, Self::NotOffered),
        };
        let (at, against) = record.settled().unwrap_or((now, Some(item.revision)));
        let against = against.unwrap_or(0);
        let notes: Vec<String> = item
            .changes
            .iter()
            .filter(|change| change.revision > against)
            .map(|change| change.note.clone())
            .collect();
        if against < item.revision && !notes.is_empty() {
            return Self::Stale {
                mark,
                reason: StaleReason::FactsChanged(notes),
            };
        }
        let days = days_between(at, now);
        if days > i64::from(recheck_days) {
            return Self::Stale {
                mark,
                reason: StaleReason::Old { days, mark },
            };
        }
        current
    }

    /// The word `status --json` uses: `pending`, `opened`, `confirmed`, `stale`,
    /// `not_applicable`, `not_offered`.
    pub fn id(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Opened => "opened",
            Self::Confirmed => "confirmed",
            Self::NotOffered => "not_offered",
            Self::NotApplicable => "not_applicable",
            Self::Stale { .. } => "stale",
        }
    }

    /// Every id `status --json` can report, in the order the README explains them.
    pub const IDS: [&'static str; 6] = [
        "pending",
        "opened",
        "confirmed",
        "stale",
        "not_applicable",
        "not_offered",
    ];

    /// The text marker, so nothing depends on colour.
    pub fn marker(&self) -> &'static str {
        match self {
            Self::Pending => "[ ]",
            Self::Opened => "[~]",
            Self::Confirmed => "[x]",
            Self::NotOffered | Self::NotApplicable => "[-]",
            Self::Stale { .. } => "[!]",
        }
    }

    /// Why it should be checked again, in words, if it should.
    pub fn stale_reason(&self) -> Option<String> {
        match self {
            Self::Stale { reason, .. } => Some(reason.to_string()),
            _ => None,
        }
    }

    /// Whether the member has nothing to do for this item: confirmed, marked "not shown to me",
    /// or not in their region, and current.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Self::Confirmed | Self::NotOffered | Self::NotApplicable
        )
    }
}

/// Whole days from `from` to `to` (0 if `to` is earlier).
fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    ((to.as_second() - from.as_second()) / 86_400).max(0)
}
