//! Scanning a package as Node loads it: the directory walk (every file Node or
//! a TypeScript loader would run, symlinked directories inside the root
//! followed, links leaving the root reported), the entry points named by
//! package.json (`main`, every `exports` condition, `bin`), every relative
//! `require`/`import` followed with Node's resolution (exact name, then .js
//! .mjs .cjs .json .node and the TypeScript extensions, then directory
//! `package.json` main and `index.*`), and the lifecycle scripts read as shell
//! commands. Code that a lifecycle script runs (`node FILE`, `node -e CODE`),
//! and everything it loads, is install-time code: its network and process
//! effects are `install-time-effect` findings.

use super::lifecycle::analyze_script;
use super::{scan_source_full, scan_source_with_imports, Effect, FileReport, Finding, RuleId, Scanned, MAX_FILE_BYTES};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

/// Extensions a directory walk picks up (what Node or a TypeScript loader runs).
pub const SOURCE_EXTENSIONS: [&str; 8] = ["js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx"];

/// Extensions tried, in order, when a specifier names no existing file.
const RESOLVE_EXTENSIONS: [&str; 10] = ["js", "mjs", "cjs", "json", "node", "ts", "mts", "cts", "tsx", "jsx"];

/// Lifecycle scripts npm runs on install.
pub const LIFECYCLE_SCRIPTS: [&str; 4] = ["preinstall", "install", "postinstall", "prepare"];

/// Directory depth limit of the walk (symlink loops are cut by canonical paths too).
const MAX_DEPTH: usize = 64;

/// Scan files and directories. A file given explicitly is scanned whatever its
/// extension; a directory is scanned as a package (see the module doc). Errors
/// become per-file reports and the scan goes on. Reports are sorted by file
/// within each directory argument, in argument order. The walk runs on an
/// analysis stack ([`super::on_analysis_stack`]): files are analysed in place.
pub fn scan_paths(paths: &[PathBuf]) -> Vec<FileReport> {
    super::on_analysis_stack(|| scan_paths_here(paths))
}

fn scan_paths_here(paths: &[PathBuf]) -> Vec<FileReport> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => out.extend(scan_dir(p)),
            Ok(_) => out.push(read_and_scan(p).report),
            Err(e) => out.push(FileReport::unscanned(
                &p.display().to_string(),
                format!("cannot access path: {e}"),
            )),
        }
    }
    out
}

fn read_and_scan(path: &Path) -> Scanned {
    read_and_scan_with(path, &[])
}

fn read_and_scan_with(path: &Path, imports: &[(String, u8)]) -> Scanned {
    let label = path.display().to_string();
    let empty = |report| Scanned {
        report,
        specifiers: Vec::new(),
        effects: Vec::new(),
        export_taint: 0,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() >= MAX_FILE_BYTES => empty(FileReport::unscanned(
            &label,
            format!(
                "file too large: {} bytes (limit {} bytes); not scanned",
                m.len(),
                MAX_FILE_BYTES
            ),
        )),
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => scan_source_with_imports(&label, &bytes, imports),
            Err(e) => empty(FileReport::unscanned(&label, format!("cannot read file: {e}"))),
        },
        Err(e) => empty(FileReport::unscanned(&label, format!("cannot read file: {e}"))),
    }
}

/// Lexical normalisation (`a/./b/../c` → `a/c`), without touching the disk.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

struct Walk {
    root: PathBuf,
    canon_root: PathBuf,
    /// Files to scan: label path → install time?
    files: BTreeMap<PathBuf, bool>,
    /// Canonical paths already queued (a file reached twice is scanned once).
    seen: BTreeMap<PathBuf, PathBuf>,
    /// Package-level findings, by the file they are reported on.
    extra: BTreeMap<PathBuf, Vec<Finding>>,
    errors: Vec<FileReport>,
}

impl Walk {
    fn inside(&self, p: &Path) -> bool {
        std::fs::canonicalize(p).is_ok_and(|c| c.starts_with(&self.canon_root))
    }

    fn finding(&mut self, on: &Path, f: Finding) {
        self.extra.entry(on.to_path_buf()).or_default().push(f);
    }

    /// Queue a file; returns true when it is new (or newly install-time).
    fn queue(&mut self, label: PathBuf, install: bool) -> bool {
        let canon = std::fs::canonicalize(&label).unwrap_or_else(|_| label.clone());
        if let Some(existing) = self.seen.get(&canon).cloned() {
            let e = self.files.entry(existing).or_insert(false);
            if install && !*e {
                *e = true;
                return true;
            }
            return false;
        }
        self.seen.insert(canon, label.clone());
        self.files.insert(label, install);
        true
    }

    fn walk(&mut self, dir: &Path, depth: usize, visited: &mut BTreeSet<PathBuf>) {
        if depth > MAX_DEPTH {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.errors.push(FileReport::unscanned(
                    &dir.display().to_string(),
                    format!("cannot read directory: {e}"),
                ));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            let Ok(lm) = std::fs::symlink_metadata(&c) else {
                continue;
            };
            if lm.file_type().is_symlink() {
                if !self.inside(&c) {
                    let target = std::fs::read_link(&c)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    let f = Finding::new(
                        RuleId::SymlinkEscape,
                        1,
                        1,
                        format!("{} -> {target} (outside the package root)", c.display()),
                    );
                    self.finding(&c, f);
                    continue;
                }
                match std::fs::metadata(&c) {
                    Ok(m) if m.is_dir() => {
                        if let Ok(canon) = std::fs::canonicalize(&c) {
                            if visited.insert(canon) {
                                self.walk(&c, depth + 1, visited);
                            }
                        }
                    }
                    Ok(m) if m.is_file() && super::is_source_file(&c) => {
                        self.queue(c, false);
                    }
                    _ => {}
                }
            } else if lm.is_dir() {
                if let Ok(canon) = std::fs::canonicalize(&c) {
                    if visited.insert(canon) {
                        self.walk(&c, depth + 1, visited);
                    }
                }
            } else if lm.is_file() && super::is_source_file(&c) {
                self.queue(c, false);
            }
        }
    }
}

/// Node's resolution of a relative or absolute specifier from `dir`.
pub fn resolve(dir: &Path, spec: &str) -> Option<PathBuf> {
    let spec = spec.split(['?', '#']).next().unwrap_or(spec);
    let base = normalize(&dir.join(spec));
    resolve_file(&base).or_else(|| resolve_dir(&base))
}

fn resolve_file(base: &Path) -> Option<PathBuf> {
    if base.is_file() {
        return Some(base.to_path_buf());
    }
    let s = base.as_os_str().to_string_lossy().into_owned();
    for ext in RESOLVE_EXTENSIONS {
        let p = PathBuf::from(format!("{s}.{ext}"));
        if p.is_file() {
            return Some(p);
        }
    }
    // TypeScript ESM convention: `./x.js` written for `x.ts`.
    for (js, ts) in [
        (".js", ["ts", "tsx"]),
        (".mjs", ["mts", "mts"]),
        (".cjs", ["cts", "cts"]),
    ] {
        if let Some(stem) = s.strip_suffix(js) {
            for t in ts {
                let p = PathBuf::from(format!("{stem}.{t}"));
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    None
}

fn resolve_dir(base: &Path) -> Option<PathBuf> {
    if !base.is_dir() {
        return None;
    }
    if let Some(main) = std::fs::read_to_string(base.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("main").and_then(|m| m.as_str()).map(str::to_string))
    {
        let m = normalize(&base.join(&main));
        if let Some(p) = resolve_file(&m).or_else(|| (m != base).then(|| resolve_index(&m)).flatten()) {
            return Some(p);
        }
    }
    resolve_index(base)
}

fn resolve_index(base: &Path) -> Option<PathBuf> {
    RESOLVE_EXTENSIONS
        .iter()
        .map(|ext| base.join(format!("index.{ext}")))
        .find(|p| p.is_file())
}

/// The 1-based line of the first occurrence of `needle` in `text` (1 if absent).
fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle)
        .map_or(1, |i| text[..i].matches('\n').count() as u32 + 1)
}

/// Every string leaf of an `exports` value (all conditions, all subpaths).
fn export_targets(v: &serde_json::Value, out: &mut Vec<String>, depth: u32) {
    if depth > 16 {
        return;
    }
    match v {
        serde_json::Value::String(s) if !s.contains('*') => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| export_targets(x, out, depth + 1)),
        serde_json::Value::Object(m) => m.values().for_each(|x| export_targets(x, out, depth + 1)),
        _ => {}
    }
}

/// What package.json makes Node load, and its lifecycle findings.
fn package_entries(w: &mut Walk) -> Vec<(PathBuf, bool)> {
    let pj = w.root.join("package.json");
    let Ok(text) = std::fs::read_to_string(&pj) else {
        return Vec::new();
    };
    let v: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            // Node refuses to load a package whose package.json does not parse,
            // but npm and other tools read it differently: what it names cannot
            // be known, so the package fails closed.
            w.errors.push(FileReport::unscanned_at(
                &pj.display().to_string(),
                format!(
                    "package.json does not parse (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
                e.line().max(1) as u32,
                e.column().max(1) as u32,
            ));
            return Vec::new();
        }
    };
    // (specifier, install time?, the package.json field that names it)
    let mut entries: Vec<(String, bool, &str)> = Vec::new();
    match v.get("main").and_then(|m| m.as_str()) {
        Some(m) => entries.push((m.to_string(), false, "main")),
        None => entries.push(("./index".to_string(), false, "main")),
    }
    if let Some(e) = v.get("exports") {
        let mut t = Vec::new();
        export_targets(e, &mut t, 0);
        entries.extend(t.into_iter().map(|s| (s, false, "exports")));
    }
    match v.get("bin") {
        Some(serde_json::Value::String(s)) => entries.push((s.clone(), false, "bin")),
        Some(serde_json::Value::Object(m)) => entries.extend(
            m.values()
                .filter_map(|x| x.as_str())
                .map(|s| (s.to_string(), false, "bin")),
        ),
        _ => {}
    }
    let mut findings = Vec::new();
    if let Some(scripts) = v.get("scripts").and_then(|s| s.as_object()) {
        for name in LIFECYCLE_SCRIPTS {
            let Some(cmd) = scripts.get(name).and_then(|c| c.as_str()) else {
                continue;
            };
            let line = line_of(&text, &format!("\"{name}\""));
            let snippet = format!("{name}: {cmd}");
            findings.push(Finding::new(RuleId::InstallScript, line, 1, snippet.clone()));
            let a = analyze_script(cmd);
            for e in &a.effects {
                let mut f = Finding::new(
                    RuleId::InstallTimeEffect,
                    line,
                    1,
                    format!("{snippet} ({})", e.as_str()),
                );
                f.capability = Some(e.capability());
                findings.push(f);
            }
            for js in &a.inline_js {
                let s = scan_source_full(&format!("{}#{name}.js", pj.display()), js.as_bytes());
                for (_, mut f) in s.effects {
                    f.rule = RuleId::InstallTimeEffect;
                    f.severity = RuleId::InstallTimeEffect.severity();
                    f.line = line;
                    findings.push(f);
                }
                for mut f in s.report.findings {
                    f.line = line;
                    findings.push(f);
                }
            }
            entries.extend(a.node_files.into_iter().map(|f| (f, true, name)));
        }
    }
    let root = w.root.clone();
    let mut out = Vec::new();
    for (spec, install, field) in entries {
        let rel = if spec.starts_with('.') || spec.starts_with('/') {
            spec.clone()
        } else {
            format!("./{spec}")
        };
        let Some(p) = resolve(&root, &rel) else { continue };
        // Node loads a `.node` entry point with process.dlopen.
        if is_native_addon(&p) {
            let line = line_of(&text, &format!("\"{spec}\""));
            let snippet = format!("{field}: {spec} (native addon: {})", p.display());
            findings.push(Finding::new(RuleId::NativeAddon, line, 1, snippet));
        }
        out.push((p, install));
    }
    if !findings.is_empty() {
        w.extra.entry(pj).or_default().extend(findings);
    }
    out
}

/// Is `p` a compiled addon (`.node`, in any case)?
fn is_native_addon(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("node"))
}

/// The nearest `package.json` at or above `dir`, not above `root`: its directory and value.
fn nearest_manifest(root: &Path, dir: &Path) -> Option<(PathBuf, serde_json::Value)> {
    let mut d = dir;
    loop {
        if let Ok(t) = std::fs::read_to_string(d.join("package.json")) {
            return serde_json::from_str(&t).ok().map(|v| (d.to_path_buf(), v));
        }
        if d == root {
            return None;
        }
        d = d.parent()?;
        if !d.starts_with(root) {
            return None;
        }
    }
}

/// The files Node may load for a specifier written in a file of `dir`
/// inside the package at `root`: a relative or absolute path (see
/// [`resolve`]); a `#name` of the nearest package.json's `imports` (every
/// condition); a bare name found in a `node_modules` directory at or above
/// `dir` inside the package (a bundled dependency: its `main` or index, every
/// `exports` target, or the subpath). Builtins and packages not bundled give
/// nothing.
fn resolve_specifier(root: &Path, dir: &Path, spec: &str) -> Vec<PathBuf> {
    if spec.starts_with('.') || spec.starts_with('/') {
        return resolve(dir, spec).into_iter().collect();
    }
    if spec.starts_with('#') {
        let Some((pkg, v)) = nearest_manifest(root, dir) else {
            return Vec::new();
        };
        let Some(target) = v.get("imports").and_then(|i| i.get(spec)) else {
            return Vec::new();
        };
        let mut leaves = Vec::new();
        export_targets(target, &mut leaves, 0);
        return leaves
            .iter()
            .flat_map(|l| {
                if l.starts_with('.') {
                    resolve(&pkg, l).into_iter().collect()
                } else if !l.starts_with('#') {
                    resolve_specifier(root, &pkg, l)
                } else {
                    Vec::new()
                }
            })
            .collect();
    }
    if spec.starts_with("node:") || spec.contains(':') {
        return Vec::new();
    }
    // A bare name: `name[/sub]` or `@scope/name[/sub]`.
    let mut parts = spec.splitn(if spec.starts_with('@') { 3 } else { 2 }, '/');
    let name: Vec<&str> = parts.by_ref().take(if spec.starts_with('@') { 2 } else { 1 }).collect();
    let name = name.join("/");
    let sub = parts.next();
    let mut d = dir;
    loop {
        let cand = d.join("node_modules").join(&name);
        if cand.is_dir() {
            if let Some(sub) = sub {
                return resolve(&cand, &format!("./{sub}")).into_iter().collect();
            }
            let mut out: Vec<PathBuf> = resolve_dir(&cand).into_iter().collect();
            if let Some(e) = std::fs::read_to_string(cand.join("package.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v.get("exports").cloned())
            {
                let mut t = Vec::new();
                export_targets(&e, &mut t, 0);
                out.extend(t.iter().filter_map(|x| resolve(&cand, x)));
            }
            return out;
        }
        if d == root {
            return Vec::new();
        }
        match d.parent() {
            Some(p) if p.starts_with(root) => d = p,
            _ => return Vec::new(),
        }
    }
}

/// Rounds of cross-module propagation (a secret re-exported through a chain
/// of modules needs one round per hop).
const GRAPH_ROUNDS: usize = 4;

/// Behaviour chains across the package's module graph: a module whose exports
/// carry a secret or host identity taints the bindings of every module that
/// loads it with a constant relative specifier; those modules are analysed
/// again with that knowledge, so a sink in the importer closes the chain
/// (`exfiltration-chain` in the importer, at the sink).
fn propagate_exports(w: &Walk, scanned: &mut BTreeMap<PathBuf, Scanned>) {
    let mut used: BTreeMap<PathBuf, Vec<(String, u8)>> = BTreeMap::new();
    for _ in 0..GRAPH_ROUNDS {
        let exports: BTreeMap<PathBuf, u8> = scanned
            .iter()
            .filter(|(_, s)| s.export_taint != 0)
            .map(|(p, s)| (p.clone(), s.export_taint))
            .collect();
        if exports.is_empty() {
            return;
        }
        let mut redo: Vec<(PathBuf, Vec<(String, u8)>)> = Vec::new();
        for (p, s) in scanned.iter() {
            let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
            let mut imports: Vec<(String, u8)> = s
                .specifiers
                .iter()
                .filter_map(|sp| {
                    let target = resolve_specifier(&w.root, &dir, &sp.spec).into_iter().next()?;
                    let canon = std::fs::canonicalize(&target).ok()?;
                    let label = w.seen.get(&canon)?;
                    let t = exports.get(label).copied()?;
                    Some((sp.spec.clone(), t))
                })
                .collect();
            imports.sort();
            imports.dedup();
            if !imports.is_empty() && used.get(p) != Some(&imports) {
                redo.push((p.clone(), imports));
            }
        }
        if redo.is_empty() {
            return;
        }
        for (p, imports) in redo {
            let s = read_and_scan_with(&p, &imports);
            scanned.insert(p.clone(), s);
            used.insert(p, imports);
        }
    }
}

/// Scan one directory as a package.
pub fn scan_dir(root: &Path) -> Vec<FileReport> {
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut w = Walk {
        root: root.to_path_buf(),
        canon_root: canon_root.clone(),
        files: BTreeMap::new(),
        seen: BTreeMap::new(),
        extra: BTreeMap::new(),
        errors: Vec::new(),
    };
    let mut visited = BTreeSet::from([canon_root]);
    w.walk(root, 0, &mut visited);
    let mut queue: VecDeque<PathBuf> = w.files.keys().cloned().collect();
    for (p, install) in package_entries(&mut w) {
        if w.queue(p.clone(), install) {
            queue.push_back(p);
        }
    }
    let mut scanned: BTreeMap<PathBuf, Scanned> = BTreeMap::new();
    let mut iterations = 0usize;
    while let Some(p) = queue.pop_front() {
        iterations += 1;
        if iterations > 100_000 {
            break;
        }
        let install = w.files.get(&p).copied().unwrap_or(false);
        let is_json = p.extension().is_some_and(|e| e == "json") || is_native_addon(&p);
        if is_json {
            continue;
        }
        if !scanned.contains_key(&p) {
            let s = read_and_scan(&p);
            scanned.insert(p.clone(), s);
        }
        let specs: Vec<(String, u32)> = scanned[&p]
            .specifiers
            .iter()
            .map(|s| (s.spec.clone(), s.start))
            .collect();
        let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = w.root.clone();
        let mut text: Option<Vec<u8>> = None;
        for target in specs.iter().flat_map(|(spec, start)| {
            resolve_specifier(&root, &dir, spec)
                .into_iter()
                .map(move |t| (spec.clone(), *start, t))
        }) {
            let (spec, start, target) = target;
            // A specifier that does not name the addon itself (`./addon`, a
            // bundled package whose main is `build/x.node`) still loads it:
            // Node tries `.node` among the extensions and calls
            // process.dlopen. A specifier ending in `.node` was reported
            // where it is written (analyze).
            if is_native_addon(&target) && !is_native_addon(Path::new(&spec)) {
                let src = text.get_or_insert_with(|| std::fs::read(&p).unwrap_or_default());
                let at = (start as usize).min(src.len());
                let line = src[..at].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                let f = Finding::new(
                    RuleId::NativeAddon,
                    line,
                    1,
                    format!("'{spec}' resolves to {} (native addon)", target.display()),
                );
                // A file is walked again when it turns out to run at install time.
                if !w.extra.get(&p).is_some_and(|fs| fs.contains(&f)) {
                    w.finding(&p, f);
                }
            }
            if !w.inside(&target) {
                let f = Finding::new(
                    RuleId::SymlinkEscape,
                    1,
                    1,
                    format!("'{spec}' resolves to {} (outside the package root)", target.display()),
                );
                w.finding(&p, f);
                continue;
            }
            if w.queue(target.clone(), install) {
                queue.push_back(target);
            }
        }
    }
    propagate_exports(&w, &mut scanned);
    let mut reports: BTreeMap<PathBuf, FileReport> = BTreeMap::new();
    for (p, s) in scanned {
        let install = w.files.get(&p).copied().unwrap_or(false);
        let mut r = s.report;
        if install {
            let effects: Vec<Finding> = s
                .effects
                .into_iter()
                .map(|(e, mut f)| {
                    f.rule = RuleId::InstallTimeEffect;
                    f.severity = RuleId::InstallTimeEffect.severity();
                    f.capability = Some(match e {
                        Effect::Network => crate::capability::Capability::Http,
                        Effect::Exec => crate::capability::Capability::Exec,
                    });
                    f
                })
                .collect();
            r.add_findings(effects);
        }
        reports.insert(p, r);
    }
    for (p, fs) in std::mem::take(&mut w.extra) {
        let r = reports.entry(p.clone()).or_insert_with(|| FileReport {
            file: p.display().to_string(),
            verdict: super::Verdict::Clean,
            findings: Vec::new(),
            inferred_capabilities: crate::capability::CapabilitySet::EMPTY,
            diagnostics: Vec::new(),
            error: None,
        });
        r.add_findings(fs);
    }
    let mut out = w.errors;
    out.extend(reports.into_values());
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_resolution_order() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        std::fs::create_dir_all(r.join("lib/sub")).unwrap();
        std::fs::write(r.join("a.cjs"), "").unwrap();
        std::fs::write(r.join("lib/index.js"), "").unwrap();
        std::fs::write(r.join("lib/sub/package.json"), r#"{"main": "main.mjs"}"#).unwrap();
        std::fs::write(r.join("lib/sub/main.mjs"), "").unwrap();
        std::fs::write(r.join("payload.dat"), "").unwrap();
        std::fs::write(r.join("t.ts"), "").unwrap();
        assert_eq!(resolve(r, "./a"), Some(r.join("a.cjs")));
        assert_eq!(resolve(r, "./lib"), Some(r.join("lib/index.js")));
        assert_eq!(resolve(r, "./lib/sub"), Some(r.join("lib/sub/main.mjs")));
        assert_eq!(resolve(r, "./payload.dat"), Some(r.join("payload.dat")));
        assert_eq!(resolve(r, "./t.js"), Some(r.join("t.ts")));
        assert_eq!(resolve(r, "./missing"), None);
    }

    /// SLO-02: a specifier that does not name the addon (`./build/fast`, a
    /// bundled package whose main is a `.node` file) is reported where it is
    /// written, once; `./build/fast.node` written out is reported once too
    /// (by the source analysis), and a `.json` twin is not a native addon.
    #[test]
    fn slo_02_extensionless_require_of_a_native_addon_is_reported() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        std::fs::create_dir_all(r.join("build")).unwrap();
        std::fs::create_dir_all(r.join("node_modules/fastpkg/build")).unwrap();
        std::fs::write(r.join("build/fast.node"), "\x7fELF").unwrap();
        std::fs::write(r.join("build/data.json"), "{}").unwrap();
        std::fs::write(
            r.join("node_modules/fastpkg/package.json"),
            r#"{"main": "build/x.node"}"#,
        )
        .unwrap();
        std::fs::write(r.join("node_modules/fastpkg/build/x.node"), "\x7fELF").unwrap();
        std::fs::write(r.join("package.json"), r#"{"main": "a.js"}"#).unwrap();
        std::fs::write(
            r.join("a.js"),
            "const data = require('./build/data');\nconst f = require('./build/fast');\nconst g = require('fastpkg');\n",
        )
        .unwrap();
        std::fs::write(r.join("b.js"), "module.exports = require('./build/fast.node');\n").unwrap();
        let reports = scan_dir(r);
        let native = |name: &str| -> Vec<u32> {
            reports
                .iter()
                .filter(|x| x.file.ends_with(name))
                .flat_map(|x| {
                    x.findings
                        .iter()
                        .filter(|f| f.rule == RuleId::NativeAddon)
                        .map(|f| f.line)
                })
                .collect()
        };
        assert_eq!(native("a.js"), vec![2, 3], "{reports:#?}");
        assert_eq!(native("b.js"), vec![1], "{reports:#?}");
    }
}
