//! `cargo xtask scan-corpus [--out DIR]`: the scanner's detection rate on the
//! adversarial corpus (SLO-02) and false-positive rate on the benign
//! conformance corpus (SLO-03), overall and per rule family, each with a Wilson
//! 95% score interval. Prints a table and writes `scanner_rates.csv` and
//! `scanner_rates.md` to DIR (default notebooks-out/scanner/), atomically.
//! Exit 0 when both SLOs hold, 1 when one is breached.
//!
//! `cargo xtask scan-corpus --dir DIR --labels FILE`: any labelled directory
//! (e.g. real packages measured locally, never committed). FILE has one item
//! per line, `PATH<TAB or comma>LABEL` (PATH relative to DIR: a file, or a
//! directory scanned as a package; `#` starts a comment). Prints, per label,
//! the share of items whose worst verdict is clean / flagged / forbidden, each
//! with a Wilson 95% interval, and writes `labelled_rates.{csv,md}` to --out.

use crate::util::{root, write_atomic};
use clap::Args;
use seclab_engine::scanner::corpus::{
    detection_counts, evaluate_adversarial, evaluate_benign, false_positive_counts, Counts,
};
use seclab_engine::scanner::scan_paths;
use seclab_engine::Verdict;
use std::collections::BTreeMap;
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
    /// A labelled directory to measure instead of the repository's corpora.
    #[arg(long, requires = "labels")]
    pub dir: Option<PathBuf>,
    /// The labels of the items under --dir.
    #[arg(long, requires = "dir")]
    pub labels: Option<PathBuf>,
}

/// One labelled item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledItem {
    pub path: PathBuf,
    pub label: String,
}

/// Parse a labels file (`PATH<TAB or ,>LABEL` per line); errors name file and line.
pub fn parse_labels(file: &std::path::Path, text: &str) -> anyhow::Result<Vec<LabelledItem>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let Some((p, l)) = line.split_once('\t').or_else(|| line.rsplit_once(',')) else {
            anyhow::bail!(
                "{}:{}: expected `PATH<TAB>LABEL` or `PATH,LABEL`, got {line:?}",
                file.display(),
                i + 1
            );
        };
        let (p, l) = (p.trim(), l.trim());
        if p.is_empty() || l.is_empty() {
            anyhow::bail!("{}:{}: empty path or label", file.display(), i + 1);
        }
        out.push(LabelledItem {
            path: PathBuf::from(p),
            label: l.to_string(),
        });
    }
    if out.is_empty() {
        anyhow::bail!("{}: no labelled items", file.display());
    }
    Ok(out)
}

/// Verdict counts per label: label → (clean, flagged, forbidden).
pub fn verdicts_by_label(
    dir: &std::path::Path,
    items: &[LabelledItem],
) -> anyhow::Result<BTreeMap<String, [usize; 3]>> {
    let mut by: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for it in items {
        let p = dir.join(&it.path);
        if std::fs::symlink_metadata(&p).is_err() {
            anyhow::bail!(
                "labelled item {} does not exist under {}",
                it.path.display(),
                dir.display()
            );
        }
        let reports = scan_paths(std::slice::from_ref(&p));
        let v = reports.iter().map(|r| r.verdict).max().unwrap_or(Verdict::Clean);
        let e = by.entry(it.label.clone()).or_default();
        e[match v {
            Verdict::Clean => 0,
            Verdict::Flagged => 1,
            Verdict::Forbidden => 2,
        }] += 1;
    }
    Ok(by)
}

fn run_labelled(
    dir: &std::path::Path,
    labels: &std::path::Path,
    out_dir: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(labels).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", labels.display()))?;
    let items = parse_labels(labels, &text)?;
    let by = verdicts_by_label(dir, &items)?;
    let mut csv = String::from("label,verdict,k,n,rate,wilson_lo,wilson_hi\n");
    let mut md = format!(
        "# Scanner verdicts on {}\n\nPer label: items whose worst file verdict is clean / flagged / forbidden. Intervals: Wilson 95%.\n\n\
         | label | verdict | k | n | rate | 95% CI |\n|---|---|---:|---:|---:|---|\n",
        dir.display()
    );
    let mut table = format!(
        "{:<20} {:<10} {:>5} {:>5} {:>8}  {}\n",
        "label", "verdict", "k", "n", "rate", "wilson 95%"
    );
    for (label, counts) in &by {
        let n: usize = counts.iter().sum();
        for (name, k) in ["clean", "flagged", "forbidden"].iter().zip(counts) {
            let (lo, hi) = wilson_interval(*k, n, Z95);
            let rate = *k as f64 / n.max(1) as f64;
            writeln!(csv, "{label},{name},{k},{n},{rate:.6},{lo:.6},{hi:.6}")?;
            writeln!(
                md,
                "| {label} | {name} | {k} | {n} | {:.2}% | [{:.2}%, {:.2}%] |",
                rate * 100.0,
                lo * 100.0,
                hi * 100.0
            )?;
            writeln!(
                table,
                "{label:<20} {name:<10} {k:>5} {n:>5} {:>7.2}%  [{:.2}%, {:.2}%]",
                rate * 100.0,
                lo * 100.0,
                hi * 100.0
            )?;
        }
    }
    print!("{table}");
    write_atomic(&out_dir.join("labelled_rates.csv"), &csv)?;
    write_atomic(&out_dir.join("labelled_rates.md"), &md)?;
    println!("wrote {}/labelled_rates.{{csv,md}}", out_dir.display());
    Ok(ExitCode::SUCCESS)
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
    if let (Some(dir), Some(labels)) = (&a.dir, &a.labels) {
        let out_dir = if a.out.is_absolute() {
            a.out.clone()
        } else {
            root.join(&a.out)
        };
        return run_labelled(dir, labels, &out_dir);
    }
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

    #[test]
    fn scan_corpus_labels_parse_and_bad_lines_name_the_line() {
        let f = std::path::Path::new("labels.tsv");
        let items = parse_labels(f, "# header\na/pkg\tmalicious\nb.js,benign\n\n").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].label, "benign");
        let e = parse_labels(f, "ok\tx\nnolabel\n").unwrap_err().to_string();
        assert!(e.contains("labels.tsv:2"), "{e}");
        assert!(parse_labels(f, "# nothing\n").is_err());
    }

    #[test]
    fn scan_corpus_labelled_verdicts_are_counted_per_label() {
        let d = std::env::temp_dir().join(format!("seclab-scan-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("a.js"), "eval(x)").unwrap();
        std::fs::write(d.join("b.js"), "let a = 1").unwrap();
        std::fs::write(d.join("c.js"), "process.env.X").unwrap();
        let items = parse_labels(std::path::Path::new("l"), "a.js\tbad\nb.js\tgood\nc.js\tgood\n").unwrap();
        let by = verdicts_by_label(&d, &items).unwrap();
        assert_eq!(by["bad"], [0, 0, 1]);
        assert_eq!(by["good"], [1, 1, 0]);
        assert!(verdicts_by_label(&d, &parse_labels(std::path::Path::new("l"), "zz.js\tx").unwrap()).is_err());
        let _ = std::fs::remove_dir_all(&d);
    }
}
