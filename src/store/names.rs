//! The names of the app's own files beside a record (`state.json`): its lock, its temporary files
//! and the copies set aside. Chosen so that none can ever be a record's name, and no record's name
//! can be one of them: they all start with the record's full name, or with a dot before it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::files::TEMP_RANDOM_CHARS;

/// The longest file name most file systems allow, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// The record's own file name as its companions' names begin with it. A name that is not UTF-8
/// is shown lossily, followed by a hash of its bytes: two such names differ, and so must their
/// companions, though their lossy forms may be the same.
fn name_of(target: &Path) -> String {
    let Some(name) = target.file_name() else {
        return "state".into();
    };
    match name.to_str() {
        Some(name) => name.to_owned(),
        None => format!(
            "{}-{:016x}",
            name.to_string_lossy(),
            fnv1a(name.as_encoded_bytes())
        ),
    }
}

/// The lock beside `target`: `.state.json.lock`. No record is named like this: a profile's
/// file starts with the default file's stem, never with a dot before its full name, and the
/// store refuses to write a record named like a lock. A name too long for the file system gets
/// a short stable one.
pub fn lock_path(target: &Path) -> PathBuf {
    let name = name_of(target);
    let lock = format!(".{name}.lock");
    let lock = if lock.len() <= MAX_NAME_BYTES {
        lock
    } else {
        format!(".linkedin-optout-{:016x}.lock", fnv1a(name.as_bytes()))
    };
    target.with_file_name(lock)
}

/// The lock name versions before 0.2 used (`state.lock`). Taken too while it exists, so an old
/// build mid-save is waited for; never created; removed once empty and no longer needed.
pub fn old_lock_path(target: &Path) -> PathBuf {
    let stem = target
        .file_stem()
        .unwrap_or_else(|| OsStr::new("state"))
        .to_os_string();
    let mut name = stem;
    name.push(".lock");
    target.with_file_name(name)
}

/// How temporary files beside `target` start: `.state.json.tmp-`, then six random characters.
/// A name too long for the file system uses a short stable one instead, its own.
pub fn temp_prefix(target: &Path) -> String {
    let name = name_of(target);
    let prefix = format!(".{name}.tmp-");
    if prefix.len() + TEMP_RANDOM_CHARS <= MAX_NAME_BYTES {
        prefix
    } else {
        format!(".linkedin-optout-{:016x}.tmp-", fnv1a(name.as_bytes()))
    }
}

/// Whether `file_name` is one of our temporary files for `target`.
pub fn is_temp_of(file_name: &str, target: &Path) -> bool {
    file_name
        .strip_prefix(&temp_prefix(target))
        .is_some_and(|rest| {
            rest.len() == TEMP_RANDOM_CHARS && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Labels of set-aside copies: a damaged record, and one the member reset.
pub const SET_ASIDE_LABELS: [&str; 2] = ["corrupt", "reset"];

/// Where to set `target` aside as `label` at `now`: `state.json.corrupt-20261130T104000Z`,
/// with `-2`, `-3`… when taken. The record's name is shortened if the whole would be too long.
pub fn set_aside_path(
    target: &Path,
    label: &str,
    now: Timestamp,
    taken: impl Fn(&Path) -> bool,
) -> PathBuf {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let base = format!("{}.{label}-{stamp}", set_aside_stem(target, label));
    let mut candidate = target.with_file_name(&base);
    let mut n = 1;
    while taken(&candidate) {
        n += 1;
        candidate = target.with_file_name(format!("{base}-{n}"));
    }
    candidate
}

/// The record's name as set-aside copies begin with it. A name too long to leave room for the
/// rest is cut, and a hash of the whole name added: two long names that begin alike must not
/// share their copies (`forget` of one would delete the other's).
fn set_aside_stem(target: &Path, label: &str) -> String {
    let name = name_of(target);
    // ".label-YYYYmmddTHHMMSSZ-NNNN"
    let room = MAX_NAME_BYTES.saturating_sub(label.len() + 1 + 17 + 5);
    if name.len() <= room {
        return name;
    }
    // "-" and 16 hex digits.
    let mut end = room.saturating_sub(17);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{:016x}", &name[..end], fnv1a(name.as_bytes()))
}

/// Whether `file_name` is a copy of `target` set aside by this app.
pub fn is_set_aside_of(file_name: &str, target: &Path) -> bool {
    SET_ASIDE_LABELS.iter().any(|label| {
        file_name
            .strip_prefix(&set_aside_stem(target, label))
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.strip_prefix(label))
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(is_stamp)
    })
}

/// Whether `file_name` has the shape of one of the app's own files beside some record: a lock
/// (`.state.json.lock`), a temporary file (`.state.json.tmp-ab12CD`) or a kept copy
/// (`state.json.corrupt-20261130T104000Z`). A record by such a name would be taken for one by
/// another record's saves and `forget`, and removed.
pub fn looks_like_own_file(file_name: &OsStr) -> bool {
    let Some(name) = file_name.to_str() else {
        return false;
    };
    let hidden = name.starts_with('.');
    let lock = hidden && name.len() >= ".x.lock".len() && name.ends_with(".lock");
    let temp = hidden
        && name.rsplit_once(".tmp-").is_some_and(|(_, rest)| {
            rest.len() == TEMP_RANDOM_CHARS && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    let kept = SET_ASIDE_LABELS.iter().any(|label| {
        name.rsplit_once(&format!(".{label}-"))
            .is_some_and(|(stem, rest)| !stem.is_empty() && is_stamp(rest))
    });
    lock || temp || kept
}

/// `20261130T104000Z`, optionally followed by `-N`.
fn is_stamp(text: &str) -> bool {
    let (stamp, count) = match text.split_once('-') {
        Some((stamp, count)) => (stamp, Some(count)),
        None => (text, None),
    };
    let b = stamp.as_bytes();
    b.len() == 16
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
        && count.is_none_or(|n| !n.is_empty() && n.bytes().all(|d| d.is_ascii_digit()))
}

/// FNV-1a, 64 bits: a stable short name for a long one (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
