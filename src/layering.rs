//! The storefront's modules depend one way: app → pages → components →
//! taxonomy → i18n / router → api / hooks → rendering → contract. This reads the
//! `crate::` paths of every file, so a dependency against the grain (a
//! component importing a page, the router importing the app) fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The top-level modules, lowest first: each may use only modules of lower
/// layers, which also rules out circles.
const LAYERS: [&[&str]; 8] = [
    &["rendering"],
    &["api", "hooks", "scroll"],
    &["i18n", "router", "shortlist"],
    &["taxonomy"],
    &["components"],
    &["pages"],
    &["app"],
    &["main"],
];

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&module))
        .unwrap_or_else(|| panic!("crate::{module} is in no layer: add it to LAYERS"))
}

fn files_of(module: &str) -> Vec<std::path::PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join(format!("{module}.rs"))];
    let mut dirs = vec![src.join(module)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            match path.is_dir() {
                true => dirs.push(path),
                false => files.push(path),
            }
        }
    }
    files.retain(|f| f.exists());
    files
}

fn used_modules(text: &str) -> BTreeSet<String> {
    text.match_indices("crate::")
        .map(|(at, _)| {
            text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn dependencies_point_one_way() {
    for module in LAYERS.concat() {
        let files = files_of(module);
        assert!(!files.is_empty(), "no files for `{module}`");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in used_modules(&text)
                .into_iter()
                .filter(|used| used != module)
            {
                assert!(
                    layer_of(&used) < layer_of(module),
                    "{} uses crate::{used}, against the grain",
                    file.display()
                );
            }
        }
    }
}
