//! What a generated validator reads: any JSON value ([`Instance`]), and an object's
//! members ([`Members`]).
//!
//! Validators are generic over both, so the same function checks a
//! [`serde_json::Value`] and an [`Object`]: the members of a top-level object read straight
//! from JSON text (see [`Root`]), without building a `serde_json::Map` (no key `String`s
//! where the text needs no unescaping, no hashing, no index table). The methods have the
//! names and meaning of `Value`'s and `Map`'s own, so generated code reads the same for
//! both.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// A JSON value as a validator sees it: a [`Value`], or an [`Object`] read from text.
pub trait Instance {
    /// The object type of [`Instance::as_object`].
    type Object: Members + ?Sized;
    /// The members, when this is an object.
    fn as_object(&self) -> Option<&Self::Object>;
    /// Whether this is an object.
    fn is_object(&self) -> bool {
        self.as_object().is_some()
    }
    /// This as a [`Value`], when it is one.
    fn as_value(&self) -> Option<&Value>;
    /// Whether this is `null`.
    fn is_null(&self) -> bool {
        self.as_value().is_some_and(Value::is_null)
    }
    /// Whether this is `true` or `false`.
    fn is_boolean(&self) -> bool {
        self.as_value().is_some_and(Value::is_boolean)
    }
    /// The boolean, when this is one.
    fn as_bool(&self) -> Option<bool> {
        self.as_value().and_then(Value::as_bool)
    }
    /// Whether this is a number.
    fn is_number(&self) -> bool {
        self.as_value().is_some_and(Value::is_number)
    }
    /// The number, when this is one.
    fn as_number(&self) -> Option<&Number> {
        self.as_value().and_then(Value::as_number)
    }
    /// Whether this is a string.
    fn is_string(&self) -> bool {
        self.as_value().is_some_and(Value::is_string)
    }
    /// The string, when this is one.
    fn as_str(&self) -> Option<&str> {
        self.as_value().and_then(Value::as_str)
    }
    /// Whether this is an array.
    fn is_array(&self) -> bool {
        self.as_value().is_some_and(Value::is_array)
    }
    /// The items, when this is an array.
    fn as_array(&self) -> Option<&Vec<Value>> {
        self.as_value().and_then(Value::as_array)
    }
}

/// The members of a JSON object, in their order, each name once.
pub trait Members {
    /// How many members there are.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The members, in their order.
    fn members(&self) -> impl Iterator<Item = (&str, &Value)>;
    /// The names, in their order.
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.members().map(|(k, _)| k)
    }
    /// The member `name`, if present.
    fn member(&self, name: &str) -> Option<&Value>;
}

impl Instance for Value {
    type Object = Map<String, Value>;
    #[inline]
    fn as_object(&self) -> Option<&Map<String, Value>> {
        Value::as_object(self)
    }
    #[inline]
    fn as_value(&self) -> Option<&Value> {
        Some(self)
    }
    #[inline]
    fn is_object(&self) -> bool {
        Value::is_object(self)
    }
    #[inline]
    fn is_null(&self) -> bool {
        Value::is_null(self)
    }
    #[inline]
    fn is_boolean(&self) -> bool {
        Value::is_boolean(self)
    }
    #[inline]
    fn as_bool(&self) -> Option<bool> {
        Value::as_bool(self)
    }
    #[inline]
    fn is_number(&self) -> bool {
        Value::is_number(self)
    }
    #[inline]
    fn as_number(&self) -> Option<&Number> {
        Value::as_number(self)
    }
    #[inline]
    fn is_string(&self) -> bool {
        Value::is_string(self)
    }
    #[inline]
    fn as_str(&self) -> Option<&str> {
        Value::as_str(self)
    }
    #[inline]
    fn is_array(&self) -> bool {
        Value::is_array(self)
    }
    #[inline]
    fn as_array(&self) -> Option<&Vec<Value>> {
        Value::as_array(self)
    }
}

impl Members for Map<String, Value> {
    #[inline]
    fn len(&self) -> usize {
        Map::len(self)
    }
    #[inline]
    fn members(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.iter().map(|(k, v)| (k.as_str(), v))
    }
    /// Up to [`LINEAR_LOOKUP_MAX`] members, by comparing
    /// names in order (quicker than hashing for small objects); beyond, by hash.
    #[inline]
    fn member(&self, name: &str) -> Option<&Value> {
        if Map::len(self) <= LINEAR_LOOKUP_MAX {
            self.iter()
                .find_map(|(k, v)| (k.as_str() == name).then_some(v))
        } else {
            self.get(name)
        }
    }
}

/// Objects up to this many members are searched by comparing keys in order, which for the
/// small objects of API payloads is several times faster than hashing the name.
pub const LINEAR_LOOKUP_MAX: usize = 16;

/// Members read from text up to this many are kept as a list; a larger object is read
/// into a `Map` (so finding a repeated name never costs more than this many compares).
const PAIRS_MAX: usize = 32;

/// The members of an object, as [`Root`] read them from text (names borrowed from the
/// text where it has no escapes) or as a `Map`: what a struct's
/// [`FromValid::from_object`](crate::FromValid::from_object) takes apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Object<'de>(Repr<'de>);

#[derive(Debug, Clone, PartialEq)]
enum Repr<'de> {
    /// At most [`PAIRS_MAX`] members, each name once.
    Pairs(Vec<(Cow<'de, str>, Value)>),
    Map(Map<String, Value>),
}

impl From<Map<String, Value>> for Object<'_> {
    fn from(map: Map<String, Value>) -> Self {
        Object(Repr::Map(map))
    }
}

/// The members of an [`Object`], in their order.
#[derive(Debug)]
pub struct Iter<'a>(IterRepr<'a>);

#[derive(Debug)]
enum IterRepr<'a> {
    Pairs(std::slice::Iter<'a, (Cow<'a, str>, Value)>),
    Map(serde_json::map::Iter<'a>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Pairs(i) => i.next().map(|(k, v)| (k.as_ref(), v)),
            IterRepr::Map(i) => i.next().map(|(k, v)| (k.as_str(), v)),
        }
    }
}

/// What [`Object::split`] splits an object into: the declared members, each `None` when
/// absent, and the undeclared ones in their order.
pub type Split<const N: usize> = ([Option<Value>; N], Map<String, Value>);

impl Object<'_> {
    /// The members, in their order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(match &self.0 {
            Repr::Pairs(p) => IterRepr::Pairs(p.iter()),
            Repr::Map(m) => IterRepr::Map(m.iter()),
        })
    }

    /// The members as a `Map`, in their order.
    pub fn into_map(self) -> Map<String, Value> {
        match self.0 {
            Repr::Pairs(pairs) => pairs_to_map(pairs),
            Repr::Map(m) => m,
        }
    }

    /// The object as a [`Value`].
    pub fn into_value(self) -> Value {
        Value::Object(self.into_map())
    }

    /// The value of the string member `tag`, for dispatching on a union.
    pub fn tag(&self, tag: &str) -> Option<&str> {
        Members::member(self, tag).and_then(Value::as_str)
    }

    /// Splits the object into the members named in `names` (each `None` when absent) and
    /// the rest, in their order.
    pub fn split<const N: usize>(self, names: [&'static str; N]) -> Split<N> {
        match self.0 {
            Repr::Map(map) => split_map(map, names),
            Repr::Pairs(pairs) => {
                let mut slots: [Option<Value>; N] = std::array::from_fn(|_| None);
                let mut rest = Map::new();
                for (key, v) in pairs {
                    match names.iter().position(|n| *n == key) {
                        Some(i) => slots[i] = Some(v),
                        None => {
                            rest.insert(key.into_owned(), v);
                        }
                    }
                }
                (slots, rest)
            }
        }
    }
}

fn pairs_to_map(pairs: Vec<(Cow<'_, str>, Value)>) -> Map<String, Value> {
    let mut map = Map::with_capacity(pairs.len());
    for (k, v) in pairs {
        map.insert(k.into_owned(), v);
    }
    map
}

impl Instance for Object<'_> {
    type Object = Self;
    #[inline]
    fn as_object(&self) -> Option<&Self> {
        Some(self)
    }
    #[inline]
    fn is_object(&self) -> bool {
        true
    }
    #[inline]
    fn as_value(&self) -> Option<&Value> {
        None
    }
}

impl Members for Object<'_> {
    #[inline]
    fn len(&self) -> usize {
        match &self.0 {
            Repr::Pairs(p) => p.len(),
            Repr::Map(m) => m.len(),
        }
    }
    #[inline]
    fn members(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.iter()
    }
    #[inline]
    fn member(&self, name: &str) -> Option<&Value> {
        match &self.0 {
            Repr::Pairs(p) => p.iter().find_map(|(k, v)| (k == name).then_some(v)),
            Repr::Map(m) => Members::member(m, name),
        }
    }
}

/// A document as [`Root`] read it: a top-level object's members, or any other value.
#[derive(Debug, Clone, PartialEq)]
pub enum Root<'de> {
    /// A top-level object of at most a few dozen members, read as a list.
    Object(Object<'de>),
    /// Anything else, exactly as `serde_json::Value` reads it.
    Value(Value),
}

impl<'de> Deserialize<'de> for Root<'de> {
    /// Reads any JSON as `Value` does (the same calls on the deserializer, the same values,
    /// the same errors), except that a top-level object's members are kept in a list: a
    /// repeated name replaces the earlier value in its place, as `Map` does. A first name
    /// that `serde_json` reserves for its `arbitrary_precision` and `raw_value` features
    /// hands the whole object to `Value`, which knows what it means.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RootVisitor)
    }
}

/// The names `serde_json` gives a meaning of its own as the first key of an object.
const RESERVED: [&str; 2] = [
    "$serde_json::private::Number",
    "$serde_json::private::RawValue",
];

struct RootVisitor;

/// Reads a member name as `Value` does, borrowing it when it can: the first with
/// `serde_json`'s key classifier (`deserialize_str`, "a string key"), the others as a
/// `String` (`deserialize_string`, "a string", UTF-8 bytes accepted).
#[derive(Clone, Copy)]
struct Key {
    first: bool,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if self.first {
            deserializer.deserialize_str(self)
        } else {
            deserializer.deserialize_string(self)
        }
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.first {
            "a string key"
        } else {
            "a string"
        })
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        match (self.first, std::str::from_utf8(v)) {
            (false, Ok(s)) => Ok(Cow::Owned(s.to_owned())),
            (false, Err(_)) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
            (true, _) => Err(E::invalid_type(de::Unexpected::Bytes(v), &self)),
        }
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        self.visit_bytes(&v)
    }
}

/// A map whose first key was already read: hands it out again, then the rest.
struct Replay<'de, A> {
    first: Option<Cow<'de, str>>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(key) => seed
                .deserialize(key.into_owned().into_deserializer())
                .map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.rest.next_value_seed(seed)
    }
}

/// `Value::deserialize` of what a visitor was handed.
fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Root<'de>, D::Error> {
    Value::deserialize(d).map(Root::Value)
}

impl<'de> Visitor<'de> for RootVisitor {
    type Value = Root<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // `Value`'s own text, for the inputs it refuses.
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        value(v.into_deserializer())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        value(().into_deserializer())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        value(().into_deserializer())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        value(d)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        value(de::value::SeqAccessDeserializer::new(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Some(first) = map.next_key_seed(Key { first: true })? else {
            return Ok(Root::Object(Object(Repr::Pairs(Vec::new()))));
        };
        if RESERVED.contains(&first.as_ref()) {
            let replay = Replay {
                first: Some(first),
                rest: map,
            };
            return value(de::value::MapAccessDeserializer::new(replay));
        }
        let mut pairs: Vec<(Cow<'de, str>, Value)> = Vec::with_capacity(8);
        pairs.push((first, map.next_value()?));
        while let Some(key) = map.next_key_seed(Key { first: false })? {
            let v: Value = map.next_value()?;
            if let Some(slot) = pairs.iter_mut().find(|(k, _)| *k == key) {
                // `Map::insert`: the name keeps its place, the value is the last one.
                slot.1 = v;
            } else if pairs.len() < PAIRS_MAX {
                pairs.push((key, v));
            } else {
                let mut rest = pairs_to_map(pairs);
                rest.insert(key.into_owned(), v);
                while let Some((key, v)) = map.next_entry::<String, Value>()? {
                    rest.insert(key, v);
                }
                return Ok(Root::Value(Value::Object(rest)));
            }
        }
        Ok(Root::Object(Object(Repr::Pairs(pairs))))
    }
}

/// [`Object::split`] for an object held as a `Map`.
///
/// A pass comparing names (no hashing, for the small objects of API payloads) finds the
/// declared members; when there is nothing else, the object is taken apart in place,
/// otherwise each declared member found is removed from it and it becomes the rest. With
/// more than [`LINEAR_LOOKUP_MAX`] names, every name is
/// looked up.
fn split_map<const N: usize>(
    mut map: Map<String, Value>,
    names: [&'static str; N],
) -> ([Option<Value>; N], Map<String, Value>) {
    let mut slots: [Option<Value>; N] = std::array::from_fn(|_| None);
    let linear = N <= LINEAR_LOOKUP_MAX;
    // Which names are present; past the linear limit, every name is looked up.
    let mut found = [!linear; N];
    if linear {
        let mut undeclared = false;
        for key in map.keys() {
            match names.iter().position(|n| *n == key) {
                Some(i) => found[i] = true,
                None => undeclared = true,
            }
        }
        if !undeclared {
            for (key, v) in map {
                if let Some(i) = names.iter().position(|n| *n == key) {
                    slots[i] = Some(v);
                }
            }
            return (slots, Map::new());
        }
    }
    for ((slot, name), found) in slots.iter_mut().zip(names).zip(found) {
        if found {
            *slot = map.shift_remove(name);
        }
    }
    (slots, map)
}

#[cfg(test)]
mod tests;
