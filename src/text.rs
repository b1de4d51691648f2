//! Text from outside the app (file contents, paths, parser and OS error messages) made safe to
//! print: a control character could otherwise set the terminal's title, write its clipboard or
//! move the cursor. Every message that quotes such text goes through `safe`.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// `text` with every control character (C0, DEL, C1) and every bidirectional override shown
/// escaped, as `\u{1b}`; anything else, including non-ASCII letters, unchanged.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path for messages: lossy for bytes that are not UTF-8, and `safe`.
pub fn path(path: &Path) -> String {
    safe(&path.to_string_lossy()).into_owned()
}

/// Control characters, and the Unicode formatting characters that reorder what follows them.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
