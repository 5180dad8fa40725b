//! `seclab ledger` (not yet built: its issue is open).

use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Verify a ledger JSON Lines file.
    Verify { file: PathBuf },
}

pub fn run(_c: LedgerCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`seclab ledger` is not yet built")
}
