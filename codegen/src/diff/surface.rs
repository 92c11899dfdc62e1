//! Reading a specs directory into a [`Surface`]: each flowSpec, connectionSpec and
//! endpoint description goes through the load and IR stages and the shaper, as
//! generation does, but nothing is emitted.

use super::extract::{directions, Typed};
use super::model::{Direction, Facet, Item, Surface};
use crate::diag::{Diagnostic, Error, Result};
use crate::emit::shared::{part_names, shape_part, spec_names, PartKind};
use crate::emit::{connectionspec, flowspec};
use crate::ir::names::Scope;
use crate::ir::names::{field_name, module_name};
use crate::ir::parts::units;
use crate::ir::refs::Remotes;
use crate::ir::types::{DefId, RustType, TypeSet};
use crate::ir::Unit;
use crate::load::{self, Document};
use crate::openapi::governed::FlowPartSchema;
use crate::openapi::{self, Api, ParamType, Scalar, Success};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The surface of the inputs in `specs` (laid out as `flowgen generate --specs` reads
/// them: `flowspecs/`, `connectionspecs/`, `openapi/`, `overlays/`). Files are named
/// relative to `specs`. Fails with the input problems found.
pub fn read(specs: &Path) -> Result<Surface> {
    let mut errors = Vec::new();
    let (flows, flow_parts) = flow_specs(specs, &mut errors)?;
    let connections = connection_specs(specs, &mut errors)?;
    let mut apis = Surface::default();
    clients(specs, &flow_parts, &mut apis, &mut errors)?;
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    // Keys are unique within a namespace of the crate (a flowSpec and a connectionSpec
    // may share a module name).
    let mut out = Surface::default();
    for (namespace, part) in [
        ("flow_specs", flows),
        ("connection_specs", connections),
        ("client", apis),
    ] {
        let keyed = part
            .items
            .into_iter()
            .map(|(k, v)| (format!("{namespace}::{k}"), v));
        out.items.extend(keyed);
    }
    Ok(out)
}

/// Keeps the input problems of `result` in `errors`; other errors stop the run.
fn keep<T>(result: Result<T>, errors: &mut Vec<Diagnostic>) -> Result<Option<T>> {
    match result {
        Ok(t) => Ok(Some(t)),
        Err(Error::Input(d)) => {
            errors.extend(d);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The flowSpecs' surface, and their parts (which govern the clients' flow members).
fn flow_specs(
    specs: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Result<(Surface, Vec<FlowPartSchema>)> {
    let mut out = Surface::default();
    let mut flow_parts = Vec::new();
    for file in load::files_in(&specs.join("flowspecs"), &["json"])? {
        let Some(doc) = keep(read_doc(specs, &file), errors)? else {
            continue;
        };
        let doc = std::sync::Arc::new(doc);
        let found = match load::flowspec::find(&doc) {
            Ok(found) => found,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        for spec in &found {
            keep(flow_spec(&doc, spec, &mut out), errors)?;
            flow_parts.extend(spec.parts.iter().map(|p| FlowPartSchema {
                spec: spec.name.clone(),
                kind: p.key.clone(),
                doc: std::sync::Arc::clone(&doc),
                location: p.schema.clone(),
            }));
        }
    }
    Ok((out, flow_parts))
}

fn connection_specs(specs: &Path, errors: &mut Vec<Diagnostic>) -> Result<Surface> {
    let mut out = Surface::default();
    for file in load::files_in(&specs.join("connectionspecs"), &["json"])? {
        let Some(doc) = keep(read_doc(specs, &file), errors)? else {
            continue;
        };
        match load::connectionspec::find(&doc) {
            Ok((found, _)) => {
                for spec in &found {
                    keep(connection_spec(&doc, spec, &mut out), errors)?;
                }
            }
            Err(d) => errors.push(d),
        }
    }
    Ok(out)
}

fn read_doc(specs: &Path, file: &Path) -> Result<Document> {
    let bytes = std::fs::read(file).map_err(|source| Error::Io {
        path: file.to_owned(),
        source,
    })?;
    Document::parse(relative(specs, file), &bytes)
}

fn relative(specs: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(specs).unwrap_or(file).to_path_buf()
}

/// Adds the item of a module (a flowSpec, connectionSpec or endpoint description).
fn module_item(out: &mut Surface, at: &crate::diag::Location, module: &str, id: &str) {
    let item = Item {
        spec: at.file.display().to_string(),
        pointer: at.pointer.clone(),
        rust: module.to_owned(),
        direction: Direction::Send,
        facet: Facet::Module { id: id.to_owned() },
    };
    out.add(module.to_owned(), item);
}

fn flow_spec(doc: &Document, spec: &load::FlowSpec, out: &mut Surface) -> Result<()> {
    let module = module_name(&spec.name);
    let roots = flowspec::roots(spec, &module);
    let units = units(&Remotes::default(), doc, &roots)?;
    module_item(out, &spec.location, &module, &spec.id);
    let mut scope = Scope::with(flowspec::TAKEN);
    for ((part, unit), root) in spec.parts.iter().zip(&units).zip(&roots) {
        let types = part_types(unit, &flowspec::PART_KIND, &root.type_name, &mut scope);
        let Some(&top) = types.roots.first() else {
            continue;
        };
        let typed = Typed {
            unit,
            types: &types,
            module: &module,
            directions: vec![Direction::Send; types.defs.len()],
            parts: vec![(top, part.key.to_string())],
        };
        typed.add_types(out);
    }
    Ok(())
}

/// The types of one part's `unit` under the names the spec module gives them (`scope`
/// holds the module's names so far): the part's root type is named `type_name` or the
/// next free name, the others keep their shared module's names unless the module has
/// them already. Generation names them so (`emit::shared`).
fn part_types(unit: &Unit, kind: &PartKind<'_>, type_name: &str, scope: &mut Scope) -> TypeSet {
    let mut types = shape_part(unit, kind, false);
    let root = unit
        .roots
        .first()
        .map(|r| r.name.as_str())
        .unwrap_or(type_name);
    let names = part_names(&types, root);
    let alias = scope.unique(type_name);
    let local = spec_names(&names, &alias, scope);
    let renamed: BTreeMap<&str, &str> = names
        .iter()
        .map(String::as_str)
        .zip(local.iter().map(String::as_str))
        .collect();
    for def in &mut types.defs {
        if let Some(name) = renamed.get(def.name.as_str()) {
            def.name = (*name).to_owned();
        }
    }
    types
}

fn connection_spec(
    doc: &Document,
    spec: &load::connectionspec::ConnectionSpec,
    out: &mut Surface,
) -> Result<()> {
    let module = module_name(&spec.name);
    let roots = connectionspec::roots(spec, &module);
    let units = units(&Remotes::default(), doc, &roots)?;
    module_item(out, &spec.location, &module, &spec.id);
    let mut scope = Scope::with(connectionspec::TAKEN);
    let with_schema = spec.parts.iter().filter(|p| p.schema.is_some());
    for ((part, unit), root) in with_schema.zip(&units).zip(&roots) {
        let types = part_types(
            unit,
            &connectionspec::PART_KIND,
            &root.type_name,
            &mut scope,
        );
        let Some(&top) = types.roots.first() else {
            continue;
        };
        // Explore answers are read; every other part is sent.
        let directions = if matches!(part.key, flowgen_runtime::PartKey::ExploreResponse(_)) {
            directions(&types, &[], &[top])
        } else {
            directions(&types, &[top], &[])
        };
        let typed = Typed {
            unit,
            types: &types,
            module: &module,
            directions,
            parts: vec![(top, part.key.to_string())],
        };
        typed.add_types(out);
    }
    Ok(())
}

/// The endpoint descriptions of `specs/openapi`, with the overlays of `specs/overlays`
/// and their flow members governed by the flowSpecs' parts, as for generation.
fn clients(
    specs: &Path,
    flow_parts: &[FlowPartSchema],
    out: &mut Surface,
    errors: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut overlays = Vec::new();
    for file in load::files_in(&specs.join("overlays"), &["yaml", "yml", "json"])? {
        let bytes = std::fs::read(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        match openapi::overlay::Overlay::parse(relative(specs, &file), &bytes) {
            Ok(o) => overlays.push(o),
            Err(d) => errors.extend(d),
        }
    }
    for file in load::files_in(&specs.join("openapi"), &["yaml", "yml", "json"])? {
        let bytes = std::fs::read(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        let mine: Vec<_> = overlays.iter().filter(|o| o.extends(&file)).collect();
        match openapi::load_overlaid(relative(specs, &file), &bytes, &mine) {
            Ok(mut api) => {
                openapi::governed::govern(&mut api, flow_parts);
                keep(api_items(&api, out), errors)?;
            }
            Err(d) => errors.extend(d),
        }
    }
    Ok(())
}

/// The client surface of `api`, from the same plan the client emitter renders
/// (`openapi::plan`): its types, and each operation with its bodies and parameters.
fn api_items(api: &Api, out: &mut Surface) -> Result<()> {
    let module = api.module.clone();
    let plan = openapi::plan::plan(api, &[], false)?;
    let named = |ty: Option<&RustType>| match ty {
        Some(RustType::Named(d)) => Some(*d),
        _ => None,
    };
    let body_def = |p: &openapi::plan::OperationPlan| match &p.body {
        Some(openapi::plan::BodyPlan {
            kind: openapi::plan::BodyKind::Json(ty),
            ..
        }) => named(ty.as_ref()),
        _ => None,
    };
    let response_def = |p: &openapi::plan::OperationPlan| match &p.response {
        openapi::plan::Response::Json { ty, .. } => named(ty.as_ref()),
        _ => None,
    };
    let sent: Vec<DefId> = plan.operations.iter().filter_map(body_def).collect();
    let read: Vec<DefId> = plan.operations.iter().filter_map(response_def).collect();
    module_item(out, &api.doc.root(), &module, &api.title);
    let typed = Typed {
        unit: &plan.unit,
        types: &plan.types,
        module: &module,
        directions: directions(&plan.types, &sent, &read),
        parts: Vec::new(),
    };
    typed.add_types(out);
    for (op, planned) in api.operations.iter().zip(&plan.operations) {
        let ty = |d: Option<DefId>| d.map(|d| typed.ty(&RustType::Named(d)));
        operation(
            &module,
            op,
            ty(body_def(planned)),
            ty(response_def(planned)),
            out,
        );
        for p in op.own_params() {
            let checker = planned
                .params
                .iter()
                .find(|q| q.wire == p.name && q.place == p.place)
                .and_then(|q| q.checker);
            if let Some(node) = checker {
                let key = format!("{module}::Client [{}] param {}", op.id, p.name);
                let rust = format!("{module}::Client::{}({})", field_name(&op.id), p.name);
                typed.add_node_bounds(node, &key, &rust, Direction::Send, out);
            }
        }
    }
    Ok(())
}

fn scalar(s: &Scalar) -> &'static str {
    match s {
        Scalar::String => "String",
        Scalar::Integer => "i64",
        Scalar::Number => "f64",
        Scalar::Bool => "bool",
    }
}

/// The operation, its parameters and bodies; `body` and `response` are the Rust types of
/// its JSON bodies, when typed.
fn operation(
    module: &str,
    op: &openapi::Operation,
    body: Option<String>,
    response: Option<String>,
    out: &mut Surface,
) {
    let method = format!("{module}::Client::{}", field_name(&op.id));
    let key = format!("{module}::Client [{}]", op.id);
    let item = |at: &crate::diag::Location, dir, facet| Item {
        spec: at.file.display().to_string(),
        pointer: at.pointer.clone(),
        rust: method.clone(),
        direction: dir,
        facet,
    };
    let docs = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
    let route = format!("{} {}", op.method, op.path);
    let facet = Facet::Operation { route, docs };
    out.add(key.clone(), item(&op.location, Direction::Send, facet));
    for p in op.own_params() {
        let ty = match &p.ty {
            ParamType::One(s) => scalar(s).to_owned(),
            ParamType::List { item, .. } => format!("Vec<{}>", scalar(item)),
        };
        let facet = Facet::Param {
            place: format!("{:?}", p.place).to_lowercase(),
            ty,
            required: p.required,
        };
        let mut param = item(&p.location, Direction::Send, facet);
        param.rust = format!("{method}({})", p.name);
        out.add(format!("{key} param {}", p.name), param);
    }
    if let Some(b) = &op.body {
        let ty = match (&body, b.json) {
            (Some(t), _) => t.clone(),
            (None, true) => "Value".to_owned(),
            (None, false) => "bytes".to_owned(),
        };
        let facet = Facet::RequestBody {
            ty,
            required: b.required,
        };
        let at = b
            .schema
            .clone()
            .unwrap_or_else(|| op.location.key("requestBody"));
        out.add(format!("{key} body"), item(&at, Direction::Send, facet));
    }
    let ty = match (&op.success, response) {
        (_, Some(t)) => t,
        (Success::Empty, None) => "()".to_owned(),
        (Success::Json { .. }, None) => "Value".to_owned(),
        (Success::Bytes, None) => "bytes".to_owned(),
    };
    let at = match &op.success {
        Success::Json {
            schema: Some(s), ..
        } => s.clone(),
        _ => op.location.key("responses"),
    };
    let facet = Facet::ResponseBody { ty };
    out.add(format!("{key} response"), item(&at, Direction::Read, facet));
}
