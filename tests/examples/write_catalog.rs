//! Writes a seeded catalog (`flow_sandbox::seeded::catalog`) as `specs/` files:
//! `cargo run -p flowgen-tests --example write_catalog -- DIR SEED FLOWS CONNECTIONS`
//! writes `DIR/flowspecs/*.json` and `DIR/connectionspecs/*.json`, for measuring
//! `flowgen generate` on it (.ci/catalog-scale).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, seed, flows, connections] = args.as_slice() else {
        eprintln!("usage: write_catalog DIR SEED FLOWS CONNECTIONS");
        return ExitCode::FAILURE;
    };
    let (Ok(seed), Ok(flows), Ok(connections)) = (
        seed.parse::<u64>(),
        flows.parse::<usize>(),
        connections.parse::<usize>(),
    ) else {
        eprintln!("SEED, FLOWS and CONNECTIONS are numbers");
        return ExitCode::FAILURE;
    };
    let catalog = flow_sandbox::seeded::catalog(seed, flows, connections);
    if let Err(e) = catalog.write_to(std::path::Path::new(dir)) {
        eprintln!("{dir}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
