//! The checks on small crates written here, so that each can be seen to fail.

use std::path::{Path, PathBuf};

use crate::{Crate, against_the_grain, circles, modules};

/// A crate of `(file under src/, source)`.
fn krate(files: &[(&str, &str)]) -> Crate {
    let texts = files
        .iter()
        .map(|(file, text)| {
            let module = modules::of_file(Path::new(file));
            (module, PathBuf::from(file), text.to_string())
        })
        .collect();
    Crate::of_texts(Path::new("src"), "demo", texts).unwrap()
}

fn layers(text: &str) -> Vec<Vec<String>> {
    let layers = crate::Layers::parse(&format!("[src]\n{text}")).unwrap();
    layers.crates["src"].clone()
}

#[test]
fn one_way_uses_make_no_circle() {
    let krate = krate(&[
        ("lib.rs", "mod a; mod b;"),
        ("a.rs", "use crate::b::Thing;"),
        ("b.rs", "pub struct Thing;"),
    ]);
    assert!(circles(&krate).is_empty());
}

#[test]
fn two_modules_using_each_other_are_a_circle() {
    let krate = krate(&[
        ("lib.rs", ""),
        ("a.rs", "use crate::b::Thing; pub struct Other;"),
        (
            "b.rs",
            "pub struct Thing; fn f() -> super::a::Other { todo!() }",
        ),
    ]);
    let found = circles(&krate);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("crate::a → crate::b (a.rs:1)"),
        "{found:?}"
    );
    assert!(
        found[0].contains("crate::b → crate::a (b.rs:1)"),
        "{found:?}"
    );
}

#[test]
fn a_circle_between_folders_is_found_at_their_level() {
    let krate = krate(&[
        ("lib.rs", ""),
        ("shop/mod.rs", ""),
        ("shop/cart.rs", "use crate::store::sql::Row;"),
        ("store/mod.rs", ""),
        (
            "store/sql.rs",
            "pub struct Row;\nfn f() { crate::shop::cart::g(); }",
        ),
    ]);
    let found = circles(&krate);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("a circle under crate:"), "{found:?}");
    assert!(found[0].contains("crate::store → crate::shop (store/sql.rs:2)"));
}

#[test]
fn a_use_through_a_reexport_counts_for_the_module_that_defines_it() {
    // b uses c only through a's re-export of it, and c uses b.
    let krate = krate(&[
        ("lib.rs", ""),
        ("a/mod.rs", "pub use c::Thing; mod c; mod b;"),
        ("a/b.rs", "use super::Thing;"),
        ("a/c.rs", "pub struct Thing; use super::b;"),
    ]);
    let found = circles(&krate);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("crate::a::b → crate::a::c"), "{found:?}");
}

#[test]
fn paths_inside_macros_count() {
    let krate = krate(&[
        ("lib.rs", ""),
        ("a.rs", "fn f() { view! { <crate::b::Card/> } }"),
        ("b.rs", "fn g() { crate::a::f() }"),
    ]);
    assert_eq!(circles(&krate).len(), 1);
}

#[test]
fn super_inside_an_inline_module_is_the_files_own_module() {
    let krate = krate(&[
        ("lib.rs", ""),
        (
            "a.rs",
            "pub fn f() {}\n#[cfg(test)]\nmod tests { use super::f; }",
        ),
        ("b.rs", "use crate::a::f;"),
    ]);
    assert!(circles(&krate).is_empty());
    assert!(!krate.uses.contains_key(&(vec!["a".into()], vec![])));
}

#[test]
fn a_lower_layer_using_a_higher_one_is_against_the_grain() {
    let krate = krate(&[
        ("lib.rs", ""),
        ("pages.rs", "use crate::api::get;"),
        ("api.rs", "pub fn get() { crate::pages::show() }"),
    ]);
    let found = against_the_grain(&krate, &layers("api\npages"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("crate::api uses crate::pages"),
        "{found:?}"
    );
}

#[test]
fn a_module_in_no_layer_is_named() {
    let krate = krate(&[("lib.rs", ""), ("api.rs", ""), ("extra.rs", "")]);
    let found = against_the_grain(&krate, &layers("api"));
    assert_eq!(found, ["crate::extra is in no layer of layers.txt"]);
}
