//! Connectors (trust boundary B5): what actually performs a hostcall once
//! dispatch has let it through. Owns the [`Connector`] trait, a mock connector
//! that answers at once and records what reached it, and a file-system connector
//! confined to one directory that re-applies the per-extension policy (audit gap
//! G-1) and, through a capability directory handle, cannot reach a path outside
//! its root (audit gaps G-2, G-5).

use crate::capability::Capability;
use crate::hostcall::{FsOp, HostcallKind, HostcallRequest, Validated};
use crate::policy::{Decision, ExtensionPolicy};
use crate::risk::path_memo::PathFacts;
use crate::risk::score::CompiledLists;
use crate::risk::RiskConfig;
use serde_json::{json, Value};
use std::path::{Component, Path, PathBuf};

/// Why a connector could not perform a call. Dispatch fails closed on any of them (G-4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectorError {
    #[error("denied by connector policy ({0})")]
    Denied(&'static str),
    #[error("path escapes the connector root: {0:?}")]
    PathEscape(String),
    #[error("bad params: {0}")]
    BadParams(&'static str),
    #[error("unsupported call: {0}")]
    Unsupported(&'static str),
    #[error("not found")]
    NotFound,
    #[error("i/o error: {0}")]
    Io(String),
    /// The path leads through a symlink inside the root to a path the risk
    /// stage would have judged stricter than the path as spelled (a
    /// credential or sensitive file for a read, a persistence path for a
    /// write, history or a secret for a delete).
    #[error("path {spelled:?} leads through a symlink to {resolved:?}, a {what} path")]
    LinkToProtectedPath {
        spelled: String,
        resolved: String,
        what: &'static str,
    },
}

impl ConnectorError {
    /// Stable reason code for the ledger.
    pub fn code(&self) -> &'static str {
        match self {
            ConnectorError::Denied(_) => "connector_denied",
            ConnectorError::PathEscape(_) => "connector_path_escape",
            ConnectorError::BadParams(_) => "connector_bad_params",
            ConnectorError::Unsupported(_) => "connector_unsupported",
            ConnectorError::NotFound => "connector_not_found",
            ConnectorError::Io(_) => "connector_io_error",
            ConnectorError::LinkToProtectedPath { .. } => "link_to_protected_path",
        }
    }
}

/// Performs validated, authorised hostcalls. A connector reads what to do
/// from the call's typed fields ([`Validated::args`], read once at
/// validation), not from the params again.
pub trait Connector {
    fn call(&mut self, call: &Validated<'_>, req: &HostcallRequest) -> Result<Value, ConnectorError>;
}

/// What a [`MockConnector`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockCall {
    pub call_id: String,
    pub extension_id: String,
    pub method: String,
    pub capability: Capability,
}

/// Returns at once. Counts every call; in recording mode also keeps each one, so
/// tests and the fuzzer can assert that nothing denied ever reached a connector.
#[derive(Debug, Clone, Default)]
pub struct MockConnector {
    pub count: u64,
    pub calls: Vec<MockCall>,
    record: bool,
    fail: Option<ConnectorError>,
}

impl MockConnector {
    /// Counts calls only (no allocation per call): for benches and the simulator.
    pub fn counting() -> Self {
        MockConnector::default()
    }
    /// Counts and records every call.
    pub fn recording() -> Self {
        MockConnector {
            record: true,
            ..Default::default()
        }
    }
    /// Fails every call with `err` (after recording it).
    pub fn failing(err: ConnectorError) -> Self {
        MockConnector {
            record: true,
            fail: Some(err),
            ..Default::default()
        }
    }
}

impl Connector for MockConnector {
    fn call(&mut self, call: &Validated<'_>, req: &HostcallRequest) -> Result<Value, ConnectorError> {
        self.count += 1;
        if self.record {
            self.calls.push(MockCall {
                call_id: req.call_id.clone(),
                extension_id: req.extension_id.clone(),
                method: req.method.clone(),
                capability: call.call.capability,
            });
        }
        match &self.fail {
            Some(e) => Err(e.clone()),
            None => Ok(Value::Null),
        }
    }
}

/// Most bytes the fs connector reads or writes in one call.
pub const FS_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Real reads and writes inside one directory.
///
/// Every call is re-checked against the policy *with the extension id*, so a
/// per-extension deny holds even if the connector is reached some other way
/// (G-1). A path is first normalised lexically (absolute paths must lie inside
/// the root, `..` may not climb above it, `~` is refused), then every operation
/// goes through a `cap_std::fs::Dir` handle on the root: the file is opened
/// relative to that directory descriptor, component by component (on Linux with
/// `openat2(RESOLVE_BENEATH)` where the kernel has it), so no symlink — existing,
/// dangling, or swapped in between check and use — can lead outside (G-2, G-5).
///
/// A symlink that stays inside the root is followed, but the risk stage judged
/// the path as spelled: `docs/env.txt -> ../.env` reads `.env`, and through
/// `scripts -> .git/hooks` a write lands in a git hook. So before acting, the
/// connector resolves every symlink on the path beneath the root and judges
/// the path it reaches with the risk stage's own facts ([`PathFacts`]: the
/// credential, sensitive and persistence lists); when that path is stricter
/// than the one spelled, the call is refused (`link_to_protected_path`).
/// Hard links are not judged (a pnpm store hard-links every file of
/// `node_modules`; a hard link to a secret is not told apart from the secret).
#[derive(Debug)]
pub struct FsConnector {
    root: PathBuf,
    dir: cap_std::fs::Dir,
    policy: ExtensionPolicy,
    /// The lists a path reached through a symlink is judged by.
    lists: CompiledLists,
}

impl FsConnector {
    /// `root` must exist; it is canonicalised and opened as a directory handle.
    pub fn new(root: impl AsRef<Path>, policy: ExtensionPolicy) -> std::io::Result<Self> {
        let root = root.as_ref().canonicalize()?;
        let dir = cap_std::fs::Dir::open_ambient_dir(&root, cap_std::ambient_authority())?;
        Ok(FsConnector {
            root,
            dir,
            policy,
            lists: CompiledLists::new(&RiskConfig::default()),
        })
    }

    /// Judge paths reached through a symlink with `risk`'s sensitive-path list
    /// (the dispatcher's risk config) instead of the shipped default's.
    pub fn with_risk_lists(mut self, risk: &RiskConfig) -> Self {
        self.lists = CompiledLists::new(risk);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Normalise a requested path lexically to a path relative to the root (empty
    /// for the root itself), or refuse it. Symlinks are not judged here: the
    /// directory handle refuses any that lead outside when the path is used.
    pub fn resolve(&self, raw: &str) -> Result<PathBuf, ConnectorError> {
        let escape = || ConnectorError::PathEscape(raw.to_string());
        if raw.trim().is_empty() || raw.contains('\0') {
            return Err(ConnectorError::BadParams("empty or NUL path"));
        }
        if raw.starts_with('~') {
            return Err(escape());
        }
        let p = Path::new(raw);
        let rel = if p.is_absolute() {
            p.strip_prefix(&self.root).map_err(|_| escape())?
        } else {
            p
        };
        let mut out = PathBuf::new();
        for c in rel.components() {
            match c {
                Component::Normal(part) => out.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !out.pop() {
                        return Err(escape());
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err(escape()),
            }
        }
        Ok(out)
    }
    /// The path `rel` (from [`FsConnector::resolve`]) reaches beneath the root
    /// once every symlink on it is followed, or None when it passes through
    /// none. The last component is followed unless `follow_last` is false (a
    /// delete removes a link, not its target). A component that does not exist
    /// ends the walk (a write may create it). A link whose target leaves the
    /// root is a path escape, as the directory handle would find it.
    fn through_links(&self, rel: &Path, follow_last: bool) -> Result<Option<PathBuf>, ConnectorError> {
        // One system call answers for the common path with no link on it:
        // `openat2(RESOLVE_NO_SYMLINKS)` fails (ELOOP) when any component is
        // a symlink (the last one too, unless it is not to be followed). Any
        // failure (a link, a missing component a write will create, a kernel
        // without openat2) takes the component walk below, which decides.
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{openat2, Mode, OFlags, ResolveFlags};
            let last = if follow_last { OFlags::empty() } else { OFlags::NOFOLLOW };
            if !rel.as_os_str().is_empty()
                && openat2(
                    &self.dir,
                    rel,
                    OFlags::PATH | OFlags::CLOEXEC | last,
                    Mode::empty(),
                    ResolveFlags::NO_SYMLINKS | ResolveFlags::BENEATH,
                )
                .is_ok()
            {
                return Ok(None);
            }
        }
        // Most paths pass through no link: one look at each component, no
        // other allocation than the prefix.
        let parts: Vec<&std::ffi::OsStr> = rel.components().map(|c| c.as_os_str()).collect();
        let mut done = PathBuf::with_capacity(rel.as_os_str().len());
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            done.push(part);
            if last && !follow_last {
                return Ok(None);
            }
            match self.dir.symlink_metadata(&done) {
                Ok(m) if m.file_type().is_symlink() => {
                    done.pop();
                    return self.follow(done, &parts[i..], follow_last).map(Some);
                }
                Ok(_) => {}
                // What does not exist yet (a write creates it) holds no link.
                Err(_) => return Ok(None),
            }
        }
        Ok(None)
    }

    /// The rest of [`FsConnector::through_links`]: from `done` (a prefix with
    /// no link), `rest` (starting with a link) resolved one component at a
    /// time, each link's target put in its place.
    fn follow(
        &self,
        mut done: PathBuf,
        rest: &[&std::ffi::OsStr],
        follow_last: bool,
    ) -> Result<PathBuf, ConnectorError> {
        const MAX_LINKS: u32 = 40;
        let mut pending: std::collections::VecDeque<std::ffi::OsString> =
            rest.iter().map(|p| p.to_os_string()).collect();
        let mut links = 0u32;
        while let Some(part) = pending.pop_front() {
            if part == "." {
                continue;
            }
            if part == ".." {
                // Above the root: the directory handle refuses the path.
                if !done.pop() {
                    return Err(ConnectorError::PathEscape(rest_display(&done, &pending)));
                }
                continue;
            }
            done.push(&part);
            if pending.is_empty() && !follow_last {
                break;
            }
            match self.dir.symlink_metadata(&done) {
                Ok(m) if m.file_type().is_symlink() => {}
                Ok(_) => continue,
                Err(_) => {
                    done.extend(pending.drain(..));
                    break;
                }
            }
            links += 1;
            if links > MAX_LINKS {
                return Err(ConnectorError::Io("too many levels of symbolic links".into()));
            }
            // cap-std refuses to read an absolute target: it leads outside.
            let target = self
                .dir
                .read_link(&done)
                .map_err(|e| io_at(&done.to_string_lossy())(e))?;
            done.pop();
            if target.has_root() {
                // An absolute target leads outside: the directory handle refuses it.
                return Err(ConnectorError::PathEscape(target.to_string_lossy().into_owned()));
            }
            for c in target.components().rev() {
                pending.push_front(c.as_os_str().to_os_string());
            }
        }
        Ok(done)
    }

    /// Refuse a call whose path reaches, through a symlink inside the root, a
    /// path the risk stage would judge stricter than the one spelled (`raw` as
    /// sent and `rel` as reduced).
    fn check_links(&self, op: FsOp, raw: &str, rel: &Path) -> Result<(), ConnectorError> {
        let deletes = matches!(op, FsOp::Delete | FsOp::Remove | FsOp::Rm);
        let Some(resolved) = self.through_links(rel, !deletes)? else {
            return Ok(());
        };
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        let res_s = resolved.to_string_lossy().replace('\\', "/");
        let spelled = [PathFacts::of(raw, &self.lists), PathFacts::of(&rel_s, &self.lists)];
        let reached = PathFacts::of(&res_s, &self.lists);
        let spelled_has = |f: fn(PathFacts) -> bool| spelled.iter().any(|s| f(*s));
        let stricter = |f: fn(PathFacts) -> bool| f(reached) && !spelled_has(f);
        let what = match op {
            _ if stricter(PathFacts::credential) => Some("credential"),
            _ if stricter(PathFacts::sensitive) => Some("sensitive"),
            FsOp::Write | FsOp::Mkdir if stricter(PathFacts::persistence) => Some("persistence"),
            // Both persistence paths, but risk judged the text as the kind of
            // file spelled (a git config by its command keys) while it lands
            // in another (`.git/config -> hooks/pre-commit` runs every line).
            FsOp::Write
                if reached.persistence()
                    && crate::persist_config::ConfigKind::of(&res_s) != crate::persist_config::ConfigKind::of(raw) =>
            {
                Some("persistence (another kind of file)")
            }
            _ if deletes
                && crate::shell::delete_is_destructive(&res_s)
                && !crate::shell::delete_is_destructive(raw)
                && !crate::shell::delete_is_destructive(&rel_s) =>
            {
                Some("protected (history, secret or home)")
            }
            _ => None,
        };
        match what {
            Some(what) => Err(ConnectorError::LinkToProtectedPath {
                spelled: raw.to_string(),
                resolved: res_s,
                what,
            }),
            None => Ok(()),
        }
    }

    fn op_for(call: &Validated<'_>) -> Result<FsOp, ConnectorError> {
        match (call.call.kind, call.args.fs_op) {
            (HostcallKind::Fs | HostcallKind::Tool, Some(op)) => Ok(op),
            (HostcallKind::Fs, None) => Err(ConnectorError::BadParams("fs op")),
            (HostcallKind::Tool, None) => Err(ConnectorError::Unsupported("tool not served by the fs connector")),
            _ => Err(ConnectorError::Unsupported("method not served by the fs connector")),
        }
    }
}

/// A path being resolved, for an error message.
fn rest_display(done: &Path, pending: &std::collections::VecDeque<std::ffi::OsString>) -> String {
    let mut p = done.to_path_buf();
    p.extend(pending.iter());
    p.to_string_lossy().into_owned()
}

/// Map an I/O error; cap-std reports a resolution that would leave the root as
/// PermissionDenied ("a path led outside of the filesystem").
fn io_at(raw: &str) -> impl Fn(std::io::Error) -> ConnectorError + '_ {
    move |e| match e.kind() {
        std::io::ErrorKind::NotFound => ConnectorError::NotFound,
        std::io::ErrorKind::PermissionDenied if e.to_string().contains("outside") => {
            ConnectorError::PathEscape(raw.to_string())
        }
        _ => ConnectorError::Io(e.to_string()),
    }
}

impl Connector for FsConnector {
    fn call(&mut self, call: &Validated<'_>, req: &HostcallRequest) -> Result<Value, ConnectorError> {
        // G-1: evaluate with the extension id. A Prompt was already resolved by dispatch.
        let check = self.policy.evaluate(call.call.capability, Some(&req.extension_id));
        if check.decision == Decision::Deny {
            return Err(ConnectorError::Denied(check.reason.as_str()));
        }
        let op = Self::op_for(call)?;
        let raw = call.args.target.unwrap_or_default();
        let rel = self.resolve(raw)?;
        self.check_links(op, raw, &rel)?;
        let io = io_at(raw);
        let path: &Path = if rel.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &rel
        };
        let dir = &self.dir;
        match op {
            FsOp::Read => {
                let meta = dir.metadata(path).map_err(&io)?;
                if meta.len() > FS_MAX_BYTES {
                    return Err(ConnectorError::BadParams("file too large"));
                }
                let bytes = dir.read(path).map_err(&io)?;
                Ok(json!({ "bytes": bytes.len(), "content": String::from_utf8_lossy(&bytes) }))
            }
            FsOp::List | FsOp::Readdir => {
                let mut names: Vec<String> = dir
                    .read_dir(path)
                    .map_err(&io)?
                    .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect();
                names.sort();
                Ok(json!({ "entries": names }))
            }
            FsOp::Stat => {
                let meta = dir.metadata(path).map_err(&io)?;
                Ok(json!({ "size": meta.len(), "is_dir": meta.is_dir() }))
            }
            FsOp::Write => {
                let data: Vec<u8> = match call.args.content {
                    Some(c) => c.as_bytes().to_vec(),
                    None => {
                        let n = call.args.bytes.unwrap_or(0);
                        if n > FS_MAX_BYTES {
                            return Err(ConnectorError::BadParams("write too large"));
                        }
                        vec![b'x'; n as usize]
                    }
                };
                if data.len() as u64 > FS_MAX_BYTES {
                    return Err(ConnectorError::BadParams("write too large"));
                }
                dir.write(path, &data).map_err(&io)?;
                Ok(json!({ "bytes": data.len() }))
            }
            FsOp::Mkdir => {
                dir.create_dir_all(path).map_err(&io)?;
                Ok(json!({}))
            }
            FsOp::Delete | FsOp::Remove | FsOp::Rm => {
                if rel.as_os_str().is_empty() {
                    return Err(ConnectorError::PathEscape("root".into()));
                }
                let meta = dir.symlink_metadata(path).map_err(&io)?;
                if meta.is_dir() {
                    dir.remove_dir(path).map_err(&io)?;
                } else {
                    dir.remove_file(path).map_err(&io)?;
                }
                Ok(json!({}))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostcall::validate_call;

    fn req(ext: &str, params: Value) -> HostcallRequest {
        HostcallRequest::new("c1", ext, "fs", params)
    }

    #[test]
    fn fs_connector_round_trip_inside_root() {
        let dir = tempfile::tempdir().unwrap();
        let mut fs = FsConnector::new(dir.path(), ExtensionPolicy::default()).unwrap();
        let w = req("e", json!({"op": "write", "path": "sub/../a.txt", "content": "hi"}));
        fs.call(&validate_call(&w).unwrap(), &w).unwrap();
        let r = req("e", json!({"op": "read", "path": "a.txt"}));
        let v = fs.call(&validate_call(&r).unwrap(), &r).unwrap();
        assert_eq!(v["content"], "hi");
        let abs = dir.path().canonicalize().unwrap().join("a.txt");
        let r = req("e", json!({"op": "read", "path": abs.to_str().unwrap()}));
        assert!(fs.call(&validate_call(&r).unwrap(), &r).is_ok());
        let l = req("e", json!({"op": "list", "path": "."}));
        assert_eq!(
            fs.call(&validate_call(&l).unwrap(), &l).unwrap()["entries"],
            json!(["a.txt"])
        );
        let m = req("e", json!({"op": "read", "path": "missing"}));
        assert_eq!(fs.call(&validate_call(&m).unwrap(), &m), Err(ConnectorError::NotFound));
    }

    /// (root, outside dir) under one temp dir, and a connector on the root.
    fn sandbox() -> (tempfile::TempDir, PathBuf, PathBuf, FsConnector) {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("root");
        let outside = base.path().join("outside");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        let fs = FsConnector::new(&root, ExtensionPolicy::default()).unwrap();
        (base, root, outside, fs)
    }

    fn run(fs: &mut FsConnector, params: Value) -> Result<Value, ConnectorError> {
        let r = req("e", params);
        fs.call(&validate_call(&r).unwrap(), &r)
    }

    fn escapes(res: Result<Value, ConnectorError>) -> bool {
        matches!(res, Err(ConnectorError::PathEscape(_)))
    }

    #[test]
    fn g2_dotdot_and_absolute_paths_cannot_leave_the_root() {
        let (_base, root, outside, mut fs) = sandbox();
        let abs_out = outside.join("secret.txt");
        for path in [
            "../outside/secret.txt",
            "a/../../outside/secret.txt",
            abs_out.to_str().unwrap(),
            "/etc/passwd",
            "~/x",
        ] {
            for op in ["read", "write", "stat", "rm"] {
                assert!(
                    escapes(run(&mut fs, json!({"op": op, "path": path, "content": "x"}))),
                    "{op} {path}"
                );
            }
        }
        assert!(
            escapes(run(&mut fs, json!({"op": "rm", "path": "."}))),
            "the root itself is never removed"
        );
        assert!(escapes(run(
            &mut fs,
            json!({"op": "rm", "path": root.to_str().unwrap()})
        )));
        assert_eq!(std::fs::read_to_string(&abs_out).unwrap(), "secret");
    }

    #[cfg(unix)]
    #[test]
    fn g2_symlinks_out_of_the_root_are_refused_dangling_ones_too() {
        use std::os::unix::fs::symlink;
        let (_base, root, outside, mut fs) = sandbox();
        symlink(&outside, root.join("dirlink")).unwrap();
        symlink(outside.join("secret.txt"), root.join("filelink")).unwrap();
        symlink("../outside/secret.txt", root.join("rellink")).unwrap();
        symlink(outside.join("new.txt"), root.join("dangling")).unwrap();
        symlink("../outside/new2.txt", root.join("dangling_rel")).unwrap();
        for path in ["dirlink/secret.txt", "filelink", "rellink"] {
            assert!(
                escapes(run(&mut fs, json!({"op": "read", "path": path}))),
                "read {path}"
            );
            assert!(
                escapes(run(&mut fs, json!({"op": "write", "path": path, "content": "x"}))),
                "write {path}"
            );
        }
        assert!(escapes(run(&mut fs, json!({"op": "list", "path": "dirlink"}))));
        assert!(escapes(run(
            &mut fs,
            json!({"op": "write", "path": "dirlink/new.txt", "content": "x"})
        )));
        assert!(escapes(run(&mut fs, json!({"op": "mkdir", "path": "dirlink/sub"}))));
        for path in ["dangling", "dangling_rel"] {
            let res = run(&mut fs, json!({"op": "write", "path": path, "content": "pwned"}));
            assert!(escapes(res.clone()), "write through dangling {path}: {res:?}");
        }
        assert!(!outside.join("new.txt").exists() && !outside.join("new2.txt").exists());
        assert!(!outside.join("sub").exists());
        assert_eq!(std::fs::read_to_string(outside.join("secret.txt")).unwrap(), "secret");
        // Removing a link removes the link only, never its target.
        run(&mut fs, json!({"op": "rm", "path": "filelink"})).unwrap();
        assert!(outside.join("secret.txt").exists());
        // A symlink that stays inside the root is followed.
        std::fs::write(root.join("real.txt"), "inside").unwrap();
        symlink("real.txt", root.join("inlink")).unwrap();
        assert_eq!(
            run(&mut fs, json!({"op": "read", "path": "inlink"})).unwrap()["content"],
            "inside"
        );
    }

    #[test]
    fn mock_connector_records_and_fails_on_request() {
        let r = req("e", json!({"op": "read", "path": "a"}));
        let v = validate_call(&r).unwrap();
        let mut m = MockConnector::recording();
        m.call(&v, &r).unwrap();
        assert_eq!(m.count, 1);
        assert_eq!(m.calls[0].capability, Capability::Read);
        let mut c = MockConnector::counting();
        c.call(&v, &r).unwrap();
        assert!(c.calls.is_empty() && c.count == 1);
        let mut f = MockConnector::failing(ConnectorError::Io("boom".into()));
        assert!(f.call(&v, &r).is_err());
    }
}
