//! The CLI contract of `seclab replay` and `seclab ledger verify`.

mod common;

use common::*;

#[test]
fn replay_prints_the_contract_summary_and_writes_a_verifiable_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.jsonl");
    let mut recs = benign_session("good", 50, 1);
    recs.extend(credential_harvest_upload("evil", 200_000));
    write_trace(&trace, &recs);
    let ledger = dir.path().join("ledger.jsonl");
    let (code, out, err) = seclab(&[
        "replay",
        trace.to_str().unwrap(),
        "--ledger-out",
        ledger.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["calls"], 58);
    let a = &v["actions"];
    let total: u64 = ["allow", "harden", "deny", "terminate"]
        .iter()
        .map(|k| a[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 58);
    assert_eq!(v["ledger_verified"], true);
    // Under the default config, bash/exec calls of the benign session are policy denials.
    assert_eq!(v["max_action"], "deny");
    assert_eq!(v["per_extension"]["evil"]["first_deny_index"], 53);
    assert_eq!(v["per_extension"]["evil"]["max_action"], "deny");
    let line = out.trim();
    let pos = |k: &str| line.find(&format!("\"{k}\":")).unwrap();
    assert!(line.starts_with("{\"calls\":58,\"actions\":{\"allow\":"), "{line}");
    assert!(pos("calls") < pos("actions") && pos("actions") < pos("max_action"));
    assert!(pos("max_action") < pos("per_extension") && pos("per_extension") < pos("ledger_verified"));

    let (code, out, _) = seclab(&["ledger", "verify", ledger.to_str().unwrap()]);
    assert_eq!((code, out.trim()), (0, "ok 58 entries"));

    // Tamper with one entry: exit 1, naming the first broken index and the reason.
    let text = std::fs::read_to_string(&ledger).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[6] = lines[6].replacen("\"ts_ms\":", "\"ts_ms\":1", 1);
    std::fs::write(&ledger, lines.join("\n") + "\n").unwrap();
    let (code, out, _) = seclab(&["ledger", "verify", ledger.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out.trim(), "broken at index 5: hash_mismatch");
    lines[3] = "{garbage".into();
    std::fs::write(&ledger, lines.join("\n") + "\n").unwrap();
    let (code, out, _) = seclab(&["ledger", "verify", ledger.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.starts_with("broken at line 4:"), "{out}");
}

#[test]
fn replay_with_opted_in_config_shows_per_extension_results() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg.toml");
    std::fs::write(
        &cfg,
        "[policy]\nallow_dangerous = true\ndefault_caps = [\"read\", \"write\", \"http\", \"events\", \"session\", \"exec\", \"env\", \"tool\"]\n",
    )
    .unwrap();
    let trace = dir.path().join("t.jsonl");
    let mut recs = benign_session("good", 120, 4);
    recs.extend(exec_burst("evil", 500_000));
    write_trace(&trace, &recs);
    let (code, out, err) = seclab(&["replay", trace.to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["per_extension"]["good"]["max_action"], "allow");
    assert_eq!(v["per_extension"]["good"]["first_deny_index"], serde_json::Value::Null);
    assert_eq!(v["per_extension"]["evil"]["max_action"], "terminate");
    assert_eq!(v["max_action"], "terminate");
    assert!(v["actions"]["terminate"].as_u64().unwrap() > 0);
}

#[test]
fn malformed_trace_is_an_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("bad.jsonl");
    std::fs::write(
        &trace,
        "{\"ts_ms\":0,\"ext\":\"a\",\"method\":\"log\",\"params\":{}}\n\n{\"ts_ms\":1,\"ext\":\"a\",\"method\":\"log\"}\n",
    )
    .unwrap();
    let (code, out, err) = seclab(&["replay", trace.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(out.is_empty(), "no partial summary: {out}");
    assert!(err.contains("line 3"), "{err}");
    let (code, _, err) = seclab(&["replay", "/nonexistent/trace.jsonl"]);
    assert_ne!(code, 0);
    assert!(err.contains("/nonexistent/trace.jsonl"), "{err}");
}

/// SLO-06's fail-closed timeout in `seclab replay`: on the default trace clock a
/// decision takes no time, so the same trace gets the same answers as on any
/// machine; `--clock machine` runs the live engine's clock (its timeout is
/// proven with a step clock in tests/trace_clock.rs, since a budget below 1 ms
/// is now a config error).
#[test]
fn slo_06_replay_timeout_measures_on_the_trace_clock_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg.toml");
    std::fs::write(
        &cfg,
        "[policy]\nallow_dangerous = true\ndefault_caps = [\"read\", \"write\", \"http\", \"events\", \"session\", \"exec\", \"env\", \"tool\"]\n[risk]\ndecision_timeout_ms = 1\n",
    )
    .unwrap();
    let trace = dir.path().join("t.jsonl");
    write_trace(&trace, &benign_session("good", 120, 4));
    let run = |clock: &str| {
        let (code, out, err) = seclab(&[
            "replay",
            trace.to_str().unwrap(),
            "--config",
            cfg.to_str().unwrap(),
            "--clock",
            clock,
        ]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(out.trim()).unwrap()
    };
    let on_trace = run("trace");
    assert_eq!(on_trace["per_extension"]["good"]["max_action"], "allow", "{on_trace}");
    assert_eq!(run("trace"), on_trace);
    let on_machine = run("machine");
    assert_eq!(on_machine["calls"], on_trace["calls"], "{on_machine}");
}
