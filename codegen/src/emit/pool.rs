//! The formatting pool: files are queued as jobs, cut into chunks (see `parallel`), and
//! the chunks are formatted by the pool's threads, largest first, while the thread that
//! queued them goes on.
//!
//! [`Pool::run`] starts one thread fewer than the machine has cores and joins them before
//! it returns, whatever the closure did: closing the pool drops the chunks still queued,
//! and each thread finishes at most the chunk it holds. The thread that wants results
//! ([`Pool::texts`]) formats queued chunks itself until none is left, so every core
//! works, then waits for the chunks in flight.
//!
//! A job's parts may hold text formatted already (`Region::Formatted`: a client's
//! files, formatted where their tokens were made, see `client::jobs`): that text is put
//! into the file as it is, and only the parts between are formatted here.

use super::format_text;
use super::parallel::{Chunking, Region, SMALL};
use crate::diag::{Error, Result};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Formats each of `jobs` (a file's parts) as a whole file, in parallel on a pool of its
/// own; the texts come back in order.
///
/// A large file is cut between items into pieces that format on their own: `prettyplease`
/// prints a module's items one after another, each from a fresh line at the module's
/// indentation, so the pieces' texts join into the text of the whole. A piece inside a
/// module is formatted inside as many empty shells (`mod __s { ... }`) as the module is
/// deep, so it breaks its lines at the same indentation, and the shells' lines are then
/// cut off; a split module's own opening and closing lines come from formatting it with
/// its head alone. Should anything not come out as expected, the file is formatted whole.
pub fn format_all(jobs: Vec<Vec<Region>>) -> Result<Vec<String>> {
    // No more threads than chunks: a file is cut only when large, into pieces of at least
    // half of `SMALL` (its module heads aside), so small inputs start none.
    let size: usize = jobs.iter().flatten().map(Region::size).sum();
    let chunks = jobs.len() + size / (SMALL / 2);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Pool::with_workers(cores.min(chunks), |pool| {
        let ids: Vec<JobId> = jobs.into_iter().map(|job| pool.queue(job)).collect();
        pool.texts(&ids)
    })
}

/// A queue of formatting jobs and the threads that work on it (see the module docs).
pub(crate) struct Pool {
    state: Mutex<State>,
    /// Signalled when a chunk is queued or formatted, and when the pool closes.
    changed: Condvar,
    /// The threads that format, the caller of [`Pool::texts`] included.
    workers: usize,
}

/// A job of a [`Pool`], in queueing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JobId(usize);

#[derive(Default)]
struct State {
    queue: BinaryHeap<Task>,
    jobs: Vec<Job>,
    /// Chunks queued so far (orders equal sizes first come, first served).
    queued: usize,
    closed: bool,
}

/// A file's parts, how they are cut, and the formatted chunks as they come.
struct Job {
    input: Arc<Input>,
    results: Vec<Option<Result<String>>>,
    /// Chunks not formatted yet.
    pending: usize,
    /// Whether [`Pool::texts`] has given its text.
    asked: bool,
}

/// What a job was queued with.
struct Input {
    parts: Vec<Region>,
    plan: Chunking,
}

/// One chunk to format: its text, shells included.
struct Task {
    text: String,
    seq: usize,
    job: usize,
    chunk: usize,
}

impl Ord for Task {
    /// Larger chunks first, so a large file does not start last; then queueing order.
    fn cmp(&self, other: &Self) -> Ordering {
        self.text
            .len()
            .cmp(&other.text.len())
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Task {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Task {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Task {}

/// Closes the pool when dropped, also when the closure of [`Pool::run`] unwinds, so its
/// threads stop waiting and the scope can join them.
struct Closer<'p>(&'p Pool);

impl Drop for Closer<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

impl Pool {
    /// Runs `f` with a pool of as many threads as the machine has cores (the caller of
    /// [`Pool::texts`] being one); they are joined before this returns.
    pub fn run<T>(f: impl FnOnce(&Pool) -> T) -> T {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Pool::with_workers(cores, f)
    }

    /// [`Pool::run`] with `workers` threads (at least one: the caller).
    pub fn with_workers<T>(workers: usize, f: impl FnOnce(&Pool) -> T) -> T {
        let pool = Pool {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            workers: workers.max(1),
        };
        std::thread::scope(|s| {
            for _ in 1..pool.workers {
                s.spawn(|| pool.work());
            }
            let _close = Closer(&pool);
            f(&pool)
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked holding the lock left the state whole: every change
        // under it is a push, a pop or a store.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a file given as its parts; its chunks start formatting on a free thread.
    pub fn queue(&self, parts: Vec<Region>) -> JobId {
        let plan = Chunking::of(&parts, self.workers);
        let tasks: Vec<String> = plan.chunks.iter().map(|c| c.shelled()).collect();
        let mut state = self.lock();
        let job = state.jobs.len();
        for (chunk, text) in tasks.into_iter().enumerate() {
            let seq = state.queued;
            state.queued += 1;
            state.queue.push(Task {
                text,
                seq,
                job,
                chunk,
            });
        }
        state.jobs.push(Job {
            results: plan.chunks.iter().map(|_| None).collect(),
            pending: plan.chunks.len(),
            asked: false,
            input: Arc::new(Input { parts, plan }),
        });
        drop(state);
        self.changed.notify_all();
        JobId(job)
    }

    /// The formatted text of each of `jobs`, in order. Until they are done, this thread
    /// formats queued chunks (of any job), or waits while other threads hold the last.
    pub fn texts(&self, jobs: &[JobId]) -> Result<Vec<String>> {
        let mut state = self.lock();
        while jobs
            .iter()
            .any(|id| state.jobs.get(id.0).is_some_and(|j| j.pending > 0))
        {
            state = match state.queue.pop() {
                Some(task) => {
                    drop(state);
                    self.format(task);
                    self.lock()
                }
                None => self
                    .changed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
            };
        }
        let mut done = Vec::with_capacity(jobs.len());
        for id in jobs {
            let job = state
                .jobs
                .get_mut(id.0)
                .ok_or_else(|| Error::Internal("an unknown formatting job".into()))?;
            job.asked = true;
            // Copies: a job asked for twice keeps its results for the second time.
            let results: Vec<Result<String>> = job
                .results
                .iter()
                .map(|r| match r {
                    Some(Ok(text)) => Ok(text.clone()),
                    Some(Err(_)) | None => Err(Error::Internal("a chunk did not format".into())),
                })
                .collect();
            done.push((Arc::clone(&job.input), results));
        }
        drop(state);
        done.into_iter()
            .map(|(input, results)| input.plan.finish(&input.parts, results))
            .collect()
    }

    /// A background thread: formats chunks until the pool closes.
    fn work(&self) {
        let mut state = self.lock();
        loop {
            if state.closed {
                return;
            }
            match state.queue.pop() {
                Some(task) => {
                    drop(state);
                    self.format(task);
                    state = self.lock();
                }
                None => {
                    state = self
                        .changed
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
    }

    /// Formats `task` and stores the result. A panic in the formatter is kept as an error
    /// of the chunk, so nobody waits for it; the file is then formatted whole by the
    /// thread that asks for it, which meets the panic again.
    fn format(&self, task: Task) {
        let result = std::panic::catch_unwind(|| format_text(&task.text))
            .unwrap_or_else(|_| Err(Error::Internal("the formatter panicked on a chunk".into())));
        let mut state = self.lock();
        if let Some(job) = state.jobs.get_mut(task.job) {
            if let Some(slot) = job.results.get_mut(task.chunk) {
                *slot = Some(result);
                job.pending = job.pending.saturating_sub(1);
            }
        }
        drop(state);
        self.changed.notify_all();
    }

    /// How many jobs were queued, and how many of them nobody asked for yet.
    #[cfg(test)]
    pub fn counts(&self) -> (usize, usize) {
        let state = self.lock();
        let unasked = state.jobs.iter().filter(|j| !j.asked).count();
        (state.jobs.len(), unasked)
    }

    /// Drops the chunks still queued and lets the threads go.
    fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.queue.clear();
        drop(state);
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::format;
    use proc_macro2::TokenStream;
    use quote::{format_ident, quote};

    /// A file of `n` functions and structs, one part each after a head with inner
    /// attributes (as a crate-layout file is), and its tokens.
    fn file(name: &str, n: usize) -> (Vec<Region>, TokenStream) {
        let head = quote!(#![doc = " A file."] #[allow(unused_imports)] use super::*;);
        let items: Vec<TokenStream> = (0..n)
            .map(|i| {
                let f = format_ident!("check_{}_{}", name, i);
                let s = format_ident!("S{}{}", name, i);
                quote! {
                    /// A function with a long enough line to break at some indentation.
                    pub(super) fn #f(v: &[u8]) -> bool {
                        if v.is_empty() && c.fail(&mut ok, at, "/properties/aLongishName/type", || 1) { return false; }
                        v.len() > #i
                    }
                    #[derive(Debug)]
                    pub struct #s { pub a: Option<String> }
                }
            })
            .collect();
        let mut parts = vec![Region::Items(head.to_string())];
        parts.extend(items.iter().map(|t| Region::Items(t.to_string())));
        (parts, quote!(#head #(#items)*))
    }

    fn formatted(tokens: TokenStream) -> String {
        format(tokens).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_file_queued_first_is_cut_and_formats_as_it_does_whole() {
        let (parts, tokens) = file("a", 1200);
        let whole = formatted(tokens);
        let (small, small_tokens) = file("b", 3);
        for workers in [1, 2, 3] {
            let texts = Pool::with_workers(workers, |pool| {
                let first = pool.queue(parts.clone());
                let chunks = Chunking::of(&parts, pool.workers).chunks.len();
                assert_eq!(
                    chunks > 1,
                    workers > 1,
                    "cut when there are threads to share"
                );
                // Later, a file queued after it, asked for first.
                let other = pool.queue(small.clone());
                let texts = pool.texts(&[other, first]);
                assert_eq!(pool.counts(), (2, 0), "nothing formatted for nothing");
                texts
            });
            let texts = texts.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(texts, vec![formatted(small_tokens.clone()), whole.clone()]);
        }
    }

    #[test]
    fn texts_come_back_in_the_order_asked_whatever_the_sizes() {
        let files: Vec<(Vec<Region>, TokenStream)> =
            (0..7).map(|i| file(&format!("f{i}"), 40 * i + 1)).collect();
        let texts = Pool::run(|pool| {
            let ids: Vec<JobId> = files.iter().map(|(p, _)| pool.queue(p.clone())).collect();
            let reversed: Vec<JobId> = ids.iter().rev().copied().collect();
            pool.texts(&reversed)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let expected: Vec<String> = files
            .iter()
            .rev()
            .map(|(_, t)| formatted(t.clone()))
            .collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn a_file_that_does_not_parse_is_an_error_not_a_wait() {
        let (mut parts, _) = file("c", 900);
        parts.insert(400, Region::Items("fn broken( {".to_owned()));
        let result = Pool::with_workers(2, |pool| {
            let id = pool.queue(parts);
            pool.texts(&[id])
        });
        match result {
            Err(Error::Internal(message)) => {
                assert!(message.contains("generated code"), "{message}")
            }
            other => panic!("expected an internal error, got {other:?}"),
        }
    }

    #[test]
    fn a_pool_left_early_drops_its_queue_and_joins_its_threads() {
        let (parts, _) = file("d", 3000);
        let started = std::time::Instant::now();
        let left: Result<()> = Pool::with_workers(2, |pool| {
            pool.queue(parts);
            Err(Error::Internal("stopped early".into()))
        });
        assert!(matches!(left, Err(Error::Internal(m)) if m == "stopped early"));
        // At most the chunk in flight was formatted, not the whole queue: a generous bound
        // that formatting every chunk on one thread would still meet, so this is a check
        // that `run` returned at all (a thread left waiting would hang the test).
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
    }

    #[test]
    fn a_panic_in_the_caller_closes_the_pool_and_comes_back() {
        let (parts, _) = file("e", 2000);
        let outcome = std::panic::catch_unwind(|| {
            Pool::with_workers(2, |pool| {
                pool.queue(parts);
                panic!("the caller failed");
            })
        });
        assert!(
            outcome.is_err(),
            "the panic comes back once the threads are joined"
        );
    }
}
