//! The HTTP side of generated clients (feature `client`): configuration, authentication,
//! retries, errors, pagination and flows typed by their flowSpec.
//!
//! A generated service `Client` wraps a [`Service`] (an [`Api`] and a base URL); each
//! operation builds a [`Request`] and hands it to [`Service`], which adds the four Adobe
//! headers from the [`Api`] configuration, sends it with retries
//! ([`RetryPolicy`]), and maps answers to typed values or [`Error`]s.
//!
//! Secrets ([`Secret`]: the access token, the API key, the OAuth client secret) never
//! appear in `Debug` output, errors or tracing events. They travel only over TLS (plain
//! HTTP only to loopback, or after an explicit `allow_insecure_http(true)`), never to
//! another origin by a redirect, and answers are read up to a limit
//! ([`DEFAULT_MAX_RESPONSE_BYTES`]); see `SECURITY.md`.

mod auth;
mod config;
mod connection;
mod error;
mod flow;
mod guard;
mod macros;
mod pages;
mod request;
mod retry;
mod send;

pub use crate::connection::{
    ConnectionSpecTypes, TypedConnection, TypedSourceConnection, TypedTargetConnection,
};
pub use auth::{AuthError, AuthProvider, ImsOAuth, StaticToken, DEFAULT_IMS_TOKEN_URL};
pub use config::{Api, ApiBuilder, Secret, Service};
pub use connection::{
    check_connection, ConnectionBody, ConnectionKind, SourceConnectionBody, TargetConnectionBody,
};
pub use error::{AdobeError, ApiError, Error};
pub use flow::{check_flow, in_flow_part, FlowBody, FlowSpecTypes, NoPart, PartType, TypedFlow};
pub use futures_util::stream::{Stream, StreamExt};
pub use guard::{
    InsecureHttp, RedirectRefused, DEFAULT_MAX_RESPONSE_BYTES, MAX_REDIRECTS,
    MAX_TOKEN_ANSWER_BYTES,
};
pub use pages::{Filter, FilterValue, OrderBy, Paging};
pub use request::{
    any_json, encode_segment, expand_server, join, validated_json, Body, CallOptions, IfMatch,
    JsonBody, Request,
};
pub use retry::{Clock, RetryPolicy, TokioClock};

/// A boxed future, as generated builders return from `into_future`.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// A boxed stream, as list operations return from `stream()`.
pub type BoxStream<'a, T> = std::pin::Pin<Box<dyn Stream<Item = T> + Send + 'a>>;
