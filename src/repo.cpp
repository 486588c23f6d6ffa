#include "repo.h"

#include <git2.h>

namespace kep {
namespace {

// libgit2 wants one init per use; this keeps the calls paired.
class Libgit2 {
 public:
  Libgit2() { git_libgit2_init(); }
  ~Libgit2() { git_libgit2_shutdown(); }
  Libgit2(const Libgit2&) = delete;
  Libgit2& operator=(const Libgit2&) = delete;
};

}  // namespace

std::optional<std::string> head_commit(const std::string& dir) {
  const Libgit2 library;
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, dir.c_str(), 0, nullptr) != 0) return std::nullopt;
  std::optional<std::string> result;
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    result = hex;
  }
  git_repository_free(repo);
  return result;
}

}  // namespace kep
