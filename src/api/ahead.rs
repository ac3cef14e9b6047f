//! Answers asked for ahead of a click: when a shopper's pointer rests on a
//! filter, or a finger touches it, its results are fetched before the click
//! asks for them, and a click that comes while they are on the way waits for
//! that request instead of making a second one.

use std::cell::RefCell;
use std::future::{Future, poll_fn};
use std::rc::Rc;
use std::task::{Poll, Waker};

use beltmart_contract::ProductList;
use leptos::task::spawn_local;

use super::{
    Answer, api_url, decode, fetch_text, pictures, recent_answer, remember_answer, srcset,
};

/// An answer asked for ahead: empty until it comes, and who waits for it.
#[derive(Default)]
struct Coming {
    answer: Option<Answer>,
    waiting: Vec<Waker>,
}

/// An answer on its way, shared by the request and those who wait for it.
type OnItsWay = Rc<RefCell<Coming>>;

thread_local! {
    /// By API path, the answers asked for ahead that have not come yet: a
    /// few at a time (one pointer), so a list.
    static ON_THE_WAY: RefCell<Vec<(String, OnItsWay)>> = const { RefCell::new(Vec::new()) };
}

/// Fetches `path` into the recent answers, unless it is there or on the way.
pub fn prefetch(path: String) {
    prefetch_list(path, 0);
}

/// Fetches a product list ahead, and the pictures of its first `cards`, so
/// the click that shows it paints them with it instead of after it.
pub fn prefetch_list(path: String, cards: usize) {
    if recent_answer(&path).is_some() || in_flight(&path).is_some() {
        return;
    }
    let coming = Rc::new(RefCell::new(Coming::default()));
    ON_THE_WAY.with_borrow_mut(|w| w.push((path.clone(), coming.clone())));
    spawn_local(async move {
        let answer = fetch_text(&api_url(&path), None).await;
        if let Ok((200..=299, body)) = &answer {
            remember_answer(&path, body);
            fetch_pictures(body, cards);
        }
        ON_THE_WAY.with_borrow_mut(|w| w.retain(|(p, _)| *p != path));
        let mut coming = coming.borrow_mut();
        coming.answer = Some(answer);
        coming.waiting.drain(..).for_each(Waker::wake);
    });
}

/// Has the browser fetch the pictures of a list's first `cards`, and keep them.
fn fetch_pictures(list: &str, cards: usize) {
    if cards == 0 {
        return;
    }
    let Ok(list) = decode::<ProductList>(list) else {
        return;
    };
    for product in list.items.iter().take(cards) {
        // WebP, as the card's <picture> picks it; the card's sizes.
        let set = product.picture.as_ref().map(|p| srcset(p, "webp"));
        pictures::keep(&api_url(&product.image), set.as_deref());
    }
}

/// The answer to `path`, if it was asked for ahead and is still on the way.
pub(super) fn prefetched(path: &str) -> Option<impl Future<Output = Answer>> {
    let coming = in_flight(path)?;
    Some(poll_fn(move |context| {
        let mut coming = coming.borrow_mut();
        match &coming.answer {
            Some(answer) => Poll::Ready(answer.clone()),
            None => {
                coming.waiting.push(context.waker().clone());
                Poll::Pending
            }
        }
    }))
}

fn in_flight(path: &str) -> Option<OnItsWay> {
    ON_THE_WAY.with_borrow(|w| w.iter().find(|(p, _)| p == path).map(|(_, c)| c.clone()))
}
