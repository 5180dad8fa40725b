//! The compatibility scanner (trust boundary B1): reads an extension's
//! JavaScript/TypeScript source before it runs and classifies each file as
//! clean, flagged (capability-relevant patterns) or forbidden (threat T1).
//!
//! This module owns the report types, per-file input checks (size, emptiness,
//! encoding, nesting), positions and snippets, deterministic ordering, and the
//! analysis thread. Parsing and the file-level rules are in [`analyze`] (oxc
//! parser + semantic), abstract values in [`values`], rule ids in [`rules`],
//! package-level scanning (package.json entry points, Node's module
//! resolution, symlinks, lifecycle scripts) in [`package`] and [`lifecycle`].
//!
//! Verdicts: `forbidden` if any forbidden finding; else `flagged` if any
//! finding; else `clean`. A file that could not be scanned at all (unreadable,
//! ≥ 10 MB, a package.json that does not parse) carries an `error` and a
//! `parse-error` finding, verdict `forbidden` — fail closed: a scanner that
//! cannot read what Node would load must not pass it. A file that does not parse gets a `parse-error` finding (forbidden):
//! the rules cannot see into it, so it is never passed as clean. Invalid UTF-8
//! and empty files are diagnostics; the file is still scanned.

pub mod analyze;
pub mod corpus;
pub mod guard;
pub mod lifecycle;
pub mod package;
pub mod rules;
mod specs;
pub mod values;

pub use analyze::{Effect, Specifier};
pub use package::{scan_paths, SOURCE_EXTENSIONS};
pub use rules::{classify_module, ModuleClass, RuleId, Severity, FORBIDDEN_BUILTINS, NETWORK_BUILTINS};

use crate::capability::{Capability, CapabilitySet};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// Files this large or larger are not scanned.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

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

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticLevel {
    Warning,
    Error,
}

/// A problem that does not stop the scan (line 0 = about the whole file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: DiagnosticLevel,
    pub line: u32,
    pub column: u32,
    pub message: String,
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
    /// The capability the finding implies, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<Capability>,
}

impl Finding {
    /// A finding of `rule` at a position.
    pub fn new(rule: RuleId, line: u32, column: u32, snippet: String) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
            line,
            column,
            snippet,
            capability: rule.capability(),
        }
    }
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
    /// A file that could not be scanned (too large, unreadable, a package.json
    /// that does not parse). Fail closed: what Node would load but the scanner
    /// cannot read is never passed, so it carries a `parse-error` finding
    /// (forbidden) at `line:column` as well as the error.
    fn unscanned_at(file: &str, error: String, line: u32, column: u32) -> FileReport {
        let finding = Finding::new(RuleId::ParseError, line, column, error.clone());
        FileReport {
            file: file.to_string(),
            verdict: Verdict::Forbidden,
            findings: vec![finding],
            inferred_capabilities: CapabilitySet::EMPTY,
            diagnostics: Vec::new(),
            error: Some(error),
        }
    }

    fn unscanned(file: &str, error: String) -> FileReport {
        FileReport::unscanned_at(file, error, 1, 1)
    }

    /// Findings of one rule.
    pub fn count(&self, rule: RuleId) -> usize {
        self.findings.iter().filter(|f| f.rule == rule).count()
    }

    /// Add findings, keep them sorted and deduplicated, recompute the verdict.
    pub fn add_findings(&mut self, more: impl IntoIterator<Item = Finding>) {
        self.findings.extend(more);
        self.findings.sort_by_key(|f| (f.line, f.column, f.rule));
        self.findings.dedup_by_key(|f| (f.line, f.column, f.rule));
        for f in &self.findings {
            if let Some(c) = f.capability {
                if f.severity == Severity::Flagged {
                    self.inferred_capabilities.insert(c);
                }
            }
        }
        if self.error.is_none() {
            self.verdict = verdict_of(&self.findings);
        }
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

/// A scanned source with what the package walk needs beyond the report.
#[derive(Debug, Clone)]
pub struct Scanned {
    pub report: FileReport,
    /// Constant module specifiers the file loads.
    pub specifiers: Vec<Specifier>,
    /// Network / process effects (for install-time code), as findings.
    pub effects: Vec<(Effect, Finding)>,
    /// Secret / host-identity taint of what the module exports (package graph).
    pub export_taint: u8,
}

/// Scan one source. `path_label` names the file in the report and decides
/// the language (TypeScript by extension).
pub fn scan_source(path_label: &str, bytes: &[u8]) -> FileReport {
    scan_source_full(path_label, bytes).report
}

/// [`scan_source`] with the module specifiers and effects.
pub fn scan_source_full(path_label: &str, bytes: &[u8]) -> Scanned {
    scan_source_with_imports(path_label, bytes, &[])
}

/// [`scan_source_full`] where the modules named by `imports` (specifier as
/// written, taint of their exports) are known from the package graph.
pub fn scan_source_with_imports(path_label: &str, bytes: &[u8], imports: &[(String, u8)]) -> Scanned {
    if bytes.len() as u64 >= MAX_FILE_BYTES {
        return Scanned {
            report: FileReport::unscanned(
                path_label,
                format!(
                    "file too large: {} bytes (limit {} bytes); not scanned",
                    bytes.len(),
                    MAX_FILE_BYTES
                ),
            ),
            specifiers: Vec::new(),
            effects: Vec::new(),
            export_taint: 0,
        };
    }
    let mut diagnostics = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        diagnostics.push(file_diag(DiagnosticLevel::Warning, "empty file".to_string()));
    }
    let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            diagnostics.push(file_diag(
                DiagnosticLevel::Warning,
                format!(
                    "not valid UTF-8 (first invalid byte at offset {}); invalid bytes read as U+FFFD",
                    e.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    let mut report = FileReport {
        file: path_label.to_string(),
        verdict: Verdict::Clean,
        findings: Vec::new(),
        inferred_capabilities: CapabilitySet::EMPTY,
        diagnostics,
        error: None,
    };
    // The estimate never exceeds the byte count, so a shorter source passes
    // without the scan.
    let depth = if text.len() <= guard::MAX_NESTING {
        0
    } else {
        guard::nesting_estimate(text.as_bytes())
    };
    if depth > guard::MAX_NESTING {
        report.add_findings([Finding::new(
            RuleId::ParseError,
            1,
            1,
            format!("nesting estimate {depth} exceeds {}; not analysed", guard::MAX_NESTING),
        )]);
        return Scanned {
            report,
            specifiers: Vec::new(),
            effects: Vec::new(),
            export_taint: 0,
        };
    }
    let analysis = match run_analysis(path_label, &text, imports) {
        Ok(a) => a,
        Err(msg) => {
            report.add_findings([Finding::new(RuleId::ParseError, 1, 1, msg)]);
            return Scanned {
                report,
                specifiers: Vec::new(),
                effects: Vec::new(),
                export_taint: 0,
            };
        }
    };
    // Line starts are only needed for positions (most files have few findings
    // or none), and only up to the last position asked for.
    let last = (analysis.hits.iter())
        .chain(analysis.effects.iter().map(|(_, h)| h))
        .map(|h| h.start)
        .chain(analysis.parse_errors.first().map(|(_, off)| *off))
        .max()
        .unwrap_or(0);
    let lines = std::cell::OnceCell::new();
    let at = |rule: RuleId, start: u32, end: u32| {
        let (line, column) = lines
            .get_or_init(|| LineIndex::new(&text, last as usize))
            .position(&text, start as usize);
        Finding::new(rule, line, column, snippet(&text, start as usize, end as usize))
    };
    let mut findings: Vec<Finding> = analysis.hits.iter().map(|h| at(h.rule, h.start, h.end)).collect();
    if let Some((msg, off)) = analysis.parse_errors.first() {
        let mut f = at(RuleId::ParseError, *off, *off);
        report.diagnostics.push(Diagnostic {
            level: DiagnosticLevel::Error,
            line: f.line,
            column: f.column,
            message: format!("does not parse: {msg}"),
        });
        if f.snippet.is_empty() {
            f.snippet = msg.clone();
        }
        findings.push(f);
    }
    report.inferred_capabilities = analysis.capabilities;
    report.add_findings(findings);
    let effects = analysis
        .effects
        .iter()
        .map(|(e, h)| (*e, at(h.rule, h.start, h.end)))
        .collect();
    Scanned {
        report,
        specifiers: analysis.specifiers,
        effects,
        export_taint: analysis.export_taint,
    }
}

type Job = (String, String, Vec<(String, u8)>);
type JobResult = Result<analyze::Analysis, String>;

/// A long-lived analysis thread with a large stack, one per calling thread
/// (the parser and the visitors recurse; the guard bounds how deep).
struct Worker {
    jobs: std::sync::mpsc::Sender<Job>,
    results: std::sync::mpsc::Receiver<JobResult>,
}

impl Worker {
    fn start() -> Result<Worker, String> {
        let (jtx, jrx) = std::sync::mpsc::channel::<Job>();
        let (rtx, rrx) = std::sync::mpsc::channel::<JobResult>();
        std::thread::Builder::new()
            .name("scanner-analysis".to_string())
            .stack_size(guard::ANALYSIS_STACK_BYTES)
            .spawn(move || {
                for (label, text, imports) in jrx {
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        analyze::analyze_with_imports(&label, &text, &imports)
                    }))
                    .map_err(|_| "the parser failed on this file; not analysed".to_string());
                    if rtx.send(r).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| format!("analysis thread could not start: {e}; not analysed"))?;
        Ok(Worker {
            jobs: jtx,
            results: rrx,
        })
    }
}

thread_local! {
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
}

thread_local! {
    /// Set on threads started by [`on_analysis_stack`] (and on the workers):
    /// their stack is [`guard::ANALYSIS_STACK_BYTES`].
    static ON_ANALYSIS_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f` on a thread with the analysis stack, where every scan it makes
/// analyses in place instead of handing each file to the analysis worker (a
/// thread switch per file, the larger part of the cost of a small file).
/// [`scan_paths`] runs this way; a caller scanning many sources one by one
/// with [`scan_source`] can too. If that thread cannot be started, `f` runs
/// here (each file then goes to the worker, as without this). A panic in `f`
/// is passed on to the caller.
pub fn on_analysis_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if ON_ANALYSIS_STACK.with(|c| c.get()) {
        return f();
    }
    let mut slot = Some(f);
    let started = std::thread::scope(|scope| {
        let run = || {
            ON_ANALYSIS_STACK.with(|c| c.set(true));
            slot.take().map(|f| f())
        };
        let handle = std::thread::Builder::new()
            .name("scanner-analysis".to_string())
            .stack_size(guard::ANALYSIS_STACK_BYTES)
            .spawn_scoped(scope, run);
        match handle.map(|h| h.join()) {
            Ok(Ok(r)) => r,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        }
    });
    match (started, slot.take()) {
        (Some(r), _) => r,
        (None, Some(f)) => f(),
        // Unreachable: the thread either ran `f` (and returned its result) or never took it.
        (None, None) => unreachable!("on_analysis_stack: f neither ran nor stayed"),
    }
}

/// Run the analysis: in place on an analysis stack, else on this thread's
/// analysis worker.
fn run_analysis(label: &str, text: &str, imports: &[(String, u8)]) -> JobResult {
    if ON_ANALYSIS_STACK.with(|c| c.get()) {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analyze::analyze_with_imports(label, text, imports)
        }))
        .map_err(|_| "the parser failed on this file; not analysed".to_string());
    }
    let (text, imports) = (text.to_string(), imports.to_vec());
    WORKER.with(|cell| {
        let mut w = cell.borrow_mut();
        if w.is_none() {
            *w = Some(Worker::start()?);
        }
        let worker = w.as_ref().ok_or("no analysis worker")?;
        let sent = worker.jobs.send((label.to_string(), text, imports)).is_ok();
        let got = if sent { worker.results.recv().ok() } else { None };
        match got {
            Some(r) => r,
            None => {
                *w = None;
                Err("analysis worker stopped; not analysed".to_string())
            }
        }
    })
}

/// Line starts of a source (LF, CR, CRLF, U+2028 and U+2029 end lines).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts at or before `upto` (and a few after it; positions
    /// are only asked for offsets up to `upto`).
    fn new(text: &str, upto: usize) -> LineIndex {
        let b = text.as_bytes();
        let end = b.len().min(upto.saturating_add(1));
        // Room for a line per 32 bytes up to `end` (growing from one cost
        // more than the search on files with a finding late in them).
        let mut starts = Vec::with_capacity(end / 32 + 2);
        starts.push(0);
        // Only the bytes that can start a line break are looked at (a vector
        // search); `resume` skips the second byte of a CRLF and the tail of a
        // U+2028/U+2029.
        let mut resume = 0;
        for i in memchr::memchr3_iter(b'\n', b'\r', 0xE2, &b[..end]) {
            if i < resume {
                continue;
            }
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    let next = if b.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                    starts.push(next);
                    resume = next;
                }
                _ if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                    starts.push(i + 3);
                    resume = i + 3;
                }
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// [`LineIndex::new`] as first written, one byte at a time: the reference
    /// the vector search is tested against.
    #[cfg(test)]
    fn new_reference(text: &str, upto: usize) -> LineIndex {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        let end = b.len().min(upto.saturating_add(1));
        while i < end {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                    i += 2;
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based (line, column in characters) of a byte offset (at most the
    /// `upto` the index was built for).
    fn position(&self, text: &str, off: usize) -> (u32, u32) {
        let off = off.min(text.len());
        let line = self.starts.partition_point(|&s| s <= off).max(1);
        let start = self.starts[line - 1];
        let col = text.get(start..off).map_or(off - start, |s| s.chars().count());
        (line as u32, col as u32 + 1)
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

/// The line around `[start, end)`, clipped to a window and to character boundaries.
fn snippet(text: &str, start: usize, end: usize) -> String {
    let src = text.as_bytes();
    let start = start.min(src.len());
    let end = end.clamp(start, src.len()).min(start + SNIPPET_SIDE);
    // Back to just after the last line break within the window, forward to
    // the first one (vector searches for the two bytes that end a line).
    let a_min = start.saturating_sub(SNIPPET_SIDE);
    let mut a = memchr::memrchr2(b'\n', b'\r', &src[a_min..start]).map_or(a_min, |p| a_min + p + 1);
    let b_max = (end + SNIPPET_SIDE).min(src.len());
    let mut b = memchr::memchr2(b'\n', b'\r', &src[end..b_max]).map_or(b_max, |p| end + p);
    while a < start && src[a] & 0xC0 == 0x80 {
        a += 1;
    }
    while b > end && b < src.len() && src[b] & 0xC0 == 0x80 {
        b -= 1;
    }
    // `a` and `b` were moved onto character boundaries, so the text is sliced
    // as it is (no second UTF-8 check); the lossy copy is only a fallback.
    match text.get(a..b) {
        Some(s) => s.trim().to_string(),
        None => String::from_utf8_lossy(&src[a..b]).trim().to_string(),
    }
}

/// Is this a file name a directory walk picks up?
pub fn is_source_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// [`snippet`] as first written (byte loops to the line breaks): the
    /// reference the vector-search version is checked against.
    fn snippet_reference(text: &str, start: usize, end: usize) -> String {
        let is_line_break = |src: &[u8], p: usize| matches!(src[p], b'\n' | b'\r');
        let src = text.as_bytes();
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

    /// SLO-02: a finding's snippet is the same line, clipped the same way, as
    /// the byte-loop version gave, at every start and end in texts with
    /// `\n`, `\r`, `\r\n`, multi-byte characters and lines past the window.
    #[test]
    fn slo_02_snippets_match_the_reference_scan() {
        let long = format!("let é = 1; {} eval(x); // {}", "a".repeat(120), "中".repeat(40));
        let texts = [
            String::new(),
            "eval(x)".to_string(),
            "a\nb\r\nc\rd\n\n".to_string(),
            format!("x\n{long}\r\ny = 2;\n{long}"),
            "🙂🙂\n🙂 eval(\"é\") 🙂\r".to_string(),
        ];
        for t in &texts {
            for start in 0..=t.len() {
                for end in [start, start + 1, start + 7, start + 100, t.len()] {
                    assert_eq!(
                        snippet(t, start, end),
                        snippet_reference(t, start, end),
                        "{t:?} [{start}, {end})"
                    );
                }
            }
        }
    }

    /// SLO-02 (findings a reviewer can locate): the vector search for line
    /// breaks gives the same line starts as the byte-by-byte reference for LF,
    /// CR, CRLF, U+2028, U+2029 and their look-alikes, at every cut-off, so a
    /// finding's line and column do not move.
    #[test]
    fn slo_02_line_starts_match_the_reference_scan() {
        let pieces = [
            "a", "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{2027}", "\u{20ac}", "\u{e2}", "é", "\n\r", "xyz",
        ];
        // Every sequence of three pieces, and a long mixed text.
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        texts.push(pieces.iter().cycle().take(500).copied().collect::<String>());
        for t in &texts {
            for upto in 0..=t.len() + 1 {
                assert_eq!(
                    LineIndex::new(t, upto).starts,
                    LineIndex::new_reference(t, upto).starts,
                    "{t:?} up to {upto}"
                );
            }
        }
    }

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
        assert_eq!(r.verdict, Verdict::Forbidden);
        assert_eq!(r.count(RuleId::ParseError), 1);
    }
}
