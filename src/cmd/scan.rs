//! `seclab scan PATH... [--format json|text]`: the compatibility scanner over
//! files and directories. JSON output is an array with one object per file
//! (`file`, `verdict`, `findings`, `error`), a stable contract. Exit 0 whenever
//! the scan ran (whatever it found, including per-file errors); exit 2 for usage
//! errors (no path, a path that does not exist).

use anyhow::bail;
use clap::{Args, ValueEnum};
use seclab_engine::scanner::{scan_paths, FileReport};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Text,
}

#[derive(Args)]
pub struct ScanArgs {
    /// Files, directories and packages (a directory with `package.json` is scanned
    /// as Node loads it; otherwise every JS/TS file Node could load is walked).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// The JSON shape of one finding.
#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    line: u32,
    column: u32,
    snippet: &'a str,
}

/// The JSON shape of one file.
#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    verdict: &'a str,
    findings: Vec<JsonFinding<'a>>,
    error: Option<&'a str>,
}

fn to_json(r: &FileReport) -> JsonFile<'_> {
    JsonFile {
        file: &r.file,
        verdict: r.verdict.as_str(),
        findings: r
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: f.rule.as_str(),
                severity: f.severity.as_str(),
                line: f.line,
                column: f.column,
                snippet: &f.snippet,
            })
            .collect(),
        error: r.error.as_deref(),
    }
}

pub fn run(a: ScanArgs) -> anyhow::Result<ExitCode> {
    if a.paths.is_empty() {
        bail!("no paths given (usage: seclab scan PATH... [--format json|text])");
    }
    for p in &a.paths {
        if std::fs::metadata(p).is_err() {
            bail!("path does not exist or cannot be accessed: {}", p.display());
        }
    }
    let reports = scan_paths(&a.paths);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        Format::Json => {
            let files: Vec<JsonFile<'_>> = reports.iter().map(to_json).collect();
            serde_json::to_writer_pretty(&mut out, &files)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &reports)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let (mut clean, mut flagged, mut forbidden, mut errors) = (0, 0, 0, 0);
    for r in reports {
        match r.verdict {
            seclab_engine::Verdict::Clean => clean += 1,
            seclab_engine::Verdict::Flagged => flagged += 1,
            seclab_engine::Verdict::Forbidden => forbidden += 1,
        }
        writeln!(out, "{}: {}", r.file, r.verdict)?;
        if let Some(e) = &r.error {
            errors += 1;
            writeln!(out, "  error: {e}")?;
        }
        for f in &r.findings {
            writeln!(
                out,
                "  {}:{}:{} {} [{}] {}",
                r.file, f.line, f.column, f.severity, f.rule, f.snippet
            )?;
        }
        for d in &r.diagnostics {
            writeln!(out, "  {:?} {}:{}: {}", d.level, d.line, d.column, d.message)?;
        }
    }
    writeln!(
        out,
        "{} files: {clean} clean, {flagged} flagged, {forbidden} forbidden, {errors} not scanned",
        reports.len()
    )
}
