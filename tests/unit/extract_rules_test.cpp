// Unit tests of the whole extractor on short invented texts: types, parties, association.

#include <gtest/gtest.h>

#include <string>

#include "mtrack/extract.hpp"


using namespace mtrack;
namespace ex = mtrack::extract;


namespace {
bool has_party(const Agreement& a, const std::string& name) {
  for (const auto& p : a.parties)
    if (p.name == name) return true;
  return false;
}
}  // namespace

TEST(ExtractRules, AbbreviationAndAgencyAlias) {
  const std::string t =
      "Redfern Metals Corp. (RFM) has secured a USD 75 million Letter of Interest from EXIM.\n"
      "RFM also signed a memorandum of understanding with Okabe Trading Co., Ltd.\n";
  const auto r = ex::extract(t);
  ASSERT_EQ(r.agreements.size(), 2u);
  EXPECT_EQ(r.agreements[0].type, AgreementType::loi);
  EXPECT_TRUE(has_party(r.agreements[0], "Export-Import Bank of the United States"));
  EXPECT_TRUE(has_party(r.agreements[0], "Redfern Metals Corp."));
  EXPECT_EQ(r.agreements[0].value->minor, 7500000000);
  EXPECT_EQ(r.agreements[0].binding, false);
  EXPECT_EQ(r.agreements[1].type, AgreementType::mou);
  EXPECT_TRUE(has_party(r.agreements[1], "Redfern Metals Corp."));
}

TEST(ExtractRules, EvidenceOffsetsPointIntoInput) {
  const std::string t = "Intro line\n\nBrightwater Lithium Ltd signed an offtake agreement with "
                        "\xE2\x80\x9CKoru Cells Inc.\xE2\x80\x9D for spodumene.";
  const auto r = ex::extract(t);
  ASSERT_EQ(r.agreements.size(), 1u);
  const auto& e = r.agreements[0].evidence.at(0);
  ASSERT_TRUE(e.start && e.end);
  EXPECT_EQ(t.substr(*e.start, 11), "Brightwater");
  EXPECT_EQ(*e.end, static_cast<std::int64_t>(t.size()));
  EXPECT_EQ(r.agreements[0].minerals, std::vector<std::string>{"lithium"});
}

TEST(ExtractRules, NegativeTextProposesNothing) {
  const std::string t = "Lithium prices fell 20% in May as traders cut stocks.\n"
                        "Policy makers discussed partnerships and collaboration in general.\n";
  EXPECT_TRUE(ex::extract(t).agreements.empty());
}

TEST(ExtractRules, OneDealMentionedTwiceIsOne) {
  const std::string t =
      "Kalimna Resources Limited signed a joint venture agreement with Ostara Metals Inc.\n"
      "Kalimna Resources said the joint venture with Ostara Metals will build a tin smelter.\n";
  const auto r = ex::extract(t);
  ASSERT_EQ(r.agreements.size(), 1u);
  EXPECT_EQ(r.agreements[0].type, AgreementType::jv);
  EXPECT_EQ(r.agreements[0].evidence.size(), 2u);
}

TEST(ExtractRules, ContinuationAddsValueCeilingAndTerm) {
  const std::string t =
      "Pike Fluorspar Inc. has inked a contract with the U.S. Department of Defense.\n"
      "This deal is valued at $20 million initially, with expansion up to $35 million over a "
      "three-year period.\n";
  const auto r = ex::extract(t);
  ASSERT_EQ(r.agreements.size(), 1u);
  const auto& a = r.agreements[0];
  EXPECT_EQ(a.type, AgreementType::contract);
  EXPECT_EQ(a.value->minor, 2000000000);
  EXPECT_EQ(a.ceiling->minor, 3500000000);
  EXPECT_EQ(a.term, "P3Y");
  EXPECT_TRUE(has_party(a, "U.S. Department of Defense"));
}

TEST(ExtractRules, JunkInputDoesNotCrash) {
  std::string junk;
  for (int i = 0; i < 20000; ++i) junk.push_back(static_cast<char>((i * 131) % 256));
  EXPECT_NO_THROW(ex::extract(junk));
  EXPECT_NO_THROW(ex::extract(""));
  EXPECT_NO_THROW(ex::extract(std::string(200000, '$')));
}

TEST(ExtractSha256, KnownVector) {
  EXPECT_EQ(ex::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ex::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
