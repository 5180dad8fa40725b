//! Session traces: JSON Lines, one hostcall per line (docs/trace-format.md).
//!
//! Owns the [`TraceRecord`] type, a streaming reader whose errors name the
//! 1-based line number (a malformed line stops the read: nothing is silently
//! skipped; only blank lines are ignored), and a writer.

use crate::hostcall::HostcallRequest;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{BufRead, Write};

/// One hostcall of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceRecord {
    /// Milliseconds since the session started (or any monotonic origin).
    pub ts_ms: u64,
    /// Extension id.
    pub ext: String,
    /// Hostcall method (tool, exec, http, env, fs, session, ui, events, log).
    pub method: String,
    /// Method params; must be a JSON object to pass validation.
    pub params: Value,
    /// Optional call id; the reader's consumer makes one up when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
}

impl TraceRecord {
    pub fn new(ts_ms: u64, ext: impl Into<String>, method: impl Into<String>, params: Value) -> Self {
        TraceRecord {
            ts_ms,
            ext: ext.into(),
            method: method.into(),
            params,
            call_id: None,
        }
    }

    /// The hostcall request of this record; `index` names the call when the record
    /// has no call id (`call-<index>`).
    pub fn to_request(&self, index: usize) -> HostcallRequest {
        HostcallRequest::new(
            self.call_id.clone().unwrap_or_else(|| format!("call-{index}")),
            self.ext.clone(),
            self.method.clone(),
            self.params.clone(),
        )
    }
}

/// A trace line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("trace line {line}: {message}")]
pub struct TraceError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// Streams records from JSON Lines. Yields `Err` for the first bad line and then stops.
pub struct TraceReader<R> {
    inner: R,
    line: usize,
    buf: String,
    failed: bool,
}

impl<R: BufRead> TraceReader<R> {
    pub fn new(inner: R) -> Self {
        TraceReader {
            inner,
            line: 0,
            buf: String::new(),
            failed: false,
        }
    }
    /// Lines consumed so far.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl<R: BufRead> Iterator for TraceReader<R> {
    type Item = Result<TraceRecord, TraceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            self.buf.clear();
            self.line += 1;
            match self.inner.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.failed = true;
                    return Some(Err(TraceError {
                        line: self.line,
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
            let text = self.buf.trim();
            if text.is_empty() {
                continue;
            }
            return Some(serde_json::from_str::<TraceRecord>(text).map_err(|e| {
                self.failed = true;
                TraceError {
                    line: self.line,
                    message: e.to_string(),
                }
            }));
        }
    }
}

/// Read a whole trace into memory (errors name the line).
pub fn read_trace<R: BufRead>(r: R) -> Result<Vec<TraceRecord>, TraceError> {
    TraceReader::new(r).collect()
}

/// Writes records as JSON Lines.
pub struct TraceWriter<W: Write> {
    inner: W,
}

impl<W: Write> TraceWriter<W> {
    pub fn new(inner: W) -> Self {
        TraceWriter { inner }
    }
    pub fn write(&mut self, rec: &TraceRecord) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.inner, rec)?;
        self.inner.write_all(b"\n")
    }
    pub fn finish(mut self) -> std::io::Result<W> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip_and_line_numbers() {
        let recs = vec![
            TraceRecord::new(0, "a", "tool", json!({"name": "read", "input": {"path": "x"}})),
            TraceRecord {
                call_id: Some("k".into()),
                ..TraceRecord::new(5, "b", "env", json!({"name": "HOME"}))
            },
        ];
        let mut w = TraceWriter::new(Vec::new());
        for r in &recs {
            w.write(r).unwrap();
        }
        let bytes = w.finish().unwrap();
        assert_eq!(read_trace(bytes.as_slice()).unwrap(), recs);
        assert_eq!(recs[0].to_request(7).call_id, "call-7");
        assert_eq!(recs[1].to_request(7).call_id, "k");

        let text = "{\"ts_ms\":1,\"ext\":\"a\",\"method\":\"log\",\"params\":{}}\n\n{\"ts_ms\":\"x\"}\n{\"ts_ms\":2,\"ext\":\"a\",\"method\":\"log\",\"params\":{}}\n";
        let mut it = TraceReader::new(text.as_bytes());
        assert!(it.next().unwrap().is_ok());
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(it.next().is_none(), "the reader stops at the first bad line");
        let unknown = "{\"ts_ms\":1,\"ext\":\"a\",\"method\":\"log\",\"params\":{},\"extra\":1}\n";
        assert_eq!(read_trace(unknown.as_bytes()).unwrap_err().line, 1);
    }
}
