// The SQLite backend of Repository. Every SQL statement of mtrack is in this file (and the
// migrations in schema/); values are always bound, never spliced into SQL text.

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <system_error>
#include <unordered_map>

#include "mtrack/embedded.hpp"
#include "mtrack/error.hpp"
#include "mtrack/organisations.hpp"
#include "mtrack/parse.hpp"
#include "mtrack/repository.hpp"
#include "mtrack/text.hpp"

namespace mtrack {

namespace {

constexpr int k_application_id = 0x6D74726B;  // "mtrk"

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

std::vector<Migration> migrations() {
  std::vector<Migration> out;
  for (const auto& f : embedded::files()) {
    if (f.name.size() < 9 || !f.name.ends_with(".sql")) continue;
    const auto digits = f.name.substr(0, 4);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) continue;
    out.push_back({std::stoi(std::string(digits)), f.name, f.contents});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

// FNV-1a over the data tables, to notice when a new mtrack ships changed ones.
std::string data_hash() {
  std::uint64_t h = 1469598103934665603ull;
  for (auto name : {"minerals.tsv", "organisations.tsv"}) {
    for (unsigned char c : embedded::file(name)) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  return fmt::format("{:016x}", h);
}

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

PartialDate date_column(const SQLite::Column& c) {
  if (c.isNull()) return {};
  auto d = parse_partial_date(c.getString());
  return d ? d.value() : PartialDate{};
}

void bind_text_or_null(SQLite::Statement& q, int index, const std::string& s) {
  if (s.empty()) q.bind(index);
  else q.bind(index, s);
}

void bind_date(SQLite::Statement& q, int index, const PartialDate& d) {
  if (d.empty()) q.bind(index);
  else q.bind(index, d.str());
}

// Makes free text safe for an FTS5 MATCH: every word becomes a quoted string, so the
// user's quotes, operators and column filters are just data.
std::string fts_query(std::string_view s) {
  std::string out;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : word) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    word.clear();
  };
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') flush();
    else word += c;
  }
  flush();
  return out;
}

std::string like_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

class SqliteRepository;

class SqliteImportSession final : public ImportSession {
 public:
  SqliteImportSession(SqliteRepository& repo, SQLite::Database& db);
  void put(const Agreement& a) override;
  void put_aliases(const PartyAliases& p) override;
  ImportStats stats() const override { return m_stats; }
  ImportStats commit() override;

 private:
  SqliteRepository& m_repo;
  SQLite::Transaction m_tx;
  ImportStats m_stats;
};

class SqliteRepository final : public Repository {
 public:
  SqliteRepository(const std::filesystem::path& path, Access access, const MineralTable& minerals)
      : m_path(path), m_minerals(minerals), m_db(open(path, access)) {
    configure(access);
  }

  std::int64_t add(const Agreement& a) override {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t id = insert(a);
    tx.commit();
    return id;
  }

  void update(const Agreement& a) override {
    if (!a.id) throw Error("mtrack: internal error: update without an id");
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    replace(*a.id, a);
    tx.commit();
  }

  bool remove(std::int64_t id) override {
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement q(m_db, "DELETE FROM agreements WHERE id = ?");
    q.bind(1, id);
    const bool removed = q.exec() > 0;
    SQLite::Statement fts(m_db, "DELETE FROM agreement_search WHERE rowid = ?");
    fts.bind(1, id);
    fts.exec();
    tx.commit();
    return removed;
  }

  std::optional<Agreement> get(std::string_view id_or_key) override {
    const bool numeric = !id_or_key.empty() &&
                         id_or_key.find_first_not_of("0123456789") == std::string_view::npos &&
                         id_or_key.size() < 19;
    SQLite::Statement q(m_db, std::string(select_columns()) +
                                  (numeric ? " WHERE a.id = ?" : " WHERE a.key = ?"));
    if (numeric) q.bind(1, static_cast<std::int64_t>(std::stoll(std::string(id_or_key))));
    else q.bind(1, std::string(id_or_key));
    if (!q.executeStep()) return std::nullopt;
    return row(q);
  }

  void find(const Filter& filter, const std::function<void(const Agreement&)>& sink) override {
    std::vector<Bind> binds;
    SQLite::Statement q(m_db, find_sql(filter, binds));
    bind_all(q, binds);
    while (q.executeStep()) sink(row(q));
  }

  std::int64_t count(const Filter& filter) override {
    std::vector<Bind> binds;
    SQLite::Statement q(m_db, "SELECT count(*) FROM agreements a" + where(filter, binds));
    bind_all(q, binds);
    q.executeStep();
    const std::int64_t n = q.getColumn(0).getInt64();
    return filter.limit ? std::min(n, *filter.limit) : n;
  }

  std::string query_plan(const Filter& filter) override {
    std::vector<Bind> binds;
    SQLite::Statement q(m_db, "EXPLAIN QUERY PLAN " + find_sql(filter, binds));
    bind_all(q, binds);
    std::string out;
    while (q.executeStep()) out += q.getColumn(3).getString() + "\n";
    return out;
  }

  std::unique_ptr<ImportSession> begin_import() override {
    return std::make_unique<SqliteImportSession>(*this, m_db);
  }

  std::vector<Organisation> organisations() override {
    std::vector<Organisation> out;
    SQLite::Statement q(m_db,
                        "SELECT o.id, o.name, coalesce(o.country, ''), o.kind, "
                        "(SELECT group_concat(alias, char(10)) FROM (SELECT alias FROM "
                        "organisation_aliases WHERE organisation_id = o.id ORDER BY alias)) "
                        "FROM organisations o ORDER BY o.name");
    while (q.executeStep()) {
      Organisation o;
      o.id = q.getColumn(0).getInt64();
      o.name = q.getColumn(1).getString();
      o.country = q.getColumn(2).getString();
      o.kind = q.getColumn(3).getString();
      if (!q.getColumn(4).isNull()) o.aliases = text::split(q.getColumn(4).getString(), '\n');
      out.push_back(std::move(o));
    }
    return out;
  }

  std::optional<std::string> resolve_party(std::string_view name) override {
    auto id = organisation_id(name);
    if (!id) return std::nullopt;
    auto& q = cached(m_org_name, "SELECT name FROM organisations WHERE id = ?");
    q.bind(1, *id);
    std::optional<std::string> out;
    if (q.executeStep()) out = q.getColumn(0).getString();
    q.reset();
    return out;
  }

  std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names) override {
    std::vector<PartyAliases> out;
    auto& q = cached(m_learned_aliases,
                     "SELECT o.name, a.alias FROM organisations o JOIN organisation_aliases a "
                     "ON a.organisation_id = o.id WHERE o.name = ? ORDER BY a.alias");
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const auto& name : sorted) {
      q.bind(1, name);
      PartyAliases p;
      while (q.executeStep()) {
        p.name = q.getColumn(0).getString();
        std::string alias = q.getColumn(1).getString();
        if (!is_builtin_alias(alias)) p.aliases.push_back(std::move(alias));
      }
      q.reset();
      if (!p.aliases.empty()) out.push_back(std::move(p));
    }
    return out;
  }

  void add_aliases(const PartyAliases& p) {
    const std::int64_t id = organisation_for(p.name);
    auto& q = cached(m_alias_insert,
                     "INSERT INTO organisation_aliases (alias, organisation_id) VALUES (?, ?) "
                     "ON CONFLICT (alias) DO NOTHING");
    for (const auto& alias : p.aliases) {
      if (auto existing = organisation_id(alias); existing && *existing != id) {
        throw Error(fmt::format("mtrack: '{}' already names another organisation", alias));
      }
      q.bind(1, alias);
      q.bind(2, id);
      q.exec();
      q.reset();
    }
  }

  int schema_version() override { return m_db.execAndGet("PRAGMA user_version").getInt(); }

  // ---- used by the import session ----

  std::optional<std::int64_t> id_for_key(const std::string& key) {
    auto& q = cached(m_id_for_key, "SELECT id FROM agreements WHERE key = ?");
    q.bind(1, key);
    std::optional<std::int64_t> out;
    if (q.executeStep()) out = q.getColumn(0).getInt64();
    q.reset();
    return out;
  }

  // The agreement as it would be stored: canonical party names, a key.
  Agreement normalised(const Agreement& in) {
    Agreement a = in;
    a.id.reset();
    a.confidence.reset();
    for (auto& p : a.parties) {
      if (auto canonical = resolve_party(p.name)) p.name = *canonical;
    }
    if (a.key.empty()) a.key = generate_key(a);
    return a;
  }

  std::int64_t insert(const Agreement& in) {
    const Agreement a = normalised(in);
    if (id_for_key(a.key)) throw Error(fmt::format("mtrack: an agreement with key '{}' exists", a.key));
    auto& q = cached(m_insert,
                     "INSERT INTO agreements (key, type, title, status, binding, value_minor, "
                     "value_currency, value_approximate, value_as_written, ceiling_minor, "
                     "ceiling_currency, ceiling_approximate, ceiling_as_written, term, announced, "
                     "signed, expires, date_first, date_last, site, region, country, notes) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                     "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)");
    bind_agreement(q, a);
    q.exec();
    q.reset();
    const std::int64_t id = m_db.getLastInsertRowid();
    insert_children(id, a);
    return id;
  }

  void replace(std::int64_t id, const Agreement& in) {
    const Agreement a = normalised(in);
    if (auto other = id_for_key(a.key); other && *other != id) {
      throw Error(fmt::format("mtrack: an agreement with key '{}' exists", a.key));
    }
    auto& q = cached(m_update,
                     "UPDATE agreements SET key = ?1, type = ?2, title = ?3, status = ?4, "
                     "binding = ?5, value_minor = ?6, value_currency = ?7, value_approximate = ?8, "
                     "value_as_written = ?9, ceiling_minor = ?10, ceiling_currency = ?11, "
                     "ceiling_approximate = ?12, ceiling_as_written = ?13, term = ?14, "
                     "announced = ?15, signed = ?16, expires = ?17, date_first = ?18, "
                     "date_last = ?19, site = ?20, region = ?21, country = ?22, notes = ?23, "
                     "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?24");
    bind_agreement(q, a);
    q.bind(24, id);
    q.exec();
    q.reset();
    for (auto table : {"agreement_parties", "agreement_minerals", "agreement_stages",
                       "agreement_sources", "evidence", "events", "related", "tags"}) {
      // Table names come from this fixed list, never from input.
      SQLite::Statement del(m_db, fmt::format("DELETE FROM {} WHERE agreement_id = ?", table));
      del.bind(1, id);
      del.exec();
    }
    insert_children(id, a);
  }

  Agreement load(std::int64_t id) {
    SQLite::Statement q(m_db, std::string(select_columns()) + " WHERE a.id = ?");
    q.bind(1, id);
    q.executeStep();
    return row(q);
  }

 private:
  using Bind = std::variant<std::int64_t, std::string>;

  static SQLite::Database open(const std::filesystem::path& path, Access access) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (exists && std::filesystem::is_directory(path, ec)) {
      throw Error(fmt::format("mtrack: cannot open database '{}': it is a directory",
                              path.string()));
    }
    if (!exists && path.has_parent_path()) {
      std::filesystem::create_directories(path.parent_path(), ec);
    }
    // A read on a database that does not exist yet creates it, as any first use does.
    const int flags = (access == Access::read_only && exists)
                          ? SQLite::OPEN_READONLY
                          : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    try {
      SQLite::Database db(path.string(), flags, 5000);
      return db;
    } catch (const SQLite::Exception& e) {
      throw Error(fmt::format("mtrack: cannot open database '{}': {}", path.string(), e.what()));
    }
  }

  void configure(Access access) {
    const std::string where = path_string();
    int version = 0;
    int app_id = 0;
    bool has_tables = false;
    try {
      version = m_db.execAndGet("PRAGMA user_version").getInt();
      app_id = m_db.execAndGet("PRAGMA application_id").getInt();
      has_tables = m_db.execAndGet("SELECT count(*) FROM sqlite_schema").getInt() > 0;
    } catch (const SQLite::Exception& e) {
      throw Error(fmt::format("mtrack: '{}' is not an mtrack database ({})", where, e.what()));
    }
    if (app_id != k_application_id && (has_tables || version != 0)) {
      throw Error(fmt::format("mtrack: '{}' is not an mtrack database", where));
    }
    const int latest = latest_schema_version();
    if (version > latest) {
      throw Error(fmt::format(
          "mtrack: database '{}' has schema version {}, newer than this mtrack knows ({}); "
          "upgrade mtrack",
          where, version, latest));
    }
    m_db.exec("PRAGMA foreign_keys = ON");
    const bool writable = !m_db.execAndGet("PRAGMA query_only").getInt() &&
                          sqlite3_db_readonly(m_db.getHandle(), "main") == 0;
    if (!writable) {
      if (version < latest) {
        throw Error(fmt::format("mtrack: database '{}' needs an upgrade; run a writing command "
                                "such as 'mtrack init' first",
                                where));
      }
      return;
    }
    (void)access;
    m_db.exec("PRAGMA journal_mode = WAL");
    m_db.exec("PRAGMA synchronous = NORMAL");
    if (version < latest) migrate(version);
    refresh_data();
  }

  std::string path_string() const { return m_path.string(); }

  void migrate(int from) {
    for (const auto& m : migrations()) {
      if (m.version <= from) continue;
      SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
      // Another process may have migrated while we waited for the lock.
      if (m_db.execAndGet("PRAGMA user_version").getInt() >= m.version) continue;
      try {
        m_db.exec(std::string(m.sql));
      } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("mtrack: migration {} failed: {}", m.name, e.what()));
      }
      // PRAGMA takes no bound parameters; the version is a number from the file name.
      m_db.exec(fmt::format("PRAGMA user_version = {}", m.version));
      m_db.exec(fmt::format("PRAGMA application_id = {}", k_application_id));
      tx.commit();
    }
  }

  // Loads the mineral and organisation tables when this build's data differs from what the
  // database holds. Mineral and organisation ids stay stable (upsert by name).
  void refresh_data() {
    const std::string hash = data_hash();
    {
      SQLite::Statement q(m_db, "SELECT value FROM meta WHERE name = 'data_hash'");
      if (q.executeStep() && q.getColumn(0).getString() == hash) return;
    }
    SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement upsert_mineral(
        m_db,
        "INSERT INTO minerals (name, symbol, kind, usgs2025, usgs2022, eu2023) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET symbol = excluded.symbol, "
        "kind = excluded.kind, usgs2025 = excluded.usgs2025, usgs2022 = excluded.usgs2022, "
        "eu2023 = excluded.eu2023");
    static constexpr std::array<const char*, 4> k_kinds = {"element", "commodity", "group", "set"};
    for (const auto& m : m_minerals.all()) {
      upsert_mineral.bind(1, m.name);
      bind_text_or_null(upsert_mineral, 2, m.symbol);
      upsert_mineral.bind(3, k_kinds[static_cast<std::size_t>(m.kind)]);
      upsert_mineral.bind(4, m.usgs2025 ? 1 : 0);
      upsert_mineral.bind(5, m.usgs2022 ? 1 : 0);
      upsert_mineral.bind(6, m.eu2023);
      upsert_mineral.exec();
      upsert_mineral.reset();
    }
    m_db.exec("DELETE FROM mineral_aliases");
    m_db.exec("DELETE FROM mineral_groups");
    SQLite::Statement alias(m_db,
                            "INSERT OR IGNORE INTO mineral_aliases (alias, mineral_id) "
                            "SELECT ?, id FROM minerals WHERE name = ?");
    SQLite::Statement member(m_db,
                             "INSERT OR IGNORE INTO mineral_groups (group_id, member_id) "
                             "SELECT g.id, m.id FROM minerals g, minerals m "
                             "WHERE g.name = ? AND m.name = ?");
    for (const auto& m : m_minerals.all()) {
      for (const auto& a : m.aliases) {
        alias.bind(1, a);
        alias.bind(2, m.name);
        alias.exec();
        alias.reset();
      }
      for (const auto& g : m.groups) {
        member.bind(1, g);
        member.bind(2, m.name);
        member.exec();
        member.reset();
      }
    }
    SQLite::Statement upsert_org(
        m_db,
        "INSERT INTO organisations (name, country, kind) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET country = excluded.country, kind = excluded.kind");
    SQLite::Statement org_alias(m_db,
                                "INSERT OR REPLACE INTO organisation_aliases "
                                "(alias, organisation_id) SELECT ?, id FROM organisations "
                                "WHERE name = ?");
    for (const auto& o : builtin_organisations()) {
      upsert_org.bind(1, o.name);
      bind_text_or_null(upsert_org, 2, o.country);
      upsert_org.bind(3, o.kind);
      upsert_org.exec();
      upsert_org.reset();
      for (const auto& a : o.aliases) {
        org_alias.bind(1, a);
        org_alias.bind(2, o.name);
        org_alias.exec();
        org_alias.reset();
      }
    }
    SQLite::Statement set(m_db,
                          "INSERT INTO meta (name, value) VALUES ('data_hash', ?) "
                          "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    set.bind(1, hash);
    set.exec();
    tx.commit();
  }

  SQLite::Statement& cached(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(m_db, sql);
    slot->clearBindings();
    return *slot;
  }

  static bool is_builtin_alias(const std::string& alias) {
    for (const auto& o : builtin_organisations()) {
      for (const auto& a : o.aliases) {
        if (text::iequals(a, alias)) return true;
      }
    }
    return false;
  }

  std::optional<std::int64_t> organisation_id(std::string_view name) {
    auto& q = cached(m_org_lookup,
                     "SELECT id FROM organisations WHERE name = ?1 UNION ALL "
                     "SELECT organisation_id FROM organisation_aliases WHERE alias = ?1 LIMIT 1");
    q.bind(1, std::string(name));
    std::optional<std::int64_t> out;
    if (q.executeStep()) out = q.getColumn(0).getInt64();
    q.reset();
    return out;
  }

  std::int64_t organisation_for(const std::string& name) {
    if (auto id = organisation_id(name)) return *id;
    auto& q = cached(m_org_insert, "INSERT INTO organisations (name, kind) VALUES (?, 'company')");
    q.bind(1, name);
    q.exec();
    q.reset();
    return m_db.getLastInsertRowid();
  }

  std::int64_t mineral_id(const std::string& name) {
    auto it = m_mineral_ids.find(name);
    if (it != m_mineral_ids.end()) return it->second;
    auto& q = cached(m_mineral_lookup, "SELECT id FROM minerals WHERE name = ?");
    q.bind(1, name);
    if (!q.executeStep()) {
      q.reset();
      throw Error(fmt::format("mtrack: unknown mineral '{}'", name));
    }
    const std::int64_t id = q.getColumn(0).getInt64();
    q.reset();
    m_mineral_ids.emplace(name, id);
    return id;
  }

  std::int64_t source_for(const Source& s) {
    // The same source is stored once: matched by hash, else URL, else title and publisher.
    auto& find = cached(m_source_find,
                        "SELECT id FROM sources WHERE (?1 <> '' AND sha256 = ?1) OR "
                        "(?1 = '' AND ?2 <> '' AND url = ?2) OR "
                        "(?1 = '' AND ?2 = '' AND url = '' AND title = ?3 AND publisher = ?4) "
                        "ORDER BY id LIMIT 1");
    find.bind(1, s.sha256);
    find.bind(2, s.url);
    find.bind(3, s.title);
    find.bind(4, s.publisher);
    if (find.executeStep()) {
      const std::int64_t id = find.getColumn(0).getInt64();
      find.reset();
      auto& upd = cached(m_source_update,
                         "UPDATE sources SET title = ?2, publisher = ?3, url = ?4, "
                         "published = ?5, sha256 = ?6 WHERE id = ?1");
      upd.bind(1, id);
      upd.bind(2, s.title);
      upd.bind(3, s.publisher);
      upd.bind(4, s.url);
      bind_date(upd, 5, s.published);
      upd.bind(6, s.sha256);
      upd.exec();
      upd.reset();
      return id;
    }
    find.reset();
    auto& ins = cached(m_source_insert,
                       "INSERT INTO sources (title, publisher, url, published, sha256) "
                       "VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, s.title);
    ins.bind(2, s.publisher);
    ins.bind(3, s.url);
    bind_date(ins, 4, s.published);
    ins.bind(5, s.sha256);
    ins.exec();
    ins.reset();
    return m_db.getLastInsertRowid();
  }

  void bind_agreement(SQLite::Statement& q, const Agreement& a) {
    q.bind(1, a.key);
    q.bind(2, std::string(to_string(a.type)));
    q.bind(3, a.title);
    q.bind(4, std::string(to_string(a.status)));
    if (a.binding) q.bind(5, *a.binding ? 1 : 0);
    else q.bind(5);
    const auto money = [&](int at, const std::optional<Money>& m) {
      if (m) {
        q.bind(at, m->minor);
        q.bind(at + 1, m->currency);
        q.bind(at + 2, m->approximate ? 1 : 0);
        bind_text_or_null(q, at + 3, m->as_written);
      } else {
        q.bind(at);
        q.bind(at + 1);
        q.bind(at + 2, 0);
        q.bind(at + 3);
      }
    };
    money(6, a.value);
    money(10, a.ceiling);
    bind_text_or_null(q, 14, a.term);
    bind_date(q, 15, a.announced);
    bind_date(q, 16, a.signed_on);
    bind_date(q, 17, a.expires);
    if (a.date().empty()) {
      q.bind(18);
      q.bind(19);
    } else {
      q.bind(18, a.date().first_day());
      q.bind(19, a.date().last_day());
    }
    bind_text_or_null(q, 20, a.location.site);
    bind_text_or_null(q, 21, a.location.region);
    bind_text_or_null(q, 22, a.location.country);
    q.bind(23, a.notes);
  }

  void insert_children(std::int64_t id, const Agreement& a) {
    auto& party = cached(m_party_insert,
                         "INSERT INTO agreement_parties (agreement_id, position, organisation_id, "
                         "role, name_as_written) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < a.parties.size(); ++i) {
      party.bind(1, id);
      party.bind(2, static_cast<std::int64_t>(i));
      party.bind(3, organisation_for(a.parties[i].name));
      party.bind(4, std::string(to_string(a.parties[i].role)));
      party.bind(5, a.parties[i].name);
      party.exec();
      party.reset();
    }
    auto& mineral = cached(m_mineral_insert,
                           "INSERT INTO agreement_minerals (agreement_id, position, mineral_id) "
                           "VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.minerals.size(); ++i) {
      mineral.bind(1, id);
      mineral.bind(2, static_cast<std::int64_t>(i));
      mineral.bind(3, mineral_id(a.minerals[i]));
      mineral.exec();
      mineral.reset();
    }
    auto& stage = cached(m_stage_insert,
                         "INSERT INTO agreement_stages (agreement_id, position, stage) "
                         "VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.stages.size(); ++i) {
      stage.bind(1, id);
      stage.bind(2, static_cast<std::int64_t>(i));
      stage.bind(3, std::string(to_string(a.stages[i])));
      stage.exec();
      stage.reset();
    }
    auto& source = cached(m_agreement_source_insert,
                          "INSERT INTO agreement_sources (agreement_id, position, source_id) "
                          "VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.sources.size(); ++i) {
      const std::int64_t source_id = source_for(a.sources[i]);
      source.bind(1, id);
      source.bind(2, static_cast<std::int64_t>(i));
      source.bind(3, source_id);
      source.exec();
      source.reset();
    }
    auto& evidence = cached(m_evidence_insert,
                            "INSERT INTO evidence (agreement_id, position, text, source, "
                            "start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < a.evidence.size(); ++i) {
      const auto& e = a.evidence[i];
      evidence.bind(1, id);
      evidence.bind(2, static_cast<std::int64_t>(i));
      evidence.bind(3, e.text);
      evidence.bind(4, e.source);
      if (e.start) evidence.bind(5, *e.start);
      else evidence.bind(5);
      if (e.end) evidence.bind(6, *e.end);
      else evidence.bind(6);
      evidence.exec();
      evidence.reset();
    }
    auto& event = cached(m_event_insert,
                         "INSERT INTO events (agreement_id, position, date, status, note, source) "
                         "VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < a.events.size(); ++i) {
      const auto& e = a.events[i];
      event.bind(1, id);
      event.bind(2, static_cast<std::int64_t>(i));
      bind_date(event, 3, e.date);
      if (e.status) event.bind(4, std::string(to_string(*e.status)));
      else event.bind(4);
      event.bind(5, e.note);
      event.bind(6, e.source);
      event.exec();
      event.reset();
    }
    auto& related = cached(m_related_insert,
                           "INSERT INTO related (agreement_id, position, key, relation) "
                           "VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < a.related.size(); ++i) {
      related.bind(1, id);
      related.bind(2, static_cast<std::int64_t>(i));
      related.bind(3, a.related[i].key);
      related.bind(4, std::string(to_string(a.related[i].relation)));
      related.exec();
      related.reset();
    }
    auto& tag = cached(m_tag_insert,
                       "INSERT INTO tags (agreement_id, position, tag) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.tags.size(); ++i) {
      tag.bind(1, id);
      tag.bind(2, static_cast<std::int64_t>(i));
      tag.bind(3, a.tags[i]);
      tag.exec();
      tag.reset();
    }
    // The search row: parties under the names given and their canonical names.
    std::vector<std::string> names;
    for (const auto& p : a.parties) names.push_back(p.name);
    std::vector<std::string> texts;
    for (const auto& e : a.evidence) texts.push_back(e.text);
    auto& fts = cached(m_fts_upsert,
                       "INSERT OR REPLACE INTO agreement_search (rowid, title, notes, parties, "
                       "evidence) VALUES (?, ?, ?, ?, ?)");
    fts.bind(1, id);
    fts.bind(2, a.title);
    fts.bind(3, a.notes);
    fts.bind(4, text::join(names, "\n"));
    fts.bind(5, text::join(texts, "\n"));
    fts.exec();
    fts.reset();
  }

  static std::string_view select_columns() {
    return "SELECT a.id, a.key, a.type, a.title, a.status, a.binding, a.value_minor, "
           "a.value_currency, a.value_approximate, a.value_as_written, a.ceiling_minor, "
           "a.ceiling_currency, a.ceiling_approximate, a.ceiling_as_written, a.term, "
           "a.announced, a.signed, a.expires, a.site, a.region, a.country, a.notes "
           "FROM agreements a";
  }

  Agreement row(SQLite::Statement& q) {
    Agreement a;
    a.id = q.getColumn(0).getInt64();
    a.key = q.getColumn(1).getString();
    a.type = parse_agreement_type(q.getColumn(2).getString()).value_or(AgreementType::other);
    a.title = q.getColumn(3).getString();
    a.status = parse_status(q.getColumn(4).getString()).value_or(Status::unknown);
    if (!q.getColumn(5).isNull()) a.binding = q.getColumn(5).getInt() != 0;
    const auto money = [&](int at) -> std::optional<Money> {
      if (q.getColumn(at).isNull()) return std::nullopt;
      Money m;
      m.minor = q.getColumn(at).getInt64();
      m.currency = q.getColumn(at + 1).getString();
      m.approximate = q.getColumn(at + 2).getInt() != 0;
      m.as_written = opt_text(q.getColumn(at + 3)).value_or("");
      return m;
    };
    a.value = money(6);
    a.ceiling = money(10);
    a.term = opt_text(q.getColumn(14)).value_or("");
    a.announced = date_column(q.getColumn(15));
    a.signed_on = date_column(q.getColumn(16));
    a.expires = date_column(q.getColumn(17));
    a.location.site = opt_text(q.getColumn(18)).value_or("");
    a.location.region = opt_text(q.getColumn(19)).value_or("");
    a.location.country = opt_text(q.getColumn(20)).value_or("");
    a.notes = q.getColumn(21).getString();
    load_children(a);
    return a;
  }

  void load_children(Agreement& a) {
    const std::int64_t id = *a.id;
    auto& parties = cached(m_party_select,
                           "SELECT o.name, p.role FROM agreement_parties p JOIN organisations o "
                           "ON o.id = p.organisation_id WHERE p.agreement_id = ? ORDER BY p.position");
    parties.bind(1, id);
    while (parties.executeStep()) {
      a.parties.push_back(
          {parties.getColumn(0).getString(),
           parse_role(parties.getColumn(1).getString()).value_or(Role::other)});
    }
    parties.reset();
    auto& minerals = cached(m_mineral_select,
                            "SELECT m.name FROM agreement_minerals am JOIN minerals m "
                            "ON m.id = am.mineral_id WHERE am.agreement_id = ? ORDER BY am.position");
    minerals.bind(1, id);
    while (minerals.executeStep()) a.minerals.push_back(minerals.getColumn(0).getString());
    minerals.reset();
    auto& stages = cached(m_stage_select,
                          "SELECT stage FROM agreement_stages WHERE agreement_id = ? ORDER BY position");
    stages.bind(1, id);
    while (stages.executeStep()) {
      if (auto s = parse_stage(stages.getColumn(0).getString())) a.stages.push_back(*s);
    }
    stages.reset();
    auto& sources = cached(m_source_select,
                           "SELECT s.title, s.publisher, s.url, s.published, s.sha256 FROM "
                           "agreement_sources x JOIN sources s ON s.id = x.source_id "
                           "WHERE x.agreement_id = ? ORDER BY x.position");
    sources.bind(1, id);
    while (sources.executeStep()) {
      Source s;
      s.title = sources.getColumn(0).getString();
      s.publisher = sources.getColumn(1).getString();
      s.url = sources.getColumn(2).getString();
      s.published = date_column(sources.getColumn(3));
      s.sha256 = sources.getColumn(4).getString();
      a.sources.push_back(std::move(s));
    }
    sources.reset();
    auto& evidence = cached(m_evidence_select,
                            "SELECT text, source, start_offset, end_offset FROM evidence "
                            "WHERE agreement_id = ? ORDER BY position");
    evidence.bind(1, id);
    while (evidence.executeStep()) {
      Evidence e;
      e.text = evidence.getColumn(0).getString();
      e.source = evidence.getColumn(1).getString();
      if (!evidence.getColumn(2).isNull()) e.start = evidence.getColumn(2).getInt64();
      if (!evidence.getColumn(3).isNull()) e.end = evidence.getColumn(3).getInt64();
      a.evidence.push_back(std::move(e));
    }
    evidence.reset();
    auto& events = cached(m_event_select,
                          "SELECT date, status, note, source FROM events WHERE agreement_id = ? "
                          "ORDER BY position");
    events.bind(1, id);
    while (events.executeStep()) {
      Event e;
      e.date = date_column(events.getColumn(0));
      if (!events.getColumn(1).isNull()) e.status = parse_status(events.getColumn(1).getString());
      e.note = events.getColumn(2).getString();
      e.source = events.getColumn(3).getString();
      a.events.push_back(std::move(e));
    }
    events.reset();
    auto& related = cached(m_related_select,
                           "SELECT key, relation FROM related WHERE agreement_id = ? ORDER BY position");
    related.bind(1, id);
    while (related.executeStep()) {
      a.related.push_back({related.getColumn(0).getString(),
                           parse_relation(related.getColumn(1).getString())
                               .value_or(Relation::follows)});
    }
    related.reset();
    auto& tags = cached(m_tag_select,
                        "SELECT tag FROM tags WHERE agreement_id = ? ORDER BY position");
    tags.bind(1, id);
    while (tags.executeStep()) a.tags.push_back(tags.getColumn(0).getString());
    tags.reset();
  }

  // The WHERE clause for a filter: fixed SQL fragments joined with AND, values in `binds`.
  std::string where(const Filter& f, std::vector<Bind>& binds) {
    std::vector<std::string> clauses;
    const auto placeholders = [&](const auto& values, auto to_bind) {
      std::string out;
      for (const auto& v : values) {
        if (!out.empty()) out += ", ";
        out += '?';
        binds.emplace_back(to_bind(v));
      }
      return out;
    };
    if (!f.minerals.empty()) {
      clauses.push_back(
          "a.id IN (SELECT am.agreement_id FROM agreement_minerals am WHERE am.mineral_id IN "
          "(SELECT id FROM minerals WHERE name IN (" +
          placeholders(f.minerals, [](const std::string& s) { return s; }) + ")))");
    }
    if (!f.types.empty()) {
      clauses.push_back("a.type IN (" +
                        placeholders(f.types, [](AgreementType t) { return std::string(to_string(t)); }) +
                        ")");
    }
    if (!f.statuses.empty()) {
      clauses.push_back("a.status IN (" +
                        placeholders(f.statuses, [](Status s) { return std::string(to_string(s)); }) +
                        ")");
    }
    if (!f.party.empty() || f.role) {
      std::string clause = "a.id IN (SELECT p.agreement_id FROM agreement_parties p WHERE 1";
      if (!f.party.empty()) {
        // Exact name or alias, or a part of a canonical name ("glencore" finds "Glencore plc").
        clause +=
            " AND p.organisation_id IN (SELECT id FROM organisations WHERE name = ? OR "
            "name LIKE ? ESCAPE '\\' UNION SELECT organisation_id FROM organisation_aliases "
            "WHERE alias = ?)";
        binds.emplace_back(f.party);
        binds.emplace_back("%" + like_escape(f.party) + "%");
        binds.emplace_back(f.party);
      }
      if (f.role) {
        clause += " AND p.role = ?";
        binds.emplace_back(std::string(to_string(*f.role)));
      }
      clauses.push_back(clause + ")");
    }
    if (!f.country.empty()) {
      clauses.push_back("a.country = ? COLLATE NOCASE");
      binds.emplace_back(f.country);
    }
    if (!f.since.empty()) {
      clauses.push_back("a.date_last >= ?");
      binds.emplace_back(static_cast<std::int64_t>(f.since.first_day()));
    }
    if (!f.until.empty()) {
      clauses.push_back("a.date_first <= ?");
      binds.emplace_back(static_cast<std::int64_t>(f.until.last_day()));
    }
    if (f.min_value) {
      clauses.push_back("a.value_currency = ? AND a.value_minor >= ?");
      binds.emplace_back(f.min_value->currency);
      binds.emplace_back(f.min_value->minor);
    }
    if (f.max_value) {
      clauses.push_back("a.value_currency = ? AND a.value_minor <= ?");
      binds.emplace_back(f.max_value->currency);
      binds.emplace_back(f.max_value->minor);
    }
    if (!f.tags.empty()) {
      clauses.push_back("a.id IN (SELECT agreement_id FROM tags WHERE tag IN (" +
                        placeholders(f.tags, [](const std::string& s) { return s; }) + "))");
    }
    if (!f.search.empty()) {
      clauses.push_back(
          "a.id IN (SELECT rowid FROM agreement_search WHERE agreement_search MATCH ?)");
      binds.emplace_back(fts_query(f.search));
    }
    if (clauses.empty()) return {};
    return " WHERE " + text::join(clauses, " AND ");
  }

  std::string find_sql(const Filter& filter, std::vector<Bind>& binds) {
    std::string sql = std::string(select_columns()) + where(filter, binds) + order(filter);
    if (filter.limit) {
      sql += " LIMIT ?";
      binds.emplace_back(*filter.limit);
    }
    return sql;
  }

  static std::string order(const Filter& f) {
    const char* dir = f.reverse ? " DESC" : "";
    switch (f.sort) {
      case SortKey::value:
        return fmt::format(" ORDER BY a.value_minor IS NULL, a.value_currency{0}, a.value_minor{0}, a.id{0}", dir);
      case SortKey::id:
        return fmt::format(" ORDER BY a.id{}", dir);
      case SortKey::date:
        break;
    }
    return fmt::format(" ORDER BY a.date_first IS NULL, a.date_first{0}, a.date_last{0}, a.id{0}", dir);
  }

  static void bind_all(SQLite::Statement& q, const std::vector<Bind>& binds) {
    for (std::size_t i = 0; i < binds.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (const auto* n = std::get_if<std::int64_t>(&binds[i])) q.bind(at, *n);
      else q.bind(at, std::get<std::string>(binds[i]));
    }
  }

  std::filesystem::path m_path;
  const MineralTable& m_minerals;
  SQLite::Database m_db;
  std::unordered_map<std::string, std::int64_t> m_mineral_ids;
  std::unique_ptr<SQLite::Statement> m_id_for_key, m_insert, m_update, m_org_lookup, m_org_insert,
      m_org_name, m_mineral_lookup, m_source_find, m_source_update, m_source_insert,
      m_party_insert, m_mineral_insert, m_stage_insert, m_agreement_source_insert,
      m_evidence_insert, m_event_insert, m_related_insert, m_tag_insert, m_fts_upsert,
      m_party_select, m_mineral_select, m_stage_select, m_source_select, m_evidence_select,
      m_event_select, m_related_select, m_tag_select, m_learned_aliases, m_alias_insert;
};

SqliteImportSession::SqliteImportSession(SqliteRepository& repo, SQLite::Database& db)
    : m_repo(repo), m_tx(db, SQLite::TransactionBehavior::IMMEDIATE) {}

void SqliteImportSession::put(const Agreement& in) {
  const Agreement a = m_repo.normalised(in);
  if (auto id = m_repo.id_for_key(a.key)) {
    Agreement stored = m_repo.load(*id);
    stored.id.reset();
    if (stored == a) {
      ++m_stats.unchanged;
      return;
    }
    m_repo.replace(*id, a);
    ++m_stats.updated;
    return;
  }
  m_repo.insert(a);
  ++m_stats.added;
}

void SqliteImportSession::put_aliases(const PartyAliases& p) { m_repo.add_aliases(p); }

ImportStats SqliteImportSession::commit() {
  m_tx.commit();
  return m_stats;
}

}  // namespace

int latest_schema_version() {
  const auto all = migrations();
  return all.empty() ? 0 : all.back().version;
}

std::unique_ptr<Repository> open_repository(const std::filesystem::path& path, Access access,
                                            const MineralTable& minerals) {
  try {
    return std::make_unique<SqliteRepository>(path, access, minerals);
  } catch (const SQLite::Exception& e) {
    throw Error(fmt::format("mtrack: database '{}': {}", path.string(), e.what()));
  }
}

}  // namespace mtrack
