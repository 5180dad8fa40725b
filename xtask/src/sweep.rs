//! `cargo xtask sweep`, `simulate` and `merge`: thin shells over seclab-sim.
//!
//! - `sweep` runs the embedded default sweep (sim/configs/default.toml) or a
//!   `--grid FILE`, with a progress bar, writes `notebooks-out/<run-id>/` and
//!   prints where it is and the headline numbers.
//! - `simulate` writes generated sessions as trace files (docs/trace-format.md)
//!   with an engine config that replays them identically through `seclab replay`.
//! - `merge` sums shard outputs (`--shard i/n` runs) into one report. On a
//!   scheduler that numbers its tasks (a Kubernetes Indexed Job, an array job),
//!   `--shard-from-env N` takes `i` from `JOB_COMPLETION_INDEX` (or
//!   `--shard-index-var`); docs/scale-out.md.
//!
//! Real traces: `--traces DIR[:benign|hostile]` (repeatable) and the lab
//! config's `[[traces]]`; the embedded default lists `../shared/real-sessions`
//! (relative to the workspace root) as an optional benign set.

use crate::util::root;
use anyhow::{anyhow, bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seclab_sim::adversary::padding::{default_sessions_dir, Padding};
use seclab_sim::config::{LabConfig, DEFAULT_NAME};
use seclab_sim::profiles;
use seclab_sim::report::{self, AdversaryRun, Headline};
use seclab_sim::results::{Shard, SweepData, Timing};
use seclab_sim::rng::Split;
use seclab_sim::sweep::{self, Plan};
use seclab_sim::traces::{self, TraceSet, TraceSpec};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Args)]
pub struct SweepArgs {
    /// Run seed (overrides `run.seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Benign sessions per split (overrides `run.benign`).
    #[arg(long)]
    pub benign: Option<u64>,
    /// Hostile sessions per split (overrides `run.hostile`).
    #[arg(long)]
    pub hostile: Option<u64>,
    /// Lab config / grid file (TOML); default: the embedded sim/configs/default.toml.
    #[arg(long)]
    pub grid: Option<PathBuf>,
    /// Output root; the run goes to <out>/<run-id>/ (default: notebooks-out/ at the repo root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (0 = all cores; overrides `run.threads`).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Evaluate only shard i of n (`i/n`); merge the shards with `cargo xtask merge`.
    #[arg(long, conflicts_with = "shard_from_env")]
    pub shard: Option<String>,
    /// Evaluate shard i of N, i read from the environment variable named by
    /// `--shard-index-var` (a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX).
    #[arg(long, value_name = "N")]
    pub shard_from_env: Option<u32>,
    /// The variable `--shard-from-env` reads the shard index from.
    #[arg(long, value_name = "VAR", default_value = SHARD_INDEX_VAR)]
    pub shard_index_var: String,
    /// Use the embedded benign profile table even when the corpus is present.
    #[arg(long)]
    pub embedded_profiles: bool,
    /// Write the benign profile table derived from the corpus to FILE and exit.
    #[arg(long, value_name = "FILE")]
    pub export_profiles: Option<PathBuf>,
    /// Also evaluate every config on the recorded sessions in DIR (one
    /// `*.jsonl` trace per session), labelled benign (default) or hostile.
    /// Repeatable; adds to the lab config's `[[traces]]`. Relative to the
    /// current directory.
    #[arg(long, value_name = "DIR[:benign|hostile]")]
    pub traces: Vec<String>,
    /// Do not evaluate any real trace set (not even the config's `[[traces]]`).
    #[arg(long)]
    pub no_traces: bool,
}

#[derive(Args)]
pub struct SimulateArgs {
    /// Archetype name (see docs/methodology.md).
    #[arg(long)]
    pub archetype: String,
    /// Run seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output directory for the trace files.
    #[arg(long)]
    pub out: PathBuf,
    /// Sessions to write (indices 0..N).
    #[arg(long, default_value_t = 1)]
    pub count: u64,
    /// Which split's streams to draw from (train | heldout).
    #[arg(long, default_value = "train")]
    pub split: String,
    /// Lab config (archetype parameters and base `[risk]`); default: embedded.
    #[arg(long)]
    pub grid: Option<PathBuf>,
    /// Use the embedded benign profile table even when the corpus is present.
    #[arg(long)]
    pub embedded_profiles: bool,
}

#[derive(Args)]
pub struct MergeArgs {
    /// Run directories of the shards (each holds shard.json).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output root (default: notebooks-out/ at the repo root).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The shard index a Kubernetes Indexed Job gives each pod.
pub const SHARD_INDEX_VAR: &str = "JOB_COMPLETION_INDEX";

/// Shard `i/count`, `i` being the value of the variable `var` (`value`, None when unset).
fn shard_from_env(var: &str, value: Option<&str>, count: u32) -> anyhow::Result<Shard> {
    let v = value.ok_or_else(|| anyhow!("--shard-from-env {count}: environment variable {var} is not set"))?;
    Shard::parse(&format!("{}/{count}", v.trim())).map_err(|e| anyhow!("--shard-from-env {count}: {var}={v:?}: {e}"))
}

pub fn load_lab(grid: Option<&Path>) -> anyhow::Result<(LabConfig, PathBuf)> {
    match grid {
        None => Ok((
            LabConfig::embedded().map_err(|e| anyhow!("{e}"))?,
            PathBuf::from(DEFAULT_NAME),
        )),
        Some(p) => Ok((LabConfig::load(p).map_err(|e| anyhow!("{e}"))?, p.to_path_buf())),
    }
}

/// The directory relative `[[traces]]` dirs of a lab config are resolved
/// against: the workspace root for the embedded default, else the config
/// file's directory.
pub fn trace_base(grid: Option<&Path>) -> PathBuf {
    match grid.and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) => std::env::current_dir().unwrap_or_else(|_| root()),
        None => root(),
    }
}

/// Add `--traces` arguments (made absolute against the cwd) to the lab config.
pub fn add_trace_args(lab: &mut LabConfig, args: &[String]) -> anyhow::Result<()> {
    let cwd = std::env::current_dir().context("current directory")?;
    for a in args {
        let mut t = TraceSpec::parse_arg(a).map_err(|e| anyhow!("{e}"))?;
        let p = Path::new(&t.dir);
        if p.is_relative() {
            t.dir = cwd.join(p).display().to_string();
        }
        lab.traces.push(t);
    }
    Ok(())
}

/// Load the lab config's trace sets; print what was skipped and why.
pub fn load_traces(lab: &LabConfig, base: &Path) -> anyhow::Result<(Vec<TraceSet>, Vec<String>)> {
    let (sets, notes) = traces::load_specs(&lab.traces, base).map_err(|e| anyhow!("{e}"))?;
    for n in &notes {
        eprintln!("sweep: {n}");
    }
    for s in &sets {
        eprintln!(
            "sweep: real traces `{}` ({}): {} sessions",
            s.dir,
            s.label.as_str(),
            s.sessions.len()
        );
    }
    Ok((sets, notes))
}

pub fn load_profiles(embedded: bool) -> anyhow::Result<(Vec<profiles::BenignProfile>, profiles::ProfileSource)> {
    let r = root();
    profiles::resolve(if embedded { None } else { Some(&r) }).map_err(|e| anyhow!("benign profiles: {e}"))
}

/// `git rev-parse HEAD` at the repo root, or "unknown".
pub fn git_revision() -> String {
    let head = crate::util::git_out(&["rev-parse", "HEAD"])
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    // Tracked files changed since HEAD: the report was not made from HEAD alone.
    if head != "unknown" && crate::util::tree_dirty() {
        format!("{head}+uncommitted")
    } else {
        head
    }
}

fn progress_bar(total: u64) -> ProgressBar {
    let hidden = std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal();
    let pb = ProgressBar::with_draw_target(
        Some(total),
        if hidden {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} sessions ({eta} left)")
    {
        pb.set_style(style);
    }
    pb
}

fn pct(r: &seclab_sim::stats::Rate) -> String {
    format!(
        "{:.2}% [{:.2}%, {:.2}%] ({}/{})",
        r.p * 100.0,
        r.lo * 100.0,
        r.hi * 100.0,
        r.k,
        r.n
    )
}

fn print_headline(h: &Headline) {
    println!("report: {}", h.dir.join("report.md").display());
    println!("        {}", h.dir.join("report.html").display());
    if !h.complete {
        println!("(partial: one shard; merge all shards with `cargo xtask merge`)");
    }
    let o: Vec<String> = h
        .recommended_overrides
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    println!(
        "recommended config {}: {}",
        h.recommended,
        if o.is_empty() {
            "engine defaults".to_string()
        } else {
            o.join(" ")
        }
    );
    println!("  held-out FP {}", pct(&h.heldout_fp));
    println!("  held-out FN {}", pct(&h.heldout_fn));
    if let (Some(f), Some(n)) = (&h.base_heldout_fp, &h.base_heldout_fn) {
        println!("engine default: held-out FP {}, FN {}", pct(f), pct(n));
    }
    for (slo, t, v) in &h.slo {
        println!("  {slo} (<= {:.0}%): {v}", t * 100.0);
    }
    for (i, set) in h.real.iter().enumerate() {
        let what = if set.label == seclab_sim::archetype::Label::Benign {
            "FP"
        } else {
            "FN"
        };
        println!(
            "  real `{}` {what} (equal weight per agent) {}",
            set.dir,
            pct(&set.pooled_equal)
        );
        for ag in &set.per_agent {
            println!("      {:<16} {}", ag.agent, pct(&ag.rate));
        }
        if let Some(b) = h.real_base.as_ref().and_then(|v| v.get(i)) {
            println!("    engine default: {what} {}", pct(&b.pooled_equal));
        }
    }
    println!("  decided by: {}", h.decided_by);
    if !h.feasible {
        println!("  note: no config met the FP targets (simulated training and real sessions)");
    }
    println!(
        "throughput {:.3} M decisions/s/core; evaluation {:.1} s",
        h.per_core_rate / 1e6,
        h.wall_ms / 1000.0
    );
}

pub fn run(a: SweepArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &a.export_profiles {
        let dir = root().join(profiles::CORPUS_DIR);
        let p = profiles::load_corpus(&dir).map_err(|e| anyhow!("{e}"))?;
        std::fs::write(path, profiles::to_table_json(&p)).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {} profiles to {}", p.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let (mut lab, file) = load_lab(a.grid.as_deref())?;
    if let Some(s) = a.seed {
        lab.run.seed = s;
    }
    if let Some(n) = a.benign {
        lab.run.benign = n;
    }
    if let Some(n) = a.hostile {
        lab.run.hostile = n;
    }
    if let Some(t) = a.threads {
        lab.run.threads = t;
    }
    let shard = match (&a.shard, a.shard_from_env) {
        (Some(s), _) => Shard::parse(s).map_err(|e| anyhow!("--shard: {e}"))?,
        (None, Some(n)) => {
            let var = &a.shard_index_var;
            shard_from_env(var, std::env::var(var).ok().as_deref(), n)?
        }
        (None, None) => Shard::WHOLE,
    };
    if a.no_traces {
        lab.traces.clear();
    }
    add_trace_args(&mut lab, &a.traces)?;
    let (sets, notes) = load_traces(&lab, &trace_base(a.grid.as_deref()))?;
    let (profiles, source) = load_profiles(a.embedded_profiles)?;
    let threads = lab.run.threads;
    let plan = Plan::new(lab, &file, profiles, source, shard)
        .map_err(|e| anyhow!("{e}"))?
        .with_traces(sets, notes);
    let total = plan.shard_positions().len() as u64;
    eprintln!(
        "sweep: {} configs × {} sessions (shard {}/{}), seed {}",
        plan.points.len(),
        total,
        shard.index,
        shard.count,
        plan.cfg.run.seed
    );
    let done = AtomicU64::new(0);
    let pb = progress_bar(total);
    let (tally, timing) = std::thread::scope(|s| {
        let h = s.spawn(|| sweep::evaluate(&plan, threads, Some(&done)));
        while !h.is_finished() {
            pb.set_position(done.load(Ordering::Relaxed));
            std::thread::sleep(Duration::from_millis(100));
        }
        pb.finish_and_clear();
        h.join().map_err(|_| anyhow!("sweep worker panicked"))?
    })?;
    let data = plan.data(tally);
    let adv = adversary(&data, threads)?;
    let out = a.out.clone().unwrap_or_else(|| root().join("notebooks-out"));
    let h = report::write_run_with(&out, &data, &timing, &git_revision(), &adv)?;
    print_headline(&h);
    Ok(ExitCode::SUCCESS)
}

/// The `[adversary]` search against every config point (issue 12): only on a
/// complete run (a shard's report is partial; `merge` runs it once).
pub fn adversary(data: &SweepData, threads: usize) -> anyhow::Result<AdversaryRun> {
    if !data.is_complete() {
        return Ok(AdversaryRun::NotRun(
            "partial run (one shard); `cargo xtask merge` runs it on the merged sweep".into(),
        ));
    }
    if data.lab.adversary.budget == 0 {
        return Ok(AdversaryRun::NotRun(
            "`[adversary] budget = 0` in the lab config".into(),
        ));
    }
    let pad = Padding::load(&default_sessions_dir())
        .unwrap_or_else(|e| Padding::generic(format!("real sessions unreadable: {e:#}")));
    eprintln!(
        "sweep: adversary search, {} strategies against each of {} configs",
        data.lab.adversary.budget,
        data.points.len()
    );
    let r = sweep::run_adversary(data, &pad, threads)?;
    Ok(match r {
        Some(x) => {
            let succ: usize = x.points.iter().map(|p| p.successes).sum();
            let eval: usize = x.points.iter().map(|p| p.evaluated).sum();
            eprintln!(
                "sweep: adversary {eval} strategies in {:.1} s, {succ} reached a goal before Deny/Terminate",
                x.wall_ms / 1000.0
            );
            AdversaryRun::Searched(x)
        }
        None => AdversaryRun::NotRun("`[adversary] budget = 0` in the lab config".into()),
    })
}

pub fn simulate(a: SimulateArgs) -> anyhow::Result<ExitCode> {
    let (lab, file) = load_lab(a.grid.as_deref())?;
    let split = match a.split.as_str() {
        "train" => Split::Train,
        "heldout" => Split::Heldout,
        s => bail!("--split {s}: expected train or heldout"),
    };
    let (profiles, source) = load_profiles(a.embedded_profiles)?;
    let written = seclab_sim::simulate::write_traces(
        &lab,
        &file,
        profiles,
        source,
        &a.archetype,
        a.seed,
        split,
        a.count,
        &a.out,
    )?;
    for w in &written {
        println!("{}", w.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn merge(a: MergeArgs) -> anyhow::Result<ExitCode> {
    let mut parts: Vec<(SweepData, Timing)> = Vec::new();
    for d in &a.dirs {
        parts.push(report::read_run(d)?);
    }
    let (data, timing) = SweepData::merge(parts).map_err(|e| anyhow!("merge: {e}"))?;
    let adv = adversary(&data, data.lab.run.threads)?;
    let out = a.out.clone().unwrap_or_else(|| root().join("notebooks-out"));
    let h = report::write_run_with(&out, &data, &timing, &git_revision(), &adv)?;
    print_headline(&h);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_index_comes_from_the_named_variable() {
        let var = SHARD_INDEX_VAR;
        assert_eq!(shard_from_env(var, Some("2"), 5).unwrap(), Shard { index: 2, count: 5 });
        assert_eq!(shard_from_env(var, Some(" 0\n"), 1).unwrap(), Shard::WHOLE);
        let unset = shard_from_env(var, None, 4).unwrap_err().to_string();
        assert!(unset.contains("JOB_COMPLETION_INDEX is not set"), "{unset}");
        let out_of_range = shard_from_env(var, Some("4"), 4).unwrap_err().to_string();
        assert!(out_of_range.contains("JOB_COMPLETION_INDEX=\"4\""), "{out_of_range}");
        assert!(shard_from_env(var, Some("x"), 4).is_err());
        assert!(shard_from_env(var, Some("0"), 0).is_err());
    }

    fn args(grid: &Path, out: &Path) -> SweepArgs {
        SweepArgs {
            seed: Some(9),
            benign: None,
            hostile: None,
            grid: Some(grid.to_path_buf()),
            out: Some(out.to_path_buf()),
            threads: Some(1),
            shard: None,
            shard_from_env: None,
            shard_index_var: SHARD_INDEX_VAR.to_string(),
            embedded_profiles: true,
            export_profiles: None,
            traces: Vec::new(),
            no_traces: true,
        }
    }

    fn only_dir(root: &Path) -> PathBuf {
        let dirs: Vec<PathBuf> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(dirs.len(), 1, "{dirs:?}");
        dirs[0].clone()
    }

    /// The scale-out path of docs/scale-out.md end to end: three Indexed-Job
    /// pods (`--shard-from-env 3`, each its own JOB_COMPLETION_INDEX-like
    /// variable), then `merge`: every deterministic artifact equals the
    /// unsharded run's, byte for byte.
    #[test]
    fn shards_from_env_merged_equal_the_unsharded_run_byte_for_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let grid = tmp.path().join("grid.toml");
        std::fs::write(
            &grid,
            "[run]\nbenign = 10\nhostile = 12\n[adversary]\nbudget = 48\nbatch = 16\n[grid]\n\"prior.unsafe\" = [0.5, 1.0]\n\"eprocess.unsafe_score\" = [0.55, 0.65]\n",
        )
        .unwrap();
        let whole = tmp.path().join("whole");
        assert_eq!(run(args(&grid, &whole)).unwrap(), ExitCode::SUCCESS);
        let shards = tmp.path().join("shards");
        let mut dirs = Vec::new();
        for i in 0..3 {
            // One variable per pod, so this test sets nothing another test reads.
            let var = format!("SECLAB_TEST_SHARD_INDEX_{i}");
            std::env::set_var(&var, i.to_string());
            let out = shards.join(i.to_string());
            let mut a = args(&grid, &out);
            a.shard_from_env = Some(3);
            a.shard_index_var = var;
            assert_eq!(run(a).unwrap(), ExitCode::SUCCESS);
            dirs.push(only_dir(&out));
        }
        let merged = tmp.path().join("merged");
        let m = MergeArgs {
            dirs,
            out: Some(merged.clone()),
        };
        assert_eq!(merge(m).unwrap(), ExitCode::SUCCESS);
        let (w, m) = (only_dir(&whole), only_dir(&merged));
        assert_eq!(w.file_name(), m.file_name());
        for name in report::DETERMINISTIC {
            let (a, b) = (
                std::fs::read(w.join(name)).unwrap(),
                std::fs::read(m.join(name)).unwrap(),
            );
            assert!(a == b, "{name} differs between the unsharded and the merged run");
        }
    }
}
