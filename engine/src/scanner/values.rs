//! The scanner's abstract values: what an expression may refer to, as far as
//! the rules care (the global object, `process`, `require`, `eval`, a builtin
//! module or one of its functions, a function value, …), and how property
//! access and module specifiers map one value to another. Pure functions over
//! names; the AST walk that applies them is in [`super::analyze`].

use super::rules::{classify_module, ModuleClass};
use crate::capability::Capability;

/// A module the scanner knows the behaviour of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Fs,
    Os,
    ChildProcess,
    /// http, https, http2.
    Http,
    Dns,
    /// net, tls, dgram (forbidden, and raw network).
    Net,
    /// node:module (createRequire, Module._load).
    NodeModule,
    /// vm and the other forbidden builtins that evaluate or escape.
    Forbidden,
    /// Well-known npm HTTP clients (axios, node-fetch, got, undici, …).
    HttpClient,
    Other,
}

/// What a member of a builtin module does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    FsRead,
    FsWrite,
    /// os.hostname / userInfo / networkInterfaces.
    OsIdentity,
    /// os.homedir / os.tmpdir: paths outside the package.
    OsHome,
    Exec,
    /// A request or lookup that sends data off the machine.
    NetSend,
    /// Evaluates code (vm.runInThisContext, new vm.Script, …).
    Evaluate,
    Other,
}

/// An abstract value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Val {
    Global,
    Process,
    Module,
    Require,
    RequireFactory,
    Eval,
    Function,
    ProcessBinding,
    ProcessDlopen,
    ProcessEnv,
    Reflect,
    ReflectGet,
    ReflectApply,
    ReflectConstruct,
    Pi,
    PiTool,
    PiCap(Capability),
    Mod(Builtin),
    Api(Builtin, Api),
    /// The global `fetch`.
    Fetch,
    /// setTimeout / setInterval / setImmediate / execScript (evaluate a string argument).
    Timer,
    /// A function value (literal, declaration, or a method of a literal).
    FnValue,
    /// `x.constructor` of something unknown (a constructor, maybe Function's).
    Ctor,
    /// A string or regular-expression literal (its methods are functions).
    Lit,
    /// An object or array built from a literal (or `Object.assign`), named by
    /// the start offset of the expression that built it; its members are
    /// resolved by the walker's shape table (unknown members are functions).
    Obj(u32),
    /// The request object an http request returns.
    NetHandle,
    /// The CommonJS wrapper's own `arguments` at the top level of a module:
    /// `[exports, require, module, __filename, __dirname]`.
    CjsArgs,
    /// A table of module objects (`require.cache`, `module.children`): every
    /// member is a module object.
    Modules,
    /// The loader's extension table (`require.extensions`, `Module._extensions`):
    /// its `.node` member is `process.dlopen`.
    Extensions,
    /// `this` in a sloppy-mode plain function: the global object when the
    /// function is called plainly. Constant member reads resolve as on the
    /// global object; it is not a powerful object (a computed read of `this`
    /// is an ordinary idiom of methods and constructors).
    SloppyThis,
}

impl Val {
    /// Values whose mere appearance is a finding (reported where obtained).
    pub fn is_callable(self) -> bool {
        matches!(
            self,
            Val::Eval
                | Val::Function
                | Val::Require
                | Val::RequireFactory
                | Val::Timer
                | Val::Fetch
                | Val::FnValue
                | Val::Ctor
                | Val::Api(..)
                | Val::ReflectGet
                | Val::ReflectApply
                | Val::ReflectConstruct
                | Val::ProcessBinding
                | Val::ProcessDlopen
        )
    }

    /// Objects on which a computed access with a non-constant key can reach
    /// `eval`, `Function`, `process.binding` or the module loader.
    pub fn is_powerful_object(self) -> bool {
        matches!(
            self,
            Val::Global | Val::Process | Val::Module | Val::Require | Val::CjsArgs | Val::Mod(Builtin::NodeModule)
        )
    }

    /// Values whose presence as a member makes an object a route to `eval`,
    /// `Function`, `process.binding`/`dlopen`, the module loader or the global
    /// object: a non-constant computed read of such an object is dynamic access.
    pub fn is_powerful_member(self) -> bool {
        matches!(
            self,
            Val::Global
                | Val::Process
                | Val::Module
                | Val::Require
                | Val::RequireFactory
                | Val::CjsArgs
                | Val::Modules
                | Val::Extensions
                | Val::SloppyThis
                | Val::Eval
                | Val::Function
                | Val::ProcessBinding
                | Val::ProcessDlopen
                | Val::Reflect
                | Val::ReflectGet
                | Val::ReflectApply
                | Val::ReflectConstruct
                | Val::Mod(Builtin::Forbidden | Builtin::Net | Builtin::NodeModule)
                | Val::Api(Builtin::Forbidden, Api::Evaluate)
        )
    }

    /// Values worth remembering as a member of an object literal (everything the
    /// rules distinguish; plain functions, literals and unknown modules are not).
    pub fn is_trackable_member(self) -> bool {
        !matches!(
            self,
            Val::FnValue | Val::Lit | Val::Ctor | Val::Mod(Builtin::Other) | Val::Api(_, Api::Other)
        )
    }
}

/// The value of an unresolved (global) identifier.
pub fn global(name: &str) -> Option<Val> {
    Some(match name {
        "globalThis" | "window" | "self" | "global" | "frames" => Val::Global,
        "process" => Val::Process,
        "module" => Val::Module,
        "require" => Val::Require,
        "eval" => Val::Eval,
        "Function" => Val::Function,
        "Reflect" => Val::Reflect,
        "fetch" => Val::Fetch,
        "setTimeout" | "setInterval" | "setImmediate" | "execScript" => Val::Timer,
        "pi" => Val::Pi,
        _ => return None,
    })
}

/// The value of `obj.name` (`obj` unknown when `None`).
pub fn member(obj: Option<Val>, name: &str) -> Option<Val> {
    if name == "constructor" {
        return Some(match obj {
            Some(Val::Module) | Some(Val::Mod(Builtin::NodeModule)) => Val::Module,
            Some(v) if v.is_callable() => Val::Function,
            _ => Val::Ctor,
        });
    }
    let obj = obj?;
    match obj {
        Val::Global | Val::SloppyThis => match name {
            "globalThis" | "window" | "self" | "global" | "frames" | "parent" | "top" => Some(Val::Global),
            _ => global(name).filter(|v| *v != Val::Pi),
        },
        Val::Process => match name {
            "binding" | "_linkedBinding" => Some(Val::ProcessBinding),
            "dlopen" => Some(Val::ProcessDlopen),
            "env" => Some(Val::ProcessEnv),
            "mainModule" => Some(Val::Module),
            "getBuiltinModule" => Some(Val::Require),
            _ => None,
        },
        Val::Module | Val::Mod(Builtin::NodeModule) => match name {
            "require" | "_load" => Some(Val::Require),
            "createRequire" => Some(Val::RequireFactory),
            // The Module class, its prototype, other module objects.
            "Module" | "default" | "prototype" | "parent" => Some(Val::Module),
            "children" | "_cache" => Some(Val::Modules),
            "_extensions" => Some(Val::Extensions),
            _ => None,
        },
        Val::Require => match name {
            "main" => Some(Val::Module),
            "cache" => Some(Val::Modules),
            "extensions" => Some(Val::Extensions),
            "call" | "apply" | "bind" => Some(Val::Require),
            _ => None,
        },
        Val::Modules => Some(Val::Module),
        Val::Extensions if name.eq_ignore_ascii_case(".node") => Some(Val::ProcessDlopen),
        Val::CjsArgs => match name {
            "1" => Some(Val::Require),
            "2" => Some(Val::Module),
            _ => None,
        },
        Val::Reflect => match name {
            "get" => Some(Val::ReflectGet),
            "apply" => Some(Val::ReflectApply),
            "construct" => Some(Val::ReflectConstruct),
            _ => None,
        },
        Val::Pi => match name {
            "tool" => Some(Val::PiTool),
            "exec" => Some(Val::PiCap(Capability::Exec)),
            "http" => Some(Val::PiCap(Capability::Http)),
            "log" => Some(Val::PiCap(Capability::Log)),
            "session" => Some(Val::PiCap(Capability::Session)),
            "ui" => Some(Val::PiCap(Capability::Ui)),
            "events" => Some(Val::PiCap(Capability::Events)),
            _ => None,
        },
        Val::Mod(b) => match name {
            "promises" | "default" => Some(Val::Mod(b)),
            _ => Some(Val::Api(b, api(b, name))),
        },
        Val::Lit | Val::Obj(_) => Some(Val::FnValue),
        Val::Eval | Val::Function | Val::FnValue | Val::Timer | Val::Fetch | Val::Api(..) | Val::Ctor => match name {
            "call" | "apply" | "bind" => Some(obj),
            _ => None,
        },
        Val::NetHandle => match name {
            "write" | "end" | "send" => Some(Val::Api(Builtin::Http, Api::NetSend)),
            _ => None,
        },
        _ => None,
    }
}

/// What `b.name` does.
pub fn api(b: Builtin, name: &str) -> Api {
    let n = name.strip_suffix("Sync").unwrap_or(name);
    match b {
        Builtin::Fs => match n {
            "readFile" | "createReadStream" | "read" | "readv" | "open" | "readdir" | "opendir" => Api::FsRead,
            "writeFile" | "appendFile" | "createWriteStream" | "write" | "writev" | "copyFile" | "cp" | "rename"
            | "symlink" | "link" => Api::FsWrite,
            _ => Api::Other,
        },
        Builtin::Os => match n {
            "hostname" | "userInfo" | "networkInterfaces" => Api::OsIdentity,
            "homedir" | "tmpdir" => Api::OsHome,
            _ => Api::Other,
        },
        Builtin::ChildProcess => match n {
            "exec" | "execFile" | "spawn" | "fork" => Api::Exec,
            _ => Api::Other,
        },
        Builtin::Http => match n {
            "request" | "get" | "connect" => Api::NetSend,
            _ => Api::Other,
        },
        Builtin::Dns => match n {
            "lookup" | "lookupService" | "reverse" => Api::NetSend,
            _ if n.starts_with("resolve") => Api::NetSend,
            _ => Api::Other,
        },
        Builtin::Net => match n {
            "connect" | "createConnection" | "createSocket" => Api::NetSend,
            _ => Api::Other,
        },
        Builtin::HttpClient => Api::NetSend,
        Builtin::Forbidden => match n {
            "runInThisContext" | "runInNewContext" | "runInContext" | "Script" | "compileFunction"
            | "SourceTextModule" | "Worker" | "evaluate" => Api::Evaluate,
            _ => Api::Other,
        },
        Builtin::NodeModule | Builtin::Other => Api::Other,
    }
}

/// npm packages whose whole purpose is sending HTTP requests.
const HTTP_CLIENTS: [&str; 12] = [
    "axios",
    "node-fetch",
    "got",
    "undici",
    "request",
    "superagent",
    "needle",
    "phin",
    "ky",
    "cross-fetch",
    "isomorphic-fetch",
    "ws",
];

/// The builtin (or known package) a module specifier names.
pub fn builtin_of(spec: &str) -> Builtin {
    let s = spec.strip_prefix("node:").unwrap_or(spec);
    let base = s.split('/').next().unwrap_or(s);
    match classify_module(spec) {
        ModuleClass::Fs => Builtin::Fs,
        ModuleClass::Os => Builtin::Os,
        ModuleClass::ChildProcess => Builtin::ChildProcess,
        ModuleClass::Network if base == "dns" => Builtin::Dns,
        ModuleClass::Network => Builtin::Http,
        ModuleClass::Forbidden if matches!(base, "net" | "tls" | "dgram") => Builtin::Net,
        ModuleClass::Forbidden => Builtin::Forbidden,
        ModuleClass::Other if base == "module" => Builtin::NodeModule,
        ModuleClass::Other if HTTP_CLIENTS.contains(&s) => Builtin::HttpClient,
        ModuleClass::Other => Builtin::Other,
    }
}

/// Path fragments of credential and key files (matched case-insensitively
/// inside string literals; a literal containing one marks a credential path).
pub const CREDENTIAL_MARKERS: [&str; 21] = [
    ".ssh",
    "id_rsa",
    "id_ed25519",
    "id_ecdsa",
    ".npmrc",
    ".pypirc",
    ".aws",
    "credentials",
    ".netrc",
    ".git-credentials",
    ".gitconfig",
    ".kube",
    ".docker",
    ".gnupg",
    "wallet",
    "keychain",
    "login data",
    "/etc/passwd",
    "/etc/shadow",
    "_history",
    ".pem",
];

const _: () = assert!(
    CREDENTIAL_MARKERS.len() < 31,
    "marker sets are u32 bit sets with bit 31 for .env"
);

/// For each lower-case byte, the markers whose byte at `at` it is, as a bit
/// set over [`CREDENTIAL_MARKERS`]; bit 31 stands for `.env`, whose byte at
/// `at` is `env_byte`.
const fn marker_byte_table(at: usize, env_byte: u8) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < CREDENTIAL_MARKERS.len() {
        t[CREDENTIAL_MARKERS[i].as_bytes()[at] as usize] |= 1 << i;
        i += 1;
    }
    t[env_byte as usize] |= 1 << 31;
    t
}

/// For each lower-case byte, the markers that start with it (bit 31: `.env`).
const MARKER_FIRST: [u32; 256] = marker_byte_table(0, b'.');

/// For each lower-case byte, the markers whose second byte it is (bit 31: the
/// `e` of `.env`).
const MARKER_SECOND: [u32; 256] = marker_byte_table(1, b'e');

/// Both cases of an ASCII letter (other bytes once).
const fn cases(c: u8) -> [u8; 2] {
    [c.to_ascii_lowercase(), c.to_ascii_uppercase()]
}

/// A 65,536-bit set over byte pairs: the pairs, in any case, that open some
/// marker (`.env` included). Almost no position of ordinary text opens one,
/// so the scan tests one bit per position and rarely looks further.
const MARKER_PAIRS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut i = 0;
    while i <= CREDENTIAL_MARKERS.len() {
        let m = if i < CREDENTIAL_MARKERS.len() {
            CREDENTIAL_MARKERS[i].as_bytes()
        } else {
            b".env"
        };
        let (a, b) = (cases(m[0]), cases(m[1]));
        let mut x = 0;
        while x < 2 {
            let mut y = 0;
            while y < 2 {
                let pair = (a[x] as usize) << 8 | b[y] as usize;
                t[pair >> 6] |= 1 << (pair & 63);
                y += 1;
            }
            x += 1;
        }
        i += 1;
    }
    t
};

/// The shortest marker (`.env` included).
const MARKER_MIN_LEN: usize = {
    let mut m = 4;
    let mut i = 0;
    while i < CREDENTIAL_MARKERS.len() {
        if CREDENTIAL_MARKERS[i].len() < m {
            m = CREDENTIAL_MARKERS[i].len();
        }
        i += 1;
    }
    m
};

/// Does this string name a credential or key file? (A marker anywhere, case
/// insensitive, or a `.env` file or directory.) One pass over the bytes: only
/// positions whose first two bytes start some marker are compared.
pub fn is_credential_path(s: &str) -> bool {
    if s.len() > 512 || s.len() < MARKER_MIN_LEN {
        return false;
    }
    let b = s.as_bytes();
    let at = |i: usize, m: &str| b.len() - i >= m.len() && b[i..i + m.len()].eq_ignore_ascii_case(m.as_bytes());
    // Every marker is at least two bytes long: a match starts at a pair.
    for (i, w) in b.windows(2).enumerate() {
        let pair = (w[0] as usize) << 8 | w[1] as usize;
        if MARKER_PAIRS[pair >> 6] & (1 << (pair & 63)) == 0 {
            continue;
        }
        let mut set =
            MARKER_FIRST[w[0].to_ascii_lowercase() as usize] & MARKER_SECOND[w[1].to_ascii_lowercase() as usize];
        if set & (1 << 31) != 0 && at(i, ".env") && (i + 4 == b.len() || b[i + 4] == b'/') {
            return true;
        }
        set &= !(1 << 31);
        while set != 0 {
            let k = set.trailing_zeros() as usize;
            set &= set - 1;
            if CREDENTIAL_MARKERS.get(k).is_some_and(|m| at(i, m)) {
                return true;
            }
        }
    }
    false
}

/// [`is_credential_path`] as it was first written (lower-case copy, one
/// `contains` per marker): the reference the fast version is tested against.
#[cfg(test)]
fn is_credential_path_reference(s: &str) -> bool {
    if s.len() > 512 {
        return false;
    }
    let l = s.to_ascii_lowercase();
    CREDENTIAL_MARKERS.iter().any(|m| l.contains(m)) || l.ends_with(".env") || l.contains(".env/")
}

/// What one table entry of the walker may hold: every tracked value stored
/// in it (a "may" set, in the order the values arrived), so that a decoy
/// stored first does not hide a value stored later. Most entries hold none
/// or one value, which takes no allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Vals {
    #[default]
    Empty,
    One(Val),
    Many(Box<Vec<Val>>),
}

impl Vals {
    pub fn len(&self) -> usize {
        match self {
            Vals::Empty => 0,
            Vals::One(_) => 1,
            Vals::Many(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Vals::Empty)
    }

    pub fn as_slice(&self) -> &[Val] {
        match self {
            Vals::Empty => &[],
            Vals::One(v) => std::slice::from_ref(v),
            Vals::Many(v) => v,
        }
    }

    pub fn contains(&self, v: Val) -> bool {
        self.as_slice().contains(&v)
    }

    /// The value read in world `world` (see the walker's worlds): the value
    /// at that index, or the last one of a smaller set.
    #[inline]
    pub fn pick(&self, world: usize) -> Option<Val> {
        match self {
            Vals::Empty => None,
            Vals::One(v) => Some(*v),
            Vals::Many(v) => v.get(world.min(v.len() - 1)).copied(),
        }
    }

    /// Add `v`; whether the set grew. A value the rules do not distinguish
    /// (a plain function, a literal, an unknown module: not
    /// [`Val::is_trackable_member`]) is kept only as the sole value of an
    /// entry, as the first value always was.
    pub fn add(&mut self, v: Val) -> bool {
        match self {
            Vals::Empty => {
                *self = Vals::One(v);
                true
            }
            _ if self.contains(v) || !v.is_trackable_member() => false,
            Vals::One(first) => {
                *self = Vals::Many(Box::new(vec![*first, v]));
                true
            }
            Vals::Many(all) => {
                all.push(v);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SLO-02: a table entry keeps every tracked value stored in it, in
    /// order, without repeats; an untracked value only stands alone; each
    /// world reads one value, and every value is read by some world.
    #[test]
    fn slo_02_an_entry_keeps_every_tracked_value() {
        let mut e = Vals::default();
        assert_eq!((e.len(), e.pick(0)), (0, None));
        assert!(e.add(Val::Mod(Builtin::Other)));
        assert!(e.add(Val::Process));
        assert!(!e.add(Val::Process));
        assert!(!e.add(Val::Lit));
        assert!(e.add(Val::Global));
        assert_eq!(e.as_slice(), &[Val::Mod(Builtin::Other), Val::Process, Val::Global]);
        let read: Vec<_> = (0..5).map(|w| e.pick(w)).collect();
        assert_eq!(
            read,
            [
                Val::Mod(Builtin::Other),
                Val::Process,
                Val::Global,
                Val::Global,
                Val::Global
            ]
            .map(Some)
        );
        let mut one = Vals::default();
        one.add(Val::Lit);
        assert!(!one.add(Val::FnValue));
        assert_eq!((one.pick(3), one.contains(Val::Lit)), (Some(Val::Lit), true));
    }

    #[test]
    fn members_follow_the_language() {
        assert_eq!(member(Some(Val::Global), "eval"), Some(Val::Eval));
        assert_eq!(member(Some(Val::Global), "pi"), None);
        assert_eq!(member(Some(Val::Process), "binding"), Some(Val::ProcessBinding));
        assert_eq!(member(Some(Val::Lit), "map"), Some(Val::FnValue));
        assert_eq!(member(Some(Val::FnValue), "constructor"), Some(Val::Function));
        assert_eq!(member(None, "constructor"), Some(Val::Ctor));
        assert_eq!(member(Some(Val::Ctor), "constructor"), Some(Val::Function));
        assert_eq!(member(None, "eval"), None);
        assert_eq!(
            member(Some(Val::Mod(Builtin::ChildProcess)), "execSync"),
            Some(Val::Api(Builtin::ChildProcess, Api::Exec))
        );
        assert_eq!(builtin_of("node:fs/promises"), Builtin::Fs);
        assert_eq!(builtin_of("dns/promises"), Builtin::Dns);
        assert_eq!(builtin_of("tls"), Builtin::Net);
        assert_eq!(builtin_of("axios"), Builtin::HttpClient);
        assert_eq!(builtin_of("./axios"), Builtin::Other);
        assert!(is_credential_path("/home/u/.ssh/id_rsa"));
        assert!(!is_credential_path("./config.json"));
    }

    #[test]
    fn credential_markers_match_the_reference_definition() {
        let mut cases: Vec<String> = vec![
            String::new(),
            ".env".into(),
            "x.ENV".into(),
            "a/.env/b".into(),
            ".envrc".into(),
            "config/.Env".into(),
            "HOME/.SSH/config".into(),
            "Login Data".into(),
            "my_history_file".into(),
            "~/.bash_history".into(),
            "cert.PEM".into(),
            "é.env".into(),
            ".en".into(),
            "wallet.dat".into(),
            format!("{}.ssh", "a".repeat(508)),
            format!("{}.ssh", "a".repeat(509)),
        ];
        // Every marker alone, upper-cased, cut short, and inside other text.
        for m in CREDENTIAL_MARKERS {
            cases.push(m.to_string());
            cases.push(m.to_ascii_uppercase());
            cases.push(m[..m.len() - 1].to_string());
            cases.push(format!("x/{m}/y"));
            cases.push(format!("..{}", &m[1..]));
            // Mixed case, both ways round (the pair table holds every case).
            for odd in [0, 1] {
                let mixed: String = m
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i % 2 == odd { c.to_ascii_uppercase() } else { c })
                    .collect();
                cases.push(format!("a{mixed}"));
            }
        }
        for c in &cases {
            assert_eq!(is_credential_path(c), is_credential_path_reference(c), "{c:?}");
        }
    }
}
