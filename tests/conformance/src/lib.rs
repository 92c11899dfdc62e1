//! The official JSON Schema draft-07 test suite, compiled into Rust by flowgen: one
//! module per suite schema (`schemas::s_<file>_<group>::Root`), and [`validator`] to
//! reach each through the typed path users call (`TryFrom<serde_json::Value>`).
//!
//! Run `cargo test -p flowgen-conformance -- --nocapture` for the summary lines.

#[allow(clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/suite.rs"));
}

pub use generated::schemas;

include!(concat!(env!("OUT_DIR"), "/table.rs"));

/// The tests listed in `expected-failures.txt`: id (`<file>#<group>/<test>`) → reason.
pub fn expected_failures() -> std::collections::BTreeMap<String, String> {
    include_str!("../expected-failures.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, reason)) => (id.to_owned(), reason.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}
