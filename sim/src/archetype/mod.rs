//! Session archetypes: one file per benign or hostile behaviour, each a
//! generator of hostcalls (method, params, timestamp) driven only by the
//! session's own ChaCha20 stream (see `crate::rng`).
//!
//! This module owns the shared vocabulary: the generated call, the session
//! metadata (label, extension id, granted capabilities, attack onset), the
//! `Archetype` trait, the registry of all archetypes and the `Gen` helper the
//! generators write through.

pub mod gen;
pub mod palette;

// Benign.
pub mod bash_user;
pub mod build_burst;
pub mod coding_reader;
pub mod corpus;
pub mod http_client;
pub mod long_session;
pub mod ui_events;

// Hostile.
pub mod burst_exec;
pub mod credential_harvest;
pub mod deny_retry;
pub mod env_probe;
pub mod hostile_mix;
pub mod http_exfil;
pub mod injected_agent;
pub mod mimicry;
pub mod slow_drip;

pub use gen::{Gen, MixProfile, Span};

use crate::config::ArchetypeParams;
use crate::profiles::BenignProfile;
use rand_chacha::ChaCha20Rng;
use seclab_engine::capability::{Capability, CapabilitySet};
use seclab_engine::hostcall::{capability_for_kind, HostcallKind, MappingError};
use seclab_engine::tools::ToolEntry;
use serde_json::Value;
use std::sync::Arc;

/// Ground truth of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Benign,
    Hostile,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Benign => "benign",
            Label::Hostile => "hostile",
        }
    }
}

/// One generated hostcall.
#[derive(Debug, Clone, PartialEq)]
pub struct SimCall {
    pub ts_ms: u64,
    pub method: HostcallKind,
    pub params: Value,
}

/// What a session is, apart from its calls.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionMeta {
    /// The extension id every call of the session carries.
    pub ext: String,
    /// Grouping key for tables: the archetype name, or `corpus/<profile>`.
    pub group: String,
    /// Capabilities the simulated policy grants this extension. `None` means
    /// "exactly the capabilities its calls need" (the usual case).
    pub grants: Option<CapabilitySet>,
    /// 0-based index of the first hostile call (None for benign sessions).
    pub onset: Option<u32>,
}

/// A generated session: metadata plus its calls, in time order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Session {
    pub meta: SessionMeta,
    pub calls: Vec<SimCall>,
}

impl Session {
    pub fn clear(&mut self) {
        self.meta = SessionMeta::default();
        self.calls.clear();
    }

    /// The capabilities the simulated policy grants: the explicit set, or the
    /// union of what the calls need.
    pub fn granted(&self) -> CapabilitySet {
        match self.meta.grants {
            Some(g) => g,
            None => self.grants_and_tools().0,
        }
    }

    /// The tools the session calls that are not built-ins, registered with the
    /// `tool` capability (sorted, once each).
    pub fn own_tools(&self) -> Vec<ToolEntry> {
        self.grants_and_tools().1
    }

    /// Whether the grant includes a policy-dangerous capability (exec, env).
    pub fn needs_dangerous(&self) -> bool {
        needs_dangerous(self.granted())
    }

    /// [`Session::granted`] and [`Session::own_tools`] in one pass over the
    /// calls (each call's capability is looked up once: the sweep builds a
    /// session's engine config from both).
    pub fn grants_and_tools(&self) -> (CapabilitySet, Vec<ToolEntry>) {
        let mut set = CapabilitySet::EMPTY;
        let mut names = std::collections::BTreeSet::new();
        for c in &self.calls {
            match capability_for_kind(c.method, &c.params) {
                Ok(cap) => set.insert(cap),
                // The extension's own tool: it is registered with `tool`.
                Err(MappingError::UnknownTool(n)) => {
                    set.insert(Capability::Tool);
                    names.insert(n.trim().to_ascii_lowercase());
                }
                Err(_) => {}
            }
        }
        let tools = names
            .into_iter()
            .map(|name| ToolEntry {
                name,
                capability: Capability::Tool,
            })
            .collect();
        (self.meta.grants.unwrap_or(set), tools)
    }
}

/// Whether a grant includes a policy-dangerous capability (exec, env).
pub fn needs_dangerous(g: CapabilitySet) -> bool {
    g.contains(Capability::Exec) || g.contains(Capability::Env)
}

/// A session generator.
pub trait Archetype: Send + Sync {
    /// Stable name (used in stream derivation, configs, tables).
    fn name(&self) -> &'static str;
    fn label(&self) -> Label;
    /// One-line description for the methodology and report.
    fn describe(&self) -> &'static str;
    /// Fill `out` (already cleared) with session `index` drawn from `rng`.
    fn generate(&self, rng: &mut ChaCha20Rng, index: u64, out: &mut Session);
}

/// Names of the benign archetypes, in table order.
pub const BENIGN: &[&str] = &[
    "coding_reader",
    "bash_user",
    "http_client",
    "ui_events",
    "long_session",
    "build_burst",
    "corpus",
    "agent_fit",
];

/// Names of the hostile archetypes, in table order.
pub const HOSTILE: &[&str] = &[
    "burst_exec",
    "env_probe",
    "http_exfil",
    "credential_harvest",
    "slow_drip",
    "mimicry",
    "deny_retry",
    "hostile_mix",
    "injected_agent",
];

/// All archetype names.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    BENIGN.iter().chain(HOSTILE.iter()).copied()
}

/// Build the archetype of a given name with its parameters.
pub fn build(name: &str, params: &ArchetypeParams, profiles: &Arc<Vec<BenignProfile>>) -> Option<Box<dyn Archetype>> {
    let a: Box<dyn Archetype> = match name {
        "coding_reader" => Box::new(coding_reader::CodingReader(params.coding_reader.clone())),
        "bash_user" => Box::new(bash_user::BashUser(params.bash_user.clone())),
        "http_client" => Box::new(http_client::HttpClient(params.http_client.clone())),
        "ui_events" => Box::new(ui_events::UiEvents(params.ui_events.clone())),
        "long_session" => Box::new(long_session::LongSession(params.long_session.clone())),
        "build_burst" => Box::new(build_burst::BuildBurst(params.build_burst.clone())),
        "corpus" => Box::new(corpus::Corpus::new(params.corpus.clone(), profiles.clone())),
        "agent_fit" => Box::new(crate::fit::AgentFitArchetype { fit: embedded_fit() }),
        "burst_exec" => Box::new(burst_exec::BurstExec(params.burst_exec.clone())),
        "env_probe" => Box::new(env_probe::EnvProbe(params.env_probe.clone())),
        "http_exfil" => Box::new(http_exfil::HttpExfil(params.http_exfil.clone())),
        "credential_harvest" => Box::new(credential_harvest::CredentialHarvest(params.credential_harvest.clone())),
        "slow_drip" => Box::new(slow_drip::SlowDrip(params.slow_drip.clone())),
        "mimicry" => Box::new(mimicry::Mimicry(params.mimicry.clone())),
        "deny_retry" => Box::new(deny_retry::DenyRetry(params.deny_retry.clone())),
        "hostile_mix" => Box::new(hostile_mix::HostileMix(params.hostile_mix.clone())),
        "injected_agent" => Box::new(injected_agent::InjectedAgent { fit: embedded_fit() }),
        _ => return None,
    };
    Some(a)
}

/// The embedded benign fit (parsed once); empty when it does not parse.
pub fn embedded_fit() -> Arc<crate::fit::BenignFit> {
    static FIT: std::sync::OnceLock<Arc<crate::fit::BenignFit>> = std::sync::OnceLock::new();
    FIT.get_or_init(|| {
        Arc::new(
            crate::fit::BenignFit::embedded().unwrap_or_else(|_| crate::fit::BenignFit {
                schema: crate::fit::FIT_SCHEMA.into(),
                source: String::new(),
                split_rule: String::new(),
                agents: Default::default(),
            }),
        )
    })
    .clone()
}

/// Extension id of a synthetic archetype's sessions.
pub fn ext_id(archetype: &str) -> String {
    format!("sim-{}", archetype.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{session_rng, Split};
    use seclab_engine::hostcall::{validate_with, HostcallRequest};

    fn all() -> Vec<Box<dyn Archetype>> {
        let params = ArchetypeParams::default();
        let profiles = Arc::new(crate::profiles::embedded().unwrap());
        all_names().map(|n| build(n, &params, &profiles).unwrap()).collect()
    }

    fn gen(a: &dyn Archetype, seed: u64, index: u64) -> Session {
        let mut s = Session::default();
        let mut rng = session_rng(seed, Split::Train, a.name(), index);
        a.generate(&mut rng, index, &mut s);
        s
    }

    #[test]
    fn every_archetype_is_registered_under_its_name() {
        for (a, n) in all().iter().zip(all_names()) {
            assert_eq!(a.name(), n);
            let expect = if BENIGN.contains(&n) {
                Label::Benign
            } else {
                Label::Hostile
            };
            assert_eq!(a.label(), expect, "{n}");
        }
    }

    #[test]
    fn sessions_are_valid_time_ordered_and_labelled() {
        for a in all() {
            for i in 0..12 {
                let s = gen(a.as_ref(), 5, i);
                assert!(!s.calls.is_empty(), "{} #{i} is empty", a.name());
                assert!(!s.meta.ext.is_empty() && !s.meta.group.is_empty());
                for w in s.calls.windows(2) {
                    assert!(w[0].ts_ms < w[1].ts_ms, "{} #{i}: timestamps not increasing", a.name());
                }
                // Valid under the engine config the lab runs the session with.
                let rules = crate::session::request_rules_for(&s);
                for (k, c) in s.calls.iter().enumerate() {
                    let req =
                        HostcallRequest::new(format!("c{k}"), s.meta.ext.clone(), c.method.as_str(), c.params.clone());
                    let v = validate_with(&req, &rules);
                    assert!(v.is_ok(), "{} #{i} call {k} invalid: {:?} {v:?}", a.name(), c);
                }
                match a.label() {
                    Label::Benign => assert_eq!(s.meta.onset, None, "{}", a.name()),
                    Label::Hostile => {
                        let on = s.meta.onset.expect("hostile sessions mark their onset") as usize;
                        assert!(on < s.calls.len(), "{} onset out of range", a.name());
                    }
                }
            }
        }
    }

    #[test]
    fn a_session_regenerates_alone_and_streams_differ() {
        for a in all() {
            let s3 = gen(a.as_ref(), 9, 3);
            // Regenerating session 3 without 0..2 gives the same calls.
            let again = gen(a.as_ref(), 9, 3);
            assert_eq!(s3, again, "{}", a.name());
            // Another seed or index gives another session.
            assert_ne!(s3.calls, gen(a.as_ref(), 10, 3).calls, "{}", a.name());
            assert_ne!(s3.calls, gen(a.as_ref(), 9, 4).calls, "{}", a.name());
        }
    }

    #[test]
    fn grants_follow_the_calls_except_for_deny_retry() {
        for a in all() {
            let s = gen(a.as_ref(), 1, 0);
            let g = s.granted();
            if a.name() == "deny_retry" {
                assert!(!g.contains(Capability::Exec) && !g.contains(Capability::Env));
                assert!(s
                    .calls
                    .iter()
                    .any(|c| matches!(c.method, HostcallKind::Exec | HostcallKind::Env)
                        || c.params.get("name").and_then(Value::as_str) == Some("bash")));
            } else {
                for c in &s.calls {
                    let cap = match capability_for_kind(c.method, &c.params) {
                        Err(MappingError::UnknownTool(_)) => Capability::Tool,
                        other => other.unwrap(),
                    };
                    assert!(g.contains(cap), "{}: {cap:?} not granted", a.name());
                }
            }
        }
    }
}
