//! Access tokens: a fixed token, or Adobe IMS OAuth server-to-server (client
//! credentials) with a cache that refreshes ahead of expiry, one fetch at a time.

use super::guard::MAX_TOKEN_ANSWER_BYTES;
use super::guard::{check_tls, read_body, redirect_target, InsecureHttp, ReadError};
use super::retry::{Clock, TokioClock};
use super::BoxFuture;
use crate::secret::Secret;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The production IMS token endpoint (OAuth server-to-server, v3).
pub const DEFAULT_IMS_TOKEN_URL: &str = "https://ims-na1.adobelogin.com/ims/token/v3";

/// Why no token could be had. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// What went wrong.
    pub message: String,
    /// The token endpoint's HTTP status, when it answered.
    pub status: Option<u16>,
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(s) => write!(
                f,
                "no access token (token endpoint answered {s}): {}",
                self.message
            ),
            None => write!(f, "no access token: {}", self.message),
        }
    }
}

impl std::error::Error for AuthError {}

/// Where access tokens come from. `Debug` must not show secrets.
pub trait AuthProvider: Send + Sync + fmt::Debug {
    /// A token valid for the next call (sent as `Authorization: Bearer <token>`).
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>>;

    /// The service rejected `token` (401): forget it if it is cached, so the next
    /// [`AuthProvider::token`] fetches a new one. Returns whether a retry can help.
    fn invalidate(&self, token: &Secret) -> bool {
        let _ = token;
        false
    }

    /// Refuses a configuration that would send a secret in clear text (a token URL over
    /// plain HTTP to a host that is not loopback). [`super::ApiBuilder::build`] calls it,
    /// so the mistake shows before any call. Default: nothing to check.
    fn check_transport(&self) -> Result<(), InsecureHttp> {
        Ok(())
    }
}

/// A fixed access token (for instance one from the Developer Console).
#[derive(Debug, Clone)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// The token `token` (without the `Bearer ` prefix).
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl AuthProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        let t = self.0.clone();
        Box::pin(async move { Ok(t) })
    }
}

struct Cached {
    token: Secret,
    refresh_at: Instant,
}

/// Adobe IMS OAuth server-to-server: client credentials exchanged at a token URL for an
/// access token, cached until shortly before it expires. Concurrent callers wait for one
/// fetch rather than each fetching.
pub struct ImsOAuth {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    refresh_before: Duration,
    timeout: Duration,
    allow_insecure_http: bool,
    clock: Arc<dyn Clock>,
    http: Result<reqwest::Client, String>,
    cache: tokio::sync::Mutex<Option<Cached>>,
}

impl fmt::Debug for ImsOAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImsOAuth")
            .field("token_url", &self.token_url)
            // For Adobe the client id is also the API key: never shown.
            .field("client_id", &"<redacted>")
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<u64>,
}

impl ImsOAuth {
    /// Client credentials `client_id` / `client_secret` against
    /// [`DEFAULT_IMS_TOKEN_URL`], with the scopes Experience Platform APIs need.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        ImsOAuth {
            token_url: DEFAULT_IMS_TOKEN_URL.to_owned(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: [
                "openid",
                "AdobeID",
                "read_organizations",
                "additional_info.projectedProductContext",
                "session",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
            refresh_before: Duration::from_secs(300),
            timeout: Duration::from_secs(30),
            allow_insecure_http: false,
            clock: Arc::new(TokioClock),
            // The client secret goes to the token URL and nowhere else: no redirects.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| e.to_string()),
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// Uses `url` as the token endpoint (another IMS region, or a test server). A plain
    /// `http://` URL to a host that is not loopback is refused (by
    /// [`super::ApiBuilder::build`], and before any token request) unless
    /// [`ImsOAuth::allow_insecure_http`] is set.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// Lets the token URL use plain `http://` to a host that is not loopback, sending the
    /// client id and secret in clear text (default `false`). Loopback hosts
    /// (`localhost`, `127.0.0.0/8`, `::1`) never need it.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Requests these scopes instead of the default ones.
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Fetches a new token this long before the cached one expires (default 5 min; at
    /// most half the token's lifetime).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// The clock that decides when a token is due (default: the system's).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    async fn fetch(&self) -> Result<Cached, AuthError> {
        let fail = |message: String, status| AuthError { message, status };
        self.check_transport()
            .map_err(|e| fail(e.to_string(), None))?;
        let http = self.http.as_ref().map_err(|e| fail(e.clone(), None))?;
        let scope = self.scopes.join(",");
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", scope.as_str()),
        ];
        let started = self.clock.now();
        let mut answer = http
            .post(&self.token_url)
            .form(&form)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| fail(e.without_url().to_string(), None))?;
        let status = answer.status().as_u16();
        if let Some(to) = redirect_target(&answer, answer.url()) {
            tracing::warn!(status, "the token endpoint redirected; not followed");
            let to = to.origin().ascii_serialization();
            return Err(fail(
                format!("the token endpoint redirected to {to}; not followed (the client secret goes to the token URL only)"),
                Some(status),
            ));
        }
        let body = read_body(&mut answer, MAX_TOKEN_ANSWER_BYTES, false)
            .await
            .map_err(|e| match e {
                ReadError::TooLarge => fail(
                    format!("the token answer is larger than {MAX_TOKEN_ANSWER_BYTES} bytes; not read further"),
                    Some(status),
                ),
                ReadError::Read(e) => fail(e.without_url().to_string(), Some(status)),
            })?;
        if !(200..300).contains(&status) {
            let text = String::from_utf8_lossy(&body);
            let text: String = text.chars().take(300).collect();
            tracing::warn!(status, "the token endpoint refused the client credentials");
            return Err(fail(text, Some(status)));
        }
        let t: TokenAnswer = serde_json::from_slice(&body)
            .map_err(|e| fail(format!("unexpected token answer: {e}"), Some(status)))?;
        let life = Duration::from_secs(t.expires_in.unwrap_or(3600));
        let margin = self.refresh_before.min(life / 2);
        tracing::debug!(expires_in_s = life.as_secs(), "fetched an access token");
        let due = life - margin;
        Ok(Cached {
            token: Secret::new(t.access_token),
            // An absurd `expires_in` cannot overflow the clock: cap it at a year.
            refresh_at: started
                .checked_add(due)
                .unwrap_or(started + Duration::from_secs(365 * 86_400)),
        })
    }
}

impl AuthProvider for ImsOAuth {
    fn check_transport(&self) -> Result<(), InsecureHttp> {
        match reqwest::Url::parse(&self.token_url) {
            Ok(url) => check_tls(&url, "IMS token URL", self.allow_insecure_http),
            // Not a URL: the token request fails with the parser's message.
            Err(_) => Ok(()),
        }
    }

    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        let span = tracing::debug_span!("flowgen.token", token_url = %self.token_url);
        Box::pin(
            async move {
                // Holding the lock across the fetch makes it single-flight: callers that
                // arrive meanwhile wait, then find the fresh token.
                let mut cache = self.cache.lock().await;
                if let Some(c) = cache.as_ref() {
                    if self.clock.now() < c.refresh_at {
                        return Ok(c.token.clone());
                    }
                }
                let fresh = self.fetch().await?;
                let token = fresh.token.clone();
                *cache = Some(fresh);
                Ok(token)
            }
            .instrument(span),
        )
    }

    fn invalidate(&self, token: &Secret) -> bool {
        match self.cache.try_lock() {
            Ok(mut cache) => {
                if cache.as_ref().is_some_and(|c| &c.token == token) {
                    *cache = None;
                }
                true
            }
            // Someone is fetching a new token right now.
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod debug_tests {
    use super::ImsOAuth;

    #[test]
    fn debug_shows_neither_the_client_id_nor_the_secret() {
        let auth = ImsOAuth::new("my-api-key-123", "my-client-secret-456");
        let shown = format!("{auth:?}");
        assert!(!shown.contains("my-api-key-123"), "{shown}");
        assert!(!shown.contains("my-client-secret-456"), "{shown}");
        assert!(shown.contains("ImsOAuth"), "{shown}");
    }
}
