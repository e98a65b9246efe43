// Unit tests of the text stages of mtrack extract: cleaning, sentences, tokens.

#include <gtest/gtest.h>

#include <string>

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
