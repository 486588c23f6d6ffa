// kep validate: every finding of the plan, then a summary line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "diagnostic.h"
#include "validate.h"

namespace kep {
namespace {

struct CheckOptions {
  bool strict = false;
  std::string format = "text";
};

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

int run_validate(Context& ctx, const CheckOptions& options) {
  auto loaded = load_plan(ctx.shared.plan_dir, LoadOptions{ctx.shared.max_file_size});
  Findings findings = std::move(loaded.findings);
  Findings rules = validate(loaded.plan, ValidateOptions{ctx.today});
  findings.insert(findings.end(), rules.begin(), rules.end());
  // Counted before sort_findings caps them per file: the summary counts every finding, also
  // those too-many-findings stands for.
  std::size_t errors = 0, warnings = 0;
  bool io = false;
  for (const auto& f : findings) {
    (f.severity == Severity::error ? errors : warnings) += 1;
    io = io || (f.severity == Severity::error && is_io_rule(f.rule));
  }
  sort_findings(loaded.plan.files, findings);
  const auto& files = loaded.plan.files;
  if (options.format == "json") {
    ctx.out << format_findings_json(files, findings);
  } else if (options.format == "github") {
    for (const auto& f : findings) ctx.out << format_finding_github(files, f);
  } else {
    for (const auto& f : findings)
      ctx.err << format_finding_text(files, f, TextStyle{ctx.color_err});
  }
  int code = k_exit_ok;
  if (io) {
    code = k_exit_io;
  } else if (errors > 0 || (options.strict && warnings > 0)) {
    code = k_exit_plan_errors;
  }
  if (options.format == "text") {
    const auto& plan = loaded.plan;
    ctx.err << fmt::format(
        "{}: {} in {}; {}, {}{}\n", ctx.shared.plan_dir,
        plural(plan.measure_count(), "measure", "measures"),
        plural(plan.fields.size(), "field", "fields"), plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        code == k_exit_plan_errors && errors == 0 ? " (--strict: warnings fail)" : "");
  }
  return code;
}

}  // namespace

Command validate_command() {
  return Command{"validate", "Check the plan and report every finding with its place",
                 "Examples:\n"
                 "  kep validate                     check ./plan\n"
                 "  kep validate --plan other/plan   check another plan\n"
                 "  kep validate --strict            fail on warnings too\n"
                 "  kep validate --format github     annotations for GitHub Actions\n"
                 "  kep validate --format json       findings as JSON, for other tools\n",
                 [](CLI::App& app) -> Runner {
                   auto options = std::make_shared<CheckOptions>();
                   app.add_flag("--strict", options->strict, "Warnings fail too (exit code 1)");
                   app.add_option("--format", options->format,
                                  "Output: text (default), json or github")
                       ->check(CLI::IsMember({"text", "json", "github"}));
                   return [options](Context& ctx) { return run_validate(ctx, *options); };
                 }};
}

}  // namespace kep
