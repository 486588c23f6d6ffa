// kep completion: completion scripts for bash, zsh and fish, read from the command table as
// CLI11 holds it when the command runs, so a new command or option completes without more work
// (completion.cpp writes the scripts). The plan's values (measure ids, phases, statuses, git
// revisions, ...) are not in the scripts: the scripts ask `kep completion --values KIND` at
// completion time, with the --plan of the command line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <set>

#include "cli.h"
#include "command.h"
#include "completion.h"
#include "diagnostic.h"
#include "query.h"
#include "repo.h"
#include "suggest.h"

namespace kep {
namespace {

// The kinds of `kep completion --values`, in the order of the help text.
const std::vector<std::string> k_value_kinds = {"ids",    "phases", "statuses", "fields",
                                                "themes", "tags",   "leads",    "revisions"};

// How many of the latest commits `--values revisions` offers besides branches and tags.
constexpr std::size_t k_recent_commits = 10;

ValueSpec value_spec(ValueKind kind, std::string label, std::string plan_kind = "") {
  ValueSpec spec;
  spec.kind = kind;
  spec.label = std::move(label);
  spec.plan_kind = std::move(plan_kind);
  return spec;
}

// KEY=VALUE for kep set: its keys, each with the plan's values it takes.
ValueSpec set_changes_spec() {
  ValueSpec spec = value_spec(ValueKind::key_value, "change");
  for (const auto& key : set_keys()) {
    const std::string kind = key == "status"  ? "statuses"
                             : key == "phase" ? "phases"
                             : key == "lead"  ? "leads"
                                              : "";  // progress: a number
    spec.keys.emplace_back(key, kind);
  }
  return spec;
}

// Options whose values come from the plan, the repository, the file system or one of kep's
// tables, by long name (or a positional argument's name).
ValueSpec value_spec_by_name(const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> k_plan_options = {
      {"--phase", "phases"}, {"--field", "fields"}, {"--status", "statuses"},
      {"--lead", "leads"},   {"--theme", "themes"}, {"--tag", "tags"}};
  for (const auto& [option, kind] : k_plan_options)
    if (name == option) return value_spec(ValueKind::plan, option.substr(2), kind);
  if (name == "--as-of" || name == "--since" || name == "revisions")
    return value_spec(ValueKind::plan, "revision", "revisions");
  if (name == "--columns" || name == "--sort") {
    ValueSpec spec = value_spec(ValueKind::list, name.substr(2));
    spec.choices = name == "--columns" ? list_column_ids() : sort_keys();
    spec.descending = name == "--sort";
    return spec;
  }
  if (name == "changes") return set_changes_spec();
  if (name == "--plan" || name == "DIR") return value_spec(ValueKind::folder, "folder");
  if (name == "--template" || name == "--output") return value_spec(ValueKind::file, "file");
  if (name == "ID" || name == "id") return value_spec(ValueKind::plan, "id", "ids");
  return value_spec(ValueKind::none, "value");
}

// The choices of a CLI::IsMember check, which CLI11 shows in the type name: "TEXT:{a,b}".
std::vector<std::string> choices_of(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  std::vector<std::string> choices;
  if (open == std::string::npos || close == std::string::npos) return choices;
  std::size_t start = open + 1;
  while (start < close) {
    auto end = std::min(type.find(',', start), close);
    choices.push_back(type.substr(start, end - start));
    start = end + 1;
  }
  return choices;
}

OptionSpec option_spec(const CLI::Option& option) {
  OptionSpec spec;
  for (const auto& s : option.get_snames()) spec.names.push_back("-" + s);
  for (const auto& l : option.get_lnames()) spec.names.push_back("--" + l);
  const std::string name = option.get_positional() ? option.get_name(true) : spec.names.back();
  if (option.get_positional()) spec.names = {name};
  spec.description = option.get_description();
  spec.takes_value = option.get_expected_max() > 0;  // flags expect none
  spec.repeatable = option.get_items_expected_max() > 1;
  spec.values = value_spec_by_name(name);
  if (auto choices = choices_of(option); !choices.empty()) {
    spec.values.kind = ValueKind::choices;
    spec.values.choices = std::move(choices);
  }
  if (spec.values.label == "value") {
    spec.values.label = name;
    spec.values.label.erase(0, spec.values.label.find_first_not_of('-'));
  }
  return spec;
}

bool hidden(const CLI::Option* option) { return option->get_group().empty(); }

// The commands and options of kep's CLI11 app, as the scripts need them.
CliSpec read_cli(const CLI::App& root) {
  CliSpec cli;
  std::set<std::string> shared_names;
  for (const CLI::Option* option : root.get_options()) {
    if (hidden(option) || option->get_positional()) continue;
    cli.shared.push_back(option_spec(*option));
    shared_names.insert(cli.shared.back().names.begin(), cli.shared.back().names.end());
  }
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;
    CommandSpec command{sub->get_name(), sub->get_description(), {}, {}};
    for (const CLI::Option* option : sub->get_options()) {
      if (hidden(option)) continue;
      auto spec = option_spec(*option);
      if (option->get_positional()) {
        command.positionals.push_back(std::move(spec));
      } else if (!shared_names.count(spec.names.back())) {
        command.options.push_back(std::move(spec));
      }
    }
    cli.commands.push_back(std::move(command));
  }
  return cli;
}

// ---- the plan's values -------------------------------------------------------------------

template <typename T>
void add_ids(const std::vector<T>& items, std::vector<std::string>& out) {
  for (const auto& item : items) out.push_back(item.id.value);
}

// The values of `kind` in the plan, in the plan's order (tags and leads sorted, once each).
std::vector<std::string> plan_values(const Plan& plan, const std::string& kind) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  if (kind == "phases") add_ids(plan.phases, out);
  if (kind == "statuses")
    add_ids(plan.statuses_built_in ? built_in_statuses(plan.language) : plan.statuses, out);
  if (kind == "fields") add_ids(plan.fields, out);
  if (kind == "themes") add_ids(plan.themes, out);
  for (const auto& field : plan.fields) {
    for (const auto& m : field.measures) {
      if (kind == "ids") out.push_back(m.id.value);
      if (kind == "leads" && !m.lead.value.empty()) seen.insert(m.lead.value);
      if (kind == "tags")
        for (const auto& tag : m.tags) seen.insert(tag.value);
    }
  }
  out.insert(out.end(), seen.begin(), seen.end());
  return out;
}

// Branches, tags and the latest commits of the plan's repository, one a line.
int print_revisions(Context& ctx) {
  const auto opened = open_plan_repository(ctx.shared.plan_dir);
  if (!opened.repository) {
    ctx.err << "kep: error: " << opened.error << "\n";
    return k_exit_io;
  }
  for (const auto& name : opened.repository->revision_names(k_recent_commits))
    ctx.out << name << "\n";
  return k_exit_ok;
}

int print_values(Context& ctx, const std::string& kind) {
  if (std::find(k_value_kinds.begin(), k_value_kinds.end(), kind) == k_value_kinds.end()) {
    return usage_error(
        ctx, fmt::format("--values '{}' is not a kind of value{}; use one of: {}", kind,
                         did_you_mean(kind, k_value_kinds), fmt::join(k_value_kinds, ", ")));
  }
  if (kind == "revisions") return print_revisions(ctx);
  // Whatever the plan has is offered even when it has errors: completion helps fix them.
  const auto loaded = load_plan(ctx.shared.plan_dir, LoadOptions{ctx.shared.max_file_size});
  for (const auto& value : plan_values(loaded.plan, kind)) ctx.out << value << "\n";
  int code = k_exit_ok;
  for (const auto& finding : loaded.findings) {
    if (!is_io_rule(finding.rule)) continue;
    ctx.err << format_finding_text(loaded.plan.files, finding, TextStyle{ctx.color_err});
    code = k_exit_io;
  }
  return code;
}

}  // namespace

Command completion_command() {
  return Command{
      "completion", "Print a completion script for bash, zsh or fish",
      "Examples:\n"
      "  source <(kep completion bash)         completion in this bash\n"
      "  kep completion bash > ~/.local/share/bash-completion/completions/kep\n"
      "  kep completion zsh > ~/.zfunc/_kep    a folder in $fpath, before compinit\n"
      "  kep completion fish > ~/.config/fish/completions/kep.fish\n"
      "  kep completion --values ids           what the scripts ask: ids, phases, statuses,\n"
      "                                        fields, themes, tags, leads or revisions of "
      "--plan\n",
      [](CLI::App& app) -> Runner {
        auto shell = std::make_shared<std::string>();
        auto values = std::make_shared<std::string>();
        app.add_option("shell", *shell, "bash, zsh or fish")
            ->check(CLI::IsMember({"bash", "zsh", "fish"}));
        // For the scripts, not for people: hidden from --help (so CLI11 would name it '' in its
        // own errors, hence the check in print_values).
        app.add_option("--values", *values, "The plan's values of a kind, one a line")->group("");
        CLI::App* self = &app;
        return [self, shell, values](Context& ctx) {
          if (!values->empty()) return print_values(ctx, *values);
          // The whole app exists now: every command's options are added.
          const CliSpec cli = read_cli(*self->get_parent());
          if (*shell == "bash")
            ctx.out << bash_script(cli);
          else if (*shell == "zsh")
            ctx.out << zsh_script(cli);
          else if (*shell == "fish")
            ctx.out << fish_script(cli);
          else
            return usage_error(ctx, "name a shell: kep completion bash, zsh or fish");
          return int{k_exit_ok};
        };
      }};
}

}  // namespace kep
