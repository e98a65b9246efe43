#include "mtrack/domain/fields.hpp"

#include <fmt/format.h>

#include "mtrack/util/text.hpp"

namespace mtrack {

std::string party_field(const std::string& name) { return "parties[" + name + "]"; }
std::string mineral_field(const std::string& name) { return "minerals[" + name + "]"; }

std::string money_text(const std::optional<Money>& m) {
  return m ? format_money_long(*m) : std::string();
}

std::string binding_text(const std::optional<bool>& b) {
  if (!b) return {};
  return *b ? "true" : "false";
}

std::string location_text(const Location& l) {
  std::vector<std::string> parts;
  for (const auto* p : {&l.site, &l.region, &l.country}) {
    if (!p->empty()) parts.push_back(*p);
  }
  return text::join(parts, ", ");
}

std::string stage_text(const std::vector<Stage>& stages) {
  std::vector<std::string> names;
  for (auto s : stages) names.emplace_back(to_string(s));
  return text::join(names, ", ");
}

std::vector<FieldValue> field_values(const Agreement& a) {
  std::vector<FieldValue> out;
  const auto add = [&](std::string field, std::string value) {
    if (!value.empty()) out.push_back({std::move(field), std::move(value)});
  };
  add("type", std::string(to_string(a.type)));
  add("title", a.title);
  if (a.status != Status::unknown) add("status", std::string(to_string(a.status)));
  add("binding", binding_text(a.binding));
  for (const auto& p : a.parties) {
    std::string v = fmt::format("{} ({})", p.name, to_string(p.role));
    if (!p.as_written.empty()) v += fmt::format(", as \u201C{}\u201D", p.as_written);
    add(party_field(p.name), v);
  }
  for (const auto& m : a.minerals) add(mineral_field(m), m);
  add("value", money_text(a.value));
  add("ceiling", money_text(a.ceiling));
  add("term", a.term);
  add("announced", a.announced.str());
  add("signed", a.signed_on.str());
  add("expires", a.expires.str());
  add("location", location_text(a.location));
  add("stage", stage_text(a.stages));
  add("notes", a.notes);
  return out;
}

std::vector<const Provenance*> provenance_of(const Agreement& a, const std::string& field) {
  std::vector<const Provenance*> out;
  for (const auto& p : a.provenance) {
    if (p.field == field) out.push_back(&p);
  }
  return out;
}

}  // namespace mtrack
