#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/settings.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

// The commands, in the order `mtrack --help` lists them. `whole_app`: the command describes
// the whole command line (completion scripts, the man page), so every command is declared.
struct Command {
  std::string_view name;
  Setup setup;
  bool whole_app = false;
};
constexpr Command k_commands[] = {
    {"init", setup_init},
    {"add", setup_add},
    {"list", setup_list},
    {"show", setup_show},
    {"edit", setup_edit},
    {"event", setup_event},
    {"rm", setup_rm},
    {"log", setup_log},
    {"undo", setup_undo},
    {"import", setup_import},
    {"export", setup_export},
    {"copy", setup_copy},
    {"minerals", setup_minerals},
    {"extract", setup_extract},
    {"report", setup_report},
    {"rates", setup_rates},
    {"site", setup_site},
    {"check", setup_check},
    {"diff", setup_diff},
    {"merge", setup_merge},
    {"party", setup_party},
    {"config", setup_config},
    {"help", setup_help, true},
    {"completion", setup_completion, true},
    {"help-man", setup_help_man, true},
};

// The global options that take a value: the word after them is not a command.
constexpr std::string_view k_valued_globals[] = {"--db", "--format", "--color"};

// Which commands to declare for these arguments. CLI11 builds every option's names and
// validators up front, which was a third of a cold start, so only what the arguments need is
// declared: the command they name (the first word that is neither an option nor a global
// option's value), or none for `mtrack --version`; every command when they name none
// (`mtrack`, `mtrack --help`, a misspelt command), for the help text and the closest-name
// suggestion, or name one that describes the whole command line.
struct Declare {
  const Command* only = nullptr;
  bool all = true;
};
Declare to_declare(int argc, char** argv) {
  bool version = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!arg.empty() && arg[0] == '-') {
      if (std::find(std::begin(k_valued_globals), std::end(k_valued_globals), arg) !=
          std::end(k_valued_globals)) {
        ++i;
      }
      version = version || arg == "--version" || arg == "-V";
      continue;
    }
    if (version) break;
    for (const auto& c : k_commands) {
      if (c.name == arg && !c.whole_app) return {&c, false};
    }
    return {};
  }
  if (version) return {nullptr, false};
  return {};
}

// One line for a parse error. A mistyped flag gets the closest flag of the command.
std::string parse_error_line(const CLI::App& app, const CLI::ParseError& e,
                             const std::vector<std::string>& args) {
  const CLI::App* command = &app;
  for (const auto* sub : app.get_subcommands()) command = sub;
  const std::string prefix =
      command == &app ? "mtrack: " : fmt::format("mtrack: {}: ", command->get_name());
  // An unknown flag, or a word CLI11 took for one ("-x.yaml"), is the mistake to name, not
  // the argument it then found missing.
  const bool extras = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
  if (extras || (command != &app && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr)) {
    std::vector<std::string> flags;
    std::vector<std::string> shorts;
    for (const auto* scope : {command, &app}) {
      for (const auto* opt : scope->get_options()) {
        for (const auto& l : opt->get_lnames()) flags.push_back("--" + l);
        for (const auto& sn : opt->get_snames()) shorts.push_back("-" + sn);
      }
    }
    for (const auto& arg : args) {
      if (arg == "--") break;
      if (arg.size() < 2 || arg[0] != '-') continue;
      const std::string flag = arg.substr(0, arg.find('='));
      if (std::find(flags.begin(), flags.end(), flag) != flags.end()) continue;
      if (arg[1] != '-' &&
          std::find(shorts.begin(), shorts.end(), arg.substr(0, 2)) != shorts.end())
        continue;  // a short flag with its value attached ("-n5")
      const bool file_like = flag.find_first_of("./") != std::string::npos;
      return fmt::format("{}unknown flag '{}'{}{}", prefix, flag,
                         text::did_you_mean(text::closest(flag, flags, 1)),
                         file_like ? fmt::format(" (a file whose name starts with '-' is written "
                                                 "./{})",
                                                 arg)
                                   : std::string());
    }
    if (extras) return fmt::format("{}unexpected argument ({})", prefix, e.what());
  }
  if (command == &app && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr &&
      app.get_subcommands().empty()) {
    // A flag that is no global flag, before any command: that is the mistake to name.
    std::vector<std::string> globals;
    for (const auto* opt : app.get_options()) {
      for (const auto& l : opt->get_lnames()) globals.push_back("--" + l);
      for (const auto& sn : opt->get_snames()) globals.push_back("-" + sn);
    }
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) {
      if (!sub->get_group().empty()) names.push_back(sub->get_name());  // not the hidden ones
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& arg = args[i];
      // The value of a global option is not a command.
      if (std::find(std::begin(k_valued_globals), std::end(k_valued_globals), arg) !=
          std::end(k_valued_globals)) {
        ++i;
        continue;
      }
      if (arg.empty()) continue;
      if (arg[0] != '-') {
        return fmt::format("mtrack: unknown command '{}'{}", arg,
                           text::did_you_mean(text::closest(arg, names, 1)));
      }
      const std::string flag = arg.substr(0, arg.find('='));
      if (std::find(globals.begin(), globals.end(), flag) == globals.end()) {
        return fmt::format("mtrack: unknown flag '{}'{}", flag,
                           text::did_you_mean(text::closest(flag, globals, 1)));
      }
    }
    return fmt::format("mtrack: a command is needed (one of: {})", text::join(names, ", "));
  }
  // A value outside a fixed set: CLI11 says "--sort: vlaue not in {date,value,id}".
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr) {
    const std::string what = e.what();
    const auto colon = what.find(": ");
    const auto not_in = what.rfind(" not in {");
    if (colon != std::string::npos && not_in != std::string::npos && not_in > colon &&
        what.back() == '}') {
      const std::string value = what.substr(colon + 2, not_in - colon - 2);
      const std::string set = what.substr(not_in + 9, what.size() - not_in - 10);
      const auto members = text::split(set, ',');
      const std::string flag = what.substr(0, colon);
      return fmt::format("{}{}: unknown value '{}'{} (one of: {})",
                         app.get_option_no_throw(flag) ? "mtrack: " : prefix, flag, value,
                         text::did_you_mean(text::closest(value, members, 1)),
                         text::join(members, ", "));
    }
  }
  return prefix + e.what();
}

}  // namespace

const Settings& Context::settings() const {
  if (!m_settings) m_settings = resolve_settings({globals.db, globals.format, globals.color});
  return *m_settings;
}

std::string Context::db_locator() const { return settings().db.value; }

std::string Context::db_display() const { return display_locator(db_locator()); }

std::unique_ptr<Repository> Context::open(Access access) const {
  auto repo = open_repository(db_locator(), access);
  if (access != Access::read_only) repo->label_writes(command_line);
  return repo;
}

Agreement require_agreement(Repository& repo, const std::string& id_or_key) {
  auto a = repo.get(id_or_key);
  if (!a) throw Error(fmt::format("no agreement with id or key '{}'", id_or_key));
  return std::move(*a);
}

Agreement require_agreement(WriteSession& session, const std::string& id_or_key) {
  auto a = session.get(id_or_key);
  if (!a) throw Error(fmt::format("no agreement with id or key '{}'", id_or_key));
  return std::move(*a);
}

bool confirm(const Context& ctx, bool yes, std::string_view command, const std::string& question) {
  if (yes) return true;
  if (!ctx.stdin_is_terminal() || !::isatty(STDERR_FILENO)) {
    throw UsageError(fmt::format(
        "{}: asks before changing anything; not on a terminal, give --yes to go ahead", command));
  }
  *ctx.err << text::visible(question) << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  answer = text::lower(text::trim(answer));
  return answer == "y" || answer == "yes";
}

Format Context::format(Format fallback, const std::vector<Format>& allowed) const {
  const Setting& s = settings().format;
  if (s.value.empty()) return fallback;
  const auto f = parse_format(s.value);
  if (!f || std::find(allowed.begin(), allowed.end(), *f) == allowed.end()) {
    // A default from the environment or the config file gives way to the command's own.
    if (s.origin != Origin::flag && f) return fallback;
    std::vector<std::string> names;
    for (auto a : allowed) names.emplace_back(to_string(a));
    throw UsageError(
        fmt::format("{}: {}{} (one of: {})", s.where,
                    f ? fmt::format("'{}' is not available here", s.value)
                      : fmt::format("unknown format '{}'", s.value),
                    f ? std::string() : text::did_you_mean(text::closest(s.value, names, 1)),
                    text::join(names, ", ")));
  }
  return *f;
}

bool Context::stdout_is_terminal() const { return output != nullptr && output->terminal(); }
void Context::page() const {
  if (output) output->page(!globals.no_pager);
}
bool Context::stdin_is_terminal() const { return ::isatty(STDIN_FILENO); }
bool Context::stderr_is_terminal() const { return err == &std::cerr && ::isatty(STDERR_FILENO); }

RenderOptions Context::render_options() const {
  RenderOptions o;
  const std::string& color = settings().color.value;
  if (color == "always") {
    o.color = true;
  } else if (color == "auto") {
    o.color = stdout_is_terminal() && env("NO_COLOR").empty() && env("TERM") != "dumb";
  }
  if (stdout_is_terminal()) {
    o.width = 100;
    if (auto cols = env("COLUMNS"); !cols.empty())
      o.width = std::strtoul(cols.c_str(), nullptr, 10);
#ifdef TIOCGWINSZ
    winsize ws{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) o.width = ws.ws_col;
#endif
  }
  return o;
}

void Context::note(const std::string& message) const {
  if (!globals.quiet) *err << text::visible(message) << '\n';
}

void Context::warn(const std::string& message) const {
  *err << "mtrack: warning: " << text::visible(message) << '\n';
}

int run(int argc, char** argv) {
  default_sigpipe();
  std::ios::sync_with_stdio(false);
  Output output;
  Context ctx;
  ctx.output = &output;
  ctx.out = &output.stream();
  ctx.command_line = "mtrack";
  for (int i = 1; i < argc; ++i) ctx.command_line += " " + text::shell_word(argv[i]);
  ctx.err = &std::cerr;

  CLI::App app{
      "mtrack: a tracker of critical-minerals agreements (MOUs, loans, offtakes, "
      "contracts, ...)",
      "mtrack"};
  app.set_version_flag("-V,--version", std::string("mtrack ") + MTRACK_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default();
  app.add_option("--db", ctx.globals.db,
                 "Database: a file, or a postgresql:// URI for a shared PostgreSQL (else "
                 "$MTRACK_DB, else $XDG_DATA_HOME/mtrack/mtrack.db)")
      ->check(CLI::Validator(
          [](const std::string& v) {
            return v.empty() ? std::string("an empty path names no database") : std::string();
          },
          "PATH|URI"))
      ->type_name("PATH|URI");
  app.add_option("--format", ctx.globals.format,
                 "Output format: table, json, jsonl, csv, yaml, markdown, html (each command "
                 "says which it prints; else $MTRACK_FORMAT, else config.yaml)")
      ->type_name("FORMAT");
  app.add_option("--color", ctx.globals.color, "Colour: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.add_flag("-q,--quiet", ctx.globals.quiet, "Print no notes, only results and errors");
  app.add_flag("--no-pager", ctx.globals.no_pager,
               "Never page: print straight to the terminal (else output longer than the "
               "screen goes through $MTRACK_PAGER, else $PAGER, else 'less -FRX')");
  app.footer(
      "Examples:\n"
      "  mtrack import fixtures/agreements.yaml\n"
      "  mtrack list --mineral cobalt\n"
      "  mtrack list --mineral rare-earths --since 2025 --format json\n"
      "  mtrack show exim-ussm-loan-2024\n\n"
      "Run 'mtrack help COMMAND' or 'mtrack COMMAND --help' for a command's flags.");

  const Declare declare = to_declare(argc, argv);
  if (declare.only) declare.only->setup(app, ctx);
  if (declare.all) {
    for (const auto& c : k_commands) c.setup(app, ctx);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version: printed by CLI11 on std::cout
      const int status = app.exit(e);
      if (!std::cout.flush()) {
        std::cerr << "mtrack: cannot write to standard output: " << std::strerror(errno) << '\n';
        return exit_status(ExitCode::failure);
      }
      return status;
    }
    std::cerr << parse_error_line(app, e, std::vector<std::string>(argv + 1, argv + argc)) << '\n';
    return exit_status(ExitCode::usage);
  }
  if (!ctx.runner) return exit_status(ExitCode::usage);
  // Every error is printed here, once, as "mtrack: " and its one-line message, with control
  // characters of echoed values shown as escapes. What the command wrote before it failed
  // still reaches stdout first.
  const auto fail = [&](const char* what, ExitCode code) {
    output.abandon();
    std::cerr << "mtrack: " << text::visible(what) << '\n';
    return exit_status(code);
  };
  try {
    const int status = ctx.runner();
    output.finish();  // the last bytes: a full disk shows here at the latest
    return status;
  } catch (const PagerClosed&) {
    output.abandon();
    return exit_status(ExitCode::ok);
  } catch (const UsageError& e) {
    return fail(e.what(), ExitCode::usage);
  } catch (const Error& e) {
    return fail(e.what(), ExitCode::failure);
  } catch (const std::exception& e) {
    return fail(e.what(), ExitCode::failure);
  }
}

}  // namespace mtrack::cli
