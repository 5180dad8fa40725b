//! `cargo xtask gate G-CI-1 … G-CI-5`: the CI gates of
//! docs/security/security-slos.md section 4.
//!
//! Each gate runs exactly the commands section 4.2 lists for it, computes the
//! SLOs it checks from fresh evidence (G-CI-5 from a post-release telemetry
//! file instead), evaluates the abort criteria of section 5.3 and the rollback
//! triggers of section 6 that apply, and writes notebooks-out/gates/<gate>.json
//! and .md. Blocking gates (G-CI-1, 2, 4) exit 1 on failure; advisory gates
//! (G-CI-3, 5) report the failure and exit 0.
//!
//! The verdict is the pure function [`evaluate`] of step results, SLO results
//! and telemetry, so the failing cases are unit-tested below.

use crate::slo::evidence::ProbeOpts;
use crate::slo::model::{def_of, pct_of, wilson95, SloResult, Status};
use crate::slo::{self, Inputs};
use crate::util::{cargo_cmd, root, write_atomic};
use anyhow::{bail, Context};
use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::Instant;

#[derive(Args)]
pub struct GateArgs {
    /// G-CI-1 (pre-merge), G-CI-2 (post-merge), G-CI-3 (nightly), G-CI-4 (pre-release) or G-CI-5 (post-release).
    pub gate: String,
    /// G-CI-5: the post-release telemetry file (format in docs/gates.md).
    #[arg(long, default_value = EXAMPLE_TELEMETRY)]
    pub telemetry: PathBuf,
    /// Output directory (relative to the workspace root).
    #[arg(long, default_value = "notebooks-out/gates")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Gate {
    #[serde(rename = "G-CI-1")]
    Ci1,
    #[serde(rename = "G-CI-2")]
    Ci2,
    #[serde(rename = "G-CI-3")]
    Ci3,
    #[serde(rename = "G-CI-4")]
    Ci4,
    #[serde(rename = "G-CI-5")]
    Ci5,
}

/// One command a gate runs.
pub struct StepSpec {
    pub name: &'static str,
    pub args: Vec<&'static str>,
    /// Keep stdout (test output feeds SLO-01/09/13).
    pub capture: bool,
}

fn step(name: &'static str, args: &[&'static str], capture: bool) -> StepSpec {
    StepSpec {
        name,
        args: args.to_vec(),
        capture,
    }
}

impl Gate {
    pub fn parse(s: &str) -> anyhow::Result<Gate> {
        Ok(match s.trim().to_ascii_uppercase().as_str() {
            "G-CI-1" | "1" => Gate::Ci1,
            "G-CI-2" | "2" => Gate::Ci2,
            "G-CI-3" | "3" => Gate::Ci3,
            "G-CI-4" | "4" => Gate::Ci4,
            "G-CI-5" | "5" => Gate::Ci5,
            _ => bail!("unknown gate {s:?}: expected G-CI-1 … G-CI-5"),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Gate::Ci1 => "G-CI-1",
            Gate::Ci2 => "G-CI-2",
            Gate::Ci3 => "G-CI-3",
            Gate::Ci4 => "G-CI-4",
            Gate::Ci5 => "G-CI-5",
        }
    }

    pub fn phase(self) -> &'static str {
        match self {
            Gate::Ci1 => "pre-merge",
            Gate::Ci2 => "post-merge",
            Gate::Ci3 => "nightly",
            Gate::Ci4 => "pre-release",
            Gate::Ci5 => "post-release",
        }
    }

    /// Section 4.1: G-CI-3 and G-CI-5 are advisory.
    pub fn blocking(self) -> bool {
        matches!(self, Gate::Ci1 | Gate::Ci2 | Gate::Ci4)
    }

    /// Section 4.3: the SLOs each gate checks.
    pub fn slos(self) -> Vec<&'static str> {
        match self {
            Gate::Ci1 => vec!["SLO-01", "SLO-08", "SLO-12"],
            Gate::Ci2 => vec!["SLO-01", "SLO-08", "SLO-09", "SLO-12"],
            Gate::Ci3 => vec!["SLO-02", "SLO-03", "SLO-07"],
            Gate::Ci4 => slo::ALL_IDS.to_vec(),
            Gate::Ci5 => vec!["SLO-10", "SLO-11", "SLO-14"],
        }
    }

    /// Section 4.2's commands, adapted to the workspace (`--workspace` where the
    /// seed's single-crate `cargo test` would miss the engine and lab crates).
    pub fn steps(self) -> Vec<StepSpec> {
        let nightly = || {
            vec![
                step("test conformance", &["test", "conformance"], false),
                step("test compatibility_scanner", &["test", "compatibility_scanner"], false),
                step(
                    "test env_var_blocklist_coverage",
                    &["test", "env_var_blocklist_coverage"],
                    false,
                ),
            ]
        };
        match self {
            Gate::Ci1 => vec![
                step("fmt --check", &["fmt", "--all", "--", "--check"], false),
                step("check --all-targets", &["check", "--workspace", "--all-targets"], false),
                step(
                    "clippy -D warnings",
                    &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
                    false,
                ),
                step(
                    "test --lib + policy/config sets",
                    &[
                        "test",
                        "--workspace",
                        "--lib",
                        "--test",
                        "capability_policy_scoped",
                        "--test",
                        "extensions_policy_negative",
                        "--test",
                        "config_edge_cases",
                    ],
                    true,
                ),
            ],
            Gate::Ci2 => vec![step("test", &["test", "--workspace"], true)],
            Gate::Ci3 => nightly(),
            Gate::Ci4 => {
                let mut v = vec![
                    step("test", &["test", "--workspace"], true),
                    step(
                        "bench security_overhead (short)",
                        &[
                            "bench",
                            "--bench",
                            "security_overhead",
                            "--",
                            "--warm-up-time",
                            "1",
                            "--measurement-time",
                            "3",
                        ],
                        false,
                    ),
                    step("test adversarial_corpus", &["test", "adversarial_corpus"], false),
                ];
                v.extend(nightly());
                v
            }
            Gate::Ci5 => Vec::new(),
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    pub name: String,
    pub command: String,
    pub ok: bool,
    pub seconds: f64,
}

// ------------------------------------------------------------------ telemetry

/// Post-release figures for G-CI-5 (format documented in docs/gates.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Telemetry {
    pub schema: u32,
    pub release: String,
    #[serde(default)]
    pub environment: String,
    pub window: Window,
    pub risk: RiskTelemetry,
    pub overhead: OverheadTelemetry,
    pub sustained: Sustained,
    /// Worst production latency/throughput regression against the previous release (fraction).
    pub performance_degradation: f64,
    pub incidents: Incidents,
    #[serde(default)]
    pub new_threat_classes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: String,
    pub end: String,
    pub days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskTelemetry {
    pub benign_extensions: u64,
    pub benign_flagged: u64,
    pub hostile_extensions: u64,
    pub hostile_missed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverheadTelemetry {
    pub samples: u64,
    /// Median wall-time overhead of the security layers (fraction, 0.012 = 1.2%).
    pub median: f64,
    /// Optional 95% interval of the median.
    #[serde(default)]
    pub ci95: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sustained {
    /// Highest false-positive rate held over any 48-hour span of the window.
    pub fp_rate_max_48h: f64,
    /// Highest false-negative rate held over any 24-hour span of the window.
    pub fn_rate_max_24h: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incidents {
    pub invariant_failures: u64,
    pub capability_bypasses: u64,
    pub ledger_breaks: u64,
}

/// The observation window G-CI-5 needs (section 4.2).
pub const WINDOW_DAYS: f64 = 7.0;

impl Telemetry {
    pub fn load(path: &Path) -> anyhow::Result<Telemetry> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let t: Telemetry =
            serde_json::from_str(&text).with_context(|| format!("{}: not a telemetry file", path.display()))?;
        t.validate().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(t)
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.schema != 1 {
            return Err(format!("schema {} is not supported (expected 1)", self.schema));
        }
        let r = &self.risk;
        if r.benign_flagged > r.benign_extensions || r.hostile_missed > r.hostile_extensions {
            return Err("risk: flagged/missed counts exceed their totals".into());
        }
        for (name, v) in [
            ("sustained.fp_rate_max_48h", self.sustained.fp_rate_max_48h),
            ("sustained.fn_rate_max_24h", self.sustained.fn_rate_max_24h),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} = {v} is not a fraction in [0, 1]"));
            }
        }
        if !self.window.days.is_finite() || self.window.days < 0.0 {
            return Err(format!("window.days = {} is not a duration", self.window.days));
        }
        if !self.overhead.median.is_finite() || !self.performance_degradation.is_finite() {
            return Err("overhead.median and performance_degradation must be numbers".into());
        }
        Ok(())
    }
}

/// SLO-10, 11 and 14 from telemetry.
pub fn telemetry_slos(t: &Telemetry) -> Vec<SloResult> {
    let d = |id| def_of(id).expect("id");
    let r = &t.risk;
    let src = json!({"release": t.release, "environment": t.environment, "window": t.window});
    let rate = |id, k: u64, n: u64, what: &str| {
        if n == 0 {
            SloResult::unavailable(d(id), format!("telemetry has no {what} extensions"))
        } else {
            SloResult::measured(
                d(id),
                k as f64 / n as f64,
                pct_of(k, n),
                Some(wilson95(k, n)),
                json!({"source": "telemetry", "k": k, "n": n, "of": what, "telemetry": src}),
            )
        }
    };
    vec![
        rate("SLO-10", r.benign_flagged, r.benign_extensions, "benign"),
        rate("SLO-11", r.hostile_missed, r.hostile_extensions, "hostile"),
        SloResult::measured(
            d("SLO-14"),
            t.overhead.median,
            format!(
                "{:+.2}% (median of {} samples)",
                t.overhead.median * 100.0,
                t.overhead.samples
            ),
            t.overhead.ci95,
            json!({"source": "telemetry", "samples": t.overhead.samples, "telemetry": src}),
        ),
    ]
}

// ------------------------------------------------------------------ verdict

/// An abort criterion or rollback trigger that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fired {
    pub rule: &'static str,
    pub section: &'static str,
    pub observed: String,
    pub action: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub gate: Gate,
    pub phase: &'static str,
    pub blocking: bool,
    pub passed: bool,
    pub exit_code: u8,
    pub steps: Vec<StepResult>,
    pub slos: Vec<SloResult>,
    pub aborts: Vec<Fired>,
    pub rollbacks: Vec<Fired>,
    pub failures: Vec<String>,
}

fn measured(slos: &[SloResult], id: &str) -> Option<f64> {
    slos.iter().find(|s| s.id == id).and_then(|s| s.measured)
}

/// Section 5.3's abort criteria that can be judged from the SLOs this gate
/// measured (and, post-release, from telemetry incidents).
pub fn abort_criteria(slos: &[SloResult], telemetry: Option<&Telemetry>) -> Vec<Fired> {
    let mut out = Vec::new();
    let incidents = telemetry.map(|t| &t.incidents);
    let mut fire = |rule, observed: String, action| {
        out.push(Fired {
            rule,
            section: "5.3",
            observed,
            action,
        })
    };
    let inv = measured(slos, "SLO-01")
        .filter(|v| *v < 1.0)
        .map(|v| format!("SLO-01 {:.1}%", v * 100.0));
    let inv = inv.or_else(|| {
        incidents
            .filter(|i| i.invariant_failures > 0)
            .map(|i| format!("{} invariant failures in telemetry", i.invariant_failures))
    });
    if let Some(o) = inv {
        fire("invariant test failure (any)", o, "immediate abort; fix required");
    }
    if let Some(v) = measured(slos, "SLO-08").filter(|v| *v < 1.0) {
        fire(
            "dangerous capability allowed under default config",
            format!("SLO-08 {:.1}%", v * 100.0),
            "immediate abort; fix required",
        );
    }
    let ledger = measured(slos, "SLO-09")
        .filter(|v| *v < 1.0)
        .map(|v| format!("SLO-09 {:.1}%", v * 100.0));
    let ledger = ledger.or_else(|| {
        incidents
            .filter(|i| i.ledger_breaks > 0)
            .map(|i| format!("{} ledger breaks in telemetry", i.ledger_breaks))
    });
    if let Some(o) = ledger {
        fire(
            "ledger hash-chain break (any)",
            o,
            "immediate abort; investigate tampering vs bug",
        );
    }
    if let Some(v) = measured(slos, "SLO-11").filter(|v| *v > 0.10) {
        fire(
            "runtime risk FN rate > 10% (2x budget)",
            format!("{:.1}%", v * 100.0),
            "abort RC/GA; return to Beta for calibration",
        );
    }
    // The FP rate is judged both ways it is measured: per conformance
    // extension (SLO-10) and per real agent session (SLO-10r).
    let fp = [measured(slos, "SLO-10"), measured(slos, "SLO-10r")]
        .into_iter()
        .flatten()
        .reduce(f64::max);
    if let Some(v) = fp.filter(|v| *v > 0.20) {
        fire(
            "runtime risk FP rate > 20% (2x budget)",
            format!("{:.1}%", v * 100.0),
            "abort RC/GA; return to Beta for calibration",
        );
    }
    if let Some(v) = measured(slos, "SLO-14").filter(|v| *v > 0.05) {
        fire(
            "security overhead > 5% wall-time",
            format!("{:.2}%", v * 100.0),
            "abort RC; profile and optimise before retry",
        );
    }
    if let Some(v) = measured(slos, "SLO-02").filter(|v| *v < 0.90) {
        fire(
            "scanner detection rate < 90%",
            format!("{:.1}%", v * 100.0),
            "block release; add detection rules",
        );
    }
    out
}

/// Section 6.1 (automatic) and 6.2 (manual) rollback triggers, from telemetry.
pub fn rollback_triggers(t: &Telemetry) -> Vec<Fired> {
    let mut out = Vec::new();
    let mut fire = |rule, section, observed: String, action| {
        out.push(Fired {
            rule,
            section,
            observed,
            action,
        })
    };
    let auto = "automatic rollback to the previous GA version";
    if t.incidents.invariant_failures > 0 {
        fire(
            "invariant test failure in production",
            "6.1",
            t.incidents.invariant_failures.to_string(),
            auto,
        );
    }
    if t.incidents.capability_bypasses > 0 {
        fire(
            "capability bypass detected",
            "6.1",
            t.incidents.capability_bypasses.to_string(),
            auto,
        );
    }
    if t.incidents.ledger_breaks > 0 {
        fire("ledger corruption", "6.1", t.incidents.ledger_breaks.to_string(), auto);
    }
    let manual = "human evaluation before rollback";
    if t.sustained.fp_rate_max_48h > 0.15 {
        fire(
            "FP rate sustained > 15% for 48h",
            "6.2",
            format!("{:.1}%", t.sustained.fp_rate_max_48h * 100.0),
            manual,
        );
    }
    if t.sustained.fn_rate_max_24h > 0.08 {
        fire(
            "FN rate sustained > 8% for 24h",
            "6.2",
            format!("{:.1}%", t.sustained.fn_rate_max_24h * 100.0),
            manual,
        );
    }
    if t.performance_degradation > 0.05 {
        fire(
            "performance degradation > 5%",
            "6.2",
            format!("{:.1}%", t.performance_degradation * 100.0),
            manual,
        );
    }
    if !t.new_threat_classes.is_empty() {
        fire(
            "new threat class discovered",
            "6.2",
            t.new_threat_classes.join(", "),
            manual,
        );
    }
    out
}

/// The gate verdict: every step passed, every SLO the gate checks was measured
/// and met (warn counts as met), no abort criterion and no rollback trigger fired.
pub fn evaluate(gate: Gate, steps: Vec<StepResult>, slos: Vec<SloResult>, telemetry: Option<&Telemetry>) -> Verdict {
    let mut failures = Vec::new();
    for s in steps.iter().filter(|s| !s.ok) {
        failures.push(format!("step `{}` failed", s.name));
    }
    for id in gate.slos() {
        match slos.iter().find(|s| s.id == id) {
            None => failures.push(format!("{id} was not measured")),
            Some(s) if s.status == Status::Breach => {
                failures.push(format!("{id} breached: {} (target {})", s.display, s.target))
            }
            Some(s) if s.status == Status::Unavailable => failures.push(format!("{id} unavailable: {}", s.note)),
            Some(_) => {}
        }
    }
    if gate == Gate::Ci5 {
        match telemetry {
            None => failures.push("no telemetry".into()),
            Some(t) if t.window.days < WINDOW_DAYS => failures.push(format!(
                "observation window {} days is shorter than {WINDOW_DAYS}",
                t.window.days
            )),
            Some(_) => {}
        }
    }
    let aborts = abort_criteria(&slos, telemetry);
    let rollbacks = match (gate, telemetry) {
        (Gate::Ci5, Some(t)) => rollback_triggers(t),
        _ => Vec::new(),
    };
    for a in &aborts {
        failures.push(format!("abort criterion fired: {} ({})", a.rule, a.observed));
    }
    for r in &rollbacks {
        failures.push(format!(
            "rollback trigger fired ({}): {} ({})",
            r.section, r.rule, r.observed
        ));
    }
    let passed = failures.is_empty();
    Verdict {
        gate,
        phase: gate.phase(),
        blocking: gate.blocking(),
        passed,
        exit_code: u8::from(!passed && gate.blocking()),
        steps,
        slos,
        aborts,
        rollbacks,
        failures,
    }
}

// ------------------------------------------------------------------ running

fn run_step(s: &StepSpec) -> anyhow::Result<(StepResult, Option<String>)> {
    let command = format!("cargo {}", s.args.join(" "));
    eprintln!("==> {}: {command}", s.name);
    let t = Instant::now();
    let mut cmd = cargo_cmd(&s.args);
    cmd.current_dir(root());
    let (ok, out) = if s.capture {
        let o = cmd
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("cannot start {command}"))?;
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        print!("{text}");
        (o.status.success(), Some(text))
    } else {
        let st = cmd.status().with_context(|| format!("cannot start {command}"))?;
        (st.success(), None)
    };
    Ok((
        StepResult {
            name: s.name.into(),
            command,
            ok,
            seconds: t.elapsed().as_secs_f64(),
        },
        out,
    ))
}

pub fn run(a: GateArgs) -> anyhow::Result<ExitCode> {
    let gate = Gate::parse(&a.gate)?;
    let root = root();
    let mut steps = Vec::new();
    let mut captured = String::new();
    for s in gate.steps() {
        let (r, out) = run_step(&s)?;
        if let Some(o) = out {
            captured.push_str(&o);
        }
        steps.push(r);
    }
    let (slos, telemetry) = if gate == Gate::Ci5 {
        let path = if a.telemetry.is_absolute() {
            a.telemetry.clone()
        } else {
            root.join(&a.telemetry)
        };
        let t = Telemetry::load(&path)?;
        (telemetry_slos(&t), Some(t))
    } else {
        let inputs = Inputs {
            captured_tests: (!captured.is_empty()).then_some(captured.as_str()),
            probe: ProbeOpts::default(),
        };
        let card = slo::compute(&gate.slos(), &inputs)?;
        if gate == Gate::Ci4 {
            slo::save(&card, &root.join("notebooks-out/slo"))?;
        }
        (card.slos, None)
    };
    let v = evaluate(gate, steps, slos, telemetry.as_ref());
    let dir = if a.out.is_absolute() {
        a.out.clone()
    } else {
        root.join(&a.out)
    };
    write_atomic(
        &dir.join(format!("{}.json", gate.name())),
        &serde_json::to_string_pretty(&v)?,
    )?;
    let md = markdown(&v);
    write_atomic(&dir.join(format!("{}.md", gate.name())), &md)?;
    print!("{md}");
    println!("wrote {}/{}.{{json,md}}", dir.display(), gate.name());
    Ok(ExitCode::from(v.exit_code))
}

pub fn markdown(v: &Verdict) -> String {
    let mut m =
        format!(
        "# {} ({}, {})\n\nResult: **{}**{}\n\n## Steps\n\n| step | command | result | seconds |\n|---|---|---|---:|\n",
        v.gate.name(),
        v.phase,
        if v.blocking { "blocking" } else { "advisory" },
        if v.passed { "PASS" } else { "FAIL" },
        if !v.passed && !v.blocking { " (advisory: exit 0)" } else { "" }
    );
    if v.steps.is_empty() {
        m.push_str("| (none: figures from telemetry) | | | |\n");
    }
    for s in &v.steps {
        let _ = writeln!(
            m,
            "| {} | `{}` | {} | {:.1} |",
            s.name,
            s.command,
            if s.ok { "ok" } else { "FAILED" },
            s.seconds
        );
    }
    m.push_str("\n## SLOs\n\n| SLO | measured | target | budget used | status | note |\n|---|---|---|---:|---|---|\n");
    for s in &v.slos {
        let _ = writeln!(
            m,
            "| {} {} | {} | {} | {} | {} | {} |",
            s.id,
            s.name,
            s.display,
            s.target,
            s.budget_consumed_pct.map_or("-".into(), |b| format!("{b:.1}%")),
            s.status.as_str(),
            s.note
        );
    }
    m.push_str("\n## Abort criteria (5.3) and rollback triggers (6.1/6.2)\n\n");
    if v.aborts.is_empty() && v.rollbacks.is_empty() {
        m.push_str("None fired.\n");
    }
    for f in v.aborts.iter().chain(&v.rollbacks) {
        let _ = writeln!(
            m,
            "- **{}** ({}): observed {} → {}",
            f.rule, f.section, f.observed, f.action
        );
    }
    if !v.failures.is_empty() {
        m.push_str("\n## Failures\n\n");
        for f in &v.failures {
            let _ = writeln!(m, "- {f}");
        }
    }
    m
}

/// Where the example telemetry ships.
pub const EXAMPLE_TELEMETRY: &str = "corpus/telemetry/example.json";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slo::model::SloResult;
    use serde_json::Value;

    fn example() -> Telemetry {
        Telemetry::load(&root().join(EXAMPLE_TELEMETRY)).expect("the shipped example loads")
    }

    fn ok_step() -> StepResult {
        StepResult {
            name: "test".into(),
            command: "cargo test".into(),
            ok: true,
            seconds: 1.0,
        }
    }

    fn slo(id: &str, v: f64) -> SloResult {
        SloResult::measured(def_of(id).unwrap(), v, format!("{v}"), None, Value::Null)
    }

    fn healthy_all() -> Vec<SloResult> {
        let good = [
            ("SLO-01", 1.0),
            ("SLO-02", 0.99),
            ("SLO-03", 0.01),
            ("SLO-04", 1_000.0),
            ("SLO-05", 5_000.0),
            ("SLO-06", 800.0),
            ("SLO-07", 0.99),
            ("SLO-08", 1.0),
            ("SLO-09", 1.0),
            ("SLO-10", 0.04),
            ("SLO-10r", 0.02),
            ("SLO-11", 0.0),
            ("SLO-12", 1.0),
            ("SLO-13", 1.0),
            ("SLO-14", 0.005),
        ];
        good.iter().map(|(id, v)| slo(id, *v)).collect()
    }

    #[test]
    fn example_telemetry_passes_g_ci_5() {
        let t = example();
        let v = evaluate(Gate::Ci5, vec![], telemetry_slos(&t), Some(&t));
        assert!(v.passed, "{:?}", v.failures);
        assert_eq!(v.exit_code, 0);
    }

    #[test]
    fn false_negatives_of_12_percent_abort_the_rollout_but_g_ci_5_stays_advisory() {
        let mut t = example();
        t.risk.hostile_extensions = 100;
        t.risk.hostile_missed = 12;
        let v = evaluate(Gate::Ci5, vec![], telemetry_slos(&t), Some(&t));
        assert!(!v.passed);
        assert!(
            v.aborts
                .iter()
                .any(|a| a.rule.starts_with("runtime risk FN rate > 10%")),
            "{:?}",
            v.aborts
        );
        assert!(
            v.failures.iter().any(|f| f.starts_with("SLO-11 breached")),
            "{:?}",
            v.failures
        );
        assert_eq!(v.exit_code, 0, "G-CI-5 is advisory");
    }

    #[test]
    fn rollback_triggers_fire_from_telemetry() {
        let mut t = example();
        t.incidents.ledger_breaks = 1;
        t.sustained.fp_rate_max_48h = 0.16;
        t.window.days = 3.0;
        let v = evaluate(Gate::Ci5, vec![], telemetry_slos(&t), Some(&t));
        let rules: Vec<&str> = v.rollbacks.iter().map(|r| r.rule).collect();
        assert_eq!(rules, ["ledger corruption", "FP rate sustained > 15% for 48h"]);
        assert!(v.aborts.iter().any(|a| a.rule.starts_with("ledger hash-chain break")));
        assert!(v.failures.iter().any(|f| f.contains("observation window 3")));
    }

    #[test]
    fn slo_08_breach_fails_g_ci_4_with_a_non_zero_exit() {
        let healthy = evaluate(Gate::Ci4, vec![ok_step()], healthy_all(), None);
        assert!(healthy.passed, "{:?}", healthy.failures);
        assert_eq!(healthy.exit_code, 0);

        let mut slos = healthy_all();
        slos[7] = slo("SLO-08", 11.0 / 12.0);
        let v = evaluate(Gate::Ci4, vec![ok_step()], slos, None);
        assert!(!v.passed);
        assert_eq!(v.exit_code, 1);
        assert!(v
            .aborts
            .iter()
            .any(|a| a.rule.starts_with("dangerous capability allowed")));
    }

    #[test]
    fn failed_steps_and_unmeasured_slos_fail_blocking_gates() {
        let mut bad = ok_step();
        bad.ok = false;
        let slos = vec![slo("SLO-01", 1.0), slo("SLO-08", 1.0), slo("SLO-12", 1.0)];
        let v = evaluate(Gate::Ci1, vec![ok_step(), bad], slos.clone(), None);
        assert_eq!((v.passed, v.exit_code), (false, 1));
        let v = evaluate(Gate::Ci1, vec![ok_step()], slos[..2].to_vec(), None);
        assert_eq!(v.failures, ["SLO-12 was not measured"]);
        let v = evaluate(Gate::Ci1, vec![ok_step()], slos, None);
        assert_eq!((v.passed, v.exit_code), (true, 0));
    }

    #[test]
    fn nightly_failures_are_reported_with_exit_zero() {
        let slos = vec![slo("SLO-02", 0.89), slo("SLO-03", 0.01), slo("SLO-07", 0.95)];
        let v = evaluate(Gate::Ci3, vec![ok_step()], slos, None);
        assert!(!v.passed);
        assert_eq!(v.exit_code, 0);
        assert!(v.aborts.iter().any(|a| a.rule == "scanner detection rate < 90%"));
    }

    #[test]
    fn bad_telemetry_files_are_named_in_the_error() {
        let dir = std::env::temp_dir().join(format!("xtask-telemetry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("t.json");
        let mut v: Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(EXAMPLE_TELEMETRY)).unwrap()).unwrap();
        v["risk"]["hostile_missed"] = json!(v["risk"]["hostile_extensions"].as_u64().unwrap() + 1);
        std::fs::write(&p, v.to_string()).unwrap();
        let e = format!("{:#}", Telemetry::load(&p).unwrap_err());
        assert!(e.contains("t.json") && e.contains("exceed"), "{e}");
        std::fs::write(&p, "{").unwrap();
        assert!(format!("{:#}", Telemetry::load(&p).unwrap_err()).contains("t.json"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn gates_run_the_section_4_2_commands() {
        let cmds = |g: Gate| g.steps().iter().map(|s| s.args.join(" ")).collect::<Vec<_>>();
        assert!(cmds(Gate::Ci1).contains(&"clippy --workspace --all-targets -- -D warnings".to_string()));
        assert!(cmds(Gate::Ci3).contains(&"test env_var_blocklist_coverage".to_string()));
        assert!(cmds(Gate::Ci4)
            .iter()
            .any(|c| c.starts_with("bench --bench security_overhead")));
        assert!(Gate::Ci5.steps().is_empty());
        assert!(Gate::parse("g-ci-9").is_err());
        // All fourteen SLOs, SLO-10 measured twice (per extension and per real session).
        assert_eq!(Gate::Ci4.slos().len(), 15);
        assert!(Gate::Ci4.slos().contains(&"SLO-10r"));
    }
}
