// kep list and kep show through run_cli on the shared query fixture (tests/fixtures/query).
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "cli.h"

using namespace kep;

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run_kep(std::vector<std::string> args, bool tty = false) {
  args.insert(args.begin(), {"--plan", KEP_SOURCE_DIR "/tests/fixtures/query/plan", "--today",
                             "2026-11-27", "--color", tty ? "always" : "never"});
  std::ostringstream out, err;
  Terminal terminal;
  terminal.out_is_tty = tty;
  terminal.columns = 60;
  const int code = run_cli(args, out, err, terminal);
  return Run{code, out.str(), err.str()};
}

// The line of `text` that contains `needle`, or "".
std::string line_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) return line;
  return "";
}

}  // namespace

TEST_CASE("list --format csv quotes commas, quotes and line breaks (RFC 4180)") {
  const auto r = run_kep({"list", "--format", "csv", "--columns", "id,themes,title"});
  CHECK(r.code == 0);
  CHECK(line_with(r.out, "2.2") == R"(2.2,,"Festival ""Kultur, Sommer"" im Römerpark")");
  CHECK(line_with(r.out, "2.3") == "2.3,\"teilhabe, bildung\",Interkulturelle Woche\t(jährlich)");
  CHECK(r.out.find("3.2,,\"Instrumentenkarussell\nfür Grundschulen\"\n") != std::string::npos);
  CHECK(r.out.rfind("id,themes,title\n", 0) == 0);
}

TEST_CASE("list --format tsv turns tabs and line breaks into spaces") {
  const auto r = run_kep({"list", "--format", "tsv", "--columns", "id,title"});
  CHECK(line_with(r.out, "2.3") == "2.3\tInterkulturelle Woche (jährlich)");
  CHECK(line_with(r.out, "3.2") == "3.2\tInstrumentenkarussell für Grundschulen");
}

TEST_CASE("list --format md escapes what Markdown or HTML would read") {
  const auto r = run_kep({"list", "--format", "md", "--columns", "id,title"});
  CHECK(line_with(r.out, "1.3") == R"(| 1.3 | Sanierung der Stadthalle \| Bauabschnitt 1 |)");
  CHECK(line_with(r.out, "1.10") ==
        "| 1.10 | Kunst im öffentlichen Raum &lt;script&gt;alert(1)&lt;/script&gt; |");
  CHECK(line_with(r.out, "3.2") == "| 3.2 | Instrumentenkarussell<br>für Grundschulen |");
  CHECK(r.out.rfind("| Nr. | Maßnahme |\n| --- | --- |\n", 0) == 0);
}

TEST_CASE("list on a terminal fits its width and colours the status by its Ampel") {
  // 1.1 is overdue: red; 1.2 is a running standing task: green; 1.10 runs but is overdue: red.
  const auto r = run_kep({"list", "--columns", "id,status,title"}, true);
  CHECK(line_with(r.out, "1.1 ") ==
        "1.1   \x1b[31mgeplant\x1b[0m         Längere Öffnungszeiten im Römerpark");
  CHECK(line_with(r.out, "1.2 ") ==
        "1.2   \x1b[32min Umsetzung\x1b[0m    Kulturprogramm in den Stadtteilen");
  CHECK(line_with(r.out, "1.10") ==
        "1.10  \x1b[31min Umsetzung\x1b[0m    Kunst im öffentlichen Raum <script>al…");
}

TEST_CASE("list: an unknown sort key or column is a usage error naming the closest") {
  CHECK(run_kep({"list", "--sort", "-dur"}).err ==
        "kep: error: --sort '-dur' is not a sort key (did you mean '-due'?)\n");
  CHECK(run_kep({"list", "--sort", "-dur"}).code == 2);
  CHECK(run_kep({"list", "--columns", "id,lead,zzz"}).err ==
        "kep: error: --columns 'zzz' is not a column; the columns are: id, field, phase, "
        "status, due, lead, title, ampel, overdue, immediate, progress, themes, tags, kind\n");
}

TEST_CASE("show: unknown ids are errors; the known ones are still shown") {
  const auto r = run_kep({"show", "4.88", "1.9", "1.100"});
  CHECK(r.code == 1);
  CHECK(r.err ==
        "kep: error: there is no measure '4.88'\n"
        "kep: error: there is no measure '1.100' (did you mean '1.10'?)\n");
  CHECK(r.out.rfind("1.9  Bürgerfest mit den Vereinen\n", 0) == 0);
}

TEST_CASE("show wraps to the terminal's width, under the start of the value") {
  const auto r = run_kep({"show", "2.1"}, true);
  CHECK(r.out.find("Notiz           Zurückgestellt bis zum Haushalt 2027\n") != std::string::npos);
  CHECK(r.out.find("Handlungsfeld   2 – Teilhabe für alle Bürgerinnen und Bürger\n") !=
        std::string::npos);
  const auto narrow = run_kep({"--width", "40", "show", "2.1"});
  CHECK(narrow.out.find("Phase           A – Umsetzungsphase A\n"
                        "                (01.01.2024 –\n"
                        "                31.12.2025)\n") != std::string::npos);
}
