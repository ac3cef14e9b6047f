use beltmart_contract::Picture;
use leptos::prelude::*;

use crate::components::photo::{GALLERY_SIZES, Photo, THUMB_SIZES};

/// The main picture, and thumbnails that choose it. `pictures[n]` has the
/// sizes of `images[n]` when the site stores it.
#[component]
pub fn Gallery(
    images: Vec<String>,
    pictures: Vec<Option<Picture>>,
    title: String,
) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let shown: Vec<(String, Option<Picture>)> = images
        .into_iter()
        .enumerate()
        .map(|(n, src)| (src, pictures.get(n).cloned().flatten()))
        .collect();
    let main_image = {
        let shown = shown.clone();
        move || {
            let (src, picture) = shown.get(chosen.get()).cloned()?;
            let alt = title.clone();
            Some(view! {
                <Photo
                    src=src
                    picture=picture
                    sizes=GALLERY_SIZES
                    side=400
                    alt=alt
                    class="main-image"
                    eager=true
                />
            })
        }
    };
    let thumbs = shown
        .into_iter()
        .enumerate()
        .map(|(n, (src, picture))| {
            view! {
                <li>
                    <button
                        type="button"
                        class="thumb"
                        aria-pressed=move || (chosen.get() == n).to_string()
                        aria-label=format!("{}", n + 1)
                        on:click=move |_| chosen.set(n)
                    >
                        <Photo src=src picture=picture sizes=THUMB_SIZES side=72 />
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <div class="gallery">{main_image} <ul class="thumbs">{thumbs}</ul></div> }
}
