//! Config file edge cases: every malformed input is a located error, never a
//! silent default (INV-006 for profile names). Part of gate G-CI-1.

use seclab_engine::config::{load_engine_config, ConfigError};
use seclab_engine::{Capability, Decision, EnvFilterMode};
use std::io::Write;
use std::path::PathBuf;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::File::create(&p).unwrap().write_all(text.as_bytes()).unwrap();
    p
}

fn load_err(name: &str, text: &str) -> (PathBuf, ConfigError) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, name, text);
    let e = load_engine_config(&p).unwrap_err();
    (p, e)
}

#[test]
fn config_unknown_top_level_section_is_an_error() {
    let (p, e) = load_err("a.toml", "[polcy]\nprofile = \"safe\"\n");
    assert!(e.to_string().starts_with(&format!("{}:1", p.display())), "{e}");
    assert!(e.message.contains("polcy"), "{e}");
}

#[test]
fn config_wrong_type_names_field_and_line() {
    let (_, e) = load_err("a.toml", "[policy]\nallow_dangerous = \"yes\"\n");
    assert_eq!(e.line, Some(2), "{e}");
    assert_eq!(e.field.as_deref(), Some("policy.allow_dangerous"), "{e}");
}

#[test]
fn config_syntax_error_is_located() {
    let (_, e) = load_err("a.toml", "[policy]\nprofile = \n");
    assert_eq!(e.line, Some(2), "{e}");
    let (_, e) = load_err("a.json", "{\"policy\": {\"profile\": \"safe\",}}");
    assert_eq!(e.line, Some(1), "{e}");
}

#[test]
fn config_json_unknown_override_field() {
    let (_, e) = load_err(
        "a.json",
        "{\"policy\": {\"extensions\": {\"x\": {\"allow\": [], \"mode\": \"strict\", \"qota\": {}}}}}",
    );
    assert!(e.message.contains("qota"), "{e}");
    assert_eq!(e.field.as_deref(), Some("policy.extensions.x.qota"), "{e}");
}

#[test]
fn config_empty_file_is_the_safe_default() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "empty.toml", "");
    let cfg = load_engine_config(&p).unwrap();
    let (policy, _) = cfg.build_policy();
    assert_eq!(policy.evaluate(Capability::Exec, None).decision, Decision::Deny);
    assert_eq!(cfg.env.mode, EnvFilterMode::Blocklist);
}

#[test]
fn config_full_example_loads() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "full.toml",
        r#"
[policy]
profile = "standard"
allow_dangerous = true
deny_caps = ["env"]

[policy.extensions.builder]
allow = ["exec"]
quota = { max_calls = 500, max_calls_per_minute = 120 }

[policy.extensions.viewer]
mode = "strict"
deny = ["write"]

[env]
mode = "allowlist"
allow = ["HOME", "PATH"]
block = ["CORP_INTERNAL"]
"#,
    );
    let cfg = load_engine_config(&p).unwrap();
    let (policy, audit) = cfg.build_policy();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        policy.evaluate(Capability::Exec, Some("builder")).decision,
        Decision::Allow
    );
    // The viewer's own strict mode decides the fallback; others use the standard profile's prompt.
    assert_eq!(
        policy.evaluate(Capability::Exec, Some("viewer")).decision,
        Decision::Deny
    );
    assert_eq!(
        policy.evaluate(Capability::Exec, Some("someone")).decision,
        Decision::Prompt
    );
    assert_eq!(
        policy.evaluate(Capability::Env, Some("builder")).decision,
        Decision::Deny
    );
    assert_eq!(
        policy.evaluate(Capability::Write, Some("viewer")).decision,
        Decision::Deny
    );
    assert_eq!(policy.quota_for("builder").and_then(|q| q.max_calls), Some(500));
    let env = cfg.build_env_filter();
    assert!(env.is_allowed("home"));
    assert!(!env.is_allowed("EDITOR"));
}

#[test]
fn config_unreadable_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_engine_config(dir.path()).unwrap_err();
    assert!(e.to_string().contains(&dir.path().display().to_string()), "{e}");
}
