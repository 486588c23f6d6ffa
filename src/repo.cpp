#include "repo.h"

#include <fmt/format.h>
#include <git2.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <system_error>

namespace {
std::atomic<unsigned> g_certificate_loads_skipped{0};
}

// Debian's libgit2 1.5 talks TLS through mbedTLS and, in git_libgit2_init, reads and parses every
// CA certificate of the system (/etc/ssl/certs/ca-certificates.crt, 9 ms on the reference
// machine: a third of `kep history` on the real plan) for remotes over HTTPS. kep reads local
// repositories only. This definition takes the place of mbedTLS's in kep's programs (the
// dynamic linker looks for a library's symbols in the executable first, and the linker exports
// this one because libgit2 uses it), so libgit2 starts with no trusted certificate: were kep ever
// to reach a remote over HTTPS, the certificate check would fail, not pass. The signature is
// mbedTLS's with its pointer types left opaque. tests/test_repo.cpp checks that it is used; a
// libgit2 built with OpenSSL reads certificates only when it connects (then this can go), and a
// program linking mbedTLS statically cannot have it (docs/performance.md).
extern "C" int mbedtls_x509_crt_parse_file(void* /*chain*/, const char* /*path*/) {
  g_certificate_loads_skipped.fetch_add(1, std::memory_order_relaxed);
  return 0;
}

namespace kep {

unsigned certificate_loads_skipped() {
  return g_certificate_loads_skipped.load(std::memory_order_relaxed);
}

namespace {

namespace fs = std::filesystem;

// libgit2 wants one init per use; this keeps the calls paired.
class Libgit2 {
 public:
  Libgit2() {
    git_libgit2_init();
    // Reading history checks no object's hash again, as git itself does not when reading: it
    // took 8 % of `kep history` over 1,000 commits.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  ~Libgit2() { git_libgit2_shutdown(); }
  Libgit2(const Libgit2&) = delete;
  Libgit2& operator=(const Libgit2&) = delete;
};

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using IteratorPtr = std::unique_ptr<git_reference_iterator,
                                    Deleter<git_reference_iterator, git_reference_iterator_free>>;

std::string last_error() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

std::string oid_text(const git_oid* oid) {
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, oid);
  return hex;
}

Date utc_date(long time) {
  const long days = time >= 0 ? time / 86400 : (time - 86399) / 86400;
  // Howard Hinnant's civil_from_days.
  const long z = days + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

CommitInfo commit_info(git_commit* commit) {
  CommitInfo info;
  info.id = oid_text(git_commit_id(commit));
  const git_signature* author = git_commit_author(commit);
  info.author = author && author->name ? author->name : "";
  info.time = static_cast<long>(git_commit_time(commit));
  info.date = utc_date(info.time);
  const char* summary = git_commit_summary(commit);
  info.summary = summary ? summary : "";
  for (unsigned i = 0; i < git_commit_parentcount(commit); ++i)
    info.parents.push_back(oid_text(git_commit_parent_id(commit, i)));
  return info;
}

class GitPlanRepository : public PlanRepository {
 public:
  GitPlanRepository(RepoPtr repo, std::string plan_path)
      : m_repo(std::move(repo)), m_plan_path(std::move(plan_path)) {}

  const std::string& plan_path() const override { return m_plan_path; }

  bool shallow() const override { return git_repository_is_shallow(m_repo.get()) == 1; }

  std::optional<CommitInfo> resolve(const std::string& revision, std::string& error) override {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, m_repo.get(), revision.c_str()) != 0) {
      error = fmt::format("git knows no revision '{}'", revision);
      return std::nullopt;
    }
    ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
      error = fmt::format("'{}' is not a commit", revision);
      return std::nullopt;
    }
    ObjectPtr commit(peeled);
    return commit_info(reinterpret_cast<git_commit*>(commit.get()));
  }

  std::vector<CommitInfo> first_parent_log(const CommitInfo& head) override {
    std::vector<CommitInfo> out;
    git_oid oid;
    if (git_oid_fromstr(&oid, head.id.c_str()) != 0) return out;
    while (true) {
      git_commit* raw = nullptr;
      // In a shallow clone the last parent is missing: the walk ends there.
      if (git_commit_lookup(&raw, m_repo.get(), &oid) != 0) break;
      CommitPtr commit(raw);
      out.push_back(commit_info(commit.get()));
      if (git_commit_parentcount(commit.get()) == 0) break;
      git_oid_cpy(&oid, git_commit_parent_id(commit.get(), 0));
    }
    return out;
  }

  PlanAtCommit plan_at(const CommitInfo& info, bool with_text) override {
    PlanAtCommit out;
    git_oid oid;
    git_commit* raw_commit = nullptr;
    if (git_oid_fromstr(&oid, info.id.c_str()) != 0 ||
        git_commit_lookup(&raw_commit, m_repo.get(), &oid) != 0)
      return out;
    CommitPtr commit(raw_commit);
    git_tree* raw_root = nullptr;
    if (git_commit_tree(&raw_root, commit.get()) != 0) return out;
    TreePtr root(raw_root);
    TreePtr plan = subtree(root.get(), m_plan_path);
    if (!plan) return out;
    out.present = true;
    // The plan's identity: plan.yaml's blob and the fields/ tree, not the whole folder, so that
    // a README beside plan.yaml (or a plan at the repository's root) changes nothing.
    if (const git_tree_entry* e = git_tree_entry_byname(plan.get(), "plan.yaml");
        e && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
      out.files.push_back(blob_of("plan.yaml", git_tree_entry_id(e), with_text));
      out.tree_id = oid_text(git_tree_entry_id(e));
    }
    TreePtr fields = subtree(plan.get(), "fields");
    out.tree_id += ":" + (fields ? oid_text(git_tree_id(fields.get())) : std::string());
    if (out.files.empty() && !fields) {
      out.present = false;  // a folder without plan.yaml and fields/ is no plan
      out.tree_id.clear();
    }
    if (fields) {
      std::vector<PlanBlob> field_files;
      for (std::size_t i = 0; i < git_tree_entrycount(fields.get()); ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(fields.get(), i);
        const std::string name = git_tree_entry_name(e);
        if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || !name.ends_with(".yaml") ||
            name.starts_with("."))
          continue;
        field_files.push_back(blob_of("fields/" + name, git_tree_entry_id(e), with_text));
      }
      std::sort(field_files.begin(), field_files.end(),
                [](const PlanBlob& a, const PlanBlob& b) { return a.name < b.name; });
      out.files.insert(out.files.end(), field_files.begin(), field_files.end());
    }
    return out;
  }

  std::vector<std::string> revision_names(std::size_t recent) override {
    std::vector<std::string> branches, remotes, tags;
    git_reference_iterator* raw = nullptr;
    if (git_reference_iterator_new(&raw, m_repo.get()) == 0) {
      IteratorPtr references(raw);
      git_reference* ref = nullptr;
      while (git_reference_next(&ref, references.get()) == 0) {
        ReferencePtr owned(ref);
        const std::string name = git_reference_shorthand(ref);
        if (git_reference_is_branch(ref)) branches.push_back(name);
        if (git_reference_is_remote(ref) && !name.ends_with("/HEAD")) remotes.push_back(name);
        if (git_reference_is_tag(ref)) tags.push_back(name);
      }
    }
    std::vector<std::string> names = {"HEAD"};
    for (auto* group : {&branches, &remotes, &tags}) {
      std::sort(group->begin(), group->end());
      names.insert(names.end(), group->begin(), group->end());
    }
    std::string error;
    auto commit = resolve("HEAD", error);
    for (std::size_t i = 0; commit && i < recent; ++i) {
      names.push_back(commit->short_id());
      if (commit->parents.empty()) break;
      commit = resolve(commit->parents.front(), error);
    }
    return names;
  }

  std::string blob_text(const std::string& blob_id) override {
    git_oid oid;
    git_blob* raw = nullptr;
    if (git_oid_fromstr(&oid, blob_id.c_str()) != 0 ||
        git_blob_lookup(&raw, m_repo.get(), &oid) != 0)
      return {};
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  }

 private:
  TreePtr subtree(git_tree* tree, const std::string& path) {
    if (path.empty() || path == ".") {
      git_tree* copy = nullptr;
      if (git_tree_dup(&copy, tree) != 0) return nullptr;
      return TreePtr(copy);
    }
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) return nullptr;
    EntryPtr entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return nullptr;
    git_tree* sub = nullptr;
    if (git_tree_lookup(&sub, m_repo.get(), git_tree_entry_id(entry.get())) != 0) return nullptr;
    return TreePtr(sub);
  }

  PlanBlob blob_of(std::string name, const git_oid* oid, bool with_text) {
    PlanBlob blob{std::move(name), oid_text(oid), ""};
    if (with_text) blob.text = blob_text(blob.blob_id);
    return blob;
  }

  Libgit2 m_library;  // first member: initialised before, shut down after the repository
  RepoPtr m_repo;
  std::string m_plan_path;
};

}  // namespace

LibraryWarmUp::LibraryWarmUp() {
  try {
    m_thread = std::thread([] { git_libgit2_init(); });
  } catch (const std::system_error&) {
    // No thread to spare: libgit2 starts when the repository is opened, as without this.
  }
}

LibraryWarmUp::~LibraryWarmUp() {
  if (!m_thread.joinable()) return;
  m_thread.join();
  git_libgit2_shutdown();
}

RepositoryOpen open_plan_repository(const std::string& plan_dir) {
  RepositoryOpen result;
  auto library = std::make_unique<Libgit2>();
  git_repository* raw = nullptr;
  const int code = git_repository_open_ext(&raw, plan_dir.c_str(), 0, nullptr);
  // libgit2 1.5 reports a repository of another user as GIT_EOWNER or, without a
  // safe.directory setting at all, as "config value 'safe.directory' was not found".
  const bool other_owner =
      code == GIT_EOWNER || (code != 0 && last_error().find("safe.directory") != std::string::npos);
  if (code == GIT_ENOTFOUND && !other_owner) {
    result.not_a_repository = true;
    result.error = fmt::format("'{}' is not in a git repository", plan_dir);
    return result;
  }
  if (other_owner) {
    // libgit2 1.5 names safe.directory without saying why; say what is going on.
    std::error_code ec;
    const auto where = fs::weakly_canonical(plan_dir, ec).string();
    result.error = fmt::format(
        "the git repository of '{}' belongs to another user, and git does not read a "
        "repository of another user unless told that it is safe; if you trust it, run: git "
        "config --global --add safe.directory <the repository's top folder> (for example the "
        "folder above '{}')",
        plan_dir, where);
    return result;
  }
  if (code != 0) {
    result.error =
        fmt::format("cannot open the git repository of '{}': {}", plan_dir, last_error());
    return result;
  }
  RepoPtr repo(raw);
  const char* workdir = git_repository_workdir(repo.get());
  if (!workdir) {
    result.error = fmt::format("the git repository of '{}' has no working folder", plan_dir);
    return result;
  }
  std::error_code ec;
  const auto root = fs::weakly_canonical(workdir, ec);
  const auto plan = fs::weakly_canonical(plan_dir, ec);
  std::string relative = plan.lexically_relative(root).generic_string();
  if (relative == ".") relative.clear();
  result.repository = std::make_unique<GitPlanRepository>(std::move(repo), relative);
  return result;
}

std::optional<std::string> head_commit(const std::string& dir) {
  auto opened = open_plan_repository(dir);
  if (!opened.repository) return std::nullopt;
  std::string error;
  const auto head = opened.repository->resolve("HEAD", error);
  if (!head) return std::nullopt;
  return head->id;
}

}  // namespace kep
