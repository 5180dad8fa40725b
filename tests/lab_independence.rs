//! Independence of the lab's simulators from the engine's detector (issue 11):
//! no simulator may read the engine's detector lists — safe programs,
//! shell-tier programs and fragments, sensitive-path markers, known hosts,
//! secret-name rules, base scores, or anything of the risk model. Otherwise a
//! sweep measures the detector against its own vocabulary.
//!
//! The simulators are `sim/src/archetype/**` (every session generator and its
//! word lists), `sim/src/profiles.rs` (corpus profiles) and `sim/src/fit.rs`
//! (the benign model fitted to real sessions). Their source is tokenised
//! (comments and string literals removed) and every identifier is checked
//! against (a) a fixed list of detector items and (b) the names of every
//! `&[&str]` list declared anywhere in `engine/src`. Separately, the engine's
//! detector lists must not be `pub` (so no crate could reach them by path).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut v: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Rust source with comments, string and char literals blanked out.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && {
            let mut j = i + 1;
            while b.get(j) == Some(&b'#') {
                j += 1;
            }
            b.get(j) == Some(&b'"')
        } {
            let mut j = i + 1;
            let mut hashes = 0;
            while b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            while j < b.len() && !b[j..].starts_with(&close) {
                j += 1;
            }
            i = j + close.len();
            out.push_str("\"\"");
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
            out.push_str("' '");
        } else if c == b'\'' && b.get(i + 1) == Some(&b'\\') {
            i += 2;
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    out
}

fn identifiers(code: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let mut cur = String::new();
    for ch in code.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_alphanumeric() || ch == '_' {
            cur.push(ch);
        } else {
            if !cur.is_empty() && !cur.as_bytes()[0].is_ascii_digit() {
                set.insert(std::mem::take(&mut cur));
            }
            cur.clear();
        }
    }
    set
}

/// Detector items of the engine, by name.
const DETECTOR_ITEMS: &[&str] = &[
    "risk",
    "RiskConfig",
    "lists",
    "SignalLists",
    "CompiledLists",
    "known_hosts",
    "sensitive_path_markers",
    "base_scores",
    "BaseScores",
    "method_bonus",
    "signals",
    "SignalWeights",
    "SAFE_PROGRAMS",
    "INTERPRETERS",
    "TIER1_PROGRAMS",
    "TIER2_PROGRAMS",
    "TIER3_PROGRAMS",
    "TIER4_PROGRAMS",
    "TIER1_FRAGMENTS",
    "classify_secret_name",
    "extract_features",
    "shell_features",
    "segment_class",
    "ShellClass",
    "scanner",
    "shell",
    "net",
];

/// Names of every `&[&str]` list declared in engine/src (any visibility).
fn engine_lists() -> Vec<(PathBuf, String, bool)> {
    let mut files = Vec::new();
    rs_files(&root().join("engine/src"), &mut files);
    let mut out = Vec::new();
    for f in files {
        let code = code_only(&std::fs::read_to_string(&f).unwrap());
        for line in code.lines() {
            let t = line.trim_start();
            let is_pub = t.starts_with("pub const") || t.starts_with("pub static");
            let rest = t
                .trim_start_matches("pub ")
                .trim_start_matches("const ")
                .trim_start_matches("static ");
            if !(t.starts_with("const") || t.starts_with("static") || is_pub) {
                continue;
            }
            if let Some((name, ty)) = rest.split_once(':') {
                let ty = ty.replace(' ', "");
                if ty.starts_with("&[&str]") || ty.starts_with("&'static[&'static str]") {
                    out.push((f.clone(), name.trim().to_string(), is_pub));
                }
            }
        }
    }
    out
}

fn simulator_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rs_files(&root().join("sim/src/archetype"), &mut files);
    for f in ["sim/src/profiles.rs", "sim/src/fit.rs"] {
        let p = root().join(f);
        if p.is_file() {
            files.push(p);
        }
    }
    files
}

fn violations(code: &str, forbidden: &BTreeSet<String>) -> Vec<String> {
    identifiers(&code_only(code)).intersection(forbidden).cloned().collect()
}

fn forbidden() -> BTreeSet<String> {
    let mut f: BTreeSet<String> = DETECTOR_ITEMS.iter().map(|s| s.to_string()).collect();
    f.extend(engine_lists().into_iter().map(|(_, n, _)| n));
    f
}

#[test]
fn lab_independence_simulators_never_name_detector_items() {
    let forbidden = forbidden();
    let files = simulator_files();
    assert!(files.len() > 10, "simulator sources not found: {files:?}");
    let mut bad = Vec::new();
    for f in &files {
        let v = violations(&std::fs::read_to_string(f).unwrap(), &forbidden);
        if !v.is_empty() {
            bad.push(format!(
                "{}: {}",
                f.strip_prefix(root()).unwrap_or(f).display(),
                v.join(", ")
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "simulators reference engine detector items:\n{}",
        bad.join("\n")
    );
}

#[test]
fn lab_independence_checker_catches_a_reference() {
    // The checker itself can fail: a use through a path, a field or a list name
    // is found; the same words inside comments or strings are not.
    let f = forbidden();
    let src = "use seclab_engine::risk::RiskConfig;\nfn a(c: &X) { let _ = &c.lists.known_hosts; }";
    let v = violations(src, &f);
    for w in ["risk", "RiskConfig", "lists", "known_hosts"] {
        assert!(v.contains(&w.to_string()), "{v:?}");
    }
    assert!(violations("// lists known_hosts\nconst A: &str = \"risk lists\";", &f).is_empty());
    assert!(f.contains("SAFE_PROGRAMS") || engine_lists().iter().all(|(_, n, _)| n != "SAFE_PROGRAMS"));
}

#[test]
fn lab_independence_engine_detector_lists_are_not_pub() {
    let lists = engine_lists();
    assert!(!lists.is_empty(), "no engine lists found: the scan is broken");
    let public: Vec<String> = lists
        .iter()
        .filter(|(_, _, p)| *p)
        .map(|(f, n, _)| format!("{}: {n}", f.strip_prefix(root()).unwrap_or(f).display()))
        .collect();
    assert!(
        public.is_empty(),
        "engine detector lists reachable by path from other crates (make them private):\n{}",
        public.join("\n")
    );
}
