//! Turns the catalog, `assets/optouts.toml`, into JSON at build time. The app parses the JSON at
//! start, several times faster than the TOML it is written in (about a third of the start-up's
//! instructions went to the TOML parser), and the binary carries no TOML parser. The catalog is
//! still validated at start, as it always was. Also writes the opt-outs' ids and titles as a Rust
//! list, so the command line knows them without parsing the catalog.

use std::path::PathBuf;
use std::{env, fs};

/// The lists of sources, a third of the catalog, as one string each (`kind|document|date`, then
/// `|read` and `|until=DATE` where set) instead of a table of named fields: `Source` reads both,
/// and the JSON parses a good part faster.
fn compact_sources(value: &mut toml::Value) {
    const LISTS: [&str; 4] = ["sources", "title_sources", "regions_sources", "url_sources"];
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table.iter_mut() {
                match value {
                    toml::Value::Array(sources) if LISTS.contains(&key.as_str()) => {
                        for source in sources {
                            *source = toml::Value::String(compact_source(source));
                        }
                    }
                    _ => compact_sources(value),
                }
            }
        }
        toml::Value::Array(values) => values.iter_mut().for_each(compact_sources),
        _ => {}
    }
}

fn compact_source(source: &toml::Value) -> String {
    // Every text field, dates included, is a quoted string in the catalog.
    let field = |name: &str| {
        source.get(name).map(|value| {
            value
                .as_str()
                .unwrap_or_else(|| panic!("a source's {name} is not a string: {source:?}"))
                .to_owned()
        })
    };
    let needed =
        |name: &str| field(name).unwrap_or_else(|| panic!("a source lacks its {name}: {source:?}"));
    let document = needed("document");
    assert!(
        !document.contains('|'),
        "a source's document contains '|': {document}"
    );
    let known = ["kind", "document", "date", "read", "until"];
    if let Some(table) = source.as_table()
        && let Some(unknown) = table.keys().find(|key| !known.contains(&key.as_str()))
    {
        panic!("a source has the unknown field {unknown:?}: {source:?}");
    }
    let mut text = format!("{}|{document}|{}", needed("kind"), needed("date"));
    if source.get("read").and_then(toml::Value::as_bool) == Some(true) {
        text.push_str("|read");
    }
    if let Some(until) = field("until") {
        text.push_str(&format!("|until={until}"));
    }
    text
}

fn main() {
    println!("cargo::rerun-if-changed=assets/optouts.toml");
    let text = fs::read_to_string("assets/optouts.toml")
        .unwrap_or_else(|e| panic!("assets/optouts.toml cannot be read: {e}"));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("assets/optouts.toml is not TOML: {e}"));
    let mut compact = value.clone();
    compact_sources(&mut compact);
    let json = serde_json::to_string(&compact)
        .unwrap_or_else(|e| panic!("assets/optouts.toml has no JSON form: {e}"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("optouts.json"), json)
        .unwrap_or_else(|e| panic!("cannot write the catalog's JSON: {e}"));
    // `[("ai-training", "Data for Generative AI Improvement"), …]`, written as Rust literals.
    let items = value
        .get("optout")
        .and_then(toml::Value::as_array)
        .expect("the catalog lists opt-outs");
    let pairs: Vec<String> = items
        .iter()
        .map(|item| {
            let field = |name: &str| {
                item.get(name)
                    .and_then(toml::Value::as_str)
                    .unwrap_or_else(|| panic!("an opt-out lacks its {name}"))
                    .to_owned()
            };
            format!("({:?}, {:?})", field("id"), field("title"))
        })
        .collect();
    fs::write(
        out.join("optout_ids.rs"),
        format!("&[{}]", pairs.join(", ")),
    )
    .unwrap_or_else(|e| panic!("cannot write the opt-outs' ids: {e}"));
}
