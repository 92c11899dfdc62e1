//! Validation errors: every violated keyword, with where it happened in the instance and
//! where the keyword stands in the schema.

use crate::json::{JsonType, Limit};
use std::fmt;

/// What was violated, with the keyword's own data.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The false schema: nothing is valid here.
    FalseSchema,
    /// `type`: the value is none of these types.
    Type {
        /// The types the schema allows.
        expected: &'static [JsonType],
    },
    /// `const`: the value differs from the constant (given as JSON text).
    Const {
        /// The constant, as compact JSON.
        expected: &'static str,
    },
    /// `enum`: the value is none of the allowed values (given as a JSON array text).
    Enum {
        /// The allowed values, as a compact JSON array.
        allowed: &'static str,
    },
    /// `minimum`.
    Minimum {
        /// The inclusive lower bound.
        limit: Limit,
    },
    /// `maximum`.
    Maximum {
        /// The inclusive upper bound.
        limit: Limit,
    },
    /// `exclusiveMinimum`.
    ExclusiveMinimum {
        /// The exclusive lower bound.
        limit: Limit,
    },
    /// `exclusiveMaximum`.
    ExclusiveMaximum {
        /// The exclusive upper bound.
        limit: Limit,
    },
    /// `multipleOf`.
    MultipleOf {
        /// The divisor.
        divisor: Limit,
    },
    /// `minLength` (counted in Unicode code points).
    MinLength {
        /// The least number of code points.
        limit: u64,
    },
    /// `maxLength` (counted in Unicode code points).
    MaxLength {
        /// The greatest number of code points.
        limit: u64,
    },
    /// `pattern`: the string does not match the ECMA-262 regular expression.
    Pattern {
        /// The pattern's source.
        pattern: &'static str,
    },
    /// `format`: the string is not of the format.
    Format {
        /// The format's name.
        format: &'static str,
    },
    /// `minItems`.
    MinItems {
        /// The least number of items.
        limit: u64,
    },
    /// `maxItems`.
    MaxItems {
        /// The greatest number of items.
        limit: u64,
    },
    /// `uniqueItems`: two items are equal.
    UniqueItems,
    /// `contains`: no item matches.
    Contains,
    /// `additionalItems: false` (or a schema) rejected an item past the tuple.
    AdditionalItems,
    /// `minProperties`.
    MinProperties {
        /// The least number of properties.
        limit: u64,
    },
    /// `maxProperties`.
    MaxProperties {
        /// The greatest number of properties.
        limit: u64,
    },
    /// `required`: a property is missing.
    Required {
        /// The missing property.
        property: &'static str,
    },
    /// `additionalProperties: false`: a property is not allowed.
    AdditionalProperty {
        /// The property that is not allowed.
        property: String,
    },
    /// `propertyNames`: a property name is invalid.
    PropertyName {
        /// The offending name.
        property: String,
    },
    /// `dependencies`: a property present requires another one.
    Dependency {
        /// The property that is present.
        property: &'static str,
        /// The property it requires.
        requires: &'static str,
    },
    /// `anyOf`: no subschema matched.
    AnyOf,
    /// `oneOf`: not exactly one subschema matched.
    OneOf {
        /// How many matched (0 or more than 1).
        matched: usize,
    },
    /// `not`: the value matched the negated schema.
    Not,
    /// A valid JSON value could not be held by the generated Rust type (for example an
    /// integer beyond the range of `i64`).
    Unrepresentable {
        /// The Rust type that could not hold the value.
        rust_type: &'static str,
    },
    /// A JSON document could not be parsed at all.
    Syntax {
        /// The parser's message.
        message: String,
    },
    /// A registry lookup named a part the flowSpec or connectionSpec does not have.
    UnknownPart {
        /// The part that was asked for.
        part: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl ErrorKind {
    /// Writes the text `Display` gives. Generic over the sink so that a report writing a
    /// message into a `String` (`report::Describe`) gets the same text without going
    /// through a `Formatter`: fixed text is appended as it is, and only numbers and
    /// names that need escaping use the formatting machinery.
    pub(crate) fn write_to<W: fmt::Write + ?Sized>(&self, f: &mut W) -> fmt::Result {
        use ErrorKind::*;
        match self {
            FalseSchema => f.write_str("no value is allowed here"),
            Type { expected } => {
                f.write_str("expected ")?;
                for (i, t) in expected.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    f.write_str(t.as_str())?;
                }
                Ok(())
            }
            Const { expected } => {
                f.write_str("must be ")?;
                f.write_str(expected)
            }
            Enum { allowed } => {
                f.write_str("must be one of ")?;
                f.write_str(allowed)
            }
            Minimum { limit } => write!(f, "must be at least {limit}"),
            Maximum { limit } => write!(f, "must be at most {limit}"),
            ExclusiveMinimum { limit } => write!(f, "must be greater than {limit}"),
            ExclusiveMaximum { limit } => write!(f, "must be less than {limit}"),
            MultipleOf { divisor } => write!(f, "must be a multiple of {divisor}"),
            MinLength { limit } => write!(f, "must be at least {limit} characters long"),
            MaxLength { limit } => write!(f, "must be at most {limit} characters long"),
            Pattern { pattern } => write!(f, "must match the pattern {pattern:?}"),
            Format { format } => write!(f, "must be a valid {format}"),
            MinItems { limit } => write!(f, "must have at least {limit} items"),
            MaxItems { limit } => write!(f, "must have at most {limit} items"),
            UniqueItems => f.write_str("items must be unique"),
            Contains => f.write_str("no item matches the `contains` schema"),
            AdditionalItems => f.write_str("item is not allowed past the tuple"),
            MinProperties { limit } => write!(f, "must have at least {limit} properties"),
            MaxProperties { limit } => write!(f, "must have at most {limit} properties"),
            Required { property } => {
                f.write_str("property ")?;
                write_quoted(f, property)?;
                f.write_str(" is required")
            }
            AdditionalProperty { property } => {
                f.write_str("property ")?;
                write_quoted(f, property)?;
                f.write_str(" is not allowed")
            }
            PropertyName { property } => {
                f.write_str("property name ")?;
                write_quoted(f, property)?;
                f.write_str(" is not allowed")
            }
            Dependency { property, requires } => {
                f.write_str("property ")?;
                write_quoted(f, property)?;
                f.write_str(" requires property ")?;
                write_quoted(f, requires)
            }
            AnyOf => f.write_str("matches none of the `anyOf` schemas"),
            OneOf { matched: 0 } => f.write_str("matches none of the `oneOf` schemas"),
            OneOf { matched } => write!(
                f,
                "matches {matched} of the `oneOf` schemas, not exactly one"
            ),
            Not => f.write_str("matches the schema under `not`"),
            Unrepresentable { rust_type } => {
                write!(f, "value does not fit the Rust type `{rust_type}`")
            }
            Syntax { message } => write!(f, "invalid JSON: {message}"),
            UnknownPart { part } => write!(f, "the spec has no part {part:?}"),
        }
    }
}

/// Writes `s` as `{s:?}` does: in double quotes, escaped. A name of printable ASCII
/// without quotes or backslashes (nearly every property name) needs no escaping and is
/// written as it is; anything else goes through `Debug`.
fn write_quoted<W: fmt::Write + ?Sized>(f: &mut W, s: &str) -> fmt::Result {
    if s.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        f.write_char('"')?;
        f.write_str(s)?;
        f.write_char('"')
    } else {
        write!(f, "{s:?}")
    }
}

/// How a message names the root of the instance (an empty JSON pointer).
pub(crate) const ROOT: &str = "(root)";

/// One violated keyword.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// JSON pointer to the offending value in the instance (`""` is the root).
    pub instance_path: String,
    /// JSON pointer to the violated keyword, relative to the root of the schema document.
    pub schema_path: &'static str,
    /// What was violated.
    pub kind: ErrorKind,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance_path.is_empty() {
            ROOT
        } else {
            &self.instance_path
        };
        write!(f, "{at}: {} (schema: #{})", self.kind, self.schema_path)
    }
}

impl std::error::Error for ValidationError {}

/// All the violations found in one value; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    /// The violations, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }

    /// How many violations there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<ValidationError> for ValidationErrors {
    fn from(e: ValidationError) -> Self {
        ValidationErrors(vec![e])
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            0 => f.write_str("no violations"),
            1 => write!(f, "{}", self.0[0]),
            n => {
                write!(f, "{n} violations:")?;
                for e in &self.0 {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_as_debug_quotes_them() {
        for name in [
            "",
            "a",
            "startTime",
            "a b",
            "a/b~c",
            "quo\"te",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "\u{7f}",
            "é",
            "\u{301}x",
            "~",
        ] {
            let mut out = String::new();
            write_quoted(&mut out, name).expect("writing into a String");
            assert_eq!(out, format!("{name:?}"), "{name}");
        }
    }

    #[test]
    fn kinds_write_their_text_into_any_sink() {
        let cases = [
            (ErrorKind::FalseSchema, "no value is allowed here"),
            (
                ErrorKind::Type {
                    expected: &[JsonType::Integer, JsonType::Null],
                },
                "expected integer or null",
            ),
            (
                ErrorKind::Const {
                    expected: "\"once\"",
                },
                "must be \"once\"",
            ),
            (
                ErrorKind::Enum {
                    allowed: "[\"a\",1]",
                },
                "must be one of [\"a\",1]",
            ),
            (
                ErrorKind::Minimum {
                    limit: Limit::Float(0.5),
                },
                "must be at least 0.5",
            ),
            (
                ErrorKind::Required {
                    property: "startTime",
                },
                "property \"startTime\" is required",
            ),
            (
                ErrorKind::Required { property: "a\"b" },
                "property \"a\\\"b\" is required",
            ),
            (
                ErrorKind::AdditionalProperty {
                    property: "x/y".to_owned(),
                },
                "property \"x/y\" is not allowed",
            ),
            (
                ErrorKind::PropertyName {
                    property: "tab\t".to_owned(),
                },
                "property name \"tab\\t\" is not allowed",
            ),
            (
                ErrorKind::Dependency {
                    property: "a",
                    requires: "b",
                },
                "property \"a\" requires property \"b\"",
            ),
            (
                ErrorKind::OneOf { matched: 0 },
                "matches none of the `oneOf` schemas",
            ),
            (
                ErrorKind::OneOf { matched: 2 },
                "matches 2 of the `oneOf` schemas, not exactly one",
            ),
        ];
        for (kind, expected) in cases {
            let mut out = String::new();
            kind.write_to(&mut out).expect("writing into a String");
            assert_eq!(out, expected);
            assert_eq!(kind.to_string(), expected);
        }
    }
}
