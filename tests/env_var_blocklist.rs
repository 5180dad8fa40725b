//! SLO-07 and INV-011 (name-filter half): coverage of the secret env-var filter
//! over the canonical lists in corpus/env/. Part of gate G-CI-3.

use seclab_engine::env::{classify_secret_name, EnvFilter, EnvFilterConfig, EnvFilterMode};
use seclab_engine::is_env_var_allowed;
use std::path::PathBuf;

/// One `NAME<TAB>category` line of a corpus list.
struct Entry {
    name: String,
    category: String,
}

fn load(name: &str) -> Vec<Entry> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/env").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(n), Some(c)) = (parts.next(), parts.next()) else {
            panic!("{}:{}: expected NAME<TAB>category", path.display(), i + 1);
        };
        out.push(Entry {
            name: n.trim().to_string(),
            category: c.trim().to_string(),
        });
    }
    out
}

#[test]
fn env_var_blocklist_coverage() {
    let secrets = load("secrets.txt");
    let benign = load("benign.txt");
    assert!(
        secrets.len() >= 150,
        "canonical secret list has {} names, want >= 150",
        secrets.len()
    );
    assert!(benign.len() >= 60, "benign list has {} names, want >= 60", benign.len());

    let missed: Vec<&Entry> = secrets.iter().filter(|e| is_env_var_allowed(&e.name)).collect();
    let blocked = secrets.len() - missed.len();
    let coverage = blocked as f64 / secrets.len() as f64;
    let false_blocks: Vec<&Entry> = benign.iter().filter(|e| !is_env_var_allowed(&e.name)).collect();
    println!(
        "SLO-07 env blocklist coverage: {blocked}/{} = {:.1}% (missed: {:?})",
        secrets.len(),
        coverage * 100.0,
        missed
            .iter()
            .map(|e| format!("{} [{}]", e.name, e.category))
            .collect::<Vec<_>>()
    );
    println!(
        "env benign false blocks: {}/{} (names: {:?})",
        false_blocks.len(),
        benign.len(),
        false_blocks
            .iter()
            .map(|e| format!("{} -> {}", e.name, classify_secret_name(&e.name).as_str()))
            .collect::<Vec<_>>()
    );
    assert!(coverage >= 0.90, "SLO-07 breached: coverage {coverage:.3} < 0.90");
    assert!(coverage >= 0.98, "internal target: coverage {coverage:.3} < 0.98");
    assert!(false_blocks.is_empty(), "benign names blocked: {}", false_blocks.len());
}

#[test]
fn env_var_blocklist_is_case_insensitive_and_pi_prefix_does_not_bypass() {
    for e in load("secrets.txt") {
        let lower = e.name.to_ascii_lowercase();
        assert_eq!(is_env_var_allowed(&e.name), is_env_var_allowed(&lower), "{}", e.name);
        if !is_env_var_allowed(&e.name) {
            let prefixed = format!("PI_{}", e.name);
            assert!(!is_env_var_allowed(&prefixed), "{prefixed} bypasses the blocklist");
        }
    }
}

#[test]
fn inv_011_secret_names_fail_the_name_filter_in_every_mode() {
    let secrets = load("secrets.txt");
    let all_listed = EnvFilter::new(&EnvFilterConfig {
        mode: EnvFilterMode::Allowlist,
        allow: secrets.iter().map(|e| e.name.clone()).collect(),
        block: vec![],
    });
    let block = EnvFilter::new(&EnvFilterConfig::default());
    for e in &secrets {
        if !is_env_var_allowed(&e.name) {
            assert!(!block.is_allowed(&e.name), "{}", e.name);
            assert!(
                !all_listed.is_allowed(&e.name),
                "allow-listing {} must not admit it",
                e.name
            );
        }
    }
}

#[test]
fn g3_env_allow_list_mode_blocks_unlisted_names() {
    let benign = load("benign.txt");
    let f = EnvFilter::new(&EnvFilterConfig {
        mode: EnvFilterMode::Allowlist,
        allow: vec!["HOME".into(), "path".into()],
        block: vec![],
    });
    assert!(f.is_allowed("HOME") && f.is_allowed("PATH"));
    let passed = benign.iter().filter(|e| f.is_allowed(&e.name)).count();
    assert_eq!(
        passed,
        benign
            .iter()
            .filter(|e| matches!(e.name.as_str(), "HOME" | "PATH"))
            .count()
    );
}
