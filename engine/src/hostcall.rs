//! Hostcalls: the request an extension sends across the sandbox boundary (B2),
//! its kinds, validation (INV-002) and the method+params → capability mapping
//! (INV-001, SLO-12). The capability is always derived here, never taken from
//! what the caller declares. Validation depends on two config sections: the
//! tool registry (`[tools]`, a tool name it does not know is invalid) and the
//! HTTP request rules (`[http]`, see `crate::http`).

use crate::call_args::{CallArgs, CommandProblem};
use crate::capability::Capability;
use crate::config::EngineConfig;
use crate::http::{HttpConfig, HttpInvalid};
use crate::params::Params;
use crate::tools::ToolRegistry;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::sync::OnceLock;

/// Every hostcall method an extension (or the host-side fs/env shims) can invoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum HostcallKind {
    Tool,
    Exec,
    Http,
    Session,
    Ui,
    Events,
    Log,
    Fs,
    Env,
}

impl HostcallKind {
    pub const ALL: [HostcallKind; 9] = [
        HostcallKind::Tool,
        HostcallKind::Exec,
        HostcallKind::Http,
        HostcallKind::Session,
        HostcallKind::Ui,
        HostcallKind::Events,
        HostcallKind::Log,
        HostcallKind::Fs,
        HostcallKind::Env,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HostcallKind::Tool => "tool",
            HostcallKind::Exec => "exec",
            HostcallKind::Http => "http",
            HostcallKind::Session => "session",
            HostcallKind::Ui => "ui",
            HostcallKind::Events => "events",
            HostcallKind::Log => "log",
            HostcallKind::Fs => "fs",
            HostcallKind::Env => "env",
        }
    }

    /// Case-insensitive, trimmed method lookup.
    pub fn parse(method: &str) -> Option<HostcallKind> {
        let m = method.trim();
        HostcallKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(m))
    }

    /// The capability of methods whose capability does not depend on params.
    pub fn fixed_capability(self) -> Option<Capability> {
        match self {
            HostcallKind::Exec => Some(Capability::Exec),
            HostcallKind::Http => Some(Capability::Http),
            HostcallKind::Session => Some(Capability::Session),
            HostcallKind::Ui => Some(Capability::Ui),
            HostcallKind::Events => Some(Capability::Events),
            HostcallKind::Log => Some(Capability::Log),
            HostcallKind::Env => Some(Capability::Env),
            HostcallKind::Tool | HostcallKind::Fs => None,
        }
    }
}

impl fmt::Display for HostcallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The built-in tools whose capability is not the generic `tool`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinTool {
    Read,
    Grep,
    Find,
    Ls,
    Write,
    Edit,
    Bash,
}

impl BuiltinTool {
    pub const ALL: [BuiltinTool; 7] = [
        BuiltinTool::Read,
        BuiltinTool::Grep,
        BuiltinTool::Find,
        BuiltinTool::Ls,
        BuiltinTool::Write,
        BuiltinTool::Edit,
        BuiltinTool::Bash,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BuiltinTool::Read => "read",
            BuiltinTool::Grep => "grep",
            BuiltinTool::Find => "find",
            BuiltinTool::Ls => "ls",
            BuiltinTool::Write => "write",
            BuiltinTool::Edit => "edit",
            BuiltinTool::Bash => "bash",
        }
    }

    pub fn parse(name: &str) -> Option<BuiltinTool> {
        let n = name.trim();
        BuiltinTool::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(n))
    }

    pub fn capability(self) -> Capability {
        match self {
            BuiltinTool::Read | BuiltinTool::Grep | BuiltinTool::Find | BuiltinTool::Ls => Capability::Read,
            BuiltinTool::Write | BuiltinTool::Edit => Capability::Write,
            BuiltinTool::Bash => Capability::Exec,
        }
    }
}

/// File-system operations of the host-side `fs` method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FsOp {
    Read,
    List,
    Readdir,
    Stat,
    Write,
    Mkdir,
    Delete,
    Remove,
    Rm,
}

impl FsOp {
    pub const ALL: [FsOp; 9] = [
        FsOp::Read,
        FsOp::List,
        FsOp::Readdir,
        FsOp::Stat,
        FsOp::Write,
        FsOp::Mkdir,
        FsOp::Delete,
        FsOp::Remove,
        FsOp::Rm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FsOp::Read => "read",
            FsOp::List => "list",
            FsOp::Readdir => "readdir",
            FsOp::Stat => "stat",
            FsOp::Write => "write",
            FsOp::Mkdir => "mkdir",
            FsOp::Delete => "delete",
            FsOp::Remove => "remove",
            FsOp::Rm => "rm",
        }
    }

    pub fn parse(op: &str) -> Option<FsOp> {
        let o = op.trim();
        FsOp::ALL.into_iter().find(|x| x.as_str().eq_ignore_ascii_case(o))
    }

    pub fn capability(self) -> Capability {
        match self {
            FsOp::Read | FsOp::List | FsOp::Readdir | FsOp::Stat => Capability::Read,
            _ => Capability::Write,
        }
    }
}

/// Why a method+params pair has no capability.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("empty method")]
    EmptyMethod,
    #[error("unknown hostcall method {0:?}")]
    UnknownMethod(String),
    #[error("tool call without a string `name` param")]
    MissingToolName,
    #[error("tool call with an empty tool name")]
    EmptyToolName,
    #[error("unknown tool {0:?} (neither built-in nor registered in `[tools] extra`)")]
    UnknownTool(String),
    #[error("fs call without a string `op` param")]
    MissingFsOp,
    #[error("unknown fs op {0:?}")]
    UnknownFsOp(String),
}

/// Derive the capability a hostcall needs from its method and params, with
/// the built-in tool registry.
///
/// Total over valid inputs (SLO-12): every known method maps; `tool` maps by
/// tool name (built-ins to read/write/exec; names outside the registry are
/// not valid inputs), `fs` by op. Anything else is an error, which dispatch
/// treats as `invalid_request`.
pub fn required_capability_for_host_call_static(method: &str, params: &Value) -> Result<Capability, MappingError> {
    required_capability_in(method, params, &ToolRegistry::builtin())
}

/// [`required_capability_for_host_call_static`] with a given tool registry.
pub fn required_capability_in(method: &str, params: &Value, tools: &ToolRegistry) -> Result<Capability, MappingError> {
    if method.trim().is_empty() {
        return Err(MappingError::EmptyMethod);
    }
    let kind = HostcallKind::parse(method).ok_or_else(|| MappingError::UnknownMethod(method.to_string()))?;
    capability_for_kind_in(kind, params, tools)
}

/// The capability for an already-parsed kind (built-in tool registry).
pub fn capability_for_kind(kind: HostcallKind, params: &Value) -> Result<Capability, MappingError> {
    capability_for_kind_in(kind, params, &ToolRegistry::builtin())
}

/// The capability for an already-parsed kind with a given tool registry
/// (the mapping validation applies, on the params' fields).
pub fn capability_for_kind_in(
    kind: HostcallKind,
    params: &Value,
    tools: &ToolRegistry,
) -> Result<Capability, MappingError> {
    capability_of_args(kind, &CallArgs::read(kind, params), tools)
}

/// The reference engine's static tool table: built-ins by table, any other
/// non-empty name `tool`. The scanner infers an extension's capabilities with
/// it (a tool it calls needs at least `tool`); dispatch does not: there, a name
/// the config's [`ToolRegistry`] does not know is an `invalid_request`.
pub fn tool_capability(name: &str) -> Result<Capability, MappingError> {
    if name.trim().is_empty() {
        return Err(MappingError::EmptyToolName);
    }
    Ok(BuiltinTool::parse(name).map_or(Capability::Tool, BuiltinTool::capability))
}

/// A hostcall as it crosses the sandbox boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostcallRequest {
    pub call_id: String,
    pub extension_id: String,
    pub method: String,
    /// Shared with the ledger entry that records the call (`crate::params`).
    pub params: Params,
    /// What the caller claims to need. Never trusted: only compared with the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_capability: Option<String>,
}

impl HostcallRequest {
    pub fn new(
        call_id: impl Into<String>,
        extension_id: impl Into<String>,
        method: impl Into<String>,
        params: Value,
    ) -> Self {
        HostcallRequest {
            call_id: call_id.into(),
            extension_id: extension_id.into(),
            method: method.into(),
            params: Params::new(params),
            declared_capability: None,
        }
    }

    pub fn with_declared(mut self, cap: impl Into<String>) -> Self {
        self.declared_capability = Some(cap.into());
        self
    }
}

/// Why a request was rejected as `invalid_request` before anything ran (INV-002).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRequest {
    #[error("empty call id")]
    EmptyCallId,
    #[error("params must be a JSON object")]
    ParamsNotObject,
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error("declared capability {declared:?} is not a capability")]
    UnparseableDeclared { declared: String },
    #[error("declared capability {declared} does not match derived capability {derived}")]
    CapabilityMismatch { declared: Capability, derived: Capability },
    #[error(transparent)]
    Http(#[from] HttpInvalid),
    /// A tool call whose derived capability is `http`: its `input` is read as
    /// an http request under the same rules, and broke one of them.
    #[error("tool {tool:?} needs `http`, so its `input` is an http request: {error}")]
    ToolHttp { tool: String, error: HttpInvalid },
    /// An env name no environment can hold as given: a NUL (a C string ends
    /// there, so `OPENAI_API_KEY\0x` reads `OPENAI_API_KEY`), an `=` (it ends
    /// a name in `environ`) or another control character.
    /// (The message gives the offending byte's position, never the name: after
    /// an `=` it may carry a guess at a secret's value.)
    #[error("env name contains NUL, `=` or a control character at byte {at}")]
    EnvInvalidName { at: usize },
    /// An exec call (or a tool that needs `exec`) whose command no process
    /// could be started with as given: risk would score an empty line while
    /// the runner does something else with the payload.
    #[error("{}", exec_command_message(.problem, .method))]
    ExecCommand {
        method: &'static str,
        problem: CommandProblem,
    },
}

fn exec_command_message(problem: &CommandProblem, method: &str) -> String {
    let shape = if method == "exec" {
        "an exec call is `{cmd: string, args?: [string]}`"
    } else {
        "an exec tool's `input.command` (or `cmd`, or `chars`) is a string or an argv array of strings"
    };
    let what = match problem {
        CommandProblem::Missing => "no command",
        CommandProblem::NotText => "the command is not a string or argv array of strings",
        CommandProblem::ArgsNotStrings => "`args` is not an array of strings",
    };
    format!("{what}: {shape}")
}

impl InvalidRequest {
    /// Stable reason code for logs and the ledger.
    pub fn code(&self) -> &'static str {
        match self {
            InvalidRequest::EmptyCallId => "empty_call_id",
            InvalidRequest::ParamsNotObject => "params_not_object",
            InvalidRequest::Mapping(MappingError::EmptyMethod) => "empty_method",
            InvalidRequest::Mapping(MappingError::UnknownMethod(_)) => "unknown_method",
            InvalidRequest::Mapping(MappingError::MissingToolName) => "missing_tool_name",
            InvalidRequest::Mapping(MappingError::EmptyToolName) => "empty_tool_name",
            InvalidRequest::Mapping(MappingError::UnknownTool(_)) => "unknown_tool",
            InvalidRequest::Mapping(MappingError::MissingFsOp) => "missing_fs_op",
            InvalidRequest::Mapping(MappingError::UnknownFsOp(_)) => "unknown_fs_op",
            InvalidRequest::UnparseableDeclared { .. } => "unparseable_declared_capability",
            InvalidRequest::CapabilityMismatch { .. } => "capability_mismatch",
            InvalidRequest::Http(e) => e.code(),
            InvalidRequest::ToolHttp { error, .. } => error.code(),
            InvalidRequest::EnvInvalidName { .. } => "env_invalid_name",
            InvalidRequest::ExecCommand { problem, .. } => problem.code(),
        }
    }
}

/// A request that passed validation, with its derived kind and capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidatedCall {
    pub kind: HostcallKind,
    pub capability: Capability,
    /// Environment the connector must set for a process this call starts
    /// (`exec` capability: [`crate::contain::PACKAGE_SCRIPT_ENV`]; empty otherwise).
    pub process_env: &'static [(&'static str, &'static str)],
}

/// What validation depends on in the config: the tool registry and the HTTP request rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestRules {
    pub tools: ToolRegistry,
    pub http: HttpConfig,
}

impl RequestRules {
    pub fn from_config(cfg: &EngineConfig) -> Self {
        RequestRules {
            tools: ToolRegistry::from_config(&cfg.tools),
            http: cfg.http.clone(),
        }
    }

    /// The rules of the default config (built-in tools, `[http]` defaults).
    pub fn default_ref() -> &'static RequestRules {
        static DEFAULT: OnceLock<RequestRules> = OnceLock::new();
        DEFAULT.get_or_init(RequestRules::default)
    }
}

/// A request that passed validation: its derived kind and capability and its
/// typed fields ([`CallArgs`], with the parsed request of an `http` call),
/// borrowed from the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated<'a> {
    pub call: ValidatedCall,
    pub args: CallArgs<'a>,
    /// How a `Prompt` decision on this call was answered: None from
    /// validation; the dispatcher sets the resolution it applied. A
    /// connector that re-checks the policy runs a prompt-gated call only
    /// with an allowing answer here (a direct caller sets it explicitly).
    pub prompt: Option<crate::policy::PromptResolution>,
}

/// Stage 1+2 of dispatch under the default config: validate the request and derive its capability.
pub fn validate(req: &HostcallRequest) -> Result<ValidatedCall, InvalidRequest> {
    validate_with(req, RequestRules::default_ref()).map(|v| v.call)
}

/// [`validate_with`] under the default config's rules: the call and its typed fields.
pub fn validate_call(req: &HostcallRequest) -> Result<Validated<'_>, InvalidRequest> {
    validate_with(req, RequestRules::default_ref())
}

/// Stage 1+2 of dispatch: validate the request under `rules`, derive its
/// capability and read its params into typed fields, once; an `http` call
/// also gets its parsed request. Pure (INV-002: nothing runs for a request
/// refused here).
pub fn validate_with<'a>(req: &'a HostcallRequest, rules: &RequestRules) -> Result<Validated<'a>, InvalidRequest> {
    validate_parsing(
        req,
        rules,
        &mut crate::url_memo::parse_fresh,
        &mut crate::env::classify_secret_name,
    )
}

/// What validation remembers between calls (the live dispatcher keeps one):
/// the parses of the last URLs and the built-in verdicts of the last env
/// names. Either gives what a fresh reading gives.
#[derive(Debug, Default)]
pub struct ValidationMemos {
    pub urls: crate::url_memo::UrlMemo,
    pub env: crate::env_memo::EnvMemo,
}

impl ValidationMemos {
    /// Memos of `n` slots each (the fuzz checks use 2, so keys collide).
    pub fn with_slots(n: usize) -> Self {
        ValidationMemos {
            urls: crate::url_memo::UrlMemo::with_slots(n),
            env: crate::env_memo::EnvMemo::with_slots(n),
        }
    }
}

/// [`validate_with`], with an `http` call's URL parsed and an env call's name
/// classified through `memos` (the live dispatcher's): the same result,
/// without reading a repeated URL or name again.
pub fn validate_with_memo<'a>(
    req: &'a HostcallRequest,
    rules: &RequestRules,
    memos: &mut ValidationMemos,
) -> Result<Validated<'a>, InvalidRequest> {
    let ValidationMemos { urls, env } = memos;
    validate_parsing(req, rules, &mut |u| urls.parse(u), &mut |n| env.classify(n))
}

fn validate_parsing<'a>(
    req: &'a HostcallRequest,
    rules: &RequestRules,
    parse: &mut dyn FnMut(&str) -> Result<std::sync::Arc<crate::net::ParsedUrl>, crate::net::UrlError>,
    classify_env: &mut dyn FnMut(&str) -> crate::env::EnvReason,
) -> Result<Validated<'a>, InvalidRequest> {
    if req.call_id.trim().is_empty() {
        return Err(InvalidRequest::EmptyCallId);
    }
    if !req.params.is_object() {
        return Err(InvalidRequest::ParamsNotObject);
    }
    if req.method.trim().is_empty() {
        return Err(MappingError::EmptyMethod.into());
    }
    let kind = HostcallKind::parse(&req.method).ok_or_else(|| MappingError::UnknownMethod(req.method.clone()))?;
    let mut args = CallArgs::read_with(kind, &req.params, classify_env);
    let capability = capability_of_args(kind, &args, &rules.tools)?;
    if kind == HostcallKind::Tool {
        args.egress = rules.tools.egress(args.name.unwrap_or_default());
    }
    if let Some(declared) = &req.declared_capability {
        let declared = Capability::parse(declared).map_err(|_| InvalidRequest::UnparseableDeclared {
            declared: declared.clone(),
        })?;
        if declared != capability {
            return Err(InvalidRequest::CapabilityMismatch {
                declared,
                derived: capability,
            });
        }
    }
    match kind {
        HostcallKind::Http => args.http = Some(rules.http.validate_parsing(&req.params, parse)?),
        // A tool that needs `http` sends an http request: its `input` is read as
        // one, so the egress policy, the prompt key by host and the connector see
        // the destination an `http` call to the same URL would show.
        // A tool that declares where its input goes (`[tools]` `egress`: a
        // search the provider runs) needs no URL; a `url` it carries is still
        // an http request.
        HostcallKind::Tool
            if capability == Capability::Http
                && args.egress.is_some()
                && req.params.get("input").and_then(|i| i.get("url")).is_none() => {}
        HostcallKind::Tool if capability == Capability::Http => {
            let input = req.params.get("input").unwrap_or(&Value::Null);
            let request = rules
                .http
                .validate_parsing(input, parse)
                .map_err(|error| InvalidRequest::ToolHttp {
                    tool: args.name.unwrap_or_default().to_string(),
                    error,
                })?;
            args.http = Some(request);
        }
        // The name's classification (read above, through the memo in the
        // live dispatcher) already says whether it holds a NUL, `=` or control
        // character: the position is looked for only to report it.
        HostcallKind::Env if args.env_builtin == Some(crate::env::EnvReason::InvalidName) => {
            let at = args.name.and_then(crate::env::invalid_name_char).unwrap_or(0);
            return Err(InvalidRequest::EnvInvalidName { at });
        }
        // What risk scores is the line the process runs: a command it cannot
        // read (an object, a number, `args` as one string, no `cmd`) is
        // refused, not scored as an empty line. An exec tool may carry no
        // payload (`write_stdin` polling a process: nothing typed); it is
        // scored as the empty line it types.
        HostcallKind::Exec => {
            if let Some(problem) = args.command_problem {
                return Err(InvalidRequest::ExecCommand {
                    method: "exec",
                    problem,
                });
            }
        }
        HostcallKind::Tool if capability == Capability::Exec => match args.command_problem {
            Some(CommandProblem::Missing) | None => {}
            Some(problem) => {
                return Err(InvalidRequest::ExecCommand {
                    method: "tool",
                    problem,
                })
            }
        },
        _ => {}
    }
    Ok(Validated {
        call: ValidatedCall {
            kind,
            capability,
            process_env: if capability == Capability::Exec {
                crate::contain::PACKAGE_SCRIPT_ENV
            } else {
                &[]
            },
        },
        args,
        prompt: None,
    })
}

/// The method+params → capability mapping on fields already read: a fixed
/// capability per method, else by tool name (`tool`) or op (`fs`).
fn capability_of_args(
    kind: HostcallKind,
    args: &CallArgs<'_>,
    tools: &ToolRegistry,
) -> Result<Capability, MappingError> {
    if let Some(cap) = kind.fixed_capability() {
        return Ok(cap);
    }
    match kind {
        HostcallKind::Tool => tools.capability(args.name.ok_or(MappingError::MissingToolName)?),
        HostcallKind::Fs => {
            let op = args.op.ok_or(MappingError::MissingFsOp)?;
            args.fs_op
                .map(FsOp::capability)
                .ok_or_else(|| MappingError::UnknownFsOp(op.to_string()))
        }
        _ => unreachable!("fixed-capability kinds returned above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tool_names_map_by_table() {
        let cases = [
            ("read", Capability::Read),
            ("GREP", Capability::Read),
            ("find", Capability::Read),
            ("ls", Capability::Read),
            ("write", Capability::Write),
            ("Edit", Capability::Write),
            ("bash", Capability::Exec),
        ];
        for (name, cap) in cases {
            let got = required_capability_for_host_call_static("tool", &json!({ "name": name })).unwrap();
            assert_eq!(got, cap, "tool {name}");
        }
        assert_eq!(
            required_capability_for_host_call_static("tool", &json!({ "name": "my_custom_tool" })),
            Err(MappingError::UnknownTool("my_custom_tool".into()))
        );
        let reg = ToolRegistry::builtin().with("my_custom_tool", Capability::Tool);
        assert_eq!(
            required_capability_in("tool", &json!({ "name": "MY_CUSTOM_TOOL" }), &reg),
            Ok(Capability::Tool)
        );
        assert_eq!(
            required_capability_for_host_call_static("tool", &json!({ "name": "  " })),
            Err(MappingError::EmptyToolName)
        );
        assert_eq!(
            required_capability_for_host_call_static("tool", &json!({})),
            Err(MappingError::MissingToolName)
        );
    }

    #[test]
    fn fs_ops_map_by_table() {
        for op in FsOp::ALL {
            let got =
                required_capability_for_host_call_static("fs", &json!({ "op": op.as_str().to_uppercase() })).unwrap();
            assert_eq!(got, op.capability());
        }
        assert!(matches!(
            required_capability_for_host_call_static("fs", &json!({ "op": "chmod" })),
            Err(MappingError::UnknownFsOp(_))
        ));
    }

    #[test]
    fn unknown_methods_are_errors() {
        assert!(matches!(
            required_capability_for_host_call_static("spawn", &json!({})),
            Err(MappingError::UnknownMethod(_))
        ));
        assert_eq!(
            required_capability_for_host_call_static(" ", &json!({})),
            Err(MappingError::EmptyMethod)
        );
    }

    #[test]
    fn inv_002_unknown_tools_and_bad_http_requests_are_invalid_before_anything_runs() {
        let rules = RequestRules::default();
        let bad = [
            ("tool", json!({"name": "web_search"}), "unknown_tool"),
            ("http", json!({"url": "file:///etc/passwd"}), "http_scheme_not_allowed"),
            (
                "http",
                json!({"url": "http://example.com/"}),
                "http_plain_http_not_allowed",
            ),
            (
                "http",
                json!({"url": "https://x.example/", "method": "PUT"}),
                "http_method_not_allowed",
            ),
            ("http", json!({}), "http_missing_url"),
        ];
        for (m, p, code) in bad {
            let req = HostcallRequest::new("c", "e", m, p.clone());
            assert_eq!(validate_with(&req, &rules).unwrap_err().code(), code, "{m} {p}");
            assert_eq!(validate(&req).unwrap_err().code(), code, "{m} {p}");
        }
        let ok = HostcallRequest::new(
            "c",
            "e",
            "http",
            json!({"url": "https://api.github.com/x", "method": "GET"}),
        );
        let v = validate_with(&ok, &rules).unwrap();
        assert_eq!(v.call.capability, Capability::Http);
        assert_eq!(
            v.args.http.unwrap().url.registrable_domain.as_deref(),
            Some("github.com")
        );
    }

    /// The mapping as it was first written, on the JSON params: the reference
    /// the typed mapping is tested against.
    fn capability_reference(
        kind: HostcallKind,
        params: &Value,
        tools: &ToolRegistry,
    ) -> Result<Capability, MappingError> {
        if let Some(cap) = kind.fixed_capability() {
            return Ok(cap);
        }
        match kind {
            HostcallKind::Tool => {
                let name = params
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or(MappingError::MissingToolName)?;
                tools.capability(name)
            }
            HostcallKind::Fs => {
                let op = params
                    .get("op")
                    .and_then(Value::as_str)
                    .ok_or(MappingError::MissingFsOp)?;
                FsOp::parse(op)
                    .map(FsOp::capability)
                    .ok_or_else(|| MappingError::UnknownFsOp(op.to_string()))
            }
            _ => unreachable!("fixed-capability kinds returned above"),
        }
    }

    /// INV-001 and SLO-12: validation maps the capability from the fields it
    /// read once exactly as the JSON mapping does, for every method, tool
    /// name and fs op, in any case, and for names and ops that are missing,
    /// empty, unknown or not strings.
    #[test]
    fn inv_001_typed_and_json_capability_mappings_agree() {
        let reg = ToolRegistry::builtin().with("web_fetch", Capability::Http);
        let mut values: Vec<Value> = vec![
            Value::Null,
            json!(3),
            json!(""),
            json!("  "),
            json!("chmod"),
            json!("WEB_FETCH"),
        ];
        for n in BuiltinTool::ALL
            .map(BuiltinTool::as_str)
            .into_iter()
            .chain(FsOp::ALL.map(FsOp::as_str))
        {
            values.extend([json!(n), json!(n.to_uppercase()), json!(format!(" {n} "))]);
        }
        for kind in HostcallKind::ALL {
            for v in &values {
                for params in [
                    json!({"name": v, "op": v}),
                    json!({"name": v}),
                    json!({"op": v}),
                    json!({}),
                ] {
                    let json_map = capability_reference(kind, &params, &reg);
                    let typed = capability_of_args(kind, &CallArgs::read(kind, &params), &reg);
                    assert_eq!(typed, json_map, "{kind} {params}");
                }
            }
        }
    }

    #[test]
    fn inv_001_registered_tools_take_their_configured_capability() {
        let rules = RequestRules {
            tools: ToolRegistry::builtin().with("web_fetch", Capability::Http),
            ..RequestRules::default()
        };
        let req = HostcallRequest::new(
            "c",
            "e",
            "tool",
            json!({"name": "web_fetch", "input": {"url": "https://api.github.com/"}}),
        );
        assert_eq!(validate_with(&req, &rules).unwrap().call.capability, Capability::Http);
        // Declaring the generic `tool` capability for it is a mismatch.
        let req = req.with_declared("tool");
        assert_eq!(validate_with(&req, &rules).unwrap_err().code(), "capability_mismatch");
    }

    /// INV-002 by effect: a tool call whose derived capability is `http` sends
    /// an http request, so its `input` is validated under the `[http]` request
    /// rules and becomes the call's parsed request (`args.http`, which the
    /// egress policy and the prompt key read); an `input` that is not a valid
    /// request is an invalid request with the http rule's reason code.
    #[test]
    fn inv_002_http_tools_are_validated_as_http_requests() {
        let rules = RequestRules {
            tools: ToolRegistry::builtin()
                .with("web_fetch", Capability::Http)
                .with("weather", Capability::Tool),
            ..RequestRules::default()
        };
        let tool = |input: Value| HostcallRequest::new("c", "e", "tool", json!({"name": "WEB_FETCH", "input": input}));
        let req = tool(json!({"url": "http://169.254.169.254/latest/meta-data/"}));
        assert_eq!(
            validate_with(&req, &rules).unwrap_err().code(),
            "http_plain_http_not_allowed"
        );
        let req = tool(json!({"url": "https://169.254.169.254/latest/meta-data/"}));
        let v = validate_with(&req, &rules).unwrap();
        let http = v.args.http.expect("the tool's input is its http request");
        assert_eq!(http.url.host, "169.254.169.254");
        assert_eq!(
            rules.http.check_egress(&http.url).unwrap_err().code(),
            "egress_metadata"
        );
        let req = tool(json!({"url": "https://api.github.com/x", "method": "post", "body": "hi"}));
        let http = validate_with(&req, &rules).unwrap().args.http.unwrap();
        assert_eq!((http.method.as_str(), http.body_bytes), ("POST", 2));
        for (input, code) in [
            (Value::Null, "http_missing_url"),
            (json!({}), "http_missing_url"),
            (json!("https://api.github.com/"), "http_missing_url"),
            (json!({"url": 3}), "http_url_not_string"),
            (json!({"url": "file:///etc/passwd"}), "http_scheme_not_allowed"),
            (json!({"url": "not a url"}), "http_not_a_url"),
            (
                json!({"url": "https://x.example/", "method": "DELETE"}),
                "http_method_not_allowed",
            ),
        ] {
            let err = validate_with(&tool(input.clone()), &rules).unwrap_err();
            assert_eq!(err.code(), code, "{input}");
            assert!(err.to_string().contains("WEB_FETCH"), "{err}");
        }
        let no_input = HostcallRequest::new("c", "e", "tool", json!({"name": "web_fetch"}));
        assert_eq!(validate_with(&no_input, &rules).unwrap_err().code(), "http_missing_url");
        // Tools of other capabilities carry no http request.
        let other = HostcallRequest::new("c", "e", "tool", json!({"name": "weather", "input": {"url": "x"}}));
        assert!(validate_with(&other, &rules).unwrap().args.http.is_none());
    }

    /// INV-002 / INV-011: an env call whose name holds a NUL, an `=` or a
    /// control character is an invalid request (`env_invalid_name`) before
    /// the policy, the risk controller or the env filter; the message does not
    /// repeat the name (after an `=` it may carry a guess at a value).
    #[test]
    fn inv_002_env_names_with_nul_equals_or_control_characters_are_invalid() {
        for name in [
            "OPENAI_API_KEY\0x",
            "INTERNAL_SETTING\0",
            "GITHUB_TOKEN=ghp_",
            "HOME\n",
            "PATH\u{85}",
        ] {
            let req = HostcallRequest::new("c", "e", "env", json!({ "name": name }));
            let err = validate(&req).unwrap_err();
            assert_eq!(err.code(), "env_invalid_name", "{name:?}");
            assert!(!err.to_string().contains("ghp_"), "{err}");
            let mut memos = ValidationMemos::with_slots(2);
            let rules = RequestRules::default();
            assert_eq!(
                validate_with_memo(&req, &rules, &mut memos).unwrap_err().code(),
                "env_invalid_name"
            );
        }
        for name in ["HOME", " PATH ", "GITHUB_TOKEN"] {
            let req = HostcallRequest::new("c", "e", "env", json!({ "name": name }));
            assert_eq!(validate(&req).unwrap().capability, Capability::Env, "{name:?}");
        }
    }
}
