//! 询价单 in the OpenAPI document: sending one (tag `inquiries`), the buyer's
//! private link and actions, and a factory's inbox and answers (tag
//! `console`). Their errors are the ones `routes/inquiries.rs` and
//! `routes/console/inquiries.rs` answer with.

use axum::http::StatusCode;
use beltmart_contract::{FieldProblem, InquiryStatus, path};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::{Required, Response};

use super::console::{body_error, forbidden, json_answer, json_body, limits};
use super::{Pipe, error_response, integer, string};
use crate::http::error::ApiError;
use crate::routes::inquiries::{
    bad_fields, closed, key_missing, key_reused, no_such_inquiry, not_sent, too_many,
};
use crate::routes::session::{invalid_body_at, signed_out};

pub fn paths() -> [(&'static str, PathItem); 8] {
    [
        (path::INQUIRIES, PathItem::new(HttpMethod::Post, send())),
        (path::INQUIRY, PathItem::new(HttpMethod::Get, view())),
        (path::INQUIRY_ACTION, PathItem::new(HttpMethod::Post, act())),
        (
            path::CONSOLE_INQUIRIES,
            PathItem::new(HttpMethod::Get, inbox()),
        ),
        (
            path::CONSOLE_INQUIRY,
            PathItem::new(HttpMethod::Get, open()),
        ),
        (
            path::CONSOLE_INQUIRY_QUOTE,
            PathItem::new(
                HttpMethod::Post,
                answer(
                    "quoteInquiry",
                    "Quote: prices per line, lead times, validity",
                )
                .request_body(Some(json_body("Quote"))),
            ),
        ),
        (
            path::CONSOLE_INQUIRY_MESSAGES,
            PathItem::new(
                HttpMethod::Post,
                answer("writeToBuyer", "Write to the buyer")
                    .request_body(Some(json_body("FactoryMessage"))),
            ),
        ),
        (
            path::CONSOLE_INQUIRY_SPAM,
            PathItem::new(
                HttpMethod::Post,
                answer("markSpam", "Mark as spam (the buyer is not told)"),
            ),
        ),
    ]
}

fn bad_inquiry_fields() -> ApiError {
    bad_fields(vec![FieldProblem {
        field: "buyer.phone".into(),
        message: String::new(),
    }])
}

fn send() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("sendInquiry"))
        .tag("inquiries")
        .summary(Some("Send a 询价单: one inquiry per factory"))
        .description(Some(
            "No account: the answer's `token` is the buyer's private link \
             (`/inquiry#{token}` in the storefront), shown once. Sent again with the same `Idempotency-Key` \
             and body, the same answer comes back and nothing new is stored (for a day). \
             Limited per client address, per contact and per identical body. Each line is \
             priced as the catalog has it now (the tier at its quantity).",
        ))
        .parameter(
            ParameterBuilder::new()
                .name("Idempotency-Key")
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(
                    "A new UUID per inquiry; the same one again when retrying.",
                ))
                .schema(Some(string().min_length(Some(16)).max_length(Some(200)))),
        )
        .request_body(Some(json_body("NewInquiry")))
        .response(
            "201",
            json_answer("Sent: the link's token and each inquiry.", "InquiriesSent"),
        )
        .response(
            "400",
            error_response(
                "Every bad field is named in `fields`; or the key is missing; or the body \
                 is not an inquiry.",
                &[bad_inquiry_fields(), key_missing(), not_sent("")],
            ),
        )
        .response(
            "422",
            error_response("The key came before with another body.", &[key_reused()]),
        )
        .response(
            "429",
            error_response(
                "Too many inquiries; try after `Retry-After`.",
                &[too_many(60)],
            ),
        )
        .pipe(limits)
}

fn token() -> ParameterBuilder {
    ParameterBuilder::new()
        .name("token")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(
            "The buyer's private token (43 characters, base64url).",
        ))
        .schema(Some(string().pattern(Some("^[A-Za-z0-9_-]{43}$"))))
}

fn inquiry_id() -> ParameterBuilder {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some("An inquiry's id."))
        .schema(Some(string().pattern(Some("^[0-9a-z]{16}$"))))
}

fn not_found(description: &str) -> Response {
    error_response(description, &[no_such_inquiry()])
}

fn view() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("buyersInquiries"))
        .tag("inquiries")
        .summary(Some("The buyer's view of what a submission became"))
        .description(Some(
            "Each inquiry with its status and thread; never the buyer's own contact. \
             Private: `no-store`, `noindex`, no referrer.",
        ))
        .parameter(token())
        .response("200", json_answer("The inquiries.", "BuyerInquiries"))
        .response("404", not_found("No such link."))
        .pipe(limits)
}

fn closed_error() -> Response {
    error_response(
        "The inquiry no longer takes this (withdrawn, accepted, declined, closed).",
        &[closed(InquiryStatus::Accepted)],
    )
}

fn with_body_errors(operation: OperationBuilder) -> OperationBuilder {
    operation
        .response(
            "400",
            error_response(
                "A bad field (named in `fields`), or a body that is not JSON.",
                &[
                    bad_inquiry_fields(),
                    invalid_body_at(StatusCode::BAD_REQUEST, ""),
                ],
            ),
        )
        .response("409", closed_error())
        .response("415", body_error(StatusCode::UNSUPPORTED_MEDIA_TYPE))
        .response("422", body_error(StatusCode::UNPROCESSABLE_ENTITY))
}

fn act() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("buyerActs"))
        .tag("inquiries")
        .summary(Some(
            "Reply (with a counter-offer), accept or decline a quote, withdraw",
        ))
        .description(Some(
            "Withdrawing ends the inquiry and deletes the buyer's contact details from it.",
        ))
        .parameter(token())
        .parameter(inquiry_id())
        .request_body(Some(json_body("BuyerAction")))
        .response("200", json_answer("The inquiry as it is now.", "Inquiry"))
        .response("404", not_found("No such link, or no such inquiry in it."))
        .pipe(with_body_errors)
        .pipe(limits)
}

fn console(operation: OperationBuilder) -> OperationBuilder {
    operation
        .tag("console")
        .response("401", error_response("Not signed in.", &[signed_out()]))
        .pipe(limits)
}

fn inbox() -> OperationBuilder {
    let query = |name: &str, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some(description))
    };
    let statuses: Vec<&str> = InquiryStatus::ALL.iter().map(|s| s.as_str()).collect();
    OperationBuilder::new()
        .operation_id(Some("inbox"))
        .summary(Some(
            "A factory's inquiries (an owner's: all), newest activity first",
        ))
        .parameter(
            query("status", "Only these.").schema(Some(string().enum_values(Some(statuses)))),
        )
        .parameter(
            query(
                "q",
                "Words in the reference, the buyer's name or company, or a product.",
            )
            .schema(Some(string().max_length(Some(100)))),
        )
        .parameter(query("page", "1-based; 50 a page.").schema(Some(integer().minimum(Some(1)))))
        .response(
            "200",
            json_answer(
                "A page, the unread count, and each status's count.",
                "Inbox",
            ),
        )
        .response(
            "400",
            error_response(
                "A parameter it does not take.",
                &[invalid_body_at(StatusCode::BAD_REQUEST, "")],
            ),
        )
        .pipe(console)
}

fn open() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("openInquiry"))
        .summary(Some(
            "One inquiry, with the buyer's contact; opening marks it read",
        ))
        .parameter(inquiry_id())
        .response("200", json_answer("The inquiry.", "Inquiry"))
        .response("404", not_found("No such inquiry, or another factory's."))
        .pipe(console)
}

fn answer(id: &str, summary: &str) -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some(id))
        .summary(Some(summary))
        .parameter(inquiry_id())
        .response("200", json_answer("The inquiry as it is now.", "Inquiry"))
        .response("403", forbidden())
        .response("404", not_found("No such inquiry, or another factory's."))
        .pipe(with_body_errors)
        .pipe(console)
}
