// The command line as a whole: exit codes, colour decisions, terminal width.
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <sstream>

#include "cli.h"

using namespace kep;

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run(std::vector<std::string> args, bool tty, std::size_t columns = 80) {
  std::ostringstream out, err;
  Terminal terminal;
  terminal.out_is_tty = tty;
  terminal.err_is_tty = tty;
  terminal.columns = columns;
  const int code = run_cli(args, out, err, terminal);
  return Run{code, out.str(), err.str()};
}

const std::vector<std::string> k_status = {
    "status", "--plan", KEP_SOURCE_DIR "/plan", "--today", "2026-11-27", "--phase", "A"};

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

// Sets or clears an environment variable for one test, and restores it after.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~EnvGuard() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

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
