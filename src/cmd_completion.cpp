// kep completion: completion scripts for bash, zsh and fish, read from the command table as
// CLI11 holds it when the command runs, so a new command or option completes without more work.
// The plan's values (measure ids, phases, statuses, ...) are not in the scripts: the scripts ask
// `kep completion --values KIND` at completion time, with the --plan of the command line.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <ostream>
#include <set>

#include "cli.h"
#include "command.h"
#include "diagnostic.h"
#include "suggest.h"
#include "version.h"

namespace kep {
namespace {

// What the values of an option or a positional argument are.
enum class ValueKind { none, choices, plan, folder, file };

struct ValueSpec {
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;  // for choices
  std::string plan_kind;             // for plan: a KIND of `kep completion --values KIND`
  std::string label;                 // what a value is, for zsh's and fish's messages
};

struct OptionSpec {
  std::vector<std::string> names;  // "-o", "--output"
  std::string description;
  bool takes_value = false;
  bool repeatable = false;
  ValueSpec values;
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;       // without those the shared options already have
  std::optional<OptionSpec> positional;  // the first positional argument, if any
};

struct CliSpec {
  std::vector<OptionSpec> shared;  // the options before or after any command
  std::vector<CommandSpec> commands;
};

// The kinds of `kep completion --values`, in the order of the help text.
const std::vector<std::string> k_value_kinds = {"ids",    "phases", "statuses", "fields",
                                                "themes", "tags",   "leads"};

// Options whose values come from the plan or the file system, by long name.
ValueSpec value_spec_by_name(const std::string& name) {
  static const std::vector<std::pair<std::string, std::string>> k_plan_options = {
      {"--phase", "phases"}, {"--field", "fields"}, {"--status", "statuses"},
      {"--lead", "leads"},   {"--theme", "themes"}, {"--tag", "tags"}};
  for (const auto& [option, kind] : k_plan_options)
    if (name == option) return ValueSpec{ValueKind::plan, {}, kind, option.substr(2)};
  if (name == "--plan" || name == "DIR") return ValueSpec{ValueKind::folder, {}, "", "folder"};
  if (name == "--template" || name == "--output") return ValueSpec{ValueKind::file, {}, "", "file"};
  if (name == "ID" || name == "id") return ValueSpec{ValueKind::plan, {}, "ids", "id"};
  return ValueSpec{ValueKind::none, {}, "", "value"};
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
    CommandSpec command{sub->get_name(), sub->get_description(), {}, std::nullopt};
    for (const CLI::Option* option : sub->get_options()) {
      if (hidden(option)) continue;
      auto spec = option_spec(*option);
      if (option->get_positional()) {
        if (!command.positional) command.positional = std::move(spec);
      } else if (!shared_names.count(spec.names.back())) {
        command.options.push_back(std::move(spec));
      }
    }
    cli.commands.push_back(std::move(command));
  }
  return cli;
}

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

// `text` as one single-quoted word of sh, zsh and bash.
std::string sh_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> value_option_names(const CliSpec& cli) {
  std::set<std::string> names;
  auto add = [&](const std::vector<OptionSpec>& options) {
    for (const auto& o : options)
      if (o.takes_value) names.insert(o.names.begin(), o.names.end());
  };
  add(cli.shared);
  for (const auto& command : cli.commands) add(command.options);
  return {names.begin(), names.end()};
}

std::vector<std::string> all_names(const std::vector<OptionSpec>& options) {
  std::vector<std::string> names;
  for (const auto& o : options) names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

// ---- bash --------------------------------------------------------------------------------

const char* const k_bash_head =
    R"sh(# bash completion for kep                                  -*- shell-script -*-
# Generated by `kep completion bash` (kep {version}) from kep's command table. Measure ids,
# phases, statuses, fields, themes, tags and leads come from the plan when you press TAB
# (`kep completion --values KIND`, with the --plan of the command line).
# Load it with:  source <(kep completion bash)

# The plan's values of kind $1, one a line.
_kep_plan_values() {{
  local i kep=${{COMP_WORDS[0]/#\~/$HOME}} plan=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      --plan) [[ ${{COMP_WORDS[i+1]}} == = ]] && i=$((i + 1))
        plan=(--plan "${{COMP_WORDS[i+1]/#\~/$HOME}}") ;;
      --plan=*) plan=(--plan "${{COMP_WORDS[i]#--plan=}}") ;;
    esac
  done
  "$kep" "${{plan[@]}}" completion --values "$1" 2>/dev/null
}}

# Adds the lines of stdin that start with the current word to COMPREPLY, quoted for the shell.
_kep_add_lines() {{
  local line quoted
  while IFS= read -r line; do
    [[ -n $line && $line == "${{cur//\\/}}"* ]] || continue
    printf -v quoted '%q' "$line"
    COMPREPLY+=("$quoted")
  done
}}

_kep_add_words() {{
  local word
  for word in "$@"; do [[ $word == "$cur"* ]] && COMPREPLY+=("$word"); done
}}

_kep_files() {{
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen "$1" -- "$cur")
}}

_kep() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  COMPREPLY=()
  # bash splits --option=value at '=': complete the value after it.
  if [[ $cur == = ]]; then
    cur=""
  elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    prev=${{COMP_WORDS[COMP_CWORD-2]}}
  fi

  # The command: the first word that is neither an option nor an option's value; then its
  # arguments so far.
  local command="" args=0 i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      {value_options})
        [[ ${{COMP_WORDS[i+1]}} == = ]] && i=$((i + 1))
        i=$((i + 1)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=${{COMP_WORDS[i]}}; else args=$((args + 1)); fi ;;
    esac
  done

  # The value of an option.
  case $command:$prev in
)sh";

std::string bash_values(const ValueSpec& values) {
  switch (values.kind) {
    case ValueKind::choices:
      return "_kep_add_words " + join(values.choices, " ");
    case ValueKind::plan:
      return "_kep_add_lines < <(_kep_plan_values " + values.plan_kind + ")";
    case ValueKind::folder:
      return "_kep_files -d";
    case ValueKind::file:
      return "_kep_files -f";
    case ValueKind::none:
      break;
  }
  return ":";
}

std::string bash_script(const CliSpec& cli) {
  std::string out = fmt::format(fmt::runtime(k_bash_head), fmt::arg("version", k_version),
                                fmt::arg("value_options", join(value_option_names(cli), "|")));
  auto value_arm = [&](const std::string& command, const OptionSpec& o) {
    if (!o.takes_value) return;
    std::vector<std::string> patterns;
    for (const auto& name : o.names) patterns.push_back(command + ":" + name);
    out += fmt::format("    {}) {}; return ;;\n", join(patterns, "|"), bash_values(o.values));
  };
  for (const auto& command : cli.commands)
    for (const auto& o : command.options) value_arm(command.name, o);
  for (const auto& o : cli.shared) value_arm("*", o);
  out += "  esac\n\n  if [[ $cur == -* ]]; then\n    case $command in\n";
  for (const auto& command : cli.commands)
    if (!command.options.empty())
      out += fmt::format("      {}) _kep_add_words {} ;;\n", command.name,
                         join(all_names(command.options), " "));
  out += fmt::format("    esac\n    _kep_add_words {}\n    return\n  fi\n\n",
                     join(all_names(cli.shared), " "));
  std::vector<std::string> names;
  for (const auto& command : cli.commands) names.push_back(command.name);
  out += fmt::format("  case $command in\n    \"\") _kep_add_words {} ;;\n", join(names, " "));
  for (const auto& command : cli.commands)
    if (command.positional && command.positional->values.kind != ValueKind::none)
      out += fmt::format("    {}) {}{} ;;\n", command.name,
                         command.positional->repeatable ? "" : "((args == 0)) && ",
                         bash_values(command.positional->values));
  out += "  esac\n}\n\ncomplete -F _kep kep\n";
  return out;
}

// ---- zsh ---------------------------------------------------------------------------------

const char* const k_zsh_head = R"sh(#compdef kep
# zsh completion for kep, generated by `kep completion zsh` (kep {version}) from kep's command
# table. Measure ids, phases, statuses, fields, themes, tags and leads come from the plan when
# you press TAB (`kep completion --values KIND`, with the --plan of the command line).
# Install it as _kep in a folder of $fpath, or load it with:  source <(kep completion zsh)

# Offers the plan's values of kind $1, described as $2.
_kep_plan_values() {{
  local -a plan values expl
  local i kep=${{${{(Q)_kep_words[1]}}/#\~/$HOME}}
  for ((i = 2; i < $#_kep_words; i++)); do
    case ${{_kep_words[i]}} in
      --plan) plan=(--plan "${{${{(Q)_kep_words[i+1]}}/#\~/$HOME}}") ;;
      --plan=*) plan=(--plan "${{${{(Q)_kep_words[i]#--plan=}}/#\~/$HOME}}") ;;
    esac
  done
  values=(${{(f)"$("$kep" $plan completion --values $1 2>/dev/null)"}})
  _wanted $1 expl $2 compadd -a values
}}

_kep_commands() {{
  local -a commands
  commands=(
{commands}  )
  _describe -t commands 'kep command' commands
}}

_kep() {{
  local curcontext=$curcontext state line ret=1
  local -a _kep_words
  _kep_words=("${{words[@]}}")
  _arguments -C \
{shared}    '(-)1: :_kep_commands' \
    '(-)*:: :->command' && ret=0
  [[ $state == command ]] || return ret
  curcontext=${{curcontext%:*:*}}:kep-$words[1]:
  case $words[1] in
)sh";

// `text` for the inside of [...] in an _arguments spec, inside single quotes.
std::string zsh_description(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_action(const ValueSpec& values) {
  switch (values.kind) {
    case ValueKind::choices:
      return "(" + join(values.choices, " ") + ")";
    case ValueKind::plan:
      return "{_kep_plan_values " + values.plan_kind + " " + values.label + "}";
    case ValueKind::folder:
      return "_files -/";
    case ValueKind::file:
      return "_files";
    case ValueKind::none:
      break;
  }
  return " ";
}

// One _arguments spec for an option, as shell words (single-quoted where it matters).
std::string zsh_option(const OptionSpec& o) {
  std::string names = o.names.size() == 1 ? o.names.front() : "{" + join(o.names, ",") + "}";
  std::string prefix = o.repeatable         ? "*"
                       : o.names.size() > 1 ? "(" + join(o.names, " ") + ")"
                                            : "";
  std::string rest =
      (o.takes_value ? "=" : "") + std::string("[") + zsh_description(o.description) + "]";
  if (o.takes_value) rest += ":" + o.values.label + ":" + zsh_action(o.values);
  if (o.names.size() == 1) return sh_quote(prefix + names + rest);
  return (prefix.empty() ? "" : sh_quote(prefix)) + names + sh_quote(rest);
}

std::string zsh_script(const CliSpec& cli) {
  std::string commands, shared;
  for (const auto& command : cli.commands)
    commands += "    " + sh_quote(command.name + ":" + command.description) + "\n";
  for (const auto& o : cli.shared) shared += "    " + zsh_option(o) + " \\\n";
  std::string out = fmt::format(fmt::runtime(k_zsh_head), fmt::arg("version", k_version),
                                fmt::arg("commands", commands), fmt::arg("shared", shared));
  for (const auto& command : cli.commands) {
    out += fmt::format("    {})\n      _arguments \\\n{}", command.name, shared);
    for (const auto& o : command.options) out += "        " + zsh_option(o) + " \\\n";
    if (command.positional) {
      const auto& p = *command.positional;
      out += "        " +
             sh_quote((p.repeatable ? "*:" : "1:") + p.values.label + ":" + zsh_action(p.values)) +
             " \\\n";
    }
    out += "        && ret=0 ;;\n";
  }
  out +=
      "  esac\n  return ret\n}\n\n"
      "if [[ $funcstack[1] == _kep ]]; then\n  _kep \"$@\"\nelse\n  compdef _kep kep\nfi\n";
  return out;
}

// ---- fish --------------------------------------------------------------------------------

const char* const k_fish_head =
    R"sh(# fish completion for kep, generated by `kep completion fish` (kep {version}) from kep's
# command table. Measure ids, phases, statuses, fields, themes, tags and leads come from the plan
# when you press TAB (`kep completion --values KIND`, with the --plan of the command line).
# Install it as ~/.config/fish/completions/kep.fish, or load it with:  kep completion fish | source

# The command on the command line: the first word that is neither an option nor its value.
function __kep_command
    set -l words (commandline -opc)
    set -e words[1]
    while set -q words[1]
        switch $words[1]
            case {value_options}
                set -e words[1]
            case '-*'
            case '*'
                echo $words[1]
                return 0
        end
        set -e words[1]
    end
    return 1
end

function __kep_using
    set -l command (__kep_command)
    test "$command" = "$argv[1]"
end

# True when the word being typed is the command's first argument.
function __kep_first_argument
    set -l words (commandline -opc)
    set -e words[1]
    set -l seen 0
    while set -q words[1]
        switch $words[1]
            case {value_options}
                set -e words[1]
            case '-*'
            case '*'
                set seen (math $seen + 1)
        end
        set -e words[1]
    end
    test $seen -eq 1
end

# The plan's values of kind $argv[1], one a line.
function __kep_plan_values
    set -l words (commandline -opc)
    set -l plan
    for i in (seq 2 (count $words))
        switch $words[$i]
            case --plan
                set -l next (math $i + 1)
                set -q words[$next]; and set plan --plan $words[$next]
            case '--plan=*'
                set plan --plan (string replace -- --plan= '' $words[$i])
        end
    end
    $words[1] $plan completion --values $argv[1] 2>/dev/null
end

complete -c kep -f
)sh";

std::string fish_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_values(const ValueSpec& values) {
  switch (values.kind) {
    case ValueKind::choices:
      return " -x -a " + fish_quote(join(values.choices, " "));
    case ValueKind::plan:
      return " -x -a " + fish_quote("(__kep_plan_values " + values.plan_kind + ")");
    case ValueKind::folder:
      return " -x -a '(__fish_complete_directories (commandline -ct))'";
    case ValueKind::file:
      return " -r -F";
    case ValueKind::none:
      break;
  }
  return " -x";
}

std::string fish_option(const std::string& condition, const OptionSpec& o) {
  std::string line = "complete -c kep" + condition;
  for (const auto& name : o.names)
    line += (name.size() == 2 ? " -s " + name.substr(1) : " -l " + name.substr(2));
  if (o.takes_value) line += fish_values(o.values);
  return line + " -d " + fish_quote(o.description) + "\n";
}

std::string fish_script(const CliSpec& cli) {
  std::vector<std::string> value_options;
  for (const auto& name : value_option_names(cli)) value_options.push_back(fish_quote(name));
  std::string out = fmt::format(fmt::runtime(k_fish_head), fmt::arg("version", k_version),
                                fmt::arg("value_options", join(value_options, " ")));
  for (const auto& command : cli.commands)
    out += fmt::format("complete -c kep -n 'not __kep_command >/dev/null' -a {} -d {}\n",
                       command.name, fish_quote(command.description));
  for (const auto& o : cli.shared) out += fish_option("", o);
  for (const auto& command : cli.commands) {
    const std::string condition = " -n " + fish_quote("__kep_using " + command.name);
    for (const auto& o : command.options) out += fish_option(condition, o);
    if (command.positional && command.positional->values.kind != ValueKind::none) {
      const std::string first = command.positional->repeatable ? "" : "; and __kep_first_argument";
      out += "complete -c kep -n " + fish_quote("__kep_using " + command.name + first) +
             fish_values(command.positional->values) + "\n";
    }
  }
  return out;
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

int print_values(Context& ctx, const std::string& kind) {
  if (std::find(k_value_kinds.begin(), k_value_kinds.end(), kind) == k_value_kinds.end()) {
    return usage_error(ctx,
                       fmt::format("--values '{}' is not a kind of value{}; use one of: {}", kind,
                                   did_you_mean(kind, k_value_kinds), join(k_value_kinds, ", ")));
  }
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
      "                                        fields, themes, tags or leads of --plan\n",
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
