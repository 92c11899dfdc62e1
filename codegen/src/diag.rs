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
