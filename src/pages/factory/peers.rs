//! The factory beside its belt, in sentences a shopper reads in a second:
//! "价格低于本产业带 70% 的同类工厂".

use beltmart_contract::BeltPeers;
use leptos::prelude::*;

use crate::i18n::{Lang, use_lang};

/// Each comparison the figures allow, in the shopper's language.
fn sentences(p: &BeltPeers, years: u32, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if p.factories == 0 {
        out.push(match lang {
            Lang::Zh => "本产业带暂无同类工厂可比较。".to_owned(),
            Lang::En => "No other factory of its belt makes the same things yet.".to_owned(),
        });
        return out;
    }
    if let Some(pct) = p.cheaper_than_pct {
        out.push(match lang {
            Lang::Zh => format!(
                "价格低于本产业带 {pct}% 的同类工厂（共 {} 家）",
                p.factories
            ),
            Lang::En => format!(
                "Cheaper than {pct}% of the {} factories of its belt that make the same",
                p.factories
            ),
        });
    }
    if let (Some(mine), Some(belt)) = (p.moq_median, p.belt_moq_median) {
        out.push(match lang {
            Lang::Zh => format!("起批量中位数 {mine}，产业带为 {belt}"),
            Lang::En => format!("Typical minimum order {mine}, the belt's {belt}"),
        });
    }
    if let Some(pct) = p.longer_than_pct {
        out.push(match lang {
            Lang::Zh => {
                format!("入驻 {years} 年，比 {pct}% 的同类工厂更久")
                    + &format!("（产业带中位数 {} 年）", p.belt_years_median)
            }
            Lang::En => format!(
                "{years} years on the platform, longer than {pct}% of them (the belt's median: {})",
                p.belt_years_median
            ),
        });
    }
    out
}

#[component]
pub fn Peers(peers: BeltPeers, years: u32) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="factory-peers" aria-labelledby="factory-peers-heading">
            <h2 id="factory-peers-heading">
                {move || lang.get().pick("与本产业带同类工厂相比", "Beside its belt")}
            </h2>
            <ul>
                {move || {
                    sentences(&peers, years, lang.get())
                        .into_iter()
                        .map(|s| view! { <li>{s}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_the_figures_allow() {
        let peers = BeltPeers {
            factories: 9,
            cheaper_than_pct: Some(70),
            moq_median: Some(50),
            belt_moq_median: Some(100),
            belt_years_median: 6,
            longer_than_pct: Some(40),
        };
        let zh = sentences(&peers, 8, Lang::Zh);
        assert_eq!(zh[0], "价格低于本产业带 70% 的同类工厂（共 9 家）");
        assert_eq!(zh.len(), 3);
        let alone = BeltPeers {
            factories: 0,
            cheaper_than_pct: None,
            ..peers
        };
        assert_eq!(sentences(&alone, 8, Lang::En).len(), 1);
    }
}
