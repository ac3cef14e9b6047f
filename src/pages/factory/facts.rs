//! The facts a buyer weighs, each with who vouches for it and when: "320 人 ·
//! 营业执照 · 2026-03-01". A fact past its validity says so, never silently.

use beltmart_contract::{AnswerRecord, Evidence, SupplierProfile};
use leptos::prelude::*;

use super::say;
use crate::i18n::{Lang, use_lang};
use crate::taxonomy::use_name;

/// What a factory with no facts says, in both languages.
const ONLY_THE_RECORD: (&str, &str) = (
    "这家工厂只有平台记录：还没有第三方验厂、证书或自报信息。",
    "Only the platform's record: no audit, certificate or statement yet.",
);

/// Who vouches for a fact, in words.
fn source(lang: Lang, source: &str) -> &'static str {
    match source {
        "third_party_audit" => say(lang, "第三方验厂", "Third-party audit"),
        "business_licence" => say(lang, "营业执照/证书", "Business licence"),
        "platform_record" => say(lang, "平台记录", "Platform record"),
        "beltmart_records" => say(lang, "Beltmart 询价记录", "Beltmart's inquiry records"),
        _ => say(lang, "工厂自述", "The factory's own statement"),
    }
}

/// The evidence line under a fact.
#[component]
fn Vouched(evidence: Evidence) -> impl IntoView {
    let lang = use_lang();
    let expired = evidence.expired;
    let source_id = evidence.source.clone();
    let line = move || {
        let lang = lang.get();
        let mut line = format!("{} · {}", source(lang, &evidence.source), evidence.as_of);
        if let Some(until) = &evidence.valid_until {
            line.push_str(&format!(
                " · {} {until}",
                say(lang, "有效期至", "valid until")
            ));
        }
        line
    };
    view! {
        <p class="evidence" data-source=source_id class:expired=expired>
            {line}
            {expired
                .then(|| {
                    view! {
                        <strong class="expired-mark">
                            {move || say(lang.get(), "已过期", "Expired")}
                        </strong>
                    }
                })}
        </p>
    }
}

/// One fact: its name, its value, its evidence.
fn fact(name: Signal<&'static str>, value: Signal<String>, evidence: Evidence) -> impl IntoView {
    let expired = evidence.expired;
    view! {
        <div class="fact" class:expired=expired>
            <dt>{name}</dt>
            <dd>
                <span class="fact-value">{value}</span>
                <Vouched evidence />
            </dd>
        </div>
    }
}

/// How the factory answers 询价单, as Beltmart counted it: two facts.
fn answer_facts(record: &AnswerRecord, lang: Signal<Lang>) -> [AnyView; 2] {
    let evidence = Evidence {
        source: record.source.clone(),
        as_of: record.as_of.clone(),
        valid_until: None,
        expired: false,
    };
    let (pct, count) = (record.answered_pct, record.inquiries);
    let rate = Signal::derive(move || match lang.get() {
        Lang::Zh => format!("{pct}%（近 90 天 {count} 份询价）"),
        Lang::En => format!("{pct}% (of {count} inquiries in 90 days)"),
    });
    let minutes = record.median_first_answer_minutes;
    let wait = Signal::derive(move || match (minutes, lang.get()) {
        (None, Lang::Zh) => "—".to_owned(),
        (None, Lang::En) => "—".to_owned(),
        (Some(m), Lang::Zh) if m < 120 => format!("{m} 分钟"),
        (Some(m), Lang::Zh) => format!("{} 小时", m / 60),
        (Some(m), Lang::En) if m < 120 => format!("{m} min"),
        (Some(m), Lang::En) => format!("{} h", m / 60),
    });
    let name = |zh, en| Signal::derive(move || say(lang.get(), zh, en));
    [
        fact(
            name("询价回复率", "Answers inquiries"),
            rate,
            evidence.clone(),
        )
        .into_any(),
        fact(
            name("首次回复（中位）", "First answer (median)"),
            wait,
            evidence,
        )
        .into_any(),
    ]
}

#[component]
pub fn Facts(profile: SupplierProfile, answers: Option<AnswerRecord>) -> impl IntoView {
    let lang = use_lang();
    let t =
        move |zh: &'static str, en: &'static str| Signal::derive(move || say(lang.get(), zh, en));
    let facts = &profile.facts;
    let mut items = Vec::new();
    if let Some(record) = &answers {
        items.extend(answer_facts(record, lang.into()));
    }
    if let Some(f) = &facts.staff {
        let n = f.value;
        let value = Signal::derive(move || match lang.get() {
            Lang::Zh => format!("{n} 人"),
            Lang::En => format!("{n} people"),
        });
        items.push(fact(t("员工", "Staff"), value, f.evidence.clone()).into_any());
    }
    if let Some(f) = &facts.workshop_m2 {
        let value = Signal::stored(format!("{} m²", f.value));
        items.push(fact(t("厂房面积", "Workshop"), value, f.evidence.clone()).into_any());
    }
    if let Some(f) = &facts.annual_capacity {
        let value = Signal::stored(f.value.clone());
        items.push(fact(t("年产能", "Annual capacity"), value, f.evidence.clone()).into_any());
    }
    if let Some(f) = &facts.main_categories {
        let names: Vec<Signal<String>> = f.value.iter().map(|c| use_name(c.clone())).collect();
        let value = Signal::derive(move || {
            let names: Vec<String> = names.iter().map(|n| n.get()).collect();
            names.join("、")
        });
        let name = t("主营品类", "Main categories");
        items.push(fact(name, value, f.evidence.clone()).into_any());
    }
    for c in &profile.certificates {
        let value = match c.number.is_empty() {
            true => format!("{} · {}", c.name, c.issuer),
            false => format!("{} · {} · {}", c.name, c.number, c.issuer),
        };
        let name = t("证书", "Certificate");
        items.push(fact(name, Signal::stored(value), c.evidence.clone()).into_any());
    }
    for a in &profile.audits {
        let name = t("验厂", "On-site audit");
        items.push(fact(name, Signal::stored(a.by.clone()), a.evidence.clone()).into_any());
    }
    let none = items.is_empty();
    view! {
        <section class="factory-facts" aria-labelledby="factory-facts-heading">
            <h2 id="factory-facts-heading">
                {move || say(lang.get(), "工厂信息与核验", "Facts and who checked them")}
            </h2>
            {none
                .then(|| {
                    view! {
                        <p class="no-facts">
                            {move || { say(lang.get(), ONLY_THE_RECORD.0, ONLY_THE_RECORD.1) }}
                        </p>
                    }
                })}
            <dl class="facts">{items}</dl>
        </section>
    }
}
