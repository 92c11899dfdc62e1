//! Shape checks of request bodies that have no flowSpec schema: connections and
//! mapping sets. Each check returns every violation with its JSON pointer.

use crate::catalog::Catalog;
use crate::connection_check;
use crate::errors::{ApiError, Violation};
use crate::store::State;
use serde_json::Value;

/// Parses a JSON request body; malformed JSON is a 400 naming line and column.
pub fn parse_json(bytes: &[u8], code: &'static str) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::invalid(
            code,
            format!("The request body is not valid JSON: {e}"),
            vec![Violation::new(
                "",
                format!("invalid JSON at line {} column {}", e.line(), e.column()),
            )],
        )
    })
}

/// Collects violations while reading members of a body.
pub struct Check<'a> {
    body: &'a Value,
    /// What was found so far.
    pub violations: Vec<Violation>,
}

impl<'a> Check<'a> {
    /// Starts checking `body`, which must be an object.
    pub fn new(body: &'a Value) -> Self {
        let mut c = Check {
            body,
            violations: Vec::new(),
        };
        if !body.is_object() {
            c.fail("", "the request body must be a JSON object");
        }
        c
    }

    /// Records a violation.
    pub fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.violations.push(Violation::new(path, message));
    }

    /// The member at `ptr`, if present and not null.
    pub fn get(&self, ptr: &str) -> Option<&'a Value> {
        self.body.pointer(ptr).filter(|v| !v.is_null())
    }

    /// A required non-empty string.
    pub fn string(&mut self, ptr: &str) -> Option<&'a str> {
        match self.get(ptr) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.as_str()),
            Some(Value::String(_)) => {
                self.fail(ptr, "must not be empty");
                None
            }
            Some(_) => {
                self.fail(ptr, "expected string");
                None
            }
            None => {
                self.fail(ptr, "is required");
                None
            }
        }
    }

    /// An optional string.
    pub fn opt_string(&mut self, ptr: &str) -> Option<&'a str> {
        match self.get(ptr) {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                self.fail(ptr, "expected string");
                None
            }
            None => None,
        }
    }

    /// A required object.
    pub fn object(&mut self, ptr: &str) -> Option<&'a Value> {
        match self.get(ptr) {
            Some(v @ Value::Object(_)) => Some(v),
            Some(_) => {
                self.fail(ptr, "expected object");
                None
            }
            None => {
                self.fail(ptr, "is required");
                None
            }
        }
    }

    /// An optional object.
    pub fn opt_object(&mut self, ptr: &str) -> Option<&'a Value> {
        match self.get(ptr) {
            Some(v @ Value::Object(_)) => Some(v),
            Some(_) => {
                self.fail(ptr, "expected object");
                None
            }
            None => None,
        }
    }

    /// A required array with at least `min` items.
    pub fn array(&mut self, ptr: &str, min: usize) -> Option<&'a [Value]> {
        match self.get(ptr) {
            Some(Value::Array(a)) if a.len() >= min => Some(a.as_slice()),
            Some(Value::Array(_)) => {
                self.fail(ptr, format!("must have at least {min} item(s)"));
                None
            }
            Some(_) => {
                self.fail(ptr, "expected array");
                None
            }
            None => {
                self.fail(ptr, "is required");
                None
            }
        }
    }

    /// `connectionSpec.id`, which must name a known connection specification.
    pub fn connection_spec<'c>(&mut self, catalog: &'c Catalog) -> Option<&'c Value> {
        self.object("/connectionSpec")?;
        let id = self.string("/connectionSpec/id")?;
        let spec = catalog.connection_spec(id);
        if spec.is_none() {
            self.fail(
                "/connectionSpec/id",
                format!("no connection specification has id {id}"),
            );
        }
        spec
    }
}

/// The violations of a base connection body (`POST /connections`).
pub fn base_connection(body: &Value, catalog: &Catalog) -> Vec<Violation> {
    let mut c = Check::new(body);
    c.string("/name");
    c.opt_string("/description");
    let spec = c.connection_spec(catalog);
    if c.object("/auth").is_some() {
        let name = c.string("/auth/specName");
        c.object("/auth/params");
        let names: Vec<&str> = spec
            .and_then(|s| s.get("authSpec"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.get("name").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(name) = name.filter(|n| !names.is_empty() && !names.contains(n)) {
            c.fail(
                "/auth/specName",
                format!("{name:?} is not one of {names:?}"),
            );
        }
    }
    let mut found = c.violations;
    found.extend(connection_check::auth(body));
    found
}

/// The violations of a source connection body.
pub fn source_connection(
    body: &Value,
    catalog: &Catalog,
    state: &State,
    sandbox: &str,
) -> Vec<Violation> {
    let mut c = Check::new(body);
    c.string("/name");
    c.opt_string("/description");
    let spec_id = c
        .connection_spec(catalog)
        .and_then(|s| s.get("id"))
        .and_then(Value::as_str);
    if c.object("/data").is_some() {
        if let Some(format) = c.string("/data/format") {
            if !["delimited", "json", "parquet", "tabular"].contains(&format) {
                c.fail(
                    "/data/format",
                    "must be one of delimited, json, parquet, tabular",
                );
            }
        }
    }
    c.opt_object("/params");
    let base_id = if connection_check::needs_base(body) {
        c.string("/baseConnectionId")
    } else {
        c.opt_string("/baseConnectionId")
    };
    if let Some(base_id) = base_id {
        match state.connections.get(sandbox, base_id) {
            None => c.fail(
                "/baseConnectionId",
                format!("no base connection has id {base_id}"),
            ),
            Some(base) => {
                let base_spec = base
                    .item
                    .pointer("/connectionSpec/id")
                    .and_then(Value::as_str);
                if spec_id.is_some() && base_spec != spec_id {
                    c.fail(
                        "/connectionSpec/id",
                        format!(
                            "differs from the base connection's connection specification {}",
                            base_spec.unwrap_or("?")
                        ),
                    );
                }
            }
        }
    }
    let mut found = c.violations;
    found.extend(connection_check::params(body, "sourceSpec"));
    found
}

/// The violations of a target connection body.
pub fn target_connection(body: &Value, catalog: &Catalog) -> Vec<Violation> {
    let mut c = Check::new(body);
    c.string("/name");
    c.opt_string("/description");
    c.connection_spec(catalog);
    if c.object("/data").is_some() {
        c.string("/data/format");
        if c.opt_object("/data/schema").is_some() {
            c.string("/data/schema/id");
        }
    }
    c.opt_object("/params");
    let mut found = c.violations;
    found.extend(connection_check::params(body, "targetSpec"));
    found
}

/// The violations of a mapping set body (`POST` when `creating`, else `PUT`).
pub fn mapping_set(body: &Value, creating: bool) -> Vec<Violation> {
    let mut c = Check::new(body);
    if creating && c.get("/id").is_some() {
        c.fail("/id", "must be null or absent when creating a mapping set");
    }
    match c.get("/version") {
        Some(v) if !v.as_i64().is_some_and(|n| n >= 0) => {
            c.fail("/version", "expected an integer >= 0")
        }
        _ => {}
    }
    c.opt_string("/xdmSchema");
    c.opt_string("/xdmVersion");
    c.opt_string("/name");
    if let Some(mappings) = c.array("/mappings", 1) {
        for (i, m) in mappings.iter().enumerate() {
            if !m.is_object() {
                c.fail(format!("/mappings/{i}"), "expected object");
                continue;
            }
            c.string(&format!("/mappings/{i}/destinationXdmPath"));
            c.string(&format!("/mappings/{i}/sourceAttribute"));
            if m.get("identity")
                .is_some_and(|v| !v.is_boolean() && !v.is_null())
            {
                c.fail(format!("/mappings/{i}/identity"), "expected boolean");
            }
        }
    }
    c.violations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_flow_specs_dir;
    use serde_json::json;

    fn paths(v: Vec<Violation>) -> Vec<String> {
        v.into_iter().map(|v| v.path).collect()
    }

    #[test]
    fn connection_bodies() {
        let cat = Catalog::load(&default_flow_specs_dir(), &[]).unwrap_or_else(|e| panic!("{e}"));
        let state = State::default();
        assert_eq!(
            paths(source_connection(
                &json!({"data": {"format": "csv"}, "connectionSpec": {"id": "x"}}),
                &cat,
                &state,
                "prod"
            )),
            vec!["/name", "/connectionSpec/id", "/data/format"]
        );
        assert_eq!(
            paths(source_connection(
                &json!({"name": "s", "data": {"format": "tabular"}, "baseConnectionId": "nope",
                "params": {"tableName": "Orders"},
                "connectionSpec": {"id": crate::catalog::ODATA_SPEC_ID}}),
                &cat,
                &state,
                "prod"
            )),
            vec!["/baseConnectionId"]
        );
        assert_eq!(
            paths(target_connection(
                &json!({"name": "t", "data": {"format": "parquet_xdm"}, "params": {},
                "connectionSpec": {"id": crate::catalog::DATA_LAKE_SPEC_ID}}),
                &cat
            )),
            vec!["/params"]
        );
        assert_eq!(
            paths(base_connection(
                &json!({"name": "b", "auth": {"specName": "x", "params": {}},
                "connectionSpec": {"id": crate::catalog::ODATA_SPEC_ID}}),
                &cat
            )),
            vec!["/auth/specName"]
        );
        assert_eq!(paths(base_connection(&json!([1]), &cat))[0], "");
    }

    #[test]
    fn connection_parts_are_checked_by_the_generated_registry() {
        let cat = Catalog::load(&default_flow_specs_dir(), &[]).unwrap_or_else(|e| panic!("{e}"));
        let state = State::default();
        // A base connection whose auth params break the authSpec entry's schema.
        let base = base_connection(
            &json!({"name": "b", "auth": {"specName": "Basic Authentication for Generic OData",
                "params": {"username": 7}},
                "connectionSpec": {"id": crate::catalog::ODATA_SPEC_ID}}),
            &cat,
        );
        let found: Vec<(String, Option<String>)> =
            base.into_iter().map(|v| (v.path, v.schema_path)).collect();
        assert_eq!(
            found,
            vec![
                (
                    "/auth/params/username".to_owned(),
                    Some(
                        "auth:Basic Authentication for Generic OData#/properties/username/type"
                            .to_owned()
                    )
                ),
                (
                    "/auth/params".to_owned(),
                    Some("auth:Basic Authentication for Generic OData#/required".to_owned())
                ),
            ]
        );
        // A source whose connectionSpec authenticates needs a base connection, and its
        // params are checked against the sourceSpec.
        assert_eq!(
            paths(source_connection(
                &json!({"name": "s", "data": {"format": "delimited"}, "params": {"recursive": "yes"},
                "connectionSpec": {"id": "4c10e202-c428-4796-9208-5f1f5732b1cf"}}),
                &cat,
                &state,
                "prod"
            )),
            vec!["/baseConnectionId", "/params/recursive", "/params"]
        );
        // A streaming source (no authSpec, no schema) needs neither.
        assert_eq!(
            paths(source_connection(
                &json!({"name": "s", "data": {"format": "json"}, "params": {"anything": [1]},
                "connectionSpec": {"id": "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"}}),
                &cat,
                &state,
                "prod"
            )),
            Vec::<String>::new()
        );
        // The data lake has no sourceSpec.
        assert_eq!(
            paths(source_connection(
                &json!({"name": "s", "data": {"format": "json"},
                "connectionSpec": {"id": crate::catalog::DATA_LAKE_SPEC_ID}}),
                &cat,
                &state,
                "prod"
            )),
            vec!["/connectionSpec/id"]
        );
    }

    #[test]
    fn mapping_set_bodies() {
        assert_eq!(
            paths(mapping_set(
                &json!({"id": "x", "version": -1, "mappings": [{"sourceAttribute": 1}, 3]}),
                true
            )),
            vec![
                "/id",
                "/version",
                "/mappings/0/destinationXdmPath",
                "/mappings/0/sourceAttribute",
                "/mappings/1"
            ]
        );
        assert_eq!(
            paths(mapping_set(&json!({"mappings": []}), true)),
            vec!["/mappings"]
        );
        assert!(mapping_set(&json!({"id": null, "mappings": [{"destinationXdmPath": "_id", "sourceAttribute": "OrderID"}]}), true).is_empty());
    }

    #[test]
    fn malformed_json_names_the_place() {
        let e = parse_json(br#"{"data": {"format": "tabular",}}"#, "FLOW-1100").err();
        let body = e.map(|e| e.body_json()).unwrap_or_default();
        let msg = body["report"]["violations"][0]["message"]
            .as_str()
            .unwrap_or("");
        assert!(msg.contains("line 1 column"), "{body}");
    }
}
