//! The scriptable commands. They share the store, its lock and its atomic save with the app, and
//! write to the writers they are given, so tests can read what a member would. Read-only
//! commands (`status`, `check`, `export`, `paths`, and `region`/`language` without a value)
//! open the store read-only: they never rename, create, lock or write anything.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use crate::app::{FACTS_STALE_DAYS, Launch};
use crate::args::{ExportFormat, LanguageChoice};
use crate::catalog::{Applicability, Catalog, Group, OptOut, Region, THIRD_PARTY_CAUTION};
use crate::io::{Browser, Clock};
use crate::language::Language;
use crate::progress::{Change, EventKind, HistoryEvent, ItemRecord, ItemState, Progress};
use crate::standing::{FUTURE_SLACK, Mark, Standing};
use crate::store::{FileStore, LoadNotice, Loaded, ProfileFiles, Saved};
use crate::text;

/// Exit codes, as `--help` documents them.
pub mod exit {
    /// Done: everything asked for worked (for `check`: every opt-out settled and current).
    pub const OK: u8 = 0;
    /// Something needs the member (for `check`), or the browser could not be opened.
    pub const NEEDS_YOU: u8 = 1;
    /// An error: a bad argument, an unknown id, a file that cannot be read or saved.
    pub const ERROR: u8 = 2;
}

/// The version of the shape of `status --json` and the JSON receipt: bumped when a field changes
/// meaning or goes away (new fields and new state words may come without a bump).
pub const STATUS_FORMAT: u32 = 1;

/// Everything a command works with.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub profile: &'a str,
    pub profiles: &'a ProfileFiles,
    pub store: &'a FileStore,
    pub loaded: Loaded,
    pub clock: &'a dyn Clock,
    pub recheck_days: u32,
    /// The zone receipts and tables show dates in.
    pub time_zone: TimeZone,
    /// The language the system is set to, used when the member has not chosen one.
    pub system_language: Language,
}

/// Where a command writes.
pub struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// A command's failure: what to tell the member (nothing for a closed pipe), and the exit code.
struct Failure {
    message: Option<String>,
    code: u8,
}

impl Failure {
    fn error(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            code: exit::ERROR,
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            // `status | head -1`: the reader has what it wanted.
            return Self {
                message: None,
                code: exit::OK,
            };
        }
        Self::error(format!(
            "cannot write the output: {}",
            crate::store::describe(&e)
        ))
    }
}

type Outcome = Result<u8, Failure>;

impl Context<'_> {
    fn progress(&self) -> &Progress {
        &self.loaded.progress
    }

    fn standing(&self, item: &OptOut, now: Timestamp) -> Standing {
        Standing::of(
            item,
            self.progress().record(&item.id),
            self.progress().region,
            now,
            self.recheck_days,
        )
    }

    /// How many of `group`'s items are done at `now`, and how many it has.
    fn done_in(&self, group: Group, now: Timestamp) -> (usize, usize) {
        let items = self.catalog.group(group);
        let (done, total) = items.fold((0, 0), |(done, total), item| {
            let done_here = usize::from(self.standing(item, now).is_done());
            (done + done_here, total + 1)
        });
        (done, total)
    }

    /// "1 of 2 opt-outs done; more privacy switches: 3 of 8 done".
    fn done_summary(&self, now: Timestamp) -> String {
        let (done, total) = self.done_in(Group::OptOuts, now);
        let (more_done, more) = self.done_in(Group::More, now);
        let mut summary = format!("{done} of {total} opt-outs done");
        if more > 0 {
            summary.push_str(&format!(
                "; {}: {more_done} of {more} done",
                Group::More.heading().to_lowercase()
            ));
        }
        summary
    }

    fn item(&self, id: &str) -> Result<&OptOut, Failure> {
        self.catalog.get(id).ok_or_else(|| {
            let valid: Vec<&str> = self.catalog.items.iter().map(|i| i.id.as_str()).collect();
            Failure::error(format!(
                "unknown opt-out {:?}; the ids are: {}",
                text::safe(id),
                valid.join(", ")
            ))
        })
    }

    /// Saves one change, telling the member on stderr while it waits for another instance, and
    /// what a save set aside or could not confirm.
    fn save(&self, output: &mut Output, change: Change) -> Result<Saved, Failure> {
        let err = &mut *output.err;
        let saved = self
            .store
            .save_with(&[change], &mut waiting_notice(err))
            .map_err(|e| Failure::error(format!("not saved: {e}")))?;
        if let Some(moved_to) = &saved.set_aside {
            writeln!(
                output.err,
                "linkedin-optout: kept the damaged record as {} and started a fresh one",
                text::path(moved_to)
            )?;
        }
        if let Some(warning) = &saved.warning {
            writeln!(output.err, "linkedin-optout: {warning}")?;
        }
        Ok(saved)
    }

    /// Refuses to `what` (exit 2) when the saved record could not be read: what a command
    /// would say of it would describe an empty record instead (the notice says why, above).
    fn usable_record(&self, what: &str) -> Result<(), Failure> {
        match &self.loaded.notice {
            Some(_) => Err(Failure::error(format!(
                "cannot {what}: the saved record could not be used (see above)"
            ))),
            None => Ok(()),
        }
    }

    fn date(&self, at: Timestamp) -> String {
        self.time_zone.to_datetime(at).date().to_string()
    }

    /// The language LinkedIn's labels are shown in, and whether the member chose it.
    fn language(&self) -> (Language, &'static str) {
        match self.progress().language {
            Some(language) => (language, "chosen"),
            None => (self.system_language, "from your system"),
        }
    }

    /// "These facts are over a year old" once their date is more than a year before `now`.
    fn facts_too_old(&self, now: Timestamp) -> Option<String> {
        let facts = self.catalog.facts_date();
        let today = self.time_zone.to_datetime(now).date();
        let age = today
            .since(facts)
            .map_or(0, |span| i64::from(span.get_days()));
        (age > FACTS_STALE_DAYS).then(|| {
            format!(
                "these facts are as of {facts}, over a year ago, and LinkedIn may have moved \
                 things: update linkedin-optout"
            )
        })
    }
}

/// Runs a read-only command's `action`, after saying on stderr what is unusual about the file.
fn run(ctx: &Context, output: &mut Output, action: impl FnOnce(&mut Output) -> Outcome) -> u8 {
    if let Some(notice) = &ctx.loaded.notice {
        let _ = writeln!(output.err, "linkedin-optout: {notice}");
    }
    let outcome = action(output);
    finish(output, outcome)
}

/// Runs a writing command's `action`, unless the file is not one this app may change: then the
/// command does nothing and exits 2.
fn run_writer(
    ctx: &Context,
    output: &mut Output,
    action: impl FnOnce(&mut Output) -> Outcome,
) -> u8 {
    match &ctx.loaded.notice {
        Some(LoadNotice::NotOurs { path, reason }) => {
            let _ = writeln!(
                output.err,
                "linkedin-optout: {} {}; choose another path with --state-file. Nothing was \
                 changed.",
                text::path(path),
                text::safe(reason)
            );
            exit::ERROR
        }
        Some(notice) if notice.blocks_saving() => {
            let _ = writeln!(output.err, "linkedin-optout: {notice}");
            exit::ERROR
        }
        Some(notice) => {
            let _ = writeln!(output.err, "linkedin-optout: {notice}");
            let outcome = action(output);
            finish(output, outcome)
        }
        None => {
            let outcome = action(output);
            finish(output, outcome)
        }
    }
}

fn finish(output: &mut Output, outcome: Outcome) -> u8 {
    match outcome {
        Ok(code) => code,
        Err(Failure { message, code }) => {
            if let Some(message) = message {
                let _ = writeln!(output.err, "linkedin-optout: {message}");
            }
            code
        }
    }
}

/// What each state word means, for `status` and the receipts.
pub const STATES_EXPLAINED: &str = "States: pending (not started), opened (page opened, not \
    confirmed), confirmed (you switched it off), stale (check it again), not_applicable (the \
    setting does not exist in your region), not_offered (LinkedIn does not show it to you). More \
    may be added.";

/// `status`: a plain table, one opt-out a line; the screen-reader path.
pub fn status(ctx: &Context, output: &mut Output, as_json: bool) -> u8 {
    run(ctx, output, |output| {
        ctx.usable_record("show the status")?;
        let now = ctx.clock.now();
        let mut out = BufWriter::new(&mut *output.out);
        if as_json {
            serde_json::to_writer_pretty(&mut out, &StatusJson { ctx, now })
                .map_err(io::Error::from)?;
            writeln!(out)?;
            out.flush()?;
            return Ok(exit::OK);
        }
        let region = ctx.progress().region.map_or("not set", Region::name);
        let (language, how) = ctx.language();
        writeln!(
            out,
            "Profile {}, region {region}, LinkedIn in {} ({how}): {}",
            ctx.profile,
            language.name(),
            ctx.done_summary(now)
        )?;
        let id_width = ctx
            .catalog
            .items
            .iter()
            .map(|i| i.id.len())
            .max()
            .unwrap_or(0);
        for item in &ctx.catalog.items {
            if group_starts(ctx, item) {
                writeln!(out, "{}:", item.group.heading())?;
            }
            let standing = ctx.standing(item, now);
            let record = ctx.progress().record(&item.id);
            // The date of what the state says: settled, or opened; none for a region's rule.
            let date = match standing {
                Standing::NotApplicable => None,
                Standing::Opened => record.opened_at,
                _ => record.settled().map(|(at, _)| at),
            };
            let date = date.map_or_else(|| "-".to_owned(), |at| ctx.date(at));
            // Words with spaces, which a screen reader reads as words.
            writeln!(
                out,
                "{:<id_width$} {:<15} {:<10} {}",
                item.id,
                standing.id().replace('_', " "),
                date,
                item.title
            )?;
            for note in notes(ctx, item, &standing, now) {
                writeln!(out, "  {note}")?;
            }
        }
        writeln!(out, "Facts as of {}.", ctx.catalog.facts_date())?;
        if let Some(old) = ctx.facts_too_old(now) {
            writeln!(out, "Note: {old}.")?;
        }
        writeln!(out, "{STATES_EXPLAINED}")?;
        out.flush()?;
        Ok(exit::OK)
    })
}

/// Whether `item` is the first of a group after the opt-outs, to be headed by its name.
fn group_starts(ctx: &Context, item: &OptOut) -> bool {
    item.group != Group::OptOuts && ctx.catalog.group(item.group).next() == Some(item)
}

/// The lines under an item in `status` and the receipts: why to check again, the region,
/// a clock that was wrong.
fn notes(ctx: &Context, item: &OptOut, standing: &Standing, now: Timestamp) -> Vec<String> {
    let mut notes = Vec::new();
    if let Standing::Stale { reason, .. } = standing {
        notes.push(format!("Check again: {reason}"));
    }
    match item.applicability(ctx.progress().region) {
        // A confirmation found all the same is what the member sees; the rule only settles the
        // rest.
        Applicability::NotInRegion { .. } if *standing == Standing::NotApplicable => {
            notes.push("Not in your region: nothing to do.".into());
        }
        Applicability::Uncertain { note, .. } | Applicability::OffUnlessAgreed { note, .. }
            if !standing.is_done() =>
        {
            notes.push(note.to_owned());
        }
        _ => {}
    }
    if let Some(at) = ctx
        .progress()
        .record(&item.id)
        .dated_after(now, FUTURE_SLACK)
    {
        notes.push(format!(
            "A time recorded for it, {at}, is in the future: was the clock wrong?"
        ));
    }
    notes
}

/// `status --json`, written as it goes.
struct StatusJson<'a> {
    ctx: &'a Context<'a>,
    now: Timestamp,
}

impl Serialize for StatusJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ctx = self.ctx;
        let (language, how) = ctx.language();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format_version", &STATUS_FORMAT)?;
        map.serialize_entry("profile", ctx.profile)?;
        map.serialize_entry("region", &ctx.progress().region.map(Region::id))?;
        map.serialize_entry("language", language.code())?;
        map.serialize_entry("language_chosen", &(how == "chosen"))?;
        map.serialize_entry("facts_as_of", &ctx.catalog.facts_date())?;
        map.serialize_entry("states", &Standing::IDS)?;
        let items: Vec<ItemJson> = ctx
            .catalog
            .items
            .iter()
            .map(|item| ItemJson {
                ctx,
                item,
                now: self.now,
                history: false,
            })
            .collect();
        map.serialize_entry("items", &items)?;
        map.end()
    }
}

/// One item in `status --json` and the JSON receipt.
struct ItemJson<'a> {
    ctx: &'a Context<'a>,
    item: &'a OptOut,
    now: Timestamp,
    /// Whether to include the whole history (receipts) or not (status).
    history: bool,
}

impl Serialize for ItemJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (ctx, item) = (self.ctx, self.item);
        let record = ctx.progress().record(&item.id);
        let standing = ctx.standing(item, self.now);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &item.id)?;
        map.serialize_entry("group", item.group.id())?;
        map.serialize_entry("title", &item.title)?;
        map.serialize_entry("url", item.url())?;
        // Who backs the address: "third-party-tool" means no LinkedIn page links it.
        map.serialize_entry("url_backed_by", &item.address_backing())?;
        map.serialize_entry("state", standing.id())?;
        map.serialize_entry("stale_reason", &standing.stale_reason())?;
        map.serialize_entry(
            "applicability",
            match item.applicability(ctx.progress().region) {
                Applicability::Applies => "applies",
                Applicability::NotInRegion { .. } => "not_in_region",
                Applicability::Uncertain { .. } => "uncertain",
                Applicability::OffUnlessAgreed { .. } => "off_unless_agreed",
                Applicability::RegionUnknown => "region_unknown",
            },
        )?;
        map.serialize_entry("opened_at", &record.opened_at)?;
        map.serialize_entry("confirmed_at", &record.confirmed_at)?;
        map.serialize_entry("not_offered_at", &record.not_offered_at)?;
        map.serialize_entry(
            "dated_in_future",
            &record.dated_after(self.now, FUTURE_SLACK).is_some(),
        )?;
        map.serialize_entry("facts_revision", &item.revision)?;
        map.serialize_entry("facts_verified", &item.verified)?;
        map.serialize_entry("addresses", &item.addresses())?;
        if self.history {
            map.serialize_entry(
                "settled_against_revision",
                &record.settled().and_then(|s| s.1),
            )?;
            map.serialize_entry(
                "history",
                &HistoryJson {
                    record,
                    now: self.now,
                },
            )?;
        }
        map.end()
    }
}

/// An item's history for the JSON receipt, in recorded order, flagging times that lie in the
/// future or before the event recorded ahead of them.
struct HistoryJson<'a> {
    record: &'a ItemRecord,
    now: Timestamp,
}

impl Serialize for HistoryJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.record.history.len()))?;
        let mut previous: Option<Timestamp> = None;
        for event in &self.record.history {
            seq.serialize_element(&EventJson {
                event,
                future: is_future(event, self.now),
                backwards: previous.is_some_and(|p| event.at < p),
            })?;
            previous = Some(event.at);
        }
        seq.end()
    }
}

struct EventJson<'a> {
    event: &'a HistoryEvent,
    future: bool,
    backwards: bool,
}

impl Serialize for EventJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("at", &self.event.at)?;
        map.serialize_entry("event", self.event.event.id())?;
        map.serialize_entry("revision", &self.event.revision)?;
        if self.future {
            map.serialize_entry("dated_in_future", &true)?;
        }
        if self.backwards {
            map.serialize_entry("earlier_than_previous", &true)?;
        }
        map.end()
    }
}

fn is_future(event: &HistoryEvent, now: Timestamp) -> bool {
    now.checked_add(FUTURE_SLACK)
        .is_ok_and(|limit| event.at > limit)
}

/// `check`: silent and 0 when both opt-outs are settled (with `all`, the more privacy switches
/// too); 1 and a line per item that needs the member.
pub fn check(ctx: &Context, output: &mut Output, all: bool) -> u8 {
    run(ctx, output, |output| {
        ctx.usable_record("check")?;
        let now = ctx.clock.now();
        let mut needs_you = false;
        let checked: Vec<&OptOut> = ctx
            .catalog
            .items
            .iter()
            .filter(|item| all || item.group == Group::OptOuts)
            .collect();
        for item in checked.iter().copied() {
            let id = &item.id;
            let standing = ctx.standing(item, now);
            let why = match &standing {
                Standing::Confirmed | Standing::NotOffered | Standing::NotApplicable => continue,
                Standing::Pending => {
                    format!("not done yet. Open it: linkedin-optout open {id}")
                }
                Standing::Opened => format!(
                    "opened but not confirmed. Once its toggle is off: linkedin-optout confirm {id}"
                ),
                Standing::Stale {
                    reason,
                    mark: Mark::Confirmed,
                } => format!(
                    "check it again: {reason} Open it: linkedin-optout open {id}, then \
                     linkedin-optout confirm {id}"
                ),
                Standing::Stale {
                    reason,
                    mark: Mark::NotOffered,
                } => format!(
                    "check it again: {reason} Open it: linkedin-optout open {id}; if LinkedIn \
                     still does not show it: linkedin-optout not-offered {id}, if it does and its \
                     toggle is off: linkedin-optout confirm {id}"
                ),
            };
            needs_you = true;
            writeln!(output.err, "linkedin-optout: {} ({id}): {why}", item.title)?;
            let named_not_offered = matches!(
                standing,
                Standing::Stale {
                    mark: Mark::NotOffered,
                    ..
                }
            );
            match item.applicability(ctx.progress().region) {
                Applicability::Uncertain { note, .. } if !named_not_offered => writeln!(
                    output.err,
                    "  {note} If LinkedIn does not show it to you: linkedin-optout not-offered {id}"
                )?,
                Applicability::OffUnlessAgreed { note, .. } => writeln!(output.err, "  {note}")?,
                _ => {}
            }
        }
        let region_matters = checked.iter().any(|item| {
            matches!(
                item.applicability(ctx.progress().region),
                Applicability::RegionUnknown
            )
        });
        if needs_you && region_matters {
            writeln!(
                output.err,
                "linkedin-optout: some settings exist only in some regions, and yours is not set: \
                 linkedin-optout region {}",
                Region::ALL.map(Region::id).join("|")
            )?;
        }
        // Silent once all is done, as a shell start-up reminder must be: the note comes with
        // the work it is about.
        if let Some(old) = ctx.facts_too_old(now)
            && needs_you
        {
            writeln!(output.err, "linkedin-optout: note: {old}")?;
        }
        Ok(if needs_you { exit::NEEDS_YOU } else { exit::OK })
    })
}

/// `open <id>`: opens the page in the browser and records that it was opened.
pub fn open(ctx: &Context, output: &mut Output, browser: &dyn Browser, id: &str) -> u8 {
    run_writer(ctx, output, |output| {
        let item = ctx.item(id)?;
        let launch = match browser.open(item.url()) {
            Ok(launch) => launch,
            Err(error) => {
                writeln!(
                    output.err,
                    "linkedin-optout: could not open a browser: {}\nOpen this address \
                     yourself, on this or another device:\n{}",
                    text::safe(&error.reason),
                    item.url()
                )?;
                if item.third_party_only()
                    && let Some(fallback) = item.fallback()
                {
                    writeln!(
                        output.err,
                        "{THIRD_PARTY_CAUTION} If it does not show the setting, start from:\n{}",
                        fallback.url
                    )?;
                }
                return Ok(exit::NEEDS_YOU);
            }
        };
        ctx.save(
            output,
            Change::item(&item.id, EventKind::Opened, ctx.clock.now(), item.revision),
        )?;
        let how = match launch {
            Launch::Opened => "Opened",
            Launch::HandedOff => "Handed to the browser launcher",
        };
        writeln!(output.out, "{how}: {} ({})", item.title, item.url())?;
        if launch == Launch::HandedOff {
            writeln!(
                output.out,
                "The launcher is still running; if no page opened, open the address yourself."
            )?;
        }
        writeln!(
            output.out,
            "Switch it off there, then run: linkedin-optout confirm {}",
            item.id
        )?;
        Ok(exit::OK)
    })
}

/// `confirm <id>`: records (again) that the toggle is off.
pub fn confirm(ctx: &Context, output: &mut Output, id: &str) -> u8 {
    mark(ctx, output, id, EventKind::Confirmed, |item, date| {
        format!("Confirmed {} on {date}.", item.title)
    })
}

/// `not-offered <id>`: records that LinkedIn does not show the member this setting; nothing
/// where it does not exist in the member's region (as `n` in the checklist).
pub fn not_offered(ctx: &Context, output: &mut Output, id: &str) -> u8 {
    if let Ok(item) = ctx.item(id)
        && ctx.standing(item, ctx.clock.now()) == Standing::NotApplicable
    {
        return run(ctx, output, |output| {
            writeln!(
                output.out,
                "Nothing to mark: {} does not exist in your region.",
                item.title
            )?;
            Ok(exit::OK)
        });
    }
    mark(ctx, output, id, EventKind::NotOffered, |item, date| {
        format!(
            "Noted on {date}: LinkedIn does not show you {}. `linkedin-optout unconfirm {}` takes \
             it back.",
            item.title, item.id
        )
    })
}

/// Records `event` for item `id`, dated now, and says so in the words `said` gives it.
fn mark(
    ctx: &Context,
    output: &mut Output,
    id: &str,
    event: EventKind,
    said: impl Fn(&OptOut, String) -> String,
) -> u8 {
    run_writer(ctx, output, |output| {
        let item = ctx.item(id)?;
        let now = ctx.clock.now();
        ctx.save(output, Change::item(&item.id, event, now, item.revision))?;
        writeln!(output.out, "{}", said(item, ctx.date(now)))?;
        Ok(exit::OK)
    })
}

/// `unconfirm <id>`: takes back a confirmation or a "not shown to me" mark.
pub fn unconfirm(ctx: &Context, output: &mut Output, id: &str) -> u8 {
    run_writer(ctx, output, |output| {
        let item = ctx.item(id)?;
        let record = ctx.progress().record(&item.id);
        let Some(change) = Change::take_back(&item.id, record, ctx.clock.now(), item.revision)
        else {
            writeln!(
                output.out,
                "{} was neither confirmed nor marked; nothing changed.",
                item.title
            )?;
            return Ok(exit::OK);
        };
        let said = match record.state {
            ItemState::NotOffered => "is no longer marked \"not shown to me\"",
            _ => "is no longer confirmed",
        };
        let taken_back = change.id();
        let saved = ctx.save(output, change)?;
        if taken_back.is_some_and(|change| saved.progress.has_change(change)) {
            writeln!(output.out, "{} {said}.", item.title)?;
        } else {
            // Another linkedin-optout took the mark back, or made a new one, meanwhile.
            writeln!(
                output.out,
                "Nothing changed: {} was changed meanwhile by another linkedin-optout; it is now \
                 {}.",
                item.title,
                saved.progress.state(&item.id).id().replace('_', " ")
            )?;
        }
        Ok(exit::OK)
    })
}

/// `region [REGION]`: shows the region, or sets it.
pub fn region(ctx: &Context, output: &mut Output, region: Option<Region>) -> u8 {
    let Some(region) = region else {
        return run(ctx, output, |output| {
            ctx.usable_record("show the region")?;
            let current = ctx.progress().region.map_or("not set", Region::id);
            writeln!(output.out, "{current}")?;
            if ctx.progress().region.is_none() {
                writeln!(
                    output.err,
                    "linkedin-optout: set it with: linkedin-optout region {}",
                    Region::ALL.map(Region::id).join("|")
                )?;
            }
            Ok(exit::OK)
        });
    };
    run_writer(ctx, output, |output| {
        let saved = ctx.save(output, Change::Region(region))?;
        writeln!(output.out, "Region set to {}.", region.name())?;
        let mut off_unless_agreed = Vec::new();
        for item in &ctx.catalog.items {
            match item.applicability(saved.progress.region) {
                Applicability::NotInRegion { .. } => writeln!(
                    output.out,
                    "{} does not exist in your region: nothing to do.",
                    item.title
                )?,
                Applicability::Uncertain { note, .. } => {
                    writeln!(output.out, "{}: {note}", item.title)?;
                }
                Applicability::OffUnlessAgreed { .. } => off_unless_agreed.push(&*item.title),
                Applicability::Applies | Applicability::RegionUnknown => {}
            }
        }
        // One line for the group, not four alike.
        if !off_unless_agreed.is_empty() {
            writeln!(
                output.out,
                "Off in your region unless you agreed to them; check each once: {}.",
                off_unless_agreed.join(", ")
            )?;
        }
        Ok(exit::OK)
    })
}

/// `language [CODE|auto]`: shows the language LinkedIn's labels are shown in, or sets it.
pub fn language(ctx: &Context, output: &mut Output, choice: Option<LanguageChoice>) -> u8 {
    let Some(choice) = choice else {
        return run(ctx, output, |output| {
            ctx.usable_record("show the language")?;
            let (language, how) = ctx.language();
            writeln!(output.out, "{} ({how})", language.code())?;
            Ok(exit::OK)
        });
    };
    run_writer(ctx, output, |output| {
        let chosen = match choice {
            LanguageChoice::Auto => None,
            LanguageChoice::Set(language) => Some(language),
        };
        ctx.save(output, Change::Language(chosen))?;
        match chosen {
            Some(language) => writeln!(
                output.out,
                "LinkedIn's labels will be shown in {} where sources give them.",
                language.name()
            )?,
            None => writeln!(
                output.out,
                "Language from your system: {}.",
                ctx.system_language.name()
            )?,
        }
        Ok(exit::OK)
    })
}

/// `export`: a dated receipt of each opt-out, when it was settled, against which facts, and its
/// history. Written as it goes, so a long history never has to fit in memory twice.
pub fn export(ctx: &Context, output: &mut Output, format: ExportFormat) -> u8 {
    run(ctx, output, |output| {
        // A receipt of an empty record stood in for one that could not be read would be false.
        ctx.usable_record("export a receipt")?;
        let now = ctx.clock.now();
        let mut out = BufWriter::with_capacity(1 << 16, &mut *output.out);
        match format {
            ExportFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &ReceiptJson { ctx, now })
                    .map_err(io::Error::from)?;
                writeln!(out)?;
            }
            ExportFormat::Markdown => receipt_markdown(ctx, now, &mut out)?,
        }
        out.flush()?;
        Ok(exit::OK)
    })
}

fn tool() -> String {
    format!("linkedin-optout {}", env!("CARGO_PKG_VERSION"))
}

/// The JSON receipt.
struct ReceiptJson<'a> {
    ctx: &'a Context<'a>,
    now: Timestamp,
}

impl Serialize for ReceiptJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let ctx = self.ctx;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("receipt", "LinkedIn opt-outs")?;
        map.serialize_entry("format_version", &STATUS_FORMAT)?;
        map.serialize_entry("generated_at", &self.now)?;
        map.serialize_entry("generated_by", &tool())?;
        map.serialize_entry("profile", ctx.profile)?;
        map.serialize_entry("region", &ctx.progress().region.map(Region::id))?;
        map.serialize_entry("language", ctx.language().0.code())?;
        map.serialize_entry("facts_as_of", &ctx.catalog.facts_date())?;
        map.serialize_entry("states_explained", STATES_EXPLAINED)?;
        let items: Vec<ItemJson> = ctx
            .catalog
            .items
            .iter()
            .map(|item| ItemJson {
                ctx,
                item,
                now: self.now,
                history: true,
            })
            .collect();
        map.serialize_entry("items", &items)?;
        map.end()
    }
}

fn receipt_markdown(ctx: &Context, now: Timestamp, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "# LinkedIn opt-out receipt\n\n- Profile: {}\n- Generated: {now} by {}\n- Region: {}\n\
         - LinkedIn in: {}\n- Facts as of: {}",
        ctx.profile,
        tool(),
        ctx.progress().region.map_or("not set", Region::name),
        ctx.language().0.name(),
        ctx.catalog.facts_date()
    )?;
    for item in &ctx.catalog.items {
        let record = ctx.progress().record(&item.id);
        let standing = ctx.standing(item, now);
        writeln!(
            out,
            "\n## {} (`{}`)\n\n- Group: {}\n- State: {}\n- Settings page: {}",
            item.title,
            item.id,
            item.group.heading(),
            standing.id(),
            item.url()
        )?;
        if item.third_party_only() {
            writeln!(out, "- {THIRD_PARTY_CAUTION}")?;
        }
        for note in notes(ctx, item, &standing, now) {
            writeln!(out, "- {note}")?;
        }
        writeln!(out, "- Addresses and their sources:")?;
        for address in item.addresses() {
            let name = address.name.map(|n| format!(" ({n})")).unwrap_or_default();
            writeln!(out, "  - {}{name}: {}", address.role.id(), address.url)?;
            for source in address.sources.iter() {
                writeln!(out, "    - source: {source}")?;
            }
        }
        match record.settled() {
            Some((at, revision)) => writeln!(
                out,
                "- {}: {at}, against the facts of revision {} (now {}, checked {})",
                if record.state == ItemState::NotOffered {
                    "Marked not shown to you"
                } else {
                    "Confirmed"
                },
                revision.map_or_else(|| "unknown".to_owned(), |r| r.to_string()),
                item.revision,
                item.verified
            )?,
            None => writeln!(out, "- Confirmed: not yet")?,
        }
        if record.history.is_empty() {
            writeln!(out, "- History: nothing yet")?;
            continue;
        }
        writeln!(out, "- History (in the order recorded):")?;
        let mut previous: Option<Timestamp> = None;
        for event in &record.history {
            let mut flags = String::new();
            if is_future(event, now) {
                flags.push_str(" (dated in the future: was the clock wrong?)");
            }
            if previous.is_some_and(|p| event.at < p) {
                flags.push_str(" (earlier than the event before: the clock was changed)");
            }
            writeln!(
                out,
                "  - {} {} (revision {}){flags}",
                event.at,
                event.event.id(),
                event.revision
            )?;
            previous = Some(event.at);
        }
    }
    writeln!(out, "\n{STATES_EXPLAINED}")
}

/// `reset`: sets the profile's record aside (kept as `<file>.reset-<time>`) after asking.
pub fn reset(ctx: &Context, output: &mut Output, input: &mut dyn BufRead, yes: bool) -> u8 {
    run_writer(ctx, output, |output| {
        let path = ctx.store.target();
        if !path.exists() {
            writeln!(
                output.out,
                "Nothing to reset: {} does not exist.",
                text::path(path)
            )?;
            return Ok(exit::OK);
        }
        if !yes
            && !ask(
                output,
                input,
                &format!(
                    "Start the record for profile {} over ({}), marks, region and language \
                     included? The old one is kept beside it. [y/N] ",
                    ctx.profile,
                    text::path(path)
                ),
            )?
        {
            writeln!(output.out, "Nothing changed.")?;
            return Ok(exit::OK);
        }
        let err = &mut *output.err;
        let kept = ctx
            .store
            .set_aside_for_reset(&mut waiting_notice(err))
            .map_err(|e| Failure::error(format!("could not reset: {e}")))?;
        match kept {
            Some(kept) => writeln!(
                output.out,
                "Reset profile {}. The old record is kept as {}",
                ctx.profile,
                text::path(&kept)
            )?,
            None => writeln!(output.out, "Nothing to reset.")?,
        }
        Ok(exit::OK)
    })
}

/// Tells the member on stderr, once, that another instance holds the lock at the given path.
fn waiting_notice(err: &mut dyn Write) -> impl FnMut(&Path) + '_ {
    move |lock: &Path| {
        let _ = writeln!(
            err,
            "linkedin-optout: waiting for another linkedin-optout to finish saving (lock {})…",
            text::path(lock)
        );
    }
}

/// Asks a yes/no question on stderr and reads the answer; anything but yes is no.
fn ask(output: &mut Output, input: &mut dyn BufRead, question: &str) -> io::Result<bool> {
    write!(output.err, "{question}")?;
    output.err.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// `forget`: deletes the profile's record, its lock and every copy kept beside it, after listing
/// them and asking once.
pub fn forget(ctx: &Context, output: &mut Output, input: &mut dyn BufRead, yes: bool) -> u8 {
    run_writer(ctx, output, |output| {
        let files = ctx.store.own_files();
        if files.is_empty() {
            writeln!(
                output.out,
                "Nothing to forget: profile {} has no files.",
                ctx.profile
            )?;
            return Ok(exit::OK);
        }
        writeln!(
            output.out,
            "These files of profile {} will be deleted:",
            ctx.profile
        )?;
        for file in &files {
            writeln!(output.out, "  {}", text::path(file))?;
        }
        output.out.flush()?;
        if !yes && !ask(output, input, "Delete them for good? [y/N] ")? {
            writeln!(output.out, "Nothing deleted.")?;
            return Ok(exit::OK);
        }
        let err = &mut *output.err;
        let deleted = ctx
            .store
            .forget(&mut waiting_notice(err))
            .map_err(|e| Failure::error(format!("could not forget: {e}")))?;
        writeln!(
            output.out,
            "Deleted {} file{}. linkedin-optout keeps nothing else about profile {}.",
            deleted.len(),
            if deleted.len() == 1 { "" } else { "s" },
            ctx.profile
        )?;
        if ctx.store.path() != ctx.store.target() {
            writeln!(
                output.out,
                "The link {} was left; it pointed at the deleted record.",
                text::path(ctx.store.path())
            )?;
        }
        Ok(exit::OK)
    })
}

/// `paths`: where everything lives.
pub fn paths(ctx: &Context, output: &mut Output) -> u8 {
    run(ctx, output, |output| {
        let store = ctx.store;
        let mut out = BufWriter::new(&mut *output.out);
        writeln!(out, "state file:  {}", text::path(store.path()))?;
        if store.path() != store.target() {
            writeln!(out, "  links to:  {}", text::path(store.target()))?;
        }
        writeln!(out, "lock file:   {}", text::path(&store.lock_path()))?;
        writeln!(out, "profile:     {}", ctx.profile)?;
        for name in ctx.profiles.existing(ctx.profile) {
            writeln!(
                out,
                "  {name:<12} {}",
                text::path(&ctx.profiles.path(&name))
            )?;
        }
        let copies = store.copies();
        if !copies.is_empty() {
            writeln!(out, "kept copies (forget deletes them):")?;
            for copy in copies {
                writeln!(out, "  {}", text::path(&copy))?;
            }
        }
        out.flush()?;
        Ok(exit::OK)
    })
}

/// What to switch off, in the member's language first where sources give the words: the toggle
/// by its label where a source names it, in the setting by its title.
fn switch_off_words(item: &OptOut, language: Language) -> String {
    let localized = item.localized(language);
    let beside = |local: Option<&str>, english: &str| match local {
        Some(local) if local != english => format!("\"{local}\" (English: \"{english}\")"),
        _ => format!("\"{english}\""),
    };
    let title = beside(localized.map(|words| words.title.as_str()), &item.title);
    match &item.toggle {
        Some(toggle) => {
            // A label LinkedIn itself does not quote is said to be as others show it.
            let shown_as = match &toggle.presentation {
                Some(presentation) => format!(" ({presentation})"),
                None => String::new(),
            };
            format!(
                "the toggle {}{shown_as} in the setting {title}",
                beside(
                    localized.and_then(|words| words.toggle_label.as_deref()),
                    &toggle.label
                )
            )
        }
        None => format!("the toggle of the setting {title}"),
    }
}

/// `plain_checklist` for a terminal whose locale is not UTF-8 (`LC_ALL=C`): the same lines in
/// ASCII, LinkedIn's labels transliterated ("Donnees"), as the full-screen checklist shows them.
pub fn plain_checklist_in_ascii(ctx: &Context, output: &mut Output) -> u8 {
    let mut text = Vec::new();
    let code = plain_checklist(
        ctx,
        &mut Output {
            out: &mut text,
            err: &mut *output.err,
        },
    );
    let ascii = crate::ui::Theme {
        color: false,
        unicode: false,
    };
    // Broken pipes and the like end it quietly, as everywhere else.
    let _ = output
        .out
        .write_all(ascii.text(&String::from_utf8_lossy(&text)).as_bytes());
    let _ = output.out.flush();
    code
}

/// The checklist as plain lines, for terminals that cannot be drawn on (TERM=dumb, as in Emacs'
/// shell): each opt-out, where it stands, and the next step as a command.
pub fn plain_checklist(ctx: &Context, output: &mut Output) -> u8 {
    run(ctx, output, |output| {
        let now = ctx.clock.now();
        let mut out = BufWriter::new(&mut *output.out);
        writeln!(
            out,
            "LinkedIn opt-outs, profile {}: {}. (This terminal cannot show the full-screen \
             checklist; here it is as text.)",
            ctx.profile,
            ctx.done_summary(now)
        )?;
        for item in &ctx.catalog.items {
            let id = &item.id;
            if group_starts(ctx, item) {
                writeln!(out, "\n{}, if you want them too:", item.group.heading())?;
            }
            let standing = ctx.standing(item, now);
            writeln!(
                out,
                "\n{} {} ({id}): {}",
                standing.marker(),
                item.title,
                standing.id().replace('_', " ")
            )?;
            for note in notes(ctx, item, &standing, now) {
                writeln!(out, "  {note}")?;
            }
            if standing.is_done() {
                // The note already says so for a region's rule.
                if standing != Standing::NotApplicable {
                    writeln!(out, "  Nothing to do.")?;
                }
                continue;
            }
            let language = ctx.language().0;
            writeln!(out, "  Switch off: {}", switch_off_words(item, language))?;
            if item.localized(language).is_some() {
                writeln!(
                    out,
                    "  (The {} words are as the press reports them, not LinkedIn's own.)",
                    language.name()
                )?;
            }
            writeln!(out, "  Page: {}", item.url())?;
            if item.third_party_only() {
                writeln!(
                    out,
                    "  {THIRD_PARTY_CAUTION} If it does not show the setting, start from {}",
                    item.fallback().map_or("", |page| page.url.as_str())
                )?;
            }
            let next = match standing {
                Standing::Opened => {
                    format!("Next: once the toggle is off, run linkedin-optout confirm {id}")
                }
                _ => format!(
                    "Next: open the page (or run linkedin-optout open {id}), switch the toggle \
                     off, then run linkedin-optout confirm {id}"
                ),
            };
            writeln!(out, "  {next}")?;
            if matches!(
                item.applicability(ctx.progress().region),
                Applicability::Uncertain { .. }
            ) {
                writeln!(
                    out,
                    "  If LinkedIn does not show it to you: linkedin-optout not-offered {id}"
                )?;
            }
        }
        if ctx.progress().region.is_none() {
            writeln!(
                out,
                "\nSet your region: linkedin-optout region {}",
                Region::ALL.map(Region::id).join("|")
            )?;
        }
        out.flush()?;
        Ok(exit::OK)
    })
}
