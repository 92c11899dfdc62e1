//! Our own endpoint descriptions (`specs/openapi/`, our writing) must not drift from the
//! service: each operation we describe is compared with Adobe's published description in
//! the shared directory (never copied here) — method, path, parameters (name, location,
//! required; path parameters by position) and the member types of request and
//! success-response bodies, three levels deep. The vendor's file is read with the reviewed
//! overlays of `specs/overlays/vendor` applied: each of their actions says which vendor
//! bug it fixes, so our description may follow the service there. Every other difference
//! must be listed, with a reason, in `specs/vendor-differences.yaml`; the test fails on a
//! difference not listed there and on a listed one that no longer occurs.

use flowgen::openapi::overlay::Overlay;
use flowgen::openapi::{self, Api, Method, Operation, ParamIn, Success};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Our file and the vendor's.
const PAIRS: &[(&str, &str)] = &[
    ("flowservice.yaml", "flow-service.yaml"),
    ("dataprep.yaml", "data-prep.yaml"),
];

/// How deep below a body's root members are compared.
const DEPTH: usize = 3;

fn load(name: &str, text: &[u8]) -> Api {
    openapi::load(name, text).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// `{anything}` → `{}`, no trailing slash: path templates compare by shape.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn place(p: ParamIn) -> &'static str {
    match p {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

/// The value at `pointer`, following local `$ref`s.
fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(p) => match doc.pointer(p) {
                Some(next) => v = next,
                None => return v,
            },
            None => return v,
        }
    }
    v
}

/// Member path → declared types, below `schema` (through `allOf` and `$ref`s), `[]` for
/// array items.
fn members(
    doc: &Value,
    schema: &Value,
    at: String,
    depth: usize,
    out: &mut BTreeMap<String, BTreeSet<String>>,
) {
    let schema = resolve(doc, schema);
    if let Some(Value::Array(all)) = schema.get("allOf") {
        for s in all {
            members(doc, s, at.clone(), depth, out);
        }
    }
    let types: BTreeSet<String> = match schema.get("type") {
        Some(Value::String(t)) => [t.clone()].into(),
        Some(Value::Array(l)) => l
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    };
    if !types.is_empty() && !at.is_empty() {
        out.entry(at.clone()).or_default().extend(types);
    }
    if depth == 0 {
        return;
    }
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (k, sub) in props {
            members(doc, sub, format!("{at}/{k}"), depth - 1, out);
        }
    }
    if let Some(items) = schema.get("items") {
        members(doc, items, format!("{at}/[]"), depth - 1, out);
    }
}

fn body_members(
    api: &Api,
    op: &Operation,
    response: bool,
) -> Option<BTreeMap<String, BTreeSet<String>>> {
    let at = if response {
        match &op.success {
            Success::Json {
                schema: Some(s), ..
            } => s,
            _ => return None,
        }
    } else {
        op.body.as_ref()?.schema.as_ref()?
    };
    let schema = api.doc.value.pointer(&at.pointer)?;
    let mut out = BTreeMap::new();
    members(&api.doc.value, schema, String::new(), DEPTH, &mut out);
    Some(out)
}

fn list(types: &BTreeSet<String>) -> String {
    types.iter().cloned().collect::<Vec<_>>().join("|")
}

/// Every difference between our operations and the vendor's, one line each.
fn differences(ours_name: &str, ours: &Api, vendor: &Api) -> Vec<String> {
    let mut out = Vec::new();
    let index: BTreeMap<(Method, String), &Operation> = vendor
        .operations
        .iter()
        .map(|o| ((o.method, shape(&o.path)), o))
        .collect();
    for op in &ours.operations {
        let head = format!("{ours_name} {} {}", op.method, op.path);
        let Some(theirs) = index.get(&(op.method, shape(&op.path))) else {
            out.push(format!("{head}: not in the vendor's description"));
            continue;
        };
        // Path parameters are positional (the path shapes match); their names are ours.
        let params = |o: &Operation| -> BTreeMap<(String, &'static str), bool> {
            o.own_params()
                .filter(|p| p.place != ParamIn::Path)
                .map(|p| ((p.name.to_ascii_lowercase(), place(p.place)), p.required))
                .collect()
        };
        let (a, b) = (params(op), params(theirs));
        for ((name, at), required) in &a {
            match b.get(&(name.clone(), at)) {
                None => out.push(format!(
                    "{head}: {at} parameter `{name}` is not in the vendor's"
                )),
                Some(r) if r != required => out.push(format!(
                    "{head}: {at} parameter `{name}` is {} here, {} in the vendor's",
                    if *required { "required" } else { "optional" },
                    if *r { "required" } else { "optional" }
                )),
                Some(_) => {}
            }
        }
        for (name, at) in b.keys() {
            if !a.contains_key(&(name.clone(), at)) {
                out.push(format!(
                    "{head}: the vendor's {at} parameter `{name}` is not described here"
                ));
            }
        }
        for (what, response) in [("body", false), ("response", true)] {
            let (Some(a), Some(b)) = (
                body_members(ours, op, response),
                body_members(vendor, theirs, response),
            ) else {
                continue;
            };
            for (path, types) in &a {
                match b.get(path) {
                    Some(t) if t != types => out.push(format!(
                        "{head}: {what} member {path} is {} here, {} in the vendor's",
                        list(types),
                        list(t)
                    )),
                    _ => {}
                }
            }
        }
    }
    out
}

/// The overlays in `specs/overlays/vendor`.
fn vendor_overlays() -> Vec<Overlay> {
    let dir = flowgen_tests::workspace().join("specs/overlays/vendor");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            Overlay::parse(f.clone(), &text).unwrap_or_else(|e| panic!("{e:?}"))
        })
        .collect()
}

/// The reviewed list: difference → reason.
fn reviewed() -> BTreeMap<String, String> {
    let path = flowgen_tests::workspace().join("specs/vendor-differences.yaml");
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = std::sync::Arc::new(path.clone());
    let value =
        openapi::yaml::parse(&file, &text, &mut Vec::new()).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeMap::new();
    for (i, entry) in value
        .as_array()
        .unwrap_or_else(|| panic!("{}: not a list", path.display()))
        .iter()
        .enumerate()
    {
        let text = |k: &str| {
            entry
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or_default()
                .to_owned()
        };
        let (difference, reason) = (text("difference"), text("reason"));
        assert!(
            !difference.is_empty() && !reason.is_empty(),
            "entry {i}: needs `difference` and `reason`"
        );
        assert!(
            out.insert(difference.clone(), reason).is_none(),
            "listed twice: {difference}"
        );
    }
    out
}

#[test]
fn our_descriptions_match_the_vendors_but_for_reviewed_differences() {
    let mut found = BTreeSet::new();
    for (ours, theirs) in PAIRS {
        let Some(vendor_text) = flowgen_tests::shared_file(&format!("adobe-openapi/{theirs}"))
        else {
            return;
        };
        let path = flowgen_tests::workspace().join("specs/openapi").join(ours);
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let a = load(ours, &text);
        // The vendor's description with its reviewed overlays, if any: what an overlay
        // fixes is a vendor bug explained there (each action says why).
        let overlays: Vec<Overlay> = vendor_overlays()
            .into_iter()
            .filter(|o| o.extends(std::path::Path::new(theirs)))
            .collect();
        let b = openapi::load_overlaid(
            *theirs,
            vendor_text.as_bytes(),
            &overlays.iter().collect::<Vec<_>>(),
        )
        .unwrap_or_else(|e| panic!("{theirs}: {e:?}"));
        found.extend(differences(ours, &a, &b));
    }
    let listed = reviewed();
    let new: Vec<&String> = found.iter().filter(|d| !listed.contains_key(*d)).collect();
    let gone: Vec<&String> = listed.keys().filter(|d| !found.contains(*d)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "specs/vendor-differences.yaml is out of date.\nDifferences not listed (review each, add it with a reason, or fix our description):\n{}\nListed but gone (remove them):\n{}",
        new.iter().map(|d| format!("- difference: {d:?}")).collect::<Vec<_>>().join("\n"),
        gone.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n"),
    );
}

#[test]
fn paths_compare_by_shape() {
    assert_eq!(shape("/flows/{flowId}"), shape("/flows/{FLOW_ID}/"));
    assert_ne!(shape("/flows/{id}"), shape("/flows/{id}/action"));
}
