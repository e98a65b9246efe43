// Unit tests of the text stages of mtrack extract: cleaning, sentences, tokens.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mtrack/extract/extract.hpp"

using namespace mtrack::extract;

TEST(ExtractClean, FoldsTypographyAndKeepsOffsets) {
  const std::string in = "A \xE2\x80\x9Cquote\xE2\x80\x9D \\$3 million [link](#) end";
  const auto c = clean(in);
  EXPECT_EQ(c.text, "A \"quote\" $3 million link end");
  ASSERT_EQ(c.origin.size(), c.text.size() + 1);
  // The '$' maps back to the '$' after the backslash in the input.
  const auto dollar = c.text.find('$');
  EXPECT_EQ(in[c.origin[dollar]], '$');
  EXPECT_EQ(c.origin.back(), in.size());
}

TEST(ExtractClean, OriginMapsEveryByteBothWays) {
  // Folded quotes (3 bytes to 1), an ellipsis (3 bytes to 3 with one origin), a dropped
  // link target and plain runs: each cleaned byte maps back, and back again.
  const std::string in =
      "x \xE2\x80\x9C"
      "ab\xE2\x80\x9D \xE2\x80\xA6 [k](u) tail";
  const auto c = clean(in);
  ASSERT_EQ(c.origin.size(), c.text.size() + 1);
  std::size_t prev = 0;
  for (std::size_t i = 0; i < c.text.size(); ++i) {
    EXPECT_GE(c.origin[i], prev);
    prev = c.origin[i];
    // The first cleaned byte at or after an input offset is at or before the byte itself.
    EXPECT_LE(c.origin.lower_bound(c.origin[i]), i);
    EXPECT_EQ(c.origin[c.origin.lower_bound(c.origin[i])], c.origin[i]);
  }
  EXPECT_EQ(c.origin[c.text.find("tail")], in.find("tail"));
  EXPECT_EQ(c.origin.lower_bound(in.find("tail")), c.text.find("tail"));
  EXPECT_EQ(c.origin.lower_bound(in.size() + 5), c.origin.size());
}

TEST(ExtractClean, InvalidUtf8AndControlBytesBecomeSpaces) {
  const std::string in = std::string("ab\xFF\x01") + "c";
  const auto c = clean(in);
  EXPECT_EQ(c.text, "ab  c");
}

TEST(ExtractSentences, SplitsAtStopsNotAbbreviations) {
  const std::string t = "Acme Inc. signed a deal with the U.S. Department. It is big.\nHeadline";
  const auto s = split_sentences(t);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(t.substr(s[0].begin, s[0].size()), "Acme Inc. signed a deal with the U.S. Department.");
  EXPECT_EQ(t.substr(s[2].begin, s[2].size()), "Headline");
}

TEST(ExtractSentences, MissingSpaceAfterStop) {
  const std::string t = "It said in a press release.The investment is large.";
  EXPECT_EQ(split_sentences(t).size(), 2u);
}

// A heading in capitals whose line break was lost stands apart from the sentence it heads.
TEST(ExtractSentences, HeadingInCapitalsIsCutOff) {
  auto parts = [](const std::string& t) {
    std::vector<std::string> out;
    for (const auto& s : split_sentences(t)) out.push_back(t.substr(s.begin, s.size()));
    return out;
  };
  using V = std::vector<std::string>;
  // The sentence repeats the heading's last words in its own case.
  EXPECT_EQ(parts("Sales rose. NORTH SHORE NICKEL North Shore Nickel signed a supply deal."),
            (V{"Sales rose.", "NORTH SHORE NICKEL", "North Shore Nickel signed a supply deal."}));
  EXPECT_EQ(parts("Two firms said so: LATEST AWARDS ORVIN ORVIN won a grant. KELP KELP bought it."),
            (V{"Two firms said so:", "LATEST AWARDS ORVIN", "ORVIN won a grant.", "KELP",
               "KELP bought it."}));
  // Three words or more in capitals before a verb: the last one is the subject.
  EXPECT_EQ(parts("DUNE MINERALS GROUP TRX lent it $5m."), (V{"DUNE MINERALS GROUP", "TRX lent it $5m."}));
  // Acronyms opening a sentence are no heading.
  EXPECT_EQ(parts("US DOE awards $5m to Pell."), (V{"US DOE awards $5m to Pell."}));
  EXPECT_EQ(parts("BHP CEO Ann Lee said so."), (V{"BHP CEO Ann Lee said so."}));
  EXPECT_EQ(parts("ALL IN CAPITALS HERE."), (V{"ALL IN CAPITALS HERE."}));
}

TEST(ExtractSentences, LongRunIsCut) {
  const std::string t(5000, 'a');
  for (const auto& s : split_sentences(t)) EXPECT_LE(s.size(), k_max_sentence);
}

TEST(ExtractTokens, WordsNumbersPunct) {
  const std::string t = "Sibanye-Stillwater's U.S. stake: 1,800 acres (ASX: IXR)";
  const auto tk = tokenize(t);
  ASSERT_GE(tk.size(), 8u);
  EXPECT_EQ(t.substr(tk[0].begin, tk[0].end - tk[0].begin), "Sibanye-Stillwater's");
  EXPECT_EQ(t.substr(tk[1].begin, tk[1].end - tk[1].begin), "U.S.");
  EXPECT_EQ(tk[4].kind, TokenKind::number);
  EXPECT_EQ(t.substr(tk[4].begin, tk[4].end - tk[4].begin), "1,800");
}
