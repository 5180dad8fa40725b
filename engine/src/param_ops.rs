//! Operations a parameter expansion applies to a variable's value, for the
//! shell walker ([`crate::shell`]) when the line set the variable: `${v%pat}`
//! and `%%` (a suffix removed), `${v#pat}` and `##` (a prefix removed),
//! `${v/pat/rep}` and `//`, `/#`, `/%` (a match replaced), `${v:off:len}`
//! (a substring), `${v^^}`, `${v,,}`, `${v^}`, `${v,}` (case) and `${!v}`
//! (the variable v names).
//!
//! Patterns are computed when they are literal text, optionally with one
//! `*` at an end (`${f%.*}`, `${p#*/}`); anything else (`?`, brackets,
//! quotes, expansions, a computed offset) gives None, and the walker then
//! reads the value as run-time output: a program that may be any.

use crate::git_vars::MAX_RESOLVED_BYTES;
use brush_parser::word::{ParameterExpr as P, SubstringMatchKind};

/// Whether a parameter expansion changes the value it reads (`${p%x}`,
/// `${p#x}`, `${p/x/y}`, `${p:0:4}`, case changes, `${p@Q}`) or reads
/// another variable's (`${!p}`).
pub fn edits_value(pe: &P) -> bool {
    match pe {
        P::Parameter { indirect, .. } => *indirect,
        P::RemoveSmallestSuffixPattern { .. }
        | P::RemoveLargestSuffixPattern { .. }
        | P::RemoveSmallestPrefixPattern { .. }
        | P::RemoveLargestPrefixPattern { .. }
        | P::Substring { .. }
        | P::Transform { .. }
        | P::UppercaseFirstChar { .. }
        | P::UppercasePattern { .. }
        | P::LowercaseFirstChar { .. }
        | P::LowercasePattern { .. }
        | P::ReplaceSubstring { .. } => true,
        _ => false,
    }
}

/// The value `pe` makes of `value` (the variable's, or for `${!v}` the one
/// `lookup` gives the name `value` holds); None when not computed.
pub fn apply(pe: &P, value: &str, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let indirect = match pe {
        P::Parameter { indirect, .. }
        | P::RemoveSmallestSuffixPattern { indirect, .. }
        | P::RemoveLargestSuffixPattern { indirect, .. }
        | P::RemoveSmallestPrefixPattern { indirect, .. }
        | P::RemoveLargestPrefixPattern { indirect, .. }
        | P::Substring { indirect, .. }
        | P::UppercaseFirstChar { indirect, .. }
        | P::UppercasePattern { indirect, .. }
        | P::LowercaseFirstChar { indirect, .. }
        | P::LowercasePattern { indirect, .. }
        | P::ReplaceSubstring { indirect, .. } => *indirect,
        _ => return None,
    };
    let owned;
    let v = if indirect {
        owned = lookup(value)?;
        owned.as_str()
    } else {
        value
    };
    match pe {
        P::Parameter { .. } => Some(v.to_string()),
        P::RemoveSmallestSuffixPattern { pattern, .. } => trim_end(v, pattern.as_deref()?, false),
        P::RemoveLargestSuffixPattern { pattern, .. } => trim_end(v, pattern.as_deref()?, true),
        P::RemoveSmallestPrefixPattern { pattern, .. } => trim_start(v, pattern.as_deref()?, false),
        P::RemoveLargestPrefixPattern { pattern, .. } => trim_start(v, pattern.as_deref()?, true),
        P::Substring { offset, length, .. } => {
            let len = v.chars().count() as i64;
            let off: i64 = offset.value.trim().parse().ok()?;
            let from = if off < 0 { (len + off).max(0) } else { off.min(len) };
            let to = match length {
                None => len,
                Some(l) => {
                    let l: i64 = l.value.trim().parse().ok()?;
                    if l < 0 {
                        len + l
                    } else {
                        (from + l).min(len)
                    }
                }
            };
            (to >= from).then(|| v.chars().skip(from as usize).take((to - from) as usize).collect())
        }
        P::UppercasePattern { pattern, .. } if is_empty(pattern) => Some(v.to_uppercase()),
        P::LowercasePattern { pattern, .. } if is_empty(pattern) => Some(v.to_lowercase()),
        P::UppercaseFirstChar { pattern, .. } if is_empty(pattern) => Some(first_case(v, true)),
        P::LowercaseFirstChar { pattern, .. } if is_empty(pattern) => Some(first_case(v, false)),
        P::ReplaceSubstring {
            pattern,
            replacement,
            match_kind,
            ..
        } => {
            let rep = replacement.as_deref().unwrap_or("");
            if !is_literal(pattern) || !is_literal(rep) || pattern.is_empty() {
                return None;
            }
            // `${x//a/aaaa}` of a long value: past the budget a resolution
            // has, not computed.
            let grows = rep.len().saturating_sub(pattern.len());
            if grows > 0 && v.len() + v.matches(pattern.as_str()).count().saturating_mul(grows) > MAX_RESOLVED_BYTES {
                return None;
            }
            Some(match match_kind {
                SubstringMatchKind::Prefix => match v.strip_prefix(pattern.as_str()) {
                    Some(rest) => format!("{rep}{rest}"),
                    None => v.to_string(),
                },
                SubstringMatchKind::Suffix => match v.strip_suffix(pattern.as_str()) {
                    Some(rest) => format!("{rest}{rep}"),
                    None => v.to_string(),
                },
                SubstringMatchKind::FirstOccurrence => v.replacen(pattern.as_str(), rep, 1),
                SubstringMatchKind::Anywhere => v.replace(pattern.as_str(), rep),
            })
        }
        _ => None,
    }
}

fn is_empty(p: &Option<String>) -> bool {
    p.as_deref().is_none_or(str::is_empty)
}

fn first_case(v: &str, upper: bool) -> String {
    let mut c = v.chars();
    match c.next() {
        Some(f) if upper => f.to_uppercase().chain(c).collect(),
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Text with no pattern or quoting characters and no expansion.
fn is_literal(p: &str) -> bool {
    !p.contains(['*', '?', '[', '\'', '"', '$', '`', '\\'])
}

/// `${v%pat}` / `${v%%pat}`: a literal suffix, or `LIT*` (from the last or,
/// for `%%`, the first `LIT` to the end).
fn trim_end(v: &str, pat: &str, longest: bool) -> Option<String> {
    if is_literal(pat) {
        return Some(v.strip_suffix(pat).unwrap_or(v).to_string());
    }
    let lit = pat.strip_suffix('*').filter(|l| is_literal(l))?;
    let at = if longest { v.find(lit) } else { v.rfind(lit) };
    Some(at.map_or(v, |i| &v[..i]).to_string())
}

/// `${v#pat}` / `${v##pat}`: a literal prefix, or `*LIT` (up to the first
/// or, for `##`, the last `LIT`).
fn trim_start(v: &str, pat: &str, longest: bool) -> Option<String> {
    if is_literal(pat) {
        return Some(v.strip_prefix(pat).unwrap_or(v).to_string());
    }
    let lit = pat.strip_prefix('*').filter(|l| is_literal(l))?;
    let at = if longest { v.rfind(lit) } else { v.find(lit) };
    Some(at.map_or(v, |i| &v[i + lit.len()..]).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(word: &str, value: &str) -> Option<String> {
        let pieces = brush_parser::word::parse(word, &Default::default()).ok()?;
        pieces.iter().find_map(|p| match &p.piece {
            brush_parser::word::WordPiece::ParameterExpansion(pe) => {
                apply(pe, value, |n| (n == "a").then(|| "curl".to_string()))
            }
            _ => None,
        })
    }

    /// SLO-11: the operations the walker computes give bash's values; the
    /// rest are not computed (the walker then reads run-time output).
    #[test]
    fn slo_11_parameter_operations_on_a_line_set_value_are_computed() {
        for (word, value, want) in [
            ("${x%X}", ".envX", ".env"),
            ("${x#X}", "X.env", ".env"),
            ("${x%.*}", "curl.tar.gz", "curl.tar"),
            ("${x%%.*}", "curl.tar.gz", "curl"),
            ("${x#*/}", "a/b/.env", "b/.env"),
            ("${x##*/}", "a/b/.env", ".env"),
            ("${x/X/u}", "cXrl", "curl"),
            ("${x//X/}", "cXuXrXl", "curl"),
            ("${x/#w/c}", "wurl", "curl"),
            ("${x/%z/l}", "curz", "curl"),
            ("${x:0:4}", "curlzzz", "curl"),
            ("${x: -4}", "zzzcurl", "curl"),
            ("${x:1:-1}", "zcurlz", "curl"),
            ("${x,,}", "CURL", "curl"),
            ("${x^}", "curl", "Curl"),
            ("${!x}", "a", "curl"),
        ] {
            assert_eq!(op(word, value).as_deref(), Some(want), "{word} of {value}");
        }
        for word in ["${x%[a-z]}", "${x/?/u}", "${x:$n:2}", "${x^^[a-c]}", "${!y}"] {
            assert_eq!(op(word, "y"), None, "{word}");
        }
    }
}
