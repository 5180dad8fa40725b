//! `cargo xtask footprint`: the security layers' cache footprint per call on
//! the SLO-14 workload, counted by valgrind's cache simulator.
//!
//! SLO-14's overhead on a real disk is mostly the engine refilling its caches
//! after each connector call (`docs/gates.md`); timings of that move with the
//! host's load by more than most changes to the engine. This command builds
//! the `slo_footprint` example, runs each arm of it under
//! `valgrind --tool=callgrind --cache-sim=yes` (the calling thread only; the
//! ledger's sealer runs on another core) and reports, per call and per layer,
//! the instructions and the code and data lines fetched beyond the
//! security-off arm, counted inside the rounds only (what the probe times:
//! not the building of requests and dispatchers). The counts do not depend
//! on the load, so a change to the hot path can be judged on a busy machine;
//! timing still decides SLO-14.

use crate::util::{cargo_cmd, engine_example_build, root, target_dir, write_atomic};
use anyhow::{anyhow, bail, Context};
use clap::Args;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

#[derive(Debug, Args)]
pub struct FootprintArgs {
    /// Workload rounds per arm (100 calls each).
    #[arg(long, default_value_t = 10)]
    pub rounds: usize,
    /// Output directory (default notebooks-out/footprint).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The arms, in order; `off` is the baseline the others are compared with.
const ARMS: [&str; 5] = ["off", "validation-policy", "risk", "ledger", "on"];

/// The counters read from a callgrind profile.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    /// Instructions executed.
    pub ir: u64,
    /// First-level instruction-cache misses: code lines fetched.
    pub i1_miss: u64,
    /// First-level data-cache read misses.
    pub d1_read_miss: u64,
    /// First-level data-cache write misses.
    pub d1_write_miss: u64,
}

/// Read the `events:` and `summary:` (or `totals:`) lines of a callgrind
/// profile. Errors name the file and the line.
pub fn parse_profile(text: &str, file: &Path) -> anyhow::Result<Counts> {
    let mut events: Option<(usize, Vec<&str>)> = None;
    let mut totals: Option<(usize, Vec<u64>)> = None;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if let Some(rest) = line.strip_prefix("events:") {
            events = Some((n, rest.split_whitespace().collect()));
        } else if let Some(rest) = line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:")) {
            let values = rest
                .split_whitespace()
                .map(|v| {
                    v.parse::<u64>()
                        .map_err(|_| anyhow!("{}:{n}: summary: {v:?} is not a count", file.display()))
                })
                .collect::<anyhow::Result<Vec<u64>>>()?;
            totals = Some((n, values));
        }
    }
    let (_, names) =
        events.ok_or_else(|| anyhow!("{}: no `events:` line (not a callgrind profile)", file.display()))?;
    let (at, values) = totals.ok_or_else(|| anyhow!("{}: no `summary:` or `totals:` line", file.display()))?;
    if values.len() > names.len() {
        bail!("{}:{at}: more counts than events", file.display());
    }
    let get = |name: &str| -> anyhow::Result<u64> {
        let i = names.iter().position(|e| *e == name).ok_or_else(|| {
            anyhow!(
                "{}: event {name} was not recorded (run with --cache-sim=yes)",
                file.display()
            )
        })?;
        // Trailing zero counts may be left out.
        Ok(values.get(i).copied().unwrap_or(0))
    };
    Ok(Counts {
        ir: get("Ir")?,
        i1_miss: get("I1mr")?,
        d1_read_miss: get("D1mr")?,
        d1_write_miss: get("D1mw")?,
    })
}

/// Per call, `arm` minus `off`.
fn per_call(arm: Counts, off: Counts, calls: u64) -> serde_json::Value {
    let d = |a: u64, b: u64| (a as f64 - b as f64) / calls.max(1) as f64;
    let code = d(arm.i1_miss, off.i1_miss);
    let data = d(arm.d1_read_miss, off.d1_read_miss) + d(arm.d1_write_miss, off.d1_write_miss);
    json!({
        "instructions": (d(arm.ir, off.ir) * 10.0).round() / 10.0,
        "code_lines": (code * 10.0).round() / 10.0,
        "data_lines": (data * 10.0).round() / 10.0,
        "lines": ((code + data) * 10.0).round() / 10.0,
    })
}

pub fn run(a: FootprintArgs) -> anyhow::Result<ExitCode> {
    if a.rounds == 0 {
        bail!("--rounds must be at least 1");
    }
    let valgrind = Command::new("valgrind").arg("--version").output();
    if !valgrind.as_ref().is_ok_and(|o| o.status.success()) {
        bail!("valgrind is needed (its cache simulator counts the lines): install it, e.g. `apt install valgrind`");
    }
    let args = engine_example_build("slo_footprint");
    eprintln!("==> footprint: cargo {}", args.join(" "));
    let status = cargo_cmd(&args)
        .current_dir(root())
        .status()
        .context("cannot start cargo")?;
    if !status.success() {
        bail!("building engine/examples/slo_footprint failed ({status})");
    }
    let bin = target_dir().join("release/examples/slo_footprint");
    let out = a.out.unwrap_or_else(|| root().join("notebooks-out/footprint"));
    let work = out.join("profiles");
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let calls = (a.rounds * 100) as u64;
    // The risk controller's clock as the live engine has it on this machine,
    // found natively: under valgrind the processor reports no invariant
    // counter, and the operating system's clock would be counted instead.
    let probe = Command::new(&bin)
        .arg("--live-clock")
        .output()
        .context("cannot start slo_footprint --live-clock")?;
    let clock = String::from_utf8_lossy(&probe.stdout).trim().to_string();
    if !probe.status.success() || !(clock == "os" || clock.starts_with("cycle:")) {
        bail!("slo_footprint --live-clock printed {clock:?} ({})", probe.status);
    }
    eprintln!("==> footprint: the live risk clock here is `{clock}`");
    let mut counts = Vec::new();
    for arm in ARMS {
        let base = work.join(format!("{arm}.callgrind"));
        eprintln!("==> footprint: arm {arm} ({} rounds) under valgrind", a.rounds);
        let run = Command::new("valgrind")
            .args([
                "--tool=callgrind",
                "--cache-sim=yes",
                "--I1=32768,8,64",
                "--D1=32768,8,64",
                "--LL=1048576,16,64",
                "--separate-threads=yes",
                "--toggle-collect=slo_footprint::timed_*",
            ])
            .arg(format!("--callgrind-out-file={}", base.display()))
            .arg(&bin)
            .args(["--arm", arm, "--rounds", &a.rounds.to_string(), "--clock", &clock])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("cannot start valgrind")?;
        if !run.success() {
            bail!("valgrind on slo_footprint --arm {arm} failed ({run})");
        }
        // The calling thread's profile: the first thread's file.
        let file = PathBuf::from(format!("{}-01", base.display()));
        let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        counts.push((arm, parse_profile(&text, &file)?));
    }
    let off = counts[0].1;
    let mut rows = serde_json::Map::new();
    println!(
        "{:<18} {:>13} {:>11} {:>11} {:>8}",
        "layers", "instructions", "code lines", "data lines", "lines"
    );
    for (arm, c) in &counts[1..] {
        let v = per_call(*c, off, calls);
        println!(
            "{:<18} {:>13} {:>11} {:>11} {:>8}",
            arm, v["instructions"], v["code_lines"], v["data_lines"], v["lines"]
        );
        rows.insert(arm.to_string(), v);
    }
    let report = json!({
        "workload": "SLO-14 (engine/examples/slo_probe/workload.rs)",
        "rounds": a.rounds,
        "calls": calls,
        "caches": {"I1": "32 KiB 8-way", "D1": "32 KiB 8-way", "LL": "1 MiB 16-way", "line": 64},
        "per_call_beyond_off": rows,
        "risk_clock": if clock == "os" { "operating system" } else { "time-stamp counter" },
        "revision": crate::util::git_out(&["rev-parse", "HEAD"]),
    });
    let path = out.join("footprint.json");
    write_atomic(&path, &format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = "# callgrind format\nversion: 1\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\nfl=(1) a.rs\nfn=(1) f\n3 10 2 1 1 1\nsummary: 1000 200 100 30 20 10 3 2 1\n";

    #[test]
    fn reads_the_counters_by_event_name() {
        let c = parse_profile(PROFILE, Path::new("p")).unwrap();
        assert_eq!(
            c,
            Counts {
                ir: 1000,
                i1_miss: 30,
                d1_read_miss: 20,
                d1_write_miss: 10
            }
        );
        let v = per_call(
            c,
            Counts {
                ir: 400,
                i1_miss: 10,
                d1_read_miss: 5,
                d1_write_miss: 5,
            },
            10,
        );
        assert_eq!(
            (v["instructions"].as_f64(), v["lines"].as_f64()),
            (Some(60.0), Some(4.0))
        );
    }

    #[test]
    fn a_profile_without_the_cache_events_or_totals_is_refused_with_its_name() {
        let no_cache = "events: Ir\nsummary: 5\n";
        let e = parse_profile(no_cache, Path::new("x.cg")).unwrap_err().to_string();
        assert!(e.contains("x.cg") && e.contains("I1mr"), "{e}");
        let e = parse_profile("events: Ir I1mr D1mr D1mw\n", Path::new("y.cg"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("y.cg") && e.contains("summary"), "{e}");
        let bad = "events: Ir I1mr D1mr D1mw\nsummary: 1 x 2 3\n";
        let e = parse_profile(bad, Path::new("z.cg")).unwrap_err().to_string();
        assert!(e.contains("z.cg:2"), "{e}");
    }
}
