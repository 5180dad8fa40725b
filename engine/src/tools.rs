//! The tool registry: which names a `tool` hostcall may carry and the
//! capability each one needs (INV-001, INV-002, SLO-12), and its `[tools]`
//! config section.
//!
//! The built-in tools (read, grep, find, ls → read; write, edit → write;
//! bash → exec) are always registered and cannot be redefined. A config adds
//! other tools with the capability they need; a name the registry does not
//! know is an `invalid_request` (`unknown_tool`), never a generic `tool` call.

use crate::capability::Capability;
use crate::hostcall::{BuiltinTool, MappingError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Where a tool sends its input, declared in the config (`egress`): what the
/// risk controller scores as the call's destination when the input names none
/// (a search the model provider runs, a hosted API). An `http` tool whose
/// input carries a `url` is also scored by that URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolEgress {
    /// `"none"`: the tool keeps its input on this host.
    None,
    /// `"outside"`: the input goes to a destination outside the project that
    /// the call does not name (scored as a public host outside the egress
    /// allow-list).
    Outside,
    /// A list of hosts: the input goes to these, each judged like an `http`
    /// call's host (against `lists.egress_allow_hosts` and `known_hosts`).
    Hosts(Vec<String>),
}

impl ToolEgress {
    /// Whether the tool sends its input off this host.
    pub fn sends(&self) -> bool {
        !matches!(self, ToolEgress::None)
    }
}

impl Serialize for ToolEgress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ToolEgress::None => s.serialize_str("none"),
            ToolEgress::Outside => s.serialize_str("outside"),
            ToolEgress::Hosts(h) => h.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ToolEgress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ToolEgress;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"outside\", \"none\" or a list of host names")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ToolEgress, E> {
                match v.trim().to_ascii_lowercase().as_str() {
                    "outside" => Ok(ToolEgress::Outside),
                    "none" => Ok(ToolEgress::None),
                    _ => Err(E::custom(format!(
                        "unknown egress {v:?}: expected \"outside\", \"none\" or a list of host names"
                    ))),
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ToolEgress, A::Error> {
                let mut hosts = Vec::new();
                while let Some(h) = seq.next_element::<String>()? {
                    let host = h.trim();
                    if let Err(e) = crate::net::parse_destination(host) {
                        return Err(serde::de::Error::custom(format!(
                            "egress host {h:?} is not a host name: {e}"
                        )));
                    }
                    hosts.push(host.to_string());
                }
                if hosts.is_empty() {
                    return Err(serde::de::Error::custom(
                        "an empty egress host list: write \"none\" for a tool that sends nothing",
                    ));
                }
                Ok(ToolEgress::Hosts(hosts))
            }
        }
        d.deserialize_any(V)
    }
}

/// One extra tool of the `[tools]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolEntry {
    /// The tool name as the agent sends it (matched trimmed and case-insensitively).
    #[serde(deserialize_with = "de_tool_name")]
    pub name: String,
    /// The capability a call of this tool needs.
    #[serde(deserialize_with = "de_capability")]
    pub capability: Capability,
}

/// The `[tools]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ToolsConfig {
    /// Tools beyond the built-ins.
    pub extra: Vec<ToolEntry>,
    /// Where a tool of `extra` sends its input (`tools.egress`: name →
    /// `"outside"`, `"none"` or a list of hosts). A tool not listed: an
    /// `http` tool's input is an http request whose URL is the destination
    /// (a call without one is `http_missing_url`); any other tool sends
    /// nothing beyond what its payload shows (an exec tool's line).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub egress: BTreeMap<String, ToolEgress>,
}

/// The section as written, before the egress names are checked against `extra`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToolsConfig {
    #[serde(default, deserialize_with = "de_entries")]
    extra: Vec<ToolEntry>,
    #[serde(default)]
    egress: BTreeMap<String, ToolEgress>,
}

impl<'de> Deserialize<'de> for ToolsConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawToolsConfig::deserialize(d)?;
        let mut egress = BTreeMap::new();
        for (name, e) in raw.egress {
            let n = name.trim();
            if let Some(b) = BuiltinTool::parse(n) {
                return Err(serde::de::Error::custom(format!(
                    "field `tools.egress.{name}`: `{}` is a built-in tool; its egress cannot be declared",
                    b.as_str()
                )));
            }
            if !raw.extra.iter().any(|t| t.name.eq_ignore_ascii_case(n)) {
                return Err(serde::de::Error::custom(format!(
                    "field `tools.egress.{name}`: no tool `{n}` in `tools.extra`"
                )));
            }
            if egress.insert(n.to_ascii_lowercase(), e).is_some() {
                return Err(serde::de::Error::custom(format!(
                    "field `tools.egress.{name}`: the egress of `{n}` is declared twice"
                )));
            }
        }
        Ok(ToolsConfig {
            extra: raw.extra,
            egress,
        })
    }
}

fn de_tool_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw = String::deserialize(d)?;
    let name = raw.trim();
    if name.is_empty() {
        return Err(serde::de::Error::custom("empty tool name"));
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(serde::de::Error::custom(format!(
            "tool name {raw:?} contains whitespace or control characters"
        )));
    }
    if let Some(b) = BuiltinTool::parse(name) {
        return Err(serde::de::Error::custom(format!(
            "`{}` is a built-in tool; its capability ({}) cannot be redefined",
            b.as_str(),
            b.capability()
        )));
    }
    Ok(name.to_string())
}

fn de_capability<'de, D: Deserializer<'de>>(d: D) -> Result<Capability, D::Error> {
    let raw = String::deserialize(d)?;
    Capability::parse(&raw).map_err(serde::de::Error::custom)
}

fn de_entries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ToolEntry>, D::Error> {
    let entries = Vec::<ToolEntry>::deserialize(d)?;
    let mut seen = BTreeMap::new();
    for e in &entries {
        if let Some(prev) = seen.insert(e.name.to_ascii_lowercase(), e.name.clone()) {
            return Err(serde::de::Error::custom(format!(
                "tool `{}` is registered twice (also as `{prev}`)",
                e.name
            )));
        }
    }
    Ok(entries)
}

/// Why a tool could not be registered at run time ([`ToolRegistry::register`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolRegistrationError {
    #[error("tool name {0:?} is empty or contains whitespace or control characters")]
    InvalidName(String),
    #[error("`{name}` is a built-in tool; its capability ({capability}) cannot be redefined")]
    Builtin { name: String, capability: Capability },
    #[error(
        "tool `{name}` is already registered with capability {capability}; it cannot be registered again as {asked}"
    )]
    AlreadyRegistered {
        name: String,
        capability: Capability,
        asked: Capability,
    },
}

impl ToolRegistrationError {
    /// Stable code of the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            ToolRegistrationError::InvalidName(_) => "invalid_tool_name",
            ToolRegistrationError::Builtin { .. } => "builtin_tool",
            ToolRegistrationError::AlreadyRegistered { .. } => "tool_already_registered",
        }
    }
}

/// The compiled registry: built-ins plus the config's extra tools.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToolRegistry {
    /// Lower-cased name → capability.
    extra: HashMap<String, Capability>,
    /// Lower-cased name → declared egress (only tools that declare one).
    egress: HashMap<String, Arc<ToolEgress>>,
}

impl ToolRegistry {
    /// The built-in tools only (the default).
    pub fn builtin() -> Self {
        ToolRegistry::default()
    }

    pub fn from_config(cfg: &ToolsConfig) -> Self {
        ToolRegistry {
            extra: cfg
                .extra
                .iter()
                .map(|e| (e.name.to_ascii_lowercase(), e.capability))
                .collect(),
            egress: cfg
                .egress
                .iter()
                .map(|(name, e)| (name.trim().to_ascii_lowercase(), Arc::new(e.clone())))
                .collect(),
        }
    }

    /// The egress a tool declares (None: it declares none; built-ins never
    /// do). Looked up only when some tool declares one.
    pub fn egress(&self, name: &str) -> Option<Arc<ToolEgress>> {
        if self.egress.is_empty() {
            return None;
        }
        let n = name.trim();
        if BuiltinTool::parse(n).is_some() {
            return None;
        }
        self.egress.get(&n.to_ascii_lowercase()).cloned()
    }

    /// [`ToolRegistry::with`], the tool declaring where it sends its input.
    pub fn with_egress(mut self, name: &str, capability: Capability, egress: ToolEgress) -> Self {
        if BuiltinTool::parse(name).is_none() && !name.trim().is_empty() {
            let n = name.trim().to_ascii_lowercase();
            self.extra.insert(n.clone(), capability);
            self.egress.insert(n, Arc::new(egress));
        }
        self
    }

    /// Register one more tool (tests, and callers that build configs in code).
    /// A built-in name keeps its built-in capability.
    pub fn with(mut self, name: &str, capability: Capability) -> Self {
        if BuiltinTool::parse(name).is_none() && !name.trim().is_empty() {
            self.extra.insert(name.trim().to_ascii_lowercase(), capability);
        }
        self
    }

    /// Register a tool at run time (an extension's own tools, when it
    /// loads). A name the registry already knows keeps its capability:
    /// a built-in is refused, a name from the config or an earlier
    /// registration is accepted again only with the same capability. A later
    /// registration never changes what the operator's config (or the first
    /// registration) declared, so no extension can downgrade another tool's
    /// capability by re-registering its name (INV-001).
    pub fn register(&mut self, name: &str, capability: Capability) -> Result<(), ToolRegistrationError> {
        let n = name.trim();
        if n.is_empty() || n.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ToolRegistrationError::InvalidName(name.to_string()));
        }
        if let Some(b) = BuiltinTool::parse(n) {
            return Err(ToolRegistrationError::Builtin {
                name: b.as_str().to_string(),
                capability: b.capability(),
            });
        }
        match self.extra.entry(n.to_ascii_lowercase()) {
            std::collections::hash_map::Entry::Occupied(e) if *e.get() != capability => {
                Err(ToolRegistrationError::AlreadyRegistered {
                    name: n.to_string(),
                    capability: *e.get(),
                    asked: capability,
                })
            }
            std::collections::hash_map::Entry::Occupied(_) => Ok(()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(capability);
                Ok(())
            }
        }
    }

    /// The capability a tool name needs, or why it has none.
    pub fn capability(&self, name: &str) -> Result<Capability, MappingError> {
        let n = name.trim();
        if n.is_empty() {
            return Err(MappingError::EmptyToolName);
        }
        if let Some(b) = BuiltinTool::parse(n) {
            return Ok(b.capability());
        }
        if self.extra.is_empty() {
            return Err(MappingError::UnknownTool(name.to_string()));
        }
        self.extra
            .get(&n.to_ascii_lowercase())
            .copied()
            .ok_or_else(|| MappingError::UnknownTool(name.to_string()))
    }

    /// Number of registered non-built-in tools.
    pub fn extra_len(&self) -> usize {
        self.extra.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse_config_str, ConfigFormat, EngineConfig};
    use std::path::Path;

    fn parse(text: &str) -> Result<EngineConfig, crate::config::ConfigError> {
        parse_config_str(text, ConfigFormat::Toml, Path::new("cfg.toml"))
    }

    #[test]
    fn inv_002_unknown_tool_names_are_not_mapped() {
        let r = ToolRegistry::builtin();
        for b in BuiltinTool::ALL {
            assert_eq!(r.capability(&b.as_str().to_uppercase()), Ok(b.capability()));
        }
        assert_eq!(
            r.capability("web_search"),
            Err(MappingError::UnknownTool("web_search".into()))
        );
        assert_eq!(r.capability(" "), Err(MappingError::EmptyToolName));
    }

    #[test]
    fn slo_12_registered_tools_map_to_their_capability() {
        let cfg = parse(
            "[[tools.extra]]\nname = \"web_search\"\ncapability = \"HTTP\"\n[[tools.extra]]\nname = \"update_plan\"\ncapability = \"tool\"\n",
        )
        .unwrap();
        let r = ToolRegistry::from_config(&cfg.tools);
        assert_eq!(r.capability("Web_Search "), Ok(Capability::Http));
        assert_eq!(r.capability("update_plan"), Ok(Capability::Tool));
        assert_eq!(r.capability("bash"), Ok(Capability::Exec));
        assert!(matches!(r.capability("todo"), Err(MappingError::UnknownTool(_))));
        assert_eq!(r.extra_len(), 2);
    }

    #[test]
    fn inv_001_builtins_cannot_be_redefined_and_errors_name_the_field() {
        let err = parse("[tools]\nextra = [{ name = \"Bash\", capability = \"read\" }]\n").unwrap_err();
        assert!(err.to_string().contains("built-in"), "{err}");
        assert_eq!(err.line, Some(2), "{err}");
        let err = parse("[tools]\nextra = [{ name = \"x\", capability = \"teleport\" }]\n").unwrap_err();
        assert!(err.to_string().contains("teleport"), "{err}");
        assert!(err.field.as_deref().unwrap_or("").starts_with("tools.extra"), "{err}");
        let err = parse(
            "[tools]\nextra = [{ name = \"a\", capability = \"tool\" }, { name = \"A\", capability = \"read\" }]\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("twice"), "{err}");
        let err = parse("[tools]\nextras = []\n").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("tools.extras"), "{err}");
        assert!(parse("[tools]\nextra = [{ name = \"a b\", capability = \"tool\" }]\n").is_err());
    }

    /// INV-001: a tool registered at run time never changes the capability
    /// of a name the registry knows. An operator's `exec` tool stays `exec`
    /// whatever spelling re-registers it, a built-in is refused, a repeat with
    /// the same capability is accepted, and a new name takes its capability.
    #[test]
    fn inv_001_run_time_registration_never_redefines_a_known_tool() {
        let cfg = parse("[tools]\nextra = [{ name = \"deploy\", capability = \"exec\" }]\n").unwrap();
        let mut r = ToolRegistry::from_config(&cfg.tools);
        for spelling in ["DEPLOY", "deploy", " Deploy "] {
            let err = r.register(spelling, Capability::Tool).unwrap_err();
            assert_eq!(err.code(), "tool_already_registered", "{spelling:?}: {err}");
        }
        assert_eq!(r.capability("deploy"), Ok(Capability::Exec));
        assert_eq!(r.register("Deploy", Capability::Exec), Ok(()));
        let err = r.register("bash", Capability::Read).unwrap_err();
        assert_eq!(err.code(), "builtin_tool", "{err}");
        assert_eq!(r.capability("bash"), Ok(Capability::Exec));
        for bad in ["", "  ", "a b", "x\u{0}"] {
            assert_eq!(
                r.register(bad, Capability::Tool).unwrap_err().code(),
                "invalid_tool_name",
                "{bad:?}"
            );
        }
        assert_eq!(r.register("weather", Capability::Tool), Ok(()));
        assert_eq!(r.capability("Weather"), Ok(Capability::Tool));
        let err = r.register("weather", Capability::Http).unwrap_err();
        assert!(
            err.to_string().contains("already registered with capability tool"),
            "{err}"
        );
        assert_eq!(r.capability("weather"), Ok(Capability::Tool));
    }
}
