//! `seclab ledger …`: tools over an exported ledger (JSON Lines).
//!
//! * `verify FILE [--pubkey KEYFILE] [--expect-head HASH[:COUNT]]`: exit 0 and
//!   `ok N entries` when intact (stderr says what was authenticated); exit 1 and the
//!   first broken place (`broken at index I: <reason code>`, or
//!   `broken at line L: <message>` for a line that does not parse) otherwise.
//! * `replay FILE [--config CFG]`: verify, refuse a config whose digest differs
//!   from the ledger's, re-decide every risk decision; `ok N entries, M re-decided`.
//! * `pubkey --key SEEDFILE`: print the public key (hex) of a signing seed file.

use anyhow::{bail, Context};
use clap::Subcommand;
use seclab_engine::ledger::LedgerError;
use seclab_engine::{Ledger, LedgerPublicKey, LedgerSigner};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Verify a ledger JSON Lines file (hash chain, anchor, indices, header, checkpoints).
    Verify {
        file: PathBuf,
        /// Public key file (64 hex digits): require every checkpoint signed by it
        /// and a signed head checkpoint covering exactly the file's window.
        #[arg(long)]
        pubkey: Option<PathBuf>,
        /// The chain must end exactly at this hash (optionally `HASH:COUNT`, COUNT =
        /// entries since genesis), e.g. a head published somewhere out of reach.
        #[arg(long)]
        expect_head: Option<String>,
    },
    /// Verify a ledger and re-decide every recorded risk decision under a config.
    Replay {
        file: PathBuf,
        /// Engine config the ledger was produced under (default: built-in defaults).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Print the public key of a signing seed file (any bytes, at least 16).
    Pubkey {
        #[arg(long)]
        key: PathBuf,
    },
}

/// Read a signing seed file.
pub fn load_signer(path: &Path) -> anyhow::Result<LedgerSigner> {
    let seed = std::fs::read(path).with_context(|| format!("cannot read signing key {}", path.display()))?;
    LedgerSigner::from_seed(&seed).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn load(file: &Path) -> anyhow::Result<Result<Ledger, ExitCode>> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok(Ledger::import_jsonl(BufReader::new(f)).map_err(|e| {
        println!("broken at line {}: {}", e.line, e.message);
        ExitCode::from(1)
    }))
}

fn broken(e: LedgerError) -> ExitCode {
    println!("broken at index {}: {}", e.index, e.kind.as_str());
    ExitCode::from(1)
}

/// `HASH` or `HASH:COUNT`.
fn parse_expect(s: &str) -> anyhow::Result<(String, Option<u64>)> {
    let (hash, count) = match s.split_once(':') {
        Some((h, c)) => (h, Some(c.trim().parse::<u64>().context("--expect-head COUNT")?)),
        None => (s, None),
    };
    let hash = hash.trim();
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("--expect-head: expected 64 hex digits, optionally followed by :COUNT");
    }
    Ok((hash.to_ascii_lowercase(), count))
}

pub fn run(c: LedgerCommand) -> anyhow::Result<ExitCode> {
    match c {
        LedgerCommand::Verify {
            file,
            pubkey,
            expect_head,
        } => {
            let expect = expect_head.as_deref().map(parse_expect).transpose()?;
            let key = match &pubkey {
                Some(p) => {
                    let text = std::fs::read_to_string(p)
                        .with_context(|| format!("cannot read public key {}", p.display()))?;
                    Some(LedgerPublicKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?)
                }
                None => None,
            };
            let ledger = match load(&file)? {
                Ok(l) => l,
                Err(code) => return Ok(code),
            };
            let mut checked = Vec::new();
            let res = ledger.verify().and_then(|()| {
                if let Some(k) = &key {
                    ledger.verify_signed(k)?;
                    checked.push("signed");
                }
                if let Some((h, n)) = &expect {
                    ledger.verify_head(h, *n)?;
                    checked.push("head");
                }
                Ok(())
            });
            match res {
                Ok(()) => {
                    println!("ok {} entries", ledger.len());
                    if checked.is_empty() {
                        eprintln!("note: chain only, not authenticated (give --pubkey or --expect-head)");
                    } else {
                        eprintln!("authenticated: {}", checked.join(", "));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(broken(e)),
            }
        }
        LedgerCommand::Replay { file, config } => {
            let cfg = super::load_config(config.as_deref())?;
            let ledger = match load(&file)? {
                Ok(l) => l,
                Err(code) => return Ok(code),
            };
            match ledger.replay_config(&cfg) {
                Ok(r) => {
                    println!("ok {} entries, {} re-decided", r.entries, r.evaluated);
                    Ok(ExitCode::SUCCESS)
                }
                Err(seclab_engine::ledger::ReplayError::Verify(e)) => Ok(broken(e)),
                Err(e) => {
                    println!("replay failed: {e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        LedgerCommand::Pubkey { key } => {
            println!("{}", load_signer(&key)?.public_key());
            Ok(ExitCode::SUCCESS)
        }
    }
}
