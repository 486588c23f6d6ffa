// kep completion: the scripts' key lines, every command and option of --help in every script,
// and the plan's values the scripts ask for. tests/completion/shells.sh runs the scripts in the
// real shells.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "cli.h"
#include "completion.h"
#include "history_fixture.h"

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
  CHECK(has(fish,
            "complete -c kep -n '__kep_using schema; and test (__kep_argument_count) -eq 0' -x -a "
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
        "of: ids, phases, statuses, fields, themes, tags, leads, revisions\n");

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

namespace {

// The words after "the columns are: " (or another lead) up to the end of the line or " (".
std::vector<std::string> listed_after(const std::string& text, const std::string& lead) {
  std::vector<std::string> words;
  auto start = text.find(lead);
  REQUIRE(start != std::string::npos);
  std::string rest = text.substr(start + lead.size());
  rest = rest.substr(0, std::min(rest.find('\n'), rest.find(" (")));
  std::istringstream in(rest);
  for (std::string word; std::getline(in, word, ',');) words.push_back(word.substr(word[0] == ' '));
  return words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += " " + w;
  return out;
}

}  // namespace

TEST_CASE("completion: kep set's KEY=VALUE changes, with the plan's values for each key") {
  const auto bash = kep_run({"completion", "bash"}).out;
  CHECK(has(bash,
            "    set)\n"
            "      if ((args == 0)); then _kep_add_lines < <(_kep_plan_values ids)\n"
            "      elif ((args >= 1)); then _kep_key_values status=statuses progress= lead=leads "
            "phase=phases\n"
            "      fi ;;\n"));
  CHECK(has(kep_run({"completion", "zsh"}).out,
            "        '1:id:{_kep_plan_values ids id}' \\\n"
            "        '*:change:{_kep_key_values status=statuses progress= lead=leads "
            "phase=phases}' \\\n"));
  const auto fish = kep_run({"completion", "fish"}).out;
  CHECK(has(fish,
            "complete -c kep -n '__kep_using set; and test (__kep_argument_count) -eq 0' -x -a "
            "'(__kep_plan_values ids)'\n"));
  CHECK(has(fish,
            "complete -c kep -n '__kep_using set; and test (__kep_argument_count) -ge 1' -x -a "
            "'(__kep_key_values status=statuses progress= lead=leads phase=phases)'\n"));
  // The keys are the ones kep set takes: a key it refuses names them all.
  const auto refused = kep_run({"--plan", k_plan, "set", "4.8", "colour=red"});
  CHECK(refused.code == k_exit_usage);
  CHECK(has(refused.err, "it changes status, progress, lead and phase\n"));
}

TEST_CASE("completion: --columns and --sort offer kep list's own columns and sort keys") {
  // What kep list accepts, as its usage errors list it.
  const auto columns =
      listed_after(kep_run({"list", "--columns", "nope"}).err, "the columns are: ");
  const auto keys = listed_after(kep_run({"list", "--sort", "nope"}).err, "the keys are: ");
  REQUIRE(columns.size() >= 14);
  REQUIRE(keys.size() >= 10);
  CHECK(columns.front() == "id");
  CHECK(columns.back() == "kind");
  const auto bash = kep_run({"completion", "bash"}).out;
  CHECK(has(bash, "    list:--columns) _kep_add_list" + joined(columns) + "; return ;;\n"));
  CHECK(has(bash, "    list:--sort) _kep_add_list -d" + joined(keys) + "; return ;;\n"));
  CHECK(has(kep_run({"completion", "zsh"}).out,
            ":columns:{_kep_list columns" + joined(columns) + "}'"));
  CHECK(has(kep_run({"completion", "zsh"}).out, ":sort:{_kep_list -d sort" + joined(keys) + "}'"));
  const auto fish = kep_run({"completion", "fish"}).out;
  CHECK(has(fish, " -l columns -x -a '(__kep_list" + joined(columns) + ")' -d 'Columns,"));
  CHECK(has(fish, " -l sort -x -a '(__kep_list -d" + joined(keys) + ")' -d 'Sort keys,"));
}

TEST_CASE("completion: revisions for --as-of, --since and kep diff") {
  const auto bash = kep_run({"completion", "bash"}).out;
  CHECK(has(bash, "    *:--as-of) _kep_add_lines < <(_kep_plan_values revisions); return ;;\n"));
  CHECK(
      has(bash, "    report:--since) _kep_add_lines < <(_kep_plan_values revisions); return ;;\n"));
  CHECK(has(bash, "    diff) _kep_add_lines < <(_kep_plan_values revisions) ;;\n"));
  CHECK(has(kep_run({"completion", "zsh"}).out,
            "'*:revision:{_kep_plan_values revisions revision}'"));
  CHECK(has(kep_run({"completion", "fish"}).out,
            "complete -c kep -n '__kep_using diff' -x -a '(__kep_plan_values revisions)'\n"));
}

TEST_CASE("completion --values revisions: HEAD, branches, tags, then the latest commits") {
  test::TempDir tmp;
  test::GitRepo repo(tmp.path() + "/repo");
  repo.write("plan/plan.yaml", test::k_plan_yaml);
  std::vector<std::string> ids;
  for (int day = 10; day < 22; ++day)
    ids.push_back(
        repo.commit("commit " + std::to_string(day), "Anna", "2024-02-" + std::to_string(day)));
  repo.git("tag v1 " + ids[0]);
  repo.git("tag -a -m release v2");
  repo.git("branch feature " + ids[3]);
  repo.git("update-ref refs/remotes/origin/main " + ids[1]);
  repo.git("symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main");

  const auto run = test::run_kep({"--plan", repo.plan(), "completion", "--values", "revisions"});
  CHECK(run.err == "");
  CHECK(run.code == 0);
  std::string want = "HEAD\nfeature\nmain\norigin/main\nv1\nv2\n";
  for (std::size_t i = 0; i < 10; ++i) want += ids[11 - i].substr(0, 7) + "\n";
  CHECK(run.out == want);

  const auto none = test::run_kep({"--plan", tmp.path(), "completion", "--values", "revisions"});
  CHECK(none.code == k_exit_io);
  CHECK(none.out == "");
  CHECK(none.err == "kep: error: '" + tmp.path() + "' is not in a git repository\n");
}

// The script writers on a command line made up for the test: positional arguments take turns.
TEST_CASE("completion scripts: each positional argument in its turn") {
  ValueSpec words;
  words.kind = ValueKind::choices;
  words.choices = {"a", "b"};
  words.label = "value";
  ValueSpec list;
  list.kind = ValueKind::list;
  list.choices = {"x", "y"};
  list.label = "items";
  OptionSpec first{{"FIRST"}, "", true, false, words};
  OptionSpec second{{"SECOND"}, "", true, false, list};
  OptionSpec rest{{"REST"}, "", true, true, ValueSpec{}};
  rest.values.kind = ValueKind::folder;
  rest.values.label = "folder";
  CliSpec cli;
  cli.commands.push_back(CommandSpec{"go", "Go", {}, {first, second, rest}});

  CHECK(has(bash_script(cli),
            "    go)\n"
            "      if ((args == 0)); then _kep_add_words a b\n"
            "      elif ((args == 1)); then _kep_add_list x y\n"
            "      elif ((args >= 2)); then _kep_files -d\n"
            "      fi ;;\n"));
  CHECK(has(zsh_script(cli),
            "        '1:value:(a b)' \\\n"
            "        '2:items:{_kep_list items x y}' \\\n"
            "        '*:folder:_files -/' \\\n"
            "        && ret=0 ;;\n"));
  CHECK(has(fish_script(cli),
            "complete -c kep -n '__kep_using go; and test (__kep_argument_count) -eq 0' -x -a "
            "'a b'\n"
            "complete -c kep -n '__kep_using go; and test (__kep_argument_count) -eq 1' -x -a "
            "'(__kep_list x y)'\n"
            "complete -c kep -n '__kep_using go; and test (__kep_argument_count) -ge 2' -x -a "
            "'(__fish_complete_directories (commandline -ct))'\n"));
}
