//! What a link-making command links: `ln` (hard or symbolic; GNU options in
//! any position, `-t DIR`, `-T`, a lone operand), `link FILE1 FILE2`, and
//! `cp` in its link modes (`-l`/`--link`, `-s`/`--symbolic-link`). Each
//! [`Link`] is a target (the file the new name reaches) and the name made
//! for it, read from coreutils' own option syntax (ln(1), cp(1), link(1)).
//!
//! A link gives the target's content a second name: a read of that name is a
//! read of the target, a write through it changes the target (docs/security/
//! threat-model.md, "Links made by the shell"). The shell analysis judges the
//! target ([`crate::shell`]); the risk stage compares the target's facts with
//! the name's (`risk::score`). A command that makes no link costs one scan of
//! its arguments (cp) or nothing, and no allocation.
//!
//! The operand syntax these commands share (and `install`'s) is read once,
//! here ([`operands`]): the shell's script memory reads copies with it too.

use serde::{Deserialize, Serialize};

/// One link a command makes: `name` will reach `target`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Link {
    /// The file the link reaches, as spelled (a symbolic link's relative
    /// target is spelled from the link's directory; judged as spelled).
    pub target: String,
    /// The name made: the destination operand as spelled, or the target's
    /// base name under the destination directory.
    pub name: String,
    /// The destination operand may be an existing directory (two operands,
    /// no `-T`), in which case the link is made as `name/<target's base
    /// name>`: both names are judged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub maybe_dir: bool,
}

impl Link {
    /// The names the link may have afterwards (one, or two when the
    /// destination may be a directory).
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.name.clone()).chain(self.maybe_dir.then(|| under(&self.name, &self.target)))
    }
}

/// `cp`'s options that make links instead of copies: `-l`/`--link` (hard),
/// `-s`/`--symbolic-link`, also in a short cluster (`-al`, `-rs`) and by a
/// long option's unique abbreviation (`--li`, `--sym`).
pub fn cp_makes_links(args: &[String]) -> bool {
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if a == "--" {
            return false;
        }
        if let Some(long) = a.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(n, _)| n);
            if !name.is_empty() && ("link".starts_with(name) || name.len() >= 2 && "symbolic-link".starts_with(name)) {
                return true;
            }
            if !long.contains('=') && CP_LONG_VALUED.iter().any(|v| name.len() >= 2 && v.starts_with(name)) {
                words.next();
            }
            continue;
        }
        let Some(cluster) = a.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        for (i, ch) in cluster.char_indices() {
            match ch {
                'l' | 's' => return true,
                // `-S SUFFIX`, `-t DIR`: the rest of the cluster, or the next word.
                'S' | 't' => {
                    if i + 1 == cluster.len() {
                        words.next();
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    false
}

/// cp's long options that take a required value (getopt also reads it from
/// the next word).
const CP_LONG_VALUED: &[&str] = &["suffix", "target-directory", "sparse", "no-preserve"];
/// ln's long options that take a required value.
const LN_LONG_VALUED: &[&str] = &["suffix", "target-directory"];

/// install's long options that take a required value.
const INSTALL_LONG_VALUED: &[&str] = &["suffix", "target-directory", "mode", "owner", "group", "strip-program"];

/// The operands of `cp`, `mv`, `ln` or `install` (GNU options in any
/// position) and the options that say where they go: `-t DIR` (`-tDIR`,
/// `-vt DIR`, `--target-directory[=]DIR`, any unambiguous abbreviation:
/// then every operand is a source) and `-T`. An option's argument is not an
/// operand (`-S SUFFIX`, cp's `--sparse WHEN`, install's `-m MODE`, `-o
/// OWNER`, `-g GROUP`, also at the end of a short cluster, `-Dm 755`, or
/// attached, `-m755`); every word after `--` is one, and so is `-`.
pub(crate) struct Operands<'a> {
    pub target_dir: Option<&'a str>,
    pub no_target_dir: bool,
    pub operands: Vec<&'a String>,
}

/// Read [`Operands`] from `program`'s `args`.
pub(crate) fn operands<'a>(program: &str, args: &'a [String]) -> Operands<'a> {
    let long_valued = match program {
        "cp" => CP_LONG_VALUED,
        "install" => INSTALL_LONG_VALUED,
        _ => LN_LONG_VALUED,
    };
    let short_valued = |c: char| matches!(c, 'S' | 't') || program == "install" && matches!(c, 'm' | 'o' | 'g');
    let mut operands: Vec<&String> = Vec::new();
    let mut target_dir: Option<&str> = None;
    let mut no_target_dir = false;
    let mut words = args.iter();
    let mut options_end = false;
    while let Some(a) = words.next() {
        if options_end || a == "-" || !a.starts_with('-') {
            operands.push(a);
            continue;
        }
        if a == "--" {
            options_end = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            let takes = |full: &str| name.len() >= 2 && full.starts_with(name);
            if takes("target-directory") {
                target_dir = value.or_else(|| words.next().map(String::as_str));
            } else if takes("no-target-directory") {
                no_target_dir = true;
            } else if value.is_none() && long_valued.iter().any(|v| takes(v)) {
                words.next();
            }
            continue;
        }
        let cluster = &a[1..];
        for (i, ch) in cluster.char_indices() {
            if ch == 'T' {
                no_target_dir = true;
            } else if short_valued(ch) {
                let rest = &cluster[i + 1..];
                let value = if rest.is_empty() {
                    words.next().map(String::as_str)
                } else {
                    Some(rest)
                };
                if ch == 't' {
                    target_dir = value;
                }
                break;
            }
        }
    }
    Operands {
        target_dir,
        no_target_dir,
        operands,
    }
}

/// The links `program` (`ln`, `link`, or `cp` in a link mode) makes with
/// `args`. Empty for any other program, for `--help`, and when the operands
/// are missing. `mv` shares ln's operand syntax: its moves are read here too
/// (each source, and the name it gets).
pub fn links(program: &str, args: &[String]) -> Vec<Link> {
    if program == "link" {
        // link(1) calls link(2) on exactly two operands (a `--` may precede them).
        let ops: Vec<&String> = args.iter().filter(|a| a.as_str() != "--").collect();
        return match ops.as_slice() {
            [target, name] if !target.starts_with('-') => vec![Link {
                target: (*target).clone(),
                name: (*name).clone(),
                maybe_dir: false,
            }],
            _ => Vec::new(),
        };
    }
    let Operands {
        target_dir,
        no_target_dir,
        operands,
    } = operands(program, args);
    let link = |target: &String, name: String, maybe_dir: bool| Link {
        target: target.clone(),
        name,
        maybe_dir,
    };
    if let Some(dir) = target_dir {
        return operands.iter().map(|t| link(t, under(dir, t), false)).collect();
    }
    match operands.as_slice() {
        [] => Vec::new(),
        // `ln TARGET`: a link of the same base name in the working directory.
        [target] if program == "ln" => vec![link(target, base_name(target).to_string(), false)],
        [_] => Vec::new(),
        [target, name] => {
            let dir = !no_target_dir && (name.ends_with('/') || matches!(name.as_str(), "." | ".."));
            if dir {
                vec![link(target, under(name, target), false)]
            } else {
                vec![link(target, (*name).clone(), !no_target_dir)]
            }
        }
        [targets @ .., dir] => targets.iter().map(|t| link(t, under(dir, t), false)).collect(),
    }
}

/// The last component of a path (a trailing `/` ignored).
fn base_name(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t)
}

/// `target`'s base name under directory `dir`.
fn under(dir: &str, target: &str) -> String {
    let base = base_name(target);
    match dir.trim_end_matches('/') {
        "" if dir.starts_with('/') => format!("/{base}"),
        "" | "." => base.to_string(),
        d => format!("{d}/{base}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_words as words;

    fn pairs(line: &str) -> Vec<(String, String, bool)> {
        let w = words(line);
        links(&w[0], &w[1..])
            .into_iter()
            .map(|l| (l.target, l.name, l.maybe_dir))
            .collect()
    }

    fn p(t: &str, n: &str, d: bool) -> (String, String, bool) {
        (t.into(), n.into(), d)
    }

    #[test]
    fn slo_11_link_operands_follow_coreutils_syntax() {
        assert_eq!(pairs("ln ~/.ssh/id_rsa k"), [p("~/.ssh/id_rsa", "k", true)]);
        assert_eq!(pairs("ln -sf /etc/shadow x"), [p("/etc/shadow", "x", true)]);
        // Options after the operands, values of -S and --suffix skipped.
        assert_eq!(pairs("ln ~/.bashrc n.txt -s"), [p("~/.bashrc", "n.txt", true)]);
        assert_eq!(
            pairs("ln -S .bak ~/.aws/credentials c"),
            [p("~/.aws/credentials", "c", true)]
        );
        assert_eq!(
            pairs("ln --suffix .bak -b ~/.aws/credentials c"),
            [p("~/.aws/credentials", "c", true)]
        );
        // A lone operand links into the working directory.
        assert_eq!(
            pairs("ln -s ~/.aws/credentials"),
            [p("~/.aws/credentials", "credentials", false)]
        );
        // -t DIR (also clustered and as --target-directory=), -T, a directory operand.
        assert_eq!(
            pairs("ln -st keys ~/.ssh/id_rsa ~/.netrc"),
            [
                p("~/.ssh/id_rsa", "keys/id_rsa", false),
                p("~/.netrc", "keys/.netrc", false)
            ]
        );
        assert_eq!(
            pairs("ln --target-directory=. ~/.netrc"),
            [p("~/.netrc", ".netrc", false)]
        );
        assert_eq!(pairs("ln -sT ~/.ssh s"), [p("~/.ssh", "s", false)]);
        assert_eq!(pairs("ln ~/.netrc docs/"), [p("~/.netrc", "docs/.netrc", false)]);
        assert_eq!(pairs("ln a b dir"), [p("a", "dir/a", false), p("b", "dir/b", false)]);
        assert_eq!(pairs("ln -- -x y"), [p("-x", "y", true)]);
        // link(1): exactly two operands.
        assert_eq!(pairs("link ~/.netrc n"), [p("~/.netrc", "n", false)]);
        assert!(pairs("link --help").is_empty() && pairs("ln --help").is_empty());
        // cp in its link modes; cp's lone operand is no link.
        assert_eq!(pairs("cp -l ~/.netrc n"), [p("~/.netrc", "n", true)]);
        assert!(pairs("cp -s x").is_empty());
        let names: Vec<String> = links("ln", &words("~/.aws/credentials c"))[0].names().collect();
        assert_eq!(names, ["c", "c/credentials"]);
    }

    #[test]
    fn slo_11_cp_link_modes_in_every_spelling() {
        for line in [
            "-l a b",
            "-al src dst",
            "-rs a b",
            "--link a b",
            "--li a b",
            "--symbolic-link a b",
            "--sym a b",
            "a b -l",
        ] {
            assert!(cp_makes_links(&words(line)), "{line}");
        }
        for line in [
            "-r src dst",
            "-a src dst",
            "-t ls a",
            "-S.l a b",
            "--suffix=l a b",
            "--suffix l a b",
            "-- -l b",
            "a b",
        ] {
            assert!(!cp_makes_links(&words(line)), "{line}");
        }
    }
}
