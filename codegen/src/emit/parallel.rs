//! Formatting on every core: `syn` parsing and `prettyplease` take most of the generation
//! time, and each file (or top-level module) formats on its own. This module cuts a file
//! into chunks and puts their formatted texts together again; the threads that format
//! them, and `format_all`, are in `pool`.
//!
//! `proc_macro2` token streams cannot cross threads, so each job's tokens are rendered to
//! text on the calling thread and parsed again by the worker. The result does not depend
//! on the number of threads: a file cut into pieces is put together into exactly the text
//! of the file formatted whole (or formatted whole if it cannot be), and the results come
//! back in the jobs' order.
//!
//! A file of the crate layout (a flowSpec module, a file of a client's folder) is a list
//! of items as their emitters made them; it is cut between them at the top level, where
//! no shell is needed. The shells below serve the single-file layout, whose modules are
//! inline.
//!
//! Why the single-file layout keeps the shells (what was weighed, and what it costs):
//!
//! - `prettyplease` prints only a whole `syn::File`, and where it breaks a line depends on
//!   how deep the item is (its margin counts the indentation). A piece of
//!   `flow_specs::crm_to_aep` printed at the top level and indented afterwards differs from
//!   the file printed whole, so a piece has to be printed inside modules as deep as its
//!   own: the empty `mod __s {` shells, whose lines are then cut off (and checked, with
//!   the whole file formatted at once as the fallback).
//! - Parsing the pieces on the workers and printing one assembled tree is not possible
//!   without `unsafe`: `syn` trees hold `proc_macro2` identifiers, which are neither `Send`
//!   nor `Sync`, so a tree cannot leave the thread that parsed it. Parsing and printing on
//!   one thread would put the whole single file on one core (the parse is about four
//!   fifths of the formatting time, see docs/performance.md), which is what the shells
//!   avoid for the 1,000-module `flow_specs`.
//! - Writing each nested module as a formatted file of its own, the root holding
//!   `#[path = "flow_specs/crm_to_aep.rs"] pub mod crm_to_aep;`, would format every file at
//!   the top level with no shell. `rustc` resolves such a path from the `include!`d file's
//!   own directory, so it works from a build script's `OUT_DIR`. But it changes
//!   `Generated::single_file`'s contract, one self-contained text: the robustness,
//!   conformance, vendor, fuzz and snapshot tests, the benches and users' build scripts
//!   take that `String` (to parse it, compile it in a temporary crate, snapshot it, or
//!   write it where they like), and a set of files with relative paths would have to be
//!   written together by `write_single_file` instead. So it stays one text.
//!
//! The cost is the text handling in [`Chunk::shelled`]/[`Chunk::unshell`] and
//! [`Chunking::assemble`]; its output equals the file formatted whole (the tests below
//! check it on a file large enough to be cut).

use super::format_text;
use crate::diag::Result;

/// A stretch of a file to format: whole items, or a module whose items may format in
/// pieces of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region {
    /// One or more whole items, as token text.
    Items(String),
    /// One or more whole items at the top level of a file, formatted already (see
    /// `Items`): they are put in as they are. Anywhere else, and when the file is
    /// formatted whole, the text is read as token text.
    Formatted(String),
    /// A module: `head` opens it (`pub mod name {`, its inner attributes and any leading
    /// items, as token text, without the closing brace), and `body` follows.
    Module {
        /// The opening, up to the module's first part.
        head: String,
        /// The module's items.
        body: Vec<Region>,
    },
}

impl Region {
    pub(super) fn size(&self) -> usize {
        match self {
            Region::Items(text) | Region::Formatted(text) => text.len(),
            Region::Module { head, body } => {
                head.len() + body.iter().map(Region::size).sum::<usize>()
            }
        }
    }

    fn push_text(&self, out: &mut String) {
        match self {
            Region::Items(text) | Region::Formatted(text) => push_item(out, text),
            Region::Module { head, body } => {
                push_item(out, head);
                for part in body {
                    part.push_text(out);
                }
                out.push_str(" }");
            }
        }
    }
}

fn push_item(out: &mut String, text: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(text);
}

/// The whole text of `parts`, as one file.
pub(super) fn whole(parts: &[Region]) -> String {
    let mut out = String::new();
    for part in parts {
        part.push_text(&mut out);
    }
    out
}

/// A file smaller than this is formatted in one piece.
pub(super) const SMALL: usize = 64 * 1024;

/// Text formatted on its own, `depth` modules deep.
pub(super) struct Chunk {
    depth: usize,
    text: String,
}

const SHELL: &str = "mod __s {";

impl Chunk {
    pub(super) fn shelled(&self) -> String {
        let mut out = SHELL.repeat(self.depth);
        out.push_str(&self.text);
        out.push_str(&" }".repeat(self.depth));
        out
    }

    /// The formatted text of the chunk alone: the shells' lines cut off, after checking
    /// that they are what was put around it.
    fn unshell<'t>(&self, formatted: &'t str) -> Option<&'t str> {
        let mut text = formatted;
        for i in 0..self.depth {
            let indent = "    ".repeat(i);
            text = text.strip_prefix(&format!("{indent}{SHELL}\n"))?;
            text = text.strip_suffix(&format!("{indent}}}\n"))?;
            // The closing brace stood on a line of its own.
            if !text.ends_with('\n') {
                return None;
            }
        }
        Some(text)
    }
}

/// Where a formatted chunk goes in the file.
enum Slot {
    /// All of it.
    Whole(usize),
    /// A module formatted with its head alone: all but its last line, the opening.
    Open(usize),
    /// The same chunk's last line: the module's closing brace.
    Close(usize),
    /// The file's part of this index, formatted already (`Region::Formatted`).
    Ready(usize),
}

/// How a file is cut into chunks and put together again.
pub(super) struct Chunking {
    pub(super) chunks: Vec<Chunk>,
    slots: Vec<Slot>,
}

impl Chunking {
    /// One chunk when the file is small; pieces of about a quarter of one worker's share
    /// otherwise.
    pub(super) fn of(parts: &[Region], workers: usize) -> Chunking {
        let total: usize = parts.iter().map(Region::size).sum();
        let mut plan = Chunking {
            chunks: Vec::new(),
            slots: Vec::new(),
        };
        let ready = parts.iter().any(|p| matches!(p, Region::Formatted(_)));
        if workers <= 1 || total < SMALL {
            if ready {
                // One chunk between two formatted stretches.
                plan.cut(parts, 0, usize::MAX);
            } else {
                plan.chunk(0, whole(parts));
            }
        } else {
            plan.cut(parts, 0, (total / (workers * 4)).max(SMALL / 2));
        }
        plan
    }

    fn chunk(&mut self, depth: usize, text: String) {
        self.slots.push(Slot::Whole(self.chunks.len()));
        self.chunks.push(Chunk { depth, text });
    }

    /// Cuts `parts` (at `depth`) into chunks of about `target` bytes; a module at least
    /// that large is split into its head and the pieces of its body.
    fn cut(&mut self, parts: &[Region], depth: usize, target: usize) {
        let mut piece = String::new();
        for (i, part) in parts.iter().enumerate() {
            match part {
                Region::Module { head, body } if part.size() >= target => {
                    if !piece.is_empty() {
                        self.chunk(depth, std::mem::take(&mut piece));
                    }
                    let head_chunk = self.chunks.len();
                    self.chunks.push(Chunk {
                        depth,
                        text: format!("{head} }}"),
                    });
                    self.slots.push(Slot::Open(head_chunk));
                    self.cut(body, depth + 1, target);
                    self.slots.push(Slot::Close(head_chunk));
                }
                Region::Formatted(_) if depth == 0 => {
                    if !piece.is_empty() {
                        self.chunk(depth, std::mem::take(&mut piece));
                    }
                    self.slots.push(Slot::Ready(i));
                }
                _ => {
                    part.push_text(&mut piece);
                    if piece.len() >= target {
                        self.chunk(depth, std::mem::take(&mut piece));
                    }
                }
            }
        }
        if !piece.is_empty() {
            self.chunk(depth, piece);
        }
    }

    /// The text of the file of `parts` (which this cut) from its chunks' formatted texts;
    /// the file formatted whole, on this thread, if any chunk did not format or came out
    /// in an unexpected shape.
    pub(super) fn finish(
        &self,
        parts: &[Region],
        formatted: Vec<Result<String>>,
    ) -> Result<String> {
        match self.assemble(parts, formatted) {
            Some(text) => Ok(text),
            None => format_text(&whole(parts)),
        }
    }

    /// The file's text from its chunks' formatted texts, or `None` if any did not format
    /// or came out in an unexpected shape.
    fn assemble(&self, parts: &[Region], formatted: Vec<Result<String>>) -> Option<String> {
        let formatted: Vec<String> = formatted.into_iter().collect::<Result<_>>().ok()?;
        let mut texts = Vec::with_capacity(self.chunks.len());
        for (chunk, text) in self.chunks.iter().zip(&formatted) {
            texts.push(chunk.unshell(text)?);
        }
        // A module's head alone: its opening, then its closing brace on the last line.
        let split = |i: usize| {
            let text: &str = texts[i];
            let last = text.strip_suffix('\n')?.rfind('\n')? + 1;
            Some(text.split_at(last))
        };
        let mut out = String::new();
        for slot in &self.slots {
            out.push_str(match *slot {
                Slot::Whole(i) => texts[i],
                Slot::Open(i) => split(i)?.0,
                Slot::Close(i) => split(i)?.1,
                Slot::Ready(i) => match parts.get(i)? {
                    Region::Formatted(text) => text,
                    _ => return None,
                },
            });
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::format_text;
    use crate::emit::pool::format_all;
    use crate::emit::{format, ItemList, Items};
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    /// `n` items of every ending: `;`, a block, a block followed by `;`, attributes, and
    /// lines long enough that where they break depends on the indentation.
    fn items(prefix: &str, n: usize) -> TokenStream {
        let items = (0..n).map(|i| {
            let (f, s, k) = (
                format_ident!("check_{}_{}", prefix, i.to_string()),
                format_ident!("S{}{}", prefix, i.to_string()),
                format_ident!("K{}{}", prefix, i.to_string()),
            );
            quote! {
                /// A function.
                fn #f(v: &[u8]) -> bool {
                    if v.is_empty() && c.fail(&mut ok, at, "/properties/aLongishName/type", || 1) { return false; }
                    v.len() > #i
                }
                #[derive(Debug)]
                pub struct #s { pub a: Option<String> }
                static #k: Point = Point { x: #i, y: 0 };
                rt::validated!(#s);
            }
        });
        quote!(#(#items)*)
    }

    fn large_file() -> TokenStream {
        let items = items("a", 1500);
        quote! {
            #![doc = " A large file."]
            use std::fmt;
            #items
        }
    }

    /// The file put together from its pieces, without the fallback to formatting it
    /// whole (so a test sees when the pieces do not join up).
    fn pieced(parts: &[Region]) -> Option<String> {
        let plan = Chunking::of(parts, 2);
        let formatted = plan
            .chunks
            .iter()
            .map(|u| format_text(&u.shelled()))
            .collect();
        plan.assemble(parts, formatted)
    }

    /// One part per top-level item of `tokens` (each item parsed and printed back as
    /// token text, as an emitter would have made it); the file's inner attributes open
    /// its first part.
    fn parts_of(tokens: TokenStream) -> Vec<Region> {
        let file: syn::File = syn::parse2(tokens).unwrap_or_else(|e| panic!("{e}"));
        let mut list: Vec<TokenStream> = file
            .items
            .iter()
            .map(quote::ToTokens::to_token_stream)
            .collect();
        let attrs = &file.attrs;
        if let Some(first) = list.first_mut() {
            *first = quote!(#(#attrs)* #first);
        }
        Items::from_list(&ItemList(list))
            .texts()
            .map(|t| Region::Items(t.to_owned()))
            .collect()
    }

    #[test]
    fn a_file_formatted_in_pieces_equals_the_file_formatted_whole() {
        let tokens = large_file();
        let parts = parts_of(tokens.clone());
        assert!(parts.len() > 6000, "{} items", parts.len());
        assert!(Chunking::of(&parts, 2).chunks.len() > 1, "the file is cut");
        let whole = format(tokens).unwrap_or_default();
        assert!(!whole.is_empty());
        assert_eq!(pieced(&parts).as_ref(), Some(&whole));
        let parallel = format_all(vec![parts]).unwrap_or_default();
        assert_eq!(parallel, vec![whole]);
    }

    /// `pub mod name { //! doc  use ...;  items }`, as a part and as tokens.
    fn module(name: &str, n: usize) -> (Region, TokenStream) {
        let ident = format_ident!("{}", name);
        let body = items(name, n);
        let head = quote!(#![doc = " A module."] use super::*;);
        let part = Region::Module {
            head: format!("pub mod {ident} {{ {head}"),
            body: parts_of(body.clone()),
        };
        (part, quote!(pub mod #ident { #head #body }))
    }

    #[test]
    fn modules_inside_modules_format_in_pieces_as_they_do_whole() {
        let (a, a_tokens) = module("a", 900);
        let (b, b_tokens) = module("b", 40);
        let (c, c_tokens) = module("c", 700);
        let tail = quote!(
            pub fn registry() -> usize {
                3
            }
        );
        let outer = Region::Module {
            head: format!(
                "pub mod outer {{ {}",
                quote!(#![doc = " Outer."] use std::fmt;)
            ),
            body: vec![a, b, c, Region::Items(tail.to_string())],
        };
        let tokens = quote! {
            pub mod outer { #![doc = " Outer."] use std::fmt; #a_tokens #b_tokens #c_tokens #tail }
        };
        let plan = Chunking::of(std::slice::from_ref(&outer), 2);
        let deepest = plan.chunks.iter().map(|u| u.depth).max();
        assert_eq!(deepest, Some(2), "the large inner modules are split");
        assert!(plan.chunks.len() > 4);
        let whole = format(tokens).unwrap_or_default();
        assert!(
            whole.contains("\n        fn check_a_0("),
            "{}",
            &whole[..400]
        );
        let outer = vec![outer];
        assert_eq!(pieced(&outer).as_ref(), Some(&whole));
        assert_eq!(format_all(vec![outer]).unwrap_or_default(), vec![whole]);
    }

    #[test]
    fn a_module_whose_head_prints_on_one_line_is_formatted_whole() {
        let (a, a_tokens) = module("a", 1200);
        let bare = Region::Module {
            head: "pub mod bare {".to_owned(),
            body: vec![a],
        };
        let plan = Chunking::of(std::slice::from_ref(&bare), 2);
        assert!(plan.chunks.iter().any(|u| u.text == "pub mod bare { }"));
        assert_eq!(pieced(std::slice::from_ref(&bare)), None);
        let whole = format(quote!(pub mod bare { #a_tokens })).unwrap_or_default();
        assert_eq!(
            format_all(vec![vec![bare]]).unwrap_or_default(),
            vec![whole]
        );
    }

    /// The build-script file of `specs/`: the client modules are cut inside their
    /// `pub mod` (two deep), and every top-level module's pieces join up to the whole.
    #[test]
    fn the_single_file_of_specs_formats_in_pieces_as_it_does_whole() {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let generated = crate::Config::new()
            .flow_specs_in(specs.join("flowspecs"))
            .openapi_in(specs.join("openapi"))
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let jobs = crate::emit::single_file_parts(&generated.modules);
        assert_eq!(jobs.len(), 3, "flow_specs, client and shared");
        // The client's modules are large enough to be cut inside (the flowSpec and
        // shared modules are many small ones).
        assert!(
            jobs.iter()
                .any(|job| Chunking::of(job, 2).chunks.iter().any(|u| u.depth == 2)),
            "cut two deep"
        );
        for job in &jobs {
            let whole = format_text(&whole(job)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(pieced(job).as_ref(), Some(&whole));
        }
    }

    #[test]
    fn results_keep_the_order_of_the_jobs() {
        let jobs: Vec<Vec<Region>> = (0..9)
            .map(|i| {
                let name = format_ident!("f{}", i.to_string());
                vec![Region::Items(quote!(fn #name() {}).to_string())]
            })
            .collect();
        let out = format_all(jobs).unwrap_or_default();
        let expected: Vec<String> = (0..9).map(|i| format!("fn f{i}() {{}}\n")).collect();
        assert_eq!(out, expected);
    }
}
