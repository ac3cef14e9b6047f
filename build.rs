//! Turns the UI's words (`src/i18n/texts.json`: each field in Chinese and
//! English) into the `Texts` struct and its two statics, so the words live in
//! a data file and a missing translation fails the build.

use std::fmt::Write;

use serde_json::{Map, Value};

const TEXTS: &str = "src/i18n/texts.json";
const LANGS: [(&str, &str); 2] = [("ZH", "zh"), ("EN", "en")];

fn main() {
    println!("cargo::rerun-if-changed={TEXTS}");
    let source = std::fs::read_to_string(TEXTS).expect("src/i18n/texts.json is readable");
    let texts: Map<String, Value> =
        serde_json::from_str(&source).expect("src/i18n/texts.json is a JSON object");
    let mut code =
        String::from("/// Every sentence of the UI, one field each.\npub struct Texts {\n");
    for (field, value) in &texts {
        let kind = if is_counted(value) {
            "Counted"
        } else {
            "&'static str"
        };
        writeln!(code, "    pub {field}: {kind},").unwrap();
    }
    code.push_str("}\n");
    for (name, lang) in LANGS {
        writeln!(code, "\npub static {name}: Texts = Texts {{").unwrap();
        for (field, value) in &texts {
            let text = value
                .get(lang)
                .unwrap_or_else(|| panic!("{TEXTS}: `{field}` has no `{lang}`"));
            writeln!(
                code,
                "    {field}: {},",
                literal(field, text, is_counted(value))
            )
            .unwrap();
        }
        code.push_str("};\n");
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("texts.rs");
    std::fs::write(out, code).unwrap();
}

/// A field with a number in it: `{ "one": …, "other": … }` in some language.
fn is_counted(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|langs| langs.values().any(Value::is_object))
}

fn literal(field: &str, text: &Value, counted: bool) -> String {
    let quoted = |v: &Value| {
        let s = v
            .as_str()
            .unwrap_or_else(|| panic!("{TEXTS}: `{field}` is not text"));
        format!("{s:?}")
    };
    match (counted, text) {
        (false, text) => quoted(text),
        (true, Value::Object(forms)) => {
            let other = forms
                .get("other")
                .unwrap_or_else(|| panic!("{TEXTS}: `{field}` has no `other`"));
            let one = forms.get("one").unwrap_or(other);
            format!("Counted::plural({}, {})", quoted(one), quoted(other))
        }
        (true, text) => format!("Counted::plural({0}, {0})", quoted(text)),
    }
}
