//! Where each spec is written: `specs/<kind dir>/<name in kebab case>.json`.
//!
//! Names come from the service, so they are reduced to ASCII letters, digits and `-`
//! (nothing can climb out of the folder), lower case (no two files differ only by case,
//! which some file systems cannot hold). Specs whose names reduce to the same file name
//! all get their id appended, whatever order the service lists them in.

use super::SpecKind;
use heck::ToKebabCase;
use serde_json::Value;
use std::collections::BTreeMap;

/// The longest file stem taken from a name (the id suffix comes on top).
const MAX_STEM: usize = 64;

/// One spec and the file it goes to.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed<'a> {
    pub kind: SpecKind,
    pub id: String,
    pub name: Option<String>,
    pub version: Option<String>,
    /// Relative to `specs/`, `/`-separated.
    pub file: String,
    pub spec: &'a Value,
}

/// `text` as a file stem: kebab case, ASCII alphanumerics and single `-` only.
pub(super) fn stem(text: &str) -> String {
    let kebab = text.to_kebab_case();
    let mut out = String::new();
    for c in kebab.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_STEM {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let reserved = RESERVED.contains(&out.as_str())
        || ((out.starts_with("com") || out.starts_with("lpt"))
            && out.len() == 4
            && out.ends_with(|c: char| c.is_ascii_digit()));
    match out.as_str() {
        "" => "spec".to_owned(),
        _ if reserved => format!("{out}-spec"),
        _ => out,
    }
}

fn text(spec: &Value, key: &str) -> Option<String> {
    match spec.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Places each spec of `kind` (each has a string `id`: the fetch made sure).
pub(super) fn place(kind: SpecKind, specs: &[Value]) -> Vec<Placed<'_>> {
    let mut by_stem: BTreeMap<String, Vec<Placed<'_>>> = BTreeMap::new();
    for spec in specs {
        let id = text(spec, "id").unwrap_or_default();
        let name = text(spec, "name");
        let s = stem(name.as_deref().unwrap_or(&id));
        by_stem.entry(s).or_default().push(Placed {
            kind,
            id,
            name,
            version: text(spec, "version"),
            file: String::new(),
            spec,
        });
    }
    let mut placed = Vec::new();
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for (s, mut group) in by_stem {
        group.sort_by(|a, b| a.id.cmp(&b.id));
        let alone = group.len() == 1;
        for mut p in group {
            let base = if alone {
                s.clone()
            } else {
                format!("{s}-{}", stem(&p.id))
            };
            p.file = base.clone();
            placed.push(p);
            *taken.entry(base).or_default() += 1;
        }
    }
    // Ids that reduce to the same stem (or a name that reads like another's
    // disambiguated one): number them, in id order.
    placed.sort_by(|a, b| a.file.cmp(&b.file).then(a.id.cmp(&b.id)));
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for p in &mut placed {
        let n = seen.entry(p.file.clone()).or_default();
        *n += 1;
        if taken.get(&p.file).copied().unwrap_or(0) > 1 && *n > 1 {
            p.file = format!("{}-{n}", p.file);
        }
    }
    for p in &mut placed {
        p.file = format!("{}/{}.json", kind.dir(), p.file);
    }
    placed.sort_by(|a, b| a.file.cmp(&b.file));
    placed
}

/// The bytes written for `spec`: as served (member order kept), two-space indented,
/// ending in a newline.
pub(super) fn bytes(spec: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(spec).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stems_are_kebab_ascii_and_cannot_climb() {
        assert_eq!(stem("CRMToAEP"), "crm-to-aep");
        assert_eq!(stem("generic-odata"), "generic-odata");
        assert_eq!(stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(stem("Ünïcode Spec"), "n-code-spec");
        assert_eq!(stem("///"), "spec");
        assert_eq!(stem("NUL"), "nul-spec");
        assert!(stem(&"a".repeat(500)).len() <= MAX_STEM);
    }

    #[test]
    fn colliding_names_all_get_their_id_in_any_order() {
        let specs = vec![
            json!({"id": "b-2", "name": "Same"}),
            json!({"id": "a-1", "name": "same"}),
            json!({"id": "c", "name": "Other"}),
        ];
        let files = |specs: &[Value]| -> Vec<(String, String)> {
            place(SpecKind::FlowSpec, specs)
                .into_iter()
                .map(|p| (p.id, p.file))
                .collect()
        };
        let forward = files(&specs);
        let mut reversed = specs.clone();
        reversed.reverse();
        assert_eq!(forward, files(&reversed));
        assert_eq!(
            forward,
            vec![
                ("c".to_owned(), "flowspecs/other.json".to_owned()),
                ("a-1".to_owned(), "flowspecs/same-a-1.json".to_owned()),
                ("b-2".to_owned(), "flowspecs/same-b-2.json".to_owned()),
            ]
        );
    }

    #[test]
    fn ids_that_reduce_alike_are_numbered() {
        let specs = vec![
            json!({"id": "X!", "name": "n"}),
            json!({"id": "x?", "name": "n"}),
        ];
        let files: Vec<String> = place(SpecKind::ConnectionSpec, &specs)
            .into_iter()
            .map(|p| p.file)
            .collect();
        // `X!` sorts before `x?`: it keeps the plain name.
        assert_eq!(
            files,
            vec!["connectionspecs/n-x-2.json", "connectionspecs/n-x.json"]
        );
    }
}
