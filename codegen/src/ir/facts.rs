//! What a conjunction of schemas definitely says: the schemas that apply to one value in
//! place (through `$ref` and `allOf`), and the facts their definite keywords give (types,
//! `enum`/`const` values, declared and required members). Type choice ([`super::shape`])
//! and conditional lowering ([`super::lower`]) both read these.

use super::types::Docs;
use super::{NodeId, NodeKind, Unit};
use crate::schema::{Items, Keywords};
use flowgen_runtime::json::{self, JsonType};
use serde_json::Value;

/// `node` followed by everything applied to the same value through `$ref` and `allOf`,
/// depth first, without repeats.
pub fn flatten(unit: &Unit, node: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if out.contains(&n) {
            continue;
        }
        out.push(n);
        if let Some(k) = unit.node(n).keywords() {
            stack.extend(k.all_of.iter().rev().copied());
            stack.extend(k.reference);
        }
    }
    out
}

/// The conjunction of several positions' schemas, flattened.
pub fn flatten_all(unit: &Unit, nodes: &[NodeId]) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = Vec::new();
    for n in nodes {
        for m in flatten(unit, *n) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// Kinds of JSON value, as bits: `number` is integer | fraction.
pub(crate) const NULL: u8 = 1;
pub(crate) const BOOLEAN: u8 = 2;
pub(crate) const OBJECT: u8 = 4;
pub(crate) const ARRAY: u8 = 8;
pub(crate) const STRING: u8 = 16;
pub(crate) const INTEGER: u8 = 32;
pub(crate) const FRACTION: u8 = 64;
pub(crate) const ANY: u8 = 127;

fn bits(t: JsonType) -> u8 {
    match t {
        JsonType::Null => NULL,
        JsonType::Boolean => BOOLEAN,
        JsonType::Object => OBJECT,
        JsonType::Array => ARRAY,
        JsonType::String => STRING,
        JsonType::Integer => INTEGER,
        JsonType::Number => INTEGER | FRACTION,
    }
}

fn bits_of_value(v: &Value) -> u8 {
    match v {
        Value::Null => NULL,
        Value::Bool(_) => BOOLEAN,
        Value::Object(_) => OBJECT,
        Value::Array(_) => ARRAY,
        Value::String(_) => STRING,
        Value::Number(_) if json::is_integer(v) => INTEGER,
        Value::Number(_) => FRACTION,
    }
}

/// What a conjunction of schemas definitely says.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The kinds of value allowed (bits above).
    pub kinds: u8,
    /// The only values allowed, when an `enum` or `const` says so.
    pub values: Option<Vec<Value>>,
    /// Declared properties with every schema that applies to each, in first-seen order.
    pub properties: Vec<(String, Vec<NodeId>)>,
    /// Required properties.
    pub required: Vec<String>,
    /// Whether undeclared members are forbidden outright.
    pub closed: bool,
    /// The schemas every array item must match, unless a tuple form is used.
    pub items: Option<Vec<NodeId>>,
    /// Whether any keyword narrows the value beyond what the Rust type says.
    pub constrained: bool,
    /// Documentation from the first schema that has some.
    pub docs: Docs,
}

impl Facts {
    /// The property's schemas.
    pub fn property(&self, name: &str) -> Option<&[NodeId]> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

impl Facts {
    /// Documentation from the first schema that has some.
    fn add_docs(&mut self, k: &Keywords<NodeId>) {
        if self.docs.title.is_none() && self.docs.description.is_none() {
            self.docs.title.clone_from(&k.title);
            self.docs.description.clone_from(&k.description);
        }
        if self.docs.default.is_none() {
            self.docs.default.clone_from(&k.default);
        }
    }

    /// Narrows the allowed values by the schema's `enum` and `const`.
    fn add_listed_values(&mut self, k: &Keywords<NodeId>) {
        let listed = match (&k.enumeration, &k.constant) {
            (_, Some(c)) => Some(vec![c.clone()]),
            (Some(e), None) => Some(e.clone()),
            (None, None) => None,
        };
        let Some(mut vals) = listed else { return };
        if let Some(prev) = &self.values {
            vals.retain(|v| prev.iter().any(|p| json::equal(p, v)));
        }
        if k.constant.is_some() && k.enumeration.is_some() {
            if let Some(e) = &k.enumeration {
                vals.retain(|v| e.iter().any(|p| json::equal(p, v)));
            }
        }
        self.values = Some(vals);
        self.constrained = true;
    }

    /// Adds the schema's declared and required properties.
    fn add_members(&mut self, k: &Keywords<NodeId>) {
        for (name, id) in &k.properties {
            match self.properties.iter_mut().find(|(n, _)| n == name) {
                Some((_, ids)) => ids.push(*id),
                None => self.properties.push((name.clone(), vec![*id])),
            }
        }
        for r in &k.required {
            if !self.required.contains(r) {
                self.required.push(r.clone());
            }
        }
    }
}

/// Whether a keyword of `k` narrows the value beyond what the Rust type says.
fn narrows(unit: &Unit, k: &Keywords<NodeId>, formats: bool) -> bool {
    k.multiple_of.is_some()
        || k.maximum.is_some()
        || k.minimum.is_some()
        || k.exclusive_maximum.is_some()
        || k.exclusive_minimum.is_some()
        || k.max_length.is_some()
        || k.min_length.is_some()
        || k.pattern.is_some()
        || (formats
            && (k.format.is_some()
                || k.content_encoding.is_some()
                || k.content_media_type.is_some()))
        || k.additional_items.is_some()
        || k.max_items.is_some()
        || k.min_items.is_some()
        || k.unique_items
        || k.contains.is_some()
        || k.max_properties.is_some()
        || k.min_properties.is_some()
        || !k.pattern_properties.is_empty()
        || k.additional_properties
            .is_some_and(|a| !matches!(unit.node(a).kind, NodeKind::Bool(true)))
        || !k.dependencies.is_empty()
        || k.property_names.is_some()
        || k.if_.is_some()
        || k.any_of.is_some()
        || k.one_of.is_some()
        || k.not.is_some()
}

/// The definite facts of the (already flattened) conjunction `conj`.
pub fn facts(unit: &Unit, conj: &[NodeId], formats: bool) -> Facts {
    let mut f = Facts {
        kinds: ANY,
        ..Facts::default()
    };
    let mut pattern_props = false;
    let mut additional_false = false;
    for &n in conj {
        let k = match &unit.node(n).kind {
            NodeKind::Bool(true) => continue,
            NodeKind::Bool(false) => {
                f.kinds = 0;
                f.constrained = true;
                continue;
            }
            NodeKind::Schema(k) => k,
        };
        f.add_docs(k);
        if let Some(ts) = &k.types {
            f.kinds &= ts.iter().fold(0, |acc, t| acc | bits(*t));
        }
        f.add_listed_values(k);
        f.add_members(k);
        if !k.pattern_properties.is_empty() {
            pattern_props = true;
        }
        if let Some(a) = k.additional_properties {
            if matches!(unit.node(a).kind, NodeKind::Bool(false)) {
                additional_false = true;
            }
        }
        match &k.items {
            Some(Items::All(i)) => f.items.get_or_insert_with(Vec::new).push(*i),
            Some(Items::Tuple(_)) => f.constrained = true,
            None => {}
        }
        f.constrained |= narrows(unit, k, formats);
    }
    if let Some(vals) = &f.values {
        f.kinds &= vals.iter().fold(0, |acc, v| acc | bits_of_value(v));
    }
    f.closed = additional_false && !pattern_props;
    if f.items.is_some()
        && !conj.iter().all(|n| {
            !matches!(
                unit.node(*n).keywords().and_then(|k| k.items.as_ref()),
                Some(Items::Tuple(_))
            )
        })
    {
        f.items = None;
    }
    f
}
