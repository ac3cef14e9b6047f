//! The site's stored pictures as the API shows them: a product's image that
//! references one (`picture:…`) becomes a URL every client can show and the
//! sizes the storefront builds its `srcset` from.

use std::collections::HashMap;

use beltmart_contract::{self as api, path};

use crate::pictures::{About, Encoding, referenced, widths_for};

/// The width of the one URL a client without `srcset` shows.
const PLAIN_WIDTH: u32 = 640;

#[derive(Default)]
pub struct Pictures {
    by_name: HashMap<Box<str>, Shown>,
}

struct Shown {
    src: String,
    width: u32,
    height: u32,
    color: String,
}

impl Pictures {
    pub fn new(stored: Vec<About>) -> Pictures {
        let by_name = stored
            .into_iter()
            .map(|a| {
                let shown = Shown {
                    src: format!("{}/{}", path::PICTURES, a.name),
                    width: a.width,
                    height: a.height,
                    color: a.color,
                };
                (a.name.into_boxed_str(), shown)
            })
            .collect();
        Pictures { by_name }
    }

    /// Whether the store has the picture `name` at `width`.
    pub fn has_width(&self, name: &str, width: u32) -> bool {
        self.by_name
            .get(name)
            .is_some_and(|shown| widths_for(shown.width).contains(&width))
    }

    /// `image`'s URL and, when the site stores it, its sizes; `None` for a
    /// reference to a picture the store does not have.
    pub fn show(&self, image: &str) -> Option<(String, Option<api::Picture>)> {
        let Some(name) = referenced(image) else {
            return Some((image.to_owned(), None));
        };
        let shown = self.by_name.get(name)?;
        let widths = widths_for(shown.width);
        let plain = widths
            .iter()
            .copied()
            .find(|&w| w >= PLAIN_WIDTH)
            .unwrap_or(shown.width);
        let url = format!("{}-{plain}.{}", shown.src, Encoding::Jpeg.extension());
        let picture = api::Picture {
            src: shown.src.clone(),
            width: shown.width,
            height: shown.height,
            widths,
            color: shown.color.clone(),
        };
        Some((url, Some(picture)))
    }
}
