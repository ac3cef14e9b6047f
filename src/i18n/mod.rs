//! The UI's words in Chinese (the default) and English. Catalog names come from
//! the taxonomy in both languages; product titles stay as the supplier wrote them.

use beltmart_contract::{Facet, Filter};
use leptos::prelude::*;

mod errors;

pub use errors::{fetch_problem, query_problem};

use crate::hooks::{Store, use_stored_signal};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The `<html lang>` value.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// `name_zh` or `name_en` of a taxonomy entry.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Provides the language to the whole app: remembered across visits, and
/// mirrored in `<html lang>` so screen readers and fonts follow.
pub fn provide_lang() -> RwSignal<Lang> {
    let site_default = crate::api::config()
        .default_lang
        .as_deref()
        .and_then(Lang::from_tag);
    let lang = use_stored_signal(
        Store::Local,
        "beltmart.lang",
        move |saved| {
            saved
                .and_then(Lang::from_tag)
                .or(site_default)
                .unwrap_or_default()
        },
        |lang| lang.tag().to_owned(),
    );
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().tag());
        }
    });
    provide_context(lang);
    lang
}

pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// A phrase with a number in it (`{}`), in the forms a language needs:
/// English says "1 product" and "2 products"; Chinese has one form.
pub struct Counted {
    one: &'static str,
    other: &'static str,
}

impl Counted {
    const fn plural(one: &'static str, other: &'static str) -> Counted {
        Counted { one, other }
    }

    pub fn of(&self, n: impl Into<u64>) -> String {
        let n = n.into();
        let form = if n == 1 { self.one } else { self.other };
        form.replace("{}", &n.to_string())
    }
}

/// A text with its named blanks filled: `fill(t, &[("{n}", "20")])`.
/// A filter's parameter in words ("城市", "goods kind"), for messages and suggestions.
pub fn param_name(key: &str, texts: &Texts) -> &'static str {
    match Filter::from_key(key) {
        Some(Filter::Facet(Facet::Category)) => texts.param_category,
        Some(Filter::Facet(Facet::City)) => texts.param_city,
        Some(Filter::Facet(Facet::Belt)) => texts.param_belt,
        Some(Filter::Facet(Facet::GoodsKind)) => texts.param_goods_kind,
        Some(Filter::Facet(Facet::SupplierKind)) => texts.param_supplier_kind,
        _ => texts.param_other,
    }
}

pub fn fill(text: &str, blanks: &[(&str, &str)]) -> String {
    blanks.iter().fold(text.to_owned(), |text, (blank, value)| {
        text.replace(blank, value)
    })
}

/// What `n` pieces cost at a unit price: "20 个共 ¥500.00".
pub fn total_for(texts: &Texts, n: u32, unit: &str, unit_price_fen: u32) -> String {
    let total = beltmart_contract::format_yuan(u64::from(unit_price_fen) * u64::from(n));
    fill(
        texts.total_for,
        &[
            ("{n}", &n.to_string()),
            ("{unit}", unit),
            ("{total}", &total),
        ],
    )
}

// `Texts`, `ZH` and `EN`, made by build.rs from texts.json.
include!(concat!(env!("OUT_DIR"), "/texts.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_one_and_many() {
        assert_eq!(EN.result_count.of(1u64), "1 product");
        assert_eq!(EN.result_count.of(0u64), "0 products");
        assert_eq!(EN.factory_count.of(2u32), "2 factories");
        assert_eq!(EN.years_on_platform.of(1u32), "1 year on the platform");
        assert_eq!(ZH.result_count.of(1u64), "共 1 件商品");
    }
}
