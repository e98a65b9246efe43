#include "mtrack/util/text.hpp"

#include <gtest/gtest.h>

namespace mtrack::text {
namespace {

TEST(Text, EditDistanceAndSuggestions) {
  EXPECT_EQ(edit_distance("cobalt", "cobalt"), 0u);
  EXPECT_EQ(edit_distance("cobalts", "cobalt"), 1u);
  EXPECT_EQ(edit_distance("COBALT", "cobalt"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(closest("lon", {"loan", "loi", "mou"}, 1), std::vector<std::string>{"loan"});
  EXPECT_EQ(did_you_mean({"a"}), " (did you mean 'a'?)");
  EXPECT_EQ(did_you_mean({"a", "b"}), " (did you mean 'a' or 'b'?)");
  EXPECT_EQ(did_you_mean({}), "");
}

TEST(Text, Slug) {
  EXPECT_EQ(slug("EXIM / US Strategic Metals, 2024"), "exim-us-strategic-metals-2024");
  EXPECT_EQ(slug("--a--"), "a");
  EXPECT_EQ(slug("Société Générale"), "societe-generale");
  EXPECT_EQ(slug("Gécamines / Mercuria"), "gecamines-mercuria");
  EXPECT_EQ(slug("ＡＢＣ Nickel"), "abc-nickel");     // full-width letters: compatibility forms
  EXPECT_EQ(slug("Øresund Straße"), "resund-stra-e");  // no decomposition: a separator, as before
  EXPECT_EQ(slug("\xC3("), "");                        // not UTF-8: taken byte by byte
}

TEST(Text, DisplayWidth) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("Société"), 7u);
  EXPECT_EQ(display_width("株式会社"), 8u);
  EXPECT_EQ(display_width("a—b"), 3u);
  EXPECT_EQ(display_width("e\xCC\x81"), 1u);  // e + combining acute
}

TEST(Text, TruncateToWidth) {
  EXPECT_EQ(truncate_to_width("abcdef", 10), "abcdef");
  EXPECT_EQ(truncate_to_width("abcdef", 4), "abc…");
  EXPECT_EQ(truncate_to_width("株式会社", 5), "株式…");
  EXPECT_EQ(display_width(truncate_to_width("Société Générale", 8)), 8u);
}

TEST(Text, ValidUtf8) {
  EXPECT_TRUE(valid_utf8("plain"));
  EXPECT_TRUE(valid_utf8("株式会社 — é"));
  EXPECT_FALSE(valid_utf8("\xC3"));
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(valid_utf8("\xFF"));
}

TEST(Text, SplitJoinTrim) {
  EXPECT_EQ(split("a;b;;c", ';'), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(join({"a", "b"}, ", "), "a, b");
  EXPECT_EQ(trim("  x y \n"), "x y");
  EXPECT_TRUE(iequals("Cobalt", "cOBALT"));
}

}  // namespace
}  // namespace mtrack::text
