//! Sending connections typed by their connectionSpec ([`crate::connection`]) as the
//! bodies of `POST /connections`, `/sourceConnections` and `/targetConnections`, and
//! checking untyped connection bodies against a generated connectionSpec registry.

use super::request::JsonBody;
use crate::connection::{
    ConnectionSpecTypes, TypedConnection, TypedSourceConnection, TypedTargetConnection,
};
use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::part_key::PartKey;
use crate::registry::ConnectionSpecEntry;
use crate::typed::Validated;
use serde_json::Value;

/// Marks a generated request body type that is a base connection (`auth` and
/// `connectionSpec`), so a [`TypedConnection`] can be sent as it.
pub trait ConnectionBody {}

/// Marks a generated request body type that is a source connection.
pub trait SourceConnectionBody {}

/// Marks a generated request body type that is a target connection.
pub trait TargetConnectionBody {}

impl<S: ConnectionSpecTypes, T: Validated + ConnectionBody> JsonBody<T> for TypedConnection<S> {
    /// Checks `auth` against the connectionSpec, then the whole body against the
    /// endpoint description's schema.
    fn to_json(&self) -> Result<Value, ValidationErrors> {
        let v = self.to_value()?;
        Self::from_value(v.clone())?;
        T::validate_value(&v)?;
        Ok(v)
    }
}

impl<S: ConnectionSpecTypes, T: Validated + SourceConnectionBody> JsonBody<T>
    for TypedSourceConnection<S>
{
    /// Checks `params` against the connectionSpec's `sourceSpec`, then the whole body
    /// against the endpoint description's schema.
    fn to_json(&self) -> Result<Value, ValidationErrors> {
        let v = self.to_value()?;
        Self::from_value(v.clone())?;
        T::validate_value(&v)?;
        Ok(v)
    }
}

impl<S: ConnectionSpecTypes, T: Validated + TargetConnectionBody> JsonBody<T>
    for TypedTargetConnection<S>
{
    /// Checks `params` against the connectionSpec's `targetSpec`, then the whole body
    /// against the endpoint description's schema.
    fn to_json(&self) -> Result<Value, ValidationErrors> {
        let v = self.to_value()?;
        Self::from_value(v.clone())?;
        T::validate_value(&v)?;
        Ok(v)
    }
}

/// Which connection body [`check_connection`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionKind {
    /// A base connection: `auth` is checked against `auth:<specName>`.
    Base,
    /// A source connection: `params` is checked against `sourceSpec`.
    Source,
    /// A target connection: `params` is checked against `targetSpec`.
    Target,
}

/// Checks the parts of a connection given as JSON against its connectionSpec, found by
/// `connectionSpec.id` with `find` (a generated registry's `find`). A connectionSpec the
/// registry does not know is not checked.
pub fn check_connection(
    kind: ConnectionKind,
    body: &Value,
    find: fn(&str) -> Option<&'static ConnectionSpecEntry>,
) -> Result<(), ValidationErrors> {
    let Some(entry) = body
        .pointer("/connectionSpec/id")
        .and_then(Value::as_str)
        .and_then(find)
    else {
        return Ok(());
    };
    let (part, value, at) = match kind {
        ConnectionKind::Base => {
            let Some(auth) = body.get("auth") else {
                return Ok(());
            };
            let name = auth.get("specName").and_then(Value::as_str).unwrap_or("");
            let empty = Value::Object(Default::default());
            let params = auth.get("params").unwrap_or(&empty).clone();
            (
                PartKey::Auth(name.to_owned().into()),
                params,
                "/auth/params",
            )
        }
        ConnectionKind::Source | ConnectionKind::Target => {
            let Some(params) = body.get("params") else {
                return Ok(());
            };
            let part = if kind == ConnectionKind::Source {
                PartKey::Source
            } else {
                PartKey::Target
            };
            (part, params.clone(), "/params")
        }
    };
    if !entry.has_part(&part) {
        let at = if kind == ConnectionKind::Base {
            "/auth/specName"
        } else {
            "/params"
        };
        return Err(ValidationErrors::from(ValidationError {
            instance_path: at.to_owned(),
            schema_path: "",
            kind: ErrorKind::UnknownPart {
                part: part.to_string(),
            },
        }));
    }
    entry.validate(&part, &value).map_err(|e| e.nested(at))
}
