#include "mtrack/domain/admit.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "mtrack/domain/parse.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

// Control characters (C0, DEL, C1) as spaces, runs of white space as one, trimmed.
std::string one_spaced_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    bool blank = c < 0x20 || c == 0x7F || c == ' ';
    std::size_t len = 1;
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0xA0) {  // C1 controls and the no-break space
        blank = true;
        len = 2;
      }
    }
    if (blank) {
      space = !out.empty();
      i += len - 1;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += s[i];
  }
  return out;
}

// Letters of other scripts that print like Latin ones (from Unicode's confusables): the
// Cyrillic and Greek capitals and small letters a Latin font draws alike, and a few Latin
// variants.
constexpr std::pair<char32_t, char> k_look_alikes[] = {
    {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'}, {0x0399, 'I'},
    {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'},
    {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03BF, 'o'}, {0x03BD, 'v'}, {0x0410, 'A'}, {0x0412, 'B'},
    {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'},
    {0x0421, 'C'}, {0x0422, 'T'}, {0x0425, 'X'}, {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'},
    {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'},
    {0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x0501, 'd'}, {0x04BB, 'h'},
    {0x0131, 'i'}, {0x0261, 'g'}, {0x01C0, 'l'}, {0x2010, '-'}, {0x2011, '-'}, {0x2012, '-'},
    {0x2013, '-'}, {0x2212, '-'},
};

// True when `s` is printable ASCII, with single spaces only between words: clean_name would
// return it unchanged (NFC and the ignorable code points concern other characters only), so
// it need not go through utf8proc. Most names are.
bool clean_ascii(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  char before = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || (c == ' ' && before == ' ')) return false;
    before = ch;
  }
  return true;
}

}  // namespace

std::string clean_name(std::string_view name) {
  if (clean_ascii(name)) return std::string(name);
  if (!text::valid_utf8(name)) return std::string(name);
  // NFC, and default-ignorable code points (zero-width space and joiners, soft hyphen, BOM,
  // bidi marks, overrides and isolates) dropped.
  const std::string mapped =
      text::map_utf8(one_spaced_line(name), UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
  return one_spaced_line(mapped);
}

void clean_names(PartyAliases& p) {
  p.name = clean_name(p.name);
  for (auto& a : p.aliases) a = clean_name(a);
}

std::string name_skeleton(std::string_view name) {
  const std::string compat =
      text::map_utf8(clean_name(name), UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_IGNORE);
  std::string out;
  std::size_t i = 0;
  while (i < compat.size()) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(compat.data() + i),
                                    static_cast<utf8proc_ssize_t>(compat.size() - i), &cp);
    if (n <= 0) {
      out += compat[i++];
      continue;
    }
    char latin = 0;
    for (const auto& [from, to] : k_look_alikes) {
      if (static_cast<char32_t>(cp) == from) latin = to;
    }
    if (latin) {
      out += latin;
    } else {
      out.append(compat, i, static_cast<std::size_t>(n));
    }
    i += static_cast<std::size_t>(n);
  }
  return out;
}

std::vector<FieldProblem> admit(Agreement& a) {
  std::vector<FieldProblem> out;
  const auto text_field = [&](const std::string& field, const std::string& value) {
    if (!text::valid_utf8(value)) out.push_back({field, "text is not valid UTF-8"});
  };
  const auto money = [&](const std::string& field, const std::optional<Money>& m) {
    if (!m) return;
    if (m->minor < 0) out.push_back({field, "amount must not be negative"});
    if (m->minor >= Money::k_limit) {
      out.push_back({field, fmt::format("'{}' is too large (at most {} digits before the decimal "
                                        "point)",
                                        m->amount_string(), Money::k_max_digits)});
    }
    text_field(field + ".as_written", m->as_written);
  };
  text_field("key", a.key);
  text_field("title", a.title);
  for (std::size_t i = 0; i < a.parties.size(); ++i) {
    auto& p = a.parties[i];
    if (!text::valid_utf8(p.name) || !text::valid_utf8(p.as_written)) {  // named only then
      const std::string at = fmt::format("parties[{}]", i + 1);
      text_field(at + ".name", p.name);
      text_field(at + ".as_written", p.as_written);
    }
    p.name = clean_name(p.name);
    p.as_written = clean_name(p.as_written);
    if (p.name.empty()) {
      out.push_back({fmt::format("parties[{}].name", i + 1), "a party needs a name"});
    }
  }
  for (std::size_t i = 0; i < a.minerals.size(); ++i) {
    if (!text::valid_utf8(a.minerals[i])) {
      text_field(fmt::format("minerals[{}]", i + 1), a.minerals[i]);
    }
  }
  money("value", a.value);
  money("ceiling", a.ceiling);
  text_field("term", a.term);
  text_field("location.site", a.location.site);
  text_field("location.region", a.location.region);
  if (!a.location.country.empty()) {
    if (auto cc = parse_country(a.location.country)) {
      a.location.country = cc.value();
    } else {
      out.push_back({"location.country", cc.error()});
    }
  }
  // Each item of a list, with its place ("sources[2]"), and its text members by name.
  const auto each = [&](const auto& items, std::string_view list, const auto& members) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string at = fmt::format("{}[{}]", list, i + 1);
      for (const auto& [name, value] : members(items[i])) text_field(at + "." + name, *value);
    }
  };
  using Members = std::vector<std::pair<const char*, const std::string*>>;
  each(a.sources, "sources", [](const Source& s) {
    return Members{{"title", &s.title}, {"publisher", &s.publisher}, {"url", &s.url},
                   {"sha256", &s.sha256}};
  });
  each(a.evidence, "evidence",
       [](const Evidence& e) { return Members{{"text", &e.text}, {"source", &e.source}}; });
  each(a.events, "events",
       [](const Event& e) { return Members{{"note", &e.note}, {"source", &e.source}}; });
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    money(fmt::format("events[{}].value", i + 1), a.events[i].value);
    money(fmt::format("events[{}].ceiling", i + 1), a.events[i].ceiling);
  }
  each(a.related, "related", [](const Related& r) { return Members{{"key", &r.key}}; });
  each(a.provenance, "provenance", [](const Provenance& p) {
    return Members{{"field", &p.field}, {"source", &p.source}, {"rule", &p.rule},
                   {"claim", &p.claim}};
  });
  for (const auto& k : a.merged_keys) text_field("merged_keys", k);
  for (std::size_t i = 0; i < a.tags.size(); ++i)
    text_field(fmt::format("tags[{}]", i + 1), a.tags[i]);
  text_field("notes", a.notes);
  return out;
}

}  // namespace mtrack
