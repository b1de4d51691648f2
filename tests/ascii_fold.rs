//! Text for terminals without UTF-8: every letter of the catalog's languages folds to ASCII.

use linkedin_optout::catalog::SHIPPED;
use linkedin_optout::ui::Theme;

fn ascii(text: &str) -> String {
    Theme {
        color: false,
        unicode: false,
    }
    .text(text)
}

#[test]
fn letters_lose_their_accents_language_by_language() {
    for (text, folded) in [
        (
            "Données pour l'amélioration de l'IA générative",
            "Donnees pour l'amelioration de l'IA generative",
        ),
        (
            "àâäçéèêëîïôöùûüÿ ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ",
            "aaaceeeeiioouuuy AAACEEEEIIOOUUUY",
        ),
        ("Straße ÄÖÜäöü", "Strasse AOUaou"),
        ("ãõçáíóúê ÃÕÇ", "aocaioue AOC"),
        ("ĳsje Ĳssel", "ijsje IJssel"),
        ("àèéìíòóù", "aeeiioou"),
        ("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ", "acelnoszz ACELNOSZZ"),
        ("čďěňřšťůž", "cdenrstuz"),
        ("åæøÅÆØ œŒ þÞ", "aaeoAAEO oeOE thTh"),
        ("ğışİ őű", "gisI ou"),
        // The accent written apart from its letter (decomposed), and a zero-width space.
        ("Donne\u{301}es\u{200b}", "Donnees"),
    ] {
        assert_eq!(ascii(text), folded, "{text}");
    }
}

#[test]
fn every_latin_letter_has_an_ascii_spelling() {
    for c in '\u{c0}'..='\u{17f}' {
        let folded = ascii(&c.to_string());
        assert!(
            !folded.is_empty() && folded.chars().all(|f| f.is_ascii_graphic()) && folded != "?",
            "{c} (U+{:04X}) folds to {folded:?}",
            u32::from(c)
        );
    }
}

#[test]
fn punctuation_is_made_plain_and_the_rest_is_a_question_mark() {
    assert_eq!(
        ascii("« ça » — “oui” ‘non’ … ↑↓ 日本"),
        "\" ca \" - \"oui\" 'non' ... Up/Down ??"
    );
}

#[test]
fn the_shipped_catalog_folds_without_a_question_mark() {
    for c in SHIPPED.chars().filter(|c| !c.is_ascii()) {
        let folded = ascii(&c.to_string());
        assert!(
            folded.is_ascii() && folded != "?",
            "the catalog's {c} (U+{:04X}) has no ASCII spelling: add it to ui::theme::ascii",
            u32::from(c)
        );
    }
}

#[test]
fn utf8_terminals_get_the_text_unchanged() {
    let text = "Données — ↑ 日本";
    let theme = Theme {
        color: true,
        unicode: true,
    };
    assert_eq!(theme.text(text), text);
}
