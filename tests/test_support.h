#pragma once
// What tests that run kep on plans in temporary folders share: a temporary folder, an
// environment variable for one test, files as text, and kep's command line run in this process
// or in a child process (with limits, as another user, measured in time and memory).
//
// The tests that run kep (test_hostile.cpp, test_cli.cpp, test_output.cpp, and the history tests
// through history_fixture.h) take these from here rather than keeping copies. The namespace is
// not kep::test: history_fixture.h has a TempDir (its path a string) and a run_kep (never in
// colour) of its own there, built on these, and two definitions of one name in one program break
// it (the one-definition rule).
#include <doctest/doctest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"

namespace kep::test_support {

namespace fs = std::filesystem;

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kep-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(m_path, ec))
      if (entry.is_directory(ec) && !entry.is_symlink(ec))
        fs::permissions(entry.path(), fs::perms::owner_all, ec);
    fs::permissions(m_path, fs::perms::owner_all, ec);
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return m_path; }
  std::string operator/(const std::string& name) const { return (m_path / name).string(); }

 private:
  fs::path m_path;
};

// Sets or clears an environment variable for one test, and restores it after.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~EnvGuard() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// The names in `dir`, sorted and separated by spaces: a leftover temporary file
// (".NAME.kep-XXXXXX") or lock file shows here.
inline std::string names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : " ") + name;
  return out;
}

struct Run {
  int code = -1;
  std::string out, err;
};

// kep's command line in this process, without a terminal unless `terminal` says otherwise.
inline Run run_kep(const std::vector<std::string>& args, const Terminal& terminal = {}) {
  std::ostringstream out, err;
  const int code = run_cli(args, out, err, terminal);
  return Run{code, out.str(), err.str()};
}

// How a run of kep in a child process ended.
struct ChildRun {
  int code = -1;   // the exit code, or -1 when a signal ended the child
  int signal = 0;  // the signal that ended it, or 0
  std::string out, err;
  long max_rss_kb = 0;  // peak resident memory of the child
  double seconds = 0;   // wall time
};

// kep's command line in a forked child process: `setup` runs in the child first (resource
// limits, another user), then run_cli. The parent reads the child's output while it runs, so
// output of any size comes back.
inline ChildRun run_kep_in_child(const std::vector<std::string>& args,
                                 const std::function<void()>& setup = {}) {
  int out_pipe[2], err_pipe[2];
  REQUIRE(::pipe(out_pipe) == 0);
  REQUIRE(::pipe(err_pipe) == 0);
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int code = 99;
    std::string out, err;
    ::alarm(60);  // a child that hangs ends, and the test fails, rather than waiting forever
    try {
      if (setup) setup();
      const Run run = run_kep(args);
      code = run.code;
      out = run.out;
      err = run.err;
    } catch (const std::exception& e) {
      err = std::string("exception in the child: ") + e.what() + "\n";
    } catch (...) {
      err = "exception in the child\n";
    }
    const auto send = [](int fd, const std::string& text) {
      std::size_t sent = 0;
      while (sent < text.size()) {
        const auto n = ::write(fd, text.data() + sent, text.size() - sent);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
      }
    };
    send(out_pipe[1], out);
    send(err_pipe[1], err);
    ::_exit(code);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ChildRun result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* texts[2] = {&result.out, &result.err};
  int open = 2;
  char buffer[65536];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        texts[i]->append(buffer, static_cast<std::size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.max_rss_kb = usage.ru_maxrss;
  if (WIFEXITED(status)) result.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace kep::test_support
