//! Python test files a test runner loads without the line naming them
//! (docs/risk-model.md, "Own-shell scripts"): `pytest` (`py.test`,
//! `python -m pytest`) collects the test files under the paths it is given
//! (else its directory) and loads every `conftest.py` on the way;
//! `python -m unittest` discovers `test*.py`. Importing a file runs its
//! module-level code, so a written test file whose code hands a shell a
//! harmful line harms at the runner's line, which names no file.
//!
//! A call that writes a Python file whose code would harm when run (the
//! check every written program file already has,
//! [`crate::shell::program_file_harms_when_run`]) under a runner's
//! conventional name ([`is_test_file`]) leaves, besides its path, the one
//! name [`COLLECTED`] in the session's script memory; every runner line
//! ([`runs_collected`]) notes a run of the same name, so the pair is judged
//! at the run, as a written `setup.sh` run by `bash setup.sh` is.
//!
//! Cautious sides: the name is the session's, not a directory's (a harmful
//! test file anywhere counts for any runner line anywhere, with any
//! options, `--collect-only` and `--version` included), and the two
//! runners' patterns are one (unittest also for `conftest.py` and
//! `*_test.py`, pytest also for `testfoo.py`). Not read: a project's own
//! patterns (`python_files` in pytest.ini, `-p` of unittest), modules a
//! test file imports, and runners started by tox, nox or a plugin.

/// The name a harmful test file leaves and a runner line runs: not a path
/// (no file is named so), so it matches nothing else remembered.
pub const COLLECTED: &str = ":python-tests:collected";

/// Whether `path` names a file pytest or unittest loads by its name:
/// `conftest.py`, `test*.py` (`test_api.py`, unittest's `testapi.py`) or
/// `*_test.py`, in any directory, the name in lower case as the runners'
/// patterns are. Asked only of paths already named as Python files.
pub fn is_test_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let Some(stem) = name.strip_suffix(".py") else {
        return false;
    };
    stem == "conftest" || stem.starts_with("test") || stem.len() > 5 && stem.ends_with("_test")
}

/// What a written Python file at `path` that would harm when run leaves
/// besides its path: [`COLLECTED`] for a test file, else nothing.
pub fn collected_key(path: &str) -> Option<&'static str> {
    is_test_file(path).then_some(COLLECTED)
}

/// Whether a line running `prog` (a base name) with `args` is a test
/// runner collecting test files: `pytest` and `py.test` with any
/// arguments; a Python interpreter with `-m pytest`, `-m py.test` or
/// `-m unittest` (its module given as `module`).
pub fn runs_collected(prog: &str, module: Option<&str>) -> bool {
    match module {
        Some(m) => matches!(m, "pytest" | "py.test" | "unittest"),
        None => matches!(prog, "pytest" | "py.test"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_test_files_are_named_as_the_runners_name_them() {
        for p in [
            "conftest.py",
            "tests/conftest.py",
            "test_api.py",
            "a/b/test_x.py",
            "testapi.py",
            "app/models_test.py",
            "C:\\p\\test_a.py",
        ] {
            assert!(is_test_file(p), "{p}");
            assert_eq!(collected_key(p), Some(COLLECTED));
        }
        for p in [
            "helpers.py",
            "tests/fixtures.py",
            "conftest.py.bak",
            "testing.txt",
            "_test.py",
            "latest.py",
            "Test_a.py",
            "",
            "tests/",
        ] {
            assert!(!is_test_file(p), "{p}");
            assert_eq!(collected_key(p), None);
        }
    }

    #[test]
    fn slo_11_runner_lines_collect_and_other_tools_do_not() {
        assert!(runs_collected("pytest", None));
        assert!(runs_collected("py.test", None));
        assert!(runs_collected("python3", Some("pytest")));
        assert!(runs_collected("python", Some("unittest")));
        assert!(!runs_collected("python3", Some("mypy")));
        assert!(!runs_collected("ruff", None));
        assert!(!runs_collected("python3", None));
    }
}
