//! [`PartKey`]: which typed part of a flowSpec or connectionSpec a value is checked
//! against. The generator's loader, the registries of generated crates and the HTTP layer
//! all name parts with it; its text form (`"scheduleSpec"`, `"transformation:Copy"`,
//! `"auth:Basic Authentication"`) is what users see and may type.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// One typed part of a flowSpec or a connectionSpec.
///
/// Names are [`Cow`]s so that generated registries can list their keys in statics
/// ([`PartKey::transformation`] and friends are `const`) while parsed keys own their text.
///
/// ```
/// use flowgen_runtime::PartKey;
///
/// let key: PartKey = "transformation:Copy".parse().unwrap();
/// assert_eq!(key, PartKey::transformation("Copy"));
/// assert_eq!(key.to_string(), "transformation:Copy");
/// assert_eq!("scheduleSpec".parse::<PartKey>(), Ok(PartKey::Schedule));
/// assert!("schedule".parse::<PartKey>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartKey {
    /// A flowSpec's `optionSpec`: a flow's `options`.
    Options,
    /// A flowSpec's `scheduleSpec`: a flow's `scheduleParams`.
    Schedule,
    /// A flowSpec's `runSpec`: a run's `providerParams`.
    Run,
    /// One entry of a flowSpec's `transformationSpec[]`, by its `name`: a transformation's
    /// `params`.
    Transformation(Cow<'static, str>),
    /// One entry of a connectionSpec's `authSpec[]`, by its `name`: a base connection's
    /// `auth.params`.
    Auth(Cow<'static, str>),
    /// A connectionSpec's `sourceSpec`: a source connection's `params`.
    Source,
    /// A connectionSpec's `targetSpec`: a target connection's `params`.
    Target,
    /// A connectionSpec's `exploreSpec.requestSpec`.
    ExploreRequest,
    /// One entry of a connectionSpec's `exploreSpec.responseSpec`, by object type
    /// (`file/<file type>` when nested by file type).
    ExploreResponse(Cow<'static, str>),
}

/// The parts a spec has at most once, with the name users see: the one table both
/// directions of the text form read.
const SINGLE_PARTS: [(PartKey, &str); 6] = [
    (PartKey::Options, "optionSpec"),
    (PartKey::Schedule, "scheduleSpec"),
    (PartKey::Run, "runSpec"),
    (PartKey::Source, "sourceSpec"),
    (PartKey::Target, "targetSpec"),
    (PartKey::ExploreRequest, "exploreSpec:request"),
];

/// Makes the key of a part a spec lists by name, from the name.
type NamedKey = fn(Cow<'static, str>) -> PartKey;

/// The parts a spec lists by name: the prefix of their text form and the key for a name.
const NAMED_PARTS: [(&str, NamedKey); 3] = [
    ("transformation:", PartKey::Transformation),
    ("auth:", PartKey::Auth),
    ("exploreSpec:", PartKey::ExploreResponse),
];

impl PartKey {
    /// The transformation named `name`.
    pub const fn transformation(name: &'static str) -> Self {
        PartKey::Transformation(Cow::Borrowed(name))
    }

    /// The authSpec entry named `name`.
    pub const fn auth(name: &'static str) -> Self {
        PartKey::Auth(Cow::Borrowed(name))
    }

    /// The explore response for `object_type`.
    pub const fn explore_response(object_type: &'static str) -> Self {
        PartKey::ExploreResponse(Cow::Borrowed(object_type))
    }

    /// The name of a part a spec lists by name (transformation, authSpec entry, explore
    /// object type); `None` for the others.
    pub fn name(&self) -> Option<&str> {
        match self {
            PartKey::Transformation(n) | PartKey::Auth(n) | PartKey::ExploreResponse(n) => Some(n),
            _ => None,
        }
    }

    /// The key with its name copied, so it no longer borrows.
    pub fn into_owned(self) -> PartKey {
        let owned = |n: Cow<'static, str>| Cow::Owned(n.into_owned());
        match self {
            PartKey::Transformation(n) => PartKey::Transformation(owned(n)),
            PartKey::Auth(n) => PartKey::Auth(owned(n)),
            PartKey::ExploreResponse(n) => PartKey::ExploreResponse(owned(n)),
            other => other,
        }
    }
}

impl fmt::Display for PartKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((_, text)) = SINGLE_PARTS.iter().find(|(k, _)| k == self) {
            return f.write_str(text);
        }
        let prefix = match self {
            PartKey::Transformation(_) => NAMED_PARTS[0].0,
            PartKey::Auth(_) => NAMED_PARTS[1].0,
            _ => NAMED_PARTS[2].0,
        };
        write!(f, "{prefix}{}", self.name().unwrap_or_default())
    }
}

/// A text that names no part: not one of `optionSpec`, `scheduleSpec`, `runSpec`,
/// `sourceSpec`, `targetSpec`, `exploreSpec:request`, and not `transformation:<name>`,
/// `auth:<name>` or `exploreSpec:<object type>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPartKey(pub String);

impl fmt::Display for UnknownPartKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} names no part of a flowSpec or connectionSpec",
            self.0
        )
    }
}

impl std::error::Error for UnknownPartKey {}

impl From<std::convert::Infallible> for UnknownPartKey {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl FromStr for PartKey {
    type Err = UnknownPartKey;

    fn from_str(text: &str) -> Result<Self, UnknownPartKey> {
        if let Some((key, _)) = SINGLE_PARTS.iter().find(|(_, t)| *t == text) {
            return Ok(key.clone());
        }
        NAMED_PARTS
            .iter()
            .find_map(|(prefix, key)| {
                let name = text.strip_prefix(prefix)?;
                Some(key(Cow::Owned(name.to_owned())))
            })
            .ok_or_else(|| UnknownPartKey(text.to_owned()))
    }
}

impl TryFrom<&str> for PartKey {
    type Error = UnknownPartKey;
    fn try_from(text: &str) -> Result<Self, UnknownPartKey> {
        text.parse()
    }
}

impl TryFrom<String> for PartKey {
    type Error = UnknownPartKey;
    fn try_from(text: String) -> Result<Self, UnknownPartKey> {
        text.parse()
    }
}

impl TryFrom<&String> for PartKey {
    type Error = UnknownPartKey;
    fn try_from(text: &String) -> Result<Self, UnknownPartKey> {
        text.parse()
    }
}

impl TryFrom<&PartKey> for PartKey {
    type Error = UnknownPartKey;
    fn try_from(key: &PartKey) -> Result<Self, UnknownPartKey> {
        Ok(key.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_from_its_text() {
        let keys = [
            PartKey::Options,
            PartKey::Schedule,
            PartKey::Run,
            PartKey::transformation("Copy"),
            PartKey::auth("Basic Authentication"),
            PartKey::Source,
            PartKey::Target,
            PartKey::ExploreRequest,
            PartKey::explore_response("file/delimited"),
        ];
        let texts: Vec<String> = keys.iter().map(PartKey::to_string).collect();
        assert_eq!(
            texts,
            [
                "optionSpec",
                "scheduleSpec",
                "runSpec",
                "transformation:Copy",
                "auth:Basic Authentication",
                "sourceSpec",
                "targetSpec",
                "exploreSpec:request",
                "exploreSpec:file/delimited"
            ]
        );
        for (key, text) in keys.iter().zip(&texts) {
            assert_eq!(text.parse::<PartKey>().as_ref(), Ok(key));
        }
    }

    #[test]
    fn unknown_texts_are_refused_with_the_text() {
        for text in [
            "",
            "schedule",
            "ScheduleSpec",
            "transformation",
            "exploreSpec",
        ] {
            assert_eq!(
                text.parse::<PartKey>(),
                Err(UnknownPartKey(text.to_owned()))
            );
        }
        // An empty name is a name (the registry then says the spec has no such part).
        assert_eq!(
            "auth:".parse(),
            Ok(PartKey::Auth(Cow::Owned(String::new())))
        );
    }

    #[test]
    fn borrowed_and_owned_names_are_equal() {
        let owned = PartKey::Transformation(Cow::Owned("Copy".into()));
        assert_eq!(owned, PartKey::transformation("Copy"));
        assert_eq!(PartKey::transformation("Copy").into_owned(), owned);
        assert_eq!(owned.name(), Some("Copy"));
        assert_eq!(PartKey::Schedule.name(), None);
    }
}
