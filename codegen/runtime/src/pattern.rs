//! ECMA-262 regular expressions for `pattern` and `patternProperties`.
//!
//! JSON Schema patterns use ECMA-262 syntax, searched unanchored, with Unicode semantics (as
//! the official test suite expects: `\p{Letter}` works and the pattern sees code points).
//! [`translate`] parses the ECMA source and writes an equivalent `fancy_regex` pattern in
//! which every construct whose meaning differs between the two dialects is spelled out:
//!
//! * `\d`, `\w`, `\b` are ASCII-only and `\s` is ECMA's white space and line terminator set,
//!   all written as explicit classes or look-arounds, also inside `[...]`;
//! * `.` excludes exactly the four ECMA line terminators; `^` and `$` only match at the ends;
//! * `[]` never matches and `[^]` matches any character;
//! * named groups become plain groups and `\k<name>` a numbered back-reference (names do not
//!   change whether a pattern matches);
//! * every literal is escaped, so `fancy_regex` syntax (`&&`, `\<`, `(?i)`, ...) can't leak in.
//!
//! Known gap: a back-reference to a group that did not participate fails to match, where
//! ECMA-262 would match the empty string.

use std::fmt;
use std::sync::OnceLock;

use fancy_regex::{Regex, RegexBuilder};

mod ecma;

/// Steps the backtracking engine may take per search before giving up.
const BACKTRACK_LIMIT: usize = 1_000_000;

/// Why a pattern was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    message: String,
    offset: Option<usize>,
}

impl PatternError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            offset: Some(offset),
        }
    }

    /// What is wrong with the pattern.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Byte offset in the ECMA-262 source where the problem was found, when known.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "invalid pattern at byte {offset}: {}", self.message),
            None => write!(f, "invalid pattern: {}", self.message),
        }
    }
}

impl std::error::Error for PatternError {}

/// Translates ECMA-262 syntax into fancy-regex syntax with ECMA semantics.
pub fn translate(source: &str) -> Result<String, PatternError> {
    ecma::translate(source)
}

/// Compiles (translate + build with a backtrack limit). Used at generation time to reject bad patterns.
pub fn compile(source: &str) -> Result<Regex, PatternError> {
    let translated = translate(source)?;
    RegexBuilder::new(&translated)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .map_err(|e| PatternError {
            message: e.to_string(),
            offset: None,
        })
}

/// A lazily compiled pattern, usable in a `static`:
/// `static P: Pattern = Pattern::new("^a+$");`
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Result<Regex, PatternError>>,
}

impl Pattern {
    /// Wraps an ECMA-262 pattern; it is compiled on first use.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The ECMA-262 source, as written in the schema.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// ECMA-262 search semantics. A pattern that fails to compile, or a match that exceeds the
    /// backtrack limit, answers `false` (the value is rejected rather than accepted unchecked).
    pub fn is_match(&self, haystack: &str) -> bool {
        match self.compiled.get_or_init(|| compile(self.source)) {
            Ok(regex) => regex.is_match(haystack).unwrap_or(false),
            Err(_) => false,
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[cfg(test)]
pub(crate) mod tests;
