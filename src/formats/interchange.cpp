#include "mtrack/formats/interchange.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <thread>
#include <unordered_map>

#include "mtrack/domain/admit.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"
#include "util/handover.hpp"

namespace mtrack {

namespace {

// ---- decoding ---------------------------------------------------------------------------

const std::vector<std::string> k_agreement_fields = {
    "schema_version", "id",         "key",   "type",    "title",     "status",    "binding",
    "parties",        "minerals",   "value", "ceiling", "term",      "announced", "signed",
    "expires",        "location",   "stage", "sources", "evidence",  "events",    "related",
    "merged_keys",    "provenance", "tags",  "notes",   "confidence"};

// A `schema_version` (of a document, or of each record in JSON Lines): a whole number no
// newer than this mtrack reads.
void check_schema_version(const Node& v, const std::string& file, const std::string& field,
                          std::vector<Diagnostic>& out) {
  if (!v.is_scalar() || v.scalar.empty() ||
      v.scalar.find_first_not_of("0123456789") != std::string::npos) {
    out.push_back({file, v.line, v.column, field, "expected a whole number"});
  } else if (std::stoll(v.scalar.substr(0, 9)) > k_interchange_version) {
    out.push_back({file, v.line, v.column, field,
                   fmt::format("version {} is newer than this mtrack reads ({})", v.scalar,
                               k_interchange_version)});
  }
}

class Decoder {
 public:
  Decoder(const std::string& file, const MineralTable& minerals, std::vector<Diagnostic>& out)
      : m_file(file), m_minerals(minerals), m_out(out) {}

  Agreement agreement(const Node& n) {
    Agreement a;
    if (!n.is_mapping()) {
      problem(n, "", "an agreement must be a mapping of fields");
      return a;
    }
    check_fields(n, k_agreement_fields, "");
    bool have_type = false;
    for (const auto& [key, v] : n.members) {
      if (key == "id" || key == "confidence") {
        continue;  // assigned by the database / set by extract: not input
      } else if (key == "schema_version") {
        check_schema_version(v, m_file, key, m_out);
      } else if (key == "key") {
        a.key = string(v, key);
        if (!a.key.empty() && a.key != text::slug(a.key)) {
          problem(
              v, key,
              fmt::format("'{}' is not a lower-case slug (try '{}')", a.key, text::slug(a.key)));
        }
      } else if (key == "type") {
        have_type = true;
        a.type = enumeration(v, key, parse_agreement_type, agreement_type_names())
                     .value_or(AgreementType::other);
      } else if (key == "title") {
        a.title = string(v, key);
      } else if (key == "status") {
        if (!v.is_null()) {
          a.status = enumeration(v, key, parse_status, status_names()).value_or(Status::unknown);
        }
      } else if (key == "binding") {
        a.binding = boolean(v, key);
      } else if (key == "parties") {
        a.parties = parties(v);
      } else if (key == "minerals") {
        a.minerals = minerals(v);
      } else if (key == "value") {
        a.value = money(v, key);
      } else if (key == "ceiling") {
        a.ceiling = money(v, key);
      } else if (key == "term") {
        const std::string s = string(v, key);
        if (!s.empty()) {
          auto t = parse_term(s);
          if (t)
            a.term = t.value();
          else
            problem(v, key, t.error());
        }
      } else if (key == "announced") {
        a.announced = date(v, key);
      } else if (key == "signed") {
        a.signed_on = date(v, key);
      } else if (key == "expires") {
        a.expires = date(v, key);
      } else if (key == "location") {
        a.location = location(v);
      } else if (key == "stage") {
        for (const auto& [item, path] : sequence(v, key)) {
          if (auto s = enumeration(*item, path, parse_stage, stage_names())) a.stages.push_back(*s);
        }
      } else if (key == "sources") {
        a.sources = sources(v);
      } else if (key == "evidence") {
        a.evidence = evidence(v);
      } else if (key == "events") {
        a.events = events(v);
      } else if (key == "related") {
        a.related = related(v);
      } else if (key == "merged_keys") {
        for (const auto& [item, path] : sequence(v, key)) {
          std::string k = string(*item, path);
          if (k.empty() || k != text::slug(k)) {
            problem(*item, path, fmt::format("'{}' is not a lower-case slug key", k));
            continue;
          }
          a.merged_keys.push_back(std::move(k));
        }
      } else if (key == "provenance") {
        a.provenance = provenance(v);
      } else if (key == "tags") {
        for (const auto& [item, path] : sequence(v, key)) {
          std::string t = string(*item, path);
          if (!t.empty()) a.tags.push_back(std::move(t));
        }
      } else if (key == "notes") {
        a.notes = string(v, key);
      }
    }
    if (!have_type) problem(n, "type", "missing required field 'type'");
    if (n.get("parties") == nullptr || a.parties.empty()) {
      problem(n, "parties", "missing required field 'parties' (at least one party)");
    }
    // The rules every way in shares (names cleaned, limits); what the fields above did not
    // already report is reported at the record.
    for (auto& p : admit(a)) problem(n, p.field, std::move(p.message));
    return a;
  }

 private:
  void problem(const Node& at, std::string_view field, std::string message) {
    m_out.push_back(Diagnostic{m_file, at.line, at.column, std::string(field), std::move(message)});
  }

  void check_fields(const Node& n, const std::vector<std::string>& known, std::string_view path) {
    for (std::size_t i = 0; i < n.members.size(); ++i) {
      const auto& key = n.members[i].first;
      const auto [line, column] = n.key_marks[i];
      // The path is built only for a problem: most fields have none.
      const auto field = [&] { return path.empty() ? key : fmt::format("{}.{}", path, key); };
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        m_out.push_back(Diagnostic{m_file, line, column, field(),
                                   fmt::format("unknown field '{}'{}", key,
                                               text::did_you_mean(text::closest(key, known, 1)))});
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (n.members[j].first == key) {
          m_out.push_back(Diagnostic{
              m_file, line, column, field(),
              fmt::format("duplicate field '{}' (first on line {})", key, n.key_marks[j].first)});
        }
      }
    }
  }

  std::string string(const Node& v, std::string_view field) {
    if (v.is_null()) return {};
    if (!v.is_scalar()) {
      problem(v, field, "expected a string");
      return {};
    }
    if (!text::valid_utf8(v.scalar)) {
      problem(v, field, "text is not valid UTF-8");
      return {};
    }
    return v.scalar;
  }

  std::optional<bool> boolean(const Node& v, std::string_view field) {
    if (v.is_null()) return std::nullopt;
    if (v.is_scalar() && !v.quoted) {
      const std::string l = text::lower(v.scalar);
      if (l == "true" || l == "yes") return true;
      if (l == "false" || l == "no") return false;
    }
    problem(v, field, fmt::format("expected true, false or null, not '{}'", v.scalar));
    return std::nullopt;
  }

  template <class Parse>
  auto enumeration(const Node& v, std::string_view field, Parse parse,
                   const std::vector<std::string_view>& names) -> decltype(parse("")) {
    const std::string s = string(v, field);
    if (auto e = parse(s)) return e;
    const std::vector<std::string> candidates(names.begin(), names.end());
    problem(v, field,
            fmt::format("unknown {} '{}'{}{}", field.substr(field.rfind('.') + 1), s,
                        text::did_you_mean(text::closest(s, candidates, 2)),
                        fmt::format(" (one of: {})", text::join(candidates, ", "))));
    return std::nullopt;
  }

  // The items of a sequence with their field paths ("parties[2]"); a single scalar counts as
  // a one-item sequence.
  std::vector<std::pair<const Node*, std::string>> sequence(const Node& v, std::string_view field) {
    std::vector<std::pair<const Node*, std::string>> out;
    if (v.is_null()) return out;
    if (v.is_scalar()) {
      out.emplace_back(&v, std::string(field));
      return out;
    }
    if (!v.is_sequence()) {
      problem(v, field, "expected a list");
      return out;
    }
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      std::string path(field);  // "parties[2]", without fmt's parsing for every item
      path += '[';
      path += std::to_string(i + 1);
      path += ']';
      out.emplace_back(&v.items[i], std::move(path));
    }
    return out;
  }

  PartialDate date(const Node& v, std::string_view field) {
    const std::string s = string(v, field);
    if (s.empty()) return {};
    auto d = parse_partial_date(s);
    if (!d) {
      problem(v, field, d.error());
      return {};
    }
    return d.value();
  }

  std::optional<Money> money(const Node& v, std::string_view field) {
    if (v.is_null()) return std::nullopt;
    if (v.is_scalar()) {
      auto m = parse_money(v.scalar);
      if (!m) {
        problem(v, field, m.error());
        return std::nullopt;
      }
      return m.value();
    }
    if (!v.is_mapping()) {
      problem(v, field, "expected {amount, currency}");
      return std::nullopt;
    }
    const std::string path(field);
    check_fields(v, {"amount", "currency", "approximate", "as_written"}, path);
    Money m;
    bool ok = true;
    const Node* amount = v.get("amount");
    const Node* currency = v.get("currency");
    if (!amount || !amount->is_scalar()) {
      problem(amount ? *amount : v, path + ".amount", "missing amount");
      ok = false;
    } else if (auto a = parse_amount(amount->scalar)) {
      m.minor = a.value();
      if (m.minor < 0) {
        problem(*amount, path + ".amount", "amount must not be negative");
        ok = false;
      }
    } else {
      problem(*amount, path + ".amount", a.error());
      ok = false;
    }
    if (!currency || !currency->is_scalar()) {
      problem(currency ? *currency : v, path + ".currency", "missing currency");
      ok = false;
    } else if (!is_currency_code(currency->scalar)) {
      problem(*currency, path + ".currency",
              fmt::format("unknown currency '{}' (use an ISO 4217 code such as USD, AUD, EUR)",
                          currency->scalar));
      ok = false;
    } else {
      m.currency = currency->scalar;
    }
    if (const Node* approx = v.get("approximate")) {
      m.approximate = boolean(*approx, path + ".approximate").value_or(false);
    }
    if (const Node* written = v.get("as_written")) m.as_written = string(*written, path);
    if (!ok) return std::nullopt;
    return m;
  }

  std::vector<Party> parties(const Node& v) {
    std::vector<Party> out;
    for (const auto& [item, path] : sequence(v, "parties")) {
      Party p;
      if (item->is_scalar()) {
        p.name = string(*item, path);
      } else if (item->is_mapping()) {
        check_fields(*item, {"name", "role", "as_written"}, path);
        if (const Node* name = item->get("name")) p.name = string(*name, path + ".name");
        if (const Node* w = item->get("as_written")) {
          p.as_written = std::string(text::trim(string(*w, path + ".as_written")));
        }
        if (const Node* role = item->get("role"); role && !role->is_null()) {
          p.role =
              enumeration(*role, path + ".role", parse_role, role_names()).value_or(Role::other);
        }
      } else {
        problem(*item, path, "expected {name, role}");
        continue;
      }
      p.name = std::string(text::trim(p.name));
      if (p.name.empty()) {
        problem(*item, path + ".name", "a party needs a name");
        continue;
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  std::vector<std::string> minerals(const Node& v) {
    std::vector<std::string> out;
    for (const auto& [item, path] : sequence(v, "minerals")) {
      const std::string name = string(*item, path);
      const auto names = m_minerals.resolve(name, MineralTable::Use::store);
      if (!names) {
        problem(*item, "minerals", names.error());
        continue;
      }
      for (const auto& n : names.value()) {
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
      }
    }
    return out;
  }

  Location location(const Node& v) {
    Location l;
    if (v.is_null()) return l;
    if (!v.is_mapping()) {
      problem(v, "location", "expected {site, region, country}");
      return l;
    }
    check_fields(v, {"site", "region", "country"}, "location");
    if (const Node* n = v.get("site")) l.site = string(*n, "location.site");
    if (const Node* n = v.get("region")) l.region = string(*n, "location.region");
    if (const Node* n = v.get("country")) {
      l.country = string(*n, "location.country");
      if (!l.country.empty()) {
        if (auto cc = parse_country(l.country)) {
          l.country = cc.value();
        } else {
          problem(*n, "location.country", cc.error());
          l.country.clear();
        }
      }
    }
    return l;
  }

  std::vector<Source> sources(const Node& v) {
    std::vector<Source> out;
    for (const auto& [item, path] : sequence(v, "sources")) {
      if (!item->is_mapping()) {
        problem(*item, path, "expected {title, publisher, url, published}");
        continue;
      }
      check_fields(*item, {"title", "publisher", "url", "published", "sha256"}, path);
      Source s;
      if (const Node* n = item->get("title")) s.title = string(*n, path + ".title");
      if (const Node* n = item->get("publisher")) s.publisher = string(*n, path + ".publisher");
      if (const Node* n = item->get("url")) s.url = string(*n, path + ".url");
      if (const Node* n = item->get("published")) s.published = date(*n, path + ".published");
      if (const Node* n = item->get("sha256")) s.sha256 = string(*n, path + ".sha256");
      out.push_back(std::move(s));
    }
    return out;
  }

  std::optional<std::int64_t> offset(const Node& v, const std::string& field) {
    if (v.is_null()) return std::nullopt;
    const std::string s = string(v, field);
    std::int64_t out = 0;
    for (char c : s) {
      if (c < '0' || c > '9' || out > (std::int64_t{1} << 50)) {
        problem(v, field, fmt::format("'{}' is not a byte offset", s));
        return std::nullopt;
      }
      out = out * 10 + (c - '0');
    }
    if (s.empty()) return std::nullopt;
    return out;
  }

  std::vector<Evidence> evidence(const Node& v) {
    std::vector<Evidence> out;
    for (const auto& [item, path] : sequence(v, "evidence")) {
      Evidence e;
      if (item->is_scalar()) {
        e.text = string(*item, path);
      } else if (item->is_mapping()) {
        check_fields(*item, {"text", "source", "start", "end"}, path);
        if (const Node* n = item->get("text")) e.text = string(*n, path + ".text");
        if (const Node* n = item->get("source")) e.source = string(*n, path + ".source");
        if (const Node* n = item->get("start")) e.start = offset(*n, path + ".start");
        if (const Node* n = item->get("end")) e.end = offset(*n, path + ".end");
        if (e.start && e.end && *e.end < *e.start) {
          problem(*item, path + ".end", "end comes before start");
        }
      } else {
        problem(*item, path, "expected {text, source, start, end}");
        continue;
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  std::vector<Event> events(const Node& v) {
    std::vector<Event> out;
    for (const auto& [item, path] : sequence(v, "events")) {
      if (!item->is_mapping()) {
        problem(*item, path, "expected {date, status, note, source, value, ceiling}");
        continue;
      }
      check_fields(*item, {"date", "status", "note", "source", "value", "ceiling"}, path);
      Event e;
      if (const Node* n = item->get("date")) e.date = date(*n, path + ".date");
      if (const Node* n = item->get("status"); n && !n->is_null()) {
        e.status = enumeration(*n, path + ".status", parse_status, status_names());
      }
      if (const Node* n = item->get("note")) e.note = string(*n, path + ".note");
      if (const Node* n = item->get("source")) e.source = string(*n, path + ".source");
      if (const Node* n = item->get("value")) e.value = money(*n, path + ".value");
      if (const Node* n = item->get("ceiling")) e.ceiling = money(*n, path + ".ceiling");
      out.push_back(std::move(e));
    }
    return out;
  }

  std::vector<Provenance> provenance(const Node& v) {
    std::vector<Provenance> out;
    for (const auto& [item, path] : sequence(v, "provenance")) {
      if (!item->is_mapping()) {
        problem(*item, path, "expected {field, source, rule, start, end, claim}");
        continue;
      }
      check_fields(*item, {"field", "source", "rule", "start", "end", "claim"}, path);
      Provenance p;
      if (const Node* n = item->get("field")) p.field = string(*n, path + ".field");
      if (p.field.empty()) {
        problem(*item, path + ".field", "a provenance entry needs the field it is for");
        continue;
      }
      if (const Node* n = item->get("source")) p.source = string(*n, path + ".source");
      if (const Node* n = item->get("rule")) p.rule = string(*n, path + ".rule");
      if (const Node* n = item->get("start")) p.start = offset(*n, path + ".start");
      if (const Node* n = item->get("end")) p.end = offset(*n, path + ".end");
      if (p.start && p.end && *p.end < *p.start) {
        problem(*item, path + ".end", "end comes before start");
      }
      if (const Node* n = item->get("claim")) p.claim = string(*n, path + ".claim");
      out.push_back(std::move(p));
    }
    return out;
  }

  std::vector<Related> related(const Node& v) {
    std::vector<Related> out;
    for (const auto& [item, path] : sequence(v, "related")) {
      if (!item->is_mapping()) {
        problem(*item, path, "expected {key, relation}");
        continue;
      }
      check_fields(*item, {"key", "relation"}, path);
      Related r;
      if (const Node* n = item->get("key")) r.key = string(*n, path + ".key");
      if (r.key.empty()) problem(*item, path + ".key", "a related link needs a key");
      if (const Node* n = item->get("relation")) {
        r.relation = enumeration(*n, path + ".relation", parse_relation, relation_names())
                         .value_or(Relation::follows);
      }
      out.push_back(std::move(r));
    }
    return out;
  }

  const std::string& m_file;
  const MineralTable& m_minerals;
  std::vector<Diagnostic>& m_out;
};

// ---- encoding ---------------------------------------------------------------------------

template <class Out>
void encode_money(Out& o, std::string_view name, const std::optional<Money>& m) {
  if (!m) return;
  o.begin_flow_map(name);
  o.number("amount", m->amount_string());
  o.string("currency", m->currency);
  if (m->approximate) o.boolean("approximate", true);
  if (!m->as_written.empty()) o.string("as_written", m->as_written);
  o.end_flow_map();
}

// Writes one agreement through a small set of primitives, so the JSON and YAML writers
// share the field order and the rules for what is omitted.
template <class Out>
void encode(Out& o, const Agreement& a, WithId with_id,
            WithVersion with_version = WithVersion::no) {
  if (with_version == WithVersion::yes)
    o.number("schema_version", std::to_string(k_interchange_version));
  if (with_id == WithId::yes && a.id) o.number("id", std::to_string(*a.id));
  o.string("key", a.key);
  o.string("type", to_string(a.type));
  if (!a.title.empty()) o.string("title", a.title);
  o.string("status", to_string(a.status));
  if (a.binding) o.boolean("binding", *a.binding);
  if (!a.parties.empty()) {
    o.begin_list("parties");
    for (const auto& p : a.parties) {
      o.begin_flow_item();
      o.string("name", p.name);
      o.string("role", to_string(p.role));
      if (!p.as_written.empty()) o.string("as_written", p.as_written);
      o.end_flow_item();
    }
    o.end_list();
  }
  if (!a.minerals.empty()) o.string_list("minerals", a.minerals);
  const auto money = [&](std::string_view name, const std::optional<Money>& m) {
    encode_money(o, name, m);
  };
  money("value", a.value);
  money("ceiling", a.ceiling);
  if (!a.term.empty()) o.string("term", a.term);
  if (!a.announced.empty()) o.date("announced", a.announced.str());
  if (!a.signed_on.empty()) o.date("signed", a.signed_on.str());
  if (!a.expires.empty()) o.date("expires", a.expires.str());
  if (!a.location.empty()) {
    o.begin_flow_map("location");
    if (!a.location.site.empty()) o.string("site", a.location.site);
    if (!a.location.region.empty()) o.string("region", a.location.region);
    if (!a.location.country.empty()) o.string("country", a.location.country);
    o.end_flow_map();
  }
  if (!a.stages.empty()) {
    std::vector<std::string> names;
    for (auto s : a.stages) names.emplace_back(to_string(s));
    o.string_list("stage", names);
  }
  if (!a.sources.empty()) {
    o.begin_list("sources");
    for (const auto& s : a.sources) {
      o.begin_block_item();
      o.string("title", s.title);
      if (!s.publisher.empty()) o.string("publisher", s.publisher);
      o.string_or_null("url", s.url);
      if (!s.published.empty()) o.date("published", s.published.str());
      if (!s.sha256.empty()) o.string("sha256", s.sha256);
      o.end_block_item();
    }
    o.end_list();
  }
  if (!a.evidence.empty()) {
    o.begin_list("evidence");
    for (const auto& e : a.evidence) {
      o.begin_block_item();
      o.string("text", e.text);
      if (!e.source.empty()) o.string("source", e.source);
      if (e.start) o.number("start", std::to_string(*e.start));
      if (e.end) o.number("end", std::to_string(*e.end));
      o.end_block_item();
    }
    o.end_list();
  }
  if (!a.events.empty()) {
    o.begin_list("events");
    for (const auto& e : a.events) {
      o.begin_block_item();
      o.date("date", e.date.str());
      if (e.status) o.string("status", to_string(*e.status));
      if (!e.note.empty()) o.string("note", e.note);
      if (!e.source.empty()) o.string("source", e.source);
      money("value", e.value);
      money("ceiling", e.ceiling);
      o.end_block_item();
    }
    o.end_list();
  }
  if (!a.related.empty()) {
    o.begin_list("related");
    for (const auto& r : a.related) {
      o.begin_flow_item();
      o.string("key", r.key);
      o.string("relation", to_string(r.relation));
      o.end_flow_item();
    }
    o.end_list();
  }
  if (!a.merged_keys.empty()) o.string_list("merged_keys", a.merged_keys);
  if (!a.provenance.empty()) {
    o.begin_list("provenance");
    for (const auto& p : a.provenance) {
      o.begin_flow_item();
      o.string("field", p.field);
      if (!p.source.empty()) o.string("source", p.source);
      if (!p.rule.empty()) o.string("rule", p.rule);
      if (p.start) o.number("start", std::to_string(*p.start));
      if (p.end) o.number("end", std::to_string(*p.end));
      if (!p.claim.empty()) o.string("claim", p.claim);
      o.end_flow_item();
    }
    o.end_list();
  }
  if (!a.tags.empty()) o.string_list("tags", a.tags);
  if (!a.notes.empty()) o.string("notes", a.notes);
  if (a.confidence) o.number("confidence", fmt::format("{:.2f}", *a.confidence));
}

class JsonOut {
 public:
  explicit JsonOut(std::string& out) : m_out(out) {
    m_out += '{';
    m_first.push_back(true);
  }
  ~JsonOut() { m_out += '}'; }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void string(std::string_view k, std::string_view v) {
    key(k);
    append_json_string(m_out, v);
  }
  void string_or_null(std::string_view k, std::string_view v) {
    if (v.empty()) {
      key(k);
      m_out += "null";
    } else {
      string(k, v);
    }
  }
  void number(std::string_view k, std::string_view v) {
    key(k);
    m_out += v;
  }
  void date(std::string_view k, std::string_view v) { string(k, v); }
  void boolean(std::string_view k, bool v) {
    key(k);
    m_out += v ? "true" : "false";
  }
  void string_list(std::string_view k, const std::vector<std::string>& v) {
    key(k);
    m_out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) m_out += ',';
      append_json_string(m_out, v[i]);
    }
    m_out += ']';
  }
  void begin_list(std::string_view k) {
    key(k);
    m_out += '[';
    m_first.push_back(true);
  }
  void end_list() {
    m_out += ']';
    m_first.pop_back();
  }
  void begin_flow_item() { begin_block_item(); }
  void end_flow_item() { end_block_item(); }
  void begin_block_item() {
    if (!m_first.back()) m_out += ',';
    m_first.back() = false;
    m_out += '{';
    m_first.push_back(true);
  }
  void end_block_item() {
    m_out += '}';
    m_first.pop_back();
  }
  void begin_flow_map(std::string_view k) {
    key(k);
    m_out += '{';
    m_first.push_back(true);
  }
  void end_flow_map() {
    m_out += '}';
    m_first.pop_back();
  }

 private:
  void key(std::string_view k) {
    if (!m_first.back()) m_out += ',';
    m_first.back() = false;
    append_json_string(m_out, k);
    m_out += ':';
  }
  std::string& m_out;
  std::vector<bool> m_first;
};

// YAML in the layout shown in interchange.hpp: block mappings, flow style for money, parties
// and short lists.
class YamlOut {
 public:
  explicit YamlOut(std::string& out) : m_out(out) {}

  void string(std::string_view k, std::string_view v) {
    key(k);
    append_yaml_scalar(m_out, v, m_flow ? YamlContext::flow : YamlContext::block);
    end_value();
  }
  void string_or_null(std::string_view k, std::string_view v) {
    if (v.empty()) {
      key(k);
      m_out += "null";
      end_value();
    } else {
      string(k, v);
    }
  }
  void number(std::string_view k, std::string_view v) {
    key(k);
    m_out += v;
    end_value();
  }
  void date(std::string_view k, std::string_view v) { number(k, v); }
  void boolean(std::string_view k, bool v) { number(k, v ? "true" : "false"); }
  void string_list(std::string_view k, const std::vector<std::string>& v) {
    key(k);
    m_out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) m_out += ", ";
      append_yaml_scalar(m_out, v[i], YamlContext::flow);
    }
    m_out += ']';
    end_value();
  }
  void begin_list(std::string_view k) {
    key(k);
    m_out.back() = '\n';  // "parties:" ends its line; the items follow
    m_depth += 1;
  }
  void end_list() { m_depth -= 1; }
  void begin_flow_item() {
    indent();
    m_out += "- {";
    m_flow = true;
    m_flow_first = true;
  }
  void end_flow_item() {
    m_out += "}\n";
    m_flow = false;
  }
  void begin_block_item() {
    indent();
    m_out += "- ";
    m_depth += 1;
    m_item_start = true;
  }
  void end_block_item() { m_depth -= 1; }
  void begin_flow_map(std::string_view k) {
    key(k);
    m_out += '{';
    m_flow = true;
    m_flow_first = true;
  }
  void end_flow_map() {
    m_out += "}\n";
    m_flow = false;
  }

  // The first key of an agreement follows "- " directly.
  void start_item() { m_item_start = true; }
  void set_depth(int d) { m_depth = d; }

 private:
  void indent() { m_out.append(static_cast<std::size_t>(m_depth) * 2, ' '); }
  void key(std::string_view k) {
    if (m_flow) {
      if (!m_flow_first) m_out += ", ";
      m_flow_first = false;
    } else if (m_item_start) {
      m_item_start = false;
    } else {
      indent();
    }
    m_out += k;
    m_out += ": ";
  }
  void end_value() {
    if (!m_flow) m_out += '\n';
  }

  std::string& m_out;
  int m_depth = 0;
  bool m_flow = false;
  bool m_flow_first = true;
  bool m_item_start = false;
};

// One item of an `organisations:` list (the `index`th, from 1); nullopt when it has a problem.
std::optional<PartyAliases> decode_organisation(const Node& item, std::size_t index,
                                                const std::string& file,
                                                std::vector<Diagnostic>& out) {
  const std::string path = fmt::format("organisations[{}]", index);
  const Node* name = item.is_mapping() ? item.get("name") : nullptr;
  if (!name || !name->is_scalar() || text::trim(name->scalar).empty()) {
    out.push_back({file, item.line, item.column, path, "expected {name, aliases}"});
    return std::nullopt;
  }
  const std::size_t problems = out.size();
  PartyAliases p;
  p.name = std::string(text::trim(name->scalar));
  if (const Node* aliases = item.get("aliases")) {
    const auto add = [&](const Node& a) {
      if (a.is_scalar() && !text::trim(a.scalar).empty()) {
        p.aliases.emplace_back(text::trim(a.scalar));
      } else {
        out.push_back({file, a.line, a.column, path + ".aliases", "expected a name"});
      }
    };
    if (aliases->is_sequence()) {
      for (const auto& a : aliases->items) add(a);
    } else {
      add(*aliases);
    }
  }
  for (std::size_t m = 0; m < item.members.size(); ++m) {
    const auto& k = item.members[m].first;
    if (k != "name" && k != "aliases") {
      out.push_back({file, item.key_marks[m].first, item.key_marks[m].second, path + "." + k,
                     fmt::format("unknown field '{}' (expected name, aliases)", k)});
    }
  }
  if (out.size() != problems) return std::nullopt;
  bool utf8 = text::valid_utf8(p.name);
  for (const auto& a : p.aliases) utf8 = utf8 && text::valid_utf8(a);
  if (!utf8) {
    out.push_back({file, item.line, item.column, path, "text is not valid UTF-8"});
    return std::nullopt;
  }
  clean_names(p);
  return p;
}

}  // namespace

void write_yaml_organisations(std::string& out, const std::vector<PartyAliases>& organisations) {
  if (organisations.empty()) return;
  out += "organisations:\n";
  for (const auto& o : organisations) {
    out += "  - {name: ";
    append_yaml_scalar(out, o.name, YamlContext::flow);
    out += ", aliases: [";
    for (std::size_t i = 0; i < o.aliases.size(); ++i) {
      if (i) out += ", ";
      append_yaml_scalar(out, o.aliases[i], YamlContext::flow);
    }
    out += "]}\n";
  }
}

void write_json_organisations(std::string& out, const std::vector<PartyAliases>& organisations) {
  if (organisations.empty()) return;
  out += ",\"organisations\":[";
  for (std::size_t i = 0; i < organisations.size(); ++i) {
    out += i ? ",\n" : "\n";
    out += "{\"name\":";
    append_json_string(out, organisations[i].name);
    out += ",\"aliases\":[";
    for (std::size_t j = 0; j < organisations[i].aliases.size(); ++j) {
      if (j) out += ',';
      append_json_string(out, organisations[i].aliases[j]);
    }
    out += "]}";
  }
  out += "\n]";
}

Agreement decode_agreement(const Node& node, const std::string& file_name,
                           const MineralTable& minerals, std::vector<Diagnostic>& diagnostics) {
  return Decoder(file_name, minerals, diagnostics).agreement(node);
}

namespace {

// An object that is one agreement rather than a document holding a list of them.
bool is_agreement_object(const Node& n) {
  return n.is_mapping() && n.get("agreements") == nullptr &&
         (n.get("type") != nullptr || n.get("key") != nullptr);
}

// "line:column: why" (the parsers' messages) as a diagnostic of `file`.
Diagnostic parse_problem(const std::string& file, const std::string& e) {
  int line = 0, column = 0, used = 0;
  if (std::sscanf(e.c_str(), "%d:%d: %n", &line, &column, &used) >= 2 && used > 0) {
    return {file, line, column, "", e.substr(used)};
  }
  return {file, 0, 0, "", e};
}

// A reader that calls `before_waiting` before a read of `in` that would wait for input.
class Announcing final : public TextReader {
 public:
  Announcing(TextReader& in, std::function<void()> before_waiting)
      : m_in(in), m_before_waiting(std::move(before_waiting)) {}
  std::size_t read(char* buffer, std::size_t n) override {
    if (m_in.would_wait()) m_before_waiting();
    return m_in.read(buffer, n);
  }

 private:
  TextReader& m_in;
  std::function<void()> m_before_waiting;
};

// Walks what a streamed interchange file holds, decoding as it goes.
class StreamReader {
 public:
  StreamReader(const std::string& file, const MineralTable& minerals, const InterchangeSink& sink)
      : m_file(file), m_minerals(minerals), m_sink(sink) {}

  // Problems are handed on at the end: those of the document first, then those of its
  // agreements in order; when the text does not parse, only where it stops.
  ReadEnd run(TextReader& in) {
    if (m_sink.read_ahead) return run_ahead(in);
    bool stopped = false;
    try {
      read(in);
    } catch (const Stop&) {
      stopped = true;
    } catch (...) {
      hand_on();
      throw;
    }
    return finish(stopped);
  }

 private:
  // One thing read, handed from the reading thread to the sink's (read_ahead).
  struct Read {
    bool is_agreement = true;
    bool clean = true;
    // The problems found once it was read (its own included): when the sink stops at it,
    // these are the problems it is told of, as when one thread does both.
    std::size_t document_problems = 0;
    std::size_t item_problems = 0;
    Agreement agreement;
    PartyAliases organisation;
    Node tree;
  };

  // The text is read and decoded on a second thread while the sink works on the calling one;
  // the sink sees the same calls in the same order, and the same problems, as with one.
  ReadEnd run_ahead(TextReader& in) {
    // 16 batches of 64 in flight: enough to keep reading while the sink's thread writes out a
    // batch of rows or search rows (with 4, a 100,000-agreement YAML import took 15.7 s instead
    // of 14.1); without the trees, a few MB.
    Handover<Read> handover(64, 16);
    m_ahead = &handover;
    bool stopped = false;
    // Before the reader waits for a slow writer, the sink gets what was read: records are
    // stored, or refused, as they come, not when 64 have come.
    Announcing announcing(in, [&] { handover.flush(); });
    std::thread reading([&] {
      std::exception_ptr error;
      try {
        read(announcing);
      } catch (const Stop&) {
        stopped = true;
      } catch (const Handover<Read>::Cancelled&) {
      } catch (const TextReader::Interrupted&) {
      } catch (...) {
        error = std::current_exception();
      }
      handover.close(error);
    });
    std::exception_ptr error;  // the reader's, or the sink's
    const Read* at = nullptr;  // the one the sink is working on
    try {
      while (auto* batch = handover.next()) {
        for (auto& r : *batch) {
          at = &r;
          if (r.is_agreement) {
            m_sink.agreement(r.agreement, r.tree, r.clean);
          } else {
            m_sink.organisation(r.organisation, r.clean);
          }
        }
        at = nullptr;
      }
    } catch (...) {
      error = std::current_exception();
      handover.cancel();
      in.interrupt();  // the reader may be waiting for a pipe's writer rather than for us
    }
    reading.join();
    if (error) {
      if (at) {  // the sink threw: the problems the reader had found when it read that one
        m_document.erase(m_document.begin() + static_cast<std::ptrdiff_t>(at->document_problems),
                         m_document.end());
        m_items.erase(m_items.begin() + static_cast<std::ptrdiff_t>(at->item_problems),
                      m_items.end());
      }
      hand_on();
      std::rethrow_exception(error);
    }
    return finish(stopped);
  }

  ReadEnd finish(bool stopped) {
    if (m_failed) {
      m_sink.problem(std::move(m_document.back()));
      return ReadEnd::unparsable;
    }
    hand_on();
    return stopped ? ReadEnd::stopped : ReadEnd::complete;
  }

  // A Read stamped with the problems found so far.
  Read stamped() const {
    Read r;
    r.clean = clean();
    r.document_problems = m_document.size();
    r.item_problems = m_items.size();
    return r;
  }

  void deliver_agreement(Agreement& a, Node& tree) {
    if (!m_ahead) return m_sink.agreement(a, tree, clean());
    Read r = stamped();
    r.agreement = std::move(a);
    // Where it is and its key, as the sink reads them; the rest of the tree is freed here.
    r.tree.kind = tree.kind;
    r.tree.line = tree.line;
    r.tree.column = tree.column;
    for (std::size_t i = 0; i < tree.members.size(); ++i) {
      if (tree.members[i].first != "key") continue;
      r.tree.members.push_back(std::move(tree.members[i]));
      r.tree.key_marks.push_back(tree.key_marks[i]);
      break;
    }
    m_ahead->put(std::move(r));
  }

  void deliver_organisation(PartyAliases& p) {
    if (!m_ahead) return m_sink.organisation(p, clean());
    Read r = stamped();
    r.is_agreement = false;
    r.organisation = std::move(p);
    m_ahead->put(std::move(r));
  }

  void read(TextReader& in) {
    DocumentStream stream(in, {"agreements", "organisations"});
    const ElementSink each = [&](std::string_view key, Node& n) { element(key, n); };
    auto first = stream.next(each);
    if (!first) return parse_failed(first.error());
    if (!first.value()) return empty();
    Node root = std::move(first).value().value();
    if (stream.json() && is_agreement_object(root)) {
      // JSON Lines (one agreement object per line), or a single agreement.
      agreement(std::move(root));
      while (true) {
        auto more = stream.next(each);
        if (!more) return parse_failed(more.error());
        if (!more.value()) break;
        Node line = std::move(more).value().value();
        if (is_agreement_object(line)) {
          agreement(std::move(line));
        } else {
          m_items.push_back({m_file, line.line, line.column, "",
                             "expected one agreement object per line (JSON Lines)"});
        }
      }
      return;
    }
    if (auto done = stream.finished(); !done) return parse_failed(done.error());
    if (root.is_sequence()) {
      return;  // its elements were streamed: agreements, or documents (extract --format json)
    }
    if (root.is_mapping()) {
      document(root, true);
    } else if (root.is_null()) {
      empty();  // nothing but white space and comments
    } else {
      m_document.push_back({m_file, root.line, root.column, "agreements",
                            "expected a list of agreements under 'agreements:'"});
    }
  }

  struct Stop {};

  void empty() {
    if (m_sink.document_required) {
      m_document.push_back({m_file, 0, 0, "", "empty input: no agreements document"});
    }
  }

  void hand_on() {
    for (auto& d : m_document) m_sink.problem(std::move(d));
    for (auto& d : m_items) m_sink.problem(std::move(d));
    m_document.clear();
    m_items.clear();
  }

  void enough() {
    if (m_document.size() + m_items.size() >= k_max_problems) throw Stop{};
  }

  void parse_failed(const std::string& e) {
    m_document.push_back(parse_problem(m_file, e));
    m_failed = true;
  }

  bool clean() const { return m_document.empty() && m_items.empty(); }

  void element(std::string_view key, Node& n) {
    if (key == "organisations") {
      organisation(n);
    } else if (key.empty() && n.is_mapping() && n.get("agreements") != nullptr) {
      document(n, false);  // one of a list of documents
    } else {
      agreement(std::move(n));
    }
  }

  // Its problems first, then the agreement (decoded as far as it could be).
  void agreement(Node n) {
    std::vector<Diagnostic> found;
    Agreement a = Decoder(m_file, m_minerals, found).agreement(n);
    for (auto& d : found) m_items.push_back(std::move(d));
    deliver_agreement(a, n);
    enough();
  }

  void organisation(const Node& n) {
    std::vector<Diagnostic> found;
    auto p = decode_organisation(n, ++m_organisations, m_file, found);
    for (auto& d : found) m_items.push_back(std::move(d));
    if (p) deliver_organisation(*p);
    enough();
  }

  // A document: its members other than the streamed lists (which `top` says were streamed;
  // a document inside a list of documents holds its lists itself).
  void document(const Node& doc, bool top) {
    std::unordered_map<std::string_view, int> seen;  // key -> line of its first use
    bool has_list = false;
    for (std::size_t i = 0; i < doc.members.size(); ++i) {
      const auto& [key, v] = doc.members[i];
      const auto [line, column] = doc.key_marks[i];
      if (auto [it, fresh] = seen.emplace(key, line); !fresh) {
        m_document.push_back({m_file, line, column, key,
                 fmt::format("duplicate top-level field '{}' (first on line {})", key,
                             it->second)});
        continue;
      }
      if (key == "agreements") {
        has_list = true;
        if (!v.is_sequence() && !v.is_null()) {
          m_document.push_back({m_file, v.line, v.column, "agreements",
                   "expected a list of agreements under 'agreements:'"});
        } else if (!top) {
          for (const auto& item : v.items) agreement(item);
        }
      } else if (key == "organisations") {
        if (!v.is_sequence() && !v.is_null()) {
          m_document.push_back({m_file, v.line, v.column, "organisations", "expected a list of {name, aliases}"});
        } else if (!top) {
          for (const auto& item : v.items) organisation(item);
        }
      } else if (key == "schema_version") {
        std::vector<Diagnostic> found;
        check_schema_version(v, m_file, "schema_version", found);
        for (auto& f : found) m_document.push_back(std::move(f));
      } else if (key == "source") {
        // `extract --format json` names the article; its agreements carry it as a source.
      } else {
        m_document.push_back({m_file, line, column, key,
                 fmt::format("unknown top-level field '{}' (expected 'agreements' or "
                             "'organisations')",
                             key)});
      }
    }
    if (!has_list) {
      m_document.push_back({m_file, doc.line, doc.column, "agreements",
               "expected a list of agreements under 'agreements:'"});
    }
  }

  const std::string& m_file;
  const MineralTable& m_minerals;
  const InterchangeSink& m_sink;
  std::vector<Diagnostic> m_document;  // of the document (top-level fields) and parsing
  std::vector<Diagnostic> m_items;     // of its agreements and organisations, in order
  bool m_failed = false;               // the text did not parse: m_document.back() says where
  std::size_t m_organisations = 0;
  Handover<Read>* m_ahead = nullptr;   // read_ahead: where the reading thread hands things on
};

// A sequence of documents (`extract --format json` of several files) as one document: their
// agreements and organisations in order, each schema_version kept to be checked.
Node merge_documents(const Node& docs) {
  Node root;
  root.kind = Node::Kind::mapping;
  root.line = docs.line;
  root.column = docs.column;
  Node agreements;
  agreements.kind = Node::Kind::sequence;
  agreements.line = docs.line;
  agreements.column = docs.column;
  Node organisations = agreements;
  for (const auto& doc : docs.items) {
    for (std::size_t i = 0; i < doc.members.size(); ++i) {
      const auto& [key, v] = doc.members[i];
      Node* into = key == "agreements"      ? &agreements
                   : key == "organisations" ? &organisations
                                            : nullptr;
      if (into && v.is_sequence()) {
        into->items.insert(into->items.end(), v.items.begin(), v.items.end());
      } else if (key != "source") {
        root.members.emplace_back(key, v);
        root.key_marks.push_back(doc.key_marks[i]);
      }
    }
  }
  root.members.emplace_back("agreements", std::move(agreements));
  root.key_marks.emplace_back(docs.line, docs.column);
  if (!organisations.items.empty()) {
    root.members.emplace_back("organisations", std::move(organisations));
    root.key_marks.emplace_back(docs.line, docs.column);
  }
  return root;
}

}  // namespace

ReadEnd read_interchange(TextReader& in, const std::string& file_name,
                         const InterchangeSink& sink, const MineralTable& minerals) {
  return StreamReader(file_name, minerals, sink).run(in);
}

Result<Node> parse_interchange_text(std::string_view text) {
  StringReader in(text);
  DocumentStream stream(in, {});
  const ElementSink none = [](std::string_view, Node&) {};
  auto first = stream.next(none);
  if (!first) return Result<Node>::failure(first.error());
  if (!first.value()) return Node{};
  Node root = std::move(first).value().value();
  if (stream.json() && is_agreement_object(root)) {
    // JSON Lines: the sequence of its agreements.
    Node list;
    list.kind = Node::Kind::sequence;
    list.line = root.line;
    list.column = root.column;
    list.items.push_back(std::move(root));
    while (true) {
      auto more = stream.next(none);
      if (!more) return Result<Node>::failure(more.error());
      if (!more.value()) break;
      list.items.push_back(std::move(more).value().value());
    }
    return list;
  }
  if (auto done = stream.finished(); !done) return Result<Node>::failure(done.error());
  if (root.is_sequence() && !root.items.empty() &&
      std::all_of(root.items.begin(), root.items.end(), [](const Node& item) {
        return item.is_mapping() && item.get("agreements") != nullptr;
      })) {
    return merge_documents(root);
  }
  return root;
}

DecodeResult read_interchange(std::string_view text, const std::string& file_name,
                              const MineralTable& minerals, bool document_required) {
  DecodeResult out;
  std::unordered_map<std::string, int> seen_keys;  // key -> line of its first use
  std::vector<Diagnostic> keys;                    // keys used twice, after the reader's
  InterchangeSink sink;
  sink.agreement = [&](Agreement& a, const Node& item, bool) {
    if (const Node* key = item.get("key"); key && !a.key.empty()) {
      if (auto [it, fresh] = seen_keys.emplace(a.key, key->line); !fresh) {
        keys.push_back({file_name, key->line, key->column, "key",
                        fmt::format("duplicate key '{}' (first on line {})", a.key, it->second)});
      }
    }
    out.agreements.push_back(std::move(a));
    out.lines.push_back(item.line);
  };
  sink.organisation = [&](PartyAliases& p, bool) { out.organisations.push_back(std::move(p)); };
  sink.problem = [&](Diagnostic&& d) { out.diagnostics.push_back(std::move(d)); };
  sink.document_required = document_required;
  StringReader in(text);
  if (read_interchange(in, file_name, sink, minerals) == ReadEnd::unparsable) {
    out.agreements.clear();  // the text does not parse: only where it stops
    out.lines.clear();
    out.organisations.clear();
    return out;
  }
  for (auto& d : keys) out.diagnostics.push_back(std::move(d));
  return out;
}

void write_json(std::string& out, const Agreement& a, WithId with_id, WithVersion with_version) {
  JsonOut o(out);
  encode(o, a, with_id, with_version);
}

void write_yaml_item(std::string& out, const Agreement& a, WithId with_id) {
  YamlOut o(out);
  out += "  - ";
  o.set_depth(2);
  o.start_item();
  encode(o, a, with_id);
}

void write_yaml_document(std::ostream& out, const std::vector<Agreement>& agreements) {
  std::string buf = fmt::format("schema_version: {}\nagreements:", k_interchange_version);
  buf += agreements.empty() ? " []\n" : "\n";
  for (const auto& a : agreements) write_yaml_item(buf, a);
  out << buf;
}

void write_json_document(std::ostream& out, const std::vector<Agreement>& agreements) {
  std::string buf = fmt::format("{{\"schema_version\":{},\"agreements\":[", k_interchange_version);
  for (std::size_t i = 0; i < agreements.size(); ++i) {
    if (i)
      buf += ",\n";
    else
      buf += "\n";
    write_json(buf, agreements[i]);
  }
  buf += agreements.empty() ? "]}\n" : "\n]}\n";
  out << buf;
}

}  // namespace mtrack
