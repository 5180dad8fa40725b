//! A simulated session written by the lab as a trace file replays through the
//! real `seclab replay` CLI exactly as the lab dispatched it: same calls, same
//! effective actions, same first denial.

use seclab_sim::archetype::Session;
use seclab_sim::config::LabConfig;
use seclab_sim::profiles::{self, ProfileSource};
use seclab_sim::results::Shard;
use seclab_sim::rng::Split;
use seclab_sim::session::{engine_config_for, replay_summary};
use seclab_sim::simulate::{base_risk, write_traces};
use seclab_sim::sweep::Plan;
use std::path::Path;
use std::process::Command;

#[test]
fn simulated_traces_replay_identically_through_the_cli() {
    let lab = LabConfig::embedded().unwrap();
    let file = Path::new("embedded");
    let dir = tempfile::tempdir().unwrap();
    let archetypes = [
        "coding_reader",
        "build_burst",
        "corpus",
        "burst_exec",
        "deny_retry",
        "mimicry",
        "slow_drip",
    ];
    let mut checked = 0;
    let mut denied = 0;
    for arch in archetypes {
        let profiles = profiles::embedded().unwrap();
        let traces = write_traces(
            &lab,
            file,
            profiles,
            ProfileSource::Embedded,
            arch,
            11,
            Split::Heldout,
            2,
            dir.path(),
        )
        .unwrap();
        assert_eq!(traces.len(), 2);
        // Regenerate the same sessions on the lab side.
        let mut l = lab.clone();
        l.run.seed = 11;
        let plan = Plan::new(
            l.clone(),
            file,
            profiles::embedded().unwrap(),
            ProfileSource::Embedded,
            Shard::WHOLE,
        )
        .unwrap();
        let slot = plan.allocations.iter().position(|a| a.archetype == arch).unwrap();
        let risk = base_risk(&l, file).unwrap();
        for (i, trace) in traces.iter().enumerate() {
            let mut s = Session::default();
            plan.generate(Split::Heldout, slot, i as u64, &mut s);
            let cfg = engine_config_for(&s, &risk, false);
            let expected = replay_summary(&cfg, &s);
            let config = trace.with_extension("config.toml");
            let out = Command::new(env!("CARGO_BIN_EXE_seclab"))
                .arg("replay")
                .arg(trace)
                .arg("--config")
                .arg(&config)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "replay failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let mut got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            got.as_object_mut().unwrap().remove("ledger_verified");
            assert_eq!(got, expected, "{}", trace.display());
            checked += 1;
            if expected["per_extension"][&s.meta.ext]["first_deny_index"].is_number() {
                denied += 1;
            }
        }
    }
    assert_eq!(checked, 14);
    // The comparison covers sessions that were stopped, not only clean ones.
    assert!(denied >= 4, "only {denied} sessions were denied");
}
