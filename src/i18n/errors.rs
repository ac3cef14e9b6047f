//! What went wrong, in the shopper's language. Answers carry a stable `code`;
//! the server's own message is English for developers and never shown here.

use beltmart_contract::{ErrorCode, Facet, Filter, QueryError};

use super::Lang;
use crate::api::FetchError;

/// A failed request, explained. `online` is the browser's `navigator.onLine`.
pub fn fetch_problem(err: &FetchError, online: bool, lang: Lang) -> String {
    let text = match err {
        FetchError::Unreachable if !online => lang.pick(
            "您的设备已离线。联网后点“重试”，筛选条件会保留。",
            "Your device is offline. Retry once you are back online; your filters are kept.",
        ),
        FetchError::Unreachable => lang.pick(
            "无法连接到服务器，请检查网络后重试。",
            "Cannot reach the server. Check your connection and retry.",
        ),
        FetchError::Invalid(_) => lang.pick(
            "服务器返回了无法识别的数据。",
            "The server sent data this page cannot read.",
        ),
        FetchError::Api { code, status, .. } => {
            return api_problem(ErrorCode::parse(code), *status, code, lang);
        }
    };
    text.to_owned()
}

fn api_problem(code: Option<ErrorCode>, status: u16, raw: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match code {
        // Busy, timed out or the catalog briefly down: nothing the shopper did wrong.
        Some(code) if code.is_transient() => busy(lang),
        _ if status == 503 || status == 429 => busy(lang),
        Some(ErrorCode::NotFound) => lang
            .pick("找不到要的内容。", "What was asked for does not exist.")
            .to_owned(),
        Some(_) => lang
            .pick(
                "链接中的筛选条件有误，请重设筛选。",
                "This link has a filter we cannot read; reset the filters.",
            )
            .to_owned(),
        // A code this storefront does not know (a newer or another server): name it for support.
        None => match zh {
            true => format!("服务器出错了（{status} {raw}），请稍后重试。"),
            false => format!("The server reported a problem ({status} {raw}). Retry in a moment."),
        },
    }
}

fn busy(lang: Lang) -> String {
    let text = lang.pick(
        "服务器正忙或暂时不可用，请稍后点“重试”。",
        "The server is busy or briefly unavailable. Retry in a moment.",
    );
    text.to_owned()
}

/// Why a link's query could not be read, naming the filter.
pub fn query_problem(err: &QueryError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match err {
        QueryError::InvalidId { param, .. } => match zh {
            true => format!("“{}”中有无法识别的值。", param_name(param, lang)),
            false => format!(
                "The {} filter has a value we do not know.",
                param_name(param, lang)
            ),
        },
        QueryError::TooManyValues { param } => match zh {
            true => format!("“{}”选了太多项。", param_name(param, lang)),
            false => format!(
                "The {} filter lists too many values.",
                param_name(param, lang)
            ),
        },
        QueryError::InvalidPrice(_) => lang
            .pick(
                "价格区间无法识别，应写成 10-30 这样的元。",
                "The price range is not in yuan like 10-30.",
            )
            .to_owned(),
        QueryError::PriceMinAboveMax { min_fen, max_fen } => match zh {
            true => format!(
                "最低价 ¥{} 高于最高价 ¥{}。",
                yuan(*min_fen),
                yuan(*max_fen)
            ),
            false => format!(
                "The minimum price ¥{} is above the maximum ¥{}.",
                yuan(*min_fen),
                yuan(*max_fen)
            ),
        },
        QueryError::InvalidSort(_) => lang
            .pick("排序方式无法识别。", "The sort order is not one we know.")
            .to_owned(),
        QueryError::InvalidPage(_) => lang
            .pick("页码无效。", "The page number is not valid.")
            .to_owned(),
        QueryError::InvalidPerPage(_) => lang
            .pick(
                "每页数量应在 1 到 100 之间。",
                "Products per page must be 1 to 100.",
            )
            .to_owned(),
        QueryError::InvalidKeyword => lang
            .pick(
                "搜索词中有无法使用的字符。",
                "The search words contain characters we cannot use.",
            )
            .to_owned(),
        QueryError::KeywordTooLong => lang
            .pick(
                "搜索词太长（最多 64 个字）。",
                "The search words are too long (64 characters at most).",
            )
            .to_owned(),
        QueryError::DuplicateParameter(_) => lang
            .pick(
                "同一个筛选条件出现了多次。",
                "The same filter is given more than once.",
            )
            .to_owned(),
    }
}

fn param_name(key: &str, lang: Lang) -> &'static str {
    match Filter::from_key(key) {
        Some(Filter::Facet(Facet::Category)) => lang.pick("品类", "category"),
        Some(Filter::Facet(Facet::City)) => lang.pick("城市", "city"),
        Some(Filter::Facet(Facet::Belt)) => lang.pick("产业带", "belt"),
        Some(Filter::Facet(Facet::GoodsKind)) => lang.pick("货品类型", "goods kind"),
        Some(Filter::Facet(Facet::SupplierKind)) => lang.pick("商家类型", "supplier kind"),
        _ => lang.pick("筛选", "filter"),
    }
}

fn yuan(fen: u32) -> String {
    beltmart_contract::format_yuan(fen)
}
