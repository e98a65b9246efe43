// Flags shared by several commands: the list filters and the agreement fields.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/admit.hpp"
#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

template <class E, class Parse>
E enum_flag(std::string_view flag, const std::string& value, Parse parse,
            const std::vector<std::string_view>& names) {
  if (auto e = parse(value)) return *e;
  const std::vector<std::string> candidates(names.begin(), names.end());
  throw UsageError(fmt::format("{}: unknown value '{}'{} (one of: {})", flag, value,
                               text::did_you_mean(text::closest(value, candidates, 2)),
                               text::join(candidates, ", ")));
}

std::string join_names(const std::vector<std::string_view>& names) {
  return text::join(std::vector<std::string>(names.begin(), names.end()), ", ");
}

// CLI11's own number checks print their whole floating-point range on failure.
CLI::Validator whole_number() {
  return CLI::Validator(
      [](const std::string& v) -> std::string {
        if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
          return fmt::format("'{}' is not a whole number (0 or more)", v);
        if (v.find_first_not_of('0') != std::string::npos &&
            v.size() - v.find_first_not_of('0') > 18) {
          return fmt::format("'{}' is too large (at most 18 digits)", v);
        }
        return {};
      },
      "");
}

}  // namespace

Money money_flag(std::string_view flag, const std::string& value, const std::string& currency) {
  auto m = parse_money(value, currency);
  if (!m) throw UsageError(fmt::format("{}: {}", flag, m.error()));
  return m.value();
}

PartialDate date_flag(std::string_view flag, const std::string& value) {
  auto d = parse_partial_date(value);
  if (!d) throw UsageError(fmt::format("{}: {}", flag, d.error()));
  return d.value();
}

std::string country_flag(std::string_view flag, const std::string& value) {
  auto cc = parse_country(value);
  if (!cc) throw UsageError(fmt::format("{}: {}", flag, cc.error()));
  return cc.value();
}

Status status_flag(std::string_view flag, const std::string& value) {
  return enum_flag<Status>(flag, value, parse_status, status_names());
}

void add_filter_options(CLI::App* sub, FilterOptions& o) {
  sub->add_option("--mineral,-m", o.minerals,
                  "Mineral name, symbol, alias or group (repeat: any of)")
      ->type_name("NAME");
  sub->add_option("--type,-t", o.types,
                  "Agreement type (repeat: any of): " + join_names(agreement_type_names()))
      ->type_name("TYPE");
  sub->add_option("--party,-p", o.party, "Organisation name or alias (part of a name matches)")
      ->type_name("NAME");
  sub->add_option("--role", o.role, "Role the party plays: " + join_names(role_names()))
      ->type_name("ROLE");
  sub->add_option("--status,-s", o.statuses,
                  "Status (repeat: any of): " + join_names(status_names()))
      ->type_name("STATUS");
  sub->add_option("--country", o.country, "Country of the project, ISO code (US, AU)")
      ->type_name("CC");
  sub->add_option("--since", o.since, "Dated on or after (2024, 2024-08, 2024-08-15)")
      ->type_name("DATE");
  sub->add_option("--until", o.until, "Dated on or before")->type_name("DATE");
  sub->add_option("--as-of", o.as_of,
                  "As the records stood on this date: only the events dated by then count")
      ->type_name("DATE");
  sub->add_option("--min-value", o.min_value, "Value at least ('US$100m'; same currency only)")
      ->type_name("MONEY");
  sub->add_option("--max-value", o.max_value, "Value at most")->type_name("MONEY");
  sub->add_option("--tag", o.tags, "Tag (repeat: any of)")->type_name("TAG");
  sub->add_option("--search", o.search, "Full-text search in titles, notes, evidence, parties")
      ->type_name("TEXT");
  sub->add_option("--sort", o.sort, "Order: date, value, id")
      ->check(CLI::IsMember({"date", "value", "id"}))
      ->type_name("KEY");
  sub->add_flag("--reverse", o.reverse, "Reverse the order");
  sub->add_option("--limit,-n", o.limit, "Print at most N agreements")
      ->check(whole_number())
      ->type_name("N");
}

Filter to_filter(const FilterOptions& o) {
  Filter f;
  for (const auto& m : o.minerals) {
    auto names = MineralTable::builtin().resolve(m, MineralTable::Use::filter);
    if (!names) throw UsageError(fmt::format("--mineral: {}", names.error()));
    for (auto& n : std::move(names).value()) {
      if (std::find(f.minerals.begin(), f.minerals.end(), n) == f.minerals.end()) {
        f.minerals.push_back(std::move(n));
      }
    }
  }
  for (const auto& t : o.types) {
    f.types.push_back(
        enum_flag<AgreementType>("--type", t, parse_agreement_type, agreement_type_names()));
  }
  for (const auto& s : o.statuses) {
    f.statuses.push_back(enum_flag<Status>("--status", s, parse_status, status_names()));
  }
  f.party = clean_name(o.party);
  if (!o.role.empty()) f.role = enum_flag<Role>("--role", o.role, parse_role, role_names());
  if (!o.country.empty()) f.country = country_flag("--country", o.country);
  if (!o.since.empty()) f.since = date_flag("--since", o.since);
  if (!o.until.empty()) f.until = date_flag("--until", o.until);
  if (!o.as_of.empty()) f.as_of = date_flag("--as-of", o.as_of);
  if (!o.min_value.empty()) f.min_value = money_flag("--min-value", o.min_value);
  if (!o.max_value.empty()) f.max_value = money_flag("--max-value", o.max_value);
  if (f.min_value && f.max_value && f.min_value->currency != f.max_value->currency) {
    throw UsageError("--min-value and --max-value must be in the same currency");
  }
  f.tags = o.tags;
  f.search = o.search;
  f.sort = o.sort == "value" ? SortKey::value : o.sort == "id" ? SortKey::id : SortKey::date;
  f.reverse = o.reverse;
  if (o.limit) f.limit = *o.limit;
  return f;
}

void warn_unknown_party(const Context& ctx, Repository& repo, const Filter& f) {
  if (f.party.empty()) return;
  const std::string want = text::lower(f.party);
  std::vector<std::string> names;
  for (const auto& org : repo.organisations()) {
    if (text::lower(org.name).find(want) != std::string::npos) return;
    names.push_back(org.name);
    for (const auto& a : org.aliases) {
      if (text::iequals(a, f.party)) return;
      names.push_back(a);
    }
  }
  ctx.warn(fmt::format("--party: no organisation is called '{}'{}", f.party,
                       text::did_you_mean(text::closest(f.party, names, 3))));
}

void add_field_options(CLI::App* sub, FieldOptions& o) {
  o.sub = sub;
  sub->add_option("--key", o.key, "Stable key (a lower-case slug); generated when not given")
      ->type_name("KEY");
  sub->add_option("--type,-t", o.type, "Type: " + join_names(agreement_type_names()))
      ->type_name("TYPE");
  sub->add_option("--title", o.title, "One line to recognise the deal by")->type_name("TEXT");
  sub->add_option("--status,-s", o.status, "Status: " + join_names(status_names()))
      ->type_name("STATUS");
  sub->add_option("--party,-p", o.parties,
                  "Party as NAME or NAME:ROLE (repeat); roles: " + join_names(role_names()))
      ->type_name("NAME[:ROLE]");
  sub->add_option("--mineral,-m", o.minerals, "Mineral name, symbol or alias (repeat)")
      ->type_name("NAME");
  sub->add_option("--value", o.value,
                  "Headline amount: 'US$400 million', or a number with --currency")
      ->type_name("MONEY");
  sub->add_option("--currency", o.currency, "Currency of a bare --value/--ceiling (ISO code)")
      ->type_name("CODE");
  sub->add_option("--ceiling", o.ceiling, "An \"up to\" or potential total")->type_name("MONEY");
  sub->add_option("--term", o.term, "Term: 15y, 6 months, P15Y")->type_name("TERM");
  sub->add_option("--announced", o.announced, "Date announced (2024, 2024-08, 2024-08-15)")
      ->type_name("DATE");
  sub->add_option("--signed", o.signed_on, "Date signed")->type_name("DATE");
  sub->add_option("--expires", o.expires, "Date it expires")->type_name("DATE");
  auto* binding = sub->add_flag("--binding", o.binding, "The agreement is binding");
  sub->add_flag("--non-binding", o.non_binding, "The agreement is not binding")->excludes(binding);
  sub->add_option("--country", o.country, "Country of the project (ISO 3166-1 alpha-2: US, AU)")
      ->type_name("CC");
  sub->add_option("--region", o.region, "Region of the project")->type_name("TEXT");
  sub->add_option("--site", o.site, "Site or project name")->type_name("TEXT");
  sub->add_option("--stage", o.stages, "Supply-chain stage (repeat): " + join_names(stage_names()))
      ->type_name("STAGE");
  sub->add_option("--source-url", o.source_url, "Where the facts come from")->type_name("URL");
  sub->add_option("--source-title", o.source_title, "Title of the source")->type_name("TEXT");
  sub->add_option("--source-publisher", o.source_publisher, "Publisher of the source")
      ->type_name("TEXT");
  sub->add_option("--evidence", o.evidence, "The sentence that states the agreement")
      ->type_name("TEXT");
  sub->add_option("--tag", o.tags, "Tag (repeat)")->type_name("TAG");
  sub->add_option("--note", o.notes, "Free notes")->type_name("TEXT");
}

namespace {

// The fields --clear empties, in the order they are reported.
const std::vector<std::string> k_clearable = {"title",   "value",  "ceiling", "term",
                                              "announced", "signed", "expires", "binding",
                                              "country", "region", "site",    "stages",
                                              "tags",    "notes"};

// The flag that sets a field as admit() names it ("parties[2].name" -> "--party").
std::string flag_of(const std::string& field) {
  static const std::pair<std::string_view, std::string_view> k_flags[] = {
      {"parties", "--party"},         {"minerals", "--mineral"},
      {"location.country", "--country"}, {"location.region", "--region"},
      {"location.site", "--site"},    {"sources[1].title", "--source-title"},
      {"sources", "--source-url"},    {"evidence", "--evidence"},
      {"tags", "--tag"},              {"notes", "--note"},
      {"stage", "--stage"}};
  for (const auto& [prefix, flag] : k_flags) {
    if (field.rfind(prefix, 0) == 0) return std::string(flag);
  }
  return "--" + field.substr(0, field.find_first_of(".["));
}

UsageError empty_value(std::string_view flag) {
  return UsageError(fmt::format("{}: empty value (to remove it: mtrack edit ID --clear {})", flag,
                                flag.substr(2)));
}

}  // namespace

void add_clear_option(CLI::App* sub, FieldOptions& o) {
  sub->add_option("--clear", o.clear,
                  "Remove a field's value (repeat): " + text::join(k_clearable, ", "))
      ->type_name("FIELD");
}

bool any_field_given(const FieldOptions& o) {
  for (const auto* opt : o.sub->get_options()) {
    if (opt->get_lnames().empty() || opt->get_lnames().front() == "help") continue;
    if (opt->count() > 0) return true;
  }
  return false;
}

std::vector<std::string> apply_fields(const FieldOptions& o, Agreement& a) {
  const auto given = [&](const char* flag) { return o.sub->count(flag) > 0; };
  for (const auto& f : o.clear) {
    if (std::find(k_clearable.begin(), k_clearable.end(), f) == k_clearable.end()) {
      throw UsageError(fmt::format("--clear: unknown field '{}'{} (one of: {})", f,
                                   text::did_you_mean(text::closest(f, k_clearable, 1)),
                                   text::join(k_clearable, ", ")));
    }
    const std::string flag = f == "stages" ? "--stage" : f == "tags" ? "--tag" : f == "notes" ? "--note" : "--" + f;
    if (f == "binding" ? (o.binding || o.non_binding) : given(flag.c_str())) {
      throw UsageError(fmt::format("--clear {} and {} both given", f, f == "binding" ? "--binding" : flag));
    }
  }
  if (given("--key")) {
    if (o.key != text::slug(o.key) || o.key.empty()) {
      throw UsageError(
          fmt::format("--key: '{}' is not a lower-case slug (try '{}')", o.key, text::slug(o.key)));
    }
    a.key = o.key;
  }
  if (given("--type")) {
    a.type =
        enum_flag<AgreementType>("--type", o.type, parse_agreement_type, agreement_type_names());
  }
  if (given("--title")) a.title = o.title;
  if (given("--status"))
    a.status = enum_flag<Status>("--status", o.status, parse_status, status_names());
  if (given("--party")) {
    a.parties.clear();
    for (const auto& spec : o.parties) {
      Party p;
      const auto colon = spec.rfind(':');
      std::optional<Role> role;
      if (colon != std::string::npos) role = parse_role(text::trim(spec.substr(colon + 1)));
      if (role) {
        p.name = std::string(text::trim(spec.substr(0, colon)));
        p.role = *role;
      } else if (colon != std::string::npos && spec.find(' ', colon) == std::string::npos &&
                 colon + 1 < spec.size()) {
        enum_flag<Role>("--party", spec.substr(colon + 1), parse_role, role_names());
      } else {
        p.name = std::string(text::trim(spec));
      }
      if (p.name.empty()) throw UsageError("--party: a party needs a name");
      a.parties.push_back(std::move(p));
    }
  }
  if (given("--mineral")) {
    a.minerals.clear();
    for (const auto& m : o.minerals) {
      auto names = MineralTable::builtin().resolve(m, MineralTable::Use::store);
      if (!names) throw UsageError(fmt::format("--mineral: {}", names.error()));
      for (auto& n : std::move(names).value()) {
        if (std::find(a.minerals.begin(), a.minerals.end(), n) == a.minerals.end()) {
          a.minerals.push_back(std::move(n));
        }
      }
    }
  }
  if (given("--currency") && !is_currency_code(o.currency)) {
    throw UsageError(fmt::format(
        "--currency: unknown currency '{}' (use an ISO code: USD, AUD, EUR)", o.currency));
  }
  // An empty value never clears a field by accident: --clear says so.
  const std::pair<const char*, const std::string*> k_valued[] = {
      {"--value", &o.value},         {"--ceiling", &o.ceiling}, {"--term", &o.term},
      {"--announced", &o.announced}, {"--signed", &o.signed_on}, {"--expires", &o.expires},
      {"--country", &o.country}};
  for (const auto& [flag, v] : k_valued) {
    if (given(flag) && text::trim(*v).empty()) throw empty_value(flag);
  }
  if (given("--value")) a.value = money_flag("--value", o.value, o.currency);
  if (given("--ceiling")) a.ceiling = money_flag("--ceiling", o.ceiling, o.currency);
  if (given("--term")) {
    auto t = parse_term(o.term);
    if (!t) throw UsageError(fmt::format("--term: {}", t.error()));
    a.term = t.value();
  }
  const auto date = [&](const char* flag, const std::string& v, PartialDate& out) {
    if (given(flag)) out = date_flag(flag, v);
  };
  date("--announced", o.announced, a.announced);
  date("--signed", o.signed_on, a.signed_on);
  date("--expires", o.expires, a.expires);
  if (o.binding) a.binding = true;
  if (o.non_binding) a.binding = false;
  if (given("--country")) a.location.country = country_flag("--country", o.country);
  if (given("--region")) a.location.region = o.region;
  if (given("--site")) a.location.site = o.site;
  if (given("--stage")) {
    a.stages.clear();
    for (const auto& s : o.stages)
      a.stages.push_back(enum_flag<Stage>("--stage", s, parse_stage, stage_names()));
  }
  if (given("--source-url") || given("--source-title") || given("--source-publisher")) {
    Source s;
    s.url = o.source_url;
    s.title = o.source_title;
    s.publisher = o.source_publisher;
    a.sources.push_back(std::move(s));
  }
  if (given("--evidence")) {
    Evidence e;
    e.text = o.evidence;
    e.source = o.source_url.empty() ? o.source_title : o.source_url;
    a.evidence.push_back(std::move(e));
  }
  if (given("--tag")) a.tags = o.tags;
  if (given("--note")) a.notes = o.notes;

  std::vector<std::string> cleared;
  for (const auto& f : o.clear) {
    std::string was;
    const auto take = [&](auto& field, std::string shown) {
      was = std::move(shown);
      field = {};
    };
    if (f == "title") take(a.title, a.title);
    if (f == "value") take(a.value, a.value ? format_money_short(*a.value) : "");
    if (f == "ceiling") take(a.ceiling, a.ceiling ? format_money_short(*a.ceiling) : "");
    if (f == "term") take(a.term, describe_term(a.term));
    if (f == "announced") take(a.announced, a.announced.str());
    if (f == "signed") take(a.signed_on, a.signed_on.str());
    if (f == "expires") take(a.expires, a.expires.str());
    if (f == "binding") take(a.binding, a.binding ? (*a.binding ? "binding" : "non-binding") : "");
    if (f == "country") take(a.location.country, a.location.country);
    if (f == "region") take(a.location.region, a.location.region);
    if (f == "site") take(a.location.site, a.location.site);
    if (f == "stages") take(a.stages, a.stages.empty() ? "" : std::to_string(a.stages.size()) + " stages");
    if (f == "tags") take(a.tags, text::join(a.tags, ", "));
    if (f == "notes") take(a.notes, a.notes.empty() ? "" : "notes");
    if (!was.empty()) cleared.push_back(fmt::format("{} (was {})", f, was));
  }

  // The rules every way in shares: names cleaned, UTF-8, the amount limit.
  const auto problems = admit(a);
  if (!problems.empty()) {
    const auto& p = problems.front();
    throw UsageError(fmt::format("{}: {}", flag_of(p.field), p.message));
  }
  return cleared;
}

}  // namespace mtrack::cli
