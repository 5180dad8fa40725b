//! `seclab policy eval`: one policy decision as a JSON object.

use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Evaluate one capability for one extension; prints {"decision","reason","rule"}.
    Eval(EvalArgs),
}

#[derive(Args)]
pub struct EvalArgs {
    /// Capability name (read, write, http, events, session, ui, exec, env, tool, log).
    #[arg(long)]
    pub cap: String,
    /// Extension id (omit for no extension context).
    #[arg(long)]
    pub ext: Option<String>,
    /// Engine config file (TOML, or JSON by .json extension); default: the safe profile.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(cmd: PolicyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PolicyCommand::Eval(a) => {
            let cfg = super::load_config(a.config.as_deref())?;
            let (policy, audit) = cfg.build_policy();
            for ev in &audit {
                eprintln!("seclab: audit: {}", serde_json::to_string(ev)?);
            }
            let check = policy.evaluate_for(&a.cap, a.ext.as_deref());
            let out = serde_json::json!({
                "decision": check.decision.as_str(),
                "reason": check.reason.as_str(),
                "rule": check.rule.as_str(),
            });
            println!("{out}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
