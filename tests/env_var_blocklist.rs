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

/// Share blocked, with its 95 % Wilson interval, as printed in reports.
fn rate(k: usize, n: usize) -> String {
    let (lo, hi) = seclab_sim::stats::wilson(k as u64, n as u64, 0.95);
    format!(
        "{k}/{n} = {:.1}% (95% Wilson {:.1}-{:.1}%)",
        100.0 * k as f64 / n as f64,
        100.0 * lo,
        100.0 * hi
    )
}

/// SLO-07 on names the filter was NOT tuned on (corpus/env/secrets_heldout.txt,
/// built from secret-scanner rule sets and framework docs; see its header), and
/// the benign false-block rate on a held-out benign list. Both lists are
/// disjoint from the tuned ones (checked here too).
#[test]
fn slo_07_held_out_secret_names_reach_the_target() {
    let tuned: std::collections::BTreeSet<String> = load("secrets.txt")
        .into_iter()
        .chain(load("benign.txt"))
        .map(|e| e.name.to_ascii_uppercase())
        .collect();
    let secrets = load("secrets_heldout.txt");
    let benign = load("benign_heldout.txt");
    assert!(secrets.len() >= 150, "held-out list has {} names", secrets.len());
    assert!(benign.len() >= 60, "held-out benign list has {} names", benign.len());
    for e in secrets.iter().chain(&benign) {
        assert!(
            !tuned.contains(&e.name.to_ascii_uppercase()),
            "{} is also in a tuned list: the held-out lists must be disjoint",
            e.name
        );
    }
    let missed: Vec<&Entry> = secrets.iter().filter(|e| is_env_var_allowed(&e.name)).collect();
    let blocked = secrets.len() - missed.len();
    let fp: Vec<&Entry> = benign.iter().filter(|e| !is_env_var_allowed(&e.name)).collect();
    println!(
        "SLO-07 held-out secrets blocked: {} (missed: {:?})",
        rate(blocked, secrets.len()),
        missed
            .iter()
            .map(|e| format!("{} [{}]", e.name, e.category))
            .collect::<Vec<_>>()
    );
    println!(
        "held-out benign false blocks: {} (names: {:?})",
        rate(fp.len(), benign.len()),
        fp.iter()
            .map(|e| format!("{} -> {}", e.name, classify_secret_name(&e.name).as_str()))
            .collect::<Vec<_>>()
    );
    let coverage = blocked as f64 / secrets.len() as f64;
    assert!(
        coverage >= 0.90,
        "SLO-07 breached on the held-out list: {coverage:.3} < 0.90"
    );
    let fp_rate = fp.len() as f64 / benign.len() as f64;
    assert!(fp_rate <= 0.05, "held-out benign false-block rate {fp_rate:.3} > 0.05");
}

/// The tuned list's figure in the same form (the coverage test above asserts it).
#[test]
fn slo_07_tuned_list_figures() {
    let secrets = load("secrets.txt");
    let benign = load("benign.txt");
    let blocked = secrets.iter().filter(|e| !is_env_var_allowed(&e.name)).count();
    let fp = benign.iter().filter(|e| !is_env_var_allowed(&e.name)).count();
    println!(
        "SLO-07 tuned secrets blocked: {}; tuned benign false blocks: {}",
        rate(blocked, secrets.len()),
        rate(fp, benign.len())
    );
    assert!(blocked as f64 >= 0.90 * secrets.len() as f64);
}

/// INV-011 through the Dispatcher: an env call whose name holds a NUL (a
/// C-string shim reads it cut there: `OPENAI_API_KEY`), an `=` or a control
/// character is an invalid request (`env_invalid_name`) under a policy that
/// allows `env`, whatever the operator's block list says, and never reaches
/// the connector; the same names without those characters are judged by the
/// filter as before.
#[test]
fn inv_011_env_names_with_nul_or_control_characters_never_reach_the_connector() {
    use seclab_engine::{DispatchStatus, Dispatcher, EngineConfig, HostcallRequest, MockConnector};
    let mut cfg: EngineConfig = toml::from_str(
        "[policy]\nprofile = \"permissive\"\nallow_dangerous = true\n[env]\nblock = [\"INTERNAL_SETTING\"]\n",
    )
    .unwrap();
    cfg.risk.enabled = false; // the filter's own verdicts, whatever risk says
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::recording();
    let mut env = |i: u64, name: &str| {
        let req = HostcallRequest::new(
            format!("c{i}"),
            format!("e{i}"),
            "env",
            serde_json::json!({ "name": name }),
        );
        let o = d.dispatch_host_call_shared(&req, i * 1000, &mut m);
        (o.status, o.reason)
    };
    for (i, name) in [
        "OPENAI_API_KEY\u{0}x",
        "OPENAI_API_KEY\u{0}",
        "INTERNAL_SETTING\u{0}",
        "HOME\u{0}OPENAI_API_KEY",
        "OPENAI_API_KEY=sk-",
        "INTERNAL_SETTING\n",
        "PATH\u{1b}",
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            env(i as u64, name),
            (DispatchStatus::InvalidRequest, "env_invalid_name"),
            "{name:?}"
        );
    }
    assert_eq!(env(20, "OPENAI_API_KEY"), (DispatchStatus::Denied, "blocked_exact"));
    assert_eq!(
        env(21, "INTERNAL_SETTING"),
        (DispatchStatus::Denied, "blocked_operator")
    );
    assert_eq!(env(22, "HOME"), (DispatchStatus::Ok, "ok"));
    assert_eq!(m.count, 1, "only HOME reached the connector");
}

/// A config `[env]` list entry with a NUL, `=` or control character is an
/// error naming the file and the field, in TOML and JSON.
#[test]
fn inv_011_env_list_entries_that_are_not_names_are_config_errors() {
    use seclab_engine::config::{parse_engine_config, ConfigFormat};
    let file = std::path::Path::new("cfg.toml");
    let err = parse_engine_config(
        "[env]\nblock = [\"INTERNAL_SETTING\", \"INTERNAL_SETTING\\u0000\"]\n",
        ConfigFormat::Toml,
        file,
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("env.block[1]"), "{err}");
    assert!(err.to_string().contains("cfg.toml"), "{err}");
    assert!(err.message.contains("control character"), "{err}");
    let err = parse_engine_config(
        "{\"env\": {\"mode\": \"allowlist\", \"allow\": [\"HOME=x\"]}}",
        ConfigFormat::Json,
        std::path::Path::new("cfg.json"),
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("env.allow[0]"), "{err}");
    let ok = parse_engine_config("[env]\nblock = [\" INTERNAL_SETTING \"]\n", ConfigFormat::Toml, file).unwrap();
    assert_eq!(ok.env.block, [" INTERNAL_SETTING "]);
}
