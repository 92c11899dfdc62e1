//! What a sandbox is started with: credentials, sandboxes, where the flowSpecs are.

use serde_json::Value;
use std::path::PathBuf;

/// The credentials the sandbox accepts. They are test values, not secrets, but
/// `Debug` still hides the client secret so logs stay clean when they are printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The API key (`x-api-key`), which is also the IMS client id.
    pub api_key: String,
    /// The IMS client secret accepted by the token endpoint.
    pub client_secret: String,
    /// The organization (`x-gw-ims-org-id`).
    pub org_id: String,
    /// The default sandbox (`x-sandbox-name`).
    pub sandbox_name: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key)
            .field("client_secret", &"<redacted>")
            .field("org_id", &self.org_id)
            .field("sandbox_name", &self.sandbox_name)
            .finish()
    }
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            api_key: "flow-sandbox-client".into(),
            client_secret: "flow-sandbox-secret".into(),
            org_id: "0000000000000000000000AA@AdobeOrg".into(),
            sandbox_name: "prod".into(),
        }
    }
}

/// The base connection the seed tutorial assumes exists
/// (`baseConnectionId` of its source connection).
pub const SEED_BASE_CONNECTION_ID: &str = "a5c6b647-e784-4b58-86b6-47e784ab580b";

/// Everything a sandbox is started with. `Default` gives a ready sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Accepted credentials.
    pub credentials: Credentials,
    /// Sandbox names accepted in `x-sandbox-name`, besides `credentials.sandbox_name`.
    pub extra_sandboxes: Vec<String>,
    /// Lifetime of tokens issued by the token endpoint, in seconds (sandbox clock).
    pub token_lifetime_secs: i64,
    /// Bearer tokens accepted without having been issued (never expire).
    pub static_tokens: Vec<String>,
    /// The folder of flowSpec JSON files (defaults to the repository's `specs/flowspecs`).
    pub flow_specs_dir: PathBuf,
    /// The folder of connectionSpec JSON files (defaults to the repository's
    /// `specs/connectionspecs`).
    pub connection_specs_dir: PathBuf,
    /// Connection specifications served besides the ones in `connection_specs_dir`
    /// (not checked by the generated registry).
    pub extra_connection_specs: Vec<Value>,
    /// Whether the seed's base connection ([`SEED_BASE_CONNECTION_ID`]) exists at start.
    pub seed_base_connection: bool,
    /// Port to bind on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            credentials: Credentials::default(),
            extra_sandboxes: Vec::new(),
            token_lifetime_secs: 86_400,
            static_tokens: Vec::new(),
            flow_specs_dir: default_flow_specs_dir(),
            connection_specs_dir: default_connection_specs_dir(),
            extra_connection_specs: Vec::new(),
            seed_base_connection: true,
            port: 0,
        }
    }
}

/// `specs/flowspecs` of the repository this crate is built from.
pub fn default_flow_specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("specs")
        .join("flowspecs")
}

/// `specs/connectionspecs` of the repository this crate is built from.
pub fn default_connection_specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("specs")
        .join("connectionspecs")
}

impl SandboxConfig {
    /// Whether `name` is a sandbox callers may use.
    pub fn knows_sandbox(&self, name: &str) -> bool {
        name == self.credentials.sandbox_name || self.extra_sandboxes.iter().any(|s| s == name)
    }
}
