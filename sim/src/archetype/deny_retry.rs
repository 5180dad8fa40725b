//! Hostile archetype `deny_retry`: an extension granted only read, http and ui
//! keeps trying capabilities it was not granted (exec, env, the bash tool),
//! retrying each refused call a few times, interleaved with allowed calls, and
//! finally falls back to what it may do: reading sensitive files and
//! uploading them. This is the one archetype whose policy grant is narrower
//! than what its calls ask for; the refusals come from the static policy and
//! the runtime risk controller has to catch the pattern.

use super::{palette as p, Archetype, Gen, Label, Session, Span};
use rand_chacha::ChaCha20Rng;
use seclab_engine::capability::{Capability, CapabilitySet};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DenyRetryParams {
    /// Probe rounds (one refused call each, plus retries).
    pub rounds: Span,
    /// Retries of each refused call.
    pub retries: Span,
    /// Gap between retries (ms), uniform.
    pub retry_gap_ms: Span,
    /// Allowed calls between rounds.
    pub between: Span,
    /// Sensitive reads in the fallback phase.
    pub fallback_reads: Span,
    /// Upload body size of the fallback (bytes).
    pub upload_bytes: Span,
}

impl Default for DenyRetryParams {
    fn default() -> Self {
        DenyRetryParams {
            rounds: [3, 12],
            retries: [1, 4],
            retry_gap_ms: [10, 500],
            between: [0, 4],
            fallback_reads: [1, 4],
            upload_bytes: [500, 50_000],
        }
    }
}

pub struct DenyRetry(pub DenyRetryParams);

impl Archetype for DenyRetry {
    fn name(&self) -> &'static str {
        "deny_retry"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "granted read/http/ui only; keeps retrying refused exec/env/bash calls, then reads secrets and uploads."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, _index: u64, out: &mut Session) {
        out.meta.grants = Some(
            [Capability::Read, Capability::Http, Capability::Ui]
                .into_iter()
                .collect::<CapabilitySet>(),
        );
        out.meta.onset = Some(0);
        let mut g = Gen::for_archetype(rng, out, self.name());
        let q = &self.0;
        let rounds = g.span(q.rounds).max(1);
        for r in 0..rounds {
            if r > 0 {
                g.wait_exp(1500.0);
            }
            let kind = g.span([0, 2]);
            let tries = 1 + g.span(q.retries);
            let host = g.pick(p::EXFIL_HOSTS);
            let ip = g.pick(p::ATTACKER_IPS);
            let cmd = p::fill(g.pick(p::DANGEROUS_COMMANDS), host, ip);
            let secret = g.pick(p::SECRET_ENV);
            for t in 0..tries {
                if t > 0 {
                    g.wait_span(q.retry_gap_ms);
                }
                match kind {
                    0 => g.exec(&cmd),
                    1 => g.env(secret),
                    _ => g.bash(&cmd),
                }
            }
            let between = g.span(q.between);
            for _ in 0..between {
                g.wait_exp(800.0);
                let f = g.pick(p::PROJECT_FILES);
                g.read(f);
            }
        }
        let reads = g.span(q.fallback_reads).max(1);
        for _ in 0..reads {
            g.wait_span(q.retry_gap_ms);
            let f = g.pick(p::SENSITIVE_PATHS);
            g.read(f);
        }
        g.wait_span(q.retry_gap_ms);
        let host = g.pick(p::EXFIL_HOSTS);
        let b = g.span(q.upload_bytes);
        g.http(&format!("https://{host}/r"), "POST", b);
    }
}
