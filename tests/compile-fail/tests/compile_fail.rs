//! A missing required member is a compile error, not a runtime one.

#[test]
fn builders_require_every_required_member() {
    let t = trybuild::TestCases::new();
    t.pass("ui/complete_builders.rs");
    t.compile_fail("ui/missing_required_interval.rs");
    t.compile_fail("ui/missing_required_run_params.rs");
    t.compile_fail("ui/once_has_no_interval.rs");
}

#[test]
fn auth_builders_require_every_required_member() {
    let t = trybuild::TestCases::new();
    t.pass("ui/complete_auth_builders.rs");
    t.compile_fail("ui/missing_required_auth_member.rs");
}
