//! The classification rules: each change found is one [`Rule`], and a rule says whether
//! it breaks code that sends values of the item, code that reads them, or neither.
//! `docs/change-report.md` has the same table; a test keeps the two in step.

use super::model::Direction;
use serde::Serialize;

/// How a change affects code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Code that compiled or requests that were valid may no longer be.
    Breaking,
    /// Something new; existing code and requests keep working.
    Additive,
    /// Only documentation changed.
    Documentation,
}

impl Class {
    /// `breaking`, `additive`, `documentation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Documentation => "documentation",
        }
    }
}

/// How a class depends on the way values travel.
#[derive(Debug, Clone, Copy)]
enum By {
    /// The same whichever way.
    Always(Class),
    /// Breaking when code sends values of the item, else additive.
    BreaksSenders,
    /// Breaking when code reads values of the item, else additive.
    BreaksReaders,
}

macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident = $id:literal, $by:expr, $text:literal;)*) => {
        /// One classification rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(into = "&'static str")]
        pub enum Rule {
            $($(#[$doc])* $name,)*
        }

        impl Rule {
            /// Every rule, in the order of the documented table.
            pub const ALL: &'static [Rule] = &[$(Rule::$name),*];

            /// The rule's id (`member-removed`), as JSON output and the docs name it.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$name => $id,)*
                }
            }

            /// What the rule covers, in a sentence.
            pub fn text(self) -> &'static str {
                match self {
                    $(Rule::$name => $text,)*
                }
            }

            fn by(self) -> By {
                use Class::*;
                let _ = (Breaking, Additive, Documentation);
                match self {
                    $(Rule::$name => $by,)*
                }
            }
        }
    };
}

rules! {
    /// A flowSpec, connectionSpec or endpoint description is gone.
    ModuleRemoved = "module-removed", By::Always(Breaking), "a flowSpec, connectionSpec or endpoint description is gone: its module disappears";
    /// A new one.
    ModuleAdded = "module-added", By::Always(Additive), "a new flowSpec, connectionSpec or endpoint description: a new module";
    /// A part is gone.
    PartRemoved = "part-removed", By::Always(Breaking), "a part (scheduleSpec, a transformation, an authSpec entry, ...) is gone";
    /// A new part.
    PartAdded = "part-added", By::Always(Additive), "a new part";
    /// A type is gone.
    TypeRemoved = "type-removed", By::Always(Breaking), "a generated type is gone (code naming it no longer compiles)";
    /// A new type.
    TypeAdded = "type-added", By::Always(Additive), "a new generated type";
    /// A type became another kind of type.
    TypeChanged = "type-changed", By::Always(Breaking), "a type changes kind (struct, enum, newtype of another type)";
    /// A member is gone.
    MemberRemoved = "member-removed", By::Always(Breaking), "a member is gone";
    /// A new required member.
    RequiredMemberAdded = "required-member-added", By::BreaksSenders, "a new required member: senders must now set it";
    /// A new optional member.
    OptionalMemberAdded = "optional-member-added", By::Always(Additive), "a new optional member";
    /// Optional became required.
    MemberNowRequired = "member-now-required", By::Always(Breaking), "an optional member becomes required (senders must set it; readers get `T` instead of `Option<T>`)";
    /// Required became optional.
    MemberNowOptional = "member-now-optional", By::BreaksReaders, "a required member becomes optional: readers get `Option<T>` instead of `T`";
    /// A member's type changed.
    MemberTypeChanged = "member-type-changed", By::Always(Breaking), "a member's Rust type changes";
    /// An enum value or union variant is gone.
    ValueRemoved = "value-removed", By::Always(Breaking), "an enum value or a union variant is gone";
    /// A new enum value or union variant.
    ValueAdded = "value-added", By::BreaksReaders, "a new enum value or union variant: readers' exhaustive matches need a new arm";
    /// A bound narrows the accepted values.
    BoundTightened = "bound-tightened", By::BreaksSenders, "a bound narrows what is accepted (a higher `minimum`, a new `maxLength`, fewer `enum` values, a new `pattern`)";
    /// A bound widens the accepted values.
    BoundLoosened = "bound-loosened", By::BreaksReaders, "a bound widens what is accepted (a lower `minimum`, a bound removed, more `enum` values)";
    /// A bound changed in a way that neither narrows nor widens for sure.
    BoundChanged = "bound-changed", By::Always(Breaking), "a bound changes in a way that is not a plain narrowing or widening (another `pattern` or `format`)";
    /// A new conditional.
    ConditionalAdded = "conditional-added", By::BreaksSenders, "a new `if`/`then`/`else`: some values are no longer accepted";
    /// A conditional is gone.
    ConditionalRemoved = "conditional-removed", By::BreaksReaders, "an `if`/`then`/`else` is gone: more values are accepted";
    /// A conditional changed.
    ConditionalChanged = "conditional-changed", By::Always(Breaking), "an `if`/`then`/`else` changes its condition or what a branch requires";
    /// An operation is gone.
    OperationRemoved = "operation-removed", By::Always(Breaking), "an operation (a `Client` method) is gone";
    /// A new operation.
    OperationAdded = "operation-added", By::Always(Additive), "a new operation";
    /// An operation moved.
    RouteChanged = "route-changed", By::Always(Breaking), "an operation's method or path changes";
    /// A parameter is gone.
    ParamRemoved = "param-removed", By::Always(Breaking), "a parameter is gone";
    /// A new required parameter.
    RequiredParamAdded = "required-param-added", By::Always(Breaking), "a new required parameter (a new argument of the method)";
    /// A new optional parameter.
    OptionalParamAdded = "optional-param-added", By::Always(Additive), "a new optional parameter (a new builder setter)";
    /// A parameter changed.
    ParamChanged = "param-changed", By::Always(Breaking), "a parameter becomes required, moves (path, query, header) or changes type";
    /// A parameter became optional.
    ParamNowOptional = "param-now-optional", By::Always(Additive), "a required parameter becomes optional";
    /// A request body's type or requiredness changed, or a required one appeared.
    BodyChanged = "body-changed", By::Always(Breaking), "a request or response body changes type, a request body becomes required, appears as required or is gone";
    /// An optional request body appeared, or a body became optional.
    BodyLoosened = "body-loosened", By::Always(Additive), "an optional request body appears, or a required one becomes optional";
    /// Only documentation changed.
    DocsChanged = "docs-changed", By::Always(Documentation), "a title, description or summary changes";
}

impl From<Rule> for &'static str {
    fn from(r: Rule) -> Self {
        r.id()
    }
}

impl Rule {
    /// The class of a change under this rule to an item whose values travel `direction`.
    pub fn class(self, direction: Direction) -> Class {
        match self.by() {
            By::Always(c) => c,
            By::BreaksSenders if direction.sends() => Class::Breaking,
            By::BreaksReaders if direction.reads() => Class::Breaking,
            By::BreaksSenders | By::BreaksReaders => Class::Additive,
        }
    }

    /// The class for code that only sends and for code that only reads, as the table
    /// shows it.
    pub fn classes(self) -> (Class, Class) {
        (self.class(Direction::Send), self.class(Direction::Read))
    }
}
