//! The HTTP surface: Flow Service under `/data/foundation/flowservice`, Data Prep
//! under `/data/foundation/conversion`, the token endpoint at `/ims/token/v3`
//! and the admin routes under `/__sandbox`.

mod admin;
mod common;
mod connections;
mod flows;
mod ims;
mod mapping_sets;
mod runs;
mod specs;

use crate::app::Shared;
use crate::errors::ApiError;
use crate::gate::{gate, require_auth, DATA_PREP_PREFIX, FLOW_SERVICE_PREFIX, IMS_TOKEN_PATH};
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use connections::Kind;

async fn not_found(req: Request) -> Response {
    ApiError::not_found(
        "FLOW-1201",
        format!("No route for {} {}", req.method(), req.uri().path()),
    )
    .into_response()
}

/// The sandbox's router.
pub fn router(app: Shared) -> Router {
    let flow_service = Router::new()
        .merge(connections::routes(Kind::Base))
        .merge(connections::routes(Kind::Source))
        .merge(connections::routes(Kind::Target))
        .merge(specs::routes())
        .merge(flows::routes())
        .merge(runs::routes())
        .route_layer(from_fn_with_state(app.clone(), require_auth));
    let data_prep =
        mapping_sets::routes().route_layer(from_fn_with_state(app.clone(), require_auth));
    Router::new()
        .nest(FLOW_SERVICE_PREFIX, flow_service)
        .nest(DATA_PREP_PREFIX, data_prep)
        .route(IMS_TOKEN_PATH, post(ims::token))
        .route_layer(from_fn_with_state(app.clone(), gate))
        .nest("/__sandbox", admin::routes())
        .fallback(not_found)
        .with_state(app)
}
