//! Parameter schemas that assert nothing the parameter's Rust type does not already
//! guarantee (`{type: string}` for a `String`, `{type: array, items: {type: string}}`
//! for a `Vec<String>`...). Such a parameter is sent unchecked and its schema gets no
//! validator: the check could never fail.

use crate::ir::{NodeId, NodeKind, Unit};
use crate::openapi::{ParamType, Scalar};
use crate::schema::{Items, Keywords};
use flowgen_runtime::json::JsonType;

/// How many `$ref`s are followed before giving up (and keeping the check).
const MAX_HOPS: usize = 32;

/// Whether every value of type `ty` matches the schema at `node` (`formats`: whether
/// `format` is an assertion).
pub(super) fn implied(unit: &Unit, node: NodeId, ty: &ParamType, formats: bool) -> bool {
    match ty {
        ParamType::One(s) => scalar(unit, node, s, formats),
        ParamType::List { item, .. } => {
            let Some(k) = only(unit, node, JsonType::Array, formats) else {
                return false;
            };
            match &k.items {
                None => true,
                Some(Items::All(n)) => scalar(unit, *n, item, formats),
                Some(Items::Tuple(_)) => false,
            }
        }
    }
}

/// Whether every value of the scalar `s` matches the schema at `node`. A `Number` never
/// does: an `f64` that is not finite becomes JSON `null`.
fn scalar(unit: &Unit, node: NodeId, s: &Scalar, formats: bool) -> bool {
    let ty = match s {
        Scalar::String => JsonType::String,
        Scalar::Integer => JsonType::Integer,
        Scalar::Bool => JsonType::Boolean,
        Scalar::Number => return false,
    };
    only(unit, node, ty, formats).is_some_and(|k| k.items.is_none())
}

/// The keywords at `node` (after `$ref`s) when they assert `type: ty` and nothing else
/// but `items`: the rest are annotations (`title`, `description`, `default`, and
/// `format` when formats are not asserted).
fn only(unit: &Unit, mut node: NodeId, ty: JsonType, formats: bool) -> Option<&Keywords<NodeId>> {
    for _ in 0..MAX_HOPS {
        let NodeKind::Schema(k) = &unit.node(node).kind else {
            return None;
        };
        if let Some(target) = k.reference {
            node = target;
            continue;
        }
        if k.types.as_deref() != Some(&[ty]) {
            return None;
        }
        let rest = Keywords {
            id: None,
            title: None,
            description: None,
            default: None,
            types: None,
            items: None,
            format: if formats { k.format.clone() } else { None },
            ..(**k).clone()
        };
        return (rest == Keywords::default()).then_some(&**k);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::ir::Node;
    use std::sync::Arc;

    fn unit(nodes: Vec<Keywords<NodeId>>) -> Unit {
        let location = Location {
            file: Arc::new(std::path::PathBuf::from("t.yaml")),
            pointer: String::new(),
        };
        Unit {
            nodes: nodes
                .into_iter()
                .map(|k| Node {
                    location: location.clone(),
                    schema_path: String::new(),
                    kind: NodeKind::Schema(Box::new(k)),
                })
                .collect(),
            roots: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn typed(ty: JsonType) -> Keywords<NodeId> {
        Keywords {
            types: Some(vec![ty]),
            description: Some("documented".into()),
            ..Keywords::default()
        }
    }

    #[test]
    fn a_bare_type_the_rust_type_guarantees_needs_no_check() {
        let u = unit(vec![typed(JsonType::String), typed(JsonType::Integer)]);
        let string = ParamType::One(Scalar::String);
        assert!(implied(&u, NodeId(0), &string, false));
        assert!(implied(
            &u,
            NodeId(1),
            &ParamType::One(Scalar::Integer),
            false
        ));
        assert!(!implied(&u, NodeId(1), &string, false), "types differ");
        let number = typed(JsonType::Number);
        let u = unit(vec![number]);
        let f = ParamType::One(Scalar::Number);
        assert!(!implied(&u, NodeId(0), &f, false), "NaN is not a number");
    }

    #[test]
    fn an_assertion_beyond_the_type_keeps_the_check() {
        let u = unit(vec![
            Keywords {
                min_length: Some(1),
                ..typed(JsonType::String)
            },
            Keywords {
                enumeration: Some(vec!["a".into()]),
                ..typed(JsonType::String)
            },
            Keywords {
                format: Some("uuid".into()),
                ..typed(JsonType::String)
            },
        ]);
        let string = ParamType::One(Scalar::String);
        assert!(!implied(&u, NodeId(0), &string, false));
        assert!(!implied(&u, NodeId(1), &string, false));
        assert!(implied(&u, NodeId(2), &string, false), "format annotates");
        assert!(!implied(&u, NodeId(2), &string, true), "format asserts");
    }

    #[test]
    fn lists_and_references_are_followed() {
        let u = unit(vec![
            Keywords {
                items: Some(Items::All(NodeId(1))),
                ..typed(JsonType::Array)
            },
            Keywords {
                reference: Some(NodeId(2)),
                ..Keywords::default()
            },
            typed(JsonType::String),
            Keywords {
                items: Some(Items::All(NodeId(4))),
                max_items: Some(3),
                ..typed(JsonType::Array)
            },
            Keywords {
                pattern: Some("^a".into()),
                ..typed(JsonType::String)
            },
        ]);
        let list = ParamType::List {
            item: Scalar::String,
            explode: false,
        };
        assert!(implied(&u, NodeId(0), &list, false));
        assert!(implied(
            &u,
            NodeId(1),
            &ParamType::One(Scalar::String),
            false
        ));
        assert!(!implied(&u, NodeId(3), &list, false), "maxItems asserts");
        assert!(!implied(
            &u,
            NodeId(4),
            &ParamType::One(Scalar::String),
            false
        ));
    }
}
