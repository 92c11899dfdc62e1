//! No import cycles between sibling modules, in the generator (`codegen/src`) and the
//! runtime (`codegen/runtime/src`).
//!
//! Every `crate::…`, `super::…` and `self::…` path of a source file (in `use` items and
//! inline) is resolved to the module it names; an edge from module `a::b::c` to `a::d::e`
//! is an edge between the siblings `a::b` and `a::d` (children of their common
//! ancestor). A module naming its own ancestor or descendant adds no edge. Test modules
//! (`#[cfg(test)]` and files named `tests.rs`) are left out: they may look anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// `src/emit/builder.rs` → `["emit", "builder"]`, `src/emit/mod.rs` → `["emit"]`.
fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments, string literals and `#[cfg(test)]` items.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut skip_test_item = false;
    let mut depth_at_skip = 0usize;
    let mut depth = 0usize;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("");
        let trimmed = line.trim();
        if trimmed.starts_with("#[cfg(test)]") && !skip_test_item {
            skip_test_item = true;
            depth_at_skip = depth;
            continue;
        }
        let opened = line.matches('{').count();
        let closed = line.matches('}').count();
        depth = (depth + opened).saturating_sub(closed);
        if skip_test_item {
            // The item ends at a `;` on its own level or when its braces close again.
            if depth <= depth_at_skip && (closed > 0 || trimmed.ends_with(';')) {
                skip_test_item = false;
            }
            continue;
        }
        code.push_str(&strip_strings(line));
        code.push('\n');
    }
    code
}

fn strip_strings(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        match (in_string, c) {
            (true, '\\') if !escaped => escaped = true,
            (true, '"') if !escaped => in_string = false,
            (true, _) => escaped = false,
            (false, '"') => in_string = true,
            (false, _) => out.push(c),
        }
    }
    out
}

/// Every path the code names, `use` trees expanded (`use crate::{a, b::c}` gives
/// `crate::a` and `crate::b::c`).
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        collect_inline(before, &mut paths);
        let statement = &rest[at + 4..];
        let end = statement.find(';').unwrap_or(statement.len());
        let boundary = at == 0 || !is_ident(rest[..at].chars().last().unwrap_or(' '));
        if boundary {
            expand_tree(&Vec::new(), statement[..end].trim(), &mut paths);
            rest = &statement[end..];
        } else {
            collect_inline(&rest[at..at + 4], &mut paths);
            rest = statement;
        }
    }
    collect_inline(rest, &mut paths);
    paths
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Inline paths: `crate::a::b(…)`, `super::x::Y`.
fn collect_inline(code: &str, paths: &mut Vec<Vec<String>>) {
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            let prev = code[..at].chars().last().unwrap_or(' ');
            if is_ident(prev) || prev == '$' || prev == ':' {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| is_ident(*c) || *c == ':')
                .collect();
            paths.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
    }
}

/// Expands one `use` tree (`a::{b, c::d}`) with `prefix` in front.
fn expand_tree(prefix: &[String], tree: &str, paths: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut base = prefix.to_vec();
        base.extend(
            tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        for part in split_top_level(inner) {
            expand_tree(&base, part, paths);
        }
    } else {
        let tree = tree.split(" as ").next().unwrap_or(tree);
        let mut path = prefix.to_vec();
        path.extend(
            tree.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        paths.push(path);
    }
}

fn split_top_level(list: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The module a path names, relative to `from`: the longest known module prefix.
fn resolve(from: &Module, path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    let mut base: Module = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("super") | Some("self") => from.clone(),
        _ => return None,
    };
    let mut rest = &path[1..];
    if path[0] == "super" {
        base.pop();
        while rest.first().map(String::as_str) == Some("super") {
            base.pop();
            rest = &rest[1..];
        }
    }
    let mut found = base.clone();
    for segment in rest {
        base.push(segment.clone());
        if modules.contains(&base) {
            found = base.clone();
        } else {
            break;
        }
    }
    Some(found)
}

/// The edge between the children of the common ancestor, if neither contains the other.
fn sibling_edge(from: &Module, to: &Module) -> Option<(Module, String, String)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((
        from[..common].to_vec(),
        from[common].clone(),
        to[common].clone(),
    ))
}

/// Every cycle among the children of one parent, as `a -> b -> a`.
fn cycles(root: &Path) -> Vec<String> {
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let from = module_of(&src, file);
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for path in paths_in(&code_of(&text)) {
            let Some(to) = resolve(&from, &path, &modules) else {
                continue;
            };
            if let Some((parent, a, b)) = sibling_edge(&from, &to) {
                edges
                    .entry(parent)
                    .or_default()
                    .entry(a)
                    .or_default()
                    .insert(b);
            }
        }
    }
    let mut found = Vec::new();
    for (parent, graph) in &edges {
        for start in graph.keys() {
            // Each cycle once, from its smallest member.
            let cycle = path_back(graph, start).filter(|c| c.iter().all(|m| m >= start));
            if let Some(cycle) = cycle {
                let name = |m: &str| [parent.join("::"), m.to_string()].join("::");
                let shown: Vec<String> = cycle.iter().map(|m| name(m)).collect();
                found.push(format!("{}: {}", root.display(), shown.join(" -> ")));
            }
        }
    }
    found
}

/// A path `start -> … -> start` in the graph, if one exists (breadth first, so the shortest).
fn path_back(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut queue = std::collections::VecDeque::from([vec![start.to_string()]]);
    let mut seen = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        let last = path.last()?;
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                queue.push_back(longer);
            }
        }
    }
    None
}

#[test]
fn no_import_cycles_between_sibling_modules() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = cycles(manifest);
    found.extend(cycles(&manifest.join("runtime")));
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("emit")).unwrap_or_else(|e| panic!("{e}"));
    let write = |path: &str, text: &str| {
        std::fs::write(src.join(path), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("lib.rs", "mod emit;\nmod ir;\n");
    write("ir.rs", "pub fn f() {}\n");
    write("emit/mod.rs", "mod builder;\nmod types;\n");
    write(
        "emit/builder.rs",
        "use super::types::field;\nfn f() { crate::ir::f() }\n",
    );
    write("emit/types.rs", "use crate::emit::{builder::{self, x}};\n");
    let found = cycles(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with("emit::builder -> emit::types -> emit::builder"),
        "{found:?}"
    );
    write(
        "emit/types.rs",
        "#[cfg(test)]\nmod t {\n    use super::builder;\n}\n",
    );
    assert!(cycles(dir.path()).is_empty());
}
