//! The surface items of one unit's typed model: the types the shaper chose
//! (`TypeSet`) and the IR nodes that validate them (for bounds and conditionals).

use super::model::{BoundKind, Direction, Facet, Item, Surface};
use crate::diag::Location;
use crate::ir::facts::flatten_all;
use crate::ir::types::{Def, DefId, DefKind, Docs, RustType, TypeSet};
use crate::ir::{NodeId, Unit};
use crate::schema::Keywords;
use serde_json::{json, Value};

/// One unit's types, seen from a module.
pub struct Typed<'a> {
    /// The unit.
    pub unit: &'a Unit,
    /// Its types.
    pub types: &'a TypeSet,
    /// The Rust module path (`crm_to_aep`, `flowservice`).
    pub module: &'a str,
    /// Which way each type's values travel (indexed by `DefId`).
    pub directions: Vec<Direction>,
    /// The root type of each part, with the part's registry key.
    pub parts: Vec<(DefId, String)>,
}

impl Typed<'_> {
    /// The Rust type as code sees it (`Vec<Flow>`, `i64`).
    pub fn ty(&self, t: &RustType) -> String {
        match t {
            RustType::Value => "Value".into(),
            RustType::Bool => "bool".into(),
            RustType::Integer => "i64".into(),
            RustType::Number => "f64".into(),
            RustType::String => "String".into(),
            RustType::Secret => "Secret".into(),
            RustType::Null => "()".into(),
            RustType::Map => "Map<String, Value>".into(),
            RustType::Vec(inner) => format!("Vec<{}>", self.ty(inner)),
            RustType::Named(d) => self.types.def(*d).name.clone(),
        }
    }

    fn item(&self, at: &Location, rust: String, direction: Direction, facet: Facet) -> Item {
        Item {
            spec: at.file.display().to_string(),
            pointer: at.pointer.clone(),
            rust,
            direction,
            facet,
        }
    }

    /// Adds every type of the unit, with its members, values, variants, bounds and
    /// conditionals.
    pub fn add_types(&self, out: &mut Surface) {
        for (i, def) in self.types.defs.iter().enumerate() {
            let direction = self.directions.get(i).copied().unwrap_or(Direction::Send);
            let part = self.parts.iter().find(|(d, _)| d.0 == i).map(|(_, k)| k);
            self.add_def(def, part, direction, out);
        }
    }

    fn add_def(&self, def: &Def, part: Option<&String>, dir: Direction, out: &mut Surface) {
        let rust = format!("{}::{}", self.module, def.name);
        let shape = match &def.kind {
            DefKind::Struct(_) => "struct".to_owned(),
            DefKind::VariantStruct { parent, .. } => {
                format!("struct (a variant of {})", self.types.def(*parent).name)
            }
            DefKind::StringEnum(_) => "enum".to_owned(),
            DefKind::Newtype(t) => format!("newtype of {}", self.ty(t)),
            DefKind::Tagged { tag, .. } => format!("enum told apart by `{tag}`"),
        };
        let facet = match part {
            Some(p) => Facet::Part {
                part: p.clone(),
                shape,
                docs: docs(&def.docs),
            },
            None => Facet::Type {
                shape,
                docs: docs(&def.docs),
            },
        };
        out.add(
            rust.clone(),
            self.item(&def.location, rust.clone(), dir, facet),
        );
        let conj = flatten_all(self.unit, &def.validators);
        match &def.kind {
            DefKind::Struct(shape) | DefKind::VariantStruct { shape, .. } => {
                // A variant's members are declared in its union's schemas.
                let declared = match &def.kind {
                    DefKind::VariantStruct { parent, .. } => {
                        flatten_all(self.unit, &self.types.def(*parent).validators)
                    }
                    _ => conj.clone(),
                };
                for f in &shape.fields {
                    let at = self.member_node(&declared, &f.wire);
                    let loc = at
                        .map(|n| self.unit.node(n).location.clone())
                        .unwrap_or_else(|| def.location.clone());
                    let key = format!("{rust}.{}", f.wire);
                    let facet = Facet::Member {
                        ty: self.ty(&f.ty),
                        required: f.required,
                        docs: docs(&f.docs),
                    };
                    let member = format!("{rust}::{}", f.rust);
                    out.add(key.clone(), self.item(&loc, member.clone(), dir, facet));
                    // A plain member's bounds are checked by the struct's validator.
                    if let (Some(n), false) = (at, matches!(f.ty, RustType::Named(_))) {
                        let conj = crate::ir::facts::flatten(self.unit, n);
                        self.add_bounds(&conj, &key, &member, dir, out);
                    }
                }
            }
            DefKind::StringEnum(values) => {
                for (variant, wire) in values {
                    let facet = Facet::EnumValue {
                        variant: variant.clone(),
                    };
                    let item = self.item(&def.location, format!("{rust}::{variant}"), dir, facet);
                    out.add(format!("{rust} = {wire:?}"), item);
                }
            }
            DefKind::Tagged { variants, .. } => {
                for v in variants {
                    let at = &self.types.def(v.def).location;
                    let facet = Facet::Variant {
                        variant: v.rust.clone(),
                    };
                    let item = self.item(at, format!("{rust}::{}", v.rust), dir, facet);
                    out.add(format!("{rust} = {:?}", v.tag_value), item);
                }
            }
            DefKind::Newtype(_) => {}
        }
        if !matches!(def.kind, DefKind::StringEnum(_)) {
            self.add_bounds(&conj, &rust, &rust, dir, out);
        }
        self.add_conditionals(&conj, &rust, dir, out);
    }

    /// The node declaring member `wire` in a conjunction (the first that does).
    fn member_node(&self, conj: &[NodeId], wire: &str) -> Option<NodeId> {
        conj.iter().find_map(|n| {
            let k = self.unit.node(*n).keywords()?;
            k.properties
                .iter()
                .find(|(w, _)| w == wire)
                .map(|(_, c)| *c)
        })
    }

    /// The bounds of the schema `node` (and what it applies through `$ref` and
    /// `allOf`), as items under `key` for the Rust item `rust`.
    pub fn add_node_bounds(
        &self,
        node: NodeId,
        key: &str,
        rust: &str,
        dir: Direction,
        out: &mut Surface,
    ) {
        let conj = crate::ir::facts::flatten(self.unit, node);
        self.add_bounds(&conj, key, rust, dir, out);
    }

    /// One bound item per keyword of the conjunction `conj`, with its strictest value.
    fn add_bounds(
        &self,
        conj: &[NodeId],
        key: &str,
        rust: &str,
        dir: Direction,
        out: &mut Surface,
    ) {
        let mut found: Vec<(BoundKind, Value, Location)> = Vec::new();
        for n in conj {
            let node = self.unit.node(*n);
            let Some(k) = node.keywords() else { continue };
            for (kind, value) in bounds(k) {
                match found.iter_mut().find(|(b, _, _)| *b == kind) {
                    Some(slot) => {
                        if stricter(kind, &value, &slot.1) {
                            *slot = (kind, value, node.location.clone());
                        }
                    }
                    None => found.push((kind, value, node.location.clone())),
                }
            }
        }
        for (kind, value, at) in found {
            let facet = Facet::Bound {
                keyword: kind,
                value,
            };
            let mut item = self.item(&at, rust.to_owned(), dir, facet);
            // The keyword itself (`enum` stands for `const` too).
            if kind != BoundKind::Values {
                item.pointer = at.key(kind.keyword()).pointer;
            }
            out.add(format!("{key} [{}]", kind.keyword()), item);
        }
    }

    fn add_conditionals(&self, conj: &[NodeId], rust: &str, dir: Direction, out: &mut Surface) {
        for n in conj {
            let node = self.unit.node(*n);
            let Some(k) = node.keywords() else { continue };
            let Some(cond) = k.if_ else { continue };
            let mut text = format!("if {}", self.render(cond, 0));
            for (word, branch) in [("then", k.then), ("else", k.else_)] {
                if let Some(b) = branch {
                    text.push_str(&format!(" {word} {}", self.requires(b)));
                }
            }
            let facet = Facet::Conditional { condition: text };
            let item = self.item(&node.location.key("if"), rust.to_owned(), dir, facet);
            out.add(format!("{rust} [if at {}]", node.location.pointer), item);
        }
    }

    /// What a branch requires: its `required` members and nested conditionals (its
    /// bounds are items of the types they narrow).
    fn requires(&self, node: NodeId) -> String {
        let Some(k) = self.unit.node(node).keywords() else {
            return "{}".into();
        };
        let mut parts = Vec::new();
        if !k.required.is_empty() {
            parts.push(format!("required {:?}", k.required));
        }
        if let Some(c) = k.if_ {
            parts.push(format!("if {}", self.render(c, 0)));
        }
        format!("{{{}}}", parts.join(", "))
    }

    /// A canonical rendering of a condition: types, values, required members, bounds
    /// and member conditions, without documentation.
    fn render(&self, node: NodeId, depth: usize) -> String {
        let Some(k) = self.unit.node(node).keywords() else {
            return "true".into();
        };
        if depth > 8 {
            return "…".into();
        }
        let mut parts = Vec::new();
        if let Some(t) = &k.types {
            parts.push(format!("type {t:?}"));
        }
        for (kind, v) in bounds(k) {
            parts.push(format!("{} {v}", kind.keyword()));
        }
        if !k.required.is_empty() {
            parts.push(format!("required {:?}", k.required));
        }
        for (name, c) in &k.properties {
            parts.push(format!("{name:?}: {}", self.render(*c, depth + 1)));
        }
        if let Some(r) = k.reference {
            parts.push(self.render(r, depth + 1));
        }
        format!("{{{}}}", parts.join(", "))
    }
}

/// The narrowing keywords of one schema object.
fn bounds(k: &Keywords<NodeId>) -> Vec<(BoundKind, Value)> {
    let mut out = Vec::new();
    let mut num = |kind, v: &Option<serde_json::Number>| {
        if let Some(n) = v {
            out.push((kind, Value::Number(n.clone())));
        }
    };
    num(BoundKind::Minimum, &k.minimum);
    num(BoundKind::ExclusiveMinimum, &k.exclusive_minimum);
    num(BoundKind::Maximum, &k.maximum);
    num(BoundKind::ExclusiveMaximum, &k.exclusive_maximum);
    num(BoundKind::MultipleOf, &k.multiple_of);
    let counts = [
        (BoundKind::MinLength, k.min_length),
        (BoundKind::MaxLength, k.max_length),
        (BoundKind::MinItems, k.min_items),
        (BoundKind::MaxItems, k.max_items),
        (BoundKind::MinProperties, k.min_properties),
        (BoundKind::MaxProperties, k.max_properties),
    ];
    out.extend(counts.into_iter().filter_map(|(b, v)| Some((b, json!(v?)))));
    if let Some(p) = &k.pattern {
        out.push((BoundKind::Pattern, json!(p)));
    }
    if let Some(f) = &k.format {
        out.push((BoundKind::Format, json!(f)));
    }
    if k.unique_items {
        out.push((BoundKind::UniqueItems, json!(true)));
    }
    match (&k.enumeration, &k.constant) {
        (Some(values), _) => out.push((BoundKind::Values, json!(values))),
        (None, Some(c)) => out.push((BoundKind::Values, json!([c]))),
        (None, None) => {}
    }
    out
}

/// Whether `a` narrows more than `b` (both values of `kind`); for keywords whose values
/// do not compare, the first one found stays.
fn stricter(kind: BoundKind, a: &Value, b: &Value) -> bool {
    let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
        return false;
    };
    match kind.larger_is_tighter() {
        Some(true) => x > y,
        Some(false) => x < y,
        None => false,
    }
}

/// Title and description, as one string.
fn docs(d: &Docs) -> String {
    [d.title.as_deref(), d.description.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Which way each type travels, when `sent` roots are sent and `read` roots are read.
pub fn directions(types: &TypeSet, sent: &[DefId], read: &[DefId]) -> Vec<Direction> {
    let s = types.reachable(sent);
    let r = types.reachable(read);
    s.iter()
        .zip(&r)
        .map(|(s, r)| match (s, r) {
            (true, true) => Direction::Both,
            (false, true) => Direction::Read,
            _ => Direction::Send,
        })
        .collect()
}
