//! The standardized SLO-14 workload, shared by `benches/security_overhead.rs`
//! and the `slo_probe` example that `cargo xtask slo` runs in release mode.
//!
//! One workload is 100 hostcalls from one extension against a file-system
//! connector rooted in a temporary directory: fs reads and writes plus the
//! `read`, `write` and `ls` tools, cycling through ten small files. "Security
//! on" sends every call through the [`Dispatcher`] (validation, policy, risk,
//! ledger); "security off" reads each call's params into their typed form (the
//! same [`validate_call`]) and hands it straight to the connector.

#![allow(dead_code)]

use seclab_engine::hostcall::validate_call;
use seclab_engine::{
    Capability, CapabilitySet, Connector, DispatchStatus, Dispatcher, EngineConfig, FsConnector, HostcallRequest,
    Validated,
};
use serde_json::json;
use std::path::Path;

/// Calls per workload (the SLO text: "100 read/write/tool calls").
pub const CALLS: usize = 100;
/// The extension every workload call comes from.
pub const EXTENSION: &str = "overhead.workload";
const FILES: usize = 10;

/// The engine configuration with every security layer on: the default config
/// (risk controller enabled and enforcing, ledger on) whose policy grants the
/// capabilities the workload needs.
pub fn security_on_config() -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.default_caps = Some(CapabilitySet::from_iter([
        Capability::Read,
        Capability::Write,
        Capability::Tool,
    ]));
    cfg
}

/// The five kinds of call the workload cycles through: call `i` is of kind
/// `KINDS[i % 5]`.
pub const KINDS: [&str; 5] = ["fs write", "fs read", "tool read", "tool write", "tool ls"];

/// The 100 calls, in order.
pub fn requests() -> Vec<HostcallRequest> {
    let body = "x".repeat(256);
    (0..CALLS)
        .map(|i| {
            let file = format!("data/file_{}.txt", i % FILES);
            let (method, params) = match i % KINDS.len() {
                0 => ("fs", json!({"op": "write", "path": file, "content": body})),
                1 => ("fs", json!({"op": "read", "path": file})),
                2 => ("tool", json!({"name": "read", "input": {"path": file}})),
                3 => (
                    "tool",
                    json!({"name": "write", "input": {"path": file, "content": body}}),
                ),
                _ => ("tool", json!({"name": "ls", "input": {"path": "data"}})),
            };
            HostcallRequest::new(format!("w-{i}"), EXTENSION, method, params)
        })
        .collect()
}

/// Create the files the workload reads under `root`.
pub fn prepare(root: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(root.join("data"))?;
    for i in 0..FILES {
        std::fs::write(root.join(format!("data/file_{i}.txt")), "seed")?;
    }
    Ok(())
}

/// A new directory (under `base`, else the host's temporary directory) with
/// the workload's files, and a connector on it; the error names what failed
/// and where.
pub fn sandbox_in(base: Option<&Path>) -> Result<(tempfile::TempDir, FsConnector), String> {
    let dir = match base {
        Some(b) => tempfile::tempdir_in(b),
        None => tempfile::tempdir(),
    }
    .map_err(|e| format!("temp dir: {e}"))?;
    let fs = prepare(dir.path())
        .and_then(|()| connector(dir.path()))
        .map_err(|e| format!("{}: {e}", dir.path().display()))?;
    Ok((dir, fs))
}

/// A connector over `root` carrying the same policy and risk lists the dispatcher uses.
pub fn connector(root: &Path) -> std::io::Result<FsConnector> {
    FsConnector::for_config(root, &security_on_config())
}

/// Each call validated up front, outside any timing: the inputs of
/// [`run_off_prevalidated`].
pub fn direct_calls(reqs: &[HostcallRequest]) -> Vec<(Validated<'_>, &HostcallRequest)> {
    reqs.iter()
        .map(|r| (validate_call(r).expect("workload calls are valid"), r))
        .collect()
}

/// Run the workload with security off; returns how many calls failed. A
/// runtime without security layers still has to read each call's params into
/// the typed form its connector takes, so each call is read
/// ([`validate_call`]) and then handed to the connector: both arms pay the
/// parse, and the difference between them is what the security layers
/// (policy, risk, ledger) and the dispatcher around them add.
pub fn run_off(fs: &mut FsConnector, reqs: &[HostcallRequest]) -> usize {
    reqs.iter()
        .filter(|r| match validate_call(r) {
            Ok(v) => std::hint::black_box(fs.call(&v, r)).is_err(),
            Err(_) => true,
        })
        .count()
}

/// Security off with every call read before the timing starts: the protocol
/// of stops up to 28, which counted reading the params as security overhead.
/// Kept so that figure can still be compared.
pub fn run_off_prevalidated(fs: &mut FsConnector, calls: &[(Validated<'_>, &HostcallRequest)]) -> usize {
    calls
        .iter()
        .filter(|(v, r)| std::hint::black_box(fs.call(v, r)).is_err())
        .count()
}

/// Run the workload with security on through `d`; returns how many calls did
/// not end `ok`. The run ends with every call sealed into the ledger: the
/// background sealer's work that has not overlapped the calls is waited for
/// (and the remainder sealed on this thread) inside the timing.
pub fn run_on(d: &mut Dispatcher, fs: &mut FsConnector, reqs: &[HostcallRequest], ts: &mut u64) -> usize {
    let failed = reqs
        .iter()
        .filter(|r| {
            *ts += 250;
            let o = d.dispatch_host_call_shared(r, *ts, fs);
            std::hint::black_box(o.status) != DispatchStatus::Ok
        })
        .count();
    std::hint::black_box(d.ledger().map(|l| l.last_hash().len()));
    failed
}

/// A fresh dispatcher with every layer on.
pub fn dispatcher() -> Dispatcher {
    Dispatcher::new(&security_on_config())
}

/// The security-on config with the risk controller and/or the ledger switched
/// off: the layer ablation that splits SLO-14's overhead by layer.
pub fn config_with(risk: bool, ledger: bool) -> EngineConfig {
    let mut cfg = security_on_config();
    cfg.risk.enabled = risk;
    cfg.ledger.enabled = ledger;
    cfg
}
