#!/bin/sh
# The CI recipe of docs/ci.md, run locally on the fixtures: a base and a head version of the
# dataset, `check` on the head, `diff` of base against head and `report --format markdown`
# into a job-summary file, the static site with its feed as the publish step builds it, then
# the same check on a head with a planted problem, which must fail and turn into annotations.
#
# usage: ci_recipe.sh MTRACK SOURCE_DIR
set -eu

MTRACK=$1
SRC=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mtrack-ci.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export MTRACK_DB="$TMP/mtrack.db" NO_COLOR=1 TZ=UTC
GITHUB_STEP_SUMMARY="$TMP/summary.md"
RUNNER_TEMP="$TMP"
DATA=data

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Base: the fixture as it is. Head: one value raised, one status changed, one agreement
# removed (the USCIS-approved loan, up to the next record).
mkdir -p "$TMP/base/$DATA" "$TMP/head/$DATA"
cp "$SRC/tests/data/seed-agreements.yaml" "$TMP/base/$DATA/agreements.yaml"
sed -e 's/value: {amount: 169000000, currency: USD}/value: {amount: 175000000, currency: USD}/' \
    -e 's/status: proposed/status: terminated/' \
    -e '/^  - key: uscis-ussm-loan-2024$/,/^$/d' \
    "$SRC/tests/data/seed-agreements.yaml" > "$TMP/head/$DATA/agreements.yaml"
cd "$TMP/head"

# Step: check the dataset (clean: prints nothing, exit 0).
"$MTRACK" check "$DATA" > "$RUNNER_TEMP/problems.txt" || fail "check failed on a clean dataset"
[ ! -s "$RUNNER_TEMP/problems.txt" ] || fail "check printed something on a clean dataset"

# Step: diff against the base branch.
"$MTRACK" diff "$TMP/base/$DATA" "$DATA" --format markdown >> "$GITHUB_STEP_SUMMARY"

# Step: report.
"$MTRACK" -q import "$DATA"/*.yaml
echo >> "$GITHUB_STEP_SUMMARY"
"$MTRACK" report --by mineral --by type --format markdown >> "$GITHUB_STEP_SUMMARY"
"$MTRACK" report --format html --title "Agreements at test" > "$RUNNER_TEMP/report.html"

expect() {
  grep -qF -- "$1" "$GITHUB_STEP_SUMMARY" || fail "summary lacks: $1"
}
expect "0 added, 1 removed, 2 changed."
expect "| uscis-ussm-loan-2024 | loan | USD 100,800,000 |"
expect "| dod-ares-fluorspar-contract | value | USD 169,000,000 | USD 175,000,000 |"
expect "| realloys-blackboxstocks-merger | status | proposed | terminated |"
expect "**14 agreements** — 9 binding, 5 non-binding."
expect "Binding value: USD 1,478,000,000."
expect "### By mineral"
expect "### By type"
expect "| cobalt | 3 | 3 | 0 | USD 400,000,000 |  |"
[ "$(grep -c '^## ' "$GITHUB_STEP_SUMMARY")" -eq 2 ] || fail "expected two sections in the summary"
grep -q '<svg' "$RUNNER_TEMP/report.html" || fail "the HTML report has no chart"

# Step: build the site (the publish job uploads this folder to GitHub Pages).
SITE_URL="https://example.github.io/agreements/"
"$MTRACK" -q site "$RUNNER_TEMP/public" --title "Agreements" --in USD --base-url "$SITE_URL"
for f in index.html feed.atom agreements.csv agreements.json agreements.yaml search.html \
         a/exim-ussm-loan-2024.html mineral/cobalt.html org/us-strategic-metals.html; do
  [ -s "$RUNNER_TEMP/public/$f" ] || fail "the site lacks $f"
done
[ "$(ls "$RUNNER_TEMP/public/a" | wc -l)" -eq 14 ] || fail "expected 14 agreement pages"
[ "$(grep -c '<entry>' "$RUNNER_TEMP/public/feed.atom")" -eq 14 ] || fail "expected 14 feed entries"
grep -q "<link rel=\"alternate\" type=\"text/html\" href=\"${SITE_URL}a/exim-ussm-loan-2024.html\"/>" \
  "$RUNNER_TEMP/public/feed.atom" || fail "the feed's links are not absolute"
grep -q '<id>tag:example.github.io,2025:agreement/exim-ussm-loan-2024</id>' \
  "$RUNNER_TEMP/public/feed.atom" || fail "the feed's entry ids are not tag: URIs from the keys"
# The same data builds the same bytes, so an unchanged dataset republishes nothing new.
"$MTRACK" -q site "$RUNNER_TEMP/public2" --title "Agreements" --in USD --base-url "$SITE_URL"
diff -r "$RUNNER_TEMP/public" "$RUNNER_TEMP/public2" >/dev/null || fail "a rebuild differs"

# A planted problem: check fails, and its line becomes a GitHub annotation.
sed -i 's/minerals: \[uranium\]/minerals: [uranum]/' "$DATA/agreements.yaml"
if "$MTRACK" check "$DATA" > "$RUNNER_TEMP/problems.txt"; then
  fail "check passed a dataset with an unknown mineral"
fi
sed -E 's/^([^:]+):([0-9]+):([0-9]+): (.*)$/::error file=\1,line=\2,col=\3::\4/' \
  "$RUNNER_TEMP/problems.txt" > "$RUNNER_TEMP/annotations.txt"
line=$(grep -n 'minerals: \[uranum\]' "$DATA/agreements.yaml" | cut -d: -f1)
grep -q "^::error file=data/agreements.yaml,line=$line,col=[0-9]*::minerals: unknown mineral 'uranum'" \
  "$RUNNER_TEMP/annotations.txt" || fail "no annotation for line $line: $(cat "$RUNNER_TEMP/annotations.txt")"

echo "ok: check, diff, report and site as in docs/ci.md; summary $(wc -c < "$GITHUB_STEP_SUMMARY") bytes"
