//! Real traces in the lab: directories of recorded sessions
//! (docs/trace-format.md, one `{"ts_ms","ext","method","params"}` object per
//! line, one session per file) loaded with a label (benign or hostile) and
//! evaluated under every config next to the simulated sessions, through the
//! same engine path (`Dispatcher`, `MockConnector`, the trace's own `ts_ms`
//! as the clock).
//!
//! Real sessions run under policy `profile = "permissive"` with
//! `allow_dangerous = true`, so the static policy allows every call and only
//! the runtime risk controller decides (the SLO-10 measurement of the
//! project's TEAM.md).
//!
//! A bad line is an error naming the file, the 1-based line and the field;
//! nothing is skipped. The files are read in place and never copied.

use crate::archetype::{Label, Session, SessionMeta, SimCall};
use seclab_engine::config::real_sessions_config;
use seclab_engine::config::EngineConfig;
use seclab_engine::hostcall::{validate_with, HostcallKind, HostcallRequest, RequestRules};
use seclab_engine::risk::RiskConfig;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A trace line (or file) that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceLoadError {
    pub file: PathBuf,
    /// 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for TraceLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for TraceLoadError {}

/// `[[traces]]` in a lab config, or one `--traces DIR[:label]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceSpec {
    /// Directory of `*.jsonl` traces (one session per file). Relative paths
    /// are resolved by the caller (see `cargo xtask sweep --help`).
    pub dir: String,
    #[serde(default = "default_label")]
    pub label: Label,
    /// When true, a missing directory is skipped with a note instead of an error.
    #[serde(default)]
    pub optional: bool,
}

fn default_label() -> Label {
    Label::Benign
}

impl TraceSpec {
    /// Parse `DIR[:benign|hostile]` (the label defaults to benign).
    pub fn parse_arg(s: &str) -> Result<TraceSpec, String> {
        let (dir, label) = match s.rsplit_once(':') {
            Some((d, "benign")) => (d, Label::Benign),
            Some((d, "hostile")) => (d, Label::Hostile),
            _ => (s, Label::Benign),
        };
        if dir.trim().is_empty() {
            return Err(format!("--traces `{s}`: empty directory"));
        }
        Ok(TraceSpec {
            dir: dir.to_string(),
            label,
            optional: false,
        })
    }
}

/// One recorded session.
#[derive(Debug, Clone, PartialEq)]
pub struct RealSession {
    /// File name inside its directory.
    pub file: String,
    /// The `ext` of its calls (the agent).
    pub agent: String,
    /// sha256 of the file's bytes.
    pub sha256: String,
    pub session: Session,
}

/// A loaded trace directory.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceSet {
    /// The directory as given (relative or absolute), for reports.
    pub dir: String,
    pub label: Label,
    pub sessions: Vec<RealSession>,
}

/// What a report keeps of a trace set (no calls, no paths inside traces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceSetInfo {
    pub dir: String,
    pub label: Label,
    pub sessions: Vec<TraceSessionInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceSessionInfo {
    pub file: String,
    pub agent: String,
    pub calls: u64,
    pub sha256: String,
}

impl TraceSet {
    pub fn info(&self) -> TraceSetInfo {
        TraceSetInfo {
            dir: self.dir.clone(),
            label: self.label,
            sessions: self
                .sessions
                .iter()
                .map(|s| TraceSessionInfo {
                    file: s.file.clone(),
                    agent: s.agent.clone(),
                    calls: s.session.calls.len() as u64,
                    sha256: s.sha256.clone(),
                })
                .collect(),
        }
    }
}

/// The engine config a real session runs under
/// ([`seclab_engine::config::real_sessions_config`]: permissive policy with
/// `allow_dangerous`, egress refusals off, the agents' tools registered), so
/// only the risk controller (`risk`) decides; no ledger.
pub fn engine_config(risk: &RiskConfig) -> EngineConfig {
    let mut cfg = real_sessions_config(risk);
    cfg.ledger.enabled = false;
    cfg
}

/// The validation rules of [`engine_config`] (they do not depend on the risk config).
fn real_session_rules() -> &'static RequestRules {
    static RULES: OnceLock<RequestRules> = OnceLock::new();
    RULES.get_or_init(|| RequestRules::from_config(&engine_config(&RiskConfig::default())))
}

const FIELDS: &[&str] = &["ts_ms", "ext", "method", "params", "call_id"];

/// Parse one trace file's text into a session; `file` names it in errors.
pub fn parse_trace(text: &str, file: &Path, label: Label) -> Result<Session, TraceLoadError> {
    let err = |line: usize, field: Option<&str>, message: String| TraceLoadError {
        file: file.to_path_buf(),
        line: Some(line),
        field: field.map(str::to_string),
        message,
    };
    let mut s = Session::default();
    let mut last_ts: Option<u64> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(t).map_err(|e| err(line, None, format!("not JSON: {e}")))?;
        let Value::Object(obj) = v else {
            return Err(err(line, None, "expected a JSON object".into()));
        };
        if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(err(
                line,
                Some(k),
                format!("unknown field (expected {})", FIELDS.join(", ")),
            ));
        }
        let ts = obj
            .get("ts_ms")
            .ok_or_else(|| err(line, Some("ts_ms"), "missing".into()))?
            .as_u64()
            .ok_or_else(|| err(line, Some("ts_ms"), "must be a non-negative integer (ms)".into()))?;
        if let Some(prev) = last_ts {
            if ts < prev {
                return Err(err(
                    line,
                    Some("ts_ms"),
                    format!("{ts} is earlier than the previous call ({prev}); the trace clock must not go back"),
                ));
            }
        }
        last_ts = Some(ts);
        let ext = obj
            .get("ext")
            .ok_or_else(|| err(line, Some("ext"), "missing".into()))?
            .as_str()
            .filter(|e| !e.trim().is_empty())
            .ok_or_else(|| err(line, Some("ext"), "must be a non-empty string".into()))?;
        if s.meta.ext.is_empty() {
            s.meta.ext = ext.to_string();
        } else if s.meta.ext != ext {
            return Err(err(
                line,
                Some("ext"),
                format!(
                    "`{ext}` differs from `{}`: one session (one extension) per file",
                    s.meta.ext
                ),
            ));
        }
        let method_s = obj
            .get("method")
            .ok_or_else(|| err(line, Some("method"), "missing".into()))?
            .as_str()
            .ok_or_else(|| err(line, Some("method"), "must be a string".into()))?;
        let method = HostcallKind::parse(method_s).ok_or_else(|| {
            err(
                line,
                Some("method"),
                format!(
                    "unknown method `{method_s}` (expected one of {})",
                    HostcallKind::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let params = obj
            .get("params")
            .ok_or_else(|| err(line, Some("params"), "missing".into()))?
            .clone();
        if !params.is_object() {
            return Err(err(line, Some("params"), "must be a JSON object".into()));
        }
        if let Some(c) = obj.get("call_id") {
            if !c.is_string() {
                return Err(err(line, Some("call_id"), "must be a string".into()));
            }
        }
        let req = HostcallRequest::new(format!("c{line}"), ext.to_string(), method.as_str(), params.clone());
        if let Err(e) = validate_with(&req, real_session_rules()) {
            return Err(err(line, Some("params"), format!("not a valid hostcall: {e}")));
        }
        s.calls.push(SimCall {
            ts_ms: ts,
            method,
            params,
        });
    }
    if s.calls.is_empty() {
        return Err(TraceLoadError {
            file: file.to_path_buf(),
            line: None,
            field: None,
            message: "no calls".into(),
        });
    }
    s.meta = SessionMeta {
        group: format!("{}/{}", label.as_str(), s.meta.ext),
        ext: s.meta.ext.clone(),
        grants: None,
        onset: None,
    };
    Ok(s)
}

/// Load every `*.jsonl` file of `dir` (sorted by name) as one session each.
/// `shown` is how the directory is named in reports (as the user gave it).
pub fn load_dir(dir: &Path, shown: &str, label: Label) -> Result<TraceSet, TraceLoadError> {
    let rd = std::fs::read_dir(dir).map_err(|e| TraceLoadError {
        file: dir.to_path_buf(),
        line: None,
        field: None,
        message: format!("cannot read trace directory: {e}"),
    })?;
    let mut files: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(TraceLoadError {
            file: dir.to_path_buf(),
            line: None,
            field: None,
            message: "no *.jsonl trace files".into(),
        });
    }
    let mut sessions = Vec::with_capacity(files.len());
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| TraceLoadError {
            file: f.clone(),
            line: None,
            field: None,
            message: format!("cannot read: {e}"),
        })?;
        let text = String::from_utf8(bytes.clone()).map_err(|e| TraceLoadError {
            file: f.clone(),
            line: None,
            field: None,
            message: format!("not UTF-8: {e}"),
        })?;
        let session = parse_trace(&text, &f, label)?;
        sessions.push(RealSession {
            file: f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            agent: session.meta.ext.clone(),
            sha256: crate::sweep::hex(&Sha256::digest(&bytes)),
            session,
        });
    }
    Ok(TraceSet {
        dir: shown.to_string(),
        label,
        sessions,
    })
}

/// Load the trace sets of `specs`, relative `dir`s joined to `base`. An
/// `optional` set whose directory does not exist is skipped with a note
/// (the returned strings say which and why); any other problem is an error.
pub fn load_specs(specs: &[TraceSpec], base: &Path) -> Result<(Vec<TraceSet>, Vec<String>), TraceLoadError> {
    let mut sets = Vec::new();
    let mut notes = Vec::new();
    for t in specs {
        let dir = base.join(&t.dir);
        if t.optional && !dir.is_dir() {
            notes.push(format!(
                "trace set `{}` ({}) skipped: directory {} does not exist",
                t.dir,
                t.label.as_str(),
                dir.display()
            ));
            continue;
        }
        sets.push(load_dir(&dir, &t.dir, t.label)?);
    }
    Ok((sets, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Session, TraceLoadError> {
        parse_trace(t, Path::new("x.jsonl"), Label::Benign)
    }

    const OK: &str =
        r#"{"ts_ms": 5, "ext": "a", "method": "tool", "params": {"name": "read", "input": {"path": "f"}}}"#;

    #[test]
    fn good_trace_parses() {
        let s = parse(&format!("{OK}\n\n{}\n", OK.replace("\"ts_ms\": 5", "\"ts_ms\": 9"))).unwrap();
        assert_eq!(s.calls.len(), 2);
        assert_eq!(s.meta.ext, "a");
        assert_eq!(s.meta.group, "benign/a");
        assert_eq!(s.calls[1].ts_ms, 9);
    }

    #[test]
    fn bad_lines_name_file_line_and_field() {
        let cases = [
            (format!("{OK}\nnot json"), 2, None),
            (
                format!("{OK}\n{}", OK.replace("\"ts_ms\": 5", "\"ts_ms\": -1")),
                2,
                Some("ts_ms"),
            ),
            (
                format!("{OK}\n{}", OK.replace("\"ts_ms\": 5", "\"ts_ms\": 1")),
                2,
                Some("ts_ms"),
            ),
            (
                OK.replace("\"method\": \"tool\"", "\"method\": \"teleport\""),
                1,
                Some("method"),
            ),
            (OK.replace("\"ext\": \"a\"", "\"ext\": \"\""), 1, Some("ext")),
            (
                format!("{OK}\n{}", OK.replace("\"ext\": \"a\"", "\"ext\": \"b\"")),
                2,
                Some("ext"),
            ),
            (OK.replace("\"ext\"", "\"extension\""), 1, Some("extension")),
            (
                OK.replace(r#"{"name": "read", "input": {"path": "f"}}"#, "[]"),
                1,
                Some("params"),
            ),
            (OK.replace(r#""name": "read", "#, ""), 1, Some("params")),
        ];
        for (text, line, field) in cases {
            let e = parse(&text).unwrap_err();
            assert_eq!(e.line, Some(line), "{e}");
            assert_eq!(e.field.as_deref(), field, "{e}");
            assert!(e.to_string().starts_with(&format!("x.jsonl:{line}: ")), "{e}");
        }
        assert!(parse("\n\n").unwrap_err().to_string().contains("no calls"));
    }

    #[test]
    fn trace_arg_parses_label() {
        let t = TraceSpec::parse_arg("d/x:hostile").unwrap();
        assert_eq!((t.dir.as_str(), t.label), ("d/x", Label::Hostile));
        let t = TraceSpec::parse_arg("C:/x").unwrap();
        assert_eq!((t.dir.as_str(), t.label), ("C:/x", Label::Benign));
        assert!(TraceSpec::parse_arg(":benign").is_err());
    }
}
