//! `cargo xtask fuzz`: builds the cargo-fuzz targets in `fuzz/` on the stable
//! toolchain (`RUSTC_BOOTSTRAP=1`), runs each for a time budget on a working
//! corpus seeded from `fuzz/corpus/<target>/`, parses libFuzzer's statistics
//! and writes `notebooks-out/fuzz/summary.{json,md}` (atomically) plus one line
//! per run to `notebooks-out/fuzz/history.jsonl`. Exits non-zero when a target
//! finds a crash, a leak, a timeout or an out-of-memory input.

use crate::util::{cargo, root, write_atomic};
use anyhow::{bail, Context};
use clap::Args;
// The fuzz targets: the engine's list, which tests/fuzz_corpus_replay.rs checks
// against fuzz/fuzz_targets and a test below against fuzz/Cargo.toml.
use seclab_engine::fuzz_checks::TARGETS;
use serde::Serialize;
use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Seconds per target for `--smoke` when `--time` is not given.
const SMOKE_SECONDS: u64 = 15;
/// Seconds per target for a campaign when `--time` is not given.
const CAMPAIGN_SECONDS: u64 = 600;
/// Largest input libFuzzer generates (bytes); big enough for scanner sources.
const MAX_LEN: u32 = 8192;

#[derive(Args)]
pub struct FuzzArgs {
    /// Fuzz only this target (repeatable). Default: every target.
    #[arg(long = "target", value_name = "T")]
    pub targets: Vec<String>,
    /// Seconds per target (default 600, or 15 with --smoke).
    #[arg(long, value_name = "SECONDS")]
    pub time: Option<u64>,
    /// Every target briefly: the CI smoke run.
    #[arg(long)]
    pub smoke: bool,
    /// Targets fuzzed at the same time (default: available cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Where the summary goes.
    #[arg(long, value_name = "DIR", default_value = "notebooks-out/fuzz")]
    pub out: PathBuf,
}

/// What one target's run produced.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct TargetSummary {
    pub target: String,
    pub seconds_budget: u64,
    pub seconds_run: f64,
    pub execs: u64,
    pub execs_per_sec: u64,
    pub coverage: u64,
    pub features: u64,
    pub corpus_files: u64,
    pub new_units: u64,
    pub peak_rss_mb: u64,
    /// Crash, leak, timeout and oom artifacts written by this run.
    pub findings: Vec<String>,
    pub exit_ok: bool,
}

#[derive(Serialize)]
struct Summary<'a> {
    mode: &'a str,
    sanitizer: &'a str,
    seconds_per_target: u64,
    git_rev: String,
    targets: &'a [TargetSummary],
    findings: usize,
}

pub fn run(a: FuzzArgs) -> anyhow::Result<ExitCode> {
    let targets = select_targets(&a.targets)?;
    let seconds = a.time.unwrap_or(if a.smoke { SMOKE_SECONDS } else { CAMPAIGN_SECONDS });
    if seconds == 0 {
        bail!("--time must be at least 1 second");
    }
    let root = root();
    ensure_cargo_fuzz()?;
    let flavor = Flavor::of(a.smoke);
    build(&root, flavor)?;

    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
        .clamp(1, targets.len());
    eprintln!(
        "==> fuzz: {} target(s), {seconds} s each, {jobs} at a time",
        targets.len()
    );
    let bar = indicatif::ProgressBar::new(targets.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} targets {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let queue = Arc::new(Mutex::new(targets.iter().cloned().collect::<VecDeque<_>>()));
    let results: Arc<Mutex<Vec<anyhow::Result<TargetSummary>>>> = Arc::new(Mutex::new(Vec::new()));
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let queue = Arc::clone(&queue);
            let results = Arc::clone(&results);
            let bar = bar.clone();
            let root = root.clone();
            s.spawn(move || loop {
                let next = queue.lock().map(|mut q| q.pop_front()).unwrap_or(None);
                let Some(t) = next else { break };
                bar.set_message(t.clone());
                let r = run_target(&root, &t, seconds, flavor);
                bar.inc(1);
                if let Ok(mut v) = results.lock() {
                    v.push(r);
                }
            });
        }
    });
    bar.finish_and_clear();

    let mut summaries = Vec::new();
    let results = std::mem::take(&mut *results.lock().map_err(|_| anyhow::anyhow!("result lock poisoned"))?);
    for r in results {
        summaries.push(r?);
    }
    summaries.sort_by_key(|s| TARGETS.iter().position(|t| *t == s.target));
    let findings: usize = summaries.iter().map(|s| s.findings.len()).sum();
    let failed_runs = summaries.iter().filter(|s| !s.exit_ok && s.findings.is_empty()).count();

    let out = if a.out.is_absolute() {
        a.out.clone()
    } else {
        root.join(&a.out)
    };
    let summary = Summary {
        mode: if a.smoke { "smoke" } else { "campaign" },
        sanitizer: flavor.sanitizer(),
        seconds_per_target: seconds,
        git_rev: git_rev(&root),
        targets: &summaries,
        findings,
    };
    write_atomic(
        &out.join("summary.json"),
        &(serde_json::to_string_pretty(&summary)? + "\n"),
    )?;
    write_atomic(&out.join("summary.md"), &markdown(&summary))?;
    append_history(&out.join("history.jsonl"), &summary)?;
    print!("{}", markdown(&summary));
    println!("summary: {}", out.join("summary.md").display());

    if findings > 0 {
        eprintln!("fuzz: {findings} finding(s); see the artifacts listed above and docs/fuzzing.md (triage)");
        return Ok(ExitCode::FAILURE);
    }
    if failed_runs > 0 {
        eprintln!(
            "fuzz: {failed_runs} target run(s) exited abnormally without an artifact; see fuzz/work/<target>/last.log"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn select_targets(asked: &[String]) -> anyhow::Result<Vec<String>> {
    if asked.is_empty() {
        return Ok(TARGETS.iter().map(|t| t.to_string()).collect());
    }
    for t in asked {
        if !TARGETS.contains(&t.as_str()) {
            bail!("unknown fuzz target `{t}`; the targets are: {}", TARGETS.join(", "));
        }
    }
    Ok(asked.to_vec())
}

/// `RUSTC_BOOTSTRAP=1` lets cargo-fuzz's nightly flags (sanitizers,
/// coverage passes) work on the stable toolchain.
fn fuzz_cmd<S: AsRef<std::ffi::OsStr>>(root: &Path, args: &[S]) -> Command {
    let mut c = Command::new(cargo());
    c.arg("fuzz").args(args).current_dir(root).env("RUSTC_BOOTSTRAP", "1");
    // A target dir inherited from the workspace build would mix sanitizer
    // and plain artifacts; cargo-fuzz keeps its own under fuzz/target.
    c.env_remove("CARGO_TARGET_DIR");
    c
}

fn ensure_cargo_fuzz() -> anyhow::Result<()> {
    let have = Command::new(cargo())
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if have {
        return Ok(());
    }
    eprintln!("==> fuzz: cargo-fuzz not found; installing it from crates.io");
    let status = Command::new(cargo())
        .args(["install", "cargo-fuzz", "--locked"])
        .status()
        .context("cannot start `cargo install cargo-fuzz`")?;
    if !status.success() {
        bail!("`cargo install cargo-fuzz` failed ({status})");
    }
    Ok(())
}

/// How the targets are built. Both are optimised with debug assertions and
/// overflow checks. A campaign adds AddressSanitizer, for memory errors in the
/// unsafe code of dependencies. The smoke run (CI) builds without a sanitizer:
/// its job is to catch panics and broken invariants in a few seconds, and
/// without the sanitizer the build takes half the CPU time (7.5 against 15.5
/// CPU-minutes on the 2-core CI machine) and a target runs 8-10 times more
/// inputs per second (scanner 1,456 against 191, dispatch 280 against 29).
/// Each flavour has its own target directory, so neither rebuilds the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Sanitized,
    Smoke,
}

impl Flavor {
    pub fn of(smoke: bool) -> Self {
        if smoke {
            Flavor::Smoke
        } else {
            Flavor::Sanitized
        }
    }

    /// The `cargo fuzz build`/`run` options of this flavour (the smoke's target
    /// directory as an absolute path: cargo-fuzz and cargo resolve a relative
    /// one from different directories).
    fn args(self, root: &Path) -> Vec<String> {
        let mut a = vec!["-O".to_string(), "-a".to_string()];
        if self == Flavor::Smoke {
            let dir = root.join("fuzz").join("target").join("smoke");
            a.extend(["-s".into(), "none".into(), "--target-dir".into()]);
            a.push(dir.to_string_lossy().into_owned());
        }
        a
    }

    /// The sanitizer, as the summary records it.
    fn sanitizer(self) -> &'static str {
        match self {
            Flavor::Sanitized => "address",
            Flavor::Smoke => "none",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Flavor::Sanitized => "release, debug assertions, AddressSanitizer",
            Flavor::Smoke => "release, debug assertions, no sanitizer (smoke)",
        }
    }

    fn build_args(self, root: &Path) -> Vec<String> {
        std::iter::once("build".to_string()).chain(self.args(root)).collect()
    }
}

fn build(root: &Path, flavor: Flavor) -> anyhow::Result<()> {
    eprintln!("==> fuzz: building every target ({})", flavor.describe());
    let status = fuzz_cmd(root, &flavor.build_args(root))
        .status()
        .context("cannot start `cargo fuzz build`")?;
    if !status.success() {
        bail!("`cargo fuzz build` failed ({status})");
    }
    Ok(())
}

/// The fuzz build started in the background (its output in `log`), so that
/// `cargo xtask ci` overlaps it with clippy and the tests: it is mostly one
/// long serial chain of sanitizer-instrumented crates and leaves a core
/// free most of the time. Installing cargo-fuzz, when it is missing, happens
/// in the background too. [`run`] then finds the targets built.
pub struct BackgroundBuild {
    worker: Option<std::thread::JoinHandle<anyhow::Result<std::process::ExitStatus>>>,
    /// The running `cargo fuzz build`, to stop it when a step fails first.
    child: Arc<Mutex<Option<std::process::Child>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    log: PathBuf,
}

impl BackgroundBuild {
    pub fn start(log: &Path, flavor: Flavor) -> anyhow::Result<Self> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let out = std::fs::File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
        let err = out
            .try_clone()
            .with_context(|| format!("cannot reopen {}", log.display()))?;
        eprintln!(
            "==> fuzz build: started beside the next steps (`cargo fuzz {}`, output in {})",
            flavor.build_args(&root()).join(" "),
            log.display()
        );
        let child: Arc<Mutex<Option<std::process::Child>>> = Arc::new(Mutex::new(None));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (slot, stopped) = (Arc::clone(&child), Arc::clone(&stop));
        let worker = std::thread::spawn(move || -> anyhow::Result<std::process::ExitStatus> {
            ensure_cargo_fuzz()?;
            {
                let mut slot = slot.lock().map_err(|_| anyhow::anyhow!("fuzz build lock poisoned"))?;
                if stopped.load(std::sync::atomic::Ordering::SeqCst) {
                    bail!("stopped before it started");
                }
                *slot = Some(
                    fuzz_cmd(&root(), &flavor.build_args(&root()))
                        .stdout(out)
                        .stderr(err)
                        .spawn()
                        .context("cannot start `cargo fuzz build`")?,
                );
            }
            // Poll, so that the child stays reachable for a kill from `drop`.
            loop {
                let done = match slot.lock() {
                    Ok(mut c) => match c.as_mut() {
                        Some(c) => c.try_wait().context("waiting for `cargo fuzz build`")?,
                        None => bail!("the fuzz build was stopped"),
                    },
                    Err(_) => bail!("fuzz build lock poisoned"),
                };
                if let Some(status) = done {
                    return Ok(status);
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        });
        Ok(BackgroundBuild {
            worker: Some(worker),
            child,
            stop,
            log: log.to_path_buf(),
        })
    }

    /// Wait for the build; on failure the error carries its log's last lines.
    pub fn finish(mut self) -> anyhow::Result<()> {
        let worker = self.worker.take().context("the fuzz build was already waited for")?;
        let waited = std::time::Instant::now();
        let status = worker
            .join()
            .map_err(|_| anyhow::anyhow!("the fuzz build's thread panicked"))??;
        if status.success() {
            eprintln!(
                "==> fuzz build: done (waited {:.0} s for it)",
                waited.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "`cargo fuzz build` failed ({status}); last lines of {}:\n{}",
            self.log.display(),
            tail.join("\n")
        )
    }
}

impl Drop for BackgroundBuild {
    /// A step failed before the build was waited for: stop it.
    fn drop(&mut self) {
        if self.worker.is_none() {
            return;
        }
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut slot) = self.child.lock() {
            if let Some(mut c) = slot.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
}

/// Fuzz one target for `seconds`, on a working corpus under fuzz/work/<target>/
/// that grows across runs and is seeded from the checked-in corpus.
fn run_target(root: &Path, target: &str, seconds: u64, flavor: Flavor) -> anyhow::Result<TargetSummary> {
    let work = root.join("fuzz").join("work").join(target);
    let corpus = work.join("corpus");
    let artifacts = work.join("artifacts");
    std::fs::create_dir_all(&corpus).with_context(|| format!("cannot create {}", corpus.display()))?;
    std::fs::create_dir_all(&artifacts).with_context(|| format!("cannot create {}", artifacts.display()))?;
    let seeds = root.join("fuzz").join("corpus").join(target);
    for e in std::fs::read_dir(&seeds).with_context(|| format!("cannot read {}", seeds.display()))? {
        let p = e?.path();
        if let Some(name) = p.file_name() {
            let dst = corpus.join(name);
            if p.is_file() && !dst.exists() {
                std::fs::copy(&p, &dst).with_context(|| format!("cannot copy {}", p.display()))?;
            }
        }
    }
    let before = list_files(&artifacts);
    let corpus_arg = corpus.to_string_lossy().into_owned();
    let prefix = format!("-artifact_prefix={}/", artifacts.display());
    let max_time = format!("-max_total_time={seconds}");
    let max_len = format!("-max_len={MAX_LEN}");
    let profile = flavor.args(root);
    let mut args = vec!["run"];
    args.extend(profile.iter().map(String::as_str));
    args.extend_from_slice(&[
        target,
        corpus_arg.as_str(),
        "--",
        max_time.as_str(),
        max_len.as_str(),
        prefix.as_str(),
        "-print_final_stats=1",
        "-timeout=10",
        "-rss_limit_mb=2048",
    ]);
    let started = Instant::now();
    let output = fuzz_cmd(root, &args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot start `cargo fuzz run {target}`"))?;
    let elapsed = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    let log_path = work.join("last.log");
    std::fs::write(&log_path, &log).with_context(|| format!("cannot write {}", log_path.display()))?;

    let mut s = parse_libfuzzer_log(&log);
    s.target = target.to_string();
    s.seconds_budget = seconds;
    s.seconds_run = (elapsed * 10.0).round() / 10.0;
    s.corpus_files = list_files(&corpus).len() as u64;
    s.exit_ok = output.status.success();
    s.findings = list_files(&artifacts)
        .into_iter()
        .filter(|f| !before.contains(f))
        .map(|f| {
            artifacts
                .join(f)
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .map(|p| p.display().to_string())
        .collect();
    Ok(s)
}

fn list_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Reads the last status line (`cov:`, `ft:`) and the final statistics
/// (`stat::…`) that libFuzzer prints on stderr.
pub fn parse_libfuzzer_log(log: &str) -> TargetSummary {
    let mut s = TargetSummary::default();
    for line in log.lines() {
        let line = line.trim();
        if line.starts_with('#') && line.contains("cov:") {
            s.coverage = field_after(line, "cov:").unwrap_or(s.coverage);
            s.features = field_after(line, "ft:").unwrap_or(s.features);
            if let Some(n) = line.split_once('#').and_then(|(_, r)| leading_u64(r)) {
                s.execs = s.execs.max(n);
            }
        }
        if let Some(rest) = line.strip_prefix("stat::") {
            let Some((key, val)) = rest.split_once(':') else {
                continue;
            };
            let Some(v) = leading_u64(val.trim()) else { continue };
            match key.trim() {
                "number_of_executed_units" => s.execs = v,
                "average_exec_per_sec" => s.execs_per_sec = v,
                "new_units_added" => s.new_units = v,
                "peak_rss_mb" => s.peak_rss_mb = v,
                _ => {}
            }
        }
    }
    s
}

fn field_after(line: &str, key: &str) -> Option<u64> {
    let idx = line.find(key)?;
    leading_u64(line[idx + key.len()..].trim_start())
}

fn leading_u64(s: &str) -> Option<u64> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

fn markdown(s: &Summary<'_>) -> String {
    let mut m = format!(
        "# Fuzz run ({}, sanitizer {}, {} s per target, rev {})\n\n\
         | target | seconds | execs | execs/s | cov | features | corpus | new units | peak RSS MB | findings |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
        s.mode, s.sanitizer, s.seconds_per_target, s.git_rev
    );
    for t in s.targets {
        let f = if t.findings.is_empty() {
            if t.exit_ok {
                "none".to_string()
            } else {
                "abnormal exit, no artifact".to_string()
            }
        } else {
            t.findings.join(", ")
        };
        m.push_str(&format!(
            "| {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            t.target,
            t.seconds_run,
            t.execs,
            t.execs_per_sec,
            t.coverage,
            t.features,
            t.corpus_files,
            t.new_units,
            t.peak_rss_mb,
            f
        ));
    }
    m.push_str(&format!("\nFindings: {}.\n", s.findings));
    m
}

fn append_history(path: &Path, s: &Summary<'_>) -> anyhow::Result<()> {
    let line = serde_json::to_string(s)?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    writeln!(f, "{line}").with_context(|| format!("cannot append to {}", path.display()))?;
    Ok(())
}

fn git_rev(root: &Path) -> String {
    Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "INFO: Seed: 1\n\
        #2\tINITED cov: 120 ft: 130 corp: 4/1024b exec/s: 0 rss: 30Mb\n\
        #65536\tpulse  cov: 480 ft: 1900 corp: 80/9Kb lim: 4096 exec/s: 21845 rss: 60Mb\n\
        #131072\tDONE   cov: 512 ft: 2048 corp: 91/12Kb lim: 4096 exec/s: 21000 rss: 61Mb\n\
        Done 131072 runs in 6 second(s)\n\
        stat::number_of_executed_units: 131075\n\
        stat::average_exec_per_sec:     21845\n\
        stat::new_units_added:          87\n\
        stat::slowest_unit_time_sec:    0\n\
        stat::peak_rss_mb:              61\n";

    #[test]
    fn parses_libfuzzer_status_and_final_stats() {
        let s = parse_libfuzzer_log(LOG);
        assert_eq!(s.coverage, 512);
        assert_eq!(s.features, 2048);
        assert_eq!(s.execs, 131_075);
        assert_eq!(s.execs_per_sec, 21_845);
        assert_eq!(s.new_units, 87);
        assert_eq!(s.peak_rss_mb, 61);
    }

    #[test]
    fn a_log_without_stats_gives_zeros_not_a_panic() {
        let s = parse_libfuzzer_log("error: could not compile\n#garbage cov:\nstat::peak_rss_mb: x\n");
        assert_eq!(s, TargetSummary::default());
    }

    #[test]
    fn target_list_matches_fuzz_cargo_toml() {
        let toml = std::fs::read_to_string(root().join("fuzz").join("Cargo.toml")).unwrap();
        let mut bins: Vec<&str> = toml
            .split("[[bin]]")
            .skip(1)
            .filter_map(|b| b.lines().find_map(|l| l.trim().strip_prefix("name = ")))
            .map(|n| n.trim_matches('"'))
            .collect();
        let mut ours = TARGETS.to_vec();
        bins.sort_unstable();
        ours.sort_unstable();
        assert_eq!(bins, ours);
    }

    #[test]
    fn unknown_target_is_a_clear_error() {
        let e = select_targets(&["nope".to_string()]).unwrap_err().to_string();
        assert!(e.contains("nope") && e.contains("ledger_ops"), "{e}");
        assert_eq!(select_targets(&[]).unwrap().len(), TARGETS.len());
    }
}
