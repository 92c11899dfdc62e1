//! Impls that every generated type of a kind shares, written once here instead of once
//! per type in generated code.

/// [`Validated`](crate::Validated) for a generated type whose schema is checked by the
/// validator functions after its name (each `fn(&impl Instance, &Path, &mut impl Report)
/// -> bool`, all of them run in order until the report says stop), then `TryFrom<Value>`
/// (validate, then convert), a validating `Deserialize`, and an inherent `validate()`.
///
/// With no validator function, every value of the type is valid.
#[macro_export]
macro_rules! validated {
    (@impls $name:ident) => {
        impl ::core::convert::TryFrom<$crate::serde_json::Value> for $name {
            type Error = $crate::ValidationErrors;
            fn try_from(
                value: $crate::serde_json::Value,
            ) -> ::core::result::Result<Self, $crate::ValidationErrors> {
                $crate::typed::from_value(value)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::typed::deserialize(deserializer)
            }
        }
        impl $name {
            /// Checks the value against every constraint of its schema and returns all
            /// violations, each with its instance path and schema path.
            pub fn validate(&self) -> ::core::result::Result<(), $crate::ValidationErrors> {
                $crate::typed::validate(self)
            }
        }
    };
    (@check $name:ident, $v:ident, $at:ident, $c:ident, $body:block) => {
        impl $crate::Validated for $name {
            fn check(
                $v: &impl $crate::Instance,
                $at: &$crate::Path<'_>,
                $c: &mut impl $crate::Report,
            ) -> bool $body
        }
        $crate::validated!(@impls $name);
    };
    ($name:ident, $check:path $(,)?) => {
        $crate::validated!(@check $name, v, at, c, { $check(v, at, c) });
    };
    ($name:ident, $($check:path),+ $(,)?) => {
        $crate::validated!(@check $name, v, at, c, {
            let mut ok = true;
            $(
                if !$check(v, at, c) && c.failed(&mut ok) {
                    return false;
                }
            )+
            ok
        });
    };
    ($name:ident $(,)?) => {
        $crate::validated!(@check $name, _v, _at, _c, { true });
    };
}

/// [`FromValid`](crate::FromValid) for a struct read from a JSON object: `from_object` is
/// the struct's own `from_members(object, at)` (which generated code writes), and a value
/// that is not an object cannot be the struct.
#[macro_export]
macro_rules! from_members {
    ($name:ident) => {
        impl $crate::FromValid for $name {
            fn from_valid(
                value: $crate::serde_json::Value,
                at: &$crate::Path<'_>,
            ) -> ::core::result::Result<Self, $crate::ValidationError> {
                $crate::convert::via_object(value, at, ::core::stringify!($name))
            }
            fn from_object(
                o: $crate::Object<'_>,
                at: &$crate::Path<'_>,
            ) -> $crate::Converted<Self> {
                $name::from_members(o, at)
            }
        }
    };
}

/// The accessors and conversions of a validated wrapper `struct $name($inner)`:
/// `new` (validating), `get`, `into_inner`, `Deref`, `From<$name> for $inner`, the
/// conversion from a validated value and `Serialize` (as the inner value). With
/// `try_from`, also `TryFrom<$inner>`.
#[macro_export]
macro_rules! newtype {
    ($name:ident, $inner:ty) => {
        impl $name {
            /// Checks `value` against the schema and wraps it; the error lists every
            /// violation.
            pub fn new(value: $inner) -> ::core::result::Result<Self, $crate::ValidationErrors> {
                $crate::typed::from_value($crate::typed::to_value(&value)?)
            }
            /// The wrapped value.
            pub fn get(&self) -> &$inner {
                &self.0
            }
            /// Unwraps the value.
            pub fn into_inner(self) -> $inner {
                self.0
            }
        }
        impl ::core::ops::Deref for $name {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.0
            }
        }
        impl ::core::convert::From<$name> for $inner {
            fn from(value: $name) -> Self {
                value.0
            }
        }
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::serde::Serialize::serialize(&self.0, serializer)
            }
        }
        impl $crate::FromValid for $name {
            fn from_valid(
                value: $crate::serde_json::Value,
                at: &$crate::Path<'_>,
            ) -> ::core::result::Result<Self, $crate::ValidationError> {
                <$inner as $crate::FromValid>::from_valid(value, at).map(Self)
            }
        }
    };
    ($name:ident, $inner:ty, try_from) => {
        $crate::newtype!($name, $inner);
        impl ::core::convert::TryFrom<$inner> for $name {
            type Error = $crate::ValidationErrors;
            fn try_from(value: $inner) -> ::core::result::Result<Self, $crate::ValidationErrors> {
                Self::new(value)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::convert::{unrepresentable, FromValid};
    use crate::json::JsonType;
    use crate::{ErrorKind, Instance, Path, Report, Validated, ValidationError};
    use serde_json::{json, Value};

    /// A string, checked by two validator functions (`validated!` with several), one
    /// (with one) or none.
    macro_rules! string_type {
        ($name:ident) => {
            #[derive(Debug, PartialEq)]
            struct $name(String);
            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(&self.0)
                }
            }
            impl FromValid for $name {
                fn from_valid(value: Value, at: &Path<'_>) -> Result<Self, ValidationError> {
                    match value {
                        Value::String(s) => Ok(Self(s)),
                        _ => Err(unrepresentable(at, stringify!($name))),
                    }
                }
            }
        };
    }
    string_type!(Both);
    string_type!(One);
    string_type!(Free);
    validated!(Both, string, short);
    validated!(One, short);
    validated!(Free);

    fn string(v: &impl Instance, at: &Path<'_>, c: &mut impl Report) -> bool {
        let mut ok = true;
        if !v.is_string() && c.fail_type(&mut ok, at, "/type", &[JsonType::String]) {
            return false;
        }
        ok
    }

    /// At most three bytes; anything but a string passes.
    fn short(v: &impl Instance, at: &Path<'_>, c: &mut impl Report) -> bool {
        let mut ok = true;
        if v.as_str().is_some_and(|s| s.len() > 3)
            && c.fail(&mut ok, at, "/maxLength", || ErrorKind::FalseSchema)
        {
            return false;
        }
        ok
    }

    fn paths<T: Validated>(value: Value) -> Vec<&'static str> {
        match T::validate_value(&value) {
            Ok(()) => Vec::new(),
            Err(e) => e.iter().map(|e| e.schema_path).collect(),
        }
    }

    #[test]
    fn every_validator_function_runs_in_order() {
        assert_eq!(paths::<Both>(json!("abc")), Vec::<&str>::new());
        assert_eq!(paths::<Both>(json!("abcd")), ["/maxLength"]);
        assert_eq!(paths::<Both>(json!(7)), ["/type"]);
        assert!(!Both::is_valid(&json!("abcd")));
        assert_eq!(paths::<One>(json!("abcd")), ["/maxLength"]);
        assert_eq!(paths::<One>(json!(7)), Vec::<&str>::new());
        assert_eq!(paths::<Free>(json!("abcd")), Vec::<&str>::new());
    }

    #[test]
    fn the_shared_impls_validate_then_convert() {
        let both: Result<Both, _> = serde_json::from_str("\"ab\"");
        assert_eq!(both.ok(), Some(Both("ab".into())));
        let long = serde_json::from_str::<Both>("\"abcd\"").map_err(|e| e.to_string());
        assert!(long.is_err_and(|e| e.contains("/maxLength")));
        assert_eq!(One::try_from(json!("ab")).ok(), Some(One("ab".into())));
        assert!(One::try_from(json!("abcd")).is_err());
        assert_eq!(One("abcd".into()).validate().map_err(|e| e.0.len()), Err(1));
        assert_eq!(
            Free::try_from(json!("abcd")).ok(),
            Some(Free("abcd".into()))
        );
        assert!(Both("abc".into()).validate().is_ok());
        assert!(Free("abcd".into()).validate().is_ok());
    }
}
