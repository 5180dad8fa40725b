//! The writer every archetype generates through: a clock, the session's random
//! stream and one helper per hostcall of the trace vocabulary (tool, exec,
//! http, env, fs, session, ui, events, log). Also the generic "mix" session —
//! a call count drawn from a span and each call's kind drawn from weighted mix
//! entries — which the corpus profiles and most benign archetypes use.

use super::palette as p;
use super::{Session, SimCall};
use rand::Rng;
use rand_chacha::ChaCha20Rng;
use seclab_engine::hostcall::HostcallKind;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// An inclusive `[min, max]` range, written as a two-element array in TOML.
pub type Span = [u64; 2];

/// Timestamp of the first call of every session (ms); arbitrary but fixed.
pub const SESSION_START_MS: u64 = 1_700_000_000_000;

/// A generator bound to one session.
pub struct Gen<'a> {
    pub rng: &'a mut ChaCha20Rng,
    pub now_ms: u64,
    pub out: &'a mut Session,
}

impl<'a> Gen<'a> {
    pub fn new(rng: &'a mut ChaCha20Rng, out: &'a mut Session) -> Self {
        let jitter = rng.random_range(0..60_000u64);
        Gen {
            rng,
            now_ms: SESSION_START_MS + jitter,
            out,
        }
    }

    /// A generator for a session of the named archetype: the session's
    /// extension id is `ext_id(name)` and its result group is the name.
    pub fn for_archetype(rng: &'a mut ChaCha20Rng, out: &'a mut Session, name: &str) -> Self {
        out.meta.ext = super::ext_id(name);
        out.meta.group = name.to_string();
        Gen::new(rng, out)
    }

    /// Number of calls emitted so far.
    pub fn len(&self) -> usize {
        self.out.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.calls.is_empty()
    }

    /// A value in an inclusive span (min and max are swapped if reversed).
    pub fn span(&mut self, s: Span) -> u64 {
        let (lo, hi) = if s[0] <= s[1] { (s[0], s[1]) } else { (s[1], s[0]) };
        self.rng.random_range(lo..=hi)
    }

    pub fn chance(&mut self, prob: f64) -> bool {
        self.rng.random::<f64>() < prob
    }

    pub fn pick<'b>(&mut self, list: &'b [&'b str]) -> &'b str {
        list[self.rng.random_range(0..list.len())]
    }

    pub fn pick_owned(&mut self, list: &[String]) -> Option<String> {
        if list.is_empty() {
            None
        } else {
            Some(list[self.rng.random_range(0..list.len())].clone())
        }
    }

    /// Advance the clock by an exponential gap with the given mean (ms), at least 1 ms.
    pub fn wait_exp(&mut self, mean_ms: f64) {
        let u: f64 = self.rng.random::<f64>();
        let gap = -mean_ms.max(1.0) * (1.0 - u).ln();
        self.now_ms += (gap as u64).max(1);
    }

    /// Advance the clock by a uniform gap in a span (ms).
    pub fn wait_span(&mut self, s: Span) {
        let g = self.span(s);
        self.now_ms += g.max(1);
    }

    pub fn push(&mut self, method: HostcallKind, params: Value) {
        self.out.calls.push(SimCall {
            ts_ms: self.now_ms,
            method,
            params,
        });
    }

    // -- one helper per vocabulary entry ------------------------------------

    pub fn tool(&mut self, name: &str, input: Value) {
        self.push(HostcallKind::Tool, json!({ "name": name, "input": input }));
    }
    pub fn read(&mut self, path: &str) {
        self.tool("read", json!({ "path": path }));
    }
    pub fn grep(&mut self, pattern: &str, path: &str) {
        self.tool("grep", json!({ "pattern": pattern, "path": path }));
    }
    pub fn find(&mut self, pattern: &str) {
        self.tool("find", json!({ "pattern": pattern, "path": "." }));
    }
    pub fn ls(&mut self, path: &str) {
        self.tool("ls", json!({ "path": path }));
    }
    pub fn write(&mut self, path: &str, bytes: u64) {
        self.tool("write", json!({ "path": path, "content_bytes": bytes }));
    }
    pub fn edit(&mut self, path: &str) {
        self.tool("edit", json!({ "path": path }));
    }
    pub fn bash(&mut self, command: &str) {
        self.tool("bash", json!({ "command": command }));
    }
    pub fn exec(&mut self, command_line: &str) {
        let mut parts = command_line.split_whitespace();
        let cmd = parts.next().unwrap_or("true");
        let args: Vec<&str> = parts.collect();
        self.push(HostcallKind::Exec, json!({ "cmd": cmd, "args": args }));
    }
    pub fn http(&mut self, url: &str, method: &str, body_bytes: u64) {
        self.push(
            HostcallKind::Http,
            json!({ "url": url, "method": method, "body_bytes": body_bytes }),
        );
    }
    pub fn env(&mut self, name: &str) {
        self.push(HostcallKind::Env, json!({ "name": name }));
    }
    pub fn fs(&mut self, op: &str, path: &str) {
        self.push(HostcallKind::Fs, json!({ "op": op, "path": path }));
    }
    pub fn session_op(&mut self, op: &str) {
        self.push(HostcallKind::Session, json!({ "op": op }));
    }
    pub fn ui(&mut self, op: &str) {
        self.push(HostcallKind::Ui, json!({ "op": op }));
    }
    pub fn event(&mut self, name: &str) {
        self.push(HostcallKind::Events, json!({ "name": name }));
    }
    pub fn log(&mut self, level: &str, message: &str) {
        self.push(HostcallKind::Log, json!({ "level": level, "message": message }));
    }

    /// One call of a mix entry (the manifest vocabulary), filled from `m`'s
    /// lists or the benign palettes.
    pub fn mix_call(&mut self, entry: &str, m: &MixProfile) {
        match entry {
            "read" => {
                let f = self.pick(p::PROJECT_FILES);
                if self.chance(0.15) {
                    self.fs("read", f);
                } else {
                    self.read(f);
                }
            }
            "grep" => {
                let pat = self.pick(p::GREP_PATTERNS);
                let dir = self.pick(p::PROJECT_DIRS);
                self.grep(pat, dir);
            }
            "find" => {
                let pat = self.pick(p::FIND_PATTERNS);
                self.find(pat);
            }
            "ls" => {
                let d = self.pick(p::PROJECT_DIRS);
                if self.chance(0.2) {
                    self.fs("readdir", d);
                } else {
                    self.ls(d);
                }
            }
            "write" => {
                let f = self.pick(p::PROJECT_FILES);
                let bytes = self.span([200, 20_000]);
                self.write(f, bytes);
            }
            "edit" => {
                let f = self.pick(p::PROJECT_FILES);
                self.edit(f);
            }
            "bash" => {
                let c = self
                    .pick_owned(&m.commands)
                    .unwrap_or_else(|| self.pick(p::DEV_COMMANDS).to_string());
                self.bash(&c);
            }
            "exec" => {
                let c = self
                    .pick_owned(&m.commands)
                    .unwrap_or_else(|| self.pick(p::DEV_COMMANDS).to_string());
                self.exec(&c);
            }
            "tool" => {
                let t = self.pick_owned(&m.tools).unwrap_or_else(|| "custom_tool".to_string());
                let arg = self.pick(p::GREP_PATTERNS);
                self.tool(&t, json!({ "query": arg }));
            }
            "http" => {
                let host = self
                    .pick_owned(&m.http_hosts)
                    .unwrap_or_else(|| self.pick(p::API_HOSTS).to_string());
                let path = self.pick(p::API_PATHS);
                let scheme = if host == "localhost" || host.starts_with("127.") {
                    "http"
                } else {
                    "https"
                };
                let url = format!("{scheme}://{host}{path}");
                if self.chance(m.http_post_fraction) {
                    let b = self.span(m.http_body_bytes);
                    self.http(&url, "POST", b);
                } else {
                    self.http(&url, "GET", 0);
                }
            }
            "env" => {
                let n = self
                    .pick_owned(&m.env_names)
                    .unwrap_or_else(|| self.pick(p::BENIGN_ENV).to_string());
                self.env(&n);
            }
            "session" => {
                let op = self.pick(p::SESSION_OPS);
                self.session_op(op);
            }
            "ui" => {
                let op = self.pick(p::UI_OPS);
                self.ui(op);
            }
            "events" => {
                let n = self.pick(p::EVENT_NAMES);
                self.event(n);
            }
            // "log" and anything unknown (rejected at config load) log a line.
            _ => {
                let lvl = self.pick(p::LOG_LEVELS);
                self.log(lvl, "progress");
            }
        }
    }

    /// Draw a mix entry by weight.
    pub fn mix_entry<'m>(&mut self, m: &'m MixProfile) -> &'m str {
        let total: f64 = m.mix.values().filter(|w| **w > 0.0).sum();
        if total <= 0.0 {
            return "log";
        }
        let mut x = self.rng.random::<f64>() * total;
        let mut last = "log";
        for (k, w) in &m.mix {
            if *w <= 0.0 {
                continue;
            }
            last = k.as_str();
            if x < *w {
                return k.as_str();
            }
            x -= w;
        }
        last
    }

    /// Emit `n` calls of a mix with its pacing (steady or bursty).
    pub fn mix_calls(&mut self, m: &MixProfile, n: u64) {
        let mut left_in_burst = 0u64;
        for i in 0..n {
            if i > 0 {
                if m.burst {
                    if left_in_burst == 0 {
                        self.wait_exp(m.idle_gap_ms);
                        left_in_burst = self.span(m.burst_len);
                    } else {
                        self.wait_exp(m.burst_gap_ms);
                    }
                    left_in_burst = left_in_burst.saturating_sub(1);
                } else {
                    self.wait_exp(m.mean_gap_ms);
                }
            }
            let e = self.mix_entry(m).to_string();
            self.mix_call(&e, m);
        }
    }
}

/// The mix vocabulary accepted in profiles and archetype configs.
pub const MIX_VOCABULARY: &[&str] = &[
    "read", "grep", "find", "ls", "write", "edit", "bash", "tool", "exec", "http", "env", "session", "ui", "events",
    "log",
];

/// A benign session shape: how many calls, which kinds in which proportions,
/// the lists to draw arguments from, and the pacing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MixProfile {
    /// Calls per session, inclusive range.
    pub calls: Span,
    /// Relative weight of each mix entry (vocabulary: see `MIX_VOCABULARY`).
    pub mix: BTreeMap<String, f64>,
    /// Hosts for `http` entries (default: well-known API hosts).
    pub http_hosts: Vec<String>,
    /// Command lines for `bash`/`exec` entries (default: developer commands).
    pub commands: Vec<String>,
    /// Env names for `env` entries (default: ordinary non-secret names).
    pub env_names: Vec<String>,
    /// Custom tool names for `tool` entries.
    pub tools: Vec<String>,
    /// Fraction of http calls that are POSTs.
    pub http_post_fraction: f64,
    /// Body size of POSTs, bytes.
    pub http_body_bytes: Span,
    /// Mean gap between calls when not bursty (ms).
    pub mean_gap_ms: f64,
    /// Bursty pacing: runs of quick calls separated by idle gaps.
    pub burst: bool,
    /// Calls per burst.
    pub burst_len: Span,
    /// Mean gap inside a burst (ms).
    pub burst_gap_ms: f64,
    /// Mean idle gap between bursts (ms).
    pub idle_gap_ms: f64,
}

impl Default for MixProfile {
    fn default() -> Self {
        MixProfile {
            calls: [10, 100],
            mix: BTreeMap::from([("read".to_string(), 1.0)]),
            http_hosts: Vec::new(),
            commands: Vec::new(),
            env_names: Vec::new(),
            tools: Vec::new(),
            http_post_fraction: 0.2,
            http_body_bytes: [64, 4096],
            mean_gap_ms: 1500.0,
            burst: false,
            burst_len: [4, 24],
            burst_gap_ms: 60.0,
            idle_gap_ms: 8000.0,
        }
    }
}

impl MixProfile {
    /// A profile with the given call span and mix, other fields default.
    pub fn with_mix(calls: Span, mix: &[(&str, f64)]) -> Self {
        MixProfile {
            calls,
            mix: mix.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            ..MixProfile::default()
        }
    }

    /// Check the mix names and numeric fields; the error names the field.
    pub fn validate(&self, at: &str) -> Result<(), String> {
        for (k, w) in &self.mix {
            if !MIX_VOCABULARY.contains(&k.as_str()) {
                return Err(format!(
                    "{at}.mix.{k}: unknown mix entry (expected one of {})",
                    MIX_VOCABULARY.join(", ")
                ));
            }
            if !w.is_finite() || *w < 0.0 {
                return Err(format!("{at}.mix.{k}: weight must be a finite number >= 0"));
            }
        }
        if !self.mix.values().any(|w| *w > 0.0) {
            return Err(format!("{at}.mix: needs at least one positive weight"));
        }
        if !(0.0..=1.0).contains(&self.http_post_fraction) {
            return Err(format!("{at}.http_post_fraction: must be within [0, 1]"));
        }
        for (name, v) in [
            ("mean_gap_ms", self.mean_gap_ms),
            ("burst_gap_ms", self.burst_gap_ms),
            ("idle_gap_ms", self.idle_gap_ms),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(format!("{at}.{name}: must be a finite number >= 0"));
            }
        }
        if self.calls[0].max(self.calls[1]) == 0 {
            return Err(format!("{at}.calls: a session needs at least one call"));
        }
        Ok(())
    }

    /// Generate a whole session of this mix.
    pub fn generate(&self, g: &mut Gen<'_>) {
        let n = g.span(self.calls).max(1);
        g.mix_calls(self, n);
    }
}

/// A mix map from a literal list.
pub fn mix(entries: &[(&str, f64)]) -> BTreeMap<String, f64> {
    entries.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}
