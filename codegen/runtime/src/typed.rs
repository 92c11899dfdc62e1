//! What every generated type shares: the link between its validator and its Rust value,
//! and the helpers its generated impls call (kept here so generated code stays small).

use crate::convert::FromValid;
use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::instance::{Instance, Root};
use crate::path::Path;
use crate::report::{Check, Collect, Describe, Report};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A generated type: its schema's validator, and conversion from a validated value.
pub trait Validated: FromValid + Serialize {
    /// Runs the generated validator on `value` (found at `at`), reporting to `report`.
    /// Returns whether the value is valid.
    /// Generic over [`Instance`], so one validator reads a [`Value`] and the members of an
    /// object read straight from text ([`Object`](crate::Object)).
    fn check(value: &impl Instance, at: &Path<'_>, report: &mut impl Report) -> bool;

    /// Every violation of the schema by `value`.
    fn validate_value(value: &Value) -> Result<(), ValidationErrors> {
        let mut report = Collect::new();
        Self::check(value, &Path::root(), &mut report);
        let errors = report.into_errors();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }

    /// Whether `value` is valid (stops at the first violation).
    fn is_valid(value: &Value) -> bool {
        Self::check(value, &Path::root(), &mut Check)
    }
}

/// `TryFrom<Value>` for a generated type: validate, then convert.
///
/// The verdict comes from [`Validated::is_valid`], which records nothing; only an invalid
/// value is checked again to collect every violation, so a valid one never pays for
/// error paths and messages. [`Validated::validate_value`] stays the authority: the
/// value is converted only when it finds nothing.
pub fn from_value<T: Validated>(value: Value) -> Result<T, ValidationErrors> {
    if !T::is_valid(&value) {
        T::validate_value(&value)?;
    }
    T::from_valid(value, &Path::root()).map_err(ValidationErrors::from)
}

/// `Deserialize` for a generated type: read any JSON, then validate and convert as
/// [`from_value`] does. An invalid document is an error that lists every violation, with
/// the same text as [`from_value`]'s `ValidationErrors`; it is written straight into the
/// message, and only once the verdict ([`Check`]) has said no.
///
/// A top-level object is read as a list of members ([`Root`]), not as a `Map`: the
/// validator checks that list, and the type takes its members from it
/// ([`FromValid::from_object`]). Anything else is read as a `Value`.
pub fn deserialize<'de, T: Validated, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    use serde::de::Error as _;
    let converted = match Root::deserialize(deserializer)? {
        Root::Object(object) => {
            verdict::<T, D::Error>(&object)?;
            T::from_object(object, &Path::root())
        }
        Root::Value(value) => {
            verdict::<T, D::Error>(&value)?;
            T::from_valid(value, &Path::root())
        }
    };
    converted.map_err(|e| D::Error::custom(ValidationErrors::from(e)))
}

/// Whether `instance` is valid for `T`; if not, the error describing every violation.
fn verdict<T: Validated, E: serde::de::Error>(instance: &impl Instance) -> Result<(), E> {
    if !T::check(instance, &Path::root(), &mut Check) {
        let mut report = Describe::new();
        T::check(instance, &Path::root(), &mut report);
        if let Some(message) = report.message() {
            return Err(E::custom(message));
        }
    }
    Ok(())
}

/// Serialises `value` to JSON, as an error list if it cannot be (a non-finite float).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, ValidationErrors> {
    serde_json::to_value(value).map_err(|e| {
        ValidationErrors::from(ValidationError {
            instance_path: String::new(),
            schema_path: "",
            kind: ErrorKind::Syntax {
                message: e.to_string(),
            },
        })
    })
}

/// `validate()` for a generated value: checks what it would serialise to.
pub fn validate<T: Validated>(value: &T) -> Result<(), ValidationErrors> {
    T::validate_value(&to_value(value)?)
}

/// Inserts the member `tag: value` into `map` after the members named in `after` (the
/// declared members that come before the tag in the schema), keeping the schema's order.
pub fn insert_tag(map: &mut Map<String, Value>, tag: &str, value: &str, after: &[&str]) {
    let position = map
        .keys()
        .take_while(|k| after.contains(&k.as_str()))
        .count();
    map.shift_insert(position, tag.to_owned(), Value::String(value.to_owned()));
}

/// Serialises one variant of a tagged union: the variant's members with the tag put back
/// in its place.
pub fn serialize_tagged<S: Serializer, V: Serialize>(
    serializer: S,
    inner: &V,
    tag: &str,
    value: &str,
    after: &[&str],
) -> Result<S::Ok, S::Error> {
    let mut v = serde_json::to_value(inner).map_err(serde::ser::Error::custom)?;
    if let Value::Object(m) = &mut v {
        insert_tag(m, tag, value, after);
    }
    v.serialize(serializer)
}

impl ValidationErrors {
    /// The same errors with `prefix` (a JSON pointer) put before every instance path, for
    /// errors found in a value nested at `prefix`.
    pub fn nested(self, prefix: &str) -> Self {
        ValidationErrors(
            self.0
                .into_iter()
                .map(|mut e| {
                    e.instance_path.insert_str(0, prefix);
                    e
                })
                .collect(),
        )
    }
}

/// Splits a `{"<key>": ..., "params": {...}}` value (a flow's transformation, keyed by
/// `name`; a base connection's auth, keyed by `specName`) into the name and the params
/// (`{}` when absent).
pub fn split_named(
    value: Value,
    key: &'static str,
    allowed: &'static str,
) -> Result<(String, Value), ValidationErrors> {
    let fail = |at: String, kind| {
        ValidationErrors::from(ValidationError {
            instance_path: at,
            schema_path: "",
            kind,
        })
    };
    let mut map = match value {
        Value::Object(m) => m,
        _ => {
            return Err(fail(
                String::new(),
                ErrorKind::Type {
                    expected: &[crate::json::JsonType::Object],
                },
            ))
        }
    };
    let name = match map.shift_remove(key) {
        Some(Value::String(s)) => s,
        Some(_) => return Err(fail(format!("/{key}"), ErrorKind::Enum { allowed })),
        None => return Err(fail(String::new(), ErrorKind::Required { property: key })),
    };
    let params = map
        .shift_remove("params")
        .unwrap_or_else(|| Value::Object(Map::new()));
    Ok((name, params))
}

/// The error for a part name (at `/<key>`) the spec does not define.
pub fn unknown_name(key: &'static str, allowed: &'static str) -> ValidationErrors {
    ValidationErrors::from(ValidationError {
        instance_path: format!("/{key}"),
        schema_path: "",
        kind: ErrorKind::Enum { allowed },
    })
}

/// Serialises `{"<key>": name, "params": params}`.
pub fn serialize_named<S: Serializer, P: Serialize>(
    serializer: S,
    key: &str,
    name: &str,
    params: &P,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry(key, name)?;
    map.serialize_entry("params", params)?;
    map.end()
}
