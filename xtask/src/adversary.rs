//! `cargo xtask adversary`: a budgeted adversary search against one engine
//! config (docs/adversary.md). Writes `notebooks-out/adversary/<run>/report.{md,json}`
//! atomically (deterministic for a seed, budget and config) and `timing.json`
//! (wall time, machine-dependent). With `--save-corpus`, every successful
//! strategy is minimized and saved under `corpus/attacks/found-<family>/`.

use crate::util::{root, write_atomic};
use anyhow::Context;
use clap::Args;
use seclab_engine::config::{load_engine_config, EngineConfig};
use seclab_sim::adversary::padding::{default_sessions_dir, Padding};
use seclab_sim::adversary::search::{search_with, SearchOptions};
use seclab_sim::adversary::{minimize, open_policy, report, strategy::Channel};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct AdversaryArgs {
    /// Engine config file (TOML or JSON); the engine default when absent.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Strategies to evaluate.
    #[arg(long, default_value_t = 100_000)]
    budget: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (default notebooks-out/adversary/<run>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Keep the config's policy as written (default: open it with
    /// profile = "permissive", allow_dangerous = true, so only the risk
    /// controller and the engine's parsers decide).
    #[arg(long)]
    keep_policy: bool,
    /// Minimize the first success of every family x destination and save it
    /// under corpus/attacks/found-<family>/.
    #[arg(long)]
    save_corpus: bool,
    /// Only re-measure the damaging call of every corpus/attacks trace
    /// (unopposed, by the lab connector) and rewrite the sidecars; no search.
    #[arg(long)]
    restamp: bool,
    /// Export N seeded random strategies per family (stream `adversary/sample`
    /// of --seed, generic padding) as traces under <out>/sample/<family>/ with
    /// their damaging index, and judge them under the config: `sample.json`
    /// (per trace: stop index, success) and the success rate per family.
    /// Replay the same traces through another engine version to compare.
    #[arg(long, value_name = "N")]
    export_sample: Option<usize>,
}

/// `--export-sample N`: the before/after sample (docs/adversary.md).
fn export_sample(
    cfg: &EngineConfig,
    label: &str,
    n: usize,
    seed: u64,
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    use seclab_sim::adversary::{evaluate, sample::sample};
    let pad = Padding::generic("before/after sample: generic padding, the same for every engine version".into());
    let cases = sample(n, seed, &pad);
    let dir = out.join("sample");
    let mut rows = Vec::new();
    let mut fam: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for c in &cases {
        let saved = seclab_sim::adversary::corpus::save(
            &dir,
            c.family,
            &c.name,
            &c.trace,
            c.goal,
            &format!("sample genome {}", c.genome_hex),
            &format!("cargo xtask adversary --export-sample {n} --seed {seed}"),
        )?
        .context("sample trace does not reach its goal unopposed")?;
        let ev = evaluate(cfg, &c.trace);
        let success = ev.success();
        let e = fam.entry(c.family).or_default();
        e.0 += 1;
        e.1 += usize::from(success);
        rows.push(serde_json::json!({
            "family": c.family, "trace": saved.strip_prefix(out).unwrap_or(&saved),
            "damaging_index": c.damaging_index, "stop_index": ev.stop_index, "success": success,
        }));
    }
    let per_family: std::collections::BTreeMap<&str, serde_json::Value> = fam
        .iter()
        .map(|(f, (n, k))| {
            (
                *f,
                serde_json::json!({"n": n, "successes": k, "success_rate": *k as f64 / (*n).max(1) as f64}),
            )
        })
        .collect();
    let doc = serde_json::json!({"config": label, "seed": seed, "per_family_requested": n,
                                 "per_family": per_family, "traces": rows});
    write_atomic(
        &out.join("sample.json"),
        &format!("{}\n", serde_json::to_string_pretty(&doc)?),
    )?;
    for (f, (n, k)) in &fam {
        eprintln!("{f:<14} {k:>4}/{n:<4} goal reached before Deny/Terminate");
    }
    eprintln!("sample: {} traces in {}", cases.len(), dir.display());
    Ok(ExitCode::SUCCESS)
}

/// Rewrite every sidecar's `damaging_index` with the lab's measurement.
fn restamp() -> anyhow::Result<ExitCode> {
    let croot = root().join("corpus").join("attacks");
    for c in seclab_sim::adversary::corpus::load(&croot)? {
        let ev = seclab_sim::adversary::unopposed(&c.trace);
        let Some(&(_, idx)) = ev.goals.iter().find(|(g, _)| *g == c.expect.goal) else {
            anyhow::bail!(
                "{}: does not reach {:?} unopposed",
                c.trace_path.display(),
                c.expect.goal
            );
        };
        if idx != c.expect.damaging_index {
            let mut e = c.expect.clone();
            e.damaging_index = idx;
            let mut text = serde_json::to_string_pretty(&e)?;
            text.push('\n');
            write_atomic(&c.trace_path.with_extension("expect.json"), &text)?;
            eprintln!("{}: damaging_index {} -> {idx}", c.name, c.expect.damaging_index);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(a: AdversaryArgs) -> anyhow::Result<ExitCode> {
    if a.restamp {
        return restamp();
    }
    let (base, label) = match &a.config {
        Some(p) => (
            load_engine_config(p).map_err(|e| anyhow::anyhow!("{e}"))?,
            p.file_stem()
                .map_or("config".into(), |s| s.to_string_lossy().into_owned()),
        ),
        None => (EngineConfig::default(), "engine-default".to_string()),
    };
    let cfg = if a.keep_policy { base } else { open_policy(&base) };
    if let Some(n) = a.export_sample {
        let out = a.out.clone().unwrap_or_else(|| {
            root()
                .join("notebooks-out")
                .join("adversary")
                .join(format!("{label}-sample{n}-seed{}", a.seed))
        });
        return export_sample(&cfg, &label, n, a.seed, &out);
    }
    let pad = Padding::load(&default_sessions_dir())?;
    let run_id = format!("{label}-seed{}-budget{}", a.seed, a.budget);
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| root().join("notebooks-out").join("adversary").join(&run_id));
    let t0 = Instant::now();
    let r = search_with(&cfg, &SearchOptions::new(a.budget, a.seed), &pad);
    let secs = t0.elapsed().as_secs_f64();
    write_atomic(&out.join("report.json"), &report::to_json(&label, &r))?;
    write_atomic(&out.join("report.md"), &report::to_markdown(&label, &r))?;
    write_atomic(
        &out.join("timing.json"),
        &format!(
            "{{\"evaluated\": {}, \"seconds\": {secs:.2}, \"threads\": {}}}\n",
            r.evaluated,
            std::thread::available_parallelism().map_or(1, |n| n.get())
        ),
    )?;
    eprintln!(
        "adversary: {} strategies in {secs:.1} s, {} successful; report in {}",
        r.evaluated,
        r.successes,
        out.display()
    );
    if a.save_corpus {
        let croot = root().join("corpus").join("attacks");
        // One regression per route: the first success per family x
        // destination (its encodings and spellings are variations of that
        // route; every cell is listed in report.md).
        let mut routes = std::collections::BTreeSet::new();
        for f in &r.found {
            if !routes.insert((f.family.clone(), format!("{:?}", f.strategy.dest))) {
                continue;
            }
            let channel = Channel::ALL
                .into_iter()
                .find(|c| c.as_str() == f.family)
                .context("unknown family")?;
            let trace = f.strategy.build(&pad);
            let min = minimize::minimize(&cfg, &trace, channel.goal());
            let name = format!("s{}-{}", a.seed, &f.genome_hex[..12]);
            let origin = format!(
                "cargo xtask adversary --seed {} --budget {} ({label})",
                a.seed, a.budget
            );
            if let Some(p) = seclab_sim::adversary::corpus::save(
                &croot,
                &format!("found-{}", f.family),
                &name,
                &min,
                channel.goal(),
                &format!("search find, cell {}", f.cell),
                &origin,
            )? {
                eprintln!("saved {}", p.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
