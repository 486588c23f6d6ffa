#include "cli.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>

#include "command.h"
#include "date.h"
#include "suggest.h"
#include "version.h"

namespace kep {
namespace {

const std::vector<Command>& commands() {
  static const std::vector<Command> k_commands = {
      validate_command(), status_command(),     list_command(), show_command(),
      report_command(),   history_command(),    diff_command(), schema_command(),
      init_command(),     completion_command(), set_command()};
  return k_commands;
}

// COLUMNS when set, else the width of the terminal on stdout, else 80.
std::size_t terminal_columns() {
  if (const char* env = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return static_cast<std::size_t>(n);
  }
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

bool use_color(const std::string& option, bool tty) {
  if (option == "always") return true;
  if (option == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* force = std::getenv("FORCE_COLOR");
  if (force && *force && std::string_view(force) != "0") return true;
  return tty;
}

// Standard output, written with write(2) and remembering why the first write failed: an
// ostream only knows that it failed, and `kep status > /dev/full` must not end as if all was
// written. Once a write has failed, the rest is dropped (the stream is bad).
class StdoutBuffer : public std::streambuf {
 public:
  StdoutBuffer() { reset(); }
  StdoutBuffer(const StdoutBuffer&) = delete;
  StdoutBuffer& operator=(const StdoutBuffer&) = delete;

  // The errno of the first failed write, or 0.
  int error() const { return m_error; }

 protected:
  int_type overflow(int_type c) override {
    if (!write_out()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  int sync() override { return write_out() ? 0 : -1; }

 private:
  void reset() { setp(m_buffer.data(), m_buffer.data() + m_buffer.size()); }

  bool write_out() {
    const char* from = pbase();
    const char* const to = pptr();
    reset();
    if (m_error != 0) return false;
    while (from < to) {
      const auto n = ::write(STDOUT_FILENO, from, static_cast<std::size_t>(to - from));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        m_error = n < 0 ? errno : EIO;
        return false;
      }
      from += n;
    }
    return true;
  }

  std::array<char, 1 << 16> m_buffer{};
  int m_error = 0;
};

const char* const k_footer =
    "Examples:\n"
    "  kep status --phase A          phase A at a glance\n"
    "  kep list --overdue            the overdue measures, one per line\n"
    "  kep show 4.8                  everything about measure 4.8\n"
    "  kep validate                  check the plan, every finding with its place\n\n"
    "Exit codes: 0 ok, 1 the plan has errors, 2 usage error, 3 cannot read or write.\n"
    "Run 'kep COMMAND --help' for a command's options and examples.\n"
    "Docs: docs/plan-format.md, docs/rules.md, docs/cli.md";

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const Terminal& terminal) {
  CLI::App app("kep keeps a municipal development plan as YAML files and checks it", "kep");
  app.footer(k_footer);
  app.require_subcommand(0, 1);
  app.fallthrough();
  app.set_version_flag("--version", fmt::format("kep {} (commit {})", k_version, k_commit));
  SharedOptions shared;
  app.add_option("--plan", shared.plan_dir, "The plan folder (default: plan)");
  app.add_option("--today", shared.today, "The date to judge by, YYYY-MM-DD (default: today)")
      ->envname("KEP_TODAY");
  app.add_option("--color", shared.color, "Colour: auto (default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--as-of", shared.as_of,
                 "The plan as it was on a date (YYYY-MM-DD) or at a git revision");
  app.add_option("--lang", shared.lang, "Language of labels: de or en (default: the plan's)")
      ->check(CLI::IsMember({"de", "en"}));
  app.add_option("--width", shared.width,
                 "Columns of text output (default: the terminal's; unlimited when piped)");
  std::string max_file_size;  // checked below, like --today, so that its message names both
  app.add_option("--max-file-size", max_file_size,
                 "Refuse plan files larger than this many bytes (default: 64 MiB)")
      ->envname("KEP_MAX_FILE_SIZE")
      ->type_name("BYTES");

  std::vector<std::pair<CLI::App*, Runner>> subcommands;
  std::vector<std::string> names;
  for (const auto& command : commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    sub->footer(command.examples);
    subcommands.emplace_back(sub, command.setup(*sub));
    names.emplace_back(command.name);
  }

  // An unknown command gets a "did you mean" rather than CLI11's generic message.
  if (!args.empty() && !args.front().empty() && args.front()[0] != '-' &&
      std::find(names.begin(), names.end(), args.front()) == names.end()) {
    err << fmt::format("kep: error: unknown command '{}'{}\nRun 'kep --help' for the commands.\n",
                       args.front(), did_you_mean(args.front(), names));
    return k_exit_usage;
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      app.exit(e, out, err);
      return k_exit_ok;
    }
    err << fmt::format("kep: error: {}\nRun 'kep --help' or 'kep COMMAND --help' for usage.\n",
                       e.what());
    return k_exit_usage;
  }

  const Runner* chosen = nullptr;
  for (const auto& [sub, runner] : subcommands)
    if (sub->parsed()) chosen = &runner;
  if (!chosen) {
    err << app.help();
    return k_exit_usage;
  }

  Date today = system_today();
  if (!shared.today.empty()) {
    const auto parsed = parse_date(shared.today);
    if (!parsed) {
      err << fmt::format(
          "kep: error: --today (or KEP_TODAY) '{}' is not a date; write YYYY-MM-DD, e.g. "
          "2025-06-01\n",
          shared.today);
      return k_exit_usage;
    }
    today = *parsed;
  }
  if (!max_file_size.empty()) {
    const char* const end = max_file_size.data() + max_file_size.size();
    const auto [at, error] = std::from_chars(max_file_size.data(), end, shared.max_file_size);
    if (error != std::errc() || at != end) {
      err << fmt::format(
          "kep: error: --max-file-size (or KEP_MAX_FILE_SIZE) '{}' is not a number of bytes; "
          "write a whole number, e.g. 134217728 for 128 MiB\n",
          max_file_size);
      return k_exit_usage;
    }
  }
  Context ctx{shared,
              today,
              use_color(shared.color, terminal.out_is_tty),
              use_color(shared.color, terminal.err_is_tty),
              shared.width > 0      ? shared.width
              : terminal.out_is_tty ? terminal.columns
                                    : 0,
              out,
              err,
              terminal.process_ends};
  return (*chosen)(ctx);
}

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  StdoutBuffer buffer;
  std::ostream out(&buffer);
  std::ostream* const old_tie = std::cerr.tie(&out);  // stdout's text before stderr's, in order
  int code = k_exit_io;
  try {
    Terminal terminal;
    terminal.out_is_tty = ::isatty(STDOUT_FILENO) == 1;
    terminal.err_is_tty = ::isatty(STDERR_FILENO) == 1;
    terminal.columns = terminal_columns();
    terminal.process_ends = true;
    if (terminal.out_is_tty) out << std::unitbuf;  // a terminal shows each piece at once
    code = run_cli(args, out, std::cerr, terminal);
  } catch (const std::exception& e) {
    std::cerr << "kep: error: " << e.what() << "\n";
    code = k_exit_io;
  }
  out.flush();
  std::cerr.tie(old_tie);
  if (buffer.error() != 0) {
    std::cerr << "kep: error: cannot write to standard output: " << std::strerror(buffer.error())
              << "\n";
    return k_exit_io;
  }
  return code;
}

}  // namespace kep
