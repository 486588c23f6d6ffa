#include "table.h"

#include <algorithm>

#include "text.h"

namespace kep {

std::size_t display_width(std::string_view text) { return utf8_length(text); }

std::string truncate_text(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return "";
  return std::string(text.substr(0, utf8_offset(text, width - 1))) + "…";
}

std::string pad(std::string_view text, std::size_t width, bool right_align) {
  const std::size_t w = display_width(text);
  const std::string fill(w < width ? width - w : 0, ' ');
  return right_align ? fill + std::string(text) : std::string(text) + fill;
}

std::string paint(std::string_view text, std::string_view style, bool color) {
  if (!color || style.empty()) return std::string(text);
  return "\x1b[" + std::string(style) + "m" + std::string(text) + "\x1b[0m";
}

std::string render_table(const std::vector<Column>& columns,
                         const std::vector<std::vector<Cell>>& rows, std::size_t width,
                         bool color) {
  std::vector<std::size_t> widths(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    widths[c] = display_width(columns[c].header);
    for (const auto& row : rows)
      if (c < row.size()) widths[c] = std::max(widths[c], display_width(row[c].text));
  }
  if (width > 0) {
    std::size_t total = 0;
    for (std::size_t c = 0; c < columns.size(); ++c)
      total += widths[c] + (c > 0 ? columns[c].gap : 0);
    for (std::size_t c = 0; c < columns.size() && total > width; ++c) {
      if (!columns[c].flexible) continue;
      const std::size_t minimum = std::max<std::size_t>(display_width(columns[c].header), 8);
      const std::size_t give =
          std::min(total - width, widths[c] > minimum ? widths[c] - minimum : 0);
      widths[c] -= give;
      total -= give;
    }
  }
  auto line = [&](const std::vector<Cell>& cells, bool header) {
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) out += std::string(columns[c].gap, ' ');
      const std::string text = c < cells.size() ? truncate_text(cells[c].text, widths[c]) : "";
      const bool last = c + 1 == columns.size();
      const std::string style = header ? "4" : (c < cells.size() ? cells[c].style : "");
      const std::size_t w = display_width(text);
      const std::string fill(w < widths[c] && !(last && !columns[c].right) ? widths[c] - w : 0,
                             ' ');
      // Colour the text only, not the padding around it.
      out += columns[c].right ? fill + paint(text, style, color) : paint(text, style, color) + fill;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::vector<Cell> header;
  for (const auto& column : columns) header.push_back(Cell{column.header, ""});
  std::string out = line(header, true);
  for (const auto& row : rows) out += line(row, false);
  return out;
}

}  // namespace kep
