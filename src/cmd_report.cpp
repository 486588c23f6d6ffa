// kep report: the status report (Sachstandsbericht) for the committee, rendered from Mustache
// templates to Markdown or HTML, or the data the templates see as JSON.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include "cli.h"
#include "command.h"
#include "diagnostic.h"
#include "embedded.h"
#include "history_view.h"
#include "measure_json.h"
#include "repo.h"
#include "report_data.h"
#include "template.h"

namespace kep {
namespace {

namespace fs = std::filesystem;

struct ReportOptions {
  FilterOptions filter;
  std::string format = "html";
  std::string output;
  std::string template_file;
  std::string print_template;
  bool no_commit = false;
  std::string since;
};

constexpr std::string_view k_suffix = ".mustache";

bool read_text(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return static_cast<bool>(in) || in.eof();
}

// Whether `text` is the built-in template `filename` (a copy, such as the templates/ folder of
// this repository or one printed by --print-template): then it is known to parse.
bool is_builtin(const std::string& filename, const std::string& text) {
  const auto builtin = embedded_file("templates/" + filename);
  return builtin && *builtin == text;
}

// Adds or replaces the partial `file` in `set` (by name).
void put_partial(TemplateSet& set, TemplateFile file) {
  for (auto& p : set.partials) {
    if (p.name == file.name) {
      p = std::move(file);
      return;
    }
  }
  set.partials.push_back(std::move(file));
}

// Templates of `folder` override those of `set`: report.<format>.mustache the main one, every
// other *.mustache a partial named after its file.
bool override_from(const fs::path& folder, const std::string& format, TemplateSet& set,
                   std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return true;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().ends_with(k_suffix)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string filename = path.filename().string();
    TemplateFile file{filename.substr(0, filename.size() - k_suffix.size()), path.string(), ""};
    if (!read_text(path, file.text)) {
      error = fmt::format("cannot read the template '{}'", path.string());
      return false;
    }
    file.known_valid = is_builtin(filename, file.text);
    if (filename.starts_with("report.")) {
      if (filename == "report." + format + std::string(k_suffix)) set.main = std::move(file);
    } else {
      put_partial(set, std::move(file));
    }
  }
  return true;
}

// The built-in templates, then a templates/ folder beside the plan, then --template FILE with
// its folder's partials.
std::optional<TemplateSet> load_templates(const Context& ctx, const ReportOptions& o,
                                          std::string& error) {
  TemplateSet set;
  const std::string main_name = "templates/report." + o.format + std::string(k_suffix);
  for (const auto& file : embedded_files()) {
    const std::string_view path = file.path;
    if (!path.starts_with("templates/") || !path.ends_with(k_suffix)) continue;
    const std::string filename(path.substr(10));
    TemplateFile t{filename.substr(0, filename.size() - k_suffix.size()), std::string(path),
                   std::string(file.content), true};
    if (path == main_name)
      set.main = std::move(t);
    else if (!filename.starts_with("report."))
      set.partials.push_back(std::move(t));
  }
  // The folder beside the plan folder, however the plan was named ("plan", "plan/", ".").
  fs::path plan_dir = fs::absolute(ctx.shared.plan_dir).lexically_normal();
  if (!plan_dir.has_filename()) plan_dir = plan_dir.parent_path();
  const fs::path beside = plan_dir.parent_path() / "templates";
  if (!override_from(beside, o.format, set, error)) return std::nullopt;
  if (!o.template_file.empty()) {
    const fs::path path(o.template_file);
    TemplateFile main{"", o.template_file, ""};
    std::error_code ec;
    if (fs::is_directory(path, ec) || !read_text(path, main.text)) {
      error = fmt::format("cannot read the template '{}'", o.template_file);
      return std::nullopt;
    }
    if (!override_from(path.has_parent_path() ? path.parent_path() : fs::path("."), o.format, set,
                       error))
      return std::nullopt;
    main.known_valid = is_builtin("report." + o.format + std::string(k_suffix), main.text);
    set.main = std::move(main);
  }
  if (set.main.text.empty() && set.main.path.empty()) {
    error = fmt::format("there is no template for --format {}", o.format);
    return std::nullopt;
  }
  return set;
}

int template_errors(Context& ctx, const TemplateSet& set,
                    const std::vector<TemplateError>& errors) {
  for (const auto& e : errors) {
    std::vector<SourceFile> files;
    auto add = [&](const TemplateFile& f) {
      if (f.path == e.path && files.empty()) files.push_back(SourceFile{f.path, f.text});
    };
    add(set.main);
    for (const auto& p : set.partials) add(p);
    if (files.empty()) files.push_back(SourceFile{e.path, ""});
    const Finding finding{Place{0, e.line, e.column, 0}, Severity::error, "template", e.message};
    ctx.err << format_finding_text(files, finding, TextStyle{ctx.color_err});
  }
  return k_exit_io;
}

// What the report reads from git before it knows the filter: the repository, the commit of the
// plan shown (HEAD, or that of --as-of), the plan at each commit that changed it (as views) and
// when each measure last changed. It runs on a thread of its own while the plan loads and the
// report's data is built; for a large plan it is most of a report's time (docs/performance.md).
struct GitRead {
  RepositoryOpen opened;
  std::unique_ptr<History> history;  // reads through opened.repository
  std::optional<CommitInfo> head;
  std::vector<std::pair<CommitInfo, PlanView>> commits;  // oldest first
  std::unordered_map<std::string, Date> last_changed;
  std::vector<std::string> problems;
  bool truncated = false;
};

GitRead read_git(const std::string& plan_dir, const std::string& as_of, LoadOptions options,
                 bool walk, const std::atomic<bool>& cancel) {
  GitRead out;
  out.opened = open_plan_repository(plan_dir);
  if (!out.opened.repository) return out;
  out.history = std::make_unique<History>(*out.opened.repository, options);
  std::string error;
  out.head = as_of.empty() ? out.opened.repository->resolve("HEAD", error)
                           : out.history->resolve_as_of(as_of, error);
  if (!out.head || !walk) return out;
  for (const auto& c : out.history->plan_commits(*out.head, std::nullopt, out.truncated)) {
    if (cancel) break;
    PlanView view = out.history->view_at(c, out.problems);
    if (out.commits.empty()) {  // every measure added: no need to tell how
      for (const auto& f : view.fields)
        for (const Measure* m : f.version->measures) out.last_changed[m->id.value] = c.date;
    } else {
      for (const auto& change : compare_views(out.commits.back().second, view))
        out.last_changed[change.id] = c.date;
    }
    out.commits.emplace_back(c, std::move(view));
  }
  return out;
}

// What the report takes from git: the commit, when each measure last changed, the burn-up
// series (counted here, for the filter) and, with --since, the changes since then. Outside git
// only --since is an error.
int add_history(Context& ctx, const ReportOptions& o, GitRead& git, const QueryPlan& q,
                const Filter& filter, ReportContext& rc) {
  if (!git.opened.repository) {
    if (o.since.empty() && git.opened.not_a_repository) return k_exit_ok;
    ctx.err << "kep: error: "
            << (o.since.empty() ? "" : "--since needs the plan's git history, but ")
            << git.opened.error << "\n";
    return k_exit_io;
  }
  bool truncated = false;
  if (git.head && !o.no_commit) {
    rc.commit = git.head->id;
    rc.last_changed = std::move(git.last_changed);
    truncated = git.truncated;
    std::vector<std::pair<const PlanView*, Date>> points;
    for (const auto& [c, view] : git.commits) points.emplace_back(&view, c.date);
    const auto counts = SeriesCounter(q.plan, filter).count_all(points);
    for (std::size_t i = 0; i < counts.size(); ++i)
      rc.history.push_back(HistoryPoint{points[i].second, counts[i].total, counts[i].done});
  }
  if (!o.since.empty()) {
    std::string error;
    const auto from = git.opened.repository->resolve(o.since, error);
    if (!from) return usage_error(ctx, "--since: " + error);
    const ChangeSet set = changes_between(ctx, *git.history, *from, std::nullopt, git.problems);
    if (set.not_linear)
      return usage_error(ctx,
                         fmt::format("--since: '{}' is not an earlier commit of HEAD", o.since));
    truncated = truncated || set.truncated;
    rc.since = SinceSection{from->short_id(), from->date, set.changes};
  }
  print_history_problems(ctx, git.problems, truncated);
  return k_exit_ok;
}

int run_report(Context& ctx, const ReportOptions& o) {
  if (!o.print_template.empty()) {
    const auto text = embedded_file("templates/report." + o.print_template + std::string(k_suffix));
    if (!text) return usage_error(ctx, "no built-in template for " + o.print_template);
    ctx.out << *text;
    return k_exit_ok;
  }
  // The history is read on another thread while the plan loads and the data is built; a
  // return before it is used stops it at the next commit (`stop`, destroyed first, sets
  // `cancel`; the future then waits for the thread).
  // The plan on disk is read through the history's cache: both read the same measures at the
  // same time (the oldest commit's are mostly today's), from opposite ends, so each file is
  // mostly read once. Declared first, it outlives the thread and the history.
  std::atomic<bool> cancel{false};
  std::unique_ptr<FieldCache> cache;
  std::future<GitRead> git;
  if (!o.no_commit || !o.since.empty()) {
    cache = std::make_unique<FieldCache>();
    git = std::async(std::launch::async | std::launch::deferred, read_git, ctx.shared.plan_dir,
                     ctx.shared.as_of, LoadOptions{ctx.shared.max_file_size, cache.get()},
                     !o.no_commit, std::cref(cancel));
  }
  const struct Stop {
    std::atomic<bool>& cancel;
    ~Stop() { cancel = true; }
  } stop{cancel};
  int code = k_exit_ok;
  auto q = load_for_query(ctx, code, cache.get());
  if (!q) return code;
  const auto filter = resolve_filter(ctx, q->plan, o.filter, code);
  if (!filter) return code;
  const auto selected = select(q->facts, *filter);
  const Summary summary = summarize(q->plan, selected, *filter);
  ReportContext rc{ctx.today, q->lang, std::nullopt, {}, {}, std::nullopt};
  auto data = report_data(*q, *filter, selected, summary, rc);
  // The templates are read and parsed while the history may still be read; their errors come
  // after the history's, as they would if read afterwards.
  std::string template_error;
  std::optional<TemplateSet> templates;
  std::optional<PreparedTemplate> prepared;
  if (o.format != "json") {
    templates = load_templates(ctx, o, template_error);
    if (templates)
      prepared.emplace(*templates, o.format == "html" ? Escape::html : Escape::markdown);
  }
  GitRead read;
  if (git.valid()) {
    read = git.get();
    if (const int c = add_history(ctx, o, read, *q, *filter, rc); c != k_exit_ok) return c;
    add_history_data(data, *q, rc);
  }

  std::string text;
  if (o.format == "json") {
    text = json_text(data);
  } else {
    if (!templates) {
      ctx.err << "kep: error: " << template_error << "\n";
      return k_exit_io;
    }
    auto result = prepared->render(data);
    if (!result.errors.empty()) return template_errors(ctx, *templates, result.errors);
    text = std::move(result.text);
  }
  const int written = print_or_write(ctx, o.output, text);
  release_at_exit(ctx, read, q, data, text, cache);
  return written;
}

}  // namespace

Command report_command() {
  return Command{
      "report", "The status report for the committee, as HTML, Markdown or JSON",
      "Examples:\n"
      "  kep report -o bericht.html                 the HTML report, written atomically\n"
      "  kep report --format md -o bericht.md       Markdown for GitHub or GitLab\n"
      "  kep report --phase A -o phase-a.html       only phase A (the title says so)\n"
      "  kep report --since bericht-2025 -o b.html  with what changed since a tag\n"
      "  kep report --format json                   the data the templates see\n"
      "  kep report --print-template html > t.mustache\n"
      "  kep report --template t.mustache           render with your own template\n",
      [](CLI::App& app) -> Runner {
        auto o = std::make_shared<ReportOptions>();
        add_filter_options(app, o->filter);
        app.add_option("--format", o->format, "Output: html (default), md or json")
            ->check(CLI::IsMember({"html", "md", "json"}));
        app.add_option("-o,--output", o->output,
                       "Write to FILE (atomically: a failed run leaves the old file)");
        app.add_option("--template", o->template_file,
                       "Render with this Mustache template (partials from its folder)");
        app.add_option("--print-template", o->print_template,
                       "Print the built-in template for html or md, to start your own")
            ->check(CLI::IsMember({"html", "md"}));
        app.add_option("--since", o->since,
                       "Add a section on what changed since this git revision (tag, commit)");
        app.add_flag("--no-commit", o->no_commit,
                     "Leave out what comes from git (the commit, last changes, the burn-up "
                     "chart), so reports of different commits compare");
        return [o](Context& ctx) { return run_report(ctx, *o); };
      }};
}

}  // namespace kep
