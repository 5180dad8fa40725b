//! The search: a seeded evolutionary search over byte strings (each built
//! into a [`Strategy`] with `arbitrary`), with a MAP-Elites style archive of
//! the best strategy per cell (channel × encoding × destination × spelling),
//! evaluated in parallel with rayon against one engine config, maximizing
//! damage before the first Deny/Terminate.
//!
//! Determinism: every random draw comes from the named ChaCha stream
//! `adversary/search` of the seed (a sweep names one stream per config:
//! `adversary/sweep`, one stream for every config point); batches are evaluated in parallel but
//! collected in order, so the same seed, budget and config give the same result.

use super::padding::{default_sessions_dir, Padding, PaddingSource};
use super::run::{evaluate, Evaluation};
use super::strategy::{Channel, Strategy};
use crate::rng::named_rng;
use rand::Rng;
use rayon::prelude::*;
use seclab_engine::config::EngineConfig;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bytes per genome (more than a strategy needs; the tail is slack for mutation).
pub const GENOME_BYTES: usize = 48;

/// Search parameters.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Strategies evaluated in total.
    pub budget: usize,
    pub seed: u64,
    /// Strategies per generation.
    pub batch: usize,
    /// Probability that a child is a fresh random genome.
    pub explore: f64,
    /// Name of the ChaCha stream of the seed every draw comes from
    /// (`adversary/search` alone; `adversary/sweep` in a sweep, the same for every point).
    pub stream: String,
}

impl SearchOptions {
    pub fn new(budget: usize, seed: u64) -> Self {
        SearchOptions {
            budget,
            seed,
            batch: 512,
            explore: 0.25,
            stream: "adversary/search".into(),
        }
    }
}

/// Distribution summary of one quantity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    pub p50: u64,
    pub p90: u64,
    pub max: u64,
}

impl Summary {
    pub fn of(mut v: Vec<u64>) -> Summary {
        if v.is_empty() {
            return Summary::default();
        }
        v.sort_unstable();
        let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        Summary {
            n: v.len(),
            mean: v.iter().sum::<u64>() as f64 / v.len() as f64,
            p50: q(0.5),
            p90: q(0.9),
            max: v[v.len() - 1],
        }
    }
}

/// Per-family figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FamilyStats {
    pub evaluated: usize,
    /// Goal reached before the first Deny/Terminate.
    pub successes: usize,
    pub success_rate: f64,
    /// Secret bytes that left before detection, over all evaluated strategies.
    pub secret_bytes: Summary,
    pub commands: Summary,
    pub files_changed: Summary,
    /// Stopped at some call (any time).
    pub detected: usize,
    /// Calls from the attack's first call to the stop (detected ones).
    pub delay_calls: Summary,
    /// Trace milliseconds from the attack's first call to the stop.
    pub delay_ms: Summary,
    /// Distinct archive cells with a success.
    pub successful_cells: usize,
}

/// A successful strategy (the first found in its cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub family: String,
    pub cell: String,
    pub strategy: Strategy,
    pub genome_hex: String,
    pub evaluation: Evaluation,
}

/// The result of a budgeted search against one config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdversaryResult {
    pub budget: usize,
    pub seed: u64,
    pub evaluated: usize,
    pub successes: usize,
    pub padding: PaddingSource,
    /// Every family together.
    pub overall: FamilyStats,
    pub families: BTreeMap<String, FamilyStats>,
    pub found: Vec<Found>,
}

type Cell = (
    Channel,
    super::strategy::Encoding,
    super::strategy::Dest,
    super::strategy::Spelling,
);

fn cell_of(s: &Strategy) -> Cell {
    (s.channel, s.encoding, s.dest, s.spelling)
}

fn cell_name(c: &Cell) -> String {
    serde_json::to_string(&(c.0, c.1, c.2, c.3)).unwrap_or_default()
}

/// How good an evaluation is for the attacker.
fn fitness(ev: &Evaluation) -> f64 {
    let progress = if ev.attack_calls == 0 {
        0.0
    } else {
        ev.attack_calls_reached as f64 / ev.attack_calls as f64
    };
    (ev.goals.len() as f64) * 1e6
        + ev.damage.secret_bytes as f64 * 100.0
        + progress * 1000.0
        + ev.damage.files_changed as f64 * 10.0
        + ev.damage.commands.min(100) as f64
}

/// Search against `cfg` with padding from `../shared/real-sessions` (or the
/// generic vocabulary when absent).
pub fn search(cfg: &EngineConfig, budget: usize, seed: u64) -> AdversaryResult {
    let pad = Padding::load(&default_sessions_dir())
        .unwrap_or_else(|e| Padding::generic(format!("real sessions unreadable: {e:#}")));
    search_with(cfg, &SearchOptions::new(budget, seed), &pad)
}

/// The search with explicit options and padding.
pub fn search_with(cfg: &EngineConfig, opts: &SearchOptions, pad: &Padding) -> AdversaryResult {
    let mut rng = named_rng(opts.seed, &opts.stream);
    let mut archive: BTreeMap<Cell, (f64, Vec<u8>)> = BTreeMap::new();
    let mut found: BTreeMap<Cell, Found> = BTreeMap::new();
    let mut per_family: BTreeMap<Channel, Vec<Evaluation>> = BTreeMap::new();
    let mut evaluated = 0usize;
    while evaluated < opts.budget {
        let n = opts.batch.max(1).min(opts.budget - evaluated);
        let parents: Vec<&Vec<u8>> = archive.values().map(|(_, g)| g).collect();
        let genomes: Vec<Vec<u8>> = (0..n)
            .map(|_| {
                if parents.is_empty() || rng.random::<f64>() < opts.explore {
                    (0..GENOME_BYTES).map(|_| rng.random::<u8>()).collect()
                } else {
                    let mut g = parents[rng.random_range(0..parents.len())].clone();
                    if rng.random::<f64>() < 0.2 {
                        let other = parents[rng.random_range(0..parents.len())];
                        let cut = rng.random_range(0..GENOME_BYTES);
                        g[cut..].copy_from_slice(&other[cut..]);
                    }
                    let k = 1 + rng.random_range(0..4);
                    for _ in 0..k {
                        let i = rng.random_range(0..GENOME_BYTES);
                        if rng.random::<bool>() {
                            g[i] = rng.random();
                        } else {
                            g[i] ^= 1 << rng.random_range(0..8);
                        }
                    }
                    g
                }
            })
            .collect();
        let results: Vec<(Strategy, Evaluation)> = genomes
            .par_iter()
            .map(|g| {
                let s = Strategy::from_bytes(g);
                let ev = evaluate(cfg, &s.build(pad));
                (s, ev)
            })
            .collect();
        for (g, (s, ev)) in genomes.into_iter().zip(results) {
            let cell = cell_of(&s);
            let f = fitness(&ev);
            let better = archive.get(&cell).is_none_or(|(best, _)| f > *best);
            if better {
                archive.insert(cell, (f, g.clone()));
            }
            if ev.success() && !found.contains_key(&cell) {
                found.insert(
                    cell,
                    Found {
                        family: s.family().to_string(),
                        cell: cell_name(&cell),
                        strategy: s.clone(),
                        genome_hex: g.iter().map(|b| format!("{b:02x}")).collect(),
                        evaluation: ev.clone(),
                    },
                );
            }
            per_family.entry(s.channel).or_default().push(ev);
        }
        evaluated += n;
    }
    let stats = |evs: &[&Evaluation], cells: usize| {
        let successes = evs.iter().filter(|e| e.success()).count();
        let detected: Vec<(usize, u64)> = evs.iter().filter_map(|e| e.detection_delay()).collect();
        FamilyStats {
            evaluated: evs.len(),
            successes,
            success_rate: if evs.is_empty() {
                0.0
            } else {
                successes as f64 / evs.len() as f64
            },
            secret_bytes: Summary::of(evs.iter().map(|e| e.damage.secret_bytes).collect()),
            commands: Summary::of(evs.iter().map(|e| e.damage.commands).collect()),
            files_changed: Summary::of(evs.iter().map(|e| e.damage.files_changed).collect()),
            detected: detected.len(),
            delay_calls: Summary::of(detected.iter().map(|d| d.0 as u64).collect()),
            delay_ms: Summary::of(detected.iter().map(|d| d.1).collect()),
            successful_cells: cells,
        }
    };
    let mut families = BTreeMap::new();
    for c in Channel::ALL {
        let evs = per_family
            .get(&c)
            .map(|v| v.iter().collect::<Vec<_>>())
            .unwrap_or_default();
        let cells = found.values().filter(|f| f.family == c.as_str()).count();
        families.insert(c.as_str().to_string(), stats(&evs, cells));
    }
    let all: Vec<&Evaluation> = per_family.values().flatten().collect();
    let overall = stats(&all, found.len());
    let successes = overall.successes;
    AdversaryResult {
        budget: opts.budget,
        seed: opts.seed,
        evaluated,
        successes,
        padding: pad.source.clone(),
        overall,
        families,
        found: found.into_values().collect(),
    }
}
