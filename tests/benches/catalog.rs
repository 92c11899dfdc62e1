//! Generation at organization scale (issue 16 item 4): `cargo bench -p flowgen-tests
//! --bench catalog`.
//!
//! - `catalog/600`: the seeded catalog of 200 flowSpecs and 400 connectionSpecs
//!   (`flow_sandbox::seeded::catalog`), written to a temp dir and generated into the
//!   crate's files (read → IR → formatted text, nothing written), as `flowgen generate`
//!   does. Goal: ≤ 3 s.
//! - `curve/N`: 1, 10, 100 and 1,000 seeded flowSpecs (no connectionSpecs).
//!
//! Before the timed runs, the setup prints for each set the time and heap high-water mark
//! of one run (goal for the catalog: ≤ 400 MiB), the lines of the generated crate, and
//! the lines per flowSpec, connectionSpec and shared type module (goal for a flowSpec
//! whose parts exist already: ≤ 100). The process's resident peak is measured on the
//! release binary by `.ci/catalog-scale` (see docs/performance.md).

// flowgen's own counting allocator; without its `mimalloc` feature (which this package
// does not have) it counts around the system allocator.
#[allow(unexpected_cfgs)]
#[path = "../../codegen/benches/support/peak.rs"]
mod peak;

use criterion::{Criterion, SamplingMode};
use flow_sandbox::seeded;
use flowgen::{Config, CrateSettings, RuntimeSource};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: peak::Counting = peak::Counting;

/// The seed of every set (any fixed value).
const SEED: u64 = 16;

/// The sizes of the flowSpec curve.
const CURVE: [usize; 4] = [1, 10, 100, 1_000];

/// A seeded catalog on disk and how to generate it.
struct Set {
    label: String,
    _dir: tempfile::TempDir,
    specs: PathBuf,
}

impl Set {
    fn new(label: String, flows: usize, connections: usize) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let specs = dir.path().join("specs");
        let catalog = seeded::catalog(SEED, flows, connections);
        catalog.write_to(&specs).map_err(|e| e.to_string())?;
        Ok(Set {
            label,
            _dir: dir,
            specs,
        })
    }

    /// The crate's files, as `flowgen generate --specs <specs>` makes them.
    fn generate(&self) -> Result<Vec<(PathBuf, String)>, String> {
        let generated = Config::new()
            .flow_specs_in(self.specs.join("flowspecs"))
            .connection_specs_in(self.specs.join("connectionspecs"))
            .names_relative_to(&self.specs)
            .generate()
            .map_err(|e| format!("{}: {e}", self.label))?;
        let out = self.specs.with_file_name("out");
        let settings = CrateSettings::with_runtime(
            "catalog-flows",
            &out,
            &RuntimeSource::Version("0.1.0".into()),
        )
        .map_err(|e| e.to_string())?;
        generated
            .crate_files(&settings)
            .map_err(|e| format!("{}: {e}", self.label))
    }

    /// Prints one run's time, heap peak and lines (in all, per flowSpec and per
    /// connectionSpec module).
    fn report(&self) -> Result<(), String> {
        let start = Instant::now();
        let (peak, files) = peak::peak_of(|| self.generate());
        let elapsed = start.elapsed();
        let files = files?;
        let lines = |under: &str| -> Vec<usize> {
            files
                .iter()
                .filter(|(p, _)| p.starts_with(under) && !p.ends_with("mod.rs"))
                .map(|(_, t)| t.lines().count())
                .collect()
        };
        let total: usize = files.iter().map(|(_, t)| t.lines().count()).sum();
        let describe = |mut v: Vec<usize>| {
            v.sort_unstable();
            match (v.first(), v.last()) {
                (Some(lo), Some(hi)) => format!(
                    "{} modules, {}..{} lines, median {}, mean {}",
                    v.len(),
                    lo,
                    hi,
                    v[v.len() / 2],
                    v.iter().sum::<usize>() / v.len()
                ),
                _ => "none".to_owned(),
            }
        };
        eprintln!(
            "{}: {:.2} s, heap peak {:.1} MiB, {total} lines; flowSpecs: {}; connectionSpecs: {}; shared types: {}",
            self.label,
            elapsed.as_secs_f64(),
            peak as f64 / (1024.0 * 1024.0),
            describe(lines("src/flow_specs")),
            describe(lines("src/connection_specs")),
            describe(lines("src/shared")),
        );
        Ok(())
    }
}

fn bench(c: &mut Criterion, wanted: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let mut sets = vec![Set::new("catalog/600".into(), 200, 400)?];
    for n in CURVE {
        sets.push(Set::new(format!("curve/{n}"), n, 0)?);
    }
    sets.retain(|s| wanted(&s.label));
    eprintln!("\none run each (heap peak = allocator high-water mark):");
    for set in &sets {
        set.report()?;
    }
    for set in &sets {
        let mut group = c.benchmark_group(set.label.clone());
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("generate_crate", |b| {
            b.iter(|| black_box(set.generate()).map(|f| f.len()))
        });
        group.finish();
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut c = Criterion::default().configure_from_args();
    // Criterion's own filter decides what runs; the setup skips sets no filter names.
    let filter: Option<String> = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-') && a != "--bench");
    let wanted = move |label: &str| filter.as_deref().map_or(true, |f| label.contains(f));
    if let Err(e) = bench(&mut c, &wanted) {
        eprintln!("benchmark setup failed: {e}");
        return ExitCode::FAILURE;
    }
    c.final_summary();
    ExitCode::SUCCESS
}
