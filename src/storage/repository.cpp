// What Repository and WriteSession do the same way for every backend, and choosing the
// backend a locator names.

#include "mtrack/storage/repository.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "mtrack/util/error.hpp"
#include "storage/backends.hpp"

namespace mtrack {

Agreement WriteSession::normalise(Agreement a) {
  return normalised(std::move(a), [this](std::string_view name) { return resolve_party(name); });
}

Operation Repository::undo(std::int64_t id) {
  (void)id;
  throw Error("undo needs the change journal, which this database does not keep");
}

std::int64_t Repository::add(const Agreement& a) {
  return with_write_retry([&] {
    auto session = begin_write();
    const Agreement normal = session->normalise(a);
    if (auto taken = session->find_key(normal.key)) {
      if (taken->key != normal.key) {
        throw Error(
            fmt::format("key '{}' was merged into agreement {}", normal.key, *taken->id));
      }
      throw Error(fmt::format("an agreement with key '{}' exists", normal.key));
    }
    const std::int64_t id = session->put(normal);
    session->commit();
    return id;
  });
}

void Repository::update(const Agreement& a) {
  if (!a.id) throw Error("internal error: update without an id");
  with_write_retry([&] {
    auto session = begin_write();
    session->replace(*a.id, session->normalise(a));
    session->commit();
  });
}

bool Repository::remove(std::int64_t id) {
  return with_write_retry([&] {
    auto session = begin_write();
    const bool removed = session->remove(id);
    session->commit();
    return removed;
  });
}

namespace detail {

void pause_after_conflict(int attempt) {
  static thread_local std::minstd_rand jitter(
      static_cast<unsigned>(::getpid()) ^
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  const int base_ms = 10 << std::min(attempt - 1, 6);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(base_ms / 2 + static_cast<int>(jitter() % base_ms)));
}

}  // namespace detail

std::unique_ptr<Repository> open_repository(const std::string& locator, Access access) {
  if (is_postgres_locator(locator)) return postgres::open_postgres(locator, access, nullptr);
  return sqlite::open_sqlite(locator, access, nullptr);
}

std::unique_ptr<Repository> open_repository(const std::string& locator, Access access,
                                            const MineralTable& minerals) {
  if (is_postgres_locator(locator)) return postgres::open_postgres(locator, access, &minerals);
  return sqlite::open_sqlite(locator, access, &minerals);
}

}  // namespace mtrack
