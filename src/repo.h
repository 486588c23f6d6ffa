#pragma once
// What kep reads from the git repository a plan lives in (libgit2, in process).

#include <optional>
#include <string>

namespace kep {

// The commit HEAD points to in the repository that holds `dir`, as 40 hex digits; nothing when
// `dir` is not in a git repository or HEAD has no commit yet.
std::optional<std::string> head_commit(const std::string& dir);

}  // namespace kep
