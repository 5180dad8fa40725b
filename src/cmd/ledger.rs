//! `seclab ledger …`: tools over an exported ledger (JSON Lines).
//!
//! * `verify FILE [--pubkey KEYFILE] [--expect-head HASH[:COUNT]]`: exit 0 and
//!   `ok N entries` when intact (stderr says what was authenticated); a file
//!   that keeps only the later entries of a ledger prints `ok N entries
//!   (indices F..L)` and notes on stderr that the entries before F are not in
//!   it (what verifies is only the part the file holds); exit 1 and the
//!   first broken place (`broken at index I: <reason code>`, or
//!   `broken at line L: <message>` for a line that does not parse) otherwise.
//! * `replay FILE [--config CFG] [--pubkey KEYFILE] [--allow-unbound]`: verify
//!   (with `--pubkey`, also every checkpoint signature and the signed head, as
//!   `verify --pubkey`), refuse a config whose digest differs from the ledger's
//!   and a ledger with no config digest (unless `--allow-unbound`, which warns
//!   on stderr), re-decide every risk decision; `ok N entries, M re-decided`.
//! * `pubkey --key SEEDFILE`: print the public key (hex) of a signing seed file.

use anyhow::{bail, Context};
use clap::Subcommand;
use seclab_engine::ledger::{LedgerError, ReplayError};
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
        /// Public key file (64 hex digits): verify the signed checkpoints and head
        /// (as `verify --pubkey`) before replaying.
        #[arg(long)]
        pubkey: Option<PathBuf>,
        /// Replay a ledger whose header carries no config digest (nothing binds it
        /// to the given config; a warning is printed). Refused without this flag.
        #[arg(long)]
        allow_unbound: bool,
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

/// Read a public key file (64 hex digits).
fn load_pubkey(p: &Path) -> anyhow::Result<LedgerPublicKey> {
    let text = std::fs::read_to_string(p).with_context(|| format!("cannot read public key {}", p.display()))?;
    LedgerPublicKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))
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
            let key = pubkey.as_deref().map(load_pubkey).transpose()?;
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
                    // verify() refuses an empty window past genesis, so a
                    // window from first_index > 0 holds at least one entry.
                    let first = ledger.first_index();
                    if first == 0 {
                        println!("ok {} entries", ledger.len());
                    } else {
                        println!(
                            "ok {} entries (indices {first}..{})",
                            ledger.len(),
                            ledger.end().saturating_sub(1)
                        );
                        eprintln!(
                            "note: entries before index {first} are not in this file: only indices {first}..{} were checked",
                            ledger.end().saturating_sub(1)
                        );
                    }
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
        LedgerCommand::Replay {
            file,
            config,
            pubkey,
            allow_unbound,
        } => {
            let cfg = super::load_config(config.as_deref())?;
            let key = pubkey.as_deref().map(load_pubkey).transpose()?;
            let ledger = match load(&file)? {
                Ok(l) => l,
                Err(code) => return Ok(code),
            };
            if let Some(k) = &key {
                if let Err(e) = ledger.verify_signed(k) {
                    return Ok(broken(e));
                }
            }
            let unbound = ledger.config_digest().is_empty();
            let res = if allow_unbound {
                ledger.replay_config_allow_unbound(&cfg)
            } else {
                ledger.replay_config(&cfg)
            };
            match res {
                Ok(r) => {
                    if unbound {
                        eprintln!(
                            "warning: the ledger is not bound to a config (no config digest); replayed under {} only because --allow-unbound was given",
                            cfg.digest()
                        );
                    }
                    println!("ok {} entries, {} re-decided", r.entries, r.evaluated);
                    if key.is_some() {
                        eprintln!("authenticated: signed");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(ReplayError::Verify(e)) => Ok(broken(e)),
                Err(e) => {
                    println!("replay failed: {e}");
                    if matches!(e, ReplayError::Unbound { .. }) {
                        eprintln!("hint: give --allow-unbound to replay it anyway");
                    }
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
