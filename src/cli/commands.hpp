#pragma once

// The command-line front end: one file per command (cmd_<name>.cpp), each with a setup
// function that declares its flags and stores what to run. app.cpp holds the table of
// commands, the global flags and the mapping of errors to exit statuses.

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "cli/settings.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/formats/render.hpp"
#include "mtrack/storage/repository.hpp"

namespace mtrack::cli {

// Flags that every command understands.
struct Globals {
  std::string db;      // --db, else MTRACK_DB, else the XDG data path: a file or a URI
  std::string format;  // --format; empty = the command's default
  std::string color;   // --color auto|always|never; empty = not given
  bool quiet = false;
  bool no_pager = false;  // --no-pager
};

class Output;

// What a command needs at run time. The runner is set by the chosen command's callback
// during parsing and called after it, so usage errors (exit 2) never mix with runtime
// errors (exit 3).
struct Context {
  Globals globals;
  // The command as typed, words quoted for a shell where needed: the label of the write
  // operations that `open` journals (mtrack log).
  std::string command_line;
  std::function<int()> runner;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  Output* output = nullptr;  // behind `out`: checked writes, the pager

  // The database (repository.hpp: a SQLite file's path or a postgresql:// URI), and the same
  // as messages show it (without a password).
  std::string db_locator() const;
  std::string db_display() const;
  std::unique_ptr<Repository> open(Access access) const;
  // The output format: --format, else `fallback`; only formats in `allowed` pass.
  Format format(Format fallback, const std::vector<Format>& allowed) const;
  RenderOptions render_options() const;
  bool stdout_is_terminal() const;
  bool stdin_is_terminal() const;
  bool stderr_is_terminal() const;
  // Prints a one-line note to stderr unless --quiet.
  void note(const std::string& message) const;
  // Prints "mtrack: warning: MESSAGE" to stderr, even with --quiet.
  void warn(const std::string& message) const;
  // What follows on stdout may be long: page it on a terminal (unless --no-pager).
  void page() const;
  // The effective --db, --format and --color, resolved on first use (flag > environment >
  // config file > default); throws mtrack::Error when the config file is bad.
  const Settings& settings() const;

 private:
  mutable std::optional<Settings> m_settings;
};

using Setup = void (*)(CLI::App& app, Context& ctx);

void setup_init(CLI::App& app, Context& ctx);
void setup_add(CLI::App& app, Context& ctx);
void setup_list(CLI::App& app, Context& ctx);
void setup_show(CLI::App& app, Context& ctx);
void setup_edit(CLI::App& app, Context& ctx);
void setup_event(CLI::App& app, Context& ctx);
void setup_rm(CLI::App& app, Context& ctx);
void setup_log(CLI::App& app, Context& ctx);
void setup_undo(CLI::App& app, Context& ctx);
void setup_import(CLI::App& app, Context& ctx);
void setup_export(CLI::App& app, Context& ctx);
void setup_copy(CLI::App& app, Context& ctx);
void setup_minerals(CLI::App& app, Context& ctx);
void setup_extract(CLI::App& app, Context& ctx);
void setup_report(CLI::App& app, Context& ctx);
void setup_rates(CLI::App& app, Context& ctx);
void setup_site(CLI::App& app, Context& ctx);
void setup_check(CLI::App& app, Context& ctx);
void setup_diff(CLI::App& app, Context& ctx);
void setup_merge(CLI::App& app, Context& ctx);
void setup_party(CLI::App& app, Context& ctx);
void setup_config(CLI::App& app, Context& ctx);
void setup_help(CLI::App& app, Context& ctx);
void setup_completion(CLI::App& app, Context& ctx);
void setup_help_man(CLI::App& app, Context& ctx);

// Runs mtrack with these arguments; returns the exit status.
int run(int argc, char** argv);

// ---- flags shared by several commands (options.cpp) ----

// The filters of `list`, `export` and `report`.
struct FilterOptions {
  std::vector<std::string> minerals;
  std::vector<std::string> types;
  std::string party;
  std::string role;
  std::vector<std::string> statuses;
  std::string country;
  std::string since;
  std::string until;
  std::string as_of;
  std::string min_value;
  std::string max_value;
  std::vector<std::string> tags;
  std::string search;
  std::string sort = "date";
  bool reverse = false;
  std::optional<std::int64_t> limit;
};
void add_filter_options(CLI::App* sub, FilterOptions& o);
// Resolves names and parses values; throws UsageError naming the flag on a bad value.
Filter to_filter(const FilterOptions& o);
// Warns (as for an unknown mineral, but the listing still runs) when --party names no stored
// organisation, with the closest names. It reads every organisation (0.36 s at 50,000), so
// callers ask only when the listing found nothing: a listing with rows names a real party.
void warn_unknown_party(const Context& ctx, Repository& repo, const Filter& f);

// The fields of `add` and `edit`. Only flags that were given change a record.
struct FieldOptions {
  std::string key, type, title, status, value, currency, ceiling, term, announced, signed_on,
      expires, country, region, site, source_url, source_title, source_publisher, evidence, notes;
  std::vector<std::string> parties, minerals, tags, stages;
  std::vector<std::string> clear;  // edit --clear FIELD
  bool binding = false;
  bool non_binding = false;
  CLI::App* sub = nullptr;  // to ask which flags were given
};
void add_field_options(CLI::App* sub, FieldOptions& o);
// edit's --clear FIELD (repeat): the only way to remove a value; an empty flag value is refused.
void add_clear_option(CLI::App* sub, FieldOptions& o);
// Whether any field flag (or --clear) was given.
bool any_field_given(const FieldOptions& o);
// Applies the given flags to `a`, then the rules of every way in (admit: names cleaned,
// UTF-8, amount limits); throws UsageError naming the flag on a bad value. Returns the fields
// --clear emptied that had a value ("value (was USD 400M)").
std::vector<std::string> apply_fields(const FieldOptions& o, Agreement& a);

// ---- exchange rates (cmd_rates.cpp) ----

// The bundled annual averages with the database's own rates over them.
RateTable load_rates(Repository& repo);
// An ISO 4217 code given to `flag` ("usd" -> "USD"); throws UsageError naming the flag.
std::string currency_flag(std::string_view flag, std::string_view value);

// ---- the double-count guard of import, add and extract --commit (guard.cpp) ----

// --link (attach a probable duplicate to the record it duplicates) and --force (store it as a
// new agreement anyway); without either a probable duplicate is refused.
struct DuplicateFlags {
  bool link = false;
  bool force = false;
  OnDuplicate mode() const;
};
void add_duplicate_flags(CLI::App* sub, DuplicateFlags& flags);

// What a run of Reconciler::put did, with the lines to report.
struct Tally {
  std::int64_t added = 0, updated = 0, unchanged = 0, merged = 0;
  std::vector<std::string> duplicates;  // one error line each
  std::vector<std::string> conflicts;   // one line each
  // `where` starts each line ("deals.yaml:12", "article.txt"; empty: "mtrack").
  void count(const PutOutcome& outcome, const std::string& where);
  // Prints the duplicate and conflict lines on stderr, even with --quiet: they are findings.
  void report(const Context& ctx) const;
  // ", 2 merged into existing records" when any were, else "".
  std::string merged_text() const;
};

// Whether to go on with a change that is hard to take back (rm, merge, party merge): with
// --yes (`yes`), yes; on a terminal, asks "QUESTION [y/N] " on stderr and reads the answer;
// otherwise (a script) throws UsageError "COMMAND: ... needs --yes when not on a terminal".
bool confirm(const Context& ctx, bool yes, std::string_view command, const std::string& question);

// The agreement `id_or_key` names (an id, a key, or a key merged into another record), or
// an Error "no agreement with id or key ..." (exit 3).
Agreement require_agreement(Repository& repo, const std::string& id_or_key);
Agreement require_agreement(WriteSession& session, const std::string& id_or_key);

// Parses a flag value, turning a parse failure into a UsageError that names the flag.
Money money_flag(std::string_view flag, const std::string& value, const std::string& currency = {});
PartialDate date_flag(std::string_view flag, const std::string& value);
Status status_flag(std::string_view flag, const std::string& value);
// An ISO 3166-1 alpha-2 code in any case, upper-cased (parse_country).
std::string country_flag(std::string_view flag, const std::string& value);

}  // namespace mtrack::cli
