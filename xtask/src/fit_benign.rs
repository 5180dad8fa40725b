//! `cargo xtask fit-benign`: estimate the fitted benign simulator
//! (`sim/configs/benign_fit.json`, embedded in seclab-sim) from real sessions
//! (default `../shared/real-sessions` relative to the workspace root, read in
//! place). Only statistics are written (see `seclab_sim::fit`), estimated on
//! the fitted half of each agent's sessions; the realism table against both
//! halves is printed (and is part of every sweep report).

use crate::util::{root, write_atomic};
use anyhow::anyhow;
use clap::Args;
use seclab_sim::archetype::Label;
use seclab_sim::fit;
use seclab_sim::traces::{self, RealSession};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct FitBenignArgs {
    /// Directory of real benign sessions (default: ../shared/real-sessions from the workspace root).
    #[arg(long)]
    pub traces: Option<PathBuf>,
    /// Output file (default: sim/configs/benign_fit.json).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: FitBenignArgs) -> anyhow::Result<ExitCode> {
    let shown = "../shared/real-sessions";
    let dir = a.traces.clone().unwrap_or_else(|| root().join(shown));
    let set = traces::load_dir(&dir, shown, Label::Benign).map_err(|e| anyhow!("{e}"))?;
    let refs: Vec<&RealSession> = set.sessions.iter().collect();
    let (fi, hi) = fit::fit_split(&refs);
    let fitted: Vec<&RealSession> = fi.iter().map(|&i| refs[i]).collect();
    let f = fit::estimate(&fitted, shown);
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| root().join("sim/configs/benign_fit.json"));
    write_atomic(&out, &format!("{}\n", serde_json::to_string_pretty(&f)?))?;
    println!(
        "fit-benign: {} agents from {} fitted sessions ({} held out) → {}",
        f.agents.len(),
        fi.len(),
        hi.len(),
        out.display()
    );
    for r in fit::realism(&f, &refs, 1, 4) {
        println!(
            "  {:<28} {:<14} {:<20} p = {:.3e}  (sim {} | real {})",
            r.statistic, r.against, r.test, r.p_value, r.simulated, r.real
        );
    }
    Ok(ExitCode::SUCCESS)
}
