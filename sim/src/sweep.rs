//! Sweeps: the set of risk-controller configs under test (a full-factorial
//! grid plus optional random or Latin-hypercube samples, all over dotted
//! `RiskConfig` field paths), the plan of sessions (counts per archetype and
//! split, sharding), and the parallel evaluation (rayon) of every session
//! under every config into mergeable integer counts.
//!
//! Sessions are the outer loop: each worker generates one session at a time
//! from its own stream, compiles it once into the engine's per-call inputs,
//! and steps every config over it in lockstep (one engine state per config,
//! reset between sessions; `seclab_engine::dispatch::lockstep`). Counts are sums, so the result does not
//! depend on thread count or order, and shards merge exactly.

use crate::archetype::{self, Archetype, Label, Session};
use crate::config::{LabConfig, LabConfigError, SampleMethod};
use crate::profiles::{BenignProfile, ProfileSource};
use crate::results::{
    cell_index, latency_bucket, Allocation, ConfigPoint, Group, PointOrigin, SessionRecord, Shard, SweepData, Tally,
    Timing, SHARD_SCHEMA,
};
use crate::rng::{named_rng, session_rng, Split};
use crate::session;
use crate::traces::{RealSession, TraceSet, TraceSetInfo};
use rand::seq::SliceRandom;
use rand::Rng;
use seclab_engine::dispatch::lockstep::{CompileMemo, CompiledSession, ListGroups, Lockstep};
use seclab_engine::hostcall::HostcallRequest;
use seclab_engine::risk::RiskConfig;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Set a dotted path in a JSON object; the path must already exist (every
/// RiskConfig field serialises, so a missing key is an unknown field).
fn set_path(root: &mut Value, path: &str, v: Value) -> Result<(), String> {
    let mut cur = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let obj = cur
            .as_object_mut()
            .ok_or_else(|| format!("`{}` is not a section", parts[..i].join(".")))?;
        if !obj.contains_key(*part) {
            let known: Vec<&String> = obj.keys().collect();
            return Err(format!(
                "unknown risk config field `{}` (fields here: {})",
                parts[..=i].join("."),
                known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
        if i + 1 == parts.len() {
            obj.insert(part.to_string(), v);
            return Ok(());
        }
        cur = obj.get_mut(*part).ok_or("unreachable")?;
    }
    Err("empty field path".into())
}

/// The base RiskConfig (engine defaults overlaid with `[risk]`), as JSON.
pub fn base_risk_json(cfg: &LabConfig, file: &Path) -> Result<Value, LabConfigError> {
    let mut base = serde_json::to_value(RiskConfig::default()).map_err(|e| LabConfigError {
        file: file.to_path_buf(),
        field: Some("risk".into()),
        message: e.to_string(),
    })?;
    fn overlay(dst: &mut Value, src: &Value) {
        match (dst, src) {
            (Value::Object(d), Value::Object(s)) => {
                for (k, v) in s {
                    match d.get_mut(k) {
                        Some(slot) if slot.is_object() && v.is_object() => overlay(slot, v),
                        _ => {
                            d.insert(k.clone(), v.clone());
                        }
                    }
                }
            }
            (d, s) => *d = s.clone(),
        }
    }
    overlay(&mut base, &cfg.risk);
    // Validate by deserialising (unknown fields and wrong types fail here).
    let res: Result<RiskConfig, _> = serde_path_to_error::deserialize(base.clone());
    res.map_err(|e| LabConfigError {
        file: file.to_path_buf(),
        field: Some(format!("risk.{}", e.path())),
        message: e.into_inner().to_string(),
    })?;
    Ok(base)
}

/// Resolve a config from the base JSON plus overrides; errors name `at.<field>`.
pub fn resolve_risk(
    base: &Value,
    overrides: &BTreeMap<String, Value>,
    at: &str,
) -> Result<RiskConfig, (String, String)> {
    let mut v = base.clone();
    for (path, val) in overrides {
        set_path(&mut v, path, val.clone()).map_err(|m| (format!("{at}.{path}"), m))?;
    }
    let res: Result<RiskConfig, _> = serde_path_to_error::deserialize(v);
    res.map_err(|e| {
        let p = e.path().to_string();
        let field = overrides
            .keys()
            .find(|k| p == **k || p.starts_with(&format!("{k}.")))
            .cloned()
            .unwrap_or(p);
        (format!("{at}.{field}"), e.into_inner().to_string())
    })
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Every config point of a lab config: grid (last field varies fastest), then
/// samples; the base config is added first when no grid point equals it.
pub fn build_points(cfg: &LabConfig, file: &Path) -> Result<(Vec<ConfigPoint>, Vec<RiskConfig>), LabConfigError> {
    let base_json = base_risk_json(cfg, file)?;
    let base: RiskConfig = serde_json::from_value(base_json.clone()).map_err(|e| LabConfigError {
        file: file.to_path_buf(),
        field: Some("risk".into()),
        message: e.to_string(),
    })?;
    let err = |(field, message): (String, String)| LabConfigError {
        file: file.to_path_buf(),
        field: Some(field),
        message,
    };
    let mut raw: Vec<(PointOrigin, BTreeMap<String, Value>)> = Vec::new();
    // Grid.
    let keys: Vec<&String> = cfg.grid.keys().collect();
    if !keys.is_empty() {
        let sizes: Vec<usize> = keys.iter().map(|k| cfg.grid[*k].len()).collect();
        let total: usize = sizes.iter().product();
        for n in 0..total {
            let mut rem = n;
            let mut o = BTreeMap::new();
            for (j, k) in keys.iter().enumerate().rev() {
                let i = rem % sizes[j];
                rem /= sizes[j];
                o.insert((*k).clone(), cfg.grid[*k][i].clone());
            }
            raw.push((PointOrigin::Grid, o));
        }
    }
    // Samples.
    if let Some(s) = &cfg.sample {
        let mut rng = named_rng(cfg.run.seed, "config-samples");
        let fields: Vec<(&String, &[f64; 2])> = s.ranges.iter().collect();
        let perms: Vec<Vec<usize>> = fields
            .iter()
            .map(|_| {
                let mut p: Vec<usize> = (0..s.count).collect();
                p.shuffle(&mut rng);
                p
            })
            .collect();
        #[allow(clippy::needless_range_loop)] // i indexes the sample, j the field
        for i in 0..s.count {
            let mut o = BTreeMap::new();
            for (j, (k, [lo, hi])) in fields.iter().enumerate() {
                let u: f64 = rng.random::<f64>();
                let frac = match s.method {
                    SampleMethod::Random => u,
                    SampleMethod::Lhs => (perms[j][i] as f64 + u) / s.count as f64,
                };
                let x = lo + frac * (hi - lo);
                let v = if s.integer.contains(k) {
                    Value::from(x.round() as i64)
                } else {
                    Value::from(round4(x))
                };
                o.insert((*k).clone(), v);
            }
            raw.push((PointOrigin::Sample, o));
        }
    }
    let mut points = Vec::new();
    let mut risks = Vec::new();
    let mut has_base = false;
    let mut resolved = Vec::with_capacity(raw.len());
    for (origin, o) in raw {
        let at = match origin {
            PointOrigin::Sample => "sample.ranges",
            _ => "grid",
        };
        let risk = resolve_risk(&base_json, &o, at).map_err(err)?;
        has_base |= risk == base;
        resolved.push((origin, o, risk));
    }
    if !has_base {
        resolved.insert(0, (PointOrigin::Base, BTreeMap::new(), base.clone()));
    }
    for (i, (origin, overrides, risk)) in resolved.into_iter().enumerate() {
        points.push(ConfigPoint {
            id: format!("p{i:03}"),
            origin,
            is_base: risk == base,
            overrides,
        });
        risks.push(risk);
    }
    Ok((points, risks))
}

/// Largest-remainder split of `total` by `weights` (ties by order).
pub fn allocate(total: u64, weights: &[(String, f64)]) -> Vec<u64> {
    let sum: f64 = weights.iter().map(|(_, w)| w.max(0.0)).sum();
    if sum <= 0.0 || weights.is_empty() {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|(_, w)| total as f64 * w.max(0.0) / sum).collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = total - counts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.partial_cmp(&ra).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b))
    });
    for &i in &order {
        if left == 0 {
            break;
        }
        if weights[i].1 > 0.0 {
            counts[i] += 1;
            left -= 1;
        }
    }
    counts
}

/// Everything needed to evaluate a sweep.
pub struct Plan {
    pub cfg: LabConfig,
    pub points: Vec<ConfigPoint>,
    /// The resolved risk config of each point.
    pub risks: Vec<RiskConfig>,
    pub archetypes: Vec<Box<dyn Archetype>>,
    /// Per split, per archetype (same order as `archetypes`): session count.
    pub allocations: Vec<Allocation>,
    pub groups: Vec<Group>,
    group_index: BTreeMap<String, usize>,
    pub profiles: Arc<Vec<BenignProfile>>,
    pub profile_source: ProfileSource,
    pub shard: Shard,
    /// Real trace sets evaluated next to the simulated sessions.
    pub real: Arc<Vec<TraceSet>>,
    /// Trace sets asked for but skipped (optional and missing), with why.
    pub trace_notes: Vec<String>,
    /// Realism table of the fitted benign simulator (see `crate::fit`).
    pub realism: Vec<crate::fit::RealismRow>,
}

/// What a global position of a plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A simulated session: split, archetype slot, index.
    Sim(Split, usize, u64),
    /// A real session: global index over the trace sets.
    Real(usize),
}

impl Plan {
    pub fn new(
        cfg: LabConfig,
        file: &Path,
        profiles: Vec<BenignProfile>,
        profile_source: ProfileSource,
        shard: Shard,
    ) -> Result<Plan, LabConfigError> {
        let (points, risks) = build_points(&cfg, file)?;
        let profiles = Arc::new(profiles);
        let mut archetypes = Vec::new();
        let mut allocations = Vec::new();
        for (label, weights, total) in [
            (Label::Benign, &cfg.mix.benign, cfg.run.benign),
            (Label::Hostile, &cfg.mix.hostile, cfg.run.hostile),
        ] {
            let names: Vec<&str> = match label {
                Label::Benign => archetype::BENIGN.to_vec(),
                Label::Hostile => archetype::HOSTILE.to_vec(),
            };
            let w: Vec<(String, f64)> = names
                .iter()
                .filter(|n| !(**n == "corpus" && profiles.is_empty()))
                .filter(|n| !(**n == "agent_fit" && archetype::embedded_fit().agents.is_empty()))
                .map(|n| (n.to_string(), weights.get(*n).copied().unwrap_or(0.0)))
                .collect();
            let counts = allocate(total, &w);
            for ((name, _), count) in w.iter().zip(counts) {
                if count == 0 {
                    continue;
                }
                let a = archetype::build(name, &cfg.archetypes, &profiles).ok_or_else(|| LabConfigError {
                    file: file.to_path_buf(),
                    field: Some(format!("mix.{}.{name}", label.as_str())),
                    message: "unknown archetype".into(),
                })?;
                archetypes.push(a);
                allocations.push(Allocation {
                    archetype: name.clone(),
                    label,
                    count,
                });
            }
        }
        let mut groups = Vec::new();
        for a in &allocations {
            if a.archetype == "corpus" {
                let n = (a.count as usize).min(profiles.len());
                let mut names: Vec<&str> = profiles[..n].iter().map(|p| p.name.as_str()).collect();
                names.sort();
                names.dedup();
                for p in names {
                    groups.push(Group {
                        name: format!("corpus/{p}"),
                        archetype: "corpus".into(),
                        label: a.label,
                    });
                }
            } else {
                groups.push(Group {
                    name: a.archetype.clone(),
                    archetype: a.archetype.clone(),
                    label: a.label,
                });
            }
        }
        let group_index = groups.iter().enumerate().map(|(i, g)| (g.name.clone(), i)).collect();
        Ok(Plan {
            cfg,
            points,
            risks,
            archetypes,
            allocations,
            groups,
            group_index,
            profiles,
            profile_source,
            shard,
            real: Arc::new(Vec::new()),
            trace_notes: Vec::new(),
            realism: Vec::new(),
        })
    }

    /// Evaluate these real trace sets too (in this order).
    /// The realism table is computed here, against the first benign set.
    pub fn with_traces(mut self, sets: Vec<TraceSet>, notes: Vec<String>) -> Plan {
        let fit = archetype::embedded_fit();
        if let Some(b) = sets.iter().find(|s| s.label == Label::Benign) {
            if !fit.agents.is_empty() {
                let refs: Vec<&RealSession> = b.sessions.iter().collect();
                self.realism = crate::fit::realism(&fit, &refs, self.cfg.run.seed, 4);
            }
        }
        self.real = Arc::new(sets);
        self.trace_notes = notes;
        self
    }

    /// Real sessions in total.
    pub fn real_sessions(&self) -> usize {
        self.real.iter().map(|t| t.sessions.len()).sum()
    }

    /// The real session at a global index.
    pub fn real_session(&self, mut k: usize) -> Option<&RealSession> {
        for t in self.real.iter() {
            if k < t.sessions.len() {
                return Some(&t.sessions[k]);
            }
            k -= t.sessions.len();
        }
        None
    }

    /// Sessions per split.
    pub fn sessions_per_split(&self) -> u64 {
        self.allocations.iter().map(|a| a.count).sum()
    }

    /// Total positions (both splits, then the real sessions).
    pub fn total_positions(&self) -> u64 {
        self.sessions_per_split() * 2 + self.real_sessions() as u64
    }

    /// Decode a global position.
    pub fn locate(&self, pos: u64) -> Option<Pos> {
        let per = self.sessions_per_split();
        if pos >= per * 2 {
            let k = (pos - per * 2) as usize;
            return (k < self.real_sessions()).then_some(Pos::Real(k));
        }
        let split = if pos < per { Split::Train } else { Split::Heldout };
        let mut r = pos % per;
        for (slot, a) in self.allocations.iter().enumerate() {
            if r < a.count {
                return Some(Pos::Sim(split, slot, r));
            }
            r -= a.count;
        }
        None
    }

    /// Positions this shard evaluates.
    pub fn shard_positions(&self) -> Vec<u64> {
        (0..self.total_positions())
            .filter(|p| p % self.shard.count as u64 == self.shard.index as u64)
            .collect()
    }

    /// Generate the session at a position into `out` (regenerates it alone).
    pub fn generate(&self, split: Split, slot: usize, index: u64, out: &mut Session) {
        out.clear();
        let a = &self.archetypes[slot];
        let mut rng = session_rng(self.cfg.run.seed, split, a.name(), index);
        a.generate(&mut rng, index, out);
    }

    /// A lazy stream of one archetype's sessions in one split.
    pub fn stream<'a>(&'a self, split: Split, archetype: &str) -> impl Iterator<Item = Session> + 'a {
        let slot = self.allocations.iter().position(|a| a.archetype == archetype);
        let count = slot.map_or(0, |s| self.allocations[s].count);
        (0..count).map(move |i| {
            let mut s = Session::default();
            if let Some(slot) = slot {
                self.generate(split, slot, i, &mut s);
            }
            s
        })
    }

    pub fn group_of(&self, session: &Session) -> Option<usize> {
        self.group_index.get(&session.meta.group).copied()
    }

    /// sha256 over the canonical JSON of the lab config, the profile table,
    /// the embedded benign fit and the real trace sets (file names, agents
    /// and content hashes).
    pub fn plan_sha256(&self) -> String {
        let mut h = Sha256::new();
        h.update(serde_json::to_vec(&self.cfg).unwrap_or_default());
        h.update([0u8]);
        h.update(self.profiles_sha256().as_bytes());
        // The fitted benign model (agent_fit, injected_agent) is an input too.
        h.update([0u8]);
        h.update(Sha256::digest(crate::fit::EMBEDDED_FIT.as_bytes()));
        if !self.real.is_empty() {
            h.update([0u8]);
            h.update(serde_json::to_vec(&self.trace_infos()).unwrap_or_default());
        }
        hex(&h.finalize())
    }

    /// What reports keep of the trace sets.
    pub fn trace_infos(&self) -> Vec<TraceSetInfo> {
        self.real.iter().map(TraceSet::info).collect()
    }

    /// sha256 of the profile table in its canonical layout.
    pub fn profiles_sha256(&self) -> String {
        hex(&Sha256::digest(
            crate::profiles::to_table_json(&self.profiles).as_bytes(),
        ))
    }

    /// Package counts as sweep data.
    pub fn data(&self, tally: Tally) -> SweepData {
        SweepData {
            schema: SHARD_SCHEMA.to_string(),
            plan_sha256: self.plan_sha256(),
            lab: self.cfg.clone(),
            profile_source: self.profile_source.to_string(),
            profiles_sha256: self.profiles_sha256(),
            points: self.points.clone(),
            groups: self.groups.clone(),
            allocations: self.allocations.clone(),
            shards: vec![self.shard],
            traces: self.trace_infos(),
            trace_notes: self.trace_notes.clone(),
            realism: self.realism.clone(),
            tally,
        }
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

struct Worker {
    tally: Tally,
    latency: Vec<BTreeMap<u32, u64>>,
    dispatched: u64,
    session: Session,
    reqs: Vec<HostcallRequest>,
    ts: Vec<u64>,
    /// One engine state per config, reset between sessions (taken from and
    /// returned to the evaluation's pool).
    lock: Option<Lockstep>,
    outcomes: Vec<session::SessionOutcome>,
    /// Paths' facts kept from one session's compile to the next.
    memo: CompileMemo,
}

/// The timestamps of a session's calls.
fn timestamps(s: &Session, out: &mut Vec<u64>) {
    out.clear();
    out.extend(s.calls.iter().map(|c| c.ts_ms));
}

fn record_of(o: &session::SessionOutcome, onset: Option<u32>) -> SessionRecord {
    SessionRecord {
        dispatched: o.dispatched,
        decisions: o.decisions,
        flagged: o.first_flag.is_some(),
        first_deny: o.first_deny,
        terminated: o.terminated,
        onset,
    }
}

/// Evaluate this plan's shard: every session under every config point.
/// `progress` is incremented once per session.
///
/// Each session is compiled once into the engine's per-call inputs
/// ([`CompiledSession::compile`]) and every config steps over it in lockstep
/// ([`session::run_lockstep`]); a session the compiled stream cannot express
/// (a ledger, a prompt, a quota) is dispatched through a fresh `Dispatcher`
/// per config as before. Both give the same decisions (test
/// `slo_10_lockstep_sweep_matches_dispatcher_for_every_config`).
pub fn evaluate(plan: &Plan, threads: usize, progress: Option<&AtomicU64>) -> anyhow::Result<(Tally, Timing)> {
    let positions = work_order(plan, plan.shard_positions());
    let np = plan.points.len();
    let ng = plan.groups.len();
    let nr = plan.real_sessions();
    // Engine configs of the real sessions, one per point (same for every session).
    let real_cfgs: Vec<_> = plan.risks.iter().map(crate::traces::engine_config).collect();
    let real_template = crate::traces::engine_config(&RiskConfig::default());
    let groups = ListGroups::new(&plan.risks);
    let pool_states: Mutex<Vec<Lockstep>> = Mutex::new(Vec::new());
    let take_lock = || {
        pool_states
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| Lockstep::new(&plan.risks, &groups))
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let used_threads = pool.current_num_threads();
    let early = plan.cfg.run.early_stop;
    let every = plan.cfg.run.latency_sample_every;
    let ledger = plan.cfg.run.ledger;
    let start = Instant::now();
    // One worker per pool thread, each pulling the next position from a shared
    // counter (sessions differ in cost, so the split is dynamic). The tallies are
    // integer counts, so their sum does not depend on which thread ran what.
    let next = AtomicUsize::new(0);
    let workers: Vec<Worker> = pool.broadcast(|_| {
        let mut w = Worker {
            tally: Tally::with_real(np, ng, nr),
            latency: vec![BTreeMap::new(); np],
            dispatched: 0,
            session: Session::default(),
            reqs: Vec::new(),
            ts: Vec::new(),
            lock: None,
            outcomes: Vec::new(),
            memo: CompileMemo::new(&groups),
        };
        while let Some(&pos) = positions.get(next.fetch_add(1, Ordering::Relaxed)) {
            if let Some(Pos::Real(k)) = plan.locate(pos) {
                if let Some(real) = plan.real_session(k) {
                    session::requests(&real.session, &mut w.reqs);
                    timestamps(&real.session, &mut w.ts);
                    match CompiledSession::compile_with(&real_template, &groups, &w.reqs, &w.ts, &mut w.memo) {
                        Some(compiled) => {
                            let lock = w.lock.get_or_insert_with(&take_lock);
                            session::run_lockstep(lock, &compiled, early, every, None, &mut w.outcomes);
                            for (pi, o) in w.outcomes.iter().enumerate() {
                                w.dispatched += o.dispatched as u64;
                                w.tally.real[pi * nr + k].record(&record_of(o, None), o.first_flag);
                            }
                        }
                        None => {
                            for (pi, ecfg) in real_cfgs.iter().enumerate() {
                                let o = session::run(ecfg, &real.session, &w.reqs, early, every, None);
                                w.dispatched += o.dispatched as u64;
                                w.tally.real[pi * nr + k].record(&record_of(&o, None), o.first_flag);
                            }
                        }
                    }
                }
            } else if let Some(Pos::Sim(split, slot, index)) = plan.locate(pos) {
                plan.generate(split, slot, index, &mut w.session);
                if let Some(group) = plan.group_of(&w.session) {
                    // The engine config reads the calls' params; the requests then take them.
                    let template = session::engine_config_for(&w.session, &RiskConfig::default(), ledger);
                    session::take_requests(&mut w.session, &mut w.reqs);
                    timestamps(&w.session, &mut w.ts);
                    w.tally.sessions[split.index()] += 1;
                    let onset = w.session.meta.onset;
                    match CompiledSession::compile_with(&template, &groups, &w.reqs, &w.ts, &mut w.memo) {
                        Some(compiled) => {
                            let lock = w.lock.get_or_insert_with(&take_lock);
                            let lat = &mut w.latency;
                            let mut sink = |pi: usize, ns: u64| *lat[pi].entry(latency_bucket(ns)).or_default() += 1;
                            session::run_lockstep(lock, &compiled, early, every, Some(&mut sink), &mut w.outcomes);
                            for (pi, o) in w.outcomes.iter().enumerate() {
                                w.dispatched += o.dispatched as u64;
                                let ci = cell_index(ng, pi, split, group);
                                w.tally.cells[ci].record(&record_of(o, onset));
                            }
                        }
                        None => {
                            for (pi, risk) in plan.risks.iter().enumerate() {
                                // As `engine_config_for(session, risk, ledger)`: only `[risk]` differs.
                                let ecfg = seclab_engine::EngineConfig {
                                    risk: risk.clone(),
                                    ..template.clone()
                                };
                                let lat = &mut w.latency[pi];
                                let mut sink = |ns: u64| *lat.entry(latency_bucket(ns)).or_default() += 1;
                                let o = session::run(&ecfg, &w.session, &w.reqs, early, every, Some(&mut sink));
                                w.dispatched += o.dispatched as u64;
                                let ci = cell_index(ng, pi, split, group);
                                w.tally.cells[ci].record(&record_of(&o, onset));
                            }
                        }
                    }
                }
            }
            if let Some(p) = progress {
                p.fetch_add(1, Ordering::Relaxed);
            }
        }
        w
    });
    let mut tally = Tally::with_real(np, ng, nr);
    let mut latency: Vec<BTreeMap<u32, u64>> = vec![BTreeMap::new(); np];
    let mut dispatched = 0;
    for w in workers {
        tally.add(&w.tally);
        for (x, y) in latency.iter_mut().zip(&w.latency) {
            for (k, v) in y {
                *x.entry(*k).or_default() += v;
            }
        }
        dispatched += w.dispatched;
        if let (Some(lock), Ok(mut p)) = (w.lock, pool_states.lock()) {
            p.push(lock);
        }
    }
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    Ok((
        tally,
        Timing {
            latency,
            wall_ms,
            cpu_ms: wall_ms * used_threads as f64,
            threads: used_threads,
            dispatched,
        },
    ))
}

/// The order the workers take a shard's positions in: recorded sessions
/// first, longest first, then the simulated ones in position order. Workers
/// pull the next position as they finish one, so a long recorded session (the
/// default sweep's real sessions run from a few calls to about 4,000) taken
/// last would leave the other workers idle while one thread finishes it; taken
/// first, the short simulated sessions fill in behind it. The tallies are
/// integer sums, so the order changes no figure, only the wall time.
fn work_order(plan: &Plan, positions: Vec<u64>) -> Vec<u64> {
    let real_calls = |pos: u64| match plan.locate(pos) {
        Some(Pos::Real(k)) => plan.real_session(k).map(|r| r.session.calls.len()),
        _ => None,
    };
    // (calls, position) of the recorded sessions; the simulated ones keep their order.
    let mut real: Vec<(usize, u64)> = Vec::new();
    let mut sim: Vec<u64> = Vec::with_capacity(positions.len());
    for p in positions {
        match real_calls(p) {
            Some(n) => real.push((n, p)),
            None => sim.push(p),
        }
    }
    real.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    real.into_iter().map(|(_, p)| p).chain(sim).collect()
}

/// Evaluate a plan and package the counts (no progress reporting).
pub fn run_plan(plan: &Plan, threads: usize) -> anyhow::Result<(SweepData, Timing)> {
    let (tally, timing) = evaluate(plan, threads, None)?;
    Ok((plan.data(tally), timing))
}

/// The adversary search against one config point (a compact record: the
/// found strategies are summarised, their traces are rebuilt from the genome).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PointAdversary {
    /// Config point id (`c000` …).
    pub point: String,
    /// Named ChaCha stream of the run seed the search drew from.
    pub stream: String,
    pub evaluated: usize,
    pub successes: usize,
    /// Every family together.
    pub overall: crate::adversary::search::FamilyStats,
    pub families: BTreeMap<String, crate::adversary::search::FamilyStats>,
    /// First successful strategy per cell: family, cell, genome (hex), goals
    /// with the call index that reached them, stop index.
    pub found: Vec<FoundBrief>,
}

/// A successful strategy, in brief.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FoundBrief {
    pub family: String,
    pub cell: String,
    pub genome_hex: String,
    pub goals: Vec<(crate::adversary::Goal, usize)>,
    pub secret_bytes: u64,
    pub stop_index: Option<usize>,
}

/// The sweep's adversary searches (issue 12 deliverable 3): one budgeted
/// search per config point, deterministic for the run seed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SweepAdversary {
    pub seed: u64,
    pub budget: usize,
    pub batch: usize,
    pub padding: crate::adversary::padding::PaddingSource,
    pub points: Vec<PointAdversary>,
    /// Wall time of all searches (machine-dependent; only in timings.json).
    #[serde(skip)]
    pub wall_ms: f64,
}

/// The named stream every config point's search draws from: one stream for
/// all points (common random numbers), so the searches start from the same
/// strategies and their results differ by the config, not by the draw.
pub fn adversary_stream() -> String {
    "adversary/sweep".to_string()
}

/// Run the `[adversary]` search against every config point of `d`: the
/// engine's default config with the point's `RiskConfig`, policy opened
/// (`open_policy`: only the risk controller and the parsers decide), strategies
/// padded with `pad`. `threads` 0 = all cores. None when the budget is 0.
pub fn run_adversary(
    d: &SweepData,
    pad: &crate::adversary::padding::Padding,
    threads: usize,
) -> anyhow::Result<Option<SweepAdversary>> {
    use crate::adversary::search::{search_with, SearchOptions};
    let ac = &d.lab.adversary;
    if ac.budget == 0 {
        return Ok(None);
    }
    let file = Path::new(&d.lab.source);
    let base = base_risk_json(&d.lab, file).map_err(|e| anyhow::anyhow!("{e}"))?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let start = Instant::now();
    let mut points = Vec::with_capacity(d.points.len());
    for p in &d.points {
        let risk = resolve_risk(&base, &p.overrides, "grid").map_err(|(f, m)| anyhow::anyhow!("{f}: {m}"))?;
        let cfg = crate::adversary::open_policy(&seclab_engine::config::EngineConfig {
            risk,
            ..seclab_engine::config::EngineConfig::default()
        });
        let mut opts = SearchOptions::new(ac.budget, d.lab.run.seed);
        opts.batch = ac.batch;
        opts.stream = adversary_stream();
        let r = pool.install(|| search_with(&cfg, &opts, pad));
        points.push(PointAdversary {
            point: p.id.clone(),
            stream: opts.stream,
            evaluated: r.evaluated,
            successes: r.successes,
            overall: r.overall,
            families: r.families,
            found: r
                .found
                .into_iter()
                .map(|f| FoundBrief {
                    family: f.family,
                    cell: f.cell,
                    genome_hex: f.genome_hex,
                    secret_bytes: f.evaluation.damage.secret_bytes,
                    stop_index: f.evaluation.stop_index,
                    goals: f.evaluation.goals,
                })
                .collect(),
        });
    }
    Ok(Some(SweepAdversary {
        seed: d.lab.run.seed,
        budget: ac.budget,
        batch: ac.batch,
        padding: pad.source.clone(),
        points,
        wall_ms: start.elapsed().as_secs_f64() * 1000.0,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles;

    fn lab(extra: &str) -> LabConfig {
        let text =
            format!("[run]\nseed = 5\nbenign = 12\nhostile = 12\n[grid]\n\"prior.unsafe\" = [0.5, 1.0]\n{extra}");
        LabConfig::parse(&text, Path::new("t.toml")).unwrap()
    }

    fn plan(extra: &str, shard: Shard) -> Plan {
        let p = profiles::embedded().unwrap();
        Plan::new(lab(extra), Path::new("t.toml"), p, ProfileSource::Embedded, shard).unwrap()
    }

    #[test]
    fn grid_points_are_factorial_and_include_the_base() {
        let p = plan("\"window_size\" = [64, 128]\n", Shard::WHOLE);
        // 2 × 2 grid; prior.unsafe 0.5 / window 128 is the engine default, so no extra base point.
        assert_eq!(p.points.len(), 4);
        assert_eq!(p.points.iter().filter(|x| x.is_base).count(), 1);
        assert_eq!(p.risks[1].window_size, 128);
        assert_eq!(p.risks[2].prior.unsafe_, 1.0);
        let q = plan("", Shard::WHOLE);
        assert!(q.points.iter().any(|x| x.is_base));
    }

    #[test]
    fn unknown_grid_field_is_named() {
        let text = "[grid]\n\"prior.unsafe_\" = [0.5]\n";
        let c = LabConfig::parse(text, Path::new("g.toml")).unwrap();
        let e = build_points(&c, Path::new("g.toml")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("grid.prior.unsafe_"), "{e}");
        assert!(e.to_string().starts_with("g.toml: "), "{e}");
        let text = "[grid]\n\"window_size\" = [\"big\"]\n";
        let c = LabConfig::parse(text, Path::new("g.toml")).unwrap();
        let e = build_points(&c, Path::new("g.toml")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("grid.window_size"), "{e}");
        let text = "[risk]\nprior = { safe = \"x\" }\n";
        let c = LabConfig::parse(text, Path::new("g.toml")).unwrap();
        let e = build_points(&c, Path::new("g.toml")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("risk.prior.safe"), "{e}");
    }

    #[test]
    fn lhs_samples_cover_each_stratum_once() {
        let text = "[sample]\nmethod = \"lhs\"\ncount = 10\n[sample.ranges]\n\"prior.unsafe\" = [0.0, 1.0]\n";
        let c = LabConfig::parse(text, Path::new("s.toml")).unwrap();
        let (pts, _) = build_points(&c, Path::new("s.toml")).unwrap();
        let mut strata: Vec<usize> = pts
            .iter()
            .filter(|p| p.origin == PointOrigin::Sample)
            .map(|p| (p.overrides["prior.unsafe"].as_f64().unwrap() * 10.0).floor() as usize)
            .collect();
        strata.sort();
        assert_eq!(strata, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn allocation_is_exact_and_proportional() {
        let w = vec![("a".to_string(), 1.0), ("b".to_string(), 2.0), ("c".to_string(), 0.0)];
        assert_eq!(allocate(10, &w), vec![3, 7, 0]);
        assert_eq!(allocate(0, &w), vec![0, 0, 0]);
        assert_eq!(allocate(7, &w).iter().sum::<u64>(), 7);
    }

    #[test]
    fn results_do_not_depend_on_thread_count() {
        let p = plan("", Shard::WHOLE);
        let (a, _) = run_plan(&p, 1).unwrap();
        let (b, _) = run_plan(&p, 2).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.tally.sessions, [24, 24]);
    }

    #[test]
    fn disabled_controller_misses_every_hostile_session() {
        let p = plan("[risk]\nenabled = false\n", Shard::WHOLE);
        let (d, _) = run_plan(&p, 2).unwrap();
        let a = crate::report::analysis::analyse(&d);
        for s in a.stats.iter().flatten() {
            assert_eq!(s.fn_.k, s.fn_.n, "FN must be 100% with the controller off");
            assert!(s.fn_.n > 0);
            assert_eq!(s.fp.k, 0);
        }
    }

    #[test]
    fn enabled_controller_detects_hostile_sessions() {
        // The counterpart of the test above: with the controller on, the
        // default config stops most hostile sessions (so FN = 100% above is
        // the controller's absence, not a broken harness).
        let p = plan("", Shard::WHOLE);
        let (d, _) = run_plan(&p, 2).unwrap();
        let a = crate::report::analysis::analyse(&d);
        let base = a.base.unwrap();
        assert!(a.stats[base][0].fn_.p < 0.5, "{:?}", a.stats[base][0].fn_);
    }

    /// The first call, under any config, where the lockstep path (run with
    /// `fast_risks`) and a fresh `Dispatcher` per config (with `risks`) differ in
    /// status, effective action, reason code, or the controller's action and
    /// reasons; every call of the session (no early stop). None when they agree.
    /// `parted` counts the session when configs that began it sharing a state
    /// (a share group) parted.
    fn lockstep_divergence(
        template: &seclab_engine::config::EngineConfig,
        engine_cfg: &dyn Fn(&RiskConfig) -> seclab_engine::config::EngineConfig,
        s: &Session,
        risks: &[RiskConfig],
        fast_risks: &[RiskConfig],
        parted: &mut usize,
    ) -> Option<String> {
        use seclab_engine::connector::MockConnector;
        let mut reqs = Vec::new();
        session::requests(s, &mut reqs);
        let mut ts = Vec::new();
        timestamps(s, &mut ts);
        let groups = ListGroups::new(fast_risks);
        let compiled = CompiledSession::compile(template, &groups, &reqs, &ts).expect("the session compiles");
        let mut lock = Lockstep::new(fast_risks, &groups);
        let mut stepped = vec![vec![None; reqs.len()]; fast_risks.len()];
        lock.run_session(&compiled, false, 1, None, &mut |c, i, o| stepped[c][i] = Some(*o));
        *parted += usize::from(lock.parted() > 0);
        let mut dispatchers: Vec<_> = risks.iter().map(|r| session::lab_dispatcher(&engine_cfg(r))).collect();
        let mut connector = MockConnector::counting();
        for i in 0..reqs.len() {
            for (c, d) in dispatchers.iter_mut().enumerate() {
                let a = d.dispatch_host_call_shared(&reqs[i], ts[i], &mut connector);
                let Some(b) = stepped[c][i] else {
                    return Some(format!("config {c} was not stepped at call {}", i + 1));
                };
                let want = (a.status, a.action, a.reason, a.risk.map(|r| (r.action, r.reasons)));
                let got = (b.status, b.action, b.reason, b.risk.map(|(x, set)| (x, set.to_vec())));
                if want != got {
                    return Some(format!(
                        "session {} call {} ({}) config {c}: dispatcher {want:?}, lockstep {got:?}",
                        s.meta.group,
                        i + 1,
                        reqs[i].method
                    ));
                }
            }
        }
        None
    }

    /// The default grid (embedded lab config) with 40 + 40 sessions per split.
    fn default_grid_plan(seed: u64) -> Plan {
        let mut lab = LabConfig::embedded().unwrap();
        lab.run.seed = seed;
        lab.run.benign = 40;
        lab.run.hostile = 40;
        let p = profiles::embedded().unwrap();
        Plan::new(
            lab,
            Path::new(crate::config::DEFAULT_NAME),
            p,
            ProfileSource::Embedded,
            Shard::WHOLE,
        )
        .unwrap()
    }

    /// SLO-10 (the sweep's decisions are the engine's): the lockstep path the
    /// sweep uses (each session compiled once, every config stepped over it)
    /// takes the same action, with the same reasons and reason code, as a fresh
    /// `Dispatcher` per config, call by call, for every config of the default
    /// grid: random seeded sessions of every benign and hostile archetype, and
    /// the first real sessions of ../shared/real-sessions when present. A
    /// perturbed config on the fast side must be caught.
    #[test]
    fn slo_10_lockstep_sweep_matches_dispatcher_for_every_config() {
        let plan = default_grid_plan(1515);
        assert!(plan.risks.len() >= 45, "the default grid: {} configs", plan.risks.len());
        // Negative control: one config's e-process threshold moved on the fast side.
        let mut perturbed = plan.risks.clone();
        perturbed[0].eprocess.unsafe_score += 0.3;
        let mut checked = [0usize; 2];
        let mut calls = 0usize;
        let mut caught = false;
        let (mut parted, mut parted_perturbed) = (0, 0);
        for (slot, a) in plan.allocations.iter().enumerate() {
            for (split, index) in [(Split::Train, 0), (Split::Heldout, 1)] {
                let mut s = Session::default();
                plan.generate(split, slot, index, &mut s);
                let template = session::engine_config_for(&s, &RiskConfig::default(), false);
                let cfg = |r: &RiskConfig| session::engine_config_for(&s, r, false);
                let d = lockstep_divergence(&template, &cfg, &s, &plan.risks, &plan.risks, &mut parted);
                assert!(d.is_none(), "{}: {}", a.archetype, d.unwrap_or_default());
                caught |=
                    lockstep_divergence(&template, &cfg, &s, &plan.risks, &perturbed, &mut parted_perturbed).is_some();
                checked[usize::from(a.label == Label::Hostile)] += 1;
                calls += s.calls.len();
            }
        }
        assert!(
            checked[0] >= 10 && checked[1] >= 10,
            "sessions checked (benign, hostile): {checked:?}"
        );
        assert!(caught, "a config perturbed on the fast side went unnoticed");
        // The share groups part in the hostile sessions at least: the parted
        // groups' copies of the state are checked too.
        assert!(parted >= checked[1] / 2, "share groups parted in {parted} sessions");
        // Real sessions, read in place.
        let dir = crate::adversary::padding::default_sessions_dir();
        if !dir.is_dir() {
            eprintln!("real sessions skipped: {} is absent", dir.display());
        } else {
            let set = crate::traces::load_dir(&dir, "real-sessions", Label::Benign).unwrap();
            let template = crate::traces::engine_config(&RiskConfig::default());
            let mut real = 0;
            for r in set.sessions.iter().filter(|r| r.session.calls.len() <= 150).take(3) {
                let d = lockstep_divergence(
                    &template,
                    &crate::traces::engine_config,
                    &r.session,
                    &plan.risks,
                    &plan.risks,
                    &mut parted,
                );
                assert!(d.is_none(), "{}: {}", r.file, d.unwrap_or_default());
                real += 1;
                calls += r.session.calls.len();
            }
            assert!(real > 0, "no real session of at most 150 calls in {}", dir.display());
        }
        eprintln!(
            "lockstep = dispatcher: {} benign + {} hostile simulated sessions, {calls} calls, {} configs in {} \
             share kinds; share groups parted in {parted} sessions",
            checked[0],
            checked[1],
            plan.risks.len(),
            Lockstep::new(&plan.risks, &ListGroups::new(&plan.risks)).kinds()
        );
    }

    /// Issue 15 (sweep throughput): the workers take every position of the
    /// shard exactly once, the recorded sessions first and longest first (so
    /// no worker is left finishing a long one alone), and the tallies do not
    /// depend on that order or on the thread count. Needs ../shared/real-sessions.
    #[test]
    fn sweep_work_order_takes_long_real_sessions_first_and_changes_no_count() {
        let dir = crate::adversary::padding::default_sessions_dir();
        if !dir.is_dir() {
            eprintln!("SKIPPED: {} is absent (real sessions live in ../shared)", dir.display());
            return;
        }
        let set = crate::traces::load_dir(&dir, "real-sessions", Label::Benign).unwrap();
        let p = plan("", Shard::WHOLE).with_traces(vec![set], Vec::new());
        let positions = p.shard_positions();
        let order = work_order(&p, positions.clone());
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, positions, "every position once");
        let nr = p.real_sessions();
        assert!(nr > 1);
        let calls: Vec<usize> = order[..nr]
            .iter()
            .map(|&pos| match p.locate(pos) {
                Some(Pos::Real(k)) => p.real_session(k).unwrap().session.calls.len(),
                other => panic!("position {pos} ({other:?}) among the first {nr}"),
            })
            .collect();
        assert!(calls.windows(2).all(|w| w[0] >= w[1]), "longest first: {calls:?}");
        let (one, _) = run_plan(&p, 1).unwrap();
        let (two, _) = run_plan(&p, 2).unwrap();
        assert_eq!(one, two, "the counts do not depend on the thread count");
    }

    /// SLO-10 (the sweep's counts are the engine's): what the sweep records per
    /// session and config through `session::run_lockstep` (calls dispatched,
    /// decisions, first flag, first deny, termination, worst action; with and
    /// without the early stop) equals `session::run` through a fresh
    /// `Dispatcher` for that config, for one session of every archetype and
    /// split, for every config of the default grid (whose configs share
    /// engine states in the lockstep run until their actions differ).
    #[test]
    fn slo_10_run_lockstep_outcomes_match_run_for_every_archetype() {
        let plan = default_grid_plan(2626);
        let groups = ListGroups::new(&plan.risks);
        let mut lock = Lockstep::new(&plan.risks, &groups);
        let n = plan.risks.len();
        let (mut outcomes, mut reqs, mut ts) = (Vec::new(), Vec::new(), Vec::new());
        let mut stopped_early = 0;
        for (slot, a) in plan.allocations.iter().enumerate() {
            for (split, index) in [(Split::Train, 1), (Split::Heldout, 2)] {
                let mut s = Session::default();
                plan.generate(split, slot, index, &mut s);
                let template = session::engine_config_for(&s, &RiskConfig::default(), false);
                session::requests(&s, &mut reqs);
                timestamps(&s, &mut ts);
                let compiled = CompiledSession::compile(&template, &groups, &reqs, &ts).expect("the session compiles");
                for early in [true, false] {
                    session::run_lockstep(&mut lock, &compiled, early, 1024, None, &mut outcomes);
                    assert_eq!(outcomes.len(), n);
                    for (c, (risk, got)) in plan.risks.iter().zip(&outcomes).enumerate() {
                        let cfg = session::engine_config_for(&s, risk, false);
                        let want = session::run(&cfg, &s, &reqs, early, 1024, None);
                        assert_eq!(
                            *got, want,
                            "{} ({split:?} {index}) config {c} early {early}",
                            a.archetype
                        );
                        stopped_early += usize::from(early && (want.dispatched as usize) < s.calls.len());
                    }
                }
            }
        }
        assert!(
            stopped_early > 0,
            "no session stopped early: the early stop went untested"
        );
    }

    #[test]
    fn shards_partition_the_sessions() {
        let whole = plan("", Shard::WHOLE);
        let all: Vec<u64> = whole.shard_positions();
        let mut parts: Vec<u64> = (0..3)
            .flat_map(|i| plan("", Shard { index: i, count: 3 }).shard_positions())
            .collect();
        parts.sort();
        assert_eq!(parts, all);
        assert!(Shard::parse("3/3").is_err() && Shard::parse("1/0").is_err() && Shard::parse("x").is_err());
        assert_eq!(Shard::parse("1/4").unwrap(), Shard { index: 1, count: 4 });
    }
}
