#include "cli.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>

#include "date.h"
#include "diagnostic.h"
#include "embedded.h"
#include "load.h"
#include "suggest.h"
#include "validate.h"
#include "version.h"

namespace kep {
namespace {

// Options every command shares.
struct SharedOptions {
  std::string plan_dir = "plan";
  std::string today;  // YYYY-MM-DD; empty means the system date
  std::string color = "auto";
  std::size_t max_file_size = LoadOptions{}.max_file_size;
};

// A command's own options, filled by CLI11.
struct CommandOptions {
  bool strict = false;
  std::string format = "text";
  std::string schema_name = "plan";
};

// What a command runs with.
struct Context {
  const SharedOptions& shared;
  const CommandOptions& options;
  Date today;
  bool color_out = false;  // colour on stdout
  bool color_err = false;  // colour on stderr
  std::ostream& out;
  std::ostream& err;
};

// Prints findings and decides the exit code; shared by every command that loads a plan.
int report_findings(Context& ctx, const Plan& plan, Findings findings, bool strict,
                    const std::string& format) {
  sort_findings(plan.files, findings);
  std::size_t errors = 0, warnings = 0;
  bool io = false;
  for (const auto& f : findings) {
    (f.severity == Severity::error ? errors : warnings) += 1;
    io = io || (f.severity == Severity::error && is_io_rule(f.rule));
  }
  if (format == "json") {
    ctx.out << format_findings_json(plan.files, findings);
  } else if (format == "github") {
    for (const auto& f : findings) ctx.out << format_finding_github(plan.files, f);
  } else {
    for (const auto& f : findings)
      ctx.err << format_finding_text(plan.files, f, TextStyle{ctx.color_err});
  }
  if (io) return k_exit_io;
  if (errors > 0 || (strict && warnings > 0)) return k_exit_plan_errors;
  return k_exit_ok;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

int cmd_validate(Context& ctx) {
  auto loaded = load_plan(ctx.shared.plan_dir, LoadOptions{ctx.shared.max_file_size});
  Findings findings = std::move(loaded.findings);
  Findings rules = validate(loaded.plan, ValidateOptions{ctx.today});
  findings.insert(findings.end(), rules.begin(), rules.end());
  std::size_t errors = 0, warnings = 0;
  for (const auto& f : findings) (f.severity == Severity::error ? errors : warnings) += 1;
  const int code = report_findings(ctx, loaded.plan, std::move(findings), ctx.options.strict,
                                   ctx.options.format);
  if (ctx.options.format == "text") {
    const auto& plan = loaded.plan;
    ctx.err << fmt::format("{}: {} in {}; {}, {}{}\n", ctx.shared.plan_dir,
                           plural(plan.measure_count(), "measure", "measures"),
                           plural(plan.fields.size(), "field", "fields"),
                           plural(errors, "error", "errors"),
                           plural(warnings, "warning", "warnings"),
                           code == k_exit_ok                   ? ""
                           : ctx.options.strict && errors == 0 ? " (--strict: warnings fail)"
                                                               : "");
  }
  return code;
}

int cmd_schema(Context& ctx) {
  const auto schema = embedded_file("schema/" + ctx.options.schema_name + ".schema.json");
  if (!schema) {
    ctx.err << "kep: error: the schema is missing from this build\n";
    return k_exit_io;
  }
  ctx.out << *schema;
  return k_exit_ok;
}

struct Command {
  const char* name;
  const char* description;
  const char* examples;
  std::function<void(CLI::App&, CommandOptions&)> add_options;
  std::function<int(Context&)> run;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> k_commands = {
      {"validate", "Check the plan and report every finding with its place",
       "Examples:\n"
       "  kep validate                     check ./plan\n"
       "  kep validate --plan other/plan   check another plan\n"
       "  kep validate --strict            fail on warnings too\n"
       "  kep validate --format github     annotations for GitHub Actions\n"
       "  kep validate --format json       findings as JSON, for other tools\n",
       [](CLI::App& app, CommandOptions& o) {
         app.add_flag("--strict", o.strict, "Warnings fail too (exit code 1)");
         app.add_option("--format", o.format, "Output: text (default), json or github")
             ->check(CLI::IsMember({"text", "json", "github"}));
       },
       cmd_validate},
      {"schema", "Print the JSON Schema of plan.yaml or of a field file",
       "Examples:\n"
       "  kep schema plan  > plan.schema.json\n"
       "  kep schema field > field.schema.json\n",
       [](CLI::App& app, CommandOptions& o) {
         app.add_option("which", o.schema_name, "plan (default) or field")
             ->check(CLI::IsMember({"plan", "field"}));
       },
       cmd_schema},
  };
  return k_commands;
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
  app.add_option("--max-file-size", shared.max_file_size,
                 "Refuse plan files larger than this many bytes (default: 64 MiB)");

  CommandOptions options;
  std::vector<std::pair<CLI::App*, const Command*>> subcommands;
  std::vector<std::string> names;
  for (const auto& command : commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    sub->footer(command.examples);
    command.add_options(*sub, options);
    subcommands.emplace_back(sub, &command);
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

  const Command* chosen = nullptr;
  for (const auto& [sub, command] : subcommands)
    if (sub->parsed()) chosen = command;
  if (!chosen) {
    err << app.help();
    return k_exit_usage;
  }

  Date today = system_today();
  if (!shared.today.empty()) {
    const auto parsed = parse_date(shared.today);
    if (!parsed) {
      err << fmt::format(
          "kep: error: --today '{}' is not a date; write YYYY-MM-DD, e.g. 2025-06-01\n",
          shared.today);
      return k_exit_usage;
    }
    today = *parsed;
  }
  Context ctx{shared,
              options,
              today,
              use_color(shared.color, terminal.out_is_tty),
              use_color(shared.color, terminal.err_is_tty),
              out,
              err};
  return chosen->run(ctx);
}

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return run_cli(args, std::cout, std::cerr,
                   Terminal{::isatty(STDOUT_FILENO) == 1, ::isatty(STDERR_FILENO) == 1});
  } catch (const std::exception& e) {
    std::cerr << "kep: error: " << e.what() << "\n";
    return k_exit_io;
  }
}

}  // namespace kep
