//! Recent answers to catalog queries, serialised and compressed, by canonical
//! query string. A catalog never changes while the server runs, so a cached
//! answer is right for as long as it is kept; shoppers' queries repeat (landing
//! page, popular cities and categories), so most requests are answered from here.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

/// One answer as JSON, and brotli-compressed for the browsers that accept it
/// (all of them): compressing once here instead of on every response is what
/// keeps a cached answer cheap.
pub struct Answer {
    pub json: Bytes,
    pub brotli: Bytes,
}

impl Answer {
    pub fn new(json: Vec<u8>) -> Arc<Answer> {
        // Quality 5 and a 256 KB window (answers are ~16 KB): most of brotli's gain on JSON at a
        // fraction of quality 11's time, and small tables to set up per answer.
        let mut compressor = brotli::CompressorWriter::new(Vec::new(), 4096, 4, 18);
        compressor
            .write_all(&json)
            .expect("writing to memory does not fail");
        Arc::new(Answer {
            brotli: compressor.into_inner().into(),
            json: json.into(),
        })
    }

    fn size(&self) -> usize {
        self.json.len() + self.brotli.len()
    }
}

/// Two generations, so that memory stays bounded without per-entry bookkeeping:
/// new answers go into `current`; when it is full it becomes `previous`, whose
/// entries live on only if they are asked for again (an approximate LRU).
pub struct AnswerCache {
    generations: Mutex<Generations>,
    generation_bytes: usize,
}

#[derive(Default)]
struct Generations {
    current: HashMap<String, Arc<Answer>>,
    current_bytes: usize,
    previous: HashMap<String, Arc<Answer>>,
}

impl AnswerCache {
    /// Keeps at most about `max_bytes` of answers; 0 turns the cache off.
    pub fn new(max_bytes: usize) -> AnswerCache {
        AnswerCache {
            generations: Mutex::default(),
            generation_bytes: max_bytes / 2,
        }
    }

    pub fn get(&self, query: &str) -> Option<Arc<Answer>> {
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(answer) = g.current.get(query) {
            return Some(answer.clone());
        }
        let answer = g.previous.remove(query)?;
        g.insert(query.to_owned(), answer.clone(), self.generation_bytes);
        Some(answer)
    }

    pub fn insert(&self, query: String, answer: Arc<Answer>) {
        if answer.size() > self.generation_bytes {
            return;
        }
        let mut g = self.generations.lock().unwrap_or_else(|e| e.into_inner());
        g.insert(query, answer, self.generation_bytes);
    }
}

impl Generations {
    fn insert(&mut self, query: String, answer: Arc<Answer>, generation_bytes: usize) {
        if self.current_bytes + answer.size() > generation_bytes {
            self.previous = std::mem::take(&mut self.current);
            self.current_bytes = 0;
        }
        self.current_bytes += answer.size() + query.len();
        self.current.insert(query, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer of about `bytes` bytes: incompressible, so its size is known.
    fn answer(bytes: usize) -> Arc<Answer> {
        Arc::new(Answer {
            json: Bytes::from(vec![b'x'; bytes / 2]),
            brotli: Bytes::from(vec![b'x'; bytes / 2]),
        })
    }

    #[test]
    fn keeps_what_is_asked_for_again() {
        let cache = AnswerCache::new(2_000);
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
        let cache = AnswerCache::new(2_000);
        for i in 0..100 {
            cache.insert(format!("q{i}"), answer(400));
        }
        let kept = (0..100).filter(|i| cache.get(&format!("q{i}")).is_some());
        assert!(kept.count() <= 5);
    }

    #[test]
    fn brotli_decodes_to_the_json() {
        let json = br#"{"items":[],"total":0}"#.repeat(100);
        let answer = Answer::new(json.clone());
        assert!(answer.brotli.len() < json.len() / 10);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &answer.brotli[..], &mut decoded).unwrap();
        assert_eq!(decoded, json);
    }

    #[test]
    fn a_zero_size_cache_keeps_nothing() {
        let cache = AnswerCache::new(0);
        cache.insert("a".into(), answer(10));
        assert!(cache.get("a").is_none());
    }
}
