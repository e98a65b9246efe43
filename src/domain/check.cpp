#include "mtrack/domain/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <set>

#include "mtrack/domain/admit.hpp"
#include "mtrack/domain/history.hpp"
#include "mtrack/domain/organisations.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

// Century-long instruments do not exist in this field; a later expiry is a typo ("2205").
constexpr int k_max_years_to_expiry = 100;

// Hands over the trees of some agreements of the set (by index, ascending), one at a time:
// `with_tree(index, item)` for each of them.
using TreeSource = std::function<void(const std::vector<std::size_t>& agreements,
                                      const std::function<void(std::size_t, const Node&)>& with_tree)>;

class Checker {
 public:
  // `trees`: where the places of problems in agreements given without a node are found once
  // every check has run (only the agreements with a problem are parsed into a tree again).
  Checker(const std::vector<CheckedAgreement>& set, const CheckOptions& options,
          TreeSource trees = {})
      : m_set(set), m_options(options), m_trees(std::move(trees)) {
    for (const auto& org : builtin_organisations()) {
      m_canonical[text::lower(org.name)] = org.name;
      for (const auto& alias : org.aliases) m_canonical[text::lower(alias)] = org.name;
    }
    for (const auto& [alias, name] : options.aliases) m_canonical[text::lower(alias)] = name;
    if (!options.stale.empty()) m_stale_before = date_before(options.today, options.stale);
  }

  std::vector<Diagnostic> run() {
    std::map<std::string, std::size_t> first_by_key;
    std::map<std::string, std::size_t> merged_into;  // a merged key: the agreement it names
    for (std::size_t i = 0; i < m_set.size(); ++i) {
      const auto& c = m_set[i];
      const Agreement& a = *c.agreement;
      money_checks(c);
      date_checks(c);
      stale_check(c);
      history_checks(c);
      look_alike_checks(c);
      if (a.key.empty()) continue;
      merged_keys_check(c, first_by_key, merged_into);
      for (const auto& k : a.merged_keys) merged_into.emplace(k, i);
      auto [it, inserted] = first_by_key.emplace(a.key, i);
      // The reader reports a key used twice in one file; here only keys across files.
      if (!inserted && m_set[it->second].file != c.file) {
        report(c, "key", {"key"},
               fmt::format("duplicate key '{}' (first at {})", a.key, where(m_set[it->second])));
      }
    }
    std::set<std::string> merged;  // keys of records merged into others still name them
    for (const auto& c : m_set)
      merged.insert(c.agreement->merged_keys.begin(), c.agreement->merged_keys.end());
    for (const auto& c : m_set) {
      for (std::size_t r = 0; r < c.agreement->related.size(); ++r) {
        const auto& key = c.agreement->related[r].key;
        if (!key.empty() && !first_by_key.count(key) && !merged.count(key)) {
          report(c, fmt::format("related[{}].key", r + 1), {"related", r, "key"},
                 fmt::format("related key '{}' names no agreement", key));
        }
      }
    }
    duplicate_checks();
    place_pending();
    sort_diagnostics(m_out);
    return std::move(m_out);
  }

 private:
  // A path to a node inside an agreement: a field, optionally an item index and a field.
  struct Path {
    std::string field;
    std::optional<std::size_t> index;
    std::string sub;
    Path(const char* f) : field(f) {}  // NOLINT: implicit for brevity
    Path(const char* f, std::size_t i, const char* s) : field(f), index(i), sub(s) {}
  };

  static const Node* find(const Node* node, const Path& path) {
    if (!node || !node->is_mapping()) return nullptr;
    const Node* n = node->get(path.field);
    if (!n || !path.index) return n;
    if (!n->is_sequence() || *path.index >= n->items.size()) return n;
    const Node* item = &n->items[*path.index];
    const Node* sub = path.sub.empty() ? nullptr : item->get(path.sub);
    return sub ? sub : item;
  }

  static std::string where(const CheckedAgreement& c) {
    if (c.line > 0) return fmt::format("{}:{}", c.file, c.line);
    return fmt::format("{} '{}'", c.file, c.agreement->key);
  }

  void report(const CheckedAgreement& c, const std::string& field, const Path& path,
              std::string message) {
    Diagnostic d{c.file, c.line, 0, field, std::move(message)};
    if (const Node* n = find(c.node, path)) {
      d.line = n->line;
      d.column = n->column;
    } else if (!c.node && c.line > 0 && m_trees) {
      m_pending.push_back({m_out.size(), static_cast<std::size_t>(&c - m_set.data()), path});
    } else if (c.line == 0 && !c.agreement->key.empty()) {
      d.field = fmt::format("{}: {}", c.agreement->key, field);
    }
    m_out.push_back(std::move(d));
  }

  // The merged keys of `c` against the agreements before it, as import stores them in order
  // (import's own rule, reconcile.hpp). Reported on the key's line, where import reports it.
  void merged_keys_check(const CheckedAgreement& c,
                         const std::map<std::string, std::size_t>& by_key,
                         const std::map<std::string, std::size_t>& merged_into) {
    const auto number = [](const std::map<std::string, std::size_t>& m,
                           const std::string& k) -> std::optional<std::int64_t> {
      const auto it = m.find(k);
      if (it == m.end()) return std::nullopt;
      return static_cast<std::int64_t>(it->second);
    };
    const KeyLookup lookup{[&](const std::string& k) { return number(by_key, k); },
                           [&](const std::string& k) { return number(merged_into, k); }};
    const auto problem =
        merged_keys_problem(lookup, *c.agreement, number(by_key, c.agreement->key),
                            [&](std::int64_t n) {
                              const auto& other = m_set[static_cast<std::size_t>(n)];
                              return fmt::format("'{}' ({})", other.agreement->key, where(other));
                            });
    if (problem) report(c, "merged_keys", "key", *problem);
  }

  void money_checks(const CheckedAgreement& c) {
    const Agreement& a = *c.agreement;
    if (a.value && a.ceiling && a.value->currency == a.ceiling->currency &&
        a.ceiling->minor < a.value->minor) {
      report(c, "ceiling", "ceiling",
             fmt::format("ceiling {} is below the value {}", a.ceiling->amount_string(),
                         a.value->amount_string()));
    }
  }

  void future(const CheckedAgreement& c, const PartialDate& d, const std::string& field,
              const Path& path) {
    if (d.empty() || m_options.today.empty()) return;
    if (d.first_day() > m_options.today.last_day()) {
      report(c, field, path, fmt::format("date {} is in the future", d.str()));
    }
  }

  void date_checks(const CheckedAgreement& c) {
    const Agreement& a = *c.agreement;
    future(c, a.announced, "announced", "announced");
    future(c, a.signed_on, "signed", "signed");
    for (std::size_t i = 0; i < a.sources.size(); ++i) {
      future(c, a.sources[i].published, fmt::format("sources[{}].published", i + 1),
             {"sources", i, "published"});
    }
    for (std::size_t i = 0; i < a.events.size(); ++i) {
      const auto& e = a.events[i];
      future(c, e.date, fmt::format("events[{}].date", i + 1), {"events", i, "date"});
      if (i > 0 && !e.date.empty() && !a.events[i - 1].date.empty() &&
          e.date.last_day() < a.events[i - 1].date.first_day()) {
        report(c, fmt::format("events[{}].date", i + 1), {"events", i, "date"},
               fmt::format("event dated {} comes after one dated {} (events go oldest first)",
                           e.date.str(), a.events[i - 1].date.str()));
      }
    }
    if (a.expires.empty()) return;
    for (const auto& [date, name] :
         {std::pair{&a.signed_on, "signed"}, {&a.announced, "announced"}}) {
      if (!date->empty() && a.expires.last_day() < date->first_day()) {
        report(c, "expires", "expires",
               fmt::format("expires {} before it was {} ({})", a.expires.str(), name, date->str()));
        return;
      }
    }
    const int base = !a.date().empty() ? a.date().year : m_options.today.year;
    if (base > 0 && a.expires.year > base + k_max_years_to_expiry) {
      report(c, "expires", "expires",
             fmt::format("expires {}, more than {} years on (a typo?)", a.expires.str(),
                         k_max_years_to_expiry));
    }
  }

  // The record's status and value are those of its latest event that states them.
  void history_checks(const CheckedAgreement& c) {
    const Agreement& a = *c.agreement;
    for (std::size_t i = a.events.size(); i-- > 0;) {
      const auto& st = a.events[i].status;
      if (!st) continue;
      if (*st != a.status) {
        report(c, "status", "status",
               fmt::format("status is '{}' but the latest event stating one (events[{}], {}) "
                           "says '{}'",
                           to_string(a.status), i + 1, a.events[i].date.str(), to_string(*st)));
      }
      break;
    }
    for (std::size_t i = a.events.size(); i-- > 0;) {
      const auto& v = a.events[i].value;
      if (!v) continue;
      if (!a.value || a.value->minor != v->minor || a.value->currency != v->currency) {
        report(c, "value", "value",
               fmt::format("value is {} but the latest event stating one (events[{}], {}) says "
                           "{} {}",
                           a.value ? a.value->currency + " " + a.value->amount_string() : "empty",
                           i + 1, a.events[i].date.str(), v->currency, v->amount_string()));
      }
      break;
    }
  }

  // Two different names that print alike ("EXIM" in Latin and "ЕХІМ" with Cyrillic letters):
  // the second is reported, with where the first was seen.
  void look_alike_checks(const CheckedAgreement& c) {
    if (m_skeletons.empty()) {
      const auto seed = [&](const std::string& name) {
        m_skeletons.emplace(name_skeleton(name), std::pair{name, std::string("the organisations")});
      };
      for (const auto& org : builtin_organisations()) {
        seed(org.name);
        for (const auto& alias : org.aliases) seed(alias);
      }
      for (const auto& [alias, name] : m_options.aliases) {
        seed(alias);
        seed(name);
      }
    }
    const auto& parties = c.agreement->parties;
    for (std::size_t i = 0; i < parties.size(); ++i) {
      const std::string& name = parties[i].name;
      auto [it, inserted] =
          m_skeletons.emplace(name_skeleton(name), std::pair{name, where(c)});
      if (inserted || it->second.first == name) continue;
      report(c, fmt::format("parties[{}].name", i + 1), {"parties", i, "name"},
             fmt::format("'{}' looks like '{}' ({}) but is spelt with other characters",
                         name, it->second.first, it->second.second));
    }
  }

  void stale_check(const CheckedAgreement& c) {
    const Agreement& a = *c.agreement;
    if (!m_stale_before || a.status == Status::completed || a.status == Status::terminated) return;
    const PartialDate last = last_activity(a);
    if (last.empty() || last.last_day() >= m_stale_before->first_day()) return;
    report(c, "events", "events",
           fmt::format("stale: no event since {} while {} (more than {} before {})", last.str(),
                       to_string(a.status), describe_term(m_options.stale), m_options.today.str()));
  }

  std::string canonical(const std::string& name) const {
    auto it = m_canonical.find(text::lower(name));
    return it == m_canonical.end() ? name : it->second;
  }

  // Probable duplicates (reconcile.hpp has the one definition), compared within buckets of
  // the same type and parties.
  void duplicate_checks() {
    const PartyResolver resolve = [this](const std::string& name) { return canonical(name); };
    std::map<std::string, std::vector<std::size_t>> buckets;
    for (std::size_t i = 0; i < m_set.size(); ++i) {
      const Agreement& a = *m_set[i].agreement;
      if (a.parties.empty()) continue;
      buckets[duplicate_bucket(a, resolve)].push_back(i);
    }
    for (const auto& [bucket, members] : buckets) {
      for (std::size_t j = 1; j < members.size(); ++j) {
        for (std::size_t i = 0; i < j; ++i) {
          const auto& first = m_set[members[i]];
          const auto& later = m_set[members[j]];
          if (first.agreement->key == later.agreement->key) continue;  // reported as a key
          const auto why = probable_duplicate(*first.agreement, *later.agreement, resolve);
          if (!why) continue;
          report(later, "key", "key",
                 fmt::format("probable duplicate of '{}' at {}: {} from another source (mark "
                             "it 'duplicate-of' if so)",
                             first.agreement->key, where(first), *why));
          break;
        }
      }
    }
  }

  // The places of the problems reported without a tree, from the trees of their agreements.
  void place_pending() {
    if (m_pending.empty()) return;
    std::stable_sort(m_pending.begin(), m_pending.end(),
                     [](const Pending& x, const Pending& y) { return x.agreement < y.agreement; });
    std::vector<std::size_t> wanted;
    for (const auto& p : m_pending) {
      if (wanted.empty() || wanted.back() != p.agreement) wanted.push_back(p.agreement);
    }
    auto next = m_pending.begin();
    m_trees(wanted, [&](std::size_t agreement, const Node& item) {
      while (next != m_pending.end() && next->agreement < agreement) ++next;
      for (; next != m_pending.end() && next->agreement == agreement; ++next) {
        if (const Node* n = find(&item, next->path)) {
          m_out[next->diagnostic].line = n->line;
          m_out[next->diagnostic].column = n->column;
        }
      }
    });
    m_pending.clear();
  }

  // A problem of m_out whose place waits for its agreement's tree.
  struct Pending {
    std::size_t diagnostic;
    std::size_t agreement;  // in m_set
    Path path;
  };

  const std::vector<CheckedAgreement>& m_set;
  const CheckOptions& m_options;
  TreeSource m_trees;
  std::vector<Pending> m_pending;
  std::map<std::string, std::string> m_canonical;  // lower-case name or alias → canonical
  std::vector<Diagnostic> m_out;
  std::map<std::string, std::pair<std::string, std::string>> m_skeletons;  // -> name, where
  std::optional<PartialDate> m_stale_before;  // activity before this day is stale
};

}  // namespace

std::vector<Diagnostic> check_agreements(const std::vector<CheckedAgreement>& set,
                                         const CheckOptions& options) {
  return Checker(set, options).run();
}

std::vector<Diagnostic> check_files(const std::vector<InputFile>& files,
                                    const CheckOptions& options) {
  std::vector<Diagnostic> out;
  std::vector<CheckedAgreement> set;
  // Aliases declared in any file (an `organisations:` section) hold for all of them.
  CheckOptions all = options;
  for (const auto& f : files) {
    for (const auto& org : f.decoded.organisations) {
      for (const auto& alias : org.aliases) all.aliases.emplace_back(alias, org.name);
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> origin;  // of set[i]: file, agreement in it
  for (std::size_t k = 0; k < files.size(); ++k) {
    const auto& f = files[k];
    out.insert(out.end(), f.decoded.diagnostics.begin(), f.decoded.diagnostics.end());
    for (std::size_t i = 0; i < f.decoded.agreements.size(); ++i) {
      set.push_back({&f.decoded.agreements[i], f.name, f.decoded.lines[i],
                     i < f.items.size() ? f.items[i] : nullptr});
      origin.emplace_back(k, i);
    }
  }
  // Files read without their tree (load_input_file) are read again, one agreement's tree at a
  // time, for the agreements with a problem: a whole file's tree takes many times its size.
  const TreeSource trees = [&](const std::vector<std::size_t>& wanted,
                               const std::function<void(std::size_t, const Node&)>& with_tree) {
    struct Enough {};
    for (std::size_t w = 0; w < wanted.size();) {
      const std::size_t file = origin[wanted[w]].first;
      std::size_t end = w;
      while (end < wanted.size() && origin[wanted[end]].first == file) ++end;
      std::size_t index = 0;
      InterchangeSink sink;
      sink.agreement = [&](Agreement&, const Node& item, bool) {
        if (w < end && origin[wanted[w]].second == index) with_tree(wanted[w++], item);
        ++index;
        if (w == end) throw Enough{};
      };
      sink.organisation = [](PartyAliases&, bool) {};
      sink.problem = [](Diagnostic&&) {};
      StringReader in(files[file].text);
      try {
        read_interchange(in, files[file].name, sink);
      } catch (const Enough&) {
      }
      w = end;
    }
  };
  auto semantic = Checker(set, all, trees).run();
  out.insert(out.end(), semantic.begin(), semantic.end());
  sort_diagnostics(out);
  return out;
}

PartialDate today_utc() {
  namespace ch = std::chrono;
  const ch::year_month_day today{ch::floor<ch::days>(ch::system_clock::now())};
  return PartialDate{static_cast<int>(today.year()),
                     static_cast<int>(static_cast<unsigned>(today.month())),
                     static_cast<int>(static_cast<unsigned>(today.day()))};
}

}  // namespace mtrack
