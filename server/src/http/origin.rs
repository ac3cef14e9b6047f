//! Refuses state-changing requests that a page of another site makes a
//! browser send (cross-site request forgery), as Go's CrossOriginProtection
//! does: a browser says where a request comes from in `Sec-Fetch-Site`
//! (every current one) or at least `Origin`; a request with neither is not
//! from a browser, and holds no cookie a browser would add. Allowed origins
//! come from configuration, never from the request's own `Host`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use beltmart_contract::ErrorCode;

use super::error::ApiError;

/// The origins (`https://shop.example.com`) whose pages may change things here.
#[derive(Clone, Debug)]
pub struct AllowedOrigins(Arc<Vec<String>>);

impl AllowedOrigins {
    /// The origin of `--public-url`, or else of the address the server listens on.
    pub fn new(public_url: Option<&str>, listening: std::net::SocketAddr) -> AllowedOrigins {
        let origin = match public_url {
            Some(url) => origin_of(url),
            None => format!("http://{listening}"),
        };
        AllowedOrigins(Arc::new(vec![origin]))
    }

    fn allows(&self, origin: &str) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(origin))
    }

    /// Whether a request with these headers may change state.
    pub fn admits(&self, method: &Method, headers: &HeaderMap) -> bool {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return true;
        }
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        match (header("sec-fetch-site"), header("origin")) {
            // `none`: typed into the address bar or opened from a bookmark.
            (Some(site), _) => site == "same-origin" || site == "none",
            (None, Some(origin)) => self.allows(origin),
            (None, None) => true,
        }
    }
}

/// `scheme://host[:port]` of a URL, without its path.
fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    )
}

/// 403 `cross_origin` for a state-changing request from another site's page.
pub async fn same_origin_only(
    State(allowed): State<AllowedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    if allowed.admits(request.method(), request.headers()) {
        return next.run(request).await;
    }
    cross_origin().into_response()
}

pub fn cross_origin() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::CrossOrigin,
        "a page of another site may not change anything here",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn only_this_sites_pages_and_non_browsers_may_post() {
        let listening = "127.0.0.1:8080".parse().unwrap();
        let allowed = AllowedOrigins::new(Some("https://Shop.example.com/beltmart/"), listening);
        let post = Method::POST;
        assert!(allowed.admits(&post, &headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!allowed.admits(&post, &headers(&[("sec-fetch-site", "same-site")])));
        assert!(!allowed.admits(
            &post,
            &headers(&[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://shop.example.com")
            ])
        ));
        assert!(allowed.admits(&post, &headers(&[("origin", "https://shop.example.com")])));
        assert!(!allowed.admits(&post, &headers(&[("origin", "http://shop.example.com")])));
        assert!(!allowed.admits(&post, &headers(&[("origin", "null")])));
        assert!(allowed.admits(&post, &headers(&[])));
        assert!(allowed.admits(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")])));
        let local = AllowedOrigins::new(None, listening);
        assert!(local.admits(
            &Method::DELETE,
            &headers(&[("origin", "http://127.0.0.1:8080")])
        ));
    }
}
