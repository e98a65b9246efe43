#include "storage/sqlite/organisations.hpp"

#include <fmt/format.h>

#include <unordered_set>

#include "mtrack/domain/organisations.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/journal.hpp"

namespace mtrack::sqlite {

void Organisations::remember(bool on) {
  m_remember = on;
  forget();
  if (!on) return;
  // While every name and alias fits, all are loaded at once, so that a name not among them is
  // known to be new without a query.
  auto& db = m_c.db();
  SQLite::Statement count(db,
                          "SELECT (SELECT count(*) FROM organisations) + "
                          "(SELECT count(*) FROM organisation_aliases)");
  if (!count.executeStep() || count.getColumn(0).getInt64() >= std::int64_t{k_remembered}) return;
  SQLite::Statement names(db, "SELECT id, name FROM organisations");
  while (names.executeStep()) {
    std::string name = names.getColumn(1).getString();
    m_known.emplace(name, Found{names.getColumn(0).getInt64(), name});
  }
  SQLite::Statement aliases(db,
                            "SELECT a.alias, o.id, o.name FROM organisation_aliases a "
                            "JOIN organisations o ON o.id = a.organisation_id");
  while (aliases.executeStep()) {
    m_known.emplace(aliases.getColumn(0).getString(),
                    Found{aliases.getColumn(1).getInt64(), aliases.getColumn(2).getString()});
  }
  m_complete = true;
}

void Organisations::forget() {
  m_known.clear();
  m_complete = false;
}

void Organisations::note(const std::string& name, std::optional<Found> found) {
  if (m_known.size() >= k_remembered) forget();
  m_known.insert_or_assign(name, std::move(found));
}

std::optional<Organisations::Found> Organisations::find(std::string_view name) {
  if (m_remember) {
    if (auto it = m_known.find(std::string(name)); it != m_known.end()) return it->second;
    if (m_complete) return std::nullopt;
  }
  auto& q = m_c.prepared(
      "SELECT id, name FROM organisations WHERE name = ?1 UNION ALL "
      "SELECT o.id, o.name FROM organisation_aliases a JOIN organisations o "
      "ON o.id = a.organisation_id WHERE a.alias = ?1 LIMIT 1");
  q.bind(1, std::string(name));
  std::optional<Found> out;
  if (q.executeStep()) out = Found{q.getColumn(0).getInt64(), q.getColumn(1).getString()};
  q.reset();
  if (m_remember) note(std::string(name), out);
  return out;
}

std::int64_t Organisations::id_for(const std::string& name) {
  if (auto found = find(name)) return found->id;
  auto& q = m_c.prepared("INSERT INTO organisations (name, kind) VALUES (?, 'company')");
  q.bind(1, name);
  q.exec();
  const std::int64_t id = m_c.db().getLastInsertRowid();
  journal_insert(m_c, {"organisations", {{"id", id}}, std::nullopt, std::nullopt});
  if (m_remember) note(name, Found{id, name});
  return id;
}

void Organisations::put_aliases(const PartyAliases& p) {
  const std::int64_t id = id_for(p.name);
  const std::string canonical = find(p.name)->name;
  for (const auto& alias : p.aliases) {
    if (auto existing = find(alias); existing && existing->id != id) {
      throw RecordRefused(fmt::format("'{}' already names another organisation", alias));
    }
    // ON CONFLICT DO NOTHING: an alias already known keeps its organisation here too.
    auto& q = m_c.prepared(
        "INSERT INTO organisation_aliases (alias, organisation_id) VALUES (?, ?) "
        "ON CONFLICT (alias) DO NOTHING");
    q.bind(1, alias);
    q.bind(2, id);
    if (q.exec() > 0) {
      journal_insert(m_c, {"organisation_aliases", {{"alias", alias}}, std::nullopt, std::nullopt});
      if (m_remember) note(alias, Found{id, canonical});
    }
  }
}

std::vector<std::int64_t> Organisations::merge(std::string_view keep, std::string_view drop) {
  auto& db = m_c.db();
  flush_journal(m_c);  // before the organisation is deleted (journal_insert)
  forget();
  const auto kept = find(keep);
  const auto dropped = find(drop);
  if (!kept) throw Error(fmt::format("no organisation named '{}'", keep));
  if (!dropped) throw Error(fmt::format("no organisation named '{}'", drop));
  if (kept->id == dropped->id) {
    throw Error(fmt::format("'{}' and '{}' are already one organisation", keep, drop));
  }
  // Checked here, in the write transaction, as well as before asking: an agreement between
  // the two would list one party twice.
  {
    SQLite::Statement both(db,
                           "SELECT a.key FROM agreements a WHERE EXISTS (SELECT 1 FROM "
                           "agreement_parties p WHERE p.agreement_id = a.id AND "
                           "p.organisation_id = ?1) AND EXISTS (SELECT 1 FROM agreement_parties p "
                           "WHERE p.agreement_id = a.id AND p.organisation_id = ?2) ORDER BY a.id");
    both.bind(1, kept->id);
    both.bind(2, dropped->id);
    std::vector<std::string> keys;
    while (both.executeStep()) keys.push_back(both.getColumn(0).getString());
    if (!keys.empty()) {
      throw Error(fmt::format("'{}' and '{}' are both parties to {}: merged, the same party would "
                              "be listed twice",
                              kept->name, dropped->name, text::join(keys, ", ")));
    }
  }
  // Agreements keep the name they used: the dropped organisation's name when they used it.
  SQLite::Statement written(db,
                            "UPDATE agreement_parties SET name_as_written = ?2 WHERE "
                            "organisation_id = ?1 AND name_as_written IS NULL");
  written.bind(1, dropped->id);
  written.bind(2, dropped->name);
  written.exec();
  SQLite::Statement parties(
      db, "UPDATE agreement_parties SET organisation_id = ?2 WHERE organisation_id = ?1");
  parties.bind(1, dropped->id);
  parties.bind(2, kept->id);
  parties.exec();
  SQLite::Statement aliases(
      db, "UPDATE organisation_aliases SET organisation_id = ?2 WHERE organisation_id = ?1");
  aliases.bind(1, dropped->id);
  aliases.bind(2, kept->id);
  aliases.exec();
  SQLite::Statement del(db, "DELETE FROM organisations WHERE id = ?");
  del.bind(1, dropped->id);
  del.exec();
  SQLite::Statement alias(db,
                          "INSERT INTO organisation_aliases (alias, organisation_id) "
                          "VALUES (?, ?) ON CONFLICT (alias) DO NOTHING");
  alias.bind(1, dropped->name);
  alias.bind(2, kept->id);
  if (alias.exec() > 0) {
    journal_insert(m_c, {"organisation_aliases", {{"alias", dropped->name}}, std::nullopt,
                         std::nullopt});
  }
  forget();
  SQLite::Statement q(db,
                      "SELECT DISTINCT agreement_id FROM agreement_parties WHERE "
                      "organisation_id = ? ORDER BY agreement_id");
  q.bind(1, kept->id);
  std::vector<std::int64_t> ids;
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  return ids;
}

std::vector<Organisation> Organisations::list() {
  std::vector<Organisation> out;
  SQLite::Statement q(m_c.db(),
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

// One pass over the alias table (small beside the agreements) rather than one query per
// name: an export of 100,000 agreements names tens of thousands of organisations.
std::vector<PartyAliases> Organisations::learned_aliases(const std::vector<std::string>& names) {
  std::unordered_set<std::string_view> wanted(names.begin(), names.end());
  std::vector<PartyAliases> out;
  auto& q = m_c.prepared(
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

std::vector<PartyUse> Organisations::uses(std::int64_t organisation_id) {
  SQLite::Statement q(m_c.db(),
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
    std::string written = q.getColumn(3).isNull() ? std::string() : q.getColumn(3).getString();
    u.as_written = written == q.getColumn(4).getString() ? std::string() : written;
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace mtrack::sqlite
