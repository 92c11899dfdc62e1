//! Flows typed by their flowSpec: `transformations` hold the flowSpec module's
//! `Transformation` enum, `scheduleParams` its `Schedule`, `options` its `Options`. The
//! parts are checked against the flowSpec before anything is sent, and a flow read back
//! from the service parses into the same types.

use super::request::JsonBody;
use crate::error::{ErrorKind, ValidationError, ValidationErrors};
pub use crate::part::{NoPart, PartType};
use crate::part_key::PartKey;
use crate::registry::FlowSpecEntry;
use crate::typed::Validated;
use serde::Serialize;
use serde_json::{Map, Value};

/// The generated types of one flowSpec (implemented by generated marker types).
pub trait FlowSpecTypes: Send + Sync + 'static {
    /// The flowSpec's id.
    const ID: &'static str;
    /// The flowSpec's name.
    const NAME: &'static str;
    /// The flowSpec's version, when it has one.
    const VERSION: Option<&'static str>;
    /// Its transformation enum (or [`NoPart`]).
    type Transformation: PartType;
    /// Its schedule type (or [`NoPart`]).
    type Schedule: PartType;
    /// Its options type (or [`NoPart`]).
    type Options: PartType;
    /// Its on-demand run parameters type (or [`NoPart`]).
    type RunParams: PartType;
}

/// Checks the parts of a flow given as JSON against its flowSpec, found by `flowSpec.id`
/// with `find` (a generated registry's `find`): each transformation's `params`, the
/// `scheduleParams` and the `options`. A flowSpec the registry does not know is not
/// checked.
pub fn check_flow(
    flow: &Value,
    find: fn(&str) -> Option<&'static FlowSpecEntry>,
) -> Result<(), ValidationErrors> {
    let Some(entry) = flow
        .pointer("/flowSpec/id")
        .and_then(Value::as_str)
        .and_then(find)
    else {
        return Ok(());
    };
    let mut errors = Vec::new();
    let mut check = |part: PartKey, value: &Value, at: String| {
        if !entry.has_part(&part) {
            errors.push(ValidationError {
                instance_path: at,
                schema_path: "",
                kind: ErrorKind::UnknownPart {
                    part: part.to_string(),
                },
            });
        } else if let Err(e) = entry.validate(&part, value) {
            errors.extend(e.nested(&at).0);
        }
    };
    let empty = Value::Object(Map::new());
    if let Some(Value::Array(list)) = flow.get("transformations") {
        for (i, t) in list.iter().enumerate() {
            let name = t.get("name").and_then(Value::as_str).unwrap_or_default();
            let params = t.get("params").unwrap_or(&empty);
            check(
                PartKey::Transformation(name.to_owned().into()),
                params,
                format!("/transformations/{i}/params"),
            );
        }
    }
    if let Some(s) = flow.get("scheduleParams") {
        check(PartKey::Schedule, s, "/scheduleParams".into());
    }
    if let Some(o) = flow.get("options") {
        check(PartKey::Options, o, "/options".into());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}

/// Marks a generated request body type that is a flow, so a [`TypedFlow`] can be sent
/// as it.
pub trait FlowBody {}

fn error(at: &str, kind: ErrorKind) -> ValidationErrors {
    ValidationErrors::from(ValidationError {
        instance_path: at.to_owned(),
        schema_path: "",
        kind,
    })
}

/// A flow whose parts are typed by the flowSpec `S`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedFlow<S: FlowSpecTypes> {
    /// `name`
    pub name: String,
    /// `description`
    pub description: Option<String>,
    /// `sourceConnectionIds`
    pub source_connection_ids: Vec<String>,
    /// `targetConnectionIds`
    pub target_connection_ids: Vec<String>,
    /// `transformations`, in order.
    pub transformations: Vec<S::Transformation>,
    /// `scheduleParams`
    pub schedule_params: Option<S::Schedule>,
    /// `options`
    pub options: Option<S::Options>,
    /// Every other member (`id`, `etag`, `state`, ... of a flow read back), kept as is.
    pub extra: Map<String, Value>,
}

impl<S: FlowSpecTypes> TypedFlow<S> {
    /// A flow named `name` from `sources` to `targets`, with no transformation or
    /// schedule yet.
    pub fn new(
        name: impl Into<String>,
        sources: impl IntoIterator<Item = impl Into<String>>,
        targets: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        TypedFlow {
            name: name.into(),
            description: None,
            source_connection_ids: sources.into_iter().map(Into::into).collect(),
            target_connection_ids: targets.into_iter().map(Into::into).collect(),
            transformations: Vec::new(),
            schedule_params: None,
            options: None,
            extra: Map::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Appends a transformation.
    pub fn transformation(mut self, t: impl Into<S::Transformation>) -> Self {
        self.transformations.push(t.into());
        self
    }

    /// Sets the schedule.
    pub fn schedule(mut self, schedule: impl Into<S::Schedule>) -> Self {
        self.schedule_params = Some(schedule.into());
        self
    }

    /// Sets the options.
    pub fn options(mut self, options: impl Into<S::Options>) -> Self {
        self.options = Some(options.into());
        self
    }

    /// The flow as JSON, members in the order the API reference writes them.
    pub fn to_value(&self) -> Result<Value, ValidationErrors> {
        let mut m = Map::new();
        m.insert("name".into(), Value::String(self.name.clone()));
        if let Some(d) = &self.description {
            m.insert("description".into(), Value::String(d.clone()));
        }
        let mut spec = Map::new();
        spec.insert("id".into(), Value::String(S::ID.into()));
        if let Some(v) = S::VERSION {
            spec.insert("version".into(), Value::String(v.into()));
        }
        m.insert("flowSpec".into(), Value::Object(spec));
        let ids = |l: &[String]| Value::Array(l.iter().cloned().map(Value::String).collect());
        m.insert(
            "sourceConnectionIds".into(),
            ids(&self.source_connection_ids),
        );
        m.insert(
            "targetConnectionIds".into(),
            ids(&self.target_connection_ids),
        );
        if !self.transformations.is_empty() {
            m.insert(
                "transformations".into(),
                crate::typed::to_value(&self.transformations)?,
            );
        }
        if let Some(s) = &self.schedule_params {
            m.insert("scheduleParams".into(), crate::typed::to_value(s)?);
        }
        if let Some(o) = &self.options {
            m.insert("options".into(), crate::typed::to_value(o)?);
        }
        for (k, v) in &self.extra {
            m.entry(k.clone()).or_insert_with(|| v.clone());
        }
        Ok(Value::Object(m))
    }

    /// Checks every part against the flowSpec; all violations, with their pointers.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        Self::from_value(self.to_value()?).map(|_| ())
    }

    /// Reads a flow (as the service returns it) whose flowSpec is `S`; every part must
    /// satisfy the flowSpec.
    pub fn from_value(value: Value) -> Result<Self, ValidationErrors> {
        let Value::Object(m) = value else {
            return Err(error(
                "",
                ErrorKind::Type {
                    expected: &[crate::json::JsonType::Object],
                },
            ));
        };
        let mut read = Members {
            members: m,
            errors: Vec::new(),
        };
        let spec_id = read
            .members
            .get("flowSpec")
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str);
        if spec_id != Some(S::ID) {
            read.errors.push(ValidationError {
                instance_path: "/flowSpec/id".into(),
                schema_path: "",
                kind: ErrorKind::Enum { allowed: S::ID },
            });
        }
        read.members.shift_remove("flowSpec");
        let name = read.text("name", true).unwrap_or_default();
        let description = read.text("description", false);
        let source_connection_ids = read.ids("sourceConnectionIds");
        let target_connection_ids = read.ids("targetConnectionIds");
        let transformations = read.list("transformations");
        let schedule_params = read.part("scheduleParams");
        let options = read.part("options");
        if !read.errors.is_empty() {
            return Err(ValidationErrors(read.errors));
        }
        Ok(TypedFlow {
            name,
            description,
            source_connection_ids,
            target_connection_ids,
            transformations,
            schedule_params,
            options,
            extra: read.members,
        })
    }

    /// Reads a flow from any value that serialises as one (a generated `Flow` read from
    /// the service, for instance).
    pub fn read<T: Serialize + ?Sized>(flow: &T) -> Result<Self, ValidationErrors> {
        Self::from_value(crate::typed::to_value(flow)?)
    }
}

impl<S: FlowSpecTypes> Serialize for TypedFlow<S> {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.to_value()
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<S: FlowSpecTypes> TryFrom<Value> for TypedFlow<S> {
    type Error = ValidationErrors;
    fn try_from(value: Value) -> Result<Self, ValidationErrors> {
        Self::from_value(value)
    }
}

/// Whether `instance_path` lies in a flow part the flowSpec governs: `/scheduleParams`,
/// `/options` or `/transformations/{i}/params`, or below one of them.
pub fn in_flow_part(instance_path: &str) -> bool {
    let below = |path: &str, prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if below(instance_path, "/scheduleParams") || below(instance_path, "/options") {
        return true;
    }
    let Some(rest) = instance_path.strip_prefix("/transformations/") else {
        return false;
    };
    let (index, rest) = rest.split_once('/').unwrap_or((rest, ""));
    !index.is_empty()
        && index.bytes().all(|b| b.is_ascii_digit())
        && below(&format!("/{rest}"), "/params")
}

impl<S: FlowSpecTypes, T: Validated + FlowBody> JsonBody<T> for TypedFlow<S> {
    /// Checks the parts against the flowSpec, then the rest of the body against the
    /// endpoint description's schema. The flowSpec governs `scheduleParams`, `options` and
    /// each transformation's `params`: what the description says of those members is not
    /// checked (a vendor description may type them differently from every flowSpec).
    fn to_json(&self) -> Result<Value, ValidationErrors> {
        let v = self.to_value()?;
        Self::from_value(v.clone())?;
        if let Err(e) = T::validate_value(&v) {
            let rest: Vec<_> =
                e.0.into_iter()
                    .filter(|e| !in_flow_part(&e.instance_path))
                    .collect();
            if !rest.is_empty() {
                return Err(ValidationErrors(rest));
            }
        }
        Ok(v)
    }
}

/// A flow object being read member by member: each member read is taken out (what
/// remains is the flow's other members), and every problem is kept, with its pointer.
struct Members {
    members: Map<String, Value>,
    errors: Vec<ValidationError>,
}

impl Members {
    fn wrong_type(&mut self, key: &str, expected: &'static [crate::json::JsonType]) {
        self.errors.push(ValidationError {
            instance_path: format!("/{key}"),
            schema_path: "",
            kind: ErrorKind::Type { expected },
        });
    }

    /// A string member (an error when it is missing and `required`).
    fn text(&mut self, key: &str, required: bool) -> Option<String> {
        match self.members.shift_remove(key) {
            Some(Value::String(s)) => Some(s),
            None if !required => None,
            _ => {
                self.wrong_type(key, &[crate::json::JsonType::String]);
                None
            }
        }
    }

    /// A list of ids (empty when missing).
    fn ids(&mut self, key: &str) -> Vec<String> {
        match self.members.shift_remove(key) {
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            None => Vec::new(),
            Some(_) => {
                self.wrong_type(key, &[crate::json::JsonType::Array]);
                Vec::new()
            }
        }
    }

    /// A list of typed parts (empty when missing).
    fn list<P: PartType>(&mut self, key: &str) -> Vec<P> {
        match self.members.shift_remove(key) {
            Some(Value::Array(list)) => {
                let mut out = Vec::new();
                for (i, item) in list.into_iter().enumerate() {
                    match P::try_from(item) {
                        Ok(p) => out.push(p),
                        Err(e) => self.errors.extend(e.nested(&format!("/{key}/{i}")).0),
                    }
                }
                out
            }
            None => Vec::new(),
            Some(_) => {
                self.wrong_type(key, &[crate::json::JsonType::Array]);
                Vec::new()
            }
        }
    }

    /// A typed part, when present.
    fn part<P: PartType>(&mut self, key: &str) -> Option<P> {
        let value = self.members.shift_remove(key)?;
        P::try_from(value)
            .map_err(|e| self.errors.extend(e.nested(&format!("/{key}")).0))
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::in_flow_part;

    #[test]
    fn flow_parts_are_the_members_a_flow_spec_governs() {
        for governed in [
            "/scheduleParams",
            "/scheduleParams/interval",
            "/options",
            "/options/a/b",
            "/transformations/0/params",
            "/transformations/12/params/mappingId",
        ] {
            assert!(in_flow_part(governed), "{governed}");
        }
        for not in [
            "",
            "/name",
            "/scheduleParamsX",
            "/optionsets",
            "/transformations",
            "/transformations/0",
            "/transformations/0/name",
            "/transformations/x/params",
            "/transformations//params",
            "/transformations/0/paramsX",
        ] {
            assert!(!in_flow_part(not), "{not}");
        }
    }
}
