//! Engine configuration files: the `[policy]`, `[env]`, `[risk]`, `[ledger]`,
//! `[http]` and `[tools]` sections in TOML or JSON, with errors that name the file,
//! the line and column, and the field. Unknown fields are errors, never ignored.

use crate::env::{EnvFilter, EnvFilterConfig};
use crate::http::HttpConfig;
use crate::ledger::LedgerConfig;
use crate::policy::{ExtensionPolicy, PolicyAuditEvent, PolicyConfig};
use crate::risk::RiskConfig;
use crate::tools::ToolsConfig;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Everything an engine instance is configured by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EngineConfig {
    #[serde(default)]
    pub policy: PolicyConfig,
    #[serde(default)]
    pub env: EnvFilterConfig,
    /// The runtime risk controller (enabled by default, G-7).
    #[serde(default)]
    pub risk: RiskConfig,
    /// The decision ledger.
    #[serde(default)]
    pub ledger: LedgerConfig,
    /// HTTP request validation and the egress policy.
    #[serde(default)]
    pub http: HttpConfig,
    /// The tool registry beyond the built-in tools.
    #[serde(default)]
    pub tools: ToolsConfig,
    /// Bounds of per-extension state (issue 14).
    #[serde(default)]
    pub state: StateConfig,
    /// What a Harden decision restricts (issue 14).
    #[serde(default)]
    pub harden: HardenConfig,
}

/// The `[state]` section: bounds of the dispatcher's per-extension state.
///
/// Risk windows are kept for at most `max_extensions` extensions (least recently
/// used evicted first; an evicted extension restarts from the prior, and a ledger
/// entry `engine.evict_state` records it). Terminated ids are never evicted: at
/// most `max_terminated` are kept, and once that many are held every call of an
/// extension the dispatcher has no state for is refused (`state_capacity_exhausted`),
/// so no extension escapes termination by eviction. Quota counters exist only
/// for extensions with a configured quota, so the config bounds them; remembered
/// prompt answers are forgotten all at once past `max_prompt_answers` (the user
/// is asked again, never silently allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StateConfig {
    /// Default 4096.
    pub max_extensions: usize,
    /// Default 65 536.
    pub max_terminated: usize,
    /// Default 4096.
    pub max_prompt_answers: usize,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            max_extensions: 4096,
            max_terminated: 65_536,
            max_prompt_answers: 4096,
        }
    }
}

/// The `[harden]` section: an enforced Harden decision puts the extension in a
/// restricted state for its next `calls` calls (the Harden call included),
/// during which calls needing a capability in `deny` are refused with
/// `harden_restricted` (default: no network, no writes, no exec — read-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HardenConfig {
    /// Calls the restriction lasts (0: Harden restricts nothing). Default 8.
    pub calls: u32,
    /// Capabilities refused while restricted. Default `["http", "write", "exec"]`.
    pub deny: crate::capability::CapabilitySet,
}

impl Default for HardenConfig {
    fn default() -> Self {
        use crate::capability::Capability;
        HardenConfig {
            calls: 8,
            deny: [Capability::Http, Capability::Write, Capability::Exec]
                .into_iter()
                .collect(),
        }
    }
}

impl EngineConfig {
    pub fn build_policy(&self) -> (ExtensionPolicy, Vec<PolicyAuditEvent>) {
        self.policy.build()
    }
    pub fn build_env_filter(&self) -> EnvFilter {
        EnvFilter::new(&self.env)
    }

    /// sha256 (hex) of the sections that decide calls,
    /// `{"env", "harden", "http", "policy", "risk", "tools"}`,
    /// as canonical JSON (keys sorted, no whitespace) after a domain tag. The
    /// ledger header and every checkpoint carry it; replay refuses another one.
    /// `[ledger]` and `[state]` are left out: they change what is kept, not
    /// decisions (an eviction is itself recorded in the ledger).
    pub fn digest(&self) -> String {
        let part = |r: Result<serde_json::Value, serde_json::Error>| r.unwrap_or(serde_json::Value::Null);
        let mut m = serde_json::Map::new();
        m.insert("env".into(), part(serde_json::to_value(&self.env)));
        m.insert("policy".into(), part(serde_json::to_value(&self.policy)));
        m.insert("risk".into(), part(serde_json::to_value(&self.risk)));
        m.insert("harden".into(), part(serde_json::to_value(self.harden)));
        m.insert("http".into(), part(serde_json::to_value(&self.http)));
        m.insert("tools".into(), part(serde_json::to_value(&self.tools)));
        let v = serde_json::Value::Object(m);
        crate::ledger::canonical_digest(CONFIG_DIGEST_TAG, &v)
    }
}

/// The engine config real coding-agent sessions are measured under (SLO-10,
/// `../shared/real-sessions`): `corpus/configs/real-sessions.toml`, compiled in.
/// Static policy, egress policy and the tool registry let every call through
/// (the agents' own tools registered), so only the risk controller decides.
pub const REAL_SESSIONS_CONFIG: &str = include_str!("../../corpus/configs/real-sessions.toml");

/// [`REAL_SESSIONS_CONFIG`] parsed, with the given risk config.
pub fn real_sessions_config(risk: &RiskConfig) -> EngineConfig {
    let mut cfg = real_sessions_base().clone();
    cfg.risk = risk.clone();
    cfg
}

/// [`REAL_SESSIONS_CONFIG`] as parsed (its own `[risk]`), parsed once per
/// process: the lab asks for it once per session.
pub fn real_sessions_base() -> &'static EngineConfig {
    static BASE: std::sync::OnceLock<EngineConfig> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        parse_engine_config(
            REAL_SESSIONS_CONFIG,
            ConfigFormat::Toml,
            Path::new("corpus/configs/real-sessions.toml"),
        )
        .expect("the embedded real-session config parses (tested)")
    })
}

/// Domain tag of [`EngineConfig::digest`].
pub const CONFIG_DIGEST_TAG: &[u8] = b"seclab.config.v1";

/// A value that parses but is out of range (see `RiskConfig::validate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    /// Dotted path of the field within its section, or from the root.
    pub field: String,
    pub message: String,
    /// The other field of a violated pair (`risk.window_size` for a count that
    /// exceeds the window), same form as `field`: an error is located at its
    /// line when `field` itself is not set in the file.
    pub related: Option<String>,
}

impl EngineConfig {
    /// Range checks of every numeric field (issue 14); the field path is from the
    /// root (`risk.signals.min_total`).
    pub fn validate(&self) -> Result<(), InvalidField> {
        let under = |section: &str, e: InvalidField| InvalidField {
            field: format!("{section}.{}", e.field),
            message: e.message,
            related: e.related.map(|r| format!("{section}.{r}")),
        };
        self.risk.validate().map_err(|e| under("risk", e))?;
        for (field, v) in [
            ("ledger.capacity", self.ledger.capacity),
            ("state.max_extensions", self.state.max_extensions),
            ("state.max_terminated", self.state.max_terminated),
            ("state.max_prompt_answers", self.state.max_prompt_answers),
        ] {
            if v == 0 {
                return Err(InvalidField {
                    field: field.into(),
                    message: "must be at least 1, found 0".into(),
                    related: None,
                });
            }
        }
        Ok(())
    }
}

/// 1-based line where `field` (a dotted path) is set in config `text`, when it
/// can be found: TOML by tracking `[table]` headers and dotted keys, JSON by
/// finding each path segment's `"key"` in order.
pub fn find_field_line(text: &str, format: ConfigFormat, field: &str) -> Option<usize> {
    let want: Vec<&str> = field.split('.').collect();
    match format {
        ConfigFormat::Toml => {
            let mut table: Vec<String> = Vec::new();
            let unquote = |k: &str| k.trim().trim_matches('"').trim_matches('\'').to_string();
            for (i, raw) in text.lines().enumerate() {
                let line = raw.trim();
                if let Some(h) = line.strip_prefix('[') {
                    let h = h.trim_start_matches('[');
                    let h = h.split(']').next().unwrap_or("");
                    table = h.split('.').map(unquote).collect();
                    continue;
                }
                let Some((key, _)) = line.split_once('=') else {
                    continue;
                };
                if key.trim_start().starts_with('#') {
                    continue;
                }
                let mut path = table.clone();
                path.extend(key.split('.').map(unquote));
                if path.iter().map(String::as_str).eq(want.iter().copied()) {
                    return Some(i + 1);
                }
            }
            None
        }
        ConfigFormat::Json => {
            let mut at = 0usize;
            for seg in &want {
                let needle = format!("\"{seg}\"");
                at += text.get(at..)?.find(&needle)?;
                at += needle.len();
            }
            Some(line_col(text, at).0)
        }
    }
}

/// Parse an engine config and validate its numeric fields; an out-of-range value
/// is a [`ConfigError`] naming the file, the line where the field is set (when
/// found; for a violated pair whose named field the file leaves at its default,
/// the line of the other field) and the field.
pub fn parse_engine_config(text: &str, format: ConfigFormat, file: &Path) -> Result<EngineConfig, ConfigError> {
    let cfg: EngineConfig = parse_config_str(text, format, file)?;
    cfg.validate().map_err(|e| ConfigError {
        file: file.to_path_buf(),
        line: find_field_line(text, format, &e.field)
            .or_else(|| e.related.as_deref().and_then(|r| find_field_line(text, format, r))),
        column: None,
        field: Some(e.field),
        message: e.message,
    })?;
    Ok(cfg)
}

/// A configuration error, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted path of the offending field, when known (`policy.extensions.x.allow[1]`).
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The syntax of a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFormat {
    Toml,
    Json,
}

impl ConfigFormat {
    /// By extension; anything but `.json` is read as TOML.
    pub fn for_path(path: &Path) -> ConfigFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => ConfigFormat::Json,
            _ => ConfigFormat::Toml,
        }
    }
}

/// 1-based (line, column) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Parse config text of a given format; `file` is only used in errors.
pub fn parse_config_str<T: DeserializeOwned>(text: &str, format: ConfigFormat, file: &Path) -> Result<T, ConfigError> {
    match format {
        ConfigFormat::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let res: Result<T, _> = serde_path_to_error::deserialize(&mut de);
            res.map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                ConfigError {
                    file: file.to_path_buf(),
                    line: (inner.line() > 0).then_some(inner.line()),
                    column: (inner.column() > 0).then_some(inner.column()),
                    field: (path != ".").then_some(path),
                    message: strip_position(&inner.to_string()),
                }
            })
        }
        ConfigFormat::Toml => match toml::from_str::<T>(text) {
            Ok(v) => Ok(v),
            Err(e) => {
                let (line, column) = match e.span() {
                    Some(span) => {
                        let (l, c) = line_col(text, span.start);
                        (Some(l), Some(c))
                    }
                    None => (None, None),
                };
                // A second pass over the syntax tree recovers the field path.
                let field = toml::from_str::<toml::Table>(text).ok().and_then(|table| {
                    let res: Result<T, _> = serde_path_to_error::deserialize(toml::Value::Table(table));
                    res.err().map(|pe| pe.path().to_string()).filter(|p| p != ".")
                });
                Err(ConfigError {
                    file: file.to_path_buf(),
                    line,
                    column,
                    field,
                    message: e.message().trim().to_string(),
                })
            }
        },
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn read_config_text(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        line: None,
        column: None,
        field: None,
        message: format!("cannot read: {e}"),
    })
}

/// Read and parse a config file (TOML, or JSON by `.json` extension).
pub fn load_config_file<T: DeserializeOwned>(path: &Path) -> Result<T, ConfigError> {
    parse_config_str(&read_config_text(path)?, ConfigFormat::for_path(path), path)
}

/// Load an engine config file and validate it ([`parse_engine_config`]).
pub fn load_engine_config(path: &Path) -> Result<EngineConfig, ConfigError> {
    parse_engine_config(&read_config_text(path)?, ConfigFormat::for_path(path), path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capability::Capability;
    use crate::policy::Decision;

    fn parse(text: &str, fmt: ConfigFormat) -> Result<EngineConfig, ConfigError> {
        parse_config_str(text, fmt, Path::new("cfg"))
    }

    #[test]
    fn toml_policy_loads() {
        let cfg = parse(
            "[policy]\nprofile = \"standard\"\n[policy.extensions.foo]\nallow = [\"ui\"]\ndeny = [\"http\"]\n",
            ConfigFormat::Toml,
        )
        .unwrap();
        let (p, audit) = cfg.build_policy();
        assert!(audit.is_empty());
        assert_eq!(p.evaluate(Capability::Http, Some("foo")).decision, Decision::Deny);
        assert_eq!(p.evaluate(Capability::Http, Some("bar")).decision, Decision::Allow);
    }

    #[test]
    fn toml_unknown_field_names_line_and_field() {
        let err = parse(
            "[policy]\nprofile = \"safe\"\n\n[policy.extensions.foo]\nalow = [\"ui\"]\n",
            ConfigFormat::Toml,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        assert!(err.message.contains("alow"), "{err}");
        assert_eq!(err.field.as_deref(), Some("policy.extensions.foo.alow"), "{err}");
    }

    #[test]
    fn toml_bad_capability_names_the_field() {
        let err = parse("[policy]\ndeny_caps = [\"exec\", \"teleport\"]\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.to_string().contains("teleport"), "{err}");
        assert!(
            err.field.as_deref().unwrap_or("").starts_with("policy.deny_caps"),
            "{err}"
        );
    }

    #[test]
    fn json_errors_name_line_and_field() {
        let err = parse(
            "{\n  \"policy\": {\n    \"mode\": \"loose\"\n  }\n}\n",
            ConfigFormat::Json,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert_eq!(err.field.as_deref(), Some("policy.mode"), "{err}");
        assert!(err.to_string().starts_with("cfg:3:"), "{err}");
    }

    #[test]
    fn risk_and_ledger_sections_load_with_defaults() {
        let cfg = parse(
            "[risk]\nenforce = false\n[risk.loss.allow]\nunsafe = 100.0\nsuspicious = 9.0\nsafe = 0.5\n[ledger]\ncapacity = 16\n",
            ConfigFormat::Toml,
        )
        .unwrap();
        assert!(cfg.risk.enabled && !cfg.risk.enforce);
        assert_eq!(cfg.risk.loss.allow.unsafe_, 100.0);
        assert_eq!(cfg.risk.loss.allow.suspicious, 9.0);
        assert_eq!(cfg.risk.loss.deny, crate::risk::config::LossMatrix::default().deny);
        assert!(parse("[risk.loss.allow]\nunsafe = 1.0\n", ConfigFormat::Toml).is_err());
        assert_eq!((cfg.ledger.enabled, cfg.ledger.capacity), (true, 16));
        let err = parse("[risk.prior]\nsafe = 1.0\nbogus = 2\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert_eq!(err.field.as_deref(), Some("risk.prior.bogus"), "{err}");
        assert!(EngineConfig::default().risk.enabled, "G-7: on by default");
    }

    #[test]
    fn inv_002_http_section_loads_and_errors_name_line_and_field() {
        let cfg = parse(
            "[http]\nallow_http = true\nmethods = [\"get\", \"PUT\"]\nallow_hosts = [\"GitHub.com\", \"0x7f.1\"]\ndeny_hosts = [\"gist.github.com\"]\n",
            ConfigFormat::Toml,
        )
        .unwrap();
        assert!(cfg.http.allow_http && !cfg.http.allow_private);
        let names: Vec<&str> = cfg.http.methods.iter().map(|m| m.as_str()).collect();
        assert_eq!(names, ["GET", "PUT"]);
        let hosts: Vec<&str> = cfg.http.allow_hosts.iter().map(|h| h.as_str()).collect();
        assert_eq!(hosts, ["github.com", "127.0.0.1"]);
        assert_eq!(EngineConfig::default().http, crate::http::HttpConfig::default());
        let err = parse("[http]\nallow_http = true\nallow_privat = true\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(3), Some("http.allow_privat")),
            "{err}"
        );
        let err = parse(
            "[http]\ndeny_hosts = [\"ok.example\", \"https://x/\"]\n",
            ConfigFormat::Toml,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(
            err.field.as_deref().unwrap_or("").starts_with("http.deny_hosts"),
            "{err}"
        );
        let err = parse("{\"http\": {\"methods\": [\"GET\", \"G-T\"]}}", ConfigFormat::Json).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("http.methods[1]"), "{err}");
    }

    #[test]
    fn out_of_range_values_name_file_line_and_field() {
        let p = |t: &str, f| parse_engine_config(t, f, Path::new("cfg.toml"));
        // The panic of issue 14: min_total > max_total.
        let err = p(
            "[risk]\nenforce = true\n\n[risk.signals]\nmax_total = 0.2\nmin_total = 0.5\n",
            ConfigFormat::Toml,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("risk.signals.min_total"), "{err}");
        assert_eq!(err.line, Some(6), "{err}");
        assert!(
            err.to_string()
                .starts_with("cfg.toml:6: field `risk.signals.min_total`"),
            "{err}"
        );
        // NaN in the loss matrix (silently Allow before).
        let err = p(
            "[risk.loss.deny]\nunsafe = 2.0\nsuspicious = nan\nsafe = 30.0\n",
            ConfigFormat::Toml,
        )
        .unwrap_err();
        assert_eq!(
            (err.field.as_deref(), err.line),
            (Some("risk.loss.deny.suspicious"), Some(3)),
            "{err}"
        );
        // Dotted keys, window and timeout.
        let err = p("[risk]\nwindow_size = 0\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!((err.field.as_deref(), err.line), (Some("risk.window_size"), Some(2)));
        let err = p("risk.decision_timeout_ms = 0\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        let err = p("[ledger]\ncapacity = 0\n", ConfigFormat::Toml).unwrap_err();
        assert_eq!((err.field.as_deref(), err.line), (Some("ledger.capacity"), Some(2)));
        // JSON: the line of the key.
        let err = p(
            "{\n \"risk\": {\n  \"eprocess\": {\n   \"p0\": 0.9,\n   \"p1\": 0.2\n  }\n }\n}\n",
            ConfigFormat::Json,
        )
        .unwrap_err();
        assert_eq!(
            (err.field.as_deref(), err.line),
            (Some("risk.eprocess.p0"), Some(4)),
            "{err}"
        );
        assert!(p("[risk]\nalpha = 0.05\n", ConfigFormat::Toml).is_ok());
    }

    #[test]
    fn slo_10_real_session_config_parses_and_only_the_risk_controller_decides() {
        let cfg = real_sessions_config(&RiskConfig::default());
        assert!(cfg.policy.allow_dangerous);
        assert!(cfg.http.allow_http && cfg.http.allow_private);
        assert_eq!(cfg.risk, RiskConfig::default());
        assert!(cfg.validate().is_ok());
    }

    #[test]
    fn missing_file_is_a_clear_error() {
        let err = load_engine_config(Path::new("/nonexistent/seclab.toml")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/seclab.toml"));
    }
}
