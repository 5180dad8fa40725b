//! The lab's model of the Python test runners, written from pytest's and
//! unittest's documentation (not from the engine's lists): which project
//! files a `pytest` or `python -m unittest` line imports, and so runs.
//!
//! pytest ("Changing standard test discovery", "conftest.py: local
//! per-directory plugins"): the operands are files, directories or node ids
//! (`file.py::test_x`); none: the invocation directory. A directory is
//! walked (skipping pytest's default `norecursedirs`: `.*`, `build`,
//! `dist`, `node_modules`, `venv`, `*.egg`, `CVS`, `_darcs`, `{arch}`) for
//! `test_*.py` and `*_test.py`; a file operand is collected whatever its
//! name. Every `conftest.py` in the directories from the invocation
//! directory down to each operand, and in every directory walked, is loaded
//! first. `--version` loads nothing.
//!
//! unittest ("Test Discovery", "Command-Line Interface"): no operand or
//! `discover` walks the start directory (`-s`, or the first positional;
//! default `.`) for the pattern (`-p`, or the second positional; default
//! `test*.py`), entering subdirectories that are packages (hold an
//! `__init__.py`); other operands are modules (`tests.test_x`), or files
//! (`tests/test_x.py`) read as their module, which the interpreter imports.
//!
//! Paths are the lab world's keys: relative to the project (`.` is its
//! root), the caller resolving operands first.

use std::collections::BTreeSet;

/// What a test runner line imports: project files (in order), and modules
/// the caller finds on the module path.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imports {
    pub files: Vec<String>,
    pub modules: Vec<String>,
}

/// pytest's options that take the next word as their value.
const PYTEST_VALUED: [&str; 12] = [
    "-k",
    "-m",
    "-p",
    "-c",
    "-o",
    "-W",
    "-n",
    "-r",
    "--rootdir",
    "--confcutdir",
    "--basetemp",
    "--junitxml",
];

/// pytest's default `norecursedirs`.
fn pytest_skips(dir: &str, matches: &dyn Fn(&str, &str) -> bool) -> bool {
    [
        ".*",
        "build",
        "dist",
        "node_modules",
        "venv",
        "*.egg",
        "CVS",
        "_darcs",
        "{arch}",
    ]
    .iter()
    .any(|p| matches(p, dir))
}

/// The operands of a pytest line (node ids cut at `::`); `None` when it
/// collects nothing (`--version`).
pub fn pytest_operands(args: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--version" || a == "-V" {
            return None;
        }
        if a == "--" {
            out.extend(args[i + 1..].iter().cloned());
            break;
        }
        if PYTEST_VALUED.contains(&a) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            out.push(a.split("::").next().unwrap_or(a).to_string());
        }
        i += 1;
    }
    Some(out)
}

/// The parent key of a world key (`a/b` → `a`, `a` → `.`).
fn parent(key: &str) -> &str {
    key.rsplit_once('/').map_or(".", |(d, _)| d)
}

/// Whether `key` is below the directory `dir` (`.`: any project key).
fn below<'k>(dir: &str, key: &'k str) -> Option<&'k str> {
    if dir == "." {
        (!key.starts_with(['/', '~'])).then_some(key)
    } else {
        key.strip_prefix(dir)?.strip_prefix('/')
    }
}

/// The directories from `from` down to `to` (both included; `to` alone
/// when it is not below `from`).
fn chain(from: &str, to: &str) -> Vec<String> {
    let Some(rest) = below(from, to) else {
        return vec![to.to_string()];
    };
    let mut dirs = vec![from.to_string()];
    let mut at = from.to_string();
    for part in rest.split('/').filter(|p| !p.is_empty() && *p != ".") {
        at = if at == "." {
            part.to_string()
        } else {
            format!("{at}/{part}")
        };
        dirs.push(at.clone());
    }
    dirs
}

fn join(dir: &str, name: &str) -> String {
    if dir == "." {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The project files a pytest line run in `cwd` with `operands` (world
/// keys, [`pytest_operands`] resolved) imports, conftests first.
pub fn pytest_imports(
    cwd: &str,
    operands: &[String],
    files: &BTreeSet<String>,
    matches: &dyn Fn(&str, &str) -> bool,
) -> Vec<String> {
    let operands = if operands.is_empty() {
        vec![cwd.to_string()]
    } else {
        operands.to_vec()
    };
    let (mut conftests, mut tests) = (Vec::new(), Vec::new());
    let add = |v: &mut Vec<String>, f: String| {
        if !v.contains(&f) {
            v.push(f);
        }
    };
    for op in &operands {
        let is_file = files.contains(op);
        let dir = if is_file { parent(op) } else { op.as_str() };
        for d in chain(cwd, dir) {
            let c = join(&d, "conftest.py");
            if files.contains(&c) {
                add(&mut conftests, c);
            }
        }
        if is_file {
            add(&mut tests, op.clone());
            continue;
        }
        for f in files {
            let Some(rel) = below(dir, f) else { continue };
            let mut parts: Vec<&str> = rel.split('/').collect();
            let name = parts.pop().unwrap_or("");
            if parts.iter().any(|d| pytest_skips(d, matches)) {
                continue;
            }
            if name == "conftest.py" {
                add(&mut conftests, f.clone());
            } else if matches("test_*.py", name) || matches("*_test.py", name) {
                add(&mut tests, f.clone());
            }
        }
    }
    conftests.extend(tests);
    conftests
}

/// What a `python -m unittest` line with `args` (after `unittest`) run in
/// `cwd` imports: discovered files, or the modules it names.
pub fn unittest_imports(
    cwd: &str,
    args: &[String],
    files: &BTreeSet<String>,
    matches: &dyn Fn(&str, &str) -> bool,
    resolve: &dyn Fn(&str) -> String,
) -> Imports {
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let discover = words.first().is_none_or(|w| *w == "discover");
    if !discover {
        // `-k PATTERN` takes a value: its word is no module.
        let valued: BTreeSet<usize> = args
            .iter()
            .enumerate()
            .filter(|(_, a)| *a == "-k")
            .map(|(i, _)| i + 1)
            .collect();
        let modules = args
            .iter()
            .enumerate()
            .filter(|(i, a)| !a.starts_with('-') && !valued.contains(i))
            .map(|(_, a)| {
                let m = a.strip_suffix(".py").map_or(a.clone(), |m| m.replace('/', "."));
                m.trim_start_matches("./").to_string()
            })
            .collect();
        return Imports {
            files: Vec::new(),
            modules,
        };
    }
    let (mut start, mut pattern) = (None, None);
    let mut positional = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-s" | "--start-directory" => start = args.get(i + 1).cloned(),
            "-p" | "--pattern" => pattern = args.get(i + 1).cloned(),
            "-t" | "--top-level-directory" | "-k" => {}
            "discover" => {
                i += 1;
                continue;
            }
            _ if a.starts_with('-') => {
                i += 1;
                continue;
            }
            _ => {
                positional.push(args[i].clone());
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    let start = start.or_else(|| positional.first().cloned());
    let pattern = pattern
        .or_else(|| positional.get(1).cloned())
        .unwrap_or_else(|| "test*.py".into());
    let dir = start.map_or_else(|| cwd.to_string(), |s| resolve(&s));
    let mut found = Vec::new();
    for f in files {
        let Some(rel) = below(&dir, f) else { continue };
        let mut parts: Vec<&str> = rel.split('/').collect();
        let name = parts.pop().unwrap_or("");
        // Each directory entered below the start is a package.
        let mut at = dir.clone();
        let packages = parts.iter().all(|p| {
            at = join(&at, p);
            files.contains(&join(&at, "__init__.py"))
        });
        if packages && name.ends_with(".py") && matches(&pattern, name) {
            found.push(f.clone());
        }
    }
    Imports {
        files: found,
        modules: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn star(p: &str, s: &str) -> bool {
        match p.split_once('*') {
            None => p == s,
            Some((a, b)) => s.len() >= a.len() + b.len() && s.starts_with(a) && s.ends_with(b),
        }
    }

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn slo_11_lab_pytest_loads_conftests_then_the_tests_it_collects() {
        let files = set(&[
            "conftest.py",
            "tests/conftest.py",
            "tests/test_api.py",
            "tests/helpers.py",
            "app/models_test.py",
            "node_modules/x/test_y.py",
            "docs/notes.py",
        ]);
        let run = |cwd: &str, args: &[&str]| {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            pytest_operands(&args).map(|ops| pytest_imports(cwd, &ops, &files, &star))
        };
        assert_eq!(
            run(".", &[]).unwrap(),
            [
                "conftest.py",
                "tests/conftest.py",
                "app/models_test.py",
                "tests/test_api.py"
            ]
        );
        assert_eq!(
            run(".", &["-q", "tests"]).unwrap(),
            ["conftest.py", "tests/conftest.py", "tests/test_api.py"]
        );
        assert_eq!(
            run(".", &["-k", "tests", "docs/notes.py::test_a"]).unwrap(),
            ["conftest.py", "docs/notes.py"]
        );
        assert_eq!(run("tests", &[]).unwrap(), ["tests/conftest.py", "tests/test_api.py"]);
        assert_eq!(run(".", &["--version"]), None);
    }

    #[test]
    fn slo_11_lab_unittest_discovers_test_files_in_packages_or_imports_named_modules() {
        let files = set(&[
            "test_setup.py",
            "tests/__init__.py",
            "tests/test_api.py",
            "other/test_x.py",
            "conftest.py",
        ]);
        let run = |args: &[&str]| {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            unittest_imports(".", &args, &files, &star, &|s: &str| {
                s.trim_end_matches('/').to_string()
            })
        };
        assert_eq!(run(&[]).files, ["test_setup.py", "tests/test_api.py"]);
        assert_eq!(run(&["discover", "-s", "tests"]).files, ["tests/test_api.py"]);
        assert_eq!(run(&["discover", "-p", "*_x.py"]).files, Vec::<String>::new());
        assert_eq!(run(&["-v", "tests/test_api.py"]).modules, ["tests.test_api"]);
        assert_eq!(run(&["-k", "fast", "test_setup"]).modules, ["test_setup"]);
    }
}
