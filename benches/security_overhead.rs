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
    let reqs = workload::requests();
    let mut g = c.benchmark_group("security_overhead");
    g.sample_size(20);
    g.bench_function("workload_100_calls/security_off", |b| {
        b.iter(|| {
            let failed = workload::run_off(&mut fs, &reqs);
            assert_eq!(failed, 0, "the off workload must do the same work as the on one");
        })
    });
    let mut ts = 0u64;
    g.bench_function("workload_100_calls/security_on", |b| {
        b.iter_batched(
            workload::dispatcher,
            |mut d| {
                let failed = workload::run_on(&mut d, &mut fs, &reqs, &mut ts);
                assert_eq!(failed, 0, "every workload call must be allowed");
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
