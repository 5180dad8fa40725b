//! Files a program loads because its environment or its options name
//! them, not its script operand (docs/risk-model.md, own-shell scripts):
//! bash run without `-i` sources the file `BASH_ENV` names before its
//! script or `-c` text, and an interactive POSIX shell (`sh -i`, bash in
//! POSIX mode, dash, ksh) the one `ENV` names; node loads the modules
//! `-r`/`--require`/`--import` name, on its command line or in
//! `NODE_OPTIONS`, before its program; Python's `site` imports
//! `sitecustomize` and `usercustomize` from its path, which `PYTHONPATH`
//! extends; direnv sources (with bash) the `.envrc` of the directory it
//! loads before `direnv exec DIR CMD` runs
//! CMD and while `direnv export SHELL` computes the variables it prints.
//!
//! Such a run names no script: `BASH_ENV=env.sh bash -c 'echo hi'` runs
//! `env.sh`. The walker ([`crate::shell`]) asks [`loaded_files`] of the
//! assignments a program starts with (its prefix, `env NAME=value`) and of
//! what an `export` leaves for every later program of the session, and
//! [`node_preloads`] of node's arguments.

/// What kind of program starts with an assignment in its environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starts {
    /// A shell (`bash`, `sh`, …).
    Shell,
    /// A Python interpreter (or a tool that is one: `pytest`).
    Python,
    /// Any other program (`node`, `npm`, `make`: node may be what it starts).
    Other,
    /// Every later program of the session (an `export`).
    Any,
}

/// The files a program of kind `starts` loads because `assign`
/// (`NAME=value`) is in its environment: `BASH_ENV` for any program (a bash
/// it starts sources it) and `ENV` for a shell ([`sourced_file`]), the path modules `NODE_OPTIONS` preloads for any
/// program (npm, npx and make start node), the customize modules of each
/// `PYTHONPATH` directory for Python.
pub fn loaded_files(assign: &str, starts: Starts) -> Vec<String> {
    let Some((name, value)) = assign.split_once('=') else {
        return Vec::new();
    };
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    match name {
        // Every descendant of the program inherits `BASH_ENV`, and any bash
        // among them that is not interactive sources it: a script whose `#!`
        // line names bash, make with `SHELL := /bin/bash`, a test runner's
        // child. Which programs start bash is not followed (the cautious
        // side): the variable counts for every program, `ENV` (read only by
        // an interactive shell) only for a shell.
        "BASH_ENV" => sourced_file(assign).map(str::to_string).into_iter().collect(),
        "ENV" if matches!(starts, Starts::Shell | Starts::Any) => {
            sourced_file(assign).map(str::to_string).into_iter().collect()
        }
        "NODE_OPTIONS" => {
            let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
            node_preloads(&words)
        }
        "PYTHONPATH" if matches!(starts, Starts::Python | Starts::Any) => value
            .split(':')
            .filter(|d| !d.is_empty())
            .flat_map(|d| {
                let d = d.trim_end_matches('/');
                ["sitecustomize.py", "usercustomize.py"].map(|m| {
                    if d == "." || d.is_empty() {
                        m.to_string()
                    } else {
                        format!("{d}/{m}")
                    }
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// node's options that load a module before the program, with a value.
const NODE_PRELOAD: [&str; 5] = ["-r", "--require", "--import", "--loader", "--experimental-loader"];

/// The files node's options in `args` preload (`-r ./hook.js`,
/// `--require=./hook`, `--import ./hook.mjs`, `--loader`), up to the first
/// operand (the value of `-e`/`-p` is code, not one): values spelled as paths (`./`, `../`, `/`), a name without an
/// extension also with `.js`, `.cjs` and `.mjs` (node's resolution). A
/// package name (`ts-node/register`, `dotenv/config`) is not a file the
/// line names.
pub fn node_preloads(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !a.starts_with('-') || a == "--" {
            break;
        }
        if matches!(a.as_str(), "-e" | "--eval" | "-p" | "--print") {
            // Inline code: node's options may follow it.
            it.next();
            continue;
        }
        let value = if NODE_PRELOAD.contains(&a.as_str()) {
            it.next().map(String::as_str)
        } else {
            NODE_PRELOAD
                .iter()
                .find_map(|o| a.strip_prefix(o).and_then(|r| r.strip_prefix('=')))
        };
        let Some(v) = value.filter(|v| v.starts_with("./") || v.starts_with("../") || v.starts_with('/')) else {
            continue;
        };
        let name = v.rsplit('/').next().unwrap_or(v);
        if name.contains('.') {
            out.push(v.to_string());
        } else {
            out.extend(["", ".js", ".cjs", ".mjs"].map(|e| format!("{v}{e}")));
        }
    }
    out
}

/// The variables whose value a starting shell sources.
const STARTUP_VARS: [&str; 2] = ["BASH_ENV", "ENV"];

/// The file an assignment `NAME=value` makes a starting shell source, when
/// NAME is one of [`STARTUP_VARS`] and the value is not empty. The cautious
/// side: either variable counts for every shell (bash reads `ENV` only when
/// interactive or in POSIX mode, dash only when interactive).
pub fn sourced_file(assign: &str) -> Option<&str> {
    let (name, value) = assign.split_once('=')?;
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    (STARTUP_VARS.contains(&name) && !value.is_empty()).then_some(value)
}

/// Whether `name` (a bare word given to `export`) is a variable
/// [`loaded_files`] reads.
pub fn is_startup_var(name: &str) -> bool {
    STARTUP_VARS.contains(&name) || matches!(name, "NODE_OPTIONS" | "PYTHONPATH")
}

/// The `.envrc` (relative to the line's directory) a `direnv` line `args`
/// (after `direnv`) sources: `exec DIR …` the one in DIR, `export SHELL`
/// the one here. Whether the file was allowed (`direnv allow`) is not
/// followed (the cautious side); nor is direnv's search of the directories
/// above for the nearest `.envrc`.
pub fn direnv_runs(args: &[String]) -> Option<String> {
    let dir = match args.first().map(String::as_str) {
        Some("exec") => args.get(1).filter(|d| !d.starts_with('-'))?.trim_end_matches('/'),
        Some("export") => ".",
        _ => return None,
    };
    Some(match dir {
        "." | "./" => ".envrc".to_string(),
        "" => "/.envrc".to_string(),
        d => format!("{d}/.envrc"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_direnv_lines_source_the_envrc_of_their_directory() {
        let a = |l: &str| l.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(direnv_runs(&a("exec . npm test")).as_deref(), Some(".envrc"));
        assert_eq!(direnv_runs(&a("exec app/ make")).as_deref(), Some("app/.envrc"));
        assert_eq!(direnv_runs(&a("exec /srv/x true")).as_deref(), Some("/srv/x/.envrc"));
        assert_eq!(direnv_runs(&a("export bash")).as_deref(), Some(".envrc"));
        for l in ["allow", "allow .", "deny", "status", "reload", "exec", "exec -h", ""] {
            assert_eq!(direnv_runs(&a(l)), None, "{l}");
        }
    }

    #[test]
    fn slo_11_startup_variables_name_the_file_a_shell_sources() {
        assert_eq!(sourced_file("BASH_ENV=env.sh"), Some("env.sh"));
        assert_eq!(sourced_file("ENV=./.shrc"), Some("./.shrc"));
        assert_eq!(sourced_file("BASH_ENV='a b.sh'"), Some("a b.sh"));
        for a in [
            "BASH_ENV=",
            "ENVIRONMENT=prod",
            "NODE_ENV=production",
            "XBASH_ENV=x",
            "BASH_ENV",
            "",
        ] {
            assert_eq!(sourced_file(a), None, "{a}");
        }
        assert!(is_startup_var("BASH_ENV") && is_startup_var("ENV"));
        assert!(!is_startup_var("NODE_ENV"));
    }

    use crate::test_words as words;

    #[test]
    fn slo_11_node_and_python_load_the_files_their_options_name() {
        assert_eq!(node_preloads(&words("-r ./hook.js app.js")), ["./hook.js"]);
        assert_eq!(
            node_preloads(&words("--import=./h.mjs --require ../x.cjs a.js")),
            ["./h.mjs", "../x.cjs"]
        );
        assert_eq!(node_preloads(&words("--require=./hook")).len(), 4);
        assert_eq!(node_preloads(&words("-e 1 -r ./hook.js")), ["./hook.js"]);
        for l in [
            "-r ts-node/register app.js",
            "-r dotenv/config x.js",
            "app.js -r ./hook.js",
            "--max-old-space-size=4096",
            "-r",
        ] {
            assert!(node_preloads(&words(l)).is_empty(), "{l}");
        }
        assert_eq!(
            loaded_files("NODE_OPTIONS=--require ./hook.js", Starts::Other),
            ["./hook.js"]
        );
        assert!(loaded_files("NODE_OPTIONS=--max-old-space-size=4096", Starts::Any).is_empty());
        assert_eq!(
            loaded_files("PYTHONPATH=.:lib/", Starts::Python),
            [
                "sitecustomize.py",
                "usercustomize.py",
                "lib/sitecustomize.py",
                "lib/usercustomize.py"
            ]
        );
        assert!(loaded_files("PYTHONPATH=.", Starts::Shell).is_empty());
        // SLO-11: a bash any program starts sources `BASH_ENV`; only an
        // interactive shell reads `ENV`.
        assert_eq!(loaded_files("BASH_ENV=env.sh", Starts::Python), ["env.sh"]);
        assert_eq!(loaded_files("BASH_ENV=./ci/env.sh", Starts::Other), ["./ci/env.sh"]);
        assert!(loaded_files("ENV=env.sh", Starts::Other).is_empty());
        assert!(loaded_files("ENV=env.sh", Starts::Python).is_empty());
        assert_eq!(loaded_files("BASH_ENV=env.sh", Starts::Any), ["env.sh"]);
    }
}
