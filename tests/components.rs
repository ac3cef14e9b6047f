//! Storefront components rendered in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use beltmart::api;
use beltmart::components::facet_option::FacetOption;
use beltmart::components::notice::LoadingBar;
use beltmart::components::product_card::ProductCard;
use beltmart::i18n::Lang;
use beltmart_contract::{ProductSummary, Supplier, Taxonomy};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` into a fresh element and returns that element.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let host = document()
        .create_element("div")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn input(host: &web_sys::HtmlElement) -> web_sys::HtmlInputElement {
    host.query_selector("input")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
fn a_value_with_no_results_is_disabled_not_hidden() {
    let host = mount(|| {
        view! {
            <FacetOption
                label="义乌".to_string()
                count=Some(0)
                checked=false
                name="city"
                value="yiwu".into()
                on_toggle=|| {}
                on_intent=|_| {}
            />
        }
    });
    assert!(host.text_content().unwrap().contains("义乌"));
    assert!(input(&host).disabled());
    assert_eq!(input(&host).name(), "city");
    assert_eq!(input(&host).value(), "yiwu");
}

#[wasm_bindgen_test]
fn a_selected_value_stays_enabled_even_at_zero() {
    let host = mount(|| {
        view! {
            <FacetOption
                label="晋江".to_string()
                count=Some(0)
                checked=true
                name="city"
                value="jinjiang".into()
                on_toggle=|| {}
                on_intent=|_| {}
            />
        }
    });
    let checkbox = input(&host);
    assert!(!checkbox.disabled());
    assert!(checkbox.checked());
}

#[wasm_bindgen_test]
fn clicking_toggles_and_shows_the_count() {
    let clicks = Arc::new(AtomicUsize::new(0));
    let counted = clicks.clone();
    let host = mount(move || {
        view! {
            <FacetOption
                label="玩具".to_string()
                count=Some(1234)
                checked=false
                name="category"
                value="toys".into()
                on_toggle=move || {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
                on_intent=|_| {}
            />
        }
    });
    assert!(host.text_content().unwrap().contains("1234"));
    input(&host).click();
    assert_eq!(clicks.load(Ordering::SeqCst), 1);
}

/// A value that counts how often the shopper looked likely to choose it.
fn option_counting_intents() -> (web_sys::HtmlElement, Arc<AtomicUsize>) {
    let intents = Arc::new(AtomicUsize::new(0));
    let counted = intents.clone();
    let host = mount(move || {
        view! {
            <FacetOption
                label="袜子".to_string()
                count=Some(12)
                checked=false
                name="category"
                value="socks".into()
                on_toggle=|| {}
                on_intent=move |_| {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
            />
        }
    });
    (host, intents)
}

/// Sends a pointer event of `kind` (`pointerover`…) from a `pointer_type` device to the input.
fn pointer(host: &web_sys::HtmlElement, kind: &str, pointer_type: &str) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"pointerType".into(), &pointer_type.into()).unwrap();
    let class = js_sys::Reflect::get(&window(), &"PointerEvent".into()).unwrap();
    let args = js_sys::Array::of2(&kind.into(), &init);
    let event =
        js_sys::Reflect::construct(class.unchecked_ref::<js_sys::Function>(), &args).unwrap();
    input(host).dispatch_event(event.unchecked_ref()).unwrap();
}

async fn wait_ms(ms: i32) {
    let wait = js_sys::Promise::new(&mut |done, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&done, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_finger_a_resting_mouse_or_the_focus_asks_for_a_value_ahead() {
    let (host, intents) = option_counting_intents();
    pointer(&host, "pointerover", "touch");
    assert_eq!(
        intents.load(Ordering::SeqCst),
        1,
        "a touch is intent at once"
    );

    pointer(&host, "pointerover", "mouse");
    assert_eq!(intents.load(Ordering::SeqCst), 1, "a mouse must rest first");
    wait_ms(200).await;
    assert_eq!(intents.load(Ordering::SeqCst), 2, "a mouse that rested");

    pointer(&host, "pointerover", "mouse");
    pointer(&host, "pointerout", "mouse");
    wait_ms(200).await;
    assert_eq!(
        intents.load(Ordering::SeqCst),
        2,
        "a mouse passing over asks nothing"
    );

    let checkbox = input(&host);
    checkbox.focus().unwrap();
    checkbox.blur().unwrap();
    wait_ms(200).await;
    assert_eq!(
        intents.load(Ordering::SeqCst),
        2,
        "tabbing past asks nothing"
    );
    checkbox.focus().unwrap();
    wait_ms(200).await;
    assert_eq!(intents.load(Ordering::SeqCst), 3, "the focus stayed on it");
}

fn product(title: &str) -> ProductSummary {
    ProductSummary {
        id: "p42".into(),
        title: title.into(),
        price_fen: 1250,
        moq: 10,
        unit: "双".into(),
        category: "sports-shoes".into(),
        city: "jinjiang".into(),
        belt: "jinjiang-sports-shoes".into(),
        image: "/api/v1/images/p42/1".into(),
        picture: None,
        supplier_kind: "source-factory".into(),
        supplier: Supplier {
            id: "jinjiang-1".into(),
            name: "晋江恒达运动鞋厂".into(),
            kind: "source-factory".into(),
            years: 8,
        },
        goods_kind: "white-label".into(),
        sales_30d: 321,
    }
}

/// A card in Chinese with the app's context around it: a taxonomy that has not loaded.
fn card(title: &str) -> web_sys::HtmlElement {
    let product = product(title);
    mount(move || {
        provide_context(api::remote::<Taxonomy>(|| None));
        view! { <ProductCard product lang=Lang::Zh /> }
    })
}

#[wasm_bindgen_test]
fn a_card_shows_price_moq_and_sales() {
    let host = card("晋江 透气跑步鞋");
    let text = host.text_content().unwrap();
    assert!(text.contains("¥12.50"), "{text}");
    assert!(text.contains("起批 10 双"), "{text}");
    assert!(text.contains("321"), "{text}");
    let card = host.query_selector(".card").unwrap().unwrap();
    assert_eq!(
        card.get_attribute("data-price-fen").as_deref(),
        Some("1250")
    );
    let link = host.query_selector("a").unwrap().unwrap();
    assert!(
        link.get_attribute("href")
            .unwrap()
            .ends_with("/product/p42")
    );
}

#[wasm_bindgen_test]
fn a_stored_picture_offers_each_width_in_webp_and_shows_its_colour_meanwhile() {
    let mut product = product("晋江 透气跑步鞋");
    let src = "/api/v1/pictures/0123456789abcdef0123456789abcdef";
    product.image = format!("{src}-640.jpg");
    product.picture = Some(beltmart_contract::Picture {
        src: src.into(),
        width: 900,
        height: 1200,
        widths: vec![160, 320, 900],
        color: "#c96".into(),
    });
    let host = mount(move || {
        provide_context(api::remote::<Taxonomy>(|| None));
        view! { <ProductCard product lang=Lang::Zh /> }
    });
    let source = host.query_selector("picture source").unwrap().unwrap();
    assert_eq!(source.get_attribute("type").as_deref(), Some("image/webp"));
    let expected = format!("{src}-160.webp 160w, {src}-320.webp 320w, {src}-900.webp 900w");
    assert_eq!(source.get_attribute("srcset"), Some(expected));
    assert!(source.get_attribute("sizes").unwrap().contains("50vw"));
    let img = host.query_selector("picture img").unwrap().unwrap();
    assert_eq!(img.get_attribute("src"), Some(format!("{src}-640.jpg")));
    let style = img.get_attribute("style").unwrap_or_default();
    assert!(
        style.contains("background-color: rgb(204, 153, 102)"),
        "{style}"
    );
    // A link is one picture: no sources, no colour.
    let plain = card("链接图片");
    assert!(plain.query_selector("picture source").unwrap().is_none());
}

#[wasm_bindgen_test]
fn catalog_text_is_shown_as_text_never_as_markup() {
    let host = card("<img src=x onerror=alert(1)><script>alert(2)</script>");
    assert!(host.query_selector("script").unwrap().is_none());
    assert!(host.query_selector(".card-title img").unwrap().is_none());
    assert!(
        host.text_content()
            .unwrap()
            .contains("<script>alert(2)</script>")
    );
}

/// A quick answer shows no progress at all; a slow one shows the bar (and
/// says it is loading) until it comes.
#[wasm_bindgen_test]
async fn the_loading_bar_shows_only_for_an_answer_that_takes_a_while() {
    let loading = RwSignal::new(false);
    let host = mount(move || {
        provide_context(RwSignal::new(Lang::En));
        view! { <LoadingBar loading /> }
    });
    let shown = || {
        host.query_selector(".loading-bar.active")
            .unwrap()
            .is_some()
    };

    loading.set(true);
    wait_ms(50).await;
    loading.set(false);
    wait_ms(300).await;
    assert!(!shown(), "a quick answer flashes nothing");

    loading.set(true);
    wait_ms(50).await;
    assert!(!shown(), "not yet");
    wait_ms(250).await;
    assert!(shown(), "a slow answer shows progress");
    assert!(host.text_content().unwrap().contains("Loading"));
    loading.set(false);
    wait_ms(20).await;
    assert!(!shown(), "gone with the answer");
}
