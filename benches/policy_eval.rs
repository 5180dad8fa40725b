//! SLO-04: `ExtensionPolicy::evaluate_for` in the worst case the SLO names:
//! a 10,000-entry per-extension override map and every capability.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use seclab_engine::policy::slo_04_worst_case_policy;
use seclab_engine::Capability;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let (policy, ids) = slo_04_worst_case_policy(10_000);
    let mut g = c.benchmark_group("policy_eval");
    g.bench_function(BenchmarkId::new("evaluate_for", "10k_overrides_all_caps"), |b| {
        let mut i = 0usize;
        b.iter(|| {
            let id = &ids[(i * 7919) % ids.len()];
            i = i.wrapping_add(1);
            for cap in Capability::ALL {
                black_box(policy.evaluate_for(black_box(cap.as_str()), Some(id)));
            }
        })
    });
    g.bench_function(BenchmarkId::new("evaluate_typed", "10k_overrides_one_cap"), |b| {
        let mut i = 0usize;
        b.iter(|| {
            let id = &ids[(i * 7919) % ids.len()];
            i = i.wrapping_add(1);
            black_box(policy.evaluate(black_box(Capability::ALL[i % 10]), Some(id)))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
