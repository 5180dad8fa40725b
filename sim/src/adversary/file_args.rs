//! What the lab's `cp`, `mv`, `install` and `chmod` do with their
//! arguments (coreutils' manuals): which file goes where, and whether a
//! mode lets a file run by its path. Pure functions; the connector
//! ([`super::effects`]) applies them to the lab's files.

/// The (source, destination) pairs of a `cp`/`mv`/`install` line's words
/// after the program: `SRC DST`, `SRC… DIR` (each into DIR under its own
/// name), `-t DIR SRC…` (`-tDIR`, a cluster ending in `t`,
/// `--target-directory[=]DIR`). Option arguments are not files: `-S
/// SUFFIX`, and `install`'s `-m MODE`, `-o OWNER`, `-g GROUP` (also
/// attached, at a cluster's end, or in their long `--name VALUE` forms).
/// Every word after `--` is a file.
pub fn copy_pairs(prog: &str, words: &[String]) -> Vec<(String, String)> {
    // Words after `--` are files whatever they look like.
    let (head, tail) = match words.iter().position(|w| w == "--") {
        Some(k) => (&words[..k], &words[k + 1..]),
        None => (words, &[][..]),
    };
    let mut dir: Option<String> = None;
    let mut files: Vec<String> = Vec::new();
    let mut rest = head.iter();
    while let Some(w) = rest.next() {
        match w.strip_prefix('-').filter(|o| !o.is_empty()) {
            None => files.push(w.clone()),
            Some(opt) => {
                if let Some((is_dir, value)) = option_value(prog, opt, &mut rest) {
                    if is_dir {
                        dir = value;
                    }
                }
            }
        }
    }
    files.extend(tail.iter().cloned());
    let into = |d: &str, src: &str| {
        let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
        format!("{}/{name}", d.trim_end_matches('/'))
    };
    match (dir, files.as_slice()) {
        (Some(d), srcs) => srcs.iter().map(|s| (s.clone(), into(&d, s))).collect(),
        (None, [src, dst]) if dst.ends_with('/') => vec![(src.clone(), into(dst, src))],
        (None, [src, dst]) => vec![(src.clone(), dst.clone())],
        (None, [srcs @ .., d]) if srcs.len() > 1 => srcs.iter().map(|s| (s.clone(), into(d, s))).collect(),
        _ => Vec::new(),
    }
}

/// `install`'s mode (`-m MODE`, `-mMODE`, `--mode[=]MODE`), if given.
pub fn install_mode(words: &[String]) -> Option<String> {
    let mut it = words.iter().take_while(|w| *w != "--");
    while let Some(w) = it.next() {
        if let Some(v) = w.strip_prefix("--mode") {
            return match v.strip_prefix('=') {
                Some(m) => Some(m.to_string()),
                None => it.next().cloned(),
            };
        }
        if w.starts_with("--") || !w.starts_with('-') {
            continue;
        }
        if let Some(k) = w.find(['m', 'o', 'g', 'S', 't']) {
            let rest = &w[k + 1..];
            let value = if rest.is_empty() {
                it.next().cloned()
            } else {
                Some(rest.to_string())
            };
            if w[k..].starts_with('m') {
                return value;
            }
        }
    }
    None
}

/// An option (without its first `-`) that takes a value: whether it is the
/// target directory's, and the value (attached, after `=`, or the next
/// word, taken from `rest`). None: the option takes no value.
fn option_value<'w>(
    prog: &str,
    opt: &str,
    rest: &mut impl Iterator<Item = &'w String>,
) -> Option<(bool, Option<String>)> {
    let install = prog == "install";
    if let Some(long) = opt.strip_prefix('-') {
        let (name, attached) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
        let known =
            matches!(name, "target-directory" | "suffix") || (install && matches!(name, "mode" | "owner" | "group"));
        if !known {
            return None;
        }
        let value = attached.map(str::to_string).or_else(|| rest.next().cloned());
        return Some((name == "target-directory", value));
    }
    let k = opt.find(|c: char| c == 't' || c == 'S' || (install && matches!(c, 'm' | 'o' | 'g')))?;
    let attached = &opt[k + 1..];
    let value = if attached.is_empty() {
        rest.next().cloned()
    } else {
        Some(attached.to_string())
    };
    Some((opt[k..].starts_with('t'), value))
}

/// Whether `chmod MODE` leaves a file executable by its owner: `Some(true)`
/// when it grants the owner's x bit (`+x`, `u+x`, `a=rwx`, `755`, `0700`),
/// `Some(false)` when it takes it away (`-x`, `u-x`, `644`), `None` when
/// the mode does not touch it (`g+w`) or is not a mode.
pub fn chmod_owner_x(mode: &str) -> Option<bool> {
    if !mode.is_empty() && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        // The owner's digit is the third from the right.
        let owner = mode.len().checked_sub(3).map_or(0, |i| mode.as_bytes()[i] - b'0');
        return Some(owner & 1 == 1);
    }
    let mut result = None;
    for clause in mode.split(',') {
        let op_at = clause.find(['+', '-', '='])?;
        let (who, rest) = clause.split_at(op_at);
        if !who.chars().all(|c| matches!(c, 'u' | 'g' | 'o' | 'a')) {
            return None;
        }
        if !(who.is_empty() || who.contains(['u', 'a'])) {
            continue;
        }
        let (op, perms) = rest.split_at(1);
        let x = perms.contains('x');
        match op {
            "+" if x => result = Some(true),
            "-" if x => result = Some(false),
            "=" => result = Some(x),
            _ => {}
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn pairs(prog: &str, v: &[&str]) -> Vec<(String, String)> {
        copy_pairs(prog, &w(v))
    }

    fn p(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn slo_11_lab_copies_go_where_coreutils_puts_them() {
        assert_eq!(pairs("cp", &["a", "b"]), vec![p("a", "b")]);
        assert_eq!(pairs("cp", &["a", "bin/"]), vec![p("a", "bin/a")]);
        assert_eq!(
            pairs("cp", &["-t", "bin", "a", "x/b"]),
            vec![p("a", "bin/a"), p("x/b", "bin/b")]
        );
        assert_eq!(pairs("cp", &["-vtbin", "a"]), vec![p("a", "bin/a")]);
        assert_eq!(pairs("mv", &["--target-directory=bin", "a"]), vec![p("a", "bin/a")]);
        assert_eq!(pairs("cp", &["a", "b", "bin"]), vec![p("a", "bin/a"), p("b", "bin/b")]);
        assert_eq!(pairs("install", &["-m", "755", "a", "b"]), vec![p("a", "b")]);
        assert_eq!(pairs("install", &["-Dm755", "-o", "root", "a", "b"]), vec![p("a", "b")]);
        assert_eq!(pairs("cp", &["-S", ".bak", "a", "b"]), vec![p("a", "b")]);
        assert_eq!(pairs("cp", &["--", "-a", "b"]), vec![p("-a", "b")]);
        assert!(pairs("cp", &["-t"]).is_empty());
        assert!(pairs("cp", &["a"]).is_empty());
    }

    #[test]
    fn slo_11_lab_install_reads_its_mode() {
        assert_eq!(install_mode(&w(&["-m", "644", "a", "b"])), Some("644".into()));
        assert_eq!(install_mode(&w(&["-Dm755", "a", "b"])), Some("755".into()));
        assert_eq!(install_mode(&w(&["-o", "m", "--mode=u+x", "a"])), Some("u+x".into()));
        assert_eq!(install_mode(&w(&["a", "b"])), None);
        assert_eq!(install_mode(&w(&["-m"])), None);
    }

    #[test]
    fn slo_11_lab_chmod_modes_grant_or_take_the_owners_run_bit() {
        for m in ["+x", "u+x", "a+rx", "ug+x", "a=rwx", "755", "0700", "4755"] {
            assert_eq!(chmod_owner_x(m), Some(true), "{m}");
        }
        for m in ["-x", "u-x", "u=rw", "644", "0600"] {
            assert_eq!(chmod_owner_x(m), Some(false), "{m}");
        }
        for m in ["g+w", "o+x", "go-x", "file.sh", "", "u+x,z"] {
            assert_eq!(chmod_owner_x(m), None, "{m}");
        }
    }
}
