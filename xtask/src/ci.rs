//! `cargo xtask ci`: the README test command, run exactly by `.ci/run`.
//! fmt check → clippy (all targets, -D warnings) → every test in the workspace
//! (which includes the fuzz corpus replay) → a fuzz smoke run of every target.
//! The fuzz targets' sanitizer build runs in the background from the start.

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
    // The sanitizer build of the fuzz targets is one long serial chain: it runs
    // beside clippy and the tests (on a 2-core runner it mostly uses the core
    // they leave idle) and is waited for before the smoke run.
    let fuzz_build = if a.no_fuzz {
        None
    } else {
        let log = crate::util::root().join("notebooks-out/fuzz/build.log");
        Some(crate::fuzz::BackgroundBuild::start(&log)?)
    };
    step(
        "clippy",
        &mut cargo_cmd(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    step("test", &mut cargo_cmd(&["test", "--workspace"]))?;
    if let Some(build) = fuzz_build {
        build.finish()?;
    }
    if a.no_fuzz {
        eprintln!("==> fuzz smoke: skipped (--no-fuzz)");
    } else {
        let code = crate::fuzz::run(crate::fuzz::FuzzArgs {
            targets: Vec::new(),
            time: None,
            smoke: true,
            jobs: None,
            out: "notebooks-out/fuzz".into(),
        })?;
        if code != ExitCode::SUCCESS {
            anyhow::bail!("step `fuzz smoke` failed: see notebooks-out/fuzz/summary.md");
        }
    }
    eprintln!("==> ci: all steps passed");
    Ok(ExitCode::SUCCESS)
}
