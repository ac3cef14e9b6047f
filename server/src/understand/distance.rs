//! How far apart two words are, in edits: what lets a small typo still find
//! a name (`lexicon`'s near words, `nearby`'s did-you-mean).

/// The optimal-string-alignment distance between `a` and `b` (a swap of two
/// neighbours is one edit), or `None` when it is over `max`.
pub fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Three rows of the classic table: two back, one back, this one.
    let mut before: Vec<usize> = Vec::new();
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let changed = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + changed);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        if row.iter().min().is_some_and(|&least| least > max) {
            return None;
        }
        before = std::mem::replace(&mut last, row);
    }
    Some(last[b.len()]).filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        edit_distance(&a, &b, 2)
    }

    #[test]
    fn counts_edits_and_swaps() {
        assert_eq!(distance("jinjiang", "jinjiang"), Some(0));
        assert_eq!(distance("jinjaing", "jinjiang"), Some(1));
        assert_eq!(distance("sneekers", "sneakers"), Some(1));
        assert_eq!(distance("sneakrs", "sneakers"), Some(1));
        assert_eq!(distance("运动靴", "运动鞋"), Some(1));
        assert_eq!(distance("snekrs", "sneakers"), Some(2));
        assert_eq!(distance("shoes", "socks"), None);
        assert_eq!(distance("", "ab"), Some(2));
    }
}
