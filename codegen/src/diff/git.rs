//! The specs at a git revision: the files under the specs directory, as `git` has them
//! at that revision, written to a temporary directory (removed when dropped).

use crate::diag::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A directory holding the specs of a revision; removed on drop.
#[derive(Debug)]
pub struct Checkout {
    /// The directory (laid out like the specs directory).
    pub dir: PathBuf,
    /// How many files git has under the specs directory at the revision.
    pub files: usize,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An error about `path` (the specs directory or the repository) with `message`.
fn failed(path: &Path, message: String) -> Error {
    Error::Io {
        path: path.to_owned(),
        source: std::io::Error::other(message),
    }
}

fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .current_dir(cwd)
        .args(args)
        .output()
        .map_err(|e| failed(cwd, format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let message = format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
        return Err(failed(cwd, message));
    }
    Ok(output.stdout)
}

/// The specs directory `specs` (a directory inside a git work tree) as it was at
/// `revision` (`HEAD~1`, `origin/main`, a commit).
pub fn specs_at(specs: &Path, revision: &str) -> Result<Checkout> {
    let specs = specs.canonicalize().map_err(|source| Error::Io {
        path: specs.to_owned(),
        source,
    })?;
    let top = git(&specs, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = top.canonicalize().unwrap_or(top);
    let rel = specs.strip_prefix(&top).unwrap_or(Path::new(""));
    let rel = rel.to_string_lossy().replace('\\', "/");
    let spec = format!("{revision}^{{commit}}");
    git(&top, &["rev-parse", "--verify", "--quiet", &spec]).map_err(|_| {
        failed(
            &top,
            format!("`{revision}` is not a commit of this repository"),
        )
    })?;
    let pathspec = if rel.is_empty() {
        ".".to_owned()
    } else {
        rel.clone()
    };
    let listing = git(
        &top,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            revision,
            "--",
            &pathspec,
        ],
    )?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("flowgen-diff-{}-{stamp}", std::process::id()));
    let mut checkout = Checkout { dir, files: 0 };
    std::fs::create_dir_all(&checkout.dir).map_err(|source| Error::Io {
        path: checkout.dir.clone(),
        source,
    })?;
    for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let inside = match rel.is_empty() {
            true => name.as_str(),
            false => name.strip_prefix(&format!("{rel}/")).unwrap_or(&name),
        };
        let bytes = git(&top, &["show", &format!("{revision}:{name}")])?;
        let path = checkout.dir.join(inside);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })?;
        checkout.files += 1;
    }
    Ok(checkout)
}
