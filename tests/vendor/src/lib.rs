//! Clients generated (by `build.rs`) from every vendor endpoint description in
//! `../shared/adobe-openapi`, unedited, one module per file. That this crate compiles
//! under `#![deny(warnings)]` and clippy is the test; `tests/` counts the operations and
//! snapshots the warnings each description gets.

#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/vendor.rs"));
