//! The lab's model of the Node build and test tools loading their config
//! files (docs/adversary.md), written from each tool's documentation, never
//! from the engine: a tool started by its name (on the `PATH` a package
//! script gives, or `node_modules/.bin/NAME`), or through `npx`, `bunx`,
//! `pnpx`, `pnpm [exec]`, `yarn [run|exec]` or `npm exec`, looks in its
//! working directory for its config file, in the order its documentation
//! gives, and loads the first one found (loading a JavaScript config runs
//! its module code). `--config FILE` (`-c FILE`) names the file instead;
//! `--version` and `--help` load nothing.
//!
//! The names, by tool: jest `jest.config.{js,ts,mjs,cjs}`; vite
//! `vite.config.{js,mjs,ts,cjs}`; vitest its own `vitest.config.*`, else
//! vite's; eslint the flat `eslint.config.{js,mjs,cjs,ts}`, else the legacy
//! `.eslintrc.{js,cjs}`; webpack (webpack-cli) `webpack.config.{js,mjs,cjs,ts}`;
//! rollup only with `-c`/`--config`, then `rollup.config.{mjs,cjs,js}`;
//! babel (the CLI) `babel.config.{js,cjs,mjs}`, else `.babelrc.{js,cjs,mjs}`;
//! next (`build`, `dev`, `start`, `lint`) `next.config.{js,mjs,ts}`;
//! playwright (`test`) `playwright.config.{ts,js,mts,mjs,cts,cjs}`;
//! tailwindcss `tailwind.config.{js,cjs,mjs,ts}`; postcss (postcss-cli)
//! `postcss.config.{js,cjs,mjs,ts}`; prettier `.prettierrc.js`,
//! `prettier.config.js`, then the `.mjs` and `.cjs` pairs; vite and eslint
//! also their `.mts` and `.cts` spellings. gulp (gulp-cli) loads its
//! `gulpfile.{js,cjs,mjs,babel.js,ts}` (or a capitalised `Gulpfile.js`)
//! before any task, grunt (grunt-cli) its `Gruntfile.js` (`gruntfile.js`,
//! `Gruntfile.cjs`); neither with `--version`.
//!
//! Not modelled: configs in `package.json` or JSON/YAML files (no code
//! runs), a project root searched above the working directory, configs a
//! tool loads through another (vite loading postcss's, jest babel's),
//! a `--cwd` gulp is given. gulp's `--gulpfile FILE` (`-f FILE`) and
//! grunt's `--gruntfile FILE` name the one task file loaded, and a
//! `gulpfile.js/` directory is loaded through its `index.js`.

/// The config names a tool looks for, in its documented order; none for a
/// word that is no tool the lab models, or a sub-command that loads none.
fn default_names(tool: &str, args: &[String]) -> &'static [&'static str] {
    let sub = args.iter().find(|a| !a.starts_with('-')).map(String::as_str);
    match tool {
        "jest" => &["jest.config.js", "jest.config.ts", "jest.config.mjs", "jest.config.cjs"],
        "vite" => &[
            "vite.config.js",
            "vite.config.mjs",
            "vite.config.ts",
            "vite.config.cjs",
            "vite.config.mts",
            "vite.config.cts",
        ],
        "vitest" => &[
            "vitest.config.ts",
            "vitest.config.mts",
            "vitest.config.js",
            "vitest.config.mjs",
            "vitest.config.cts",
            "vitest.config.cjs",
            "vite.config.ts",
            "vite.config.js",
            "vite.config.mjs",
        ],
        "eslint" => &[
            "eslint.config.js",
            "eslint.config.mjs",
            "eslint.config.cjs",
            "eslint.config.ts",
            "eslint.config.mts",
            "eslint.config.cts",
            ".eslintrc.js",
            ".eslintrc.cjs",
        ],
        "webpack" | "webpack-cli" => &[
            "webpack.config.js",
            "webpack.config.mjs",
            "webpack.config.cjs",
            "webpack.config.ts",
        ],
        "rollup" if args.iter().any(|a| a == "-c" || a == "--config") => {
            &["rollup.config.mjs", "rollup.config.cjs", "rollup.config.js"]
        }
        "babel" => &[
            "babel.config.js",
            "babel.config.cjs",
            "babel.config.mjs",
            ".babelrc.js",
            ".babelrc.cjs",
            ".babelrc.mjs",
        ],
        "next" if matches!(sub, Some("build" | "dev" | "start" | "lint") | None) => {
            &["next.config.js", "next.config.mjs", "next.config.ts"]
        }
        "playwright" if sub == Some("test") => &[
            "playwright.config.ts",
            "playwright.config.js",
            "playwright.config.mts",
            "playwright.config.mjs",
            "playwright.config.cts",
            "playwright.config.cjs",
        ],
        "tailwindcss" => &[
            "tailwind.config.js",
            "tailwind.config.cjs",
            "tailwind.config.mjs",
            "tailwind.config.ts",
        ],
        "postcss" => &[
            "postcss.config.js",
            "postcss.config.cjs",
            "postcss.config.mjs",
            "postcss.config.ts",
        ],
        "prettier" => &[
            ".prettierrc.js",
            "prettier.config.js",
            ".prettierrc.mjs",
            "prettier.config.mjs",
            ".prettierrc.cjs",
            "prettier.config.cjs",
        ],
        "gulp" => &[
            "gulpfile.js",
            "Gulpfile.js",
            "gulpfile.cjs",
            "gulpfile.mjs",
            "gulpfile.babel.js",
            "gulpfile.ts",
            // A directory named so: Node loads its index file.
            "gulpfile.js/index.js",
            "gulpfile.ts/index.ts",
        ],
        "grunt" => &["Gruntfile.js", "gruntfile.js", "Gruntfile.cjs"],
        _ => &[],
    }
}

/// The config files (relative to the tool's directory) a tool `tool`
/// started with `args` may load, in order: the caller loads the first one
/// that exists. A `--config FILE` (`-c FILE`, `--config=FILE`) names the
/// one file; `--version`/`--help` none.
pub fn config_candidates(tool: &str, args: &[String]) -> Vec<String> {
    let names = default_names(tool, args);
    if names.is_empty() && tool != "rollup"
        || args
            .iter()
            .any(|a| matches!(a.as_str(), "--version" | "-v" | "-V" | "--help" | "-h"))
    {
        return Vec::new();
    }
    if let Some(file) = task_file_option(tool, args) {
        return vec![file];
    }
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--config=") {
            return vec![v.to_string()];
        }
        if a == "--config" || a == "-c" {
            if let Some(v) = it.clone().next().filter(|v| !v.starts_with('-')) {
                return vec![v.clone()];
            }
        }
    }
    names.iter().map(|n| n.to_string()).collect()
}

/// The task file gulp or grunt is pointed at: gulp-cli's `--gulpfile PATH`
/// (alias `-f`), grunt-cli's `--gruntfile PATH` (grunt's `-f` is
/// `--force`), either also as `--OPTION=PATH`. gulp then works in that
/// file's directory; the file is loaded by the path given.
fn task_file_option(tool: &str, args: &[String]) -> Option<String> {
    let (flag, alias) = match tool {
        "gulp" => ("--gulpfile", Some("-f")),
        "grunt" => ("--gruntfile", None),
        _ => return None,
    };
    let mut prev: Option<&str> = None;
    for a in args {
        if a == "--" {
            break;
        }
        if prev.is_some_and(|p| p == flag || Some(p) == alias) {
            return Some(a.clone());
        }
        if let Some((k, v)) = a.split_once('=') {
            if k == flag {
                return Some(v.to_string());
            }
        }
        prev = Some(a);
    }
    None
}

/// The tool word and its arguments a line starts: `prog` itself (a base
/// name, `node_modules/.bin/jest` included), or the word a package runner
/// names (`npx jest`, `npx -y jest@29`, `bunx vitest`, `pnpm exec eslint`,
/// `pnpm vite build`, `yarn run jest`, `yarn jest`, `npm exec -- jest`),
/// its version cut off.
pub fn tool_started<'a>(prog: &'a str, args: &'a [String]) -> (&'a str, &'a [String]) {
    let runner_word = |from: usize| -> Option<usize> {
        let mut i = from;
        while i < args.len() {
            match args[i].as_str() {
                "--" => return (i + 1 < args.len()).then_some(i + 1),
                "-p" | "--package" | "-c" | "--call" => i += 2,
                w if w.starts_with('-') => i += 1,
                _ => return Some(i),
            }
        }
        None
    };
    let at = match prog {
        "npx" | "bunx" | "pnpx" => runner_word(0),
        "npm" | "pnpm" | "yarn" => runner_word(0).and_then(|i| match (prog, args[i].as_str()) {
            ("npm", "exec" | "x") | ("pnpm", "exec") | ("yarn", "exec" | "run") => runner_word(i + 1),
            ("npm", _) => None,
            _ => Some(i),
        }),
        _ => return (prog, args),
    };
    match at {
        Some(i) => {
            let w = args[i].as_str();
            let name = match w.strip_prefix('@') {
                Some(_) => w,
                None => w.split('@').next().unwrap_or(w),
            };
            (name, &args[i + 1..])
        }
        None => (prog, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as words;

    #[test]
    fn slo_11_lab_tools_are_named_as_the_runners_start_them() {
        for (prog, line, tool) in [
            ("npx", "jest --ci", "jest"),
            ("npx", "-y jest@29", "jest"),
            ("bunx", "vitest run", "vitest"),
            ("pnpm", "exec eslint .", "eslint"),
            ("pnpm", "vite build", "vite"),
            ("yarn", "run jest", "jest"),
            ("npm", "exec -- webpack", "webpack"),
            ("jest", "", "jest"),
        ] {
            let args = words(line);
            assert_eq!(tool_started(prog, &args).0, tool, "{prog} {line}");
        }
        let args = words("test");
        assert_eq!(tool_started("npm", &args).0, "npm");
    }

    #[test]
    fn slo_11_lab_tools_load_the_configs_their_documentation_names() {
        assert_eq!(config_candidates("jest", &words("--ci"))[0], "jest.config.js");
        assert!(config_candidates("vitest", &words("run")).contains(&"vite.config.ts".to_string()));
        assert!(config_candidates("eslint", &words(".")).contains(&".eslintrc.js".to_string()));
        assert_eq!(
            config_candidates("rollup", &words("-c")),
            ["rollup.config.mjs", "rollup.config.cjs", "rollup.config.js"]
        );
        assert_eq!(config_candidates("rollup", &words("-c build.mjs")), ["build.mjs"]);
        assert_eq!(
            config_candidates("jest", &words("--config=ci.config.js")),
            ["ci.config.js"]
        );
        assert!(config_candidates("rollup", &words("src/main.js -o out.js")).is_empty());
        assert!(config_candidates("jest", &words("--version")).is_empty());
        assert!(config_candidates("playwright", &words("install")).is_empty());
        assert!(config_candidates("node", &words("server.js")).is_empty());
        assert!(config_candidates("tsc", &words("-p .")).is_empty());
        assert_eq!(config_candidates("gulp", &words("build"))[0], "gulpfile.js");
        assert!(config_candidates("gulp", &words("")).contains(&"gulpfile.mjs".to_string()));
        assert_eq!(config_candidates("grunt", &words("test"))[0], "Gruntfile.js");
        assert!(config_candidates("grunt", &words("--version")).is_empty());
        assert!(config_candidates("vite", &words("build")).contains(&"vite.config.mts".to_string()));
        assert!(config_candidates("vitest", &words("run")).contains(&"vitest.config.cts".to_string()));
        assert!(config_candidates("eslint", &words(".")).contains(&"eslint.config.mts".to_string()));
    }

    #[test]
    fn slo_11_lab_gulp_and_grunt_load_the_task_file_their_option_names() {
        assert_eq!(config_candidates("gulp", &words("--gulpfile b/t.js")), ["b/t.js"]);
        assert_eq!(config_candidates("gulp", &words("build -f x.js")), ["x.js"]);
        assert_eq!(config_candidates("gulp", &words("--gulpfile=x.js")), ["x.js"]);
        assert_eq!(config_candidates("grunt", &words("--gruntfile g.js test")), ["g.js"]);
        assert_eq!(config_candidates("grunt", &words("--gruntfile=g.js")), ["g.js"]);
        assert_eq!(config_candidates("grunt", &words("-f g.js"))[0], "Gruntfile.js");
        assert_eq!(config_candidates("gulp", &words("-- -f x.js"))[0], "gulpfile.js");
        assert!(config_candidates("gulp", &words("")).contains(&"gulpfile.js/index.js".to_string()));
        assert!(config_candidates("jest", &words("-f x.js")).contains(&"jest.config.js".to_string()));
    }
}
