//! Delta debugging (ddmin) of a successful attack trace: the smallest call
//! list that still reaches its goal unopposed and still gets past the engine
//! config it was found against.

use super::run::{evaluate, unopposed, AttackTrace};
use super::Goal;
use seclab_engine::config::EngineConfig;
use std::collections::BTreeSet;

/// Does `t` still reach `goal` unopposed and before the engine stops it?
fn still_works(cfg: &EngineConfig, t: &AttackTrace, goal: Goal) -> bool {
    let reaches = |ev: &super::run::Evaluation| ev.goals.iter().any(|(g, _)| *g == goal);
    reaches(&unopposed(t)) && reaches(&evaluate(cfg, t))
}

fn subset(t: &AttackTrace, keep: &[usize]) -> AttackTrace {
    let mut attack = BTreeSet::new();
    let calls = keep
        .iter()
        .enumerate()
        .map(|(new, &old)| {
            if t.attack.contains(&old) {
                attack.insert(new);
            }
            t.calls[old].clone()
        })
        .collect();
    AttackTrace { calls, attack }
}

/// Minimize `t` for `goal` under `cfg` (returns `t` unchanged when it does not work).
pub fn minimize(cfg: &EngineConfig, t: &AttackTrace, goal: Goal) -> AttackTrace {
    if !still_works(cfg, t, goal) {
        return t.clone();
    }
    let mut keep: Vec<usize> = (0..t.calls.len()).collect();
    let mut n = 2usize;
    while keep.len() >= 2 {
        let chunk = keep.len().div_ceil(n);
        let mut reduced = false;
        for start in (0..keep.len()).step_by(chunk) {
            let complement: Vec<usize> = keep
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < start || *i >= start + chunk)
                .map(|(_, &x)| x)
                .collect();
            if !complement.is_empty() && still_works(cfg, &subset(t, &complement), goal) {
                keep = complement;
                n = (n - 1).max(2);
                reduced = true;
                break;
            }
        }
        if !reduced {
            if n >= keep.len() {
                break;
            }
            n = (n * 2).min(keep.len());
        }
    }
    subset(t, &keep)
}
