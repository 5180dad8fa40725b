//! SLO-05: end-to-end dispatch with a mock connector and the ledger on
//! (default capacity 2048), risk controller on, for a benign call mix.
//! Also the fast path (ledger off) and a test-free p99 from the latency helper.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use seclab_engine::capability::CapabilitySet;
use seclab_engine::{latency, Capability, Dispatcher, EngineConfig, HostcallRequest, MockConnector};
use serde_json::json;

fn config(ledger: bool) -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.allow_dangerous = true;
    cfg.policy.default_caps = Some(Capability::ALL.into_iter().collect::<CapabilitySet>());
    cfg.ledger.enabled = ledger;
    cfg
}

fn requests() -> Vec<HostcallRequest> {
    let p = [
        ("tool", json!({"name": "read", "input": {"path": "src/lib.rs"}})),
        (
            "tool",
            json!({"name": "edit", "input": {"path": "src/lib.rs", "old": "a", "new": "b"}}),
        ),
        ("exec", json!({"cmd": "cargo", "args": ["test"]})),
        (
            "http",
            json!({"url": "https://api.github.com/repos/a/b", "method": "GET"}),
        ),
        ("fs", json!({"op": "read", "path": "Cargo.toml"})),
        (
            "tool",
            json!({"name": "grep", "input": {"pattern": "fn", "path": "src"}}),
        ),
        ("events", json!({"name": "turn_end"})),
        ("env", json!({"name": "HOME"})),
    ];
    p.iter()
        .enumerate()
        .map(|(i, (m, params))| HostcallRequest::new(format!("call-{i}"), "bench-ext", *m, params.clone()))
        .collect()
}

fn warmed(ledger: bool) -> (Dispatcher, MockConnector, Vec<HostcallRequest>, u64) {
    let mut d = Dispatcher::new(&config(ledger));
    let mut m = MockConnector::counting();
    let reqs = requests();
    let mut ts = 0;
    for i in 0..3000 {
        ts += 700;
        d.dispatch_host_call_shared(&reqs[i % reqs.len()], ts, &mut m);
    }
    (d, m, reqs, ts)
}

fn bench(c: &mut Criterion) {
    for (name, ledger) in [
        ("dispatch/mock_connector_ledger_on", true),
        ("dispatch/fast_path_ledger_off", false),
    ] {
        let (mut d, mut m, reqs, mut ts) = warmed(ledger);
        let mut i = 0usize;
        c.bench_function(name, |b| {
            b.iter(|| {
                ts += 700;
                i += 1;
                let o = d.dispatch_host_call_shared(black_box(&reqs[i % reqs.len()]), ts, &mut m);
                black_box(o.action)
            })
        });
        assert!(!d.is_terminated("bench-ext"), "the benign mix must stay dispatchable");

        let (mut d, mut m, reqs, mut ts) = warmed(ledger);
        let stats = latency::measure(100_000, |i| {
            ts += 700;
            black_box(d.dispatch_host_call_shared(&reqs[i % reqs.len()], ts, &mut m));
        });
        println!(
            "{name} latency (n={}): p50 {} ns, p99 {} ns, p99.9 {} ns, max {} ns",
            stats.samples, stats.p50_ns, stats.p99_ns, stats.p999_ns, stats.max_ns
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
