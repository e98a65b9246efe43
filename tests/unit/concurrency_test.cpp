// Concurrent use of one database by real mtrack processes: writers all succeed, readers
// never fail, nothing is lost.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "support/process.hpp"

namespace mtrack::test {
namespace {

std::size_t line_count(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

class Failures {
 public:
  void add(const std::string& what) {
    std::lock_guard lock(m_mutex);
    m_list.push_back(what);
  }
  std::vector<std::string> list() {
    std::lock_guard lock(m_mutex);
    return m_list;
  }

 private:
  std::mutex m_mutex;
  std::vector<std::string> m_list;
};

// 8 processes at a time each add 250 agreements (one `mtrack add` each; 60 in the sanitizer
// build) into one new database, while 2 readers list it in a loop.
TEST(Concurrency, EightWritersTwoReaders) {
  constexpr int k_writers = 8;
  constexpr int k_each = k_sanitized ? 60 : 250;
  TempDir dir;
  const auto db = dir / "shared.db";
  Failures failures;
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::latch start(k_writers + 2);

  std::vector<std::thread> threads;
  const auto began = std::chrono::steady_clock::now();
  for (int w = 0; w < k_writers; ++w) {
    threads.emplace_back([&, w] {
      start.arrive_and_wait();
      for (int i = 0; i < k_each; ++i) {
        const std::string key = "w" + std::to_string(w) + "-" + std::to_string(i);
        auto o = mtrack(
            db, {"add", "--key", key, "--type", "offtake", "--title", "Concurrent offtake " + key,
                 "--party", "Acme Lithium Ltd:seller", "--party", "EXIM:buyer", "--mineral",
                 "lithium", "--value", "US$" + std::to_string(i + 1) + " million", "--announced",
                 "2025-0" + std::to_string(1 + w)});
        if (o.status != 0)
          failures.add("add " + key + ": " + std::to_string(o.status) + " " + o.err);
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      std::size_t last = 0;
      while (writing) {
        auto o = mtrack(db, {"list", "--format", "jsonl"});
        ++reads;
        // Reads never create: before the first writer has, there is no database to list.
        if (last == 0 && o.status == k_exit_failure &&
            o.err.find("no database at") != std::string::npos) {
          continue;
        }
        if (o.status != 0) {
          failures.add("list: " + std::to_string(o.status) + " " + o.err);
          continue;
        }
        const std::size_t n = line_count(o.out);
        if (n < last) failures.add("list went back from " + std::to_string(last));
        last = n;
      }
    });
  }
  for (int w = 0; w < k_writers; ++w) threads[static_cast<std::size_t>(w)].join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  writing = false;
  for (std::size_t t = k_writers; t < threads.size(); ++t) threads[t].join();

  const auto list = failures.list();
  EXPECT_TRUE(list.empty()) << list.size() << " failures, first: " << list.front();
  auto o = mtrack(db, {"list", "--format", "jsonl"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(line_count(o.out), std::size_t{k_writers * k_each});
  std::set<std::string> keys;
  std::istringstream in(o.out);
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("\"key\":\"");
    keys.insert(line.substr(at + 7, line.find('"', at + 7) - at - 7));
  }
  EXPECT_EQ(keys.size(), std::size_t{k_writers * k_each});
  std::cout << "[ figures  ] " << k_writers * k_each << " agreements by " << k_writers
            << " concurrent writers in " << seconds << " s; " << reads << " concurrent lists, "
            << list.size() << " failures\n";
}

// Many processes opening a database that does not exist yet: exactly one creates and
// migrates it, none fails.
TEST(Concurrency, SimultaneousFirstOpens) {
  for (int round = 0; round < 4; ++round) {
    TempDir dir;
    const auto db = dir / "new" / "first.db";
    Failures failures;
    std::latch start(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        const std::vector<std::string> args =
            t % 3 == 0 ? std::vector<std::string>{"init"}
            : t % 3 == 1
                ? std::vector<std::string>{"list", "--format", "jsonl"}
                : std::vector<std::string>{
                      "add", "--type", "mou", "--key", "k" + std::to_string(t), "--party", "DoD"};
        auto o = mtrack(db, args);
        // Reads never create: a list before the first writer finds no database.
        const bool before_any = args[0] == "list" && o.status == k_exit_failure &&
                                o.err.find("no database at") != std::string::npos;
        if (o.status != 0 && !before_any) failures.add(args[0] + ": " + o.err);
      });
    }
    for (auto& th : threads) th.join();
    const auto list = failures.list();
    EXPECT_TRUE(list.empty()) << list.front();
    auto o = mtrack(db, {"list", "--format", "jsonl"});
    EXPECT_EQ(o.status, 0) << o.err;
    EXPECT_EQ(line_count(o.out), 2u);
  }
}

}  // namespace
}  // namespace mtrack::test
