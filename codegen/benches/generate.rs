//! Generation benchmarks (`cargo bench -p flowgen`).
//!
//! - `specs/*`: end-to-end generation of each input in `specs/` (read → IR → formatted
//!   text, nothing written): `generate` makes one file (`single_file`, as for a build
//!   script), `generate_crate` the crate's files (`Config::generate_crate`, as `cargo run
//!   -p flowgen` does); next to them the floor of reading the same files and parsing them
//!   (`serde_json`, or a YAML parse for OpenAPI descriptions).
//! - `stages/*`: the same run cut up, to see where the time goes: everything up to
//!   tokens (`Config::generate`: reading, IR, emission, and dropping the tokens again)
//!   and the formatting of those tokens (`single_file`), itself split into the `syn`
//!   parse and `prettyplease` of the pieces the formatter works on (each module's
//!   `Items` and its files' items, as their emitters made them), on one core; beside them
//!   a deep clone of the same `syn` trees, the least that building them directly
//!   (without parsing) could cost.
//! - `scale/*`: seeded synthetic flowSpec sets of 1, 10, 100 and 1,000 flowSpecs, one
//!   file each. The setup also prints time and peak heap per size and checks, loosely,
//!   that both grow linearly.
//!
//! Inputs are described by [`Input`]: `flowspecs` (`specs/flowspecs/*.json`), `openapi`
//! (`specs/openapi`, whose floor is a YAML parse) and `all` (both, as `cargo run -p
//! flowgen` reads them).

#[path = "support/peak.rs"]
mod peak;
#[path = "support/synth.rs"]
mod synth;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use flowgen::Config;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Why a benchmark could not be set up (an input that does not generate, a missing
/// file): reported by `main`, which then exits with a failure status.
type Setup<T = ()> = Result<T, String>;

#[global_allocator]
static ALLOC: peak::Counting = peak::Counting;

/// The seed of the synthetic sets (any fixed value; changing it changes every set).
const SEED: u64 = 0x5EED_F10E;

/// The sizes of the synthetic sets.
const SIZES: [usize; 4] = [1, 10, 100, 1_000];

/// One kind of generator input: its files, how to parse them without generating (the
/// floor), and the generator configuration for them.
struct Input {
    label: &'static str,
    files: Vec<PathBuf>,
    parse: fn(&[u8]) -> usize,
    config: Box<dyn Fn() -> Config>,
}

impl Input {
    fn bytes(&self) -> u64 {
        self.files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
    }

    /// Reads and parses every file, as the floor under generation.
    fn parse_all(&self) -> usize {
        self.files
            .iter()
            .map(|f| (self.parse)(&std::fs::read(f).unwrap_or_default()))
            .sum()
    }

    fn generate(&self) -> flowgen::Result<String> {
        (self.config)().generate().and_then(|g| g.single_file())
    }

    /// The crate's files, as `cargo run -p flowgen` makes them for `generated/`
    /// (`Config::generate_crate`, which formats a client's files as it makes them),
    /// without writing them.
    fn generate_crate(&self) -> flowgen::Result<usize> {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
        (self.config)()
            .generate_crate("bench", &out)
            .map(|(_, files)| files.iter().map(|(_, text)| text.len()).sum())
    }

    /// Generates once both ways, so a failure is a setup error rather than a timing of
    /// the error path.
    fn check(&self) -> Setup {
        let failed = |e: flowgen::Error| format!("{}: generation failed: {e}", self.label);
        self.generate().map_err(failed)?;
        self.generate_crate().map_err(failed)?;
        Ok(())
    }
}

/// The parse floors count the documents that parse (every one does: the generator has
/// read them all by the time a floor is measured).
fn json_nodes(bytes: &[u8]) -> usize {
    serde_json::from_slice::<serde_json::Value>(bytes).map_or(0, |v| usize::from(!v.is_null()))
}

/// JSON and YAML files alike (JSON is YAML): the floor for endpoint descriptions.
fn yaml_nodes(bytes: &[u8]) -> usize {
    serde_norway::from_slice::<serde_norway::Value>(bytes).map_or(0, |v| usize::from(!v.is_null()))
}

fn json_or_yaml_nodes(bytes: &[u8]) -> usize {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v) => usize::from(!v.is_null()),
        Err(_) => yaml_nodes(bytes),
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn files(dir: &Path, ext: &[&str]) -> Setup<Vec<PathBuf>> {
    let files = flowgen::files_in(dir, ext).map_err(|e| e.to_string())?;
    if files.is_empty() {
        return Err(format!("no {ext:?} files in {}", dir.display()));
    }
    Ok(files)
}

/// The inputs in `specs/`, each checked to generate.
fn inputs() -> Setup<Vec<Input>> {
    let specs = workspace().join("specs");
    let (flow, openapi) = (specs.join("flowspecs"), specs.join("openapi"));
    let (flow_files, openapi_files) = (
        files(&flow, &["json"])?,
        files(&openapi, &["yaml", "yml", "json"])?,
    );
    let (f, o) = (flow.clone(), openapi.clone());
    let inputs = vec![
        Input {
            label: "flowspecs",
            files: flow_files.clone(),
            parse: json_nodes,
            config: Box::new(move || Config::new().flow_specs_in(&flow)),
        },
        Input {
            label: "openapi",
            files: openapi_files.clone(),
            parse: yaml_nodes,
            config: Box::new(move || Config::new().openapi_in(&openapi)),
        },
        Input {
            label: "all",
            files: [flow_files, openapi_files].concat(),
            parse: json_or_yaml_nodes,
            config: Box::new(move || Config::new().flow_specs_in(&f).openapi_in(&o)),
        },
    ];
    inputs.iter().try_for_each(Input::check)?;
    Ok(inputs)
}

fn specs(c: &mut Criterion) -> Setup {
    for input in inputs()? {
        let mut g = c.benchmark_group(format!("specs/{}", input.label));
        g.throughput(Throughput::Bytes(input.bytes()));
        g.bench_function("parse_only", |b| b.iter(|| black_box(input.parse_all())));
        g.bench_function("generate", |b| b.iter(|| black_box(input.generate())));
        g.bench_function("generate_crate", |b| {
            b.iter(|| black_box(input.generate_crate()))
        });
        g.finish();
    }
    Ok(())
}

fn stages(c: &mut Criterion) -> Setup {
    for input in inputs()?.into_iter().filter(|i| i.label != "all") {
        let mut g = c.benchmark_group(format!("stages/{}", input.label));
        let config = (input.config)();
        g.bench_function("to_tokens", |b| {
            b.iter(|| black_box(config.generate().map(|g| g.modules.len())))
        });
        let generated = config
            .generate()
            .map_err(|e| format!("{}: {e}", input.label))?;
        g.bench_function("format", |b| {
            b.iter(|| black_box(generated.single_file().map(|s| s.len())))
        });
        // `format` is, for each piece of each file (an item or a run of items as its
        // emitter made it, on several cores), a `syn` parse of its tokens, then
        // `prettyplease`. The pieces of the modules alone (without the registry, the
        // headers and the `mod` shells) on one core show the split.
        let pieces = generated
            .modules
            .iter()
            .flat_map(|m| {
                let files = m.files.iter().flat_map(|f| f.items.texts());
                m.body.texts().chain(files)
            })
            .map(|text| text.parse::<proc_macro2::TokenStream>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        g.bench_function("format/syn_parse", |b| {
            b.iter_batched(
                || pieces.clone(),
                |pieces| {
                    let parsed = pieces.into_iter().map(syn::parse2::<syn::File>);
                    black_box(
                        parsed
                            .map(|f| f.map_or(0, |f| f.items.len()))
                            .sum::<usize>(),
                    )
                },
                BatchSize::LargeInput,
            )
        });
        let files = pieces
            .into_iter()
            .map(syn::parse2::<syn::File>)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        g.bench_function("format/prettyplease", |b| {
            b.iter(|| {
                black_box(
                    files
                        .iter()
                        .map(|f| prettyplease::unparse(f).len())
                        .sum::<usize>(),
                )
            })
        });
        // The least that building the same `syn` tree directly, without a parse, could
        // cost: allocating (and dropping) every node once, as a deep clone does.
        g.bench_function("format/syn_tree_clone", |b| {
            b.iter(|| black_box(files.clone().len()))
        });
        g.finish();
    }
    Ok(())
}

/// A synthetic set written to a temporary directory (one file per flowSpec).
struct Synthetic {
    dir: tempfile::TempDir,
    bytes: u64,
}

impl Synthetic {
    fn new(count: usize) -> Setup<Self> {
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        let mut bytes = 0;
        for (name, text) in synth::set(SEED, count) {
            bytes += text.len() as u64;
            let path = dir.path().join(name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(Synthetic { dir, bytes })
    }

    fn config(&self) -> Config {
        Config::new().flow_specs_in(self.dir.path())
    }

    fn generate(&self) -> flowgen::Result<String> {
        self.config().generate().and_then(|g| g.single_file())
    }
}

/// One size's figures from the setup run.
struct Row {
    count: usize,
    median: Duration,
    peak: usize,
    lines: usize,
    bytes: u64,
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// Times and measures every size once (outside criterion, to print one table and check
/// linearity), then fails if per-flowSpec cost at the largest size is far above the cost
/// at the middle sizes. The bound is loose on purpose: the machine is shared and noisy.
fn linearity(sets: &[(usize, Synthetic)]) -> Setup {
    let mut rows = Vec::new();
    for (count, set) in sets {
        let (peak, text) = peak::peak_of(|| set.generate());
        let text = text.map_err(|e| format!("synthetic set of {count}: {e}"))?;
        let repeats = (2_000 / count).clamp(2, 50);
        let runs = (0..repeats)
            .map(|_| {
                let t = Instant::now();
                black_box(set.generate().is_ok());
                t.elapsed()
            })
            .collect();
        rows.push(Row {
            count: *count,
            median: median(runs),
            peak,
            lines: text.lines().count(),
            bytes: set.bytes,
        });
    }
    eprintln!("\nscale (median of repeated runs; peak = heap high-water mark of one run):");
    eprintln!(
        "{:>6} {:>10} {:>12} {:>14} {:>10} {:>12} {:>10}",
        "specs", "input KiB", "time ms", "µs/flowSpec", "peak MiB", "KiB/flowSpec", "lines"
    );
    for r in &rows {
        eprintln!(
            "{:>6} {:>10.1} {:>12.2} {:>14.1} {:>10.2} {:>12.1} {:>10}",
            r.count,
            r.bytes as f64 / 1024.0,
            r.median.as_secs_f64() * 1e3,
            r.median.as_secs_f64() * 1e6 / r.count as f64,
            r.peak as f64 / (1 << 20) as f64,
            r.peak as f64 / 1024.0 / r.count as f64,
            r.lines
        );
    }
    let per = |r: &Row| r.median.as_secs_f64() / r.count as f64;
    let mem = |r: &Row| r.peak as f64 / r.count as f64;
    let (last, mid) = (&rows[rows.len() - 1], &rows[rows.len() - 2]);
    let time_ratio = per(last) / per(mid);
    let mem_ratio = mem(last) / mem(mid);
    eprintln!(
        "growth {}→{}: time per flowSpec ×{time_ratio:.2}, peak per flowSpec ×{mem_ratio:.2} (1.00 = linear)\n",
        mid.count, last.count
    );
    if time_ratio < 2.5 && mem_ratio < 2.5 {
        Ok(())
    } else {
        Err(format!(
            "generation grows faster than linearly: ×{time_ratio:.2} time, ×{mem_ratio:.2} memory per flowSpec from {} to {}",
            mid.count, last.count
        ))
    }
}

fn scale(c: &mut Criterion) -> Setup {
    let sets = SIZES
        .iter()
        .map(|&n| Ok((n, Synthetic::new(n)?)))
        .collect::<Setup<Vec<(usize, Synthetic)>>>()?;
    // Criterion runs a bench's closure only when its name passes the filter, so the
    // (slow) linearity table is made there, once, before the first size is measured.
    let mut checked = false;
    let mut linear = Ok(());
    let mut g = c.benchmark_group("scale");
    // Ten samples of one run each: the 1,000 case takes tens of seconds per run.
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_secs(1));
    for (count, set) in &sets {
        g.throughput(Throughput::Elements(*count as u64));
        g.measurement_time(Duration::from_secs(if *count >= 1_000 { 60 } else { 5 }));
        g.bench_function(format!("{count}"), |b| {
            if !std::mem::replace(&mut checked, true) {
                linear = linearity(&sets);
            }
            b.iter(|| black_box(set.generate()))
        });
    }
    g.finish();
    linear
}

/// Runs every group; a setup error stops the run with a failure status and the reason
/// (criterion's own macros have no way to return one).
fn main() -> ExitCode {
    let mut c = Criterion::default().configure_from_args();
    let outcome = specs(&mut c)
        .and_then(|()| stages(&mut c))
        .and_then(|()| scale(&mut c));
    c.final_summary();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benchmark setup failed: {e}");
            ExitCode::FAILURE
        }
    }
}
