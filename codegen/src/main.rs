//! The `flowgen` command: `generate` (the default) writes the generated crate, `check`
//! says whether the one on disk is up to date, `init` scaffolds a repository, `diff`
//! reports the API changes between two states of the specs.

use clap::{Parser, Subcommand};
use flowgen::check::{compare, write_tree};
use flowgen::init::{Layout, Outcome};
use flowgen::{Config, Diagnostic, Error, RuntimeSource, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "flowgen",
    version,
    about = "Generates a typed, validating Rust crate from flowSpecs"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Args, Clone)]
struct Paths {
    /// The inputs: `DIR/flowspecs/*.json` holds flowSpecs, `DIR/connectionspecs/*.json`
    /// connectionSpecs, `DIR/openapi/` endpoint descriptions (OpenAPI 3, YAML or JSON),
    /// `DIR/overlays/` overlays applied to them (when present). Default: `specs/` of the
    /// workspace.
    #[arg(long)]
    specs: Option<PathBuf>,
    /// The generated crate's directory. Default: `generated/` of the workspace.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The generated crate's package name.
    #[arg(long, default_value = "aep-flows")]
    crate_name: String,
    /// Where the generated crate takes `flowgen-runtime` from: a version (`0.1.0`),
    /// `path:DIR` (written relative to `--out`) or `git:URL[#REV]`. Default: this
    /// flowgen's version (a relative path inside flowgen's own workspace).
    #[arg(long, value_name = "VERSION|path:DIR|git:URL[#REV]")]
    runtime: Option<RuntimeSource>,
    /// Treats every warning as an error (a vendor quirk read leniently, an unknown
    /// keyword, ...).
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args)]
struct Init {
    /// The repository to scaffold (created if need be). Default: the current directory.
    dir: Option<PathBuf>,
    /// Scaffold one crate whose build.rs generates the code at every build, instead of a
    /// workspace with the generated crate committed in `generated/`.
    #[arg(long)]
    build_rs: bool,
    /// The generated crate's package name.
    #[arg(long, default_value = "aep-flows")]
    crate_name: String,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates the crate in `--out` from `--specs` (the default command).
    Generate(Paths),
    /// Exits non-zero, with a diff summary, if `--out` differs from what would be generated.
    Check(Paths),
    /// Scaffolds a repository: `specs/`, the generated crate, a workspace, a README and a
    /// CI job running `flowgen check`. Overwrites nothing: exits 1, writing nothing, when
    /// a file exists with other content.
    Init(Init),
    /// Reports the API changes between two states of the specs (`--base REV`, or `--from
    /// DIR --to DIR`), each classified breaking, additive or documentation-only.
    Diff(flowgen::diff::cli::DiffArgs),
    /// Mirrors the organization's flowSpecs and connectionSpecs into `specs/` (credentials
    /// from `FLOWGEN_*` environment variables; see docs/pull.md). `--check` exits 1 when
    /// `specs/` differs from the service.
    #[cfg(feature = "pull")]
    Pull(flowgen::pull::cli::PullArgs),
}

/// The workspace this binary was built in (so `cargo run -p flowgen` works from anywhere
/// in it); the current directory when run elsewhere.
fn default_root() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf);
    match (workspace, std::env::current_dir()) {
        (Some(ws), Ok(cwd)) if cwd.starts_with(&ws) => ws,
        (_, Ok(cwd)) => cwd,
        (Some(ws), Err(_)) => ws,
        (None, Err(_)) => PathBuf::from("."),
    }
}

fn run(cli: Cli) -> Result<bool, Error> {
    match cli.command {
        None => generate(false, None),
        Some(Command::Generate(p)) => generate(false, Some(p)),
        Some(Command::Check(p)) => generate(true, Some(p)),
        Some(Command::Init(i)) => init(i),
        Some(Command::Diff(d)) => flowgen::diff::cli::run(d, &default_root()),
        #[cfg(feature = "pull")]
        Some(Command::Pull(p)) => match flowgen::pull::cli::run(p, default_root().join("specs")) {
            0 => Ok(true),
            1 => Ok(false),
            _ => Err(Error::Input(Vec::new())),
        },
    }
}

/// `flowgen init`: prints what it wrote, or every file in the way.
fn init(args: Init) -> Result<bool, Error> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let layout = if args.build_rs {
        Layout::BuildScript
    } else {
        Layout::Committed
    };
    let Outcome {
        written,
        unchanged,
        conflicts,
    } = flowgen::init::init(&dir, layout, &args.crate_name)?;
    if !conflicts.is_empty() {
        eprintln!(
            "error: {} file(s) in {} are in the way (they exist with other content, or as directories); init overwrites nothing and wrote nothing:",
            conflicts.len(),
            dir.display()
        );
        for c in &conflicts {
            eprintln!("  {}", c.display());
        }
        return Ok(false);
    }
    for w in &written {
        say(format_args!("wrote {}", dir.join(w).display()));
    }
    if written.is_empty() {
        say(format_args!(
            "{} is already scaffolded ({} files unchanged)",
            dir.display(),
            unchanged.len()
        ));
    } else {
        let next = match layout {
            Layout::Committed => "put flowSpecs into specs/flowspecs/, then run `flowgen generate`",
            Layout::BuildScript => "put flowSpecs into specs/flowspecs/, then run `cargo build`",
        };
        say(format_args!("next: {next} (see README.md)"));
    }
    Ok(true)
}

/// `flowgen generate` (or `check` when `check`).
fn generate(check: bool, paths: Option<Paths>) -> Result<bool, Error> {
    let root = default_root();
    // Paths not given are the workspace's, wherever in it the command runs.
    let specs = paths
        .as_ref()
        .and_then(|p| p.specs.clone())
        .unwrap_or_else(|| root.join("specs"));
    let out = paths
        .as_ref()
        .and_then(|p| p.out.clone())
        .unwrap_or_else(|| root.join("generated"));
    let runtime = paths.as_ref().and_then(|p| p.runtime.clone());
    let strict = paths.as_ref().is_some_and(|p| p.strict);
    let crate_name = paths
        .map(|p| p.crate_name)
        .unwrap_or_else(|| "aep-flows".into());
    let mut config = Config::new()
        .flow_specs_in(specs.join("flowspecs"))
        .connection_specs_in(specs.join("connectionspecs"))
        .openapi_in(specs.join("openapi"))
        .overlays_in(specs.join("overlays"))
        .names_relative_to(&specs)
        .strict(strict);
    if let Some(source) = runtime {
        config = config.runtime(source);
    }
    // The crate's files format on every core while the modules are generated.
    let (generated, files) = config
        .generate_crate(&crate_name, &out)
        .map_err(|e| match e {
            Error::Input(diagnostics) => {
                report(&specs, &diagnostics);
                Error::Input(Vec::new())
            }
            other => other,
        })?;
    let warnings: Vec<Diagnostic> = generated
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning)
        .cloned()
        .collect();
    report(&specs, &warnings);
    if check {
        let report = compare(&out, &files);
        if !report.is_up_to_date() {
            say(format_args!("{}", flowgen::diff::check_summary(&specs)));
        }
        say(format_args!("{report}"));
        return Ok(report.is_up_to_date());
    }
    let report = write_tree(&out, &files)?;
    let count =
        |kind: flowgen::ModuleKind| generated.modules.iter().filter(|m| m.kind == kind).count();
    let n = format!(
        "{} flowSpec modules, {} connectionSpec modules, {} client modules, {} shared type modules",
        count(flowgen::ModuleKind::FlowSpec),
        count(flowgen::ModuleKind::ConnectionSpec),
        count(flowgen::ModuleKind::Client),
        count(flowgen::ModuleKind::Shared)
    );
    if report.is_up_to_date() {
        say(format_args!("{} is up to date ({n})", out.display()));
    } else {
        say(format_args!(
            "wrote {} ({n}, {} file(s) changed)",
            out.display(),
            report.changes.len()
        ));
    }
    Ok(true)
}

/// Prints diagnostics as cargo does, with the source line of each (its file is named
/// relative to `specs`).
fn report(specs: &Path, diagnostics: &[Diagnostic]) {
    let mut texts: std::collections::BTreeMap<&Path, String> = Default::default();
    for d in diagnostics {
        let file: &Path = &d.location.file;
        texts
            .entry(file)
            .or_insert_with(|| std::fs::read_to_string(specs.join(file)).unwrap_or_default());
    }
    // Each file's lines are found once, not once per diagnostic.
    let sources: std::collections::BTreeMap<&Path, flowgen::diag::Source<'_>> = texts
        .iter()
        .map(|(file, text)| (*file, flowgen::diag::Source::new(file, text)))
        .collect();
    for d in diagnostics {
        match sources.get(&**d.location.file) {
            Some(source) => eprintln!("{}\n", d.render_in(source)),
            None => eprintln!("{d}\n"),
        }
    }
    if !diagnostics.is_empty() {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diagnostics.len() - errors;
        if errors == 0 {
            eprintln!("{warnings} warning(s)");
        } else {
            eprintln!("{errors} error(s), {warnings} warning(s)");
        }
    }
}

/// Prints a line to stdout; a closed pipe (`flowgen check | head`) is not an error.
fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(Error::Input(d)) if d.is_empty() => ExitCode::from(2),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
