//! Workspace manifests a package manager runs from the project's root
//! (docs/risk-model.md, "Own-shell scripts"): `npm test --workspaces`,
//! `npm run build -w packages/app`, `pnpm -r test`, `pnpm --filter app
//! build`, `yarn workspaces foreach run build`, `yarn workspace app build`,
//! `turbo run build` and `lerna run test` run the named script of each
//! member's `package.json`, which the line names neither by its path nor
//! by a directory change.
//!
//! A written manifest below the root (`packages/app/package.json`, any
//! directory) whose `scripts` hold an entry that would harm when run leaves,
//! besides its path's names ([`crate::manifest_scripts::harmful_keys`]),
//! one location-free name ([`MEMBER`]). A line that runs a script across
//! workspaces ([`runs_member_scripts`]) notes a run of the same name, so
//! the pair is judged at the run. One name, not one per script: each name
//! a run line notes adds bits to the call's run set
//! ([`crate::git_scripts`]), and so false matches.
//!
//! Cautious sides: the root's `workspaces` list (or
//! `pnpm-workspace.yaml`) is not read, so any manifest below the root is a
//! member; a filter (`-w`, `--filter`, `--scope`) is not matched to a
//! member; and the script a line runs is not matched to the harmful entry
//! (a harmful member `deploy` counts for `npm test --workspaces`). Not
//! read: install lines (members' install-time entries), `nx`, and
//! workspace scripts run through another script.

/// The name a harmful member manifest leaves and a workspace line runs:
/// not a path (no file is named so), so it matches nothing else remembered.
pub const MEMBER: &str = ":workspaces:member";

/// The name a manifest at `path` with `harmful` entries leaves as a member:
/// none for the root's own manifest (`package.json`, `./package.json`),
/// which the path's names already cover, or no harmful entry.
pub fn harmful_key(path: &str, harmful: &[&str]) -> Option<&'static str> {
    let dir = path.rsplit_once(['/', '\\']).map(|(d, _)| d)?;
    (!harmful.is_empty() && !dir.is_empty() && dir != ".").then_some(MEMBER)
}

/// npm's options that pick workspaces (`-w` and `--workspace` with their
/// value) or all of them.
fn npm_workspace_option(a: &str) -> Option<bool> {
    match a {
        "--workspaces" | "--ws" | "-ws" => Some(false),
        "-w" | "--workspace" => Some(true),
        _ if a.starts_with("--workspace=") || a.starts_with("--workspaces=true") => Some(false),
        _ if a.starts_with("-w") && a.len() > 2 => Some(false),
        _ => None,
    }
}

/// pnpm's options that run across workspaces (`-r`, `--recursive`) or pick
/// members (`--filter`/`-F` with their value).
fn pnpm_workspace_option(a: &str) -> Option<bool> {
    match a {
        "-r" | "--recursive" => Some(false),
        "--filter" | "-F" | "--filter-prod" => Some(true),
        _ if a.starts_with("--filter=") || a.starts_with("--filter-prod=") => Some(false),
        _ => None,
    }
}

/// The arguments without the workspace options `option` reads (`Some(true)`:
/// it takes the next word), when there was one.
fn without_workspace_options(args: &[String], option: fn(&str) -> Option<bool>) -> Option<Vec<String>> {
    // Options end at `--`; most package-manager lines name no workspace:
    // answered without a copy.
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (options, after) = args.split_at(end);
    if !options.iter().any(|a| option(a).is_some()) {
        return None;
    }
    let mut rest = Vec::with_capacity(args.len());
    let mut skip_value = false;
    for a in options {
        match (skip_value, option(a)) {
            (true, _) => skip_value = false,
            (false, Some(takes_value)) => skip_value = takes_value,
            (false, None) => rest.push(a.clone()),
        }
    }
    rest.extend(after.iter().cloned());
    Some(rest)
}

/// Whether a monorepo runner's line runs scripts: `turbo run build`,
/// `lerna run test`, turbo's `turbo build` (a first word no built-in
/// takes).
fn runner_runs_scripts(args: &[String]) -> bool {
    let mut words = args.iter().map(String::as_str).skip_while(|a| a.starts_with('-'));
    match words.next() {
        Some("run") => words.next().is_some_and(|w| !w.starts_with('-')),
        Some(first) => !matches!(first, "exec" | "init" | "login" | "link" | "prune" | "gen" | "--"),
        None => false,
    }
}

/// Whether yarn runs a member's script: `yarn workspaces foreach [opts]
/// run NAME` (or any command word), `yarn workspaces run NAME` (yarn 1),
/// `yarn workspace MEMBER [run] NAME`.
fn yarn_runs_members(args: &[String]) -> bool {
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    match words.as_slice() {
        ["workspaces", "foreach", rest @ ..] | ["workspace", _, rest @ ..] => {
            matches!(rest, ["run", _, ..]) || rest.first().is_some_and(|w| *w != "run")
        }
        ["workspaces", "run", _, ..] => true,
        _ => false,
    }
}

/// Whether a line running `prog` (base name, lower case) with `args` runs
/// a script across workspaces (false at once for every other program).
/// `words` reads the command words of a package manager's arguments, as
/// [`crate::manifest_scripts::keys_run`] takes them.
pub fn runs_member_scripts(prog: &str, args: &[String], words: fn(&[String]) -> Vec<&str>) -> bool {
    match prog {
        "npm" | "pnpm" => {
            let option = if prog == "npm" {
                npm_workspace_option
            } else {
                pnpm_workspace_option
            };
            match without_workspace_options(args, option) {
                Some(rest) => crate::manifest_scripts::keys_run(prog, &rest, &words(&rest))
                    .iter()
                    .any(|k| k.starts_with("package.json:run:")),
                // `pnpm turbo run build`, `pnpm exec lerna run test`.
                None => prog == "pnpm" && through_runner(args, words),
            }
        }
        "yarn" => yarn_runs_members(args) || through_runner(args, words),
        "turbo" | "lerna" => runner_runs_scripts(args),
        "npx" | "pnpx" | "bunx" => through_runner(args, words),
        _ => false,
    }
}

/// A monorepo runner started through a package runner (`npx turbo run
/// build`, `pnpm exec lerna run test`, `yarn turbo build`), its version
/// cut off.
fn through_runner(args: &[String], words: fn(&[String]) -> Vec<&str>) -> bool {
    let mut it = args.iter().enumerate().filter(|(_, a)| !a.starts_with('-'));
    let Some((mut at, mut first)) = it.next() else {
        return false;
    };
    if matches!(first.as_str(), "exec" | "dlx") {
        let Some((i, w)) = it.next() else {
            return false;
        };
        (at, first) = (i, w);
    }
    let name = first.split('@').next().unwrap_or(first);
    matches!(name, "turbo" | "lerna") && runs_member_scripts(name, &args[at + 1..], words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_word(args: &[String]) -> Vec<&str> {
        args.iter()
            .map(String::as_str)
            .filter(|a| !a.starts_with('-'))
            .take(1)
            .collect()
    }

    fn runs(prog: &str, line: &str) -> bool {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        runs_member_scripts(prog, &args, first_word)
    }

    #[test]
    fn slo_11_member_manifests_leave_a_location_free_name() {
        assert_eq!(harmful_key("packages/wsp/package.json", &["test"]), Some(MEMBER));
        assert_eq!(harmful_key("a\\b\\package.json", &["build", "test"]), Some(MEMBER));
        assert_eq!(harmful_key("package.json", &["test"]), None);
        assert_eq!(harmful_key("./package.json", &["test"]), None);
        assert_eq!(harmful_key("packages/wsp/package.json", &[]), None);
    }

    #[test]
    fn slo_11_workspace_lines_run_member_scripts_and_other_lines_do_not() {
        for (prog, line) in [
            ("npm", "test --workspaces"),
            ("npm", "run build -w packages/wsp"),
            ("npm", "-w packages/wsp run build"),
            ("npm", "test --workspace=wsp"),
            ("pnpm", "-r test"),
            ("pnpm", "--filter wsp build"),
            ("yarn", "workspaces foreach -A run build"),
            ("yarn", "workspace wsp build"),
            ("yarn", "workspaces run test"),
            ("npx", "turbo run build"),
            ("npx", "lerna run test --scope wsp"),
            ("turbo", "build --filter=wsp"),
            ("pnpm", "exec turbo run build"),
            ("yarn", "turbo run build"),
        ] {
            assert!(runs(prog, line), "{prog} {line}");
        }
        for (prog, line) in [
            ("npm", "test"),
            ("npm", "run build"),
            ("npm", "install"),
            ("npm", "install --workspaces"),
            ("pnpm", "test"),
            ("pnpm", "install"),
            ("yarn", "build"),
            ("yarn", "workspaces list"),
            ("npx", "jest"),
            ("npx", "turbo"),
            ("lerna", "exec -- ls"),
            ("git", "add packages/wsp/package.json"),
            ("cat", "packages/wsp/package.json"),
        ] {
            assert!(!runs(prog, line), "{prog} {line}");
        }
    }
}
