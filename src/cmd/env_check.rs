//! `seclab env-check`: names on stdin → `NAME<TAB>allowed|blocked` on stdout, in order.

use clap::Args;
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct EnvCheckArgs {
    /// Engine config file whose [env] section sets the mode and lists.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(a: EnvCheckArgs) -> anyhow::Result<ExitCode> {
    let cfg = super::load_config(a.config.as_deref())?;
    let filter = cfg.build_env_filter();
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().split(b'\n') {
        let raw = line?;
        // Odd bytes never stop the run: they are shown lossily and judged as written.
        let text = String::from_utf8_lossy(&raw);
        let name = text.trim_end_matches('\r').trim();
        if name.is_empty() {
            continue;
        }
        let verdict = if filter.is_allowed(name) { "allowed" } else { "blocked" };
        writeln!(out, "{name}\t{verdict}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
