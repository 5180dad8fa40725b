//! `simulate`: generated sessions as trace files (docs/trace-format.md), one
//! JSON Lines file per session, each with the engine config it was simulated
//! under (`*.config.toml`: the per-extension grant and the base `[risk]`
//! section), so `seclab replay TRACE --config CONFIG` runs exactly the calls
//! the sweep dispatched, under the same policy and risk config.

use crate::archetype::Session;
use crate::config::LabConfig;
use crate::profiles::{BenignProfile, ProfileSource};
use crate::results::Shard;
use crate::rng::Split;
use crate::session;
use crate::sweep::{base_risk_json, Plan};
use anyhow::{anyhow, Context};
use seclab_engine::config::EngineConfig;
use seclab_engine::risk::RiskConfig;
use seclab_engine::trace::TraceWriter;
use std::path::{Path, PathBuf};

/// The base risk config of a lab config (engine defaults plus `[risk]`).
pub fn base_risk(lab: &LabConfig, file: &Path) -> anyhow::Result<RiskConfig> {
    let v = base_risk_json(lab, file).map_err(|e| anyhow!("{e}"))?;
    Ok(serde_json::from_value(v)?)
}

/// The engine config file text a session replays under.
pub fn config_toml(cfg: &EngineConfig) -> anyhow::Result<String> {
    Ok(toml::to_string(cfg)?)
}

/// Write a session's trace to `path` (JSON Lines).
pub fn write_trace(s: &Session, path: &Path) -> anyhow::Result<()> {
    let f = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = TraceWriter::new(std::io::BufWriter::new(f));
    for r in session::trace_records(s) {
        w.write(&r).with_context(|| format!("writing {}", path.display()))?;
    }
    w.finish().with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Generate sessions `0..count` of one archetype and write each as
/// `<out>/<archetype>-<split>-s<seed>-<index>.jsonl` plus `.config.toml`.
/// Returns the trace paths.
#[allow(clippy::too_many_arguments)]
pub fn write_traces(
    lab: &LabConfig,
    file: &Path,
    profiles: Vec<BenignProfile>,
    source: ProfileSource,
    archetype: &str,
    seed: u64,
    split: Split,
    count: u64,
    out: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut lab = lab.clone();
    lab.run.seed = seed;
    // Make sure the archetype is in the plan whatever the mix says.
    lab.mix.benign.clear();
    lab.mix.hostile.clear();
    let benign = crate::archetype::BENIGN.contains(&archetype);
    if !benign && !crate::archetype::HOSTILE.contains(&archetype) {
        return Err(anyhow!(
            "unknown archetype `{archetype}` (expected one of {})",
            crate::archetype::all_names().collect::<Vec<_>>().join(", ")
        ));
    }
    if benign {
        lab.mix.benign.insert(archetype.to_string(), 1.0);
        lab.mix.hostile.insert("burst_exec".into(), 1.0);
    } else {
        lab.mix.hostile.insert(archetype.to_string(), 1.0);
        lab.mix.benign.insert("coding_reader".into(), 1.0);
    }
    lab.run.benign = count.max(1);
    lab.run.hostile = count.max(1);
    let risk = base_risk(&lab, file)?;
    let plan = Plan::new(lab, file, profiles, source, Shard::WHOLE).map_err(|e| anyhow!("{e}"))?;
    let slot = plan
        .allocations
        .iter()
        .position(|a| a.archetype == archetype)
        .ok_or_else(|| anyhow!("archetype `{archetype}` has no sessions in this plan"))?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut written = Vec::new();
    let mut s = Session::default();
    for i in 0..count {
        plan.generate(split, slot, i, &mut s);
        let stem = format!("{archetype}-{}-s{seed}-{i}", split.as_str());
        let trace = out.join(format!("{stem}.jsonl"));
        write_trace(&s, &trace)?;
        let cfg = session::engine_config_for(&s, &risk, false);
        let cfg_path = out.join(format!("{stem}.config.toml"));
        std::fs::write(&cfg_path, config_toml(&cfg)?).with_context(|| format!("writing {}", cfg_path.display()))?;
        written.push(trace);
    }
    Ok(written)
}
