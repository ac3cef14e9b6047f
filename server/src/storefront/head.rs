//! What a rendered page tells search engines and link previews: the title
//! (the app's own), a description built from its filters or product, the
//! canonical URL (the contract's codec orders the parameters), Open Graph
//! tags and schema.org JSON-LD; pages with nothing to show are `noindex`.

use std::fmt::Write;

use beltmart::rendering::server::Rendered;
use beltmart::router::urls::{Base, Page, catalog_href_in};
use beltmart_contract::{
    CatalogQuery, Facet, ProductDetail, ProductList, SupplierDetail, SupplierList, SupplierQuery,
    Taxonomy, format_yuan, path,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const SITE_NAME: &str = "Beltmart 产业带好货";

/// A page's head, before it is written out.
struct Head {
    title: String,
    description: String,
    /// Absolute.
    canonical: String,
    og_type: &'static str,
    image: Option<String>,
    indexable: bool,
    json_ld: Vec<Value>,
}

/// The head tags of `rendered`, the page at `pathname` and `search` of the
/// storefront at `public` (`https://shop.example.com`, no trailing slash).
pub fn tags(rendered: &Rendered, page: &Page, public: &str, base: &Base, search: &str) -> String {
    let site = Site {
        public,
        base,
        taxonomy: answer(rendered, path::TAXONOMY),
    };
    let head = match page {
        Page::Catalog => site.catalog(rendered, search),
        Page::Product(id) => site.product(rendered, id),
        Page::Factory(id) => site.factory(rendered, id),
        Page::Factories => site.factories(rendered, search),
        Page::Belts => site.belts(rendered),
        Page::List | Page::NotFound => site.plain(rendered, page),
    };
    head.write()
}

/// The decoded 2xx answer for `api_path` the page was rendered from.
fn answer<T: DeserializeOwned>(rendered: &Rendered, api_path: &str) -> Option<T> {
    let answer = rendered.used.get(api_path)?;
    (200..300)
        .contains(&answer.status)
        .then(|| serde_json::from_str(&answer.body).ok())
        .flatten()
}

/// The catalog page's list: the one products answer it was rendered from.
fn product_list(rendered: &Rendered) -> Option<ProductList> {
    let (api_path, _) = rendered
        .used
        .iter()
        .find(|(p, _)| p.split('?').next() == Some(path::PRODUCTS))?;
    answer(rendered, api_path)
}

struct Site<'a> {
    public: &'a str,
    base: &'a Base,
    taxonomy: Option<Taxonomy>,
}

impl Site<'_> {
    fn url(&self, href: &str) -> String {
        format!("{}{href}", self.public)
    }

    fn name(&self, id: &str) -> String {
        self.taxonomy
            .as_ref()
            .and_then(|t| t.name(id))
            .map_or_else(|| id.to_owned(), |n| n.zh.to_owned())
    }

    /// An image URL as a crawler needs it: absolute.
    fn image(&self, src: &str) -> String {
        match src.starts_with('/') {
            true => self.url(src),
            false => src.to_owned(),
        }
    }

    fn home(&self) -> (String, String) {
        ("首页".to_owned(), self.url(self.base.root()))
    }

    fn catalog(&self, rendered: &Rendered, search: &str) -> Head {
        let query = CatalogQuery::parse(search).ok();
        let list = product_list(rendered);
        let canonical_query = query.clone().unwrap_or_default();
        let canonical = self.url(&catalog_href_in(self.base, &canonical_query));
        let names: Vec<String> = [Facet::Category, Facet::Belt, Facet::City]
            .into_iter()
            .flat_map(|facet| canonical_query.values(facet))
            .map(|id| self.name(id))
            .collect();
        let subject = match names.is_empty() {
            true => "产业带源头好货".to_owned(),
            false => names.join("、"),
        };
        let description = match &list {
            Some(list) if list.total > 0 => {
                let lowest = list.items.iter().map(|p| p.price_fen).min().unwrap_or(0);
                format!(
                    "{subject}：{} 件源头工厂直供商品，本页低至 ¥{}，小批量起订，按品类、城市与产业带、价格筛选。",
                    list.total,
                    format_yuan(lowest)
                )
            }
            _ => format!("{subject}：暂无符合条件的商品。"),
        };
        let mut crumbs = vec![self.home()];
        if let [category] = canonical_query.values(Facet::Category) {
            let only = CatalogQuery::default().toggled(Facet::Category, category);
            crumbs.push((
                self.name(category),
                self.url(&catalog_href_in(self.base, &only)),
            ));
        }
        let mut json_ld = vec![breadcrumbs(&crumbs)];
        if let Some(list) = &list {
            json_ld.push(self.item_list(list));
        }
        Head {
            title: title_of(rendered),
            description,
            canonical,
            og_type: "website",
            image: list
                .as_ref()
                .and_then(|l| l.items.first())
                .map(|p| self.image(&p.image)),
            indexable: query.is_some() && list.is_some_and(|l| l.total > 0),
            json_ld,
        }
    }

    fn item_list(&self, list: &ProductList) -> Value {
        let first = (list.page.saturating_sub(1) * list.per_page) as usize;
        let items: Vec<Value> = list
            .items
            .iter()
            .enumerate()
            .map(|(i, p)| {
                json!({
                    "@type": "ListItem",
                    "position": first + i + 1,
                    "url": self.url(&Page::Product(p.id.clone()).href(self.base)),
                    "name": p.title,
                })
            })
            .collect();
        json!({
            "@context": "https://schema.org",
            "@type": "ItemList",
            "numberOfItems": list.total,
            "itemListElement": items,
        })
    }

    fn product(&self, rendered: &Rendered, id: &str) -> Head {
        let page = Page::Product(id.to_owned());
        let canonical = self.url(&page.href(self.base));
        let Some(product) = answer::<ProductDetail>(rendered, &path::product(id)) else {
            return self.plain(rendered, &page);
        };
        let prices = product.tiers.iter().map(|t| t.price_fen);
        let low = prices.clone().min().unwrap_or(product.price_fen);
        let high = prices.max().unwrap_or(product.price_fen);
        let description = format!(
            "{}：¥{}–¥{}/{}，{} {}起批。{}·{} 源头工厂：{}（{} 年）。",
            product.title,
            format_yuan(low),
            format_yuan(high),
            product.unit,
            product.moq,
            product.unit,
            self.name(&product.city),
            self.name(&product.belt),
            product.supplier.name,
            product.supplier.years,
        );
        let category = CatalogQuery::default().toggled(Facet::Category, &product.category);
        let crumbs = [
            self.home(),
            (
                self.name(&product.category),
                self.url(&catalog_href_in(self.base, &category)),
            ),
            (product.title.clone(), canonical.clone()),
        ];
        let images: Vec<String> = product.images.iter().map(|i| self.image(i)).collect();
        let offer = json!({
            "@type": "AggregateOffer",
            "priceCurrency": "CNY",
            "lowPrice": format_yuan(low),
            "highPrice": format_yuan(high),
            "offerCount": product.tiers.len().max(1),
            "availability": "https://schema.org/InStock",
            "url": canonical,
            "seller": { "@type": "Organization", "name": product.supplier.name },
        });
        let item = json!({
            "@context": "https://schema.org",
            "@type": "Product",
            "productID": product.id,
            "sku": product.id,
            "name": product.title,
            "image": images,
            "description": description,
            "category": self.name(&product.category),
            "offers": offer,
        });
        Head {
            title: title_of(rendered),
            description,
            canonical,
            og_type: "product",
            image: images.first().cloned(),
            indexable: true,
            json_ld: vec![item, breadcrumbs(&crumbs)],
        }
    }

    /// A factory: an `Organization` with what is known of it; `noindex`
    /// while it has no products.
    fn factory(&self, rendered: &Rendered, id: &str) -> Head {
        let page = Page::Factory(id.to_owned());
        let canonical = self.url(&page.href(self.base));
        let Some(factory) = answer::<SupplierDetail>(rendered, &path::supplier(id)) else {
            return self.plain(rendered, &page);
        };
        let f = &factory.profile;
        let kinds: Vec<String> = f.kinds.iter().map(|k| self.name(k)).collect();
        let description = format!(
            "{}：{}·{} {}，{}，在售 {} 件商品；每项信息注明来源与核验日期，并与本产业带同类工厂比较。",
            f.name,
            self.name(&f.city),
            self.name(&f.belt),
            kinds.join("、"),
            match f.founded {
                Some(year) => format!("成立于 {year} 年，入驻 {} 年", f.years),
                None => format!("入驻 {} 年", f.years),
            },
            factory.product_count,
        );
        let mut organization = json!({
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": canonical,
            "name": f.name,
            "url": canonical,
            "description": description,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": self.name(&f.city),
                "addressCountry": "CN",
            },
        });
        if let Some(year) = f.founded {
            organization["foundingDate"] = json!(year.to_string());
        }
        if let Some(staff) = &f.facts.staff {
            organization["numberOfEmployees"] =
                json!({ "@type": "QuantitativeValue", "value": staff.value });
        }
        let belt = CatalogQuery::default().toggled(Facet::Belt, &f.belt);
        let crumbs = [
            self.home(),
            (
                self.name(&f.belt),
                self.url(&catalog_href_in(self.base, &belt)),
            ),
            (f.name.clone(), canonical.clone()),
        ];
        Head {
            title: title_of(rendered),
            description,
            canonical,
            og_type: "profile",
            image: None,
            indexable: factory.product_count > 0,
            json_ld: vec![organization, breadcrumbs(&crumbs)],
        }
    }

    /// The factory list: canonical at the codec's form of its query; `noindex`
    /// when it lists none, or for a name search (its results are the factories' pages).
    fn factories(&self, rendered: &Rendered, search: &str) -> Head {
        let query = SupplierQuery::parse(search).unwrap_or_default();
        let list = Page::Factories.href(self.base);
        let canonical = match query.render() {
            rendered if rendered.is_empty() => self.url(&list),
            rendered => self.url(&format!("{list}?{rendered}")),
        };
        let total =
            answer::<SupplierList>(rendered, &path::suppliers(&query)).map_or(0, |l| l.total);
        let belts: Vec<String> = query.belt.iter().map(|b| self.name(b)).collect();
        Head {
            title: title_of(rendered),
            description: format!(
                "{}{total} 家源头工厂：每家的资质、验厂与产能信息注明来源与日期，并与本产业带同类工厂比较。",
                belts.join("、")
            ),
            json_ld: vec![breadcrumbs(&[
                self.home(),
                (title_of(rendered), canonical.clone()),
            ])],
            canonical,
            og_type: "website",
            image: None,
            indexable: total > 0 && query.q.is_empty(),
        }
    }

    fn belts(&self, rendered: &Rendered) -> Head {
        let canonical = self.url(&Page::Belts.href(self.base));
        let (cities, belts) = self
            .taxonomy
            .as_ref()
            .map_or((0, 0), |t| (t.all_cities().count(), t.all_belts().count()));
        let title = title_of(rendered);
        Head {
            description: format!(
                "{cities} 个城市的 {belts} 个产业带：每个产业带的源头工厂与特色品类，一键查看当地好货。"
            ),
            json_ld: vec![breadcrumbs(&[
                self.home(),
                (title.clone(), canonical.clone()),
            ])],
            title,
            canonical,
            og_type: "website",
            image: None,
            indexable: cities > 0,
        }
    }

    /// A page with nothing for search engines: the 进货单, the not-found page.
    fn plain(&self, rendered: &Rendered, page: &Page) -> Head {
        Head {
            title: title_of(rendered),
            description: "Beltmart 产业带好货：按品类、城市与产业带、价格筛选源头工厂直供商品。"
                .to_owned(),
            canonical: self.url(&page.href(self.base)),
            og_type: "website",
            image: None,
            indexable: false,
            json_ld: vec![breadcrumbs(&[self.home()])],
        }
    }
}

fn title_of(rendered: &Rendered) -> String {
    rendered
        .title
        .clone()
        .unwrap_or_else(|| SITE_NAME.to_owned())
}

fn breadcrumbs(crumbs: &[(String, String)]) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

impl Head {
    fn write(&self) -> String {
        let mut out = String::new();
        let mut meta = |attribute: &str, key: &str, value: &str| {
            let _ = write!(
                out,
                "<meta {attribute}=\"{key}\" content=\"{}\" />",
                attribute_text(value)
            );
        };
        meta("name", "description", &self.description);
        if !self.indexable {
            meta("name", "robots", "noindex");
        }
        meta("property", "og:site_name", SITE_NAME);
        meta("property", "og:locale", "zh_CN");
        meta("property", "og:type", self.og_type);
        meta("property", "og:title", &self.title);
        meta("property", "og:description", &self.description);
        meta("property", "og:url", &self.canonical);
        if let Some(image) = &self.image {
            meta("property", "og:image", image);
        }
        let _ = write!(
            out,
            "<title>{}</title><link rel=\"canonical\" href=\"{}\" />",
            text(&self.title),
            attribute_text(&self.canonical)
        );
        for item in &self.json_ld {
            // `<` escaped, so that no string can end the script.
            let data = item.to_string().replace('<', "\\u003c");
            let _ = write!(out, "<script type=\"application/ld+json\">{data}</script>");
        }
        out
    }
}

fn text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn attribute_text(value: &str) -> String {
    text(value).replace('"', "&quot;")
}
