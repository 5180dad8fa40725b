//! The lab's model of npm workspaces (docs/adversary.md), written from
//! npm's documentation ("workspaces", the `--workspace` and `--workspaces`
//! configs), never from the engine: the root `package.json`'s
//! `workspaces` field lists the members' directories, each a path or a
//! path ending in one `*` segment (`packages/*`); a command that runs
//! scripts (`npm test`, `npm run NAME`) given `--workspaces` (`--ws`) runs
//! in every member, given `-w X` (`--workspace X`, `--workspace=X`) in the
//! member whose directory or package name is `X`, each in the member's
//! directory with its own `package.json`'s scripts.
//!
//! Not modelled: pnpm (`pnpm-workspace.yaml`, `-r`, `--filter`), yarn's
//! `workspaces foreach`, turbo, lerna, `**` and other globs, nested
//! workspaces, and `--include-workspace-root`.

/// The workspaces a line picks and its arguments without those options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// `--workspaces`: every member.
    pub all: bool,
    /// `-w X` values: members by directory or package name.
    pub named: Vec<String>,
    /// The other arguments, read as the command in each member.
    pub rest: Vec<String>,
}

impl Selection {
    /// Whether the member in `dir` with package name `name` is picked.
    pub fn picks(&self, dir: &str, name: Option<&str>) -> bool {
        let tidy = |d: &str| d.trim_start_matches("./").trim_end_matches('/').to_string();
        self.all
            || self
                .named
                .iter()
                .any(|n| tidy(n) == tidy(dir) || Some(n.as_str()) == name)
    }
}

/// The workspaces an npm line's arguments pick (none: the line runs in
/// its own directory only).
pub fn npm_selection(args: &[String]) -> Option<Selection> {
    let mut sel = Selection {
        all: false,
        named: Vec::new(),
        rest: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--" => {
                sel.rest.push(a.clone());
                sel.rest.extend(it.by_ref().cloned());
            }
            "--workspaces" | "--ws" | "--workspaces=true" => sel.all = true,
            "-w" | "--workspace" => sel.named.extend(it.next().cloned()),
            _ => match a.strip_prefix("--workspace=") {
                Some(v) => sel.named.push(v.to_string()),
                None => sel.rest.push(a.clone()),
            },
        }
    }
    (sel.all || !sel.named.is_empty()).then_some(sel)
}

/// The member patterns of a root manifest's text: `workspaces` as a list,
/// or as an object's `packages` list (none: no workspaces).
pub fn member_patterns(root: &str) -> Vec<String> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(root) else {
        return Vec::new();
    };
    let list = match doc.get("workspaces") {
        Some(serde_json::Value::Object(o)) => o.get("packages"),
        other => other,
    };
    list.and_then(|l| l.as_array())
        .map(|l| l.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

/// Whether a member pattern names the directory `dir` (both relative to
/// the root): the same path, or one `*` segment for any one name.
pub fn pattern_names(pattern: &str, dir: &str) -> bool {
    let p: Vec<&str> = pattern
        .trim_start_matches("./")
        .trim_end_matches('/')
        .split('/')
        .collect();
    let d: Vec<&str> = dir.trim_start_matches("./").trim_end_matches('/').split('/').collect();
    p.len() == d.len() && p.iter().zip(&d).all(|(p, d)| *p == "*" && !d.is_empty() || p == d)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::adversary::test_words as words;

    #[test]
    fn slo_11_lab_npm_lines_pick_workspaces_as_npm_documents() {
        let all = npm_selection(&words("test --workspaces")).unwrap();
        assert!(all.all && all.rest == ["test"]);
        let one = npm_selection(&words("run build -w packages/wsp")).unwrap();
        assert_eq!(one.rest, ["run", "build"]);
        assert!(one.picks("packages/wsp", None) && !one.picks("packages/other", Some("other")));
        let named = npm_selection(&words("test --workspace=wsp")).unwrap();
        assert!(named.picks("packages/x", Some("wsp")));
        assert!(npm_selection(&words("test")).is_none());
        assert!(npm_selection(&words("run x -- --workspaces")).is_none());
    }

    #[test]
    fn slo_11_lab_workspace_patterns_name_member_directories() {
        assert_eq!(
            member_patterns(r#"{"workspaces": ["packages/*", "tools"]}"#),
            ["packages/*", "tools"]
        );
        assert_eq!(
            member_patterns(r#"{"workspaces": {"packages": ["apps/*"]}}"#),
            ["apps/*"]
        );
        assert!(member_patterns(r#"{"name": "x"}"#).is_empty());
        assert!(member_patterns("{not json").is_empty());
        assert!(pattern_names("packages/*", "packages/wsp"));
        assert!(pattern_names("./tools/", "tools"));
        assert!(!pattern_names("packages/*", "packages/a/b"));
        assert!(!pattern_names("packages/*", "vendor/x"));
    }
}
