// The cloud storage source's `Access Key Auth` entry requires `accessKeyId` and
// `secretAccessKey`: a builder without the secret does not compile.
use aep_flows::connection_specs::cloud_object_storage::{AccessKeyAuthParams, Auth};

fn main() {
    let params = AccessKeyAuthParams::builder().access_key_id("AKIA").build();
    let _auth: Result<Auth, _> = params.map(Auth::from);
}
