//! Turns the catalog, `assets/optouts.toml`, into JSON at build time. The app parses the JSON at
//! start, several times faster than the TOML it is written in (about a third of the start-up's
//! instructions went to the TOML parser), and the binary carries no TOML parser. The catalog is
//! still validated at start, as it always was. Also writes the opt-outs' ids and titles as a Rust
//! list, so the command line knows them without parsing the catalog.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=assets/optouts.toml");
    let text = fs::read_to_string("assets/optouts.toml")
        .unwrap_or_else(|e| panic!("assets/optouts.toml cannot be read: {e}"));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("assets/optouts.toml is not TOML: {e}"));
    let json = serde_json::to_string(&value)
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
