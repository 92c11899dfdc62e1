//! The validation context that generated validators report to.

use crate::error::{ErrorKind, ValidationError};
use crate::path::Path;

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

    /// Reports a violation of the keyword at `schema_path` by the value at `at`.
    /// Returns `true` when the caller must stop (check mode).
    #[inline]
    pub fn fail(
        &mut self,
        at: &Path<'_>,
        schema_path: &'static str,
        kind: impl FnOnce() -> ErrorKind,
    ) -> bool {
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

    /// Returns `true` when a failed subschema must stop the caller too (check mode).
    #[inline]
    pub fn stops(&self) -> bool {
        self.errors.is_none()
    }
}
