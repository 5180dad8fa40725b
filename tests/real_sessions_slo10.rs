//! SLO-10 on real behaviour: every session of `../shared/real-sessions` (107 real
//! coding-agent sessions, all benign) replayed through the real Dispatcher with a
//! MockConnector and the trace's clock, under the SHIPPED default risk config and a
//! policy that lets everything through (`profile = "permissive"`,
//! `allow_dangerous = true`), so only the risk controller decides. A session is
//! flagged when any of its calls gets Harden, Deny or Terminate from the controller.
//!
//! Also checks that the shipped base scores are the ones estimated from these
//! sessions (`risk::baserate`). Skips, saying why, when ../shared is absent.

use seclab_engine::risk::baserate;
use seclab_engine::{Dispatcher, EngineConfig, MockConnector, RiskAction, RiskConfig, TraceReader, TraceRecord};
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::PathBuf;

fn sessions_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/real-sessions");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent (real sessions live in ../shared)", dir.display());
        None
    }
}

fn sessions(dir: &PathBuf) -> Vec<(String, Vec<TraceRecord>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read real-sessions dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let f = std::fs::File::open(&p).expect("open session");
            let recs: Vec<TraceRecord> = TraceReader::new(BufReader::new(f))
                .map(|r| r.unwrap_or_else(|e| panic!("{}: {e}", p.display())))
                .collect();
            (p.file_name().unwrap().to_string_lossy().into_owned(), recs)
        })
        .collect()
}

/// The real-session config (corpus/configs/real-sessions.toml: permissive policy,
/// `allow_dangerous`, egress refusals off, the agents' tools registered) with
/// the shipped default risk config: only the risk controller decides.
fn slo10_config() -> EngineConfig {
    seclab_engine::config::real_sessions_config(&seclab_engine::RiskConfig::default())
}

#[test]
fn slo_10_real_sessions_at_most_five_flagged_under_the_shipped_default() {
    let Some(dir) = sessions_dir() else { return };
    let cfg = slo10_config();
    assert_eq!(
        cfg.risk,
        RiskConfig::default(),
        "the shipped default is what is measured"
    );
    let all = sessions(&dir);
    assert!(all.len() >= 100, "expected the 107 real sessions, found {}", all.len());
    let mut per_agent: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut flagged_names = Vec::new();
    for (name, recs) in &all {
        let mut d = Dispatcher::for_trace(&cfg);
        let mut m = MockConnector::counting();
        let mut first: Option<(usize, RiskAction, Vec<String>)> = None;
        for (i, r) in recs.iter().enumerate() {
            let out = d.dispatch_host_call_shared(&r.to_request(i), r.ts_ms, &mut m);
            if let Some(risk) = &out.risk {
                if risk.action >= RiskAction::Harden && first.is_none() {
                    first = Some((
                        i,
                        risk.action,
                        risk.reasons.iter().map(|x| x.as_str().to_string()).collect(),
                    ));
                }
            }
        }
        let agent = recs.first().map_or_else(|| "?".to_string(), |r| r.ext.clone());
        let e = per_agent.entry(agent).or_default();
        e.0 += 1;
        if let Some((i, a, reasons)) = first {
            e.1 += 1;
            flagged_names.push(format!("{name}: call {i} {a} {reasons:?}"));
        }
    }
    let flagged: usize = per_agent.values().map(|v| v.1).sum();
    println!(
        "SLO-10 real sessions under the shipped default: {flagged} / {} flagged",
        all.len()
    );
    for (agent, (n, f)) in &per_agent {
        println!("  {agent}: {f} / {n}");
    }
    for s in &flagged_names {
        println!("  flagged {s}");
    }
    assert!(
        flagged <= 5,
        "{flagged} real sessions flagged (budget 5): {flagged_names:#?}"
    );
}

#[test]
fn base_scores_of_the_shipped_default_are_estimated_from_real_sessions() {
    let Some(dir) = sessions_dir() else { return };
    let all = sessions(&dir);
    let records: Vec<&TraceRecord> = all.iter().flat_map(|(_, r)| r.iter()).collect();
    let (est, counts) = baserate::estimate(records.iter().copied(), &RiskConfig::default());
    for (cap, n, k) in &counts.per_cap {
        println!("  {cap}: {n} calls, {k} with a harm signal");
    }
    println!("estimated base_scores: {est:?}");
    assert_eq!(
        RiskConfig::default().base_scores,
        est,
        "default.toml's base_scores must be the estimate (rewrite them with these values)"
    );
}
