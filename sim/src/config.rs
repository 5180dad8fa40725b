//! The lab's own configuration: what to simulate and what to sweep.
//!
//! One TOML file (the embedded `sim/configs/default.toml`, or `--grid FILE`)
//! holds: `[run]` seed and session counts; `[selection]` how the recommended
//! config is chosen; `[risk]` the base risk-controller config (any subset of
//! the engine's `RiskConfig` fields); `[grid]` a full-factorial grid of
//! dotted `RiskConfig` field paths; `[sample]` optional random or
//! Latin-hypercube samples; `[mix]` archetype weights; `[archetypes.<name>]`
//! per-archetype parameters (any subset: given fields replace the defaults).
//!
//! Parse errors name the file, line, column and field path (through the
//! engine's config loader); semantic errors name the file and the field.

use crate::archetype::bash_user;
use crate::archetype::build_burst;
use crate::archetype::burst_exec::BurstExecParams;
use crate::archetype::coding_reader;
use crate::archetype::corpus::CorpusParams;
use crate::archetype::credential_harvest::CredentialHarvestParams;
use crate::archetype::deny_retry::DenyRetryParams;
use crate::archetype::env_probe::EnvProbeParams;
use crate::archetype::hostile_mix::HostileMixParams;
use crate::archetype::http_client;
use crate::archetype::http_exfil::HttpExfilParams;
use crate::archetype::long_session;
use crate::archetype::mimicry::MimicryParams;
use crate::archetype::slow_drip::SlowDripParams;
use crate::archetype::ui_events;
use crate::archetype::{self, MixProfile};
use crate::stats::IntervalMethod;
use crate::traces::TraceSpec;
use seclab_engine::config::{parse_config_str, ConfigFormat};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The embedded default sweep.
pub const DEFAULT_TOML: &str = include_str!("../configs/default.toml");
/// Name used for the embedded file in errors and manifests.
pub const DEFAULT_NAME: &str = "<embedded>/sim/configs/default.toml";

/// A lab config error: the file, and where known the field and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabConfigError {
    pub file: PathBuf,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for LabConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file.display())?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LabConfigError {}

/// `[run]`: seeds, counts, threads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// Run seed; every stream derives from it.
    pub seed: u64,
    /// Benign sessions per split (training and held-out each get this many).
    pub benign: u64,
    /// Hostile sessions per split.
    pub hostile: u64,
    /// Worker threads (0 = all cores).
    pub threads: usize,
    /// Keep the engine's ledger on during simulation (slower; off by default).
    pub ledger: bool,
    /// Stop a session at its first Deny/Terminate (the extension is stopped in
    /// real life, and FP/FN are decided by then).
    pub early_stop: bool,
    /// Time one dispatch in this many for the latency distribution (power of two).
    pub latency_sample_every: u32,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            seed: 1,
            benign: 300,
            hostile: 300,
            threads: 0,
            ledger: false,
            early_stop: true,
            latency_sample_every: 32,
        }
    }
}

/// `[selection]`: how the recommendation is chosen on the training split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SelectionConfig {
    /// FP budget the recommendation must meet (interval upper bound, training).
    pub fp_target: f64,
    /// FN budget (reported; the choice minimises FN among FP-feasible configs).
    pub fn_target: f64,
    /// Interval method for every rate.
    pub interval: IntervalMethod,
    /// Confidence level of the intervals.
    pub confidence: f64,
    /// RiskConfig field plotted on the x axis of fp_fn_vs_threshold
    /// (default: the first grid field).
    pub threshold_field: Option<String>,
    /// FP budget on each benign real trace set (pooled with equal weight per
    /// agent); default: `fp_target`.
    pub real_fp_target: Option<f64>,
    /// Which figure of the real-session FP must be within `real_fp_target`:
    /// the point estimate (default) or the interval's upper bound. With a
    /// handful of sessions for some agents the equal-weight upper bound
    /// cannot go below ~10 %, so `upper` is only meaningful with many sessions.
    pub real_fp_bound: RealBound,
}

/// See `SelectionConfig::real_fp_bound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RealBound {
    #[default]
    Point,
    Upper,
}

impl SelectionConfig {
    /// The real-session FP budget.
    pub fn real_target(&self) -> f64 {
        self.real_fp_target.unwrap_or(self.fp_target)
    }
}

impl Default for SelectionConfig {
    fn default() -> Self {
        SelectionConfig {
            fp_target: 0.05,
            fn_target: 0.05,
            interval: IntervalMethod::Wilson,
            confidence: 0.95,
            threshold_field: None,
            real_fp_target: None,
            real_fp_bound: RealBound::Point,
        }
    }
}

/// `[sample]`: extra configs drawn at random or by Latin hypercube.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleConfig {
    pub method: SampleMethod,
    pub count: usize,
    /// Field path → `[low, high]`.
    pub ranges: BTreeMap<String, [f64; 2]>,
    /// Fields whose sampled value is rounded to an integer.
    #[serde(default)]
    pub integer: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleMethod {
    Random,
    Lhs,
}

/// `[mix]`: how the session counts split over archetypes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MixWeights {
    pub benign: BTreeMap<String, f64>,
    pub hostile: BTreeMap<String, f64>,
}

impl Default for MixWeights {
    fn default() -> Self {
        MixWeights {
            benign: archetype::BENIGN.iter().map(|n| (n.to_string(), 1.0)).collect(),
            hostile: archetype::HOSTILE.iter().map(|n| (n.to_string(), 1.0)).collect(),
        }
    }
}

/// Every archetype's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchetypeParams {
    pub coding_reader: MixProfile,
    pub bash_user: MixProfile,
    pub http_client: MixProfile,
    pub ui_events: MixProfile,
    pub long_session: MixProfile,
    pub build_burst: MixProfile,
    pub corpus: CorpusParams,
    pub burst_exec: BurstExecParams,
    pub env_probe: EnvProbeParams,
    pub http_exfil: HttpExfilParams,
    pub credential_harvest: CredentialHarvestParams,
    pub slow_drip: SlowDripParams,
    pub mimicry: MimicryParams,
    pub deny_retry: DenyRetryParams,
    pub hostile_mix: HostileMixParams,
}

impl Default for ArchetypeParams {
    fn default() -> Self {
        ArchetypeParams {
            coding_reader: coding_reader::defaults(),
            bash_user: bash_user::defaults(),
            http_client: http_client::defaults(),
            ui_events: ui_events::defaults(),
            long_session: long_session::defaults(),
            build_burst: build_burst::defaults(),
            corpus: CorpusParams::default(),
            burst_exec: BurstExecParams::default(),
            env_probe: EnvProbeParams::default(),
            http_exfil: HttpExfilParams::default(),
            credential_harvest: CredentialHarvestParams::default(),
            slow_drip: SlowDripParams::default(),
            mimicry: MimicryParams::default(),
            deny_retry: DenyRetryParams::default(),
            hostile_mix: HostileMixParams::default(),
        }
    }
}

/// `[adversary]`: the budgeted adversary search (docs/adversary.md) the sweep
/// runs against every config point, each from its own named ChaCha stream
/// `adversary/sweep` of the run seed (the same for every point: common random numbers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdversaryConfig {
    /// Strategies evaluated per config point (0 = no search).
    pub budget: usize,
    /// Strategies per generation of the evolutionary search.
    pub batch: usize,
}

impl Default for AdversaryConfig {
    fn default() -> Self {
        // 384 strategies x ~63 default configs ~ 24k evaluations: about 45 s
        // on 2 cores next to the session sweep (docs/methodology.md).
        AdversaryConfig {
            budget: 384,
            batch: 128,
        }
    }
}

/// The file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LabFile {
    run: RunConfig,
    selection: SelectionConfig,
    risk: toml::Table,
    grid: BTreeMap<String, Vec<toml::Value>>,
    sample: Option<SampleConfig>,
    mix: MixWeights,
    archetypes: BTreeMap<String, toml::Table>,
    traces: Vec<TraceSpec>,
    adversary: AdversaryConfig,
}

/// A resolved lab config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabConfig {
    /// Where it came from (a path, or the embedded name).
    pub source: String,
    pub run: RunConfig,
    pub selection: SelectionConfig,
    /// Base `RiskConfig` overrides, as JSON (applied onto the engine default).
    pub risk: serde_json::Value,
    /// Grid: field path → values (JSON), full factorial.
    pub grid: BTreeMap<String, Vec<serde_json::Value>>,
    pub sample: Option<SampleConfig>,
    pub mix: MixWeights,
    pub archetypes: ArchetypeParams,
    /// Real trace directories evaluated next to the simulated sessions
    /// (`[[traces]]`); relative `dir`s are resolved by the caller.
    #[serde(default)]
    pub traces: Vec<TraceSpec>,
    /// The adversary search run against every config point.
    #[serde(default)]
    pub adversary: AdversaryConfig,
}

impl LabConfig {
    /// The embedded default.
    pub fn embedded() -> Result<LabConfig, LabConfigError> {
        LabConfig::parse(DEFAULT_TOML, Path::new(DEFAULT_NAME))
    }

    /// Load a lab config file.
    pub fn load(path: &Path) -> Result<LabConfig, LabConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| LabConfigError {
            file: path.to_path_buf(),
            field: None,
            message: format!("cannot read: {e}"),
        })?;
        LabConfig::parse(&text, path)
    }

    /// Parse lab config text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<LabConfig, LabConfigError> {
        let raw: LabFile = parse_config_str(text, ConfigFormat::Toml, file).map_err(|e| {
            let pos = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                (Some(l), None) => format!("line {l}: "),
                _ => String::new(),
            };
            LabConfigError {
                file: file.to_path_buf(),
                field: e.field.clone(),
                message: format!("{pos}{}", e.message),
            }
        })?;
        let err = |field: String, message: String| LabConfigError {
            file: file.to_path_buf(),
            field: Some(field),
            message,
        };

        // Archetype sections: each given field replaces the default's.
        let mut arch =
            serde_json::to_value(ArchetypeParams::default()).map_err(|e| err("archetypes".into(), e.to_string()))?;
        for (name, table) in &raw.archetypes {
            let Some(slot) = arch.get_mut(name.as_str()) else {
                return Err(err(
                    format!("archetypes.{name}"),
                    format!(
                        "unknown archetype (expected one of {})",
                        archetype::all_names().collect::<Vec<_>>().join(", ")
                    ),
                ));
            };
            let obj = slot
                .as_object_mut()
                .ok_or_else(|| err(format!("archetypes.{name}"), "not a table".into()))?;
            for (k, v) in table {
                let jv = serde_json::to_value(v).map_err(|e| err(format!("archetypes.{name}.{k}"), e.to_string()))?;
                obj.insert(k.clone(), jv);
            }
        }
        let archetypes: ArchetypeParams = {
            let res: Result<ArchetypeParams, _> = serde_path_to_error::deserialize(arch);
            res.map_err(|e| err(format!("archetypes.{}", e.path()), e.into_inner().to_string()))?
        };
        for (name, m) in [
            ("coding_reader", &archetypes.coding_reader),
            ("bash_user", &archetypes.bash_user),
            ("http_client", &archetypes.http_client),
            ("ui_events", &archetypes.ui_events),
            ("long_session", &archetypes.long_session),
            ("build_burst", &archetypes.build_burst),
            ("mimicry.prefix_mix", &archetypes.mimicry.prefix_mix),
            ("hostile_mix.benign_mix", &archetypes.hostile_mix.benign_mix),
        ] {
            m.validate(&format!("archetypes.{name}")).map_err(|m| {
                let (field, msg) = m.split_once(": ").unwrap_or(("archetypes", &m));
                err(field.to_string(), msg.to_string())
            })?;
        }

        // Mix weights name known archetypes of the right label.
        for (label, weights, known) in [
            ("benign", &raw.mix.benign, archetype::BENIGN),
            ("hostile", &raw.mix.hostile, archetype::HOSTILE),
        ] {
            for (k, w) in weights {
                if !known.contains(&k.as_str()) {
                    return Err(err(
                        format!("mix.{label}.{k}"),
                        format!("not a {label} archetype (expected one of {})", known.join(", ")),
                    ));
                }
                if !w.is_finite() || *w < 0.0 {
                    return Err(err(
                        format!("mix.{label}.{k}"),
                        "weight must be a finite number >= 0".into(),
                    ));
                }
            }
            if !weights.values().any(|w| *w > 0.0) {
                return Err(err(format!("mix.{label}"), "needs at least one positive weight".into()));
            }
        }

        let s = &raw.selection;
        for (name, v) in [
            ("fp_target", s.fp_target),
            ("fn_target", s.fn_target),
            ("real_fp_target", s.real_target()),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(err(format!("selection.{name}"), "must be within [0, 1]".into()));
            }
        }
        if !(s.confidence > 0.0 && s.confidence < 1.0) {
            return Err(err("selection.confidence".into(), "must be within (0, 1)".into()));
        }
        let r = &raw.run;
        if r.latency_sample_every == 0 || !r.latency_sample_every.is_power_of_two() {
            return Err(err(
                "run.latency_sample_every".into(),
                "must be a power of two >= 1".into(),
            ));
        }
        for (k, vals) in &raw.grid {
            if vals.is_empty() {
                return Err(err(format!("grid.{k}"), "needs at least one value".into()));
            }
        }
        if let Some(sm) = &raw.sample {
            if sm.ranges.is_empty() && sm.count > 0 {
                return Err(err("sample.ranges".into(), "needs at least one field range".into()));
            }
            for (k, [lo, hi]) in &sm.ranges {
                if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
                    return Err(err(
                        format!("sample.ranges.{k}"),
                        "needs finite [low, high] with low <= high".into(),
                    ));
                }
            }
            for k in &sm.integer {
                if !sm.ranges.contains_key(k) {
                    return Err(err(
                        format!("sample.integer.{k}"),
                        "not a field of sample.ranges".into(),
                    ));
                }
            }
        }
        let to_json = |v: &toml::Value, field: String| serde_json::to_value(v).map_err(|e| err(field, e.to_string()));
        let risk = serde_json::to_value(&raw.risk).map_err(|e| err("risk".into(), e.to_string()))?;
        let mut grid = BTreeMap::new();
        for (k, vals) in &raw.grid {
            let mut out = Vec::with_capacity(vals.len());
            for (i, v) in vals.iter().enumerate() {
                out.push(to_json(v, format!("grid.{k}[{i}]"))?);
            }
            grid.insert(k.clone(), out);
        }
        for (i, t) in raw.traces.iter().enumerate() {
            if t.dir.trim().is_empty() {
                return Err(err(format!("traces[{i}].dir"), "must not be empty".into()));
            }
        }
        if raw.adversary.budget > 0 && raw.adversary.batch == 0 {
            return Err(err("adversary.batch".into(), "must be >= 1".into()));
        }
        Ok(LabConfig {
            adversary: raw.adversary,
            traces: raw.traces,
            source: file.display().to_string(),
            run: raw.run,
            selection: raw.selection,
            risk,
            grid,
            sample: raw.sample,
            mix: raw.mix,
            archetypes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<LabConfig, LabConfigError> {
        LabConfig::parse(t, Path::new("grid.toml"))
    }

    #[test]
    fn embedded_default_parses() {
        let c = LabConfig::embedded().unwrap();
        assert!(!c.grid.is_empty());
    }

    #[test]
    fn unknown_section_field_names_file_and_field() {
        let e = parse("[run]\nseeed = 3\n").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("grid.toml: "), "{s}");
        assert_eq!(e.field.as_deref(), Some("run.seeed"), "{s}");
        assert!(s.contains("line 2"), "{s}");
    }

    #[test]
    fn bad_archetype_field_is_named() {
        let e = parse("[archetypes.burst_exec]\nburst = \"many\"\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("archetypes.burst_exec.burst"), "{e}");
        let e = parse("[archetypes.burst_exex]\nburst = [1, 2]\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("archetypes.burst_exex"), "{e}");
        let e = parse("[archetypes.coding_reader]\nmix = { reed = 1.0 }\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("archetypes.coding_reader.mix.reed"), "{e}");
    }

    #[test]
    fn partial_archetype_section_keeps_other_defaults() {
        let c = parse("[archetypes.coding_reader]\ncalls = [5, 6]\n").unwrap();
        assert_eq!(c.archetypes.coding_reader.calls, [5, 6]);
        assert_eq!(c.archetypes.coding_reader.mix, coding_reader::defaults().mix);
    }

    #[test]
    fn semantic_errors_name_the_field() {
        let e = parse("[selection]\nfp_target = 1.5\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("selection.fp_target"));
        let e = parse("[mix.benign]\nburst_exec = 1.0\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("mix.benign.burst_exec"));
        let e = parse("[grid]\n\"prior.safe\" = []\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("grid.prior.safe"));
    }
}
