//! Hostcalls: the request an extension sends across the sandbox boundary (B2),
//! its kinds, validation (INV-002) and the static method+params → capability
//! mapping (INV-001, SLO-12). The capability is always derived here, never
//! taken from what the caller declares.

use crate::capability::Capability;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

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
    #[error("fs call without a string `op` param")]
    MissingFsOp,
    #[error("unknown fs op {0:?}")]
    UnknownFsOp(String),
}

/// Derive the capability a hostcall needs from its method and params alone.
///
/// Total over valid inputs (SLO-12): every known method maps; `tool` maps by
/// tool name (built-ins to read/write/exec, any other non-empty name to `tool`),
/// `fs` by op. Anything else is an error, which dispatch treats as deny.
pub fn required_capability_for_host_call_static(method: &str, params: &Value) -> Result<Capability, MappingError> {
    if method.trim().is_empty() {
        return Err(MappingError::EmptyMethod);
    }
    let kind = HostcallKind::parse(method).ok_or_else(|| MappingError::UnknownMethod(method.to_string()))?;
    capability_for_kind(kind, params)
}

/// The capability for an already-parsed kind.
pub fn capability_for_kind(kind: HostcallKind, params: &Value) -> Result<Capability, MappingError> {
    if let Some(cap) = kind.fixed_capability() {
        return Ok(cap);
    }
    match kind {
        HostcallKind::Tool => {
            let name = params
                .get("name")
                .and_then(Value::as_str)
                .ok_or(MappingError::MissingToolName)?;
            Ok(tool_capability(name)?)
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

/// The capability a tool name needs: built-ins by table, any other non-empty name `tool`.
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
    pub params: Value,
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
            params,
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
            InvalidRequest::Mapping(MappingError::MissingFsOp) => "missing_fs_op",
            InvalidRequest::Mapping(MappingError::UnknownFsOp(_)) => "unknown_fs_op",
            InvalidRequest::UnparseableDeclared { .. } => "unparseable_declared_capability",
            InvalidRequest::CapabilityMismatch { .. } => "capability_mismatch",
        }
    }
}

/// A request that passed validation, with its derived kind and capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidatedCall {
    pub kind: HostcallKind,
    pub capability: Capability,
}

/// Stage 1+2 of dispatch: validate the request and derive its capability.
pub fn validate(req: &HostcallRequest) -> Result<ValidatedCall, InvalidRequest> {
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
    let capability = capability_for_kind(kind, &req.params)?;
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
    Ok(ValidatedCall { kind, capability })
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
            ("my_custom_tool", Capability::Tool),
        ];
        for (name, cap) in cases {
            let got = required_capability_for_host_call_static("tool", &json!({ "name": name })).unwrap();
            assert_eq!(got, cap, "tool {name}");
        }
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
}
