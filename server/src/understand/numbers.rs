//! Numbers as shoppers write them: `9.9`, `100`, and Chinese numerals
//! (`五十`, `一百二十`, `两千`).

/// An ASCII number: digits with at most one decimal point.
pub fn ascii(text: &str) -> Option<f64> {
    if text.ends_with('.') || text.matches('.').count() > 1 {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The value of one Chinese numeral character (digits and 十 百 千 万).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        _ => return None,
    })
}

/// A run of Chinese numerals: `五十` 50, `十五` 15, `一百二十` 120, `三万` 30 000;
/// digits alone are read one after the other (`一五` 15).
pub fn chinese(text: &str) -> Option<f64> {
    let values: Vec<u32> = text.chars().map(chinese_digit).collect::<Option<_>>()?;
    if values.iter().all(|&v| v < 10) {
        return values
            .iter()
            .try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d)))
            .map(|n| n as f64);
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for v in values {
        match v {
            0..=9 => digit = Some(u64::from(v)),
            10_000 => {
                total = (total + section + digit.take().unwrap_or(0)).max(1) * 10_000;
                section = 0;
            }
            unit => {
                section += digit.take().unwrap_or(1) * u64::from(unit);
            }
        }
    }
    Some((total + section + digit.unwrap_or(0)) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (text, value) in [
            ("五十", 50.0),
            ("十五", 15.0),
            ("十", 10.0),
            ("一百二十", 120.0),
            ("两千", 2000.0),
            ("三万", 30_000.0),
            ("一五", 15.0),
            ("一", 1.0),
        ] {
            assert_eq!(chinese(text), Some(value), "{text}");
        }
        assert_eq!(ascii("9.9"), Some(9.9));
        assert_eq!(ascii("1.2.3"), None);
    }
}
