//! The lab's model of tox, written from tox's documentation (its command
//! line, the `tox.ini` format, `commands` and `allowlist_externals`), not
//! from the engine's reading: which commands a tox line runs.
//!
//! Modelled: `tox`, `tox run`/`r`, `tox p`/`run-parallel` and `tox -e
//! ENV[,ENV]` read `tox.ini` (`-c FILE`: that file); the environments are
//! those `-e` names, else the `[tox]` `env_list` (or `envlist`), else
//! `py`; each runs the `commands_pre`, `commands` and `commands_post` of
//! its `[testenv:NAME]` section, each falling back to `[testenv]`'s, one
//! command per line, split into words as a POSIX shell splits (quotes and
//! backslashes, no expansion), a leading `-` or `!` dropped, `{posargs}`
//! and other substitutions removed; a command runs as a program, not
//! through a shell; a program neither in `allowlist_externals` (names or
//! `*`) nor one the environment installs (`python`, `pip`, the `deps`
//! names) fails the environment, which runs no more commands. Other
//! subcommands (`list`, `config`, `exec`, …), `-l`, `--notest`,
//! `--version` and `-h` run none. Without `-c`, tox reads the first of
//! `tox.ini`, `setup.cfg` (when it has a `[tox:tox]` section, read as
//! `[tox]`) and `pyproject.toml` (when it has a `[tool.tox]` table: its
//! `legacy_tox_ini` string read as a `tox.ini`, else the native form:
//! `env_list`, `env_run_base` as `[testenv]`, `env.NAME` as
//! `[testenv:NAME]`, each command a list of words), then `tox.toml` (the
//! same native form at its top level: tox 4's TOML configuration). Not
//! modelled: factor conditions, `depends`, `skip_install`, native
//! substitutions (`{ replace = … }` words are dropped).

use std::collections::BTreeMap;

/// A tox line's request.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tox {
    /// `-c FILE`: the configuration read instead of `tox.ini`.
    pub config: Option<String>,
    /// `-e ENV,…`: the environments asked for.
    pub envs: Option<Vec<String>>,
    /// The line runs no environment's commands.
    pub runs_nothing: bool,
}

/// Reads the words after `tox`.
pub fn invocation(args: &[String]) -> Tox {
    let mut t = Tox::default();
    let mut it = args.iter();
    let mut first_word = true;
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ if a.starts_with("-e") && a.len() > 2 && !a.starts_with("--") => ("-e", Some(a[2..].to_string())),
            _ => (a.as_str(), None),
        };
        match name {
            "-e" | "--env" | "-c" | "--conf" | "--workdir" | "--root" | "-x" | "--override" => {
                let v = inline.or_else(|| it.next().cloned()).unwrap_or_default();
                match name {
                    "-e" | "--env" => t.envs = Some(v.split(',').map(|e| e.trim().to_string()).collect()),
                    "-c" | "--conf" => t.config = Some(v),
                    _ => {}
                }
            }
            "-l" | "--listenvs" | "-a" | "--listenvs-all" | "--notest" | "--version" | "-h" | "--help" => {
                t.runs_nothing = true
            }
            w if !w.starts_with('-') && first_word => {
                first_word = false;
                if !matches!(w, "run" | "r" | "run-parallel" | "p" | "legacy" | "le") {
                    t.runs_nothing = true;
                }
            }
            _ => {}
        }
    }
    t
}

/// An INI text's sections: name → key → value (continuation lines joined
/// with newlines).
pub fn sections(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut section = String::new();
    let mut key: Option<String> = None;
    for raw in text.lines() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let t = line.trim();
        if t.is_empty() || t.starts_with(['#', ';']) {
            continue;
        }
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = name.trim().to_string();
            key = None;
            continue;
        }
        let entries = out.entry(section.clone()).or_default();
        if line.starts_with([' ', '\t']) {
            if let Some(v) = key.as_ref().and_then(|k| entries.get_mut(k)) {
                v.push('\n');
                v.push_str(t);
            }
            continue;
        }
        if let Some((k, v)) = t.split_once('=') {
            let k = k.trim().to_string();
            entries.insert(k.clone(), v.trim().to_string());
            key = Some(k);
        }
    }
    out
}

/// The configurations tox looks for in a directory, in order.
pub const CONFIG_FILES: [&str; 4] = ["tox.ini", "setup.cfg", "pyproject.toml", "tox.toml"];

/// A word quoted so that [`commands`]' splitting gives it back.
fn requoted(w: &str) -> String {
    format!("'{}'", w.replace('\'', "'\\''"))
}

/// The native TOML form of a `[tool.tox]` table as INI-like sections.
fn native(tox: &toml::Table) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let list = |v: &toml::Value| -> String {
        v.as_array()
            .map(|a| a.iter().filter_map(toml::Value::as_str).collect::<Vec<_>>().join(","))
            .or_else(|| v.as_str().map(String::from))
            .unwrap_or_default()
    };
    if let Some(e) = tox.get("env_list") {
        out.entry("tox".into()).or_default().insert("env_list".into(), list(e));
    }
    let mut envs: Vec<(String, &toml::Table)> = Vec::new();
    if let Some(base) = tox.get("env_run_base").and_then(toml::Value::as_table) {
        envs.push(("testenv".into(), base));
    }
    for (name, t) in tox.get("env").and_then(toml::Value::as_table).into_iter().flatten() {
        if let Some(t) = t.as_table() {
            envs.push((format!("testenv:{name}"), t));
        }
    }
    for (section, t) in envs {
        let entries = out.entry(section).or_default();
        for (k, v) in t {
            let value = if k.starts_with("commands") {
                let lines = v.as_array().into_iter().flatten().filter_map(|c| {
                    let words: Vec<String> = c
                        .as_array()?
                        .iter()
                        .filter_map(toml::Value::as_str)
                        .map(requoted)
                        .collect();
                    Some(words.join(" "))
                });
                lines.collect::<Vec<_>>().join("\n")
            } else {
                list(v).replace(',', "\n")
            };
            entries.insert(k.clone(), value);
        }
    }
    out
}

/// The sections tox reads from a configuration file named `name` (its
/// base name) with text `text`; none when the file holds no tox settings.
pub fn config_sections(name: &str, text: &str) -> Option<BTreeMap<String, BTreeMap<String, String>>> {
    match name {
        "setup.cfg" => {
            let mut s = sections(text);
            let core = s.remove("tox:tox")?;
            s.insert("tox".into(), core);
            Some(s)
        }
        "pyproject.toml" => {
            let doc = text.parse::<toml::Table>().ok()?;
            let tox = doc.get("tool")?.get("tox")?.as_table()?;
            match tox.get("legacy_tox_ini").and_then(toml::Value::as_str) {
                Some(ini) => Some(sections(ini)),
                None => Some(native(tox)),
            }
        }
        "tox.toml" => Some(native(&text.parse::<toml::Table>().ok()?)),
        _ => Some(sections(text)),
    }
}

/// The environments a tox line runs, from its request and the
/// configuration's sections.
pub fn environments(t: &Tox, ini: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<String> {
    if let Some(e) = &t.envs {
        return e.clone();
    }
    let listed = ini
        .get("tox")
        .and_then(|s| s.get("env_list").or_else(|| s.get("envlist")))
        .map(|v| {
            v.split([',', '\n'])
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        vec!["py".to_string()]
    } else {
        listed
    }
}

/// Words as a POSIX shell splits them (quotes, backslashes), none when a
/// quote does not close.
fn words(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut w: Option<String> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => out.extend(w.take()),
            '\'' => {
                let cur = w.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        o => cur.push(o),
                    }
                }
            }
            '"' => {
                let cur = w.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => cur.push(chars.next()?),
                        o => cur.push(o),
                    }
                }
            }
            '\\' => w.get_or_insert_with(String::new).push(chars.next()?),
            o => w.get_or_insert_with(String::new).push(o),
        }
    }
    out.extend(w);
    Some(out)
}

/// `{…}` substitutions removed from a command line.
fn unsubstituted(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The argument words of the commands environment `env` runs, in order,
/// up to the first program it may not run.
pub fn commands(ini: &BTreeMap<String, BTreeMap<String, String>>, env: &str) -> Vec<Vec<String>> {
    let own = ini.get(&format!("testenv:{env}"));
    let base = ini.get("testenv");
    let get = |k: &str| own.and_then(|s| s.get(k)).or_else(|| base.and_then(|s| s.get(k)));
    let list = |k: &str| -> Vec<String> {
        get(k)
            .map(|v| {
                v.split([',', '\n', ' '])
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let allowed = list("allowlist_externals");
    let installed: Vec<String> = list("deps")
        .iter()
        .map(|d| d.split(['=', '<', '>', '~', '!', '[']).next().unwrap_or("").to_string())
        .chain(["python", "python3", "pip"].map(String::from))
        .collect();
    let mut out = Vec::new();
    for key in ["commands_pre", "commands", "commands_post"] {
        for line in get(key).map(String::as_str).unwrap_or("").lines() {
            let line = unsubstituted(line.trim().trim_start_matches(['-', '!']).trim());
            let Some(w) = words(&line).filter(|w| !w.is_empty()) else {
                continue;
            };
            let base_name = w[0].rsplit('/').next().unwrap_or(&w[0]);
            if !allowed.iter().any(|a| a == "*" || a == &w[0] || a == base_name)
                && !installed.iter().any(|i| i == base_name)
            {
                return out;
            }
            out.push(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as strings;

    #[test]
    fn slo_11_lab_tox_reads_its_options() {
        let t = invocation(&strings("-e py311,lint -c ci/tox.ini"));
        assert_eq!(t.envs, Some(vec!["py311".to_string(), "lint".to_string()]));
        assert_eq!(t.config.as_deref(), Some("ci/tox.ini"));
        assert!(!t.runs_nothing);
        assert_eq!(invocation(&strings("run -epy")).envs, Some(vec!["py".to_string()]));
        for l in ["-l", "list", "config -e py", "--notest", "exec -e py -- sh"] {
            assert!(invocation(&strings(l)).runs_nothing, "{l}");
        }
    }

    #[test]
    fn slo_11_lab_tox_runs_allowed_commands_of_each_environment() {
        let text = "[tox]\nenv_list = py, lint\n\n[testenv]\ndeps = pytest>=8\nallowlist_externals = sh\ncommands_pre = - sh -c 'echo pre'\ncommands =\n    pytest {posargs}\n    sh -c \"echo one two\"\n\n[testenv:lint]\ncommands =\n    ruff check .\n    sh -c \"echo never\"\n";
        let ini = sections(text);
        assert_eq!(environments(&Tox::default(), &ini), ["py", "lint"]);
        let words = |e: &str| -> Vec<String> { commands(&ini, e).into_iter().map(|w| w.join("|")).collect() };
        assert_eq!(words("py"), ["sh|-c|echo pre", "pytest", "sh|-c|echo one two"]);
        // ruff is neither installed nor allowed: the environment fails there.
        assert_eq!(words("lint"), ["sh|-c|echo pre"]);
        assert!(commands(&sections("[testenv]\ncommands = sh -c 'x'\n"), "py").is_empty());
        assert!(sections("\u{0}[").is_empty() || commands(&sections("\u{0}["), "py").is_empty());
    }
}
