#include "storage/sqlite/journal.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <variant>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/scratch.hpp"

namespace mtrack::sqlite {

namespace {

// Tables whose rows are not the user's data: bookkeeping, the journal itself, the search
// index (rebuilt from the rows by undo) and the tables loaded from the shipped data files.
bool journaled(const std::string& table) {
  static const std::set<std::string> k_skipped = {
      "operations", "journal",       "meta",           "schema_history",
      "minerals",   "mineral_aliases", "mineral_groups", "rates"};
  return !k_skipped.count(table) && table.rfind("sqlite_", 0) != 0 &&
         table.rfind("agreement_search", 0) != 0;
}

struct Column {
  std::string name;
  int pk = 0;  // position in the primary key, 0 when not part of it
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  bool has_agreement_id = false;
};

std::string ident(std::string_view name) {
  std::string out = "\"";
  out += name;
  out += '"';
  return out;
}

// SQL text that builds, inside a trigger, a literal of `row`.`column` ("quote(OLD."x")").
std::string literal(const std::string& row, const std::string& column) {
  return fmt::format("quote({}.{})", row, ident(column));
}

// An expression that builds the WHERE clause finding `row` again: its primary key, or its
// rowid for a table without one.
std::string where_expr(const Table& t, const std::string& row) {
  std::vector<const Column*> key;
  for (const auto& c : t.columns) {
    if (c.pk > 0) key.push_back(&c);
  }
  std::sort(key.begin(), key.end(), [](const Column* a, const Column* b) { return a->pk < b->pk; });
  if (key.empty()) return fmt::format("'rowid = ' || {}.rowid", row);
  std::vector<std::string> parts;
  for (const Column* c : key) {
    parts.push_back(fmt::format("'{} = ' || {}", ident(c->name), literal(row, c->name)));
  }
  return text::join(parts, " || ' AND ' || ");
}

std::vector<Table> data_tables(SQLite::Database& db) {
  std::vector<Table> out;
  SQLite::Statement q(db,
                      "SELECT name FROM sqlite_master WHERE type = 'table' "
                      "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
  while (q.executeStep()) {
    const std::string name = q.getColumn(0).getString();
    if (journaled(name)) out.push_back({name, {}, false});
  }
  for (auto& t : out) {
    SQLite::Statement info(db, "SELECT name, pk FROM pragma_table_info(?)");
    info.bind(1, t.name);
    while (info.executeStep()) {
      t.columns.push_back({info.getColumn(0).getString(), info.getColumn(1).getInt()});
      if (t.columns.back().name == "agreement_id") t.has_agreement_id = true;
    }
  }
  return out;
}

std::string agreement_of(const Table& t, const std::string& row) {
  if (t.name == "agreements") return row + ".id";
  return t.has_agreement_id ? row + ".agreement_id" : "NULL";
}

std::string key_of(const Table& t, const std::string& row) {
  return t.name == "agreements" ? row + ".key" : "NULL";
}

std::string now_utc() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

// Sets the operation's count of changed rows and its keys: those of the agreements' own rows
// (a removed one's too), then those of the agreements whose other rows changed, sorted, each
// once, joined by spaces. They are gathered in the scratch database and written to the row
// in pieces: a million keys (11 MB) are never held at once, where one SQL statement
// (UNION, ORDER BY, group_concat) held them several times over in temporary storage.
void record_keys(Connection& c, Scratch& scratch, std::int64_t id, std::int64_t changes) {
  scratch.clear_touched();
  for (const char* sql :
       {"SELECT key FROM journal WHERE operation_id = ? AND key IS NOT NULL",
        // A row with a key is an agreement's own, whose key (as it is now) the first query
        // already found.
        "SELECT a.key FROM journal j JOIN agreements a ON a.id = j.agreement_id "
        "WHERE j.operation_id = ? AND j.key IS NULL"}) {
    auto& q = c.prepared(sql);
    q.bind(1, id);
    while (q.executeStep()) scratch.touch(q.getColumn(0).getString());
    q.reset();
  }
  const auto size = scratch.touched_size();
  const std::int64_t length = size.count == 0 ? 0 : size.bytes + size.count - 1;
  constexpr std::int64_t k_piece = 64 * 1024;
  if (size.count == 0 || length <= k_piece) {  // the usual case: one short text
    std::string keys;
    scratch.each_touched([&](std::string_view k) {
      if (!keys.empty()) keys += ' ';
      keys += k;
    });
    auto& set = c.prepared("UPDATE operations SET changes = ?1, keys = ?3 WHERE id = ?2");
    set.bind(1, changes);
    set.bind(2, id);
    if (size.count == 0) {
      set.bind(3);
    } else {
      set.bind(3, keys);
    }
    set.exec();
    return;
  }
  // Longer: the room first (a zeroblob takes no memory), then the keys written into it.
  auto& set = c.prepared("UPDATE operations SET changes = ?1, keys = zeroblob(?3) WHERE id = ?2");
  set.bind(1, changes);
  set.bind(2, id);
  set.bind(3, length);
  set.exec();
  sqlite3_blob* blob = nullptr;
  sqlite3* handle = c.db().getHandle();
  if (const int rc = sqlite3_blob_open(handle, "main", "operations", "keys", id, 1, &blob);
      rc != SQLITE_OK) {
    throw SQLite::Exception(handle, rc);
  }
  std::string piece;
  std::int64_t at = 0;
  const auto write = [&] {
    const int rc = sqlite3_blob_write(blob, piece.data(), static_cast<int>(piece.size()),
                                      static_cast<int>(at));
    if (rc != SQLITE_OK) {
      sqlite3_blob_close(blob);
      throw SQLite::Exception(handle, rc);
    }
    at += static_cast<std::int64_t>(piece.size());
    piece.clear();
  };
  bool first = true;
  scratch.each_touched([&](std::string_view k) {
    if (!first) piece += ' ';
    first = false;
    piece += k;
    if (static_cast<std::int64_t>(piece.size()) >= k_piece) write();
  });
  if (!piece.empty()) write();
  if (const int rc = sqlite3_blob_close(blob); rc != SQLITE_OK) throw SQLite::Exception(handle, rc);
}

}  // namespace

void install_journal(Connection& c) {
  auto& db = c.db();
  // Statements that fire triggers keep a statement journal, and the triggers use temporary
  // tables: both in memory, not in temporary files (an import's system time 0.2 s -> 1.8 s
  // at 20,000 agreements with files).
  db.exec("PRAGMA temp_store = MEMORY");
  db.exec(
      "CREATE TEMP TABLE IF NOT EXISTS mtrack_operation (id INTEGER NOT NULL, "
      "first_new INTEGER NOT NULL)");
  for (const auto& t : data_tables(db)) {
    std::vector<std::string> names, olds, sets;
    for (const auto& col : t.columns) {
      names.push_back(ident(col.name));
      olds.push_back(literal("OLD", col.name));
      sets.push_back(fmt::format("'{} = ' || {}", ident(col.name), literal("OLD", col.name)));
    }
    const bool rowid_table = std::none_of(t.columns.begin(), t.columns.end(),
                                          [](const Column& col) { return col.pk > 0; });
    std::string insert_names = text::join(names, ", ");
    std::string insert_values = text::join(olds, " || ', ' || ");
    if (rowid_table) {  // the rowid comes back too, so that references to it still hold
      insert_names = "rowid, " + insert_names;
      insert_values = "OLD.rowid || ', ' || " + insert_values;
    }
    const std::string record =
        "INSERT INTO journal (operation_id, agreement_id, key, undo) SELECT id, {agreement}, "
        "{key}, {undo} FROM temp.mtrack_operation";
    db.exec(fmt::format(
        "CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER DELETE ON main.{} BEGIN {}; END",
        ident("journal_delete_" + t.name), ident(t.name),
        fmt::format(fmt::runtime(record), fmt::arg("agreement", agreement_of(t, "OLD")),
                    fmt::arg("key", key_of(t, "OLD")),
                    fmt::arg("undo", fmt::format("'INSERT INTO {} ({}) VALUES (' || {} || ')'",
                                                 ident(t.name), insert_names, insert_values)))));
    db.exec(fmt::format(
        "CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER UPDATE ON main.{} BEGIN {}; END",
        ident("journal_update_" + t.name), ident(t.name),
        fmt::format(fmt::runtime(record), fmt::arg("agreement", agreement_of(t, "NEW")),
                    fmt::arg("key", key_of(t, "NEW")),
                    fmt::arg("undo", fmt::format("'UPDATE {} SET ' || {} || ' WHERE ' || {}",
                                                 ident(t.name), text::join(sets, " || ', ' || "),
                                                 where_expr(t, "NEW"))))));
  }
}

namespace {

// A value as SQL's quote() writes it: a number as it is, a text in single quotes with each
// quote doubled.
std::string quoted(const Bind& v) {
  if (const auto* number = std::get_if<std::int64_t>(&v)) return std::to_string(*number);
  const auto& text = std::get<std::string>(v);
  std::string out = "'";
  for (const char ch : text) {
    out += ch;
    if (ch == '\'') out += ch;
  }
  out += '\'';
  return out;
}

}  // namespace

void journal_insert(Connection& c, const InsertedRow& row) {
  auto& operation = c.operation();
  if (!operation) return;
  const bool own_row = row.table == "agreements";
  if (row.agreement && !own_row && *row.agreement >= operation->first_new) return;
  // DELETE FROM "t" WHERE "k" = v [AND ...]: what the DELETE trigger's counterpart writes.
  std::string undo = "DELETE FROM " + ident(row.table) + " WHERE ";
  for (std::size_t i = 0; i < row.key.size(); ++i) {
    if (i > 0) undo += " AND ";
    undo += ident(row.key[i].first);
    undo += " = ";
    undo += quoted(row.key[i].second);
  }
  auto& q = operation->inserted;
  q.row();
  q.bind(1, operation->id);
  if (row.agreement) q.bind(2, *row.agreement);
  if (row.agreement_key) q.bind(3, *row.agreement_key);
  q.bind(4, std::move(undo));
}

void flush_journal(Connection& c) {
  auto& operation = c.operation();
  if (operation && !operation->inserted.empty()) operation->inserted.flush(c);
}

void begin_operation(Connection& c, const std::string& command) {
  auto& db = c.db();
  db.exec("DELETE FROM temp.mtrack_operation");
  auto& add = c.prepared("INSERT INTO operations (at, command) VALUES (?, ?)");
  add.bind(1, now_utc());
  add.bind(2, command);
  add.exec();
  auto& open = c.prepared(
      "INSERT INTO temp.mtrack_operation (id, first_new) "
      "SELECT ?, coalesce(max(id), 0) + 1 FROM main.agreements RETURNING id, first_new");
  open.bind(1, static_cast<std::int64_t>(db.getLastInsertRowid()));
  if (!open.executeStep()) throw Error("internal error: the operation was not opened");
  c.operation() = Connection::OpenOperation{open.getColumn(0).getInt64(),
                                            open.getColumn(1).getInt64()};
  open.reset();
}

void finish_operation(Connection& c, Scratch& scratch) {
  auto& db = c.db();
  flush_journal(c);
  c.operation().reset();
  auto& current = c.prepared("SELECT id FROM temp.mtrack_operation");
  if (!current.executeStep()) return;
  const std::int64_t id = current.getColumn(0).getInt64();
  current.reset();
  db.exec("DELETE FROM temp.mtrack_operation");
  auto& count = c.prepared("SELECT count(*) FROM journal WHERE operation_id = ?");
  count.bind(1, id);
  count.executeStep();
  const std::int64_t changes = count.getColumn(0).getInt64();
  count.reset();
  if (changes == 0) {
    auto& drop = c.prepared("DELETE FROM operations WHERE id = ?");
    drop.bind(1, id);
    drop.exec();
    return;
  }
  record_keys(c, scratch, id, changes);
  auto& prune_journal = c.prepared("DELETE FROM journal WHERE operation_id <= ?");
  auto& prune = c.prepared("DELETE FROM operations WHERE id <= ?");
  for (auto* q : {&prune_journal, &prune}) {
    q->bind(1, id - k_journal_operations);
    q->exec();
  }
}

std::vector<Operation> list_operations(Connection& c, std::int64_t limit) {
  std::vector<Operation> out;
  auto& q = c.prepared(
      "SELECT id, at, command, changes, coalesce(keys, '') FROM operations "
      "ORDER BY id DESC LIMIT ?");
  q.bind(1, limit);
  while (q.executeStep()) {
    out.push_back(journal_operation(q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                                    q.getColumn(2).getString(), q.getColumn(3).getInt64(),
                                    q.getColumn(4).getString()));
  }
  q.reset();
  return out;
}

Operation undo_operation(Connection& c, std::int64_t id,
                         const std::function<void(const std::vector<std::int64_t>&)>& reindex) {
  const Operation op = check_undoable(list_operations(c, 1), id);
  auto& db = c.db();
  // Rows come back in the reverse of the order they went, a parent possibly after the rows
  // that refer to it: the references are checked at commit.
  db.exec("PRAGMA defer_foreign_keys = ON");
  std::vector<std::string> statements;
  std::set<std::int64_t> agreements;
  {
    auto& q = c.prepared(
        "SELECT undo, agreement_id FROM journal WHERE operation_id = ? ORDER BY seq DESC");
    q.bind(1, op.id);
    while (q.executeStep()) {
      statements.push_back(q.getColumn(0).getString());
      if (!q.getColumn(1).isNull()) agreements.insert(q.getColumn(1).getInt64());
    }
    q.reset();
  }
  for (const auto& sql : statements) db.exec(sql);
  reindex(std::vector<std::int64_t>(agreements.begin(), agreements.end()));
  for (const char* sql : {"DELETE FROM journal WHERE operation_id = ?",
                          "DELETE FROM operations WHERE id = ?"}) {
    auto& q = c.prepared(sql);
    q.bind(1, op.id);
    q.exec();
  }
  return op;
}

}  // namespace mtrack::sqlite
