//! Benign profiles derived from the conformance corpus manifests
//! (`corpus/extensions/conformance/{official,community}/<name>/manifest.json`).
//!
//! A profile keeps only what the simulator needs: the extension's name and
//! origin, its registered tool names, and the manifest's `session` block (call
//! range, mix, hosts, commands, env names, burstiness). A compact table of
//! profiles is embedded in the binary (`sim/configs/benign_profiles.json`) so a
//! sweep runs without the corpus; when the corpus is present at run time it is
//! read instead, and a test keeps the two in sync.

use crate::archetype::gen::MIX_VOCABULARY;
use crate::archetype::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The embedded profile table (JSON array of `BenignProfile`).
pub const EMBEDDED_PROFILES: &str = include_str!("../configs/benign_profiles.json");

/// Corpus location relative to the repository root.
pub const CORPUS_DIR: &str = "corpus/extensions/conformance";

/// One benign extension as the simulator models it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenignProfile {
    pub name: String,
    pub origin: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    pub calls: Span,
    pub mix: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http_hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env_names: Vec<String>,
    #[serde(default)]
    pub burst: bool,
}

/// The part of a manifest the simulator reads; other fields are ignored.
#[derive(Debug, Deserialize)]
struct Manifest {
    name: String,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    registrations: Registrations,
    session: Option<ManifestSession>,
}

#[derive(Debug, Default, Deserialize)]
struct Registrations {
    #[serde(default)]
    tools: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ManifestSession {
    calls: Span,
    mix: BTreeMap<String, f64>,
    #[serde(default)]
    http_hosts: Vec<String>,
    #[serde(default)]
    commands: Vec<String>,
    #[serde(default)]
    env_names: Vec<String>,
    #[serde(default)]
    burst: bool,
}

/// Where the profiles of a run came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ProfileSource {
    Embedded,
    Corpus(PathBuf),
}

impl std::fmt::Display for ProfileSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProfileSource::Embedded => f.write_str("embedded table (sim/configs/benign_profiles.json)"),
            ProfileSource::Corpus(p) => write!(f, "corpus manifests under {}", p.display()),
        }
    }
}

fn check(p: &BenignProfile, at: &str) -> Result<(), String> {
    if p.name.trim().is_empty() {
        return Err(format!("{at}: empty name"));
    }
    for (k, w) in &p.mix {
        if !MIX_VOCABULARY.contains(&k.as_str()) {
            return Err(format!("{at}: field `session.mix.{k}`: unknown mix entry"));
        }
        if !w.is_finite() || *w < 0.0 {
            return Err(format!("{at}: field `session.mix.{k}`: weight must be >= 0"));
        }
    }
    if !p.mix.values().any(|w| *w > 0.0) {
        return Err(format!("{at}: field `session.mix`: no positive weight"));
    }
    if p.calls[0].max(p.calls[1]) == 0 {
        return Err(format!("{at}: field `session.calls`: must allow at least one call"));
    }
    Ok(())
}

/// Parse the embedded (or any) profile table.
pub fn parse_table(text: &str, origin: &str) -> Result<Vec<BenignProfile>, String> {
    let mut v: Vec<BenignProfile> = serde_json::from_str(text).map_err(|e| format!("{origin}: {e}"))?;
    for p in &v {
        check(p, &format!("{origin}: profile {}", p.name))?;
    }
    v.sort_by(|a, b| (&a.origin, &a.name).cmp(&(&b.origin, &b.name)));
    Ok(v)
}

/// The embedded table.
pub fn embedded() -> Result<Vec<BenignProfile>, String> {
    parse_table(EMBEDDED_PROFILES, "embedded benign_profiles.json")
}

/// Read every `*/*/manifest.json` under a conformance corpus directory.
/// Manifests without a `session` block are skipped (they model nothing).
pub fn load_corpus(dir: &Path) -> Result<Vec<BenignProfile>, String> {
    let mut files = Vec::new();
    let origins = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for o in origins.flatten() {
        if !o.path().is_dir() {
            continue;
        }
        let exts = std::fs::read_dir(o.path()).map_err(|e| format!("{}: {e}", o.path().display()))?;
        for e in exts.flatten() {
            let m = e.path().join("manifest.json");
            if m.is_file() {
                files.push(m);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        let Some(s) = m.session else { continue };
        let origin = m.origin.unwrap_or_else(|| {
            f.parent()
                .and_then(Path::parent)
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let p = BenignProfile {
            name: m.name,
            origin,
            tools: m.registrations.tools,
            calls: s.calls,
            mix: s.mix,
            http_hosts: s.http_hosts,
            commands: s.commands,
            env_names: s.env_names,
            burst: s.burst,
        };
        check(&p, &f.display().to_string())?;
        out.push(p);
    }
    if out.is_empty() {
        return Err(format!("{}: no manifest with a `session` block", dir.display()));
    }
    out.sort_by(|a, b| (&a.origin, &a.name).cmp(&(&b.origin, &b.name)));
    Ok(out)
}

/// The profiles for a run: the corpus under `root` if present, else the embedded table.
pub fn resolve(root: Option<&Path>) -> Result<(Vec<BenignProfile>, ProfileSource), String> {
    if let Some(r) = root {
        let dir = r.join(CORPUS_DIR);
        if dir.is_dir() {
            return Ok((load_corpus(&dir)?, ProfileSource::Corpus(dir)));
        }
    }
    Ok((embedded()?, ProfileSource::Embedded))
}

/// Serialise a profile table in the embedded file's canonical layout.
pub fn to_table_json(profiles: &[BenignProfile]) -> String {
    let mut s = String::from("[\n");
    for (i, p) in profiles.iter().enumerate() {
        s.push_str("  ");
        s.push_str(&serde_json::to_string(p).unwrap_or_default());
        if i + 1 < profiles.len() {
            s.push(',');
        }
        s.push('\n');
    }
    s.push_str("]\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_is_canonical() {
        let v = embedded().unwrap();
        assert!(!v.is_empty());
        assert_eq!(
            to_table_json(&v),
            EMBEDDED_PROFILES,
            "embedded table is not in canonical order/layout"
        );
    }

    #[test]
    fn embedded_table_matches_corpus_when_present() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(CORPUS_DIR);
        if !root.is_dir() {
            return; // the corpus is not in this checkout; the embedded table stands alone
        }
        let from_corpus = load_corpus(&root).unwrap();
        assert_eq!(
            to_table_json(&from_corpus),
            EMBEDDED_PROFILES,
            "sim/configs/benign_profiles.json is stale: run `cargo xtask sweep --export-profiles sim/configs/benign_profiles.json`"
        );
    }

    #[test]
    fn bad_mix_entry_is_named() {
        let err = parse_table(
            r#"[{"name":"x","origin":"o","calls":[1,2],"mix":{"teleport":1.0}}]"#,
            "t",
        )
        .unwrap_err();
        assert!(err.contains("session.mix.teleport"), "{err}");
    }
}
