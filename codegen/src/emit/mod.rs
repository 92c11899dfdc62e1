//! The emit stage: tokens for every module, formatted with `prettyplease`, laid out as a
//! crate (one file per module) or as one file for `include!` from a build script.

mod ahead;
pub mod builder;
pub mod client;
pub mod connectionspec;
mod crate_root;
mod features;
pub mod flowspec;
pub mod manifest;
mod markdown;
mod named;
mod parallel;
mod pool;
pub(crate) mod shared;
pub mod tokens;
pub mod types;
pub mod validate;

use crate::diag::{Error, Result};
pub(crate) use ahead::Ahead;
pub(crate) use crate_root::{part_samples, PartSample};
pub use manifest::{CrateSettings, RuntimeSource};
use parallel::Region;
use pool::JobId;
pub(crate) use pool::Pool;
use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;

/// What a module was generated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleKind {
    /// A flowSpec: it goes under `flow_specs` and into the registry.
    FlowSpec,
    /// A connectionSpec: it goes under `connection_specs` and into its registry.
    ConnectionSpec,
    /// A standalone JSON Schema: it goes under `schemas`.
    Schema,
    /// An endpoint description: it goes under `client`.
    Client,
    /// Types more than one spec module may name (see `shared`): it goes under the
    /// crate's private `shared` module.
    Shared,
}

/// One generated module, not yet formatted.
#[derive(Debug, Clone)]
pub struct Module {
    /// The Rust module name.
    pub name: String,
    /// Where it goes.
    pub kind: ModuleKind,
    /// The input file it comes from (as named relative to the inputs' root).
    pub source: PathBuf,
    /// Its documentation.
    pub doc: String,
    /// Its items (of `mod.rs`, when it has files of its own).
    pub body: Items,
    /// The files of its own folder, each a private child module; a module with any is
    /// written as `name/mod.rs` and one file each (inline modules in a single file).
    pub files: Vec<ModuleFile>,
    /// For a flowSpec: a value each part accepts and one it refuses, for the generated
    /// crate's docs.
    pub(crate) samples: Vec<PartSample>,
    /// For a spec module: the shared modules it names (see `shared`), which compile
    /// when it does.
    pub(crate) shared: Vec<String>,
}

/// A file of a module's folder: a child module that sees its parent's items.
#[derive(Debug, Clone)]
pub struct ModuleFile {
    /// Its module name (`types` for `types.rs`).
    pub name: String,
    /// Its documentation.
    pub doc: String,
    /// Its items.
    pub items: Items,
}

/// Items made one by one (a validator, a type with its impls, a request builder), kept
/// apart so a large file formats in pieces of whole items; in `quote!` they are the
/// items one after another.
#[derive(Debug, Clone, Default)]
pub struct ItemList(pub Vec<TokenStream>);

impl quote::ToTokens for ItemList {
    fn to_tokens(&self, out: &mut TokenStream) {
        out.extend(self.0.iter().cloned());
    }
}

impl ModuleFile {
    /// The file's opening: its docs and inner attributes `attrs`, then its parent's
    /// names.
    fn head(&self, attrs: TokenStream) -> TokenStream {
        let doc = inner_doc(&self.doc);
        quote!(#doc #attrs #[allow(unused_imports)] use super::*;)
    }
}

/// A module's top-level items, each as Rust token text.
///
/// Text rather than a `proc_macro2::TokenStream` (which cannot leave its thread), so
/// modules are made on several threads and each large module formats in pieces.
///
/// A piece is unformatted, or already formatted where its tokens were made (a client's
/// files from [`Config::generate_crate`](crate::Config::generate_crate)): then it is the
/// text `prettyplease` gives for it as a file of its own, which is what the crate layout
/// writes for it at the top of a file. Formatted text is token text too (`///` lines are
/// `#[doc]` attributes), so every reader of [`Items::texts`] can take either.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items(Vec<Item>);

/// One piece of [`Items`]: a whole item (or a run of them) and what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    text: String,
    gate: Option<Gate>,
    /// Whether `text` is formatted already (at the top level of a file).
    formatted: bool,
}

/// What an item needs beside it in the generated crate, said by the emitter that made it.
/// In the crate layout the item compiles only with that module's feature
/// (`features::gated_texts`); the single-file layout has no features and ignores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gate {
    /// The flowSpec module of this name (a client's flow marker names its types).
    FlowSpec(String),
}

impl Items {
    /// The pieces one after another, as their emitters made them: a module's own items,
    /// then its types, then its validators. Nothing is cut or re-read: each piece stays a
    /// whole item (or a run of them) for the formatter.
    pub(crate) fn join(pieces: impl IntoIterator<Item = Items>) -> Self {
        Items(pieces.into_iter().flat_map(|p| p.0).collect())
    }

    /// The items of `tokens`, kept whole (they format as one piece).
    pub(crate) fn single(tokens: TokenStream) -> Self {
        Items::from_list(&ItemList(vec![tokens]))
    }

    /// The items of `list`, one piece each.
    pub(crate) fn from_list(list: &ItemList) -> Self {
        Items::gated(list, None)
    }

    /// The items of `list`, one piece each, every one needing `gate`.
    pub(crate) fn gated(list: &ItemList, gate: Option<Gate>) -> Self {
        let item = |t: &TokenStream| Item {
            text: t.to_string(),
            gate: gate.clone(),
            formatted: false,
        };
        Items(list.0.iter().map(item).collect())
    }

    /// Pieces formatted where they were made, each the `prettyplease` text of its items
    /// as a file of their own (see [`Items`]); none needs a feature.
    pub(crate) fn formatted(texts: Vec<String>) -> Self {
        let item = |text| Item {
            text,
            gate: None,
            formatted: true,
        };
        Items(texts.into_iter().map(item).collect())
    }

    /// The items' texts, in order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|i| i.text.as_str())
    }

    /// The items' texts with what each needs, in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, Option<&Gate>)> {
        self.0.iter().map(|i| (i.text.as_str(), i.gate.as_ref()))
    }

    /// The items' texts, in order, each with whether it is formatted already.
    pub(crate) fn forms(&self) -> impl Iterator<Item = (&str, bool)> {
        self.0.iter().map(|i| (i.text.as_str(), i.formatted))
    }
}

/// The first line of every generated file (of flowgen's own workspace).
pub fn header(source: &str) -> String {
    header_with(source, manifest::REGENERATE_IN_WORKSPACE)
}

/// The first line of a generated file that says to regenerate with `command`.
fn header_with(source: &str, command: &str) -> String {
    format!(
        "// @generated by flowgen {} from {source}. Do not edit: regenerate with `{command}`.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The first line of a file written for `include!` by a build script.
fn build_script_header(source: &str) -> String {
    format!("// @generated by flowgen {} from {source}. Do not edit: the build script that runs flowgen rewrites it.\n", env!("CARGO_PKG_VERSION"))
}

/// The inputs of `modules`, for the header of a file that holds several of them.
fn sources(modules: &[&Module]) -> String {
    let set: std::collections::BTreeSet<String> = modules
        .iter()
        .map(|m| m.source.display().to_string())
        .collect();
    if set.is_empty() {
        "no inputs".to_owned()
    } else {
        set.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// Tokens again from token text (as [`Items`] and formatting jobs hold it).
fn lex(text: &str) -> Result<TokenStream> {
    text.parse()
        .map_err(|e| Error::Internal(format!("generated code does not lex: {e}")))
}

/// Formats a whole file given as token text.
fn format_text(text: &str) -> Result<String> {
    format(lex(text)?)
}

/// Formats a whole file's tokens.
pub fn format(tokens: TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Internal(format!("generated code does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// Keeps `cargo fmt` off a generated file (rustfmt sets `cfg(rustfmt)`; the compiler
/// never sees the attribute).
fn no_rustfmt() -> TokenStream {
    quote!(#![cfg_attr(rustfmt, rustfmt::skip)])
}

pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let text = markdown::tidy(text);
    let lines = text.lines().map(|l| {
        let l = format!(" {l}");
        quote!(#![doc = #l])
    });
    quote!(#(#lines)*)
}

/// The text of a module file (crate layout); of a module with files of its own, the
/// files one after another, each after a line naming it.
pub fn module_file(m: &Module) -> Result<String> {
    if m.files.is_empty() {
        return Ok(header(&m.source.display().to_string()) + &format_parts(&module_job(m, &[]))?);
    }
    let mut out = String::new();
    for (path, head, job) in module_entries("", m, manifest::REGENERATE_IN_WORKSPACE, &[]) {
        let path = path
            .strip_prefix("src/")
            .unwrap_or(&path)
            .display()
            .to_string();
        out.push_str(&format!("// {}\n", path.replace('\\', "/")));
        out.push_str(&head);
        out.push_str(&format_parts(&job)?);
    }
    Ok(out)
}

/// A module's files in the crate layout: each path under `src/dir`, header and items
/// (`name.rs`, or `name/mod.rs` and one file each). An item that needs a flowSpec module
/// compiles only with its feature, one of `flow_specs` (`(module, feature)`).
fn module_entries(
    dir: &str,
    m: &Module,
    command: &str,
    flow_specs: &[(String, String)],
) -> Vec<(PathBuf, String, Vec<Region>)> {
    let header = header_with(&m.source.display().to_string(), command);
    let base = PathBuf::from("src").join(dir);
    if m.files.is_empty() {
        return vec![(
            base.join(format!("{}.rs", m.name)),
            header,
            module_job(m, flow_specs),
        )];
    }
    let folder = base.join(&m.name);
    let mut job = module_job(m, flow_specs);
    let mods = m.files.iter().map(|f| tokens::ident(&f.name));
    job.insert(1, Region::Items(quote!(#(mod #mods;)*).to_string()));
    let mut out = vec![(folder.join("mod.rs"), header.clone(), job)];
    for f in &m.files {
        let job = file_job(f, flow_specs);
        out.push((folder.join(format!("{}.rs", f.name)), header.clone(), job));
    }
    out
}

/// The items of a file of a module's folder (crate layout), without its header; an item
/// that needs a flowSpec module gets its feature from `flow_specs`.
fn file_job(f: &ModuleFile, flow_specs: &[(String, String)]) -> Vec<Region> {
    let mut job = vec![Region::Items(f.head(no_rustfmt()).to_string())];
    job.extend(layout_parts(&f.items, flow_specs));
    job
}

/// The items of a module file (crate layout), without its header.
fn module_job(m: &Module, flow_specs: &[(String, String)]) -> Vec<Region> {
    let doc = inner_doc(&m.doc);
    let prelude = tokens::prelude();
    let skip = no_rustfmt();
    let mut job = vec![Region::Items(quote!(#doc #skip #prelude).to_string())];
    job.extend(layout_parts(&m.body, flow_specs));
    job
}

/// The parts of `items` in the crate layout: a piece formatted where it was made as it
/// is, any other as token text with the feature it needs (`features::gated_texts`).
fn layout_parts<'i>(
    items: &'i Items,
    flow_specs: &[(String, String)],
) -> impl Iterator<Item = Region> + 'i {
    let texts = features::gated_texts(items, flow_specs);
    texts
        .into_iter()
        .zip(items.forms())
        .map(|(text, (_, formatted))| {
            if formatted {
                Region::Formatted(text)
            } else {
                Region::Items(text)
            }
        })
}

/// The text of a file given as its parts, formatted on this thread.
fn format_parts(parts: &[Region]) -> Result<String> {
    let plan = parallel::Chunking::of(parts, 1);
    let formatted = plan
        .chunks
        .iter()
        .map(|c| format_text(&c.shelled()))
        .collect();
    plan.finish(parts, formatted)
}

/// The module inline, `pub mod name { ... }`, with its files as inline child modules.
fn inline(m: &Module) -> Region {
    let name = tokens::ident(&m.name);
    let doc = inner_doc(&m.doc);
    let prelude = tokens::prelude();
    let items = |i: &Items| {
        i.texts()
            .map(|t| Region::Items(t.to_owned()))
            .collect::<Vec<_>>()
    };
    let mut body: Vec<Region> = items(&m.body);
    body.extend(m.files.iter().map(|f| Region::Module {
        head: format!("mod {} {{ {}", tokens::ident(&f.name), f.head(quote!())),
        body: items(&f.items),
    }));
    Region::Module {
        head: format!("pub mod {name} {{ {}", quote!(#doc #prelude)),
        body,
    }
}

fn of_kind(modules: &[Module], kind: ModuleKind) -> Vec<&Module> {
    modules.iter().filter(|m| m.kind == kind).collect()
}

fn flow_specs_doc() -> TokenStream {
    inner_doc(
        "One module per flowSpec, with a type per schema it carries, and a registry over them.",
    )
}

fn connection_specs_doc() -> TokenStream {
    inner_doc(
        "One module per connectionSpec, with the types of its auth entries, source and target\nparams and explore schemas, and a registry over them.",
    )
}

fn shared_doc() -> TokenStream {
    inner_doc("Types more than one spec may name: a module per distinct part schema (and per flowSpec\n`Transformation` enum), each named through the spec modules that use it.")
}

fn schemas_doc() -> TokenStream {
    inner_doc("One module per standalone JSON Schema.")
}

/// Every module in one file, for `include!(concat!(env!("OUT_DIR"), "/..."))` from a
/// build script.
pub fn single_file(modules: &[Module]) -> Result<String> {
    let mut text = build_script_header(&sources(&modules.iter().collect::<Vec<_>>()));
    for part in pool::format_all(single_file_parts(modules))? {
        text.push_str(&part);
    }
    Ok(text)
}

/// The top-level modules of [`single_file`], each formatted on its own (in parallel,
/// and in pieces when large): a file's items print one after another, so their texts
/// join into the file's text.
fn single_file_parts(modules: &[Module]) -> Vec<Vec<Region>> {
    let specs = of_kind(modules, ModuleKind::FlowSpec);
    let schemas = of_kind(modules, ModuleKind::Schema);
    let mut jobs = Vec::new();
    // `pub mod name { leading ... }`: the inline modules, then `tail`.
    let mut module =
        |name: &str, leading: TokenStream, inner: &[&Module], tail: Option<TokenStream>| {
            let mut body: Vec<Region> = inner.iter().map(|m| inline(m)).collect();
            body.extend(tail.map(|t| Region::Items(t.to_string())));
            let head = format!("pub mod {name} {{ {leading}");
            jobs.push(vec![Region::Module { head, body }]);
        };
    if !specs.is_empty() {
        let names: Vec<String> = specs.iter().map(|m| m.name.clone()).collect();
        let (doc, prelude) = (flow_specs_doc(), tokens::prelude());
        let registry = flowspec::registry(&names, &[]);
        module("flow_specs", quote!(#doc #prelude), &specs, Some(registry));
    }
    let connection_specs = of_kind(modules, ModuleKind::ConnectionSpec);
    if !connection_specs.is_empty() {
        let names: Vec<String> = connection_specs.iter().map(|m| m.name.clone()).collect();
        let (doc, prelude) = (connection_specs_doc(), tokens::prelude());
        let registry = connectionspec::registry(&names, &[]);
        module(
            "connection_specs",
            quote!(#doc #prelude),
            &connection_specs,
            Some(registry),
        );
    }
    if !schemas.is_empty() {
        module("schemas", schemas_doc(), &schemas, None);
    }
    let clients = of_kind(modules, ModuleKind::Client);
    if !clients.is_empty() {
        module("client", client::root(&[]), &clients, None);
    }
    let shared = of_kind(modules, ModuleKind::Shared);
    if !shared.is_empty() {
        // Private: its types are named through the spec modules.
        let (doc, prelude) = (shared_doc(), tokens::prelude());
        let body = shared.iter().map(|m| inline(m)).collect();
        let head = format!("mod shared {{ {}", quote!(#doc #prelude));
        jobs.push(vec![Region::Module { head, body }]);
    }
    jobs
}

/// A folder of the crate: `src/<dir>/mod.rs` holding `root` (its docs, module
/// declarations and registry), then the files of each module (see [`module_entries`]).
fn folder(
    rust: &mut Vec<(PathBuf, String, Vec<Region>)>,
    dir: &str,
    modules: &[&Module],
    command: &str,
    root: TokenStream,
    gates: &[(String, String)],
) {
    rust.push((
        PathBuf::from("src").join(dir).join("mod.rs"),
        header_with(&sources(modules), command),
        vec![Region::Items(root.to_string())],
    ));
    for m in modules {
        rust.extend(module_entries(dir, m, command, gates));
    }
}

/// The files of the generated crate, relative to its root, in a fixed order.
pub fn crate_files(modules: &[Module], settings: &CrateSettings) -> Result<Vec<(PathBuf, String)>> {
    Pool::run(|pool| crate_files_in(modules, settings, pool))
}

/// [`crate_files`], formatted on `pool`, which may hold some of the files already (see
/// [`Ahead`]).
pub(crate) fn crate_files_in(
    modules: &[Module],
    settings: &CrateSettings,
    pool: &Pool,
) -> Result<Vec<(PathBuf, String)>> {
    let clients = of_kind(modules, ModuleKind::Client);
    // A feature per flowSpec, connectionSpec and client module (see `features`).
    let features = features::Features::of(modules);
    let mut files = vec![(
        PathBuf::from("Cargo.toml"),
        manifest::cargo_toml(settings, &features)?,
    )];
    let command = &settings.regenerate_with;
    let specs = of_kind(modules, ModuleKind::FlowSpec);
    let schemas = of_kind(modules, ModuleKind::Schema);
    let no_fmt = no_rustfmt();
    let lib = crate_root::lib_rs(modules, &settings.name, &features.any_client());
    let connection_specs = of_kind(modules, ModuleKind::ConnectionSpec);
    // Rust files as (path, header, tokens), formatted together at the end.
    let mut rust: Vec<(PathBuf, String, Vec<Region>)> = vec![(
        PathBuf::from("src/lib.rs"),
        header_with(&sources(&modules.iter().collect::<Vec<_>>()), command),
        vec![Region::Items(lib.to_string())],
    )];
    if !specs.is_empty() {
        let names: Vec<String> = specs.iter().map(|m| m.name.clone()).collect();
        let mods = specs.iter().map(|m| tokens::ident(&m.name));
        let cfgs = features::cfgs(&features.flow_specs);
        let registry = flowspec::registry(&names, &cfgs);
        let doc = flow_specs_doc();
        let prelude = tokens::prelude();
        let root = quote!(#doc #no_fmt #prelude #(#cfgs pub mod #mods;)* #registry);
        folder(&mut rust, "flow_specs", &specs, command, root, &[]);
    }
    if !connection_specs.is_empty() {
        let names: Vec<String> = connection_specs.iter().map(|m| m.name.clone()).collect();
        let mods = connection_specs.iter().map(|m| tokens::ident(&m.name));
        let cfgs = features::cfgs(&features.connection_specs);
        let registry = connectionspec::registry(&names, &cfgs);
        let doc = connection_specs_doc();
        let prelude = tokens::prelude();
        let root = quote!(#doc #no_fmt #prelude #(#cfgs pub mod #mods;)* #registry);
        folder(
            &mut rust,
            "connection_specs",
            &connection_specs,
            command,
            root,
            &[],
        );
    }
    let shared = of_kind(modules, ModuleKind::Shared);
    if !shared.is_empty() {
        let mods = shared.iter().map(|m| tokens::ident(&m.name));
        let cfgs = features::shared_cfgs(modules, &features);
        let doc = shared_doc();
        let root = quote!(#doc #no_fmt #(#cfgs pub mod #mods;)*);
        folder(&mut rust, "shared", &shared, command, root, &[]);
    }
    if !schemas.is_empty() {
        let mods = schemas.iter().map(|m| tokens::ident(&m.name));
        let doc = schemas_doc();
        let root = quote!(#doc #no_fmt #(pub mod #mods;)*);
        folder(&mut rust, "schemas", &schemas, command, root, &[]);
    }
    if !clients.is_empty() {
        // The root without its modules, which follow, each under its feature.
        let root = client::root(&[]);
        let mods = clients.iter().map(|m| tokens::ident(&m.name));
        let cfgs = features::cfgs(&features.clients);
        let root = quote!(#root #(#cfgs pub mod #mods;)*);
        // A client's flow markers compile only with their flowSpec's feature.
        folder(
            &mut rust,
            "client",
            &clients,
            command,
            root,
            &features.flow_specs,
        );
    }
    let (heads, jobs): (Vec<(PathBuf, String)>, Vec<Vec<Region>>) =
        rust.into_iter().map(|(p, h, t)| ((p, h), t)).unzip();
    let ids: Vec<JobId> = jobs.into_iter().map(|job| pool.queue(job)).collect();
    for ((path, head), text) in heads.into_iter().zip(pool.texts(&ids)?) {
        files.push((path, head + &text));
    }
    Ok(files)
}
