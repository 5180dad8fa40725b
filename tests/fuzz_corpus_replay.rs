//! Replays every checked-in fuzz seed (fuzz/corpus/<target>/*) and every
//! minimized regression (fuzz/regressions/<target>/*) through the same check
//! functions the cargo-fuzz targets call, on the stable toolchain, so each CI
//! run exercises the fuzz invariants without libFuzzer.

use seclab_engine::fuzz_checks::{check_target, TARGETS};
use std::path::PathBuf;

fn replay(target: &str) -> usize {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            files.extend(rd.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(check_target(target, &data), "unknown target {target}");
    }
    files.len()
}

macro_rules! replay_test {
    ($name:ident, $target:literal) => {
        #[test]
        fn $name() {
            let n = replay($target);
            assert!(n >= 2, "fuzz/corpus/{} has {n} seeds, want >= 2", $target);
        }
    };
}

replay_test!(fuzz_corpus_replay_policy_eval, "policy_eval");
replay_test!(fuzz_corpus_replay_config_parse, "config_parse");
replay_test!(fuzz_corpus_replay_trace_parse, "trace_parse");
replay_test!(fuzz_corpus_replay_scanner, "scanner");
replay_test!(fuzz_corpus_replay_ledger_ops, "ledger_ops");
replay_test!(fuzz_corpus_replay_ledger_import, "ledger_import");
replay_test!(fuzz_corpus_replay_dispatch, "dispatch");
replay_test!(fuzz_corpus_replay_dispatcher_config, "dispatcher_config");

#[test]
fn fuzz_corpus_replay_covers_every_target() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for t in TARGETS {
        assert!(
            root.join("fuzz_targets").join(format!("{t}.rs")).is_file(),
            "no fuzz target file for {t}"
        );
        assert!(root.join("corpus").join(t).is_dir(), "no seed corpus for {t}");
    }
    assert!(!check_target("no_such_target", b""));
}

/// INV-004 (fuzz finding of CI run on 0b2353c, policy_eval): two override keys
/// that normalise to one id (`Foo` denies exec, `foo` allows it) merge when the
/// policy is built from a file; the deny survives the merge and both file round
/// trips keep the merged decisions.
#[test]
fn inv_004_colliding_extension_ids_merge_and_the_deny_survives() {
    use seclab_engine::capability::{Capability, CapabilitySet};
    use seclab_engine::fuzz_checks::check_policy;
    use seclab_engine::policy::{Decision, ExtensionOverride, ExtensionPolicy};
    let mut policy = ExtensionPolicy::default().with_allow_dangerous();
    let mut deny = CapabilitySet::default();
    deny.insert(Capability::Exec);
    let mut allow = CapabilitySet::default();
    allow.insert(Capability::Exec);
    policy.per_extension.insert(
        "Foo".into(),
        ExtensionOverride {
            deny,
            ..Default::default()
        },
    );
    policy.per_extension.insert(
        "foo".into(),
        ExtensionOverride {
            allow,
            ..Default::default()
        },
    );
    let built = policy.to_config().build().0;
    assert_eq!(built.per_extension.len(), 1);
    for id in ["Foo", "foo", " FOO "] {
        assert_eq!(
            built.evaluate(Capability::Exec, Some(id)).decision,
            Decision::Deny,
            "{id}"
        );
    }
    check_policy(policy, &mut arbitrary::Unstructured::new(&[]));
}
