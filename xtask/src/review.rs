//! `cargo xtask review`: the quarterly SLO target review (security-slos.md
//! section 8.2) for the three planned tightenings — SLO-10 10% → 5%, SLO-03
//! 5% → 2%, SLO-14 3% → 1%.
//!
//! Reads the latest scorecard (notebooks-out/slo/scorecard.json; run `cargo
//! xtask slo` first) and every scorecard kept in notebooks-out/slo/history/.
//! For each SLO: the measured value and its 95% interval, whether the evidence
//! supports the tighter target now (the interval's upper bound is below it),
//! what blocks it, and the trend of error-budget consumption across the kept
//! runs. Writes notebooks-out/review/report.md and report.html with plots.

use crate::slo::model::{Scorecard, SloResult};
use crate::util::{root, write_atomic};
use anyhow::{bail, Context};
use clap::Args;
use plotters::prelude::*;
use seclab_sim::report::doc::{html, md, Block};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct ReviewArgs {
    /// Directory holding scorecard.json and history/ (relative to the workspace root).
    #[arg(long, default_value = "notebooks-out/slo")]
    pub slo_dir: PathBuf,
    /// Output directory.
    #[arg(long, default_value = "notebooks-out/review")]
    pub out: PathBuf,
}

/// A planned tightening of section 8.2.
#[derive(Debug, Clone, Copy)]
pub struct Tightening {
    pub id: &'static str,
    pub current: f64,
    pub tighter: f64,
    /// The seed's prerequisite for the tightening.
    pub prerequisite: &'static str,
}

pub const TIGHTENINGS: [Tightening; 4] = [
    Tightening {
        id: "SLO-10",
        current: 0.10,
        tighter: 0.05,
        prerequisite: "calibration work bd-3i9da and bd-cu17q complete",
    },
    // SLO-10 on real agent sessions: a tightening must hold on real behaviour too.
    Tightening {
        id: "SLO-10r",
        current: 0.10,
        tighter: 0.05,
        prerequisite: "the SLO-10 calibration, measured on real agent sessions",
    },
    Tightening {
        id: "SLO-03",
        current: 0.05,
        tighter: 0.02,
        prerequisite: "scanner refinement bd-21vng complete",
    },
    Tightening {
        id: "SLO-14",
        current: 0.03,
        tighter: 0.01,
        prerequisite: "a performance optimisation pass",
    },
];

/// The judgement for one tightening.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: &'static str,
    pub measured: Option<f64>,
    pub interval: Option<[f64; 2]>,
    pub supported: bool,
    pub blockers: Vec<String>,
    /// Budget consumed (%) against the tighter target, per kept run (oldest first).
    pub trend_tighter: Vec<f64>,
    /// Budget consumed (%) against the current target, per kept run.
    pub trend_current: Vec<f64>,
}

/// Smallest sample with zero events whose Wilson 95% upper bound is below `t`:
/// z²/(n + z²) < t  ⇔  n > z²(1 − t)/t.
pub fn zero_event_sample_for(t: f64) -> u64 {
    let z2 = 1.959_963_984_540_054_f64.powi(2);
    (z2 * (1.0 - t) / t).floor() as u64 + 1
}

fn trend(history: &[Scorecard], id: &str, target: f64) -> Vec<f64> {
    history
        .iter()
        .filter_map(|c| c.slos.iter().find(|s| s.id == id))
        .filter_map(|s| s.measured)
        .map(|m| m.max(0.0) / target * 100.0)
        .collect()
}

/// Pure: judge one tightening from the latest result and the kept history.
pub fn assess(t: &Tightening, latest: Option<&SloResult>, history: &[Scorecard]) -> Assessment {
    let mut blockers = Vec::new();
    let (measured, interval) = match latest {
        Some(s) => (s.measured, s.interval),
        None => (None, None),
    };
    let supported = match (measured, interval) {
        (None, _) => {
            blockers.push(format!(
                "no measurement ({})",
                latest.map_or("not in the scorecard".to_string(), |s| s.note.clone())
            ));
            false
        }
        (Some(_), None) => {
            blockers.push("no interval: the evidence cannot bound the rate".into());
            false
        }
        (Some(m), Some([_, hi])) => {
            if m >= t.tighter {
                blockers.push(format!(
                    "the measured value {:.2}% is itself above the tighter target {:.0}%",
                    m * 100.0,
                    t.tighter * 100.0
                ));
            }
            if hi >= t.tighter {
                let n = latest
                    .and_then(|s| s.evidence.pointer("/rate/n").or_else(|| s.evidence.get("extensions")))
                    .and_then(|v| v.as_u64());
                let more = match (t.id, n) {
                    ("SLO-14", _) => "more paired rounds on a quiet machine, or a faster security path".to_string(),
                    (_, Some(n)) => format!(
                        "a larger sample: n = {n} now; with no events at all n >= {} would be needed",
                        zero_event_sample_for(t.tighter)
                    ),
                    _ => "a larger sample".to_string(),
                };
                blockers.push(format!(
                    "upper 95% bound {:.2}% is not below {:.0}%: needs {more}",
                    hi * 100.0,
                    t.tighter * 100.0
                ));
            }
            hi < t.tighter
        }
    };
    let disks = workload_disks(latest, history);
    if disks.len() > 1 {
        blockers.push(format!(
            "the kept runs measured it with the workload on different file systems ({}): \
             its figure follows the disk's speed, so compare runs on one disk",
            disks.join("; ")
        ));
    }
    blockers.push(format!("seed prerequisite: {}", t.prerequisite));
    Assessment {
        id: t.id,
        measured,
        interval,
        supported,
        blockers,
        trend_tighter: trend(history, t.id, t.tighter),
        trend_current: trend(history, t.id, t.current),
    }
}

/// The distinct file systems the workload of an SLO-14-style result ran on
/// (its evidence's `workload_fs`), over the kept runs and the latest one, in
/// order of first appearance; empty for results without one.
fn workload_disks(latest: Option<&SloResult>, history: &[Scorecard]) -> Vec<String> {
    let id = latest.map(|s| s.id.as_str());
    let kept = history
        .iter()
        .filter_map(|c| c.slos.iter().find(|s| Some(s.id.as_str()) == id));
    let mut out: Vec<String> = Vec::new();
    for s in kept.chain(latest) {
        if let Some(d) = s.evidence.get("workload_fs").and_then(|v| v.as_str()) {
            if !out.iter().any(|x| x == d) {
                out.push(d.to_string());
            }
        }
    }
    out
}

fn load(path: &Path) -> anyhow::Result<Scorecard> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not a scorecard", path.display()))
}

/// Every readable scorecard in `dir`, oldest first (unreadable ones are reported).
pub fn load_history(dir: &Path) -> Vec<Scorecard> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out: Vec<Scorecard> = files
        .iter()
        .filter_map(|p| match load(p) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("review: skipping {e:#}");
                None
            }
        })
        .collect();
    out.sort_by_key(|c| c.unix_time);
    out
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

static FONT: &[u8] = include_bytes!("../../sim/assets/DejaVuSansMono.ttf");

fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for fam in ["sans-serif", "monospace"] {
            let _ = plotters::style::register_font(fam, FontStyle::Normal, FONT);
        }
    });
}

/// Budget consumed against the tighter target across the kept runs.
fn plot_trend(path: &Path, a: &[Assessment]) -> anyhow::Result<()> {
    register_font();
    let root = BitMapBackend::new(path, (960, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let n = a.iter().map(|x| x.trend_tighter.len()).max().unwrap_or(0).max(2);
    let ymax = a
        .iter()
        .flat_map(|x| x.trend_tighter.iter().copied())
        .fold(150.0_f64, f64::max)
        .min(1000.0);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Error budget consumed vs the tighter target, per kept scorecard",
            ("sans-serif", 20),
        )
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..(n - 1) as f64, 0f64..ymax)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    chart
        .configure_mesh()
        .x_desc("scorecard run (oldest → newest)")
        .y_desc("budget consumed (%)")
        .draw()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    chart
        .draw_series(LineSeries::new(
            [(0.0, 100.0), ((n - 1) as f64, 100.0)],
            BLACK.stroke_width(1),
        ))
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .label("100% = tighter target");
    for (i, x) in a.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let pts: Vec<(f64, f64)> = x
            .trend_tighter
            .iter()
            .enumerate()
            .map(|(j, v)| (j as f64, v.min(ymax)))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .label(x.id)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
        chart
            .draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled())))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    root.present().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(())
}

/// Measured value with its interval against the current and tighter targets.
fn plot_intervals(path: &Path, a: &[Assessment]) -> anyhow::Result<()> {
    register_font();
    let root = BitMapBackend::new(path, (960, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let areas = root.split_evenly((1, a.len().max(1)));
    for (area, (x, t)) in areas.iter().zip(a.iter().zip(TIGHTENINGS.iter())) {
        let lo = x.interval.map_or(0.0, |i| i[0]).min(0.0);
        let hi = x.interval.map_or(t.current, |i| i[1]).max(t.current) * 1.2;
        let mut chart = ChartBuilder::on(area)
            .caption(format!("{} (%)", x.id), ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(20)
            .y_label_area_size(50)
            .build_cartesian_2d(0f64..2f64, (lo * 100.0)..(hi * 100.0))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .draw()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for (target, color) in [(t.current, RED), (t.tighter, BLUE)] {
            chart
                .draw_series(LineSeries::new(
                    [(0.0, target * 100.0), (2.0, target * 100.0)],
                    color.stroke_width(2),
                ))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        if let (Some(m), Some([l, h])) = (x.measured, x.interval) {
            chart
                .draw_series([PathElement::new(
                    [(1.0, l * 100.0), (1.0, h * 100.0)],
                    BLACK.stroke_width(3),
                )])
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            chart
                .draw_series([Circle::new((1.0, m * 100.0), 5, BLACK.filled())])
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    root.present().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(())
}

pub fn run(a: ReviewArgs) -> anyhow::Result<ExitCode> {
    let r = root();
    let slo_dir = if a.slo_dir.is_absolute() {
        a.slo_dir.clone()
    } else {
        r.join(&a.slo_dir)
    };
    let out = if a.out.is_absolute() {
        a.out.clone()
    } else {
        r.join(&a.out)
    };
    let latest_path = slo_dir.join("scorecard.json");
    if !latest_path.exists() {
        bail!("{} does not exist: run `cargo xtask slo` first", latest_path.display());
    }
    let latest = load(&latest_path)?;
    let history = load_history(&slo_dir.join("history"));
    let assessments: Vec<Assessment> = TIGHTENINGS
        .iter()
        .map(|t| assess(t, latest.get(t.id), &history))
        .collect();

    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    plot_trend(&out.join("budget_trend.png"), &assessments)?;
    plot_intervals(&out.join("intervals.png"), &assessments)?;

    let mut blocks = vec![
        Block::Heading(1, "Quarterly SLO target review".into()),
        Block::Para(format!(
            "Latest scorecard {} (commit `{}`); {} scorecards kept in history. A tighter target is supported \
             when the upper bound of the measured value's 95% interval is below it.",
            latest.generated_at,
            latest.git_commit,
            history.len()
        )),
        Block::Table(
            ["SLO", "now", "tighter", "measured", "95% interval", "supported now?"]
                .map(String::from)
                .to_vec(),
            assessments
                .iter()
                .zip(TIGHTENINGS.iter())
                .map(|(x, t)| {
                    vec![
                        x.id.to_string(),
                        format!("<= {:.0}%", t.current * 100.0),
                        format!("<= {:.0}%", t.tighter * 100.0),
                        x.measured.map_or("-".into(), pct),
                        x.interval
                            .map_or("-".into(), |[l, h]| format!("[{}, {}]", pct(l), pct(h))),
                        if x.supported { "yes".into() } else { "no".into() },
                    ]
                })
                .collect(),
        ),
        Block::Image(
            "intervals.png".into(),
            "measured values with 95% intervals; red: current target, blue: tighter target".into(),
        ),
    ];
    for x in &assessments {
        blocks.push(Block::Heading(2, x.id.to_string()));
        blocks.push(Block::List(x.blockers.clone()));
        let fmt = |v: &[f64]| v.iter().map(|b| format!("{b:.0}%")).collect::<Vec<_>>().join(" → ");
        blocks.push(Block::Para(format!(
            "Budget consumed across {} kept runs — against the current target: {}; against the tighter target: {}.",
            x.trend_current.len(),
            fmt(&x.trend_current),
            fmt(&x.trend_tighter)
        )));
    }
    blocks.push(Block::Image(
        "budget_trend.png".into(),
        "error budget consumed against the tighter target per kept scorecard".into(),
    ));
    write_atomic(&out.join("report.md"), &md(&blocks))?;
    write_atomic(
        &out.join("report.html"),
        &html("Quarterly SLO target review", &blocks, &out),
    )?;
    for x in &assessments {
        println!(
            "{}: measured {} {} → tighter target {}",
            x.id,
            x.measured.map_or("-".into(), pct),
            x.interval
                .map_or(String::new(), |[l, h]| format!("[{}, {}]", pct(l), pct(h))),
            if x.supported { "supported" } else { "not yet supported" }
        );
    }
    println!("wrote {}/report.{{md,html}}", out.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slo::model::def_of;
    use serde_json::json;

    fn result(id: &str, m: f64, ci: [f64; 2], n: u64) -> SloResult {
        SloResult::measured(
            def_of(id).unwrap(),
            m,
            String::new(),
            Some(ci),
            json!({"rate": {"n": n}}),
        )
    }

    fn card(t: u64, slos: Vec<SloResult>) -> Scorecard {
        Scorecard {
            schema: 1,
            generated_at: String::new(),
            unix_time: t,
            git_commit: String::new(),
            slos,
        }
    }

    #[test]
    fn tighter_target_needs_the_upper_bound_below_it() {
        let t = &TIGHTENINGS[0];
        let ok = assess(t, Some(&result("SLO-10", 0.02, [0.01, 0.04], 900)), &[]);
        assert!(ok.supported, "{:?}", ok.blockers);
        let wide = assess(t, Some(&result("SLO-10", 0.033, [0.018, 0.06], 300)), &[]);
        assert!(!wide.supported);
        assert!(
            wide.blockers.iter().any(|b| b.contains("n = 300")),
            "{:?}",
            wide.blockers
        );
        let high = assess(t, Some(&result("SLO-10", 0.07, [0.05, 0.09], 300)), &[]);
        assert!(high.blockers.iter().any(|b| b.contains("itself above")));
        let none = assess(t, None, &[]);
        assert!(!none.supported && none.measured.is_none());
    }

    #[test]
    fn trend_reads_budget_per_kept_run() {
        let h = vec![
            card(2, vec![result("SLO-03", 0.01, [0.0, 0.03], 118)]),
            card(1, vec![result("SLO-03", 0.02, [0.0, 0.05], 118)]),
        ];
        let mut h = h;
        h.sort_by_key(|c| c.unix_time);
        let slo03 = TIGHTENINGS.iter().find(|t| t.id == "SLO-03").unwrap();
        let a = assess(slo03, Some(&result("SLO-03", 0.01, [0.0, 0.03], 118)), &h);
        assert_eq!(a.trend_current, [40.0, 20.0]);
        assert_eq!(a.trend_tighter, [100.0, 50.0]);
    }

    #[test]
    fn slo_14_review_flags_runs_on_different_disks() {
        let on = |disk: &str, m: f64| {
            let mut r = result("SLO-14", m, [m - 0.005, m + 0.005], 31);
            r.evidence = serde_json::json!({ "workload_fs": disk });
            r
        };
        let slo14 = TIGHTENINGS.iter().find(|t| t.id == "SLO-14").unwrap();
        let same = vec![card(1, vec![on("ext4 at / (discard)", 0.033)])];
        let a = assess(slo14, Some(&on("ext4 at / (discard)", 0.032)), &same);
        assert!(
            !a.blockers.iter().any(|b| b.contains("different file systems")),
            "{:?}",
            a.blockers
        );
        let mixed = vec![card(1, vec![on("tmpfs at /dev/shm", 0.11)]), same[0].clone()];
        let a = assess(slo14, Some(&on("ext4 at / (discard)", 0.032)), &mixed);
        let b = a.blockers.iter().find(|b| b.contains("different file systems"));
        assert!(
            b.is_some_and(|b| b.contains("(tmpfs at /dev/shm; ext4 at / (discard))")),
            "{:?}",
            a.blockers
        );
        // Results without the field (older scorecards, other SLOs) are not flagged.
        let a = assess(slo14, Some(&result("SLO-14", 0.03, [0.02, 0.04], 31)), &mixed[..1]);
        assert!(
            !a.blockers.iter().any(|b| b.contains("different file systems")),
            "{:?}",
            a.blockers
        );
    }

    #[test]
    fn zero_event_sample_size_matches_wilson() {
        let n = zero_event_sample_for(0.02);
        let [_, hi] = crate::slo::model::wilson95(0, n);
        let [_, hi_less] = crate::slo::model::wilson95(0, n - 1);
        assert!(hi < 0.02 && hi_less >= 0.02, "{n}: {hi} {hi_less}");
    }
}
