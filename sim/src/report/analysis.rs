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

/// Everything the report says.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
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

/// Ordering key of the recommendation among FP-feasible configs: lowest FN
/// upper bound, then FN, then FP, then mean delay, then id.
fn rank_key(s: &SplitStats, i: usize) -> (u64, u64, u64, u64, usize) {
    let q = |x: f64| (x * 1e9).round() as u64;
    (
        q(s.fn_.hi),
        q(s.fn_.p),
        q(s.fp.p),
        q(s.delay_mean.unwrap_or(f64::MAX / 1e10)),
        i,
    )
}

pub fn analyse(d: &SweepData) -> Analysis {
    let n = d.points.len();
    let stats: Vec<[SplitStats; 2]> = (0..n)
        .map(|p| [split_stats(d, p, Split::Train), split_stats(d, p, Split::Heldout)])
        .collect();
    let target = d.lab.selection.fp_target;
    let train = |i: usize| &stats[i][Split::Train.index()];
    let feasible: Vec<usize> = (0..n).filter(|&i| train(i).fp.hi <= target).collect();
    let q = |x: f64| (x * 1e9).round() as u64;
    let recommended = if !feasible.is_empty() {
        feasible.iter().copied().min_by_key(|&i| rank_key(train(i), i))
    } else {
        // Nothing meets the FP budget: the config closest to it, then by FN.
        (0..n).min_by_key(|&i| (q(train(i).fp.hi), rank_key(train(i), i)))
    }
    .unwrap_or(0);
    let mut pareto: Vec<usize> = (0..n)
        .filter(|&i| {
            let a = train(i);
            !(0..n).any(|j| {
                let b = train(j);
                b.fp.p <= a.fp.p && b.fn_.p <= a.fn_.p && (b.fp.p < a.fp.p || b.fn_.p < a.fn_.p)
            })
        })
        .collect();
    pareto.sort_by_key(|&i| (q(train(i).fp.p), q(train(i).fn_.p), i));
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
    }
}
