#include "mtrack/formats/interchange.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace mtrack {
namespace {

DecodeResult read(const std::string& text) { return read_interchange(text, "t.yaml"); }

std::vector<std::string> messages(const DecodeResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.str());
  return out;
}

TEST(InterchangeRead, FullRecord) {
  const auto r = read(R"(agreements:
  - key: exim-ussm-loan-2024
    type: loan
    title: EXIM loan
    status: approved
    binding: true
    parties:
      - {name: EXIM, role: lender}
      - US Strategic Metals
    minerals: [Co, NdPr, rare-earths]
    value: {amount: 400000000, currency: USD}
    ceiling: "A$1.2bn"
    term: 15 years
    announced: 2024-08
    location: {site: Madison mine, region: Missouri, country: US}
    stage: [mining]
    sources: [{title: T, url: "https://example.org/a", published: 2024-08-02}]
    evidence: [{text: "a sentence", start: 10, end: 20}]
    events: [{date: 2024-10, status: completed, note: close}]
    related: [{key: other, relation: duplicate-of}]
    tags: [exim]
    notes: free text
organisations:
  - {name: US Strategic Metals, aliases: [USSM]}
)");
  ASSERT_TRUE(r.diagnostics.empty()) << messages(r).front();
  ASSERT_EQ(r.agreements.size(), 1u);
  const Agreement& a = r.agreements[0];
  EXPECT_EQ(a.type, AgreementType::loan);
  EXPECT_EQ(a.status, Status::approved);
  EXPECT_EQ(a.binding, true);
  EXPECT_EQ(a.parties[0].name, "EXIM");
  EXPECT_EQ(a.parties[0].role, Role::lender);
  EXPECT_EQ(a.parties[1].role, Role::other);
  EXPECT_EQ(a.minerals,
            (std::vector<std::string>{"cobalt", "neodymium", "praseodymium", "rare earths"}));
  EXPECT_EQ(a.value->minor, 40'000'000'000);
  EXPECT_EQ(a.ceiling->currency, "AUD");
  EXPECT_EQ(a.term, "P15Y");
  EXPECT_EQ(a.announced.str(), "2024-08");
  EXPECT_EQ(a.location.country, "US");
  EXPECT_EQ(a.sources[0].published.str(), "2024-08-02");
  EXPECT_EQ(a.evidence[0].end, 20);
  EXPECT_EQ(a.events[0].status, Status::completed);
  EXPECT_EQ(a.related[0].relation, Relation::duplicate_of);
  EXPECT_EQ(r.lines, std::vector<int>{2});
  ASSERT_EQ(r.organisations.size(), 1u);
  EXPECT_EQ(r.organisations[0].aliases, std::vector<std::string>{"USSM"});
}

TEST(InterchangeRead, EveryProblemWithItsPlace) {
  const auto r = read(R"(agreements:
  - key: Bad Key
    type: loan
    parties: [A]
    minerals: [cobalts]
    value: {amount: 1.234, currency: usd}
    signed: 2024-02-30
    binding: perhaps
    colour: red
  - type: mou
)");
  EXPECT_EQ(messages(r),
            (std::vector<std::string>{
                "t.yaml:9:5: colour: unknown field 'colour'",
                "t.yaml:2:10: key: 'Bad Key' is not a lower-case slug (try 'bad-key')",
                "t.yaml:5:16: minerals: unknown mineral 'cobalts' (did you mean 'cobalt'?)",
                "t.yaml:6:21: value.amount: '1.234' has more than two decimal places",
                "t.yaml:6:38: value.currency: unknown currency 'usd' (use an ISO 4217 code such as "
                "USD, AUD, EUR)",
                "t.yaml:7:13: signed: '2024-02-30' is not a real date (2024-02 has 29 days)",
                "t.yaml:8:14: binding: expected true, false or null, not 'perhaps'",
                "t.yaml:10:5: parties: missing required field 'parties' (at least one party)"}));
}

TEST(InterchangeRead, DocumentShapes) {
  EXPECT_TRUE(read("").agreements.empty());
  EXPECT_TRUE(read("").diagnostics.empty());
  EXPECT_EQ(read("- {type: mou, parties: [A]}").agreements.size(), 1u);
  EXPECT_EQ(messages(read("agreements: 3")),
            std::vector<std::string>{
                "t.yaml:1:13: agreements: expected a list of agreements under 'agreements:'"});
  EXPECT_EQ(messages(read("schema_version: 99\nagreements: []")),
            std::vector<std::string>{
                "t.yaml:1:17: schema_version: version 99 is newer than this mtrack reads (2)"});
  EXPECT_EQ(messages(read("agreements:\n  - {key: a, type: mou, parties: [A]}\n"
                          "  - {key: a, type: mou, parties: [B]}\n")),
            std::vector<std::string>{"t.yaml:3:11: key: duplicate key 'a' (first on line 2)"});
  EXPECT_EQ(messages(read("{\"agreements\": [{\"type\": \"mou\", \"parties\": [\"A\"],\n "
                          "\"minerals\": [\"kobalt\"]}]}")),
            std::vector<std::string>{
                "t.yaml:2:15: minerals: unknown mineral 'kobalt' (did you mean 'cobalt'?)"});
  EXPECT_EQ(messages(read("{\"agreements\": [}")).front(), "t.yaml:1:17: unexpected character '}'");
}

Agreement sample() {
  Agreement a;
  a.id = 7;
  a.key = "k";
  a.type = AgreementType::offtake;
  a.title = "A: title, with \"quotes\"";
  a.status = Status::signed_;
  a.binding = false;
  a.parties = {{"Toho Zinc Co., Ltd.", Role::buyer}, {"B", Role::seller}};
  a.minerals = {"lead", "zinc"};
  a.value = Money{12'550, "EUR", true, ""};
  a.term = "P2Y";
  a.signed_on = PartialDate{2025, 1, 31};
  a.tags = {"x"};
  return a;
}

TEST(InterchangeWrite, YamlLayout) {
  std::string out;
  write_yaml_item(out, sample(), WithId::yes);
  EXPECT_EQ(out,
            "  - id: 7\n"
            "    key: k\n"
            "    type: offtake\n"
            "    title: \"A: title, with \\\"quotes\\\"\"\n"
            "    status: signed\n"
            "    binding: false\n"
            "    parties:\n"
            "      - {name: \"Toho Zinc Co., Ltd.\", role: buyer}\n"
            "      - {name: B, role: seller}\n"
            "    minerals: [lead, zinc]\n"
            "    value: {amount: 125.5, currency: EUR, approximate: true}\n"
            "    term: P2Y\n"
            "    signed: 2025-01-31\n"
            "    tags: [x]\n");
}

TEST(InterchangeWrite, JsonLayout) {
  std::string out;
  write_json(out, sample());
  EXPECT_EQ(out,
            "{\"key\":\"k\",\"type\":\"offtake\",\"title\":\"A: title, with \\\"quotes\\\"\","
            "\"status\":\"signed\",\"binding\":false,\"parties\":[{\"name\":\"Toho Zinc Co., "
            "Ltd.\",\"role\":\"buyer\"},{\"name\":\"B\",\"role\":\"seller\"}],\"minerals\":"
            "[\"lead\",\"zinc\"],\"value\":{\"amount\":125.5,\"currency\":\"EUR\",\"approximate\":"
            "true},\"term\":\"P2Y\",\"signed\":\"2025-01-31\",\"tags\":[\"x\"]}");
}

TEST(InterchangeWrite, WrittenDocumentsReadBackEqual) {
  Agreement a = sample();
  a.id.reset();
  for (bool json : {false, true}) {
    std::ostringstream out;
    if (json)
      write_json_document(out, {a});
    else
      write_yaml_document(out, {a});
    const auto r = read(out.str());
    ASSERT_TRUE(r.diagnostics.empty()) << out.str() << messages(r).front();
    ASSERT_EQ(r.agreements.size(), 1u);
    Agreement back = r.agreements[0];
    back.value->as_written.clear();
    EXPECT_EQ(back, a) << out.str();
  }
}

}  // namespace
}  // namespace mtrack
