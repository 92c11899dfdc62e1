//! Formatting ahead of the layout: the crate layout's items whose text is final as soon
//! as their emitter is done are formatted by the threads that make them, while the
//! generation goes on (see `client::jobs`).

/// Whether emitters format the files that are final once emitted ([`Ahead::FORMAT`], for
/// the crate layout: [`Config::generate_crate`]) or leave all of them as token text
/// ([`Ahead::NONE`], as for [`Config::generate`]: the single-file layout nests its
/// modules, and formats them inline).
///
/// An item is final unless it needs a flowSpec's feature (which is known only once every
/// module is). Formatted pieces are put into the crate layout's file as they are, and the
/// rest is formatted between them ([`crate_files_in`]), so the file is the same either
/// way.
///
/// [`Config::generate_crate`]: crate::Config::generate_crate
/// [`crate_files_in`]: super::crate_files_in
/// [`Config::generate`]: crate::Config::generate
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ahead(bool);

impl Ahead {
    /// Nothing is formatted ahead.
    pub const NONE: Ahead = Ahead(false);

    /// Files that are final once emitted are formatted by their emitters.
    pub const FORMAT: Ahead = Ahead(true);

    /// Whether emitters format their final files.
    pub fn formats(self) -> bool {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::ModuleKind;
    use crate::Config;
    use std::path::Path;

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

    #[test]
    fn files_formatted_ahead_make_the_same_crate() {
        let config = specs();
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
        let generated = config.generate().unwrap_or_else(|e| panic!("{e}"));
        let settings = generated
            .crate_settings("aep-flows", &out)
            .unwrap_or_else(|e| panic!("{e}"));
        let later = generated
            .crate_files(&settings)
            .unwrap_or_else(|e| panic!("{e}"));
        let ahead = config
            .generate_with(Ahead::FORMAT)
            .unwrap_or_else(|e| panic!("{e}"));
        let files = ahead
            .crate_files(&settings)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files, later, "byte-identical files, in the same order");
        let public = config
            .generate_crate("aep-flows", &out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(public.1, later);
        // What was formatted ahead: every client file but a types file with a flow
        // marker (which needs a flowSpec's feature); nothing without `FORMAT`.
        let forms = |g: &crate::Generated, file: &str| -> Vec<(bool, bool)> {
            let clients = g.modules.iter().filter(|m| m.kind == ModuleKind::Client);
            let files = clients.flat_map(|m| m.files.iter().filter(|f| f.name == file));
            let form = |f: &crate::emit::ModuleFile| {
                let formatted: Vec<bool> = f.items.forms().map(|(_, done)| done).collect();
                (formatted.iter().all(|d| *d), formatted.iter().any(|d| *d))
            };
            files.map(form).collect()
        };
        for file in ["validate", "requests", "operations"] {
            let made = forms(&ahead, file);
            assert!(
                !made.is_empty() && made.iter().all(|(all, _)| *all),
                "{file}: {made:?}"
            );
            assert!(forms(&generated, file).iter().all(|(_, any)| !any));
        }
        // In a types file, every piece is formatted but the flow markers, which wait for
        // their flowSpec's feature.
        let types: Vec<&crate::emit::ModuleFile> = ahead
            .modules
            .iter()
            .filter(|m| m.kind == ModuleKind::Client)
            .flat_map(|m| m.files.iter().filter(|f| f.name == "types"))
            .collect();
        let pieces = types
            .iter()
            .flat_map(|f| f.items.entries().zip(f.items.forms()));
        let (gated, ungated): (Vec<_>, Vec<_>) = pieces.partition(|((_, gate), _)| gate.is_some());
        assert!(!gated.is_empty() && !ungated.is_empty());
        assert!(gated.iter().all(|(_, (_, formatted))| !formatted));
        assert!(ungated.iter().all(|(_, (_, formatted))| *formatted));
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
    fn formatted_pieces_and_token_text_make_the_file_formatted_whole() {
        use crate::emit::parallel::Region;
        use crate::emit::pool::format_all;
        use crate::emit::{format, format_parts};
        use quote::{format_ident, quote};
        let items: Vec<proc_macro2::TokenStream> = (0..600usize)
            .map(|i| {
                let f = format_ident!("check_{}", i);
                quote! {
                    /// A function whose line breaks where the margin says.
                    pub(super) fn #f(v: &[u8], c: &mut Vec<u8>) -> bool {
                        if v.is_empty() && c.iter().any(|x| usize::from(*x) == #i) { return false; }
                        v.len() > #i
                    }
                }
            })
            .collect();
        let head = quote!(#![doc = " A file."] #[allow(unused_imports)] use super::*;);
        let whole = format(quote!(#head #(#items)*)).unwrap_or_else(|e| panic!("{e}"));
        // Every third stretch of 50 items formatted ahead, the others left as text.
        let mut parts = vec![Region::Items(head.to_string())];
        for (n, piece) in items.chunks(50).enumerate() {
            let tokens = quote!(#(#piece)*);
            parts.push(if n % 3 == 0 {
                Region::Formatted(format(tokens).unwrap_or_else(|e| panic!("{e}")))
            } else {
                Region::Items(tokens.to_string())
            });
        }
        assert_eq!(
            format_parts(&parts).unwrap_or_else(|e| panic!("{e}")),
            whole
        );
        let pooled = format_all(vec![parts]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pooled, [whole]);
    }
}
