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
