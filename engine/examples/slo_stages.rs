//! `slo_stages`: where SLO-14's overhead is spent, in place. Runs the
//! standardized workload (`slo_probe/workload.rs`) through the live dispatcher
//! with `risk.measure_stages` on and prints, per stage, the mean and quantiles
//! of its time per call *during* the workload (after the connector's I/O,
//! with whatever the caches then hold), plus the time the ledger read at the
//! end of each round takes for sealing left over (per call), and the
//! connector's time per call with security off (the same calls, each round
//! before the dispatched ones): the engine's part of the overhead is its
//! stages plus the sealing left plus whatever it adds to the connector's own
//! time (the caches it leaves the connector). Compare with the
//! warm figures of `slo_probe`'s `dispatch`; `docs/gates.md` explains the
//! method and its findings. Release mode:
//! `cargo run --release -p seclab-engine --example slo_stages -- --rounds 200`.
//!
//! A second table splits the connector's time, on and off, and the engine's
//! by kind of call. Its medians show how the workload's I/O behaves (a write
//! truncates its file, which on a disk mounted with `discard` waits for the
//! device) and where a per-call comparison of the two arms misleads: the slow
//! part of a read that follows a write can land on the next call instead,
//! depending on timing, so only sums over a round compare the arms.
//!
//! `--prewarm`: before each call, the same request goes through a second
//! dispatcher with a mock connector, so the engine's code (and the request)
//! is back in the caches when the measured call runs, while the measured
//! dispatcher's own state stays as cold as the I/O left it. The difference
//! from a plain run is what cold code costs each stage.

#[path = "slo_probe/workload.rs"]
mod workload;

use seclab_engine::latency::LatencyStats;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let mut rounds = 200usize;
    let mut prewarm = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--prewarm" {
            prewarm = true;
            continue;
        }
        let parsed = match (flag.as_str(), args.next()) {
            ("--rounds", Some(v)) => v.parse::<usize>().ok().filter(|&n| n > 0),
            _ => None,
        };
        match parsed {
            Some(n) => rounds = n,
            None => {
                eprintln!("slo_stages: usage: [--rounds N (N >= 1)] [--prewarm]");
                std::process::exit(2);
            }
        }
    }
    let (_dir, mut fs) = match workload::sandbox_in(None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("slo_stages: {e}");
            std::process::exit(1);
        }
    };
    let reqs = workload::requests();
    let mut cfg = workload::security_on_config();
    cfg.risk.measure_stages = true;
    let names = ["validate", "policy", "quota", "risk", "connector", "ledger", "overhead"];
    let mut stages: Vec<Vec<u64>> = vec![Vec::with_capacity(rounds * reqs.len()); names.len()];
    let mut leftover = Vec::with_capacity(rounds);
    let mut direct_ns = Vec::with_capacity(rounds * reqs.len());
    // Per kind of call: connector off, connector on, engine (overhead) on.
    let kinds = workload::KINDS.len();
    let mut by_kind: Vec<[Vec<u64>; 3]> = (0..kinds).map(|_| Default::default()).collect();
    let direct = workload::direct_calls(&reqs);
    let mut ts = 0u64;
    for _ in 0..rounds {
        for (i, (v, r)) in direct.iter().enumerate() {
            let t = Instant::now();
            black_box(seclab_engine::Connector::call(&mut fs, v, r).is_ok());
            let ns = t.elapsed().as_nanos() as u64;
            direct_ns.push(ns);
            by_kind[i % kinds][0].push(ns);
        }
        let mut d = seclab_engine::Dispatcher::new(&cfg);
        let mut warm = prewarm.then(|| {
            (
                seclab_engine::Dispatcher::new(&cfg),
                seclab_engine::MockConnector::counting(),
            )
        });
        for (i, r) in reqs.iter().enumerate() {
            ts += 250;
            if let Some((w, mock)) = warm.as_mut() {
                black_box(w.dispatch_host_call_shared(r, ts, mock).status);
            }
            let t = d.dispatch_host_call_shared(r, ts, &mut fs).timings;
            let row = [
                t.validate_ns,
                t.policy_ns,
                t.quota_ns,
                t.risk_ns,
                t.connector_ns,
                t.ledger_ns,
                t.overhead_ns(),
            ];
            for (v, x) in stages.iter_mut().zip(row) {
                v.push(x);
            }
            by_kind[i % kinds][1].push(t.connector_ns);
            by_kind[i % kinds][2].push(t.overhead_ns());
        }
        let t = Instant::now();
        black_box(d.ledger().map(|l| l.last_hash().len()));
        leftover.push(t.elapsed().as_nanos() as u64 / reqs.len() as u64);
    }
    println!(
        "{} rounds of {} calls{}; ns per call (mean, p50, p90, p99)",
        rounds,
        reqs.len(),
        if prewarm {
            ", engine code prewarmed before each call"
        } else {
            ""
        }
    );
    for (name, v) in names.iter().copied().zip(stages).chain([
        ("sealing left for the read", leftover),
        ("connector, security off", direct_ns),
    ]) {
        let q = LatencyStats::from_samples(v);
        println!(
            "{name:26} {:8.0} {:8} {:8} {:8}",
            q.mean_ns, q.p50_ns, q.p90_ns, q.p99_ns
        );
    }
    println!("by kind of call; ns per call (median, mean)");
    println!(
        "{:12} {:>17} {:>17} {:>17}",
        "", "connector off", "connector on", "engine on"
    );
    for (name, cols) in workload::KINDS.iter().zip(by_kind) {
        let cells: Vec<String> = cols
            .into_iter()
            .map(|v| {
                let q = LatencyStats::from_samples(v);
                format!("{:8} {:8.0}", q.p50_ns, q.mean_ns)
            })
            .collect();
        println!("{name:12} {}", cells.join(" "));
    }
}
