//! The report as terminal text, as Markdown for a pull request comment, and as JSON.

use super::compare::Change;
use super::rules::Class;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many changes of each class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Breaking changes.
    pub breaking: usize,
    /// Additive changes.
    pub additive: usize,
    /// Documentation-only changes.
    pub documentation: usize,
}

impl Counts {
    /// The counts of `changes`.
    pub fn of(changes: &[Change]) -> Counts {
        let mut c = Counts::default();
        for ch in changes {
            match ch.class {
                Class::Breaking => c.breaking += 1,
                Class::Additive => c.additive += 1,
                Class::Documentation => c.documentation += 1,
            }
        }
        c
    }

    /// `2 breaking, 1 additive, 0 documentation-only changes`.
    pub fn line(&self) -> String {
        let total = self.breaking + self.additive + self.documentation;
        format!(
            "{} breaking, {} additive, {} documentation-only change{}",
            self.breaking,
            self.additive,
            self.documentation,
            if total == 1 { "" } else { "s" }
        )
    }
}

/// The changes by spec file: specs with a breaking change first, then by name; in each,
/// breaking changes first.
fn by_spec(changes: &[Change]) -> Vec<(&str, Vec<&Change>)> {
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        groups.entry(c.item.spec.as_str()).or_default().push(c);
    }
    let mut out: Vec<(&str, Vec<&Change>)> = groups.into_iter().collect();
    for (_, cs) in &mut out {
        cs.sort_by_key(|c| c.class);
    }
    out.sort_by_key(|(spec, cs)| (cs.iter().map(|c| c.class).min(), *spec));
    out
}

/// Terminal text: the summary line, then each spec's changes.
pub fn text(changes: &[Change]) -> String {
    let mut out = format!("API changes: {}\n", Counts::of(changes).line());
    for (spec, cs) in by_spec(changes) {
        let _ = write!(out, "\n{spec}\n");
        for c in cs {
            let _ = writeln!(
                out,
                "  {:<13} {}: {} [{}]\n  {:<13} at #{}",
                c.class.as_str(),
                c.item.rust,
                c.what,
                c.rule.id(),
                "",
                c.item.pointer
            );
        }
    }
    out
}

/// Markdown for a pull request comment: a summary line with the counts, then a table
/// per spec file, breaking changes first.
pub fn markdown(changes: &[Change]) -> String {
    let counts = Counts::of(changes);
    let mut out = format!("**API changes**: {}\n", counts.line());
    if counts.breaking > 0 {
        out.push_str("\n> [!WARNING]\n> Code using the generated crate may no longer compile, or requests it sends may be refused.\n");
    }
    for (spec, cs) in by_spec(changes) {
        let _ = write!(
            out,
            "\n### `{spec}`\n\n| Class | Rust item | Change | Rule | Where |\n|---|---|---|---|---|\n"
        );
        for c in cs {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | `{}` | `#{}` |",
                c.class.as_str(),
                c.item.rust,
                cell(&c.what),
                c.rule.id(),
                c.item.pointer
            );
        }
    }
    out
}

/// Text safe in a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// JSON for tools: `{"summary": {...}, "changes": [...]}`.
pub fn json(changes: &[Change]) -> String {
    let value = serde_json::json!({
        "summary": Counts::of(changes),
        "changes": changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
