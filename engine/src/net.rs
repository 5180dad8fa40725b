//! Network facts about a URL, the one parsed form every stage uses: the
//! dispatcher's HTTP validation and egress policy, the risk controller and the
//! lab's connectors.
//!
//! The URL is parsed by a WHATWG parser (the `url` crate), the same algorithm
//! browsers and Node's `fetch` run, so the host here is the host a real client
//! would contact: `https://attacker\@api.github.com/` goes to `attacker`
//! (a backslash ends the authority in special schemes), `http://2130706433/`,
//! `http://0177.0.0.1/`, `http://0x7f.1/` and `http://127.1/` all go to
//! `127.0.0.1`. The registrable domain comes from the public suffix list
//! embedded in the `psl` crate (private section included, so `a.github.io`
//! and `b.github.io` are different sites).
//!
//! Names are classified by how they are written; nothing here resolves DNS.
//! A name is public only when its top-level domain is in the public suffix
//! list (the RFC 2606 documentation TLD `example` aside): any other dotted
//! name, like a single label, is answered only by a local resolver or the
//! search domains. A wildcard-DNS name (`10.0.0.1.nip.io`, `--1.sslip.io`) is
//! classified by the address it spells. A public name that resolves to a private address (DNS rebinding) can only be
//! caught by a connector after resolution, with [`classify_ip`].

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// What kind of destination an address or host name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddrClass {
    /// A globally routable address or an ordinary public name.
    Public,
    /// 127.0.0.0/8, ::1, `localhost`, `*.localhost` and names that always resolve to loopback.
    Loopback,
    /// RFC 1918 (10/8, 172.16/12, 192.168/16), IPv6 site-local fec0::/10, NAT64 local-use 64:ff9b:1::/48.
    Private,
    /// 169.254.0.0/16 and fe80::/10 (the metadata addresses in them are [`AddrClass::Metadata`]).
    LinkLocal,
    /// fc00::/7.
    UniqueLocal,
    /// Carrier-grade NAT, 100.64.0.0/10.
    Cgnat,
    /// Cloud instance metadata and credential endpoints (always refused by the egress policy).
    Metadata,
    /// 0.0.0.0/8 and `::` (0.0.0.0 reaches the local host on Linux).
    Unspecified,
    /// 224.0.0.0/4 and ff00::/8.
    Multicast,
    /// Documentation, benchmarking, IETF-protocol, 240/4, broadcast and discard ranges.
    Reserved,
    /// A name that only resolves inside a network: single-label names, `.local`,
    /// `.internal`, `.lan`, `.home.arpa`, `.corp`, `.svc` …, and every dotted
    /// name whose top-level domain is not in the public suffix list
    /// (`kubernetes.default`, `vault.service.consul`), which only a local
    /// resolver or the search domains answer.
    LocalName,
}

impl AddrClass {
    pub const ALL: [AddrClass; 11] = [
        AddrClass::Public,
        AddrClass::Loopback,
        AddrClass::Private,
        AddrClass::LinkLocal,
        AddrClass::UniqueLocal,
        AddrClass::Cgnat,
        AddrClass::Metadata,
        AddrClass::Unspecified,
        AddrClass::Multicast,
        AddrClass::Reserved,
        AddrClass::LocalName,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AddrClass::Public => "public",
            AddrClass::Loopback => "loopback",
            AddrClass::Private => "private",
            AddrClass::LinkLocal => "link_local",
            AddrClass::UniqueLocal => "unique_local",
            AddrClass::Cgnat => "cgnat",
            AddrClass::Metadata => "metadata",
            AddrClass::Unspecified => "unspecified",
            AddrClass::Multicast => "multicast",
            AddrClass::Reserved => "reserved",
            AddrClass::LocalName => "local_name",
        }
    }

    /// True only for [`AddrClass::Public`]: everything else stays inside a host or network.
    pub fn is_public(self) -> bool {
        self == AddrClass::Public
    }
}

impl fmt::Display for AddrClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an IP host was written in the URL. Anything but `Canonical` is a
/// spelling no ordinary client produces, and the egress policy treats it as
/// an evasion attempt unless private destinations are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IpSpelling {
    /// A name, or an IP literal written the canonical way (`1.2.3.4`, `[2001:db8::1]`).
    Canonical,
    /// An IPv4 address written as an integer, in octal or hex, in short form
    /// (`127.1`), percent-encoded, with full-width digits or a trailing dot.
    NonCanonicalIpv4,
    /// `::ffff:a.b.c.d`.
    Ipv4Mapped,
    /// `::a.b.c.d` (deprecated IPv4-compatible form).
    Ipv4Compatible,
    /// 64:ff9b::a.b.c.d (NAT64 well-known prefix).
    Nat64,
    /// 2002:AABB:CCDD::/48 (6to4).
    SixToFour,
    /// A wildcard-DNS name that spells an address (`127.0.0.1.nip.io`,
    /// `10-0-0-1.sslip.io`, and IPv6 with dashes for colons: `--1.sslip.io`).
    NameEmbedsIp,
}

impl IpSpelling {
    pub fn as_str(self) -> &'static str {
        match self {
            IpSpelling::Canonical => "canonical",
            IpSpelling::NonCanonicalIpv4 => "non_canonical_ipv4",
            IpSpelling::Ipv4Mapped => "ipv4_mapped",
            IpSpelling::Ipv4Compatible => "ipv4_compatible",
            IpSpelling::Nat64 => "nat64",
            IpSpelling::SixToFour => "six_to_four",
            IpSpelling::NameEmbedsIp => "name_embeds_ip",
        }
    }

    pub fn is_obfuscated(self) -> bool {
        self != IpSpelling::Canonical
    }
}

/// Facts about the labels of a host name, for DNS-style exfiltration
/// (`<data>.<data>.attacker.example`). All zero for IP hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct LabelFacts {
    /// Number of labels in the host.
    pub labels: usize,
    /// Length of the longest label, in bytes.
    pub longest_label: usize,
    /// Labels to the left of the registrable domain (all labels when there is none).
    pub labels_below_domain: usize,
    /// Bytes to the left of the registrable domain, without the separating dot.
    pub bytes_below_domain: usize,
}

/// Why a text is not a usable URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Empty or blank input.
    #[error("empty URL")]
    Empty,
    /// Text that is not an absolute URL (no scheme).
    #[error("not an absolute URL: {0}")]
    NotAUrl(url::ParseError),
    /// The WHATWG parser refused it (bad host, bad port, bad IP literal …).
    #[error("invalid URL: {0}")]
    Invalid(url::ParseError),
    /// The URL parsed but names no host (`file:///etc/passwd`, `data:…`, `https://:443`).
    #[error("URL of scheme {scheme:?} has no host")]
    MissingHost { scheme: String },
}

impl UrlError {
    /// Stable reason code.
    pub fn code(&self) -> &'static str {
        match self {
            UrlError::Empty => "empty_url",
            UrlError::NotAUrl(_) => "not_a_url",
            UrlError::Invalid(_) => "invalid_url",
            UrlError::MissingHost { .. } => "missing_host",
        }
    }
}

/// A URL as a WHATWG client would use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// Lower-case scheme (`https`).
    pub scheme: String,
    /// The host a client contacts: a lower-case ASCII (punycode) name without a
    /// trailing dot, a dotted-quad IPv4 address, or an IPv6 address in its
    /// compressed form without brackets.
    pub host: String,
    /// The IP address when the host is one (after WHATWG canonicalisation).
    pub ip: Option<IpAddr>,
    /// The port a client connects to: the explicit one, else the scheme's default.
    pub port: Option<u16>,
    /// Registrable domain (public suffix + one label), for names under a known or
    /// default public suffix; None for IPs, single-label names and bare suffixes.
    pub registrable_domain: Option<String>,
    pub addr_class: AddrClass,
    pub ip_spelling: IpSpelling,
    /// The serialised path (percent-encoded as sent).
    pub path: String,
    /// The serialised query without `?`, when present.
    pub query: Option<String>,
    /// Bytes of user name and password in the authority.
    pub userinfo_bytes: usize,
    pub labels: LabelFacts,
}

impl ParsedUrl {
    /// True when the host matches `entry` exactly or by registrable domain.
    /// `entry` must already be canonical (see [`canonical_host`]).
    pub fn host_matches(&self, entry: &str) -> bool {
        self.host == entry || self.registrable_domain.as_deref() == Some(entry)
    }
}

/// Parse a URL with the WHATWG algorithm and derive its network facts.
pub fn parse_url(input: &str) -> Result<ParsedUrl, UrlError> {
    if input.trim().is_empty() {
        return Err(UrlError::Empty);
    }
    let url = Url::parse(input).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase | url::ParseError::RelativeUrlWithCannotBeABaseBase => {
            UrlError::NotAUrl(e)
        }
        url::ParseError::EmptyHost => UrlError::MissingHost {
            scheme: scheme_prefix(input),
        },
        _ => UrlError::Invalid(e),
    })?;
    let scheme = url.scheme().to_string();
    let missing = || UrlError::MissingHost { scheme: scheme.clone() };
    let host = match url.host() {
        None => return Err(missing()),
        Some(Host::Domain("")) => return Err(missing()),
        // Special schemes parse the host fully; an opaque host (non-special
        // schemes such as `gopher:`) is re-read with the special host parser so
        // it is classified as a client of that scheme would probably read it.
        Some(Host::Domain(d)) if !url_is_special(&url) => {
            Host::parse(d).unwrap_or_else(|_| Host::Domain(d.to_ascii_lowercase()))
        }
        Some(h) => h.to_owned(),
    };
    let (host, ip, class, spelling) = host_facts(host, input);
    let registrable_domain = if ip.is_none() { registrable_domain(&host) } else { None };
    let labels = if ip.is_none() {
        label_facts(&host, registrable_domain.as_deref())
    } else {
        LabelFacts::default()
    };
    let userinfo_bytes = url.username().len() + url.password().map_or(0, str::len);
    Ok(ParsedUrl {
        scheme,
        host,
        ip,
        port: url.port_or_known_default(),
        registrable_domain,
        addr_class: class,
        ip_spelling: spelling,
        path: url.path().to_string(),
        query: url.query().map(str::to_string),
        userinfo_bytes,
        labels,
    })
}

/// A network destination as a command names it, parsed into the same form as
/// [`parse_url`]: a URL (`https://h/p`), or a bare `host`, `host:port`,
/// `user@host`, `host/path`, scp-style `user@host:path`, `[v6]:port` or bare
/// IPv6 address, read as the host of `https://<host>/` (so `0x7f.1` is
/// loopback and `127.0.0.1.nip.io` embeds an address here too).
pub fn parse_destination(dest: &str) -> Result<ParsedUrl, UrlError> {
    let d = dest.trim();
    if d.is_empty() {
        return Err(UrlError::Empty);
    }
    if d.contains("://") {
        return parse_url(d);
    }
    let authority = d.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit('@').next().unwrap_or(authority);
    let host = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => hostport[..=i].to_string(),
            None => hostport.to_string(),
        }
    } else if hostport.matches(':').count() > 1 {
        format!("[{hostport}]")
    } else {
        hostport.split(':').next().unwrap_or("").to_string()
    };
    if host.is_empty() {
        return Err(UrlError::MissingHost { scheme: String::new() });
    }
    parse_url(&format!("https://{host}/"))
}

fn url_is_special(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https" | "ws" | "wss" | "ftp" | "file")
}

fn scheme_prefix(input: &str) -> String {
    let t = input.trim();
    match t.find(':') {
        Some(i) if i > 0 && t[..i].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) => {
            t[..i].to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

/// The host text as written, cut the way a WHATWG parser cuts a special
/// authority (tab and newline removed; `/`, `\`, `?`, `#` end it; the last `@`
/// starts the host). Only used to tell canonical IPv4 spellings from others.
fn raw_host(input: &str) -> String {
    let cleaned: String = input
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let rest = match cleaned.find(':') {
        Some(i) => &cleaned[i + 1..],
        None => cleaned.as_str(),
    };
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit('@').next().unwrap_or(authority);
    if hostport.starts_with('[') {
        return hostport.split(']').next().unwrap_or("").to_string() + "]";
    }
    match hostport.rfind(':') {
        Some(i) => hostport[..i].to_string(),
        None => hostport.to_string(),
    }
}

/// Canonical host, IP, class and spelling of a host parsed from `input`
/// (whose host text as written is only read for an IPv4 address).
fn host_facts(host: Host<String>, input: &str) -> (String, Option<IpAddr>, AddrClass, IpSpelling) {
    match host {
        Host::Ipv4(v4) => {
            let spelling = if raw_host(input) == v4.to_string() {
                IpSpelling::Canonical
            } else {
                IpSpelling::NonCanonicalIpv4
            };
            (v4.to_string(), Some(IpAddr::V4(v4)), classify_ipv4(v4), spelling)
        }
        Host::Ipv6(v6) => {
            let (class, spelling) = classify_ipv6_spelled(v6);
            (v6.to_string(), Some(IpAddr::V6(v6)), class, spelling)
        }
        Host::Domain(d) => {
            // Special schemes' hosts come lower-cased: kept as they are.
            let name = if d.ends_with('.') || d.bytes().any(|b| b.is_ascii_uppercase()) {
                d.trim_end_matches('.').to_ascii_lowercase()
            } else {
                d
            };
            let (class, spelling) = classify_name(&name);
            (name, None, class, spelling)
        }
    }
}

/// Parse a bare host (a config entry, a connector's target) with the WHATWG
/// host parser of special schemes and return its canonical form: IPv4 in any
/// spelling → dotted quad, IPv6 (with or without brackets) → compressed, names
/// → lower-case punycode without a trailing dot.
pub fn canonical_host(input: &str) -> Result<String, UrlError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(UrlError::Empty);
    }
    let bracketed;
    let t = if t.contains(':') && !t.starts_with('[') {
        bracketed = format!("[{t}]");
        bracketed.as_str()
    } else {
        t
    };
    match Host::parse(t).map_err(UrlError::Invalid)? {
        Host::Ipv4(v4) => Ok(v4.to_string()),
        Host::Ipv6(v6) => Ok(v6.to_string()),
        Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d.is_empty() {
                Err(UrlError::Empty)
            } else {
                Ok(d)
            }
        }
    }
}

/// The registrable domain of a canonical host name (public suffix plus one
/// label), from the embedded public suffix list; None for a bare suffix or a
/// single label.
pub fn registrable_domain(host: &str) -> Option<String> {
    let h = host.trim_end_matches('.');
    if !h.contains('.') {
        return None;
    }
    psl::domain_str(h).map(str::to_string)
}

/// Label counts and lengths of a canonical host name.
pub fn label_facts(host: &str, registrable: Option<&str>) -> LabelFacts {
    let h = host.trim_end_matches('.');
    if h.is_empty() {
        return LabelFacts::default();
    }
    let labels = h.split('.').count();
    let longest_label = h.split('.').map(str::len).max().unwrap_or(0);
    let (labels_below_domain, bytes_below_domain) = match registrable {
        Some(d) if h.len() > d.len() && h.ends_with(d) => {
            let prefix = &h[..h.len() - d.len() - 1];
            (prefix.split('.').count(), prefix.len())
        }
        Some(_) => (0, 0),
        None => (labels, h.len()),
    };
    LabelFacts {
        labels,
        longest_label,
        labels_below_domain,
        bytes_below_domain,
    }
}

// ------------------------------------------------------------ classification

/// Cloud metadata and credential endpoints, IPv4.
const METADATA_V4: [Ipv4Addr; 6] = [
    Ipv4Addr::new(169, 254, 169, 254), // AWS, GCP, Azure, OpenStack, Oracle, DigitalOcean, …
    Ipv4Addr::new(169, 254, 170, 2),   // AWS ECS task credentials
    Ipv4Addr::new(169, 254, 170, 23),  // AWS EKS Pod Identity agent
    Ipv4Addr::new(169, 254, 0, 23),    // Tencent Cloud
    Ipv4Addr::new(100, 100, 100, 200), // Alibaba Cloud
    Ipv4Addr::new(168, 63, 129, 16),   // Azure WireServer
];

/// Cloud metadata and credential endpoints, IPv6.
const METADATA_V6: [Ipv6Addr; 2] = [
    Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254), // AWS IMDS
    Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0023), // AWS EKS Pod Identity agent
];

/// Metadata service names (exact).
const METADATA_NAMES: [&str; 7] = [
    "metadata.google.internal",
    "metadata.goog",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.tencentyun.com",
    "metadata.azure.internal",
];

/// Names (and their subdomains) that always resolve to a loopback address.
const LOOPBACK_NAMES: [&str; 5] = ["localhost", "localtest.me", "lvh.me", "vcap.me", "lacolhost.com"];

/// Suffixes of names that resolve only inside a network.
const LOCAL_SUFFIXES: [&str; 11] = [
    "local",
    "internal",
    "lan",
    "home.arpa",
    "localdomain",
    "intranet",
    "corp",
    "home",
    "private",
    "svc",
    "localnet",
];

/// Wildcard-DNS services that resolve a name spelling an address to that address.
const WILDCARD_DNS: [&str; 4] = ["nip.io", "sslip.io", "xip.io", "traefik.me"];

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

/// The class of an IPv4 address.
pub fn classify_ipv4(ip: Ipv4Addr) -> AddrClass {
    if METADATA_V4.contains(&ip) {
        AddrClass::Metadata
    } else if ip.is_loopback() {
        AddrClass::Loopback
    } else if in_v4(ip, [0, 0, 0, 0], 8) {
        AddrClass::Unspecified
    } else if ip.is_private() {
        AddrClass::Private
    } else if ip.is_link_local() {
        AddrClass::LinkLocal
    } else if in_v4(ip, [100, 64, 0, 0], 10) {
        AddrClass::Cgnat
    } else if ip.is_multicast() {
        AddrClass::Multicast
    } else if in_v4(ip, [192, 0, 0, 0], 24)
        || in_v4(ip, [192, 0, 2, 0], 24)
        || in_v4(ip, [198, 51, 100, 0], 24)
        || in_v4(ip, [203, 0, 113, 0], 24)
        || in_v4(ip, [198, 18, 0, 0], 15)
        || in_v4(ip, [240, 0, 0, 0], 4)
    {
        AddrClass::Reserved
    } else {
        AddrClass::Public
    }
}

/// The class of an IPv6 address (embedded IPv4 addresses are classified as IPv4).
pub fn classify_ipv6(ip: Ipv6Addr) -> AddrClass {
    classify_ipv6_spelled(ip).0
}

/// The IPv4 address an IPv6 address embeds, and how (mapped, compatible, NAT64, 6to4).
pub fn embedded_ipv4(ip: Ipv6Addr) -> Option<(Ipv4Addr, IpSpelling)> {
    let s = ip.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..5] == [0; 5] && s[5] == 0xffff {
        return Some((low, IpSpelling::Ipv4Mapped));
    }
    if s[..6] == [0; 6] && !(s[6] == 0 && s[7] <= 1) {
        return Some((low, IpSpelling::Ipv4Compatible));
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some((low, IpSpelling::Nat64));
    }
    if s[0] == 0x2002 {
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        return Some((v4, IpSpelling::SixToFour));
    }
    None
}

fn classify_ipv6_spelled(ip: Ipv6Addr) -> (AddrClass, IpSpelling) {
    if METADATA_V6.contains(&ip) {
        return (AddrClass::Metadata, IpSpelling::Canonical);
    }
    if let Some((v4, spelling)) = embedded_ipv4(ip) {
        return (classify_ipv4(v4), spelling);
    }
    let first = ip.segments()[0];
    let class = if ip.is_loopback() {
        AddrClass::Loopback
    } else if ip.is_unspecified() {
        AddrClass::Unspecified
    } else if first & 0xfe00 == 0xfc00 {
        AddrClass::UniqueLocal
    } else if first & 0xffc0 == 0xfe80 {
        AddrClass::LinkLocal
    } else if first & 0xffc0 == 0xfec0 || ip.segments()[..3] == [0x64, 0xff9b, 1] {
        AddrClass::Private
    } else if first & 0xff00 == 0xff00 {
        AddrClass::Multicast
    } else if ip.segments()[..2] == [0x2001, 0x0db8] || ip.segments()[..4] == [0x100, 0, 0, 0] {
        AddrClass::Reserved
    } else {
        AddrClass::Public
    };
    (class, IpSpelling::Canonical)
}

/// The class of an IP address.
pub fn classify_ip(ip: IpAddr) -> AddrClass {
    match ip {
        IpAddr::V4(v4) => classify_ipv4(v4),
        IpAddr::V6(v6) => classify_ipv6(v6),
    }
}

fn is_name_or_sub(host: &str, name: &str) -> bool {
    host == name
        || (host.len() > name.len() && host.ends_with(name) && host.as_bytes()[host.len() - name.len() - 1] == b'.')
}

/// The IPv4 address a wildcard-DNS name spells in the labels left of `domain`:
/// `10.0.0.1.nip.io`, `app.10.0.0.1.nip.io`, `10-0-0-1.sslip.io`, `app-10-0-0-1.nip.io`,
/// `0a000001.nip.io`.
fn wildcard_ipv4(host: &str, domain: &str) -> Option<Ipv4Addr> {
    let prefix = host.strip_suffix(domain)?.strip_suffix('.')?;
    let labels: Vec<&str> = prefix.split('.').collect();
    if labels.len() >= 4 {
        let last4 = labels[labels.len() - 4..].join(".");
        if let Ok(ip) = last4.parse::<Ipv4Addr>() {
            return Some(ip);
        }
    }
    let last = *labels.last()?;
    let parts: Vec<&str> = last.split('-').collect();
    if parts.len() >= 4 {
        if let Ok(ip) = parts[parts.len() - 4..].join(".").parse::<Ipv4Addr>() {
            return Some(ip);
        }
    }
    let hex = last.rsplit('-').next()?;
    if hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return u32::from_str_radix(hex, 16).ok().map(Ipv4Addr::from);
    }
    None
}

/// The class of a canonical host name (lower case, no trailing dot).
pub fn classify_host_name(name: &str) -> AddrClass {
    classify_name(name).0
}

fn classify_name(name: &str) -> (AddrClass, IpSpelling) {
    if METADATA_NAMES.contains(&name) {
        return (AddrClass::Metadata, IpSpelling::Canonical);
    }
    if LOOPBACK_NAMES.iter().any(|n| is_name_or_sub(name, n)) {
        return (AddrClass::Loopback, IpSpelling::Canonical);
    }
    if let Some(d) = WILDCARD_DNS.iter().find(|d| is_name_or_sub(name, d)) {
        if let Some(class) = worst_class(&wildcard_addrs(name, d)) {
            return (class, IpSpelling::NameEmbedsIp);
        }
    }
    if !name.contains('.') || LOCAL_SUFFIXES.iter().any(|s| is_name_or_sub(name, s)) || !has_public_tld(name) {
        return (AddrClass::LocalName, IpSpelling::Canonical);
    }
    (AddrClass::Public, IpSpelling::Canonical)
}

/// Top-level domains that are not in the public suffix list but stand for a
/// public host here: `example` (RFC 2606), the lab's documentation name for an
/// outside server in tests, corpora and simulated sessions. Like any unlisted
/// TLD it resolves nowhere on the public internet.
const DOCUMENTATION_TLDS: [&str; 1] = ["example"];

/// Whether a dotted name ends in a top-level domain of the public suffix list
/// (ICANN or private section), so that a public resolver can answer it. A name
/// under any other TLD (`kubernetes.default`, `vault.service.consul`,
/// `app.test`, `host.invalid`) is answered only by a local resolver or through
/// the search domains, like a single-label name. [`DOCUMENTATION_TLDS`] are
/// kept public.
fn has_public_tld(name: &str) -> bool {
    let tld = name.rsplit('.').next().unwrap_or(name);
    DOCUMENTATION_TLDS.contains(&tld) || psl::suffix(name.as_bytes()).is_some_and(|s| s.is_known())
}

/// The class that decides for a name spelling several addresses (a wildcard-DNS
/// name answers A and AAAA queries): a metadata endpoint first, then the first
/// non-public one, else public; None when it spells none.
fn worst_class(addrs: &[IpAddr]) -> Option<AddrClass> {
    let mut worst = None;
    for c in addrs.iter().map(|a| classify_ip(*a)) {
        match (worst, c) {
            (_, AddrClass::Metadata) => return Some(c),
            (None, _) | (Some(AddrClass::Public), _) => worst = Some(c),
            _ => {}
        }
    }
    worst
}

/// The IPv6 addresses a wildcard-DNS name spells with dashes for colons in a
/// label left of `domain` (`--1.sslip.io` is `::1`, `fd00-ec2--254.sslip.io`
/// is `fd00:ec2::254`), also after a dash-separated prefix
/// (`app-fd00-ec2--254`): every reading that parses, since the service's
/// reading of an ambiguous label is not ours to guess.
fn wildcard_ipv6(host: &str, domain: &str) -> Vec<Ipv6Addr> {
    let Some(prefix) = host.strip_suffix(domain).and_then(|p| p.strip_suffix('.')) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for label in prefix.split('.').filter(|l| l.contains('-')) {
        let starts = std::iter::once(0).chain(label.match_indices('-').map(|(i, _)| i + 1));
        for start in starts {
            let spelled = label[start..].replace('-', ":");
            if let Ok(ip) = spelled.parse::<Ipv6Addr>() {
                if !out.contains(&ip) {
                    out.push(ip);
                }
            }
        }
    }
    out
}

/// Every address a wildcard-DNS name under `domain` spells: the IPv4 reading
/// of [`wildcard_ipv4`], then the IPv6 readings of [`wildcard_ipv6`].
fn wildcard_addrs(host: &str, domain: &str) -> Vec<IpAddr> {
    let mut out: Vec<IpAddr> = wildcard_ipv4(host, domain).map(IpAddr::V4).into_iter().collect();
    out.extend(wildcard_ipv6(host, domain).into_iter().map(IpAddr::V6));
    out
}

/// The addresses a canonical host (as in [`ParsedUrl::host`], with its
/// [`ParsedUrl::ip`]) designates, for matching the IP entries of a host list:
/// an IP itself (an IPv4-mapped IPv6 address also as its IPv4 address) and the
/// IPv4 address an IPv6 address embeds (IPv4-compatible, NAT64, 6to4); for a
/// wildcard-DNS name, every address it spells, read the same way. Empty for
/// other names (nothing here resolves DNS).
pub fn designated_addrs(host: &str, ip: Option<IpAddr>) -> Vec<IpAddr> {
    let spelled = match ip {
        Some(ip) => vec![ip],
        None => match WILDCARD_DNS.iter().find(|d| is_name_or_sub(host, d)) {
            Some(d) => wildcard_addrs(host, d),
            None => Vec::new(),
        },
    };
    let mut out = Vec::with_capacity(spelled.len() * 2);
    for a in spelled {
        for x in [Some(a.to_canonical()), embedded_of(a)].into_iter().flatten() {
            if !out.contains(&x) {
                out.push(x);
            }
        }
    }
    out
}

fn embedded_of(ip: IpAddr) -> Option<IpAddr> {
    match ip {
        IpAddr::V6(v6) => embedded_ipv4(v6).map(|(v4, _)| IpAddr::V4(v4)),
        IpAddr::V4(_) => None,
    }
}

/// Whether two addresses are the same destination: equal once an IPv4-mapped
/// IPv6 address is read as its IPv4 address (a socket connecting to
/// `::ffff:a.b.c.d` reaches `a.b.c.d`). An address that merely embeds another
/// (NAT64, 6to4, IPv4-compatible) is routed elsewhere and is not the same.
pub fn same_address(a: IpAddr, b: IpAddr) -> bool {
    a.to_canonical() == b.to_canonical()
}

// ------------------------------------------------------------ bytes sent

/// Bytes a request carries to its destination beyond the host name: what an
/// exfiltration can use. The host's own labels are in [`LabelFacts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct RequestBytes {
    pub userinfo: u64,
    pub path: u64,
    pub query: u64,
    pub headers: u64,
    pub body: u64,
}

impl RequestBytes {
    pub fn total(&self) -> u64 {
        self.userinfo
            .saturating_add(self.path)
            .saturating_add(self.query)
            .saturating_add(self.headers)
            .saturating_add(self.body)
    }

    /// Everything but the body: what leaves even on a GET.
    pub fn url_and_headers(&self) -> u64 {
        self.total().saturating_sub(self.body)
    }
}

/// The bytes a request to `url` with the given header and body sizes sends.
/// The path counts beyond its leading `/` (every request sends at least that).
pub fn request_bytes(url: &ParsedUrl, header_bytes: u64, body_bytes: u64) -> RequestBytes {
    RequestBytes {
        userinfo: url.userinfo_bytes as u64,
        path: url.path.len().saturating_sub(1) as u64,
        query: url.query.as_ref().map_or(0, |q| q.len() as u64),
        headers: header_bytes,
        body: body_bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(u: &str) -> AddrClass {
        parse_url(u).unwrap_or_else(|e| panic!("{u}: {e}")).addr_class
    }

    #[test]
    fn inv_002_non_canonical_ipv4_spellings_reach_loopback() {
        for u in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0x7f.1/",
            "http://0x7f000001/",
            "http://127.1/",
            "http://017700000001/",
            "http://%31%32%37.0.0.1/",
            "http://\u{ff11}\u{ff12}\u{ff17}.0.0.1/",
            "http://127.0.0.1./",
        ] {
            let p = parse_url(u).unwrap();
            assert_eq!(p.host, "127.0.0.1", "{u}");
            assert_eq!(p.ip, Some(IpAddr::V4(Ipv4Addr::LOCALHOST)), "{u}");
            assert_eq!(p.addr_class, AddrClass::Loopback, "{u}");
            let canonical = u == "http://127.0.0.1/";
            assert_eq!(
                p.ip_spelling == IpSpelling::Canonical,
                canonical,
                "{u}: {:?}",
                p.ip_spelling
            );
        }
    }

    #[test]
    fn inv_002_non_canonical_metadata_spellings() {
        for u in [
            "http://169.254.169.254/latest/meta-data/",
            "http://2852039166/",
            "http://0xa9.0xfe.0xa9.0xfe/",
            "http://0251.0376.0251.0376/",
            "http://169.254.43518/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[fd00:ec2::254]/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.GOOGLE.INTERNAL./",
            "http://100.100.100.200/latest/meta-data/",
            "http://169.254.169.254.nip.io/",
        ] {
            assert_eq!(class(u), AddrClass::Metadata, "{u}");
        }
    }

    #[test]
    fn inv_002_ip_classes() {
        let cases = [
            ("https://10.1.2.3/", AddrClass::Private),
            ("https://172.16.0.1/", AddrClass::Private),
            ("https://172.31.255.255/", AddrClass::Private),
            ("https://172.32.0.1/", AddrClass::Public),
            ("https://192.168.1.1/", AddrClass::Private),
            ("https://169.254.1.1/", AddrClass::LinkLocal),
            ("https://[fe80::1]/", AddrClass::LinkLocal),
            ("https://[fd00::1]/", AddrClass::UniqueLocal),
            ("https://[fc00::1]/", AddrClass::UniqueLocal),
            ("https://[fec0::1]/", AddrClass::Private),
            ("https://100.64.0.1/", AddrClass::Cgnat),
            ("https://100.127.255.255/", AddrClass::Cgnat),
            ("https://100.128.0.1/", AddrClass::Public),
            ("https://0.0.0.0/", AddrClass::Unspecified),
            ("https://0/", AddrClass::Unspecified),
            ("https://[::]/", AddrClass::Unspecified),
            ("https://[::1]/", AddrClass::Loopback),
            ("https://[0:0:0:0:0:0:0:1]/", AddrClass::Loopback),
            ("https://224.0.0.1/", AddrClass::Multicast),
            ("https://[ff02::1]/", AddrClass::Multicast),
            ("https://255.255.255.255/", AddrClass::Reserved),
            ("https://192.0.2.1/", AddrClass::Reserved),
            ("https://[2001:db8::1]/", AddrClass::Reserved),
            ("https://8.8.8.8/", AddrClass::Public),
            ("https://[2606:4700:4700::1111]/", AddrClass::Public),
        ];
        for (u, c) in cases {
            assert_eq!(class(u), c, "{u}");
        }
    }

    #[test]
    fn inv_002_ipv6_embedding_ipv4_is_classified_by_the_embedded_address() {
        let cases = [
            (
                "http://[::ffff:127.0.0.1]/",
                AddrClass::Loopback,
                IpSpelling::Ipv4Mapped,
            ),
            ("http://[::ffff:7f00:1]/", AddrClass::Loopback, IpSpelling::Ipv4Mapped),
            ("http://[::ffff:10.0.0.1]/", AddrClass::Private, IpSpelling::Ipv4Mapped),
            ("http://[::127.0.0.1]/", AddrClass::Loopback, IpSpelling::Ipv4Compatible),
            ("http://[64:ff9b::192.168.0.1]/", AddrClass::Private, IpSpelling::Nat64),
            ("http://[2002:7f00:1::]/", AddrClass::Loopback, IpSpelling::SixToFour),
            ("http://[::ffff:8.8.8.8]/", AddrClass::Public, IpSpelling::Ipv4Mapped),
        ];
        for (u, c, s) in cases {
            let p = parse_url(u).unwrap();
            assert_eq!((p.addr_class, p.ip_spelling), (c, s), "{u}");
        }
    }

    #[test]
    fn inv_002_local_names() {
        let cases = [
            ("http://localhost:2375/containers/json", AddrClass::Loopback),
            ("http://LocalHost./", AddrClass::Loopback),
            ("http://api.localhost/", AddrClass::Loopback),
            ("http://\u{24db}ocalhost/", AddrClass::Loopback),
            ("http://foo.lvh.me/", AddrClass::Loopback),
            ("http://printer.local/", AddrClass::LocalName),
            ("http://db.internal/", AddrClass::LocalName),
            ("http://nas.home.arpa/", AddrClass::LocalName),
            ("http://kubernetes.default.svc/", AddrClass::LocalName),
            ("http://redis:6379/", AddrClass::LocalName),
            ("http://10.0.0.1.nip.io/", AddrClass::Private),
            ("http://app-192-168-0-1.sslip.io/", AddrClass::Private),
            ("http://7f000001.nip.io/", AddrClass::Loopback),
            ("http://nip.io/", AddrClass::Public),
            ("http://notlocalhost.com/", AddrClass::Public),
            ("http://local.example.com/", AddrClass::Public),
        ];
        for (u, c) in cases {
            assert_eq!(class(u), c, "{u}");
        }
    }

    #[test]
    fn inv_002_backslash_userinfo_trick_goes_to_the_first_host() {
        // In special schemes a backslash ends the authority, as in Node's fetch.
        let p = parse_url("https://attacker-host\\@api.github.com/").unwrap();
        assert_eq!(p.host, "attacker-host");
        assert_eq!(p.registrable_domain, None);
        assert_eq!(p.addr_class, AddrClass::LocalName);
        assert_eq!(p.path, "/@api.github.com/");
        let p = parse_url("https://attacker.example\\@api.github.com/x").unwrap();
        assert_eq!(p.host, "attacker.example");
        // A real `@` makes what precedes it userinfo.
        let p = parse_url("https://api.github.com@attacker.example/").unwrap();
        assert_eq!((p.host.as_str(), p.userinfo_bytes), ("attacker.example", 14));
        let p = parse_url("https://user:pw@api.github.com/").unwrap();
        assert_eq!((p.host.as_str(), p.userinfo_bytes), ("api.github.com", 6));
    }

    #[test]
    fn registrable_domains_use_the_public_suffix_list() {
        let cases = [
            ("https://api.github.com/repos", Some("github.com")),
            ("https://a.b.example.co.uk/", Some("example.co.uk")),
            ("https://alice.github.io/", Some("alice.github.io")),
            ("https://raw.githubusercontent.com/x", Some("raw.githubusercontent.com")),
            ("https://example.com./", Some("example.com")),
            ("https://xn--bcher-kva.example/", Some("xn--bcher-kva.example")),
            ("https://b\u{fc}cher.de/", Some("xn--bcher-kva.de")),
            ("https://co.uk/", None),
            ("https://8.8.8.8/", None),
        ];
        for (u, d) in cases {
            assert_eq!(parse_url(u).unwrap().registrable_domain.as_deref(), d, "{u}");
        }
    }

    #[test]
    fn label_facts_for_dns_exfiltration() {
        let p = parse_url("https://aGVsbG8.d29ybGQ.x.attacker.example/").unwrap();
        assert_eq!(p.registrable_domain.as_deref(), Some("attacker.example"));
        assert_eq!(
            p.labels,
            LabelFacts {
                labels: 5,
                longest_label: 8,
                labels_below_domain: 3,
                bytes_below_domain: 17
            }
        );
        let p = parse_url("https://github.com/").unwrap();
        assert_eq!((p.labels.labels_below_domain, p.labels.bytes_below_domain), (0, 0));
        assert_eq!(parse_url("https://1.2.3.4/").unwrap().labels, LabelFacts::default());
    }

    #[test]
    fn request_bytes_count_path_query_headers_body() {
        let p = parse_url("https://u:p@x.example/abc?q=12345#frag").unwrap();
        let b = request_bytes(&p, 10, 300);
        assert_eq!(
            b,
            RequestBytes {
                userinfo: 2,
                path: 3,
                query: 7,
                headers: 10,
                body: 300
            }
        );
        assert_eq!((b.total(), b.url_and_headers()), (322, 22));
        assert_eq!(request_bytes(&parse_url("https://x.example").unwrap(), 0, 0).total(), 0);
    }

    #[test]
    fn inv_002_errors_name_the_problem() {
        assert_eq!(parse_url("  ").unwrap_err(), UrlError::Empty);
        assert_eq!(parse_url("not a url").unwrap_err().code(), "not_a_url");
        assert_eq!(parse_url("/relative/path").unwrap_err().code(), "not_a_url");
        assert_eq!(parse_url("https://").unwrap_err().code(), "missing_host");
        assert_eq!(parse_url("https://exa mple.com/").unwrap_err().code(), "invalid_url");
        assert_eq!(parse_url("https://x.example:99999/").unwrap_err().code(), "invalid_url");
        assert_eq!(parse_url("http://[::1/").unwrap_err().code(), "invalid_url");
        assert_eq!(parse_url("http://256.0.0.1/").unwrap_err().code(), "invalid_url");
        for (u, s) in [("file:///etc/passwd", "file"), ("data:text/plain,hi", "data")] {
            assert_eq!(
                parse_url(u).unwrap_err(),
                UrlError::MissingHost { scheme: s.into() },
                "{u}"
            );
        }
        // Special schemes skip any number of slashes: `http:///path` names host `path`.
        let p = parse_url("http:///path").unwrap();
        assert_eq!((p.host.as_str(), p.addr_class), ("path", AddrClass::LocalName));
    }

    #[test]
    fn inv_002_hosts_are_canonical_in_any_spelling() {
        for (url, host, registrable) in [
            ("https://API.GitHub.com./repos", "api.github.com", Some("github.com")),
            ("https://api.github.com/repos", "api.github.com", Some("github.com")),
            ("gopher://EXAMPLE.org./x", "example.org", Some("example.org")),
            ("ftp://Files.Example.ORG/a", "files.example.org", Some("example.org")),
            ("wss://LOCALHOST.:8443/", "localhost", None),
        ] {
            let p = parse_url(url).unwrap();
            assert_eq!(
                (p.host.as_str(), p.registrable_domain.as_deref()),
                (host, registrable),
                "{url}"
            );
            assert_eq!(p.ip_spelling, IpSpelling::Canonical, "{url}");
        }
        assert_eq!(
            parse_url("wss://LOCALHOST.:8443/").unwrap().addr_class,
            AddrClass::Loopback
        );
    }

    #[test]
    fn opaque_hosts_of_other_schemes_are_still_classified() {
        let p = parse_url("gopher://127.0.0.1:6379/_INFO").unwrap();
        assert_eq!(
            (p.scheme.as_str(), p.addr_class, p.port),
            ("gopher", AddrClass::Loopback, Some(6379))
        );
        let p = parse_url("ftp://files.example.org/a").unwrap();
        assert_eq!((p.addr_class, p.port), (AddrClass::Public, Some(21)));
    }

    #[test]
    fn inv_002_destinations_of_commands_parse_like_urls() {
        let cases = [
            ("https://api.github.com/x", "api.github.com", AddrClass::Public),
            ("example.com/path?q", "example.com", AddrClass::Public),
            ("git@github.com:org/repo.git", "github.com", AddrClass::Public),
            ("user@10.0.0.5:2222", "10.0.0.5", AddrClass::Private),
            ("localhost:3000", "localhost", AddrClass::Loopback),
            ("0x7f.1", "127.0.0.1", AddrClass::Loopback),
            ("2852039166", "169.254.169.254", AddrClass::Metadata),
            ("[::1]:8080", "::1", AddrClass::Loopback),
            ("fd00::1", "fd00::1", AddrClass::UniqueLocal),
            ("169.254.169.254", "169.254.169.254", AddrClass::Metadata),
        ];
        for (d, host, class) in cases {
            let p = parse_destination(d).unwrap_or_else(|e| panic!("{d}: {e}"));
            assert_eq!((p.host.as_str(), p.addr_class), (host, class), "{d}");
        }
        let p = parse_destination("0x7f.1").unwrap();
        assert_eq!(p.ip_spelling, IpSpelling::NonCanonicalIpv4);
        assert!(parse_destination("").is_err());
        assert!(parse_destination("@").is_err());
        assert!(parse_destination("exa mple.com").is_err());
    }

    #[test]
    fn canonical_host_entries() {
        assert_eq!(canonical_host("0x7f.1").unwrap(), "127.0.0.1");
        assert_eq!(canonical_host("[::1]").unwrap(), "::1");
        assert_eq!(canonical_host("::ffff:127.0.0.1").unwrap(), "::ffff:127.0.0.1");
        assert_eq!(canonical_host("API.GitHub.com.").unwrap(), "api.github.com");
        assert!(canonical_host("a b").is_err());
        assert!(canonical_host("").is_err());
    }

    #[test]
    fn every_class_has_a_distinct_code() {
        let codes: std::collections::BTreeSet<_> = AddrClass::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes.len(), AddrClass::ALL.len());
        assert!(AddrClass::ALL.iter().filter(|c| c.is_public()).count() == 1);
    }

    /// Names a public resolver cannot answer are not public: a TLD outside the
    /// public suffix list (only local DNS or the search domains answer it), and
    /// wildcard-DNS names spelling an IPv6 address with dashes, classified by
    /// that address (the AWS IPv6 metadata endpoint included).
    #[test]
    fn inv_002_unlisted_tlds_and_dash_spelled_ipv6_names_are_not_public() {
        let cases = [
            (
                "https://kubernetes.default/",
                AddrClass::LocalName,
                IpSpelling::Canonical,
            ),
            (
                "https://kubernetes.default.svc.cluster.local/",
                AddrClass::LocalName,
                IpSpelling::Canonical,
            ),
            (
                "https://vault.service.consul/v1/secret",
                AddrClass::LocalName,
                IpSpelling::Canonical,
            ),
            ("https://app.test/", AddrClass::LocalName, IpSpelling::Canonical),
            ("https://host.invalid/", AddrClass::LocalName, IpSpelling::Canonical),
            ("https://registry.docker/", AddrClass::LocalName, IpSpelling::Canonical),
            ("https://--1.sslip.io/", AddrClass::Loopback, IpSpelling::NameEmbedsIp),
            (
                "https://app---1.sslip.io/",
                AddrClass::Loopback,
                IpSpelling::NameEmbedsIp,
            ),
            (
                "https://fd00-ec2--254.sslip.io/latest/meta-data/",
                AddrClass::Metadata,
                IpSpelling::NameEmbedsIp,
            ),
            (
                "https://www-fd00-ec2--254.sslip.io/",
                AddrClass::Metadata,
                IpSpelling::NameEmbedsIp,
            ),
            (
                "https://fe80--1.nip.io/",
                AddrClass::LinkLocal,
                IpSpelling::NameEmbedsIp,
            ),
            (
                "https://--ffff-a9fe-a9fe.sslip.io/",
                AddrClass::Metadata,
                IpSpelling::NameEmbedsIp,
            ),
            (
                "https://2606-4700-4700--1111.sslip.io/",
                AddrClass::Public,
                IpSpelling::NameEmbedsIp,
            ),
            // Public names stay public, whatever their TLD's age or section.
            ("https://api.github.com/", AddrClass::Public, IpSpelling::Canonical),
            ("https://alice.github.io/", AddrClass::Public, IpSpelling::Canonical),
            ("https://www.ck/", AddrClass::Public, IpSpelling::Canonical),
            ("https://b\u{fc}cher.de/", AddrClass::Public, IpSpelling::Canonical),
            ("https://x.example/", AddrClass::Public, IpSpelling::Canonical),
            ("https://my-app.sslip.io/", AddrClass::Public, IpSpelling::Canonical),
            ("https://sslip.io/", AddrClass::Public, IpSpelling::Canonical),
        ];
        for (u, c, s) in cases {
            let p = parse_url(u).unwrap_or_else(|e| panic!("{u}: {e}"));
            assert_eq!((p.addr_class, p.ip_spelling), (c, s), "{u}");
        }
        // Command destinations are read the same way.
        assert_eq!(
            parse_destination("vault.service.consul:8200").unwrap().addr_class,
            AddrClass::LocalName
        );
        assert_eq!(
            parse_destination("--1.sslip.io").unwrap().addr_class,
            AddrClass::Loopback
        );
    }

    /// The addresses a host designates, for the IP entries of `deny_hosts`:
    /// every spelling of 10.0.0.5 designates it; other addresses and names do not.
    #[test]
    fn inv_002_every_spelling_of_an_address_designates_it() {
        let target = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 5));
        for u in [
            "https://10.0.0.5/",
            "https://167772165/",
            "https://012.0.0.5/",
            "https://[::ffff:10.0.0.5]/",
            "https://[::ffff:a00:5]/",
            "https://[::10.0.0.5]/",
            "https://[64:ff9b::10.0.0.5]/",
            "https://[2002:a00:5::]/",
            "https://10.0.0.5.nip.io/",
            "https://app.10.0.0.5.nip.io/",
            "https://10-0-0-5.sslip.io/",
            "https://0a000005.nip.io/",
            "https://--ffff-a00-5.sslip.io/",
        ] {
            let p = parse_url(u).unwrap();
            let addrs = designated_addrs(&p.host, p.ip);
            assert!(addrs.contains(&target), "{u}: {addrs:?}");
        }
        for u in [
            "https://10.0.0.6/",
            "https://[::ffff:10.0.0.6]/",
            "https://[2002:a00:6::]/",
            "https://api.github.com/",
            "https://10.0.0.5.example.com/",
        ] {
            let p = parse_url(u).unwrap();
            assert!(!designated_addrs(&p.host, p.ip).contains(&target), "{u}");
        }
        let v6: IpAddr = "fd00:ec2::254".parse().unwrap();
        let p = parse_url("https://fd00-ec2--254.sslip.io/").unwrap();
        assert!(designated_addrs(&p.host, p.ip).contains(&v6));
        // The same destination is only an equal address, IPv4-mapped read as IPv4.
        let mapped: IpAddr = "::ffff:10.0.0.5".parse().unwrap();
        let nat64: IpAddr = "64:ff9b::10.0.0.5".parse().unwrap();
        assert!(same_address(mapped, target) && same_address(target, mapped));
        assert!(!same_address(nat64, target));
    }
}
