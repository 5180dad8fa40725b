//! The tokens of a program text the shell analysis reads for the commands it
//! runs (inline code, a program file an agent writes, an awk program): string
//! and command literals, words, punctuation and statement ends, by each
//! language's quoting and comment rules ([`Syntax`]), and a cheap test of
//! whether a text may call a function at all ([`may_call`]).
//!
//! Words borrow from the text and literals borrow unless they hold an escape,
//! so a large program file costs one pass and few allocations.

use std::borrow::Cow;

/// A token of a program text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    Str(Cow<'a, str>),
    /// A command literal: backticks in Perl, Ruby and PHP, `qx{…}`, `%x(…)`.
    Cmd(Cow<'a, str>),
    Word(&'a str),
    Punct(char),
    /// `;` or a newline.
    End,
}

/// How a language spells strings and comments, for [`tokens`].
pub(crate) struct Syntax {
    pub single_quotes: bool,
    /// Backticks run a command (else they quote a string).
    pub backtick_cmd: bool,
    pub hash_comment: bool,
    pub slash_comment: bool,
    /// `/…/` where an operand is expected is a regular expression (awk).
    pub slash_regex: bool,
    /// Perl's `q(…)`, `qq{…}`, `qx{…}`.
    pub perl_quotes: bool,
    /// Ruby's `%q(…)`, `%Q(…)`, `%(…)`, `%x(…)`.
    pub ruby_percent: bool,
    /// Python's triple-quoted strings and string prefixes (`f'…'`, `r"…"`).
    pub python_strings: bool,
}

pub(crate) const AWK_SYNTAX: Syntax = Syntax {
    single_quotes: false,
    backtick_cmd: false,
    hash_comment: true,
    slash_comment: false,
    slash_regex: true,
    perl_quotes: false,
    ruby_percent: false,
    python_strings: false,
};

fn closing_delimiter(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        c => c,
    }
}

fn word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@')
}

/// The quoted run of `src` from `i` (just past the opening delimiter, which
/// like the closing one is ASCII) to its close, with backslash escapes
/// (`\n`, `\t`, any other character stands for itself); nested pairs count
/// when the delimiters differ, and `triple` closes on three of them. Returns
/// the text (borrowed when it holds no escape) and the index past the close.
fn quoted(src: &str, mut i: usize, open: u8, close: u8, triple: bool) -> (Cow<'_, str>, usize) {
    let b = src.as_bytes();
    let start = i;
    let mut owned: Option<String> = None;
    // Start of the text not yet copied into `owned`.
    let mut from = i;
    let mut nest = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() {
            let s = owned.get_or_insert_with(String::new);
            s.push_str(&src[from..i]);
            let next = src[i + 1..].chars().next().unwrap_or('\\');
            s.push(match next {
                'n' => '\n',
                't' => '\t',
                o => o,
            });
            i += 1 + next.len_utf8();
            from = i;
            continue;
        }
        let closes = if triple {
            c == close && b.get(i + 1) == Some(&close) && b.get(i + 2) == Some(&close)
        } else {
            c == close && nest == 0
        };
        if closes {
            return (literal(src, start, from, i, owned), i + if triple { 3 } else { 1 });
        }
        if !triple && open != close {
            if c == open {
                nest += 1;
            } else if c == close {
                nest -= 1;
            }
        }
        i += 1;
    }
    (literal(src, start, from, src.len(), owned), i)
}

/// A literal's text ending at `end`: the borrowed run from `start` when it
/// held no escape, else the unescaped text so far and the run from `from`.
fn literal(src: &str, start: usize, from: usize, end: usize, owned: Option<String>) -> Cow<'_, str> {
    match owned {
        Some(mut s) => {
            s.push_str(&src[from..end]);
            Cow::Owned(s)
        }
        None => Cow::Borrowed(&src[start..end]),
    }
}

/// Split a program text into string literals, command literals, words,
/// punctuation and statement ends. Every delimiter the rules look for is
/// ASCII, so the text is read byte by byte; a character outside ASCII is a
/// blank or a punctuation token, as `char::is_whitespace` says.
pub(crate) fn tokens<'a>(src: &'a str, sx: &Syntax) -> Vec<Tok<'a>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let operand_expected = !matches!(
            out.last(),
            Some(Tok::Str(_) | Tok::Cmd(_) | Tok::Word(_) | Tok::Punct(')' | ']'))
        );
        match c {
            b'\n' | b';' => {
                out.push(Tok::End);
                i += 1;
            }
            c if !c.is_ascii() => {
                let ch = src
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                if !ch.is_whitespace() {
                    out.push(Tok::Punct(ch));
                }
                i += ch.len_utf8();
            }
            c if c.is_ascii_whitespace() || c == 0x0b => i += 1,
            b'#' if sx.hash_comment && (i == 0 || b[i - 1] != b'$') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
            }
            b'/' if sx.slash_comment && next == Some(b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
            }
            b'/' if sx.slash_comment && next == Some(b'*') => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |k| i + 2 + k + 2);
            }
            b'/' if sx.slash_regex && operand_expected => {
                i += 1;
                while i < b.len() && b[i] != b'/' && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push(Tok::Word(""));
            }
            b'"' | b'\'' if c == b'"' || sx.single_quotes => {
                let triple = sx.python_strings && next == Some(c) && b.get(i + 2) == Some(&c);
                let (s, j) = quoted(src, i + if triple { 3 } else { 1 }, c, c, triple);
                out.push(Tok::Str(s));
                i = j;
            }
            b'`' => {
                let (s, j) = quoted(src, i + 1, c, c, false);
                out.push(if sx.backtick_cmd { Tok::Cmd(s) } else { Tok::Str(s) });
                i = j;
            }
            b'%' if sx.ruby_percent
                && (operand_expected || ruby_argument_after_word(&out, b, i))
                && ruby_percent_literal(&b[i + 1..]) =>
            {
                let (command, open_at) = match next {
                    Some(b'x' | b'q' | b'Q') => (next == Some(b'x'), i + 2),
                    _ => (false, i + 1),
                };
                let open = b[open_at];
                let (s, j) = quoted(src, open_at + 1, open, closing_delimiter(open), false);
                out.push(if command { Tok::Cmd(s) } else { Tok::Str(s) });
                i = j;
            }
            c if word_byte(c) => {
                let start = i;
                while i < b.len() && (word_byte(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                let w = &src[start..i];
                let delim = b.get(i).copied();
                let perl_quote = sx.perl_quotes
                    && matches!(w, "q" | "qq" | "qx")
                    && delim.is_some_and(|d| d.is_ascii_punctuation() && !matches!(d, b'=' | b',' | b';' | b')'));
                let string_prefix = sx.python_strings
                    && w.len() <= 2
                    && w.bytes().all(|c| b"rRbBuUfF".contains(&c))
                    && matches!(delim, Some(b'\'' | b'"'));
                if perl_quote {
                    let open = b[i];
                    let (s, j) = quoted(src, i + 1, open, closing_delimiter(open), false);
                    out.push(if w == "qx" { Tok::Cmd(s) } else { Tok::Str(s) });
                    i = j;
                } else if !string_prefix {
                    out.push(Tok::Word(w));
                }
            }
            c => {
                out.push(Tok::Punct(char::from(c)));
                i += 1;
            }
        }
    }
    out
}

/// Whether a `%` after a word starts the word's first argument, as Ruby
/// reads `puts %x(ls)` or `sh %x{…}`: a blank before the `%` and none after
/// it (`a % b` and `a%b` stay the modulo operator). Ruby reads it as modulo
/// only when the word is a local variable, which this reading does not track:
/// a literal there is read as one.
fn ruby_argument_after_word(out: &[Tok], b: &[u8], i: usize) -> bool {
    matches!(out.last(), Some(Tok::Word(_)))
        && i > 0
        && matches!(b[i - 1], b' ' | b'\t')
        && b.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace())
}

/// Whether the text after a `%` starts a Ruby percent literal: `%(…)`, `%{…}`,
/// `%[…]`, or `%x`/`%q`/`%Q` and a delimiter.
fn ruby_percent_literal(rest: &[u8]) -> bool {
    match rest {
        [b'(' | b'{' | b'[', ..] => true,
        [b'x' | b'q' | b'Q', d, ..] => d.is_ascii_punctuation(),
        _ => false,
    }
}

/// Whether `code` may hold a call of one of `names` as [`tokens`] reads it:
/// a word ending in the name (`name` or `….name`) followed by `(`, with
/// only blanks and, where the language has them, block comments between (a
/// newline, `;` or a line comment ends the statement first). Each `(` is read
/// back to the word before it, in one pass over the text; a gap holding a
/// comment's close or a byte outside ASCII (the tokenizer may read it as a
/// blank) answers yes. With `bare` (Perl's and Ruby's `system "…"`) any
/// mention of a name may be a call. A cheap test that never says no to a call
/// the tokenizer would find, so a program text that names a function only in
/// prose (`# run the tests`) or calls none of them is not tokenized.
pub(crate) fn may_call(code: &str, names: &[&str], bare: bool, sx: &Syntax) -> bool {
    let mentioned = names.iter().any(|n| code.contains(n));
    if bare || !mentioned {
        return mentioned;
    }
    let b = code.as_bytes();
    memchr::memchr_iter(b'(', b).any(|open| {
        let mut end = open;
        while end > 0 && matches!(b[end - 1], b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
            end -= 1;
        }
        match end.checked_sub(1).map(|k| b[k]) {
            Some(c) if word_byte(c) => {
                let start = b[..end].iter().rposition(|&c| !word_byte(c)).map_or(0, |k| k + 1);
                names.iter().any(|n| n.as_bytes() == &b[start..end])
            }
            Some(b'/') => sx.slash_comment,
            Some(c) => !c.is_ascii(),
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON: Syntax = Syntax {
        single_quotes: true,
        backtick_cmd: false,
        hash_comment: true,
        slash_comment: false,
        slash_regex: false,
        perl_quotes: false,
        ruby_percent: false,
        python_strings: true,
    };
    const JS: Syntax = Syntax {
        single_quotes: true,
        backtick_cmd: false,
        hash_comment: false,
        slash_comment: true,
        slash_regex: false,
        perl_quotes: false,
        ruby_percent: false,
        python_strings: false,
    };
    const PHP: Syntax = Syntax {
        single_quotes: true,
        backtick_cmd: true,
        hash_comment: true,
        slash_comment: true,
        slash_regex: false,
        perl_quotes: false,
        ruby_percent: false,
        python_strings: false,
    };
    const NAMES: [&str; 3] = ["run", "system", "execSync"];

    /// Whether the tokens hold a call of one of [`NAMES`] as the shell
    /// analysis reads one: a word whose last dotted part is the name, then `(`.
    fn tokenizer_sees_call(text: &str, sx: &Syntax) -> bool {
        let toks = tokens(text, sx);
        toks.windows(2).any(|w| match w {
            [Tok::Word(word), Tok::Punct('(')] => NAMES.contains(&word.rsplit('.').next().unwrap_or(word)),
            _ => false,
        })
    }

    /// SLO-11: the prefilter is sound. Over a grid of spellings of the word
    /// before a name, the name, the gap before `(` (blanks, line ends, block
    /// and line comments, characters outside ASCII, strings) and what
    /// follows, `may_call` answers yes wherever the tokenizer reads a call.
    #[test]
    fn slo_11_may_call_never_says_no_to_a_call_the_tokenizer_reads() {
        let before = [
            "", "x", "os.", "$", "@", "a.b.", "\"s\"", "'", "1 .", "/* */", "# c\n", "// c\n", "\u{a0}", "é",
        ];
        let names = ["run", "system", "execSync", "exec", "runs", "Run"];
        let gaps = [
            "",
            " ",
            "\t",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{1c}",
            "\n",
            ";",
            "/* c */",
            "/* c\n */",
            "/**/ ",
            "// c\n",
            "# c\n",
            "\u{a0}",
            "\u{2028}",
            "é",
            ".",
            "'",
            "\"",
            "*/",
            " /* a */ /* b */ ",
        ];
        let after = ["(", "(\"curl x | sh\")", "\"", ""];
        let (mut calls, mut checked) = (0, 0);
        for sx in [&PYTHON, &JS, &PHP] {
            for b in before {
                for n in names {
                    for g in gaps {
                        for a in after {
                            let text = format!("{b}{n}{g}{a}");
                            let seen = tokenizer_sees_call(&text, sx);
                            calls += usize::from(seen);
                            checked += 1;
                            assert!(!seen || may_call(&text, &NAMES, false, sx), "missed a call in {text:?}");
                        }
                    }
                }
            }
        }
        assert!(calls > 100 && calls < checked / 2, "{calls} calls of {checked}");
    }

    /// SLO-14 (what the prefilter is for): a text that names a function only
    /// in prose, in a comment, or without `(` right after it is not read as
    /// a call, so it is not tokenized.
    #[test]
    fn slo_14_may_call_says_no_to_names_that_are_not_calls() {
        let no = [
            "# run the tests first\nx = 1\n",
            "\"\"\"We run this nightly.\"\"\"\n",
            "runner(x)\nrerun (y)\n",
            "run\n(x)\n",
            "system; (x)\n",
            "self.system_name(1)\n",
            "run.x(1)\n",
        ];
        for t in no {
            assert!(!may_call(t, &NAMES, false, &PYTHON), "{t:?}");
        }
        let yes = [
            "subprocess.run(['ls'])",
            "os.system (cmd)",
            "run\t(x)",
            "x.run\u{a0}(1)",
        ];
        for t in yes {
            assert!(may_call(t, &NAMES, false, &PYTHON), "{t:?}");
        }
        assert!(may_call("cp.execSync /* c */ ('ls')", &NAMES, false, &JS));
        assert!(!may_call("cp.execSync // c\n('ls')", &NAMES, false, &JS));
        assert!(
            may_call("system 'ls'", &NAMES, true, &PYTHON),
            "a bare call needs no parenthesis"
        );
    }

    /// SLO-11: literals borrow from the text unless they hold an escape, and
    /// escapes, nesting and characters outside ASCII read as before.
    #[test]
    fn slo_11_tokens_read_escapes_nesting_and_wide_characters() {
        let t = tokens("a = 'x\\'y' + \"é\\né\" ; b.c(`ls`)\u{a0}é", &PHP);
        assert_eq!(
            t,
            vec![
                Tok::Word("a"),
                Tok::Punct('='),
                Tok::Str(Cow::Borrowed("x'y")),
                Tok::Punct('+'),
                Tok::Str(Cow::Borrowed("é\né")),
                Tok::End,
                Tok::Word("b.c"),
                Tok::Punct('('),
                Tok::Cmd(Cow::Borrowed("ls")),
                Tok::Punct(')'),
                Tok::Punct('é'),
            ]
        );
        assert!(matches!(&tokens("'plain'", &PHP)[0], Tok::Str(Cow::Borrowed("plain"))));
        assert!(matches!(&tokens("'a\\tb'", &PHP)[0], Tok::Str(Cow::Owned(s)) if s == "a\tb"));
        let perl = Syntax {
            perl_quotes: true,
            ..PHP
        };
        assert_eq!(tokens("qx{a {b} c}", &perl), vec![Tok::Cmd(Cow::Borrowed("a {b} c"))]);
        let ruby = Syntax {
            ruby_percent: true,
            ..PHP
        };
        assert_eq!(tokens("%x(ls)", &ruby), vec![Tok::Cmd(Cow::Borrowed("ls"))]);
        assert_eq!(
            tokens("puts %x{ls}", &ruby),
            vec![Tok::Word("puts"), Tok::Cmd(Cow::Borrowed("ls"))]
        );
        assert_eq!(
            tokens("a % x(1)", &ruby),
            vec![
                Tok::Word("a"),
                Tok::Punct('%'),
                Tok::Word("x"),
                Tok::Punct('('),
                Tok::Word("1"),
                Tok::Punct(')')
            ]
        );
        assert!(!tokens("a %x\nb %w(ls) %q{ls}", &ruby)
            .iter()
            .any(|t| matches!(t, Tok::Cmd(_))));
        assert_eq!(tokens("'''a'b'''", &PYTHON), vec![Tok::Str(Cow::Borrowed("a'b"))]);
    }
}
