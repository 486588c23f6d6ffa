// kep init: a new plan for another municipality, valid at once, written all or nothing.
#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli.h"
#include "command.h"
#include "date.h"
#include "embedded.h"
#include "escape.h"
#include "text.h"

namespace kep {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string dir;
  std::string municipality;
};

// A file of the new plan: its path inside DIR and its content.
struct NewFile {
  std::string path;
  std::string content;
};

// The code point of the UTF-8 sequence at `text[i]` (valid UTF-8), and advances `i` past it.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t cp = length == 1 ? lead : lead & (0x3F >> (length - 1));
  for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += length;
  return cp;
}

// Characters a plan's text may not hold in a name: they break lines or are invisible.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

// Why `name` cannot be a municipality's name, or nothing.
std::optional<std::string> check_municipality(std::string_view name) {
  if (name.find_first_not_of(' ') == std::string_view::npos)
    return "--municipality is empty; give the municipality's name, e.g. --municipality "
           "\"Bad Honnef\"";
  if (find_invalid_utf8(name))
    return "--municipality is not valid UTF-8; give the name as UTF-8 text";
  for (std::size_t i = 0; i < name.size();) {
    const char32_t cp = next_code_point(name, i);
    if (is_control(cp))
      return fmt::format(
          "--municipality '{}' holds a control character (U+{:04X}); give the name on one line "
          "as plain text",
          name, static_cast<std::uint32_t>(cp));
  }
  if (name.front() == ' ' || name.back() == ' ')
    return fmt::format("--municipality '{}' starts or ends with a space; leave them out", name);
  return std::nullopt;
}

// `text` as a YAML value that kep reads back as that text: plain when that is safe (letters,
// digits, spaces and a few marks, starting with a letter, not a YAML word), else double-quoted.
std::string yaml_text(std::string_view text) {
  static const std::vector<std::string_view> k_words = {"true", "false", "yes", "no", "on",
                                                        "off",  "null",  "y",   "n"};
  const auto safe = [](unsigned char c) {
    return c >= 0x80 || std::isalnum(c) ||
           std::string_view(" -.,()'/").find(static_cast<char>(c)) != std::string_view::npos;
  };
  const auto first = static_cast<unsigned char>(text.front());
  const bool plain = (first >= 0x80 || std::isalpha(first)) &&
                     std::all_of(text.begin(), text.end(),
                                 [&](char c) { return safe(static_cast<unsigned char>(c)); }) &&
                     std::find(k_words.begin(), k_words.end(), fold_case(text)) == k_words.end();
  if (plain) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + '"';
}

// Replaces each @NAME@ in `text` by values[NAME]. An @NAME@ without a value means the embedded
// template and this file disagree: that is an internal error, reported in `error`.
std::optional<std::string> fill(std::string_view text,
                                const std::map<std::string, std::string>& values,
                                const std::string& file, std::string& error) {
  std::string result;
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = text.find('@', pos);
    if (at == std::string_view::npos) break;
    const std::size_t end = text.find('@', at + 1);
    const std::string_view name =
        end == std::string_view::npos ? std::string_view() : text.substr(at + 1, end - at - 1);
    const bool is_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || c == '_';
    });
    if (!is_name) {  // an @ of the text itself
      result.append(text.substr(pos, at + 1 - pos));
      pos = at + 1;
      continue;
    }
    const auto value = values.find(std::string(name));
    if (value == values.end()) {
      error = fmt::format("the built-in file '{}' names an unknown value @{}@", file, name);
      return std::nullopt;
    }
    result.append(text.substr(pos, at - pos));
    result += value->second;
    pos = end + 1;
  }
  result.append(text.substr(pos));
  return result;
}

Date first_of_january(int year) { return Date{year, 1, 1}; }
Date last_of_december(int year) { return Date{year, 12, 31}; }

// The files of the new plan, in the order they are listed to the user.
std::optional<std::vector<NewFile>> skeleton(const std::string& municipality,
                                             const std::string& lang, const Date& today,
                                             std::string& error) {
  // Example phases of two, three and five years from the next January 1, a common shape of such
  // plans; the user replaces them with the document's own.
  const int year = today.year + 1;
  const std::map<std::string, std::string> values = {
      {"MUNICIPALITY", yaml_text(municipality)},
      {"MUNICIPALITY_TEXT", municipality},
      {"MUNICIPALITY_MD", markdown_escape(municipality)},
      {"PERIOD_START", format_date(first_of_january(year))},
      {"PERIOD_END", format_date(last_of_december(year + 9))},
      {"A_START", format_date(first_of_january(year))},
      {"A_END", format_date(last_of_december(year + 1))},
      {"B_START", format_date(first_of_january(year + 2))},
      {"B_END", format_date(last_of_december(year + 4))},
      {"C_START", format_date(first_of_january(year + 5))},
      {"C_END", format_date(last_of_december(year + 9))},
      {"EXAMPLE_DUE", format_date(Date{year + 1, 6, 30})},
  };
  const std::string field_file = lang == "de" ? "01-beispiel.yaml" : "01-example.yaml";
  // {path in DIR, embedded file, filled in}
  struct Source {
    std::string path, embedded;
    bool fill;
  };
  const std::vector<Source> sources = {
      {"plan/plan.yaml", "templates/init/" + lang + "/plan.yaml.in", true},
      {"plan/fields/" + field_file, "templates/init/" + lang + "/field.yaml.in", true},
      {"schema/plan.schema.json", "schema/plan.schema.json", false},
      {"schema/field.schema.json", "schema/field.schema.json", false},
      {"README.md", "templates/init/" + lang + "/README.md.in", true},
      {".github/workflows/kep.yml", "templates/init/workflow.yml", false},
      {".gitignore", "templates/init/gitignore", false},
  };
  std::vector<NewFile> files;
  for (const auto& source : sources) {
    const auto content = embedded_file(source.embedded);
    if (!content) {
      error = fmt::format("the built-in file '{}' is missing from this build", source.embedded);
      return std::nullopt;
    }
    if (!source.fill) {
      files.push_back(NewFile{source.path, std::string(*content)});
      continue;
    }
    auto filled = fill(*content, values, source.embedded, error);
    if (!filled) return std::nullopt;
    files.push_back(NewFile{source.path, std::move(*filled)});
  }
  return files;
}

// DIR as the user wrote it, without a trailing slash ("town/" -> "town").
fs::path target_path(const std::string& dir) {
  fs::path path(dir);
  while (!path.has_filename() && path.has_parent_path() && path != path.root_path())
    path = path.parent_path();
  return path;
}

enum class Target { missing, empty };

// Whether DIR can take the new plan: it does not exist (and its parent folder does) or it is an
// empty folder. Otherwise a message, and in `code` whether it is a usage or a read error.
std::optional<Target> check_target(const std::string& dir, std::string& message, int& code) {
  code = k_exit_usage;
  std::error_code ec;
  const fs::path path = target_path(dir);
  const auto cannot_read = [&](const std::error_code& e) {
    message = fmt::format("cannot look into '{}': {}; nothing was written", dir, e.message());
    code = k_exit_io;
    return std::nullopt;
  };
  const auto link = fs::symlink_status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) return cannot_read(ec);
  if (!fs::exists(link)) {
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) {
      message = fmt::format(
          "the folder '{}' does not exist, so '{}' cannot be made in it; create it first "
          "(mkdir -p '{}') or name a folder in an existing one",
          parent.string(), dir, parent.string());
      return std::nullopt;
    }
    return Target::missing;
  }
  if (!fs::is_directory(path, ec)) {
    message = fmt::format(
        "'{}' exists and is not a folder; name a new or empty folder for the plan (nothing was "
        "written)",
        dir);
    return std::nullopt;
  }
  const bool empty = fs::is_empty(path, ec);
  if (ec) return cannot_read(ec);
  if (!empty) {
    message = fmt::format(
        "the folder '{}' is not empty; kep init writes only into a new or empty folder, so name "
        "another one (nothing was written)",
        dir);
    return std::nullopt;
  }
  return Target::empty;
}

// Renames `from` to `to`, failing rather than replacing anything that appeared at `to`.
int rename_no_replace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  // A file system without RENAME_NOREPLACE: a plain rename, which could replace only what
  // appeared there since check_target looked (and never a folder that is not empty).
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// A new folder with a unique name from `pattern` (ending in XXXXXX), with the usual permissions
// rather than mkdtemp's 0700.
std::optional<fs::path> make_temp_folder(const fs::path& pattern, std::string& error) {
  std::string name = pattern.string();
  if (!::mkdtemp(name.data())) {
    error = fmt::format("cannot create a folder in '{}': {}", pattern.parent_path().string(),
                        std::strerror(errno));
    return std::nullopt;
  }
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(name.c_str(), 0777 & ~mask);
  return fs::path(name);
}

std::string join_path(const std::string& dir, const std::string& name) {
  return dir.ends_with('/') ? dir + name : dir + "/" + name;
}

// Writes `content` to the new file `path`, flushed to disk. The file is in the temporary folder,
// so a plain write is enough: the folder as a whole is put in place when every file is written.
int write_new_file(const fs::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return err;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return err;
  }
  return ::close(fd) == 0 ? 0 : errno;
}

// Writes `files` below `root`; an error names the file as it would be in `dir`.
std::optional<std::string> write_files(const fs::path& root, const std::string& dir,
                                       const std::vector<NewFile>& files) {
  for (const auto& file : files) {
    const fs::path path = root / file.path;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      return fmt::format("cannot create '{}': {}",
                         join_path(dir, fs::path(file.path).parent_path().string()), ec.message());
    if (const int err = write_new_file(path, file.content))
      return fmt::format("cannot write '{}': {}", join_path(dir, file.path), std::strerror(err));
  }
  return std::nullopt;
}

// Moves the entries of `from` into the folder `to`, all or none.
std::optional<std::string> move_entries(const fs::path& from, const fs::path& to) {
  std::vector<fs::path> names;
  std::error_code ec;
  for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename());
  if (ec) return fmt::format("cannot read '{}': {}", from.string(), ec.message());
  std::sort(names.begin(), names.end());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (const int err = rename_no_replace(from / names[i], to / names[i])) {
      for (std::size_t k = 0; k < i; ++k)
        ::rename((to / names[k]).c_str(), (from / names[k]).c_str());
      return fmt::format("cannot move '{}' into '{}': {}", names[i].string(), to.string(),
                         std::strerror(err));
    }
  }
  return std::nullopt;
}

// Writes the plan into a temporary folder, then puts it in place: a missing DIR is that folder
// renamed; into an empty DIR (perhaps the current folder) its entries are moved, so DIR keeps
// its permissions. A failure removes the temporary folder and leaves DIR as it was.
std::optional<std::string> write_plan(const std::string& dir, Target target,
                                      const std::vector<NewFile>& files) {
  const fs::path path = target_path(dir);
  const fs::path pattern = target == Target::missing
                               ? (path.has_parent_path() ? path.parent_path() : fs::path(".")) /
                                     ("." + path.filename().string() + ".kep-init-XXXXXX")
                               : path / ".kep-init-XXXXXX";
  std::string error;
  const auto temp = make_temp_folder(pattern, error);
  if (!temp) return error;
  std::optional<std::string> failed = write_files(*temp, dir, files);
  if (!failed) {
    if (target == Target::missing) {
      if (const int err = rename_no_replace(*temp, path))
        failed = fmt::format("cannot create '{}': {}", dir, std::strerror(err));
    } else {
      failed = move_entries(*temp, path);
    }
  }
  std::error_code ec;
  if (failed || target == Target::empty) fs::remove_all(*temp, ec);
  return failed;
}

int run_init(Context& ctx, const InitOptions& options) {
  if (options.dir.empty()) return usage_error(ctx, "the folder name is empty; name a new folder");
  if (auto message = check_municipality(options.municipality)) return usage_error(ctx, *message);
  std::string message;
  int code = k_exit_ok;
  const auto target = check_target(options.dir, message, code);
  if (!target) {
    ctx.err << fmt::format("kep: error: {}\n", message);
    return code;
  }
  const std::string lang = ctx.shared.lang.empty() ? "de" : ctx.shared.lang;
  std::string error;
  const auto files = skeleton(options.municipality, lang, ctx.today, error);
  if (!files) {
    ctx.err << fmt::format("kep: error: {}\n", error);
    return k_exit_io;
  }
  if (auto failed = write_plan(options.dir, *target, *files)) {
    ctx.err << fmt::format("kep: error: {}; nothing was written\n", *failed);
    return k_exit_io;
  }
  ctx.out << fmt::format("Created a plan for {} in '{}':\n", options.municipality, options.dir);
  for (const auto& file : *files) ctx.out << "  " << join_path(options.dir, file.path) << "\n";
  ctx.out << fmt::format("Next: replace the placeholders and the example phases in {}, then\n",
                         join_path(options.dir, "plan/plan.yaml"));
  if (target_path(options.dir) != ".") ctx.out << fmt::format("  cd '{}'\n", options.dir);
  ctx.out << "  kep validate\n"
             "  git init && git add . && git commit -m 'New plan'\n";
  return k_exit_ok;
}

}  // namespace

Command init_command() {
  return Command{
      "init", "Create a new plan for a municipality in a new or empty folder",
      "Writes DIR/plan/plan.yaml, one example field, the JSON Schemas, a README, a GitHub\n"
      "Actions workflow and .gitignore; the plan passes 'kep validate' at once. The example\n"
      "phases start on the next January 1 after --today. DIR must not exist or be empty.\n\n"
      "Examples:\n"
      "  kep init unna --municipality Unna                     a new plan in ./unna, in German\n"
      "  kep init . --municipality \"Bad Honnef\"                in the current folder, if empty\n"
      "  kep init town --municipality Springfield --lang en    an English skeleton\n"
      "  kep init unna --municipality Unna --today 2026-06-01  phases from 2027-01-01\n",
      [](CLI::App& app) -> Runner {
        auto options = std::make_shared<InitOptions>();
        app.add_option("DIR", options->dir, "The folder for the new plan (new or empty)")
            ->required();
        app.add_option("--municipality", options->municipality,
                       "The municipality's name, e.g. \"Bad Honnef\"")
            ->required();
        return [options](Context& ctx) { return run_init(ctx, *options); };
      }};
}

}  // namespace kep
