//! Capability policy (trust boundary B3): modes, profiles, per-extension
//! overrides and the precedence of `evaluate_for` (INV-003..007).
//!
//! Precedence, first match wins:
//! 0. empty or unknown capability → deny
//! 1. per-extension deny
//! 2. global `deny_caps` (exec and env are always in it unless `allow_dangerous`)
//! 3. per-extension allow
//! 4. global `default_caps`
//! 5. fallback of the effective mode (the override's mode if set, else the global one)
//!
//! Every step is a bit test after at most one hash lookup, so evaluation is O(1)
//! whatever the size of the override map.

use crate::capability::{Capability, CapabilitySet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How the policy treats a capability that no explicit rule decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum PolicyMode {
    /// Fallback deny.
    Strict,
    /// Fallback prompt (resolved to deny when nobody can answer, INV-008).
    Prompt,
    /// Fallback allow.
    Permissive,
}

impl PolicyMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyMode::Strict => "strict",
            PolicyMode::Prompt => "prompt",
            PolicyMode::Permissive => "permissive",
        }
    }
}

/// Named starting points for a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum PolicyProfile {
    /// Strict mode; read, write, http, events, session by default; exec and env denied.
    #[default]
    Safe,
    /// Prompt mode with the same lists as `Safe`.
    Standard,
    /// No default caps, fallback allow. Exec and env stay denied without `allow_dangerous`.
    Permissive,
}

impl PolicyProfile {
    pub const ALL: [PolicyProfile; 3] = [PolicyProfile::Safe, PolicyProfile::Standard, PolicyProfile::Permissive];

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyProfile::Safe => "safe",
            PolicyProfile::Standard => "standard",
            PolicyProfile::Permissive => "permissive",
        }
    }

    /// Names the reference engine's configs use for a profile, and the profile
    /// they mean. Only a name for the same or a stricter profile may be added.
    pub const ALIASES: [(&'static str, PolicyProfile); 1] = [("balanced", PolicyProfile::Standard)];

    /// Resolve a profile name or alias; an unknown name falls back to `Safe` (INV-006).
    /// The second value is false when the name was not recognised.
    pub fn resolve(name: &str) -> (PolicyProfile, bool) {
        let n = name.trim();
        let by_name = PolicyProfile::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(n));
        let by_alias = || {
            PolicyProfile::ALIASES
                .into_iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(n))
                .map(|(_, p)| p)
        };
        match by_name.or_else(by_alias) {
            Some(p) => (p, true),
            None => (PolicyProfile::Safe, false),
        }
    }

    pub fn mode(self) -> PolicyMode {
        match self {
            PolicyProfile::Safe => PolicyMode::Strict,
            PolicyProfile::Standard => PolicyMode::Prompt,
            PolicyProfile::Permissive => PolicyMode::Permissive,
        }
    }

    pub fn default_caps(self) -> CapabilitySet {
        match self {
            PolicyProfile::Safe | PolicyProfile::Standard => [
                Capability::Read,
                Capability::Write,
                Capability::Http,
                Capability::Events,
                Capability::Session,
            ]
            .into_iter()
            .collect(),
            PolicyProfile::Permissive => CapabilitySet::EMPTY,
        }
    }

    pub fn deny_caps(self) -> CapabilitySet {
        match self {
            PolicyProfile::Safe | PolicyProfile::Standard => Capability::POLICY_DANGEROUS.into_iter().collect(),
            PolicyProfile::Permissive => CapabilitySet::EMPTY,
        }
    }

    pub fn to_policy(self) -> ExtensionPolicy {
        ExtensionPolicy {
            profile: self,
            mode: self.mode(),
            default_caps: self.default_caps(),
            deny_caps: self.deny_caps(),
            allow_dangerous: false,
            per_extension: HashMap::new(),
        }
    }
}

/// Limits on one extension's calls, enforced at dispatch stage 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// Most hostcalls allowed through policy in one session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_calls: Option<u64>,
    /// Most calls allowed through policy within any 60-second span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_calls_per_minute: Option<u32>,
}

/// A per-extension adjustment; it affects only its own extension (INV-005).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ExtensionOverride {
    pub mode: Option<PolicyMode>,
    pub allow: CapabilitySet,
    pub deny: CapabilitySet,
    pub quota: Option<Quota>,
}

/// The decision of the static policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Allow,
    Prompt,
    Deny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Prompt => "prompt",
            Decision::Deny => "deny",
        }
    }
}

/// Why the policy decided as it did (stable reason codes for logs and the ledger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyReason {
    EmptyCapability,
    UnknownCapability,
    ExtensionDeny,
    DenyCaps,
    ExtensionAllow,
    DefaultCaps,
    NotInDefaultCaps,
    PromptRequired,
    Permissive,
}

impl PolicyReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyReason::EmptyCapability => "empty_capability",
            PolicyReason::UnknownCapability => "unknown_capability",
            PolicyReason::ExtensionDeny => "extension_deny",
            PolicyReason::DenyCaps => "deny_caps",
            PolicyReason::ExtensionAllow => "extension_allow",
            PolicyReason::DefaultCaps => "default_caps",
            PolicyReason::NotInDefaultCaps => "not_in_default_caps",
            PolicyReason::PromptRequired => "prompt_required",
            PolicyReason::Permissive => "permissive",
        }
    }
}

/// Which precedence step decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyRule {
    /// Step 0: no usable capability.
    InvalidCapability,
    /// Step 1.
    ExtensionDeny,
    /// Step 2.
    GlobalDenyCaps,
    /// Step 3.
    ExtensionAllow,
    /// Step 4.
    DefaultCaps,
    /// Step 5.
    ModeFallback,
}

impl PolicyRule {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRule::InvalidCapability => "invalid_capability",
            PolicyRule::ExtensionDeny => "extension_deny",
            PolicyRule::GlobalDenyCaps => "global_deny_caps",
            PolicyRule::ExtensionAllow => "extension_allow",
            PolicyRule::DefaultCaps => "default_caps",
            PolicyRule::ModeFallback => "mode_fallback",
        }
    }
}

/// The outcome of [`ExtensionPolicy::evaluate_for`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PolicyCheck {
    pub decision: Decision,
    pub reason: PolicyReason,
    pub rule: PolicyRule,
}

impl PolicyCheck {
    const fn new(decision: Decision, reason: PolicyReason, rule: PolicyRule) -> Self {
        PolicyCheck { decision, reason, rule }
    }
}

impl fmt::Display for PolicyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}, rule {})",
            self.decision.as_str(),
            self.reason.as_str(),
            self.rule.as_str()
        )
    }
}

/// A policy event that must be audit-logged when the policy is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum PolicyAuditEvent {
    /// The operator opted in to exec/env (INV-007).
    AllowDangerousEnabled,
    /// A profile name was not recognised and resolved to `safe` (INV-006).
    UnknownProfileResolvedToSafe { name: String },
}

/// The static capability policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ExtensionPolicy {
    pub profile: PolicyProfile,
    pub mode: PolicyMode,
    pub default_caps: CapabilitySet,
    pub deny_caps: CapabilitySet,
    /// Operator opt-in that lifts the built-in denial of exec and env.
    pub allow_dangerous: bool,
    pub per_extension: HashMap<String, ExtensionOverride>,
}

impl Default for ExtensionPolicy {
    /// The fail-closed safe profile (INV-006).
    fn default() -> Self {
        PolicyProfile::Safe.to_policy()
    }
}

impl ExtensionPolicy {
    /// The global deny set actually enforced: exec and env are always in it
    /// unless the operator set `allow_dangerous` (INV-007), whatever the profile.
    /// With `allow_dangerous`, `deny_caps` is enforced as written (a profile's
    /// built-in exec/env entries are lifted when the policy is built).
    pub fn effective_deny_caps(&self) -> CapabilitySet {
        let mut deny = self.deny_caps;
        if !self.allow_dangerous {
            for c in Capability::POLICY_DANGEROUS {
                deny.insert(c);
            }
        }
        deny
    }

    /// Opt in to exec/env: lift the profile's built-in denial of them (audit-logged).
    pub fn with_allow_dangerous(mut self) -> Self {
        self.allow_dangerous = true;
        for c in Capability::POLICY_DANGEROUS {
            self.deny_caps.remove(c);
        }
        self
    }

    /// Evaluate a capability given by name, as the host ABI passes it.
    /// An empty or unknown name is denied.
    pub fn evaluate_for(&self, capability: &str, extension_id: Option<&str>) -> PolicyCheck {
        if capability.trim().is_empty() {
            return PolicyCheck::new(
                Decision::Deny,
                PolicyReason::EmptyCapability,
                PolicyRule::InvalidCapability,
            );
        }
        match Capability::parse(capability) {
            Ok(cap) => self.evaluate(cap, extension_id),
            Err(_) => PolicyCheck::new(
                Decision::Deny,
                PolicyReason::UnknownCapability,
                PolicyRule::InvalidCapability,
            ),
        }
    }

    /// The override of an extension: by its id as given, else by its normalised id
    /// (trimmed, case-folded; config keys are normalised when the policy is built).
    fn override_for(&self, extension_id: &str) -> Option<&ExtensionOverride> {
        if self.per_extension.is_empty() {
            return None;
        }
        self.per_extension
            .get(extension_id)
            .or_else(|| match normalize_extension_id(extension_id) {
                std::borrow::Cow::Owned(n) => self.per_extension.get(&n),
                std::borrow::Cow::Borrowed(_) => None,
            })
    }

    /// Evaluate a typed capability for an extension (None = no extension context).
    pub fn evaluate(&self, cap: Capability, extension_id: Option<&str>) -> PolicyCheck {
        let ov = extension_id.and_then(|id| self.override_for(id));
        if let Some(ov) = ov {
            if ov.deny.contains(cap) {
                return PolicyCheck::new(Decision::Deny, PolicyReason::ExtensionDeny, PolicyRule::ExtensionDeny);
            }
        }
        if self.effective_deny_caps().contains(cap) {
            return PolicyCheck::new(Decision::Deny, PolicyReason::DenyCaps, PolicyRule::GlobalDenyCaps);
        }
        if let Some(ov) = ov {
            if ov.allow.contains(cap) {
                return PolicyCheck::new(
                    Decision::Allow,
                    PolicyReason::ExtensionAllow,
                    PolicyRule::ExtensionAllow,
                );
            }
        }
        if self.default_caps.contains(cap) {
            return PolicyCheck::new(Decision::Allow, PolicyReason::DefaultCaps, PolicyRule::DefaultCaps);
        }
        let mode = ov.and_then(|o| o.mode).unwrap_or(self.mode);
        match mode {
            PolicyMode::Strict => {
                PolicyCheck::new(Decision::Deny, PolicyReason::NotInDefaultCaps, PolicyRule::ModeFallback)
            }
            PolicyMode::Prompt => {
                PolicyCheck::new(Decision::Prompt, PolicyReason::PromptRequired, PolicyRule::ModeFallback)
            }
            PolicyMode::Permissive => {
                PolicyCheck::new(Decision::Allow, PolicyReason::Permissive, PolicyRule::ModeFallback)
            }
        }
    }

    /// The quota of an extension, if its override sets one.
    pub fn quota_for(&self, extension_id: &str) -> Option<Quota> {
        self.override_for(extension_id).and_then(|o| o.quota)
    }

    /// Events the loader must audit-log for this policy.
    pub fn audit_events(&self) -> Vec<PolicyAuditEvent> {
        let mut ev = Vec::new();
        if self.allow_dangerous {
            ev.push(PolicyAuditEvent::AllowDangerousEnabled);
        }
        ev
    }

    /// The serialisable form of this policy (overrides sorted by extension id).
    pub fn to_config(&self) -> PolicyConfig {
        PolicyConfig {
            profile: Some(self.profile.as_str().to_string()),
            mode: Some(self.mode),
            default_caps: Some(self.default_caps),
            deny_caps: Some(self.deny_caps),
            allow_dangerous: self.allow_dangerous,
            extensions: self
                .per_extension
                .iter()
                .map(|(id, o)| {
                    (
                        id.clone(),
                        OverrideConfig {
                            mode: o.mode,
                            allow: o.allow,
                            deny: o.deny,
                            quota: o.quota,
                        },
                    )
                })
                .collect(),
        }
    }
}

/// The file form of one per-extension override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OverrideConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<PolicyMode>,
    #[serde(default)]
    pub allow: CapabilitySet,
    #[serde(default)]
    pub deny: CapabilitySet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Quota>,
}

/// The file form of a policy (the `[policy]` section of a config file).
/// Unset fields take the profile's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// safe | standard | permissive; an unknown name resolves to safe (INV-006).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<PolicyMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_caps: Option<CapabilitySet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deny_caps: Option<CapabilitySet>,
    #[serde(default)]
    pub allow_dangerous: bool,
    #[serde(default)]
    pub extensions: BTreeMap<String, OverrideConfig>,
}

impl PolicyConfig {
    /// Build the policy; also returns the audit events of the build.
    pub fn build(&self) -> (ExtensionPolicy, Vec<PolicyAuditEvent>) {
        let mut audit = Vec::new();
        let profile = match &self.profile {
            None => PolicyProfile::Safe,
            Some(name) => {
                let (p, known) = PolicyProfile::resolve(name);
                if !known {
                    audit.push(PolicyAuditEvent::UnknownProfileResolvedToSafe { name: name.clone() });
                }
                p
            }
        };
        let mut policy = profile.to_policy();
        if let Some(m) = self.mode {
            policy.mode = m;
        }
        if let Some(d) = self.default_caps {
            policy.default_caps = d;
        }
        if self.allow_dangerous {
            policy = policy.with_allow_dangerous();
        }
        // Explicit deny_caps are enforced as written, also with allow_dangerous.
        if let Some(d) = self.deny_caps {
            policy.deny_caps = d;
        }
        // Ids are normalised once here (issue 14): an override for `Foo ` governs
        // `foo`. Two keys that normalise alike merge: allows and denies unite (a
        // deny still wins), the first mode and quota in key order are kept.
        policy.per_extension = HashMap::new();
        for (id, o) in &self.extensions {
            let e = policy
                .per_extension
                .entry(normalize_extension_id(id).into_owned())
                .or_default();
            for c in o.allow.iter() {
                e.allow.insert(c);
            }
            for c in o.deny.iter() {
                e.deny.insert(c);
            }
            e.mode = e.mode.or(o.mode);
            e.quota = e.quota.or(o.quota);
        }
        audit.extend(policy.audit_events());
        (policy, audit)
    }
}

/// An extension id as the engine keys it: surrounding whitespace trimmed and
/// case-folded (`"Foo "` → `"foo"`). Borrowed when already normal.
pub fn normalize_extension_id(id: &str) -> std::borrow::Cow<'_, str> {
    // The common id, ASCII with no capital and no space at either end, is
    // already normal: one pass over its bytes.
    let b = id.as_bytes();
    let edge_is_space = |c: Option<&u8>| c.is_some_and(|&c| char::from(c).is_whitespace());
    if b.iter().all(|&c| c.is_ascii() && !c.is_ascii_uppercase())
        && !edge_is_space(b.first())
        && !edge_is_space(b.last())
    {
        return std::borrow::Cow::Borrowed(id);
    }
    // Anything else is compared with its lower-cased form itself: a test
    // for capitals alone misses the titlecase letters (`ǅ`, `ᾈ`), which are
    // not uppercase yet change under lower-casing, and would leave one
    // extension under two ids (a per-extension deny or a termination
    // dodged by spelling the id another way).
    let t = id.trim();
    let lower = t.to_lowercase();
    if t.len() == id.len() && lower == t {
        std::borrow::Cow::Borrowed(id)
    } else {
        std::borrow::Cow::Owned(lower)
    }
}

// ---------------------------------------------------------------------------
// Prompt resolution (INV-008)
// ---------------------------------------------------------------------------

/// How a `Prompt` decision was resolved into allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromptResolution {
    PromptCacheAllow,
    PromptCacheDeny,
    PromptUserAllow,
    PromptUserDeny,
    /// No prompt handler or UI was available: fail closed.
    NoPromptHandler,
}

impl PromptResolution {
    pub fn as_str(self) -> &'static str {
        match self {
            PromptResolution::PromptCacheAllow => "prompt_cache_allow",
            PromptResolution::PromptCacheDeny => "prompt_cache_deny",
            PromptResolution::PromptUserAllow => "prompt_user_allow",
            PromptResolution::PromptUserDeny => "prompt_user_deny",
            PromptResolution::NoPromptHandler => "no_prompt_handler",
        }
    }

    pub fn allowed(self) -> bool {
        matches!(
            self,
            PromptResolution::PromptCacheAllow | PromptResolution::PromptUserAllow
        )
    }
}

/// Something that can ask a person whether an extension may use a capability.
pub trait PromptHandler {
    /// Return `Some(true)` to allow, `Some(false)` to deny, `None` when no answer can be had.
    fn ask(&mut self, extension_id: &str, cap: Capability) -> Option<bool>;
    /// The same question naming the resource class (`prog:curl`, `host:x.example`,
    /// `path:src`; see crate::resource). Defaults to [`PromptHandler::ask`].
    fn ask_resource(&mut self, extension_id: &str, cap: Capability, resource: &str) -> Option<bool> {
        let _ = resource;
        self.ask(extension_id, cap)
    }
}

/// Remembered prompt answers, per (extension, capability, resource class): a
/// "yes" for `exec` of `cargo` does not cover `curl` (issue 14). The methods
/// without a resource use the capability-wide class `""`.
#[derive(Debug, Clone, Default)]
pub struct PromptCache {
    answers: HashMap<(String, Capability, String), bool>,
}

impl PromptCache {
    pub fn get(&self, extension_id: &str, cap: Capability) -> Option<bool> {
        self.get_in(extension_id, cap, "")
    }
    pub fn insert(&mut self, extension_id: &str, cap: Capability, allow: bool) {
        self.insert_in(extension_id, cap, "", allow);
    }
    pub fn get_in(&self, extension_id: &str, cap: Capability, resource: &str) -> Option<bool> {
        self.answers
            .get(&(extension_id.to_string(), cap, resource.to_string()))
            .copied()
    }
    pub fn insert_in(&mut self, extension_id: &str, cap: Capability, resource: &str, allow: bool) {
        self.answers
            .insert((extension_id.to_string(), cap, resource.to_string()), allow);
    }
    pub fn len(&self) -> usize {
        self.answers.len()
    }
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
    /// Forget every answer (the dispatcher does so past its bound).
    pub fn clear(&mut self) {
        self.answers.clear();
    }
}

/// Resolve a prompt: the cache first, then the handler; with neither, deny.
/// A user answer is remembered in the cache.
pub fn resolve_prompt(
    extension_id: &str,
    cap: Capability,
    cache: &mut PromptCache,
    handler: Option<&mut dyn PromptHandler>,
) -> PromptResolution {
    resolve_prompt_in(extension_id, cap, "", cache, handler)
}

/// [`resolve_prompt`] for one resource class: the cache is looked up and filled
/// under (extension, capability, resource).
pub fn resolve_prompt_in(
    extension_id: &str,
    cap: Capability,
    resource: &str,
    cache: &mut PromptCache,
    handler: Option<&mut dyn PromptHandler>,
) -> PromptResolution {
    if let Some(allow) = cache.get_in(extension_id, cap, resource) {
        return if allow {
            PromptResolution::PromptCacheAllow
        } else {
            PromptResolution::PromptCacheDeny
        };
    }
    let Some(h) = handler else {
        return PromptResolution::NoPromptHandler;
    };
    match h.ask_resource(extension_id, cap, resource) {
        Some(true) => {
            cache.insert_in(extension_id, cap, resource, true);
            PromptResolution::PromptUserAllow
        }
        Some(false) => {
            cache.insert_in(extension_id, cap, resource, false);
            PromptResolution::PromptUserDeny
        }
        None => PromptResolution::NoPromptHandler,
    }
}

/// The SLO-04 worst-case workload shared by the `policy_eval` bench and the
/// scorecard's timing probe: the standard profile with `n` per-extension
/// overrides (modes, allows and denies varied by index), and the override ids.
pub fn slo_04_worst_case_policy(n: usize) -> (ExtensionPolicy, Vec<String>) {
    let mut p = PolicyProfile::Standard.to_policy();
    let ids: Vec<String> = (0..n).map(|i| format!("community.extension-{i:05}")).collect();
    let caps = Capability::ALL;
    for (i, id) in ids.iter().enumerate() {
        p.per_extension.insert(
            id.clone(),
            ExtensionOverride {
                mode: Some([PolicyMode::Strict, PolicyMode::Prompt, PolicyMode::Permissive][i % 3]),
                allow: CapabilitySet::from_iter([caps[i % caps.len()], caps[(i + 3) % caps.len()]]),
                deny: CapabilitySet::from_iter([caps[(i + 5) % caps.len()]]),
                quota: None,
            },
        );
    }
    (p, ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_ids_are_normalised_once_at_build() {
        let cfg: PolicyConfig = toml::from_str(
            "profile = \"standard\"\n[extensions.\"Foo \"]\ndeny = [\"ui\"]\n[extensions.foo]\nallow = [\"http\"]\n",
        )
        .unwrap();
        let (p, _) = cfg.build();
        assert_eq!(p.per_extension.len(), 1, "`Foo ` and `foo` are one extension");
        for id in ["foo", "Foo", "foo ", " FOO"] {
            assert_eq!(p.evaluate(Capability::Ui, Some(id)).decision, Decision::Deny, "{id:?}");
            assert_eq!(
                p.evaluate(Capability::Http, Some(id)).reason,
                PolicyReason::ExtensionAllow,
                "{id:?}"
            );
        }
        assert_eq!(p.evaluate(Capability::Ui, Some("bar")).decision, Decision::Prompt);
        assert_eq!(normalize_extension_id("abc"), "abc");
    }

    /// INV-005: one extension, one id: every spelling normalises to the id
    /// trimmed of Unicode white space and in lower case, whether it takes the
    /// all-ASCII shortcut or not.
    #[test]
    fn inv_005_extension_ids_normalise_to_trimmed_lower_case() {
        let ids = [
            "",
            " ",
            "abc",
            "a.b-c_d",
            "ABC",
            "aBc",
            "abc ",
            " abc",
            "\u{b}abc",
            "abc\u{b}",
            "\tabc\n",
            "a b",
            "ä",
            "Ä",
            "straße",
            "\u{a0}abc",
            "abc\u{3000}",
            "Σίσυφος",
            "@scope/pkg",
            "x\u{7f}",
            // Titlecase letters: not uppercase, yet lower-casing changes them.
            "ǅ",
            "xǅ",
            "Xǅ",
            "xᾈ",
            "ǲ-ext",
        ];
        for id in ids {
            assert_eq!(normalize_extension_id(id), id.trim().to_lowercase(), "{id:?}");
        }
    }

    /// INV-005: a per-extension rule keyed by an id with a titlecase letter
    /// (`ǅ`, which lower-cases to `ǆ`) holds for every spelling of that id.
    #[test]
    fn inv_005_titlecase_spellings_of_an_id_share_its_rules() {
        let cfg: PolicyConfig =
            toml::from_str("profile = \"permissive\"\n[extensions.\"xǅ-ext\"]\ndeny = [\"read\"]\n").unwrap();
        let (p, _) = cfg.build();
        for id in ["xǅ-ext", "Xǅ-ext", "XǄ-EXT", "xǆ-ext", " xǅ-ext "] {
            let check = p.evaluate(Capability::Read, Some(id));
            assert_eq!(check.decision, Decision::Deny, "{id:?}");
            assert_eq!(check.reason, PolicyReason::ExtensionDeny, "{id:?}");
        }
    }

    #[test]
    fn safe_profile_table() {
        let p = ExtensionPolicy::default();
        for cap in Capability::ALL {
            let c = p.evaluate(cap, None);
            let expect = match cap {
                Capability::Exec | Capability::Env => Decision::Deny,
                Capability::Read | Capability::Write | Capability::Http | Capability::Events | Capability::Session => {
                    Decision::Allow
                }
                _ => Decision::Deny,
            };
            assert_eq!(c.decision, expect, "{cap}");
        }
    }

    #[test]
    fn standard_profile_prompts_for_unlisted() {
        let p = PolicyProfile::Standard.to_policy();
        assert_eq!(p.evaluate(Capability::Ui, None).decision, Decision::Prompt);
        assert_eq!(p.evaluate(Capability::Exec, None).decision, Decision::Deny);
    }

    #[test]
    fn inv_006_reference_profile_aliases_resolve_and_unknown_names_fall_back_to_safe() {
        assert_eq!(PolicyProfile::resolve(" Balanced "), (PolicyProfile::Standard, true));
        assert_eq!(PolicyProfile::resolve("standard"), (PolicyProfile::Standard, true));
        assert_eq!(PolicyProfile::resolve("balance"), (PolicyProfile::Safe, false));
        let (p, audit) = PolicyConfig {
            profile: Some("balanced".into()),
            ..PolicyConfig::default()
        }
        .build();
        assert_eq!(
            (p.profile, p.mode, audit.len()),
            (PolicyProfile::Standard, PolicyMode::Prompt, 0)
        );
        let (p, audit) = PolicyConfig {
            profile: Some("yolo".into()),
            ..PolicyConfig::default()
        }
        .build();
        assert_eq!(p.profile, PolicyProfile::Safe);
        assert_eq!(
            audit,
            vec![PolicyAuditEvent::UnknownProfileResolvedToSafe { name: "yolo".into() }]
        );
        // An alias never names a looser profile than the one it stands for.
        for (_, target) in PolicyProfile::ALIASES {
            assert_ne!(target, PolicyProfile::Permissive);
        }
    }

    #[test]
    fn override_mode_applies_to_fallback_only() {
        let mut p = ExtensionPolicy::default();
        p.per_extension.insert(
            "x".into(),
            ExtensionOverride {
                mode: Some(PolicyMode::Permissive),
                ..Default::default()
            },
        );
        let c = p.evaluate(Capability::Ui, Some("x"));
        assert_eq!((c.decision, c.rule), (Decision::Allow, PolicyRule::ModeFallback));
        assert_eq!(p.evaluate(Capability::Exec, Some("x")).decision, Decision::Deny);
        assert_eq!(p.evaluate(Capability::Ui, Some("y")).decision, Decision::Deny);
    }

    #[test]
    fn prompt_resolution_order() {
        struct Yes;
        impl PromptHandler for Yes {
            fn ask(&mut self, _: &str, _: Capability) -> Option<bool> {
                Some(true)
            }
        }
        let mut cache = PromptCache::default();
        assert_eq!(
            resolve_prompt("e", Capability::Ui, &mut cache, None),
            PromptResolution::NoPromptHandler
        );
        let mut h = Yes;
        assert_eq!(
            resolve_prompt("e", Capability::Ui, &mut cache, Some(&mut h)),
            PromptResolution::PromptUserAllow
        );
        assert_eq!(
            resolve_prompt("e", Capability::Ui, &mut cache, None),
            PromptResolution::PromptCacheAllow
        );
        cache.insert("e", Capability::Tool, false);
        assert_eq!(
            resolve_prompt("e", Capability::Tool, &mut cache, Some(&mut h)),
            PromptResolution::PromptCacheDeny
        );
    }
}
