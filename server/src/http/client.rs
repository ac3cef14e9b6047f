//! Who the client is, by address: the peer's address, or, when the peer is a
//! proxy the site trusts (`--trusted-proxies`), the address that proxy
//! reports in `X-Forwarded-For`. A header from anyone else is ignored, so a
//! client cannot choose the address its limits are counted against.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The client's address, for handlers (inserted by [`identify`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    pub fn new(nets: &[IpNet]) -> TrustedProxies {
        TrustedProxies(Arc::new(nets.to_vec()))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client behind `peer`: walking `X-Forwarded-For` from its end, the
    /// first address that is not a trusted proxy. What cannot be read there
    /// stops the walk at the last proxy known.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect::<Vec<_>>();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Ok(address) = hop.trim().parse::<IpAddr>() else {
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// One entry of `--trusted-proxies`: a CIDR (`10.0.0.0/8`) or an address (`127.0.0.1`).
pub fn proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is not an address or a CIDR"))
}

/// Inserts the request's [`ClientAddress`].
pub async fn identify(
    State(trusted): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let client = trusted.client(peer, request.headers());
    request.extensions_mut().insert(ClientAddress(client));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_says_who_the_client_is() {
        let trusted =
            TrustedProxies::new(&[proxy("10.0.0.0/8").unwrap(), proxy("127.0.0.1").unwrap()]);
        let headers = forwarded("203.0.113.9, 10.1.2.3");
        assert_eq!(trusted.client(ip("127.0.0.1"), &headers), ip("203.0.113.9"));
        // A stranger's header is ignored: it cannot pick its address.
        assert_eq!(
            trusted.client(ip("198.51.100.7"), &headers),
            ip("198.51.100.7")
        );
        // A client that writes its own header in front is not believed past the first untrusted hop.
        let spoofed = forwarded("1.2.3.4, 203.0.113.9");
        assert_eq!(trusted.client(ip("10.0.0.1"), &spoofed), ip("203.0.113.9"));
        // Unreadable: the last proxy known.
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &forwarded("garbage")),
            ip("10.0.0.1")
        );
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        let nobody = TrustedProxies::default();
        assert_eq!(nobody.client(ip("127.0.0.1"), &headers), ip("127.0.0.1"));
    }

    #[test]
    fn a_bad_proxy_list_is_refused_with_its_entry() {
        let bad = proxy("10.0.0.0/33").unwrap_err();
        assert!(bad.contains("10.0.0.0/33"), "{bad}");
        assert!(proxy(" ::1").is_ok() && proxy("fd00::/8").is_ok());
    }
}
