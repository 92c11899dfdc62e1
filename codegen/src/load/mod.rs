//! The load stage: input files are read into JSON documents, and flowSpecs are found in
//! them. Every node keeps its file and JSON pointer, so later stages can say where a
//! problem is.

pub mod connectionspec;
pub mod flowspec;
pub mod keywords;

use crate::diag::{Diagnostic, Error, Location, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use flowspec::FlowSpec;

mod duplicates;
use duplicates::duplicate_key;

/// One parsed input file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file, as named to the generator.
    pub file: Arc<PathBuf>,
    /// Its JSON content.
    pub value: Value,
}

impl Document {
    /// Parses `text` as the JSON content of `file`.
    pub fn parse(file: impl Into<PathBuf>, text: &[u8]) -> Result<Self> {
        let file = Arc::new(file.into());
        let text = std::str::from_utf8(text).map_err(|e| {
            Error::at(
                Location::root(file.clone()),
                format!("not valid UTF-8 (byte {})", e.valid_up_to()),
            )
        })?;
        let value = serde_json::from_str(text).map_err(|e| {
            // serde_json's message ends with the position too; say it once.
            let position = format!("line {} column {}", e.line(), e.column());
            let message = e.to_string();
            let message = message
                .strip_suffix(&format!(" at {position}"))
                .unwrap_or(&message);
            Error::from(
                Diagnostic::error(
                    Location::root(file.clone()),
                    format!("malformed JSON at {position}: {message}"),
                )
                .with_hint("fix the JSON syntax; the position above is where the parser stopped"),
            )
        })?;
        if let Some((pointer, key, position)) = duplicate_key(text) {
            let mut location = Location::root(file.clone());
            location.pointer = pointer;
            return Err(Diagnostic::error(
                location,
                format!("duplicate key {key:?} in one object ({position})"),
            )
            .with_hint("remove one of the two members: JSON readers disagree on which one wins")
            .into());
        }
        Ok(Document { file, value })
    }

    /// Reads and parses `path`.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &bytes)
    }

    /// The node at `pointer`, if there is one.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.value.pointer(pointer)
    }

    /// The location of the document root.
    pub fn root(&self) -> Location {
        Location::root(self.file.clone())
    }
}

/// The files with extension `ext` directly in `dir`, sorted by name (so output is
/// deterministic). A missing directory has none.
pub fn files_in(dir: &Path, ext: &[&str]) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_owned(),
                source,
            })
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| Error::Io {
                path: dir.to_owned(),
                source,
            })?
            .path();
        if path.is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ext.contains(&e))
        {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
