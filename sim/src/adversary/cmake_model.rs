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
//! nothing: `--build` (the build tool runs `add_custom_command` rules,
//! which are not modelled), `--install`, `-E`, `--version`, `--help`.
//! Not modelled: `if`/`foreach`/functions (every call is processed),
//! variable expansion, presets' own fields, include by module name.

/// What a cmake line processes.
#[derive(Debug, PartialEq, Eq)]
pub enum Cmake {
    /// Configure the project whose source directory is this.
    Configure(String),
    /// Run this file in script mode.
    Script(String),
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
            "--build" | "--install" | "-E" | "--version" | "-version" | "--help" | "-h" | "--open" | "--workflow" => {
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

/// One command call of a CMake text: its name (lower case) and arguments
/// (each with whether it was quoted).
#[derive(Debug, PartialEq, Eq)]
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
    let mut p = Process::default();
    let mut option = "";
    for (a, quoted) in args {
        if let Some(o) = OPTIONS.iter().find(|o| !*quoted && **o == a.as_str()) {
            option = o;
            if option == "COMMAND" {
                p.commands.push(Vec::new());
            }
            continue;
        }
        match option {
            "COMMAND" => {
                if let Some(c) = p.commands.last_mut() {
                    c.push(a.clone());
                }
            }
            "WORKING_DIRECTORY" => p.dir = Some(a.clone()),
            _ => {}
        }
    }
    p.commands.retain(|c| !c.is_empty());
    p
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
            ("--build build", Cmake::Nothing),
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
}
