//! seclab-engine: the extension security engine.
//!
//! One module per stage of a hostcall's path: capability and hostcall mapping
//! (B2), policy (B3), the env filter (T6), the static scanner (B1), the runtime
//! risk controller (B4), the hash-chained ledger (B6) and the dispatch pipeline.
//! Decisions are pure functions of typed inputs; clocks are injected.

pub mod capability;
pub mod clock;
pub mod config;
pub mod connector;
pub mod dispatch;
pub mod env;
#[cfg(feature = "arbitrary")]
pub mod fuzz_checks;
pub mod hostcall;
pub mod latency;
pub mod ledger;
pub mod policy;
pub mod risk;
pub mod scanner;
pub mod trace;

pub use capability::{Capability, CapabilitySet};
pub use clock::TraceClock;
pub use config::{load_engine_config, ConfigError, EngineConfig};
pub use connector::{Connector, ConnectorError, FsConnector, MockConnector};
pub use dispatch::{DispatchOutcome, DispatchStatus, Dispatcher, StageTimings};
pub use env::{is_env_var_allowed, EnvFilter, EnvFilterConfig, EnvFilterMode, EnvReason};
pub use hostcall::ValidatedCall;
pub use hostcall::{required_capability_for_host_call_static, validate, HostcallKind, HostcallRequest, InvalidRequest};
pub use latency::LatencyStats;
pub use ledger::{Ledger, LedgerConfig, LedgerEntry, LedgerError, LedgerErrorKind};
pub use policy::{Decision, ExtensionPolicy, PolicyCheck, PolicyMode, PolicyProfile, PolicyReason, PolicyRule};
pub use risk::{
    Clock, MonotonicClock, Outcome, Posterior, PromptSource, RiskAction, RiskConfig, RiskController, RiskDecision,
    RiskInput, RiskReason, StepClock,
};
pub use scanner::{scan_paths, scan_source, FileReport, Finding, RuleId, Severity, Verdict};
pub use trace::{TraceError, TraceReader, TraceRecord, TraceWriter};
