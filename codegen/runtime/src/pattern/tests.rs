use super::*;
use serde_json::Value;

pub(crate) mod suite {
    //! Reads the JSON-Schema-Test-Suite from the shared directory.
    use serde_json::Value;
    use std::path::PathBuf;

    /// Loads `tests/draft7/<relative>`; `None` (with a note) when it is missing outside CI.
    pub(crate) fn load(relative: &str) -> Option<Vec<Value>> {
        let shared = std::env::var_os("FLOWGEN_SHARED_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
            });
        let path = shared
            .join("json-schema-test-suite/tests/draft7")
            .join(relative);
        match std::fs::read_to_string(&path) {
            Ok(text) => Some(serde_json::from_str(&text).expect("suite file is a JSON array")),
            Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("test suite file {} is missing: {e}", path.display())
            }
            Err(_) => {
                eprintln!("skipping: test suite file {} not found", path.display());
                None
            }
        }
    }

    /// Runs every case of `groups` through `check` (None: group not interpretable).
    /// Returns the number of passing cases and a description of each failing one.
    pub(crate) fn run(
        groups: &[Value],
        check: impl Fn(&Value, &Value) -> Option<bool>,
    ) -> (usize, Vec<String>) {
        let (mut passed, mut failed) = (0, Vec::new());
        for group in groups {
            for case in group["tests"].as_array().into_iter().flatten() {
                let Some(valid) = check(&group["schema"], &case["data"]) else {
                    continue;
                };
                if Some(valid) == case["valid"].as_bool() {
                    passed += 1;
                } else {
                    failed.push(format!(
                        "{} / {}",
                        group["description"], case["description"]
                    ));
                }
            }
        }
        (passed, failed)
    }
}

fn matches(pattern: &str, haystack: &str) -> bool {
    compile(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .is_match(haystack)
        .unwrap()
}

fn rejects(pattern: &str) -> bool {
    translate(pattern).is_err()
}

#[test]
fn ascii_class_escapes() {
    assert!(matches(r"^\d+$", "0129") && !matches(r"\d", "\u{7c0}") && matches(r"^\D$", "\u{7c0}"));
    assert!(matches(r"^\w+$", "aZ_9") && !matches(r"\w", "é") && matches(r"^\W$", "é"));
    assert!(matches(r"^[\d.]+$", "1.2") && !matches(r"[\d.]", "x"));
    assert!(matches(r"^[^\w]$", "-") && !matches(r"^[^\w]$", "a") && matches(r"^[\W]$", "é"));
    assert!(matches(r"^[\D5]+$", "a5") && !matches(r"^[^\D]$", "é") && matches(r"^[^\D]$", "7"));
}

#[test]
fn ecma_white_space() {
    for ws in [
        "\t", "\u{b}", "\u{c}", " ", "\u{a0}", "\u{feff}", "\n", "\r", "\u{2028}", "\u{2029}",
        "\u{2003}", "\u{3000}",
    ] {
        assert!(
            matches(r"^\s$", ws) && !matches(r"\S", ws) && matches(r"^[\s]$", ws),
            "{ws:?}"
        );
    }
    for other in ["\u{1}", "\u{2013}", "\u{85}", "\u{200b}", "a"] {
        assert!(
            !matches(r"\s", other) && matches(r"^\S$", other) && matches(r"^[^\s]$", other),
            "{other:?}"
        );
    }
}

#[test]
fn ascii_word_boundaries() {
    assert!(matches(r"\bcat\b", "a cat.") && !matches(r"\bcat\b", "concat"));
    // é is not an ECMA word character: no boundary before it, one after `a`.
    assert!(!matches(r"\bé", "é") && matches(r"^é\B", "é") && matches(r"a\b", "aé"));
    assert!(matches(r"^a\B", "ab") && !matches(r"^a\B", "a-") && matches(r"[\b]", "\u{8}"));
}

#[test]
fn character_escapes() {
    assert!(matches(r"^\cC\cc$", "\u{3}\u{3}") && matches(r"^\t\n\v\f\r\0$", "\t\n\u{b}\u{c}\r\0"));
    assert!(matches(r"^\x41\u0042\u{43}\u{1F600}$", "ABC😀") && matches(r"^\uD83D\uDE00$", "😀"));
    assert!(matches(r"^[\u0041-\u005A]+$", "XYZ") && matches(r"^\/\.\-\$\{\}$", "/.-${}"));
    assert!(
        matches(r"^[\]\[\-]+$", "][-")
            && matches(r"^[a-]+$", "-a")
            && matches(r"^[\w-.]+$", "a-.b")
    );
    for bad in [
        r"\a",
        r"\e",
        r"\x4",
        r"\u12",
        r"\u{110000}",
        r"\c1",
        r"\01",
        r"\uD800",
        r"\p",
        r"\p{a}}b",
    ] {
        assert!(rejects(bad) || compile(bad).is_err(), "{bad}");
    }
}

#[test]
fn anchors_dot_and_special_classes() {
    assert!(!matches("^abc$", "abc\n") && !matches("^abc$", "x\nabc") && matches("^abc$", "abc"));
    for terminator in ["\n", "\r", "\u{2028}", "\u{2029}"] {
        assert!(!matches("^.$", terminator), "{terminator:?}");
    }
    assert!(matches("^.$", "\u{85}") && matches("^.$", "😀") && matches("^.$", "\0"));
    assert!(matches("^[^]$", "\n") && !matches("[]", "anything") && matches("a[]|b", "b"));
    assert!(matches("^[^a]$", "b") && !matches("^[^a]$", "a"));
}

#[test]
fn groups_and_backreferences() {
    assert!(
        matches(r"^(?<word>[a-z]+)-\k<word>$", "ab-ab")
            && !matches(r"^(?<word>[a-z]+)-\k<word>$", "ab-ac")
    );
    assert!(
        matches(r"^(a)(b)\2\1$", "abba")
            && matches(r"^(?:ab)+$", "abab")
            && matches(r"(?<=\$)\d", "$5")
    );
    assert!(
        matches(r"^\k<n>a(?<n>b)$", "ab"),
        "forward references match the empty string"
    );
    assert!(matches("(?<=a+)b", "aab") && !matches("(?<!a)b", "ab") && matches("^(?!a)", "b"));
    for bad in [
        "(?P<n>x)",
        "(?P<n>a)(?P=n)",
        "(?#c)a",
        "(?i)abc",
        "(?ims)abc",
        "(a",
        "a)",
        r"\1(a)\2",
        r"\k<x>(?<y>a)",
        "(?<a>x)(?<a>y)",
    ] {
        assert!(rejects(bad), "{bad}");
    }
}

#[test]
fn quantifiers() {
    assert!(
        matches("^a{2}$", "aa")
            && matches("^a{2,}$", "aaa")
            && matches("^a{1,2}?$", "aa")
            && matches("^a*?b+?c??$", "b")
    );
    assert!(
        matches("^a{,2}$", "a{,2}")
            && matches("^{a}$", "{a}")
            && matches("^a}$", "a}")
            && matches("^]$", "]")
    );
    for bad in [
        "*a",
        "a**",
        "a*+",
        "a{2}{3}",
        "a{3,2}",
        "^*",
        "(?=a)*",
        r"\b+",
        "a|?",
        "{1}",
        "a{99999999999}",
    ] {
        assert!(rejects(bad), "{bad}");
    }
}

#[test]
fn rust_syntax_does_not_leak() {
    assert!(
        matches("^[a&&b]+$", "a&b")
            && matches("^[a~~]+$", "~a")
            && matches("^[[a]]$", "[]")
            && !matches("^[[a]]$", "[a]]")
    );
    assert!(
        matches(r"^\<$", "<") && matches("^#$", "#") && matches("^ $", " ") && matches("^~$", "~")
    );
    assert!(
        matches(r"^\p{Letter}\P{L}$", "é1")
            && matches(r"^[\p{Nd}x]+$", "x\u{9ea}")
            && matches(r"^\p{Script=Greek}$", "α")
    );
}

#[test]
fn look_around() {
    let pattern = r"(?=^.{3,63}$)(?!^(\d+\.)+\d+$)";
    assert!(
        matches(pattern, "abc")
            && !matches(pattern, "ab")
            && !matches(pattern, "1.2.3")
            && matches(pattern, "my-table")
    );
}

#[test]
fn catastrophic_backtracking_returns() {
    let input = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
    // The first is delegated to the linear-time engine; the second needs backtracking and
    // runs into the limit, which `Pattern::is_match` reports as "no match".
    for source in ["^(a+)+$", r"^((a)\2?)+$", r"^(a+)+\1$", "(a*)*(?<=b)"] {
        let pattern = Pattern {
            source,
            compiled: OnceLock::new(),
        };
        assert!(!pattern.is_match(input), "{source}");
    }
    assert!(compile(r"^((a)\2?)+$").unwrap().is_match(input).is_err());
    let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    assert!(compile(&deep).is_err() && compile(&format!("{0}a{0}", "(?:a)")).is_ok());
    static P: Pattern = Pattern::new("^a+$");
    assert!(P.is_match("aaa") && !P.is_match("ab") && P.source() == "^a+$");
    static BAD: Pattern = Pattern::new("(");
    assert!(!BAD.is_match("(") && !BAD.is_match(""));
}

#[test]
fn unanchored_search_and_errors() {
    assert!(matches("a+", "xxaayy") && matches("", "anything"));
    let error = translate("ab(").unwrap_err();
    assert_eq!(error.offset(), Some(2));
    assert!(error.to_string().contains("unterminated group"), "{error}");
}

/// Whether `data` is valid under a suite schema using `pattern` or `patternProperties`.
fn suite_verdict(schema: &Value, data: &Value) -> Option<bool> {
    if let Some(pattern) = schema["pattern"].as_str() {
        let regex = compile(pattern).ok()?;
        return Some(
            data.as_str()
                .map_or(true, |s| regex.is_match(s).unwrap_or(false)),
        );
    }
    // `{"patternProperties": {...: true}, "additionalProperties": false}`: every name must match.
    let patterns = schema["patternProperties"].as_object()?;
    if schema["additionalProperties"] != Value::Bool(false)
        || patterns.values().any(|v| v != &Value::Bool(true))
    {
        return None;
    }
    let regexes: Vec<_> = patterns
        .keys()
        .map(|p| compile(p).ok())
        .collect::<Option<_>>()?;
    let object = data.as_object()?;
    Some(
        object
            .keys()
            .all(|k| regexes.iter().any(|r| r.is_match(k).unwrap_or(false))),
    )
}

#[test]
fn json_schema_test_suite() {
    let mut total = (0, Vec::new());
    for file in ["optional/ecmascript-regex.json", "pattern.json"] {
        let Some(groups) = suite::load(file) else {
            return;
        };
        let (passed, failed) = suite::run(&groups, suite_verdict);
        total.0 += passed;
        total.1.extend(failed);
    }
    println!(
        "pattern suite: {} passed, {} failed",
        total.0,
        total.1.len()
    );
    assert!(total.1.is_empty(), "failures: {:#?}", total.1);
}
