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
//! `-` or `_`), clears the environment for a package
//! manager (`env -i`), or passes `--yes`, is judged as download-and-execute by
//! [`overrides_containment`] (the risk model's `shell_features`). Left open and
//! documented in docs/risk-model.md: code that an install put on disk and a
//! later call runs (`pip install -q pytest && pytest` is the honest twin).

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
        ] {
            assert!(!overrides_containment(line), "{line}");
        }
    }
}
