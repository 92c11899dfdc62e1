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
