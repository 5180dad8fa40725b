//! The scanner's rules: the rule ids and their severities, and the pattern
//! matcher that runs over the lexer's significant tokens (so comments, string
//! contents, regex literals and template text can never match).
//!
//! The matcher is one forward pass that resolves, for every token that ends a
//! member expression, what it refers to ([`Ref`]): `globalThis.eval`,
//! `self['ev' + 'al']`, `process . binding`, `module.require`, an alias made by
//! `const g = globalThis`, and so on. A finding is emitted where a dangerous
//! reference appears in a position where it is really a reference: not a
//! property name (`obj.eval`), an object key (`{eval: 1}`), a method or class
//! member definition (`eval() {}`), a function name or a label. Module
//! specifiers (`require`, static `import`/`export … from`, dynamic `import()`)
//! are folded from string and template literals joined by `+` and then
//! classified. The same pass infers the capabilities the source uses.

use super::lexer::{decode_ident, literal_value, BraceKind, TemplatePart, Token, TokenKind};
use crate::capability::{Capability, CapabilitySet};
use crate::hostcall::tool_capability;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Capability-relevant: allowed, but the extension needs the implied capability.
    Flagged,
    /// The extension must not be loaded.
    Forbidden,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Flagged => "flagged",
            Severity::Forbidden => "forbidden",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scanner rule (a pattern family). Serialised as its kebab-case id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// Any reference to the global `eval` (direct, indirect, aliased, via a global object).
    EvalCall,
    /// `new Function(…)`, `Function(…)`, `Function.call/apply/bind`, `x.constructor("code")`.
    FunctionConstructor,
    /// `process.binding` / `process._linkedBinding`.
    ProcessBinding,
    /// `process.dlopen`.
    ProcessDlopen,
    /// A forbidden Node builtin module (vm, worker_threads, cluster, dgram, net, tls,
    /// inspector, perf_hooks, v8, repl).
    ForbiddenBuiltin,
    /// `child_process` (capability exec).
    ChildProcess,
    /// `process.env` (capability env).
    ProcessEnv,
    /// The `os` module (capability env).
    OsModule,
    /// http, https, http2, dns (capability http).
    NetworkBuiltin,
    /// `require` with a non-literal argument, or `require` escaping as a value.
    DynamicRequire,
    /// `import()` with a non-literal argument.
    DynamicImport,
}

impl RuleId {
    pub const ALL: [RuleId; 11] = [
        RuleId::EvalCall,
        RuleId::FunctionConstructor,
        RuleId::ProcessBinding,
        RuleId::ProcessDlopen,
        RuleId::ForbiddenBuiltin,
        RuleId::ChildProcess,
        RuleId::ProcessEnv,
        RuleId::OsModule,
        RuleId::NetworkBuiltin,
        RuleId::DynamicRequire,
        RuleId::DynamicImport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::EvalCall => "eval-call",
            RuleId::FunctionConstructor => "function-constructor",
            RuleId::ProcessBinding => "process-binding",
            RuleId::ProcessDlopen => "process-dlopen",
            RuleId::ForbiddenBuiltin => "forbidden-builtin",
            RuleId::ChildProcess => "child-process",
            RuleId::ProcessEnv => "process-env",
            RuleId::OsModule => "os-module",
            RuleId::NetworkBuiltin => "network-builtin",
            RuleId::DynamicRequire => "dynamic-require",
            RuleId::DynamicImport => "dynamic-import",
        }
    }

    pub fn parse(id: &str) -> Option<RuleId> {
        let t = id.trim();
        RuleId::ALL.into_iter().find(|r| r.as_str() == t)
    }

    pub fn severity(self) -> Severity {
        match self {
            RuleId::EvalCall
            | RuleId::FunctionConstructor
            | RuleId::ProcessBinding
            | RuleId::ProcessDlopen
            | RuleId::ForbiddenBuiltin => Severity::Forbidden,
            _ => Severity::Flagged,
        }
    }

    /// The capability a flagged finding implies.
    pub fn capability(self) -> Option<Capability> {
        match self {
            RuleId::ChildProcess => Some(Capability::Exec),
            RuleId::ProcessEnv | RuleId::OsModule => Some(Capability::Env),
            RuleId::NetworkBuiltin => Some(Capability::Http),
            _ => None,
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Builtins whose import is forbidden (after stripping `node:`).
pub const FORBIDDEN_BUILTINS: [&str; 10] = [
    "vm",
    "worker_threads",
    "cluster",
    "dgram",
    "net",
    "tls",
    "inspector",
    "perf_hooks",
    "v8",
    "repl",
];

/// Builtins that imply the http capability.
pub const NETWORK_BUILTINS: [&str; 4] = ["http", "https", "http2", "dns"];

/// What a module specifier means to the scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleClass {
    Forbidden,
    Network,
    ChildProcess,
    Os,
    Fs,
    /// Anything else: relative paths, npm packages, harmless builtins.
    Other,
}

/// Classify a module specifier: `node:` is stripped, a subpath (`fs/promises`)
/// classifies by its first segment, relative/absolute paths are never builtins.
pub fn classify_module(spec: &str) -> ModuleClass {
    let s = spec.strip_prefix("node:").unwrap_or(spec);
    if s.is_empty() || s.starts_with('.') || s.starts_with('/') {
        return ModuleClass::Other;
    }
    let base = s.split('/').next().unwrap_or(s);
    if FORBIDDEN_BUILTINS.contains(&base) {
        ModuleClass::Forbidden
    } else if NETWORK_BUILTINS.contains(&base) {
        ModuleClass::Network
    } else if base == "child_process" {
        ModuleClass::ChildProcess
    } else if base == "os" {
        ModuleClass::Os
    } else if base == "fs" {
        ModuleClass::Fs
    } else {
        ModuleClass::Other
    }
}

/// A match before it is turned into a report finding: the rule and the token
/// that names the dangerous thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFinding {
    pub rule: RuleId,
    pub line: u32,
    pub column: u32,
    pub start: usize,
    pub end: usize,
}

/// What the matcher found in one source.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub findings: Vec<RawFinding>,
    pub capabilities: CapabilitySet,
}

/// What an expression refers to, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ref {
    Global,
    Process,
    Module,
    Require,
    RequireFactory,
    Eval,
    Function,
    ProcessBinding,
    ProcessDlopen,
    ProcessEnv,
    Pi,
    PiTool,
    PiCap(Capability),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Block,
    Object,
    Class,
    Paren,
    Bracket,
    Template,
}

const NONE: u32 = u32::MAX;
/// Longest folded string kept (module names and property names are short).
const MAX_FOLD: usize = 4096;
const MAX_FOLD_DEPTH: u32 = 8;

fn base_ref(name: &[u8]) -> Option<Ref> {
    match name {
        b"globalThis" | b"window" | b"self" | b"global" => Some(Ref::Global),
        b"process" => Some(Ref::Process),
        b"module" => Some(Ref::Module),
        b"require" => Some(Ref::Require),
        b"createRequire" => Some(Ref::RequireFactory),
        b"eval" => Some(Ref::Eval),
        b"Function" => Some(Ref::Function),
        b"pi" => Some(Ref::Pi),
        _ => None,
    }
}

fn member_ref(obj: Ref, name: &[u8]) -> Option<Ref> {
    match obj {
        Ref::Global => match name {
            b"globalThis" | b"window" | b"self" | b"global" | b"frames" => Some(Ref::Global),
            b"process" => Some(Ref::Process),
            b"module" => Some(Ref::Module),
            b"require" => Some(Ref::Require),
            b"eval" => Some(Ref::Eval),
            b"Function" => Some(Ref::Function),
            _ => None,
        },
        Ref::Process => match name {
            b"binding" | b"_linkedBinding" => Some(Ref::ProcessBinding),
            b"dlopen" => Some(Ref::ProcessDlopen),
            b"env" => Some(Ref::ProcessEnv),
            b"mainModule" => Some(Ref::Module),
            b"getBuiltinModule" => Some(Ref::Require),
            _ => None,
        },
        Ref::Module => match name {
            b"require" | b"_load" => Some(Ref::Require),
            b"createRequire" => Some(Ref::RequireFactory),
            b"constructor" | b"Module" => Some(Ref::Module),
            _ => None,
        },
        Ref::Pi => match name {
            b"tool" => Some(Ref::PiTool),
            b"exec" => Some(Ref::PiCap(Capability::Exec)),
            b"http" => Some(Ref::PiCap(Capability::Http)),
            b"log" => Some(Ref::PiCap(Capability::Log)),
            b"session" => Some(Ref::PiCap(Capability::Session)),
            b"ui" => Some(Ref::PiCap(Capability::Ui)),
            b"events" => Some(Ref::PiCap(Capability::Events)),
            _ => None,
        },
        _ => None,
    }
}

/// Keywords after which an identifier is a declared name, not a reference.
const DECL_KEYWORDS: &[&[u8]] = &[b"function", b"class", b"interface", b"enum"];
/// Class/object member modifiers.
const MODIFIERS: &[&[u8]] = &[
    b"static",
    b"async",
    b"get",
    b"set",
    b"public",
    b"private",
    b"protected",
    b"readonly",
    b"override",
    b"declare",
    b"abstract",
    b"accessor",
];

struct Matcher<'a> {
    src: &'a [u8],
    toks: &'a [Token],
    refs: Vec<Option<Ref>>,
    /// Index of the first token of the member chain ending at each token.
    chain_start: Vec<u32>,
    /// For a bracket, the index of its partner (opener ↔ closer), or `NONE`.
    partner: Vec<u32>,
    ctx: Vec<(Ctx, u32)>,
    /// Names bound to a tracked object (`const g = globalThis`); latest binding wins.
    aliases: HashMap<Vec<u8>, Ref>,
    /// First bytes of alias names: a cheap filter before the map lookup.
    alias_first: [bool; 256],
    out: Matches,
}

/// Run every rule over a token stream.
pub fn match_tokens(src: &[u8], toks: &[Token]) -> Matches {
    let n = toks.len();
    let mut m = Matcher {
        src,
        toks,
        refs: vec![None; n],
        chain_start: vec![NONE; n],
        partner: vec![NONE; n],
        ctx: Vec::new(),
        aliases: HashMap::new(),
        alias_first: [false; 256],
        out: Matches::default(),
    };
    m.match_brackets();
    m.iife_aliases();
    for i in 0..n {
        m.step(i);
    }
    m.out
}

impl<'a> Matcher<'a> {
    fn text(&self, i: usize) -> &'a [u8] {
        self.toks.get(i).map_or(&[][..], |t| t.text(self.src))
    }

    fn punct_is(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(self.src, p))
    }

    fn prev_punct_is(&self, i: usize, p: &str) -> bool {
        i > 0 && self.punct_is(i - 1, p)
    }

    fn ident_name(&self, i: usize) -> Cow<'a, [u8]> {
        let t = &self.toks[i];
        if t.escaped {
            Cow::Owned(decode_ident(t.text(self.src)))
        } else {
            Cow::Borrowed(t.text(self.src))
        }
    }

    fn is_ident(&self, i: usize, name: &[u8]) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Ident) && &*self.ident_name(i) == name
    }

    fn emit(&mut self, rule: RuleId, at: usize) {
        let t = self.toks[at];
        self.out.findings.push(RawFinding {
            rule,
            line: t.line,
            column: t.column,
            start: t.start,
            end: t.end,
        });
        if let Some(c) = rule.capability() {
            self.out.capabilities.insert(c);
        }
    }

    /// True when the previous token ends a value (so a newline before `i` ended a statement/member).
    fn ends_value(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else { return false };
        match t.kind {
            TokenKind::Ident | TokenKind::Number | TokenKind::String | TokenKind::Regex | TokenKind::PrivateName => {
                true
            }
            TokenKind::Template(TemplatePart::NoSubst | TemplatePart::Tail) => true,
            TokenKind::Punct => matches!(t.text(self.src), b")" | b"]" | b"}"),
            _ => false,
        }
    }

    /// Is the identifier at `i` (not after a `.`) used as a value, rather than as a
    /// key, member name, declared name or label?
    fn is_reference_position(&self, i: usize) -> bool {
        let prev = i.checked_sub(1);
        let prev_text = prev.map_or(&[][..], |p| self.text(p));
        let prev_is_ident = prev.is_some_and(|p| self.toks[p].kind == TokenKind::Ident);
        if prev_is_ident && DECL_KEYWORDS.contains(&prev_text) {
            return false;
        }
        let next_text = self.text(i + 1);
        let next_punct = self.toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Punct);
        let newline = self.toks[i].newline_before;
        let prev_modifier = prev_is_ident && MODIFIERS.contains(&prev_text);
        match self.ctx.last().map(|c| c.0) {
            Some(Ctx::Object) => {
                let key_pos = matches!(prev_text, b"{" | b"," | b";" | b"*")
                    || prev_modifier
                    || (newline && prev.is_some_and(|p| self.ends_value(p)));
                !(key_pos && next_punct && matches!(next_text, b":" | b"(" | b"?" | b"<"))
            }
            Some(Ctx::Class) => {
                let member_pos = matches!(prev_text, b"{" | b"}" | b";" | b"*")
                    || prev_modifier
                    || (newline && prev.is_some_and(|p| self.ends_value(p)));
                !member_pos
            }
            Some(Ctx::Block) | None => {
                // `label:` at statement start.
                let stmt_start = prev.is_none() || matches!(prev_text, b"{" | b"}" | b";");
                !(stmt_start && next_punct && next_text == b":")
            }
            _ => true,
        }
    }

    /// Pair up brackets (a stack pass; mismatched closers are left unpaired).
    fn match_brackets(&mut self) {
        let mut stack: Vec<(u8, u32)> = Vec::new();
        for (i, t) in self.toks.iter().enumerate() {
            let (open, close) = match t.kind {
                TokenKind::Punct => match t.text(self.src) {
                    b"(" => (Some(b'('), None),
                    b"[" => (Some(b'['), None),
                    b"{" => (Some(b'{'), None),
                    b")" => (None, Some(b'(')),
                    b"]" => (None, Some(b'[')),
                    b"}" => (None, Some(b'{')),
                    _ => continue,
                },
                TokenKind::Template(TemplatePart::Head) => (Some(b'`'), None),
                TokenKind::Template(TemplatePart::Tail) => (None, Some(b'`')),
                _ => continue,
            };
            if let Some(o) = open {
                stack.push((o, i as u32));
            } else if let Some(c) = close {
                if let Some(&(o, k)) = stack.last() {
                    if o == c {
                        stack.pop();
                        self.partner[i] = k;
                        self.partner[k as usize] = i as u32;
                    }
                }
            }
        }
    }

    /// Immediately-invoked functions that receive the global object, process or
    /// require as an argument (`(function (g) { g.eval(x) })(globalThis)`,
    /// `!function(e){…}(window)`): their parameters become aliases.
    fn iife_aliases(&mut self) {
        let n = self.toks.len();
        for i in 0..n {
            let t = self.toks[i];
            if t.kind != TokenKind::Ident || t.text(self.src) != b"function" || self.prev_punct_is(i, ".") {
                continue;
            }
            let mut j = i + 1;
            if self.punct_is(j, "*") {
                j += 1;
            }
            if self.toks.get(j).is_some_and(|t| t.kind == TokenKind::Ident) {
                j += 1;
            }
            if !self.punct_is(j, "(") {
                continue;
            }
            let params_close = self.partner[j];
            if params_close == NONE || !self.punct_is(params_close as usize + 1, "{") {
                continue;
            }
            let body_close = self.partner[params_close as usize + 1];
            if body_close == NONE {
                continue;
            }
            let mut k = body_close as usize + 1;
            if self.punct_is(k, ")") && !self.punct_is(k + 1, "(") {
                continue;
            }
            if self.punct_is(k, ")") {
                k += 1;
            }
            if !self.punct_is(k, "(") {
                continue;
            }
            let params = self.simple_list(j);
            let args = self.simple_list(k);
            for (p, a) in params.iter().zip(args.iter()) {
                let (Some(p), Some(a)) = (p, a) else { continue };
                let arg_name = self.ident_name(*a);
                if let Some(r) = base_ref(&arg_name) {
                    if matches!(r, Ref::Global | Ref::Process | Ref::Require | Ref::Module) {
                        let name = self.ident_name(*p).into_owned();
                        self.add_alias(name, r);
                    }
                }
            }
        }
    }

    /// The elements of a parenthesised, comma-separated list at `open`: the token
    /// index of each element that is a single identifier, `None` for others.
    fn simple_list(&self, open: usize) -> Vec<Option<usize>> {
        let close = self.partner[open];
        if close == NONE {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut j = open + 1;
        let close = close as usize;
        while j < close && out.len() < 64 {
            let mut end = j;
            while end < close && !self.punct_is(end, ",") {
                let p = self.partner[end];
                end = if p != NONE && (p as usize) > end {
                    p as usize + 1
                } else {
                    end + 1
                };
            }
            let single = end == j + 1 && self.toks[j].kind == TokenKind::Ident;
            out.push(single.then_some(j));
            j = end + 1;
        }
        out
    }

    /// Is the identifier at `i` a parameter name (`function (module, require) {`, `(require) =>`)?
    fn is_parameter(&self) -> bool {
        let Some(&(Ctx::Paren, open)) = self.ctx.last() else {
            return false;
        };
        let close = self.partner[open as usize];
        if close == NONE {
            return false;
        }
        let after = close as usize + 1;
        self.punct_is(after, "{") || self.punct_is(after, "=>")
    }

    fn alias_ref(&self, name: &[u8]) -> Option<Ref> {
        if !name.first().is_some_and(|b| self.alias_first[*b as usize]) {
            return None;
        }
        self.aliases.get(name).copied()
    }

    fn add_alias(&mut self, name: Vec<u8>, r: Ref) {
        if let Some(&b) = name.first() {
            self.alias_first[b as usize] = true;
            self.aliases.insert(name, r);
        }
    }

    fn step(&mut self, i: usize) {
        let t = self.toks[i];
        match t.kind {
            TokenKind::Ident => self.ident(i),
            TokenKind::Punct => self.punct(i),
            TokenKind::Template(TemplatePart::Head) => self.ctx.push((Ctx::Template, i as u32)),
            TokenKind::Template(TemplatePart::Tail) => {
                if matches!(self.ctx.last(), Some((Ctx::Template, _))) {
                    self.ctx.pop();
                }
            }
            _ => {}
        }
    }

    fn punct(&mut self, i: usize) {
        let t = self.toks[i];
        match t.text(self.src) {
            b"(" => self.ctx.push((Ctx::Paren, i as u32)),
            b"[" => self.ctx.push((Ctx::Bracket, i as u32)),
            b"{" => {
                let c = match t.brace {
                    BraceKind::Block => Ctx::Block,
                    BraceKind::Object => Ctx::Object,
                    BraceKind::Class => Ctx::Class,
                };
                self.ctx.push((c, i as u32));
            }
            b")" => {
                if let Some(k) = self.close(Ctx::Paren) {
                    self.after_call(i, k);
                }
            }
            b"]" => {
                if let Some(k) = self.close(Ctx::Bracket) {
                    self.computed_member(i, k);
                }
            }
            b"}" => {
                let top = self.ctx.last().map(|c| c.0);
                if matches!(top, Some(Ctx::Block | Ctx::Object | Ctx::Class)) {
                    self.ctx.pop();
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, want: Ctx) -> Option<usize> {
        match self.ctx.last() {
            Some((c, k)) if *c == want => {
                let k = *k;
                self.ctx.pop();
                Some(k as usize)
            }
            _ => None,
        }
    }

    /// `x[ 'lit' + 'eral' ]` on a tracked object.
    fn computed_member(&mut self, i: usize, k: usize) {
        if k == 0 {
            return;
        }
        let obj_idx = if self.prev_punct_is(k, "?.") {
            k.checked_sub(2)
        } else {
            Some(k - 1)
        };
        let Some(obj_idx) = obj_idx else { return };
        let Some(obj) = self.refs[obj_idx] else { return };
        let Some((name, end)) = fold(self.src, self.toks, k + 1, 0) else {
            return;
        };
        if end != i {
            return;
        }
        if let Some(r) = member_ref(obj, &name) {
            self.refs[i] = Some(r);
            self.chain_start[i] = self.chain_start[obj_idx];
            self.on_ref(i, r, k + 1);
        }
    }

    /// `createRequire(…)` yields a require function.
    fn after_call(&mut self, i: usize, k: usize) {
        if k == 0 {
            return;
        }
        if self.refs[k - 1] == Some(Ref::RequireFactory) {
            self.refs[i] = Some(Ref::Require);
            self.chain_start[i] = self.chain_start[k - 1];
            self.on_ref(i, Ref::Require, i);
        }
    }

    fn ident(&mut self, i: usize) {
        let name = self.ident_name(i);
        let after_dot = self.prev_punct_is(i, ".") || self.prev_punct_is(i, "?.");
        if after_dot {
            if i >= 2 {
                if let Some(obj) = self.refs[i - 2] {
                    if let Some(r) = member_ref(obj, &name) {
                        self.refs[i] = Some(r);
                        self.chain_start[i] = self.chain_start[i - 2];
                        self.on_ref(i, r, i);
                        return;
                    }
                }
            }
            match &*name {
                b"constructor" => self.constructor_call(i),
                // Only node:module has `createRequire`, whatever the object is called.
                b"createRequire" => {
                    self.refs[i] = Some(Ref::RequireFactory);
                    self.chain_start[i] = i.saturating_sub(2) as u32;
                }
                _ => {}
            }
            return;
        }
        match &*name {
            b"import" => return self.import(i),
            b"export" => return self.export(i),
            _ => {}
        }
        let r = base_ref(&name).or_else(|| {
            if self.aliases.is_empty() {
                None
            } else {
                self.alias_ref(&name)
            }
        });
        if let Some(r) = r {
            if self.is_reference_position(i) {
                self.refs[i] = Some(r);
                self.chain_start[i] = i as u32;
                self.on_ref(i, r, i);
            }
        }
    }

    /// A tracked reference was resolved at token `i` (findings go to `loc`).
    fn on_ref(&mut self, i: usize, r: Ref, loc: usize) {
        let start = self.chain_start[i] as usize;
        let before = start.checked_sub(1);
        let before_text = before.map_or(&[][..], |b| self.text(b));
        let next_text = self.text(i + 1);
        let continues = self.toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Punct)
            && matches!(next_text, b"." | b"?." | b"[" | b"(");
        match r {
            Ref::Eval => self.emit(RuleId::EvalCall, loc),
            Ref::ProcessBinding => self.emit(RuleId::ProcessBinding, loc),
            Ref::ProcessDlopen => self.emit(RuleId::ProcessDlopen, loc),
            Ref::ProcessEnv => self.emit(RuleId::ProcessEnv, loc),
            Ref::Function => {
                let newed = before.is_some_and(|b| self.is_ident(b, b"new"));
                let called = self.punct_is(i + 1, "(");
                let via = self.punct_is(i + 1, ".")
                    && matches!(self.text(i + 2), b"call" | b"apply" | b"bind" | b"constructor");
                let type_alias = before_text == b"=" && start >= 3 && self.is_ident(start - 3, b"type");
                let as_value = matches!(before_text, b"=" | b"(" | b",")
                    && !type_alias
                    && !matches!(next_text, b"." | b"[" | b"<" | b"|" | b"&");
                if newed || called || via || as_value {
                    self.emit(RuleId::FunctionConstructor, loc);
                }
            }
            Ref::Require => {
                if self.punct_is(i + 1, "(") {
                    self.require_call(i, i + 1);
                } else if !continues
                    && matches!(
                        before_text,
                        b"=" | b"(" | b"," | b"||" | b"&&" | b"??" | b"?" | b"return"
                    )
                    && !self.is_parameter()
                {
                    self.emit(RuleId::DynamicRequire, loc);
                }
            }
            Ref::PiTool => {
                if self.punct_is(i + 1, "(") {
                    let cap = match fold(self.src, self.toks, i + 2, 0) {
                        Some((name, end)) if self.punct_is(end, ")") || self.punct_is(end, ",") => {
                            tool_capability(&String::from_utf8_lossy(&name)).ok()
                        }
                        _ => Some(Capability::Tool),
                    };
                    if let Some(c) = cap {
                        self.out.capabilities.insert(c);
                    }
                }
            }
            Ref::PiCap(c) => self.out.capabilities.insert(c),
            Ref::Global | Ref::Process | Ref::Module | Ref::RequireFactory | Ref::Pi => {}
        }
        if !continues && before_text == b"=" {
            self.assignment_target(start, r);
        }
    }

    /// `const X = <ref>` records an alias; `const { a, b: c } = <ref>` checks the
    /// destructured members.
    fn assignment_target(&mut self, start: usize, r: Ref) {
        let Some(lhs) = start.checked_sub(2) else { return };
        let lt = self.toks[lhs];
        if lt.kind == TokenKind::Ident {
            if matches!(
                r,
                Ref::Global | Ref::Process | Ref::Module | Ref::Require | Ref::RequireFactory | Ref::Pi
            ) {
                let name = self.ident_name(lhs).into_owned();
                self.add_alias(name, r);
            }
            return;
        }
        if lt.is_punct(self.src, "}") {
            let open = self.partner[lhs];
            if open == NONE {
                return;
            }
            let mut depth = 0usize;
            for j in (open as usize + 1)..lhs {
                let tj = self.toks[j];
                if tj.kind == TokenKind::Punct {
                    match tj.text(self.src) {
                        b"{" | b"[" | b"(" => depth += 1,
                        b"}" | b"]" | b")" => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    continue;
                }
                if depth != 0 || tj.kind != TokenKind::Ident {
                    continue;
                }
                let key_pos = self.punct_is(j - 1, "{") || self.punct_is(j - 1, ",");
                if !key_pos {
                    continue;
                }
                let key = self.ident_name(j);
                match member_ref(r, &key) {
                    Some(Ref::Eval) => self.emit(RuleId::EvalCall, j),
                    Some(Ref::Function) => self.emit(RuleId::FunctionConstructor, j),
                    Some(Ref::ProcessBinding) => self.emit(RuleId::ProcessBinding, j),
                    Some(Ref::ProcessDlopen) => self.emit(RuleId::ProcessDlopen, j),
                    Some(Ref::ProcessEnv) => self.emit(RuleId::ProcessEnv, j),
                    Some(Ref::Require) => self.emit(RuleId::DynamicRequire, j),
                    _ => {}
                }
            }
        }
    }

    /// `something.constructor("code")`: the Function constructor reached through
    /// a function's prototype chain.
    fn constructor_call(&mut self, i: usize) {
        if !self.punct_is(i + 1, "(") {
            return;
        }
        if let Some((_, end)) = fold(self.src, self.toks, i + 2, 0) {
            if self.punct_is(end, ")") || self.punct_is(end, ",") {
                self.emit(RuleId::FunctionConstructor, i);
            }
        }
    }

    /// `require(<arg>)` where `open` is the `(`.
    fn require_call(&mut self, callee: usize, open: usize) {
        if self.punct_is(open + 1, ")") {
            return;
        }
        match fold(self.src, self.toks, open + 1, 0) {
            Some((spec, end)) if self.punct_is(end, ")") || self.punct_is(end, ",") => {
                self.module(&spec, open + 1);
            }
            _ => self.emit(RuleId::DynamicRequire, callee),
        }
    }

    fn module(&mut self, spec: &[u8], at: usize) {
        let spec = String::from_utf8_lossy(spec);
        match classify_module(&spec) {
            ModuleClass::Forbidden => self.emit(RuleId::ForbiddenBuiltin, at),
            ModuleClass::Network => self.emit(RuleId::NetworkBuiltin, at),
            ModuleClass::ChildProcess => self.emit(RuleId::ChildProcess, at),
            ModuleClass::Os => self.emit(RuleId::OsModule, at),
            ModuleClass::Fs => {
                self.out.capabilities.insert(Capability::Read);
                self.out.capabilities.insert(Capability::Write);
            }
            ModuleClass::Other => {}
        }
    }

    fn import(&mut self, i: usize) {
        let next = self.toks.get(i + 1).copied();
        let Some(next) = next else { return };
        let next_text = next.text(self.src);
        if next.kind == TokenKind::Punct {
            match next_text {
                b"(" => {
                    match fold(self.src, self.toks, i + 2, 0) {
                        Some((spec, end)) if self.punct_is(end, ")") || self.punct_is(end, ",") => {
                            self.module(&spec, i + 2)
                        }
                        _ => self.emit(RuleId::DynamicImport, i),
                    }
                    return;
                }
                b"." => return,
                _ => {}
            }
        }
        if matches!(next.kind, TokenKind::String | TokenKind::Template(_)) {
            if let Some((spec, _)) = fold(self.src, self.toks, i + 1, 0) {
                self.module(&spec, i + 1);
            }
            return;
        }
        // TypeScript type-only import: erased at compile time.
        if self.is_ident(i + 1, b"type") && !(self.punct_is(i + 2, ",") || self.is_ident(i + 2, b"from")) {
            return;
        }
        self.module_clause(i + 1);
    }

    fn export(&mut self, i: usize) {
        let mut j = i + 1;
        if self.is_ident(j, b"type") {
            return;
        }
        if !(self.punct_is(j, "*") || self.punct_is(j, "{")) {
            return;
        }
        if self.punct_is(j, "*") {
            j += 1;
        }
        self.module_clause(j);
    }

    /// Walk an import/export clause (`a, { b as c }`, `* as ns`) to `from '<spec>'`.
    fn module_clause(&mut self, mut j: usize) {
        let n = self.toks.len();
        let mut depth = 0usize;
        while j < n {
            let t = self.toks[j];
            match t.kind {
                TokenKind::Ident => {
                    if depth == 0 && self.is_ident(j, b"from") {
                        if let Some(nt) = self.toks.get(j + 1) {
                            if matches!(nt.kind, TokenKind::String | TokenKind::Template(_)) {
                                if let Some((spec, _)) = fold(self.src, self.toks, j + 1, 0) {
                                    self.module(&spec, j + 1);
                                }
                                return;
                            }
                        }
                    }
                }
                TokenKind::Punct => match t.text(self.src) {
                    b"{" => depth += 1,
                    b"}" => {
                        if depth == 0 {
                            return;
                        }
                        depth -= 1
                    }
                    b"," | b"*" => {}
                    _ => return,
                },
                TokenKind::String if depth > 0 => {} // `{ "string name" as x }`
                _ => return,
            }
            j += 1;
        }
    }
}

/// Fold a constant string expression starting at token `j`: string and template
/// literals (templates whose substitutions are themselves foldable) joined by
/// `+`. Returns the value and the index of the first token after it.
pub fn fold(src: &[u8], toks: &[Token], mut j: usize, depth: u32) -> Option<(Vec<u8>, usize)> {
    if depth > MAX_FOLD_DEPTH {
        return None;
    }
    let mut out = Vec::new();
    loop {
        let t = toks.get(j)?;
        match t.kind {
            TokenKind::String | TokenKind::Template(TemplatePart::NoSubst) => {
                push_bounded(&mut out, &literal_value(t, src));
                j += 1;
            }
            TokenKind::Template(TemplatePart::Head) => {
                push_bounded(&mut out, &literal_value(t, src));
                j += 1;
                loop {
                    let (v, nj) = fold(src, toks, j, depth + 1)?;
                    push_bounded(&mut out, &v);
                    j = nj;
                    let t = toks.get(j)?;
                    match t.kind {
                        TokenKind::Template(TemplatePart::Middle) => {
                            push_bounded(&mut out, &literal_value(t, src));
                            j += 1;
                        }
                        TokenKind::Template(TemplatePart::Tail) => {
                            push_bounded(&mut out, &literal_value(t, src));
                            j += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            TokenKind::Punct if t.text(src) == b"(" => {
                // A parenthesised constant: `('v' + 'm')`.
                let (v, nj) = fold(src, toks, j + 1, depth + 1)?;
                if !toks.get(nj).is_some_and(|c| c.is_punct(src, ")")) {
                    return None;
                }
                push_bounded(&mut out, &v);
                j = nj + 1;
            }
            _ => return None,
        }
        if toks.get(j).is_some_and(|p| p.is_punct(src, "+")) {
            j += 1;
        } else {
            return Some((out, j));
        }
    }
}

fn push_bounded(out: &mut Vec<u8>, v: &[u8]) {
    let room = MAX_FOLD.saturating_sub(out.len());
    out.extend_from_slice(&v[..v.len().min(room)]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scanner::lexer::tokenize;

    fn rules(src: &str) -> Vec<(RuleId, u32)> {
        let l = tokenize(src.as_bytes());
        let m = match_tokens(src.as_bytes(), &l.tokens);
        m.findings.iter().map(|f| (f.rule, f.line)).collect()
    }

    #[test]
    fn eval_variants() {
        for src in [
            "eval(x)",
            "eval /*c*/ (x)",
            "eval\n(x)",
            "(0, eval)(x)",
            "globalThis.eval(x)",
            "window . eval(x)",
            "self['eval'](x)",
            "window['ev' + 'al'](x)",
            "const e = eval; e(x)",
            "ev\\u0061l(x)",
            "eval?.(x)",
            "const { eval: e } = globalThis",
            "x = c ? eval(a) : b",
        ] {
            assert_eq!(rules(src), vec![(RuleId::EvalCall, 1)], "{src}");
        }
    }

    #[test]
    fn eval_lookalikes_are_clean() {
        for src in [
            "obj.eval(x)",
            "class A { eval() {} }",
            "const o = { eval: 1, evaluate() {} }",
            "const o = { eval(x) { return x } }",
            "interface P { eval: boolean; other?: string }",
            "type P = { eval?: boolean }",
            "// eval(x)\n/* eval(x) */ 's = \"eval(x)\"'",
            "const r = /eval\\(x\\)/g",
            "const t = `eval(x)`",
            "function eval2() {} evaluate(x); retrieval(y)",
            "this.eval(x)",
        ] {
            assert_eq!(rules(src), vec![], "{src}");
        }
    }

    #[test]
    fn function_constructor() {
        for src in [
            "new Function('a', 'return a')",
            "Function('return this')()",
            "new globalThis.Function('x')",
            "const F = Function",
            "f.constructor('return process')()",
            "Function.call(null, 'x')",
        ] {
            assert_eq!(rules(src), vec![(RuleId::FunctionConstructor, 1)], "{src}");
        }
        for src in [
            "x instanceof Function",
            "let f: Function",
            "Function.prototype.toString",
            "type F = Function",
        ] {
            assert_eq!(rules(src), vec![], "{src}");
        }
    }

    #[test]
    fn builtins() {
        assert_eq!(rules("require('node:vm')"), vec![(RuleId::ForbiddenBuiltin, 1)]);
        assert_eq!(rules("require(`vm`)"), vec![(RuleId::ForbiddenBuiltin, 1)]);
        assert_eq!(rules("import x from \"net\""), vec![(RuleId::ForbiddenBuiltin, 1)]);
        assert_eq!(rules("import * as t from 'tls'"), vec![(RuleId::ForbiddenBuiltin, 1)]);
        assert_eq!(
            rules("import {a,\n b} from\n 'v8'"),
            vec![(RuleId::ForbiddenBuiltin, 3)]
        );
        assert_eq!(
            rules("await import('worker_threads')"),
            vec![(RuleId::ForbiddenBuiltin, 1)]
        );
        assert_eq!(rules("export * from 'net'"), vec![(RuleId::ForbiddenBuiltin, 1)]);
        assert_eq!(
            rules("export { Socket } from 'node:net'"),
            vec![(RuleId::ForbiddenBuiltin, 1)]
        );
        assert_eq!(rules("import 'repl'"), vec![(RuleId::ForbiddenBuiltin, 1)]);
        assert_eq!(
            rules("createRequire(import.meta.url)('vm')"),
            vec![(RuleId::ForbiddenBuiltin, 1)]
        );
        assert_eq!(
            rules("process.getBuiltinModule('vm')"),
            vec![(RuleId::ForbiddenBuiltin, 1)]
        );
        for src in [
            "require('./net')",
            "require('netmask')",
            "require('vm-browserify')",
            "import x from '../vm'",
            "import type { Socket } from 'net'",
            "const s = 'require(\"vm\")'",
        ] {
            assert_eq!(rules(src), vec![], "{src}");
        }
    }

    #[test]
    fn flagged_rules() {
        assert_eq!(rules("require('child_process')"), vec![(RuleId::ChildProcess, 1)]);
        assert_eq!(rules("process.env.HOME"), vec![(RuleId::ProcessEnv, 1)]);
        assert_eq!(rules("const { env } = process"), vec![(RuleId::ProcessEnv, 1)]);
        assert_eq!(rules("import os from 'os'"), vec![(RuleId::OsModule, 1)]);
        assert_eq!(
            rules("import https from 'node:https'"),
            vec![(RuleId::NetworkBuiltin, 1)]
        );
        assert_eq!(rules("require(name)"), vec![(RuleId::DynamicRequire, 1)]);
        assert_eq!(rules("import(`./${name}`)"), vec![(RuleId::DynamicImport, 1)]);
        assert_eq!(rules("typeof require === 'function' && require.resolve"), vec![]);
    }

    #[test]
    fn process_apis() {
        assert_eq!(rules("process.binding('fs')"), vec![(RuleId::ProcessBinding, 1)]);
        assert_eq!(rules("process\n.\ndlopen(m, p)"), vec![(RuleId::ProcessDlopen, 3)]);
        assert_eq!(
            rules("const p = process; p['bind' + 'ing']('x')"),
            vec![(RuleId::ProcessBinding, 1)]
        );
        assert_eq!(
            rules("globalThis.process._linkedBinding('x')"),
            vec![(RuleId::ProcessBinding, 1)]
        );
        assert_eq!(rules("const o = { binding: 1 }; o.binding()"), vec![]);
    }

    #[test]
    fn capabilities() {
        let src = "import fs from 'fs'; pi.tool('bash'); pi.tool('my_tool'); pi.ui.notify(); pi.session.get(); pi.log('x'); pi.http(u); pi.exec('ls')";
        let l = tokenize(src.as_bytes());
        let m = match_tokens(src.as_bytes(), &l.tokens);
        for c in [
            Capability::Read,
            Capability::Write,
            Capability::Exec,
            Capability::Tool,
            Capability::Ui,
            Capability::Session,
            Capability::Log,
            Capability::Http,
        ] {
            assert!(m.capabilities.contains(c), "{c}");
        }
        assert!(!m.capabilities.contains(Capability::Env));
    }
}
