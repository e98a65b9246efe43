// What Repository and WriteSession do the same way for every backend.

#include "mtrack/storage/repository.hpp"

#include <fmt/format.h>

#include "mtrack/util/error.hpp"

namespace mtrack {

Agreement WriteSession::normalise(Agreement a) {
  return normalised(std::move(a), [this](std::string_view name) { return resolve_party(name); });
}

Operation Repository::undo(std::int64_t id) {
  (void)id;
  throw Error("undo needs the change journal, which this database does not keep");
}

std::int64_t Repository::add(const Agreement& a) {
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
}

void Repository::update(const Agreement& a) {
  if (!a.id) throw Error("internal error: update without an id");
  auto session = begin_write();
  session->replace(*a.id, session->normalise(a));
  session->commit();
}

bool Repository::remove(std::int64_t id) {
  auto session = begin_write();
  const bool removed = session->remove(id);
  session->commit();
  return removed;
}

}  // namespace mtrack
