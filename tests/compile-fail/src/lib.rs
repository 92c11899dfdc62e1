//! Compile-fail tests of generated builders live in `tests/` and `ui/`; this library is empty.
