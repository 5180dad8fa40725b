//! Which clock the risk controller's fail-closed decision timeout measures on.
//!
//! The timeout (`risk.decision_timeout_ms`) bounds how long one decision may
//! take. In the live engine that is real time: [`crate::MonotonicClock`]. In
//! the lab (simulated sessions, sweeps) and in `seclab replay`, time is the
//! trace's `ts_ms`, which stands still while the engine decides a call: on
//! that clock every decision takes zero time, so a slow or loaded machine can
//! never turn an Allow into a fail-closed Deny. [`TraceClock`] is that clock;
//! [`crate::Dispatcher::for_trace`] builds a dispatcher on it.

use crate::risk::Clock;

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
