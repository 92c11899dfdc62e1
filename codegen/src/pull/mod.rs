//! `flowgen pull`: mirrors an organization's catalog (its flowSpecs and connectionSpecs,
//! as the Flow Service serves them) into `specs/`.
//!
//! Everything is fetched first, into memory, with the runtime's HTTP client (its
//! retries, timeouts and paging). Only then is `specs/` compared with it and, unless
//! checking, brought up to date: each file written to a temporary file and renamed over
//! the old one, the manifest ([`manifest::MANIFEST`]) last. A failed or interrupted fetch
//! therefore leaves `specs/` as it was. Files pull did not write (not in its manifest)
//! are never changed or removed.

pub mod cli;
mod fetch;
mod layout;
pub mod manifest;
mod mirror;
mod report;

pub use fetch::{Auth, Credentials, CredentialsError, Fetched};
pub use report::{Change, ChangeKind, Report};

use flowgen_runtime::http::RetryPolicy;
use std::fmt;
use std::path::{Path, PathBuf};

/// The two kinds of spec pull mirrors.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum SpecKind {
    /// `GET /flowSpecs`, mirrored into `specs/flowspecs/`.
    FlowSpec,
    /// `GET /connectionSpecs`, mirrored into `specs/connectionspecs/`.
    ConnectionSpec,
}

impl SpecKind {
    /// Both kinds, in the order they are fetched.
    pub const ALL: [SpecKind; 2] = [SpecKind::FlowSpec, SpecKind::ConnectionSpec];

    /// The list route below the Flow Service root.
    pub fn route(self) -> &'static str {
        match self {
            SpecKind::FlowSpec => "/flowSpecs",
            SpecKind::ConnectionSpec => "/connectionSpecs",
        }
    }

    /// The folder below `specs/` (the one `flowgen generate` reads).
    pub fn dir(self) -> &'static str {
        match self {
            SpecKind::FlowSpec => "flowspecs",
            SpecKind::ConnectionSpec => "connectionspecs",
        }
    }

    /// `flowSpec` or `connectionSpec`, as the manifest and messages name the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecKind::FlowSpec => "flowSpec",
            SpecKind::ConnectionSpec => "connectionSpec",
        }
    }

    fn operation(self) -> &'static str {
        match self {
            SpecKind::FlowSpec => "listFlowSpecs",
            SpecKind::ConnectionSpec => "listConnectionSpecs",
        }
    }
}

impl fmt::Display for SpecKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a pull does once the catalog is fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Brings `specs/` up to date.
    Write,
    /// Writes nothing; the report lists the differences (`--check`, `--dry-run`).
    Compare,
}

/// The Flow Service root below a platform URL.
pub const FLOW_SERVICE_PATH: &str = "/data/foundation/flowservice";

/// The platform URL used when none is given.
pub const DEFAULT_BASE_URL: &str = "https://platform.adobe.io";

/// Everything a pull needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The platform URL; the Flow Service is at `base_url` + [`FLOW_SERVICE_PATH`].
    pub base_url: String,
    /// The kinds to mirror (the others' files and manifest entries stay as they are).
    pub kinds: Vec<SpecKind>,
    /// `property` filters sent with each list request (the service combines them).
    pub properties: Vec<String>,
    /// The `specs/` folder.
    pub specs_dir: PathBuf,
    /// Who pulls.
    pub credentials: Credentials,
    /// Retries (default: the runtime's [`RetryPolicy::default`]).
    pub retry: RetryPolicy,
    /// Items asked for per page (`limit`).
    pub page_size: u32,
    /// Whether to show a progress bar (on a terminal).
    pub progress: bool,
    /// Write, or only compare.
    pub mode: Mode,
}

impl Options {
    /// Options for pulling both kinds into `specs_dir` from `base_url`.
    pub fn new(
        base_url: impl Into<String>,
        specs_dir: impl Into<PathBuf>,
        credentials: Credentials,
    ) -> Self {
        Options {
            base_url: base_url.into(),
            kinds: SpecKind::ALL.to_vec(),
            properties: Vec::new(),
            specs_dir: specs_dir.into(),
            credentials,
            retry: RetryPolicy::default(),
            page_size: 100,
            progress: false,
            mode: Mode::Write,
        }
    }
}

/// Why a pull stopped. Nothing in `specs/` was changed unless the error says so.
#[derive(Debug)]
pub enum PullError {
    /// A request failed (after the runtime's retries).
    Fetch {
        /// The kind being listed.
        kind: SpecKind,
        /// Specs of that kind received before the failure.
        items: usize,
        /// The runtime's error.
        error: flowgen_runtime::http::Error,
    },
    /// The service answered something pull cannot mirror (an item without an `id`, the
    /// same id twice with different content).
    Catalog(String),
    /// The client could not be configured.
    Config(String),
    /// A file in the way: it exists, pull did not write it, and its content differs.
    NotPulled(Vec<PathBuf>),
    /// The manifest could not be read.
    Manifest {
        /// The manifest's path.
        file: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Reading or writing `specs/` failed.
    Io {
        /// The file concerned.
        file: PathBuf,
        /// The error.
        error: std::io::Error,
    },
}

impl fmt::Display for PullError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PullError::Fetch { kind, items, error } => write!(
                f,
                "listing {kind}s failed after {items} of them: {error}; specs/ is unchanged"
            ),
            PullError::Catalog(m) => write!(f, "{m}; specs/ is unchanged"),
            PullError::Config(m) => write!(f, "{m}"),
            PullError::NotPulled(files) => {
                write!(
                    f,
                    "{} file(s) that pull did not write are in the way (their content differs \
                     from the service's; move them away, pull then writes its own); wrote nothing:",
                    files.len()
                )?;
                for file in files {
                    write!(f, "\n  {}", file.display())?;
                }
                Ok(())
            }
            PullError::Manifest { file, message } => write!(f, "{}: {message}", file.display()),
            PullError::Io { file, error } => write!(f, "{}: {error}", file.display()),
        }
    }
}

impl std::error::Error for PullError {}

/// Fetches the catalog and compares it with (or, in [`Mode::Write`], mirrors it into)
/// `options.specs_dir`. Blocks; runs its own single-threaded async runtime.
pub fn pull(options: &Options) -> Result<Report, PullError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| PullError::Config(format!("cannot start the async runtime: {e}")))?;
    let fetched = runtime.block_on(fetch::fetch_all(options))?;
    mirror::mirror(&options.specs_dir, &fetched, options.mode)
}

/// Mirrors an already fetched catalog into `specs_dir` (what [`pull`] does after
/// fetching): for callers that fetch themselves.
pub fn mirror(specs_dir: &Path, fetched: &Fetched, mode: Mode) -> Result<Report, PullError> {
    mirror::mirror(specs_dir, fetched, mode)
}
