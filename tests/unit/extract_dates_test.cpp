// "signed on Tuesday" in an article dated D: the Tuesday on or before D, across month, year and
// leap-day boundaries (std::chrono does the calendar).

#include <gtest/gtest.h>

#include "extract/fields.hpp"

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

}  // namespace
}  // namespace mtrack::extract::detail
