//! `flowgen` turns Adobe Experience Platform flowSpecs and connectionSpecs (and standalone
//! JSON Schemas) into typed, validating Rust, and OpenAPI endpoint descriptions into async
//! clients whose types go through the same pipeline.
//!
//! Most users run the `flowgen` command (`cargo run -p flowgen` regenerates a crate); this
//! library is the same generator for build scripts and tools. The API is small:
//! [`Config`] says what to read, [`Config::generate`] gives [`Generated`] modules (or an
//! [`Error`] carrying [`Diagnostic`]s with file and JSON pointer), and [`Generated`] writes
//! them as one file for `include!` or as a crate. [`check`] compares a crate on disk with
//! what would be written, and [`openapi`] is the endpoint-description reader on its own.
//!
//! # A schema, as a type
//!
//! ```
//! # fn main() -> Result<(), flowgen::Error> {
//! use serde_json::json;
//!
//! let schema = json!({
//!     "title": "A person",
//!     "type": "object",
//!     "required": ["name"],
//!     "properties": { "name": { "type": "string", "minLength": 1 } }
//! });
//! let generated = flowgen::Config::new()
//!     .schema_value("person", "Person", "person.json", schema)
//!     .generate()?;
//! let code = generated.single_file()?;
//! assert!(code.contains("pub struct Person {"));
//! // A constrained string gets a newtype that can only hold valid values.
//! assert!(code.contains("pub name: PersonName"));
//! assert!(code.contains("pub struct PersonName(String);"));
//! # Ok(()) }
//! ```
//!
//! # A flowSpec, as a crate
//!
//! Each flowSpec becomes a module with its schedule, options, transformation and run
//! types and a registry entry. [`Generated::crate_files`] lays the modules out as a crate
//! (`Cargo.toml`, `src/lib.rs`, one file per module); [`check::write_tree`] writes them and
//! [`check::compare`] tells whether a crate on disk is up to date (`flowgen --check`).
//! [`Config::generate_crate`] gives the same files in one call, formatting a client's
//! files on the threads that make them (what the `flowgen` command uses).
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let spec = dir.path().join("flowspecs/hourly.json");
//! std::fs::create_dir_all(spec.parent().unwrap())?;
//! std::fs::write(&spec, r#"{
//!     "id": "7f5d0c9e-0000-4000-8000-000000000001",
//!     "name": "Hourly",
//!     "scheduleSpec": {
//!         "name": "PeriodicSchedule",
//!         "spec": {
//!             "type": "object",
//!             "required": ["interval"],
//!             "properties": { "interval": { "type": "integer", "minimum": 1 } }
//!         }
//!     }
//! }"#)?;
//!
//! let out = dir.path().join("generated");
//! let generated = flowgen::Config::new()
//!     .flow_specs_in(dir.path().join("flowspecs"))
//!     .names_relative_to(dir.path())
//!     .generate()?;
//! let settings = generated.crate_settings("my-flows", &out)?;
//! let files = generated.crate_files(&settings)?;
//! assert!(files.iter().any(|(path, _)| path.ends_with("flow_specs/hourly.rs")));
//!
//! flowgen::check::write_tree(&out, &files)?;
//! assert!(flowgen::check::compare(&out, &files).is_up_to_date());
//! # Ok(()) }
//! ```
//!
//! # Errors name the file and the JSON pointer
//!
//! Every input is read before generation stops, so one run reports every problem:
//!
//! ```
//! use serde_json::json;
//!
//! let bad = json!({ "type": "object", "properties": { "n": { "minimum": "ten" } } });
//! let err = flowgen::Config::new()
//!     .schema_value("bad", "Bad", "bad.json", bad)
//!     .generate()
//!     .unwrap_err();
//! let first = &err.diagnostics()[0];
//! assert_eq!(first.severity, flowgen::Severity::Error);
//! assert_eq!(first.location.pointer, "/properties/n/minimum");
//! ```
//!
//! # From a build script
//!
//! ```no_run
//! # fn main() -> Result<(), flowgen::Error> {
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
//! flowgen::Config::new()
//!     .flow_specs_in("specs/flowspecs")
//!     .generate()?
//!     .write_single_file(&out.join("flow_specs.rs"))?;
//! # Ok(()) }
//! ```
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/flow_specs.rs"));`.
//! `docs/build-rs.md` in the repository lists every option.
//!
//! # Inside
//!
//! A private driver (`pipeline.rs`) runs each input through three stages: *load* (files
//! become JSON documents, every node addressable by file and pointer), *ir* (schemas get
//! ids, `$ref`s are resolved, Rust types are chosen) and *emit* (validators, types,
//! builders and clients as tokens, formatted with `prettyplease`). `ARCHITECTURE.md` in
//! the repository is the map.

pub mod check;
mod config;
pub mod diag;
pub mod diff;
pub(crate) mod emit;
pub mod init;
pub(crate) mod ir;
pub(crate) mod load;
pub mod openapi;
mod pipeline;
#[cfg(feature = "pull")]
pub mod pull;
pub(crate) mod schema;

pub use check::{CheckReport, FileChange};
pub use config::Config;
pub use diag::{Diagnostic, Error, Location, Result, Severity};
pub use emit::{module_file, CrateSettings, Items, Module, ModuleKind, RuntimeSource};
pub use ir::names::module_name;
pub use load::{files_in, Document};

/// This flowgen's version: generated files name it, and generated crates depend on the
/// `flowgen-runtime` of the same version by default.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

use std::path::{Path, PathBuf};

/// The result of [`Config::generate`]: modules, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The modules, sorted by name.
    pub modules: Vec<Module>,
    /// Warnings about the inputs (ignored keywords and the like).
    pub warnings: Vec<Diagnostic>,
    /// Where the crate takes `flowgen-runtime` from, as chosen with [`Config::runtime`];
    /// `None` for the default.
    pub runtime: Option<RuntimeSource>,
}

impl Generated {
    /// Every module as one Rust file, for `include!` from a build script.
    pub fn single_file(&self) -> Result<String> {
        emit::single_file(&self.modules)
    }

    /// Writes [`Generated::single_file`] to `path` (only if it changed, so cargo does not
    /// rebuild for nothing).
    pub fn write_single_file(&self, path: &Path) -> Result<()> {
        check::write_if_changed(path, &self.single_file()?)
    }

    /// The manifest settings for the crate named `name` in `out`, with the runtime chosen
    /// with [`Config::runtime`] (see [`CrateSettings::for_dir`] for the default).
    pub fn crate_settings(&self, name: &str, out: &Path) -> Result<CrateSettings> {
        match &self.runtime {
            Some(source) => CrateSettings::with_runtime(name, out, source),
            None => CrateSettings::for_dir(name, out),
        }
    }

    /// The files of a crate holding every module, relative to the crate root.
    /// ([`Config::generate_crate`] gives the same files sooner.)
    pub fn crate_files(&self, settings: &CrateSettings) -> Result<Vec<(PathBuf, String)>> {
        emit::crate_files(&self.modules, settings)
    }
}
