//! `seclab ledger verify FILE`: check an exported ledger (JSON Lines).
//! Exit 0 and `ok N entries` when intact; exit 1 and the first broken place
//! (`broken at index I: <reason code>`, or `broken at line L: <message>` for a
//! line that does not parse) otherwise.

use anyhow::Context;
use clap::Subcommand;
use seclab_engine::Ledger;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Verify a ledger JSON Lines file (hash chain, anchor, indices, header).
    Verify { file: PathBuf },
}

pub fn run(c: LedgerCommand) -> anyhow::Result<ExitCode> {
    match c {
        LedgerCommand::Verify { file } => {
            let f = std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
            let ledger = match Ledger::import_jsonl(BufReader::new(f)) {
                Ok(l) => l,
                Err(e) => {
                    println!("broken at line {}: {}", e.line, e.message);
                    return Ok(ExitCode::from(1));
                }
            };
            match ledger.verify() {
                Ok(()) => {
                    println!("ok {} entries", ledger.len());
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!("broken at index {}: {}", e.index, e.kind.as_str());
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
