//! The `seclab policy eval` and `seclab env-check` CLI contracts (SLO-08 from the outside).

use std::io::Write;
use std::process::{Command, Stdio};

fn seclab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_seclab")).args(args).output().unwrap()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn slo_08_cli_denies_exec_and_env_under_default_config() {
    for cap in ["exec", "env"] {
        let out = seclab(&["policy", "eval", "--cap", cap]);
        assert!(out.status.success());
        let v = json(&out);
        assert_eq!(v["decision"], "deny", "{cap}: {v}");
        assert_eq!(v["reason"], "deny_caps");
        assert_eq!(v["rule"], "global_deny_caps");
        assert_eq!(v.as_object().unwrap().len(), 3);
    }
}

#[test]
fn cli_policy_eval_uses_config_and_extension() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.json");
    std::fs::write(&p, r#"{"policy": {"extensions": {"w": {"allow": ["ui"]}}}}"#).unwrap();
    let cfg = p.to_str().unwrap();
    let allow = json(&seclab(&[
        "policy", "eval", "--cap", "ui", "--ext", "w", "--config", cfg,
    ]));
    assert_eq!(allow["decision"], "allow");
    assert_eq!(allow["rule"], "extension_allow");
    let deny = json(&seclab(&[
        "policy", "eval", "--cap", "ui", "--ext", "other", "--config", cfg,
    ]));
    assert_eq!(deny["decision"], "deny");
    assert_eq!(deny["reason"], "not_in_default_caps");
}

#[test]
fn cli_policy_eval_bad_config_fails_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, "[policy]\nprofile = \"safe\"\nmodee = \"strict\"\n").unwrap();
    let out = seclab(&["policy", "eval", "--cap", "read", "--config", p.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3", p.display())), "{err}");
    assert!(err.contains("modee"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn cli_bad_arguments_exit_non_zero() {
    assert!(!seclab(&["policy", "eval"]).status.success());
    assert!(!seclab(&["policy", "frobnicate"]).status.success());
    assert!(seclab(&["policy", "eval", "--help"]).status.success());
}

#[test]
fn cli_env_check_prints_one_verdict_per_name_in_order() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_seclab"))
        .arg("env-check")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = b"HOME\n\nOPENAI_API_KEY\r\n  \n\xff\xfeODD\nweird name with spaces\nAWS_SECRET_ACCESS_KEY";
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "HOME\tallowed");
    assert_eq!(lines[1], "OPENAI_API_KEY\tblocked");
    assert!(lines[2].ends_with("ODD\tallowed"), "{}", lines[2]);
    assert_eq!(lines[3], "weird name with spaces\tallowed");
    assert_eq!(lines[4], "AWS_SECRET_ACCESS_KEY\tblocked");
}

#[test]
fn cli_env_check_allow_list_mode_from_config() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("env.toml");
    std::fs::write(&p, "[env]\nmode = \"allowlist\"\nallow = [\"HOME\"]\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_seclab"))
        .args(["env-check", "--config", p.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"HOME\nPATH\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "HOME\tallowed\nPATH\tblocked\n");
}
