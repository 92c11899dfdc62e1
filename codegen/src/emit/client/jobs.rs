//! A client's files, made in jobs on two threads.
//!
//! The work is cut into jobs (the request builders, the `impl Client`, the types a few
//! at a time), and each of two threads takes the next job and makes its items. One of
//! them makes the validators first, which are one pass over the whole unit.
//!
//! For the crate layout ([`Ahead::FORMAT`](crate::emit::Ahead)) each job's items are
//! also formatted on the thread that made their tokens. Tokens cannot leave their
//! thread, so handing them to a formatting pool means printing them as text and lexing
//! that text again on the other side: about a tenth of the generation time for the
//! vendor's Flow Service. A job's formatted text is that of its items printed at the
//! top level of a file, which is where the crate layout writes them, so the files are
//! the same as when formatted whole ([`Items`]). A flow marker needs a flowSpec's
//! feature, known only when the crate is laid out: it stays token text, and the layout
//! formats it between the formatted pieces. Without `FORMAT` (the single-file layout,
//! whose modules are nested) every job gives token text.

use super::{builder, marks, service, ClientPlan, Render};
use crate::diag::Result;
use crate::emit::tokens::ident;
use crate::emit::{Gate, ItemList, Items};
use proc_macro2::{Ident, TokenStream};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many types a job makes: small enough that the two threads finish together.
const TYPES_PER_JOB: usize = 16;

/// How many validators are formatted as one file.
const VALIDATORS_PER_PIECE: usize = 64;

/// A piece of a client's files that either thread can make.
#[derive(Debug, Clone, PartialEq)]
enum Job {
    /// The request builders.
    Requests,
    /// The `impl Client`.
    Operations,
    /// The types of this range of definitions.
    Types(std::ops::Range<usize>),
    /// What follows the types: the body, flow, etag and alias impls.
    TypesTail,
}

/// The items of a client's files: validators, types, requests and operations.
pub(super) struct Files {
    pub validate: Items,
    pub types: Items,
    pub requests: Items,
    pub operations: Items,
}

/// Makes a client's files on this thread and a second one, formatted when `format`
/// (see the module docs); `names` are the validator functions' names
/// (`validate::names`).
pub(super) fn files(
    plan: &ClientPlan,
    formats: bool,
    names: &[String],
    format: bool,
) -> Result<Files> {
    let jobs = jobs(plan);
    let next = AtomicUsize::new(0);
    let work = || take_jobs(plan, names, &jobs, &next, format);
    let (validate, mine, theirs) = std::thread::scope(|s| {
        let theirs = s.spawn(work);
        let validate = validators(plan, formats, names, format);
        // Once the validators are done, this thread takes jobs too.
        let mine = work();
        let theirs = theirs
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (validate, mine, theirs)
    });
    // Every job was taken once, so each slot gets its items.
    let mut pieces = vec![Items::default(); jobs.len()];
    for (i, items) in mine?.into_iter().chain(theirs?) {
        pieces[i] = items;
    }
    let mut of = |file: fn(&Job) -> bool| {
        let parts = jobs.iter().zip(pieces.iter_mut()).filter(|(j, _)| file(j));
        Items::join(parts.map(|(_, p)| std::mem::take(p)))
    };
    Ok(Files {
        requests: of(|j| *j == Job::Requests),
        operations: of(|j| *j == Job::Operations),
        types: of(|j| matches!(j, Job::Types(_) | Job::TypesTail)),
        validate: validate?,
    })
}

/// Every job, the larger ones first.
fn jobs(plan: &ClientPlan) -> Vec<Job> {
    let defs = plan.types.defs.len();
    let mut jobs = vec![Job::Requests, Job::Operations];
    jobs.extend(
        (0..defs)
            .step_by(TYPES_PER_JOB)
            .map(|start| Job::Types(start..defs.min(start + TYPES_PER_JOB))),
    );
    jobs.push(Job::TypesTail);
    jobs
}

/// Takes jobs until none is left: the items of each, by job index.
fn take_jobs(
    plan: &ClientPlan,
    names: &[String],
    jobs: &[Job],
    next: &AtomicUsize,
    format: bool,
) -> Result<Vec<(usize, Items)>> {
    let idents: Vec<Ident> = names.iter().map(|n| ident(n)).collect();
    let render = Render {
        types: &plan.types,
        validators: &idents,
    };
    let mut done = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(i) else {
            return Ok(done);
        };
        done.push((i, make(plan, &render, job, format)?));
    }
}

/// The items of `job`, formatted when `format`, but for flow markers.
fn make(plan: &ClientPlan, render: &Render<'_>, job: &Job, format: bool) -> Result<Items> {
    let types = &plan.types;
    let items = |list: Vec<TokenStream>| {
        if format {
            formatted(list)
        } else {
            Ok(Items::from_list(&ItemList(list)))
        }
    };
    match job {
        Job::Requests => {
            let builders = plan
                .operations
                .iter()
                .map(|op| builder::builder(op, render));
            items(builders.collect())
        }
        Job::Operations => items(vec![service::client_impl(&plan.operations, render)]),
        Job::Types(range) => {
            let list = crate::emit::types::emit_range(
                types,
                render.validators,
                Some(&plan.built),
                range.clone(),
            );
            items(list.0)
        }
        Job::TypesTail => {
            let mut bodies = marks::bodies(&plan.bodies, types);
            let mut rest = marks::etags(&plan.etags, types);
            rest.extend(marks::aliases(&plan.aliases, types));
            if plan.flow_markers.is_empty() {
                bodies.extend(rest);
                return items(bodies);
            }
            // Each flow marker needs its flowSpec module.
            let markers = plan.flow_markers.iter().map(|m| {
                let gate = Some(Gate::FlowSpec(m.spec.module.clone()));
                Items::gated(&ItemList(marks::flow_marker(m)), gate)
            });
            Ok(Items::join(
                std::iter::once(items(bodies)?)
                    .chain(markers)
                    .chain([items(rest)?]),
            ))
        }
    }
}

/// The validators, made (and formatted when `format`) on this thread.
fn validators(plan: &ClientPlan, formats: bool, names: &[String], format: bool) -> Result<Items> {
    let made = crate::emit::validate::emit_shared(&plan.unit, formats, &plan.entry, names)?;
    if !format {
        return Ok(Items::from_list(&made.items));
    }
    let mut items = made.items.0.into_iter().peekable();
    let mut texts = Vec::new();
    while items.peek().is_some() {
        let piece: TokenStream = items.by_ref().take(VALIDATORS_PER_PIECE).collect();
        texts.push(crate::emit::format(piece)?);
    }
    Ok(Items::formatted(texts))
}

/// `items` formatted as one piece (none when there are no items).
fn formatted(items: Vec<TokenStream>) -> Result<Items> {
    if items.is_empty() {
        return Ok(Items::default());
    }
    Ok(Items::formatted(vec![crate::emit::format(
        items.into_iter().collect(),
    )?]))
}
