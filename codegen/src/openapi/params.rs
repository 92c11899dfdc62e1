//! The parameters of an operation (or of a path item): where each goes, whether it is
//! required, and the Rust shape of its value.

use super::{text, Lifted, Param, ParamIn, ParamType, Reader, Scalar};
use crate::diag::Location;
use serde_json::Value;

impl Reader {
    pub(super) fn params(&mut self, holder: &Value, at: &Location) -> Vec<Param> {
        let Some(Value::Array(list)) = holder.get("parameters") else {
            return Vec::new();
        };
        let mut out: Vec<Param> = Vec::new();
        for i in 0..list.len() {
            let p_at = at.key("parameters").index(i);
            let Some((p, p_at)) = self.resolve(&p_at) else {
                continue;
            };
            let (Some(name), Some(place)) = (text(&p, "name"), text(&p, "in")) else {
                self.warn(&p_at, "a parameter without `name` or `in`; ignored");
                continue;
            };
            let place = match place.as_str() {
                "path" => ParamIn::Path,
                "query" => ParamIn::Query,
                "header" => ParamIn::Header,
                "cookie" => ParamIn::Cookie,
                other => {
                    self.warn(
                        &p_at.key("in"),
                        format!("unknown parameter place {other:?}; ignored"),
                    );
                    continue;
                }
            };
            if place == ParamIn::Header
                && out
                    .iter()
                    .any(|q| q.place == ParamIn::Header && q.name.eq_ignore_ascii_case(&name))
            {
                // `if-match` and `If-Match` are one header.
                continue;
            }
            let schema_at = p_at.key("schema");
            let (ty, schema) = if p.get("schema").is_some() {
                self.schemas.insert(schema_at.pointer.clone());
                (self.param_type(&schema_at, &p), Some(schema_at))
            } else {
                self.warn(
                    &p_at,
                    "a parameter without `schema` (e.g. with `content`); sent as a string",
                );
                (ParamType::One(Scalar::String), None)
            };
            let lifted = if place == ParamIn::Header {
                Lifted::of(&name)
            } else {
                None
            };
            out.push(Param {
                if_match: place == ParamIn::Header && super::plan::adobe::is_if_match(&name),
                required: place == ParamIn::Path || p.get("required") == Some(&Value::Bool(true)),
                description: text(&p, "description"),
                location: p_at,
                name,
                place,
                schema,
                ty,
                lifted,
            });
        }
        out
    }

    fn scalar(&mut self, at: &Location) -> Option<Scalar> {
        let (s, _) = self.resolve(at)?;
        let types: Vec<String> = match s.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(|t| t.as_str())
                .filter(|t| *t != "null")
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        match types.as_slice() {
            [t] if t == "string" => Some(Scalar::String),
            [t] if t == "integer" => Some(Scalar::Integer),
            [t] if t == "number" => Some(Scalar::Number),
            [t] if t == "boolean" => Some(Scalar::Bool),
            [] if s.get("enum").is_some() => Some(Scalar::String),
            _ => None,
        }
    }

    fn param_type(&mut self, schema_at: &Location, p: &Value) -> ParamType {
        if let Some(s) = self.scalar(schema_at) {
            return ParamType::One(s);
        }
        let resolved = self.resolve(schema_at);
        if let Some((s, s_at)) = resolved {
            if s.get("type").and_then(Value::as_str) == Some("array") {
                let item = self.scalar(&s_at.key("items")).unwrap_or_else(|| {
                    self.warn(&s_at.key("items"), "array items of a parameter that are not a plain string, number or boolean; sent as strings");
                    Scalar::String
                });
                let style = text(p, "style").unwrap_or_else(|| "form".into());
                let explode = p
                    .get("explode")
                    .and_then(Value::as_bool)
                    .unwrap_or(style == "form");
                return ParamType::List { item, explode };
            }
        }
        self.warn(
            schema_at,
            "a parameter schema that is not a plain string, number, boolean or array; sent as a string",
        );
        ParamType::One(Scalar::String)
    }
}
