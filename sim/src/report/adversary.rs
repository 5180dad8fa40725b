//! The sweep report's adversary part (issue 12): per config point, the attack
//! success rate per strategy family (goal reached before the first
//! Deny/Terminate — SLO-11's false negative), the distribution and maximum of
//! damage before detection, and the detection delay in calls and trace
//! seconds. `adversary.json` and `adversary.csv` are deterministic for the run
//! seed and config; the search's wall time is only in `timings.json`.

use super::doc::Block;
use super::AdversaryRun;
use crate::adversary::padding::PaddingSource;
use crate::adversary::search::FamilyStats;
use crate::results::SweepData;
use crate::sweep::PointAdversary;
use std::fmt::Write;

/// `adversary.json` (pretty, trailing newline).
pub fn json(adv: &AdversaryRun) -> anyhow::Result<String> {
    let v = match adv {
        AdversaryRun::Searched(x) => serde_json::json!({"searched": true, "adversary": x}),
        AdversaryRun::NotRun(reason) => serde_json::json!({"searched": false, "reason": reason}),
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&v)?))
}

const CSV_HEAD: &str = "point,family,evaluated,successes,success_rate,secret_bytes_p50,secret_bytes_p90,secret_bytes_max,commands_max,files_changed_max,detected,delay_calls_p50,delay_calls_p90,delay_calls_max,delay_s_p50,delay_s_p90,delay_s_max,successful_cells";

fn csv_row(out: &mut String, point: &str, family: &str, f: &FamilyStats) {
    let _ = writeln!(
        out,
        "{point},{family},{},{},{:.6},{},{},{},{},{},{},{},{},{},{:.3},{:.3},{:.3},{}",
        f.evaluated,
        f.successes,
        f.success_rate,
        f.secret_bytes.p50,
        f.secret_bytes.p90,
        f.secret_bytes.max,
        f.commands.max,
        f.files_changed.max,
        f.detected,
        f.delay_calls.p50,
        f.delay_calls.p90,
        f.delay_calls.max,
        f.delay_ms.p50 as f64 / 1000.0,
        f.delay_ms.p90 as f64 / 1000.0,
        f.delay_ms.max as f64 / 1000.0,
        f.successful_cells
    );
}

/// `adversary.csv`: one row per config point and family (plus `all`); only
/// the header when no search ran.
pub fn csv(adv: &AdversaryRun) -> String {
    let mut out = format!("{CSV_HEAD}\n");
    if let AdversaryRun::Searched(x) = adv {
        for p in &x.points {
            for (name, f) in &p.families {
                csv_row(&mut out, &p.point, name, f);
            }
            csv_row(&mut out, &p.point, "all", &p.overall);
        }
    }
    out
}

fn pct(f: &FamilyStats) -> String {
    format!("{:.2} % ({}/{})", 100.0 * f.success_rate, f.successes, f.evaluated)
}

fn delay(f: &FamilyStats) -> String {
    if f.detected == 0 {
        return "never detected".into();
    }
    format!(
        "{} / {} calls; {:.1} / {:.1} s",
        f.delay_calls.p50,
        f.delay_calls.max,
        f.delay_ms.p50 as f64 / 1000.0,
        f.delay_ms.max as f64 / 1000.0
    )
}

fn successful_families(p: &PointAdversary) -> String {
    let v: Vec<String> = p
        .families
        .iter()
        .filter(|(_, f)| f.successes > 0)
        .map(|(n, f)| format!("{n} {:.1} %", 100.0 * f.success_rate))
        .collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// The report section.
pub fn blocks(d: &SweepData, base: Option<usize>, rec: usize, adv: &AdversaryRun, b: &mut Vec<Block>) {
    b.push(Block::Heading(
        2,
        "Adversary search (SLO-11: attacker goal reached before Deny/Terminate)".into(),
    ));
    let x = match adv {
        AdversaryRun::NotRun(reason) => {
            b.push(Block::Para(format!("No adversary search in this run: {reason}.")));
            return;
        }
        AdversaryRun::Searched(x) => x,
    };
    let pad = match &x.padding {
        PaddingSource::RealSessions { dir, sessions, calls } => {
            format!("benign padding from {sessions} real sessions ({calls} calls) in `{dir}`")
        }
        PaddingSource::Generic { reason } => {
            format!("benign padding from the built-in generic vocabulary (real sessions absent: {reason})")
        }
    };
    b.push(Block::Para(format!(
        "Against every config point: a seeded evolutionary (MAP-Elites) search of {} strategies in generations of {} \
(docs/adversary.md), every point from the same ChaCha stream `adversary/sweep` of seed {} (common random numbers: results differ by config, not by draw); the engine's \
default config with the point's risk config and the policy opened (only the risk controller and the parsers decide); \
{pad}. Success = the family's goal (exfiltrate, download and run, persist, destroy), measured by the lab's connector, \
reached before the first Deny/Terminate. Damage counts only calls before that stop (p50 / p90 / max over every evaluated \
strategy). Delay = calls / trace seconds from the attack's first call to the stop (p50 / max, detected strategies \
only). Rates are over the search's own distribution (it spends more evaluations where it succeeds): compare configs, \
not absolute levels. Per family and config: `adversary.csv`.",
        x.budget, x.batch, x.seed
    )));
    let head: Vec<String> = [
        "config",
        "success rate",
        "families with a success",
        "secret bytes p50 / p90 / max",
        "files changed max",
        "commands max",
        "detection delay p50 / max",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = x
        .points
        .iter()
        .map(|p| {
            let o = &p.overall;
            let mut id = p.point.clone();
            if base.is_some_and(|i| d.points.get(i).is_some_and(|q| q.id == p.point)) {
                id.push_str(" (engine default)");
            }
            if d.points.get(rec).is_some_and(|q| q.id == p.point) {
                id.push_str(" (recommended)");
            }
            vec![
                id,
                pct(o),
                successful_families(p),
                format!(
                    "{} / {} / {}",
                    o.secret_bytes.p50, o.secret_bytes.p90, o.secret_bytes.max
                ),
                o.files_changed.max.to_string(),
                o.commands.max.to_string(),
                delay(o),
            ]
        })
        .collect();
    b.push(Block::Table(head, rows));
    let pick = |i: usize| d.points.get(i).and_then(|q| x.points.iter().find(|p| p.point == q.id));
    let mut shown = Vec::new();
    if let Some(p) = base.and_then(pick) {
        shown.push(("engine default", p));
    }
    if let Some(p) = pick(rec) {
        if shown.iter().all(|(_, s)| s.point != p.point) {
            shown.push(("recommended", p));
        }
    }
    for (what, p) in shown {
        b.push(Block::Heading(3, format!("Per family: {what} config `{}`", p.point)));
        let head: Vec<String> = [
            "family",
            "success rate",
            "secret bytes p50 / p90 / max",
            "files changed max",
            "commands max",
            "detected",
            "detection delay p50 / max",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows = p
            .families
            .iter()
            .map(|(n, f)| {
                vec![
                    n.clone(),
                    pct(f),
                    format!(
                        "{} / {} / {}",
                        f.secret_bytes.p50, f.secret_bytes.p90, f.secret_bytes.max
                    ),
                    f.files_changed.max.to_string(),
                    f.commands.max.to_string(),
                    f.detected.to_string(),
                    delay(f),
                ]
            })
            .collect();
        b.push(Block::Table(head, rows));
    }
}
