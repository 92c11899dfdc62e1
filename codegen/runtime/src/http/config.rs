//! Client configuration: the four Adobe headers, the auth provider, retries, timeouts.

use super::auth::AuthProvider;
use super::error::Error;
use super::retry::{Clock, RetryPolicy, TokioClock};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

pub use crate::secret::Secret;

pub(crate) struct Inner {
    pub(crate) api_key: Secret,
    pub(crate) org_id: String,
    pub(crate) sandbox: String,
    pub(crate) auth: Arc<dyn AuthProvider>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) http: reqwest::Client,
}

/// What every call shares: credentials, the sandbox, the retry policy, timeouts and the
/// connection pool. Cheap to clone. Build one with [`Api::builder`].
#[derive(Clone)]
pub struct Api {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Api")
            .field("api_key", &i.api_key)
            .field("org_id", &i.org_id)
            .field("sandbox", &i.sandbox)
            .field("auth", &i.auth)
            .field("retry", &i.retry)
            .field("timeout", &i.timeout)
            .finish()
    }
}

impl Api {
    /// Starts a configuration.
    pub fn builder() -> ApiBuilder {
        ApiBuilder::default()
    }

    /// The IMS organization id sent as `x-gw-ims-org-id`.
    pub fn org_id(&self) -> &str {
        &self.inner.org_id
    }

    /// The sandbox name sent as `x-sandbox-name`.
    pub fn sandbox(&self) -> &str {
        &self.inner.sandbox
    }
}

/// Builds an [`Api`]. The API key, organization, sandbox and auth provider are required.
#[derive(Default)]
pub struct ApiBuilder {
    api_key: Option<Secret>,
    org_id: Option<String>,
    sandbox: Option<String>,
    auth: Option<Arc<dyn AuthProvider>>,
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    clock: Option<Arc<dyn Clock>>,
}

impl fmt::Debug for ApiBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiBuilder")
            .field("api_key", &self.api_key)
            .field("org_id", &self.org_id)
            .field("sandbox", &self.sandbox)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl ApiBuilder {
    /// The API key (client id), sent as `x-api-key`.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The IMS organization id (`...@AdobeOrg`), sent as `x-gw-ims-org-id`.
    pub fn org_id(mut self, org: impl Into<String>) -> Self {
        self.org_id = Some(org.into());
        self
    }

    /// The sandbox name, sent as `x-sandbox-name`.
    pub fn sandbox(mut self, sandbox: impl Into<String>) -> Self {
        self.sandbox = Some(sandbox.into());
        self
    }

    /// Where access tokens come from ([`super::StaticToken`], [`super::ImsOAuth`], ...).
    pub fn auth(mut self, provider: impl AuthProvider + 'static) -> Self {
        self.auth = Some(Arc::new(provider));
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The timeout of one attempt of a call, from sending to the end of the answer
    /// (default 60 s). A builder's `.timeout(...)` overrides it for one call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The timeout for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The clock used for retry delays (default: tokio's timer). Tests pass a virtual
    /// clock to observe delays without waiting.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The configuration; fails when a required setting is missing.
    pub fn build(self) -> Result<Api, Error> {
        let mut missing = Vec::new();
        if self.api_key.is_none() {
            missing.push("api_key");
        }
        if self.org_id.is_none() {
            missing.push("org_id");
        }
        if self.sandbox.is_none() {
            missing.push("sandbox");
        }
        if self.auth.is_none() {
            missing.push("auth");
        }
        let (Some(api_key), Some(org_id), Some(sandbox), Some(auth)) =
            (self.api_key, self.org_id, self.sandbox, self.auth)
        else {
            return Err(Error::Config(format!(
                "missing client settings: {}",
                missing.join(", ")
            )));
        };
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Api {
            inner: Arc::new(Inner {
                api_key,
                org_id,
                sandbox,
                auth,
                retry: self.retry.unwrap_or_default(),
                timeout: self.timeout.unwrap_or(Duration::from_secs(60)),
                clock: self.clock.unwrap_or_else(|| Arc::new(TokioClock)),
                http,
            }),
        })
    }
}

/// One service (an [`Api`] and the base URL of its endpoints); generated clients wrap one.
#[derive(Clone, Debug)]
pub struct Service {
    pub(crate) api: Api,
    pub(crate) base: String,
}

impl Service {
    /// The service at `base_url` (a trailing `/` is ignored).
    pub fn new(api: &Api, base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        Service {
            api: api.clone(),
            base,
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }
}
