//! `flowgen pull` against the local sandbox serving a seeded catalog: every page despite
//! 429s and dropped connections, the same bytes every time, removal of specs no longer
//! served (and nothing else), `--check` / `--dry-run`, and interrupted pulls.

mod pull_support;

use flow_sandbox::seeded;
use flow_sandbox::Fault;
use flowgen::pull::manifest::{Manifest, MANIFEST};
use flowgen::pull::{pull, ChangeKind, Mode, PullError, SpecKind};
use pull_support::{by_id, pulled, tree, Served};
use serde_json::{json, Value};

#[test]
fn several_hundred_specs_over_many_pages_with_429s_and_drops_lose_and_repeat_nothing() {
    let catalog = seeded::catalog(16, 200, 400);
    let served = Served::start(catalog.clone());
    // 200 flowSpecs and 400 connectionSpecs, 20 a page: 10 + 20 pages. Faults queue up
    // one after another: on /flowSpecs, pages 1-2 pass, a 429 (Retry-After: 1), pages 3-5
    // pass, two 429s; on /connectionSpecs four pass, a drop, five pass, a 429, six pass,
    // two drops.
    served.fault_after("/flowSpecs", 2, Fault::too_many_requests(1), Some(1));
    served.fault_after("/flowSpecs", 3, Fault::too_many_requests(0), Some(2));
    served.fault_after("/connectionSpecs", 4, Fault::Drop, Some(1));
    served.fault_after("/connectionSpecs", 5, Fault::too_many_requests(0), Some(1));
    served.fault_after("/connectionSpecs", 6, Fault::Drop, Some(2));
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");

    let report = pull(&served.options(&specs, 20)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.count(ChangeKind::Added), 600, "{report}");
    assert!(report.written);
    assert!(
        served.handle().faults.snapshot().is_empty(),
        "every fault was met"
    );
    // Each page asked for once, plus one attempt again for each fault.
    let counters = &served.handle().counters;
    assert_eq!(counters.get("GET", "/flowSpecs"), 10 + 3);
    assert_eq!(counters.get("GET", "/connectionSpecs"), 20 + 4);

    assert_eq!(pulled(&specs, "flowspecs"), by_id(&catalog.flow_specs));
    assert_eq!(
        pulled(&specs, "connectionspecs"),
        by_id(&catalog.connection_specs)
    );
    let manifest = Manifest::read(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(manifest.specs.len(), 600);
    let flows = manifest
        .specs
        .iter()
        .filter(|e| e.kind == SpecKind::FlowSpec)
        .count();
    assert_eq!(flows, 200);
    assert_eq!(tree(&specs).len(), 601, "600 specs and the manifest");
    served.stop();
}

#[test]
fn the_same_catalog_gives_the_same_bytes_whatever_order_it_is_served_in() {
    let catalog = seeded::catalog(3, 40, 60);
    let first = Served::start(catalog.clone());
    let a = tempfile::tempdir().expect("temp dir");
    pull(&first.options(a.path(), 7)).unwrap_or_else(|e| panic!("{e}"));
    let again = pull(&first.options(a.path(), 13)).unwrap_or_else(|e| panic!("{e}"));
    assert!(again.is_up_to_date(), "{again}");
    assert_eq!(again.unchanged, 100);
    first.stop();

    let mut reversed = catalog;
    reversed.flow_specs.reverse();
    reversed.connection_specs.reverse();
    let second = Served::start(reversed);
    let b = tempfile::tempdir().expect("temp dir");
    pull(&second.options(b.path(), 100)).unwrap_or_else(|e| panic!("{e}"));
    second.stop();
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert_eq!(ta.len(), 101);
    assert!(ta == tb, "two pulls of one catalog differ");
    // Documents as served: member order kept, two-space indentation.
    let crm = ta
        .iter()
        .find(|(p, _)| p.starts_with("flowspecs"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    assert!(
        crm.starts_with("{\n  \"id\": \"") && crm.contains("\n  \"name\": "),
        "{crm}"
    );
}

/// The catalog with the first flowSpec and the first two connectionSpecs gone, the
/// second flowSpec changed and a new flowSpec.
fn next_version(mut catalog: flow_sandbox::catalog::Catalog) -> flow_sandbox::catalog::Catalog {
    catalog.flow_specs.remove(0);
    catalog.connection_specs.drain(..2);
    if let Some(obj) = catalog.flow_specs[0].as_object_mut() {
        obj.insert("version".into(), json!("2.0"));
    }
    catalog
        .flow_specs
        .push(json!({"id": "new-flow-spec", "name": "BrandNewToAEP", "version": "1.0"}));
    catalog
}

#[test]
fn specs_no_longer_served_are_removed_and_files_pull_did_not_write_are_untouched() {
    let v1 = seeded::catalog(5, 12, 20);
    let v2 = next_version(v1.clone());
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path();
    let first = Served::start(v1.clone());
    pull(&first.options(specs, 5)).unwrap_or_else(|e| panic!("{e}"));
    first.stop();
    // Hand-written files beside the pulled ones.
    let own = specs.join("flowspecs/my-own-flow.json");
    std::fs::write(&own, b"{\"id\": \"mine\", \"name\": \"MyOwn\"}").expect("write");
    std::fs::write(specs.join("connectionspecs/NOTES.txt"), b"notes").expect("write");
    std::fs::write(specs.join("README.md"), b"specs").expect("write");
    let before = tree(specs);

    let second = Served::start(v2.clone());
    let report = pull(&second.options(specs, 5)).unwrap_or_else(|e| panic!("{e}"));
    second.stop();
    let listed = |c: ChangeKind| -> Vec<String> {
        report
            .changes
            .iter()
            .filter(|x| x.change == c)
            .map(|x| x.id.clone())
            .collect()
    };
    let id = |v: &Value| v["id"].as_str().unwrap_or_default().to_owned();
    let mut removed = vec![
        id(&v1.flow_specs[0]),
        id(&v1.connection_specs[0]),
        id(&v1.connection_specs[1]),
    ];
    removed.sort();
    let mut got = listed(ChangeKind::Removed);
    got.sort();
    assert_eq!(got, removed, "{report}");
    assert_eq!(listed(ChangeKind::Changed), vec![id(&v2.flow_specs[0])]);
    assert_eq!(listed(ChangeKind::Added), vec!["new-flow-spec".to_owned()]);
    assert_eq!(report.unchanged, 12 + 20 - 3 - 1);

    let mut flows = by_id(&v2.flow_specs);
    assert_eq!(pulled(specs, "connectionspecs").len(), 18);
    let mut on_disk = pulled(specs, "flowspecs");
    assert_eq!(
        on_disk.remove("mine").map(|v| v["name"].clone()),
        Some(json!("MyOwn"))
    );
    assert_eq!(on_disk, std::mem::take(&mut flows));
    let after = tree(specs);
    for own in [
        "flowspecs/my-own-flow.json",
        "connectionspecs/NOTES.txt",
        "README.md",
    ] {
        let p = std::path::Path::new(own);
        assert_eq!(after.get(p), before.get(p), "{own} was touched");
    }
}

#[test]
fn a_file_pull_did_not_write_in_its_way_stops_it_before_anything_is_written() {
    let served = Served::start(seeded::catalog(9, 3, 4));
    let dir = tempfile::tempdir().expect("temp dir");
    // Pull once elsewhere to learn the file names, then put a different file at one.
    let probe = tempfile::tempdir().expect("temp dir");
    pull(&served.options(probe.path(), 100)).unwrap_or_else(|e| panic!("{e}"));
    let taken = tree(probe.path())
        .into_keys()
        .find(|p| p.starts_with("flowspecs"))
        .expect("a flowSpec file");
    std::fs::create_dir_all(dir.path().join("flowspecs")).expect("mkdir");
    std::fs::write(dir.path().join(&taken), b"{\"hand\": \"written\"}").expect("write");
    let before = tree(dir.path());
    let e = pull(&served.options(dir.path(), 100)).err();
    assert!(
        matches!(&e, Some(PullError::NotPulled(files)) if files.len() == 1),
        "{e:?}"
    );
    let message = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains(&taken.display().to_string()), "{message}");
    assert_eq!(tree(dir.path()), before, "nothing written");
    // The same content as served is taken over, not refused.
    std::fs::copy(probe.path().join(&taken), dir.path().join(&taken)).expect("copy");
    let report = pull(&served.options(dir.path(), 100)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.unchanged, 1, "{report}");
    assert_eq!(tree(dir.path()), tree(probe.path()));
    served.stop();
}

#[test]
fn compare_lists_added_changed_and_removed_and_writes_nothing() {
    let v1 = seeded::catalog(11, 6, 6);
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Served::start(v1.clone());
    pull(&first.options(dir.path(), 4)).unwrap_or_else(|e| panic!("{e}"));
    let mut same = first.options(dir.path(), 4);
    same.mode = Mode::Compare;
    let clean = pull(&same).unwrap_or_else(|e| panic!("{e}"));
    assert!(clean.is_up_to_date() && !clean.written, "{clean}");
    first.stop();

    let v2 = next_version(v1.clone());
    let second = Served::start(v2);
    let before = tree(dir.path());
    let mut check = second.options(dir.path(), 4);
    check.mode = Mode::Compare;
    let report = pull(&check).unwrap_or_else(|e| panic!("{e}"));
    second.stop();
    assert_eq!(tree(dir.path()), before, "compare writes nothing");
    assert!(!report.is_up_to_date() && !report.written);
    let text = report.to_string();
    let removed_name = v1.flow_specs[0]["name"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("removed flowSpec {removed_name} (")),
        "{text}"
    );
    assert!(
        text.contains(
            "added   flowSpec BrandNewToAEP (new-flow-spec) flowspecs/brand-new-to-aep.json"
        ),
        "{text}"
    );
    assert!(text.contains("changed flowSpec "), "{text}");
    assert!(
        text.ends_with("1 would be added, 1 would be changed, 3 would be removed, 8 unchanged"),
        "{text}"
    );
}

#[test]
fn an_interrupted_pull_leaves_specs_as_they_were() {
    let v1 = seeded::catalog(21, 30, 50);
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Served::start(v1.clone());
    pull(&first.options(dir.path(), 10)).unwrap_or_else(|e| panic!("{e}"));
    first.stop();
    let before = tree(dir.path());
    let v2 = next_version(v1);

    // A persistent 500 after three pages of connectionSpecs (the flowSpecs all read).
    let failing = Served::start(v2.clone());
    failing.fault_after("/connectionSpecs", 3, Fault::status(500), None);
    let e = pull(&failing.options(dir.path(), 10)).err();
    assert!(
        matches!(
            &e,
            Some(PullError::Fetch {
                kind: SpecKind::ConnectionSpec,
                items: 30,
                ..
            })
        ),
        "{e:?}"
    );
    assert!(e
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("specs/ is unchanged"));
    assert_eq!(tree(dir.path()), before);
    failing.stop();

    // Every connection dropped after two pages of flowSpecs, past the retries.
    let dropping = Served::start(v2.clone());
    dropping.fault_after("/flowSpecs", 2, Fault::Drop, None);
    let e = pull(&dropping.options(dir.path(), 10)).err();
    assert!(
        matches!(
            &e,
            Some(PullError::Fetch {
                kind: SpecKind::FlowSpec,
                items: 20,
                ..
            })
        ),
        "{e:?}"
    );
    assert_eq!(tree(dir.path()), before);
    dropping.stop();

    // The server gone altogether.
    let gone = Served::start(v2);
    let options = gone.options(dir.path(), 10);
    gone.stop();
    assert!(pull(&options).is_err());
    assert_eq!(tree(dir.path()), before);
    assert!(dir.path().join(MANIFEST).exists());
}

#[test]
fn a_pulled_specs_folder_served_by_the_sandbox_pulls_back_identically() {
    let first = Served::start(seeded::catalog(33, 25, 35));
    let a = tempfile::tempdir().expect("temp dir");
    pull(&first.options(a.path(), 10)).unwrap_or_else(|e| panic!("{e}"));
    first.stop();
    // The sandbox serves `specs/` as it is (the manifest beside the folders is no spec).
    let catalog =
        flow_sandbox::catalog::Catalog::from_specs_dir(a.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (catalog.flow_specs.len(), catalog.connection_specs.len()),
        (25, 35)
    );
    let second = Served::start(catalog);
    let b = tempfile::tempdir().expect("temp dir");
    pull(&second.options(b.path(), 10)).unwrap_or_else(|e| panic!("{e}"));
    second.stop();
    assert!(tree(a.path()) == tree(b.path()));
}
