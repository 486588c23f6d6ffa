#include "output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace kep {

std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // Built piece by piece: GCC 12 warns wrongly (-Wrestrict) about "." + std::string at -O2.
  std::string temp_name = ".";
  temp_name += target.filename().string();
  temp_name += ".kep-XXXXXX";
  const std::string pattern = (folder / temp_name).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    return fmt::format("cannot write '{}': {}; the old file, if any, is unchanged", path,
                       std::strerror(errno));
  const std::string temp(name.data());
  auto fail = [&](int err) {
    ::close(fd);
    ::unlink(temp.c_str());
    return fmt::format("cannot write '{}': {}; the old file, if any, is unchanged", path,
                       std::strerror(err));
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno);
    written += static_cast<std::size_t>(n);
  }
  // Reports are read by others: the usual permissions, not mkstemp's 0600.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) return fail(errno);
  if (::fsync(fd) != 0) return fail(errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return fmt::format("cannot write '{}': {}; the old file, if any, is unchanged", path,
                       std::strerror(err));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return fmt::format("cannot write '{}': {}; the old file, if any, is unchanged", path,
                       std::strerror(err));
  }
  return std::nullopt;
}

}  // namespace kep
