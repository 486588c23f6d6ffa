// kep completion: the scripts' key lines, every command and option of --help in every script,
// and the plan's values the scripts ask for. tests/completion/shells.sh runs the scripts in the
// real shells.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "cli.h"

using namespace kep;

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run kep_run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = run_cli(args, out, err, Terminal{});
  return Run{code, out.str(), err.str()};
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The lines of `text` from the line after `start` up to the first empty line.
std::vector<std::string> block_after(const std::string& text, const std::string& start) {
  std::vector<std::string> lines;
  std::istringstream in(text.substr(text.find(start) + start.size()));
  std::string line;
  std::getline(in, line);  // the rest of the start line
  while (std::getline(in, line) && !line.empty()) lines.push_back(line);
  return lines;
}

// The command names `kep --help` lists.
std::vector<std::string> help_commands() {
  std::vector<std::string> names;
  for (const auto& line : block_after(kep_run({"--help"}).out, "Subcommands:"))
    if (line.size() > 2 && line[2] != ' ') names.push_back(line.substr(2, line.find(' ', 2) - 2));
  return names;
}

// The long options `kep COMMAND --help` lists (without --help), e.g. "--format".
std::vector<std::string> help_options(const std::string& command) {
  std::vector<std::string> options;
  for (const auto& line : block_after(kep_run({command, "--help"}).out, "Options:")) {
    const auto start = line.find("--");
    if (start == std::string::npos || start > 6) continue;
    auto name = line.substr(start, line.find_first_of(" \t", start) - start);
    if (name != "--help") options.push_back(name);
  }
  return options;
}

const std::string k_plan = KEP_SOURCE_DIR "/plan";

std::string values(const std::string& kind) {
  const auto run = kep_run({"--plan", k_plan, "completion", "--values", kind});
  REQUIRE(run.err == "");
  REQUIRE(run.code == 0);
  return run.out;
}

}  // namespace

TEST_CASE("completion: every command and option of --help is in every script") {
  const auto bash = kep_run({"completion", "bash"}).out;
  const auto zsh = kep_run({"completion", "zsh"}).out;
  const auto fish = kep_run({"completion", "fish"}).out;
  const auto commands = help_commands();
  REQUIRE(commands.size() >= 9);
  std::string bash_commands = "    \"\") _kep_add_words";
  for (const auto& command : commands) {
    CAPTURE(command);
    bash_commands += " " + command;
    CHECK(has(zsh, "\n    '" + command + ":"));
    CHECK(has(zsh, "\n    " + command + ")\n      _arguments"));
    CHECK(has(fish, "-a " + command + " -d '"));
    for (const auto& option : help_options(command)) {
      CAPTURE(option);
      CHECK(has(bash, " " + option + " "));  // in the command's or the shared words
      // --flag[...], --option=[...], or {-o,--option}'=[...]
      CHECK((has(zsh, option + "[") || has(zsh, option + "=[") || has(zsh, option + "}'")));
      CHECK(has(fish, " -l " + option.substr(2) + " "));
    }
  }
  CHECK(has(bash, bash_commands + " ;;\n"));
}

TEST_CASE("completion bash: key lines") {
  const auto run = kep_run({"completion", "bash"});
  CHECK(run.code == 0);
  CHECK(run.err == "");
  const auto& bash = run.out;
  CHECK(bash.rfind("# bash completion for kep", 0) == 0);
  CHECK(has(bash, "\ncomplete -F _kep kep\n"));
  // Values from the plan, through the hidden helper, with the command line's --plan.
  CHECK(has(bash, "  \"$kep\" \"${plan[@]}\" completion --values \"$1\" 2>/dev/null\n"));
  CHECK(has(bash, "    show) _kep_add_lines < <(_kep_plan_values ids) ;;\n"));
  CHECK(has(bash, "    status:--phase) _kep_add_lines < <(_kep_plan_values phases); return ;;\n"));
  CHECK(has(bash, "    list:--status) _kep_add_lines < <(_kep_plan_values statuses); return ;;\n"));
  CHECK(has(bash, "    report:--field) _kep_add_lines < <(_kep_plan_values fields); return ;;\n"));
  CHECK(has(bash, "    list:--lead) _kep_add_lines < <(_kep_plan_values leads); return ;;\n"));
  CHECK(has(bash, "    list:--theme) _kep_add_lines < <(_kep_plan_values themes); return ;;\n"));
  CHECK(has(bash, "    list:--tag) _kep_add_lines < <(_kep_plan_values tags); return ;;\n"));
  // Choices from CLI11's checks, files and folders, free text.
  CHECK(has(bash, "    list:--format) _kep_add_words table json csv tsv md ids; return ;;\n"));
  CHECK(has(bash, "    *:--color) _kep_add_words auto always never; return ;;\n"));
  CHECK(has(bash, "    *:--plan) _kep_files -d; return ;;\n"));
  CHECK(has(bash, "    report:-o|report:--output) _kep_files -f; return ;;\n"));
  CHECK(has(bash, "    *:--today) :; return ;;\n"));
  // A single argument is completed only as the command's first.
  CHECK(has(bash, "    schema) ((args == 0)) && _kep_add_words plan field ;;\n"));
  CHECK(has(bash, "    completion) ((args == 0)) && _kep_add_words bash zsh fish ;;\n"));
  // Flags take no value, so they are no arm of the value case; the helper option is hidden.
  CHECK_FALSE(has(bash, ":--immediate)"));
  CHECK_FALSE(has(bash, "completion:--values"));
  CHECK_FALSE(has(bash, "--values ;;"));
}

TEST_CASE("completion zsh: key lines") {
  const auto run = kep_run({"completion", "zsh"});
  CHECK(run.code == 0);
  const auto& zsh = run.out;
  CHECK(zsh.rfind("#compdef kep\n", 0) == 0);
  CHECK(has(zsh, "\n  compdef _kep kep\n"));
  CHECK(has(zsh, "  values=(${(f)\"$(\"$kep\" $plan completion --values $1 2>/dev/null)\"})\n"));
  CHECK(has(zsh,
            "'*--phase=[Only measures of this phase (repeat or A,B)]:phase:"
            "{_kep_plan_values phases phase}'"));
  CHECK(has(zsh, "'*:id:{_kep_plan_values ids id}'"));
  CHECK(has(zsh,
            "'--format=[Output\\: table (default), json, csv, tsv, md or ids]:format:"
            "(table json csv tsv md ids)'"));
  CHECK(has(zsh, "'(-o --output)'{-o,--output}'=[Write to FILE"));
  CHECK(has(zsh, "'--plan=[The plan folder (default\\: plan)]:folder:_files -/'"));
  CHECK(has(zsh, "'--lang=[Language of labels\\: de or en (default\\: the plan'\\''s)]"));
  CHECK(has(zsh, "'--immediate[Only the immediate measures (Sofortmaßnahmen)]'"));
  CHECK(has(zsh, "'1:shell:(bash zsh fish)'"));
  // Options after the command belong to the command's _arguments.
  CHECK(has(zsh, "    '(-)*:: :->command' && ret=0\n"));
}

TEST_CASE("completion fish: key lines") {
  const auto run = kep_run({"completion", "fish"});
  CHECK(run.code == 0);
  const auto& fish = run.out;
  CHECK(has(fish, "\ncomplete -c kep -f\n"));
  CHECK(has(fish, "    $words[1] $plan completion --values $argv[1] 2>/dev/null\n"));
  CHECK(has(fish,
            "complete -c kep -n 'not __kep_command >/dev/null' -a show -d 'Show everything "
            "about measures"));
  CHECK(has(fish,
            "complete -c kep -n '__kep_using status' -l phase -x -a "
            "'(__kep_plan_values phases)' -d 'Only measures of this phase (repeat or A,B)'\n"));
  CHECK(has(fish, "complete -c kep -n '__kep_using show' -x -a '(__kep_plan_values ids)'\n"));
  CHECK(has(fish, "complete -c kep -n '__kep_using schema; and __kep_first_argument' -x -a "
                  "'plan field'\n"));
  CHECK(has(fish,
            "complete -c kep -l lang -x -a 'de en' -d 'Language of labels: de or en "
            "(default: the plan\\'s)'\n"));
  CHECK(has(fish, "complete -c kep -n '__kep_using report' -s o -l output -r -F -d '"));
  CHECK(
      has(fish, "complete -c kep -l plan -x -a '(__fish_complete_directories (commandline -ct))'"));
}

TEST_CASE("completion --values: the shipped plan's values, one a line") {
  CHECK(values("phases") == "A\nB\nC\n");
  CHECK(values("fields") == "1\n2\n3\n4\n5\n6\n7\n");
  CHECK(values("statuses") == "planned\nin_progress\ndone\ndeferred\ndropped\n");
  CHECK(values("themes") == "teilhabe\nkulturelle-bildung\ndezentralitaet\n");
  CHECK(values("leads") == "Kulturreferat\n");
  const auto ids = values("ids");
  CHECK(ids.rfind("1.1\n1.2\n", 0) == 0);
  CHECK(has(ids, "\n4.9\n4.10\n4.11\n5.1\n"));
  CHECK(std::count(ids.begin(), ids.end(), '\n') == 52);
}

TEST_CASE("completion: usage errors name the fix") {
  auto run = kep_run({"completion"});
  CHECK(run.code == k_exit_usage);
  CHECK(run.out == "");
  CHECK(run.err == "kep: error: name a shell: kep completion bash, zsh or fish\n");

  run = kep_run({"completion", "tcsh"});
  CHECK(run.code == k_exit_usage);
  CHECK(has(run.err, "kep: error: shell: tcsh not in {bash,zsh,fish}\n"));

  run = kep_run({"--plan", k_plan, "completion", "--values", "phase"});
  CHECK(run.code == k_exit_usage);
  CHECK(run.err ==
        "kep: error: --values 'phase' is not a kind of value (did you mean 'phases'?); use one "
        "of: ids, phases, statuses, fields, themes, tags, leads\n");

  run = kep_run({"--plan", KEP_SOURCE_DIR "/no-such-plan", "completion", "--values", "ids"});
  CHECK(run.code == k_exit_io);
  CHECK(run.out == "");
  CHECK(run.err == KEP_SOURCE_DIR
        "/no-such-plan/plan.yaml: error: there is no plan folder '" KEP_SOURCE_DIR
        "/no-such-plan'; pass the folder that holds plan.yaml with "
        "--plan DIR [plan-missing]\n");
}

TEST_CASE("completion --help has examples and hides the helper option") {
  const auto run = kep_run({"completion", "--help"});
  CHECK(run.code == 0);
  CHECK(has(run.out, "  source <(kep completion bash)"));
  CHECK_FALSE(has(run.out, "--values TEXT"));
}
