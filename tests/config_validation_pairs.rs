//! Issue 14 "ordered pairs ordered, window ≥ 1": `[risk]` values that parse but
//! would silently kill a risk signal (SLO-11: an attack the trigger was meant
//! to stop goes through) or fire one on every call (SLO-10: every benign
//! session flagged) are load errors naming the file, the line and the field.
//! When the named field keeps its default, the line is the one of the other
//! field of the pair (e.g. `window_size`).

use seclab_engine::config::{load_engine_config, parse_engine_config, ConfigError, ConfigFormat};
use seclab_engine::RiskConfig;
use std::path::{Path, PathBuf};

fn err(text: &str) -> ConfigError {
    parse_engine_config(text, ConfigFormat::Toml, Path::new("cfg.toml")).expect_err(&format!("accepted:\n{text}"))
}

fn ok(text: &str) {
    if let Err(e) = parse_engine_config(text, ConfigFormat::Toml, Path::new("cfg.toml")) {
        panic!("refused:\n{text}\n{e}");
    }
}

/// The error names `field` at `line`, and its text starts `cfg.toml:LINE: field `…``.
fn assert_at(text: &str, field: &str, line: usize) -> ConfigError {
    let e = err(text);
    assert_eq!((e.field.as_deref(), e.line), (Some(field), Some(line)), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("cfg.toml:{line}: field `{field}`: ")),
        "{e}"
    );
    e
}

#[test]
fn slo_11_counts_the_window_can_never_reach_are_errors() {
    // The window holds window_size calls; a count that includes the call itself
    // (bursts, distinct env names) reaches window_size + 1 at most.
    let w = RiskConfig::default().window_size;
    for (section, field, plus) in [
        ("weights", "burst_10s_calls", 1),
        ("weights", "dangerous_burst_calls", 1),
        ("patterns", "env_probe_distinct", 1),
        ("patterns", "deny_retry_min", 0),
        ("actions", "deny_retry_quarantine", 0),
        ("drift", "min_samples", 0),
    ] {
        let at = |n: usize| format!("[risk]\nenforce = true\n\n[risk.{section}]\n{field} = {n}\n");
        ok(&at(w + plus));
        let e = assert_at(&at(w + plus + 1), &format!("risk.{section}.{field}"), 5);
        assert!(e.message.contains(&format!("window_size ({w})")), "{e}");
    }
    // A smaller window makes the shipped burst thresholds unreachable: the error
    // names the threshold and points at the line that set the window.
    let e = assert_at("[risk]\nwindow_size = 16\n", "risk.weights.burst_10s_calls", 2);
    assert!(e.message.contains("window_size (16)"), "{e}");
    assert_at(
        "[risk]\nwindow_size = 40\n\n[risk.drift]\nmin_samples = 41\n",
        "risk.drift.min_samples",
        5,
    );
    ok("[risk]\nwindow_size = 40\n\n[risk.drift]\nmin_samples = 40\n");
    // The lab's sampled window range (sim/configs/default.toml: 32..256) stays valid.
    ok("[risk]\nwindow_size = 32\n");
}

#[test]
fn slo_11_ordered_pairs_of_risk_thresholds_are_errors_naming_the_field() {
    // A 10 s burst of fewer calls than a 1 s burst.
    let e = assert_at(
        "[risk.weights]\nburst_1s_calls = 30\n",
        "risk.weights.burst_1s_calls",
        2,
    );
    assert!(e.message.contains("weights.burst_10s_calls (24)"), "{e}");
    ok("[risk.weights]\nburst_1s_calls = 24\n");
    // A window byte total below the single-body bulk threshold (only the window
    // total is set: the error names the pair's other field at that line).
    let e = assert_at(
        "[risk.patterns]\nbulk_window_bytes = 1000\n",
        "risk.patterns.bulk_upload_bytes",
        2,
    );
    assert!(e.message.contains("patterns.bulk_window_bytes (1000)"), "{e}");
    ok("[risk.patterns]\nbulk_upload_bytes = 1000\nbulk_window_bytes = 1000\n");
    // Equal e-process rates: every likelihood ratio is 1, the test never moves.
    assert_at("[risk.eprocess]\np0 = 0.3\np1 = 0.3\n", "risk.eprocess.p0", 2);
    // A ceiling of log e below the breach level ln(1/alpha) never breaches.
    let e = assert_at("[risk.eprocess]\nlog_max = 3.0\n", "risk.eprocess.log_max", 2);
    assert!(e.message.contains("ln(1/alpha) = 4.6052"), "{e}");
    ok("[risk]\nalpha = 0.1\n\n[risk.eprocess]\nlog_max = 3.0\n");
    // JSON: located at the key's line too.
    let e = parse_engine_config(
        "{\n \"risk\": {\n  \"weights\": {\n   \"burst_10s_calls\": 4\n  }\n }\n}\n",
        ConfigFormat::Json,
        Path::new("cfg.json"),
    )
    .unwrap_err();
    assert_eq!(
        (e.field.as_deref(), e.line),
        (Some("risk.weights.burst_1s_calls"), Some(4)),
        "{e}"
    );
}

#[test]
fn slo_10_settings_that_would_fire_on_every_call_are_errors() {
    // A floor of log e at or above ln(1/alpha): every call after the first breaches.
    let e = assert_at(
        "[risk]\nalpha = 0.01\n\n[risk.eprocess]\nlog_min = 5.0\n",
        "risk.eprocess.log_min",
        5,
    );
    assert!(e.message.contains("every call would be a breach"), "{e}");
    ok("[risk]\nalpha = 0.001\n\n[risk.eprocess]\nlog_min = 5.0\n");
    // A transition after 0 calls: every fresh extension's first dangerous call.
    assert_at(
        "[risk.patterns]\ntransition_min_calls = 0\n",
        "risk.patterns.transition_min_calls",
        2,
    );
    ok("[risk.patterns]\ntransition_min_calls = 1\n");
    // Drift judged on an empty window.
    assert_at("[risk.drift]\nmin_samples = 0\n", "risk.drift.min_samples", 2);
}

#[test]
fn slo_10_every_shipped_config_still_loads() {
    RiskConfig::default().validate().expect("engine/src/risk/default.toml");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["corpus/configs", "fuzz/corpus/config_parse"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml") && !p.ends_with("bad.toml") {
                load_engine_config(&p).unwrap_or_else(|e| panic!("{e}"));
                n += 1;
            }
        }
    }
    assert!(n >= 2, "{n} configs");
}
