//! The generated crate's manifest, and where it takes `flowgen-runtime` from.
//!
//! The manifest must be the same on every machine: it never holds an absolute path. In
//! this workspace the crate depends on the runtime next to the generator by a relative
//! path (as `generated/` does); anywhere else it depends on the published runtime of
//! flowgen's own version, unless [`RuntimeSource`] says otherwise.

use crate::diag::{Error, Result};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// Where the generated crate takes `flowgen-runtime` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// From crates.io, by version requirement (e.g. `0.1.0` or `^0.1`).
    Version(String),
    /// From a directory holding the runtime's package: absolute, or relative to the
    /// current directory. The manifest names it relative to the generated crate.
    Path(PathBuf),
    /// From a git repository, at a revision (commit, tag or branch) if given.
    Git {
        /// The repository's URL.
        url: String,
        /// The revision to check out; the default branch's head if `None`.
        rev: Option<String>,
    },
}

impl RuntimeSource {
    /// The published runtime of this flowgen's version: what generated code is made for.
    pub fn this_version() -> Self {
        RuntimeSource::Version(env!("CARGO_PKG_VERSION").to_owned())
    }
}

impl fmt::Display for RuntimeSource {
    /// The form `--runtime` takes: `VERSION`, `path:DIR` or `git:URL[#REV]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuntimeSource::Version(v) => f.write_str(v),
            RuntimeSource::Path(p) => write!(f, "path:{}", p.display()),
            RuntimeSource::Git { url, rev: None } => write!(f, "git:{url}"),
            RuntimeSource::Git { url, rev: Some(r) } => write!(f, "git:{url}#{r}"),
        }
    }
}

impl FromStr for RuntimeSource {
    type Err = String;

    /// Reads `VERSION`, `path:DIR` or `git:URL[#REV]`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if let Some(dir) = s.strip_prefix("path:") {
            if dir.is_empty() {
                return Err(
                    "`path:` needs a directory, e.g. `path:../flowgen/codegen/runtime`".into(),
                );
            }
            return Ok(RuntimeSource::Path(PathBuf::from(dir)));
        }
        if let Some(rest) = s.strip_prefix("git:") {
            let (url, rev) = match rest.split_once('#') {
                Some((url, rev)) => (url, Some(rev)),
                None => (rest, None),
            };
            if url.is_empty() || rev.is_some_and(str::is_empty) {
                return Err("`git:` needs a URL and, after `#`, a revision, e.g. `git:https://example.org/flowgen.git#v0.1.0`".into());
            }
            return Ok(RuntimeSource::Git {
                url: url.to_owned(),
                rev: rev.map(str::to_owned),
            });
        }
        let version_chars = |c: char| c.is_ascii_alphanumeric() || " .*^~=<>,+-".contains(c);
        if s.trim().is_empty() || !s.chars().all(version_chars) {
            return Err(format!(
                "`{s}` is no version requirement; expected a version (`0.1.0`), `path:DIR` or `git:URL[#REV]`"
            ));
        }
        Ok(RuntimeSource::Version(s.trim().to_owned()))
    }
}

/// Settings of the generated crate's manifest.
#[derive(Debug, Clone)]
pub struct CrateSettings {
    /// The package name.
    pub name: String,
    /// Where the crate takes `flowgen-runtime` from, as the manifest says it: a
    /// [`RuntimeSource::Path`] here is relative to the crate's directory.
    pub runtime: RuntimeSource,
    /// Whether the manifest has a `[workspace]` table of its own, so cargo does not look
    /// for an enclosing workspace.
    pub standalone: bool,
    /// The command that every generated file's first line names for regenerating it.
    pub regenerate_with: String,
}

/// How to regenerate in flowgen's own workspace.
pub const REGENERATE_IN_WORKSPACE: &str = "cargo run -p flowgen";
/// How to regenerate elsewhere.
pub const REGENERATE: &str = "flowgen generate";

fn regenerate_with(inside: bool) -> String {
    if inside {
        REGENERATE_IN_WORKSPACE
    } else {
        REGENERATE
    }
    .to_owned()
}

impl CrateSettings {
    /// The settings for a crate named `name` written to `out`, with the default runtime:
    /// a relative path to this flowgen's runtime when `out` is in flowgen's own workspace
    /// (as `generated/` is), the published runtime of this flowgen's version otherwise.
    pub fn for_dir(name: &str, out: &Path) -> Result<Self> {
        let inside = workspace_runtime(out)?;
        Ok(CrateSettings {
            name: name.to_owned(),
            regenerate_with: regenerate_with(inside.is_some()),
            runtime: match inside {
                Some(relative) => RuntimeSource::Path(relative),
                None => RuntimeSource::this_version(),
            },
            standalone: false,
        })
    }

    /// The settings for a crate named `name` written to `out` that takes the runtime from
    /// `runtime` (a path is rewritten relative to `out`; it must exist).
    pub fn with_runtime(name: &str, out: &Path, runtime: &RuntimeSource) -> Result<Self> {
        let runtime = match runtime {
            RuntimeSource::Path(dir) => {
                let dir = dir.canonicalize().map_err(|source| Error::Io {
                    path: dir.clone(),
                    source,
                })?;
                RuntimeSource::Path(relative_to(&absolute(out)?, &dir)?)
            }
            other => other.clone(),
        };
        Ok(CrateSettings {
            name: name.to_owned(),
            runtime,
            standalone: false,
            regenerate_with: regenerate_with(workspace_runtime(out)?.is_some()),
        })
    }
}

/// The runtime of flowgen's own workspace relative to `out`, if `out` is in that
/// workspace (only when flowgen runs from a checkout: a packaged flowgen has no
/// `runtime/` beside it).
fn workspace_runtime(out: &Path) -> Result<Option<PathBuf>> {
    let runtime_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    let Ok(runtime) = runtime_dir.canonicalize() else {
        return Ok(None);
    };
    let Some(workspace) = runtime.parent().and_then(Path::parent) else {
        return Ok(None);
    };
    let out = absolute(out)?;
    if !out.starts_with(workspace) {
        return Ok(None);
    }
    relative_to(&out, &runtime).map(Some)
}

/// `path` made absolute with symbolic links resolved, also when (its tail) does not
/// exist yet: the longest existing ancestor is canonicalized.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(io)?.join(path)
    };
    let mut tail = Vec::new();
    loop {
        if let Ok(real) = path.canonicalize() {
            return Ok(tail.into_iter().rev().fold(real, |p, c: PathBuf| p.join(c)));
        }
        match (path.file_name(), path.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(PathBuf::from(name));
                path = parent.to_path_buf();
            }
            _ => return Err(io(std::io::ErrorKind::NotFound.into())),
        }
    }
}

/// `to` relative to the directory `from` (both absolute); an error when they share no
/// root (e.g. two drives), as the manifest would then hold an absolute path.
fn relative_to(from: &Path, to: &Path) -> Result<PathBuf> {
    let root = |p: &Path| {
        p.components()
            .take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
            .collect::<PathBuf>()
    };
    if root(from) != root(to) {
        return Err(Error::Internal(format!(
            "{} cannot be named relative to {}; give the runtime as a version or a git URL",
            to.display(),
            from.display()
        )));
    }
    Ok(crate::check::relative_path(from, to))
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The TOML value of the `flowgen-runtime` dependency, with `features`.
fn runtime_dependency(runtime: &RuntimeSource, features: &[&str]) -> Result<String> {
    let mut keys = match runtime {
        RuntimeSource::Version(v) if features.is_empty() => return Ok(toml_string(v)),
        RuntimeSource::Version(v) => vec![format!("version = {}", toml_string(v))],
        RuntimeSource::Path(p) => {
            let text = p.to_str().ok_or_else(|| {
                Error::Internal(format!("the runtime path {} is not UTF-8", p.display()))
            })?;
            vec![format!("path = {}", toml_string(&text.replace('\\', "/")))]
        }
        RuntimeSource::Git { url, rev } => {
            let mut keys = vec![format!("git = {}", toml_string(url))];
            keys.extend(rev.iter().map(|r| format!("rev = {}", toml_string(r))));
            keys
        }
    };
    if !features.is_empty() {
        let list: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
        keys.push(format!("features = [{}]", list.join(", ")));
    }
    Ok(format!("{{ {} }}", keys.join(", ")))
}

/// The generated crate's `Cargo.toml`, with a feature per spec and client module (a
/// client's feature turns on the runtime's `client` feature).
pub(crate) fn cargo_toml(
    settings: &CrateSettings,
    features: &super::features::Features,
) -> Result<String> {
    let workspace = if settings.standalone {
        "\n[workspace]\n"
    } else {
        ""
    };
    Ok(format!(
        "# @generated by flowgen {}. Do not edit: regenerate with `{}`.\n[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\ndescription = \"Typed, validating Rust types for Adobe Experience Platform flowSpecs, generated by flowgen.\"\n\n[dependencies]\nflowgen-runtime = {}\n{}{workspace}",
        env!("CARGO_PKG_VERSION"),
        settings.regenerate_with,
        toml_string(&settings.name),
        runtime_dependency(&settings.runtime, &[])?,
        features.manifest_table(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_source_reads_the_three_forms() {
        let read = |s: &str| s.parse::<RuntimeSource>();
        assert_eq!(read("0.1.0"), Ok(RuntimeSource::Version("0.1.0".into())));
        assert_eq!(read("^0.1"), Ok(RuntimeSource::Version("^0.1".into())));
        assert_eq!(
            read("path:../rt"),
            Ok(RuntimeSource::Path(PathBuf::from("../rt")))
        );
        assert_eq!(
            read("git:https://example.org/f.git#v1"),
            Ok(RuntimeSource::Git {
                url: "https://example.org/f.git".into(),
                rev: Some("v1".into())
            })
        );
        assert_eq!(
            read("git:https://example.org/f.git"),
            Ok(RuntimeSource::Git {
                url: "https://example.org/f.git".into(),
                rev: None
            })
        );
        for bad in ["", "path:", "git:", "git:u#", "zero\"one", "https://x"] {
            assert!(read(bad).is_err(), "{bad:?} is accepted");
        }
        for s in ["0.1.0", "path:../rt", "git:u#r", "git:u"] {
            assert_eq!(read(s).map(|r| r.to_string()).as_deref(), Ok(s));
        }
    }

    #[test]
    fn dependency_values_are_toml() {
        let dep = |r: RuntimeSource, f: &[&str]| runtime_dependency(&r, f).unwrap();
        assert_eq!(
            dep(RuntimeSource::Version("0.1.0".into()), &[]),
            "\"0.1.0\""
        );
        assert_eq!(
            dep(RuntimeSource::Version("0.1.0".into()), &["client"]),
            "{ version = \"0.1.0\", features = [\"client\"] }"
        );
        assert_eq!(
            dep(
                RuntimeSource::Path("../codegen/runtime".into()),
                &["client"]
            ),
            "{ path = \"../codegen/runtime\", features = [\"client\"] }"
        );
        let git = RuntimeSource::Git {
            url: "https://example.org/a \"b\".git".into(),
            rev: Some("v1".into()),
        };
        assert_eq!(
            dep(git, &[]),
            "{ git = \"https://example.org/a \\\"b\\\".git\", rev = \"v1\" }"
        );
        assert_eq!(toml_string("a\\b\n"), "\"a\\\\b\\u000A\"");
    }

    #[test]
    fn default_runtime_is_relative_inside_the_workspace_and_a_version_outside() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let inside = CrateSettings::for_dir("x", &workspace.join("generated")).unwrap();
        assert_eq!(
            inside.runtime,
            RuntimeSource::Path(PathBuf::from("../codegen/runtime"))
        );
        // Not created: the settings only name the directory.
        let tmp = std::env::temp_dir().join("flowgen-manifest-test/not/created");
        let outside = CrateSettings::for_dir("x", &tmp).unwrap();
        assert_eq!(outside.runtime, RuntimeSource::this_version());
        assert_eq!(inside.regenerate_with, "cargo run -p flowgen");
        assert_eq!(outside.regenerate_with, "flowgen generate");
        assert!(!tmp.exists());
    }

    #[test]
    fn a_runtime_path_is_written_relative_to_the_crate() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("vendor/flowgen-runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        let out = dir.path().join("crates/generated");
        let s = CrateSettings::with_runtime("x", &out, &RuntimeSource::Path(runtime)).unwrap();
        assert_eq!(
            s.runtime,
            RuntimeSource::Path(PathBuf::from("../../vendor/flowgen-runtime"))
        );
        let missing = RuntimeSource::Path(dir.path().join("missing"));
        assert!(CrateSettings::with_runtime("x", &out, &missing).is_err());
    }
}
