//! Comparing `specs/` with the fetched catalog, and bringing it up to date: every file
//! first written beside its destination, then renamed over it; removals next; the
//! manifest last.

use super::layout::{self, Placed};
use super::manifest::{Entry, Manifest, MANIFEST};
use super::report::{Change, ChangeKind, Report};
use super::{Fetched, Mode, PullError, SpecKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What to do to `specs/`.
#[derive(Default)]
struct Plan {
    report: Report,
    /// Files to write (relative path, bytes).
    writes: Vec<(String, Vec<u8>)>,
    /// Files to remove (relative paths).
    removals: Vec<String>,
    manifest: Manifest,
    conflicts: Vec<PathBuf>,
}

fn read(path: &Path) -> Result<Option<Vec<u8>>, PullError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(PullError::Io {
            file: path.to_path_buf(),
            error,
        }),
    }
}

fn change(p: &Placed<'_>, change: ChangeKind) -> Change {
    Change {
        file: p.file.clone(),
        change,
        kind: p.kind,
        id: p.id.clone(),
        name: p.name.clone(),
    }
}

/// Places every fetched spec; two specs on one file is an error.
fn placed(fetched: &Fetched) -> Result<Vec<Placed<'_>>, PullError> {
    let mut all = Vec::new();
    for (kind, specs) in &fetched.specs {
        all.extend(layout::place(*kind, specs));
    }
    let mut files = BTreeSet::new();
    for p in &all {
        if !files.insert(p.file.as_str()) {
            return Err(PullError::Catalog(format!(
                "two specs would be written to {} (one is {} {})",
                p.file, p.kind, p.id
            )));
        }
    }
    Ok(all)
}

fn plan(specs_dir: &Path, fetched: &Fetched) -> Result<Plan, PullError> {
    let old = Manifest::read(specs_dir)?;
    let placed = placed(fetched)?;
    let pulled: BTreeSet<SpecKind> = fetched.specs.keys().copied().collect();
    let managed: BTreeSet<&str> = old.specs.iter().map(|e| e.file.as_str()).collect();
    let before: BTreeMap<(SpecKind, &str), &Entry> = old
        .specs
        .iter()
        .map(|e| ((e.kind, e.id.as_str()), e))
        .collect();
    let mut plan = Plan::default();
    plan.manifest.specs = old
        .specs
        .iter()
        .filter(|e| !pulled.contains(&e.kind))
        .cloned()
        .collect();
    let new_files: BTreeSet<&str> = placed.iter().map(|p| p.file.as_str()).collect();
    for p in &placed {
        let bytes = layout::bytes(p.spec);
        let on_disk = read(&specs_dir.join(&p.file))?;
        let same = on_disk.as_deref() == Some(bytes.as_slice());
        let previous = before.get(&(p.kind, p.id.as_str()));
        if on_disk.is_some() && !same && !managed.contains(p.file.as_str()) {
            plan.conflicts.push(specs_dir.join(&p.file));
        }
        let moved = previous.is_some_and(|e| e.file != p.file);
        match (previous, same) {
            (_, true) if !moved => plan.report.unchanged += 1,
            (None, _) => plan.report.changes.push(change(p, ChangeKind::Added)),
            (Some(_), _) => plan.report.changes.push(change(p, ChangeKind::Changed)),
        }
        if !same {
            plan.writes.push((p.file.clone(), bytes));
        }
        plan.manifest.specs.push(Entry {
            file: p.file.clone(),
            kind: p.kind,
            id: p.id.clone(),
            name: p.name.clone(),
            version: p.version.clone(),
        });
    }
    let served: BTreeSet<(SpecKind, &str)> =
        placed.iter().map(|p| (p.kind, p.id.as_str())).collect();
    for e in old.specs.iter().filter(|e| pulled.contains(&e.kind)) {
        if !served.contains(&(e.kind, e.id.as_str())) {
            plan.report.changes.push(Change {
                file: e.file.clone(),
                change: ChangeKind::Removed,
                kind: e.kind,
                id: e.id.clone(),
                name: e.name.clone(),
            });
        }
        if !new_files.contains(e.file.as_str()) && read(&specs_dir.join(&e.file))?.is_some() {
            plan.removals.push(e.file.clone());
        }
    }
    plan.report.changes.sort();
    plan.conflicts.sort();
    Ok(plan)
}

/// The temporary file written before being renamed to `path`.
fn temp_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.pull-{}", std::process::id()))
}

fn io(file: &Path) -> impl FnOnce(std::io::Error) -> PullError + '_ {
    move |error| PullError::Io {
        file: file.to_path_buf(),
        error,
    }
}

/// Writes every file beside its destination; on failure removes what it wrote.
fn stage(
    specs_dir: &Path,
    writes: &[(String, Vec<u8>)],
) -> Result<Vec<(PathBuf, PathBuf)>, PullError> {
    let mut staged = Vec::new();
    for (file, bytes) in writes {
        let path = specs_dir.join(file);
        let temp = temp_of(&path);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temp, bytes))
            .map_err(io(&temp));
        if let Err(e) = result {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        staged.push((temp, path));
    }
    Ok(staged)
}

fn apply(specs_dir: &Path, plan: &Plan) -> Result<(), PullError> {
    let manifest_path = specs_dir.join(MANIFEST);
    let manifest = plan.manifest.to_bytes();
    if plan.writes.is_empty()
        && plan.removals.is_empty()
        && read(&manifest_path)?.as_deref() == Some(manifest.as_slice())
    {
        return Ok(());
    }
    let staged = stage(specs_dir, &plan.writes)?;
    for (temp, path) in &staged {
        std::fs::rename(temp, path).map_err(io(path))?;
    }
    for file in &plan.removals {
        let path = specs_dir.join(file);
        std::fs::remove_file(&path).map_err(io(&path))?;
    }
    std::fs::create_dir_all(specs_dir).map_err(io(specs_dir))?;
    let temp = temp_of(&manifest_path);
    std::fs::write(&temp, &manifest).map_err(io(&temp))?;
    std::fs::rename(&temp, &manifest_path).map_err(io(&manifest_path))
}

/// Compares `specs_dir` with `fetched` and, in [`Mode::Write`], brings it up to date.
pub(super) fn mirror(specs_dir: &Path, fetched: &Fetched, mode: Mode) -> Result<Report, PullError> {
    let plan = plan(specs_dir, fetched)?;
    if !plan.conflicts.is_empty() {
        return Err(PullError::NotPulled(plan.conflicts));
    }
    if mode == Mode::Write {
        apply(specs_dir, &plan)?;
    }
    let mut report = plan.report;
    report.written = mode == Mode::Write;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn fetched(kinds: &[(SpecKind, Vec<Value>)]) -> Fetched {
        Fetched {
            specs: kinds.iter().cloned().collect(),
        }
    }

    fn files(dir: &Path, sub: &str) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir.join(sub))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    #[test]
    fn a_renamed_spec_moves_and_its_old_file_goes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let v1 = fetched(&[(SpecKind::FlowSpec, vec![json!({"id": "a", "name": "One"})])]);
        mirror(dir.path(), &v1, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        let v2 = fetched(&[(SpecKind::FlowSpec, vec![json!({"id": "a", "name": "Two"})])]);
        let r = mirror(dir.path(), &v2, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.changes.len(), 1);
        assert_eq!(r.changes[0].change, ChangeKind::Changed);
        assert_eq!(r.changes[0].file, "flowspecs/two.json");
        assert_eq!(files(dir.path(), "flowspecs"), vec!["two.json"]);
        let m = Manifest::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.specs.len(), 1);
        assert_eq!(m.specs[0].file, "flowspecs/two.json");
    }

    #[test]
    fn only_the_kinds_pulled_are_touched() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let both = fetched(&[
            (SpecKind::FlowSpec, vec![json!({"id": "f", "name": "Flow"})]),
            (
                SpecKind::ConnectionSpec,
                vec![json!({"id": "c", "name": "conn"})],
            ),
        ]);
        mirror(dir.path(), &both, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        let no_flows = fetched(&[(SpecKind::FlowSpec, Vec::new())]);
        let r = mirror(dir.path(), &no_flows, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.count(ChangeKind::Removed), 1);
        assert!(files(dir.path(), "flowspecs").is_empty());
        assert_eq!(files(dir.path(), "connectionspecs"), vec!["conn.json"]);
        let m = Manifest::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.specs.len(), 1);
        assert_eq!(m.specs[0].kind, SpecKind::ConnectionSpec);
        // Nothing left to do: the manifest is not rewritten, no temporary file stays.
        let again = mirror(dir.path(), &no_flows, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert!(again.is_up_to_date());
        let mut all = files(dir.path(), "");
        all.retain(|f| f.contains(".pull-"));
        assert!(all.is_empty(), "{all:?}");
    }
}
