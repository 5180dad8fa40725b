//! `cargo xtask ci`: the README test command, run exactly by `.ci/run`.
//! fmt check → clippy (all targets, -D warnings) → every test in the workspace.

use crate::util::{cargo_cmd, step};
use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct CiArgs {
    /// Skip the fuzz smoke run (every target briefly).
    #[arg(long)]
    pub no_fuzz: bool,
}

pub fn run(a: CiArgs) -> anyhow::Result<ExitCode> {
    step("fmt", &mut cargo_cmd(&["fmt", "--all", "--", "--check"]))?;
    step(
        "clippy",
        &mut cargo_cmd(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    step("test", &mut cargo_cmd(&["test", "--workspace"]))?;
    let _ = a.no_fuzz;
    eprintln!("==> ci: all steps passed");
    Ok(ExitCode::SUCCESS)
}
