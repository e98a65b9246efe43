#include "mtrack/formats/document.hpp"

#include <gtest/gtest.h>

namespace mtrack {
namespace {

TEST(JsonParse, ValuesAndMarks) {
  auto r = parse_json("{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\n\"],\n \"b\": {}}");
  ASSERT_TRUE(r.ok()) << r.error();
  const Node& root = r.value();
  ASSERT_TRUE(root.is_mapping());
  const Node* a = root.get("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items.size(), 5u);
  EXPECT_EQ(a->items[1].scalar, "-2.5e3");
  EXPECT_FALSE(a->items[2].quoted);
  EXPECT_TRUE(a->items[3].is_null());
  EXPECT_EQ(a->items[4].scalar, "x\xC3\xA9\n");
  EXPECT_TRUE(a->items[4].quoted);
  EXPECT_EQ(root.get("b")->line, 2);
  EXPECT_EQ(root.get("b")->column, 7);
  EXPECT_EQ(root.key_marks[1], (std::pair<int, int>{2, 2}));
}

TEST(JsonParse, SurrogatePairs) {
  auto r = parse_json("[\"\\ud83d\\ude00\"]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().items[0].scalar, "\xF0\x9F\x98\x80");
  EXPECT_FALSE(parse_json("[\"\\ud83d\"]").ok());
}

TEST(JsonParse, ErrorsNameLineAndColumn) {
  EXPECT_EQ(parse_json("{\"a\": 1,\n \"b\" 2}").error(), "2:6: expected ':'");
  EXPECT_EQ(parse_json("[1, 2").error(), "1:6: unterminated array");
  EXPECT_EQ(parse_json("\"abc").error(), "1:5: unterminated string");
  EXPECT_EQ(parse_json("[1x]").error(), "1:3: expected ',' or ']'");
  EXPECT_EQ(parse_json("[01]").error(), "1:3: leading zero in a number");
  EXPECT_EQ(parse_json("[-007]").error(), "1:4: leading zero in a number");
  EXPECT_TRUE(parse_json("[0, -0, 0.5, 10]").ok());
  EXPECT_EQ(parse_json("{} x").error(), "1:4: unexpected text after the JSON value");
}

TEST(JsonParse, Limits) {
  DocumentLimits limits;
  limits.max_depth = 3;
  EXPECT_EQ(parse_json("[[[[1]]]]", limits).error(), "1:5: nested too deeply");
  limits.max_scalar_bytes = 4;
  EXPECT_FALSE(parse_json("[\"12345\"]", limits).ok());
  EXPECT_FALSE(parse_json(std::string(100000, '[')).ok());
}

TEST(YamlParse, QuotedScalarsAndMarks) {
  auto r = parse_yaml("a: \"true\"\nb: true\nc:\n  - x\n");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r.value().get("a")->quoted);
  EXPECT_FALSE(r.value().get("b")->quoted);
  EXPECT_EQ(r.value().get("c")->items[0].line, 4);
  EXPECT_EQ(r.value().get("c")->items[0].column, 5);
}

TEST(YamlParse, AliasBombStopsWithinBudget) {
  std::string doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c) {
    doc += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) doc += std::string(i ? ", *" : "*") + prev;
    doc += "]\n";
    prev = c;
  }
  DocumentLimits limits;
  limits.max_nodes = 100000;
  auto r = parse_yaml(doc, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("expands to too many values"), std::string::npos) << r.error();
}

TEST(YamlParse, AliasesExpandAndKeysMustBeScalars) {
  auto r = parse_yaml("base: &b {currency: USD, amount: 5}\nvalue: *b\n");
  ASSERT_TRUE(r.ok()) << r.error();
  const Node* v = r.value().get("value");
  ASSERT_TRUE(v && v->is_mapping());
  EXPECT_EQ(v->get("currency")->scalar, "USD");
  EXPECT_EQ(v->line, 2);  // where the alias stands, not where the anchor did
  auto bad = parse_yaml("? [a, b]\n: c\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("keys must be plain strings"), std::string::npos) << bad.error();
}

TEST(YamlParse, StreamsTheListUnderTheKey) {
  const std::string doc =
      "schema_version: 1\nagreements:\n  - key: a\n    n: 1\n  - plain\n  - key: c\n"
      "tags: [x, y]\n";
  std::vector<std::string> seen;
  std::vector<int> lines;
  StringReader in(doc);
  DocumentStream stream(in, {"agreements"});
  auto r = stream.next([&](std::string_view key, Node& item) {
    EXPECT_EQ(key, "agreements");
    seen.push_back(item.is_mapping() ? item.get("key")->scalar : item.scalar);
    lines.push_back(item.line);
  });
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_TRUE(r.value());
  const Node& root = *r.value();
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "plain", "c"}));
  EXPECT_EQ(lines, (std::vector<int>{3, 5, 6}));
  // The streamed list stays in the tree, empty; the other members are kept whole.
  ASSERT_NE(root.get("agreements"), nullptr);
  EXPECT_TRUE(root.get("agreements")->items.empty());
  EXPECT_EQ(root.get("tags")->items.size(), 2u);
  EXPECT_EQ(root.get("schema_version")->scalar, "1");
  EXPECT_TRUE(stream.finished().ok());
  // Read whole, the same document keeps its list.
  EXPECT_EQ(parse_yaml(doc).value().get("agreements")->items.size(), 3u);
}

TEST(YamlParse, SyntaxErrorLocation) {
  auto r = parse_yaml("a: [1, 2\nb: 3\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().substr(0, 2), "2:");
}

TEST(Scalars, YamlQuotingRoundTrips) {
  for (std::string s :
       {"plain text", "true", "null",  "123",    "2024-08",  "a: b",      "- x",       "#x",
        "x #y",       "",     " lead", "trail ", "quote\"s", "new\nline", "tab\there", "Société",
        "[x]",        "{x}",  "a, b",  "~",      "@x",       "'x'"}) {
    std::string out = "v: ";
    append_yaml_scalar(out, s);
    auto r = parse_yaml(out);
    ASSERT_TRUE(r.ok()) << out;
    EXPECT_EQ(r.value().get("v")->scalar, s) << out;
    std::string flow = "v: [";
    append_yaml_scalar(flow, s, YamlContext::flow);
    flow += "]";
    auto f = parse_yaml(flow);
    ASSERT_TRUE(f.ok()) << flow;
    ASSERT_EQ(f.value().get("v")->items.size(), 1u) << flow;
    EXPECT_EQ(f.value().get("v")->items[0].scalar, s) << flow;
  }
}

TEST(Scalars, JsonStringsRoundTrip) {
  for (std::string s : {"plain", "q\"uote", "back\\slash", "nl\n", "\x01", "Société"}) {
    std::string out;
    append_json_string(out, s);
    auto r = parse_json(out);
    ASSERT_TRUE(r.ok()) << out;
    EXPECT_EQ(r.value().scalar, s);
  }
}

}  // namespace
}  // namespace mtrack
