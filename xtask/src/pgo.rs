//! `cargo xtask pgo`: the engine built with profile-guided optimisation,
//! trained on recorded sessions, and the SLO-14 probe of that build timed
//! against the plain build's.
//!
//! On the SLO-14 workload the engine's cost is mostly its code coming back
//! into the caches after each connector call (`docs/gates.md`), so where the
//! compiler puts the hot path matters as much as how many instructions it
//! runs. A profile tells the compiler which branches and functions run, and
//! it lays them out together. The profile comes from the `seclab` CLI
//! replaying recorded coding-agent sessions (`../shared/real-sessions`, not
//! the SLO-14 workload the build is then measured on), so the figure is not
//! tuned on what it measures.
//!
//! Steps: build `seclab` instrumented (`-Cprofile-generate`) into
//! `target/pgo/gen`; replay every `*.jsonl` trace of the training directory
//! with the real-sessions config; merge the raw profiles with
//! `llvm-profdata` (rustup's `llvm-tools` component); build `slo_probe` with
//! `-Cprofile-use` into `target/pgo/use` and the plain one as
//! `cargo xtask slo` builds it; then run the two probes in interleaved pairs
//! and write `pgo.json` (each run's SLO-14 overhead, per-call cost,
//! `/dev/shm` diagnostic and `dispatch` p99, the means and the paired
//! difference).

use crate::util::{cargo_cmd, engine_example_build, root, target_dir, write_atomic};
use anyhow::{anyhow, bail, Context};
use clap::Args;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

#[derive(Debug, Args)]
pub struct PgoArgs {
    /// Recorded sessions to train on (`*.jsonl` traces), default
    /// `../shared/real-sessions` beside the workspace.
    #[arg(long)]
    pub traces: Option<PathBuf>,
    /// Engine config the traces are replayed with (default
    /// `corpus/configs/real-sessions.toml`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Interleaved plain/PGO probe pairs to time (0: build only).
    #[arg(long, default_value_t = 4)]
    pub pairs: usize,
    /// SLO-14 rounds per probe run.
    #[arg(long, default_value_t = 301)]
    pub rounds: usize,
    /// Output directory (default notebooks-out/pgo).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `RUSTFLAGS` with `extra` appended (flags the caller set are kept).
fn rustflags(extra: &str) -> String {
    match std::env::var("RUSTFLAGS") {
        Ok(f) if !f.trim().is_empty() => format!("{f} {extra}"),
        _ => extra.to_string(),
    }
}

/// The `llvm-profdata` of the running toolchain (rustup's `llvm-tools`
/// component, which matches rustc's LLVM), else one on the PATH.
fn llvm_profdata() -> anyhow::Result<PathBuf> {
    let out = |args: &[&str]| {
        Command::new("rustc")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let sysroot = out(&["--print", "sysroot"]).map(|s| PathBuf::from(s.trim()));
    let host = out(&["-vV"]).and_then(|v| {
        v.lines()
            .find_map(|l| l.strip_prefix("host: ").map(|h| h.trim().to_string()))
    });
    if let (Some(sysroot), Some(host)) = (sysroot, host) {
        let p = sysroot.join("lib/rustlib").join(host).join("bin/llvm-profdata");
        if p.is_file() {
            return Ok(p);
        }
    }
    let on_path = Command::new("llvm-profdata")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if on_path.is_ok_and(|s| s.success()) {
        return Ok(PathBuf::from("llvm-profdata"));
    }
    bail!("llvm-profdata not found: install it with `rustup component add llvm-tools`")
}

/// The `*.jsonl` traces of `dir`, sorted.
fn traces_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read the training traces in {}", dir.display()))?;
    let mut v: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    v.sort();
    if v.is_empty() {
        bail!("{}: no *.jsonl traces to train on", dir.display());
    }
    Ok(v)
}

/// The figures of one `slo_probe` run read from its JSON report.
fn probe_figures(text: &str) -> anyhow::Result<Value> {
    let d: Value = serde_json::from_str(text).context("slo_probe printed no JSON report")?;
    let num = |path: &[&str]| {
        path.iter()
            .try_fold(&d, |v, k| v.get(k))
            .and_then(Value::as_f64)
            .ok_or_else(|| anyhow!("slo_probe report: no number at {}", path.join(".")))
    };
    Ok(json!({
        "overhead": num(&["overhead", "overhead"])?,
        "overhead_ns_per_call": num(&["overhead", "overhead_ns_per_call"])?,
        "median_off_ns_per_call": num(&["overhead", "median_off_ns"])? / 100.0,
        "memory_fs_overhead": num(&["overhead", "memory_fs", "overhead"])?,
        "memory_fs_ns_per_call": num(&["overhead", "memory_fs", "overhead_ns_per_call"])?,
        "dispatch_p99_ns": num(&["dispatch", "p99_ns"])?,
    }))
}

/// Mean and standard error of `xs`.
fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, f64::NAN);
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

pub fn run(a: PgoArgs) -> anyhow::Result<ExitCode> {
    if a.rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    let traces_dir = a
        .traces
        .clone()
        .unwrap_or_else(|| root().join("../shared/real-sessions"));
    let config = a
        .config
        .clone()
        .unwrap_or_else(|| root().join("corpus/configs/real-sessions.toml"));
    let traces = traces_in(&traces_dir)?;
    let profdata = llvm_profdata()?;
    let base = target_dir().join("pgo");
    let (gen_dir, use_dir, raw) = (base.join("gen"), base.join("use"), base.join("profiles"));
    if raw.exists() {
        std::fs::remove_dir_all(&raw).with_context(|| format!("cannot clear {}", raw.display()))?;
    }
    std::fs::create_dir_all(&raw).with_context(|| format!("cannot create {}", raw.display()))?;

    eprintln!("==> pgo: instrumented build of the seclab CLI");
    let status = cargo_cmd(&["build", "--release", "--quiet", "--bin", "seclab"])
        .current_dir(root())
        .env("CARGO_TARGET_DIR", &gen_dir)
        .env("RUSTFLAGS", rustflags(&format!("-Cprofile-generate={}", raw.display())))
        .status()
        .context("cannot start cargo")?;
    if !status.success() {
        bail!("the instrumented build failed ({status})");
    }
    eprintln!("==> pgo: replaying {} traces of {}", traces.len(), traces_dir.display());
    let cli = gen_dir.join("release/seclab");
    for t in &traces {
        let o = Command::new(&cli)
            .arg("replay")
            .arg(t)
            .arg("--config")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .with_context(|| format!("cannot start {}", cli.display()))?;
        if !o.status.success() {
            bail!(
                "replay of {} failed ({}): {}",
                t.display(),
                o.status,
                String::from_utf8_lossy(&o.stderr).trim()
            );
        }
    }
    let merged = base.join("merged.profdata");
    let raws: Vec<PathBuf> = std::fs::read_dir(&raw)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "profraw"))
        .collect();
    if raws.is_empty() {
        bail!("the replays wrote no profile into {}", raw.display());
    }
    let status = Command::new(&profdata)
        .arg("merge")
        .arg("-o")
        .arg(&merged)
        .args(&raws)
        .status()
        .with_context(|| format!("cannot start {}", profdata.display()))?;
    if !status.success() {
        bail!("llvm-profdata merge failed ({status})");
    }
    eprintln!("==> pgo: slo_probe built with the profile, and the plain one");
    let probe_args = engine_example_build("slo_probe");
    let status = cargo_cmd(&probe_args)
        .current_dir(root())
        .env("CARGO_TARGET_DIR", &use_dir)
        .env(
            "RUSTFLAGS",
            rustflags(&format!(
                "-Cprofile-use={} -Cllvm-args=-pgo-warn-missing-function=false",
                merged.display()
            )),
        )
        .status()
        .context("cannot start cargo")?;
    if !status.success() {
        bail!("the profile-guided build failed ({status})");
    }
    let status = cargo_cmd(&probe_args)
        .current_dir(root())
        .status()
        .context("cannot start cargo")?;
    if !status.success() {
        bail!("the plain build of slo_probe failed ({status})");
    }
    let probes = [
        ("plain", target_dir().join("release/examples/slo_probe")),
        ("pgo", use_dir.join("release/examples/slo_probe")),
    ];
    let mut runs: Vec<Value> = Vec::new();
    let mut diffs = Vec::new();
    let (mut plain, mut pgo) = (Vec::new(), Vec::new());
    for pair in 0..a.pairs {
        // Alternate which build runs first.
        let order = if pair % 2 == 0 { [0, 1] } else { [1, 0] };
        let mut got = [0.0f64; 2];
        for i in order {
            let (name, bin) = &probes[i];
            let o = Command::new(bin)
                .args([
                    "--policy-iters",
                    "100",
                    "--dispatch-iters",
                    "1000",
                    "--risk-iters",
                    "100",
                ])
                .args(["--rounds", &a.rounds.to_string()])
                .stderr(Stdio::null())
                .output()
                .with_context(|| format!("cannot start {}", bin.display()))?;
            if !o.status.success() {
                bail!("{} failed ({})", bin.display(), o.status);
            }
            let f = probe_figures(&String::from_utf8_lossy(&o.stdout))?;
            got[i] = f["overhead"].as_f64().unwrap_or(f64::NAN);
            eprintln!(
                "==> pgo: pair {} {name}: SLO-14 {:+.2} %, {:.0} ns per call",
                pair + 1,
                got[i] * 100.0,
                f["overhead_ns_per_call"].as_f64().unwrap_or(f64::NAN)
            );
            runs.push(json!({"pair": pair + 1, "build": name, "figures": f}));
        }
        plain.push(got[0]);
        pgo.push(got[1]);
        diffs.push(got[1] - got[0]);
    }
    let summary = if a.pairs > 0 {
        let (p, _) = mean_se(&plain);
        let (g, _) = mean_se(&pgo);
        let (d, se) = mean_se(&diffs);
        eprintln!(
            "pgo: SLO-14 mean {:+.2} % (PGO) against {:+.2} % (plain), paired difference {:+.2} ± {:.2} points",
            g * 100.0,
            p * 100.0,
            d * 100.0,
            se * 100.0
        );
        json!({"plain_mean": p, "pgo_mean": g, "paired_difference_mean": d, "paired_difference_se": se})
    } else {
        Value::Null
    };
    let out = a.out.unwrap_or_else(|| root().join("notebooks-out/pgo"));
    let report = json!({
        "training": {
            "traces": traces_dir.display().to_string(),
            "sessions": traces.len(),
            "config": config.display().to_string(),
            "profile": merged.display().to_string(),
        },
        "rounds": a.rounds,
        "pairs": a.pairs,
        "runs": runs,
        "summary": summary,
    });
    let path = out.join("pgo.json");
    write_atomic(&path, &serde_json::to_string_pretty(&report)?)?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The probe's report is read by field; a report without one of them is
    /// an error naming the field, not a figure of zero.
    #[test]
    fn probe_figures_name_a_missing_field() {
        let ok = r#"{"dispatch":{"p99_ns":900},"overhead":{"overhead":0.03,"overhead_ns_per_call":3000,
            "median_off_ns":9000000,"memory_fs":{"overhead":0.15,"overhead_ns_per_call":1500}}}"#;
        let f = probe_figures(ok).unwrap();
        assert_eq!(f["median_off_ns_per_call"].as_f64(), Some(90_000.0));
        let missing = r#"{"dispatch":{},"overhead":{"overhead":0.03}}"#;
        let e = probe_figures(missing).unwrap_err().to_string();
        assert!(e.contains("overhead.overhead_ns_per_call"), "{e}");
        assert!(probe_figures("not json").is_err());
    }

    #[test]
    fn mean_and_standard_error() {
        let (m, se) = mean_se(&[1.0, 3.0]);
        assert_eq!(m, 2.0);
        assert!((se - 1.0).abs() < 1e-12);
    }
}
