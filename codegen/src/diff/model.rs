//! The API surface of one state of the inputs: every item code using the generated crate
//! can see (modules, parts, types, members, enum values, variants, bounds, conditionals,
//! operations, parameters, bodies), keyed so that two states can be compared item by item.

use serde::Serialize;
use std::collections::BTreeMap;

/// Which way values of an item travel, seen from code that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Code builds and sends it (flowSpec and connectionSpec parts, request bodies,
    /// parameters).
    Send,
    /// Code reads it from answers (response bodies).
    Read,
    /// Both: a type used in a request and in an answer.
    Both,
}

impl Direction {
    /// Whether code sends values of it.
    pub fn sends(self) -> bool {
        matches!(self, Direction::Send | Direction::Both)
    }

    /// Whether code reads values of it.
    pub fn reads(self) -> bool {
        matches!(self, Direction::Read | Direction::Both)
    }
}

/// A keyword that narrows the values a position accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum BoundKind {
    /// `minimum`
    Minimum,
    /// `exclusiveMinimum`
    ExclusiveMinimum,
    /// `maximum`
    Maximum,
    /// `exclusiveMaximum`
    ExclusiveMaximum,
    /// `multipleOf`
    MultipleOf,
    /// `minLength`
    MinLength,
    /// `maxLength`
    MaxLength,
    /// `pattern`
    Pattern,
    /// `format`
    Format,
    /// `minItems`
    MinItems,
    /// `maxItems`
    MaxItems,
    /// `uniqueItems`
    UniqueItems,
    /// `minProperties`
    MinProperties,
    /// `maxProperties`
    MaxProperties,
    /// `enum` or `const` on a value that is not a string enum
    Values,
}

impl BoundKind {
    /// The keyword as the schema spells it.
    pub fn keyword(self) -> &'static str {
        match self {
            BoundKind::Minimum => "minimum",
            BoundKind::ExclusiveMinimum => "exclusiveMinimum",
            BoundKind::Maximum => "maximum",
            BoundKind::ExclusiveMaximum => "exclusiveMaximum",
            BoundKind::MultipleOf => "multipleOf",
            BoundKind::MinLength => "minLength",
            BoundKind::MaxLength => "maxLength",
            BoundKind::Pattern => "pattern",
            BoundKind::Format => "format",
            BoundKind::MinItems => "minItems",
            BoundKind::MaxItems => "maxItems",
            BoundKind::UniqueItems => "uniqueItems",
            BoundKind::MinProperties => "minProperties",
            BoundKind::MaxProperties => "maxProperties",
            BoundKind::Values => "enum",
        }
    }

    /// Whether a larger value accepts fewer values (`minimum`), or a smaller one does
    /// (`maximum`); `None` when values do not compare (`pattern`, `format`, `enum`).
    pub fn larger_is_tighter(self) -> Option<bool> {
        match self {
            BoundKind::Minimum
            | BoundKind::ExclusiveMinimum
            | BoundKind::MinLength
            | BoundKind::MinItems
            | BoundKind::MinProperties => Some(true),
            BoundKind::Maximum
            | BoundKind::ExclusiveMaximum
            | BoundKind::MaxLength
            | BoundKind::MaxItems
            | BoundKind::MaxProperties => Some(false),
            _ => None,
        }
    }
}

/// What an item is, with what of it can change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Facet {
    /// A flowSpec, connectionSpec or endpoint description module.
    Module {
        /// The spec's `id` (or the description's title).
        id: String,
    },
    /// A part of a flowSpec or connectionSpec (`scheduleSpec`, `auth:Basic`, ...): its
    /// root type.
    Part {
        /// The part's registry key.
        part: String,
        /// What kind of type its root is.
        shape: String,
        /// Its documentation.
        docs: String,
    },
    /// A generated type.
    Type {
        /// What kind of type (`struct`, `enum`, `newtype of i64`, ...).
        shape: String,
        /// Its documentation (title and description).
        docs: String,
    },
    /// A member of a struct.
    Member {
        /// Its Rust type.
        ty: String,
        /// Whether it must be present.
        required: bool,
        /// Its documentation.
        docs: String,
    },
    /// A value of a string enum.
    EnumValue {
        /// The Rust variant.
        variant: String,
    },
    /// A variant of a union told apart by a tag member.
    Variant {
        /// The Rust variant.
        variant: String,
    },
    /// A narrowing keyword; the value is the conjunction's strictest, as JSON.
    Bound {
        /// Which keyword.
        keyword: BoundKind,
        /// Its value.
        value: serde_json::Value,
    },
    /// An `if`/`then`/`else` the validator enforces.
    Conditional {
        /// A canonical rendering of the condition and what each branch requires.
        condition: String,
    },
    /// An operation of a client.
    Operation {
        /// `GET /flows/{id}`.
        route: String,
        /// Its summary and description.
        docs: String,
    },
    /// A parameter of an operation.
    Param {
        /// Where it goes (`path`, `query`, `header`).
        place: String,
        /// Its Rust type.
        ty: String,
        /// Whether it must be given.
        required: bool,
    },
    /// The request body of an operation.
    RequestBody {
        /// Its Rust type.
        ty: String,
        /// Whether it must be sent.
        required: bool,
    },
    /// What a successful call answers.
    ResponseBody {
        /// Its Rust type (or `()` / bytes).
        ty: String,
    },
}

impl Facet {
    /// A short noun for the item (`member`, `enum value`, ...).
    pub fn noun(&self) -> &'static str {
        match self {
            Facet::Module { .. } => "module",
            Facet::Part { .. } => "part",
            Facet::Type { .. } => "type",
            Facet::Member { .. } => "member",
            Facet::EnumValue { .. } => "enum value",
            Facet::Variant { .. } => "variant",
            Facet::Bound { .. } => "bound",
            Facet::Conditional { .. } => "conditional",
            Facet::Operation { .. } => "operation",
            Facet::Param { .. } => "parameter",
            Facet::RequestBody { .. } => "request body",
            Facet::ResponseBody { .. } => "response body",
        }
    }
}

/// One item of the surface.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The spec file, relative to the specs directory (`flowspecs/crm-to-aep.json`).
    pub spec: String,
    /// The JSON pointer of the node it comes from.
    pub pointer: String,
    /// The Rust item it affects (`crm_to_aep::ScheduleMinuteInterval`).
    pub rust: String,
    /// Which way its values travel.
    pub direction: Direction,
    /// What it is.
    pub facet: Facet,
}

/// Every item of one state of the inputs, by a key that stays the same when nothing
/// about the item changed (the Rust path, plus the keyword or wire value).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surface {
    /// The items by key.
    pub items: BTreeMap<String, Item>,
}

impl Surface {
    /// Adds `item` under `key`; a second item under the same key keeps the first (the
    /// generator makes Rust names unique, so this only happens for repeated keywords).
    pub fn add(&mut self, key: String, item: Item) {
        self.items.entry(key).or_insert(item);
    }
}
