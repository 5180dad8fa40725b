//! The lab's model of CMake's configure step, written from CMake's
//! documentation (cmake(1), the CMake language, `execute_process`,
//! `include`, `add_subdirectory`), not from the engine's reading: which
//! processes a cmake line runs.
//!
//! Modelled: `cmake [options] PATH`, `cmake -S SRC -B BUILD`, `cmake -B
//! BUILD` and `cmake --preset NAME` configure, reading the source
//! directory's `CMakeLists.txt` (PATH, `-S`, else the working directory
//! for `-B` or `--preset`; PATH naming a directory without one: nothing);
//! `cmake -P FILE` runs FILE in script mode. Reading a file processes its
//! commands in order: `include(FILE)` (a path relative to the current
//! source directory) and `add_subdirectory(DIR)` read those files, and
//! `execute_process(COMMAND … [COMMAND …])` runs its commands as one
//! pipeline, each a program with its words (no shell), in
//! `WORKING_DIRECTORY` or cmake's own working directory. Command names are
//! read without regard to case, arguments are unquoted, `"…"` (escapes
//! read) or `[[…]]`/`[=[…]=]`, comments `#…` and `#[[…]]`. Running
//! nothing: `--install`, `-E`, `--version`, `--help`, `--workflow`.
//!
//! Build time (`add_custom_command`, `add_custom_target`, `cmake --build`):
//! configuring writes the build directory's `CMakeCache.txt`, which names
//! the source directory (`-B BUILD`, else cmake's working directory);
//! `cmake --build BUILD [--target T…]`, and make or ninja in a directory
//! holding such a cache, build the named targets (none, or `all`: every
//! executable and library not `EXCLUDE_FROM_ALL` and every custom target
//! marked `ALL`). Building a target runs the custom commands whose
//! `OUTPUT` it lists among its sources (or a custom target's `DEPENDS`),
//! a custom target's own commands (the first may come without `COMMAND`),
//! and the `TARGET` commands attached to it (`PRE_BUILD`, `PRE_LINK`,
//! `POST_BUILD`); each command is a program with its words, one after
//! another, in `WORKING_DIRECTORY` or the build directory. The legacy
//! `ARGS` word is dropped.
//! Regeneration: the build system CMake generates re-runs the configure
//! step first when a CMake file it read changed since (`cmake --build`,
//! make and ninja alike): configuring keeps a stamp of the files' calls in
//! the cache ([`INPUTS`]); a build whose walk reads another stamp runs the
//! `execute_process` pipelines again, in the build directory, and keeps
//! the new stamp.
//! Not modelled: `if`/`foreach`/functions (every call is processed),
//! variable expansion, presets' own fields, include by module name,
//! dependencies between targets (`add_dependencies`, chained outputs),
//! a subdirectory's own build directory.

/// What a cmake line processes.
#[derive(Debug, PartialEq, Eq)]
pub enum Cmake {
    /// Configure the project whose source directory is this.
    Configure(String),
    /// Run this file in script mode.
    Script(String),
    /// Build this build directory's targets (none named: the default).
    Build(String, Vec<String>),
    /// Nothing.
    Nothing,
}

/// Reads the words after `cmake`.
pub fn invocation(args: &[String]) -> Cmake {
    let mut source: Option<String> = None;
    let mut path: Option<String> = None;
    let mut configures = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--build" => return it.next().map_or(Cmake::Nothing, |d| build(d, it.as_slice())),
            "--install" | "-E" | "--version" | "-version" | "--help" | "-h" | "--open" | "--workflow" => {
                return Cmake::Nothing
            }
            "-P" => return it.next().map_or(Cmake::Nothing, |f| Cmake::Script(f.clone())),
            "-S" => source = it.next().cloned(),
            "-B" | "--preset" => {
                configures = true;
                it.next();
            }
            "-G" | "-T" | "-A" | "-C" | "-D" | "-U" | "--toolchain" | "--install-prefix" => {
                it.next();
            }
            s if s.starts_with("-S") => source = Some(s[2..].to_string()),
            s if s.starts_with("-B") || s.starts_with("--preset=") => configures = true,
            s if s.starts_with('-') => {}
            s => path = Some(s.to_string()),
        }
    }
    match source.or(path) {
        Some(s) => Cmake::Configure(s),
        None if configures => Cmake::Configure(".".to_string()),
        None => Cmake::Nothing,
    }
}

/// `cmake --build DIR` and the words after it: the targets named by
/// `--target`/`-t` (each followed by one or more names), `--` ending
/// cmake's own options.
fn build(dir: &str, rest: &[String]) -> Cmake {
    let mut targets = Vec::new();
    let mut naming = false;
    for a in rest {
        match a.as_str() {
            "--" => break,
            "--target" | "-t" => naming = true,
            s if s.starts_with("--target=") => targets.push(s["--target=".len()..].to_string()),
            s if s.starts_with('-') => naming = false,
            s if naming => targets.push(s.to_string()),
            _ => {}
        }
    }
    Cmake::Build(dir.to_string(), targets)
}

/// The build directory a configuring line writes: `-B DIR`, else cmake's
/// working directory.
pub fn build_dir(args: &[String]) -> String {
    let mut it = args.iter();
    let mut dir = ".".to_string();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-B" => dir = it.next().cloned().unwrap_or(dir),
            s if s.starts_with("-B") => dir = s[2..].to_string(),
            _ => {}
        }
    }
    dir
}

/// The cache line naming the source directory, as configuring writes it.
pub const HOME: &str = "CMAKE_HOME_DIRECTORY:INTERNAL=";

/// The cache line the lab keeps for what the configure read: a stamp of
/// the CMake files' calls ([`inputs_stamp`]).
pub const INPUTS: &str = "CMAKE_INPUTS_STAMP:INTERNAL=";

/// A stamp of the calls the CMake files of a project hold (includes and
/// subdirectories followed): two reads give the same stamp when no call
/// changed. The generated build system re-runs the configure step when a
/// CMake file it read changed since (CMake's regeneration rule).
pub fn inputs_stamp(calls: &[Call]) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    calls.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The stamp a cache text holds, if any.
pub fn cached_stamp(cache: &str) -> Option<&str> {
    cache.lines().find_map(|l| l.strip_prefix(INPUTS))
}

/// One command call of a CMake text: its name (lower case) and arguments
/// (each with whether it was quoted).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, bool)>,
}

/// The text from `at` up to the closing bracket of `=`-count `level`, and
/// the position after it.
fn bracket_body(chars: &[char], at: usize, level: usize) -> Option<(String, usize)> {
    let mut k = at;
    while k < chars.len() {
        if chars[k] == ']'
            && chars.len() > k + level + 1
            && chars[k + 1..=k + level].iter().all(|c| *c == '=')
            && chars[k + level + 1] == ']'
        {
            return Some((chars[at..k].iter().collect(), k + level + 2));
        }
        k += 1;
    }
    None
}

/// A bracket opening at `at`: its `=` count.
fn bracket_level(chars: &[char], at: usize) -> Option<usize> {
    if chars.get(at) != Some(&'[') {
        return None;
    }
    let n = chars[at + 1..].iter().take_while(|c| **c == '=').count();
    (chars.get(at + 1 + n) == Some(&'[')).then_some(n)
}

/// The position after a comment that starts at the `#` at `at`.
fn after_comment(chars: &[char], at: usize) -> usize {
    if let Some(l) = bracket_level(chars, at + 1) {
        return bracket_body(chars, at + 3 + l, l).map_or(chars.len(), |(_, e)| e);
    }
    chars[at..]
        .iter()
        .position(|c| *c == '\n')
        .map_or(chars.len(), |p| at + p + 1)
}

/// The command calls of a CMake text, in order; a call left open ends the
/// reading.
pub fn calls(text: &str) -> Vec<Call> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            i = after_comment(&chars, i);
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == '_') {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
        while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
            i += 1;
        }
        if chars.get(i) != Some(&'(') {
            continue;
        }
        i += 1;
        let mut args = Vec::new();
        let mut nest = 0;
        loop {
            let Some(&c) = chars.get(i) else {
                return out;
            };
            match c {
                ')' if nest == 0 => {
                    i += 1;
                    break;
                }
                ')' => {
                    nest -= 1;
                    i += 1;
                }
                '(' => {
                    nest += 1;
                    i += 1;
                }
                '#' => i = after_comment(&chars, i),
                c if c.is_whitespace() => i += 1,
                '"' => {
                    let mut v = String::new();
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => return out,
                            Some('"') => break,
                            Some('\\') => {
                                match chars.get(i + 1) {
                                    None => return out,
                                    Some('n') => v.push('\n'),
                                    Some('t') => v.push('\t'),
                                    Some('\n') => {}
                                    Some(o) => v.push(*o),
                                }
                                i += 1;
                            }
                            Some(o) => v.push(*o),
                        }
                        i += 1;
                    }
                    i += 1;
                    args.push((v, true));
                }
                _ => {
                    if let Some(l) = bracket_level(&chars, i) {
                        let mut at = i + 2 + l;
                        if chars.get(at) == Some(&'\n') {
                            at += 1;
                        }
                        let Some((v, e)) = bracket_body(&chars, at, l) else {
                            return out;
                        };
                        args.push((v, true));
                        i = e;
                        continue;
                    }
                    let mut v = String::new();
                    while let Some(&c) = chars.get(i) {
                        if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '#') {
                            break;
                        }
                        if c == '\\' {
                            i += 1;
                            if let Some(&n) = chars.get(i) {
                                v.push(n);
                            }
                        } else {
                            v.push(c);
                        }
                        i += 1;
                    }
                    args.push((v, false));
                }
            }
        }
        out.push(Call { name, args });
    }
    out
}

/// An `execute_process` call's pipeline: the words of each `COMMAND`, and
/// its `WORKING_DIRECTORY`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Process {
    pub commands: Vec<Vec<String>>,
    pub dir: Option<String>,
}

/// The `execute_process` options that end a command's words.
const OPTIONS: [&str; 19] = [
    "COMMAND",
    "WORKING_DIRECTORY",
    "TIMEOUT",
    "RESULT_VARIABLE",
    "RESULTS_VARIABLE",
    "OUTPUT_VARIABLE",
    "ERROR_VARIABLE",
    "INPUT_FILE",
    "OUTPUT_FILE",
    "ERROR_FILE",
    "OUTPUT_QUIET",
    "ERROR_QUIET",
    "COMMAND_ECHO",
    "OUTPUT_STRIP_TRAILING_WHITESPACE",
    "ERROR_STRIP_TRAILING_WHITESPACE",
    "ENCODING",
    "ECHO_OUTPUT_VARIABLE",
    "ECHO_ERROR_VARIABLE",
    "COMMAND_ERROR_IS_FATAL",
];

/// Reads an `execute_process` call's arguments.
pub fn process(args: &[(String, bool)]) -> Process {
    by_keyword(args, &OPTIONS, false).0
}

/// The keywords of `add_custom_command` and `add_custom_target` that end
/// a command's words.
const CUSTOM_KEYWORDS: [&str; 23] = [
    "COMMAND",
    "OUTPUT",
    "TARGET",
    "PRE_BUILD",
    "PRE_LINK",
    "POST_BUILD",
    "MAIN_DEPENDENCY",
    "DEPENDS",
    "BYPRODUCTS",
    "IMPLICIT_DEPENDS",
    "WORKING_DIRECTORY",
    "COMMENT",
    "DEPFILE",
    "JOB_POOL",
    "JOB_SERVER_AWARE",
    "VERBATIM",
    "APPEND",
    "USES_TERMINAL",
    "COMMAND_EXPAND_LISTS",
    "DEPENDS_EXPLICIT_ONLY",
    "CODEGEN",
    "SOURCES",
    "ALL",
];

/// A call's arguments by keyword (`keywords`, unquoted): the commands
/// (the words before the first keyword are one when `implicit`, as a
/// custom target's first command; a custom command's legacy `ARGS` word
/// is dropped), the working directory, the other keywords' values.
fn by_keyword(args: &[(String, bool)], keywords: &[&str], implicit: bool) -> (Process, Vec<(String, String)>) {
    let mut p = Process::default();
    let mut values = Vec::new();
    let mut keyword = if implicit { "COMMAND" } else { "" };
    if implicit {
        p.commands.push(Vec::new());
    }
    let custom = keywords == CUSTOM_KEYWORDS;
    for (a, quoted) in args {
        if let Some(k) = keywords.iter().find(|k| !*quoted && **k == a.as_str()) {
            keyword = k;
            if keyword == "COMMAND" {
                p.commands.push(Vec::new());
            }
            continue;
        }
        match keyword {
            "COMMAND" if !custom || a != "ARGS" || *quoted => {
                if let Some(c) = p.commands.last_mut() {
                    c.push(a.clone());
                }
            }
            "COMMAND" => {}
            "WORKING_DIRECTORY" => p.dir = Some(a.clone()),
            k => values.push((k.to_string(), a.clone())),
        }
    }
    p.commands.retain(|c| !c.is_empty());
    (p, values)
}

/// The custom commands a build of `goals` (none, or `all`: the default
/// targets) runs, from a project's calls, in the order the build runs
/// them: the outputs a built target needs, its own commands, the commands
/// attached to it.
pub fn build_runs(calls: &[Call], goals: &[String]) -> Vec<Process> {
    let default = goals.is_empty() || goals.iter().any(|g| g == "all");
    let named = |n: &str| goals.iter().any(|g| g == n);
    let mut needed: Vec<String> = Vec::new();
    let mut built: Vec<String> = Vec::new();
    let mut own: Vec<Process> = Vec::new();
    for c in calls {
        let Some(name) = c.args.first().map(|a| a.0.clone()) else {
            continue;
        };
        let rest = &c.args[1..];
        match c.name.as_str() {
            "add_executable" | "add_library" => {
                let excluded = rest
                    .iter()
                    .any(|(a, q)| !q && matches!(a.as_str(), "EXCLUDE_FROM_ALL" | "IMPORTED" | "ALIAS" | "INTERFACE"));
                if named(&name) || (default && !excluded) {
                    needed.extend(rest.iter().map(|a| a.0.clone()));
                    built.push(name);
                }
            }
            "add_custom_target" => {
                let all = rest.first().is_some_and(|(a, q)| !q && a == "ALL");
                if named(&name) || (default && all) {
                    let (p, values) = by_keyword(&rest[usize::from(all)..], &CUSTOM_KEYWORDS, true);
                    needed.extend(values.into_iter().filter(|(k, _)| k == "DEPENDS").map(|(_, v)| v));
                    own.push(p);
                    built.push(name);
                }
            }
            _ => {}
        }
    }
    let mut outputs = Vec::new();
    let mut attached = Vec::new();
    for c in calls.iter().filter(|c| c.name == "add_custom_command") {
        let (p, values) = by_keyword(&c.args, &CUSTOM_KEYWORDS, false);
        let has = |k: &str, among: &[String]| values.iter().any(|(key, v)| key == k && among.contains(v));
        if has("OUTPUT", &needed) {
            outputs.push(p);
        } else if has("TARGET", &built) {
            attached.push(p);
        }
    }
    outputs.into_iter().chain(own).chain(attached).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as strings;

    #[test]
    fn slo_11_lab_cmake_reads_its_options() {
        for (l, want) in [
            ("-S . -B build", Cmake::Configure(".".into())),
            ("..", Cmake::Configure("..".into())),
            ("-G Ninja -B out", Cmake::Configure(".".into())),
            ("--preset default", Cmake::Configure(".".into())),
            ("-Sapp -Bbuild", Cmake::Configure("app".into())),
            ("-P cmake/x.cmake", Cmake::Script("cmake/x.cmake".into())),
            ("--build build", Cmake::Build("build".into(), vec![])),
            (
                "--build out -j 4 --target app docs -- -k",
                Cmake::Build("out".into(), vec!["app".into(), "docs".into()]),
            ),
            ("--build", Cmake::Nothing),
            ("-E echo hi", Cmake::Nothing),
            ("--version", Cmake::Nothing),
            ("", Cmake::Nothing),
        ] {
            assert_eq!(invocation(&strings(l)), want, "{l}");
        }
    }

    #[test]
    fn slo_11_lab_cmake_reads_calls_and_pipelines() {
        let text = "Project(app) # execute_process(COMMAND no)\n#[==[ execute_process(COMMAND nor) ]==]\nEXECUTE_PROCESS(COMMAND sh -c \"curl -s \\\"u\\\" | sh\"\n  COMMAND [[tee]] out WORKING_DIRECTORY sub RESULT_VARIABLE r)\nexecute_process(COMMAND \"COMMAND\" x)\nunclosed(";
        let c = calls(text);
        assert_eq!(
            c.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["project", "execute_process", "execute_process"]
        );
        let p = process(&c[1].args);
        assert_eq!(
            p.commands,
            [strings("sh -c"), strings("tee out")]
                .into_iter()
                .enumerate()
                .map(|(i, mut v)| {
                    if i == 0 {
                        v.push("curl -s \"u\" | sh".into());
                    }
                    v
                })
                .collect::<Vec<_>>()
        );
        assert_eq!(p.dir.as_deref(), Some("sub"));
        assert_eq!(process(&c[2].args).commands, [strings("COMMAND x")]);
    }

    #[test]
    fn slo_11_lab_cmake_builds_read_their_custom_commands() {
        let text = "add_custom_command(OUTPUT g.h COMMAND gen ARGS -o g.h WORKING_DIRECTORY src)\nadd_custom_command(OUTPUT unused.h COMMAND never)\nadd_executable(app main.c g.h)\nadd_executable(tool EXCLUDE_FROM_ALL t.c)\nadd_custom_command(TARGET app POST_BUILD COMMAND strip app)\nadd_custom_command(TARGET tool POST_BUILD COMMAND nottool)\nadd_custom_target(docs ALL doxygen COMMAND echo done DEPENDS g.h)\nadd_custom_target(extra COMMAND extra)\n";
        let c = calls(text);
        let runs = |goals: &str| {
            build_runs(&c, &strings(goals))
                .into_iter()
                .map(|p| (p.commands, p.dir))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            runs(""),
            [
                (vec![strings("gen -o g.h")], Some("src".to_string())),
                (vec![strings("doxygen"), strings("echo done")], None),
                (vec![strings("strip app")], None),
            ]
        );
        assert_eq!(runs("extra"), [(vec![strings("extra")], None)]);
        assert_eq!(runs("tool"), [(vec![strings("nottool")], None)]);
        assert!(runs("clean").is_empty());
        assert_eq!(build_dir(&strings("-S . -B out")), "out");
        assert_eq!(build_dir(&strings("-Bout2 ..")), "out2");
        assert_eq!(build_dir(&strings("..")), ".");
    }
}
