#pragma once
// UTF-8 text: validation, length in characters, case folding for searches.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kep {

// The byte offset of the first byte that is not valid UTF-8 (or a NUL byte), or nothing.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// The number of characters (code points) in valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// The byte offset of character number `chars` (0-based), or text.size() past the end.
std::size_t utf8_offset(std::string_view text, std::size_t chars);

// Lowercase for matching: ASCII and the Latin-1 letters German uses (Ä Ö Ü, also É etc.).
std::string fold_case(std::string_view text);

// The line (1-based) of `text`, without its line break; empty past the end.
std::string_view line_of(std::string_view text, std::size_t line);

}  // namespace kep
