//! Calibration reports: from sweep data (counts) and timings to a run
//! directory `notebooks-out/<run-id>/` holding tables, plots, `report.md`,
//! a self-contained `report.html`, `summary.json`, `recommended.toml`,
//! `shard.json` (the counts, for `merge`), `timings.json` and `manifest.json`
//! (seeds, config, git revision, sha256 of every artifact).
//!
//! Artifacts fall in two sets. The deterministic set depends only on the seed,
//! the lab config and the profiles: same inputs ⇒ byte-identical files. The
//! measured set (`timings.json`, `latency_cdf.png`, and the two reports, whose
//! only varying part is the block between the `measured:begin` / `measured:end`
//! markers) carries wall-clock numbers. Everything is written into a temporary
//! directory next to the destination and renamed into place.

pub mod analysis;
pub mod doc;
pub mod plots;
pub mod tables;

use crate::results::{bucket_upper_ns, SweepData, Timing};
use crate::rng::Split;
use crate::stats::{quantile_hist, Rate};
use crate::sweep::{base_risk_json, hex, resolve_risk};
use analysis::{Analysis, ArchetypeRow, SloCheck};
use anyhow::{anyhow, Context};
use doc::Block;

mod adversary;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Artifacts whose bytes depend only on seed, config and profiles.
pub const DETERMINISTIC: &[&str] = &[
    "sweep.parquet",
    "sweep.csv",
    "per_archetype.csv",
    "roc.png",
    "roc.svg",
    "fp_fn_vs_threshold.png",
    "fp_fn_vs_threshold.svg",
    "summary.json",
    "recommended.toml",
    "shard.json",
    "adversary.json",
    "adversary.csv",
];

/// Artifacts that carry wall-clock measurements.
pub const MEASURED: &[&str] = &["timings.json", "latency_cdf.png", "report.md", "report.html"];

pub const MEASURED_BEGIN: &str = "measured:begin";
pub const MEASURED_END: &str = "measured:end";

/// Remove the measured block from a report (for comparisons).
pub fn strip_measured(text: &str) -> String {
    let (b, e) = (format!("<!-- {MEASURED_BEGIN} -->"), format!("<!-- {MEASURED_END} -->"));
    match (text.find(&b), text.find(&e)) {
        (Some(i), Some(j)) if j > i => format!("{}{}", &text[..i], &text[j + e.len()..]),
        _ => text.to_string(),
    }
}

/// What the caller prints after a run.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub run_id: String,
    pub dir: PathBuf,
    pub recommended: String,
    pub recommended_overrides: BTreeMap<String, serde_json::Value>,
    pub heldout_fp: Rate,
    pub heldout_fn: Rate,
    pub base_heldout_fp: Option<Rate>,
    pub base_heldout_fn: Option<Rate>,
    pub slo: Vec<(String, f64, String)>,
    pub feasible: bool,
    pub per_core_rate: f64,
    pub wall_ms: f64,
    pub complete: bool,
    /// Real trace sets under the recommended config.
    pub real: Vec<analysis::RealSetStats>,
    /// Real trace sets under the base (engine default) config.
    pub real_base: Option<Vec<analysis::RealSetStats>>,
    /// What decided the recommendation, and whether it was the id tie-break.
    pub decided_by: String,
    pub tie_break: bool,
    /// The recommended config as an engine `[risk]` section (full, resolved).
    pub recommended_toml: String,
    /// Held-out FP per corpus extension under the base config: (extension, flagged, sessions).
    pub base_extensions: Vec<(String, u64, u64)>,
    /// Notes on trace sets that were skipped.
    pub trace_notes: Vec<String>,
}

/// The run id: seed and a digest of the plan, plus the shard when partial.
pub fn run_id(d: &SweepData) -> String {
    let mut id = format!(
        "sweep-s{}-{}",
        d.lab.run.seed,
        &d.plan_sha256[..10.min(d.plan_sha256.len())]
    );
    if !d.is_complete() {
        let s: Vec<String> = d.shards.iter().map(|s| format!("{}of{}", s.index, s.count)).collect();
        id.push_str(&format!("-shard{}", s.join("+")));
    }
    id
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn rate_cell(r: &Rate) -> String {
    format!("{} ({}/{}) [{}, {}]", pct(r.p), r.k, r.n, pct(r.lo), pct(r.hi))
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or("–".to_string(), |x| x.to_string())
}

fn overrides_text(o: &BTreeMap<String, serde_json::Value>) -> String {
    if o.is_empty() {
        return "(engine defaults)".into();
    }
    o.iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Latency quantile (µs, bucket upper edge) of a histogram.
fn lat_us(h: &BTreeMap<u32, u64>, q: f64) -> Option<f64> {
    quantile_hist(h, q).map(|b| bucket_upper_ns(b) / 1000.0)
}

fn slo_rows(v: &[SloCheck]) -> Vec<Vec<String>> {
    v.iter()
        .map(|c| {
            vec![
                c.slo.to_string(),
                c.what.to_string(),
                format!("≤ {}", pct(c.target)),
                rate_cell(&c.rate),
                format!("**{}**", c.verdict.as_str()),
            ]
        })
        .collect()
}

fn archetype_rows(v: &[ArchetypeRow]) -> Vec<Vec<String>> {
    v.iter()
        .map(|r| {
            vec![
                r.archetype.clone(),
                r.label.as_str().to_string(),
                r.sessions.to_string(),
                rate_cell(&r.flagged),
                rate_cell(&r.denied),
                r.terminated.to_string(),
                opt(r.delay_p50),
                opt(r.onset_delay_p50),
            ]
        })
        .collect()
}

/// The rate columns of the config tables (see `rates` in `blocks`).
const RATE_HEAD: [&str; 4] = ["FP train", "FN train", "FP held-out", "FN held-out"];

/// A config table's header: its leading columns, then the rate columns.
fn header(leading: &[&str]) -> Vec<String> {
    leading.iter().chain(RATE_HEAD.iter()).map(|s| s.to_string()).collect()
}

const ARCH_HEAD: [&str; 8] = [
    "archetype",
    "label",
    "sessions",
    "flagged (Harden+)",
    "denied (Deny/Terminate)",
    "terminated",
    "calls to first deny (p50)",
    "calls after onset (p50)",
];

/// The `[risk]` section (as an engine config file) of a point: the lab's base
/// `[risk]` overrides with the point's overrides set at their dotted paths.
/// Parsed by the engine, it gives exactly the point's resolved RiskConfig
/// (the engine fills every other field from its defaults).
pub fn risk_section(d: &SweepData, point: usize) -> anyhow::Result<String> {
    let mut risk: toml::Table = toml::Value::try_from(&d.lab.risk)?
        .as_table()
        .cloned()
        .unwrap_or_default();
    for (path, v) in &d.points[point].overrides {
        let parts: Vec<&str> = path.split('.').collect();
        let mut cur = &mut risk;
        for part in &parts[..parts.len() - 1] {
            let slot = cur
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            cur = slot
                .as_table_mut()
                .ok_or_else(|| anyhow!("override {path}: `{part}` is not a section"))?;
        }
        cur.insert(parts[parts.len() - 1].to_string(), toml::Value::try_from(v)?);
    }
    let mut doc = toml::Table::new();
    doc.insert("risk".into(), toml::Value::Table(risk));
    let text = toml::to_string(&doc)?;
    Ok(if text.starts_with("[risk]\n") {
        text
    } else {
        // Sub-tables only (`[risk.eprocess]`): open the section explicitly.
        format!("[risk]\n{text}")
    })
}

/// The full resolved `[risk]` section of a point.
pub fn resolved_risk_toml(d: &SweepData, point: usize) -> anyhow::Result<String> {
    let base = base_risk_json(&d.lab, Path::new(&d.lab.source)).map_err(|e| anyhow!("{e}"))?;
    let risk = resolve_risk(&base, &d.points[point].overrides, "grid").map_err(|(f, m)| anyhow!("{f}: {m}"))?;
    let mut doc = toml::Table::new();
    doc.insert("risk".into(), toml::Value::try_from(&risk)?);
    Ok(toml::to_string(&doc)?)
}

fn real_rate_text(r: &Rate) -> String {
    rate_cell(r)
}

fn real_blocks(d: &SweepData, a: &Analysis, b: &mut Vec<Block>) {
    let rec = a.recommended;
    b.push(Block::Heading(2, "Real sessions (recorded traces)".into()));
    for n in &d.trace_notes {
        b.push(Block::Para(format!("Note: {n}.")));
    }
    if d.traces.is_empty() {
        b.push(Block::Para(
            "No real trace set was evaluated in this run (`--traces DIR[:benign|hostile]` or `[[traces]]` in the lab config)."
                .into(),
        ));
        return;
    }
    b.push(Block::Para(format!(
        "Every config also ran over recorded sessions, one file per session, through the same engine path (Dispatcher, MockConnector, the trace's own `ts_ms` as the clock), under policy `permissive` with `allow_dangerous = true`, so only the risk controller decides. Benign sets: FP = sessions with any Harden, Deny or Terminate. Hostile sets: FN = sessions never denied. Pooled rates weigh every agent (`ext`) equally (the mean of the agents' rates; interval at the effective size A²/Σ1/nₐ); the recommendation must keep the pooled benign FP {} {} on every benign set.",
        match d.lab.selection.real_fp_bound {
            crate::config::RealBound::Point => "point estimate within",
            crate::config::RealBound::Upper => "upper bound within",
        },
        pct(d.lab.selection.real_target())
    )));
    for (si, set) in d.traces.iter().enumerate() {
        let what = match set.label {
            crate::archetype::Label::Benign => "FP (flagged)",
            crate::archetype::Label::Hostile => "FN (never denied)",
        };
        b.push(Block::Heading(
            3,
            format!(
                "`{}` ({}, {} sessions)",
                set.dir,
                set.label.as_str(),
                set.sessions.len()
            ),
        ));
        let mut head = vec!["agent".to_string(), "sessions".to_string()];
        head.push(format!("recommended `{}`: {what}", d.points[rec].id));
        head.push(format!("recommended `{}`: denied", d.points[rec].id));
        if let Some(base) = a.base {
            head.push(format!("default `{}`: {what}", d.points[base].id));
            head.push(format!("default `{}`: denied", d.points[base].id));
        }
        let r = &a.real[rec][si];
        let bs = a.base.map(|x| &a.real[x][si]);
        let mut rows = Vec::new();
        for (i, ag) in r.per_agent.iter().enumerate() {
            let mut row = vec![
                ag.agent.clone(),
                ag.rate.n.to_string(),
                real_rate_text(&ag.rate),
                real_rate_text(&ag.denied),
            ];
            if let Some(bs) = bs {
                row.push(real_rate_text(&bs.per_agent[i].rate));
                row.push(real_rate_text(&bs.per_agent[i].denied));
            }
            rows.push(row);
        }
        let mut row = vec![
            "**pooled, equal weight per agent**".to_string(),
            r.pooled_all.n.to_string(),
            real_rate_text(&r.pooled_equal),
            String::new(),
        ];
        if let Some(bs) = bs {
            row.push(real_rate_text(&bs.pooled_equal));
            row.push(String::new());
        }
        rows.push(row);
        let mut row = vec![
            "pooled, every session once".to_string(),
            r.pooled_all.n.to_string(),
            real_rate_text(&r.pooled_all),
            String::new(),
        ];
        if let Some(bs) = bs {
            row.push(real_rate_text(&bs.pooled_all));
            row.push(String::new());
        }
        rows.push(row);
        b.push(Block::Table(head, rows));
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
            }
        };
        b.push(Block::Para(format!(
            "Sessions counted against `{}`: {}.",
            d.points[rec].id,
            list(&r.sessions_hit)
        )));
        if let (Some(base), Some(bs)) = (a.base, bs) {
            b.push(Block::Para(format!(
                "Sessions counted against the default `{}`: {}.",
                d.points[base].id,
                list(&bs.sessions_hit)
            )));
        }
    }
}

fn realism_blocks(d: &SweepData, b: &mut Vec<Block>) {
    b.push(Block::Heading(
        2,
        "Benign simulator realism (agent_fit vs real sessions)".into(),
    ));
    if d.realism.is_empty() {
        b.push(Block::Para(
            "No realism table: it needs a benign real trace set and a non-empty sim/configs/benign_fit.json \
(`cargo xtask fit-benign`)."
                .into(),
        ));
        return;
    }
    b.push(Block::Para(
        "The `agent_fit` archetype is fitted (`cargo xtask fit-benign`) on one half of each agent's real sessions; \
simulated sessions (4 per real session, per agent) are compared with the fitted half and with the held-out half \
it was not fitted on. Two-sample tests: Kolmogorov–Smirnov (asymptotic p) for calls per session and inter-call \
gaps, chi-square homogeneity for the categorical statistics. A small p-value means the simulator is \
distinguishable from the real sessions on that statistic."
            .into(),
    ));
    let head: Vec<String> = [
        "statistic",
        "against",
        "test",
        "simulated",
        "real",
        "statistic value",
        "p-value",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = d
        .realism
        .iter()
        .map(|r| {
            vec![
                r.statistic.clone(),
                r.against.clone(),
                r.test.clone(),
                r.simulated.clone(),
                r.real.clone(),
                format!("{:.4}", r.statistic_value),
                format!("{:.3e}", r.p_value),
            ]
        })
        .collect();
    b.push(Block::Table(head, rows));
}

fn blocks(d: &SweepData, a: &Analysis, t: &Timing, id: &str, git: &str, adv: &AdversaryRun) -> Vec<Block> {
    let sel = &d.lab.selection;
    let rec = &d.points[a.recommended];
    let held = |i: usize| &a.stats[i][Split::Heldout.index()];
    let train = |i: usize| &a.stats[i][Split::Train.index()];
    // The four rate cells of a config row, in the order of `RATE_HEAD`.
    let rates = |i: usize| {
        [
            rate_cell(&train(i).fp),
            rate_cell(&train(i).fn_),
            rate_cell(&held(i).fp),
            rate_cell(&held(i).fn_),
        ]
    };
    let r = held(a.recommended);
    let mut b = vec![Block::Heading(1, format!("seclab calibration report — {id}"))];
    b.push(Block::Para(format!(
        "Runtime-risk calibration of the real engine dispatch pipeline over simulated sessions. \
Rates are per session; intervals are {} at {:.0}% confidence. The recommendation is chosen on the \
**training** split and judged on the separate **held-out** split (other seeds). Everything above the \
\"Measured performance\" section is deterministic for a given seed and config; wall-clock numbers \
live only in that section, `timings.json` and `latency_cdf.png`.",
        sel.interval.as_str(),
        sel.confidence * 100.0
    )));
    if !d.is_complete() {
        b.push(Block::Para(format!(
            "**Partial run**: this covers shards {} only; merge all shards (`cargo xtask merge`) for the full report.",
            d.shards
                .iter()
                .map(|s| format!("{}/{}", s.index, s.count))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    b.push(Block::Heading(2, "Headline".into()));
    b.push(Block::List(vec![
        format!("Recommended config `{}`: {}", rec.id, overrides_text(&rec.overrides)),
        format!("Held-out FP (benign sessions flagged): {}", rate_cell(&r.fp)),
        format!("Held-out FN (hostile sessions never denied): {}", rate_cell(&r.fn_)),
        format!("Held-out hard FP (benign sessions denied or terminated): {}", rate_cell(&r.hard_fp)),
        format!("Held-out corpus extensions flagged: {}", rate_cell(&r.ext_fp)),
        format!(
            "Detection delay (held-out, detected hostile sessions): p50 {} calls, p90 {} calls; after the attack onset: p50 {}, p90 {}",
            opt(r.delay_p50),
            opt(r.delay_p90),
            opt(r.onset_delay_p50),
            opt(r.onset_delay_p90)
        ),
    ]));
    if let Some(r0) = a.real[a.recommended]
        .iter()
        .find(|s| s.label == crate::archetype::Label::Benign)
    {
        b.push(Block::List(vec![format!(
            "Real benign sessions flagged (`{}`, equal weight per agent): {}",
            r0.dir,
            rate_cell(&r0.pooled_equal)
        )]));
    }
    if !a.feasible {
        b.push(Block::Para(format!(
            "**No config met the FP targets ({} simulated, training upper bound; {} real sessions)**; the recommendation is the config with the smallest excess over them.",
            pct(sel.fp_target),
            pct(sel.real_target())
        )));
    }
    b.push(Block::Heading(2, "SLO targets the evidence supports now".into()));
    b.push(Block::Para(
        "Judged on the held-out split by the interval's upper bound: **supported** when the upper bound is within \
the target, **inconclusive** when the target lies inside the interval (more sessions are needed), **not met** when \
even the lower bound exceeds it."
            .into(),
    ));
    let slo_head: Vec<String> = ["SLO", "measure", "target", "rate [interval]", "verdict"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    b.push(Block::Heading(3, format!("Recommended config `{}`", rec.id)));
    b.push(Block::Table(slo_head.clone(), slo_rows(&a.slo)));
    if let Some(base) = a.base {
        b.push(Block::Heading(
            3,
            format!("Engine default config `{}`", d.points[base].id),
        ));
        b.push(Block::Table(slo_head, slo_rows(&a.slo_base)));
    }
    real_blocks(d, a, &mut b);
    realism_blocks(d, &mut b);
    b.push(Block::Heading(2, "How the recommendation was chosen".into()));
    b.push(Block::Para(format!(
        "On the training split only: among configs whose FP upper bound is at most {} (the post-calibration SLO-10 \
budget) and whose real-session FP is within its budget, take the lowest upper bound of the adversary's attack \
success (strategies that reached their goal before Deny/Terminate, when the sweep ran the search), then the lowest \
attack success, the lowest FN upper bound, the lowest FN, the lowest FP, the shortest mean detection delay, then \
the largest margin (grid steps, L1 over the swept fields, to the nearest config that does worse on those keys or \
is infeasible, then the summed steps to all of them: a config deep inside a plateau keeps its figures when the \
deployment drifts; base and sampled points have no grid position and rank last here), and finally the lowest id. If no config meets the FP budgets, take the smallest excess over them. The held-out split \
never influences the choice.",
        pct(sel.fp_target)
    )));
    b.push(Block::Para(format!(
        "{} of {} configs were feasible. The recommendation was decided by: **{}**{}.",
        a.feasible_count,
        d.points.len(),
        a.decided_by,
        if a.tie_break {
            " — the ranking keys did not separate it from the runner-up"
        } else {
            ""
        }
    )));
    let rt = train(a.recommended);
    b.push(Block::Para(format!(
        "Training figures of `{}`: FP {}, FN {}{}.",
        rec.id,
        rate_cell(&rt.fp),
        rate_cell(&rt.fn_),
        a.attack
            .as_ref()
            .and_then(|v| v.get(a.recommended))
            .map(|r| format!("; adversary attack success {}", rate_cell(r)))
            .unwrap_or_default()
    )));
    b.push(Block::Para(
        "As an engine config section (put it in an engine config file; fields not given take the engine defaults; \
`recommended.toml` holds the full resolved `[risk]` section):"
            .into(),
    ));
    let snippet = risk_section(d, a.recommended).unwrap_or_else(|e| format!("# cannot render: {e}\n"));
    b.push(Block::Code("toml".into(), snippet));
    b.push(Block::Heading(2, "Pareto front (training)".into()));
    b.push(Block::Para(
        "Configs no other config beats on both FP and FN (point estimates, training split), by FP.".into(),
    ));
    let pf: Vec<Vec<String>> = a
        .pareto
        .iter()
        .map(|&i| {
            let mut row = vec![d.points[i].id.clone(), overrides_text(&d.points[i].overrides)];
            row.extend(rates(i));
            row
        })
        .collect();
    b.push(Block::Table(header(&["config", "overrides"]), pf));
    b.push(Block::Heading(2, "Per-archetype results (held-out)".into()));
    let head: Vec<String> = ARCH_HEAD.iter().map(|s| s.to_string()).collect();
    b.push(Block::Heading(3, format!("Recommended config `{}`", rec.id)));
    b.push(Block::Table(head.clone(), archetype_rows(&a.per_archetype)));
    if let Some(base) = a.base {
        b.push(Block::Heading(
            3,
            format!("Engine default config `{}`", d.points[base].id),
        ));
        b.push(Block::Table(head, archetype_rows(&a.per_archetype_base)));
    }
    b.push(Block::Para(format!(
        "Corpus extensions flagged under `{}` (held-out): {}.",
        rec.id,
        if a.flagged_extensions.is_empty() {
            "none".to_string()
        } else {
            a.flagged_extensions.join(", ")
        }
    )));
    b.push(Block::Heading(2, "Plots".into()));
    b.push(Block::Image("roc.png".into(), "FP vs detection".into()));
    b.push(Block::Image(
        "fp_fn_vs_threshold.png".into(),
        "FP and FN vs threshold".into(),
    ));
    b.push(Block::Heading(2, "All configs".into()));
    let all: Vec<Vec<String>> = d
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut tag = Vec::new();
            if i == a.recommended {
                tag.push("recommended");
            }
            if p.is_base {
                tag.push("default");
            }
            if a.pareto.contains(&i) {
                tag.push("pareto");
            }
            let mut row = vec![
                p.id.clone(),
                format!("{:?}", p.origin).to_lowercase(),
                tag.join(" "),
                overrides_text(&p.overrides),
            ];
            row.extend(rates(i));
            for s in &a.real[i] {
                row.push(rate_cell(&s.pooled_equal));
            }
            row
        })
        .collect();
    let mut all_head = header(&["config", "origin", "tags", "overrides"]);
    for t in &d.traces {
        all_head.push(format!(
            "real {} `{}` (equal weight)",
            match t.label {
                crate::archetype::Label::Benign => "FP",
                crate::archetype::Label::Hostile => "FN",
            },
            t.dir
        ));
    }
    b.push(Block::Table(all_head, all));
    adversary::blocks(d, a.base, a.recommended, adv, &mut b);
    b.push(Block::Heading(2, "Run".into()));
    let per_split: u64 = d.allocations.iter().map(|x| x.count).sum();
    b.push(Block::List(vec![
        format!(
            "Seed {}; config `{}`; plan sha256 `{}`",
            d.lab.run.seed, d.lab.source, d.plan_sha256
        ),
        format!("Git revision `{git}`"),
        format!(
            "{} configs × {} sessions per split ({} benign, {} hostile) × 2 splits",
            d.points.len(),
            per_split,
            d.lab.run.benign,
            d.lab.run.hostile
        ),
        format!("Benign profiles: {} (sha256 `{}`)", d.profile_source, d.profiles_sha256),
        format!(
            "Sessions: {}",
            d.allocations
                .iter()
                .map(|x| format!("{} {}", x.archetype, x.count))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "Policy: each simulated extension is granted exactly the capabilities its calls use (allow_dangerous when \
it uses exec or env), except `deny_retry`, which is granted read/http/ui only; so FP and FN measure the runtime \
risk controller, not the static policy."
            .into(),
        format!(
            "Early stop at the first Deny/Terminate: {}; ledger: {}",
            d.lab.run.early_stop, d.lab.run.ledger
        ),
    ]));
    // Measured block.
    b.push(Block::Marker(MEASURED_BEGIN.into()));
    b.push(Block::Heading(2, "Measured performance".into()));
    b.push(Block::Para(
        "Wall-clock numbers from this machine; they vary run to run and are excluded from the byte-identity check."
            .into(),
    ));
    let mut rows = vec![
        vec!["calls dispatched".to_string(), t.dispatched.to_string()],
        vec![
            "evaluation wall time".to_string(),
            format!("{:.2} s", t.wall_ms / 1000.0),
        ],
        vec!["worker threads".to_string(), t.threads.to_string()],
        vec![
            "throughput per core".to_string(),
            format!(
                "{:.3} M simulated hostcall decisions / s / core",
                t.per_core_rate() / 1e6
            ),
        ],
    ];
    let mut lat_all: BTreeMap<u32, u64> = BTreeMap::new();
    for h in &t.latency {
        for (k, v) in h {
            *lat_all.entry(*k).or_default() += v;
        }
    }
    let fmt_lat = |h: &BTreeMap<u32, u64>| {
        format!(
            "p50 {} µs, p99 {} µs",
            lat_us(h, 0.5).map_or("–".into(), |x| format!("{x:.2}")),
            lat_us(h, 0.99).map_or("–".into(), |x| format!("{x:.2}"))
        )
    };
    rows.push(vec![
        "dispatch latency, all configs (sampled)".into(),
        fmt_lat(&lat_all),
    ]);
    if let Some(h) = t.latency.get(a.recommended) {
        rows.push(vec![format!("dispatch latency, `{}`", rec.id), fmt_lat(h)]);
    }
    if let Some(base) = a.base {
        if let Some(h) = t.latency.get(base) {
            rows.push(vec![
                format!("dispatch latency, `{}` (default)", d.points[base].id),
                fmt_lat(h),
            ]);
        }
    }
    b.push(Block::Table(vec!["measure".into(), "value".into()], rows));
    b.push(Block::Para(
        "Latency is, for a session compiled once, the time of one call's step under every config still running \
divided by their number (the stages after the static ones: terminated and quarantine checks, risk decision, \
Harden restriction, outcome feedback, run once per share group of configs, the action chosen per config; \
validation, parsing, policy and features are computed once per session for all configs), or the time of one \
`dispatch_host_call_shared` call for a session dispatched per config; sampled one call in \
`run.latency_sample_every`, in 1/8-octave buckets (values are bucket upper edges). Per-config p50/p99 are in \
`timings.json`."
            .into(),
    ));
    b.push(Block::Image("latency_cdf.png".into(), "latency CDF".into()));
    b.push(Block::Marker(MEASURED_END.into()));
    b
}

#[derive(Serialize)]
struct PointSummary<'a> {
    id: &'a str,
    overrides: &'a BTreeMap<String, serde_json::Value>,
    train_fp: Rate,
    train_fn: Rate,
    heldout_fp: Rate,
    heldout_fn: Rate,
    heldout_hard_fp: Rate,
    heldout_ext_fp: Rate,
    heldout_delay_p50: Option<u32>,
}

fn point_summary<'a>(d: &'a SweepData, a: &Analysis, i: usize) -> PointSummary<'a> {
    let t = &a.stats[i][0];
    let h = &a.stats[i][1];
    PointSummary {
        id: &d.points[i].id,
        overrides: &d.points[i].overrides,
        train_fp: t.fp,
        train_fn: t.fn_,
        heldout_fp: h.fp,
        heldout_fn: h.fn_,
        heldout_hard_fp: h.hard_fp,
        heldout_ext_fp: h.ext_fp,
        heldout_delay_p50: h.delay_p50,
    }
}

fn sha_file(p: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
    Ok(hex(&Sha256::digest(&bytes)))
}

/// Write a run directory under `out_root` and return the headline.
pub fn write_run(out_root: &Path, d: &SweepData, t: &Timing, git_rev: &str) -> anyhow::Result<Headline> {
    write_run_with(
        out_root,
        d,
        t,
        git_rev,
        &AdversaryRun::NotRun("not requested by this command".into()),
    )
}

/// Per config point, the share of the sweep's adversary strategies that
/// reached their goal before Deny/Terminate (None when the search did not run
/// or misses a point).
pub fn attack_rates(d: &SweepData, adv: &AdversaryRun) -> Option<Vec<crate::stats::Rate>> {
    let AdversaryRun::Searched(s) = adv else {
        return None;
    };
    let sel = &d.lab.selection;
    d.points
        .iter()
        .map(|p| {
            s.points
                .iter()
                .find(|x| x.point == p.id)
                .map(|x| crate::stats::Rate::new(x.successes as u64, x.evaluated as u64, sel.interval, sel.confidence))
        })
        .collect()
}

/// The sweep's adversary searches, or why there are none.
#[derive(Debug, Clone)]
pub enum AdversaryRun {
    Searched(crate::sweep::SweepAdversary),
    NotRun(String),
}

/// [`write_run`] with the sweep's adversary searches (issue 12): written to
/// `adversary.json` / `adversary.csv` and a report section.
pub fn write_run_with(
    out_root: &Path,
    d: &SweepData,
    t: &Timing,
    git_rev: &str,
    adv: &AdversaryRun,
) -> anyhow::Result<Headline> {
    let a = analysis::analyse_with(d, attack_rates(d, adv));
    let id = run_id(d);
    std::fs::create_dir_all(out_root).with_context(|| format!("creating {}", out_root.display()))?;
    let nonce = std::process::id();
    let tmp = out_root.join(format!(".tmp-{id}-{nonce}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).ok();
    }
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let res = write_into(&tmp, d, &a, t, &id, git_rev, adv);
    if let Err(err) = res {
        std::fs::remove_dir_all(&tmp).ok();
        return Err(err);
    }
    let dest = out_root.join(&id);
    if dest.exists() {
        let old = out_root.join(format!(".old-{id}-{nonce}"));
        std::fs::rename(&dest, &old).with_context(|| format!("moving aside {}", dest.display()))?;
        std::fs::rename(&tmp, &dest).with_context(|| format!("renaming into {}", dest.display()))?;
        std::fs::remove_dir_all(&old).ok();
    } else {
        std::fs::rename(&tmp, &dest).with_context(|| format!("renaming into {}", dest.display()))?;
    }
    let r = &a.stats[a.recommended][1];
    Ok(Headline {
        run_id: id,
        dir: dest,
        recommended: d.points[a.recommended].id.clone(),
        recommended_overrides: d.points[a.recommended].overrides.clone(),
        heldout_fp: r.fp,
        heldout_fn: r.fn_,
        base_heldout_fp: a.base.map(|b| a.stats[b][1].fp),
        base_heldout_fn: a.base.map(|b| a.stats[b][1].fn_),
        slo: a
            .slo
            .iter()
            .map(|c| (c.slo.to_string(), c.target, c.verdict.as_str().to_string()))
            .collect(),
        feasible: a.feasible,
        per_core_rate: t.per_core_rate(),
        wall_ms: t.wall_ms,
        complete: d.is_complete(),
        real: a.real[a.recommended].clone(),
        real_base: a.base.map(|b| a.real[b].clone()),
        decided_by: a.decided_by.to_string(),
        tie_break: a.tie_break,
        recommended_toml: resolved_risk_toml(d, a.recommended)?,
        base_extensions: a
            .base
            .map(|b| analysis::extension_rows(d, b, Split::Heldout))
            .unwrap_or_default(),
        trace_notes: d.trace_notes.clone(),
    })
}

fn write_into(
    dir: &Path,
    d: &SweepData,
    a: &Analysis,
    t: &Timing,
    id: &str,
    git: &str,
    adv: &AdversaryRun,
) -> anyhow::Result<()> {
    let put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        std::fs::write(dir.join(name), bytes).with_context(|| format!("writing {name}"))
    };
    // Tables.
    let mut sweep = tables::sweep_frame(d, a)?;
    put("sweep.parquet", &tables::to_parquet(&mut sweep)?)?;
    put("sweep.csv", &tables::to_csv(&mut sweep)?)?;
    let mut arch = tables::archetype_frame(d)?;
    put("per_archetype.csv", &tables::to_csv(&mut arch)?)?;
    // Plots.
    plots::roc(dir, d, a).map_err(|e| anyhow!("roc plot: {e}"))?;
    plots::fp_fn_vs_threshold(dir, d, a).map_err(|e| anyhow!("fp_fn plot: {e}"))?;
    plots::latency_cdf(dir, d, a, t).map_err(|e| anyhow!("latency plot: {e}"))?;
    // Summary and recommended config.
    let summary = serde_json::json!({
        "run_id": id,
        "seed": d.lab.run.seed,
        "complete": d.is_complete(),
        "feasible": a.feasible,
        "selection": &d.lab.selection,
        "recommended": point_summary(d, a, a.recommended),
        "base": a.base.map(|b| point_summary(d, a, b)),
        "slo": &a.slo,
        "slo_base": &a.slo_base,
        "pareto": a.pareto.iter().map(|&i| d.points[i].id.clone()).collect::<Vec<_>>(),
        "per_archetype": &a.per_archetype,
        "flagged_extensions": &a.flagged_extensions,
        "decided_by": a.decided_by,
        "tie_break": a.tie_break,
        "feasible_count": a.feasible_count,
        "real_recommended": &a.real[a.recommended],
        "real_base": a.base.map(|b| &a.real[b]),
        "trace_notes": &d.trace_notes,
        "realism": &d.realism,
    });
    put(
        "summary.json",
        format!("{}\n", serde_json::to_string_pretty(&summary)?).as_bytes(),
    )?;
    let header = format!(
        "# Recommended runtime-risk config from {id} (config {}).\n# Use as an engine config file, e.g. `seclab replay TRACE --config recommended.toml`.\n",
        d.points[a.recommended].id
    );
    put(
        "recommended.toml",
        format!("{header}{}", resolved_risk_toml(d, a.recommended)?).as_bytes(),
    )?;
    put("shard.json", format!("{}\n", serde_json::to_string(d)?).as_bytes())?;
    put("adversary.json", adversary::json(adv)?.as_bytes())?;
    put("adversary.csv", adversary::csv(adv).as_bytes())?;
    // Timings.
    let per_point: Vec<serde_json::Value> = d
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let h = t.latency.get(i).cloned().unwrap_or_default();
            serde_json::json!({"id": p.id, "samples": h.values().sum::<u64>(), "p50_us": lat_us(&h, 0.5), "p99_us": lat_us(&h, 0.99)})
        })
        .collect();
    let timings = serde_json::json!({
        "wall_ms": t.wall_ms,
        "cpu_ms": t.cpu_ms,
        "threads": t.threads,
        "dispatched": t.dispatched,
        "per_core_decisions_per_s": t.per_core_rate(),
        "latency": per_point,
        "adversary_wall_ms": match adv {
            AdversaryRun::Searched(x) => Some(x.wall_ms),
            AdversaryRun::NotRun(_) => None,
        },
        "raw": t,
    });
    put(
        "timings.json",
        format!("{}\n", serde_json::to_string_pretty(&timings)?).as_bytes(),
    )?;
    // Reports.
    let bl = blocks(d, a, t, id, git, adv);
    put("report.md", doc::md(&bl).as_bytes())?;
    put(
        "report.html",
        doc::html(&format!("seclab calibration report — {id}"), &bl, dir).as_bytes(),
    )?;
    // Manifest.
    let mut det = BTreeMap::new();
    for n in DETERMINISTIC {
        det.insert(n.to_string(), sha_file(&dir.join(n))?);
    }
    let mut meas = BTreeMap::new();
    for n in MEASURED {
        meas.insert(n.to_string(), sha_file(&dir.join(n))?);
    }
    let digest = hex(&Sha256::digest(
        det.iter()
            .map(|(k, v)| format!("{v}  {k}\n"))
            .collect::<String>()
            .as_bytes(),
    ));
    let manifest = serde_json::json!({
        "schema": "seclab-sim/run/v1",
        "run_id": id,
        "seed": d.lab.run.seed,
        "config_source": d.lab.source,
        "plan_sha256": d.plan_sha256,
        "git_revision": git,
        "profile_source": d.profile_source,
        "profiles_sha256": d.profiles_sha256,
        "shards": d.shards,
        "complete": d.is_complete(),
        "lab_config": d.lab,
        "artifacts": {"deterministic": det, "measured": meas},
        "deterministic_digest": digest,
    });
    put(
        "manifest.json",
        format!("{}\n", serde_json::to_string_pretty(&manifest)?).as_bytes(),
    )?;
    Ok(())
}

/// Read a run directory's counts and timings back (for `merge`).
pub fn read_run(dir: &Path) -> anyhow::Result<(SweepData, Timing)> {
    let d: SweepData = serde_json::from_slice(
        &std::fs::read(dir.join("shard.json")).with_context(|| format!("reading {}/shard.json", dir.display()))?,
    )
    .with_context(|| format!("parsing {}/shard.json", dir.display()))?;
    if d.schema != crate::results::SHARD_SCHEMA {
        return Err(anyhow!("{}/shard.json: unknown schema {}", dir.display(), d.schema));
    }
    let tj: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("timings.json")).with_context(|| format!("reading {}/timings.json", dir.display()))?,
    )?;
    let t: Timing = serde_json::from_value(tj.get("raw").cloned().unwrap_or_default()).unwrap_or_default();
    Ok((d, t))
}
