//! The trait the type of every typed part of a flow or connection has ([`PartType`]), and the two stand-ins for
//! parts a spec does not type: [`NoPart`] (the spec has no such part) and [`Untyped`]
//! (the spec has the part but gives no schema for it).

use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// A type a flow or connection part can have: serialisable, and converted from JSON only
/// when valid.
pub trait PartType:
    Serialize + Clone + fmt::Debug + PartialEq + Send + Sync + TryFrom<Value, Error = ValidationErrors>
{
}

impl<T> PartType for T where
    T: Serialize
        + Clone
        + fmt::Debug
        + PartialEq
        + Send
        + Sync
        + TryFrom<Value, Error = ValidationErrors>
{
}

/// The type of a part a spec does not define: it has no value, and every JSON value is
/// refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPart {}

impl Serialize for NoPart {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl TryFrom<Value> for NoPart {
    type Error = ValidationErrors;
    fn try_from(_: Value) -> Result<Self, ValidationErrors> {
        Err(ValidationErrors::from(ValidationError {
            instance_path: String::new(),
            schema_path: "",
            kind: ErrorKind::FalseSchema,
        }))
    }
}

/// The type of a part a spec names without a schema (a streaming source's params, an
/// authSpec entry without `spec`): any JSON value, kept as it came.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct Untyped(pub Value);

impl TryFrom<Value> for Untyped {
    type Error = ValidationErrors;
    fn try_from(value: Value) -> Result<Self, ValidationErrors> {
        Ok(Untyped(value))
    }
}

impl<'de> serde::Deserialize<'de> for Untyped {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Untyped)
    }
}
