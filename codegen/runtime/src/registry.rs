//! The registry entry types: generated crates list one per flowSpec and one per
//! connectionSpec.

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

/// One connectionSpec known to a generated crate.
pub struct ConnectionSpecEntry {
    /// The connectionSpec's `id`.
    pub id: &'static str,
    /// The connectionSpec's `name`.
    pub name: &'static str,
    /// The connectionSpec's `version`, when it has one.
    pub version: Option<&'static str>,
    /// The parts it has: `auth:<authSpec name>`, `sourceSpec`, `targetSpec`,
    /// `exploreSpec:request` and `exploreSpec:<object type>` (`exploreSpec:file/<file
    /// type>` when the file responses differ by file type).
    pub parts: &'static [&'static str],
    /// Validates a value against a part through the generated type.
    pub validator: fn(&str, &Value) -> Result<(), ValidationErrors>,
}

impl ConnectionSpecEntry {
    /// Validates `value` as `part` (one of [`ConnectionSpecEntry::parts`]) by converting
    /// it into the generated type; an unknown part is an error.
    pub fn validate(&self, part: &str, value: &Value) -> Result<(), ValidationErrors> {
        (self.validator)(part, value)
    }

    /// Whether the connectionSpec has `part`.
    pub fn has_part(&self, part: &str) -> bool {
        self.parts.contains(&part)
    }

    /// The names of its authSpec entries, in document order.
    pub fn auth_names(&self) -> impl Iterator<Item = &'static str> {
        self.parts.iter().filter_map(|p| p.strip_prefix("auth:"))
    }
}

impl fmt::Debug for ConnectionSpecEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionSpecEntry")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("version", &self.version)
            .field("parts", &self.parts)
            .finish()
    }
}
