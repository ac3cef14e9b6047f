//! The browser's side: the answers a server-rendered page embeds, and whether
//! the app is hydrating it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::document;
use wasm_bindgen::{JsCast, JsValue};

use super::{Answer, EMBEDDED_ID};

thread_local! {
    static HYDRATING: Cell<bool> = const { Cell::new(false) };
    /// Taken one by one: each answer serves the first render of its path only.
    static ANSWERS: RefCell<HashMap<String, Answer>> = RefCell::new(HashMap::new());
}

/// What the server embedded in the page.
pub struct Embedded {
    /// The runtime config the page was rendered with, as `config.json` has it.
    pub config: JsValue,
}

/// Reads what the server embedded, if it rendered this page: the answers are
/// kept for [`embedded_answer`].
pub fn read_embedded() -> Option<Embedded> {
    let text = document().get_element_by_id(EMBEDDED_ID)?.text_content()?;
    let data = js_sys::JSON::parse(&text).ok()?;
    let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
    let answers = field("answers")?;
    for path in js_sys::Object::keys(answers.unchecked_ref::<js_sys::Object>()).iter() {
        let answer = js_sys::Reflect::get(&answers, &path).ok();
        let status = answer
            .as_ref()
            .and_then(|a| js_sys::Reflect::get(a, &JsValue::from_str("status")).ok())
            .and_then(|s| s.as_f64());
        let body = answer
            .as_ref()
            .and_then(|a| js_sys::Reflect::get(a, &JsValue::from_str("body")).ok())
            .and_then(|b| js_sys::JSON::stringify(&b).ok())
            .and_then(|b| b.as_string());
        if let (Some(path), Some(status), Some(body)) = (path.as_string(), status, body) {
            let status = status as u16;
            ANSWERS.with_borrow_mut(|a| a.insert(path, Answer { status, body }));
        }
    }
    Some(Embedded {
        config: field("config")?,
    })
}

/// The embedded answer for `path`, once. The client-rendered build has none,
/// and leaves out the code that would use one.
pub fn embedded_answer(path: &str) -> Option<Answer> {
    if !super::SERVER_RENDERED {
        return None;
    }
    ANSWERS.with_borrow_mut(|a| a.remove(path))
}

/// See the server's `like_server`: in the browser, only while hydrating; never
/// in the client-rendered build, which leaves out what only hydration needs.
pub fn like_server() -> bool {
    super::SERVER_RENDERED && HYDRATING.get()
}

/// Runs the hydration: its render is the server's.
pub fn while_hydrating<T>(hydrate: impl FnOnce() -> T) -> T {
    HYDRATING.set(true);
    let hydrated = hydrate();
    HYDRATING.set(false);
    ANSWERS.with_borrow_mut(HashMap::clear);
    hydrated
}
