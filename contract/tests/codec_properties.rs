//! Properties of the query codec over generated input.

use beltmart_contract::{CatalogQuery, MAX_PER_PAGE, MAX_QTY, Param, PriceRange, Shortlist, Sort};
use proptest::prelude::*;

fn ids() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", 0..5).prop_map(|mut ids| {
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        ids
    })
}

fn price() -> impl Strategy<Value = PriceRange> {
    let fen = proptest::option::of(0u32..=1_000_000_000);
    (fen.clone(), fen).prop_map(|(a, b)| match (a, b) {
        (Some(a), Some(b)) => PriceRange {
            min_fen: Some(a.min(b)),
            max_fen: Some(a.max(b)),
        },
        (min_fen, max_fen) => PriceRange { min_fen, max_fen },
    })
}

fn keyword() -> impl Strategy<Value = String> {
    // Any printable text, Chinese included, as the codec stores it: trimmed, no controls.
    "\\PC{0,64}".prop_map(|s| s.trim().to_owned())
}

prop_compose! {
    fn valid_query()(
        category in ids(), city in ids(), belt in ids(), goods_kind in ids(), supplier_kind in ids(),
        supplier in ids(),
        price in price(), qty in proptest::option::of(1..=MAX_QTY), q in keyword(),
        sort in proptest::sample::select(Sort::ALL.to_vec()),
        page in 1u32..=u32::MAX, per_page in 1..=MAX_PER_PAGE,
    ) -> CatalogQuery {
        CatalogQuery {
            category, city, belt, goods_kind, supplier_kind, supplier, price, qty, q, sort, page, per_page,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn render_then_parse_is_identity(query in valid_query()) {
        prop_assert_eq!(CatalogQuery::parse(&query.render()).unwrap(), query);
    }

    #[test]
    fn any_text_parses_or_errors_without_panicking(input in "\\PC*|[\\x00-\\x7f]{0,200}") {
        if let Err(err) = CatalogQuery::parse(&input) {
            prop_assert!(!err.to_string().is_empty());
            prop_assert!(!err.code().is_empty());
        }
    }

    #[test]
    fn any_parameter_value_parses_or_errors(
        key in proptest::sample::select(Param::all().map(Param::key).collect::<Vec<_>>()),
        value in any::<Vec<u8>>(),
    ) {
        let encoded: String = form_encode(&value);
        let _ = CatalogQuery::parse(&format!("{key}={encoded}"));
    }

    #[test]
    fn parsed_queries_render_stably(input in "[a-z_=&,0-9.%-]{0,80}") {
        if let Ok(query) = CatalogQuery::parse(&input) {
            let again = CatalogQuery::parse(&query.render()).unwrap();
            prop_assert_eq!(again, query);
        }
    }
}

/// Percent-encodes raw bytes, invalid UTF-8 included.
fn form_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

prop_compose! {
    fn shortlist()(
        lines in proptest::collection::vec(("[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", 1..=MAX_QTY), 0..30)
    ) -> Shortlist {
        let mut list = Shortlist::default();
        for (id, qty) in lines {
            if list.qty_of(&id).is_none() {
                list.set(&id, qty).unwrap();
            }
        }
        list
    }
}

proptest! {
    #[test]
    fn shortlist_links_round_trip(list in shortlist()) {
        prop_assert_eq!(Shortlist::parse(&list.render()).unwrap(), list);
    }

    #[test]
    fn any_shortlist_text_parses_or_errors(input in "\\PC{0,120}") {
        if let Err(err) = Shortlist::parse_items(&input) {
            prop_assert!(!err.to_string().is_empty());
        }
    }
}
