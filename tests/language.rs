//! The member's language from the environment, as a table: what a locale names, and which
//! variable wins.

use linkedin_optout::language::{Language, from_env, from_locale};

#[test]
fn locales_name_the_languages_we_have_words_for() {
    let table: [(&str, Option<Language>); 23] = [
        ("de_DE.UTF-8", Some(Language::German)),
        ("de_AT", Some(Language::German)),
        ("de_CH.utf8@euro", Some(Language::German)),
        ("de", Some(Language::German)),
        ("fr_CA", Some(Language::French)),
        ("fr_FR.UTF-8", Some(Language::French)),
        ("nl_BE.UTF-8", Some(Language::Dutch)),
        ("it_CH", Some(Language::Italian)),
        ("pt_BR", Some(Language::BrazilianPortuguese)),
        ("pt_BR.UTF-8", Some(Language::BrazilianPortuguese)),
        ("pt_BR@modifier", Some(Language::BrazilianPortuguese)),
        // Windows and macOS give BCP 47 tags.
        ("pt-BR", Some(Language::BrazilianPortuguese)),
        ("pt-Latn-BR", Some(Language::BrazilianPortuguese)),
        ("de-DE", Some(Language::German)),
        ("en_GB.UTF-8", Some(Language::English)),
        ("en-US", Some(Language::English)),
        // Only Brazilian Portuguese words exist.
        ("pt", None),
        ("pt_PT.UTF-8", None),
        ("es_ES.UTF-8", None),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
    ];
    for (locale, language) in table {
        assert_eq!(from_locale(locale), language, "{locale:?}");
    }
}

/// An environment with these variables set.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    move |name| {
        vars.iter()
            .find(|(set, _)| set == name)
            .map(|(_, value)| value.clone())
    }
}

/// Variables set, and the language they name.
type Case = (&'static [(&'static str, &'static str)], Option<Language>);

#[test]
fn the_environment_decides_in_the_order_gettext_uses() {
    let table: [Case; 14] = [
        (&[], None),
        (&[("LANG", "de_DE.UTF-8")], Some(Language::German)),
        (&[("LANG", "fr_CA")], Some(Language::French)),
        (&[("LANG", "pt_BR")], Some(Language::BrazilianPortuguese)),
        (&[("LANG", "pt")], None),
        (&[("LANG", "C")], None),
        // LC_MESSAGES over LANG, LC_ALL over both.
        (
            &[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "it_IT.UTF-8")],
            Some(Language::Italian),
        ),
        (
            &[
                ("LANG", "de_DE.UTF-8"),
                ("LC_MESSAGES", "it_IT.UTF-8"),
                ("LC_ALL", "nl_NL.UTF-8"),
            ],
            Some(Language::Dutch),
        ),
        // The first variable that names a language decides, as in POSIX; C and POSIX name none
        // (LC_ALL=C is set for plain output, not to say which language LinkedIn shows).
        (
            &[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C")],
            Some(Language::German),
        ),
        (
            &[
                ("LANG", "fr_FR.UTF-8"),
                ("LC_ALL", "C.UTF-8"),
                ("LC_MESSAGES", "POSIX"),
            ],
            Some(Language::French),
        ),
        // A language we have no words for decides all the same: English labels, not German.
        (&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "es_ES.UTF-8")], None),
        // An empty variable counts as unset.
        (
            &[("LANG", "de_DE.UTF-8"), ("LC_ALL", "")],
            Some(Language::German),
        ),
        // LANGUAGE first: the first entry we have words for wins.
        (
            &[("LANGUAGE", "es:pt:fr_FR:de"), ("LANG", "it_IT.UTF-8")],
            Some(Language::French),
        ),
        // A LANGUAGE list with nothing we know leaves the others to decide.
        (
            &[("LANGUAGE", "es:sv"), ("LANG", "de_DE.UTF-8")],
            Some(Language::German),
        ),
    ];
    for (vars, language) in table {
        assert_eq!(from_env(env(vars)), language, "{vars:?}");
    }
}

#[test]
fn every_language_code_round_trips() {
    for language in Language::ALL {
        assert_eq!(Language::from_code(language.code()), Some(language));
    }
    assert_eq!(Language::from_code("es"), None);
}
