//! A fixed, seeded sample of strategies per family, for comparing engine
//! versions on the same traces ("before and after"): random genomes from the
//! named ChaCha stream `adversary/sample` of the seed (no search, so the rate
//! is the rate of a random attacker of the family), kept when the strategy
//! reaches its family's goal unopposed, with the index of the damaging call.
//! A version's attack success rate per family is the share of these traces it
//! does not stop at or before the damaging call.

use super::padding::Padding;
use super::run::{unopposed, AttackTrace};
use super::search::GENOME_BYTES;
use super::strategy::{Channel, Strategy};
use super::Goal;
use crate::rng::named_rng;
use rand::Rng;
use std::collections::BTreeMap;

/// One sampled trace.
#[derive(Debug, Clone)]
pub struct SampleCase {
    pub family: &'static str,
    /// `<family>-<k>`, k counting from 0 in draw order.
    pub name: String,
    pub genome_hex: String,
    pub trace: AttackTrace,
    pub goal: Goal,
    /// The call at which the goal is reached when nothing opposes it.
    pub damaging_index: usize,
}

/// `per_family` traces of every family (fewer when a family rarely reaches its
/// goal unopposed within the draw limit).
pub fn sample(per_family: usize, seed: u64, pad: &Padding) -> Vec<SampleCase> {
    let mut rng = named_rng(seed, "adversary/sample");
    let mut have: BTreeMap<Channel, usize> = BTreeMap::new();
    let mut out = Vec::new();
    let limit = per_family.saturating_mul(Channel::ALL.len()).saturating_mul(40);
    let mut draws = 0usize;
    while draws < limit
        && Channel::ALL
            .iter()
            .any(|c| have.get(c).copied().unwrap_or(0) < per_family)
    {
        draws += 1;
        let g: Vec<u8> = (0..GENOME_BYTES).map(|_| rng.random::<u8>()).collect();
        let s = Strategy::from_bytes(&g);
        let n = have.entry(s.channel).or_default();
        if *n >= per_family {
            continue;
        }
        let trace = s.build(pad);
        let goal = s.channel.goal();
        let Some(&(_, idx)) = unopposed(&trace).goals.iter().find(|(gl, _)| *gl == goal) else {
            continue;
        };
        out.push(SampleCase {
            family: s.family(),
            name: format!("{}-{:03}", s.family(), *n),
            genome_hex: g.iter().map(|b| format!("{b:02x}")).collect(),
            trace,
            goal,
            damaging_index: idx,
        });
        *n += 1;
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SLO-11 before/after: the sample is reproducible and every trace
    /// reaches its goal unopposed at its damaging index.
    #[test]
    fn slo_11_sample_is_seeded_and_every_trace_reaches_its_goal() {
        let pad = Padding::generic("test".into());
        let a = sample(2, 7, &pad);
        let b = sample(2, 7, &pad);
        assert_eq!(a.len(), b.len());
        assert!(a.len() >= 16, "{}", a.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.genome_hex, y.genome_hex);
            let ev = unopposed(&x.trace);
            assert!(ev.goals.iter().any(|(g, i)| *g == x.goal && *i == x.damaging_index));
        }
    }
}
