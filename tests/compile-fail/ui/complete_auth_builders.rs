// With every required auth member set, the builder compiles, and the auth enum takes it.
use aep_flows::connection_specs::cloud_object_storage::{AccessKeyAuthParams, Auth};

fn main() -> Result<(), aep_flows::ValidationErrors> {
    let params = AccessKeyAuthParams::builder()
        .access_key_id("AKIA")
        .secret_access_key("s3cr3t")
        .build()?;
    let auth = Auth::from(params);
    assert_eq!(auth.spec_name(), "Access Key Auth");
    assert!(!format!("{auth:?}").contains("s3cr3t"));
    Ok(())
}
