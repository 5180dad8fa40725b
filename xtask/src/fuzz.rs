//! `cargo xtask fuzz` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct FuzzArgs {}

pub fn run(_a: FuzzArgs) -> anyhow::Result<ExitCode> {
    eprintln!("cargo xtask fuzz: not yet built");
    Ok(ExitCode::from(2))
}
