#include "mtrack/domain/reconcile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <set>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

std::set<std::string> source_identities(const Agreement& a) {
  std::set<std::string> out;
  for (const auto& s : a.sources) out.insert(source_identity(s));
  return out;
}

bool names_key(const Agreement& a, const std::string& key) {
  if (key.empty()) return false;
  if (a.key == key) return true;
  return std::find(a.merged_keys.begin(), a.merged_keys.end(), key) != a.merged_keys.end();
}

// Whether either record links to the other: a related entry naming it, or a merged key.
bool linked(const Agreement& a, const Agreement& b) {
  const auto links = [](const Agreement& x, const Agreement& y) {
    if (std::any_of(x.related.begin(), x.related.end(),
                    [&](const Related& r) { return names_key(y, r.key); })) {
      return true;
    }
    return std::any_of(x.merged_keys.begin(), x.merged_keys.end(),
                       [&](const std::string& k) { return k == y.key; });
  };
  return links(a, b) || links(b, a);
}

bool dates_overlap(const PartialDate& a, const PartialDate& b) {
  if (a.empty() || b.empty()) return false;
  return a.first_day() <= b.last_day() && b.first_day() <= a.last_day();
}

bool same_money(const std::optional<Money>& a, const std::optional<Money>& b) {
  return a && b && a->minor == b->minor && a->currency == b->currency;
}

// The labels of the sources that state `field` in `a`: from its provenance, else all of its
// sources.
std::string stated_by(const Agreement& a, const std::string& field) {
  std::vector<std::string> labels;
  for (const auto* p : provenance_of(a, field)) {
    if (p->claim.empty() && !p->source.empty() &&
        std::find(labels.begin(), labels.end(), p->source) == labels.end()) {
      labels.push_back(p->source);
    }
  }
  if (labels.empty()) {
    for (const auto& s : a.sources) labels.push_back(source_label(s));
  }
  return text::join(labels, ", ");
}

// Every field of `a` that has a value gets provenance: fields without any entry are credited
// to each of the record's sources with `rule`.
std::vector<Provenance> explicit_provenance(const Agreement& a, const std::string& rule) {
  std::vector<Provenance> out = a.provenance;
  for (const auto& f : field_values(a)) {
    if (!provenance_of(a, f.field).empty()) continue;
    for (const auto& s : a.sources) {
      Provenance p;
      p.field = f.field;
      p.source = source_label(s);
      p.rule = rule;
      out.push_back(std::move(p));
    }
  }
  return out;
}

template <class T>
void append_unique(std::vector<T>& to, const T& item) {
  if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
}

class Merger {
 public:
  Merger(const Agreement& into, const Agreement& other, std::vector<Conflict>& conflicts,
         const std::string& other_rule)
      : m_into(into),
        m_other(other),
        m_conflicts(conflicts),
        m_other_provenance(explicit_provenance(other, other_rule)) {
    m_out = into;
    m_out.provenance = explicit_provenance(into, other_rule);
  }

  Agreement run() {
    if (m_into.type == m_other.type) {
      adopt("type");
    } else {
      conflict("type", std::string(to_string(m_into.type)), std::string(to_string(m_other.type)));
    }
    if (m_out.title.empty() && !m_other.title.empty()) {
      m_out.title = m_other.title;
      adopt("title");
    } else if (m_out.title == m_other.title) {
      adopt("title");
    }
    scalar(
        "status", m_into.status == m_other.status, m_other.status == Status::unknown,
        [&] { m_out.status = m_other.status; }, std::string(to_string(m_into.status)),
        std::string(to_string(m_other.status)), m_into.status == Status::unknown);
    scalar(
        "binding", m_into.binding == m_other.binding, !m_other.binding,
        [&] { m_out.binding = m_other.binding; }, binding_text(m_into.binding),
        binding_text(m_other.binding), !m_into.binding);
    parties();
    minerals();
    scalar(
        "value", same_money(m_into.value, m_other.value), !m_other.value,
        [&] { m_out.value = m_other.value; }, money_text(m_into.value), money_text(m_other.value),
        !m_into.value);
    scalar(
        "ceiling", same_money(m_into.ceiling, m_other.ceiling), !m_other.ceiling,
        [&] { m_out.ceiling = m_other.ceiling; }, money_text(m_into.ceiling),
        money_text(m_other.ceiling), !m_into.ceiling);
    scalar(
        "term", m_into.term == m_other.term, m_other.term.empty(),
        [&] { m_out.term = m_other.term; }, m_into.term, m_other.term, m_into.term.empty());
    date("announced", m_into.announced, m_other.announced, m_out.announced);
    date("signed", m_into.signed_on, m_other.signed_on, m_out.signed_on);
    date("expires", m_into.expires, m_other.expires, m_out.expires);
    location();
    if (!m_other.stages.empty()) {
      for (auto s : m_other.stages) append_unique(m_out.stages, s);
      adopt("stage");
    }
    if (m_out.notes.empty() && !m_other.notes.empty()) {
      m_out.notes = m_other.notes;
      adopt("notes");
    }
    for (const auto& t : m_other.tags) append_unique(m_out.tags, t);
    std::set<std::string> known = source_identities(m_out);
    for (const auto& s : m_other.sources) {
      if (known.insert(source_identity(s)).second) m_out.sources.push_back(s);
    }
    for (const auto& e : m_other.evidence) append_unique(m_out.evidence, e);
    events();
    for (const auto& r : m_other.related) {
      if (names_key(m_into, r.key) || names_key(m_other, r.key)) continue;
      append_unique(m_out.related, r);
    }
    std::erase_if(m_out.related, [&](const Related& r) { return names_key(m_other, r.key); });
    for (const auto& k : m_other.merged_keys) {
      if (k != m_into.key) append_unique(m_out.merged_keys, k);
    }
    if (!m_other.key.empty() && m_other.key != m_into.key)
      append_unique(m_out.merged_keys, m_other.key);
    // Conflicts the other record had recorded stay recorded.
    for (const auto& p : m_other.provenance) {
      if (!p.claim.empty()) append_unique(m_out.provenance, p);
    }
    return std::move(m_out);
  }

 private:
  // Credits `field` to the other record's sources too (it states the same, or fills a gap).
  void adopt(const std::string& field) {
    for (const auto& p : m_other_provenance) {
      if (p.field != field || !p.claim.empty()) continue;
      append_unique(m_out.provenance, p);
    }
  }

  // The other record states `claim` for `field` where the kept record states something else.
  void conflict(const std::string& field, const std::string& kept, const std::string& claim) {
    bool recorded = false;
    bool any = false;
    for (auto p : m_other_provenance) {
      if (p.field != field) continue;
      if (p.claim.empty()) p.claim = claim;
      any = true;
      const bool known =
          std::find(m_out.provenance.begin(), m_out.provenance.end(), p) != m_out.provenance.end();
      recorded = recorded || known;
      if (!known) m_out.provenance.push_back(std::move(p));
    }
    if (!any) {
      Provenance p;
      p.field = field;
      p.claim = claim;
      const bool known =
          std::find(m_out.provenance.begin(), m_out.provenance.end(), p) != m_out.provenance.end();
      recorded = known;
      if (!known) m_out.provenance.push_back(std::move(p));
    }
    if (recorded) return;  // reported when it was first found
    m_conflicts.push_back(
        {m_into.key, field, kept, stated_by(m_into, field), claim, stated_by(m_other, field)});
  }

  // One scalar fact: equal → both credited; the other empty → nothing; the kept one empty →
  // taken from the other; else a conflict.
  template <class Take>
  void scalar(const std::string& field, bool equal, bool other_empty, Take take,
              const std::string& kept, const std::string& claim, bool into_empty = false) {
    if (equal) {
      adopt(field);
    } else if (other_empty) {
      return;
    } else if (into_empty) {
      take();
      adopt(field);
    } else {
      conflict(field, kept, claim);
    }
  }

  // Dates: a more precise date inside the kept one refines it; disjoint dates conflict.
  void date(const std::string& field, const PartialDate& kept, const PartialDate& other,
            PartialDate& out) {
    if (other.empty()) return;
    if (kept.empty() || kept == other) {
      out = other;
      adopt(field);
      return;
    }
    const bool other_inside =
        other.first_day() >= kept.first_day() && other.last_day() <= kept.last_day();
    const bool kept_inside =
        kept.first_day() >= other.first_day() && kept.last_day() <= other.last_day();
    if (other_inside) {
      out = other;
      adopt(field);
    } else if (kept_inside) {
      adopt(field);
    } else {
      conflict(field, kept.str(), other.str());
    }
  }

  void location() {
    const Location& o = m_other.location;
    if (o.empty()) return;
    Location& l = m_out.location;
    if (!l.country.empty() && !o.country.empty() && l.country != o.country) {
      conflict("location", location_text(m_into.location), location_text(o));
      return;
    }
    for (auto [mine, theirs] :
         {std::pair{&l.site, &o.site}, {&l.region, &o.region}, {&l.country, &o.country}}) {
      if (mine->empty()) *mine = *theirs;
    }
    adopt("location");
  }

  void parties() {
    for (const auto& p : m_other.parties) {
      const bool present =
          std::any_of(m_out.parties.begin(), m_out.parties.end(),
                      [&](const Party& q) { return text::iequals(q.name, p.name); });
      if (!present) m_out.parties.push_back(p);
      adopt(party_field(p.name));
    }
  }

  void minerals() {
    for (const auto& m : m_other.minerals) {
      append_unique(m_out.minerals, m);
      adopt(mineral_field(m));
    }
  }

  void events() {
    for (const auto& e : m_other.events) append_unique(m_out.events, e);
    if (m_out.events.size() == m_into.events.size()) return;
    std::stable_sort(m_out.events.begin(), m_out.events.end(), [](const Event& a, const Event& b) {
      const int da = a.date.empty() ? INT_MAX : a.date.first_day();
      const int db = b.date.empty() ? INT_MAX : b.date.first_day();
      return da < db;
    });
  }

  const Agreement& m_into;
  const Agreement& m_other;
  std::vector<Conflict>& m_conflicts;
  std::vector<Provenance> m_other_provenance;
  Agreement m_out;
};

}  // namespace

std::string duplicate_bucket(const Agreement& a, const PartyResolver& resolve) {
  std::vector<std::string> names;
  for (const auto& p : a.parties) names.push_back(text::lower(resolve(p.name)));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return fmt::format("{}\n{}", to_string(a.type), text::join(names, "\n"));
}

std::optional<std::string> probable_duplicate(const Agreement& a, const Agreement& b,
                                              const PartyResolver& resolve) {
  if (a.type != b.type || a.parties.empty() || b.parties.empty()) return std::nullopt;
  if (!a.key.empty() && a.key == b.key) return std::nullopt;
  if (duplicate_bucket(a, resolve) != duplicate_bucket(b, resolve)) return std::nullopt;
  if (linked(a, b)) return std::nullopt;
  // One source listing two similar deals is usually two deals.
  if (source_identities(a) == source_identities(b)) return std::nullopt;
  if (same_money(a.value, b.value)) return "same parties, type and value";
  if (dates_overlap(a.date(), b.date())) return "same parties and type, overlapping dates";
  return std::nullopt;
}

std::string Conflict::str() const {
  const auto from = [](const std::string& s) { return s.empty() ? std::string() : " (" + s + ")"; };
  return fmt::format("{}: {}: {}{} conflicts with {}{}; kept the first", key, field, kept,
                     from(kept_from), other, from(other_from));
}

Agreement merge_agreements(const Agreement& into, const Agreement& other,
                           std::vector<Conflict>& conflicts, const std::string& other_rule) {
  return Merger(into, other, conflicts, other_rule).run();
}

void note_manual_changes(const Agreement& before, Agreement& after, const std::string& source) {
  std::vector<std::string> changed;
  std::set<std::string> present;
  const auto old_values = field_values(before);
  for (const auto& f : field_values(after)) {
    present.insert(f.field);
    const bool same = std::any_of(old_values.begin(), old_values.end(), [&](const FieldValue& o) {
      return o.field == f.field && o.value == f.value;
    });
    if (!same) changed.push_back(f.field);
  }
  // What a changed field had no longer applies, nor what a field now empty had.
  std::erase_if(after.provenance, [&](const Provenance& p) {
    return !present.count(p.field) ||
           std::find(changed.begin(), changed.end(), p.field) != changed.end();
  });
  for (const auto& field : changed) {
    Provenance p;
    p.field = field;
    p.source = source;
    p.rule = "manual";
    after.provenance.push_back(std::move(p));
  }
}

// ---- Reconciler ---------------------------------------------------------------------------

Reconciler::Reconciler(WriteSession& session, OnDuplicate mode)
    : m_session(session), m_mode(mode), m_boundary(session.last_id()) {}

void Reconciler::begin_batch() { m_boundary = m_session.last_id(); }

PutOutcome Reconciler::put(const Agreement& in) { return put(Agreement(in)); }

PutOutcome Reconciler::put(Agreement&& in) {
  const Agreement a = m_session.normalise(std::move(in));
  PutOutcome outcome;
  if (auto stored = m_session.find_key(a.key)) {
    outcome.key = stored->key;
    const std::set<std::string> have = source_identities(*stored);
    const std::set<std::string> given = source_identities(a);
    const bool whole_record =
        stored->key == a.key && std::includes(given.begin(), given.end(), have.begin(), have.end());
    // The record as a whole (an export, an edit of one) replaces the stored one, upserted by
    // key as ever; a record from another source is merged into it.
    Agreement merged;
    if (!whole_record) {
      merged = merge_agreements(*stored, a, outcome.conflicts, "import");
      merged.id.reset();
    }
    const Agreement& next = whole_record ? a : merged;
    stored->id.reset();
    if (*stored == next) {
      outcome.kind = PutOutcome::Kind::unchanged;
      return outcome;
    }
    m_session.put(next);
    outcome.kind = whole_record ? PutOutcome::Kind::updated : PutOutcome::Kind::merged;
    return outcome;
  }
  if (m_mode != OnDuplicate::insert) {
    const PartyResolver same = [](const std::string& name) { return name; };
    for (const auto& c : m_session.candidates(a, m_boundary)) {
      auto why = probable_duplicate(c, a, same);
      if (!why) continue;
      outcome.key = c.key;
      if (m_mode == OnDuplicate::refuse) {
        outcome.kind = PutOutcome::Kind::duplicate;
        outcome.reason = *why;
        return outcome;
      }
      Agreement merged = merge_agreements(c, a, outcome.conflicts, "import");
      merged.id.reset();
      m_session.put(merged);
      outcome.kind = PutOutcome::Kind::merged;
      return outcome;
    }
  }
  m_session.put(a);
  outcome.key = a.key;
  outcome.kind = PutOutcome::Kind::added;
  return outcome;
}

}  // namespace mtrack
