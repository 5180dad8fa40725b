//! The scanner's rule ids, their severities and implied capabilities, and the
//! classification of module specifiers. The rules themselves run over the AST
//! in [`super::analyze`] (file level) and [`super::package`] (package level).

use crate::capability::Capability;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Capability-relevant: allowed, but the extension needs the implied capability.
    Flagged,
    /// The extension must not be loaded.
    Forbidden,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Flagged => "flagged",
            Severity::Forbidden => "forbidden",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scanner rule (a pattern family). Serialised as its kebab-case id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// Any reference to the global `eval` (direct, indirect, aliased, via a global object).
    EvalCall,
    /// `new Function(…)`, `Function(…)`, `Function.call/apply/bind`, `x.constructor("code")`.
    FunctionConstructor,
    /// `process.binding` / `process._linkedBinding`.
    ProcessBinding,
    /// `process.dlopen`.
    ProcessDlopen,
    /// A forbidden Node builtin module (vm, worker_threads, cluster, dgram, net, tls,
    /// inspector, perf_hooks, v8, repl).
    ForbiddenBuiltin,
    /// `child_process` (capability exec).
    ChildProcess,
    /// `process.env` (capability env).
    ProcessEnv,
    /// The `os` module (capability env).
    OsModule,
    /// http, https, http2, dns (capability http).
    NetworkBuiltin,
    /// `require` with a non-literal argument, or `require` escaping as a value.
    DynamicRequire,
    /// `import()` with a non-literal argument.
    DynamicImport,
    /// The file does not parse (or nests too deeply to analyse): fail closed.
    ParseError,
    /// A non-constant computed access on the global object, `process`,
    /// `module` or `require` (it can reach any of the forbidden values).
    DynamicAccess,
    /// A secret or host identity flows to the network, a child process, or a
    /// file written outside the package.
    ExfiltrationChain,
    /// Data received from the network is executed (eval, Function, vm, child
    /// process, dynamic import/require), or code is imported from a URL.
    FetchAndRun,
    /// A lifecycle script (preinstall, install, postinstall, prepare) runs at install time.
    InstallScript,
    /// Network access or process execution at install time (in a lifecycle
    /// script or in the code it runs).
    InstallTimeEffect,
    /// A symlink inside the package points outside the package root.
    SymlinkEscape,
    /// A native addon (`.node`) is loaded.
    NativeAddon,
}

impl RuleId {
    pub const ALL: [RuleId; 19] = [
        RuleId::EvalCall,
        RuleId::FunctionConstructor,
        RuleId::ProcessBinding,
        RuleId::ProcessDlopen,
        RuleId::ForbiddenBuiltin,
        RuleId::ChildProcess,
        RuleId::ProcessEnv,
        RuleId::OsModule,
        RuleId::NetworkBuiltin,
        RuleId::DynamicRequire,
        RuleId::DynamicImport,
        RuleId::ParseError,
        RuleId::DynamicAccess,
        RuleId::ExfiltrationChain,
        RuleId::FetchAndRun,
        RuleId::InstallScript,
        RuleId::InstallTimeEffect,
        RuleId::SymlinkEscape,
        RuleId::NativeAddon,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::EvalCall => "eval-call",
            RuleId::FunctionConstructor => "function-constructor",
            RuleId::ProcessBinding => "process-binding",
            RuleId::ProcessDlopen => "process-dlopen",
            RuleId::ForbiddenBuiltin => "forbidden-builtin",
            RuleId::ChildProcess => "child-process",
            RuleId::ProcessEnv => "process-env",
            RuleId::OsModule => "os-module",
            RuleId::NetworkBuiltin => "network-builtin",
            RuleId::DynamicRequire => "dynamic-require",
            RuleId::DynamicImport => "dynamic-import",
            RuleId::ParseError => "parse-error",
            RuleId::DynamicAccess => "dynamic-access",
            RuleId::ExfiltrationChain => "exfiltration-chain",
            RuleId::FetchAndRun => "fetch-and-run",
            RuleId::InstallScript => "install-script",
            RuleId::InstallTimeEffect => "install-time-effect",
            RuleId::SymlinkEscape => "symlink-escape",
            RuleId::NativeAddon => "native-addon",
        }
    }

    pub fn parse(id: &str) -> Option<RuleId> {
        let t = id.trim();
        RuleId::ALL.into_iter().find(|r| r.as_str() == t)
    }

    pub fn severity(self) -> Severity {
        match self {
            RuleId::EvalCall
            | RuleId::FunctionConstructor
            | RuleId::ProcessBinding
            | RuleId::ProcessDlopen
            | RuleId::ForbiddenBuiltin
            | RuleId::ParseError
            | RuleId::DynamicAccess
            | RuleId::ExfiltrationChain
            | RuleId::FetchAndRun
            | RuleId::InstallTimeEffect
            | RuleId::SymlinkEscape
            | RuleId::NativeAddon => Severity::Forbidden,
            RuleId::ChildProcess
            | RuleId::ProcessEnv
            | RuleId::OsModule
            | RuleId::NetworkBuiltin
            | RuleId::DynamicRequire
            | RuleId::DynamicImport
            | RuleId::InstallScript => Severity::Flagged,
        }
    }

    /// The capability a finding implies (what the extension would need).
    pub fn capability(self) -> Option<Capability> {
        match self {
            RuleId::ChildProcess | RuleId::InstallScript | RuleId::InstallTimeEffect => Some(Capability::Exec),
            RuleId::ProcessEnv | RuleId::OsModule => Some(Capability::Env),
            RuleId::NetworkBuiltin | RuleId::ExfiltrationChain | RuleId::FetchAndRun => Some(Capability::Http),
            _ => None,
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Builtins whose import is forbidden (after stripping `node:`).
pub const FORBIDDEN_BUILTINS: [&str; 10] = [
    "vm",
    "worker_threads",
    "cluster",
    "dgram",
    "net",
    "tls",
    "inspector",
    "perf_hooks",
    "v8",
    "repl",
];

/// Builtins that imply the http capability.
pub const NETWORK_BUILTINS: [&str; 4] = ["http", "https", "http2", "dns"];

/// What a module specifier means to the scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleClass {
    Forbidden,
    Network,
    ChildProcess,
    Os,
    Fs,
    /// Anything else: relative paths, npm packages, harmless builtins.
    Other,
}

/// Classify a module specifier: `node:` is stripped, a subpath (`fs/promises`)
/// classifies by its first segment, relative/absolute paths are never builtins.
pub fn classify_module(spec: &str) -> ModuleClass {
    let s = spec.strip_prefix("node:").unwrap_or(spec);
    if s.is_empty() || s.starts_with('.') || s.starts_with('/') {
        return ModuleClass::Other;
    }
    let base = s.split('/').next().unwrap_or(s);
    if FORBIDDEN_BUILTINS.contains(&base) {
        ModuleClass::Forbidden
    } else if NETWORK_BUILTINS.contains(&base) {
        ModuleClass::Network
    } else if base == "child_process" {
        ModuleClass::ChildProcess
    } else if base == "os" {
        ModuleClass::Os
    } else if base == "fs" {
        ModuleClass::Fs
    } else {
        ModuleClass::Other
    }
}
