//! Endpoint descriptions: OpenAPI 3.0 and 3.1 documents (YAML or JSON) read into a model
//! of operations, which `plan` turns into the plans the client generator
//! (`emit::client`) renders.
//!
//! The loader takes vendor documents as they are: integer response codes, server URLs
//! with variables or without a scheme, the common auth headers declared on every
//! operation (they are lifted into client configuration), mixed header casing, several
//! request media types, responses with an example but no schema, empty `default:`
//! responses. What it cannot model becomes a warning naming the file and JSON pointer,
//! with `serde_json::Value` (or a string) as the fallback type; it never panics.

pub(crate) mod examples;
pub(crate) mod governed;
pub mod model;
pub(crate) mod normalize;
pub mod overlay;
mod params;
pub(crate) mod plan;
pub(crate) mod positions;
pub(crate) mod repair;
pub(crate) mod swagger2;
pub mod yaml;

pub use model::*;

use crate::diag::{Diagnostic, Location};
use crate::ir::names::module_name;
use crate::load::Document;
use normalize::Dialect;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Reads the endpoint description `text` of `file` (as named in diagnostics). Every
/// diagnostic carries the line and column of its node (in a Swagger 2.0 document, the
/// pointer and place of the node before it was rewritten).
pub fn load(file: impl Into<PathBuf>, text: &[u8]) -> Result<Api, Vec<Diagnostic>> {
    load_overlaid(file, text, &[])
}

/// Reads the endpoint description `text` of `file` with `overlays` applied (in order)
/// before anything else reads it.
pub fn load_overlaid(
    file: impl Into<PathBuf>,
    text: &[u8],
    overlays: &[&overlay::Overlay],
) -> Result<Api, Vec<Diagnostic>> {
    let file = Arc::new(file.into());
    let mut places = positions::Places {
        file: file.clone(),
        positions: positions::Positions::default(),
        origins: None,
    };
    // The positions come from a second parse of the text (see `positions`), which runs
    // beside the first.
    let (result, index) = std::thread::scope(|s| {
        let index = s.spawn(|| {
            std::str::from_utf8(text)
                .map(positions::Positions::index)
                .unwrap_or_default()
        });
        (read(file, text, overlays, &mut places), index.join())
    });
    places.positions = index.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let places = Arc::new(places);
    match result {
        Ok(mut api) => {
            api.warnings.iter_mut().for_each(|w| places.place(w));
            api.warnings.sort_by_key(|w| w.position);
            api.places = places;
            Ok(api)
        }
        Err(mut errors) => {
            errors.iter_mut().for_each(|e| places.place(e));
            Err(errors)
        }
    }
}

fn read(
    file: Arc<PathBuf>,
    text: &[u8],
    overlays: &[&overlay::Overlay],
    places: &mut positions::Places,
) -> Result<Api, Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut value = yaml::parse(&file, text, &mut warnings).map_err(|d| vec![d])?;
    for o in overlays {
        warnings.extend(o.apply(&mut value));
    }
    let root = Location::root(file.clone());
    let value = if swagger2::is_swagger(&value) {
        let (v, o) = swagger2::convert(value, &root, &mut warnings);
        places.origins = Some(o);
        v
    } else {
        value
    };
    let module = file
        .file_stem()
        .and_then(|s| s.to_str())
        .map(module_name)
        .unwrap_or_else(|| "api".to_owned());
    let mut reader = Reader {
        doc: Document { file, value },
        warnings,
        errors: Vec::new(),
        schemas: BTreeSet::new(),
    };
    let dialect = reader.dialect(&root)?;
    let info = reader.doc.value.get("info").cloned().unwrap_or(Value::Null);
    let text_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let servers = reader.servers(&root);
    let operations = reader.operations(&root);
    let mut schemas = Vec::new();
    if let Some(Value::Object(m)) = reader.doc.value.pointer("/components/schemas") {
        let at = root.key("components").key("schemas");
        for name in m.keys() {
            schemas.push((name.clone(), at.key(name)));
        }
    }
    for (_, at) in &schemas {
        reader.schemas.insert(at.pointer.clone());
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    let mut doc = reader.doc;
    let mut warnings = reader.warnings;
    let before = doc.value.clone();
    let check = repair::Check {
        doc: &before,
        roots: &reader.schemas,
    };
    for pointer in &reader.schemas {
        if let Some(v) = doc.value.pointer_mut(pointer) {
            let at = Location {
                file: doc.file.clone(),
                pointer: pointer.clone(),
            };
            repair::subschema(v, &at, &mut warnings);
            normalize::schema_checked(v, &at, dialect, check, &mut warnings);
        }
    }
    Ok(Api {
        title: text_of(&info, "title").unwrap_or_else(|| module.clone()),
        description: text_of(&info, "description"),
        version: text_of(&info, "version"),
        v31: dialect == Dialect::V31,
        module,
        doc,
        servers,
        schemas,
        operations,
        warnings,
        places: Arc::default(),
    })
}

struct Reader {
    doc: Document,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    /// Pointers of every schema position found (normalised afterwards).
    schemas: BTreeSet<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

impl Reader {
    fn dialect(&self, root: &Location) -> Result<Dialect, Vec<Diagnostic>> {
        match self.doc.value.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0") => Ok(Dialect::V30),
            Some(v) if v.starts_with("3.1") || v.starts_with("3.2") => Ok(Dialect::V31),
            Some(v) => Err(vec![Diagnostic::error(
                root.key("openapi"),
                format!("OpenAPI version {v:?} is not supported"),
            )
            .with_hint("flowgen reads OpenAPI 3.0.x and 3.1.x")]),
            None => Err(vec![Diagnostic::error(
                root.clone(),
                if self.doc.value.get("swagger").is_some() {
                    "Swagger 2.0 documents are not supported"
                } else {
                    "no `openapi` version member: this is not an OpenAPI document"
                },
            )
            .with_hint("convert it to OpenAPI 3.0 or 3.1")]),
        }
    }

    fn warn(&mut self, at: &Location, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(at.clone(), message));
    }

    /// Follows `$ref`s (local ones) from the value at `at`; the value and where it is.
    fn resolve(&mut self, at: &Location) -> Option<(Value, Location)> {
        let mut at = at.clone();
        for _ in 0..32 {
            let v = self.doc.value.pointer(&at.pointer)?.clone();
            let Some(r) = v.get("$ref").and_then(Value::as_str) else {
                return Some((v, at));
            };
            let Some(pointer) = r.strip_prefix('#') else {
                self.warn(
                    &at.key("$ref"),
                    format!("reference {r:?} is not local to this document; ignored"),
                );
                return None;
            };
            let pointer = decode_fragment(pointer);
            if self.doc.value.pointer(&pointer).is_none() {
                self.errors.push(
                    Diagnostic::error(at.key("$ref"), format!("reference {r:?} points at nothing"))
                        .with_hint("check the spelling of the component name"),
                );
                return None;
            }
            at = Location {
                file: at.file.clone(),
                pointer,
            };
        }
        self.errors
            .push(Diagnostic::error(at, "a cycle of `$ref`s"));
        None
    }

    fn servers(&mut self, root: &Location) -> Vec<Server> {
        let list = match self.doc.value.get("servers") {
            Some(Value::Array(a)) => a.clone(),
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let Some(url) = text(s, "url") else {
                self.warn(
                    &root.key("servers").index(i),
                    "a server without `url`; ignored",
                );
                continue;
            };
            let mut variables = Vec::new();
            if let Some(Value::Object(vars)) = s.get("variables") {
                for (name, v) in vars {
                    let values: Vec<String> = match v.get("enum") {
                        Some(Value::Array(e)) => e
                            .iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect(),
                        _ => Vec::new(),
                    };
                    let default = text(v, "default")
                        .or_else(|| values.first().cloned())
                        .unwrap_or_default();
                    variables.push((name.clone(), default, values));
                }
            }
            out.push(Server {
                url,
                description: text(s, "description"),
                variables,
            });
        }
        out
    }

    fn operations(&mut self, root: &Location) -> Vec<Operation> {
        let paths = match self.doc.value.get("paths") {
            Some(Value::Object(p)) => p.clone(),
            None => return Vec::new(),
            Some(_) => {
                self.warn(
                    &root.key("paths"),
                    "`paths` is not a map of paths; no operations are read",
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (path, item) in &paths {
            let at = root.key("paths").key(path);
            let (item, at) = if item.get("$ref").is_some() {
                match self.resolve(&at) {
                    Some(x) => x,
                    None => continue,
                }
            } else {
                (item.clone(), at)
            };
            if !item.is_object() {
                self.warn(
                    &at,
                    "a path item that is not an object; it has no operations",
                );
                continue;
            }
            let shared = self.params(&item, &at);
            for method in Method::ALL {
                let Some(op) = item.get(method.key()) else {
                    continue;
                };
                let op_at = at.key(method.key());
                out.push(self.operation(path, method, op, &op_at, &shared));
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        op: &Value,
        at: &Location,
        shared: &[Param],
    ) -> Operation {
        let mut params: Vec<Param> = shared.to_vec();
        for p in self.params(op, at) {
            let same = |q: &Param| {
                q.place == p.place
                    && (q.name == p.name
                        || (p.place == ParamIn::Header && q.name.eq_ignore_ascii_case(&p.name)))
            };
            match params.iter_mut().find(|q| same(q)) {
                Some(q) => *q = p,
                None => params.push(p),
            }
        }
        for name in template_names(path) {
            if !params
                .iter()
                .any(|p| p.place == ParamIn::Path && p.name == name)
            {
                self.warn(
                    at,
                    format!("path parameter `{name}` is not declared; taken as a required string"),
                );
                params.push(Param {
                    name: name.clone(),
                    place: ParamIn::Path,
                    required: true,
                    description: None,
                    location: at.clone(),
                    schema: None,
                    ty: ParamType::One(Scalar::String),
                    lifted: None,
                    if_match: false,
                });
            }
        }
        let id = text(op, "operationId").unwrap_or_else(|| {
            let words: Vec<&str> = path
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            format!("{}_{}", method.key(), words.join("_"))
        });
        let body = match op.get("requestBody") {
            Some(_) => self.body(&at.key("requestBody")),
            None => None,
        };
        let success = self.success(op, at);
        Operation {
            id,
            method,
            path: path.to_owned(),
            summary: text(op, "summary"),
            description: text(op, "description"),
            deprecated: op.get("deprecated") == Some(&Value::Bool(true)),
            location: at.clone(),
            params,
            body,
            success,
        }
    }

    fn body(&mut self, at: &Location) -> Option<Body> {
        let (b, b_at) = self.resolve(at)?;
        let required = b.get("required") == Some(&Value::Bool(true));
        let content = match b.get("content") {
            Some(Value::Object(c)) if !c.is_empty() => c.clone(),
            _ => {
                self.warn(&b_at, "a request body without `content`; sent as any JSON");
                return Some(Body {
                    media_type: "application/json".into(),
                    schema: None,
                    required,
                    json: true,
                });
            }
        };
        let media_type = choose_media(&content);
        let json = is_json(&media_type);
        let m_at = b_at.key("content").key(&media_type);
        let schema = content
            .get(&media_type)
            .and_then(|m| m.get("schema"))
            .map(|_| m_at.key("schema"));
        if let Some(s) = &schema {
            self.schemas.insert(s.pointer.clone());
        } else if json {
            self.warn(
                &m_at,
                "a request body without `schema`; typed as any JSON value",
            );
        }
        Some(Body {
            media_type,
            schema,
            required,
            json,
        })
    }

    fn success(&mut self, op: &Value, at: &Location) -> Success {
        let codes: Vec<String> = match op.get("responses") {
            Some(Value::Object(r)) => r.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let mut ok: Vec<&String> = codes.iter().filter(|c| c.starts_with('2')).collect();
        ok.sort();
        let Some(first) = ok.first() else {
            self.warn(
                &at.key("responses"),
                "no 2xx response is described; the answer is read as any JSON value",
            );
            return Success::Json {
                status: "2XX".into(),
                schema: None,
            };
        };
        let mut chosen = None;
        for code in &ok {
            let r_at = at.key("responses").key(code);
            let shape = self.response(&r_at, code);
            match &chosen {
                None => chosen = Some(shape),
                Some(first_shape) if !same_shape(first_shape, &shape, &self.doc) => self.warn(
                    &r_at,
                    format!("response {code} differs from response {first}; the client reads {first}'s shape"),
                ),
                Some(_) => {}
            }
        }
        chosen.unwrap_or(Success::Empty)
    }

    fn response(&mut self, at: &Location, code: &str) -> Success {
        let Some((r, r_at)) = self.resolve(at) else {
            return Success::Json {
                status: code.into(),
                schema: None,
            };
        };
        let content = match r.get("content") {
            Some(Value::Object(c)) if !c.is_empty() => c.clone(),
            _ => return Success::Empty,
        };
        let media_type = choose_media(&content);
        if !is_json(&media_type) {
            return Success::Bytes;
        }
        let m_at = r_at.key("content").key(&media_type);
        match content.get(&media_type).and_then(|m| m.get("schema")) {
            Some(_) => {
                let s = m_at.key("schema");
                self.schemas.insert(s.pointer.clone());
                Success::Json {
                    status: code.into(),
                    schema: Some(s),
                }
            }
            None => {
                self.warn(
                    &m_at,
                    format!("response {code} has no schema (an example at most); its body is typed as any JSON value"),
                );
                Success::Json {
                    status: code.into(),
                    schema: None,
                }
            }
        }
    }
}

/// Two responses have the same shape when both are empty, or their schemas are the same
/// `$ref` or equal JSON.
fn same_shape(a: &Success, b: &Success, doc: &Document) -> bool {
    let schema = |s: &Option<Location>| {
        s.as_ref()
            .and_then(|l| doc.value.pointer(&l.pointer))
            .cloned()
    };
    match (a, b) {
        (Success::Empty, Success::Empty) | (Success::Bytes, Success::Bytes) => true,
        (Success::Json { schema: x, .. }, Success::Json { schema: y, .. }) => {
            schema(x) == schema(y)
        }
        _ => false,
    }
}

/// `application/json` if offered, else the first JSON-like type, else the first.
fn choose_media(content: &Map<String, Value>) -> String {
    if content.contains_key("application/json") {
        return "application/json".into();
    }
    content
        .keys()
        .find(|k| is_json(k))
        .or_else(|| content.keys().next())
        .cloned()
        .unwrap_or_else(|| "application/json".into())
}

/// Whether a media type is JSON (`application/json`, `*/*+json`, with parameters).
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The `{name}`s of a path template.
pub fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// A URI fragment (`/components/schemas/A%20B`) as a JSON pointer.
pub(crate) fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && fragment.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&fragment[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}
