#pragma once

// Agreements as PostgreSQL rows: the one list of the agreements table's columns, and reading
// agreements with their children in chunks: one query per child table for a chunk of ids,
// all of a chunk's queries sent in one round trip.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "mtrack/storage/repository.hpp"
#include "storage/postgres/connection.hpp"

namespace mtrack::postgres {

// The columns of `agreements` that hold an Agreement's own fields (id aside), in the order
// agreement_params adds them.
extern const std::vector<std::string> k_agreement_columns;

// "a.id, a.key, a.type, ...": what read_agreement reads, for SELECT ... FROM agreements a.
const std::string& agreement_select_list();

// Appends `a`'s values for k_agreement_columns (`signature`: duplicate_signature's).
void agreement_params(Params& p, const Agreement& a, const std::string& signature);
// The agreement in row `row` of a result that selects agreement_select_list() first, without
// its children.
Agreement read_agreement(const Result& r, int row);

// Agreements per chunk: the ids of a chunk go to the server as one array.
inline constexpr std::size_t k_chunk = 500;

// Fills the children of `chunk` (distinct ids, any order): parties and minerals, and for
// Detail::full stages, sources, evidence, events, related keys, tags, provenance and merged
// keys.
void load_children(Connection& c, std::vector<Agreement>& chunk, Detail detail);

// The agreements with these ids, each with its children, handed to `sink` in ascending id;
// missing ids are skipped.
void read_agreements_by_id(Connection& c, std::vector<std::int64_t> ids, Detail detail,
                           const std::function<void(Agreement&)>& sink);
std::optional<Agreement> read_agreement_by_id(Connection& c, std::int64_t id);

// Runs `sql` (which selects agreement_select_list()) through a cursor and hands each
// agreement, with its children, to `sink` in the query's order, a chunk at a time. The caller
// holds a transaction.
void stream_agreements(Connection& c, const std::string& sql, const Params& params, Detail detail,
                       const std::function<void(Agreement&)>& sink);

// The id of the agreement with this key; of the one a key was merged into; of the one an id
// ("12"), key or merged key names.
std::optional<std::int64_t> id_for_key(Connection& c, const std::string& key);
std::optional<std::int64_t> id_for_merged_key(Connection& c, const std::string& key);
std::optional<std::int64_t> id_for(Connection& c, std::string_view id_or_key);

}  // namespace mtrack::postgres
