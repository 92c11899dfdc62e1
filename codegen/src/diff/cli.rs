//! The `flowgen diff` command's arguments and what it prints.

use super::render;
use crate::diag::{Error, Result};
use std::path::{Path, PathBuf};

/// How to print the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human text.
    Text,
    /// Markdown to paste as a pull request comment.
    Markdown,
    /// JSON for tools.
    Json,
}

/// What makes `flowgen diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Any breaking change.
    Breaking,
}

/// `flowgen diff`: the API changes between two states of the specs.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["base", "from"])))]
pub struct DiffArgs {
    /// Compare with the specs at this git revision (`origin/main`, `HEAD~1`), read
    /// with `git` from the repository holding `--specs`.
    #[arg(long, conflicts_with = "from")]
    pub base: Option<String>,
    /// The specs directory before the change.
    #[arg(long, requires = "to")]
    pub from: Option<PathBuf>,
    /// The specs directory after the change.
    #[arg(long, requires = "from")]
    pub to: Option<PathBuf>,
    /// The specs directory as it is now (with `--base`). Default: `specs/` of the
    /// workspace.
    #[arg(long, conflicts_with = "to")]
    pub specs: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit 1 when a change of this class is found (for CI).
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
}

/// Runs `flowgen diff`; `root` is the workspace (for the default specs directory).
/// Returns `Ok(false)` when `--deny` finds what it denies.
pub fn run(args: DiffArgs, root: &Path) -> Result<bool> {
    let changes = match (&args.base, &args.from, &args.to) {
        (_, Some(from), Some(to)) => super::between(from, to)?,
        (Some(base), _, _) => {
            let specs = args.specs.clone().unwrap_or_else(|| root.join("specs"));
            super::since(&specs, base)?
        }
        _ => {
            return Err(Error::Io {
                path: root.to_owned(),
                source: std::io::Error::other(
                    "say what to compare: `--base <git revision>`, or `--from DIR --to DIR`",
                ),
            })
        }
    };
    let text = match args.format {
        Format::Text => render::text(&changes),
        Format::Markdown => render::markdown(&changes),
        Format::Json => render::json(&changes),
    };
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
    }
    let denied = match args.deny {
        Some(Deny::Breaking) => changes.iter().any(|c| c.class == super::Class::Breaking),
        None => false,
    };
    Ok(!denied)
}
