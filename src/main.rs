//! The `seclab` command-line interface: a thin shell over the engine and the lab.
//! Output formats of every command are a stable contract (other tools drive them).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd;

#[derive(Parser)]
#[command(
    name = "seclab",
    version,
    about = "Security calibration lab for an agent extension runtime"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Capability policy queries.
    #[command(subcommand)]
    Policy(cmd::policy::PolicyCommand),
    /// Check env-var names read from stdin (one per line) against the secret filter.
    EnvCheck(cmd::env_check::EnvCheckArgs),
    /// Statically scan extension sources (.js .mjs .cjs .ts) for forbidden and flagged patterns.
    Scan(cmd::scan::ScanArgs),
    /// Run a session trace (JSON Lines) through the full dispatch pipeline with mock connectors.
    Replay(cmd::replay::ReplayArgs),
    /// Ledger tools.
    #[command(subcommand)]
    Ledger(cmd::ledger::LedgerCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Policy(c) => cmd::policy::run(c),
        Command::EnvCheck(a) => cmd::env_check::run(a),
        Command::Scan(a) => cmd::scan::run(a),
        Command::Replay(a) => cmd::replay::run(a),
        Command::Ledger(c) => cmd::ledger::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("seclab: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
