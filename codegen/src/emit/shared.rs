//! Shared types: a spec part whose schema is the same as another spec's (the same
//! keywords and values once `title` and `description` are set aside, see
//! `ir::parts::canonical`) has its types and validators generated once, in a module of
//! the crate's private `shared` module, and each spec module names them with `pub use`.
//! So `crm_to_aep::Schedule` and `cloud_storage_to_aep::Schedule` are one Rust type when
//! the two flowSpecs' `scheduleSpec` are the same schema.
//!
//! Every part goes to a shared module, used by one spec or by many: a part's code never
//! moves between files when another spec starts or stops using the same schema, and a
//! spec module is only its constants, `pub use`s and registry entry. A shared module is
//! named after the part's root type and a hash of its canonical text
//! (`schedule_0123456789ab`): the name changes only when the schema does, never when
//! another spec is added or removed. Its documentation comes from the first spec (in the
//! order the specs are read) that uses it.

use super::tokens::{self, ident};
use super::{Items, Module, ModuleKind};
use crate::diag::{Error, Location, Result};
use crate::ir::names::{module_name, Scope};
use crate::ir::parts::{canonical, stable_hash};
use crate::ir::shape::Shaper;
use crate::ir::types::TypeSet;
use crate::ir::Unit;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use std::path::Path;

/// What shapes a part's types besides its schema.
pub(crate) struct PartKind<'a> {
    /// Told apart in the canonical text (`"flowSpec"`, `"connectionSpec"`).
    pub salt: &'static str,
    /// The names a spec module's own items take, which no type of the part may.
    pub taken: &'a [&'a str],
    /// A last change to the chosen types (a connectionSpec marks its secrets).
    pub finish: fn(&mut TypeSet, &Unit, bool),
}

/// A part's types, generated in a shared module.
#[derive(Debug, Clone)]
pub(crate) struct SharedPart {
    /// The shared module's name.
    pub module: String,
    /// Its public types, the part's root type first.
    pub names: Vec<String>,
    /// The root schema's `title` and `description` in the spec the module was made from.
    pub docs: (Option<String>, Option<String>),
}

/// The shared modules made so far.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    modules: BTreeMap<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    /// The canonical text it was made from (two texts with one hash are an error).
    key: String,
    module: Module,
    part: Option<SharedPart>,
}

/// A part as a spec module names it.
pub(crate) struct NamedPart {
    /// Its shared module.
    pub made: SharedPart,
    /// The name the spec module gives the part's root type.
    pub alias: String,
    /// The `pub use` items that give the names.
    pub reexport: TokenStream,
}

impl Shared {
    /// The part at `location` (its `unit`) in a spec module whose names so far are
    /// `scope`: its shared module (made if new), and its root type named `type_name` (or
    /// the next free name) with the spec's own title and description.
    pub fn name_part(
        &mut self,
        unit: &Unit,
        kind: &PartKind<'_>,
        formats: bool,
        location: &Location,
        type_name: &str,
        scope: &mut Scope,
    ) -> Result<NamedPart> {
        let what = format!("`#{}` in {}", location.pointer, location.file.display());
        let made = self.part(unit, kind, formats, &location.file, &what)?;
        let alias = scope.unique(type_name);
        let own = unit
            .roots
            .first()
            .and_then(|root| unit.node(root.node).keywords())
            .map(|k| (k.title.clone(), k.description.clone()))
            .unwrap_or_default();
        let doc = reexport_doc(&made, &own, &what);
        let reexport = reexport(&made, &alias, doc, scope);
        Ok(NamedPart {
            made,
            alias,
            reexport,
        })
    }

    /// The shared module of a part's `unit` (one root), made the first time a part with
    /// its canonical text is met; `source` and `what` (its file and pointer) document it.
    pub fn part(
        &mut self,
        unit: &Unit,
        kind: &PartKind<'_>,
        formats: bool,
        source: &Path,
        what: &str,
    ) -> Result<SharedPart> {
        let key = canonical(unit, kind.salt);
        let root = unit
            .roots
            .first()
            .ok_or_else(|| Error::Internal("a part's unit without a root".into()))?;
        let name = named(&module_name(&root.name), &key);
        if let Some(part) = self.existing(&name, &key)? {
            return Ok(part);
        }
        let types = shape_part(unit, kind, formats);
        let mut scope = Scope::default();
        let validators = super::validate::emit(unit, formats, &types.entry_nodes(), &mut scope)?;
        let type_items = super::types::emit(&types, &validators.names, None);
        let names = part_names(&types, &root.name);
        let root_name = names[0].clone();
        let node = unit.node(root.node).keywords();
        let docs = (
            node.and_then(|k| k.title.clone()),
            node.and_then(|k| k.description.clone()),
        );
        let module = Module {
            name: name.clone(),
            kind: ModuleKind::Shared,
            source: source.to_owned(),
            doc: format!(
                "`{root_name}` and the types it uses, for every spec part whose schema is this one (titles and descriptions aside); first generated from {what}."
            ),
            body: Items::join([
                Items::from_list(&type_items),
                Items::from_list(&validators.items),
            ]),
            files: Vec::new(),
            samples: Vec::new(),
            shared: Vec::new(),
        };
        let part = SharedPart {
            module: name.clone(),
            names,
            docs,
        };
        self.modules.insert(
            name,
            Entry {
                key,
                module,
                part: Some(part.clone()),
            },
        );
        Ok(part)
    }

    /// The shared module named after `stem` and `key` (for items that are not a part's
    /// types, such as a flowSpec's `Transformation` enum), made by `make` the first
    /// time; its name.
    pub fn item(&mut self, stem: &str, key: &str, make: impl FnOnce() -> Module) -> Result<String> {
        let name = named(stem, key);
        if !self.modules.contains_key(&name) {
            let mut module = make();
            module.name = name.clone();
            self.modules.insert(
                name.clone(),
                Entry {
                    key: key.to_owned(),
                    module,
                    part: None,
                },
            );
        } else {
            self.existing(&name, key)?;
        }
        Ok(name)
    }

    fn existing(&self, name: &str, key: &str) -> Result<Option<SharedPart>> {
        match self.modules.get(name) {
            None => Ok(None),
            Some(e) if e.key != key => Err(Error::Internal(format!(
                "two different schemas hash alike ({name}); please report this"
            ))),
            Some(e) => Ok(e.part.clone()),
        }
    }

    /// The shared modules, in name order.
    pub fn into_modules(self) -> Vec<Module> {
        self.modules.into_values().map(|e| e.module).collect()
    }
}

/// The types of a part's `unit`, as its shared module declares them.
pub(crate) fn shape_part(unit: &Unit, kind: &PartKind<'_>, formats: bool) -> TypeSet {
    let mut types = Shaper::new(unit, formats, kind.taken).run();
    (kind.finish)(&mut types, unit, formats);
    types
}

/// The public names of a part's `types` (its shared module's), the root type first
/// (`root` when the set has no root).
pub(crate) fn part_names(types: &TypeSet, root: &str) -> Vec<String> {
    let root_name = types
        .roots
        .first()
        .map(|d| types.def(*d).name.clone())
        .unwrap_or_else(|| root.to_owned());
    let mut names = super::types::public_names(types);
    names.retain(|n| *n != root_name);
    names.insert(0, root_name);
    names
}

/// The name each of a part's public `names` (root first) takes in a spec module whose
/// names so far are `scope`: the root is `alias`, every other name its own or, when the
/// module has it already, the next free one.
pub(crate) fn spec_names(names: &[String], alias: &str, scope: &mut Scope) -> Vec<String> {
    let mut out = Vec::with_capacity(names.len());
    let mut names = names.iter();
    if names.next().is_some() {
        out.push(alias.to_owned());
    }
    out.extend(names.map(|n| scope.unique(n)));
    out
}

/// `stem_<12 hex digits of the key's hash>`.
fn named(stem: &str, key: &str) -> String {
    format!("{stem}_{:012x}", stable_hash(key) >> 16)
}

/// The path of shared module `module` from a spec module.
pub(crate) fn path(module: &str) -> TokenStream {
    let m = ident(module);
    quote!(super::super::shared::#m)
}

/// The `pub use` of `part`'s types in a spec module: the root type as `alias` with `doc`,
/// the others under their own names, or numbered when `scope` (the spec module's type
/// names) has them already.
pub(crate) fn reexport(
    part: &SharedPart,
    alias: &str,
    doc: TokenStream,
    scope: &mut Scope,
) -> TokenStream {
    let path = path(&part.module);
    let local = spec_names(&part.names, alias, scope);
    let mut pairs = part.names.iter().zip(&local);
    let root = pairs.next().map(|(r, a)| {
        let (r, a) = (ident(r), ident(a));
        if r == a {
            quote!(#doc pub use #path::#r;)
        } else {
            quote!(#doc pub use #path::#r as #a;)
        }
    });
    let others: Vec<TokenStream> = pairs
        .map(|(n, u)| {
            let (n, u) = (ident(n), ident(u));
            if n == u {
                quote!(#n)
            } else {
                quote!(#n as #u)
            }
        })
        .collect();
    let rest = (!others.is_empty()).then(|| quote!(pub use #path::{#(#others),*};));
    quote!(#root #rest)
}

/// The doc of a part's root type's `pub use` in a spec module: where the part is, and
/// the spec's own `title` and `description` when they are not the shared type's (rustdoc
/// shows them before the type's own docs).
pub(crate) fn reexport_doc(
    part: &SharedPart,
    own: &(Option<String>, Option<String>),
    what: &str,
) -> TokenStream {
    let mut text = tokens::doc_lines(&format!("The part at {what}."));
    if *own != part.docs {
        let docs = crate::ir::types::Docs {
            title: own.0.clone(),
            description: own.1.clone(),
            default: None,
        };
        let blank = quote!(#[doc = ""]);
        text.extend(quote!(#blank));
        text.extend(tokens::docs(&docs, ""));
    }
    text
}
