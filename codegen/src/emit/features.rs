//! The generated crate's cargo features: one per flowSpec module, per connectionSpec
//! module and per client module, all on by default, so a user who needs a handful of
//! specs compiles only those (`default-features = false, features = ["crm-to-aep"]`).
//!
//! A feature is the module's name with `-` for `_` (and none at its end). A connectionSpec module named like
//! a flowSpec module takes `-connection` after its name, a client module named like
//! either takes `-client`, so every module has its own feature. Standalone schema
//! modules are always compiled. The single-file layout (for `include!`) has no
//! features: it is compiled as part of the user's own crate.

use super::{Gate, Items, Module, ModuleKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The feature of each flowSpec, connectionSpec and client module of a crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Features {
    /// `(module, feature)` of each flowSpec module, in module order.
    pub flow_specs: Vec<(String, String)>,
    /// `(module, feature)` of each connectionSpec module, in module order.
    pub connection_specs: Vec<(String, String)>,
    /// `(module, feature)` of each client module, in module order.
    pub clients: Vec<(String, String)>,
}

impl Features {
    /// The features of `modules`.
    pub fn of(modules: &[Module]) -> Self {
        let mut taken: BTreeSet<String> = ["default".to_owned()].into();
        let mut name = |kind: &ModuleKind, suffix: &str| -> Vec<(String, String)> {
            let mut out = Vec::new();
            for m in modules.iter().filter(|m| &m.kind == kind) {
                // `type_` (a keyword's module) is the feature `type`.
                let plain = m.name.replace('_', "-").trim_end_matches('-').to_owned();
                let mut feature = plain.clone();
                if taken.contains(&feature) {
                    feature = format!("{plain}-{suffix}");
                }
                let mut n = 2;
                while taken.contains(&feature) {
                    feature = format!("{plain}-{suffix}-{n}");
                    n += 1;
                }
                taken.insert(feature.clone());
                out.push((m.name.clone(), feature));
            }
            out
        };
        let flow_specs = name(&ModuleKind::FlowSpec, "flow");
        let connection_specs = name(&ModuleKind::ConnectionSpec, "connection");
        let clients = name(&ModuleKind::Client, "client");
        Features {
            flow_specs,
            connection_specs,
            clients,
        }
    }

    /// Whether the crate has any feature at all.
    pub fn is_empty(&self) -> bool {
        self.flow_specs.is_empty() && self.connection_specs.is_empty() && self.clients.is_empty()
    }

    /// The `[features]` table of the manifest: `default` with every feature, then each
    /// feature with what it needs (a client needs the runtime's HTTP support).
    pub fn manifest_table(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let all = || {
            self.flow_specs
                .iter()
                .chain(&self.connection_specs)
                .chain(&self.clients)
        };
        let default: Vec<String> = all().map(|(_, f)| format!("\"{f}\"")).collect();
        let mut text = format!("\n[features]\ndefault = [{}]\n", default.join(", "));
        for (_, f) in self.flow_specs.iter().chain(&self.connection_specs) {
            text.push_str(&format!("{f} = []\n"));
        }
        for (_, f) in &self.clients {
            text.push_str(&format!("{f} = [\"flowgen-runtime/client\"]\n"));
        }
        text
    }

    /// `#[cfg(any(...))]` over the client features: the `client` module is compiled
    /// when any client is.
    pub fn any_client(&self) -> TokenStream {
        let names = self.clients.iter().map(|(_, f)| f);
        quote!(#[cfg(any(#(feature = #names),*))])
    }
}

/// `#[cfg(feature = "...")]`.
pub(crate) fn cfg(feature: &str) -> TokenStream {
    quote!(#[cfg(feature = #feature)])
}

/// The `#[cfg]` of each of `gated`, for the registry over them.
pub(crate) fn cfgs(gated: &[(String, String)]) -> Vec<TokenStream> {
    gated.iter().map(|(_, f)| cfg(f)).collect()
}

/// The texts of `items` for the crate layout, each tagged by its emitter with a flowSpec
/// module it needs ([`Gate::FlowSpec`]: a client's flow marker and its `FlowSpecTypes`
/// impl) compiled only with that flowSpec's feature, one of `flow_specs`, so a client
/// compiles with any choice of flowSpecs.
pub(crate) fn gated_texts(items: &Items, flow_specs: &[(String, String)]) -> Vec<String> {
    let feature = |gate: &Gate| match gate {
        Gate::FlowSpec(module) => flow_specs.iter().find(|(m, _)| m == module),
    };
    items
        .entries()
        .map(|(text, gate)| match gate.and_then(feature) {
            Some((_, f)) => format!("{} {text}", cfg(f)),
            None => text.to_owned(),
        })
        .collect()
}

/// The `#[cfg(any(...))]` of each shared module of `modules` (in their order): the
/// features of the spec modules that name it (`Module::shared`), so it compiles when any
/// of them does and not otherwise.
pub(crate) fn shared_cfgs(modules: &[Module], features: &Features) -> Vec<TokenStream> {
    let mut users: std::collections::BTreeMap<&str, BTreeSet<&str>> = Default::default();
    for (kind, gated) in [
        (ModuleKind::FlowSpec, &features.flow_specs),
        (ModuleKind::ConnectionSpec, &features.connection_specs),
    ] {
        for m in modules.iter().filter(|m| m.kind == kind) {
            let Some((_, f)) = gated.iter().find(|(name, _)| *name == m.name) else {
                continue;
            };
            for s in &m.shared {
                users.entry(s.as_str()).or_default().insert(f.as_str());
            }
        }
    }
    modules
        .iter()
        .filter(|m| m.kind == ModuleKind::Shared)
        .map(|m| {
            let names: Vec<&&str> = users.get(m.name.as_str()).into_iter().flatten().collect();
            match names.as_slice() {
                [one] => cfg(one),
                _ => quote!(#[cfg(any(#(feature = #names),*))]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn module(name: &str, kind: ModuleKind) -> Module {
        Module {
            name: name.into(),
            kind,
            source: PathBuf::from("x.json"),
            doc: String::new(),
            body: Items::default(),
            files: Vec::new(),
            samples: Vec::new(),
            shared: Vec::new(),
        }
    }

    #[test]
    fn every_module_has_its_own_feature() {
        let modules = [
            module("crm_to_aep", ModuleKind::FlowSpec),
            module("data_lake", ModuleKind::FlowSpec),
            module("data_lake", ModuleKind::ConnectionSpec),
            module("default", ModuleKind::ConnectionSpec),
            module("flowservice", ModuleKind::Client),
            module("type_", ModuleKind::Client),
            module("schema", ModuleKind::Schema),
        ];
        let f = Features::of(&modules);
        let names = |v: &[(String, String)]| v.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>();
        assert_eq!(names(&f.flow_specs), ["crm-to-aep", "data-lake"]);
        assert_eq!(
            names(&f.connection_specs),
            ["data-lake-connection", "default-connection"]
        );
        assert_eq!(names(&f.clients), ["flowservice", "type"]);
        let table = f.manifest_table();
        assert!(table.contains("default = [\"crm-to-aep\", \"data-lake\", \"data-lake-connection\", \"default-connection\", \"flowservice\", \"type\"]"), "{table}");
        assert!(table.contains("\nflowservice = [\"flowgen-runtime/client\"]\n"));
        assert!(table.contains("\ncrm-to-aep = []\n"));
    }

    #[test]
    fn items_needing_a_flow_spec_are_gated_on_its_feature() {
        let list = |text: &str| crate::emit::ItemList(vec![text.parse().unwrap_or_default()]);
        let items = Items::join([
            Items::from_list(&list("pub struct Crm ;")),
            Items::gated(
                &list("impl X for Crm {}"),
                Some(Gate::FlowSpec("crm".into())),
            ),
            Items::gated(
                &list("pub struct Two ;"),
                Some(Gate::FlowSpec("crm_two".into())),
            ),
            Items::gated(
                &list("pub struct Gone ;"),
                Some(Gate::FlowSpec("gone".into())),
            ),
        ]);
        let features = [
            ("crm".into(), "crm".into()),
            ("crm_two".into(), "crm-two".into()),
        ];
        let gated = gated_texts(&items, &features);
        assert_eq!(
            gated,
            [
                "pub struct Crm ;",
                "# [cfg (feature = \"crm\")] impl X for Crm { }",
                "# [cfg (feature = \"crm-two\")] pub struct Two ;",
                "pub struct Gone ;",
            ]
        );
        // Without features (the single-file layout), nothing is gated.
        let plain: Vec<&str> = items.texts().collect();
        assert_eq!(gated_texts(&items, &[]), plain);
    }
}
