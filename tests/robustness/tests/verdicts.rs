//! Every schema and flowSpec part of the batch gets the same verdict from its generated
//! type as from the `jsonschema` crate (draft 7), on seeded instances: ones the
//! schema-directed generator of `flowgen-tests` makes, and ones built from the literals
//! the schema mentions.

use flowgen_robustness::{arbitrary, batch, BATCH_JSON, SCHEMAS};
use flowgen_tests::{instances, part_schema, values, without_meta};
use serde_json::Value;

/// Instances per schema.
const PER_SCHEMA: usize = 60;

fn listing() -> Value {
    serde_json::from_str(BATCH_JSON).unwrap_or_else(|e| panic!("batch.json: {e}"))
}

fn instances_for(schema: &Value, seed: u64) -> Vec<Value> {
    let mut all = instances::many(schema, seed, PER_SCHEMA / 2);
    let pooled = values::values(&values::pools(schema, &all));
    all.extend(arbitrary::sample(&pooled, seed, PER_SCHEMA / 2));
    all
}

/// Compares `n` verdicts; returns the disagreements, described.
fn compare(
    what: &str,
    schema: &Value,
    seed: u64,
    generated: &dyn Fn(&Value) -> bool,
    counts: &mut (usize, usize),
) -> Vec<String> {
    let oracle = match jsonschema::draft7::new(&without_meta(schema)) {
        Ok(o) => o,
        Err(e) => return vec![format!("{what}: the oracle rejects the schema: {e}")],
    };
    let mut out = Vec::new();
    for instance in instances_for(schema, seed) {
        let expected = oracle.is_valid(&instance);
        counts.0 += 1;
        counts.1 += usize::from(expected);
        if generated(&instance) != expected {
            out.push(format!(
                "{what}: {instance} is {} by the oracle\n  schema: {schema}",
                if expected { "accepted" } else { "rejected" }
            ));
        }
    }
    out
}

#[test]
fn batch_schemas_agree_with_the_jsonschema_crate() {
    let listing = listing();
    let schemas = listing["schemas"].as_array().cloned().unwrap_or_default();
    assert_eq!(schemas.len(), SCHEMAS.len());
    assert!(
        SCHEMAS.len() > 150,
        "only {} schemas in the batch",
        SCHEMAS.len()
    );
    let mut counts = (0, 0);
    let mut disagreements = Vec::new();
    for (i, (case, entry)) in SCHEMAS.iter().zip(&schemas).enumerate() {
        assert_eq!(entry["module"], case.module);
        let convert = |v: &Value| (case.convert)(v.clone()).is_ok();
        disagreements.extend(compare(
            case.module,
            &entry["schema"],
            i as u64,
            &convert,
            &mut counts,
        ));
    }
    let (compared, valid) = counts;
    assert!(
        disagreements.is_empty(),
        "{} of {compared} verdicts differ:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(15)].join("\n")
    );
    // Both verdicts must be well represented, or the comparison proves little.
    assert!(
        valid * 10 > compared && (compared - valid) * 10 > compared,
        "{valid} valid of {compared}"
    );
    eprintln!("compared {compared} verdicts ({valid} valid)");
}

#[test]
fn batch_flow_specs_agree_with_the_jsonschema_crate() {
    let listing = listing();
    let specs = listing["flowSpecs"].as_array().cloned().unwrap_or_default();
    assert!(
        specs.len() > 10,
        "only {} flowSpecs in the batch",
        specs.len()
    );
    assert_eq!(batch::flow_specs::all().len(), specs.len());
    let mut counts = (0, 0);
    let mut disagreements = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = spec["name"].as_str().unwrap_or_default();
        let entry = batch::flow_specs::find(name)
            .unwrap_or_else(|| panic!("{name} is not in the registry"));
        for part in entry.parts {
            let schema =
                part_schema(spec, &part.to_string()).unwrap_or_else(|| panic!("{name} {part}"));
            let validate = |v: &Value| entry.validate(part, v).is_ok();
            disagreements.extend(compare(
                &format!("{name} {part}"),
                &schema,
                1000 + i as u64,
                &validate,
                &mut counts,
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} verdicts differ:\n{}",
        disagreements.len(),
        counts.0,
        disagreements[..disagreements.len().min(15)].join("\n")
    );
    assert!(counts.0 > 1000, "only {} verdicts compared", counts.0);
}
