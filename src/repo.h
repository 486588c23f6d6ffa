#pragma once
// The git repository a plan lives in, read in process with libgit2: commits, and the plan's
// files as they were at a commit. The only file that includes libgit2. `PlanRepository` is the
// small interface history.cpp uses, so tests can give it another implementation.

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "date.h"

namespace kep {

struct CommitInfo {
  std::string id;  // 40 hex digits
  std::string author;
  long time = 0;  // seconds since the epoch
  Date date;      // the commit's date in UTC
  std::string summary;
  std::vector<std::string> parents;

  std::string short_id() const { return id.substr(0, 7); }
};

// A file of the plan at a commit: its name ("plan.yaml", "fields/01-x.yaml"), its blob id (the
// same content has the same id in every commit) and its text.
struct PlanBlob {
  std::string name;
  std::string blob_id;
  std::string text;
};

struct PlanAtCommit {
  bool present = false;         // the plan folder exists at this commit
  std::string tree_id;          // the plan folder's tree: unchanged plan, unchanged id
  std::vector<PlanBlob> files;  // plan.yaml first (if present), then fields/*.yaml by name
};

class PlanRepository {
 public:
  virtual ~PlanRepository() = default;
  // The plan folder's path from the repository's root, e.g. "plan".
  virtual const std::string& plan_path() const = 0;
  virtual bool shallow() const = 0;
  // A revision (commit id, branch, tag, HEAD~2, ...) as a commit, or an error message.
  virtual std::optional<CommitInfo> resolve(const std::string& revision, std::string& error) = 0;
  // Commits from `head` back along first parents, newest first, up to `limit` (0: all).
  virtual std::vector<CommitInfo> first_parent_log(const CommitInfo& head) = 0;
  // The plan folder at a commit; `with_text` false reads only ids.
  virtual PlanAtCommit plan_at(const CommitInfo& commit, bool with_text) = 0;
  // The text of a blob.
  virtual std::string blob_text(const std::string& blob_id) = 0;
  // Names to offer for a revision: HEAD, the branches, the remote branches and the tags (each
  // sorted), then the short ids of the latest `recent` commits along HEAD's first parents.
  virtual std::vector<std::string> revision_names(std::size_t /*recent*/) { return {}; }
};

struct RepositoryOpen {
  std::unique_ptr<PlanRepository> repository;  // nothing when not opened
  bool not_a_repository = false;               // the plan is simply not in git
  std::string error;                           // why it could not be opened
};

// Opens the repository that holds the folder `plan_dir`.
RepositoryOpen open_plan_repository(const std::string& plan_dir);

// Starts libgit2 on another thread while the caller goes on (loading the plan): it takes about a
// millisecond (more for a libgit2 that reads the system's CA certificates when it starts; see
// certificate_loads_skipped). A repository opened meanwhile waits for the start to finish.
// Keeps libgit2 started until destroyed.
class LibraryWarmUp {
 public:
  LibraryWarmUp();
  ~LibraryWarmUp();
  LibraryWarmUp(const LibraryWarmUp&) = delete;
  LibraryWarmUp& operator=(const LibraryWarmUp&) = delete;

 private:
  std::thread m_thread;
};

// How often libgit2 asked mbedTLS to read the system's CA certificates and kep's definition of
// that function (repo.cpp) answered instead, reading nothing: kep reaches no remote.
unsigned certificate_loads_skipped();

// The commit HEAD points to in the repository that holds `dir`, as 40 hex digits; nothing when
// `dir` is not in a git repository or HEAD has no commit yet.
std::optional<std::string> head_commit(const std::string& dir);

}  // namespace kep
