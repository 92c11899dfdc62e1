//! Fetching every page of `/flowSpecs` and `/connectionSpecs` with the runtime's client.

use super::{Options, PullError, SpecKind, FLOW_SERVICE_PATH};
use flowgen_runtime::http::{
    Api, CallOptions, ImsOAuth, Paging, Request, Secret, Service, StaticToken, StreamExt,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Who pulls: the four Adobe headers' values and where the access token comes from.
/// `Debug` never shows the secrets.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The API key (client id), `x-api-key`.
    pub api_key: Secret,
    /// The IMS organization, `x-gw-ims-org-id`.
    pub org_id: String,
    /// The sandbox, `x-sandbox-name`.
    pub sandbox: String,
    /// The access token, or how to get one.
    pub auth: Auth,
}

/// Where the access token comes from.
#[derive(Debug, Clone)]
pub enum Auth {
    /// A token obtained beforehand (`FLOWGEN_ACCESS_TOKEN`).
    AccessToken(Secret),
    /// OAuth server-to-server client credentials (`FLOWGEN_CLIENT_SECRET`), at the IMS
    /// token URL given (`FLOWGEN_IMS_TOKEN_URL`) or Adobe's.
    ClientSecret {
        /// The client secret.
        secret: Secret,
        /// The token endpoint; `None` for Adobe's.
        token_url: Option<String>,
    },
}

/// The environment variables that are missing (their names only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    /// The names of the variables not set.
    pub missing: Vec<&'static str>,
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not set: {} (pull reads FLOWGEN_API_KEY, FLOWGEN_ORG_ID, FLOWGEN_SANDBOX, and \
             FLOWGEN_ACCESS_TOKEN or FLOWGEN_CLIENT_SECRET [+ FLOWGEN_IMS_TOKEN_URL])",
            self.missing.join(", ")
        )
    }
}

impl std::error::Error for CredentialsError {}

impl Credentials {
    /// Reads the credentials from the environment, as the seed example does.
    pub fn from_env() -> Result<Credentials, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the credentials from `var` (the environment, or a map in tests).
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let mut missing = Vec::new();
        let mut need = |name: &'static str| {
            let v = var(name);
            if v.is_none() {
                missing.push(name);
            }
            v.unwrap_or_default()
        };
        let api_key = need("FLOWGEN_API_KEY");
        let org_id = need("FLOWGEN_ORG_ID");
        let sandbox = need("FLOWGEN_SANDBOX");
        let auth = match var("FLOWGEN_ACCESS_TOKEN") {
            Some(token) => Auth::AccessToken(token.into()),
            None => match var("FLOWGEN_CLIENT_SECRET") {
                Some(secret) => Auth::ClientSecret {
                    secret: secret.into(),
                    token_url: var("FLOWGEN_IMS_TOKEN_URL"),
                },
                None => {
                    missing.push("FLOWGEN_ACCESS_TOKEN or FLOWGEN_CLIENT_SECRET");
                    Auth::AccessToken(String::new().into())
                }
            },
        };
        if !missing.is_empty() {
            return Err(CredentialsError { missing });
        }
        Ok(Credentials {
            api_key: api_key.into(),
            org_id,
            sandbox,
            auth,
        })
    }
}

/// The catalog as served: for each kind pulled, its specs in the order served, each id
/// once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fetched {
    /// The specs of each kind pulled (a kind not pulled has no entry).
    pub specs: BTreeMap<SpecKind, Vec<Value>>,
}

fn api(options: &Options) -> Result<Api, PullError> {
    let c = &options.credentials;
    let builder = Api::builder()
        .api_key(c.api_key.clone())
        .org_id(c.org_id.as_str())
        .sandbox(c.sandbox.as_str())
        .retry(options.retry.clone());
    let builder = match &c.auth {
        Auth::AccessToken(token) => builder.auth(StaticToken::new(token.clone())),
        Auth::ClientSecret { secret, token_url } => {
            let mut oauth = ImsOAuth::new(c.api_key.expose(), secret.clone());
            if let Some(url) = token_url {
                oauth = oauth.token_url(url.as_str());
            }
            builder.auth(oauth)
        }
    };
    builder
        .build()
        .map_err(|e| PullError::Config(format!("cannot configure the client: {e}")))
}

/// Fetches every page of every kind in `options.kinds`.
pub(super) async fn fetch_all(options: &Options) -> Result<Fetched, PullError> {
    let api = api(options)?;
    let base = format!(
        "{}{FLOW_SERVICE_PATH}",
        options.base_url.trim_end_matches('/')
    );
    let service = Service::new(&api, base);
    let progress = super::report::Progress::new(options.progress);
    let mut fetched = Fetched::default();
    let mut kinds = options.kinds.clone();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let specs = fetch_kind(&service, options, kind, &progress).await?;
        fetched.specs.insert(kind, specs);
    }
    progress.finish();
    Ok(fetched)
}

/// Every item of every page of `kind`'s list, each id once.
async fn fetch_kind(
    service: &Service,
    options: &Options,
    kind: SpecKind,
    progress: &super::report::Progress,
) -> Result<Vec<Value>, PullError> {
    let mut req = Request::new(
        kind.operation(),
        "GET",
        kind.route().to_owned(),
        CallOptions::default(),
    );
    req.query("limit", options.page_size.max(1));
    for p in &options.properties {
        req.query("property", p);
    }
    let paging = Paging::Continuation {
        token: "continuationToken",
    };
    let mut items = service.pages::<Value>(req, "items", paging);
    let mut specs: Vec<Value> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(item) = items.next().await {
        let spec = item.map_err(|error| PullError::Fetch {
            kind,
            items: specs.len(),
            error,
        })?;
        let Some(id) = spec.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return Err(PullError::Catalog(format!(
                "{kind} #{} of {} has no string `id`",
                specs.len(),
                kind.route()
            )));
        };
        match index.get(&id) {
            Some(&at) if specs[at] == spec => continue,
            Some(_) => {
                return Err(PullError::Catalog(format!(
                    "the service served {kind} {id} twice, with different content"
                )))
            }
            None => {
                index.insert(id, specs.len());
                specs.push(spec);
            }
        }
        progress.fetched(kind, specs.len());
    }
    Ok(specs)
}
