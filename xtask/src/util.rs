//! Shared helpers for xtask: the workspace root and running cargo steps.

use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::Command;

/// The workspace root (the parent of xtask/).
pub fn root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(PathBuf::from).unwrap_or(dir)
}

/// The cargo target directory (`CARGO_TARGET_DIR`, else `target/` at the root).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// `cargo` arguments that build the engine's example `name` optimised.
pub fn engine_example_build(name: &str) -> [&str; 7] {
    [
        "build",
        "--release",
        "--quiet",
        "-p",
        "seclab-engine",
        "--example",
        name,
    ]
}

/// Path to the cargo that runs us.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Run one named step, echoing it; fail with its name if it fails.
pub fn step(name: &str, cmd: &mut Command) -> anyhow::Result<()> {
    eprintln!("==> {name}: {cmd:?}");
    let started = std::time::Instant::now();
    let status = cmd
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start step {name}"))?;
    if !status.success() {
        bail!("step `{name}` failed ({status})");
    }
    eprintln!("==> {name}: done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// A `cargo` command with the given arguments.
pub fn cargo_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(cargo());
    c.args(args);
    c
}

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, then a rename. Creates the parent directory.
pub fn write_atomic(path: &std::path::Path, contents: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp.{}", std::process::id()));
    std::fs::write(&tmp, contents).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))?;
    Ok(())
}

/// Trimmed standard output of `git ARGS` run at the workspace root, or None
/// when git is missing or fails.
pub fn git_out(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// Whether tracked files differ from HEAD (untracked files do not count).
pub fn tree_dirty() -> bool {
    git_out(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty())
}
