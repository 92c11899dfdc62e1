#!/usr/bin/env bash
# flowgen against progenitor on the vendor's Flow Service description (issue 18), in one
# sitting, alternating the two tools:
#
#   1. generation, whole process: RUNS rounds (default 7); each round is one `hyperfine`
#      of both commands (3 warm-ups, 10 runs each) and gives the ratio of their medians;
#      the result is the median of those ratios;
#   2. generated lines: non-blank lines of every `.rs` file of each generated crate (and
#      all lines, as `wc -l` counts them);
#   3. `cargo check` of each generated crate alone: its dependencies built first, then
#      CHECKS alternating rounds (default 3) of `cargo clean -p <crate>` + `cargo check`.
#
# Needs `cargo-progenitor` (`cargo install cargo-progenitor --version 0.15.1 --locked`),
# `hyperfine`, `jq` and `python3` with PyYAML. Reads `$FLOWGEN_SHARED_DIR/adobe-openapi/
# flow-service.yaml` (default: `../shared` beside the checkout) and writes only under a
# temporary directory (`WORK`, kept when given). Progenitor 0.15 rejects a response
# `content` without a `schema`, so it reads a temporary copy of the description with
# `schema: {type: object}` added where one is missing; flowgen reads the file as it is.
# Not a test: nothing is asserted, the figures are printed (see docs/performance.md).
#
# Environment: FLOWGEN (a flowgen binary to measure instead of building this checkout's),
# PROGENITOR, RUNS, CHECKS, WORK, FLOWGEN_SHARED_DIR.
#
# Usage: codegen/benches/vs-progenitor.sh            (all three)
#        codegen/benches/vs-progenitor.sh gen lines   (only some: gen, lines, check)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${FLOWGEN_SHARED_DIR:-$root/../shared}
spec=$shared/adobe-openapi/flow-service.yaml
progenitor=${PROGENITOR:-cargo-progenitor}
runs=${RUNS:-7}
checks=${CHECKS:-3}
parts=${*:-gen lines check}
if [[ -n "${WORK:-}" ]]; then
    work=$WORK
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

for tool in "$progenitor" hyperfine jq python3; do
    command -v "$tool" >/dev/null || { echo "vs-progenitor: $tool is not installed" >&2; exit 2; }
done
[[ -f $spec ]] || { echo "vs-progenitor: $spec is missing (set FLOWGEN_SHARED_DIR)" >&2; exit 2; }

if [[ -n "${FLOWGEN:-}" ]]; then
    flowgen=$FLOWGEN
else
    echo "# building flowgen (release)" >&2
    cargo build --release -q -p flowgen --manifest-path "$root/Cargo.toml"
    flowgen=$root/target/release/flowgen
fi

# The inputs: flowgen's specs directory, and progenitor's copy with every response
# content given a schema.
mkdir -p "$work/specs/openapi"
cp "$spec" "$work/specs/openapi/flow-service.yaml"
python3 - "$spec" "$work/progenitor.yaml" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
added = 0
def fix(response):
    global added
    for media in (response or {}).get("content", {}).values():
        if isinstance(media, dict) and "schema" not in media:
            media["schema"] = {"type": "object"}
            added += 1
for item in doc.get("paths", {}).values():
    for op in item.values():
        if isinstance(op, dict):
            for response in op.get("responses", {}).values():
                fix(response)
for response in doc.get("components", {}).get("responses", {}).values():
    fix(response)
yaml.safe_dump(doc, open(sys.argv[2], "w", encoding="utf-8"), sort_keys=False,
               allow_unicode=True, width=1000)
print(f"# progenitor's copy: {added} response schema(s) added", file=sys.stderr)
EOF

fg_out=$work/flowgen-crate
pg_out=$work/progenitor-crate
fg_cmd="$flowgen generate --specs $work/specs --out $fg_out --crate-name fs-flowgen --runtime path:$root/codegen/runtime"
pg_cmd="$progenitor progenitor -i $work/progenitor.yaml -o $pg_out -n fs-progenitor -v 0.1.0 --interface builder"
$fg_cmd >/dev/null 2>&1
$pg_cmd >/dev/null 2>&1

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

if [[ $parts == *gen* ]]; then
    echo "## generation, whole process ($runs rounds of hyperfine -w 3 -r 10, both tools each round)"
    ratios=()
    for i in $(seq "$runs"); do
        hyperfine -N -w 3 -r 10 --export-json "$work/gen-$i.json" "$pg_cmd" "$fg_cmd" >/dev/null 2>&1
        read -r pg fg < <(jq -r '[.results[].median] | map(. * 1000) | @tsv' "$work/gen-$i.json")
        ratio=$(awk -v p="$pg" -v f="$fg" 'BEGIN {printf "%.2f", p / f}')
        printf 'round %d: progenitor %.1f ms, flowgen %.1f ms, %s× faster\n' "$i" "$pg" "$fg" "$ratio"
        ratios+=("$ratio")
    done
    printf 'median of %d ratios: %s× faster\n\n' "$runs" "$(printf '%s\n' "${ratios[@]}" | median)"
fi

# The crate's own files, not those its target directory (made by `check`) holds.
rs_files() { find "$1" -path "$1/target" -prune -o -name '*.rs' -print0; }
count() { rs_files "$1" | xargs -0 cat | grep -cv '^[[:space:]]*$'; }
if [[ $parts == *lines* ]]; then
    # Also every line (`wc -l`): rustfmt, which progenitor runs, keeps blank lines
    # between items; prettyplease, which flowgen uses, writes none.
    all() { rs_files "$1" | xargs -0 cat | wc -l; }
    echo "## generated lines (non-blank lines of the crate's .rs files; all lines in parentheses)"
    echo "progenitor: $(count "$pg_out") ($(all "$pg_out"))"
    echo "flowgen:    $(count "$fg_out") ($(all "$fg_out"))"
    for f in $(cd "$fg_out" && find . -path ./target -prune -o -name '*.rs' -print | sort); do
        printf '  %-40s %6d\n' "$f" "$(grep -cv '^[[:space:]]*$' "$fg_out/$f")"
    done
    echo
fi

if [[ $parts == *check* ]]; then
    echo "## cargo check of each generated crate alone ($checks alternating rounds)"
    # Each crate is its own workspace with its own target directory; the flowgen one
    # takes the versions of this workspace's lock file.
    cp "$root/Cargo.lock" "$fg_out/Cargo.lock"
    for d in "$fg_out" "$pg_out"; do
        grep -q '^\[workspace\]' "$d/Cargo.toml" || printf '\n[workspace]\n' >>"$d/Cargo.toml"
        (cd "$d" && CARGO_TARGET_DIR=$d/target cargo check -q 2>/dev/null) ||
            (cd "$d" && CARGO_TARGET_DIR=$d/target cargo check)
    done
    check() {
        (cd "$1" && CARGO_TARGET_DIR=$1/target cargo clean -q -p "$2" &&
            start=$EPOCHREALTIME && CARGO_TARGET_DIR=$1/target cargo check -q &&
            awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN {printf "%.2f", e - s}')
    }
    for i in $(seq "$checks"); do
        pg=$(check "$pg_out" fs-progenitor)
        fg=$(check "$fg_out" fs-flowgen)
        printf 'round %d: progenitor %s s, flowgen %s s, ratio %s\n' "$i" "$pg" "$fg" \
            "$(awk -v p="$pg" -v f="$fg" 'BEGIN {printf "%.2f", f / p}')"
    done
fi
