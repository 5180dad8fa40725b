//! The compatibility scanner (trust boundary B1): reads an extension's
//! JavaScript/TypeScript source before it runs and classifies each file as
//! clean, flagged (capability-relevant patterns) or forbidden (threat T1).
//!
//! This module owns the report types, per-file input checks (size, emptiness,
//! encoding), snippets, deterministic ordering and directory walking. Lexing is
//! in [`lexer`], the rules in [`rules`].
//!
//! Verdicts: `forbidden` if any forbidden finding; else `flagged` if any
//! finding; else `clean`. A file that could not be scanned at all (unreadable,
//! ≥ 10 MB) carries an `error` and the verdict `flagged` — fail closed, it needs
//! review. Problems that do not stop the scan (invalid UTF-8, empty file,
//! unterminated tokens) are diagnostics; the file is still scanned.

pub mod corpus;
pub mod lexer;
pub mod rules;

pub use lexer::{DiagnosticLevel, LexDiagnostic as Diagnostic};
pub use rules::{classify_module, ModuleClass, RuleId, Severity, FORBIDDEN_BUILTINS, NETWORK_BUILTINS};

use crate::capability::CapabilitySet;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Files this large or larger are not scanned.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Extensions `scan_paths` picks up when walking a directory.
pub const SOURCE_EXTENSIONS: [&str; 4] = ["js", "mjs", "cjs", "ts"];

/// The classification of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Clean,
    Flagged,
    Forbidden,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Flagged => "flagged",
            Verdict::Forbidden => "forbidden",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One matched pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// 1-based line of the token that names the dangerous thing.
    pub line: u32,
    /// 1-based column (in characters) of that token.
    pub column: u32,
    /// The source around the match (one line, trimmed, at most ~160 characters).
    pub snippet: String,
}

/// The scan result for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub file: String,
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
    pub inferred_capabilities: CapabilitySet,
    /// Non-fatal problems (line 0 = about the whole file).
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be scanned.
    pub error: Option<String>,
}

impl FileReport {
    fn unscanned(file: &str, error: String) -> FileReport {
        FileReport {
            file: file.to_string(),
            verdict: Verdict::Flagged,
            findings: Vec::new(),
            inferred_capabilities: CapabilitySet::EMPTY,
            diagnostics: Vec::new(),
            error: Some(error),
        }
    }

    /// Findings of one rule.
    pub fn count(&self, rule: RuleId) -> usize {
        self.findings.iter().filter(|f| f.rule == rule).count()
    }
}

fn file_diag(level: DiagnosticLevel, message: String) -> Diagnostic {
    Diagnostic {
        level,
        line: 0,
        column: 0,
        message,
    }
}

/// Scan one source. `path_label` is only used to name the file in the report.
pub fn scan_source(path_label: &str, bytes: &[u8]) -> FileReport {
    if bytes.len() as u64 >= MAX_FILE_BYTES {
        return FileReport::unscanned(
            path_label,
            format!(
                "file too large: {} bytes (limit {} bytes); not scanned",
                bytes.len(),
                MAX_FILE_BYTES
            ),
        );
    }
    let mut diagnostics = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        diagnostics.push(file_diag(DiagnosticLevel::Warning, "empty file".to_string()));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        diagnostics.push(file_diag(
            DiagnosticLevel::Warning,
            format!(
                "not valid UTF-8 (first invalid byte at offset {}); scanned byte-wise",
                e.valid_up_to()
            ),
        ));
    }
    let lexed = lexer::tokenize(bytes);
    diagnostics.extend(lexed.diagnostics);
    let matches = rules::match_tokens(bytes, &lexed.tokens);

    let mut raw = matches.findings;
    raw.sort_by_key(|f| (f.line, f.column, f.rule));
    raw.dedup_by_key(|f| (f.line, f.column, f.rule));
    let findings: Vec<Finding> = raw
        .iter()
        .map(|f| Finding {
            rule: f.rule,
            severity: f.rule.severity(),
            line: f.line,
            column: f.column,
            snippet: snippet(bytes, f.start, f.end),
        })
        .collect();
    let verdict = verdict_of(&findings);
    FileReport {
        file: path_label.to_string(),
        verdict,
        findings,
        inferred_capabilities: matches.capabilities,
        diagnostics,
        error: None,
    }
}

/// The verdict implied by a list of findings.
pub fn verdict_of(findings: &[Finding]) -> Verdict {
    if findings.iter().any(|f| f.severity == Severity::Forbidden) {
        Verdict::Forbidden
    } else if findings.is_empty() {
        Verdict::Clean
    } else {
        Verdict::Flagged
    }
}

const SNIPPET_SIDE: usize = 80;

fn is_line_break(src: &[u8], p: usize) -> bool {
    matches!(src[p], b'\n' | b'\r')
}

/// The line around `[start, end)`, clipped to a window and to character boundaries.
fn snippet(src: &[u8], start: usize, end: usize) -> String {
    let start = start.min(src.len());
    let end = end.clamp(start, src.len()).min(start + SNIPPET_SIDE);
    let mut a = start;
    while a > 0 && start - a < SNIPPET_SIDE && !is_line_break(src, a - 1) {
        a -= 1;
    }
    let mut b = end;
    while b < src.len() && b - end < SNIPPET_SIDE && !is_line_break(src, b) {
        b += 1;
    }
    while a < start && src[a] & 0xC0 == 0x80 {
        a += 1;
    }
    while b > end && b < src.len() && src[b] & 0xC0 == 0x80 {
        b -= 1;
    }
    String::from_utf8_lossy(&src[a..b]).trim().to_string()
}

/// Scan one file from disk (size checked before reading).
pub fn scan_file(path: &Path) -> FileReport {
    let label = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return FileReport::unscanned(&label, format!("cannot read file: {e}")),
    };
    if meta.len() >= MAX_FILE_BYTES {
        return FileReport::unscanned(
            &label,
            format!(
                "file too large: {} bytes (limit {} bytes); not scanned",
                meta.len(),
                MAX_FILE_BYTES
            ),
        );
    }
    match std::fs::read(path) {
        Ok(bytes) => scan_source(&label, &bytes),
        Err(e) => FileReport::unscanned(&label, format!("cannot read file: {e}")),
    }
}

/// Is this a file name `scan_paths` picks up inside a directory?
pub fn is_source_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
}

/// Scan files and directories. A file given explicitly is scanned whatever its
/// extension; directories are walked recursively (symlinked directories are
/// not followed) for .js .mjs .cjs .ts files, in sorted order. Errors become
/// per-file reports and the scan goes on.
pub fn scan_paths(paths: &[PathBuf]) -> Vec<FileReport> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let mut errors = Vec::new();
                walk(p, &mut files, &mut errors);
                files.sort();
                files.dedup();
                out.extend(errors);
                out.extend(files.iter().map(|f| scan_file(f)));
            }
            Ok(_) => out.push(scan_file(p)),
            Err(e) => out.push(FileReport::unscanned(
                &p.display().to_string(),
                format!("cannot access path: {e}"),
            )),
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<FileReport>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(FileReport::unscanned(
                &dir.display().to_string(),
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for c in children {
        let Ok(lm) = std::fs::symlink_metadata(&c) else {
            continue;
        };
        if lm.is_dir() {
            walk(&c, files, errors);
        } else if lm.file_type().is_symlink() {
            if std::fs::metadata(&c).is_ok_and(|m| m.is_file()) && is_source_file(&c) {
                files.push(c);
            }
        } else if lm.is_file() && is_source_file(&c) {
            files.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_and_ordering() {
        let r = scan_source("x.js", b"process.env.A; eval(x)\nrequire('vm')");
        assert_eq!(r.verdict, Verdict::Forbidden);
        let rules: Vec<_> = r.findings.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            vec![RuleId::ProcessEnv, RuleId::EvalCall, RuleId::ForbiddenBuiltin]
        );
        assert_eq!(r.findings[1].column, 16);
        assert_eq!(r.findings[1].snippet, "process.env.A; eval(x)");
        assert_eq!(scan_source("y.js", b"process.env.A").verdict, Verdict::Flagged);
        assert_eq!(scan_source("z.js", b"let a = 1").verdict, Verdict::Clean);
    }

    #[test]
    fn bad_inputs() {
        let r = scan_source("e.js", b"");
        assert_eq!(r.verdict, Verdict::Clean);
        assert!(r.diagnostics.iter().any(|d| d.message.contains("empty")));
        let r = scan_source("u.js", b"\xff\xfeeval(x)");
        assert!(r.diagnostics.iter().any(|d| d.message.contains("UTF-8")));
        let big = vec![b' '; MAX_FILE_BYTES as usize];
        let r = scan_source("big.js", &big);
        assert!(r.error.as_deref().unwrap().contains("too large"));
        assert_eq!(r.verdict, Verdict::Flagged);
    }
}
