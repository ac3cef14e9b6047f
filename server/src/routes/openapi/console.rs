//! The console in the OpenAPI document: signing in with a password or a
//! setup link, who is signed in, signing out, and uploading a catalog. Their
//! errors are the ones `routes/session.rs`, `routes/console/` and
//! `http/origin.rs` answer with.

use axum::http::StatusCode;
use beltmart_contract::{ErrorCode, path};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Required, Response, ResponseBuilder};

use super::{JSON, Pipe, error_response, header_one_of, response_ref, schema_ref, string};
use crate::accounts::password::Weak;
use crate::http::error::ApiError;
use crate::http::origin::cross_origin;
use crate::http::policy::NO_STORE;
use crate::routes::console::{owner_only, upload_too_large};
use crate::routes::session::{
    invalid_body_at, invalid_link, signed_out, too_many_attempts, weak_password, wrong_credentials,
};

pub fn paths() -> [(&'static str, PathItem); 7] {
    let mut session = PathItem::new(HttpMethod::Get, who());
    session.post = Some(sign_in().build());
    session.delete = Some(sign_out().build());
    let password = PathItem::new(HttpMethod::Post, set_password());
    let imports = PathItem::new(HttpMethod::Post, imports());
    let mut supplier = PathItem::new(HttpMethod::Get, profile());
    supplier.patch = Some(edit_profile().build());
    let mut people = PathItem::new(HttpMethod::Get, list_people());
    people.post = Some(invite().build());
    people.patch = Some(change_person().build());
    let audit = PathItem::new(HttpMethod::Get, audit_log());
    [
        (
            path::CONSOLE_EXPORT,
            PathItem::new(HttpMethod::Get, export()),
        ),
        (path::CONSOLE_PEOPLE, people),
        (path::CONSOLE_AUDIT, audit),
        (path::CONSOLE_SUPPLIER, supplier),
        (path::SESSION, session),
        (path::SESSION_PASSWORD, password),
        (path::CONSOLE_IMPORTS, imports),
    ]
}

fn owners(operation: OperationBuilder, summary: &str) -> OperationBuilder {
    operation
        .tag("console")
        .summary(Some(summary))
        .description(Some(
            "The site's owner's; to a factory it does not exist (404).",
        ))
        .response("401", error_response("Not signed in.", &[signed_out()]))
        .response(
            "404",
            error_response("Signed in as a factory.", &[ApiError::not_found("")]),
        )
        .pipe(limits)
}

pub(super) fn json_answer(description: &str, schema: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref(schema)))
                .build(),
        )
        .header("Cache-Control", no_store())
        .build()
}

fn list_people() -> OperationBuilder {
    let operation = OperationBuilder::new()
        .operation_id(Some("listPeople"))
        .response(
            "200",
            json_answer("Every account, and where each is signed in.", "People"),
        );
    owners(operation, "Who has an account, and who is signed in where")
}

fn refused_change() -> Response {
    error_response(
        "The change is refused (an email taken, a supplier unknown …), or the body is not JSON.",
        &[
            ApiError::bad_request(ErrorCode::InvalidChange, ""),
            invalid_body_at(StatusCode::BAD_REQUEST, ""),
        ],
    )
}

fn invite() -> OperationBuilder {
    let operation = OperationBuilder::new()
        .operation_id(Some("invite"))
        .request_body(Some(json_body("Invite")))
        .response(
            "200",
            json_answer("Added: the one-time link to pass on.", "PersonChanged"),
        )
        .response("400", refused_change())
        .response("403", forbidden())
        .response("415", body_error(StatusCode::UNSUPPORTED_MEDIA_TYPE))
        .response("422", body_error(StatusCode::UNPROCESSABLE_ENTITY));
    owners(operation, "Invite someone: an account and a one-time link")
}

fn change_person() -> OperationBuilder {
    let operation = OperationBuilder::new()
        .operation_id(Some("changePerson"))
        .request_body(Some(json_body("PersonChange")))
        .response(
            "200",
            json_answer("Done (a reset hands back a new link).", "PersonChanged"),
        )
        .response("400", refused_change())
        .response("403", forbidden())
        .response("415", body_error(StatusCode::UNSUPPORTED_MEDIA_TYPE))
        .response("422", body_error(StatusCode::UNPROCESSABLE_ENTITY));
    owners(
        operation,
        "Disable, enable or reset an account (every session of it ends)",
    )
}

fn audit_log() -> OperationBuilder {
    let operation = OperationBuilder::new()
        .operation_id(Some("auditLog"))
        .parameter(
            ParameterBuilder::new()
                .name("before")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(
                    "Entries older than this id (the previous page's `next`).",
                ))
                .schema(Some(super::integer())),
        )
        .response(
            "200",
            json_answer("Up to 100 entries, newest first.", "AuditPage"),
        )
        .response(
            "400",
            error_response(
                "`before` is not a number.",
                &[invalid_body_at(StatusCode::BAD_REQUEST, "")],
            ),
        );
    owners(operation, "Who did what, when")
}

fn export() -> OperationBuilder {
    let file = || ContentBuilder::new().schema(Some(string())).build();
    let download = ResponseBuilder::new()
        .description("The products as the import reads them (CSV with a BOM, for Excel).")
        .content("text/csv", file())
        .content("application/x-ndjson", file())
        .header("Cache-Control", no_store())
        .header(
            "Content-Disposition",
            HeaderBuilder::new()
                .schema(string())
                .description(Some("`attachment`, with a file name."))
                .build(),
        )
        .build();
    OperationBuilder::new()
        .operation_id(Some("exportCatalog"))
        .tag("console")
        .summary(Some(
            "Download the catalog to edit: a factory's own products, or all",
        ))
        .parameter(
            ParameterBuilder::new()
                .name("format")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some("`csv` (the default) or `jsonl`."))
                .schema(Some(string().enum_values(Some(["csv", "jsonl"])))),
        )
        .response("200", download)
        .response(
            "400",
            error_response(
                "A format other than `csv` or `jsonl`, or another parameter.",
                &[invalid_body_at(StatusCode::BAD_REQUEST, "")],
            ),
        )
        .response("401", error_response("Not signed in.", &[signed_out()]))
        .pipe(limits)
}

fn supplier_id() -> ParameterBuilder {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(
            "Supplier id; a factory reaches only its own (any other is 404).",
        ))
        .schema(Some(string().examples(["yiwu-2"])))
}

fn profile_answer(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref("SupplierProfile")))
                .build(),
        )
        .header("Cache-Control", no_store())
        .build()
}

fn not_yours() -> Response {
    error_response(
        "No such factory, or (to a factory) another factory's.",
        &[ApiError::not_found("")],
    )
}

fn profile() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("getProfile"))
        .tag("console")
        .summary(Some("A factory's profile, to edit"))
        .parameter(supplier_id())
        .response(
            "200",
            profile_answer("The profile as the catalog serves it now."),
        )
        .response("401", error_response("Not signed in.", &[signed_out()]))
        .response("404", not_yours())
        .pipe(limits)
}

fn edit_profile() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("editProfile"))
        .tag("console")
        .summary(Some("Change a factory's profile"))
        .description(Some(
            "Fields left out stay. A factory's facts are marked `self_declared` with today's \
             date; it may not replace a fact another source vouches for, nor set certificates \
             or audits (403 `owner_only`). The change is checked by the suppliers import's \
             rules and answered once this server serves it.",
        ))
        .parameter(supplier_id())
        .request_body(Some(json_body("ProfileEdit")))
        .response(
            "200",
            profile_answer("The changed profile, served from now on."),
        )
        .response(
            "400",
            error_response(
                "The change breaks a rule of the catalog, or the body is not JSON.",
                &[
                    ApiError::bad_request(ErrorCode::InvalidChange, ""),
                    invalid_body_at(StatusCode::BAD_REQUEST, ""),
                ],
            ),
        )
        .response("401", error_response("Not signed in.", &[signed_out()]))
        .response(
            "403",
            error_response(
                "Sent from another site's page, or a change only the site's owner may make.",
                &[cross_origin(), owner_only()],
            ),
        )
        .response("404", not_yours())
        .response("415", body_error(StatusCode::UNSUPPORTED_MEDIA_TYPE))
        .response("422", body_error(StatusCode::UNPROCESSABLE_ENTITY))
        .pipe(limits)
}

fn imports() -> OperationBuilder {
    let file = || ContentBuilder::new().schema(Some(string())).build();
    let query = |name: &str, description: &str, values: [&str; 2]| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some(description))
            .schema(Some(string().enum_values(Some(values))))
    };
    let report = ResponseBuilder::new()
        .description(
            "The report: what the upload changes (or, a dry run, would change), or every bad \
             row by line and field, in which case nothing changed.",
        )
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref("ImportReport")))
                .build(),
        )
        .header("Cache-Control", no_store())
        .build();
    OperationBuilder::new()
        .operation_id(Some("importCatalog"))
        .tag("console")
        .summary(Some("Upload a catalog file: check it, then commit it"))
        .description(Some(
            "The body is the file: CSV (`text/csv`, UTF-8 or GBK as Excel saves it) or JSON \
             Lines (`application/x-ndjson`), as docs/catalog.md describes, checked by the same \
             import as `beltmart-server import`; or a zip (`application/zip`) of one such file \
             and the pictures its rows name, by paths relative to it. An owner changes the whole catalog; a \
             factory only its own products: a row for another supplier, or naming another's \
             product, is a row error, and its `replace` removes only its own products.",
        ))
        .parameter(query(
            "mode",
            "`upsert` (the default) or `replace`.",
            ["upsert", "replace"],
        ))
        .parameter(query(
            "dry_run",
            "`true` (the default) only checks; `false` commits when no row is bad.",
            ["true", "false"],
        ))
        .request_body(Some(
            RequestBodyBuilder::new()
                .content("text/csv", file())
                .content("application/x-ndjson", file())
                .content(
                    "application/zip",
                    ContentBuilder::new()
                        .schema(Some(string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))))
                        .build(),
                )
                .required(Some(Required::True))
                .build(),
        ))
        .response("200", report)
        .response(
            "400",
            error_response(
                "A parameter that is not `mode` or `dry_run`, or a value they do not take.",
                &[invalid_body_at(StatusCode::BAD_REQUEST, "")],
            ),
        )
        .response(
            "401",
            error_response("Not signed in, or the session has ended.", &[signed_out()]),
        )
        .response("403", forbidden())
        .response(
            "413",
            error_response(
                "The file is larger than `--upload-limit-mb`.",
                &[upload_too_large(1 << 20)],
            ),
        )
        .response("415", body_error(StatusCode::UNSUPPORTED_MEDIA_TYPE))
        .response("414", response_ref("UriTooLong"))
        .response("503", response_ref("Unavailable"))
}

fn who() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("getSession"))
        .tag("console")
        .summary(Some("Who is signed in, from the session cookie"))
        .response("200", session_info("Signed in.", false))
        .response(
            "401",
            error_response(
                "No session cookie, or its session has ended.",
                &[signed_out()],
            ),
        )
        .pipe(limits)
}

fn sign_in() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("signIn"))
        .tag("console")
        .summary(Some("Sign in with an email and a password"))
        .description(Some(
            "Sets a new session cookie (`HttpOnly`, `SameSite=Strict`, `Path=/`; `Secure` and \
             named `__Host-beltmart-session` when the site is served over https), whatever \
             cookie the browser had. A wrong password, an unknown email and a disabled account \
             get the same answer. Failed sign-ins are counted per email and client address: \
             past a few, 429 with `Retry-After`.",
        ))
        .request_body(Some(json_body("SignIn")))
        .response(
            "200",
            session_info("Signed in: the new session's cookie is set.", true),
        )
        .response("400", body_error(StatusCode::BAD_REQUEST))
        .response(
            "401",
            error_response(
                "The email or the password is wrong.",
                &[wrong_credentials()],
            ),
        )
        .response(
            "429",
            error_response(
                "Too many failed sign-ins: wait `Retry-After` seconds.",
                &[too_many_attempts(1)],
            ),
        )
        .pipe(body_responses)
}

fn sign_out() -> OperationBuilder {
    let signed_out = ResponseBuilder::new()
        .description("Signed out (or was not): the browser is told to forget the cookie.")
        .header("Set-Cookie", forget_cookie())
        .header("Cache-Control", no_store())
        .build();
    OperationBuilder::new()
        .operation_id(Some("signOut"))
        .tag("console")
        .summary(Some("Sign out, here or everywhere"))
        .parameter(
            ParameterBuilder::new()
                .name("everywhere")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(
                    "`true` ends every session of the account, on every device.",
                ))
                .schema(Some(string().enum_values(Some(["true"])))),
        )
        .response("204", signed_out)
        .response(
            "400",
            error_response(
                "A parameter other than `everywhere=true`.",
                &[invalid_body_at(StatusCode::BAD_REQUEST, "")],
            ),
        )
        .response("403", forbidden())
        .pipe(limits)
}

fn set_password() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("setPassword"))
        .tag("console")
        .summary(Some("Set a password through a one-time link, and sign in"))
        .description(Some(
            "`token` is what follows `#` in the link that `beltmart-server user add` or `user \
             reset` printed. A link works once, for 24 hours, and only the latest one of an \
             account. Every other session of the account ends.",
        ))
        .request_body(Some(json_body("SetPassword")))
        .response(
            "200",
            session_info("The password is set, and a session begun.", true),
        )
        .response(
            "400",
            error_response(
                "The link cannot be used (used, replaced or expired), the password is too \
                 short, too long or too common, or the body is not JSON.",
                &[
                    invalid_link(),
                    weak_password(Weak::TooShort),
                    invalid_body_at(StatusCode::BAD_REQUEST, ""),
                ],
            ),
        )
        .pipe(body_responses)
}

pub(super) fn json_body(schema: &str) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref(schema)))
                .build(),
        )
        .required(Some(Required::True))
        .build()
}

fn session_info(description: &str, sets_cookie: bool) -> Response {
    let mut response = ResponseBuilder::new()
        .description(description)
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref("SessionInfo")))
                .build(),
        )
        .header("Cache-Control", no_store());
    if sets_cookie {
        response = response.header(
            "Set-Cookie",
            HeaderBuilder::new()
                .schema(string())
                .description(Some("The new session's cookie."))
                .build(),
        );
    }
    response.build()
}

fn forget_cookie() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(string())
        .description(Some("The session cookie, emptied, with `Max-Age=0`."))
        .build()
}

pub(super) fn no_store() -> utoipa::openapi::header::Header {
    header_one_of("About this person now: never cached.", &[NO_STORE])
}

pub(super) fn forbidden() -> Response {
    error_response(
        "Sent by a page of another site (`Sec-Fetch-Site` or `Origin`).",
        &[cross_origin()],
    )
}

pub(super) fn body_error(status: StatusCode) -> Response {
    error_response(
        "The body is not the JSON object expected.",
        &[invalid_body_at(status, "")],
    )
}

/// What an operation that reads a JSON body may answer besides its own.
fn body_responses(operation: OperationBuilder) -> OperationBuilder {
    operation
        .response("403", forbidden())
        .response("415", body_error(StatusCode::UNSUPPORTED_MEDIA_TYPE))
        .response("422", body_error(StatusCode::UNPROCESSABLE_ENTITY))
        .pipe(limits)
}

pub(super) fn limits(operation: OperationBuilder) -> OperationBuilder {
    operation
        .response("413", response_ref("PayloadTooLarge"))
        .response("414", response_ref("UriTooLong"))
        .response("503", response_ref("Unavailable"))
}
