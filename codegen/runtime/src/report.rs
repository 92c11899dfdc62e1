//! The validation context that generated validators report to.

use crate::error::{ErrorKind, ValidationError};
use crate::json::{self, JsonType};
use crate::path::Path;
use serde_json::{Map, Value};

/// Where a generated validator sends its findings.
///
/// In *collect* mode every violation is recorded and validation goes on; in *check* mode
/// the first violation stops it. Generated code calls [`Ctx::fail`] and returns as soon as
/// that answers `true`.
#[derive(Debug)]
pub struct Ctx<'e> {
    errors: Option<&'e mut Vec<ValidationError>>,
}

impl<'e> Ctx<'e> {
    /// A context that records every violation into `errors`.
    pub fn collect(errors: &'e mut Vec<ValidationError>) -> Self {
        Ctx {
            errors: Some(errors),
        }
    }

    /// A context that only wants the verdict: the first violation stops validation.
    pub fn check() -> Ctx<'static> {
        Ctx { errors: None }
    }

    /// Reports a violation of the keyword at `schema_path` by the value at `at` and clears
    /// the caller's `ok`. Returns `true` when the caller must stop (check mode).
    #[inline]
    pub fn fail(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        schema_path: &'static str,
        kind: impl FnOnce() -> ErrorKind,
    ) -> bool {
        *ok = false;
        match &mut self.errors {
            Some(errors) => {
                errors.push(ValidationError {
                    instance_path: at.to_pointer(),
                    schema_path,
                    kind: kind(),
                });
                false
            }
            None => true,
        }
    }

    /// [`Ctx::fail`] for the `type` keyword: the value at `at` is none of `expected`.
    #[inline]
    pub fn fail_type(
        &mut self,
        ok: &mut bool,
        at: &Path<'_>,
        schema_path: &'static str,
        expected: &'static [JsonType],
    ) -> bool {
        self.fail(ok, at, schema_path, || ErrorKind::Type { expected })
    }

    /// The `required` keyword: reports each of `names` that `object` lacks, in order.
    /// Returns `true` when the caller must stop (check mode).
    #[inline]
    pub fn require(
        &mut self,
        ok: &mut bool,
        object: &Map<String, Value>,
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
    /// Returns `true` when the caller must stop too (check mode).
    #[inline]
    pub fn failed(&mut self, ok: &mut bool) -> bool {
        *ok = false;
        self.stops()
    }

    /// Returns `true` when a failed subschema must stop the caller too (check mode).
    #[inline]
    pub fn stops(&self) -> bool {
        self.errors.is_none()
    }
}
