//! INV-010 / SLO-09: the ledger is tamper-evident, replay-verifiable and still
//! verifies after ring-buffer truncation.

mod common;

use common::*;
use seclab_engine::ledger::{entry_hash, Ledger, LedgerEntry, LedgerErrorKind, ReplayError, GENESIS_HASH};
use seclab_engine::risk::{CallFeatures, EnvClass, NetClass, ShellClass};
use seclab_engine::{Capability, DispatchStatus, EngineConfig, RiskAction, RiskReason};

fn dispatched_ledger(capacity: usize) -> (EngineConfig, Ledger) {
    let (mut cfg, t) = mixed_session();
    cfg.ledger.capacity = capacity;
    let (mut d, _, _) = run(&cfg, &t);
    let ledger = d.ledger().expect("ledger on by default").clone();
    (cfg, ledger)
}

/// Index (position) of an entry that has policy, risk with reasons and features.
fn rich_position(l: &Ledger) -> usize {
    l.entries()
        .position(|e| {
            e.policy.is_some()
                && e.risk
                    .as_ref()
                    .is_some_and(|r| !r.reasons.is_empty() && r.features.net != NetClass::None)
        })
        .expect("a rich entry")
}

fn expect_broken_at(l: &Ledger, pos: usize, what: &str) {
    let want_index = l.first_index() + pos as u64;
    match l.verify() {
        Ok(()) => panic!("tampering with {what} was not detected"),
        Err(e) => assert_eq!(e.index, want_index, "{what}: {e}"),
    }
}

#[test]
fn shared_dispatch_runtime_risk_ledger_is_tamper_evident() {
    let (_, l) = dispatched_ledger(4096);
    l.verify().expect("untouched ledger verifies");
    let pos = rich_position(&l);
    type Mutation = (&'static str, fn(&mut LedgerEntry));
    let mutations: Vec<Mutation> = vec![
        ("index", |e| e.index += 1),
        ("ts_ms", |e| e.ts_ms ^= 1),
        ("extension_id", |e| e.extension_id.push('x')),
        ("call_id", |e| e.call_id = format!("{}_", e.call_id)),
        ("method", |e| e.method = e.method.to_uppercase()),
        ("capability", |e| e.capability = Some(Capability::Log)),
        ("capability_none", |e| e.capability = None),
        ("params_hash", |e| flip_hex(&mut e.params_hash)),
        ("status", |e| e.status = DispatchStatus::Ok),
        ("policy", |e| e.policy = None),
        ("prompt", |e| e.prompt = seclab_engine::PromptSource::User),
        ("reason", |e| e.reason = "ok2".into()),
        ("risk_removed", |e| e.risk = None),
        ("risk.kind", |e| r(e).kind = seclab_engine::HostcallKind::Log),
        ("risk.features.shell", |e| r(e).features.shell = ShellClass::Tier1),
        ("risk.features.sensitive_path", |e| r(e).features.sensitive_path ^= true),
        ("risk.features.traversal", |e| r(e).features.traversal ^= true),
        ("risk.features.absolute_path", |e| r(e).features.absolute_path ^= true),
        ("risk.features.net", |e| r(e).features.net = NetClass::Private),
        ("risk.features.upload", |e| r(e).features.upload ^= true),
        ("risk.features.body_bytes", |e| r(e).features.body_bytes ^= 1),
        ("risk.features.env", |e| r(e).features.env = EnvClass::Secret),
        ("risk.features.env_name_hash", |e| r(e).features.env_name_hash ^= 1),
        ("risk.features_all", |e| r(e).features = CallFeatures::default()),
        ("risk.score", |e| r(e).score = f64::from_bits(r(e).score.to_bits() ^ 1)),
        ("risk.posterior.safe", |e| r(e).posterior.safe += 1e-9),
        ("risk.posterior.suspicious", |e| r(e).posterior.suspicious += 1e-9),
        ("risk.posterior.unsafe", |e| r(e).posterior.unsafe_ += 1e-9),
        ("risk.expected_losses.allow", |e| r(e).expected_losses.allow += 1.0),
        ("risk.expected_losses.harden", |e| r(e).expected_losses.harden += 1.0),
        ("risk.expected_losses.deny", |e| r(e).expected_losses.deny += 1.0),
        ("risk.expected_losses.terminate", |e| {
            r(e).expected_losses.terminate += 1.0
        }),
        ("risk.loss_action", |e| r(e).loss_action = RiskAction::Terminate),
        ("risk.action", |e| r(e).action = RiskAction::Allow),
        ("risk.reasons_dropped", |e| r(e).reasons.clear()),
        ("risk.reasons_added", |e| r(e).reasons.push(RiskReason::Quarantined)),
        ("risk.e_process", |e| r(e).e_process += 0.5),
        ("risk.drift", |e| r(e).drift ^= true),
        ("action", |e| e.action = RiskAction::Harden),
        ("outcome", |e| e.outcome = seclab_engine::Outcome::Timeout),
        ("prev_hash", |e| flip_hex(&mut e.prev_hash)),
        ("hash", |e| flip_hex(&mut e.hash)),
    ];
    for (name, m) in mutations {
        let mut t = l.clone();
        let e = &mut t.entries_mut()[pos];
        let before = e.clone();
        m(e);
        assert_ne!(*e, before, "mutation {name} must change the entry");
        expect_broken_at(&t, pos, name);
    }
}

fn r(e: &mut LedgerEntry) -> &mut seclab_engine::ledger::LedgerRisk {
    e.risk.as_mut().expect("rich entry has risk")
}

fn flip_hex(h: &mut String) {
    let mut b = h.clone().into_bytes();
    b[10] = if b[10] == b'0' { b'1' } else { b'0' };
    *h = String::from_utf8(b).expect("hex is ascii");
}

#[test]
fn inv_010_reorder_delete_insert_and_forged_anchor_are_detected() {
    let (_, l) = dispatched_ledger(4096);
    let pos = 10;
    // Reorder two neighbours.
    let mut t = l.clone();
    t.entries_mut().swap(pos, pos + 1);
    let e = t.verify().unwrap_err();
    assert_eq!((e.index, e.kind), (pos as u64, LedgerErrorKind::IndexGap));
    // Delete one in the middle.
    let mut t = l.clone();
    t.entries_mut().remove(pos);
    assert_eq!(t.verify().unwrap_err().index, pos as u64);
    // Delete the last one (an imported ledger: the header count catches it).
    let mut buf = Vec::new();
    l.export_jsonl(&mut buf).unwrap();
    let mut imported = Ledger::import_jsonl(buf.as_slice()).unwrap();
    imported.verify().unwrap();
    imported.entries_mut().pop_back();
    assert_eq!(imported.verify().unwrap_err().kind, LedgerErrorKind::EntryCountMismatch);
    // Insert a forged entry, correctly chained to its predecessor and renumbered.
    let mut t = l.clone();
    let mut forged = t.entries().nth(pos).unwrap().clone();
    forged.index = pos as u64 + 1;
    forged.prev_hash = forged.hash.clone();
    forged.reason = "forged".into();
    forged.hash = entry_hash(&forged);
    t.entries_mut().insert(pos + 1, forged);
    for (i, e) in t.entries_mut().iter_mut().enumerate().skip(pos + 2) {
        e.index = i as u64;
    }
    let e = t.verify().unwrap_err();
    assert_eq!(e.index, pos as u64 + 2, "{e}");
    assert_eq!(e.kind, LedgerErrorKind::PrevHashMismatch);
    // Forged anchor.
    let mut t = l.clone();
    t.set_anchor("f".repeat(64));
    let e = t.verify().unwrap_err();
    assert_eq!((e.index, e.kind), (0, LedgerErrorKind::AnchorMismatch));
}

#[test]
fn inv_010_exported_bytes_flipped_anywhere_in_an_entry_are_detected() {
    let (_, l) = dispatched_ledger(4096);
    let pos = rich_position(&l);
    let mut buf = Vec::new();
    l.export_jsonl(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let target = lines[pos + 1]; // line 0 is the header
    let original: LedgerEntry = serde_json::from_str(target).unwrap();
    let (mut detected, mut noop) = (0, 0);
    for i in 0..target.len() {
        let mut b = target.as_bytes().to_vec();
        b[i] = match b[i] {
            b'0'..=b'8' => b[i] + 1,
            b'9' => b'0',
            b'a'..=b'y' => b[i] + 1,
            b'z' => b'a',
            b'A'..=b'Z' => b[i].to_ascii_lowercase(),
            _ => b'#',
        };
        let Ok(line) = String::from_utf8(b) else { continue };
        let mut all: Vec<&str> = lines.clone();
        all[pos + 1] = &line;
        let joined = all.join("\n");
        match Ledger::import_jsonl(joined.as_bytes()) {
            Err(e) => {
                assert_eq!(e.line, pos + 2, "import errors name the line: {e}");
                detected += 1;
            }
            Ok(t) => {
                let parsed = t.entries().nth(pos).unwrap();
                if *parsed == original {
                    noop += 1; // e.g. 1.50 vs 1.5: the same value, no tampering
                } else {
                    assert!(t.verify().is_err(), "flip at byte {i} undetected: {line}");
                    detected += 1;
                }
            }
        }
    }
    assert!(detected > 200, "{detected} flips detected");
    assert!(noop * 20 < detected, "{noop} semantic no-ops");
}

#[test]
fn shared_dispatch_runtime_risk_ledger_replay_reconstructs_decision_path() {
    let (cfg, l) = dispatched_ledger(4096);
    let report = l.replay(&cfg.risk).expect("replay matches");
    assert_eq!(report.entries, l.len());
    let recorded: Vec<(u64, RiskAction)> = l
        .entries()
        .filter_map(|e| e.risk.as_ref().map(|r| (e.index, r.action)))
        .collect();
    assert_eq!(report.path, recorded);
    assert!(
        report.path.iter().any(|(_, a)| *a >= RiskAction::Deny),
        "the path includes denials"
    );
    // Through JSON Lines too.
    let mut buf = Vec::new();
    l.export_jsonl(&mut buf).unwrap();
    let back = Ledger::import_jsonl(buf.as_slice()).unwrap();
    assert_eq!(back.replay(&cfg.risk).unwrap().path, recorded);
    // A replay with another config does not match (it really re-decides).
    let mut other = cfg.risk.clone();
    other.weights.static_score = 0.9;
    assert!(matches!(l.replay(&other), Err(ReplayError::Mismatch { .. })));
    // A recorded action rewritten (and re-hashed to keep the chain) is caught by replay.
    let mut forged = l.clone();
    let pos = forged
        .entries()
        .position(|e| e.risk.as_ref().is_some_and(|r| r.action >= RiskAction::Deny))
        .unwrap();
    rechain_from(&mut forged, pos, |e| r(e).action = RiskAction::Allow);
    forged.verify().expect("re-chained forgery passes the hash check");
    assert!(matches!(
        forged.replay(&cfg.risk),
        Err(ReplayError::Mismatch { field: "action", .. })
    ));
}

fn rechain_from(l: &mut Ledger, pos: usize, m: impl FnOnce(&mut LedgerEntry)) {
    let entries = l.entries_mut();
    m(&mut entries[pos]);
    for i in pos..entries.len() {
        if i > pos {
            entries[i].prev_hash = entries[i - 1].hash.clone();
        }
        entries[i].hash = entry_hash(&entries[i]);
    }
}

#[test]
fn shared_dispatch_runtime_risk_ledger_verifies_after_ring_buffer_truncation() {
    let (_, full) = dispatched_ledger(4096);
    let (_, l) = dispatched_ledger(32);
    assert_eq!(l.len(), 32);
    assert!(full.len() > 32);
    assert_eq!(l.first_index(), (full.len() - 32) as u64);
    assert_ne!(l.anchor(), GENESIS_HASH);
    l.verify().expect("truncated ledger verifies from its anchor");
    // The anchor is exactly the hash of the last dropped entry of the full chain.
    let dropped = full.entries().nth(full.len() - 33).unwrap();
    assert_eq!(l.anchor(), dropped.hash);
    assert_eq!(l.last_hash(), full.last_hash());
    // Export/import keeps verifying; a forged anchor does not.
    let mut buf = Vec::new();
    l.export_jsonl(&mut buf).unwrap();
    let mut back = Ledger::import_jsonl(buf.as_slice()).unwrap();
    back.verify().unwrap();
    back.set_anchor(GENESIS_HASH);
    assert_eq!(back.verify().unwrap_err().kind, LedgerErrorKind::AnchorMismatch);
    // Replay needs the history from genesis and says so.
    assert!(matches!(
        l.replay(&EngineConfig::default().risk),
        Err(ReplayError::NotFromGenesis { .. })
    ));
}

#[test]
fn inv_010_capacity_one_still_chains() {
    let (cfg, t) = mixed_session();
    let mut cfg = cfg;
    cfg.ledger.capacity = 1;
    let mut d = seclab_engine::Dispatcher::new(&cfg);
    let mut m = seclab_engine::MockConnector::counting();
    let mut prev_last = GENESIS_HASH.to_string();
    for (i, r) in t.iter().enumerate().take(20) {
        d.dispatch_host_call_shared(&r.to_request(i), r.ts_ms, &mut m);
        let l = d.ledger().unwrap();
        assert_eq!(l.len(), 1);
        assert_eq!(l.anchor(), prev_last);
        l.verify().unwrap();
        prev_last = l.last_hash().to_string();
    }
}

// ---------------------------------------------------------------------------
// SLO-09: signed checkpoints, expected head, config binding (issue 14)
// ---------------------------------------------------------------------------

use seclab_engine::checkpoint::{CheckpointKind, LedgerSigner};
use serde_json::Value;

const SEED: &[u8] = b"seclab test signing seed, 32+ bytes";

fn signer() -> LedgerSigner {
    LedgerSigner::from_seed(SEED).unwrap()
}

/// The mixed session dispatched with a signer and a checkpoint every 8 entries,
/// exported: (config, ledger, export lines).
fn signed_export() -> (EngineConfig, Ledger, Vec<String>) {
    let (mut cfg, t) = mixed_session();
    cfg.ledger.checkpoint_every = 8;
    let mut d = seclab_engine::Dispatcher::new(&cfg);
    d.set_ledger_signer(signer());
    let mut m = seclab_engine::MockConnector::counting();
    for (i, r) in t.iter().enumerate() {
        d.dispatch_host_call_shared(&r.to_request(i), r.ts_ms, &mut m);
    }
    let l = d.ledger().unwrap().clone();
    let mut buf = Vec::new();
    l.export_jsonl(&mut buf).unwrap();
    let lines = String::from_utf8(buf).unwrap().lines().map(str::to_string).collect();
    (cfg, l, lines)
}

fn import(lines: &[String]) -> Ledger {
    Ledger::import_jsonl((lines.join("\n") + "\n").as_bytes()).unwrap()
}

fn is_checkpoint(line: &str) -> bool {
    line.starts_with("{\"checkpoint\"")
}

/// What an attacker who can write the file does after cutting lines: make the
/// header agree with the entries that are left.
fn fix_header(lines: &mut [String]) {
    let entries: Vec<Value> = lines[1..]
        .iter()
        .filter(|l| !is_checkpoint(l))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut h: Value = serde_json::from_str(&lines[0]).unwrap();
    if let (Some(first), Some(last)) = (entries.first(), entries.last()) {
        h["anchor"] = first["prev_hash"].clone();
        h["first_index"] = first["index"].clone();
        h["last_hash"] = last["hash"].clone();
    }
    h["entry_count"] = Value::from(entries.len());
    lines[0] = h.to_string();
}

fn signed_err(l: &Ledger) -> LedgerErrorKind {
    l.verify_signed(&signer().public_key())
        .expect_err("tampering not detected")
        .kind
}

#[test]
fn slo_09_signed_export_verifies_with_periodic_and_head_checkpoints() {
    let (cfg, l, lines) = signed_export();
    let n = l.len() as u64;
    let periodic = lines.iter().filter(|x| x.contains("\"kind\":\"periodic\"")).count() as u64;
    assert_eq!(periodic, n / 8, "one periodic checkpoint per 8 entries");
    assert!(
        lines.last().unwrap().contains("\"kind\":\"head\""),
        "an export ends with a head"
    );
    let back = import(&lines);
    back.verify_signed(&signer().public_key()).unwrap();
    back.verify_head(l.last_hash(), Some(n)).unwrap();
    // The config digest is in the header and in every checkpoint.
    let h: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(h["config_digest"], cfg.digest());
    assert!(back.checkpoints().all(|c| c.config_digest == cfg.digest()));
    // Periodic checkpoints stand right after the entry they cover.
    let pos = lines.iter().position(|x| x.contains("\"kind\":\"periodic\"")).unwrap();
    let before: Value = serde_json::from_str(&lines[pos - 1]).unwrap();
    assert_eq!(before["index"], 7);
    // A re-export of the import is byte-identical.
    let mut again = Vec::new();
    back.export_jsonl(&mut again).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), lines.join("\n") + "\n");
}

#[test]
fn slo_09_tail_truncation_with_rewritten_header_is_detected() {
    let (_, l, lines) = signed_export();
    // Cut the last 3 entries (and the head line), rewrite entry_count/last_hash:
    // the chain alone verifies (the old weakness), the signed check does not.
    let mut cut: Vec<String> = lines[..lines.len() - 1].to_vec();
    let mut dropped = 0;
    while dropped < 3 {
        if !is_checkpoint(cut.last().unwrap()) {
            dropped += 1;
        }
        cut.pop();
    }
    fix_header(&mut cut);
    let t = import(&cut);
    t.verify().expect("a re-headed truncation is a valid chain");
    assert_eq!(signed_err(&t), LedgerErrorKind::MissingHeadCheckpoint);
    assert_eq!(
        t.verify_head(l.last_hash(), Some(l.end())).unwrap_err().kind,
        LedgerErrorKind::HeadMismatch
    );
    // Cutting exactly at a periodic checkpoint leaves a valid signed periodic
    // checkpoint last: still not a head.
    let last_periodic = lines.iter().rposition(|x| x.contains("\"kind\":\"periodic\"")).unwrap();
    let mut at = lines[..=last_periodic].to_vec();
    fix_header(&mut at);
    assert_eq!(signed_err(&import(&at)), LedgerErrorKind::MissingHeadCheckpoint);
    // Keeping the old head line after the cut: the head lies beyond the chain.
    let mut keep_head = cut.clone();
    keep_head.push(lines.last().unwrap().clone());
    assert_eq!(
        import(&keep_head).verify().unwrap_err().kind,
        LedgerErrorKind::CheckpointMismatch
    );
}

#[test]
fn slo_09_prefix_removal_with_reset_anchor_is_detected() {
    let (_, _, lines) = signed_export();
    // Drop the first 10 entries and the checkpoints among them, reset the anchor.
    let mut seen = 0;
    let mut cut = vec![lines[0].clone()];
    for x in &lines[1..] {
        if seen >= 10 {
            cut.push(x.clone());
        }
        if !is_checkpoint(x) {
            seen += 1;
        }
    }
    fix_header(&mut cut);
    let t = import(&cut);
    t.verify().expect("a re-anchored suffix is a valid chain");
    assert_eq!(t.first_index(), 10);
    assert_eq!(signed_err(&t), LedgerErrorKind::MissingHeadCheckpoint);
}

#[test]
fn slo_09_rewrite_between_checkpoints_is_detected() {
    let (_, l, _) = signed_export();
    // Rewrite the first entry (covered by the first periodic checkpoint) and
    // re-chain everything after it.
    let mut t = l.clone();
    rechain_from(&mut t, 0, |e| e.call_id.push('x'));
    // Without fixing checkpoints, their heads no longer match the chain.
    assert_eq!(t.verify().unwrap_err().kind, LedgerErrorKind::CheckpointMismatch);
    // Updating the checkpoints' heads to the new chain breaks their signatures.
    let heads: Vec<(u64, String)> = t.entries().map(|e| (e.index + 1, e.hash.clone())).collect();
    for c in t.checkpoints_mut() {
        if let Some((_, h)) = heads.iter().find(|(end, _)| *end == c.end) {
            c.head = h.clone();
        }
    }
    t.verify().expect("checkpoint heads now match the forged chain");
    assert_eq!(signed_err(&t), LedgerErrorKind::CheckpointSignatureInvalid);
}

#[test]
fn inv_010_checkpoint_forgery_and_removal_are_detected() {
    let (_, _, lines) = signed_export();
    let pk = signer().public_key();
    // A flipped signature digit.
    let mut t = import(&lines);
    let sig = &mut t.checkpoints_mut()[0].signature;
    let flipped = if sig.starts_with('0') { "1" } else { "0" };
    sig.replace_range(0..1, flipped);
    assert_eq!(signed_err(&t), LedgerErrorKind::CheckpointSignatureInvalid);
    // A checkpoint signed by another key and labelled with it: key mismatch.
    let mut t = import(&lines);
    let other = LedgerSigner::from_seed(b"an attacker's own seed, long enough").unwrap();
    let forged = other.sign(t.checkpoints().last().unwrap().clone());
    *t.checkpoints_mut().back_mut().unwrap() = forged.clone();
    assert_eq!(signed_err(&t), LedgerErrorKind::KeyMismatch);
    // ... and relabelled with the genuine key id: invalid signature.
    let mut relabelled = forged;
    relabelled.key_id = signer().key_id().to_string();
    *t.checkpoints_mut().back_mut().unwrap() = relabelled;
    assert_eq!(signed_err(&t), LedgerErrorKind::CheckpointSignatureInvalid);
    // Removing a periodic checkpoint line: the signed interval says it is missing.
    let first = lines.iter().position(|x| x.contains("\"kind\":\"periodic\"")).unwrap();
    let mut removed = lines.clone();
    removed.remove(first);
    let e = import(&removed).verify_signed(&pk).unwrap_err();
    assert_eq!((e.kind, e.index), (LedgerErrorKind::MissingCheckpoint, 8));
    // A periodic checkpoint relabelled as a head: the kind is signed.
    let mut t = import(&lines);
    t.checkpoints_mut().pop_back();
    let end = t.end();
    if let Some(c) = t.checkpoints_mut().iter_mut().find(|c| c.end == end) {
        c.kind = CheckpointKind::Head;
        assert_eq!(signed_err(&t), LedgerErrorKind::CheckpointSignatureInvalid);
    }
}

#[test]
fn slo_09_key_mismatch_is_reported() {
    let (_, _, lines) = signed_export();
    let other = LedgerSigner::from_seed(b"some other operator's seed bytes").unwrap();
    let e = import(&lines).verify_signed(&other.public_key()).unwrap_err();
    assert_eq!(e.kind, LedgerErrorKind::KeyMismatch);
}

#[test]
fn slo_09_header_only_file_is_not_authenticated() {
    let header_only = |anchor: &str, first_index: u64| {
        format!(
            "{{\"schema\":\"{}\",\"anchor\":\"{anchor}\",\"first_index\":{first_index},\"entry_count\":0,\"last_hash\":\"{anchor}\"}}\n",
            seclab_engine::ledger::LEDGER_SCHEMA,
        )
    };
    // Past genesis, a header that declares no entry is refused at import
    // (a ledger is empty only before its first append).
    let err = Ledger::import_jsonl(header_only(&"ab".repeat(32), 5).as_bytes()).unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    assert!(err.message.contains("entry_count 0 with first_index 5"), "{err}");
    // At genesis, only the genesis anchor is consistent.
    let (_, real, _) = signed_export();
    let l = Ledger::import_jsonl(header_only(GENESIS_HASH, 0).as_bytes()).unwrap();
    l.verify().expect("an empty chain at genesis is consistent");
    assert_eq!(signed_err(&l), LedgerErrorKind::MissingHeadCheckpoint);
    assert_eq!(
        l.verify_head(real.last_hash(), None).unwrap_err().kind,
        LedgerErrorKind::HeadMismatch
    );
    // A genuinely empty signed ledger does verify: its head covers end 0.
    let mut empty = Ledger::new(8);
    empty.set_signer(signer());
    let mut buf = Vec::new();
    empty.export_jsonl(&mut buf).unwrap();
    Ledger::import_jsonl(buf.as_slice())
        .unwrap()
        .verify_signed(&signer().public_key())
        .unwrap();
}

#[test]
fn slo_09_header_rewrites_are_detected() {
    let (_, _, lines) = signed_export();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = lines.clone();
        let mut h: Value = serde_json::from_str(&v[0]).unwrap();
        f(&mut h);
        v[0] = h.to_string();
        import(&v)
    };
    let kind = |l: Ledger| l.verify().unwrap_err().kind;
    assert_eq!(
        kind(edit(&|h| h["config_digest"] = Value::from("00".repeat(32)))),
        LedgerErrorKind::ConfigDigestMismatch
    );
    assert_eq!(
        kind(edit(&|h| h["anchor"] = Value::from("11".repeat(32)))),
        LedgerErrorKind::AnchorMismatch
    );
    assert_eq!(
        kind(edit(&|h| h["first_index"] = Value::from(3))),
        LedgerErrorKind::IndexGap
    );
    assert_eq!(
        kind(edit(&|h| h["entry_count"] = Value::from(3))),
        LedgerErrorKind::EntryCountMismatch
    );
    assert_eq!(
        kind(edit(&|h| h["last_hash"] = Value::from("22".repeat(32)))),
        LedgerErrorKind::LastHashMismatch
    );
    // Removing the config binding altogether is a mismatch too.
    assert_eq!(
        kind(edit(&|h| {
            h.as_object_mut().unwrap().remove("config_digest");
        })),
        LedgerErrorKind::ConfigDigestMismatch
    );
}

#[test]
fn slo_09_replay_refuses_a_different_config() {
    let (cfg, l, _) = signed_export();
    l.replay_config(&cfg).expect("same config replays");
    let mut other = cfg.clone();
    other.risk.actions.harden_deny_threshold = 0.5;
    match l.replay_config(&other) {
        Err(ReplayError::ConfigMismatch { recorded, given }) => {
            assert_eq!(recorded, cfg.digest());
            assert_eq!(given, other.digest());
        }
        r => panic!("a different config was accepted: {r:?}"),
    }
    let mut env_changed = cfg.clone();
    env_changed.env.block.push("EDITOR".into());
    assert!(matches!(
        l.replay_config(&env_changed),
        Err(ReplayError::ConfigMismatch { .. })
    ));
    // The ledger section does not take part in the digest.
    let mut ledger_changed = cfg.clone();
    ledger_changed.ledger.capacity = 7;
    assert_eq!(ledger_changed.digest(), cfg.digest());
}

#[test]
fn slo_09_cli_verify_with_pubkey_and_expect_head() {
    let (_, l, lines) = signed_export();
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed");
    std::fs::write(&seed, SEED).unwrap();
    let bin = env!("CARGO_BIN_EXE_seclab");
    let out = std::process::Command::new(bin)
        .args(["ledger", "pubkey", "--key", seed.to_str().unwrap()])
        .output()
        .unwrap();
    let pk = dir.path().join("pub");
    std::fs::write(&pk, &out.stdout).unwrap();
    let file = dir.path().join("l.jsonl");
    let verify = |text: &str, extra: &[&str]| {
        std::fs::write(&file, text).unwrap();
        let o = std::process::Command::new(bin)
            .args(["ledger", "verify", file.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap();
        (
            o.status.code().unwrap(),
            String::from_utf8(o.stdout).unwrap().trim().to_string(),
        )
    };
    let text = lines.join("\n") + "\n";
    let head = format!("{}:{}", l.last_hash(), l.end());
    let ok = format!("ok {} entries", l.len());
    assert_eq!(verify(&text, &["--pubkey", pk.to_str().unwrap()]), (0, ok.clone()));
    assert_eq!(verify(&text, &["--expect-head", &head]), (0, ok));
    let wrong = format!("{}:{}", l.last_hash(), l.end() + 1);
    let (code, msg) = verify(&text, &["--expect-head", &wrong]);
    assert_eq!(code, 1);
    assert!(msg.ends_with("head_mismatch"), "{msg}");
    let mut cut = lines[..lines.len() - 2].to_vec();
    fix_header(&mut cut);
    let (code, msg) = verify(&(cut.join("\n") + "\n"), &["--pubkey", pk.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(msg.ends_with("missing_head_checkpoint"), "{msg}");
}

/// SLO-09: the hash encoding is a format: ledgers written before a change to
/// the encoder must still verify. The params hash was computed by the encoder
/// of commit fac42a6 (one `update` per field, char-wise escaping), before the
/// encoder was rewritten for speed (buffered, byte-wise); the calls cover
/// every escape class, non-ASCII text, numbers, nesting and key order. The
/// head hash is the one of entry format `seclab.ledger.entry.v2` (schema
/// `seclab.ledger.v3`, which added `project_egress` to the hashed features):
/// it changes with a new entry tag and schema, or when what the default
/// engine records for these five calls changes (stop 40: the base scores were
/// re-estimated and an http request's `body_bytes` counts its URL and header
/// bytes, so the GET's features and every score moved; stop 47: the exec's
/// `cargo test -- ünï` records a relative read in its shell-directory facts,
/// as any program reading relative operands now does; stop 55: that exec
/// also records a run of the package's build script, `cargo test` running
/// it; the encoding did not).
#[test]
fn slo_09_ledger_hash_encoding_matches_the_format_of_earlier_ledgers() {
    use seclab_engine::{Dispatcher, HostcallRequest, MockConnector};
    use serde_json::json;
    let mut cfg = EngineConfig::default();
    cfg.policy.allow_dangerous = true;
    cfg.policy.default_caps = Some(Capability::ALL.into_iter().collect());
    let mut d = Dispatcher::new(&cfg);
    let mut m = MockConnector::counting();
    let calls = [
        (
            "tool",
            json!({"name": "write", "input": {"path": "a\"b\\c\n\r\t\u{1}\u{1f}\u{7f}é🦀.txt", "content": "x",
                "z": [1, 2.5, -3e10, null, true, {"b": 1, "a": "\u{0}"}]}}),
        ),
        ("exec", json!({"cmd": "cargo", "args": ["test", "--", "ünï"]})),
        (
            "http",
            json!({"url": "https://api.github.com/repos/a/b", "method": "GET"}),
        ),
        ("env", json!({"name": "HOME"})),
        ("fs", json!({"op": "read", "path": "Cargo.toml"})),
    ];
    for (i, (method, params)) in calls.iter().enumerate() {
        let req = HostcallRequest::new(format!("c-{i}"), "Ext.\"x\"", *method, params.clone());
        d.dispatch_host_call_shared(&req, 1000 + i as u64, &mut m);
    }
    let l = d.ledger().expect("ledger on by default");
    assert_eq!(l.len(), 5);
    assert_eq!(
        l.last_hash(),
        "5175941f8da475486c5301ea3b85502ac317bc10388a4fca99fd6a916247071a"
    );
    assert_eq!(
        seclab_engine::ledger::params_hash("tool", &calls[0].1),
        "05bb2e2f4549ea9ce79d1986e12ae8c23b71052dc2daf1d6f65d348ed2944288"
    );
}

/// INV-010: the live dispatcher's background sealer gives the ledger inline
/// sealing gives: the same entries, indices and head, over enough calls for
/// several hand-overs to the sealer thread plus a pending remainder, and with
/// a reader in the middle of the stream.
#[test]
fn inv_010_live_dispatcher_ledger_equals_the_inline_one() {
    use seclab_engine::{Dispatcher, MockConnector, SEAL_BATCH};
    let (cfg, t) = mixed_session();
    assert!(
        Dispatcher::new(&cfg).seals_in_background(),
        "the live engine seals in the background"
    );
    let mut inline = Dispatcher::for_trace(&cfg);
    let mut live = Dispatcher::for_trace(&cfg).with_background_sealer();
    assert!(!inline.seals_in_background() && live.seals_in_background());
    let (mut mi, mut ml) = (MockConnector::recording(), MockConnector::recording());
    let rounds = (3 * SEAL_BATCH) / t.len().max(1) + 2;
    let mut ts = 0;
    for round in 0..rounds {
        for (i, r) in t.iter().enumerate() {
            ts += 100;
            let req = r.to_request(round * t.len() + i);
            let a = inline.dispatch_host_call_shared(&req, ts, &mut mi);
            let b = live.dispatch_host_call_shared(&req, ts, &mut ml);
            assert_eq!(
                (a.status, a.reason, a.ledger_index),
                (b.status, b.reason, b.ledger_index)
            );
        }
        if round == 1 {
            let (la, lb) = (inline.ledger().unwrap().clone(), live.ledger().unwrap().clone());
            assert_eq!(
                la.last_hash(),
                lb.last_hash(),
                "a reader mid-stream sees every call sealed"
            );
        }
    }
    let la = inline.ledger().expect("ledger on").clone();
    let lb = live.ledger().expect("ledger on").clone();
    assert!(
        lb.end() > 3 * SEAL_BATCH as u64,
        "several batches went through the sealer"
    );
    assert_eq!(la.entries().collect::<Vec<_>>(), lb.entries().collect::<Vec<_>>());
    assert_eq!(la.last_hash(), lb.last_hash());
    lb.verify().expect("the background-sealed ledger verifies");
}

// ---------------------------------------------------------------------------
// INV-010 / SLO-09: what the entry hash covers; windows and headers an import
// or a verification refuses
// ---------------------------------------------------------------------------

use seclab_engine::ledger::{LedgerPolicy, LedgerRisk, LEDGER_SCHEMA};
use seclab_engine::risk::{EgressClass, ExpectedLosses};
use seclab_engine::shell::{Effect, EffectSet};
use seclab_engine::{Checkpoint, Decision, HostcallKind, Outcome, PolicyReason, Posterior, PromptSource};

/// An entry, chained at index 0, with every optional part present and no
/// feature at its default value.
fn fully_populated_entry() -> LedgerEntry {
    let effects: EffectSet = [Effect::NetworkEgress, Effect::CredentialAccess].into_iter().collect();
    let features = CallFeatures {
        shell: ShellClass::Tier2,
        sensitive_path: true,
        traversal: true,
        absolute_path: true,
        net: NetClass::Public,
        upload: true,
        body_bytes: 4096,
        env: EnvClass::Secret,
        env_name_hash: 0x1234_5678_9abc_def0,
        effects,
        taint_source: true,
        egress: EgressClass::Outside,
        remote_added: 77,
        push_remote: 78,
        project_egress: true,
        git_vars: seclab_engine::git_vars::GitVars(0b1110),
        cwd: seclab_engine::shell_cwd::CwdFacts(0b1_1001),
        scripts: seclab_engine::git_scripts::ScriptFacts(0x8000_0007),
        script_runs: seclab_engine::git_scripts::ScriptFacts(0xc000_0007),
    };
    assert_ne!(features, CallFeatures::default());
    let mut l = Ledger::new(4);
    l.append(LedgerEntry {
        index: 0,
        ts_ms: 1234,
        extension_id: "ext".into(),
        call_id: "call-7".into(),
        method: "exec".into(),
        capability: Some(Capability::Exec),
        params_hash: seclab_engine::ledger::params_hash("exec", &serde_json::json!({"cmd": "git"})),
        status: DispatchStatus::Denied,
        policy: Some(LedgerPolicy {
            decision: Decision::Prompt,
            reason: PolicyReason::PromptRequired,
        }),
        prompt: PromptSource::User,
        reason: "exfiltration_sequence".into(),
        risk: Some(LedgerRisk {
            kind: HostcallKind::Exec,
            features,
            score: 0.625,
            posterior: Posterior {
                safe: 0.25,
                suspicious: 0.375,
                unsafe_: 0.375,
            },
            expected_losses: ExpectedLosses {
                allow: 3.25,
                harden: 2.5,
                deny: 1.75,
                terminate: 4.125,
            },
            loss_action: RiskAction::Deny,
            action: RiskAction::Terminate,
            reasons: vec![RiskReason::Quarantined, RiskReason::DecisionTimeout],
            e_process: 1.5,
            drift: true,
        }),
        action: RiskAction::Terminate,
        outcome: Outcome::RiskDenied,
        prev_hash: String::new(),
        hash: String::new(),
    });
    let e = l.entries().next().expect("one entry").clone();
    e
}

/// The serde string form of every enum a ledger entry holds (a string leaf of
/// an enum type changes to one of these).
fn enum_strings() -> Vec<String> {
    fn add<T: serde::Serialize>(out: &mut Vec<String>, xs: impl IntoIterator<Item = T>) {
        for x in xs {
            match serde_json::to_value(x).expect("enums serialise") {
                Value::String(s) => out.push(s),
                other => panic!("an enum that is not a string: {other}"),
            }
        }
    }
    let mut v = Vec::new();
    add(&mut v, Capability::ALL);
    add(&mut v, HostcallKind::ALL);
    add(&mut v, RiskAction::ALL);
    add(&mut v, RiskReason::ALL);
    use DispatchStatus as D;
    add(
        &mut v,
        [D::Ok, D::Denied, D::InvalidRequest, D::Terminated, D::ConnectorError],
    );
    add(&mut v, [Decision::Allow, Decision::Prompt, Decision::Deny]);
    use PolicyReason as P;
    add(
        &mut v,
        [
            P::EmptyCapability,
            P::UnknownCapability,
            P::ExtensionDeny,
            P::DenyCaps,
            P::ExtensionAllow,
            P::DefaultCaps,
            P::NotInDefaultCaps,
            P::PromptRequired,
            P::Permissive,
        ],
    );
    add(&mut v, [PromptSource::None, PromptSource::Cache, PromptSource::User]);
    use ShellClass as S;
    add(
        &mut v,
        [S::None, S::Safe, S::Unknown, S::Tier4, S::Tier3, S::Tier2, S::Tier1],
    );
    use NetClass as N;
    add(&mut v, [N::None, N::Private, N::Known, N::Public, N::Metadata]);
    add(&mut v, [EnvClass::None, EnvClass::Secret, EnvClass::Other]);
    use EgressClass as G;
    add(&mut v, [G::None, G::Local, G::Allowed, G::Outside]);
    use Outcome as O;
    add(
        &mut v,
        [
            O::Success,
            O::InvalidRequest,
            O::PolicyDenied,
            O::QuotaExceeded,
            O::RiskDenied,
            O::EnvFiltered,
            O::Terminated,
            O::ConnectorError,
            O::Timeout,
            O::OtherError,
        ],
    );
    v.sort();
    v.dedup();
    v
}

/// JSON pointers of every leaf of `v` (an empty array or object counts as a
/// leaf: it has nothing to mutate, so it is reported).
fn leaf_pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                leaf_pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, x) in a.iter().enumerate() {
                leaf_pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// Other values for a leaf: a bool flipped, an integer +1 (or -1 at the top),
/// a float +0.5, a string replaced by each enum form and by another text.
fn leaf_mutations(leaf: &Value, enums: &[String]) -> Vec<Value> {
    match leaf {
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => [u.checked_add(1), u.checked_sub(1)]
                .into_iter()
                .flatten()
                .map(Value::from)
                .collect(),
            (None, Some(i), _) => vec![Value::from(i.wrapping_add(1))],
            (None, None, Some(f)) => vec![Value::from(f + 0.5)],
            _ => Vec::new(),
        },
        Value::String(s) => enums
            .iter()
            .filter(|e| *e != s)
            .map(|e| Value::from(e.as_str()))
            .chain([Value::from(format!("{s}x"))])
            .collect(),
        // A leaf left null or empty has no field value to change: the entry
        // above must be populated instead.
        _ => Vec::new(),
    }
}

/// INV-010: every field an entry records is covered by its hash. Every leaf of
/// a fully populated entry's JSON (except `hash`) is changed in each way that
/// still parses as an entry, and each change must change `entry_hash`. A
/// leaf no change parses for fails the test, naming it: a new field of a
/// shape this test does not know must be taught here, not skipped.
#[test]
fn inv_010_every_recorded_field_is_covered_by_the_entry_hash() {
    let entry = fully_populated_entry();
    let original_hash = entry_hash(&entry);
    assert_eq!(entry.hash, original_hash);
    let json = serde_json::to_value(&entry).unwrap();
    let mut leaves = Vec::new();
    leaf_pointers(&json, String::new(), &mut leaves);
    for must in [
        "/risk/features/project_egress",
        "/risk/features/effects",
        "/risk/posterior/unsafe",
        "/risk/expected_losses/terminate",
        "/risk/reasons/1",
        "/policy/reason",
    ] {
        assert!(leaves.iter().any(|l| l == must), "{must} not walked: {leaves:?}");
    }
    let enums = enum_strings();
    let (mut uncovered, mut untested, mut checked) = (Vec::new(), Vec::new(), 0);
    for ptr in leaves.iter().filter(|p| *p != "/hash") {
        let leaf = json.pointer(ptr).unwrap();
        let mut changed = 0;
        for m in leaf_mutations(leaf, &enums) {
            let mut v = json.clone();
            *v.pointer_mut(ptr).unwrap() = m.clone();
            let Ok(mutated) = serde_json::from_value::<LedgerEntry>(v) else {
                continue;
            };
            if mutated == entry {
                continue; // the same value spelled otherwise
            }
            changed += 1;
            if entry_hash(&mutated) == original_hash {
                uncovered.push(format!("{ptr} = {m}"));
            }
        }
        if changed == 0 {
            untested.push(format!("{ptr} (value {leaf})"));
        }
        checked += changed;
    }
    assert!(
        uncovered.is_empty(),
        "changes the entry hash does not see: {uncovered:?}"
    );
    assert!(
        untested.is_empty(),
        "leaves no mutation of a known shape parses for (populate them, or teach this test their type): {untested:?}"
    );
    assert!(checked > leaves.len(), "{checked} mutations checked");
}

/// INV-010: a v2 file is refused with a reason (its entry hashes do not cover
/// `project_egress`), and in a current export that field is hash-covered.
#[test]
fn inv_010_a_v2_ledger_is_refused_and_project_egress_is_hash_covered() {
    let (_, _, mut lines) = signed_export();
    let pos = lines
        .iter()
        .position(|x| x.contains("\"project_egress\":false"))
        .expect("an entry with risk features");
    let mut flipped = lines.clone();
    flipped[pos] = flipped[pos].replacen("\"project_egress\":false", "\"project_egress\":true", 1);
    let e = import(&flipped).verify().unwrap_err();
    assert_eq!(e.kind, LedgerErrorKind::HashMismatch, "{e}");

    let mut h: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(h["schema"], LEDGER_SCHEMA);
    h["schema"] = Value::from("seclab.ledger.v2");
    lines[0] = h.to_string();
    let err = Ledger::import_jsonl((lines.join("\n") + "\n").as_bytes()).unwrap_err();
    assert_eq!(err.line, 1, "{err}");
    for part in [
        "schema_mismatch",
        "expected \"seclab.ledger.v3\"",
        "found \"seclab.ledger.v2\"",
        "project_egress",
    ] {
        assert!(err.message.contains(part), "{part} not in: {err}");
    }
}

/// SLO-09: a ledger is empty only before its first entry, so an empty window
/// past genesis (or one from index 0 on another anchor than genesis) never
/// verifies, not even against the real head; a genuine suffix does.
#[test]
fn slo_09_an_empty_window_past_genesis_never_verifies() {
    let mut l = Ledger::new(2);
    for i in 0..3 {
        let mut e = fully_populated_entry();
        e.call_id = format!("c{i}");
        l.append(e);
    }
    let (head, end) = (l.last_hash().to_string(), l.end());
    assert_eq!((l.first_index(), end), (1, 3));
    l.verify_head(&head, Some(end))
        .expect("the real window ends at its head");
    let mut emptied = l.clone();
    emptied.entries_mut().clear();
    let e = emptied.verify().unwrap_err();
    assert_eq!((e.index, e.kind), (1, LedgerErrorKind::EmptyWindowNotAtGenesis));
    assert_eq!(e.kind.as_str(), "empty_window_not_at_genesis");
    let e = emptied.verify_head(&head, None).unwrap_err();
    assert_eq!(e.kind, LedgerErrorKind::EmptyWindowNotAtGenesis);
    // A window from index 0 chains to the genesis hash, even when empty.
    let mut regenesis = Ledger::new(2);
    regenesis.set_anchor(head.clone());
    let e = regenesis.verify_head(&head, None).unwrap_err();
    assert_eq!((e.index, e.kind), (0, LedgerErrorKind::AnchorMismatch));
    // A suffix that keeps the last entry only, re-anchored, verifies against
    // the head: it is the real chain from its anchor on.
    let (_, full, lines) = signed_export();
    let last = lines.iter().rev().find(|x| !is_checkpoint(x)).unwrap().clone();
    let mut suffix = vec![lines[0].clone(), last];
    fix_header(&mut suffix);
    let t = import(&suffix);
    assert_eq!((t.first_index(), t.len()), (full.end() - 1, 1));
    t.verify_head(full.last_hash(), Some(full.end())).unwrap();
}

/// INV-010: headers whose indices pass u64::MAX are refused at import, naming
/// the header line and the field, and nothing on the way panics; a signed
/// window that ends exactly at u64::MAX verifies.
#[test]
fn inv_010_header_indices_past_u64_max_are_refused_without_overflow() {
    let (_, _, lines) = signed_export();
    let entry0 = lines[1].clone();
    let head_cp = lines.last().unwrap().clone();
    assert!(is_checkpoint(&head_cp) && !is_checkpoint(&entry0));
    let header = |first_index: u64, entry_count: u64| {
        format!(
            "{{\"schema\":\"{LEDGER_SCHEMA}\",\"anchor\":\"{GENESIS_HASH}\",\"first_index\":{first_index},\"entry_count\":{entry_count},\"last_hash\":\"{GENESIS_HASH}\"}}"
        )
    };
    let max = u64::MAX;
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![header(1, max)],
            "entry_count 18446744073709551615 from first_index 1",
        ),
        (
            vec![header(max, 0), head_cp.clone()],
            "entry_count 0 with first_index 18446744073709551615",
        ),
        (
            vec![header(max, 1), head_cp],
            "entry_count 1 from first_index 18446744073709551615",
        ),
        (
            vec![header(max, 0), entry0.clone()],
            "entry_count 0 with first_index 18446744073709551615",
        ),
        (
            vec![header(max, 1), entry0.clone()],
            "entry_count 1 from first_index 18446744073709551615",
        ),
        (
            vec![header(max - 1, 1), entry0.clone(), entry0],
            "first_index 18446744073709551614 followed by 2 entry lines",
        ),
    ];
    for (file, want) in cases {
        let text = String::from("\n") + &file.join("\n") + "\n";
        match Ledger::import_jsonl(text.as_bytes()) {
            Ok(l) => panic!("imported {file:?}: verify says {:?}", l.verify()),
            Err(e) => {
                assert_eq!(e.line, 2, "the header line: {e}");
                assert!(e.message.contains(want), "{want:?} not in: {e}");
            }
        }
    }

    // The last index there is: one entry at u64::MAX - 1, a window that ends
    // at u64::MAX, with a signed head (interval 2: the next periodic
    // checkpoint would be past u64::MAX).
    let mut e = fully_populated_entry();
    e.index = max - 1;
    e.prev_hash = "cd".repeat(32);
    e.hash = entry_hash(&e);
    let cp = signer().sign(Checkpoint {
        kind: CheckpointKind::Head,
        end: max,
        head: e.hash.clone(),
        first_index: max - 1,
        anchor: e.prev_hash.clone(),
        config_digest: String::new(),
        every: 2,
        ts_ms: e.ts_ms,
        key_id: String::new(),
        signature: String::new(),
    });
    let file = [
        format!(
            "{{\"schema\":\"{LEDGER_SCHEMA}\",\"anchor\":\"{}\",\"first_index\":{},\"entry_count\":1,\"last_hash\":\"{}\"}}",
            e.prev_hash,
            max - 1,
            e.hash
        ),
        serde_json::to_string(&e).unwrap(),
        serde_json::json!({ "checkpoint": cp }).to_string(),
    ];
    let l = import(&file);
    assert_eq!(l.end(), max);
    l.verify_signed(&signer().public_key()).unwrap();
    l.verify_head(&e.hash, Some(max)).unwrap();
}

/// INV-010: a field the entry type does not know is refused at import, also
/// inside the risk posterior and the expected losses (it would ride along in
/// an authenticated file, outside the hash).
#[test]
fn inv_010_unknown_fields_inside_posterior_and_losses_are_refused() {
    let (_, l) = dispatched_ledger(4096);
    let pos = rich_position(&l);
    let mut buf = Vec::new();
    l.export_jsonl(&mut buf).unwrap();
    let lines: Vec<String> = String::from_utf8(buf).unwrap().lines().map(str::to_string).collect();
    import(&lines).verify().unwrap();
    for part in ["posterior", "expected_losses", "features"] {
        let mut v = lines.clone();
        let mut e: Value = serde_json::from_str(&v[pos + 1]).unwrap();
        e["risk"][part]["bogus"] = Value::from(1);
        v[pos + 1] = e.to_string();
        let err = Ledger::import_jsonl((v.join("\n") + "\n").as_bytes()).unwrap_err();
        assert_eq!(err.line, pos + 2, "{part}: {err}");
        assert!(err.message.contains("bogus"), "{part}: {err}");
    }
}

/// SLO-09 (CLI): `ledger verify --expect-head` refuses a header-only file
/// re-anchored to the real head (past genesis: at import, naming the line and
/// the fields; at genesis: anchor mismatch), and for a genuine suffix says
/// which indices the file covers.
#[test]
fn slo_09_cli_verify_refuses_an_empty_reanchored_window_and_names_a_suffix_range() {
    let (_, l, lines) = signed_export();
    let (head, end) = (l.last_hash().to_string(), l.end());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("l.jsonl");
    let path = file.to_str().unwrap().to_string();
    let expect = format!("{head}:{end}");
    let verify = |text: &str, expect: &str| {
        std::fs::write(&file, text).unwrap();
        let (code, out, err) = seclab(&["ledger", "verify", &path, "--expect-head", expect]);
        (code, out.trim().to_string(), err)
    };
    let header_only = |first_index: u64| {
        serde_json::json!({
            "schema": LEDGER_SCHEMA, "anchor": head, "first_index": first_index,
            "entry_count": 0, "last_hash": head, "config_digest": l.config_digest(),
        })
        .to_string()
            + "\n"
    };
    let (code, out, _) = verify(&header_only(end), &expect);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("broken at line 1: "), "{out}");
    assert!(out.contains(&format!("entry_count 0 with first_index {end}")), "{out}");
    let (code, out, _) = verify(&header_only(0), &head);
    assert_eq!((code, out.as_str()), (1, "broken at index 0: anchor_mismatch"));

    let last = lines.iter().rev().find(|x| !is_checkpoint(x)).unwrap().clone();
    let mut suffix = vec![lines[0].clone(), last];
    fix_header(&mut suffix);
    let (code, out, err) = verify(&(suffix.join("\n") + "\n"), &expect);
    assert_eq!(code, 0, "{out} {err}");
    assert_eq!(out, format!("ok 1 entries (indices {}..{})", end - 1, end - 1));
    assert!(
        err.contains(&format!("note: entries before index {} are not in this file", end - 1)),
        "{err}"
    );
    assert!(err.contains("authenticated: head"), "{err}");
    // The whole file: the count alone, and no note.
    let (code, out, err) = verify(&(lines.join("\n") + "\n"), &expect);
    assert_eq!((code, out), (0, format!("ok {} entries", l.len())));
    assert!(!err.contains("not in this file"), "{err}");
}
