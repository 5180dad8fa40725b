//! `cargo xtask gate` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct GateArgs {}

pub fn run(_a: GateArgs) -> anyhow::Result<ExitCode> {
    eprintln!("cargo xtask gate: not yet built");
    Ok(ExitCode::from(2))
}
