#include "storage/postgres/organisations.hpp"

#include <fmt/format.h>

#include <unordered_set>

#include "mtrack/domain/organisations.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::postgres {

void Organisations::remember(bool on) {
  m_remember = on;
  m_known.clear();
  m_complete = false;
  if (!on) return;
  // While every name and alias fits, all are loaded at once, so that a name not among them is
  // known to be new without a query.
  auto count = m_c.query(
      "SELECT (SELECT count(*) FROM organisations) + (SELECT count(*) FROM organisation_aliases)");
  if (count.int64(0, 0) >= static_cast<std::int64_t>(k_remembered)) return;
  auto names = m_c.query(
      "SELECT id, name, name FROM organisations UNION ALL SELECT o.id, o.name, a.alias FROM "
      "organisation_aliases a JOIN organisations o ON o.id = a.organisation_id");
  for (int i = 0; i < names.rows(); ++i) {
    m_known.emplace(names.text(i, 2), Found{names.int64(i, 0), names.text(i, 1)});
  }
  m_complete = true;
}

void Organisations::note(const std::string& name, std::optional<Found> found) {
  if (m_known.size() >= k_remembered) {
    m_known.clear();
    m_complete = false;
  }
  m_known.insert_or_assign(name, std::move(found));
}

std::optional<Organisations::Found> Organisations::find(std::string_view name) {
  if (m_remember) {
    if (auto it = m_known.find(std::string(name)); it != m_known.end()) return it->second;
    if (m_complete) return std::nullopt;
  }
  auto r = m_c.query(
      "SELECT id, name FROM organisations WHERE mtrack_nocase(name) = mtrack_nocase($1) UNION ALL "
      "SELECT o.id, o.name FROM organisation_aliases a JOIN organisations o ON o.id = "
      "a.organisation_id WHERE mtrack_nocase(a.alias) = mtrack_nocase($1) LIMIT 1",
      Params().add(name));
  std::optional<Found> out;
  if (r.rows() > 0) out = Found{r.int64(0, 0), r.text(0, 1)};
  if (m_remember) note(std::string(name), out);
  return out;
}

std::int64_t Organisations::id_for(const std::string& name) {
  if (auto found = find(name)) return found->id;
  auto r = m_c.query("INSERT INTO organisations (name, kind) VALUES ($1, 'company') RETURNING id",
                     Params().add(name));
  const std::int64_t id = r.int64(0, 0);
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
    auto r = m_c.query(
        "INSERT INTO organisation_aliases (alias, organisation_id) VALUES ($1, $2) ON CONFLICT "
        "(mtrack_nocase(alias)) DO NOTHING",
        Params().add(alias).add(id));
    if (r.affected() > 0 && m_remember) note(alias, Found{id, canonical});
  }
}

std::vector<std::int64_t> Organisations::merge(std::string_view keep, std::string_view drop) {
  m_known.clear();
  m_complete = false;
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
    auto both = m_c.query(
        "SELECT a.key FROM agreements a WHERE EXISTS (SELECT 1 FROM agreement_parties p WHERE "
        "p.agreement_id = a.id AND p.organisation_id = $1) AND EXISTS (SELECT 1 FROM "
        "agreement_parties p WHERE p.agreement_id = a.id AND p.organisation_id = $2) ORDER BY "
        "a.id",
        Params().add(kept->id).add(dropped->id));
    std::vector<std::string> keys;
    for (int i = 0; i < both.rows(); ++i) keys.push_back(both.text(i, 0));
    if (!keys.empty()) {
      throw Error(fmt::format(
          "'{}' and '{}' are both parties to {}: merged, the same party would be listed twice",
          kept->name, dropped->name, text::join(keys, ", ")));
    }
  }
  Params ids;
  ids.add(dropped->id).add(kept->id);
  // Agreements keep the name they used: the dropped organisation's name when they used it.
  m_c.query(
      "UPDATE agreement_parties SET name_as_written = $2 WHERE organisation_id = $1 AND "
      "name_as_written IS NULL",
      Params().add(dropped->id).add(dropped->name));
  m_c.query("UPDATE agreement_parties SET organisation_id = $2 WHERE organisation_id = $1", ids);
  m_c.query("UPDATE organisation_aliases SET organisation_id = $2 WHERE organisation_id = $1", ids);
  m_c.query("DELETE FROM organisations WHERE id = $1", Params().add(dropped->id));
  m_c.query(
      "INSERT INTO organisation_aliases (alias, organisation_id) VALUES ($1, $2) ON CONFLICT "
      "(mtrack_nocase(alias)) DO NOTHING",
      Params().add(dropped->name).add(kept->id));
  m_known.clear();
  m_complete = false;
  auto r = m_c.query(
      "SELECT DISTINCT agreement_id FROM agreement_parties WHERE organisation_id = $1 ORDER BY "
      "agreement_id",
      Params().add(kept->id));
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
  return out;
}

std::vector<Organisation> Organisations::list() {
  // Ordered as SQLite orders its NOCASE columns: ASCII letters folded, then bytes.
  auto r = m_c.query(
      "SELECT o.id, o.name, coalesce(o.country, ''), o.kind, (SELECT string_agg(alias, E'\\n' "
      "ORDER BY mtrack_nocase(alias) COLLATE \"C\") FROM organisation_aliases WHERE "
      "organisation_id = o.id), (SELECT count(DISTINCT agreement_id) FROM agreement_parties "
      "WHERE organisation_id = o.id) FROM organisations o ORDER BY mtrack_nocase(o.name) COLLATE "
      "\"C\"");
  std::vector<Organisation> out;
  for (int i = 0; i < r.rows(); ++i) {
    Organisation o;
    o.id = r.int64(i, 0);
    o.name = r.text(i, 1);
    o.country = r.text(i, 2);
    o.kind = r.text(i, 3);
    if (!r.null(i, 4)) o.aliases = text::split(r.view(i, 4), '\n');
    o.agreements = r.int64(i, 5);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<PartyAliases> Organisations::learned_aliases(const std::vector<std::string>& names) {
  std::unordered_set<std::string_view> wanted(names.begin(), names.end());
  std::vector<PartyAliases> out;
  auto r = m_c.query(
      "SELECT o.name, a.alias FROM organisation_aliases a JOIN organisations o ON o.id = "
      "a.organisation_id ORDER BY o.name COLLATE \"C\", mtrack_nocase(a.alias) COLLATE \"C\"");
  for (int i = 0; i < r.rows(); ++i) {
    const std::string_view name = r.view(i, 0);
    if (!wanted.count(name)) continue;
    std::string alias = r.text(i, 1);
    if (is_builtin_alias(alias)) continue;
    if (out.empty() || out.back().name != name) out.push_back({std::string(name), {}});
    out.back().aliases.push_back(std::move(alias));
  }
  return out;
}

std::vector<PartyUse> Organisations::uses(std::int64_t organisation_id) {
  auto r = m_c.query(
      "SELECT a.key, a.title, p.role, p.name_as_written, o.name FROM agreement_parties p JOIN "
      "agreements a ON a.id = p.agreement_id JOIN organisations o ON o.id = p.organisation_id "
      "WHERE p.organisation_id = $1 ORDER BY a.date_first, a.id, p.position",
      Params().add(organisation_id));
  std::vector<PartyUse> out;
  for (int i = 0; i < r.rows(); ++i) {
    PartyUse u;
    u.key = r.text(i, 0);
    u.title = r.text(i, 1);
    u.role = parse_role(r.view(i, 2)).value_or(Role::other);
    std::string written = r.opt_text(i, 3).value_or("");
    u.as_written = written == r.view(i, 4) ? std::string() : written;
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace mtrack::postgres
