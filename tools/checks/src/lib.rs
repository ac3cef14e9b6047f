//! Which module of a crate uses which: read from the source as Rust (`use`
//! items, paths in code, `crate::…`/`super::…` inside macros such as `view!`),
//! resolved through re-exports to the module that defines what is used.
//!
//! Two checks come of it ([`circles`], [`against_the_grain`]): no two modules
//! use each other, directly or round a circle, among the children of any
//! module at any depth; and a crate's top-level modules use only lower layers.

mod layers;
mod modules;
mod references;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub use layers::{Layers, against_the_grain};
pub use modules::ModulePath;

/// A crate's modules and what each uses.
pub struct Crate {
    /// The crate's `src/` folder, for messages.
    pub src: PathBuf,
    /// Every module with a file, by path (`[]` is the crate root).
    pub modules: BTreeSet<ModulePath>,
    /// One entry per module a module uses: where it first does.
    pub uses: BTreeMap<(ModulePath, ModulePath), Place>,
}

/// Where a use is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub line: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

impl Crate {
    /// Reads every `.rs` file under `src` (a crate named `name`, as other code of
    /// the crate, such as `main.rs`, names it).
    pub fn read(src: &Path, name: &str) -> Result<Crate, String> {
        let files = modules::files(src)?;
        let texts = files
            .into_iter()
            .map(|(module, file)| {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                Ok((module, file, text))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Crate::of_texts(src, name, texts)
    }

    /// The same from texts already read: (module, file, source).
    pub fn of_texts(
        src: &Path,
        name: &str,
        texts: Vec<(ModulePath, PathBuf, String)>,
    ) -> Result<Crate, String> {
        let modules: BTreeSet<ModulePath> = texts.iter().map(|(m, _, _)| m.clone()).collect();
        let mut parsed = Vec::new();
        for (module, file, text) in texts {
            let syntax = syn::parse_file(&text)
                .map_err(|e| format!("{}: cannot parse: {e}", file.display()))?;
            parsed.push((module, file, syntax));
        }
        let scope = references::Scope::new(name, &modules, &parsed);
        let mut uses = BTreeMap::new();
        for (module, file, syntax) in &parsed {
            for (used, line) in scope.modules_used_by(module, syntax) {
                let place = Place {
                    file: file.clone(),
                    line,
                };
                uses.entry((module.clone(), used)).or_insert(place);
            }
        }
        Ok(Crate {
            src: src.to_owned(),
            modules,
            uses,
        })
    }

    /// Uses between siblings: for a use from `a::x` to `b::y` (`a` ≠ `b`,
    /// children of one parent), the edge `a → b` under that parent. A module
    /// using its own ancestor or descendant makes no edge.
    pub fn sibling_edges(&self) -> BTreeMap<(ModulePath, ModulePath), Place> {
        let mut edges = BTreeMap::new();
        for ((from, to), place) in &self.uses {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue;
            }
            let edge = (from[..=common].to_vec(), to[..=common].to_vec());
            edges.entry(edge).or_insert_with(|| place.clone());
        }
        edges
    }
}

/// Every circle among siblings: each a list of the edges that close it, as
/// `a → b (where)` lines. Empty when the modules depend one way.
pub fn circles(krate: &Crate) -> Vec<String> {
    let edges = krate.sibling_edges();
    let mut parents: BTreeMap<ModulePath, Vec<(&ModulePath, &ModulePath, &Place)>> =
        BTreeMap::new();
    for ((from, to), place) in &edges {
        let parent = from[..from.len() - 1].to_vec();
        parents.entry(parent).or_default().push((from, to, place));
    }
    let mut found = Vec::new();
    for (parent, edges) in parents {
        let graph: Vec<(&ModulePath, &ModulePath)> = edges.iter().map(|e| (e.0, e.1)).collect();
        for group in strongly_connected(&graph) {
            let inside = edges
                .iter()
                .filter(|(a, b, _)| group.contains(a) && group.contains(b))
                .map(|(a, b, place)| {
                    let (a, b) = (modules::display(a), modules::display(b));
                    format!("  {a} → {b} ({place})")
                })
                .collect::<Vec<_>>()
                .join("\n");
            let under = modules::display(&parent);
            found.push(format!("a circle under {under}:\n{inside}"));
        }
    }
    found
}

/// The groups of two or more nodes that reach each other (Kosaraju).
fn strongly_connected<'a>(
    edges: &[(&'a ModulePath, &'a ModulePath)],
) -> Vec<BTreeSet<&'a ModulePath>> {
    let nodes: BTreeSet<&ModulePath> = edges.iter().flat_map(|(a, b)| [*a, *b]).collect();
    let reach = |from: &'a ModulePath, forward: bool| {
        let mut seen = BTreeSet::from([from]);
        let mut todo = vec![from];
        while let Some(node) = todo.pop() {
            for (a, b) in edges {
                let (here, next) = if forward { (a, b) } else { (b, a) };
                if *here == node && seen.insert(*next) {
                    todo.push(*next);
                }
            }
        }
        seen
    };
    let mut groups: Vec<BTreeSet<&ModulePath>> = Vec::new();
    for node in nodes {
        if groups.iter().any(|g| g.contains(node)) {
            continue;
        }
        let (ahead, behind) = (reach(node, true), reach(node, false));
        let group: BTreeSet<_> = ahead.intersection(&behind).copied().collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

#[cfg(test)]
mod tests;
