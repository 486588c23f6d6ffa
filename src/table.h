#pragma once
// Text tables for the terminal: widths counted in characters, one flexible column cut with "…"
// to fit a width, nothing cut when the width is unlimited (piped output).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kep {

struct Cell {
  std::string text;
  std::string style;  // an ANSI SGR code such as "1;31" when colour is on, else empty
};

struct Column {
  std::string header;
  bool right = false;     // align right (numbers)
  bool flexible = false;  // this column gives up width when the table is too wide
  std::size_t gap = 2;    // spaces before this column (none before the first)
};

// Characters of `text` as a terminal shows them (code points; no wide characters in plans).
std::size_t display_width(std::string_view text);

// `text` cut to `width` characters, the last one "…" when cut.
std::string truncate_text(std::string_view text, std::size_t width);

// `text` padded with spaces to `width` characters, on the right or on the left.
std::string pad(std::string_view text, std::size_t width, bool right_align = false);

// The table, one line per row, columns separated by two spaces, headers underlined when
// `color` is on. `width` 0 means unlimited. Trailing spaces are trimmed.
std::string render_table(const std::vector<Column>& columns,
                         const std::vector<std::vector<Cell>>& rows, std::size_t width, bool color);

// "\x1b[<style>m" + text + "\x1b[0m" when colour is on and style is not empty, else text.
std::string paint(std::string_view text, std::string_view style, bool color);

}  // namespace kep
