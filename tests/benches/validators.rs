//! Validator throughput of the generated side (`cargo bench -p flowgen-tests --bench
//! validators`).
//!
//! A fixed, seeded set of CRMToAEP `scheduleSpec` and `optionSpec` instances (valid and
//! invalid, from [`flowgen_tests::instances`], plus the examples of docs/generated-api.md) is checked by:
//! - `typed`: the generated typed path (`serde_json::from_str::<T>` from text,
//!   `T::try_from(value)` from a `Value`), which validates and then converts;
//! - `registry`: `flow_specs::find("CRMToAEP").validate(part, &value)`;
//! - `is_valid`: the generated validator alone, stopping at the first violation
//!   (`<T as Validated>::is_valid`);
//! - `validate_value`: the generated validator collecting every violation;
//! - `jsonschema_is_valid` / `jsonschema_iter_errors`: the `jsonschema` crate's draft-07
//!   validator, compiled once before the loop;
//! - `serde_json_value`: parsing the text into a `Value`, the floor under every path that
//!   starts from text.
//!
//! The `from_text_valid` group runs the floor and the typed path on the valid instances
//! alone, what a caller pays when the input is right.
//!
//! The setup checks that every path gives the same verdict on every instance, and fails
//! the run if one does not.

use aep_flows::flow_specs::{self, crm_to_aep};
use criterion::{BatchSize, Criterion, Throughput};
use flowgen_runtime::FlowSpecEntry;
use flowgen_runtime::Validated;
use flowgen_tests::{flow_specs as spec_documents, instances, part_schema, without_meta};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::hint::black_box;
use std::process::ExitCode;

/// Why the benchmark could not be set up (a missing flowSpec or part, a schema the
/// oracle refuses, paths that disagree): reported by `main`, which then fails.
type Setup<T = ()> = Result<T, String>;

/// Instances per part; the seed fixes the set.
const COUNT: usize = 1_000;
const SEED: u64 = 0xB3_2026;

/// One part's inputs and the generated type that checks them.
struct Case {
    part: &'static str,
    texts: Vec<String>,
    values: Vec<Value>,
    oracle: jsonschema::Validator,
}

fn case(part: &'static str, extra: Vec<Value>) -> Setup<Case> {
    let spec = spec_documents()
        .into_iter()
        .find(|s| s["name"] == "CRMToAEP")
        .ok_or("CRMToAEP is not in specs/flowspecs")?;
    let schema = without_meta(&part_schema(&spec, part).ok_or(format!("CRMToAEP has no {part}"))?);
    let oracle = jsonschema::draft7::new(&schema).map_err(|e| format!("{part}: {e}"))?;
    let mut values = extra;
    values.extend(instances::many(&schema, SEED, COUNT - values.len()));
    let texts = values.iter().map(Value::to_string).collect();
    Ok(Case {
        part,
        texts,
        values,
        oracle,
    })
}

fn crm_to_aep_entry() -> Setup<&'static FlowSpecEntry> {
    flow_specs::find("CRMToAEP").ok_or_else(|| "CRMToAEP is not generated".to_owned())
}

/// Checks that every path agrees with the `jsonschema` crate on every instance, and
/// returns how many instances are valid.
fn agree<T: Validated + DeserializeOwned + TryFrom<Value>>(case: &Case) -> Setup<usize> {
    let entry = crm_to_aep_entry()?;
    let mut valid = 0;
    for (text, value) in case.texts.iter().zip(&case.values) {
        let expected = case.oracle.is_valid(value);
        let verdicts = [
            ("typed from text", serde_json::from_str::<T>(text).is_ok()),
            ("typed from value", T::try_from(value.clone()).is_ok()),
            ("registry", entry.validate(case.part, value).is_ok()),
            ("is_valid", T::is_valid(value)),
            ("validate_value", T::validate_value(value).is_ok()),
            (
                "jsonschema iter_errors",
                case.oracle.iter_errors(value).next().is_none(),
            ),
        ];
        if let Some((path, verdict)) = verdicts.iter().find(|(_, v)| *v != expected) {
            return Err(format!(
                "{} {text}: {path} says {verdict}, jsonschema says {expected}",
                case.part
            ));
        }
        valid += usize::from(expected);
    }
    Ok(valid)
}

fn bench_part<T: Validated + DeserializeOwned + TryFrom<Value>>(
    c: &mut Criterion,
    case: &Case,
) -> Setup {
    let valid = agree::<T>(case)?;
    eprintln!(
        "{}: {} instances, {valid} valid, {} invalid; every path agrees with jsonschema",
        case.part,
        case.values.len(),
        case.values.len() - valid
    );
    let entry = crm_to_aep_entry()?;
    let n = case.values.len() as u64;
    let valid_texts: Vec<&String> = case
        .texts
        .iter()
        .zip(&case.values)
        .filter(|(_, v)| case.oracle.is_valid(v))
        .map(|(t, _)| t)
        .collect();

    // The valid instances alone: what a caller pays when the input is right.
    let mut g = c.benchmark_group(format!("validators/{}/from_text_valid", case.part));
    g.throughput(Throughput::Elements(valid_texts.len() as u64));
    g.bench_function("serde_json_value", |b| {
        b.iter(|| {
            valid_texts
                .iter()
                .filter(|t| serde_json::from_str::<Value>(t).is_ok())
                .count()
        })
    });
    g.bench_function("typed", |b| {
        b.iter(|| {
            valid_texts
                .iter()
                .filter(|t| serde_json::from_str::<T>(t).is_ok())
                .count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group(format!("validators/{}/from_text", case.part));
    g.throughput(Throughput::Elements(n));
    g.bench_function("serde_json_value", |b| {
        b.iter(|| {
            case.texts
                .iter()
                .filter(|t| serde_json::from_str::<Value>(t).is_ok())
                .count()
        })
    });
    g.bench_function("typed", |b| {
        b.iter(|| {
            case.texts
                .iter()
                .filter(|t| serde_json::from_str::<T>(t).is_ok())
                .count()
        })
    });
    g.bench_function("is_valid", |b| {
        b.iter(|| {
            case.texts
                .iter()
                .filter(|t| serde_json::from_str::<Value>(t).is_ok_and(|v| T::is_valid(&v)))
                .count()
        })
    });
    g.bench_function("jsonschema_is_valid", |b| {
        b.iter(|| {
            case.texts
                .iter()
                .filter(|t| {
                    serde_json::from_str::<Value>(t).is_ok_and(|v| case.oracle.is_valid(&v))
                })
                .count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group(format!("validators/{}/from_value", case.part));
    g.throughput(Throughput::Elements(n));
    g.bench_function("typed", |b| {
        b.iter_batched(
            || case.values.clone(),
            |values| {
                values
                    .into_iter()
                    .map(T::try_from)
                    .filter(Result::is_ok)
                    .count()
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("registry", |b| {
        b.iter(|| {
            case.values
                .iter()
                .filter(|v| entry.validate(case.part, v).is_ok())
                .count()
        })
    });
    g.bench_function("is_valid", |b| {
        b.iter(|| case.values.iter().filter(|v| T::is_valid(v)).count())
    });
    g.bench_function("validate_value", |b| {
        b.iter(|| {
            case.values
                .iter()
                .map(|v| T::validate_value(v).err().map_or(0, |e| e.iter().count()))
                .sum::<usize>()
        })
    });
    g.bench_function("jsonschema_is_valid", |b| {
        b.iter(|| {
            case.values
                .iter()
                .filter(|v| case.oracle.is_valid(v))
                .count()
        })
    });
    g.bench_function("jsonschema_iter_errors", |b| {
        b.iter(|| {
            case.values
                .iter()
                .map(|v| case.oracle.iter_errors(v).count())
                .sum::<usize>()
        })
    });
    g.finish();
    black_box(valid);
    Ok(())
}

fn validators(c: &mut Criterion) -> Setup {
    let schedules = case(
        "scheduleSpec",
        vec![
            json!({"startTime": 1567411548, "frequency": "minute", "interval": 15}),
            json!({"startTime": 1567411548, "frequency": "once"}),
            json!({"startTime": 1567411548, "frequency": "hour", "interval": 2, "backfill": false}),
            json!({"startTime": 1, "frequency": "minute", "interval": 5}),
            json!({"startTime": 1, "frequency": "once", "interval": 30}),
            json!({"startTime": 1, "frequency": "hour"}),
            json!({"startTime": "1567411548", "frequency": "minute", "interval": "30"}),
            json!({"frequency": "fortnight", "interval": "2"}),
        ],
    )?;
    bench_part::<crm_to_aep::Schedule>(c, &schedules)?;
    let options = case(
        "optionSpec",
        vec![
            json!({"errorDiagnosticsEnabled": true, "partialIngestionPercent": 5}),
            json!({"partialIngestionPercent": 0}),
            json!({"errorDiagnosticsEnabled": "yes"}),
        ],
    )?;
    bench_part::<crm_to_aep::Options>(c, &options)
}

/// Runs the benchmarks; a setup error stops the run with a failure status and the reason
/// (criterion's own macros have no way to return one).
fn main() -> ExitCode {
    let mut c = Criterion::default().configure_from_args();
    let outcome = validators(&mut c);
    c.final_summary();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benchmark setup failed: {e}");
            ExitCode::FAILURE
        }
    }
}
