// Pass 2 of mtrack extract, second half: the mentions of every entity, sentence by sentence,
// with descriptions ("the automaker") and pronouns resolved to the most salient entity that
// fits (see entities.hpp).

#include <algorithm>
#include <array>

#include "extract/countries.hpp"
#include "extract/entities.hpp"
#include "extract/lexicon.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

std::string_view strip_possessive(std::string_view w) {
  if (w.ends_with("'s")) w.remove_suffix(2);
  if (w.ends_with("'")) w.remove_suffix(1);
  return w;
}

bool is_government_word(std::string_view w) {
  static constexpr std::array<std::string_view, 13> k = {
      "government", "governments", "administration", "president", "prime",
      "ministry",   "minister",    "authorities",    "officials", "commission",
      "council",    "cabinet",     "parliament"};
  static const WordClass k_set(k.begin(), k.end());
  return k_set.count(w) > 0;
}

// Words of money given: what comes "from" a country that is its government.
bool is_money_word(std::string_view w) {
  static constexpr std::array<std::string_view, 15> k = {
      "grant",   "grants",  "loan",      "loans",  "funding", "financing", "investment", "aid",
      "subsidy", "subsidies", "award",   "awards", "million", "billion",   "funds"};
  return in_list(k, w);
}

// The token after a time phrase that starts at `k` and stands between a subject and its verb
// ("Peru and Chile on Friday signed", "Japan last week agreed"); `k` when there is none (a
// bare preposition is none: "Chile on copper").
std::size_t past_time_phrase(const SentenceView& v, std::size_t k) {
  if (k < v.tokens.size() && v.tok_low(k) == "yesterday") return k + 1;
  std::size_t j = k;
  bool when = false;
  for (; j < v.tokens.size() && j < k + 4 && is_time_word(v.tok_low(j)); ++j) {
    const auto w = v.tok_low(j);
    when = when || (w != "on" && w != "in" && w != "last");
  }
  return when ? j : k;
}

// Words that can follow a country without making it an adjective ("with Uzbekistan that").
bool is_function_word(std::string_view w) {
  static constexpr std::array<std::string_view, 28> k = {
      "and", "or", "that", "which", "who", "to", "for", "in", "on", "at", "of", "with", "by",
      "as", "from", "into", "over", "under", "after", "before", "about", "since", "while",
      "but", "its", "their", "this", "these"};
  return in_list(k, w);
}

// Heads of descriptions that mean two organisations named together before.
bool is_pair_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 8> k = {"companies", "firms",    "groups", "parties",
                                                        "partners",  "pair",     "duo",    "sides"};
  return in_list(k, w);
}

bool is_body_noun(std::string_view w) {
  static constexpr std::array<std::string_view, 6> k = {"agency", "department", "bank",
                                                        "lender", "ministry",   "regulator"};
  return in_list(k, w);
}

bool is_generic_company_noun(std::string_view w) {
  return w == "company" || w == "firm" || w == "group" || w == "business" || w == "corporation";
}

// True when no mention covers token `k`.
bool free_of(const std::vector<Mention>& ms, std::size_t k) {
  for (const auto& m : ms)
    if (k >= m.first && k < m.last) return false;
  return true;
}

class MentionFinder {
 public:
  MentionFinder(const Document& doc, SentenceCache& sentences, NameTable& names, EntityTable& out)
      : m_doc(doc), m_sentences(sentences), m_names(names), m_out(out) {}

  void run() {
    m_out.entities = std::move(m_names.entities);  // the names table keeps only its index
    m_out.topic = m_names.topic;
    m_out.mentions.assign(m_doc.sentences.size(), {});
    m_out.subject.assign(m_doc.sentences.size(), -1);
    m_out.minerals.assign(m_doc.sentences.size(), {});
    for (auto& e : m_out.entities) e.count = 0;
    for (std::size_t si = 0; si < m_doc.sentences.size(); ++si) {
      if (m_doc.sentences[si].furniture) continue;
      const SentenceView& v = m_sentences.at(si);
      auto& ms = m_out.mentions[si];
      m_covered.assign(v.tokens.size(), false);
      m_chunk_country.clear();
      for (const auto& c : v.chunks) {
        const CountryReadings r = country_readings(strip_possessive(c.text));
        m_chunk_country.push_back({r.name, r.capital});
      }
      names(v, ms);
      bodies(v, ms);
      governments(v, ms);
      government_lists(v, ms);
      std::sort(ms.begin(), ms.end(),
                [](const Mention& a, const Mention& b) { return a.first < b.first; });
      descriptions(v, si, ms);
      std::sort(ms.begin(), ms.end(),
                [](const Mention& a, const Mention& b) { return a.first < b.first; });
      remember(v, si, ms);
      // What minerals a company's sentences name (for its deals whose own sentence names none).
      if (std::any_of(ms.begin(), ms.end(), [&](const Mention& m) {
            return m_out.entities[m.entity].kind == EntityKind::company;
          }))
        for (const auto& h : v.minerals())
          for (const auto& m : h.names())
            if (std::find(m_out.minerals[si].begin(), m_out.minerals[si].end(), m) ==
                m_out.minerals[si].end())
              m_out.minerals[si].push_back(m);
    }
  }

 private:
  Mention at(const SentenceView& v, std::size_t first, std::size_t last, int entity,
             MentionForm form = MentionForm::name) {
    Mention m;
    m.entity = static_cast<std::uint32_t>(entity);
    m.first = static_cast<std::uint16_t>(first);
    m.last = static_cast<std::uint16_t>(last);
    m.begin = static_cast<std::uint32_t>(v.tokens[first].begin);
    m.end = static_cast<std::uint32_t>(v.tokens[last - 1].end);
    m.form = form;
    for (std::size_t k = first; k < last; ++k) m_covered[k] = true;
    return m;
  }
  bool free(std::size_t first, std::size_t last) const {
    for (std::size_t k = first; k < last; ++k)
      if (m_covered[k]) return false;
    return true;
  }

  int body(int org) {
    for (std::size_t id = 0; id < m_out.entities.size(); ++id)
      if (m_out.entities[id].org == org) return static_cast<int>(id);
    const auto& info = Gazetteer::builtin().orgs()[static_cast<std::size_t>(org)];
    Entity e;
    e.name = info.name;
    e.org = org;
    e.kind = info.kind == "government" ? EntityKind::government : EntityKind::agency;
    e.lender = info.kind == "multilateral" || lender_name(info.name);
    if (e.kind == EntityKind::government) e.country = info.name;
    m_out.entities.push_back(std::move(e));
    return static_cast<int>(m_out.entities.size() - 1);
  }

  // The government of the country called `name` (a preloaded one when there is one); named
  // by the fullest form the text writes, `written`, when that is a name of the country.
  int government(std::string_view name, std::string_view written = {}) {
    const int org = Gazetteer::builtin().org_by_name(name);
    if (org >= 0) return body(org);
    if (written.starts_with("the ") || written.starts_with("The ")) written.remove_prefix(4);
    const bool longer = country_by_name(written) != nullptr && written.size() > name.size();
    for (std::size_t id = 0; id < m_out.entities.size(); ++id) {
      Entity& e = m_out.entities[id];
      if (e.kind != EntityKind::government || e.country != name) continue;
      if (longer && written.size() > e.name.size()) e.name = std::string(written);
      return static_cast<int>(id);
    }
    Entity e;
    e.name = std::string(longer ? written : name);
    e.kind = EntityKind::government;
    e.country = std::string(name);
    m_out.entities.push_back(std::move(e));
    return static_cast<int>(m_out.entities.size() - 1);
  }

  void names(const SentenceView& v, std::vector<Mention>& out);
  void hyphenated_pair(const SentenceView& v, std::size_t k, std::string_view name,
                       std::vector<Mention>& out);
  void bodies(const SentenceView& v, std::vector<Mention>& out);
  void governments(const SentenceView& v, std::vector<Mention>& out);
  void government_lists(const SentenceView& v, std::vector<Mention>& out);
  bool government_sense(const SentenceView& v, std::size_t first, std::size_t last) const;
  void descriptions(const SentenceView& v, std::size_t si, std::vector<Mention>& out);
  int resolve_company(std::size_t si, const std::vector<Mention>& before) const;
  int resolve_role(std::string_view role, std::string_view country, std::size_t si,
                   const std::vector<Mention>& before) const;
  void remember(const SentenceView& v, std::size_t si, const std::vector<Mention>& ms);

  const Document& m_doc;
  SentenceCache& m_sentences;
  NameTable& m_names;
  EntityTable& m_out;
  std::vector<bool> m_covered;
  // The current sentence's chunks as a country's name and as a capital (null when not).
  struct ChunkCountry {
    const Country* name;
    const Country* capital;
  };
  std::vector<ChunkCountry> m_chunk_country;
  // Salience: what the text has been talking about.
  int m_last_subject = -1;  // company that was last the subject of a sentence
  std::size_t m_last_subject_at = 0;
  std::vector<std::pair<int, std::size_t>> m_recent;  // entity, last sentence; newest last
  std::array<int, 2> m_pair{-1, -1};                  // two companies named together
  std::size_t m_pair_at = 0;
};

void MentionFinder::names(const SentenceView& v, std::vector<Mention>& out) {
  for (const auto& c : v.chunks) {
    // Part of a preloaded body's longer name: the body's.
    if (std::any_of(v.orgs.begin(), v.orgs.end(), [&](const OrgHit& h) {
          return h.first > c.first && h.first < c.last && h.last > c.last;
        }))
      continue;
    // The longest run of the chunk's first words that is a known name ("Acme Board" -> Acme).
    for (std::size_t last = c.last; last > c.first; --last) {
      std::string_view name =
          v.text.substr(v.tokens[c.first].begin, v.tokens[last - 1].end - v.tokens[c.first].begin);
      std::size_t first = c.first;
      if (name.starts_with("The ")) name.remove_prefix(4), ++first;
      name = strip_possessive(name);
      if (name.empty() || first >= last) break;
      if (const int org = inverted_department(name); org >= 0) {
        out.push_back(at(v, first, last, body(org)));
        break;
      }
      const int* id = m_names.by_name.find(name);
      if (!id) {
        if (last == first + 1) hyphenated_pair(v, first, name, out);
        continue;
      }
      if (m_names.persons.count(name)) break;
      out.push_back(at(v, first, last, *id));
      break;
    }
  }
}

// "the REalloys-MCM pact", "a US-Japan framework": one word naming two parties.
void MentionFinder::hyphenated_pair(const SentenceView& v, std::size_t k, std::string_view name,
                                    std::vector<Mention>& out) {
  const auto dash = name.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 >= name.size()) return;
  std::array<int, 2> parts{-1, -1};
  for (int side = 0; side < 2; ++side) {
    const std::string_view part = side == 0 ? name.substr(0, dash) : name.substr(dash + 1);
    if (const int* id = m_names.by_name.find(part))
      parts[static_cast<std::size_t>(side)] = *id;
    else if (const Country* c = country_by_name(part))
      parts[static_cast<std::size_t>(side)] = government(c->name);
  }
  if (parts[0] < 0 || parts[1] < 0 || parts[0] == parts[1]) return;
  out.push_back(at(v, k, k + 1, parts[0]));
  out.push_back(at(v, k, k + 1, parts[1]));
}

void MentionFinder::bodies(const SentenceView& v, std::vector<Mention>& out) {
  const Gazetteer& gaz = Gazetteer::builtin();
  const auto& orgs = gaz.orgs();
  for (const auto& h : v.orgs) {
    if (!free(h.first, h.last)) continue;
    const bool gov = orgs[static_cast<std::size_t>(h.org)].kind == "government";
    if (gov && !government_sense(v, h.first, h.last)) continue;
    out.push_back(at(v, h.first, h.last, body(h.org)));
  }
  // A body in the possessive ("the DOE's loan"), which the phrase table does not match.
  for (const auto& c : v.chunks) {
    if (!free(c.first, c.last) || !v.tok(c.last - 1).ends_with("'s")) continue;
    std::string_view name = strip_possessive(c.text);
    if (name.starts_with("The ")) name.remove_prefix(4);
    const int org = gaz.org_by_name(name);
    if (org < 0 || orgs[static_cast<std::size_t>(org)].kind == "government") continue;
    out.push_back(at(v, c.first, c.last, body(org)));
  }
}

// A country named in a sentence is its government when the sentence makes it one: a
// government word with it ("the Australian government", "US President"), a verb it is the
// subject of ("Japan signed"), a deal "between" or "with" it, or another government joined to
// it by "and". After a locative preposition it is a place ("a mine in Chile").
bool MentionFinder::government_sense(const SentenceView& v, std::size_t first,
                                     std::size_t last) const {
  const auto& t = v.tokens;
  const auto low = [&](std::size_t k) { return k < t.size() ? v.tok_low(k) : std::string_view(); };
  const std::string hit = text::lower(v.text.substr(t[first].begin, t[last - 1].end - t[first].begin));
  if (hit.find("government") != std::string::npos || hit.find("commonwealth") != std::string::npos ||
      hit.find("republic") != std::string::npos || hit.find("kingdom") != std::string::npos)
    return true;
  // "Japan's Organisation for ...", "China's CITIC": the country says whose the next name is.
  if (v.tok(last - 1).ends_with("'s") && last < t.size() && t[last].kind == TokenKind::word &&
      v.tok(last)[0] >= 'A' && v.tok(last)[0] <= 'Z')
    return false;
  // The word before, over "the" ("by the EU", "with the US").
  std::size_t before = first;
  if (before > 0 && low(before - 1) == "the") --before;
  const auto prev = before > 0 ? low(before - 1) : std::string_view();
  static constexpr std::array<std::string_view, 11> k_locative = {
      "in", "from", "to", "across", "of", "into", "near", "throughout", "within", "outside", "at"};
  // "the governments of Peru and Korea": governments all the same.
  const auto prev2 = first > 1 ? low(first - 2) : std::string_view();
  if (prev == "of" && (prev2 == "governments" || prev2 == "government")) return true;
  if (prev == "and" && first > 2) {
    const std::string_view before_list = low(first - 3);
    if ((low(first - 2) == "of" || before_list == "of") &&
        (low(first - 4) == "governments" || before_list == "governments"))
      return true;
  }
  static const WordClass k_locative_set(k_locative.begin(), k_locative.end());
  // Money "from" a country comes from its government: "a $5 million grant from Canada",
  // "funding from Japan" (unlike "lithium from Chile").
  // (Not "from U.S.-based X", "from Chile copper", where the country describes a name.)
  if (prev == "from" && before >= 2 && is_money_word(low(before - 2)) &&
      (last >= t.size() ||
       (t[last].kind == TokenKind::word ? is_function_word(low(last)) : !v.tok(last).starts_with("-"))))
    return true;
  if (k_locative_set.count(prev)) return false;
  const auto next = strip_possessive(low(last));
  if (is_government_word(next)) return true;
  // Before a common noun it is an adjective: "US carmakers", "Chile copper".
  if (last < t.size() && t[last].kind == TokenKind::word && !v.tok(last).empty() &&
      v.tok(last)[0] >= 'a' && v.tok(last)[0] <= 'z' && !is_function_word(next) &&
      !is_clause_verb(next))
    return false;
  // "the US and Australian governments": walk to the government word over a list.
  // A list of countries that is a clause's subject acts as governments: "Norway and Chile
  // signed ...", "Peru, Chile and Canada have agreed ...".
  bool listed = false;
  for (std::size_t k = last; k < t.size() && k < last + 6; ++k) {
    if (listed) k = past_time_phrase(v, k);
    const auto w = low(k);
    if (is_government_word(w)) return true;
    if (listed && is_clause_verb(w) && w != "is" && w != "was") return true;
    if (w != "and" && w != "," && !country_by_demonym(v.tok(k)) && !country_by_name(v.tok(k)))
      break;
    listed = listed || (country_by_name(v.tok(k)) && w != "and" && w != ",");
  }
  const auto verb = low(past_time_phrase(v, last));
  if (is_clause_verb(verb) && verb != "is" && verb != "was") return true;
  if (prev == "between" || prev == "with" || prev == "by") return true;
  if (next == "and" || prev == "and") {
    // Joined to another country that is a subject or follows "between".
    for (const auto& h : v.orgs) {
      if (h.first == last + 1 || (first >= 1 && h.last == first - 1)) {
        const auto& o = Gazetteer::builtin().orgs()[static_cast<std::size_t>(h.org)];
        if (o.kind != "government") continue;
        const std::size_t end = std::max(last, h.last);
        const std::size_t begin = std::min(first, h.first);
        if (is_clause_verb(low(past_time_phrase(v, end))) || (begin > 0 && low(begin - 1) == "between")) return true;
      }
    }
  }
  return false;
}

void MentionFinder::governments(const SentenceView& v, std::vector<Mention>& out) {
  const auto& t = v.tokens;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t[k].kind != TokenKind::word || v.text[t[k].begin] < 'A' || v.text[t[k].begin] > 'Z' ||
        !free(k, k + 1))
      continue;
    const auto w = v.tok(k);
    // A demonym before a government word, directly or over a list: "Japanese Government",
    // "the Korean and Australian governments".
    if (const Country* c = country_by_demonym(strip_possessive(w))) {
      for (std::size_t j = k + 1; j < t.size() && j < k + 6; ++j) {
        const auto wj = v.tok_low(j);
        if (is_government_word(wj)) {
          out.push_back(at(v, k, k + 1, government(c->name)));
          break;
        }
        if (wj != "and" && wj != "," && !country_by_demonym(v.tok(j)) && !country_by_name(v.tok(j)))
          break;
      }
      continue;
    }
  }
  // Countries the preloaded table lacks, and capitals standing for their government.
  for (std::size_t ci = 0; ci < v.chunks.size(); ++ci) {
    const auto& c = v.chunks[ci];
    if (!free(c.first, c.last)) continue;
    const std::string_view name = strip_possessive(c.text);
    const Country* country = m_chunk_country[ci].name;
    const auto next = c.last < t.size() ? v.tok_low(c.last) : std::string_view();
    const auto prev = c.first > 0 ? v.tok_low(c.first - 1) : std::string_view();
    // A capital acting: the subject of a verb, alone or with another ("Canberra and Tokyo
    // agreed"), or the other side of a deal ("with Beijing").
    auto acts = [&](std::size_t after) {
      after = past_time_phrase(v, after);
      const auto w = after < t.size() ? v.tok_low(after) : std::string_view();
      return is_clause_verb(w) && w != "is" && w != "was";
    };
    // A country joined to a named organisation as a clause's subject: "Rwanda and the
    // European Union signed ...".
    auto joined_subject = [&] {
      std::size_t j = c.last + 1;
      if (next != "and") return false;
      if (j < t.size() && v.tok_low(j) == "the") ++j;
      return std::any_of(out.begin(), out.end(),
                         [&](const Mention& m) { return m.first == j && acts(m.last); });
    };
    if (country && (government_sense(v, c.first, c.last) || joined_subject())) {
      out.push_back(at(v, c.first, c.last, government(country->name, name)));
      continue;
    }
    const Country* cap = m_chunk_country[ci].capital;
    bool paired = false;
    if (next == "and") {
      for (const auto& d : v.chunks)
        if (d.first == c.last + 1 && acts(d.last) &&
            (country_by_capital(d.text) || country_by_name(d.text)))
          paired = true;
      for (const auto& h : v.orgs)
        if (h.first == c.last + 1 && acts(h.last)) paired = true;
    }
    if (prev == "and" && c.first >= 2 && acts(c.last)) {
      for (const auto& d : v.chunks)
        if (d.last + 1 == c.first && (country_by_capital(d.text) || country_by_name(d.text)))
          paired = true;
      for (const auto& h : v.orgs)
        if (h.last + 1 == c.first) paired = true;
    }
    if (cap && (acts(c.last) || paired || prev == "between" || prev == "with")) {
      out.push_back(at(v, c.first, c.last, government(cap->name)));
      continue;
    }
    // A country's or a bloc's governing body by name: "EU Commission", "European
    // Commission", "Australian Government" written as one name.
    if (c.last - c.first == 2) {
      const std::string_view head = v.tok(c.last - 1);
      const std::string_view who = v.tok(c.first);
      const Country* owner = country_by_name(who) ? country_by_name(who) : country_by_demonym(who);
      if (owner && is_government_word(text::lower(head))) {
        out.push_back(at(v, c.first, c.last, government(owner->name)));
        continue;
      }
    }
    // A state's or province's own government: "the Quebec government", "Government of X".
    if (!country && !cap && !m_names.by_name.count(name) &&
        (next == "government" || next == "state" ||
         (c.first >= 2 && v.tok_low(c.first - 1) == "of" &&
          v.tok_low(c.first - 2) == "government")) &&
        c.last - c.first <= 3)
      out.push_back(at(v, c.first, c.last, government(name)));
  }
}

// Countries listed after a government ("with Canada, Ukraine and Chile") or after a word for
// states ("other states, including Canada, ..."), one after another.
void MentionFinder::government_lists(const SentenceView& v, std::vector<Mention>& out) {
  const auto& t = v.tokens;
  const Gazetteer& gaz = Gazetteer::builtin();
  // Country names of the sentence not yet mentions: chunks and preloaded governments.
  struct Candidate {
    std::size_t first, last;
    const Country* country;
  };
  std::vector<Candidate> cands;
  for (std::size_t ci = 0; ci < v.chunks.size(); ++ci) {
    const auto& c = v.chunks[ci];
    if (const Country* co = m_chunk_country[ci].name; co && free(c.first, c.last))
      cands.push_back({c.first, c.last, co});
  }
  for (const auto& h : v.orgs) {
    const auto& o = gaz.orgs()[static_cast<std::size_t>(h.org)];
    if (o.kind != "government" || !free(h.first, h.last)) continue;
    if (const Country* co = country_by_name(o.name)) cands.push_back({h.first, h.last, co});
  }
  if (cands.empty()) return;
  std::sort(cands.begin(), cands.end(),
            [](const Candidate& a, const Candidate& b) { return a.first < b.first; });
  auto is_government = [&](std::size_t k) {
    for (const auto& m : out)
      if (k >= m.first && k < m.last)
        return m_out.entities[m.entity].kind == EntityKind::government;
    return false;
  };
  for (const auto& cand : cands) {
    const std::size_t k = cand.first;
    if (k == 0 || !free(k, cand.last)) continue;
    std::size_t p = k - 1;
    if (v.tok_low(p) == "the" && p > 0) --p;  // ", the Democratic Republic of Congo"
    const auto prev = v.tok_low(p);
    bool listed = false;
    if ((prev == "," || prev == "and") && p >= 1) listed = is_government(p - 1);
    if (prev == "including" || prev == "as") {  // "states, including X", "countries such as X"
      for (std::size_t j = k - 1; j-- > 0 && j + 4 > k;) {
        const auto w = v.tok_low(j);
        if (w == "states" || w == "countries" || w == "nations" || w == "governments")
          listed = true;
      }
    }
    if (listed)
      out.push_back(at(v, k, cand.last,
                       government(cand.country->name,
                                  v.text.substr(t[k].begin, t[cand.last - 1].end - t[k].begin))));
  }
}

// "the company", "the Japanese trading house", "the two companies", "the agency", "it".
void MentionFinder::descriptions(const SentenceView& v, std::size_t si, std::vector<Mention>& out) {
  const auto& t = v.tokens;
  std::vector<Mention> found;
  std::vector<Mention> before_k;  // the mentions before token k, filled when asked for
  for (std::size_t k = 0; k < t.size(); ++k) {
    const auto w = v.tok_low(k);
    // (Each of these words has two to four letters and starts with 'b', 'i' or 't'.)
    if (w.size() < 2 || w.size() > 4 || (w[0] != 't' && w[0] != 'i' && w[0] != 'b')) continue;
    if (w != "it" && w != "they" && w != "the" && w != "both" && w != "this" && w != "that")
      continue;
    if (!free(k, k + 1)) continue;
    const auto before = [&]() -> const std::vector<Mention>& {
      before_k.clear();
      for (const auto& m : out)
        if (m.first < k) before_k.push_back(m);
      return before_k;
    };
    // Pronouns that are a clause's subject: "It signed ...", "..., and they agreed ...".
    if ((w == "it" || w == "they") && k + 1 < t.size() && v.clause_verb(k + 1) &&
        (k == 0 || v.tok(k - 1) == "," || v.tok_low(k - 1) == "and" || v.tok(k - 1) == ";" ||
         v.tok_low(k - 1) == "but" || v.tok(k - 1) == "\"" || v.tok_low(k - 1) == "that" ||
         v.tok_low(k - 1) == "said" || v.tok_low(k - 1) == "says")) {
      if (w == "they") {
        if (m_pair[0] >= 0 && si <= m_pair_at + 3)
          for (const int e : m_pair) found.push_back(at(v, k, k + 1, e, MentionForm::pronoun));
      } else if (const int e = resolve_company(si, before()); e >= 0) {
        found.push_back(at(v, k, k + 1, e, MentionForm::pronoun));
      }
      continue;
    }
    if (w != "the" && w != "both" && w != "this" && w != "that") continue;
    // Up to three modifiers, then the head noun.
    std::string country;
    std::size_t h = k + 1;
    for (; h < t.size() && h < k + 5; ++h) {
      const auto hw = strip_possessive(v.tok_low(h));
      if (is_role_noun(hw) || is_pair_noun(hw) || is_body_noun(hw) || hw == "government") break;
      if (t[h].kind != TokenKind::word) {
        h = t.size();
        break;
      }
      if (const Country* c = country_by_demonym(v.tok(h))) country = std::string(c->name);
    }
    if (h >= t.size() || h >= k + 5) continue;
    const auto head = strip_possessive(v.tok_low(h));
    // A head followed by a capitalised name is that name's title ("the miner Acme").
    if (h + 1 < t.size() && !free(h + 1, h + 2)) continue;
    // A capitalised head with "of" and a capitalised word after it is a name of its own ("the
    // Department of Commerce", "the Ministry of Mines"), not a description of an earlier body.
    const auto capital = [&](std::size_t j) { return v.tok(j)[0] >= 'A' && v.tok(j)[0] <= 'Z'; };
    if (capital(h) && v.tok_low(h + 1) == "of" && h + 2 < t.size() && capital(h + 2))
      continue;
    if (is_pair_noun(head)) {
      if (m_pair[0] >= 0 && si <= m_pair_at + 6)
        for (const int e : m_pair) found.push_back(at(v, k, h + 1, e, MentionForm::descriptor));
      continue;
    }
    int e = -1;
    if (head == "government") {
      if (!country.empty()) continue;  // "the Australian government": a demonym's
      for (auto it = m_recent.rbegin(); it != m_recent.rend() && e < 0; ++it)
        if (m_out.entities[static_cast<std::size_t>(it->first)].kind == EntityKind::government &&
            si <= it->second + 6)
          e = it->first;
    } else if (is_body_noun(head)) {
      const bool lends = head == "bank" || head == "lender";
      for (auto it = m_recent.rbegin(); it != m_recent.rend() && e < 0; ++it) {
        const auto& ent = m_out.entities[static_cast<std::size_t>(it->first)];
        if (ent.kind == EntityKind::agency && si <= it->second + 8 && (!lends || ent.lender))
          e = it->first;
      }
    } else if (is_generic_company_noun(head) && country.empty()) {
      e = resolve_company(si, before());
    } else {
      e = resolve_role(head, country, si, before());
    }
    if (e >= 0) found.push_back(at(v, k, h + 1, e, MentionForm::descriptor));
  }
  out.insert(out.end(), found.begin(), found.end());
}

// "the company": the company the current sentence is about, else the last company that was a
// sentence's subject (a few sentences back), else the one named last, else the article's.
int MentionFinder::resolve_company(std::size_t si, const std::vector<Mention>& before) const {
  for (const auto& m : before)
    if (m_out.entities[m.entity].kind == EntityKind::company) return static_cast<int>(m.entity);
  if (m_last_subject >= 0 && si <= m_last_subject_at + 3) return m_last_subject;
  for (auto it = m_recent.rbegin(); it != m_recent.rend(); ++it)
    if (m_out.entities[static_cast<std::size_t>(it->first)].kind == EntityKind::company &&
        si <= it->second + 2)
      return it->first;
  return m_out.topic;
}

// "the automaker", "the Japanese trading house": the company introduced with that role (and
// that demonym), most recent first; a role no company was given falls back to "the company".
int MentionFinder::resolve_role(std::string_view role, std::string_view country, std::size_t si,
                                const std::vector<Mention>& before) const {
  int by_role = -1;
  int by_country = -1;
  for (auto it = m_recent.rbegin(); it != m_recent.rend(); ++it) {
    const auto& e = m_out.entities[static_cast<std::size_t>(it->first)];
    if (e.kind != EntityKind::company) continue;
    const bool role_fits = std::find(e.roles.begin(), e.roles.end(), role) != e.roles.end();
    const bool country_fits = !country.empty() && e.country == country;
    if (role_fits && (country.empty() || country_fits)) return it->first;
    if (role_fits && by_role < 0) by_role = it->first;
    if (country_fits && by_country < 0) by_country = it->first;
  }
  if (by_role >= 0) return by_role;
  if (by_country >= 0) return by_country;
  return country.empty() ? resolve_company(si, before) : -1;
}

// After a sentence: its subject, what it named, and a pair of companies it joined by "and".
void MentionFinder::remember(const SentenceView& v, std::size_t si, const std::vector<Mention>& ms) {
  // The first verb outside parentheses, looked for only as far as the last name.
  const auto& t = v.tokens;
  std::size_t verb = t.size();
  const std::size_t until = ms.empty() ? 0 : ms.back().first;
  int depth = 0;
  for (std::size_t k = 0; k < until && k < t.size(); ++k) {
    const auto w = v.tok(k);
    if (w == "(") ++depth;
    if (w == ")" && depth > 0) --depth;
    if (depth == 0 && v.clause_verb(k) && free_of(ms, k)) {
      verb = k;
      break;
    }
  }
  // The first name before the verb that no preposition governs ("The deal shows trading
  // houses, from A to B, are ...": neither A nor B).
  static constexpr std::array<std::string_view, 12> k_preps = {
      "from", "to", "with", "by", "of", "in", "for", "on", "at", "between", "among", "as"};
  for (const auto& m : ms) {
    if (m.first >= verb) break;
    std::size_t p = m.first;
    if (p > 0 && (v.tok_low(p - 1) == "the" || v.tok_low(p - 1) == "a")) --p;
    if (p > 0 && in_list(k_preps, v.tok_low(p - 1))) continue;
    m_out.subject[si] = static_cast<int>(m.entity);
    break;
  }
  const bool headline = m_doc.sentences[si].headline;
  if (m_out.subject[si] >= 0 && !headline &&
      m_out.entities[static_cast<std::size_t>(m_out.subject[si])].kind == EntityKind::company) {
    m_last_subject = m_out.subject[si];
    m_last_subject_at = si;
  }
  for (const auto& m : ms) {
    const int e = static_cast<int>(m.entity);
    if (m.form == MentionForm::name) ++m_out.entities[m.entity].count;
    std::erase_if(m_recent, [&](const auto& r) { return r.first == e; });
    m_recent.emplace_back(e, si);
  }
  if (m_recent.size() > 24) m_recent.erase(m_recent.begin());
  for (std::size_t k = 0; k + 1 < ms.size(); ++k) {
    const auto& a = ms[k];
    const auto& b = ms[k + 1];
    if (a.entity == b.entity || m_out.entities[a.entity].kind != EntityKind::company ||
        m_out.entities[b.entity].kind != EntityKind::company)
      continue;
    if (b.first == a.last + 1 && v.tok_low(a.last) == "and") {
      m_pair = {static_cast<int>(a.entity), static_cast<int>(b.entity)};
      m_pair_at = si;
      break;
    }
  }
}

}  // namespace

EntityTable find_entities(const Document& doc, SentenceCache& sentences) {
  NameTable names = collect_names(doc, sentences);
  EntityTable out;
  MentionFinder(doc, sentences, names, out).run();
  // Parents named in appositions ("X, a unit of Y").
  for (const auto& [id, parent] : names.parents) {
    const int* found = names.by_name.find(parent);
    if (found && *found != id) out.entities[static_cast<std::size_t>(id)].parent = *found;
  }
  return out;
}

}  // namespace mtrack::extract::detail
