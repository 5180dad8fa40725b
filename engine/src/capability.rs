//! Capabilities: the ten host permissions an extension can hold, their parsing
//! (trimmed, case-insensitive) and the dangerous sets used by policy and risk.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A host permission. Every hostcall requires exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum Capability {
    Read,
    Write,
    Http,
    Events,
    Session,
    Ui,
    Exec,
    Env,
    Tool,
    Log,
}

impl Capability {
    /// Every capability, in a fixed order (the order of the bit set and of reports).
    pub const ALL: [Capability; 10] = [
        Capability::Read,
        Capability::Write,
        Capability::Http,
        Capability::Events,
        Capability::Session,
        Capability::Ui,
        Capability::Exec,
        Capability::Env,
        Capability::Tool,
        Capability::Log,
    ];

    /// Capabilities that policy denies unless the operator opts in (INV-007).
    pub const POLICY_DANGEROUS: [Capability; 2] = [Capability::Exec, Capability::Env];

    /// Capabilities the runtime risk controller treats as dangerous.
    pub const RISK_DANGEROUS: [Capability; 3] = [Capability::Exec, Capability::Env, Capability::Http];

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Read => "read",
            Capability::Write => "write",
            Capability::Http => "http",
            Capability::Events => "events",
            Capability::Session => "session",
            Capability::Ui => "ui",
            Capability::Exec => "exec",
            Capability::Env => "env",
            Capability::Tool => "tool",
            Capability::Log => "log",
        }
    }

    /// Position in [`Capability::ALL`]; used as a bit index.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_policy_dangerous(self) -> bool {
        matches!(self, Capability::Exec | Capability::Env)
    }

    pub fn is_risk_dangerous(self) -> bool {
        matches!(self, Capability::Exec | Capability::Env | Capability::Http)
    }

    /// Parse a capability name: surrounding whitespace is trimmed and case ignored.
    pub fn parse(name: &str) -> Result<Capability, CapabilityParseError> {
        let t = name.trim();
        Capability::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| CapabilityParseError(name.to_string()))
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Capability {
    type Err = CapabilityParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Capability::parse(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown capability {0:?} (expected one of: read, write, http, events, session, ui, exec, env, tool, log)")]
pub struct CapabilityParseError(pub String);

/// A compact set of capabilities (one bit each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CapabilitySet(u16);

impl CapabilitySet {
    pub const EMPTY: CapabilitySet = CapabilitySet(0);

    pub fn contains(self, cap: Capability) -> bool {
        self.0 & (1 << cap.index()) != 0
    }
    pub fn insert(&mut self, cap: Capability) {
        self.0 |= 1 << cap.index();
    }
    pub fn remove(&mut self, cap: Capability) {
        self.0 &= !(1 << cap.index());
    }
    pub fn is_empty(self) -> bool {
        self.0 & 0x3ff == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Capability> {
        Capability::ALL.into_iter().filter(move |c| self.contains(*c))
    }
    pub fn len(self) -> usize {
        (self.0 & 0x3ff).count_ones() as usize
    }
    /// Every capability of `self` or of `other` (what inserting each of
    /// `other.iter()` into `self` gives, in one operation).
    pub fn union(self, other: CapabilitySet) -> CapabilitySet {
        CapabilitySet(self.0 | (other.0 & 0x3ff))
    }
}

impl FromIterator<Capability> for CapabilitySet {
    fn from_iter<I: IntoIterator<Item = Capability>>(iter: I) -> Self {
        let mut s = CapabilitySet::EMPTY;
        for c in iter {
            s.insert(c);
        }
        s
    }
}

impl Serialize for CapabilitySet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for CapabilitySet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        names
            .iter()
            .map(|n| Capability::parse(n).map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_trims_and_ignores_case() {
        assert_eq!(Capability::parse("  EXEC \n").unwrap(), Capability::Exec);
        assert_eq!(Capability::parse("Http").unwrap(), Capability::Http);
        assert!(Capability::parse("").is_err());
        assert!(Capability::parse("exe").is_err());
        assert!(Capability::parse("session.read").is_err());
    }

    #[test]
    fn every_capability_round_trips_through_its_name() {
        for c in Capability::ALL {
            assert_eq!(Capability::parse(c.as_str()).unwrap(), c);
            assert_eq!(Capability::ALL[c.index()], c);
        }
    }

    #[test]
    fn capability_set_basics() {
        let mut s: CapabilitySet = [Capability::Exec, Capability::Env].into_iter().collect();
        assert!(s.contains(Capability::Exec) && s.contains(Capability::Env));
        assert!(!s.contains(Capability::Read));
        assert_eq!(s.len(), 2);
        s.remove(Capability::Exec);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![Capability::Env]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"["env"]"#);
        let back: CapabilitySet = serde_json::from_str(r#"[" ENV "]"#).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<CapabilitySet>(r#"["nope"]"#).is_err());
    }
}
