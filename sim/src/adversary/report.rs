//! The adversary report of one config: per family the attack success rate
//! (goal reached before the first Deny/Terminate — SLO-11's false negative),
//! the distribution and maximum of damage before detection, and detection
//! delay in calls and trace seconds; then the successful strategies found.
//! Markdown and JSON, both deterministic for a given seed, budget and config.

use super::search::AdversaryResult;
use std::fmt::Write;

/// The JSON report (pretty, trailing newline).
pub fn to_json(config_label: &str, r: &AdversaryResult) -> String {
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "config": config_label,
        "result": r,
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

/// The Markdown report.
pub fn to_markdown(config_label: &str, r: &AdversaryResult) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# Adversary report: {config_label}\n");
    let _ = writeln!(
        m,
        "Seed {}, budget {}, strategies evaluated {}, successful {} ({:.2} %).\n",
        r.seed,
        r.budget,
        r.evaluated,
        r.successes,
        100.0 * r.successes as f64 / r.evaluated.max(1) as f64
    );
    let pad = match &r.padding {
        super::padding::PaddingSource::RealSessions { dir, sessions, calls } => {
            format!("padding from {sessions} real sessions ({calls} calls) in `{dir}`")
        }
        super::padding::PaddingSource::Generic { reason } => {
            format!("padding from the built-in generic vocabulary (real sessions absent: {reason})")
        }
    };
    let _ = writeln!(m, "Benign padding: {pad}.\n");
    let _ = writeln!(
        m,
        "Success = the family's goal reached (measured by the lab connector) before the first Deny/Terminate. \
         Damage counts only calls that reached the connector before that stop. Delay = calls / trace seconds \
         from the attack's first call to the stop (detected strategies only).\n"
    );
    let _ = writeln!(
        m,
        "| family | evaluated | successes | success rate | secret bytes p50 / p90 / max | commands max | files changed max | detected | delay calls p50 / max | delay s p50 / max | successful cells |"
    );
    let _ = writeln!(m, "|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, f) in r
        .families
        .iter()
        .chain(std::iter::once((&"all".to_string(), &r.overall)))
    {
        let _ = writeln!(
            m,
            "| {name} | {} | {} | {:.2} % | {} / {} / {} | {} | {} | {} | {} / {} | {:.1} / {:.1} | {} |",
            f.evaluated,
            f.successes,
            100.0 * f.success_rate,
            f.secret_bytes.p50,
            f.secret_bytes.p90,
            f.secret_bytes.max,
            f.commands.max,
            f.files_changed.max,
            f.detected,
            f.delay_calls.p50,
            f.delay_calls.max,
            f.delay_ms.p50 as f64 / 1000.0,
            f.delay_ms.max as f64 / 1000.0,
            f.successful_cells
        );
    }
    let _ = writeln!(m, "\n## Successful strategies (first per cell)\n");
    if r.found.is_empty() {
        let _ = writeln!(m, "None: no strategy reached its goal before the first Deny/Terminate.");
    }
    for f in r.found.iter().take(200) {
        let ev = &f.evaluation;
        let goals: Vec<String> = ev
            .goals
            .iter()
            .map(|(g, i)| format!("{} @ call {i}", g.as_str()))
            .collect();
        let _ = writeln!(
            m,
            "- `{}` {} — {}; secret bytes {}; stop {}",
            f.family,
            f.cell,
            goals.join(", "),
            ev.damage.secret_bytes,
            ev.stop_index.map_or("never".to_string(), |i| format!("at call {i}"))
        );
    }
    m
}
