#include "cli/completion.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

const std::vector<std::string> k_shells = {"bash", "zsh", "fish"};

std::string first_line(const std::string& s, std::size_t max = 90) {
  std::string line = s.substr(0, s.find('\n'));
  if (text::display_width(line) > max) line = text::truncate_to_width(line, max);
  return line;
}

std::vector<std::string> names_of(const OptionInfo& o) {
  std::vector<std::string> n = o.longs;
  n.insert(n.end(), o.shorts.begin(), o.shorts.end());
  return n;
}

// Every option a command accepts: its own, then the global ones (mtrack passes global flags
// through to commands).
std::vector<const OptionInfo*> options_of(const CliModel& m, const CommandInfo& c) {
  std::vector<const OptionInfo*> out;
  for (const auto& o : c.options) out.push_back(&o);
  if (&c != &m.top) {
    for (const auto& o : m.top.options) {
      if (o.longs.empty() || o.longs.front() == "--help" || o.longs.front() == "--version")
        continue;
      out.push_back(&o);
    }
  }
  return out;
}

// ---- bash ---------------------------------------------------------------------------------

std::string bash_value_cases(const std::vector<const OptionInfo*>& options) {
  std::string out;
  for (const auto* o : options) {
    if (o->value == ValueKind::none) continue;
    out += fmt::format("        {})", text::join(names_of(*o), "|"));
    if (o->value == ValueKind::file) {
      out += " COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n";
    } else if (!o->values.empty()) {
      out += fmt::format(" COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return 0 ;;\n",
                         text::join(o->values, " "));
    } else {
      out += " return 0 ;;\n";  // free text: nothing to offer
    }
  }
  return out;
}

std::string bash_words(const std::vector<const OptionInfo*>& options) {
  std::vector<std::string> w;
  for (const auto* o : options) {
    for (const auto& n : o->longs) w.push_back(n);
    for (const auto& n : o->shorts) w.push_back(n);
  }
  return text::join(w, " ");
}

// ---- zsh ----------------------------------------------------------------------------------

std::string zsh_quote(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out;
}

// A description inside an _arguments spec "--flag[...]": no brackets of its own.
std::string zsh_description(const std::string& s) {
  std::string out = first_line(s);
  std::replace(out.begin(), out.end(), '[', '(');
  std::replace(out.begin(), out.end(), ']', ')');
  return out;
}

std::string zsh_specs(const std::vector<const OptionInfo*>& options, const std::string& indent) {
  std::string out;
  for (const auto* o : options) {
    for (const auto& n : names_of(*o)) {
      std::string spec = o->repeatable ? "*" : "";
      spec += n + "[" + zsh_description(o->description) + "]";
      if (o->value == ValueKind::file) {
        spec += ":" + o->type_name + ":_files";
      } else if (o->value == ValueKind::word) {
        spec += ":" + o->type_name + ":";
        if (!o->values.empty())
          spec += "(" + text::join(o->values, " ") + ")";
        else
          spec += " ";
      }
      out += indent + "'" + zsh_quote(spec) + "' \\\n";
    }
  }
  return out;
}

// ---- fish ---------------------------------------------------------------------------------

std::string fish_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_option(const OptionInfo& o, const std::string& condition) {
  std::string line = "complete -c mtrack";
  if (!condition.empty()) line += " -n " + fish_quote(condition);
  for (const auto& l : o.longs) line += " -l " + l.substr(2);
  for (const auto& s : o.shorts) line += " -s " + s.substr(1);
  if (o.value == ValueKind::file) line += " -r -F";
  if (o.value == ValueKind::word) {
    line += " -x";
    if (!o.values.empty()) line += " -a " + fish_quote(text::join(o.values, " "));
  }
  line += " -d " + fish_quote(first_line(o.description, 60));
  return line + "\n";
}

// ---- man ----------------------------------------------------------------------------------

// Text for roff: backslashes escaped, no line may start with a control character.
std::string roff(const std::string& s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
    line_start = c == '\n';
  }
  return out;
}

std::string man_options(const std::vector<OptionInfo>& options) {
  std::string out;
  for (const auto& o : options) {
    std::vector<std::string> names;
    for (const auto& n : names_of(o)) names.push_back("\\fB" + roff(n) + "\\fR");
    out += ".TP\n" + text::join(names, ", ");
    if (!o.type_name.empty()) out += " \\fI" + roff(o.type_name) + "\\fR";
    out += "\n" + roff(o.description) + "\n";
  }
  return out;
}

std::string man_footer(const std::string& footer) {
  if (footer.empty()) return "";
  std::string out = ".PP\n.nf\n";
  out += roff(footer);
  if (footer.back() != '\n') out += '\n';
  return out + ".fi\n";
}

}  // namespace

std::string bash_completion(const CliModel& m) {
  std::string out = fmt::format(
      "# bash completion for mtrack, generated by 'mtrack completion bash' ({}).\n"
      "# Install: mtrack completion bash > ~/.local/share/bash-completion/completions/mtrack\n"
      "_mtrack() {{\n"
      "  local cur prev cmd i\n"
      "  COMPREPLY=()\n"
      "  cur=\"${{COMP_WORDS[COMP_CWORD]}}\"\n"
      "  prev=\"\"\n"
      "  if ((COMP_CWORD > 0)); then prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"; fi\n"
      "  cmd=\"\"\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"${{COMP_WORDS[i]}}\" in\n",
      MTRACK_VERSION);
  std::vector<std::string> global_valued;
  for (const auto& o : m.top.options) {
    if (o.value != ValueKind::none) {
      for (const auto& n : names_of(o)) global_valued.push_back(n);
    }
  }
  if (!global_valued.empty()) {
    out += fmt::format("      {}) ((i++)) ;;\n", text::join(global_valued, "|"));
  }
  out +=
      "      -*) ;;\n"
      "      *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n"
      "    esac\n"
      "  done\n"
      "  local words=\"\" files=0\n"
      "  case \"$cmd\" in\n";
  std::vector<std::string> command_names;
  for (const auto& c : m.commands) command_names.push_back(c.name);
  const auto top_options = options_of(m, m.top);
  out += "    \"\")\n      case \"$prev\" in\n" + bash_value_cases(top_options) + "      esac\n";
  out += fmt::format("      words=\"{} {}\" ;;\n", text::join(command_names, " "),
                     bash_words(top_options));
  for (const auto& c : m.commands) {
    const auto options = options_of(m, c);
    out += fmt::format("    {})\n      case \"$prev\" in\n", c.name) + bash_value_cases(options) +
           "      esac\n";
    std::string positional_words;
    bool positional_files = false;
    for (const auto& p : c.positionals) {
      if (p.value == ValueKind::file) positional_files = true;
      if (!positional_words.empty()) positional_words += ' ';
      positional_words += text::join(p.values, " ");
    }
    out += fmt::format("      words=\"{}\"\n", bash_words(options));
    out += "      if [[ $cur != -* ]]; then\n";
    if (positional_files) out += "        files=1\n";
    out += fmt::format("        words=\"{}\"\n      fi ;;\n", positional_words);
  }
  out +=
      "  esac\n"
      "  if ((files)); then\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      "  fi\n"
      "  return 0\n"
      "}\n"
      "complete -o default -F _mtrack mtrack\n";
  return out;
}

std::string zsh_completion(const CliModel& m) {
  std::string out = fmt::format(
      "#compdef mtrack\n"
      "# zsh completion for mtrack, generated by 'mtrack completion zsh' ({}).\n"
      "# Install: mtrack completion zsh > \"${{fpath[1]}}/_mtrack\"\n\n"
      "_mtrack() {{\n"
      "  local curcontext=\"$curcontext\" state line ret=1\n"
      "  typeset -A opt_args\n"
      "  _arguments -C \\\n",
      MTRACK_VERSION);
  out += zsh_specs(options_of(m, m.top), "    ");
  out +=
      "    '1:command:->command' \\\n"
      "    '*::argument:->argument' && ret=0\n"
      "  case $state in\n"
      "    command)\n"
      "      local -a commands\n"
      "      commands=(\n";
  for (const auto& c : m.commands) {
    out += "        '" + zsh_quote(c.name + ":" + first_line(c.description, 70)) + "'\n";
  }
  out +=
      "      )\n"
      "      _describe -t commands 'mtrack command' commands && ret=0 ;;\n"
      "    argument)\n"
      "      curcontext=\"${curcontext%:*:*}:mtrack-$line[1]:\"\n"
      "      case $line[1] in\n";
  for (const auto& c : m.commands) {
    out += "        " + c.name + ")\n          _arguments \\\n";
    out += zsh_specs(options_of(m, c), "            ");
    for (const auto& p : c.positionals) {
      std::string spec = "*:" + p.type_name + ":";
      if (p.value == ValueKind::file)
        spec += "_files";
      else if (!p.values.empty())
        spec += "(" + text::join(p.values, " ") + ")";
      else
        spec += " ";
      out += "            '" + zsh_quote(spec) + "' \\\n";
    }
    out += "            && ret=0 ;;\n";
  }
  out +=
      "      esac ;;\n"
      "  esac\n"
      "  return ret\n"
      "}\n\n"
      "_mtrack \"$@\"\n";
  return out;
}

std::string fish_completion(const CliModel& m) {
  std::string out = fmt::format(
      "# fish completion for mtrack, generated by 'mtrack completion fish' ({}).\n"
      "# Install: mtrack completion fish > ~/.config/fish/completions/mtrack.fish\n"
      "complete -c mtrack -f\n",
      MTRACK_VERSION);
  for (const auto& c : m.commands) {
    out += fmt::format("complete -c mtrack -n __fish_use_subcommand -a {} -d {}\n", c.name,
                       fish_quote(first_line(c.description, 60)));
  }
  for (const auto& o : m.top.options) out += fish_option(o, "");
  for (const auto& c : m.commands) {
    const std::string cond = "__fish_seen_subcommand_from " + c.name;
    for (const auto& o : c.options) out += fish_option(o, cond);
    for (const auto& p : c.positionals) {
      if (p.value == ValueKind::file) {
        out += fmt::format("complete -c mtrack -n {} -F\n", fish_quote(cond));
      } else if (!p.values.empty()) {
        out += fmt::format("complete -c mtrack -n {} -a {}\n", fish_quote(cond),
                           fish_quote(text::join(p.values, " ")));
      }
    }
  }
  return out;
}

std::string man_page(const CliModel& m) {
  std::string out = fmt::format(
      ".TH MTRACK 1 \"\" \"mtrack {}\" \"User Commands\"\n"
      ".SH NAME\n"
      "mtrack \\- {}\n"
      ".SH SYNOPSIS\n"
      ".B mtrack\n"
      "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n"
      ".SH DESCRIPTION\n"
      "mtrack keeps critical\\-minerals agreements (MOUs, loans, offtakes, contracts, grants,\n"
      "investments) in one SQLite database, exchanges them as YAML or JSON, and extracts\n"
      "proposed agreements from article text with the sentences that state them.\n"
      ".SH GLOBAL OPTIONS\n"
      "Global options may be given before or after the command.\n",
      MTRACK_VERSION, roff("a tracker of critical-minerals agreements"));
  out += man_options(m.top.options);
  out += ".SH COMMANDS\n";
  for (const auto& c : m.commands) {
    std::string usage = "mtrack " + c.name;
    if (!c.options.empty()) usage += " [OPTIONS]";
    for (const auto& p : c.positionals) usage += " " + p.type_name + (p.repeatable ? "..." : "");
    out += ".SS \"" + roff(usage) + "\"\n" + roff(c.description) + "\n";
    out += man_options(c.positionals);
    out += man_options(c.options);
    out += man_footer(c.footer);
  }
  out += man_footer(m.top.footer).empty() ? "" : ".SH EXAMPLES\n" + man_footer(m.top.footer);
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\n.B MTRACK_DB\nDatabase (a file, or a postgresql:// URI) when \\fB\\-\\-db\\fR is not given.\n"
      ".TP\n.B MTRACK_FORMAT\nDefault output format when \\fB\\-\\-format\\fR is not given, "
      "for every command that prints (ignored by commands that do not offer it).\n"
      ".TP\n.B MTRACK_PAGER\nThe pager for output longer than the screen on a terminal (else "
      "\\fBPAGER\\fR, else \\fIless -FRX\\fR; empty or \\fIcat\\fR: none). Never used when "
      "the output is piped, or with \\fB\\-\\-no\\-pager\\fR.\n"
      ".TP\n.B NO_COLOR\nWhen set and not empty, no colour unless \\fB\\-\\-color\\fR asks.\n"
      ".TP\n.B XDG_CONFIG_HOME\nWhere the configuration file is (default \\fI~/.config\\fR).\n"
      ".TP\n.B XDG_DATA_HOME\nWhere the default database is (default \\fI~/.local/share\\fR).\n"
      ".SH FILES\n"
      ".TP\n.I ~/.config/mtrack/config.yaml\nDefaults for the database, format and colour:\n"
      ".nf\ndb: ~/deals/mtrack.db\nformat: table\ncolor: auto\n.fi\n"
      "A flag wins over the environment, which wins over this file. \\fBmtrack config\\fR shows\n"
      "each effective setting and where it comes from.\n"
      ".TP\n.I ~/.local/share/mtrack/mtrack.db\nThe default database.\n"
      ".SH EXIT STATUS\n"
      ".TP\n0\nSuccess.\n"
      ".TP\n1\nFindings or differences: \\fBcheck\\fR problems, \\fBcheck --stale\\fR, "
      "\\fBdiff --exit-code\\fR.\n"
      ".TP\n2\nA usage error: an unknown flag or a bad value.\n"
      ".TP\n3\nA failure: bad input, a missing record or database, an I/O error (a full disk: "
      "every write to standard output is checked), a refused write.\n"
      ".TP\n130\nInterrupted.\n"
      ".PP\nA reader that goes away (\\fImtrack list | head\\fR) ends mtrack by SIGPIPE, "
      "quietly, as it ends \\fBcat\\fR; the shell reports 141.\n";
  return out;
}

void setup_completion(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("completion", "Print a shell completion script (bash, zsh, fish)");
  auto shell = std::make_shared<std::string>();
  sub->add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember(k_shells));
  sub->footer(
      "Examples (installing for one user; the Debian package installs all three):\n"
      "  mtrack completion bash > ~/.local/share/bash-completion/completions/mtrack\n"
      "  mtrack completion zsh > ~/.zfunc/_mtrack    # with fpath+=(~/.zfunc) in ~/.zshrc\n"
      "  mtrack completion fish > ~/.config/fish/completions/mtrack.fish\n"
      "  source <(mtrack completion bash)            # this shell only");
  sub->callback([&ctx, &app, shell] {
    ctx.runner = [&ctx, &app, shell] {
      const CliModel m = describe(app);
      if (*shell == "bash") *ctx.out << bash_completion(m);
      if (*shell == "zsh") *ctx.out << zsh_completion(m);
      if (*shell == "fish") *ctx.out << fish_completion(m);
      return 0;
    };
  });
}

void setup_help_man(CLI::App& app, Context& ctx) {
  // Hidden (no group): the build runs it to write mtrack.1.
  auto* sub = app.add_subcommand("help-man", "Print the man page (roff)")->group("");
  sub->callback([&ctx, &app] {
    ctx.runner = [&ctx, &app] {
      *ctx.out << man_page(describe(app));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
