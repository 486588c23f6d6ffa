// Work spread over threads (parallel.h): every index once, each result where its index says,
// the first exception thrown again on the calling thread.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "parallel.h"

using namespace kep;

TEST_CASE("for_each_index: every index once, on one thread or several") {
  for (const std::size_t workers : {std::size_t{1}, std::size_t{2}, std::size_t{8}}) {
    std::vector<int> hits(1000, 0);
    for_each_index(hits.size(), workers, [&](std::size_t i) { hits[i] += static_cast<int>(i); });
    for (std::size_t i = 0; i < hits.size(); ++i) REQUIRE(hits[i] == static_cast<int>(i));
  }
  int calls = 0;
  for_each_index(0, 4, [&](std::size_t) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("for_each_index: one worker runs on the calling thread, more on others") {
  const auto caller = std::this_thread::get_id();
  std::vector<std::thread::id> ids(4);
  for_each_index(ids.size(), 1, [&](std::size_t i) { ids[i] = std::this_thread::get_id(); });
  for (const auto& id : ids) CHECK(id == caller);
  for_each_index(ids.size(), 2, [&](std::size_t i) { ids[i] = std::this_thread::get_id(); });
  for (const auto& id : ids) CHECK(id != caller);
}

TEST_CASE("for_each_index: an exception stops the work and comes back to the caller") {
  std::atomic<int> done{0};
  auto work = [&](std::size_t i) {
    if (i == 3) throw std::runtime_error("kaputt bei 3");
    ++done;
  };
  for (const std::size_t workers : {std::size_t{1}, std::size_t{2}}) {
    done = 0;
    CHECK_THROWS_WITH(for_each_index(100000, workers, work), "kaputt bei 3");
    CHECK(done < 100000 - 1);
  }
}

TEST_CASE("worker_count: one per core, at most 8, at most one per item, at least 1") {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  CHECK(worker_count(0) == 1);
  CHECK(worker_count(1) == 1);
  CHECK(worker_count(1000) == std::min<std::size_t>(cores, 8));
  CHECK(worker_count(2) == std::min<std::size_t>({cores, 8, 2}));
}

TEST_CASE("workers_for_yaml: one thread below 256 KiB of YAML, one per core from there on") {
  CHECK(workers_for_yaml(50, (256u << 10) - 1) == 1);
  CHECK(workers_for_yaml(50, 256u << 10) == worker_count(50));
  CHECK(workers_for_yaml(1, 100u << 20) == 1);
}
