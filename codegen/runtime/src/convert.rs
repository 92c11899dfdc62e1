//! Turning a value that already passed its generated validator into the typed Rust value.
//!
//! Validation decides the verdict; conversion only moves data into place. A conversion
//! still returns an error instead of panicking when a valid JSON value cannot be held by
//! the chosen Rust type (an integer beyond `i64`, say).

use crate::error::{ErrorKind, ValidationError};
use crate::instance::Object;
use crate::path::Path;
use serde_json::{Map, Value};

/// What a conversion gives: the value, or why the Rust type cannot hold it.
pub type Converted<T> = Result<T, ValidationError>;

/// Builds `Self` from a JSON value that its schema's validator has accepted.
pub trait FromValid: Sized {
    /// Moves `value` (found at `at`) into `Self`.
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError>;

    /// Moves the members of a validated object (found at `at`) into `Self`. Structs and
    /// unions take the members apart as they are; anything else converts the object as a
    /// `Value`.
    fn from_object(object: Object<'_>, at: &Path<'_>) -> Converted<Self> {
        Self::from_valid(object.into_value(), at)
    }
}

/// `from_valid` for a type read from an object: the object's members go to
/// [`FromValid::from_object`]; anything else cannot be `rust_type`.
pub fn via_object<T: FromValid>(
    value: Value,
    at: &Path<'_>,
    rust_type: &'static str,
) -> Result<T, ValidationError> {
    match value {
        Value::Object(m) => T::from_object(Object::from(m), at),
        _ => Err(unrepresentable(at, rust_type)),
    }
}

/// Marks a required builder field that has not been set yet.
///
/// A builder's `build()` exists only once no field is `Missing`, so forgetting a required
/// field is a compile error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Missing;

/// The error for a value the Rust type `rust_type` cannot hold.
pub fn unrepresentable(at: &Path<'_>, rust_type: &'static str) -> ValidationError {
    ValidationError {
        instance_path: at.to_pointer(),
        schema_path: "",
        kind: ErrorKind::Unrepresentable { rust_type },
    }
}

impl FromValid for Value {
    fn from_valid(value: Value, _: &Path<'_>) -> Result<Self, ValidationError> {
        Ok(value)
    }
}

impl FromValid for Map<String, Value> {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        match value {
            Value::Object(m) => Ok(m),
            _ => Err(unrepresentable(at, "serde_json::Map")),
        }
    }
}

impl FromValid for bool {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        value.as_bool().ok_or_else(|| unrepresentable(at, "bool"))
    }
}

impl FromValid for () {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        if value.is_null() {
            Ok(())
        } else {
            Err(unrepresentable(at, "()"))
        }
    }
}

impl FromValid for String {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        match value {
            Value::String(s) => Ok(s),
            _ => Err(unrepresentable(at, "String")),
        }
    }
}

impl FromValid for i64 {
    /// Integers and whole floats (`1.0`) strictly inside `i64`'s range.
    ///
    /// Both ends are open for floats: an integer written past `i64::MIN`
    /// (`-9223372036854775809`) is read as a float that rounds to exactly -2^63, so
    /// taking that float would silently turn the number into `i64::MIN`. Integers
    /// written inside the range never reach this arm (`serde_json` reads them as `i64`).
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        /// 2^63, exact as an `f64`.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let n = match &value {
            Value::Number(n) => n,
            _ => return Err(unrepresentable(at, "i64")),
        };
        if let Some(i) = n.as_i64() {
            return Ok(i);
        }
        match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f > -LIMIT && f < LIMIT => Ok(f as i64),
            _ => Err(unrepresentable(at, "i64")),
        }
    }
}

impl FromValid for f64 {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        value.as_f64().ok_or_else(|| unrepresentable(at, "f64"))
    }
}

impl<T: FromValid> FromValid for Box<T> {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        T::from_valid(value, at).map(Box::new)
    }
}

impl<T: FromValid> FromValid for Option<T> {
    /// `null` becomes `None`.
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        match value {
            Value::Null => Ok(None),
            v => T::from_valid(v, at).map(Some),
        }
    }
}

impl<T: FromValid> FromValid for Vec<T> {
    fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_valid(v, &at.index(i)))
                .collect(),
            _ => Err(unrepresentable(at, "Vec")),
        }
    }
}

/// Converts the required member `key` found by [`Object::split`].
pub fn required<T: FromValid>(
    found: Option<Value>,
    key: &'static str,
    at: &Path<'_>,
) -> Result<T, ValidationError> {
    match found {
        Some(v) => T::from_valid(v, &at.key(key)),
        None => Err(ValidationError {
            instance_path: at.to_pointer(),
            schema_path: "",
            kind: ErrorKind::Required { property: key },
        }),
    }
}

/// Converts the optional member `key` found by [`Object::split`]; absent gives `None`.
pub fn optional<T: FromValid>(
    found: Option<Value>,
    key: &'static str,
    at: &Path<'_>,
) -> Result<Option<T>, ValidationError> {
    match found {
        Some(v) => T::from_valid(v, &at.key(key)).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_floats_become_integers() {
        assert_eq!(i64::from_valid(json!(30.0), &Path::root()), Ok(30));
        assert!(i64::from_valid(json!(1e20), &Path::root()).is_err());
        assert_eq!(
            i64::from_valid(json!(i64::MIN), &Path::root()),
            Ok(i64::MIN)
        );
        assert_eq!(
            i64::from_valid(json!(i64::MAX), &Path::root()),
            Ok(i64::MAX)
        );
        // Past either end the text is read as a float that rounds onto the end itself.
        for text in ["-9223372036854775809", "9223372036854775808", "-1e19"] {
            let value: Value = serde_json::from_str(text).unwrap_or_default();
            assert!(value.is_number(), "{text}");
            assert!(i64::from_valid(value, &Path::root()).is_err(), "{text}");
        }
    }

    #[test]
    fn members_split_declared_from_the_rest_in_order() {
        let value = json!({"z": 0, "b": 2, "y": [1], "a": 1});
        let at = Path::root();
        let split = |v: Value| Object::from(v.as_object().cloned().unwrap_or_default());
        let ([a, b, c], rest) = split(value.clone()).split(["a", "b", "c"]);
        assert_eq!((a, b, c), (Some(json!(1)), Some(json!(2)), None));
        assert_eq!(Value::Object(rest), json!({"z": 0, "y": [1]}));
        let ([a, b], rest) = split(json!({"b": 2, "a": 1})).split(["a", "b"]);
        assert_eq!((a, b, rest.len()), (Some(json!(1)), Some(json!(2)), 0));
        // Past the linear limit every name is looked up, with the same result.
        let names: [&'static str; 20] = [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
            "r", "s", "t",
        ];
        let (slots, rest) = split(value).split(names);
        assert_eq!(
            (slots[0].clone(), slots[1].clone(), slots[2].clone()),
            (Some(json!(1)), Some(json!(2)), None)
        );
        assert_eq!(Value::Object(rest), json!({"z": 0, "y": [1]}));
        assert!(via_object::<Map<String, Value>>(json!([1]), &at, "T").is_err());
    }
}
