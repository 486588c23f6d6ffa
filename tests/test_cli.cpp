// The command line as a whole: exit codes, colour decisions, terminal width.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "test_support.h"

using namespace kep;
using test_support::EnvGuard;
using test_support::Run;

namespace {

// kep in process, on a terminal of `columns` characters or piped.
Run run(const std::vector<std::string>& args, bool tty, std::size_t columns = 80) {
  return test_support::run_kep(args, Terminal{tty, tty, columns});
}

const std::vector<std::string> k_status = {
    "status", "--plan", KEP_SOURCE_DIR "/plan", "--today", "2026-11-27", "--phase", "A"};

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

}  // namespace

TEST_CASE("colour only on a terminal, NO_COLOR and FORCE_COLOR honoured, --color wins") {
  EnvGuard no_color("NO_COLOR", nullptr);
  EnvGuard force("FORCE_COLOR", nullptr);
  const auto piped = run(k_status, false);
  CHECK(piped.code == 0);
  CHECK_FALSE(has_escape(piped.out));
  CHECK(has_escape(run(k_status, true).out));
  {
    EnvGuard set("NO_COLOR", "1");
    CHECK_FALSE(has_escape(run(k_status, true).out));
    auto always = k_status;
    always.insert(always.end(), {"--color", "always"});
    CHECK(has_escape(run(always, false).out));
  }
  {
    EnvGuard set("FORCE_COLOR", "1");
    CHECK(has_escape(run(k_status, false).out));
    auto never = k_status;
    never.insert(never.end(), {"--color", "never"});
    CHECK_FALSE(has_escape(run(never, true).out));
  }
  {
    EnvGuard set("FORCE_COLOR", "0");
    CHECK_FALSE(has_escape(run(k_status, false).out));
  }
}

TEST_CASE("piped output is never cut; a terminal's is cut to its width") {
  EnvGuard no_color("NO_COLOR", "1");
  const auto piped = run(k_status, false, 40);
  CHECK(piped.out.find("Ausweitung der Öffnungszeiten in Bibliothek, Stadtmuseum und Römerpark "
                       "sowie Entwicklung entsprechender Personaleinsatzmodelle") !=
        std::string::npos);
  const auto tty = run(k_status, true, 80);
  std::istringstream lines(tty.out);
  for (std::string line; std::getline(lines, line);) {
    std::size_t chars = 0;
    for (const char c : line) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    CHECK_MESSAGE(chars <= 80, line);
  }
}

TEST_CASE("exit codes: help and version 0, usage errors 2") {
  CHECK(run({"--help"}, false).code == 0);
  const auto version = run({"--version"}, false);
  CHECK(version.code == 0);
  CHECK(version.out.rfind("kep 0.1.0 (commit ", 0) == 0);
  CHECK(run({}, false).code == 2);
  CHECK(run({"stauts"}, false).err ==
        "kep: error: unknown command 'stauts' (did you mean 'status'?)\n"
        "Run 'kep --help' for the commands.\n");
  CHECK(run({"status", "--phase"}, false).code == 2);
  CHECK(run({"status", "--color", "sometimes"}, false).code == 2);
  CHECK(run({"status", "--today", "2025-02-29"}, false).code == 2);
  CHECK(run({"validate", "--plan", "/nonexistent"}, false).code == 3);
}

// describe_filter (command.cpp) words every filter for two callers: kep status's headline names
// statuses by id and separates with " · ", a report's title and filter.description by label with
// ", ".
TEST_CASE("the filter in words: kep status's headline and the report's description") {
  const std::vector<std::string> filter = {
      "--plan",      KEP_SOURCE_DIR "/tests/fixtures/query/plan",
      "--today",     "2026-11-27",
      "--phase",     "A",
      "--field",     "2",
      "--status",    "deferred,in_progress",
      "--lead",      "Kulturreferat",
      "--theme",     "teilhabe",
      "--tag",       "festival",
      "--grep",      "Kultur",
      "--immediate", "--overdue"};
  auto status = filter;
  status.insert(status.begin(), {"status", "--color", "never"});
  const auto headline = run(status, false);
  CHECK(headline.code == 0);
  CHECK(headline.out.find("\nStand 27.11.2026 · Auswahl: Phase A · Handlungsfeld 2 · Status "
                          "deferred, in_progress · Federführung Kulturreferat · Leitthema "
                          "teilhabe · Schlagwörter festival · Suche Kultur · Sofortmaßnahmen · "
                          "überfällig\n") != std::string::npos);
  auto report = filter;
  report.insert(report.begin(), {"report", "--no-commit", "--format", "json"});
  const auto data = run(report, false);
  CHECK(data.code == 0);
  CHECK(data.out.find("\"description\": \"Phase A, Handlungsfeld 2, Status zurückgestellt, in "
                      "Umsetzung, Federführung Kulturreferat, Leitthema teilhabe, Schlagwörter "
                      "festival, Suche Kultur, Sofortmaßnahmen, überfällig\"") !=
        std::string::npos);
}
