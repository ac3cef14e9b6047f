//! Recent answers, serialised and compressed: the API's to catalog queries
//! (by canonical query string) and the storefront's rendered pages (by URL).
//! A catalog version never changes while it is served, so a cached answer is
//! right for as long as it is kept; shoppers' queries repeat (landing page,
//! popular cities and categories), so most requests are answered from here.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// One answer's body as it is, and brotli-compressed for the browsers that
/// accept it (all of them): compressing once here instead of on every response
/// is what keeps a cached answer cheap.
pub struct Answer {
    pub plain: Bytes,
    pub brotli: Bytes,
}

impl Answer {
    pub fn new(plain: Vec<u8>) -> Arc<Answer> {
        // Quality 4 and a 256 KB window (JSON answers are ~16 KB, pages ~90 KB): most of brotli's
        // gain at a fraction of quality 11's time, and small tables to set up per answer. The
        // compression layer's default (a 4 MB window) costs pages 3–5 ms, at times 80.
        let mut compressor = brotli::CompressorWriter::new(Vec::new(), 4096, 4, 18);
        compressor
            .write_all(&plain)
            .expect("writing to memory does not fail");
        Arc::new(Answer {
            brotli: compressor.into_inner().into(),
            plain: plain.into(),
        })
    }

    /// The answer as `content_type`, brotli-compressed when the request accepts it.
    pub fn response(&self, request_headers: &HeaderMap, content_type: &'static str) -> Response {
        let content_type = (header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
        if accepts_brotli(request_headers) {
            let brotli = (header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            ([content_type, vary, brotli], self.brotli.clone()).into_response()
        } else {
            // The compression layer may still gzip it.
            ([content_type, vary], self.plain.clone()).into_response()
        }
    }
}

/// Whether `Accept-Encoding` lists `br` (and does not refuse it with `q=0`).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    let mut accepted = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','));
    accepted.any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let refused = |p: &str| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        };
        parts.next().is_some_and(|c| c.eq_ignore_ascii_case("br")) && !parts.any(refused)
    })
}

/// What a cache entry costs in memory.
pub trait Weighed {
    fn size(&self) -> usize;
}

impl Weighed for Answer {
    fn size(&self) -> usize {
        self.plain.len() + self.brotli.len()
    }
}

/// Two generations, so that memory stays bounded without per-entry bookkeeping:
/// new answers go into `current`; when it is full it becomes `previous`, whose
/// entries live on only if they are asked for again (an approximate LRU).
pub struct AnswerCache<A = Answer> {
    generations: Mutex<Generations<A>>,
    generation_bytes: usize,
}

struct Generations<A> {
    current: HashMap<String, Arc<A>>,
    current_bytes: usize,
    previous: HashMap<String, Arc<A>>,
}

impl<A: Weighed> AnswerCache<A> {
    /// Keeps at most about `max_bytes` of answers; 0 turns the cache off.
    pub fn new(max_bytes: usize) -> AnswerCache<A> {
        let generations = Generations {
            current: HashMap::new(),
            current_bytes: 0,
            previous: HashMap::new(),
        };
        AnswerCache {
            generations: Mutex::new(generations),
            generation_bytes: max_bytes / 2,
        }
    }

    pub fn get(&self, key: &str) -> Option<Arc<A>> {
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(answer) = g.current.get(key) {
            return Some(answer.clone());
        }
        let answer = g.previous.remove(key)?;
        g.insert(key.to_owned(), answer.clone(), self.generation_bytes);
        Some(answer)
    }

    /// The answer kept for `key`, else the one `make` makes, kept.
    pub fn get_or_make<E>(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<Arc<A>, E>,
    ) -> Result<Arc<A>, E> {
        if let Some(answer) = self.get(key) {
            return Ok(answer);
        }
        let answer = make()?;
        self.insert(key.to_owned(), answer.clone());
        Ok(answer)
    }

    pub fn insert(&self, key: String, answer: Arc<A>) {
        if answer.size() > self.generation_bytes {
            return;
        }
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        g.insert(key, answer, self.generation_bytes);
    }
}

impl<A: Weighed> Generations<A> {
    fn insert(&mut self, key: String, answer: Arc<A>, generation_bytes: usize) {
        if self.current_bytes + answer.size() > generation_bytes {
            self.previous = std::mem::take(&mut self.current);
            self.current_bytes = 0;
        }
        self.current_bytes += answer.size() + key.len();
        self.current.insert(key, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer of about `bytes` bytes: incompressible, so its size is known.
    fn answer(bytes: usize) -> Arc<Answer> {
        Arc::new(Answer {
            plain: Bytes::from(vec![b'x'; bytes / 2]),
            brotli: Bytes::from(vec![b'x'; bytes / 2]),
        })
    }

    #[test]
    fn keeps_what_is_asked_for_again() {
        let cache: AnswerCache = AnswerCache::new(2_000);
        cache.insert("a".into(), answer(400));
        cache.insert("b".into(), answer(400));
        cache.insert("c".into(), answer(400)); // a and b become the previous generation
        assert!(cache.get("a").is_some()); // and a is promoted back
        cache.insert("d".into(), answer(400)); // c and a become the previous generation
        assert!(cache.get("b").is_none());
        assert!(cache.get("a").is_some());
    }

    #[test]
    fn stays_bounded() {
        let cache: AnswerCache = AnswerCache::new(2_000);
        for i in 0..100 {
            cache.insert(format!("q{i}"), answer(400));
        }
        let kept = (0..100).filter(|i| cache.get(&format!("q{i}")).is_some());
        assert!(kept.count() <= 5);
    }

    #[test]
    fn brotli_decodes_to_the_plain_body() {
        let json = br#"{"items":[],"total":0}"#.repeat(100);
        let answer = Answer::new(json.clone());
        assert!(answer.brotli.len() < json.len() / 10);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &answer.brotli[..], &mut decoded).unwrap();
        assert_eq!(decoded, json);
    }

    #[test]
    fn a_zero_size_cache_keeps_nothing() {
        let cache: AnswerCache = AnswerCache::new(0);
        cache.insert("a".into(), answer(10));
        assert!(cache.get("a").is_none());
    }
}
