//! The opt-outs: their facts come from `assets/optouts.toml`, never from code. Every fact carries
//! the sources that back it (LinkedIn's legal pages, LinkedIn Help, third-party tools, press), so
//! the app can tell the member who says so and when.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::language::Language;

/// The catalog compiled into the binary.
pub const SHIPPED: &str = include_str!("../assets/optouts.toml");

/// The same catalog as JSON, made by `build.rs`: what the app parses at start.
const SHIPPED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/optouts.json"));

/// The shipped opt-outs' ids and titles, in order, made by `build.rs`: what the command line
/// offers and accepts, known without parsing the catalog.
pub const SHIPPED_IDS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/optout_ids.rs"));

/// Said wherever an address is shown whose only backing is a third-party tool
/// ([`OptOut::third_party_only`]): the details, the plain checklist, the receipts.
pub const THIRD_PARTY_CAUTION: &str =
    "Caution: only a third-party tool backs this address, not LinkedIn.";

/// The only host the app will ever hand to a browser, and only over https.
const LINKEDIN_HOST: &str = "www.linkedin.com";

/// Every opt-out the app walks a member through, in the order shown.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Why the checklist exists, in a few sentences.
    pub intro: String,
    #[serde(rename = "optout")]
    pub items: Vec<OptOut>,
}

/// One LinkedIn setting to switch off. Serializable whole, so receipts can carry every fact with
/// its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    /// Stable identifier, used as the key in saved progress.
    pub id: String,
    /// The two opt-outs, or the optional group of more privacy switches.
    pub group: Group,
    /// The setting's title as LinkedIn shows it in English.
    pub title: String,
    /// Who reports `title` in these words.
    pub title_sources: Sources,
    /// Other names the setting goes by, so the member recognises it.
    #[serde(default)]
    pub title_note: Option<String>,
    /// What switching it off stops, in our own words.
    pub stops: String,
    /// The toggle's own label, where a source gives one; without it the member switches off the
    /// toggle of the setting called `title`.
    #[serde(default)]
    pub toggle: Option<Toggle>,
    /// The addresses to try, in order: the direct page, perhaps a second one, then a fallback.
    pub pages: Vec<Page>,
    /// Clicks on the website, in order, where sources give them (always for an opt-out).
    #[serde(default)]
    pub desktop_path: Option<ClickPath>,
    /// Taps in the LinkedIn phone app, in order, where sources give them (always for an
    /// opt-out).
    #[serde(default)]
    pub mobile_path: Option<ClickPath>,
    /// Where the change this setting controls applies, in words, where sources say (always for
    /// an opt-out).
    #[serde(default)]
    pub regions: Option<String>,
    /// More about the regions, in words.
    #[serde(default)]
    pub regions_note: Option<String>,
    /// Who backs `regions` and `regions_note`.
    #[serde(default)]
    pub regions_sources: Sources,
    /// Regions where the setting does not exist, or where sources disagree; everywhere else it
    /// applies.
    #[serde(default)]
    pub region_rules: Vec<RegionRule>,
    /// LinkedIn's words for the setting in other languages, as far as sources report them.
    #[serde(default)]
    pub localized: Vec<Localized>,
    /// LinkedIn Help articles about the setting (at least one for an opt-out).
    #[serde(default)]
    pub help: Vec<HelpLink>,
    /// Bumped whenever a fact changes what the member sees or does.
    pub revision: u32,
    /// When the facts were last checked against LinkedIn's own pages.
    pub verified: Date,
    /// What changed at each revision, oldest first.
    pub changes: Vec<FactChange>,
    /// Other settings worth knowing about, shown with this one.
    #[serde(default)]
    pub related: Vec<Related>,
}

/// Which part of the checklist an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Group {
    /// The two opt-outs of 3 November 2025, the checklist's reason to exist: what `check` is
    /// about and what the title counts.
    #[serde(rename = "opt-outs")]
    OptOuts,
    /// LinkedIn's other ad and research switches, below the opt-outs; the member may fold them
    /// away.
    #[serde(rename = "more")]
    More,
}

impl Group {
    /// Both groups, in the order shown.
    pub const ALL: [Self; 2] = [Self::OptOuts, Self::More];

    /// The id `status --json` and the receipts use.
    pub const fn id(self) -> &'static str {
        match self {
            Self::OptOuts => "opt-outs",
            Self::More => "more",
        }
    }

    /// The group's heading for the member.
    pub const fn heading(self) -> &'static str {
        match self {
            Self::OptOuts => "Opt-outs",
            Self::More => "More privacy switches",
        }
    }
}

/// What kind of source backs a fact. Ordered strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// LinkedIn's Privacy Policy and its US State, California and European notices, as recorded
    /// by the Open Terms Archive.
    LinkedinLegalPage,
    /// A LinkedIn Help article.
    LinkedinHelp,
    /// A tool or maintained guide that uses the page (Brave's PSST, StellarSand's guide).
    ThirdPartyTool,
    /// A newspaper or magazine.
    Press,
}

impl SourceKind {
    /// The kind's name for the member.
    pub const fn name(self) -> &'static str {
        match self {
            Self::LinkedinLegalPage => "LinkedIn legal page",
            Self::LinkedinHelp => "LinkedIn Help",
            Self::ThirdPartyTool => "third-party tool",
            Self::Press => "press",
        }
    }

    /// Whether the words come from LinkedIn itself; anything else is only "as reported".
    pub const fn is_linkedin(self) -> bool {
        matches!(self, Self::LinkedinLegalPage | Self::LinkedinHelp)
    }
}

/// One document that backs a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub kind: SourceKind,
    /// Which document: "California notice", a Help article's id, a newspaper's name.
    pub document: String,
    /// The source's own date (a record, a revision, an article), or the day it was read.
    pub date: Date,
    /// `date` is the day the source was read, not the source's own.
    #[serde(default)]
    pub read: bool,
    /// The source stopped backing the fact then (say, a notice stopped linking an address).
    #[serde(default)]
    pub until: Option<Date>,
}

/// A source as the TOML writes it: a table of named fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFields {
    kind: SourceKind,
    document: String,
    date: Date,
    #[serde(default)]
    read: bool,
    #[serde(default)]
    until: Option<Date>,
}

/// Reads a source written as a table (the TOML) or as one string, `kind|document|date` then
/// `|read` and `|until=DATE` where set (the JSON `build.rs` makes, which parses faster).
impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Source;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source: a table with kind, document and date, or one string")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Source, A::Error> {
                let fields =
                    SourceFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Source {
                    kind: fields.kind,
                    document: fields.document,
                    date: fields.date,
                    read: fields.read,
                    until: fields.until,
                })
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Source, E> {
                let bad = || E::custom(format_args!("not a source: {text:?}"));
                let mut parts = text.split('|');
                let mut next = || parts.next().ok_or_else(bad);
                let kind =
                    SourceKind::deserialize(serde::de::value::StrDeserializer::<E>::new(next()?))?;
                let document = next()?.to_owned();
                let date: Date = next()?.parse().map_err(|_| bad())?;
                let (mut read, mut until) = (false, None);
                for flag in parts {
                    match flag.strip_prefix("until=") {
                        Some(day) => until = Some(day.parse().map_err(|_| bad())?),
                        None if flag == "read" => read = true,
                        None => return Err(bad()),
                    }
                }
                Ok(Source {
                    kind,
                    document,
                    date,
                    read,
                    until,
                })
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Source {
    /// Whether the source still backs the fact.
    pub fn is_current(&self) -> bool {
        self.until.is_none()
    }

    /// Strongest first: the kind, then a source's own date before a reading date (it says more
    /// about the fact's age), then the newest.
    fn strength(&self) -> (SourceKind, bool, std::cmp::Reverse<Date>) {
        (self.kind, self.read, std::cmp::Reverse(self.date))
    }
}

/// One line: "LinkedIn legal page: California notice, 2026-02-23", "LinkedIn Help a6278444, read
/// 2026-11-30", "… until 2026-02-20".
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Help articles are named by their id, which reads as part of the name.
        let separator = if self.kind == SourceKind::LinkedinHelp {
            " "
        } else {
            ": "
        };
        write!(f, "{}{separator}{}, ", self.kind.name(), self.document)?;
        if self.read {
            write!(f, "read ")?;
        }
        write!(f, "{}", self.date)?;
        if let Some(until) = self.until {
            write!(f, " until {until}")?;
        }
        Ok(())
    }
}

/// The sources behind one fact.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sources(pub Vec<Source>);

impl Deref for Sources {
    type Target = [Source];

    fn deref(&self) -> &[Source] {
        &self.0
    }
}

impl Sources {
    /// The strongest source that still backs the fact: strongest kind, then newest date.
    pub fn strongest_current(&self) -> Option<&Source> {
        self.iter()
            .filter(|source| source.is_current())
            .min_by_key(|source| source.strength())
    }

    /// The strongest current source, or when none is current the strongest past one.
    pub fn strongest(&self) -> Option<&Source> {
        self.strongest_current()
            .or_else(|| self.iter().min_by_key(|source| source.strength()))
    }
}

/// The toggle to switch off, where a source names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    pub label: String,
    pub sources: Sources,
    /// How to present the label when LinkedIn itself does not quote it: "as shown in public
    /// guides".
    #[serde(default)]
    pub presentation: Option<String>,
}

/// What an address is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageRole {
    /// The setting's own page.
    Direct,
    /// Another address for the setting's own page, to try after the first.
    SecondDirect,
    /// A broader settings page to start from when no direct page shows the setting.
    Fallback,
}

/// One address for an item, with the sources that back it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub role: PageRole,
    pub url: String,
    /// What LinkedIn calls the page, where it gives a name (the fallback pages).
    #[serde(default)]
    pub name: Option<String>,
    pub sources: Sources,
    /// Something the member should know about this address before trusting it.
    #[serde(default)]
    pub note: Option<String>,
}

/// One address an item carries, with every source that backs it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Address<'a> {
    pub role: AddressRole,
    pub url: &'a str,
    /// What LinkedIn (or the catalog) calls the page.
    pub name: Option<&'a str>,
    pub sources: &'a Sources,
}

/// What an address is, among an item's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddressRole {
    Direct,
    SecondDirect,
    Fallback,
    Related,
    Help,
}

impl AddressRole {
    /// The word receipts and `status --json` use.
    pub const fn id(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::SecondDirect => "second-direct",
            Self::Fallback => "fallback",
            Self::Related => "related",
            Self::Help => "help",
        }
    }
}

/// A way through LinkedIn's menus, one step per entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClickPath {
    pub steps: Vec<String>,
    pub sources: Sources,
    #[serde(default)]
    pub note: Option<String>,
}

/// What sources say about a setting in some regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRule {
    pub regions: Vec<Region>,
    pub rule: RuleKind,
    /// What the member should know, in words.
    pub note: String,
    pub sources: Sources,
}

/// Whether a region lacks the setting, or sources disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Sources say the setting does not exist there.
    NotInRegion,
    /// Sources disagree on whether it exists there.
    Uncertain,
    /// The setting exists there but is off unless the member agreed to it (consent): worth one
    /// look, not a re-check reminder.
    OffUnlessAgreed,
}

/// Whether an item concerns a member in a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability<'a> {
    Applies,
    /// The setting does not exist there, as `sources` say.
    NotInRegion {
        note: &'a str,
        sources: &'a Sources,
    },
    /// Sources disagree; the member may or may not see the setting.
    Uncertain {
        note: &'a str,
        sources: &'a Sources,
    },
    /// The setting exists but is off there unless the member agreed: they check it once.
    OffUnlessAgreed {
        note: &'a str,
        sources: &'a Sources,
    },
    /// It depends on the region, and the member has not said where they are.
    RegionUnknown,
}

/// LinkedIn's words for a setting in one language, as reported by the sources (not LinkedIn).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// The language's code (`de`, `pt-BR`): see [`Language::from_code`].
    pub language: String,
    pub title: String,
    #[serde(default)]
    pub toggle_label: Option<String>,
    pub sources: Sources,
    /// The sources are thin (one undated or second-hand report): say so.
    #[serde(default)]
    pub weak: bool,
    /// Section names on the way to the setting, with their own sources.
    #[serde(default)]
    pub path: Option<ClickPath>,
}

impl Localized {
    /// The language these words are in (always known in a validated catalog).
    pub fn language(&self) -> Option<Language> {
        Language::from_code(&self.language)
    }
}

/// What changed in an item's facts at one revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactChange {
    pub revision: u32,
    pub date: Date,
    /// What changed for the member, in plain words.
    pub note: String,
}

/// A related control: not a checklist item, but worth knowing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub title: String,
    pub note: String,
    /// Who backs the title and the note.
    pub sources: Sources,
    #[serde(default)]
    pub url: Option<String>,
    /// Who backs `url`.
    #[serde(default)]
    pub url_sources: Sources,
}

/// A LinkedIn Help article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpLink {
    /// The article's title as LinkedIn gives it, where the facts record it; without it the
    /// article is named by its id.
    #[serde(default)]
    pub title: Option<String>,
    pub url: String,
    pub sources: Sources,
}

impl HelpLink {
    /// The article's title, or "LinkedIn Help article <id>" where the facts record none.
    pub fn name(&self) -> String {
        match &self.title {
            Some(title) => title.clone(),
            None => {
                let id = self.url.rsplit('/').next().unwrap_or_default();
                format!("LinkedIn Help article {id}")
            }
        }
    }
}

/// Where a member is, as far as LinkedIn's settings differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    EuEea,
    Uk,
    Switzerland,
    Canada,
    HongKong,
    UnitedStates,
    Other,
}

impl Region {
    /// Every region, in the order offered to the member.
    pub const ALL: [Self; 7] = [
        Self::EuEea,
        Self::Uk,
        Self::Switzerland,
        Self::Canada,
        Self::HongKong,
        Self::UnitedStates,
        Self::Other,
    ];

    /// The region's name for the member.
    pub const fn name(self) -> &'static str {
        match self {
            Self::EuEea => "EU/EEA",
            Self::Uk => "UK",
            Self::Switzerland => "Switzerland",
            Self::Canada => "Canada",
            Self::HongKong => "Hong Kong",
            Self::UnitedStates => "United States",
            Self::Other => "Other",
        }
    }

    /// The id used on the command line and in the saved file.
    pub fn id(self) -> &'static str {
        match self {
            Self::EuEea => "eu-eea",
            Self::Uk => "uk",
            Self::Switzerland => "switzerland",
            Self::Canada => "canada",
            Self::HongKong => "hong-kong",
            Self::UnitedStates => "united-states",
            Self::Other => "other",
        }
    }

    /// The region with this id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|region| region.id() == id)
    }
}

/// Why a catalog was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogError {
    /// Not valid TOML, or not the expected shape.
    Syntax(String),
    /// The catalog lists nothing.
    Empty,
    /// Two items share an id.
    DuplicateId(String),
    /// A required text is blank.
    EmptyField { item: String, field: &'static str },
    /// A URL that is not `https` on `www.linkedin.com`.
    ForeignUrl { item: String, url: String },
    /// The `changes` list does not end with a note for the current revision.
    Revision { item: String, revision: u32 },
    /// An address that names no source.
    UnsourcedUrl { item: String, url: String },
    /// Localized words that name no source.
    UnsourcedLabel { item: String, language: String },
    /// Another fact (a title, a label, a path, a region rule) that names no source.
    Unsourced { item: String, fact: &'static str },
    /// A language code the app does not know, or English (the catalog's own language).
    UnknownLanguage { item: String, code: String },
    /// The addresses are not a direct page, perhaps a second one, then a named fallback.
    Pages { item: String, reason: &'static str },
    /// A region named by two rules of one item.
    RegionTwice { item: String, region: Region },
    /// A source that stopped before it started.
    SourceDates { item: String, document: String },
    /// The items do not start with the opt-outs, or a group is split.
    Groups,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(reason) => write!(f, "the opt-out catalog cannot be read: {reason}"),
            Self::Empty => write!(f, "the opt-out catalog lists no opt-outs"),
            Self::DuplicateId(id) => write!(f, "the opt-out catalog lists the id {id:?} twice"),
            Self::EmptyField { item, field } => {
                write!(f, "opt-out {item:?} in the catalog has an empty {field}")
            }
            Self::Revision { item, revision } => write!(
                f,
                "opt-out {item:?} in the catalog is at revision {revision}, but its last \
                 `changes` entry is not"
            ),
            Self::ForeignUrl { item, url } => write!(
                f,
                "opt-out {item:?} in the catalog has the URL {url:?}, \
                 but only https://www.linkedin.com/ addresses are allowed"
            ),
            Self::UnsourcedUrl { item, url } => write!(
                f,
                "opt-out {item:?} in the catalog has the URL {url:?} without a source"
            ),
            Self::UnsourcedLabel { item, language } => write!(
                f,
                "opt-out {item:?} in the catalog has {language:?} words without a source"
            ),
            Self::Unsourced { item, fact } => write!(
                f,
                "opt-out {item:?} in the catalog has a {fact} without a source"
            ),
            Self::UnknownLanguage { item, code } => {
                let known: Vec<&str> = Language::ALL
                    .iter()
                    .filter(|language| **language != Language::English)
                    .map(|language| language.code())
                    .collect();
                write!(
                    f,
                    "opt-out {item:?} in the catalog has words in the language {code:?}; \
                     known: {}",
                    known.join(", ")
                )
            }
            Self::Pages { item, reason } => {
                write!(f, "opt-out {item:?} in the catalog: {reason}")
            }
            Self::RegionTwice { item, region } => write!(
                f,
                "opt-out {item:?} in the catalog names the region {:?} in two rules",
                region.id()
            ),
            Self::Groups => write!(
                f,
                "the opt-out catalog must list the opt-outs first, then the more privacy \
                 switches, each group in one piece"
            ),
            Self::SourceDates { item, document } => write!(
                f,
                "opt-out {item:?} in the catalog has the source {document:?} ending before it \
                 starts"
            ),
        }
    }
}

impl std::error::Error for CatalogError {}

impl Catalog {
    /// The catalog compiled into this binary, validated.
    pub fn shipped() -> Result<Self, CatalogError> {
        let catalog: Self =
            serde_json::from_str(SHIPPED_JSON).map_err(|e| CatalogError::Syntax(e.to_string()))?;
        catalog.validate()?;
        Ok(catalog)
    }

    /// Parses and validates a catalog; nothing invalid gets past this.
    pub fn parse(text: &str) -> Result<Self, CatalogError> {
        let catalog: Self =
            toml::from_str(text).map_err(|e| CatalogError::Syntax(e.message().to_owned()))?;
        catalog.validate()?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<(), CatalogError> {
        if self.items.is_empty() {
            return Err(CatalogError::Empty);
        }
        if self.intro.trim().is_empty() {
            return Err(CatalogError::EmptyField {
                item: "(catalog)".into(),
                field: "intro",
            });
        }
        let mut seen = HashSet::new();
        for item in &self.items {
            if !seen.insert(item.id.as_str()) {
                return Err(CatalogError::DuplicateId(item.id.clone()));
            }
            item.validate()?;
        }
        // The opt-outs come first and each group is in one piece: folding the second group
        // leaves the first whole.
        if self.items.first().map(|item| item.group) != Some(Group::OptOuts)
            || self
                .items
                .windows(2)
                .any(|pair| pair[0].group > pair[1].group)
        {
            return Err(CatalogError::Groups);
        }
        Ok(())
    }

    /// The items of `group`, in the order shown.
    pub fn group(&self, group: Group) -> impl Iterator<Item = &OptOut> {
        self.items.iter().filter(move |item| item.group == group)
    }

    /// How many items `group` has.
    pub fn group_len(&self, group: Group) -> usize {
        self.group(group).count()
    }

    /// The item with this id.
    pub fn get(&self, id: &str) -> Option<&OptOut> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Whether `url` is one of this catalog's addresses, the only ones the app may open.
    pub fn contains_url(&self, url: &str) -> bool {
        self.items.iter().any(|item| item.urls().any(|u| u == url))
    }

    /// The day the shipped facts were last checked: the newest `verified` of any item. The app
    /// says "facts as of" this date.
    pub fn facts_date(&self) -> Date {
        self.items
            .iter()
            .map(|item| item.verified)
            .max()
            .unwrap_or(Date::MIN)
    }

    /// Whether the facts are more than a year old on `today`, so the member should update the
    /// app (it never looks anything up itself).
    pub fn facts_outdated(&self, today: Date) -> bool {
        today > self.facts_date().saturating_add(1.year())
    }
}

impl OptOut {
    /// The first direct address: the page Enter opens.
    pub fn url(&self) -> &str {
        self.pages_with(PageRole::Direct)
            .next()
            .map_or("", |page| page.url.as_str())
    }

    /// The direct addresses, the first one first.
    pub fn direct_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages
            .iter()
            .filter(|page| page.role != PageRole::Fallback)
    }

    /// The strongest kind of source still backing the address Enter opens: a
    /// [`SourceKind::ThirdPartyTool`] means no LinkedIn page links it (always known in a
    /// validated catalog, which has no unsourced address).
    pub fn address_backing(&self) -> Option<SourceKind> {
        let direct = self.pages_with(PageRole::Direct).next()?;
        direct.sources.strongest_current().map(|source| source.kind)
    }

    /// Whether only a third-party tool (or weaker) backs every direct address: no LinkedIn page
    /// links any of them, so the member should take them with that caution.
    pub fn third_party_only(&self) -> bool {
        !self.direct_pages().any(|page| {
            page.sources
                .iter()
                .any(|source| source.is_current() && source.kind.is_linkedin())
        })
    }

    /// The broader page to start from when no direct page shows the setting (always present in
    /// a validated catalog).
    pub fn fallback(&self) -> Option<&Page> {
        self.pages_with(PageRole::Fallback).next()
    }

    fn pages_with(&self, role: PageRole) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(move |page| page.role == role)
    }

    /// The toggle's own label, where a source names it.
    pub fn toggle_label(&self) -> Option<&str> {
        self.toggle.as_ref().map(|toggle| toggle.label.as_str())
    }

    /// LinkedIn's words for the setting in `language`, where sources report them.
    pub fn localized(&self, language: Language) -> Option<&Localized> {
        self.localized
            .iter()
            .find(|words| words.language() == Some(language))
    }

    /// Whether the setting concerns a member in `region` (`None`: not said). Where the
    /// region only decides whether the setting starts off, not whether it exists, an unknown
    /// region changes nothing.
    pub fn applicability(&self, region: Option<Region>) -> Applicability<'_> {
        let exists_everywhere = self
            .region_rules
            .iter()
            .all(|rule| rule.rule == RuleKind::OffUnlessAgreed);
        let Some(region) = region else {
            return if exists_everywhere {
                Applicability::Applies
            } else {
                Applicability::RegionUnknown
            };
        };
        let rule = self
            .region_rules
            .iter()
            .find(|rule| rule.regions.contains(&region));
        match rule {
            None => Applicability::Applies,
            Some(rule) => match rule.rule {
                RuleKind::NotInRegion => Applicability::NotInRegion {
                    note: &rule.note,
                    sources: &rule.sources,
                },
                RuleKind::Uncertain => Applicability::Uncertain {
                    note: &rule.note,
                    sources: &rule.sources,
                },
                RuleKind::OffUnlessAgreed => Applicability::OffUnlessAgreed {
                    note: &rule.note,
                    sources: &rule.sources,
                },
            },
        }
    }

    /// Every address this item carries, each with its sources, in the order the details and the
    /// address list (`f`) show them: its pages, related controls, then Help articles.
    pub fn addresses(&self) -> Vec<Address<'_>> {
        let pages = self.pages.iter().map(|page| Address {
            role: match page.role {
                PageRole::Direct => AddressRole::Direct,
                PageRole::SecondDirect => AddressRole::SecondDirect,
                PageRole::Fallback => AddressRole::Fallback,
            },
            url: &page.url,
            name: page.name.as_deref(),
            sources: &page.sources,
        });
        let related = self.related.iter().filter_map(|related| {
            Some(Address {
                role: AddressRole::Related,
                url: related.url.as_deref()?,
                name: Some(&related.title),
                sources: &related.url_sources,
            })
        });
        let help = self.help.iter().map(|link| Address {
            role: AddressRole::Help,
            url: &link.url,
            name: link.title.as_deref(),
            sources: &link.sources,
        });
        pages.chain(related).chain(help).collect()
    }

    /// Every address this item carries: its pages, Help articles and related controls.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.pages
            .iter()
            .map(|page| page.url.as_str())
            .chain(self.help.iter().map(|link| link.url.as_str()))
            .chain(self.related.iter().filter_map(|r| r.url.as_deref()))
    }

    /// Every address with the sources that back it.
    fn sourced_urls(&self) -> impl Iterator<Item = (&str, &Sources)> {
        self.pages
            .iter()
            .map(|page| (page.url.as_str(), &page.sources))
            .chain(
                self.help
                    .iter()
                    .map(|link| (link.url.as_str(), &link.sources)),
            )
            .chain(
                self.related
                    .iter()
                    .filter_map(|r| Some((r.url.as_deref()?, &r.url_sources))),
            )
    }

    /// Every source the item names, for checks that apply to all of them.
    fn all_sources(&self) -> impl Iterator<Item = &Source> {
        let toggle = self.toggle.iter().flat_map(|t| t.sources.iter());
        let localized = self.localized.iter().flat_map(|words| {
            words
                .sources
                .iter()
                .chain(words.path.iter().flat_map(|p| p.sources.iter()))
        });
        self.title_sources
            .iter()
            .chain(toggle)
            .chain(self.pages.iter().flat_map(|p| p.sources.iter()))
            .chain(self.desktop_path.iter().flat_map(|p| p.sources.iter()))
            .chain(self.mobile_path.iter().flat_map(|p| p.sources.iter()))
            .chain(self.regions_sources.iter())
            .chain(self.region_rules.iter().flat_map(|r| r.sources.iter()))
            .chain(localized)
            .chain(self.help.iter().flat_map(|h| h.sources.iter()))
            .chain(
                self.related
                    .iter()
                    .flat_map(|r| r.sources.iter().chain(r.url_sources.iter())),
            )
    }

    fn validate(&self) -> Result<(), CatalogError> {
        let empty = |field| CatalogError::EmptyField {
            item: self.id.clone(),
            field,
        };
        let unsourced = |fact| CatalogError::Unsourced {
            item: self.id.clone(),
            fact,
        };
        let blank = |text: &str| text.trim().is_empty();
        let blank_note = |note: &Option<String>| note.as_deref().is_some_and(blank);
        let texts = [
            ("id", &self.id),
            ("title", &self.title),
            ("stops", &self.stops),
        ];
        for (field, text) in texts {
            if blank(text) {
                return Err(empty(field));
            }
        }
        // An opt-out is the checklist's reason to exist: it carries every fact the member needs.
        if self.group == Group::OptOuts {
            let missing = [
                ("desktop_path", self.desktop_path.is_none()),
                ("mobile_path", self.mobile_path.is_none()),
                ("regions", self.regions.is_none()),
                ("regions_note", self.regions_note.is_none()),
                ("help", self.help.is_empty()),
            ];
            if let Some((field, _)) = missing.into_iter().find(|(_, missing)| *missing) {
                return Err(empty(field));
            }
        }
        if blank_note(&self.regions) {
            return Err(empty("regions"));
        }
        if blank_note(&self.regions_note) {
            return Err(empty("regions_note"));
        }
        if self.title_sources.is_empty() {
            return Err(unsourced("title"));
        }
        if blank_note(&self.title_note) {
            return Err(empty("title_note"));
        }
        if let Some(toggle) = &self.toggle {
            if blank(&toggle.label) {
                return Err(empty("toggle label"));
            }
            if blank_note(&toggle.presentation) {
                return Err(empty("toggle presentation"));
            }
            if toggle.sources.is_empty() {
                return Err(unsourced("toggle label"));
            }
        }
        self.validate_pages()?;
        let paths = [
            ("desktop_path", &self.desktop_path),
            ("mobile_path", &self.mobile_path),
        ];
        for (field, path) in paths
            .into_iter()
            .filter_map(|(field, path)| Some((field, path.as_ref()?)))
        {
            if path.steps.is_empty() || path.steps.iter().any(|step| blank(step)) {
                return Err(empty(field));
            }
            if blank_note(&path.note) {
                return Err(empty(field));
            }
            if path.sources.is_empty() {
                return Err(unsourced(field));
            }
        }
        let says_regions = self.regions.is_some() || self.regions_note.is_some();
        if says_regions && self.regions_sources.is_empty() {
            return Err(unsourced("regions text"));
        }
        let mut ruled = HashSet::new();
        for rule in &self.region_rules {
            if rule.regions.is_empty() || blank(&rule.note) {
                return Err(empty("region rule"));
            }
            if rule.sources.is_empty() {
                return Err(unsourced("region rule"));
            }
            if let Some(region) = rule.regions.iter().find(|r| !ruled.insert(**r)) {
                return Err(CatalogError::RegionTwice {
                    item: self.id.clone(),
                    region: *region,
                });
            }
        }
        self.validate_localized()?;
        if self.help.iter().any(|link| blank_note(&link.title)) {
            return Err(empty("help title"));
        }
        if self.changes.iter().any(|c| blank(&c.note)) {
            return Err(empty("changes note"));
        }
        if self.changes.last().map(|c| c.revision) != Some(self.revision) {
            return Err(CatalogError::Revision {
                item: self.id.clone(),
                revision: self.revision,
            });
        }
        for related in &self.related {
            if blank(&related.title) || blank(&related.note) {
                return Err(empty("related"));
            }
            if related.sources.is_empty() {
                return Err(unsourced("related control"));
            }
        }
        for source in self.all_sources() {
            if blank(&source.document) {
                return Err(empty("source document"));
            }
            if source.until.is_some_and(|until| until < source.date) {
                return Err(CatalogError::SourceDates {
                    item: self.id.clone(),
                    document: source.document.clone(),
                });
            }
        }
        for url in self.urls() {
            if !is_linkedin_url(url) {
                return Err(CatalogError::ForeignUrl {
                    item: self.id.clone(),
                    url: url.to_owned(),
                });
            }
        }
        if let Some((url, _)) = self.sourced_urls().find(|(_, sources)| sources.is_empty()) {
            return Err(CatalogError::UnsourcedUrl {
                item: self.id.clone(),
                url: url.to_owned(),
            });
        }
        Ok(())
    }

    /// A direct page first, at most one second direct page, then exactly one named fallback.
    fn validate_pages(&self) -> Result<(), CatalogError> {
        let refuse = |reason| CatalogError::Pages {
            item: self.id.clone(),
            reason,
        };
        if self.pages.first().map(|page| page.role) != Some(PageRole::Direct) {
            return Err(refuse("the first address must be a direct page"));
        }
        if self.pages.last().map(|page| page.role) != Some(PageRole::Fallback) {
            return Err(refuse("the last address must be a fallback page"));
        }
        if self
            .pages
            .windows(2)
            .any(|pair| pair[0].role >= pair[1].role)
        {
            return Err(refuse(
                "the addresses must be one direct page, at most one second direct page, \
                 then one fallback page",
            ));
        }
        for page in &self.pages {
            if page
                .name
                .as_deref()
                .is_some_and(|name| name.trim().is_empty())
                || page
                    .note
                    .as_deref()
                    .is_some_and(|note| note.trim().is_empty())
            {
                return Err(CatalogError::EmptyField {
                    item: self.id.clone(),
                    field: "page name or note",
                });
            }
        }
        if self.fallback().is_some_and(|page| page.name.is_none()) {
            return Err(refuse("the fallback page needs the name LinkedIn gives it"));
        }
        Ok(())
    }

    /// Known languages, each at most once, every word sourced.
    fn validate_localized(&self) -> Result<(), CatalogError> {
        let mut seen = HashSet::new();
        for words in &self.localized {
            let language = words
                .language()
                .filter(|language| *language != Language::English);
            let Some(language) = language else {
                return Err(CatalogError::UnknownLanguage {
                    item: self.id.clone(),
                    code: words.language.clone(),
                });
            };
            if !seen.insert(language) {
                return Err(CatalogError::EmptyField {
                    item: self.id.clone(),
                    field: "localized (a language listed twice)",
                });
            }
            let path_steps = words.path.iter().flat_map(|path| path.steps.iter());
            if words.title.trim().is_empty()
                || words
                    .toggle_label
                    .as_deref()
                    .is_some_and(|label| label.trim().is_empty())
                || words
                    .path
                    .as_ref()
                    .is_some_and(|path| path.steps.is_empty())
                || path_steps.clone().any(|step| step.trim().is_empty())
            {
                return Err(CatalogError::EmptyField {
                    item: self.id.clone(),
                    field: "localized words",
                });
            }
            let unsourced_path = words.path.as_ref().is_some_and(|p| p.sources.is_empty());
            if words.sources.is_empty() || unsourced_path {
                return Err(CatalogError::UnsourcedLabel {
                    item: self.id.clone(),
                    language: words.language.clone(),
                });
            }
        }
        Ok(())
    }
}

/// An `https` address on `www.linkedin.com` and nothing that could be read as anything else:
/// the fixed prefix rules out other hosts, ports and user-info, and the character check rules
/// out spaces, quotes and control characters that a launcher might misread.
pub fn is_linkedin_url(url: &str) -> bool {
    let path = url
        .strip_prefix("https://")
        .and_then(|rest| rest.strip_prefix(LINKEDIN_HOST))
        .and_then(|rest| rest.strip_prefix('/'));
    path.is_some_and(|rest| {
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/?=&%+".contains(&b))
    })
}
