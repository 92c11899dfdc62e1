//! What the `pull_*` tests share: a sandbox serving a given catalog on its own runtime,
//! pull options for it, and reading back what pull wrote.

#![allow(dead_code)]

use flow_sandbox::catalog::Catalog;
use flow_sandbox::{Fault, Sandbox, SandboxHandle};
use flowgen::pull::{Auth, Credentials, Options};
use flowgen_runtime::http::RetryPolicy;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A sandbox serving `catalog`, on a runtime of its own (pull runs its own runtime, so
/// the test thread must not be inside one). Dropping it stops the server.
pub struct Served {
    pub sandbox: Option<SandboxHandle>,
    runtime: tokio::runtime::Runtime,
}

impl Served {
    pub fn start(catalog: Catalog) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let sandbox = runtime
            .block_on(Sandbox::builder().catalog(catalog).start())
            .expect("the sandbox starts");
        Served {
            sandbox: Some(sandbox),
            runtime,
        }
    }

    pub fn handle(&self) -> &SandboxHandle {
        self.sandbox.as_ref().expect("running")
    }

    /// Pull options for this sandbox (OAuth client credentials at its token endpoint),
    /// retrying quickly, `page_size` specs a page.
    pub fn options(&self, specs_dir: &Path, page_size: u32) -> Options {
        let s = self.handle();
        let c = &s.credentials;
        let credentials = Credentials {
            api_key: c.api_key.as_str().into(),
            org_id: c.org_id.clone(),
            sandbox: c.sandbox_name.clone(),
            auth: Auth::ClientSecret {
                secret: c.client_secret.as_str().into(),
                token_url: Some(s.ims_token_url.clone()),
            },
        };
        let mut o = Options::new(s.base_url.as_str(), specs_dir, credentials);
        o.page_size = page_size;
        o.retry = RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
            ..RetryPolicy::default()
        };
        o
    }

    /// Lets `pass` requests on `GET route` through, then applies `fault` to the next
    /// `times` (`None`: to every later one).
    pub fn fault_after(&self, route: &str, pass: u32, fault: Fault, times: Option<u32>) {
        let faults = &self.handle().faults;
        faults.inject_times("GET", route, Fault::delay(Duration::ZERO), pass);
        match times {
            Some(n) => faults.inject_times("GET", route, fault, n),
            None => faults.inject("GET", route, fault),
        }
    }

    /// Stops the server (bounded).
    pub fn stop(mut self) {
        if let Some(s) = self.sandbox.take() {
            self.runtime.block_on(s.shutdown());
        }
    }
}

/// Every file under `root` (relative path → bytes), in path order.
pub fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).expect("below root").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("readable"));
            }
        }
    }
    out
}

/// The specs in the `.json` files under `specs/<dir>`, keyed by id (a repeated id
/// fails).
pub fn pulled(specs: &Path, dir: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (file, bytes) in tree(&specs.join(dir)) {
        if !file.extension().is_some_and(|x| x == "json") {
            continue;
        }
        let v: Value = serde_json::from_slice(&bytes).expect("pulled files are JSON");
        let id = v["id"].as_str().expect("an id").to_owned();
        assert!(
            out.insert(id.clone(), v).is_none(),
            "{id} written twice ({})",
            file.display()
        );
    }
    out
}

/// `specs` keyed by id.
pub fn by_id(specs: &[Value]) -> BTreeMap<String, Value> {
    specs
        .iter()
        .map(|s| (s["id"].as_str().expect("an id").to_owned(), s.clone()))
        .collect()
}
