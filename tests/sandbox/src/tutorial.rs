//! The seed tutorial ("create a dataflow for a protocol source") as a program,
//! through the GENERATED client (`aep_flows::client`), from where its prerequisite
//! begins: the Generic OData connectionSpec, a base connection with typed auth
//! (`aep_flows::connection_specs::generic_odata`), the source connection for an OData
//! `Orders` table, data lake target connection, mapping set, the `CRMToAEP`
//! flowSpec by name, the dataflow (Copy + Mapping, every 30 minutes), then its runs. The `protocol_dataflow` example prints it; the end-to-end test
//! asserts it.

use crate::config::SEED_BASE_CONNECTION_ID;
use aep_flows::client::flowservice::{self, CrmToAep};
use aep_flows::client::{
    dataprep, Error, Filter, Secret, TypedConnection, TypedFlow, TypedSourceConnection,
    TypedTargetConnection,
};
use aep_flows::connection_specs::data_lake;
use aep_flows::connection_specs::generic_odata::{
    self, BasicAuthenticationForGenericODataParams as ODataAuth,
};
use aep_flows::flow_specs::crm_to_aep::{Schedule, Transformation, NAME};
use aep_flows::ValidationErrors;
use futures_util::StreamExt;
use serde_json::json;
use std::fmt;

/// Most runs read back by [`runs_of`] (a bound on the pages followed).
pub const MAX_RUNS_READ: usize = 1_000;

/// The base connection the tutorial creates first: where the OData service is, and
/// who reads it (the `Basic Authentication for Generic OData` authSpec entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseConnectionInputs {
    /// Root URL of the OData service.
    pub url: String,
    /// User name, when the service asks for one.
    pub username: Option<String>,
    /// Password of that user (never printed: `Debug` shows `Secret(***)`).
    pub password: Option<Secret>,
}

/// What the tutorial needs from the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TutorialInputs {
    /// The base connection to create first; `None` uses `base_connection_id`.
    pub base_connection: Option<BaseConnectionInputs>,
    /// An existing base connection to the OData service (used when
    /// `base_connection` is `None`).
    pub base_connection_id: String,
    /// The target dataset.
    pub dataset_id: String,
    /// The `$id` of the dataset's XDM schema.
    pub xdm_schema_id: String,
    /// The schedule's `startTime`, Unix epoch seconds.
    pub start_time: i64,
}

impl TutorialInputs {
    /// The seed's values, starting at `start_time`.
    pub fn seed(start_time: i64) -> Self {
        TutorialInputs {
            base_connection: Some(BaseConnectionInputs {
                url: "https://services.odata.org/V4/Northwind/Northwind.svc".to_owned(),
                username: None,
                password: None,
            }),
            base_connection_id: SEED_BASE_CONNECTION_ID.to_owned(),
            dataset_id: "5e8a55ca53662c18af37a83a".to_owned(),
            xdm_schema_id: "https://ns.adobe.com/{TENANT_ID}/schemas/e669d7aba5a02f294fafb7b269af25f7cd4a66ce59193545"
                .to_owned(),
            start_time,
        }
    }
}

/// The ids the tutorial produced.
#[derive(Debug, Clone)]
pub struct TutorialReport {
    /// The base connection the source connection builds on (created, or given).
    pub base_connection_id: String,
    /// The new source connection.
    pub source_connection_id: String,
    /// Its etag.
    pub source_connection_etag: String,
    /// The new target connection.
    pub target_connection_id: String,
    /// The new mapping set (32 hex characters).
    pub mapping_set_id: String,
    /// Its version.
    pub mapping_set_version: i64,
    /// The `CRMToAEP` flowSpec's id as the service reported it.
    pub flow_spec_id: String,
    /// The new dataflow.
    pub flow_id: String,
    /// Its etag.
    pub flow_etag: String,
    /// Its runs when the tutorial listed them.
    pub runs: Vec<flowservice::Run>,
}

/// Why the tutorial stopped.
#[derive(Debug)]
pub enum TutorialError {
    /// A call failed.
    Client(Error),
    /// A request body could not be built (it breaks its schema).
    Invalid(ValidationErrors),
    /// The service has no flowSpec named `CRMToAEP`.
    NoFlowSpec,
    /// The service has no Generic OData connectionSpec.
    NoConnectionSpec,
}

impl fmt::Display for TutorialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TutorialError::Client(e) => write!(f, "{e}"),
            TutorialError::Invalid(e) => write!(f, "a request body is invalid: {e}"),
            TutorialError::NoFlowSpec => write!(f, "the service has no flowSpec named {NAME}"),
            TutorialError::NoConnectionSpec => write!(
                f,
                "the service has no connectionSpec {} ({})",
                generic_odata::NAME,
                generic_odata::ID
            ),
        }
    }
}

impl std::error::Error for TutorialError {}

impl From<Error> for TutorialError {
    fn from(e: Error) -> Self {
        TutorialError::Client(e)
    }
}

impl From<ValidationErrors> for TutorialError {
    fn from(e: ValidationErrors) -> Self {
        TutorialError::Invalid(e)
    }
}

/// Every run of `flow_id`, oldest first, following `_links.next.href`.
pub async fn runs_of(
    fs: &flowservice::Client,
    flow_id: &str,
) -> Result<Vec<flowservice::Run>, Error> {
    let mut pages = fs
        .list_runs()
        .property(Filter::eq_raw("flowId", flow_id))
        .orderby("createdAt")
        .stream();
    let mut runs = Vec::new();
    while let Some(run) = pages.next().await {
        runs.push(run?);
        if runs.len() >= MAX_RUNS_READ {
            break;
        }
    }
    Ok(runs)
}

/// One line describing a run: id, status, start.
pub fn describe_run(run: &flowservice::Run) -> String {
    let status = run
        .status
        .as_ref()
        .and_then(|s| s.value.as_ref())
        .map_or("unknown", |v| v.as_str());
    let started = run
        .metrics
        .as_ref()
        .and_then(|m| m.duration_summary.as_ref())
        .and_then(|d| d.started_at_utc)
        .unwrap_or_default();
    format!("{}  {status:<10}  started {started}", run.id)
}

/// The tutorial's prerequisite: looks up the Generic OData connectionSpec and creates
/// the base connection with typed auth (or takes the one given); its id.
async fn base_connection(
    fs: &flowservice::Client,
    inputs: &TutorialInputs,
    say: &mut (dyn FnMut(String) + Send),
) -> Result<String, TutorialError> {
    let specs = fs.get_connection_spec(generic_odata::ID).await?;
    let spec = specs
        .items
        .first()
        .filter(|s| s.id == generic_odata::ID)
        .ok_or(TutorialError::NoConnectionSpec)?;
    say(format!("1. connectionSpec      {}  {}", spec.id, spec.name));
    let Some(b) = &inputs.base_connection else {
        say(format!(
            "2. base connection     {}  (given)",
            inputs.base_connection_id
        ));
        return Ok(inputs.base_connection_id.clone());
    };
    let mut auth = ODataAuth::builder().url(b.url.as_str());
    if let Some(u) = &b.username {
        auth = auth.username(u.as_str());
    }
    if let Some(p) = &b.password {
        auth = auth.password(p.clone());
    }
    let connection =
        TypedConnection::<generic_odata::Spec>::new("Generic OData base connection", auth.build()?)
            .description("Base connection to the OData service");
    let created = fs.create_connection(&connection).await?;
    say(format!(
        "2. base connection     {}  etag {}",
        created.id, created.etag
    ));
    Ok(created.id)
}

/// Runs the tutorial, reporting each step through `say`.
pub async fn run(
    fs: &flowservice::Client,
    dp: &dataprep::Client,
    inputs: &TutorialInputs,
    say: &mut (dyn FnMut(String) + Send),
) -> Result<TutorialReport, TutorialError> {
    let base_connection_id = base_connection(fs, inputs, say).await?;
    let column = |name: &str, ty: &str, xdm: serde_json::Value| json!({ "name": name, "type": ty, "xdm": xdm });
    let mut order_date = column(
        "OrderDate",
        "string",
        json!({"type": "string", "format": "date-time"}),
    );
    order_date["meta:xdmType"] = json!("date-time");
    let mut shipped_date = column(
        "ShippedDate",
        "string",
        json!({"type": "string", "format": "date-time"}),
    );
    shipped_date["meta:xdmType"] = json!("date-time");
    // The params are typed by the OData connectionSpec's sourceSpec.
    let params = generic_odata::SourceParams::try_from(json!({
        "tableName": "Orders",
        "columns": [
            column("OrderID", "integer", json!({"type": "integer", "minimum": -2_147_483_648_i64, "maximum": 2_147_483_647})),
            column("CustomerID", "string", json!({"type": "string"})),
            order_date,
            shipped_date,
        ]
    }))?;
    let source = TypedSourceConnection::<generic_odata::Spec>::new(
        "Generic OData source connection",
        params,
    )
    .description("Generic OData source connection")
    .base_connection(base_connection_id.as_str())
    .data(json!({ "format": "tabular" }));
    let src = fs.create_source_connection(&source).await?;
    say(format!(
        "3. source connection   {}  etag {}",
        src.id, src.etag
    ));

    // The params are typed by the data lake connectionSpec's targetSpec.
    let params = data_lake::TargetParams::builder()
        .data_set_id(inputs.dataset_id.as_str())
        .build()?;
    let target = TypedTargetConnection::<data_lake::Spec>::new("Target Connection for protocols", params)
        .description("Target Connection for protocols")
        .data(json!({
            "format": "parquet_xdm",
            "schema": { "id": inputs.xdm_schema_id, "version": "application/vnd.adobe.xed-full+json;version=1" }
        }));
    let tgt = fs.create_target_connection(&target).await?;
    say(format!(
        "4. target connection   {}  etag {}",
        tgt.id, tgt.etag
    ));

    let mapping = |dst: &str, src: &str| {
        json!({ "destinationXdmPath": dst, "sourceAttribute": src, "identity": false,
                "identityGroup": null, "namespaceCode": null, "version": 0 })
    };
    let set_request = dataprep::MappingSetRequest::try_from(json!({
        "version": 0,
        "xdmSchema": inputs.xdm_schema_id,
        "xdmVersion": "1.0",
        "id": null,
        "mappings": [mapping("_id", "OrderID"), mapping("_id", "CustomerID"),
                     mapping("_id", "EmployeeID"), mapping("createdByBatchID", "OrderDate")]
    }))?;
    let set = dp.create_mapping_set(&set_request).await?;
    let set_version = *set.version;
    say(format!(
        "5. mapping set         {}  version {set_version}",
        set.id
    ));

    let specs = fs
        .list_flow_specs()
        .property(Filter::eq("name", NAME))
        .await?;
    let spec = specs.items.first().ok_or(TutorialError::NoFlowSpec)?;
    say(format!("{:<23}{}", format!("6. flowSpec {NAME}"), spec.id));

    let copy = Transformation::try_from(json!({ "name": "Copy", "params": {
        "deltaColumn": { "name": "updatedAt", "dateFormat": "YYYY-MM-DD", "timezone": "UTC" } } }))?;
    let mapping_step = Transformation::try_from(json!({ "name": "Mapping", "params": {
        "mappingId": set.id, "mappingVersion": set_version.to_string() } }))?;
    let flow = TypedFlow::<CrmToAep>::new(
        "Creating a dataflow for a protocols source",
        [src.id.clone()],
        [tgt.id.clone()],
    )
    .description("Creating a dataflow for a protocols source")
    .transformation(copy)
    .transformation(mapping_step)
    .schedule(Schedule::minute(inputs.start_time, 30)?);
    let created = fs.create_flow(&flow).await?;
    say(format!(
        "7. dataflow            {}  etag {}  (every 30 minutes from {})",
        created.id, created.etag, inputs.start_time
    ));

    let runs = runs_of(fs, &created.id).await?;
    say(format!("8. runs of the dataflow: {}", runs.len()));
    for r in &runs {
        say(format!("     {}", describe_run(r)));
    }
    Ok(TutorialReport {
        base_connection_id,
        source_connection_id: src.id,
        source_connection_etag: src.etag,
        target_connection_id: tgt.id,
        mapping_set_id: set.id,
        mapping_set_version: set_version,
        flow_spec_id: spec.id.clone(),
        flow_id: created.id,
        flow_etag: created.etag,
        runs,
    })
}
