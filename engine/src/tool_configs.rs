//! JavaScript config files the Node build and test tools load without the
//! line naming them (docs/risk-model.md, "Own-shell scripts"): `jest`
//! reads `jest.config.js`, `vite build` `vite.config.ts`, `eslint .`
//! `eslint.config.mjs` or `.eslintrc.js`, webpack, rollup, babel, next,
//! vitest, playwright, tailwind, postcss and prettier theirs; `gulp`
//! reads `gulpfile.js` and `grunt` `Gruntfile.js`. Loading a
//! config runs its module code, so a written config whose code hands a
//! shell a harmful line harms at the tool's line, which names no file.
//!
//! A call that writes a JavaScript or TypeScript file whose code would
//! harm when run (the check every written program file already has,
//! [`crate::shell::program_file_harms_when_run`]) under a config's name
//! ([`is_tool_config`]) leaves, besides its path, the one name [`LOADED`]
//! in the session's script memory; every line that starts a Node tool
//! ([`runs_tool`]) notes a run of the same name, so the pair is judged at
//! the run, as a written `setup.sh` run by `bash setup.sh` is.
//!
//! Cautious sides: the name is the session's, not a directory's or a
//! tool's (a harmful `vite.config.js` counts for `npx jest` too, and for a
//! tool that would find another config first); the name pattern is one for
//! every tool (`NAME.config.EXT`, `NAME.conf.EXT`, `.NAMErc.EXT`); every
//! `npx`, `bunx`, `pnpx`, `pnpm`, `yarn` and `bun` line counts, and every
//! `npm` line that runs a project script or a bin (run, test, start, stop,
//! restart, exec, install), as any script may start a tool. Not read:
//! JSON and YAML configs, a `--config` naming another file, and tools
//! started by a script's own `node` line.
//!
//! Since stop 57 a gulp or grunt line told which task file to load
//! ([`named_task_file`]: `gulp -f x.js`, `npx grunt --gruntfile g.js`)
//! notes a run of that file's path, which a harmful written program file
//! leaves; a `gulpfile.js/` directory's `index.js` is a task file.

/// The name a harmful config file leaves and a tool line runs: not a path
/// (no file is named so), so it matches nothing else remembered.
pub const LOADED: &str = ":node-tools:config";

/// Whether `path` names a config file a Node tool loads by its name:
/// `NAME.config.EXT` or `NAME.conf.EXT` (`vite.config.ts`, `karma.conf.js`)
/// or `.NAMErc.EXT` (`.eslintrc.js`, `.prettierrc.cjs`), or a task file
/// gulp or grunt loads ([`is_task_file`]), EXT one of `js`, `mjs`, `cjs`,
/// `ts`, `mts`, `cts`, in any directory. Asked only of paths already found
/// to be harmful program files.
pub fn is_tool_config(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "js" | "mjs" | "cjs" | "ts" | "mts" | "cts") {
        return false;
    }
    let named = |suffix: &str| stem.len() > suffix.len() && stem.ends_with(suffix);
    named(".config")
        || named(".conf")
        || stem.starts_with('.') && stem.len() > 3 && stem.ends_with("rc")
        || is_task_file(stem)
        || stem == "index" && in_task_directory(path)
}

/// Whether `path` (an `index.EXT`) sits in a directory named as gulp's task
/// file (`gulpfile.js/index.js`): Node loads a directory's `index` file
/// when gulp requires the directory.
fn in_task_directory(path: &str) -> bool {
    let mut parts = path.rsplit(['/', '\\']).skip(1);
    parts.next().is_some_and(|dir| {
        dir.rsplit_once('.')
            .is_some_and(|(stem, ext)| matches!(ext, "js" | "mjs" | "cjs" | "ts") && is_task_file(stem))
    })
}

/// Whether a file's name without its extension is one gulp or grunt loads:
/// `gulpfile` or `Gruntfile` in either case, gulp's `gulpfile.babel` and
/// `gulpfile.esm` spellings (a transpiler's name before the extension)
/// included.
fn is_task_file(stem: &str) -> bool {
    let head = stem.split_once('.').map_or(stem, |(h, _)| h);
    head.eq_ignore_ascii_case("gulpfile") || head.eq_ignore_ascii_case("gruntfile")
}

/// What a written program file at `path` that would harm when run leaves
/// besides its path: [`LOADED`] for a tool's config file, else nothing.
pub fn loaded_key(path: &str) -> Option<&'static str> {
    is_tool_config(path).then_some(LOADED)
}

/// The task file a gulp or grunt line is told to load, as written: gulp's
/// `--gulpfile FILE` (`-f FILE`, `--gulpfile=FILE`), grunt's `--gruntfile
/// FILE` (`--gruntfile=FILE`; grunt's `-f` is `--force`), after the tool's
/// word (`gulp`, `npx gulp`, `yarn grunt`). Asked only of lines that start a
/// Node tool ([`runs_tool`]); a line naming neither tool costs one scan of
/// its words.
pub fn named_task_file<'a>(prog: &str, args: &'a [String]) -> Option<&'a str> {
    let base = |w: &str| -> Option<&'static str> {
        match w.split('@').next().unwrap_or(w) {
            "gulp" | "gulp-cli" => Some("gulp"),
            "grunt" | "grunt-cli" => Some("grunt"),
            _ => None,
        }
    };
    let (tool, rest) = match base(prog) {
        Some(t) => (t, args),
        None => {
            let i = args.iter().position(|a| base(a).is_some())?;
            (base(&args[i])?, &args[i + 1..])
        }
    };
    let long = if tool == "gulp" { "--gulpfile" } else { "--gruntfile" };
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            return None;
        }
        if let Some(v) = a.strip_prefix(long).and_then(|v| v.strip_prefix('=')) {
            return Some(v);
        }
        if a == long || tool == "gulp" && a == "-f" {
            return it.next().map(String::as_str);
        }
    }
    None
}

/// Tools agents run by their bare names (installed globally, or on the
/// `PATH` a package script gives) that load a config file.
const TOOLS: &[&str] = &[
    "babel",
    "eslint",
    "grunt",
    "gulp",
    "jest",
    "next",
    "playwright",
    "postcss",
    "prettier",
    "rollup",
    "tailwindcss",
    "vite",
    "vitest",
    "webpack",
];

/// npm's commands that run a project script or a bin.
const NPM_RUNS: &[&str] = &[
    "run",
    "run-script",
    "rum",
    "urn",
    "test",
    "t",
    "tst",
    "start",
    "stop",
    "restart",
    "exec",
    "x",
    "install",
    "i",
    "ci",
    "install-test",
    "it",
];

/// Whether a line running `prog` (the program's base name, in lower case)
/// spelled `raw` with `args` may start a Node tool that loads its config:
/// a package runner (`npx`, `bunx`, `pnpx`, `pnpm`, `yarn`, `bun`: any
/// line), `npm` running a script or bin ([`NPM_RUNS`]), a program under
/// `node_modules/.bin/`, `node` starting a file under `node_modules/`, or a
/// tool by its bare name ([`TOOLS`]).
pub fn runs_tool(prog: &str, raw: &str, args: &[String]) -> bool {
    match prog {
        "npx" | "bunx" | "pnpx" | "pnpm" | "yarn" | "bun" => true,
        "npm" => args
            .iter()
            .find(|a| !a.starts_with('-'))
            .is_some_and(|sub| NPM_RUNS.contains(&sub.as_str())),
        "node" | "nodejs" => args
            .iter()
            .find(|a| !a.starts_with('-'))
            .is_some_and(|f| f.contains("node_modules/")),
        _ => TOOLS.contains(&prog) || raw.replace('\\', "/").contains("node_modules/.bin/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_tool_configs_are_named_as_the_tools_name_them() {
        for p in [
            "jest.config.js",
            "vite.config.ts",
            "web/vite.config.mjs",
            "eslint.config.cjs",
            ".eslintrc.js",
            "webpack.config.js",
            "rollup.config.mjs",
            "babel.config.js",
            "next.config.mjs",
            "vitest.config.ts",
            "playwright.config.ts",
            "tailwind.config.js",
            "postcss.config.js",
            "prettier.config.js",
            ".prettierrc.js",
            "karma.conf.js",
            "C:\\p\\jest.config.js",
            "vite.config.mts",
            "vitest.config.cts",
            "eslint.config.mts",
            "gulpfile.js",
            "gulpfile.mjs",
            "gulpfile.babel.js",
            "web/Gulpfile.ts",
            "Gruntfile.js",
            "Gruntfile.cjs",
            "gruntfile.js",
            "gulpfile.js/index.js",
            "web/gulpfile.ts/index.ts",
            "gulpfile.babel.js/index.mjs",
        ] {
            assert!(is_tool_config(p), "{p}");
            assert_eq!(loaded_key(p), Some(LOADED));
        }
        for p in [
            "server.js",
            "config.js",
            "src/config.ts",
            ".config.js",
            "jest.config.json",
            "vite.config.js.bak",
            ".rc.js",
            "src/rc.js",
            "vite.config.json",
            "gulpfile.json",
            "gulp.js",
            "mygulpfile.js",
            "tasks/grunt.js",
            "Gruntfile",
            "app.conf",
            "tasks/index.js",
            "gulp/index.js",
            "gulpfile.json/index.js",
            "gulpfile.js/main.js",
            "index.js",
            "",
            "web/",
        ] {
            assert!(!is_tool_config(p), "{p}");
            assert_eq!(loaded_key(p), None);
        }
    }

    #[test]
    fn slo_11_node_tool_lines_load_configs_and_other_lines_do_not() {
        let runs = |prog: &str, raw: &str, line: &str| {
            let args: Vec<String> = line.split_whitespace().map(String::from).collect();
            runs_tool(prog, raw, &args)
        };
        assert!(runs("npx", "npx", "jest"));
        assert!(runs("pnpm", "pnpm", "lint"));
        assert!(runs("yarn", "yarn", "build"));
        assert!(runs("npm", "npm", "test"));
        assert!(runs("npm", "npm", "--silent run build"));
        assert!(runs("webpack", "node_modules/.bin/webpack", ""));
        assert!(runs("jest", "./node_modules/.bin/jest", "--ci"));
        assert!(runs("eslint", "eslint", "."));
        assert!(runs("gulp", "gulp", "build"));
        assert!(runs("grunt", "grunt", "test"));
        assert!(runs("node", "node", "node_modules/jest/bin/jest.js"));
        assert!(!runs("node", "node", "server.js"));
        assert!(!runs("npm", "npm", "view react"));
        assert!(!runs("npm", "npm", "--version"));
        assert!(!runs("git", "git", "add jest.config.js"));
        assert!(!runs("cat", "cat", "vite.config.ts"));
    }

    #[test]
    fn slo_11_gulp_and_grunt_lines_name_the_task_file_their_options_give() {
        let named = |prog: &str, line: &str| {
            let args = crate::test_words(line);
            named_task_file(prog, &args).map(String::from)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(named("gulp", "--gulpfile build/tasks.js"), some("build/tasks.js"));
        assert_eq!(named("gulp", "build --gulpfile=t.js"), some("t.js"));
        assert_eq!(named("gulp", "-f x.js"), some("x.js"));
        assert_eq!(named("npx", "gulp -f x.js build"), some("x.js"));
        assert_eq!(named("npx", "-y gulp@4 --gulpfile x.js"), some("x.js"));
        assert_eq!(named("yarn", "grunt --gruntfile g.js"), some("g.js"));
        assert_eq!(named("grunt", "--gruntfile=g.js test"), some("g.js"));
        assert_eq!(named("grunt", "-f g.js"), None);
        assert_eq!(named("grunt", "--gulpfile g.js"), None);
        assert_eq!(named("gulp", "build"), None);
        assert_eq!(named("gulp", "-- -f x.js"), None);
        assert_eq!(named("gulp", "-f"), None);
        assert_eq!(named("npx", "jest -f x.js"), None);
        assert_eq!(named("npx", "--gulpfile x.js"), None);
        assert_eq!(named("echo", "--gulpfile x.js"), None);
    }
}
