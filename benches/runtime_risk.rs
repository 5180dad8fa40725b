//! SLO-06: one runtime risk decision with a full 128-call window.
//! Also prints p50/p99 from the engine's latency helper (criterion reports means
//! and medians, the SLO is a p99).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use seclab_engine::latency;
use seclab_engine::risk::CallFeatures;
use seclab_engine::{
    Capability, HostcallKind, Outcome, PromptSource, RiskAction, RiskConfig, RiskController, RiskInput,
};
use serde_json::json;

/// A benign mix of inputs, features extracted once (as dispatch does per call).
fn inputs(ctl: &RiskController) -> Vec<(HostcallKind, Capability, CallFeatures)> {
    let calls = [
        (
            HostcallKind::Tool,
            Capability::Read,
            json!({"name": "read", "input": {"path": "src/lib.rs"}}),
        ),
        (
            HostcallKind::Tool,
            Capability::Write,
            json!({"name": "edit", "input": {"path": "src/lib.rs"}}),
        ),
        (
            HostcallKind::Exec,
            Capability::Exec,
            json!({"cmd": "cargo", "args": ["test"]}),
        ),
        (
            HostcallKind::Http,
            Capability::Http,
            json!({"url": "https://api.github.com/x", "method": "GET"}),
        ),
        (HostcallKind::Env, Capability::Env, json!({"name": "HOME"})),
        (
            HostcallKind::Fs,
            Capability::Read,
            json!({"op": "read", "path": "Cargo.toml"}),
        ),
        (
            HostcallKind::Tool,
            Capability::Read,
            json!({"name": "grep", "input": {"path": "src"}}),
        ),
        (HostcallKind::Events, Capability::Events, json!({"name": "turn_end"})),
    ];
    calls
        .iter()
        .map(|(k, c, p)| (*k, *c, ctl.extract_features(*k, *c, p)))
        .collect()
}

/// One decision for the `i`-th input, 700 ms after the previous one, followed
/// by the success outcome the dispatcher would record.
fn step(
    ctl: &mut RiskController,
    ins: &[(HostcallKind, Capability, CallFeatures)],
    i: usize,
    ts: &mut u64,
) -> RiskAction {
    let (kind, capability, features) = ins[i % ins.len()];
    *ts += 700;
    let input = RiskInput {
        extension_id: "bench-ext",
        kind,
        capability,
        prompt: PromptSource::None,
        features: &features,
    };
    let action = ctl.evaluate_runtime_risk(black_box(&input), *ts).action;
    ctl.record_outcome("bench-ext", Outcome::Success);
    action
}

fn warmed(window: usize) -> (RiskController, Vec<(HostcallKind, Capability, CallFeatures)>, u64) {
    let cfg = RiskConfig {
        window_size: window,
        ..RiskConfig::default()
    };
    let mut ctl = RiskController::new(cfg);
    let ins = inputs(&ctl);
    let mut ts = 0;
    for i in 0..(window * 2) {
        step(&mut ctl, &ins, i, &mut ts);
    }
    (ctl, ins, ts)
}

fn bench(c: &mut Criterion) {
    let (mut ctl, ins, mut ts) = warmed(128);
    assert_eq!(ctl.state("bench-ext").map(|s| s.len()), Some(128));
    let mut i = 0usize;
    c.bench_function("runtime_risk/decision_full_window_128", |b| {
        b.iter(|| {
            i += 1;
            black_box(step(&mut ctl, &ins, i - 1, &mut ts))
        })
    });

    // Test-free p99 over 100k decisions (SLO-06 target: p99 <= 5 us).
    let (mut ctl, ins, mut ts) = warmed(128);
    let stats = latency::measure(100_000, |i| {
        black_box(step(&mut ctl, &ins, i, &mut ts));
    });
    println!(
        "runtime_risk latency (window 128, n={}): p50 {} ns, p99 {} ns, p99.9 {} ns, max {} ns",
        stats.samples, stats.p50_ns, stats.p99_ns, stats.p999_ns, stats.max_ns
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
