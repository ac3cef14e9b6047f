//! How long understanding one sentence takes (budget: under 100 µs), over the
//! whole test set of tests/understanding/queries.tsv:
//!
//!   cargo bench -p beltmart-contract --bench understand

use beltmart_contract::Taxonomy;
use beltmart_server::understand::{Lexicon, understand};
use criterion::{Criterion, criterion_group, criterion_main};

const TAXONOMY: &str = include_str!("../data/taxonomy.json");
const QUERIES: &str = include_str!("../tests/understanding/queries.tsv");

fn sentences() -> Vec<&'static str> {
    QUERIES
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').next().unwrap_or(line))
        .collect()
}

fn bench(c: &mut Criterion) {
    let taxonomy: Taxonomy = serde_json::from_str(TAXONOMY).unwrap();
    c.bench_function("lexicon from the taxonomy", |b| {
        b.iter(|| Lexicon::new(&taxonomy))
    });
    let lexicon = Lexicon::new(&taxonomy);
    let sentences = sentences();
    // One iteration understands every sentence of the set: divide by their number.
    c.bench_function(&format!("understand {} sentences", sentences.len()), |b| {
        b.iter(|| {
            for sentence in &sentences {
                std::hint::black_box(understand(sentence, &lexicon));
            }
        })
    });
    let longest = sentences.iter().max_by_key(|s| s.len()).unwrap();
    c.bench_function("understand the longest sentence", |b| {
        b.iter(|| understand(longest, &lexicon))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
