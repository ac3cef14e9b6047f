//! A crate's top-level modules in layers, lowest first (`layers.txt`): a
//! module uses only modules of lower layers.

use std::collections::BTreeMap;

use crate::{Crate, modules};

/// Layers by crate `src/` folder (relative to the workspace), lowest first.
pub struct Layers {
    pub crates: BTreeMap<String, Vec<Vec<String>>>,
}

impl Layers {
    /// Reads `[folder]` headers, then one layer a line (modules separated by
    /// spaces), lowest first; `#` starts a comment.
    pub fn parse(text: &str) -> Result<Layers, String> {
        let mut crates: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if let Some(folder) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(folder.to_owned());
                crates.entry(folder.to_owned()).or_default();
                continue;
            }
            let folder = current
                .as_ref()
                .ok_or_else(|| format!("line {}: a layer before any [folder]", n + 1))?;
            let layer = line.split_whitespace().map(str::to_owned).collect();
            crates.get_mut(folder).expect("entered above").push(layer);
        }
        Ok(Layers { crates })
    }
}

/// Every use of a top-level module by one in the same or a higher layer, and
/// every top-level module no layer lists.
pub fn against_the_grain(krate: &Crate, layers: &[Vec<String>]) -> Vec<String> {
    let layer_of = |name: &str| layers.iter().position(|l| l.iter().any(|m| m == name));
    let mut found = Vec::new();
    for module in krate.modules.iter().filter(|m| m.len() == 1) {
        if layer_of(&module[0]).is_none() {
            let name = modules::display(module);
            found.push(format!("{name} is in no layer of layers.txt"));
        }
    }
    for ((from, to), place) in krate.sibling_edges() {
        if from.len() != 1 {
            continue;
        }
        let (Some(user), Some(used)) = (layer_of(&from[0]), layer_of(&to[0])) else {
            continue;
        };
        if used >= user {
            let (from, to) = (modules::display(&from), modules::display(&to));
            found.push(format!("{from} uses {to}, against the grain ({place})"));
        }
    }
    found
}
