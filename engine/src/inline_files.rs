//! Files an interpreter's inline program puts at a name (`python -c`,
//! `node -e`, here-doc bodies): calls that copy, move, rename or link a file
//! (Python's `shutil.copy`, `os.rename`, `os.replace`, `os.symlink`,
//! `os.link`, pathlib's `rename` / `symlink_to` / `hardlink_to`; Node's
//! `fs.copyFileSync`, `fs.cpSync`, `fs.renameSync`, `fs.symlinkSync`,
//! `fs.linkSync`; Perl's and Ruby's `copy`, `move`, `rename`, `link`,
//! `symlink`). The shell reads `cp`, `mv` and `ln` by their own syntax
//! (`shell_links`); an inline program is read by its calls: each call's name
//! and its argument list up to the matching parenthesis, split at the
//! top-level commas.
//!
//! What a call does to a name decides which arguments count:
//! - a copy, move or rename writes its destination (the second argument, or
//!   the only one of a method such as `Path(x).rename(dest)`);
//! - a link gives its target a second name, so either end counts: a link
//!   named `.git/hooks/pre-commit` runs, and a write through a link to
//!   `~/.bashrc` changes `~/.bashrc`.
//!
//! `unlink` removes a name and places nothing.

/// Bytes of argument lists and statements read per byte of a program, at most.
pub const BUDGET_PER_BYTE: usize = 8;

/// What a call does to the file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placing {
    /// Writes its destination: copy, move, rename, replace.
    Destination,
    /// A second name for a target: symbolic or hard link.
    Link,
}

/// How the call named `name` (its last dotted segment, lowercased) places a
/// file, if it does.
fn placing(name: &str) -> Option<Placing> {
    let n = name.rsplit(['.', ':']).next().unwrap_or(name);
    if n.contains("unlink") {
        return None;
    }
    if n.contains("link") {
        return Some(Placing::Link);
    }
    let places = ["copy", "cp", "cpsync", "move", "mv", "rename", "replace"];
    places
        .iter()
        .any(|p| n == *p || (n.starts_with(p) && p.len() > 2))
        .then_some(Placing::Destination)
}

/// The top-level arguments of the call whose `(` is at `open` in `code`
/// (nested calls and literals stay inside their argument) and where the list
/// closes, or None when it does not. Quotes are followed so a `,` or `)` in a
/// string does not split. Each byte read is taken from `budget`; Err when it
/// runs out.
fn arguments<'a>(code: &'a str, open: usize, budget: &mut usize) -> Result<Option<(Vec<&'a str>, usize)>, Exhausted> {
    let b = code.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut start = open + 1;
    let mut args = Vec::new();
    let mut i = open;
    while i < b.len() {
        *budget = budget.checked_sub(1).ok_or(Exhausted)?;
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' | b'`' => quote = Some(c),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        let Some(last) = code.get(start..i) else {
                            return Ok(None);
                        };
                        args.push(last);
                        return Ok(Some((args, i + 1)));
                    }
                }
                b',' if depth == 1 => {
                    let Some(arg) = code.get(start..i) else {
                        return Ok(None);
                    };
                    args.push(arg);
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    Ok(None)
}

/// The reading budget of one program ran out.
#[derive(Debug)]
struct Exhausted;

/// The name of the call whose `(` is at `open`: the identifier characters
/// (and `.` / `:` path separators) right before it.
fn call_name(code: &str, open: usize) -> &str {
    let head = &code[..open];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '$'))
        .last()
        .map_or(open, |(i, _)| i);
    &head[start..]
}

/// Where the statement holding the byte `at` starts: after the last `;`,
/// line break or brace before it.
fn statement_start(code: &str, at: usize) -> usize {
    code[..at].rfind([';', '\n', '{', '}']).map_or(0, |i| i + 1)
}

/// The text each file-placing call of `code` lands a file at (the arguments
/// that name where, see the module comment), for the caller to judge. For a
/// link, the whole statement up to the call's closing parenthesis: the
/// receiver of a method (`Path(x).hardlink_to(t)` names the link `x`) is
/// one of its ends.
///
/// The reading is bounded: the argument lists and statements read take at
/// most [`BUDGET_PER_BYTE`] times the program's length in bytes (unclosed
/// nested calls, `copy(copy(copy(…`, would otherwise be read once per call).
/// A program past that bound is returned whole, so the caller judges every
/// path it names as a possible destination (the cautious side).
pub fn placed_names(code: &str) -> Vec<&str> {
    let lower_ok = code.is_ascii();
    let mut out = Vec::new();
    let mut budget = BUDGET_PER_BYTE * code.len() + 4096;
    for (open, _) in code.match_indices('(') {
        let name = call_name(code, open);
        if name.is_empty() {
            continue;
        }
        let folded = if lower_ok {
            name.to_ascii_lowercase()
        } else {
            name.to_lowercase()
        };
        let Some(kind) = placing(&folded) else {
            continue;
        };
        let (args, end) = match arguments(code, open, &mut budget) {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(Exhausted) => return vec![code],
        };
        match kind {
            Placing::Link => {
                let start = statement_start(code, open);
                match budget.checked_sub(open - start) {
                    Some(left) => budget = left,
                    None => return vec![code],
                }
                out.push(&code[start..end]);
            }
            Placing::Destination => {
                if let Some(dest) = args.get(1).or(args.first()) {
                    out.push(dest);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slo_11_inline_file_calls_name_where_the_file_lands() {
        let c = "import shutil,os; shutil.copy('x.sh', os.path.expanduser('~/.bashrc'))";
        assert_eq!(placed_names(c), vec![" os.path.expanduser('~/.bashrc')"]);
        // The source of a copy is not where anything lands.
        let c = "shutil.copyfile(os.path.expanduser('~/.bashrc'), 'backup.txt')";
        assert_eq!(placed_names(c), vec![" 'backup.txt'"]);
        // A link: both ends.
        let c = "const fs = require('fs'); fs.symlinkSync(h+'/.bashrc', 'rc')";
        assert_eq!(placed_names(c), vec![" fs.symlinkSync(h+'/.bashrc', 'rc')"]);
        let c = "from pathlib import Path\nPath(os.path.expanduser('~/.zshrc')).hardlink_to('z')";
        assert_eq!(
            placed_names(c),
            vec!["Path(os.path.expanduser('~/.zshrc')).hardlink_to('z')"]
        );
        // A method with one argument: the destination.
        assert_eq!(
            placed_names("Path('x').rename('.git/hooks/pre-commit')"),
            vec!["'.git/hooks/pre-commit'"]
        );
        // unlink places nothing; a string holding a paren does not split.
        assert!(placed_names("os.unlink('~/.bashrc')").is_empty());
        assert_eq!(placed_names("os.rename('a,(b', 'c')"), vec![" 'c'"]);
        // An unclosed list is not read.
        assert!(placed_names("os.rename('a', 'b'").is_empty());
    }

    /// Unclosed nested calls would be read once per call: past the budget
    /// the whole program is returned, so a destination hidden after them
    /// is still judged.
    #[test]
    fn slo_11_inline_file_calls_past_the_reading_budget_return_the_whole_program() {
        let mut c = "shutil.copy(".repeat(5_000);
        c.push_str("'x', '~/.bashrc'");
        assert_eq!(placed_names(&c), vec![c.as_str()]);
        // Many closed calls stay within it.
        let c = "shutil.copy('a', 'b'); ".repeat(5_000);
        assert_eq!(placed_names(&c).len(), 5_000);
    }
}
