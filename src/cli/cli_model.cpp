#include "cli/cli_model.hpp"

#include <algorithm>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/model.hpp"
#include "mtrack/formats/render.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

std::vector<std::string> words(const std::vector<std::string_view>& names) {
  return {names.begin(), names.end()};
}

// Names a shell can complete without quoting: "rare earths" is offered as "rare-earths",
// which resolves to the same mineral.
std::vector<std::string> mineral_words() {
  const auto& table = MineralTable::builtin();
  std::vector<std::string> out;
  for (const auto& m : table.all()) {
    std::string w = m.name;
    std::replace(w.begin(), w.end(), ' ', '-');
    if (w != m.name && table.find(w) == nullptr) continue;
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The members of a CLI::IsMember check, whose description reads "{a,b,c}".
std::vector<std::string> member_words(CLI::Option& opt) {
  try {
    const std::string d = opt.get_validator()->get_description();
    if (d.size() > 2 && d.front() == '{' && d.back() == '}') {
      return text::split(std::string_view(d).substr(1, d.size() - 2), ',');
    }
  } catch (const CLI::OptionNotFound&) {
  }
  return {};
}

std::vector<std::string> values_for(CLI::Option& opt, const std::string& lname) {
  if (auto m = member_words(opt); !m.empty()) return m;
  if (lname == "mineral") return mineral_words();
  if (lname == "type") return words(agreement_type_names());
  if (lname == "status") return words(status_names());
  if (lname == "role") return words(role_names());
  if (lname == "stage") return words(stage_names());
  if (lname == "format") return {"table", "json", "jsonl", "csv", "yaml", "markdown"};
  return {};
}

OptionInfo describe_option(CLI::Option& opt) {
  OptionInfo o;
  for (const auto& l : opt.get_lnames()) o.longs.push_back("--" + l);
  for (const auto& s : opt.get_snames()) o.shorts.push_back("-" + s);
  o.description = opt.get_description();
  o.repeatable = opt.get_items_expected_max() > 1;
  if (opt.get_expected_max() == 0) return o;  // a flag
  // CLI11 appends its checks ("WHEN:{auto,always,never}"); keep the name.
  o.type_name = opt.get_type_name();
  o.type_name = o.type_name.substr(0, o.type_name.find(':'));
  // A positional argument is known by its description ("Show only this mineral ...").
  std::string lname = opt.get_lnames().empty() ? "" : opt.get_lnames().front();
  if (!opt.nonpositional() && text::lower(o.description).find("mineral") != std::string::npos) {
    lname = "mineral";
  }
  o.values = values_for(opt, lname);
  const auto names_file = [](std::string n) {
    n = text::lower(n);
    return n.find("file") != std::string::npos || n.find("path") != std::string::npos;
  };
  const bool file = o.values.empty() && (names_file(o.type_name) || names_file(lname) ||
                                         (!opt.nonpositional() && names_file(o.description)));
  o.value = file ? ValueKind::file : ValueKind::word;
  return o;
}

CommandInfo describe_command(CLI::App& app, const std::string& name) {
  CommandInfo c;
  c.name = name;
  c.description = app.get_description();
  c.footer = app.get_footer();
  for (const CLI::Option* copt : app.get_options()) {
    auto& opt = const_cast<CLI::Option&>(*copt);
    OptionInfo o = describe_option(opt);
    if (!opt.nonpositional()) {
      o.type_name = opt.get_name(true);
      c.positionals.push_back(std::move(o));
    } else {
      c.options.push_back(std::move(o));
    }
  }
  return c;
}

}  // namespace

CliModel describe(CLI::App& app) {
  CliModel m;
  m.top = describe_command(app, "");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;
    m.commands.push_back(describe_command(*sub, sub->get_name()));
  }
  return m;
}

}  // namespace mtrack::cli
