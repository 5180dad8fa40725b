//! The nesting guard: a cheap byte scan that bounds, from above, how deeply a
//! source could nest once parsed, so that the recursive-descent parser, the
//! semantic builder and the rule visitor (all recursive) never run out of stack.
//!
//! The parser (oxc) has no depth limit of its own. The scanner runs every
//! analysis on a thread with a large stack ([`ANALYSIS_STACK_BYTES`]) and
//! refuses, fail closed, any source whose estimate exceeds [`MAX_NESTING`].
//!
//! The estimate is the number of open brackets plus, at every bracket level,
//! the number of operator characters and words seen since the last point where
//! an expression certainly ended (`;`, `,`, or a line break between two tokens
//! that cannot continue one expression). Binary chains, prefix operators, member
//! chains and brace-less nested statements therefore all count. String,
//! template and comment contents are skipped; a `/` is read as a regular
//! expression after an operator or an opening bracket. The skip is heuristic:
//! where it is unsure it keeps counting (an unterminated string is re-read as
//! code), so a desync can only over-estimate on ordinary code.

/// Sources whose nesting estimate exceeds this are not analysed (fail closed).
pub const MAX_NESTING: usize = 6000;

/// Stack of the analysis thread.
pub const ANALYSIS_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Words after which a line break does not end the expression or statement.
const CONTINUING_WORDS: &[&[u8]] = &[
    b"new",
    b"typeof",
    b"void",
    b"delete",
    b"await",
    b"yield",
    b"else",
    b"do",
    b"return",
    b"throw",
    b"case",
    b"in",
    b"of",
    b"instanceof",
    b"as",
    b"satisfies",
    b"extends",
    b"keyof",
    b"is",
    b"export",
    b"default",
    b"async",
    b"let",
    b"const",
    b"var",
];

/// Words that, first on a line, continue the previous expression.
const CONTINUING_LEADERS: &[&[u8]] = &[b"in", b"instanceof", b"as", b"satisfies", b"of", b"is", b"extends"];

/// Words whose `( … )` is a statement head (`if (x)` then a body).
const HEAD_WORDS: &[&[u8]] = &[b"if", b"for", b"while", b"with", b"catch", b"switch"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `(` — and whether it is a statement head.
    Paren(bool),
    Bracket,
    Brace,
    /// `${` inside a template.
    Subst,
}

/// Identifier bytes: ASCII letters and digits, `_`, `$`, `\\` (an escape) and
/// every non-ASCII byte.
const IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'\\' || c >= 0x80;
        b += 1;
    }
    t
};

#[inline]
fn is_ident_byte(b: u8) -> bool {
    IDENT[b as usize]
}

/// The index of the first byte of `src[from..end]` in `set`, or `end`
/// (eight bytes at a time: comments and strings are most of many sources).
#[inline]
fn find_any(src: &[u8], from: usize, end: usize, set: &[u8]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= end {
        let mut w = [0u8; 8];
        w.copy_from_slice(&src[i..i + 8]);
        let x = u64::from_le_bytes(w);
        let mut m = 0u64;
        for &c in set {
            let v = x ^ (LO * u64::from(c));
            // High bit of every zero byte of `v` (and possibly of bytes above
            // the first: the lowest one found is exact).
            m |= v.wrapping_sub(LO) & !v & HI;
        }
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end {
        if set.contains(&src[i]) {
            return i;
        }
        i += 1;
    }
    end
}

/// An upper-bound estimate of the parse depth of `src`.
pub fn nesting_estimate(src: &[u8]) -> usize {
    let n = src.len();
    let mut stack: Vec<(Open, usize)> = Vec::new(); // (kind, segment count at this level)
    let mut seg = 0usize; // current level's count
    let mut sum = 0usize; // counts of the enclosing levels
    let mut best = 0usize;
    // The last significant byte and word, to decide regex vs division and line ends.
    let mut last: u8 = b';';
    let mut last_word: &[u8] = b"";
    let mut last_close_head = false;
    let mut newline_pending = false;
    let mut i = 0usize;
    let mut in_template = false;
    while i < n {
        let b = src[i];
        if in_template {
            // Template text up to `${` or the closing backtick.
            match b {
                b'\\' => i += 2,
                b'`' => {
                    in_template = false;
                    last = b'"';
                    i += 1;
                }
                b'$' if src.get(i + 1) == Some(&b'{') => {
                    stack.push((Open::Subst, seg));
                    sum += seg;
                    seg = 0;
                    in_template = false;
                    last = b'(';
                    i += 2;
                }
                _ => i += 1,
            }
            best = best.max(stack.len() + sum + seg);
            continue;
        }
        match b {
            b' ' | b'\t' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'\n' | b'\r' => {
                newline_pending = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        // Comments.
        if b == b'/' && src.get(i + 1) == Some(&b'/') {
            i = find_any(src, i, n, b"\n\r");
            continue;
        }
        if b == b'/' && src.get(i + 1) == Some(&b'*') {
            // Up to the `*/` starting before the last byte (line breaks seen).
            let mut j = i + 2;
            let lim = n.saturating_sub(1);
            while j < lim {
                let p = find_any(src, j, lim, b"*\n");
                if p >= lim {
                    j = lim;
                    break;
                }
                if src[p] == b'\n' {
                    newline_pending = true;
                    j = p + 1;
                } else if src[p + 1] == b'/' {
                    j = p;
                    break;
                } else {
                    j = p + 1;
                }
            }
            i = (j + 2).min(n);
            continue;
        }
        // A line break between two tokens that cannot continue one expression
        // ends the current segment.
        if newline_pending {
            newline_pending = false;
            let prev_ends = (is_ident_byte(last) && !CONTINUING_WORDS.contains(&last_word))
                || matches!(last, b'"' | b']' | b'}')
                || (last == b')' && !last_close_head);
            let next_starts = if is_ident_byte(b) {
                let mut j = i;
                while j < n && is_ident_byte(src[j]) {
                    j += 1;
                }
                !CONTINUING_LEADERS.contains(&&src[i..j])
            } else {
                matches!(b, b'}' | b'\'' | b'"' | b'@' | b'#')
            };
            if prev_ends && next_starts {
                seg = 0;
            }
        }
        match b {
            b'\'' | b'"' => {
                let mut j = i + 1;
                let mut closed = false;
                while j < n {
                    let p = find_any(src, j, n, &[b'\\', b, b'\n', b'\r']);
                    if p >= n {
                        break;
                    }
                    match src[p] {
                        b'\\' => j = p + 2,
                        c if c == b => {
                            closed = true;
                            j = p;
                            break;
                        }
                        _ => break,
                    }
                }
                if closed {
                    i = j + 1;
                    last = b'"';
                } else {
                    // Unterminated: re-read the rest as code.
                    i += 1;
                    seg += 1;
                }
            }
            b'`' => {
                in_template = true;
                i += 1;
            }
            b'/' if !(is_ident_byte(last) || matches!(last, b')' | b']' | b'}' | b'"'))
                || last_word_is_keyword(last_word, last)
                || (last == b')' && last_close_head) =>
            {
                // A regular expression literal (heuristic).
                let mut j = i + 1;
                let mut class = false;
                let mut closed = false;
                while j < n {
                    match src[j] {
                        b'\\' => j += 2,
                        b'[' => {
                            class = true;
                            j += 1
                        }
                        b']' => {
                            class = false;
                            j += 1
                        }
                        b'/' if !class => {
                            closed = true;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => j += 1,
                    }
                }
                if closed {
                    i = j + 1;
                    while i < n && is_ident_byte(src[i]) {
                        i += 1;
                    }
                    last = b'"';
                } else {
                    i += 1;
                    seg += 1;
                    last = b'/';
                }
            }
            b'(' | b'[' | b'{' => {
                let kind = match b {
                    b'(' => Open::Paren(HEAD_WORDS.contains(&last_word) && is_ident_byte(last)),
                    b'[' => Open::Bracket,
                    _ => Open::Brace,
                };
                stack.push((kind, seg));
                sum += seg;
                seg = 0;
                last = b'(';
                last_word = b"";
                i += 1;
            }
            b')' | b']' | b'}' => {
                if let Some((kind, saved)) = stack.pop() {
                    sum -= saved;
                    seg = saved + 1;
                    if kind == Open::Subst {
                        in_template = true;
                        i += 1;
                        continue;
                    }
                    last_close_head = matches!(kind, Open::Paren(true));
                } else {
                    seg += 1;
                    last_close_head = false;
                }
                last = b;
                last_word = b"";
                i += 1;
            }
            b';' | b',' => {
                seg = 0;
                last = b;
                last_word = b"";
                i += 1;
            }
            _ if is_ident_byte(b) => {
                let start = i;
                // An escape (`\\`) takes the next byte with it.
                while i < n && is_ident_byte(src[i]) {
                    if src[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    while i < n && src[i] != b'\\' && is_ident_byte(src[i]) {
                        i += 1;
                    }
                }
                last_word = &src[start..i.min(n)];
                last = b'a';
                seg += 1;
            }
            _ => {
                // Operators and anything else.
                seg += 1;
                last = b;
                last_word = b"";
                i += 1;
            }
        }
        best = best.max(stack.len() + sum + seg);
    }
    best
}

/// [`nesting_estimate`] as it was before the word-at-a-time searches: the
/// reference the fast version is tested against.
#[cfg(test)]
fn nesting_estimate_reference(src: &[u8]) -> usize {
    let n = src.len();
    let mut stack: Vec<(Open, usize)> = Vec::new(); // (kind, segment count at this level)
    let mut seg = 0usize; // current level's count
    let mut sum = 0usize; // counts of the enclosing levels
    let mut best = 0usize;
    // The last significant byte and word, to decide regex vs division and line ends.
    let mut last: u8 = b';';
    let mut last_word: &[u8] = b"";
    let mut last_close_head = false;
    let mut newline_pending = false;
    let mut i = 0usize;
    let mut in_template = false;
    while i < n {
        let b = src[i];
        if in_template {
            // Template text up to `${` or the closing backtick.
            match b {
                b'\\' => i += 2,
                b'`' => {
                    in_template = false;
                    last = b'"';
                    i += 1;
                }
                b'$' if src.get(i + 1) == Some(&b'{') => {
                    stack.push((Open::Subst, seg));
                    sum += seg;
                    seg = 0;
                    in_template = false;
                    last = b'(';
                    i += 2;
                }
                _ => i += 1,
            }
            best = best.max(stack.len() + sum + seg);
            continue;
        }
        match b {
            b' ' | b'\t' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'\n' | b'\r' => {
                newline_pending = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        // Comments.
        if b == b'/' && src.get(i + 1) == Some(&b'/') {
            while i < n && src[i] != b'\n' && src[i] != b'\r' {
                i += 1;
            }
            continue;
        }
        if b == b'/' && src.get(i + 1) == Some(&b'*') {
            let mut j = i + 2;
            while j + 1 < n && !(src[j] == b'*' && src[j + 1] == b'/') {
                if src[j] == b'\n' {
                    newline_pending = true;
                }
                j += 1;
            }
            i = (j + 2).min(n);
            continue;
        }
        // A line break between two tokens that cannot continue one expression
        // ends the current segment.
        if newline_pending {
            newline_pending = false;
            let prev_ends = (is_ident_byte(last) && !CONTINUING_WORDS.contains(&last_word))
                || matches!(last, b'"' | b']' | b'}')
                || (last == b')' && !last_close_head);
            let next_starts = if is_ident_byte(b) {
                let mut j = i;
                while j < n && is_ident_byte(src[j]) {
                    j += 1;
                }
                !CONTINUING_LEADERS.contains(&&src[i..j])
            } else {
                matches!(b, b'}' | b'\'' | b'"' | b'@' | b'#')
            };
            if prev_ends && next_starts {
                seg = 0;
            }
        }
        match b {
            b'\'' | b'"' => {
                let mut j = i + 1;
                let mut closed = false;
                while j < n {
                    match src[j] {
                        b'\\' => j += 2,
                        c if c == b => {
                            closed = true;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => j += 1,
                    }
                }
                if closed {
                    i = j + 1;
                    last = b'"';
                } else {
                    // Unterminated: re-read the rest as code.
                    i += 1;
                    seg += 1;
                }
            }
            b'`' => {
                in_template = true;
                i += 1;
            }
            b'/' if !(is_ident_byte(last) || matches!(last, b')' | b']' | b'}' | b'"'))
                || last_word_is_keyword(last_word, last)
                || (last == b')' && last_close_head) =>
            {
                // A regular expression literal (heuristic).
                let mut j = i + 1;
                let mut class = false;
                let mut closed = false;
                while j < n {
                    match src[j] {
                        b'\\' => j += 2,
                        b'[' => {
                            class = true;
                            j += 1
                        }
                        b']' => {
                            class = false;
                            j += 1
                        }
                        b'/' if !class => {
                            closed = true;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => j += 1,
                    }
                }
                if closed {
                    i = j + 1;
                    while i < n && is_ident_byte(src[i]) {
                        i += 1;
                    }
                    last = b'"';
                } else {
                    i += 1;
                    seg += 1;
                    last = b'/';
                }
            }
            b'(' | b'[' | b'{' => {
                let kind = match b {
                    b'(' => Open::Paren(HEAD_WORDS.contains(&last_word) && is_ident_byte(last)),
                    b'[' => Open::Bracket,
                    _ => Open::Brace,
                };
                stack.push((kind, seg));
                sum += seg;
                seg = 0;
                last = b'(';
                last_word = b"";
                i += 1;
            }
            b')' | b']' | b'}' => {
                if let Some((kind, saved)) = stack.pop() {
                    sum -= saved;
                    seg = saved + 1;
                    if kind == Open::Subst {
                        in_template = true;
                        i += 1;
                        continue;
                    }
                    last_close_head = matches!(kind, Open::Paren(true));
                } else {
                    seg += 1;
                    last_close_head = false;
                }
                last = b;
                last_word = b"";
                i += 1;
            }
            b';' | b',' => {
                seg = 0;
                last = b;
                last_word = b"";
                i += 1;
            }
            _ if is_ident_byte(b) => {
                let start = i;
                // An escape (`\\`) takes the next byte with it.
                while i < n && is_ident_byte(src[i]) {
                    if src[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    while i < n && src[i] != b'\\' && is_ident_byte(src[i]) {
                        i += 1;
                    }
                }
                last_word = &src[start..i.min(n)];
                last = b'a';
                seg += 1;
            }
            _ => {
                // Operators and anything else.
                seg += 1;
                last = b;
                last_word = b"";
                i += 1;
            }
        }
        best = best.max(stack.len() + sum + seg);
    }
    best
}

fn last_word_is_keyword(word: &[u8], last: u8) -> bool {
    is_ident_byte(last)
        && matches!(
            word,
            b"return"
                | b"typeof"
                | b"case"
                | b"do"
                | b"else"
                | b"in"
                | b"of"
                | b"new"
                | b"delete"
                | b"void"
                | b"throw"
                | b"instanceof"
                | b"yield"
                | b"await"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_code_is_shallow_and_nesting_counts() {
        let flat = "const a = 1\nconst b = 2\nfoo()\nbar()\n".repeat(5000);
        assert!(nesting_estimate(flat.as_bytes()) < 20);
        let semis = "x = a.b(c); ".repeat(10_000);
        assert!(nesting_estimate(semis.as_bytes()) < 20);
        assert!(nesting_estimate("(".repeat(10_000).as_bytes()) >= 10_000);
        assert!(nesting_estimate("a+".repeat(10_000).as_bytes()) >= 10_000);
        assert!(nesting_estimate("!".repeat(10_000).as_bytes()) >= 10_000);
        assert!(nesting_estimate("if (a)\n".repeat(10_000).as_bytes()) >= 10_000);
        assert!(nesting_estimate("new\n".repeat(10_000).as_bytes()) >= 10_000);
        assert!(nesting_estimate("a\n.b".repeat(10_000).as_bytes()) >= 10_000);
        // Brackets inside strings, comments and regexes do not count.
        let s = "const s = '((((((((((' // ((((((\n const r = /[(]((((/g;\n".repeat(100);
        assert!(nesting_estimate(s.as_bytes()) < 20);
        // An unterminated string is read as code.
        assert!(nesting_estimate(format!("'{}", "(".repeat(10_000)).as_bytes()) >= 10_000);
        assert!(nesting_estimate(format!("`${{{}", "(".repeat(10_000)).as_bytes()) >= 10_000);
    }

    /// `scan_source` skips the guard for sources of at most [`MAX_NESTING`]
    /// bytes because the estimate never exceeds the byte count (every count
    /// consumes at least one byte; a closing bracket or an expression end
    /// only lowers it): checked on the corpus sources, their prefixes, and
    /// runs of every construct that counts.
    #[test]
    fn the_estimate_never_exceeds_the_byte_count() {
        fn collect(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for e in entries.flatten() {
                let p = e.path();
                match std::fs::symlink_metadata(&p) {
                    Ok(m) if m.is_dir() => collect(&p, out),
                    Ok(m) if m.is_file() => out.extend(std::fs::read(&p)),
                    _ => {}
                }
            }
        }
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        collect(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/extensions"),
            &mut inputs,
        );
        assert!(inputs.len() > 100, "corpus sources not found");
        for unit in [
            "(", "a+", "!", "if (a)\n", "new\n", "a\n.b", "`${", "'(", "/(/", "x/*(*/", "\\u0061", "a.b.c", "${",
        ] {
            inputs.push(unit.repeat(200).into_bytes());
        }
        for src in &inputs {
            let step = (src.len() / 50).max(1);
            for cut in (0..=src.len()).step_by(step) {
                let s = &src[..cut];
                assert!(nesting_estimate(s) <= s.len(), "{}", String::from_utf8_lossy(s));
            }
        }
    }

    /// The word-at-a-time searches for comment and string ends change no
    /// estimate: every corpus source and every prefix and suffix of sources
    /// built from comments and strings (ends at every offset of a word, `*`
    /// and `*/`, escapes and line breaks at the last byte) estimate as the
    /// byte-at-a-time reference does.
    #[test]
    fn word_searches_estimate_as_the_byte_loop() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/extensions");
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                match std::fs::symlink_metadata(&p) {
                    Ok(m) if m.is_dir() => dirs.push(p),
                    Ok(m) if m.is_file() => inputs.extend(std::fs::read(&p)),
                    _ => {}
                }
            }
        }
        assert!(inputs.len() > 100, "corpus sources not found");
        let pieces = [
            "/* a ** b *\n c */ (",
            "/*\n*/(",
            "/***/(",
            "// x ( \r\n a(",
            "'a\\'b(\\\\' (",
            "\"x\\\"(\n\"",
            "'abcdefghijklmnop' (",
            "/* 0123456789abcdef *",
            "'\\",
            "x = \"\r(",
        ];
        let mut built = String::new();
        for (k, p) in pieces.iter().enumerate() {
            built.push_str(&" ".repeat(k % 9));
            built.push_str(p);
        }
        let built = built.repeat(3).into_bytes();
        for cut in 0..=built.len() {
            inputs.push(built[..cut].to_vec());
            inputs.push(built[cut..].to_vec());
        }
        for src in &inputs {
            assert_eq!(
                nesting_estimate(src),
                nesting_estimate_reference(src),
                "{}",
                String::from_utf8_lossy(src)
            );
        }
    }
}
