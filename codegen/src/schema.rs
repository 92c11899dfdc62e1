//! The draft-07 schema model shared by the load and IR stages.
//!
//! [`Keywords`] is generic over how a subschema is referred to: the load stage fills it
//! with the [`Location`](crate::diag::Location)s of subschemas, the IR stage with arena ids.

use flowgen_runtime::json::JsonType;
use serde_json::{Number, Value};

/// How a keyword's value holds subschemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    /// One schema (`not`, `additionalProperties`, ...).
    One,
    /// One schema or a list of them (`items`: one for every item, or a tuple).
    OneOrList,
    /// A list of schemas (`allOf`, ...).
    List,
    /// A map of names to schemas (`properties`, ...).
    Map,
    /// A map of names to schemas or to lists of member names (`dependencies`).
    MapOfSchemasOrNames,
}

/// Every keyword whose value holds subschemas: the one table the load, IR and OpenAPI
/// stages walk schemas by. The flag says whether draft-07 knows the keyword; the others
/// come from later drafts (OpenAPI 3.1 writes 2020-12) and are rewritten or refused
/// before the IR sees a schema.
pub(crate) const SUBSCHEMA_KEYWORDS: &[(&str, Holds, bool)] = &[
    ("additionalItems", Holds::One, true),
    ("contains", Holds::One, true),
    ("additionalProperties", Holds::One, true),
    ("propertyNames", Holds::One, true),
    ("if", Holds::One, true),
    ("then", Holds::One, true),
    ("else", Holds::One, true),
    ("not", Holds::One, true),
    ("items", Holds::OneOrList, true),
    ("allOf", Holds::List, true),
    ("anyOf", Holds::List, true),
    ("oneOf", Holds::List, true),
    ("definitions", Holds::Map, true),
    ("properties", Holds::Map, true),
    ("patternProperties", Holds::Map, true),
    ("dependencies", Holds::MapOfSchemasOrNames, true),
    ("unevaluatedProperties", Holds::One, false),
    ("unevaluatedItems", Holds::One, false),
    ("prefixItems", Holds::List, false),
    ("$defs", Holds::Map, false),
    ("dependentSchemas", Holds::Map, false),
];

/// How `keyword` holds subschemas, if it does; `later_drafts` admits the keywords
/// draft-07 does not know.
pub(crate) fn subschemas_held_by(keyword: &str, later_drafts: bool) -> Option<Holds> {
    SUBSCHEMA_KEYWORDS
        .iter()
        .find(|(k, _, draft07)| *k == keyword && (*draft07 || later_drafts))
        .map(|(_, holds, _)| *holds)
}

/// The keywords (of any draft) that hold subschemas as `holds` does.
pub(crate) fn keywords_holding(holds: Holds) -> impl Iterator<Item = &'static str> {
    SUBSCHEMA_KEYWORDS
        .iter()
        .filter(move |(_, h, _)| *h == holds)
        .map(|(k, _, _)| *k)
}

/// The `items` keyword: one schema for every item, or a tuple of schemas.
#[derive(Debug, Clone, PartialEq)]
pub enum Items<C> {
    /// Every item matches this schema.
    All(C),
    /// Item `i` matches schema `i`; `additionalItems` governs the rest.
    Tuple(Vec<C>),
}

/// One entry of `dependencies`.
#[derive(Debug, Clone, PartialEq)]
pub enum Dependency<C> {
    /// When the property is present, these must be too.
    Properties(Vec<String>),
    /// When the property is present, the whole object must match this schema.
    Schema(C),
}

/// Every draft-07 keyword of one schema object. `C` names a subschema.
#[derive(Debug, Clone, PartialEq)]
pub struct Keywords<C> {
    /// `$id`, as written.
    pub id: Option<String>,
    /// `$ref`: in draft-07 it replaces every sibling keyword.
    pub reference: Option<C>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `default` (documentation only; never injected into data).
    pub default: Option<Value>,
    /// `type`, as a set (a single type is a one-element set).
    pub types: Option<Vec<JsonType>>,
    /// `enum`.
    pub enumeration: Option<Vec<Value>>,
    /// `const`.
    pub constant: Option<Value>,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
    /// `maximum`.
    pub maximum: Option<Number>,
    /// `exclusiveMaximum` (the draft-06+ numeric form).
    pub exclusive_maximum: Option<Number>,
    /// `minimum`.
    pub minimum: Option<Number>,
    /// `exclusiveMinimum` (the draft-06+ numeric form).
    pub exclusive_minimum: Option<Number>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `pattern` (ECMA-262).
    pub pattern: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `contentEncoding` (e.g. `base64`).
    pub content_encoding: Option<String>,
    /// `contentMediaType` (e.g. `application/json`).
    pub content_media_type: Option<String>,
    /// `items`.
    pub items: Option<Items<C>>,
    /// `additionalItems`.
    pub additional_items: Option<C>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `contains`.
    pub contains: Option<C>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `required`, in order, without duplicates.
    pub required: Vec<String>,
    /// `properties`, in document order.
    pub properties: Vec<(String, C)>,
    /// `patternProperties`, in document order.
    pub pattern_properties: Vec<(String, C)>,
    /// `additionalProperties`.
    pub additional_properties: Option<C>,
    /// `dependencies`, in document order.
    pub dependencies: Vec<(String, Dependency<C>)>,
    /// `propertyNames`.
    pub property_names: Option<C>,
    /// `if`.
    pub if_: Option<C>,
    /// `then`.
    pub then: Option<C>,
    /// `else`.
    pub else_: Option<C>,
    /// `allOf`.
    pub all_of: Vec<C>,
    /// `anyOf` (`None` when absent; never empty when present).
    pub any_of: Option<Vec<C>>,
    /// `oneOf` (`None` when absent; never empty when present).
    pub one_of: Option<Vec<C>>,
    /// `not`.
    pub not: Option<C>,
    /// `definitions`, in document order.
    pub definitions: Vec<(String, C)>,
}

impl<C> Default for Keywords<C> {
    fn default() -> Self {
        Keywords {
            id: None,
            reference: None,
            title: None,
            description: None,
            default: None,
            types: None,
            enumeration: None,
            constant: None,
            multiple_of: None,
            maximum: None,
            exclusive_maximum: None,
            minimum: None,
            exclusive_minimum: None,
            max_length: None,
            min_length: None,
            pattern: None,
            format: None,
            content_encoding: None,
            content_media_type: None,
            items: None,
            additional_items: None,
            max_items: None,
            min_items: None,
            unique_items: false,
            contains: None,
            max_properties: None,
            min_properties: None,
            required: Vec::new(),
            properties: Vec::new(),
            pattern_properties: Vec::new(),
            additional_properties: None,
            dependencies: Vec::new(),
            property_names: None,
            if_: None,
            then: None,
            else_: None,
            all_of: Vec::new(),
            any_of: None,
            one_of: None,
            not: None,
            definitions: Vec::new(),
        }
    }
}

impl<C> Keywords<C> {
    /// The same keywords with every subschema reference mapped through `f`.
    pub fn try_map<D, E>(self, mut f: impl FnMut(C) -> Result<D, E>) -> Result<Keywords<D>, E> {
        let mut pairs = |v: Vec<(String, C)>| -> Result<Vec<(String, D)>, E> {
            v.into_iter().map(|(k, c)| Ok((k, f(c)?))).collect()
        };
        let definitions = pairs(self.definitions)?;
        let properties = pairs(self.properties)?;
        let pattern_properties = pairs(self.pattern_properties)?;
        let opt = |c: Option<C>, f: &mut dyn FnMut(C) -> Result<D, E>| c.map(f).transpose();
        let reference = opt(self.reference, &mut f)?;
        let additional_properties = opt(self.additional_properties, &mut f)?;
        let property_names = opt(self.property_names, &mut f)?;
        let dependencies = self
            .dependencies
            .into_iter()
            .map(|(k, d)| {
                Ok((
                    k,
                    match d {
                        Dependency::Properties(p) => Dependency::Properties(p),
                        Dependency::Schema(c) => Dependency::Schema(f(c)?),
                    },
                ))
            })
            .collect::<Result<Vec<_>, E>>()?;
        let items = match self.items {
            Some(Items::All(c)) => Some(Items::All(f(c)?)),
            Some(Items::Tuple(cs)) => Some(Items::Tuple(
                cs.into_iter().map(&mut f).collect::<Result<_, E>>()?,
            )),
            None => None,
        };
        let additional_items = opt(self.additional_items, &mut f)?;
        let contains = opt(self.contains, &mut f)?;
        let all_of = self
            .all_of
            .into_iter()
            .map(&mut f)
            .collect::<Result<_, E>>()?;
        let any_of = match self.any_of {
            Some(v) => Some(v.into_iter().map(&mut f).collect::<Result<_, E>>()?),
            None => None,
        };
        let one_of = match self.one_of {
            Some(v) => Some(v.into_iter().map(&mut f).collect::<Result<_, E>>()?),
            None => None,
        };
        let not = opt(self.not, &mut f)?;
        let if_ = opt(self.if_, &mut f)?;
        let then = opt(self.then, &mut f)?;
        let else_ = opt(self.else_, &mut f)?;
        Ok(Keywords {
            id: self.id,
            reference,
            title: self.title,
            description: self.description,
            default: self.default,
            types: self.types,
            enumeration: self.enumeration,
            constant: self.constant,
            multiple_of: self.multiple_of,
            maximum: self.maximum,
            exclusive_maximum: self.exclusive_maximum,
            minimum: self.minimum,
            exclusive_minimum: self.exclusive_minimum,
            max_length: self.max_length,
            min_length: self.min_length,
            pattern: self.pattern,
            format: self.format,
            content_encoding: self.content_encoding,
            content_media_type: self.content_media_type,
            items,
            additional_items,
            max_items: self.max_items,
            min_items: self.min_items,
            unique_items: self.unique_items,
            contains,
            max_properties: self.max_properties,
            min_properties: self.min_properties,
            required: self.required,
            properties,
            pattern_properties,
            additional_properties,
            dependencies,
            property_names,
            if_,
            then,
            else_,
            all_of,
            any_of,
            one_of,
            not,
            definitions,
        })
    }
}
