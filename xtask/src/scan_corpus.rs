//! `cargo xtask scan-corpus [--out DIR]`: the scanner's detection rate on the
//! adversarial corpus (SLO-02) and false-positive rate on the benign
//! conformance corpus (SLO-03), overall and per rule family, each with a Wilson
//! 95% score interval. Prints a table and writes `scanner_rates.csv` and
//! `scanner_rates.md` to DIR (default notebooks-out/scanner/), atomically.
//! Exit 0 when both SLOs hold, 1 when one is breached.

use crate::util::{root, write_atomic};
use clap::Args;
use seclab_engine::scanner::corpus::{
    detection_counts, evaluate_adversarial, evaluate_benign, false_positive_counts, Counts,
};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// SLO-02: detection ≥ 95%.
const SLO_DETECTION: f64 = 0.95;
/// SLO-03: false positives ≤ 5%.
const SLO_FALSE_POSITIVE: f64 = 0.05;
/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

#[derive(Args)]
pub struct ScanCorpusArgs {
    /// Output directory (relative paths are taken from the workspace root).
    #[arg(long, default_value = "notebooks-out/scanner")]
    pub out: PathBuf,
}

/// Wilson score interval for k successes in n trials; (0, 1) when n = 0.
pub fn wilson_interval(k: usize, n: usize, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let center = (p + z2 / (2.0 * n_f)) / denom;
    let half = z * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    ((center - half).max(0.0), (center + half).min(1.0))
}

struct Row {
    metric: &'static str,
    family: String,
    k: usize,
    n: usize,
}

impl Row {
    fn rate(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.k as f64 / self.n as f64
        }
    }
}

fn rows_of(metric: &'static str, c: &Counts, out: &mut Vec<Row>) {
    out.push(Row {
        metric,
        family: "all".to_string(),
        k: c.overall.0,
        n: c.overall.1,
    });
    for (rule, (k, n)) in &c.per_rule {
        out.push(Row {
            metric,
            family: rule.as_str().to_string(),
            k: *k,
            n: *n,
        });
    }
}

pub fn run(a: ScanCorpusArgs) -> anyhow::Result<ExitCode> {
    let root = root();
    let adv_dir = root.join("corpus/extensions/adversarial");
    let benign_dir = root.join("corpus/extensions/conformance");
    let adversarial = evaluate_adversarial(&adv_dir).map_err(anyhow::Error::msg)?;
    let benign = if benign_dir.is_dir() {
        evaluate_benign(&benign_dir).map_err(anyhow::Error::msg)?
    } else {
        eprintln!("warning: no benign corpus at {}", benign_dir.display());
        Vec::new()
    };
    let det = detection_counts(&adversarial);
    let fp = false_positive_counts(&benign);
    let verdicts_ok = adversarial.iter().filter(|r| r.verdict_ok()).count();

    let mut rows = Vec::new();
    rows_of("detection", &det, &mut rows);
    rows.push(Row {
        metric: "verdict_match",
        family: "all".to_string(),
        k: verdicts_ok,
        n: adversarial.len(),
    });
    rows_of("false_positive", &fp, &mut rows);

    let mut csv = String::from("metric,family,k,n,rate,wilson_lo,wilson_hi\n");
    let mut md = String::from(
        "# Scanner rates\n\nDetection: planted patterns found with the same rule on the labelled line / planted \
         (adversarial corpus). False positive: benign extensions with a finding whose rule is not in their \
         manifest's expected_rules / benign extensions. Intervals: Wilson 95%.\n\n\
         | metric | family | k | n | rate | 95% CI |\n|---|---|---:|---:|---:|---|\n",
    );
    let mut table = format!(
        "{:<15} {:<22} {:>5} {:>5} {:>8}  {}\n",
        "metric", "family", "k", "n", "rate", "wilson 95%"
    );
    for r in &rows {
        let (lo, hi) = wilson_interval(r.k, r.n, Z95);
        let rate = r.rate();
        writeln!(
            csv,
            "{},{},{},{},{rate:.6},{lo:.6},{hi:.6}",
            r.metric, r.family, r.k, r.n
        )?;
        writeln!(
            md,
            "| {} | {} | {} | {} | {:.2}% | [{:.2}%, {:.2}%] |",
            r.metric,
            r.family,
            r.k,
            r.n,
            rate * 100.0,
            lo * 100.0,
            hi * 100.0
        )?;
        writeln!(
            table,
            "{:<15} {:<22} {:>5} {:>5} {:>7.2}%  [{:.2}%, {:.2}%]",
            r.metric,
            r.family,
            r.k,
            r.n,
            rate * 100.0,
            lo * 100.0,
            hi * 100.0
        )?;
    }
    let mut misses = String::new();
    for r in &adversarial {
        for p in &r.missed {
            writeln!(misses, "missed: {} {} line {}", r.label.file, p.rule, p.line)?;
        }
        if !r.verdict_ok() {
            writeln!(
                misses,
                "verdict: {} is {} (expected {})",
                r.label.file, r.report.verdict, r.label.expected_verdict
            )?;
        }
    }
    for b in &benign {
        for (file, rule, line) in &b.unexpected {
            writeln!(misses, "false positive: {file}:{line} {rule}")?;
        }
        for file in &b.errors {
            writeln!(misses, "false positive (not scanned): {file}")?;
        }
    }
    if !misses.is_empty() {
        md.push_str("\n## Misses and false positives\n\n```\n");
        md.push_str(&misses);
        md.push_str("```\n");
    }

    print!("{table}");
    eprint!("{misses}");
    let out_dir = if a.out.is_absolute() {
        a.out.clone()
    } else {
        root.join(&a.out)
    };
    write_atomic(&out_dir.join("scanner_rates.csv"), &csv)?;
    write_atomic(&out_dir.join("scanner_rates.md"), &md)?;
    println!("wrote {}/scanner_rates.{{csv,md}}", out_dir.display());

    let det_rate = det.overall.0 as f64 / det.overall.1.max(1) as f64;
    let fp_rate = fp.overall.0 as f64 / fp.overall.1.max(1) as f64;
    let ok = det.overall.1 > 0 && det_rate >= SLO_DETECTION && fp_rate <= SLO_FALSE_POSITIVE;
    println!(
        "SLO-02 detection {:.2}% (target >= 95%): {}; SLO-03 false positives {:.2}% (target <= 5%): {}",
        det_rate * 100.0,
        if det_rate >= SLO_DETECTION { "met" } else { "BREACHED" },
        fp_rate * 100.0,
        if fp_rate <= SLO_FALSE_POSITIVE {
            "met"
        } else {
            "BREACHED"
        }
    );
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // 0/10 → [0, 0.2775]; 10/10 → [0.7225, 1]; 50/100 → [0.4038, 0.5962].
        let (lo, hi) = wilson_interval(0, 10, Z95);
        assert!(lo.abs() < 1e-12 && (hi - 0.27753).abs() < 1e-4, "{lo} {hi}");
        let (lo, hi) = wilson_interval(10, 10, Z95);
        assert!((lo - 0.72247).abs() < 1e-4 && (hi - 1.0).abs() < 1e-12);
        let (lo, hi) = wilson_interval(50, 100, Z95);
        assert!((lo - 0.40383).abs() < 1e-4 && (hi - 0.59617).abs() < 1e-4);
        assert_eq!(wilson_interval(0, 0, Z95), (0.0, 1.0));
    }
}
