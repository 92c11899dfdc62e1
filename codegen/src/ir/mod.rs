//! The IR stage: every reachable schema node gets an id in an arena before anything is
//! emitted; `$ref`s are resolved to ids; Rust types are then chosen for the nodes that
//! need one ([`types`]).

mod boxes;
mod build;
pub mod facts;
pub mod lower;
pub mod names;
pub(crate) mod parts;
pub mod refs;
pub(crate) mod sample;
pub mod shape;
pub mod types;
pub mod verdict;

use crate::diag::Location;
use crate::schema::Keywords;

pub use build::{build, Unit};

/// The id of a schema node in a [`Unit`]'s arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node says.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `true` or `false`.
    Bool(bool),
    /// A schema object, with subschemas as ids and `$ref` resolved (in draft-07 a `$ref`
    /// replaces its siblings, so a node with `reference` has no other keywords).
    Schema(Box<Keywords<NodeId>>),
}

/// One schema node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where it stands.
    pub location: Location,
    /// Its pointer relative to the root of its schema document (what errors report as the
    /// schema path).
    pub schema_path: String,
    /// Its keywords.
    pub kind: NodeKind,
}

impl Node {
    /// The keywords, unless it is a boolean schema.
    pub fn keywords(&self) -> Option<&Keywords<NodeId>> {
        match &self.kind {
            NodeKind::Schema(k) => Some(k),
            NodeKind::Bool(_) => None,
        }
    }
}
