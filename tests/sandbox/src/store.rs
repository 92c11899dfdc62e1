//! The in-memory store: one collection per resource kind, ids, etags, audit fields.
//!
//! Every resource lives in the sandbox (`x-sandbox-name`) it was created in and
//! is invisible from the others. Each insertion gets an increasing number, which
//! keeps list order stable and backs the keyset continuation tokens.

use crate::auth::Caller;
use crate::runs::{FlowRuns, Outcome, RunRecord};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// One stored item with its insertion number and sandbox.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    /// Insertion number (unique across the store).
    pub seq: u64,
    /// The sandbox it belongs to.
    pub sandbox: String,
    /// The item.
    pub item: T,
}

/// Items of one kind, by id, in insertion order.
#[derive(Debug, Clone)]
pub struct Collection<T> {
    by_seq: BTreeMap<u64, (String, Entry<T>)>,
    index: HashMap<String, u64>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            by_seq: BTreeMap::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Collection<T> {
    /// Stores `item` under `id`, replacing nothing (ids are fresh UUIDs).
    pub fn insert(&mut self, seq: u64, sandbox: &str, id: &str, item: T) {
        let entry = Entry {
            seq,
            sandbox: sandbox.to_owned(),
            item,
        };
        self.index.insert(id.to_owned(), seq);
        self.by_seq.insert(seq, (id.to_owned(), entry));
    }

    /// The item `id` of `sandbox`.
    pub fn get(&self, sandbox: &str, id: &str) -> Option<&Entry<T>> {
        let seq = self.index.get(id)?;
        self.by_seq
            .get(seq)
            .map(|(_, e)| e)
            .filter(|e| e.sandbox == sandbox)
    }

    /// The item `id`, whatever its sandbox.
    pub fn get_any(&self, id: &str) -> Option<&Entry<T>> {
        let seq = self.index.get(id)?;
        self.by_seq.get(seq).map(|(_, e)| e)
    }

    /// The item `id` of `sandbox`, mutably.
    pub fn get_mut(&mut self, sandbox: &str, id: &str) -> Option<&mut Entry<T>> {
        let seq = self.index.get(id)?;
        self.by_seq
            .get_mut(seq)
            .map(|(_, e)| e)
            .filter(|e| e.sandbox == sandbox)
    }

    /// Removes the item `id` of `sandbox`; whether it was there.
    pub fn remove(&mut self, sandbox: &str, id: &str) -> bool {
        if self.get(sandbox, id).is_none() {
            return false;
        }
        if let Some(seq) = self.index.remove(id) {
            self.by_seq.remove(&seq);
        }
        true
    }

    /// The items of `sandbox`, in insertion order, with their ids.
    pub fn iter<'a>(&'a self, sandbox: &'a str) -> impl Iterator<Item = (&'a str, &'a Entry<T>)> {
        self.by_seq
            .values()
            .filter(move |(_, e)| e.sandbox == sandbox)
            .map(|(id, e)| (id.as_str(), e))
    }

    /// Every item of every sandbox, mutably.
    pub fn iter_all_mut(&mut self) -> impl Iterator<Item = (&str, &mut Entry<T>)> {
        self.by_seq.values_mut().map(|(id, e)| (id.as_str(), e))
    }

    /// How many items there are in all sandboxes.
    pub fn len(&self) -> usize {
        self.by_seq.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_seq.is_empty()
    }
}

/// A mapping set and all its versions (index = version).
#[derive(Debug, Clone)]
pub struct MappingSetRecord {
    /// Each stored version, oldest first.
    pub versions: Vec<Value>,
}

/// Everything the sandbox stores.
#[derive(Debug, Default)]
pub struct State {
    seq: u64,
    etags: u64,
    /// Base connections (`/connections`).
    pub connections: Collection<Value>,
    /// Source connections.
    pub source_connections: Collection<Value>,
    /// Target connections.
    pub target_connections: Collection<Value>,
    /// Dataflows.
    pub flows: Collection<Value>,
    /// The schedule state of each dataflow, by flow id.
    pub flow_runs: HashMap<String, FlowRuns>,
    /// Runs, scheduled and on-demand.
    pub runs: Collection<RunRecord>,
    /// The outcome forced for the future runs of a flow, by flow id.
    pub outcomes: HashMap<String, Outcome>,
    /// Mapping sets (Data Prep).
    pub mapping_sets: Collection<MappingSetRecord>,
}

/// A stable UUID for a sandbox name, used as `sandboxId`.
pub fn sandbox_id(name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("sandbox:{name}").as_bytes(),
    )
    .to_string()
}

/// A fresh resource id (a random UUID).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl State {
    /// The next insertion number.
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// A fresh etag, quoted as the service sends it: `"\"0000002a-0000-0200-0000-5e8a547d0000\""`.
    pub fn next_etag(&mut self, now_secs: i64) -> String {
        self.etags += 1;
        format!(
            "\"{:08x}-0000-0200-0000-{:08x}0000\"",
            self.etags & 0xffff_ffff,
            now_secs.rem_euclid(1 << 32)
        )
    }
}

/// Adds the identity, version and audit fields of a new resource to `body`.
pub fn stamp_new(
    body: &mut Map<String, Value>,
    id: &str,
    etag: &str,
    caller: &Caller,
    now_ms: i64,
) {
    let user = caller.user();
    for (k, v) in [
        ("id", json!(id)),
        ("createdAt", json!(now_ms)),
        ("updatedAt", json!(now_ms)),
        ("createdBy", json!(user)),
        ("updatedBy", json!(user)),
        ("createdClient", json!(caller.client_id)),
        ("updatedClient", json!(caller.client_id)),
        ("sandboxId", json!(sandbox_id(&caller.sandbox))),
        ("sandboxName", json!(caller.sandbox)),
        ("imsOrgId", json!(caller.org_id)),
        ("etag", json!(etag)),
    ] {
        body.insert(k.to_owned(), v);
    }
}

/// Updates the version and audit fields of a changed resource.
pub fn stamp_update(body: &mut Map<String, Value>, etag: &str, caller: &Caller, now_ms: i64) {
    body.insert("updatedAt".into(), json!(now_ms));
    body.insert("updatedBy".into(), json!(caller.user()));
    body.insert("updatedClient".into(), json!(caller.client_id));
    body.insert("etag".into(), json!(etag));
    if body.contains_key("version") {
        body.insert("version".into(), json!(etag));
    }
}

/// Members a JSON Patch may not touch: set by the service.
pub const READ_ONLY: &[&str] = &[
    "id",
    "etag",
    "version",
    "createdAt",
    "updatedAt",
    "createdBy",
    "updatedBy",
    "createdClient",
    "updatedClient",
    "sandboxId",
    "sandboxName",
    "imsOrgId",
    "inheritedAttributes",
    "lastOperation",
    "lastRunDetails",
    "runs",
    "connectionSpec",
    "flowSpec",
    "providerRefId",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_are_scoped_by_sandbox() {
        let mut c = Collection::default();
        c.insert(1, "prod", "a", 1);
        c.insert(2, "dev", "b", 2);
        assert_eq!(c.get("prod", "a").map(|e| e.item), Some(1));
        assert!(c.get("dev", "a").is_none());
        assert_eq!(
            c.iter("dev").map(|(id, _)| id).collect::<Vec<_>>(),
            vec!["b"]
        );
        assert!(!c.remove("dev", "a"));
        assert!(c.remove("prod", "a"));
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn etags_are_quoted_and_fresh() {
        let mut s = State::default();
        let a = s.next_etag(0x5e8a547d);
        let b = s.next_etag(0x5e8a547d);
        assert_eq!(a, "\"00000001-0000-0200-0000-5e8a547d0000\"");
        assert_ne!(a, b);
        assert_eq!(sandbox_id("prod"), sandbox_id("prod"));
    }
}
