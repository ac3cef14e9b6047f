//! What went wrong, in the shopper's language. Answers carry a stable `code`;
//! the server's own message is English for developers and never shown here.

use beltmart_contract::{ErrorCode, QueryError, format_yuan};

use super::{Texts, fill, param_name};
use crate::api::FetchError;

/// A failed request, explained. `online` is the browser's `navigator.onLine`.
pub fn fetch_problem(err: &FetchError, online: bool, texts: &Texts) -> String {
    match err {
        FetchError::Unreachable if !online => texts.error_offline.to_owned(),
        FetchError::Unreachable => texts.error_unreachable.to_owned(),
        FetchError::Invalid(_) => texts.error_invalid.to_owned(),
        FetchError::Api { code, status, .. } => api_problem(code, *status, texts),
    }
}

fn api_problem(code: &str, status: u16, texts: &Texts) -> String {
    let text = match ErrorCode::parse(code) {
        // Busy, timed out or the catalog briefly down: nothing the shopper did wrong.
        Some(code) if code.is_transient() => texts.error_busy,
        _ if status == 503 || status == 429 => texts.error_busy,
        Some(ErrorCode::NotFound) => texts.error_not_found,
        Some(_) => texts.error_bad_request,
        // A code this storefront does not know (a newer or another server): name it for support.
        None => {
            return texts
                .error_unknown
                .replace("{}", &format!("{status} {code}"));
        }
    };
    text.to_owned()
}

/// Why a link's query could not be read, naming the filter.
pub fn query_problem(err: &QueryError, texts: &Texts) -> String {
    match err {
        QueryError::InvalidId { param, .. } => {
            let text = texts.query_invalid_id;
            text.replace("{}", param_name(param, texts))
        }
        QueryError::TooManyValues { param } => {
            let text = texts.query_too_many_values;
            text.replace("{}", param_name(param, texts))
        }
        QueryError::PriceMinAboveMax { min_fen, max_fen } => fill(
            texts.query_price_min_above_max,
            &[
                ("{min}", &format_yuan(*min_fen)),
                ("{max}", &format_yuan(*max_fen)),
            ],
        ),
        QueryError::InvalidPrice(_) => texts.query_invalid_price.to_owned(),
        QueryError::InvalidSort(_) => texts.query_invalid_sort.to_owned(),
        QueryError::InvalidPage(_) => texts.query_invalid_page.to_owned(),
        QueryError::InvalidPerPage(_) => texts.query_invalid_per_page.to_owned(),
        QueryError::InvalidKeyword => texts.query_invalid_keyword.to_owned(),
        QueryError::KeywordTooLong => texts.query_keyword_too_long.to_owned(),
        QueryError::InvalidQuantity(_) => texts.query_invalid_qty.to_owned(),
        QueryError::DuplicateParameter(_) => texts.query_duplicate_parameter.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    fn api(status: u16, code: &str) -> FetchError {
        let message = "an English message for developers".to_owned();
        let code = code.to_owned();
        FetchError::Api {
            status,
            code,
            message,
        }
    }

    #[test]
    fn server_messages_never_reach_the_shopper() {
        for code in ErrorCode::ALL
            .map(ErrorCode::as_str)
            .into_iter()
            .chain(["internal"])
        {
            for texts in [&ZH, &EN] {
                let shown = fetch_problem(&api(500, code), true, texts);
                assert!(!shown.contains("developers"), "{code}: {shown}");
            }
        }
        let unknown = fetch_problem(&api(500, "internal"), true, &ZH);
        assert!(unknown.contains("500 internal"), "{unknown}");
        assert_eq!(
            fetch_problem(&api(503, "overloaded"), true, &ZH),
            ZH.error_busy
        );
    }

    #[test]
    fn a_bad_link_names_its_filter_in_the_shoppers_language() {
        let err = beltmart_contract::CatalogQuery::parse("city=Bad!").unwrap_err();
        assert_eq!(query_problem(&err, &ZH), "“城市”中有无法识别的值。");
        let err = beltmart_contract::CatalogQuery::parse("price=50-10").unwrap_err();
        assert!(query_problem(&err, &EN).contains("¥50.00"));
    }
}
