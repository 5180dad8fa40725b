//! The resource class of a hostcall: the third part of the prompt cache key
//! (extension, capability, resource class), so one "yes" covers only calls on
//! the same kind of resource (issue 14).
//!
//! Classes: `prog:<program>` for a simple command (exec, bash tool), `cmd:<line>`
//! for a command line with shell operators (a yes for `ls` never covers
//! `ls; curl … | sh`), `host:<host>` for http, `path:<dir>` for fs and file tools
//! (the directory holding the path, normalised lexically), `env:<NAME>`,
//! `tool:<name>` for other tools, and `` (capability-wide) for the rest.

use crate::capability::Capability;
use crate::hostcall::HostcallKind;
use serde_json::Value;

/// Characters that make a command line more than one simple command.
const SHELL_OPERATORS: &[char] = &['|', ';', '&', '$', '`', '<', '>', '(', ')', '{', '}', '\n', '\r'];

fn program_class(line: &str) -> String {
    let line = line.trim();
    if line.contains(SHELL_OPERATORS) {
        return format!("cmd:{line}");
    }
    let first = line.split_whitespace().next().unwrap_or("");
    let prog = first.rsplit('/').next().unwrap_or(first);
    format!("prog:{prog}")
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

/// The resource class of a call, from its kind, capability and params.
pub fn resource_class(kind: HostcallKind, cap: Capability, params: &Value) -> String {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let input = params.get("input");
    match kind {
        HostcallKind::Exec => {
            let mut line = s(params.get("cmd")).unwrap_or_default();
            if let Some(args) = params.get("args").and_then(Value::as_array) {
                for a in args.iter().filter_map(Value::as_str) {
                    line.push(' ');
                    line.push_str(a);
                }
            }
            program_class(&line)
        }
        HostcallKind::Http => host_class(&s(params.get("url")).unwrap_or_default()),
        HostcallKind::Env => format!(
            "env:{}",
            s(params.get("name")).unwrap_or_default().trim().to_ascii_uppercase()
        ),
        HostcallKind::Fs => path_class(&s(params.get("path")).unwrap_or_default()),
        HostcallKind::Tool => {
            if cap == Capability::Exec {
                let cmd = input.and_then(|i| i.get("command").or_else(|| i.get("cmd")));
                return program_class(&s(cmd).unwrap_or_default());
            }
            match s(input.and_then(|i| i.get("path").or_else(|| i.get("file_path")))) {
                Some(p) => path_class(&p),
                None => format!(
                    "tool:{}",
                    s(params.get("name")).unwrap_or_default().trim().to_ascii_lowercase()
                ),
            }
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn classes_separate_programs_hosts_and_directories() {
        let exec = |c: &str| resource_class(HostcallKind::Exec, Capability::Exec, &json!({"cmd": c}));
        assert_eq!(exec("/usr/bin/ls -la"), "prog:ls");
        assert_eq!(exec("ls"), exec("ls src"));
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
            &json!({"name": "bash", "input": {"command": "cargo test"}}),
        );
        assert_eq!(bash, "prog:cargo");
    }
}
