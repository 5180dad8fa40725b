//! Sweep throughput: simulated hostcall decisions per second through the real
//! engine dispatch pipeline, on one worker thread (so the rate is per core).
//! A small fixed plan (embedded archetypes and profiles, two configs) is
//! evaluated end to end: session generation, request building, one fresh
//! Dispatcher per (session, config), dispatch of every call.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seclab_sim::config::LabConfig;
use seclab_sim::profiles::{self, ProfileSource};
use seclab_sim::results::Shard;
use seclab_sim::sweep::{evaluate, Plan};
use std::path::Path;

fn plan() -> Plan {
    let text = "[run]\nseed = 1\nbenign = 40\nhostile = 40\nearly_stop = true\nlatency_sample_every = 1024\n\
                [grid]\n\"prior.unsafe\" = [0.5, 1.0]\n";
    let lab = LabConfig::parse(text, Path::new("bench.toml")).expect("bench config");
    Plan::new(
        lab,
        Path::new("bench.toml"),
        profiles::embedded().expect("profiles"),
        ProfileSource::Embedded,
        Shard::WHOLE,
    )
    .expect("plan")
}

fn bench(c: &mut Criterion) {
    let p = plan();
    let (_, t) = evaluate(&p, 1, None).expect("evaluate");
    let mut g = c.benchmark_group("sweep_throughput");
    g.throughput(Throughput::Elements(t.dispatched));
    g.sample_size(10);
    g.bench_function("one_core_decisions", |b| {
        b.iter(|| evaluate(&p, 1, None).expect("evaluate"));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
