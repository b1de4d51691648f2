//! The saved file's JSON. Reading is strict: a key named twice is damage, never merged, and a
//! value only a later build knows makes the file read-only. Fields this build does not know are
//! kept exactly as written (no number is rounded). Writing is compact.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use super::{ChangeId, EventKind, FORMAT_VERSION, HistoryEvent, ItemRecord, ItemState, Progress};
use crate::catalog::Region;
use crate::language::Language;

/// A JSON value kept exactly as it was written, for fields this build does not know.
#[derive(Debug, Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The value's JSON text, as written.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Keeps `text` as a raw value if it is valid JSON.
    pub fn from_text(text: &str) -> Option<Self> {
        RawValue::from_string(text.to_owned()).ok().map(Self)
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

/// Why saved bytes are not usable progress, and so what may be done with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// A record of ours, damaged (truncated, wrong types, a key twice): a writer may set it aside.
    Damaged(String),
    /// Not a linkedin-optout record at all: never renamed or replaced.
    Foreign(String),
    /// Written by a later build (a newer format, or a value this build does not know): opened
    /// read-only, never changed.
    Newer(String),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Damaged(reason) => write!(f, "is a damaged linkedin-optout record ({reason})"),
            Self::Foreign(reason) => write!(f, "is not a linkedin-optout record ({reason})"),
            Self::Newer(reason) => write!(
                f,
                "was written by a newer linkedin-optout, or edited by hand ({reason}); update \
                 linkedin-optout to change it, or correct the edit"
            ),
        }
    }
}

/// Marks a parse error caused by a value only a later build knows, so it reads as "newer".
const NEWER_VALUE: &str = "a value this build does not know";

/// Whether `bytes` begin the way every record this app writes begins, `{"version": N, "items":
/// {` (whitespace allowed between the parts) and then `}` or one of this build's opt-out ids,
/// or are a cut-off start of that. Every version has written `version` first and `items`
/// second, its ids in order. Another program's JSON that is not strict (a `launch.json` with
/// comments, JSON lines, a trailing comma), even of our shape, begins otherwise: it is never
/// taken for ours. (A later build's record whose first id this build does not know is refused
/// the same way: read, never written.)
pub fn begins_like_record(bytes: &[u8]) -> bool {
    /// One part of the beginning: a literal, or the version's digits.
    enum Part {
        Text(&'static [u8]),
        Digits,
    }
    const BEGINNING: [Part; 8] = [
        Part::Text(b"{"),
        Part::Text(b"\"version\""),
        Part::Text(b":"),
        Part::Digits,
        Part::Text(b","),
        Part::Text(b"\"items\""),
        Part::Text(b":"),
        Part::Text(b"{"),
    ];
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for part in BEGINNING {
        rest = rest.trim_ascii_start();
        // Cut off here, or inside this part: a record's start, as far as it goes.
        match part {
            Part::Text(text) if rest.starts_with(text) => rest = &rest[text.len()..],
            Part::Text(text) => return text.starts_with(rest),
            Part::Digits => {
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                if digits == 0 {
                    return rest.is_empty();
                }
                rest = &rest[digits..];
            }
        }
    }
    // The first id, or the end of the items.
    let rest = rest.trim_ascii_start();
    let Some(key) = rest.strip_prefix(b"\"") else {
        return rest.is_empty() || rest.starts_with(b"}");
    };
    match key.iter().position(|&b| b == b'"') {
        Some(end) => std::str::from_utf8(&key[..end]).is_ok_and(is_our_id),
        // Cut off inside the id.
        None => crate::catalog::SHIPPED_IDS
            .iter()
            .any(|(id, _)| id.as_bytes().starts_with(key)),
    }
}

/// Reads saved bytes. Never panics, whatever the bytes. Whitespace-only bytes are not handled
/// here: the store treats an empty file as no record yet.
pub fn parse(bytes: &[u8]) -> Result<Progress, Unusable> {
    // A byte-order mark is how some editors (Windows Notepad before 2019) begin UTF-8 text; the
    // record after it is whole. The next save writes it without one.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Read as text: UTF-8 is checked once for the whole file rather than string by string.
    let text = std::str::from_utf8(bytes);
    // The usual case in one pass: a record read strictly, of a format this build knows.
    // Anything else is read again below to say what it is; a long history makes the second
    // pass worth sparing.
    if let Ok(text) = text
        && let Ok(Strict(record)) = serde_json::from_str::<Strict<Versioned>>(text)
        && record
            .version
            .is_some_and(|v| known_version(v.get()).is_some())
    {
        if !names_our_items(record.progress.items.keys().map(String::as_str)) {
            return Err(not_our_items());
        }
        return Ok(record.progress);
    }
    // First the top level alone, leniently: is this a record of ours, and of which format?
    let top = match serde_json::from_slice::<TopLevel>(bytes) {
        Ok(top) => top,
        Err(e) if begins_like_record(bytes) => return Err(Unusable::Damaged(e.to_string())),
        Err(_) => {
            return Err(Unusable::Foreign(
                "it is not a JSON object with linkedin-optout's version and items".into(),
            ));
        }
    };
    let Some(version) = top.version.filter(|_| top.has_items) else {
        return Err(Unusable::Foreign(
            "it lacks linkedin-optout's version and items".into(),
        ));
    };
    if known_version(&version).is_none() {
        return Err(Unusable::Newer(format!(
            "format version {version}; this build knows 1 to {FORMAT_VERSION}"
        )));
    }
    if !top.names_our_items {
        return Err(not_our_items());
    }
    // Strings in a record are UTF-8; bytes that are not cannot be one of ours intact.
    let text = text.map_err(|e| Unusable::Damaged(format!("it is not UTF-8 text ({e})")))?;
    serde_json::from_str::<Strict<Versioned>>(text)
        .map(|strict| strict.0.progress)
        .map_err(|e| {
            let text = e.to_string();
            if text.contains(NEWER_VALUE) {
                Unusable::Newer(text)
            } else {
                Unusable::Damaged(text)
            }
        })
}

fn not_our_items() -> Unusable {
    Unusable::Foreign("its items name none of linkedin-optout's opt-outs".into())
}

/// The format version written as `text`, if it is a plain integer this build reads.
fn known_version(text: &str) -> Option<u64> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse::<u64>().ok())
        .flatten()
        .filter(|v| (1..=u64::from(FORMAT_VERSION)).contains(v))
}

/// The record as compact JSON with a final newline.
pub fn to_json(progress: &Progress) -> Vec<u8> {
    // Serialising plain data into memory cannot fail; an empty object is the safe fallback.
    let mut bytes = serde_json::to_vec(progress).unwrap_or_else(|_| b"{}".to_vec());
    bytes.push(b'\n');
    bytes
}

/// The top level, leniently: whether the keys of a record are there (`items` as an object), and
/// the version's text.
struct TopLevel {
    version: Option<String>,
    has_items: bool,
    /// Whether `items` names one of this build's opt-outs, or none at all.
    names_our_items: bool,
}

/// Whether a record with these item ids can be one of ours: it names none (only a region set,
/// say) or at least one of this build's opt-outs. Another program's JSON of the same shape
/// (`{"version": 1, "items": {"buy-milk": …}}`) names only its own, and is never taken for ours,
/// damaged or not. A later build's record of new opt-outs only is refused the same way: read,
/// never written.
fn names_our_items<'a>(ids: impl Iterator<Item = &'a str>) -> bool {
    let mut ids = ids.peekable();
    ids.peek().is_none() || ids.any(is_our_id)
}

/// Whether `id` is one of this build's opt-outs.
fn is_our_id(id: &str) -> bool {
    crate::catalog::SHIPPED_IDS
        .iter()
        .any(|(known, _)| *known == id)
}

impl<'de> de::Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Top;
        impl<'de> Visitor<'de> for Top {
            type Value = TopLevel;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                let mut top = TopLevel {
                    version: None,
                    has_items: false,
                    names_our_items: false,
                };
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "version" => {
                            let raw: Box<RawValue> = map.next_value()?;
                            top.version = Some(raw.get().to_owned());
                        }
                        "items" => {
                            // Ours are an object keyed by id; another program's list of items
                            // (or anything else) does not make its file one of ours.
                            let items: &RawValue = map.next_value()?;
                            top.has_items = items.get().starts_with('{');
                            top.names_our_items = top.has_items
                                && serde_json::from_str::<BTreeMap<String, IgnoredAny>>(
                                    items.get(),
                                )
                                .is_ok_and(|ids| names_our_items(ids.keys().map(String::as_str)));
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(top)
            }
        }
        deserializer.deserialize_map(Top)
    }
}

/// A value read with this module's strict rules.
struct Strict<T>(T);

/// Fails on the second sight of a key.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, key: &str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::custom(format_args!("the key {key:?} appears twice")));
    }
    *slot = Some(value);
    Ok(())
}

/// Keeps an unknown field, failing on a key seen twice.
fn keep_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: String,
    unknown: &mut Vec<(String, RawJson)>,
) -> Result<(), A::Error> {
    if unknown.iter().any(|(seen, _)| *seen == key) {
        return Err(de::Error::custom(format_args!(
            "the key {key:?} appears twice"
        )));
    }
    let value: Box<RawValue> = map.next_value()?;
    unknown.push((key, RawJson(value)));
    Ok(())
}

/// A value a later build may add: read as text, refused with the "newer" mark if unknown.
fn known<T, E: de::Error>(
    text: &str,
    what: &str,
    from: impl FnOnce(&str) -> Option<T>,
) -> Result<T, E> {
    from(text).ok_or_else(|| E::custom(format_args!("{NEWER_VALUE}: {what} {text:?}")))
}

/// A whole record read strictly, with its format version as written.
struct Versioned {
    version: Option<Box<RawValue>>,
    progress: Progress,
}

impl<'de> de::Deserialize<'de> for Strict<Versioned> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Top;
        impl<'de> Visitor<'de> for Top {
            type Value = Strict<Versioned>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a linkedin-optout record")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut version = None;
                let mut items = None;
                let mut region: Option<Option<Region>> = None;
                let mut language: Option<Option<Language>> = None;
                let mut mouse: Option<Option<bool>> = None;
                let mut more_folded: Option<Option<bool>> = None;
                let mut unknown = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "version" => {
                            once(&mut version, map.next_value::<Box<RawValue>>()?, &key)?;
                        }
                        "items" => once(&mut items, map.next_value::<Items>()?.0, &key)?,
                        "region" => {
                            let text: Option<String> = map.next_value()?;
                            let value = text
                                .map(|t| known(&t, "region", Region::from_id))
                                .transpose()?;
                            once(&mut region, value, &key)?;
                        }
                        "language" => {
                            let text: Option<String> = map.next_value()?;
                            let value = text
                                .map(|t| known(&t, "language", Language::from_code))
                                .transpose()?;
                            once(&mut language, value, &key)?;
                        }
                        "mouse" => once(&mut mouse, map.next_value()?, &key)?,
                        "more_folded" => once(&mut more_folded, map.next_value()?, &key)?,
                        _ => keep_unknown(&mut map, key, &mut unknown)?,
                    }
                }
                Ok(Strict(Versioned {
                    version,
                    progress: Progress {
                        items: items.ok_or_else(|| de::Error::missing_field("items"))?,
                        region: region.flatten(),
                        language: language.flatten(),
                        mouse: mouse.flatten(),
                        more_folded: more_folded.flatten(),
                        unknown,
                    },
                }))
            }
        }
        deserializer.deserialize_map(Top)
    }
}

/// The items, keyed by id; an id named twice is damage.
struct Items(BTreeMap<String, ItemRecord>);

impl<'de> de::Deserialize<'de> for Items {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ById;
        impl<'de> Visitor<'de> for ById {
            type Value = Items;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("items keyed by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Items, A::Error> {
                let mut items = BTreeMap::new();
                while let Some(id) = map.next_key::<String>()? {
                    let record = map.next_value::<Strict<ItemRecord>>()?.0;
                    if items.contains_key(&id) {
                        return Err(de::Error::custom(format_args!(
                            "the item {id:?} appears twice"
                        )));
                    }
                    items.insert(id, record);
                }
                Ok(Items(items))
            }
        }
        deserializer.deserialize_map(ById)
    }
}

impl<'de> de::Deserialize<'de> for Strict<ItemRecord> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Record;
        impl<'de> Visitor<'de> for Record {
            type Value = Strict<ItemRecord>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an opt-out's record")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut state = None;
                let mut opened_at = None;
                let mut confirmed_at = None;
                let mut confirmed_revision = None;
                let mut not_offered_at = None;
                let mut not_offered_revision = None;
                let mut history = None;
                let mut unknown = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "state" => {
                            let text: String = map.next_value()?;
                            once(&mut state, known(&text, "state", ItemState::from_id)?, &key)?;
                        }
                        "opened_at" => once(&mut opened_at, map.next_value()?, &key)?,
                        "confirmed_at" => once(&mut confirmed_at, map.next_value()?, &key)?,
                        "confirmed_revision" => {
                            once(&mut confirmed_revision, map.next_value()?, &key)?;
                        }
                        "not_offered_at" => once(&mut not_offered_at, map.next_value()?, &key)?,
                        "not_offered_revision" => {
                            once(&mut not_offered_revision, map.next_value()?, &key)?;
                        }
                        "history" => once(&mut history, map.next_value::<History>()?.0, &key)?,
                        _ => keep_unknown(&mut map, key, &mut unknown)?,
                    }
                }
                let state: ItemState = state.ok_or_else(|| de::Error::missing_field("state"))?;
                // A mark is always written with its date: one without (edited by hand) could
                // be neither shown, undone nor gone stale.
                let dated = |at: &Option<Option<Timestamp>>| at.flatten().is_some();
                match state {
                    ItemState::Confirmed if !dated(&confirmed_at) => {
                        return Err(de::Error::missing_field("confirmed_at"));
                    }
                    ItemState::NotOffered if !dated(&not_offered_at) => {
                        return Err(de::Error::missing_field("not_offered_at"));
                    }
                    _ => {}
                }
                Ok(Strict(ItemRecord {
                    state,
                    opened_at: opened_at.flatten(),
                    confirmed_at: confirmed_at.flatten(),
                    confirmed_revision: confirmed_revision.flatten(),
                    not_offered_at: not_offered_at.flatten(),
                    not_offered_revision: not_offered_revision.flatten(),
                    history: history.unwrap_or_default(),
                    unknown,
                }))
            }
        }
        deserializer.deserialize_map(Record)
    }
}

/// An item's history, oldest recorded first.
struct History(Vec<HistoryEvent>);

impl<'de> de::Deserialize<'de> for History {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Events;
        impl<'de> Visitor<'de> for Events {
            type Value = History;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of events")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<History, A::Error> {
                let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(event) = seq.next_element_seed(EventSeed)? {
                    events.push(event);
                }
                Ok(History(events))
            }
        }
        deserializer.deserialize_seq(Events)
    }
}

/// Reads one history event.
struct EventSeed;

impl<'de> DeserializeSeed<'de> for EventSeed {
    type Value = HistoryEvent;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<HistoryEvent, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventSeed {
    type Value = HistoryEvent;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HistoryEvent, A::Error> {
        let mut at = None;
        let mut event = None;
        let mut revision = None;
        let mut change = None;
        let mut unknown = Vec::new();
        while let Some(key) = map.next_key::<EventKey>()? {
            match key {
                EventKey::At => once(&mut at, map.next_value::<Timestamp>()?, "at")?,
                EventKey::Event => {
                    let text: &str = map.next_value::<EventWord>()?.0;
                    once(
                        &mut event,
                        known(text, "event", EventKind::from_id)?,
                        "event",
                    )?;
                }
                EventKey::Revision => once(&mut revision, map.next_value()?, "revision")?,
                EventKey::Change => {
                    let text: &str = map.next_value::<EventWord>()?.0;
                    let id = u64::from_str_radix(text, 16).map_err(|_| {
                        de::Error::custom(format_args!("the change id {text:?} is not hex"))
                    })?;
                    once(&mut change, ChangeId(id), "change")?;
                }
                EventKey::Other(key) => keep_unknown(&mut map, key, &mut unknown)?,
            }
        }
        Ok(HistoryEvent {
            at: at.ok_or_else(|| de::Error::missing_field("at"))?,
            event: event.ok_or_else(|| de::Error::missing_field("event"))?,
            revision: revision.ok_or_else(|| de::Error::missing_field("revision"))?,
            change,
            unknown,
        })
    }
}

/// An event's key, matched without allocating for the known ones (histories can be long).
enum EventKey {
    At,
    Event,
    Revision,
    Change,
    Other(String),
}

impl<'de> de::Deserialize<'de> for EventKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl Visitor<'_> for Key {
            type Value = EventKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<EventKey, E> {
                Ok(match key {
                    "at" => EventKey::At,
                    "event" => EventKey::Event,
                    "revision" => EventKey::Revision,
                    "change" => EventKey::Change,
                    other => EventKey::Other(other.to_owned()),
                })
            }
        }
        deserializer.deserialize_identifier(Key)
    }
}

/// A short word from the file, borrowed when it has no escapes, copied when it does.
struct EventWord<'de>(&'de str);

impl<'de> de::Deserialize<'de> for EventWord<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Word;
        impl<'de> Visitor<'de> for Word {
            type Value = EventWord<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(EventWord(text))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                // Only escaped text lands here; no word this build knows needs escapes.
                Err(E::custom(format_args!("{NEWER_VALUE}: {text:?}")))
            }
        }
        deserializer.deserialize_str(Word)
    }
}

impl Serialize for Progress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("version", &FORMAT_VERSION)?;
        map.serialize_entry("items", &self.items)?;
        if let Some(region) = self.region {
            map.serialize_entry("region", region.id())?;
        }
        if let Some(language) = self.language {
            map.serialize_entry("language", language.code())?;
        }
        if let Some(mouse) = self.mouse {
            map.serialize_entry("mouse", &mouse)?;
        }
        if let Some(folded) = self.more_folded {
            map.serialize_entry("more_folded", &folded)?;
        }
        for (key, value) in &self.unknown {
            map.serialize_entry(key, &value.0)?;
        }
        map.end()
    }
}

impl Serialize for ItemRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("state", self.state.id())?;
        let times = [
            ("opened_at", self.opened_at),
            ("confirmed_at", self.confirmed_at),
        ];
        for (key, at) in times {
            if let Some(at) = at {
                map.serialize_entry(key, &at)?;
            }
        }
        if let Some(revision) = self.confirmed_revision {
            map.serialize_entry("confirmed_revision", &revision)?;
        }
        if let Some(at) = self.not_offered_at {
            map.serialize_entry("not_offered_at", &at)?;
        }
        if let Some(revision) = self.not_offered_revision {
            map.serialize_entry("not_offered_revision", &revision)?;
        }
        map.serialize_entry("history", &self.history)?;
        for (key, value) in &self.unknown {
            map.serialize_entry(key, &value.0)?;
        }
        map.end()
    }
}

impl Serialize for HistoryEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("at", &self.at)?;
        map.serialize_entry("event", self.event.id())?;
        map.serialize_entry("revision", &self.revision)?;
        if let Some(change) = self.change {
            map.serialize_entry("change", &change.to_string())?;
        }
        for (key, value) in &self.unknown {
            map.serialize_entry(key, &value.0)?;
        }
        map.end()
    }
}
