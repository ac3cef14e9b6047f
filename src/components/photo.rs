//! A product's picture at the size the screen needs. A picture the site
//! stores comes at several widths in WebP: the browser picks by `sizes` and
//! its screen's density, and the picture's average colour fills its place
//! until it arrives. A browser without WebP (none that runs this app but
//! Safari 13 and older) shows the API's `image`, a 640 px JPEG. A link (or a
//! generated picture) is that `<img>` alone.

use beltmart_contract::Picture;
use leptos::prelude::*;

use crate::api::{api_url, srcset};

pub use crate::api::CARD_SIZES;
/// A product page's main picture.
pub const GALLERY_SIZES: &str = "(max-width: 640px) 100vw, 480px";
/// A gallery's thumbnail.
pub const THUMB_SIZES: &str = "64px";

/// `src` when the site does not store the picture; the box is `side` pixels
/// square until the style sheet sizes it.
#[component]
pub fn Photo(
    src: String,
    picture: Option<Picture>,
    sizes: &'static str,
    side: u32,
    #[prop(optional, into)] alt: String,
    #[prop(optional)] class: &'static str,
    /// At once and first: the largest paint on screen.
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let webp = picture.as_ref().map(|p| srcset(p, "webp"));
    // Set through the CSSOM (`style:`); a rendered page's CSP allows the attribute by its hash.
    let color = picture.map(|p| p.color);
    view! {
        <picture>
            {webp.map(|set| view! { <source type="image/webp" srcset=set sizes=sizes /> })}
            <img
                class=class
                src=api_url(&src)
                alt=alt
                width=side
                height=side
                loading=if eager { "eager" } else { "lazy" }
                fetchpriority=if eager { "high" } else { "auto" }
                decoding="async"
                style:background-color=color
            />
        </picture>
    }
}
