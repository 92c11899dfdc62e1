//! The registry entry types: generated crates list one per flowSpec and one per
//! connectionSpec. Both are a [`SpecEntry`], the spec's identity and its parts with the
//! validator over them, told apart by a marker type ([`FlowSpec`], [`ConnectionSpec`]) so
//! a flowSpec registry never hands out a connectionSpec.

use crate::error::ValidationErrors;
use crate::part_key::{PartKey, UnknownPartKey};
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

/// One spec known to a generated crate; `S` says which kind ([`FlowSpecEntry`],
/// [`ConnectionSpecEntry`]). Generated code makes them with [`SpecEntry::new`].
pub struct SpecEntry<S: SpecKind> {
    /// The spec's `id`.
    pub id: &'static str,
    /// The spec's `name`.
    pub name: &'static str,
    /// The spec's `version`, when it has one.
    pub version: Option<&'static str>,
    /// The parts it has. A flowSpec's: [`PartKey::Options`], [`PartKey::Schedule`],
    /// [`PartKey::Run`], [`PartKey::Transformation`]. A connectionSpec's: [`PartKey::Auth`]
    /// (by authSpec name), [`PartKey::Source`], [`PartKey::Target`],
    /// [`PartKey::ExploreRequest`] and [`PartKey::ExploreResponse`] (by object type;
    /// `file/<file type>` when the file responses differ by file type).
    pub parts: &'static [PartKey],
    /// Validates a value against a part through the generated type.
    pub validator: fn(&PartKey, &Value) -> Result<(), ValidationErrors>,
    kind: PhantomData<S>,
}

/// One flowSpec known to a generated crate.
pub type FlowSpecEntry = SpecEntry<FlowSpec>;

/// One connectionSpec known to a generated crate.
pub type ConnectionSpecEntry = SpecEntry<ConnectionSpec>;

/// The kind of spec a [`SpecEntry`] is for: [`FlowSpec`] or [`ConnectionSpec`].
pub trait SpecKind: sealed::Sealed {
    /// The entry's type name, for `Debug`.
    const ENTRY: &'static str;
}

/// The marker of a flowSpec's entry ([`FlowSpecEntry`]).
#[derive(Debug)]
pub enum FlowSpec {}

/// The marker of a connectionSpec's entry ([`ConnectionSpecEntry`]).
#[derive(Debug)]
pub enum ConnectionSpec {}

impl SpecKind for FlowSpec {
    const ENTRY: &'static str = "FlowSpecEntry";
}

impl SpecKind for ConnectionSpec {
    const ENTRY: &'static str = "ConnectionSpecEntry";
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::FlowSpec {}
    impl Sealed for super::ConnectionSpec {}
}

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

impl<S: SpecKind> SpecEntry<S> {
    /// The entry of a spec with these identity fields, `parts` and `validator` (what
    /// generated code writes for each spec module's `ENTRY`).
    pub const fn new(
        id: &'static str,
        name: &'static str,
        version: Option<&'static str>,
        parts: &'static [PartKey],
        validator: fn(&PartKey, &Value) -> Result<(), ValidationErrors>,
    ) -> Self {
        SpecEntry {
            id,
            name,
            version,
            parts,
            validator,
            kind: PhantomData,
        }
    }

    /// Validates `value` as `part` by converting it into the generated type. `part` is a
    /// [`PartKey`] or its text as in the spec document (`"optionSpec"`, `"scheduleSpec"`,
    /// `"runSpec"`, `"transformation:<Name>"`, `"auth:<name>"`, `"sourceSpec"`,
    /// `"exploreSpec:<object type>"`, ...); a part the spec does not have is an error.
    pub fn validate<K>(&self, part: K, value: &Value) -> Result<(), ValidationErrors>
    where
        K: TryInto<PartKey>,
        UnknownPartKey: From<K::Error>,
    {
        (self.validator)(&key_of(part)?, value)
    }

    /// Whether the spec has `part` (a [`PartKey`] or its text).
    pub fn has_part<K>(&self, part: K) -> bool
    where
        K: TryInto<PartKey>,
        UnknownPartKey: From<K::Error>,
    {
        key_of(part).is_ok_and(|key| self.parts.contains(&key))
    }
}

impl SpecEntry<ConnectionSpec> {
    /// The names of its authSpec entries, in document order.
    pub fn auth_names(&self) -> impl Iterator<Item = &'static str> {
        let parts: &'static [PartKey] = self.parts;
        parts.iter().filter_map(|p| match p {
            PartKey::Auth(name) => Some(name.as_ref()),
            _ => None,
        })
    }
}

impl<S: SpecKind> fmt::Debug for SpecEntry<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(S::ENTRY)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn validator(part: &PartKey, _: &Value) -> Result<(), ValidationErrors> {
        match part {
            PartKey::Schedule | PartKey::Auth(_) => Ok(()),
            other => Err(unknown_part(other)),
        }
    }

    const FLOW_PARTS: &[PartKey] = &[PartKey::Schedule];
    const CONNECTION_PARTS: &[PartKey] = &[PartKey::auth("Basic")];

    static FLOW: FlowSpecEntry =
        FlowSpecEntry::new("id-1", "Flow", Some("1.0"), FLOW_PARTS, validator);

    static CONNECTION: ConnectionSpecEntry =
        ConnectionSpecEntry::new("id-2", "Conn", None, CONNECTION_PARTS, validator);

    #[test]
    fn both_kinds_take_a_part_as_a_key_or_as_its_text() {
        let v = Value::Null;
        assert!(FLOW.validate("scheduleSpec", &v).is_ok());
        assert!(FLOW.validate(PartKey::Schedule, &v).is_ok());
        assert!(FLOW.validate("nonsense", &v).is_err());
        assert!(FLOW.has_part("scheduleSpec") && !FLOW.has_part(PartKey::Run));
        assert!(CONNECTION.validate("auth:Basic", &v).is_ok());
        assert!(CONNECTION.has_part("auth:Basic") && !CONNECTION.has_part("sourceSpec"));
        assert_eq!(CONNECTION.auth_names().collect::<Vec<_>>(), ["Basic"]);
    }

    #[test]
    fn debug_names_the_entry_kind() {
        assert!(format!("{FLOW:?}").starts_with("FlowSpecEntry { id: \"id-1\""));
        assert!(format!("{CONNECTION:?}").starts_with("ConnectionSpecEntry { id: \"id-2\""));
    }
}
