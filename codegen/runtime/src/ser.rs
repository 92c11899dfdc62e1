//! Serialising generated types without `#[derive(Serialize)]`.
//!
//! A generated struct's `Serialize` impl is a few calls on [`Object`] (the struct keeps
//! undeclared members in `extra`) or [`Struct`] (it does not), one per member, and a
//! builder's `build()` puts its members together with [`Members`]. They write what
//! serde's derive wrote for the same struct (the same serializer calls in the same
//! order), but the code a generated crate holds for each type is one short body instead
//! of a derive's expansion, which is what `cargo check` of a generated client pays for.
//!
//! A serializer error stops the writing: later members are not written and the first
//! error is returned by `end()`.

use crate::error::ValidationErrors;
use crate::typed::{from_value, insert_tag, to_value, Validated};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use serde_json::{Map, Value};

/// A struct with an `extra` map, written as a map: the declared members in order
/// (absent optional ones skipped), then the undeclared ones (serde's `flatten`).
pub struct Object<S: Serializer> {
    state: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> Object<S> {
    /// Starts the map.
    pub fn new(serializer: S) -> Self {
        Object {
            state: serializer.serialize_map(None),
        }
    }

    /// Writes the member `key`.
    pub fn req<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// Writes the optional member `key` when it is present.
    pub fn opt<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.entry(key, value);
        }
    }

    /// Writes the undeclared members, in their order.
    pub fn extra(&mut self, extra: &Map<String, Value>) {
        for (key, value) in extra {
            self.entry(key, value);
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let Ok(map) = &mut self.state {
            if let Err(e) = map.serialize_entry(key, value) {
                self.state = Err(e);
            }
        }
    }

    /// Ends the map, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

/// A struct without an `extra` map, written as a struct named `name` whose length
/// counts the members present.
pub struct Struct<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Struct<S> {
    /// Starts the struct: `required` members are always written; of the optional ones,
    /// those whose `present` entry is `true`.
    pub fn new(serializer: S, name: &'static str, required: usize, present: &[bool]) -> Self {
        let len = required + present.iter().filter(|p| **p).count();
        Struct {
            state: serializer.serialize_struct(name, len),
        }
    }

    /// Writes the member `key`.
    pub fn req<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(s) = &mut self.state {
            if let Err(e) = s.serialize_field(key, value) {
                self.state = Err(e);
            }
        }
    }

    /// Writes the optional member `key` when it is present, or marks it skipped.
    pub fn opt<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.req(key, value);
        } else if let Ok(s) = &mut self.state {
            if let Err(e) = s.skip_field(key) {
                self.state = Err(e);
            }
        }
    }

    /// Ends the struct, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}

/// What a builder holds, as the JSON object its `build()` validates and converts: the
/// declared members that are set, in order, then the undeclared ones (a later member of
/// the same name replaces an earlier one's value).
#[derive(Debug, Default)]
pub struct Members {
    map: Map<String, Value>,
    error: Option<ValidationErrors>,
}

impl Members {
    /// No member yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the member `key`.
    pub fn req<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_some() {
            return;
        }
        match to_value(value) {
            Ok(v) => {
                self.map.insert(key.to_owned(), v);
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Sets the optional member `key` when it is present.
    pub fn opt<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(v) = value {
            self.req(key, v);
        }
    }

    /// Adds the undeclared members.
    pub fn extra(&mut self, extra: Map<String, Value>) {
        for (key, value) in extra {
            self.map.insert(key, value);
        }
    }

    /// The object, validated into `T`: every violation, or the first value that could
    /// not be serialised.
    pub fn build<T: Validated>(self) -> Result<T, ValidationErrors> {
        match self.error {
            Some(e) => Err(e),
            None => from_value(Value::Object(self.map)),
        }
    }

    /// [`Members::build`] for a variant of a tagged union: the object with the member
    /// `tag: value` put after the members named in `after`, validated into the union.
    pub fn build_tagged<T: Validated>(
        mut self,
        tag: &str,
        value: &str,
        after: &[&str],
    ) -> Result<T, ValidationErrors> {
        if self.error.is_none() {
            insert_tag(&mut self.map, tag, value, after);
        }
        self.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // What serde's derive writes, to compare the hand-written impls with.
    #[derive(serde::Serialize)]
    struct Derived {
        id: String,
        #[serde(rename = "createdAt", skip_serializing_if = "Option::is_none")]
        created_at: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    struct Written(Derived);

    impl Serialize for Written {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut o = Object::new(s);
            o.req("id", &self.0.id);
            o.opt("createdAt", &self.0.created_at);
            o.opt("note", &self.0.note);
            o.extra(&self.0.extra);
            o.end()
        }
    }

    #[derive(serde::Serialize)]
    struct DerivedClosed {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    struct WrittenClosed(DerivedClosed);

    impl Serialize for WrittenClosed {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut o = Struct::new(s, "DerivedClosed", 1, &[self.0.note.is_some()]);
            o.req("id", &self.0.id);
            o.opt("note", &self.0.note);
            o.end()
        }
    }

    fn sample(created_at: Option<i64>) -> Derived {
        let mut extra = Map::new();
        extra.insert("zeta".into(), json!([1, 2]));
        extra.insert("alpha".into(), json!({"x": null}));
        Derived {
            id: "a\"b".into(),
            created_at,
            note: None,
            extra,
        }
    }

    #[test]
    fn object_writes_what_the_derive_writes() {
        for created_at in [None, Some(-3)] {
            let text = serde_json::to_string(&Written(sample(created_at))).unwrap();
            assert_eq!(text, serde_json::to_string(&sample(created_at)).unwrap());
        }
        assert_eq!(
            serde_json::to_string(&Written(sample(Some(7)))).unwrap(),
            r#"{"id":"a\"b","createdAt":7,"zeta":[1,2],"alpha":{"x":null}}"#
        );
    }

    #[test]
    fn struct_writes_what_the_derive_writes() {
        for note in [None, Some("n".to_owned())] {
            let derived = DerivedClosed {
                id: "i".into(),
                note: note.clone(),
            };
            let written = WrittenClosed(DerivedClosed {
                id: "i".into(),
                note,
            });
            assert_eq!(
                serde_json::to_value(&written).unwrap(),
                serde_json::to_value(&derived).unwrap()
            );
            assert_eq!(
                serde_json::to_string(&written).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
    }

    // A value serde_json cannot write: a map with a non-string key.
    struct BadKey;

    impl Serialize for BadKey {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(1))?;
            m.serialize_entry(&[1u8], &1)?;
            m.end()
        }
    }

    #[test]
    fn members_keep_order_and_let_extra_replace_a_value() {
        let mut m = Members::new();
        m.req("b", &1);
        m.opt::<i64>("skipped", &None);
        m.opt("a", &Some("x"));
        let mut extra = Map::new();
        extra.insert("c".into(), json!(true));
        extra.insert("b".into(), json!(2));
        m.extra(extra);
        assert_eq!(
            Value::Object(m.map).to_string(),
            r#"{"b":2,"a":"x","c":true}"#
        );
    }

    #[test]
    fn members_return_the_first_value_that_cannot_be_written() {
        let mut m = Members::new();
        m.req("bad", &BadKey);
        m.req("fine", &1);
        let expected = to_value(&BadKey).unwrap_err().to_string();
        assert!(m.map.is_empty());
        let error = m.error.expect("an error");
        assert_eq!(error.to_string(), expected);
        assert!(expected.contains("key must be a string"), "{expected}");
    }
}
