//! Finding a key that occurs twice in one JSON object. `serde_json` keeps the last
//! value silently, and other readers keep the first, so a schema with a duplicate key
//! means different things to different tools; the loader rejects it instead.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

/// The first duplicate key in `text` (already known to be valid JSON): the JSON pointer
/// of the repeated member, the key, and where the parser saw it.
pub(super) fn duplicate_key(text: &str) -> Option<(String, String, String)> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Check {
        pointer: String::new(),
        found: &found,
    };
    let error = seed.deserialize(&mut de).err()?;
    let (pointer, key) = found.into_inner()?;
    Some((
        pointer,
        key,
        format!("line {} column {}", error.line(), error.column()),
    ))
}

/// Walks one value; on a duplicate, records it in `found` and stops the parse.
struct Check<'a> {
    pointer: String,
    found: &'a RefCell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let item = Check {
                pointer: format!("{}/{i}", self.pointer),
                found: self.found,
            };
            if seq.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let mut pointer = self.pointer.clone();
            pointer.push('/');
            flowgen_runtime::path::push_escaped(&mut pointer, &key);
            if keys.contains(&key) {
                *self.found.borrow_mut() = Some((pointer, key));
                return Err(de::Error::custom("duplicate key"));
            }
            map.next_value_seed(Check {
                pointer,
                found: self.found,
            })?;
            keys.insert(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::duplicate_key;

    #[test]
    fn finds_the_repeated_member_with_its_pointer() {
        let text = "{\"a\": {\"x\": 1,\n \"x\": 2}}";
        let (pointer, key, position) = duplicate_key(text).unwrap_or_default();
        assert_eq!(pointer, "/a/x");
        assert_eq!(key, "x");
        assert!(position.starts_with("line 2 column "), "{position}");
    }

    #[test]
    fn looks_inside_arrays_and_escapes_pointers() {
        let text = r#"[0, {"a/b": {"k": [], "k": {}}}]"#;
        let found = duplicate_key(text).map(|(p, k, _)| (p, k));
        assert_eq!(found, Some(("/1/a~1b/k".to_owned(), "k".to_owned())));
    }

    #[test]
    fn equal_keys_in_different_objects_are_fine() {
        assert_eq!(
            duplicate_key(r#"{"a": {"k": 1}, "b": {"k": 1}, "k": [{"k": 2}]}"#),
            None
        );
        assert_eq!(duplicate_key(r#"["x", "x", 1, 1.5, null, true]"#), None);
    }
}
