//! `seclab replay` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct ReplayArgs {
    /// Inputs.
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_a: ReplayArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`seclab replay` is not yet built")
}
