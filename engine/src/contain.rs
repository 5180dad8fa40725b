//! Package-script containment: the process environment every extension-started
//! command runs under, so that installing a package does not run that
//! package's code.
//!
//! A registry package's name says nothing about its code, and honest sessions
//! install named packages (`pip install -q pytest`, `npm install -g pnpm`), so
//! the risk model cannot refuse `npm i <name>` without refusing real work. What
//! it can remove is the one effect that makes an install a download-and-run:
//! lifecycle scripts (`preinstall`, `install`, `postinstall`, `prepare`) and
//! `npx` fetching a package that is not installed. The connector of an `exec`
//! capability call runs the process with [`PACKAGE_SCRIPT_ENV`]
//! (`ValidatedCall::process_env`): npm, pnpm and yarn 1 read
//! `npm_config_ignore_scripts`, yarn 2+ reads `YARN_ENABLE_SCRIPTS`, and
//! `npm_config_yes=false` makes `npx`/`npm exec` refuse to download a package
//! when no terminal is attached (the agent's case). bun already skips the
//! scripts of dependencies it does not trust.
//!
//! Environment variables lose to command-line flags and to the command's own
//! assignments, so a line that names one of these settings (in any case, with
//! `-` or `_`, or as a long option npm expands to it: `--ignore-scr=false`,
//! `--no-ig`) or clears the environment for a package manager (`env -i`) is
//! judged as download-and-execute by [`overrides_containment`] (the risk
//! model's `shell_features`). A `yes` given to `npx`/`npm exec` on their
//! command line (`-y`, `--yes`, `--ye`, `--yes=true`, `--no-yes=false`, a
//! cluster `-qy`: [`npm_sets_yes`]) is judged the same way by the shell
//! analysis of that command (`crate::shell`), which knows which program the
//! words belong to. Left open and documented in docs/risk-model.md: code that
//! an install put on disk and a later call runs (`pip install -q pytest &&
//! pytest` is the honest twin).

/// The environment a connector sets for every process an `exec` capability
/// call starts.
pub const PACKAGE_SCRIPT_ENV: &[(&str, &str)] = &[
    ("npm_config_ignore_scripts", "true"),
    ("npm_config_yes", "false"),
    ("YARN_ENABLE_SCRIPTS", "false"),
];

/// Setting names (lower case, `-` and `_` removed: npm folds both, yarn's rc
/// file spells them in camel case) whose mention in a command line means the
/// line may turn containment off.
const CONTAINMENT_SETTINGS: &[&str] = &["ignorescripts", "npmconfigyes", "enablescripts"];

/// Package managers whose environment containment is about.
const PACKAGE_MANAGERS: &[&str] = &["npm", "npx", "pnpm", "pnpx", "yarn", "bun", "bunx", "corepack"];

/// One command-line word as npm's option parser (nopt) reads an option: the
/// leading dashes removed, a `=value` split off, every leading `no-` (any
/// case) toggling a negation, and the rest as the name, which npm expands when
/// it is an unambiguous prefix of one of its long options (`--ignore-scr` is
/// `--ignore-scripts`, `--ye` is `--yes`). `None` for a word that is not an
/// option (`-`, `--`, a positional).
struct NpmOption<'a> {
    /// The word had exactly one leading dash (a shorthand or a cluster of them).
    single_dash: bool,
    /// An odd number of `no-` prefixes.
    negated: bool,
    name: &'a str,
    value: Option<&'a str>,
}

impl<'a> NpmOption<'a> {
    fn read(word: &'a str) -> Option<NpmOption<'a>> {
        let rest = word.trim_start_matches('-');
        let dashes = word.len() - rest.len();
        if dashes == 0 || rest.is_empty() {
            return None;
        }
        let (mut name, value) = match rest.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (rest, None),
        };
        let mut negated = false;
        while name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("no-")) {
            negated = !negated;
            name = &name[3..];
        }
        Some(NpmOption {
            single_dash: dashes == 1,
            negated,
            name,
            value,
        })
    }

    /// The name is one npm may expand to `ignore-scripts` (folded like
    /// [`CONTAINMENT_SETTINGS`]; two letters at least, `-i` being taken).
    /// Conservative: every prefix counts, a benign line never abbreviates it.
    fn names_ignore_scripts(&self) -> bool {
        let folded: String = self
            .name
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        folded.len() >= 2 && "ignorescripts".starts_with(&folded)
    }

    /// The name is `yes` or a prefix of it (`y`, `ye`), in any case.
    fn names_yes(&self) -> bool {
        !self.name.is_empty() && self.name.len() <= 3 && "yes".starts_with(&self.name.to_ascii_lowercase())
    }
}

/// True when npm, reading `args` (the words after `npx`, or after `npm` for
/// `npm exec`), may set `yes` to anything but `false`, so that it downloads
/// and runs a package that is not installed whatever the connector's
/// `npm_config_yes=false` says. nopt's reading of the `yes` option
/// (`[null, Boolean]`):
///
/// - `--yes`, and any prefix npm expands to it (`--ye`, `--y`), one dash or two:
///   yes (followed by a word `false` it would be false; judged yes anyway);
/// - `--yes=V`: false only for `V` = `false` (`--yes=true`, `--yes=null`,
///   `--yes=`, `--yes=0` all leave it on or unset);
/// - `--no-yes` (any prefix, any number of `no-`): false, unless its value is
///   `false` or `null` (`--no-yes=false`, `--no-yes false`: on again);
/// - a cluster of shorthands holding `y` (`-qy`, `-yq`): `-y` is `--yes`.
///
/// Conservative: any spelling that might be read as yes counts.
pub fn npm_sets_yes(args: &[String]) -> bool {
    args.iter().enumerate().any(|(i, w)| {
        let Some(o) = NpmOption::read(w) else { return false };
        if o.names_yes() {
            let next = o.value.or_else(|| args.get(i + 1).map(String::as_str));
            return if o.negated {
                matches!(next, Some("false" | "null"))
            } else {
                o.value != Some("false")
            };
        }
        // A cluster of single-letter shorthands (`-qy`): one of them is `-y`.
        o.single_dash
            && !o.negated
            && o.name.bytes().all(|b| b.is_ascii_alphabetic())
            && o.name.bytes().any(|b| b.eq_ignore_ascii_case(&b'y'))
            && o.value != Some("false")
    })
}

/// True when `line` may run a package's code despite [`PACKAGE_SCRIPT_ENV`]:
/// it names a containment setting (as an assignment, `export`, `unset`,
/// `env -u`, a `--flag` or a config command; quotes and backslashes are
/// removed first), or it starts a package manager with a cleared environment
/// (`env -i`, `env -`) or next to ANSI-C quoting. A name built at run time
/// (`export "$(printf …)"=false`) is not seen: docs/risk-model.md.
pub fn overrides_containment(line: &str) -> bool {
    // Quotes and backslashes removed first: `N''PM_CONFIG_YES`, `npm_co\nfig_yes`
    // name the same setting once the shell has read them.
    let folded: String = line
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '\'' | '"' | '\\'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if CONTAINMENT_SETTINGS.iter().any(|s| folded.contains(s)) {
        return true;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || ";&|()`'\"".contains(c))
        .collect();
    let runs_package_manager = words
        .iter()
        .any(|w| PACKAGE_MANAGERS.contains(&w.rsplit('/').next().unwrap_or("")));
    // npm expands an unambiguous prefix of a long option: `--ignore-scr=false`
    // and `--no-ig` switch the scripts back on as the full name does.
    if runs_package_manager
        && words
            .iter()
            .any(|w| NpmOption::read(w).is_some_and(|o| o.names_ignore_scripts()))
    {
        return true;
    }
    let cleared = words.windows(2).any(|w| {
        w[0].rsplit('/').next() == Some("env") && matches!(w[1], "-i" | "--ignore-environment" | "-")
            || w[0].rsplit('/').next() == Some("env") && w[1].starts_with("-i")
    });
    // ANSI-C quoting (`$'\x6e…'`) spells any name in escapes.
    runs_package_manager && (cleared || line.contains("$'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_lines_that_turn_package_containment_off_are_caught() {
        for line in [
            "npm_config_ignore_scripts=false npm i tsconfig-doctor",
            "NPM_CONFIG_IGNORE_SCRIPTS=0 npm install left-pad",
            "npm i tsconfig-doctor --ignore-scripts=false",
            "npm i tsconfig-doctor --no-ignore-scripts",
            "export npm_config_ignore_scripts=; npm i x",
            "unset npm_config_ignore_scripts && npm i x",
            "env -u npm_config_yes npx x",
            "env 'npm_config_ignore-scripts=false' npm i x",
            "YARN_ENABLE_SCRIPTS=true yarn add x",
            "npm config set ignore-scripts false",
            "env -i PATH=/usr/bin npm i x",
            "env - /usr/bin/npx x",
            "npm_config_yes=true npx x",
            "yarn config set enableScripts true && yarn add x",
            "env N''PM_CONFIG_YES=true npx x",
            "export \"npm_config_\"ignore_scripts=false; npm i x",
            "env npm_co\\nfig_yes=true npx x",
            "env $'\\x6epm_config_yes=true' npx x",
        ] {
            assert!(overrides_containment(line), "{line}");
        }
    }

    /// SLO-11 (review: npm option spellings): npm expands an unambiguous
    /// prefix of a long option, so an abbreviation of `ignore-scripts` turns
    /// the scripts back on as the full name does.
    #[test]
    fn slo_11_abbreviated_ignore_scripts_flags_are_caught() {
        for line in [
            "npm i evil-pkg --ignore-script=false",
            "npm i evil-pkg --ignore-scr=false",
            "npm i evil-pkg --ig=false",
            "npm install evil-pkg --no-ignore-scr",
            "npm i evil-pkg --IGNORE-S=false",
            "npm i evil-pkg -ignore-scr=false",
            "pnpm add evil-pkg --ignore-scri=false",
            "cd app && npm ci --no-no-no-ign",
            "sh -c 'npm i evil-pkg --ignore-scr=false'",
        ] {
            assert!(overrides_containment(line), "{line}");
        }
    }

    /// npm's reading of `yes` on the command line ([`npm_sets_yes`]).
    #[test]
    fn slo_11_every_spelling_npm_reads_as_yes_is_yes() {
        let words = |l: &str| l.split_whitespace().map(String::from).collect::<Vec<_>>();
        for args in [
            "-y x",
            "--yes x",
            "--ye x",
            "--y x",
            "--yes=true x",
            "--ye=true x",
            "--yes=1 x",
            "--yes=0 x",
            "--yes= x",
            "--yes=null x",
            "--YES x",
            "-yes x",
            "-qy x",
            "-yq x",
            "--no-yes=false x",
            "--no-yes=null x",
            "--no-yes false x",
            "--no-yes null x",
            "--no-no-yes x",
        ] {
            assert!(npm_sets_yes(&words(args)), "{args}");
        }
        for args in [
            "x",
            "--no-yes x",
            "--no-ye x",
            "--yes=false x",
            "--ye=false x",
            "-y=false x",
            "--no-yes=true x",
            "--no-yes true x",
            "--package=x y",
            "-p x",
            "--noEmit",
            "--",
            "-",
        ] {
            assert!(!npm_sets_yes(&words(args)), "{args}");
        }
    }

    #[test]
    fn slo_11_every_exec_capability_call_carries_the_containment_environment() {
        use crate::hostcall::{validate, HostcallRequest};
        use serde_json::json;
        let call = |method: &str, params: serde_json::Value| {
            validate(&HostcallRequest::new("c1", "ext", method, params)).expect("valid request")
        };
        let bash = call("tool", json!({"name": "bash", "input": {"command": "npm i x"}}));
        let exec = call("exec", json!({"cmd": "npm", "args": ["i", "x"]}));
        for c in [bash, exec] {
            assert_eq!(c.process_env, PACKAGE_SCRIPT_ENV);
        }
        let read = call("tool", json!({"name": "read", "input": {"path": "a"}}));
        let http = call("http", json!({"url": "https://example.com/", "method": "GET"}));
        for c in [read, http] {
            assert!(c.process_env.is_empty());
        }
    }

    #[test]
    fn slo_10_ordinary_package_lines_leave_containment_alone() {
        for line in [
            "npm install",
            "npm install --save-dev playwright-core",
            "npm install -g pnpm",
            "python3 -m pip install -q pytest && pytest -q tests",
            "npx tsc --noEmit",
            "env -i PATH=/usr/bin make test",
            "npm run build && npm test",
            "yarn add -D vitest",
            "npm init -y",
            "npx --no-yes tsc",
            "npx eslint --ignore-pattern dist .",
            "yarn install --ignore-engines",
            "npm run lint -- --ignore-path .gitignore",
            "pip install -i https://pypi.org/simple pytest",
        ] {
            assert!(!overrides_containment(line), "{line}");
        }
    }
}
