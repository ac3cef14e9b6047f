//! Every file path the docs (README, docs/) and the code's comments name
//! exists, so a newcomer following them never lands on a file that moved.
//! A path is looked up from the repository's root, from the naming file's
//! folder and from its crate's folder (`src/…` in a crate's own docs).

use std::path::{Path, PathBuf};

/// What a named file ends with, to tell a path from other words with a `/`.
const EXTENSIONS: [&str; 15] = [
    "rs", "md", "toml", "sh", "sql", "json", "html", "css", "lua", "py", "txt", "cfg", "jsonl",
    "csv", "tsv",
];

/// Folders that hold what builds and runs make, not what the docs describe.
const MADE: [&str; 6] = [
    "target/",
    "dist/",
    "data/",
    ".tools/",
    "node_modules/",
    "dist-",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The repository's files, as git knows them.
fn tracked() -> Vec<PathBuf> {
    let output = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .expect("git runs");
    String::from_utf8(output.stdout)
        .unwrap()
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// The text of a file where paths are named: all of a Markdown file, the
/// comments of code (`//` in Rust, `#` in TOML and shell).
fn named_text(file: &Path, text: &str) -> Option<String> {
    let extension = file.extension()?.to_str()?;
    let marker = match extension {
        "md" => return Some(text.to_owned()),
        "rs" => "//",
        "toml" | "sh" => "#",
        _ => return None,
    };
    let comments = text
        .lines()
        .filter_map(|line| line.find(marker).map(|at| &line[at..]));
    Some(comments.collect::<Vec<_>>().join("\n"))
}

/// The words of `text` that look like relative file or folder paths (URLs are not).
fn paths_in(text: &str) -> Vec<String> {
    let text: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !w.contains("://"))
        .collect();
    let text = text.join(" ");
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    text.split(|c: char| !is_path_char(c))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| word.contains('/') && !word.starts_with('/') && !word.contains("//"))
        .filter(|word| {
            let extension = word.rsplit('.').next().unwrap_or_default();
            let file = word.contains('.') && EXTENSIONS.contains(&extension);
            // A folder: `server/migrations/`, not `dist/` alone.
            let folder = word.ends_with('/') && word.trim_end_matches('/').contains('/');
            file || folder
        })
        .filter(|word| {
            !MADE
                .iter()
                .any(|made| word.trim_start_matches("../").starts_with(made))
        })
        .map(str::to_owned)
        .collect()
}

/// Where `named` may be, from the file that names it.
fn candidates(root: &Path, naming: &Path, named: &str) -> Vec<PathBuf> {
    let folder = root.join(naming).parent().unwrap().to_owned();
    let mut crate_folder = folder.clone();
    while !crate_folder.join("Cargo.toml").exists() && crate_folder != root {
        crate_folder.pop();
    }
    let sources = crate_folder.join("src");
    [root.to_owned(), folder, crate_folder, sources]
        .into_iter()
        .map(|base| base.join(named))
        .collect()
}

#[test]
fn every_path_the_docs_name_exists() {
    let root = root();
    let mut missing = Vec::new();
    for file in tracked() {
        // The changelog tells what was, in the words of its day; the map's
        // licence names files of the package it was drawn from; the checks
        // name made-up paths as examples.
        let skipped = [
            "CHANGELOG.md",
            "public/china-map.LICENSE.md",
            "tools/checks",
        ];
        if skipped.iter().any(|s| file.starts_with(s)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
            continue;
        };
        let Some(named) = named_text(&file, &text) else {
            continue;
        };
        for path in paths_in(&named) {
            if !candidates(&root, &file, &path).iter().any(|p| p.exists()) {
                missing.push(format!("{} names {path}", file.display()));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn paths_are_told_from_other_words() {
    let text = "see `server/src/lib.rs`, docs/perf.md. and/or 1/2, https://x.org/a.md, \
                /api/v1/openapi.json, target/bench/x.json, ../shared/DESIGN.md, dist/, \
                server/migrations/";
    assert_eq!(
        paths_in(text),
        [
            "server/src/lib.rs",
            "docs/perf.md",
            "../shared/DESIGN.md",
            "server/migrations/"
        ]
    );
}
