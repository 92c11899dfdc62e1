//! Assigning ids: a worklist walks every schema reachable from the roots (through
//! subschemas and resolved `$ref`s) and gives each an id the first time it is seen, so
//! ids follow document order and the output is deterministic.

use super::refs::{Spot, Store};
use super::{Node, NodeId, NodeKind};
use crate::diag::{Diagnostic, Error, Result};
use crate::load::keywords::{self, RawSchema};
use crate::schema::Keywords;
use std::collections::{HashMap, VecDeque};

/// A schema the caller wants a Rust type for.
#[derive(Debug, Clone)]
pub struct Root {
    /// Its node.
    pub node: NodeId,
    /// The Rust type name asked for.
    pub name: String,
}

/// The schema nodes of one generated module.
#[derive(Debug)]
pub struct Unit {
    /// The arena, indexed by [`NodeId`].
    pub nodes: Vec<Node>,
    /// The roots, in the order given.
    pub roots: Vec<Root>,
    /// Warnings about ignored keywords and the like.
    pub warnings: Vec<Diagnostic>,
}

impl Unit {
    /// The node with id `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }
}

struct Builder<'s> {
    store: &'s mut Store,
    ids: HashMap<Spot, NodeId>,
    slots: Vec<Option<Node>>,
    queue: VecDeque<(NodeId, Spot)>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn intern(&mut self, spot: Spot) -> NodeId {
        if let Some(id) = self.ids.get(&spot) {
            return *id;
        }
        let id = NodeId(self.slots.len() as u32);
        self.slots.push(None);
        self.ids.insert(spot.clone(), id);
        self.queue.push_back((id, spot));
        id
    }

    fn read(&mut self, spot: &Spot) -> std::result::Result<NodeKind, Diagnostic> {
        let location = self.store.location(spot);
        // Borrowed, not cloned: cloning every node's subtree is quadratic in the depth.
        let value = self
            .store
            .value(spot)
            .ok_or_else(|| Diagnostic::error(location.clone(), "no schema here"))?;
        let raw = keywords::read(value, &location, &mut self.warnings)?;
        let text = value
            .get("$ref")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let k = match raw {
            RawSchema::Bool(b) => return Ok(NodeKind::Bool(b)),
            RawSchema::Object(k) => *k,
        };
        if k.reference.is_some() {
            let target = self.store.resolve(spot, &text)?;
            let reference = self.intern(target);
            return Ok(NodeKind::Schema(Box::new(Keywords {
                reference: Some(reference),
                title: k.title,
                description: k.description,
                ..Keywords::default()
            })));
        }
        let mut k = k;
        // Definitions are reached through `$ref`s only; unreferenced ones generate nothing.
        k.definitions.clear();
        let doc = spot.doc;
        let mapped = k.try_map(|loc| {
            Ok::<_, Diagnostic>(self.intern(Spot {
                doc,
                pointer: loc.pointer,
            }))
        })?;
        Ok(NodeKind::Schema(Box::new(mapped)))
    }
}

/// Assigns ids to every schema reachable from `roots` (each a resource already added to
/// `store`), resolving `$ref`s. Fails with every problem found, including `$ref` cycles
/// that would validate the same value forever.
pub fn build(store: &mut Store, roots: &[(Spot, String)]) -> Result<Unit> {
    let mut b = Builder {
        store,
        ids: HashMap::new(),
        slots: Vec::new(),
        queue: VecDeque::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    let root_ids: Vec<Root> = roots
        .iter()
        .map(|(spot, name)| Root {
            node: b.intern(spot.clone()),
            name: name.clone(),
        })
        .collect();
    while let Some((id, spot)) = b.queue.pop_front() {
        let kind = match b.read(&spot) {
            Ok(kind) => kind,
            Err(d) => {
                b.errors.push(d);
                NodeKind::Bool(true)
            }
        };
        let node = Node {
            location: b.store.location(&spot),
            schema_path: b.store.relative_pointer(&spot),
            kind,
        };
        b.slots[id.index()] = Some(node);
    }
    let mut errors = b.errors;
    let nodes: Vec<Node> = b.slots.into_iter().flatten().collect();
    if errors.is_empty() {
        errors.extend(find_cycles(&nodes));
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    Ok(Unit {
        nodes,
        roots: root_ids,
        warnings: b.warnings,
    })
}

/// The subschemas applied to the *same* instance as `node` (as opposed to a member or an
/// item of it). A cycle through these never terminates.
pub fn in_place(node: &Node) -> Vec<NodeId> {
    let Some(k) = node.keywords() else {
        return Vec::new();
    };
    let mut out: Vec<NodeId> = Vec::new();
    out.extend(k.reference);
    out.extend(k.all_of.iter().copied());
    out.extend(k.any_of.iter().flatten().copied());
    out.extend(k.one_of.iter().flatten().copied());
    out.extend(k.not);
    out.extend(k.if_);
    out.extend(k.then);
    out.extend(k.else_);
    for (_, d) in &k.dependencies {
        if let crate::schema::Dependency::Schema(s) = d {
            out.push(*s);
        }
    }
    out
}

fn find_cycles(nodes: &[Node]) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; nodes.len()];
    let mut out = Vec::new();
    for start in 0..nodes.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search: (node, next edge index).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(&mut (n, ref mut edge)) = stack.last_mut() {
            let edges = in_place(&nodes[n]);
            if *edge < edges.len() {
                let next = edges[*edge].index();
                *edge += 1;
                match mark[next] {
                    Mark::New => {
                        mark[next] = Mark::Open;
                        stack.push((next, 0));
                    }
                    Mark::Open => {
                        let cycle: Vec<String> = stack
                            .iter()
                            .skip_while(|(m, _)| *m != next)
                            .map(|(m, _)| format!("#{}", nodes[*m].schema_path))
                            .collect();
                        out.push(
                            Diagnostic::error(nodes[n].location.clone(), format!("$ref cycle: {} → #{} applies to the same value forever", cycle.join(" → "), nodes[next].schema_path))
                                .with_hint("a recursive schema must descend into a property or an item before it refers back"),
                        );
                    }
                    Mark::Done => {}
                }
            } else {
                mark[n] = Mark::Done;
                stack.pop();
            }
        }
    }
    out
}
