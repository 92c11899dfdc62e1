//! The planning stage of a generated client: an endpoint description becomes a
//! [`ClientPlan`] before any code exists. The schemas that become types are chosen and
//! named ([`roots`]), the unit is built and shaped into types, and each operation becomes
//! an [`OperationPlan`]: method, parsed path template, parameters with their validators,
//! request body, response, paging and `If-Match`. The Adobe conventions the plans follow
//! are in [`adobe`]; the client emitter (`emit::client`) only renders plans.

pub(crate) mod adobe;
mod implied;
mod operation;
mod roots;
mod same;

pub use operation::{BodyKind, BodyPlan, OperationPlan, ParamPlan, Response, Segment};

use crate::diag::{Error, Result};
use crate::ir::names::{type_name, Scope};
use crate::ir::refs::{Remotes, Spot, Store};
use crate::ir::shape::Shaper;
use crate::ir::types::{DefId, DefKind, RustType, TypeSet};
use crate::ir::{self, NodeId, Unit};
use crate::openapi::Api;
use adobe::ConnectionBody;

/// What the client needs to know of a flowSpec module to type flows by it.
#[derive(Debug, Clone)]
pub struct FlowSpecTypes {
    /// The `flow_specs` module name.
    pub module: String,
    /// The flowSpec's name.
    pub name: String,
    /// Whether it has a `scheduleSpec` (type `Schedule`).
    pub schedule: bool,
    /// Whether it has an `optionSpec` (type `Options`).
    pub options: bool,
    /// Whether it has transformations (enum `Transformation`).
    pub transformations: bool,
    /// Whether it has a `runSpec` (type `RunParams`).
    pub run: bool,
}

/// Names every generated service module's items take besides schema types.
const TAKEN: &[&str] = &["Client", "DEFAULT_BASE_URL", "SERVER_URLS", "Value", "rt"];

/// Everything the client of one endpoint description is made of.
pub struct ClientPlan {
    /// The unit of every root: the typed ones, then the parameter schemas.
    pub unit: Unit,
    /// The types of the typed roots.
    pub types: TypeSet,
    /// The nodes that get validators: the types' and the parameter schemas'.
    pub entry: Vec<NodeId>,
    /// Which types get builders: those a request can send.
    pub built: Vec<bool>,
    /// One plan per operation, in document order.
    pub operations: Vec<OperationPlan>,
    /// The request body types, each once, in type order.
    pub bodies: Vec<BodyType>,
    /// The types with an etag, and its field.
    pub etags: Vec<Etag>,
    /// One marker per flowSpec of the crate, when some body is a flow.
    pub flow_markers: Vec<FlowMarker>,
    /// The components that repeat an earlier one's schema: each is a type alias.
    pub aliases: Vec<Alias>,
}

/// A component schema equal to an earlier one, generated as an alias of its type.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The alias's name.
    pub name: String,
    /// The component's pointer.
    pub pointer: String,
    /// The type it stands for.
    pub def: DefId,
}

/// A type sent as a request body.
#[derive(Debug, Clone)]
pub struct BodyType {
    /// The type.
    pub def: DefId,
    /// Whether it is a flow (checked against its flowSpec when the crate has it).
    pub flow: bool,
    /// Which connection it is, if one.
    pub connection: Option<ConnectionBody>,
}

/// A type whose `etag` member an update sends back as `If-Match`.
#[derive(Debug, Clone)]
pub struct Etag {
    /// The type.
    pub def: DefId,
    /// The Rust name of its `etag` field.
    pub field: String,
    /// Whether the member is required.
    pub required: bool,
}

/// A marker type naming a flowSpec module, for typed flows.
#[derive(Debug, Clone)]
pub struct FlowMarker {
    /// The marker's type name.
    pub name: String,
    /// The flowSpec.
    pub spec: FlowSpecTypes,
}

/// The repeated components of `api` that become aliases, with their names: those whose
/// name no builder, other alias or reserved name takes.
fn aliased(api: &Api, builders: &[String]) -> Vec<(same::Repeat, String)> {
    let mut out: Vec<(same::Repeat, String)> = Vec::new();
    for r in same::repeats(api) {
        let name = type_name(&api.schemas[r.index].0);
        let free = !TAKEN.contains(&name.as_str())
            && !builders.contains(&name)
            && !out.iter().any(|(_, n)| *n == name);
        if free {
            out.push((r, name));
        }
    }
    out
}

/// The store the unit is built from: `api`'s document with the references to `repeats`
/// pointed at their firsts, and its index there.
fn store(api: &Api, repeats: &[same::Repeat]) -> Result<(Store, usize)> {
    let mut copy = api.doc.clone();
    same::redirect(api, repeats, &mut copy.value);
    let mut store = Store::new(Remotes::default());
    let doc = store.add_doc(copy);
    let base = url::Url::parse(&format!("flowgen:///openapi/{}", api.module))
        .map_err(|e| Error::Internal(e.to_string()))?;
    store.add_resource(
        Spot {
            doc,
            pointer: String::new(),
        },
        base,
    );
    Ok((store, doc))
}

/// The plan of the client of `api`; `specs` are the crate's flowSpec modules.
pub fn plan(api: &Api, specs: &[FlowSpecTypes], formats: bool) -> Result<ClientPlan> {
    // Names of the operation builders come first, so schema types never take them.
    let mut op_names = Scope::with(TAKEN);
    let builders: Vec<String> = api
        .operations
        .iter()
        .map(|o| op_names.unique(&type_name(&o.id)))
        .collect();
    let repeats = aliased(api, &builders);
    let alias_names: Vec<String> = repeats.iter().map(|(_, n)| n.clone()).collect();
    let repeats: Vec<same::Repeat> = repeats.into_iter().map(|(r, _)| r).collect();
    let (mut store, doc) = store(api, &repeats)?;
    let mut taken: Vec<&str> = TAKEN.to_vec();
    taken.extend(builders.iter().map(String::as_str));
    taken.extend(alias_names.iter().map(String::as_str));
    let whole = Spot {
        doc,
        pointer: String::new(),
    };
    let value = store.value(&whole).unwrap_or(&serde_json::Value::Null);
    let roots = roots::assign(api, value, doc, &builders, &repeats);
    let unit = ir::build(&mut store, &roots.list)?;
    let shaped = Unit {
        nodes: unit.nodes.clone(),
        roots: unit.roots[..roots.typed].to_vec(),
        warnings: Vec::new(),
    };
    let types = Shaper::new(&shaped, formats, &taken).run();
    let node_of = |i: usize| -> NodeId { unit.roots[i].node };
    let named = |root: Option<usize>| root.map(|i| RustType::Named(types.roots[i]));
    let param_node = |pointer: &str, ty: &crate::openapi::ParamType| {
        let node = node_of(*roots.params.get(pointer)?);
        (!implied::implied(&unit, node, ty, formats)).then_some(node)
    };
    let operations: Vec<OperationPlan> = api
        .operations
        .iter()
        .zip(&builders)
        .enumerate()
        .map(|(i, (op, builder))| {
            let cx = operation::Context {
                types: &types,
                body: named(roots.body[i]),
                response: named(roots.response[i]),
                param_node: &param_node,
            };
            operation::plan(op, builder, &cx)
        })
        .collect();
    // Validators for the types, then for the parameter schemas some parameter is checked
    // against (in pointer order).
    let mut entry = types.entry_nodes();
    let checked: std::collections::BTreeSet<NodeId> = operations
        .iter()
        .flat_map(|o| o.params.iter().filter_map(|p| p.checker))
        .collect();
    entry.extend(
        roots
            .params
            .values()
            .map(|i| node_of(*i))
            .filter(|n| checked.contains(n)),
    );
    let mut body_defs: Vec<DefId> = roots
        .body
        .iter()
        .flatten()
        .map(|i| types.roots[*i])
        .collect();
    let built = types.reachable(&body_defs);
    body_defs.sort();
    body_defs.dedup();
    let bodies = body_types(&types, &body_defs, !specs.is_empty());
    let flow_markers = if bodies.iter().any(|b| b.flow) {
        flow_markers(specs)
    } else {
        Vec::new()
    };
    let etags = etags(&types);
    let aliases = aliases(api, &repeats, alias_names, &types, &roots);
    Ok(ClientPlan {
        unit,
        types,
        entry,
        built,
        operations,
        bodies,
        etags,
        flow_markers,
        aliases,
    })
}

/// The type alias of each repeated component (named `names`), standing for the type of
/// the component it repeats.
fn aliases(
    api: &Api,
    repeats: &[same::Repeat],
    names: Vec<String>,
    types: &TypeSet,
    roots: &roots::Roots,
) -> Vec<Alias> {
    repeats
        .iter()
        .zip(names)
        .filter_map(|(r, name)| {
            Some(Alias {
                name,
                pointer: api.schemas[r.index].1.pointer.clone(),
                def: types.roots[roots.component(r.first)?],
            })
        })
        .collect()
}

/// The body types with the conventions that apply to them; a flow is one only when the
/// crate has flowSpecs to check it against.
fn body_types(types: &TypeSet, defs: &[DefId], flow_specs: bool) -> Vec<BodyType> {
    defs.iter()
        .map(|&def| {
            let shape = match &types.def(def).kind {
                DefKind::Struct(s) => Some(s),
                _ => None,
            };
            BodyType {
                def,
                flow: flow_specs && shape.is_some_and(adobe::is_flow_body),
                connection: shape.and_then(adobe::connection_body),
            }
        })
        .collect()
}

fn etags(types: &TypeSet) -> Vec<Etag> {
    types
        .defs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let DefKind::Struct(shape) = &d.kind else {
                return None;
            };
            let f = adobe::etag_member(shape)?;
            Some(Etag {
                def: DefId(i),
                field: f.rust.clone(),
                required: f.required,
            })
        })
        .collect()
}

fn flow_markers(specs: &[FlowSpecTypes]) -> Vec<FlowMarker> {
    let mut scope = Scope::with(&["Client"]);
    specs
        .iter()
        .map(|s| FlowMarker {
            name: scope.unique(&type_name(&s.name)),
            spec: s.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::adobe::{ConnectionBody, PageMode};
    use super::*;
    use crate::openapi::{Method, ParamIn};

    fn plan_of(file: &str, specs: &[FlowSpecTypes]) -> ClientPlan {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs/openapi")
            .join(file);
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let api = crate::openapi::load(file, &text).unwrap_or_else(|e| panic!("{e:?}"));
        plan(&api, specs, false).unwrap_or_else(|e| panic!("{e}"))
    }

    fn op<'p>(plan: &'p ClientPlan, id: &str) -> &'p OperationPlan {
        let found = plan.operations.iter().find(|o| o.id == id);
        found.unwrap_or_else(|| panic!("no operation {id}"))
    }

    fn crm() -> FlowSpecTypes {
        FlowSpecTypes {
            module: "crm_to_aep".into(),
            name: "CRMToAEP".into(),
            schedule: true,
            options: true,
            transformations: true,
            run: false,
        }
    }

    #[test]
    fn operations_are_planned_from_the_flow_service_description() {
        let plan = plan_of("flowservice.yaml", &[crm()]);
        let list = op(&plan, "listFlows");
        assert_eq!(list.method, Method::Get);
        assert_eq!(
            (list.builder.as_str(), list.method_name.as_str()),
            ("ListFlows", "list_flows")
        );
        let paging = list.paging.as_ref().map(|p| (p.member.as_str(), &p.mode));
        let continuation = PageMode::Continuation {
            token: "continuationToken",
        };
        assert_eq!(paging, Some(("items", &continuation)));
        assert!(list
            .params
            .iter()
            .all(|p| !p.required && p.place == ParamIn::Query));
        // No lifted header is a parameter of its own.
        assert!(plan
            .operations
            .iter()
            .flat_map(|o| &o.params)
            .all(|p| adobe::lifted_header(&p.wire).is_none()));

        let get = op(&plan, "getFlow");
        assert_eq!(
            get.paging.as_ref().map(|p| &p.mode),
            Some(&PageMode::Single)
        );
        let [Segment::Literal(lit), Segment::Param(i)] = get.path.as_slice() else {
            panic!("{:?}", get.path);
        };
        assert_eq!(
            (lit.as_str(), get.params[*i].wire.as_str()),
            ("/flows/", "flowId")
        );
        assert!(
            get.params[*i].checker.is_some(),
            "path parameters are checked"
        );

        let patch = op(&plan, "patchFlow");
        assert!(patch.if_match, "an update sends the etag back");
        assert!(matches!(
            patch.body.as_ref().map(|b| &b.kind),
            Some(BodyKind::Json(Some(_)))
        ));
        assert!(matches!(op(&plan, "deleteFlow").response, Response::Empty));
    }

    #[test]
    fn body_types_follow_the_adobe_conventions() {
        let plan = plan_of("flowservice.yaml", &[crm()]);
        let name = |b: &BodyType| plan.types.def(b.def).name.clone();
        let flows: Vec<String> = plan.bodies.iter().filter(|b| b.flow).map(name).collect();
        assert!(!flows.is_empty(), "the flow request is a flow body");
        let connection = |kind| {
            plan.bodies
                .iter()
                .filter(|b| b.connection == Some(kind))
                .count()
        };
        assert_eq!(
            [
                connection(ConnectionBody::Base),
                connection(ConnectionBody::Source),
                connection(ConnectionBody::Target)
            ],
            [1, 1, 1]
        );
        assert_eq!(plan.flow_markers.len(), 1);
        assert_eq!(plan.flow_markers[0].name, "CrmToAep");
        assert!(!plan.etags.is_empty(), "stored resources carry an etag");
    }

    #[test]
    fn without_flow_specs_no_body_is_a_flow() {
        let plan = plan_of("flowservice.yaml", &[]);
        assert!(plan.bodies.iter().all(|b| !b.flow));
        assert!(plan.flow_markers.is_empty());
    }

    #[test]
    fn offset_paging_is_read_from_start_and_limit() {
        let plan = plan_of("dataprep.yaml", &[]);
        let list = op(&plan, "listMappingSets");
        let offset = PageMode::Offset {
            start: "start",
            limit: "limit",
        };
        assert_eq!(list.paging.as_ref().map(|p| &p.mode), Some(&offset));
        assert_eq!(
            list.paging.as_ref().map(|p| p.member.as_str()),
            Some("data")
        );
    }
}
