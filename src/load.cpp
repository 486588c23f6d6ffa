#include "load.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>
#include <system_error>

#include "node_reader.h"
#include "parallel.h"
#include "yaml_tree.h"

namespace kep {
namespace fs = std::filesystem;
namespace {

void io_error(Findings& findings, std::uint32_t file, std::string rule, std::string message) {
  findings.push_back(
      Finding{Place{file, 0, 0, 0}, Severity::error, std::move(rule), std::move(message)});
}

// Reads a regular file whole. Refuses directories, devices (a link to /dev/zero), symlink
// loops and files over the size limit with a finding.
bool read_file(const std::string& path, std::uint32_t file, const LoadOptions& options,
               std::string& out, Findings& findings) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    std::error_code ec;
    const auto target = fs::read_symlink(path, ec);
    std::string message;
    if (err == ELOOP) {
      message =
          "cannot read the file: its symbolic links form a loop; replace the link with the file";
    } else if (err == ENOENT && !ec) {
      message = fmt::format("this is a link to '{}', which does not exist; fix or delete the link",
                            target.string());
    } else {
      message = fmt::format("cannot read the file: {}; check its permissions", std::strerror(err));
    }
    io_error(findings, file, "file-unreadable", message);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (ok && S_ISDIR(st.st_mode)) {
    io_error(findings, file, "file-unreadable", "this is a folder, not a file; rename or move it");
    ok = false;
  } else if (ok && !S_ISREG(st.st_mode)) {
    io_error(findings, file, "file-unreadable",
             "this is not a regular file (a device or pipe); replace it with a YAML file");
    ok = false;
  } else if (ok && static_cast<std::size_t>(st.st_size) > options.max_file_size) {
    io_error(findings, file, "file-too-large",
             fmt::format("the file has {} bytes, more than the limit of {}; split it, or raise "
                         "the limit with --max-file-size",
                         st.st_size, options.max_file_size));
    ok = false;
  }
  if (ok) {
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < out.size()) {
      const auto n = ::read(fd, out.data() + got, out.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    if (got != static_cast<std::size_t>(st.st_size)) {
      io_error(findings, file, "file-unreadable", "cannot read the whole file");
      ok = false;
    }
  }
  ::close(fd);
  return ok;
}

// Editors (VS Code, Neovim) check a plan file against its JSON Schema when its first line
// names it; kep warns when the line is missing or names the other schema.
void check_schema_line(const std::string& text, std::uint32_t file, std::string_view kind,
                       Findings& findings) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return;  // yaml-empty says it
  constexpr std::string_view k_prefix = "# yaml-language-server: $schema=";
  std::string_view first = std::string_view(text).substr(0, text.find('\n'));
  if (first.ends_with('\r')) first.remove_suffix(1);
  const std::string wanted = std::string(kind) + ".schema.json";
  const std::string example =
      fmt::format("{}{}schema/{}", k_prefix, kind == "plan" ? "../" : "../../", wanted);
  if (!first.starts_with(k_prefix)) {
    findings.push_back(Finding{Place{file, 1, 1, 0}, Severity::warning, "schema-line",
                               fmt::format("the file does not start with its schema line; add "
                                           "'{}' as the first line so editors check it",
                                           example)});
  } else if (!first.substr(k_prefix.size()).ends_with(wanted)) {
    findings.push_back(
        Finding{Place{file, 1, static_cast<std::uint32_t>(k_prefix.size() + 1),
                      static_cast<std::uint32_t>(first.size() - k_prefix.size())},
                Severity::warning, "schema-line",
                fmt::format("the schema line names the wrong schema; a {} file uses {}",
                            kind == "plan" ? "plan.yaml" : "field", wanted)});
  }
}

std::uint32_t add_file(Plan& plan, std::string path) {
  plan.files.push_back(SourceFile{std::move(path), {}});
  return static_cast<std::uint32_t>(plan.files.size() - 1);
}

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// A field file read into the model: the field (nothing when the file is no field) and the
// findings of parsing and reading it, in the order a single thread would give them.
struct FieldRead {
  std::optional<Field> field;
  Findings findings;
};

FieldRead read_one_field(const Plan& plan, std::uint32_t file, FieldCache* cache) {
  FieldRead out;
  const std::string& text = plan.files[file].text;
  out.field = read_field_text(text, file, plan, out.findings, cache);
  // Only a field gets the field schema's advice; a file that is no field gets not-a-field.
  if (out.field) check_schema_line(text, file, "field", out.findings);
  return out;
}

// The field files read into fields, on up to as many threads as there are cores: YAML parsing
// is most of the time kep takes for a large plan (docs/performance.md). Each worker parses a
// file and reads its tree into a field at once, so only one tree per thread is alive at a time
// (the trees take several times the memory of the fields read from them); the results stay in
// file order.
std::vector<FieldRead> read_field_files(const Plan& plan, const std::vector<std::uint32_t>& files,
                                        FieldCache* cache) {
  std::vector<FieldRead> results(files.size());
  std::size_t bytes = 0;
  for (const auto file : files) bytes += plan.files[file].text.size();
  for_each_index(files.size(), workers_for_yaml(files.size(), bytes),
                 [&](std::size_t i) { results[i] = read_one_field(plan, files[i], cache); });
  return results;
}

}  // namespace

LoadResult load_plan(const std::string& dir, const LoadOptions& options) {
  LoadResult result;
  Plan& plan = result.plan;
  Findings& findings = result.findings;
  plan.statuses = built_in_statuses(plan.language);

  const std::string plan_path = join(dir, "plan.yaml");
  const auto plan_file = add_file(plan, plan_path);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    io_error(findings, plan_file, "plan-missing",
             fmt::format("there is no plan folder '{}'; pass the folder that holds plan.yaml with "
                         "--plan DIR",
                         dir));
    return result;
  }
  if (!fs::exists(fs::symlink_status(plan_path, ec))) {
    io_error(findings, plan_file, "plan-missing",
             fmt::format("there is no plan.yaml in '{}'; pass the folder that holds it with --plan "
                         "DIR (see docs/plan-format.md)",
                         dir));
  } else if (read_file(plan_path, plan_file, options, plan.files[plan_file].text, findings)) {
    check_schema_line(plan.files[plan_file].text, plan_file, "plan", findings);
    read_plan_file(plan.files[plan_file].text, plan_file, plan, findings);
  }

  const std::string fields_dir = join(dir, "fields");
  std::vector<std::string> names;
  std::vector<std::string> ignored;
  for (fs::directory_iterator it(fields_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // editor backups, .gitkeep
    if (name.ends_with(".yaml"))
      names.push_back(name);
    else if (name.ends_with(".yml"))
      ignored.push_back(name);
  }
  // A folder kep may not list is an error, not a plan without fields; a missing folder is
  // no-fields below.
  const bool unlistable =
      ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory;
  if (unlistable)
    io_error(findings, add_file(plan, fields_dir), "file-unreadable",
             fmt::format("cannot read the folder: {}; check its permissions",
                         std::strerror(ec.value())));
  std::sort(names.begin(), names.end());
  std::sort(ignored.begin(), ignored.end());
  for (const auto& name : ignored) {
    const auto file = add_file(plan, join(fields_dir, name));
    findings.push_back(Finding{Place{file, 0, 0, 0}, Severity::warning, "ignored-file",
                               "kep reads only files ending in .yaml; rename it to .yaml"});
  }
  std::vector<std::uint32_t> read;  // the field files that could be read
  for (const auto& name : names) {
    const auto file = add_file(plan, join(fields_dir, name));
    if (read_file(plan.files[file].path, file, options, plan.files[file].text, findings))
      read.push_back(file);
  }
  for (auto& field : read_field_files(plan, read, options.cache)) {
    findings.insert(findings.end(), std::make_move_iterator(field.findings.begin()),
                    std::make_move_iterator(field.findings.end()));
    if (field.field) add_field(plan, std::move(*field.field));
  }
  if (names.empty() && !unlistable && fs::is_directory(dir, ec)) {
    const bool folder = fs::is_directory(fields_dir, ec);
    findings.push_back(Finding{
        Place{plan_file, 0, 0, 0}, Severity::warning, "no-fields",
        folder ? fmt::format("the plan has no fields: '{}' holds no .yaml files; add one file per "
                             "field of action",
                             fields_dir)
               : fmt::format("the plan has no fields: there is no folder '{}'; create it with one "
                             ".yaml file per field of action",
                             fields_dir)});
  }
  return result;
}

LoadResult load_plan_texts(const std::string& dir, std::vector<PlanText> texts) {
  LoadResult result;
  Plan& plan = result.plan;
  plan.statuses = built_in_statuses(plan.language);
  std::sort(texts.begin(), texts.end(), [](const PlanText& a, const PlanText& b) {
    return (a.name != "plan.yaml") < (b.name != "plan.yaml") ||
           ((a.name != "plan.yaml") == (b.name != "plan.yaml") && a.name < b.name);
  });
  const auto plan_file = add_file(plan, join(dir, "plan.yaml"));
  bool has_plan = false, has_fields = false;
  for (auto& t : texts) {
    if (t.name == "plan.yaml") {
      has_plan = true;
      plan.files[plan_file].text = std::move(t.text);
      check_schema_line(plan.files[plan_file].text, plan_file, "plan", result.findings);
      read_plan_file(plan.files[plan_file].text, plan_file, plan, result.findings);
    } else {
      has_fields = true;
      const auto file = add_file(plan, join(dir, t.name));
      plan.files[file].text = std::move(t.text);
      check_schema_line(plan.files[file].text, file, "field", result.findings);
      read_field_file(plan.files[file].text, file, plan, result.findings);
    }
  }
  if (!has_plan)
    io_error(
        result.findings, plan_file, "plan-missing",
        fmt::format("there is no plan.yaml in '{}'; the plan folder did not hold one then", dir));
  if (!has_fields)
    result.findings.push_back(
        Finding{Place{plan_file, 0, 0, 0}, Severity::warning, "no-fields",
                fmt::format("the plan has no fields: '{}' held no fields/*.yaml files then", dir)});
  return result;
}

}  // namespace kep
