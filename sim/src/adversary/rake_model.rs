//! The lab's model of rake, written from rake's documentation (its command
//! line options, "Rakefile format", `FileUtils#sh`), not from the engine's
//! reading: which rakefiles a `rake` line loads, and which task bodies it
//! runs.
//!
//! Modelled: rake (and `bundle exec rake`) looks in its directory (`-C
//! DIR`: that one) for `rakefile`, `Rakefile`, `rakefile.rb`,
//! `Rakefile.rb` (the first found; `-f FILE`: that file) and loads it and
//! every `rakelib/*.rake`, running their top-level code; then the tasks
//! named on the line (`NAME=VALUE` operands set variables; none: `default`)
//! each after its prerequisites, each once. `-T`, `-D`, `-P`, `-W` and
//! `-n` load the files and run no task; `-V` and `-h` load nothing. A task
//! is `task NAME` (`:name`, a string, `name:` or `:name =>` with its
//! prerequisites) with a `do … end` body closed by an `end` at the same
//! indentation, inside `namespace :ns do … end` blocks (names `ns:name`).
//! Not modelled: searching parent directories, `{ … }` bodies, `file`,
//! `rule` and `multitask`, `import`, tasks invoked from other tasks, `-e`.

/// What a `rake` line (after `rake`) asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rake {
    /// `-f FILE`: the rakefile to load instead of the default names.
    pub rakefile: Option<String>,
    /// `-C DIR`: the directory rake changes to first.
    pub directory: Option<String>,
    /// The tasks asked for, in order (none written: `default`).
    pub tasks: Vec<String>,
    /// The files are loaded but no task runs (`-T`, `-n`, …).
    pub load_only: bool,
    /// Nothing is loaded (`-V`, `-h`).
    pub exits: bool,
}

/// The names rake looks for, in its order.
pub const RAKEFILES: [&str; 4] = ["rakefile", "Rakefile", "rakefile.rb", "Rakefile.rb"];

/// rake's options that take a value (short and long spellings).
const VALUED: &[&str] = &[
    "-f",
    "--rakefile",
    "-C",
    "--directory",
    "-R",
    "--rakelibdir",
    "-I",
    "--libdir",
    "-r",
    "--require",
    "-e",
    "--execute",
    "-p",
    "--execute-print",
    "-E",
    "--execute-continue",
    "-j",
    "--jobs",
];

/// Reads the words after `rake`.
pub fn invocation(args: &[String]) -> Rake {
    let mut r = Rake::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with('-') && a.len() > 1 {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            let value = if VALUED.contains(&name) {
                inline.or_else(|| it.next().cloned())
            } else {
                None
            };
            match name {
                "-f" | "--rakefile" => r.rakefile = value,
                "-C" | "--directory" => r.directory = value,
                "-T" | "--tasks" | "-D" | "--describe" | "-P" | "--prereqs" | "-W" | "--where" | "-n" | "--dry-run" => {
                    r.load_only = true
                }
                "-V" | "--version" | "-h" | "-H" | "--help" => r.exits = true,
                _ => {}
            }
        } else if !a.contains('=') {
            let name = a.split('[').next().unwrap_or(a);
            r.tasks.push(name.to_string());
        }
    }
    if r.tasks.is_empty() {
        r.tasks.push("default".to_string());
    }
    r
}

/// A task as the files declare it (all its declarations merged).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Task {
    /// Its full name (`ns:name`).
    pub name: String,
    /// Its prerequisites as written.
    pub deps: Vec<String>,
    /// Its bodies' text.
    pub body: String,
}

/// A rakefile read: its top-level code and its tasks.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The text outside task bodies (run when the file loads).
    pub top: String,
    /// The tasks, in declaration order.
    pub tasks: Vec<Task>,
}

/// The symbol or string names in `s` (`:a`, `"a"`, `'a'`, `[:a, :b]`).
fn names(s: &str) -> Vec<String> {
    s.split([',', '[', ']', ' '])
        .map(|w| w.trim().trim_start_matches(':').trim_matches(['"', '\'']))
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || "_:-.".contains(c)))
        .map(String::from)
        .collect()
}

/// A task declaration's name and prerequisites (after `task`).
fn declaration(rest: &str) -> Option<(String, Vec<String>)> {
    let rest = rest.trim();
    let rest = rest
        .strip_suffix(" do")
        .or_else(|| rest.split(" do |").next())
        .unwrap_or(rest);
    let rest = rest.trim().trim_start_matches('(').trim_end_matches(')').trim();
    let (name, deps) = if let Some((n, d)) = rest.split_once("=>") {
        (n.trim(), d)
    } else if let Some(at) = rest.find(": ").filter(|_| !rest.starts_with([':', '"', '\''])) {
        (&rest[..at], &rest[at + 2..])
    } else {
        (rest.split(',').next().unwrap_or(rest), "")
    };
    let name = names(name).into_iter().next()?;
    Some((name, names(deps)))
}

/// Reads a rakefile's text (see the module comment).
pub fn parse(text: &str) -> Parsed {
    let mut p = Parsed::default();
    // Open blocks: (indentation, namespace name or none for a task body).
    let mut open: Vec<(usize, Option<String>)> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if let Some(i) = current {
            if t == "end" && open.last().is_some_and(|(n, k)| *n == indent && k.is_none()) {
                open.pop();
                current = None;
            } else {
                p.tasks[i].body.push_str(line);
                p.tasks[i].body.push('\n');
            }
            continue;
        }
        if t == "end" && open.last().is_some_and(|(n, k)| *n == indent && k.is_some()) {
            open.pop();
            continue;
        }
        let opens = t.ends_with(" do") || t.contains(" do |");
        if let Some(rest) = t.strip_prefix("namespace ").filter(|_| opens) {
            let ns = names(rest.split(" do").next().unwrap_or("")).into_iter().next();
            open.push((indent, Some(ns.unwrap_or_default())));
            continue;
        }
        if let Some((name, deps)) = t.strip_prefix("task ").and_then(declaration) {
            let prefix: Vec<&str> = open.iter().filter_map(|(_, n)| n.as_deref()).collect();
            let full = if prefix.is_empty() {
                name
            } else {
                format!("{}:{name}", prefix.join(":"))
            };
            let i = match p.tasks.iter().position(|k| k.name == full) {
                Some(i) => i,
                None => {
                    p.tasks.push(Task {
                        name: full,
                        ..Task::default()
                    });
                    p.tasks.len() - 1
                }
            };
            p.tasks[i].deps.extend(deps);
            if opens {
                open.push((indent, None));
                current = Some(i);
            }
            continue;
        }
        p.top.push_str(line);
        p.top.push('\n');
    }
    p
}

/// The bodies the tasks `wanted` run, prerequisites first, each task once;
/// a prerequisite is looked up in its task's namespace, then at the top.
pub fn run_order<'p>(p: &'p Parsed, wanted: &[String]) -> Vec<&'p str> {
    fn visit<'p>(p: &'p Parsed, name: &str, scope: &str, seen: &mut Vec<String>, out: &mut Vec<&'p str>) {
        let scoped = if scope.is_empty() {
            name.to_string()
        } else {
            format!("{scope}:{name}")
        };
        let Some(t) = p
            .tasks
            .iter()
            .find(|t| t.name == scoped)
            .or_else(|| p.tasks.iter().find(|t| t.name == name))
        else {
            return;
        };
        if seen.contains(&t.name) || seen.len() > 256 {
            return;
        }
        seen.push(t.name.clone());
        let own_scope = t.name.rsplit_once(':').map_or("", |(s, _)| s);
        for d in &t.deps {
            visit(p, d, own_scope, seen, out);
        }
        out.push(&t.body);
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for w in wanted {
        visit(p, w, "", &mut seen, &mut out);
    }
    out
}

/// The lines rake's `sh` hands a shell in `body`: `sh "LINE"` or
/// `sh('LINE')` with one string argument (with several, the words run as a
/// program, not through a shell).
pub fn sh_lines(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        let Some(rest) = t.strip_prefix("sh ").or_else(|| t.strip_prefix("sh(")) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(q) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let Some(end) = rest[1..].find(q) else {
            continue;
        };
        let after = rest[1 + end + 1..].trim_start();
        if !after.starts_with(',') {
            out.push(rest[1..1 + end].to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as strings;

    #[test]
    fn slo_11_lab_rake_reads_its_options_and_tasks() {
        let r = invocation(&strings("-f ci/Rakefile -C app db:seed[3] RAILS_ENV=test build"));
        assert_eq!(r.rakefile.as_deref(), Some("ci/Rakefile"));
        assert_eq!(r.directory.as_deref(), Some("app"));
        assert_eq!(r.tasks, ["db:seed", "build"]);
        assert!(!r.load_only && !r.exits);
        assert_eq!(invocation(&[]).tasks, ["default"]);
        assert!(invocation(&strings("-T")).load_only);
        assert!(invocation(&strings("--dry-run setup")).load_only);
        assert!(invocation(&strings("--version")).exits);
    }

    #[test]
    fn slo_11_lab_rake_runs_tasks_after_their_prerequisites() {
        let text = "require \"rake\"\nputs `hostname`\n\ntask default: [:setup, :test]\n\ntask :setup do\n  sh \"echo setup\"\nend\n\ntask :test => :setup do\n  sh \"echo test\"\nend\n\nnamespace :db do\n  task :seed => [:migrate] do\n    system(\"echo seed\")\n  end\n  task :migrate do |t|\n    sh \"echo migrate\"\n  end\nend\n\ntask :other do\n  sh \"echo other\", \"x\"\nend\n";
        let p = parse(text);
        assert_eq!(p.top, "require \"rake\"\nputs `hostname`\n\n\n\n\n\n");
        let names: Vec<&str> = p.tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["default", "setup", "test", "db:seed", "db:migrate", "other"]);
        let lines = |w: &[&str]| -> Vec<String> {
            let wanted: Vec<String> = w.iter().map(|s| s.to_string()).collect();
            run_order(&p, &wanted).iter().flat_map(|b| sh_lines(b)).collect()
        };
        assert_eq!(lines(&["default"]), ["echo setup", "echo test"]);
        assert_eq!(lines(&["test", "setup"]), ["echo setup", "echo test"]);
        assert_eq!(lines(&["db:seed"]), ["echo migrate"]);
        assert!(lines(&["other"]).is_empty());
        assert!(lines(&["missing"]).is_empty());
        assert!(run_order(&p, &["db:seed".to_string()])[1].contains("system(\"echo seed\")"));
    }
}
