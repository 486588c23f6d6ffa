#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "text.h"

using namespace kep;

TEST_CASE("find_invalid_utf8 finds the first bad byte, NUL bytes and overlong forms") {
  CHECK_FALSE(find_invalid_utf8("Römerpark – Lichtkunst").has_value());
  CHECK(find_invalid_utf8("ab\xff").value() == 2);
  CHECK(find_invalid_utf8(std::string_view("a\0b", 3)).value() == 1);
  CHECK(find_invalid_utf8("\xc0\xaf").value() == 0);      // overlong '/'
  CHECK(find_invalid_utf8("\xed\xa0\x80").value() == 0);  // a surrogate
  CHECK(find_invalid_utf8("x\xc3").value() == 1);         // cut short at the end
}

TEST_CASE("utf8_length counts characters, not bytes") {
  CHECK(utf8_length("Römer") == 5);
  CHECK(utf8_length("2024–2025") == 9);
  CHECK(utf8_offset("Römer", 2) == 3);
  CHECK(utf8_offset("Römer", 9) == 6);
}

TEST_CASE("fold_case lowers umlauts too") {
  CHECK(fold_case("RÖMERPARK Über") == "römerpark über");
  CHECK(fold_case("ÄÖÜß") == "äöüß");
}

TEST_CASE("line_of returns one line without its break") {
  CHECK(line_of("a\nbc\r\nd", 2) == "bc");
  CHECK(line_of("a\nb", 3).empty());
}
