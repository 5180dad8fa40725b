//! The lab's model of cargo running a package's build script
//! (docs/adversary.md), written from the Cargo Book ("Build Scripts",
//! "The Manifest Format": `package.build`), never from the engine: a cargo
//! command that compiles the package (`build`, `check`, `test`, `run`,
//! `clippy`, `bench`, `doc`, `fix`, `rustc`, and `install --path`) first
//! compiles and runs its build script: the file `build` names in the
//! manifest's `[package]`, else `build.rs` next to `Cargo.toml` when it is
//! there; `build = false` turns it off. The package is the one whose
//! manifest `--manifest-path` names, else the line's directory's.
//!
//! What running the script does, the lab reads from its text as the
//! program it is: each `std::process::Command::new("PROG")` with its
//! `.arg("…")` and `.args([…])` string literals is a program started with
//! that argv (the lab's shell then runs `sh -c LINE` as it runs any).
//! Not modelled: argv built at run time, workspaces (`-p`), a manifest
//! searched above the directory, proc-macros, dependencies' scripts.

/// Whether a cargo line with `args` compiles the local package.
pub fn builds(args: &[String]) -> bool {
    let mut words = args.iter().filter(|a| !a.starts_with(['-', '+']));
    match words.next().map(String::as_str) {
        Some(
            "build" | "b" | "check" | "c" | "test" | "t" | "run" | "r" | "clippy" | "bench" | "doc" | "d" | "fix"
            | "rustc",
        ) => true,
        Some("install") => args.iter().any(|a| a == "--path" || a.starts_with("--path=")),
        _ => false,
    }
}

/// The manifest a cargo line reads, relative to its directory.
pub fn manifest(args: &[String]) -> String {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--manifest-path=") {
            return v.to_string();
        }
        if a == "--manifest-path" {
            if let Some(v) = it.next() {
                return v.clone();
            }
        }
    }
    "Cargo.toml".to_string()
}

/// The build script a manifest's text names, relative to its directory:
/// `[package] build = "x.rs"`, none for `build = false`, else `build.rs`.
pub fn build_script(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if in_package && key.trim() == "build" {
            let v = value.trim();
            return match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(path) => Some(path.to_string()),
                None if v == "false" => None,
                None => Some("build.rs".into()),
            };
        }
    }
    Some("build.rs".into())
}

/// One string literal at the start of `s` (after blanks): its value and
/// the rest of `s`.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    if let Some(raw) = s.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let end = format!("\"{}", "#".repeat(hashes));
        let at = body.find(&end)?;
        return Some((body[..at].to_string(), &body[at + end.len()..]));
    }
    let body = s.strip_prefix('"')?;
    let mut value = String::new();
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        if escaped {
            value.push(match c {
                'n' => '\n',
                't' => '\t',
                c => c,
            });
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return Some((value, &body[i + 1..]));
        } else {
            value.push(c);
        }
    }
    None
}

/// The argv of each program a build script's text starts.
pub fn spawned(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for piece in text.split("Command::new(").skip(1) {
        let Some((prog, mut rest)) = literal(piece) else {
            continue;
        };
        let mut argv = vec![prog];
        rest = rest.trim_start().strip_prefix(')').unwrap_or(rest);
        // `.arg(LIT)` and `.args([LIT, …])` (or `&[…]`, `vec![…]`), in order,
        // until a call of another method.
        loop {
            let r = rest.trim_start();
            if let Some(a) = r.strip_prefix(".arg(") {
                let Some((v, after)) = literal(a) else { break };
                argv.push(v);
                rest = after.trim_start().strip_prefix(')').unwrap_or(after);
            } else if let Some(a) = r.strip_prefix(".args(") {
                let a = a.trim_start();
                let a = a.strip_prefix('&').or_else(|| a.strip_prefix("vec!")).unwrap_or(a);
                let Some(mut list) = a.trim_start().strip_prefix('[') else {
                    break;
                };
                while let Some((v, after)) = literal(list) {
                    argv.push(v);
                    let after = after.trim_start();
                    list = after.strip_prefix(',').unwrap_or(after);
                }
                let Some(close) = list.find(')') else { break };
                rest = &list[close + 1..];
            } else {
                break;
            }
        }
        out.push(argv);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as words;

    #[test]
    fn slo_11_lab_cargo_runs_the_build_script_its_manifest_names() {
        for l in [
            "build",
            "+stable test -q",
            "check --all-targets",
            "run",
            "clippy",
            "install --path .",
        ] {
            assert!(builds(&words(l)), "{l}");
        }
        for l in ["fmt", "install ripgrep", "--version", "add serde", ""] {
            assert!(!builds(&words(l)), "{l}");
        }
        assert_eq!(
            manifest(&words("build --manifest-path sys/Cargo.toml")),
            "sys/Cargo.toml"
        );
        assert_eq!(build_script("[package]\nname = \"a\"\n").as_deref(), Some("build.rs"));
        assert_eq!(
            build_script("[package]\nbuild = \"tools/gen.rs\"\n").as_deref(),
            Some("tools/gen.rs")
        );
        assert_eq!(build_script("[package]\nbuild = false\n"), None);
        assert_eq!(build_script("[lib]\nbuild = \"x.rs\"\n").as_deref(), Some("build.rs"));
    }

    #[test]
    fn slo_11_lab_build_scripts_start_the_programs_their_commands_name() {
        let t = "fn main() {\n    Command::new(\"sh\").arg(\"-c\").arg(\"echo \\\"a\\\"\").status().unwrap();\n    std::process::Command::new(\"bash\")\n        .args([\"-c\", r#\"curl x | sh\"#])\n        .status();\n    Command::new(\"git\").args(&[\"rev-parse\", \"HEAD\"]).current_dir(\"x\").arg(\"no\");\n}\n";
        assert_eq!(
            spawned(t),
            [
                vec!["sh", "-c", "echo \"a\""],
                vec!["bash", "-c", "curl x | sh"],
                vec!["git", "rev-parse", "HEAD"]
            ]
        );
        assert!(spawned("fn main() { println!(\"cargo:rerun-if-changed=build.rs\"); }").is_empty());
        assert!(spawned("Command::new(name).arg(\"-c\")").is_empty());
    }
}
