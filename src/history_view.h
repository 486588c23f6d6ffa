#pragma once
// What kep diff, kep history and kep report --since share: opening the plan's git history with
// clear messages, the changes between two revisions attributed to the commits that made them,
// and the words for each kind of change.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "history.h"

namespace kep {

// The plan's repository and history, opened for a command; errors are printed.
struct OpenHistory {
  RepositoryOpen opened;
  std::unique_ptr<History> history;
};
// With `cache`, the history reads field files through it (shared with the plan's loading; it must
// outlive the history).
std::optional<OpenHistory> open_history(Context& ctx, const std::string& command, int& exit_code,
                                        FieldCache* cache = nullptr);

// The changes from `from` to `to` (nothing: the working tree), each with its commit. Problems
// met on the way (unreadable files at old commits) go to `problems`.
struct ChangeSet {
  CommitInfo from;
  std::optional<CommitInfo> to;
  std::vector<Change> changes;
  bool truncated = false;
  bool not_linear = false;  // `from` is not an ancestor of `to` along first parents
};
ChangeSet changes_between(Context& ctx, History& history, const CommitInfo& from,
                          const std::optional<CommitInfo>& to, std::vector<std::string>& problems);

// "Status: geplant → in Umsetzung" and the like, in `lang`, with status labels of `plan`.
std::string describe_change(const Change& change, const Plan& plan, std::string_view lang);

// Prints problems (once each) and the shallow-clone note to stderr.
void print_history_problems(Context& ctx, const std::vector<std::string>& problems, bool truncated);

}  // namespace kep
