//! Per-extension behavioural state: the sliding window of the last
//! `window_size` hostcalls and the running statistics over it.
//!
//! Every statistic the score needs is kept as a running sum that is adjusted
//! when a call enters or leaves the window, so an update costs O(1) whatever the
//! window size: evidence sums, error/denial counts, sensitive reads, bytes sent,
//! distinct env names (a counted hash map), call counts in the last 1 s and 10 s
//! (two tail cursors that only move forward), the mean and half-means of scores
//! and a fixed-bin histogram of residuals for the conformal quantile.

use super::{Outcome, RiskAction};
use crate::capability::CapabilitySet;
use crate::git_scripts::ScriptMemory;
use crate::git_vars::GitVarMemory;
use crate::shell_cwd::CwdMemory;
use std::collections::HashMap;

/// Bins of the residual histogram over [0, 1].
pub const RESIDUAL_BINS: usize = 64;

/// Window slots a new state allocates at once (the whole default window of
/// 128 calls): its buffers then do not grow, and reallocate, while the first
/// calls of a session fill them. Larger windows grow past this as they fill.
const PRESIZED_SLOTS: usize = 1024;

/// One call in the window.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Entry {
    pub ts_ms: u64,
    pub dangerous: bool,
    pub error: bool,
    pub denied: bool,
    /// A sensitive file read or a secret env read.
    pub sensitive: bool,
    /// Bytes sent to hosts outside the known list.
    pub bytes_out: u64,
    /// Env name hash, 0 when none.
    pub env_hash: u64,
    /// Evidence (safe, suspicious, unsafe) this call contributed, feedback included.
    pub ev: [f64; 3],
    pub outcome_pending: bool,
}

/// Scores of the evaluated calls of the window, with sum, older-half sum and a
/// histogram of residual bins.
#[derive(Debug, Clone)]
pub(crate) struct ScoreRing {
    buf: Vec<(f64, u8)>,
    cap: usize,
    head: usize,
    len: usize,
    sum: f64,
    /// Sum of the oldest `len / 2` scores.
    first_sum: f64,
    hist: [u32; RESIDUAL_BINS],
}

impl ScoreRing {
    fn new(cap: usize) -> Self {
        ScoreRing {
            buf: Vec::with_capacity(cap.min(PRESIZED_SLOTS)),
            cap,
            head: 0,
            len: 0,
            sum: 0.0,
            first_sum: 0.0,
            hist: [0; RESIDUAL_BINS],
        }
    }

    fn at(&self, i: usize) -> (f64, u8) {
        self.buf[wrap(self.head + i, self.cap)]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn mean(&self) -> f64 {
        if self.len == 0 {
            0.0
        } else {
            self.sum / self.len as f64
        }
    }

    /// (older-half mean, newer-half mean); None with fewer than 2 scores.
    pub fn half_means(&self) -> Option<(f64, f64)> {
        let h = self.len / 2;
        if h == 0 {
            return None;
        }
        let newer = self.len - h;
        Some((self.first_sum / h as f64, (self.sum - self.first_sum) / newer as f64))
    }

    /// The conformal (1 - alpha) quantile of the stored residuals: the upper edge
    /// of the bin holding rank ceil((1 - alpha)(n + 1)); None when that rank
    /// exceeds n (too few residuals for the level).
    pub fn residual_quantile(&self, alpha: f64) -> Option<f64> {
        let n = self.len;
        if n == 0 {
            return None;
        }
        let rank = ceil_to_usize((1.0 - alpha) * (n as f64 + 1.0));
        if rank > n {
            return None;
        }
        let mut acc = 0usize;
        for (b, &c) in self.hist.iter().enumerate() {
            acc += c as usize;
            if acc >= rank {
                return Some((b + 1) as f64 / RESIDUAL_BINS as f64);
            }
        }
        Some(1.0)
    }

    /// Hold up to `cap` scores from now on, keeping those held (at most
    /// `cap`), oldest first.
    fn set_cap(&mut self, cap: usize) {
        assert!(self.len <= cap, "a ring of {} scores cannot shrink to {cap}", self.len);
        straighten(&mut self.buf, &mut self.head, self.len);
        self.cap = cap;
    }

    pub fn push(&mut self, score: f64, residual: f64) {
        let bin = residual_bin(residual);
        let h_before = self.len / 2;
        if self.len == self.cap {
            // Evict the oldest (it is in the older half); the entry at logical index
            // h moves from the newer half into the older one.
            let (old, old_bin) = self.at(0);
            let moved = self.at(h_before).0;
            self.sum -= old;
            self.first_sum += moved - old;
            self.hist[old_bin as usize] -= 1;
            self.head = wrap(self.head + 1, self.cap);
            self.len -= 1;
            let idx = wrap(self.head + self.len, self.cap);
            self.buf[idx] = (score, bin);
            self.len += 1;
        } else {
            let idx = wrap(self.head + self.len, self.cap);
            if idx == self.buf.len() {
                self.buf.push((score, bin));
            } else {
                self.buf[idx] = (score, bin);
            }
            self.len += 1;
            let h_after = self.len / 2;
            if h_after > h_before {
                self.first_sum += self.at(h_before).0;
            }
        }
        self.sum += score;
        self.hist[bin as usize] += 1;
    }
}

/// Put the `len` items of a ring that starts at `head` in order at the
/// front of `buf` (head 0) and drop the slots past them: a ring filled up to
/// its capacity and wrapped holds every slot, so a rotation orders it.
fn straighten<T>(buf: &mut Vec<T>, head: &mut usize, len: usize) {
    if *head != 0 {
        buf.rotate_left(*head);
        *head = 0;
    }
    buf.truncate(len);
}

/// `i % cap` for `i < 2 * cap`, without a division: every ring index here is
/// a position below `cap` plus an offset of at most `cap`.
#[inline]
fn wrap(i: usize, cap: usize) -> usize {
    debug_assert!(i < 2 * cap, "ring index {i} past twice the capacity {cap}");
    if i >= cap {
        i - cap
    } else {
        i
    }
}

/// `x.ceil() as usize`, without the call to `ceil` (baseline x86-64 has no
/// rounding instruction, so `f64::ceil` is a library call on every decision):
/// the truncation, plus one when it fell below `x`. Equal for every `f64`,
/// NaN, negatives and infinities included (test
/// `slo_14_ceil_to_usize_equals_the_library_ceil`).
#[inline(always)]
fn ceil_to_usize(x: f64) -> usize {
    let t = x as usize;
    if (t as f64) < x {
        t.saturating_add(1)
    } else {
        t
    }
}

fn residual_bin(r: f64) -> u8 {
    if r.is_finite() && r > 0.0 {
        ((r * RESIDUAL_BINS as f64) as usize).min(RESIDUAL_BINS - 1) as u8
    } else {
        0
    }
}

/// An extension's e-process under one config: the log of the e-value and
/// the run of calls in a row that scored as unsafe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EProcessState {
    pub(crate) log_e: f64,
    pub(crate) consecutive_unsafe: u32,
}

impl EProcessState {
    /// Before an extension's first call.
    pub const START: EProcessState = EProcessState {
        log_e: 0.0,
        consecutive_unsafe: 0,
    };
}

/// The full state of one extension.
#[derive(Debug, Clone)]
pub struct ExtState {
    entries: Vec<Entry>,
    cap: usize,
    head: usize,
    len: usize,
    /// Sequence number of the oldest entry in the window.
    base_seq: u64,
    next_seq: u64,
    tail_1s: u64,
    tail_10s: u64,
    pub(crate) calls_1s: u32,
    pub(crate) calls_10s: u32,
    pub(crate) dangerous_10s: u32,
    pub(crate) ev_sum: [f64; 3],
    pub(crate) errors: u32,
    pub(crate) denials: u32,
    pub(crate) sensitive: u32,
    pub(crate) bytes_out: u64,
    env_counts: HashMap<u64, u32>,
    pub(crate) scores: ScoreRing,
    /// The e-process: the only part of the state that configs of one lockstep
    /// share group keep apart ([`crate::dispatch::lockstep`]).
    pub(crate) e: EProcessState,
    pub(crate) failure_streak: u32,
    pub(crate) terminations: u32,
    pub(crate) quarantined: bool,
    pub(crate) last_action: RiskAction,
    pub(crate) seen_caps: CapabilitySet,
    pub(crate) total_calls: u64,
    last_ts: u64,
    /// Session-long taint: a secret read succeeded (never decays with the window).
    pub(crate) tainted: bool,
    /// The newest evaluated call reads secret material; taints on success.
    pub(crate) pending_taint: bool,
    /// Hashes of git remote names the session added or re-pointed.
    pub(crate) added_remotes: Vec<u64>,
    /// Git variables the session's shell holds with a harmful value not yet
    /// exported, and whether some shell variable holds one: one bit per
    /// variable, no value.
    pub(crate) git_vars: GitVarMemory,
    /// Where the extension's shell is: the project, the home, a directory of
    /// secrets ([`crate::shell_cwd`]).
    pub(crate) cwd: CwdMemory,
    /// Script files the session wrote with text that would harm when run
    /// (hashes of their paths, [`crate::git_scripts`]).
    pub(crate) scripts: ScriptMemory,
}

impl ExtState {
    pub fn new(window: usize) -> Self {
        let cap = window.max(1);
        ExtState {
            entries: Vec::with_capacity(cap.min(PRESIZED_SLOTS)),
            cap,
            head: 0,
            len: 0,
            base_seq: 0,
            next_seq: 0,
            tail_1s: 0,
            tail_10s: 0,
            calls_1s: 0,
            calls_10s: 0,
            dangerous_10s: 0,
            ev_sum: [0.0; 3],
            errors: 0,
            denials: 0,
            sensitive: 0,
            bytes_out: 0,
            env_counts: HashMap::new(),
            scores: ScoreRing::new(cap),
            e: EProcessState::START,
            failure_streak: 0,
            terminations: 0,
            quarantined: false,
            last_action: RiskAction::Allow,
            seen_caps: CapabilitySet::EMPTY,
            total_calls: 0,
            last_ts: 0,
            tainted: false,
            pending_taint: false,
            added_remotes: Vec::new(),
            git_vars: GitVarMemory::default(),
            cwd: CwdMemory::default(),
            scripts: ScriptMemory::default(),
        }
    }

    /// Back to the state of `ExtState::new(window)`, keeping the buffers'
    /// allocations (the lab's lockstep sweep reuses states between sessions).
    pub fn reset(&mut self, window: usize) {
        let mut entries = std::mem::take(&mut self.entries);
        let mut env_counts = std::mem::take(&mut self.env_counts);
        let mut buf = std::mem::take(&mut self.scores.buf);
        let mut added_remotes = std::mem::take(&mut self.added_remotes);
        entries.clear();
        env_counts.clear();
        buf.clear();
        added_remotes.clear();
        *self = ExtState::new(window);
        self.entries = entries;
        self.env_counts = env_counts;
        self.scores.buf = buf;
        self.added_remotes = added_remotes;
    }

    /// Calls currently in the window (evaluated or not).
    pub fn len(&self) -> usize {
        self.len
    }

    /// The larger of the window's calls and its scores: a window of that
    /// size is full, a smaller one would have evicted.
    pub(crate) fn fill(&self) -> usize {
        self.len.max(self.scores.len)
    }

    /// A window of `window` calls from now on, keeping the calls it holds
    /// (at most `window`), in order; sums and cursors are unchanged.
    pub(crate) fn set_window(&mut self, window: usize) {
        let cap = window.max(1);
        assert!(self.len <= cap, "a window of {} calls cannot shrink to {cap}", self.len);
        straighten(&mut self.entries, &mut self.head, self.len);
        self.cap = cap;
        self.scores.set_cap(cap);
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_quarantined(&self) -> bool {
        self.quarantined
    }

    /// Whether the extension read secret material earlier in the session.
    pub fn is_tainted(&self) -> bool {
        self.tainted
    }

    /// Distinct env names in the window.
    pub fn env_distinct(&self) -> usize {
        self.env_counts.len()
    }

    pub(crate) fn env_seen(&self, hash: u64) -> bool {
        self.env_counts.contains_key(&hash)
    }

    fn slot(&self, seq: u64) -> usize {
        wrap(self.head + (seq - self.base_seq) as usize, self.cap)
    }

    fn entry(&self, seq: u64) -> &Entry {
        &self.entries[self.slot(seq)]
    }

    /// Time never runs backwards inside a window: an older timestamp is read as the latest one.
    pub(crate) fn clamp_time(&mut self, now_ms: u64) -> u64 {
        let t = now_ms.max(self.last_ts);
        self.last_ts = t;
        t
    }

    /// Move the 1 s and 10 s cursors past calls that are now too old.
    pub(crate) fn advance_time(&mut self, now_ms: u64) {
        while self.tail_1s < self.next_seq && self.entry(self.tail_1s).ts_ms.saturating_add(1_000) <= now_ms {
            self.calls_1s -= 1;
            self.tail_1s += 1;
        }
        while self.tail_10s < self.next_seq && self.entry(self.tail_10s).ts_ms.saturating_add(10_000) <= now_ms {
            if self.entry(self.tail_10s).dangerous {
                self.dangerous_10s -= 1;
            }
            self.calls_10s -= 1;
            self.tail_10s += 1;
        }
    }

    /// Append a call, evicting the oldest when the window is full. `now_ms` must
    /// come from [`ExtState::clamp_time`].
    #[inline(always)]
    pub(crate) fn push(&mut self, e: Entry) {
        if self.len == self.cap {
            let old_seq = self.base_seq;
            let old = *self.entry(old_seq);
            if self.tail_1s == old_seq {
                self.calls_1s -= 1;
                self.tail_1s += 1;
            }
            if self.tail_10s == old_seq {
                self.calls_10s -= 1;
                if old.dangerous {
                    self.dangerous_10s -= 1;
                }
                self.tail_10s += 1;
            }
            self.remove_stats(&old);
            self.head = wrap(self.head + 1, self.cap);
            self.base_seq += 1;
            self.len -= 1;
        }
        let idx = wrap(self.head + self.len, self.cap);
        if idx == self.entries.len() {
            self.entries.push(e);
        } else {
            self.entries[idx] = e;
        }
        self.len += 1;
        self.next_seq += 1;
        self.calls_1s += 1;
        self.calls_10s += 1;
        if e.dangerous {
            self.dangerous_10s += 1;
        }
        self.add_stats(&e);
    }

    #[inline(always)]
    fn add_stats(&mut self, e: &Entry) {
        for (s, v) in self.ev_sum.iter_mut().zip(e.ev) {
            *s += v;
        }
        self.errors += u32::from(e.error);
        self.denials += u32::from(e.denied);
        self.sensitive += u32::from(e.sensitive);
        self.bytes_out = self.bytes_out.saturating_add(e.bytes_out);
        if e.env_hash != 0 {
            *self.env_counts.entry(e.env_hash).or_insert(0) += 1;
        }
    }

    #[inline(always)]
    fn remove_stats(&mut self, e: &Entry) {
        for (s, v) in self.ev_sum.iter_mut().zip(e.ev) {
            *s -= v;
        }
        self.errors -= u32::from(e.error);
        self.denials -= u32::from(e.denied);
        self.sensitive -= u32::from(e.sensitive);
        self.bytes_out = self.bytes_out.saturating_sub(e.bytes_out);
        if e.env_hash != 0 {
            if let Some(c) = self.env_counts.get_mut(&e.env_hash) {
                *c -= 1;
                if *c == 0 {
                    self.env_counts.remove(&e.env_hash);
                }
            }
        }
    }

    /// Apply an outcome to the newest call if it still waits for one.
    /// Returns false when there was no pending call.
    pub(crate) fn apply_outcome(&mut self, outcome: Outcome, ev: [f64; 3]) -> bool {
        if self.len == 0 {
            return false;
        }
        let idx = self.slot(self.next_seq - 1);
        let e = &mut self.entries[idx];
        if !e.outcome_pending {
            return false;
        }
        // The entry leaves the window's statistics and rejoins them with its
        // outcome (the same operations, in the same order, as `remove_stats` then
        // `add_stats`), updated in place: a copy of the whole entry here cost
        // more than the arithmetic.
        e.outcome_pending = false;
        let before = (e.ev, e.error, e.denied);
        for (a, b) in e.ev.iter_mut().zip(ev) {
            *a += b;
        }
        e.error = outcome.is_extension_failure();
        e.denied = outcome.is_engine_refusal() && e.dangerous;
        let after = (e.ev, e.error, e.denied);
        let bytes_out = e.bytes_out;
        for (s, v) in self.ev_sum.iter_mut().zip(before.0) {
            *s -= v;
        }
        self.errors -= u32::from(before.1);
        self.denials -= u32::from(before.2);
        // `sensitive` and the env name leave and rejoin unchanged; bytes may have
        // saturated, so they go out and back in as `remove_stats`/`add_stats` do.
        self.bytes_out = self.bytes_out.saturating_sub(bytes_out);
        for (s, v) in self.ev_sum.iter_mut().zip(after.0) {
            *s += v;
        }
        self.errors += u32::from(after.1);
        self.denials += u32::from(after.2);
        self.bytes_out = self.bytes_out.saturating_add(bytes_out);
        self.note_outcome(outcome);
        if self.pending_taint && outcome == Outcome::Success {
            self.tainted = true;
        }
        self.pending_taint = false;
        self.git_vars.settle(outcome == Outcome::Success);
        self.cwd.settle(outcome == Outcome::Success);
        true
    }

    /// Engine refusals leave the failure streak as it was (no self-inflicted escalation).
    pub(crate) fn note_outcome(&mut self, outcome: Outcome) {
        if outcome == Outcome::Success {
            self.failure_streak = 0;
        } else if outcome.is_extension_failure() {
            self.failure_streak = self.failure_streak.saturating_add(1);
        }
    }

    /// Recompute every running statistic by scanning the window (tests only:
    /// checks that the O(1) updates never drift from the truth).
    #[cfg(test)]
    pub(crate) fn rescan(&self, now_ms: u64) -> (u32, u32, u32, [f64; 3], u32, u32, usize) {
        let mut c1 = 0;
        let mut c10 = 0;
        let mut d10 = 0;
        let mut ev = [0.0; 3];
        let mut errors = 0;
        let mut denials = 0;
        let mut names = std::collections::HashSet::new();
        for seq in self.base_seq..self.next_seq {
            let e = self.entry(seq);
            if e.ts_ms + 1_000 > now_ms {
                c1 += 1;
            }
            if e.ts_ms + 10_000 > now_ms {
                c10 += 1;
                d10 += u32::from(e.dangerous);
            }
            for (a, b) in ev.iter_mut().zip(e.ev) {
                *a += b;
            }
            errors += u32::from(e.error);
            denials += u32::from(e.denied);
            if e.env_hash != 0 {
                names.insert(e.env_hash);
            }
        }
        (c1, c10, d10, ev, errors, denials, names.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SLO-14 (the decision's arithmetic is unchanged by its speed-up): the
    /// rank of the conformal quantile, computed without the library `ceil`,
    /// equals `ceil() as usize` on every kind of `f64`: integers and the
    /// floats next to them, fractions, the window's products (1 - alpha)(n + 1)
    /// for alphas near 0 and 1, negatives, NaN, infinities, and the values
    /// around 2^52, 2^53 and 2^64 where truncation and rounding meet.
    #[test]
    fn slo_14_ceil_to_usize_equals_the_library_ceil() {
        let mut xs = vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
        ];
        for e in [0i32, 1, 10, 31, 52, 53, 63, 64, 65] {
            let p = 2f64.powi(e);
            for x in [p, -p, p + 0.5, p - 0.5] {
                xs.extend([x, x.next_up(), x.next_down()]);
            }
        }
        for alpha in [1e-9, 0.001, 0.05, 0.1, 0.5, 0.9, 0.999_999, 1.0, 1.5] {
            for n in 0..=1024u32 {
                xs.push((1.0 - alpha) * (f64::from(n) + 1.0));
            }
        }
        for k in 0..2000 {
            xs.push(f64::from(k) / 7.0 - 100.0);
        }
        for x in xs {
            assert_eq!(ceil_to_usize(x), x.ceil() as usize, "{x:e}");
        }
    }

    #[test]
    fn running_stats_match_a_rescan_under_eviction() {
        let mut s = ExtState::new(16);
        let mut t = 0u64;
        for i in 0..500u64 {
            t += (i * 7919) % 900;
            let now = s.clamp_time(t);
            s.advance_time(now);
            s.push(Entry {
                ts_ms: now,
                dangerous: i % 3 == 0,
                env_hash: if i % 5 == 0 { 1 + i % 4 } else { 0 },
                ev: [1.0, 0.1 * (i % 4) as f64, 0.01],
                outcome_pending: true,
                ..Default::default()
            });
            let outcome = if i % 4 == 0 {
                Outcome::PolicyDenied
            } else {
                Outcome::Success
            };
            s.apply_outcome(outcome, [0.0, 0.0, 0.5]);
            let (c1, c10, d10, ev, errors, denials, distinct) = s.rescan(now);
            assert_eq!((s.calls_1s, s.calls_10s, s.dangerous_10s), (c1, c10, d10), "step {i}");
            assert_eq!((s.errors, s.denials, s.env_distinct()), (errors, denials, distinct));
            for (a, b) in s.ev_sum.iter().zip(ev) {
                assert!((a - b).abs() < 1e-9);
            }
            assert!(s.len() <= 16);
        }
    }

    /// SLO-14: a new state's buffers hold the default window from the start,
    /// so the calls that fill it never reallocate them (a reallocation cost
    /// a call several microseconds); a window past the presized slots grows.
    #[test]
    fn slo_14_a_new_state_fills_the_default_window_without_reallocating() {
        let window = super::super::RiskConfig::default().window_size;
        let mut s = ExtState::new(window);
        let (entries, scores) = (s.entries.as_ptr(), s.scores.buf.as_ptr());
        for i in 0..window as u64 * 3 {
            let now = s.clamp_time(i * 10);
            s.advance_time(now);
            s.push(Entry {
                ts_ms: now,
                ..Default::default()
            });
            s.scores.push(0.5, 0.1);
        }
        assert_eq!(s.len(), window);
        assert_eq!((s.entries.as_ptr(), s.scores.buf.as_ptr()), (entries, scores));
        let big = ExtState::new(PRESIZED_SLOTS * 4);
        assert!(big.entries.capacity() < PRESIZED_SLOTS * 4);
        assert!(big.entries.capacity() >= PRESIZED_SLOTS);
    }

    #[test]
    fn score_ring_mean_half_means_and_quantile() {
        let mut r = ScoreRing::new(8);
        for i in 0..20usize {
            r.push(i as f64, 0.5);
            let n = r.len();
            let vals: Vec<f64> = ((i + 1).saturating_sub(n)..=i).map(|x| x as f64).collect();
            let h = n / 2;
            let mean: f64 = vals.iter().sum::<f64>() / n as f64;
            assert!((r.mean() - mean).abs() < 1e-9);
            if let Some((a, b)) = r.half_means() {
                let ea = vals[..h].iter().sum::<f64>() / h as f64;
                let eb = vals[h..].iter().sum::<f64>() / (n - h) as f64;
                assert!((a - ea).abs() < 1e-9 && (b - eb).abs() < 1e-9, "step {i}");
            }
        }
        assert_eq!(r.residual_quantile(0.5), Some(33.0 / 64.0));
        assert_eq!(r.residual_quantile(0.01), None);
    }
}
