//! Files formatted ahead: the crate layout's files that are final as soon as their emitter
//! is done start formatting on the pool (see `pool`) while the generation goes on.

use super::pool::Pool;
use super::{file_job, parallel::Region, ModuleFile};

/// Where an emitter hands a file of a module's folder that is final once emitted, so that
/// it formats on an idle core while the generation goes on ([`Config::generate_crate`]).
///
/// A file is final when none of its items needs a flowSpec's feature (which is known only
/// once every module is): its text in the crate layout is then [`file_job`] of the file
/// alone, and [`crate_files_in`] finds it queued by that text. Without a pool
/// ([`Ahead::NONE`], as for [`Config::generate`]) nothing is queued: the single-file
/// layout formats its modules inline, from other text.
///
/// [`Config::generate_crate`]: crate::Config::generate_crate
/// [`crate_files_in`]: super::crate_files_in
/// [`Config::generate`]: crate::Config::generate
#[derive(Clone, Copy)]
pub(crate) struct Ahead<'p>(Option<&'p Pool>);

impl<'p> Ahead<'p> {
    /// Nothing is formatted ahead.
    pub const NONE: Ahead<'static> = Ahead(None);

    /// Files are queued on `pool`.
    pub fn to(pool: &'p Pool) -> Self {
        Ahead(Some(pool))
    }

    /// Queues `file` if it is final (see [`Ahead`]).
    pub fn file(self, file: &ModuleFile) {
        let Some(pool) = self.0 else { return };
        if file.items.entries().all(|(_, gate)| gate.is_none()) {
            pool.queue(file_job(file, &[]).into_iter().map(Region::Items).collect());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{crate_files_in, ModuleKind};
    use crate::{Config, Result};
    use std::path::{Path, PathBuf};

    /// `specs/` as `flowgen generate` reads it: flowSpecs, connectionSpecs and clients,
    /// some of whose types carry flow markers (gated by a flowSpec's feature).
    fn specs() -> Config {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        Config::new()
            .flow_specs_in(specs.join("flowspecs"))
            .connection_specs_in(specs.join("connectionspecs"))
            .openapi_in(specs.join("openapi"))
            .overlays_in(specs.join("overlays"))
            .names_relative_to(&specs)
    }

    /// The crate's files, as [`crate::Generated::crate_files`] gives them.
    type Files = Vec<(PathBuf, String)>;

    /// The crate's files with the client files queued ahead, how many were, and how many
    /// of those the layout never asked for.
    fn ahead(config: &Config, out: &Path) -> Result<(Files, usize, usize)> {
        Pool::run(|pool| {
            let generated = config.generate_with(Ahead::to(pool))?;
            let (queued, _) = pool.counts();
            let settings = generated.crate_settings("aep-flows", out)?;
            let files = crate_files_in(&generated.modules, &settings, pool)?;
            let (_, unasked) = pool.counts();
            Ok((files, queued, unasked))
        })
    }

    #[test]
    fn files_queued_ahead_are_all_used_and_the_crate_is_the_same() {
        let config = specs();
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
        let generated = config.generate().unwrap_or_else(|e| panic!("{e}"));
        let settings = generated
            .crate_settings("aep-flows", &out)
            .unwrap_or_else(|e| panic!("{e}"));
        let later = generated
            .crate_files(&settings)
            .unwrap_or_else(|e| panic!("{e}"));
        let (files, queued, unasked) = ahead(&config, &out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files, later, "byte-identical files, in the same order");
        let clients = generated
            .modules
            .iter()
            .filter(|m| m.kind == ModuleKind::Client)
            .count();
        // Each client's validators, requests and operations; its types too unless a flow
        // marker in them needs a flowSpec's feature.
        assert!(clients > 0);
        assert!(
            (3 * clients..=4 * clients).contains(&queued),
            "{queued} files queued ahead for {clients} clients"
        );
        assert_eq!(unasked, 0, "nothing was formatted for nothing");
        let public = config
            .generate_crate("aep-flows", &out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(public.1, later);
    }

    #[test]
    fn a_failed_generation_stops_the_pool_with_its_errors() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("broken.yaml");
        std::fs::write(&file, "openapi: 3.0.0\npaths: [").unwrap_or_else(|e| panic!("{e}"));
        let result = Config::new()
            .openapi_file(&file)
            .generate_crate("broken", dir.path());
        match result {
            Err(crate::Error::Input(d)) => {
                assert!(
                    d.iter().any(|d| d.location.file.ends_with("broken.yaml")),
                    "{d:?}"
                )
            }
            other => panic!("expected input errors, got {other:?}"),
        }
    }

    #[test]
    fn only_files_whose_items_need_no_feature_are_queued() {
        let made = crate::emit::ModuleFile {
            name: "validate".into(),
            doc: "Validators.".into(),
            items: crate::emit::Items::single(quote::quote!(
                fn f() {}
            )),
        };
        Pool::with_workers(1, |pool| {
            Ahead::to(pool).file(&made);
            assert_eq!(pool.counts(), (1, 1));
            let gated = crate::emit::ModuleFile {
                items: crate::emit::Items::gated(
                    &crate::emit::ItemList(vec![quote::quote!(
                        fn g() {}
                    )]),
                    Some(crate::emit::Gate::FlowSpec("crm".into())),
                ),
                ..made.clone()
            };
            Ahead::to(pool).file(&gated);
            assert_eq!(pool.counts(), (1, 1), "a gated file waits for the features");
        });
    }
}
