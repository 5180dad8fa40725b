//! Test evidence: run `cargo test` and read libtest's per-test result lines
//! (`test path::name ... ok|FAILED|ignored`).

use crate::util::{cargo_cmd, root};
use anyhow::Context;
use std::collections::BTreeMap;
use std::process::Stdio;

/// Result of one test function, by its last path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestResult {
    Passed,
    Failed,
    Ignored,
}

/// Every test result found in captured `cargo test` stdout. A name seen in
/// several binaries keeps its worst result.
pub fn parse_results(stdout: &str) -> BTreeMap<String, TestResult> {
    let mut out = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, result)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let r = match result.trim() {
            "ok" => TestResult::Passed,
            "FAILED" => TestResult::Failed,
            s if s.starts_with("ignored") => TestResult::Ignored,
            _ => continue,
        };
        // Doc tests read `src/lib.rs - item (line 3)`; keep only plain paths.
        let name = name.trim();
        if name.contains(' ') {
            continue;
        }
        let short = name.rsplit("::").next().unwrap_or(name).to_string();
        let slot = out.entry(short).or_insert(r);
        if r == TestResult::Failed || (*slot == TestResult::Passed && r == TestResult::Ignored) {
            *slot = r;
        }
    }
    out
}

/// Run `cargo test --workspace --no-fail-fast -- <filters>` and return stdout
/// (stderr goes to the terminal). A non-zero exit is not an error here: the
/// per-test lines say what failed, and a build failure shows as missing tests.
pub fn run_filtered(filters: &[String]) -> anyhow::Result<String> {
    let mut args = vec!["test", "--workspace", "--no-fail-fast", "--"];
    args.extend(filters.iter().map(String::as_str));
    let mut cmd = cargo_cmd(&args);
    eprintln!(
        "==> slo evidence: cargo test --workspace --no-fail-fast -- <{} test names>",
        filters.len()
    );
    let out = cmd
        .current_dir(root())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot start cargo test")?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Results for `wanted`: from `captured` output where present, the rest from
/// one extra filtered run.
pub fn results_for(wanted: &[String], captured: Option<&str>) -> anyhow::Result<BTreeMap<String, TestResult>> {
    let mut have = captured.map(parse_results).unwrap_or_default();
    let missing: Vec<String> = wanted.iter().filter(|t| !have.contains_key(*t)).cloned().collect();
    if !missing.is_empty() {
        let more = parse_results(&run_filtered(&missing)?);
        for (k, v) in more {
            have.entry(k).or_insert(v);
        }
    }
    Ok(have)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_lines_and_keeps_the_worst() {
        let out = "running 3 tests\n\
            test inv::inv_001_x ... ok\n\
            test inv_002_y ... FAILED\n\
            test slow ... ignored, needs a corpus\n\
            test src/lib.rs - f (line 3) ... ok\n\
            test result: FAILED. 1 passed; 1 failed\n\
            test other::inv_001_x ... FAILED\n";
        let r = parse_results(out);
        assert_eq!(r.get("inv_001_x"), Some(&TestResult::Failed));
        assert_eq!(r.get("inv_002_y"), Some(&TestResult::Failed));
        assert_eq!(r.get("slow"), Some(&TestResult::Ignored));
        assert_eq!(r.len(), 3, "{r:?}");
    }
}
