//! A connectionSpec module: its schemas' types (one unit per connectionSpec, through the
//! same load → IR → emit pipeline as flowSpecs), its identity constants, the `Auth` enum
//! over its authSpec entries, the part validator, its registry entry and the `Spec`
//! marker that types connections; and the `connection_specs` registry over them all.

use super::named::{NamedEnum, Variant};
use super::shared::{PartKind, Shared};
use super::tokens::{ident, rt};
use super::{Module, ModuleKind};
use crate::diag::{Diagnostic, Result};
use crate::ir::names::{type_name, Scope};
use crate::ir::parts::PartRoot;
use crate::ir::refs::Remotes;
use crate::load::connectionspec::{lint, ConnectionSpec};
use crate::load::Document;
use flowgen_runtime::PartKey;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) mod secrets;

/// Names a connectionSpec module's own items take.
pub(crate) const TAKEN: &[&str] = &["Auth", "Spec"];

/// What shapes a connectionSpec part's types besides its schema: its secrets are marked.
pub(crate) const PART_KIND: PartKind<'static> = PartKind {
    salt: "connectionSpec",
    taken: TAKEN,
    finish: secrets::mark,
};

/// The Rust type name of each part's root type.
pub fn root_name(key: &PartKey) -> String {
    match key {
        PartKey::Auth(n) => format!("{}Params", type_name(n)),
        PartKey::Source => "SourceParams".into(),
        PartKey::Target => "TargetParams".into(),
        PartKey::ExploreRequest => "ExploreRequest".into(),
        PartKey::ExploreResponse(k) => format!("Explore{}", type_name(k)),
        // Not connectionSpec parts: the loader never gives them to a connectionSpec.
        other => format!("{}Params", type_name(&other.to_string())),
    }
}

/// The type a part's `params` take in a connectionSpec module.
enum PartType<'a> {
    /// The root type of a part with a schema: its name in the module, and the shared
    /// module that defines it (two names in one module may be one type).
    Root { alias: &'a str, module: &'a str },
    /// A source or target part without a schema: the module's `SourceParams` or
    /// `TargetParams` alias of `Untyped`.
    Alias(&'static str),
    /// Any other part without a schema: [`rt`]'s `Untyped`.
    Untyped,
}

impl PartType<'_> {
    fn tokens(&self) -> TokenStream {
        match self {
            PartType::Root { alias: name, .. } | PartType::Alias(name) => {
                let i = ident(name);
                quote!(#i)
            }
            PartType::Untyped => {
                let rt = rt();
                quote!(#rt::connection::Untyped)
            }
        }
    }
}

/// The type of each part: for a part with a schema, its root type (`roots`, the name
/// and shared module of each such part, in order).
fn part_types<'a>(spec: &ConnectionSpec, roots: &'a [(String, String)]) -> Vec<PartType<'a>> {
    let mut roots = roots.iter();
    spec.parts
        .iter()
        .map(|p| match (&p.schema, &p.key) {
            (Some(_), _) => match roots.next() {
                Some((alias, module)) => PartType::Root { alias, module },
                None => PartType::Untyped,
            },
            (None, PartKey::Source) => PartType::Alias("SourceParams"),
            (None, PartKey::Target) => PartType::Alias("TargetParams"),
            (None, _) => PartType::Untyped,
        })
        .collect()
}

/// The root of each part of `spec` that has a schema, in module `module`.
pub fn roots(spec: &ConnectionSpec, module: &str) -> Vec<PartRoot> {
    spec.parts
        .iter()
        .enumerate()
        .filter_map(|(i, part)| {
            Some(PartRoot {
                pointer: part.schema.as_ref()?.pointer.clone(),
                base: format!("connection_specs/{module}/{i}"),
                type_name: root_name(&part.key),
            })
        })
        .collect()
}

/// The module for `spec`, found in `doc`, named `module`: its constants, `Auth` enum,
/// `Spec` marker and registry entry, and a `pub use` of each part's types, which go to
/// `shared` (made there the first time a part with that schema is met).
pub fn module(
    doc: &Document,
    spec: &ConnectionSpec,
    module: &str,
    formats: bool,
    remotes: &Remotes,
    shared: &mut Shared,
) -> Result<(Module, Vec<Diagnostic>)> {
    let roots = roots(spec, module);
    let units = crate::ir::parts::units(remotes, doc, &roots)?;
    let kind = PART_KIND;
    let mut scope = Scope::with(TAKEN);
    let (mut uses, mut aliases, mut reexports) = (Vec::new(), Vec::new(), Vec::new());
    let mut warnings = lint(doc, spec);
    let with_schema = spec.parts.iter().filter_map(|p| p.schema.as_ref());
    for ((location, unit), root) in with_schema.zip(&units).zip(&roots) {
        let named =
            shared.name_part(unit, &kind, formats, location, &root.type_name, &mut scope)?;
        reexports.push(named.reexport);
        aliases.push((named.alias, named.made.module.clone()));
        uses.push(named.made.module);
        warnings.extend(unit.warnings.iter().cloned());
    }
    let mut seen = std::collections::BTreeSet::new();
    warnings.retain(|d| seen.insert(d.to_string()));
    let extra = items(spec, &aliases, &reexports);
    let doc_text = format!(
        "The connectionSpec `{}` (`{}`), generated from `{}`.\n\nIts parts: {}.",
        spec.name,
        spec.id,
        spec.location.file.display(),
        if spec.parts.is_empty() {
            "none".to_owned()
        } else {
            spec.parts
                .iter()
                .map(|p| format!("`{}`", p.key))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    Ok((
        Module {
            name: module.to_owned(),
            kind: ModuleKind::ConnectionSpec,
            source: (*spec.location.file).clone(),
            doc: doc_text,
            body: super::Items::single(extra),
            files: Vec::new(),
            samples: Vec::new(),
            shared: uses,
        },
        warnings,
    ))
}

/// The items of a connectionSpec module: `roots` name the root types of the parts with a
/// schema (with their shared modules), `reexports` are the `pub use`s of the parts' types.
fn items(
    spec: &ConnectionSpec,
    roots: &[(String, String)],
    reexports: &[TokenStream],
) -> TokenStream {
    let rt = rt();
    let id = &spec.id;
    let name = &spec.name;
    let version = match &spec.version {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let keys: Vec<PartKey> = spec.parts.iter().map(|p| p.key.clone()).collect();
    let part_types = part_types(spec, roots);
    let auth = auth_enum(spec, &part_types);
    let aliases = spec.parts.iter().filter(|p| p.schema.is_none()).filter_map(|p| {
        let (alias, what) = match p.key {
            PartKey::Source => ("SourceParams", "source"),
            PartKey::Target => ("TargetParams", "target"),
            _ => return None,
        };
        let alias = ident(alias);
        let doc = format!(" A {what} connection's `params`: the connectionSpec gives no schema, so any JSON value goes.");
        Some(quote!(#[doc = #doc] pub type #alias = #rt::connection::Untyped;))
    });
    let type_tokens: Vec<TokenStream> = part_types.iter().map(PartType::tokens).collect();
    let part_validator = super::tokens::part_validator("connectionSpec", &keys, &type_tokens);
    let assoc = |key: &PartKey, name: &str| {
        let n = ident(name);
        if spec.has(key) {
            quote!(#n)
        } else {
            quote!(#rt::connection::NoPart)
        }
    };
    let has_auth = spec.parts.iter().any(|p| matches!(p.key, PartKey::Auth(_)));
    let auth_ty = if has_auth {
        quote!(Auth)
    } else {
        quote!(#rt::connection::NoPart)
    };
    let source_ty = assoc(&PartKey::Source, "SourceParams");
    let target_ty = assoc(&PartKey::Target, "TargetParams");
    let spec_doc = super::tokens::doc_lines(&format!(
        "The connectionSpec `{name}` as a type: `TypedConnection<Spec>`,\n`TypedSourceConnection<Spec>` and `TypedTargetConnection<Spec>` (in\n`flowgen_runtime::connection`) take this module's `Auth`, `SourceParams` and\n`TargetParams`."
    ));
    quote! {
        /// The connectionSpec's id.
        pub const ID: &str = #id;
        /// The connectionSpec's name.
        pub const NAME: &str = #name;
        /// The connectionSpec's version, when it states one.
        pub const VERSION: Option<&str> = #version;
        #part_validator

        #(#reexports)*
        #auth
        #(#aliases)*

        /// This connectionSpec's registry entry.
        pub static ENTRY: #rt::ConnectionSpecEntry =
            #rt::ConnectionSpecEntry::new(ID, NAME, VERSION, PARTS, validate_part);

        #spec_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Spec;
        impl #rt::connection::ConnectionSpecTypes for Spec {
            const ID: &'static str = ID;
            const NAME: &'static str = NAME;
            const VERSION: Option<&'static str> = VERSION;
            type Auth = #auth_ty;
            type SourceParams = #source_ty;
            type TargetParams = #target_ty;
        }
    }
}

fn auth_enum(spec: &ConnectionSpec, part_types: &[PartType<'_>]) -> TokenStream {
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    let mut modules = Vec::new();
    for (part, ty) in spec.parts.iter().zip(part_types) {
        if let PartKey::Auth(n) = &part.key {
            variants.push(Variant {
                wire: n.to_string(),
                ident: ident(&scope.unique(&type_name(n))),
                params: ty.tokens(),
                doc: format!(" Authenticates with the `{n}` authSpec entry."),
            });
            modules.push(match ty {
                PartType::Root { module, .. } => Some(*module),
                PartType::Alias(_) | PartType::Untyped => None,
            });
        }
    }
    // A `From` for each params type that only one entry holds: entries without a schema
    // all hold `Untyped`, and two entries whose schemas are one shared type hold it under
    // two names.
    let mut froms = Vec::new();
    for (v, module) in variants.iter().zip(&modules) {
        let alone = module.is_some_and(|m| modules.iter().filter(|o| **o == Some(m)).count() == 1);
        if alone {
            let (id, p) = (&v.ident, &v.params);
            froms.push(quote! {
                impl From<#p> for Auth {
                    fn from(value: #p) -> Self {
                        Self::#id(value)
                    }
                }
            });
        }
    }
    let named = NamedEnum {
        name: "Auth",
        key: "specName",
        doc: "A base connection's `auth`, written `{\"specName\": ..., \"params\": {...}}`: one\nvariant per authSpec entry, its params checked against the entry's spec.",
        accessor: ("spec_name", " The authSpec entry's name (`specName`)."),
        methods: quote!(),
        variants,
    }
    .tokens();
    quote! {
        #named
        #(#froms)*
    }
}

/// The body of the `connection_specs` module: the registry over `modules` (their Rust
/// names).
pub fn registry(modules: &[String], cfgs: &[TokenStream]) -> TokenStream {
    super::tokens::registry(
        "ConnectionSpecEntry",
        "connectionSpec",
        "module name order",
        modules,
        cfgs,
    )
}
