//! `cargo xtask scan-corpus` (not yet built: its issue is open).

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct ScanCorpusArgs {}

pub fn run(_a: ScanCorpusArgs) -> anyhow::Result<ExitCode> {
    eprintln!("cargo xtask scan-corpus: not yet built");
    Ok(ExitCode::from(2))
}
