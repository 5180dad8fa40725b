//! The scanner's JavaScript/TypeScript lexer: turns source bytes into tokens
//! with 1-based line/column and byte offsets, so that the rules match code and
//! never the text inside strings, comments, regex literals or the literal parts
//! of templates.
//!
//! It works on bytes (invalid UTF-8 is tolerated: stray bytes lex as identifier
//! characters), runs in one forward pass (O(n): every byte is examined a bounded
//! number of times) and never panics: unterminated strings, comments, templates
//! and regex literals produce a [`LexDiagnostic`] and lexing carries on.
//!
//! Context it keeps, because JavaScript's grammar is not regular:
//! * a stack of open brackets, so `}` knows whether it closes a template
//!   substitution `${ … }` (and lexing resumes inside the template) or a brace;
//! * whether a `/` starts a regex or is division, decided by the previous
//!   significant token (after `)` of `if (…)`/`while (…)`/`for (…)`/`with (…)` and
//!   after a `}` that closes a block it is a regex; after a value it is division);
//! * for every `{`, a guess of what it opens ([`BraceKind`]): a block, an object
//!   literal / type literal, or a class/interface/enum body. The rules use it to
//!   tell a key `{eval: 1}` or a method `eval() {}` from a reference to `eval`.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An identifier or keyword (possibly with `\u` escapes, see [`Token::escaped`]).
    Ident,
    /// `#name`.
    PrivateName,
    /// An operator or bracket.
    Punct,
    Number,
    /// `'…'` or `"…"`.
    String,
    /// A template literal or one of its literal parts.
    Template(TemplatePart),
    Regex,
    LineComment,
    BlockComment,
    /// `#!…` on the first line.
    Hashbang,
    /// A byte that cannot start any token.
    Invalid,
}

/// Which piece of a template literal a template token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart {
    /// `` `text` `` with no substitution.
    NoSubst,
    /// `` `text${ ``
    Head,
    /// `}text${`
    Middle,
    /// `` }text` ``
    Tail,
}

/// What a `{` opens (a heuristic; see the module comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BraceKind {
    /// A statement block or function body.
    Block,
    /// An object literal, destructuring pattern or TypeScript type literal.
    Object,
    /// A class, interface or enum body.
    Class,
}

/// One token. Offsets are byte offsets into the source; `line`/`column` are
/// 1-based, the column counting characters (UTF-8 scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    /// A line terminator lies between this token and the previous significant one.
    pub newline_before: bool,
    /// Identifier or string containing a backslash escape (decode before comparing).
    pub escaped: bool,
    /// For `{` tokens, what the brace opens; [`BraceKind::Block`] otherwise.
    pub brace: BraceKind,
}

impl Token {
    pub fn text<'a>(&self, src: &'a [u8]) -> &'a [u8] {
        src.get(self.start..self.end).unwrap_or(&[])
    }
    pub fn is_significant(&self) -> bool {
        !matches!(
            self.kind,
            TokenKind::LineComment | TokenKind::BlockComment | TokenKind::Hashbang
        )
    }
    /// True for a punctuator spelled exactly `p`.
    pub fn is_punct(&self, src: &[u8], p: &str) -> bool {
        let p = p.as_bytes();
        self.kind == TokenKind::Punct
            && self.end - self.start == p.len()
            && p.iter().enumerate().all(|(k, c)| src.get(self.start + k) == Some(c))
    }
}

/// How serious a lexer diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticLevel {
    Warning,
    Error,
}

/// A problem found while lexing (the token stream is still produced).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LexDiagnostic {
    pub level: DiagnosticLevel,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The result of [`tokenize`]: significant tokens (comments and hashbang dropped).
#[derive(Debug, Clone, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub diagnostics: Vec<LexDiagnostic>,
}

/// Lex a whole source, keeping only significant tokens.
pub fn tokenize(src: &[u8]) -> Lexed {
    let mut lx = Lexer::new(src);
    let mut tokens = Vec::with_capacity(src.len() / 5 + 8);
    while let Some(t) = lx.next_token() {
        if t.is_significant() {
            tokens.push(t);
        }
    }
    Lexed {
        tokens,
        diagnostics: lx.diagnostics,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `(`; `control` when it follows `if`/`while`/`for`/`with`.
    Paren {
        control: bool,
    },
    Bracket,
    /// `{`; `expr` when it opens an object literal (a value).
    Brace {
        expr: bool,
    },
    /// `${` of a template.
    TemplateSubst,
}

/// Frame data: unmatched `?` of conditional expressions in the current bracket level.
#[derive(Debug, Clone, Copy)]
struct Frame {
    open: Open,
    ternaries: u32,
}

/// Class of the previous significant token, enough to decide regex vs division
/// and what a `{` opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Start,
    /// A value: identifier, literal, `]`, `)` of a call, `}` of an object literal, `++`/`--`.
    Value,
    /// A keyword after which an expression starts (`return`, `typeof`, …).
    ExprKeyword,
    /// A keyword after which a statement/block starts (`else`, `do`, `try`, …).
    StmtKeyword,
    /// `)` closing a control head.
    ControlParen,
    /// `)` of a call, grouping or parameter list.
    Paren,
    /// `;`, `{`, `}` closing a block.
    StmtEnd,
    /// `=>`.
    Arrow,
    /// `:` of a conditional expression.
    TernaryColon,
    /// any other `:` (label, case, key, type annotation).
    Colon,
    /// Any other operator.
    Operator,
    /// A non-keyword identifier (class names before `{`).
    Name,
}

/// A streaming lexer (yields comments too). Use [`tokenize`] for the common case.
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    // line/column cursor
    cur: usize,
    line: u32,
    col: u32,
    stack: Vec<Frame>,
    prev: Prev,
    prev_dot: bool,
    pending_control: bool,
    /// Stack depth at which a `class`/`interface`/`enum` keyword waits for its body.
    pending_class: Option<usize>,
    newline_seen: bool,
    pub diagnostics: Vec<LexDiagnostic>,
}

const MAX_DEPTH: usize = 1 << 16;

/// Byte classes: bit 0 = may start an identifier, bit 1 = may continue one.
static IDENT_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 {
            t[b] = 3;
        } else if c.is_ascii_digit() {
            t[b] = 2;
        }
        b += 1;
    }
    t
};

fn is_ident_start(b: u8) -> bool {
    IDENT_CLASS[b as usize] & 1 != 0
}
fn is_ident_part(b: u8) -> bool {
    IDENT_CLASS[b as usize] & 2 != 0
}

/// Keywords after which an expression (so possibly a regex or object literal) starts.
fn is_expr_keyword(text: &[u8]) -> bool {
    matches!(
        text,
        b"return"
            | b"typeof"
            | b"instanceof"
            | b"in"
            | b"of"
            | b"new"
            | b"delete"
            | b"void"
            | b"throw"
            | b"case"
            | b"yield"
            | b"await"
            | b"default"
            | b"extends"
            | b"as"
            | b"satisfies"
            | b"import"
            | b"export"
            | b"const"
            | b"let"
            | b"var"
    )
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            cur: 0,
            line: 1,
            col: 1,
            stack: Vec::new(),
            prev: Prev::Start,
            prev_dot: false,
            pending_control: false,
            pending_class: None,
            newline_seen: false,
            diagnostics: Vec::new(),
        }
    }

    fn peek(&self, off: usize) -> u8 {
        self.src.get(self.pos + off).copied().unwrap_or(0)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// Move the line/column cursor forward to `pos` (each byte visited once overall).
    fn sync(&mut self, pos: usize) {
        let pos = pos.min(self.src.len());
        let src = self.src;
        while self.cur < pos {
            let b = src[self.cur];
            match b {
                b'\n' => {
                    if !(self.cur > 0 && src[self.cur - 1] == b'\r') {
                        self.line += 1;
                    }
                    self.col = 1;
                }
                b'\r' => {
                    self.line += 1;
                    self.col = 1;
                }
                0xE2 if src.get(self.cur + 1) == Some(&0x80) && matches!(src.get(self.cur + 2), Some(0xA8 | 0xA9)) => {
                    self.line += 1;
                    self.col = 1;
                    self.cur += 3;
                    continue;
                }
                _ => {
                    if b & 0xC0 != 0x80 {
                        self.col += 1;
                    }
                }
            }
            self.cur += 1;
        }
    }

    fn diag(&mut self, at: usize, message: &str) {
        self.sync(at);
        self.diagnostics.push(LexDiagnostic {
            level: DiagnosticLevel::Warning,
            line: self.line,
            column: self.col,
            message: message.to_string(),
        });
        // Bound memory on pathological inputs.
        if self.diagnostics.len() > 1000 {
            self.diagnostics.truncate(1000);
        }
    }

    /// Length of a line terminator at `p`, or 0.
    fn line_term_at(&self, p: usize) -> usize {
        match self.src.get(p) {
            Some(b'\n') | Some(b'\r') => 1,
            Some(0xE2) if self.src.get(p + 1) == Some(&0x80) && matches!(self.src.get(p + 2), Some(0xA8 | 0xA9)) => 3,
            _ => 0,
        }
    }

    /// Length of non-newline whitespace at `p` (ASCII or Unicode spaces), or 0.
    fn space_at(&self, p: usize) -> usize {
        match self.src.get(p) {
            Some(b' ' | b'\t' | 0x0B | 0x0C) => 1,
            Some(0xC2) if self.src.get(p + 1) == Some(&0xA0) => 2,
            Some(0xEF) if self.src.get(p + 1) == Some(&0xBB) && self.src.get(p + 2) == Some(&0xBF) => 3,
            Some(0xE1) if self.src.get(p + 1) == Some(&0x9A) && self.src.get(p + 2) == Some(&0x80) => 3,
            Some(0xE3) if self.src.get(p + 1) == Some(&0x80) && self.src.get(p + 2) == Some(&0x80) => 3,
            Some(0xE2) => {
                let b1 = self.src.get(p + 1).copied().unwrap_or(0);
                let b2 = self.src.get(p + 2).copied().unwrap_or(0);
                let space = (b1 == 0x80 && (0x80..=0x8A).contains(&b2) || b2 == 0xAF) || (b1 == 0x81 && b2 == 0x9F);
                if space {
                    3
                } else {
                    0
                }
            }
            _ => 0,
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.src.get(self.pos) {
                Some(b' ' | b'\t') => {
                    self.pos += 1;
                    continue;
                }
                Some(b'\n') => {
                    self.newline_seen = true;
                    self.pos += 1;
                    continue;
                }
                Some(&b) if b < 0x80 && b != b'\r' && b != 0x0B && b != 0x0C => return,
                None => return,
                _ => {}
            }
            let n = self.line_term_at(self.pos);
            if n > 0 {
                self.newline_seen = true;
                self.pos += n;
                continue;
            }
            let n = self.space_at(self.pos);
            if n > 0 {
                self.pos += n;
                continue;
            }
            return;
        }
    }

    fn make(&mut self, kind: TokenKind, start: usize, end: usize) -> Token {
        self.sync(start);
        let t = Token {
            kind,
            start,
            end,
            line: self.line,
            column: self.col,
            newline_before: self.newline_seen,
            escaped: false,
            brace: BraceKind::Block,
        };
        if t.is_significant() {
            self.newline_seen = false;
        }
        t
    }

    fn regex_allowed(&self) -> bool {
        !matches!(self.prev, Prev::Value | Prev::Paren | Prev::Name)
    }

    /// The next token (comments included), or `None` at end of input.
    pub fn next_token(&mut self) -> Option<Token> {
        if self.pos == 0 && self.src.starts_with(b"#!") {
            let end = self.line_end(0);
            self.pos = end;
            return Some(self.make(TokenKind::Hashbang, 0, end));
        }
        self.skip_trivia();
        if self.at_end() {
            if self.stack.iter().any(|f| f.open == Open::TemplateSubst) {
                self.stack.clear();
                self.diag(self.src.len(), "unterminated template literal (inside a substitution)");
            }
            self.sync(self.src.len());
            return None;
        }
        let start = self.pos;
        let b = self.src[start];
        let tok = match b {
            b'/' if self.peek(1) == b'/' => {
                let end = self.line_end(start);
                self.pos = end;
                return Some(self.make(TokenKind::LineComment, start, end));
            }
            b'/' if self.peek(1) == b'*' => return Some(self.block_comment(start)),
            b'/' if self.regex_allowed() => self.regex(start),
            b'\'' | b'"' => self.string(start, b),
            b'`' => {
                self.pos += 1;
                self.template(start, true)
            }
            b'}' if matches!(
                self.stack.last(),
                Some(Frame {
                    open: Open::TemplateSubst,
                    ..
                })
            ) =>
            {
                self.stack.pop();
                self.pos += 1;
                self.template(start, false)
            }
            b'0'..=b'9' => self.number(start),
            b'.' if self.peek(1).is_ascii_digit() => self.number(start),
            b'#' if is_ident_start(self.peek(1)) || self.peek(1) == b'\\' => {
                self.pos += 1;
                let mut t = self.ident(start);
                t.kind = TokenKind::PrivateName;
                t
            }
            _ if is_ident_start(b) || (b == b'\\' && self.peek(1) == b'u') => self.ident(start),
            _ => self.punct(start),
        };
        self.after_significant(&tok);
        Some(tok)
    }

    fn line_end(&self, from: usize) -> usize {
        let mut p = from;
        while p < self.src.len() && self.line_term_at(p) == 0 {
            p += 1;
        }
        p
    }

    fn block_comment(&mut self, start: usize) -> Token {
        let src = self.src;
        let mut p = start + 2;
        let mut closed = false;
        while p + 1 < src.len() {
            if src[p] == b'*' && src[p + 1] == b'/' {
                closed = true;
                break;
            }
            if self.line_term_at(p) > 0 {
                self.newline_seen = true;
            }
            p += 1;
        }
        let end = if closed { p + 2 } else { src.len() };
        if !closed {
            self.diag(start, "unterminated block comment");
        }
        self.pos = end;
        self.make(TokenKind::BlockComment, start, end)
    }

    fn string(&mut self, start: usize, quote: u8) -> Token {
        let src = self.src;
        let mut p = start + 1;
        let mut escaped = false;
        let mut closed = false;
        while p < src.len() {
            let c = src[p];
            if c == quote {
                closed = true;
                p += 1;
                break;
            }
            if c == b'\\' {
                escaped = true;
                p += 1;
                if src.get(p) == Some(&b'\r') && src.get(p + 1) == Some(&b'\n') {
                    p += 2;
                } else {
                    p += 1;
                }
                continue;
            }
            if c == b'\n' || c == b'\r' {
                break;
            }
            p += 1;
        }
        let p = p.min(src.len());
        if !closed {
            self.diag(start, "unterminated string literal");
        }
        self.pos = p;
        let mut t = self.make(TokenKind::String, start, p);
        t.escaped = escaped;
        t
    }

    /// Lex template characters from `self.pos` (just after `` ` `` or `}`).
    fn template(&mut self, start: usize, from_backtick: bool) -> Token {
        let src = self.src;
        let mut p = self.pos;
        let mut escaped = false;
        let mut end_kind = None;
        while p < src.len() {
            match src[p] {
                b'`' => {
                    p += 1;
                    end_kind = Some(false);
                    break;
                }
                b'\\' => {
                    escaped = true;
                    p += 2;
                }
                b'$' if src.get(p + 1) == Some(&b'{') => {
                    p += 2;
                    end_kind = Some(true);
                    break;
                }
                _ => p += 1,
            }
        }
        let p = p.min(src.len());
        let part = match (from_backtick, end_kind) {
            (true, Some(true)) => TemplatePart::Head,
            (false, Some(true)) => TemplatePart::Middle,
            (true, _) => TemplatePart::NoSubst,
            (false, _) => TemplatePart::Tail,
        };
        if end_kind.is_none() {
            self.diag(start, "unterminated template literal");
        }
        if end_kind == Some(true) {
            self.push(Open::TemplateSubst);
        }
        self.pos = p;
        let mut t = self.make(TokenKind::Template(part), start, p);
        t.escaped = escaped;
        t
    }

    fn push(&mut self, open: Open) {
        if self.stack.len() < MAX_DEPTH {
            self.stack.push(Frame { open, ternaries: 0 });
        }
    }

    fn regex(&mut self, start: usize) -> Token {
        let src = self.src;
        let mut p = start + 1;
        let mut in_class = false;
        let mut closed = false;
        while p < src.len() {
            if self.line_term_at(p) > 0 {
                break;
            }
            match src[p] {
                b'\\' => {
                    p += 1;
                    if self.line_term_at(p) > 0 {
                        break;
                    }
                    p += 1;
                }
                b'[' => {
                    in_class = true;
                    p += 1;
                }
                b']' => {
                    in_class = false;
                    p += 1;
                }
                b'/' if !in_class => {
                    p += 1;
                    closed = true;
                    break;
                }
                _ => p += 1,
            }
        }
        if !closed {
            // Not a regex after all (or a truncated one): treat the `/` as an operator
            // so that what follows is still lexed as code.
            self.diag(start, "unterminated regular expression literal (lexed as `/`)");
            self.pos = start + 1;
            return self.make(TokenKind::Punct, start, start + 1);
        }
        while p < src.len() && is_ident_part(src[p]) {
            p += 1;
        }
        self.pos = p;
        self.make(TokenKind::Regex, start, p)
    }

    fn number(&mut self, start: usize) -> Token {
        let src = self.src;
        let mut p = start;
        let radix = src[p] == b'0' && matches!(src.get(p + 1), Some(b'x' | b'X' | b'b' | b'B' | b'o' | b'O'));
        if radix {
            p += 2;
            while p < src.len() && (src[p].is_ascii_alphanumeric() || src[p] == b'_') {
                p += 1;
            }
        } else {
            while p < src.len() && (src[p].is_ascii_digit() || src[p] == b'_') {
                p += 1;
            }
            if src.get(p) == Some(&b'.') {
                p += 1;
                while p < src.len() && (src[p].is_ascii_digit() || src[p] == b'_') {
                    p += 1;
                }
            }
            if matches!(src.get(p), Some(b'e' | b'E')) {
                let mut q = p + 1;
                if matches!(src.get(q), Some(b'+' | b'-')) {
                    q += 1;
                }
                if src.get(q).is_some_and(u8::is_ascii_digit) {
                    p = q;
                    while p < src.len() && (src[p].is_ascii_digit() || src[p] == b'_') {
                        p += 1;
                    }
                }
            }
            // BigInt suffix and any glued identifier characters (invalid but harmless).
            while p < src.len() && is_ident_part(src[p]) {
                p += 1;
            }
        }
        self.pos = p;
        self.make(TokenKind::Number, start, p)
    }

    fn ident(&mut self, start: usize) -> Token {
        let src = self.src;
        let mut p = self.pos;
        let mut escaped = false;
        while let Some(&c) = src.get(p) {
            if c < 0x80 && is_ident_part(c) {
                p += 1;
                continue;
            }
            if c == b'\\' && src.get(p + 1) == Some(&b'u') {
                escaped = true;
                p += 2;
                if src.get(p) == Some(&b'{') {
                    p += 1;
                    while src.get(p).is_some_and(u8::is_ascii_hexdigit) {
                        p += 1;
                    }
                    if src.get(p) == Some(&b'}') {
                        p += 1;
                    }
                } else {
                    let mut k = 0;
                    while k < 4 && src.get(p).is_some_and(u8::is_ascii_hexdigit) {
                        p += 1;
                        k += 1;
                    }
                }
                continue;
            }
            // Unicode whitespace/line terminators end an identifier.
            if c >= 0x80 && (self.space_at(p) > 0 || self.line_term_at(p) > 0) {
                break;
            }
            if !is_ident_part(c) {
                break;
            }
            p += 1;
        }
        self.pos = p.max(start + 1);
        let mut t = self.make(TokenKind::Ident, start, self.pos);
        t.escaped = escaped;
        t
    }

    fn punct(&mut self, start: usize) -> Token {
        let rest = &self.src[start..];
        let at = |k: usize| rest.get(k).copied().unwrap_or(0);
        let (b0, b1, b2, b3) = (rest[0], at(1), at(2), at(3));
        let len = match b0 {
            b'{' | b'}' | b'(' | b')' | b'[' | b']' | b';' | b',' | b'~' | b':' | b'@' | b'#' => 1,
            b'.' => {
                if b1 == b'.' && b2 == b'.' {
                    3
                } else {
                    1
                }
            }
            b'?' => match b1 {
                b'?' if b2 == b'=' => 3,
                b'?' => 2,
                // `?.` followed by a digit is `?` then a number (`a?.5:b`).
                b'.' if !b2.is_ascii_digit() => 2,
                _ => 1,
            },
            b'=' | b'!' => match (b1, b2) {
                (b'=', b'=') => 3,
                (b'=', _) => 2,
                (b'>', _) if b0 == b'=' => 2,
                _ => 1,
            },
            b'<' => match (b1, b2) {
                (b'<', b'=') => 3,
                (b'<' | b'=', _) => 2,
                _ => 1,
            },
            b'>' => match (b1, b2, b3) {
                (b'>', b'>', b'=') => 4,
                (b'>', b'>', _) | (b'>', b'=', _) => 3,
                (b'>' | b'=', _, _) => 2,
                _ => 1,
            },
            b'&' | b'|' | b'*' => {
                if b1 == b0 && b2 == b'=' {
                    3
                } else if b1 == b0 || b1 == b'=' {
                    2
                } else {
                    1
                }
            }
            b'+' | b'-' => {
                if b1 == b0 || b1 == b'=' {
                    2
                } else {
                    1
                }
            }
            b'/' | b'%' | b'^' => {
                if b1 == b'=' {
                    2
                } else {
                    1
                }
            }
            _ => 0,
        };
        let (kind, len) = if len == 0 {
            (TokenKind::Invalid, 1)
        } else {
            (TokenKind::Punct, len)
        };
        self.pos = start + len;
        let mut t = self.make(kind, start, start + len);
        if kind == TokenKind::Punct && len == 1 && b0 == b'{' {
            t.brace = self.brace_kind();
        }
        t
    }

    /// Decide what a `{` about to be pushed opens.
    fn brace_kind(&self) -> BraceKind {
        if self.pending_class == Some(self.stack.len()) {
            return BraceKind::Class;
        }
        match self.prev {
            Prev::Start | Prev::StmtEnd | Prev::StmtKeyword | Prev::ControlParen | Prev::Paren | Prev::Arrow => {
                BraceKind::Block
            }
            Prev::Colon => match self.stack.last().map(|f| f.open) {
                Some(Open::Brace { expr: true }) | Some(Open::Paren { .. }) | Some(Open::Bracket) => BraceKind::Object,
                Some(Open::TemplateSubst) => BraceKind::Object,
                _ => BraceKind::Block,
            },
            Prev::Name | Prev::Value => BraceKind::Block,
            Prev::ExprKeyword | Prev::TernaryColon | Prev::Operator => BraceKind::Object,
        }
    }

    fn after_significant(&mut self, tok: &Token) {
        let text = tok.text(self.src);
        let was_dot = self.prev_dot;
        self.prev_dot = false;
        let control = std::mem::take(&mut self.pending_control);
        match tok.kind {
            TokenKind::Ident => {
                if was_dot {
                    self.prev = Prev::Value;
                    return;
                }
                if matches!(text, b"if" | b"while" | b"for" | b"with") {
                    self.pending_control = true;
                    self.prev = Prev::StmtKeyword;
                } else if matches!(text, b"class" | b"interface" | b"enum") {
                    self.pending_class = Some(self.stack.len());
                    self.prev = Prev::Name;
                } else if is_expr_keyword(text) {
                    self.prev = Prev::ExprKeyword;
                } else if matches!(text, b"else" | b"do" | b"try" | b"finally" | b"static") {
                    self.prev = Prev::StmtKeyword;
                } else if matches!(text, b"this" | b"super" | b"null" | b"true" | b"false") {
                    self.prev = Prev::Value;
                } else {
                    self.prev = Prev::Name;
                }
                // `for await (`
                if control && text == b"await" {
                    self.pending_control = true;
                }
            }
            TokenKind::PrivateName | TokenKind::Number | TokenKind::String | TokenKind::Regex => {
                self.prev = Prev::Value
            }
            TokenKind::Template(TemplatePart::NoSubst | TemplatePart::Tail) => self.prev = Prev::Value,
            TokenKind::Template(_) => self.prev = Prev::Operator,
            TokenKind::Invalid => self.prev = Prev::Operator,
            TokenKind::Punct => self.after_punct(text, control, tok.brace),
            TokenKind::LineComment | TokenKind::BlockComment | TokenKind::Hashbang => {}
        }
    }

    fn after_punct(&mut self, text: &[u8], control: bool, brace: BraceKind) {
        match text {
            b"(" => {
                self.push(Open::Paren { control });
                self.prev = Prev::Operator;
            }
            b"[" => {
                self.push(Open::Bracket);
                self.prev = Prev::Operator;
            }
            b"{" => {
                if self.pending_class == Some(self.stack.len()) {
                    self.pending_class = None;
                }
                self.push(Open::Brace {
                    expr: brace == BraceKind::Object,
                });
                self.prev = Prev::StmtEnd;
            }
            b")" => {
                let was_control = match self.stack.last() {
                    Some(Frame {
                        open: Open::Paren { control },
                        ..
                    }) => {
                        let c = *control;
                        self.stack.pop();
                        c
                    }
                    _ => false,
                };
                self.prev = if was_control { Prev::ControlParen } else { Prev::Paren };
            }
            b"]" => {
                if matches!(
                    self.stack.last(),
                    Some(Frame {
                        open: Open::Bracket,
                        ..
                    })
                ) {
                    self.stack.pop();
                }
                self.prev = Prev::Value;
            }
            b"}" => {
                let expr = match self.stack.last() {
                    Some(Frame {
                        open: Open::Brace { expr },
                        ..
                    }) => {
                        let e = *expr;
                        self.stack.pop();
                        e
                    }
                    _ => false,
                };
                self.prev = if expr { Prev::Value } else { Prev::StmtEnd };
            }
            b";" => {
                if self.pending_class == Some(self.stack.len()) {
                    self.pending_class = None;
                }
                self.prev = Prev::StmtEnd;
            }
            b"." | b"?." => {
                self.prev_dot = true;
                self.prev = Prev::Operator;
            }
            b"++" | b"--" => self.prev = Prev::Value,
            b"=>" => self.prev = Prev::Arrow,
            b"?" => {
                if let Some(f) = self.stack.last_mut() {
                    f.ternaries = f.ternaries.saturating_add(1);
                }
                self.prev = Prev::Operator;
            }
            b":" => {
                let ternary = match self.stack.last_mut() {
                    Some(f) if f.ternaries > 0 => {
                        f.ternaries -= 1;
                        true
                    }
                    _ => false,
                };
                self.prev = if ternary { Prev::TernaryColon } else { Prev::Colon };
            }
            _ => self.prev = Prev::Operator,
        }
    }
}

/// Decode an identifier's `\uXXXX` / `\u{…}` escapes (lossy for invalid ones).
pub fn decode_ident(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && raw.get(i + 1) == Some(&b'u') {
            let (cp, used) = parse_unicode_escape(&raw[i + 2..]);
            push_char(&mut out, cp);
            i += 2 + used;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

/// Parse the part after `\u`: `XXXX` or `{X…}`. Returns the code point and bytes used.
fn parse_unicode_escape(s: &[u8]) -> (Option<u32>, usize) {
    if s.first() == Some(&b'{') {
        let mut v: u32 = 0;
        let mut i = 1;
        let mut ok = true;
        while i < s.len() && s[i] != b'}' {
            match (s[i] as char).to_digit(16) {
                Some(d) if v <= 0x10FFFF => v = v * 16 + d,
                _ => ok = false,
            }
            i += 1;
            if i > 12 {
                ok = false;
                break;
            }
        }
        let used = if s.get(i) == Some(&b'}') { i + 1 } else { i };
        (if ok { Some(v) } else { None }, used)
    } else {
        let mut v = 0u32;
        let mut i = 0;
        while i < 4 {
            match s.get(i).and_then(|b| (*b as char).to_digit(16)) {
                Some(d) => v = v * 16 + d,
                None => return (None, i),
            }
            i += 1;
        }
        (Some(v), 4)
    }
}

fn push_char(out: &mut Vec<u8>, cp: Option<u32>) {
    let c = cp.and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// The cooked value of a string token (quotes removed) or a template chunk
/// (delimiters `` ` ``, `${`, `}` removed), with escapes decoded.
pub fn literal_value(tok: &Token, src: &[u8]) -> Vec<u8> {
    let raw = tok.text(src);
    let (open, close): (usize, usize) = match tok.kind {
        TokenKind::String => (1, usize::from(raw.len() >= 2 && raw.last() == raw.first())),
        TokenKind::Template(TemplatePart::NoSubst) => (1, usize::from(raw.len() >= 2 && raw.ends_with(b"`"))),
        TokenKind::Template(TemplatePart::Head) => (1, 2),
        TokenKind::Template(TemplatePart::Middle) => (1, 2),
        TokenKind::Template(TemplatePart::Tail) => (1, usize::from(raw.len() >= 2 && raw.ends_with(b"`"))),
        _ => return raw.to_vec(),
    };
    let body = raw.get(open..raw.len().saturating_sub(close)).unwrap_or(&[]);
    if !tok.escaped {
        return body.to_vec();
    }
    decode_escapes(body)
}

fn decode_escapes(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != b'\\' || i + 1 >= body.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = body[i + 1];
        i += 2;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0C),
            b'v' => out.push(0x0B),
            b'0'..=b'7' => {
                // Legacy octal (and \0).
                let mut v = u32::from(e - b'0');
                let mut k = 0;
                while k < 2
                    && i < body.len()
                    && (b'0'..=b'7').contains(&body[i])
                    && v * 8 + u32::from(body[i] - b'0') <= 0xFF
                {
                    v = v * 8 + u32::from(body[i] - b'0');
                    i += 1;
                    k += 1;
                }
                push_char(&mut out, Some(v));
            }
            b'x' => {
                let h = body
                    .get(i..i + 2)
                    .and_then(|s| std::str::from_utf8(s).ok())
                    .and_then(|s| u32::from_str_radix(s, 16).ok());
                if h.is_some() {
                    i += 2;
                }
                push_char(&mut out, h);
            }
            b'u' => {
                let (cp, used) = parse_unicode_escape(&body[i..]);
                i += used;
                // Surrogate pairs: \uD83D\uDE00.
                if let Some(hi @ 0xD800..=0xDBFF) = cp {
                    if body.get(i) == Some(&b'\\') && body.get(i + 1) == Some(&b'u') {
                        let (lo, used2) = parse_unicode_escape(&body[i + 2..]);
                        if let Some(lo @ 0xDC00..=0xDFFF) = lo {
                            i += 2 + used2;
                            push_char(&mut out, Some(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)));
                            continue;
                        }
                    }
                }
                push_char(&mut out, cp);
            }
            b'\r' => {
                if body.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(TokenKind, String)> {
        tokenize(src.as_bytes())
            .tokens
            .iter()
            .map(|t| (t.kind, String::from_utf8_lossy(t.text(src.as_bytes())).into_owned()))
            .collect()
    }

    #[test]
    fn comments_are_dropped_and_positions_are_one_based() {
        let src = "// a\n/* b\n c */ x = 1";
        let l = tokenize(src.as_bytes());
        assert_eq!(l.tokens.len(), 3);
        assert_eq!((l.tokens[0].line, l.tokens[0].column), (3, 7));
        assert!(l.tokens[0].newline_before);
        assert_eq!(l.tokens[0].start, 16);
    }

    #[test]
    fn strings_with_escapes_and_quotes() {
        let k = kinds(r#"a = 'it\'s' + "say \"hi\"";"#);
        assert_eq!(k[2], (TokenKind::String, r"'it\'s'".into()));
        assert_eq!(k[4], (TokenKind::String, r#""say \"hi\"""#.into()));
        assert_eq!(k.len(), 6);
    }

    #[test]
    fn template_with_nested_substitutions() {
        let src = "`a${ {b: `c${d}`}['b'] }e` + f";
        let k = kinds(src);
        assert_eq!(k[0].0, TokenKind::Template(TemplatePart::Head));
        assert_eq!(k.last().unwrap().1, "f");
        assert!(k
            .iter()
            .any(|(t, s)| *t == TokenKind::Template(TemplatePart::Tail) && s == "}e`"));
        assert!(k.iter().any(|(t, s)| *t == TokenKind::Ident && s == "d"));
    }

    #[test]
    fn regex_versus_division() {
        let k = kinds("a = b / c / d; x = /re[/]x/g.test(y); if (z) /q/.exec(w)");
        assert!(k.iter().filter(|(t, _)| *t == TokenKind::Regex).count() == 2);
        assert_eq!(k[3], (TokenKind::Punct, "/".into()));
        let k = kinds("o = {} / eval(x) / 1");
        assert!(k.iter().all(|(t, _)| *t != TokenKind::Regex), "{k:?}");
        let k = kinds("function f() {}\n/eval(x)/.test(s)");
        assert!(k.iter().any(|(t, _)| *t == TokenKind::Regex));
    }

    #[test]
    fn numbers_private_names_hashbang() {
        let k = kinds("#!/usr/bin/env node\nclass A { #x = 0x1F + 1e-3 + .5 + 10n + 1_000 }");
        assert!(k.iter().any(|(t, s)| *t == TokenKind::PrivateName && s == "#x"));
        let nums: Vec<_> = k
            .iter()
            .filter(|(t, _)| *t == TokenKind::Number)
            .map(|x| x.1.clone())
            .collect();
        assert_eq!(nums, vec!["0x1F", "1e-3", ".5", "10n", "1_000"]);
        assert_eq!(k[0].1, "class");
    }

    #[test]
    fn unterminated_things_are_diagnosed_not_fatal() {
        for src in ["'abc", "\"abc\nx", "`abc${", "/* abc", "x = /abc", "`a${`b"] {
            let l = tokenize(src.as_bytes());
            assert!(!l.diagnostics.is_empty(), "{src}");
        }
    }

    #[test]
    fn invalid_utf8_and_unicode_whitespace() {
        let src = b"a\xff\xfe = 1;\xe2\x80\xa8b\xc2\xa0= 2";
        let l = tokenize(src);
        assert_eq!(l.tokens.len(), 7);
        assert_eq!(l.tokens[4].text(src), b"b");
        assert_eq!((l.tokens[4].line, l.tokens[4].column), (2, 1));
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(decode_ident(br"ev\u0061l"), b"eval");
        assert_eq!(decode_ident(br"\u{65}val"), b"eval");
        assert_eq!(decode_escapes(br"\x76\u006d\166"), b"vmv");
    }

    #[test]
    fn brace_kinds() {
        let src = "class A { m() {} } x = { a: 1 }; if (x) { y }";
        let l = tokenize(src.as_bytes());
        let braces: Vec<_> = l
            .tokens
            .iter()
            .filter(|t| t.is_punct(src.as_bytes(), "{"))
            .map(|t| t.brace)
            .collect();
        assert_eq!(
            braces,
            vec![BraceKind::Class, BraceKind::Block, BraceKind::Object, BraceKind::Block]
        );
    }
}
