//! HTTP hostcalls: the typed request built at dispatch stage 1 (validation,
//! INV-002) and the egress policy applied after the capability policy allowed
//! `http` (the `[http]` config section).
//!
//! Validation refuses, as `invalid_request`, what is not a well-formed request
//! a client could send: no URL, text that is not a URL, a scheme other than
//! `https` (`http` only with `allow_http`), no host, a method outside the
//! allow-list, a body on GET/HEAD/TRACE, a declared `body_bytes` that differs
//! from the given `body`. The egress policy refuses, as `denied`, well-formed
//! requests to destinations the operator did not allow: cloud metadata
//! endpoints (always), `deny_hosts` (an IP entry in any spelling of its
//! address), non-public addresses and names and obfuscated IP spellings
//! (unless `allow_private`), hosts outside a non-empty `allow_hosts`.

use crate::net::{self, AddrClass, ParsedUrl, RequestBytes, UrlError};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// An HTTP method name: ASCII letters, upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HttpMethod(String);

impl HttpMethod {
    pub fn parse(name: &str) -> Result<HttpMethod, String> {
        let t = name.trim();
        if t.is_empty() || t.len() > 32 || !t.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(format!("{name:?} is not an HTTP method name (ASCII letters only)"));
        }
        Ok(HttpMethod(t.to_ascii_uppercase()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Methods whose requests carry no body.
    pub fn is_bodiless(&self) -> bool {
        matches!(self.0.as_str(), "GET" | "HEAD" | "TRACE")
    }
}

impl<'de> Deserialize<'de> for HttpMethod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        HttpMethod::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An `allow_hosts` / `deny_hosts` entry, canonicalised by the WHATWG host
/// parser when the config is loaded. `example.com` matches that exact host and
/// every host whose registrable domain is `example.com`; `.example.com` (or
/// `*.example.com`) matches `example.com` and every name below it, across
/// public-suffix boundaries. An IP entry matches by the address a URL's host
/// designates, not by its spelling, in the direction that is safe for its list:
/// in `deny_hosts` ([`HostEntry::matches_denied`]) every spelling of the address
/// (integer, octal, hex, short form, IPv4-mapped or -compatible, NAT64, 6to4,
/// a wildcard-DNS name such as `10.0.0.5.nip.io` or `10-0-0-5.sslip.io`); in
/// `allow_hosts` ([`HostEntry::matches_allowed`]) only that very address (an
/// IPv4-mapped IPv6 spelling is the same socket destination), never a NAT64 or
/// 6to4 address or a wildcard-DNS name that merely spells it: those reach
/// another host (a translator, a relay, whatever the name's DNS answers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostEntry {
    /// The canonical entry, `.`-prefixed for a suffix entry.
    text: String,
    /// The entry's own address, when it is an IP.
    ip: Option<std::net::IpAddr>,
    /// Every address the entry designates ([`net::designated_addrs`]): its own
    /// and an embedded IPv4 one, or those a wildcard-DNS name spells.
    addrs: Vec<std::net::IpAddr>,
}

impl Serialize for HostEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl HostEntry {
    pub fn parse(entry: &str) -> Result<HostEntry, String> {
        let t = entry.trim();
        let (suffix, rest) = match t.strip_prefix("*.").or_else(|| t.strip_prefix('.')) {
            Some(r) => (true, r),
            None => (false, t),
        };
        if rest.contains(['/', '@', '?', '#']) || rest.contains("://") {
            return Err(format!("{entry:?} is not a host name or address (write the host only)"));
        }
        let host = net::canonical_host(rest).map_err(|e| format!("{entry:?} is not a valid host: {e}"))?;
        // Canonical hosts: an address parses as one, a name never does.
        let ip = host.parse::<std::net::IpAddr>().ok();
        let addrs = net::designated_addrs(&host, ip);
        Ok(HostEntry {
            text: if suffix { format!(".{host}") } else { host },
            ip,
            addrs,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The name rules: exact host, registrable domain, or a suffix entry.
    fn matches_name(&self, url: &ParsedUrl) -> bool {
        match self.text.strip_prefix('.') {
            Some(suffix) => {
                url.host == suffix
                    || (url.host.len() > suffix.len() && url.host.ends_with(&self.text) && url.ip.is_none())
            }
            None => url.host_matches(&self.text),
        }
    }

    /// A `deny_hosts` match: by name, or by any address the URL's host
    /// designates ([`net::designated_addrs`], computed once per request by the
    /// caller) being one the entry designates.
    pub fn matches_denied(&self, url: &ParsedUrl, designated: &[std::net::IpAddr]) -> bool {
        self.matches_name(url)
            || designated
                .iter()
                .any(|a| self.addrs.iter().any(|b| net::same_address(*a, *b)))
    }

    /// An `allow_hosts` match: by name, or, for an IP entry, a URL whose host
    /// is that same address ([`net::same_address`]).
    pub fn matches_allowed(&self, url: &ParsedUrl) -> bool {
        self.matches_name(url) || matches!((self.ip, url.ip), (Some(e), Some(u)) if net::same_address(e, u))
    }

    /// Whether the entry designates an address (an IP, or a wildcard-DNS name spelling one).
    pub fn designates_addresses(&self) -> bool {
        !self.addrs.is_empty()
    }
}

impl<'de> Deserialize<'de> for HostEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        HostEntry::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn default_methods() -> Vec<HttpMethod> {
    ["GET", "HEAD", "POST"]
        .iter()
        .map(|m| HttpMethod(m.to_string()))
        .collect()
}

/// The `[http]` section: request validation settings and the egress policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Allow plain `http://` (default false: only `https`).
    #[serde(default)]
    pub allow_http: bool,
    /// Methods a request may use (default GET, HEAD, POST).
    #[serde(default = "default_methods")]
    pub methods: Vec<HttpMethod>,
    /// When non-empty, only matching hosts may be contacted.
    #[serde(default)]
    pub allow_hosts: Vec<HostEntry>,
    /// Hosts never contacted (checked before `allow_hosts`).
    #[serde(default)]
    pub deny_hosts: Vec<HostEntry>,
    /// Allow loopback, private, link-local, unique-local, CGNAT, unspecified,
    /// multicast, reserved addresses, local names and obfuscated IP spellings
    /// (default false). Cloud metadata endpoints stay denied.
    #[serde(default)]
    pub allow_private: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            allow_http: false,
            methods: default_methods(),
            allow_hosts: Vec::new(),
            deny_hosts: Vec::new(),
            allow_private: false,
        }
    }
}

/// Why an `http` hostcall is not a valid request (dispatch stage 1, INV-002).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpInvalid {
    #[error("http call without a `url` param")]
    MissingUrl,
    #[error("http `url` param is not a string")]
    UrlNotString,
    #[error("http `url` is not an absolute URL")]
    NotAUrl,
    #[error("http `url` is invalid: {0}")]
    InvalidUrl(url::ParseError),
    #[error("http `url` has no host")]
    MissingHost,
    #[error("scheme {0:?} is not allowed (https only)")]
    SchemeNotAllowed(String),
    #[error("plain http is not allowed (`[http] allow_http`)")]
    PlainHttpNotAllowed,
    #[error("http `method` param is not a string")]
    MethodNotString,
    #[error("method {0:?} is not in the allowed methods")]
    MethodNotAllowed(String),
    #[error("a {0} request carries no body")]
    BodyOnBodilessMethod(String),
    #[error("`body_bytes` is not a non-negative integer")]
    InvalidBodyBytes,
    #[error("declared body_bytes {declared} differs from the body's {actual} bytes")]
    BodyBytesMismatch { declared: u64, actual: u64 },
    #[error("`headers` is not an object of strings")]
    InvalidHeaders,
}

impl HttpInvalid {
    /// Stable reason code (the rule that refused the request).
    pub fn code(&self) -> &'static str {
        match self {
            HttpInvalid::MissingUrl => "http_missing_url",
            HttpInvalid::UrlNotString => "http_url_not_string",
            HttpInvalid::NotAUrl => "http_not_a_url",
            HttpInvalid::InvalidUrl(_) => "http_invalid_url",
            HttpInvalid::MissingHost => "http_missing_host",
            HttpInvalid::SchemeNotAllowed(_) => "http_scheme_not_allowed",
            HttpInvalid::PlainHttpNotAllowed => "http_plain_http_not_allowed",
            HttpInvalid::MethodNotString => "http_method_not_string",
            HttpInvalid::MethodNotAllowed(_) => "http_method_not_allowed",
            HttpInvalid::BodyOnBodilessMethod(_) => "http_body_on_bodiless_method",
            HttpInvalid::InvalidBodyBytes => "http_invalid_body_bytes",
            HttpInvalid::BodyBytesMismatch { .. } => "http_body_bytes_mismatch",
            HttpInvalid::InvalidHeaders => "http_invalid_headers",
        }
    }
}

/// Why the egress policy refuses a valid request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EgressDenial {
    #[error("cloud metadata endpoint (always denied)")]
    Metadata,
    #[error("host is in `deny_hosts`")]
    DeniedHost,
    #[error("{0} destination (`[http] allow_private`)")]
    NonPublic(AddrClass),
    #[error("IP address in a non-canonical spelling (`[http] allow_private`)")]
    ObfuscatedAddress,
    #[error("host is not in `allow_hosts`")]
    NotAllowed,
}

impl EgressDenial {
    /// Stable reason code.
    pub fn code(&self) -> &'static str {
        match self {
            EgressDenial::Metadata => "egress_metadata",
            EgressDenial::DeniedHost => "egress_deny_hosts",
            EgressDenial::NonPublic(c) => match c {
                AddrClass::Loopback => "egress_loopback",
                AddrClass::Private => "egress_private",
                AddrClass::LinkLocal => "egress_link_local",
                AddrClass::UniqueLocal => "egress_unique_local",
                AddrClass::Cgnat => "egress_cgnat",
                AddrClass::Unspecified => "egress_unspecified",
                AddrClass::Multicast => "egress_multicast",
                AddrClass::Reserved => "egress_reserved",
                AddrClass::LocalName => "egress_local_name",
                AddrClass::Metadata => "egress_metadata",
                AddrClass::Public => "egress_public",
            },
            EgressDenial::ObfuscatedAddress => "egress_obfuscated_ip",
            EgressDenial::NotAllowed => "egress_not_in_allow_hosts",
        }
    }
}

/// A validated HTTP request: what a client would send, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Shared, so the dispatcher's URL memo (`url_memo.rs`) hands out a
    /// repeated URL's parse without copying it.
    pub url: Arc<ParsedUrl>,
    pub method: HttpMethod,
    /// The body's real size: the `body`'s length when given, else the declared `body_bytes`, else 0.
    pub body_bytes: u64,
    /// Bytes of header names and values.
    pub header_bytes: u64,
    /// What the request carries beyond the host name (userinfo, path, query, headers, body).
    pub bytes: RequestBytes,
}

impl HttpRequest {
    /// A request that sends data (a body, or a method that is not bodiless).
    pub fn is_upload(&self) -> bool {
        self.body_bytes > 0 || !self.method.is_bodiless()
    }
}

/// Byte length of a `body` param: a string's UTF-8 length, any other JSON
/// value's serialised length (what a client would JSON-encode); None for null.
fn body_len(body: Option<&Value>) -> Option<u64> {
    match body? {
        Value::Null => None,
        Value::String(s) => Some(s.len() as u64),
        other => Some(serde_json::to_string(other).map_or(0, |s| s.len() as u64)),
    }
}

fn header_len(headers: Option<&Value>) -> Result<u64, HttpInvalid> {
    match headers {
        None | Some(Value::Null) => Ok(0),
        Some(Value::Object(m)) => m.iter().try_fold(0u64, |acc, (k, v)| {
            let v = v.as_str().ok_or(HttpInvalid::InvalidHeaders)?;
            Ok(acc + k.len() as u64 + v.len() as u64)
        }),
        Some(_) => Err(HttpInvalid::InvalidHeaders),
    }
}

impl HttpConfig {
    fn scheme_allowed(&self, scheme: &str) -> Result<(), HttpInvalid> {
        match scheme {
            "https" => Ok(()),
            "http" if self.allow_http => Ok(()),
            "http" => Err(HttpInvalid::PlainHttpNotAllowed),
            other => Err(HttpInvalid::SchemeNotAllowed(other.to_string())),
        }
    }

    /// Dispatch stage 1 for an `http` hostcall: build the typed request or say
    /// which rule it breaks. Pure; nothing is contacted.
    pub fn validate(&self, params: &Value) -> Result<HttpRequest, HttpInvalid> {
        self.validate_parsing(params, &mut crate::url_memo::parse_fresh)
    }

    /// [`Self::validate`] with the URL read by `parse`, which must give what
    /// [`net::parse_url`] gives (the dispatcher's [`crate::url_memo::UrlMemo`]).
    pub fn validate_parsing(
        &self,
        params: &Value,
        parse: &mut dyn FnMut(&str) -> Result<Arc<ParsedUrl>, UrlError>,
    ) -> Result<HttpRequest, HttpInvalid> {
        let url = match params.get("url") {
            None | Some(Value::Null) => return Err(HttpInvalid::MissingUrl),
            Some(Value::String(s)) => s,
            Some(_) => return Err(HttpInvalid::UrlNotString),
        };
        let url = match parse(url) {
            Ok(u) => u,
            Err(UrlError::Empty | UrlError::NotAUrl(_)) => return Err(HttpInvalid::NotAUrl),
            Err(UrlError::Invalid(e)) => return Err(HttpInvalid::InvalidUrl(e)),
            Err(UrlError::MissingHost { scheme }) => {
                self.scheme_allowed(&scheme)?;
                return Err(HttpInvalid::MissingHost);
            }
        };
        self.scheme_allowed(&url.scheme)?;
        let method = match params.get("method") {
            None | Some(Value::Null) => HttpMethod("GET".into()),
            Some(Value::String(m)) => {
                HttpMethod::parse(m).map_err(|_| HttpInvalid::MethodNotAllowed(m.trim().to_string()))?
            }
            Some(_) => return Err(HttpInvalid::MethodNotString),
        };
        if !self.methods.contains(&method) {
            return Err(HttpInvalid::MethodNotAllowed(method.0));
        }
        let actual = body_len(params.get("body"));
        let declared = match params.get("body_bytes") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().ok_or(HttpInvalid::InvalidBodyBytes)?),
        };
        if let (Some(declared), Some(actual)) = (declared, actual) {
            if declared != actual {
                return Err(HttpInvalid::BodyBytesMismatch { declared, actual });
            }
        }
        let body_bytes = actual.or(declared).unwrap_or(0);
        if body_bytes > 0 && method.is_bodiless() {
            return Err(HttpInvalid::BodyOnBodilessMethod(method.0));
        }
        let header_bytes = header_len(params.get("headers"))?;
        let bytes = net::request_bytes(&url, header_bytes, body_bytes);
        Ok(HttpRequest {
            url,
            method,
            body_bytes,
            header_bytes,
            bytes,
        })
    }

    /// The egress policy for a valid request. Pure; first refusal wins:
    /// metadata (always), `deny_hosts` (an IP entry by every spelling of its
    /// address), non-public class or obfuscated spelling (unless
    /// `allow_private`), not in a non-empty `allow_hosts` (an IP entry by that
    /// address only).
    pub fn check_egress(&self, url: &ParsedUrl) -> Result<(), EgressDenial> {
        if url.addr_class == AddrClass::Metadata {
            return Err(EgressDenial::Metadata);
        }
        if !self.deny_hosts.is_empty() {
            // The addresses the host designates, in any spelling: read once for all entries.
            let designated = if self.deny_hosts.iter().any(HostEntry::designates_addresses) {
                net::designated_addrs(&url.host, url.ip)
            } else {
                Vec::new()
            };
            if self.deny_hosts.iter().any(|e| e.matches_denied(url, &designated)) {
                return Err(EgressDenial::DeniedHost);
            }
        }
        if !self.allow_private {
            if !url.addr_class.is_public() {
                return Err(EgressDenial::NonPublic(url.addr_class));
            }
            if url.ip_spelling.is_obfuscated() {
                return Err(EgressDenial::ObfuscatedAddress);
            }
        }
        if !self.allow_hosts.is_empty() && !self.allow_hosts.iter().any(|e| e.matches_allowed(url)) {
            return Err(EgressDenial::NotAllowed);
        }
        Ok(())
    }

    /// The egress policy for everything one call sends off this host: its
    /// http request's URL, and the destination its tool declares
    /// (`[tools.egress]`). A declared host is judged like a URL's host;
    /// `outside` names no host, so a non-empty `allow_hosts` refuses it (the
    /// host's operator allowed only the hosts listed). Pure; first refusal wins.
    pub fn check_call_egress(&self, args: &crate::call_args::CallArgs<'_>) -> Result<(), EgressDenial> {
        if let Some(h) = &args.http {
            self.check_egress(&h.url)?;
        }
        match args.egress.as_deref() {
            None | Some(crate::tools::ToolEgress::None) => Ok(()),
            Some(crate::tools::ToolEgress::Outside) if self.allow_hosts.is_empty() => Ok(()),
            Some(crate::tools::ToolEgress::Outside) => Err(EgressDenial::NotAllowed),
            Some(crate::tools::ToolEgress::Hosts(hosts)) => {
                hosts.iter().try_for_each(|h| match net::parse_destination(h) {
                    Ok(u) => self.check_egress(&u),
                    // The config checked every host; one that does not parse names nothing allowed.
                    Err(_) => Err(EgressDenial::NotAllowed),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn get(url: &str) -> Value {
        json!({"url": url, "method": "GET", "body_bytes": 0})
    }

    fn code(cfg: &HttpConfig, p: Value) -> &'static str {
        match cfg.validate(&p) {
            Err(e) => e.code(),
            Ok(r) => match cfg.check_egress(&r.url) {
                Err(d) => d.code(),
                Ok(()) => "ok",
            },
        }
    }

    #[test]
    fn inv_002_issue_request_classes_are_refused_under_the_default_config() {
        let c = HttpConfig::default();
        let cases = [
            (get("file:///etc/passwd"), "http_scheme_not_allowed"),
            (get("ftp://ftp.example.org/pub/x"), "http_scheme_not_allowed"),
            (get("data:text/plain;base64,aGk="), "http_scheme_not_allowed"),
            (get("gopher://127.0.0.1:6379/_FLUSHALL"), "http_scheme_not_allowed"),
            (get("javascript:alert(1)"), "http_scheme_not_allowed"),
            (get("http://example.com/"), "http_plain_http_not_allowed"),
            (get("http:///path"), "http_plain_http_not_allowed"),
            (get("https:///"), "http_missing_host"),
            (get("https://"), "http_missing_host"),
            (get("not a url"), "http_not_a_url"),
            (get(""), "http_not_a_url"),
            (get("https://exa mple.com/"), "http_invalid_url"),
            (json!({"method": "GET"}), "http_missing_url"),
            (json!({"url": 7}), "http_url_not_string"),
            (
                get("https://169.254.169.254/latest/meta-data/iam/security-credentials/"),
                "egress_metadata",
            ),
            (get("https://localhost:2375/containers/json"), "egress_loopback"),
            (get("https://[fd00::1]/"), "egress_unique_local"),
            (get("https://10.0.0.8/"), "egress_private"),
            (get("https://192.168.1.1/"), "egress_private"),
            (get("https://169.254.10.10/"), "egress_link_local"),
            (get("https://100.64.1.1/"), "egress_cgnat"),
            (get("https://0.0.0.0/"), "egress_unspecified"),
            (get("https://db.internal/"), "egress_local_name"),
            (get("https://2130706433/"), "egress_loopback"),
            (get("https://0177.0.0.1/"), "egress_loopback"),
            (get("https://0x7f.1/"), "egress_loopback"),
            (get("https://127.1/"), "egress_loopback"),
            (get("https://[::ffff:127.0.0.1]/"), "egress_loopback"),
            (get("https://[::ffff:10.0.0.1]/"), "egress_private"),
            (get("https://134744072/"), "egress_obfuscated_ip"),
            (get("https://[::ffff:8.8.8.8]/"), "egress_obfuscated_ip"),
            (get("https://attacker-host\\@api.github.com/"), "egress_local_name"),
            (
                json!({"url": "https://x.example/", "method": "PUT"}),
                "http_method_not_allowed",
            ),
            (
                json!({"url": "https://x.example/", "method": "DELETE"}),
                "http_method_not_allowed",
            ),
            (
                json!({"url": "https://x.example/", "method": 3}),
                "http_method_not_string",
            ),
            (
                json!({"url": "https://x.example/", "method": "G ET"}),
                "http_method_not_allowed",
            ),
            (
                json!({"url": "https://x.example/", "method": "GET", "body": "x"}),
                "http_body_on_bodiless_method",
            ),
            (
                json!({"url": "https://x.example/", "method": "HEAD", "body_bytes": 5}),
                "http_body_on_bodiless_method",
            ),
            (
                json!({"url": "https://x.example/", "body_bytes": 1}),
                "http_body_on_bodiless_method",
            ),
            (
                json!({"url": "https://x.example/", "method": "POST", "body_bytes": 0, "body": "a".repeat(300_000)}),
                "http_body_bytes_mismatch",
            ),
            (
                json!({"url": "https://x.example/", "method": "POST", "body_bytes": -1}),
                "http_invalid_body_bytes",
            ),
            (
                json!({"url": "https://x.example/", "method": "POST", "body_bytes": "9"}),
                "http_invalid_body_bytes",
            ),
            (
                json!({"url": "https://x.example/", "headers": ["a"]}),
                "http_invalid_headers",
            ),
            (
                json!({"url": "https://x.example/", "headers": {"a": 1}}),
                "http_invalid_headers",
            ),
        ];
        for (p, want) in cases {
            assert_eq!(code(&c, p.clone()), want, "{p}");
        }
    }

    #[test]
    fn inv_002_ordinary_https_requests_pass() {
        let c = HttpConfig::default();
        for p in [
            get("https://api.github.com/repos/a/b"),
            json!({"url": "https://api.github.com/repos/a/b"}),
            json!({"url": "https://x.example/u", "method": "post", "body_bytes": 2048}),
            json!({"url": "https://x.example/u", "method": "POST", "body": "hello", "body_bytes": 5}),
            json!({"url": "https://x.example/u", "method": "POST", "body": {"k": "v"}}),
            json!({"url": "https://x.example/u", "method": "HEAD", "body": ""}),
            json!({"url": "https://8.8.8.8/dns-query"}),
            json!({"url": "https://[2606:4700:4700::1111]/"}),
        ] {
            assert_eq!(code(&c, p.clone()), "ok", "{p}");
        }
        let r = c
            .validate(&json!({"url": "https://x.example/p?q=1", "method": "POST", "body": {"k": "v"}, "headers": {"X-A": "bb"}}))
            .unwrap();
        assert_eq!((r.body_bytes, r.header_bytes, r.bytes.total()), (9, 5, 9 + 5 + 1 + 3));
        assert!(r.is_upload());
    }

    #[test]
    fn inv_002_allow_http_and_methods_are_configurable() {
        let c = HttpConfig {
            allow_http: true,
            methods: vec![HttpMethod::parse("get").unwrap(), HttpMethod::parse("PUT").unwrap()],
            ..HttpConfig::default()
        };
        assert_eq!(code(&c, get("http://example.com/")), "ok");
        assert_eq!(
            code(
                &c,
                json!({"url": "https://x.example/", "method": "put", "body_bytes": 3})
            ),
            "ok"
        );
        assert_eq!(
            code(&c, json!({"url": "https://x.example/", "method": "POST"})),
            "http_method_not_allowed"
        );
        assert_eq!(code(&c, get("ftp://x.example/")), "http_scheme_not_allowed");
        // With http allowed, `http:///path` reaches the single-label host `path`.
        assert_eq!(code(&c, get("http:///path")), "egress_local_name");
    }

    #[test]
    fn inv_002_allow_private_lifts_everything_but_metadata() {
        let c = HttpConfig {
            allow_http: true,
            allow_private: true,
            ..HttpConfig::default()
        };
        for u in [
            "http://localhost:3000/",
            "http://127.0.0.1:54321",
            "http://0x7f.1/",
            "http://[fd00::1]/",
            "http://10.0.0.1/",
            "http://printer.local/",
        ] {
            assert_eq!(code(&c, get(u)), "ok", "{u}");
        }
        for u in [
            "http://169.254.169.254/",
            "http://2852039166/",
            "http://[::ffff:169.254.169.254]/",
            "http://[fd00:ec2::254]/",
            "http://metadata.google.internal/",
            "http://100.100.100.200/",
        ] {
            assert_eq!(code(&c, get(u)), "egress_metadata", "{u}");
        }
    }

    #[test]
    fn inv_002_allow_and_deny_hosts_match_registrable_domain_or_exact_host() {
        let c = HttpConfig {
            allow_hosts: ["github.com", "api.openai.com", ".githubusercontent.com", "8.8.8.8"]
                .iter()
                .map(|h| HostEntry::parse(h).unwrap())
                .collect(),
            deny_hosts: vec![HostEntry::parse("gist.github.com").unwrap()],
            ..HttpConfig::default()
        };
        let cases = [
            ("https://github.com/", "ok"),
            ("https://api.github.com/x", "ok"),
            ("https://gist.github.com/x", "egress_deny_hosts"),
            ("https://GIST.github.com./x", "egress_deny_hosts"),
            ("https://api.openai.com/v1", "ok"),
            ("https://chat.openai.com/", "egress_not_in_allow_hosts"),
            ("https://raw.githubusercontent.com/a", "ok"),
            ("https://githubusercontent.com/a", "ok"),
            ("https://github.com.attacker.example/", "egress_not_in_allow_hosts"),
            ("https://attacker-github.com/", "egress_not_in_allow_hosts"),
            ("https://8.8.8.8/", "ok"),
            ("https://8.8.4.4/", "egress_not_in_allow_hosts"),
        ];
        for (u, want) in cases {
            assert_eq!(code(&c, get(u)), want, "{u}");
        }
        assert_eq!(HostEntry::parse("0x7f.1").unwrap().as_str(), "127.0.0.1");
        assert_eq!(HostEntry::parse("*.Example.COM").unwrap().as_str(), ".example.com");
        assert!(HostEntry::parse("https://example.com/").is_err());
        assert!(HostEntry::parse("a b").is_err());
        assert!(HostEntry::parse("").is_err());
    }

    fn hosts(list: &[&str]) -> Vec<HostEntry> {
        list.iter().map(|h| HostEntry::parse(h).unwrap()).collect()
    }

    /// A `deny_hosts` IP entry refuses the address in every spelling a client
    /// connects through (even with `allow_private`, which lifts the refusal of
    /// obfuscated spellings); an entry written in another spelling denies the
    /// plain address too. Other addresses are untouched.
    #[test]
    fn inv_002_deny_hosts_ip_entries_match_every_spelling_of_the_address() {
        for entry in ["10.0.0.5", "0xa.0.0.5", "::ffff:10.0.0.5", "10.0.0.5.nip.io"] {
            let c = HttpConfig {
                allow_private: true,
                deny_hosts: hosts(&[entry]),
                ..HttpConfig::default()
            };
            for u in [
                "https://10.0.0.5/",
                "https://167772165/",
                "https://10.0.5/",
                "https://[::ffff:10.0.0.5]/",
                "https://[::10.0.0.5]/",
                "https://[64:ff9b::10.0.0.5]/",
                "https://[2002:a00:5::]/",
                "https://10.0.0.5.nip.io/",
                "https://10-0-0-5.sslip.io/",
                "https://0a000005.nip.io/",
                "https://--ffff-a00-5.sslip.io/",
            ] {
                assert_eq!(code(&c, get(u)), "egress_deny_hosts", "entry {entry}: {u}");
            }
            for u in [
                "https://10.0.0.6/",
                "https://[::ffff:10.0.0.6]/",
                "https://10.0.0.50.nip.io/",
            ] {
                assert_eq!(code(&c, get(u)), "ok", "entry {entry}: {u}");
            }
        }
        let c = HttpConfig {
            allow_private: true,
            deny_hosts: hosts(&["fd00::5"]),
            ..HttpConfig::default()
        };
        for u in [
            "https://[fd00::5]/",
            "https://[fd00:0:0:0:0:0:0:5]/",
            "https://fd00--5.sslip.io/",
        ] {
            assert_eq!(code(&c, get(u)), "egress_deny_hosts", "{u}");
        }
        assert_eq!(code(&c, get("https://[fd00::6]/")), "ok");
    }

    /// An `allow_hosts` IP entry admits that address only (IPv4-mapped is the
    /// same socket destination); a NAT64, 6to4 or IPv4-compatible address or a
    /// wildcard-DNS name spelling it is another host and is not admitted.
    #[test]
    fn inv_002_allow_hosts_ip_entries_admit_only_the_address_itself() {
        let c = HttpConfig {
            allow_private: true,
            allow_hosts: hosts(&["8.8.8.8"]),
            ..HttpConfig::default()
        };
        for u in ["https://8.8.8.8/", "https://134744072/", "https://[::ffff:8.8.8.8]/"] {
            assert_eq!(code(&c, get(u)), "ok", "{u}");
        }
        for u in [
            "https://[64:ff9b::8.8.8.8]/",
            "https://[2002:808:808::]/",
            "https://[::8.8.8.8]/",
            "https://8.8.8.8.nip.io/",
            "https://8-8-8-8.sslip.io/",
            "https://8.8.4.4/",
        ] {
            assert_eq!(code(&c, get(u)), "egress_not_in_allow_hosts", "{u}");
        }
        let c = HttpConfig {
            allow_hosts: hosts(&["::ffff:8.8.8.8"]),
            ..HttpConfig::default()
        };
        assert_eq!(code(&c, get("https://8.8.8.8/")), "ok");
        // Serialised (config digest, `seclab policy` output) as the canonical entry.
        let json = serde_json::to_value(hosts(&["*.Example.COM", "0x7f.1", "::FFFF:8.8.8.8"])).unwrap();
        assert_eq!(json, json!([".example.com", "127.0.0.1", "::ffff:8.8.8.8"]));
    }
}
