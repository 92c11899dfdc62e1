//! Where generated validators send their findings, chosen at compile time.
//!
//! Every generated validator is generic over [`Report`]. With [`Collect`] it records every
//! violation and goes on; with [`Check`] the first violation stops it, and since `Check`
//! records nothing, the compiler drops everything only a report needs (building the
//! instance path, the error values), leaving a plain boolean test. `Check` is what
//! `is_valid` uses, and what the verdict-only applicators use inside any validator
//! (`anyOf`, `oneOf`, `not`, `if`, `contains`, `propertyNames`).
//!
//! Generated code calls [`Report::fail`] at each violated keyword and returns as soon as
//! that answers `true`.

use crate::error::{ErrorKind, ValidationError};
use crate::instance::Members;
use crate::json::{self, JsonType};
use crate::path::Path;

/// A sink for violations: [`Collect`] or [`Check`].
pub trait Report {
    /// Whether violations are recorded; `false` means the first one stops validation.
    const COLLECTS: bool;

    /// Reports a violation of the keyword at `schema_path` by the value at `at` and clears
    /// the caller's `ok`. Returns `true` when the caller must stop ([`Check`]).
    fn fail(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        schema_path: &'static str,
        kind: impl FnOnce() -> ErrorKind,
    ) -> bool;

    /// [`Report::fail`] for the `type` keyword: the value at `at` is none of `expected`.
    #[inline]
    fn fail_type(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        schema_path: &'static str,
        expected: &'static [JsonType],
    ) -> bool {
        self.fail(ok, at, schema_path, || ErrorKind::Type { expected })
    }

    /// [`Report::fail_type`] as an expression, for a member or item whose only check is its
    /// `type`: `held` is the type test's result. Returns `false` only when the type is
    /// wrong and the caller must stop ([`Check`]); [`Collect`] records it and answers
    /// `true`, having cleared `ok`.
    #[inline]
    fn check_type(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        held: bool,
        schema_path: &'static str,
        expected: &'static [JsonType],
    ) -> bool {
        held || !self.fail_type(ok, at, schema_path, expected)
    }

    /// The `required` keyword: reports each of `names` that `object` lacks, in order.
    /// Returns `true` when the caller must stop ([`Check`]).
    #[inline]
    fn require(
        &mut self,
        ok: &mut bool,
        object: &(impl Members + ?Sized),
        at: &Path<'_>,
        schema_path: &'static str,
        names: &'static [&'static str],
    ) -> bool {
        for &property in names {
            if !json::has(object, property)
                && self.fail(ok, at, schema_path, || ErrorKind::Required { property })
            {
                return true;
            }
        }
        false
    }

    /// Notes that a subschema failed (it reported why) by clearing the caller's `ok`.
    /// Returns `true` when the caller must stop too ([`Check`]).
    #[inline]
    fn failed(&mut self, ok: &mut bool) -> bool {
        *ok = false;
        !Self::COLLECTS
    }
}

/// Records every violation, in the order they are found.
#[derive(Debug, Default)]
pub struct Collect {
    errors: Vec<ValidationError>,
}

impl Collect {
    /// An empty report.
    pub fn new() -> Self {
        Collect::default()
    }

    /// The violations recorded.
    pub fn into_errors(self) -> Vec<ValidationError> {
        self.errors
    }
}

impl Report for Collect {
    const COLLECTS: bool = true;

    #[inline]
    fn fail(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        schema_path: &'static str,
        kind: impl FnOnce() -> ErrorKind,
    ) -> bool {
        *ok = false;
        self.errors.push(ValidationError {
            instance_path: at.to_pointer(),
            schema_path,
            kind: kind(),
        });
        false
    }
}

/// Wants only the verdict: the first violation stops validation, and nothing is recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Check;

impl Report for Check {
    const COLLECTS: bool = false;

    #[inline(always)]
    fn fail(
        &mut self,
        ok: &mut bool,
        _at: &Path<'_>,
        _schema_path: &'static str,
        _kind: impl FnOnce() -> ErrorKind,
    ) -> bool {
        *ok = false;
        true
    }
}

/// Writes every violation straight into the text that [`ValidationErrors`]' `Display`
/// gives for the same list, for violations that only end up as a message (the error of
/// a `Deserialize`): no error values, no instance path strings, one buffer.
///
/// The buffer starts with room for the list's header, so the finished message is a
/// slice of it ([`Describe::message`]): nothing is moved to put the header in front or
/// to drop the indent of a lone violation. Nothing is allocated until the first
/// violation.
///
/// [`ValidationErrors`]: crate::ValidationErrors
#[derive(Debug, Default)]
pub(crate) struct Describe {
    text: String,
    count: usize,
}

/// Room before the first violation for the header `"<n> violations:"`: the digits of
/// any `usize` and the words.
const HEADER_ROOM: usize = 20 + HEADER_WORDS.len();
const HEADER_WORDS: &str = " violations:";
/// What fills the room until the header is written.
const HEADER_PAD: &str = "                                ";

impl Describe {
    /// An empty message.
    pub(crate) fn new() -> Self {
        Describe::default()
    }

    /// The message, as `ValidationErrors`' `Display` writes it; `None` when nothing was
    /// reported.
    pub(crate) fn message(&mut self) -> Option<&str> {
        match self.count {
            0 => None,
            // One violation is written without the list's header and indent.
            1 => self.text.get(HEADER_ROOM + ENTRY.len()..),
            n => {
                let mut digits = [0u8; 20];
                let digits = decimal(n, &mut digits);
                let start = HEADER_ROOM - HEADER_WORDS.len() - digits.len();
                // The header overwrites the end of the room in place: the entries after it
                // stay where they are (`replace_range` and a `String` for the header cost
                // more than checking the bytes again).
                let mut bytes = std::mem::take(&mut self.text).into_bytes();
                bytes[start..start + digits.len()].copy_from_slice(digits);
                bytes[HEADER_ROOM - HEADER_WORDS.len()..HEADER_ROOM]
                    .copy_from_slice(HEADER_WORDS.as_bytes());
                // Only text was written and the header is ASCII, so this always holds.
                self.text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                self.text.get(start..)
            }
        }
    }
}

/// `n` in decimal, as `{n}` writes it, without the formatting machinery: the end of
/// `digits`.
fn decimal(n: usize, digits: &mut [u8; 20]) -> &[u8] {
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        // `rest % 10` is below 10, so the cast keeps every bit.
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    &digits[at..]
}

/// What starts each violation in a list of several.
const ENTRY: &str = "\n  ";

impl Report for Describe {
    const COLLECTS: bool = true;

    #[inline]
    fn fail(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        schema_path: &'static str,
        kind: impl FnOnce() -> ErrorKind,
    ) -> bool {
        *ok = false;
        if self.count == 0 {
            self.text = String::with_capacity(HEADER_ROOM + 160);
            self.text.push_str(HEADER_PAD);
        }
        self.count += 1;
        self.text.push_str(ENTRY);
        let start = self.text.len();
        at.write_pointer(&mut self.text);
        if self.text.len() == start {
            self.text.push_str(crate::error::ROOT);
        }
        // The same text as `ValidationError`'s `Display`, written piece by piece.
        self.text.push_str(": ");
        // Writing into a `String` cannot fail.
        let _ = kind().write_to(&mut self.text);
        self.text.push_str(" (schema: #");
        self.text.push_str(schema_path);
        self.text.push(')');
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    fn object(text: &str) -> Map<String, Value> {
        match serde_json::from_str(text) {
            Ok(Value::Object(o)) => o,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn collect_records_every_missing_member_and_goes_on() {
        let mut report = Collect::new();
        let mut ok = true;
        let o = object(r#"{"b": 1}"#);
        let at = Path::root();
        let stop = report.require(&mut ok, &o, &at, "/required", &["a", "b", "c"]);
        assert!(!stop && !ok);
        let missing: Vec<_> = report.into_errors().into_iter().map(|e| e.kind).collect();
        assert_eq!(
            missing,
            [
                ErrorKind::Required { property: "a" },
                ErrorKind::Required { property: "c" }
            ]
        );
    }

    #[test]
    fn check_type_answers_whether_to_go_on() {
        let at = Path::root();
        let expected: &[JsonType] = &[JsonType::String];
        let mut ok = true;
        assert!(Check.check_type(&mut ok, &at, true, "/type", expected) && ok);
        assert!(!Check.check_type(&mut ok, &at, false, "/type", expected) && !ok);
        let mut report = Collect::new();
        let mut ok = true;
        assert!(report.check_type(&mut ok, &at.key("a"), true, "/type", expected) && ok);
        assert!(report.check_type(&mut ok, &at.key("b"), false, "/type", expected) && !ok);
        let errors = report.into_errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].instance_path, "/b");
        assert_eq!(errors[0].kind, ErrorKind::Type { expected });
    }

    #[test]
    fn the_pad_is_the_room() {
        assert_eq!(HEADER_PAD.len(), HEADER_ROOM);
        assert!(HEADER_PAD.bytes().all(|b| b == b' '));
    }

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 42, 100, 12_345, usize::MAX] {
            let mut digits = [0u8; 20];
            assert_eq!(decimal(n, &mut digits), n.to_string().as_bytes());
        }
    }

    #[test]
    fn describe_writes_what_collect_displays() {
        let root = Path::root();
        let member = root.key("a/b");
        let item = member.index(3);
        let kinds = || {
            [
                (&root, "/required", ErrorKind::Required { property: "x" }),
                (
                    &item,
                    "/items/type",
                    ErrorKind::Type {
                        expected: &[JsonType::String, JsonType::Null],
                    },
                ),
                (
                    &member,
                    "/minimum",
                    ErrorKind::Minimum {
                        limit: json::Limit::Float(1.5),
                    },
                ),
            ]
        };
        for n in 1..=3 {
            let (mut collect, mut describe) = (Collect::new(), Describe::new());
            let mut ok = true;
            for (at, schema_path, kind) in kinds().into_iter().take(n) {
                let k = kind.clone();
                collect.fail(&mut ok, at, schema_path, || kind);
                describe.fail(&mut ok, at, schema_path, || k);
            }
            let expected = crate::ValidationErrors(collect.into_errors()).to_string();
            assert_eq!(describe.message(), Some(expected.as_str()));
        }
        assert_eq!(Describe::new().message(), None);
    }

    #[test]
    fn describe_writes_long_lists_as_collect_displays() {
        // Two-digit counts fill more of the header's room; keys that need escaping, the
        // root, and kinds written with and without the formatting machinery.
        let root = Path::root();
        let plain = root.key("startTime");
        let slash = root.key("a/b");
        let tilde = slash.key("~");
        let item = tilde.index(12);
        let at = [&root, &plain, &slash, &tilde, &item];
        let kinds = [
            ErrorKind::Required { property: "q\"x" },
            ErrorKind::Enum { allowed: "[1,2]" },
            ErrorKind::Const {
                expected: "\"once\"",
            },
            ErrorKind::Maximum {
                limit: json::Limit::Int(-3),
            },
            ErrorKind::AdditionalProperty {
                property: "é\n".to_owned(),
            },
            ErrorKind::OneOf { matched: 3 },
        ];
        for n in [2, 9, 10, 11, 25] {
            let (mut collect, mut describe) = (Collect::new(), Describe::new());
            let mut ok = true;
            for i in 0..n {
                let kind = &kinds[i % kinds.len()];
                let path = at[i % at.len()];
                collect.fail(&mut ok, path, "/x", || kind.clone());
                describe.fail(&mut ok, path, "/x", || kind.clone());
            }
            let expected = crate::ValidationErrors(collect.into_errors()).to_string();
            assert!(expected.starts_with(&format!("{n} violations:")));
            assert_eq!(describe.message(), Some(expected.as_str()));
        }
    }

    #[test]
    fn check_stops_at_the_first_violation() {
        let mut ok = true;
        let o = object(r#"{"a": 1}"#);
        let at = Path::root();
        assert!(!Check.require(&mut ok, &o, &at, "/required", &["a"]));
        assert!(ok);
        assert!(Check.require(&mut ok, &o, &at, "/required", &["a", "b"]));
        assert!(!ok);
        let mut ok = true;
        assert!(Check.failed(&mut ok) && !ok);
        let mut ok = true;
        assert!(!Collect::new().failed(&mut ok) && !ok);
    }
}
