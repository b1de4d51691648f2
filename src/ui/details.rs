//! The detail pane: everything the member needs to switch the selected setting off.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::{Theme, View};
use crate::app::App;
use crate::catalog::{
    Applicability, ClickPath, Localized, OptOut, Page, PageRole, Sources, THIRD_PARTY_CAUTION,
};
use crate::language::Language;
use crate::standing::{Mark, Standing};

/// What the member should do next with `item`.
fn next_step(app: &App, item: &OptOut) -> &'static str {
    if app.launching.contains(&item.id) {
        return "Opening the page in your browser…";
    }
    match app.standing(item) {
        Standing::Pending => {
            "Press Enter to open the page, switch the toggle off, then press Space here. \
             If LinkedIn does not show you this setting, press n."
        }
        Standing::Opened => {
            "Switch the toggle off in your browser, then come back and press Space."
        }
        Standing::Confirmed if app.record(item).reopened_since_marked() => {
            "You opened it again: press Space to confirm it is still off."
        }
        Standing::Confirmed => {
            "Done. To check it again later, press Enter, then Space. Space now asks to undo."
        }
        Standing::NotOffered if app.record(item).reopened_since_marked() => {
            "You opened it again: if LinkedIn still does not show you this setting, press n; if \
             it does, switch it off and press Space."
        }
        Standing::NotOffered => {
            "Done: LinkedIn does not show you this setting. Press n to undo, Space to confirm."
        }
        Standing::NotApplicable => "Nothing to do: this setting does not exist in your region.",
        Standing::Stale {
            mark: Mark::Confirmed,
            ..
        } => "Press Enter, check the toggle is still off, then press Space to confirm again.",
        Standing::Stale {
            mark: Mark::NotOffered,
            ..
        } => {
            "Press Enter to see whether LinkedIn shows you this setting now: if it does, switch \
             it off and press Space; if it still does not, press n."
        }
    }
}

/// Draws the pane for the selected item, scrolled as far as the member asked and no further,
/// and notes in `view` how far it can scroll.
pub fn render(app: &App, theme: Theme, frame: &mut Frame, area: Rect, view: &mut View) {
    let item = app.selected_item();
    let mut lines = lines(app, item, theme);
    if !theme.unicode {
        lines = lines.into_iter().map(|line| ascii(line, theme)).collect();
    }
    let inner = frame_block(theme).inner(area);
    view.details = Some(area);
    view.limits.detail_page = inner.height.saturating_sub(2).max(1);
    // At the top, a cheap lower bound usually settles "is there more?"; the exact count wraps
    // every line, which costs as much as drawing them. Until the member scrolls, the limit is
    // left open; the first render after a scroll reports the exact one.
    let (scroll, max) = if app.detail_scroll == 0 && surely_overflows(&lines, inner) {
        (0, u16::MAX)
    } else {
        let max = super::overflow(&wrapped(lines.clone()), inner);
        (app.detail_scroll.min(max), max)
    };
    view.limits.detail_max = max;
    let more = match max {
        0 => None,
        max if scroll >= max => Some(" PgUp: back to top "),
        _ => Some(" PgDn: more "),
    };
    let width = usize::from(area.width.saturating_sub(4));
    let title = super::shorten(&theme.text(&item.title), width, theme);
    let mut block = frame_block(theme).title(format!(" {title} "));
    if let Some(more) = more {
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(wrapped(lines).block(block).scroll((scroll, 0)), area);
}

/// A line as a terminal without UTF-8 can show it.
fn ascii(line: Line<'static>, theme: Theme) -> Line<'static> {
    Line::from(
        line.spans
            .into_iter()
            .map(|span| Span::styled(theme.text(&span.content), span.style))
            .collect::<Vec<_>>(),
    )
}

/// Whether `lines` cannot fit `inner` even if every line wrapped as tightly as possible.
fn surely_overflows(lines: &[Line], inner: Rect) -> bool {
    let width = usize::from(inner.width.max(1));
    let height = usize::from(inner.height);
    // Stops at the first line past the bottom: the rest need not be measured.
    let mut at_least = 0;
    lines.iter().any(|line| {
        at_least += line.width().div_ceil(width).max(1);
        at_least > height
    })
}

fn wrapped(lines: Vec<Line<'static>>) -> Paragraph<'static> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// The pane's border and padding.
fn frame_block(theme: Theme) -> Block<'static> {
    super::bordered(theme).padding(Padding::horizontal(1))
}

fn lines(app: &App, item: &OptOut, theme: Theme) -> Vec<Line<'static>> {
    let record = app.record(item);
    let standing = app.standing(item);
    let settled = record.settled().map(|(at, _)| app.date(at));
    let state = match (&standing, settled, record.opened_at) {
        (Standing::NotApplicable, _, _) => "[-] Not in your region".to_owned(),
        (Standing::Confirmed, Some(at), _) => format!("[x] Confirmed {at}"),
        (Standing::NotOffered, Some(at), _) => format!("[-] Not shown to you (noted {at})"),
        (
            Standing::Stale {
                mark: Mark::Confirmed,
                ..
            },
            Some(at),
            _,
        ) => {
            format!("[!] Check again (confirmed {at})")
        }
        (Standing::Stale { .. }, Some(at), _) => {
            format!("[!] Check again (marked not shown {at})")
        }
        (Standing::Confirmed | Standing::NotOffered | Standing::Stale { .. }, None, _) => {
            format!("{} Settled", standing.marker())
        }
        (Standing::Opened, _, Some(at)) => format!("[~] Opened {}", app.date(at)),
        (Standing::Opened, _, None) => "[~] Opened".to_owned(),
        (Standing::Pending, _, _) => "[ ] Not done yet".to_owned(),
    };
    let text = Text { theme };
    // Most actionable first: what to switch off and where, then why, then the background.
    let mut lines = vec![Line::from(Span::styled(state, theme.heading()))];
    if let Standing::Stale { reason, .. } = &standing {
        lines.push(Line::from(Span::styled(
            format!("Why: {reason}"),
            theme.problem(),
        )));
    }
    if let Some(at) = app.dated_in_future(item) {
        lines.push(Line::from(Span::styled(
            format!("A time recorded for it, {at}, is in the future: was the clock wrong?"),
            theme.problem(),
        )));
    }
    lines.extend(region_lines(item, app, text));
    lines.extend([Line::from(next_step(app, item)), Line::default()]);
    lines.extend(switch_off(item, app.language(), text));
    let direct = item.direct_pages().count();
    for page in item.direct_pages() {
        lines.push(Line::default());
        lines.extend(address(page, direct, text));
    }
    // Under the address it is about, where the member decides whether to trust it.
    if item.third_party_only() {
        lines.push(Line::from(Span::styled(
            THIRD_PARTY_CAUTION,
            theme.problem(),
        )));
    }
    let localized = item.localized(app.language());
    let no_path = || {
        let start = item.fallback().and_then(|page| page.name.as_deref());
        text.quiet(&format!(
            "No source gives the way there; start from {} below.",
            start.unwrap_or("the broader page")
        ))
    };
    lines.extend([Line::default(), text.heading("On a computer")]);
    match &item.desktop_path {
        Some(path) => lines.extend(click_path(path, text)),
        None => lines.push(no_path()),
    }
    if let Some((words, path)) = localized.and_then(|w| Some((w, w.path.as_ref()?))) {
        lines.push(Line::from(format!(
            "{} section names: {}",
            app.language().name(),
            path.steps.join(" > ")
        )));
        lines.extend(text.attribution(&path.sources, None, words.weak));
    }
    // A way in the app is only worth a heading where a source gives one.
    if let Some(path) = &item.mobile_path {
        lines.extend([Line::default(), text.heading("In the LinkedIn app")]);
        lines.extend(click_path(path, text));
    }
    // Other names help to recognise the setting on the page, once there.
    if let Some(note) = &item.title_note {
        lines.extend([
            Line::default(),
            text.heading("Also known as"),
            Line::from(note.clone()),
        ]);
    }
    lines.extend([
        Line::default(),
        text.heading("What it stops"),
        Line::from(item.stops.clone()),
    ]);
    if item.regions.is_some() || item.regions_note.is_some() {
        lines.extend([Line::default(), text.heading("Where it applies")]);
        lines.extend(item.regions.clone().map(Line::from));
        lines.extend(item.regions_note.as_deref().map(|note| text.quiet(note)));
        // Several sources back different parts of these sentences: name them all.
        lines.extend(text.every_source(&item.regions_sources));
    }
    if let Some(fallback) = item.fallback() {
        lines.push(Line::default());
        lines.extend(address(fallback, direct, text));
    }
    if !item.related.is_empty() {
        lines.extend([Line::default(), text.heading("Related controls")]);
        for related in &item.related {
            lines.push(Line::from(Span::styled(related.title.clone(), theme.key())));
            lines.push(Line::from(related.note.clone()));
            // One source line: the address's where there is one, else the note's.
            match &related.url {
                Some(address) => {
                    lines.push(text.url(address));
                    lines.extend(text.source(&related.url_sources));
                }
                None => lines.extend(text.source(&related.sources)),
            }
        }
    }
    if !item.help.is_empty() {
        lines.extend([Line::default(), text.heading("LinkedIn Help")]);
    }
    for link in &item.help {
        lines.push(Line::from(link.name()));
        lines.push(text.url(&link.url));
        lines.extend(text.source(&link.sources));
    }
    lines.extend([
        Line::default(),
        text.quiet(&format!("Facts as of {}", item.verified)),
    ]);
    lines
}

/// What the member's region means for this setting, where it matters.
fn region_lines(item: &OptOut, app: &App, text: Text) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match item.applicability(app.progress.region) {
        Applicability::Applies => {}
        Applicability::RegionUnknown => {
            // One line, so the address still shows on the first screen at 80x24.
            return vec![
                text.quiet("Does this setting exist where you are? Press r to set your region."),
            ];
        }
        Applicability::NotInRegion { note, sources } => {
            lines.push(Line::from(
                "This setting does not exist in your region (r changes the region).",
            ));
            lines.push(text.quiet(note));
            lines.extend(text.every_source(sources));
        }
        Applicability::Uncertain { note, sources } => {
            lines.push(Line::from(Span::styled(
                "This setting may or may not exist in your region (r changes the region).",
                text.theme.problem(),
            )));
            lines.push(text.quiet(note));
            lines.extend(text.every_source(sources));
        }
        // One line: the note and its sources are under "Where it applies".
        Applicability::OffUnlessAgreed { .. } => {
            lines.push(Line::from(
                "Off in your region unless you agreed to it: check it once (r: region).",
            ));
        }
    }
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    lines
}

/// The toggle to switch off and the setting it belongs to, in the member's language first.
fn switch_off(item: &OptOut, language: Language, text: Text) -> Vec<Line<'static>> {
    let localized = item.localized(language);
    let local_title = localized.map(|words| words.title.as_str());
    // The setting's title after `lead`, and who reports it.
    let setting = |lead: &str| {
        let mut lines = vec![Line::from(format!(
            "{lead} {}",
            beside(local_title, &item.title)
        ))];
        lines.extend(words_sources(
            localized,
            local_title.is_some(),
            &item.title_sources,
            None,
            language,
            text,
        ));
        lines
    };
    let mut lines = vec![text.heading("Switch off")];
    match &item.toggle {
        // No source names the toggle: point at the setting instead of presenting a label.
        None => {
            lines.extend(setting("the toggle of the setting"));
            lines.push(text.quiet("No source quotes the toggle's own label."));
        }
        Some(toggle) => {
            let local_label = localized.and_then(|words| words.toggle_label.as_deref());
            lines.push(Line::from(beside(local_label, &toggle.label)));
            let presentation = toggle.presentation.as_deref();
            if localized.is_some() {
                lines.extend(words_sources(
                    localized,
                    local_label.is_some(),
                    &toggle.sources,
                    presentation,
                    language,
                    text,
                ));
            } else {
                // No words in the member's language at all: the setting's lines below say so
                // once, for both.
                lines.extend(text.attribution(&toggle.sources, presentation, false));
            }
            lines.extend(setting("in the setting"));
        }
    }
    lines
}

/// `"local" (English: "english")`, or just `"english"`.
fn beside(local: Option<&str>, english: &str) -> String {
    match local {
        Some(local) => format!("\"{local}\" (English: \"{english}\")"),
        None => format!("\"{english}\""),
    }
}

/// Who reports the words just shown: the member's language first, then the English; or a note
/// that no source gives them in the member's language.
fn words_sources(
    localized: Option<&Localized>,
    shown_locally: bool,
    english: &Sources,
    presentation: Option<&str>,
    language: Language,
    text: Text,
) -> Vec<Line<'static>> {
    if language == Language::English {
        return text
            .attribution(english, presentation, false)
            .into_iter()
            .collect();
    }
    let name = language.name();
    let mut lines = Vec::new();
    match localized.filter(|_| shown_locally) {
        Some(words) => {
            lines.extend(text.labelled_attribution(name, &words.sources, None, words.weak));
            lines.extend(text.labelled_attribution("English", english, presentation, false));
        }
        None => {
            lines.extend(text.attribution(english, presentation, false));
            lines.push(text.quiet(&format!(
                "No source gives the {name} words, so these are the English ones."
            )));
        }
    }
    lines
}

/// An address with its heading, its strongest current source and what to know about it.
fn address(page: &Page, direct_pages: usize, text: Text) -> Vec<Line<'static>> {
    let heading = match page.role {
        PageRole::Direct => "Settings page (Enter opens it, c copies it, p for your phone)".into(),
        PageRole::SecondDirect => {
            "Second address, if the first does not show the setting (f lists it)".into()
        }
        PageRole::Fallback => format!(
            "If {} the setting (f lists this one too): {}",
            if direct_pages > 1 {
                "neither page shows"
            } else {
                "that page does not show"
            },
            page.name.as_deref().unwrap_or("a broader page")
        ),
    };
    let mut lines = vec![text.heading(&heading), text.url(&page.url)];
    lines.extend(text.source(&page.sources));
    if let Some(note) = &page.note {
        lines.push(text.quiet(note));
    }
    lines
}

/// The steps, who reports them, and any note. Steps put together from LinkedIn's words and
/// others' (LinkedIn's section names, a guide's way to the switch) name every source, so none
/// reads as LinkedIn's own words.
fn click_path(path: &ClickPath, text: Text) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(path.steps.join(" > "))];
    let linkedin = path.sources.iter().filter(|s| s.kind.is_linkedin()).count();
    if linkedin > 0 && linkedin < path.sources.len() {
        lines.extend(text.every_source(&path.sources));
    } else {
        lines.extend(text.attribution(&path.sources, None, false));
    }
    if let Some(note) = &path.note {
        lines.push(text.quiet(note));
    }
    lines
}

/// Line makers that share the theme.
#[derive(Clone, Copy)]
struct Text {
    theme: Theme,
}

impl Text {
    fn heading(self, text: &str) -> Line<'static> {
        Line::from(Span::styled(text.to_owned(), self.theme.heading()))
    }

    fn url(self, text: &str) -> Line<'static> {
        Line::from(Span::styled(text.to_owned(), self.theme.url()))
    }

    fn quiet(self, text: &str) -> Line<'static> {
        Line::from(Span::styled(text.to_owned(), self.theme.quiet()))
    }

    /// "sources: <each>; <each>", strongest first, under a fact whose parts have different
    /// sources.
    fn every_source(self, sources: &Sources) -> Option<Line<'static>> {
        let mut all: Vec<&crate::catalog::Source> = sources.iter().collect();
        if all.len() < 2 {
            return self.source(sources);
        }
        all.sort_by_key(|source| (source.kind, source.read));
        let listed: Vec<String> = all.iter().map(ToString::to_string).collect();
        Some(self.quiet(&format!("sources: {}", listed.join("; "))))
    }

    /// "source: <the strongest current source>", under an address or a fact.
    fn source(self, sources: &Sources) -> Option<Line<'static>> {
        let source = sources.strongest()?;
        Some(self.quiet(&format!("source: {source}")))
    }

    /// Who the words come from: LinkedIn's own words name their source; anything else is only
    /// "as reported by" it (or as the catalog says to present it), never LinkedIn's.
    fn attribution(
        self,
        sources: &Sources,
        presentation: Option<&str>,
        weak: bool,
    ) -> Option<Line<'static>> {
        self.labelled_attribution("", sources, presentation, weak)
    }

    /// `attribution`, after "German: " or "English: " unless `label` is empty.
    fn labelled_attribution(
        self,
        label: &str,
        sources: &Sources,
        presentation: Option<&str>,
        weak: bool,
    ) -> Option<Line<'static>> {
        let source = sources.strongest()?;
        let mut line = if !label.is_empty() {
            format!("{label}: ")
        } else {
            String::new()
        };
        match presentation {
            _ if source.kind.is_linkedin() => {
                line.push_str(&format!("LinkedIn's own words ({source})"));
            }
            Some(presentation) => line.push_str(&format!("{presentation} ({source})")),
            None => line.push_str(&format!("as reported ({source})")),
        }
        if weak {
            line.push_str(" (weak source)");
        }
        Some(self.quiet(&line))
    }
}
