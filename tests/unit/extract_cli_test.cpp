// End-to-end tests of `mtrack extract`: proposals edited-free into import and show, --commit
// (idempotent, article text stored, evidence quoted in context) and hostile inputs (empty,
// binary, invalid UTF-8, an oversized file, a 10 MB line), all on texts generated here.

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

const std::string k_article =
    "Harbour signs lithium offtake\n"
    "March 4, 2026\n\n"
    "Northwind Lithium Limited (\"NWL\") said on March 4, 2026 that it has signed a binding "
    "offtake agreement with Harbour Battery Materials Inc. for spodumene concentrate from its "
    "Lakeview project over a five-year period.\n"
    "NWL shares rose 4% in early trading.\n";

class ExtractCli : public CliFixture {
 protected:
  // Keys of the stored agreements, from `list --format jsonl`.
  std::vector<std::string> keys() {
    auto o = run({"list", "--format", "jsonl"});
    EXPECT_EQ(o.status, 0) << o.err;
    std::vector<std::string> out;
    std::istringstream in(o.out);
    for (std::string line; std::getline(in, line);) {
      const auto at = line.find("\"key\": \"");
      const auto at2 = line.find("\"key\":\"");
      const std::size_t b = at != std::string::npos ? at + 8 : at2 + 7;
      if (at == std::string::npos && at2 == std::string::npos) continue;
      out.push_back(line.substr(b, line.find('"', b) - b));
    }
    return out;
  }
};

TEST_F(ExtractCli, YamlProposalsImportAndShow) {
  const auto article = write("a.txt", k_article);
  auto ex = run({"extract", article, "--format", "yaml"});
  ASSERT_EQ(ex.status, 0) << ex.err;
  ASSERT_NE(ex.out.find("offtake"), std::string::npos) << ex.out;
  const auto yaml = write("p.yaml", ex.out);
  auto im = run({"import", yaml});
  ASSERT_EQ(im.status, 0) << im.err;
  const auto k = keys();
  ASSERT_EQ(k.size(), 1u);
  auto shown = run({"show", k.front()});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("Northwind Lithium Limited"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("binding offtake agreement"), std::string::npos) << shown.out;
}

TEST_F(ExtractCli, CommitIsIdempotentAndShowQuotesContext) {
  const auto article = write("a.txt", k_article);
  auto first = run({"extract", "--commit", article});
  ASSERT_EQ(first.status, 0) << first.err;
  const auto k1 = keys();
  ASSERT_EQ(k1.size(), 1u);
  auto again = run({"extract", "--commit", article});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(keys(), k1);
  auto shown = run({"show", k1.front()});
  ASSERT_EQ(shown.status, 0) << shown.err;
  // The evidence is quoted with the text around it, from the stored article.
  EXPECT_NE(shown.out.find("\u00AB"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("shares rose"), std::string::npos) << shown.out;
}

TEST_F(ExtractCli, HostileInputsNeverCrash) {
  // Empty: no agreements, exit 0.
  auto empty = run({"extract", write("empty.txt", "")});
  EXPECT_EQ(empty.status, 0) << empty.err;
  // Binary: one clear line, no crash.
  std::string bin(4096, '\0');
  for (std::size_t i = 0; i < bin.size(); ++i) bin[i] = static_cast<char>((i * 131) % 256);
  auto b = run({"extract", write("bin.dat", bin)});
  EXPECT_LE(b.status, k_exit_failure);
  EXPECT_NE(b.err.find("bin.dat"), std::string::npos) << b.err;
  EXPECT_EQ(std::count(b.err.begin(), b.err.end(), '\n'), 1) << b.err;
  // Invalid UTF-8 inside prose: replaced, extraction still runs.
  auto bad = run(
      {"extract", write("bad.txt", "Acme Metals Inc. \xff\xfe signed a \xc3 deal.\n" + k_article)});
  EXPECT_EQ(bad.status, 0) << bad.err;
  // A file over the article limit: one clear line naming it.
  {
    std::string big(50u * 1024u * 1024u, 'a');
    auto o = run({"extract", write("big.txt", big)});
    EXPECT_EQ(o.status, k_exit_failure);
    EXPECT_NE(o.err.find("big.txt"), std::string::npos) << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  }
  // A 10 MB line without a newline: finishes, exit 0.
  {
    std::string line;
    line.reserve(10u * 1024u * 1024u + 64);
    const std::string words = "prices of nickel and Cobalt moved as Traders weighed supply ";
    while (line.size() < 10u * 1024u * 1024u) line += words;
    auto o = run({"extract", write("line.txt", line)});
    EXPECT_EQ(o.status, 0) << o.err;
  }
}

}  // namespace
}  // namespace mtrack::test
