//! Overlays: small reviewed files in the OpenAPI Overlay Specification 1.0 format that
//! fix an endpoint description before generation, so a vendor's file stays unedited.
//!
//! ```yaml
//! overlay: 1.0.0
//! info: { title: Data Prep fixes, version: 1.0.0 }
//! extends: data-prep.yaml          # the description it applies to (by file name)
//! actions:
//!   - target: $.components.schemas.SimpleRepresentation.properties.createdDate
//!     description: the service answers epoch milliseconds
//!     update: { type: integer }
//!   - target: $.components.schemas.MappingSet.properties.id
//!     update: { nullable: true }
//!   - target: $.paths['/old'].get
//!     remove: true
//! ```
//!
//! Actions apply in order; each `target` is an RFC 9535 JSONPath query. `update` is merged
//! into every node it selects: members of objects merge recursively, an array gets the
//! update's items appended, anything else is replaced. `remove: true` deletes the selected
//! nodes. A target that selects nothing is a warning (the description may have been fixed
//! upstream, and the overlay is then stale).

use crate::diag::{Diagnostic, Location};
use serde_json::Value;
use serde_json_path::JsonPath;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One overlay file, read and checked.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The overlay file, as named in diagnostics.
    pub file: Arc<PathBuf>,
    /// `extends`: the description it applies to.
    pub extends: Option<String>,
    /// Its actions, in order.
    pub actions: Vec<Action>,
}

/// One action of an overlay.
#[derive(Debug, Clone)]
pub struct Action {
    /// The JSONPath query.
    pub target: JsonPath,
    /// What to merge into each selected node.
    pub update: Option<Value>,
    /// Whether the selected nodes are removed.
    pub remove: bool,
    /// The action in the overlay file.
    pub location: Location,
}

impl Overlay {
    /// Reads the overlay `text` of `file` (YAML or JSON).
    pub fn parse(file: impl Into<PathBuf>, text: &[u8]) -> Result<Overlay, Vec<Diagnostic>> {
        let file = Arc::new(file.into());
        let mut warnings = Vec::new();
        let value = super::yaml::parse(&file, text, &mut warnings).map_err(|d| vec![d])?;
        let root = Location::root(file.clone());
        let mut errors = Vec::new();
        match value.get("overlay").and_then(Value::as_str) {
            Some(v) if v.starts_with("1.") => {}
            Some(v) => errors.push(
                Diagnostic::error(
                    root.key("overlay"),
                    format!("overlay version {v:?} is not supported"),
                )
                .with_hint("flowgen reads the Overlay Specification 1.x"),
            ),
            None => errors.push(
                Diagnostic::error(
                    root.clone(),
                    "no `overlay` version member: this is not an overlay",
                )
                .with_hint("start the file with `overlay: 1.0.0`"),
            ),
        }
        if !value.get("info").is_some_and(Value::is_object) {
            errors.push(
                Diagnostic::error(root.clone(), "no `info` object")
                    .with_hint("give the overlay an `info` with its `title` and `version`"),
            );
        }
        let mut actions = Vec::new();
        match value.get("actions") {
            Some(Value::Array(list)) => {
                for (i, a) in list.iter().enumerate() {
                    match action(a, root.key("actions").index(i)) {
                        Ok(a) => actions.push(a),
                        Err(d) => errors.push(d),
                    }
                }
            }
            _ => errors.push(
                Diagnostic::error(root.clone(), "no `actions` list")
                    .with_hint("list the changes under `actions`, each with a `target`"),
            ),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Overlay {
            file,
            extends: value
                .get("extends")
                .and_then(Value::as_str)
                .map(str::to_owned),
            actions,
        })
    }

    /// Whether this overlay names the description `file`: the last segment of `extends`
    /// (a URL or a path) is the description's file name.
    pub fn extends(&self, file: &Path) -> bool {
        let Some(extends) = &self.extends else {
            return false;
        };
        let name = extends
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default();
        !name.is_empty() && file.file_name().and_then(|f| f.to_str()) == Some(name)
    }

    /// Applies every action to `doc`; warnings for targets that select nothing.
    pub fn apply(&self, doc: &mut Value) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for action in &self.actions {
            let mut pointers: Vec<String> = action
                .target
                .query_located(doc)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                warnings.push(
                    Diagnostic::warning(
                        action.location.key("target"),
                        "this target selects nothing in the description; the action does nothing",
                    )
                    .with_hint("the description may have changed: check whether the overlay is still needed"),
                );
                continue;
            }
            if action.remove {
                // The last first, so that array indexes still hold.
                pointers.reverse();
                for p in &pointers {
                    remove(doc, p);
                }
            } else if let Some(update) = &action.update {
                for p in &pointers {
                    if let Some(node) = doc.pointer_mut(p) {
                        merge(node, update);
                    }
                }
            }
        }
        warnings
    }
}

fn action(a: &Value, at: Location) -> Result<Action, Diagnostic> {
    let Some(target) = a.get("target").and_then(Value::as_str) else {
        return Err(
            Diagnostic::error(at, "an action without a `target`").with_hint(
                "give each action a JSONPath `target`, such as `$.components.schemas.Pet`",
            ),
        );
    };
    let target = JsonPath::parse(target).map_err(|e| {
        Diagnostic::error(at.key("target"), format!("not a JSONPath query: {e}"))
            .with_hint("targets are RFC 9535 JSONPath queries starting with `$`")
    })?;
    let remove = match a.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Diagnostic::error(
                at.key("remove"),
                "`remove` must be true or false",
            ))
        }
    };
    let update = a.get("update").cloned();
    if !remove && update.is_none() {
        return Err(
            Diagnostic::error(at, "an action with neither `update` nor `remove: true`").with_hint(
                "say what to merge into the target (`update`) or remove it (`remove: true`)",
            ),
        );
    }
    Ok(Action {
        target,
        update,
        remove,
        location: at,
    })
}

/// Merges `update` into `node`: objects member by member (recursively), arrays by
/// appending, anything else replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(target), Value::Object(u)) => {
            for (k, v) in u {
                match target.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => merge(existing, v),
                    _ => {
                        target.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(u)) => target.extend(u.iter().cloned()),
        (Value::Array(target), u) => target.push(u.clone()),
        (node, u) => *node = u.clone(),
    }
}

/// Removes the node at `pointer` from its parent.
fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.shift_remove(&key);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(text: &str) -> Overlay {
        match Overlay::parse("fix.yaml", text.as_bytes()) {
            Ok(o) => o,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn updates_merge_and_removes_delete_in_order() {
        let o = overlay(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: https://example.com/specs/api.yaml\nactions:\n  - target: $.components.schemas.A.properties.when\n    update: {type: integer, format: int64}\n  - target: $.components.schemas.A.required\n    update: [b]\n  - target: $.components.schemas.A.properties[?@.deprecated == true]\n    remove: true\n  - target: $.paths['/x'].get.parameters[0]\n    remove: true\n",
        );
        assert!(o.extends(Path::new("dir/api.yaml")));
        assert!(!o.extends(Path::new("dir/other.yaml")));
        let mut doc = json!({
            "paths": {"/x": {"get": {"parameters": [{"name": "a"}, {"name": "b"}]}}},
            "components": {"schemas": {"A": {
                "required": ["a"],
                "properties": {
                    "when": {"type": "string", "format": "date-time", "description": "kept"},
                    "old": {"type": "string", "deprecated": true}
                }
            }}}
        });
        let warnings = o.apply(&mut doc);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            doc,
            json!({
                "paths": {"/x": {"get": {"parameters": [{"name": "b"}]}}},
                "components": {"schemas": {"A": {
                    "required": ["a", "b"],
                    "properties": {
                        "when": {"type": "integer", "format": "int64", "description": "kept"}
                    }
                }}}
            })
        );
    }

    #[test]
    fn a_target_selecting_nothing_is_a_warning_naming_the_action() {
        let o = overlay(
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.nothing\n    update: {a: 1}\n",
        );
        let mut doc = json!({"b": 2});
        let warnings = o.apply(&mut doc);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.pointer, "/actions/0/target");
        assert_eq!(doc, json!({"b": 2}));
        assert!(!o.extends(Path::new("api.yaml")));
    }

    #[test]
    fn config_applies_overlays_to_the_description_they_extend_and_warns_about_the_others() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"))
        };
        std::fs::create_dir(dir.path().join("overlays")).unwrap_or_else(|e| panic!("{e}"));
        write(
            "api.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A: {type: object, properties: {when: {type: string}}}\n",
        );
        write(
            "overlays/fix.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: api.yaml\nactions:\n  - target: $.components.schemas.A.properties.when\n    update: {type: integer}\n",
        );
        write(
            "overlays/other.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: other.yaml\nactions:\n  - target: $.x\n    remove: true\n",
        );
        let generated = crate::Config::new()
            .openapi_file(dir.path().join("api.yaml"))
            .overlays_in(dir.path().join("overlays"))
            .names_relative_to(dir.path())
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let code = generated.single_file().unwrap_or_else(|e| panic!("{e}"));
        assert!(code.contains("pub when: Option<i64>"), "{code}");
        let unused: Vec<String> = generated
            .warnings
            .iter()
            .filter(|w| w.message.contains("is not among the endpoint descriptions"))
            .map(|w| w.location.to_string())
            .collect();
        assert_eq!(unused, ["overlays/other.yaml#"]);
    }

    #[test]
    fn malformed_overlays_are_errors_with_pointers() {
        let errors = match Overlay::parse(
            "bad.yaml",
            b"overlay: 2.0.0\nactions:\n  - update: {}\n  - target: 'not a path'\n    update: {}\n  - target: $.a\n",
        ) {
            Ok(o) => panic!("{o:?}"),
            Err(e) => e,
        };
        let pointers: Vec<&str> = errors.iter().map(|d| d.location.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/overlay",
                "",
                "/actions/0",
                "/actions/1/target",
                "/actions/2"
            ]
        );
    }
}
