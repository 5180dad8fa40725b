//! Benign archetype `http_client`: an HTTP API client: GETs and small POSTs to well-known API hosts, with its own tool.

use super::{Archetype, Gen, Label, MixProfile, Session};
use rand_chacha::ChaCha20Rng;

/// Default parameters (a mix profile; see `MixProfile` for each field).
pub fn defaults() -> MixProfile {
    MixProfile {
        calls: [10, 120],
        mix: super::gen::mix(&[("http", 0.6), ("read", 0.1), ("tool", 0.15), ("log", 0.1), ("ui", 0.05)]),
        http_hosts: super::palette::API_HOSTS.iter().map(|s| s.to_string()).collect(),
        tools: vec!["api_query".to_string()],
        http_post_fraction: 0.25,
        http_body_bytes: [64, 8192],
        mean_gap_ms: 3000.0,
        ..MixProfile::default()
    }
}

pub struct HttpClient(pub MixProfile);

impl Archetype for HttpClient {
    fn name(&self) -> &'static str {
        "http_client"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "an HTTP API client: GETs and small POSTs to well-known API hosts, with its own tool."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        self.0.generate(&mut g);
    }
}
