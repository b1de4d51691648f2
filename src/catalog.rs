//! The opt-outs: their facts come from `assets/optouts.toml`, never from code.

use std::collections::HashSet;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The catalog compiled into the binary.
pub const SHIPPED: &str = include_str!("../assets/optouts.toml");

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

/// One LinkedIn setting to switch off.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptOut {
    /// Stable identifier, used as the key in saved progress.
    pub id: String,
    /// The setting's title as LinkedIn shows it.
    pub title: String,
    /// What switching it off stops, in our own words.
    pub stops: String,
    /// The exact label of the toggle to switch off.
    pub toggle_label: String,
    /// The settings page itself.
    pub url: String,
    /// Something the member should know about `url` before trusting it.
    #[serde(default)]
    pub caution: Option<String>,
    /// What LinkedIn calls the fallback page.
    pub fallback_name: String,
    /// A broader settings page to start from when `url` does not land on the setting.
    pub fallback_url: String,
    /// Clicks on the website, in order.
    pub desktop_path: Vec<String>,
    /// Taps in the LinkedIn phone app, in order.
    pub mobile_path: Vec<String>,
    /// Where the change this setting controls applies.
    pub regions: String,
    pub regions_note: String,
    /// Where members see the setting at all.
    pub appears_in: Vec<Region>,
    /// LinkedIn Help articles about the setting.
    pub help: Vec<HelpLink>,
    /// Bumped whenever any fact above changes.
    pub revision: u32,
    /// When the facts were last checked against LinkedIn's own pages.
    pub verified: Date,
    /// What changed at each revision, oldest first.
    pub changes: Vec<FactChange>,
    /// Other settings worth knowing about, shown with this one.
    #[serde(default)]
    pub related: Vec<Related>,
}

/// What changed in an item's facts at one revision.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactChange {
    pub revision: u32,
    pub date: Date,
    pub note: String,
}

/// A related control: not a checklist item, but worth knowing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    pub note: String,
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

/// A LinkedIn Help article.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpLink {
    pub title: String,
    pub url: String,
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
        }
    }
}

impl std::error::Error for CatalogError {}

impl Catalog {
    /// The catalog compiled into this binary, validated.
    pub fn shipped() -> Result<Self, CatalogError> {
        Self::parse(SHIPPED)
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
        Ok(())
    }

    /// The item with this id.
    pub fn get(&self, id: &str) -> Option<&OptOut> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Whether `url` is one of this catalog's addresses, the only ones the app may open.
    pub fn contains_url(&self, url: &str) -> bool {
        self.items.iter().any(|item| item.urls().any(|u| u == url))
    }
}

impl OptOut {
    /// Every address this item carries.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        [self.url.as_str(), self.fallback_url.as_str()]
            .into_iter()
            .chain(self.help.iter().map(|link| link.url.as_str()))
            .chain(self.related.iter().filter_map(|r| r.url.as_deref()))
    }

    fn validate(&self) -> Result<(), CatalogError> {
        let empty = |field| CatalogError::EmptyField {
            item: self.id.clone(),
            field,
        };
        let texts = [
            ("id", &self.id),
            ("title", &self.title),
            ("stops", &self.stops),
            ("toggle_label", &self.toggle_label),
            ("url", &self.url),
            ("fallback_name", &self.fallback_name),
            ("fallback_url", &self.fallback_url),
            ("regions", &self.regions),
            ("regions_note", &self.regions_note),
        ];
        for (field, text) in texts {
            if text.trim().is_empty() {
                return Err(empty(field));
            }
        }
        if self.caution.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return Err(empty("caution"));
        }
        for (field, steps) in [
            ("desktop_path", &self.desktop_path),
            ("mobile_path", &self.mobile_path),
        ] {
            if steps.is_empty() || steps.iter().any(|step| step.trim().is_empty()) {
                return Err(empty(field));
            }
        }
        if self.help.is_empty() {
            return Err(empty("help"));
        }
        if self.help.iter().any(|link| link.title.trim().is_empty()) {
            return Err(empty("help title"));
        }
        if self.appears_in.is_empty() {
            return Err(empty("appears_in"));
        }
        if self.changes.iter().any(|c| c.note.trim().is_empty()) {
            return Err(empty("changes note"));
        }
        if self.changes.last().map(|c| c.revision) != Some(self.revision) {
            return Err(CatalogError::Revision {
                item: self.id.clone(),
                revision: self.revision,
            });
        }
        if self
            .related
            .iter()
            .any(|r| r.title.trim().is_empty() || r.note.trim().is_empty())
        {
            return Err(empty("related"));
        }
        for url in self.urls() {
            if !is_linkedin_url(url) {
                return Err(CatalogError::ForeignUrl {
                    item: self.id.clone(),
                    url: url.to_owned(),
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

/// Whether an item's setting exists for a member in a region. (Interim: replaced by the sourced
/// region rules.)
#[derive(Debug, Clone, PartialEq)]
pub enum Applicability {
    Applies,
    NotInRegion { sources: Vec<String> },
    Uncertain { note: String },
    RegionUnknown,
}

impl OptOut {
    /// Whether the setting exists for a member in `region`.
    pub fn applicability(&self, region: Option<Region>) -> Applicability {
        match region {
            None => Applicability::RegionUnknown,
            Some(region) if self.appears_in.contains(&region) => Applicability::Applies,
            Some(_) => Applicability::NotInRegion {
                sources: Vec::new(),
            },
        }
    }
}

impl OptOut {
    /// The item's own addresses in the order offered: direct, second direct, fallback.
    /// (Interim: replaced by sourced pages.)
    pub fn page_urls(&self) -> Vec<&str> {
        vec![self.url.as_str(), self.fallback_url.as_str()]
    }
}

impl Catalog {
    /// The date of the shipped facts: the newest `verified`. (Interim.)
    pub fn facts_date(&self) -> Date {
        self.items
            .iter()
            .map(|item| item.verified)
            .max()
            .unwrap_or_default()
    }
}
