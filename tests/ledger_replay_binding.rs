//! SLO-09 / INV-010: a ledger replays only under the config it is bound to.
//! `Ledger::replay_config` refuses another config and an unbound ledger (no
//! config digest in the header: an unsigned file whose digest was deleted would
//! otherwise replay under any config); `seclab ledger replay` does the same,
//! with `--allow-unbound` as the explicit, warned opt-in and `--pubkey` to
//! authenticate the signed checkpoints first.

mod common;

use common::*;
use seclab_engine::ledger::{Ledger, ReplayError};
use seclab_engine::{load_engine_config, LedgerSigner};
use serde_json::Value;
use std::path::{Path, PathBuf};

const SEED: &[u8] = b"ledger replay binding test seed, 32+ bytes";

/// `seclab ARGS`: (exit code, trimmed stdout, stderr).
fn run_cli(args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = seclab(args);
    (code, out.trim().to_string(), err)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A temp dir holding: `cfg.toml` (exec and env opted in), `other.toml` (the
/// same with one risk threshold changed), a signing seed, its public key, and
/// `l.jsonl`: the ledger `seclab replay --config cfg.toml --signing-key seed`
/// wrote for a benign session plus a credential harvest.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let f = Fixture { dir };
        let opted_in = "[policy]\nallow_dangerous = true\ndefault_caps = [\"read\", \"write\", \"http\", \"events\", \"session\", \"exec\", \"env\", \"tool\"]\n";
        std::fs::write(f.path("cfg.toml"), opted_in).unwrap();
        std::fs::write(
            f.path("other.toml"),
            format!("{opted_in}[risk.actions]\nharden_deny_threshold = 0.5\n"),
        )
        .unwrap();
        std::fs::write(f.path("seed"), SEED).unwrap();
        let (code, pk, err) = run_cli(&["ledger", "pubkey", "--key", s(&f.path("seed"))]);
        assert_eq!(code, 0, "{err}");
        std::fs::write(f.path("pub"), pk).unwrap();
        let mut recs = benign_session("good", 40, 3);
        recs.extend(credential_harvest_upload("evil", 100_000));
        write_trace(&f.path("t.jsonl"), &recs);
        let (code, _, err) = run_cli(&[
            "replay",
            s(&f.path("t.jsonl")),
            "--config",
            s(&f.path("cfg.toml")),
            "--signing-key",
            s(&f.path("seed")),
            "--ledger-out",
            s(&f.path("l.jsonl")),
        ]);
        assert_eq!(code, 0, "{err}");
        f
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn digest(&self, name: &str) -> String {
        load_engine_config(&self.path(name)).unwrap().digest()
    }

    /// `l.jsonl` with its header edited, written to `name`; returns its path.
    fn edited(&self, name: &str, drop_checkpoints: bool, edit: impl Fn(&mut Value)) -> PathBuf {
        let text = std::fs::read_to_string(self.path("l.jsonl")).unwrap();
        let mut lines: Vec<String> = text
            .lines()
            .filter(|l| !(drop_checkpoints && l.starts_with("{\"checkpoint\"")))
            .map(str::to_string)
            .collect();
        let mut h: Value = serde_json::from_str(&lines[0]).unwrap();
        edit(&mut h);
        lines[0] = h.to_string();
        let p = self.path(name);
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        p
    }

    fn replay(&self, file: &Path, extra: &[&str]) -> (i32, String, String) {
        let mut args = vec!["ledger", "replay", s(file)];
        args.extend_from_slice(extra);
        run_cli(&args)
    }
}

fn unbind(h: &mut Value) {
    h.as_object_mut().unwrap().remove("config_digest");
}

#[test]
fn slo_09_cli_ledger_replay_under_its_own_config_is_ok_signed_or_not() {
    let f = Fixture::new();
    let l = Ledger::import_jsonl(std::fs::read(f.path("l.jsonl")).unwrap().as_slice()).unwrap();
    assert_eq!(
        l.config_digest(),
        f.digest("cfg.toml"),
        "seclab replay binds its config"
    );
    let report = l
        .replay_config(&load_engine_config(&f.path("cfg.toml")).unwrap())
        .unwrap();
    assert!(report.evaluated > 0);
    let ok = format!("ok {} entries, {} re-decided", report.entries, report.evaluated);
    let (cfg, pk) = (f.path("cfg.toml"), f.path("pub"));
    let (code, out, err) = f.replay(&f.path("l.jsonl"), &["--config", s(&cfg)]);
    assert_eq!((code, out.as_str()), (0, ok.as_str()), "{err}");
    let (code, out, err) = f.replay(&f.path("l.jsonl"), &["--config", s(&cfg), "--pubkey", s(&pk)]);
    assert_eq!((code, out.as_str()), (0, ok.as_str()), "{err}");
    assert!(err.contains("authenticated: signed"), "{err}");
}

#[test]
fn slo_09_cli_ledger_replay_under_a_different_config_is_refused_naming_both_digests() {
    let f = Fixture::new();
    let (code, out, _) = f.replay(&f.path("l.jsonl"), &["--config", s(&f.path("other.toml"))]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("replay failed: the ledger was produced under config"),
        "{out}"
    );
    assert!(
        out.contains(&f.digest("cfg.toml")) && out.contains(&f.digest("other.toml")),
        "{out}"
    );
    // The built-in default config is another config too.
    let (code, out, _) = f.replay(&f.path("l.jsonl"), &[]);
    assert_eq!(code, 1, "{out}");
    // --allow-unbound does not loosen the check of a bound ledger.
    let (code, _, _) = f.replay(
        &f.path("l.jsonl"),
        &["--config", s(&f.path("other.toml")), "--allow-unbound"],
    );
    assert_eq!(code, 1);
    // A header digest rewritten to the other config's: the checkpoints disagree.
    let other = f.digest("other.toml");
    let forged = f.edited("forged.jsonl", false, |h| {
        h["config_digest"] = Value::from(other.clone())
    });
    let (code, out, _) = f.replay(&forged, &["--config", s(&f.path("other.toml"))]);
    assert_eq!(code, 1);
    assert!(out.ends_with("config_digest_mismatch"), "{out}");
}

#[test]
fn slo_09_replay_of_an_unbound_ledger_is_refused_unless_opted_in() {
    let f = Fixture::new();
    let cfg = load_engine_config(&f.path("cfg.toml")).unwrap();
    let other = load_engine_config(&f.path("other.toml")).unwrap();
    // Unsigned, config digest deleted: the chain still verifies.
    let unbound = f.edited("unbound.jsonl", true, unbind);
    let l = Ledger::import_jsonl(std::fs::read(&unbound).unwrap().as_slice()).unwrap();
    l.verify().expect("an unsigned, unbound ledger is a valid chain");
    for c in [&cfg, &other] {
        match l.replay_config(c) {
            Err(ReplayError::Unbound { given }) => assert_eq!(given, c.digest()),
            r => panic!("an unbound ledger replayed: {r:?}"),
        }
    }
    l.replay_config_allow_unbound(&cfg)
        .expect("opted in, it replays under its real config");
    // The CLI: refused with a clear error, replayed (with a warning) when opted in.
    let (code, out, err) = f.replay(&unbound, &["--config", s(&f.path("cfg.toml"))]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("replay failed: the ledger is not bound to a config"),
        "{out}"
    );
    assert!(out.contains(&cfg.digest()), "{out}");
    assert!(err.contains("--allow-unbound"), "{err}");
    let (code, out, err) = f.replay(&unbound, &["--config", s(&f.path("cfg.toml")), "--allow-unbound"]);
    assert_eq!(code, 0, "{out} {err}");
    assert!(out.starts_with("ok "), "{out}");
    assert!(err.contains("warning: the ledger is not bound to a config"), "{err}");
    // An empty digest is unbound too.
    let empty = f.edited("empty.jsonl", true, |h| h["config_digest"] = Value::from(""));
    let (code, out, _) = f.replay(&empty, &["--config", s(&f.path("cfg.toml"))]);
    assert_eq!(code, 1);
    assert!(out.contains("not bound to a config"), "{out}");
    // A signed ledger whose header digest was deleted: its checkpoints still
    // carry the digest, so the file does not even verify.
    let stripped = f.edited("stripped.jsonl", false, unbind);
    let (code, out, _) = f.replay(&stripped, &["--config", s(&f.path("cfg.toml")), "--allow-unbound"]);
    assert_eq!(code, 1);
    assert!(out.ends_with("config_digest_mismatch"), "{out}");
}

#[test]
fn slo_09_cli_ledger_replay_with_the_wrong_public_key_is_refused() {
    let f = Fixture::new();
    let wrong = LedgerSigner::from_seed(b"somebody else's signing seed bytes").unwrap();
    std::fs::write(f.path("wrong.pub"), wrong.public_key().to_string()).unwrap();
    let cfg = f.path("cfg.toml");
    let (code, out, _) = f.replay(
        &f.path("l.jsonl"),
        &["--config", s(&cfg), "--pubkey", s(&f.path("wrong.pub"))],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("broken at index") && out.ends_with("key_mismatch"),
        "{out}"
    );
    // The right key on an unsigned copy: no signed head, refused before replay.
    let unsigned = f.edited("unsigned.jsonl", true, |_| {});
    let (code, out, _) = f.replay(&unsigned, &["--config", s(&cfg), "--pubkey", s(&f.path("pub"))]);
    assert_eq!(code, 1);
    assert!(out.ends_with("missing_head_checkpoint"), "{out}");
    // A key file that is not a key is an error naming the file.
    std::fs::write(f.path("junk.pub"), "not hex").unwrap();
    let (code, _, err) = f.replay(
        &f.path("l.jsonl"),
        &["--config", s(&cfg), "--pubkey", s(&f.path("junk.pub"))],
    );
    assert_ne!(code, 0);
    assert!(err.contains("junk.pub"), "{err}");
}
