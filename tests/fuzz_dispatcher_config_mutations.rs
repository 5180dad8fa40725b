//! INV-009 (fail-closed under any config): the `dispatcher_config` fuzz input
//! mutates fields of every type (numbers, bools, strings and enums, lists,
//! optional fields the default leaves out), and a mutation the config no longer
//! deserialises with is dropped on its own: the other mutations of the input
//! still reach the config the check dispatches under. Before, one such
//! mutation discarded all of them, and only numbers were mutated.

mod common;

use arbitrary::Unstructured;
use common::Lcg;
use seclab_engine::fuzz_checks::{check_dispatcher_config, dispatcher_config_input, LeafKind};
use std::collections::BTreeSet;

fn as_f64(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

fn get<'a>(v: &'a toml::Value, path: &str) -> Option<&'a toml::Value> {
    path.split('.').try_fold(v, |cur, k| cur.as_table()?.get(k))
}

#[test]
fn inv_009_dispatcher_config_mutations_reach_every_field_type_and_survive_a_bad_one() {
    let mut rng = Lcg(0x5eed_c0f1_9000_0014);
    let mut kept_kinds = BTreeSet::new();
    let mut sections = BTreeSet::new();
    let (mut mixed, mut checked, mut refused) = (0, 0, 0);
    for _ in 0..300 {
        let data: Vec<u8> = (0..768).map(|_| rng.next() as u8).collect();
        let (cfg, log) = dispatcher_config_input(&mut Unstructured::new(&data));
        let tree = toml::Value::try_from(&cfg).expect("a config serialises");
        if log.iter().any(|m| !m.kept) && log.iter().any(|m| m.kept) {
            mixed += 1;
        }
        for (j, m) in log.iter().enumerate().filter(|(_, m)| m.kept) {
            kept_kinds.insert(m.kind);
            sections.insert(m.path.split('.').next().unwrap().to_string());
            // The last write to a number or bool field is in the final config
            // (strings, lists and enums may be normalised when they load).
            let overwritten = log[j + 1..]
                .iter()
                .any(|n| n.kept && (n.path.starts_with(&m.path) || m.path.starts_with(&n.path)));
            if overwritten || !matches!(m.kind, LeafKind::Number | LeafKind::Bool) {
                continue;
            }
            let Some(got) = get(&tree, &m.path) else {
                continue; // an optional number the config may leave unset
            };
            match (as_f64(&m.value), as_f64(got)) {
                (Some(a), Some(b)) => {
                    assert!(a == b || (a.is_nan() && b.is_nan()), "{}: set {a}, got {b}", m.path);
                    checked += 1;
                }
                _ => {
                    assert_eq!(&m.value, got, "{}", m.path);
                    checked += 1;
                }
            }
        }
        if cfg.validate().is_err() {
            refused += 1;
        }
        check_dispatcher_config(&data);
    }
    let all: BTreeSet<LeafKind> = [LeafKind::Number, LeafKind::Bool, LeafKind::Text, LeafKind::List].into();
    assert_eq!(kept_kinds, all, "kept mutations of every field type");
    for s in ["env", "harden", "http", "ledger", "policy", "risk", "state", "tools"] {
        assert!(sections.contains(s), "no kept mutation in [{s}]: {sections:?}");
    }
    assert!(mixed > 0, "no input kept mutations next to a dropped one");
    assert!(checked > 0);
    // Both paths of the check run: refused configs and dispatched ones.
    assert!(refused > 0 && refused < 300, "{refused} of 300 refused");
}
