//! The public configuration: what to generate from, and how ([`Config`]). Running it is
//! [`crate::pipeline`]'s work.

use crate::diag::{Error, Result};
use crate::emit::RuntimeSource;
use crate::ir::refs::Remotes;
use crate::load::Document;
use std::path::{Path, PathBuf};

/// An input schema given by value (for generators that read schemas themselves).
#[derive(Debug, Clone)]
pub(crate) struct SchemaInput {
    pub(crate) module: String,
    pub(crate) type_name: String,
    pub(crate) file: PathBuf,
    pub(crate) value: Option<serde_json::Value>,
}

/// What to generate from, and how. Build it like a sentence, then call
/// [`Config::generate`].
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub(crate) flow_spec_dirs: Vec<PathBuf>,
    pub(crate) flow_spec_files: Vec<PathBuf>,
    pub(crate) connection_spec_dirs: Vec<PathBuf>,
    pub(crate) connection_spec_files: Vec<PathBuf>,
    pub(crate) openapi_dirs: Vec<PathBuf>,
    pub(crate) openapi_files: Vec<PathBuf>,
    pub(crate) overlay_dirs: Vec<PathBuf>,
    pub(crate) overlay_files: Vec<PathBuf>,
    pub(crate) schemas: Vec<SchemaInput>,
    pub(crate) remotes: Remotes,
    pub(crate) formats: bool,
    pub(crate) names_relative_to: Option<PathBuf>,
    pub(crate) runtime: Option<RuntimeSource>,
    pub(crate) strict: bool,
}

impl Config {
    /// Nothing to generate yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Generates a module for every flowSpec in the `.json` files of `dir`.
    pub fn flow_specs_in(mut self, dir: impl Into<PathBuf>) -> Self {
        self.flow_spec_dirs.push(dir.into());
        self
    }

    /// Generates a module for every flowSpec in `file` (one flowSpec, or an `items` list).
    pub fn flow_spec_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.flow_spec_files.push(file.into());
        self
    }

    /// Generates a `connection_specs` module for every connectionSpec in the `.json`
    /// files of `dir`.
    pub fn connection_specs_in(mut self, dir: impl Into<PathBuf>) -> Self {
        self.connection_spec_dirs.push(dir.into());
        self
    }

    /// Generates a `connection_specs` module for every connectionSpec in `file` (one
    /// connectionSpec, or an `items` list).
    pub fn connection_spec_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.connection_spec_files.push(file.into());
        self
    }

    /// Generates a `client` module for every OpenAPI 3 description (`.yaml`, `.yml`,
    /// `.json`) in `dir`.
    pub fn openapi_in(mut self, dir: impl Into<PathBuf>) -> Self {
        self.openapi_dirs.push(dir.into());
        self
    }

    /// Generates a `client` module for the OpenAPI 3 description in `file`.
    pub fn openapi_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.openapi_files.push(file.into());
        self
    }

    /// Applies every overlay (OpenAPI Overlay Specification 1.0; `.yaml`, `.yml`, `.json`)
    /// in `dir` (not below it) to the endpoint description its `extends` names, before
    /// generation. See [`crate::openapi::overlay`].
    pub fn overlays_in(mut self, dir: impl Into<PathBuf>) -> Self {
        self.overlay_dirs.push(dir.into());
        self
    }

    /// Applies the overlay in `file` to the endpoint description its `extends` names.
    pub fn overlay_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.overlay_files.push(file.into());
        self
    }

    /// Generates module `module` with the type `type_name` for the JSON Schema in `file`.
    pub fn schema_file(mut self, module: &str, type_name: &str, file: impl Into<PathBuf>) -> Self {
        self.schemas.push(SchemaInput {
            module: module.into(),
            type_name: type_name.into(),
            file: file.into(),
            value: None,
        });
        self
    }

    /// Generates module `module` with the type `type_name` for a JSON Schema given as a
    /// value; `file` names it in diagnostics.
    pub fn schema_value(
        mut self,
        module: &str,
        type_name: &str,
        file: impl Into<PathBuf>,
        value: serde_json::Value,
    ) -> Self {
        self.schemas.push(SchemaInput {
            module: module.into(),
            type_name: type_name.into(),
            file: file.into(),
            value: Some(value),
        });
        self
    }

    /// Resolves `$ref`s to URLs starting with `prefix` from files under `dir`.
    pub fn remote(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        self.remotes.add(prefix, dir);
        self
    }

    /// Makes `format` an assertion (`email`, `date-time`, `ipv4`, ...). Off by default, as
    /// draft-07 says formats are annotations unless asked for.
    pub fn assert_formats(mut self, on: bool) -> Self {
        self.formats = on;
        self
    }

    /// Names input files relative to `root` in generated code and diagnostics, so output
    /// does not depend on where the inputs are checked out.
    pub fn names_relative_to(mut self, root: impl Into<PathBuf>) -> Self {
        self.names_relative_to = Some(root.into());
        self
    }

    /// Makes the generated crate take `flowgen-runtime` from `source` (see
    /// [`crate::Generated::crate_settings`]) instead of the default: a relative path in flowgen's
    /// own workspace, the published runtime of this flowgen's version elsewhere. A build
    /// script's single file does not name the runtime; its crate depends on it itself.
    pub fn runtime(mut self, source: RuntimeSource) -> Self {
        self.runtime = Some(source);
        self
    }

    /// Turns every warning into an error: generation fails if the inputs need any
    /// approximation or repair (a vendor quirk, an unknown keyword, ...). Off by default.
    pub fn strict(mut self, on: bool) -> Self {
        self.strict = on;
        self
    }

    pub(crate) fn display_name(&self, path: &Path) -> PathBuf {
        match &self.names_relative_to {
            Some(root) => path
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| path.to_path_buf()),
            None => path.to_path_buf(),
        }
    }

    pub(crate) fn read(&self, path: &Path) -> Result<Document> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Document::parse(self.display_name(path), &bytes)
    }
}
