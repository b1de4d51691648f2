//! The scriptable commands. They share the store, its lock and its atomic save with the app, and
//! write to the writers they are given, so tests can read what a member would.

use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::json;

use crate::args::ExportFormat;
use crate::catalog::{Catalog, OptOut, Region};
use crate::io::{Browser, Clock, Launch};
use crate::progress::{Change, EventKind, ItemState, Progress};
use crate::standing::Standing;
use crate::store::{FileStore, Loaded, ProfileFiles, Store};

/// Exit codes, as `--help` documents them.
pub mod exit {
    /// Done: everything asked for worked (for `check`: every opt-out confirmed and current).
    pub const OK: u8 = 0;
    /// Something needs the member (for `check`), or the browser could not be opened.
    pub const NEEDS_YOU: u8 = 1;
    /// An error: a bad argument, an unknown id, a file that cannot be read or saved.
    pub const ERROR: u8 = 2;
}

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
}

/// Where a command writes.
pub struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// A command's failure: what to tell the member, and the exit code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn error(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: exit::ERROR,
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::error(format!("cannot write the output: {e}"))
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
            now,
            self.recheck_days,
        )
    }

    fn item(&self, id: &str) -> Result<&OptOut, Failure> {
        self.catalog.get(id).ok_or_else(|| {
            let valid: Vec<&str> = self.catalog.items.iter().map(|i| i.id.as_str()).collect();
            Failure::error(format!(
                "unknown opt-out {id:?}; the ids are: {}",
                valid.join(", ")
            ))
        })
    }

    fn save(&self, change: Change) -> Result<Progress, Failure> {
        self.store
            .save(&[change])
            .map_err(|e| Failure::error(format!("not saved: {e}")))
    }

    fn date(&self, at: Timestamp) -> String {
        self.time_zone.to_datetime(at).date().to_string()
    }
}

/// Runs `action` and turns a failure into a message on stderr and its exit code. A notice about
/// the saved file (set aside, read-only) is always shown first.
fn run(ctx: &Context, output: &mut Output, action: impl FnOnce(&mut Output) -> Outcome) -> u8 {
    if let Some(notice) = &ctx.loaded.notice {
        let _ = writeln!(output.err, "linkedin-optout: {notice}");
    }
    match action(output) {
        Ok(code) => code,
        Err(failure) => {
            let _ = writeln!(output.err, "linkedin-optout: {}", failure.message);
            failure.code
        }
    }
}

/// `status`: a plain table, one opt-out a line; the screen-reader path.
pub fn status(ctx: &Context, output: &mut Output, as_json: bool) -> u8 {
    run(ctx, output, |output| {
        let now = ctx.clock.now();
        if as_json {
            return status_json(ctx, output, now);
        }
        let done = ctx
            .catalog
            .items
            .iter()
            .filter(|item| ctx.standing(item, now).is_done())
            .count();
        let region = ctx.progress().region.map_or("not set", Region::name);
        writeln!(
            output.out,
            "Profile {}, region {region}: {done} of {} done",
            ctx.profile,
            ctx.catalog.items.len()
        )?;
        for item in &ctx.catalog.items {
            let standing = ctx.standing(item, now);
            let record = ctx.progress().record(&item.id);
            let confirmed = record
                .confirmed_at
                .map_or_else(|| "-".to_owned(), |at| ctx.date(at));
            writeln!(
                output.out,
                "{:<12} {:<10} {:<10} {}",
                item.id,
                standing.id(),
                confirmed,
                item.title
            )?;
            if let Standing::Stale(reason) = &standing {
                writeln!(output.out, "  check again: {reason}")?;
            }
            if ctx
                .progress()
                .region
                .is_some_and(|r| !item.appears_in.contains(&r))
            {
                writeln!(output.out, "  may not appear for your region")?;
            }
        }
        Ok(exit::OK)
    })
}

fn status_json(ctx: &Context, output: &mut Output, now: Timestamp) -> Outcome {
    let items: Vec<_> = ctx
        .catalog
        .items
        .iter()
        .map(|item| {
            let standing = ctx.standing(item, now);
            let record = ctx.progress().record(&item.id);
            json!({
                "id": item.id,
                "title": item.title,
                "url": item.url,
                "state": standing.id(),
                "confirmed_at": record.confirmed_at,
                "opened_at": record.opened_at,
                "stale_reason": standing.stale_reason(),
            })
        })
        .collect();
    let status = json!({
        "profile": ctx.profile,
        "region": ctx.progress().region,
        "items": items,
    });
    write_json(output, &status)?;
    Ok(exit::OK)
}

fn write_json(output: &mut Output, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *output.out, value).map_err(io::Error::other)?;
    writeln!(output.out)
}

/// `check`: silent and 0 when all is done; 1 and a line per opt-out that needs the member.
pub fn check(ctx: &Context, output: &mut Output) -> u8 {
    run(ctx, output, |output| {
        if ctx.loaded.notice.is_some() {
            return Err(Failure::error(
                "cannot check: the saved record could not be used (see above)",
            ));
        }
        let now = ctx.clock.now();
        let mut needs_you = false;
        for item in &ctx.catalog.items {
            let why = match ctx.standing(item, now) {
                Standing::Confirmed => continue,
                Standing::Pending => "not done yet".to_owned(),
                Standing::Opened => "opened but not confirmed".to_owned(),
                Standing::Stale(reason) => format!("check again: {reason}"),
            };
            needs_you = true;
            writeln!(
                output.err,
                "linkedin-optout: {} ({}): {why}. Run linkedin-optout open {}",
                item.title, item.id, item.id
            )?;
        }
        Ok(if needs_you { exit::NEEDS_YOU } else { exit::OK })
    })
}

/// `open <id>`: opens the page in the browser and records that it was opened.
pub fn open(ctx: &Context, output: &mut Output, browser: &dyn Browser, id: &str) -> u8 {
    run(ctx, output, |output| {
        let item = ctx.item(id)?;
        let launch = match browser.open(&item.url) {
            Ok(launch) => launch,
            Err(reason) => {
                writeln!(
                    output.err,
                    "linkedin-optout: could not open a browser: {reason}\nOpen this address \
                     yourself, on this or another device:\n{}",
                    item.url
                )?;
                return Ok(exit::NEEDS_YOU);
            }
        };
        ctx.save(Change::Item {
            id: item.id.clone(),
            event: EventKind::Opened,
            at: ctx.clock.now(),
            revision: item.revision,
        })?;
        let done = match launch {
            Launch::Opened => format!("Opened {} in your browser", item.title),
            // The launcher was still running: whether a page opened is not known.
            Launch::HandedOff => format!(
                "Handed {} to your system's launcher (if nothing opened, open the address \
                 yourself)",
                item.title
            ),
        };
        writeln!(
            output.out,
            "{done}: {}\nSwitch \"{}\" off, then run: linkedin-optout confirm {}",
            item.url, item.toggle_label, item.id
        )?;
        Ok(exit::OK)
    })
}

/// `confirm <id>` and `unconfirm <id>`.
pub fn set_confirmed(ctx: &Context, output: &mut Output, id: &str, confirmed: bool) -> u8 {
    run(ctx, output, |output| {
        let item = ctx.item(id)?;
        let now = ctx.clock.now();
        let is_confirmed = ctx.progress().state(&item.id) == ItemState::Confirmed;
        if !confirmed && !is_confirmed {
            writeln!(
                output.out,
                "{} was not confirmed; nothing changed.",
                item.title
            )?;
            return Ok(exit::OK);
        }
        let event = if confirmed {
            EventKind::Confirmed
        } else {
            EventKind::Unconfirmed
        };
        ctx.save(Change::Item {
            id: item.id.clone(),
            event,
            at: now,
            revision: item.revision,
        })?;
        if confirmed {
            writeln!(output.out, "Confirmed {} on {}.", item.title, ctx.date(now))?;
        } else {
            writeln!(output.out, "{} is no longer confirmed.", item.title)?;
        }
        Ok(exit::OK)
    })
}

/// `region [REGION]`: shows the region, or sets it.
pub fn region(ctx: &Context, output: &mut Output, region: Option<Region>) -> u8 {
    run(ctx, output, |output| {
        let Some(region) = region else {
            let current = ctx.progress().region.map_or("not set", Region::id);
            writeln!(output.out, "{current}")?;
            return Ok(exit::OK);
        };
        let saved = ctx.save(Change::Region(region))?;
        writeln!(output.out, "Region set to {}.", region.name())?;
        for item in &ctx.catalog.items {
            if saved.region.is_some_and(|r| !item.appears_in.contains(&r)) {
                writeln!(output.out, "{} may not appear for your region.", item.title)?;
            }
        }
        Ok(exit::OK)
    })
}

/// `export`: a dated receipt of each opt-out, when it was confirmed, against which facts, and its
/// history.
pub fn export(ctx: &Context, output: &mut Output, format: ExportFormat) -> u8 {
    run(ctx, output, |output| {
        let now = ctx.clock.now();
        match format {
            ExportFormat::Json => write_json(output, &receipt_json(ctx, now))?,
            ExportFormat::Markdown => write!(output.out, "{}", receipt_markdown(ctx, now))?,
        }
        Ok(exit::OK)
    })
}

fn tool() -> String {
    format!("linkedin-optout {}", env!("CARGO_PKG_VERSION"))
}

fn receipt_json(ctx: &Context, now: Timestamp) -> serde_json::Value {
    let items: Vec<_> = ctx
        .catalog
        .items
        .iter()
        .map(|item| {
            let record = ctx.progress().record(&item.id);
            let standing = ctx.standing(item, now);
            json!({
                "id": item.id,
                "title": item.title,
                "url": item.url,
                "toggle_label": item.toggle_label,
                "state": standing.id(),
                "stale_reason": standing.stale_reason(),
                "opened_at": record.opened_at,
                "confirmed_at": record.confirmed_at,
                "confirmed_revision": record.confirmed_revision,
                "catalog_revision": item.revision,
                "facts_verified": item.verified,
                "history": record.history,
            })
        })
        .collect();
    json!({
        "receipt": "LinkedIn opt-outs",
        "generated_at": now,
        "generated_by": tool(),
        "profile": ctx.profile,
        "region": ctx.progress().region,
        "items": items,
    })
}

fn receipt_markdown(ctx: &Context, now: Timestamp) -> String {
    let mut text = format!(
        "# LinkedIn opt-out receipt\n\n- Profile: {}\n- Generated: {now} by {}\n- Region: {}\n",
        ctx.profile,
        tool(),
        ctx.progress().region.map_or("not set", Region::name)
    );
    for item in &ctx.catalog.items {
        let record = ctx.progress().record(&item.id);
        let standing = ctx.standing(item, now);
        text.push_str(&format!(
            "\n## {} (`{}`)\n\n- State: {}\n- Setting: \"{}\" at {}\n",
            item.title,
            item.id,
            standing.id(),
            item.toggle_label,
            item.url
        ));
        if let Standing::Stale(reason) = &standing {
            text.push_str(&format!("- Check again: {reason}\n"));
        }
        match (record.confirmed_at, record.confirmed_revision) {
            (Some(at), revision) => text.push_str(&format!(
                "- Confirmed: {at}, against catalog revision {} (now {}, facts checked {})\n",
                revision.map_or_else(|| "unknown".to_owned(), |r| r.to_string()),
                item.revision,
                item.verified
            )),
            (None, _) => text.push_str("- Confirmed: not yet\n"),
        }
        if record.history.is_empty() {
            text.push_str("- History: nothing yet\n");
        } else {
            text.push_str("- History:\n");
            for event in &record.history {
                let what = match event.event {
                    EventKind::Opened => "opened",
                    EventKind::Confirmed => "confirmed",
                    EventKind::Unconfirmed => "unconfirmed",
                };
                text.push_str(&format!(
                    "  - {} {what} (revision {})\n",
                    event.at, event.revision
                ));
            }
        }
    }
    text
}

/// `reset`: sets the profile's record aside (kept as `<file>.reset-<time>`) after asking.
pub fn reset(ctx: &Context, output: &mut Output, input: &mut dyn BufRead, yes: bool) -> u8 {
    run(ctx, output, |output| {
        let path = ctx.store.path();
        if !path.exists() {
            writeln!(
                output.out,
                "Nothing to reset: {} does not exist.",
                path.display()
            )?;
            return Ok(exit::OK);
        }
        if !yes {
            write!(
                output.err,
                "Erase the record for profile {} ({})? A copy is kept beside it. [y/N] ",
                ctx.profile,
                path.display()
            )?;
            output.err.flush()?;
            let mut answer = String::new();
            input.read_line(&mut answer)?;
            if !matches!(answer.trim(), "y" | "Y" | "yes") {
                writeln!(output.out, "Nothing changed.")?;
                return Ok(exit::OK);
            }
        }
        let kept = ctx
            .store
            .set_aside_as("reset", ctx.clock.now())
            .map_err(|e| Failure::error(format!("could not reset: {e}")))?;
        writeln!(
            output.out,
            "Reset profile {}. The old record is kept as {}",
            ctx.profile,
            kept.display()
        )?;
        Ok(exit::OK)
    })
}

/// `paths`: where everything lives.
pub fn paths(ctx: &Context, output: &mut Output) -> u8 {
    run(ctx, output, |output| {
        let state = ctx.store.path();
        writeln!(output.out, "state file:  {}", state.display())?;
        writeln!(
            output.out,
            "lock file:   {}",
            ctx.store.lock_path().display()
        )?;
        writeln!(output.out, "profile:     {}", ctx.profile)?;
        let profiles = ctx.profiles.existing(ctx.profile);
        for name in profiles {
            let path: PathBuf = ctx.profiles.path(&name);
            writeln!(output.out, "  {name:<12} {}", path.display())?;
        }
        Ok(exit::OK)
    })
}
