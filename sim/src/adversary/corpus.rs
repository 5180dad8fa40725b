//! Attack regression traces: `corpus/attacks/<family>/<name>.jsonl` (the
//! trace format of docs/trace-format.md) with a sidecar
//! `<name>.expect.json` giving the goal, the attacker's own call indices and
//! the damaging call (the call at which the goal is reached unopposed: the
//! engine must stop the trace at or before it).

use super::run::{unopposed, AttackTrace};
use super::Goal;
use anyhow::{anyhow, bail, Context};
use seclab_engine::trace::{read_trace, TraceWriter};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The sidecar of a regression trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub family: String,
    pub goal: Goal,
    /// 0-based index of the call at which the goal is reached unopposed.
    pub damaging_index: usize,
    /// 0-based indices of the attacker's own calls (the rest is padding).
    pub attack_indices: Vec<usize>,
    pub description: String,
    /// `hand-written (issue 12)` or the search that found it.
    pub origin: String,
}

/// One regression case.
#[derive(Debug, Clone)]
pub struct Case {
    pub trace_path: PathBuf,
    pub name: String,
    pub trace: AttackTrace,
    pub expect: Expectation,
}

/// Every case under `root` (`<family>/<name>.jsonl` + sidecar), sorted by path.
/// A trace without a sidecar, or a sidecar that does not parse, is an error
/// naming the file.
pub fn load(root: &Path) -> anyhow::Result<Vec<Case>> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .with_context(|| format!("cannot read {}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        for f in files {
            let side = f.with_extension("expect.json");
            let text = std::fs::read_to_string(&side)
                .with_context(|| format!("{}: missing sidecar {}", f.display(), side.display()))?;
            let expect: Expectation =
                serde_json::from_str(&text).map_err(|e| anyhow!("{}: line {}: {e}", side.display(), e.line()))?;
            let file = std::fs::File::open(&f)?;
            let calls = read_trace(std::io::BufReader::new(file)).map_err(|e| anyhow!("{}: {e}", f.display()))?;
            if let Some(bad) = expect.attack_indices.iter().find(|i| **i >= calls.len()) {
                bail!(
                    "{}: field `attack_indices`: {bad} is past the trace's {} calls",
                    side.display(),
                    calls.len()
                );
            }
            let name = format!(
                "{}/{}",
                d.file_name().unwrap_or_default().to_string_lossy(),
                f.file_stem().unwrap_or_default().to_string_lossy()
            );
            let trace = AttackTrace {
                calls,
                attack: expect.attack_indices.iter().copied().collect(),
            };
            out.push(Case {
                trace_path: f,
                name,
                trace,
                expect,
            });
        }
    }
    Ok(out)
}

/// Save a trace and its sidecar (damaging index measured unopposed).
/// Returns None (nothing written) when the trace does not reach `goal` unopposed.
pub fn save(
    root: &Path,
    family: &str,
    name: &str,
    trace: &AttackTrace,
    goal: Goal,
    description: &str,
    origin: &str,
) -> anyhow::Result<Option<PathBuf>> {
    let ev = unopposed(trace);
    let Some(&(_, idx)) = ev.goals.iter().find(|(g, _)| *g == goal) else {
        return Ok(None);
    };
    let dir = root.join(family);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.jsonl"));
    let mut w = TraceWriter::new(Vec::new());
    for r in &trace.calls {
        w.write(r)?;
    }
    write_atomic(&path, &w.finish()?)?;
    let exp = Expectation {
        family: family.to_string(),
        goal,
        damaging_index: idx,
        attack_indices: trace.attack.iter().copied().collect(),
        description: description.to_string(),
        origin: origin.to_string(),
    };
    let mut text = serde_json::to_string_pretty(&exp)?;
    text.push('\n');
    write_atomic(&path.with_extension("expect.json"), text.as_bytes())?;
    Ok(Some(path))
}

/// Write through a temporary file in the same directory, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp.{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot rename to {}", path.display()))?;
    Ok(())
}
