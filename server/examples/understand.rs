//! What query understanding makes of sentences, with the reference taxonomy:
//!
//!   cargo run -p beltmart-contract --example understand -- "义乌 袜子 10元以下" "cheap sneakers jinjiang"
//!
//! Prints each sentence's catalog query string and where each part went.

use beltmart_contract::Taxonomy;
use beltmart_server::understand::{Lexicon, understand};

const TAXONOMY: &str = include_str!("../data/taxonomy.json");

fn main() {
    let taxonomy: Taxonomy = serde_json::from_str(TAXONOMY).expect("the reference taxonomy");
    let lexicon = Lexicon::new(&taxonomy);
    for sentence in std::env::args().skip(1) {
        let understood = understand(&sentence, &lexicon);
        println!("{sentence}\n  ?{}", understood.query.render());
        for span in &understood.spans {
            println!("  {:?}: {}", span.role, &sentence[span.range.clone()]);
        }
    }
}
