//! What a flowSpec module has besides its schema types: its identity constants, the
//! enum over its transformations, the part validator and its registry entry; and the
//! `flow_specs` module that lists them all.

use super::named::{NamedEnum, Variant};
use super::shared::{PartKind, Shared, SharedPart};
use super::tokens::{ident, rt};
use super::{Items, Module, ModuleKind};
use crate::diag::{Diagnostic, Error, Result};
use crate::ir::names::{type_name, Scope};
use crate::ir::parts::PartRoot;
use crate::ir::refs::Remotes;
use crate::ir::Unit;
use crate::load::{Document, FlowSpec};
use flowgen_runtime::PartKey;
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type name of each part's root type.
pub fn root_name(key: &PartKey) -> String {
    match key {
        PartKey::Options => "Options".into(),
        PartKey::Schedule => "Schedule".into(),
        PartKey::Run => "RunParams".into(),
        PartKey::Transformation(n) => format!("{}Params", type_name(n)),
        // Not flowSpec parts: the loader never gives them to a flowSpec.
        other => format!("{}Params", type_name(&other.to_string())),
    }
}

/// The names a flowSpec module's own items take, which no schema type may.
pub const TAKEN: &[&str] = &["Transformation"];

/// What shapes a flowSpec part's types besides its schema.
pub(crate) const PART_KIND: PartKind<'static> = PartKind {
    salt: "flowSpec",
    taken: TAKEN,
    finish: |_, _, _| {},
};

/// The root of each part of `spec`, in module `module`.
pub fn roots(spec: &FlowSpec, module: &str) -> Vec<PartRoot> {
    spec.parts
        .iter()
        .enumerate()
        .map(|(i, part)| PartRoot {
            pointer: part.schema.pointer.clone(),
            base: format!("{module}/{i}"),
            type_name: root_name(&part.key),
        })
        .collect()
}

/// The module for `spec`, found in `doc`, named `module`: its constants, registry entry
/// and a `pub use` of each part's types, which go to `shared` (made there the first time
/// a part with that schema is met).
pub fn module(
    doc: &Document,
    spec: &FlowSpec,
    module: &str,
    formats: bool,
    remotes: &Remotes,
    shared: &mut Shared,
) -> Result<(Module, Vec<Diagnostic>)> {
    let roots = roots(spec, module);
    let units = crate::ir::parts::units(remotes, doc, &roots)?;
    satisfiable(spec, &units, formats)?;
    let kind = PART_KIND;
    let mut scope = Scope::with(TAKEN);
    let (mut uses, mut aliases, mut parts, mut reexports) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut warnings = Vec::new();
    for ((part, unit), root) in spec.parts.iter().zip(&units).zip(&roots) {
        let named = shared.name_part(
            unit,
            &kind,
            formats,
            &part.schema,
            &root.type_name,
            &mut scope,
        )?;
        reexports.push(named.reexport);
        uses.push(named.made.module.clone());
        aliases.push(named.alias);
        parts.push(named.made);
        warnings.extend(unit.warnings.iter().cloned());
    }
    let mut seen = std::collections::BTreeSet::new();
    warnings.retain(|d| seen.insert(d.to_string()));
    if let Some(name) = transformation(spec, &parts, shared)? {
        let path = super::shared::path(&name);
        reexports.push(quote!(pub use #path::Transformation;));
        uses.push(name);
    }
    let items = items(spec, &aliases, &reexports);
    let doc_text = format!(
        "The flowSpec `{}` (`{}`), generated from `{}`.\n\nIts parts: {}.",
        spec.name,
        spec.id,
        spec.location.file.display(),
        spec.parts
            .iter()
            .map(|p| format!("`{}`", p.key))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok((
        Module {
            name: module.to_owned(),
            kind: ModuleKind::FlowSpec,
            source: (*spec.location.file).clone(),
            doc: doc_text,
            body: Items::single(items),
            files: Vec::new(),
            samples: super::part_samples(doc, spec, &units, &aliases),
            shared: uses,
        },
        warnings,
    ))
}

/// Fails on each part whose schema accepts no value.
fn satisfiable(spec: &FlowSpec, units: &[Unit], formats: bool) -> Result<()> {
    let mut unsatisfiable = Vec::new();
    for (unit, part) in units.iter().zip(&spec.parts) {
        let Some(root) = unit.roots.first() else {
            continue;
        };
        let conj = crate::ir::facts::flatten(unit, root.node);
        if crate::ir::facts::facts(unit, &conj, formats).kinds == 0 {
            unsatisfiable.push(
                Diagnostic::error(part.schema.clone(), "this schema accepts no value at all (its types, enums or `false` exclude everything)")
                    .with_hint("check `type`, `enum`/`const` and `allOf` for contradictions"),
            );
        }
    }
    if unsatisfiable.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(unsatisfiable))
    }
}

/// The items of a flowSpec module: its constants, part validator, the `pub use`s of its
/// parts' types (`reexports`) and its registry entry; `roots` name the types of
/// `spec.parts`, in order.
fn items(spec: &FlowSpec, roots: &[String], reexports: &[TokenStream]) -> TokenStream {
    let rt = rt();
    let id = &spec.id;
    let name = &spec.name;
    let version = match &spec.version {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let keys: Vec<PartKey> = spec.parts.iter().map(|p| p.key.clone()).collect();
    let root_types: Vec<TokenStream> = roots
        .iter()
        .map(|d| {
            let name = ident(d);
            quote!(#name)
        })
        .collect();
    let part_validator = super::tokens::part_validator("flowSpec", &keys, &root_types);
    quote! {
        /// The flowSpec's id.
        pub const ID: &str = #id;
        /// The flowSpec's name.
        pub const NAME: &str = #name;
        /// The flowSpec's version, when it states one.
        pub const VERSION: Option<&str> = #version;
        #part_validator

        #(#reexports)*

        /// This flowSpec's registry entry.
        pub static ENTRY: #rt::FlowSpecEntry =
            #rt::FlowSpecEntry::new(ID, NAME, VERSION, PARTS, validate_part);
    }
}

/// The shared module of the `Transformation` enum over `spec`'s transformations (their
/// names and params types, `parts` in the order of `spec.parts`), or none without any.
fn transformation(
    spec: &FlowSpec,
    parts: &[SharedPart],
    shared: &mut Shared,
) -> Result<Option<String>> {
    let mut key = String::from("transformation");
    let mut list = Vec::new();
    for (part, made) in spec.parts.iter().zip(parts) {
        if let PartKey::Transformation(n) = &part.key {
            key.push_str(&format!("\u{0}{n}\u{0}{}", made.module));
            list.push((n.to_string(), made));
        }
    }
    if list.is_empty() {
        return Ok(None);
    }
    let source = (*spec.location.file).clone();
    let names: Vec<String> = list.iter().map(|(n, _)| format!("`{n}`")).collect();
    let made = shared.item("transformation", &key, || Module {
        name: String::new(),
        kind: ModuleKind::Shared,
        source,
        doc: format!(
            "The `Transformation` enum of every flowSpec whose transformations are {} with these params types.",
            names.join(", ")
        ),
        body: Items::single(transformation_enum(&list)),
        files: Vec::new(),
        samples: Vec::new(),
        shared: Vec::new(),
    })?;
    Ok(Some(made))
}

/// The enum over `list`: each transformation's name and the shared part of its params.
fn transformation_enum(list: &[(String, &SharedPart)]) -> TokenStream {
    let rt = rt();
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    for (n, made) in list {
        let (m, r) = (ident(&made.module), ident(&made.names[0]));
        variants.push(Variant {
            wire: n.clone(),
            ident: ident(&scope.unique(&type_name(n))),
            params: quote!(super::#m::#r),
            doc: format!(" The `{n}` transformation."),
        });
    }
    let idents: Vec<_> = variants.iter().map(|v| v.ident.clone()).collect();
    // Two transformations with one params type (one shared module): no `From` for it.
    let froms = variants.iter().zip(list).filter(|(_, (_, made))| {
        list.iter()
            .filter(|(_, other)| other.module == made.module)
            .count()
            == 1
    });
    let (from_ids, from_params): (Vec<_>, Vec<_>) = froms
        .map(|(v, _)| (v.ident.clone(), v.params.clone()))
        .unzip();
    let methods = quote! {
        /// Checks the params against the transformation's spec.
        pub fn validate(&self) -> Result<(), #rt::ValidationErrors> {
            match self { #(Self::#idents(p) => p.validate().map_err(|e| e.nested("/params")),)* }
        }
    };
    let named = NamedEnum {
        name: "Transformation",
        key: "name",
        doc: "A transformation of a flow that uses this flowSpec, written\n`{\"name\": ..., \"params\": {...}}`; the params are checked against the\ntransformation's spec.",
        accessor: ("name", " The transformation's name."),
        methods,
        variants,
    }
    .tokens();
    quote! {
        #named
        #(
            impl From<#from_params> for Transformation {
                fn from(value: #from_params) -> Self {
                    Self::#from_ids(value)
                }
            }
        )*
    }
}

/// The body of the `flow_specs` module: the registry over `modules` (their Rust names).
pub fn registry(modules: &[String], cfgs: &[TokenStream]) -> TokenStream {
    super::tokens::registry("FlowSpecEntry", "flowSpec", "name order", modules, cfgs)
}
