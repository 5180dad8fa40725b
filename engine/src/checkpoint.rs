//! Signed ledger checkpoints (SLO-09, INV-010): the ledger's "signed tree head".
//!
//! Owns: the Ed25519 signing key derived from operator-supplied seed bytes (no
//! OS randomness in the engine), the public key and its short id, the
//! [`Checkpoint`] record, its canonical signed bytes, signing and signature
//! checking. A checkpoint binds the chain position (`end` = entries since
//! genesis, `head` = hash of entry `end - 1`), the kept window (`first_index`,
//! `anchor`), the config digest, the checkpoint interval and the trace time, so a
//! holder of the public key detects truncation, prefix removal and rewriting
//! between checkpoints. docs/ledger-format.md describes the bytes.

use crate::ledger::hex;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// Domain tag of the key derivation from a seed.
pub const KEY_DOMAIN_TAG: &[u8] = b"seclab.ledger.key.v1";
/// Domain tag that starts every checkpoint's signed bytes.
pub const CHECKPOINT_DOMAIN_TAG: &[u8] = b"seclab.ledger.checkpoint.v1";

/// Periodic (every `every` entries, written as the ledger grows) or head (the
/// closing one an export ends with, covering the whole exported window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckpointKind {
    Periodic,
    Head,
}

impl CheckpointKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckpointKind::Periodic => "periodic",
            CheckpointKind::Head => "head",
        }
    }
}

/// One signed statement about the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    pub kind: CheckpointKind,
    /// Entries since genesis covered: the next index to be written.
    pub end: u64,
    /// Hash of entry `end - 1` (the anchor when the window is empty).
    pub head: String,
    /// First kept index when signed.
    pub first_index: u64,
    /// The anchor when signed (prev hash of entry `first_index`).
    pub anchor: String,
    /// sha256 of the engine config that produced the decisions (empty: unbound).
    pub config_digest: String,
    /// The checkpoint interval in force (0: periodic checkpoints off).
    pub every: u64,
    /// Trace time of entry `end - 1` (0 for an empty ledger).
    pub ts_ms: u64,
    /// First 16 hex digits of sha256(public key).
    pub key_id: String,
    /// Ed25519 signature over [`Checkpoint::signed_bytes`], lowercase hex.
    pub signature: String,
}

impl Checkpoint {
    /// The canonical bytes a checkpoint's signature covers (length-prefixed
    /// strings, big-endian integers; the same conventions as entry hashing).
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(320);
        let mut bytes = |b: &[u8]| {
            out.extend_from_slice(&(b.len() as u32).to_be_bytes());
            out.extend_from_slice(b);
        };
        bytes(CHECKPOINT_DOMAIN_TAG);
        bytes(self.kind.as_str().as_bytes());
        bytes(&self.end.to_be_bytes());
        bytes(self.head.as_bytes());
        bytes(&self.first_index.to_be_bytes());
        bytes(self.anchor.as_bytes());
        bytes(self.config_digest.as_bytes());
        bytes(&self.every.to_be_bytes());
        bytes(&self.ts_ms.to_be_bytes());
        bytes(self.key_id.as_bytes());
        out
    }
}

/// Why a checkpoint's signature does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureProblem {
    /// Signed by another key (its `key_id` is not the given key's).
    KeyMismatch,
    /// Malformed or wrong signature.
    Invalid,
}

/// The public half, as read from a key file (64 hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerPublicKey(VerifyingKey);

impl LedgerPublicKey {
    /// Parse 64 hex digits (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let raw = unhex(text.trim()).ok_or("public key: expected 64 hex digits")?;
        let arr: [u8; 32] = raw
            .try_into()
            .map_err(|_| "public key: expected 32 bytes (64 hex digits)")?;
        VerifyingKey::from_bytes(&arr)
            .map(LedgerPublicKey)
            .map_err(|_| "public key: not a valid Ed25519 point".to_string())
    }

    pub fn to_hex(&self) -> String {
        hex(self.0.as_bytes())
    }

    /// First 16 hex digits of sha256 of the key bytes.
    pub fn key_id(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))[..16].to_string()
    }

    /// Check one checkpoint's key id and signature.
    pub fn check(&self, cp: &Checkpoint) -> Result<(), SignatureProblem> {
        if cp.key_id != self.key_id() {
            return Err(SignatureProblem::KeyMismatch);
        }
        let raw = unhex(&cp.signature).ok_or(SignatureProblem::Invalid)?;
        let arr: [u8; 64] = raw.try_into().map_err(|_| SignatureProblem::Invalid)?;
        self.0
            .verify(&cp.signed_bytes(), &Signature::from_bytes(&arr))
            .map_err(|_| SignatureProblem::Invalid)
    }
}

impl fmt::Display for LedgerPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// The signing half. Derived deterministically from seed bytes the operator
/// keeps (a key file): `sha256(KEY_DOMAIN_TAG ‖ seed)` is the Ed25519 secret.
#[derive(Clone)]
pub struct LedgerSigner {
    key: SigningKey,
    key_id: String,
}

impl fmt::Debug for LedgerSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LedgerSigner")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl LedgerSigner {
    /// Derive a key from seed bytes (at least 16 bytes, so a key is never guessable
    /// from a short word).
    pub fn from_seed(seed: &[u8]) -> Result<Self, String> {
        if seed.len() < 16 {
            return Err(format!(
                "signing seed too short: {} bytes, need at least 16",
                seed.len()
            ));
        }
        let mut h = Sha256::new();
        h.update(KEY_DOMAIN_TAG);
        h.update(seed);
        let secret: [u8; 32] = h.finalize().into();
        let key = SigningKey::from_bytes(&secret);
        let key_id = LedgerPublicKey(key.verifying_key()).key_id();
        Ok(LedgerSigner { key, key_id })
    }

    pub fn public_key(&self) -> LedgerPublicKey {
        LedgerPublicKey(self.key.verifying_key())
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Fill in `key_id` and `signature`.
    pub fn sign(&self, mut cp: Checkpoint) -> Checkpoint {
        cp.key_id = self.key_id.clone();
        cp.signature = hex(&self.key.sign(&cp.signed_bytes()).to_bytes());
        cp
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let nib = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    s.as_bytes()
        .chunks(2)
        .map(|p| Some(nib(p[0])? << 4 | nib(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp() -> Checkpoint {
        Checkpoint {
            kind: CheckpointKind::Head,
            end: 3,
            head: "ab".repeat(32),
            first_index: 0,
            anchor: "0".repeat(64),
            config_digest: "cd".repeat(32),
            every: 64,
            ts_ms: 99,
            key_id: String::new(),
            signature: String::new(),
        }
    }

    #[test]
    fn inv_010_sign_and_check_round_trip_and_bind_every_field() {
        let s = LedgerSigner::from_seed(b"a test seed of some length").unwrap();
        let pk = LedgerPublicKey::from_hex(&s.public_key().to_hex()).unwrap();
        let signed = s.sign(cp());
        assert_eq!(pk.check(&signed), Ok(()));
        let mut forged = signed.clone();
        forged.end = 2;
        assert_eq!(pk.check(&forged), Err(SignatureProblem::Invalid));
        let mut forged = signed.clone();
        forged.kind = CheckpointKind::Periodic;
        assert_eq!(pk.check(&forged), Err(SignatureProblem::Invalid));
        let other = LedgerSigner::from_seed(b"another seed, also long").unwrap();
        assert_eq!(other.public_key().check(&signed), Err(SignatureProblem::KeyMismatch));
        // A signature by another key relabelled with this key's id still fails.
        let mut relabelled = other.sign(cp());
        relabelled.key_id = s.key_id().to_string();
        assert_eq!(pk.check(&relabelled), Err(SignatureProblem::Invalid));
        assert!(LedgerSigner::from_seed(b"short").is_err());
        assert!(LedgerPublicKey::from_hex("xyz").is_err());
    }
}
