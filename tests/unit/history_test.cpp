// The dated history of an agreement: appending events, the state they leave, the record as
// it stood on a past date, and the last activity that `check --stale` measures.

#include "mtrack/domain/history.hpp"

#include <gtest/gtest.h>

#include "mtrack/domain/parse.hpp"

namespace mtrack {
namespace {

PartialDate day(std::string_view s) {
  auto d = parse_partial_date(s);
  EXPECT_TRUE(d.ok()) << s;
  return d.ok() ? d.value() : PartialDate{};
}

Money usd(std::int64_t major) { return Money{major * Money::k_scale, "USD", false, ""}; }

Event event(std::string_view date, std::optional<Status> status, std::string note,
            std::optional<Money> value = std::nullopt) {
  Event e;
  e.date = day(date);
  e.status = status;
  e.note = std::move(note);
  e.value = value;
  return e;
}

// A letter of interest for US$50m, announced in May 2023, with no history yet.
Agreement loi() {
  Agreement a;
  a.key = "doe-acme-loan";
  a.type = AgreementType::loan;
  a.status = Status::proposed;
  a.value = usd(50'000'000);
  a.announced = day("2023-05");
  return a;
}

TEST(History, KnownByCountsAPartialDateOnlyOnceItsWholeSpanHasPassed) {
  EXPECT_TRUE(known_by(day("2024-10"), day("2024-10-31")));
  EXPECT_FALSE(known_by(day("2024-10"), day("2024-10-30")));
  EXPECT_TRUE(known_by(day("2024-10"), day("2024-10")));
  EXPECT_TRUE(known_by(day("2024-10-15"), day("2024-10")));
  EXPECT_FALSE(known_by(day("2024"), day("2024-12-30")));
  EXPECT_TRUE(known_by(day("2024"), day("2024")));
  EXPECT_FALSE(known_by(PartialDate{}, day("2030")));
}

TEST(History, FirstEventKeepsTheEarlierStateAsOpeningEvent) {
  Agreement a = loi();
  append_event(a, event("2024-02", Status::approved, "conditional commitment", usd(1'200'000'000)));
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events[0].date, day("2023-05"));
  EXPECT_EQ(a.events[0].status, Status::proposed);
  EXPECT_EQ(a.events[0].value, usd(50'000'000));
  EXPECT_EQ(a.events[0].note, "announced");
  EXPECT_EQ(a.status, Status::approved);
  EXPECT_EQ(a.value, usd(1'200'000'000));
  // The second event adds no opening event; a note-only event changes no field.
  append_event(a, event("2024-06", std::nullopt, "board reshuffle"));
  EXPECT_EQ(a.events.size(), 3u);
  EXPECT_EQ(a.status, Status::approved);
  EXPECT_EQ(a.value, usd(1'200'000'000));
}

TEST(History, EventsStayInDateOrderAndTheLatestWins) {
  Agreement a = loi();
  append_event(a, event("2024-10", Status::completed, "financial close"));
  append_event(a, event("2024-02", Status::approved, "conditional commitment", usd(900)));
  ASSERT_EQ(a.events.size(), 3u);
  EXPECT_EQ(a.events[1].note, "conditional commitment");
  EXPECT_EQ(a.events[2].note, "financial close");
  EXPECT_EQ(a.status, Status::completed);
  EXPECT_EQ(a.value, usd(900));
  // Same date: after the events already there.
  append_event(a, event("2024-10", Status::terminated, "cancelled the same month"));
  EXPECT_EQ(a.events.back().note, "cancelled the same month");
  EXPECT_EQ(a.status, Status::terminated);
}

TEST(History, SignedEventSetsTheSigningDateAndAnUndatedRecordTakesTheFirstDate) {
  Agreement a;
  a.type = AgreementType::mou;
  append_event(a, event("2025-03-04", Status::signed_, "signed in Canberra"));
  EXPECT_EQ(a.events.size(), 1u);  // nothing to keep from before
  EXPECT_EQ(a.signed_on, day("2025-03-04"));
  EXPECT_EQ(a.announced, day("2025-03-04"));
  EXPECT_EQ(a.status, Status::signed_);
}

TEST(History, AsOfAnswersFromTheEventsKnownByThen) {
  Agreement a = loi();
  append_event(a, event("2024-02", Status::approved, "conditional commitment", usd(1'200'000'000)));
  append_event(a, event("2024-10", Status::completed, "financial close"));

  EXPECT_FALSE(as_of(a, day("2023-04-30")).has_value());
  auto before = as_of(a, day("2023-12-31"));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, Status::proposed);
  EXPECT_EQ(before->value, usd(50'000'000));
  EXPECT_EQ(before->events.size(), 1u);

  auto mid = as_of(a, day("2024-10-15"));  // the close is dated only to the month
  ASSERT_TRUE(mid);
  EXPECT_EQ(mid->status, Status::approved);
  EXPECT_EQ(mid->value, usd(1'200'000'000));
  EXPECT_EQ(mid->events.size(), 2u);

  auto after = as_of(a, day("2024-12-31"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, Status::completed);
  EXPECT_EQ(after->events, a.events);
  EXPECT_EQ(*after, a);  // everything known: the record as it is
}

TEST(History, AsOfLeavesOutDatesNotReachedAndKeepsFieldsNoEventStates) {
  Agreement a;
  a.type = AgreementType::offtake;
  a.status = Status::signed_;
  a.value = usd(7);
  a.announced = day("2024-01");
  a.signed_on = day("2024-09-01");
  auto s = as_of(a, day("2024-06-30"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->announced, day("2024-01"));
  EXPECT_TRUE(s->signed_on.empty());
  EXPECT_EQ(s->value, usd(7));
  EXPECT_EQ(s->status, Status::signed_);  // no event states a status
  // An undated record is known once a source about it is published.
  Agreement undated;
  undated.type = AgreementType::mou;
  EXPECT_FALSE(as_of(undated, day("2030")).has_value());
  undated.sources.push_back(Source{"article", "", "", day("2025-02-03"), ""});
  EXPECT_FALSE(as_of(undated, day("2025-02-02")).has_value());
  EXPECT_TRUE(as_of(undated, day("2025-02-03")).has_value());
}

TEST(History, LastActivityIsTheLatestDateByItsLastDay) {
  Agreement a = loi();
  EXPECT_EQ(last_activity(a), day("2023-05"));
  a.events.push_back(event("2024", std::nullopt, "talks"));
  a.events.push_back(event("2024-11-02", std::nullopt, "site visit"));
  EXPECT_EQ(last_activity(a), day("2024"));  // 2024 may mean as late as 31 December
  EXPECT_TRUE(last_activity(Agreement{}).empty());
}

TEST(DateBefore, SubtractsTermsExactly) {
  EXPECT_EQ(date_before(day("2025-06-30"), "730d"), day("2023-07-01"));
  EXPECT_EQ(date_before(day("2024-12-31"), "P730D"), day("2023-01-01"));
  EXPECT_EQ(date_before(day("2024-03-31"), "1 month"), day("2024-02-29"));
  EXPECT_EQ(date_before(day("2024-02-29"), "2y"), day("2022-02-28"));
  EXPECT_EQ(date_before(day("2024-01-15"), "P1Y2M"), day("2022-11-15"));
  EXPECT_EQ(date_before(day("2024-10"), "P1D"), day("2024-10-30"));  // from the last day
  EXPECT_FALSE(date_before(day("2024-10-01"), "forever").has_value());
}

}  // namespace
}  // namespace mtrack
