// Pass 5 of mtrack extract: one agreement per deal (see merge.hpp).

#include "extract/merge.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>

namespace mtrack::extract::detail {
namespace {

// A deal is looked for among this many recent agreements sharing a key with the draft, so
// merging stays linear in the number of drafts.
constexpr std::size_t k_window = 64;

std::vector<int> sorted_entities(const Draft& d) {
  std::vector<int> v = d.entities;
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

bool includes(const std::vector<int>& a, const std::vector<int>& b) {
  return std::includes(a.begin(), a.end(), b.begin(), b.end());
}

// Amounts of one deal: equal, one missing, or in different currencies (a conversion).
bool amounts_agree(const Agreement& a, const Agreement& b) {
  if (!a.value || !b.value) return true;
  if (a.value->currency != b.value->currency) return true;
  return a.value->minor == b.value->minor;
}

// What `from` says that `into` does not.
void absorb(Draft& into, const Draft& from, bool parties) {
  Agreement& a = into.agreement;
  const Agreement& b = from.agreement;
  if (parties && b.parties.size() > a.parties.size() &&
      includes(sorted_entities(from), sorted_entities(into))) {
    a.parties = b.parties;
    into.entities = from.entities;
  }
  if (!a.value && b.value && (!b.ceiling || !a.ceiling)) a.value = b.value;
  if (!a.ceiling && b.ceiling && a.value && b.ceiling->currency == a.value->currency &&
      b.ceiling->minor > a.value->minor)
    a.ceiling = b.ceiling;
  if (a.term.empty()) a.term = b.term;
  if (a.signed_on.empty()) a.signed_on = b.signed_on;
  if (!a.binding) a.binding = b.binding;
  if (!into.status_read && from.status_read) {
    a.status = b.status;
    into.status_read = true;
  }
  if (a.minerals.empty()) a.minerals = b.minerals;
  if ((into.generic && !from.generic && b.type != AgreementType::partnership) ||
      (a.type == AgreementType::partnership && b.type != AgreementType::partnership &&
       !from.generic)) {
    a.type = b.type;
    a.binding = b.binding ? b.binding : a.binding;
    into.generic = false;
  }
  for (const auto& e : b.evidence) {
    const bool seen = std::any_of(a.evidence.begin(), a.evidence.end(),
                                  [&](const Evidence& x) { return x.start == e.start; });
    if (!seen) a.evidence.push_back(e);
  }
  a.confidence = std::min(0.95, a.confidence.value_or(0.5) + 0.05);
  into.sentence = std::max(into.sentence, from.sentence);  // where the text last spoke of it
}

bool same_deal(const Draft& m, const std::vector<int>& mn, const Draft& d,
               const std::vector<int>& dn) {
  if (!amounts_agree(m.agreement, d.agreement)) return false;
  if (m.agreement.type == d.agreement.type)
    return includes(mn, dn) || includes(dn, mn);
  // A deal the text did not type, or only called a partnership, with the same parties as
  // one it did, nearby: one deal under a loose name.
  const bool loose = m.generic || d.generic || m.agreement.type == AgreementType::partnership ||
                     d.agreement.type == AgreementType::partnership;
  return loose && mn == dn;
}

// True when every party of `d` is a funder (an agency, a government or a lender): a deal
// stated before its company is named.
bool funder_only(const Draft& d, const EntityTable& et) {
  return !d.entities.empty() &&
         std::all_of(d.entities.begin(), d.entities.end(), [&](int e) {
           const Entity& x = et.entities[static_cast<std::size_t>(e)];
           return x.kind != EntityKind::company || x.lender;
         });
}

bool funded_type(AgreementType t) {
  return t == AgreementType::loan || t == AgreementType::grant || t == AgreementType::contract ||
         t == AgreementType::loi;
}

// "Past recipients include A, B and C": each listed company gets a deal of its own with the
// funder of the funded deal stated last (a few sentences back at most), of that deal's type;
// with no such deal the list says nothing.
void list_recipients(const Draft& d, const EntityTable& et, std::vector<Draft>& out,
                     std::vector<std::vector<int>>& names,
                     std::unordered_map<long long, std::vector<std::size_t>>& index) {
  const auto company = [&](int e) {
    const Entity& x = et.entities[static_cast<std::size_t>(e)];
    return x.kind == EntityKind::company && !x.lender;
  };
  std::size_t model = out.size();
  std::size_t funder = 0;  // index into the model's parties
  for (std::size_t k = out.size(); k-- > 0 && k + k_window >= out.size() && model == out.size();) {
    const Draft& m = out[k];
    if (d.sentence > m.sentence + 3 || !funded_type(m.agreement.type)) continue;
    for (std::size_t p = 0; p < m.entities.size(); ++p)
      if (!company(m.entities[p])) {
        model = k;
        funder = p;
        break;
      }
  }
  if (model == out.size()) return;
  const Draft m = out[model];
  // The role the model gives its company ("borrower", "recipient"), when it names one.
  std::optional<Party> other;
  for (std::size_t p = 0; p < m.entities.size(); ++p)
    if (company(m.entities[p])) other = m.agreement.parties[p];
  for (std::size_t p = 0; p < d.entities.size(); ++p) {
    const int e = d.entities[p];
    if (!company(e) || e == m.entities[funder]) continue;
    Draft one = d;
    one.listed = false;
    one.generic = false;
    one.agreement.type = m.agreement.type;
    Party own = d.agreement.parties[p];
    if (other) own.role = other->role;
    one.agreement.parties = {m.agreement.parties[funder], own};
    one.entities = {m.entities[funder], e};
    auto dn = sorted_entities(one);
    const bool known = std::any_of(out.begin(), out.end(), [&](const Draft& o) {
      return o.agreement.type == one.agreement.type && sorted_entities(o) == dn;
    });
    if (known) continue;
    out.push_back(std::move(one));
    for (const int x : dn) index[static_cast<long long>(x)].push_back(out.size() - 1);
    names.push_back(std::move(dn));
  }
}

// "Each company will get a $2m contract", "All the loans run for ten years": what the draft
// says goes to every deal of its type (any type when the text named none) that the text last
// stated together, a group of two or more, some sentences back at most.
void spread(const Draft& d, std::vector<Draft>& out) {
  constexpr std::size_t k_reach = 10;  // sentences
  std::size_t last = 0;
  bool found = false;
  const auto fits = [&](const Draft& m) {
    return !m.awaiting && (d.generic || m.agreement.type == d.agreement.type) &&
           m.sentence <= d.sentence && d.sentence <= m.sentence + k_reach;
  };
  for (std::size_t k = out.size(); k-- > 0 && k + k_window >= out.size();)
    if (fits(out[k]) && (!found || out[k].sentence > last)) {
      last = out[k].sentence;
      found = true;
    }
  if (!found) return;
  std::vector<std::size_t> group;
  for (std::size_t k = out.size(); k-- > 0 && k + k_window >= out.size();)
    if (fits(out[k]) && out[k].sentence == last) group.push_back(k);
  if (group.size() < 2) return;
  for (const std::size_t k : group) absorb(out[k], d, false);
}

}  // namespace

std::vector<Draft> merge_drafts(std::vector<Draft> drafts, const EntityTable& entities) {
  std::vector<Draft> out;
  std::vector<std::vector<int>> names;  // sorted entities of each agreement in `out`
  std::unordered_map<long long, std::vector<std::size_t>> index;  // entity -> agreements
  auto key = [](int entity) { return static_cast<long long>(entity); };
  std::vector<Draft> headlines;
  // Deals stated with their funder alone, as first stated, by index into `out`: each company
  // named later as a recipient gets one of its own ("contracts to A, B and C").
  std::unordered_map<std::size_t, Draft> funder_stated;
  for (auto& d : drafts) {
    if (d.headline) {
      headlines.push_back(std::move(d));
      continue;
    }
    if (d.listed) {
      list_recipients(d, entities, out, names, index);
      continue;
    }
    if (d.distributive) {
      spread(d, out);
      continue;
    }
    std::size_t joins = out.size();  // the funder's deal a recipient joins
    if (d.recipient) {
      for (std::size_t k = out.size(); k-- > 0 && k + k_window >= out.size();) {
        const Draft& m = out[k];
        if (d.sentence > m.sentence + (d.ordinal ? 8 : 3)) break;
        if (m.agreement.type == d.agreement.type &&
            (funder_stated.count(k) || funder_only(m, entities))) {
          joins = k;
          break;
        }
      }
    }
    if (d.recipient && joins < out.size()) {
      auto [it, first] = funder_stated.try_emplace(joins, out[joins]);
      // One deal per company for a plural deal noun, else one deal with all of them.
      const std::size_t groups = d.plural ? d.entities.size() : 1;
      for (std::size_t g = 0; g < groups; ++g) {
        Draft joined = it->second;
        joined.awaiting = false;
        for (std::size_t p = 0; p < d.entities.size(); ++p) {
          if (d.plural && p != g) continue;
          joined.agreement.parties.push_back(d.agreement.parties[p]);
          joined.entities.push_back(d.entities[p]);
        }
        for (const auto& e : d.agreement.evidence) joined.agreement.evidence.push_back(e);
        joined.sentence = d.sentence;
        const auto dn = sorted_entities(joined);
        // A company two frames of the sentence name joins the funder's deal once.
        if (!(first && g == 0) &&
            std::any_of(out.begin() + static_cast<std::ptrdiff_t>(joins), out.end(),
                        [&](const Draft& o) {
                          return o.agreement.type == joined.agreement.type &&
                                 sorted_entities(o) == dn;
                        }))
          continue;
        std::size_t slot = joins;
        if (first && g == 0) {
          out[joins] = std::move(joined);
          names[joins] = dn;
        } else {
          out.push_back(std::move(joined));
          names.push_back(dn);
          slot = out.size() - 1;
        }
        for (const int e : dn) index[key(e)].push_back(slot);
      }
      continue;
    }
    // "The loan will fund A's mine": a definite deal of companies that joins no funder's deal
    // is the deal of its type stated just before that shares a party with it.
    if (d.recipient) {
      const auto dn = sorted_entities(d);
      Draft* before = nullptr;
      for (std::size_t k = out.size(); k-- > 0 && k + k_window >= out.size() && !before;) {
        Draft& m = out[k];
        if (d.sentence > m.sentence + 3) break;
        const auto mn = sorted_entities(m);
        const bool shared = std::any_of(dn.begin(), dn.end(), [&](int e) {
          return std::binary_search(mn.begin(), mn.end(), e);
        });
        if (!m.awaiting && m.agreement.type == d.agreement.type && shared &&
            amounts_agree(m.agreement, d.agreement))
          before = &m;
      }
      if (before) {
        absorb(*before, d, false);
        continue;
      }
    }
    if (d.awaiting) {  // found by the recipients a later sentence names, or dropped
      out.push_back(std::move(d));
      names.emplace_back();
      continue;
    }
    if (!d.stands) continue;  // a company alone, with no funder: no deal
    if (d.anaphoric) {
      // The deal it fits that the text mentioned last, a few sentences back at most.
      Draft* best = nullptr;
      for (std::size_t k = out.size(); k-- > 0 && k + k_window >= out.size();) {
        Draft& m = out[k];
        const bool fits = d.generic || m.agreement.type == d.agreement.type;
        if (!fits || d.sentence > m.sentence + 3 || !amounts_agree(m.agreement, d.agreement))
          continue;
        if (!best || m.sentence > best->sentence) best = &m;
      }
      if (best) absorb(*best, d, false);
      continue;
    }
    const auto dn = sorted_entities(d);
    std::vector<std::size_t> cands;
    for (const int e : dn) {
      const auto it = index.find(key(e));
      if (it == index.end()) continue;
      const auto& list = it->second;
      const std::size_t from = list.size() > k_window ? list.size() - k_window : 0;
      cands.insert(cands.end(), list.begin() + static_cast<std::ptrdiff_t>(from), list.end());
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    bool merged = false;
    for (const std::size_t at : cands) {
      if (out[at].awaiting || !same_deal(out[at], names[at], d, dn)) continue;
      absorb(out[at], d, true);
      names[at] = sorted_entities(out[at]);
      for (const int e : names[at]) {
        auto& list = index[key(e)];
        if (list.empty() || list.back() != at) list.push_back(at);
      }
      merged = true;
      break;
    }
    if (merged) continue;
    out.push_back(std::move(d));
    names.push_back(dn);
    for (const int e : dn) index[key(e)].push_back(out.size() - 1);
  }
  // Funders' deals no sentence named a company of.
  for (std::size_t k = out.size(); k-- > 0;)
    if (out[k].awaiting) {
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(k));
      names.erase(names.begin() + static_cast<std::ptrdiff_t>(k));
    }
  // Headlines: a deal the body states is not stated again; only its amount, when the body
  // states that deal (its type, the same parties) without one ("X prepays $200m for Y's
  // copper" over "X signed the prepayment agreement last month").
  for (auto& h : headlines) {
    if (h.anaphoric) continue;
    const auto hn = sorted_entities(h);
    bool stated = false;
    for (std::size_t k = 0; k < out.size() && !stated; ++k) {
      for (const int e : hn)
        if (std::binary_search(names[k].begin(), names[k].end(), e) &&
            entities.entities[static_cast<std::size_t>(e)].kind == EntityKind::company)
          stated = true;
      if (includes(names[k], hn)) stated = true;
    }
    if (stated && h.agreement.value && hn.size() >= 2) {
      Draft* same = nullptr;
      int count = 0;
      for (std::size_t k = 0; k < out.size(); ++k)
        if (out[k].agreement.type == h.agreement.type && names[k] == hn) {
          same = &out[k];
          ++count;
        }
      if (count == 1 && !same->agreement.value && !same->agreement.ceiling) {
        same->agreement.value = h.agreement.value;
        for (const auto& e : h.agreement.evidence) same->agreement.evidence.push_back(e);  // its source
      }
    }
    if (stated || hn.size() < 2) continue;
    out.push_back(std::move(h));
    names.push_back(hn);
  }
  // A deal of no named type that the text calls non-binding (perhaps in a later sentence) is
  // a memorandum.
  for (auto& d : out)
    if (d.generic && d.agreement.binding == false &&
        d.agreement.type == AgreementType::partnership)
      d.agreement.type = AgreementType::mou;
  return out;
}

}  // namespace mtrack::extract::detail
