//! The modules one file uses: its `use` items, the paths in its code and the
//! `a::b` chains inside its macros, each resolved from where it is written
//! (`super` inside an inline `mod tests` is the file's own module) and
//! followed through `use` items to the module that defines the name.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use crate::modules::ModulePath;

/// Names a module brings in with `use`: name → the absolute path it stands for
/// (`*` for a glob: the path of the module it opens).
type Imports = BTreeMap<String, Vec<String>>;

/// A crate's modules and what each imports, to resolve paths against.
pub struct Scope<'a> {
    crate_name: &'a str,
    modules: &'a BTreeSet<ModulePath>,
    imports: BTreeMap<ModulePath, Imports>,
}

impl<'a> Scope<'a> {
    pub fn new(
        crate_name: &'a str,
        modules: &'a BTreeSet<ModulePath>,
        files: &[(ModulePath, std::path::PathBuf, syn::File)],
    ) -> Scope<'a> {
        let mut scope = Scope {
            crate_name,
            modules,
            imports: BTreeMap::new(),
        };
        for (module, _, file) in files {
            let mut found = Vec::new();
            for item in &file.items {
                if let syn::Item::Use(item) = item {
                    flatten(&item.tree, &mut Vec::new(), &mut found);
                }
            }
            for (path, name) in found {
                if let Some(absolute) = scope.absolute(module, &path) {
                    scope
                        .imports
                        .entry(module.clone())
                        .or_default()
                        .insert(name, absolute);
                }
            }
        }
        scope
    }

    /// The modules `file` (the module `module`) uses, each with its first line.
    pub fn modules_used_by(
        &self,
        module: &ModulePath,
        file: &syn::File,
    ) -> Vec<(ModulePath, usize)> {
        let mut visitor = Visitor {
            scope: self,
            file_module: module,
            inline: Vec::new(),
            found: BTreeMap::new(),
        };
        visitor.visit_file(file);
        visitor.found.into_iter().collect()
    }

    /// `path` as written in `at`, from the crate root; `None` when it names
    /// nothing of this crate (another crate, a local name).
    fn absolute(&self, at: &[String], path: &[String]) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let mut base: Vec<String> = at.to_vec();
        let mut rest = rest;
        match first.as_str() {
            "crate" => base.clear(),
            name if name == self.crate_name => base.clear(),
            "self" => {}
            "super" => {
                base.pop()?;
                while let Some(("super", after)) = rest.split_first().map(|(s, r)| (s.as_str(), r))
                {
                    base.pop()?;
                    rest = after;
                }
            }
            _ => {
                let mut child = at.to_vec();
                child.push(first.clone());
                if self.modules.contains(&child) {
                    base = child;
                } else {
                    let imported = self.imports.get(at)?.get(first)?;
                    base = imported.clone();
                }
            }
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module that defines what `absolute` names, through `use` items.
    fn module_of(&self, absolute: &[String], depth: usize) -> ModulePath {
        let known = (0..=absolute.len())
            .rev()
            .find(|&n| self.modules.contains(&absolute[..n].to_vec()))
            .unwrap_or(0);
        let module = absolute[..known].to_vec();
        let Some(name) = absolute.get(known) else {
            return module;
        };
        let imports = self.imports.get(&module);
        let through = imports.and_then(|i| i.get(name).map(|to| (to.clone(), known + 1)));
        let through = through.or_else(|| {
            let glob = imports?.get("*")?;
            Some((glob.clone(), known))
        });
        match through {
            Some((mut to, skip)) if depth < 8 && to != absolute[..skip] => {
                to.extend(absolute[skip..].iter().cloned());
                self.module_of(&to, depth + 1)
            }
            _ => module,
        }
    }
}

/// Each leaf of a `use` tree: the path and the name it brings in (`*` for a glob).
fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            let name = prefix.last().cloned().unwrap_or_default();
            out.push((prefix.clone(), name));
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.push((path, n.ident.to_string()));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((path, r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), "*".to_owned())),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten(tree, prefix, out);
            }
        }
    }
}

struct Visitor<'s, 'a> {
    scope: &'s Scope<'a>,
    file_module: &'s ModulePath,
    /// Inline `mod name { … }` blocks the visitor is inside.
    inline: Vec<String>,
    found: BTreeMap<ModulePath, usize>,
}

impl Visitor<'_, '_> {
    fn note(&mut self, path: &[String], line: usize) {
        let mut at = self.file_module.clone();
        at.extend(self.inline.iter().cloned());
        let Some(absolute) = self.scope.absolute(&at, path) else {
            return;
        };
        let used = self.scope.module_of(&absolute, 0);
        if &used != self.file_module {
            self.found.entry(used).or_insert(line);
        }
    }

    /// `a::b::c` chains of identifiers in a macro's tokens (`view!`, `format!` …).
    fn note_tokens(&mut self, tokens: TokenStream) {
        let mut chain: Vec<String> = Vec::new();
        let mut line = 0;
        let mut colons = 0;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    if colons == 2 || chain.is_empty() {
                        if chain.is_empty() {
                            line = ident.span().start().line;
                        }
                        chain.push(ident.to_string());
                    } else {
                        self.note_chain(&chain, line);
                        chain = vec![ident.to_string()];
                        line = ident.span().start().line;
                    }
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && !chain.is_empty() => colons += 1,
                TokenTree::Group(group) => {
                    self.note_chain(&chain, line);
                    chain.clear();
                    self.note_tokens(group.stream());
                }
                _ => {
                    self.note_chain(&chain, line);
                    chain.clear();
                    colons = 0;
                }
            }
        }
        self.note_chain(&chain, line);
    }

    fn note_chain(&mut self, chain: &[String], line: usize) {
        if chain.len() > 1 {
            self.note(chain, line);
        }
    }
}

impl<'ast> Visit<'ast> for Visitor<'_, '_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let line = item.use_token.span.start().line;
        let mut leaves = Vec::new();
        flatten(&item.tree, &mut Vec::new(), &mut leaves);
        for (path, _) in leaves {
            self.note(&path, line);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.inline.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.inline.pop();
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.segments.len() > 1 {
            let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            let line = path.segments[0].ident.span().start().line;
            self.note(&names, line);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.note_tokens(mac.tokens.clone());
    }
}
