//! Benign archetype `corpus`: sessions of the conformance corpus extensions.
//! Session `i` models profile `i mod P` (profiles sorted by origin and name),
//! so every extension of the corpus is exercised evenly; its calls follow the
//! manifest's call range, mix, hosts, commands and env names, with the pacing
//! given here.

use super::{Archetype, Gen, Label, MixProfile, Session, Span};
use crate::profiles::BenignProfile;
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Pacing and sizes the manifests do not state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorpusParams {
    /// Mean gap between calls of a steady extension (ms).
    pub mean_gap_ms: f64,
    /// Calls per burst for extensions marked `burst`.
    pub burst_len: Span,
    /// Mean gap inside a burst (ms).
    pub burst_gap_ms: f64,
    /// Mean idle gap between bursts (ms).
    pub idle_gap_ms: f64,
    /// Fraction of http calls that are POSTs.
    pub http_post_fraction: f64,
    /// POST body size (bytes).
    pub http_body_bytes: Span,
}

impl Default for CorpusParams {
    fn default() -> Self {
        CorpusParams {
            mean_gap_ms: 2000.0,
            burst_len: [4, 20],
            burst_gap_ms: 250.0,
            idle_gap_ms: 10000.0,
            http_post_fraction: 0.3,
            http_body_bytes: [64, 8192],
        }
    }
}

pub struct Corpus {
    params: CorpusParams,
    profiles: Arc<Vec<BenignProfile>>,
}

impl Corpus {
    pub fn new(params: CorpusParams, profiles: Arc<Vec<BenignProfile>>) -> Self {
        Corpus { params, profiles }
    }

    /// The mix profile of one corpus extension under these pacing parameters.
    pub fn mix_for(&self, p: &BenignProfile) -> MixProfile {
        MixProfile {
            calls: p.calls,
            mix: p.mix.clone(),
            http_hosts: p.http_hosts.clone(),
            commands: p.commands.clone(),
            env_names: p.env_names.clone(),
            tools: p.tools.clone(),
            http_post_fraction: self.params.http_post_fraction,
            http_body_bytes: self.params.http_body_bytes,
            mean_gap_ms: self.params.mean_gap_ms,
            burst: p.burst,
            burst_len: self.params.burst_len,
            burst_gap_ms: self.params.burst_gap_ms,
            idle_gap_ms: self.params.idle_gap_ms,
        }
    }
}

impl Archetype for Corpus {
    fn name(&self) -> &'static str {
        "corpus"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "the conformance corpus extensions, each modelled from its manifest's session block."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, index: u64, out: &mut Session) {
        if self.profiles.is_empty() {
            return;
        }
        let p = &self.profiles[(index % self.profiles.len() as u64) as usize];
        out.meta.ext = p.name.clone();
        out.meta.group = format!("corpus/{}", p.name);
        let m = self.mix_for(p);
        let mut g = Gen::new(rng, out);
        m.generate(&mut g);
    }
}
