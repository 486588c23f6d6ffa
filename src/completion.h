#pragma once
// Completion scripts for bash, zsh and fish, written from a description of kep's command line:
// its commands, their options and positional arguments, and what kind of value each takes.
// Pure: the description in, the script's text out. cmd_completion.cpp reads the description
// from the CLI11 command table and runs `kep completion`.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kep {

// What the values of an option or a positional argument are.
enum class ValueKind {
  none,       // free text: nothing to offer
  choices,    // one of `choices`
  list,       // comma-separated words of `choices` (kep list --columns, --sort)
  plan,       // the plan's values: `kep completion --values plan_kind`
  key_value,  // KEY=VALUE with KEY from `keys` (kep set)
  folder,
  file,
};

struct ValueSpec {
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;  // for choices and list
  bool descending = false;           // list: a word may start with '-' (a descending sort key)
  std::string plan_kind;             // for plan: a KIND of `kep completion --values KIND`
  // key_value: each key, and the KIND of the plan's values it takes ("" for free text).
  std::vector<std::pair<std::string, std::string>> keys;
  std::string label;  // what a value is, for zsh's and fish's messages
};

struct OptionSpec {
  std::vector<std::string> names;  // "-o", "--output"; a positional's name
  std::string description;
  bool takes_value = false;
  bool repeatable = false;
  ValueSpec values;
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;      // without those the shared options already have
  std::vector<OptionSpec> positionals;  // in order; only the last may be repeatable
};

struct CliSpec {
  std::vector<OptionSpec> shared;  // the options before or after any command
  std::vector<CommandSpec> commands;
};

std::string bash_script(const CliSpec& cli);
std::string zsh_script(const CliSpec& cli);
std::string fish_script(const CliSpec& cli);

}  // namespace kep
