#pragma once

// Writing an agreement's rows on PostgreSQL: the agreement, its children and its search
// document in one statement (one round trip), replacing and removing them. Callers hold a
// write transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "storage/postgres/connection.hpp"
#include "storage/postgres/organisations.hpp"
#include "storage/shared.hpp"

namespace mtrack::postgres {

class AgreementWriter {
 public:
  AgreementWriter(Connection& c, Organisations& organisations)
      : m_c(c), m_organisations(organisations) {}

  // Stores `a` (normalised) as a new agreement; returns its id. Throws RecordRefused when its
  // key (unless `key_checked`: the caller has just found it free) or a merged key is taken.
  std::int64_t insert(const Agreement& a, bool key_checked = false);
  // Replaces the agreement with id `id` by `a` (normalised).
  void replace(std::int64_t id, const Agreement& a);
  // Removes an agreement (its children and merged keys go with it); false when there is none.
  bool remove(std::int64_t id);
  // Rewrites the search documents and signatures of these agreements (after their parties'
  // organisations changed, or undo put their rows back); ids of agreements that are gone are
  // passed over.
  void refresh(const std::vector<std::int64_t>& ids);

  KeyLookup lookup();

  // Forgets the mineral ids read (at the end of a session: a rollback may have undone them).
  void forget() { m_mineral_ids.clear(); }

 private:
  std::vector<std::int64_t> organisation_ids(const Agreement& a);
  // The parameters of the children statement after the agreement's id.
  void children_params(Params& p, const Agreement& a,
                       const std::vector<std::int64_t>& organisations);
  std::int64_t mineral_id(const std::string& name);
  std::int64_t source_for(const Source& s);

  Connection& m_c;
  Organisations& m_organisations;
  std::unordered_map<std::string, std::int64_t> m_mineral_ids;
};

}  // namespace mtrack::postgres
