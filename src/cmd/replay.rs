//! `seclab replay TRACE.jsonl`: run a session trace through the full dispatch
//! pipeline with mock connectors and print one JSON summary (a stable contract):
//!
//! `{"calls": N, "actions": {"allow": N, "harden": N, "deny": N, "terminate": N},
//!   "max_action": "...", "per_extension": {"<id>": {"max_action": "...",
//!   "first_deny_index": N|null}}, "ledger_verified": true}`
//!
//! Actions are the *effective* ones: a policy, prompt, quota, env-filter or risk
//! refusal, an invalid request and a connector error all count as `deny`; a call
//! of a terminated extension counts as `terminate`. In shadow mode every call is
//! `allow`. `first_deny_index` is the 0-based trace index of the extension's
//! first call counted as deny or terminate. `ledger_verified` is false when the
//! ledger is disabled by the config.
//!
//! Decisions follow the trace's clock (`ts_ms`); by default the risk
//! controller's fail-closed decision timeout measures on it too (zero time per
//! decision), so the summary does not depend on the machine's speed.
//! `--clock machine` measures the timeout on the real monotonic clock instead,
//! as the live engine does.

use anyhow::Context;
use clap::{Args, ValueEnum};
use seclab_engine::{Dispatcher, MockConnector, RiskAction, TraceReader};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Json,
}

/// The clock the risk controller's decision timeout measures on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ClockArg {
    /// The trace's clock: a decision takes no time, results are reproducible.
    Trace,
    /// The machine's monotonic clock, as in the live engine.
    Machine,
}

#[derive(Args)]
pub struct ReplayArgs {
    /// Session trace, JSON Lines (docs/trace-format.md).
    pub trace: PathBuf,
    /// Engine config file (TOML, or JSON by .json extension); default: built-in defaults.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Write the decision ledger as JSON Lines to this file.
    #[arg(long)]
    pub ledger_out: Option<PathBuf>,
    /// Signing seed file: sign the ledger's checkpoints (`seclab ledger pubkey`
    /// prints the public key to verify them with).
    #[arg(long)]
    pub signing_key: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Clock of the fail-closed decision timeout.
    #[arg(long, value_enum, default_value = "trace")]
    pub clock: ClockArg,
}

/// The printed summary; fields serialise in the contract's order.
#[derive(Serialize)]
struct Summary {
    calls: usize,
    actions: Actions,
    max_action: &'static str,
    per_extension: BTreeMap<String, ExtOut>,
    ledger_verified: bool,
}

#[derive(Serialize)]
struct Actions {
    allow: u64,
    harden: u64,
    deny: u64,
    terminate: u64,
}

#[derive(Serialize)]
struct ExtOut {
    max_action: &'static str,
    first_deny_index: Option<usize>,
}

#[derive(Default)]
struct ExtSummary {
    max: RiskAction,
    first_deny: Option<usize>,
}

pub fn run(a: ReplayArgs) -> anyhow::Result<ExitCode> {
    let cfg = super::load_config(a.config.as_deref())?;
    let file = std::fs::File::open(&a.trace).with_context(|| format!("cannot open {}", a.trace.display()))?;
    let mut dispatcher = match a.clock {
        ClockArg::Trace => Dispatcher::for_trace(&cfg),
        ClockArg::Machine => Dispatcher::new(&cfg),
    };
    if let Some(k) = &a.signing_key {
        dispatcher.set_ledger_signer(super::ledger::load_signer(k)?);
    }
    let mut connector = MockConnector::counting();
    let mut counts: BTreeMap<RiskAction, u64> = RiskAction::ALL.into_iter().map(|x| (x, 0)).collect();
    let mut per_ext: BTreeMap<String, ExtSummary> = BTreeMap::new();
    let mut calls = 0usize;
    for rec in TraceReader::new(BufReader::new(file)) {
        let rec = rec.with_context(|| format!("malformed trace {}", a.trace.display()))?;
        let out = dispatcher.dispatch_host_call_shared(&rec.to_request(calls), rec.ts_ms, &mut connector);
        *counts.entry(out.action).or_insert(0) += 1;
        let s = per_ext.entry(rec.ext).or_default();
        s.max = s.max.max(out.action);
        if out.action >= RiskAction::Deny && s.first_deny.is_none() {
            s.first_deny = Some(calls);
        }
        calls += 1;
    }
    let ledger_verified = match dispatcher.ledger() {
        Some(l) => {
            if let Some(path) = &a.ledger_out {
                let f = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
                l.export_jsonl(std::io::BufWriter::new(f))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            l.verify().is_ok()
        }
        None => {
            if a.ledger_out.is_some() {
                anyhow::bail!("--ledger-out given but the config disables the ledger");
            }
            false
        }
    };
    let max_action = counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(a, _)| *a)
        .max()
        .unwrap_or(RiskAction::Allow);
    let summary = Summary {
        calls,
        actions: Actions {
            allow: counts[&RiskAction::Allow],
            harden: counts[&RiskAction::Harden],
            deny: counts[&RiskAction::Deny],
            terminate: counts[&RiskAction::Terminate],
        },
        max_action: max_action.as_str(),
        per_extension: per_ext
            .into_iter()
            .map(|(id, s)| {
                (
                    id,
                    ExtOut {
                        max_action: s.max.as_str(),
                        first_deny_index: s.first_deny,
                    },
                )
            })
            .collect(),
        ledger_verified,
    };
    let out = serde_json::to_string(&summary)?;
    match a.format {
        Format::Json => println!("{out}"),
    }
    Ok(ExitCode::SUCCESS)
}
