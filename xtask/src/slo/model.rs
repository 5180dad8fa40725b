//! The scorecard's data model and the pure grading rules: targets, error
//! budget consumption and ok / warn / breach status for SLO-01..14
//! (docs/security/security-slos.md sections 2 and 3).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Status of one SLO on one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// Within target but at least 80% of the error budget is used.
    Warn,
    Breach,
    /// The evidence could not be produced; the reason is in `note`.
    Unavailable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Breach => "breach",
            Status::Unavailable => "unavailable",
        }
    }
}

/// Which side of the target is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtLeast,
    AtMost,
}

/// The budget class of section 3.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    ZeroTolerance,
    Detection,
    Performance,
    Velocity,
}

/// Static definition of one SLO.
#[derive(Debug, Clone, Copy)]
pub struct SloDef {
    pub id: &'static str,
    pub name: &'static str,
    pub target: f64,
    pub direction: Direction,
    pub class: Class,
    /// `ratio` (0..1), `ns` or `gaps/sprint`.
    pub unit: &'static str,
}

const fn def(
    id: &'static str,
    name: &'static str,
    target: f64,
    direction: Direction,
    class: Class,
    unit: &'static str,
) -> SloDef {
    SloDef {
        id,
        name,
        target,
        direction,
        class,
        unit,
    }
}

use Class::*;
use Direction::*;

/// The fourteen SLOs of section 2.1.
pub const SLOS: [SloDef; 15] = [
    def("SLO-01", "Invariant pass rate", 1.0, AtLeast, ZeroTolerance, "ratio"),
    def("SLO-02", "Scanner detection rate", 0.95, AtLeast, Detection, "ratio"),
    def(
        "SLO-03",
        "Scanner false-positive rate",
        0.05,
        AtMost,
        Detection,
        "ratio",
    ),
    def(
        "SLO-04",
        "Policy eval latency (p99)",
        1_000_000.0,
        AtMost,
        Performance,
        "ns",
    ),
    def(
        "SLO-05",
        "Hostcall dispatch latency (p99)",
        10_000_000.0,
        AtMost,
        Performance,
        "ns",
    ),
    def(
        "SLO-06",
        "Runtime risk decision latency (p99)",
        5_000_000.0,
        AtMost,
        Performance,
        "ns",
    ),
    def(
        "SLO-07",
        "Env var blocklist coverage",
        0.90,
        AtLeast,
        Detection,
        "ratio",
    ),
    def(
        "SLO-08",
        "Dangerous cap default-deny rate",
        1.0,
        AtLeast,
        ZeroTolerance,
        "ratio",
    ),
    def(
        "SLO-09",
        "Ledger integrity verification",
        1.0,
        AtLeast,
        ZeroTolerance,
        "ratio",
    ),
    def(
        "SLO-10",
        "Runtime risk false-positive rate",
        0.10,
        AtMost,
        Detection,
        "ratio",
    ),
    // SLO-10 measured a second way (issue 11): per real coding-agent session
    // (../shared/real-sessions, equal weight per agent), same budget.
    def(
        "SLO-10r",
        "Runtime risk FP on real agent sessions",
        0.10,
        AtMost,
        Detection,
        "ratio",
    ),
    def(
        "SLO-11",
        "Runtime risk false negatives (attacker goal reached before Deny/Terminate)",
        0.05,
        AtMost,
        Detection,
        "ratio",
    ),
    def(
        "SLO-12",
        "Capability mapping completeness",
        1.0,
        AtLeast,
        ZeroTolerance,
        "ratio",
    ),
    def(
        "SLO-13",
        "Audit gap closure velocity",
        1.0,
        AtLeast,
        Velocity,
        "gaps/sprint",
    ),
    def("SLO-14", "Runtime overhead budget", 0.03, AtMost, Performance, "ratio"),
];

/// The zero-tolerance SLOs whose breach makes `cargo xtask slo` exit non-zero.
pub const ZERO_TOLERANCE: [&str; 4] = ["SLO-01", "SLO-08", "SLO-09", "SLO-12"];

/// Share of the budget at which a met SLO is reported as `warn`.
pub const WARN_AT_PCT: f64 = 80.0;

pub fn def_of(id: &str) -> Option<&'static SloDef> {
    SLOS.iter().find(|d| d.id == id)
}

/// One SLO's line in the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SloResult {
    pub id: String,
    pub name: String,
    /// Target in words, e.g. `>= 95%`.
    pub target: String,
    pub target_value: f64,
    pub direction: Direction,
    pub unit: String,
    pub class: Class,
    pub measured: Option<f64>,
    /// 95% interval of the measured value when the evidence supports one.
    pub interval: Option<[f64; 2]>,
    /// Measured value in words, e.g. `100.0% (41/41)`.
    pub display: String,
    pub budget_consumed_pct: Option<f64>,
    pub status: Status,
    pub evidence: Value,
    pub note: String,
}

/// Error budget consumed, in percent of the budget.
///
/// * zero tolerance: 0 when met, 100 otherwise (the budget is zero);
/// * at-least ratios: shortfall / allowed shortfall (1 − target);
/// * at-most values: measured / target (negative overheads count as 0);
/// * velocity: 0 when at least the target was closed, else 100 per sprint short.
pub fn budget_consumed(d: &SloDef, measured: f64) -> f64 {
    match (d.class, d.direction) {
        (Class::ZeroTolerance, _) => {
            if meets(d, measured) {
                0.0
            } else {
                100.0
            }
        }
        (Class::Velocity, _) => {
            if measured >= d.target {
                0.0
            } else {
                100.0
            }
        }
        (_, Direction::AtLeast) => ((1.0 - measured).max(0.0) / (1.0 - d.target)) * 100.0,
        (_, Direction::AtMost) => (measured.max(0.0) / d.target) * 100.0,
    }
}

/// Whether `measured` meets the target.
pub fn meets(d: &SloDef, measured: f64) -> bool {
    match d.direction {
        Direction::AtLeast => measured >= d.target - 1e-12,
        Direction::AtMost => measured <= d.target + 1e-12,
    }
}

/// ok / warn / breach for a measured value (velocity uses [`grade_velocity`]).
pub fn grade(d: &SloDef, measured: f64) -> (f64, Status) {
    let consumed = budget_consumed(d, measured);
    let status = if !meets(d, measured) {
        Status::Breach
    } else if consumed >= WARN_AT_PCT {
        Status::Warn
    } else {
        Status::Ok
    };
    (consumed, status)
}

/// SLO-13 (section 3.2 rule 4): warn when no gap closed this sprint, breach
/// (escalation) after two consecutive sprints without a closure. Nothing left
/// open means nothing to close: ok.
pub fn grade_velocity(closed_this: u64, closed_previous: u64, open_left: u64) -> (f64, Status) {
    if closed_this >= 1 || open_left == 0 {
        (0.0, Status::Ok)
    } else if closed_previous >= 1 {
        (100.0, Status::Warn)
    } else {
        (200.0, Status::Breach)
    }
}

pub fn target_text(d: &SloDef) -> String {
    let op = match d.direction {
        Direction::AtLeast => ">=",
        Direction::AtMost => "<=",
    };
    match d.unit {
        "ratio" => format!("{op} {}%", trim_float(d.target * 100.0)),
        "ns" => format!("{op} {} ms", trim_float(d.target / 1e6)),
        _ => format!("{op} {} {}", trim_float(d.target), d.unit),
    }
}

fn trim_float(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl SloResult {
    /// A graded result for a measured value.
    pub fn measured(d: &SloDef, value: f64, display: String, interval: Option<[f64; 2]>, evidence: Value) -> SloResult {
        let (consumed, status) = grade(d, value);
        SloResult {
            budget_consumed_pct: Some(consumed),
            status,
            ..SloResult::blank(d, Some(value), display, interval, evidence)
        }
    }

    /// A result that could not be measured.
    pub fn unavailable(d: &SloDef, reason: impl Into<String>) -> SloResult {
        SloResult {
            status: Status::Unavailable,
            note: reason.into(),
            ..SloResult::blank(d, None, "-".into(), None, Value::Null)
        }
    }

    pub fn blank(
        d: &SloDef,
        measured: Option<f64>,
        display: String,
        interval: Option<[f64; 2]>,
        evidence: Value,
    ) -> SloResult {
        SloResult {
            id: d.id.into(),
            name: d.name.into(),
            target: target_text(d),
            target_value: d.target,
            direction: d.direction,
            unit: d.unit.into(),
            class: d.class,
            measured,
            interval,
            display,
            budget_consumed_pct: None,
            status: Status::Unavailable,
            evidence,
            note: String::new(),
        }
    }
}

/// The whole scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub schema: u32,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub unix_time: u64,
    pub git_commit: String,
    pub slos: Vec<SloResult>,
}

impl Scorecard {
    pub fn get(&self, id: &str) -> Option<&SloResult> {
        self.slos.iter().find(|s| s.id == id)
    }

    /// Zero-tolerance SLOs that are breached (or could not be measured).
    pub fn zero_tolerance_failures(&self) -> Vec<&SloResult> {
        self.slos
            .iter()
            .filter(|s| {
                ZERO_TOLERANCE.contains(&s.id.as_str()) && matches!(s.status, Status::Breach | Status::Unavailable)
            })
            .collect()
    }
}

/// Wilson score interval (95%) for k of n.
pub fn wilson95(k: u64, n: u64) -> [f64; 2] {
    let (lo, hi) = crate::scan_corpus::wilson_interval(k as usize, n as usize, 1.959_963_984_540_054);
    [lo, hi]
}

/// `97.0% (65/67)`.
pub fn pct_of(k: u64, n: u64) -> String {
    format!("{:.1}% ({k}/{n})", 100.0 * k as f64 / n.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: &str) -> &'static SloDef {
        def_of(id).unwrap()
    }

    #[test]
    fn budgets_follow_the_slo_direction() {
        // Detection at 96% against >= 95%: 4% shortfall of a 5% budget.
        let (c, s) = grade(d("SLO-02"), 0.96);
        assert!((c - 80.0).abs() < 1e-9 && s == Status::Warn, "{c} {s:?}");
        let (c, s) = grade(d("SLO-02"), 0.99);
        assert!((c - 20.0).abs() < 1e-9 && s == Status::Ok);
        assert_eq!(grade(d("SLO-02"), 0.94).1, Status::Breach);
        // False positives 3% of <= 5%: 60%.
        let (c, s) = grade(d("SLO-03"), 0.03);
        assert!((c - 60.0).abs() < 1e-9 && s == Status::Ok);
        assert_eq!(grade(d("SLO-03"), 0.051).1, Status::Breach);
        // p99 0.9 ms of 1 ms: warn.
        assert_eq!(grade(d("SLO-04"), 900_000.0).1, Status::Warn);
        // Negative overhead is no budget use.
        assert_eq!(grade(d("SLO-14"), -0.01), (0.0, Status::Ok));
    }

    #[test]
    fn zero_tolerance_breaches_on_any_failure() {
        assert_eq!(grade(d("SLO-01"), 1.0), (0.0, Status::Ok));
        assert_eq!(grade(d("SLO-01"), 40.0 / 41.0), (100.0, Status::Breach));
        let mut card = Scorecard {
            schema: 1,
            generated_at: String::new(),
            unix_time: 0,
            git_commit: String::new(),
            slos: vec![
                SloResult::measured(d("SLO-08"), 0.5, String::new(), None, Value::Null),
                SloResult::measured(d("SLO-03"), 0.5, String::new(), None, Value::Null),
            ],
        };
        let ids: Vec<&str> = card.zero_tolerance_failures().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["SLO-08"]);
        card.slos[0] = SloResult::measured(d("SLO-08"), 1.0, String::new(), None, Value::Null);
        assert!(card.zero_tolerance_failures().is_empty());
    }

    #[test]
    fn velocity_warns_then_escalates() {
        assert_eq!(grade_velocity(1, 0, 3).1, Status::Ok);
        assert_eq!(grade_velocity(0, 1, 3).1, Status::Warn);
        assert_eq!(grade_velocity(0, 0, 3).1, Status::Breach);
        assert_eq!(grade_velocity(0, 0, 0).1, Status::Ok);
    }

    #[test]
    fn targets_read_as_in_the_seed() {
        assert_eq!(target_text(d("SLO-02")), ">= 95%");
        assert_eq!(target_text(d("SLO-05")), "<= 10 ms");
        assert_eq!(target_text(d("SLO-13")), ">= 1 gaps/sprint");
    }
}
