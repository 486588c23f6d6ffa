#include "cli.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
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
  app.add_option("--max-file-size", shared.max_file_size,
                 "Refuse plan files larger than this many bytes (default: 64 MiB)");

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
  Context ctx{shared,
              today,
              use_color(shared.color, terminal.out_is_tty),
              use_color(shared.color, terminal.err_is_tty),
              shared.width > 0      ? shared.width
              : terminal.out_is_tty ? terminal.columns
                                    : 0,
              out,
              err};
  return (*chosen)(ctx);
}

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    Terminal terminal;
    terminal.out_is_tty = ::isatty(STDOUT_FILENO) == 1;
    terminal.err_is_tty = ::isatty(STDERR_FILENO) == 1;
    terminal.columns = terminal_columns();
    return run_cli(args, std::cout, std::cerr, terminal);
  } catch (const std::exception& e) {
    std::cerr << "kep: error: " << e.what() << "\n";
    return k_exit_io;
  }
}

}  // namespace kep
