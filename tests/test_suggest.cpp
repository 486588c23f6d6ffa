#include <doctest/doctest.h>

#include "suggest.h"

using namespace kep;

TEST_CASE("edit_distance counts typos, transpositions as one") {
  CHECK(edit_distance("in_progres", "in_progress") == 1);
  CHECK(edit_distance("titel", "title") == 1);
  CHECK(edit_distance("PLANNED", "planned") == 0);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("did_you_mean suggests only close names") {
  const std::vector<std::string> statuses = {"planned", "in_progress", "done", "deferred",
                                             "dropped"};
  CHECK(did_you_mean("in_progres", statuses) == " (did you mean 'in_progress'?)");
  CHECK(did_you_mean("dnoe", statuses) == " (did you mean 'done'?)");
  CHECK(did_you_mean("finished", statuses).empty());
  CHECK(did_you_mean("Z", {"A", "B", "C"}).empty());  // a whole word changed is no typo
  CHECK(did_you_mean("a", {"A", "B", "C"}) == " (did you mean 'A'?)");
  CHECK(did_you_mean("validate", {"validate"}).empty());  // itself is no suggestion
}
