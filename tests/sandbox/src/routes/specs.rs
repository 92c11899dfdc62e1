//! `/connectionSpecs` and `/flowSpecs`: the read-only catalogue.

use super::common::one_item;
use crate::app::Shared;
use crate::errors::ApiError;
use crate::paging::ListQuery;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

fn list(route: &str, specs: &[Value], query: Option<&str>) -> Result<Response, ApiError> {
    let q = ListQuery::parse(query)?;
    let items = (0u64..).zip(specs.iter().cloned()).collect();
    Ok(Json(q.respond(route, items)).into_response())
}

async fn list_connection_specs(
    State(app): State<Shared>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    list(
        "/connectionSpecs",
        &app.catalog.connection_specs,
        q.as_deref(),
    )
}

async fn get_connection_spec(
    State(app): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    app.catalog
        .connection_spec(&id)
        .map(|s| one_item(s.clone()))
        .ok_or_else(|| {
            ApiError::not_found(
                "FLOW-1202",
                format!("No connection specification exists with id {id}."),
            )
        })
}

async fn list_flow_specs(
    State(app): State<Shared>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    list("/flowSpecs", &app.catalog.flow_specs, q.as_deref())
}

async fn get_flow_spec(
    State(app): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    app.catalog
        .flow_spec(&id)
        .map(|s| one_item(s.clone()))
        .ok_or_else(|| {
            ApiError::not_found(
                "FLOW-1202",
                format!("No flow specification exists with id {id}."),
            )
        })
}

/// The catalogue routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/connectionSpecs", get(list_connection_specs))
        .route(
            "/connectionSpecs/{connectionSpecId}",
            get(get_connection_spec),
        )
        .route("/flowSpecs", get(list_flow_specs))
        .route("/flowSpecs/{flowSpecId}", get(get_flow_spec))
}
