//! Which clock the risk controller's fail-closed decision timeout measures on.
//!
//! The timeout (`risk.decision_timeout_ms`) bounds how long one decision may
//! take. In the live engine that is real time: [`live_clock`], the processor's
//! invariant time-stamp counter ([`CycleClock`]) where it has one, else
//! [`crate::MonotonicClock`]. Reading the counter is one instruction; the
//! operating system's clock is a call into the vDSO that reads its own data
//! page, and the call and the page are cold again after a connector's I/O:
//! two such reads per call cost SLO-14 about 0.4 points (stop 32's
//! ablation). In the lab (simulated sessions, sweeps) and in `seclab
//! replay`, time is the trace's `ts_ms`, which stands still while the engine
//! decides a call: on that clock every decision takes zero time, so a slow or
//! loaded machine can never turn an Allow into a fail-closed Deny.
//! [`TraceClock`] is that clock; [`crate::Dispatcher::for_trace`] builds a
//! dispatcher on it.

use crate::risk::{Clock, MonotonicClock};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The clock a live dispatcher or controller measures its decision timeout
/// on: a [`CycleClock`] when this processor has an invariant time-stamp
/// counter and its rate could be measured, else the operating system's
/// monotonic clock.
pub fn live_clock() -> Box<dyn Clock> {
    match CycleClock::new() {
        Some(c) => Box::new(c),
        None => Box::new(MonotonicClock::default()),
    }
}

/// Real time read from the processor's time-stamp counter (x86_64 with the
/// invariant-TSC bit: the counter ticks at one rate whatever the core's
/// frequency or sleep state), scaled to nanoseconds by a rate measured once
/// per process against [`Instant`]. Where the counter jumps (a virtual machine
/// moved to another host without counter scaling), at most the one decision
/// in flight is affected: a jump forward times it out (fail closed), a jump
/// back reads as zero time for it, and the readings after it carry on from
/// the last one.
#[derive(Debug, Clone, Copy)]
pub struct CycleClock {
    /// Counter value at `offset_ns`.
    start: u64,
    offset_ns: u64,
    /// The last counter value read.
    last: u64,
    ns_per_tick: f64,
}

impl CycleClock {
    /// None where there is no invariant counter, or its measured rate is not
    /// plausible (below 50 MHz or above 50 GHz).
    pub fn new() -> Option<Self> {
        Self::with_rate((*NS_PER_TICK.get_or_init(calibrate))?)
    }

    /// A cycle clock at a rate measured elsewhere, for measuring tools run
    /// where the counter's invariance cannot be seen: valgrind reports no
    /// invariant counter on a machine that has one (and runs too slowly to
    /// measure the rate), so `cargo xtask footprint` measures it natively and
    /// passes it in. None where there is no counter or the rate is not
    /// plausible.
    pub fn with_rate(ns_per_tick: f64) -> Option<Self> {
        let start = counter()?;
        (0.02..=20.0).contains(&ns_per_tick).then_some(CycleClock {
            start,
            offset_ns: 0,
            last: start,
            ns_per_tick,
        })
    }

    /// Nanoseconds at counter value `c`: a value below the last one read (the
    /// counter went back) starts a new span that carries on from the last
    /// reading, so one jump never stops the clock for good.
    fn advance(&mut self, c: u64) -> u64 {
        if c < self.last {
            self.offset_ns = self.ns_at(self.last);
            self.start = c;
        }
        self.last = c;
        self.ns_at(c)
    }

    fn ns_at(&self, c: u64) -> u64 {
        // Saturates at u64::MAX (float-to-int `as` is saturating).
        let span = (c.saturating_sub(self.start) as f64 * self.ns_per_tick) as u64;
        self.offset_ns.saturating_add(span)
    }

    /// Nanoseconds per counter tick.
    pub fn ns_per_tick(&self) -> f64 {
        self.ns_per_tick
    }
}

impl Clock for CycleClock {
    fn now_ns(&mut self) -> u64 {
        // `new` succeeded, so the counter exists.
        let c = counter().unwrap_or(self.last);
        self.advance(c)
    }
}

/// The counter's measured rate, once per process (None: no usable counter).
static NS_PER_TICK: OnceLock<Option<f64>> = OnceLock::new();

/// How long the rate measurement waits between its two readings.
const CALIBRATION: Duration = Duration::from_millis(2);

/// Measure nanoseconds per tick: two (Instant, counter) readings
/// [`CALIBRATION`] apart. A reading whose two counter reads around the
/// `Instant` lie far apart (the thread was preempted in between) is taken again.
fn calibrate() -> Option<f64> {
    if !has_invariant_counter() {
        return None;
    }
    let reading = || {
        (0..16).find_map(|_| {
            let a = counter()?;
            let t = Instant::now();
            let b = counter()?;
            (b.checked_sub(a)? < 50_000).then_some((t, a + (b - a) / 2))
        })
    };
    let (t0, c0) = reading()?;
    std::thread::sleep(CALIBRATION);
    let (t1, c1) = reading()?;
    let ticks = c1.checked_sub(c0)?;
    let r = t1.duration_since(t0).as_nanos() as f64 / ticks as f64;
    (0.02..=20.0).contains(&r).then_some(r)
}

#[cfg(target_arch = "x86_64")]
fn has_invariant_counter() -> bool {
    use std::arch::x86_64::__cpuid;
    // Leaf 0x8000_0007 (advanced power management), EDX bit 8: invariant TSC.
    __cpuid(0x8000_0000).eax >= 0x8000_0007 && (__cpuid(0x8000_0007).edx >> 8) & 1 == 1
}

#[cfg(not(target_arch = "x86_64"))]
fn has_invariant_counter() -> bool {
    false
}

/// The time-stamp counter (the engine's one `unsafe` block).
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
fn counter() -> Option<u64> {
    // SAFETY: RDTSC exists on every x86_64 processor, takes no operand and
    // touches no memory; the intrinsic is `unsafe` only by convention.
    Some(unsafe { std::arch::x86_64::_rdtsc() })
}

#[cfg(not(target_arch = "x86_64"))]
fn counter() -> Option<u64> {
    None
}

/// The trace's clock as seen from inside one decision: trace time does not
/// advance between the two reads the controller makes around a decision, so
/// the measured decision time is always 0 and reads cost nothing. Use it
/// wherever decisions follow a trace's timestamps rather than the wall clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TraceClock;

impl Clock for TraceClock {
    fn now_ns(&mut self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MonotonicClock;
    use std::time::Duration;

    /// SLO-06: the live clock measures real time. Over a 30 ms sleep the cycle
    /// clock advances at least the sleep and no more than the `Instant`s read
    /// outside it (1 % and 50 µs of slack for the rate measurement).
    #[test]
    fn slo_06_cycle_clock_measures_real_time() {
        let Some(mut c) = CycleClock::new() else {
            eprintln!("slo_06_cycle_clock_measures_real_time: skipped, no invariant time-stamp counter here");
            assert!(!has_invariant_counter() || NS_PER_TICK.get() == Some(&None));
            return;
        };
        assert!(c.ns_per_tick() > 0.0);
        let i0 = Instant::now();
        let c0 = c.now_ns();
        std::thread::sleep(Duration::from_millis(30));
        let c1 = c.now_ns();
        let outer = i0.elapsed().as_nanos() as f64;
        let d = (c1 - c0) as f64;
        assert!(d >= 30e6 * 0.99, "cycle clock advanced {d} ns over a 30 ms sleep");
        assert!(
            d <= outer * 1.01 + 50e3,
            "cycle clock advanced {d} ns, Instant {outer} ns"
        );
    }

    /// SLO-06: a clock at a rate measured elsewhere (the footprint harness,
    /// under valgrind) takes only a plausible rate, and at the rate this
    /// machine measured it reads as the calibrated clock does.
    #[test]
    fn slo_06_a_cycle_clock_at_a_given_rate_takes_only_a_plausible_one() {
        for bad in [0.0, -1.0, 0.01, 25.0, f64::NAN, f64::INFINITY] {
            assert!(CycleClock::with_rate(bad).is_none(), "rate {bad} taken");
        }
        let Some(live) = CycleClock::new() else {
            eprintln!("slo_06_a_cycle_clock_at_a_given_rate_takes_only_a_plausible_one: skipped the reading, no invariant time-stamp counter here");
            return;
        };
        let mut c = CycleClock::with_rate(live.ns_per_tick()).expect("a measured rate is plausible");
        let c0 = c.now_ns();
        std::thread::sleep(Duration::from_millis(20));
        let d = c.now_ns() - c0;
        assert!(d >= 20_000_000 * 99 / 100, "advanced {d} ns over a 20 ms sleep");
    }

    /// SLO-06: a counter that goes back (a virtual machine moved between
    /// hosts) costs at most the decision in flight; the readings after it
    /// carry on from the last one and measure real spans again.
    #[test]
    fn slo_06_cycle_clock_keeps_measuring_after_the_counter_goes_back() {
        let mut c = CycleClock {
            start: 1_000,
            offset_ns: 0,
            last: 1_000,
            ns_per_tick: 0.5,
        };
        assert_eq!(c.advance(3_000), 1_000);
        // Back by 2,500 ticks: no time passes for that reading.
        assert_eq!(c.advance(500), 1_000);
        // Then 4,000 ticks later: 2,000 ns on from there, as before the jump.
        assert_eq!(c.advance(4_500), 3_000);
        assert_eq!(c.advance(4_500), 3_000);
        // A counter far ahead reads far ahead (the span counts from the jump's
        // reading, 500 ticks at 1,000 ns), never wrapping.
        assert_eq!(c.advance(u64::MAX), 1_000 + ((u64::MAX - 500) as f64 * 0.5) as u64);
    }

    /// A really slow machine: 60 ms (above the default 50 ms timeout) pass
    /// between the two reads. The machine clock sees them, the trace clock not.
    #[test]
    fn slo_06_trace_clock_does_not_advance_on_a_slow_machine() {
        let mut trace = TraceClock;
        let mut machine = MonotonicClock::default();
        let (t0, m0) = (trace.now_ns(), machine.now_ns());
        std::thread::sleep(Duration::from_millis(60));
        let (t1, m1) = (trace.now_ns(), machine.now_ns());
        assert_eq!(t1 - t0, 0);
        assert!(m1 - m0 >= 60_000_000, "machine clock advanced {} ns", m1 - m0);
    }
}
