// A catalogue of bad input: malformed flags, money, dates and terms, broken YAML and JSON
// files and unreadable article texts. Each must fail with its exit status (2 usage, 1 data)
// and its one error line, and leave the database byte for byte as it was.

#include <gtest/gtest.h>

#include <iostream>

#include "support/measure.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

using namespace std::string_literals;

struct BadInput {
  std::string name;
  std::vector<std::string> args;                           // "$DIR" stands for the case's directory
  std::vector<std::pair<std::string, std::string>> files;  // created in $DIR first
  std::string input;                                       // standard input
  int exit_code;
  std::string error;  // the first line of standard error, with "$DIR"
};

// A file whose content is this marker is made a sparse 100 MB file instead.
const std::string k_sparse_100m = "<sparse 100M>";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

const std::vector<BadInput>& catalogue() {
  static const std::vector<BadInput> k_cases = {
      {"flag-unknown", {"list", "--bogus"}, {}, ""s, 2, "mtrack: list: unknown flag '--bogus'"},
      {"flag-misspelt",
       {"list", "--minerall", "cobalt"},
       {},
       ""s,
       2,
       "mtrack: list: unknown flag '--minerall' (did you mean '--mineral'?)"},
      {"command-unknown",
       {"lst"},
       {},
       ""s,
       2,
       "mtrack: unknown command 'lst' (did you mean 'list'?)"},
      {"command-missing",
       {},
       {},
       ""s,
       2,
       "mtrack: a command is needed (one of: init, add, list, show, edit, event, rm, log, undo, "
       "import, export, copy, minerals, extract, report, rates, site, check, diff, merge, party, "
       "config, "
       "help, completion)"},
      {"format-unknown",
       {"--format", "xml", "list"},
       {},
       ""s,
       2,
       "mtrack: --format: unknown format 'xml' (did you mean 'yaml'?) (one of: table, json, jsonl, "
       "csv, yaml, markdown)"},
      {"format-not-here",
       {"--format", "markdown", "export"},
       {},
       ""s,
       2,
       "mtrack: --format: 'markdown' is not available here (one of: yaml, json, csv)"},
      {"color-bad",
       {"--color", "sometimes", "list"},
       {},
       ""s,
       2,
       "mtrack: --color: unknown value 'sometimes' (one of: auto, always, never)"},
      {"limit-missing",
       {"list", "--limit"},
       {},
       ""s,
       2,
       "mtrack: list: --limit: 1 required N missing"},
      {"limit-not-a-number",
       {"list", "--limit", "abc"},
       {},
       ""s,
       2,
       "mtrack: list: --limit: 'abc' is not a whole number (0 or more)"},
      {"sort-bad",
       {"list", "--sort", "price"},
       {},
       ""s,
       2,
       "mtrack: list: --sort: unknown value 'price' (one of: date, value, id)"},
      {"type-bad",
       {"list", "--type", "treaty"},
       {},
       ""s,
       2,
       "mtrack: --type: unknown value 'treaty' (one of: mou, loan, offtake, contract, loi, grant, "
       "investment, jv, framework, partnership, merger, other)"},
      {"status-bad",
       {"list", "--status", "pending"},
       {},
       ""s,
       2,
       "mtrack: --status: unknown value 'pending' (one of: proposed, signed, approved, completed, "
       "terminated, unknown)"},
      {"mineral-unknown",
       {"list", "--mineral", "cobalts"},
       {},
       ""s,
       2,
       "mtrack: --mineral: unknown mineral 'cobalts' (did you mean 'cobalt'?)"},
      {"role-bad",
       {"list", "--role", "king"},
       {},
       ""s,
       2,
       "mtrack: --role: unknown value 'king' (one of: buyer, seller, lender, borrower, investor, "
       "investee, grantor, grantee, partner, government, other)"},
      {"since-bad",
       {"list", "--since", "2024-13"},
       {},
       ""s,
       2,
       "mtrack: --since: '2024-13' has no month 13"},
      {"until-word",
       {"list", "--until", "yesterday"},
       {},
       ""s,
       2,
       "mtrack: --until: 'yesterday' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
      {"min-value-words",
       {"list", "--min-value", "lots"},
       {},
       ""s,
       2,
       "mtrack: --min-value: cannot read 'lots' as money: no number"},
      {"report-by-bad",
       {"report", "--by", "colour"},
       {},
       ""s,
       2,
       "mtrack: report: --by: unknown value 'colour' (one of: mineral, type, party, year, country, "
       "status)"},
      {"show-no-id", {"show"}, {}, ""s, 2, "mtrack: show: ID|KEY is required"},
      {"add-binding-both",
       {"add", "--type", "mou", "--binding", "--non-binding"},
       {},
       ""s,
       2,
       "mtrack: add: --binding excludes --non-binding"},
      {"add-no-type",
       {"add", "--title", "x"},
       {},
       ""s,
       2,
       "mtrack: add: missing --type, --party (see 'mtrack add --help')"},
      {"add-country-bad",
       {"add", "--type", "mou", "--country", "USA"},
       {},
       ""s,
       2,
       "mtrack: --country: 'USA' is not an ISO 3166-1 alpha-2 country code (did you mean 'US'?)"},
      {"add-stage-bad",
       {"add", "--type", "mou", "--stage", "smelting-ish"},
       {},
       ""s,
       2,
       "mtrack: --stage: unknown value 'smelting-ish' (one of: mining, processing, refining, "
       "separation, metal, magnet, recycling, enrichment, other)"},
      {"add-party-role-bad",
       {"add", "--type", "mou", "--party", "DoD:overlord"},
       {},
       ""s,
       2,
       "mtrack: --party: unknown value 'overlord' (one of: buyer, seller, lender, borrower, "
       "investor, investee, grantor, grantee, partner, government, other)"},
      {"add-key-not-slug",
       {"add", "--type", "mou", "--key", "Not A Slug!"},
       {},
       ""s,
       2,
       "mtrack: --key: 'Not A Slug!' is not a lower-case slug (try 'not-a-slug')"},
      {"add-key-taken",
       {"add", "--type", "loan", "--party", "DoD", "--key", "exim-ussm-loan-2024"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: an agreement with key 'exim-ussm-loan-2024' exists"},
      {"money-bad-grouping",
       {"add", "--type", "loan", "--value", "$1,00,0"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '$1,00,0' as money: misplaced thousands separator"},
      {"money-no-amount",
       {"add", "--type", "loan", "--value", "US$"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read 'US$' as money: no number"},
      {"money-bad-scale",
       {"add", "--type", "loan", "--value", "$1 gazillion"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '$1 gazillion' as money: unexpected 'gazillion'"},
      {"money-negative",
       {"add", "--type", "loan", "--value", "-$5 million"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '-$5 million' as money: no number"},
      {"money-exponent",
       {"add", "--type", "loan", "--value", "1e999", "--currency", "USD"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '1e999' as money: unexpected 'e999'"},
      {"money-three-decimals",
       {"add", "--type", "loan", "--value", "12.345", "--currency", "USD"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '12.345' as money: more than two decimal places"},
      {"money-no-currency",
       {"add", "--type", "loan", "--value", "400000000"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '400000000' as money: no currency (write it like 'US$400 "
       "million' or give --currency)"},
      {"money-symbol-only",
       {"add", "--type", "loan", "--value", "\243"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read '\\xa3' as money: no number"},
      {"money-overflow",
       {"add", "--type", "loan", "--value", "US$99999999999999999999 trillion"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read 'US$99999999999999999999 trillion' as money: the number is "
       "too large"},
      {"money-unknown-code",
       {"add", "--type", "loan", "--value", "5 million", "--currency", "XYZ"},
       {},
       ""s,
       2,
       "mtrack: --currency: unknown currency 'XYZ' (use an ISO code: USD, AUD, EUR)"},
      {"money-ceiling-text",
       {"add", "--type", "loan", "--ceiling", "up to a lot"},
       {},
       ""s,
       2,
       "mtrack: --ceiling: cannot read 'up to a lot' as money: no number"},
      {"date-feb-30",
       {"add", "--type", "mou", "--announced", "2024-02-30"},
       {},
       ""s,
       2,
       "mtrack: --announced: '2024-02-30' is not a real date (2024-02 has 29 days)"},
      {"date-month-zero",
       {"add", "--type", "mou", "--announced", "2024-00"},
       {},
       ""s,
       2,
       "mtrack: --announced: '2024-00' has no month 0"},
      {"date-two-digit-year",
       {"add", "--type", "mou", "--signed", "24-01"},
       {},
       ""s,
       2,
       "mtrack: --signed: '24-01' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
      {"date-one-digit-month",
       {"add", "--type", "mou", "--signed", "2024-1"},
       {},
       ""s,
       2,
       "mtrack: --signed: '2024-1' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
      {"date-with-time",
       {"add", "--type", "mou", "--expires", "2024-08-15T10:00"},
       {},
       ""s,
       2,
       "mtrack: --expires: '2024-08-15T10:00' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
      {"date-five-digits",
       {"add", "--type", "mou", "--announced", "99999"},
       {},
       ""s,
       2,
       "mtrack: --announced: '99999' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
      {"term-unit",
       {"add", "--type", "loan", "--term", "15 parsecs"},
       {},
       ""s,
       2,
       "mtrack: --term: '15 parsecs' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
      {"term-empty-iso",
       {"add", "--type", "loan", "--term", "P"},
       {},
       ""s,
       2,
       "mtrack: --term: 'P' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
      {"term-negative",
       {"add", "--type", "loan", "--term", "-5y"},
       {},
       ""s,
       2,
       "mtrack: --term: '-5y' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
      {"show-missing",
       {"show", "999"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: no agreement with id or key '999'"},
      {"show-bad-key",
       {"show", "x' OR '1'='1"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: no agreement with id or key 'x' OR '1'='1'"},
      {"edit-missing",
       {"edit", "999", "--title", "x"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: no agreement with id or key '999'"},
      {"rm-missing",
       {"rm", "--yes", "999"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: no agreement with id or key '999'"},
      {"yaml-syntax",
       {"import", "$DIR/syntax.yaml"},
       {{"syntax.yaml", "agreements:\n  - {key: k1, type: loan\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/syntax.yaml:3:1: did not find expected ',' or '}' (while parsing a flow mapping at "
       "2:5)"},
      {"yaml-tab-indent",
       {"import", "$DIR/tab.yaml"},
       {{"tab.yaml", "agreements:\n\t- key: k1\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/tab.yaml:2:1: a tab, where YAML indents with spaces only"},
      {"yaml-unknown-mineral",
       {"import", "$DIR/m.yaml"},
       {{"m.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    minerals: [cobalts]\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/m.yaml:5:16: minerals: unknown mineral 'cobalts' (did you mean 'cobalt'?)"},
      {"yaml-bad-type",
       {"import", "$DIR/t.yaml"},
       {{"t.yaml",
         "agreements:\n  - {key: k1, type: treaty, parties: [{name: DoD, role: lender}]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/t.yaml:2:21: type: unknown type 'treaty' (one of: mou, loan, offtake, contract, loi, "
       "grant, investment, jv, framework, partnership, merger, other)"},
      {"yaml-bad-role",
       {"import", "$DIR/r.yaml"},
       {{"r.yaml",
         "agreements:\n  - {key: k1, type: loan, parties: [{name: DoD, role: king}]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/r.yaml:2:55: parties[1].role: unknown role 'king' (one of: buyer, seller, lender, "
       "borrower, investor, investee, grantor, grantee, partner, government, other)"},
      {"yaml-amount-text",
       {"import", "$DIR/a.yaml"},
       {{"a.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    value: {amount: lots, currency: USD}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/a.yaml:5:21: value.amount: 'lots' is not a number"},
      {"yaml-currency-bad",
       {"import", "$DIR/c.yaml"},
       {{"c.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    value: {amount: 5, currency: XYZ}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/c.yaml:5:34: value.currency: unknown currency 'XYZ' (use an ISO 4217 code such as "
       "USD, AUD, EUR)"},
      {"yaml-date-bad",
       {"import", "$DIR/d.yaml"},
       {{"d.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    announced: 2024-02-30\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/d.yaml:5:16: announced: '2024-02-30' is not a real date (2024-02 has 29 days)"},
      {"yaml-term-bad",
       {"import", "$DIR/term.yaml"},
       {{"term.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    term: forever\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/term.yaml:5:11: term: 'forever' is not a term (write it like '15y', '6 months' or "
       "'P1Y6M')"},
      {"yaml-duplicate-key",
       {"import", "$DIR/dup.yaml"},
       {{"dup.yaml",
         "agreements:\n  - {key: k1, type: loan, parties: [{name: DoD, role: lender}]}\n  - {key: k1, type: mou, parties: [{name: DoD, role: lender}]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/dup.yaml:3:11: key: duplicate key 'k1' (first on line 2)"},
      {"yaml-duplicate-field",
       {"import", "$DIR/dupf.yaml"},
       {{"dupf.yaml",
         "agreements:\n  - {key: k1, type: loan, type: mou, parties: [{name: DoD, role: lender}]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/dupf.yaml:2:27: type: duplicate field 'type' (first on line 2)"},
      {"yaml-scalar-document",
       {"import", "$DIR/s.yaml"},
       {{"s.yaml", "just some words\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/s.yaml:1:1: agreements: expected a list of agreements under 'agreements:'"},
      {"yaml-agreements-mapping",
       {"import", "$DIR/am.yaml"},
       {{"am.yaml", "agreements: {key: k1}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/am.yaml:1:13: agreements: expected a list of agreements under 'agreements:'"},
      {"yaml-unknown-field",
       {"import", "$DIR/uf.yaml"},
       {{"uf.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    colour: blue\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/uf.yaml:5:5: colour: unknown field 'colour'"},
      {"yaml-schema-newer",
       {"import", "$DIR/sv.yaml"},
       {{"sv.yaml",
         "schema_version: 99\nagreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/sv.yaml:1:17: schema_version: version 99 is newer than this mtrack reads (2)"},
      {"yaml-binding-word",
       {"import", "$DIR/b.yaml"},
       {{"b.yaml",
         "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    binding: perhaps\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/b.yaml:5:14: binding: expected true, false or null, not 'perhaps'"},
      {"yaml-missing-type",
       {"import", "$DIR/mt.yaml"},
       {{"mt.yaml",
         "agreements:\n  - {key: k1, title: no type, parties: [{name: DoD, role: lender}]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/mt.yaml:2:5: type: missing required field 'type'"},
      {"yaml-stdin-garbage",
       {"import", "-"},
       {},
       "agreements: [{key: k1, type: loan\n"s,
       k_exit_failure,
       "<stdin>:2:1: did not find expected ',' or '}' (while parsing a flow mapping at 1:14)"},
      {"yaml-invalid-utf8",
       {"import", "$DIR/u.yaml"},
       {{"u.yaml", "agreements:\n  - {key: k1, type: loan, title: \"\377\376\"}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/u.yaml:2:35: the file is not valid UTF-8 text"},
      {"json-trailing-comma",
       {"import", "$DIR/tc.json"},
       {{"tc.json", "{\"agreements\": [{\"key\": \"k1\", \"type\": \"loan\"},]}"s}},
       ""s,
       k_exit_failure,
       "$DIR/tc.json:1:47: unexpected character ']'"},
      {"json-unterminated",
       {"import", "$DIR/un.json"},
       {{"un.json", "{\"agreements\": [{\"key\": \"k1"s}},
       ""s,
       k_exit_failure,
       "$DIR/un.json:1:28: unterminated string"},
      {"json-bad-escape",
       {"import", "$DIR/esc.json"},
       {{"esc.json", "{\"agreements\": [{\"key\": \"k\\q1\"}]}"s}},
       ""s,
       k_exit_failure,
       "$DIR/esc.json:1:29: bad escape '\\q'"},
      {"json-deep",
       {"import", "$DIR/deep.json"},
       {{"deep.json",
         "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"s}},
       ""s,
       k_exit_failure,
       "$DIR/deep.json:1:66: nested too deeply"},
      {"json-bare-word",
       {"import", "$DIR/w.json"},
       {{"w.json", "{\"agreements\": [nope]}"s}},
       ""s,
       k_exit_failure,
       "$DIR/w.json:1:17: unexpected character 'n'"},
      {"json-trailing-text",
       {"import", "$DIR/tt.json"},
       {{"tt.json", "{\"agreements\": []} extra"s}},
       ""s,
       k_exit_failure,
       "$DIR/tt.json:1:20: unexpected text after the JSON value"},
      {"import-missing-file",
       {"import", "$DIR/nowhere.yaml"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: $DIR/nowhere.yaml: cannot open: No such file or directory"},
      {"import-directory",
       {"import", "$DIR"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: $DIR: is a directory, not a file"},
      // Import streams, so a file of any size is read; zeros are not text.
      {"import-nul-bytes",
       {"import", "$DIR/huge.yaml"},
       {{"huge.yaml", "<sparse 100M>"s}},
       ""s,
       k_exit_failure,
       "$DIR/huge.yaml:1:1: the file is not text (it holds a NUL byte)"},
      {"check-too-large",
       {"check", "$DIR/huge.yaml"},
       {{"huge.yaml", "<sparse 100M>"s}},
       ""s,
       k_exit_failure,
       "mtrack: $DIR/huge.yaml: file is 100 MiB, larger than the 64 MiB limit for a file to check "
       "or compare (import reads any size)"},
      // Issue 15: input files are read in one place with one rule: diff holds a file to the
      // limit check does.
      {"diff-too-large",
       {"diff", "$DIR/small.yaml", "$DIR/huge.yaml"},
       {{"small.yaml", "agreements: []\n"s}, {"huge.yaml", "<sparse 100M>"s}},
       ""s,
       k_exit_failure,
       "mtrack: $DIR/huge.yaml: file is 100 MiB, larger than the 64 MiB limit for a file to check or "
       "compare (import reads any size)"},
      {"extract-missing-file",
       {"extract", "$DIR/nowhere.txt"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: $DIR/nowhere.txt: cannot open: No such file or directory"},
      {"extract-directory",
       {"extract", "$DIR"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: $DIR: is a directory, not a file"},
      {"extract-too-large",
       {"extract", "$DIR/huge.txt"},
       {{"huge.txt", "<sparse 100M>"s}},
       ""s,
       k_exit_failure,
       "mtrack: $DIR/huge.txt: file is 100 MiB, larger than the 16 MiB limit for an article"},
      {"add-money-too-large",
       {"add", "--type", "loan", "--party", "P", "--value", "US$50000 trillion"},
       {},
       ""s,
       2,
       "mtrack: --value: cannot read 'US$50000 trillion' as money: the amount is too large (at "
       "most 16 digits before the decimal point)"},
      {"add-party-not-utf8",
       {"add", "--type", "loan", "--party", "Bad\xff Name", "--party", "Q"},
       {},
       ""s,
       2,
       "mtrack: --party: text is not valid UTF-8"},
      {"edit-empty-value",
       {"edit", "1", "--value", ""},
       {},
       ""s,
       2,
       "mtrack: --value: empty value (to remove it: mtrack edit ID --clear value)"},
      {"edit-nothing",
       {"edit", "1"},
       {},
       ""s,
       2,
       "mtrack: edit: nothing to change: give a field flag (see 'mtrack edit --help')"},
      {"list-country-alpha3",
       {"list", "--country", "USA"},
       {},
       ""s,
       2,
       "mtrack: --country: 'USA' is not an ISO 3166-1 alpha-2 country code (did you mean 'US'?)"},
      {"global-flag-unknown", {"--bogus"}, {}, ""s, 2, "mtrack: unknown flag '--bogus'"},
      {"help-unknown",
       {"help", "lsit"},
       {},
       ""s,
       2,
       "mtrack: help: unknown command 'lsit' (did you mean 'list'?)"},
      {"import-dash-file",
       {"import", "-x.yaml"},
       {},
       ""s,
       2,
       "mtrack: import: unknown flag '-x.yaml' (a file whose name starts with '-' is written "
       "./-x.yaml)"},
      {"import-empty-stdin",
       {"import", "-"},
       {},
       ""s,
       k_exit_failure,
       "<stdin>: empty input: no agreements document"},
      {"import-money-too-large",
       {"import", "$DIR/big.yaml"},
       {{"big.yaml",
         "agreements:\n  - {key: b, type: loan, parties: [P], value: {amount: 50000000000000000, "
         "currency: USD}}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/big.yaml:2:56: value.amount: '50000000000000000' is too large (at most 16 digits "
       "before the decimal point)"},
      {"import-country-lower-alpha3",
       {"import", "$DIR/cc.yaml"},
       {{"cc.yaml",
         "agreements:\n  - {key: c, type: loan, parties: [P], location: {country: usa}}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/cc.yaml:2:60: location.country: 'usa' is not an ISO 3166-1 alpha-2 country code "
       "(did you mean 'US'?)"},
      {"rm-script-without-yes",
       {"rm", "1"},
       {},
       ""s,
       2,
       "mtrack: rm: asks before changing anything; not on a terminal, give --yes to go ahead"},
      {"limit-too-large",
       {"list", "--limit", "99999999999999999999"},
       {},
       ""s,
       2,
       "mtrack: list: --limit: '99999999999999999999' is too large (at most 18 digits)"},
      {"show-control-characters",
       {"show", "\x1b]52;c;ZXZpbA==\x07"},
       {},
       ""s,
       k_exit_failure,
       "mtrack: no agreement with id or key '\\x1b]52;c;ZXZpbA==\\x07'"},
      {"extract-format-bad",
       {"--format", "csv", "extract", "$DIR/a.txt"},
       {{"a.txt", "Acme signed an MOU with DoD.\n"s}},
       ""s,
       2,
       "mtrack: --format: 'csv' is not available here (one of: json, yaml)"},
      // Issue 14.3: a repeated top-level key and a second YAML document are errors at their
      // line, not a silent last-one-wins.
      {"yaml-agreements-twice",
       {"import", "$DIR/twice.yaml"},
       {{"twice.yaml",
         "agreements:\n  - {key: a1, type: loan, parties: [X Co]}\nagreements:\n  - {key: a2, type: loan, parties: [Y Co]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/twice.yaml:3:1: agreements: duplicate top-level field 'agreements' (first on line 1)"},
      {"json-agreements-twice",
       {"import", "$DIR/twice.json"},
       {{"twice.json",
         "{\"agreements\": [{\"key\": \"a1\", \"type\": \"loan\", \"parties\": [\"X Co\"]}],\n \"agreements\": [{\"key\": \"a2\", \"type\": \"loan\", \"parties\": [\"Y Co\"]}]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/twice.json:2:2: agreements: duplicate top-level field 'agreements' (first on line 1)"},
      {"yaml-second-document",
       {"import", "$DIR/two.yaml"},
       {{"two.yaml",
         "agreements:\n  - {key: a1, type: loan, parties: [X Co]}\n---\nagreements:\n  - {key: a2, type: loan, parties: [Y Co]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/two.yaml:3:1: a second YAML document (one file holds one document)"},
      // Issue 15: two agreements claiming one merged key (import said "UNIQUE constraint
      // failed"; check passed the file), and a merged key that is another agreement's key.
      {"yaml-merged-key-shared",
       {"import", "$DIR/merged.yaml"},
       {{"merged.yaml",
         "agreements:\n  - {key: a1, type: loan, parties: [X Co], merged_keys: [old-one]}\n  - {key: a2, type: mou, parties: [Y Co], merged_keys: [old-one]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/merged.yaml:3: 'old-one' cannot be merged into 'a2': it was merged into agreement 16"},
      {"yaml-merged-key-is-a-key",
       {"import", "$DIR/merged2.yaml"},
       {{"merged2.yaml",
         "agreements:\n  - {key: a1, type: loan, parties: [X Co]}\n  - {key: a2, type: mou, parties: [Y Co], merged_keys: [a1]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/merged2.yaml:3: 'a1' cannot be merged into 'a2': it is the key of another agreement"},
      // Issue 14.6: an error that echoes a value from a file shows its control characters as
      // visible escapes.
      {"yaml-control-characters-echoed",
       {"import", "$DIR/esc.yaml"},
       {{"esc.yaml",
         "agreements:\n  - {key: a1, type: \"loan\\e[2J\\e]52;c;eA==\\a\", parties: [X Co]}\n"s}},
       ""s,
       k_exit_failure,
       "$DIR/esc.yaml:2:21: type: unknown type 'loan\\x1b[2J\\x1b]52;c;eA==\\x07' (one of: mou, loan, "
       "offtake, contract, loi, grant, investment, jv, framework, partnership, merger, other)"},
      {"extract-binary",
       {"extract", "$DIR/bin.txt"},
       {{"bin.txt",
         "\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004"s}},
       ""s,
       k_exit_failure,
       "mtrack: $DIR/bin.txt: binary file, not article text"},
  };
  return k_cases;
}

TEST(BadInputCatalogue, EachFailsWithItsLineAndChangesNothing) {
  TempDir root;
  const auto db = root / "catalogue.db";
  auto o = mtrack(db, {"import", source_dir() + "/tests/data/seed-agreements.yaml"});
  ASSERT_EQ(o.status, 0) << o.err;
  const auto checksum = digest(database_files(db));
  ASSERT_GE(catalogue().size(), 50u);
  int n = 0;
  for (const auto& c : catalogue()) {
    SCOPED_TRACE(c.name);
    const auto dir = root / ("case-" + std::to_string(n++));
    std::filesystem::create_directories(dir);
    for (const auto& [name, content] : c.files) {
      if (content == k_sparse_100m) {
        write_file(dir / name, "");
        std::filesystem::resize_file(dir / name, 100u << 20);
      } else {
        write_file(dir / name, content);
      }
    }
    std::vector<std::string> args;
    for (const auto& a : c.args) args.push_back(replace_all(a, "$DIR", dir.string()));
    o = mtrack(db, args, c.input);
    EXPECT_EQ(o.status, c.exit_code) << o.err;
    const std::string first = o.err.substr(0, o.err.find('\n'));
    EXPECT_EQ(first, replace_all(c.error, "$DIR", dir.string()));
    EXPECT_EQ(digest(database_files(db)), checksum);
  }
  std::cout << "[ figures  ] bad-input catalogue: " << catalogue().size()
            << " inputs, database checksum " << checksum << " unchanged\n";
}

// "file:line" of the first problem of an error output ("mtrack: " first or not), or "" when
// the problem names no line of the file.
std::string file_and_line(std::string err, const std::string& file) {
  err = err.substr(0, err.find('\n'));
  if (err.rfind("mtrack: ", 0) == 0) err = err.substr(8);
  if (err.rfind(file + ":", 0) != 0) return "";
  const std::size_t from = file.size() + 1;
  std::size_t end = from;
  while (end < err.size() && std::isdigit(static_cast<unsigned char>(err[end]))) ++end;
  if (end == from || end >= err.size() || err[end] != ':') return "";
  return err.substr(0, end);
}

// The files `check` and `import` both read: the catalogue's import files, the fuzz corpus
// and a good file, each cut short at a few places too.
std::vector<std::pair<std::string, std::string>> interchange_inputs() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : catalogue()) {
    if (c.args.size() != 2 || c.args[0] != "import" || c.files.size() != 1) continue;
    const auto& [name, content] = c.files.front();
    if (content == k_sparse_100m || c.args[1] != "$DIR/" + name) continue;
    out.emplace_back(c.name + "-" + name, content);
  }
  const auto corpus = std::filesystem::path(source_dir()) / "tests" / "fuzz" / "corpus" / "import";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(corpus)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  // Good files too: cut short, most of their pieces are good as well.
  files.push_back(std::filesystem::path(source_dir()) / "tests" / "data" / "seed-agreements.yaml");
  for (const auto& f : files) {
    const std::string text = read_file(f);
    out.emplace_back(f.filename().string(), text);
    const std::string ext = f.extension().string();
    for (int cut = 1; cut < 8; ++cut) {
      std::size_t at = text.size() * static_cast<std::size_t>(cut) / 8;
      if (cut % 2 == 0) {  // at the end of a line
        const std::size_t line_end = text.rfind('\n', at);
        at = line_end == std::string::npos ? 0 : line_end + 1;
      }
      out.emplace_back(f.stem().string() + "-cut" + std::to_string(cut) + ext, text.substr(0, at));
    }
  }
  return out;
}

// Whatever `check FILE` passes imports; whatever import rejects, check reports, at the same
// file:line when import names one.
TEST(BadInputCatalogue, CheckAndImportAgree) {
  TempDir root;
  int agreed = 0, rejected = 0;
  for (const auto& [name, content] : interchange_inputs()) {
    SCOPED_TRACE(name);
    const auto dir = root / ("case-" + std::to_string(agreed + rejected));
    std::filesystem::create_directories(dir);
    const auto file = dir / name;
    write_file(file, content);
    const auto check = run_process({mtrack_binary(), "check", file.string()});
    const auto import = mtrack(dir / "fresh.db", {"import", file.string()});
    ASSERT_TRUE(check.status == 0 || check.status == k_exit_findings ||
                check.status == k_exit_failure)
        << check.status << " " << check.err;
    if (check.status == 0) {
      EXPECT_EQ(import.status, 0) << "check passed it, import refused it:\n" << import.err;
    }
    if (import.status != 0) {
      ++rejected;
      EXPECT_NE(check.status, 0) << "import refused it, check passed it:\n" << import.err;
      const std::string where = file_and_line(import.err, file.string());
      if (!where.empty()) {
        EXPECT_NE((check.out + check.err).find(where + ":"), std::string::npos)
            << "import: " << import.err << "check: " << check.out << check.err;
      }
    } else {
      ++agreed;
    }
  }
  std::cout << "[ figures  ] check and import: " << agreed << " files both accept, " << rejected
            << " both refuse\n";
}

}  // namespace
}  // namespace mtrack::test
