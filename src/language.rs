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

/// The language the system is set to. (Interim: replaced by the locale lookup.)
pub fn detect() -> Language {
    Language::English
}
