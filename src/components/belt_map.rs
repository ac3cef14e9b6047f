//! The belts map: China's provinces (`public/china-map.svg`, drawn at build
//! time by `scripts/build-map.sh`) with a dot on each belt city, sized by its
//! products. Hovering a dot names its belts; clicking it opens the catalog for
//! the city. Keyboard and screen-reader users have the list under it, so the
//! map is hidden from them.

use beltmart_contract::{CatalogQuery, City, Facet, Facets};
use leptos::prelude::*;

use crate::api::asset_url;
use crate::i18n::Lang;
use crate::router::urls::catalog_href;

/// The map file, in lon/lat space squeezed by cos 35°: x = lon · 0.82, y = −lat.
pub const MAP_FILE: &str = "china-map.svg";
/// Its `viewBox` (lon 73°–136° E, lat 54°–18° N); the dots use the same frame.
pub const VIEW_BOX: [f64; 4] = [59.86, -54.0, 51.66, 36.0];
const X_SCALE: f64 = 0.82;
/// Pixel size of the map image as drawn, for the page to reserve its space.
const IMAGE_SIZE: (u32, u32) = (1033, 720);
/// Dot diameters in pixels: the smallest city's, and what the largest adds.
const DOT_MIN_PX: u32 = 8;
const DOT_SPREAD_PX: f64 = 14.0;

/// Where a point lies on the map, in tenths of a percent from the left and the top.
pub fn position([lon, lat]: [f64; 2]) -> Option<(u32, u32)> {
    let [left, top, width, height] = VIEW_BOX;
    let x = (lon * X_SCALE - left) / width;
    let y = (-lat - top) / height;
    let on_map = (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y);
    on_map.then(|| ((x * 1000.0).round() as u32, (y * 1000.0).round() as u32))
}

/// A city on the map: where, what it is called, its belts, its products.
pub struct Dot<'a> {
    pub city: &'a City,
    pub belts: String,
    pub products: u64,
}

/// `None` when no city has coordinates (a catalog from before they existed).
pub fn belt_map(mut dots: Vec<Dot>, lang: Lang) -> Option<impl IntoView + use<>> {
    dots.retain(|dot| dot.city.coordinates.is_some());
    if dots.is_empty() {
        return None;
    }
    // Big dots first, so that the small ones near them are drawn on top and stay clickable.
    dots.sort_by_key(|dot| std::cmp::Reverse(dot.products));
    let most = dots.iter().map(|d| d.products).max().unwrap_or(0).max(1);
    let dots = dots.into_iter().filter_map(|dot| {
        let (x, y) = position(dot.city.coordinates?)?;
        let share = dot.products as f64 / most as f64;
        let size = DOT_MIN_PX + (DOT_SPREAD_PX * share.sqrt()) as u32;
        // Set through the CSSOM (`style:`), which the Content-Security-Policy
        // allows, unlike a `style` attribute.
        let percent = |tenths: u32| format!("{}.{}%", tenths / 10, tenths % 10);
        let size = format!("{size}px");
        let name = lang.pick(&dot.city.name_zh, &dot.city.name_en).to_owned();
        let tip = format!("{name} · {}", dot.belts);
        let count = lang.texts().product_count.of(dot.products);
        let href = catalog_href(&CatalogQuery {
            city: vec![dot.city.id.clone()],
            ..Default::default()
        });
        Some(view! {
            <a
                class="map-dot"
                href=href
                style:left=percent(x)
                style:top=percent(y)
                style:width=size.clone()
                style:height=size
                tabindex="-1"
                data-city=dot.city.id.clone()
            >
                <span class="map-tip">
                    <strong>{tip}</strong>
                    " "
                    {count}
                </span>
            </a>
        })
    });
    let (width, height) = IMAGE_SIZE;
    Some(view! {
        <figure class="belt-map" aria-hidden="true">
            <figcaption>{lang.texts().belts_map_label}</figcaption>
            <div class="map-frame">
                <img src=asset_url(MAP_FILE) alt="" width=width height=height decoding="async" />
                {dots.collect_view()}
            </div>
        </figure>
    })
}

/// A city's products in the whole catalog, from the unfiltered facets.
pub fn products_of(facets: Option<&Facets>, city: &City) -> u64 {
    facets
        .and_then(|f| f.count(Facet::City, &city.id))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_file_is_drawn_in_the_frame_the_dots_use() {
        let svg = include_str!("../../public/china-map.svg");
        let view_box = VIEW_BOX.map(|v| v.to_string()).join(" ");
        assert!(
            svg.contains(&format!("viewBox=\"{view_box}\"")),
            "public/china-map.svg is not drawn in {view_box}: rebuild it with scripts/build-map.sh"
        );
    }

    #[test]
    fn no_map_without_coordinates() {
        let city = City {
            id: "yiwu".into(),
            name_zh: "义乌".into(),
            name_en: "Yiwu".into(),
            coordinates: None,
            belts: Vec::new(),
        };
        let dots = vec![Dot {
            city: &city,
            belts: String::new(),
            products: 3,
        }];
        assert!(belt_map(dots, Lang::Zh).is_none());
    }

    #[test]
    fn a_city_lands_where_it_is_and_far_away_is_off_the_map() {
        // Yiwu: 120.07 °E, 29.31 °N.
        assert_eq!(position([120.07, 29.31]), Some((747, 686)));
        assert_eq!(position([73.0, 54.0]), Some((0, 0)));
        assert_eq!(position([2.35, 48.86]), None, "Paris");
    }
}
