//! `/list`: the 进货单. The shopper's own list, editable, or a list someone
//! shared (`/list?items=p12:100,p40:20`), which they can save as theirs.
//! Lines are grouped by supplier with subtotals and a total; a product that no
//! longer exists is shown as gone, never as an error page.

mod export;
mod lines;

use beltmart_contract::{SHORTLIST_KEY, Shortlist, ShortlistError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, FetchError};
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::hooks::use_document_title;
use crate::i18n::use_lang;
use crate::router::urls::{Page, catalog_href, page_href};
use crate::router::{NavigateOptions, use_location, use_navigate};
use crate::shortlist::use_shortlist;
use export::ListActions;
use lines::{Loaded, Loads, SupplierGroups};

/// The products of the lines, as they load.
type Details = RwSignal<Loads>;

#[component]
pub fn ListPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    use_document_title(move || format!("{} · Beltmart", texts().list_nav));
    let location = use_location();
    let mine = use_shortlist();
    // A shared link, when the URL carries one.
    let shared = Memo::new(move |_| {
        let search = location.search.get();
        search
            .contains(&format!("{SHORTLIST_KEY}="))
            .then(|| Shortlist::parse(&search))
    });
    let shown = Memo::new(move |_| match shared.get() {
        Some(Ok(list)) => list,
        Some(Err(_)) => Shortlist::default(),
        None => mine.get(),
    });
    let editable = Signal::derive(move || shared.with(Option::is_none));
    let details: Details = RwSignal::new(Loads::default());
    let problem = RwSignal::new(None::<FetchError>);
    load_details(shown, details, problem);
    let loading = Signal::derive(move || {
        shown.with(|l| {
            l.lines
                .iter()
                .any(|line| details.with(|d| d.get(&line.id).is_none()))
        }) && problem.with(Option::is_none)
    });
    view! {
        <article class="list-page">
            <h1>{move || texts().list_title}</h1>
            <p>{move || texts().list_intro}</p>
            <SharedBanner shared />
            <LoadingBar loading />
            {move || {
                problem
                    .get()
                    .map(|error| {
                        view! { <ErrorNotice error on_retry=move || problem.set(None) /> }
                    })
            }}
            {move || {
                shown
                    .with(Shortlist::is_empty)
                    .then(|| {
                        view! {
                            <div class="notice empty">
                                <p>{texts().list_empty}</p>
                                <a href=catalog_href(&Default::default()) class="button">
                                    {texts().list_browse}
                                </a>
                            </div>
                        }
                    })
            }}
            <SupplierGroups shown details editable />
            <ListActions shown details />
        </article>
    }
}

/// Fetches each listed product once; a product the API does not know is gone.
fn load_details(shown: Memo<Shortlist>, details: Details, problem: RwSignal<Option<FetchError>>) {
    let asked = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| {
        // A retry clears the problem: ask again for what failed.
        if problem.with(Option::is_some) {
            return;
        }
        for line in shown.get().lines {
            let first_time = asked.try_update_value(|a| {
                let new = !a.contains(&line.id);
                if new {
                    a.push(line.id.clone());
                }
                new
            });
            if first_time != Some(true) || details.with_untracked(|d| d.get(&line.id).is_some()) {
                continue;
            }
            spawn_local(async move {
                let path = api::product_path(&line.id);
                let loaded = match api::fetch_json(&path).await {
                    Ok(product) => Loaded::Product(Box::new(product)),
                    Err(err) if err.is_not_found() => Loaded::Gone,
                    Err(err) => {
                        asked.try_update_value(|a| a.retain(|id| *id != line.id));
                        problem.try_set(Some(err));
                        return;
                    }
                };
                details.try_update(|d| d.insert(line.id, loaded));
            });
        }
    });
}

/// A shared list: say whose it is, and offer to keep it.
#[component]
fn SharedBanner(shared: Memo<Option<Result<Shortlist, ShortlistError>>>) -> impl IntoView {
    let lang = use_lang();
    let mine = use_shortlist();
    let navigate = use_navigate();
    move || {
        let texts = lang.get().texts();
        let navigate = navigate.clone();
        match shared.get()? {
            Err(_) => Some(
                view! {
                    <div class="notice notice-error" role="alert">
                        <p>{texts.bad_shared_list}</p>
                    </div>
                }
                .into_any(),
            ),
            Ok(list) => {
                let save = move |_| {
                    mine.set(list.clone());
                    navigate(&page_href(&Page::List), NavigateOptions::default());
                };
                Some(
                    view! {
                        <div class="notice shared-list">
                            <p>{texts.shared_list}</p>
                            <button type="button" class="button primary save-shared" on:click=save>
                                {texts.save_shared}
                            </button>
                        </div>
                    }
                    .into_any(),
                )
            }
        }
    }
}
