//! The project's local binaries the package runners start by their names
//! (docs/risk-model.md, "Own-shell scripts"): `npx NAME`, `npm exec NAME`
//! (`npm x`, `npm exec -- NAME`), `pnpm exec NAME`, `pnpm NAME`, `yarn
//! NAME`, `yarn run NAME`, `yarn exec NAME` and `bunx NAME` run
//! `node_modules/.bin/NAME` of the line's directory when it is there,
//! before any package of that name is fetched.
//!
//! The written side needs nothing new: a file under `node_modules/.bin/`
//! has no extension, so it is read as a shell script (its `#!` line's
//! interpreter too, [`crate::shell::script_file_harms_when_run`]) and
//! remembered by its path when it harms. A runner line notes a run of the
//! bin it names ([`bin_run`]), so the pair is judged at the run.
//!
//! Cautious sides: the options that name a package to fetch (`-p`,
//! `--package`, `-y`) do not keep the local bin from counting, and for
//! `pnpm` and `yarn` any first word counts (a built-in command such as
//! `yarn install` notes a run of a bin of that name, which only matters
//! when such a harmful bin was written). Not read: the parent directories
//! npm searches for its project, and bins of written packages linked
//! only by their `package.json`'s `bin` field.

/// The local bin (relative to the line's directory) a package runner
/// line with `args` starts; none for another program or line.
pub fn bin_run(prog: &str, args: &[String]) -> Option<String> {
    let name = match prog {
        "npx" | "bunx" => command_word(args)?,
        "npm" | "pnpm" | "yarn" => {
            let (sub, rest) = split_sub(args)?;
            match (prog, sub) {
                ("npm", "exec" | "exe" | "x") => command_word(rest)?,
                ("npm", _) => return None,
                (_, "exec" | "run") => command_word(rest)?,
                _ => sub,
            }
        }
        _ => return None,
    };
    is_bin_name(name).then(|| format!("node_modules/.bin/{name}"))
}

/// The first word that is not an option, past the values of the runners'
/// options that take one (`-p PKG`, `--package PKG`, `-c CMD`, `--call
/// CMD`); after `--`, the next word.
fn command_word(args: &[String]) -> Option<&str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--" => return it.next().map(String::as_str),
            "-p" | "--package" | "-c" | "--call" => {
                it.next();
            }
            w if w.starts_with('-') => {}
            w => return Some(w),
        }
    }
    None
}

/// The sub-command (the first word that is not an option) and the words
/// after it.
fn split_sub(args: &[String]) -> Option<(&str, &[String])> {
    let i = args.iter().position(|a| !a.starts_with('-'))?;
    Some((args[i].as_str(), &args[i + 1..]))
}

/// A bin's name: no path, version or scope (`prettier@3`, `./x`,
/// `@scope/x` name packages or files, not local bins).
fn is_bin_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '@'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(prog: &str, line: &str) -> Option<String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        bin_run(prog, &args)
    }

    #[test]
    fn slo_11_package_runner_lines_start_the_local_bins_they_name() {
        let bin = Some("node_modules/.bin/ownbin".to_string());
        for (prog, line) in [
            ("npx", "ownbin"),
            ("npx", "--no-install ownbin --fix"),
            ("npx", "-y ownbin"),
            ("npx", "-p other ownbin"),
            ("bunx", "ownbin"),
            ("npm", "exec ownbin"),
            ("npm", "exec -- ownbin -x"),
            ("npm", "x ownbin"),
            ("pnpm", "exec ownbin"),
            ("pnpm", "ownbin"),
            ("yarn", "ownbin"),
            ("yarn", "run ownbin"),
            ("yarn", "exec ownbin"),
        ] {
            assert_eq!(run(prog, line), bin, "{prog} {line}");
        }
        for (prog, line) in [
            ("npx", ""),
            ("npx", "prettier@3"),
            ("npx", "./ownbin"),
            ("npx", "@scope/ownbin"),
            ("npm", "test"),
            ("npm", "install"),
            ("npm", "exec"),
            ("cargo", "ownbin"),
        ] {
            assert_eq!(run(prog, line), None, "{prog} {line}");
        }
    }
}
