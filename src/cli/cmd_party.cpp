// mtrack party list|show|alias|merge: curate the organisations agreements are made between.
// A party is stored as its canonical organisation; each agreement keeps the name it used
// ("Department of War", "Loan Programs Office"), so renamed bodies and subsidiaries resolve to
// one party without rewriting history.

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "mtrack/domain/admit.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {
namespace {

struct PartyOptions {
  std::string action;
  std::vector<std::string> names;
  bool yes = false;
};

void expect_names(const PartyOptions& o, std::size_t min, std::size_t max, const char* usage) {
  if (o.names.size() < min || o.names.size() > max) {
    throw UsageError(fmt::format("party {}: expected {}", o.action, usage));
  }
}

Organisation find_organisation(Repository& repo, const std::string& typed) {
  const std::string name = clean_name(typed);
  auto org = repo.organisation(name);
  if (!org) {
    std::vector<std::string> names;
    for (const auto& o : repo.organisations()) names.push_back(o.name);
    throw Error(fmt::format("no organisation named '{}'{}", name,
                            text::did_you_mean(text::closest(name, names, 2))));
  }
  return *org;
}

int list(Context& ctx) {
  const Format format =
      ctx.format(Format::table, {Format::table, Format::json, Format::csv, Format::markdown});
  auto repo = ctx.open(Access::read_only);
  const auto orgs = repo->organisations();
  ctx.page();
  if (format == Format::json) {
    std::vector<JsonObject> rows;
    for (const auto& o : orgs) {
      rows.push_back(JsonObject()
                         .text("name", o.name)
                         .text("kind", o.kind)
                         .text_or_null("country", o.country)
                         .number("agreements", o.agreements)
                         .texts("aliases", o.aliases));
    }
    *ctx.out << json_array(rows);
    return 0;
  }
  TextTable t;
  t.headers = {"NAME", "KIND", "COUNTRY", "AGREEMENTS", "ALIASES"};
  t.right = {false, false, false, true, false};
  for (const auto& o : orgs) {
    t.rows.push_back(
        {o.name, o.kind, o.country, std::to_string(o.agreements), text::join(o.aliases, "; ")});
  }
  if (format == Format::csv)
    write_csv_table(*ctx.out, t);
  else if (format == Format::markdown)
    write_markdown_table(*ctx.out, t);
  else
    write_text_table(*ctx.out, t, ctx.render_options());
  return 0;
}

int show(Context& ctx, const std::string& name) {
  auto repo = ctx.open(Access::read_only);
  const Organisation org = find_organisation(*repo, name);
  ctx.page();
  std::string s = org.name + "\n\n";
  const auto field = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) s += fmt::format("  {:<10} {}\n", label, value);
  };
  field("kind", org.kind);
  field("country", org.country);
  field("aliases", text::join(org.aliases, "; "));
  *ctx.out << s;
  const auto uses = repo->party_uses(org.id);
  if (uses.empty()) {
    *ctx.out << "\n  no agreements\n";
    return 0;
  }
  *ctx.out << "\n";
  TextTable t;
  t.headers = {"KEY", "ROLE", "NAME USED", "TITLE"};
  t.right = {false, false, false, false};
  for (const auto& u : uses) {
    t.rows.push_back({u.key, std::string(to_string(u.role)),
                      u.as_written.empty() ? org.name : u.as_written, u.title});
  }
  write_text_table(*ctx.out, t, ctx.render_options());
  return 0;
}

int alias(Context& ctx, const PartyOptions& o) {
  auto repo = ctx.open(Access::read_write);
  const Organisation org = find_organisation(*repo, o.names.front());
  PartyAliases p;
  p.name = org.name;
  for (std::size_t i = 1; i < o.names.size(); ++i) {
    const std::string a = clean_name(o.names[i]);
    if (a.empty()) throw UsageError("party alias: an alias needs a name");
    p.aliases.push_back(a);
  }
  with_write_retry([&] {
    auto session = repo->begin_write();
    session->put_aliases(p);
    session->commit();
  });
  ctx.note(fmt::format("{}: {} now {} to it", org.name, text::join(p.aliases, ", "),
                       p.aliases.size() == 1 ? "resolves" : "resolve"));
  return 0;
}

int merge(Context& ctx, const PartyOptions& o) {
  auto repo = ctx.open(Access::read_write);
  const Organisation keep = find_organisation(*repo, o.names[0]);
  const Organisation drop = find_organisation(*repo, o.names[1]);
  if (keep.id == drop.id) {
    throw Error(fmt::format("'{}' and '{}' are already one organisation ({})", o.names[0],
                            o.names[1], keep.name));
  }
  // An agreement between the two would list the same party twice: refused, naming them.
  std::vector<std::string> both;
  const auto kept_uses = repo->party_uses(keep.id);
  for (const auto& u : repo->party_uses(drop.id)) {
    const bool shared = std::any_of(kept_uses.begin(), kept_uses.end(),
                                    [&](const PartyUse& k) { return k.key == u.key; });
    if (shared && std::find(both.begin(), both.end(), u.key) == both.end()) both.push_back(u.key);
  }
  if (!both.empty()) {
    throw Error(fmt::format(
        "'{}' and '{}' are both parties to {} ({}): merged, the same party would be listed "
        "twice; edit {} first",
        keep.name, drop.name, text::count(static_cast<std::int64_t>(both.size()), "agreement"),
        text::join(both, ", "), both.size() == 1 ? "it" : "them"));
  }
  if (!confirm(ctx, o.yes, "party merge",
               fmt::format("Merge {} into {}? Its {} move to {} and '{}' becomes an alias.",
                           drop.name, keep.name, text::count(drop.agreements, "agreement"),
                           keep.name, drop.name))) {
    ctx.note("nothing merged");
    return exit_status(ExitCode::failure);
  }
  // What the names mean is read again inside the write transaction: another command may
  // have merged or renamed one of them since the question was asked. Run again from the start
  // when a concurrent writer conflicts (PostgreSQL).
  with_write_retry([&] {
    auto session = repo->begin_write();
    for (std::size_t i = 0; i < 2; ++i) {
      const std::string& asked = i == 0 ? keep.name : drop.name;
      const auto now = session->resolve_party(o.names[i]);
      if (now != asked) {
        throw Error(fmt::format("'{}' changed meanwhile ({}); nothing merged", o.names[i],
                                now ? "it now names '" + *now + "'" : "it names nothing now"));
      }
    }
    session->merge_organisations(keep.name, drop.name);
    session->commit();
  });
  ctx.note(fmt::format("merged {} into {}: {} moved, '{}' is now an alias", drop.name, keep.name,
                       text::count(drop.agreements, "agreement"), drop.name));
  return 0;
}

}  // namespace

void setup_party(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "party", "Curate organisations: list them, show one, add aliases, merge two into one");
  auto o = std::make_shared<PartyOptions>();
  sub->add_option("ACTION", o->action, "list, show NAME, alias NAME ALIAS..., merge KEEP DROP")
      ->required()
      ->check(CLI::IsMember({"list", "show", "alias", "merge"}));
  sub->add_option("NAME", o->names, "Organisation names or aliases (see ACTION)");
  sub->add_flag("--yes,-y", o->yes, "merge: do not ask (needed when not on a terminal)");
  sub->footer(
      "An agreement's party is its canonical organisation; the name the agreement used is\n"
      "kept beside it (\"Department of War\" resolves to the U.S. Department of Defense and is\n"
      "still shown as written). 'alias' adds names that resolve to an organisation; 'merge'\n"
      "makes DROP one organisation with KEEP: its agreements, aliases and name move to KEEP,\n"
      "each agreement keeping the name it used. list --party finds both by either name.\n"
      "'merge' asks first on a terminal and needs --yes in a script; it refuses two\n"
      "organisations that are parties to one agreement (it would list one party twice).\n\n"
      "Examples:\n"
      "  mtrack party list\n"
      "  mtrack party show \"Department of War\"\n"
      "  mtrack party alias \"US Strategic Metals\" USSM \"U.S. Strategic Metals\"\n"
      "  mtrack party merge \"Glencore plc\" \"Glencore International AG\" --yes");
  sub->callback([&ctx, o] {
    ctx.runner = [&ctx, o]() -> int {
      if (o->action == "list") {
        expect_names(*o, 0, 0, "no names");
        return list(ctx);
      }
      if (o->action == "show") {
        expect_names(*o, 1, 1, "one organisation name");
        return show(ctx, o->names.front());
      }
      if (o->action == "alias") {
        expect_names(*o, 2, 1000, "an organisation name and one or more aliases");
        return alias(ctx, *o);
      }
      expect_names(*o, 2, 2, "two organisations, KEEP and DROP");
      return merge(ctx, *o);
    };
  });
}

}  // namespace mtrack::cli
