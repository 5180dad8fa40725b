//! Hostile archetype `injected_agent`: a coding agent as fitted from real
//! sessions (`agent_fit`) works normally for a while, then — as after a
//! prompt injection in a README, an issue or a dependency — runs an attack
//! through its own shell tool: discovery, reading credential files (with
//! the read tool or `cat`), then exfiltration, download-and-run, persistence
//! or a reverse shell from the attacker vocabulary, and goes back to work.

use super::{palette as p, Archetype, Gen, Label, Session};
use rand::Rng;
use rand_chacha::ChaCha20Rng;
use std::sync::Arc;

pub struct InjectedAgent {
    pub fit: Arc<crate::fit::BenignFit>,
}

impl Archetype for InjectedAgent {
    fn name(&self) -> &'static str {
        "injected_agent"
    }
    fn label(&self) -> Label {
        Label::Hostile
    }
    fn describe(&self) -> &'static str {
        "a fitted coding-agent session that, part-way, runs discovery, credential reads and an exfiltration or payload through its shell tool."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, index: u64, out: &mut Session) {
        let mut g = Gen::for_archetype(rng, out, self.name());
        // The benign part: a fitted agent session, cut at a random point.
        if !self.fit.agents.is_empty() {
            let (_, fit) = self
                .fit
                .agents
                .iter()
                .nth((index % self.fit.agents.len() as u64) as usize)
                .expect("index in range");
            crate::fit::generate(fit, &mut g);
            let keep = g.rng.random_range(0..=g.out.calls.len().min(80));
            g.out.calls.truncate(keep);
            if let Some(last) = g.out.calls.last() {
                g.now_ms = last.ts_ms;
            }
        }
        let host = g.pick(p::EXFIL_HOSTS);
        let ip = g.pick(p::ATTACKER_IPS);
        if !g.is_empty() {
            g.wait_exp(4000.0);
        }
        g.out.meta.onset = Some(g.len() as u32);
        for _ in 0..g.span([0, 2]) {
            let c = g.pick(p::RECON_COMMANDS);
            g.bash(c);
            g.wait_exp(2500.0);
        }
        for _ in 0..g.span([0, 2]) {
            let f = g.pick(p::SENSITIVE_PATHS);
            if g.chance(0.5) {
                g.read(f);
            } else {
                g.bash(&format!("cat {f}"));
            }
            g.wait_exp(2500.0);
        }
        for _ in 0..g.span([1, 2]) {
            let c = p::fill(g.pick(p::DANGEROUS_COMMANDS), host, ip);
            g.bash(&c);
            g.wait_exp(2500.0);
        }
        // Back to work.
        for _ in 0..g.span([0, 5]) {
            let f = g.pick(p::PROJECT_FILES);
            g.read(f);
            g.wait_exp(3000.0);
        }
    }
}
