//! Measuring the scanner against the extension corpora (SLO-02, SLO-03): loads
//! the adversarial labels and the benign manifests, scans the sources and
//! counts, without any statistics (intervals are the caller's business).
//!
//! * Detection: a planted pattern is detected when the file's report has a
//!   finding with the same rule on the labelled line (multiset matching, so two
//!   planted patterns of one rule on one line need two findings).
//! * False positives: a benign extension is a false positive when any of its
//!   source files has a finding whose rule is not in its manifest's
//!   `expected_rules`, or could not be scanned.

use super::package::scan_dir;
use super::{scan_file, scan_paths, FileReport, RuleId, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One planted pattern of an adversarial label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Planted {
    pub rule: RuleId,
    pub line: u32,
}

/// `<stem>.label.json` beside a hostile source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdversarialLabel {
    pub file: String,
    pub description: String,
    pub families: Vec<RuleId>,
    #[serde(default)]
    pub obfuscations: Vec<String>,
    pub planted: Vec<Planted>,
    pub expected_verdict: Verdict,
}

/// The scanner's result on one labelled file.
#[derive(Debug, Clone)]
pub struct AdversarialResult {
    pub label: AdversarialLabel,
    pub report: FileReport,
    /// Planted patterns that were found (rule and line).
    pub detected: Vec<Planted>,
    pub missed: Vec<Planted>,
}

impl AdversarialResult {
    pub fn verdict_ok(&self) -> bool {
        self.report.verdict == self.label.expected_verdict
    }
}

/// The fields of a benign extension's manifest the scanner measurement needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenignManifest {
    pub name: String,
    #[serde(default)]
    pub entry: String,
    #[serde(default)]
    pub expected_rules: Vec<RuleId>,
}

/// The scanner's result on one benign extension.
#[derive(Debug, Clone)]
pub struct BenignResult {
    pub dir: PathBuf,
    pub manifest: BenignManifest,
    pub reports: Vec<FileReport>,
    /// Findings (file, rule, line) whose rule the manifest does not expect.
    pub unexpected: Vec<(String, RuleId, u32)>,
    /// Files that could not be scanned.
    pub errors: Vec<String>,
}

impl BenignResult {
    pub fn is_false_positive(&self) -> bool {
        !self.unexpected.is_empty() || !self.errors.is_empty()
    }
}

/// Match planted patterns against findings (multiset on (rule, line)).
pub fn match_planted(planted: &[Planted], report: &FileReport) -> (Vec<Planted>, Vec<Planted>) {
    let mut available: BTreeMap<(RuleId, u32), usize> = BTreeMap::new();
    for f in &report.findings {
        *available.entry((f.rule, f.line)).or_default() += 1;
    }
    let (mut hit, mut miss) = (Vec::new(), Vec::new());
    for p in planted {
        match available.get_mut(&(p.rule, p.line)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                hit.push(*p);
            }
            _ => miss.push(*p),
        }
    }
    (hit, miss)
}

/// Scan every labelled file of an adversarial corpus directory (sorted by file name).
pub fn evaluate_adversarial(dir: &Path) -> Result<Vec<AdversarialResult>, String> {
    let mut labels: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".label.json"))
        .collect();
    labels.sort();
    let mut out = Vec::with_capacity(labels.len());
    for lp in labels {
        let text = std::fs::read_to_string(&lp).map_err(|e| format!("cannot read {}: {e}", lp.display()))?;
        let label: AdversarialLabel =
            serde_json::from_str(&text).map_err(|e| format!("bad label {}: {e}", lp.display()))?;
        let report = scan_file(&dir.join(&label.file));
        let (detected, missed) = match_planted(&label.planted, &report);
        out.push(AdversarialResult {
            label,
            report,
            detected,
            missed,
        });
    }
    Ok(out)
}

/// Scan every benign extension below `root` (any directory holding a
/// `manifest.json`, searched two levels deep: `root/<origin>/<name>/`).
pub fn evaluate_benign(root: &Path) -> Result<Vec<BenignResult>, String> {
    let mut dirs = Vec::new();
    collect_manifest_dirs(root, 0, &mut dirs)?;
    dirs.sort();
    let mut out = Vec::with_capacity(dirs.len());
    for d in dirs {
        let mp = d.join("manifest.json");
        let text = std::fs::read_to_string(&mp).map_err(|e| format!("cannot read {}: {e}", mp.display()))?;
        let manifest: BenignManifest =
            serde_json::from_str(&text).map_err(|e| format!("bad manifest {}: {e}", mp.display()))?;
        let reports = scan_paths(std::slice::from_ref(&d));
        let mut unexpected = Vec::new();
        let mut errors = Vec::new();
        for r in &reports {
            if r.error.is_some() {
                errors.push(r.file.clone());
            }
            for f in &r.findings {
                if !manifest.expected_rules.contains(&f.rule) {
                    unexpected.push((r.file.clone(), f.rule, f.line));
                }
            }
        }
        out.push(BenignResult {
            dir: d,
            manifest,
            reports,
            unexpected,
            errors,
        });
    }
    Ok(out)
}

fn collect_manifest_dirs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if dir.join("manifest.json").is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    if depth >= 3 {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_manifest_dirs(&p, depth + 1, out)?;
        }
    }
    Ok(())
}

/// Aggregate counts of a corpus evaluation: `(k, n)` overall and per rule family.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub overall: (usize, usize),
    pub per_rule: BTreeMap<RuleId, (usize, usize)>,
}

/// Detection counts: detected / planted, overall and per rule.
pub fn detection_counts(results: &[AdversarialResult]) -> Counts {
    let mut c = Counts::default();
    for r in results {
        for p in &r.detected {
            c.overall.0 += 1;
            c.per_rule.entry(p.rule).or_default().0 += 1;
        }
        for p in r.detected.iter().chain(&r.missed) {
            c.overall.1 += 1;
            c.per_rule.entry(p.rule).or_default().1 += 1;
        }
    }
    c
}

/// False-positive counts: extensions with an unexpected finding / extensions,
/// overall and per rule (an extension counts once per rule it wrongly triggers;
/// every rule's denominator is the number of extensions).
pub fn false_positive_counts(results: &[BenignResult]) -> Counts {
    let n = results.len();
    let mut c = Counts {
        overall: (results.iter().filter(|r| r.is_false_positive()).count(), n),
        per_rule: BTreeMap::new(),
    };
    for rule in RuleId::ALL {
        let k = results
            .iter()
            .filter(|r| r.unexpected.iter().any(|(_, ru, _)| *ru == rule))
            .count();
        c.per_rule.insert(rule, (k, n));
    }
    c
}

/// `expect.json` of a package case: findings (file relative to the case, rule)
/// that must be reported, and the package verdict (the worst file verdict).
#[derive(Debug, Clone, Deserialize)]
struct PackageExpect {
    description: String,
    expect: Vec<ExpectedFinding>,
    verdict: Verdict,
}

#[derive(Debug, Clone, Deserialize)]
struct ExpectedFinding {
    file: String,
    rule: RuleId,
}

/// The scanner's result on one package case.
#[derive(Debug, Clone)]
pub struct PackageResult {
    pub name: String,
    pub description: String,
    pub reports: Vec<FileReport>,
    pub expected: Vec<(String, RuleId)>,
    pub missed: Vec<(String, RuleId)>,
    pub verdict: Verdict,
    pub expected_verdict: Verdict,
}

/// Scan every package case below `dir` (each subdirectory with an `expect.json`).
pub fn evaluate_packages(dir: &Path) -> Result<Vec<PackageResult>, String> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expect.json").is_file())
        .collect();
    cases.sort();
    let mut out = Vec::new();
    for c in cases {
        let ep = c.join("expect.json");
        let text = std::fs::read_to_string(&ep).map_err(|e| format!("cannot read {}: {e}", ep.display()))?;
        let ex: PackageExpect = serde_json::from_str(&text)
            .map_err(|e| format!("bad {} (line {}, column {}): {e}", ep.display(), e.line(), e.column()))?;
        let reports: Vec<FileReport> = scan_dir(&c)
            .into_iter()
            .filter(|r| !r.file.ends_with("expect.json"))
            .collect();
        let rel = |r: &FileReport| {
            Path::new(&r.file)
                .strip_prefix(&c)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| r.file.clone())
        };
        let expected: Vec<(String, RuleId)> = ex.expect.iter().map(|e| (e.file.clone(), e.rule)).collect();
        let missed = expected
            .iter()
            .filter(|(f, rule)| {
                !reports
                    .iter()
                    .any(|r| rel(r) == *f && r.findings.iter().any(|x| x.rule == *rule))
            })
            .cloned()
            .collect();
        let verdict = reports.iter().map(|r| r.verdict).max().unwrap_or(Verdict::Clean);
        out.push(PackageResult {
            name: c
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            description: ex.description,
            reports,
            expected,
            missed,
            verdict,
            expected_verdict: ex.verdict,
        });
    }
    Ok(out)
}
