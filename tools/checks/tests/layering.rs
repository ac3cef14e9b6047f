//! The workspace's crates depend one way inside: no circle among the children
//! of any module, and each crate's top-level modules in the layers
//! `layers.txt` lists (lowest first).

use std::path::Path;

use beltmart_checks::{Crate, Layers, against_the_grain, circles};

/// Every crate of the workspace: its `src/` folder and the name its code uses for it.
const CRATES: [(&str, &str); 5] = [
    ("src", "beltmart"),
    ("console/src", "beltmart_console"),
    ("contract/src", "beltmart_contract"),
    ("server/src", "beltmart_server"),
    ("tools/checks/src", "beltmart_checks"),
];

#[test]
fn modules_depend_one_way() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = here.join("../..").canonicalize().unwrap();
    let layers = std::fs::read_to_string(here.join("layers.txt")).unwrap();
    let layers = Layers::parse(&layers).unwrap();
    let mut found = Vec::new();
    for (folder, name) in CRATES {
        let krate = Crate::read(&workspace.join(folder), name).unwrap();
        found.extend(
            circles(&krate)
                .into_iter()
                .map(|c| format!("{folder}: {c}")),
        );
        if let Some(layers) = layers.crates.get(folder) {
            let against = against_the_grain(&krate, layers);
            found.extend(against.into_iter().map(|c| format!("{folder}: {c}")));
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}
