//! `flowgen` turns Adobe Experience Platform flowSpecs (and standalone JSON Schemas) into
//! typed, validating Rust, and OpenAPI 3 endpoint descriptions into async clients whose
//! types go through the same pipeline.
//!
//! The pipeline has three stages:
//! - [`load`]: files become JSON documents; flowSpecs and their schemas are found, each
//!   node keeping its file and JSON pointer for diagnostics ([`openapi`] does the same
//!   for endpoint descriptions: operations, parameters, bodies, answers);
//! - [`ir`]: every reachable schema node gets an id up front, `$ref`s are resolved, and
//!   Rust types are chosen (conditionals on a `const` member become enums);
//! - [`emit`]: tokens for validators, types, builders and clients, formatted with
//!   `prettyplease`.
//!
//! From a build script:
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

pub mod check;
mod config;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod init;
pub mod ir;
pub mod load;
pub mod openapi;
mod pipeline;
#[cfg(feature = "pull")]
pub mod pull;
pub mod schema;

pub use check::{CheckReport, FileChange};
pub use config::Config;
pub use diag::{Diagnostic, Error, Location, Result, Severity};
pub use emit::{CrateSettings, Items, Module, ModuleKind, RuntimeSource};

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
    pub fn crate_files(&self, settings: &CrateSettings) -> Result<Vec<(PathBuf, String)>> {
        emit::crate_files(&self.modules, settings)
    }
}
