//! The benign simulator fitted to real sessions: per agent, a small table of
//! statistics estimated from recorded traces (`cargo xtask fit-benign` →
//! `sim/configs/benign_fit.json`, embedded) — calls per session, the
//! inter-call gap distribution, the call-kind mix, a Markov chain over work
//! phases (explore → edit → test → vcs → other), and per phase the mix of
//! program NAMES of shell calls. No command line or path of a session is
//! kept: generated calls take their arguments from the lab's own palettes.
//!
//! Fitting uses one half of each agent's sessions (`fit_split`); the realism
//! table compares simulated sessions with both halves, the fitted one and the
//! held-out one, with two-sample tests (Kolmogorov–Smirnov for calls per
//! session and gaps, chi-square homogeneity for the categorical statistics).

use crate::archetype::{palette as p, Archetype, Gen, Label, Session};
use crate::traces::RealSession;
use rand::Rng;
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use statrs::distribution::{ChiSquared, ContinuousCDF};
use std::collections::BTreeMap;

/// The embedded fit (written by `cargo xtask fit-benign`).
pub const EMBEDDED_FIT: &str = include_str!("../configs/benign_fit.json");
pub const FIT_SCHEMA: &str = "seclab-sim/benign-fit/v1";

/// Work phases.
pub const PHASES: [&str; 5] = ["explore", "edit", "test", "vcs", "other"];
/// Call kinds.
pub const KINDS: [&str; 8] = ["read", "search", "edit", "write", "bash", "exec", "http", "other_tool"];
/// Gap quantiles kept (0, 5, ..., 100 %).
const QUANTILES: usize = 21;
/// Programs kept per phase (the rest pooled as "other").
const TOP_PROGRAMS: usize = 12;
/// A gap below this (ms) continues a burst.
pub const BURST_GAP_MS: u64 = 1000;

/// One agent's fitted statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentFit {
    pub sessions: u64,
    /// Calls per session of the fitted sessions, sorted.
    pub calls: Vec<u64>,
    /// Inter-call gap quantiles (ms), 0 % .. 100 % in steps of 5 %.
    pub gap_ms: Vec<u64>,
    /// Phase of the first call.
    pub start: BTreeMap<String, f64>,
    /// Phase → next phase probabilities.
    pub transitions: BTreeMap<String, BTreeMap<String, f64>>,
    /// Phase → call kind probabilities.
    pub kinds: BTreeMap<String, BTreeMap<String, f64>>,
    /// Phase → program-name probabilities of shell calls.
    pub programs: BTreeMap<String, BTreeMap<String, f64>>,
}

/// The fit file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenignFit {
    pub schema: String,
    /// Where the sessions came from (as given) and how they were split.
    pub source: String,
    pub split_rule: String,
    pub agents: BTreeMap<String, AgentFit>,
}

impl BenignFit {
    pub fn embedded() -> Result<BenignFit, String> {
        parse(EMBEDDED_FIT, "embedded sim/configs/benign_fit.json")
    }
}

pub fn parse(text: &str, origin: &str) -> Result<BenignFit, String> {
    let f: BenignFit = serde_json::from_str(text).map_err(|e| format!("{origin}: {e}"))?;
    if f.schema != FIT_SCHEMA {
        return Err(format!("{origin}: field `schema`: expected {FIT_SCHEMA}"));
    }
    for (a, x) in &f.agents {
        if x.calls.is_empty() || x.gap_ms.len() != QUANTILES {
            return Err(format!(
                "{origin}: agent {a}: needs calls and {QUANTILES} gap quantiles"
            ));
        }
    }
    Ok(f)
}

/// The first program of a shell command line (after `cd X &&` and
/// variable assignments), lower-cased, without directory.
pub fn program_of(cmd: &str) -> String {
    let toks: Vec<&str> = cmd.split_whitespace().collect();
    let mut i = 0;
    while i < toks.len() && toks[i].contains('=') && !toks[i].starts_with('-') {
        i += 1;
    }
    if toks.get(i) == Some(&"cd") {
        if let Some(j) = toks.iter().position(|t| *t == "&&" || *t == ";") {
            i = j + 1;
        }
    }
    let t = toks.get(i).copied().unwrap_or("");
    let t = t.trim_matches(|c| c == '"' || c == '\'' || c == '(' || c == '{');
    let name = t.rsplit(['/', '\\']).next().unwrap_or(t).to_ascii_lowercase();
    if name.is_empty() {
        "(empty)".into()
    } else {
        name
    }
}

/// What a call is: (kind, phase, program for shell calls).
pub fn classify(method: &str, params: &Value) -> (&'static str, &'static str, Option<String>) {
    let tool = params.get("name").and_then(Value::as_str).unwrap_or("");
    match (method, tool) {
        ("tool", "read") => ("read", "explore", None),
        ("tool", "grep" | "find" | "ls") => ("search", "explore", None),
        ("tool", "edit") => ("edit", "edit", None),
        ("tool", "write") => ("write", "edit", None),
        ("tool", "bash") => {
            let cmd = params
                .get("input")
                .and_then(|i| i.get("command"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let prog = program_of(cmd);
            ("bash", shell_phase(&prog, cmd), Some(prog))
        }
        ("exec", _) => {
            let prog = program_of(params.get("cmd").and_then(Value::as_str).unwrap_or(""));
            let phase = if prog == "git" { "vcs" } else { "test" };
            ("exec", phase, Some(prog))
        }
        ("http", _) => ("http", "other", None),
        _ => ("other_tool", "other", None),
    }
}

/// The work phase of a shell command (the lab's own reading of developer
/// commands; not the engine's classification).
fn shell_phase(prog: &str, cmd: &str) -> &'static str {
    let edits = cmd.contains("sed -i") || cmd.contains("perl -pi") || cmd.contains("> ") || cmd.contains("apply_patch");
    match prog {
        "git" => "vcs",
        _ if edits => "edit",
        "pytest" | "cargo" | "npm" | "npx" | "pnpm" | "yarn" | "go" | "make" | "node" | "python" | "python3"
        | "tox" | "uv" => "test",
        "nl" | "sed" | "cat" | "grep" | "rg" | "ls" | "find" | "head" | "tail" | "wc" | "get-content"
        | "get-childitem" | "select-string" | "pwd" | "tree" => "explore",
        _ => "other",
    }
}

fn normalise(m: &BTreeMap<String, u64>) -> BTreeMap<String, f64> {
    let t: u64 = m.values().sum();
    m.iter()
        .map(|(k, v)| (k.clone(), if t == 0 { 0.0 } else { round6(*v as f64 / t as f64) }))
        .collect()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Whether a session belongs to the fitted half: per agent, sessions sorted
/// by sha256 of the file name, every other one (even ranks) is fitted.
pub fn fit_split(sessions: &[&RealSession]) -> (Vec<usize>, Vec<usize>) {
    let mut by: BTreeMap<&str, Vec<(String, usize)>> = BTreeMap::new();
    for (i, s) in sessions.iter().enumerate() {
        let h = crate::sweep::hex(&Sha256::digest(s.file.as_bytes()));
        by.entry(s.agent.as_str()).or_default().push((h, i));
    }
    let (mut fit, mut held) = (Vec::new(), Vec::new());
    for v in by.values_mut() {
        v.sort();
        for (r, (_, i)) in v.iter().enumerate() {
            if r % 2 == 0 {
                fit.push(*i)
            } else {
                held.push(*i)
            }
        }
    }
    fit.sort();
    held.sort();
    (fit, held)
}

/// Estimate the fit from sessions (all of them are used; split first).
pub fn estimate(sessions: &[&RealSession], source: &str) -> BenignFit {
    let mut agents = BTreeMap::new();
    let mut by: BTreeMap<&str, Vec<&RealSession>> = BTreeMap::new();
    for s in sessions {
        by.entry(s.agent.as_str()).or_default().push(s);
    }
    for (agent, ss) in by {
        let mut calls: Vec<u64> = ss.iter().map(|s| s.session.calls.len() as u64).collect();
        calls.sort();
        let mut gaps: Vec<u64> = Vec::new();
        let mut start: BTreeMap<String, u64> = BTreeMap::new();
        let mut trans: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut kinds: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut progs: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for s in &ss {
            let mut prev: Option<&str> = None;
            for (i, c) in s.session.calls.iter().enumerate() {
                if i > 0 {
                    gaps.push(c.ts_ms - s.session.calls[i - 1].ts_ms);
                }
                let (k, ph, prog) = classify(c.method.as_str(), &c.params);
                match prev {
                    None => *start.entry(ph.into()).or_default() += 1,
                    Some(pp) => *trans.entry(pp.into()).or_default().entry(ph.into()).or_default() += 1,
                }
                *kinds.entry(ph.into()).or_default().entry(k.into()).or_default() += 1;
                if let Some(pr) = prog {
                    *progs.entry(ph.into()).or_default().entry(pr).or_default() += 1;
                }
                prev = Some(ph);
            }
        }
        gaps.sort();
        let gap_ms = (0..QUANTILES)
            .map(|q| {
                if gaps.is_empty() {
                    1000
                } else {
                    let idx = ((q as f64 / (QUANTILES - 1) as f64) * (gaps.len() - 1) as f64).round() as usize;
                    gaps[idx]
                }
            })
            .collect();
        // Keep the top programs per phase; pool the rest.
        let progs = progs
            .into_iter()
            .map(|(ph, m)| {
                let mut v: Vec<(String, u64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let mut kept: BTreeMap<String, u64> = BTreeMap::new();
                for (i, (k, c)) in v.into_iter().enumerate() {
                    let key = if i < TOP_PROGRAMS && c >= 2 {
                        k
                    } else {
                        "(other)".to_string()
                    };
                    *kept.entry(key).or_default() += c;
                }
                (ph, normalise(&kept))
            })
            .collect();
        agents.insert(
            agent.to_string(),
            AgentFit {
                sessions: ss.len() as u64,
                calls,
                gap_ms,
                start: normalise(&start),
                transitions: trans.iter().map(|(k, m)| (k.clone(), normalise(m))).collect(),
                kinds: kinds.iter().map(|(k, m)| (k.clone(), normalise(m))).collect(),
                programs: progs,
            },
        );
    }
    BenignFit {
        schema: FIT_SCHEMA.into(),
        source: source.into(),
        split_rule: "per agent, sessions sorted by sha256(file name); even ranks fitted, odd ranks held out".into(),
        agents,
    }
}

fn draw<'a>(rng: &mut ChaCha20Rng, m: &'a BTreeMap<String, f64>) -> Option<&'a str> {
    let total: f64 = m.values().filter(|w| **w > 0.0).sum();
    if total <= 0.0 {
        return None;
    }
    let mut x = rng.random::<f64>() * total;
    let mut last = None;
    for (k, w) in m {
        if *w <= 0.0 {
            continue;
        }
        last = Some(k.as_str());
        if x < *w {
            return last;
        }
        x -= w;
    }
    last
}

/// A gap (ms) drawn from the quantile table (log-linear between quantiles).
fn draw_gap(rng: &mut ChaCha20Rng, q: &[u64]) -> u64 {
    let u = rng.random::<f64>() * (q.len() - 1) as f64;
    let i = (u.floor() as usize).min(q.len() - 2);
    let f = u - i as f64;
    let (a, b) = ((q[i].max(1)) as f64, (q[i + 1].max(1)) as f64);
    (a.ln() + f * (b.ln() - a.ln())).exp().round().max(1.0) as u64
}

/// A synthetic command line for a program name: the lab's own argument
/// shapes over the palette's project files (never a recorded command line).
fn command_for(g: &mut Gen<'_>, prog: &str) -> String {
    let f = g.pick(p::PROJECT_FILES);
    let lo = g.span([1, 400]);
    match prog {
        "nl" => format!("nl -ba {f} | sed -n '{lo},{}p'", lo + 120),
        "sed" => format!("sed -n '{lo},{}p' {f}", lo + 200),
        "grep" | "rg" => format!("{prog} -n \"{}\" src", g.pick(p::GREP_PATTERNS)),
        "cat" | "head" | "tail" | "wc" | "get-content" => format!("{prog} {f}"),
        "ls" | "get-childitem" => format!("{prog} {}", g.pick(p::PROJECT_DIRS)),
        "find" => format!("find . -name '{}'", g.pick(p::FIND_PATTERNS)),
        "git" => g
            .pick(&[
                "git status",
                "git diff",
                "git log --oneline -n 10",
                "git add -A",
                "git show --stat",
            ])
            .to_string(),
        "python" | "python3" => {
            if g.chance(0.5) {
                format!("{prog} -m pytest -q tests")
            } else {
                format!("{prog} - <<'PY'\nprint(open('{f}').read()[:200])\nPY")
            }
        }
        "pytest" => "pytest -q".into(),
        "cargo" => g.pick(&["cargo test", "cargo build", "cargo check"]).to_string(),
        "npm" | "pnpm" | "yarn" => format!("{prog} {}", g.pick(&["test", "run build", "run lint"])),
        "(other)" | "(empty)" => g.pick(p::DEV_COMMANDS).to_string(),
        other => format!("{other} {f}"),
    }
}

/// Generate one session of `agent` from its fit.
pub fn generate(fit: &AgentFit, g: &mut Gen<'_>) {
    let n = fit.calls[g.rng.random_range(0..fit.calls.len())].max(1);
    let mut phase = draw(g.rng, &fit.start).unwrap_or("explore").to_string();
    for i in 0..n {
        if i > 0 {
            let gap = draw_gap(g.rng, &fit.gap_ms);
            g.now_ms += gap.max(1);
            if let Some(t) = fit.transitions.get(&phase) {
                if let Some(next) = draw(g.rng, t) {
                    phase = next.to_string();
                }
            }
        }
        let kind = fit
            .kinds
            .get(&phase)
            .and_then(|m| draw(g.rng, m))
            .unwrap_or("read")
            .to_string();
        let prog = fit
            .programs
            .get(&phase)
            .and_then(|m| draw(g.rng, m))
            .unwrap_or("(other)")
            .to_string();
        match kind.as_str() {
            "read" => {
                let f = g.pick(p::PROJECT_FILES);
                g.read(f)
            }
            "search" => {
                let pat = g.pick(p::GREP_PATTERNS);
                let d = g.pick(p::PROJECT_DIRS);
                g.grep(pat, d)
            }
            "edit" => {
                let f = g.pick(p::PROJECT_FILES);
                g.edit(f)
            }
            "write" => {
                let f = g.pick(p::PROJECT_FILES);
                let b = g.span([100, 20_000]);
                g.write(f, b)
            }
            "bash" => {
                let c = command_for(g, &prog);
                g.bash(&c)
            }
            "exec" => {
                let c = if phase == "vcs" {
                    command_for(g, "git")
                } else {
                    command_for(g, &prog)
                };
                g.exec(&c)
            }
            "http" => {
                let h = g.pick(p::API_HOSTS);
                let path = g.pick(p::API_PATHS);
                g.http(&format!("https://{h}{path}"), "GET", 0)
            }
            _ => {
                let t = g.pick(&["update_plan", "web_search", "todo_write"]);
                g.tool(t, json!({ "query": "progress" }))
            }
        }
    }
}

/// Benign archetype `agent_fit`: sessions of real coding agents as fitted
/// from recorded sessions; session `i` models agent `i mod A` (agents sorted).
pub struct AgentFitArchetype {
    pub fit: std::sync::Arc<BenignFit>,
}

impl Archetype for AgentFitArchetype {
    fn name(&self) -> &'static str {
        "agent_fit"
    }
    fn label(&self) -> Label {
        Label::Benign
    }
    fn describe(&self) -> &'static str {
        "coding-agent sessions from the model fitted to real sessions (phases, program mix, gaps, calls per session)."
    }
    fn generate(&self, rng: &mut ChaCha20Rng, index: u64, out: &mut Session) {
        if self.fit.agents.is_empty() {
            return;
        }
        let (agent, fit) = self
            .fit
            .agents
            .iter()
            .nth((index % self.fit.agents.len() as u64) as usize)
            .expect("index in range");
        let mut g = Gen::for_archetype(rng, out, "agent_fit");
        g.out.meta.ext = format!("sim-agent-{agent}");
        generate(fit, &mut g);
    }
}

// ------------------------------------------------------------------ realism

/// Two-sample Kolmogorov–Smirnov: statistic D and asymptotic p-value.
pub fn ks_two_sample(a: &[f64], b: &[f64]) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut x = a.to_vec();
    let mut y = b.to_vec();
    x.sort_by(f64::total_cmp);
    y.sort_by(f64::total_cmp);
    let (n, m) = (x.len(), y.len());
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < n && j < m {
        let v = x[i].min(y[j]);
        while i < n && x[i] <= v {
            i += 1;
        }
        while j < m && y[j] <= v {
            j += 1;
        }
        d = d.max((i as f64 / n as f64 - j as f64 / m as f64).abs());
    }
    let ne = (n * m) as f64 / (n + m) as f64;
    let lambda = (ne.sqrt() + 0.12 + 0.11 / ne.sqrt()) * d;
    let mut p = 0.0;
    for k in 1..=100 {
        let kf = k as f64;
        let t = 2.0 * (-1f64).powi(k - 1) * (-2.0 * kf * kf * lambda * lambda).exp();
        p += t;
        if t.abs() < 1e-12 {
            break;
        }
    }
    (d, p.clamp(0.0, 1.0))
}

/// Chi-square test of homogeneity of two count vectors over the same
/// categories: statistic, degrees of freedom, p-value.
pub fn chi_square_two_sample(a: &BTreeMap<String, u64>, b: &BTreeMap<String, u64>) -> (f64, u64, f64) {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let (na, nb) = (a.values().sum::<u64>() as f64, b.values().sum::<u64>() as f64);
    if na == 0.0 || nb == 0.0 {
        return (f64::NAN, 0, f64::NAN);
    }
    let mut stat = 0.0;
    let mut cats = 0u64;
    for k in keys {
        let (x, y) = (*a.get(k).unwrap_or(&0) as f64, *b.get(k).unwrap_or(&0) as f64);
        let t = x + y;
        if t == 0.0 {
            continue;
        }
        cats += 1;
        let (ea, eb) = (t * na / (na + nb), t * nb / (na + nb));
        stat += (x - ea).powi(2) / ea + (y - eb).powi(2) / eb;
    }
    let df = cats.saturating_sub(1);
    if df == 0 {
        return (0.0, 0, 1.0);
    }
    let p = ChiSquared::new(df as f64)
        .map(|c| 1.0 - c.cdf(stat))
        .unwrap_or(f64::NAN);
    (stat, df, p)
}

/// The statistics of a set of sessions the realism table compares.
#[derive(Debug, Clone, Default)]
pub struct SessionStats {
    pub calls: Vec<f64>,
    pub gaps: Vec<f64>,
    pub bursts: BTreeMap<String, u64>,
    pub kinds: BTreeMap<String, u64>,
    pub transitions: BTreeMap<String, u64>,
    pub programs: BTreeMap<String, u64>,
}

fn burst_bin(n: u64) -> &'static str {
    match n {
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=9 => "5-9",
        _ => "10+",
    }
}

pub fn session_stats<'a>(sessions: impl Iterator<Item = &'a Session>, top_programs: &[String]) -> SessionStats {
    let mut st = SessionStats::default();
    for s in sessions {
        st.calls.push(s.calls.len() as f64);
        let mut prev: Option<&str> = None;
        let mut run = 1u64;
        for (i, c) in s.calls.iter().enumerate() {
            if i > 0 {
                let gap = c.ts_ms - s.calls[i - 1].ts_ms;
                st.gaps.push(gap as f64);
                if gap < BURST_GAP_MS {
                    run += 1;
                } else {
                    *st.bursts.entry(burst_bin(run).into()).or_default() += 1;
                    run = 1;
                }
            }
            let (k, ph, prog) = classify(c.method.as_str(), &c.params);
            *st.kinds.entry(k.into()).or_default() += 1;
            if let Some(pp) = prev {
                *st.transitions.entry(format!("{pp}->{ph}")).or_default() += 1;
            }
            if let Some(pr) = prog {
                let key = if top_programs.contains(&pr) {
                    pr
                } else {
                    "(other)".into()
                };
                *st.programs.entry(key).or_default() += 1;
            }
            prev = Some(ph);
        }
        if !s.calls.is_empty() {
            *st.bursts.entry(burst_bin(run).into()).or_default() += 1;
        }
    }
    st
}

/// One row of the realism table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RealismRow {
    pub statistic: String,
    /// "fitted" or "held-out" real sessions.
    pub against: String,
    pub test: String,
    /// A short summary of the simulated and real values.
    pub simulated: String,
    pub real: String,
    pub statistic_value: f64,
    pub p_value: f64,
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut x = v.to_vec();
    x.sort_by(f64::total_cmp);
    x[x.len() / 2]
}

fn top_share(m: &BTreeMap<String, u64>) -> String {
    let t: u64 = m.values().sum();
    let mut v: Vec<(&String, &u64)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(3)
        .map(|(k, c)| format!("{k} {:.0}%", **c as f64 * 100.0 / t.max(1) as f64))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compare simulated with real session statistics.
pub fn compare(sim: &SessionStats, real: &SessionStats, against: &str) -> Vec<RealismRow> {
    let mut rows = Vec::new();
    for (name, a, b) in [
        ("calls per session", &sim.calls, &real.calls),
        ("inter-call gap (ms)", &sim.gaps, &real.gaps),
    ] {
        let (d, pv) = ks_two_sample(a, b);
        rows.push(RealismRow {
            statistic: name.into(),
            against: against.into(),
            test: "KS".into(),
            simulated: format!("median {:.0} (n={})", median(a), a.len()),
            real: format!("median {:.0} (n={})", median(b), b.len()),
            statistic_value: d,
            p_value: pv,
        });
    }
    for (name, a, b) in [
        ("burst size (gap < 1 s)", &sim.bursts, &real.bursts),
        ("call-kind (capability) mix", &sim.kinds, &real.kinds),
        ("phase transitions", &sim.transitions, &real.transitions),
        ("program mix (shell)", &sim.programs, &real.programs),
    ] {
        let (x, df, pv) = chi_square_two_sample(a, b);
        rows.push(RealismRow {
            statistic: name.into(),
            against: against.into(),
            test: format!("chi-square (df {df})"),
            simulated: top_share(a),
            real: top_share(b),
            statistic_value: x,
            p_value: pv,
        });
    }
    rows
}

/// The realism table of a fit against real sessions: simulated sessions
/// (`per_agent` per agent, from the named stream `seed`) versus the fitted
/// and the held-out halves.
pub fn realism(fit: &BenignFit, real: &[&RealSession], seed: u64, per_agent: u64) -> Vec<RealismRow> {
    let (fi, hi) = fit_split(real);
    let mut top: Vec<String> = fit
        .agents
        .values()
        .flat_map(|a| a.programs.values().flat_map(|m| m.keys().cloned()))
        .filter(|k| k != "(other)")
        .collect();
    top.sort();
    top.dedup();
    let arch = AgentFitArchetype {
        fit: std::sync::Arc::new(fit.clone()),
    };
    // Simulated sessions in proportion to each agent's real sessions.
    let mut sims = Vec::new();
    let n_agents = fit.agents.len() as u64;
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for s in real {
        *counts.entry(s.agent.as_str()).or_default() += 1;
    }
    for (ai, (agent, _)) in fit.agents.iter().enumerate() {
        let k = counts.get(agent.as_str()).copied().unwrap_or(0) * per_agent;
        for j in 0..k {
            let idx = ai as u64 + j * n_agents;
            let mut rng = crate::rng::named_rng(seed, &format!("realism/{idx}"));
            let mut s = Session::default();
            arch.generate(&mut rng, idx, &mut s);
            sims.push(s);
        }
    }
    let sim = session_stats(sims.iter(), &top);
    let pick = |ix: &[usize]| session_stats(ix.iter().map(|&i| &real[i].session), &top);
    let mut rows = compare(&sim, &pick(&fi), "fitted half");
    rows.extend(compare(&sim, &pick(&hi), "held-out half"));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_detects_shift_and_accepts_same() {
        let a: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let b: Vec<f64> = (0..200).map(|i| i as f64 + 0.5).collect();
        let c: Vec<f64> = (0..200).map(|i| i as f64 + 120.0).collect();
        assert!(ks_two_sample(&a, &b).1 > 0.5);
        assert!(ks_two_sample(&a, &c).1 < 1e-6);
    }

    #[test]
    fn chi_square_detects_difference() {
        let m = |v: &[(&str, u64)]| v.iter().map(|(k, c)| (k.to_string(), *c)).collect::<BTreeMap<_, _>>();
        let (_, df, p) = chi_square_two_sample(&m(&[("a", 50), ("b", 50)]), &m(&[("a", 52), ("b", 48)]));
        assert_eq!(df, 1);
        assert!(p > 0.5, "{p}");
        let (_, _, p) = chi_square_two_sample(&m(&[("a", 90), ("b", 10)]), &m(&[("a", 10), ("b", 90)]));
        assert!(p < 1e-9, "{p}");
    }

    #[test]
    fn program_names_are_found() {
        assert_eq!(program_of("cd app && npm test"), "npm");
        assert_eq!(program_of("FOO=1 /usr/bin/python3 x.py"), "python3");
        assert_eq!(program_of("Get-Content -Path x"), "get-content");
    }

    #[test]
    fn embedded_fit_parses_and_generates() {
        let f = BenignFit::embedded().unwrap();
        let a = AgentFitArchetype {
            fit: std::sync::Arc::new(f.clone()),
        };
        for i in 0..f.agents.len() as u64 {
            let mut s = Session::default();
            let mut rng = crate::rng::named_rng(1, "t");
            a.generate(&mut rng, i, &mut s);
            assert!(f.agents.is_empty() || !s.calls.is_empty());
        }
    }
}
