//! `slo_probe`: the timing half of the SLO scorecard, built and run in release
//! mode by `cargo xtask slo` (`cargo run --release -p seclab-engine --example
//! slo_probe`). Measures, in this process, per-call latency quantiles for
//! SLO-04 (policy), SLO-05 (dispatch) and SLO-06 (risk), and the SLO-14
//! overhead of the standardized workload with security layers on versus off:
//! with its files in the host's temporary directory (the SLO's figure), and,
//! as a diagnostic, in `/dev/shm` (memory), where calls do not wait on a disk,
//! and, as a second diagnostic, on the same disk with the process confined to
//! one CPU, on each of its first CPUs in turn (`one_cpu`).
//! Prints one JSON object on stdout.
//!
//! Options: `--policy-iters N` (10000), `--dispatch-iters N` (1000),
//! `--risk-iters N` (1000), `--rounds N` (301 paired overhead rounds).

mod workload;

use seclab_engine::latency::{measure, LatencyStats};
use seclab_engine::policy::slo_04_worst_case_policy;
use seclab_engine::risk::CallFeatures;
use seclab_engine::{
    Capability, Dispatcher, EngineConfig, HostcallKind, HostcallRequest, MockConnector, Outcome, PromptSource,
    RiskConfig, RiskController, RiskInput,
};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;

struct Opts {
    policy_iters: usize,
    dispatch_iters: usize,
    risk_iters: usize,
    rounds: usize,
}

fn parse_opts() -> Result<Opts, String> {
    let mut o = Opts {
        policy_iters: 10_000,
        dispatch_iters: 1_000,
        risk_iters: 1_000,
        rounds: 301,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let n: usize = value.parse().map_err(|_| format!("{flag}: not a count: {value:?}"))?;
        if n == 0 {
            return Err(format!("{flag} must be at least 1"));
        }
        match flag.as_str() {
            "--policy-iters" => o.policy_iters = n,
            "--dispatch-iters" => o.dispatch_iters = n,
            "--risk-iters" => o.risk_iters = n,
            "--rounds" => o.rounds = n,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(o)
}

fn stats_json(s: &LatencyStats, what: &str) -> Value {
    json!({
        "workload": what,
        "iterations": s.samples,
        "p50_ns": s.p50_ns,
        "p90_ns": s.p90_ns,
        "p99_ns": s.p99_ns,
        "p999_ns": s.p999_ns,
        "max_ns": s.max_ns,
        "mean_ns": s.mean_ns,
    })
}

/// SLO-04's worst case: the standard profile with 10,000 per-extension overrides,
/// every capability asked for in turn.
fn policy_latency(iters: usize) -> Value {
    let (p, ids) = slo_04_worst_case_policy(10_000);
    let s = measure(iters, |i| {
        let id = &ids[(i * 7919) % ids.len()];
        let cap = Capability::ALL[i % Capability::ALL.len()];
        black_box(p.evaluate_for(black_box(cap.as_str()), Some(id)));
    });
    stats_json(
        &s,
        "evaluate_for, 10,000 per-extension overrides, all 10 capabilities in turn",
    )
}

/// SLO-05: the full pipeline with a mock connector that answers at once, ledger on.
fn dispatch_latency(iters: usize) -> Value {
    let mut cfg = EngineConfig::default();
    cfg.policy.allow_dangerous = true;
    cfg.policy.default_caps = Some(Capability::ALL.into_iter().collect());
    let params = [
        ("tool", json!({"name": "read", "input": {"path": "src/lib.rs"}})),
        ("tool", json!({"name": "edit", "input": {"path": "src/lib.rs"}})),
        ("exec", json!({"cmd": "cargo", "args": ["test"]})),
        (
            "http",
            json!({"url": "https://api.github.com/repos/a/b", "method": "GET"}),
        ),
        ("fs", json!({"op": "read", "path": "Cargo.toml"})),
        ("events", json!({"name": "turn_end"})),
        ("env", json!({"name": "HOME"})),
    ];
    let reqs: Vec<HostcallRequest> = params
        .iter()
        .enumerate()
        .map(|(i, (m, p))| HostcallRequest::new(format!("d-{i}"), "probe.ext", *m, p.clone()))
        .collect();
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::counting();
    let mut ts = 0u64;
    for i in 0..512 {
        ts += 700;
        d.dispatch_host_call_shared(&reqs[i % reqs.len()], ts, &mut m);
    }
    let s = measure(iters, |i| {
        ts += 700;
        black_box(d.dispatch_host_call_shared(&reqs[i % reqs.len()], ts, &mut m));
    });
    let mut v = stats_json(
        &s,
        "dispatch_host_call_shared, mock connector, risk + ledger on, benign 7-call mix",
    );
    v["terminated"] = json!(d.is_terminated("probe.ext"));
    v
}

/// SLO-06: one risk decision with the sliding window full (128 calls).
fn risk_latency(iters: usize) -> Value {
    let cfg = RiskConfig {
        window_size: 128,
        ..RiskConfig::default()
    };
    let mut ctl = RiskController::new(cfg);
    let calls = [
        (
            HostcallKind::Tool,
            Capability::Read,
            json!({"name": "read", "input": {"path": "a.rs"}}),
        ),
        (
            HostcallKind::Tool,
            Capability::Write,
            json!({"name": "edit", "input": {"path": "a.rs"}}),
        ),
        (
            HostcallKind::Exec,
            Capability::Exec,
            json!({"cmd": "cargo", "args": ["build"]}),
        ),
        (
            HostcallKind::Http,
            Capability::Http,
            json!({"url": "https://crates.io/api", "method": "GET"}),
        ),
        (HostcallKind::Env, Capability::Env, json!({"name": "HOME"})),
        (
            HostcallKind::Fs,
            Capability::Read,
            json!({"op": "read", "path": "Cargo.toml"}),
        ),
    ];
    let ins: Vec<(HostcallKind, Capability, CallFeatures)> = calls
        .iter()
        .map(|(k, c, p)| (*k, *c, ctl.extract_features(*k, *c, p)))
        .collect();
    let mut ts = 0u64;
    let mut step = |ctl: &mut RiskController, i: usize| {
        let (kind, capability, features) = ins[i % ins.len()];
        ts += 700;
        let input = RiskInput {
            extension_id: "probe.ext",
            kind,
            capability,
            prompt: PromptSource::None,
            features: &features,
        };
        black_box(ctl.evaluate_runtime_risk(&input, ts));
        ctl.record_outcome("probe.ext", Outcome::Success);
    };
    for i in 0..256 {
        step(&mut ctl, i);
    }
    let window = ctl.state("probe.ext").map_or(0, |s| s.len());
    let s = measure(iters, |i| step(&mut ctl, i));
    let mut v = stats_json(&s, "evaluate_runtime_risk + outcome feedback, full 128-call window");
    v["window_len"] = json!(window);
    v
}

/// SLO-14: paired rounds of the standardized workload, security on and off,
/// in alternating order. Reports the median paired overhead and a
/// distribution-free 95% interval for it (order statistics of the median).
fn overhead(rounds: usize) -> Result<Value, String> {
    let mut v = overhead_of(&workload::security_on_config(), rounds, true, None)?;
    // The same protocol with layers switched off: how much of the overhead each
    // layer adds (validation and policy always run; they decide what may run).
    let mut layers = serde_json::Map::new();
    for (name, risk, ledger) in [
        ("validation_policy", false, false),
        ("validation_policy_risk", true, false),
        ("validation_policy_ledger", false, true),
    ] {
        let o = overhead_of(&workload::config_with(risk, ledger), rounds, false, None)?;
        layers.insert(
            name.to_string(),
            json!({"overhead": o["overhead"], "overhead_ci95": o["overhead_ci95"]}),
        );
    }
    v["by_layer"] = Value::Object(layers);
    // The same protocol with the files in memory (a diagnostic, not the SLO's
    // figure): calls that do not wait on a disk are short, so this is the
    // ratio where the engine's share is largest.
    v["memory_fs"] = match memory_fs() {
        Some(base) => diagnostic(&overhead_of(
            &workload::security_on_config(),
            rounds,
            false,
            Some(base),
        )?),
        None => json!({"skipped": format!("no writable {MEMORY_FS} on this host")}),
    };
    // The same protocol on the same disk, the process held on one CPU at a
    // time (a diagnostic, not the SLO's figure). Where the thread runs
    // decides what else uses that core's caches between its calls: the
    // interrupt work of the disk's completions, or nothing. The spread
    // between the CPUs, and against the graded run, is the part of the
    // overhead the host's placement of threads and interrupts decides.
    v["one_cpu"] = on_each_cpu(|| overhead_of(&workload::security_on_config(), rounds, false, None))?;
    Ok(v)
}

/// CPUs the one-CPU diagnostic runs on at most (the first of the process's
/// mask): each costs one more run of the protocol.
const ONE_CPU_RUNS: usize = 4;

/// Run `f` once on each of the first [`ONE_CPU_RUNS`] CPUs of this thread's
/// mask, the thread (and every thread it starts meanwhile, such as each
/// dispatcher's ledger sealer) confined to that CPU, then restore the mask.
/// `{"runs": [...]}` with each run's figures and CPU, or `skipped` with the
/// reason when the mask cannot be read or set.
#[cfg(target_os = "linux")]
fn on_each_cpu(f: impl Fn() -> Result<Value, String>) -> Result<Value, String> {
    use rustix::thread::{sched_getaffinity, sched_setaffinity, CpuSet};
    let before = match sched_getaffinity(None) {
        Ok(m) => m,
        Err(e) => return Ok(json!({"skipped": format!("cannot read this thread's CPU mask: {e}")})),
    };
    let cpus: Vec<usize> = (0..CpuSet::MAX_CPU)
        .filter(|&c| before.is_set(c))
        .take(ONE_CPU_RUNS)
        .collect();
    let mut runs = Vec::new();
    for cpu in cpus {
        let mut one = CpuSet::new();
        one.set(cpu);
        if let Err(e) = sched_setaffinity(None, &one) {
            let _ = sched_setaffinity(None, &before);
            return Ok(json!({"skipped": format!("cannot confine this thread to CPU {cpu}: {e}")}));
        }
        let run = f();
        // Restored even when the run failed: the latency probes that follow
        // run as the graded run did.
        let restored = sched_setaffinity(None, &before);
        let o = run?;
        restored.map_err(|e| format!("cannot restore this thread's CPU mask after the run on CPU {cpu}: {e}"))?;
        let mut r = diagnostic(&o);
        r["cpu"] = json!(cpu);
        runs.push(r);
    }
    Ok(json!({ "runs": runs }))
}

#[cfg(not(target_os = "linux"))]
fn on_each_cpu(_f: impl Fn() -> Result<Value, String>) -> Result<Value, String> {
    Ok(json!({"skipped": "confining the process to one CPU is implemented on Linux only"}))
}

/// What a diagnostic run of the protocol reports: its overhead, interval,
/// time per call, security-off round, directory and failed calls (both arms).
fn diagnostic(o: &Value) -> Value {
    json!({
        "overhead": o["overhead"],
        "overhead_ci95": o["overhead_ci95"],
        "overhead_ns_per_call": o["overhead_ns_per_call"],
        "median_off_ns": o["median_off_ns"],
        "temp_root": o["temp_root"],
        "failed_calls": o["failed_calls_on"].as_u64().unwrap_or(0) + o["failed_calls_off"].as_u64().unwrap_or(0),
    })
}

/// Where the memory-backed run puts its files (Linux's shared-memory tmpfs).
const MEMORY_FS: &str = "/dev/shm";

/// [`MEMORY_FS`] when this host has it and lets the probe write there.
fn memory_fs() -> Option<&'static std::path::Path> {
    let p = std::path::Path::new(MEMORY_FS);
    (p.is_dir() && tempfile::tempdir_in(p).is_ok()).then_some(p)
}

/// Median and distribution-free 95% interval of paired overheads `on/off - 1`.
fn paired_overhead(on_ns: &[u64], off_ns: &[u64]) -> (f64, [f64; 2]) {
    let mut ratios: Vec<f64> = on_ns
        .iter()
        .zip(off_ns)
        .map(|(&on, &off)| on as f64 / off.max(1) as f64 - 1.0)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    let median = if n % 2 == 1 {
        ratios[n / 2]
    } else {
        (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0
    };
    // Ranks of a 95% interval for the median: n/2 ± 1.96·√n/2 (normal approximation
    // to the binomial), clamped to the sample.
    let half = 1.959_963_984_540_054 * (n as f64).sqrt() / 2.0;
    let lo = ((n as f64 / 2.0 - half).floor().max(0.0) as usize).min(n - 1);
    let hi = ((n as f64 / 2.0 + half).ceil() as usize).clamp(1, n) - 1;
    (median, [ratios[lo], ratios[hi]])
}

/// The middle value (the upper of the two middle ones for an even count).
fn median_of<T: Ord + Copy>(v: &[T]) -> T {
    let mut v = v.to_vec();
    v.sort_unstable();
    v[v.len() / 2]
}

/// The paired protocol for one engine config. With `parse_counted`, each
/// round also times the off arm with its calls read before the timing (the
/// protocol of stops up to 28), reported beside the main figure. The files
/// live in a new directory under `base`, else under the host's temporary
/// directory.
fn overhead_of(
    cfg: &seclab_engine::EngineConfig,
    rounds: usize,
    parse_counted: bool,
    base: Option<&std::path::Path>,
) -> Result<Value, String> {
    let (dir, mut fs) = workload::sandbox_in(base)?;
    let reqs = workload::requests();
    let direct = workload::direct_calls(&reqs);
    let mut ts = 0u64;
    let mut failed_on = 0usize;
    let mut failed_off = 0usize;
    let mut on_ns = Vec::with_capacity(rounds);
    let mut off_ns = Vec::with_capacity(rounds);
    let mut pre_ns = Vec::with_capacity(rounds);
    let warmup = 3;
    for r in 0..(rounds + warmup) {
        // Each round's calls are new requests, built before the timing, as a
        // runtime gets a new request per call. One set reused by every round
        // made each call of the on arm take the request's reference count
        // back from the ledger's sealer thread, which dropped its clone on
        // the other core: a cache-line move between cores a runtime's fresh
        // requests never make (stop 41: -0.2 points over 7 interleaved runs).
        let round = workload::requests();
        let round_reqs: &[HostcallRequest] = &round;
        let mut d = seclab_engine::Dispatcher::new(cfg);
        let mut time_on = |fs: &mut _, failed: &mut usize| {
            let t = Instant::now();
            *failed += workload::run_on(&mut d, fs, round_reqs, &mut ts);
            t.elapsed().as_nanos() as u64
        };
        let time_off = |fs: &mut _, failed: &mut usize| {
            let t = Instant::now();
            *failed += workload::run_off(fs, round_reqs);
            t.elapsed().as_nanos() as u64
        };
        let time_pre = |fs: &mut _, failed: &mut usize| {
            let t = Instant::now();
            *failed += workload::run_off_prevalidated(fs, &direct);
            t.elapsed().as_nanos() as u64
        };
        let (on, off) = if r % 2 == 0 {
            let on = time_on(&mut fs, &mut failed_on);
            (on, time_off(&mut fs, &mut failed_off))
        } else {
            let off = time_off(&mut fs, &mut failed_off);
            (time_on(&mut fs, &mut failed_on), off)
        };
        let pre = parse_counted.then(|| time_pre(&mut fs, &mut failed_off));
        if r >= warmup {
            on_ns.push(on);
            off_ns.push(off);
            pre_ns.extend(pre);
        }
    }
    let (median, ci) = paired_overhead(&on_ns, &off_ns);
    // What the layers cost per call, in time: the median paired difference.
    let per_call: Vec<i64> = on_ns
        .iter()
        .zip(&off_ns)
        .map(|(&on, &off)| (on as i64 - off as i64) / workload::CALLS as i64)
        .collect();
    let mut v = json!({
        "workload": format!("{} fs/tool read, write and ls calls, FsConnector in a temp dir; on = Dispatcher (validation, policy, risk, ledger), off = each call read into its typed form (validate_call) and the connector called directly", workload::CALLS),
        "calls_per_round": workload::CALLS,
        "rounds": on_ns.len(),
        "median_on_ns": median_of(&on_ns),
        "median_off_ns": median_of(&off_ns),
        "overhead": median,
        "overhead_ci95": ci,
        "overhead_ns_per_call": median_of(&per_call),
        // The directory the workload's files live under: the figure depends
        // on its disk (the scorecard names the file system).
        "temp_root": dir.path().parent().map(|p| p.display().to_string()),
        "failed_calls_on": failed_on,
        "failed_calls_off": failed_off,
    });
    if parse_counted {
        let (median, ci) = paired_overhead(&on_ns, &pre_ns);
        v["parse_counted"] = json!({
            "about": "off arm with every call read before the timing (the protocol up to stop 28): reading the params counts as overhead",
            "median_off_ns": median_of(&pre_ns),
            "overhead": median,
            "overhead_ci95": ci,
        });
    }
    Ok(v)
}

fn main() {
    let opts = match parse_opts() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("slo_probe: {e}");
            std::process::exit(2);
        }
    };
    let overhead = match overhead(opts.rounds) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("slo_probe: overhead workload: {e}");
            std::process::exit(1);
        }
    };
    let out = json!({
        "optimized": !cfg!(debug_assertions),
        "policy": policy_latency(opts.policy_iters),
        "dispatch": dispatch_latency(opts.dispatch_iters),
        "risk": risk_latency(opts.risk_iters),
        "overhead": overhead,
    });
    println!("{out}");
}
