//! SLO-14: the standardized workload (100 read/write/tool calls through the
//! file-system connector in a temporary directory) with the security layers on
//! (policy + risk + ledger through the Dispatcher) versus off (each call read
//! into its typed form and the connector called directly). Reports only;
//! `cargo xtask slo` computes the SLO from the same workload with paired
//! rounds.

#[path = "../engine/examples/slo_probe/workload.rs"]
mod workload;

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    workload::prepare(dir.path()).expect("workload files");
    let mut fs = workload::connector(dir.path()).expect("fs connector");
    let mut g = c.benchmark_group("security_overhead");
    g.sample_size(20);
    // New requests for every iteration, built outside the timing (as a runtime
    // gets a new request per call) and returned so they are dropped outside it.
    g.bench_function("workload_100_calls/security_off", |b| {
        b.iter_batched(
            workload::requests,
            |reqs| {
                let failed = workload::run_off(&mut fs, &reqs);
                assert_eq!(failed, 0, "the off workload must do the same work as the on one");
                reqs
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let mut ts = 0u64;
    g.bench_function("workload_100_calls/security_on", |b| {
        b.iter_batched(
            || (workload::dispatcher(), workload::requests()),
            |(mut d, reqs)| {
                let failed = workload::run_on(&mut d, &mut fs, &reqs, &mut ts);
                assert_eq!(failed, 0, "every workload call must be allowed");
                (d, reqs)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
