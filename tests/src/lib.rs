//! Shared helpers for flowgen integration tests.
