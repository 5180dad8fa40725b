//! The results of a sweep as plain data, independent of the engine types:
//! config points (ids and overrides), session groups, per-(config, split,
//! group) integer counts, wall-clock timings kept apart, and the shard file
//! (`shard.json`) that `merge` sums exactly.

use crate::archetype::Label;
use crate::config::LabConfig;
use crate::rng::Split;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One session's result under one config, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRecord {
    pub dispatched: u32,
    pub decisions: u32,
    pub flagged: bool,
    pub first_deny: Option<u32>,
    pub terminated: bool,
    pub onset: Option<u32>,
}

/// How a config point came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointOrigin {
    /// The base config (`[risk]` alone), added when no grid point equals it.
    Base,
    Grid,
    Sample,
}

/// One risk config under test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigPoint {
    /// Stable id: `p000`, `p001`, ...
    pub id: String,
    pub origin: PointOrigin,
    /// Field path → value applied on top of the base config.
    pub overrides: BTreeMap<String, Value>,
    /// Whether the resolved config equals the base config.
    pub is_base: bool,
}

/// A group of sessions reported together: an archetype, or one corpus extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub archetype: String,
    pub label: Label,
}

/// Sessions of one archetype in one split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub archetype: String,
    pub label: Label,
    pub count: u64,
}

/// A shard selector: this run evaluates positions `p` with `p % count == index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parse `i/n` (0 <= i < n).
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (a, b) = s.split_once('/').ok_or_else(|| format!("shard `{s}`: expected i/n"))?;
        let index: u32 = a.trim().parse().map_err(|_| format!("shard `{s}`: bad index"))?;
        let count: u32 = b.trim().parse().map_err(|_| format!("shard `{s}`: bad count"))?;
        if count == 0 || index >= count {
            return Err(format!("shard `{s}`: need 0 <= i < n"));
        }
        Ok(Shard { index, count })
    }
}

/// Counts for one (config, split, group).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub sessions: u64,
    /// Sessions with at least one Harden/Deny/Terminate from the risk controller.
    pub flagged: u64,
    /// Sessions with at least one Deny/Terminate.
    pub denied: u64,
    /// Sessions with a Terminate.
    pub terminated: u64,
    /// Calls dispatched (including ones the policy answered).
    pub calls: u64,
    /// Risk decisions made.
    pub decisions: u64,
    /// Calls until the first Deny/Terminate (1-based) → sessions.
    pub delay: BTreeMap<u32, u64>,
    /// Calls from the attack onset to the first Deny/Terminate → sessions
    /// (0 when stopped before or at the onset).
    pub onset_delay: BTreeMap<u32, u64>,
}

impl Cell {
    pub fn add(&mut self, o: &Cell) {
        self.sessions += o.sessions;
        self.flagged += o.flagged;
        self.denied += o.denied;
        self.terminated += o.terminated;
        self.calls += o.calls;
        self.decisions += o.decisions;
        for (k, v) in &o.delay {
            *self.delay.entry(*k).or_default() += v;
        }
        for (k, v) in &o.onset_delay {
            *self.onset_delay.entry(*k).or_default() += v;
        }
    }

    /// Count one session: calls dispatched, risk decisions, whether it was
    /// flagged (Harden or worse), its first Deny/Terminate, whether it was
    /// terminated, and its attack onset.
    pub fn record(&mut self, r: &SessionRecord) {
        self.sessions += 1;
        self.calls += r.dispatched as u64;
        self.decisions += r.decisions as u64;
        if r.flagged {
            self.flagged += 1;
        }
        if r.terminated {
            self.terminated += 1;
        }
        let onset = r.onset;
        if let Some(d) = r.first_deny {
            self.denied += 1;
            *self.delay.entry(d).or_default() += 1;
            if let Some(on) = onset {
                let rel = d.saturating_sub(on + 1);
                *self.onset_delay.entry(rel).or_default() += 1;
            }
        }
    }
}

/// Wall-clock measurements (never part of the deterministic artifacts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Per point: log-bucket → sampled dispatch latencies (bucket b covers
    /// [2^(b/8), 2^((b+1)/8)) ns).
    pub latency: Vec<BTreeMap<u32, u64>>,
    /// Wall time of the evaluation (ms).
    pub wall_ms: f64,
    /// Wall time × worker threads (ms): the core-time the evaluation had.
    pub cpu_ms: f64,
    /// Worker threads used.
    pub threads: usize,
    /// Calls dispatched in total.
    pub dispatched: u64,
}

/// Latency bucket of a duration in ns (1/8-octave resolution).
pub fn latency_bucket(ns: u64) -> u32 {
    ((ns.max(1) as f64).log2() * 8.0).floor() as u32
}

/// Upper edge (ns) of a latency bucket.
pub fn bucket_upper_ns(b: u32) -> f64 {
    2f64.powf((b + 1) as f64 / 8.0)
}

/// One real (recorded) session's result under one config. Fields are sums so
/// shards merge by addition; a session is evaluated by exactly one shard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealCell {
    /// 1 once evaluated.
    pub evaluated: u64,
    /// 1 when any call got Harden, Deny or Terminate from the risk controller.
    pub flagged: u64,
    /// 1 when any call got Deny or Terminate.
    pub denied: u64,
    pub terminated: u64,
    /// Calls dispatched (until the early stop).
    pub calls: u64,
    /// 1-based index of the first flagged call (0 = none).
    pub first_flag: u64,
}

impl RealCell {
    pub fn add(&mut self, o: &RealCell) {
        self.evaluated += o.evaluated;
        self.flagged += o.flagged;
        self.denied += o.denied;
        self.terminated += o.terminated;
        self.calls += o.calls;
        self.first_flag += o.first_flag;
    }

    pub fn record(&mut self, r: &SessionRecord, first_flag: Option<u32>) {
        self.evaluated += 1;
        self.flagged += u64::from(r.flagged);
        self.denied += u64::from(r.first_deny.is_some());
        self.terminated += u64::from(r.terminated);
        self.calls += u64::from(r.dispatched);
        self.first_flag += first_flag.map_or(0, u64::from);
    }
}

/// The counts of a sweep (one shard or merged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Index: (point * 2 + split) * groups + group.
    pub cells: Vec<Cell>,
    /// Sessions evaluated per split.
    pub sessions: [u64; 2],
    /// Real sessions: index point * real_sessions + session (trace sets in
    /// order, sessions in file order).
    #[serde(default)]
    pub real: Vec<RealCell>,
}

impl Tally {
    pub fn new(points: usize, groups: usize) -> Tally {
        Tally::with_real(points, groups, 0)
    }

    pub fn with_real(points: usize, groups: usize, real_sessions: usize) -> Tally {
        Tally {
            cells: vec![Cell::default(); points * 2 * groups],
            sessions: [0, 0],
            real: vec![RealCell::default(); points * real_sessions],
        }
    }

    pub fn add(&mut self, o: &Tally) {
        for (a, b) in self.cells.iter_mut().zip(&o.cells) {
            a.add(b);
        }
        for (a, b) in self.real.iter_mut().zip(&o.real) {
            a.add(b);
        }
        self.sessions[0] += o.sessions[0];
        self.sessions[1] += o.sessions[1];
    }
}

/// Index of a cell in `Tally::cells`.
pub fn cell_index(groups: usize, point: usize, split: Split, group: usize) -> usize {
    (point * 2 + split.index()) * groups + group
}

/// Schema id of shard files.
pub const SHARD_SCHEMA: &str = "seclab-sim/shard/v1";

/// Everything a report is made from (one shard, or several merged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepData {
    pub schema: String,
    /// sha256 of the canonical JSON of (lab config, profile table): shards
    /// merge only when it matches.
    pub plan_sha256: String,
    pub lab: LabConfig,
    /// Where the benign profiles came from, and the sha256 of their table.
    pub profile_source: String,
    pub profiles_sha256: String,
    pub points: Vec<ConfigPoint>,
    pub groups: Vec<Group>,
    pub allocations: Vec<Allocation>,
    /// Shards included (sorted); `[0/1]` for an unsharded run.
    pub shards: Vec<Shard>,
    /// Real trace sets evaluated next to the simulated sessions.
    #[serde(default)]
    pub traces: Vec<crate::traces::TraceSetInfo>,
    /// Trace sets that were asked for but skipped, with the reason.
    #[serde(default)]
    pub trace_notes: Vec<String>,
    /// Realism of the fitted benign simulator against the first benign trace
    /// set (empty without one).
    #[serde(default)]
    pub realism: Vec<crate::fit::RealismRow>,
    pub tally: Tally,
}

impl SweepData {
    pub fn cell(&self, point: usize, split: Split, group: usize) -> &Cell {
        &self.tally.cells[cell_index(self.groups.len(), point, split, group)]
    }

    /// Real sessions in total (over all trace sets).
    pub fn real_sessions(&self) -> usize {
        self.traces.iter().map(|t| t.sessions.len()).sum()
    }

    /// The result of real session `k` (global index) under `point`.
    pub fn real_cell(&self, point: usize, k: usize) -> &RealCell {
        &self.tally.real[point * self.real_sessions() + k]
    }

    /// Whether this covers every shard of its shard count.
    pub fn is_complete(&self) -> bool {
        let n = self.shards.first().map_or(1, |s| s.count);
        self.shards.len() == n as usize
            && self
                .shards
                .iter()
                .enumerate()
                .all(|(i, s)| s.index == i as u32 && s.count == n)
    }

    /// Merge shard outputs of one plan into one. Errors when the plans differ,
    /// a shard repeats, or shard counts disagree.
    pub fn merge(mut parts: Vec<(SweepData, Timing)>) -> Result<(SweepData, Timing), String> {
        if parts.is_empty() {
            return Err("nothing to merge".into());
        }
        parts.sort_by_key(|(d, _)| d.shards.first().map(|s| s.index));
        let (mut acc, mut t) = parts.remove(0);
        for (d, dt) in parts {
            if d.schema != acc.schema {
                return Err(format!("schema mismatch: {} vs {}", d.schema, acc.schema));
            }
            if d.plan_sha256 != acc.plan_sha256
                || d.points != acc.points
                || d.groups != acc.groups
                || d.traces != acc.traces
            {
                return Err("shards come from different plans (config, seed or profiles differ)".into());
            }
            for s in &d.shards {
                if acc.shards.contains(s) {
                    return Err(format!("shard {}/{} given twice", s.index, s.count));
                }
                if acc.shards.first().is_some_and(|a| a.count != s.count) {
                    return Err("shards of different shard counts".into());
                }
            }
            acc.shards.extend(d.shards.iter().copied());
            acc.tally.add(&d.tally);
            t.add(&dt);
        }
        acc.shards.sort_by_key(|s| s.index);
        if acc.is_complete() {
            // All shards present: the counts are exactly those of an unsharded
            // run, and so is the data (its artifacts compare byte for byte).
            acc.shards = vec![Shard::WHOLE];
        }
        Ok((acc, t))
    }
}

impl Timing {
    /// Combine timings of shards that ran one after another or side by side:
    /// latencies and counts add; wall time adds (sum of shard run times).
    pub fn add(&mut self, o: &Timing) {
        if self.latency.len() < o.latency.len() {
            self.latency.resize(o.latency.len(), BTreeMap::new());
        }
        for (a, b) in self.latency.iter_mut().zip(&o.latency) {
            for (k, v) in b {
                *a.entry(*k).or_default() += v;
            }
        }
        self.wall_ms += o.wall_ms;
        self.cpu_ms += o.cpu_ms;
        self.dispatched += o.dispatched;
        self.threads = self.threads.max(o.threads);
    }

    /// Simulated hostcall decisions per second per core.
    pub fn per_core_rate(&self) -> f64 {
        if self.cpu_ms <= 0.0 {
            0.0
        } else {
            self.dispatched as f64 / (self.cpu_ms / 1000.0)
        }
    }
}
