//! The Rust types chosen for a unit's schemas.
//!
//! The choice follows one rule: a type must be able to hold **every** instance its schema
//! accepts (so a valid document always converts), and should hold as few invalid ones as
//! the schema's definite keywords allow. Narrowing keywords that a type cannot express
//! (`not`, `anyOf`, a conditional that is not lowered) are enforced by the validator.

use super::NodeId;
use crate::diag::Location;
use serde_json::Value;

/// The index of a named type in [`TypeSet::defs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefId(pub usize);

/// How a value is typed where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RustType {
    /// `serde_json::Value`: anything.
    Value,
    /// `bool`
    Bool,
    /// `i64`
    Integer,
    /// `f64`
    Number,
    /// `String`
    String,
    /// `flowgen_runtime::Secret`: a string redacted in `Debug` (a password, a key).
    Secret,
    /// `()`, serialised as `null`.
    Null,
    /// `serde_json::Map<String, Value>`
    Map,
    /// `Vec<T>`
    Vec(Box<RustType>),
    /// A generated type.
    Named(DefId),
}

/// Documentation taken from the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// `title`
    pub title: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `default`
    pub default: Option<Value>,
}

/// A field of a generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON member name.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// Its type (wrapped in `Option` when not required).
    pub ty: RustType,
    /// Whether the member must be present.
    pub required: bool,
    /// Whether the field is boxed (the type contains itself).
    pub boxed: bool,
    /// Documentation.
    pub docs: Docs,
}

/// A generated struct's members.
#[derive(Debug, Clone, PartialEq)]
pub struct StructShape {
    /// Declared members, in schema order.
    pub fields: Vec<Field>,
    /// Whether undeclared members are allowed (and kept in an `extra` map).
    pub extra: bool,
}

/// One variant of a tagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub rust: String,
    /// The tag's value.
    pub tag_value: String,
    /// The struct the variant holds.
    pub def: DefId,
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq)]
pub enum DefKind {
    /// A struct with a field per declared property.
    Struct(StructShape),
    /// The members of one variant of a [`DefKind::Tagged`] union; the tag member is implied.
    VariantStruct {
        /// The members besides the tag.
        shape: StructShape,
        /// The union it belongs to.
        parent: DefId,
        /// The tag's value for this variant.
        tag_value: String,
    },
    /// An enum of string values.
    StringEnum(Vec<(String, String)>),
    /// A validated wrapper around a plain type.
    Newtype(RustType),
    /// An object told apart by the string value of one member.
    Tagged {
        /// The discriminating member.
        tag: String,
        /// The declared members that come before the tag (so it is written in place).
        tag_after: Vec<String>,
        /// The variants, in the order of the tag's values.
        variants: Vec<Variant>,
    },
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct Def {
    /// Its Rust name (unique in the module).
    pub name: String,
    /// What it is.
    pub kind: DefKind,
    /// The schema nodes a value must satisfy (all of them); empty for variant structs,
    /// which are validated through their union.
    pub validators: Vec<NodeId>,
    /// Where it comes from.
    pub location: Location,
    /// Documentation.
    pub docs: Docs,
}

/// The named types of a unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeSet {
    /// Every named type, in the order they were first needed.
    pub defs: Vec<Def>,
    /// The type of each root, in the order of the unit's roots.
    pub roots: Vec<DefId>,
}

impl TypeSet {
    /// Every node some type validates against directly.
    pub fn entry_nodes(&self) -> Vec<NodeId> {
        self.defs
            .iter()
            .flat_map(|d| d.validators.iter().copied())
            .collect()
    }

    /// The type with id `id`.
    pub fn def(&self, id: DefId) -> &Def {
        &self.defs[id.0]
    }

    /// Which types a value of one of `from` can contain (`from` included): through
    /// fields, arrays, newtypes and the variants of a union.
    pub fn reachable(&self, from: &[DefId]) -> Vec<bool> {
        fn named(t: &RustType) -> Option<DefId> {
            match t {
                RustType::Named(d) => Some(*d),
                RustType::Vec(inner) => named(inner),
                _ => None,
            }
        }
        let mut seen = vec![false; self.defs.len()];
        let mut stack = from.to_vec();
        while let Some(d) = stack.pop() {
            if std::mem::replace(&mut seen[d.0], true) {
                continue;
            }
            match &self.def(d).kind {
                DefKind::Struct(shape) | DefKind::VariantStruct { shape, .. } => {
                    stack.extend(shape.fields.iter().filter_map(|f| named(&f.ty)));
                }
                DefKind::Newtype(inner) => stack.extend(named(inner)),
                DefKind::Tagged { variants, .. } => stack.extend(variants.iter().map(|v| v.def)),
                DefKind::StringEnum(_) => {}
            }
        }
        seen
    }
}
