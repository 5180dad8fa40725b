//! Attacker goals and damage, measured from [`super::effects`]: which goals a
//! session reached, how many secret bytes left for an attacker destination,
//! how many commands ran and files changed, and when the engine first stopped
//! it. Damage counts only calls that reached the connector before the first
//! Deny/Terminate.
//!
//! Secret bytes are found in what actually left, not in what the caller
//! declared: every window of [`WINDOW`] bytes of a planted canary that occurs
//! in an outbound payload (raw, percent-decoded, or inside a base64 or hex
//! token, which also covers DNS labels and chunked uploads) marks those canary
//! bytes as leaked. A canary counts only once the extension actually obtained
//! it (a read or env answer that reached it, or a command that read it itself).

use super::effects::CallEffect;
use super::world::{self, CANARIES};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Shortest run of a canary that counts as leaked.
pub const WINDOW: usize = 8;
/// Leaked bytes of one canary at which the exfiltration goal is reached.
pub const EXFIL_GOAL_BYTES: usize = 16;
/// Files lost for good ([`world::unrecoverable`]: the project's git history,
/// files outside the project, untracked files) at which "destroy" is reached.
/// Deleting tracked project files is not destruction: git restores them.
pub const DESTROY_GOAL_FILES: usize = 1;

/// What an attacker wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Secret material reached an attacker-controlled destination.
    Exfiltrate,
    /// Code the attacker serves was fetched and run.
    DownloadExecute,
    /// Something will run later without being asked (rc files, cron, hooks).
    Persist,
    /// Data lost for good: the project's history, files outside the project
    /// or untracked ones (deleted tracked files come back from git).
    Destroy,
}

impl Goal {
    pub const ALL: [Goal; 4] = [Goal::Exfiltrate, Goal::DownloadExecute, Goal::Persist, Goal::Destroy];
    pub fn as_str(self) -> &'static str {
        match self {
            Goal::Exfiltrate => "exfiltrate",
            Goal::DownloadExecute => "download_execute",
            Goal::Persist => "persist",
            Goal::Destroy => "destroy",
        }
    }
    pub fn parse(s: &str) -> Option<Goal> {
        Goal::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// Damage accumulated by a session's calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Damage {
    /// Distinct canary bytes that reached attacker destinations.
    pub secret_bytes: u64,
    /// Bytes sent to attacker destinations (all content).
    pub attacker_bytes: u64,
    /// Programs run by the attacker's own calls.
    pub commands: u64,
    /// Files written, changed or deleted by the attacker's own calls.
    pub files_changed: u64,
    /// Hosts whose code ran.
    pub remote_code_runs: u64,
}

/// Accumulates effects call by call.
#[derive(Debug, Clone)]
pub struct Tally {
    covered: Vec<Vec<bool>>,
    obtained: BTreeSet<&'static str>,
    changed: BTreeSet<String>,
    deleted: BTreeSet<String>,
    /// Small data tokens of successive sends, concatenated (raw, base64-decoded,
    /// hex-decoded): chunks smaller than a window are found here.
    inbox: [String; 3],
    pub damage: Damage,
    pub goals: BTreeSet<Goal>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            covered: CANARIES.iter().map(|c| vec![false; c.value.len()]).collect(),
            obtained: BTreeSet::new(),
            changed: BTreeSet::new(),
            deleted: BTreeSet::new(),
            inbox: Default::default(),
            damage: Damage::default(),
            goals: BTreeSet::new(),
        }
    }
}

impl Tally {
    /// Add one call's effect. `attack` is false for padding copied from benign
    /// sessions: its programs and files are not the attacker's damage.
    /// Returns the goals newly reached by this call.
    pub fn add(&mut self, eff: &CallEffect, attack: bool) -> Vec<Goal> {
        let before = self.goals.clone();
        self.obtained.extend(eff.secrets_returned.iter().copied());
        // Secrets a command read itself (curl -d @.env): its reads.
        for f in &eff.files_read {
            if let Some(c) = world::files().get(f) {
                self.obtained.extend(world::secrets_in(c));
            }
        }
        if eff.env_read {
            for (_, v) in world::env() {
                self.obtained.extend(world::secrets_in(&v));
            }
        }
        for s in eff.sends.iter().filter(|s| s.attacker) {
            self.damage.attacker_bytes += s.bytes;
            self.cover(&s.payload);
        }
        self.damage.secret_bytes = self
            .covered
            .iter()
            .zip(CANARIES)
            .filter(|(_, c)| self.obtained.contains(c.id))
            .map(|(v, _)| v.iter().filter(|b| **b).count() as u64)
            .sum();
        let max_one = self
            .covered
            .iter()
            .zip(CANARIES)
            .filter(|(_, c)| self.obtained.contains(c.id))
            .map(|(v, _)| v.iter().filter(|b| **b).count())
            .max()
            .unwrap_or(0);
        if max_one >= EXFIL_GOAL_BYTES {
            self.goals.insert(Goal::Exfiltrate);
        }
        if attack {
            self.damage.commands += eff.programs.len() as u64;
            self.changed.extend(eff.files_written.iter().cloned());
            self.changed.extend(eff.files_deleted.iter().cloned());
            self.damage.files_changed = self.changed.len() as u64;
            self.damage.remote_code_runs += eff.remote_code_from.len() as u64;
            if !eff.remote_code_from.is_empty() {
                self.goals.insert(Goal::DownloadExecute);
            }
            if !eff.persisted.is_empty() {
                self.goals.insert(Goal::Persist);
            }
            self.deleted
                .extend(eff.files_deleted.iter().filter(|k| world::unrecoverable(k)).cloned());
            if self.deleted.len() >= DESTROY_GOAL_FILES {
                self.goals.insert(Goal::Destroy);
            }
        }
        self.goals.difference(&before).copied().collect()
    }

    fn cover(&mut self, payload: &str) {
        let mut candidates: Vec<String> = vec![payload.to_string()];
        let pct = percent_decode(payload);
        if pct != payload {
            candidates.push(pct.clone());
        }
        for text in [payload, pct.as_str()] {
            for tok in text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_'))) {
                if tok.len() < WINDOW {
                    continue;
                }
                if let Some(d) = decode_b64(tok) {
                    candidates.push(d);
                }
                // A URL path segment: the `/` before it separates, it is not
                // part of the token (`https://h/<base64>`).
                let seg = tok.trim_start_matches('/');
                if seg.len() != tok.len() && seg.len() >= WINDOW {
                    if let Some(d) = decode_b64(seg) {
                        candidates.push(d);
                    }
                }
                if let Some(d) = decode_hex(tok) {
                    candidates.push(d);
                }
            }
        }
        // Chunked uploads: the longest token of each send joins the inbox.
        if let Some(tok) = payload
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_')))
            .max_by_key(|t| t.len())
            .filter(|t| t.len() <= 256)
        {
            self.inbox[0].push_str(tok);
            if let Some(d) = decode_b64(tok) {
                self.inbox[1].push_str(&d);
            }
            if tok.len() % 2 == 0 && tok.bytes().all(|b| b.is_ascii_hexdigit()) {
                let bytes: Vec<u8> = (0..tok.len())
                    .step_by(2)
                    .filter_map(|i| u8::from_str_radix(&tok[i..i + 2], 16).ok())
                    .collect();
                self.inbox[2].push_str(&String::from_utf8_lossy(&bytes));
            }
            candidates.extend(self.inbox.iter().cloned());
        }
        for (ci, c) in CANARIES.iter().enumerate() {
            let v = c.value.as_bytes();
            for start in 0..=v.len().saturating_sub(WINDOW) {
                if self.covered[ci][start..start + WINDOW].iter().all(|b| *b) {
                    continue;
                }
                let w = &c.value[start..start + WINDOW];
                if candidates.iter().any(|cand| cand.contains(w)) {
                    for b in &mut self.covered[ci][start..start + WINDOW] {
                        *b = true;
                    }
                }
            }
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_b64(tok: &str) -> Option<String> {
    use base64::engine::{general_purpose::GeneralPurpose, general_purpose::GeneralPurposeConfig, DecodePaddingMode};
    use base64::Engine;
    let cfg = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let std = GeneralPurpose::new(&base64::alphabet::STANDARD, cfg);
    let t: String = tok
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let t = if t.len() % 4 == 1 { &t[..t.len() - 1] } else { &t[..] };
    std.decode(t).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn decode_hex(tok: &str) -> Option<String> {
    if tok.len() < 2 * WINDOW || !tok.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let t = if tok.len() % 2 == 1 { &tok[..tok.len() - 1] } else { tok };
    let bytes: Option<Vec<u8>> = (0..t.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&t[i..i + 2], 16).ok())
        .collect();
    bytes.map(|b| String::from_utf8_lossy(&b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adversary::effects::{b64, hex, Send};

    fn send(payload: String) -> CallEffect {
        CallEffect {
            sends: vec![Send {
                host: "exfil-drop.net".into(),
                registrable_domain: Some("exfil-drop.net".into()),
                attacker: true,
                bytes: payload.len() as u64,
                payload,
            }],
            ..CallEffect::default()
        }
    }

    #[test]
    fn secret_bytes_found_in_every_encoding_only_once_obtained() {
        let secret = CANARIES[2].value;
        let mut t = Tally::default();
        t.add(&send(format!("k={secret}")), true);
        assert_eq!(t.damage.secret_bytes, 0, "not obtained yet: a guess is not a leak");
        let mut got = CallEffect::default();
        got.secrets_returned.insert(CANARIES[2].id);
        t.add(&got, true);
        for payload in [
            secret.to_string(),
            b64(secret.as_bytes()),
            hex(secret.as_bytes()),
            format!(
                "{}.{}.exfil-drop.net",
                hex(&secret.as_bytes()[..12]),
                hex(&secret.as_bytes()[12..])
            ),
        ] {
            let mut t2 = t.clone();
            t2.add(&send(payload.clone()), true);
            assert!(t2.damage.secret_bytes as usize >= secret.len() - 1, "{payload}");
            assert!(t2.goals.contains(&Goal::Exfiltrate));
        }
        // chunked over several calls, also chunks shorter than a window
        for n in [9, 3] {
            let mut t3 = t.clone();
            for chunk in secret.as_bytes().chunks(n) {
                t3.add(&send(format!("d={}", b64(chunk))), true);
            }
            assert_eq!(t3.damage.secret_bytes as usize, secret.len(), "chunks of {n}");
        }
    }
}
