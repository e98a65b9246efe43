#pragma once

// Organisations and their aliases: looking a name up (canonical name or alias, without
// regard to ASCII case, as the NOCASE columns compare), creating one for a new party name,
// recording aliases, merging two, and the listings `party` shows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/connection.hpp"

namespace mtrack::sqlite {

class Organisations {
 public:
  explicit Organisations(Connection& c) : m_c(c) {}

  struct Found {
    std::int64_t id = 0;
    std::string name;  // canonical
  };
  // The organisation with this name or alias.
  std::optional<Found> find(std::string_view name_or_alias);
  // The id of the organisation called `name` (or with that alias), created when there is none.
  std::int64_t id_for(const std::string& name);
  // Records other names of an organisation (creating it); throws mtrack::Error when one of
  // them already names another organisation.
  void put_aliases(const PartyAliases& p);
  // Merges `drop` into `keep`; returns the ids of the agreements that now name `keep`.
  std::vector<std::int64_t> merge(std::string_view keep, std::string_view drop);

  std::vector<Organisation> list();
  std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names);
  std::vector<PartyUse> uses(std::int64_t organisation_id);

  // Inside a write session lookups are remembered (the session holds the write lock, so only
  // it changes the tables); the memory is dropped when the session ends, so a rollback leaves
  // no stale ids behind.
  void remember(bool on);

 private:
  // At most this many names are remembered (then forgotten all at once, and looked up again
  // one by one): an import naming a million organisations stays in bounded memory.
  static constexpr std::size_t k_remembered = 100'000;

  void forget();
  void note(const std::string& name, std::optional<Found> found);

  Connection& m_c;
  bool m_remember = false;
  bool m_complete = false;  // m_known holds every name and alias
  // Names with ASCII case folded, as SQLite's NOCASE compares.
  std::unordered_map<std::string, std::optional<Found>, text::IcaseHash, text::IcaseEqual> m_known;
};

}  // namespace mtrack::sqlite
