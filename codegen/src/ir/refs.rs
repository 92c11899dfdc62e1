//! Base URIs, `$id`s and `$ref` resolution across the loaded documents.
//!
//! Each schema *resource* (a flowSpec part, a standalone schema file, a remote document)
//! has a base URI. Before any `$ref` is resolved, each resource is scanned for `$id`s
//! (only in schema positions, so an `$id` inside an `enum` value is no identifier), which
//! gives a map from absolute URI to (document, pointer) and one for `#name` anchors.

use crate::diag::{Diagnostic, Location};
use crate::load::Document;
use crate::schema::{subschemas_held_by, Holds};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use url::Url;

/// The draft-07 meta-schema's URI (without the empty fragment), resolved offline from a
/// built-in copy so schemas that validate schemas work without network.
const DRAFT_07: &str = "http://json-schema.org/draft-07/schema";
const DRAFT_07_SCHEMA: &str = include_str!("builtin/draft-07-schema.json");

/// A place in the loaded documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spot {
    /// Index into [`Store::docs`].
    pub doc: usize,
    /// JSON pointer into that document.
    pub pointer: String,
}

/// Maps URL prefixes to local directories, so `$ref`s to remote documents are read from
/// disk (the test suite's `http://localhost:1234/` convention, or a vendor's schema host).
#[derive(Debug, Clone, Default)]
pub struct Remotes {
    prefixes: Vec<(String, PathBuf)>,
}

impl Remotes {
    /// Serves URLs starting with `prefix` from files under `dir`.
    pub fn add(&mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) {
        self.prefixes.push((prefix.into(), dir.into()));
    }

    fn file_for(&self, uri: &str) -> Option<PathBuf> {
        self.prefixes
            .iter()
            .find_map(|(p, dir)| uri.strip_prefix(p.as_str()).map(|rest| dir.join(rest)))
    }
}

#[derive(Debug, Clone)]
struct Resource {
    spot: Spot,
    base: Url,
}

/// The documents of one generation unit and what identifies what in them.
#[derive(Debug, Default)]
pub struct Store {
    /// The documents, in load order.
    pub docs: Vec<Document>,
    resources: Vec<Resource>,
    ids: BTreeMap<String, Spot>,
    anchors: BTreeMap<(String, String), Spot>,
    remotes: Remotes,
}

/// Every subschema of `value`, with the pointer suffix that reaches it.
pub fn subschemas(value: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let Some(obj) = value.as_object() else {
        return out;
    };
    if obj.contains_key("$ref") {
        return out;
    }
    for (k, v) in obj {
        let mut key = String::new();
        flowgen_runtime::path::push_escaped(&mut key, k);
        let Some(holds) = subschemas_held_by(k, false) else {
            continue;
        };
        let one = matches!(holds, Holds::One | Holds::OneOrList);
        if one && (v.is_object() || v.is_boolean()) {
            out.push((format!("/{key}"), v));
        } else if matches!(holds, Holds::List | Holds::OneOrList) {
            if let Some(a) = v.as_array() {
                out.extend(
                    a.iter()
                        .enumerate()
                        .map(|(i, s)| (format!("/{key}/{i}"), s)),
                );
            }
        } else if matches!(holds, Holds::Map | Holds::MapOfSchemasOrNames) {
            if let Some(m) = v.as_object() {
                for (name, s) in m {
                    if s.is_object() || s.is_boolean() {
                        let mut n = String::new();
                        flowgen_runtime::path::push_escaped(&mut n, name);
                        out.push((format!("/{key}/{n}"), s));
                    }
                }
            }
        }
    }
    out
}

fn own_id(value: &Value) -> Option<&str> {
    let obj = value.as_object()?;
    if obj.contains_key("$ref") {
        return None;
    }
    obj.get("$id")?.as_str()
}

fn without_fragment(u: &Url) -> String {
    let mut u = u.clone();
    u.set_fragment(None);
    u.to_string()
}

/// Decodes `%XX` escapes in a URI fragment.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Store {
    /// A store that reads remote documents through `remotes`.
    pub fn new(remotes: Remotes) -> Self {
        Store {
            remotes,
            ..Store::default()
        }
    }

    /// Adds a document and returns its index.
    pub fn add_doc(&mut self, doc: Document) -> usize {
        self.docs.push(doc);
        self.docs.len() - 1
    }

    /// The value at `spot`.
    pub fn value(&self, spot: &Spot) -> Option<&Value> {
        self.docs.get(spot.doc)?.at(&spot.pointer)
    }

    /// The location of `spot`, for diagnostics.
    pub fn location(&self, spot: &Spot) -> Location {
        match self.docs.get(spot.doc) {
            Some(d) => Location {
                file: d.file.clone(),
                pointer: spot.pointer.clone(),
            },
            None => Location {
                file: Default::default(),
                pointer: spot.pointer.clone(),
            },
        }
    }

    /// Registers the schema at `spot` as a resource with base URI `base` and scans it
    /// for identifiers.
    pub fn add_resource(&mut self, spot: Spot, base: Url) {
        self.resources.push(Resource {
            spot: spot.clone(),
            base: base.clone(),
        });
        self.ids
            .entry(without_fragment(&base))
            .or_insert_with(|| spot.clone());
        let Some(root) = self.value(&spot).cloned() else {
            return;
        };
        self.scan(&root, &spot.pointer, spot.doc, &base);
    }

    fn scan(&mut self, value: &Value, pointer: &str, doc: usize, base: &Url) {
        let mut base = base.clone();
        if let Some(id) = own_id(value) {
            if let Ok(u) = base.join(id) {
                let spot = Spot {
                    doc,
                    pointer: pointer.to_owned(),
                };
                match u.fragment() {
                    Some(f) if !f.is_empty() => {
                        self.anchors
                            .insert((without_fragment(&u), percent_decode(f)), spot);
                    }
                    _ => {
                        self.ids.insert(without_fragment(&u), spot);
                    }
                }
                if !id.starts_with('#') {
                    base = u;
                }
            }
        }
        for (suffix, sub) in subschemas(value) {
            self.scan(sub, &format!("{pointer}{suffix}"), doc, &base);
        }
    }

    /// The base URI in force at `spot`: its resource's base, changed by every `$id` on the
    /// way down.
    pub fn base_at(&self, spot: &Spot) -> Option<Url> {
        let res = self
            .resources
            .iter()
            .filter(|r| {
                r.spot.doc == spot.doc
                    && (spot.pointer == r.spot.pointer
                        || spot.pointer.starts_with(&format!("{}/", r.spot.pointer)))
            })
            .max_by_key(|r| r.spot.pointer.len())?;
        let mut base = res.base.clone();
        let doc = self.docs.get(spot.doc)?;
        let rest = &spot.pointer[res.spot.pointer.len()..];
        let mut at = res.spot.pointer.clone();
        let mut value = doc.at(&at)?;
        let tokens: Vec<&str> = if rest.is_empty() {
            Vec::new()
        } else {
            rest[1..].split('/').collect()
        };
        for (i, token) in std::iter::once("")
            .chain(tokens.iter().copied())
            .enumerate()
        {
            if i > 0 {
                at.push('/');
                at.push_str(token);
                value = doc.at(&at)?;
            }
            // `$id` counts only where it names a schema; the last node's own `$id` counts too.
            if let Some(id) = own_id(value) {
                if !id.starts_with('#') {
                    if let Ok(u) = base.join(id) {
                        base = u;
                    }
                }
            }
        }
        Some(base)
    }

    /// Resolves the `$ref` text `reference`, written in the schema at `holder`.
    pub fn resolve(&mut self, holder: &Spot, reference: &str) -> Result<Spot, Diagnostic> {
        let loc = self.location(holder).key("$ref");
        let dangling = |why: &str| {
            Diagnostic::error(loc.clone(), format!("$ref {reference:?} {why}"))
                .with_hint("point it at an existing schema: `#/definitions/Name`, a JSON pointer, or a URI mapped to a local directory")
        };
        let base = self
            .base_at(holder)
            .ok_or_else(|| dangling("has no base URI to resolve against"))?;
        let target = base
            .join(reference)
            .map_err(|e| dangling(&format!("is not a valid URI reference ({e})")))?;
        let doc_uri = without_fragment(&target);
        let fragment = percent_decode(target.fragment().unwrap_or(""));
        let resource = match self.ids.get(&doc_uri) {
            Some(s) => s.clone(),
            None => self
                .load_remote(&doc_uri)
                .ok_or_else(|| dangling("names a document that is not loaded"))?,
        };
        let spot = if fragment.is_empty() {
            resource
        } else if fragment.starts_with('/') {
            Spot {
                doc: resource.doc,
                pointer: format!("{}{}", resource.pointer, fragment),
            }
        } else {
            self.anchors
                .get(&(doc_uri, fragment))
                .cloned()
                .ok_or_else(|| dangling("names an anchor that no `$id` defines"))?
        };
        if self.value(&spot).is_none() {
            return Err(dangling("points at nothing"));
        }
        Ok(spot)
    }

    fn load_remote(&mut self, uri: &str) -> Option<Spot> {
        let doc = match self.remotes.file_for(uri) {
            Some(path) => Document::read(&path).ok()?,
            None if uri == DRAFT_07 => {
                Document::parse("builtin/draft-07-schema.json", DRAFT_07_SCHEMA.as_bytes()).ok()?
            }
            None => return None,
        };
        let base = Url::parse(uri).ok()?;
        let index = self.add_doc(doc);
        let spot = Spot {
            doc: index,
            pointer: String::new(),
        };
        self.add_resource(spot.clone(), base);
        Some(spot)
    }
}

impl Store {
    /// The pointer of `spot` relative to the root of the resource that holds it.
    pub fn relative_pointer(&self, spot: &Spot) -> String {
        self.resources
            .iter()
            .filter(|r| {
                r.spot.doc == spot.doc
                    && (spot.pointer == r.spot.pointer
                        || spot.pointer.starts_with(&format!("{}/", r.spot.pointer)))
            })
            .max_by_key(|r| r.spot.pointer.len())
            .map(|r| spot.pointer[r.spot.pointer.len()..].to_owned())
            .unwrap_or_else(|| spot.pointer.clone())
    }
}
