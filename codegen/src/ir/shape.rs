//! Choosing Rust types. A position's type is decided by the *definite* keywords of all
//! the schemas that apply to it in place (the node, its `$ref` target, its `allOf`
//! members): their `type`s intersected, their `enum`s intersected, their `properties`
//! and `required` merged. Everything else only narrows, and is left to the validator.

use super::facts::{facts, flatten_all, Facts};
use super::facts::{ARRAY, BOOLEAN, FRACTION, INTEGER, NULL, OBJECT, STRING};
use super::lower;
use super::names::{field_name, type_name, Scope};
use super::types::{Def, DefId, DefKind, Docs, Field, RustType, StructShape, TypeSet, Variant};
use super::{NodeId, Unit};
use serde_json::Value;
use std::collections::HashMap;

fn single_kind(kinds: u8) -> Option<RustType> {
    Some(match kinds {
        NULL => RustType::Null,
        BOOLEAN => RustType::Bool,
        OBJECT => RustType::Map,
        ARRAY => RustType::Vec(Box::new(RustType::Value)),
        STRING => RustType::String,
        INTEGER => RustType::Integer,
        k if k == INTEGER | FRACTION => RustType::Number,
        _ => return None,
    })
}

/// How deeply types may nest inside one another (members of members, items of items)
/// before a position is typed as a validated `Value` instead. Real schemas stay far
/// below it; it keeps the generator's recursion bounded on a long chain of `$ref`s.
pub const MAX_TYPE_DEPTH: usize = 48;

/// Chooses the types of a unit.
pub struct Shaper<'u> {
    unit: &'u Unit,
    formats: bool,
    defs: Vec<Option<Def>>,
    memo: HashMap<Vec<NodeId>, RustType>,
    scope: Scope,
    depth: usize,
    /// Set while a root is typed: the name asked for wins over a definition's name.
    root: bool,
}

impl<'u> Shaper<'u> {
    /// A shaper for `unit`; `formats` says whether `format` is asserted. `taken` are
    /// names already used in the module.
    pub fn new(unit: &'u Unit, formats: bool, taken: &[&str]) -> Self {
        Shaper {
            unit,
            formats,
            defs: Vec::new(),
            memo: HashMap::new(),
            scope: Scope::with(taken),
            depth: 0,
            root: false,
        }
    }

    /// Types every root and returns the set.
    pub fn run(mut self) -> TypeSet {
        let mut roots = Vec::new();
        for root in &self.unit.roots {
            self.root = true;
            roots.push(self.named(&[root.node], &root.name));
        }
        let defs: Vec<Def> = self.defs.into_iter().flatten().collect();
        let mut set = TypeSet { defs, roots };
        super::boxes::mark_boxes(&mut set);
        set
    }

    fn reserve(&mut self, hint: &str) -> (DefId, String) {
        let name = self.scope.unique(&type_name(hint));
        self.defs.push(None);
        (DefId(self.defs.len() - 1), name)
    }

    fn define(&mut self, id: DefId, def: Def) {
        self.defs[id.0] = Some(def);
    }

    fn location(&self, conj: &[NodeId]) -> crate::diag::Location {
        self.unit.node(conj[0]).location.clone()
    }

    /// A named type for the position `positions`, wrapping a plain type in a newtype if
    /// need be.
    fn named(&mut self, positions: &[NodeId], hint: &str) -> DefId {
        match self.type_of(positions, hint) {
            RustType::Named(d) => d,
            plain => {
                let conj = flatten_all(self.unit, positions);
                let f = facts(self.unit, &conj, self.formats);
                let (id, name) = self.reserve(hint);
                self.define(
                    id,
                    Def {
                        name,
                        kind: DefKind::Newtype(plain),
                        validators: positions.to_vec(),
                        location: self.location(&conj),
                        docs: f.docs,
                    },
                );
                id
            }
        }
    }

    /// The type of a position where the schemas `positions` apply.
    pub fn type_of(&mut self, positions: &[NodeId], hint: &str) -> RustType {
        let root = std::mem::take(&mut self.root);
        let conj = flatten_all(self.unit, positions);
        // Pure `$ref` nodes add nothing: key the memo on the rest so every use of a
        // definition shares one type.
        let key: Vec<NodeId> = conj
            .iter()
            .copied()
            .filter(|n| {
                !self
                    .unit
                    .node(*n)
                    .keywords()
                    .is_some_and(|k| k.reference.is_some())
            })
            .collect();
        let key = if key.is_empty() { conj.clone() } else { key };
        // The same conjunction of schemas has one type when it is one definition, or an
        // `allOf` composition reached through a `$ref` (as OpenAPI components are). Other
        // positions with equal conjunctions (the branches of a lowered conditional) keep
        // types of their own, named after where they are.
        let through_ref = conj.len() > key.len();
        if key.len() == 1 || through_ref {
            if let Some(t) = self.memo.get(&key) {
                return t.clone();
            }
        }
        let hint = match self.definition_name(&key) {
            Some(name) if !root => name,
            _ => hint.to_owned(),
        };
        let f = facts(self.unit, &conj, self.formats);
        if self.depth >= MAX_TYPE_DEPTH {
            // Too deep to type member by member: the validator still checks everything.
            let (id, name) = self.reserve(&hint);
            self.define(
                id,
                Def {
                    name,
                    kind: DefKind::Newtype(RustType::Value),
                    validators: positions.to_vec(),
                    location: self.location(&conj),
                    docs: f.docs,
                },
            );
            return RustType::Named(id);
        }
        self.depth += 1;
        let ty = self.choose(positions, &conj, &key, &f, &hint);
        self.depth -= 1;
        self.memo.insert(key, ty.clone());
        ty
    }

    /// The name under `definitions` when the position is exactly one definition.
    fn definition_name(&self, key: &[NodeId]) -> Option<String> {
        let [one] = key else { return None };
        let p = &self.unit.node(*one).schema_path;
        let (parent, last) = p.rsplit_once('/')?;
        parent
            .ends_with("/definitions")
            .then(|| last.replace("~1", "/").replace("~0", "~"))
    }

    fn newtype(
        &mut self,
        positions: &[NodeId],
        conj: &[NodeId],
        f: &Facts,
        hint: &str,
        inner: RustType,
    ) -> RustType {
        if !f.constrained {
            return inner;
        }
        let (id, name) = self.reserve(hint);
        self.define(
            id,
            Def {
                name,
                kind: DefKind::Newtype(inner),
                validators: positions.to_vec(),
                location: self.location(conj),
                docs: f.docs.clone(),
            },
        );
        RustType::Named(id)
    }

    fn choose(
        &mut self,
        positions: &[NodeId],
        conj: &[NodeId],
        key: &[NodeId],
        f: &Facts,
        hint: &str,
    ) -> RustType {
        if let Some(values) = &f.values {
            if !values.is_empty() && values.iter().all(Value::is_string) && f.kinds == STRING {
                return self.string_enum(positions, conj, f, hint, values);
            }
            return self.newtype(positions, conj, f, hint, RustType::Value);
        }
        match single_kind(f.kinds) {
            Some(RustType::Map) => {
                if let Some(split) = lower::split(self.unit, conj, f, self.formats) {
                    return self.tagged(positions, conj, key, f, hint, split);
                }
                if f.properties.is_empty() && f.required.is_empty() {
                    return self.newtype(positions, conj, f, hint, RustType::Map);
                }
                let (id, name) = self.reserve(hint);
                self.memo.insert(key.to_vec(), RustType::Named(id));
                let shape = self.struct_shape(f, &name, &[], None);
                self.define(
                    id,
                    Def {
                        name,
                        kind: DefKind::Struct(shape),
                        validators: positions.to_vec(),
                        location: self.location(conj),
                        docs: f.docs.clone(),
                    },
                );
                RustType::Named(id)
            }
            Some(RustType::Vec(_)) => {
                let item = match &f.items {
                    Some(items) => self.type_of(&items.clone(), &format!("{hint}Item")),
                    None => RustType::Value,
                };
                self.newtype(positions, conj, f, hint, RustType::Vec(Box::new(item)))
            }
            Some(plain) => self.newtype(positions, conj, f, hint, plain),
            None => {
                // `type` allows more than objects, but a `oneOf`/`anyOf` of objects may
                // still narrow it to them; a conditional never does (`properties` and `if`
                // say nothing about a string), so its union could not hold every value.
                if f.kinds & OBJECT != 0 {
                    if let Some(split) = lower::split_alternatives(self.unit, conj, f, self.formats)
                    {
                        return self.tagged(positions, conj, key, f, hint, split);
                    }
                }
                self.newtype(positions, conj, f, hint, RustType::Value)
            }
        }
    }

    fn string_enum(
        &mut self,
        positions: &[NodeId],
        conj: &[NodeId],
        f: &Facts,
        hint: &str,
        values: &[Value],
    ) -> RustType {
        let (id, name) = self.reserve(hint);
        let mut scope = Scope::default();
        let variants = values
            .iter()
            .filter_map(Value::as_str)
            .map(|s| (scope.unique(&type_name(s)), s.to_owned()))
            .collect();
        self.define(
            id,
            Def {
                name,
                kind: DefKind::StringEnum(variants),
                validators: positions.to_vec(),
                location: self.location(conj),
                docs: f.docs.clone(),
            },
        );
        RustType::Named(id)
    }

    /// The fields of a struct for `f`, leaving out `skip` (a union's tag and the members a
    /// variant forbids).
    /// `shared` names the union a variant belongs to and the schemas all its variants
    /// share: a member typed by those alone is named after the union, not the variant.
    fn struct_shape(
        &mut self,
        f: &Facts,
        owner: &str,
        skip: &[String],
        shared: Option<(&str, &[NodeId])>,
    ) -> StructShape {
        let mut scope = Scope::with(&["extra"]);
        let mut fields = Vec::new();
        let mut names: Vec<&String> = f.properties.iter().map(|(n, _)| n).collect();
        names.extend(f.required.iter().filter(|r| f.property(r).is_none()));
        for wire in names {
            if skip.contains(wire) {
                continue;
            }
            let (ty, docs) = match f.property(wire) {
                Some(ids) => {
                    let ids = ids.to_vec();
                    let pf = facts(self.unit, &flatten_all(self.unit, &ids), self.formats);
                    let namer = match shared {
                        Some((parent, base)) if ids.iter().all(|i| base.contains(i)) => parent,
                        _ => owner,
                    };
                    (
                        self.type_of(&ids, &format!("{namer}{}", type_name(wire))),
                        pf.docs,
                    )
                }
                None => (RustType::Value, Docs::default()),
            };
            fields.push(Field {
                rust: scope.unique(&field_name(wire)),
                wire: wire.clone(),
                ty,
                required: f.required.contains(wire),
                boxed: false,
                docs,
            });
        }
        StructShape {
            fields,
            extra: !f.closed,
        }
    }

    fn tagged(
        &mut self,
        positions: &[NodeId],
        conj: &[NodeId],
        key: &[NodeId],
        f: &Facts,
        hint: &str,
        split: lower::Split,
    ) -> RustType {
        let (id, name) = self.reserve(hint);
        self.memo.insert(key.to_vec(), RustType::Named(id));
        let tag_after: Vec<String> = f
            .properties
            .iter()
            .map(|(n, _)| n.clone())
            .take_while(|n| *n != split.tag)
            .collect();
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for v in split.variants {
            let rust = scope.unique(&type_name(&v.tag_value));
            let (vid, vname) = self.reserve(&format!("{name}{rust}"));
            let vf = facts(self.unit, &v.conj, self.formats);
            let mut skip = v.forbidden.clone();
            skip.push(split.tag.clone());
            let shape = self.struct_shape(&vf, &vname, &skip, Some((&name, conj)));
            self.define(
                vid,
                Def {
                    name: vname,
                    kind: DefKind::VariantStruct {
                        shape,
                        parent: id,
                        tag_value: v.tag_value.clone(),
                    },
                    validators: Vec::new(),
                    location: self.location(conj),
                    docs: Docs {
                        title: None,
                        description: Some(format!(
                            "The members of [`{name}::{rust}`] besides `{}`.",
                            split.tag
                        )),
                        default: None,
                    },
                },
            );
            variants.push(Variant {
                rust,
                tag_value: v.tag_value,
                def: vid,
            });
        }
        self.define(
            id,
            Def {
                name,
                kind: DefKind::Tagged {
                    tag: split.tag,
                    tag_after,
                    variants,
                },
                validators: positions.to_vec(),
                location: self.location(conj),
                docs: f.docs.clone(),
            },
        );
        RustType::Named(id)
    }
}
