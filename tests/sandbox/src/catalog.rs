//! The read-only catalogue: connection specifications and flow specifications.
//!
//! Flow specifications are read at start from the repository's `specs/flowspecs`
//! and connection specifications from `specs/connectionspecs` (each file holds
//! one spec or an `{"items": [...]}` list), and served as they are. Each one must
//! be known to the generated registry (`aep_flows::flow_specs::find`,
//! `aep_flows::connection_specs::find`), whose validators check the flows and
//! connections that use it; a file the registry does not know means `generated/`
//! is stale, and starting fails with the file's name.

use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// Id of the Generic OData connection specification the seed's source uses.
pub const ODATA_SPEC_ID: &str = "8e6b41a8-d998-4545-ad7d-c6a9fff406c3";
/// Id of the data lake connection specification every target connection uses.
pub const DATA_LAKE_SPEC_ID: &str = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";

/// Why the catalogue could not be loaded.
#[derive(Debug)]
pub struct CatalogError {
    /// The file concerned.
    pub file: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for CatalogError {}

/// Connection and flow specifications.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Connection specifications, in catalogue order.
    pub connection_specs: Vec<Value>,
    /// Flow specifications, in file-name order.
    pub flow_specs: Vec<Value>,
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

impl Catalog {
    /// Loads the flowSpecs in `dir`, the connectionSpecs of the repository and `extra`.
    pub fn load(dir: &Path, extra: &[Value]) -> Result<Catalog, CatalogError> {
        Self::load_all(dir, &crate::config::default_connection_specs_dir(), extra)
    }

    /// Loads the flowSpecs in `flow_dir`, the connectionSpecs in `connection_dir`, and
    /// adds the connection specs `extra`.
    pub fn load_all(
        flow_dir: &Path,
        connection_dir: &Path,
        extra: &[Value],
    ) -> Result<Catalog, CatalogError> {
        let flow_specs = read_specs(flow_dir, "flowSpec", |id| {
            aep_flows::flow_specs::find(id).is_some()
        })?;
        let mut connection_specs = read_specs(connection_dir, "connectionSpec", |id| {
            aep_flows::connection_specs::find(id).is_some()
        })?;
        connection_specs.extend(extra.iter().cloned());
        Ok(Catalog {
            connection_specs,
            flow_specs,
        })
    }

    /// The specs in `specs_dir/flowspecs` and `specs_dir/connectionspecs` (a folder that
    /// is missing holds none), as they are: unlike [`Catalog::load_all`] they need not be
    /// in the generated registry (serve them to list them; flows and connections that use
    /// an unregistered spec are refused).
    pub fn from_specs_dir(specs_dir: &Path) -> Result<Catalog, CatalogError> {
        let read = |dir: &str, what: &str| {
            let dir = specs_dir.join(dir);
            if dir.is_dir() {
                read_specs(&dir, what, |_| true)
            } else {
                Ok(Vec::new())
            }
        };
        Ok(Catalog {
            flow_specs: read("flowspecs", "flowSpec")?,
            connection_specs: read("connectionspecs", "connectionSpec")?,
        })
    }

    /// Writes each spec to `specs_dir/flowspecs/<n>.json` or
    /// `specs_dir/connectionspecs/<n>.json` (`n` its position, zero-padded), so that
    /// `flowgen generate --specs specs_dir` reads the catalog.
    pub fn write_to(&self, specs_dir: &Path) -> std::io::Result<()> {
        for (dir, specs) in [
            ("flowspecs", &self.flow_specs),
            ("connectionspecs", &self.connection_specs),
        ] {
            let dir = specs_dir.join(dir);
            std::fs::create_dir_all(&dir)?;
            for (i, spec) in specs.iter().enumerate() {
                let mut bytes = serde_json::to_vec_pretty(spec).map_err(std::io::Error::other)?;
                bytes.push(b'\n');
                std::fs::write(dir.join(format!("{i:04}.json")), bytes)?;
            }
        }
        Ok(())
    }

    /// The connection specification with this id.
    pub fn connection_spec(&self, id: &str) -> Option<&Value> {
        self.connection_specs.iter().find(|s| id_of(s) == Some(id))
    }

    /// The flow specification with this id.
    pub fn flow_spec(&self, id: &str) -> Option<&Value> {
        self.flow_specs.iter().find(|s| id_of(s) == Some(id))
    }
}

/// Whether `flow_spec` lists `connection_spec_id` under `key`
/// (`sourceConnectionSpecIds` or `targetConnectionSpecIds`).
pub fn allows(flow_spec: &Value, key: &str, connection_spec_id: &str) -> bool {
    flow_spec
        .get(key)
        .and_then(Value::as_array)
        .is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(connection_spec_id)))
}

/// The specs in the `.json` files of `dir`, in file-name order; each must be one the
/// generated registry knows (`known`).
fn read_specs(
    dir: &Path,
    what: &str,
    known: impl Fn(&str) -> bool,
) -> Result<Vec<Value>, CatalogError> {
    let err = |file: &Path, message: String| CatalogError {
        file: file.to_path_buf(),
        message,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| err(dir, e.to_string()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| err(&file, e.to_string()))?;
        let doc: Value =
            serde_json::from_str(&text).map_err(|e| err(&file, format!("invalid JSON: {e}")))?;
        let specs = match doc.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![doc],
        };
        for (i, spec) in specs.into_iter().enumerate() {
            let id = id_of(&spec)
                .ok_or_else(|| err(&file, format!("{what} #{i} has no string `id`")))?;
            if !known(id) {
                return Err(err(
                    &file,
                    format!(
                        "{what} {id} is not in the generated registry; run `cargo run -p flowgen`"
                    ),
                ));
            }
            out.push(spec);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_flow_specs_dir;

    #[test]
    fn loads_the_repository_flow_specs() {
        let c = Catalog::load(&default_flow_specs_dir(), &[]).unwrap_or_else(|e| panic!("{e}"));
        let crm = c.flow_spec("14518937-270c-4525-bdec-c2ba7cce3860");
        assert_eq!(crm.and_then(|s| s["name"].as_str()), Some("CRMToAEP"));
        assert_eq!(c.flow_specs.len(), aep_flows::flow_specs::all().len());
        assert!(c.connection_spec(ODATA_SPEC_ID).is_some());
        assert!(crm.is_some_and(|s| allows(s, "targetConnectionSpecIds", DATA_LAKE_SPEC_ID)));
        assert!(crm.is_some_and(|s| allows(s, "sourceConnectionSpecIds", ODATA_SPEC_ID)));
    }

    #[test]
    fn unknown_flow_specs_are_refused_with_the_file_name() {
        let dir = std::env::temp_dir().join(format!("flow-sandbox-cat-{}", uuid::Uuid::new_v4()));
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join("x.json");
        let _ = std::fs::write(&file, r#"{"id":"not-generated","name":"X"}"#);
        let e = Catalog::load(&dir, &[]).err();
        let _ = std::fs::remove_dir_all(&dir);
        let e = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("x.json") && e.contains("not-generated"), "{e}");
    }
}
