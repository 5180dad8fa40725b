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
    let (d, _, _) = run(&cfg, &t);
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
