//! SLO-11 / issue 12: every attack regression trace under corpus/attacks/
//! (hand-written routes and minimized search finds) reaches its goal when
//! nothing opposes it, and the real Dispatcher under the default engine config
//! (policy opened: `profile = "permissive"`, `allow_dangerous = true`, so only
//! the risk controller and the engine's parsers decide) stops it at or before
//! its damaging call, or runs it contained so that no goal is reached. Routes the merged engine does not stop yet are listed in
//! corpus/attacks/KNOWN_OPEN.md with the reason; a listed route that starts
//! being stopped fails the test until it is removed from the list.

use seclab_engine::config::EngineConfig;
use seclab_sim::adversary::corpus::{load, Case};
use seclab_sim::adversary::{evaluate, open_policy, unopposed};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus").join("attacks")
}

fn cases() -> Vec<Case> {
    let c = load(&root()).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(
        c.len() >= 16,
        "the issue's 16 hand-written routes at least, found {}",
        c.len()
    );
    c
}

/// `family/name` entries of KNOWN_OPEN.md (lines `- \`family/name\`: reason`).
fn known_open() -> BTreeSet<String> {
    let path = root().join("KNOWN_OPEN.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix("- `") else { continue };
        let (name, reason) = rest
            .split_once('`')
            .unwrap_or_else(|| panic!("{}:{}: unclosed name", path.display(), i + 1));
        let reason = reason.trim_start_matches(':').trim();
        assert!(
            !reason.is_empty(),
            "{}:{}: `{name}` needs a reason",
            path.display(),
            i + 1
        );
        assert!(
            out.insert(name.to_string()),
            "{}:{}: `{name}` listed twice",
            path.display(),
            i + 1
        );
    }
    out
}

#[test]
fn slo_11_attack_traces_reach_their_goal_unopposed() {
    for c in cases() {
        let ev = unopposed(&c.trace);
        let first = ev.goals.iter().find(|(g, _)| *g == c.expect.goal).map(|(_, i)| *i);
        assert_eq!(
            first,
            Some(c.expect.damaging_index),
            "{}: unopposed, goal {:?} must be reached exactly at the sidecar's damaging_index",
            c.name,
            c.expect.goal
        );
    }
}

#[test]
fn slo_11_default_engine_stops_every_attack_before_damage() {
    let cfg = open_policy(&EngineConfig::default());
    let open = known_open();
    let all: BTreeSet<String> = cases().iter().map(|c| c.name.clone()).collect();
    for name in &open {
        assert!(all.contains(name), "KNOWN_OPEN.md lists `{name}`, which has no trace");
    }
    let mut failures = Vec::new();
    for c in cases() {
        let ev = evaluate(&cfg, &c.trace);
        // Stopped: refused at or before the damaging call, or the damaging call
        // ran contained (the engine's process environment, seclab_engine::contain)
        // and the whole trace reached no goal (SLO-11: goal before Deny/Terminate).
        let stopped = ev.stop_index.is_some_and(|s| s <= c.expect.damaging_index)
            || (ev.goals.is_empty() && ev.attack_calls_reached == ev.attack_calls);
        match (open.contains(&c.name), stopped) {
            (false, false) => failures.push(format!(
                "{}: not stopped at or before call {} (stop {:?}, goals {:?})",
                c.name, c.expect.damaging_index, ev.stop_index, ev.goals
            )),
            (true, true) => failures.push(format!(
                "{}: now stopped at call {:?}: remove it from corpus/attacks/KNOWN_OPEN.md",
                c.name, ev.stop_index
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// SLO-11: a small budgeted search against the shipped default runs to its
/// budget in bounded memory and is deterministic (same seed, same result).
#[test]
fn slo_11_small_adversary_search_is_deterministic() {
    let cfg = open_policy(&EngineConfig::default());
    let a = seclab_sim::adversary::search(&cfg, 300, 7);
    let b = seclab_sim::adversary::search(&cfg, 300, 7);
    assert_eq!(a.budget, 300);
    assert_eq!(a, b);
}
