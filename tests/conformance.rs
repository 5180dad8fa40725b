//! SLO-03 on the benign conformance corpus (corpus/extensions/conformance):
//! the share of benign extensions with a finding their manifest does not expect
//! must be ≤ 5% (we steer to ≤ 1%).

use seclab_engine::scanner::corpus::{evaluate_benign, false_positive_counts};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/extensions/conformance")
}

#[test]
fn conformance_false_positive_rate_meets_slo_03() {
    let dir = corpus();
    assert!(dir.is_dir(), "benign corpus missing at {}", dir.display());
    let results = evaluate_benign(&dir).expect("benign corpus loads");
    assert!(
        results.len() >= 100,
        "expected 118 benign extensions, found {}",
        results.len()
    );
    let c = false_positive_counts(&results);
    let (k, n) = c.overall;
    let rate = k as f64 / n as f64;
    println!("SLO-03 scanner false-positive rate: {k}/{n} = {:.2}%", rate * 100.0);
    for r in results.iter().filter(|r| r.is_false_positive()) {
        println!(
            "  false positive: {} {:?} {:?}",
            r.manifest.name, r.unexpected, r.errors
        );
    }
    assert!(rate <= 0.05, "SLO-03 breached: {:.2}% > 5%", rate * 100.0);
}

#[test]
fn conformance_expected_rules_are_all_observed() {
    // A manifest that expects a rule the scanner never reports would hide a
    // scanner regression (the extension's legitimate pattern no longer seen).
    let results = evaluate_benign(&corpus()).expect("benign corpus loads");
    let mut unseen = Vec::new();
    for r in &results {
        for rule in &r.manifest.expected_rules {
            if !r.reports.iter().any(|rep| rep.findings.iter().any(|f| f.rule == *rule)) {
                unseen.push(format!("{}: {rule}", r.manifest.name));
            }
        }
    }
    assert!(unseen.is_empty(), "expected but not reported: {unseen:?}");
}

#[test]
fn conformance_no_benign_extension_is_forbidden() {
    let results = evaluate_benign(&corpus()).expect("benign corpus loads");
    let forbidden: Vec<_> = results
        .iter()
        .flat_map(|r| r.reports.iter())
        .filter(|rep| rep.verdict == seclab_engine::Verdict::Forbidden)
        .map(|rep| rep.file.clone())
        .collect();
    assert!(forbidden.is_empty(), "{forbidden:?}");
}
