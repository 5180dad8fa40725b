//! The lab's model of package runners starting a project's local binary
//! (docs/adversary.md), from the tools' own documentation, never from the
//! engine: `npm exec NAME` (and `npx NAME`, which npm rewrites into it)
//! runs `node_modules/.bin/NAME` of the project when the project has it,
//! without asking and without fetching, when no `--package` names what to
//! fetch; `bunx NAME` checks the local install first; `pnpm exec NAME`
//! runs a command with the project's bins first on the path, and a `pnpm`
//! word that is no pnpm command and no script of the project is run as
//! `pnpm exec` would; `yarn run NAME` (and `yarn NAME`) runs a script of
//! that name or else the dependency's bin, and `yarn exec` runs a command
//! with the bins on the path.

/// pnpm's built-in commands (and their short forms) that a bare word
/// names instead of a bin.
const PNPM_BUILTINS: &[&str] = &[
    "add",
    "audit",
    "bin",
    "cache",
    "config",
    "create",
    "dedupe",
    "deploy",
    "dlx",
    "env",
    "exec",
    "fetch",
    "i",
    "import",
    "init",
    "install",
    "install-test",
    "it",
    "licenses",
    "link",
    "list",
    "ln",
    "ls",
    "outdated",
    "pack",
    "patch",
    "patch-commit",
    "prune",
    "publish",
    "rebuild",
    "remove",
    "rm",
    "root",
    "run",
    "setup",
    "start",
    "store",
    "t",
    "test",
    "un",
    "uninstall",
    "unlink",
    "up",
    "update",
    "upgrade",
    "why",
];

/// yarn's built-in commands (version 1 and later) a bare word names
/// instead of a script or bin.
const YARN_BUILTINS: &[&str] = &[
    "add",
    "audit",
    "autoclean",
    "bin",
    "cache",
    "check",
    "config",
    "constraints",
    "create",
    "dedupe",
    "dlx",
    "exec",
    "explain",
    "generate-lock-entry",
    "global",
    "help",
    "import",
    "info",
    "init",
    "install",
    "licenses",
    "link",
    "list",
    "login",
    "logout",
    "node",
    "npm",
    "outdated",
    "owner",
    "pack",
    "patch",
    "plugin",
    "policies",
    "publish",
    "rebuild",
    "remove",
    "run",
    "set",
    "stage",
    "tag",
    "team",
    "unlink",
    "unplug",
    "up",
    "upgrade",
    "upgrade-interactive",
    "version",
    "versions",
    "why",
    "workspace",
    "workspaces",
];

/// The bin a runner line starts from the project's `node_modules/.bin`,
/// given its operand words as the tool reads them (the command first:
/// `exec` for npm and npx after npm's own expansion, `x` for bunx) and the
/// packages its options name; none when the line starts no local bin.
pub fn bin_named(prog: &str, words: &[String], packages: &[String]) -> Option<String> {
    let sub = words.first()?.as_str();
    let operand = words.get(1);
    let name = match (prog, sub) {
        ("npm" | "npx", "exec") if packages.is_empty() => operand?,
        ("bunx", "x") => operand?,
        ("pnpm", "exec") | ("yarn", "exec" | "run") => operand?,
        ("pnpm", w) if !PNPM_BUILTINS.contains(&w) => &words[0],
        ("yarn", w) if !YARN_BUILTINS.contains(&w) => &words[0],
        _ => return None,
    };
    // A version, scope or path names a package or a file, not a bin.
    (!name.is_empty() && !name.contains(['/', '@'])).then(|| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(prog: &str, line: &str, packages: &[&str]) -> Option<String> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        let packages: Vec<String> = packages.iter().map(|p| p.to_string()).collect();
        bin_named(prog, &words, &packages)
    }

    #[test]
    fn slo_11_lab_runners_start_the_local_bin_they_name() {
        let bin = Some("ownbin".to_string());
        assert_eq!(named("npm", "exec ownbin", &[]), bin);
        assert_eq!(named("npx", "exec ownbin --fix", &[]), bin);
        assert_eq!(named("bunx", "x ownbin", &[]), bin);
        assert_eq!(named("pnpm", "exec ownbin", &[]), bin);
        assert_eq!(named("pnpm", "ownbin", &[]), bin);
        assert_eq!(named("yarn", "ownbin", &[]), bin);
        assert_eq!(named("yarn", "run ownbin", &[]), bin);
        assert_eq!(named("npm", "exec ownbin", &["other"]), None);
        assert_eq!(named("npm", "exec ownbin@2", &[]), None);
        assert_eq!(named("pnpm", "install", &[]), None);
        assert_eq!(named("yarn", "add ownbin", &[]), None);
        assert_eq!(named("npm", "test", &[]), None);
        assert_eq!(named("npm", "", &[]), None);
    }
}
