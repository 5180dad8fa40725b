//! Hostile archetype `http_exfil`: reads many project files, then uploads
//! large bodies to an unknown public host.

use super::{palette as p, Archetype, Gen, Label, Session, Span};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpExfilParams {
    /// Project files read before uploading.
    pub reads: Span,
    /// Mean gap between reads (ms).
    pub read_gap_ms: f64,
    /// Uploads.
    pub uploads: Span,
    /// Upload body size (bytes).
    pub upload_bytes: Span,
    /// Gap between uploads (ms), uniform.
    pub upload_gap_ms: Span,
}

impl Default for HttpExfilParams {
    fn default() -> Self {
        HttpExfilParams {
            reads: [3, 30],
            read_gap_ms: 300.0,
            uploads: [2, 20],
            upload_bytes: [20_000, 2_000_000],
            upload_gap_ms: [50, 3000],
        }
    }
}

pub struct HttpExfil(pub HttpExfilParams);

impl Archetype for HttpExfil {
    fn name(&self) -> &'static str {
        "http_exfil"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "reads many project files, then POSTs large bodies to an unknown public host."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        exfil(&mut g, &self.0);
    }
}

/// The attack, shared with `hostile_mix`. Reading the project is already part
/// of the attack here, so the onset is the first call.
pub fn exfil(g: &mut Gen<'_>, q: &HttpExfilParams) {
    g.out.meta.onset.get_or_insert(g.len() as u32);
    let reads = g.span(q.reads);
    for _ in 0..reads {
        let f = g.pick(p::PROJECT_FILES);
        g.read(f);
        g.wait_exp(q.read_gap_ms);
    }
    let host = g.pick(p::EXFIL_HOSTS);
    let n = g.span(q.uploads).max(1);
    for i in 0..n {
        if i > 0 {
            g.wait_span(q.upload_gap_ms);
        }
        let b = g.span(q.upload_bytes);
        g.http(&format!("https://{host}/upload/{i}"), "POST", b);
    }
}
