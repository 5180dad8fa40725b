//! Readable regression tests for the findings of the cargo-fuzz targets (the
//! raw minimized inputs also live in fuzz/regressions/<target>/ and are
//! replayed by tests/fuzz_corpus_replay.rs).

use seclab_engine::config::{parse_config_str, ConfigFormat};
use seclab_engine::policy::{OverrideConfig, PolicyConfig, Quota};
use seclab_engine::{scan_source, Capability, EngineConfig, RuleId};
use std::path::Path;

/// Found by `policy_eval`: a quota that sets only one of its two limits made
/// the policy impossible to write as TOML (the unset limit serialised as a
/// unit value), so a policy could not round-trip through its own file format.
#[test]
fn inv_003_policy_with_one_quota_limit_round_trips_through_toml_and_json() {
    let mut policy = PolicyConfig {
        profile: Some("standard".into()),
        ..Default::default()
    };
    policy.extensions.insert(
        "ext-a".into(),
        OverrideConfig {
            quota: Some(Quota {
                max_calls: Some(5),
                max_calls_per_minute: None,
            }),
            ..Default::default()
        },
    );
    let doc = serde_json::json!({ "policy": policy });
    let toml_text = toml::to_string(&doc).expect("a one-limit quota serialises to TOML");
    let json_text = serde_json::to_string(&doc).unwrap();
    for (text, fmt) in [(toml_text, ConfigFormat::Toml), (json_text, ConfigFormat::Json)] {
        let back: EngineConfig = parse_config_str(&text, fmt, Path::new("rt")).expect("round trip parses");
        assert_eq!(
            back.policy, policy,
            "round trip through {fmt:?} changed the policy:\n{text}"
        );
        let (built, _) = back.policy.build();
        let (orig, _) = policy.build();
        for cap in Capability::ALL {
            assert_eq!(
                built.evaluate(cap, Some("ext-a")).decision,
                orig.evaluate(cap, Some("ext-a")).decision,
                "{cap} changed after the {fmt:?} round trip"
            );
        }
    }
}

/// Found by `scanner`: a lone carriage return ends a line in JavaScript, and
/// finding lines count it; the fuzz check had counted only `\n`.
#[test]
fn slo_02_finding_lines_follow_javascript_line_terminators() {
    let src = b"const a = 1;\r\rlet b = 2;\r\n\xE2\x80\xA8eval(a);\n";
    let report = scan_source("cr.js", src);
    let eval = report
        .findings
        .iter()
        .find(|f| f.rule == RuleId::EvalCall)
        .expect("eval is found");
    // Line 1 `const` ends at a lone CR, line 2 is empty (lone CR), line 3
    // `let` ends at CRLF (one terminator), line 4 is empty (U+2028), line 5 `eval`.
    assert_eq!(eval.line, 5, "{report:?}");
    assert_eq!(eval.column, 1);
}
