#include "mtrack/formats/document.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "support/process.hpp"

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

TEST(YamlParse, NullsBlockScalarsAndEmptyText) {
  auto r = parse_yaml("a:\nb: ~\nc: null\nd: ''\ne: |\n  two\n  lines\nf: 'null'\ng: !!str null\n");
  ASSERT_TRUE(r.ok()) << r.error();
  const Node& root = r.value();
  for (const char* key : {"a", "b", "c"}) EXPECT_TRUE(root.get(key)->is_null()) << key;
  EXPECT_TRUE(root.get("d")->is_scalar());
  EXPECT_TRUE(root.get("d")->quoted);
  EXPECT_EQ(root.get("e")->scalar, "two\nlines\n");
  EXPECT_TRUE(root.get("e")->quoted);  // a block scalar is text, whatever it says
  EXPECT_EQ(root.get("f")->scalar, "null");
  EXPECT_TRUE(root.get("g")->is_scalar());  // an explicit tag makes it text
  EXPECT_EQ(root.get("g")->scalar, "null");
  auto empty = parse_yaml("# only a comment\n");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_TRUE(empty.value().is_null());
}

TEST(YamlParse, OneDocumentOnly) {
  auto r = parse_yaml("a: 1\n---\nb: 2\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "2:1: a second YAML document (one file holds one document)");
  // Markers around a single document are fine.
  auto one = parse_yaml("---\na: 1\n...\n");
  ASSERT_TRUE(one.ok()) << one.error();
  EXPECT_EQ(one.value().get("a")->scalar, "1");
}

TEST(YamlParse, AliasesNameAnEarlierAnchor) {
  auto later = parse_yaml("a: *x\nb: &x 1\n");
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error(), "1:4: unknown anchor 'x'");
  auto inside = parse_yaml("a: &x [1, *x]\n");  // an alias inside the value it would name
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error(), "1:11: unknown anchor 'x'");
}

TEST(YamlParse, ErrorsNameLineColumnAndWhatWasOpen) {
  auto flow = parse_yaml("tags: [a, b\nnext: 1\n");
  ASSERT_FALSE(flow.ok());
  EXPECT_EQ(flow.error(),
            "2:5: did not find expected ',' or ']' (while parsing a flow sequence at 1:7)");
  auto control = parse_yaml("a: 1\nb: x\x01y\n");  // a control character YAML does not allow
  ASSERT_FALSE(control.ok());
  EXPECT_EQ(control.error(), "2:5: control characters are not allowed");
  auto tab = parse_yaml("agreements:\n  - key: a\n\t  type: loan\n");
  ASSERT_FALSE(tab.ok());
  EXPECT_EQ(tab.error(), "3:1: a tab, where YAML indents with spaces only");
  std::string long_text;  // the same far into the text, after many blocks were read
  for (int i = 0; i < 20'000; ++i) long_text += "k" + std::to_string(i) + ": \u00e9t\u00e9\n";
  auto far = parse_yaml(long_text + "last: \u00e9x\x02\n");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error(), "20001:9: control characters are not allowed");
  auto far_tab = parse_yaml(long_text + "\tlast: 1\n");
  ASSERT_FALSE(far_tab.ok());
  EXPECT_EQ(far_tab.error(), "20001:1: a tab, where YAML indents with spaces only");
}

// Block-style YAML, as `mtrack export` writes it, made up as it is read: `count` agreements,
// each with two nested block lists.
class BlockList final : public TextReader {
 public:
  explicit BlockList(int count) : m_count(count) {}
  std::size_t read(char* buffer, std::size_t n) override {
    while (m_pending.size() < n && m_next < m_count) {
      if (m_next == 0 && m_pending.empty()) m_pending = "agreements:\n";
      const std::string i = std::to_string(m_next++);
      m_pending += "  - key: k" + i + "\n    parties:\n      - name: Party " + i +
                   "\n        role: buyer\n    sources:\n      - title: Report " + i +
                   "\n        url: https://news.example/" + i + "\n";
    }
    const std::size_t k = std::min(n, m_pending.size());
    std::memcpy(buffer, m_pending.data(), k);
    m_pending.erase(0, k);
    return k;
  }

 private:
  int m_count;
  int m_next = 0;
  std::string m_pending;
};

TEST(YamlParse, BlockStyleListStreamsInBoundedMemory) {
  // A streamed list is read in the memory of one element, whatever its length: the reader
  // keeps nothing per element it has handed on (yaml-cpp kept each block collection's
  // indentation record to the end of the document, about 20 MB here).
  constexpr int k_count = 100'000;
  BlockList in(k_count);
  DocumentStream stream(in, {"agreements"});
  int seen = 0;
  std::size_t early = 0;
  std::size_t late = 0;
  auto r = stream.next([&](std::string_view, Node& item) {
    ASSERT_EQ(item.get("key")->scalar, "k" + std::to_string(seen));
    ++seen;
    if (seen == 1'000) early = mallinfo2().uordblks;
    if (seen == k_count) late = mallinfo2().uordblks;
  });
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(seen, k_count);
  EXPECT_TRUE(stream.finished().ok());
  if (!test::k_sanitized) {  // the sanitizers' allocator does not report through mallinfo2
    EXPECT_LT(late, early + (1u << 20)) << "allocated after 1,000 elements: " << early
                                        << " bytes, after " << k_count << ": " << late;
  }
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
