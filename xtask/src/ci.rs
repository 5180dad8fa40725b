//! `cargo xtask ci`: the README test command, run exactly by `.ci/run`.
//! fmt check → clippy (all targets, -D warnings) → every test in the workspace
//! (which includes the fuzz corpus replay) → a fuzz smoke run of every target.
//! The fuzz targets' smoke build (no sanitizer: `fuzz::Flavor::Smoke`) runs in
//! the background from the start, and the steps beside it run at a lower
//! priority so it is not left last.

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
    // The smoke build of the fuzz targets runs beside clippy and the tests and
    // is waited for before the smoke run.
    let fuzz_build = if a.no_fuzz {
        None
    } else {
        let log = crate::util::root().join("notebooks-out/fuzz/build.log");
        Some(crate::fuzz::BackgroundBuild::start(&log, crate::fuzz::Flavor::Smoke)?)
    };
    // While the fuzz build runs beside them, clippy and the tests yield the CPU
    // to it: its last part (the instrumented build of the engine) is one serial
    // compile, and started late it left a core idle at the end.
    let yielding = fuzz_build.is_some();
    step(
        "clippy",
        &mut lower_priority(
            yielding,
            &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
        ),
    )?;
    step("test", &mut lower_priority(yielding, &["test", "--workspace"]))?;
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

/// `cargo args`, at a lower scheduling priority (`nice -n 10`) when `lower` is
/// set and `nice` is available; otherwise as it is.
fn lower_priority(lower: bool, args: &[&str]) -> std::process::Command {
    let has_nice = lower
        && std::process::Command::new("nice")
            .arg("true")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !has_nice {
        return cargo_cmd(args);
    }
    let mut c = std::process::Command::new("nice");
    c.args(["-n", "10"]).arg(crate::util::cargo()).args(args);
    c
}
