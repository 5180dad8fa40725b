//! Rates and their uncertainty: binomial confidence intervals (Wilson score
//! and Clopper–Pearson exact, via statrs), and nearest-rank quantiles over
//! samples or integer histograms. Pure functions; no randomness.

use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, Normal};
use std::collections::BTreeMap;

/// Which binomial interval to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    Wilson,
    ClopperPearson,
}

impl IntervalMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalMethod::Wilson => "Wilson score",
            IntervalMethod::ClopperPearson => "Clopper-Pearson (exact)",
        }
    }
}

/// A proportion k/n with a two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    pub k: u64,
    pub n: u64,
    pub p: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Rate {
    pub fn new(k: u64, n: u64, method: IntervalMethod, confidence: f64) -> Rate {
        let (lo, hi) = interval(k, n, method, confidence);
        let p = if n == 0 { 0.0 } else { k as f64 / n as f64 };
        Rate { k, n, p, lo, hi }
    }
}

/// Two-sided interval for k successes in n trials. With n = 0 the interval is [0, 1].
pub fn interval(k: u64, n: u64, method: IntervalMethod, confidence: f64) -> (f64, f64) {
    match method {
        IntervalMethod::Wilson => wilson(k, n, confidence),
        IntervalMethod::ClopperPearson => clopper_pearson(k, n, confidence),
    }
}

/// The standard normal quantile z with P(|Z| <= z) = confidence.
pub fn z_for(confidence: f64) -> f64 {
    let c = confidence.clamp(1e-9, 1.0 - 1e-12);
    match Normal::new(0.0, 1.0) {
        Ok(n) => n.inverse_cdf(0.5 + c / 2.0),
        Err(_) => 1.959_963_984_540_054,
    }
}

/// Interval for a proportion `p` observed on an effective (possibly
/// fractional) sample size `n` — used for weighted pools, where the
/// count is `p * n`. Wilson uses the closed form; Clopper-Pearson the Beta
/// quantiles with fractional shape parameters.
pub fn interval_frac(p: f64, n: f64, method: IntervalMethod, confidence: f64) -> (f64, f64) {
    // NaN or a non-positive size: no information.
    if n.is_nan() || n <= 0.0 {
        return (0.0, 1.0);
    }
    let p = p.clamp(0.0, 1.0);
    match method {
        IntervalMethod::Wilson => {
            let z = z_for(confidence);
            let z2 = z * z;
            let denom = 1.0 + z2 / n;
            let centre = (p + z2 / (2.0 * n)) / denom;
            let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
            let lo = if p <= 0.0 { 0.0 } else { (centre - half).max(0.0) };
            let hi = if p >= 1.0 { 1.0 } else { (centre + half).min(1.0) };
            (lo, hi)
        }
        IntervalMethod::ClopperPearson => {
            let a = (1.0 - confidence.clamp(0.0, 1.0)) / 2.0;
            let k = p * n;
            let lo = if k <= 0.0 {
                0.0
            } else {
                Beta::new(k, n - k + 1.0).map(|b| b.inverse_cdf(a)).unwrap_or(0.0)
            };
            let hi = if k >= n {
                1.0
            } else {
                Beta::new(k + 1.0, n - k).map(|b| b.inverse_cdf(1.0 - a)).unwrap_or(1.0)
            };
            (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0))
        }
    }
}

/// Wilson score interval.
pub fn wilson(k: u64, n: u64, confidence: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let k = k.min(n);
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let z = z_for(confidence);
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = z / denom * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    let lo = if k == 0 { 0.0 } else { (centre - half).max(0.0) };
    let hi = if k == n { 1.0 } else { (centre + half).min(1.0) };
    (lo, hi)
}

/// Clopper–Pearson exact interval from Beta quantiles.
pub fn clopper_pearson(k: u64, n: u64, confidence: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let k = k.min(n);
    let a = (1.0 - confidence.clamp(0.0, 1.0)) / 2.0;
    let lo = if k == 0 {
        0.0
    } else {
        Beta::new(k as f64, (n - k + 1) as f64)
            .map(|b| b.inverse_cdf(a))
            .unwrap_or(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        Beta::new((k + 1) as f64, (n - k) as f64)
            .map(|b| b.inverse_cdf(1.0 - a))
            .unwrap_or(1.0)
    };
    (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0))
}

/// Nearest-rank quantile (q in [0, 1]) of a sorted slice; None when empty.
pub fn quantile_sorted<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = ((q.clamp(0.0, 1.0) * n as f64).ceil() as usize).clamp(1, n);
    Some(sorted[rank - 1])
}

/// Nearest-rank quantile of a histogram (value → count); None when empty.
pub fn quantile_hist<K: Copy + Ord>(hist: &BTreeMap<K, u64>, q: f64) -> Option<K> {
    let total: u64 = hist.values().sum();
    if total == 0 {
        return None;
    }
    let rank = ((q.clamp(0.0, 1.0) * total as f64).ceil() as u64).clamp(1, total);
    let mut seen = 0;
    for (k, c) in hist {
        seen += c;
        if seen >= rank {
            return Some(*k);
        }
    }
    hist.keys().next_back().copied()
}

/// Mean of a histogram of integers; None when empty.
pub fn mean_hist(hist: &BTreeMap<u32, u64>) -> Option<f64> {
    let total: u64 = hist.values().sum();
    if total == 0 {
        return None;
    }
    let s: f64 = hist.iter().map(|(k, c)| *k as f64 * *c as f64).sum();
    Some(s / total as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn z_of_95_percent() {
        assert!(close(z_for(0.95), 1.959964, 1e-5));
        assert!(close(z_for(0.99), 2.575829, 1e-5));
    }

    #[test]
    fn wilson_known_values() {
        // 0/10: upper = z²/(n+z²).
        let (lo, hi) = wilson(0, 10, 0.95);
        assert_eq!(lo, 0.0);
        assert!(close(hi, 0.277_533, 1e-5), "{hi}");
        // 5/10.
        let (lo, hi) = wilson(5, 10, 0.95);
        assert!(close(lo, 0.236_593, 1e-5) && close(hi, 0.763_407, 1e-5), "{lo} {hi}");
        // 81/263 (values computed independently from the closed form).
        let (lo, hi) = wilson(81, 263, 0.95);
        assert!(close(lo, 0.255_289, 1e-5) && close(hi, 0.366_210, 1e-5), "{lo} {hi}");
    }

    #[test]
    fn clopper_pearson_known_values() {
        // 0/10: upper = 1 - 0.025^(1/10).
        let (lo, hi) = clopper_pearson(0, 10, 0.95);
        assert_eq!(lo, 0.0);
        assert!(close(hi, 1.0 - 0.025f64.powf(0.1), 1e-6), "{hi}");
        // 10/10 mirrors it.
        let (lo, hi) = clopper_pearson(10, 10, 0.95);
        assert!(close(lo, 0.025f64.powf(0.1), 1e-6) && hi == 1.0, "{lo}");
        // 5/10: [0.187086, 0.812914].
        let (lo, hi) = clopper_pearson(5, 10, 0.95);
        assert!(close(lo, 0.187_086, 1e-5) && close(hi, 0.812_914, 1e-5), "{lo} {hi}");
    }

    #[test]
    fn zero_successes_closed_forms() {
        // With k = 0 both upper bounds have closed forms: Wilson z²/(n+z²),
        // Clopper-Pearson 1 - (a/2)^(1/n).
        let z2 = z_for(0.95).powi(2);
        let (_, w) = wilson(0, 300, 0.95);
        let (_, c) = clopper_pearson(0, 300, 0.95);
        assert!(close(w, z2 / (300.0 + z2), 1e-12), "{w}");
        assert!(close(c, 1.0 - 0.025f64.powf(1.0 / 300.0), 1e-9), "{c}");
        // Neither says "0%": the bound a clean run of 300 supports is about 1.2-1.3%.
        assert!(w > 0.012 && c > 0.012);
    }

    #[test]
    fn fractional_interval_matches_integer_one() {
        let (a, b) = wilson(7, 40, 0.95);
        let (c, e) = interval_frac(7.0 / 40.0, 40.0, IntervalMethod::Wilson, 0.95);
        assert!(close(a, c, 1e-12) && close(b, e, 1e-12));
        let (a, b) = clopper_pearson(7, 40, 0.95);
        let (c, e) = interval_frac(7.0 / 40.0, 40.0, IntervalMethod::ClopperPearson, 0.95);
        assert!(close(a, c, 1e-9) && close(b, e, 1e-9));
    }

    #[test]
    fn empty_is_uninformative() {
        assert_eq!(wilson(0, 0, 0.95), (0.0, 1.0));
        assert_eq!(clopper_pearson(0, 0, 0.95), (0.0, 1.0));
        assert_eq!(Rate::new(0, 0, IntervalMethod::Wilson, 0.95).p, 0.0);
    }

    #[test]
    fn quantiles_nearest_rank() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(quantile_sorted(&v, 0.5), Some(5));
        assert_eq!(quantile_sorted(&v, 0.99), Some(10));
        assert_eq!(quantile_sorted(&v, 0.0), Some(1));
        assert_eq!(quantile_sorted::<u32>(&[], 0.5), None);
        let h: BTreeMap<u32, u64> = [(1, 5), (10, 4), (100, 1)].into_iter().collect();
        assert_eq!(quantile_hist(&h, 0.5), Some(1));
        assert_eq!(quantile_hist(&h, 0.9), Some(10));
        assert_eq!(quantile_hist(&h, 0.95), Some(100));
        assert!(close(mean_hist(&h).unwrap(), (5.0 + 40.0 + 100.0) / 10.0, 1e-12));
    }
}
