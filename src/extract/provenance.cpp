// Provenance of extracted fields: where in the article each value of a proposal was read.
// The extractor keeps the sentences that state an agreement as evidence (byte offsets into the
// input); this reads those sentences again with the extractor's own pattern finders and credits
// each field to the mention that gives its value, or to the rule that inferred it.

#include <algorithm>

#include "extract/document.hpp"
#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/organisations.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract {
namespace {

// One evidence sentence: its cleaned text and where that text starts in `clean`.
struct Quote {
  std::size_t begin = 0;  // offset in the cleaned text
  std::string_view text;
  std::string low;
};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The first whole-word, case-insensitive occurrence of `needle` in `low` (already lower case).
std::size_t find_word(std::string_view low, std::string_view needle) {
  const std::string n = text::lower(needle);
  if (n.empty()) return std::string_view::npos;
  for (std::size_t at = low.find(n); at != std::string_view::npos; at = low.find(n, at + 1)) {
    const bool left = at == 0 || !word_char(low[at - 1]);
    const bool right = at + n.size() >= low.size() || !word_char(low[at + n.size()]);
    if (left && right) return at;
  }
  return std::string_view::npos;
}

class Attributor {
 public:
  Attributor(std::string_view input, Agreement& a) : m_clean(clean(input)), m_a(a) {
    detail::join_wrapped_lines(m_clean.text);  // as the extractor read it
    for (const auto& e : a.evidence) {
      if (!e.start || !e.end) continue;
      const auto cleaned = [&](std::int64_t offset) {
        return m_clean.origin.lower_bound(
            static_cast<std::size_t>(std::max<std::int64_t>(offset, 0)));
      };
      const std::size_t b = std::min(cleaned(*e.start), m_clean.text.size());
      const std::size_t en = std::min(std::max(b, cleaned(*e.end)), m_clean.text.size());
      Quote q;
      q.begin = b;
      q.text = std::string_view(m_clean.text).substr(b, en - b);
      q.low = text::lower(q.text);
      m_quotes.push_back(std::move(q));
    }
  }

  void run(const PartialDate& published) {
    if (m_quotes.empty()) return;
    sentence("type", "trigger");
    note("title", "generated", false);
    if (m_a.status != Status::unknown) sentence("status", "status-cue");
    if (m_a.binding) sentence("binding", "binding-cue");
    for (const auto& p : m_a.parties) party(p.name);
    for (const auto& m : m_a.minerals) mineral(m);
    money("value", m_a.value);
    money("ceiling", m_a.ceiling);
    if (!m_a.term.empty()) term();
    if (!m_a.signed_on.empty()) signed_date(published);
  }

 private:
  // Credits `field` to [begin, end) of quote `q` (cleaned offsets) with `rule`.
  void add(const std::string& field, const std::string& rule, const Quote& q, std::size_t begin,
           std::size_t end) {
    Provenance p;
    p.field = field;
    p.rule = rule;
    p.start = m_clean.origin[q.begin + begin];
    p.end = m_clean.origin[q.begin + end];
    m_a.provenance.push_back(std::move(p));
  }

  // A field read from the sentence as a whole (its trigger or cue words).
  void sentence(const std::string& field, const std::string& rule) {
    add(field, rule, m_quotes.front(), 0, m_quotes.front().text.size());
  }

  // A field the extractor inferred rather than read from one place.
  void note(const std::string& field, const std::string& rule, bool quote) {
    if (quote) {
      sentence(field, rule);
      return;
    }
    Provenance p;
    p.field = field;
    p.rule = rule;
    m_a.provenance.push_back(std::move(p));
  }

  void party(const std::string& name) {
    const std::string field = "parties[" + name + "]";
    std::vector<std::string> names = {name};
    for (const auto& org : builtin_organisations()) {
      if (!text::iequals(org.name, name)) continue;
      names.insert(names.end(), org.aliases.begin(), org.aliases.end());
    }
    for (const auto& q : m_quotes) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        const auto at = find_word(q.low, names[i]);
        if (at == std::string_view::npos) continue;
        add(field, i == 0 ? "party-name" : "party-alias", q, at, at + names[i].size());
        return;
      }
    }
    // Named elsewhere and referred to here ("the company", an abbreviation it defined).
    sentence(field, "party-reference");
  }

  void mineral(const std::string& name) {
    const std::string field = "minerals[" + name + "]";
    std::vector<std::string> names = {name};
    if (const Mineral* m = MineralTable::builtin().find(name)) {
      if (!m->symbol.empty() && m->symbol.size() > 1) names.push_back(m->symbol);
      names.insert(names.end(), m->aliases.begin(), m->aliases.end());
      for (const auto& g : m->groups) names.push_back(g);  // "NdPr" names neodymium
    }
    for (const auto& q : m_quotes) {
      for (const auto& n : names) {
        const auto at = find_word(q.low, n);
        if (at == std::string_view::npos) continue;
        add(field, "mineral-name", q, at, at + n.size());
        return;
      }
    }
    // Not in the agreement's sentences: what the article ties to the parties' project.
    note(field, "article-minerals", false);
  }

  void money(const std::string& field, const std::optional<Money>& value) {
    if (!value) return;
    for (const auto& q : m_quotes) {
      for (const auto& m : find_money(q.text, value->currency)) {
        if (m.money.minor != value->minor || m.money.currency != value->currency) continue;
        add(field, m.up_to ? "money-up-to" : "money", q, m.span.begin, m.span.end);
        return;
      }
    }
    sentence(field, "money");
  }

  void term() {
    for (const auto& q : m_quotes) {
      for (const auto& t : find_terms(q.low)) {
        if (t.iso != m_a.term) continue;
        add("term", "term", q, t.span.begin, t.span.end);
        return;
      }
    }
    sentence("term", "term");
  }

  void signed_date(const PartialDate& published) {
    for (const auto& q : m_quotes) {
      for (const auto& d : find_dates(q.low, DateOrder::unknown, published.year)) {
        if (d.date != m_a.signed_on) continue;
        add("signed", "date", q, d.span.begin, d.span.end);
        return;
      }
    }
    // "said on Friday", "today": the article's own date.
    note("signed", m_a.signed_on == published ? "article-date" : "date",
         m_a.signed_on != published);
  }

  CleanText m_clean;
  Agreement& m_a;
  std::vector<Quote> m_quotes;
};

}  // namespace

void attribute_fields(std::string_view input, const PartialDate& published, Agreement& a) {
  Attributor(input, a).run(published);
}

}  // namespace mtrack::extract
