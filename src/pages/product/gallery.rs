use leptos::prelude::*;

use crate::api::api_url;

/// The main picture, and thumbnails that choose it.
#[component]
pub fn Gallery(images: Vec<String>, title: String) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let main_image = {
        let images = images.clone();
        move || {
            images
                .get(chosen.get())
                .map(|src| api_url(src))
                .unwrap_or_default()
        }
    };
    let thumbs = images
        .iter()
        .enumerate()
        .map(|(n, src)| {
            view! {
                <li>
                    <button
                        type="button"
                        class="thumb"
                        aria-pressed=move || (chosen.get() == n).to_string()
                        aria-label=format!("{}", n + 1)
                        on:click=move |_| chosen.set(n)
                    >
                        <img
                            src=api_url(src)
                            alt=""
                            width="72"
                            height="72"
                            loading="lazy"
                            decoding="async"
                        />
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="gallery">
            <img
                class="main-image"
                src=main_image
                alt=title
                width="400"
                height="400"
                fetchpriority="high"
            />
            <ul class="thumbs">{thumbs}</ul>
        </div>
    }
}
