//! [`Secret`]: a string that is sent where it must go and nowhere else.

use crate::convert::FromValid;
use crate::error::ValidationError;
use crate::path::Path;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// A secret string (an access token, an API key, a client secret, a connection's
/// password). Its `Debug` output is `Secret(***)`; it has no `Display`, so it cannot end
/// up in a message or a log line by accident. It serialises as the string itself (so a
/// request body carries it) and deserialises from a string.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

impl FromValid for Secret {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        match value {
            Value::String(s) => Ok(Secret::new(s)),
            _ => Err(crate::convert::unrepresentable(at, "Secret")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_and_the_wire_carries_the_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret(***))");
        assert_eq!(serde_json::to_value(&s).ok(), Some(Value::from("hunter2")));
        let back: Result<Secret, _> = serde_json::from_value(Value::from("hunter2"));
        assert_eq!(back.ok().as_ref().map(Secret::expose), Some("hunter2"));
        let at = Path::root();
        assert!(Secret::from_valid(Value::from(1), &at).is_err());
    }
}
