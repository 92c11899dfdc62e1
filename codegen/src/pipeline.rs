//! The driver: each flowSpec, connectionSpec, standalone schema and endpoint description
//! is one unit that goes load → IR → emit; this is where the units are found, run (the
//! endpoint descriptions on a second thread) and their modules and diagnostics gathered.

use crate::config::SchemaInput;
use crate::diag::{Diagnostic, Error, Location, Result, Severity};
use crate::emit::{self, flowspec, Module, ModuleKind};
use crate::ir::refs::{Spot, Store};
use crate::ir::shape::Shaper;
use crate::load::{self, Document};
use crate::{ir, openapi, Config, Generated};
use flowgen_runtime::PartKey;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl Config {
    /// Runs the pipeline. Fails with every problem found in the inputs.
    ///
    /// The endpoint descriptions are generated on a second thread while the flowSpecs and
    /// schemas are generated on this one; modules and diagnostics come out in the same
    /// order either way. Nothing is formatted yet, and no thread outlives the call.
    pub fn generate(&self) -> Result<Generated> {
        self.generate_with(emit::Ahead::NONE)
    }

    /// Runs the pipeline and lays the modules out as the crate named `name` for the
    /// directory `out`: the same modules and files as [`Config::generate`], then
    /// [`Generated::crate_settings`] and [`Generated::crate_files`], in less time. The
    /// files that are final as soon as they are emitted (a client's validators, types,
    /// requests and operations, unless an item needs a flowSpec's feature) are formatted
    /// by the threads that make their tokens, which saves printing the tokens as text and
    /// reading that text again; the returned modules hold those files' formatted text (see
    /// [`emit::Items`]). No thread outlives the call.
    pub fn generate_crate(
        &self,
        name: &str,
        out: &Path,
    ) -> Result<(Generated, Vec<(PathBuf, String)>)> {
        let generated = self.generate_with(emit::Ahead::FORMAT)?;
        let settings = generated.crate_settings(name, out)?;
        let files = generated.crate_files(&settings)?;
        Ok((generated, files))
    }

    /// [`Config::generate`], handing files that are final to `ahead`.
    pub(crate) fn generate_with(&self, ahead: emit::Ahead) -> Result<Generated> {
        let mut files: Vec<PathBuf> = self.flow_spec_files.clone();
        for dir in &self.flow_spec_dirs {
            files.extend(load::files_in(dir, &["json"])?);
        }
        // First the flowSpecs' names and parts, which the client's types need.
        let mut steps = Vec::new();
        let mut seen: BTreeMap<String, Location> = BTreeMap::new();
        let mut flow_types = Vec::new();
        let mut flow_parts = Vec::new();
        for file in &files {
            let doc = match self.read(file) {
                Ok(doc) => Arc::new(doc),
                Err(Error::Input(d)) => {
                    steps.extend(d.into_iter().map(Step::Problem));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let specs = match load::flowspec::find(&doc) {
                Ok(s) => s,
                Err(d) => {
                    steps.push(Step::Problem(d));
                    continue;
                }
            };
            for spec in specs {
                let module = ir::names::module_name(&spec.name);
                unique(
                    &mut seen,
                    "flowSpec",
                    &module,
                    &spec.id,
                    &spec.location,
                    &mut steps,
                );
                flow_types.push(emit::client::FlowSpecTypes {
                    module: module.clone(),
                    name: spec.name.clone(),
                    schedule: spec.parts.iter().any(|p| p.key == PartKey::Schedule),
                    options: spec.parts.iter().any(|p| p.key == PartKey::Options),
                    transformations: spec
                        .parts
                        .iter()
                        .any(|p| matches!(p.key, PartKey::Transformation(_))),
                    run: spec.parts.iter().any(|p| p.key == PartKey::Run),
                });
                flow_parts.extend(
                    spec.parts
                        .iter()
                        .map(|p| openapi::governed::FlowPartSchema {
                            spec: spec.name.clone(),
                            kind: p.key.clone(),
                            doc: Arc::clone(&doc),
                            location: p.schema.clone(),
                        }),
                );
                steps.push(Step::FlowSpec(Arc::clone(&doc), spec, module));
            }
        }
        steps.extend(self.connection_spec_steps()?);
        let (own, client) = std::thread::scope(|s| {
            let client = s.spawn(|| self.client_modules(&flow_types, &flow_parts, ahead));
            let own = self.local_modules(steps);
            (own, client.join())
        });
        let client = client.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let mut all = own?;
        all.modules.extend(client.modules);
        all.warnings.extend(client.warnings);
        all.errors.extend(client.errors);
        if self.strict {
            all.errors.extend(all.warnings.drain(..).map(|mut w| {
                w.severity = Severity::Error;
                w
            }));
        }
        if !all.errors.is_empty() {
            return Err(Error::Input(all.errors));
        }
        let mut modules = all.modules;
        modules.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Generated {
            modules,
            warnings: all.warnings,
            runtime: self.runtime.clone(),
        })
    }

    /// The flowSpec modules (in the order of `steps`) and the standalone schema modules.
    fn local_modules(&self, steps: Vec<Step>) -> Result<Batch> {
        let mut batch = Batch::default();
        let mut shared = emit::shared::Shared::default();
        for step in steps {
            match step {
                Step::Problem(d) => batch.errors.push(d),
                Step::FlowSpec(doc, spec, module) => {
                    batch.add(flowspec::module(
                        &doc,
                        &spec,
                        &module,
                        self.formats,
                        &self.remotes,
                        &mut shared,
                    ))?;
                }
                Step::ConnectionSpec(doc, spec, module) => {
                    batch.add(emit::connectionspec::module(
                        &doc,
                        &spec,
                        &module,
                        self.formats,
                        &self.remotes,
                        &mut shared,
                    ))?;
                }
                Step::Warning(d) => batch.warnings.push(d),
            }
        }
        batch.modules.extend(shared.into_modules());
        for input in &self.schemas {
            batch.add(self.schema_module(input))?;
        }
        Ok(batch)
    }

    /// The connectionSpecs of the connectionSpec files, with their warnings and
    /// problems, in file order.
    fn connection_spec_steps(&self) -> Result<Vec<Step>> {
        let mut files: Vec<PathBuf> = self.connection_spec_files.clone();
        for dir in &self.connection_spec_dirs {
            files.extend(load::files_in(dir, &["json"])?);
        }
        let mut steps = Vec::new();
        let mut seen: BTreeMap<String, Location> = BTreeMap::new();
        for file in &files {
            let doc = match self.read(file) {
                Ok(doc) => Arc::new(doc),
                Err(Error::Input(d)) => {
                    steps.extend(d.into_iter().map(Step::Problem));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let (specs, warnings) = match load::connectionspec::find(&doc) {
                Ok(found) => found,
                Err(d) => {
                    steps.push(Step::Problem(d));
                    continue;
                }
            };
            steps.extend(warnings.into_iter().map(Step::Warning));
            for spec in specs {
                let module = ir::names::module_name(&spec.name);
                unique(
                    &mut seen,
                    "connectionSpec",
                    &module,
                    &spec.id,
                    &spec.location,
                    &mut steps,
                );
                steps.push(Step::ConnectionSpec(Arc::clone(&doc), spec, module));
            }
        }
        Ok(steps)
    }

    /// The client modules of the endpoint descriptions.
    fn client_modules(
        &self,
        flow_types: &[emit::client::FlowSpecTypes],
        flow_parts: &[openapi::governed::FlowPartSchema],
        ahead: emit::Ahead,
    ) -> Result<Batch> {
        let mut batch = Batch::default();
        let mut files: Vec<PathBuf> = self.openapi_files.clone();
        for dir in &self.openapi_dirs {
            files.extend(load::files_in(dir, &["yaml", "yml", "json"])?);
        }
        let overlays = self.overlays(&mut batch)?;
        let mut used = vec![false; overlays.len()];
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for file in &files {
            let bytes = std::fs::read(file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            let mine: Vec<&openapi::overlay::Overlay> = overlays
                .iter()
                .zip(used.iter_mut())
                .filter(|(o, _)| o.extends(file))
                .map(|(o, used)| {
                    *used = true;
                    o
                })
                .collect();
            let mut api = match openapi::load_overlaid(self.display_name(file), &bytes, &mine) {
                Ok(api) => api,
                Err(d) => {
                    batch.errors.extend(d);
                    continue;
                }
            };
            if let Some(first) = seen.insert(api.module.clone(), file.clone()) {
                batch.errors.push(
                    Diagnostic::error(
                        api.doc.root(),
                        format!(
                            "a second endpoint description with module name `{}` (the first is {})",
                            api.module,
                            first.display()
                        ),
                    )
                    .with_hint("rename one of the files: the module is named after the file"),
                );
                continue;
            }
            // The flowSpecs govern flow parts (see `openapi::governed`).
            let mut governed = openapi::governed::govern(&mut api, flow_parts);
            governed.iter_mut().for_each(|d| api.places.place(d));
            batch.warnings.extend(governed);
            let placed = match emit::client::module(&api, flow_types, self.formats, ahead) {
                Ok((m, mut w)) => {
                    w.iter_mut().for_each(|d| api.places.place(d));
                    Ok((m, w))
                }
                Err(Error::Input(mut d)) => {
                    d.iter_mut().for_each(|d| api.places.place(d));
                    Err(Error::Input(d))
                }
                Err(e) => Err(e),
            };
            batch.add(placed)?;
        }
        for (o, used) in overlays.iter().zip(used) {
            if !used {
                batch.warnings.push(
                    Diagnostic::warning(
                        Location::root(o.file.clone()),
                        match &o.extends {
                            Some(e) => format!("this overlay extends {e:?}, which is not among the endpoint descriptions; it is not applied"),
                            None => "this overlay has no `extends`, so it is applied to no endpoint description".to_owned(),
                        },
                    )
                    .with_hint("`extends` names the description to fix (its file name, or a URL ending in it)"),
                );
            }
        }
        Ok(batch)
    }

    fn schema_module(&self, input: &SchemaInput) -> Result<(Module, Vec<Diagnostic>)> {
        let doc = match &input.value {
            Some(v) => Document {
                file: std::sync::Arc::new(self.display_name(&input.file)),
                value: v.clone(),
            },
            None => self.read(&input.file)?,
        };
        let mut store = Store::new(self.remotes.clone());
        let index = store.add_doc(doc);
        let spot = Spot {
            doc: index,
            pointer: String::new(),
        };
        let base = url::Url::parse(&format!("flowgen:///schemas/{}", input.module))
            .map_err(|e| Error::Internal(e.to_string()))?;
        store.add_resource(spot.clone(), base);
        let unit = ir::build(&mut store, &[(spot, input.type_name.clone())])?;
        let types = Shaper::new(&unit, self.formats, &[]).run();
        let mut scope = ir::names::Scope::default();
        let validators =
            emit::validate::emit(&unit, self.formats, &types.entry_nodes(), &mut scope)?;
        let type_items = emit::types::emit(&types, &validators.names, None);
        let fns = validators.items;
        let file = self.display_name(&input.file);
        let doc_text = format!("Types for the JSON Schema in `{}`.", file.display());
        Ok((
            Module {
                name: input.module.clone(),
                kind: ModuleKind::Schema,
                source: file,
                doc: doc_text,
                body: emit::Items::join([
                    emit::Items::from_list(&type_items),
                    emit::Items::from_list(&fns),
                ]),
                files: Vec::new(),
                samples: Vec::new(),
                shared: Vec::new(),
            },
            unit.warnings,
        ))
    }
    /// The overlays, read; problems with them go to `batch`.
    fn overlays(&self, batch: &mut Batch) -> Result<Vec<openapi::overlay::Overlay>> {
        let mut files = self.overlay_files.clone();
        for dir in &self.overlay_dirs {
            files.extend(load::files_in(dir, &["yaml", "yml", "json"])?);
        }
        let mut out = Vec::new();
        for file in &files {
            let bytes = std::fs::read(file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            match openapi::overlay::Overlay::parse(self.display_name(file), &bytes) {
                Ok(o) => out.push(o),
                Err(d) => batch.errors.extend(d),
            }
        }
        Ok(out)
    }
}

/// Records the module name and id of a `kind` (flowSpec, connectionSpec) found `at`: a
/// second one with the same module name or id is a problem.
fn unique(
    seen: &mut BTreeMap<String, Location>,
    kind: &str,
    module: &str,
    id: &str,
    at: &Location,
    steps: &mut Vec<Step>,
) {
    for key in [format!("name {module:?}"), format!("id {id:?}")] {
        if let Some(first) = seen.get(&key) {
            steps.push(Step::Problem(
                Diagnostic::error(
                    at.clone(),
                    format!("a second {kind} with module {key} (the first is at {first})"),
                )
                .with_hint(format!(
                    "{kind} names and ids must be unique; names that differ only in case or punctuation map to the same module"
                )),
            ));
        }
        seen.insert(key, at.clone());
    }
}

/// One thing found while reading the flowSpec files, in file order.
enum Step {
    /// A problem with a file or a flowSpec.
    Problem(Diagnostic),
    /// A flowSpec to generate a module for, from its document, named `module`.
    FlowSpec(Arc<Document>, load::FlowSpec, String),
    /// A connectionSpec to generate a module for, from its document, named `module`.
    ConnectionSpec(Arc<Document>, load::connectionspec::ConnectionSpec, String),
    /// Something read leniently.
    Warning(Diagnostic),
}

/// The modules and diagnostics of one batch of work (the local inputs, or the endpoint
/// descriptions on their own thread).
#[derive(Default)]
struct Batch {
    modules: Vec<Module>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl Batch {
    /// Keeps a module and its warnings, or the input problems that prevented it; any other
    /// error stops the run.
    fn add(&mut self, made: Result<(Module, Vec<Diagnostic>)>) -> Result<()> {
        match made {
            Ok((m, w)) => {
                self.modules.push(m);
                self.warnings.extend(w);
            }
            Err(Error::Input(d)) => self.errors.extend(d),
            Err(e) => return Err(e),
        }
        Ok(())
    }
}
