#pragma once

// Writing an agreement's rows: the agreement, its children, its search row and its duplicate
// signature; replacing and removing them. Callers hold a write transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mtrack/domain/model.hpp"
#include "storage/shared.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/organisations.hpp"
#include "storage/sqlite/row_queue.hpp"

namespace mtrack::sqlite {

// Whether the caller has just found that no agreement has a key or merged it, and has
// written nothing since.
enum class KeyChecked { no, yes };

class AgreementWriter {
 public:
  AgreementWriter(Connection& c, Organisations& organisations)
      : m_c(c), m_organisations(organisations) {}

  // Stores `a` (normalised) as a new agreement; returns its id. Throws mtrack::Error when its
  // key is taken or a merged key is another agreement's key.
  std::int64_t insert(const Agreement& a, KeyChecked checked = KeyChecked::no);
  // Replaces the agreement with id `id` by `a` (normalised).
  void replace(std::int64_t id, const Agreement& a);
  // Removes an agreement (its children and merged keys go with it); false when there is none.
  bool remove(std::int64_t id);
  // Rewrites the search rows and signatures of these agreements (after their parties'
  // organisations changed).
  void refresh(const std::vector<std::int64_t>& ids);
  // Rewrites the search rows of these agreements from their stored rows, and drops those of
  // the ids no agreement has (after an undo put rows back).
  void reindex(const std::vector<std::int64_t>& ids);

  // A new agreement's child rows are queued (row_queue.hpp) and written k_batch agreements at
  // a time, many rows to a statement: an import of 100,000 agreements ran about 1.1 million
  // single-row statements, each with its statement savepoint (the journal's INSERT triggers,
  // since removed, asked for one), and FTS5 wrote out a one-row segment at every savepoint.
  // Every method but insert() writes the queues first or last, so only insert() leaves rows
  // queued; whoever reads an agreement's rows back in the same transaction calls flush()
  // first, and a write session flushes before it commits and discards when it rolls back.
  void flush();
  // flush(), then the search rows of the agreements stored, replaced or refreshed since the
  // last call, built from their stored rows by one statement per run of ids (the one place
  // the search text is made). Written per batch, each multi-row statement's savepoint made
  // FTS5 write out its pending terms as a small segment and merge them again and again (a
  // seventh of a 100,000-agreement import); in one statement FTS5 writes large segments, as
  // it does for SQLite's own INSERT ... SELECT. Called every k_index_batch agreements, by
  // refresh(), and by a write session before it commits; nothing in a session reads the
  // search index.
  void write_search_rows();
  void discard();

  // Throws RecordRefused when `key` names an agreement other than `self`.
  void check_key_free(const std::string& key, std::optional<std::int64_t> self);
  // The same for the key (unless `checked`) and the merged keys of `a`, before anything of it
  // is written.
  void check_keys_free(const Agreement& a, std::optional<std::int64_t> self, KeyChecked checked);

 private:
  KeyLookup lookup();
  std::vector<std::int64_t> organisation_ids(const Agreement& a);
  // `journal`: each row is journaled (a stored agreement's rows, replaced); an agreement
  // inserted by this operation needs none (journal.hpp).
  void insert_children(std::int64_t id, const Agreement& a,
                       const std::vector<std::int64_t>& organisations, bool journal);
  // Marks `id` for the next write_search_rows(); `fresh`: an agreement this session added,
  // which has no search row yet.
  void index_later(std::int64_t id, bool fresh);
  std::int64_t mineral_id(const std::string& name);
  std::int64_t source_for(const Source& s);

  static constexpr int k_batch = 256;  // agreements between two flushes
  static constexpr int k_index_batch = 4096;  // agreements between two write_search_rows()
  RowQueue& queue(const char* sql);

  Connection& m_c;
  Organisations& m_organisations;
  std::unordered_map<std::string, std::int64_t> m_mineral_ids;
  // By the statement's text (a literal: kept by its address), in first-use order.
  std::unordered_map<const char*, std::size_t> m_queue_of;
  std::vector<RowQueue> m_queues;
  int m_queued_agreements = 0;
  // The ids whose search rows are still to be written (write_search_rows), as runs of
  // consecutive ids: an import's are one run.
  struct Run {
    std::int64_t first;
    std::int64_t last;
    bool fresh;
  };
  std::vector<Run> m_unindexed;
  int m_unindexed_count = 0;
};

}  // namespace mtrack::sqlite
