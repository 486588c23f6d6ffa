#pragma once
// Plan text made safe for its target: Markdown (tables and prose) and HTML.

#include <string>
#include <string_view>

namespace kep {

// Text that shows as written in GitHub/GitLab Markdown, also inside a table cell: `|`, `\`,
// emphasis, strike-through and link characters escaped, `<`, `>`, `&` as entities, line breaks as
// <br>.
std::string markdown_escape(std::string_view text);

// Text as HTML character data or attribute value: & < > " ' as entities.
std::string html_escape(std::string_view text);

}  // namespace kep
