//! Sending the 进货单 on: a link that opens the same list, and a CSV that
//! Excel opens (UTF-8 with a BOM).

use beltmart_contract::{Shortlist, format_yuan};
use leptos::prelude::*;

use super::lines::{Loads, Priced, grouped};
use crate::i18n::{Texts, use_lang};
use crate::router::urls::{Page, page_href};

/// One CSV field, quoted where it must be. Text that Excel or WPS would run
/// as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a factory's title `=HYPERLINK(…)`) gets a `'` in front, and quotes
/// (OWASP's CSV injection advice): the shopper sees it as text.
fn field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    match formula || text.contains([',', '"', '\n', '\r']) {
        true => format!("\"{}\"", text.replace('"', "\"\"")),
        false => text,
    }
}

/// The list as CSV, lines grouped by supplier as on the page.
pub fn csv(texts: &Texts, list: &Shortlist, details: &Loads) -> String {
    let (groups, _) = grouped(list, details);
    let mut out = format!("\u{feff}{}\r\n", texts.csv_header);
    for (supplier, lines) in &groups {
        for priced in lines {
            let Priced {
                line,
                product,
                unit_price,
            } = priced;
            let row = [
                field(&supplier.name),
                field(&product.title),
                field(&line.id),
                line.qty.to_string(),
                field(&product.unit),
                format_yuan(*unit_price),
                format_yuan(priced.total()),
                product.moq.to_string(),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[component]
pub fn ListActions(shown: Memo<Shortlist>, details: RwSignal<Loads>) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let share = move || {
        let href = format!(
            "{}?{}",
            page_href(&Page::List),
            shown.with(Shortlist::render)
        );
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}{href}")
    };
    let csv_href = move || {
        let text = shown.with(|list| details.with(|d| csv(texts(), list, d)));
        let encoded: String = js_sys::encode_uri_component(&text).into();
        format!("data:text/csv;charset=utf-8,{encoded}")
    };
    move || {
        shown.with(|l| !l.is_empty()).then(|| {
            view! {
                <div class="list-actions">
                    <a class="button download-csv" href=csv_href download="beltmart-进货单.csv">
                        {texts().download_csv}
                    </a>
                    <label class="share-link">
                        <span>{texts().share_link}</span>
                        <input
                            type="text"
                            readonly
                            prop:value=share
                            on:focus=move |ev| {
                                event_target::<web_sys::HtmlInputElement>(&ev).select();
                            }
                        />
                    </label>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_only_where_they_must_be() {
        assert_eq!(field("袜子"), "袜子");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn a_title_never_runs_as_a_formula_in_excel() {
        assert_eq!(
            field("=HYPERLINK(\"http://evil.example\",\"点我\")"),
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\""
        );
        for start in ["+1", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd"] {
            assert!(field(start).starts_with("\"'"), "{start}");
        }
    }
}
