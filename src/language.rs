//! The language LinkedIn shows the member, so the details can name LinkedIn's labels in it. The
//! app's own interface stays English.

use serde::{Deserialize, Serialize};

/// A language the catalog may carry LinkedIn's labels in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "de")]
    German,
    #[serde(rename = "fr")]
    French,
    #[serde(rename = "nl")]
    Dutch,
    #[serde(rename = "it")]
    Italian,
    #[serde(rename = "pt-BR")]
    BrazilianPortuguese,
}

impl Language {
    /// Every language, in the order offered to the member.
    pub const ALL: [Self; 6] = [
        Self::English,
        Self::German,
        Self::French,
        Self::Dutch,
        Self::Italian,
        Self::BrazilianPortuguese,
    ];

    /// The code used on the command line, in the saved file and in the catalog (BCP 47).
    pub const fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::German => "de",
            Self::French => "fr",
            Self::Dutch => "nl",
            Self::Italian => "it",
            Self::BrazilianPortuguese => "pt-BR",
        }
    }

    /// The language's name in English, for the app's own (English) interface.
    pub const fn name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::German => "German",
            Self::French => "French",
            Self::Dutch => "Dutch",
            Self::Italian => "Italian",
            Self::BrazilianPortuguese => "Portuguese (Brazil)",
        }
    }

    /// The language with this code, matched without regard to case (`pt-br` is `pt-BR`).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(code))
    }
}

/// The environment variables that name the member's language on Unix, in the order they count
/// after `LANGUAGE`: the first one that names a language decides, as in POSIX, except that `C`
/// and `POSIX` name none and are passed over. `LC_ALL=C` is set for plain output or sorting far
/// more often than to say which language LinkedIn shows.
const LOCALE_VARIABLES: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// The language LinkedIn most likely shows the member: from the environment, else (on Windows and
/// macOS) the system's UI language, else English.
pub fn detect() -> Language {
    from_env(|name| std::env::var(name).ok())
        .or_else(system_language)
        .unwrap_or(Language::English)
}

/// The language the environment names, read through `get`: `LANGUAGE` first (a colon-separated
/// list, the first entry we have words for wins), then the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that names a language (not `C` or `POSIX`). `None` when that is one we have no words
/// for (Spanish, plain `pt`: only Brazilian Portuguese words exist), or there is none.
pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Option<Language> {
    let set = |name: &str| get(name).filter(|value| !value.is_empty());
    let listed = set("LANGUAGE").and_then(|list| list.split(':').find_map(from_locale));
    if listed.is_some() {
        return listed;
    }
    let names_a_language = |locale: &String| {
        let name = locale.split(['.', '@']).next().unwrap_or_default();
        name != "C" && name != "POSIX"
    };
    LOCALE_VARIABLES
        .into_iter()
        .filter_map(set)
        .find(names_a_language)
        .and_then(|locale| from_locale(&locale))
}

/// The language of a POSIX locale (`de_DE.UTF-8`, `fr_CA@euro`) or a BCP 47 tag (`pt-BR`, as
/// Windows and macOS give it).
pub fn from_locale(locale: &str) -> Option<Language> {
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    let mut parts = name.split(['_', '-']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    match language.as_str() {
        "en" => Some(Language::English),
        "de" => Some(Language::German),
        "fr" => Some(Language::French),
        "nl" => Some(Language::Dutch),
        "it" => Some(Language::Italian),
        // A script may come before the region (`pt-Latn-BR`).
        "pt" if parts.any(|part| part.eq_ignore_ascii_case("BR")) => {
            Some(Language::BrazilianPortuguese)
        }
        _ => None,
    }
}

/// The first of the system's preferred UI languages that we have words for (Windows and macOS
/// keep them apart from the environment; elsewhere there are none).
fn system_language() -> Option<Language> {
    crate::platform::ui_languages()
        .iter()
        .find_map(|tag| from_locale(tag))
}
