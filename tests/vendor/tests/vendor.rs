//! Every vendor endpoint description in `$FLOWGEN_SHARED_DIR/adobe-openapi` (default
//! `../shared/adobe-openapi`): nothing is dropped silently (each operation of the
//! document is a method of the generated client), and the warnings each file gets are
//! snapshotted (`snapshots/`), so a change in how a vendor quirk is read shows in review.
//! The clients themselves are compiled by this crate's `build.rs`.

use flowgen::openapi;
use flowgen::Diagnostic;
use std::path::{Path, PathBuf};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn shared() -> PathBuf {
    match std::env::var_os("FLOWGEN_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The vendor files; empty (with a note) when the directory is missing outside CI.
fn vendor_files() -> Vec<PathBuf> {
    let dir = shared().join("adobe-openapi");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(d) => d.flatten().map(|e| e.path()).collect(),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
            panic!(
                "{}: {e} (CI=true: shared material must be present)",
                dir.display()
            )
        }
        Err(e) => {
            eprintln!("skipping: {}: {e} (set FLOWGEN_SHARED_DIR)", dir.display());
            return Vec::new();
        }
    };
    files.retain(|p| {
        p.extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
    });
    files.sort();
    files
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The name a file has in diagnostics: relative to the shared directory.
fn name(path: &Path) -> PathBuf {
    path.strip_prefix(shared())
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `paths` × methods of the raw document (a Swagger 2.0 document has the same shape).
fn operations_in_document(path: &Path) -> usize {
    let mut w = Vec::new();
    let file = std::sync::Arc::new(name(path));
    let doc = openapi::yaml::parse(&file, &read(path), &mut w).unwrap_or_else(|d| panic!("{d}"));
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return 0;
    };
    paths
        .values()
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}

#[test]
fn there_are_vendor_files() {
    let files = vendor_files();
    if files.is_empty() {
        return;
    }
    assert!(files.len() >= 13, "{files:?}");
}

#[test]
fn every_operation_of_every_vendor_file_is_a_method() {
    for path in vendor_files() {
        let in_document = operations_in_document(&path);
        let api = openapi::load(name(&path), &read(&path)).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(api.operations.len(), in_document, "{}", path.display());
        let generated = flowgen::Config::new()
            .names_relative_to(shared())
            .openapi_file(&path)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let code = generated.single_file().unwrap_or_else(|e| panic!("{e}"));
        // Each operation's builder makes its request once (`new_request` comes from
        // `rt::request_builder!`).
        let methods = code.matches("self.new_request(path)").count();
        assert_eq!(methods, in_document, "{}", path.display());
        assert!(in_document > 0, "{}", path.display());
    }
}

/// One line per warning: `file:line:col #pointer: message`.
fn lines(warnings: &[Diagnostic]) -> String {
    warnings
        .iter()
        .map(|w| {
            let p = w.position.unwrap_or_default();
            format!(
                "{}:{}:{} #{}: {}",
                w.location.file.display(),
                p.line,
                p.column,
                w.location.pointer,
                w.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_warnings_of_every_vendor_file() {
    for path in vendor_files() {
        let generated = flowgen::Config::new()
            .names_relative_to(shared())
            .openapi_file(&path)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(generated.warnings.iter().all(|w| w.position.is_some()));
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .replace('-', "_");
        insta::assert_snapshot!(format!("warnings_{stem}"), lines(&generated.warnings));
    }
}
