//! A small latency harness that needs no test framework: time N calls of a
//! closure and report sorted quantiles (for the SLO scorecard: SLO-05, SLO-06).

use serde::Serialize;
use std::time::Instant;

/// Quantiles of a set of per-call durations, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct LatencyStats {
    pub samples: usize,
    pub min_ns: u64,
    pub p50_ns: u64,
    pub p90_ns: u64,
    pub p99_ns: u64,
    pub p999_ns: u64,
    pub max_ns: u64,
    pub mean_ns: f64,
}

impl LatencyStats {
    /// Quantiles by the nearest-rank method over the sorted samples.
    pub fn from_samples(mut ns: Vec<u64>) -> LatencyStats {
        if ns.is_empty() {
            return LatencyStats::default();
        }
        ns.sort_unstable();
        let n = ns.len();
        let q = |p: f64| ns[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
        LatencyStats {
            samples: n,
            min_ns: ns[0],
            p50_ns: q(0.50),
            p90_ns: q(0.90),
            p99_ns: q(0.99),
            p999_ns: q(0.999),
            max_ns: ns[n - 1],
            mean_ns: ns.iter().map(|&x| x as f64).sum::<f64>() / n as f64,
        }
    }
}

/// Call `f(i)` for i in 0..n, timing each call separately.
pub fn measure<F: FnMut(usize)>(n: usize, mut f: F) -> LatencyStats {
    let mut ns = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i);
        ns.push(t.elapsed().as_nanos() as u64);
    }
    LatencyStats::from_samples(ns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles() {
        let s = LatencyStats::from_samples((1..=100).rev().collect());
        assert_eq!((s.min_ns, s.p50_ns, s.p90_ns, s.p99_ns, s.max_ns), (1, 50, 90, 99, 100));
        assert_eq!(s.mean_ns, 50.5);
        assert_eq!(LatencyStats::from_samples(vec![]).samples, 0);
        let m = measure(10, |_| {});
        assert_eq!(m.samples, 10);
        assert!(m.min_ns <= m.p99_ns && m.p99_ns <= m.max_ns);
    }
}
