#include "storage/shared.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "mtrack/domain/history.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"
#include "storage/sqlite/spill.hpp"

namespace mtrack {

namespace {

bool date_bounded(const Filter& f) { return !f.since.empty() || !f.until.empty(); }

void put_be(std::string& out, std::uint64_t v, int bytes, bool reverse) {
  if (reverse) v = ~v;
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

Filter state_independent(const Filter& f) {
  Filter out = f;
  out.as_of = {};
  out.statuses.clear();
  out.since = {};
  out.until = {};
  out.min_value.reset();
  out.max_value.reset();
  out.limit.reset();
  out.sort = SortKey::id;
  out.reverse = false;
  out.detail = Detail::full;  // a past state is computed from the whole history
  return out;
}

bool state_matches(const Filter& f, const Agreement& s) {
  if (!f.statuses.empty() &&
      std::find(f.statuses.begin(), f.statuses.end(), s.status) == f.statuses.end()) {
    return false;
  }
  const PartialDate& date = s.date();
  if (date_bounded(f) && date.empty()) return false;
  if (!f.since.empty() && date.last_day() < f.since.first_day()) return false;
  if (!f.until.empty() && date.first_day() > f.until.last_day()) return false;
  const auto within = [&](const std::optional<Money>& bound, bool minimum) {
    if (!bound) return true;
    if (!s.value || s.value->currency != bound->currency) return false;
    return minimum ? s.value->minor >= bound->minor : s.value->minor <= bound->minor;
  };
  return within(f.min_value, true) && within(f.max_value, false);
}

std::string order_key(const Filter& f, const Agreement& a) {
  std::string key;
  const bool r = f.reverse;
  const auto id = static_cast<std::uint64_t>(a.id.value_or(0));
  switch (f.sort) {
    case SortKey::value:
      key += a.value ? '\0' : '\1';
      if (a.value) {
        for (unsigned char c : a.value->currency) key += static_cast<char>(r ? ~c : c);
        key += static_cast<char>(r ? 0xff : 0);
        put_be(key, static_cast<std::uint64_t>(a.value->minor) ^ (std::uint64_t{1} << 63), 8, r);
      }
      break;
    case SortKey::id:
      break;
    case SortKey::date: {
      const PartialDate& d = a.date();
      key += d.empty() ? '\1' : '\0';
      if (!d.empty()) {
        put_be(key, static_cast<std::uint64_t>(d.first_day()), 4, r);
        put_be(key, static_cast<std::uint64_t>(d.last_day()), 4, r);
      }
      break;
    }
  }
  put_be(key, id, 8, r);
  return key;
}

std::string duplicate_signature(AgreementType type, std::vector<std::int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string out(to_string(type));
  out += ':';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

void check_keys_free(const KeyLookup& lookup, const Agreement& a, std::optional<std::int64_t> self,
                     bool key_checked) {
  if (!key_checked) check_key_free(lookup, a.key, self);
  const auto problem = merged_keys_problem(
      lookup, a, self, [](std::int64_t id) { return fmt::format("agreement {}", id); });
  if (problem) throw RecordRefused(*problem);
}

void check_key_free(const KeyLookup& lookup, const std::string& key,
                    std::optional<std::int64_t> self) {
  if (auto other = lookup.key(key); other && other != self) {
    throw RecordRefused(fmt::format("an agreement with key '{}' exists", key));
  }
  if (auto into = lookup.merged_key(key); into && into != self) {
    throw RecordRefused(fmt::format("key '{}' was merged into agreement {}", key, *into));
  }
}

namespace {

// A listing without sources or history (Detail::summary) drops them from the state too.
void trim_to_summary(Agreement& a) {
  a.stages.clear();
  a.sources.clear();
  a.evidence.clear();
  a.events.clear();
  a.related.clear();
  a.tags.clear();
  a.provenance.clear();
  a.merged_keys.clear();
}

}  // namespace

struct AsOfListing::Sorted {
  spill::Sorter sorter;
};

AsOfListing::AsOfListing(const Filter& filter)
    : m_filter(filter), m_sorted(std::make_unique<Sorted>()) {}

AsOfListing::~AsOfListing() = default;

void AsOfListing::add(const Agreement& a) {
  auto state = as_of(a, m_filter.as_of);
  if (!state || !state_matches(m_filter, *state)) return;
  if (m_filter.detail == Detail::summary) trim_to_summary(*state);
  m_bytes.clear();
  spill::encode(*state, m_bytes);
  m_sorted->sorter.add(order_key(m_filter, *state), m_bytes);
}

void AsOfListing::emit(const std::function<void(const Agreement&)>& sink) {
  std::int64_t left = m_filter.limit.value_or(-1);
  m_sorted->sorter.drain([&](std::string_view b) {
    if (left == 0) return;
    if (left > 0) --left;
    sink(spill::decode(b));
  });
}

Operation journal_operation(std::int64_t id, std::string at, std::string command,
                            std::int64_t changes, const std::string& keys) {
  Operation op;
  op.id = id;
  op.at = std::move(at);
  op.command = std::move(command);
  op.changes = changes;
  for (auto& k : text::split(keys, ' ')) {
    if (!k.empty()) op.keys.push_back(std::move(k));
  }
  return op;
}

Operation check_undoable(const std::vector<Operation>& newest, std::int64_t id) {
  if (newest.empty()) throw Error("nothing to undo: no operations recorded");
  if (newest.front().id != id) {
    throw Error(fmt::format(
        "operation {} is no longer the newest (operation {} came after it: {}); nothing undone",
        id, newest.front().id, newest.front().command));
  }
  return newest.front();
}

}  // namespace mtrack
