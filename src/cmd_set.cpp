// kep set: changes a measure's status, progress, lead or phase in its field file and logs the
// change under updates. The new text is validated with the whole plan before it is written;
// the file is written atomically while an exclusive lock next to it is held (docs/set.md).
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>

#include "cli.h"
#include "command.h"
#include "diagnostic.h"
#include "edit.h"
#include "labels.h"
#include "output.h"
#include "suggest.h"
#include "text.h"
#include "validate.h"

namespace kep {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> k_keys = {"status", "progress", "lead", "phase"};

struct SetOptions {
  std::string id;
  std::vector<std::string> changes;  // KEY=VALUE
  std::string note, date, ref;
  CLI::Option* note_option = nullptr;
  CLI::Option* date_option = nullptr;
  CLI::Option* ref_option = nullptr;
};

// What the command line asks for, checked.
struct Request {
  std::string id;
  std::vector<KeyEdit> keys;  // in the order given
  std::string note, ref;
  Date date;
};

// The change, ready to be written.
struct Prepared {
  std::string path;  // the field file, as the plan names it
  std::string old_text, new_text;
  std::string summary;  // "Status geplant → in Umsetzung; neuer Eintrag 27.11.2026"
  Findings warnings;    // warnings the change brings
  std::vector<SourceFile> files;
};

std::optional<Request> read_request(Context& ctx, const SetOptions& o, int& code) {
  Request request;
  request.id = o.id;
  for (const auto& change : o.changes) {
    const auto eq = change.find('=');
    if (eq == std::string::npos) {
      code = usage_error(
          ctx, fmt::format("'{}' is not KEY=VALUE; write e.g. status=in_progress", change));
      return std::nullopt;
    }
    KeyEdit edit{change.substr(0, eq), change.substr(eq + 1)};
    if (std::find(k_keys.begin(), k_keys.end(), edit.key) == k_keys.end()) {
      code = usage_error(ctx, fmt::format("kep set cannot change '{}'{}; it changes status, "
                                          "progress, lead and phase",
                                          edit.key, did_you_mean(edit.key, k_keys)));
      return std::nullopt;
    }
    for (const auto& earlier : request.keys) {
      if (earlier.key == edit.key) {
        code = usage_error(ctx, fmt::format("'{}' is given twice; give it once", edit.key));
        return std::nullopt;
      }
    }
    if (edit.value.empty()) {
      code = usage_error(ctx, fmt::format("'{}=' needs a value, e.g. {}", edit.key,
                                          edit.key == "status"     ? "status=in_progress"
                                          : edit.key == "progress" ? "progress=40"
                                          : edit.key == "lead"     ? "lead=Kulturreferat"
                                                                   : "phase=B"));
      return std::nullopt;
    }
    request.keys.push_back(std::move(edit));
  }
  const bool note = o.note_option->count() > 0, ref = o.ref_option->count() > 0;
  if ((note && o.note.empty()) || (ref && o.ref.empty())) {
    code = usage_error(ctx,
                       fmt::format("{} needs a text", note && o.note.empty() ? "--note" : "--ref"));
    return std::nullopt;
  }
  request.note = o.note;
  request.ref = o.ref;
  for (const auto* text : {&request.note, &request.ref}) {
    if (find_invalid_utf8(*text)) {
      code = usage_error(ctx, "the text is not valid UTF-8; check the terminal's encoding");
      return std::nullopt;
    }
  }
  for (const auto& edit : request.keys) {
    if (find_invalid_utf8(edit.value)) {
      code = usage_error(ctx, "the text is not valid UTF-8; check the terminal's encoding");
      return std::nullopt;
    }
  }
  if (request.keys.empty() && !note && !ref) {
    code = usage_error(ctx,
                       "nothing to set; give KEY=VALUE (status, progress, lead, phase) or "
                       "--note TEXT, e.g. kep set 4.8 status=in_progress");
    return std::nullopt;
  }
  request.date = ctx.today;
  if (o.date_option->count() > 0) {
    const auto date = parse_date(o.date);
    if (!date) {
      code = usage_error(
          ctx, fmt::format("--date '{}' is not a date; write YYYY-MM-DD, e.g. 2026-03-12", o.date));
      return std::nullopt;
    }
    const bool status = std::any_of(request.keys.begin(), request.keys.end(),
                                    [](const KeyEdit& e) { return e.key == "status"; });
    if (!status && !note && !ref) {
      code = usage_error(ctx,
                         "--date dates the update entry, which kep set adds for a status "
                         "change, --note or --ref; add --note TEXT");
      return std::nullopt;
    }
    request.date = *date;
  }
  return request;
}

// The measure's value of `key` as the plan reads it (with defaults), or "".
std::string current_value(const Measure& m, std::string_view key) {
  if (key == "status") return m.status.value;
  if (key == "progress") return m.progress ? std::to_string(*m.progress) : std::string();
  if (key == "lead") return m.lead.value;
  return m.phase.value;
}

void print_errors(Context& ctx, const std::vector<SourceFile>& files, Findings findings) {
  sort_findings(files, findings);
  for (const auto& f : findings) ctx.err << format_finding_text(files, f, TextStyle{ctx.color_err});
}

Findings errors_of(const Findings& findings, bool errors) {
  Findings out;
  for (const auto& f : findings)
    if ((f.severity == Severity::error) == errors) out.push_back(f);
  return out;
}

// Findings of a loaded plan together with its rules.
Findings all_findings(const LoadResult& loaded, const Date& today) {
  Findings findings = loaded.findings;
  Findings rules = validate(loaded.plan, ValidateOptions{today});
  findings.insert(findings.end(), rules.begin(), rules.end());
  return findings;
}

// The plan with `file` replaced by `text`, loaded from texts.
LoadResult load_changed(const std::string& dir, const Plan& plan, std::uint32_t file,
                        const std::string& text) {
  std::vector<PlanText> texts;
  for (std::uint32_t i = 0; i < plan.files.size(); ++i) {
    const auto& source = plan.files[i];
    if (!source.path.ends_with(".yaml")) continue;  // ignored .yml files
    const std::string name =
        i == 0 ? std::string("plan.yaml") : "fields/" + fs::path(source.path).filename().string();
    texts.push_back(PlanText{name, i == file ? text : source.text});
  }
  return load_plan_texts(dir, std::move(texts));
}

// Warnings in `after` that `before` does not have (compared by rule and message, as lines move).
Findings new_warnings(const Findings& before, const Findings& after) {
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const auto& f : errors_of(before, false)) ++seen[{f.rule, f.message}];
  Findings out;
  for (const auto& f : errors_of(after, false))
    if (seen[{f.rule, f.message}]-- <= 0) out.push_back(f);
  return out;
}

struct Labels {
  std::string lang;
  std::vector<Status> statuses;

  std::string value(std::string_view key, const std::string& value) const {
    if (value.empty()) return "–";
    if (key == "status")
      for (const auto& s : statuses)
        if (s.id.value == value) return s.label;
    return value;
  }
};

// Loads the plan, edits the measure's file and validates the result. Prints why not and sets
// `code` when it cannot.
std::optional<Prepared> prepare(Context& ctx, const Request& request, int& code) {
  const std::string& dir = ctx.shared.plan_dir;
  auto loaded = load_plan(dir, LoadOptions{ctx.shared.max_file_size});
  Findings io;
  for (const auto& f : loaded.findings)
    if (f.severity == Severity::error && is_io_rule(f.rule)) io.push_back(f);
  if (!io.empty()) {
    print_errors(ctx, loaded.plan.files, io);
    code = k_exit_io;
    return std::nullopt;
  }
  const Plan& plan = loaded.plan;
  const Measure* measure = nullptr;
  std::vector<std::string> ids;
  for (const auto& field : plan.fields) {
    for (const auto& m : field.measures) {
      ids.push_back(m.id.value);
      if (!measure && m.id.value == request.id) measure = &m;
    }
  }
  const Findings before = all_findings(loaded, ctx.today);
  if (!measure) {
    ctx.err << fmt::format("kep: error: there is no measure '{}'{}\n", request.id,
                           did_you_mean(request.id, ids));
    if (has_errors(before))
      ctx.err << "kep: the plan has errors, so a measure may be missing from it; kep validate "
                 "lists them\n";
    code = k_exit_plan_errors;
    return std::nullopt;
  }
  const std::uint32_t file = plan.fields[measure->field].file;
  Prepared prepared;
  prepared.path = plan.files[file].path;
  prepared.old_text = plan.files[file].text;
  prepared.new_text = prepared.old_text;

  Labels labels;
  labels.lang = ctx.shared.lang.empty() ? plan.language : ctx.shared.lang;
  labels.statuses = plan.statuses_built_in ? built_in_statuses(labels.lang) : plan.statuses;
  MeasureEdit edit{request.id, {}, std::nullopt};
  std::vector<std::string> parts;
  bool status_changed = false;
  for (const auto& key : request.keys) {
    const std::string old = current_value(*measure, key.key);
    if (old == key.value) continue;
    edit.keys.push_back(key);
    status_changed = status_changed || key.key == "status";
    parts.push_back(fmt::format("{} {} → {}", label(labels.lang, key.key),
                                labels.value(key.key, old), labels.value(key.key, key.value)));
  }
  if (status_changed || !request.note.empty() || !request.ref.empty()) {
    UpdateEntry entry{format_date(request.date), {}, request.note, request.ref};
    for (const auto& key : edit.keys)
      if (key.key == "status") entry.status = key.value;
    edit.update = entry;
    parts.push_back(fmt::format("{} {}", label(labels.lang, "diff_update_added"),
                                format_date_local(labels.lang, request.date)));
  }
  if (parts.empty()) return prepared;
  for (const auto& part : parts) prepared.summary += (prepared.summary.empty() ? "" : "; ") + part;

  const EditResult result = edit_measure(prepared.old_text, edit);
  if (!result.error.empty()) {
    ctx.err << fmt::format("kep: error: {}: {}\n", prepared.path, result.error);
    code = k_exit_plan_errors;
    return std::nullopt;
  }
  prepared.new_text = result.text;
  const auto after = load_changed(dir, plan, file, prepared.new_text);
  const Findings found = all_findings(after, ctx.today);
  const Findings errors = errors_of(found, true);
  if (!errors.empty()) {
    print_errors(ctx, after.plan.files, errors);
    if (has_errors(before)) {
      ctx.err << fmt::format(
          "kep: error: {} not changed: the plan has errors already; fix them first (kep "
          "validate lists them); the file is untouched\n",
          request.id);
    } else {
      ctx.err << fmt::format(
          "kep: error: {} not changed: the change would give the plan {} {}; the file is "
          "untouched\n",
          request.id, errors.size(), errors.size() == 1 ? "error" : "errors");
    }
    code = k_exit_plan_errors;
    return std::nullopt;
  }
  prepared.warnings = new_warnings(before, found);
  prepared.files = after.plan.files;
  return prepared;
}

// An exclusive flock on ".<name>.lock" next to a file, for as long as it lives. The lock file
// is removed on release; whoever waited on a removed lock file takes a new one.
class FileLock {
 public:
  static std::unique_ptr<FileLock> acquire(const std::string& path, std::string& error) {
    const fs::path target(path);
    const std::string lock =
        (target.parent_path() / ("." + target.filename().string() + ".lock")).string();
    for (;;) {
      const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
      if (fd < 0) {
        error = fmt::format("cannot lock '{}': {}; check the folder's permissions", lock,
                            std::strerror(errno));
        return nullptr;
      }
      int locked;
      do {
        locked = ::flock(fd, LOCK_EX);
      } while (locked != 0 && errno == EINTR);
      if (locked != 0) {
        error = fmt::format("cannot lock '{}': {}", lock, std::strerror(errno));
        ::close(fd);
        return nullptr;
      }
      // The holder before us may have removed the file we waited on: lock the current one.
      struct stat held {
      }, current{};
      if (::fstat(fd, &held) == 0 && ::stat(lock.c_str(), &current) == 0 &&
          held.st_dev == current.st_dev && held.st_ino == current.st_ino)
        return std::unique_ptr<FileLock>(new FileLock(lock, fd));
      ::close(fd);
    }
  }

  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() {
    ::unlink(m_path.c_str());  // while still locked, so no one locks it in between
    ::close(m_fd);
  }

 private:
  FileLock(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
  std::string m_path;
  int m_fd;
};

// The file a plan path names, through symbolic links, so the write replaces the file itself.
std::string real_path(const std::string& path) {
  std::error_code ec;
  const auto real = fs::canonical(path, ec);
  return ec ? path : real.string();
}

int run_set(Context& ctx, const SetOptions& options) {
  int code = k_exit_ok;
  const auto request = read_request(ctx, options, code);
  if (!request) return code;
  // A first look without the lock: a change that is invalid touches nothing on disk.
  const auto first = prepare(ctx, *request, code);
  if (!first) return code;
  std::string error;
  std::unique_ptr<FileLock> lock;
  if (first->new_text != first->old_text) {
    lock = FileLock::acquire(real_path(first->path), error);
    if (!lock) {
      ctx.err << "kep: error: " << error << "\n";
      return k_exit_io;
    }
  }
  // Under the lock: read the plan again, so a change made meanwhile is kept.
  const auto prepared = lock ? prepare(ctx, *request, code) : first;
  if (!prepared) return code;
  if (prepared->path != first->path) {
    ctx.err << fmt::format("kep: error: measure {} moved to '{}' meanwhile; run kep set again\n",
                           request->id, prepared->path);
    return k_exit_plan_errors;
  }
  if (prepared->new_text == prepared->old_text) {
    ctx.err << fmt::format("{}: {}: nothing to change; the measure has these values already\n",
                           prepared->path, request->id);
    return k_exit_ok;
  }
  if (const auto failed = write_file_atomically(real_path(prepared->path), prepared->new_text)) {
    ctx.err << "kep: error: " << *failed << "\n";
    return k_exit_io;
  }
  ctx.err << fmt::format("{}: {}: {}\n", prepared->path, request->id, prepared->summary);
  print_errors(ctx, prepared->files, prepared->warnings);
  return k_exit_ok;
}

}  // namespace

const std::vector<std::string>& set_keys() { return k_keys; }

Command set_command() {
  return Command{
      "set", "Change a measure's status, progress, lead or phase in its file, with a dated update",
      "Examples:\n"
      "  kep set 4.8 status=in_progress --note \"Auftakttreffen\" --ref \"KA 12.03.2026\"\n"
      "                                   new status, logged as an update under updates:\n"
      "  kep set 4.8 progress=40          only the progress; no update entry\n"
      "  kep set 4.8 lead=Stadtbibliothek phase=B\n"
      "  kep set 2.1 status=deferred --note \"bis zum Haushalt 2027\" --date 2026-03-01\n"
      "  kep set 4.8 --note \"Zweites Treffen\"   only an update entry\n\n"
      "Only the changed lines of the field file change. The change is checked with the whole\n"
      "plan first: an invalid change exits 1 and leaves the file as it was. See docs/set.md.\n",
      [](CLI::App& app) -> Runner {
        auto o = std::make_shared<SetOptions>();
        app.add_option("id", o->id, "The measure's id, e.g. 4.8")->required();
        app.add_option("changes", o->changes,
                       "KEY=VALUE with KEY one of status, progress, lead, phase");
        o->note_option = app.add_option("--note", o->note, "A note for the update entry");
        o->ref_option =
            app.add_option("--ref", o->ref, "A reference for the update entry (decision, minutes)");
        o->date_option = app.add_option(
            "--date", o->date, "The update entry's date, YYYY-MM-DD (default: --today or today)");
        return [o](Context& ctx) { return run_set(ctx, *o); };
      }};
}

}  // namespace kep
