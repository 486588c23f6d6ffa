// Escaping plan text for Markdown (GitHub, GitLab), HTML and CSV: the exact output for every
// character that matters, and everything else left alone.
#include <doctest/doctest.h>

#include <string>

#include "escape.h"

using namespace kep;

TEST_CASE("markdown_escape: table and emphasis characters get a backslash") {
  CHECK(markdown_escape("|") == "\\|");
  CHECK(markdown_escape("\\") == "\\\\");
  CHECK(markdown_escape("*") == "\\*");
  CHECK(markdown_escape("_") == "\\_");
  CHECK(markdown_escape("`") == "\\`");
  CHECK(markdown_escape("[") == "\\[");
  CHECK(markdown_escape("]") == "\\]");
  CHECK(markdown_escape("Sanierung | Bauabschnitt 1") == "Sanierung \\| Bauabschnitt 1");
  CHECK(markdown_escape("[Link](http://example.org)") == "\\[Link\\](http://example.org)");
  CHECK(markdown_escape("C:\\Kultur\\*.md") == "C:\\\\Kultur\\\\\\*.md");
}

TEST_CASE("markdown_escape: markup characters become entities") {
  CHECK(markdown_escape("<") == "&lt;");
  CHECK(markdown_escape(">") == "&gt;");
  CHECK(markdown_escape("&") == "&amp;");
  CHECK(markdown_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  // An entity in the plan shows as written, not as the character it names.
  CHECK(markdown_escape("&amp; &#124;") == "&amp;amp; &amp;#124;");
}

TEST_CASE("markdown_escape: quotes need nothing in Markdown") {
  CHECK(markdown_escape("\"") == "\"");
  CHECK(markdown_escape("'") == "'");
  CHECK(markdown_escape("Festival \"Kultur, Sommer\"") == "Festival \"Kultur, Sommer\"");
}

TEST_CASE("markdown_escape: line breaks become <br> (one per CRLF), a tab a space") {
  CHECK(markdown_escape("a\nb") == "a<br>b");
  CHECK(markdown_escape("a\r\nb") == "a<br>b");
  CHECK(markdown_escape("a\rb") == "a<br>b");
  CHECK(markdown_escape("a\n\nb") == "a<br><br>b");
  CHECK(markdown_escape("a\r\n\r\nb") == "a<br><br>b");
  CHECK(markdown_escape("a\n") == "a<br>");
  CHECK(markdown_escape("\r") == "<br>");
  CHECK(markdown_escape("a\tb") == "a b");
}

TEST_CASE("markdown_escape: letters, digits, umlauts and other text unchanged") {
  CHECK(markdown_escape("") == "");
  CHECK(markdown_escape("Größere Öffnungszeiten für Übach-Palenberg, Straße") ==
        "Größere Öffnungszeiten für Übach-Palenberg, Straße");
  CHECK(markdown_escape("ÄÖÜäöüß € – „Zitat“ 1.10 (jährlich) 40 % #3 + - . ! ? : ;") ==
        "ÄÖÜäöüß € – „Zitat“ 1.10 (jährlich) 40 % #3 + - . ! ? : ;");
}

// GitHub renders ~text~ and ~~text~~ as strikethrough (GFM extension): cmark-gfm turned
// "Kulturroute Nord~Süd~Mitte" into "Nord<del>Süd</del>Mitte" before '~' was escaped.
TEST_CASE("markdown_escape: a tilde is escaped (GFM strikethrough)") {
  CHECK(markdown_escape("Kulturroute Nord~Süd~Mitte") == "Kulturroute Nord\\~Süd\\~Mitte");
}

TEST_CASE("html_escape: the five markup characters become entities") {
  CHECK(html_escape("&") == "&amp;");
  CHECK(html_escape("<") == "&lt;");
  CHECK(html_escape(">") == "&gt;");
  CHECK(html_escape("\"") == "&quot;");
  CHECK(html_escape("'") == "&#39;");
  CHECK(html_escape("<script>alert('x & \"y\"')</script>") ==
        "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
  CHECK(html_escape("&amp;") == "&amp;amp;");
}

TEST_CASE("html_escape: Markdown characters, line breaks and umlauts unchanged") {
  CHECK(html_escape("|") == "|");
  CHECK(html_escape("\\") == "\\");
  CHECK(html_escape("*") == "*");
  CHECK(html_escape("_") == "_");
  CHECK(html_escape("`") == "`");
  CHECK(html_escape("[") == "[");
  CHECK(html_escape("]") == "]");
  CHECK(html_escape("a\r\nb") == "a\r\nb");
  CHECK(html_escape("a\nb") == "a\nb");
  CHECK(html_escape("a\tb") == "a\tb");
  CHECK(html_escape("Größe Übermaß äöüß ÄÖÜ") == "Größe Übermaß äöüß ÄÖÜ");
  CHECK(html_escape("") == "");
}

TEST_CASE("csv_field: quoted only for a comma, a quote or a line break; quotes doubled") {
  CHECK(csv_field("") == "");
  CHECK(csv_field("Anna Admin") == "Anna Admin");
  CHECK(csv_field("Größe; Übermaß\t| * < &") == "Größe; Übermaß\t| * < &");
  CHECK(csv_field("Müller, Anna") == "\"Müller, Anna\"");
  CHECK(csv_field("Festival \"Kultur\"") == "\"Festival \"\"Kultur\"\"\"");
  CHECK(csv_field("\"") == "\"\"\"\"");
  CHECK(csv_field("a\nb") == "\"a\nb\"");
  CHECK(csv_field("a\r\nb") == "\"a\r\nb\"");
  CHECK(csv_field("a\rb") == "\"a\rb\"");
}
