#pragma once
// Writing files so that nothing is ever half-written: a temporary file in the same folder,
// flushed, then renamed over the target. A failed write leaves the old file as it was.

#include <optional>
#include <string>
#include <string_view>

namespace kep {

// Writes `content` to `path` atomically. Returns an error message, or nothing on success.
std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content);

}  // namespace kep
