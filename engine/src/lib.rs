//! seclab-engine: the extension security engine.
//!
//! One module per stage of a hostcall's path: capability and hostcall mapping
//! (B2), policy (B3), the env filter (T6), the static scanner (B1), the runtime
//! risk controller (B4), the hash-chained ledger (B6) and the dispatch pipeline.
//! Decisions are pure functions of typed inputs; clocks are injected.

pub mod capability;
pub mod config;
pub mod env;
pub mod hostcall;
pub mod policy;
pub mod scanner;

pub use capability::{Capability, CapabilitySet};
pub use config::{load_engine_config, ConfigError, EngineConfig};
pub use env::{is_env_var_allowed, EnvFilter, EnvFilterConfig, EnvFilterMode, EnvReason};
pub use hostcall::{required_capability_for_host_call_static, validate, HostcallKind, HostcallRequest, InvalidRequest};
pub use policy::{Decision, ExtensionPolicy, PolicyCheck, PolicyMode, PolicyProfile, PolicyReason, PolicyRule};
pub use scanner::{scan_paths, scan_source, FileReport, Finding, RuleId, Severity, Verdict};
