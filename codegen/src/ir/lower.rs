//! Lowering conditionals to tagged unions.
//!
//! flowSpecs say "if `frequency` is `once` then no `interval`, else `interval` is
//! required, and at least 15 when `frequency` is `minute`" with `if/then/else` on a
//! `const`. When a conditional tests one string-valued member this way (nesting
//! included), or when a `oneOf`/`anyOf` tells its branches apart by a `const` member, the
//! object becomes a Rust enum with one variant per value of that member; each variant has
//! exactly the members its branch allows, with the constraints its branch adds.

use super::facts::{facts, flatten, flatten_all, Facts};
use super::{NodeId, NodeKind, Unit};
use serde_json::Value;

/// One variant of a split.
#[derive(Debug, Clone)]
pub struct VariantConj {
    /// The tag's value.
    pub tag_value: String,
    /// Every schema that applies to an object with this tag value.
    pub conj: Vec<NodeId>,
    /// Members that must be absent (`not: {required: [member]}`).
    pub forbidden: Vec<String>,
}

/// An object split by the value of one member.
#[derive(Debug, Clone)]
pub struct Split {
    /// The member whose value selects the variant.
    pub tag: String,
    /// The variants, in the order of the member's values.
    pub variants: Vec<VariantConj>,
}

/// The string values one member is tested for, when `node` is such a test and nothing
/// more: `{properties: {m: {const: v}}}` or `{m: {enum: [...]}}`, optionally with
/// `required: [m]` and `type: object`.
fn member_test(unit: &Unit, node: NodeId) -> Option<(String, Vec<String>)> {
    let mut found: Option<(String, Vec<String>)> = None;
    for n in flatten(unit, node) {
        let k = unit.node(n).keywords()?;
        if k.reference.is_some() {
            continue;
        }
        let only_structural = k.enumeration.is_none()
            && k.constant.is_none()
            && k.any_of.is_none()
            && k.one_of.is_none()
            && k.not.is_none()
            && k.if_.is_none()
            && k.pattern_properties.is_empty()
            && k.additional_properties.is_none()
            && k.dependencies.is_empty()
            && k.types.as_ref().map_or(true, |t| {
                t.len() == 1 && t[0] == flowgen_runtime::json::JsonType::Object
            });
        if !only_structural {
            return None;
        }
        for (name, prop) in &k.properties {
            let pf = facts(unit, &flatten(unit, *prop), false);
            let values: Vec<String> = pf
                .values?
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<_>>()?;
            if found.as_ref().is_some_and(|(m, _)| m != name) {
                return None;
            }
            found = Some((name.clone(), values));
        }
        if k.required
            .iter()
            .any(|r| found.as_ref().map_or(true, |(m, _)| m != r))
        {
            return None;
        }
    }
    found
}

/// The string values member `tag` may take in `f`, when it is required and enumerated.
fn tag_values(unit: &Unit, f: &Facts, tag: &str) -> Option<Vec<String>> {
    if !f.required.iter().any(|r| r == tag) {
        return None;
    }
    let pf = facts(unit, &flatten_all(unit, f.property(tag)?), false);
    pf.values?
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn is_false(unit: &Unit, conj: &[NodeId]) -> bool {
    conj.iter()
        .any(|n| matches!(unit.node(*n).kind, NodeKind::Bool(false)))
}

/// `not: {required: [m]}` with a single member: `m` is forbidden.
fn forbidden_member(unit: &Unit, not: NodeId) -> Option<String> {
    let conj = flatten(unit, not);
    let [one] = conj.as_slice() else { return None };
    let k = unit.node(*one).keywords()?;
    let [member] = k.required.as_slice() else {
        return None;
    };
    let bare = k.properties.is_empty()
        && k.types.is_none()
        && k.enumeration.is_none()
        && k.any_of.is_none()
        && k.one_of.is_none()
        && k.not.is_none()
        && k.if_.is_none();
    bare.then(|| member.clone())
}

/// Adds to `out` what applies when member `tag` has value `value`, for the conditionals
/// on `tag` found in `conj` (and in the branches they select, recursively).
fn evaluate(
    unit: &Unit,
    conj: &[NodeId],
    tag: &str,
    value: &str,
    out: &mut VariantConj,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for &n in conj {
        let Some(k) = unit.node(n).keywords() else {
            continue;
        };
        if let Some(not) = k.not {
            if let Some(m) = forbidden_member(unit, not) {
                if !out.forbidden.contains(&m) {
                    out.forbidden.push(m);
                }
            }
        }
        let Some(test) = k.if_ else { continue };
        let Some((member, values)) = member_test(unit, test) else {
            continue;
        };
        if member != tag {
            continue;
        }
        let branch = if values.iter().any(|v| v == value) {
            k.then
        } else {
            k.else_
        };
        let Some(branch) = branch else { continue };
        let nodes = flatten(unit, branch);
        for b in &nodes {
            if !out.conj.contains(b) {
                out.conj.push(*b);
            }
        }
        evaluate(unit, &nodes, tag, value, out, depth + 1);
    }
}

/// Splits the object described by `conj` (with facts `f`) by a member, if the schemas
/// say how.
pub fn split(unit: &Unit, conj: &[NodeId], f: &Facts, formats: bool) -> Option<Split> {
    split_conditional(unit, conj, f).or_else(|| split_alternatives(unit, conj, f, formats))
}

fn split_conditional(unit: &Unit, conj: &[NodeId], f: &Facts) -> Option<Split> {
    let tag = conj.iter().find_map(|n| {
        let test = unit.node(*n).keywords()?.if_?;
        member_test(unit, test).map(|(m, _)| m)
    })?;
    let values = tag_values(unit, f, &tag)?;
    let mut variants = Vec::new();
    for value in values {
        let mut v = VariantConj {
            tag_value: value.clone(),
            conj: conj.to_vec(),
            forbidden: Vec::new(),
        };
        evaluate(unit, conj, &tag, &value, &mut v, 0);
        if !is_false(unit, &v.conj) {
            variants.push(v);
        }
    }
    (!variants.is_empty()).then_some(Split { tag, variants })
}

/// Splits by a `oneOf`/`anyOf` whose branches each accept only objects, told apart by a
/// `const` member (such a split holds even where `type` allows other kinds of value).
pub fn split_alternatives(unit: &Unit, conj: &[NodeId], f: &Facts, formats: bool) -> Option<Split> {
    for &n in conj {
        let Some(k) = unit.node(n).keywords() else {
            continue;
        };
        let Some(branches) = k.one_of.as_ref().or(k.any_of.as_ref()) else {
            continue;
        };
        let mut tag: Option<String> = None;
        let mut variants: Vec<VariantConj> = Vec::new();
        let mut ok = true;
        for b in branches {
            let bconj = flatten(unit, *b);
            let bf = facts(unit, &bconj, formats);
            let found = bf.properties.iter().find_map(|(name, ids)| {
                let pf = facts(unit, &flatten_all(unit, ids), formats);
                match pf.values.as_deref() {
                    Some([Value::String(s)]) => Some((name.clone(), s.clone())),
                    _ => None,
                }
            });
            let Some((name, value)) = found else {
                ok = false;
                break;
            };
            let required = bf.required.contains(&name) || f.required.contains(&name);
            let object = facts(unit, &[conj, &bconj].concat(), formats).kinds == 4;
            if !required
                || !object
                || tag.as_ref().is_some_and(|t| *t != name)
                || variants.iter().any(|v| v.tag_value == value)
            {
                ok = false;
                break;
            }
            tag = Some(name);
            let mut all = conj.to_vec();
            all.extend(bconj.iter().copied().filter(|x| !conj.contains(x)));
            variants.push(VariantConj {
                tag_value: value,
                conj: all,
                forbidden: Vec::new(),
            });
        }
        if ok {
            if let Some(tag) = tag {
                return Some(Split { tag, variants });
            }
        }
    }
    None
}
