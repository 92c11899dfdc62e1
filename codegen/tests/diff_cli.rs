//! `flowgen diff` and the summary of `flowgen check`, run as commands: against a git
//! revision of a temporary repository, between two directories, and the Markdown report
//! of a real-looking change to the workspace's specs (a snapshot).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

fn fixture(case: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
        .join(side)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn flowgen(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_flowgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("flowgen runs");
    let run = Run {
        code: out.status.code().expect("flowgen exited, not killed"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=flowgen test",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// Copies the files of `from` into `to` (replacing what `to` held).
fn put(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("readable fixture").flatten() {
            let p = e.path();
            let target = to.join(p.strip_prefix(from).expect("inside"));
            if p.is_dir() {
                stack.push(p);
            } else {
                std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                std::fs::copy(&p, &target).expect("copy");
            }
        }
    }
}

/// A repository whose first commit has the `before` specs of `case` and second the
/// `after` specs.
fn repo_with_two_commits(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    put(&fixture(case, "before"), &repo.join("specs"));
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "before"]);
    put(&fixture(case, "after"), &repo.join("specs"));
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "after"]);
    dir
}

#[test]
fn diff_against_a_git_revision_of_a_temporary_repository() {
    let dir = repo_with_two_commits("bound-tightened");
    let repo = dir.path();
    let specs = repo.join("specs");
    let specs = specs.to_str().expect("utf-8 path");

    let run = flowgen(repo, &["diff", "--base", "HEAD~1", "--specs", specs]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("API changes: 1 breaking, 0 additive, 0 documentation-only change\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("demo_flow::ScheduleInterval: `minimum` `1` → `5` [bound-tightened]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("at #/scheduleSpec/spec/properties/interval/minimum"),
        "{}",
        run.stdout
    );

    // For CI: exit 1 when something breaks.
    let run = flowgen(
        repo,
        &[
            "diff", "--base", "HEAD~1", "--specs", specs, "--deny", "breaking",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);

    // JSON for tools.
    let run = flowgen(
        repo,
        &[
            "diff", "--base", "HEAD~1", "--specs", specs, "--format", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["summary"]["breaking"], 1);
    assert_eq!(v["changes"][0]["rule"], "bound-tightened");
    assert_eq!(v["changes"][0]["rust"], "demo_flow::ScheduleInterval");
    assert_eq!(v["changes"][0]["spec"], "flowspecs/demo.json");

    // The work tree against HEAD: nothing changed, nothing denied.
    let run = flowgen(
        repo,
        &[
            "diff", "--base", "HEAD", "--specs", specs, "--deny", "breaking",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("API changes: 0 breaking, 0 additive"),
        "{}",
        run.stdout
    );

    // An uncommitted edit counts; the revision is read from git, not from the work tree.
    put(&fixture("bound-tightened", "before"), &repo.join("specs"));
    let run = flowgen(repo, &["diff", "--base", "HEAD", "--specs", specs]);
    assert!(
        run.stdout.contains("`minimum` `5` → `1` [bound-loosened]"),
        "{}",
        run.stdout
    );

    // A revision that does not exist is an error, not an empty report.
    let run = flowgen(
        repo,
        &["diff", "--base", "no-such-branch", "--specs", specs],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("no-such-branch"), "{}", run.stderr);
}

#[test]
fn diff_between_two_directories_and_argument_errors() {
    let before = fixture("operation-removed", "before");
    let after = fixture("operation-removed", "after");
    let (b, a) = (before.to_str().unwrap(), after.to_str().unwrap());
    let run = flowgen(
        &workspace(),
        &["diff", "--from", b, "--to", a, "--deny", "breaking"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("pets::Client::delete_pet: operation removed (DELETE /pets/{petId})"),
        "{}",
        run.stdout
    );
    let run = flowgen(
        &workspace(),
        &["diff", "--from", a, "--to", b, "--deny", "breaking"],
    );
    assert_eq!(run.code, 0, "additive only: {}", run.stdout);

    let run = flowgen(&workspace(), &["diff", "--from", b, "--to", "no/such/dir"]);
    assert_eq!(run.code, 2, "a mistyped directory: {}", run.stdout);
    assert!(run.stderr.contains("no/such/dir"), "{}", run.stderr);

    let run = flowgen(&workspace(), &["diff"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--base"), "{}", run.stderr);
    let run = flowgen(&workspace(), &["diff", "--from", b]);
    assert_eq!(run.code, 2, "--from without --to: {}", run.stderr);
}

#[test]
fn check_prints_the_api_summary_above_its_file_list() {
    let dir = repo_with_two_commits("bound-tightened");
    let repo = dir.path();
    let (specs, out) = (repo.join("specs"), repo.join("out"));
    let args = |cmd: &'static str| -> Vec<String> {
        vec![
            cmd.into(),
            "--specs".into(),
            specs.display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let run_with = |cmd| {
        let a = args(cmd);
        flowgen(repo, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    assert_eq!(run_with("generate").code, 0);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "generated"]);
    assert_eq!(run_with("check").code, 0);

    // The specs change; the generated crate is not regenerated.
    put(&fixture("bound-tightened", "before"), &specs);
    let run = run_with("check");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let summary = run
        .stdout
        .find("since the specs at HEAD, API changes: 0 breaking, 1 additive")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    let files = run.stdout.find("out of date").expect("the file list");
    assert!(summary < files, "{}", run.stdout);
    assert!(run.stdout.contains("[bound-loosened]"), "{}", run.stdout);
}

/// The worked example of docs/change-report.md, on a copy of the workspace's specs.
fn worked_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    put(&workspace().join("specs"), &specs);
    let edit = |file: &str, from: &str, to: &str| {
        let path = specs.join(file);
        let text = std::fs::read_to_string(&path).expect("spec");
        assert!(text.contains(from), "{file} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "flowspecs/crm-to-aep.json",
        "\"minimum\": 15",
        "\"minimum\": 30",
    );
    edit(
        "flowspecs/crm-to-aep.json",
        "\"description\": \"epoch time\"",
        "\"description\": \"Start of the first run, in seconds since the Unix epoch.\"",
    );
    edit(
        "openapi/flowservice.yaml",
        "              type: string\n              description: Whether the schedule is active, e.g. `enabled` or `disabled`.",
        "              type: string\n              enum: [enabled, disabled]\n              description: Whether the schedule is active.",
    );
    dir
}

#[test]
fn markdown_report_of_the_worked_example() {
    let dir = worked_example();
    let from = workspace().join("specs");
    let to = dir.path().join("specs");
    let run = flowgen(
        &workspace(),
        &[
            "diff",
            "--from",
            from.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
            "--format",
            "markdown",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The docs show this very report.
    let doc = std::fs::read_to_string(workspace().join("docs/change-report.md")).expect("docs");
    for line in run.stdout.lines().filter(|l| l.starts_with('|')) {
        assert!(doc.contains(line), "docs/change-report.md lacks\n{line}");
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("diff_markdown_worked_example", run.stdout));
}

#[test]
fn diff_reports_every_bad_input_with_its_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let to = dir.path().join("specs");
    put(&fixture("bound-tightened", "after"), &to);
    std::fs::write(to.join("flowspecs/broken.json"), b"{\"id\": ").expect("write");
    std::fs::write(
        to.join("flowspecs/dangling.json"),
        br##"{"id": "x", "name": "Dangling", "scheduleSpec": {"spec": {"$ref": "#/nowhere"}}}"##,
    )
    .expect("write");
    let from = fixture("bound-tightened", "before");
    let run = flowgen(
        &workspace(),
        &[
            "diff",
            "--from",
            from.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no report on bad input: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains("flowspecs/broken.json"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("flowspecs/dangling.json"),
        "{}",
        run.stderr
    );
}
