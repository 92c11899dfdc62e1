//! Diagnostics: every error and warning names the input file and the JSON pointer of the
//! offending node, and most carry a hint on how to fix it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A place in an input document: the file and an RFC 6901 JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The input file as it was named to the generator.
    pub file: Arc<PathBuf>,
    /// JSON pointer to the node (`""` for the document root).
    pub pointer: String,
}

impl Location {
    /// The root of `file`.
    pub fn root(file: Arc<PathBuf>) -> Self {
        Location {
            file,
            pointer: String::new(),
        }
    }

    /// The location of member `key` below this one.
    pub fn key(&self, key: &str) -> Self {
        let mut pointer = self.pointer.clone();
        pointer.push('/');
        flowgen_runtime::path::push_escaped(&mut pointer, key);
        Location {
            file: self.file.clone(),
            pointer,
        }
    }

    /// The location of element `index` below this one.
    pub fn index(&self, index: usize) -> Self {
        Location {
            file: self.file.clone(),
            pointer: format!("{}/{index}", self.pointer),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file.display(), self.pointer)
    }
}

/// A place in an input text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters.
    pub column: usize,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Generation cannot go on.
    Error,
    /// Generation goes on; something was ignored or approximated.
    Warning,
}

/// One finding about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in which file.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub hint: Option<String>,
    /// The line and column of [`Diagnostic::location`] in its file, when known.
    pub position: Option<Position>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
            position: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            hint: None,
            position: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The text of an input file, for rendering its diagnostics: where its lines start is
/// found once, however many diagnostics it has.
pub struct Source<'s> {
    file: codespan_reporting::files::SimpleFile<String, &'s str>,
}

impl<'s> Source<'s> {
    /// `text`, the contents of `file` (named as diagnostics name it).
    pub fn new(file: &std::path::Path, text: &'s str) -> Self {
        Source {
            file: codespan_reporting::files::SimpleFile::new(file.display().to_string(), text),
        }
    }
}

impl Diagnostic {
    /// The diagnostic as cargo prints one: the level and message, then the file, line and
    /// column with the source line underlined (from `source`, the text of
    /// [`Location::file`]), the JSON pointer and the hint as notes. Without a known
    /// position (or when `source` does not have that line) it is the one-line
    /// [`Display`](fmt::Display) form.
    pub fn render(&self, source: &str) -> String {
        self.render_in(&Source::new(&self.location.file, source))
    }

    /// [`Diagnostic::render`] with the text of [`Location::file`] read into `source`
    /// once for all its diagnostics.
    pub fn render_in(&self, source: &Source<'_>) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
        use codespan_reporting::term::{self, Config};
        let file = &source.file;
        let Some(range) = self.position.and_then(|p| byte_range(file.source(), p)) else {
            return self.to_string();
        };
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut notes = vec![format!("at #{}", self.location.pointer)];
        notes.extend(self.hint.iter().map(|h| format!("hint: {h}")));
        let report = report
            .with_message(&self.message)
            .with_labels(vec![Label::primary((), range)])
            .with_notes(notes);
        term::emit_into_string(&Config::default(), file, &report)
            .map(|s| s.trim_end().to_owned())
            .unwrap_or_else(|_| self.to_string())
    }
}

/// The bytes of `source` from `at` to the end of its line (at least one character).
fn byte_range(source: &str, at: Position) -> Option<std::ops::Range<usize>> {
    let line = source.split_inclusive('\n').nth(at.line.checked_sub(1)?)?;
    let line_start = line.as_ptr() as usize - source.as_ptr() as usize;
    let text = line.trim_end_matches(['\n', '\r']);
    let column = text
        .char_indices()
        .nth(at.column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let end = text.trim_end().len().max(column + 1).min(line.len());
    Some(line_start + column..line_start + end)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some(p) => write!(
                f,
                "{level}: {}:{}:{}: #{}: {}",
                self.location.file.display(),
                p.line,
                p.column,
                self.location.pointer,
                self.message
            )?,
            None => write!(f, "{level}: {}: {}", self.location, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be read or written.
    Io {
        /// The path involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The input is wrong; every problem found is listed.
    Input(Vec<Diagnostic>),
    /// flowgen produced something it cannot format: a bug in flowgen, please report it.
    Internal(String),
}

impl Error {
    /// An input error with one diagnostic.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Error::Input(vec![Diagnostic::error(location, message)])
    }

    /// The diagnostics of an input error (empty for I/O errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Input(d) => d,
            Error::Io { .. } | Error::Internal(_) => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "error: {}: {source}", path.display()),
            Error::Internal(m) => {
                write!(f, "internal error (a flowgen bug; please report it): {m}")
            }
            Error::Input(diags) => {
                for (i, d) in diags.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Input(_) | Error::Internal(_) => None,
        }
    }
}

/// Shorthand for results of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_shows_the_line_and_the_pointer() {
        let source = "a: 1\nb:\n  description:\n";
        let mut d = Diagnostic::warning(
            Location::root(Arc::new(PathBuf::from("x.yaml")))
                .key("b")
                .key("description"),
            "`description` is null",
        )
        .with_hint("write text");
        assert_eq!(d.render(source), d.to_string());
        d.position = Some(Position { line: 3, column: 3 });
        let text = d.render(source);
        assert!(text.starts_with("warning: `description` is null"), "{text}");
        assert!(text.contains("x.yaml:3:3"), "{text}");
        assert!(text.contains("  description:"), "{text}");
        assert!(text.contains("at #/b/description"), "{text}");
        assert!(text.contains("hint: write text"), "{text}");
        assert_eq!(
            d.to_string(),
            "warning: x.yaml:3:3: #/b/description: `description` is null\n  hint: write text"
        );
    }

    #[test]
    fn diagnostics_of_one_source_render_as_they_do_alone() {
        let source = "a: 1\nb:\n  description:\nc: [\n";
        let file = Arc::new(PathBuf::from("x.yaml"));
        let at = |line, column| {
            let mut d = Diagnostic::warning(Location::root(file.clone()).key("b"), "odd");
            d.position = Some(Position { line, column });
            d
        };
        let shared = Source::new(&file, source);
        for d in [at(1, 1), at(3, 3), at(4, 4), at(9, 1)] {
            assert_eq!(d.render_in(&shared), d.render(source));
        }
        assert!(at(3, 3).render_in(&shared).contains("x.yaml:3:3"));
    }
}
