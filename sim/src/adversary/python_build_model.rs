//! The lab's model of building a Python project, written from the
//! packaging specifications and the tools' documentation (PEP 517 and PEP
//! 518 for `[build-system]`, pip's, build's, uv's and hatch's command
//! documentation, hatchling's build-hook documentation), not from the
//! engine's reading: which lines build a project, and which of the
//! project's own Python files the build imports.
//!
//! Modelled: a build frontend reads the project's `pyproject.toml`
//! `[build-system]` table; `build-backend` names a module (`pkg.mod`, an
//! object after `:` ignored) imported with the `backend-path` directories
//! (relative to the project) first on the module path, so a backend found
//! there (a package's `DIR/pkg/mod/__init__.py` before `DIR/pkg/mod.py`) is the project's
//! own code; a hatchling backend (`hatchling.build`) loads the file a
//! custom hook table names (`[tool.hatch.build.hooks.custom]`,
//! `[tool.hatch.build.targets.<target>.hooks.custom]`,
//! `[tool.hatch.metadata.hooks.custom]`; its `path`, by default
//! `hatch_build.py`). Lines that build: `pip install`/`pip wheel` of a
//! local directory (`-e DIR` too), `python -m build [DIR]` and
//! `pyproject-build [DIR]`, `uv build [DIR]`, `uv pip install DIR`, `uv
//! sync` (a project with a `[build-system]` is installed into its
//! environment), `hatch build`. Not modelled: `hatch.toml`, a backend's own
//! imports, `uv run`'s sync, `pdm`, a project without `[build-system]`
//! (pip's legacy `setup.py` path is the shell's own model).

/// The project directories (as written; `.` for the line's directory) a
/// build line `prog ARGS` builds; `module` is a Python interpreter's `-m`
/// module. None: the line builds no project.
pub fn projects(prog: &str, module: Option<&str>, args: &[String]) -> Option<Vec<String>> {
    let prog = module.unwrap_or(prog);
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let local = |a: &&&String| a.starts_with('.') || a.starts_with('/') || a.contains('/');
    let or_here = |v: Vec<String>| if v.is_empty() { vec![".".to_string()] } else { v };
    match (prog, operands.first().map(|s| s.as_str())) {
        ("build" | "pyproject-build", _) => Some(or_here(operands.iter().map(|s| s.to_string()).collect())),
        ("pip" | "pip3", Some("install" | "wheel")) => {
            let dirs: Vec<String> = operands[1..].iter().filter(local).map(|s| s.to_string()).collect();
            (!dirs.is_empty()).then_some(dirs)
        }
        ("uv", Some("build")) => Some(or_here(operands[1..].iter().map(|s| s.to_string()).collect())),
        ("uv", Some("sync")) => Some(vec![".".to_string()]),
        ("uv", Some("pip")) if operands.get(1).is_some_and(|s| *s == "install") => {
            let dirs: Vec<String> = operands[2..].iter().filter(local).map(|s| s.to_string()).collect();
            (!dirs.is_empty()).then_some(dirs)
        }
        ("hatch", Some("build")) => Some(vec![".".to_string()]),
        _ => None,
    }
}

/// The project's own Python files (relative to the project directory, each
/// with its candidates in the order tried) a build imports, read from the
/// text of its `pyproject.toml`: an in-tree backend and a hatchling custom
/// hook. Text that is no TOML, or has no `[build-system]`, gives none.
pub fn imported_files(pyproject: &str) -> Vec<Vec<String>> {
    let Ok(doc) = pyproject.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(system) = doc.get("build-system").and_then(|v| v.as_table()) else {
        return Vec::new();
    };
    let Some(backend) = system.get("build-backend").and_then(|v| v.as_str()) else {
        return Vec::new();
    };
    let module = backend.split(':').next().unwrap_or("").trim();
    let mut out = Vec::new();
    if let Some(paths) = system.get("backend-path").and_then(|v| v.as_array()) {
        let rel = module.replace('.', "/");
        let candidates: Vec<String> = paths
            .iter()
            .filter_map(|p| p.as_str())
            .flat_map(|d| {
                let d = d.trim_end_matches('/');
                let d = if d.is_empty() { "." } else { d };
                [format!("{d}/{rel}/__init__.py"), format!("{d}/{rel}.py")]
            })
            .collect();
        if !module.is_empty() && !candidates.is_empty() {
            out.push(candidates);
        }
    }
    if module == "hatchling.build" {
        let hatch = doc.get("tool").and_then(|t| t.get("hatch"));
        let mut hooks: Vec<&toml::Value> = Vec::new();
        if let Some(h) = hatch {
            let build = h.get("build");
            hooks.extend(build.and_then(|b| b.get("hooks")).and_then(|k| k.get("custom")));
            if let Some(targets) = build.and_then(|b| b.get("targets")).and_then(|t| t.as_table()) {
                hooks.extend(targets.values().filter_map(|t| t.get("hooks")?.get("custom")));
            }
            hooks.extend(
                h.get("metadata")
                    .and_then(|m| m.get("hooks"))
                    .and_then(|k| k.get("custom")),
            );
        }
        for hook in hooks {
            let path = hook.get("path").and_then(|p| p.as_str()).unwrap_or("hatch_build.py");
            let path = path.to_string();
            if !out.iter().any(|c: &Vec<String>| c.contains(&path)) {
                out.push(vec![path]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as strings;

    #[test]
    fn slo_11_lab_python_build_lines_name_their_projects() {
        let p = |prog: &str, module: Option<&str>, line: &str| projects(prog, module, &strings(line));
        assert_eq!(p("pip", None, "install -e ."), Some(vec![".".to_string()]));
        assert_eq!(
            p("pip3", None, "install ./lib requests"),
            Some(vec!["./lib".to_string()])
        );
        assert_eq!(p("pip", None, "install requests"), None);
        assert_eq!(p("python3", Some("build"), "--wheel"), Some(vec![".".to_string()]));
        assert_eq!(p("uv", None, "build pkg/"), Some(vec!["pkg/".to_string()]));
        assert_eq!(p("uv", None, "sync --frozen"), Some(vec![".".to_string()]));
        assert_eq!(p("uv", None, "pip install -e ."), Some(vec![".".to_string()]));
        assert_eq!(p("uv", None, "lock"), None);
        assert_eq!(p("hatch", None, "build -t wheel"), Some(vec![".".to_string()]));
        assert_eq!(p("hatch", None, "version"), None);
    }

    #[test]
    fn slo_11_lab_python_builds_import_in_tree_backends_and_hatch_hooks() {
        let in_tree = "[build-system]\nrequires = []\nbuild-backend = \"backend.impl:Hooks\"\nbackend-path = [\"_build\", \".\"]\n";
        assert_eq!(
            imported_files(in_tree),
            [[
                "_build/backend/impl/__init__.py",
                "_build/backend/impl.py",
                "./backend/impl/__init__.py",
                "./backend/impl.py"
            ]]
        );
        let hatch = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n[tool.hatch.build.hooks.custom]\n\n[tool.hatch.metadata.hooks.custom]\npath = \"tools/meta.py\"\n";
        assert_eq!(imported_files(hatch), [["hatch_build.py"], ["tools/meta.py"]]);
        let target =
            "[build-system]\nbuild-backend = \"hatchling.build\"\n[tool.hatch.build.targets.wheel.hooks.custom]\n";
        assert_eq!(imported_files(target), [["hatch_build.py"]]);
        // An index backend, no hook table, bad text: nothing of the project's.
        for t in [
            "[build-system]\nbuild-backend = \"hatchling.build\"\n",
            "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n",
            "[project]\nname = \"x\"\n",
            "[build-system\n",
            "",
        ] {
            assert!(imported_files(t).is_empty(), "{t}");
        }
    }
}
