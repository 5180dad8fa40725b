//! The hash-chained decision ledger (trust boundary B6, threat T5, INV-010,
//! INV-012, SLO-09).
//!
//! Owns: the entry type, its canonical byte encoding (docs/ledger-format.md), the
//! sha256 chain, the ring buffer with its anchor, the config digest binding,
//! the place of signed checkpoints in the stream (crate::checkpoint signs them),
//! `verify()` / `verify_signed()` / `verify_head()`, `replay()` and the JSON Lines
//! export/import. Entries hold a hash of the params and typed, secret-free
//! features, never raw params or env values.

use crate::capability::Capability;
use crate::checkpoint::{Checkpoint, CheckpointKind, LedgerPublicKey, LedgerSigner, SignatureProblem};
use crate::config::EngineConfig;
use crate::dispatch::DispatchStatus;
use crate::hostcall::HostcallKind;
use crate::policy::{Decision, PolicyReason};
use crate::risk::score::{EnvClass, NetClass, ShellClass};
use crate::risk::{
    CallFeatures, ExpectedLosses, Outcome, Posterior, PromptSource, RiskAction, RiskConfig, RiskController, RiskInput,
    RiskReason, StepClock,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::fmt;
use std::io::{BufRead, Write};

/// Schema id written in the export header. v3: entry hashes (tag
/// `seclab.ledger.entry.v2`) cover `risk.features.project_egress`.
pub const LEDGER_SCHEMA: &str = "seclab.ledger.v3";
/// Domain-separation tag that starts every entry's hashed bytes.
pub const ENTRY_DOMAIN_TAG: &[u8] = b"seclab.ledger.entry.v2";
/// Domain-separation tag that starts every params hash.
pub const PARAMS_DOMAIN_TAG: &[u8] = b"seclab.ledger.params.v1";
/// The method of the entry that records an evicted per-extension risk state
/// (the extension restarts from the prior; replay drops its state there too).
pub const EVICT_METHOD: &str = "engine.evict_state";
/// The prev hash of the very first entry of a ledger.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The `[ledger]` section of an engine config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LedgerConfig {
    /// Append an entry for every dispatch. Default true.
    pub enabled: bool,
    /// Entries kept in memory; older ones are dropped, keeping the anchor. Default 2048.
    pub capacity: usize,
    /// A signed periodic checkpoint every this many entries, when a signing key is
    /// installed (0: only the head checkpoint an export ends with). Default 256.
    pub checkpoint_every: u64,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        LedgerConfig {
            enabled: true,
            capacity: 2048,
            checkpoint_every: 256,
        }
    }
}

/// The policy part of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerPolicy {
    pub decision: Decision,
    pub reason: PolicyReason,
}

/// The risk part of an entry: the controller's inputs (kind, features) and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerRisk {
    pub kind: HostcallKind,
    pub features: CallFeatures,
    pub score: f64,
    pub posterior: Posterior,
    pub expected_losses: ExpectedLosses,
    pub loss_action: RiskAction,
    pub action: RiskAction,
    pub reasons: Vec<RiskReason>,
    pub e_process: f64,
    pub drift: bool,
}

/// One ledger entry: one dispatched hostcall and every decision taken on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    pub index: u64,
    pub ts_ms: u64,
    pub extension_id: String,
    pub call_id: String,
    pub method: String,
    pub capability: Option<Capability>,
    /// sha256 of the method and the canonical params (lowercase hex).
    pub params_hash: String,
    pub status: DispatchStatus,
    pub policy: Option<LedgerPolicy>,
    pub prompt: PromptSource,
    /// The dispatch reason code.
    pub reason: String,
    pub risk: Option<LedgerRisk>,
    /// The effective action of the dispatch.
    pub action: RiskAction,
    pub outcome: Outcome,
    pub prev_hash: String,
    pub hash: String,
}

/// The first line of an exported ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerHeader {
    pub schema: String,
    /// The prev hash of the first kept entry.
    pub anchor: String,
    pub first_index: u64,
    pub entry_count: u64,
    /// Hash of the newest entry (the anchor when empty).
    pub last_hash: String,
    /// sha256 of the engine config (policy, risk, env) that produced the entries;
    /// empty when unbound. Not signed here: every checkpoint repeats it, signed.
    #[serde(default)]
    pub config_digest: String,
}

/// A checkpoint line of the JSON Lines export: `{"checkpoint": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckpointLine {
    checkpoint: Checkpoint,
}

/// What is wrong with a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerErrorKind {
    SchemaMismatch,
    AnchorMismatch,
    IndexGap,
    PrevHashMismatch,
    HashMismatch,
    EntryCountMismatch,
    LastHashMismatch,
    /// A checkpoint (or the header) names another config digest.
    ConfigDigestMismatch,
    /// A checkpoint's head is not the chain's hash at its position, or lies beyond the chain.
    CheckpointMismatch,
    /// A checkpoint's signature does not verify under the given key.
    CheckpointSignatureInvalid,
    /// A checkpoint was signed by another key.
    KeyMismatch,
    /// A periodic checkpoint the signed interval calls for is absent.
    MissingCheckpoint,
    /// No signed head checkpoint covers exactly the exported window (tail cut,
    /// prefix removed, or an unsigned file).
    MissingHeadCheckpoint,
    /// The chain does not end at the expected head (`--expect-head`).
    HeadMismatch,
    /// The window holds no entry but does not start at genesis (index 0,
    /// genesis anchor): a ledger is empty only before its first entry (its
    /// capacity is at least 1), so such a window is a forged header.
    EmptyWindowNotAtGenesis,
}

impl LedgerErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerErrorKind::SchemaMismatch => "schema_mismatch",
            LedgerErrorKind::AnchorMismatch => "anchor_mismatch",
            LedgerErrorKind::IndexGap => "index_gap",
            LedgerErrorKind::PrevHashMismatch => "prev_hash_mismatch",
            LedgerErrorKind::HashMismatch => "hash_mismatch",
            LedgerErrorKind::EntryCountMismatch => "entry_count_mismatch",
            LedgerErrorKind::LastHashMismatch => "last_hash_mismatch",
            LedgerErrorKind::ConfigDigestMismatch => "config_digest_mismatch",
            LedgerErrorKind::CheckpointMismatch => "checkpoint_mismatch",
            LedgerErrorKind::CheckpointSignatureInvalid => "checkpoint_signature_invalid",
            LedgerErrorKind::KeyMismatch => "key_mismatch",
            LedgerErrorKind::MissingCheckpoint => "missing_checkpoint",
            LedgerErrorKind::MissingHeadCheckpoint => "missing_head_checkpoint",
            LedgerErrorKind::HeadMismatch => "head_mismatch",
            LedgerErrorKind::EmptyWindowNotAtGenesis => "empty_window_not_at_genesis",
        }
    }
}

/// The first place a ledger fails verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("index {index}: {}", kind.as_str())]
pub struct LedgerError {
    /// The entry index (as the chain expects it) where verification failed.
    pub index: u64,
    pub kind: LedgerErrorKind,
}

/// A JSON Lines import error, naming the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LedgerImportError {
    pub line: usize,
    pub message: String,
}

/// Why a replay failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplayError {
    #[error("ledger does not verify: {0}")]
    Verify(#[from] LedgerError),
    #[error("the ledger was produced under config {recorded}, not the given config {given}; replay needs the same policy, risk and env sections")]
    ConfigMismatch { recorded: String, given: String },
    /// The header carries no config digest (removed, or never bound): nothing
    /// shows which config produced the decisions, so any config would "replay".
    #[error("the ledger is not bound to a config (its header has no config digest), so nothing shows it was produced under the given config {given}; an unbound ledger replays only with an explicit opt-in")]
    Unbound { given: String },
    #[error("ledger does not start at genesis (first index {first_index}); replay needs the whole history")]
    NotFromGenesis { first_index: u64 },
    #[error("index {index}: {field} recorded {recorded}, replayed {replayed}")]
    Mismatch {
        index: u64,
        field: &'static str,
        recorded: String,
        replayed: String,
    },
}

/// The reconstructed decision path.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReplayReport {
    pub entries: usize,
    /// Entries the risk controller decided (and that were re-decided identically).
    pub evaluated: usize,
    /// (index, risk action) of every evaluated entry, in order.
    pub path: Vec<(u64, RiskAction)>,
}

/// An append-only, hash-chained ring buffer of entries.
#[derive(Debug, Clone)]
pub struct Ledger {
    entries: VecDeque<LedgerEntry>,
    capacity: usize,
    anchor: String,
    first_index: u64,
    last_hash: String,
    /// From an imported header: what the entries must add up to.
    declared: Option<(u64, String)>,
    /// The config digest every entry was decided under (empty: unbound).
    config_digest: String,
    checkpoint_every: u64,
    signer: Option<LedgerSigner>,
    /// Checkpoints whose `end` is at least `first_index`, in stream order.
    checkpoints: VecDeque<Checkpoint>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger::new(LedgerConfig::default().capacity)
    }
}

impl Ledger {
    /// An empty ledger chained to the genesis hash.
    pub fn new(capacity: usize) -> Self {
        Ledger {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            anchor: GENESIS_HASH.to_string(),
            first_index: 0,
            last_hash: GENESIS_HASH.to_string(),
            declared: None,
            config_digest: String::new(),
            checkpoint_every: LedgerConfig::default().checkpoint_every,
            signer: None,
            checkpoints: VecDeque::new(),
        }
    }

    /// An empty ledger for a dispatcher: capacity and checkpoint interval from
    /// `cfg`, bound to `config_digest` ([`EngineConfig::digest`]).
    pub fn with_config(cfg: &LedgerConfig, config_digest: impl Into<String>) -> Self {
        let mut l = Ledger::new(cfg.capacity);
        l.checkpoint_every = cfg.checkpoint_every;
        l.config_digest = config_digest.into();
        l
    }

    /// Sign checkpoints from now on (install before the first append).
    pub fn set_signer(&mut self, signer: LedgerSigner) {
        self.signer = Some(signer);
    }

    /// The config digest the entries are bound to (empty: unbound).
    pub fn config_digest(&self) -> &str {
        &self.config_digest
    }

    /// Checkpoints held (periodic ones, plus a head one from an import).
    pub fn checkpoints(&self) -> impl Iterator<Item = &Checkpoint> {
        self.checkpoints.iter()
    }

    /// Mutable access, for tamper tests: any change breaks signed verification.
    pub fn checkpoints_mut(&mut self) -> &mut VecDeque<Checkpoint> {
        &mut self.checkpoints
    }

    /// Entries since genesis: the index the next entry gets. Saturates at
    /// `u64::MAX` (an import refuses a window that would pass it).
    pub fn end(&self) -> u64 {
        self.first_index.saturating_add(self.entries.len() as u64)
    }

    fn unsigned_checkpoint(&self, kind: CheckpointKind) -> Checkpoint {
        Checkpoint {
            kind,
            end: self.end(),
            head: self.last_hash.clone(),
            first_index: self.first_index,
            anchor: self.anchor.clone(),
            config_digest: self.config_digest.clone(),
            every: self.checkpoint_every,
            ts_ms: self.entries.back().map_or(0, |e| e.ts_ms),
            key_id: String::new(),
            signature: String::new(),
        }
    }

    /// The signed head checkpoint of the current window (None without a signer).
    pub fn head_checkpoint(&self) -> Option<Checkpoint> {
        let s = self.signer.as_ref()?;
        Some(s.sign(self.unsigned_checkpoint(CheckpointKind::Head)))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn capacity(&self) -> usize {
        self.capacity
    }
    /// The prev hash of the first kept entry.
    pub fn anchor(&self) -> &str {
        &self.anchor
    }
    /// Hash of the newest entry (the anchor when empty): publish it to pin the chain.
    pub fn last_hash(&self) -> &str {
        &self.last_hash
    }
    pub fn first_index(&self) -> u64 {
        self.first_index
    }
    pub fn entries(&self) -> impl Iterator<Item = &LedgerEntry> {
        self.entries.iter()
    }
    /// Mutable access, for tamper tests and tooling; any change breaks verification.
    pub fn entries_mut(&mut self) -> &mut VecDeque<LedgerEntry> {
        &mut self.entries
    }
    /// Set the anchor (tamper tests: a forged anchor must fail verification).
    pub fn set_anchor(&mut self, anchor: impl Into<String>) {
        self.anchor = anchor.into();
    }

    /// Chain `entry` (its index, prev_hash and hash are overwritten) and append it,
    /// dropping the oldest entry beyond capacity. Returns the new entry's hash.
    pub fn append(&mut self, mut entry: LedgerEntry) -> &str {
        entry.index = self.end();
        entry.prev_hash = self.last_hash.clone();
        entry.hash = entry_hash(&entry);
        // Reuses the buffer of the previous head (one allocation less per entry).
        self.last_hash.clone_from(&entry.hash);
        self.entries.push_back(entry);
        while self.entries.len() > self.capacity {
            if let Some(old) = self.entries.pop_front() {
                self.anchor = old.hash;
                self.first_index = old.index.saturating_add(1);
            }
        }
        while self.checkpoints.front().is_some_and(|c| c.end < self.first_index) {
            self.checkpoints.pop_front();
        }
        if let Some(s) = &self.signer {
            if self.checkpoint_every > 0 && self.end().is_multiple_of(self.checkpoint_every) {
                let cp = s.sign(self.unsigned_checkpoint(CheckpointKind::Periodic));
                self.checkpoints.push_back(cp);
            }
        }
        self.declared = None;
        &self.last_hash
    }

    /// The chain's hash after `end` entries, when that position is in the window.
    fn hash_at_end(&self, end: u64) -> Option<&str> {
        if end == self.first_index {
            return Some(&self.anchor);
        }
        let pos = end.checked_sub(self.first_index)?.checked_sub(1)?;
        self.entries.get(usize::try_from(pos).ok()?).map(|e| e.hash.as_str())
    }

    /// [`Ledger::verify`], then every checkpoint's signature under `key`, the
    /// periodic checkpoints the signed interval calls for, and a closing head
    /// checkpoint that covers exactly this window (end, head, first index,
    /// anchor). Detects tail truncation, prefix removal, rewriting, forged or
    /// foreign-key checkpoints and an unsigned (e.g. header-only) file.
    pub fn verify_signed(&self, key: &LedgerPublicKey) -> Result<(), LedgerError> {
        self.verify()?;
        for cp in &self.checkpoints {
            key.check(cp).map_err(|p| LedgerError {
                index: cp.end,
                kind: match p {
                    SignatureProblem::KeyMismatch => LedgerErrorKind::KeyMismatch,
                    SignatureProblem::Invalid => LedgerErrorKind::CheckpointSignatureInvalid,
                },
            })?;
        }
        let end = self.end();
        let missing_head = LedgerError {
            index: end,
            kind: LedgerErrorKind::MissingHeadCheckpoint,
        };
        let head = self
            .checkpoints
            .back()
            .filter(|c| c.kind == CheckpointKind::Head)
            .ok_or(missing_head)?;
        if head.end != end || head.first_index != self.first_index || head.anchor != self.anchor {
            return Err(missing_head);
        }
        if let Some(q) = self.first_index.checked_div(head.every) {
            // A multiple past u64::MAX is past the end too.
            let mut next = q.checked_add(1).and_then(|k| k.checked_mul(head.every));
            while let Some(m) = next.filter(|m| *m <= end) {
                let found = self
                    .checkpoints
                    .iter()
                    .any(|c| c.kind == CheckpointKind::Periodic && c.end == m && c.every == head.every);
                if !found {
                    return Err(LedgerError {
                        index: m,
                        kind: LedgerErrorKind::MissingCheckpoint,
                    });
                }
                next = m.checked_add(head.every);
            }
        }
        Ok(())
    }

    /// [`Ledger::verify`], then the chain must end exactly at `head` (and, when
    /// given, after exactly `count` entries since genesis). A window that does
    /// not start at index 0 is authenticated only from its anchor on: the
    /// entries before `first_index` are not in it (say so to the user).
    pub fn verify_head(&self, head: &str, count: Option<u64>) -> Result<(), LedgerError> {
        self.verify()?;
        let end = self.end();
        // The hash the verified chain ends at (not the cached head, which
        // edits through `entries_mut` do not update).
        let last = self.entries.back().map_or(self.anchor.as_str(), |e| e.hash.as_str());
        if !last.eq_ignore_ascii_case(head.trim()) || count.is_some_and(|c| c != end) {
            return Err(LedgerError {
                index: end,
                kind: LedgerErrorKind::HeadMismatch,
            });
        }
        Ok(())
    }

    /// Check the whole chain: anchor (the genesis hash for a window from index
    /// 0), contiguous indices, prev hashes, entry hashes, (for an imported
    /// ledger) the header's count and last hash, that an empty window is at
    /// genesis, and that checkpoints agree with the chain.
    pub fn verify(&self) -> Result<(), LedgerError> {
        // Entry 0 chains to the genesis hash: a window from index 0 with
        // another anchor (e.g. a header-only file re-anchored to a real head)
        // is no ledger's state.
        if self.first_index == 0 && self.anchor != GENESIS_HASH {
            return Err(LedgerError {
                index: 0,
                kind: LedgerErrorKind::AnchorMismatch,
            });
        }
        let mut prev: &str = &self.anchor;
        for (i, e) in self.entries.iter().enumerate() {
            let Some(want) = self.first_index.checked_add(i as u64) else {
                // No index exists past u64::MAX (only reachable by editing
                // the entries in memory: an import refuses such a window).
                return Err(LedgerError {
                    index: u64::MAX,
                    kind: LedgerErrorKind::IndexGap,
                });
            };
            let err = |kind| Err(LedgerError { index: want, kind });
            if e.index != want {
                return err(LedgerErrorKind::IndexGap);
            }
            if e.prev_hash != prev {
                return err(if i == 0 {
                    LedgerErrorKind::AnchorMismatch
                } else {
                    LedgerErrorKind::PrevHashMismatch
                });
            }
            if entry_hash(e) != e.hash {
                return err(LedgerErrorKind::HashMismatch);
            }
            prev = &e.hash;
        }
        if let Some((count, last)) = &self.declared {
            let end = self.end();
            if *count != self.entries.len() as u64 {
                return Err(LedgerError {
                    index: end.min(self.first_index.saturating_add(*count)),
                    kind: LedgerErrorKind::EntryCountMismatch,
                });
            }
            if last != prev {
                return Err(LedgerError {
                    index: end.saturating_sub(1),
                    kind: LedgerErrorKind::LastHashMismatch,
                });
            }
        }
        // Only a ledger that has not appended yet is empty (its capacity is at
        // least 1): an empty window past genesis would "end" at any head.
        if self.entries.is_empty() && self.first_index != 0 {
            return Err(LedgerError {
                index: self.first_index,
                kind: LedgerErrorKind::EmptyWindowNotAtGenesis,
            });
        }
        // Checkpoints must agree with the chain and the config binding (their
        // signatures are checked by `verify_signed`).
        for cp in &self.checkpoints {
            let err = |kind| Err(LedgerError { index: cp.end, kind });
            if cp.config_digest != self.config_digest {
                return err(LedgerErrorKind::ConfigDigestMismatch);
            }
            match self.hash_at_end(cp.end) {
                Some(h) if h == cp.head => {}
                _ => return err(LedgerErrorKind::CheckpointMismatch),
            }
        }
        Ok(())
    }

    /// [`Ledger::replay`] with the whole engine config, refusing a config whose
    /// digest is not the one the ledger is bound to, and an unbound ledger (no
    /// config digest: an unsigned file whose digest was deleted would otherwise
    /// replay under any config). See [`Ledger::replay_config_allow_unbound`].
    pub fn replay_config(&self, cfg: &EngineConfig) -> Result<ReplayReport, ReplayError> {
        self.replay_bound(cfg, false)
    }

    /// [`Ledger::replay_config`], except that an unbound ledger is replayed
    /// (the caller opted in and should say so: nothing ties the decisions to
    /// `cfg`). A bound ledger still refuses another config.
    pub fn replay_config_allow_unbound(&self, cfg: &EngineConfig) -> Result<ReplayReport, ReplayError> {
        self.replay_bound(cfg, true)
    }

    fn replay_bound(&self, cfg: &EngineConfig, allow_unbound: bool) -> Result<ReplayReport, ReplayError> {
        let given = cfg.digest();
        if self.config_digest.is_empty() {
            if !allow_unbound {
                return Err(ReplayError::Unbound { given });
            }
        } else if self.config_digest != given {
            return Err(ReplayError::ConfigMismatch {
                recorded: self.config_digest.clone(),
                given,
            });
        }
        self.replay(&cfg.risk)
    }

    /// Verify, then re-run a fresh risk controller (with `cfg`, the dispatcher's risk
    /// config) over the recorded inputs and outcomes, and check that every recorded
    /// decision is reproduced: score (bit for bit), loss action, action, reasons.
    pub fn replay(&self, cfg: &RiskConfig) -> Result<ReplayReport, ReplayError> {
        self.verify()?;
        if self.first_index != 0 || self.anchor != GENESIS_HASH {
            return Err(ReplayError::NotFromGenesis {
                first_index: self.first_index,
            });
        }
        // A clock that never advances: replay never times out; recorded timeouts are
        // re-applied from their reason code below.
        let mut ctl = RiskController::with_clock(cfg.clone(), Box::new(StepClock::new(0)));
        let mut report = ReplayReport {
            entries: self.entries.len(),
            ..Default::default()
        };
        for e in &self.entries {
            if e.method == EVICT_METHOD && e.risk.is_none() {
                ctl.forget(&e.extension_id);
                continue;
            }
            // Calls of an already-terminated extension never reached the controller
            // and gave it no feedback (the same rule as dispatch).
            if e.status == DispatchStatus::Terminated && e.risk.is_none() {
                continue;
            }
            let evaluated = e.risk.is_some();
            if let Some(rec) = &e.risk {
                let mismatch = |field, recorded: String, replayed: String| ReplayError::Mismatch {
                    index: e.index,
                    field,
                    recorded,
                    replayed,
                };
                let cap = e
                    .capability
                    .ok_or_else(|| mismatch("capability", "none".into(), "a capability".into()))?;
                let input = RiskInput {
                    extension_id: &e.extension_id,
                    kind: rec.kind,
                    capability: cap,
                    prompt: e.prompt,
                    features: &rec.features,
                };
                let mut d = ctl.evaluate_runtime_risk(&input, e.ts_ms);
                if rec.reasons.contains(&RiskReason::DecisionTimeout) {
                    d.reasons.push(RiskReason::DecisionTimeout);
                    d.reasons.sort();
                    if cfg.fail_closed {
                        d.action = d.action.max(RiskAction::Deny);
                    }
                }
                let score = finite_or_marker(d.score);
                if score.to_bits() != rec.score.to_bits() {
                    return Err(mismatch("score", rec.score.to_string(), score.to_string()));
                }
                if d.loss_action != rec.loss_action {
                    return Err(mismatch(
                        "loss_action",
                        rec.loss_action.to_string(),
                        d.loss_action.to_string(),
                    ));
                }
                if d.action != rec.action {
                    return Err(mismatch("action", rec.action.to_string(), d.action.to_string()));
                }
                if d.reasons != rec.reasons {
                    return Err(mismatch("reasons", codes(&rec.reasons), codes(&d.reasons)));
                }
                report.evaluated += 1;
                report.path.push((e.index, d.action));
            }
            ctl.feedback(&e.extension_id, e.capability, evaluated, e.outcome, e.ts_ms);
        }
        Ok(report)
    }

    /// The export header for the current contents.
    pub fn header(&self) -> LedgerHeader {
        LedgerHeader {
            schema: LEDGER_SCHEMA.to_string(),
            anchor: self.anchor.clone(),
            first_index: self.first_index,
            entry_count: self.entries.len() as u64,
            last_hash: self.last_hash.clone(),
            config_digest: self.config_digest.clone(),
        }
    }

    /// Write the header line, then one entry per line with each periodic
    /// checkpoint right after the entry it covers, then (with a signer) a signed
    /// head checkpoint covering the whole window.
    pub fn export_jsonl<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        serde_json::to_writer(&mut w, &self.header())?;
        w.write_all(b"\n")?;
        let mut cps = self.checkpoints.iter().peekable();
        let mut write_due = |w: &mut W, end: u64| -> std::io::Result<()> {
            while let Some(cp) = cps.next_if(|c| c.end <= end && c.kind == CheckpointKind::Periodic) {
                serde_json::to_writer(&mut *w, &CheckpointLine { checkpoint: cp.clone() })?;
                w.write_all(b"\n")?;
            }
            Ok(())
        };
        write_due(&mut w, self.first_index)?;
        for e in &self.entries {
            serde_json::to_writer(&mut w, e)?;
            w.write_all(b"\n")?;
            write_due(&mut w, e.index.saturating_add(1))?;
        }
        let head = self.head_checkpoint().or_else(|| {
            self.checkpoints
                .back()
                .filter(|c| c.kind == CheckpointKind::Head)
                .cloned()
        });
        if let Some(cp) = head {
            serde_json::to_writer(&mut w, &CheckpointLine { checkpoint: cp })?;
            w.write_all(b"\n")?;
        }
        w.flush()
    }

    /// Read an export. Parsing does not verify: call [`Ledger::verify`] afterwards
    /// (a tampered file loads, and fails verification at the first broken index).
    pub fn import_jsonl<R: BufRead>(r: R) -> Result<Ledger, LedgerImportError> {
        let mut header: Option<LedgerHeader> = None;
        let mut header_line = 1;
        let mut entries = VecDeque::new();
        let mut checkpoints = VecDeque::new();
        for (i, line) in r.lines().enumerate() {
            let lineno = i + 1;
            let line = line.map_err(|e| LedgerImportError {
                line: lineno,
                message: format!("cannot read: {e}"),
            })?;
            if line.trim().is_empty() {
                continue;
            }
            if header.is_none() {
                let h: LedgerHeader = serde_json::from_str(&line).map_err(|e| LedgerImportError {
                    line: lineno,
                    message: format!("invalid ledger header: {e}"),
                })?;
                if h.schema != LEDGER_SCHEMA {
                    return Err(LedgerImportError {
                        line: lineno,
                        message: schema_mismatch_message(&h.schema),
                    });
                }
                check_header_window(&h).map_err(|message| LedgerImportError { line: lineno, message })?;
                header = Some(h);
                header_line = lineno;
                continue;
            }
            if line.trim_start().starts_with("{\"checkpoint\"") {
                let c: CheckpointLine = serde_json::from_str(&line).map_err(|e| LedgerImportError {
                    line: lineno,
                    message: format!("invalid ledger checkpoint: {e}"),
                })?;
                checkpoints.push_back(c.checkpoint);
                continue;
            }
            let e: LedgerEntry = serde_json::from_str(&line).map_err(|e| LedgerImportError {
                line: lineno,
                message: format!("invalid ledger entry: {e}"),
            })?;
            entries.push_back(e);
        }
        let h = header.ok_or(LedgerImportError {
            line: 1,
            message: "empty file: missing ledger header".to_string(),
        })?;
        if h.first_index.checked_add(entries.len() as u64).is_none() {
            return Err(LedgerImportError {
                line: header_line,
                message: format!(
                    "invalid ledger header: first_index {} followed by {} entry lines passes the last index (u64::MAX)",
                    h.first_index,
                    entries.len()
                ),
            });
        }
        let last_hash = entries.back().map_or_else(|| h.anchor.clone(), |e| e.hash.clone());
        Ok(Ledger {
            capacity: entries.len().max(1),
            entries,
            anchor: h.anchor,
            first_index: h.first_index,
            last_hash,
            declared: Some((h.entry_count, h.last_hash)),
            config_digest: h.config_digest,
            checkpoint_every: checkpoints.front().map_or(0, |c: &Checkpoint| c.every),
            signer: None,
            checkpoints,
        })
    }
}

/// The import error for a header whose schema is not [`LEDGER_SCHEMA`],
/// saying why an older schema is refused.
fn schema_mismatch_message(found: &str) -> String {
    let why = match found {
        "seclab.ledger.v2" => {
            "; a v2 ledger cannot be authenticated: its entry hashes (seclab.ledger.entry.v1) do not cover \
             risk.features.project_egress, so that field could be changed without breaking the chain"
        }
        "seclab.ledger.v1" => {
            "; a v1 ledger has no config digest or checkpoints, and its entry hashes do not cover \
             risk.features.project_egress"
        }
        _ => "",
    };
    format!("schema_mismatch: expected {LEDGER_SCHEMA:?}, found {found:?}{why}")
}

/// What a header may declare about its window: indices that fit in a u64,
/// and an empty window only at genesis (a ledger keeps at least one entry
/// once it has appended one).
fn check_header_window(h: &LedgerHeader) -> Result<(), String> {
    if h.first_index.checked_add(h.entry_count).is_none() {
        return Err(format!(
            "invalid ledger header: entry_count {} from first_index {} passes the last index (u64::MAX)",
            h.entry_count, h.first_index
        ));
    }
    if h.entry_count == 0 && h.first_index != 0 {
        return Err(format!(
            "invalid ledger header: entry_count 0 with first_index {}: a ledger window is empty only at genesis \
             (first_index 0)",
            h.first_index
        ));
    }
    Ok(())
}

fn codes(r: &[RiskReason]) -> String {
    let v: Vec<&str> = r.iter().map(|x| x.as_str()).collect();
    v.join(",")
}

/// Non-finite floats cannot be written as JSON; the ledger records them as -1
/// (the decision then carries `internal_error`).
pub fn finite_or_marker(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        -1.0
    }
}

// ---------------------------------------------------------------------------
// Canonical encoding
// ---------------------------------------------------------------------------

/// Builds the canonical bytes: every field in a fixed order, strings and byte
/// strings as u32 big-endian length + bytes, integers as u64 big-endian, floats as
/// their IEEE-754 bits (u64 big-endian), booleans and option tags as one byte.
/// The canonical encoding's bytes go to a buffer that is hashed once: many
/// small `update` calls on the hasher cost more than the copy.
struct Enc<'a>(&'a mut Vec<u8>);

impl Enc<'_> {
    fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(&(b.len() as u32).to_be_bytes());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_be_bytes());
    }
    fn f64(&mut self, x: f64) {
        self.u64(x.to_bits());
    }
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
}

/// Hex sha256 of the bytes `encode` writes, in a buffer reused per thread.
fn hash_encoded(encode: impl FnOnce(&mut Vec<u8>)) -> String {
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            encode(&mut buf);
            let digest = digest_hex(buf.as_slice());
            // Do not keep a huge params buffer alive for the thread's lifetime.
            if buf.capacity() > 1 << 16 {
                *buf = Vec::new();
            }
            digest
        }
        Err(_) => {
            let mut buf = Vec::new();
            encode(&mut buf);
            digest_hex(&buf)
        }
    })
}

/// The hex sha256 of an entry's canonical encoding (its `hash` field excluded).
pub fn entry_hash(e: &LedgerEntry) -> String {
    hash_encoded(|buf| encode_entry(&mut Enc(buf), e))
}

fn encode_entry(w: &mut Enc<'_>, e: &LedgerEntry) {
    w.bytes(ENTRY_DOMAIN_TAG);
    w.str(&e.prev_hash);
    w.u64(e.index);
    w.u64(e.ts_ms);
    w.str(&e.extension_id);
    w.str(&e.call_id);
    w.str(&e.method);
    match e.capability {
        None => w.bool(false),
        Some(c) => {
            w.bool(true);
            w.str(c.as_str());
        }
    }
    w.str(&e.params_hash);
    w.str(e.status.as_str());
    match &e.policy {
        None => w.bool(false),
        Some(p) => {
            w.bool(true);
            w.str(p.decision.as_str());
            w.str(p.reason.as_str());
        }
    }
    w.str(e.prompt.as_str());
    w.str(&e.reason);
    match &e.risk {
        None => w.bool(false),
        Some(r) => {
            w.bool(true);
            w.str(r.kind.as_str());
            encode_features(w, &r.features);
            w.f64(r.score);
            w.f64(r.posterior.safe);
            w.f64(r.posterior.suspicious);
            w.f64(r.posterior.unsafe_);
            w.f64(r.expected_losses.allow);
            w.f64(r.expected_losses.harden);
            w.f64(r.expected_losses.deny);
            w.f64(r.expected_losses.terminate);
            w.str(r.loss_action.as_str());
            w.str(r.action.as_str());
            w.u64(r.reasons.len() as u64);
            for reason in &r.reasons {
                w.str(reason.as_str());
            }
            w.f64(r.e_process);
            w.bool(r.drift);
        }
    }
    w.str(e.action.as_str());
    w.str(e.outcome.as_str());
}

fn encode_features(w: &mut Enc<'_>, f: &CallFeatures) {
    let shell: ShellClass = f.shell;
    let net: NetClass = f.net;
    let env: EnvClass = f.env;
    w.str(shell.as_str());
    w.bool(f.sensitive_path);
    w.bool(f.traversal);
    w.bool(f.absolute_path);
    w.str(net.as_str());
    w.bool(f.upload);
    w.u64(f.body_bytes);
    w.str(env.as_str());
    w.u64(f.env_name_hash);
    w.u64(u64::from(f.effects.0));
    w.bool(f.taint_source);
    w.str(f.egress.as_str());
    w.u64(f.remote_added);
    w.u64(f.push_remote);
    w.bool(f.project_egress);
    // Written only when set, so entries without it hash as before.
    if !f.git_vars.is_empty() {
        w.str("git_vars");
        w.u64(u64::from(f.git_vars.0));
    }
    if !f.cwd.is_empty() {
        w.str("cwd");
        w.u64(u64::from(f.cwd.0));
    }
    if !f.scripts.is_empty() {
        w.str("scripts");
        w.u64(u64::from(f.scripts.0));
    }
    if !f.script_runs.is_empty() {
        w.str("script_runs");
        w.u64(u64::from(f.script_runs.0));
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut v = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        v.extend_from_slice(&[DIGITS[(b >> 4) as usize], DIGITS[(b & 15) as usize]]);
    }
    // Only ASCII digits were written, so this never falls back.
    String::from_utf8(v).unwrap_or_default()
}

/// sha256 over the domain tag, the method and the canonical JSON of the params
/// (object keys sorted by bytes, no whitespace). Raw params are never stored.
pub fn params_hash(method: &str, params: &Value) -> String {
    hash_encoded(|buf| params_preimage(buf, method, params))
}

/// Append to `out` the bytes [`params_hash`] hashes: the ledger's sealer
/// encodes them into a reused buffer and hashes them ([`digest_hex`]), on the
/// live dispatcher's sealing thread, off the call's critical path.
pub fn params_preimage(out: &mut Vec<u8>, method: &str, params: &Value) {
    let mut w = Enc(out);
    w.bytes(PARAMS_DOMAIN_TAG);
    w.str(method);
    canonical_json(out, params);
}

/// Hex sha256 of `bytes`.
pub fn digest_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex sha256 over a domain tag (length-prefixed) and the canonical JSON of `v`.
pub fn canonical_digest(tag: &[u8], v: &Value) -> String {
    hash_encoded(|buf| {
        Enc(buf).bytes(tag);
        canonical_json(buf, v);
    })
}

/// Append the canonical JSON form of `v` (object keys sorted by bytes, no whitespace).
fn canonical_json(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { &b"true"[..] } else { &b"false"[..] }),
        // The number's own text (its `Display`), written in place.
        Value::Number(n) => {
            use std::io::Write as _;
            // Writing into a Vec cannot fail.
            let _ = write!(out, "{n}");
        }
        Value::String(s) => json_string(out, s),
        Value::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical_json(out, x);
            }
            out.push(b']');
        }
        // serde_json's map keeps its keys in byte order already, so the
        // members are written in one pass that checks the order as it goes;
        // should a build's map keep insertion order instead, the object is
        // written again, sorted.
        Value::Object(m) => canonical_object(out, m.iter()),
    }
}

/// An object's members, sorted by key, as canonical JSON: in one pass when
/// they come sorted, else written again in sorted order.
fn canonical_object<'v>(out: &mut Vec<u8>, members: impl Iterator<Item = (&'v String, &'v Value)> + Clone) {
    let start = out.len();
    if !canonical_members(out, members.clone(), true) {
        out.truncate(start);
        let mut sorted: Vec<(&String, &Value)> = members.collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        canonical_members(out, sorted.into_iter(), false);
    }
}

/// An object's members, in the order given, as canonical JSON. With
/// `check_order`, stops and returns false at the first key not above the one
/// before it (what was written is then partial).
fn canonical_members<'v>(
    out: &mut Vec<u8>,
    members: impl Iterator<Item = (&'v String, &'v Value)>,
    check_order: bool,
) -> bool {
    out.push(b'{');
    let mut prev: Option<&String> = None;
    for (k, x) in members {
        if let Some(p) = prev {
            if check_order && p >= k {
                return false;
            }
            out.push(b',');
        }
        prev = Some(k);
        json_string(out, k);
        out.push(b':');
        canonical_json(out, x);
    }
    out.push(b'}');
    true
}

/// A JSON string literal: `"` and `\\` and control characters escaped, all other
/// characters (multi-byte UTF-8 included, whose bytes are all >= 0x80) as they are.
fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no escape: one pass without early exit (it vectorises),
    // then a single copy.
    if !bytes
        .iter()
        .fold(false, |any, &b| any | (b < 0x20) | (b == b'"') | (b == b'\\'))
    {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(format!("\\u{:04x}", b).as_bytes());
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(esc);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

impl fmt::Display for LedgerHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} entries from index {} (anchor {}, last {})",
            self.entry_count, self.first_index, self.anchor, self.last_hash
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(i: u64) -> LedgerEntry {
        LedgerEntry {
            index: 0,
            ts_ms: 1000 + i,
            extension_id: format!("ext{}", i % 3),
            call_id: format!("c{i}"),
            method: "fs".into(),
            capability: Some(Capability::Read),
            params_hash: params_hash("fs", &json!({"op": "read", "path": format!("f{i}")})),
            status: DispatchStatus::Ok,
            policy: Some(LedgerPolicy {
                decision: Decision::Allow,
                reason: PolicyReason::DefaultCaps,
            }),
            prompt: PromptSource::None,
            reason: "ok".into(),
            risk: None,
            action: RiskAction::Allow,
            outcome: Outcome::Success,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn params_hash_ignores_key_order_and_binds_method() {
        let a: Value = serde_json::from_str(r#"{"b": 1, "a": {"y": [1, "x\n"], "x": null}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a": {"x": null, "y": [1, "x\n"]}, "b": 1}"#).unwrap();
        assert_eq!(params_hash("fs", &a), params_hash("fs", &b));
        assert_ne!(params_hash("fs", &a), params_hash("http", &a));
        assert_ne!(params_hash("fs", &a), params_hash("fs", &json!({"b": 2})));
        assert_eq!(params_hash("fs", &a).len(), 64);
        assert!(params_hash("fs", &a)
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
    }

    #[test]
    fn append_chains_and_exports_round_trip() {
        let mut l = Ledger::new(100);
        for i in 0..10 {
            l.append(entry(i));
        }
        l.verify().unwrap();
        let mut buf = Vec::new();
        l.export_jsonl(&mut buf).unwrap();
        let back = Ledger::import_jsonl(buf.as_slice()).unwrap();
        back.verify().unwrap();
        assert_eq!(back.len(), 10);
        assert_eq!(back.last_hash(), l.last_hash());
    }

    #[test]
    fn import_errors_name_the_line() {
        let mut l = Ledger::new(10);
        l.append(entry(0));
        let mut buf = Vec::new();
        l.export_jsonl(&mut buf).unwrap();
        let mut text = String::from_utf8(buf).unwrap();
        text.push_str("{not json\n");
        let err = Ledger::import_jsonl(text.as_bytes()).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = Ledger::import_jsonl(
            &b"{\"schema\":\"other\",\"anchor\":\"\",\"first_index\":0,\"entry_count\":0,\"last_hash\":\"\"}\n"[..],
        )
        .unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("schema_mismatch"));
    }
    /// INV-012: the canonical bytes that params hashes cover are the reference
    /// encoding (keys sorted by bytes; `"`, `\\`, `\n`, `\r`, `\t` escaped
    /// by name and other control characters as `\u00xx`; numbers in their own
    /// text) for strings with and without characters to escape, so the fast
    /// paths of the encoder never change a hash.
    #[test]
    fn inv_012_canonical_params_bytes_match_the_reference_encoding() {
        fn reference(out: &mut String, v: &Value) {
            match v {
                Value::Null => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Number(n) => out.push_str(&n.to_string()),
                Value::String(s) => {
                    out.push('"');
                    for c in s.chars() {
                        match c {
                            '"' => out.push_str("\\\""),
                            '\\' => out.push_str("\\\\"),
                            '\n' => out.push_str("\\n"),
                            '\r' => out.push_str("\\r"),
                            '\t' => out.push_str("\\t"),
                            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                            c => out.push(c),
                        }
                    }
                    out.push('"');
                }
                Value::Array(a) => {
                    out.push('[');
                    for (i, x) in a.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        reference(out, x);
                    }
                    out.push(']');
                }
                Value::Object(m) => {
                    let mut keys: Vec<&String> = m.keys().collect();
                    keys.sort();
                    out.push('{');
                    for (i, k) in keys.into_iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        reference(out, &Value::String(k.clone()));
                        out.push(':');
                        reference(out, &m[k]);
                    }
                    out.push('}');
                }
            }
        }
        // Every ASCII character alone and inside a long clean run, plus
        // multi-byte text, as values and as keys, with numbers of each kind.
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend((0u8..0x80).map(|b| format!("{}{}{}", "x".repeat(40), char::from(b), "y".repeat(40))));
        texts.extend(["", "ünïcødé \u{2028}", "\u{1F600}\"\\", "a\u{7f}b"].map(String::from));
        for t in &texts {
            let v =
                json!({"path": t, t.as_str(): [t, 1, -2, 3.5, 1e300, u64::MAX, null, true], "z": {"b": t, "a": false}});
            let mut ours = Vec::new();
            canonical_json(&mut ours, &v);
            let mut theirs = String::new();
            reference(&mut theirs, &v);
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "text {t:?}");
        }
        // Members that do not come in key order (a map that keeps insertion
        // order) are written sorted all the same, nested objects included.
        let unsorted: Vec<(String, Value)> = vec![
            ("z".into(), json!({"b": 1, "a": 2})),
            ("a".into(), json!("x")),
            ("m".into(), json!([3])),
            ("b".into(), Value::Null),
        ];
        let mut ours = b"[".to_vec();
        canonical_object(&mut ours, unsorted.iter().map(|(k, v)| (k, v)));
        let mut theirs = String::from("[");
        reference(
            &mut theirs,
            &Value::Object(unsorted.iter().cloned().collect::<serde_json::Map<_, _>>()),
        );
        assert_eq!(String::from_utf8(ours).unwrap(), theirs);
    }
}
