//! Comparing two surfaces item by item: every item added, removed or changed becomes a
//! [`Change`] under one [`Rule`].

use super::model::{BoundKind, Facet, Item, Surface};
use super::rules::{Class, Rule};
use serde::Serialize;
use serde_json::Value;

/// One difference between two states of the inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// How it affects code using the crate.
    pub class: Class,
    /// The rule that classified it.
    pub rule: Rule,
    /// What happened, in a sentence (`` `minimum` 15 → 5 ``).
    pub what: String,
    /// The item (as it is after the change; as it was when removed).
    #[serde(flatten)]
    pub item: Item,
}

/// Every change from `before` to `after`: breaking first, then by spec file and Rust
/// item. What is inside an item added or removed (the members of a new type, the
/// parameters of a removed operation) is not listed on its own.
pub fn compare(before: &Surface, after: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, old) in &before.items {
        match after.items.get(key) {
            None if !inside(key, before, after) => out.push(removed(old)),
            None => {}
            Some(new) => changed(old, new, &mut out),
        }
    }
    for (key, new) in &after.items {
        if !before.items.contains_key(key) && !inside(key, after, before) {
            out.push(added(new));
        }
    }
    out.sort_by(|a, b| {
        (a.class, &a.item.spec, &a.item.rust, &a.item.pointer).cmp(&(
            b.class,
            &b.item.spec,
            &b.item.rust,
            &b.item.pointer,
        ))
    });
    out
}

/// Whether the item `key` of `here` is inside another item of `here` that `there` lacks
/// (keys nest: `module::Type`, `module::Type.member`, `module::Type.member [minimum]`).
fn inside(key: &str, here: &Surface, there: &Surface) -> bool {
    key.char_indices()
        .filter(|(_, c)| matches!(c, ':' | '.' | ' '))
        .map(|(i, _)| &key[..i])
        .any(|outer| here.items.contains_key(outer) && !there.items.contains_key(outer))
}

fn change(rule: Rule, what: String, item: &Item) -> Change {
    Change {
        class: rule.class(item.direction),
        rule,
        what,
        item: item.clone(),
    }
}

fn removed(item: &Item) -> Change {
    let noun = item.facet.noun();
    let (rule, what) = match &item.facet {
        Facet::Module { id } => (Rule::ModuleRemoved, format!("module removed (`{id}`)")),
        Facet::Part { part, .. } => (Rule::PartRemoved, format!("part `{part}` removed")),
        Facet::Type { .. } => (Rule::TypeRemoved, "type removed".into()),
        Facet::Member { .. } => (Rule::MemberRemoved, "member removed".into()),
        Facet::EnumValue { .. } | Facet::Variant { .. } => {
            (Rule::ValueRemoved, format!("{noun} removed"))
        }
        Facet::Bound { keyword, value } => (
            Rule::BoundLoosened,
            format!("`{}` {} removed", keyword.keyword(), show(value)),
        ),
        Facet::Conditional { condition } => (
            Rule::ConditionalRemoved,
            format!("conditional removed: {condition}"),
        ),
        Facet::Operation { route, .. } => (
            Rule::OperationRemoved,
            format!("operation removed ({route})"),
        ),
        Facet::Param { .. } => (Rule::ParamRemoved, "parameter removed".into()),
        Facet::RequestBody { .. } | Facet::ResponseBody { .. } => {
            (Rule::BodyChanged, format!("{noun} removed"))
        }
    };
    change(rule, what, item)
}

fn added(item: &Item) -> Change {
    let noun = item.facet.noun();
    let (rule, what) = match &item.facet {
        Facet::Module { id } => (Rule::ModuleAdded, format!("module added (`{id}`)")),
        Facet::Part { part, shape, .. } => {
            (Rule::PartAdded, format!("part `{part}` added ({shape})"))
        }
        Facet::Type { shape, .. } => (Rule::TypeAdded, format!("type added ({shape})")),
        Facet::Member {
            ty, required: true, ..
        } => (
            Rule::RequiredMemberAdded,
            format!("required member added (`{ty}`)"),
        ),
        Facet::Member { ty, .. } => (
            Rule::OptionalMemberAdded,
            format!("optional member added (`Option<{ty}>`)"),
        ),
        Facet::EnumValue { .. } | Facet::Variant { .. } => {
            (Rule::ValueAdded, format!("{noun} added"))
        }
        Facet::Bound { keyword, value } => (
            Rule::BoundTightened,
            format!("`{}` {} added", keyword.keyword(), show(value)),
        ),
        Facet::Conditional { condition } => (
            Rule::ConditionalAdded,
            format!("conditional added: {condition}"),
        ),
        Facet::Operation { route, .. } => {
            (Rule::OperationAdded, format!("operation added ({route})"))
        }
        Facet::Param {
            required: true, ty, ..
        } => (
            Rule::RequiredParamAdded,
            format!("required parameter added (`{ty}`)"),
        ),
        Facet::Param { ty, .. } => (
            Rule::OptionalParamAdded,
            format!("optional parameter added (`{ty}`)"),
        ),
        Facet::RequestBody { ty, required: true } => (
            Rule::BodyChanged,
            format!("required request body added (`{ty}`)"),
        ),
        Facet::RequestBody { ty, .. } => (
            Rule::BodyLoosened,
            format!("optional request body added (`{ty}`)"),
        ),
        Facet::ResponseBody { ty } => (Rule::BodyChanged, format!("response body added (`{ty}`)")),
    };
    change(rule, what, item)
}

/// A JSON value as a reviewer reads it (strings without quotes when simple).
fn show(v: &Value) -> String {
    format!("`{v}`")
}

/// What changed in an item both states have (the two facets are of one kind, as the
/// item's key says what it is).
fn changed(old: &Item, new: &Item, out: &mut Vec<Change>) {
    let mut push = |rule: Rule, what: String| out.push(change(rule, what, new));
    let (a, b) = (&old.facet, &new.facet);
    schema_changed(a, b, &mut push);
    member_changed(a, b, &mut push);
    endpoint_changed(a, b, &mut push);
    identity_changed(a, b, &mut push);
}

/// A type's or a part's shape and docs, a bound, a conditional.
fn schema_changed(old: &Facet, new: &Facet, push: &mut impl FnMut(Rule, String)) {
    match (old, new) {
        (Facet::Type { shape: a, docs: da }, Facet::Type { shape: b, docs: db })
        | (
            Facet::Part {
                shape: a, docs: da, ..
            },
            Facet::Part {
                shape: b, docs: db, ..
            },
        ) => {
            if a != b {
                push(Rule::TypeChanged, format!("was {a}, now {b}"));
            }
            if da != db {
                push(Rule::DocsChanged, docs_change(da, db));
            }
        }
        (Facet::Bound { keyword, value: a }, Facet::Bound { value: b, .. }) if a != b => {
            let rule = bound_rule(*keyword, a, b);
            push(
                rule,
                format!("`{}` {} → {}", keyword.keyword(), show(a), show(b)),
            );
        }
        (Facet::Conditional { condition: a }, Facet::Conditional { condition: b }) if a != b => {
            push(Rule::ConditionalChanged, format!("was {a}, now {b}"));
        }
        _ => {}
    }
}

/// A member's type, whether it is required, its docs.
fn member_changed(old: &Facet, new: &Facet, push: &mut impl FnMut(Rule, String)) {
    let (
        Facet::Member {
            ty: ta,
            required: ra,
            docs: da,
        },
        Facet::Member {
            ty: tb,
            required: rb,
            docs: db,
        },
    ) = (old, new)
    else {
        return;
    };
    if ta != tb {
        let field = |t: &str, required: bool| match required {
            true => t.to_owned(),
            false => format!("Option<{t}>"),
        };
        let (a, b) = (field(ta, *ra), field(tb, *rb));
        push(Rule::MemberTypeChanged, format!("type `{a}` → `{b}`"));
    }
    match (ra, rb) {
        (false, true) => push(Rule::MemberNowRequired, "optional → required".into()),
        (true, false) => push(Rule::MemberNowOptional, "required → optional".into()),
        _ => {}
    }
    if da != db {
        push(Rule::DocsChanged, docs_change(da, db));
    }
}

/// An operation's route and docs, a parameter, the request and response bodies.
fn endpoint_changed(old: &Facet, new: &Facet, push: &mut impl FnMut(Rule, String)) {
    match (old, new) {
        (Facet::Operation { route: a, docs: da }, Facet::Operation { route: b, docs: db }) => {
            if a != b {
                push(Rule::RouteChanged, format!("{a} → {b}"));
            }
            if da != db {
                push(Rule::DocsChanged, docs_change(da, db));
            }
        }
        (Facet::Param { .. }, Facet::Param { .. }) => param(old, new, push),
        (
            Facet::RequestBody {
                ty: ta,
                required: ra,
            },
            Facet::RequestBody {
                ty: tb,
                required: rb,
            },
        ) => {
            if ta != tb {
                push(Rule::BodyChanged, format!("type `{ta}` → `{tb}`"));
            }
            match (ra, rb) {
                (false, true) => push(Rule::BodyChanged, "optional → required".into()),
                (true, false) => push(Rule::BodyLoosened, "required → optional".into()),
                _ => {}
            }
        }
        (Facet::ResponseBody { ty: a }, Facet::ResponseBody { ty: b }) if a != b => {
            push(Rule::BodyChanged, format!("type `{a}` → `{b}`"));
        }
        _ => {}
    }
}

/// What names an item: a module's id, a Rust variant.
fn identity_changed(old: &Facet, new: &Facet, push: &mut impl FnMut(Rule, String)) {
    match (old, new) {
        (Facet::Module { id: a }, Facet::Module { id: b }) if a != b => {
            push(Rule::TypeChanged, format!("id `{a}` → `{b}`"));
        }
        (Facet::EnumValue { variant: a }, Facet::EnumValue { variant: b })
        | (Facet::Variant { variant: a }, Facet::Variant { variant: b })
            if a != b =>
        {
            push(Rule::TypeChanged, format!("Rust variant `{a}` → `{b}`"));
        }
        _ => {}
    }
}

/// `"old" → "new"`, each cut to a line's worth.
fn docs_change(old: &str, new: &str) -> String {
    let cut = |s: &str| -> String {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match s.char_indices().nth(60) {
            Some((i, _)) => format!("{:?}", format!("{}…", &s[..i])),
            None if s.is_empty() => "none".to_owned(),
            None => format!("{s:?}"),
        }
    };
    format!("documentation {} → {}", cut(old), cut(new))
}

fn param(old: &Facet, new: &Facet, push: &mut impl FnMut(Rule, String)) {
    let (
        Facet::Param {
            place: pa,
            ty: ta,
            required: ra,
        },
        Facet::Param {
            place: pb,
            ty: tb,
            required: rb,
        },
    ) = (old, new)
    else {
        return;
    };
    if pa != pb {
        push(Rule::ParamChanged, format!("moves from {pa} to {pb}"));
    }
    if ta != tb {
        push(Rule::ParamChanged, format!("type `{ta}` → `{tb}`"));
    }
    match (ra, rb) {
        (false, true) => push(Rule::ParamChanged, "optional → required".into()),
        (true, false) => push(Rule::ParamNowOptional, "required → optional".into()),
        _ => {}
    }
}

/// Whether a bound's new value narrows, widens or just differs.
fn bound_rule(kind: BoundKind, a: &Value, b: &Value) -> Rule {
    if kind == BoundKind::Values {
        let (Some(a), Some(b)) = (a.as_array(), b.as_array()) else {
            return Rule::BoundChanged;
        };
        return match (
            b.iter().all(|v| a.contains(v)),
            a.iter().all(|v| b.contains(v)),
        ) {
            (true, _) => Rule::BoundTightened,
            (false, true) => Rule::BoundLoosened,
            (false, false) => Rule::BoundChanged,
        };
    }
    let (Some(x), Some(y), Some(larger_tighter)) =
        (a.as_f64(), b.as_f64(), kind.larger_is_tighter())
    else {
        return Rule::BoundChanged;
    };
    if (y > x) == larger_tighter {
        Rule::BoundTightened
    } else {
        Rule::BoundLoosened
    }
}
