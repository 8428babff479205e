//! Which address a request comes from: the socket's peer, or — only when that peer is a proxy the
//! configuration trusts — the client address the proxy wrote into its forwarding header.
//!
//! Any client can send `X-Real-IP` or `X-Forwarded-For` with an address of its choosing; believing
//! it would let a guesser dodge the per-address login throttle and forge the login history. So
//! no header counts unless `[proxy]` names it together with the proxies allowed to send it.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use ipnet::IpNet;
use rocket::Request;

use crate::App;
use crate::config::ProxyConfig;

/// A forwarding header a trusted proxy writes the client's address into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientIpHeader {
    /// A list of hops, each proxy appending the address it received the request from.
    XForwardedFor,
    /// One address, set (replaced) by the proxy.
    XRealIp,
}

impl ClientIpHeader {
    pub fn name(self) -> &'static str {
        match self {
            ClientIpHeader::XForwardedFor => "X-Forwarded-For",
            ClientIpHeader::XRealIp => "X-Real-IP",
        }
    }
}

/// The `[proxy]` settings, checked at start: which header to read, and from whom.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    header: Option<ClientIpHeader>,
    nets: Vec<IpNet>,
}

impl TrustedProxies {
    /// Parses the configuration; a bad address, an unknown header, or one half of the pair
    /// without the other is refused, so a typo never silently trusts too much or too little.
    pub fn from_config(config: &ProxyConfig) -> Result<Self, String> {
        let name = config.client_ip_header.trim();
        let header = match name.to_ascii_lowercase().as_str() {
            "" => None,
            "x-forwarded-for" => Some(ClientIpHeader::XForwardedFor),
            "x-real-ip" => Some(ClientIpHeader::XRealIp),
            _ => {
                return Err(format!(
                    "proxy.client_ip_header: «{name}» не поддерживается; укажите \"X-Forwarded-For\" или \"X-Real-IP\""
                ));
            }
        };
        let nets = config.trusted.iter().map(|text| parse_net(text)).collect::<Result<Vec<_>, _>>()?;
        match (header, nets.is_empty()) {
            (Some(header), true) => Err(format!(
                "proxy.client_ip_header = \"{}\" требует proxy.trusted: перечислите адреса или сети прокси, \
                 которым разрешено передавать этот заголовок",
                header.name()
            )),
            (None, false) => Err("proxy.trusted задан, но proxy.client_ip_header пуст: укажите заголовок \
                 (\"X-Forwarded-For\" или \"X-Real-IP\") или уберите proxy.trusted"
                .to_owned()),
            _ => Ok(TrustedProxies { header, nets }),
        }
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client's address given the socket's `peer` and the values of the configured header
    /// (every occurrence, in the order received). The header counts only when the peer is a
    /// trusted proxy; for `X-Forwarded-For` the client is the right-most hop that is not itself
    /// a trusted proxy, since everything left of it was written by whoever sent the request.
    pub fn client_ip<'a>(&self, peer: Option<IpAddr>, values: impl Iterator<Item = &'a str>) -> Option<IpAddr> {
        let peer = peer.map(|ip| ip.to_canonical());
        let (Some(header), Some(from)) = (self.header, peer) else { return peer };
        if !self.trusts(from) {
            return peer;
        }
        match header {
            ClientIpHeader::XRealIp => values.last().and_then(parse_hop).or(peer),
            ClientIpHeader::XForwardedFor => {
                let hops: Vec<&str> = values.flat_map(|v| v.split(',')).collect();
                let mut nearest_trusted = peer;
                for hop in hops.into_iter().rev() {
                    match parse_hop(hop) {
                        Some(ip) if self.trusts(ip) => nearest_trusted = Some(ip),
                        Some(ip) => return Some(ip),
                        // A hop nobody could have written correctly: what lies left of it is
                        // not vouched for, so the last proxy we trust is the best we know.
                        None => break,
                    }
                }
                nearest_trusted
            }
        }
    }
}

/// The address of the client behind `request`: the one function every caller uses.
pub fn client_ip(request: &Request<'_>) -> Option<IpAddr> {
    let peer = request.remote().map(|addr| addr.ip());
    match request.rocket().state::<App>() {
        Some(app) => {
            let values = app.proxies.header.into_iter().flat_map(|h| request.headers().get(h.name()));
            app.proxies.client_ip(peer, values)
        }
        None => peer.map(|ip| ip.to_canonical()),
    }
}

/// One hop of a forwarding header: an address, possibly with a port (`203.0.113.7:4711`,
/// `[2001:db8::1]:4711`), as some proxies write it.
fn parse_hop(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    let ip = IpAddr::from_str(text).ok().or_else(|| SocketAddr::from_str(text).ok().map(|a| a.ip()))?;
    Some(ip.to_canonical())
}

/// A trusted proxy: one address (`127.0.0.1`, `::1`) or a network (`10.0.0.0/8`).
fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    let net = match IpAddr::from_str(text) {
        Ok(ip) => Ok(IpNet::from(ip)),
        Err(_) => IpNet::from_str(text).map(|net| net.trunc()),
    };
    net.map_err(|_| {
        format!("proxy.trusted: «{text}» — не IP-адрес и не сеть CIDR (например, \"127.0.0.1\" или \"10.0.0.0/8\")")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(header: &str, trusted: &[&str]) -> TrustedProxies {
        let config =
            ProxyConfig { client_ip_header: header.into(), trusted: trusted.iter().map(|t| t.to_string()).collect() };
        TrustedProxies::from_config(&config).expect("valid settings")
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("an address"))
    }

    fn resolve(p: &TrustedProxies, peer: &str, values: &[&str]) -> Option<IpAddr> {
        p.client_ip(ip(peer), values.iter().copied())
    }

    #[test]
    fn by_default_no_header_is_believed() {
        let p = TrustedProxies::default();
        assert_eq!(resolve(&p, "192.0.2.10", &["9.9.9.9"]), ip("192.0.2.10"));
    }

    #[test]
    fn forwarded_for_from_an_untrusted_peer_is_ignored() {
        let p = proxies("X-Forwarded-For", &["10.0.0.0/8"]);
        assert_eq!(resolve(&p, "198.51.100.4", &["9.9.9.9"]), ip("198.51.100.4"));
    }

    #[test]
    fn forwarded_for_takes_the_rightmost_hop_that_is_not_a_trusted_proxy() {
        let p = proxies("X-Forwarded-For", &["10.0.0.0/8", "127.0.0.1"]);
        // The client claimed 9.9.9.9; the edge proxy appended the address it really saw.
        assert_eq!(resolve(&p, "10.1.2.3", &["9.9.9.9, 203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(resolve(&p, "10.1.2.3", &["9.9.9.9, 203.0.113.7, 10.0.0.5"]), ip("203.0.113.7"));
        assert_eq!(resolve(&p, "127.0.0.1", &["9.9.9.9", "203.0.113.7,10.0.0.5"]), ip("203.0.113.7"));
        assert_eq!(resolve(&p, "10.1.2.3", &[" 203.0.113.7:4711 "]), ip("203.0.113.7"));
        assert_eq!(resolve(&p, "10.1.2.3", &["[2001:db8::1]:80"]), ip("2001:db8::1"));
    }

    #[test]
    fn forwarded_for_without_an_untrusted_hop_falls_back_to_the_furthest_proxy() {
        let p = proxies("x-forwarded-for", &["10.0.0.0/8"]);
        assert_eq!(resolve(&p, "10.1.2.3", &[]), ip("10.1.2.3"));
        assert_eq!(resolve(&p, "10.1.2.3", &["10.0.0.7, 10.0.0.5"]), ip("10.0.0.7"));
        assert_eq!(resolve(&p, "10.1.2.3", &["203.0.113.7, unknown, 10.0.0.5"]), ip("10.0.0.5"));
        assert_eq!(resolve(&p, "10.1.2.3", &["garbage"]), ip("10.1.2.3"));
    }

    #[test]
    fn mapped_ipv4_addresses_match_ipv4_networks() {
        let p = proxies("X-Forwarded-For", &["10.0.0.0/8"]);
        assert_eq!(resolve(&p, "::ffff:10.1.2.3", &["::ffff:203.0.113.7"]), ip("203.0.113.7"));
    }

    #[test]
    fn real_ip_is_believed_only_from_a_trusted_proxy() {
        let p = proxies("X-Real-IP", &["127.0.0.1"]);
        assert_eq!(resolve(&p, "127.0.0.1", &["203.0.113.7"]), ip("203.0.113.7"));
        assert_eq!(resolve(&p, "127.0.0.2", &["203.0.113.7"]), ip("127.0.0.2"));
        assert_eq!(resolve(&p, "127.0.0.1", &["not an address"]), ip("127.0.0.1"));
        assert_eq!(p.client_ip(None, ["203.0.113.7"].into_iter()), None);
    }

    #[test]
    fn bad_settings_are_refused_with_the_key_named() {
        let refuse = |header: &str, trusted: &[&str]| {
            let config = ProxyConfig {
                client_ip_header: header.into(),
                trusted: trusted.iter().map(|t| t.to_string()).collect(),
            };
            TrustedProxies::from_config(&config).expect_err("refused")
        };
        assert!(refuse("X-Forwarded-For", &["10.0.0.0/33"]).contains("proxy.trusted: «10.0.0.0/33»"));
        assert!(refuse("X-Forwarded-For", &["proxy.local"]).contains("proxy.trusted"));
        assert!(refuse("Forwarded", &["10.0.0.1"]).contains("proxy.client_ip_header"));
        assert!(refuse("X-Real-IP", &[]).contains("требует proxy.trusted"));
        assert!(refuse("", &["10.0.0.1"]).contains("proxy.client_ip_header пуст"));
    }
}
