//! The registry entry types: generated crates list one per flowSpec and one per
//! connectionSpec.

use crate::error::ValidationErrors;
use crate::part_key::{PartKey, UnknownPartKey};
use serde_json::Value;
use std::fmt;

/// Reads a part key given as text (`"scheduleSpec"`, `"transformation:Copy"`) or as a
/// [`PartKey`]; text that names no part is the [`unknown_part`] error.
fn key_of<K>(part: K) -> Result<PartKey, ValidationErrors>
where
    K: TryInto<PartKey>,
    UnknownPartKey: From<K::Error>,
{
    part.try_into()
        .map_err(|e| unknown_part(UnknownPartKey::from(e).0))
}

/// One flowSpec known to a generated crate.
pub struct FlowSpecEntry {
    /// The flowSpec's `id`.
    pub id: &'static str,
    /// The flowSpec's `name`.
    pub name: &'static str,
    /// The flowSpec's `version`, when it has one.
    pub version: Option<&'static str>,
    /// The parts it has: [`PartKey::Options`], [`PartKey::Schedule`], [`PartKey::Run`],
    /// [`PartKey::Transformation`].
    pub parts: &'static [PartKey],
    /// Validates a value against a part through the generated type.
    pub validator: fn(&PartKey, &Value) -> Result<(), ValidationErrors>,
}

impl FlowSpecEntry {
    /// Validates `value` as `part` by converting it into the generated type. `part` is a
    /// [`PartKey`] or its text as in a flowSpec document (`"optionSpec"`,
    /// `"scheduleSpec"`, `"runSpec"` or `"transformation:<Name>"`); a part the flowSpec
    /// does not have is an error.
    pub fn validate<K>(&self, part: K, value: &Value) -> Result<(), ValidationErrors>
    where
        K: TryInto<PartKey>,
        UnknownPartKey: From<K::Error>,
    {
        (self.validator)(&key_of(part)?, value)
    }

    /// Whether the flowSpec has `part` (a [`PartKey`] or its text).
    pub fn has_part<K>(&self, part: K) -> bool
    where
        K: TryInto<PartKey>,
        UnknownPartKey: From<K::Error>,
    {
        key_of(part).is_ok_and(|key| self.parts.contains(&key))
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

/// The error for a part the spec does not have (`part` as users write it).
pub fn unknown_part(part: impl fmt::Display) -> ValidationErrors {
    ValidationErrors::from(crate::error::ValidationError {
        instance_path: String::new(),
        schema_path: "",
        kind: crate::error::ErrorKind::UnknownPart {
            part: part.to_string(),
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
    /// The parts it has: [`PartKey::Auth`] (by authSpec name), [`PartKey::Source`],
    /// [`PartKey::Target`], [`PartKey::ExploreRequest`] and [`PartKey::ExploreResponse`]
    /// (by object type; `file/<file type>` when the file responses differ by file type).
    pub parts: &'static [PartKey],
    /// Validates a value against a part through the generated type.
    pub validator: fn(&PartKey, &Value) -> Result<(), ValidationErrors>,
}

impl ConnectionSpecEntry {
    /// Validates `value` as `part` (one of [`ConnectionSpecEntry::parts`], or its text:
    /// `"auth:<name>"`, `"sourceSpec"`, `"exploreSpec:<object type>"`, ...) by converting
    /// it into the generated type; an unknown part is an error.
    pub fn validate<K>(&self, part: K, value: &Value) -> Result<(), ValidationErrors>
    where
        K: TryInto<PartKey>,
        UnknownPartKey: From<K::Error>,
    {
        (self.validator)(&key_of(part)?, value)
    }

    /// Whether the connectionSpec has `part` (a [`PartKey`] or its text).
    pub fn has_part<K>(&self, part: K) -> bool
    where
        K: TryInto<PartKey>,
        UnknownPartKey: From<K::Error>,
    {
        key_of(part).is_ok_and(|key| self.parts.contains(&key))
    }

    /// The names of its authSpec entries, in document order.
    pub fn auth_names(&self) -> impl Iterator<Item = &'static str> {
        let parts: &'static [PartKey] = self.parts;
        parts.iter().filter_map(|p| match p {
            PartKey::Auth(name) => Some(name.as_ref()),
            _ => None,
        })
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
