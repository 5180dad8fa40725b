//! `cargo xtask review` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct ReviewArgs {}

pub fn run(_a: ReviewArgs) -> anyhow::Result<ExitCode> {
    eprintln!("cargo xtask review: not yet built");
    Ok(ExitCode::from(2))
}
