//! The unit of one spec document: its part schemas (a flowSpec's `scheduleSpec`,
//! `transformationSpec` entries, ..., or a connectionSpec's auth, source and explore
//! schemas) as the roots of one IR unit, shaped into Rust types. Generation
//! (`pipeline.rs`, `emit::connectionspec`) and `flowgen diff` both start here, so the
//! API the change report compares is the one generation writes.

use super::refs::{Remotes, Spot, Store};
use super::shape::Shaper;
use super::types::TypeSet;
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

/// The unit of `parts` of `doc` and its types; `taken` are the names the module's own
/// items use, which no schema type may take.
pub fn shape(
    remotes: &Remotes,
    doc: &Document,
    parts: &[PartRoot],
    formats: bool,
    taken: &[&str],
) -> Result<(Unit, TypeSet)> {
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
    let unit = build(&mut store, &roots)?;
    let types = Shaper::new(&unit, formats, taken).run();
    Ok((unit, types))
}
