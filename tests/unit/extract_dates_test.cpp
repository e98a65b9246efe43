// "signed on Tuesday" in an article dated D: the Tuesday on or before D, across month, year and
// leap-day boundaries (std::chrono does the calendar).

#include <gtest/gtest.h>

#include "extract/fields.hpp"
#include "mtrack/extract/extract.hpp"

namespace mtrack::extract::detail {
namespace {

std::string before(int y, int m, int d, int weekday) {
  return weekday_before(PartialDate{y, m, d}, weekday).str();
}

TEST(ExtractDates, WeekdayOnOrBeforePublication) {
  // 2026-12-06 is a Sunday.
  EXPECT_EQ(before(2026, 12, 6, 6), "2026-12-06");
  EXPECT_EQ(before(2026, 12, 6, 0), "2026-11-30");
  EXPECT_EQ(before(2026, 12, 6, 5), "2026-12-05");
  // 2025-01-01 is a Wednesday: the Monday before is in the previous year.
  EXPECT_EQ(before(2025, 1, 1, 0), "2024-12-30");
  // 2024-03-01 is a Friday: the Thursday before is the leap day.
  EXPECT_EQ(before(2024, 3, 1, 3), "2024-02-29");
  EXPECT_EQ(before(2023, 3, 1, 1), "2023-02-28");
}

// A day that no calendar has is not read as a day (what is left is the month); 29 February only
// in a leap year.
TEST(ExtractDates, OnlyCalendarDaysAreDates) {
  const auto first = [](std::string_view s) {
    const auto found = find_dates(s, DateOrder::day_first);
    return found.empty() ? std::string() : found.front().date.str();
  };
  EXPECT_EQ(first("signed on 29 February 2024 in Perth"), "2024-02-29");
  EXPECT_EQ(first("signed on 29 February 2023 in Perth"), "2023-02");
  EXPECT_EQ(first("the accord of 31 April 2025"), "2025-04");
  EXPECT_EQ(first("the accord of 30 April 2025"), "2025-04-30");
  EXPECT_EQ(first("dated 2025-13-01"), "");
}

}  // namespace
}  // namespace mtrack::extract::detail
