//! The UI's words in Chinese (the default) and English. Catalog names come from
//! the taxonomy in both languages; product titles stay as the supplier wrote them.

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
        |saved| {
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
    const fn same(text: &'static str) -> Counted {
        Counted {
            one: text,
            other: text,
        }
    }

    const fn plural(one: &'static str, other: &'static str) -> Counted {
        Counted { one, other }
    }

    pub fn of(&self, n: impl Into<u64>) -> String {
        let n = n.into();
        let form = if n == 1 { self.one } else { self.other };
        form.replace("{}", &n.to_string())
    }
}

/// Every sentence of the UI, one field each.
pub struct Texts {
    pub tagline: &'static str,
    pub switch_to: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub filters: &'static str,
    pub category: &'static str,
    pub city: &'static str,
    pub price: &'static str,
    pub price_min: &'static str,
    pub price_max: &'static str,
    pub price_apply: &'static str,
    pub any_price: &'static str,
    pub clear_all: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_price_asc: &'static str,
    pub sort_price_desc: &'static str,
    pub sort_sales: &'static str,
    pub sort_newest: &'static str,
    pub result_count: Counted,
    pub loading: &'static str,
    pub no_results: &'static str,
    pub moq: &'static str,
    pub sales_30d: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page: &'static str,
    pub pagination: &'static str,
    pub retry: &'static str,
    pub reset_filters: &'static str,
    pub back_to_list: &'static str,
    pub tier_table: &'static str,
    pub tier_quantity: &'static str,
    pub tier_price: &'static str,
    pub supplier: &'static str,
    pub years_on_platform: Counted,
    pub origin: &'static str,
    pub listed_on: &'static str,
    pub goods_kind: &'static str,
    pub more_from_belt: &'static str,
    pub product_not_found: &'static str,
    pub page_not_found: &'static str,
    pub page_not_found_hint: &'static str,
    pub home: &'static str,
    pub price_from: &'static str,
    pub price_to: &'static str,
    pub no_city_matches: &'static str,
    pub show_more: &'static str,
    pub show_less: &'static str,
    pub city_search: &'static str,
    pub price_min_above_max: &'static str,
    pub price_invalid: &'static str,
    pub price_cluster: &'static str,
    pub supplier_kind: &'static str,
    pub quick_filters: &'static str,
    pub applied_filters: &'static str,
    pub remove: &'static str,
    pub keyword: &'static str,
    pub show_results: Counted,
    pub show_results_unknown: &'static str,
    pub close: &'static str,
    pub belts_nav: &'static str,
    pub belts_title: &'static str,
    pub belts_intro: &'static str,
    pub specialty: &'static str,
    pub factory_count: Counted,
    pub product_count: Counted,
    pub try_dropping: &'static str,
    pub price_label: &'static str,
}

pub static ZH: Texts = Texts {
    tagline: "产业带源头好货",
    switch_to: "English",
    search_label: "搜索商品",
    search_placeholder: "搜索商品，如 运动鞋、儿童",
    search_button: "搜索",
    filters: "筛选",
    category: "品类",
    city: "城市与产业带",
    price: "价格",
    price_min: "最低价（元）",
    price_max: "最高价（元）",
    price_apply: "确定",
    any_price: "不限",
    clear_all: "清除全部",
    sort_label: "排序",
    sort_relevance: "综合",
    sort_price_asc: "价格从低到高",
    sort_price_desc: "价格从高到低",
    sort_sales: "销量",
    sort_newest: "最新上架",
    result_count: Counted::same("共 {} 件商品"),
    loading: "正在加载…",
    no_results: "没有符合条件的商品，试试减少筛选条件。",
    moq: "起批",
    sales_30d: "30天售",
    previous: "上一页",
    next: "下一页",
    page: "第 {} 页",
    pagination: "分页",
    retry: "重试",
    reset_filters: "重置筛选",
    back_to_list: "← 返回列表",
    tier_table: "阶梯价",
    tier_quantity: "起订数量",
    tier_price: "单价",
    supplier: "供应商",
    years_on_platform: Counted::same("{} 年"),
    origin: "产地",
    listed_on: "上架日期",
    goods_kind: "商品类型",
    more_from_belt: "查看该产业带更多商品",
    product_not_found: "商品不存在或已下架。",
    page_not_found: "页面不存在",
    page_not_found_hint: "你访问的页面不存在，可能链接有误。",
    home: "返回首页",
    price_from: "≥ ",
    price_to: "≤ ",
    no_city_matches: "没有匹配的城市或产业带",
    show_more: "更多",
    show_less: "收起",
    city_search: "查找城市，如 义乌 或 yiwu",
    price_min_above_max: "最低价不能高于最高价",
    price_invalid: "请输入价格（元），最多两位小数",
    price_cluster: "多数商品价格在 ",
    supplier_kind: "供应商类型",
    quick_filters: "快速筛选",
    applied_filters: "已选条件",
    remove: "移除",
    keyword: "关键词",
    show_results: Counted::same("显示 {} 件商品"),
    show_results_unknown: "显示商品",
    close: "关闭",
    belts_nav: "产业带",
    belts_title: "全部产业带",
    belts_intro: "按省份和城市浏览源头产业带，点击进入该产业带的商品。",
    specialty: "主营",
    factory_count: Counted::same("{} 家工厂"),
    product_count: Counted::same("{} 件商品"),
    try_dropping: "试试去掉：",
    price_label: "价格",
};

pub static EN: Texts = Texts {
    tagline: "Straight from China's industrial belts",
    switch_to: "中文",
    search_label: "Search products",
    search_placeholder: "Search products, e.g. 运动鞋",
    search_button: "Search",
    filters: "Filters",
    category: "Category",
    city: "City & belt",
    price: "Price",
    price_min: "Min (¥)",
    price_max: "Max (¥)",
    price_apply: "Apply",
    any_price: "Any",
    clear_all: "Clear all",
    sort_label: "Sort",
    sort_relevance: "Best match",
    sort_price_asc: "Price: low to high",
    sort_price_desc: "Price: high to low",
    sort_sales: "Best selling",
    sort_newest: "Newest",
    result_count: Counted::plural("{} product", "{} products"),
    loading: "Loading…",
    no_results: "No products match. Try removing a filter.",
    moq: "MOQ",
    sales_30d: "sold in 30 days",
    previous: "Previous",
    next: "Next",
    page: "Page {}",
    pagination: "Pagination",
    retry: "Retry",
    reset_filters: "Reset filters",
    back_to_list: "← Back to the list",
    tier_table: "Tiered prices",
    tier_quantity: "Quantity from",
    tier_price: "Unit price",
    supplier: "Supplier",
    years_on_platform: Counted::plural("{} year on the platform", "{} years on the platform"),
    origin: "Origin",
    listed_on: "Listed on",
    goods_kind: "Goods kind",
    more_from_belt: "More from this belt",
    product_not_found: "This product does not exist or was removed.",
    page_not_found: "Page not found",
    page_not_found_hint: "The page you asked for does not exist; the link may be wrong.",
    home: "Go to the catalog",
    price_from: "from ",
    price_to: "up to ",
    no_city_matches: "No city or belt matches",
    show_more: "More",
    show_less: "Less",
    city_search: "Find a city, e.g. yiwu",
    price_min_above_max: "The minimum is above the maximum",
    price_invalid: "Enter prices in yuan, at most two decimals",
    price_cluster: "Most prices are in ",
    supplier_kind: "Supplier kind",
    quick_filters: "Quick filters",
    applied_filters: "Applied filters",
    remove: "Remove",
    keyword: "Keyword",
    show_results: Counted::plural("Show {} product", "Show {} products"),
    show_results_unknown: "Show products",
    close: "Close",
    belts_nav: "Belts",
    belts_title: "All industrial belts",
    belts_intro: "Browse source belts by province and city; open one to see its products.",
    specialty: "Specialty",
    factory_count: Counted::plural("{} factory", "{} factories"),
    product_count: Counted::plural("{} product", "{} products"),
    try_dropping: "Try dropping:",
    price_label: "Price",
};
