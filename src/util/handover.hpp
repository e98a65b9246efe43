#pragma once

// Handing items from one thread to another in batches, in order, with at most a few batches
// in flight: the producer blocks when the consumer falls behind, so memory stays bounded.
// A batch the consumer has finished with goes back to the producer, which empties it before
// filling it again: what the items own is freed on the thread that made it (the allocator's
// cheap path), and the batch's storage is reused.
//
// One producer thread, one consumer thread. The consumer may stop early (cancel): the producer's
// next put() throws Cancelled, which the producer lets unwind. The producer ends with close(),
// passing the exception it stopped on, if any; the consumer sees it after the last batch.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace mtrack {

template <class T>
class Handover {
 public:
  struct Cancelled {};  // thrown to the producer once the consumer has stopped

  explicit Handover(std::size_t batch = 64, std::size_t depth = 4)
      : m_batch(batch), m_depth(depth) {
    m_filling.reserve(m_batch);
  }

  // ---- producer ----
  void put(T&& item) {
    if (m_cancelled.load(std::memory_order_relaxed)) throw Cancelled{};  // stop promptly
    m_filling.push_back(std::move(item));
    if (m_filling.size() >= m_batch) publish();
  }
  // Hands over the items put so far without waiting for a batch to fill: for a producer about
  // to wait itself (for input), so that the consumer is not kept waiting for them meanwhile.
  void flush() {
    if (!m_filling.empty()) publish();
  }
  // No more items (after those put): `error`, when set, is what stopped the producer.
  void close(std::exception_ptr error = nullptr) {
    try {
      flush();  // what was put before an error is handed over too
    } catch (const Cancelled&) {
    }
    std::lock_guard lock(m_mutex);
    m_error = std::move(error);
    m_closed = true;
    m_changed.notify_all();
  }

  // ---- consumer ----
  // The next batch (the one returned before goes back to the producer); nullptr once the
  // producer has closed and every batch has been taken. Rethrows the producer's error then.
  std::vector<T>* next() {
    std::unique_lock lock(m_mutex);
    if (m_taken) {
      m_spent.push_back(std::move(*m_taken));
      m_taken.reset();
    }
    m_changed.wait(lock, [&] { return !m_full.empty() || m_closed; });
    if (m_full.empty()) {
      if (m_error) std::rethrow_exception(m_error);
      return nullptr;
    }
    m_taken = std::move(m_full.front());
    m_full.pop_front();
    m_changed.notify_all();
    return &*m_taken;
  }
  // The consumer stops: the producer's next put() throws Cancelled.
  void cancel() {
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_changed.notify_all();
  }

 private:
  void publish() {
    std::vector<T> reuse;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_full.size() < m_depth || m_cancelled; });
      if (m_cancelled) throw Cancelled{};
      m_full.push_back(std::move(m_filling));
      m_changed.notify_all();
      if (!m_spent.empty()) {
        reuse = std::move(m_spent.back());
        m_spent.pop_back();
      }
    }
    reuse.clear();  // the consumer's leftovers are freed here, outside the lock
    m_filling = std::move(reuse);
    m_filling.reserve(m_batch);
  }

  const std::size_t m_batch;
  const std::size_t m_depth;
  std::vector<T> m_filling;  // the producer's alone

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::vector<T>> m_full;
  std::vector<std::vector<T>> m_spent;
  std::optional<std::vector<T>> m_taken;  // the batch the consumer holds
  std::exception_ptr m_error;
  bool m_closed = false;
  std::atomic<bool> m_cancelled = false;  // written under the mutex; put() peeks without it
};

}  // namespace mtrack
