//! Where the dispatcher's ledger entries go. The call's thread only copies:
//! an entry's fixed-size fields move into a batch as a compact [`Unsealed`]
//! record (no strings, and an empty reasons vector: less than half the bytes
//! of a [`LedgerEntry`]), its text (extension id, call id, method, reason) and
//! risk reasons are appended to the batch's arenas, and its params are kept
//! as the request's own shared [`Params`] (a reference count, not a copy).
//! Sealing encodes the params and computes their hash, builds the entry's
//! strings, computes the chain hash, and signs the periodic
//! checkpoints: at once on the same thread (the lab, replay and tests:
//! [`LedgerSink::inline`]) or in batches on a background sealer thread (the
//! live engine: [`LedgerSink::background`]), which takes the encoding, the
//! hashing, the signing and the entries' allocations off the call's critical
//! path. Both run the same sealing code and give the same ledger, entry for
//! entry.
//!
//! The ledger itself moves between the threads: it is handed to the sealer
//! with a batch and handed back with the batch sealed, so no lock is held
//! while sealing and every reader sees a fully sealed ledger ([`LedgerSink::sync`]
//! waits for the batch being sealed, takes back one the sealer has not
//! started, and seals what is still pending).
//!
//! Hand-over goes through a one-parcel mailbox. From its start, and after
//! each batch it seals, the sealer keeps looking at the mailbox every [`POLL`]
//! for [`LINGER`] before it goes to sleep: while calls flow, a hand-over is a
//! store under an uncontended lock, not a wake-up of a sleeping thread (which
//! costs the call's thread several microseconds on a virtual machine). That is
//! what lets batches be small, so little is left to seal at a read.

use crate::capability::Capability;
use crate::dispatch::DispatchStatus;
use crate::hostcall::HostcallKind;
use crate::ledger::{digest_hex, finite_or_marker, params_preimage, Ledger, LedgerEntry, LedgerPolicy, LedgerRisk};
use crate::params::Params;
use crate::risk::{CallFeatures, ExpectedLosses, Outcome, Posterior, PromptSource, RiskAction, RiskReason};
use std::sync::{mpsc, Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Pending entries that trigger a hand-over to the sealer thread.
pub const SEAL_BATCH: usize = 16;
/// How often a lingering sealer looks at its mailbox.
pub(crate) const POLL: Duration = Duration::from_micros(100);
/// How long after its last batch the sealer keeps looking before it sleeps
/// (and the next hand-over has to wake it).
pub(crate) const LINGER: Duration = Duration::from_millis(5);
/// Pending entries past which the call's thread waits for the sealer
/// (backpressure: a sealer that falls behind never lets the batch grow without bound).
const MAX_PENDING: usize = 16 * SEAL_BATCH;
/// Capacity the sealing buffer of params preimages keeps once a batch is sealed.
pub(crate) const MAX_KEPT_PREIMAGE: usize = 1 << 16;
/// Capacity a presized batch's sealing buffer starts with (an ordinary
/// call's preimage), and a grown one is brought back to.
const PRESIZED_PREIMAGE: usize = 512;

/// The text of an entry, borrowed from the call; copied into the batch.
pub(crate) struct EntryText<'a> {
    pub extension_id: &'a str,
    pub call_id: &'a str,
    pub method: &'a str,
    pub reason: &'a str,
    /// The risk decision's reasons (empty without one).
    pub reasons: &'a [RiskReason],
}

/// Where one entry's text ends in the batch's text arena, and its reasons in
/// the reasons arena.
#[derive(Clone, Copy)]
struct Ends {
    extension_id: usize,
    call_id: usize,
    method: usize,
    reason: usize,
    reasons: usize,
}

/// Entries not sealed yet: their fixed-size fields, their text and reasons in
/// two arenas, and their params.
#[derive(Default)]
pub(crate) struct Batch {
    entries: Vec<Unsealed>,
    ends: Vec<Ends>,
    text: String,
    reasons: Vec<RiskReason>,
    params: Vec<Params>,
    /// Where sealing encodes one entry's params preimage before hashing it.
    preimage: Vec<u8>,
}

impl Batch {
    /// An empty batch whose buffers already hold a full batch of ordinary
    /// entries (a background sink's batches), so the calls that fill it do
    /// not grow and reallocate them.
    fn presized() -> Self {
        Batch {
            entries: Vec::with_capacity(SEAL_BATCH),
            ends: Vec::with_capacity(SEAL_BATCH),
            text: String::with_capacity(SEAL_BATCH * 64),
            reasons: Vec::with_capacity(SEAL_BATCH * 2),
            params: Vec::with_capacity(SEAL_BATCH),
            preimage: Vec::with_capacity(PRESIZED_PREIMAGE),
        }
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn push(&mut self, entry: Unsealed, t: &EntryText<'_>, params: Params) {
        let mut mark = |s: &str| {
            self.text.push_str(s);
            self.text.len()
        };
        let extension_id = mark(t.extension_id);
        let call_id = mark(t.call_id);
        let method = mark(t.method);
        let reason = mark(t.reason);
        self.reasons.extend_from_slice(t.reasons);
        self.ends.push(Ends {
            extension_id,
            call_id,
            method,
            reason,
            reasons: self.reasons.len(),
        });
        self.params.push(params);
        self.entries.push(entry);
    }

    /// Seal every entry into `ledger`, in order, and leave the batch empty
    /// (its buffers keep their capacity, but for a preimage buffer grown past
    /// [`MAX_KEPT_PREIMAGE`]). The params' references are dropped here: a
    /// request its caller already let go is freed on the sealing thread.
    fn seal_into(&mut self, ledger: &mut Ledger) {
        let (mut text_at, mut reasons_at) = (0, 0);
        let rows = self
            .entries
            .drain(..)
            .zip(self.ends.drain(..))
            .zip(self.params.drain(..));
        for ((u, end), params) in rows {
            let method = &self.text[end.call_id..end.method];
            self.preimage.clear();
            params_preimage(&mut self.preimage, method, &params);
            let e = u.seal(SealedText {
                extension_id: self.text[text_at..end.extension_id].to_string(),
                call_id: self.text[end.extension_id..end.call_id].to_string(),
                method: method.to_string(),
                reason: self.text[end.method..end.reason].to_string(),
                reasons: self.reasons[reasons_at..end.reasons].to_vec(),
                params_hash: digest_hex(&self.preimage),
            });
            text_at = end.reason;
            reasons_at = end.reasons;
            ledger.append(e);
        }
        self.text.clear();
        self.reasons.clear();
        // Do not keep the room of a huge params preimage for the sink's lifetime.
        if self.preimage.capacity() > MAX_KEPT_PREIMAGE {
            self.preimage = Vec::with_capacity(PRESIZED_PREIMAGE);
        }
    }
}

/// The fixed-size fields of an entry not sealed yet: all a [`LedgerEntry`]
/// holds apart from its strings, its risk reasons and the chain's fields
/// (index, hashes), which sealing fills in. The risk part holds the
/// decision's numbers as computed (sealing replaces a non-finite one by the
/// ledger's marker) and no reasons vector.
#[derive(Debug, Clone)]
pub(crate) struct Unsealed {
    pub ts_ms: u64,
    pub capability: Option<Capability>,
    pub status: DispatchStatus,
    pub policy: Option<LedgerPolicy>,
    pub prompt: PromptSource,
    pub risk: Option<UnsealedRisk>,
    pub action: RiskAction,
    pub outcome: Outcome,
}

/// A [`LedgerRisk`] without its reasons (sealing copies them from the
/// entry's text): the call's thread does not carry an empty vector per entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnsealedRisk {
    pub kind: HostcallKind,
    pub features: CallFeatures,
    pub score: f64,
    pub posterior: Posterior,
    pub expected_losses: ExpectedLosses,
    pub loss_action: RiskAction,
    pub action: RiskAction,
    pub e_process: f64,
    pub drift: bool,
}

/// What sealing adds to an [`Unsealed`] record before the chain does.
struct SealedText {
    extension_id: String,
    call_id: String,
    method: String,
    reason: String,
    reasons: Vec<RiskReason>,
    params_hash: String,
}

impl Unsealed {
    /// An entry at `ts_ms` with no decision and status `ok` (the shape of an
    /// eviction entry): the fields to fill before [`LedgerSink::push`].
    pub(crate) fn at(ts_ms: u64) -> Self {
        Unsealed {
            ts_ms,
            capability: None,
            status: DispatchStatus::Ok,
            policy: None,
            prompt: PromptSource::None,
            risk: None,
            action: RiskAction::Allow,
            outcome: Outcome::Success,
        }
    }

    /// The entry, ready for [`Ledger::append`] (which sets index and hashes).
    fn seal(self, t: SealedText) -> LedgerEntry {
        let m = finite_or_marker;
        LedgerEntry {
            index: 0,
            ts_ms: self.ts_ms,
            extension_id: t.extension_id,
            call_id: t.call_id,
            method: t.method,
            capability: self.capability,
            params_hash: t.params_hash,
            status: self.status,
            policy: self.policy,
            prompt: self.prompt,
            reason: t.reason,
            risk: self.risk.map(|r| LedgerRisk {
                kind: r.kind,
                features: r.features,
                loss_action: r.loss_action,
                action: r.action,
                drift: r.drift,
                score: m(r.score),
                posterior: Posterior {
                    safe: m(r.posterior.safe),
                    suspicious: m(r.posterior.suspicious),
                    unsafe_: m(r.posterior.unsafe_),
                },
                expected_losses: ExpectedLosses {
                    allow: m(r.expected_losses.allow),
                    harden: m(r.expected_losses.harden),
                    deny: m(r.expected_losses.deny),
                    terminate: m(r.expected_losses.terminate),
                },
                reasons: t.reasons,
                e_process: m(r.e_process),
            }),
            action: self.action,
            outcome: self.outcome,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }
}

/// A ledger and its batch, travelling to or from the sealer thread.
type Parcel = (Ledger, Batch);

/// The sealer's mailbox: at most one parcel (the ledger travels in it).
#[derive(Default)]
struct Mail {
    parcel: Option<Parcel>,
    /// The sealer waits on the condition variable (a hand-over must wake it).
    asleep: bool,
    /// The dispatcher is gone: the sealer ends.
    closed: bool,
}

#[derive(Default)]
struct Mailbox {
    mail: Mutex<Mail>,
    ready: Condvar,
}

impl Mailbox {
    /// The next parcel for the sealer thread, None once closed. `linger_until`:
    /// poll until then, else sleep until woken.
    fn next(&self, linger_until: Option<Instant>) -> Option<Parcel> {
        let mut mail = self.mail.lock().ok()?;
        loop {
            if let Some(p) = mail.parcel.take() {
                return Some(p);
            }
            if mail.closed {
                return None;
            }
            if linger_until.is_some_and(|t| Instant::now() < t) {
                drop(mail);
                std::thread::sleep(POLL);
                mail = self.mail.lock().ok()?;
            } else {
                mail.asleep = true;
                mail = self.ready.wait(mail).ok()?;
                mail.asleep = false;
            }
        }
    }
}

struct Sealer {
    mailbox: Arc<Mailbox>,
    back: mpsc::Receiver<Parcel>,
}

impl Drop for Sealer {
    fn drop(&mut self) {
        let mut mail = self.mailbox.mail.lock().unwrap_or_else(PoisonError::into_inner);
        mail.closed = true;
        self.mailbox.ready.notify_one();
    }
}

/// The dispatcher's ledger and the entries not yet sealed into it.
pub(crate) struct LedgerSink {
    /// The ledger, when it is on this thread (None while the sealer holds it,
    /// or after the sealer thread died with it).
    home: Option<Ledger>,
    pending: Batch,
    /// An emptied batch back from the sealer, reused for the next one.
    spare: Option<Batch>,
    sealer: Option<Sealer>,
    /// Index the next entry gets.
    next_index: u64,
    /// The sealer thread ended while holding the ledger (it can only panic):
    /// the ledger is gone and the dispatcher fails closed.
    lost: bool,
}

impl LedgerSink {
    /// Seal every entry on the caller's thread as it is pushed.
    pub(crate) fn inline(ledger: Ledger) -> Self {
        LedgerSink {
            next_index: ledger.end(),
            home: Some(ledger),
            pending: Batch::default(),
            spare: None,
            sealer: None,
            lost: false,
        }
    }

    /// Seal in batches of [`SEAL_BATCH`] on a background thread. When no
    /// thread can be started the sink seals inline (same ledger, same order).
    pub(crate) fn background(ledger: Ledger) -> Self {
        let mut sink = LedgerSink::inline(ledger);
        sink.pending = Batch::presized();
        let spare = Batch::presized();
        let mailbox = Arc::new(Mailbox::default());
        let work = Arc::clone(&mailbox);
        let (done, back) = mpsc::channel::<Parcel>();
        let spawned = std::thread::Builder::new()
            .name("seclab-ledger-sealer".into())
            .spawn(move || {
                // Lingering from the start, as after each batch: a
                // dispatcher is built when its calls are about to come, and
                // the first hand-over then finds the sealer awake.
                let mut linger_until = Some(Instant::now() + LINGER);
                // Ends when the dispatcher closes the mailbox, or stops listening.
                while let Some((mut ledger, mut batch)) = work.next(linger_until) {
                    batch.seal_into(&mut ledger);
                    if done.send((ledger, batch)).is_err() {
                        break;
                    }
                    linger_until = Some(Instant::now() + LINGER);
                }
            });
        if spawned.is_ok() {
            sink.sealer = Some(Sealer { mailbox, back });
            sink.spare = Some(spare);
        }
        sink
    }

    /// True when entries are sealed by a background thread.
    pub(crate) fn is_background(&self) -> bool {
        self.sealer.is_some()
    }

    /// True when the sealer thread died holding the ledger.
    pub(crate) fn is_lost(&self) -> bool {
        self.lost
    }

    /// Entries pushed but not yet sealed (pending here or in flight).
    pub(crate) fn unsealed(&self) -> bool {
        self.home.is_none() || self.pending.len() > 0
    }

    /// Queue `entry`, whose strings, risk reasons and `params_hash` come from
    /// `text` and from `params` (the request's own, shared: sealing encodes
    /// and hashes them). Returns the index the entry gets in the chain.
    pub(crate) fn push(&mut self, entry: Unsealed, text: &EntryText<'_>, params: Params) -> u64 {
        let index = self.next_index;
        self.next_index += 1;
        self.pending.push(entry, text, params);
        if self.sealer.is_none() {
            if let Some(l) = self.home.as_mut() {
                self.pending.seal_into(l);
            }
        } else if self.pending.len() >= SEAL_BATCH {
            self.hand_over();
        }
        index
    }

    /// Send the pending batch with the ledger to the sealer, if the ledger is
    /// home (else keep collecting: the batch in flight comes back first, and
    /// past [`MAX_PENDING`] entries this thread waits for it).
    fn hand_over(&mut self) {
        let wait = self.pending.len() >= MAX_PENDING;
        if self.home.is_none() && !self.receive(wait) {
            return;
        }
        // The sealer first: the ledger leaves home only when there is one to take it.
        let Some(sealer) = self.sealer.as_ref() else {
            return;
        };
        let Some(ledger) = self.home.take() else {
            return;
        };
        let batch = std::mem::replace(&mut self.pending, self.spare.take().unwrap_or_default());
        let refused = match sealer.mailbox.mail.lock() {
            Ok(mut mail) => {
                // Empty: the ledger was home, so no parcel is out.
                mail.parcel = Some((ledger, batch));
                if mail.asleep {
                    sealer.mailbox.ready.notify_one();
                }
                None
            }
            // The sealer died holding the mailbox lock (it never holds it
            // while sealing): keep the ledger and seal inline from now on.
            Err(_) => Some((ledger, batch)),
        };
        if let Some((mut ledger, mut batch)) = refused {
            batch.seal_into(&mut ledger);
            self.home = Some(ledger);
            self.sealer = None;
        }
    }

    /// Take the ledger back from the sealer; `wait` blocks until it returns.
    /// Returns true when the ledger is home.
    fn receive(&mut self, wait: bool) -> bool {
        if self.home.is_some() {
            return true;
        }
        let Some(sealer) = self.sealer.as_ref() else {
            return false;
        };
        let got = match sealer.back.try_recv() {
            Ok(parcel) => Ok(parcel),
            Err(e) => {
                let gone = e == mpsc::TryRecvError::Disconnected;
                if !wait && !gone {
                    return false;
                }
                // A parcel the sealer has not picked up is taken back and sealed
                // here (no waiting for a lingering or sleeping sealer, and
                // nothing lost if the thread is gone); else the sealer is
                // sealing it now: wait for it.
                match sealer.mailbox.mail.lock().ok().and_then(|mut m| m.parcel.take()) {
                    Some((mut ledger, mut batch)) => {
                        batch.seal_into(&mut ledger);
                        if gone {
                            self.sealer = None;
                        }
                        Ok((ledger, batch))
                    }
                    None if gone => Err(()),
                    None => sealer.back.recv().map_err(|_| ()),
                }
            }
        };
        match got {
            Ok((ledger, spare)) => {
                self.home = Some(ledger);
                self.spare = Some(spare);
                true
            }
            Err(()) => {
                // The thread ended holding the ledger.
                self.lost = true;
                self.sealer = None;
                false
            }
        }
    }

    /// The ledger with every pushed entry sealed: waits for the batch in
    /// flight, then seals what is pending on this thread. None when the sealer
    /// thread died with the ledger.
    pub(crate) fn sync(&mut self) -> Option<&mut Ledger> {
        self.receive(true);
        let ledger = self.home.as_mut()?;
        self.pending.seal_into(ledger);
        Some(ledger)
    }
}

#[cfg(test)]
impl LedgerSink {
    /// The preimage buffer room the pending and spare batches hold.
    pub(crate) fn preimage_room(&self) -> usize {
        let spare = self.spare.as_ref().map_or(0, |b| b.preimage.capacity());
        self.pending.preimage.capacity().max(spare)
    }
}

/// Test support: queue a batch whose bounds point past its arena and hand it
/// over, so the sealer thread panics holding the ledger; returns once the
/// sealer has taken it (a reader would otherwise take it back and seal it).
#[cfg(test)]
pub(crate) fn poison_for_test(sink: &mut LedgerSink) {
    let past = 1 << 20;
    sink.pending.entries.push(Unsealed::at(0));
    sink.pending.ends.push(Ends {
        extension_id: past,
        call_id: past,
        method: past,
        reason: past,
        reasons: 0,
    });
    sink.pending.params.push(Params::default());
    sink.hand_over();
    if let Some(sealer) = sink.sealer.as_ref() {
        while sealer.mailbox.mail.lock().is_ok_and(|m| m.parcel.is_some()) {
            std::thread::yield_now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(i: u64) -> Unsealed {
        Unsealed::at(i * 10)
    }

    fn fill(sink: &mut LedgerSink, n: u64) -> Vec<u64> {
        (0..n)
            .map(|i| {
                let params = json!({"message": format!("line {i}"), "n": i});
                let call_id = format!("c-{i}");
                let text = EntryText {
                    extension_id: "ext.a",
                    call_id: &call_id,
                    method: "log",
                    reason: if i % 3 == 0 { "ok" } else { "deny_caps" },
                    reasons: &[],
                };
                sink.push(entry(i), &text, Params::new(params))
            })
            .collect()
    }

    /// SLO-14: what the call's thread copies per entry is the compact
    /// record, less than half the bytes of a sealed entry (whose strings,
    /// reasons vector and hashes only sealing builds).
    #[test]
    fn slo_14_an_unsealed_record_is_less_than_half_an_entry() {
        let (u, e) = (std::mem::size_of::<Unsealed>(), std::mem::size_of::<LedgerEntry>());
        eprintln!("Unsealed {u} B, LedgerEntry {e} B");
        assert!(2 * u < e, "Unsealed {u} B against LedgerEntry {e} B");
    }

    /// SLO-14: a background sink's batches hold a full batch of ordinary
    /// entries from the start (the pending one and the spare the first
    /// hand-over swaps in), so the calls that fill them never reallocate.
    #[test]
    fn slo_14_background_batches_fill_without_reallocating() {
        let mut sink = LedgerSink::background(Ledger::new(0));
        assert!(sink.is_background());
        let spare = sink
            .spare
            .as_ref()
            .map(|b| (b.entries.capacity(), b.params.capacity(), b.preimage.capacity()));
        assert_eq!(spare, Some((SEAL_BATCH, SEAL_BATCH, PRESIZED_PREIMAGE)));
        let ptrs = |b: &Batch| {
            (
                b.entries.as_ptr() as usize,
                b.ends.as_ptr() as usize,
                b.text.as_ptr() as usize,
                b.params.as_ptr() as usize,
            )
        };
        let before = ptrs(&sink.pending);
        fill(&mut sink, SEAL_BATCH as u64 - 1);
        assert_eq!(sink.pending.len(), SEAL_BATCH - 1);
        assert_eq!(ptrs(&sink.pending), before);
        let inline = LedgerSink::inline(Ledger::new(0));
        assert_eq!(
            inline.pending.entries.capacity(),
            0,
            "inline sinks seal at once: no batch"
        );
    }

    /// INV-010 (hash-chained ledger): the background sealer seals the same
    /// chain as inline sealing, entry for entry, across several batches and a
    /// pending remainder, and the indices handed out match the chain.
    #[test]
    fn inv_010_background_sealing_equals_inline_sealing() {
        let n = (SEAL_BATCH * 8 + 7) as u64;
        let mut inline = LedgerSink::inline(Ledger::new(100));
        let mut bg = LedgerSink::background(Ledger::new(100));
        assert!(bg.is_background(), "the sealer thread starts");
        let a = fill(&mut inline, n);
        let b = fill(&mut bg, n);
        assert_eq!(a, b);
        assert_eq!(a, (0..n).collect::<Vec<_>>());
        let li = inline.sync().expect("inline ledger").clone();
        let lb = bg.sync().expect("sealed ledger").clone();
        assert!(!bg.unsealed());
        assert_eq!(li.len(), 100, "the capacity bound applies");
        assert_eq!(li.first_index(), n - 100);
        assert_eq!(li.last_hash(), lb.last_hash());
        assert_eq!(
            li.entries().cloned().collect::<Vec<_>>(),
            lb.entries().cloned().collect::<Vec<_>>()
        );
        lb.verify().expect("the background-sealed chain verifies");
        let p = json!({"message": "line 0", "n": 0});
        let params_hash = crate::ledger::params_hash("log", &p);
        let mut full = LedgerSink::inline(Ledger::new(1000));
        fill(&mut full, 2);
        let sealed: Vec<LedgerEntry> = full.sync().expect("ledger").entries().cloned().collect();
        let fields = |e: &LedgerEntry| {
            (
                e.extension_id.clone(),
                e.call_id.clone(),
                e.method.clone(),
                e.reason.clone(),
            )
        };
        assert_eq!(
            sealed[0].params_hash, params_hash,
            "the params hash is the one params_hash gives"
        );
        assert_eq!(
            fields(&sealed[0]),
            ("ext.a".into(), "c-0".into(), "log".into(), "ok".into())
        );
        assert_eq!(
            fields(&sealed[1]),
            ("ext.a".into(), "c-1".into(), "log".into(), "deny_caps".into())
        );
    }

    /// INV-010, failing closed: a sealer thread that dies holding the ledger
    /// (here: a batch whose bounds point past its arena makes it panic) is
    /// noticed at the next read, and the sink reports the ledger lost; the
    /// dispatcher then refuses every call (`ledger_unavailable`).
    #[test]
    fn inv_010_a_sealer_that_dies_with_the_ledger_is_reported_lost() {
        let mut bg = LedgerSink::background(Ledger::new(100));
        fill(&mut bg, 3);
        poison_for_test(&mut bg);
        assert!(bg.sync().is_none(), "no ledger to read");
        assert!(bg.is_lost());
        assert!(!bg.is_background(), "nothing is handed to a dead thread");
    }

    /// INV-010: a parcel still in the mailbox at a read (the sealer has not
    /// taken it: here no sealer thread exists at all) is taken back and
    /// sealed by the reader, in order, and the chain equals inline sealing;
    /// nothing is lost, and with no thread to answer, sealing goes on inline.
    #[test]
    fn inv_010_a_parcel_the_sealer_has_not_taken_is_sealed_by_the_reader() {
        let (done, back) = mpsc::channel::<Parcel>();
        drop(done);
        let mut idle = LedgerSink::inline(Ledger::new(1000));
        idle.sealer = Some(Sealer {
            mailbox: Arc::new(Mailbox::default()),
            back,
        });
        let mut inline = LedgerSink::inline(Ledger::new(1000));
        for (round, n) in [SEAL_BATCH as u64 + 3, 2 * SEAL_BATCH as u64].into_iter().enumerate() {
            fill(&mut idle, n);
            fill(&mut inline, n);
            assert_eq!(
                idle.unsealed(),
                round == 0,
                "round {round}: a parcel is out only before the first read"
            );
            let a = idle.sync().expect("the reader seals the parcel").clone();
            let b = inline.sync().expect("inline").clone();
            assert_eq!(
                a.entries().cloned().collect::<Vec<_>>(),
                b.entries().cloned().collect::<Vec<_>>()
            );
            assert!(!idle.unsealed() && !idle.is_lost() && !idle.is_background());
        }
        idle.sync().expect("ledger").verify().expect("verifies");
    }

    /// INV-012 (params reach the ledger only as their hash) and INV-010: an
    /// entry hashes its call's params as they were at the push, though they
    /// are encoded only when sealed: a caller that edits its request (its
    /// copy of the shared params) before the batch is sealed changes the
    /// request, not the entry. Inline and background sinks give one chain,
    /// and the pending batch's reference is the only one left once the caller
    /// has let its request go.
    #[test]
    fn inv_012_an_entry_hashes_its_params_as_they_were_at_the_push() {
        let sent = json!({"op": "write", "path": "a.txt", "content": "x\"y"});
        let text = EntryText {
            extension_id: "ext.a",
            call_id: "c",
            method: "fs",
            reason: "ok",
            reasons: &[],
        };
        let mut chains = Vec::new();
        for background in [false, true] {
            let mut sink = if background {
                LedgerSink::background(Ledger::new(1000))
            } else {
                LedgerSink::inline(Ledger::new(1000))
            };
            let mut request = Params::new(sent.clone());
            sink.push(entry(1), &text, request.clone());
            assert_eq!(
                sink.pending.params.first().is_some_and(|p| p.is_shared_with(&request)),
                background,
                "a background batch holds the request's own params until sealed"
            );
            request["path"] = json!("/etc/shadow");
            let gone = Params::new(json!({"op": "read", "path": "b.txt"}));
            sink.push(entry(2), &text, gone.clone());
            drop(gone);
            let ledger = sink.sync().expect("ledger").clone();
            let hashes: Vec<String> = ledger.entries().map(|e| e.params_hash.clone()).collect();
            assert_eq!(
                hashes,
                vec![
                    crate::ledger::params_hash("fs", &sent),
                    crate::ledger::params_hash("fs", &json!({"op": "read", "path": "b.txt"})),
                ],
                "background {background}"
            );
            assert_ne!(hashes[0], crate::ledger::params_hash("fs", &request));
            ledger.verify().expect("verifies");
            chains.push(ledger.entries().cloned().collect::<Vec<_>>());
        }
        assert_eq!(chains[0], chains[1]);
    }

    /// INV-010: pushing after a sync keeps one chain (the sealer picks up
    /// where the reader left it).
    #[test]
    fn inv_010_sync_between_batches_keeps_one_chain() {
        let mut bg = LedgerSink::background(Ledger::new(10_000));
        let mut inline = LedgerSink::inline(Ledger::new(10_000));
        for round in 0..5u64 {
            let n = 10 + round * 40;
            fill(&mut bg, n);
            fill(&mut inline, n);
            let hb = bg.sync().map(|l| l.last_hash().to_string());
            let hi = inline.sync().map(|l| l.last_hash().to_string());
            assert_eq!(hb, hi, "round {round}");
        }
        bg.sync().expect("ledger").verify().expect("verifies");
    }
}
