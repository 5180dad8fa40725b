//! A hostcall's params: the JSON value the extension sent, behind a shared
//! pointer. The ledger entry that records a call keeps the very value (a
//! reference, not a copy and not its encoded bytes) until the ledger's sealer
//! encodes and hashes it, off the call's thread (`docs/ledger-format.md`).
//!
//! A `Params` reads as a [`Value`] (it dereferences to one). Writing through
//! it copies the value first when someone else still holds it (copy on
//! write), so a caller that edits its request after the call never changes
//! what a pending ledger entry will hash (INV-012).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A hostcall's params, shared by the request and the ledger entries that
/// record it.
#[derive(Clone, Default, PartialEq)]
pub struct Params(Arc<Value>);

impl Params {
    pub fn new(value: Value) -> Self {
        Params(Arc::new(value))
    }

    /// The params as JSON.
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// Whether `self` and `other` are one value (not merely equal ones).
    pub fn is_shared_with(&self, other: &Params) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Params {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.0
    }
}

impl DerefMut for Params {
    /// Copies the value first when another holder (a ledger entry not sealed
    /// yet, a cloned request) shares it.
    fn deref_mut(&mut self) -> &mut Value {
        Arc::make_mut(&mut self.0)
    }
}

impl From<Value> for Params {
    fn from(value: Value) -> Self {
        Params::new(value)
    }
}

impl PartialEq<Value> for Params {
    fn eq(&self, other: &Value) -> bool {
        *self.0 == *other
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Params::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// INV-012: a holder's write never reaches another holder of the same
    /// params (what a pending ledger entry hashes is what the call saw).
    #[test]
    fn inv_012_writing_shared_params_copies_them_first() {
        let sent = Params::new(json!({"op": "write", "path": "a.txt"}));
        let mut edited = sent.clone();
        assert!(edited.is_shared_with(&sent));
        edited["path"] = json!("/etc/passwd");
        assert!(!edited.is_shared_with(&sent));
        assert_eq!(sent, json!({"op": "write", "path": "a.txt"}));
        assert_eq!(edited["path"], json!("/etc/passwd"));
        // A sole holder writes in place.
        let mut alone = Params::new(json!({"n": 1}));
        let before = alone.value() as *const Value;
        alone["n"] = json!(2);
        assert_eq!(alone.value() as *const Value, before);
    }

    #[test]
    fn params_serialise_as_their_value() {
        let p = Params::new(json!({"b": [1, 2], "a": "x"}));
        let text = serde_json::to_string(&p).expect("serialises");
        assert_eq!(text, serde_json::to_string(p.value()).expect("serialises"));
        let back: Params = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, p);
        assert_eq!(format!("{p:?}"), format!("{:?}", p.value()));
    }
}
