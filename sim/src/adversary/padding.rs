//! Benign padding for attacks: calls copied from the real coding-agent
//! sessions in `../shared/real-sessions` (read in place at run time, never
//! copied into the repository), or — when that directory is absent — a small
//! built-in generic vocabulary of ordinary coding calls (reported as such).

use seclab_engine::trace::read_trace;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// One padding call: method, params and the gap before it (ms).
#[derive(Debug, Clone, PartialEq)]
pub struct PadCall {
    pub method: String,
    pub params: Value,
    pub gap_ms: u64,
}

/// Where the padding came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PaddingSource {
    /// Real sessions read from `dir`.
    RealSessions { dir: String, sessions: usize, calls: usize },
    /// The built-in generic vocabulary (real sessions were absent).
    Generic { reason: String },
}

/// A pool of benign calls.
#[derive(Debug, Clone)]
pub struct Padding {
    pub calls: Vec<PadCall>,
    pub source: PaddingSource,
}

/// Longest gap kept from a real session (resumed sessions have idle gaps of days).
const MAX_GAP_MS: u64 = 120_000;

/// `../shared/real-sessions` relative to the workspace root.
pub fn default_sessions_dir() -> PathBuf {
    let sim = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = sim.parent().map(Path::to_path_buf).unwrap_or(sim);
    root.join("..").join("shared").join("real-sessions")
}

impl Padding {
    /// Real sessions from `dir` when it holds any `.jsonl`, else the generic
    /// vocabulary. A session that does not parse is an error naming its file
    /// and line (never silently skipped).
    pub fn load(dir: &Path) -> anyhow::Result<Padding> {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
                .collect(),
            Err(e) => return Ok(Padding::generic(format!("{} not readable: {e}", dir.display()))),
        };
        if files.is_empty() {
            return Ok(Padding::generic(format!("no .jsonl sessions in {}", dir.display())));
        }
        files.sort();
        let mut calls = Vec::new();
        for f in &files {
            let file = std::fs::File::open(f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
            let recs =
                read_trace(std::io::BufReader::new(file)).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
            let mut prev: Option<u64> = None;
            for r in recs {
                let gap = prev.map_or(1000, |p| r.ts_ms.saturating_sub(p)).clamp(20, MAX_GAP_MS);
                prev = Some(r.ts_ms);
                calls.push(PadCall {
                    method: r.method,
                    params: r.params,
                    gap_ms: gap,
                });
            }
        }
        Ok(Padding {
            source: PaddingSource::RealSessions {
                dir: dir.display().to_string(),
                sessions: files.len(),
                calls: calls.len(),
            },
            calls,
        })
    }

    /// The built-in vocabulary: ordinary reads, searches, edits, builds and tests.
    pub fn generic(reason: String) -> Padding {
        let tool = |name: &str, input: Value| ("tool", json!({"name": name, "input": input}));
        let bash = |c: &str| ("tool", json!({"name": "bash", "input": {"command": c}}));
        let list = vec![
            tool("read", json!({"path": "src/main.rs"})),
            tool("read", json!({"path": "src/lib.rs"})),
            tool("grep", json!({"pattern": "fn run", "path": "src"})),
            tool("ls", json!({"path": "src"})),
            bash("cargo build"),
            bash("cargo test --quiet"),
            tool(
                "edit",
                json!({"path": "src/lib.rs", "old": "run()", "new": "run() -> bool"}),
            ),
            bash("git status --short"),
            bash("git diff --stat"),
            tool("read", json!({"path": "README.md"})),
            bash("ls -la"),
            bash("npm test"),
            tool("read", json!({"path": "package.json"})),
            ("exec", json!({"cmd": "git", "args": ["log", "--oneline", "-5"]})),
        ];
        Padding {
            calls: list
                .into_iter()
                .map(|(m, p)| PadCall {
                    method: m.into(),
                    params: p,
                    gap_ms: 1500,
                })
                .collect(),
            source: PaddingSource::Generic { reason },
        }
    }

    /// `n` consecutive calls starting at `offset` (wrapping).
    pub fn take(&self, offset: usize, n: usize) -> impl Iterator<Item = &PadCall> {
        let len = self.calls.len().max(1);
        (0..n).filter_map(move |i| self.calls.get((offset + i) % len))
    }
}
