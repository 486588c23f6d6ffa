#pragma once
// Work spread over threads, for the steps that dominate a large plan: reading the field files
// (load.cpp, history.cpp), building a report's measures (report_data.cpp) and rendering a large
// report (template.cpp). Besides these, only `kep report` starts a thread (std::async: the git
// history read while the plan loads).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace kep {

// How many threads `items` independent pieces of work can use: one per core, at most 8, never
// more than there are pieces.
inline std::size_t worker_count(std::size_t items) {
  return std::max<std::size_t>(
      1, std::min<std::size_t>({items, std::thread::hardware_concurrency(), 8}));
}

// Threads for reading `files` YAML files of `bytes` bytes together: they pay off from a few
// hundred kilobytes on (the real plans are far smaller and read on the calling thread).
inline std::size_t workers_for_yaml(std::size_t files, std::size_t bytes) {
  constexpr std::size_t k_bytes_for_threads = 256u << 10;
  return bytes < k_bytes_for_threads ? 1 : worker_count(files);
}

// Threads for work on `items` pieces (fields, measures, field files) that hold `measures`
// measures in all: one below 2,000 measures, where threads cost more than they save.
inline std::size_t workers_for_measures(std::size_t measures, std::size_t items) {
  constexpr std::size_t k_measures_for_threads = 2000;
  return measures < k_measures_for_threads ? 1 : worker_count(items);
}

// Calls work(i) for every i in [0, count), on `workers` threads (on the calling thread when
// that is 1), each taking the next index when it is done. `work` must only write what belongs
// to its index. The first exception a call throws stops the rest and is thrown again here.
template <typename Work>
void for_each_index(std::size_t count, std::size_t workers, const Work& work) {
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    for (std::size_t i = next++; i < count; i = next++) work(i);
  };
  if (workers <= 1 || count <= 1) {
    run();
    return;
  }
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(workers);
  for (std::size_t w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      try {
        run();
      } catch (...) {
        errors[w] = std::current_exception();
        next = count;
      }
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace kep
