//! The lab's model of Ruby's command percent literal, written from Ruby's
//! syntax documentation ("Percent Literals", "Shell Command Execution"), not
//! from the engine's reading: `%x` followed by a delimiter runs the text up
//! to the closing delimiter in a shell, as backticks do, wherever it stands
//! (`out = %x(…)`, `puts %x{…}`).
//!
//! Modelled: the delimiter is any character that is neither alphanumeric nor
//! a blank; `(`, `[`, `{` and `<` close with `)`, `]`, `}` and `>` and nest
//! inside the literal (`%x(echo (a))`), any other closes with itself; a
//! backslash before a delimiter stands for the delimiter. Not modelled:
//! interpolation (`#{…}` is kept as written), and Ruby reading `a %x(…)` as
//! the modulo operator when `a` is a local variable (the lab reads a literal).

/// The commands of every `%x` literal in `code`, in order.
pub fn commands(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("%x") {
        let open_at = from + k + 2;
        from = open_at;
        let Some(open) = code[open_at..].chars().next() else {
            break;
        };
        if open.is_alphanumeric() || open.is_whitespace() || open == '_' {
            continue;
        }
        let close = match open {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            '<' => '>',
            c => c,
        };
        let (text, end) = body(&code[open_at + open.len_utf8()..], open, close);
        out.push(text);
        from = open_at + open.len_utf8() + end;
    }
    out
}

/// The literal's text up to the closing delimiter (nested pairs counted when
/// `open` differs from `close`), and the offset past it.
fn body(rest: &str, open: char, close: char) -> (String, usize) {
    let mut text = String::new();
    let mut depth = 0usize;
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, d)) if d == open || d == close => text.push(d),
                Some((_, d)) => {
                    text.push('\\');
                    text.push(d);
                }
                None => text.push('\\'),
            }
            continue;
        }
        if c == close && depth == 0 {
            return (text, i + c.len_utf8());
        }
        if open != close {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
            }
        }
        text.push(c);
    }
    (text, rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_lab_ruby_percent_x_takes_any_delimiter() {
        for (code, want) in [
            ("puts %x(ls -l)", vec!["ls -l"]),
            ("a = %x{echo {b}}\nb = %x[id]", vec!["echo {b}", "id"]),
            ("print %x<a (b)>", vec!["a (b)"]),
            ("%x!a | b!", vec!["a | b"]),
            ("%x|a \\| b|", vec!["a | b"]),
            ("%x(unclosed", vec!["unclosed"]),
        ] {
            assert_eq!(commands(code), want, "{code}");
        }
        for code in ["puts a %x", "a % x(1)", "%q{ls}", "%w(ls)", "%xy", "%x", "%x é"] {
            assert!(commands(code).is_empty(), "{code}");
        }
    }
}
