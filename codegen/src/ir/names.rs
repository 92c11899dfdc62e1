//! Turning JSON names into Rust identifiers: readable, deterministic, never a keyword,
//! never a clash. The JSON name itself is always kept for the wire (`#[serde(rename)]`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Type names that generated code or its readers rely on meaning the usual thing.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Value",
    "Map",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "Serialize",
    "Deserialize",
    "PartialEq",
    "From",
    "TryFrom",
    "Into",
    "Builder",
    "Missing",
];

/// Replaces everything but ASCII letters and digits with word breaks, spelling out
/// other characters (`é` → `u00e9`) so distinct names stay distinct.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

/// A Rust type name (`UpperCamelCase`) for the JSON name `raw`.
pub fn type_name(raw: &str) -> String {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    if RESERVED_TYPES.contains(&s.as_str()) || KEYWORDS.contains(&s.as_str()) {
        s.push_str("Type");
    }
    s
}

/// A Rust field or function name (`snake_case`) for the JSON name `raw`.
pub fn field_name(raw: &str) -> String {
    let mut s = ascii_words(raw).to_snake_case();
    if s.is_empty() {
        s = "empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    // `extra` and `build` are taken by every generated struct's builder.
    if KEYWORDS.contains(&s.as_str()) || s == "extra" || s == "build" {
        s.push('_');
    }
    s
}

/// The Rust module name flowgen gives a flowSpec (or file stem) named `raw`: snake case,
/// never a keyword, and never `rt` (the runtime's alias in generated modules).
pub fn module_name(raw: &str) -> String {
    let mut s = field_name(raw);
    if s == "rt" {
        s.push('_');
    }
    s
}

/// Hands out names unique within one scope, in the order asked: the second `foo_bar`
/// becomes `foo_bar_2`.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// A scope where `taken` are already used.
    pub fn with(taken: &[&str]) -> Self {
        Scope {
            used: taken.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `base`, or `base` with the least number ≥ 2 appended that makes it unique.
    pub fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.used.contains(&name) {
            let snake = base.starts_with(|c: char| c.is_ascii_lowercase());
            let sep = if base.ends_with('_') {
                ""
            } else if snake || base.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            name = format!("{base}{sep}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_punctuation() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("file.delimiter"), "file_delimiter");
        assert_eq!(field_name("x-api-key"), "x_api_key");
        assert_eq!(field_name(""), "empty");
        assert_eq!(field_name("1st"), "n1st");
        assert_eq!(field_name("build"), "build_");
        assert_eq!(module_name("rt"), "rt_");
        assert_eq!(module_name("RT"), "rt_");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name("PGP/GPG"), "PgpGpg");
        assert_eq!(type_name("🚀"), "U1f680");
    }

    #[test]
    fn collisions_get_numbers_in_order() {
        let mut s = Scope::default();
        assert_eq!(s.unique(&field_name("fooBar")), "foo_bar");
        assert_eq!(s.unique(&field_name("foo_bar")), "foo_bar_2");
        assert_eq!(s.unique(&field_name("FooBar")), "foo_bar_3");
    }
}
