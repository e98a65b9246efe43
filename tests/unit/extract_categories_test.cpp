// The failure categories of issue 16, each on invented texts of different wording: what the
// whole extractor must make of lists, instrument nouns, quotations and headlines, party
// heuristics, descriptions, several instruments in a clause, hedges, wrapped lines,
// governments, one deal said twice, and the fields.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mtrack/extract/extract.hpp"

using namespace mtrack;
namespace ex = mtrack::extract;

namespace {

// "type[party|party]=value" of each agreement, parties sorted; the value only when there is one.
std::vector<std::string> deals(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& a : ex::extract(text).agreements) {
    std::vector<std::string> names;
    for (const auto& p : a.parties) names.push_back(p.name);
    std::sort(names.begin(), names.end());
    std::string s = std::string(to_string(a.type)) + "[";
    for (std::size_t k = 0; k < names.size(); ++k) s += (k ? "|" : "") + names[k];
    s += "]";
    if (a.value) s += "=" + std::to_string(a.value->minor / 100) + " " + a.value->currency;
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

Agreement only(const std::string& text) {
  const auto r = ex::extract(text);
  EXPECT_EQ(r.agreements.size(), 1u) << text;
  return r.agreements.empty() ? Agreement{} : r.agreements.front();
}

}  // namespace

// 1. Lists and split amounts: one instrument per counterparty is one agreement each; one
// instrument with several parties is one agreement with all of them.
TEST(ExtractCategories, ListsGiveOneAgreementPerCounterparty) {
  EXPECT_EQ(deals("Brindle Lithium Ltd signed MoUs with Corvel Metals, and with Annex Power and "
                  "Tasman Cells.\n"),
            (V{"mou[Brindle Lithium Ltd|Corvel Metals]", "mou[Annex Power|Brindle Lithium Ltd]",
               "mou[Brindle Lithium Ltd|Tasman Cells]"}));
  EXPECT_EQ(deals("Quorra Resources has now signed offtake agreements with Pellam Motors, Strand "
                  "Batteries and Dunmore Cells.\n"),
            (V{"offtake[Pellam Motors|Quorra Resources]", "offtake[Quorra Resources|Strand Batteries]",
               "offtake[Dunmore Cells|Quorra Resources]"}));
  EXPECT_EQ(deals("Vesta Nickel issued convertible notes to each of Kinsale Capital, Marrow "
                  "Partners and Fenwick Holdings.\n"),
            (V{"investment[Kinsale Capital|Vesta Nickel]", "investment[Marrow Partners|Vesta Nickel]",
               "investment[Fenwick Holdings|Vesta Nickel]"}));
}

// Names of no known kind count as parties when a list that "and" closes makes them a verb's
// subjects, or "both" lists them; a name before an adverbial comma is none of that.
TEST(ExtractCategories, NamesInListsAreParties) {
  EXPECT_EQ(deals("Brindle Metals signed offtake agreements with both Kestrel Cells and Tarbat "
                  "Motors.\n"),
            (V{"offtake[Brindle Metals|Kestrel Cells]", "offtake[Brindle Metals|Tarbat Motors]"}));
  EXPECT_EQ(deals("Metal prices rose.\nKestrel Cells, Tarbat Motors and Corvane Motors each "
                  "signed offtake agreements with Brindle Metals.\n"),
            (V{"offtake[Brindle Metals|Kestrel Cells]", "offtake[Brindle Metals|Tarbat Motors]",
               "offtake[Brindle Metals|Corvane Motors]"}));
  EXPECT_EQ(deals("Metal prices rose.\nTo-date, Brindle Metals has signed an offtake with Tarbat "
                  "Motors.\n"),
            (V{"offtake[Brindle Metals|Tarbat Motors]"}));
}

// The first name of a list that "are" or "include" opens is a name like the others, even a
// single word the text gives no other sign of.
TEST(ExtractCategories, FirstNameOfAListAfterACopula) {
  auto won = deals("The Interior Department has awarded five companies contracts to help recycle "
                   "tungsten scrap. The companies that won the contracts are Ardent, Pellman "
                   "Alloys, and Suvora Mining.\n");
  std::sort(won.begin(), won.end());
  EXPECT_EQ(won, (V{"contract[Ardent|U.S. Department of the Interior]",
                    "contract[Pellman Alloys|U.S. Department of the Interior]",
                    "contract[Suvora Mining|U.S. Department of the Interior]"}));
  auto loans = deals("Export Finance Australia approved loans for three graphite miners on "
                     "Monday. The miners receiving the loans include Talbot, Orrin Graphite Corp. "
                     "and Varley Anodes Ltd.\n");
  std::sort(loans.begin(), loans.end());
  EXPECT_EQ(loans, (V{"loan[Export Finance Australia|Orrin Graphite Corp.]",
                      "loan[Export Finance Australia|Talbot]",
                      "loan[Export Finance Australia|Varley Anodes Ltd.]"}));
  // Alone, with no list, the word stays no name.
  EXPECT_EQ(deals("Export Finance Australia approved loans for three graphite miners on Monday. "
                  "The miners receiving the loans include Talbot.\n"),
            V{});
}

// "X's Brora project", "X's nickel smelter": the owner of what is financed is a party, though
// the text gives no other sign that X is a name; a country's project stays none.
TEST(ExtractCategories, OwnerOfAFinancedProjectIsAParty) {
  EXPECT_EQ(deals("The bank has been busy. EXIM gave a non-binding LOI backing "
                  "Kestrel's Brora project in Queensland.\n"),
            (V{"loi[Export-Import Bank of the United States|Kestrel]"}));
  EXPECT_EQ(deals("Prices fell. Export Development Canada will lend $40 million for Tamsin's "
                  "nickel smelter.\n"),
            (V{"loan[Export Development Canada|Tamsin]=40000000 USD"}));
  EXPECT_EQ(deals("Prices fell. Export Development Canada will lend $40 million for Australia's "
                  "nickel smelter.\n"),
            (V{"loan[Export Development Canada]=40000000 USD"}));
}

// A capitalised compound whose last part is in lower case ("US-sourced") is an adjective, and
// the "There" of "There is/are" is no name: neither is ever a party.
TEST(ExtractCategories, AdjectiveCompoundsAndThereAreNoParties) {
  EXPECT_EQ(deals("In May, Halden Magnets entered into a long-term agreement with Corvane Motors "
                  "to supply US-sourced magnets and alloy.\n"),
            (V{"offtake[Corvane Motors|Halden Magnets]"}));
  EXPECT_EQ(deals("Brisk Cobalt signed an offtake deal with Ulric Cells for Congo-mined cobalt "
                  "hydroxide.\n"),
            (V{"offtake[Brisk Cobalt|Ulric Cells]"}));
  EXPECT_EQ(deals("There are talks, but a binding offtake agreement with Tessel Motors is proving "
                  "elusive for Brigham Lithium.\n"),
            (V{"offtake[Brigham Lithium|Tessel Motors]"}));
  EXPECT_EQ(deals("Brigham Lithium has an offtake agreement. There is also a supply deal with "
                  "Tessel Motors.\n"),
            (V{"offtake[Brigham Lithium|Tessel Motors]"}));
}

TEST(ExtractCategories, OneInstrumentWithSeveralPartiesStaysOne) {
  EXPECT_EQ(deals("Tarlton Minerals signed a joint venture agreement with Kelso Mining and Rask "
                  "Metals.\n"),
            (V{"jv[Kelso Mining|Rask Metals|Tarlton Minerals]"}));
  EXPECT_EQ(deals("A memorandum of understanding between Oban Lithium, Tain Chemicals and Wick "
                  "Cells was signed on Tuesday.\n"),
            (V{"mou[Oban Lithium|Tain Chemicals|Wick Cells]"}));
}

TEST(ExtractCategories, SplitAmountsGoToTheirParties) {
  EXPECT_EQ(deals("Under the programme, Halden Graphite receives $40 million and Orrin Anodes $25 "
                  "million from the Department of Energy.\n"),
            (V{"grant[Halden Graphite|U.S. Department of Energy]=40000000 USD",
               "grant[Orrin Anodes|U.S. Department of Energy]=25000000 USD"}));
  EXPECT_EQ(deals("The Department of Energy awarded grants of $12 million and $8 million to "
                  "Pellworth Materials and Ashgrove Metals, respectively.\n"),
            (V{"grant[Pellworth Materials|U.S. Department of Energy]=12000000 USD",
               "grant[Ashgrove Metals|U.S. Department of Energy]=8000000 USD"}));
  // A shared "up to" amount is each one's ceiling, not its value.
  const auto r = ex::extract(
      "The Department of Defense awarded contracts worth up to $30 million each to Larne Tungsten "
      "and Bangor Alloys.\n");
  ASSERT_EQ(r.agreements.size(), 2u);
  for (const auto& a : r.agreements) {
    EXPECT_EQ(a.type, AgreementType::contract);
    EXPECT_FALSE(a.value);
    ASSERT_TRUE(a.ceiling);
    EXPECT_EQ(a.ceiling->minor, 3000000000);
  }
}

// A phrase set before the subject ("Alongside the federal grants, X ...") does not hide the
// subject, even when it names a deal or a funder of its own.
TEST(ExtractCategories, FrontedPhraseDoesNotHideTheSubject) {
  EXPECT_EQ(deals("Beside the federal grants, the Ministry of Mines of Ontario will back the "
                  "plants with a $3 million grant to Tarrow Graphite Inc.\n"),
            (V{"grant[Ministry of Mines of Ontario|Tarrow Graphite Inc.]=3000000 USD"}));
  EXPECT_EQ(deals("In addition to the funding announced by Halcrow Capital, the Department of "
                  "Energy will support the projects with $4.5 million and $2.5 million to "
                  "Keld Nickel Corp. and Ardent Anodes Ltd respectively.\n"),
            (V{"grant[Keld Nickel Corp.|U.S. Department of Energy]=4500000 USD",
               "grant[Ardent Anodes Ltd|U.S. Department of Energy]=2500000 USD"}));
  // A deal in the fronted phrase keeps its own parties.
  EXPECT_EQ(deals("Following its offtake agreement with Pellam Motors, Quorra Resources signed a "
                  "$20 million loan with Fenwick Bank.\n"),
            (V{"offtake[Pellam Motors|Quorra Resources]",
               "loan[Fenwick Bank|Quorra Resources]=20000000 USD"}));
}

// An amount in parentheses after a name is that party's, not a conversion ("to A ($5m) and B
// ($3m)"), and a parenthesis pairing names with amounts ("(A: $5m; B: $3m)") lists the parties.
TEST(ExtractCategories, BracketedAmountsOfEachParty) {
  EXPECT_EQ(deals("Export Finance Australia issued letters of interest to Quenby Minerals (A$120 "
                  "million) and Pilbury Lithium (A$45 million).\n"),
            (V{"loi[Export Finance Australia|Quenby Minerals]=120000000 AUD",
               "loi[Export Finance Australia|Pilbury Lithium]=45000000 AUD"}));
  EXPECT_EQ(deals("The Department of Energy gave grants to Talbot Anodes Ltd ($5 million) as well as "
                  "Orrin Graphite Corp. ($3 million).\n"),
            (V{"grant[Talbot Anodes Ltd|U.S. Department of Energy]=5000000 USD",
               "grant[Orrin Graphite Corp.|U.S. Department of Energy]=3000000 USD"}));
  EXPECT_EQ(deals("The Department of Energy awarded two grants (Talbot Anodes Ltd: $5 million; Orrin "
                  "Graphite Corp.: $3 million).\n"),
            (V{"grant[Talbot Anodes Ltd|U.S. Department of Energy]=5000000 USD",
               "grant[Orrin Graphite Corp.|U.S. Department of Energy]=3000000 USD"}));
  EXPECT_EQ(deals("Fenwick Bank extended loans to two miners (Keld Nickel Corp.: US$40 million, "
                  "Tarn Cobalt Ltd: US$25 million).\n"),
            (V{"loan[Fenwick Bank|Keld Nickel Corp.]=40000000 USD",
               "loan[Fenwick Bank|Tarn Cobalt Ltd]=25000000 USD"}));
  // A conversion after an amount stays a conversion.
  EXPECT_EQ(deals("Fenwick Bank extended a loan of A$60 million (US$40 million) to Keld Nickel "
                  "Corp.\n"),
            (V{"loan[Fenwick Bank|Keld Nickel Corp.]=60000000 AUD"}));
}

// "A and B each provided a $X loan": the amount is each one's value.
TEST(ExtractCategories, EachSaysTheAmountIsEveryOnes) {
  EXPECT_EQ(deals("Metal prices rose.\nFenwick Bank and Rothay Capital each provided a $50 million "
                  "loan to Quenby Minerals.\n"),
            (V{"loan[Fenwick Bank|Quenby Minerals]=50000000 USD",
               "loan[Quenby Minerals|Rothay Capital]=50000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nCorrib Nickel and Dalby Metals each received a $6 million "
                  "grant from the Department of Energy.\n"),
            (V{"grant[Corrib Nickel|U.S. Department of Energy]=6000000 USD",
               "grant[Dalby Metals|U.S. Department of Energy]=6000000 USD"}));
}

// "Each company will get ...", "All the loans ...": the clause speaks of every deal of the group
// the text stated last, and adds what it says to each of them.
TEST(ExtractCategories, EachOfAGroupTakesWhatTheClauseSays) {
  EXPECT_EQ(deals("Metal prices rose.\nThe Department of Energy awarded three firms contracts to "
                  "store uranium. The firms that won the contracts are Corvel Metals, Dunmore Cells "
                  "and Orrin Anodes. Each firm will receive a contract worth at least $3 million.\n"),
            (V{"contract[Corvel Metals|U.S. Department of Energy]=3000000 USD",
               "contract[Dunmore Cells|U.S. Department of Energy]=3000000 USD",
               "contract[Orrin Anodes|U.S. Department of Energy]=3000000 USD"}));
  const auto r = ex::extract(
      "Metal prices rose.\nWestmere Bank signed loans with Talbot Anodes and Kelso Metals on "
      "Monday. All the loans run for up to seven years.\n");
  ASSERT_EQ(r.agreements.size(), 2u);
  for (const auto& a : r.agreements) EXPECT_EQ(a.term, "P7Y") << a.title;
  // A group of one is no group: the clause adds nothing.
  EXPECT_EQ(deals("Metal prices rose.\nWestmere Bank signed a loan with Talbot Anodes. Every "
                  "company will get a loan of $9 million.\n"),
            (V{"loan[Talbot Anodes|Westmere Bank]"}));
}

// "X signed an agreement between A and B": the phrase names every side; the clause's subject
// (a government, an adviser) is none of them.
TEST(ExtractCategories, BetweenNamesEverySide) {
  EXPECT_EQ(deals("Metal prices rose.\nCanada signed an agreement between Harlow Vanadium and Orca "
                  "Anodes on graphite supply.\n"),
            (V{"offtake[Harlow Vanadium|Orca Anodes]"}));
  EXPECT_EQ(deals("Metal prices rose.\nHarbour Capital arranged a supply agreement between Dent "
                  "Cobalt and Kirkby Cells last week.\n"),
            (V{"offtake[Dent Cobalt|Kirkby Cells]"}));
}

// "X (XM), a joint venture of three state firms,": a deal noun in apposition that names no
// members only describes the name; it is no deal, and the list it stands in goes on.
TEST(ExtractCategories, DescriptionAsAJointVentureIsNoDeal) {
  EXPECT_EQ(deals("Metal prices rose.\nPell Copper (PCL), a joint venture of two state miners, "
                  "signed an offtake with Druid Metals.\n"),
            (V{"offtake[Druid Metals|Pell Copper]"}));
  EXPECT_EQ(deals("Metal prices rose.\nAn MoU was signed between Lyle Minerals, a joint venture of "
                  "three state firms, and Corbin Mining.\n"),
            (V{"mou[Corbin Mining|Lyle Minerals]"}));
}

// "X announced two LOIs. The first LOI, with A, ... The second LOI, with B, ...": each ordinal
// names one member of the funder's group, and its company joins the funder's deal.
TEST(ExtractCategories, OrdinalMembersOfAFundersGroup) {
  EXPECT_EQ(deals("Metal prices rose.\nThe Department of Energy issued three letters of interest "
                  "on Friday. Two of them went to battery makers.\nThe third letter of interest, "
                  "with Orrin Anodes Inc., covers a graphite plant.\n"),
            (V{"loi[Orrin Anodes Inc.|U.S. Department of Energy]"}));
  // A long name of several languages' words stays one name inside the commas.
  EXPECT_EQ(deals("Metal prices rose.\nThe Export-Import Bank of the United States announced two "
                  "letters of interest today.\nThe second LOI, with Companhia Mineira do Norte e "
                  "Sul Ltda, backs a nickel plant in Brazil.\n"),
            (V{"loi[Companhia Mineira do Norte e Sul Ltda|Export-Import Bank of the United States]"}));
}

// Names that open with an accented capital, or join their words with a Romance "e", "y", "do".
TEST(ExtractCategories, AccentedAndRomanceNamesStayWhole) {
  EXPECT_EQ(deals("Metal prices rose.\nOrrin Cobalt signed an offtake agreement with Énergie "
                  "Boréale Inc. on Monday.\n"),
            (V{"offtake[Orrin Cobalt|Énergie Boréale Inc.]"}));
  EXPECT_EQ(deals("Metal prices rose.\nOrrin Cobalt signed an offtake agreement with Minera Sol y "
                  "Luna Andina SA on Monday.\n"),
            (V{"offtake[Minera Sol y Luna Andina SA|Orrin Cobalt]"}));
}

// "SK On", "LG In": a short capitalised function word after an acronym ends that name.
TEST(ExtractCategories, AcronymNamesEndingInAShortWord) {
  EXPECT_EQ(deals("Metal prices rose.\nKell Lithium signed an offtake agreement with battery maker "
                  "GS On for 20,000 tonnes.\n"),
            (V{"offtake[GS On|Kell Lithium]"}));
  EXPECT_EQ(deals("Metal prices rose.\nBattery maker HK In and Tarn Graphite signed a supply deal "
                  "for anode material.\n"),
            (V{"offtake[HK In|Tarn Graphite]"}));
}

// "for material used in A, B and C": names after the goods' use are models and plants, not
// parties.
TEST(ExtractCategories, NamesOfTheGoodsUsesAreNoParties) {
  EXPECT_EQ(deals("Metal prices rose.\nPella Graphite signed a supply deal with Orrin Cells for "
                  "anode material used in the Jarrow Pack, Vick Module and other batteries.\n"),
            (V{"offtake[Orrin Cells|Pella Graphite]"}));
  EXPECT_EQ(deals("Metal prices rose.\nIn March, Tarn Magnets entered into a long-term agreement "
                  "with Kelvo Motors to supply rare earth alloy and finished magnets for the motors "
                  "used in the PYLE ARROW, Marsh Falcon, Dorn Swift EV, and more than a dozen "
                  "models.\n"),
            (V{"offtake[Kelvo Motors|Tarn Magnets]"}));
}

// "a letter of interest for more than $X of financing": the financing is the letter's content,
// no deal of its own, whatever bound stands before the amount.
TEST(ExtractCategories, BoundedAmountOfContentStaysInTheLetter) {
  EXPECT_EQ(deals("Metal prices rose.\nPine Export Bank gave Corvel Metals a letter of interest for "
                  "nearly $80 million of financing.\n"),
            (V{"loi[Corvel Metals|Pine Export Bank]=80000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nOrrin Cobalt signed a memorandum of understanding with Kelso "
                  "Bank for over $40 million in loans.\n"),
            (V{"mou[Kelso Bank|Orrin Cobalt]=40000000 USD"}));
}

// "a letter of interest for $X in funding, with ... financing": the amount of the funding a letter
// is for is the letter's, though another deal noun follows in the clause.
TEST(ExtractCategories, AmountOfALettersFundingWithAnotherNounAfter) {
  EXPECT_EQ(deals("Metal prices rose.\nCorvel Metals has a revised letter of interest from "
                  "EXIM for up to $200 million in funding, with a longer tenor of up to 12 "
                  "years in possible financing, for its mine.\n"),
            (V{"loi[Corvel Metals|Export-Import Bank of the United States]=200000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nExport Finance Australia issued Dalby Graphite a letter of "
                  "support for $75 million of debt financing, alongside talks on further financing "
                  "for its plant.\n"),
            (V{"loi[Dalby Graphite|Export Finance Australia]=75000000 USD"}));
}

// "raising the total lent by the group to $X": a running total over several lenders, with a few
// words between "total" and "to", is no deal's own amount.
TEST(ExtractCategories, RunningTotalIsNoDealsAmount) {
  EXPECT_EQ(deals("Metal prices rose.\nKelso Bank lent $30 million to Orrin Cobalt in May.\nThe loan "
                  "to Orrin Cobalt is shared with two other lenders, raising the total sum "
                  "lent by the group to $90 million.\n"),
            (V{"loan[Kelso Bank|Orrin Cobalt]=30000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nThe loan to Orrin Cobalt from Kelso Bank is co-financed with "
                  "other banks, bringing the total syndicated amount to $90 million.\n"),
            (V{"loan[Kelso Bank|Orrin Cobalt]"}));
}

// Every bound of an amount ("as much as", "a maximum of", "at least") lets the funding a letter
// is for give the letter its amount, as "up to" does.
TEST(ExtractCategories, BoundedFundingOfALetterIsItsAmount) {
  EXPECT_EQ(deals("Metal prices rose.\nCorvel Metals has a letter of interest from EXIM for as "
                  "much as $120 million in funding for its mine.\n"),
            (V{"loi[Corvel Metals|Export-Import Bank of the United States]=120000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nExport Finance Australia sent Dalby Graphite a letter of "
                  "support for a maximum of A$40 million in debt financing.\n"),
            (V{"loi[Dalby Graphite|Export Finance Australia]=40000000 AUD"}));
  EXPECT_EQ(deals("Metal prices rose.\nPella Lithium obtained a letter of interest from EXIM for "
                  "at least $15 million in financing for its refinery.\n"),
            (V{"loi[Export-Import Bank of the United States|Pella Lithium]=15000000 USD"}));
}

// A headline's amount goes to the deal the body states without one (same type and parties);
// an amount the body gives stays.
TEST(ExtractCategories, HeadlineAmountFillsTheBodysDeal) {
  EXPECT_EQ(deals("Harbour Bank lends A$80 million to Tamar Steel\nHarbour Bank signed a loan "
                  "agreement with Tamar Steel on Monday, the steelmaker said.\n"),
            (V{"loan[Harbour Bank|Tamar Steel]=80000000 AUD"}));
  EXPECT_EQ(deals("Dorn Trading prepays US$150 million for Kelso Copper's cathode\nDorn Trading "
                  "has agreed to buy copper cathode from a Kelso Copper Ltd. smelter in Zambia.\n"
                  "Dorn Trading signed the prepayment agreement with Kelso Copper Ltd. last month, "
                  "Kelso said.\n"),
            (V{"offtake[Dorn Trading|Kelso Copper Ltd.]",
               "other[Dorn Trading|Kelso Copper Ltd.]=150000000 USD"}));
  EXPECT_EQ(deals("Harbour Bank lends A$80 million to Tamar Steel\nHarbour Bank signed a A$60 "
                  "million loan agreement with Tamar Steel on Monday, the steelmaker said.\n"),
            (V{"loan[Harbour Bank|Tamar Steel]=60000000 AUD"}));
}

// "committed $X to Y", "has committed to providing another $X": a funder's commitment of
// money is a deal (approved), typed by the funder; money committed towards a deal noun is that
// deal's.
TEST(ExtractCategories, CommittedMoneyIsAFundersDeal) {
  EXPECT_EQ(deals("Metal prices rose.\nThe Department of Energy committed $45 million to Corrib "
                  "Nickel for a refinery in Ohio.\n"),
            (V{"grant[Corrib Nickel|U.S. Department of Energy]=45000000 USD"}));
  const Agreement a = only("Metal prices rose.\nExport Finance Australia has committed to "
                           "delivering a further A$30 million to Pella Lithium for its refinery.\n");
  EXPECT_EQ(a.type, AgreementType::loan);
  EXPECT_EQ(a.status, Status::approved);
  ASSERT_TRUE(a.value.has_value());
  EXPECT_EQ(a.value->minor, 3000000000);
  EXPECT_EQ(deals("Metal prices rose.\nJapan committed $12 million towards a research "
                  "partnership with Kestrel Nickel.\n"),
            (V{"partnership[Japan|Kestrel Nickel]=12000000 USD"}));
}

// Building a stake on the market is no agreement (the annotation conventions); buying one in a
// placement is.
TEST(ExtractCategories, StakeBuildingIsNoDeal) {
  EXPECT_EQ(deals("Metal prices rose.\nOrrin Capital has been accumulating a stake in Pella Lithium "
                  "through purchases on the market.\n"),
            V{});
  EXPECT_EQ(deals("Metal prices rose.\nMarsh Capital is building a stake in Tamar Cobalt.\n"), V{});
  EXPECT_EQ(deals("Metal prices rose.\nOrrin Capital bought a 10% stake in Pella Lithium in a "
                  "placement.\n")
                .size(),
            1u);
}

// "will establish a joint venture, Anvil JV, ...": the name in apposition is the venture, not a
// member of it.
TEST(ExtractCategories, VentureNamedInAppositionIsNoMember) {
  EXPECT_EQ(deals("Metal prices rose.\nUnder the plan, Tarn Zinc and the United States will "
                  "establish a joint venture, Anvil JV, valued at $900 million.\nAnvil JV will build "
                  "a zinc smelter in Ohio, Tarn Zinc said.\n"),
            (V{"jv[Tarn Zinc|United States]=900000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nPell Copper and Druid Mining Ltd formed a joint venture, "
                  "Kestrel Copper Holdings, last year.\nKestrel Copper Holdings owns the Tarn "
                  "mine.\n"),
            (V{"jv[Druid Mining Ltd|Pell Copper]"}));
}

// "Ministry of Economy, Trade and Industry": a body's title listing its portfolios is one name;
// a list of banks is not.
TEST(ExtractCategories, MinistryTitlesListingPortfoliosStayWhole) {
  EXPECT_EQ(deals("Metal prices rose.\nThe Ministry of Mines, Energy and Water of Ruritania signed an "
                  "MoU with Pella Lithium on Monday.\n"),
            (V{"mou[Ministry of Mines, Energy and Water of Ruritania|Pella Lithium]"}));
  EXPECT_EQ(deals("Metal prices rose.\nThe Department of Trade, Industry and Tourism awarded a $4 "
                  "million grant to Kelso Metals.\n"),
            (V{"grant[Department of Trade, Industry and Tourism|Kelso Metals]=4000000 USD"}));
  EXPECT_EQ(deals("Metal prices rose.\nBank of Montreal, Scotiabank and Harbour Bank lent $90 "
                  "million to Kelso Metals.\n")
                .size(),
            3u);
}

// "According to X, ...": the source of a statement is no side of the deal it reports.
TEST(ExtractCategories, AccordingToNamesNoParty) {
  EXPECT_EQ(deals("The Ministry of Mines (MOM) said on Monday that Pella Lithium had invested in Tarn "
                  "Cobalt.\nAccording to MOM, this is the first acquisition of rights in cobalt for "
                  "Pella Lithium.\n"),
            (V{"investment[Pella Lithium|Tarn Cobalt]"}));
  EXPECT_EQ(deals("The Energy Office (EO) said on Monday that Kelso Metals had lent money to Tarn "
                  "Cobalt.\nAccording to EO, this is the first loan agreement in cobalt for Kelso "
                  "Metals.\n"),
            (V{"loan[Kelso Metals|Tarn Cobalt]"}));
}

// ", as X ramps up ...": a clause of its own ends the deal's parties; ", as well as X" goes on.
TEST(ExtractCategories, CommaAsOpensAnotherClause) {
  EXPECT_EQ(deals("Metal prices rose.\nThe pact forms part of a wider deal between Japan and Chile on "
                  "minerals, as Tokyo steps up its rivalry with China for supplies.\n"),
            (V{"framework[Chile|Japan]"}));
  EXPECT_EQ(deals("Metal prices rose.\nPella Lithium signed an offtake with Dorn Cells, as Kelso "
                  "Motors looked on.\n"),
            (V{"offtake[Dorn Cells|Pella Lithium]"}));
  EXPECT_EQ(deals("Metal prices rose.\nPella Lithium signed offtake agreements with Dorn Cells, as "
                  "well as Vick Motors.\n"),
            (V{"offtake[Dorn Cells|Pella Lithium]", "offtake[Pella Lithium|Vick Motors]"}));
}

// "from a country with a free trade agreement with X": a trade pact between states is no deal,
// and X is no side of the supply deal around it.
TEST(ExtractCategories, FreeTradeAgreementsAreNoDeals) {
  EXPECT_EQ(deals("Metal prices rose.\nTarn Lithium will supply Kelvo Motors with lithium hydroxide "
                  "produced in a country with a Free Trade Agreement with the United States.\n"),
            (V{"offtake[Kelvo Motors|Tarn Lithium]"}));
  EXPECT_EQ(deals("Metal prices rose.\nPella Graphite signed an offtake with Dorn Cells for anode "
                  "material from countries that have free-trade agreements with Japan.\n"),
            (V{"offtake[Dorn Cells|Pella Graphite]"}));
}

// "The loan is meant to fund the X mine": a definite funded deal that joins no funder's deal is
// the deal of its type stated just before that shares a party with it, not a new one.
TEST(ExtractCategories, DefiniteDealOfCompaniesIsTheOneBefore) {
  EXPECT_EQ(deals("Pell Copper Ltd is growing. Pell Copper Ltd also holds a stake in Druid Mining "
                  "Pty Limited.\nHalden Bank signed a loan agreement with Pell Copper Ltd on "
                  "Monday.\nThe loan is intended to provide long-term capital for the development "
                  "of the Druid copper mine.\n"),
            (V{"investment[Druid Mining Pty Limited|Pell Copper Ltd]", "loan[Halden Bank|Pell Copper Ltd]"}));
  EXPECT_EQ(deals("Orrin Cobalt Inc. is growing, and Orrin Cobalt Inc. owns part of Tarn Metals "
                  "Ltd.\nKelso Bank extended a loan agreement to Orrin Cobalt Inc. in May.\nThe "
                  "loan is intended to provide capital for building the Tarn nickel plant.\n"),
            (V{"loan[Kelso Bank|Orrin Cobalt Inc.]"}));
}

// A list that repeats its preposition, each party with its own amount.
TEST(ExtractCategories, ListsThatRepeatTheirPrepositionSplitTheAmounts) {
  EXPECT_EQ(deals("Export Finance Australia issued letters of interest to Quenby Minerals for $120 "
                  "million, to Ostrava Rare Earths for $80 million and to Pilbury Lithium for $45 "
                  "million.\n"),
            (V{"loi[Export Finance Australia|Quenby Minerals]=120000000 USD",
               "loi[Export Finance Australia|Ostrava Rare Earths]=80000000 USD",
               "loi[Export Finance Australia|Pilbury Lithium]=45000000 USD"}));
  EXPECT_EQ(deals("Kestrel Cobalt Corp has struck supply agreements with Varden Steel covering "
                  "5,000 tonnes, with Ulmer Alloys for 3,000 tonnes and with Pascoe Batteries.\n"),
            (V{"offtake[Kestrel Cobalt Corp|Varden Steel]", "offtake[Kestrel Cobalt Corp|Ulmer Alloys]",
               "offtake[Kestrel Cobalt Corp|Pascoe Batteries]"}));
}

// A list of deals under headings in capitals, its line breaks lost: each heading stands apart,
// and each sentence keeps its own subject.
TEST(ExtractCategories, FlattenedHeadingsListingDeals) {
  EXPECT_EQ(deals("Pine Export Bank (PEB) issued letters of interest on Tuesday to these firms: "
                  "NEW LETTERS CORVEL METALS Corvel Metals received a letter of interest from PEB "
                  "for up to $150 million. KESTREL RARE EARTHS PEB provided a letter of interest "
                  "of up to $90 million to Kestrel Rare Earths.\n"),
            (V{"loi[Corvel Metals|Pine Export Bank]=150000000 USD",
               "loi[Kestrel Rare Earths|Pine Export Bank]=90000000 USD"}));
  EXPECT_EQ(deals("Grants went out this week. RECIPIENTS TALBOT ANODES Talbot Anodes Ltd was awarded "
                  "a $6 million grant by the Department of Energy. ORRIN CELLS Orrin Cells Inc. "
                  "received a $4 million grant from the Department of Energy.\n"),
            (V{"grant[Talbot Anodes Ltd|U.S. Department of Energy]=6000000 USD",
               "grant[Orrin Cells Inc.|U.S. Department of Energy]=4000000 USD"}));
}

// A table of holdings under a lead line ending in a colon: each row "NAME: N% in X" is an
// equity investment of NAME in X, or in the company the article is about when X is a project.
TEST(ExtractCategories, RowsOfHoldingsUnderALead) {
  EXPECT_EQ(deals("Pella Minerals has sold a third of itself to partners so far.\n"
                  "Its partners hold:\n"
                  "Orrin Capital: 15% in Pella Minerals\n"
                  "Dunmore Cells: up to 12% of the Tarn project\n"),
            (V{"investment[Orrin Capital|Pella Minerals]", "investment[Dunmore Cells|Pella Minerals]"}));
  EXPECT_EQ(deals("Kestrel Nickel said strategic backers now own much of Haldon Cobalt. The backers "
                  "and their stakes are as follows:\n"
                  "Varden Steel: a 20% stake in Haldon Cobalt\n"
                  "Marrow Partners: about 7.5% interest in Haldon Cobalt\n"),
            (V{"investment[Haldon Cobalt|Varden Steel]", "investment[Haldon Cobalt|Marrow Partners]"}));
  // Without a lead line the same words state no deal.
  EXPECT_EQ(deals("Metal prices rose.\nOrrin Capital: 15% in Pella Minerals\n"), V{});
}

// 2. Instrument nouns: facilities, preferred shares, equity, price floors, prepayments, streams,
// royalties, term sheets, "secured $X from Y".
TEST(ExtractCategories, InstrumentNounsAreRecognised) {
  EXPECT_EQ(deals("Corvane Cobalt Inc. closed a $150 million credit facility with Harbour Bank.\n"),
            (V{"loan[Corvane Cobalt Inc.|Harbour Bank]=150000000 USD"}));
  EXPECT_EQ(deals("Atlas Graphite issued $25 million of preferred shares to Sorrel Investments.\n"),
            (V{"investment[Atlas Graphite|Sorrel Investments]=25000000 USD"}));
  EXPECT_EQ(deals("Norfolk Resources received $10 million in equity from Brant Ventures.\n"),
            (V{"investment[Brant Ventures|Norfolk Resources]=10000000 USD"}));
  EXPECT_EQ(deals("Larch Metals received a $50 million prepayment from Tessin Trading.\n"),
            (V{"other[Larch Metals|Tessin Trading]=50000000 USD"}));
  EXPECT_EQ(deals("Pelham Royalties agreed a silver stream with Cobb Mining for $60 million.\n"),
            (V{"other[Cobb Mining|Pelham Royalties]=60000000 USD"}));
}

TEST(ExtractCategories, SecuredFromAFunderIsTypedByTheFunder) {
  EXPECT_EQ(deals("Talon Tin Corp. secured $50M from Brookfield Bank.\n"),
            (V{"loan[Brookfield Bank|Talon Tin Corp.]=50000000 USD"}));
  EXPECT_EQ(deals("Verity Graphite secured $12 million from the Department of Energy.\n"),
            (V{"grant[U.S. Department of Energy|Verity Graphite]=12000000 USD"}));
  EXPECT_EQ(deals("Hale Lithium Ltd secured $9 million from Orchard Ventures.\n"),
            (V{"investment[Hale Lithium Ltd|Orchard Ventures]=9000000 USD"}));
}

// 3. The right type for frameworks, price floors and supply deals (not "partnership").
TEST(ExtractCategories, FrameworksFloorsAndSupplyDealsHaveTheirType) {
  EXPECT_EQ(deals("Chile and Japan signed a framework on critical minerals.\n"),
            (V{"framework[Chile|Japan]"}));
  EXPECT_EQ(deals("Brill Magnets agreed a price floor with the Defense Logistics Agency.\n"),
            (V{"other[Brill Magnets|Defense Logistics Agency]"}));
  EXPECT_EQ(deals("Minco Lithium signed a binding term sheet with Rosk Chemicals for the supply "
                  "of spodumene.\n"),
            (V{"offtake[Minco Lithium|Rosk Chemicals]"}));
  EXPECT_EQ(deals("Hawes Lithium struck a deal with Sedbergh Motors to supply lithium hydroxide.\n"),
            (V{"offtake[Hawes Lithium|Sedbergh Motors]"}));
}

// 4. Deals in quotations and headlines stay candidates; a headline adds nothing when the body
// states its deal.
TEST(ExtractCategories, QuotedAndHeadlineDealsAreCandidates) {
  EXPECT_EQ(deals("Dunmore Lithium inks offtake with Hollis Motors\n\n"
                  "Dunmore Lithium Ltd did not disclose the price.\n"),
            (V{"offtake[Dunmore Lithium Ltd|Hollis Motors]"}));
  EXPECT_EQ(deals("Corran Tin Ltd said on Monday its smelter was running.\n"
                  "\"We have signed a binding offtake agreement with Rylan Steel,\" said chief "
                  "executive Mara Quint.\n"),
            (V{"offtake[Corran Tin Ltd|Rylan Steel]"}));
  EXPECT_EQ(deals("Ardent Metals Signs Offtake With Belmont Steel\n\n"
                  "Ardent Metals Ltd signed an offtake agreement with Belmont Steel Corp. for "
                  "nickel.\n"),
            (V{"offtake[Ardent Metals Ltd|Belmont Steel Corp.]"}));
}

// A name that closes the appositive of a lower-case title ("the minister of mines and energy,
// Jane Roe") is a person's, and so is its last word alone later: no party.
TEST(ExtractCategories, NameAfterATitlesAppositiveIsAPerson) {
  EXPECT_EQ(deals("The visit was led by the minister of mines and energy, Ravi Menon.\nDuring his "
                  "visit, Menon will build on the offtake signed between Alder Nickel and Birch "
                  "Cells.\n"),
            (V{"offtake[Alder Nickel|Birch Cells]"}));
  EXPECT_EQ(deals("Talks were opened by the chief executive of the group, Marta Ilves.\nIlves "
                  "signed a supply agreement with Corvane Motors on behalf of Tarbat Lithium.\n"),
            (V{"offtake[Corvane Motors|Tarbat Lithium]"}));
}

// A unit that is itself the counterparty ("and the battery arm of X") is named by its parent;
// a unit in apposition ("A, a unit of X,") only says whose A is.
TEST(ExtractCategories, UnitNamedByItsParentIsAParty) {
  EXPECT_EQ(deals("Tarbat Lithium already has offtake agreements with Kestrel Motors and Corvane "
                  "Motors, and the battery unit of Dunmore Group.\n"),
            (V{"offtake[Kestrel Motors|Tarbat Lithium]", "offtake[Corvane Motors|Tarbat Lithium]",
               "offtake[Dunmore Group|Tarbat Lithium]"}));
  EXPECT_EQ(deals("Kelso Tin signed sales contracts with Alder Cells and the trading unit of Birch "
                  "Holdings.\n"),
            (V{"offtake[Alder Cells|Kelso Tin]", "offtake[Birch Holdings|Kelso Tin]"}));
  EXPECT_EQ(deals("Tarbat Lithium, a unit of Dunmore Group, signed an offtake with Kestrel "
                  "Motors.\n"),
            (V{"offtake[Kestrel Motors|Tarbat Lithium]"}));
}

// 5. Party heuristics that rejected real parties.
TEST(ExtractCategories, SpeakersPlacesAndShortNamesCanBeParties) {
  EXPECT_EQ(deals("Corvel said it had signed an offtake agreement with Brant Steel.\n"),
            (V{"offtake[Brant Steel|Corvel]"}));
  EXPECT_EQ(deals("Halo Metals bought a 19.9% stake in Quarry Lane last year.\n"),
            (V{"investment[Halo Metals|Quarry Lane]"}));
  EXPECT_EQ(deals("GM signed a supply agreement with Lumen Lithium.\n"),
            (V{"offtake[GM|Lumen Lithium]"}));
  EXPECT_EQ(deals("Chief executive Ann Rowe said Kelso Lithium Corp. signed an offtake with Tay "
                  "Steel Ltd.\nRowe said the first shipment is due in May.\n"),
            (V{"offtake[Kelso Lithium Corp.|Tay Steel Ltd.]"}));
}

// An abbreviation the text defines for common words ("battery energy storage (BES)") is no
// name anywhere after, so it never stands in for the company "it" or "the company" means.
TEST(ExtractCategories, AbbreviatedTermsAreNoParties) {
  EXPECT_EQ(deals("Pellam Motors Corp., a carmaker, buys from many suppliers of battery energy storage "
                  "(BES) materials.\nThe company has also partnered with Tasman Cells Ltd on BES "
                  "packs.\n"),
            (V{"partnership[Pellam Motors Corp.|Tasman Cells Ltd]"}));
  EXPECT_EQ(deals("Quorra Resources Ltd supplies rare earth elements (REE) to magnet makers.\n"
                  "REE demand is rising, and the company signed an offtake agreement with Dunmore "
                  "Magnets Inc. for REE oxides.\n"),
            (V{"offtake[Dunmore Magnets Inc.|Quorra Resources Ltd]"}));
}

// An abbreviation in the plural ("OEMs", "ECAs") names a class of bodies, never a party.
TEST(ExtractCategories, PluralAbbreviationsAreNoParties) {
  EXPECT_EQ(deals("Quorra Lithium Ltd is building a refinery.\nFour ECAs issued letters of interest "
                  "to Quorra Lithium Ltd for the refinery.\n"),
            V{});
  EXPECT_EQ(deals("Quorra Lithium Ltd is building a refinery.\nTwo OEMs signed offtake agreements "
                  "with Quorra Lithium Ltd last week, as did Pellam Motors Corp.\n"),
            (V{"offtake[Pellam Motors Corp.|Quorra Lithium Ltd]"}));
}

// 6. A counterparty named only by description, or in another sentence.
// A capitalised adverb or a plural of people opening a sentence is no part of the name after
// it and no party.
TEST(ExtractCategories, SentenceOpenersAreNoNames) {
  EXPECT_EQ(deals("Metal prices rose this week.\nYesterday Brindle Metals signed an offtake with "
                  "Harlow Cells.\n"),
            (V{"offtake[Brindle Metals|Harlow Cells]"}));
  EXPECT_EQ(deals("Metal prices rose this week.\nAnalysts said Kessock Lithium had signed a "
                  "memorandum of understanding with Tarbat Cells.\n"),
            (V{"mou[Kessock Lithium|Tarbat Cells]"}));
  // An adverb with its comma before the subject leaves the subject to the verb after it.
  EXPECT_EQ(deals("Metal prices rose this week.\nYesterday, Norway signed a memorandum of "
                  "understanding with Chile.\nEarlier, Brindle Metals had signed an offtake with "
                  "Harlow Cells.\n"),
            (V{"mou[Chile|Norway]", "offtake[Brindle Metals|Harlow Cells]"}));
}

// "Officials said X signed ...": a reported clause without "that" has its own subject.
TEST(ExtractCategories, ReportedClauseWithoutThat) {
  EXPECT_EQ(deals("Metal prices rose this week.\nOfficials said Corrie Nickel signed an offtake "
                  "with Lorn Steel.\n"),
            (V{"offtake[Corrie Nickel|Lorn Steel]"}));
  EXPECT_EQ(deals("Metal prices rose this week.\nThe minister told reporters Peru had signed a "
                  "memorandum of understanding with Kilbrannan Metals.\n"),
            (V{"mou[Kilbrannan Metals|Peru]"}));
}

TEST(ExtractCategories, DescriptionsResolveToTheEntityTheyFit) {
  EXPECT_EQ(deals("Kinsale Resources Ltd produces spodumene in Western Australia.\n"
                  "US automaker Hollis Motors is building a battery plant.\n"
                  "Kinsale said it signed an offtake agreement with the automaker.\n"),
            (V{"offtake[Hollis Motors|Kinsale Resources Ltd]"}));
  EXPECT_EQ(deals("Japanese trading house Okabe Corp. has backed several lithium projects.\n"
                  "Separately, Brent Lithium signed an offtake agreement with the Japanese "
                  "trading house.\n"),
            (V{"offtake[Brent Lithium|Okabe Corp.]"}));
  EXPECT_EQ(deals("Pardoe Graphite Inc. is developing an anode plant in Ohio.\n"
                  "The company signed a memorandum of understanding with Lisle Cells.\n"),
            (V{"mou[Lisle Cells|Pardoe Graphite Inc.]"}));
}

// 7. Several instruments in one clause.
// The companies of a funded deal named in a later sentence, by "the contracts", "the grants":
// one deal each with the funder the first sentence named (a plural noun), one with all of them
// (a singular one); a company alone with no funder stated before is no deal.
TEST(ExtractCategories, RecipientsNamedLaterJoinTheFundersDeal) {
  EXPECT_EQ(deals("The Department of Defense awarded contracts worth $4 million each to expand "
                  "antimony processing. The companies that received the contracts are Ardent "
                  "Metals, Pellman Alloys and Suvora Mining.\n"),
            (V{"contract[Ardent Metals|U.S. Department of Defense]=4000000 USD",
               "contract[Pellman Alloys|U.S. Department of Defense]=4000000 USD",
               "contract[Suvora Mining|U.S. Department of Defense]=4000000 USD"}));
  EXPECT_EQ(deals("The Department of Energy approved grants of $7 million each for pilot refineries "
                  "on Thursday. Among the firms receiving the grants were Harlow Minerals and "
                  "Birchfield Chemicals.\n"),
            (V{"grant[Harlow Minerals|U.S. Department of Energy]=7000000 USD",
               "grant[Birchfield Chemicals|U.S. Department of Energy]=7000000 USD"}));
  EXPECT_EQ(deals("Analysts expect the sector to grow. The companies that received the contracts "
                  "are Ardent Metals and Pellman Alloys.\n"),
            V{});
}

// "Earlier borrowers include A, B and C": each listed company received the funded deal stated
// just before, from its funder; with no such deal the list is no agreement.
TEST(ExtractCategories, ListedRecipientsTakeTheFundersDeal) {
  auto lent = deals("The Department of Energy lent $90 million to Harrow Cells last year. Earlier "
                    "borrowers include Quenby Motors, Pellman Alloys and Suvora Mining.\n");
  std::sort(lent.begin(), lent.end());
  EXPECT_EQ(lent, (V{"loan[Harrow Cells|U.S. Department of Energy]=90000000 USD",
                     "loan[Pellman Alloys|U.S. Department of Energy]",
                     "loan[Quenby Motors|U.S. Department of Energy]",
                     "loan[Suvora Mining|U.S. Department of Energy]"}));
  auto granted = deals("Export Finance Australia granted Talbot Graphite Ltd a $20 million loan. "
                       "While past recipients were Orrin Graphite Corp. and Varley Anodes Ltd, "
                       "this is its largest.\n");
  std::sort(granted.begin(), granted.end());
  EXPECT_EQ(granted, (V{"loan[Export Finance Australia|Orrin Graphite Corp.]",
                        "loan[Export Finance Australia|Talbot Graphite Ltd]=20000000 USD",
                        "loan[Export Finance Australia|Varley Anodes Ltd]"}));
  EXPECT_EQ(deals("Recipients include Quenby Motors and Pellman Alloys.\n"), V{});
  // A deal between two companies has no funder to give.
  EXPECT_EQ(deals("Harrow Cells signed an offtake with Dunmore Lithium. Winners include Quenby "
                  "Motors and Pellman Alloys.\n"),
            (V{"offtake[Dunmore Lithium|Harrow Cells]"}));
}

// A funder's deal whose recipients are only counted ("awarded five firms contracts", "loans to
// three miners") waits for a later sentence naming them; with none, it is no agreement.
TEST(ExtractCategories, CountedRecipientsNamedLater) {
  EXPECT_EQ(deals("The Department of Defense has awarded three firms contracts to refine "
                  "antimony. The companies that won the contracts are Ardent Metals, Pellman "
                  "Alloys and Suvora Mining.\n"),
            (V{"contract[Ardent Metals|U.S. Department of Defense]",
               "contract[Pellman Alloys|U.S. Department of Defense]",
               "contract[Suvora Mining|U.S. Department of Defense]"}));
  // (Each company once, though two frames of the sentence name it.)
  auto loans = deals("Export Finance Australia approved loans for two graphite miners on Monday.\n"
                     "Metal prices were flat.\nThe miners receiving the loans are Talbot Anodes "
                     "Ltd and Orrin Graphite Corp. this week.\n");
  std::sort(loans.begin(), loans.end());
  EXPECT_EQ(loans, (V{"loan[Export Finance Australia|Orrin Graphite Corp.]",
                      "loan[Export Finance Australia|Talbot Anodes Ltd]"}));
  // Nobody named: no agreement.
  EXPECT_EQ(deals("The Department of Defense has awarded three firms contracts to refine "
                  "antimony. Prices of antimony have doubled this year.\n"),
            V{});
}

// "A, B and C have each set up partnerships with several miners": each has deals with
// others the text does not name; no deal among them.
TEST(ExtractCategories, PluralDealsWithUnnamedOthersAreNoDealAmongTheSubjects) {
  EXPECT_EQ(deals("Rowan Motors, Kelso Cars and Tarbert Trucks have each set up partnerships "
                  "with several mines and traders.\n"),
            V{});
  EXPECT_EQ(deals("Rowan Motors and Kelso Cars signed offtake agreements with several Chilean "
                  "producers last year.\n"),
            V{});
  // Without the unnamed others, the plural deal is theirs.
  EXPECT_EQ(deals("Rowan Motors and Kelso Cars signed offtake agreements on Monday.\n"),
            (V{"offtake[Kelso Cars|Rowan Motors]"}));
}

// A deal verb in the simple present naming no one ("the bank offers loans to its clients")
// says what a party does: it takes no counterparty from the article.
TEST(ExtractCategories, HabitualPresentNamingNoOneIsNoDeal) {
  EXPECT_EQ(deals("Kelso Metals signed a loan agreement with the Japan Bank for International "
                  "Cooperation (JBIC) for $5 million.\nJBIC offers a range of financial products "
                  "and other services to its clients.\n"),
            (V{"loan[Japan Bank for International Cooperation|Kelso Metals]=5000000 USD"}));
  EXPECT_EQ(deals("Kelso Metals raised $20 million last year. Harlow Mining supplies nickel to "
                  "smelters across Asia.\n"),
            V{});
  // With the counterparty named, the present states a deal.
  EXPECT_EQ(deals("Harlow Mining supplies nickel to Kelso Metals.\n"),
            (V{"offtake[Harlow Mining|Kelso Metals]"}));
}

// A government that secures or receives money ("Japan secured a budget of ...") funds itself:
// no deal, and the article's company does not join it.
TEST(ExtractCategories, GovernmentReceivingMoneyIsNoDeal) {
  EXPECT_EQ(deals("Kelso Metals is developing a lithium mine. Japan has already secured a "
                  "supplementary budget of over 200 billion yen for key minerals.\n"),
            V{});
  EXPECT_EQ(deals("Kelso Metals is developing a lithium mine. Canada received $500 million in "
                  "federal funding for critical minerals last year.\n"),
            V{});
  EXPECT_EQ(deals("Canada awarded Kelso Metals a $5 million grant.\n"),
            (V{"grant[Canada|Kelso Metals]=5000000 USD"}));
}

// A bare word of no type after "to" is a verb ("how to deal in shares"), no deal noun.
TEST(ExtractCategories, GenericDealWordAfterToIsAVerb) {
  EXPECT_EQ(deals("Kelso Metals signed an offtake with Harlow Mining. Learn how to deal in shares "
                  "from your phone with a Kestrel Trading account.\n"),
            (V{"offtake[Harlow Mining|Kelso Metals]"}));
  EXPECT_EQ(deals("Kelso Metals signed an offtake with Harlow Mining. Investors can choose to deal "
                  "by phone with Ostley Brokers.\n"),
            (V{"offtake[Harlow Mining|Kelso Metals]"}));
  // After "to a", it is the noun.
  EXPECT_EQ(deals("Kelso Metals agreed to a deal with Harlow Mining on Monday.\n"),
            (V{"partnership[Harlow Mining|Kelso Metals]"}));
}

// A list item written as a description ("A, the local arm of Y's B, C and D") names B as
// one more member of the list, not A's owner; the same phrase before a verb still describes A.
TEST(ExtractCategories, ListItemsWrittenAsDescriptions) {
  auto won = deals("The Department of Energy has awarded four firms contracts to recycle "
                   "magnets. The firms that won the contracts are Harlow Magnetics, the "
                   "American arm of Japan's Osterley Denki, Pellman Alloys, and Suvora Mining.\n");
  std::sort(won.begin(), won.end());
  EXPECT_EQ(won, (V{"contract[Harlow Magnetics|U.S. Department of Energy]",
                    "contract[Osterley Denki|U.S. Department of Energy]",
                    "contract[Pellman Alloys|U.S. Department of Energy]",
                    "contract[Suvora Mining|U.S. Department of Energy]"}));
  auto lent = deals("Export Finance Australia approved loans for three refiners on Monday. The "
                    "refiners receiving the loans are Talbot Anodes Ltd, a local subsidiary of "
                    "Kestrel Carbon Corp., Orrin Graphite Corp. and Varley Anodes Ltd on "
                    "Tuesday.\n");
  std::sort(lent.begin(), lent.end());
  EXPECT_EQ(lent, (V{"loan[Export Finance Australia|Kestrel Carbon Corp.]",
                     "loan[Export Finance Australia|Orrin Graphite Corp.]",
                     "loan[Export Finance Australia|Talbot Anodes Ltd]",
                     "loan[Export Finance Australia|Varley Anodes Ltd]"}));
  // An item opened by "the" goes on with the list, before "and" or another name.
  EXPECT_EQ(deals("The European Union has signed strategic partnerships with other states, "
                  "including Canada, Chile, the Democratic Republic of Congo and Zambia.\n"),
            (V{"framework[Canada|European Union]", "framework[Chile|European Union]",
               "framework[Democratic Republic of the Congo|European Union]",
               "framework[European Union|Zambia]"}));
  EXPECT_EQ(deals("Harlow Lithium signed offtake agreements with Pellman Alloys, the Kestrel "
                  "Battery Company, and Suvora Mining.\n"),
            (V{"offtake[Harlow Lithium|Pellman Alloys]",
               "offtake[Harlow Lithium|Kestrel Battery Company]",
               "offtake[Harlow Lithium|Suvora Mining]"}));
  // An item opened by a country's possessive ("Australia's C") goes on with the list too, and
  // names a company the text gives no other evidence for.
  EXPECT_EQ(deals("Rowan Motors has also partnered with Kelso Copper in Chile, Tarbert in Norway, "
                  "Australia's Pellman Alloys and Suvora Mining in the U.S.\n"),
            (V{"partnership[Kelso Copper|Rowan Motors]", "partnership[Rowan Motors|Tarbert]",
               "partnership[Pellman Alloys|Rowan Motors]", "partnership[Rowan Motors|Suvora Mining]"}));
  EXPECT_EQ(deals("Ardent Metals signed supply agreements with Harlow Cells, Japan's Element 26 "
                  "and Suvora Mining.\n"),
            (V{"offtake[Ardent Metals|Harlow Cells]", "offtake[Ardent Metals|Element 26]",
               "offtake[Ardent Metals|Suvora Mining]"}));
  // A comma closing a phrase set before the clause is no list: two contracts stay two.
  EXPECT_EQ(deals("The Department of Energy awarded Kelso Metals a $35 million contract for a "
                  "refinery. In a separate contract awarded in May, the Department of Energy "
                  "committed $9 million to Kelso Metals.\n")
                .size(),
            2u);
  // A description followed by the verb is an apposition: the owner is no party.
  EXPECT_EQ(deals("Talbot Anodes Ltd, a unit of Kestrel Carbon Corp., signed an offtake with "
                  "Orrin Graphite Corp. and Varley Anodes Ltd on Tuesday.\n"),
            (V{"offtake[Orrin Graphite Corp.|Talbot Anodes Ltd|Varley Anodes Ltd]"}));
}

// A financing deal whose only named side is a company in a clause about another ("backing
// from A and B which includes offtake and financing agreements"): the lenders are named, the
// borrower is the company the sentence is about.
TEST(ExtractCategories, FinancingFromCompaniesGoesToTheSentencesCompany) {
  EXPECT_EQ(deals("Kelso Metals welcomed the commitments already received from Harlow Motors "
                  "and Pellman Cars which include both offtake and financing agreements.\n"),
            (V{"offtake[Harlow Motors|Kelso Metals]", "offtake[Kelso Metals|Pellman Cars]",
               "loan[Harlow Motors|Kelso Metals]", "loan[Kelso Metals|Pellman Cars]"}));
  EXPECT_EQ(deals("Tarbert Cobalt now has support from Ostley Trading, which has signed a "
                  "financing agreement and an offtake.\n"),
            (V{"loan[Ostley Trading|Tarbert Cobalt]", "offtake[Ostley Trading|Tarbert Cobalt]"}));
  // The company that is the sentence's subject borrows from no one named: no second side.
  EXPECT_EQ(deals("Kelso Metals secured a $50 million loan on Monday.\n"),
            (V{"loan[Kelso Metals]=50000000 USD"}));
}

// "the Department of Commerce", "the Ministry of Industry": a public body's name of its own,
// wherever it stands, and never a description of another body named before.
TEST(ExtractCategories, PublicBodyNamesAreNotDescriptions) {
  EXPECT_EQ(deals("The Department of Defense will invest $50 million in Kelso Metals. Kelso Metals "
                  "will also get subsidies worth $3 million from the Department of Commerce.\n"),
            (V{"investment[Kelso Metals|U.S. Department of Defense]=50000000 USD",
               "grant[Department of Commerce|Kelso Metals]=3000000 USD"}));
  EXPECT_EQ(deals("The Ministry of Energy lent $8 million to Kelso Metals. Tarbert Cobalt "
                  "received a $2 million grant from the Ministry of Industry.\n"),
            (V{"loan[Kelso Metals|Ministry of Energy]=8000000 USD",
               "grant[Ministry of Industry|Tarbert Cobalt]=2000000 USD"}));
  EXPECT_EQ(deals("Tarbert Cobalt signed a memorandum of understanding with the Ministry of Mines "
                  "on Tuesday.\n"),
            (V{"mou[Ministry of Mines|Tarbert Cobalt]"}));
}

// A heading in capitals gives the full name of the company the next sentence calls by its
// first word(s): the agreement names it in full, on a line of its own or cut off the sentence.
TEST(ExtractCategories, HeadingGivesTheFullNameOfAShortName) {
  EXPECT_EQ(deals("Funding round-up for the week.\n\nKELSO RARE METALS\n\nKelso won a $15 "
                  "million grant from the Department of Energy for its refinery.\n"),
            (V{"grant[Kelso Rare Metals|U.S. Department of Energy]=15000000 USD"}));
  EXPECT_EQ(deals("These are the miners that reported new financing: TARBERT COBALT MINING "
                  "Tarbert Cobalt received a loan of up to $40 million from Export Finance "
                  "Australia for its Dunvegan mine.\n"),
            (V{"loan[Export Finance Australia|Tarbert Cobalt Mining]=40000000 USD"}));
  // A heading that is no longer form of the name leaves the name alone.
  EXPECT_EQ(deals("MARKET NEWS\n\nKelso Metals won a $15 million grant from the Department of "
                  "Energy.\n"),
            (V{"grant[Kelso Metals|U.S. Department of Energy]=15000000 USD"}));
}

// "Its joint-venture partners A and B": the members of one joint venture, not a partnership
// of their own; "partner" as a verb is still a partnership.
TEST(ExtractCategories, JointVenturePartnersAreOneJointVenture) {
  EXPECT_EQ(deals("Hexham Copper Ltd reported higher output. Hexham's joint-venture partners - "
                  "Korea's Dalby Metals Corp. and Sowerby Mining Group, hold the other 70%.\n"),
            (V{"jv[Dalby Metals Corp.|Hexham Copper Ltd|Sowerby Mining Group]"}));
  EXPECT_EQ(deals("Rydal Nickel Inc. and its joint venture partner Ambleside Resources Ltd "
                  "operate the concentrator.\n"),
            (V{"jv[Ambleside Resources Ltd|Rydal Nickel Inc.]"}));
  EXPECT_EQ(deals("Rydal Nickel Inc. partners with Ambleside Resources Ltd on exploration.\n"),
            (V{"partnership[Ambleside Resources Ltd|Rydal Nickel Inc.]"}));
  // Partners of any other deal are each a deal of their own with the company the text is
  // about.
  EXPECT_EQ(deals("Kelso Lithium shares rose. Kelso Lithium named its offtake partners Harlow "
                  "Energy and Tarbert Cells on Monday.\n"),
            (V{"offtake[Harlow Energy|Kelso Lithium]", "offtake[Kelso Lithium|Tarbert Cells]"}));
  EXPECT_EQ(deals("Kelso Lithium shares rose. Its loan partners, Harlow Energy and Tarbert "
                  "Cells, will fund the first stage.\n"),
            (V{"loan[Harlow Energy|Kelso Lithium]", "loan[Kelso Lithium|Tarbert Cells]"}));
}

// "A and B have finalised the offtake": a definite deal that is the object of two subjects is
// their deal, not only a reference back; one named inside another phrase stays a reference.
TEST(ExtractCategories, DefiniteDealOfTwoSubjects) {
  EXPECT_EQ(deals("Ingram Tin and Jessop Smelting have finalised the offtake they announced in "
                  "March.\n"),
            (V{"offtake[Ingram Tin|Jessop Smelting]"}));
  const Agreement m = only("Kirby Lithium and Lowther Chemicals completed the merger on Friday.\n");
  EXPECT_EQ(m.type, AgreementType::merger);
  EXPECT_EQ(m.status, Status::completed);
  EXPECT_EQ(deals("Quarry Bank and Ostley Uranium signed a loan agreement to finance part of the "
                  "investments at the plant.\n"),
            (V{"loan[Ostley Uranium|Quarry Bank]"}));
}

TEST(ExtractCategories, SeveralInstrumentsInOneClause) {
  EXPECT_EQ(deals("Merrow Minerals formed a joint venture with Ketch Metals and signed a $20 million "
                  "loan agreement with Ketch Capital.\n"),
            (V{"jv[Ketch Metals|Merrow Minerals]", "loan[Ketch Capital|Merrow Minerals]=20000000 USD"}));
  EXPECT_EQ(deals("Sable Copper agreed an equity investment and an offtake with Kirin Smelting.\n"),
            (V{"investment[Kirin Smelting|Sable Copper]", "offtake[Kirin Smelting|Sable Copper]"}));
  EXPECT_EQ(deals("Element Tin has offtake and financing agreements with Rowan Motors.\n"),
            (V{"offtake[Element Tin|Rowan Motors]", "loan[Element Tin|Rowan Motors]"}));
}

// 8. Hedges scoped to the frame's own verb phrase.
// What a deal only means to look into ("to explore offtake options") does not type it.
TEST(ExtractCategories, ContentToExploreDoesNotTypeTheDeal) {
  EXPECT_EQ(deals("Kelso Metals signed a non-binding agreement with Harlow Motors to explore "
                  "offtake and recycling options.\n"),
            (V{"mou[Harlow Motors|Kelso Metals]"}));
  EXPECT_EQ(deals("Tarbert Cobalt and Pellman Alloys signed an agreement to evaluate the supply of "
                  "cobalt sulphate, the companies said.\n"),
            (V{"partnership[Pellman Alloys|Tarbert Cobalt]"}));
  EXPECT_EQ(deals("Tarbert Cobalt signed an agreement with Pellman Alloys to supply cobalt "
                  "sulphate.\n"),
            (V{"offtake[Pellman Alloys|Tarbert Cobalt]"}));
}

TEST(ExtractCategories, HedgesCountOnlyInTheirScope) {
  EXPECT_EQ(deals("In May, Raven Lithium signed an offtake with Carro Cells.\n"),
            (V{"offtake[Carro Cells|Raven Lithium]"}));
  EXPECT_EQ(deals("Raven Lithium said its offtake agreement with Carro Cells runs for five years.\n"),
            (V{"offtake[Carro Cells|Raven Lithium]"}));
  EXPECT_EQ(deals("Raven Lithium, which may expand its mine, signed an offtake with Carro Cells.\n"),
            (V{"offtake[Carro Cells|Raven Lithium]"}));
  EXPECT_EQ(deals("Raven Lithium is seeking to sign an offtake with a European buyer.\n"
                  "Raven Lithium has yet to receive the grant from the Department of Energy.\n"
                  "Raven Lithium is in talks with Verna Motors about an offtake agreement.\n"
                  "Raven Lithium may sign a loan with EXIM later this year.\n"),
            V{});
}

// 9. Hard-wrapped lines, and paragraphs that lost their final stop.
// A modal after the deal noun that speaks of the deal's size or length hedges its terms, not
// the deal; "said it would ..." reports a plan (proposed), not a hedge; other modals still hedge.
TEST(ExtractCategories, ModalsOfTermsAndReportedPlans) {
  EXPECT_EQ(deals("The supply deal between Marden Rare Earths and Nuneaton Magnets could be worth "
                  "as much as $90 million.\n"),
            (V{"offtake[Marden Rare Earths|Nuneaton Magnets]=90000000 USD"}));
  EXPECT_EQ(deals("An offtake agreement between Oxley Lithium and Penrith Cells may be extended by "
                  "five years.\n"),
            (V{"offtake[Oxley Lithium|Penrith Cells]"}));
  const Agreement jv = only("Wexford Metals said it would form a joint venture with Yarrow Mining "
                            "to build a refinery.\n");
  EXPECT_EQ(jv.type, AgreementType::jv);
  EXPECT_EQ(jv.status, Status::proposed);
  const Agreement stake = only("Corrib Nickel announced that it would take a $15 million stake in "
                               "Dalby Metals.\n");
  EXPECT_EQ(stake.type, AgreementType::investment);
  EXPECT_EQ(stake.status, Status::proposed);
  EXPECT_EQ(deals("A deal with Ivel Mining would see Jarrow Trading buy its concentrate.\n"
                  "Kelby Zinc could secure a $20 million investment from Lomas Capital.\n"),
            V{});
}

TEST(ExtractCategories, WrappedLinesAreOneSentence) {
  const std::string wrapped =
      "Tellis Cobalt Corp. said on Tuesday that it had signed a binding offtake\n"
      "agreement with Marrow Cells Inc. covering half of the cobalt sulphate its\n"
      "refinery will make, and that the agreement runs for seven years from the\n"
      "first delivery, which it expects late next year at the latest.\n";
  const auto a = only(wrapped);
  EXPECT_EQ(a.type, AgreementType::offtake);
  EXPECT_EQ(a.term, "P7Y");
  EXPECT_EQ(deals("Brock Nickel Ltd signed a loan agreement with Fenner Bank for $30 million to\n"
                  "build its refinery\n"),
            (V{"loan[Brock Nickel Ltd|Fenner Bank]=30000000 USD"}));
}

// 10. Government-to-government deals.
// A joint investment of governments only is their framework; with a company it stays one.
TEST(ExtractCategories, JointInvestmentOfGovernmentsIsAFramework) {
  EXPECT_EQ(deals("Chile and Peru signed an agreement that sets up a joint investment fund for "
                  "copper projects.\n"),
            (V{"framework[Chile|Peru]"}));
  EXPECT_EQ(deals("Canada and Norway have agreed a joint investment in battery research, the two "
                  "governments said.\n"),
            (V{"framework[Canada|Norway]"}));
  EXPECT_EQ(deals("Kelso Metals and Canada signed an investment agreement.\n"),
            (V{"investment[Canada|Kelso Metals]"}));
}

TEST(ExtractCategories, GovernmentsByDemonymCapitalAndName) {
  EXPECT_EQ(deals("The Korean and Australian governments signed a memorandum of understanding on "
                  "critical minerals.\n"),
            (V{"mou[Australia|South Korea]"}));
  EXPECT_EQ(deals("Canberra and Tokyo agreed a critical minerals partnership on Monday.\n"),
            (V{"framework[Australia|Japan]"}));
  EXPECT_EQ(deals("India and Australia signed a cooperation agreement on critical minerals.\n"),
            (V{"framework[Australia|India]"}));
  EXPECT_EQ(deals("The governments of Peru and Korea signed a pact on minerals.\n"),
            (V{"framework[Peru|South Korea]"}));
}

// 11. One deal mentioned twice is one agreement.
// Countries listed as a clause's subject, alone or beside a named body, act as governments;
// a list of countries before a common noun is an adjective.
TEST(ExtractCategories, CountriesListedAsSubjectsAreGovernments) {
  EXPECT_EQ(deals("Norway, Chile and Peru signed a framework on critical minerals.\n"),
            (V{"framework[Chile|Norway|Peru]"}));
  EXPECT_EQ(deals("On Monday Norway and Chile have signed a framework.\n"),
            (V{"framework[Chile|Norway]"}));
  EXPECT_EQ(deals("Rwanda and the European Union signed a memorandum of understanding on raw "
                  "materials.\n"),
            (V{"mou[European Union|Rwanda]"}));
  EXPECT_EQ(deals("Chile and Peru copper output rose in the quarter.\n"), V{});
}

// Governments, or the leaders standing for them, that agree to act together have a framework
// even with no deal noun; talk ("agreed to discuss") is none, nor are companies agreeing to
// act. A supply deal between governments is their cooperation too.
TEST(ExtractCategories, GovernmentsAgreeingToActHaveAFramework) {
  EXPECT_EQ(deals("Peru and Japan agreed to expand trade in lithium.\n"),
            (V{"framework[Japan|Peru]"}));
  EXPECT_EQ(deals("The Korean President and the Chilean Prime Minister agreed on Monday to secure "
                  "supplies of critical minerals.\n"),
            (V{"framework[Chile|South Korea]"}));
  EXPECT_EQ(deals("Ghana and Norway agreed to explore ways of sharing bauxite.\n"), V{});
  EXPECT_EQ(deals("Alder Nickel and Birch Cobalt agreed to expand trade in nickel.\n"), V{});
  EXPECT_EQ(deals("Brazil and Norway signed a supply agreement for nickel.\n"),
            (V{"framework[Brazil|Norway]"}));
}

// A government and its own agency on one side of a funding deal are one funder, the agency,
// whether the text names both as the source or the agency reports what the country did; a
// foreign agency or a second government keeps the country as a side.
TEST(ExtractCategories, AgencyStandsForItsGovernment) {
  EXPECT_EQ(deals("Harlow Lithium received a $50 million loan from the U.S. Department of Energy, "
                  "the United States said.\n"),
            (V{"loan[Harlow Lithium|U.S. Department of Energy]=50000000 USD"}));
  EXPECT_EQ(deals("The U.S. has awarded a $3 million grant to Corrin Graphite, the Energy "
                  "Department said on Friday.\n"),
            (V{"grant[Corrin Graphite|U.S. Department of Energy]=3000000 USD"}));
  EXPECT_EQ(deals("The U.S. has awarded a $3 million grant to Corrin Graphite, Japan's trade "
                  "ministry said.\n"),
            (V{"grant[Corrin Graphite|United States]=3000000 USD"}));
  EXPECT_EQ(deals("The United States and Japan signed a framework on critical minerals, the "
                  "Department of Energy said.\n"),
            (V{"framework[Japan|United States]"}));
}

// Money "from" a country comes from its government; goods from a country come from a place,
// and a country in "U.S.-based" describes the name after it.
TEST(ExtractCategories, MoneyFromACountryIsFromItsGovernment) {
  EXPECT_EQ(deals("Tarbat Graphite received a $5 million grant from Canada to build a pilot "
                  "plant.\n"),
            (V{"grant[Canada|Tarbat Graphite]=5000000 USD"}));
  EXPECT_EQ(deals("Tarbat Graphite secured a loan of $20 million from Norway.\n"),
            (V{"loan[Norway|Tarbat Graphite]=20000000 USD"}));
  EXPECT_EQ(deals("Tarbat Graphite received a $3 million investment from U.S.-based Kelso "
                  "Capital.\n"),
            (V{"investment[Kelso Capital|Tarbat Graphite]=3000000 USD"}));
}

// A time phrase between the countries and their verb leaves them the clause's subject; a bare
// preposition there is no time phrase.
TEST(ExtractCategories, CountriesActingOverATimePhrase) {
  EXPECT_EQ(deals("Metal prices rose.\nNorway and Peru on Thursday agreed to a partnership to "
                  "deepen their work on battery metals.\n"),
            (V{"framework[Norway|Peru]"}));
  EXPECT_EQ(deals("Ghana and Japan last month signed a memorandum of understanding on "
                  "manganese.\n"),
            (V{"mou[Ghana|Japan]"}));
  EXPECT_EQ(deals("Canada yesterday signed a cooperation agreement with Kenya.\n"),
            (V{"framework[Canada|Kenya]"}));
  EXPECT_EQ(deals("Zambia and Alder Nickel in 2024 signed a partnership on cobalt.\n"),
            (V{"partnership[Alder Nickel|Zambia]"}));
}

TEST(ExtractCategories, OneDealMentionedTwiceIsOne) {
  EXPECT_EQ(deals("Northgate Lithium Corp. (NGL) signed an offtake agreement with Pelham Motors.\n"
                  "NGL said the offtake with Pelham Motors covers 10,000 tonnes a year.\n"),
            (V{"offtake[Northgate Lithium Corp.|Pelham Motors]"}));
  EXPECT_EQ(deals("Elm Creek Resources, a unit of Harlan Metals, received a $50 million loan from "
                  "EXIM.\nHarlan Metals said the EXIM loan will fund its mill.\n"),
            (V{"loan[Export-Import Bank of the United States|Harlan Metals]=50000000 USD"}));
  EXPECT_EQ(deals("Wattle Graphite received a A$45 million (US$30 million) grant from the "
                  "Australian government.\n"),
            (V{"grant[Australia|Wattle Graphite]=45000000 AUD"}));
  EXPECT_EQ(deals("Oriel Copper signed a $200 million loan with Kenley Bank.\n"
                  "The loan will be drawn in two tranches, the first of $80 million in June.\n"),
            (V{"loan[Kenley Bank|Oriel Copper]=200000000 USD"}));
}

// 12. Fields: binding from the instrument, dates from the date line, a term in the next
// sentence, the instrument's amount rather than the package total, status in scope.
TEST(ExtractCategories, BindingFromTheKindOfInstrument) {
  EXPECT_EQ(only("Tamsin Copper executed a supply agreement with Orla Cable.\n").binding, true);
  EXPECT_EQ(only("Tamsin Copper and Brisk Metals established a joint venture last year.\n").binding,
            true);
  EXPECT_EQ(only("Fenby Uranium received a task order from the Department of Energy.\n").binding,
            true);
  EXPECT_EQ(only("Alford Capital signed a subscription agreement with Brede Lithium.\n").binding,
            true);
  EXPECT_EQ(only("Corran Lithium signed an MoU with Delph Batteries.\n").binding, false);
  EXPECT_EQ(only("Hawes Lithium signed an offtake agreement with Sedbergh Motors.\n").binding,
            std::nullopt);
}

TEST(ExtractCategories, WeekdaysAndTodayTakeTheDateLine) {
  // 6 March 2025 was a Thursday.
  EXPECT_EQ(only("March 6, 2025\n\nKalder Zinc said on Wednesday it signed an offtake agreement "
                 "with Osprey Smelting.\n")
                .signed_on.str(),
            "2025-03-05");
  EXPECT_EQ(only("Published 12 June 2024\n\nMarl Nickel today signed a loan agreement with Ashby "
                 "Bank for $5 million.\n")
                .signed_on.str(),
            "2024-06-12");
  // Without a date line, no date.
  EXPECT_TRUE(only("Kalder Zinc said on Wednesday it signed an offtake agreement with Osprey "
                   "Smelting.\n")
                  .signed_on.empty());
}

TEST(ExtractCategories, TermFromTheNextSentence) {
  EXPECT_EQ(only("Kalder Zinc signed an offtake agreement with Osprey Smelting.\n"
                 "The agreement runs for a term of seven years.\n")
                .term,
            "P7Y");
  EXPECT_EQ(only("Ravel Nickel signed a loan with Abbot Bank.\n"
                 "The loan has a tenor of 12 years.\n")
                .term,
            "P12Y");
}

// "bringing its total funding to $X", "raising the total to $X": a running total, not the
// amount of the deal the sentence states.
TEST(ExtractCategories, RunningTotalIsNoInstrumentAmount) {
  EXPECT_EQ(deals("Kelso Metals was awarded as much as $21.5 million more from the "
                  "Department of Defense, bringing its total funding to $48.2 million.\n"),
            (V{"grant[Kelso Metals|U.S. Department of Defense]=21500000 USD"}));
  EXPECT_EQ(deals("Export Finance Australia lent $20 million more to Kelso Metals, raising the "
                  "total to $65 million.\n"),
            (V{"loan[Export Finance Australia|Kelso Metals]=20000000 USD"}));
}

TEST(ExtractCategories, PackageTotalIsNoInstrumentAmount) {
  EXPECT_EQ(deals("The $1.2 billion financing package for Sorrento Lithium includes a $700 million "
                  "loan from EXIM and a $500 million grant from the Department of Energy.\n"),
            (V{"loan[Export-Import Bank of the United States|Sorrento Lithium]=700000000 USD",
               "grant[Sorrento Lithium|U.S. Department of Energy]=500000000 USD"}));
  EXPECT_EQ(deals("Hollin Graphite secured funding totalling $90 million: a $60 million loan from "
                  "Kirk Bank and a $30 million grant from the Department of Energy.\n"),
            (V{"loan[Hollin Graphite|Kirk Bank]=60000000 USD",
               "grant[Hollin Graphite|U.S. Department of Energy]=30000000 USD"}));
}

TEST(ExtractCategories, StatusCuesCountInScopeOnly) {
  EXPECT_EQ(only("Kelby Metals signed a $40 million loan with Westmere Bank to build the proposed "
                 "facility.\n")
                .status,
            Status::signed_);
  EXPECT_EQ(only("Wexford Lithium signed an offtake with Dunmore Cells for the planned plant.\n")
                .status,
            Status::signed_);
  EXPECT_EQ(only("The Department of Energy approved a $90 million loan to Wharfe Lithium.\n").status,
            Status::approved);
  EXPECT_EQ(only("Kenmare Zinc plans a merger with Lydd Metals.\n").status, Status::proposed);
}
