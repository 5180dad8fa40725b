//! seclab-engine: the extension security engine.
//!
//! One module per stage of a hostcall's path: capability and hostcall mapping
//! (B2), policy (B3), the env filter (T6), the static scanner (B1), the runtime
//! risk controller (B4), the hash-chained ledger (B6) and the dispatch pipeline.
//! Decisions are pure functions of typed inputs; clocks are injected.

// One `unsafe` block, allowed where it stands: reading the time-stamp counter
// (`clock::counter`).
#![deny(unsafe_code)]

pub mod build_scripts;
pub mod call_args;
pub mod capability;
pub mod checkpoint;
pub mod clock;
pub mod cmake_lists;
mod code_tokens;
pub mod config;
pub mod connector;
pub mod contain;
pub mod dispatch;
pub mod env;
pub mod env_memo;
#[cfg(feature = "arbitrary")]
pub mod fuzz_checks;
pub mod git_scripts;
pub mod git_vars;
pub mod go_generate;
pub mod hostcall;
pub mod http;
pub mod inline_files;
pub mod latency;
pub mod ledger;
pub mod local_bins;
pub mod make_recipes;
pub mod manifest_scripts;
pub mod markers;
pub mod net;
pub mod param_ops;
pub mod params;
pub mod persist_config;
pub mod policy;
pub mod python_builds;
pub mod python_sites;
pub mod rakefiles;
pub mod resource;
pub mod risk;
pub mod scanner;
pub mod shell;
pub mod shell_cwd;
pub mod shell_links;
pub mod shell_memo;
pub mod startup_files;
mod str_memo;
pub mod task_runners;
pub mod test_runners;
pub mod tool_configs;
pub mod tools;
pub mod tox_configs;
pub mod trace;
pub mod tree_files;
pub mod url_memo;
pub mod workspaces;

/// Hasher of the per-extension maps, which hash the extension id on every
/// call (several lookups per decision): foldhash, seeded per map, is a
/// fraction of SipHash's cost and still keyed, so ids cannot be chosen to
/// collide.
pub(crate) type IdHash = foldhash::fast::RandomState;

pub use call_args::CallArgs;
pub use capability::{Capability, CapabilitySet};
pub use checkpoint::{Checkpoint, CheckpointKind, LedgerPublicKey, LedgerSigner};
pub use clock::{live_clock, CycleClock, TraceClock};
pub use config::{load_engine_config, parse_engine_config, ConfigError, EngineConfig, InvalidField};
pub use connector::{Connector, ConnectorError, FsConnector, MockConnector};
pub use dispatch::{DispatchOutcome, DispatchStatus, Dispatcher, StageTimings, SEAL_BATCH};
pub use env::{is_env_var_allowed, EnvFilter, EnvFilterConfig, EnvFilterMode, EnvReason};
pub use hostcall::{required_capability_for_host_call_static, validate, HostcallKind, HostcallRequest, InvalidRequest};
pub use hostcall::{validate_with, validate_with_memo, RequestRules, Validated, ValidatedCall, ValidationMemos};
pub use http::{EgressDenial, HttpConfig, HttpInvalid, HttpRequest};
pub use latency::LatencyStats;
pub use ledger::{Ledger, LedgerConfig, LedgerEntry, LedgerError, LedgerErrorKind};
pub use net::{parse_url, AddrClass, ParsedUrl};
pub use params::Params;
pub use policy::{Decision, ExtensionPolicy, PolicyCheck, PolicyMode, PolicyProfile, PolicyReason, PolicyRule};
pub use risk::{
    Clock, MonotonicClock, Outcome, Posterior, PromptSource, RiskAction, RiskConfig, RiskController, RiskDecision,
    RiskInput, RiskReason, StepClock,
};
pub use scanner::{scan_paths, scan_source, FileReport, Finding, RuleId, Severity, Verdict};
pub use tools::{ToolRegistry, ToolsConfig};
pub use trace::{TraceError, TraceReader, TraceRecord, TraceWriter};

/// A command line's words split at blanks, for the unit tests of the
/// modules that read a program's arguments.
#[cfg(test)]
pub(crate) fn test_words(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}
