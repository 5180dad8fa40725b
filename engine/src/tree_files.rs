//! The regular files under a directory, sorted, for the benches and examples
//! that read a corpus or a machine's own code: symlinks are skipped (their
//! targets may be anywhere), unreadable entries are passed over.

use std::path::{Path, PathBuf};

/// Every regular file under `dir` that `keep` accepts, depth first, each
/// directory's entries in sorted order.
pub fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(dir, keep, &mut out);
    out
}

fn collect(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let Ok(m) = std::fs::symlink_metadata(&p) else { continue };
        if m.is_dir() {
            collect(&p, keep, out);
        } else if m.is_file() && keep(&p) {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_lists_sorted_regular_files_and_skips_symlinks() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("b")).unwrap();
        std::fs::write(d.path().join("b/x.js"), "1").unwrap();
        std::fs::write(d.path().join("a.js"), "1").unwrap();
        std::fs::write(d.path().join("c.txt"), "1").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.path().join("a.js"), d.path().join("l.js")).unwrap();
        let got = files_under(d.path(), &|p| p.extension().is_some_and(|e| e == "js"));
        let names: Vec<_> = got
            .iter()
            .map(|p| p.strip_prefix(d.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(names, vec![PathBuf::from("a.js"), PathBuf::from("b/x.js")]);
    }
}
