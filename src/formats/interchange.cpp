#include "mtrack/formats/interchange.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <unordered_map>

#include "mtrack/domain/admit.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"

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

std::vector<PartyAliases> decode_organisations(const Node& v, const std::string& file,
                                               std::vector<Diagnostic>& out) {
  std::vector<PartyAliases> result;
  if (v.is_null()) return result;
  if (!v.is_sequence()) {
    out.push_back({file, v.line, v.column, "organisations", "expected a list of {name, aliases}"});
    return result;
  }
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const Node& item = v.items[i];
    const std::string path = fmt::format("organisations[{}]", i + 1);
    const Node* name = item.is_mapping() ? item.get("name") : nullptr;
    if (!name || !name->is_scalar() || text::trim(name->scalar).empty()) {
      out.push_back({file, item.line, item.column, path, "expected {name, aliases}"});
      continue;
    }
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
    bool utf8 = text::valid_utf8(p.name);
    for (const auto& a : p.aliases) utf8 = utf8 && text::valid_utf8(a);
    if (!utf8) {
      out.push_back({file, item.line, item.column, path, "text is not valid UTF-8"});
      continue;
    }
    clean_names(p);
    result.push_back(std::move(p));
  }
  return result;
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

void shift_lines(Node& n, int by) {
  n.line += by;
  for (auto& mark : n.key_marks) mark.first += by;
  for (auto& item : n.items) shift_lines(item, by);
  for (auto& member : n.members) shift_lines(member.second, by);
}

// An object that is one agreement rather than a document holding a list of them.
bool is_agreement_object(const Node& n) {
  return n.is_mapping() && n.get("agreements") == nullptr &&
         (n.get("type") != nullptr || n.get("key") != nullptr);
}

// JSON Lines: the first line alone is a JSON object that is an agreement, and more lines
// follow. Text of one line is read as one JSON value (see read_interchange), so a minified
// document is never parsed twice here.
bool is_json_lines(std::string_view text, std::size_t first) {
  if (text[first] != '{') return false;
  const std::size_t end = text.find('\n', first);
  if (end == std::string_view::npos ||
      text.find_first_not_of(" \t\r\n", end) == std::string_view::npos) {
    return false;
  }
  auto line = parse_json(text.substr(first, end - first));
  return line && is_agreement_object(*line);
}

// Each non-blank line is one agreement; the result is their sequence, with every node at
// its line in the whole text.
Result<Node> parse_json_lines(std::string_view text) {
  Node root;
  root.kind = Node::Kind::sequence;
  root.line = 1;
  root.column = 1;
  int number = 0;
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    ++number;
    at = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto item = parse_json(line);
    if (!item) {
      const std::string& e = item.error();
      const auto colon = e.find(':');
      return Result<Node>::failure(
          fmt::format("{}{}", number, colon == std::string::npos ? ": " + e : e.substr(colon)));
    }
    Node n = std::move(item).value();
    shift_lines(n, number - 1);
    root.items.push_back(std::move(n));
  }
  return root;
}

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

// The shapes every reader accepts, as one: a single JSON agreement (JSON Lines of one line)
// becomes a list of one; a list of extract's per-article documents becomes one document.
Result<Node> normalise_root(Result<Node> doc, bool json) {
  if (doc && json && is_agreement_object(*doc)) {  // JSON Lines of one line
    Node list;
    list.kind = Node::Kind::sequence;
    list.line = doc->line;
    list.column = doc->column;
    list.items.push_back(std::move(doc).value());
    return list;
  }
  if (!doc || !doc->is_sequence() || doc->items.empty()) return doc;
  for (const auto& item : doc->items) {
    if (!item.is_mapping() || item.get("agreements") == nullptr) return doc;
  }
  return merge_documents(doc.value());
}

}  // namespace

Result<Node> parse_interchange_text(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
  if (json && is_json_lines(text, first)) return parse_json_lines(text);
  return normalise_root(json ? parse_json(text) : parse_yaml(text), json);
}

DecodeResult read_interchange(std::string_view text, const std::string& file_name,
                              const MineralTable& minerals) {
  DecodeResult out;
  if (!text::valid_utf8(text)) {
    out.diagnostics.push_back({file_name, 0, 0, "", "the file is not valid UTF-8 text"});
    return out;
  }
  // Agreements are decoded as the parser reaches them (JSON: without keeping the tree);
  // their problems follow those of the top-level fields, as when the file is read whole.
  std::vector<Diagnostic> item_diagnostics;
  Decoder decoder(file_name, minerals, item_diagnostics);
  std::unordered_map<std::string, int> seen_keys;  // key -> line of its first use
  const std::function<void(const Node&)> take = [&](const Node& item) {
    Agreement a = decoder.agreement(item);
    if (!a.key.empty()) {
      const Node* key_node = item.get("key");
      if (auto [it, fresh] = seen_keys.emplace(a.key, key_node->line); !fresh) {
        item_diagnostics.push_back(
            {file_name, key_node->line, key_node->column, "key",
             fmt::format("duplicate key '{}' (first on line {})", a.key, it->second)});
      }
    }
    out.agreements.push_back(std::move(a));
    out.lines.push_back(item.line);
  };
  // A JSON or YAML document ({"agreements": [...]}, "agreements:") streams its agreement
  // list; JSON arrays (of agreements, or of extract's per-article documents) and JSON Lines
  // are read whole.
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool json_document = first != std::string_view::npos && text[first] == '{';
  const bool json = json_document || (first != std::string_view::npos && text[first] == '[');
  auto doc = json_document && !is_json_lines(text, first)
                 ? parse_json_streaming(text, "agreements", take)
             : json ? parse_interchange_text(text)
                    : normalise_root(parse_yaml_streaming(text, "agreements", take), false);
  if (!doc) {
    out.agreements.clear();
    out.lines.clear();
    // The parsers' messages start "line:column: ".
    out.diagnostics.push_back({file_name, 0, 0, "", ""});
    const std::string& e = doc.error();
    int line = 0, column = 0, used = 0;
    if (std::sscanf(e.c_str(), "%d:%d: %n", &line, &column, &used) >= 2 && used > 0) {
      out.diagnostics.back() = {file_name, line, column, "", e.substr(used)};
    } else {
      out.diagnostics.back().message = e;
    }
    return out;
  }
  const Node& root = doc.value();
  const Node* list = nullptr;
  int lists = 0;
  if (root.is_sequence()) {
    list = &root;
  } else if (json_document && is_agreement_object(root)) {
    take(root);  // JSON Lines of one line: a single agreement
    out.diagnostics.insert(out.diagnostics.end(), item_diagnostics.begin(), item_diagnostics.end());
    return out;
  } else if (root.is_mapping()) {
    for (std::size_t i = 0; i < root.members.size(); ++i) {
      const auto& [key, v] = root.members[i];
      if (key == "agreements") {
        list = &v;
        ++lists;
      } else if (key == "organisations") {
        out.organisations = decode_organisations(v, file_name, out.diagnostics);
      } else if (key == "schema_version") {
        check_schema_version(v, file_name, "schema_version", out.diagnostics);
      } else if (key == "source") {
        // `extract --format json` names the article; its agreements carry it as a source.
      } else {
        out.diagnostics.push_back(
            {file_name, root.key_marks[i].first, root.key_marks[i].second, key,
             fmt::format("unknown top-level field '{}' (expected 'agreements' or "
                         "'organisations')",
                         key)});
      }
    }
  }
  if (root.is_null()) return out;  // an empty file holds no agreements
  if (lists > 1) {
    // The last `agreements:` is the one that counts; a streamed first one is forgotten.
    out.agreements.clear();
    out.lines.clear();
    item_diagnostics.clear();
    seen_keys.clear();
  }
  if (!list || !(list->is_sequence() || list->is_null())) {
    out.agreements.clear();
    out.lines.clear();
    const Node& at = list ? *list : root;
    out.diagnostics.push_back({file_name, at.line, at.column, "agreements",
                               "expected a list of agreements under 'agreements:'"});
    return out;
  }
  out.agreements.reserve(out.agreements.size() + list->items.size());
  out.lines.reserve(out.lines.size() + list->items.size());
  for (const auto& item : list->items) take(item);  // YAML, and JSON lists not streamed
  out.diagnostics.insert(out.diagnostics.end(), item_diagnostics.begin(), item_diagnostics.end());
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
