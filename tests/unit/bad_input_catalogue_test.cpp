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
  std::vector<std::string> args;  // "$DIR" stands for the case's directory
  std::vector<std::pair<std::string, std::string>> files;  // created in $DIR first
  std::string input;  // standard input
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
    {"flag-unknown", {"list", "--bogus"}, {}, ""s, 2,
     "mtrack: list: unknown flag '--bogus'"},
    {"flag-misspelt", {"list", "--minerall", "cobalt"}, {}, ""s, 2,
     "mtrack: list: unknown flag '--minerall' (did you mean '--mineral'?)"},
    {"command-unknown", {"lst"}, {}, ""s, 2,
     "mtrack: unknown command 'lst' (did you mean 'list'?)"},
    {"command-missing", {}, {}, ""s, 2,
     "mtrack: a command is needed (one of: init, add, list, show, edit, event, rm, import, export, minerals, extract, report, check, diff, merge, party, config, completion)"},
    {"format-unknown", {"--format", "xml", "list"}, {}, ""s, 2,
     "mtrack: --format: unknown format 'xml' (did you mean 'yaml'?) (one of: table, json, jsonl, csv, yaml, markdown)"},
    {"format-not-here", {"--format", "markdown", "export"}, {}, ""s, 2,
     "mtrack: --format: 'markdown' is not available here (one of: yaml, json, csv)"},
    {"color-bad", {"--color", "sometimes", "list"}, {}, ""s, 2,
     "mtrack: --color: unknown value 'sometimes' (one of: auto, always, never)"},
    {"limit-missing", {"list", "--limit"}, {}, ""s, 2,
     "mtrack: list: --limit: 1 required N missing"},
    {"limit-not-a-number", {"list", "--limit", "abc"}, {}, ""s, 2,
     "mtrack: list: --limit: 'abc' is not a whole number (0 or more)"},
    {"sort-bad", {"list", "--sort", "price"}, {}, ""s, 2,
     "mtrack: list: --sort: unknown value 'price' (one of: date, value, id)"},
    {"type-bad", {"list", "--type", "treaty"}, {}, ""s, 2,
     "mtrack: --type: unknown value 'treaty' (one of: mou, loan, offtake, contract, loi, grant, investment, jv, framework, partnership, merger, other)"},
    {"status-bad", {"list", "--status", "pending"}, {}, ""s, 2,
     "mtrack: --status: unknown value 'pending' (one of: proposed, signed, approved, completed, terminated, unknown)"},
    {"mineral-unknown", {"list", "--mineral", "cobalts"}, {}, ""s, 2,
     "mtrack: --mineral: unknown mineral 'cobalts' (did you mean 'cobalt'?)"},
    {"role-bad", {"list", "--role", "king"}, {}, ""s, 2,
     "mtrack: --role: unknown value 'king' (one of: buyer, seller, lender, borrower, investor, investee, grantor, grantee, partner, government, other)"},
    {"since-bad", {"list", "--since", "2024-13"}, {}, ""s, 2,
     "mtrack: --since: '2024-13' has no month 13"},
    {"until-word", {"list", "--until", "yesterday"}, {}, ""s, 2,
     "mtrack: --until: 'yesterday' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"min-value-words", {"list", "--min-value", "lots"}, {}, ""s, 2,
     "mtrack: --min-value: cannot read 'lots' as money: no number"},
    {"report-by-bad", {"report", "--by", "colour"}, {}, ""s, 2,
     "mtrack: report: --by: unknown value 'colour' (one of: mineral, type, party, year, country, status)"},
    {"show-no-id", {"show"}, {}, ""s, 2,
     "mtrack: show: ID|KEY is required"},
    {"add-binding-both", {"add", "--type", "mou", "--binding", "--non-binding"}, {}, ""s, 2,
     "mtrack: add: --binding excludes --non-binding"},
    {"add-no-type", {"add", "--title", "x"}, {}, ""s, 2,
     "mtrack: add: missing --type, --party (see 'mtrack add --help')"},
    {"add-country-bad", {"add", "--type", "mou", "--country", "USA"}, {}, ""s, 2,
     "mtrack: --country: 'USA' is not an ISO 3166-1 alpha-2 code (like US, AU)"},
    {"add-stage-bad", {"add", "--type", "mou", "--stage", "smelting-ish"}, {}, ""s, 2,
     "mtrack: --stage: unknown value 'smelting-ish' (one of: mining, processing, refining, separation, metal, magnet, recycling, enrichment, other)"},
    {"add-party-role-bad", {"add", "--type", "mou", "--party", "DoD:overlord"}, {}, ""s, 2,
     "mtrack: --party: unknown value 'overlord' (one of: buyer, seller, lender, borrower, investor, investee, grantor, grantee, partner, government, other)"},
    {"add-key-not-slug", {"add", "--type", "mou", "--key", "Not A Slug!"}, {}, ""s, 2,
     "mtrack: --key: 'Not A Slug!' is not a lower-case slug (try 'not-a-slug')"},
    {"add-key-taken", {"add", "--type", "loan", "--party", "DoD", "--key", "exim-ussm-loan-2024"}, {}, ""s, 1,
     "mtrack: an agreement with key 'exim-ussm-loan-2024' exists"},
    {"money-bad-grouping", {"add", "--type", "loan", "--value", "$1,00,0"}, {}, ""s, 2,
     "mtrack: --value: cannot read '$1,00,0' as money: misplaced thousands separator"},
    {"money-no-amount", {"add", "--type", "loan", "--value", "US$"}, {}, ""s, 2,
     "mtrack: --value: cannot read 'US$' as money: no number"},
    {"money-bad-scale", {"add", "--type", "loan", "--value", "$1 gazillion"}, {}, ""s, 2,
     "mtrack: --value: cannot read '$1 gazillion' as money: unexpected 'gazillion'"},
    {"money-negative", {"add", "--type", "loan", "--value", "-$5 million"}, {}, ""s, 2,
     "mtrack: --value: cannot read '-$5 million' as money: no number"},
    {"money-exponent", {"add", "--type", "loan", "--value", "1e999", "--currency", "USD"}, {}, ""s, 2,
     "mtrack: --value: cannot read '1e999' as money: unexpected 'e999'"},
    {"money-three-decimals", {"add", "--type", "loan", "--value", "12.345", "--currency", "USD"}, {}, ""s, 2,
     "mtrack: --value: cannot read '12.345' as money: more than two decimal places"},
    {"money-no-currency", {"add", "--type", "loan", "--value", "400000000"}, {}, ""s, 2,
     "mtrack: --value: cannot read '400000000' as money: no currency (write it like 'US$400 million' or give --currency)"},
    {"money-symbol-only", {"add", "--type", "loan", "--value", "\243"}, {}, ""s, 2,
     "mtrack: --value: cannot read '\243' as money: no number"},
    {"money-overflow", {"add", "--type", "loan", "--value", "US$99999999999999999999 trillion"}, {}, ""s, 2,
     "mtrack: --value: cannot read 'US$99999999999999999999 trillion' as money: the number is too large"},
    {"money-unknown-code", {"add", "--type", "loan", "--value", "5 million", "--currency", "XYZ"}, {}, ""s, 2,
     "mtrack: --currency: unknown currency 'XYZ' (use an ISO code: USD, AUD, EUR)"},
    {"money-ceiling-text", {"add", "--type", "loan", "--ceiling", "up to a lot"}, {}, ""s, 2,
     "mtrack: --ceiling: cannot read 'up to a lot' as money: no number"},
    {"date-feb-30", {"add", "--type", "mou", "--announced", "2024-02-30"}, {}, ""s, 2,
     "mtrack: --announced: '2024-02-30' is not a real date (2024-02 has 29 days)"},
    {"date-month-zero", {"add", "--type", "mou", "--announced", "2024-00"}, {}, ""s, 2,
     "mtrack: --announced: '2024-00' has no month 0"},
    {"date-two-digit-year", {"add", "--type", "mou", "--signed", "24-01"}, {}, ""s, 2,
     "mtrack: --signed: '24-01' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"date-one-digit-month", {"add", "--type", "mou", "--signed", "2024-1"}, {}, ""s, 2,
     "mtrack: --signed: '2024-1' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"date-with-time", {"add", "--type", "mou", "--expires", "2024-08-15T10:00"}, {}, ""s, 2,
     "mtrack: --expires: '2024-08-15T10:00' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"date-five-digits", {"add", "--type", "mou", "--announced", "99999"}, {}, ""s, 2,
     "mtrack: --announced: '99999' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"},
    {"term-unit", {"add", "--type", "loan", "--term", "15 parsecs"}, {}, ""s, 2,
     "mtrack: --term: '15 parsecs' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
    {"term-empty-iso", {"add", "--type", "loan", "--term", "P"}, {}, ""s, 2,
     "mtrack: --term: 'P' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
    {"term-negative", {"add", "--type", "loan", "--term", "-5y"}, {}, ""s, 2,
     "mtrack: --term: '-5y' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
    {"show-missing", {"show", "999"}, {}, ""s, 1,
     "mtrack: no agreement with id or key '999'"},
    {"show-bad-key", {"show", "x' OR '1'='1"}, {}, ""s, 1,
     "mtrack: no agreement with id or key 'x' OR '1'='1'"},
    {"edit-missing", {"edit", "999", "--title", "x"}, {}, ""s, 1,
     "mtrack: no agreement with id or key '999'"},
    {"rm-missing", {"rm", "--yes", "999"}, {}, ""s, 1,
     "mtrack: no agreement with id or key '999'"},
    {"yaml-syntax", {"import", "$DIR/syntax.yaml"}, {{"syntax.yaml", "agreements:\n  - {key: k1, type: loan\n"s}}, ""s, 1,
     "$DIR/syntax.yaml:3:1: end of map flow not found"},
    {"yaml-tab-indent", {"import", "$DIR/tab.yaml"}, {{"tab.yaml", "agreements:\n\t- key: k1\n"s}}, ""s, 1,
     "$DIR/tab.yaml:2:2: illegal block entry"},
    {"yaml-unknown-mineral", {"import", "$DIR/m.yaml"}, {{"m.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    minerals: [cobalts]\n"s}}, ""s, 1,
     "$DIR/m.yaml:5:16: minerals: unknown mineral 'cobalts' (did you mean 'cobalt'?)"},
    {"yaml-bad-type", {"import", "$DIR/t.yaml"}, {{"t.yaml", "agreements:\n  - {key: k1, type: treaty, parties: [{name: DoD, role: lender}]}\n"s}}, ""s, 1,
     "$DIR/t.yaml:2:21: type: unknown type 'treaty' (one of: mou, loan, offtake, contract, loi, grant, investment, jv, framework, partnership, merger, other)"},
    {"yaml-bad-role", {"import", "$DIR/r.yaml"}, {{"r.yaml", "agreements:\n  - {key: k1, type: loan, parties: [{name: DoD, role: king}]}\n"s}}, ""s, 1,
     "$DIR/r.yaml:2:55: parties[1].role: unknown role 'king' (one of: buyer, seller, lender, borrower, investor, investee, grantor, grantee, partner, government, other)"},
    {"yaml-amount-text", {"import", "$DIR/a.yaml"}, {{"a.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    value: {amount: lots, currency: USD}\n"s}}, ""s, 1,
     "$DIR/a.yaml:5:21: value.amount: 'lots' is not a number"},
    {"yaml-currency-bad", {"import", "$DIR/c.yaml"}, {{"c.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    value: {amount: 5, currency: XYZ}\n"s}}, ""s, 1,
     "$DIR/c.yaml:5:34: value.currency: unknown currency 'XYZ' (use an ISO 4217 code such as USD, AUD, EUR)"},
    {"yaml-date-bad", {"import", "$DIR/d.yaml"}, {{"d.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    announced: 2024-02-30\n"s}}, ""s, 1,
     "$DIR/d.yaml:5:16: announced: '2024-02-30' is not a real date (2024-02 has 29 days)"},
    {"yaml-term-bad", {"import", "$DIR/term.yaml"}, {{"term.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    term: forever\n"s}}, ""s, 1,
     "$DIR/term.yaml:5:11: term: 'forever' is not a term (write it like '15y', '6 months' or 'P1Y6M')"},
    {"yaml-duplicate-key", {"import", "$DIR/dup.yaml"}, {{"dup.yaml", "agreements:\n  - {key: k1, type: loan, parties: [{name: DoD, role: lender}]}\n  - {key: k1, type: mou, parties: [{name: DoD, role: lender}]}\n"s}}, ""s, 1,
     "$DIR/dup.yaml:3:11: key: duplicate key 'k1' (first on line 2)"},
    {"yaml-duplicate-field", {"import", "$DIR/dupf.yaml"}, {{"dupf.yaml", "agreements:\n  - {key: k1, type: loan, type: mou, parties: [{name: DoD, role: lender}]}\n"s}}, ""s, 1,
     "$DIR/dupf.yaml:2:27: type: duplicate field 'type' (first on line 2)"},
    {"yaml-scalar-document", {"import", "$DIR/s.yaml"}, {{"s.yaml", "just some words\n"s}}, ""s, 1,
     "$DIR/s.yaml:1:1: agreements: expected a list of agreements under 'agreements:'"},
    {"yaml-agreements-mapping", {"import", "$DIR/am.yaml"}, {{"am.yaml", "agreements: {key: k1}\n"s}}, ""s, 1,
     "$DIR/am.yaml:1:13: agreements: expected a list of agreements under 'agreements:'"},
    {"yaml-unknown-field", {"import", "$DIR/uf.yaml"}, {{"uf.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    colour: blue\n"s}}, ""s, 1,
     "$DIR/uf.yaml:5:5: colour: unknown field 'colour'"},
    {"yaml-schema-newer", {"import", "$DIR/sv.yaml"}, {{"sv.yaml", "schema_version: 99\nagreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n"s}}, ""s, 1,
     "$DIR/sv.yaml:1:17: schema_version: version 99 is newer than this mtrack reads (2)"},
    {"yaml-binding-word", {"import", "$DIR/b.yaml"}, {{"b.yaml", "agreements:\n  - key: k1\n    type: loan\n    parties: [{name: DoD, role: lender}]\n    binding: perhaps\n"s}}, ""s, 1,
     "$DIR/b.yaml:5:14: binding: expected true, false or null, not 'perhaps'"},
    {"yaml-missing-type", {"import", "$DIR/mt.yaml"}, {{"mt.yaml", "agreements:\n  - {key: k1, title: no type, parties: [{name: DoD, role: lender}]}\n"s}}, ""s, 1,
     "$DIR/mt.yaml:2:5: type: missing required field 'type'"},
    {"yaml-stdin-garbage", {"import", "-"}, {}, "agreements: [{key: k1, type: loan\n"s, 1,
     "<stdin>:2:1: end of map flow not found"},
    {"yaml-invalid-utf8", {"import", "$DIR/u.yaml"}, {{"u.yaml", "agreements:\n  - {key: k1, type: loan, title: \"\377\376\"}\n"s}}, ""s, 1,
     "$DIR/u.yaml: the file is not valid UTF-8 text"},
    {"json-trailing-comma", {"import", "$DIR/tc.json"}, {{"tc.json", "{\"agreements\": [{\"key\": \"k1\", \"type\": \"loan\"},]}"s}}, ""s, 1,
     "$DIR/tc.json:1:47: unexpected character ']'"},
    {"json-unterminated", {"import", "$DIR/un.json"}, {{"un.json", "{\"agreements\": [{\"key\": \"k1"s}}, ""s, 1,
     "$DIR/un.json:1:28: unterminated string"},
    {"json-bad-escape", {"import", "$DIR/esc.json"}, {{"esc.json", "{\"agreements\": [{\"key\": \"k\\q1\"}]}"s}}, ""s, 1,
     "$DIR/esc.json:1:29: bad escape '\\q'"},
    {"json-deep", {"import", "$DIR/deep.json"}, {{"deep.json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"s}}, ""s, 1,
     "$DIR/deep.json:1:66: nested too deeply"},
    {"json-bare-word", {"import", "$DIR/w.json"}, {{"w.json", "{\"agreements\": [nope]}"s}}, ""s, 1,
     "$DIR/w.json:1:17: unexpected character 'n'"},
    {"json-trailing-text", {"import", "$DIR/tt.json"}, {{"tt.json", "{\"agreements\": []} extra"s}}, ""s, 1,
     "$DIR/tt.json:1:20: unexpected text after the JSON value"},
    {"import-missing-file", {"import", "$DIR/nowhere.yaml"}, {}, ""s, 1,
     "$DIR/nowhere.yaml: cannot open: No such file or directory"},
    {"import-directory", {"import", "$DIR"}, {}, ""s, 1,
     "$DIR: is a directory, not a file"},
    {"import-too-large", {"import", "$DIR/huge.yaml"}, {{"huge.yaml", "<sparse 100M>"s}}, ""s, 1,
     "$DIR/huge.yaml: file is 100 MB; mtrack imports files of up to 64 MB (split it)"},
    {"extract-missing-file", {"extract", "$DIR/nowhere.txt"}, {}, ""s, 1,
     "mtrack: $DIR/nowhere.txt: cannot open file"},
    {"extract-directory", {"extract", "$DIR"}, {}, ""s, 1,
     "mtrack: $DIR: is a directory, not a file"},
    {"extract-too-large", {"extract", "$DIR/huge.txt"}, {{"huge.txt", "<sparse 100M>"s}}, ""s, 1,
     "mtrack: $DIR/huge.txt: file is 100 MiB, larger than the 16 MiB limit for an article"},
    {"extract-format-bad", {"--format", "csv", "extract", "$DIR/a.txt"}, {{"a.txt", "Acme signed an MOU with DoD.\n"s}}, ""s, 2,
     "mtrack: --format: 'csv' is not available here (one of: json, yaml)"},
    {"extract-binary", {"extract", "$DIR/bin.txt"}, {{"bin.txt", "\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004\000\001\002PK\003\004"s}}, ""s, 1,
     "mtrack: $DIR/bin.txt: binary file, not article text"},
  };
  return k_cases;
}

TEST(BadInputCatalogue, EachFailsWithItsLineAndChangesNothing) {
  TempDir root;
  const auto db = root / "catalogue.db";
  auto o = mtrack(db, {"import", source_dir() + "/fixtures/seed-agreements.yaml"});
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

}  // namespace
}  // namespace mtrack::test
