//! Recent answers, serialised and compressed: the API's to catalog queries
//! (by canonical query string) and the storefront's rendered pages (by URL).
//! A catalog version never changes while it is served, so a cached answer is
//! right for as long as it is kept; shoppers' queries repeat (landing page,
//! popular cities and categories), so most requests are answered from here.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::metrics::CacheTally;

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

/// Recent answers of the catalog versions being served, weighed by their bytes
/// (quick_cache's S3-FIFO keeps what is asked for again). Keys carry the
/// version, so an answer is never served for another version; the old
/// version's answers give way to the new one's. Concurrent requests for the
/// same missing answer wait for the first one's, so a burst after an import
/// runs the engine (or the render) once.
pub struct AnswerCache<A = Answer> {
    entries: Option<Cache<String, Arc<A>, ByBytes>>,
    /// Answers served from the cache (waits for another request's included), and answers made.
    tally: CacheTally,
}

/// An answer's weight: its bytes and its key's.
#[derive(Clone)]
struct ByBytes;

impl<A: Weighed> Weighter<String, Arc<A>> for ByBytes {
    fn weight(&self, key: &String, answer: &Arc<A>) -> u64 {
        (key.len() + answer.size()) as u64
    }
}

/// A typical answer's size, to size the cache's tables.
const TYPICAL_ANSWER: usize = 16 << 10;

impl<A: Weighed> AnswerCache<A> {
    /// Keeps at most about `max_bytes` of answers (0 turns the cache off),
    /// counting its hits and misses in `tally`.
    pub fn new(max_bytes: usize, tally: CacheTally) -> AnswerCache<A> {
        let items = (max_bytes / TYPICAL_ANSWER).max(16);
        AnswerCache {
            entries: (max_bytes > 0)
                .then(|| Cache::with_weighter(items, max_bytes as u64, ByBytes)),
            tally,
        }
    }

    /// The answer kept for `key` in catalog `version`, else the one `make`
    /// makes, kept. Callers asking for the same missing answer meanwhile wait
    /// for it instead of making it again.
    pub async fn get_or_make<E>(
        &self,
        version: &str,
        key: &str,
        make: impl Future<Output = Result<Arc<A>, E>>,
    ) -> Result<Arc<A>, E> {
        let Some(entries) = &self.entries else {
            self.tally.misses.inc();
            return make.await;
        };
        let made = AtomicBool::new(false);
        let key = format!("{version}\0{key}");
        let answer = entries
            .get_or_insert_async(&key, async {
                made.store(true, Ordering::Relaxed);
                make.await
            })
            .await;
        match made.load(Ordering::Relaxed) {
            true => self.tally.misses.inc(),
            false => self.tally.hits.inc(),
        }
        answer
    }

    /// How many answers were served from the cache, and how many were made.
    #[cfg(test)]
    pub fn hits_and_misses(&self) -> (u64, u64) {
        (self.tally.hits.get(), self.tally.misses.get())
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

    /// Whether `key` of `version` is kept: asks with a maker that fails.
    async fn kept(cache: &AnswerCache, version: &str, key: &str) -> bool {
        let probe = async { Err::<Arc<Answer>, ()>(()) };
        cache.get_or_make(version, key, probe).await.is_ok()
    }

    async fn make(cache: &AnswerCache, version: &str, key: &str, bytes: usize) {
        let made = async { Ok::<_, ()>(answer(bytes)) };
        cache.get_or_make(version, key, made).await.unwrap();
    }

    #[tokio::test]
    async fn stays_bounded() {
        let cache: AnswerCache = AnswerCache::new(4_000, CacheTally::default());
        for i in 0..100 {
            make(&cache, "v1", &format!("q{i}"), 400).await;
        }
        let mut kept_count = 0;
        for i in 0..100 {
            kept_count += usize::from(kept(&cache, "v1", &format!("q{i}")).await);
        }
        assert!((1..=10).contains(&kept_count), "{kept_count} kept");
    }

    #[tokio::test]
    async fn an_answer_is_kept_for_its_catalog_version_only() {
        let cache: AnswerCache = AnswerCache::new(1 << 20, CacheTally::default());
        make(&cache, "v1", "city=yiwu", 400).await;
        assert!(kept(&cache, "v1", "city=yiwu").await);
        assert!(!kept(&cache, "v2", "city=yiwu").await);
        assert_eq!(cache.hits_and_misses(), (1, 2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_identical_misses_make_the_answer_once() {
        let cache: Arc<AnswerCache> = Arc::new(AnswerCache::new(1 << 20, CacheTally::default()));
        let made = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let asks = (0..32).map(|_| {
            let (cache, made) = (cache.clone(), made.clone());
            tokio::spawn(async move {
                let slow = async {
                    made.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Ok::<_, ()>(answer(400))
                };
                cache.get_or_make("v1", "q=袜子", slow).await.unwrap()
            })
        });
        for ask in asks.collect::<Vec<_>>() {
            ask.await.unwrap();
        }
        assert_eq!(made.load(Ordering::Relaxed), 1);
        assert_eq!(cache.hits_and_misses(), (31, 1));
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

    #[tokio::test]
    async fn a_zero_size_cache_keeps_nothing() {
        let cache: AnswerCache = AnswerCache::new(0, CacheTally::default());
        make(&cache, "v1", "a", 10).await;
        assert!(!kept(&cache, "v1", "a").await);
    }
}
