#include "mtrack/domain/minerals.hpp"

#include <fmt/format.h>
#include <algorithm>

#include "mtrack/util/embedded.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

// Lookup key: lower case, with '-', '_' and runs of spaces folded to one space.
std::string normalise(std::string_view s) {
  std::string out;
  for (char c : text::trim(s)) {
    if (c == '-' || c == '_' || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

const MineralTable& MineralTable::builtin() {
  static const MineralTable k_table = parse(embedded::file("minerals.tsv"));
  return k_table;
}

MineralTable MineralTable::parse(std::string_view tsv) {
  MineralTable table;
  for (const auto& row : text::tsv_rows(tsv, "minerals.tsv", 8)) {
    const auto& cells = row.cells;
    const auto fail = [&](const std::string& why) {
      throw Error(fmt::format("minerals.tsv:{}: {}", row.line, why));
    };
    Mineral m;
    m.name = cells[0];
    m.symbol = cells[1] == "-" ? "" : cells[1];
    const std::string& kind = cells[2];
    if (kind == "element")
      m.kind = MineralKind::element;
    else if (kind == "commodity")
      m.kind = MineralKind::commodity;
    else if (kind == "group")
      m.kind = MineralKind::group;
    else if (kind == "set")
      m.kind = MineralKind::set;
    else
      fail(fmt::format("unknown kind '{}'", kind));
    m.aliases = text::list_cell(cells[3]);
    m.groups = text::list_cell(cells[4]);
    m.usgs2025 = cells[5] == "yes";
    m.usgs2022 = cells[6] == "yes";
    m.eu2023 = cells[7];
    table.m_minerals.push_back(std::move(m));
  }
  for (std::size_t i = 0; i < table.m_minerals.size(); ++i) {
    const auto& m = table.m_minerals[i];
    table.m_index.emplace_back(normalise(m.name), i);
    if (!m.symbol.empty()) table.m_index.emplace_back(normalise(m.symbol), i);
    for (const auto& a : m.aliases) table.m_index.emplace_back(normalise(a), i);
  }
  std::sort(table.m_index.begin(), table.m_index.end());
  for (std::size_t i = 1; i < table.m_index.size(); ++i) {
    if (table.m_index[i].first == table.m_index[i - 1].first &&
        table.m_index[i].second != table.m_index[i - 1].second) {
      throw Error(fmt::format("minerals.tsv: '{}' names both '{}' and '{}'", table.m_index[i].first,
                              table.m_minerals[table.m_index[i - 1].second].name,
                              table.m_minerals[table.m_index[i].second].name));
    }
  }
  for (const auto& m : table.m_minerals) {
    for (const auto& g : m.groups) {
      const Mineral* group = table.find(g);
      if (!group || (group->kind != MineralKind::group && group->kind != MineralKind::set)) {
        throw Error(fmt::format("minerals.tsv: '{}' is in unknown group '{}'", m.name, g));
      }
    }
  }
  return table;
}

const Mineral* MineralTable::find(std::string_view text) const {
  const std::string key = normalise(text);
  auto it =
      std::lower_bound(m_index.begin(), m_index.end(), key,
                       [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (it == m_index.end() || it->first != key) return nullptr;
  return &m_minerals[it->second];
}

std::vector<const Mineral*> MineralTable::members(const Mineral& group) const {
  std::vector<const Mineral*> out;
  for (const auto& m : m_minerals) {
    if (std::find(m.groups.begin(), m.groups.end(), group.name) != m.groups.end()) {
      out.push_back(&m);
    }
  }
  return out;
}

std::vector<std::string> MineralTable::expand(std::string_view text) const {
  const Mineral* m = find(text);
  if (!m) return {};
  std::vector<std::string> out;
  if (m->kind != MineralKind::set) out.push_back(m->name);
  if (m->kind == MineralKind::group || m->kind == MineralKind::set) {
    for (const auto* member : members(*m)) out.push_back(member->name);
  }
  return out;
}

std::vector<std::string> MineralTable::canonical(std::string_view text) const {
  const Mineral* m = find(text);
  if (!m) return {};
  if (m->kind != MineralKind::set) return {m->name};
  std::vector<std::string> out;
  for (const auto* member : members(*m)) out.push_back(member->name);
  return out;
}

namespace {

std::string unknown(const MineralTable& table, std::string_view text) {
  return fmt::format("unknown mineral '{}'{}", text, text::did_you_mean(table.suggest(text)));
}

}  // namespace

Result<std::vector<std::string>> MineralTable::resolve(std::string_view text, Use use) const {
  auto names = use == Use::filter ? expand(text) : canonical(text);
  if (names.empty()) return Result<std::vector<std::string>>::failure(unknown(*this, text));
  return names;
}

Result<const Mineral*> MineralTable::lookup(std::string_view text) const {
  if (const Mineral* m = find(text)) return m;
  return Result<const Mineral*>::failure(unknown(*this, text));
}

std::vector<std::string> MineralTable::suggest(std::string_view text, std::size_t n) const {
  std::vector<std::string> names;
  for (const auto& m : m_minerals) names.push_back(m.name);
  auto out = text::closest(text, names, n);
  if (out.size() < n) {
    // Aliases resolve too: suggest the mineral an alias belongs to.
    std::vector<std::string> aliases;
    std::vector<std::string> owners;
    for (const auto& m : m_minerals) {
      for (const auto& a : m.aliases) {
        aliases.push_back(a);
        owners.push_back(m.name);
      }
    }
    for (const auto& a : text::closest(text, aliases, n)) {
      const auto pos = std::find(aliases.begin(), aliases.end(), a) - aliases.begin();
      const auto& owner = owners[static_cast<std::size_t>(pos)];
      if (out.size() < n && std::find(out.begin(), out.end(), owner) == out.end()) {
        out.push_back(owner);
      }
    }
  }
  return out;
}

}  // namespace mtrack
