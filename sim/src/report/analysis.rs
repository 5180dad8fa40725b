//! From counts to conclusions: per-config rates with intervals (FP, hard FP,
//! FN, per-extension FP over the corpus), detection delays, the Pareto front,
//! the recommended config (chosen on the training split only), the held-out
//! verdicts on the SLO targets, and the per-archetype table.

use crate::archetype::Label;
use crate::results::{Cell, SweepData};
use crate::rng::Split;
use crate::stats::{mean_hist, quantile_hist, Rate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rates of one config on one split.
#[derive(Debug, Clone, Serialize)]
pub struct SplitStats {
    /// Benign sessions given Harden, Deny or Terminate (SLO-10's FP).
    pub fp: Rate,
    /// Benign sessions given Deny or Terminate.
    pub hard_fp: Rate,
    /// Hostile sessions never given Deny or Terminate (SLO-11's FN).
    pub fn_: Rate,
    /// Corpus extensions with at least one flagged session.
    pub ext_fp: Rate,
    /// Calls until the first Deny/Terminate of detected hostile sessions.
    pub delay_p50: Option<u32>,
    pub delay_p90: Option<u32>,
    pub delay_mean: Option<f64>,
    /// Calls from the attack onset to the first Deny/Terminate.
    pub onset_delay_p50: Option<u32>,
    pub onset_delay_p90: Option<u32>,
    pub calls: u64,
    pub decisions: u64,
}

/// How the evidence stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The interval's upper bound is within the target.
    Supported,
    /// The target lies inside the interval: more sessions are needed.
    Inconclusive,
    /// Even the lower bound exceeds the target.
    NotMet,
}

impl Verdict {
    pub fn of(rate: &Rate, target: f64) -> Verdict {
        if rate.hi <= target {
            Verdict::Supported
        } else if rate.lo <= target {
            Verdict::Inconclusive
        } else {
            Verdict::NotMet
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotMet => "not met",
        }
    }
}

/// One SLO target judged on held-out evidence.
#[derive(Debug, Clone, Serialize)]
pub struct SloCheck {
    pub slo: &'static str,
    pub what: &'static str,
    pub target: f64,
    pub rate: Rate,
    pub verdict: Verdict,
}

/// One row of the per-archetype table.
#[derive(Debug, Clone, Serialize)]
pub struct ArchetypeRow {
    pub archetype: String,
    pub label: Label,
    pub sessions: u64,
    /// Benign: FP (Harden+). Hostile: share given Harden or worse.
    pub flagged: Rate,
    /// Share given Deny/Terminate (benign: hard FP; hostile: detection).
    pub denied: Rate,
    pub terminated: u64,
    pub delay_p50: Option<u32>,
    pub onset_delay_p50: Option<u32>,
}

/// One agent's rate on a real trace set.
#[derive(Debug, Clone, Serialize)]
pub struct AgentRate {
    pub agent: String,
    /// Benign sets: sessions flagged (Harden+). Hostile sets: sessions never denied.
    pub rate: Rate,
    /// Sessions given Deny/Terminate.
    pub denied: Rate,
}

/// A real trace set under one config.
#[derive(Debug, Clone, Serialize)]
pub struct RealSetStats {
    pub dir: String,
    pub label: Label,
    pub per_agent: Vec<AgentRate>,
    /// Equal weight per agent: `p` is the mean of the agents' rates; `k`/`n`
    /// are the raw totals; the interval is Wilson (or Clopper-Pearson) at the
    /// effective sample size of equal weighting, n_eff = A² / Σ 1/n_a.
    pub pooled_equal: Rate,
    /// Every session counted once.
    pub pooled_all: Rate,
    /// Files of the sessions flagged (benign) or missed (hostile).
    pub sessions_hit: Vec<String>,
}

/// Equal-weight pooling of per-group proportions (see `RealSetStats::pooled_equal`).
pub fn pooled_equal(groups: &[(u64, u64)], method: crate::stats::IntervalMethod, confidence: f64) -> Rate {
    let used: Vec<(u64, u64)> = groups.iter().copied().filter(|(_, n)| *n > 0).collect();
    let k: u64 = used.iter().map(|g| g.0).sum();
    let n: u64 = used.iter().map(|g| g.1).sum();
    if used.is_empty() {
        return Rate::new(0, 0, method, confidence);
    }
    let a = used.len() as f64;
    let p = used.iter().map(|(k, n)| *k as f64 / *n as f64).sum::<f64>() / a;
    let inv: f64 = used.iter().map(|(_, n)| 1.0 / *n as f64).sum();
    let n_eff = a * a / inv;
    // Interval at the effective size, from the (fractional) count p * n_eff.
    let (lo, hi) = crate::stats::interval_frac(p, n_eff, method, confidence);
    Rate { k, n, p, lo, hi }
}

fn real_stats(d: &SweepData, point: usize) -> Vec<RealSetStats> {
    let sel = &d.lab.selection;
    let mut out = Vec::new();
    let mut k0 = 0;
    for t in &d.traces {
        let mut by: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
        let mut hit = Vec::new();
        for (j, s) in t.sessions.iter().enumerate() {
            let c = d.real_cell(point, k0 + j);
            let e = by.entry(s.agent.as_str()).or_default();
            e.1 += c.evaluated;
            e.2 += c.denied;
            let bad = match t.label {
                Label::Benign => c.flagged,
                Label::Hostile => c.evaluated - c.denied.min(c.evaluated),
            };
            e.0 += bad;
            if bad > 0 {
                hit.push(s.file.clone());
            }
        }
        k0 += t.sessions.len();
        let per_agent: Vec<AgentRate> = by
            .iter()
            .map(|(a, (k, n, den))| AgentRate {
                agent: a.to_string(),
                rate: Rate::new(*k, *n, sel.interval, sel.confidence),
                denied: Rate::new(*den, *n, sel.interval, sel.confidence),
            })
            .collect();
        let groups: Vec<(u64, u64)> = by.values().map(|(k, n, _)| (*k, *n)).collect();
        let (k, n) = groups.iter().fold((0, 0), |a, g| (a.0 + g.0, a.1 + g.1));
        out.push(RealSetStats {
            dir: t.dir.clone(),
            label: t.label,
            per_agent,
            pooled_equal: pooled_equal(&groups, sel.interval, sel.confidence),
            pooled_all: Rate::new(k, n, sel.interval, sel.confidence),
            sessions_hit: hit,
        });
    }
    out
}

/// Whether a config's real-session FP is within the budget on every benign set.
pub fn real_ok(sets: &[RealSetStats], sel: &crate::config::SelectionConfig) -> bool {
    sets.iter().filter(|s| s.label == Label::Benign).all(|s| {
        let x = match sel.real_fp_bound {
            crate::config::RealBound::Point => s.pooled_equal.p,
            crate::config::RealBound::Upper => s.pooled_equal.hi,
        };
        x <= sel.real_target() + 1e-12
    })
}

/// Everything the report says.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// [point][trace set]: real-session rates.
    pub real: Vec<Vec<RealSetStats>>,
    /// What decided the recommendation among the feasible configs: the first
    /// ranking key where it beats the runner-up.
    pub decided_by: &'static str,
    /// Whether that was the last resort (the lowest id among exact ties).
    pub tie_break: bool,
    /// Feasible configs (simulated training FP and real-session FP within budget).
    pub feasible_count: usize,
    /// [point][split]
    pub stats: Vec<[SplitStats; 2]>,
    pub recommended: usize,
    /// Whether the recommendation met the FP target on training.
    pub feasible: bool,
    /// Points on the training Pareto front of (FP, FN), sorted by FP.
    pub pareto: Vec<usize>,
    /// The point equal to the base config, if any.
    pub base: Option<usize>,
    /// Held-out verdicts for the recommended config.
    pub slo: Vec<SloCheck>,
    /// Held-out verdicts for the base config.
    pub slo_base: Vec<SloCheck>,
    /// Per-archetype rows of the recommended config on held-out.
    pub per_archetype: Vec<ArchetypeRow>,
    /// Per-archetype rows of the base config on held-out.
    pub per_archetype_base: Vec<ArchetypeRow>,
    /// Corpus extensions flagged under the recommended config (held-out).
    pub flagged_extensions: Vec<String>,
    /// [point]: share of the sweep's adversary strategies that reached their
    /// goal before Deny/Terminate (SLO-11 as issue 12 defines it), when the
    /// sweep ran the search. The recommendation ranks on it first.
    pub attack: Option<Vec<Rate>>,
}

fn sum_cells<'a>(cells: impl Iterator<Item = &'a Cell>) -> Cell {
    let mut c = Cell::default();
    for x in cells {
        c.add(x);
    }
    c
}

fn split_stats(d: &SweepData, point: usize, split: Split) -> SplitStats {
    let sel = &d.lab.selection;
    let rate = |k, n| Rate::new(k, n, sel.interval, sel.confidence);
    let benign = sum_cells(
        d.groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.label == Label::Benign)
            .map(|(i, _)| d.cell(point, split, i)),
    );
    let hostile = sum_cells(
        d.groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.label == Label::Hostile)
            .map(|(i, _)| d.cell(point, split, i)),
    );
    let (mut ext_n, mut ext_k) = (0, 0);
    for (i, g) in d.groups.iter().enumerate() {
        if g.archetype == "corpus" {
            let c = d.cell(point, split, i);
            if c.sessions > 0 {
                ext_n += 1;
                if c.flagged > 0 {
                    ext_k += 1;
                }
            }
        }
    }
    SplitStats {
        fp: rate(benign.flagged, benign.sessions),
        hard_fp: rate(benign.denied, benign.sessions),
        fn_: rate(
            hostile.sessions - hostile.denied.min(hostile.sessions),
            hostile.sessions,
        ),
        ext_fp: rate(ext_k, ext_n),
        delay_p50: quantile_hist(&hostile.delay, 0.5),
        delay_p90: quantile_hist(&hostile.delay, 0.9),
        delay_mean: mean_hist(&hostile.delay),
        onset_delay_p50: quantile_hist(&hostile.onset_delay, 0.5),
        onset_delay_p90: quantile_hist(&hostile.onset_delay, 0.9),
        calls: benign.calls + hostile.calls,
        decisions: benign.decisions + hostile.decisions,
    }
}

fn archetype_rows(d: &SweepData, point: usize, split: Split) -> Vec<ArchetypeRow> {
    let sel = &d.lab.selection;
    let mut by: BTreeMap<(Label, usize, String), Cell> = BTreeMap::new();
    // Keep the plan's archetype order within each label.
    let order: BTreeMap<&str, usize> = d
        .allocations
        .iter()
        .enumerate()
        .map(|(i, a)| (a.archetype.as_str(), i))
        .collect();
    for (i, g) in d.groups.iter().enumerate() {
        let key = (
            g.label,
            order.get(g.archetype.as_str()).copied().unwrap_or(usize::MAX),
            g.archetype.clone(),
        );
        by.entry(key).or_default().add(d.cell(point, split, i));
    }
    by.into_iter()
        .map(|((label, _, name), c)| ArchetypeRow {
            archetype: name,
            label,
            sessions: c.sessions,
            flagged: Rate::new(c.flagged, c.sessions, sel.interval, sel.confidence),
            denied: Rate::new(c.denied, c.sessions, sel.interval, sel.confidence),
            terminated: c.terminated,
            delay_p50: quantile_hist(&c.delay, 0.5),
            onset_delay_p50: quantile_hist(&c.onset_delay, 0.5),
        })
        .collect()
}

/// Per corpus extension: (name, sessions flagged, sessions) under `point`.
pub fn extension_rows(d: &SweepData, point: usize, split: Split) -> Vec<(String, u64, u64)> {
    d.groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.archetype == "corpus")
        .map(|(i, g)| {
            let c = d.cell(point, split, i);
            (g.name.trim_start_matches("corpus/").to_string(), c.flagged, c.sessions)
        })
        .collect()
}

fn slo_checks(s: &SplitStats) -> Vec<SloCheck> {
    vec![
        SloCheck {
            slo: "SLO-10",
            what: "benign sessions flagged (Harden/Deny/Terminate)",
            target: 0.10,
            rate: s.fp,
            verdict: Verdict::of(&s.fp, 0.10),
        },
        SloCheck {
            slo: "SLO-10 (post-calibration)",
            what: "benign sessions flagged (Harden/Deny/Terminate)",
            target: 0.05,
            rate: s.fp,
            verdict: Verdict::of(&s.fp, 0.05),
        },
        SloCheck {
            slo: "SLO-11",
            what: "hostile sessions never denied or terminated",
            target: 0.05,
            rate: s.fn_,
            verdict: Verdict::of(&s.fn_, 0.05),
        },
    ]
}

/// Ordering key of the recommendation among FP-feasible configs: lowest
/// attack-success upper bound and attack success (when the sweep searched),
/// then lowest FN upper bound, then FN, then FP, then mean delay, then id.
/// The next-to-last key is the (inverted) margin from worse grid points: a
/// config on the edge of a cliff ranks after one deep inside a plateau.
type RankKey = (u64, u64, u64, u64, u64, u64, u64, usize);

fn rank_key(s: &SplitStats, attack: Option<&Rate>, unstable: u64, i: usize) -> RankKey {
    let q = |x: f64| (x * 1e9).round() as u64;
    (
        attack.map_or(0, |r| q(r.hi)),
        attack.map_or(0, |r| q(r.p)),
        q(s.fn_.hi),
        q(s.fn_.p),
        q(s.fp.p),
        q(s.delay_mean.unwrap_or(f64::MAX / 1e10)),
        unstable,
        i,
    )
}

/// Every grid point's position on the grid (one index per grid field, in the
/// order of the swept values); None for base and sampled points.
fn grid_positions(d: &SweepData) -> Vec<Option<Vec<usize>>> {
    use crate::results::PointOrigin;
    d.points
        .iter()
        .map(|p| {
            if p.origin != PointOrigin::Grid {
                return None;
            }
            d.lab
                .grid
                .iter()
                .map(|(f, vals)| p.overrides.get(f).and_then(|v| vals.iter().position(|x| x == v)))
                .collect()
        })
        .collect()
}

/// The analysis without adversary results.
pub fn analyse(d: &SweepData) -> Analysis {
    analyse_with(d, None)
}

/// The analysis with the sweep's attack-success rate per point (`attack[i]`
/// for `d.points[i]`), which then leads the ranking and the Pareto front.
pub fn analyse_with(d: &SweepData, attack: Option<Vec<Rate>>) -> Analysis {
    let n = d.points.len();
    let stats: Vec<[SplitStats; 2]> = (0..n)
        .map(|p| [split_stats(d, p, Split::Train), split_stats(d, p, Split::Heldout)])
        .collect();
    let sel = &d.lab.selection;
    let target = sel.fp_target;
    let real: Vec<Vec<RealSetStats>> = (0..n).map(|p| real_stats(d, p)).collect();
    let train = |i: usize| &stats[i][Split::Train.index()];
    let feasible: Vec<usize> = (0..n)
        .filter(|&i| train(i).fp.hi <= target && real_ok(&real[i], sel))
        .collect();
    let q = |x: f64| (x * 1e9).round() as u64;
    // Excess over the budgets (simulated upper bound, real pooled figure).
    let excess = |i: usize| {
        let r: f64 = real[i]
            .iter()
            .filter(|s| s.label == Label::Benign)
            .map(|s| (s.pooled_equal.p - sel.real_target()).max(0.0))
            .sum();
        (train(i).fp.hi - target).max(0.0) + r
    };
    let mut ranked: Vec<usize> = if feasible.is_empty() {
        (0..n).collect()
    } else {
        feasible.clone()
    };
    let atk = |i: usize| attack.as_ref().and_then(|v| v.get(i));
    // Margin: how far (in swept steps, L1 over the grid fields) a grid point is
    // from the grid points that do worse on the rate keys or are infeasible;
    // first the nearest such point, then the summed distance to all of them.
    // A config deep inside a plateau keeps its figures when the deployment
    // drifts a little; one on its edge does not. Base and sampled points have
    // no grid position and rank last on this key.
    let positions = grid_positions(d);
    let outcome = |i: usize| {
        let k = rank_key(train(i), atk(i), 0, i);
        (k.0, k.1, k.2, k.3, k.4)
    };
    let feasible_set: std::collections::BTreeSet<usize> = feasible.iter().copied().collect();
    let unstable = |i: usize| -> u64 {
        let Some(pi) = &positions[i] else {
            return u64::MAX;
        };
        let (mut nearest, mut total) = (u64::MAX, 0u64);
        for (j, pj) in positions.iter().enumerate() {
            let Some(pj) = pj else { continue };
            if !feasible_set.contains(&j) || outcome(j) > outcome(i) {
                let dist: u64 = pi.iter().zip(pj).map(|(a, b)| a.abs_diff(*b) as u64).sum();
                nearest = nearest.min(dist);
                total += dist;
            }
        }
        if nearest == u64::MAX {
            return 0;
        }
        // Larger margins rank first: invert into the "lower is better" key.
        u64::MAX - 1 - (nearest.min(1 << 20) << 40 | total.min((1 << 40) - 1))
    };
    let key = |i: usize| rank_key(train(i), atk(i), unstable(i), i);
    ranked.sort_by_key(|&i| {
        let k = key(i);
        let e = if feasible.is_empty() { q(excess(i)) } else { 0 };
        (e, k)
    });
    let recommended = ranked.first().copied().unwrap_or(0);
    let (decided_by, tie_break) = match ranked.get(1) {
        None => ("the only feasible config", false),
        Some(&j) => {
            let (a, b) = (key(recommended), key(j));
            if feasible.is_empty() && q(excess(recommended)) != q(excess(j)) {
                ("smallest excess over the FP budgets (nothing feasible)", false)
            } else if a.0 != b.0 {
                ("adversary attack-success upper bound", false)
            } else if a.1 != b.1 {
                ("adversary attack success", false)
            } else if a.2 != b.2 {
                ("FN upper bound", false)
            } else if a.3 != b.3 {
                ("FN", false)
            } else if a.4 != b.4 {
                ("FP", false)
            } else if a.5 != b.5 {
                ("mean detection delay", false)
            } else if a.6 != b.6 {
                (
                    "margin: grid steps to the nearest (then all) worse or infeasible configs",
                    false,
                )
            } else {
                ("lowest id among exact ties (tie-break)", true)
            }
        }
    };
    // The miss rate a point is judged on: attack success when the sweep
    // searched, else the simulated FN.
    let miss = |i: usize| atk(i).map_or(train(i).fn_.p, |r| r.p);
    let mut pareto: Vec<usize> = (0..n)
        .filter(|&i| {
            let a = train(i);
            !(0..n).any(|j| {
                let b = train(j);
                b.fp.p <= a.fp.p && miss(j) <= miss(i) && (b.fp.p < a.fp.p || miss(j) < miss(i))
            })
        })
        .collect();
    pareto.sort_by_key(|&i| (q(train(i).fp.p), q(miss(i)), i));
    let base = d.points.iter().position(|p| p.is_base);
    let held = |i: usize| &stats[i][Split::Heldout.index()];
    let slo = slo_checks(held(recommended));
    let slo_base = base.map(|b| slo_checks(held(b))).unwrap_or_default();
    let per_archetype = archetype_rows(d, recommended, Split::Heldout);
    let per_archetype_base = base.map(|b| archetype_rows(d, b, Split::Heldout)).unwrap_or_default();
    let flagged_extensions = d
        .groups
        .iter()
        .enumerate()
        .filter(|(i, g)| g.archetype == "corpus" && d.cell(recommended, Split::Heldout, *i).flagged > 0)
        .map(|(_, g)| g.name.trim_start_matches("corpus/").to_string())
        .collect();
    Analysis {
        real,
        decided_by,
        tie_break,
        feasible_count: feasible.len(),
        feasible: !feasible.is_empty(),
        stats,
        recommended,
        pareto,
        base,
        slo,
        slo_base,
        per_archetype,
        per_archetype_base,
        flagged_extensions,
        attack,
    }
}
