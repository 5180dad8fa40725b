//! The lab's bash operations on a parameter's value (bash manual, "Shell
//! Parameter Expansion"): removing the shortest or longest prefix or suffix
//! matching a pattern (`${p#pat}`, `##`, `%`, `%%`), replacing a match
//! (`${p/pat/rep}`, `//` every one, `/#` at the start, `/%` at the end), a
//! substring by offset and length (`${p:off:len}`), changing case (`${p^}`,
//! `${p^^}`, `${p,}`, `${p,,}`) and indirection (`${!p}`: the value of the
//! variable `p` names).
//!
//! Patterns are read as bash's pattern matching reads them for `*`, `?` and
//! literal characters; a pattern holding quotes, expansions, escapes or a
//! bracket expression, a case change restricted by a pattern, and an offset
//! that is not a literal number are not modelled: the word then does not
//! expand (the lab does not run what it cannot read).

use brush_parser::word::{ParameterExpr as E, SubstringMatchKind as K};

/// What an expansion does to its parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// `${p#pat}` (`longest`: `##`).
    TrimPrefix { pattern: String, longest: bool },
    /// `${p%pat}` (`longest`: `%%`).
    TrimSuffix { pattern: String, longest: bool },
    /// `${p/pat/rep}` and its anchored and global forms.
    Replace { pattern: String, with: String, at: Anchor },
    /// `${p:offset}` / `${p:offset:length}`.
    Substring { offset: i64, length: Option<i64> },
    /// `${p^}` / `${p^^}` (`all`) and `${p,}` / `${p,,}`.
    Case { upper: bool, all: bool },
    /// A form the lab does not model.
    Unmodelled,
}

/// Where `${p/pat/rep}` matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    First,
    All,
    Start,
    End,
}

/// The edit a parameter expansion applies, and whether it is indirect
/// (`${!p…}`); None for the forms [`super::measure`] reads otherwise (the
/// plain value, the conditional forms, the length).
pub fn of(e: &E) -> (Option<Edit>, bool) {
    let plain = |p: &Option<String>| p.as_deref().filter(|p| is_plain(p)).map(str::to_string);
    let trim = |p: &Option<String>, suffix: bool, longest: bool| match plain(p) {
        Some(pattern) if suffix => Edit::TrimSuffix { pattern, longest },
        Some(pattern) => Edit::TrimPrefix { pattern, longest },
        None => Edit::Unmodelled,
    };
    let case = |p: &Option<String>, upper: bool, all: bool| match p.as_deref() {
        None | Some("") => Edit::Case { upper, all },
        Some(_) => Edit::Unmodelled,
    };
    match e {
        E::Parameter { indirect, .. } => (None, *indirect),
        E::RemoveSmallestSuffixPattern { pattern, indirect, .. } => (Some(trim(pattern, true, false)), *indirect),
        E::RemoveLargestSuffixPattern { pattern, indirect, .. } => (Some(trim(pattern, true, true)), *indirect),
        E::RemoveSmallestPrefixPattern { pattern, indirect, .. } => (Some(trim(pattern, false, false)), *indirect),
        E::RemoveLargestPrefixPattern { pattern, indirect, .. } => (Some(trim(pattern, false, true)), *indirect),
        E::UppercaseFirstChar { pattern, indirect, .. } => (Some(case(pattern, true, false)), *indirect),
        E::UppercasePattern { pattern, indirect, .. } => (Some(case(pattern, true, true)), *indirect),
        E::LowercaseFirstChar { pattern, indirect, .. } => (Some(case(pattern, false, false)), *indirect),
        E::LowercasePattern { pattern, indirect, .. } => (Some(case(pattern, false, true)), *indirect),
        E::ReplaceSubstring {
            pattern,
            replacement,
            match_kind,
            indirect,
            ..
        } => {
            let with = replacement.clone().unwrap_or_default();
            let edit = if is_plain(pattern) && is_plain(&with) {
                let at = match match_kind {
                    K::Prefix => Anchor::Start,
                    K::Suffix => Anchor::End,
                    K::FirstOccurrence => Anchor::First,
                    K::Anywhere => Anchor::All,
                };
                Edit::Replace {
                    pattern: pattern.clone(),
                    with,
                    at,
                }
            } else {
                Edit::Unmodelled
            };
            (Some(edit), *indirect)
        }
        E::Substring {
            offset,
            length,
            indirect,
            ..
        } => {
            let number = |s: &str| s.trim().parse::<i64>().ok();
            let edit = match (number(&offset.value), length.as_ref().map(|l| number(&l.value))) {
                (Some(offset), None) => Edit::Substring { offset, length: None },
                (Some(offset), Some(Some(l))) => Edit::Substring {
                    offset,
                    length: Some(l),
                },
                _ => Edit::Unmodelled,
            };
            (Some(edit), *indirect)
        }
        E::Transform { indirect, .. } => (Some(Edit::Unmodelled), *indirect),
        E::UseDefaultValues { indirect, .. }
        | E::AssignDefaultValues { indirect, .. }
        | E::IndicateErrorIfNullOrUnset { indirect, .. }
        | E::UseAlternativeValue { indirect, .. }
        | E::ParameterLength { indirect, .. } => (None, *indirect),
        E::VariableNames { .. } | E::MemberKeys { .. } => (None, false),
    }
}

/// A pattern (or replacement) the lab reads: no quotes, expansions,
/// escapes or bracket expressions.
fn is_plain(p: &str) -> bool {
    !p.contains(['\'', '"', '$', '`', '\\', '['])
}

/// The value after `edit`; None for [`Edit::Unmodelled`].
pub fn apply(v: &str, edit: &Edit) -> Option<String> {
    let chars: Vec<char> = v.chars().collect();
    let n = chars.len();
    let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    Some(match edit {
        Edit::TrimPrefix { pattern, longest } => {
            let mut ends: Box<dyn Iterator<Item = usize>> = if *longest {
                Box::new((0..=n).rev())
            } else {
                Box::new(0..=n)
            };
            match ends.find(|&k| matches(pattern, &text(0, k))) {
                Some(k) => text(k, n),
                None => v.to_string(),
            }
        }
        Edit::TrimSuffix { pattern, longest } => {
            let mut starts: Box<dyn Iterator<Item = usize>> = if *longest {
                Box::new(0..=n)
            } else {
                Box::new((0..=n).rev())
            };
            match starts.find(|&k| matches(pattern, &text(k, n))) {
                Some(k) => text(0, k),
                None => v.to_string(),
            }
        }
        Edit::Replace { pattern, with, at } => replace(&chars, pattern, with, *at),
        Edit::Substring { offset, length } => {
            let start = if *offset < 0 {
                n.saturating_sub(offset.unsigned_abs() as usize)
            } else {
                (*offset as usize).min(n)
            };
            let end = match length {
                None => n,
                Some(l) if *l < 0 => n.saturating_sub(l.unsigned_abs() as usize),
                Some(l) => start.saturating_add(*l as usize).min(n),
            };
            if end < start {
                return None;
            }
            text(start, end)
        }
        Edit::Case { upper, all } => {
            let conv = |c: &char| {
                if *upper {
                    c.to_uppercase().collect::<String>()
                } else {
                    c.to_lowercase().collect::<String>()
                }
            };
            let k = if *all { n } else { n.min(1) };
            chars[..k].iter().map(conv).collect::<String>() + &text(k, n)
        }
        Edit::Unmodelled => return None,
    })
}

/// `${p/pat/rep}`: the longest match at the first place one starts (every
/// place, for `//`; only at the start or end, for `/#` and `/%`).
fn replace(chars: &[char], pattern: &str, with: &str, at: Anchor) -> String {
    let n = chars.len();
    let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    if pattern.is_empty() {
        return match at {
            Anchor::Start => format!("{with}{}", text(0, n)),
            Anchor::End => format!("{}{with}", text(0, n)),
            _ => text(0, n),
        };
    }
    let longest_from = |i: usize| (i..=n).rev().find(|&j| matches(pattern, &text(i, j)));
    match at {
        Anchor::Start => match longest_from(0) {
            Some(j) => format!("{with}{}", text(j, n)),
            None => text(0, n),
        },
        Anchor::End => match (0..=n).find(|&i| matches(pattern, &text(i, n))) {
            Some(i) => format!("{}{with}", text(0, i)),
            None => text(0, n),
        },
        Anchor::First | Anchor::All => {
            let mut out = String::new();
            let mut i = 0;
            let mut done = false;
            while i < n {
                match longest_from(i).filter(|&j| j > i && !done) {
                    Some(j) => {
                        out.push_str(with);
                        i = j;
                        done = at == Anchor::First;
                    }
                    None => {
                        out.push(chars[i]);
                        i += 1;
                    }
                }
            }
            out
        }
    }
}

/// Whether `s` matches the whole of `pattern` (`*` any run, `?` one
/// character, everything else itself).
fn matches(pattern: &str, s: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = s.chars().collect();
    // Classic two-pointer match with one star to fall back to.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < s.len() {
        if i < p.len() && (p[i] == '?' || p[i] == s[j]) && p[i] != '*' {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(word: &str) -> Option<String> {
        let pieces = brush_parser::word::parse(word, &Default::default()).ok()?;
        let pe = pieces.iter().find_map(|p| match &p.piece {
            brush_parser::word::WordPiece::ParameterExpansion(pe) => Some(pe.clone()),
            _ => None,
        })?;
        let (e, _) = of(&pe);
        apply("curl-tool.sh", &e?)
    }

    /// SLO-11 (the lab's ground truth): each operation gives the value bash
    /// gives (checked by hand against bash 5.2's manual).
    #[test]
    fn slo_11_lab_parameter_operations_give_the_value_bash_gives() {
        let cases = [
            ("${p%.sh}", "curl-tool"),
            ("${p%-*}", "curl"),
            ("${p%%-*}", "curl"),
            ("${p%o*}", "curl-to"),
            ("${p%%o*}", "curl-t"),
            ("${p#curl-}", "tool.sh"),
            ("${p#*l}", "-tool.sh"),
            ("${p##*l}", ".sh"),
            ("${p/-tool.sh/}", "curl"),
            ("${p/o/0}", "curl-t0ol.sh"),
            ("${p//o/0}", "curl-t00l.sh"),
            ("${p/#curl/wget}", "wget-tool.sh"),
            ("${p/%.sh/.py}", "curl-tool.py"),
            ("${p:0:4}", "curl"),
            ("${p:5}", "tool.sh"),
            ("${p: -2}", "sh"),
            ("${p:0:-8}", "curl"),
            ("${p^}", "Curl-tool.sh"),
            ("${p^^}", "CURL-TOOL.SH"),
            ("${p%x}", "curl-tool.sh"),
        ];
        for (word, want) in cases {
            assert_eq!(edit(word).as_deref(), Some(want), "{word}");
        }
        for unread in ["${p%[a-z]}", "${p/\"o\"/0}", "${p:$n:2}", "${p^^[a-c]}", "${p@Q}"] {
            assert_eq!(edit(unread), None, "{unread}");
        }
        assert_eq!(
            apply(
                "CURL",
                &Edit::Case {
                    upper: false,
                    all: true
                }
            )
            .as_deref(),
            Some("curl")
        );
    }
}
