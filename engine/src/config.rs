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
}

impl EngineConfig {
    pub fn build_policy(&self) -> (ExtensionPolicy, Vec<PolicyAuditEvent>) {
        self.policy.build()
    }
    pub fn build_env_filter(&self) -> EnvFilter {
        EnvFilter::new(&self.env)
    }
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

/// Read and parse a config file (TOML, or JSON by `.json` extension).
pub fn load_config_file<T: DeserializeOwned>(path: &Path) -> Result<T, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        line: None,
        column: None,
        field: None,
        message: format!("cannot read: {e}"),
    })?;
    parse_config_str(&text, ConfigFormat::for_path(path), path)
}

/// Load an engine config file.
pub fn load_engine_config(path: &Path) -> Result<EngineConfig, ConfigError> {
    load_config_file(path)
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
    fn missing_file_is_a_clear_error() {
        let err = load_engine_config(Path::new("/nonexistent/seclab.toml")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/seclab.toml"));
    }
}
