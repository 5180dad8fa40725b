//! SLO-01 bookkeeping: docs/security/invariants.machine.json maps every
//! invariant INV-001..012 to at least two test functions that exist in the tree.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Names of every `fn` declared in the project's Rust sources.
fn defined_fns() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut stack: Vec<PathBuf> = ["engine", "sim", "src", "tests", "xtask", "fuzz"]
        .iter()
        .map(|d| root().join(d))
        .collect();
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for entry in rd.flatten() {
            let p = entry.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target" && n != "corpus") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "rs") {
                collect_fns(&p, &mut names);
            }
        }
    }
    names
}

fn collect_fns(path: &Path, names: &mut BTreeSet<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for (i, _) in text.match_indices("fn ") {
        let rest = &text[i + 3..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && rest[name.len()..].starts_with(['(', '<']) {
            names.insert(name);
        }
    }
}

#[test]
fn slo_01_invariant_manifest_is_complete() {
    let path = root().join("docs/security/invariants.machine.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(doc["schema_version"], 1);
    let invs = doc["invariants"].as_array().expect("invariants array");
    let ids: Vec<&str> = invs.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let want: Vec<String> = (1..=12).map(|n| format!("INV-{n:03}")).collect();
    assert_eq!(ids, want, "the manifest must list INV-001..012 in order");

    let fns = defined_fns();
    let mut problems = Vec::new();
    let mut pending = Vec::new();
    for inv in invs {
        let id = inv["id"].as_str().unwrap();
        let tests: Vec<&str> = inv["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        for t in &tests {
            if !fns.contains(*t) {
                problems.push(format!("{id}: mapped test `{t}` does not exist"));
            }
        }
        // Every issue that maps invariants has landed: nothing may stay pending.
        if let Some(why) = inv.get("pending").and_then(Value::as_str) {
            pending.push(format!("{id} (pending: {why})"));
        }
        if tests.len() < 2 {
            problems.push(format!("{id}: {} mapped tests, want >= 2", tests.len()));
        }
    }
    println!(
        "invariants pending: {}",
        if pending.is_empty() {
            "none".to_string()
        } else {
            pending.join(", ")
        }
    );
    assert!(pending.is_empty(), "invariants still pending: {}", pending.join(", "));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
