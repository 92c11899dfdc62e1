//! Client configuration: the four Adobe headers, the auth provider, retries, timeouts,
//! the answer size limit and the plain-HTTP opt-in.

use super::auth::AuthProvider;
use super::error::Error;
use super::guard::DEFAULT_MAX_RESPONSE_BYTES;
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
    pub(crate) max_response_bytes: u64,
    pub(crate) allow_insecure_http: bool,
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
            .field("max_response_bytes", &i.max_response_bytes)
            .field("allow_insecure_http", &i.allow_insecure_http)
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
    max_response_bytes: Option<u64>,
    allow_insecure_http: bool,
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

    /// The largest answer body read, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](super::DEFAULT_MAX_RESPONSE_BYTES), 64 MiB). A longer
    /// answer fails the call with [`Error::TooLarge`] without being read further. A
    /// builder's `.max_response_bytes(...)` overrides it for one call.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Lets service URLs use plain `http://` to hosts that are not loopback, sending the
    /// access token, API key, organization and sandbox in clear text (default `false`:
    /// such a call fails with [`Error::InsecureHttp`] before anything is sent). Loopback
    /// hosts (`localhost`, `127.0.0.0/8`, `::1`) never need it. An IMS token URL has its
    /// own opt-in, [`ImsOAuth::allow_insecure_http`](super::ImsOAuth::allow_insecure_http).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The clock used for retry delays (default: tokio's timer). Tests pass a virtual
    /// clock to observe delays without waiting.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The configuration; fails when a required setting is missing, or when the auth
    /// provider would send its secret in clear text ([`Error::InsecureHttp`]).
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
        auth.check_transport().map_err(Error::InsecureHttp)?;
        // Redirects are followed by `Service::execute` itself, which knows the method.
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::none())
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
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                allow_insecure_http: self.allow_insecure_http,
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
    /// The service at `base_url` (a trailing `/` is ignored). A plain `http://` URL to a
    /// host that is not loopback makes every call fail with [`Error::InsecureHttp`] before
    /// anything is sent, unless the [`Api`] allows it
    /// ([`ApiBuilder::allow_insecure_http`]).
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
