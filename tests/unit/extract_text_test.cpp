// Unit tests of the text stages of mtrack extract: cleaning, sentences, tokens.

#include <gtest/gtest.h>

#include <string>

#include "mtrack/extract.hpp"

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
