//! Formatting on every core: `syn` parsing and `prettyplease` take most of the generation
//! time, and each file (or top-level module) formats on its own.
//!
//! `proc_macro2` token streams cannot cross threads, so each job's tokens are rendered to
//! text on the calling thread and parsed again by the worker. The result does not depend
//! on the number of threads: every job is formatted whole, and the results come back in
//! the jobs' order.

use super::format_text;
use crate::diag::{Error, Result};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Formats each of `jobs` (a file's top-level items as token text) as a whole file, in
/// parallel; the texts come back in order.
///
/// A large file is cut between top-level items into pieces that format on their own:
/// `prettyplease` prints a file's items one after another, so the pieces' texts join
/// into the text of the whole. Should a piece not parse on its own, the file is
/// formatted whole instead.
pub fn format_all(jobs: Vec<Vec<String>>) -> Result<Vec<String>> {
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    let files: Vec<Vec<String>> = jobs.iter().map(|items| pieces(items, workers)).collect();
    let texts: Vec<&str> = files.iter().flatten().map(String::as_str).collect();
    let mut formatted = format_texts(&texts, workers)?.into_iter();
    let mut out = Vec::with_capacity(files.len());
    for (file, job) in files.iter().zip(&jobs) {
        let parts: Vec<Result<String>> = formatted.by_ref().take(file.len()).collect();
        if file.len() > 1 && parts.iter().any(Result::is_err) {
            out.push(format_text(&job.join(" "))?);
        } else {
            out.push(parts.into_iter().collect::<Result<Vec<String>>>()?.concat());
        }
    }
    Ok(out)
}

/// `items` joined into pieces of about a quarter of one worker's share (one piece when
/// the file is small).
fn pieces(items: &[String], workers: usize) -> Vec<String> {
    const SMALL: usize = 64 * 1024;
    let total: usize = items.iter().map(String::len).sum();
    if workers <= 1 || total < SMALL {
        return vec![items.join(" ")];
    }
    let target = (total / (workers * 4)).max(SMALL / 2);
    let mut out = Vec::new();
    let mut piece = String::new();
    for item in items {
        if !piece.is_empty() {
            piece.push(' ');
        }
        piece.push_str(item);
        if piece.len() >= target {
            out.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        out.push(piece);
    }
    out
}

/// Formats `texts` on `workers` threads; the results come back in order.
fn format_texts(texts: &[&str], workers: usize) -> Result<Vec<Result<String>>> {
    let workers = workers.min(texts.len());
    // Largest first, so a big file does not start last.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
    let results: Vec<Mutex<Option<Result<String>>>> =
        texts.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let formatted = format_text(texts[i]);
            if let Ok(mut slot) = results[i].lock() {
                *slot = Some(formatted);
            }
        }
    };
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 1..workers {
                s.spawn(work);
            }
            work();
        });
    }
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .ok_or_else(|| Error::Internal("a formatting job did not finish".into()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{format, Items};
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    /// A file large enough to be cut into pieces, with items of every ending: `;`,
    /// a block, a block followed by `;`, attributes and inner attributes.
    fn large_file() -> TokenStream {
        let items = (0..1500).map(|i| {
            let (f, s, k) = (
                format_ident!("check_{}", i.to_string()),
                format_ident!("S{}", i.to_string()),
                format_ident!("K{}", i.to_string()),
            );
            quote! {
                /// A function.
                fn #f(v: &[u8]) -> bool { if v.is_empty() { return false; } v.len() > #i }
                #[derive(Debug)]
                pub struct #s { pub a: Option<String> }
                static #k: Point = Point { x: #i, y: 0 };
                rt::validated!(#s);
            }
        });
        quote! {
            #![doc = " A large file."]
            use std::fmt;
            #(#items)*
        }
    }

    #[test]
    fn a_file_formatted_in_pieces_equals_the_file_formatted_whole() {
        let tokens = large_file();
        let items = Items::from_tokens(tokens.clone());
        assert!(items.texts().len() > 6000, "{} items", items.texts().len());
        assert!(pieces(items.texts(), 2).len() > 1, "the file is cut");
        let whole = format(tokens).unwrap_or_default();
        assert!(!whole.is_empty());
        let parallel = format_all(vec![items.texts().to_vec()]).unwrap_or_default();
        assert_eq!(parallel, vec![whole]);
    }

    #[test]
    fn results_keep_the_order_of_the_jobs() {
        let jobs: Vec<Vec<String>> = (0..9)
            .map(|i| {
                let name = format_ident!("f{}", i.to_string());
                vec![quote!(fn #name() {}).to_string()]
            })
            .collect();
        let out = format_all(jobs).unwrap_or_default();
        let expected: Vec<String> = (0..9).map(|i| format!("fn f{i}() {{}}\n")).collect();
        assert_eq!(out, expected);
    }
}
