//! The manifest: which files pull wrote, for which spec. Only files it lists are ever
//! changed or removed by a later pull.

use super::{PullError, SpecKind};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest's file name, in `specs/` (beside the folders `flowgen generate` reads,
/// so it is never taken for a spec).
pub const MANIFEST: &str = ".flowgen-pull.json";

/// The manifest's format version.
const FORMAT: u32 = 1;

/// What one pull wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    /// The format version (1).
    pub format: u32,
    /// One entry per file, in file order.
    pub specs: Vec<Entry>,
}

/// One file pull wrote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entry {
    /// The file, relative to `specs/` (`flowspecs/crm-to-aep.json`).
    pub file: String,
    /// `flowSpec` or `connectionSpec`.
    pub kind: SpecKind,
    /// The spec's id.
    pub id: String,
    /// The spec's name, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The spec's version, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            format: FORMAT,
            specs: Vec::new(),
        }
    }
}

/// Whether `file` is a path pull may write: `<kind dir>/<stem>.json`, the stem of ASCII
/// letters, digits and `-` (a manifest edited by hand cannot make pull touch anything
/// else).
fn safe(kind: SpecKind, file: &str) -> bool {
    let Some(rest) = file
        .strip_prefix(kind.dir())
        .and_then(|r| r.strip_prefix('/'))
    else {
        return false;
    };
    let Some(stem) = rest.strip_suffix(".json") else {
        return false;
    };
    !stem.is_empty()
        && !stem.starts_with('-')
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Manifest {
    /// Reads `specs_dir`'s manifest; none yet is an empty one.
    pub fn read(specs_dir: &Path) -> Result<Manifest, PullError> {
        let file = specs_dir.join(MANIFEST);
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(error) => return Err(PullError::Io { file, error }),
        };
        let bad = |message: String| PullError::Manifest {
            file: file.clone(),
            message,
        };
        let m: Manifest = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if m.format != FORMAT {
            return Err(bad(format!(
                "format {} is not one this flowgen reads ({FORMAT})",
                m.format
            )));
        }
        if let Some(e) = m.specs.iter().find(|e| !safe(e.kind, &e.file)) {
            return Err(bad(format!(
                "`{}` is not a file pull writes (expected {}/<name>.json)",
                e.file,
                e.kind.dir()
            )));
        }
        Ok(m)
    }

    /// The manifest's bytes: two-space indented, entries in file order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut m = self.clone();
        m.specs.sort();
        let mut out = serde_json::to_vec_pretty(&m).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_files_in_the_kind_folder_are_accepted() {
        assert!(safe(SpecKind::FlowSpec, "flowspecs/crm-to-aep.json"));
        assert!(!safe(SpecKind::FlowSpec, "connectionspecs/x.json"));
        assert!(!safe(SpecKind::FlowSpec, "flowspecs/../x.json"));
        assert!(!safe(SpecKind::FlowSpec, "flowspecs/a/b.json"));
        assert!(!safe(SpecKind::FlowSpec, "/etc/passwd"));
        assert!(!safe(SpecKind::ConnectionSpec, "connectionspecs/.json"));
    }

    #[test]
    fn a_manifest_pointing_outside_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let text = r#"{"format":1,"specs":[{"file":"flowspecs/../../x.json","kind":"flowSpec","id":"i"}]}"#;
        std::fs::write(dir.path().join(MANIFEST), text).unwrap_or_else(|e| panic!("{e}"));
        let e = Manifest::read(dir.path()).err().map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.contains("flowspecs/../../x.json")),
            "{e:?}"
        );
        std::fs::remove_file(dir.path().join(MANIFEST)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Manifest::read(dir.path()).ok(), Some(Manifest::default()));
    }
}
