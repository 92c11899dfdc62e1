//! The `flowgen pull` command line: its flags, and how its outcome is printed.

use super::{pull, Credentials, Mode, Options, SpecKind, DEFAULT_BASE_URL};
use std::io::Write;
use std::path::PathBuf;

/// `flowgen pull`'s flags.
#[derive(clap::Args, Debug, Clone)]
pub struct PullArgs {
    /// The platform URL; the Flow Service is below it, at `/data/foundation/flowservice`.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Pull flowSpecs (without this or `--connection-specs`: both kinds).
    #[arg(long)]
    pub flow_specs: bool,
    /// Pull connectionSpecs (without this or `--flow-specs`: both kinds).
    #[arg(long)]
    pub connection_specs: bool,
    /// A `property` filter sent with each list request (repeatable), e.g.
    /// `--property 'name=="CRMToAEP"'`. A spec the filters no longer select is removed.
    #[arg(long = "property", value_name = "FILTER")]
    pub properties: Vec<String>,
    /// Writes nothing; exits 1, listing what differs, when `specs/` is not what the
    /// service serves.
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Writes nothing; lists what a pull would add, change and remove (exits 0).
    #[arg(long)]
    pub dry_run: bool,
    /// The `specs/` folder. Default: `specs/` of the workspace.
    #[arg(long, value_name = "DIR")]
    pub specs: Option<PathBuf>,
    /// Specs asked for per page.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
}

fn say(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Runs `flowgen pull` with credentials from the environment. The exit code: 0 done (or
/// up to date), 1 `--check` found differences, 2 an error (printed, without secrets).
pub fn run(args: PullArgs, default_specs: PathBuf) -> u8 {
    let credentials = match Credentials::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let specs_dir = args.specs.clone().unwrap_or(default_specs);
    let mut options = Options::new(args.base_url.as_str(), specs_dir.clone(), credentials);
    options.kinds = match (args.flow_specs, args.connection_specs) {
        (true, false) => vec![SpecKind::FlowSpec],
        (false, true) => vec![SpecKind::ConnectionSpec],
        _ => SpecKind::ALL.to_vec(),
    };
    options.properties = args.properties.clone();
    options.page_size = args.limit;
    options.progress = true;
    options.mode = if args.check || args.dry_run {
        Mode::Compare
    } else {
        Mode::Write
    };
    let report = match pull(&options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if report.is_up_to_date() {
        say(format_args!(
            "{} is up to date ({} specs)",
            specs_dir.display(),
            report.unchanged
        ));
        return 0;
    }
    say(format_args!("{report}"));
    if args.check {
        eprintln!(
            "{} differs from the service; run `flowgen pull` to update it",
            specs_dir.display()
        );
        return 1;
    }
    0
}
