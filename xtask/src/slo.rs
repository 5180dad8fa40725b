//! `cargo xtask slo` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct SloArgs {}

pub fn run(_a: SloArgs) -> anyhow::Result<ExitCode> {
    eprintln!("cargo xtask slo: not yet built");
    Ok(ExitCode::from(2))
}
