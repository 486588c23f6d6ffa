#pragma once
// The command line: the command table, shared options, exit codes. The only place that prints.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace kep {

// Exit codes, the same for every command (docs/cli.md).
enum ExitCode : int {
  k_exit_ok = 0,           // done; warnings allowed unless --strict
  k_exit_plan_errors = 1,  // the plan has errors (or warnings with --strict)
  k_exit_usage = 2,        // the command line is wrong
  k_exit_io = 3,           // a file cannot be read or written, or an internal error
};

// What kep knows about where it prints.
struct Terminal {
  bool out_is_tty = false;
  bool err_is_tty = false;
  std::size_t columns = 80;   // the terminal's width (COLUMNS, else the window size)
  bool process_ends = false;  // run_cli(argc, argv): the process exits after the command
};

// Runs kep with `args` (without the program name), printing to `out` and `err`.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const Terminal& terminal);

// main(): the process's arguments, stdout and stderr.
int run_cli(int argc, char** argv);

}  // namespace kep
