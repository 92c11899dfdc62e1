//! What a pull found (or did), and its progress bar.

use super::SpecKind;
use std::fmt;

/// How a spec's file differs from the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Served, and not (or no longer) in `specs/`.
    Added,
    /// Served with other content, or under another file name.
    Changed,
    /// Pulled before, no longer served.
    Removed,
}

impl ChangeKind {
    fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One spec whose file differs from the service.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// The file (relative to `specs/`), the new one when a spec moved.
    pub file: String,
    /// How.
    pub change: ChangeKind,
    /// The kind of spec.
    pub kind: SpecKind,
    /// Its id.
    pub id: String,
    /// Its name, when it has one.
    pub name: Option<String>,
}

/// The outcome of a pull: the differences between `specs/` and the service (applied,
/// unless the pull only compared).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every spec whose file differs, in file order.
    pub changes: Vec<Change>,
    /// Specs whose file is already as served.
    pub unchanged: usize,
    /// Whether the changes were written.
    pub written: bool,
}

impl Report {
    /// Whether `specs/` is (now, or already) what the service serves.
    pub fn is_up_to_date(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of kind `change`.
    pub fn count(&self, change: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.change == change).count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.changes {
            write!(f, "{:<8}{} ", c.change.as_str(), c.kind)?;
            if let Some(name) = &c.name {
                write!(f, "{name} ")?;
            }
            writeln!(f, "({}) {}", c.id, c.file)?;
        }
        let verb = if self.written || self.changes.is_empty() {
            ""
        } else {
            "would be "
        };
        write!(
            f,
            "{} {verb}added, {} {verb}changed, {} {verb}removed, {} unchanged",
            self.count(ChangeKind::Added),
            self.count(ChangeKind::Changed),
            self.count(ChangeKind::Removed),
            self.unchanged
        )
    }
}

/// A spinner on stderr counting the specs fetched, when asked for and stderr is a
/// terminal; nothing otherwise.
pub(super) struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    pub(super) fn new(wanted: bool) -> Self {
        use std::io::IsTerminal;
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    pub(super) fn fetched(&self, kind: SpecKind, n: usize) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!("fetching {kind}s: {n}"));
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
