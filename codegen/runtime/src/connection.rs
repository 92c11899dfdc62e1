//! Connections typed by their connectionSpec: a base connection's `auth` holds the
//! connectionSpec module's `Auth` enum, a source connection's `params` its
//! `SourceParams`, a target connection's `params` its `TargetParams`. Each part is
//! checked against the connectionSpec before anything is sent, and a connection read
//! back from the service parses into the same types.
//!
//! A generated `Auth` enum is written `{"specName": ..., "params": {...}}`, as the Flow
//! Service expects ([`crate::typed::split_named`] and its siblings).

use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::json::JsonType;
pub use crate::part::{NoPart, PartType, Untyped};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The generated types of one connectionSpec (implemented by the marker type `Spec` of
/// each generated `connection_specs` module).
pub trait ConnectionSpecTypes: Send + Sync + 'static {
    /// The connectionSpec's id.
    const ID: &'static str;
    /// The connectionSpec's name.
    const NAME: &'static str;
    /// The connectionSpec's version, when it has one.
    const VERSION: Option<&'static str>;
    /// Its auth enum, one variant per authSpec entry (or [`NoPart`]).
    type Auth: PartType;
    /// A source connection's params (or [`NoPart`]; [`Untyped`] without a schema).
    type SourceParams: PartType;
    /// A target connection's params (or [`NoPart`]; [`Untyped`] without a schema).
    type TargetParams: PartType;
}

fn error(at: &str, kind: ErrorKind) -> ValidationErrors {
    ValidationErrors::from(ValidationError {
        instance_path: at.to_owned(),
        schema_path: "",
        kind,
    })
}

/// Reads the members every connection has, and checks `connectionSpec.id`.
struct Reader {
    map: Map<String, Value>,
    errors: Vec<ValidationError>,
}

impl Reader {
    fn new(value: Value, spec_id: &'static str) -> Result<Self, ValidationErrors> {
        let Value::Object(mut map) = value else {
            return Err(error(
                "",
                ErrorKind::Type {
                    expected: &[JsonType::Object],
                },
            ));
        };
        let mut errors = Vec::new();
        let id = map.get("connectionSpec").and_then(|s| s.get("id"));
        if id.and_then(Value::as_str) != Some(spec_id) {
            errors.push(ValidationError {
                instance_path: "/connectionSpec/id".into(),
                schema_path: "",
                kind: ErrorKind::Enum { allowed: spec_id },
            });
        }
        map.shift_remove("connectionSpec");
        Ok(Reader { map, errors })
    }

    fn text(&mut self, key: &str, required: bool) -> Option<String> {
        match self.map.shift_remove(key) {
            Some(Value::String(s)) => Some(s),
            None if !required => None,
            _ => {
                self.errors.push(ValidationError {
                    instance_path: format!("/{key}"),
                    schema_path: "",
                    kind: ErrorKind::Type {
                        expected: &[JsonType::String],
                    },
                });
                None
            }
        }
    }

    fn part<P: PartType>(&mut self, key: &'static str) -> Option<P> {
        match self.map.shift_remove(key) {
            Some(v) => P::try_from(v)
                .map_err(|e| self.errors.extend(e.nested(&format!("/{key}")).0))
                .ok(),
            None => {
                self.errors.push(ValidationError {
                    instance_path: String::new(),
                    schema_path: "",
                    kind: ErrorKind::Required { property: key },
                });
                None
            }
        }
    }

    fn finish<T>(
        self,
        make: impl FnOnce(Map<String, Value>) -> Option<T>,
    ) -> Result<T, ValidationErrors> {
        if !self.errors.is_empty() {
            return Err(ValidationErrors(self.errors));
        }
        make(self.map).ok_or_else(|| error("", ErrorKind::FalseSchema))
    }
}

/// Writes the members every connection has: `name`, `description`, then what `more`
/// adds, then `connectionSpec`, then `extra`.
fn write(
    name: &str,
    description: Option<&str>,
    spec: (&str, Option<&str>),
    extra: &Map<String, Value>,
    more: impl FnOnce(&mut Map<String, Value>) -> Result<(), ValidationErrors>,
) -> Result<Value, ValidationErrors> {
    let mut m = Map::new();
    m.insert("name".into(), Value::String(name.into()));
    if let Some(d) = description {
        m.insert("description".into(), Value::String(d.into()));
    }
    more(&mut m)?;
    let mut s = Map::new();
    s.insert("id".into(), Value::String(spec.0.into()));
    if let Some(v) = spec.1 {
        s.insert("version".into(), Value::String(v.into()));
    }
    m.insert("connectionSpec".into(), Value::Object(s));
    for (k, v) in extra {
        m.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Ok(Value::Object(m))
}

/// A base connection (`POST /connections`) whose `auth` is typed by the connectionSpec
/// `S`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedConnection<S: ConnectionSpecTypes> {
    /// `name`
    pub name: String,
    /// `description`
    pub description: Option<String>,
    /// `auth`: which authSpec entry, and its params.
    pub auth: S::Auth,
    /// Every other member (`id`, `etag`, `state`, ... of a connection read back).
    pub extra: Map<String, Value>,
}

impl<S: ConnectionSpecTypes> TypedConnection<S> {
    /// A base connection named `name` that authenticates with `auth`.
    pub fn new(name: impl Into<String>, auth: impl Into<S::Auth>) -> Self {
        TypedConnection {
            name: name.into(),
            description: None,
            auth: auth.into(),
            extra: Map::new(),
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The connection as JSON (secrets included: this is what is sent).
    pub fn to_value(&self) -> Result<Value, ValidationErrors> {
        let auth = crate::typed::to_value(&self.auth)?;
        write(
            &self.name,
            self.description.as_deref(),
            (S::ID, S::VERSION),
            &self.extra,
            |m| {
                m.insert("auth".into(), auth);
                Ok(())
            },
        )
    }

    /// Checks the auth params against the connectionSpec.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        Self::from_value(self.to_value()?).map(|_| ())
    }

    /// Reads a base connection whose connectionSpec is `S`.
    pub fn from_value(value: Value) -> Result<Self, ValidationErrors> {
        let mut r = Reader::new(value, S::ID)?;
        let name = r.text("name", true).unwrap_or_default();
        let description = r.text("description", false);
        let auth = r.part::<S::Auth>("auth");
        r.finish(|extra| {
            Some(TypedConnection {
                name,
                description,
                auth: auth?,
                extra,
            })
        })
    }

    /// Reads a base connection from any value that serialises as one.
    pub fn read<T: Serialize + ?Sized>(connection: &T) -> Result<Self, ValidationErrors> {
        Self::from_value(crate::typed::to_value(connection)?)
    }
}

macro_rules! params_connection {
    ($(#[$doc:meta])* $name:ident, $params:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name<S: ConnectionSpecTypes> {
            /// `name`
            pub name: String,
            /// `description`
            pub description: Option<String>,
            /// `baseConnectionId`, when it builds on a base connection.
            pub base_connection_id: Option<String>,
            /// `data` (the format, and for a target the XDM schema), as JSON.
            pub data: Option<Value>,
            /// `params`, typed by the connectionSpec.
            pub params: S::$params,
            /// Every other member (`id`, `etag`, `state`, ... of one read back).
            pub extra: Map<String, Value>,
        }

        impl<S: ConnectionSpecTypes> $name<S> {
            #[doc = concat!(" A ", $what, " named `name` with `params`.")]
            pub fn new(name: impl Into<String>, params: impl Into<S::$params>) -> Self {
                $name {
                    name: name.into(),
                    description: None,
                    base_connection_id: None,
                    data: None,
                    params: params.into(),
                    extra: Map::new(),
                }
            }

            /// Sets the description.
            pub fn description(mut self, text: impl Into<String>) -> Self {
                self.description = Some(text.into());
                self
            }

            /// Sets the base connection it builds on.
            pub fn base_connection(mut self, id: impl Into<String>) -> Self {
                self.base_connection_id = Some(id.into());
                self
            }

            /// Sets `data` (`{"format": ...}`, and for a target the XDM schema).
            pub fn data(mut self, data: Value) -> Self {
                self.data = Some(data);
                self
            }

            /// The connection as JSON.
            pub fn to_value(&self) -> Result<Value, ValidationErrors> {
                let params = crate::typed::to_value(&self.params)?;
                let (base, data) = (&self.base_connection_id, &self.data);
                write(&self.name, self.description.as_deref(), (S::ID, S::VERSION), &self.extra, |m| {
                    if let Some(b) = base {
                        m.insert("baseConnectionId".into(), Value::String(b.clone()));
                    }
                    if let Some(d) = data {
                        m.insert("data".into(), d.clone());
                    }
                    m.insert("params".into(), params);
                    Ok(())
                })
            }

            /// Checks the params against the connectionSpec.
            pub fn validate(&self) -> Result<(), ValidationErrors> {
                Self::from_value(self.to_value()?).map(|_| ())
            }

            #[doc = concat!(" Reads a ", $what, " whose connectionSpec is `S`.")]
            pub fn from_value(value: Value) -> Result<Self, ValidationErrors> {
                let mut r = Reader::new(value, S::ID)?;
                let name = r.text("name", true).unwrap_or_default();
                let description = r.text("description", false);
                let base_connection_id = r.text("baseConnectionId", false);
                let data = r.map.shift_remove("data");
                let params = r.part::<S::$params>("params");
                r.finish(|extra| {
                    Some($name {
                        name,
                        description,
                        base_connection_id,
                        data,
                        params: params?,
                        extra,
                    })
                })
            }

            #[doc = concat!(" Reads a ", $what, " from any value that serialises as one.")]
            pub fn read<T: Serialize + ?Sized>(connection: &T) -> Result<Self, ValidationErrors> {
                Self::from_value(crate::typed::to_value(connection)?)
            }
        }

        impl<S: ConnectionSpecTypes> Serialize for $name<S> {
            fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
                self.to_value()
                    .map_err(serde::ser::Error::custom)?
                    .serialize(serializer)
            }
        }

        impl<S: ConnectionSpecTypes> TryFrom<Value> for $name<S> {
            type Error = ValidationErrors;
            fn try_from(value: Value) -> Result<Self, ValidationErrors> {
                Self::from_value(value)
            }
        }
    };
}

params_connection!(
    /// A source connection (`POST /sourceConnections`) whose `params` are typed by the
    /// connectionSpec `S`'s `sourceSpec`.
    TypedSourceConnection,
    SourceParams,
    "source connection"
);

params_connection!(
    /// A target connection (`POST /targetConnections`) whose `params` are typed by the
    /// connectionSpec `S`'s `targetSpec`.
    TypedTargetConnection,
    TargetParams,
    "target connection"
);

impl<S: ConnectionSpecTypes> Serialize for TypedConnection<S> {
    fn serialize<Ser: Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.to_value()
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl<S: ConnectionSpecTypes> TryFrom<Value> for TypedConnection<S> {
    type Error = ValidationErrors;
    fn try_from(value: Value) -> Result<Self, ValidationErrors> {
        Self::from_value(value)
    }
}
