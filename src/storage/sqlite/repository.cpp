// The SQLite backend of Repository. Every SQL statement of mtrack is in this file (and the
// migrations in schema/); values are always bound, never spliced into SQL text.

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <random>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "mtrack/domain/history.hpp"
#include "mtrack/domain/organisations.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/storage/repository.hpp"
#include "mtrack/util/embedded.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/rates.hpp"
#include "storage/sqlite/spill.hpp"

namespace mtrack {

namespace {

constexpr int k_application_id = 0x6D74726B;  // "mtrk"

// SQLite's page cache (default 2 MB). A query over many agreements visits their child rows
// all over the file; 16 MB keeps the upper levels of every index and the small tables
// (minerals, organisations) in memory without letting `list` grow large (list --mineral at
// 100,000 agreements: 0.44 s with 8 MB, 0.39 s with 16 MB, no better with 32 MB).
constexpr const char* k_cache_size = "PRAGMA cache_size = -16384";

// Another connection holds the lock: SQLITE_BUSY or SQLITE_LOCKED, or an extended code of
// either (BUSY_RECOVERY, BUSY_SNAPSHOT, ...).
bool is_busy(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool is_busy(const SQLite::Exception& e) {
  return is_busy(e.getErrorCode()) || is_busy(e.getExtendedErrorCode());
}

// Each attempt already waits up to the busy timeout (5 s); between attempts a jittered pause
// that doubles from 20 ms spreads the waiting writers apart.
constexpr int k_lock_attempts = 6;

template <typename Step>
auto with_lock_retry(Step&& step) -> decltype(step()) {
  static thread_local std::minstd_rand jitter(static_cast<unsigned>(::getpid()));
  for (int attempt = 1;; ++attempt) {
    try {
      return step();
    } catch (const SQLite::Exception& e) {
      if (!is_busy(e) || attempt >= k_lock_attempts) throw;
      const int base_ms = 20 << (attempt - 1);
      std::this_thread::sleep_for(
          std::chrono::milliseconds(base_ms + static_cast<int>(jitter() % base_ms)));
    }
  }
}

// A write transaction begun IMMEDIATE (so it never has to upgrade a read lock, which can
// deadlock), retried when BEGIN or COMMIT finds the database locked. Rolls back in the
// destructor unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(SQLite::Database& db) : m_db(db) {
    with_lock_retry([this] { m_db.exec("BEGIN IMMEDIATE"); });
  }
  ~WriteTransaction() {
    if (m_open) {
      try {
        m_db.exec("ROLLBACK");
      } catch (...) {  // NOLINT(bugprone-empty-catch): nothing more to do in a destructor
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit() {
    with_lock_retry([this] { m_db.exec("COMMIT"); });
    m_open = false;
  }

 private:
  SQLite::Database& m_db;
  bool m_open = true;
};

// Raised by a read-only open of a database that needs migrating; open_repository then
// upgrades it through a writable connection when the user may write the file.
class NeedsUpgrade : public Error {
 public:
  using Error::Error;
};

// Creates an empty file for a new database or backup with the user's umask, but never
// world-writable. Another process creating it first is fine.
enum class MustCreate { no, yes };

void create_file(const std::filesystem::path& path, MustCreate must) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EEXIST && must == MustCreate::no) return;
    throw Error(fmt::format("cannot create '{}': {}", path.string(), std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & S_IWOTH) != 0) {
    (void)::fchmod(fd, st.st_mode & 07775);
  }
  ::close(fd);
}

// A symlinked database path is refused when following it could write into another user's
// file: the link and its target belong to different users, or the link sits in a
// world-writable directory (such as /tmp) and leads to a file that is not the user's.
void check_symlink(const std::filesystem::path& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return;
  struct stat target {};
  const bool target_exists = ::stat(path.c_str(), &target) == 0;
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  struct stat dir_st {};
  const bool shared_dir = ::stat(dir.c_str(), &dir_st) == 0 && (dir_st.st_mode & S_IWOTH) != 0;
  const uid_t owner = target_exists ? target.st_uid : link.st_uid;
  std::string why;
  if (target_exists && target.st_uid != link.st_uid) {
    why = "the link and the file it points to belong to different users";
  } else if (shared_dir && owner != ::geteuid()) {
    why = "it is in a world-writable directory and points to another user's file";
  }
  if (why.empty()) return;
  std::error_code ec;
  const auto to = std::filesystem::read_symlink(path, ec);
  throw Error(
      fmt::format("refusing to open database '{}': it is a symbolic link to '{}' "
                  "and {}",
                  path.string(), to.string(), why));
}

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
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
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

// The name an agreement used for a party: empty when it is the canonical name (databases made
// before schema 4 hold the canonical name there).
std::string as_written_column(const SQLite::Column& c, const std::string& canonical) {
  if (c.isNull()) return {};
  std::string s = c.getString();
  return s == canonical ? std::string() : s;
}

void bind_text_or_null(SQLite::Statement& q, int index, const std::string& s) {
  if (s.empty())
    q.bind(index);
  else
    q.bind(index, s);
}

void bind_date(SQLite::Statement& q, int index, const PartialDate& d) {
  if (d.empty())
    q.bind(index);
  else
    q.bind(index, d.str());
}

// Money in four columns from `at`: minor, currency, approximate, as_written.
void bind_money(SQLite::Statement& q, int at, const std::optional<Money>& m) {
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
}

std::optional<Money> money_columns(SQLite::Statement& q, int at) {
  if (q.getColumn(at).isNull()) return std::nullopt;
  Money m;
  m.minor = q.getColumn(at).getInt64();
  m.currency = q.getColumn(at + 1).getString();
  m.approximate = q.getColumn(at + 2).getInt() != 0;
  m.as_written = opt_text(q.getColumn(at + 3)).value_or("");
  return m;
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
    if (c == ' ' || c == '\t' || c == '\n')
      flush();
    else
      word += c;
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

enum class KeyChecked { no, yes };

class SqliteImportSession final : public ImportSession {
 public:
  SqliteImportSession(SqliteRepository& repo, SQLite::Database& db);
  ~SqliteImportSession() override;
  SqliteImportSession(const SqliteImportSession&) = delete;
  SqliteImportSession& operator=(const SqliteImportSession&) = delete;
  void put(const Agreement& a) override;
  void put_aliases(const PartyAliases& p) override;
  ImportStats stats() const override { return m_stats; }
  ImportStats commit() override;
  std::optional<Agreement> find_key(const std::string& key) override;
  Agreement normalise(const Agreement& a) override;
  Agreement normalise(Agreement&& a) override;
  std::vector<Agreement> candidates(const Agreement& a, std::int64_t up_to) override;
  std::int64_t last_id() override;
  void remove(std::int64_t id) override;

 private:
  SqliteRepository& m_repo;
  WriteTransaction m_tx;
  ImportStats m_stats;
  // The key the last find_key found no agreement for, while nothing has been written since
  // (so put() need not look it up again); empty otherwise.
  std::string m_absent_key;
};

class SqliteRepository final : public Repository {
 public:
  SqliteRepository(const std::filesystem::path& path, Access access, const MineralTable* minerals)
      : m_path(path), m_minerals(minerals), m_db(open(path, access)) {
    configure(access);
  }

  std::int64_t add(const Agreement& a) override {
    WriteTransaction tx(m_db);
    const std::int64_t id = insert(a);
    tx.commit();
    return id;
  }

  void update(const Agreement& a) override {
    if (!a.id) throw Error("internal error: update without an id");
    WriteTransaction tx(m_db);
    replace(*a.id, a);
    tx.commit();
  }

  std::optional<Agreement> append_event(std::string_view id_or_key, const Event& e) override {
    WriteTransaction tx(m_db);
    auto a = get(id_or_key);
    if (!a) return std::nullopt;
    mtrack::append_event(*a, e);
    replace(*a->id, *a);
    tx.commit();
    return a;
  }

  bool remove(std::int64_t id) override {
    WriteTransaction tx(m_db);
    const bool removed = delete_agreement(id);
    tx.commit();
    return removed;
  }

  std::optional<Agreement> get(std::string_view id_or_key) override {
    const bool numeric = !id_or_key.empty() &&
                         id_or_key.find_first_not_of("0123456789") == std::string_view::npos &&
                         id_or_key.size() < 19;
    SQLite::Statement q(
        m_db, std::string(select_columns()) + (numeric ? " WHERE a.id = ?" : " WHERE a.key = ?"));
    if (numeric)
      q.bind(1, static_cast<std::int64_t>(std::stoll(std::string(id_or_key))));
    else
      q.bind(1, std::string(id_or_key));
    if (q.executeStep()) return row(q);
    if (auto id = id_for_merged_key(std::string(id_or_key))) return load(*id);
    return std::nullopt;
  }

  void find(const Filter& filter, const std::function<void(const Agreement&)>& sink) override {
    if (!filter.as_of.empty()) {
      find_as_of(filter, sink);
      return;
    }
    // A listing with a limit stops early, and one in id order is already in storage order.
    if (filter.limit || filter.sort == SortKey::id) {
      find_in_listing_order(filter, sink);
    } else {
      find_in_storage_order(filter, sink);
    }
  }

  // Reads each agreement as the listing reaches it: what a short listing needs.
  void find_in_listing_order(const Filter& filter,
                             const std::function<void(const Agreement&)>& sink) {
    std::vector<Bind> binds;
    SQLite::Statement q(m_db, find_sql(filter, binds));
    bind_all(q, binds);
    bool more = q.executeStep();
    // Read in the snapshot the first step opened, so no agreement can have a child row the
    // check did not see; get() and load() always query every table.
    PresentTables present(*this, more);
    for (; more; more = q.executeStep()) sink(row(q, filter.detail));
  }

  // A listing read in the order it is printed visits its agreements' pages at random: at a
  // million agreements nearly every child lookup misses the page cache. So the listing's ids
  // come first (from the index that orders them), then each agreement is read in id order,
  // the order of its pages on disk, and spill::Sorter puts them back in listing order, in
  // temporary files when they outgrow its memory. All reads share one snapshot; the sink
  // runs after it ends.
  void find_in_storage_order(const Filter& filter,
                             const std::function<void(const Agreement&)>& sink) {
    spill::Sorter sorter;
    {
      ReadSnapshot snapshot(m_db);
      // Each agreement as (id << 32) | its place in the listing, so that sorting puts them in
      // id order and each still knows its place: 8 bytes an agreement.
      std::vector<std::uint64_t> places;
      {
        std::vector<Bind> binds;
        SQLite::Statement q(m_db,
                            "SELECT a.id FROM agreements a" + where(filter, binds) + order(filter));
        bind_all(q, binds);
        while (q.executeStep()) {
          const std::int64_t id = q.getColumn(0).getInt64();
          if (id < 0 || id > UINT32_MAX || places.size() > UINT32_MAX) {
            find_in_listing_order(filter, sink);  // ids this large are not seen in practice
            return;
          }
          places.push_back(static_cast<std::uint64_t>(id) << 32 | places.size());
        }
      }
      if (places.empty()) return;
      std::sort(places.begin(), places.end());
      PresentTables present(*this, true);
      auto& one = cached(m_select_by_id, m_select_by_id_sql.c_str());
      std::string bytes;
      for (const std::uint64_t place : places) {
        one.bind(1, static_cast<std::int64_t>(place >> 32));
        if (one.executeStep()) {
          bytes.clear();
          spill::encode(row(one, filter.detail), bytes);
          sorter.add(static_cast<std::uint32_t>(place), bytes);
        }
        one.reset();
      }
      snapshot.end();
    }
    sorter.drain([&](std::string_view bytes) { sink(spill::decode(bytes)); });
  }

  // A read transaction around several statements, when none is open already.
  class ReadSnapshot {
   public:
    explicit ReadSnapshot(SQLite::Database& db)
        : m_db(db), m_open(sqlite3_get_autocommit(db.getHandle()) != 0) {
      if (m_open) m_db.exec("BEGIN");
    }
    void end() {
      if (!m_open) return;
      m_open = false;
      m_db.exec("COMMIT");
    }
    ~ReadSnapshot() {
      if (m_open) sqlite3_exec(m_db.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

   private:
    SQLite::Database& m_db;
    bool m_open;
  };

  // Which child tables find() queries, checked once in the query's snapshot and forgotten
  // when it ends.
  struct PresentTables {
    PresentTables(SqliteRepository& repo, bool check) : m_repo(repo) {
      if (check) m_repo.m_present = m_repo.present_child_tables();
    }
    ~PresentTables() { m_repo.m_present = {}; }
    PresentTables(const PresentTables&) = delete;
    PresentTables& operator=(const PresentTables&) = delete;
    SqliteRepository& m_repo;
  };

  // Which child tables hold any row at all: a table no agreement uses (relations, provenance
  // and merged keys in many datasets) then costs no query per listed agreement.
  struct ChildTables {
    bool stages = true, sources = true, evidence = true, events = true, related = true, tags = true,
         provenance = true, merged_keys = true;
  };

  ChildTables present_child_tables() {
    auto& q = cached(m_present_select,
                     "SELECT EXISTS (SELECT 1 FROM agreement_stages), EXISTS (SELECT 1 FROM "
                     "agreement_sources), EXISTS (SELECT 1 FROM evidence), EXISTS (SELECT 1 "
                     "FROM events), EXISTS (SELECT 1 FROM related), EXISTS (SELECT 1 FROM "
                     "tags), EXISTS (SELECT 1 FROM provenance), EXISTS (SELECT 1 FROM "
                     "merged_keys)");
    ChildTables t;
    if (q.executeStep()) {
      t.stages = q.getColumn(0).getInt() != 0;
      t.sources = q.getColumn(1).getInt() != 0;
      t.evidence = q.getColumn(2).getInt() != 0;
      t.events = q.getColumn(3).getInt() != 0;
      t.related = q.getColumn(4).getInt() != 0;
      t.tags = q.getColumn(5).getInt() != 0;
      t.provenance = q.getColumn(6).getInt() != 0;
      t.merged_keys = q.getColumn(7).getInt() != 0;
    }
    q.reset();
    return t;
  }

  std::int64_t count(const Filter& filter) override {
    if (!filter.as_of.empty()) {
      std::int64_t n = 0;
      find_as_of(filter, [&](const Agreement&) { ++n; });
      return n;
    }
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
                        "organisation_aliases WHERE organisation_id = o.id ORDER BY alias)), "
                        "(SELECT count(DISTINCT agreement_id) FROM agreement_parties "
                        "WHERE organisation_id = o.id) "
                        "FROM organisations o ORDER BY o.name");
    while (q.executeStep()) {
      Organisation o;
      o.id = q.getColumn(0).getInt64();
      o.name = q.getColumn(1).getString();
      o.country = q.getColumn(2).getString();
      o.kind = q.getColumn(3).getString();
      if (!q.getColumn(4).isNull()) o.aliases = text::split(q.getColumn(4).getString(), '\n');
      o.agreements = q.getColumn(5).getInt64();
      out.push_back(std::move(o));
    }
    return out;
  }

  std::optional<std::string> resolve_party(std::string_view name) override {
    const auto* org = find_organisation(name);
    if (!org) return std::nullopt;
    return org->second;
  }

  // One pass over the alias table (small beside the agreements) rather than one query per
  // name: an export of 100,000 agreements names tens of thousands of organisations.
  std::vector<PartyAliases> learned_aliases(const std::vector<std::string>& names) override {
    std::unordered_set<std::string_view> wanted(names.begin(), names.end());
    std::vector<PartyAliases> out;
    auto& q = cached(m_learned_aliases,
                     "SELECT o.name, a.alias FROM organisation_aliases a JOIN organisations o "
                     "ON o.id = a.organisation_id ORDER BY o.name COLLATE BINARY, a.alias");
    while (q.executeStep()) {
      const char* name = q.getColumn(0).getText();
      if (!wanted.count(name)) continue;
      std::string alias = q.getColumn(1).getString();
      if (is_builtin_alias(alias)) continue;
      if (out.empty() || out.back().name != name) out.push_back({name, {}});
      out.back().aliases.push_back(std::move(alias));
    }
    q.reset();
    return out;
  }

  std::optional<Organisation> organisation(std::string_view name_or_alias) override {
    const auto id = organisation_id(name_or_alias);
    if (!id) return std::nullopt;
    for (auto& o : organisations()) {
      if (o.id == *id) return std::move(o);
    }
    return std::nullopt;
  }

  std::vector<PartyUse> party_uses(std::int64_t organisation_id) override {
    SQLite::Statement q(m_db,
                        "SELECT a.key, a.title, p.role, p.name_as_written, o.name FROM "
                        "agreement_parties p JOIN agreements a ON a.id = p.agreement_id JOIN "
                        "organisations o ON o.id = p.organisation_id WHERE p.organisation_id = ? "
                        "ORDER BY a.date_first IS NULL, a.date_first, a.id, p.position");
    q.bind(1, organisation_id);
    std::vector<PartyUse> out;
    while (q.executeStep()) {
      PartyUse u;
      u.key = q.getColumn(0).getString();
      u.title = q.getColumn(1).getString();
      u.role = parse_role(q.getColumn(2).getString()).value_or(Role::other);
      u.as_written = as_written_column(q.getColumn(3), q.getColumn(4).getString());
      out.push_back(std::move(u));
    }
    return out;
  }

  void add_aliases(const PartyAliases& p) override {
    WriteTransaction tx(m_db);
    put_aliases(p);
    tx.commit();
  }

  void merge_organisations(std::string_view keep, std::string_view drop) override {
    WriteTransaction tx(m_db);
    forget_organisations();
    const auto keep_id = organisation_id(keep);
    const auto drop_id = organisation_id(drop);
    if (!keep_id) throw Error(fmt::format("no organisation named '{}'", keep));
    if (!drop_id) throw Error(fmt::format("no organisation named '{}'", drop));
    if (*keep_id == *drop_id) {
      throw Error(fmt::format("'{}' and '{}' are already one organisation", keep, drop));
    }
    std::string drop_name;
    {
      SQLite::Statement q(m_db, "SELECT name FROM organisations WHERE id = ?");
      q.bind(1, *drop_id);
      q.executeStep();
      drop_name = q.getColumn(0).getString();
    }
    // Agreements keep the name they used: the dropped organisation's name when they used it.
    SQLite::Statement written(m_db,
                              "UPDATE agreement_parties SET name_as_written = ?2 WHERE "
                              "organisation_id = ?1 AND name_as_written IS NULL");
    written.bind(1, *drop_id);
    written.bind(2, drop_name);
    written.exec();
    SQLite::Statement parties(m_db,
                              "UPDATE agreement_parties SET organisation_id = ?2 WHERE "
                              "organisation_id = ?1");
    parties.bind(1, *drop_id);
    parties.bind(2, *keep_id);
    parties.exec();
    SQLite::Statement aliases(m_db,
                              "UPDATE organisation_aliases SET organisation_id = ?2 WHERE "
                              "organisation_id = ?1");
    aliases.bind(1, *drop_id);
    aliases.bind(2, *keep_id);
    aliases.exec();
    SQLite::Statement del(m_db, "DELETE FROM organisations WHERE id = ?");
    del.bind(1, *drop_id);
    del.exec();
    SQLite::Statement alias(m_db,
                            "INSERT INTO organisation_aliases (alias, organisation_id) "
                            "VALUES (?, ?) ON CONFLICT (alias) DO NOTHING");
    alias.bind(1, drop_name);
    alias.bind(2, *keep_id);
    alias.exec();
    refresh_search_for_organisation(*keep_id);
    tx.commit();
  }

  Agreement normalise(const Agreement& a) override { return normalised(a); }

  // Records other names of an organisation inside the caller's transaction.
  void put_aliases(const PartyAliases& p) {
    const std::int64_t id = organisation_for(p.name);
    auto& q = cached(m_alias_insert,
                     "INSERT INTO organisation_aliases (alias, organisation_id) VALUES (?, ?) "
                     "ON CONFLICT (alias) DO NOTHING");
    for (const auto& alias : p.aliases) {
      if (auto existing = organisation_id(alias); existing && *existing != id) {
        throw Error(fmt::format("'{}' already names another organisation", alias));
      }
      q.bind(1, alias);
      q.bind(2, id);
      // ON CONFLICT DO NOTHING: an alias already known keeps its organisation here too.
      if (q.exec() > 0 && m_org_index_loaded)
        m_org_aliases.emplace(alias, *find_organisation(p.name));
      q.reset();
    }
  }

  int schema_version() override { return m_db.execAndGet("PRAGMA user_version").getInt(); }

  void store_source_text(const std::string& sha256, std::string_view text) override {
    WriteTransaction tx(m_db);
    SQLite::Statement upd(m_db, "UPDATE sources SET body = ?2 WHERE sha256 = ?1 AND body IS NULL");
    upd.bind(1, sha256);
    upd.bind(2, std::string(text));
    upd.exec();
    SQLite::Statement ins(m_db,
                          "INSERT INTO sources (sha256, body) SELECT ?1, ?2 WHERE NOT EXISTS "
                          "(SELECT 1 FROM sources WHERE sha256 = ?1)");
    ins.bind(1, sha256);
    ins.bind(2, std::string(text));
    ins.exec();
    tx.commit();
  }

  std::optional<std::string> source_text(const std::string& sha256) override {
    SQLite::Statement q(m_db,
                        "SELECT body FROM sources WHERE sha256 = ? AND body IS NOT NULL "
                        "ORDER BY id LIMIT 1");
    q.bind(1, sha256);
    if (!q.executeStep()) return std::nullopt;
    const auto col = q.getColumn(0);
    return std::string(static_cast<const char*>(col.getBlob()),
                       static_cast<std::size_t>(col.getBytes()));
  }

  void put_rates(const std::vector<Rate>& rates) override {
    WriteTransaction tx(m_db);
    sqlite::put_rates(m_db, rates);
    tx.commit();
  }

  std::vector<Rate> rates() override { return sqlite::read_rates(m_db); }

  // ---- used by the import session ----

  std::optional<std::int64_t> id_for_key(const std::string& key) {
    auto& q = cached(m_id_for_key, "SELECT id FROM agreements WHERE key = ?");
    q.bind(1, key);
    std::optional<std::int64_t> out;
    if (q.executeStep()) out = q.getColumn(0).getInt64();
    q.reset();
    return out;
  }

  // While an import session is open (it holds the write lock, so no other connection
  // writes), every organisation name and alias is held in memory, matched without regard to
  // ASCII case as the NOCASE columns match: loaded once at the first lookup, kept current by
  // the session's own inserts, and dropped when the session ends, so a rollback leaves no
  // stale ids behind. One hash lookup per party instead of a query.
  void remember_organisations(bool on) {
    m_org_index_on = on;
    forget_organisations();
    // An import touches index pages all over the file (keys, names, URLs): with SQLite's
    // default 2 MB page cache it rereads them from the OS and spills dirty pages to the WAL
    // mid-transaction. The cache grows only as pages are used.
    m_db.exec(on ? "PRAGMA cache_size = -262144" : k_cache_size);
    // The CHECKs on agreements.type and .status are IN lists, which SQLite evaluates by
    // building two temporary b-trees per inserted row (13% of an import). A session binds
    // those columns only from the enums' names (and both money columns or neither), so the
    // checks cannot fail here; they stay on for every other write.
    m_db.exec(on ? "PRAGMA ignore_check_constraints = ON"
                 : "PRAGMA ignore_check_constraints = OFF");
  }

  void forget_organisations() {
    m_org_index_loaded = false;
    m_org_names.clear();
    m_org_aliases.clear();
  }

  // The agreement as it would be stored: canonical party names, a key.
  Agreement normalised(Agreement a) {
    a.id.reset();
    a.confidence.reset();
    for (auto& p : a.parties) {
      auto canonical = resolve_party(p.name);
      if (canonical && *canonical != p.name) {
        const std::string given = "parties[" + p.name + "]";
        for (auto& prov : a.provenance) {
          if (prov.field == given) prov.field = "parties[" + *canonical + "]";
        }
        if (p.as_written.empty()) p.as_written = p.name;
        p.name = *canonical;
      }
      if (p.as_written == p.name) p.as_written.clear();
    }
    if (a.key.empty()) a.key = generate_key(a);
    return a;
  }

  // Whether normalised(a) would change `a` (so that an agreement already normalised, as the
  // Reconciler passes them, is stored without another copy). Must agree with normalised().
  bool needs_normalising(const Agreement& a) {
    if (a.id || a.confidence || a.key.empty()) return true;
    for (const auto& p : a.parties) {
      if (p.as_written == p.name) return true;
      const auto* org = find_organisation(p.name);
      if (org && org->second != p.name) return true;
    }
    return false;
  }

  std::optional<std::int64_t> id_for_merged_key(const std::string& key) {
    auto& q = cached(m_id_for_merged_key, "SELECT agreement_id FROM merged_keys WHERE key = ?");
    q.bind(1, key);
    std::optional<std::int64_t> out;
    if (q.executeStep()) out = q.getColumn(0).getInt64();
    q.reset();
    return out;
  }

  std::int64_t last_id() {
    auto& q = cached(m_last_id, "SELECT coalesce(max(id), 0) FROM agreements");
    q.executeStep();
    const std::int64_t id = q.getColumn(0).getInt64();
    q.reset();
    return id;
  }

  // A narrowing of the candidates for a duplicate of `a` by what probable_duplicate
  // (reconcile.hpp) requires, so that only records it could accept are loaded: the same type
  // and every party, the same value or an overlapping date, and a source when `a` has none.
  std::vector<Agreement> candidates(const Agreement& a, std::int64_t up_to) {
    if (up_to <= 0) return {};
    std::vector<std::string> alternatives;
    std::vector<Bind> binds = {std::string(to_string(a.type)), up_to};
    if (a.value) {
      alternatives.emplace_back("(a.value_currency = ? AND a.value_minor = ?)");
      binds.emplace_back(a.value->currency);
      binds.emplace_back(a.value->minor);
    }
    if (!a.date().empty()) {
      alternatives.emplace_back("(a.date_first <= ? AND a.date_last >= ?)");
      binds.emplace_back(static_cast<std::int64_t>(a.date().last_day()));
      binds.emplace_back(static_cast<std::int64_t>(a.date().first_day()));
    }
    if (alternatives.empty() || a.parties.empty()) return {};
    // Fixed fragments, one per party; every value is bound.
    std::string sql = "SELECT a.id FROM agreements a WHERE a.type = ? AND a.id <= ? AND (" +
                      text::join(alternatives, " OR ") + ")";
    if (a.sources.empty()) {
      sql += " AND EXISTS (SELECT 1 FROM agreement_sources s WHERE s.agreement_id = a.id)";
    }
    std::vector<std::int64_t> orgs;
    for (const auto& p : a.parties) {
      auto id = organisation_id(p.name);
      if (!id) return {};  // a new organisation: nothing stored can share its parties
      if (std::find(orgs.begin(), orgs.end(), *id) != orgs.end()) continue;
      orgs.push_back(*id);
      sql += " AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE organisation_id = ?)";
      binds.emplace_back(*id);
    }
    sql += " ORDER BY a.id";
    SQLite::Statement q(m_db, sql);
    bind_all(q, binds);
    std::vector<std::int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    std::vector<Agreement> out;
    for (auto id : ids) out.push_back(load(id));
    return out;
  }

  bool delete_agreement(std::int64_t id) {
    SQLite::Statement q(m_db, "DELETE FROM agreements WHERE id = ?");
    q.bind(1, id);
    const bool removed = q.exec() > 0;
    SQLite::Statement fts(m_db, "DELETE FROM agreement_search WHERE rowid = ?");
    fts.bind(1, id);
    fts.exec();
    return removed;
  }

  // A key must name one agreement: its own or one merged into it.
  void check_key_free(const std::string& key, std::optional<std::int64_t> self) {
    if (auto other = id_for_key(key); other && other != self) {
      throw Error(fmt::format("an agreement with key '{}' exists", key));
    }
    if (auto into = id_for_merged_key(key); into && into != self) {
      throw Error(fmt::format("key '{}' was merged into agreement {}", key, *into));
    }
  }

  std::int64_t insert(const Agreement& in) { return insert_normalised(normalised(in)); }

  // `a` as normalised() returns it. KeyChecked::yes: the caller has just found that no
  // agreement has this key or merged it, and has written nothing since.
  std::int64_t insert_normalised(const Agreement& a, KeyChecked checked = KeyChecked::no) {
    if (checked == KeyChecked::no) check_key_free(a.key, std::nullopt);
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

  void replace(std::int64_t id, const Agreement& in) { replace_normalised(id, normalised(in)); }

  void replace_normalised(std::int64_t id, const Agreement& a) {
    check_key_free(a.key, id);
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
    for (auto table :
         {"agreement_parties", "agreement_minerals", "agreement_stages", "agreement_sources",
          "evidence", "events", "related", "tags", "provenance", "merged_keys"}) {
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
      throw Error(
          fmt::format("cannot open database '{}': it is a directory", path.string()));
    }
    check_symlink(path);
    if (!exists && path.has_parent_path()) {
      std::filesystem::create_directories(path.parent_path(), ec);
    }
    // A new database is created here rather than by SQLite, to control its mode. A dangling
    // symlink (already checked) is left to SQLite.
    struct stat link {};
    if (!exists && ::lstat(path.c_str(), &link) != 0) create_file(path, MustCreate::no);
    // A read on a database that does not exist yet creates it, as any first use does.
    // A connection is used by one thread only, so SQLite's per-call mutexes are not needed
    // (they were 4% of an export's time).
    const int flags = SQLite::OPEN_NOMUTEX | ((access == Access::read_only && exists)
                                                  ? SQLite::OPEN_READONLY
                                                  : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // SQLite's memory statistics (which nothing reads) take a global mutex on every
    // allocation: 4% of an import. Set before the library initialises, so once per process.
    static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)memstatus_off;  // SQLITE_MISUSE when SQLite was initialised first: statistics stay on
    try {
      SQLite::Database db(path.string(), flags, 5000);
      return db;
    } catch (const SQLite::Exception& e) {
      throw Error(fmt::format("cannot open database '{}': {}", path.string(), e.what()));
    }
  }

  void configure(Access access) {
    const std::string where = path_string();
    int version = 0;
    int app_id = 0;
    bool has_tables = false;
    try {
      // One statement, so one snapshot: read separately, another process's first migration
      // could commit between the reads and make a new database look like a foreign one.
      SQLite::Statement q(m_db,
                          "SELECT (SELECT user_version FROM pragma_user_version), "
                          "(SELECT application_id FROM pragma_application_id), "
                          "(SELECT count(*) FROM sqlite_schema)");
      q.executeStep();
      version = q.getColumn(0).getInt();
      app_id = q.getColumn(1).getInt();
      has_tables = q.getColumn(2).getInt() > 0;
    } catch (const SQLite::Exception& e) {
      if (is_busy(e)) throw;
      throw Error(fmt::format("'{}' is not an mtrack database ({})", where, e.what()));
    }
    if (app_id != k_application_id && (app_id != 0 || has_tables || version != 0)) {
      throw Error(fmt::format("'{}' is not an mtrack database", where));
    }
    const int latest = latest_schema_version();
    if (version > latest) {
      throw Error(fmt::format(
          "database '{}' has schema version {}, newer than this mtrack knows ({}); "
          "upgrade mtrack",
          where, version, latest));
    }
    m_db.exec("PRAGMA foreign_keys = ON");
    m_db.exec(k_cache_size);
    const bool writable = !m_db.execAndGet("PRAGMA query_only").getInt() &&
                          sqlite3_db_readonly(m_db.getHandle(), "main") == 0;
    if (!writable) {
      if (version < latest) {
        throw NeedsUpgrade(
            fmt::format("database '{}' needs an upgrade; run a writing "
                        "command such as 'mtrack init' first",
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

  // Applies the migrations after `from`, each in its own transaction with its user_version.
  // Before the first one changes an existing database, a copy of it is written beside it
  // (<db>.bak-v<old version>) under the same lock, so the copy is exactly what was migrated.
  void migrate(int from) {
    bool backed_up = false;
    std::vector<Migration> unrecorded;
    for (const auto& m : migrations()) {
      if (m.version <= from) continue;
      WriteTransaction tx(m_db);
      // Another process may have migrated while we waited for the lock.
      const int current = m_db.execAndGet("PRAGMA user_version").getInt();
      if (current >= m.version) continue;
      if (from > 0 && !backed_up) {
        write_backup(current);
        backed_up = true;
      }
      try {
        m_db.exec(std::string(m.sql));
      } catch (const SQLite::Exception& e) {
        if (is_busy(e)) throw;
        throw Error(fmt::format("migration {} failed: {}", m.name, e.what()));
      }
      unrecorded.push_back(m);
      if (has_table("schema_history")) {
        SQLite::Statement q(m_db,
                            "INSERT OR REPLACE INTO schema_history (version, name, applied_at) "
                            "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
        for (const auto& done : unrecorded) {
          q.bind(1, done.version);
          q.bind(2, std::string(done.name));
          q.exec();
          q.reset();
        }
        unrecorded.clear();
      }
      // PRAGMA takes no bound parameters; the version is a number from the file name.
      m_db.exec(fmt::format("PRAGMA user_version = {}", m.version));
      m_db.exec(fmt::format("PRAGMA application_id = {}", k_application_id));
      tx.commit();
    }
  }

  bool has_table(const std::string& name) {
    SQLite::Statement q(m_db,
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    q.bind(1, name);
    return q.executeStep() && q.getColumn(0).getInt() > 0;
  }

  // Copies the database (the caller holds the write lock) to <db>.bak-v<version>, or
  // <db>.bak-v<version>.<n> when that exists: written to a temporary file, then renamed.
  void write_backup(int version) {
    const std::string base = fmt::format("{}.bak-v{}", m_path.string(), version);
    std::string target = base;
    std::error_code ec;
    for (int n = 1; std::filesystem::symlink_status(target, ec).type() !=
                    std::filesystem::file_type::not_found;
         ++n) {
      target = fmt::format("{}.{}", base, n);
    }
    const std::string temp = fmt::format("{}.tmp-{}", target, ::getpid());
    std::filesystem::remove(temp, ec);
    create_file(temp, MustCreate::yes);
    try {
      // SQLite cannot back up from a connection inside a write transaction, so a second
      // connection reads the database: it sees exactly what is about to be migrated, and
      // the write lock held here keeps every other writer out until the migration is done.
      SQLite::Database source(m_path.string(), SQLite::OPEN_READONLY, 5000);
      SQLite::Database out(temp, SQLite::OPEN_READWRITE);
      SQLite::Backup backup(out, source);
      const int rc = backup.executeStep();
      if (rc != SQLITE_DONE) throw SQLite::Exception(sqlite3_errstr(rc), rc);
      out.exec("PRAGMA journal_mode = DELETE");  // one self-contained file
    } catch (const SQLite::Exception& e) {
      std::filesystem::remove(temp, ec);
      if (is_busy(e)) throw;
      throw Error(fmt::format("cannot back up '{}' before upgrading it: {}",
                              m_path.string(), e.what()));
    }
    std::filesystem::rename(temp, target, ec);
    if (ec) {
      std::filesystem::remove(temp, ec);
      throw Error(fmt::format("cannot write backup '{}': {}", target, ec.message()));
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
    WriteTransaction tx(m_db);
    SQLite::Statement upsert_mineral(
        m_db,
        "INSERT INTO minerals (name, symbol, kind, usgs2025, usgs2022, eu2023) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET symbol = excluded.symbol, "
        "kind = excluded.kind, usgs2025 = excluded.usgs2025, usgs2022 = excluded.usgs2022, "
        "eu2023 = excluded.eu2023");
    static constexpr std::array<const char*, 4> k_kinds = {"element", "commodity", "group", "set"};
    for (const auto& m : minerals().all()) {
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
    for (const auto& m : minerals().all()) {
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

  using OrgEntry = std::pair<std::int64_t, std::string>;  // id, canonical name

  // The organisation called `name` or with that alias, or nullptr.
  const OrgEntry* find_organisation(std::string_view name) {
    if (m_org_index_on) {
      load_organisations();
      if (auto it = m_org_names.find(name); it != m_org_names.end()) return &it->second;
      if (auto it = m_org_aliases.find(name); it != m_org_aliases.end()) return &it->second;
      return nullptr;
    }
    auto& q = cached(m_org_lookup,
                     "SELECT id, name FROM organisations WHERE name = ?1 UNION ALL "
                     "SELECT o.id, o.name FROM organisation_aliases a JOIN organisations o "
                     "ON o.id = a.organisation_id WHERE a.alias = ?1 LIMIT 1");
    q.bind(1, std::string(name));
    const OrgEntry* out = nullptr;
    if (q.executeStep()) {
      m_org_found = {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
      out = &m_org_found;
    }
    q.reset();
    return out;
  }

  // The in-memory organisation index of an import session (remember_organisations).
  void load_organisations() {
    if (m_org_index_loaded) return;
    SQLite::Statement names(m_db, "SELECT id, name FROM organisations");
    while (names.executeStep()) {
      std::string name = names.getColumn(1).getString();
      m_org_names.emplace(name, OrgEntry{names.getColumn(0).getInt64(), name});
    }
    SQLite::Statement aliases(m_db,
                              "SELECT a.alias, o.id, o.name FROM organisation_aliases a "
                              "JOIN organisations o ON o.id = a.organisation_id");
    while (aliases.executeStep()) {
      m_org_aliases.emplace(
          aliases.getColumn(0).getString(),
          OrgEntry{aliases.getColumn(1).getInt64(), aliases.getColumn(2).getString()});
    }
    m_org_index_loaded = true;
  }

  std::optional<std::int64_t> organisation_id(std::string_view name) {
    if (const auto* org = find_organisation(name)) return org->first;
    return std::nullopt;
  }

  std::int64_t organisation_for(const std::string& name) {
    if (auto id = organisation_id(name)) return *id;
    auto& q = cached(m_org_insert, "INSERT INTO organisations (name, kind) VALUES (?, 'company')");
    q.bind(1, name);
    q.exec();
    q.reset();
    const std::int64_t id = m_db.getLastInsertRowid();
    if (m_org_index_loaded) m_org_names.emplace(name, OrgEntry{id, name});
    return id;
  }

  std::int64_t mineral_id(const std::string& name) {
    auto it = m_mineral_ids.find(name);
    if (it != m_mineral_ids.end()) return it->second;
    auto& q = cached(m_mineral_lookup, "SELECT id FROM minerals WHERE name = ?");
    q.bind(1, name);
    if (!q.executeStep()) {
      q.reset();
      throw Error(fmt::format("unknown mineral '{}'", name));
    }
    const std::int64_t id = q.getColumn(0).getInt64();
    q.reset();
    m_mineral_ids.emplace(name, id);
    return id;
  }

  std::int64_t source_for(const Source& s) {
    // The same source is stored once: matched by hash, else URL, else title and publisher.
    // One statement per case, so that each is an index lookup.
    SQLite::Statement* lookup = nullptr;
    if (!s.sha256.empty()) {
      lookup =
          &cached(m_source_by_hash, "SELECT id FROM sources WHERE sha256 = ? ORDER BY id LIMIT 1");
      lookup->bind(1, s.sha256);
    } else if (!s.url.empty()) {
      lookup = &cached(m_source_by_url,
                       "SELECT id FROM sources WHERE url = ? AND +sha256 = '' ORDER BY id LIMIT 1");
      lookup->bind(1, s.url);
    } else {
      lookup = &cached(m_source_by_title,
                       "SELECT id FROM sources WHERE title = ? AND publisher = ? AND +url = '' "
                       "AND +sha256 = '' ORDER BY id LIMIT 1");
      lookup->bind(1, s.title);
      lookup->bind(2, s.publisher);
    }
    auto& find = *lookup;
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
    if (a.binding)
      q.bind(5, *a.binding ? 1 : 0);
    else
      q.bind(5);
    bind_money(q, 6, a.value);
    bind_money(q, 10, a.ceiling);
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
      bind_text_or_null(party, 5, a.parties[i].as_written);
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
      if (e.start)
        evidence.bind(5, *e.start);
      else
        evidence.bind(5);
      if (e.end)
        evidence.bind(6, *e.end);
      else
        evidence.bind(6);
      evidence.exec();
      evidence.reset();
    }
    auto& event = cached(m_event_insert,
                         "INSERT INTO events (agreement_id, position, date, status, note, source, "
                         "value_minor, value_currency, value_approximate, value_as_written, "
                         "ceiling_minor, ceiling_currency, ceiling_approximate, "
                         "ceiling_as_written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < a.events.size(); ++i) {
      const auto& e = a.events[i];
      event.bind(1, id);
      event.bind(2, static_cast<std::int64_t>(i));
      bind_date(event, 3, e.date);
      if (e.status)
        event.bind(4, std::string(to_string(*e.status)));
      else
        event.bind(4);
      event.bind(5, e.note);
      event.bind(6, e.source);
      bind_money(event, 7, e.value);
      bind_money(event, 11, e.ceiling);
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
    auto& tag =
        cached(m_tag_insert, "INSERT INTO tags (agreement_id, position, tag) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.tags.size(); ++i) {
      tag.bind(1, id);
      tag.bind(2, static_cast<std::int64_t>(i));
      tag.bind(3, a.tags[i]);
      tag.exec();
      tag.reset();
    }
    auto& prov = cached(m_provenance_insert,
                        "INSERT INTO provenance (agreement_id, position, field, source, rule, "
                        "start_offset, end_offset, claim) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < a.provenance.size(); ++i) {
      const auto& p = a.provenance[i];
      prov.bind(1, id);
      prov.bind(2, static_cast<std::int64_t>(i));
      prov.bind(3, p.field);
      prov.bind(4, p.source);
      prov.bind(5, p.rule);
      if (p.start)
        prov.bind(6, *p.start);
      else
        prov.bind(6);
      if (p.end)
        prov.bind(7, *p.end);
      else
        prov.bind(7);
      prov.bind(8, p.claim);
      prov.exec();
      prov.reset();
    }
    auto& merged = cached(m_merged_key_insert,
                          "INSERT INTO merged_keys (key, agreement_id, position) VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < a.merged_keys.size(); ++i) {
      if (auto other = id_for_key(a.merged_keys[i]); other && *other != id) {
        throw Error(
            fmt::format("'{}' cannot be merged into '{}': it is the key of "
                        "another agreement",
                        a.merged_keys[i], a.key));
      }
      merged.bind(1, a.merged_keys[i]);
      merged.bind(2, id);
      merged.bind(3, static_cast<std::int64_t>(i));
      merged.exec();
      merged.reset();
    }
    write_search_row(id, a);
  }

  // The search row: parties under their canonical names and the names the agreement used.
  void write_search_row(std::int64_t id, const Agreement& a) {
    std::vector<std::string> names;
    for (const auto& p : a.parties) {
      names.push_back(p.name);
      if (!p.as_written.empty()) names.push_back(p.as_written);
    }
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

  Agreement row(SQLite::Statement& q, Detail detail = Detail::full) {
    Agreement a;
    a.id = q.getColumn(0).getInt64();
    a.key = q.getColumn(1).getString();
    a.type = parse_agreement_type(q.getColumn(2).getString()).value_or(AgreementType::other);
    a.title = q.getColumn(3).getString();
    a.status = parse_status(q.getColumn(4).getString()).value_or(Status::unknown);
    if (!q.getColumn(5).isNull()) a.binding = q.getColumn(5).getInt() != 0;
    a.value = money_columns(q, 6);
    a.ceiling = money_columns(q, 10);
    a.term = opt_text(q.getColumn(14)).value_or("");
    a.announced = date_column(q.getColumn(15));
    a.signed_on = date_column(q.getColumn(16));
    a.expires = date_column(q.getColumn(17));
    a.location.site = opt_text(q.getColumn(18)).value_or("");
    a.location.region = opt_text(q.getColumn(19)).value_or("");
    a.location.country = opt_text(q.getColumn(20)).value_or("");
    a.notes = q.getColumn(21).getString();
    load_children(a, detail);
    return a;
  }

  void load_children(Agreement& a, Detail detail) {
    const std::int64_t id = *a.id;
    auto& parties = cached(m_party_select,
                           "SELECT o.name, p.role, p.name_as_written FROM agreement_parties p "
                           "JOIN organisations o ON o.id = p.organisation_id "
                           "WHERE p.agreement_id = ? ORDER BY p.position");
    parties.bind(1, id);
    while (parties.executeStep()) {
      std::string name = parties.getColumn(0).getString();
      std::string written = as_written_column(parties.getColumn(2), name);
      a.parties.emplace_back(std::move(name),
                             parse_role(parties.getColumn(1).getString()).value_or(Role::other),
                             std::move(written));
    }
    parties.reset();
    auto& minerals =
        cached(m_mineral_select,
               "SELECT m.name FROM agreement_minerals am JOIN minerals m "
               "ON m.id = am.mineral_id WHERE am.agreement_id = ? ORDER BY am.position");
    minerals.bind(1, id);
    while (minerals.executeStep()) a.minerals.push_back(minerals.getColumn(0).getString());
    minerals.reset();
    if (detail == Detail::summary) return;
    if (m_present.stages) {
      auto& stages =
          cached(m_stage_select,
                 "SELECT stage FROM agreement_stages WHERE agreement_id = ? ORDER BY position");
      stages.bind(1, id);
      while (stages.executeStep()) {
        if (auto s = parse_stage(stages.getColumn(0).getString())) a.stages.push_back(*s);
      }
      stages.reset();
    }
    if (m_present.sources) {
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
    }
    if (m_present.evidence) {
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
    }
    if (m_present.events) {
      auto& events = cached(m_event_select,
                            "SELECT date, status, note, source, value_minor, value_currency, "
                            "value_approximate, value_as_written, ceiling_minor, ceiling_currency, "
                            "ceiling_approximate, ceiling_as_written FROM events "
                            "WHERE agreement_id = ? ORDER BY position");
      events.bind(1, id);
      while (events.executeStep()) {
        Event e;
        e.date = date_column(events.getColumn(0));
        if (!events.getColumn(1).isNull()) e.status = parse_status(events.getColumn(1).getString());
        e.note = events.getColumn(2).getString();
        e.source = events.getColumn(3).getString();
        e.value = money_columns(events, 4);
        e.ceiling = money_columns(events, 8);
        a.events.push_back(std::move(e));
      }
      events.reset();
    }
    if (m_present.related) {
      auto& related =
          cached(m_related_select,
                 "SELECT key, relation FROM related WHERE agreement_id = ? ORDER BY position");
      related.bind(1, id);
      while (related.executeStep()) {
        a.related.push_back(
            {related.getColumn(0).getString(),
             parse_relation(related.getColumn(1).getString()).value_or(Relation::follows)});
      }
      related.reset();
    }
    if (m_present.tags) {
      auto& tags =
          cached(m_tag_select, "SELECT tag FROM tags WHERE agreement_id = ? ORDER BY position");
      tags.bind(1, id);
      while (tags.executeStep()) a.tags.push_back(tags.getColumn(0).getString());
      tags.reset();
    }
    if (m_present.provenance) {
      auto& prov = cached(m_provenance_select,
                          "SELECT field, source, rule, start_offset, end_offset, claim FROM "
                          "provenance WHERE agreement_id = ? ORDER BY position");
      prov.bind(1, id);
      while (prov.executeStep()) {
        Provenance p;
        p.field = prov.getColumn(0).getString();
        p.source = prov.getColumn(1).getString();
        p.rule = prov.getColumn(2).getString();
        if (!prov.getColumn(3).isNull()) p.start = prov.getColumn(3).getInt64();
        if (!prov.getColumn(4).isNull()) p.end = prov.getColumn(4).getInt64();
        p.claim = prov.getColumn(5).getString();
        a.provenance.push_back(std::move(p));
      }
      prov.reset();
    }
    if (m_present.merged_keys) {
      auto& merged = cached(m_merged_key_select,
                            "SELECT key FROM merged_keys WHERE agreement_id = ? ORDER BY position");
      merged.bind(1, id);
      while (merged.executeStep()) a.merged_keys.push_back(merged.getColumn(0).getString());
      merged.reset();
    }
  }

  // The search rows of the agreements an organisation is a party to, after its names changed.
  void refresh_search_for_organisation(std::int64_t organisation_id) {
    SQLite::Statement q(m_db,
                        "SELECT DISTINCT agreement_id FROM agreement_parties WHERE "
                        "organisation_id = ? ORDER BY agreement_id");
    q.bind(1, organisation_id);
    std::vector<std::int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    for (auto id : ids) write_search_row(id, load(id));
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
      clauses.push_back(
          "a.type IN (" +
          placeholders(f.types, [](AgreementType t) { return std::string(to_string(t)); }) + ")");
    }
    if (!f.statuses.empty()) {
      clauses.push_back(
          "a.status IN (" +
          placeholders(f.statuses, [](Status s) { return std::string(to_string(s)); }) + ")");
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
    // A dated agreement's bounds are the second column of the listing-order index, after
    // "undated"; saying it is dated lets SQLite seek that index for the range and the order.
    if (date_bounded(f)) clauses.push_back("(a.date_first IS NULL) = 0");
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
        return fmt::format(
            " ORDER BY a.value_minor IS NULL, a.value_currency{0}, a.value_minor{0}, a.id{0}", dir);
      case SortKey::id:
        return fmt::format(" ORDER BY a.id{}", dir);
      case SortKey::date:
        break;
    }
    // The listing order, term for term the index agreements_by_listing_order. With a date
    // bound every row is dated, and the "undated last" term is left out so that SQLite sees
    // the order of the index after its constant first column.
    return fmt::format(" ORDER BY {1}a.date_first{0}, a.date_last{0}, a.id{0}", dir,
                       date_bounded(f) ? "" : "a.date_first IS NULL, ");
  }

  // A date bound selects dated agreements only: where() says so, and order() drops the
  // "undated last" term that is then constant. Both must agree for the index to serve.
  static bool date_bounded(const Filter& f) { return !f.since.empty() || !f.until.empty(); }

  // The agreements that the filter's other members select, each as it stood on
  // `filter.as_of`. The filters that depend on the state (status, dates, value) and the
  // order are applied by the same SQL as for current records, to a temporary table of the
  // states.
  void find_as_of(const Filter& filter, const std::function<void(const Agreement&)>& sink) {
    Filter candidates = filter;
    candidates.as_of = {};
    candidates.statuses.clear();
    candidates.since = {};
    candidates.until = {};
    candidates.min_value.reset();
    candidates.max_value.reset();
    candidates.limit.reset();
    candidates.sort = SortKey::id;
    candidates.detail = Detail::full;  // a past state is computed from the whole history
    m_db.exec(
        "CREATE TEMP TABLE IF NOT EXISTS agreements_as_of AS "
        "SELECT * FROM main.agreements WHERE 0");
    m_db.exec("DELETE FROM temp.agreements_as_of");
    SQLite::Statement ins(m_db,
                          "INSERT INTO temp.agreements_as_of (key, type, title, status, binding, "
                          "value_minor, value_currency, value_approximate, value_as_written, "
                          "ceiling_minor, ceiling_currency, ceiling_approximate, "
                          "ceiling_as_written, term, announced, signed, expires, date_first, "
                          "date_last, site, region, country, notes, id) VALUES (?1, ?2, ?3, ?4, "
                          "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
                          "?20, ?21, ?22, ?23, ?24)");
    std::unordered_map<std::int64_t, Agreement> states;
    find(candidates, [&](const Agreement& a) {
      auto state = as_of(a, filter.as_of);
      if (!state) return;
      bind_agreement(ins, *state);
      ins.bind(24, *state->id);
      ins.exec();
      ins.reset();
      states.emplace(*state->id, std::move(*state));
    });
    Filter rest = filter;
    rest.as_of = {};
    std::vector<Bind> binds;
    std::string sql = "SELECT a.id FROM temp.agreements_as_of a" + where(rest, binds) + order(rest);
    if (rest.limit) {
      sql += " LIMIT ?";
      binds.emplace_back(*rest.limit);
    }
    SQLite::Statement q(m_db, sql);
    bind_all(q, binds);
    while (q.executeStep()) sink(states.at(q.getColumn(0).getInt64()));
    q.reset();
    m_db.exec("DELETE FROM temp.agreements_as_of");
  }

  static void bind_all(SQLite::Statement& q, const std::vector<Bind>& binds) {
    for (std::size_t i = 0; i < binds.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (const auto* n = std::get_if<std::int64_t>(&binds[i]))
        q.bind(at, *n);
      else
        q.bind(at, std::get<std::string>(binds[i]));
    }
  }

  const MineralTable& minerals() const {
    return m_minerals ? *m_minerals : MineralTable::builtin();
  }

  std::filesystem::path m_path;
  const MineralTable* m_minerals;  // null: MineralTable::builtin()
  SQLite::Database m_db;
  std::unordered_map<std::string, std::int64_t> m_mineral_ids;
  // ASCII case folded, as SQLite's NOCASE compares.
  struct NocaseHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const {
      std::uint64_t h = 14695981039346656037ull;  // FNV-1a
      for (unsigned char c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + ('a' - 'A'));
        h = (h ^ c) * 1099511628211ull;
      }
      return static_cast<std::size_t>(h);
    }
  };
  struct NocaseEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return text::iequals(a, b); }
  };
  using OrgIndex = std::unordered_map<std::string, OrgEntry, NocaseHash, NocaseEqual>;
  bool m_org_index_on = false;  // during an import session
  bool m_org_index_loaded = false;
  OrgIndex m_org_names;    // organisations by name
  OrgIndex m_org_aliases;  // organisations by alias
  OrgEntry m_org_found;
  std::unique_ptr<SQLite::Statement> m_id_for_key, m_insert, m_update, m_org_lookup, m_org_insert,
      m_mineral_lookup, m_source_by_hash, m_source_by_url, m_source_by_title, m_source_update,
      m_source_insert, m_party_insert, m_mineral_insert, m_stage_insert, m_agreement_source_insert,
      m_evidence_insert, m_event_insert, m_related_insert, m_tag_insert, m_fts_upsert,
      m_party_select, m_mineral_select, m_stage_select, m_source_select, m_evidence_select,
      m_event_select, m_related_select, m_tag_select, m_learned_aliases, m_alias_insert,
      m_id_for_merged_key, m_last_id, m_provenance_insert, m_provenance_select, m_merged_key_insert,
      m_merged_key_select, m_present_select, m_select_by_id;
  const std::string m_select_by_id_sql = std::string(select_columns()) + " WHERE a.id = ?";
  ChildTables m_present;  // during find(): which child tables to query
};

SqliteImportSession::SqliteImportSession(SqliteRepository& repo, SQLite::Database& db)
    : m_repo(repo), m_tx(db) {
  m_repo.remember_organisations(true);
}

SqliteImportSession::~SqliteImportSession() {
  try {
    m_repo.remember_organisations(false);
  } catch (...) {  // NOLINT(bugprone-empty-catch): only the page cache size is left as it was
  }
}

void SqliteImportSession::put(const Agreement& in) {
  Agreement copy;
  const bool must_normalise = m_repo.needs_normalising(in);
  if (must_normalise) copy = m_repo.normalised(in);
  const Agreement& a = must_normalise ? copy : in;
  if (!m_absent_key.empty() && a.key == m_absent_key) {
    // find_key just looked this key up and found nothing: a new agreement.
    m_absent_key.clear();
    m_repo.insert_normalised(a, KeyChecked::yes);
    ++m_stats.added;
    return;
  }
  m_absent_key.clear();
  if (auto id = m_repo.id_for_key(a.key)) {
    Agreement stored = m_repo.load(*id);
    stored.id.reset();
    if (stored == a) {
      ++m_stats.unchanged;
      return;
    }
    m_repo.replace_normalised(*id, a);
    ++m_stats.updated;
    return;
  }
  m_repo.insert_normalised(a);
  ++m_stats.added;
}

void SqliteImportSession::put_aliases(const PartyAliases& p) {
  m_absent_key.clear();
  m_repo.put_aliases(p);
}

std::optional<Agreement> SqliteImportSession::find_key(const std::string& key) {
  auto id = m_repo.id_for_key(key);
  if (!id) id = m_repo.id_for_merged_key(key);
  if (!id) {
    m_absent_key = key;
    return std::nullopt;
  }
  m_absent_key.clear();
  return m_repo.load(*id);
}

Agreement SqliteImportSession::normalise(const Agreement& a) { return m_repo.normalised(a); }

Agreement SqliteImportSession::normalise(Agreement&& a) { return m_repo.normalised(std::move(a)); }

std::vector<Agreement> SqliteImportSession::candidates(const Agreement& a, std::int64_t up_to) {
  return m_repo.candidates(a, up_to);
}

std::int64_t SqliteImportSession::last_id() { return m_repo.last_id(); }

void SqliteImportSession::remove(std::int64_t id) {
  m_absent_key.clear();
  m_repo.delete_agreement(id);
}

ImportStats SqliteImportSession::commit() {
  m_tx.commit();
  return m_stats;
}

}  // namespace

int latest_schema_version() {
  const auto all = migrations();
  return all.empty() ? 0 : all.back().version;
}

namespace {

std::unique_ptr<Repository> open_sqlite(const std::filesystem::path& path, Access access,
                                        const MineralTable* minerals) {
  // Opening reads the schema and may create or migrate it; a lock held by another process
  // through the whole busy timeout is retried like any other write.
  const auto open_as = [&](Access a) -> std::unique_ptr<Repository> {
    try {
      return with_lock_retry([&] { return std::make_unique<SqliteRepository>(path, a, minerals); });
    } catch (const SQLite::Exception& e) {
      throw Error(fmt::format("database '{}': {}", path.string(), e.what()));
    }
  };
  try {
    return open_as(access);
  } catch (const NeedsUpgrade&) {
    if (access != Access::read_only || ::access(path.c_str(), W_OK) != 0) throw;
  }
  open_as(Access::read_write);  // migrates (after a backup), then reads go read-only again
  return open_as(Access::read_only);
}

}  // namespace

std::unique_ptr<Repository> open_repository(const std::filesystem::path& path, Access access) {
  return open_sqlite(path, access, nullptr);
}

std::unique_ptr<Repository> open_repository(const std::filesystem::path& path, Access access,
                                            const MineralTable& minerals) {
  return open_sqlite(path, access, &minerals);
}

}  // namespace mtrack
