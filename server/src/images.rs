//! Product images, drawn as SVG from the product itself so the catalog needs no
//! network and no image files.

use beltmart_contract::ProductSummary;

/// A square picture: the category's colour, its name and where the product comes from.
/// `view` (1–3) varies the colours, for the product page's gallery.
pub fn product_svg(product: &ProductSummary, category: &str, city: &str, view: u32) -> String {
    let hue = (hash(&product.category) % 360 + view * 40) % 360;
    let (title, place) = (escape(category), escape(city));
    let id = escape(&product.id);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue} 70% 92%)"/><stop offset="1" stop-color="hsl({hue} 55% 78%)"/></linearGradient></defs><rect width="400" height="400" fill="url(#g)"/><circle cx="{cx}" cy="170" r="96" fill="hsl({hue} 60% 60% / .35)"/><text x="200" y="190" font-family="sans-serif" font-size="44" font-weight="700" text-anchor="middle" fill="hsl({hue} 45% 25%)">{title}</text><text x="200" y="330" font-family="sans-serif" font-size="24" text-anchor="middle" fill="hsl({hue} 35% 30%)">{place} · {id}</text></svg>"##,
        cx = 140 + view * 30,
    )
}

fn hash(s: &str) -> u32 {
    s.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
