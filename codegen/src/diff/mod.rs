//! `flowgen diff`: what changed in the API of the generated crate between two states of
//! the inputs, and whether it breaks code that uses it.
//!
//! Each state is read into a [`Surface`] ([`surface`]): the flowSpecs,
//! connectionSpecs and endpoint descriptions go through the load and IR stages and the
//! shaper as for generation, and every item code can see (types, members, enum values,
//! variants, bounds, conditionals, operations, parameters, bodies) is recorded with the
//! spec file, the JSON pointer and the Rust item ([`extract`]). The two surfaces are
//! compared item by item ([`compare`]) and each change is classified by a [`Rule`]
//! ([`rules`]), from the point of view of code that sends the values and code that reads
//! them. [`render`] writes the report as text, Markdown or JSON. See
//! `docs/change-report.md`.

pub mod cli;
pub mod compare;
pub mod extract;
pub mod git;
pub mod model;
pub mod render;
pub mod rules;
pub mod surface;

pub use compare::Change;
pub use model::Surface;
pub use rules::{Class, Rule};

use crate::diag::Result;
use std::path::Path;

/// The changes between the specs in `from` and those in `to`, breaking first.
pub fn between(from: &Path, to: &Path) -> Result<Vec<Change>> {
    for dir in [from, to] {
        // A mistyped directory would read as "everything removed" (or added).
        if !dir.is_dir() {
            return Err(crate::diag::Error::Io {
                path: dir.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
            });
        }
    }
    let before = surface::read(from)?;
    let after = surface::read(to)?;
    Ok(compare::compare(&before, &after))
}

/// The changes from the specs directory `specs` as it was at git `revision` to the
/// directory as it is.
pub fn since(specs: &Path, revision: &str) -> Result<Vec<Change>> {
    let base = git::specs_at(specs, revision)?;
    between(&base.dir, specs)
}

/// The summary `flowgen check` prints above its file list: the API changes from the
/// specs at git `HEAD` to `specs`; a note when they cannot be worked out (no git, specs
/// outside a repository, specs that do not load).
pub fn check_summary(specs: &Path) -> String {
    let changes = git::specs_at(specs, "HEAD").and_then(|base| match base.files {
        0 => Err(crate::diag::Error::Io {
            path: specs.to_owned(),
            source: std::io::Error::other("git has no file here at HEAD"),
        }),
        _ => between(&base.dir, specs),
    });
    match changes {
        Ok(changes) if changes.is_empty() => {
            "API changes since the specs at HEAD: none (the generator's output changed, or generated/ was edited)\n".to_owned()
        }
        Ok(changes) => format!("since the specs at HEAD, {}", render::text(&changes)),
        Err(e) => format!("(no API change summary against the specs at HEAD: {e})\n"),
    }
}
