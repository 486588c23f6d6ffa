#pragma once
// What every command shares: the context it runs in, the command table entry, loading the plan
// for a query, the filter options and their description. Used by cli.cpp, the cmd_*.cpp files and
// report_data.cpp.

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "date.h"
#include "load.h"
#include "query.h"

namespace CLI {
class App;
}

namespace kep {

// Options every command shares (docs/cli.md).
struct SharedOptions {
  std::string plan_dir = "plan";
  std::string today;  // YYYY-MM-DD; empty means the system date
  std::string color = "auto";
  std::string lang;       // de or en; empty means the plan's language
  std::string as_of;      // DATE or REV: the plan as it was then (from git); empty: now
  std::size_t width = 0;  // 0: the terminal's width, unlimited when not a terminal
  std::size_t max_file_size = LoadOptions{}.max_file_size;
};

// What a command runs with.
struct Context {
  const SharedOptions& shared;
  Date today;
  bool color_out = false;  // colour on stdout
  bool color_err = false;  // colour on stderr
  std::size_t width = 0;   // columns of output; 0 means no limit (piped output is never cut)
  std::ostream& out;
  std::ostream& err;
  bool process_ends = false;  // the process exits when the command returns (main, not tests)
};

// Values a command is done with, when the process ends right after it: left for the operating
// system to take back with the process, as compilers leave their trees, instead of freed piece
// by piece (half a second for a report of 50,000 measures; docs/performance.md). Freed as usual
// in tests, which run commands in a process that goes on, and under AddressSanitizer, which
// would report them as leaks.
template <typename... Values>
void release_at_exit(const Context& ctx, Values&... values) {
#if defined(__SANITIZE_ADDRESS__)
  static_cast<void>(ctx);
  (static_cast<void>(values), ...);
#else
  if (ctx.process_ends) (static_cast<void>(new Values(std::move(values))), ...);
#endif
}

using Runner = std::function<int(Context&)>;

// An entry of the command table: its name, one line of description, examples for --help, and
// a setup function that adds the command's options and returns the function that runs it.
struct Command {
  const char* name;
  const char* description;
  const char* examples;
  std::function<Runner(CLI::App&)> setup;
};

Command validate_command();
Command schema_command();
Command status_command();
Command list_command();
Command show_command();
Command report_command();
Command history_command();
Command diff_command();
Command completion_command();
Command init_command();
Command set_command();

// The column ids of kep list --columns, in the order of its help (for completion).
std::vector<std::string> list_column_ids();

// The keys kep set changes: status, progress, lead, phase (for completion).
const std::vector<std::string>& set_keys();

// A plan loaded for a query, in the language of --lang.
struct QueryPlan {
  Plan plan;
  std::string lang;  // "de" or "en": the language of labels
  std::vector<MeasureFacts> facts;
};

// Loads and validates the plan (as it was at --as-of, when given). With errors, prints them (and a
// hint to run kep validate) and returns nothing with `exit_code` set; warnings are left to kep
// validate. With `cache`, the field files on disk are read through it (LoadOptions::cache), for a
// command that reads the plan's history next or at the same time.
std::optional<QueryPlan> load_for_query(Context& ctx, int& exit_code, FieldCache* cache = nullptr);

// The filter options, as given on the command line.
struct FilterOptions {
  std::vector<std::string> phases, fields, statuses, leads, themes, tags, grep;
  bool immediate = false;
  bool overdue = false;
};

void add_filter_options(CLI::App& app, FilterOptions& options);

// Checks each value against the plan; an unknown value is a usage error with "did you mean".
std::optional<Filter> resolve_filter(Context& ctx, const Plan& plan, const FilterOptions& options,
                                     int& exit_code);

// How describe_filter names statuses: by their ids ("done") or their labels ("umgesetzt").
enum class StatusNames { ids, labels };

// What `filter` selects, in the words of `lang`, for kep status's headline and a report's title:
// each criterion as its label and its values ("Phase A, B", "Suche römer"), then "Sofortmaßnahmen"
// and "überfällig", joined with `separator`; "" for an empty filter.
std::string describe_filter(const Plan& plan, std::string_view lang, const Filter& filter,
                            std::string_view separator, StatusNames statuses);

// A usage error: prints "kep: error: ..." and returns the usage exit code.
int usage_error(Context& ctx, const std::string& message);

// Prints `text`, or, with `output` given (-o FILE), writes it to that file atomically; a failed
// write prints "kep: error: ..." and returns the exit code for files.
int print_or_write(Context& ctx, const std::string& output, const std::string& text);

}  // namespace kep
