//! Connectors (trust boundary B5): what actually performs a hostcall once
//! dispatch has let it through. Owns the [`Connector`] trait, a mock connector
//! that answers at once and records what reached it, and a file-system connector
//! confined to one directory that re-applies the per-extension policy (audit gap
//! G-1) and, through a capability directory handle, cannot reach a path outside
//! its root (audit gaps G-2, G-5).

use crate::capability::Capability;
use crate::config::EngineConfig;
use crate::hostcall::{FsOp, HostcallKind, HostcallRequest, Validated};
use crate::policy::{Decision, ExtensionPolicy, PromptResolution};
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
    /// A symlink appeared on the path between its judgement and its use: the
    /// call is refused rather than following a link nobody judged.
    #[error("path {0:?} changed while it was being judged (a symlink appeared on it)")]
    PathChanged(String),
    /// A write to a file with more than one name (a hard link): the bytes
    /// would reach every other name of it too, which may lie outside the root
    /// (`ln ~/.bashrc notes.txt`, then a write to `notes.txt`). The file is
    /// left untouched: the check runs before it is truncated.
    #[error("path {0:?} is a file with other names (a hard link): it is not written")]
    HardLink(String),
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
            ConnectorError::PathChanged(_) => "connector_path_changed",
            ConnectorError::HardLink(_) => "connector_hard_link",
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
/// (G-1); a `Prompt` decision runs only when the call carries an allowing
/// answer ([`Validated::prompt`], set by the dispatcher), so a prompt-gated
/// call reached directly is refused. A path is first normalised lexically
/// (absolute paths must lie inside the root, `..` may not climb above it, `~`
/// is refused); nothing on it may then lead outside the root (G-2, G-5).
///
/// A symlink that stays inside the root is followed, but the risk stage judged
/// the path as spelled: `docs/env.txt -> ../.env` reads `.env`, and through
/// `scripts -> .git/hooks` a write lands in a git hook. So the connector
/// resolves every symlink on the path beneath the root and judges the path it
/// reaches with the risk stage's own facts ([`PathFacts`]: the credential,
/// sensitive and persistence lists, those of the engine config when built with
/// [`FsConnector::for_config`]); when that path is stricter than the one
/// spelled, the call is refused (`link_to_protected_path`).
///
/// On Linux (openat2, 5.6+) the operation acts on exactly what was judged:
/// every path is opened with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS` and the
/// operation uses that descriptor (read, stat, list, write) or the link-free
/// parent directory's (mkdir, delete, which never follows the last name). A
/// path with no link is judged by that very open; a path with links is
/// resolved, judged, and its resolved link-free form opened the same way, so a
/// link swapped in between makes the call fail (`connector_path_changed`)
/// instead of being followed. Elsewhere, or on a kernel without openat2, the
/// judgement runs first and the operation goes through a `cap_std::fs::Dir`
/// handle, which still keeps every path beneath the root but follows an
/// in-root link swapped in after the judgement.
/// A write to a file with more than one name (a hard link) is refused
/// (`connector_hard_link`) before the file is truncated: its other names may
/// lie outside the root. Reads of hard links are not judged (a pnpm store
/// hard-links every file of `node_modules`; a hard link to a secret is not
/// told apart from the secret).
#[derive(Debug)]
pub struct FsConnector {
    root: PathBuf,
    dir: cap_std::fs::Dir,
    policy: ExtensionPolicy,
    /// The lists a path reached through a symlink is judged by.
    lists: CompiledLists,
    /// The kernel has openat2: operations act on link-free descriptors.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    link_free: bool,
    /// Test seam: runs between the judgement of a path and its use, with the
    /// root and the path about to be used.
    #[cfg(test)]
    between: Option<fn(&Path, &Path)>,
}

impl FsConnector {
    /// `root` must exist; it is canonicalised and opened as a directory handle.
    /// Paths reached through a symlink are judged by the shipped default's
    /// lists: a connector serving a dispatcher is built with
    /// [`FsConnector::for_config`] instead.
    pub fn new(root: impl AsRef<Path>, policy: ExtensionPolicy) -> std::io::Result<Self> {
        Self::open(root.as_ref(), policy, CompiledLists::new(&RiskConfig::default()))
    }

    /// The connector for an engine config: the policy it builds, and paths
    /// reached through a symlink judged by its risk config's lists, the ones
    /// the dispatcher's risk stage uses.
    pub fn for_config(root: impl AsRef<Path>, cfg: &EngineConfig) -> std::io::Result<Self> {
        let (policy, _) = cfg.build_policy();
        Self::open(root.as_ref(), policy, CompiledLists::new(&cfg.risk))
    }

    fn open(root: &Path, policy: ExtensionPolicy, lists: CompiledLists) -> std::io::Result<Self> {
        let root = root.canonicalize()?;
        let dir = cap_std::fs::Dir::open_ambient_dir(&root, cap_std::ambient_authority())?;
        let link_free = link_free::supported(&dir);
        Ok(FsConnector {
            root,
            dir,
            policy,
            lists,
            link_free,
            #[cfg(test)]
            between: None,
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
        self.walk_links(rel, follow_last)
    }

    /// The component walk of [`FsConnector::through_links`], without the probe.
    fn walk_links(&self, rel: &Path, follow_last: bool) -> Result<Option<PathBuf>, ConnectorError> {
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
        match self.through_links(rel, !deletes(op))? {
            Some(resolved) => self.judge(op, raw, rel, &resolved),
            None => Ok(()),
        }
    }

    /// Refuse `resolved` (what `rel`, spelled `raw`, reaches through its
    /// links) when the risk stage would judge it stricter than the spelling.
    fn judge(&self, op: FsOp, raw: &str, rel: &Path, resolved: &Path) -> Result<(), ConnectorError> {
        let deletes = deletes(op);
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

impl FsConnector {
    /// The bytes a write puts, checked against [`FS_MAX_BYTES`] before any
    /// file is opened (an open for writing truncates).
    fn write_data<'c>(call: &Validated<'c>) -> Result<std::borrow::Cow<'c, [u8]>, ConnectorError> {
        let data = match call.args.content {
            Some(c) => std::borrow::Cow::Borrowed(c.as_bytes()),
            None => {
                let n = call.args.bytes.unwrap_or(0);
                if n > FS_MAX_BYTES {
                    return Err(ConnectorError::BadParams("write too large"));
                }
                std::borrow::Cow::Owned(vec![b'x'; n as usize])
            }
        };
        if data.len() as u64 > FS_MAX_BYTES {
            return Err(ConnectorError::BadParams("write too large"));
        }
        Ok(data)
    }

    /// Test seam: what runs between the judgement of `path` and its use.
    #[inline]
    fn seam(&self, _path: &Path) {
        #[cfg(test)]
        if let Some(f) = self.between {
            f(&self.root, _path);
        }
    }

    /// The operation on Linux with openat2: acts on exactly the path judged.
    /// A path with no link is judged by its link-free open itself; a path with
    /// links is resolved and judged, and its resolved form opened link-free,
    /// so a link that appears in between fails the call.
    #[cfg(target_os = "linux")]
    fn call_link_free(&self, op: FsOp, raw: &str, rel: &Path, data: &[u8]) -> Result<Value, ConnectorError> {
        match self.act(op, raw, rel, data, true) {
            Ok(v) => return Ok(v),
            Err(Stop::Fail(e)) => return Err(e),
            Err(Stop::Link) => {}
        }
        let target = match self.walk_links(rel, !deletes(op))? {
            Some(resolved) => {
                self.judge(op, raw, rel, &resolved)?;
                resolved
            }
            // The link went away since the open: what is there now is opened link-free.
            None => rel.to_path_buf(),
        };
        self.seam(&target);
        match self.act(op, raw, &target, data, false) {
            Ok(v) => Ok(v),
            Err(Stop::Fail(e)) => Err(e),
            Err(Stop::Link) => Err(ConnectorError::PathChanged(raw.to_string())),
        }
    }

    /// `op` on `path` with no symlink followed anywhere on it (the last
    /// component of a delete is removed, never followed). `seam`: the open is
    /// the judgement (no link on the path as spelled).
    #[cfg(target_os = "linux")]
    fn act(&self, op: FsOp, raw: &str, path: &Path, data: &[u8], seam: bool) -> Result<Value, Stop> {
        use link_free::Open;
        let fail = |e| Stop::of(e, raw);
        let io = |e: std::io::Error| Stop::Fail(io_at(raw)(e));
        let open = |how| {
            let fd = link_free::open(&self.dir, path, how).map_err(fail)?;
            if seam {
                self.seam(path);
            }
            Ok::<_, Stop>(fd)
        };
        match op {
            FsOp::Read => {
                let fd = open(Open::Read)?;
                let len = rustix::fs::fstat(&fd).map_err(fail)?.st_size as u64;
                if len > FS_MAX_BYTES {
                    return Err(Stop::Fail(ConnectorError::BadParams("file too large")));
                }
                let mut bytes = Vec::with_capacity(len as usize);
                let file = std::fs::File::from(fd);
                std::io::Read::read_to_end(&mut std::io::Read::take(file, FS_MAX_BYTES + 1), &mut bytes).map_err(io)?;
                if bytes.len() as u64 > FS_MAX_BYTES {
                    return Err(Stop::Fail(ConnectorError::BadParams("file too large")));
                }
                Ok(json!({ "bytes": bytes.len(), "content": String::from_utf8_lossy(&bytes) }))
            }
            FsOp::List | FsOp::Readdir => {
                let fd = open(Open::List)?;
                let dir = cap_std::fs::Dir::from_std_file(std::fs::File::from(fd));
                Ok(list(dir.entries().map_err(io)?))
            }
            FsOp::Stat => {
                let st = rustix::fs::fstat(open(Open::Stat)?).map_err(fail)?;
                let is_dir = rustix::fs::FileType::from_raw_mode(st.st_mode).is_dir();
                Ok(json!({ "size": st.st_size as u64, "is_dir": is_dir }))
            }
            FsOp::Write => {
                // Opened without truncation: a file with other names is
                // refused before a byte of it changes.
                let fd = open(Open::Write)?;
                let st = rustix::fs::fstat(&fd).map_err(fail)?;
                // `st_nlink` is 32 bits wide on some Linux targets.
                #[allow(clippy::useless_conversion)]
                let nlink = u64::from(st.st_nlink);
                if rustix::fs::FileType::from_raw_mode(st.st_mode).is_file() && nlink > 1 {
                    return Err(Stop::Fail(ConnectorError::HardLink(raw.to_string())));
                }
                rustix::fs::ftruncate(&fd, 0).map_err(fail)?;
                let mut file = std::fs::File::from(fd);
                std::io::Write::write_all(&mut file, data).map_err(io)?;
                Ok(json!({ "bytes": data.len() }))
            }
            FsOp::Mkdir => {
                link_free::mkdir_all(&self.dir, path).map_err(fail)?;
                Ok(json!({}))
            }
            FsOp::Delete | FsOp::Remove | FsOp::Rm => {
                let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
                    return Err(Stop::Fail(ConnectorError::PathEscape("root".into())));
                };
                let parent = link_free::open(&self.dir, parent, Open::Parent).map_err(fail)?;
                if seam {
                    self.seam(path);
                }
                link_free::remove(&parent, name).map_err(fail)?;
                Ok(json!({}))
            }
        }
    }

    /// The operation through the directory handle, by path (non-Linux, or a
    /// kernel without openat2): the links were judged just before.
    fn call_by_path(&self, op: FsOp, raw: &str, rel: &Path, data: &[u8]) -> Result<Value, ConnectorError> {
        let io = io_at(raw);
        let path: &Path = if rel.as_os_str().is_empty() {
            Path::new(".")
        } else {
            rel
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
            FsOp::List | FsOp::Readdir => Ok(list(dir.read_dir(path).map_err(&io)?)),
            FsOp::Stat => {
                let meta = dir.metadata(path).map_err(&io)?;
                Ok(json!({ "size": meta.len(), "is_dir": meta.is_dir() }))
            }
            FsOp::Write => {
                // Judged by path just before the write (this fallback's window).
                match dir.symlink_metadata(path) {
                    Ok(meta) if meta.is_file() && cap_std::fs::MetadataExt::nlink(&meta) > 1 => {
                        return Err(ConnectorError::HardLink(raw.to_string()));
                    }
                    _ => {}
                }
                dir.write(path, data).map_err(&io)?;
                Ok(json!({ "bytes": data.len() }))
            }
            FsOp::Mkdir => {
                dir.create_dir_all(path).map_err(&io)?;
                Ok(json!({}))
            }
            FsOp::Delete | FsOp::Remove | FsOp::Rm => {
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

/// A directory's entry names, sorted.
fn list(entries: cap_std::fs::ReadDir) -> Value {
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    json!({ "entries": names })
}

/// A delete removes the link it names, never the link's target.
fn deletes(op: FsOp) -> bool {
    matches!(op, FsOp::Delete | FsOp::Remove | FsOp::Rm)
}

/// Why a link-free operation stopped.
#[cfg(target_os = "linux")]
enum Stop {
    /// A symlink on the path (ELOOP under `RESOLVE_NO_SYMLINKS`).
    Link,
    Fail(ConnectorError),
}

#[cfg(target_os = "linux")]
impl Stop {
    fn of(e: rustix::io::Errno, raw: &str) -> Stop {
        use rustix::io::Errno;
        match e {
            Errno::LOOP => Stop::Link,
            Errno::NOENT => Stop::Fail(ConnectorError::NotFound),
            // RESOLVE_BENEATH: the path would have left the root.
            Errno::XDEV => Stop::Fail(ConnectorError::PathEscape(raw.to_string())),
            e => Stop::Fail(ConnectorError::Io(std::io::Error::from(e).to_string())),
        }
    }
}

/// Opens and changes beneath a directory descriptor with no symlink followed
/// (Linux `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)`, 5.6+).
#[cfg(target_os = "linux")]
mod link_free {
    use rustix::fd::{AsFd, OwnedFd};
    use rustix::fs::{openat2, AtFlags, FileType, Mode, OFlags, ResolveFlags};
    use rustix::io::Errno;
    use std::ffi::OsStr;
    use std::path::Path;

    /// What a path is opened for.
    #[derive(Clone, Copy)]
    pub(super) enum Open {
        /// Reading its bytes (no blocking on a FIFO).
        Read,
        /// Its metadata only.
        Stat,
        /// Reading its entries.
        List,
        /// Creating it, or opening it for writing (truncated by the caller once checked).
        Write,
        /// A directory to act in (mkdir, delete).
        Parent,
    }

    /// The kernel answers openat2 (else: ENOSYS, or a sandbox refusing it).
    pub(super) fn supported(dir: &cap_std::fs::Dir) -> bool {
        open(dir, Path::new(""), Open::Parent).is_ok()
    }

    /// Open `path` (empty: the directory itself) beneath `dir`; ELOOP when
    /// any component, the last one too, is a symlink.
    pub(super) fn open(dir: impl AsFd, path: &Path, how: Open) -> Result<OwnedFd, Errno> {
        let (flags, mode) = match how {
            Open::Read => (OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY, Mode::empty()),
            Open::Stat => (OFlags::PATH, Mode::empty()),
            Open::List => (OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()),
            // Not truncated at the open: the caller checks the file first.
            Open::Write => (
                OFlags::WRONLY | OFlags::CREATE | OFlags::NOCTTY,
                Mode::from_raw_mode(0o666),
            ),
            Open::Parent => (OFlags::PATH | OFlags::DIRECTORY, Mode::empty()),
        };
        let path = if path.as_os_str().is_empty() {
            Path::new(".")
        } else {
            path
        };
        openat2(
            dir,
            path,
            flags | OFlags::CLOEXEC,
            mode,
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS,
        )
    }

    /// Create every missing directory of `path`, each component opened
    /// link-free before the next is made in it.
    pub(super) fn mkdir_all(dir: impl AsFd, path: &Path) -> Result<(), Errno> {
        let mut at: Option<OwnedFd> = None;
        for part in path.iter() {
            let here = at.as_ref().map_or(dir.as_fd(), |fd| fd.as_fd());
            match rustix::fs::mkdirat(here, part, Mode::from_raw_mode(0o777)) {
                Ok(()) | Err(Errno::EXIST) => {}
                Err(e) => return Err(e),
            }
            let next = open(here, Path::new(part), Open::Parent)?;
            at = Some(next);
        }
        Ok(())
    }

    /// Remove `name` in `parent`: the entry itself (a link, not its target).
    pub(super) fn remove(parent: impl AsFd, name: &OsStr) -> Result<(), Errno> {
        let st = rustix::fs::statat(&parent, name, AtFlags::SYMLINK_NOFOLLOW)?;
        let flags = if FileType::from_raw_mode(st.st_mode).is_dir() {
            AtFlags::REMOVEDIR
        } else {
            AtFlags::empty()
        };
        rustix::fs::unlinkat(parent, name, flags)
    }
}

#[cfg(not(target_os = "linux"))]
mod link_free {
    /// No openat2 off Linux: the directory handle confines by path.
    pub(super) fn supported(_dir: &cap_std::fs::Dir) -> bool {
        false
    }
}

impl Connector for FsConnector {
    fn call(&mut self, call: &Validated<'_>, req: &HostcallRequest) -> Result<Value, ConnectorError> {
        // G-1: evaluate with the extension id. A Prompt runs only with an
        // allowing answer: the dispatcher passes the one it resolved, and a
        // direct caller has to give one (INV-008).
        let check = self.policy.evaluate(call.call.capability, Some(&req.extension_id));
        match check.decision {
            Decision::Allow => {}
            Decision::Deny => return Err(ConnectorError::Denied(check.reason.as_str())),
            Decision::Prompt => {
                if !call.prompt.is_some_and(PromptResolution::allowed) {
                    return Err(ConnectorError::Denied("prompt_unanswered"));
                }
            }
        }
        let op = Self::op_for(call)?;
        let raw = call.args.target.unwrap_or_default();
        let rel = self.resolve(raw)?;
        if deletes(op) && rel.as_os_str().is_empty() {
            return Err(ConnectorError::PathEscape("root".into()));
        }
        let data = match op {
            FsOp::Write => Self::write_data(call)?,
            _ => std::borrow::Cow::Borrowed(&[][..]),
        };
        #[cfg(target_os = "linux")]
        if self.link_free {
            return self.call_link_free(op, raw, &rel, &data);
        }
        self.check_links(op, raw, &rel)?;
        self.seam(&rel);
        self.call_by_path(op, raw, &rel, &data)
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

    /// G-2, hard links: a file in the root with another name outside it
    /// (`ln ~/.bashrc notes.txt`) is not written, on the link-free
    /// descriptors and by path, and the outside file keeps every byte (the
    /// check runs before truncation). Ordinary files, new files and a file
    /// whose other name was removed are written as before.
    #[cfg(unix)]
    #[test]
    fn g2_a_write_through_a_hard_link_leaves_the_outside_name_untouched() {
        for link_free in [true, false] {
            let (_base, root, outside, mut fs) = sandbox();
            fs.link_free &= link_free;
            std::fs::write(outside.join("bashrc"), "alias ls=ls\n").unwrap();
            std::fs::hard_link(outside.join("bashrc"), root.join("notes.txt")).unwrap();
            let res = run(
                &mut fs,
                json!({"op": "write", "path": "notes.txt", "content": "curl x | sh"}),
            );
            assert_eq!(
                res.map_err(|e| e.code()),
                Err("connector_hard_link"),
                "link_free {link_free}"
            );
            assert_eq!(
                std::fs::read_to_string(outside.join("bashrc")).unwrap(),
                "alias ls=ls\n",
                "link_free {link_free}: the other name is untouched"
            );
            // A read and a delete of the link still run (delete removes this name only).
            assert!(run(&mut fs, json!({"op": "read", "path": "notes.txt"})).is_ok());
            // Ordinary and new files are written; once the other name is gone, so is this one.
            std::fs::write(root.join("plain.txt"), "old").unwrap();
            for path in ["plain.txt", "new.txt"] {
                run(&mut fs, json!({"op": "write", "path": path, "content": "v2"})).unwrap();
                assert_eq!(std::fs::read_to_string(root.join(path)).unwrap(), "v2", "{path}");
            }
            std::fs::remove_file(outside.join("bashrc")).unwrap();
            run(&mut fs, json!({"op": "write", "path": "notes.txt", "content": "short"})).unwrap();
            assert_eq!(std::fs::read_to_string(root.join("notes.txt")).unwrap(), "short");
            run(&mut fs, json!({"op": "rm", "path": "notes.txt"})).unwrap();
        }
    }

    /// The same answers by path through the directory handle (non-Linux, or
    /// a kernel without openat2) as on the link-free descriptors.
    #[cfg(unix)]
    #[test]
    fn g2_fallback_by_path_gives_the_same_answers() {
        use std::os::unix::fs::symlink;
        let (_base, root, outside, mut fs) = sandbox();
        fs.link_free = false;
        symlink(&outside, root.join("dirlink")).unwrap();
        symlink("../outside/new2.txt", root.join("dangling_rel")).unwrap();
        std::fs::write(root.join(".env"), "KEY=canary").unwrap();
        symlink(".env", root.join("env.txt")).unwrap();
        assert!(escapes(run(
            &mut fs,
            json!({"op": "read", "path": "dirlink/secret.txt"})
        )));
        assert!(escapes(run(
            &mut fs,
            json!({"op": "write", "path": "dangling_rel", "content": "x"})
        )));
        assert!(escapes(run(&mut fs, json!({"op": "mkdir", "path": "dirlink/sub"}))));
        assert_eq!(
            run(&mut fs, json!({"op": "read", "path": "env.txt"})).map_err(|e| e.code()),
            Err("link_to_protected_path")
        );
        run(&mut fs, json!({"op": "write", "path": "a/../b.txt", "content": "hi"})).unwrap();
        run(&mut fs, json!({"op": "mkdir", "path": "d/e"})).unwrap();
        assert_eq!(
            run(&mut fs, json!({"op": "stat", "path": "d"})).unwrap()["is_dir"],
            true
        );
        run(&mut fs, json!({"op": "rm", "path": "d/e"})).unwrap();
        assert_eq!(
            run(&mut fs, json!({"op": "read", "path": "b.txt"})).unwrap()["content"],
            "hi"
        );
        assert!(!outside.join("new2.txt").exists() && !outside.join("sub").exists());
    }

    /// Every fs op through the link-free descriptors: what cap-std gave.
    #[test]
    fn link_free_ops_round_trip() {
        let (_base, root, _outside, mut fs) = sandbox();
        assert_eq!(fs.link_free, cfg!(target_os = "linux"), "this kernel has openat2");
        run(&mut fs, json!({"op": "mkdir", "path": "a/b/c"})).unwrap();
        run(&mut fs, json!({"op": "mkdir", "path": "a/b"})).unwrap();
        run(
            &mut fs,
            json!({"op": "write", "path": "a/b/f.txt", "content": "long text"}),
        )
        .unwrap();
        run(&mut fs, json!({"op": "write", "path": "a/b/f.txt", "content": "short"})).unwrap();
        assert_eq!(std::fs::read_to_string(root.join("a/b/f.txt")).unwrap(), "short");
        let st = run(&mut fs, json!({"op": "stat", "path": "a/b/f.txt"})).unwrap();
        assert_eq!((st["size"].as_u64(), st["is_dir"].as_bool()), (Some(5), Some(false)));
        assert_eq!(
            run(&mut fs, json!({"op": "stat", "path": "."})).unwrap()["is_dir"],
            true
        );
        assert_eq!(
            run(&mut fs, json!({"op": "list", "path": "a/b"})).unwrap()["entries"],
            json!(["c", "f.txt"])
        );
        let mut err = |p: Value| run(&mut fs, p).map_err(|e| e.code());
        assert_eq!(err(json!({"op": "read", "path": "a/b"})), Err("connector_io_error"));
        assert_eq!(
            err(json!({"op": "write", "path": "nodir/x", "content": "x"})),
            Err("connector_not_found")
        );
        assert_eq!(
            err(json!({"op": "rm", "path": "a/b"})),
            Err("connector_io_error"),
            "not empty"
        );
        assert_eq!(err(json!({"op": "rm", "path": "gone"})), Err("connector_not_found"));
        run(&mut fs, json!({"op": "rm", "path": "a/b/f.txt"})).unwrap();
        run(&mut fs, json!({"op": "rm", "path": "a/b/c"})).unwrap();
        assert!(!root.join("a/b/c").exists() && root.join("a/b").is_dir());
    }

    /// A project with a secret (`.env`), a git hook dir, ordinary files and
    /// in-root links between ordinary paths; a dispatcher under the default
    /// config; and a connector on it whose seam runs `hook`.
    #[cfg(unix)]
    fn project(hook: fn(&Path, &Path)) -> (tempfile::TempDir, PathBuf, crate::Dispatcher, FsConnector) {
        use std::os::unix::fs::symlink;
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("proj");
        for d in [".git/hooks", "docs", "tools", "build", "rel/v1"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join(".env"), "OPENAI_API_KEY=sk-canary\n").unwrap();
        std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(root.join("docs/notes.txt"), "notes\n").unwrap();
        std::fs::write(root.join("build/HEAD"), "build id\n").unwrap();
        symlink("notes.txt", root.join("docs/link.txt")).unwrap();
        symlink("tools", root.join("scripts")).unwrap();
        symlink("build", root.join("out")).unwrap();
        symlink("rel/v1", root.join("current")).unwrap();
        let cfg = crate::EngineConfig::default();
        let mut fs = FsConnector::for_config(&root, &cfg).unwrap();
        fs.between = Some(hook);
        (base, root, crate::Dispatcher::for_trace(&cfg), fs)
    }

    /// Replace the directory or file `name` (under the root) by a symlink to `to`.
    #[cfg(target_os = "linux")]
    fn swap(root: &Path, name: &str, to: &str) {
        let p = root.join(name);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return;
        }
        std::fs::rename(&p, root.join(format!("{name}.old"))).unwrap();
        std::os::unix::fs::symlink(to, &p).unwrap();
    }

    #[cfg(unix)]
    fn dispatch(d: &mut crate::Dispatcher, fs: &mut FsConnector, params: Value) -> crate::DispatchOutcome {
        let r = HostcallRequest::new("c1", "ext", "fs", params);
        d.dispatch_host_call_shared(&r, 1_000, fs)
    }

    /// SLO-11 (G-5): a link swapped in between the judgement of a path and its
    /// use is never followed. A path spelled through in-root links to ordinary
    /// files is judged, then one of the places it reached becomes a link to a
    /// secret or into `.git`: the call is refused (`connector_path_changed`)
    /// and the protected file is neither read, written nor removed. A path
    /// spelled with no link is used through the descriptor its judgement
    /// opened: a link put at its name afterwards is not what is read.
    #[cfg(target_os = "linux")]
    #[test]
    fn slo_11_link_swapped_in_between_judgement_and_use_is_not_followed() {
        use crate::DispatchStatus;
        let canary = |o: &crate::DispatchOutcome| o.value.as_ref().is_some_and(|v| v.to_string().contains("canary"));
        // Read through `docs/link.txt -> notes.txt`; notes.txt becomes `-> ../.env`.
        let (_b, _root, mut d, mut fs) = project(|root, _| swap(root, "docs/notes.txt", "../.env"));
        let o = dispatch(&mut d, &mut fs, json!({"op": "read", "path": "docs/link.txt"}));
        assert_eq!(
            (o.status, o.reason),
            (DispatchStatus::ConnectorError, "connector_path_changed"),
            "{o:?}"
        );
        assert!(!canary(&o), "{o:?}");
        // Stat and list through a swapped directory are refused the same way.
        for params in [
            json!({"op": "stat", "path": "out/HEAD"}),
            json!({"op": "list", "path": "out"}),
        ] {
            let (_b, _root, mut d, mut fs) = project(|root, _| swap(root, "build", ".git"));
            let o = dispatch(&mut d, &mut fs, params.clone());
            assert_eq!(o.reason, "connector_path_changed", "{params}: {o:?}");
        }
        // Write through `scripts -> tools`; tools becomes `-> .git/hooks`.
        let (_b, root, mut d, mut fs) = project(|root, _| swap(root, "tools", ".git/hooks"));
        let o = dispatch(
            &mut d,
            &mut fs,
            json!({"op": "write", "path": "scripts/pre-commit", "content": "echo hi\n"}),
        );
        assert_eq!(o.reason, "connector_path_changed", "{o:?}");
        assert!(!root.join(".git/hooks/pre-commit").exists());
        // Write through `current -> rel/v1` to a new file; a link to a hook is
        // planted at its final name in between.
        let (_b, root, mut d, mut fs) = project(|root, _| {
            std::os::unix::fs::symlink("../../.git/hooks/post-checkout", root.join("rel/v1/app.txt")).unwrap()
        });
        let o = dispatch(
            &mut d,
            &mut fs,
            json!({"op": "write", "path": "current/app.txt", "content": "v1\n"}),
        );
        assert_eq!(o.reason, "connector_path_changed", "{o:?}");
        assert!(!root.join(".git/hooks/post-checkout").exists());
        // Delete through `out -> build`; build becomes `-> .git`.
        let (_b, root, mut d, mut fs) = project(|root, _| swap(root, "build", ".git"));
        let o = dispatch(&mut d, &mut fs, json!({"op": "rm", "path": "out/HEAD"}));
        assert_eq!(o.reason, "connector_path_changed", "{o:?}");
        assert!(root.join(".git/HEAD").exists());
        // Spelled with no link: the file opened at the judgement is read, not
        // the link put at its name after it.
        let (_b, root, mut d, mut fs) = project(|root, _| swap(root, "docs/notes.txt", "../.env"));
        let o = dispatch(&mut d, &mut fs, json!({"op": "read", "path": "docs/notes.txt"}));
        assert_eq!(o.status, DispatchStatus::Ok, "{o:?}");
        assert_eq!(o.value.as_ref().unwrap()["content"], "notes\n");
        assert!(std::fs::symlink_metadata(root.join("docs/notes.txt"))
            .unwrap()
            .file_type()
            .is_symlink());
    }

    /// SLO-10: with nothing swapped, the same calls through in-root links to
    /// ordinary paths run (the seam is a no-op).
    #[cfg(unix)]
    #[test]
    fn slo_10_links_to_ordinary_paths_still_run_when_nothing_is_swapped() {
        use crate::DispatchStatus;
        let (_b, root, mut d, mut fs) = project(|_, _| {});
        for params in [
            json!({"op": "read", "path": "docs/link.txt"}),
            json!({"op": "stat", "path": "out/HEAD"}),
            json!({"op": "list", "path": "out"}),
            json!({"op": "write", "path": "scripts/build.sh", "content": "cargo build\n"}),
            json!({"op": "write", "path": "current/app.txt", "content": "v1\n"}),
            json!({"op": "mkdir", "path": "current/assets/img"}),
            json!({"op": "rm", "path": "out/HEAD"}),
        ] {
            let o = dispatch(&mut d, &mut fs, params.clone());
            assert_eq!(o.status, DispatchStatus::Ok, "{params}: {o:?}");
        }
        assert_eq!(
            std::fs::read_to_string(root.join("tools/build.sh")).unwrap(),
            "cargo build\n"
        );
        assert!(root.join("rel/v1/app.txt").is_file() && root.join("rel/v1/assets/img").is_dir());
        assert!(!root.join("build/HEAD").exists() && root.join(".git/HEAD").exists());
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
