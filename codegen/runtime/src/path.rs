//! Instance locations, built on the stack while validating and turned into a JSON
//! pointer only when an error is reported.

use std::fmt;

/// One step from a JSON value into one of its children.
#[derive(Debug, Clone, Copy)]
pub enum Segment<'a> {
    /// The document root.
    Root,
    /// An object member.
    Key(&'a str),
    /// An array element.
    Index(usize),
}

/// The location of the value being validated: a chain of [`Segment`]s back to the root.
///
/// Creating a child location costs nothing but a stack slot; nothing is allocated until
/// [`Path::to_pointer`] is called for an error.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

impl Default for Path<'_> {
    fn default() -> Self {
        Self::root()
    }
}

impl<'a> Path<'a> {
    /// The root of the instance.
    pub const fn root() -> Self {
        Path {
            parent: None,
            segment: Segment::Root,
        }
    }

    /// The location of member `key` of the object at this location.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The location of element `index` of the array at this location.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// This location as an RFC 6901 JSON pointer (`""` for the root).
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    /// Appends this location's pointer to `out`, the root's segments first. It recurses
    /// once per level, as deep as the validator that built the path did.
    pub(crate) fn write_pointer(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_pointer(out);
        }
        match self.segment {
            Segment::Root => {}
            Segment::Key(k) => {
                out.push('/');
                push_escaped(out, k);
            }
            Segment::Index(i) => {
                use fmt::Write as _;
                out.push('/');
                // Writing into a `String` cannot fail.
                let _ = write!(out, "{i}");
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_pointer())
    }
}

/// Appends `token` to `out` escaped as a JSON pointer reference token (`~` → `~0`, `/` → `~1`).
pub fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_nest() {
        let root = Path::root();
        assert_eq!(root.to_pointer(), "");
        let a = root.key("a/b");
        let b = a.index(3);
        let c = b.key("~x");
        assert_eq!(c.to_pointer(), "/a~1b/3/~0x");
    }
}
