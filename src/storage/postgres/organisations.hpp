#pragma once

// Organisations and their aliases on PostgreSQL: looking a name up (canonical name or alias,
// ASCII letters in any case, as SQLite's NOCASE compares), creating one for a new party name,
// recording aliases, merging two, and the listings `party` shows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/text.hpp"
#include "storage/postgres/connection.hpp"

namespace mtrack::postgres {

class Organisations {
 public:
  explicit Organisations(Connection& c) : m_c(c) {}

  struct Found {
    std::int64_t id = 0;
    std::string name;  // canonical
  };
  std::optional<Found> find(std::string_view name_or_alias);
  // The id of the organisation called `name` (or with that alias), created when there is none.
  std::int64_t id_for(const std::string& name);
  // Records other names of an organisation (creating it); throws RecordRefused when one of
  // them already names another organisation.
  void put_aliases(const PartyAliases& p);
  // Merges `drop` into `keep`; returns the ids of the agreements that now name `keep`.
  std::vector<std::int64_t> merge(std::string_view keep, std::string_view drop);

  std::vector<Organisation> list();
  std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names);
  std::vector<PartyUse> uses(std::int64_t organisation_id);

  // Inside a write session lookups are remembered (what the session reads is its snapshot,
  // and only it changes what it sees); forgotten when the session ends.
  void remember(bool on);

 private:
  static constexpr std::size_t k_remembered = 100'000;

  void note(const std::string& name, std::optional<Found> found);

  Connection& m_c;
  bool m_remember = false;
  bool m_complete = false;
  std::unordered_map<std::string, std::optional<Found>, text::IcaseHash, text::IcaseEqual> m_known;
};

}  // namespace mtrack::postgres
