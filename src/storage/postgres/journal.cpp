#include "storage/postgres/journal.hpp"

#include <fmt/format.h>

#include "mtrack/util/error.hpp"
#include "storage/shared.hpp"

namespace mtrack::postgres {

void install_journal(Connection& c) {
  // ON COMMIT DELETE ROWS: each transaction starts with them empty (a rolled-back one leaves
  // nothing either). Temporary tables are the connection's own: no other session sees them.
  c.exec(
      "CREATE TEMP TABLE mtrack_journal_rows (seq bigint GENERATED ALWAYS AS IDENTITY, "
      "table_name text NOT NULL, action text NOT NULL, agreement_id bigint, key text COLLATE "
      "\"C\", old_row jsonb, new_row jsonb) ON COMMIT DELETE ROWS; "
      "CREATE TEMP TABLE mtrack_new_agreements (id bigint PRIMARY KEY) ON COMMIT DELETE ROWS");
}

void begin_operation(Connection& c) { c.query("SELECT set_config('mtrack.journal', 'on', true)"); }

void finish_operation(Connection& c, const std::string& command) {
  // The keys the operation touched: those on the rows of agreements it changed (a removed
  // one's too), then those of the agreements of which only other rows changed.
  c.query(
      "WITH staged AS (SELECT * FROM pg_temp.mtrack_journal_rows), "
      "op AS (INSERT INTO operations (at, command, changes, keys) "
      "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), $1, count(*), "
      "(SELECT string_agg(k, ' ' ORDER BY k) FROM (SELECT key AS k FROM staged WHERE key IS NOT "
      "NULL UNION SELECT a.key FROM agreements a WHERE a.id IN (SELECT agreement_id FROM staged "
      "WHERE agreement_id IS NOT NULL GROUP BY agreement_id HAVING bool_and(key IS NULL))) x) "
      "FROM staged HAVING count(*) > 0 RETURNING id) "
      "INSERT INTO journal (operation_id, seq, table_name, action, agreement_id, key, old_row, "
      "new_row) SELECT op.id, s.seq, s.table_name, s.action, s.agreement_id, s.key, s.old_row, "
      "s.new_row FROM op, staged s",
      Params().add(command));
}

void prune_operations(Connection& c) noexcept {
  try {
    c.query(
        "WITH floor AS (SELECT id FROM operations ORDER BY id DESC OFFSET $1 LIMIT 1), "
        "gone AS (DELETE FROM journal WHERE operation_id <= (SELECT id FROM floor)) "
        "DELETE FROM operations WHERE id <= (SELECT id FROM floor)",
        Params().add(k_journal_operations));
  } catch (...) {  // NOLINT(bugprone-empty-catch): the next session prunes what is left
  }
}

std::vector<Operation> list_operations(Connection& c, std::int64_t limit) {
  std::vector<Operation> out;
  auto r = c.query(
      "SELECT id, at, command, changes, coalesce(keys, '') FROM operations ORDER BY id DESC "
      "LIMIT $1",
      Params().add(limit));
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(
        journal_operation(r.int64(i, 0), r.text(i, 1), r.text(i, 2), r.int64(i, 3), r.text(i, 4)));
  }
  return out;
}

Operation undo_operation(Connection& c, std::int64_t id,
                         const std::function<void(const std::vector<std::int64_t>&)>& reindex) {
  const Operation op = check_undoable(list_operations(c, 1), id);
  std::vector<std::int64_t> agreements;
  auto touched = c.query(
      "SELECT DISTINCT agreement_id FROM journal WHERE operation_id = $1 AND agreement_id IS "
      "NOT NULL ORDER BY 1",
      Params().add(op.id));
  for (int i = 0; i < touched.rows(); ++i) agreements.push_back(touched.int64(i, 0));
  c.query("SELECT mtrack_journal_undo($1)", Params().add(op.id));
  reindex(agreements);
  c.query("DELETE FROM journal WHERE operation_id = $1", Params().add(op.id));
  c.query("DELETE FROM operations WHERE id = $1", Params().add(op.id));
  return op;
}

}  // namespace mtrack::postgres
