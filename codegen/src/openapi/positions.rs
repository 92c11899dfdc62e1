//! Where each node of a YAML (or JSON) text stands: JSON pointer → line and column, so a
//! diagnostic can name the line as well as the pointer.
//!
//! The text is parsed a second time with `yaml-rust2`'s event parser, whose events carry
//! marks (`serde_norway` keeps none). A member's place is its key's; an item's, the
//! item's start. The index is a best effort: text that parser does not read gives an
//! empty index, and a pointer not in it (a member a merge key brought in) takes the
//! place of its nearest ancestor.

use super::swagger2::Origins;
use crate::diag::{Diagnostic, Position};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Pointer → position of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions {
    places: HashMap<String, Position>,
}

impl Positions {
    /// The positions of every node of `text` (none when it cannot be parsed).
    pub fn index(text: &str) -> Positions {
        let mut walk = Walk::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut walk, false).is_err() {
            return Positions::default();
        }
        Positions {
            places: walk.places,
        }
    }

    /// The position of the node at `pointer`, or of its nearest ancestor in the index.
    pub fn find(&self, pointer: &str) -> Option<Position> {
        let mut p = pointer;
        loop {
            if let Some(at) = self.places.get(p) {
                return Some(*at);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// How to find where a node of a loaded description stands in its text.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// The file (as named in diagnostics).
    pub file: Arc<PathBuf>,
    /// Its positions.
    pub positions: Positions,
    /// For a Swagger 2.0 document: where the rewritten nodes came from.
    pub origins: Option<Origins>,
}

impl Places {
    /// Points `d` (if it is about this file) at the original pointer, with its line and
    /// column.
    pub fn place(&self, d: &mut Diagnostic) {
        if d.location.file != self.file {
            return;
        }
        if let Some(origins) = &self.origins {
            d.location.pointer = origins.original(&d.location.pointer);
        }
        if d.position.is_none() {
            d.position = self.positions.find(&d.location.pointer);
        }
    }
}

enum Frame {
    Map {
        pointer: String,
        key: Option<String>,
    },
    Seq {
        pointer: String,
        next: usize,
    },
    /// A mapping or sequence used as a key (JSON has none): skipped.
    Skip(usize),
}

#[derive(Default)]
struct Walk {
    places: HashMap<String, Position>,
    stack: Vec<Frame>,
    /// Whether the document's root has been seen (only the first document counts).
    done: bool,
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl Walk {
    fn position(mark: Marker) -> Position {
        Position {
            line: mark.line(),
            column: mark.col() + 1,
        }
    }

    /// Starts a value node at `mark`: its pointer, or `None` when it is a key (or skipped).
    fn value(&mut self, mark: Marker, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                if self.done {
                    return None;
                }
                self.done = true;
                self.places.insert(String::new(), Self::position(mark));
                Some(String::new())
            }
            Some(Frame::Skip(_)) => None,
            Some(Frame::Map { pointer, key }) => match key.take() {
                None => {
                    // A key.
                    let k = scalar.unwrap_or("?");
                    let p = format!("{pointer}/{}", escape(k));
                    let here = Self::position(mark);
                    self.places.insert(p, here);
                    // A block mapping's start mark can lie after its first key.
                    if let Some(start) = self.places.get_mut(pointer.as_str()) {
                        *start = (*start).min(here);
                    }
                    *key = Some(k.to_owned());
                    None
                }
                Some(k) => Some(format!("{pointer}/{}", escape(&k))),
            },
            Some(Frame::Seq { pointer, next }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                self.places.insert(p.clone(), Self::position(mark));
                Some(p)
            }
        }
    }

    /// Whether the next collection start is a key (a complex key).
    fn at_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
            || matches!(self.stack.last(), Some(Frame::Skip(_)))
    }
}

impl MarkedEventReceiver for Walk {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, ..) => {
                self.value(mark, Some(&text));
            }
            Event::Alias(_) => {
                self.value(mark, None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                if self.at_key() {
                    let depth = match self.stack.last() {
                        Some(Frame::Skip(d)) => d + 1,
                        _ => 1,
                    };
                    self.stack.push(Frame::Skip(depth));
                    return;
                }
                let Some(pointer) = self.value(mark, None) else {
                    self.stack.push(Frame::Skip(1));
                    return;
                };
                self.stack.push(if is_map {
                    Frame::Map { pointer, key: None }
                } else {
                    Frame::Seq { pointer, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Skip(1)) = self.stack.pop() {
                    // A complex key ends: its value comes next.
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        if key.is_none() {
                            *key = Some("?".to_owned());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(p: &Positions, pointer: &str) -> (usize, usize) {
        let x = p.find(pointer).unwrap_or_default();
        (x.line, x.column)
    }

    #[test]
    fn yaml_members_and_items_have_their_lines() {
        let text = "openapi: 3.0.0\npaths:\n  /a/{b}:\n    get:\n      parameters:\n        - name: b\n          in: path\n      responses:\n        200:\n          description:\n";
        let p = Positions::index(text);
        assert_eq!(at(&p, "/openapi"), (1, 1));
        assert_eq!(at(&p, "/paths/~1a~1{b}/get"), (4, 5));
        assert_eq!(at(&p, "/paths/~1a~1{b}/get/parameters/0"), (6, 11));
        assert_eq!(at(&p, "/paths/~1a~1{b}/get/parameters/0/in"), (7, 11));
        assert_eq!(
            at(&p, "/paths/~1a~1{b}/get/responses/200/description"),
            (10, 11)
        );
        // Unknown pointers take their nearest ancestor's place.
        assert_eq!(at(&p, "/paths/~1a~1{b}/get/nothing/here"), (4, 5));
    }

    #[test]
    fn json_and_flow_style_too() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": null}]},\n  \"d~e\": 2\n}\n";
        let p = Positions::index(text);
        assert_eq!(at(&p, "/a/b/1/c"), (2, 19));
        assert_eq!(at(&p, "/d~0e"), (3, 3));
    }

    #[test]
    fn unreadable_text_gives_no_positions() {
        assert!(Positions::index("a: [1,").is_empty());
    }
}
