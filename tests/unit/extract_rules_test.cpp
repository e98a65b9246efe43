// Unit tests of the whole extractor on short invented texts: types, parties, association.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mtrack/extract/extract.hpp"

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
  const std::string t =
      "Intro line\n\nBrightwater Lithium Ltd signed an offtake agreement with "
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
  const std::string t =
      "Lithium prices fell 20% in May as traders cut stocks.\n"
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
  EXPECT_EQ(ex::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ExtractSha256, LongInputsAcrossBlockBoundaries) {
  // The hardware and the portable compression must agree; these digests were computed with
  // Python's hashlib for the same bytes.
  EXPECT_EQ(ex::sha256_hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
  EXPECT_EQ(ex::sha256_hex(std::string(55, 'x')),
            "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
}

namespace {
bool any_party(const ex::ExtractResult& r, const std::string& name) {
  for (const auto& a : r.agreements)
    if (has_party(a, name)) return true;
  return false;
}
}  // namespace

TEST(ExtractRules, CitedPublisherIsNotAParty) {
  const std::string t =
      "Quillon Nickel Ltd has signed an offtake agreement with Barrow Smelting Inc., according "
      "to Fennick.\n"
      "Separately, Quillon Nickel agreed a supply deal with Tarn Chemicals Ltd, Fennick "
      "reported.\n";
  const auto r = ex::extract(t);
  ASSERT_FALSE(r.agreements.empty());
  EXPECT_TRUE(any_party(r, "Barrow Smelting Inc."));
  EXPECT_FALSE(any_party(r, "Fennick"));
}

TEST(ExtractRules, CitedCompanyStaysAParty) {
  // "according to" a company the text names as one is its statement, not a publisher.
  const std::string t =
      "Ostrava Minerals Corp. signed a joint venture with Pellworth Metals Ltd on Monday.\n"
      "According to Ostrava Minerals, the joint venture will process graphite.\n";
  const auto r = ex::extract(t);
  ASSERT_EQ(r.agreements.size(), 1u);
  EXPECT_TRUE(has_party(r.agreements[0], "Ostrava Minerals Corp."));
}

TEST(ExtractRules, LegislatorsAreNotParties) {
  const std::string t =
      "Senators Ann Ferrow and Tom Blyth (both R-Kansas), and Representative Lee Hamm "
      "(D-Kansas), welcomed a $12 million grant from the Department of Energy to Corvane "
      "Materials Inc.\n";
  const auto r = ex::extract(t);
  ASSERT_EQ(r.agreements.size(), 1u);
  EXPECT_TRUE(has_party(r.agreements[0], "Corvane Materials Inc."));
  EXPECT_FALSE(any_party(r, "Tom Blyth"));
  EXPECT_FALSE(any_party(r, "Lee Hamm"));
}

TEST(ExtractRules, CurrencyCodeGluedToAmountIsNotAName) {
  const std::string t =
      "Harlow Zinc Ltd secured a loan of up to JPY4,000 million from the Japan Bank for "
      "International Cooperation.\n";
  const auto r = ex::extract(t);
  ASSERT_FALSE(r.agreements.empty());
  EXPECT_FALSE(any_party(r, "JPY4"));
}

TEST(ExtractRules, CapitalisedSentenceOpenerIsNotAName) {
  const std::string t =
      "Leading miner Dunmore Resources Ltd signed a strategic investment with Kessel Lithium "
      "Corp. worth $40 million.\n"
      "Owing to delays, Kessel Lithium also inked an offtake agreement with Dunmore "
      "Resources.\n";
  const auto r = ex::extract(t);
  ASSERT_FALSE(r.agreements.empty());
  EXPECT_FALSE(any_party(r, "Leading"));
  EXPECT_FALSE(any_party(r, "Owing"));
}

// The party names of the one agreement `text` states; empty when it states none or several.
namespace {
std::vector<std::string> sole_deal_parties(const std::string& text) {
  const auto r = ex::extract(text);
  std::vector<std::string> names;
  if (r.agreements.size() == 1)
    for (const auto& p : r.agreements[0].parties) names.push_back(p.name);
  return names;
}

// "type: party / party" of each agreement `text` states, in order.
std::vector<std::string> deal_titles(const std::string& text) {
  std::vector<std::string> titles;
  for (const auto& a : ex::extract(text).agreements) titles.push_back(a.title);
  return titles;
}
}  // namespace

TEST(ExtractRules, EmDashDatelineIsNotAParty) {
  EXPECT_EQ(sole_deal_parties("DENVER\xE2\x80\x94Marrow Creek Minerals Inc. received a $20 million "
                              "grant from the Department of Energy for its cobalt refinery.\n"),
            (std::vector<std::string>{"Marrow Creek Minerals Inc.", "U.S. Department of Energy"}));
}

TEST(ExtractClean, EmDashKeepsWordsApart) {
  const auto c = ex::clean("OSLO\xE2\x80\x94Norvik AS said");
  EXPECT_EQ(c.text, "OSLO - Norvik AS said");
  EXPECT_EQ(ex::tokenize(c.text).size(), 5u);
}

TEST(ExtractRules, BothCompaniesMeansThePairNamedBefore) {
  EXPECT_EQ(sole_deal_parties(
                "Battery maker Tolland Cells and Quarrow Graphite Ltd said they will work on anode "
                "supply.\n"
                "A memorandum of understanding was signed by the two companies in a ceremony "
                "attended by the Minister of Mines, Energy and Trade.\n"),
            (std::vector<std::string>{"Tolland Cells", "Quarrow Graphite Ltd"}));
}

TEST(ExtractRules, AwardsToSeveralCompaniesAreOneDealEach) {
  EXPECT_EQ(
      deal_titles("Halbrook Uranium Inc and Peller Holdings Limited subsidiary Sandgate Fuels "
                  "Inc said they had received awards from the Department of Energy to "
                  "supply uranium to the reserve.\n"),
      (std::vector<std::string>{"contract: Halbrook Uranium Inc / U.S. Department of Energy",
                                "contract: Sandgate Fuels Inc / U.S. Department of Energy"}));
}

TEST(ExtractRules, OneGrantToTwoCompaniesStaysOne) {
  EXPECT_EQ(deal_titles("Halbrook Uranium Inc and Sandgate Fuels Inc received a $9 million grant "
                        "from the Department of Energy.\n"),
            (std::vector<std::string>{
                "grant: Halbrook Uranium Inc / Sandgate Fuels Inc / U.S. Department of Energy"}));
}

TEST(ExtractRules, GrantedByAnAgencyIsAGrant) {
  EXPECT_EQ(deal_titles("Cobalt refiner Tessaly Metals has been granted $US40 million by the "
                        "Department of Energy for its plant.\n"),
            (std::vector<std::string>{"grant: Tessaly Metals / U.S. Department of Energy"}));
}

TEST(ExtractRules, SaidBeforeAReportedClauseIsNoSpeaker) {
  // "said Tessaly Metals has ..." reports what the company did; its words are no person's.
  EXPECT_EQ(deal_titles("Officials said Tessaly Metals has built a new furnace.\n"
                        "Cobalt refiner Tessaly Metals has been granted $US40 million by the "
                        "Department of Energy for its plant.\n"),
            (std::vector<std::string>{"grant: Tessaly Metals / U.S. Department of Energy"}));
}

TEST(ExtractRules, SubjectOfADealVerbIsAParty) {
  EXPECT_EQ(deal_titles("The news comes as Pardoe Rare Earths finalized a $50 million loan with "
                        "the Export-Import Bank of the United States.\n"),
            (std::vector<std::string>{
                "loan: Pardoe Rare Earths / Export-Import Bank of the United States"}));
}

TEST(ExtractRules, ProjectNamesAreNotParties) {
  // "Kestrel copper-gold projects" and "Green Nickel for Cathode Supply (GNCS) project" name
  // things, not companies; neither does "Hollins Bay (KB)".
  const auto titles = deal_titles(
      "Marlow Mining and Tarrant Metals will form a joint venture to hold the Kestrel "
      "copper-gold projects near Hollins Bay (KB).\n"
      "Separately, the Department of Energy awarded a $30 million grant to Tarrant Metals for "
      "the Green Nickel for Cathode Supply (GNCS) project.\n");
  EXPECT_EQ(titles,
            (std::vector<std::string>{"jv: Marlow Mining / Tarrant Metals",
                                      "grant: U.S. Department of Energy / Tarrant Metals"}));
}

TEST(ExtractRules, AbbreviationMustStartLikeItsName) {
  // "Sable del Norte (SDN)": SDN abbreviates the whole name, not "Norte".
  EXPECT_EQ(deal_titles("Marlow Mining ships ore to Sable del Norte (SDN).\n"
                        "SDN signed an offtake agreement with Marlow Mining for zinc.\n"),
            (std::vector<std::string>{"offtake: SDN / Marlow Mining"}));
}

TEST(ExtractRules, SemicolonInsideParenthesesDoesNotCutTheClause) {
  // The lender stays the subject across "(JBIC; Governor: ...)", and "Haruna Lead Co., Ltd."
  // and its short name "Haruna Lead" are one party.
  EXPECT_EQ(deal_titles("The Japan Bank for International Cooperation (JBIC; Governor: Ola Lind) "
                        "signed a loan agreement of up to $80 million with Haruna Lead Co., Ltd. "
                        "(Haruna Lead) for its mine.\n"
                        "Haruna Lead will use the loan to expand the mine.\n"),
            (std::vector<std::string>{
                "loan: Japan Bank for International Cooperation / Haruna Lead Co., Ltd."}));
}
