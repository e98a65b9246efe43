// The extractor's lexicon: inflections generated from lemmas, and every entry tried on at least
// two invented sentences of different wording (tests/extract/lexicon_cases.txt), each with what
// the whole extractor must make of it.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "extract/lexicon.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/util/text.hpp"

using namespace mtrack;
using namespace mtrack::extract::detail;

namespace {

struct Case {
  std::string expected;
  std::string text;
  int line = 0;
};

std::vector<Case> cases() {
  std::ifstream in(std::string(MTRACK_SOURCE_DIR) + "/tests/extract/lexicon_cases.txt");
  std::vector<Case> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto bar = line.find(" | ");
    if (bar == std::string::npos) continue;
    out.push_back({std::string(text::trim(line.substr(0, bar))),
                   std::string(text::trim(line.substr(bar + 3))), n});
  }
  return out;
}

std::string summary(const std::string& text) {
  std::string s;
  for (const auto& a : extract::extract(text).agreements) {
    if (!s.empty()) s += "; ";
    s += std::string(to_string(a.type)) + "/" + std::string(to_string(a.status));
  }
  return s.empty() ? "-" : s;
}

bool has_form(const std::vector<std::pair<std::string, Form>>& forms, std::string_view w, Form f) {
  for (const auto& [s, form] : forms)
    if (s == w && form == f) return true;
  return false;
}

}  // namespace

TEST(ExtractLexicon, NounPlurals) {
  EXPECT_TRUE(has_form(noun_forms("mou"), "mous", Form::plural));
  EXPECT_TRUE(has_form(noun_forms("facility"), "facilities", Form::plural));
  EXPECT_TRUE(has_form(noun_forms("memorandum"), "memoranda", Form::plural));
  EXPECT_TRUE(has_form(noun_forms("stake"), "stakes", Form::plural));
  EXPECT_FALSE(has_form(noun_forms("day"), "daies", Form::plural));
}

TEST(ExtractLexicon, VerbForms) {
  EXPECT_TRUE(has_form(verb_forms("sign"), "signed", Form::past));
  EXPECT_TRUE(has_form(verb_forms("sign"), "signing", Form::gerund));
  EXPECT_TRUE(has_form(verb_forms("acquire"), "acquiring", Form::gerund));
  EXPECT_TRUE(has_form(verb_forms("agree"), "agreeing", Form::gerund));
  EXPECT_TRUE(has_form(verb_forms("strike"), "struck", Form::past));
  EXPECT_TRUE(has_form(verb_forms("commit"), "committed", Form::past));
  EXPECT_TRUE(has_form(verb_forms("cancel"), "cancelled", Form::past));
  EXPECT_TRUE(has_form(verb_forms("cancel"), "canceled", Form::past));
  EXPECT_TRUE(has_form(verb_forms("supply"), "supplies", Form::third_person));
  EXPECT_TRUE(has_form(verb_forms("supply"), "supplied", Form::past));
}

TEST(ExtractLexicon, MultiwordEntriesInflectTheirHead) {
  const Lexicon& lex = Lexicon::builtin();
  for (const std::string s : {"letters of intent", "task orders", "credit facilities",
                              "walked away", "entered into"}) {
    const auto t = extract::tokenize(s);
    const LexHit h = lex.match(s, t, 0);
    EXPECT_EQ(h.last, t.size()) << s;
  }
  // A word with two readings keeps both ("awards": the noun and the verb).
  const LexHit h = lex.word("awards");
  EXPECT_NE(h.pos(PartOfSpeech::noun), nullptr);
  EXPECT_NE(h.pos(PartOfSpeech::verb), nullptr);
}

TEST(ExtractLexicon, EveryCaseReadsAsExpected) {
  const auto all = cases();
  ASSERT_GT(all.size(), 200u);
  for (const auto& c : all)
    EXPECT_EQ(summary(c.text), c.expected) << "lexicon_cases.txt:" << c.line << ": " << c.text;
}

TEST(ExtractLexicon, EveryEntryHasTwoSentences) {
  const Lexicon& lex = Lexicon::builtin();
  std::map<const LexEntry*, int> seen;
  for (const auto& c : cases()) {
    const auto t = extract::tokenize(c.text);
    for (std::size_t i = 0; i < t.size(); ++i) {
      const LexHit h = lex.match(c.text, t, i);
      for (std::uint8_t k = 0; k < h.count; ++k) ++seen[h.entries[k]];
    }
  }
  for (const auto& e : lex.entries())
    EXPECT_GE(seen[&e], 2) << "lexicon entry '" << e.lemma << "' needs two test sentences";
}
