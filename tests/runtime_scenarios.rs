//! Default-config behaviour of the runtime risk controller (T4, SLO-10/11 seeds):
//! ordinary sessions stay at Allow; exec bursts, env probing, credential harvest
//! followed by upload, bulk uploads and deny-retry loops reach Deny or Terminate.
//!
//! Every scenario uses the default `RiskConfig`. The policy is the default one
//! with exec/env opted in (see `opted_in_config`), so that the risk controller
//! and not the static policy is what is being tested; the deny-retry scenario
//! uses the fully default config.

mod common;

use common::*;
use seclab_engine::{DispatchStatus, EngineConfig, RiskAction, RiskReason};

#[test]
fn benign_sessions_stay_at_allow_under_default_risk_config() {
    let cfg = opted_in_config();
    assert_eq!(cfg.risk, seclab_engine::RiskConfig::default());
    for seed in 0..40 {
        let t = benign_session("coder", 250, seed);
        let (_, m, outs) = run(&cfg, &t);
        for (i, o) in outs.iter().enumerate() {
            assert_eq!(
                o.action,
                RiskAction::Allow,
                "seed {seed} call {i} {:?}: {:?}",
                t[i],
                o.risk
            );
            assert_eq!(o.status, DispatchStatus::Ok);
        }
        assert_eq!(m.count, 250);
    }
}

#[test]
fn benign_session_at_three_times_the_pace_stays_at_allow() {
    let cfg = opted_in_config();
    for seed in 100..110 {
        let mut t = benign_session("coder", 300, seed);
        for r in &mut t {
            r.ts_ms /= 3;
        }
        let (_, _, outs) = run(&cfg, &t);
        assert_eq!(max_action(&outs), RiskAction::Allow, "seed {seed}");
    }
}

fn first_block(outs: &[seclab_engine::DispatchOutcome]) -> Option<usize> {
    outs.iter().position(|o| o.action >= RiskAction::Deny)
}

#[test]
fn exec_burst_is_denied_then_terminated() {
    let (d, _, outs) = run(&opted_in_config(), &exec_burst("evil", 0));
    // Recon commands are read-only by effect: the burst itself (16 dangerous calls in
    // 10 s) is what denies, no longer the hand-set exec base score.
    assert!(first_block(&outs).is_some_and(|i| i <= 15), "{:?}", first_block(&outs));
    assert_eq!(max_action(&outs), RiskAction::Terminate);
    assert!(d.is_terminated("evil"));
    assert!(outs.iter().any(|o| o
        .risk
        .as_ref()
        .is_some_and(|r| r.has_reason(RiskReason::BurstRateAnomaly))));
}

#[test]
fn env_probing_is_denied() {
    let t = env_probing("evil", 0);
    let (_, m, outs) = run(&opted_in_config(), &t);
    assert!(max_action(&outs) >= RiskAction::Deny);
    assert!(outs
        .iter()
        .any(|o| o.risk.as_ref().is_some_and(|r| r.has_reason(RiskReason::EnvProbing))));
    // No secret-shaped name ever reached the connector.
    for c in &m.calls {
        let i: usize = c.call_id.trim_start_matches("call-").parse().unwrap();
        let name = t[i].params["name"].as_str().unwrap();
        assert!(seclab_engine::is_env_var_allowed(name), "{name} reached the connector");
    }
    assert!(m.count < 10, "probing was cut short: {} env reads served", m.count);
}

#[test]
fn credential_harvest_then_upload_is_denied_at_the_first_upload() {
    let t = credential_harvest_upload("evil", 0);
    let (_, m, outs) = run(&opted_in_config(), &t);
    assert_eq!(first_block(&outs), Some(3), "the first POST after the reads");
    assert!(outs[3]
        .risk
        .as_ref()
        .unwrap()
        .has_reason(RiskReason::ExfiltrationSequence));
    assert!(
        m.calls.iter().all(|c| c.method != "http"),
        "no upload reached the connector"
    );
}

#[test]
fn harvest_and_bulk_upload_after_a_benign_warm_up_are_still_caught() {
    for seed in 0..5 {
        let mut t = benign_session("mixed", 150, seed);
        let start = t.last().unwrap().ts_ms + 1_000;
        t.extend(credential_harvest_upload("mixed", start));
        let (_, _, outs) = run(&opted_in_config(), &t);
        assert_eq!(first_block(&outs), Some(153), "seed {seed}");
    }
}

#[test]
fn bulk_upload_to_an_unknown_host_is_denied() {
    let (_, _, outs) = run(&opted_in_config(), &bulk_upload("evil", 0));
    assert!(first_block(&outs).is_some_and(|i| i <= 7));
    assert!(outs
        .iter()
        .any(|o| o.risk.as_ref().is_some_and(|r| r.has_reason(RiskReason::BulkUpload))));
    assert_eq!(max_action(&outs), RiskAction::Terminate);
    // One single huge body is a bulk upload by itself.
    let one = vec![rec(
        0,
        "evil",
        "http",
        serde_json::json!({"url": "https://files.example.org/put", "method": "POST", "body_bytes": 600_000}),
    )];
    let (_, _, outs) = run(&opted_in_config(), &one);
    assert_eq!(outs[0].action, RiskAction::Deny);
}

#[test]
fn deny_retry_loop_under_the_default_config_is_terminated() {
    let (d, m, outs) = run(&EngineConfig::default(), &deny_retry("evil", 0));
    assert_eq!(outs[0].reason, "deny_caps");
    assert_eq!(max_action(&outs), RiskAction::Terminate);
    assert!(d.is_terminated("evil"));
    assert_eq!(m.count, 0);
    // Once terminated, even a harmless read is refused.
    let mut d = d;
    let mut m = seclab_engine::MockConnector::recording();
    let r = rec(
        99_000,
        "evil",
        "fs",
        serde_json::json!({"op": "read", "path": "README.md"}),
    );
    let o = d.dispatch_host_call_shared(&r.to_request(0), r.ts_ms, &mut m);
    assert_eq!(o.status, DispatchStatus::Terminated);
    assert_eq!(m.count, 0);
}

#[test]
fn one_hostile_extension_does_not_taint_another() {
    let mut t = benign_session("good", 200, 3);
    t.extend(exec_burst("evil", 10_000));
    t.sort_by_key(|r| r.ts_ms);
    let (_, _, outs) = run(&opted_in_config(), &t);
    for (r, o) in t.iter().zip(&outs) {
        if r.ext == "good" {
            assert_eq!(o.action, RiskAction::Allow, "{r:?}");
        }
    }
    assert_eq!(max_action(&outs), RiskAction::Terminate);
}
