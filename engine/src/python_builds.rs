//! Python files a build frontend loads without the line naming them
//! (docs/risk-model.md, "Own-shell scripts"): building a project (`pip
//! install .`, `python -m build`, `uv build`, `uv sync`, `hatch build`)
//! imports the build backend its `pyproject.toml` names, and the backend
//! may be the project's own module (`backend-path = ["."]`,
//! `build-backend = "mybackend"`) or load the project's own hook file
//! (hatchling's `hatch_build.py`). Importing a module runs its top-level
//! code, so a written Python file that hands a shell a harmful line harms
//! at the build line, which names no file.
//!
//! A call that writes a Python file whose code would harm when run (the
//! check every written program file has,
//! [`crate::shell::program_file_harms_when_run`]) leaves, besides its path,
//! the one name [`BUILT`] ([`built_key`]); every line that builds a
//! project ([`runs_build`]) notes a run of it, so the pair is judged at the
//! run, as a written `setup.sh` run by `bash setup.sh` is.
//!
//! Cautious sides: the `pyproject.toml` is not read (a backend module may
//! take any name), so any harmful written Python file counts for any build
//! line anywhere; a path-like operand of `pip install` (a wheel file too)
//! counts as a project built. Not read: `pip install -r FILE` lines naming a
//! project, `poetry` (its own backend), `tox` and `nox`.

/// The name a harmful Python file leaves and a build line runs: not a path
/// (no file is named so), so it matches nothing else remembered.
pub const BUILT: &str = ":python:build-backend";

/// What a written Python file at `path` that would harm when run leaves
/// besides its path: [`BUILT`] for a `.py` file (from the path's last
/// bytes), else nothing.
pub fn built_key(path: &str) -> Option<&'static str> {
    let b = path.as_bytes();
    (b.len() > 3 && b[b.len() - 3..].eq_ignore_ascii_case(b".py")).then_some(BUILT)
}

/// Whether an operand of an install names a local project (a directory or
/// file: `.`, `..`, `./lib`, `/src/x`, `lib/`), not a package from an index
/// or a URL.
fn is_local(operand: &str) -> bool {
    !operand.contains("://")
        && !operand.starts_with("git+")
        && (operand.starts_with('.') || operand.contains('/') || operand.starts_with('~'))
}

/// Whether a line running `prog` (a base name) with `args` builds a
/// Python project, importing its build backend: `pip install`/`pip wheel`
/// of a local path (`-e .` too), `uv pip install` of one, `uv build`,
/// `uv sync`, `uv run` (which syncs first), `hatch build`/`run`/`shell`/
/// `test`/`env` (environments install the project), `pdm build`/
/// `install`/`sync`, `pyproject-build`; `module` is the module a Python
/// interpreter was given by `-m` (`build`, `pip`).
pub fn runs_build(prog: &str, module: Option<&str>, args: &[String]) -> bool {
    let prog = module.unwrap_or(prog);
    // Most lines run another program: answered from its name alone.
    if !matches!(
        prog,
        "build" | "pyproject-build" | "pip" | "pip3" | "uv" | "hatch" | "pdm"
    ) {
        return false;
    }
    let mut words = args.iter().filter(|a| !a.starts_with('-')).map(String::as_str);
    let first = words.next();
    match prog {
        "build" | "pyproject-build" => true,
        "pip" | "pip3" => matches!(first, Some("install" | "wheel")) && words.any(is_local),
        "uv" => match first {
            Some("build" | "sync" | "run") => true,
            Some("pip") => words.next() == Some("install") && words.any(is_local),
            _ => false,
        },
        "hatch" => matches!(first, Some("build" | "run" | "shell" | "test" | "env")),
        "pdm" => matches!(first, Some("build" | "install" | "sync")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_words as args;

    #[test]
    fn slo_11_written_python_files_leave_the_build_name() {
        for p in ["hatch_build.py", "mybackend.py", "_build/backend.PY", "a/b.py"] {
            assert_eq!(built_key(p), Some(BUILT), "{p}");
        }
        for p in ["", ".py", "py", "a.pyc", "pyproject.toml", "Rakefile", "a.py.txt"] {
            assert_eq!(built_key(p), None, "{p}");
        }
    }

    #[test]
    fn slo_11_python_build_lines_are_recognised() {
        for (prog, module, line) in [
            ("pip", None, "install ."),
            ("pip3", None, "install -e ."),
            ("pip", None, "install --no-deps ./lib/"),
            ("pip", None, "wheel . -w dist"),
            ("python3", Some("pip"), "install ."),
            ("python3", Some("build"), ""),
            ("python", Some("build"), "--wheel ."),
            ("pyproject-build", None, ""),
            ("uv", None, "build"),
            ("uv", None, "sync"),
            ("uv", None, "run pytest"),
            ("uv", None, "pip install -e ."),
            ("hatch", None, "build"),
            ("hatch", None, "run test"),
            ("pdm", None, "install"),
        ] {
            assert!(runs_build(prog, module, &args(line)), "{prog} {module:?} {line}");
        }
        for (prog, module, line) in [
            ("pip", None, "install requests"),
            ("pip", None, "install -r requirements.txt"),
            ("pip", None, "install git+https://x.example/a.git"),
            ("pip", None, "list"),
            ("pip", None, "show ./x"),
            ("python3", Some("pytest"), ""),
            ("python3", None, "hatch_build.py"),
            ("uv", None, "pip install requests"),
            ("uv", None, "lock"),
            ("uv", None, "add requests"),
            ("hatch", None, "version"),
            ("hatch", None, "new x"),
            ("poetry", None, "install"),
            ("cat", None, "hatch_build.py"),
        ] {
            assert!(!runs_build(prog, module, &args(line)), "{prog} {module:?} {line}");
        }
    }
}
