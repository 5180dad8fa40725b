//! Negative cases at the hostcall boundary: INV-001, INV-002, INV-006, SLO-12.
//! Part of gate G-CI-1.

use seclab_engine::hostcall::{required_capability_in, BuiltinTool, FsOp, MappingError, RequestRules};
use seclab_engine::policy::PolicyConfig;
use seclab_engine::{
    required_capability_for_host_call_static, validate, validate_with, Capability, Decision, ExtensionPolicy,
    HostcallKind, HostcallRequest, InvalidRequest, PolicyProfile, ToolRegistry,
};
use serde_json::{json, Value};

/// Representative valid params for each method.
fn params_for(kind: HostcallKind) -> Vec<Value> {
    match kind {
        HostcallKind::Tool => BuiltinTool::ALL
            .iter()
            .map(|t| json!({ "name": t.as_str(), "input": {} }))
            .chain([json!({ "name": "jira_search" })])
            .collect(),
        HostcallKind::Fs => FsOp::ALL
            .iter()
            .map(|o| json!({ "op": o.as_str(), "path": "a" }))
            .collect(),
        _ => vec![json!({})],
    }
}

/// A registry with the one non-built-in tool of `params_for`.
fn registry() -> ToolRegistry {
    ToolRegistry::builtin().with("jira_search", Capability::Tool)
}

#[test]
fn slo_12_every_hostcall_kind_and_tool_maps_to_a_capability() {
    // Valid inputs: every method, every built-in tool, every tool the config
    // registers, every fs op. A tool name outside the registry is not a valid
    // input: it is refused (INV-002), checked below.
    let reg = registry();
    let mut mapped = 0;
    let mut total = 0;
    for kind in HostcallKind::ALL {
        for params in params_for(kind) {
            for method in [kind.as_str().to_string(), kind.as_str().to_uppercase()] {
                total += 1;
                if required_capability_in(&method, &params, &reg).is_ok() {
                    mapped += 1;
                }
            }
        }
    }
    println!("SLO-12 capability mapping completeness: {mapped}/{total}");
    assert_eq!(mapped, total);
    assert!(total >= 2 * (HostcallKind::ALL.len() - 2 + BuiltinTool::ALL.len() + 1 + FsOp::ALL.len()));
    for name in ["jira_search", "web_search", "str_replace_editor"] {
        assert!(
            matches!(
                required_capability_for_host_call_static("tool", &json!({ "name": name })),
                Err(MappingError::UnknownTool(_))
            ),
            "{name} is not in the built-in registry"
        );
    }
}

#[test]
fn inv_001_capability_is_derived_from_method_and_params() {
    let cases = [
        ("tool", json!({"name": "read"}), Capability::Read),
        ("tool", json!({"name": "edit"}), Capability::Write),
        ("tool", json!({"name": "bash"}), Capability::Exec),
        ("fs", json!({"op": "stat"}), Capability::Read),
        ("fs", json!({"op": "rm"}), Capability::Write),
        ("exec", json!({"cmd": "ls"}), Capability::Exec),
        ("env", json!({"name": "HOME"}), Capability::Env),
        ("http", json!({"url": "https://x"}), Capability::Http),
    ];
    for (m, p, cap) in cases {
        let req = HostcallRequest::new("c1", "ext", m, p);
        assert_eq!(validate(&req).unwrap().capability, cap, "{m}");
    }
    // A registered tool needs the capability its registration gives it.
    let rules = RequestRules {
        tools: ToolRegistry::builtin()
            .with("weather", Capability::Tool)
            .with("web_fetch", Capability::Http),
        ..RequestRules::default()
    };
    // (An http tool's input is read as the request it makes: it needs a URL.)
    for (name, cap) in [("weather", Capability::Tool), ("WEB_FETCH", Capability::Http)] {
        let req = HostcallRequest::new(
            "c1",
            "ext",
            "tool",
            json!({ "name": name, "input": {"url": "https://api.example.com/"} }),
        );
        assert_eq!(validate_with(&req, &rules).unwrap().call.capability, cap, "{name}");
    }
    let unknown = HostcallRequest::new("c1", "ext", "tool", json!({"name": "weather"}));
    assert_eq!(validate(&unknown).unwrap_err().code(), "unknown_tool");
}

#[test]
fn inv_001_declared_capability_is_never_trusted() {
    // Declaring a harmless capability does not make bash a read.
    let req = HostcallRequest::new("c1", "ext", "tool", json!({"name": "bash"})).with_declared("read");
    match validate(&req) {
        Err(InvalidRequest::CapabilityMismatch { declared, derived }) => {
            assert_eq!((declared, derived), (Capability::Read, Capability::Exec));
        }
        other => panic!("expected mismatch, got {other:?}"),
    }
    // A matching declaration changes nothing.
    let ok = HostcallRequest::new("c1", "ext", "tool", json!({"name": "bash"})).with_declared(" EXEC ");
    assert_eq!(validate(&ok).unwrap().capability, Capability::Exec);
}

#[test]
fn inv_002_unknown_or_empty_methods_are_invalid_requests() {
    for m in ["spawn", "", "  ", "tools", "exec2", "fs.read"] {
        let req = HostcallRequest::new("c1", "ext", m, json!({}));
        let err = validate(&req).unwrap_err();
        assert!(matches!(err.code(), "unknown_method" | "empty_method"), "{m}: {err}");
    }
}

#[test]
fn inv_002_malformed_requests_are_rejected_before_mapping() {
    let bad = [
        (
            HostcallRequest::new("", "ext", "tool", json!({"name": "read"})),
            "empty_call_id",
        ),
        (
            HostcallRequest::new("c", "ext", "tool", json!(["read"])),
            "params_not_object",
        ),
        (
            HostcallRequest::new("c", "ext", "tool", Value::Null),
            "params_not_object",
        ),
        (
            HostcallRequest::new("c", "ext", "tool", json!({"name": ""})),
            "empty_tool_name",
        ),
        (
            HostcallRequest::new("c", "ext", "tool", json!({"name": 7})),
            "missing_tool_name",
        ),
        (
            HostcallRequest::new("c", "ext", "fs", json!({"op": "chown"})),
            "unknown_fs_op",
        ),
        (HostcallRequest::new("c", "ext", "fs", json!({})), "missing_fs_op"),
        (
            HostcallRequest::new("c", "ext", "exec", json!({})).with_declared("superuser"),
            "unparseable_declared_capability",
        ),
    ];
    for (req, code) in bad {
        assert_eq!(validate(&req).unwrap_err().code(), code, "{req:?}");
    }
    assert_eq!(
        required_capability_for_host_call_static("tool", &json!({"name": " "})),
        Err(MappingError::EmptyToolName)
    );
}

#[test]
fn inv_002_declared_mismatch_is_rejected() {
    let req = HostcallRequest::new("c", "ext", "http", json!({})).with_declared("read");
    assert_eq!(validate(&req).unwrap_err().code(), "capability_mismatch");
}

#[test]
fn inv_006_default_policy_is_the_fail_closed_safe_profile() {
    let d = ExtensionPolicy::default();
    assert_eq!(d, PolicyProfile::Safe.to_policy());
    assert_eq!(d, PolicyConfig::default().build().0);
    // Nothing outside default_caps passes without an explicit rule.
    for cap in [
        Capability::Ui,
        Capability::Tool,
        Capability::Log,
        Capability::Exec,
        Capability::Env,
    ] {
        assert_eq!(d.evaluate(cap, Some("unknown-ext")).decision, Decision::Deny, "{cap}");
    }
}

#[test]
fn inv_006_unknown_profile_names_resolve_to_safe() {
    for name in ["", "yolo", "PERMISSIVE!", "admin", "standard "] {
        let (p, known) = PolicyProfile::resolve(name);
        if name.trim().eq_ignore_ascii_case("standard") {
            assert!(known);
            continue;
        }
        assert_eq!(p, PolicyProfile::Safe, "{name:?}");
        assert!(!known);
        let cfg = PolicyConfig {
            profile: Some(name.to_string()),
            ..Default::default()
        };
        let (policy, audit) = cfg.build();
        assert_eq!(policy, PolicyProfile::Safe.to_policy());
        assert!(!audit.is_empty(), "resolution to safe is audit-logged");
    }
}

#[test]
fn evaluate_for_rejects_empty_and_unknown_capability_names() {
    let p = PolicyProfile::Permissive.to_policy();
    assert_eq!(p.evaluate_for("", None).decision, Decision::Deny);
    assert_eq!(p.evaluate_for("root", None).decision, Decision::Deny);
    assert_eq!(p.evaluate_for("ui", None).decision, Decision::Allow);
}
