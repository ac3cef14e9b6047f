//! Every word query understanding knows, folded, with what it means: the
//! taxonomy's names in Chinese and English (cities and provinces also in
//! pinyin), and the words of `words.tsv` and `initials.tsv`.

use std::collections::HashMap;

use super::distance::edit_distance;
use super::normalize::fold;
use beltmart_contract::Facet;
use beltmart_contract::Sort;
use beltmart_contract::Taxonomy;

const WORDS: &str = include_str!("../../data/understanding/words.tsv");
const INITIALS: &str = include_str!("../../data/understanding/initials.tsv");

/// What a word means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// A category, city, belt, goods or supplier kind, by id.
    Facet(Facet, String),
    /// A province: all its cities.
    Province(Vec<String>),
    Sort(Sort),
    /// A quantity said in words ("single piece").
    Qty(u32),
    /// Says nothing (的, "i want").
    Filler,
    /// A word of a price or quantity phrase.
    Grammar(Grammar),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grammar {
    Under,
    Over,
    To,
    Around,
    Between,
    And,
    Yuan,
    Piece,
    FromOne,
}

/// The words, for one taxonomy: build once, use for every sentence.
pub struct Lexicon {
    words: HashMap<String, Meaning>,
    /// Names of things (not grammar or fillers) that are one ASCII word, for typos.
    ascii_names: Vec<(String, Meaning)>,
    /// Pinyin initials (`jj`), only as a word of their own.
    initials: HashMap<String, Meaning>,
    /// The most tokens a word spans.
    pub longest: usize,
}

impl Lexicon {
    pub fn new(taxonomy: &Taxonomy) -> Lexicon {
        let mut lexicon = Lexicon {
            words: HashMap::new(),
            ascii_names: Vec::new(),
            initials: HashMap::new(),
            longest: 1,
        };
        lexicon.add_taxonomy(taxonomy);
        for (word, meaning) in data_lines(WORDS) {
            if let Some(meaning) = lexicon.meaning_of(meaning, taxonomy) {
                lexicon.add(word, meaning);
            }
        }
        // After the synonyms: whether a belt's short name is just its city and a category.
        lexicon.add_belts(taxonomy);
        for (word, city) in data_lines(INITIALS) {
            lexicon.initials.insert(
                word.to_owned(),
                Meaning::Facet(Facet::City, city.to_owned()),
            );
        }
        lexicon
    }

    fn add_taxonomy(&mut self, taxonomy: &Taxonomy) {
        for category in taxonomy.all_categories() {
            let meaning = Meaning::Facet(Facet::Category, category.id.clone());
            self.add_names(&category.name_zh, &category.name_en, &meaning);
        }
        for province in &taxonomy.regions {
            let cities = province.cities.iter().map(|c| c.id.clone()).collect();
            let meaning = Meaning::Province(cities);
            self.add_names(&province.name_zh, &province.name_en, &meaning);
            self.add(&format!("{}省", province.name_zh), meaning);
        }
        for (_, city) in taxonomy.all_cities() {
            let meaning = Meaning::Facet(Facet::City, city.id.clone());
            self.add_names(&city.name_zh, &city.name_en, &meaning);
            self.add(&format!("{}市", city.name_zh), meaning);
        }
        for (facet, kinds) in [
            (Facet::GoodsKind, &taxonomy.goods_kinds),
            (Facet::SupplierKind, &taxonomy.supplier_kinds),
        ] {
            for kind in kinds {
                let meaning = Meaning::Facet(facet, kind.id.clone());
                self.add_names(&kind.name_zh, &kind.name_en, &meaning);
            }
        }
    }

    /// A belt by its full names, by its Chinese name without 产业带 (义乌袜业)
    /// unless that is only its city and a category (晋江运动鞋: the city and
    /// the category, which the shopper can widen), and in English followed by
    /// "belt" ("yiwu socks" alone is the city and the category).
    fn add_belts(&mut self, taxonomy: &Taxonomy) {
        for (city, belt) in taxonomy.all_belts() {
            let meaning = Meaning::Facet(Facet::Belt, belt.id.clone());
            self.add(&belt.name_zh, meaning.clone());
            let short = belt.name_zh.strip_suffix("产业带").unwrap_or(&belt.name_zh);
            let city_and_category = short
                .strip_prefix(city.name_zh.as_str())
                .is_some_and(|rest| {
                    matches!(
                        self.get(&key_of(rest)),
                        Some(Meaning::Facet(Facet::Category, _))
                    )
                });
            if !city_and_category {
                self.add(short, meaning.clone());
            }
            for en in [belt.name_en.as_str(), &plain(&belt.name_en)] {
                self.add(&format!("{en} belt"), meaning.clone());
                self.add(&format!("{en} industrial belt"), meaning.clone());
            }
        }
    }

    /// A Chinese name, and an English one with what is in brackets left out
    /// ("Zhuji (Datang) socks" is also "zhuji socks").
    fn add_names(&mut self, zh: &str, en: &str, meaning: &Meaning) {
        self.add(zh, meaning.clone());
        self.add(en, meaning.clone());
        self.add(&plain(en), meaning.clone());
    }

    /// Adds a word; the first meaning given a word stays.
    fn add(&mut self, word: &str, meaning: Meaning) {
        let key = key_of(word);
        if key.is_empty() || self.words.contains_key(&key) {
            return;
        }
        self.longest = self.longest.max(token_count(&key));
        if !key.contains(' ')
            && key.is_ascii()
            && !matches!(meaning, Meaning::Grammar(_) | Meaning::Filler)
        {
            self.ascii_names.push((key.clone(), meaning.clone()));
        }
        self.words.insert(key, meaning);
    }

    fn meaning_of(&self, meaning: &str, taxonomy: &Taxonomy) -> Option<Meaning> {
        let (kind, id) = meaning.split_once(':').unwrap_or((meaning, ""));
        let facet = |facet| Some(Meaning::Facet(facet, id.to_owned()));
        let grammar = |g| Some(Meaning::Grammar(g));
        match kind {
            "category" => facet(Facet::Category),
            "city" => facet(Facet::City),
            "belt" => facet(Facet::Belt),
            "goods_kind" => facet(Facet::GoodsKind),
            "supplier_kind" => facet(Facet::SupplierKind),
            "province" => taxonomy
                .regions
                .iter()
                .find(|p| p.id == id)
                .map(|p| Meaning::Province(p.cities.iter().map(|c| c.id.clone()).collect())),
            "sort" => Sort::parse(id).map(Meaning::Sort),
            "qty" => id.parse().ok().map(Meaning::Qty),
            "filler" => Some(Meaning::Filler),
            "under" => grammar(Grammar::Under),
            "over" => grammar(Grammar::Over),
            "to" => grammar(Grammar::To),
            "around" => grammar(Grammar::Around),
            "between" => grammar(Grammar::Between),
            "and" => grammar(Grammar::And),
            "yuan" => grammar(Grammar::Yuan),
            "piece" => grammar(Grammar::Piece),
            "from-one" => grammar(Grammar::FromOne),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Meaning> {
        self.words.get(key)
    }

    pub fn initials(&self, word: &str) -> Option<&Meaning> {
        self.initials.get(word)
    }

    /// A name one typo away from an ASCII word of five letters or more
    /// (a letter left out, added, changed, or two swapped), or its plural's.
    pub fn near(&self, word: &str) -> Option<&Meaning> {
        if let Some(meaning) = word
            .strip_suffix('s')
            .and_then(|singular| self.words.get(singular))
            .filter(|m| is_name(m))
        {
            return Some(meaning);
        }
        if word.len() < 5 {
            return None;
        }
        self.ascii_names
            .iter()
            .find(|(name, _)| {
                let (word, name): (Vec<char>, Vec<char>) =
                    (word.chars().collect(), name.chars().collect());
                edit_distance(&word, &name, 1).is_some()
            })
            .map(|(_, meaning)| meaning)
    }

    /// Every name of a filter value, folded, with the value: for suggestions.
    pub fn names(&self) -> impl Iterator<Item = (&str, Facet, &str)> {
        self.words
            .iter()
            .chain(&self.initials)
            .filter_map(|(name, meaning)| match meaning {
                Meaning::Facet(facet, id) => Some((name.as_str(), *facet, id.as_str())),
                _ => None,
            })
    }
}

fn is_name(meaning: &Meaning) -> bool {
    matches!(meaning, Meaning::Facet(..) | Meaning::Province(_))
}

/// `word<TAB>meaning` lines, without comments and blank lines.
fn data_lines(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once('\t'))
}

/// An English name without what is in brackets: "Zhuji (Datang) socks" → "Zhuji socks".
fn plain(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The folded form a word is looked up by: ASCII words separated by one space.
pub fn key_of(word: &str) -> String {
    let folded: String = word.chars().map(fold).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many tokens a key spans (each Chinese character is one).
fn token_count(key: &str) -> usize {
    let mut count = 0;
    let mut in_ascii = false;
    for c in key.chars() {
        if c == ' ' {
            in_ascii = false;
        } else if c.is_ascii_alphanumeric() {
            count += usize::from(!in_ascii);
            in_ascii = true;
        } else {
            count += 1;
            in_ascii = false;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_count_their_tokens() {
        assert_eq!(token_count("义乌袜业"), 4);
        assert_eq!(token_count("best selling"), 2);
    }
}
