//! `seclab scan` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct ScanArgs {
    /// Inputs.
    pub paths: Vec<std::path::PathBuf>,
}

pub fn run(_a: ScanArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`seclab scan` is not yet built")
}
