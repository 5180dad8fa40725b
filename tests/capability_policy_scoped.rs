//! Policy precedence and scoping: INV-003, INV-004, INV-005, INV-007, SLO-08.
//! Part of gate G-CI-1.

use seclab_engine::policy::{ExtensionOverride, PolicyConfig};
use seclab_engine::{
    Capability, CapabilitySet, Decision, ExtensionPolicy, PolicyMode, PolicyProfile, PolicyReason, PolicyRule,
};

fn set(caps: &[Capability]) -> CapabilitySet {
    caps.iter().copied().collect()
}

fn with_override(mut p: ExtensionPolicy, ext: &str, ov: ExtensionOverride) -> ExtensionPolicy {
    p.per_extension.insert(ext.to_string(), ov);
    p
}

/// An independent statement of the precedence, written as a decision list over booleans.
fn model(
    ext_deny: bool,
    global_deny: bool,
    ext_allow: bool,
    default: bool,
    mode: PolicyMode,
) -> (Decision, PolicyRule) {
    if ext_deny {
        (Decision::Deny, PolicyRule::ExtensionDeny)
    } else if global_deny {
        (Decision::Deny, PolicyRule::GlobalDenyCaps)
    } else if ext_allow {
        (Decision::Allow, PolicyRule::ExtensionAllow)
    } else if default {
        (Decision::Allow, PolicyRule::DefaultCaps)
    } else {
        let d = match mode {
            PolicyMode::Strict => Decision::Deny,
            PolicyMode::Prompt => Decision::Prompt,
            PolicyMode::Permissive => Decision::Allow,
        };
        (d, PolicyRule::ModeFallback)
    }
}

#[test]
fn inv_003_exhaustive_precedence_matches_model() {
    let modes = [PolicyMode::Strict, PolicyMode::Prompt, PolicyMode::Permissive];
    let mut checked = 0;
    for cap in [Capability::Ui, Capability::Tool, Capability::Log, Capability::Read] {
        for bits in 0u8..16 {
            let (ext_deny, global_deny, ext_allow, default) =
                (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0, bits & 8 != 0);
            for global_mode in modes {
                for ov_mode in [
                    None,
                    Some(PolicyMode::Strict),
                    Some(PolicyMode::Prompt),
                    Some(PolicyMode::Permissive),
                ] {
                    let mut p = PolicyProfile::Safe.to_policy();
                    p.mode = global_mode;
                    p.default_caps = if default { set(&[cap]) } else { CapabilitySet::EMPTY };
                    p.deny_caps = if global_deny { set(&[cap]) } else { CapabilitySet::EMPTY };
                    let ov = ExtensionOverride {
                        mode: ov_mode,
                        allow: if ext_allow { set(&[cap]) } else { CapabilitySet::EMPTY },
                        deny: if ext_deny { set(&[cap]) } else { CapabilitySet::EMPTY },
                        quota: None,
                    };
                    let p = with_override(p, "ext", ov);
                    let got = p.evaluate(cap, Some("ext"));
                    let want = model(
                        ext_deny,
                        global_deny,
                        ext_allow,
                        default,
                        ov_mode.unwrap_or(global_mode),
                    );
                    assert_eq!(
                        (got.decision, got.rule),
                        want,
                        "cap={cap} bits={bits:04b} mode={global_mode:?} ov={ov_mode:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * 16 * 3 * 4);
}

#[test]
fn inv_003_evaluation_is_independent_of_override_insertion_order() {
    let ids: Vec<String> = (0..2_000).map(|i| format!("ext-{i:05}")).collect();
    let mut forward = ExtensionPolicy::default();
    let mut backward = ExtensionPolicy::default();
    let ov = |i: usize| ExtensionOverride {
        mode: Some(if i.is_multiple_of(3) {
            PolicyMode::Prompt
        } else {
            PolicyMode::Strict
        }),
        allow: set(&[Capability::ALL[i % 10]]),
        deny: set(&[Capability::ALL[(i * 7) % 10]]),
        quota: None,
    };
    for (i, id) in ids.iter().enumerate() {
        forward.per_extension.insert(id.clone(), ov(i));
    }
    for (i, id) in ids.iter().enumerate().rev() {
        backward.per_extension.insert(id.clone(), ov(i));
    }
    for id in ids.iter().step_by(37) {
        for cap in Capability::ALL {
            assert_eq!(forward.evaluate(cap, Some(id)), backward.evaluate(cap, Some(id)));
            // Same query twice gives the same answer.
            assert_eq!(forward.evaluate(cap, Some(id)), forward.evaluate(cap, Some(id)));
        }
    }
}

#[test]
fn inv_003_config_round_trip_preserves_every_decision() {
    let mut p = PolicyProfile::Standard.to_policy();
    p.per_extension.insert(
        "a".into(),
        ExtensionOverride {
            mode: Some(PolicyMode::Permissive),
            allow: set(&[Capability::Ui]),
            deny: set(&[Capability::Http]),
            quota: None,
        },
    );
    let text = toml::to_string(&serde_json::json!({ "policy": p.to_config() })).unwrap();
    let cfg: seclab_engine::EngineConfig = toml::from_str(&text).unwrap();
    let (q, _) = cfg.build_policy();
    for ext in [None, Some("a"), Some("b")] {
        for cap in Capability::ALL {
            assert_eq!(p.evaluate(cap, ext), q.evaluate(cap, ext), "{cap} {ext:?}");
        }
    }
}

#[test]
fn inv_004_extension_allow_cannot_bypass_global_deny() {
    for cap in Capability::ALL {
        let p = ExtensionPolicy {
            deny_caps: set(&[cap]),
            ..Default::default()
        };
        let p = with_override(
            p,
            "greedy",
            ExtensionOverride {
                allow: CapabilitySet::from_iter(Capability::ALL),
                ..Default::default()
            },
        );
        let c = p.evaluate(cap, Some("greedy"));
        assert_eq!(c.decision, Decision::Deny, "{cap}");
        assert_eq!(c.reason, PolicyReason::DenyCaps);
    }
}

#[test]
fn inv_004_permissive_mode_cannot_bypass_global_deny() {
    let mut p = PolicyProfile::Permissive.to_policy();
    p.deny_caps = set(&[Capability::Http]);
    let p = with_override(
        p,
        "x",
        ExtensionOverride {
            mode: Some(PolicyMode::Permissive),
            ..Default::default()
        },
    );
    assert_eq!(p.evaluate(Capability::Http, Some("x")).decision, Decision::Deny);
    assert_eq!(p.evaluate(Capability::Http, None).decision, Decision::Deny);
    assert_eq!(p.evaluate(Capability::Ui, Some("x")).decision, Decision::Allow);
}

#[test]
fn inv_005_extension_deny_is_scoped_to_its_extension() {
    let p = with_override(
        ExtensionPolicy::default(),
        "victim",
        ExtensionOverride {
            deny: set(&[Capability::Read, Capability::Write]),
            ..Default::default()
        },
    );
    assert_eq!(p.evaluate(Capability::Read, Some("victim")).decision, Decision::Deny);
    assert_eq!(p.evaluate(Capability::Read, Some("victim2")).decision, Decision::Allow);
    // Ids are normalised (trimmed, case-folded; issue 14): `VICTIM` is `victim`.
    assert_eq!(p.evaluate(Capability::Read, Some("VICTIM")).decision, Decision::Deny);
    assert_eq!(p.evaluate(Capability::Read, Some(" victim ")).decision, Decision::Deny);
    assert_eq!(p.evaluate(Capability::Read, None).decision, Decision::Allow);
}

#[test]
fn inv_005_extension_allow_is_scoped_to_its_extension() {
    let p = with_override(
        ExtensionPolicy::default(),
        "ui-ext",
        ExtensionOverride {
            allow: set(&[Capability::Ui]),
            ..Default::default()
        },
    );
    assert_eq!(p.evaluate(Capability::Ui, Some("ui-ext")).decision, Decision::Allow);
    for other in [Some("other"), Some("ui-ext2"), None] {
        assert_eq!(p.evaluate(Capability::Ui, other).decision, Decision::Deny, "{other:?}");
    }
}

#[test]
fn inv_007_exec_denied_by_default() {
    let p = ExtensionPolicy::default();
    for ext in [None, Some("any"), Some("")] {
        let c = p.evaluate_for("exec", ext);
        assert_eq!(c.decision, Decision::Deny);
        assert_eq!(c.reason, PolicyReason::DenyCaps);
    }
}

#[test]
fn inv_007_env_denied_by_default() {
    let p = ExtensionPolicy::default();
    assert_eq!(p.evaluate_for("env", None).decision, Decision::Deny);
    assert_eq!(p.evaluate_for(" ENV ", Some("x")).decision, Decision::Deny);
}

#[test]
fn inv_007_dangerous_caps_need_allow_dangerous_in_every_profile() {
    for profile in PolicyProfile::ALL {
        let mut p = profile.to_policy();
        p.deny_caps = CapabilitySet::EMPTY;
        p.default_caps = CapabilitySet::from_iter(Capability::ALL);
        p.mode = PolicyMode::Permissive;
        let p = with_override(
            p,
            "x",
            ExtensionOverride {
                allow: set(&[Capability::Exec, Capability::Env]),
                mode: Some(PolicyMode::Permissive),
                ..Default::default()
            },
        );
        for cap in Capability::POLICY_DANGEROUS {
            assert_eq!(p.evaluate(cap, Some("x")).decision, Decision::Deny, "{profile:?} {cap}");
        }
        let mut opted = p.clone();
        opted.allow_dangerous = true;
        assert_eq!(opted.evaluate(Capability::Exec, Some("x")).decision, Decision::Allow);
        assert!(!opted.audit_events().is_empty(), "allow_dangerous must be audit-logged");
    }
}

#[test]
fn slo_08_dangerous_capability_default_deny_rate_is_total() {
    // Both the reference default (safe) and the SLO document's default (standard).
    let mut denied = 0;
    let mut total = 0;
    for p in [
        ExtensionPolicy::default(),
        PolicyProfile::Standard.to_policy(),
        PolicyConfig::default().build().0,
    ] {
        for cap in ["exec", "env"] {
            total += 1;
            if p.evaluate_for(cap, None).decision == Decision::Deny {
                denied += 1;
            }
        }
    }
    println!("SLO-08 dangerous default-deny rate: {denied}/{total}");
    assert_eq!(denied, total);
}
