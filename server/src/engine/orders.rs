//! Which products a page shows, in the order the query asks for: read off a
//! precomputed permutation, or ranked (keyword relevance, price at a quantity)
//! only as far as the page's end.

use beltmart_contract::{CatalogQuery, Sort};

use super::SearchIndex;
use super::at_quantity::Prices;
use super::keys::Keys;
use super::keyword::Keyword;
use super::product_set::ProductSet;

impl SearchIndex {
    /// The products of the query's page among `matched` (every product when `None`).
    pub fn page(
        &self,
        query: &CatalogQuery,
        keyword: Option<&Keyword>,
        matched: Option<&ProductSet>,
        prices: &Prices,
    ) -> Vec<u32> {
        let offset = u64::from(query.page - 1) * u64::from(query.per_page);
        match (keyword, matched) {
            (Some(keyword), Some(matched)) if query.sort == Sort::Relevance => {
                self.by_keyword_relevance(keyword, matched, offset, query.per_page)
            }
            // At a quantity, prices are not those the precomputed order sorts by.
            (_, Some(matched))
                if matches!(prices, Prices::AtQuantity(_))
                    && matches!(query.sort, Sort::PriceAsc | Sort::PriceDesc) =>
            {
                let descending = query.sort == Sort::PriceDesc;
                by_price_in(
                    prices.keys(self),
                    matched,
                    descending,
                    offset,
                    query.per_page,
                )
            }
            _ => {
                let is_match = |at: &u32| matched.is_none_or(|m| m.contains(*at));
                let take = |perm: &mut dyn Iterator<Item = &u32>| {
                    perm.copied()
                        .filter(is_match)
                        .skip(offset.min(usize::MAX as u64) as usize)
                        .take(query.per_page as usize)
                        .collect()
                };
                match query.sort {
                    Sort::PriceAsc => take(&mut self.by_price.iter()),
                    Sort::PriceDesc => take(&mut self.by_price.iter().rev()),
                    Sort::Sales => take(&mut self.by_sales.iter()),
                    Sort::Newest => take(&mut self.by_newest.iter()),
                    Sort::Relevance => take(&mut self.by_popularity.iter()),
                }
            }
        }
    }

    /// Title matches first, earlier matches before later ones, then popularity.
    fn by_keyword_relevance(
        &self,
        keyword: &Keyword,
        matched: &ProductSet,
        offset: u64,
        per_page: u32,
    ) -> Vec<u32> {
        let scored: Vec<(u32, u32, u32)> = matched
            .iter()
            .map(|at| {
                let rank = self.popularity_rank[at as usize];
                (keyword.title_position(at), rank, at)
            })
            .collect();
        page_of(scored, offset, per_page)
    }
}

/// A page of `matched` by price at a quantity: only the products up to the
/// page's end are ordered (ties by natural order, as the precomputed order has them).
fn by_price_in(
    keys: &[Keys],
    matched: &ProductSet,
    descending: bool,
    offset: u64,
    per_page: u32,
) -> Vec<u32> {
    let key = |at: u32| {
        let price = keys[at as usize].price_fen;
        match descending {
            true => (u32::MAX - price, u32::MAX - at, at),
            false => (price, at, at),
        }
    };
    page_of(matched.iter().map(key).collect(), offset, per_page)
}

/// One page of products ranked by their keys, the product last in each key:
/// only the keys up to the page's end are ordered.
fn page_of(mut ranked: Vec<(u32, u32, u32)>, offset: u64, per_page: u32) -> Vec<u32> {
    let end = (offset.saturating_add(u64::from(per_page))).min(ranked.len() as u64) as usize;
    let start = (offset.min(end as u64)) as usize;
    if end < ranked.len() && end > 0 {
        ranked.select_nth_unstable(end);
    }
    ranked.truncate(end);
    ranked.sort_unstable();
    ranked[start..].iter().map(|&(_, _, at)| at).collect()
}

/// Recent listings with good sales first: the default order when nothing is typed.
pub fn popularity(sales_30d: u32, listed_day: u32) -> f64 {
    f64::from(sales_30d + 20) * (1.0 + f64::from(listed_day) / 20_000.0).powi(8)
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn a_page_is_the_ranked_slice_past_its_offset() {
        let ranked: Vec<(u32, u32, u32)> = (0..10).rev().map(|n| (n, 0, n)).collect();
        assert_eq!(page_of(ranked.clone(), 0, 3), [0, 1, 2]);
        assert_eq!(page_of(ranked.clone(), 8, 3), [8, 9]);
        assert_eq!(page_of(ranked, 20, 3), Vec::<u32>::new());
    }
}
