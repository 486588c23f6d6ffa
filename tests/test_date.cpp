#include <doctest/doctest.h>

#include "date.h"

using namespace kep;

TEST_CASE("parse_date accepts exactly YYYY-MM-DD of a real day") {
  CHECK(parse_date("2024-02-29") == Date{2024, 2, 29});
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("2024-02-30"));
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK(parse_date("2000-02-29"));
  CHECK_FALSE(parse_date("2024-1-1"));
  CHECK_FALSE(parse_date("2024-13-01"));
  CHECK_FALSE(parse_date("2024-00-10"));
  CHECK_FALSE(parse_date("24-01-01"));
  CHECK_FALSE(parse_date("2024-01-01 "));
  CHECK_FALSE(parse_date("2024/01/01"));
}

TEST_CASE("dates format back and count days") {
  CHECK(format_date(Date{2025, 12, 31}) == "2025-12-31");
  CHECK(days_since_epoch(Date{1970, 1, 1}) == 0);
  CHECK(days_since_epoch(Date{2026, 11, 27}) - days_since_epoch(Date{2025, 12, 31}) == 331);
  CHECK(Date{2025, 12, 31} < Date{2026, 1, 1});
}
