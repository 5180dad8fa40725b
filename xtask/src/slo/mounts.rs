//! Which file system holds a path, read from Linux's `/proc/self/mountinfo`.
//!
//! SLO-14's workload writes files in the host's temporary directory, and the
//! figure depends on that disk: on ext4 mounted with `discard` each write
//! waits for the device, which stretches every call and dilutes the engine's
//! share; on tmpfs the same engine reads three to four times the ratio
//! (docs/gates.md, stop 36). The scorecard names the file system beside the
//! figure so runs on different disks are not compared as if alike.

use std::fmt;
use std::path::{Component, Path};

/// The mount a path lives on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub mount_point: String,
    pub fs_type: String,
    /// Per-mount options and the file system's own (super block) options,
    /// in that order.
    pub options: Vec<String>,
}

impl Mount {
    /// The options worth showing beside a timing: those that make writes
    /// wait on the device, or take it away.
    pub fn timing_options(&self) -> Vec<&str> {
        const SHOWN: [&str; 4] = ["discard", "sync", "dirsync", "ro"];
        let mut out: Vec<&str> = Vec::new();
        for o in &self.options {
            if SHOWN.contains(&o.as_str()) && !out.contains(&o.as_str()) {
                out.push(o);
            }
        }
        out
    }
}

impl fmt::Display for Mount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.fs_type, self.mount_point)?;
        let shown = self.timing_options();
        if !shown.is_empty() {
            write!(f, " ({})", shown.join(", "))?;
        }
        Ok(())
    }
}

/// A line of mountinfo that does not have the fields it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountinfoError {
    pub line: usize,
    pub field: &'static str,
}

impl fmt::Display for MountinfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/proc/self/mountinfo line {}: no {} field", self.line, self.field)
    }
}

impl std::error::Error for MountinfoError {}

/// Undo mountinfo's octal escapes (`\040` for a space, `\011`, `\012`, `\134`).
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let octal = b
            .get(i + 1..i + 4)
            .filter(|d| b[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal.map(|d| d.iter().fold(0u32, |n, c| n * 8 + u32::from(c - b'0'))) {
            Some(v) if v <= 0xff => {
                out.push(v as u8);
                i += 4;
            }
            _ => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One mountinfo line: mount id, parent id, device, root, mount point,
/// mount options, optional fields, `-`, type, source, super options.
fn parse_line(line: &str, n: usize) -> Result<Mount, MountinfoError> {
    let err = |field| MountinfoError { line: n, field };
    let mut f = line.split(' ');
    let mount_point = f.nth(4).ok_or(err("mount point"))?;
    let mount_opts = f.next().ok_or(err("mount options"))?;
    // Optional fields run up to the separator.
    f.by_ref().find(|x| *x == "-").ok_or(err("separator"))?;
    let fs_type = f.next().filter(|t| !t.is_empty()).ok_or(err("file system type"))?;
    let _source = f.next().ok_or(err("mount source"))?;
    let super_opts = f.next().ok_or(err("super options"))?;
    let options = mount_opts
        .split(',')
        .chain(super_opts.split(','))
        .filter(|o| !o.is_empty())
        .map(str::to_string)
        .collect();
    Ok(Mount {
        mount_point: unescape(mount_point),
        fs_type: unescape(fs_type),
        options,
    })
}

/// The mount holding `path` (absolute, symlinks already resolved): the one
/// whose mount point is the longest whole-component prefix of it, the later
/// line winning when mounts are stacked on one point.
pub fn mount_of(mountinfo: &str, path: &Path) -> Result<Option<Mount>, MountinfoError> {
    let mut best: Option<(usize, Mount)> = None;
    for (i, line) in mountinfo.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let m = parse_line(line, i + 1)?;
        let point = Path::new(&m.mount_point);
        if !path.starts_with(point) {
            continue;
        }
        let depth = point.components().filter(|c| matches!(c, Component::Normal(_))).count();
        if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
            best = Some((depth, m));
        }
    }
    Ok(best.map(|(_, m)| m))
}

/// What the scorecard says about the file system under `path` on this host:
/// the mount, or why it is not known.
pub fn describe(path: &Path) -> String {
    let canonical = match path.canonicalize() {
        Ok(p) => p,
        Err(e) => return format!("file system of {} unknown ({e})", path.display()),
    };
    match std::fs::read_to_string("/proc/self/mountinfo") {
        Ok(text) => match mount_of(&text, &canonical) {
            Ok(Some(m)) => m.to_string(),
            Ok(None) => format!("file system of {} unknown (no mount holds it)", canonical.display()),
            Err(e) => format!("file system of {} unknown ({e})", canonical.display()),
        },
        Err(e) => format!(
            "file system of {} unknown (/proc/self/mountinfo: {e})",
            canonical.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: &str = "\
22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard,errors=remount-ro
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
24 22 0:22 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw,size=24576000k
25 22 0:23 / /tmp rw,nosuid,nodev shared:4 - tmpfs tmpfs rw
26 22 0:24 / /tmpx rw shared:5 - xfs /dev/vdb rw
27 22 0:25 / /my\\040disk rw - btrfs /dev/vdc rw,ssd
28 25 0:26 / /tmp rw - ext4 /dev/vdd rw,sync
";

    fn at(p: &str) -> Mount {
        mount_of(INFO, Path::new(p)).unwrap().unwrap()
    }

    #[test]
    fn slo_14_names_the_file_system_under_the_workload() {
        let root = at("/home/ci/work");
        assert_eq!((root.fs_type.as_str(), root.mount_point.as_str()), ("ext4", "/"));
        assert_eq!(root.timing_options(), ["discard"]);
        assert_eq!(root.to_string(), "ext4 at / (discard)");
        assert_eq!(at("/dev/shm/x").to_string(), "tmpfs at /dev/shm");
        // Whole components: /tmpx is not under /tmp.
        assert_eq!(at("/tmpx/a").fs_type, "xfs");
        // Stacked on one point: the later mount is the one seen.
        assert_eq!(at("/tmp/.tmpAbc").to_string(), "ext4 at /tmp (sync)");
        // Escaped spaces in a mount point.
        assert_eq!(at("/my disk/f").fs_type, "btrfs");
    }

    #[test]
    fn slo_14_mountinfo_errors_name_the_line_and_field() {
        let bad = "22 1 253:0 / / rw - ext4 /dev/vda rw\n23 22 0:21 / /proc rw shared:12\n";
        let e = mount_of(bad, Path::new("/proc/1")).unwrap_err();
        assert_eq!(
            e,
            MountinfoError {
                line: 2,
                field: "separator"
            }
        );
        assert_eq!(e.to_string(), "/proc/self/mountinfo line 2: no separator field");
        let e = mount_of("1 2 3:4 /\n", Path::new("/")).unwrap_err();
        assert_eq!(e.field, "mount point");
        let e = mount_of("1 2 3:4 / / rw -\n", Path::new("/")).unwrap_err();
        assert_eq!(e.field, "file system type");
    }

    #[test]
    fn slo_14_describes_this_hosts_temp_dir() {
        let text = match std::fs::read_to_string("/proc/self/mountinfo") {
            Ok(t) => t,
            Err(e) => {
                eprintln!("skipped: /proc/self/mountinfo unreadable here ({e})");
                return;
            }
        };
        let tmp = std::env::temp_dir().canonicalize().unwrap();
        let m = mount_of(&text, &tmp).unwrap().expect("some mount holds the temp dir");
        assert!(
            tmp.starts_with(&m.mount_point),
            "{} not under {}",
            tmp.display(),
            m.mount_point
        );
        assert_eq!(describe(&tmp), m.to_string());
    }
}
