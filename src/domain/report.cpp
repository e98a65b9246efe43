#include "mtrack/domain/report.hpp"

#include "mtrack/domain/minerals.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "mtrack/formats/document.hpp"
#include "mtrack/formats/render.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

const std::vector<std::string_view> k_dimension_names = {"mineral", "type",    "party",
                                                         "year",    "country", "status"};
constexpr std::string_view k_none = "(none)";

std::string title_case(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The note under a breakdown whose groups can overlap.
std::string_view overlap_note(Dimension d) {
  switch (d) {
    case Dimension::mineral:
      return "An agreement with several minerals counts under each. A group (rare earths, battery "
             "metals) counts every agreement with the group or any of its members, once, as "
             "list --mineral GROUP finds them.";
    case Dimension::party:
      return "An agreement counts under each of its parties.";
    default:
      return "";
  }
}

std::vector<std::string> row_cells(const std::string& name, const Totals& t) {
  return {name,
          std::to_string(t.agreements),
          std::to_string(t.binding),
          std::to_string(t.non_binding),
          format_sums(t.binding_value),
          format_sums(t.non_binding_value)};
}

TextTable breakdown_table(const Breakdown& b) {
  TextTable t;
  t.headers = {title_case(to_string(b.dimension)),
               "Agreements",
               "Binding",
               "Non-binding",
               "Binding value",
               "Non-binding value"};
  t.right = {false, true, true, true, true, true};
  for (const auto& g : b.groups) t.rows.push_back(row_cells(g.name, g.totals));
  return t;
}

std::string headline(const Totals& t) {
  std::string s =
      fmt::format("{} ({} binding, {} non-binding)",
                  plural(t.agreements, "agreement", "agreements"), t.binding, t.non_binding);
  return s;
}

void append_sums_json(std::string& out, const CurrencySums& sums) {
  out += '[';
  bool first = true;
  for (const auto& m : sums.monies()) {
    if (!first) out += ',';
    first = false;
    out += "{\"amount\":" + amount_string(m.minor) + ",\"currency\":";
    append_json_string(out, m.currency);
    if (m.approximate) out += ",\"approximate\":true";
    out += '}';
  }
  out += ']';
}

void append_totals_json(std::string& out, const Totals& t) {
  out += fmt::format("\"agreements\":{},\"binding\":{},\"non_binding\":{},\"with_value\":{},",
                     t.agreements, t.binding, t.non_binding, t.with_value);
  out += "\"binding_value\":";
  append_sums_json(out, t.binding_value);
  out += ",\"non_binding_value\":";
  append_sums_json(out, t.non_binding_value);
}

// "converted":{"currency":"USD","binding_value":{...},"rates":[{"from":"EUR",...}],"missing":[]}
void append_converted_json(std::string& out, const ConvertedTotals& c) {
  const auto money = [&](const char* name, const std::optional<Money>& m) {
    if (!m) return;
    out += fmt::format(",\"{}\":{{\"amount\":\"{}\",\"approximate\":{}}}", name,
                       m->amount_string(), m->approximate ? "true" : "false");
  };
  out += ",\"converted\":{\"currency\":";
  append_json_string(out, c.currency);
  money("binding_value", c.binding);
  money("non_binding_value", c.non_binding);
  out += ",\"rates\":[";
  for (std::size_t i = 0; i < c.rates.size(); ++i) {
    const auto& u = c.rates[i];
    if (i) out += ',';
    out += "{\"from\":";
    append_json_string(out, u.from);
    out += ",\"to\":";
    append_json_string(out, u.to);
    out += fmt::format(",\"factor\":{:.10g},\"from_rows\":[", static_cast<double>(u.factor));
    for (std::size_t k = 0; k < u.rows.size(); ++k) {
      const auto& row = u.rows[k];
      if (k) out += ',';
      out += "{\"date\":";
      append_json_string(out, row.date.str());
      out += ",\"currency\":";
      append_json_string(out, row.currency);
      out += ",\"base\":";
      append_json_string(out, row.base);
      out += ",\"rate\":";
      append_json_string(out, row.rate);
      out += ",\"source\":";
      append_json_string(out, row.source);
      out += '}';
    }
    out += "]}";
  }
  out += "],\"missing\":[";
  for (std::size_t i = 0; i < c.missing.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, c.missing[i]);
  }
  out += "]}";
}

}  // namespace

std::string_view to_string(Dimension d) { return k_dimension_names[static_cast<std::size_t>(d)]; }

std::optional<Dimension> parse_dimension(std::string_view s) {
  for (std::size_t i = 0; i < k_dimension_names.size(); ++i) {
    if (text::iequals(s, k_dimension_names[i])) return static_cast<Dimension>(i);
  }
  return std::nullopt;
}

const std::vector<std::string_view>& dimension_names() { return k_dimension_names; }

bool is_binding(const Agreement& a) {
  if (a.binding) return *a.binding;
  return a.type != AgreementType::mou && a.type != AgreementType::loi &&
         a.type != AgreementType::framework;
}

void CurrencySums::add(const Money& m) {
  minor[m.currency] += m.minor;
  approximate[m.currency] = approximate[m.currency] || m.approximate;
}

std::vector<MoneySum> CurrencySums::monies() const {
  std::vector<MoneySum> out;
  for (const auto& [code, amount] : minor) out.push_back({amount, code, approximate.at(code)});
  return out;
}

void Totals::add(const Agreement& a) {
  ++agreements;
  const bool b = is_binding(a);
  ++(b ? binding : non_binding);
  if (a.value) {
    ++with_value;
    (b ? binding_value : non_binding_value).add(*a.value);
  }
}

std::vector<std::string> group_keys(const Agreement& a, Dimension d) {
  std::vector<std::string> keys;
  switch (d) {
    case Dimension::mineral: {
      // A group's row counts what `list --mineral GROUP` finds: the agreements that name the
      // group or any of its members, each once. Sets (NdPr) are shorthand and get no row.
      const auto& table = MineralTable::builtin();
      keys = a.minerals;
      for (const auto& name : a.minerals) {
        const Mineral* m = table.find(name);
        if (!m) continue;
        for (const auto& g : m->groups) {
          const Mineral* group = table.find(g);
          if (group && group->kind == MineralKind::group) keys.push_back(group->name);
        }
      }
      break;
    }
    case Dimension::type:
      keys.emplace_back(to_string(a.type));
      break;
    case Dimension::party:
      for (const auto& p : a.parties) keys.push_back(p.name);
      break;
    case Dimension::year:
      if (!a.date().empty()) keys.push_back(std::to_string(a.date().year));
      break;
    case Dimension::country:
      if (!a.location.country.empty()) keys.push_back(a.location.country);
      break;
    case Dimension::status:
      keys.emplace_back(to_string(a.status));
      break;
  }
  // A party named twice (as buyer and seller of a swap) still counts once.
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.empty()) keys.emplace_back(k_none);
  return keys;
}

ReportBuilder::ReportBuilder(ReportOptions options) : m_options(std::move(options)) {
  if (m_options.by.empty()) m_options.by.push_back(Dimension::mineral);
  m_groups.resize(m_options.by.size());
}

void ReportBuilder::add(const Agreement& a) {
  m_overall.add(a);
  for (std::size_t i = 0; i < m_options.by.size(); ++i) {
    for (const auto& key : group_keys(a, m_options.by[i])) m_groups[i][key].add(a);
  }
}

Report ReportBuilder::finish() {
  Report r;
  r.overall = m_overall;
  for (std::size_t i = 0; i < m_options.by.size(); ++i) {
    Breakdown b;
    b.dimension = m_options.by[i];
    // Each group moves out of the table node by node: a breakdown of a million parties is held
    // once, not twice.
    b.groups.reserve(m_groups[i].size());
    while (!m_groups[i].empty()) {
      auto node = m_groups[i].extract(m_groups[i].begin());
      b.groups.push_back({std::move(node.key()), std::move(node.mapped())});
    }
    // Largest first; "(none)" after every real group; names break ties so output is stable.
    std::sort(b.groups.begin(), b.groups.end(), [](const Group& x, const Group& y) {
      if ((x.name == k_none) != (y.name == k_none)) return y.name == k_none;
      if (x.totals.agreements != y.totals.agreements)
        return x.totals.agreements > y.totals.agreements;
      return x.name < y.name;
    });
    if (m_options.top && b.groups.size() > *m_options.top) {
      b.omitted = static_cast<std::int64_t>(b.groups.size() - *m_options.top);
      b.groups.resize(*m_options.top);
    }
    if (b.dimension == Dimension::year) {
      // A timeline reads in order of time, whatever was kept.
      std::stable_sort(b.groups.begin(), b.groups.end(), [](const Group& x, const Group& y) {
        if ((x.name == k_none) != (y.name == k_none)) return y.name == k_none;
        return x.name < y.name;
      });
    }
    r.breakdowns.push_back(std::move(b));
  }
  return r;
}

Report build_report(const std::vector<Agreement>& agreements, const ReportOptions& options) {
  ReportBuilder builder(options);
  for (const auto& a : agreements) builder.add(a);
  return builder.finish();
}

std::string format_sums(const CurrencySums& sums) {
  std::vector<std::string> parts;
  for (const auto& m : sums.monies()) parts.push_back(format_money_long(m));
  return text::join(parts, "; ");
}

void write_report_table(std::ostream& out, const Report& r, std::size_t width,
                        const ConvertedTotals* converted) {
  RenderOptions options;
  options.width = width;
  out << headline(r.overall) << '\n';
  if (!r.overall.binding_value.empty()) {
    out << "binding value:     " << format_sums(r.overall.binding_value) << '\n';
  }
  if (!r.overall.non_binding_value.empty()) {
    out << "non-binding value: " << format_sums(r.overall.non_binding_value) << '\n';
  }
  if (converted) {
    for (const auto& line : describe_conversion(*converted)) out << line << '\n';
  }
  for (const auto& b : r.breakdowns) {
    out << '\n';
    write_text_table(out, breakdown_table(b), options);
    if (b.omitted > 0) out << fmt::format("({} more not shown)\n", b.omitted);
    if (auto note = overlap_note(b.dimension); !note.empty()) out << note << '\n';
  }
}

void write_report_markdown(std::ostream& out, const Report& r,
                           const ConvertedTotals* converted) {
  std::string s = "## Critical-minerals agreements\n\n";
  s += fmt::format("**{}** — {} binding, {} non-binding.\n",
                   plural(r.overall.agreements, "agreement", "agreements"), r.overall.binding,
                   r.overall.non_binding);
  if (!r.overall.binding_value.empty()) {
    s += fmt::format("Binding value: {}.\n", markdown_escape(format_sums(r.overall.binding_value)));
  }
  if (!r.overall.non_binding_value.empty()) {
    s += fmt::format("Non-binding value: {}.\n",
                     markdown_escape(format_sums(r.overall.non_binding_value)));
  }
  if (converted) {
    s += '\n';
    for (const auto& line : describe_conversion(*converted)) {
      s += "- " + markdown_escape(line) + '\n';
    }
  }
  out << s;
  for (const auto& b : r.breakdowns) {
    out << fmt::format("\n### By {}\n\n", to_string(b.dimension));
    write_markdown_table(out, breakdown_table(b));
    std::string notes;
    if (b.omitted > 0) notes += fmt::format("{} more not shown. ", b.omitted);
    notes += overlap_note(b.dimension);
    if (!notes.empty()) out << '\n' << text::trim(notes) << '\n';
  }
  out << "\nValues are summed per currency, never across currencies; MOUs, letters of interest "
         "and frameworks count as non-binding unless marked binding.\n";
}

void write_report_json(std::ostream& out, const Report& r, const ConvertedTotals* converted) {
  std::string s = "{";
  append_totals_json(s, r.overall);
  if (converted) append_converted_json(s, *converted);
  s += ",\"by\":[";
  for (std::size_t i = 0; i < r.breakdowns.size(); ++i) {
    const auto& b = r.breakdowns[i];
    if (i) s += ',';
    s += "\n{\"dimension\":";
    append_json_string(s, to_string(b.dimension));
    s += fmt::format(",\"omitted\":{},\"groups\":[", b.omitted);
    for (std::size_t g = 0; g < b.groups.size(); ++g) {
      s += g ? ",\n" : "\n";
      s += "{\"name\":";
      append_json_string(s, b.groups[g].name);
      s += ',';
      append_totals_json(s, b.groups[g].totals);
      s += '}';
    }
    s += "]}";
  }
  s += r.breakdowns.empty() ? "]}\n" : "\n]}\n";
  out << s;
}

ConvertedTotals convert_totals(const Totals& t, std::string_view currency, const RateTable& rates,
                               const PartialDate& on) {
  ConvertedTotals c;
  c.currency = std::string(currency);
  c.on = on;
  std::set<std::string> codes;
  for (const auto* sums : {&t.binding_value, &t.non_binding_value}) {
    for (const auto& [code, minor] : sums->minor) codes.insert(code);
  }
  std::map<std::string, RateUsed> factors;
  for (const auto& code : codes) {
    if (auto f = rates.factor(code, currency, on)) {
      factors.emplace(code, *f);
      if (code != currency) c.rates.push_back(*f);
    } else {
      c.missing.push_back(code);
    }
  }
  const auto sum = [&](const CurrencySums& sums) -> std::optional<Money> {
    long double total = 0;
    bool any = false, approximate = false;
    for (const auto& [code, minor] : sums.minor) {
      auto it = factors.find(code);
      if (it == factors.end()) continue;
      any = true;
      total += static_cast<long double>(minor) * it->second.factor;
      approximate = approximate || sums.approximate.at(code);
    }
    if (!any) return std::nullopt;
    // Whole units: a converted sum is an estimate, and cents would claim otherwise.
    const auto whole = std::llround(total / Money::k_scale) * Money::k_scale;
    return Money{static_cast<std::int64_t>(whole), c.currency, approximate, ""};
  };
  c.binding = sum(t.binding_value);
  c.non_binding = sum(t.non_binding_value);
  return c;
}

std::vector<std::string> describe_conversion(const ConvertedTotals& c) {
  std::vector<std::string> lines;
  if (c.binding) {
    lines.push_back(fmt::format("binding value in {}: {}", c.currency, format_money_long(*c.binding)));
  }
  if (c.non_binding) {
    lines.push_back(
        fmt::format("non-binding value in {}: {}", c.currency, format_money_long(*c.non_binding)));
  }
  for (const auto& r : c.rates) lines.push_back("rate: " + r.describe());
  if (!c.missing.empty()) {
    lines.push_back(fmt::format("no rate for {}: left out of the converted sums",
                                text::join(c.missing, ", ")));
  }
  return lines;
}

}  // namespace mtrack
