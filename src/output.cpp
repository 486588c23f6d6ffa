#include "output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace kep {
namespace {

// Past a file size limit (`ulimit -f`) the kernel stops the writing process with SIGXFSZ, which
// would leave the temporary file behind. While it is ignored, write() fails with EFBIG instead
// and the temporary file is removed like after any other failed write.
class FileSizeSignalIgnored {
 public:
  FileSizeSignalIgnored() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    m_saved = ::sigaction(SIGXFSZ, &ignore, &m_old) == 0;
  }
  ~FileSizeSignalIgnored() {
    if (m_saved) ::sigaction(SIGXFSZ, &m_old, nullptr);
  }
  FileSizeSignalIgnored(const FileSizeSignalIgnored&) = delete;
  FileSizeSignalIgnored& operator=(const FileSizeSignalIgnored&) = delete;

 private:
  struct sigaction m_old {};
  bool m_saved = false;
};

}  // namespace

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
  const FileSizeSignalIgnored file_size_signal_ignored;
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
    if (n == 0) return fail(EIO);  // no progress: never loop forever
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
