//! The resource class of a hostcall: the third part of the prompt cache key
//! (extension, capability, resource class), so one "yes" covers only calls on
//! the same kind of resource (issue 14).
//!
//! Classes: `prog:<program> <subcommand>` for a simple command (exec, bash
//! tool), `cmd:<line>` for a command line that is its own class, `host:<host>`
//! for http, `path:<dir>` for fs and file tools (the directory holding the path,
//! normalised lexically), `env:<NAME>`, `tool:<name>` for other tools, and ``
//! (capability-wide) for the rest.
//!
//! A simple command's class is the program as spelt (`/tmp/x/git` is not `git`)
//! and its first word after the program, when that word is an operand: `git
//! status` and `git push --force` are two classes, so a yes for one never covers
//! the other (options after it stay inside the class: a yes for `git push`
//! covers `git push --force`). After a runner subcommand (`exec`, `x`, `dlx`,
//! `run`: `npm exec prettier`, `docker run alpine`) the word it runs is part of
//! the class too. The whole line is the class (`cmd:<line>`) when which word is
//! the subcommand cannot be told without the program's grammar or the line does
//! more than one thing: shell operators (a yes for `ls` never covers `ls; curl …
//! | sh`), a leading `VAR=value` or a wrapper program (`env`, `sudo`, `xargs`,
//! `timeout` … run another command), or an option before the subcommand (`git
//! -C dir push`, `git --exec-path=/tmp status`: the option may take the next word
//! as its value or change what runs).

use crate::call_args::CallArgs;
use crate::capability::Capability;
use crate::hostcall::{BuiltinTool, HostcallKind};
use serde_json::Value;

/// Characters that make a command line more than one simple command.
const SHELL_OPERATORS: &[char] = &['|', ';', '&', '$', '`', '<', '>', '(', ')', '{', '}', '\n', '\r'];

/// Programs that run another command given as their arguments.
const WRAPPERS: &[&str] = &[
    "env", "sudo", "doas", "su", "runuser", "nice", "ionice", "nohup", "time", "timeout", "xargs", "command", "exec",
    "builtin", "stdbuf", "chroot", "unshare", "setsid", "watch", "strace", "ltrace", "busybox", "eval", "flock",
    "chrt", "taskset",
];

/// Subcommands that run the next word (a package, script, image or program).
const RUNNERS: &[&str] = &["exec", "x", "dlx", "run"];

fn program_class(line: &str) -> String {
    let line = line.trim();
    let whole = || format!("cmd:{line}");
    if line.contains(SHELL_OPERATORS) {
        return whole();
    }
    let mut words = line.split_whitespace();
    let Some(prog) = words.next() else {
        return "prog:".to_string();
    };
    let base = prog.rsplit('/').next().unwrap_or(prog);
    if prog.contains('=') || WRAPPERS.contains(&base) {
        return whole();
    }
    let mut class = format!("prog:{prog}");
    let mut runner = true;
    while runner {
        match words.next() {
            None => break,
            Some(w) if w.starts_with(['-', '+']) => return whole(),
            Some(w) => {
                runner = RUNNERS.contains(&w);
                class.push(' ');
                class.push_str(w);
            }
        }
    }
    class
}

/// Shells whose `-c` runs the line given as an argument.
const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash"];

/// The class of a command given as an argv (`exec` `cmd` + `args`, a tool's
/// `["bash", "-lc", "…"]`): a shell started only to run one inline line
/// (`sh`/`bash`/… with option clusters of `-c`, `-l`, `-e`, `-u`, `-x`, the
/// line last) is the class of that line, as if the line had been given as a
/// string (`["bash","-lc","ls"]` is `prog:ls`, `["bash","-lc","curl … | sh"]`
/// is `cmd:curl … | sh`); any other argv is the class of its words joined.
fn argv_class(first: &str, rest: &[Value]) -> String {
    let rest = || rest.iter().filter_map(Value::as_str);
    let base = first.rsplit('/').next().unwrap_or(first);
    if SHELLS.contains(&base) {
        let words: Vec<&str> = rest().collect();
        if let Some((line, opts)) = words.split_last() {
            let plain = |o: &&str| o.len() > 1 && o.starts_with('-') && o[1..].bytes().all(|b| b"celux".contains(&b));
            if !opts.is_empty() && opts.iter().all(plain) && opts.iter().any(|o| o.contains('c')) {
                return program_class(line);
            }
        }
    }
    let mut line = first.to_string();
    for a in rest() {
        line.push(' ');
        line.push_str(a);
    }
    program_class(&line)
}

fn host_class(url: &str) -> String {
    let rest = url.trim().split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or(v6)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    if host.is_empty() {
        format!("url:{}", url.trim())
    } else {
        format!("host:{}", host.trim_end_matches('.').to_ascii_lowercase())
    }
}

/// The directory a path lies in, `..` and `.` resolved lexically; a path that
/// climbs above its start keeps its full spelling (its own class).
fn path_class(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return format!("path:{path}");
                }
            }
            p => parts.push(p),
        }
    }
    parts.pop();
    let dir = parts.join("/");
    format!("path:{}{dir}", if absolute { "/" } else { "" })
}

/// The class of an exec tool's call: its payload's (an argv as
/// [`argv_class`] reads it); when the input carries other texts risk scores
/// as lines too ([`CallArgs::other_payloads`]), the whole of them, so one
/// "yes" never covers a line riding beside the one asked about.
fn exec_tool_class(args: &CallArgs<'_>) -> String {
    let first = args.command.unwrap_or("");
    let class = if args.exec_args.is_empty() {
        program_class(first)
    } else {
        argv_class(first, args.exec_args)
    };
    let mut others = args.other_payloads().peekable();
    if others.peek().is_none() {
        return class;
    }
    let mut whole = format!("cmd:{}", first.trim());
    for a in args.exec_strings() {
        whole.push(' ');
        whole.push_str(a);
    }
    for v in others {
        whole.push('\n');
        whole.push_str(&v.to_string());
    }
    whole
}

/// The resource class of a call, from its kind, capability and the typed
/// fields validation read. An http request (an `http` call, or a tool that
/// needs `http`) is keyed by the host validation parsed (WHATWG), so a "yes"
/// for api.github.com never covers `attacker\@api.github.com`; without a
/// parsed request (calls read, not validated) by the URL as sent.
pub fn resource_class(kind: HostcallKind, cap: Capability, args: &CallArgs<'_>) -> String {
    match kind {
        HostcallKind::Exec => argv_class(args.command.unwrap_or(""), args.exec_args),
        HostcallKind::Http => match &args.http {
            Some(h) => format!("host:{}", h.url.host),
            None => host_class(args.raw.get("url").and_then(Value::as_str).unwrap_or("")),
        },
        HostcallKind::Env => format!("env:{}", args.name.unwrap_or("").trim().to_ascii_uppercase()),
        HostcallKind::Fs => path_class(args.target.unwrap_or("")),
        HostcallKind::Tool => {
            let name = args.name.unwrap_or("").trim().to_ascii_lowercase();
            let inner = if cap == Capability::Exec {
                Some(exec_tool_class(args))
            } else if let Some(h) = &args.http {
                Some(format!("host:{}", h.url.host))
            } else {
                args.target.map(path_class)
            };
            match inner {
                // A built-in tool is one more way to run a program or touch a
                // path: a "yes" for `prog:ls` covers `bash ls` and `exec ls`.
                Some(inner) if BuiltinTool::parse(&name).is_some() => inner,
                // A tool of the config or of an extension does what its own
                // code does with those params: its class names it, so one
                // "yes" for `run_tests` never covers `deploy_prod`, and one for
                // `web_fetch` to a host neither an `http` call's nor another tool's.
                Some(inner) => format!("tool:{name}|{inner}"),
                None => format!("tool:{name}"),
            }
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The class of a call given by its params.
    fn resource_class(kind: HostcallKind, cap: Capability, params: &Value) -> String {
        super::resource_class(kind, cap, &CallArgs::read(kind, params))
    }

    #[test]
    fn classes_separate_programs_hosts_and_directories() {
        let exec = |c: &str| resource_class(HostcallKind::Exec, Capability::Exec, &json!({"cmd": c}));
        assert_eq!(exec("ls"), "prog:ls");
        assert_ne!(exec("ls"), exec("curl https://x.example"));
        assert!(exec("ls; curl x | sh").starts_with("cmd:"));
        let http = |u: &str| resource_class(HostcallKind::Http, Capability::Http, &json!({"url": u}));
        assert_eq!(http("https://user:pw@API.GitHub.com:443/x?y"), "host:api.github.com");
        assert_ne!(http("https://api.github.com/a"), http("https://evil.example/a"));
        let fs = |p: &str| resource_class(HostcallKind::Fs, Capability::Read, &json!({"op": "read", "path": p}));
        assert_eq!(fs("src/a.rs"), fs("src/b/../b.rs"));
        assert_ne!(fs("src/a.rs"), fs("/home/u/.ssh/id_rsa"));
        assert_eq!(fs("../../etc/passwd"), "path:../../etc/passwd");
        let bash = resource_class(
            HostcallKind::Tool,
            Capability::Exec,
            &json!({"name": "bash", "input": {"command": "cargo test --workspace"}}),
        );
        assert_eq!(bash, "prog:cargo test");
    }

    #[test]
    fn inv_008_exec_classes_are_program_and_subcommand() {
        let exec = |c: &str| resource_class(HostcallKind::Exec, Capability::Exec, &json!({"cmd": c}));
        let args =
            |c: &str, a: &[&str]| resource_class(HostcallKind::Exec, Capability::Exec, &json!({"cmd": c, "args": a}));
        // The subcommand separates; options after it do not.
        assert_eq!(exec("git status"), "prog:git status");
        assert_eq!(exec("git push --force origin main"), "prog:git push");
        assert_ne!(exec("git status"), exec("git push"));
        assert_eq!(args("git", &["push", "--force"]), "prog:git push");
        for (a, b) in [
            ("npm test", "npm publish"),
            ("pnpm install", "pnpm add evil"),
            ("yarn build", "yarn publish"),
            ("pip list", "pip install x"),
            ("cargo test", "cargo publish"),
            ("docker ps", "docker push x"),
            ("kubectl get pods", "kubectl delete ns prod"),
            ("gh pr list", "gh repo delete x"),
            ("ls", "ls src"),
            ("python3 check.py", "python3 evil.py"),
        ] {
            assert_ne!(exec(a), exec(b), "{a} / {b}");
        }
        // After a runner subcommand, what it runs is in the class.
        assert_eq!(exec("npm exec prettier --write ."), "prog:npm exec prettier");
        assert_ne!(exec("npm exec prettier"), exec("npm exec evil-pkg"));
        assert_ne!(exec("npm run build"), exec("npm run deploy"));
        assert_ne!(exec("docker run alpine"), exec("docker run evil/image"));
        assert_ne!(exec("npx eslint ."), exec("npx evil"));
        // The program as spelt: a binary elsewhere is another program.
        assert_ne!(exec("git push"), exec("/tmp/x/git push"));
        // Lines whose subcommand cannot be told, or that run something else, are
        // their own class: an option before the subcommand, env assignments,
        // wrappers.
        for line in [
            "git -C /tmp/x push",
            "git --exec-path=/tmp/x status",
            "git -c core.sshCommand=evil fetch",
            "GIT_SSH_COMMAND=evil git fetch",
            "sudo git status",
            "env git status",
            "timeout 5 git push",
            "docker run --privileged alpine",
            "cargo +nightly build",
        ] {
            assert_eq!(exec(line), format!("cmd:{line}"), "{line}");
        }
        assert_ne!(exec("sudo git status"), exec("sudo git push"));
        assert_ne!(exec("git -C . status"), exec("git -C . push"));
        assert_eq!(exec(""), "prog:");
    }
}
