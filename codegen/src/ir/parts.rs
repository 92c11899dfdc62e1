//! The units of one spec document's parts (a flowSpec's `scheduleSpec`,
//! `transformationSpec` entries, ..., or a connectionSpec's auth, source and explore
//! schemas): one IR unit per part, its schema the root. Generation (`emit::flowspec`,
//! `emit::connectionspec`, through `emit::shared`) and `flowgen diff` both start here, so
//! the API the change report compares is the one generation writes.

use super::refs::{Remotes, Spot, Store};
use super::{build, Unit};
use crate::diag::{Error, Result};
use crate::load::Document;

/// A part schema that becomes a root type.
#[derive(Debug, Clone)]
pub struct PartRoot {
    /// The JSON pointer of its schema in the document.
    pub pointer: String,
    /// The path of its base URI under `flowgen:///` (what relative `$ref`s resolve
    /// against; unique per part).
    pub base: String,
    /// The Rust name of its root type.
    pub type_name: String,
}

/// A store holding `doc`, with each of `parts` added as a resource at its base URI, and
/// the root (spot and type name) of each part.
fn part_roots(
    remotes: &Remotes,
    doc: &Document,
    parts: &[PartRoot],
) -> Result<(Store, Vec<(Spot, String)>)> {
    let mut store = Store::new(remotes.clone());
    let index = store.add_doc(doc.clone());
    let mut roots = Vec::with_capacity(parts.len());
    for part in parts {
        let spot = Spot {
            doc: index,
            pointer: part.pointer.clone(),
        };
        let base = url::Url::parse(&format!("flowgen:///{}", part.base))
            .map_err(|e| Error::Internal(e.to_string()))?;
        store.add_resource(spot.clone(), base);
        roots.push((spot, part.type_name.clone()));
    }
    Ok((store, roots))
}

/// The unit of each of `parts` of `doc` on its own (one IR unit per part, the part's
/// schema its only root), built from one store holding the document with each part as a
/// resource at its base URI, so relative `$ref`s resolve against the part. These are the
/// units shared types are made from (`emit::shared`), and the units `flowgen diff`
/// compares.
pub fn units(remotes: &Remotes, doc: &Document, parts: &[PartRoot]) -> Result<Vec<Unit>> {
    let (mut store, roots) = part_roots(remotes, doc, parts)?;
    let mut units = Vec::with_capacity(roots.len());
    let mut errors = Vec::new();
    for root in roots {
        match build(&mut store, &[root]) {
            Ok(unit) => units.push(unit),
            Err(Error::Input(d)) => errors.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !errors.is_empty() {
        // A node two parts reach is reported once.
        let mut seen = std::collections::BTreeSet::new();
        errors.retain(|d| seen.insert(d.to_string()));
        return Err(Error::Input(errors));
    }
    Ok(units)
}

/// The canonical text of a one-root unit: what its generated types and validators depend
/// on, and nothing else. Each node in arena order (the order a walk from the root first
/// meets them, so two equal schemas number their nodes alike; `$ref`s are already these
/// numbers) with its schema path (which errors report) and its keywords without `title`
/// and `description` (documentation only; `$comment` and `examples` are never read);
/// then the root's type name and `salt` (what else shapes the types: the kind of spec).
/// Two parts with the same text get the same Rust types, validators and error messages.
pub fn canonical(unit: &Unit, salt: &str) -> String {
    use std::fmt::Write;
    let mut text = String::new();
    let _ = write!(text, "{salt}\u{0}");
    for root in &unit.roots {
        let _ = write!(text, "{}\u{0}", root.name);
    }
    for node in &unit.nodes {
        let _ = write!(text, "\n{:?}\u{0}", node.schema_path);
        match &node.kind {
            super::NodeKind::Bool(b) => {
                let _ = write!(text, "{b}");
            }
            super::NodeKind::Schema(k) => {
                let mut k = (**k).clone();
                k.title = None;
                k.description = None;
                let _ = write!(text, "{k:?}");
            }
        }
    }
    text
}

/// A stable 64-bit hash of `text` (FNV-1a): the same on every machine and run, so shared
/// module names only change when their schema does.
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
