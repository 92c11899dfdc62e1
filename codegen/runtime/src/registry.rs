//! The flowSpec registry entry type: generated crates list one per flowSpec.

use crate::error::ValidationErrors;
use serde_json::Value;
use std::fmt;

/// One flowSpec known to a generated crate.
pub struct FlowSpecEntry {
    /// The flowSpec's `id`.
    pub id: &'static str,
    /// The flowSpec's `name`.
    pub name: &'static str,
    /// The flowSpec's `version`, when it has one.
    pub version: Option<&'static str>,
    /// The parts it has: `optionSpec`, `scheduleSpec`, `runSpec`, `transformation:<Name>`.
    pub parts: &'static [&'static str],
    /// Validates a value against a part through the generated type.
    pub validator: fn(&str, &Value) -> Result<(), ValidationErrors>,
}

impl FlowSpecEntry {
    /// Validates `value` as `part` (`"optionSpec"`, `"scheduleSpec"`, `"runSpec"` or
    /// `"transformation:<Name>"`) by converting it into the generated type.
    pub fn validate(&self, part: &str, value: &Value) -> Result<(), ValidationErrors> {
        (self.validator)(part, value)
    }

    /// Whether the flowSpec has `part`.
    pub fn has_part(&self, part: &str) -> bool {
        self.parts.contains(&part)
    }
}

impl fmt::Debug for FlowSpecEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FlowSpecEntry")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("version", &self.version)
            .field("parts", &self.parts)
            .finish()
    }
}

/// The error for a part the flowSpec does not have.
pub fn unknown_part(part: &str) -> ValidationErrors {
    ValidationErrors::from(crate::error::ValidationError {
        instance_path: String::new(),
        schema_path: "",
        kind: crate::error::ErrorKind::UnknownPart {
            part: part.to_owned(),
        },
    })
}
