#pragma once
// Plan text made safe for its target: Markdown (tables and prose), HTML and CSV.

#include <string>
#include <string_view>

namespace kep {

// Text that shows as written in GitHub/GitLab Markdown, also inside a table cell: `|`, `\`,
// emphasis, strike-through and link characters escaped, `<`, `>`, `&` as entities, line breaks as
// <br>.
std::string markdown_escape(std::string_view text);

// Text as HTML character data or attribute value: & < > " ' as entities.
std::string html_escape(std::string_view text);

// Text as one CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
// doubled; anything else as it is.
std::string csv_field(std::string_view text);

}  // namespace kep
