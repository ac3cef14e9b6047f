//! A crate's modules as its files lay them out: `a/b.rs` and `a/b/mod.rs` are
//! `a::b`, `lib.rs` the root, `main.rs` (the binary) the module `main`.

use std::path::{Path, PathBuf};

/// A module's path from the crate root: `["catalog", "search"]`.
pub type ModulePath = Vec<String>;

/// `crate::a::b`, or `crate` for the root.
pub fn display(module: &[String]) -> String {
    std::iter::once("crate")
        .chain(module.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("::")
}

/// Every `.rs` file under `src` with the module it holds.
pub fn files(src: &Path) -> Result<Vec<(ModulePath, PathBuf)>, String> {
    let mut found = Vec::new();
    let mut dirs = vec![src.to_owned()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).expect("found under src");
                found.push((of_file(relative), path));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The module a file (relative to `src/`) holds.
pub fn of_file(relative: &Path) -> ModulePath {
    let mut parts: ModulePath = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    let at_root = parts.is_empty();
    match stem {
        "mod" => {}
        "lib" if at_root => {}
        _ => parts.push(stem.to_owned()),
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_name_their_modules() {
        let of = |p: &str| of_file(Path::new(p)).join("::");
        assert_eq!(of("lib.rs"), "");
        assert_eq!(of("main.rs"), "main");
        assert_eq!(of("catalog/mod.rs"), "catalog");
        assert_eq!(of("catalog/search.rs"), "catalog::search");
        assert_eq!(of("catalog/lib.rs"), "catalog::lib");
    }
}
